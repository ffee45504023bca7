//! Path conventions of other tools' handbooks: aliases as link targets,
//! drafts named as such, `x.md` for a folder's page, Eleventy's
//! `folder/folder.md`, a 404 page of the content's own, and HTML templates.

use handbook::error::Code;
use scraper::Html;

use crate::common::*;

#[test]
fn a_link_to_an_alias_leads_to_the_page_and_can_be_flagged() {
    let fixture = Fixture::new()
        .page(
            "index.md",
            "# Home\n\n[old](/old/place/#part) [jekyll](/legacy.html)\n",
        )
        .page(
            "new.md",
            "---\naliases: [/old/place/]\n---\n# New\n\n## Part\n",
        )
        .page(
            "newer.md",
            "---\nredirect_from: /legacy.html\n---\n# Newer\n",
        );
    let built = fixture.ok();
    let home = built.page("");
    assert_eq!(content_href(&home, "old"), "/new/#part");
    assert_eq!(content_href(&home, "jekyll"), "/newer/");
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
    // The redirects are still written.
    assert!(built.exists("old/place/index.html") && built.exists("legacy.html"));

    fixture.write(
        "handbook.toml",
        "title = \"T\"\n[diagnostics]\n\"link/to-alias\" = \"warning\"\n",
    );
    let built = fixture.ok();
    let moved: Vec<_> = built
        .report
        .warnings
        .iter()
        .filter(|d| d.code == Code::LinkToAlias)
        .collect();
    assert_eq!(moved.len(), 2, "{:?}", built.warnings());
    assert_eq!(moved[0].position.map(|p| (p.line, p.column)), Some((3, 1)));
    assert!(moved[0].hint.as_deref().unwrap_or("").contains("/new/"));
}

#[test]
fn a_page_listing_its_own_url_as_an_alias_builds_with_a_warning() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page(
            "a.md",
            "---\ntitle: A\naliases:\n  - /a/\n  - /b/\n---\n# A\n",
        )
        .ok();
    let selfish: Vec<_> = built
        .report
        .warnings
        .iter()
        .filter(|d| d.code == Code::AliasSelf)
        .collect();
    assert_eq!(selfish.len(), 1, "{:?}", built.warnings());
    assert_eq!(selfish[0].position.map(|p| p.line), Some(3));
    // The page is the page, not a redirect to itself; the other alias works.
    assert_eq!(text(&built.page("a/"), "main h1"), "A");
    assert!(built.read("b/index.html").contains("/a/"));
}

#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    let fixture = Fixture::new()
        .page(
            "index.md",
            "# Home\n\n[soon](plans/next.md) and [by url](/plans/next/)\n",
        )
        .page("plans/next.md", "---\ndraft: true\n---\n# Next\n");
    let errors = fixture.errors();
    assert_eq!(errors.len(), 2, "{}", show(&errors));
    for d in &errors {
        assert_eq!(d.code, Code::LinkToDraft, "{d}");
        assert!(d.message.contains("is a draft"), "{d}");
    }
    // With --drafts the page is there and the links work.
    fixture.clone().drafts().ok();
}

#[test]
fn a_link_to_x_md_finds_the_folder_page_x_index_md() {
    let built = Fixture::new()
        .page(
            "index.md",
            "# Home\n\n[team](team.md) [hugo](docs.md#setup)\n",
        )
        .page("team/index.md", "# Team\n")
        .page("docs/_index.md", "# Docs\n\n## Setup\n")
        .ok();
    let home = built.page("");
    assert_eq!(content_href(&home, "team"), "/team/");
    assert_eq!(content_href(&home, "hugo"), "/docs/#setup");
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
}

