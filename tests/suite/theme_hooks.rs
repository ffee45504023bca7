//! Theme hooks: the empty partials a handbook fills without copying
//! `base.html`, `extra_css` and `extra_javascript`, mermaid diagrams loaded
//! only where a page has one, and `handbook theme eject`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common;

use common::{Fixture, attrs, count, files_under, sel, text};
use handbook::Diagnostic;
use handbook::error::Code;

/// The `<link rel=stylesheet>` hrefs and `<script src>`s of a page's head, in order.
fn head_assets(page: &scraper::Html) -> (Vec<String>, Vec<String>) {
    (
        attrs(page, "head link[rel=stylesheet]", "href"),
        attrs(page, "head script[src]", "src"),
    )
}

fn with_code(diagnostics: &[Diagnostic], code: Code) -> Vec<&Diagnostic> {
    diagnostics.iter().filter(|d| d.code == code).collect()
}

fn position(d: &Diagnostic) -> Option<(usize, usize)> {
    d.position.map(|p| (p.line, p.column))
}

#[test]
fn each_partial_a_handbook_writes_lands_in_its_place_on_every_page() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("a.md", "# Alpha\n")
        .file(
            "templates/partials/head_extra.html",
            "<meta name=\"hook\" content=\"{{ page.title }}\">\n",
        )
        .file(
            "templates/partials/body_start.html",
            "<div id=\"hook-start\">{{ page.title }}</div>\n",
        )
        .file(
            "templates/partials/body_end.html",
            "<div id=\"hook-end\">{{ site.title }}</div>\n",
        )
        .file(
            "templates/partials/footer_extra.html",
            "<p class=\"hook-footer\">Contact {{ site.title }}</p>\n",
        )
        .ok();
    for (url, title) in [("/", "Home"), ("a/", "Alpha")] {
        let page = built.page(url);
        assert_eq!(attrs(&page, "head meta[name=hook]", "content"), [title]);
        // After the skip link, above the header.
        assert_eq!(
            count(
                &page,
                "body > a.skip-link + #hook-start + header.site-header"
            ),
            1
        );
        assert_eq!(text(&page, "#hook-start"), title);
        assert_eq!(
            text(&page, "footer.site-footer > p.hook-footer"),
            "Contact T"
        );
        assert_eq!(count(&page, "body > footer.site-footer + #hook-end"), 1);
        assert_eq!(count(&page, "body > #hook-end:last-child"), 1);
    }
    // The page that extends base.html without being a handbook page.
    let not_found = scraper::Html::parse_document(&built.read("404.html"));
    assert_eq!(
        attrs(&not_found, "head meta[name=hook]", "content"),
        ["Page not found"]
    );
    assert_eq!(count(&not_found, "body > #hook-end"), 1);
}

#[test]
fn a_themes_partial_is_used_and_the_handbooks_own_wins_over_it() {
    let built = Fixture::new()
        .file("handbook.toml", "title = \"T\"\ntheme = \"corp\"\n")
        .page("a.md", "# A\n")
        .file(
            "themes/corp/templates/partials/footer_extra.html",
            "<p class=\"theme\">theme</p>",
        )
        .file(
            "themes/corp/templates/partials/body_end.html",
            "<p class=\"theme-end\">theme</p>",
        )
        .file(
            "templates/partials/body_end.html",
            "<p class=\"own-end\">own</p>",
        )
        .ok();
    let page = built.page("a/");
    assert_eq!(count(&page, "footer.site-footer > p.theme"), 1);
    assert_eq!(count(&page, ".theme-end"), 0);
    assert_eq!(count(&page, "body > p.own-end"), 1);
}

#[test]
fn extra_css_and_javascript_come_after_the_themes_own_under_the_base_path() {
    let built = Fixture::new()
        .file(
            "handbook.toml",
            "title = \"T\"\n\
             extra_css = [\"css/brand.css\", \"https://fonts.example.com/inter.css\"]\n\
             extra_javascript = [\"/js/chat.js\"]\n",
        )
        .base_url("/hb/")
        .page("a.md", "# A\n\n```rust\nfn main() {}\n```\n")
        .page("b.md", "# B\n")
        .page("css/brand.css", "body { color: red }\n")
        .page("js/chat.js", "console.log(1)\n")
        .ok();
    for page in [
        built.page("a/"),
        built.page("b/"),
        scraper::Html::parse_document(&built.read("404.html")),
    ] {
        let (css, js) = head_assets(&page);
        let theirs = css.len() - 2;
        assert_eq!(
            css[theirs..],
            ["/hb/css/brand.css", "https://fonts.example.com/inter.css"]
        );
        assert!(
            css[..theirs]
                .iter()
                .all(|href| href.starts_with("/hb/_handbook/")),
            "{css:?}"
        );
        assert_eq!(js, ["/hb/_handbook/handbook.js", "/hb/js/chat.js"]);
        assert_eq!(count(&page, "head script[src='/hb/js/chat.js'][defer]"), 1);
    }
    // The highlighting stylesheet, when a page has one, is before them too.
    let (css, _) = head_assets(&built.page("a/"));
    assert_eq!(css[1], "/hb/_handbook/syntax.css", "{css:?}");
    // Published as any other file of the content folder.
    assert!(built.exists("css/brand.css") && built.exists("js/chat.js"));
}

