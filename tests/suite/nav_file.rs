//! A curated navigation: `SUMMARY.md` gives the sidebar's order, labels,
//! groups, nesting and external entries; broken entries are errors at their
//! line; unlisted pages follow the tree, warn or hide; `mv` rewrites its
//! links; without the file nothing changes.

use std::collections::BTreeSet;
use std::process::Command;

use handbook::Update;
use handbook::edit::mv::{self, MoveOptions};
use handbook::error::Code;
use handbook::serve::watch::Change;

use crate::common::{Fixture, attr, attrs, count, files_under, text, texts};
use crate::serve_incremental::{Handbook, assert_same, clean};

fn titled(title: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\n{extra}---\nBody of {title}.\n")
}

/// Pages of a small handbook, without a navigation file.
fn pages() -> Fixture {
    Fixture::new()
        .page("index.md", &titled("Home", ""))
        .page("people/index.md", &titled("People", ""))
        .page(
            "people/hiring.md",
            "---\ntitle: Hiring\nnavTitle: Recruiting\nnavOrder: 9\n---\n## Offers\n\nWe offer.\n",
        )
        .page("people/pto.md", &titled("Time off", ""))
        .page("contact.md", &titled("Contact", ""))
        .page("zzz.md", &titled("Zed", ""))
}

const SUMMARY: &str = "# Summary

[Welcome](index.md)

# People

