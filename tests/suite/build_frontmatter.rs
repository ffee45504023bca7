//! Frontmatter: YAML and TOML mean the same, the title chain, errors with
//! their line numbers, and drafts.

use crate::common;

use common::{Fixture, count, diagnostic_for, show, text, texts};

const YAML: &str = "---\n\
title: Product Manager\n\
navTitle: PM\n\
status: in-progress\n\
progress: \"3/4\"\n\
owner: Ada\n\
due: 2024-05-01\n\
tags: [people, roles]\n\
description: Owns the roadmap.\n\
---\n\
Body text.\n";

const TOML: &str = "+++\n\
title = \"Product Manager\"\n\
navTitle = \"PM\"\n\
status = \"in-progress\"\n\
progress = \"3/4\"\n\
owner = \"Ada\"\n\
due = 2024-05-01\n\
tags = [\"people\", \"roles\"]\n\
description = \"Owns the roadmap.\"\n\
+++\n\
Body text.\n";

#[test]
fn yaml_and_toml_frontmatter_give_the_same_page() {
    let yaml = Fixture::new().page("pm.md", YAML).ok();
    let toml = Fixture::new().page("pm.md", TOML).ok();
    for built in [&yaml, &toml] {
        let page = built.page("pm/");
        assert_eq!(text(&page, ".page-header h1"), "Product Manager");
        assert_eq!(text(&page, "title"), "Product Manager · T");
        assert_eq!(text(&page, ".badges .badge-status"), "In progress");
        assert_eq!(
            common::attr(&page, ".badges .badge-progress", "data-percent"),
            "75"
        );
        assert_eq!(
            texts(&page, ".page-meta dd"),
            ["Ada", "2024-05-01", "people roles"]
        );
        assert_eq!(text(&page, ".page-description"), "Owns the roadmap.");
        assert_eq!(text(&built.nav(), "li[data-url='/pm/'] > a"), "PM");
    }
    assert_eq!(yaml.page_source("pm/"), toml.page_source("pm/"));
    assert_eq!(yaml.read("_nav.html"), toml.read("_nav.html"));
}

#[test]
fn title_chain_prefers_title_then_nav_title_then_meta_title_then_h1_then_file_name() {
    let built = Fixture::new()
        .page(
            "t1.md",
            "---\ntitle: From Title\nnavTitle: Nav One\n---\n# From H1\n",
        )
        .page("t2.md", "---\nnavTitle: From Nav\n---\n# From H1\n")
        .page("t3.md", "---\nmeta:\n  title: From Meta\n---\n# From H1\n")
        .page("t4.md", "# From H1\n\nText.\n")
        .page("my-page_name.md", "Just text.\n")
        .page("team-stuff/index.md", "Just text.\n")
        .ok();
    let title = |url: &str| text(&built.page(url), "title");
    let h1 = |url: &str| text(&built.page(url), ".page-header h1");
    let nav = built.nav();
    let label = |url: &str| {
        let css = format!("li[data-url='{url}'] > a, li[data-url='{url}'] > details > summary > a");
        text(&nav, &css)
    };

    assert_eq!(title("t1/"), "From Title · T");
    assert_eq!(label("/t1/"), "Nav One");
    assert_eq!(h1("t1/"), "From H1");

    assert_eq!(title("t2/"), "From Nav · T");
    assert_eq!(label("/t2/"), "From Nav");

    // meta.title is also the whole browser title.
    assert_eq!(title("t3/"), "From Meta");
    assert_eq!(label("/t3/"), "From Meta");
    assert_eq!(h1("t3/"), "From H1");

    assert_eq!(title("t4/"), "From H1 · T");
    assert_eq!(label("/t4/"), "From H1");
    assert_eq!(h1("t4/"), "From H1");
    assert_eq!(count(&built.page("t4/"), ".content h1"), 0);

    assert_eq!(title("my-page_name/"), "My page name · T");
    assert_eq!(label("/my-page_name/"), "My page name");
    assert_eq!(h1("my-page_name/"), "My page name");

    assert_eq!(label("/team-stuff/"), "Team stuff");
    assert_eq!(h1("team-stuff/"), "Team stuff");
}

#[test]

fn empty_title_falls_back_along_the_chain() {
    let built = Fixture::new()
        .page("a.md", "---\ntitle: \"\"\n---\n# From H1\n")
        .page("b-page.md", "---\ntitle: \"\"\n---\nText.\n")
        .ok();
    assert_eq!(text(&built.nav(), "li[data-url='/a/'] > a"), "From H1");
    assert_eq!(text(&built.page("a/"), "head title"), "From H1 · T");
    assert_eq!(text(&built.nav(), "li[data-url='/b-page/'] > a"), "B page");
    assert_eq!(text(&built.page("b-page/"), ".page-header h1"), "B page");
}

