//! Links: how each form resolves to a page's URL, the base URL prefix, anchors,
//! and broken links and anchors reported all together with where they are.

use crate::common;

use common::{Fixture, attr, attrs, content_href, diagnostic_for, show};
use handbook::Severity;
use handbook::analyse::links::decode;

/// A small site linking in every form; `base` is the base path that
/// site-absolute links start with (`""` for the default `/`).
fn linked_site(base: &str) -> Fixture {
    Fixture::new()
        .page("index.md", "# Home\n")
        .page(
            "guide/index.md",
            &format!(
                "# Guide\n\n\
                 [md](setup.md) [bare](setup) [bare-slash](setup/) [dot](./setup.md) \
                 [up](../about/) [up-md](../about.md) [abs]({base}/about/) [abs-noslash]({base}/about) \
                 [to-anchor](setup.md#install-steps) [abs-anchor]({base}/about/#team) [same](#local) \
                 [root](../index.md) [readme](deep/README.md) [folder](deep) \
                 [ext](https://example.org/x) [mail](mailto:a@example.org)\n\n\
                 ![pic](img/p.png)\n\n\
                 ## Local\n"
            ),
        )
        .page(
            "guide/setup.md",
            "# Setup\n\n[sibling-index](index.md) [about](../about.md)\n\n## Install steps\n",
        )
        .page("guide/deep/README.md", "# Deep\n")
        .page("guide/img/p.png", "not really a png")
        .page("about.md", "# About\n\n## Team\n")
}

#[test]
fn links_resolve_to_page_urls() {
    let built = linked_site("").ok();
    let guide = built.page("guide/");
    let expected = [
        ("md", "/guide/setup/"),
        ("bare", "/guide/setup/"),
        ("bare-slash", "/guide/setup/"),
        ("dot", "/guide/setup/"),
        ("up", "/about/"),
        ("up-md", "/about/"),
        ("abs", "/about/"),
        ("abs-noslash", "/about/"),
        ("to-anchor", "/guide/setup/#install-steps"),
        ("abs-anchor", "/about/#team"),
        ("same", "#local"),
        ("root", "/"),
        ("readme", "/guide/deep/"),
        ("folder", "/guide/deep/"),
        ("ext", "https://example.org/x"),
        ("mail", "mailto:a@example.org"),
    ];
    for (label, href) in expected {
        assert_eq!(content_href(&guide, label), href, "link [{label}]");
    }
    assert_eq!(attr(&guide, ".content img", "src"), "/guide/img/p.png");
    assert!(built.exists("guide/img/p.png"));
}

#[test]
fn relative_links_are_relative_to_the_markdown_file() {
    // setup.md is served at /guide/setup/, but `index.md` next to it is /guide/.
    let setup = linked_site("").ok().page("guide/setup/");
    assert_eq!(content_href(&setup, "sibling-index"), "/guide/");
    assert_eq!(content_href(&setup, "about"), "/about/");
}

#[test]
fn links_make_backlinks_on_their_targets() {
    let built = linked_site("").ok();
    assert_eq!(
        common::texts(&built.page("guide/setup/"), ".backlinks li a"),
        ["Guide"]
    );
    let about = built.page("about/");
    assert_eq!(common::texts(&about, ".backlinks li a"), ["Guide", "Setup"]);
    assert_eq!(
        attrs(&about, ".backlinks li a", "href"),
        ["/guide/", "/guide/setup/"]
    );
}

#[test]
fn base_url_prefixes_every_internal_href() {
    let built = linked_site("/docs")
        .page(
            "more.md",
            "# More\n\n[abs](/docs/about/) [full](https://example.com/docs/about/#team)\n",
        )
        .base_url("https://example.com/docs/")
        .ok();
    let guide = built.page("guide/");
    assert_eq!(content_href(&guide, "md"), "/docs/guide/setup/");
    assert_eq!(content_href(&guide, "up"), "/docs/about/");
    assert_eq!(content_href(&guide, "root"), "/docs/");
    assert_eq!(content_href(&guide, "abs"), "/docs/about/");
    assert_eq!(content_href(&guide, "abs-noslash"), "/docs/about/");
    assert_eq!(content_href(&guide, "abs-anchor"), "/docs/about/#team");
    let more = built.page("more/");
    assert_eq!(content_href(&more, "abs"), "/docs/about/");
    assert_eq!(content_href(&more, "full"), "/docs/about/#team");

    let external = |u: &str| {
        u.starts_with('#') || u.starts_with("https://example.org") || u.starts_with("mailto:")
    };
    for url in [
        "/",
        "guide/",
        "guide/setup/",
        "guide/deep/",
        "about/",
        "more/",
    ] {
        let page = built.page(url);
        let mut links = attrs(&page, "[href]", "href");
        links.extend(attrs(&page, "[src]", "src"));
        links.extend(attrs(&page, "[data-src]", "data-src"));
        assert!(links.len() > 5, "{url}: {links:?}");
        for link in links.into_iter().filter(|u| !external(u)) {
            assert!(
                link.starts_with("/docs/"),
                "{url}: {link} is not under /docs/"
            );
        }
    }
    for href in
        attrs(&built.nav(), "a", "href")
            .into_iter()
            .chain(attrs(&built.nav(), "li", "data-url"))
    {
        assert!(href.starts_with("/docs/"), "_nav.html: {href}");
    }
    let sitemap = built.sitemap();
    // Five pages and the dashboard.
    assert_eq!(sitemap.len(), 7);
    for loc in sitemap {
        assert!(loc.starts_with("https://example.com/docs/"), "{loc}");
    }
}

