//! Tags and related pages: the tag index and tag pages, tags on a page, the
//! ranking of related pages (links over tags, rare tags over common ones,
//! broad tags ignored), and the sidebar's links to the generated pages.

use crate::common;

use common::{Fixture, attrs, count, sel, text, text_of, texts};

fn tagged(title: &str, tags: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ntags: {tags}\n---\n{body}\n")
}

/// The labels in a page's related section.
fn related(built: &common::Built, url: &str) -> Vec<String> {
    texts(&built.page(url), "section.related li a")
}

#[test]
fn tag_index_lists_every_tag_with_its_count() {
    let built = Fixture::new()
        .page("a.md", &tagged("A", "[On-call, ops]", "Body."))
        .page("b.md", &tagged("B", "[on-call]", "Body."))
        .page("c.md", &tagged("C", "ON-CALL", "Body."))
        .page("d.md", "# D\n")
        .ok();
    let index = built.page("/tags/");
    let cloud: Vec<(String, String, String)> = index
        .select(&sel("ul.tag-cloud li"))
        .map(|li| {
            let a = li.select(&sel("a.tag")).next().expect("a tag link");
            (
                text_of(a),
                a.value().attr("href").unwrap_or_default().to_string(),
                text_of(li),
            )
        })
        .collect();
    assert_eq!(cloud.len(), 2, "tags differing in case are one: {cloud:?}");
    assert_eq!(cloud[0].0.to_lowercase(), "on-call");
    assert_eq!(cloud[0].1, "/tags/on-call/");
    assert!(cloud[0].2.ends_with('3'), "{cloud:?}");
    assert_eq!(cloud[1].0, "ops");
    assert_eq!(cloud[1].1, "/tags/ops/");
    assert!(cloud[1].2.ends_with('1'), "{cloud:?}");
}

#[test]
fn tag_pages_list_their_pages() {
    let built = Fixture::new()
        .page("a.md", &tagged("A", "[On-call, ops]", "Body."))
        .page("s/b.md", &tagged("B", "[on-call]", "Body."))
        .page("c.md", "# C\n")
        .ok();
    let on_call = built.page("/tags/on-call/");
    assert_eq!(texts(&on_call, "ul.tagged-pages li a"), ["A", "B"]);
    assert_eq!(
        attrs(&on_call, "ul.tagged-pages li a", "href"),
        ["/a/", "/s/b/"]
    );
    assert_eq!(
        attrs(&built.page("/tags/ops/"), "ul.tagged-pages li a", "href"),
        ["/a/"]
    );
}

#[test]
fn a_pages_tags_link_to_their_tag_pages() {
    let built = Fixture::new()
        .page("a.md", &tagged("A", "[On-call, Hiring]", "Body."))
        .page("b.md", &tagged("B", "[on-call]", "Body."))
        .ok();
    let a = built.page("a/");
    assert_eq!(texts(&a, "a.tag[rel=tag]"), ["On-call", "Hiring"]);
    assert_eq!(
        attrs(&a, "a.tag[rel=tag]", "href"),
        ["/tags/on-call/", "/tags/hiring/"]
    );
    // Spelt as the page spells it, linked to the one tag page.
    assert_eq!(
        attrs(&built.page("b/"), "a.tag[rel=tag]", "href"),
        ["/tags/on-call/"]
    );
    assert!(built.exists("tags/hiring/index.html"));
}

#[test]
fn no_tags_no_tag_pages() {
    let built = Fixture::new().page("a.md", "# A\n").ok();
    assert!(!built.exists("tags/index.html"));
    assert_eq!(count(&built.page("a/"), "a.tag"), 0);
    assert_eq!(count(&built.page("a/"), "section.related"), 0);
}

#[test]
fn a_link_either_way_weighs_more_than_a_shared_tag() {
    let built = Fixture::new()
        .page("x.md", &tagged("X", "[rare]", "See [L](l.md)."))
        .page("l.md", "# L\n\nLinked from X.\n")
        .page("t.md", &tagged("T", "[rare]", "Shares a tag with X."))
        .page("m.md", "# M\n\nLinks to [X](x.md).\n")
        .page("n.md", "# N\n\nUnrelated.\n")
        .ok();
    let mut got = related(&built, "x/");
    // Links first (in either direction), then the tag.
    assert_eq!(got.pop().as_deref(), Some("T"), "{got:?}");
    got.sort();
    assert_eq!(got, ["L", "M"]);
    // Either way: L is related to X though only X links.
    assert_eq!(related(&built, "l/"), ["X"]);
}

#[test]
fn a_rarer_shared_tag_weighs_more_than_a_common_one() {
    let mut fixture = Fixture::new()
        .page("x.md", &tagged("X", "[common, rare]", "Body."))
        .page("r.md", &tagged("R", "[rare]", "Body."));
    for n in 1..=4 {
        fixture = fixture.page(
            &format!("c{n}.md"),
            &tagged(&format!("C{n}"), "[common]", "Body."),
        );
    }
    let built = fixture.ok();
    let got = related(&built, "x/");
    assert_eq!(got.len(), 5, "{got:?}");
    assert_eq!(got[0], "R", "{got:?}");
}

#[test]
fn up_to_five_related_pages_and_never_the_page_itself() {
    let mut fixture = Fixture::new().page(
        "x.md",
        &tagged("X", "[team]", "Me: [X](x.md) and [top](#top)."),
    );
    for n in 1..=8 {
        fixture = fixture.page(
            &format!("p{n}.md"),
            &tagged(&format!("P{n}"), "[team]", "Body."),
        );
    }
    let built = fixture.ok();
    let got = related(&built, "x/");
    assert_eq!(got.len(), 5, "{got:?}");
    assert!(!got.contains(&"X".to_string()), "{got:?}");
    for n in 1..=8 {
        let own = format!("P{n}");
        let theirs = related(&built, &format!("p{n}/"));
        assert!(!theirs.contains(&own), "{own}: {theirs:?}");
        assert!(theirs.len() <= 5, "{own}: {theirs:?}");
    }
}