#[test]
fn a_folder_page_named_after_its_folder_is_the_folder_page() {
    let built = Fixture::new()
        .page(
            "index.md",
            "# Home\n\n[guide](guide/) [file](guide/guide.md) [other](other/other.md)\n",
        )
        .page("guide/guide.md", "# The Guide\n")
        .page("guide/setup.md", "# Setup\n\n[up](guide.md)\n")
        .page("other/index.md", "# Other\n")
        .page("other/other.md", "# Other Other\n")
        .ok();
    assert_eq!(text(&built.page("guide/"), "main h1"), "The Guide");
    let home = built.page("");
    assert_eq!(content_href(&home, "guide"), "/guide/");
    assert_eq!(content_href(&home, "file"), "/guide/");
    // With an index page of its own, the folder keeps it.
    assert_eq!(content_href(&home, "other"), "/other/other/");
    assert_eq!(text(&built.page("other/"), "main h1"), "Other");
    assert_eq!(content_href(&built.page("guide/setup/"), "up"), "/guide/");
}

#[test]
fn the_content_folders_404_page_replaces_the_built_in_one() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("404.md", "# Lost?\n\nTry the [home page](index.md).\n")
        .ok();
    let page = Html::parse_document(&built.read("404.html"));
    assert_eq!(text(&page, "main h1"), "Lost?");
    assert_eq!(content_href(&page, "home page"), "/");
    assert!(
        !built.sitemap().iter().any(|u| u.contains("404")),
        "{:?}",
        built.sitemap()
    );
    assert_eq!(count(&built.nav(), "a[href='/404/']"), 0);
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());

    let copied = Fixture::new()
        .page("index.md", "# Home\n")
        .page(
            "404.html",
            "<!doctype html><title>Gone</title><h1>Our own</h1>\n",
        )
        .ok();
    assert!(copied.read("404.html").contains("Our own"));
}

#[test]
fn html_templates_of_other_tools_are_left_out_with_a_warning() {
    let fixture = Fixture::new()
        .page("index.md", "# Home\n")
        .page(
            "index.html",
            "---\nlayout: home\n---\n<h1>{{ site.title }}</h1>\n",
        )
        .page("embed.html", "<p>Plain HTML,\n{% include x.html %}</p>\n")
        .page("plain.html", "<p>A plain page</p>\n");
    let built = fixture.ok();
    let found: Vec<(Code, String, Option<usize>)> = built
        .report
        .warnings
        .iter()
        .map(|d| {
            let name = d
                .file
                .as_ref()
                .and_then(|f| f.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (d.code, name, d.position.map(|p| p.line))
        })
        .collect();
    assert_eq!(
        found,
        [
            (Code::ContentHtmlTemplate, "embed.html".to_string(), Some(2)),
            (Code::ContentHtmlTemplate, "index.html".to_string(), Some(1)),
        ],
        "{:?}",
        built.warnings()
    );
    assert_eq!(text(&built.page(""), "main h1"), "Home");
    assert!(!built.exists("embed.html"));
    assert!(built.exists("plain.html"));
}

#[test]
fn links_to_the_repository_copy_of_a_page_are_the_handbooks_own() {
    let fixture = Fixture::new()
        .file(
            "handbook.toml",
            "title = \"T\"\n[links]\nself = [\"https://github.com/acme/handbook/blob/main/content\", \"https://github.com/acme/handbook/tree/main/content/\"]\n",
        )
        .page(
            "index.md",
            "# Home\n\n[a](https://github.com/acme/handbook/blob/main/content/team/a.md#roles) [t](https://github.com/acme/handbook/tree/main/content/team) [elsewhere](https://github.com/acme/other/blob/main/x.md)\n",
        )
        .page("team/index.md", "# Team\n")
        .page("team/a.md", "# A\n\n## Roles\n");
    let built = fixture.ok();
    let home = built.page("");
    assert_eq!(content_href(&home, "a"), "/team/a/#roles");
    assert_eq!(content_href(&home, "t"), "/team/");
    assert_eq!(
        content_href(&home, "elsewhere"),
        "https://github.com/acme/other/blob/main/x.md"
    );
    fixture.write(
        "content/index.md",
        "# Home\n\n[gone](https://github.com/acme/handbook/blob/main/content/team/b.md)\n",
    );
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert_eq!(errors[0].code, Code::LinkMissingPage);
}

#[test]
fn permalink_url_and_slug_give_a_page_its_url_as_their_tools_do() {
    let fixture = Fixture::new()
        .page(
            "index.md",
            "# Home\n\n[pto](/time-off/) [hugo](/about-us/) [docu](/docs/intro/) [rel](guides/start/) [file](people/pto-policy.md) [jekyll](/team.html)\n",
        )
        .page("people/pto-policy.md", "---\npermalink: /time-off/\n---\n# PTO\n")
        .page("about.md", "---\nurl: /about-us/\n---\n# About\n")
        .page("docs/introduction.md", "---\nslug: /docs/intro\n---\n# Intro\n")
        .page("guides/getting-started.md", "---\nslug: start\n---\n# Start\n")
        .page("team.md", "---\npermalink: /team.html\n---\n# Team\n")
        .page("data.md", "---\npermalink: false\n---\n# Data only\n");
    let built = fixture.ok();
    assert_eq!(text(&built.page("time-off/"), "main h1"), "PTO");
    assert_eq!(text(&built.page("about-us/"), "main h1"), "About");
    assert_eq!(text(&built.page("docs/intro/"), "main h1"), "Intro");
    assert_eq!(text(&built.page("guides/start/"), "main h1"), "Start");
    assert_eq!(content_href(&built.page(""), "file"), "/time-off/");
    assert_eq!(content_href(&built.page(""), "jekyll"), "/team/");
    assert!(!built.exists("people/pto-policy/index.html"));
    assert!(!built.exists("data/index.html"));
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());

    fixture.write(
        "content/about.md",
        "---\ntitle: About\npermalink: \"/{{ page.fileSlug }}/\"\n---\n# About\n",
    );
    fixture.write("content/index.md", "# Home\n");
    let built = fixture.ok();
    let warned: Vec<_> = built
        .report
        .warnings
        .iter()
        .filter(|d| d.code == Code::FrontmatterUrl)
        .collect();
    assert_eq!(warned.len(), 1, "{:?}", built.warnings());
    assert_eq!(warned[0].position.map(|p| p.line), Some(3));
    assert_eq!(text(&built.page("about/"), "main h1"), "About");
}