#[test]
fn base_url_option_overrides_the_config() {
    let fixture = Fixture::new()
        .file(
            "handbook.toml",
            "title = \"T\"\nbase_url = \"/handbook/\"\n",
        )
        .page("a.md", "# A\n\n[b](b.md) [abs](/handbook/b/)\n")
        .page("b.md", "# B\n");
    let a = fixture.ok().page("a/");
    assert_eq!(content_href(&a, "b"), "/handbook/b/");
    assert_eq!(content_href(&a, "abs"), "/handbook/b/");
    let a = fixture.base_url("/docs").ok().page("a/");
    assert_eq!(content_href(&a, "b"), "/docs/b/");
    // Written for the config's base path, now outside the one given: left alone.
    assert_eq!(content_href(&a, "abs"), "/handbook/b/");
}

#[test]
fn links_can_be_relative_to_the_page_url() {
    let built = Fixture::new()
        .file(
            "handbook.toml",
            "title = \"T\"\n[links]\nrelative_to = \"url\"\n",
        )
        .page("a/b.md", "# B\n\n[sibling](../c/) [child](d/)\n")
        .page("a/c.md", "# C\n")
        .page("a/b/d.md", "# D\n")
        .ok();
    let b = built.page("a/b/");
    assert_eq!(content_href(&b, "sibling"), "/a/c/");
    assert_eq!(content_href(&b, "child"), "/a/b/d/");
}

#[test]
fn site_absolute_links_outside_the_base_path_are_left_alone() {
    // Documented: a path outside the base path is another site's, not checked.
    let built = Fixture::new()
        .page("about.md", "# About\n")
        .page("a.md", "# A\n\n[out](/about/) [in](/docs/about/)\n")
        .base_url("/docs/")
        .ok();
    let a = built.page("a/");
    assert_eq!(content_href(&a, "out"), "/about/");
    assert_eq!(content_href(&a, "in"), "/docs/about/");
}

#[test]
fn broken_links_and_anchors_are_all_reported_with_line_and_column() {
    let fixture = Fixture::new()
        .page("a.md", "---\ntitle: A\n---\nIntro line.\nSee [gone](nope.md) here.\n")
        .page(
            "b.md",
            "# B\n\ntext é [x](missing/) and [y](a.md#no-such-heading)\n\n[s](#nowhere) ![i](img/none.png)\n",
        );
    let errors = fixture.errors();
    let a = fixture.path("content/a.md");
    let b = fixture.path("content/b.md");
    let found: Vec<(String, usize, usize)> = errors
        .iter()
        .map(|d| {
            let p = d.position.expect("a position");
            let file = d.file.as_ref().expect("a file");
            (
                file.file_name().unwrap().to_string_lossy().into_owned(),
                p.line,
                p.column,
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("a.md".to_string(), 5, 5),
            ("b.md".to_string(), 3, 8),
            ("b.md".to_string(), 3, 26),
            ("b.md".to_string(), 5, 1),
            ("b.md".to_string(), 5, 15),
        ],
        "{}",
        show(&errors)
    );
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        shown[0].starts_with(&format!(
            "{}:5:5: error[link/missing-page]: broken link [gone](nope.md)",
            a.display()
        )),
        "{}",
        shown[0]
    );
    assert!(shown[0].contains("there is no page"), "{}", shown[0]);
    assert!(
        shown[1].starts_with(&format!(
            "{}:3:8: error[link/missing-page]: broken link [x](missing/)",
            b.display()
        )),
        "{}",
        shown[1]
    );
    assert!(
        shown[2].contains("has no heading or anchor #no-such-heading"),
        "{}",
        shown[2]
    );
    assert!(
        shown[3].contains("this page has no heading or anchor #nowhere"),
        "{}",
        shown[3]
    );
    assert!(
        shown[4].contains("there is no file img/none.png"),
        "{}",
        shown[4]
    );
    assert!(!fixture.out().exists(), "a failed build wrote output");
}

