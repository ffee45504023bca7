//! Navigation: order, labels, groups, nesting, folders without index pages,
//! breadcrumbs and previous/next.

use crate::common;

use common::{Fixture, attr, attrs, count, text, texts};

fn titled(title: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\n{extra}---\nBody of {title}.\n")
}

#[test]
fn nav_orders_by_nav_order_then_title_case_insensitively() {
    // File names sort the opposite way to the titles, so only the titles can give this order.
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("1.md", &titled("cherry", ""))
        .page("2.md", &titled("banana", ""))
        .page("3.md", &titled("Apple", ""))
        .page("4.md", &titled("Zed", "navOrder: 2\n"))
        .page("5.md", &titled("Yak", "navOrder: 1\n"))
        .ok();
    let nav = built.nav();
    assert_eq!(
        attrs(&nav, "ul.nav-tree > li.nav-item", "data-url"),
        ["/", "/5/", "/4/", "/3/", "/2/", "/1/"]
    );
    assert_eq!(
        texts(&nav, "ul.nav-tree > li.nav-item > a"),
        ["Home", "Yak", "Zed", "Apple", "banana", "cherry"]
    );
}

#[test]
fn weight_orders_like_nav_order() {
    let built = Fixture::new()
        .page("a.md", &titled("A", "weight: 3\n"))
        .page("b.md", &titled("B", "weight: 1\n"))
        .page("c.md", &titled("C", "navOrder: 2\n"))
        .ok();
    assert_eq!(
        texts(&built.nav(), "ul.nav-tree > li.nav-item > a"),
        ["B", "C", "A"]
    );
}

#[test]
fn nav_title_is_the_label_in_nav_breadcrumbs_and_prev_next() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page(
            "s/index.md",
            &titled("A Very Long Section Title", "navTitle: Short\n"),
        )
        .page("s/a.md", &titled("First", "navOrder: 1\n"))
        .page(
            "s/b.md",
            &titled("The Second Page In Full", "navOrder: 2\nnavTitle: Second\n"),
        )
        .ok();
    let nav = built.nav();
    assert_eq!(text(&nav, "li[data-url='/s/'] > .nav-branch > a"), "Short");
    assert_eq!(text(&nav, "li[data-url='/s/b/'] > a"), "Second");

    let a = built.page("s/a/");
    assert_eq!(texts(&a, ".breadcrumbs li"), ["Home", "Short", "First"]);
    assert_eq!(text(&a, ".prev-next a.next"), "Next Second");

    let b = built.page("s/b/");
    // The page's own heading keeps the full title; the navigation uses the short one.
    assert_eq!(text(&b, ".page-header h1"), "The Second Page In Full");
    assert_eq!(texts(&b, ".breadcrumbs li"), ["Home", "Short", "Second"]);
    assert_eq!(text(&b, ".prev-next a.prev"), "Previous First");
    assert_eq!(attr(&b, ".prev-next a.prev", "href"), "/s/a/");
    assert_eq!(count(&b, ".prev-next a.next"), 0);

    let s = built.page("s/");
    assert_eq!(text(&s, ".page-header h1"), "A Very Long Section Title");
    assert_eq!(texts(&s, ".children li.child > a"), ["First", "Second"]);
}

/// The top-level entries of the nav: `class:label` for each `li` of the tree.
fn top_entries(nav: &scraper::Html) -> Vec<String> {
    nav.select(&common::sel("ul.nav-tree > li"))
        .map(|li| {
            let class = li.value().attr("class").unwrap_or_default().to_string();
            let label = li
                .select(&common::sel(":scope > a, :scope > span.nav-group-title, :scope > .nav-branch > a, :scope > details > summary > :first-child"))
                .next()
                .map(common::text_of)
                .unwrap_or_default();
            format!("{class}:{label}")
        })
        .collect()
}