#[test]
fn tags_on_more_than_a_hundred_pages_do_not_relate_pages() {
    let build = |pages: usize| {
        let mut fixture = Fixture::new();
        for n in 0..pages {
            fixture = fixture.page(
                &format!("p{n:03}.md"),
                &tagged(&format!("P{n:03}"), "[everything]", "Body."),
            );
        }
        fixture.ok()
    };
    let broad = build(101);
    assert_eq!(count(&broad.page("p000/"), "section.related li"), 0);
    assert_eq!(count(&broad.page("p100/"), "section.related li"), 0);
    // Still a tag with its page.
    assert!(
        text(&broad.page("/tags/"), "ul.tag-cloud li").ends_with("101"),
        "{}",
        text(&broad.page("/tags/"), "ul.tag-cloud li")
    );
    let hundred = build(100);
    assert_eq!(count(&hundred.page("p000/"), "section.related li"), 5);
}

#[test]
fn sidebar_links_to_the_generated_pages_that_exist() {
    let all = Fixture::new()
        .page("index.md", "# Home\n")
        .page("jobs/dev.md", "---\ntitle: Developer\n---\nBody.\n")
        .page(
            "playbooks/incident.md",
            "---\ntitle: Incident\n---\n1. Page\n",
        )
        .page("a.md", &tagged("A", "[ops]", "Body."))
        .ok();
    let home = all.page("/");
    assert_eq!(
        texts(&home, "nav.handbook-links a"),
        ["Plans dashboard", "Roles", "Playbooks", "Tags"]
    );
    assert_eq!(
        attrs(&home, "nav.handbook-links a", "href"),
        ["/dashboard/", "/roles/", "/playbooks/", "/tags/"]
    );
    // The generated pages have the sidebar too.
    assert_eq!(
        attrs(&all.page("/tags/ops/"), "nav.handbook-links a", "href"),
        ["/dashboard/", "/roles/", "/playbooks/", "/tags/"]
    );

    let some = Fixture::new()
        .page("index.md", "# Home\n")
        .page("a.md", &tagged("A", "[ops]", "Body."))
        .ok();
    assert_eq!(
        attrs(&some.page("/"), "nav.handbook-links a", "href"),
        ["/dashboard/", "/tags/"]
    );
}

#[test]
fn generated_links_follow_the_base_url() {
    let built = Fixture::new()
        .base_url("https://example.com/handbook/")
        .page("index.md", "# Home\n")
        .page("a.md", &tagged("A", "[ops]", "Body."))
        .page("b.md", &tagged("B", "[ops]", "Body."))
        .ok();
    let a = built.page("a/");
    assert_eq!(attrs(&a, "a.tag[rel=tag]", "href"), ["/handbook/tags/ops/"]);
    assert_eq!(attrs(&a, "section.related li a", "href"), ["/handbook/b/"]);
    assert_eq!(
        attrs(&a, "nav.handbook-links a", "href"),
        ["/handbook/dashboard/", "/handbook/tags/"]
    );
    assert_eq!(
        attrs(&built.page("/tags/ops/"), "ul.tagged-pages li a", "href"),
        ["/handbook/a/", "/handbook/b/"]
    );
}

#[test]
fn tags_that_differ_in_more_than_case_stay_apart() {
    // Expected: "C++" and "C#" are two tags with a page each; today both
    // become /tags/c/, listed as "C++" with 2 pages.
    let built = Fixture::new()
        .page("a.md", &tagged("A", "[\"C++\"]", "Body."))
        .page("b.md", &tagged("B", "[\"C#\"]", "Body."))
        .ok();
    let a = attrs(&built.page("a/"), "a.tag[rel=tag]", "href");
    let b = attrs(&built.page("b/"), "a.tag[rel=tag]", "href");
    assert_eq!((a.len(), b.len()), (1, 1), "{a:?} {b:?}");
    assert_ne!(a, b, "C++ and C# share a tag page");
    assert_eq!(count(&built.page("/tags/"), "ul.tag-cloud a.tag"), 2);
}

#[test]
fn a_handbook_page_at_a_tag_url_is_not_lost() {
    // content/tags/ops.md is the page /tags/ops/, and `ops` is a tag. Expected:
    // either the build fails naming the page (as other output clashes do), or
    // the page keeps its URL and shows its own content. Today both are written
    // to tags/ops/index.html at once, and which one is left varies from build
    // to build (mostly the generated "Tagged “ops”" page), without a word:
    // so the build is tried several times.
    for _ in 0..10 {
        let fixture = Fixture::new()
            .page(
                "tags/ops.md",
                &tagged("Ops page", "[ops]", "Our own words."),
            )
            .page("a.md", "# A\n");
        match fixture.build() {
            Err(diagnostics) => {
                let file = fixture.path("content/tags/ops.md");
                assert!(
                    diagnostics
                        .iter()
                        .any(|d| d.is_error() && d.file.as_deref() == Some(file.as_path())),
                    "{}",
                    common::show(&diagnostics)
                );
            }
            Ok(built) => {
                let page = built.page("/tags/ops/");
                assert_eq!(text(&page, "h1"), "Ops page");
                assert!(
                    texts(&page, ".content p").contains(&"Our own words.".to_string()),
                    "{}",
                    built.page_source("/tags/ops/")
                );
            }
        }
    }
}