#[test]
fn near_miss_anchor_suggests_the_heading() {
    let fixture = Fixture::new()
        .page("a.md", "# A\n\n## Install steps\n")
        .page("b.md", "# B\n\n[go](a.md#instal-steps)\n");
    let errors = fixture.errors();
    let d = diagnostic_for(&errors, &fixture.path("content/b.md"));
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(
        d.hint.as_deref(),
        Some("did you mean #install-steps?"),
        "{d}"
    );
}

#[test]
fn link_policy_warning_builds_and_reports() {
    let built = Fixture::new()
        .file(
            "handbook.toml",
            "title = \"T\"\n[links]\nmissing_page = \"warning\"\n",
        )
        .page("a.md", "# A\n\n[gone](nope.md)\n")
        .ok();
    let warnings = built.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("a.md:3:1: warning[link/missing-page]: broken link [gone](nope.md)"),
        "{warnings:?}"
    );
    // Left as written.
    assert_eq!(content_href(&built.page("a/"), "gone"), "nope.md");
}

#[test]
fn heading_ids_keep_emoji_and_both_link_forms_resolve() {
    let built = Fixture::new()
        .page(
            "plan.md",
            "# Plan\n\n## 🔁 Iterative Improvement\n\nText.\n",
        )
        .page(
            "a.md",
            "# A\n\n[raw](plan.md#🔁-iterative-improvement) \
             [encoded](plan.md#%F0%9F%94%81-iterative-improvement)\n",
        )
        .ok();
    let plan = built.page("plan/");
    let id = "🔁-iterative-improvement";
    assert_eq!(common::texts(&plan, &format!("h2[id='{id}']")).len(), 1);
    assert_eq!(
        decode(&attr(&plan, "h2 a.heading-anchor", "href")),
        format!("#{id}")
    );
    let a = built.page("a/");
    for label in ["raw", "encoded"] {
        assert_eq!(
            decode(&content_href(&a, label)),
            format!("/plan/#{id}"),
            "link [{label}]"
        );
    }
}

#[test]
fn duplicate_headings_get_numbered_ids() {
    let built = Fixture::new()
        .page(
            "a.md",
            "# A\n\n## Notes\n\n## Notes\n\n### Notes\n\n[third](#notes-2)\n",
        )
        .page("b.md", "# B\n\n[second](a.md#notes-1)\n")
        .ok();
    let a = built.page("a/");
    assert_eq!(
        attrs(&a, ".content h2, .content h3", "id"),
        ["notes", "notes-1", "notes-2"]
    );
    assert_eq!(content_href(&a, "third"), "#notes-2");
    assert_eq!(content_href(&built.page("b/"), "second"), "/a/#notes-1");
}

#[test]
fn explicit_ids_in_raw_html_and_heading_attributes_are_anchors() {
    let built = Fixture::new()
        .page(
            "a.md",
            "# A\n\n<a id=\"custom-spot\"></a>\n\nSome text with <span id='inline'>x</span>.\n\n## Hello {#hi}\n",
        )
        .page("b.md", "# B\n\n[c](a.md#custom-spot) [i](a.md#inline) [h](a.md#hi)\n")
        .ok();
    let a = built.page("a/");
    assert_eq!(attrs(&a, ".content a#custom-spot", "id"), ["custom-spot"]);
    assert_eq!(attrs(&a, ".content h2#hi", "id"), ["hi"]);
    let b = built.page("b/");
    assert_eq!(content_href(&b, "c"), "/a/#custom-spot");
    assert_eq!(content_href(&b, "i"), "/a/#inline");
    assert_eq!(content_href(&b, "h"), "/a/#hi");
}

#[test]
fn anchor_to_the_title_heading_resolves() {
    let built = Fixture::new()
        .page("a.md", "# Getting Started\n\ntext\n")
        .page("b.md", "# B\n\n[t](a.md#getting-started)\n")
        .ok();
    assert_eq!(
        attr(&built.page("a/"), ".page-header h1", "id"),
        "getting-started"
    );
    assert_eq!(content_href(&built.page("b/"), "t"), "/a/#getting-started");
}

#[test]
fn spaces_in_file_names_are_encoded_in_hrefs() {
    let built = Fixture::new()
        .page("c d.md", "# Spaced\n")
        .page("a.md", "# A\n\n[enc](c%20d.md) [angle](<c d.md>)\n")
        .ok();
    assert!(built.exists("c d/index.html"));
    let a = built.page("a/");
    assert_eq!(content_href(&a, "enc"), "/c%20d/");
    assert_eq!(content_href(&a, "angle"), "/c%20d/");
    assert_eq!(
        attr(&built.nav(), "li[data-url='/c%20d/'] > a", "href"),
        "/c%20d/"
    );
}