#[test]
fn an_extra_file_that_the_site_does_not_publish_is_an_error_at_its_place() {
    let fixture = Fixture::new()
        .file(
            "handbook.toml",
            "title = \"T\"\n\
             extra_css = [\n  \"css/brand.css\",\n  \"css/missing.css\",\n]\n\
             extra_javascript = [\"private/x.js\"]\n\
             [audience]\ninternal = [\"private/**\"]\n\
             [markdown]\nmermaid = \"vendor/mermaid.esm.min.mjs\"\n",
        )
        .page("a.md", "# A\n")
        .page("css/brand.css", "a {}\n")
        .page("private/x.js", "1\n");
    let errors = fixture.errors();
    let config = with_code(&errors, Code::ConfigInvalid);
    assert_eq!(config.len(), 3, "{}", common::show(&errors));
    for d in &config {
        assert_eq!(
            d.file.as_deref(),
            Some(fixture.path("handbook.toml").as_path())
        );
        assert!(
            d.hint.as_deref().unwrap_or("").contains("content folder"),
            "{d}"
        );
    }
    assert_eq!(position(config[0]), Some((4, 3)));
    assert!(
        config[0]
            .message
            .contains("extra_css names `css/missing.css`")
            && config[0]
                .message
                .contains("not a file in the content folder"),
        "{}",
        config[0]
    );
    assert_eq!(position(config[1]), Some((6, 21)));
    assert!(config[1].message.contains("is internal"), "{}", config[1]);
    assert_eq!(position(config[2]), Some((10, 11)));
    assert!(
        config[2].message.contains("[markdown] mermaid names"),
        "{}",
        config[2]
    );
}

#[test]
fn an_extra_file_that_pages_cannot_load_is_refused_at_its_value() {
    for (line, why) in [
        (
            "extra_javascript = [\"http://cdn.example.com/x.js\"]",
            "use https",
        ),
        (
            "extra_css = [\"a.css\", \"//cdn.example.com/x.css\"]",
            "whole URL",
        ),
        (
            "extra_css = [\"javascript:alert(1)\"]",
            "neither an https URL",
        ),
    ] {
        let fixture = Fixture::new()
            .file("handbook.toml", &format!("title = \"T\"\n{line}\n"))
            .page("a.md", "# A\n")
            .page("a.css", "a {}\n");
        let errors = fixture.errors();
        assert_eq!(errors.len(), 1, "{}", common::show(&errors));
        assert_eq!(errors[0].code, Code::ConfigInvalid);
        assert_eq!(errors[0].position.map(|p| p.line), Some(2), "{}", errors[0]);
        assert!(errors[0].message.contains(why), "{}", errors[0]);
    }
}

/// A handbook with a page that has a diagram and one that has none.
fn diagrams(config: &str) -> Fixture {
    Fixture::new()
        .file("handbook.toml", &format!("title = \"T\"\n{config}"))
        .page(
            "flow.md",
            "# Flow\n\nHow a request goes:\n\n```mermaid\ngraph TD; A-->B\n```\n",
        )
        .page("plain.md", "# Plain\n\n```rust\nlet mermaid = 1;\n```\n")
}

/// The mermaid loaders of a page.
fn loaders(page: &scraper::Html) -> Vec<(String, String)> {
    page.select(&sel("script[data-mermaid]"))
        .map(|s| {
            let a = |n| s.value().attr(n).unwrap_or("").to_string();
            assert_eq!(a("type"), "module");
            (a("src"), a("data-mermaid"))
        })
        .collect()
}

