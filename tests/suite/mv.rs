//! `handbook mv`: a page, a file or a folder moves, every link to it is
//! rewritten in its own style, the old URL redirects, `check` stays clean
//! and the built site is the same but for the moved URLs. Refusals and
//! `--dry-run` change no byte.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use handbook::edit::mv::{self, MoveError, MoveOptions};
use handbook::{BuildOptions, Diagnostic, Error};

use crate::common::{Built, Fixture, copy_tree, files_under, sel, show};

/// A handbook whose pages link to `people/hiring.md` in every way a link
/// can be written, from the top, from beside it and from a subfolder.
fn handbook() -> Fixture {
    Fixture::bare()
        .file(
            "handbook.toml",
            "title = \"T\"\nbase_url = \"https://example.com/\"\n",
        )
        .page(
            "index.md",
            "---\ntitle: Home\n---\n\
             # Home\n\n\
             - [md](people/hiring.md#offers)\n\
             - [bare](people/hiring)\n\
             - [absolute](/people/hiring/)\n\
             - [absolute, no slash](/people/hiring)\n\
             - [full](https://example.com/people/hiring/#offers)\n\
             - [html](/people/hiring.html)\n\
             - [reference][hiring] and [again][hiring]\n\
             - <a href=\"people/hiring.md#offers\">raw</a>\n\
             - [other](people/pto.md)\n\
             - [people](people/index.md) and [the folder](people/)\n\
             \n\
             [hiring]: ./people/hiring.md \"Hiring\"\n",
        )
        .page(
            "people/index.md",
            "---\ntitle: People\n---\n\
             Read [Hiring](hiring.md), [hiring](hiring) and [its offers](./hiring/#offers).\n",
        )
        .page(
            "people/hiring.md",
            "---\ntitle: Hiring\n# how we hire\nnavOrder: 1\n---\n\
             Time off is in [PTO](pto.md); the [top](../index.md).\n\n\
             ## Offers\n\n\
             ![Logo](logo.png) [here](#offers) [self](hiring.md#offers)\n",
        )
        .page(
            "people/pto.md",
            "---\ntitle: PTO\nnavOrder: 2\n---\nSee [hiring](hiring.md#offers).\n",
        )
        .page("people/logo.png", "not really a png")
        .page(
            "people/draft.md",
            "---\ntitle: Draft\ndraft: true\n---\nSoon: [hiring](hiring.md).\n",
        )
        .page(
            "guides/deep/walkthrough.md",
            "---\ntitle: Walkthrough\n---\n\
             > Start with [hiring](../../people/hiring.md#offers) ![logo](../../people/logo.png)\n\n\
             <img src=\"../../people/logo.png\" alt=\"logo\">\n",
        )
}

/// Runs `handbook mv ARGS` from the handbook's root.
fn run_mv(f: &Fixture, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("mv")
        .args(args)
        .current_dir(f.root())
        .output()
        .expect("run handbook mv")
}