- [Our people](people/index.md)
  - [Hiring](people/hiring.md)
  - [Offers](people/hiring.md#offers)
- [Benefits]()

# Elsewhere

* [Status](https://status.example.com/)

---

[Contact](contact.md)
";

#[test]
fn the_files_order_labels_groups_and_nesting_make_the_whole_tree() {
    let built = pages().page("SUMMARY.md", SUMMARY).ok();
    let nav = built.nav();
    // The groups are the file's headings, in its order; no "Other".
    assert_eq!(
        texts(&nav, "ul.nav-tree > li.nav-group > .nav-group-title"),
        ["People", "Elsewhere"]
    );
    // Home first as always, with the file's label; the suffix entry; the
    // unlisted page last, as the folders place it.
    assert_eq!(
        texts(&nav, "ul.nav-tree > li.nav-item > a"),
        ["Welcome", "Contact", "Zed"]
    );
    assert_eq!(
        attrs(&nav, "ul.nav-tree > li.nav-item", "data-url"),
        ["/", "/contact/", "/zzz/"]
    );
    let people = "ul.nav-tree > li.nav-group > ul > li[data-url='/people/']";
    assert_eq!(
        text(&nav, &format!("{people} > .nav-branch > a")),
        "Our people"
    );
    // The file's label wins over navTitle, its order over navOrder; a
    // heading entry is a link to the heading, never marked as the page;
    // the section's unlisted page follows its listed ones.
    assert_eq!(
        texts(&nav, &format!("{people} > details > ul > li > a")),
        ["Hiring", "Offers", "Time off"]
    );
    assert_eq!(
        attrs(&nav, &format!("{people} > details > ul > li"), "data-url"),
        ["/people/hiring/", "/people/pto/"]
    );
    assert_eq!(
        attr(&nav, &format!("{people} a[href$='#offers']"), "href"),
        "/people/hiring/#offers"
    );
    // A label without a page, as mdBook's draft chapter.
    assert_eq!(
        text(&nav, "li.nav-group li.nav-item > span.nav-folder"),
        "Benefits"
    );
    // An external entry is a plain link, said to be another site's.
    let status = "li.nav-group a.nav-external";
    assert_eq!(attr(&nav, status, "href"), "https://status.example.com/");
    assert_eq!(
        text(&nav, &format!("{status} .visually-hidden")),
        "(another site)"
    );
    assert_eq!(
        count(&nav, "li.nav-item:not([data-url]) > a.nav-external"),
        1
    );
    // SUMMARY.md is no page.
    assert!(!built.exists("SUMMARY/index.html"));
    assert!(!built.exists("SUMMARY.md"));
}

#[test]
fn each_page_carries_its_part_of_the_files_tree() {
    let built = pages().page("SUMMARY.md", SUMMARY).ok();
    let hiring = built.page("people/hiring/");
    let local = "#site-nav";
    assert_eq!(
        text(&hiring, &format!("{local} a[aria-current=page]")),
        "Hiring"
    );
    assert_eq!(
        texts(&hiring, &format!("{local} .nav-group-title")),
        ["People"]
    );
    assert_eq!(
        text(
            &hiring,
            &format!("{local} li[data-url='/people/'] > .nav-branch > a")
        ),
        "Our people"
    );
    assert_eq!(
        texts(
            &hiring,
            &format!("{local} li[data-url='/people/'] > details > ul > li > a")
        ),
        ["Hiring", "Offers", "Time off"]
    );
    // Breadcrumbs follow the folders and the pages' own labels.
    assert_eq!(
        texts(&hiring, ".breadcrumbs li"),
        ["Home", "People", "Recruiting"]
    );
    // Previous and next follow the sidebar: the pages beside it there.
    assert_eq!(text(&hiring, ".prev-next a.next"), "Next Time off");
    let people = built.page("people/");
    assert_eq!(text(&people, ".prev-next a.next"), "Next Contact");
    // llms.txt lists the pages as the sidebar does, with its labels.
    let llms = built.read("llms.txt");
    let hiring_at = llms.find("[Hiring]").expect("Hiring in llms.txt");
    assert!(llms.find("[Time off]").unwrap() > hiring_at, "{llms}");
}

/// `handbook check --format json` on `fixture`: its exit code and diagnostics.
fn check_json(fixture: &Fixture) -> (Option<i32>, Vec<serde_json::Value>) {
    let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(["check", "--format", "json"])
        .arg(fixture.root())
        .output()
        .expect("run handbook check");
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"));
    (
        out.status.code(),
        json["diagnostics"].as_array().cloned().unwrap_or_default(),
    )
}

fn place(d: &serde_json::Value) -> (String, String, u64, u64) {
    (
        d["code"].as_str().unwrap_or("").to_string(),
        d["file"]
            .as_str()
            .unwrap_or("")
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string(),
        d["position"]["line"].as_u64().unwrap_or(0),
        d["position"]["column"].as_u64().unwrap_or(0),
    )
}

#[test]
fn a_broken_entry_is_an_error_at_its_line_and_column() {
    let fixture = pages().page(
        "SUMMARY.md",
        "# Summary\n\n- [People](people/index.md)\n  - [Gone](people/gone.md)\n  - [Hiring](hiring.md)\n  - [Offers](people/hiring.md#nope)\n",
    );
    let (status, diagnostics) = check_json(&fixture);
    assert_eq!(status, Some(1));
    let found: Vec<_> = diagnostics.iter().map(place).collect();
    let nav = |line, column| {
        (
            "nav/missing".to_string(),
            "SUMMARY.md".to_string(),
            line,
            column,
        )
    };
    assert_eq!(found, [nav(4, 5), nav(5, 5), nav(6, 5)], "{diagnostics:#?}");
    // The hint names the page the path probably means.
    let hint = diagnostics[1]["hint"].as_str().unwrap_or("");
    assert!(hint.contains("`people/hiring.md`"), "{hint}");
    let message = diagnostics[2]["message"].as_str().unwrap_or("");
    assert!(message.contains("#nope"), "{message}");
}

#[test]
fn what_is_not_an_entry_is_an_error_at_its_line() {
    let fixture = pages().page(
        "SUMMARY.md",
        "---\nunlisted: maybe\n---\n# Summary\n\n- People\n- [Contact](contact.md)\n",
    );
    let errors = fixture.errors();
    let found: Vec<_> = errors
        .iter()
        .map(|d| (d.code, d.position.map(|p| (p.line, p.column))))
        .collect();
    assert_eq!(
        found,
        [
            (Code::NavInvalid, Some((2, 1))),
            (Code::NavInvalid, Some((6, 1)))
        ]
    );
}

#[test]
fn a_page_listed_twice_is_reported_and_can_be_allowed_as_a_link() {
    let summary =
        "- [Contact](contact.md)\n- [People](people/index.md)\n  - [Reach us](contact.md)\n";
    let fixture = pages().page("SUMMARY.md", summary);
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].code, Code::NavDuplicateEntry);
    assert_eq!(errors[0].position.map(|p| (p.line, p.column)), Some((3, 5)));
    assert!(
        errors[0].message.contains("line 1"),
        "{}",
        errors[0].message
    );
    // Allowed, the later entry is a plain link to the page: its place stays the first.
    fixture.write(
        "handbook.toml",
        "title = \"T\"\n[diagnostics]\n\"nav/duplicate-entry\" = \"ignore\"\n",
    );
    let nav = fixture.ok().nav();
    assert_eq!(count(&nav, "a[href='/contact/']"), 2);
    assert_eq!(count(&nav, "li[data-url='/contact/']"), 1);
    assert_eq!(
        text(
            &nav,
            "li[data-url='/people/'] li.nav-item:not([data-url]) > a"
        ),
        "Reach us"
    );
}