#[test]
fn h1_after_other_text_is_not_the_title() {
    let built = Fixture::new()
        .page("late-title.md", "Intro first.\n\n# Later Heading\n")
        .ok();
    let page = built.page("late-title/");
    assert_eq!(text(&page, ".page-header h1"), "Late title");
    assert_eq!(texts(&page, ".content h1"), ["Later Heading#"]);
}

#[test]
fn yaml_frontmatter_error_names_file_and_line() {
    let fixture = Fixture::new().page(
        "a.md",
        "---\ntitle: A\ndescription: d\n\ntags: [a]\nnavOrder: soon\n---\n# A\n",
    );
    let errors = fixture.errors();
    let file = fixture.path("content/a.md");
    let d = diagnostic_for(&errors, &file);
    assert_eq!(d.position.map(|p| (p.line, p.column)), Some((6, 11)), "{d}");
    assert!(d.message.starts_with("invalid frontmatter"), "{d}");
    assert!(
        d.to_string().starts_with(&format!("{}:6:", file.display())),
        "{d}"
    );
    assert_eq!(d.snippet.as_deref(), Some("navOrder: soon"), "{d}");
}

#[test]
fn toml_frontmatter_error_names_file_and_line() {
    let fixture = Fixture::new().page(
        "a.md",
        "+++\ntitle = \"A\"\n\nnavOrder = \"soon\"\n+++\n# A\n",
    );
    let errors = fixture.errors();
    let file = fixture.path("content/a.md");
    let d = diagnostic_for(&errors, &file);
    assert_eq!(d.position.map(|p| (p.line, p.column)), Some((4, 12)), "{d}");
    assert!(d.message.starts_with("invalid frontmatter"), "{d}");
    assert!(
        d.to_string().starts_with(&format!("{}:4:", file.display())),
        "{d}"
    );
}

#[test]
fn frontmatter_error_line_counts_a_byte_order_mark_and_crlf() {
    let fixture = Fixture::new().page(
        "a.md",
        "\u{feff}---\r\ntitle: A\r\nnavOrder: soon\r\n---\r\n# A\r\n",
    );
    let errors = fixture.errors();
    let d = diagnostic_for(&errors, &fixture.path("content/a.md"));
    assert_eq!(d.position.map(|p| p.line), Some(3), "{d}");
}

#[test]
fn unclosed_frontmatter_is_an_error_at_line_one() {
    let fixture = Fixture::new().page("a.md", "---\ntitle: A\n# A\n");
    let errors = fixture.errors();
    let d = diagnostic_for(&errors, &fixture.path("content/a.md"));
    assert_eq!(d.position.map(|p| p.line), Some(1), "{d}");
    assert!(d.message.contains("never closed"), "{d}");
}