#[test]
fn nav_groups_come_first_in_order_and_ungrouped_pages_last_under_other() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("loose.md", &titled("Loose", "navOrder: 0\n"))
        .page(
            "g2.md",
            &titled("Guide Two", "navGroup: Guides\nnavOrder: 6\n"),
        )
        .page(
            "g1.md",
            &titled("Guide One", "navGroup: Guides\nnavOrder: 5\n"),
        )
        .page("r1.md", &titled("Ref", "navGroup: Reference\n"))
        .page("misc.md", &titled("Misc", ""))
        .ok();
    let nav = built.nav();
    // After the root page: the groups in the order of their first page, then
    // the ungrouped pages, under "Other" since their siblings are grouped.
    assert_eq!(
        top_entries(&nav),
        [
            "nav-item:Home",
            "nav-group:Guides",
            "nav-group:Reference",
            "nav-group:Other",
        ]
    );
    let group = |name: &str| {
        nav.select(&common::sel("ul.nav-tree > li.nav-group"))
            .find(|g| {
                g.select(&common::sel(":scope > span.nav-group-title"))
                    .map(common::text_of)
                    .any(|t| t == name)
            })
            .map(|g| {
                g.select(&common::sel(":scope > ul > li.nav-item > a"))
                    .map(common::text_of)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    assert_eq!(group("Guides"), ["Guide One", "Guide Two"]);
    assert_eq!(group("Reference"), ["Ref"]);
    assert_eq!(group("Other"), ["Loose", "Misc"]);
    // The home page lists its children in the same order, with the group names.
    let home = built.page("/");
    assert_eq!(
        texts(&home, ".children li.child > a"),
        ["Guide One", "Guide Two", "Ref", "Loose", "Misc"]
    );
    assert_eq!(
        texts(&home, ".children p.child-group"),
        ["Guides", "Reference"]
    );
}

#[test]
fn no_group_is_shown_when_no_sibling_is_grouped() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("a.md", "# A\n")
        .page("s/b.md", &titled("B", "navGroup: Inner\n"))
        .page("s/c.md", &titled("C", ""))
        .ok();
    let nav = built.nav();
    assert_eq!(
        top_entries(&nav),
        ["nav-item:Home", "nav-item:A", "nav-item:S"]
    );
    assert_eq!(count(&nav, "ul.nav-tree > li.nav-group"), 0);
    // Inside s/, one page is grouped, so the other goes under "Other".
    assert_eq!(
        texts(
            &nav,
            "li[data-url='/s/'] li.nav-group > span.nav-group-title"
        ),
        ["Inner", "Other"]
    );
}

#[test]
fn nested_sections_nest_in_details_with_breadcrumbs() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("guide/index.md", "# Guide\n")
        .page("guide/setup/index.md", "# Setup\n")
        .page("guide/setup/linux.md", "# Linux\n")
        .page("guide/intro.md", "# Intro\n")
        .ok();
    let nav = built.nav();
    let guide = "ul.nav-tree > li.nav-item[data-url='/guide/']";
    assert_eq!(text(&nav, &format!("{guide} > .nav-branch > a")), "Guide");
    assert_eq!(
        attr(&nav, &format!("{guide} > .nav-branch > a"), "href"),
        "/guide/"
    );
    let setup = format!("{guide} > details > ul > li.nav-item[data-url='/guide/setup/']");
    assert_eq!(text(&nav, &format!("{setup} > .nav-branch > a")), "Setup");
    assert_eq!(
        text(
            &nav,
            &format!("{setup} > details > ul > li.nav-item[data-url='/guide/setup/linux/'] > a")
        ),
        "Linux"
    );
    assert_eq!(
        texts(&nav, &format!("{guide} > details > ul > li.nav-item a")),
        ["Intro", "Setup", "Linux"]
    );
    // The toggle of Setup's pages is named for screen readers.
    assert_eq!(
        text(&nav, &format!("{setup} > details > summary")),
        "Setup pages"
    );

    let linux = built.page("guide/setup/linux/");
    assert_eq!(
        texts(&linux, ".breadcrumbs li"),
        ["Home", "Guide", "Setup", "Linux"]
    );
    assert_eq!(
        attrs(&linux, ".breadcrumbs li a", "href"),
        ["/", "/guide/", "/guide/setup/"]
    );
    assert_eq!(
        attr(&linux, ".breadcrumbs li[aria-current=page]", "aria-current"),
        "page"
    );
    // A section page lists its children.
    assert_eq!(
        texts(&built.page("guide/"), ".children li.child > a"),
        ["Intro", "Setup"]
    );
}

#[test]
fn folder_without_index_page_is_an_unlinked_nav_node() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("team-docs/a.md", "# Alpha\n")
        .page("team-docs/b.md", "# Beta\n")
        .ok();
    let nav = built.nav();
    let folder = "ul.nav-tree > li.nav-item[data-url='/team-docs/']";
    assert_eq!(
        text(
            &nav,
            &format!("{folder} > details > summary > span.nav-folder")
        ),
        "Team docs"
    );
    assert_eq!(count(&nav, &format!("{folder} > details > summary a")), 0);
    assert_eq!(
        texts(&nav, &format!("{folder} > details > ul > li.nav-item > a")),
        ["Alpha", "Beta"]
    );
    assert!(!built.exists("team-docs/index.html"));

    let a = built.page("team-docs/a/");
    assert_eq!(texts(&a, ".breadcrumbs li"), ["Home", "Team docs", "Alpha"]);
    assert_eq!(count(&a, ".breadcrumbs li a[href='/team-docs/']"), 0);
    assert_eq!(attr(&a, ".prev-next a.next", "href"), "/team-docs/b/");
}

