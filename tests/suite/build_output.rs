//! The written site: URL collisions, failed builds leaving the old output,
//! incremental writes, aliases, the sitemap, and the binary's exit codes.

use crate::common;

use common::{Fixture, attr, files_under, show};

#[test]
fn url_collision_is_an_error_naming_both_files() {
    let fixture = Fixture::new()
        .page("a.md", "# A as a file\n")
        .page("a/index.md", "# A as a folder\n")
        .page("b.md", "# B\n");
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let message = &errors[0].message;
    for file in ["content/a.md", "content/a/index.md"] {
        let path = fixture.path(file).display().to_string();
        assert!(message.contains(&path), "{message} does not name {path}");
    }
    assert!(message.contains("/a/"), "{message}");
    assert!(!fixture.out().exists());
}

#[test]
fn index_and_readme_in_one_folder_collide() {
    let fixture = Fixture::new()
        .page("s/index.md", "# S\n")
        .page("s/README.md", "# S readme\n");
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert!(errors[0].message.contains("README.md"), "{}", errors[0]);
    assert!(errors[0].message.contains("index.md"), "{}", errors[0]);
}

#[test]

fn asset_at_a_pages_output_path_is_an_error() {
    let fixture = Fixture::new()
        .page("a.md", "# A\n")
        .page("a/index.html", "<p>an asset</p>\n");
    let errors = fixture.errors();
    assert!(
        errors
            .iter()
            .any(|d| d.to_string().contains("a/index.html") && d.to_string().contains("a.md")),
        "{}",
        show(&errors)
    );
}

#[test]

fn asset_named_like_a_generated_file_is_an_error() {
    let fixture = Fixture::new()
        .page("index.md", "# Home\n")
        .page("sitemap.xml", "mine\n")
        .page("_nav.html", "mine\n");
    let errors = fixture.errors();
    let shown = show(&errors);
    assert!(shown.contains("sitemap.xml"), "{shown}");
    assert!(shown.contains("_nav.html"), "{shown}");
}

fn small_site() -> Fixture {
    Fixture::new()
        .page("index.md", "# Home\n\nSee [a](a.md).\n")
        .page("a.md", "# A\n\n## Part\n\nText.\n")
        .page("b.md", "# B\n\nPlain.\n")
        .page("img/logo.png", "png bytes")
}

#[test]
fn failed_build_leaves_the_old_output_byte_identical() {
    let fixture = small_site();
    fixture.ok();
    let before = files_under(&fixture.out());
    assert!(before.contains_key("a/index.html") && before.contains_key("img/logo.png"));

    fixture.write("content/b.md", "# B\n\n[broken](nope.md)\n");
    fixture.write("content/c.md", "# C, new\n");
    fixture.remove("content/img/logo.png");
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert_eq!(files_under(&fixture.out()), before);
}

/// A page template that fails on page "B" only (an unknown variable), as a
/// template can fail on one page's data: the pages before it have rendered,
/// and been handed to the writer, by the time it fails.
fn template_failing_on_b() -> String {
    let page = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"),
    )
    .expect("the default page template");
    let failing = "{% block main %}{% if page.title == \"B\" %}{{ no_such_thing.here }}{% endif %}";
    let changed = page.replacen("{% block main %}", failing, 1);
    assert_ne!(changed, page, "page.html has a main block");
    changed
}

#[test]
fn a_template_failing_on_one_page_leaves_the_old_output_byte_identical() {
    let fixture = small_site();
    fixture.ok();
    let before = files_under(&fixture.out());
    fixture.write("templates/page.html", &template_failing_on_b());
    // Every other page changes too, so each would be written.
    fixture.write("content/a.md", "# A\n\n## Part\n\nText, edited.\n");
    fixture.write("content/index.md", "# Home\n\nSee [a](a.md), edited.\n");
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert!(errors[0].message.contains("rendering"), "{}", show(&errors));
    assert_eq!(files_under(&fixture.out()), before);
}