#[test]
fn an_alias_that_cannot_be_written_is_an_error_at_its_key() {
    let fixture = Fixture::new().page("index.md", "# Home\n").page(
        "a.md",
        "---\ntitle: A\naliases:\n  - ../../etc/x/\n---\n# A\n",
    );
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert_eq!(errors[0].code, Code::AliasInvalid);
    assert_eq!(errors[0].position.map(|p| p.line), Some(3), "{}", errors[0]);
}

#[test]
fn small_things_other_handbooks_showed() {
    // A link home where there is no home page names what is missing.
    let errors = Fixture::new().page("a.md", "# A\n\n[home](/)\n").errors();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert!(
        errors[0].message.contains("there is no home page"),
        "{}",
        errors[0]
    );

    // `aliases` and Jekyll's `redirect_from` on one page: both redirect.
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page(
            "new.md",
            "---\naliases: [/a/]\nredirect_from: /b/\n---\n# New\n",
        )
        .ok();
    assert!(built.exists("a/index.html") && built.exists("b/index.html"));

    // `content_dir = "."`: paths in diagnostics have no `./`.
    let fixture = Fixture::bare()
        .file("handbook.toml", "title = \"T\"\ncontent_dir = \".\"\n")
        .file("README.md", "# Home\n\n[gone](nope.md)\n");
    let errors = fixture.errors();
    let file = errors[0]
        .file
        .as_ref()
        .expect("a file")
        .display()
        .to_string();
    assert!(!file.contains("/./"), "{file}");
    assert_eq!(
        errors[0].file.as_deref(),
        Some(fixture.path("README.md").as_path())
    );
}