#[test]

fn section_children_do_not_link_to_folders_without_a_page() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("team-docs/a.md", "# Alpha\n")
        .ok();
    assert!(!built.exists("team-docs/index.html"));
    let home = built.page("/");
    assert_eq!(texts(&home, ".children li.child"), ["Team docs"]);
    // Every link on the page goes to a page that was built.
    for href in attrs(&home, ".children a", "href") {
        let rel = href.trim_start_matches('/');
        assert!(
            built.exists(&format!("{rel}index.html")),
            "the child list links to {href}, which has no page"
        );
    }
}

#[test]
fn folder_of_markdown_without_config_builds_with_root_as_content() {
    let built = Fixture::bare()
        .file("index.md", "# Start\n")
        .file("notes/one.md", "# One\n")
        .ok();
    assert_eq!(text(&built.page("/"), ".page-header h1"), "Start");
    assert_eq!(text(&built.page("notes/one/"), ".page-header h1"), "One");
    assert_eq!(
        attrs(&built.nav(), "li.nav-item", "data-url"),
        ["/", "/notes/", "/notes/one/"]
    );
}

#[test]
fn two_pages_with_one_label_in_a_section_get_a_warning() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("s/a.md", "---\ntitle: Setup\n---\nA\n")
        .page("s/b.md", "---\nnavTitle: setup\n---\nB\n")
        .page(
            "t/c.md",
            "---\ntitle: Setup\n---\nC, in another section: fine\n",
        )
        .ok();
    let warnings: Vec<String> = built
        .report
        .warnings
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("s/b.md") && warnings[0].contains("s/a.md"),
        "{warnings:?}"
    );
}

#[test]
fn nav_false_leaves_a_page_out_of_the_tree_and_listings_but_keeps_its_breadcrumbs() {
    let built = Fixture::new()
        .page(
            "index.md",
            "# Home\n\nSee [the archive](docs/archive.md).\n",
        )
        .page("docs/index.md", "# Docs\n")
        .page("docs/a.md", "# Alpha\n")
        .page("docs/archive.md", "---\nnav: false\n---\n# Archive\n")
        .page("docs/b.md", "# Beta\n")
        .ok();
    let nav = built.nav();
    assert_eq!(
        attrs(&nav, "li.nav-item", "data-url"),
        ["/", "/docs/", "/docs/a/", "/docs/b/"]
    );
    let docs = built.page("docs/");
    assert_eq!(texts(&docs, ".children li.child a"), ["Alpha", "Beta"]);
    // Its neighbours skip it; it keeps its place under Docs.
    assert_eq!(
        attr(&built.page("docs/a/"), ".prev-next a.next", "href"),
        "/docs/b/"
    );
    let archive = built.page("docs/archive/");
    assert_eq!(
        texts(&archive, ".breadcrumbs li"),
        ["Home", "Docs", "Archive"]
    );
    assert_eq!(count(&archive, ".prev-next a"), 0);
    // It is linked from the home page, so readers can reach it: no warning.
    assert!(built.warnings().is_empty(), "{:?}", built.warnings());
}

#[test]
fn a_page_out_of_the_nav_that_nothing_links_to_is_a_warning_naming_it() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("lost.md", "---\nnav: false\n---\n# Lost\n")
        .ok();
    let warnings = built.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("lost.md"), "{}", warnings[0]);
    assert!(
        warnings[0].contains("missing from the navigation"),
        "{}",
        warnings[0]
    );
    assert!(built.exists("lost/index.html"));
}

/// The navigation page `url` carries in its own HTML (its first paint).
fn local_nav(built: &common::Built, url: &str) -> scraper::Html {
    let page = built.page(url);
    let nav = page
        .select(&common::sel("#site-nav"))
        .next()
        .expect("the page's navigation")
        .inner_html();
    scraper::Html::parse_fragment(&nav)
}