#[test]
fn only_a_page_with_a_diagram_loads_mermaid_from_the_configured_url() {
    let built = diagrams("[markdown]\nmermaid = \"vendor/mermaid.esm.min.mjs\"\n")
        .page("vendor/mermaid.esm.min.mjs", "export default {};\n")
        .base_url("/hb/")
        .ok();
    let flow = built.page("flow/");
    assert_eq!(
        loaders(&flow),
        [(
            "/hb/_handbook/mermaid.js".to_string(),
            "/hb/vendor/mermaid.esm.min.mjs".to_string()
        )]
    );
    // Without JavaScript the diagram's source shows.
    assert_eq!(text(&flow, ".content pre.mermaid"), "graph TD; A-->B");
    assert!(loaders(&built.page("plain/")).is_empty());
    assert!(loaders(&scraper::Html::parse_document(&built.read("404.html"))).is_empty());
    assert!(built.exists("_handbook/mermaid.js"));
    assert!(built.warnings().is_empty(), "{:?}", built.warnings());

    let built = diagrams(
        "[markdown]\nmermaid = \"https://cdn.example.com/mermaid@11/dist/mermaid.esm.min.mjs\"\n",
    )
    .base_url("/hb/")
    .ok();
    assert_eq!(
        loaders(&built.page("flow/")),
        [(
            "/hb/_handbook/mermaid.js".to_string(),
            "https://cdn.example.com/mermaid@11/dist/mermaid.esm.min.mjs".to_string()
        )]
    );
    assert!(loaders(&built.page("plain/")).is_empty());
}

#[test]
fn without_a_renderer_a_diagram_shows_its_source_and_check_says_how_to_draw_it() {
    let fixture = diagrams("");
    let built = fixture.ok();
    for url in ["flow/", "plain/"] {
        assert!(loaders(&built.page(url)).is_empty(), "{url}");
    }
    assert_eq!(
        text(&built.page("flow/"), ".content pre.mermaid"),
        "graph TD; A-->B"
    );
    let warnings = with_code(&built.report.warnings, Code::ContentMermaidUnrendered);
    assert_eq!(warnings.len(), 1, "{:?}", built.warnings());
    let w = warnings[0];
    assert_eq!(
        w.file.as_deref(),
        Some(fixture.path("content/flow.md").as_path())
    );
    assert_eq!(position(w), Some((5, 1)));
    assert!(
        w.hint
            .as_deref()
            .unwrap_or("")
            .contains("[markdown] mermaid"),
        "{w}"
    );

    // `check` says it too, with its code.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("check")
        .arg(fixture.root())
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("flow.md:5:1: warning[content/mermaid-unrendered]"),
        "{said}"
    );

    // A handbook that wants the source shown says so.
    let built = diagrams("[diagnostics]\n\"content/mermaid-unrendered\" = \"ignore\"\n").ok();
    assert!(built.warnings().is_empty(), "{:?}", built.warnings());
}

/// Runs `handbook ARGS` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run handbook");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The sample handbook of this repository, in a temp folder.
fn sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_sample(dir.path());
    dir
}