#[test]
fn a_first_build_failing_on_one_page_leaves_no_output() {
    let fixture = small_site();
    fixture.write("templates/page.html", &template_failing_on_b());
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert!(errors[0].message.contains("rendering"), "{}", show(&errors));
    assert!(!fixture.out().exists(), "a half-written output was left");
}

#[test]
fn check_finds_a_template_failing_on_one_page_and_writes_nothing() {
    // check lets each page go once rendered, but still renders every one.
    let fixture = small_site();
    fixture.write("templates/page.html", &template_failing_on_b());
    let Err(handbook::Error::Handbook(found)) = handbook::check(&fixture.options()) else {
        panic!("check passed a template that fails on page B");
    };
    let errors: Vec<_> = found.into_iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert!(
        errors[0].message.contains("rendering") && errors[0].message.contains("b.md"),
        "{}",
        show(&errors)
    );
    assert!(!fixture.out().exists(), "check wrote an output folder");
}

#[test]
fn rebuilding_an_unchanged_site_writes_nothing() {
    let fixture = small_site();
    let first = fixture.ok();
    assert!(first.report.written.written > 5);
    let second = fixture.ok();
    let w = second.report.written;
    assert_eq!(w.written, 0, "{w:?}");
    assert_eq!(w.removed, 0, "{w:?}");
    assert_eq!(w.unchanged, first.report.written.written);
}

#[test]
fn changing_one_body_rewrites_only_that_page() {
    let fixture = small_site();
    fixture.ok();
    let before = files_under(&fixture.out());
    fixture.write("content/b.md", "# B\n\nPlain, edited.\n");
    let w = fixture.ok().report.written;
    let after = files_under(&fixture.out());
    let changed: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    // The page, llms.txt (the edit is its first paragraph, which llms.txt
    // shows as its description), and the search index's files that hold
    // its words (and the list of files written, when the index's file
    // names change).
    let manifest = handbook::output::MANIFEST.to_string();
    let same_names = before.keys().eq(after.keys());
    assert!(!(same_names && changed.contains(&&manifest)), "{changed:?}");
    let (search, pages): (Vec<&String>, Vec<&String>) = changed
        .iter()
        .filter(|k| ***k != manifest)
        .partition(|k| k.starts_with("_search/"));
    assert_eq!(pages, ["b/index.html", "llms.txt"]);
    assert!(!search.is_empty(), "the search index did not change");
    assert_eq!(
        (w.written, w.removed),
        (changed.len() - usize::from(changed.contains(&&manifest)), 0),
        "{w:?}"
    );
}

#[test]