#[test]
fn a_page_carries_its_sections_links_for_its_first_paint() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("people/index.md", &titled("People", ""))
        .page(
            "people/hiring.md",
            &titled("Hiring", "navOrder: 1\nnavGroup: Joining\n"),
        )
        .page("people/jobs/index.md", &titled("Jobs", "navOrder: 2\n"))
        .page(
            "people/jobs/engineer.md",
            &titled("Engineer", "navOrder: 1\n"),
        )
        .page(
            "people/jobs/designer.md",
            "---\ntitle: Designer\nnavOrder: 2\nstatus: in-progress\n---\n- [x] one\n- [ ] two\n",
        )
        .page(
            "people/jobs/designer/portfolio.md",
            &titled("Portfolio", ""),
        )
        .page("money/index.md", &titled("Money", ""))
        .page("money/expenses.md", &titled("Expenses", ""))
        .ok();
    let nav = local_nav(&built, "/people/jobs/engineer/");
    // Home, the sections above the page, open, and the page among its siblings.
    assert_eq!(
        attrs(&nav, "li.nav-item", "data-url"),
        [
            "/",
            "/people/",
            "/people/jobs/",
            "/people/jobs/engineer/",
            "/people/jobs/designer/"
        ]
    );
    assert_eq!(count(&nav, "details[open]"), 2);
    assert_eq!(
        texts(&nav, "a[aria-current=page]"),
        ["Engineer"],
        "the page is marked current without a script"
    );
    // A sibling's badges as the whole tree shows them; a section's none.
    let designer = "li[data-url='/people/jobs/designer/']";
    assert_eq!(
        texts(&nav, &format!("{designer} .nav-badge")),
        ["In progress", "50%"]
    );
    assert_eq!(
        count(
            &nav,
            "li[data-url='/people/jobs/'] > .nav-branch .nav-badge"
        ),
        0
    );
    // The sections above it under their group names, as the whole tree has them.
    assert_eq!(texts(&nav, ".nav-group-title"), ["Other"]);
    // Not the other sections' pages, nor a sibling's own pages.
    for absent in [
        "/money/",
        "/people/hiring/",
        "/people/jobs/designer/portfolio/",
    ] {
        assert_eq!(
            count(&nav, &format!("[data-url='{absent}']")),
            0,
            "{absent}"
        );
    }
    // A section page shows its own pages under it.
    let nav = local_nav(&built, "/people/jobs/designer/");
    assert_eq!(
        attrs(
            &nav,
            "li[data-url='/people/jobs/designer/'] li.nav-item",
            "data-url"
        ),
        ["/people/jobs/designer/portfolio/"]
    );
    // The home page: itself and the top sections.
    let nav = local_nav(&built, "/");
    assert_eq!(
        attrs(&nav, "li.nav-item", "data-url"),
        ["/", "/money/", "/people/"]
    );
    assert_eq!(texts(&nav, "a[aria-current=page]"), ["Home"]);
    // Every link the page carries is one the whole tree has.
    let whole = built.nav();
    for url in attrs(&local_nav(&built, "/people/jobs/engineer/"), "a", "href") {
        assert_eq!(count(&whole, &format!("a[href='{url}']")), 1, "{url}");
    }
}

#[test]
fn a_page_in_a_big_folder_carries_its_nearest_siblings_only() {
    let mut fixture = Fixture::new()
        .page("index.md", "# Home\n")
        .page("f/index.md", &titled("F", ""));
    for n in 0..40 {
        fixture = fixture.page(
            &format!("f/p{n:02}.md"),
            &titled(&format!("P{n:02}"), &format!("navOrder: {n}\n")),
        );
    }
    let built = fixture.ok();
    let shown = |url: &str| -> Vec<String> {
        attrs(
            &local_nav(&built, url),
            "li[data-url='/f/'] li.nav-item",
            "data-url",
        )
    };
    let expected: Vec<String> = (8..=32).map(|n| format!("/f/p{n:02}/")).collect();
    assert_eq!(shown("/f/p20/"), expected, "12 on each side");
    let expected: Vec<String> = (0..=12).map(|n| format!("/f/p{n:02}/")).collect();
    assert_eq!(shown("/f/p00/"), expected, "the first page");
    assert_eq!(shown("/f/p39/").len(), 13, "the last page");
    // The section page shows its first 25 pages.
    let first = attrs(
        &local_nav(&built, "/f/"),
        "li[data-url='/f/'] li.nav-item",
        "data-url",
    );
    assert_eq!(first.len(), 25);
    assert_eq!(first[0], "/f/p00/");
}

#[test]
fn a_page_left_out_of_the_navigation_carries_the_sections_above_it() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("s/index.md", &titled("S", ""))
        .page("s/a.md", &titled("A", ""))
        .page("s/secret.md", &titled("Secret", "nav: false\n"))
        .page("s/b.md", "---\ntitle: B\n---\nSee [secret](secret.md).\n")
        .ok();
    let nav = local_nav(&built, "/s/secret/");
    assert_eq!(attrs(&nav, "li.nav-item", "data-url"), ["/", "/s/"]);
}