#[test]
fn unlisted_pages_follow_the_tree_or_are_reported_or_hidden() {
    let listed = "- [People](people/index.md)\n  - [Hiring](people/hiring.md)\n";
    // tree (the default, said or not): after the listed ones, as the folders place them.
    for front in ["", "---\nunlisted: tree\n---\n"] {
        let built = pages().page("SUMMARY.md", &format!("{front}{listed}")).ok();
        let nav = built.nav();
        assert_eq!(
            attrs(&nav, "ul.nav-tree > li.nav-item", "data-url"),
            ["/", "/people/", "/contact/", "/zzz/"]
        );
        assert_eq!(
            attrs(&nav, "li[data-url='/people/'] li", "data-url"),
            ["/people/hiring/", "/people/pto/"]
        );
        assert!(built.warnings().is_empty(), "{:?}", built.warnings());
    }
    // warn: published, out of the sidebar, each reported at its file.
    let fixture = pages().page("SUMMARY.md", &format!("---\nunlisted: warn\n---\n{listed}"));
    let built = fixture.ok();
    let nav = built.nav();
    assert_eq!(
        attrs(&nav, "li.nav-item", "data-url"),
        ["/", "/people/", "/people/hiring/"]
    );
    assert!(built.exists("zzz/index.html") && built.exists("people/pto/index.html"));
    let (_, diagnostics) = check_json(&fixture);
    let unlisted: BTreeSet<String> = diagnostics
        .iter()
        .map(place)
        .filter(|d| d.0 == "nav/unlisted")
        .map(|d| d.1)
        .collect();
    assert_eq!(
        unlisted,
        BTreeSet::from(["contact.md".into(), "pto.md".into(), "zzz.md".into()])
    );
    // A page left out on purpose (`nav: false`) is not reported as unlisted.
    fixture.write("content/zzz.md", &titled("Zed", "nav: false\n"));
    let (_, diagnostics) = check_json(&fixture);
    assert!(
        !diagnostics
            .iter()
            .map(place)
            .any(|d| d.0 == "nav/unlisted" && d.1 == "zzz.md"),
        "{diagnostics:#?}"
    );
    // hide: published, out of the sidebar, silently.
    let built = pages()
        .page("SUMMARY.md", &format!("---\nunlisted: hide\n---\n{listed}"))
        .ok();
    assert_eq!(
        attrs(&built.nav(), "li.nav-item", "data-url"),
        ["/", "/people/", "/people/hiring/"]
    );
    assert!(built.exists("zzz/index.html"));
    assert!(built.warnings().is_empty(), "{:?}", built.warnings());
    // An unlisted page shows the home page in its own part of the sidebar.
    let zzz = built.page("zzz/");
    assert_eq!(attrs(&zzz, "#site-nav li", "data-url"), ["/"]);
}

#[test]
fn without_the_file_nothing_changes() {
    let fixture = pages();
    fixture.ok();
    let before = files_under(&fixture.out());
    fixture.write("content/SUMMARY.md", SUMMARY);
    fixture.ok();
    assert_ne!(files_under(&fixture.out()), before);
    fixture.remove("content/SUMMARY.md");
    fixture.ok();
    assert_eq!(files_under(&fixture.out()), before);
}