#[test]
fn frontmatter_errors_and_broken_links_are_listed_together() {
    let fixture = Fixture::new()
        .page("a.md", "---\nnavOrder: soon\n---\n# A\n")
        .page("b.md", "# B\n\n[x](nowhere.md)\n")
        .page("c.md", "+++\ntitle = 3\n+++\n");
    let errors = fixture.errors();
    assert_eq!(errors.len(), 3, "{}", show(&errors));
    let lines: Vec<(String, Option<usize>)> = errors
        .iter()
        .map(|d| {
            (
                d.file
                    .as_ref()
                    .unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                d.position.map(|p| p.line),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("a.md".to_string(), Some(2)),
            ("b.md".to_string(), Some(3)),
            ("c.md".to_string(), Some(2)),
        ],
        "{}",
        show(&errors)
    );
}

#[test]
fn dates_that_are_not_days_are_errors_at_their_value_saying_how_to_write_dates() {
    let fixture = Fixture::new()
        .page("index.md", "# Home\n")
        .page("a.md", "---\ntitle: A\ndue: not-a-date\n---\n")
        .page("b.md", "---\ntitle: B\nstatus: planned\ndue: 2026-02-30\n---\n")
        .page("c.md", "---\nreviewed: 15/11/2026\n---\n")
        .page("d.md", "+++\ntitle = \"D\"\nupdated = 2026-02-30\n+++\n")
        .page("e.md", "---\ntitle: E\ndue: 2023-02-29\n---\n")
        .page("f.md", "---\ntitle: F\nprogress: \"0/0\"\n---\n")
        // A leap day and dates with times are fine.
        .page(
            "ok.md",
            "---\ndue: 2024-02-29\nreviewed: 2024-05-01T09:30:00Z\nupdated: 2000-02-29 10:00\n---\n",
        );
    let errors = fixture.errors();
    assert_eq!(errors.len(), 6, "{}", show(&errors));
    for (file, line, column, says) in [
        ("a.md", 3, 6, "YYYY-MM-DD"),
        ("b.md", 4, 6, "February 2026 has 28 days"),
        ("c.md", 2, 11, "YYYY-MM-DD"),
        ("d.md", 3, 11, "YYYY-MM-DD"),
        ("e.md", 3, 6, "February 2023 has 28 days"),
        ("f.md", 3, 11, "fraction"),
    ] {
        let d = diagnostic_for(&errors, &fixture.path(&format!("content/{file}")));
        assert_eq!(
            d.position.map(|p| (p.line, p.column)),
            Some((line, column)),
            "{d}"
        );
        assert!(d.to_string().contains(says), "{d}");
    }
}

#[test]
fn mistyped_keys_warn_at_their_line_and_column_naming_the_key_meant() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page(
            "a.md",
            "---\ntitle: A\nnavtitle: Short\nreportsto: Boss\nstauts: done\ntag: x\ncustom: kept\n---\nBody.\n",
        )
        .page("b.md", "+++\ntitle = \"B\"\nNav_Title = \"Bee\"\n+++\nBody.\n")
        .ok();
    let mut typos: Vec<(String, usize, usize, String)> = built
        .report
        .warnings
        .iter()
        .filter(|d| d.message.contains("did you mean"))
        .map(|d| {
            let file = d.file.as_ref().unwrap().file_name().unwrap();
            let p = d.position.expect("a position");
            let meant = d.message.split("did you mean ").nth(1).unwrap_or("");
            (
                file.to_string_lossy().into_owned(),
                p.line,
                p.column,
                meant.to_string(),
            )
        })
        .collect();
    typos.sort();
    let expected = [
        ("a.md", 3, 1, "`navTitle`?"),
        ("a.md", 4, 1, "`reports_to`?"),
        ("a.md", 5, 1, "`status`?"),
        ("a.md", 6, 1, "`tags`?"),
        ("b.md", 3, 1, "`navTitle`?"),
    ]
    .map(|(f, l, c, m)| (f.to_string(), l, c, m.to_string()));
    assert_eq!(typos, expected, "{:?}", built.warnings());
    // A key far from every known one is for templates: no word about it.
    assert!(
        !built.warnings().iter().any(|w| w.contains("custom")),
        "{:?}",
        built.warnings()
    );
    // The mistyped key still means nothing to handbook.
    assert_eq!(text(&built.nav(), "li[data-url='/a/'] > a"), "A");
}

#[test]
fn page_with_bad_frontmatter_does_not_break_links_to_it() {
    let fixture = Fixture::new()
        .page("a.md", "---\nnavOrder: soon\n---\n# A\n\n## Part\n")
        .page("b.md", "# B\n\n[a](a.md) [part](a.md#part)\n")
        .page("c.md", "# C\n\n[a](a/)\n");
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert_eq!(
        errors[0].file.as_deref(),
        Some(fixture.path("content/a.md").as_path())
    );
}

#[test]
fn unknown_keys_are_kept_and_do_not_fail() {
    let built = Fixture::new()
        .page(
            "a.md",
            "---\ntitle: A\ncustom: 1\nsomething_else: [x]\n---\nBody.\n",
        )
        .ok();
    assert_eq!(text(&built.page("a/"), ".page-header h1"), "A");
}

fn draft_site() -> Fixture {
    Fixture::new()
        .page("index.md", "# Home\n")
        .page("public.md", "# Public\n")
        .page("secret.md", "---\ndraft: true\n---\n# Secret\n")
        .page("wip/index.md", "+++\ndraft = true\n+++\n# WIP\n")
}

#[test]
fn drafts_are_skipped_by_default() {
    let built = draft_site().ok();
    assert_eq!(built.report.pages, 2);
    assert!(!built.exists("secret/index.html"));
    assert!(!built.exists("wip/index.html"));
    assert_eq!(
        common::attrs(&built.nav(), "li.nav-item", "data-url"),
        ["/", "/public/"]
    );
    // The pages, and the generated dashboard; never a draft.
    assert_eq!(built.sitemap(), ["/", "/public/", "/dashboard/"]);
}

#[test]
fn drafts_are_built_when_asked() {
    let built = draft_site().drafts().ok();
    assert_eq!(built.report.pages, 4);
    assert_eq!(text(&built.page("secret/"), ".page-header h1"), "Secret");
    assert_eq!(text(&built.page("wip/"), ".page-header h1"), "WIP");
    assert_eq!(
        common::attrs(&built.nav(), "li.nav-item", "data-url"),
        ["/", "/public/", "/secret/", "/wip/"]
    );
}

#[test]
fn drafts_flag_of_the_binary_builds_drafts() {
    let fixture = draft_site();
    let out = fixture.cli(&["--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!fixture.out().join("secret/index.html").exists());
    let out = fixture.cli(&["--quiet", "--drafts"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(fixture.out().join("secret/index.html").exists());
}