fn replaced_asset_is_copied_even_with_an_older_mtime() {
    let fixture = small_site();
    fixture.ok();
    // Same length, other bytes, and a modification time before the first build's
    // copy (as `cp -p`, `tar x` or `rsync -t` leave it).
    fixture.write("content/img/logo.png", "PNG BYTES");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(fixture.path("content/img/logo.png"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    fixture.ok();
    assert_eq!(
        std::fs::read_to_string(fixture.out().join("img/logo.png")).unwrap(),
        "PNG BYTES"
    );
}

#[test]
fn changed_asset_is_copied_again() {
    let fixture = small_site();
    fixture.ok();
    fixture.write("content/img/logo.png", "a new, longer logo");
    let w = fixture.ok().report.written;
    assert_eq!(w.written, 1, "{w:?}");
    assert_eq!(
        std::fs::read_to_string(fixture.out().join("img/logo.png")).unwrap(),
        "a new, longer logo"
    );
}

#[test]

fn old_output_file_where_a_nested_folder_goes_is_replaced() {
    let fixture = Fixture::new()
        .page("index.md", "# Home\n")
        .page("x", "an asset named x");
    fixture.ok();
    fixture.remove("content/x");
    fixture.write("content/x/p.md", "# P\n");
    let built = fixture.ok();
    assert_eq!(text_of_h1(&built.page("x/p/")), "P");
}

fn text_of_h1(page: &scraper::Html) -> String {
    common::text(page, ".page-header h1")
}

#[test]
fn old_output_file_where_a_folder_goes_is_replaced() {
    let fixture = Fixture::new()
        .page("index.md", "# Home\n")
        .page("x", "an asset named x");
    fixture.ok();
    fixture.remove("content/x");
    fixture.write("content/x/index.md", "# X\n");
    let built = fixture.ok();
    assert_eq!(text_of_h1(&built.page("x/")), "X");
}

#[test]
fn removed_pages_are_removed_from_the_output() {
    let fixture = small_site();
    fixture.ok();
    assert!(fixture.out().join("b/index.html").is_file());
    let before = files_under(&fixture.out());
    fixture.remove("content/b.md");
    let built = fixture.ok();
    let after = files_under(&fixture.out());
    let gone: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    // The page, and any search index chunk left with no page.
    assert!(gone.contains(&&"b/index.html".to_string()), "{gone:?}");
    assert!(
        gone.iter()
            .all(|k| *k == "b/index.html" || k.starts_with("_search/")),
        "{gone:?}"
    );
    assert_eq!(built.report.written.removed, gone.len());
    assert!(!fixture.out().join("b").exists());
}

#[test]
fn site_has_nav_sitemap_404_and_stylesheet() {
    let built = small_site().ok();
    for file in [
        "_nav.html",
        "sitemap.xml",
        "404.html",
        "_handbook/style.css",
    ] {
        assert!(built.exists(file), "{file} missing");
    }
    // No code on these pages, so no syntax stylesheet.
    assert!(!built.exists("_handbook/syntax.css"));
    let not_found = scraper::Html::parse_document(&built.read("404.html"));
    assert_eq!(common::text(&not_found, "main h1"), "Page not found");
    assert_eq!(built.report.pages, 3);
}

#[test]
fn sitemap_lists_every_page_once() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("a.md", "---\naliases: [/old-a/]\n---\n# A\n")
        .page("s/index.md", "# S\n")
        .page("s/b.md", "# B\n")
        .page("folder/c.md", "# C\n")
        .ok();
    let mut locs = built.sitemap();
    locs.sort();
    // The pages and the generated dashboard; not the alias.
    assert_eq!(
        locs,
        ["/", "/a/", "/dashboard/", "/folder/c/", "/s/", "/s/b/"]
    );
}

#[test]
fn aliases_redirect_to_the_page() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page(
            "new.md",
            "---\ntitle: New\naliases: [/old/, /older/page.html, legacy]\n---\nBody.\n",
        )
        .page("one.md", "---\naliases: /single/\n---\n# One\n")
        .ok();
    for (file, to) in [
        ("old/index.html", "/new/"),
        ("older/page.html", "/new/"),
        ("legacy/index.html", "/new/"),
        ("single/index.html", "/one/"),
    ] {
        let page = scraper::Html::parse_document(&built.read(file));
        assert_eq!(
            attr(&page, "meta[http-equiv=refresh]", "content"),
            format!("0; url={to}"),
            "{file}"
        );
        assert_eq!(attr(&page, "link[rel=canonical]", "href"), to, "{file}");
        assert_eq!(attr(&page, "body a", "href"), to, "{file}");
    }
    assert!(!built.sitemap().iter().any(|l| l.contains("old")));
}

#[test]
fn aliases_follow_the_base_url() {
    let built = Fixture::new()
        .page(
            "new.md",
            "---\naliases: [/docs/old/, /older/]\n---\n# New\n",
        )
        .base_url("https://example.com/docs/")
        .ok();
    for file in ["old/index.html", "older/index.html"] {
        let page = scraper::Html::parse_document(&built.read(file));
        assert_eq!(
            attr(&page, "link[rel=canonical]", "href"),
            "/docs/new/",
            "{file}"
        );
    }
    assert_eq!(
        built.sitemap(),
        [
            "https://example.com/docs/new/",
            "https://example.com/docs/dashboard/"
        ]
    );
}

#[test]