#[test]
fn nav_file_names_another_file_and_summary_md_is_then_a_page() {
    let fixture = pages()
        .file(
            "handbook.toml",
            "title = \"T\"\n\n[nav]\nfile = \"toc.md\"\n",
        )
        .page("toc.md", "- [Contact](contact.md)\n")
        .page("SUMMARY.md", &titled("Summary page", ""));
    let built = fixture.ok();
    assert_eq!(
        texts(&built.nav(), "ul.nav-tree > li.nav-item > a")[..2],
        ["Home", "Contact"]
    );
    assert!(built.exists("SUMMARY/index.html"));
    assert!(!built.exists("toc/index.html"));
    // A file named there must be there.
    fixture.remove("content/toc.md");
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, Code::ConfigInvalid);
    assert_eq!(errors[0].position.map(|p| (p.line, p.column)), Some((4, 1)));
    assert!(
        errors[0].message.contains("toc.md"),
        "{}",
        errors[0].message
    );
}

#[test]
fn drafts_and_pages_for_another_audience_leave_their_entries_out() {
    let built = pages()
        .page("later.md", &titled("Later", "draft: true\n"))
        .page(
            "SUMMARY.md",
            "- [Later](later.md)\n- [Contact](contact.md)\n",
        )
        .ok();
    assert_eq!(
        texts(&built.nav(), "ul.nav-tree > li.nav-item > a")[..2],
        ["Home", "Contact"]
    );
}

#[test]
fn mv_rewrites_the_navigation_files_links() {
    let fixture = pages().page("SUMMARY.md", SUMMARY);
    let plan = mv::plan(&MoveOptions {
        root: Some(fixture.root()),
        from: "people/hiring.md".into(),
        to: "team/recruiting.md".into(),
        cwd: fixture.root().join("content"),
        base_url: None,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    plan.apply().unwrap_or_else(|e| panic!("{e}"));
    let summary = std::fs::read_to_string(fixture.path("content/SUMMARY.md")).unwrap();
    assert!(
        summary.contains("  - [Hiring](team/recruiting.md)\n"),
        "{summary}"
    );
    assert!(
        summary.contains("  - [Offers](team/recruiting.md#offers)\n"),
        "{summary}"
    );
    assert_eq!(
        summary.replace("team/recruiting.md", "people/hiring.md"),
        SUMMARY,
        "nothing else changes"
    );
    let nav = fixture.ok().nav();
    assert_eq!(
        attrs(
            &nav,
            "li[data-url='/people/'] > details > ul > li",
            "data-url"
        ),
        ["/team/recruiting/", "/people/pto/"]
    );
}

#[test]
fn under_serve_an_edit_to_the_file_builds_again() {
    let h = Handbook::empty();
    h.write("handbook.toml", "title = \"T\"\n");
    h.write("content/index.md", &titled("Home", ""));
    h.write("content/a.md", &titled("A", ""));
    h.write("content/b.md", &titled("B", "- [ ] to do\n"));
    h.write("content/SUMMARY.md", "- [Bee](b.md)\n- [Ay](a.md)\n");
    let mut build = clean(&h);
    h.write("content/SUMMARY.md", "- [Ay](a.md)\n- [Bee](b.md)\n");
    let changes = BTreeSet::from([Change::Content(h.path("content/SUMMARY.md"))]);
    assert_eq!(build.update(&changes, &h.options()).unwrap(), Update::Full);
    assert_same(&build, &h, "reordered SUMMARY.md");
    // A page edit keeps the file's labels and order, as a clean build does.
    h.write(
        "content/b.md",
        "---\ntitle: B2\nnavTitle: Bx\n---\n- [x] done\n",
    );
    let changes = BTreeSet::from([Change::Content(h.path("content/b.md"))]);
    build.update(&changes, &h.options()).unwrap();
    assert_same(&build, &h, "a listed page's title and progress edited");
}