/// Runs `handbook mv` and expects it to succeed.
fn moved(f: &Fixture, args: &[&str]) -> String {
    let out = run_mv(f, args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "mv {args:?} failed:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// A page's text.
fn read(f: &Fixture, rel: &str) -> String {
    std::fs::read_to_string(f.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// What `check` finds.
fn checked(f: &Fixture) -> Vec<Diagnostic> {
    let options = BuildOptions {
        root: f.root(),
        ..BuildOptions::default()
    };
    match handbook::check(&options) {
        Ok(site) => site.warnings,
        Err(Error::Handbook(d)) => d,
        Err(e) => panic!("check failed: {e}"),
    }
}

/// A built site, read at once (the next build replaces it): every file,
/// and the pages' HTML (`.html` files but the navigation fragment).
struct Snapshot {
    files: std::collections::BTreeSet<String>,
    pages: BTreeMap<String, String>,
}

fn pages(built: &Built) -> Snapshot {
    let all = files_under(&built.out);
    Snapshot {
        files: all.keys().cloned().collect(),
        pages: all
            .into_iter()
            .filter(|(path, _)| path.ends_with(".html") && !path.starts_with('_'))
            .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
            .collect(),
    }
}

/// Where the output file `path` is after the move: under the new URL when
/// it is under a moved one (the first of `moves` that it is under).
fn moved_file(path: &str, moves: &[(&str, &str)]) -> String {
    let url = format!("/{path}");
    moves
        .iter()
        .find_map(|(old, new)| Some(format!("{new}{}", url.strip_prefix(old)?)))
        .map_or(path.to_string(), |moved| moved[1..].to_string())
}

/// `text` with each old URL (site path, as hrefs write it) made the new.
fn mapped(text: &str, moves: &[(&str, &str)]) -> String {
    let mut text = text.to_string();
    for (old, new) in moves {
        text = text
            .replace(&format!("\"{old}"), &format!("\"{new}"))
            .replace(&format!(">{old}<"), &format!(">{new}<"));
    }
    text
}

/// `html` with the items of its "Related" and "Linked from" lists sorted:
/// those list pages in the order of their files, which a move changes.
fn unordered_lists(html: &str) -> String {
    let mut out = html.to_string();
    for marker in ["id=\"related-title\"", "id=\"backlinks-title\""] {
        let Some(at) = out.find(marker) else {
            continue;
        };
        let (Some(open), Some(close)) = (out[at..].find("<ul>"), out[at..].find("</ul>")) else {
            continue;
        };
        let (start, end) = (at + open + "<ul>".len(), at + close);
        let mut items: Vec<String> = out[start..end]
            .split_inclusive("</li>")
            .map(String::from)
            .collect();
        items.sort();
        out.replace_range(start..end, &items.concat());
    }
    out
}

/// The output file of a page URL (`/a/b/` -> `a/b/index.html`).
fn output_file(url: &str) -> String {
    format!("{}index.html", &url[1..])
}

/// Checks that the site after the move is the site before it but for the
/// moved URLs: the same pages (each moved one at its new URL, a redirect
/// page at its old), the same HTML with the URLs mapped, the same words;
/// only the order of the "Related" and "Linked from" lists may change
/// (they follow the files' order). With `whole`, the whole page; else the
/// part a move cannot change (the page's own content and those lists: the
/// navigation changes when a page goes to a new folder).
fn assert_same_site(before: &Snapshot, after: &Built, moves: &[(&str, &str)], whole: bool) {
    let after = pages(after);
    let new_pages = &after.pages;
    let mut want: BTreeMap<String, String> = before
        .pages
        .iter()
        .map(|(path, html)| (moved_file(path, moves), mapped(html, moves)))
        .collect();
    // Every file is there, at its new place; besides, the redirects.
    let mut files: std::collections::BTreeSet<String> = before
        .files
        .iter()
        .map(|path| moved_file(path, moves))
        .collect();
    for (old, _) in moves.iter().filter(|(old, _)| old.ends_with('/')) {
        files.insert(output_file(old));
        files.insert("_redirects".to_string());
    }
    let (missing, extra): (Vec<_>, Vec<_>) = (
        files.difference(&after.files).collect(),
        after.files.difference(&files).collect(),
    );
    assert!(
        missing.is_empty() && extra.is_empty(),
        "the site's files differ: missing {missing:?}, extra {extra:?}"
    );
    // The redirects at the old URLs.
    for (old, new) in moves.iter().filter(|(old, _)| old.ends_with('/')) {
        let redirect = new_pages
            .get(&output_file(old))
            .unwrap_or_else(|| panic!("no redirect page at {old}"));
        assert!(
            redirect.contains(&format!("url={new}\"")),
            "{old} does not redirect to {new}: {redirect}"
        );
        want.insert(output_file(old), redirect.clone());
    }
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        new_pages.keys().collect::<Vec<_>>(),
        "the pages differ"
    );
    let part = |html: &str| -> String {
        let html = unordered_lists(html);
        if whole {
            return html;
        }
        let doc = scraper::Html::parse_document(&html);
        doc.select(&sel("article .content, .backlinks, .related"))
            .map(|e| e.html())
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (path, html) in &want {
        let got = &new_pages[path];
        assert_eq!(
            part(html),
            part(got),
            "{path} differs (left: before, URLs mapped; right: after)"
        );
    }
}

/// Every file of the handbook, with its bytes.
fn snapshot(f: &Fixture) -> BTreeMap<String, Vec<u8>> {
    files_under(&f.root())
}

/// Asserts `check` finds no problem at all.
fn assert_clean(f: &Fixture) {
    let found = checked(f);
    assert!(found.is_empty(), "check found:\n{}", show(&found));
}

#[test]
fn renaming_a_page_rewrites_links_of_every_style_and_keeps_the_site() {
    let f = handbook();
    assert_clean(&f);
    let before = pages(&f.ok());
    let said = moved(
        &f,
        &["content/people/hiring.md", "content/people/recruiting.md"],
    );
    assert!(!f.path("content/people/hiring.md").exists());
    assert_eq!(
        read(&f, "content/index.md"),
        "---\ntitle: Home\n---\n\
         # Home\n\n\
         - [md](people/recruiting.md#offers)\n\
         - [bare](people/recruiting)\n\
         - [absolute](/people/recruiting/)\n\
         - [absolute, no slash](/people/recruiting)\n\
         - [full](https://example.com/people/recruiting/#offers)\n\
         - [html](/people/recruiting.html)\n\
         - [reference][hiring] and [again][hiring]\n\
         - <a href=\"people/recruiting.md#offers\">raw</a>\n\
         - [other](people/pto.md)\n\
         - [people](people/index.md) and [the folder](people/)\n\
         \n\
         [hiring]: ./people/recruiting.md \"Hiring\"\n"
    );
    assert_eq!(
        read(&f, "content/people/index.md"),
        "---\ntitle: People\n---\n\
         Read [Hiring](recruiting.md), [hiring](recruiting) and [its offers](./recruiting/#offers).\n"
    );
    assert_eq!(
        read(&f, "content/people/pto.md"),
        "---\ntitle: PTO\nnavOrder: 2\n---\nSee [hiring](recruiting.md#offers).\n"
    );
    // Drafts are not built, but their links are kept working for the day they are.
    assert_eq!(
        read(&f, "content/people/draft.md"),
        "---\ntitle: Draft\ndraft: true\n---\nSoon: [hiring](recruiting.md).\n"
    );
    assert_eq!(
        read(&f, "content/guides/deep/walkthrough.md"),
        "---\ntitle: Walkthrough\n---\n\
         > Start with [hiring](../../people/recruiting.md#offers) ![logo](../../people/logo.png)\n\n\
         <img src=\"../../people/logo.png\" alt=\"logo\">\n"
    );
    // The page itself: its old URL as an alias (its comment kept), its
    // self-link renamed, its other relative links as they were.
    assert_eq!(
        read(&f, "content/people/recruiting.md"),
        "---\ntitle: Hiring\n# how we hire\nnavOrder: 1\naliases: [/people/hiring/]\n---\n\
         Time off is in [PTO](pto.md); the [top](../index.md).\n\n\
         ## Offers\n\n\
         ![Logo](logo.png) [here](#offers) [self](recruiting.md#offers)\n"
    );
    for file in [
        "content/index.md",
        "content/people/index.md",
        "content/people/pto.md",
        "content/guides/deep/walkthrough.md",
        "content/people/recruiting.md",
    ] {
        assert!(
            said.contains(&format!("changed {file}\n")),
            "{file} not listed: {said}"
        );
    }
    assert!(said.contains("moved content/people/hiring.md -> content/people/recruiting.md"));
    assert_clean(&f);
    let after = f.ok();
    assert_same_site(
        &before,
        &after,
        &[("/people/hiring/", "/people/recruiting/")],
        true,
    );
    assert!(
        after
            .read("_redirects")
            .contains("/people/hiring/ /people/recruiting/ 301\n")
    );
}

#[test]
fn moving_a_folder_moves_its_files_and_leaves_links_inside_it_alone() {
    let f = handbook();
    let before = pages(&f.ok());
    moved(&f, &["people", "team"]);
    assert!(!f.path("content/people").exists());
    assert!(f.path("content/team/logo.png").is_file());
    // Links between pages that moved together still work as written.
    assert_eq!(
        read(&f, "content/team/pto.md"),
        "---\ntitle: PTO\nnavOrder: 2\naliases: [/people/pto/]\n---\nSee [hiring](hiring.md#offers).\n"
    );
    // From outside: to the pages and to the image that moved with them.
    assert_eq!(
        read(&f, "content/guides/deep/walkthrough.md"),
        "---\ntitle: Walkthrough\n---\n\
         > Start with [hiring](../../team/hiring.md#offers) ![logo](../../team/logo.png)\n\n\
         <img src=\"../../team/logo.png\" alt=\"logo\">\n"
    );
    let home = read(&f, "content/index.md");
    assert!(home.contains("- [other](team/pto.md)\n"), "{home}");
    assert!(
        home.contains("- [people](team/index.md) and [the folder](team/)\n"),
        "{home}"
    );
    assert!(
        home.contains("[hiring]: ./team/hiring.md \"Hiring\"\n"),
        "{home}"
    );
    assert_clean(&f);
    let after = f.ok();
    assert_same_site(
        &before,
        &after,
        &[
            ("/people/hiring/", "/team/hiring/"),
            ("/people/pto/", "/team/pto/"),
            ("/people/logo.png", "/team/logo.png"),
            ("/people/", "/team/"),
        ],
        true,
    );
}

#[test]
fn moving_a_page_into_a_new_folder_rewrites_its_own_relative_links() {
    let f = handbook();
    let before = pages(&f.ok());
    // From the content folder this time.
    moved(&f, &["people/hiring.md", "handbook/hiring/process.md"]);
    let page = read(&f, "content/handbook/hiring/process.md");
    assert!(
        page.contains("Time off is in [PTO](../../people/pto.md); the [top](../../index.md).\n"),
        "{page}"
    );
    assert!(
        page.contains("![Logo](../../people/logo.png) [here](#offers) [self](process.md#offers)\n"),
        "{page}"
    );
    assert!(read(&f, "content/index.md").contains("[bare](handbook/hiring/process)"));
    assert_clean(&f);
    let after = f.ok();
    assert_same_site(
        &before,
        &after,
        &[("/people/hiring/", "/handbook/hiring/process/")],
        false,
    );
}

#[test]
fn moving_into_an_existing_folder_keeps_the_name() {
    let f = handbook();
    moved(&f, &["content/people/pto.md", "content/guides"]);
    assert!(f.path("content/guides/pto.md").is_file());
    assert!(read(&f, "content/index.md").contains("[other](guides/pto.md)"));
    assert_clean(&f);
}

#[test]
fn dry_run_prints_a_diff_and_changes_nothing() {
    let f = handbook();
    let files = snapshot(&f);
    let out = run_mv(
        &f,
        &["people/hiring.md", "people/recruiting.md", "--dry-run"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(snapshot(&f), files, "--dry-run changed files");
    let diff = String::from_utf8_lossy(&out.stdout);
    for line in [
        "--- content/index.md\n+++ content/index.md\n",
        "\n-- [md](people/hiring.md#offers)\n",
        "\n+- [md](people/recruiting.md#offers)\n",
        "--- content/people/hiring.md\n+++ content/people/recruiting.md\n",
        "\n+aliases: [/people/hiring/]\n",
        "rename content/people/hiring.md -> content/people/recruiting.md",
    ] {
        assert!(diff.contains(line), "no {line:?} in:\n{diff}");
    }
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("nothing was changed"), "{said}");
}

#[test]
fn refusals_name_the_path_and_change_nothing() {
    let f = handbook().file("notes.md", "# Outside the content folder\n");
    let files = snapshot(&f);
    let cases: [(&[&str], &str); 7] = [
        (
            &["people/hiring.md", "people/pto.md"],
            "content/people/pto.md exists already",
        ),
        (
            &["people/nope.md", "people/x.md"],
            "people/nope.md: no such file or folder",
        ),
        (
            &["people/hiring.md", "../hiring.md"],
            "hiring.md: not inside the content folder",
        ),
        (
            &["notes.md", "content/notes.md"],
            "notes.md: not inside the content folder",
        ),
        (
            &["people/hiring.md", "people/hiring.txt"],
            "a page's file name ends in .md",
        ),
        (
            &["people", "people/old"],
            "a folder cannot move into itself",
        ),
        (
            &["people/hiring.md", "people/pto.md/hiring.md"],
            "people/pto.md is a file, where this needs a folder",
        ),
    ];
    for (args, want) in cases {
        let out = run_mv(&f, args);
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {said}");
        assert!(said.contains(want), "{args:?}: no {want:?} in:\n{said}");
        assert!(said.contains("hint: "), "{args:?}: no hint in:\n{said}");
        assert!(said.contains("nothing was changed"), "{args:?}: {said}");
        assert_eq!(snapshot(&f), files, "{args:?} changed files");
    }
}

#[test]
fn a_page_whose_url_its_frontmatter_sets_keeps_it_and_its_file_moves() {
    let f = Fixture::new()
        .page(
            "index.md",
            "# Home\n\n[PTO](/time-off/) and [its file](policies/pto.md).\n",
        )
        .page(
            "policies/pto.md",
            "---\ntitle: PTO\npermalink: /time-off/\n---\n[Home](../index.md)\n",
        );
    let before = pages(&f.ok());
    let out = run_mv(&f, &["policies/pto.md", "people/time-off.md"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("keeps its URL /time-off/"), "{said}");
    assert_eq!(
        read(&f, "content/index.md"),
        "# Home\n\n[PTO](/time-off/) and [its file](people/time-off.md).\n"
    );
    // No alias: the URL did not change.
    assert_eq!(
        read(&f, "content/people/time-off.md"),
        "---\ntitle: PTO\npermalink: /time-off/\n---\n[Home](../index.md)\n"
    );
    assert_clean(&f);
    assert_same_site(&before, &f.ok(), &[], false);
}

#[test]
fn the_old_url_goes_into_toml_frontmatter_or_new_frontmatter() {
    let f = Fixture::new()
        .page("index.md", "# Home\n\n[a](a.md) [b](b.md)\n")
        .page(
            "a.md",
            "+++\ntitle = \"A\"\naliases = [\"/first/\"]\n\n[extra]\nteam = \"x\"\n+++\nA.\n",
        )
        .page("b.md", "# B\r\n\r\nNo frontmatter, CRLF.\r\n");
    moved(&f, &["a.md", "a2.md"]);
    moved(&f, &["b.md", "b2.md"]);
    assert_eq!(
        read(&f, "content/a2.md"),
        "+++\ntitle = \"A\"\naliases = [\"/first/\", \"/a/\"]\n\n[extra]\nteam = \"x\"\n+++\nA.\n"
    );
    assert_eq!(
        read(&f, "content/b2.md"),
        "---\r\naliases: [/b/]\r\n---\r\n# B\r\n\r\nNo frontmatter, CRLF.\r\n"
    );
    assert_clean(&f);
    let built = f.ok();
    for old in ["a/index.html", "first/index.html", "b/index.html"] {
        assert!(built.exists(old), "no redirect at {old}");
    }
}

#[test]
fn a_page_that_leaves_the_folder_that_gave_its_kind_is_told_so() {
    let f = Fixture::new()
        .page("index.md", "# Home\n\n[plan](plans/launch.md)\n")
        .page("plans/launch.md", "# Launch\n\n- [x] Ship\n");
    let out = run_mv(&f, &["plans/launch.md", "projects/launch.md"]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(
            "content/plans/launch.md will be of kind `page`, not `plan` (its folder or name gave it its kind): set `kind: plan`"
        ),
        "{said}"
    );
}

#[test]
fn a_reports_to_path_follows_the_role_it_names() {
    let f = Fixture::new()
        .page("index.md", "# Home\n")
        .page("jobs/cto.md", "---\ntitle: CTO\nkind: job\n---\nLeads.\n")
        .page(
            "jobs/engineer.md",
            "---\ntitle: Engineer\nkind: job\nreports_to: cto.md\n---\nBuilds.\n",
        );
    moved(&f, &["jobs/cto.md", "leadership/cto.md"]);
    assert!(read(&f, "content/jobs/engineer.md").contains("reports_to: ../leadership/cto.md\n"));
    assert_clean(&f);
}

#[test]
fn links_already_broken_are_left_as_written_and_said() {
    let f = Fixture::new()
        .file(
            "handbook.toml",
            "title = \"T\"\n[links]\nmissing_page = \"warning\"\n",
        )
        .page("index.md", "# Home\n\n[gone](gone.md) [a](a.md)\n")
        .page("a.md", "# A\n");
    let out = run_mv(&f, &["a.md", "b.md"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("1 link(s) to missing pages or files were broken before the move")
    );
    assert_eq!(
        read(&f, "content/index.md"),
        "# Home\n\n[gone](gone.md) [a](b.md)\n"
    );
}

#[test]
fn a_link_that_cannot_be_rewritten_is_listed_and_nothing_moves() {
    let f = Fixture::new()
        .page(
            "index.md",
            "# Home\n\nFine: [a](a.md).\n\n<a href=\"a.md?x=1&amp;y=2\">with a reference</a>\n",
        )
        .page("a.md", "# A\n");
    assert_clean(&f);
    let files = snapshot(&f);
    let out = run_mv(&f, &["a.md", "b.md"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("content/index.md:5:9: (a.md?x=1&y=2): its destination is written with escapes or character references"),
        "{said}"
    );
    assert!(said.contains("1 link(s) cannot be rewritten"), "{said}");
    assert_eq!(snapshot(&f), files);
}

#[test]
fn a_handbook_whose_files_cannot_be_read_is_refused() {
    let f = Fixture::new()
        .page("index.md", "# Home\n\n[a](a.md)\n")
        .page("a.md", "---\ntitle: [unclosed\n---\n# A\n");
    let files = snapshot(&f);
    let out = run_mv(&f, &["a.md", "b.md"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("a.md"), "{said}");
    assert!(said.contains("keep its links from being read"), "{said}");
    assert_eq!(snapshot(&f), files);
}

#[test]
fn the_library_refuses_a_url_another_page_has_as_an_alias() {
    let f = Fixture::new()
        .page("index.md", "# Home\n\n[a](a.md) [old](/old/)\n")
        .page("a.md", "# A\n")
        .page("b.md", "---\naliases: [/old/]\n---\n# B\n");
    let files = snapshot(&f);
    let plan = mv::plan(&MoveOptions {
        root: Some(f.root()),
        from: "a.md".into(),
        to: "old.md".into(),
        cwd: f.root(),
        base_url: None,
    });
    match plan {
        Err(e @ MoveError::Clash { .. }) => {
            assert!(e.to_string().contains("which is an alias of"), "{e}");
            assert!(e.hint().is_some_and(|h| h.contains("remove /old/")));
        }
        other => panic!("expected a clash, got {other:?}"),
    }
    assert_eq!(snapshot(&f), files);
}

#[test]
fn links_relative_to_the_url_are_rewritten_from_the_new_url() {
    let f = Fixture::new()
        .file(
            "handbook.toml",
            "title = \"T\"\n[links]\nrelative_to = \"url\"\n",
        )
        .page("index.md", "# Home\n\n[b](a/b/)\n")
        .page("a/b.md", "# B\n\n[c](../c/) [home](../../)\n")
        .page("a/c.md", "# C\n\n[b](../b/)\n");
    assert_clean(&f);
    moved(&f, &["a/c.md", "a/d.md"]);
    assert_eq!(
        read(&f, "content/a/b.md"),
        "# B\n\n[c](../d/) [home](../../)\n"
    );
    moved(&f, &["a/b.md", "x/y/b.md"]);
    assert_eq!(
        read(&f, "content/x/y/b.md"),
        "---\naliases: [/a/b/]\n---\n# B\n\n[c](../../../a/d/) [home](../../../)\n"
    );
    assert_eq!(read(&f, "content/index.md"), "# Home\n\n[b](x/y/b/)\n");
    assert_clean(&f);
}

#[test]
fn a_move_that_fails_midway_puts_the_rewritten_files_back() {
    let f = handbook();
    let plan = mv::plan(&MoveOptions {
        root: Some(f.root()),
        from: "people/hiring.md".into(),
        to: "team/hiring.md".into(),
        cwd: f.root(),
        base_url: None,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.changes.len() > 3);
    // Between the plan and its writing, a file appears where NEW needs a folder.
    f.write("content/team", "in the way");
    let files = snapshot(&f);
    match plan.apply() {
        Err(e @ MoveError::Incomplete { .. }) => {
            let said = e.to_string();
            assert!(said.contains("it was not moved"), "{said}");
            assert!(said.contains("were put back as they were"), "{said}");
        }
        other => panic!("expected the move to fail midway, got {other:?}"),
    }
    assert_eq!(snapshot(&f), files, "files were left changed");
}

/// The page of `dir` that the most other pages link to, by content path.
fn most_linked(dir: &Path) -> String {
    let site = handbook::Site::load(&BuildOptions {
        root: dir.to_path_buf(),
        ..BuildOptions::default()
    })
    .expect("the corpus loads");
    let index = site.link_index();
    let mut from: BTreeMap<usize, std::collections::BTreeSet<usize>> = BTreeMap::new();
    for (i, links) in site.links(&index).iter().enumerate() {
        for link in links {
            if let Some((page, _)) = link.target.page()
                && page != i
            {
                from.entry(page).or_default().insert(i);
            }
        }
    }
    let pages = &site.content.pages;
    let (page, _) = from
        .iter()
        .filter(|(p, _)| !pages[**p].path.is_index())
        .max_by_key(|(p, by)| (by.len(), std::cmp::Reverse(**p)))
        .expect("a page that pages link to");
    pages[*page].path.as_str().to_string()
}

/// `check`'s errors in `dir`, by code, and the pages it builds.
fn errors_by_code(dir: &Path) -> (BTreeMap<String, usize>, Option<usize>) {
    let options = BuildOptions {
        root: dir.to_path_buf(),
        base_url: Some("https://flowfuse.com/handbook/".into()),
        ..BuildOptions::default()
    };
    let (pages, found) = match handbook::check(&options) {
        Ok(site) => (Some(site.pages), site.warnings),
        Err(Error::Handbook(d)) => (None, d),
        Err(e) => panic!("check failed: {e}"),
    };
    let mut counts = BTreeMap::new();
    for d in found.iter().filter(|d| d.is_error()) {
        *counts.entry(d.code.as_str().to_string()).or_insert(0) += 1;
    }
    (counts, pages)
}

#[test]
fn moving_a_much_linked_page_of_flowfuse_2023_breaks_no_link() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/flowfuse-2023");
    if !corpus.is_dir() {
        println!(
            "skipped: {} is absent (the corpora live beside the repository in ../shared)",
            corpus.display()
        );
        return;
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = dir.path().join("handbook");
    copy_tree(&corpus, &root);
    let page = most_linked(&root);
    let (errors, _) = errors_by_code(&root);
    let plan = mv::plan(&MoveOptions {
        root: Some(root.clone()),
        from: page.clone().into(),
        to: format!("moved/{}", page.replace('/', "-")).into(),
        cwd: root.clone(),
        base_url: Some("https://flowfuse.com/handbook/".into()),
    })
    .unwrap_or_else(|e| panic!("mv {page}: {e}"));
    assert!(
        plan.changes.len() > 3,
        "{page}: only {} file(s) to change",
        plan.changes.len()
    );
    plan.apply().unwrap_or_else(|e| panic!("mv {page}: {e}"));
    let (after, _) = errors_by_code(&root);
    for (code, n) in &after {
        assert!(
            *n <= errors.get(code).copied().unwrap_or(0),
            "moving {page} made more {code} errors: before {errors:?}, after {after:?}"
        );
    }
    println!(
        "moved {page}: {} file(s) rewritten, errors as before: {errors:?}",
        plan.changes.len()
    );
}

#[test]
fn readme_shows_mv_as_the_command_line_takes_it() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let usage = "    handbook mv OLD NEW [--dry-run] [--root PATH] [--base-url URL]\n";
    assert!(readme.contains(usage), "README lacks {usage:?}");
    assert!(
        readme.contains("| `handbook mv` |"),
        "README's commands table lacks mv"
    );
    let help = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(["mv", "--help"])
        .output()
        .expect("run handbook mv --help");
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--dry-run",
        "--root <PATH>",
        "--base-url <URL>",
        "<OLD>",
        "<NEW>",
    ] {
        assert!(help.contains(flag), "mv --help lacks {flag}:\n{help}");
    }
}