fn build_into(root: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
    let (ok, _, stderr) = run_in(root, &["build", "-q", "-o", out.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let mut files = files_under(out);
    // What the build wrote, with its times: not the site.
    files.remove(".handbook-manifest.json");
    files
}

#[test]
fn an_ejected_theme_builds_the_same_site_byte_for_byte() {
    let dir = sample();
    let root = dir.path();
    let before = build_into(root, &root.join("before"));
    let (ok, stdout, stderr) = run_in(root, &["theme", "eject"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("themes/custom"), "{stdout}");
    assert!(stdout.contains("    theme = \"custom\"\n"), "{stdout}");
    // Every file of the built-in theme a theme folder can use, and nothing else.
    let repo_theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let mut expected = files_under(&repo_theme);
    expected.retain(|name, _| !name.starts_with("init/") && !name.starts_with("archetypes/"));
    let ejected = files_under(&root.join("themes/custom"));
    assert_eq!(
        ejected.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    assert!(
        ejected == expected,
        "the copies differ from the built-in files"
    );
    assert!(
        ejected.contains_key("templates/base.html") && ejected.contains_key("static/style.css")
    );
    // The config is the user's: eject only says what to write.
    let config = std::fs::read_to_string(root.join("handbook.toml")).unwrap();
    assert!(!config.contains("custom"));
    std::fs::write(
        root.join("handbook.toml"),
        format!("theme = \"custom\"\n{config}"),
    )
    .unwrap();
    let after = build_into(root, &root.join("after"));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &before {
        assert!(after[name] == *bytes, "{name} differs");
    }
    // Changed, the copy is what pages are made from.
    let base = root.join("themes/custom/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, text.replace("built with handbook", "made by us")).unwrap();
    let changed = build_into(root, &root.join("changed"));
    let home = String::from_utf8_lossy(&changed["index.html"]).into_owned();
    assert!(home.contains("made by us"), "{home}");
    let (ok, stdout, _) = run_in(root, &["theme", "eject", "custom", "--root", "."]);
    assert!(!ok, "{stdout}");
}

#[test]
fn eject_never_overwrites_a_theme_folder() {
    let fixture = Fixture::new().page("index.md", "# Home\n");
    let root = fixture.root();
    let (ok, _, stderr) = run_in(&root, &["theme", "eject", "brand"]);
    assert!(ok, "{stderr}");
    let style = root.join("themes/brand/static/style.css");
    std::fs::write(&style, "/* ours */\n").unwrap();
    std::fs::write(root.join("themes/brand/notes.txt"), "ours\n").unwrap();
    let before = files_under(&root.join("themes"));
    let (ok, stdout, stderr) = run_in(&root, &["theme", "eject", "brand"]);
    assert!(!ok, "{stdout}");
    assert!(stderr.contains("error[scaffold/exists]"), "{stderr}");
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(stderr.contains("give another name"), "{stderr}");
    assert!(
        files_under(&root.join("themes")) == before,
        "eject changed a file"
    );
    // An empty folder of that name is the user's too.
    std::fs::create_dir_all(root.join("themes/empty")).unwrap();
    let (ok, _, stderr) = run_in(&root, &["theme", "eject", "empty"]);
    assert!(!ok && stderr.contains("already exists"), "{stderr}");
    assert!(files_under(&root.join("themes/empty")).is_empty());
}

#[test]
fn eject_outside_a_handbook_or_with_a_bad_name_says_why_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, stderr) = run_in(dir.path(), &["theme", "eject"]);
    assert!(!ok);
    assert!(
        stderr.contains("no handbook.toml here or in any folder above"),
        "{stderr}"
    );
    assert!(stderr.contains("handbook init"), "{stderr}");
    assert!(files_under(dir.path()).is_empty() && !dir.path().join("themes").exists());

    let fixture = Fixture::new().page("people/index.md", "# People\n");
    let root = fixture.root();
    for name in ["../x", "a/b", "default", ".hidden", ""] {
        let (ok, _, stderr) = run_in(&root, &["theme", "eject", name]);
        assert!(!ok, "{name}");
        assert!(
            stderr.contains("cannot be a theme's name"),
            "{name}: {stderr}"
        );
    }
    assert!(!root.join("themes").exists() && !root.join("x").exists());
    // From inside the handbook, its root is found above.
    let (ok, stdout, stderr) = run_in(&root.join("content/people"), &["theme", "eject"]);
    assert!(ok, "{stderr}");
    assert!(
        root.join("themes/custom/templates/base.html").is_file(),
        "{stdout}"
    );
}

/// In chromium: the page imports the configured module (under the base
/// path), draws the diagram in light mode, and again in dark mode when the
/// switch is pressed. A stand-in module records what it is asked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diagram_is_drawn_in_the_pages_mode_and_again_when_it_changes() {
    use common::browser::{Chromium, serve, write};
    let Some(chromium) = Chromium::installed() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("handbook");
    write(
        &root,
        "handbook.toml",
        "title = \"T\"\n[markdown]\nmermaid = \"vendor/mermaid.esm.min.mjs\"\n",
    );
    write(
        &root,
        "content/flow.md",
        "# Flow\n\n```mermaid\ngraph TD; A-->B\n```\n",
    );
    write(&root, "content/plain.md", "# Plain\n");
    write(
        &root,
        "content/vendor/mermaid.esm.min.mjs",
        "let theme = '';\n\
         export default {\n\
           initialize(o) { theme = o.theme; (window.drawnIn = window.drawnIn || []).push(o.theme); },\n\
           async run({ nodes }) { for (const n of nodes) n.innerHTML = '<svg class=\"drawn\" data-in=\"' + theme + '\" data-source=\"' + n.textContent + '\"></svg>'; },\n\
         };\n",
    );
    let (_server, url) = serve(&root, &["--no-watch", "--base-url", "/hb/"]);
    let browser = chromium.open(&dir.path().join("profile")).await;
    let client = &browser.client;
    let drawn = |client: &fantoccini::Client| {
        let client = client.clone();
        async move {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
            loop {
                let seen = client
                    .execute("return JSON.stringify(window.drawnIn || null) + ' ' + Array.from(document.querySelectorAll('svg.drawn')).map(s => s.dataset.in + ':' + s.dataset.source).join(',')", vec![])
                    .await
                    .expect("script")
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                if std::time::Instant::now() > deadline || seen.ends_with(":graph TD; A-->B\n") {
                    return seen;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
    };
    let result = async {
        client.goto(&format!("{url}flow/")).await?;
        assert_eq!(
            drawn(client).await,
            "[\"default\"] default:graph TD; A-->B\n"
        );
        client
            .find(fantoccini::Locator::Css(".theme-toggle"))
            .await?
            .click()
            .await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let mut seen = drawn(client).await;
        while !seen.contains("dark:") && std::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            seen = drawn(client).await;
        }
        // Drawn again from the source, not from the first drawing.
        assert_eq!(seen, "[\"default\",\"dark\"] dark:graph TD; A-->B\n");
        client.goto(&format!("{url}plain/")).await?;
        let loaded = client
            .execute("return String(window.drawnIn)", vec![])
            .await?;
        assert_eq!(loaded.as_str(), Some("undefined"));
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    browser.close().await;
    result.expect("browser commands");
}