fn full_url_alias_on_the_site_is_a_path_alias() {
    let fixture = Fixture::new()
        .page(
            "new.md",
            "---\naliases: [\"https://example.com/docs/old/\"]\n---\n# New\n",
        )
        .base_url("https://example.com/docs/");
    match fixture.build() {
        Ok(built) => {
            assert!(
                !fixture.out().join("https:").exists(),
                "wrote {:?}",
                files_under(&fixture.out()).keys().collect::<Vec<_>>()
            );
            let page = scraper::Html::parse_document(&built.read("old/index.html"));
            assert_eq!(attr(&page, "link[rel=canonical]", "href"), "/docs/new/");
        }
        Err(d) => assert!(
            show(&d).contains("https://example.com/docs/old/"),
            "{}",
            show(&d)
        ),
    }
}

#[test]
fn alias_taking_a_pages_url_is_an_error() {
    let fixture = Fixture::new()
        .page("a.md", "# A\n")
        .page("b.md", "---\naliases: [/a/]\n---\n# B\n")
        .page("c.md", "---\naliases: [/gone/]\n---\n# C\n")
        .page("d.md", "---\naliases: [/gone/]\n---\n# D\n");
    let errors = fixture.errors();
    assert_eq!(errors.len(), 2, "{}", show(&errors));
    let b = common::diagnostic_for(&errors, &fixture.path("content/b.md"));
    assert!(b.message.contains("the alias `/a/`"), "{b}");
    assert!(
        b.message
            .contains(&fixture.path("content/a.md").display().to_string()),
        "{b}"
    );
    let d = common::diagnostic_for(&errors, &fixture.path("content/d.md"));
    assert!(d.message.contains("the alias `/gone/`"), "{d}");
    assert!(
        d.message
            .contains(&fixture.path("content/c.md").display().to_string()),
        "{d}"
    );
}

fn broken_site() -> Fixture {
    Fixture::new()
        .page("a.md", "# A\n\n[one](missing-one.md)\n")
        .page("sub/b.md", "# B\n\nText [two](../missing-two.md)\n")
}

#[test]
fn binary_exits_1_listing_every_error_and_writes_nothing() {
    let fixture = broken_site();
    let out = fixture.cli(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let a = fixture.path("content/a.md").display().to_string();
    let b = fixture.path("content/sub/b.md").display().to_string();
    assert!(
        stderr.contains(&format!(
            "{a}:3:1: error[link/missing-page]: broken link [one](missing-one.md)"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{b}:3:6: error[link/missing-page]: broken link [two](../missing-two.md)"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("2 error(s)"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!fixture.out().exists(), "the failed build wrote output");
}

#[test]
fn binary_exits_0_and_reports_the_build() {
    let fixture = small_site();
    let out = fixture.cli(&[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("built 3 pages into "), "{stdout}");
    assert!(fixture.out().join("a/index.html").is_file());
    let quiet = fixture.cli(&["--quiet"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(
        quiet.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&quiet.stdout)
    );
}

#[test]
fn binary_base_url_flag_prefixes_links() {
    let fixture = small_site();
    let out = fixture.cli(&["--quiet", "--base-url", "https://example.com/docs/"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let home = std::fs::read_to_string(fixture.out().join("index.html")).unwrap();
    let home = scraper::Html::parse_document(&home);
    assert_eq!(common::content_href(&home, "a"), "/docs/a/");
}

#[test]
fn binary_exits_2_on_usage_errors() {
    let fixture = small_site();
    let out = fixture.cli(&["--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!fixture.out().exists());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("frobnicate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_content_folder_is_an_error() {
    let fixture = Fixture::new();
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert_eq!(
        errors[0].file.as_deref(),
        Some(fixture.path("content").as_path())
    );
    assert!(
        errors[0].message.contains("content folder does not exist"),
        "{}",
        errors[0]
    );
}

#[test]
fn binary_exits_1_for_a_missing_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("build")
        .arg(dir.path().join("nope"))
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no such folder"), "{stderr}");
}

#[test]
fn symlinks_out_of_the_content_folder_are_not_published() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "top secret").unwrap();
    let fixture = Fixture::new().page("a.md", "# A\n").page("b.md", "# B\n");
    let content = fixture.path("content");
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        content.join("secret.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), content.join("elsewhere")).unwrap();
    // A link back to a parent folder would loop forever if it were followed.
    std::os::unix::fs::symlink(&content, content.join("loop")).unwrap();
    // A link to a page inside the content folder is a page like any other.
    std::os::unix::fs::symlink(content.join("a.md"), content.join("c.md")).unwrap();
    let built = fixture.ok();
    assert!(!built.out.join("secret.txt").exists());
    assert!(!built.out.join("elsewhere").exists());
    assert!(!built.out.join("loop").exists());
    assert!(built.out.join("c/index.html").exists());
}

#[test]
fn the_settings_are_not_published_when_the_root_is_the_content() {
    let fixture = Fixture::bare()
        .file("handbook.toml", "title = \"T\"\ncontent_dir = \".\"\n")
        .file("README.md", "# Home\n")
        .file("docs/a.md", "# A\n");
    let built = fixture.ok();
    assert!(built.exists("docs/a/index.html"));
    assert!(!built.exists("handbook.toml"));
}

#[test]
fn pages_without_a_description_describe_themselves_with_their_first_paragraph() {
    let long = "word ".repeat(60);
    let built = Fixture::new()
        .page(
            "index.md",
            "# Home\n\nWelcome to *the* handbook & its pages.\n",
        )
        .page(
            "given.md",
            "---\ndescription: Said in the frontmatter.\n---\n# Given\n\nBody.\n",
        )
        .page("long.md", &format!("# Long\n\n{long}\n"))
        .ok();
    let meta = |url: &str| attr(&built.page(url), "meta[name=description]", "content");
    assert_eq!(meta(""), "Welcome to the handbook & its pages.");
    assert_eq!(meta("given/"), "Said in the frontmatter.");
    let cut = meta("long/");
    assert!(
        cut.ends_with("word…") && cut.chars().count() <= 161,
        "{cut}"
    );
}

#[test]
fn every_page_has_an_icon_the_handbook_can_replace() {
    let built = Fixture::new().page("index.md", "# Home\n").ok();
    let icon = attr(&built.page(""), "link[rel=icon]", "href");
    assert_eq!(icon, "/_handbook/favicon.svg");
    assert!(built.read("_handbook/favicon.svg").starts_with("<svg"));

    let own = Fixture::new()
        .page("index.md", "# Home\n")
        .page("favicon.png", "png")
        .ok();
    assert_eq!(
        attr(&own.page(""), "link[rel=icon]", "href"),
        "/favicon.png"
    );
}

#[test]
fn a_sitemap_of_paths_is_said_to_be_one() {
    let built = Fixture::new().page("index.md", "# Home\n").ok();
    assert!(
        built
            .report
            .notices
            .iter()
            .any(|n| n.starts_with("sitemap.xml lists paths")),
        "{:?}",
        built.report.notices
    );
    let full = Fixture::new()
        .page("index.md", "# Home\n")
        .base_url("https://example.com/docs/")
        .ok();
    assert!(
        !full
            .report
            .notices
            .iter()
            .any(|n| n.starts_with("sitemap.xml")),
        "{:?}",
        full.report.notices
    );
}

/// The binary's jemalloc settings (src/main.rs) reach jemalloc: a
/// `malloc_conf` under another name than the one it reads would be
/// silently ignored. `stats_print` in the environment adds to them.
#[cfg(target_os = "linux")]
#[test]
fn the_binary_gives_jemalloc_huge_pages_and_one_arena() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("--version")
        .env("MALLOC_CONF", "stats_print:true")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for setting in [
        "opt.thp: \"always\"",
        "opt.metadata_thp: \"always\"",
        "opt.narenas: 1",
    ] {
        assert!(stderr.contains(setting), "{setting} not in:\n{stderr}");
    }
}
