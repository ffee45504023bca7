//! Escaping: text from frontmatter, headings and the config shows as text
//! wherever it is used, and never becomes markup.

use crate::common;

use common::{Fixture, attr, count, text, texts};

const EVIL: &str = "<script>alert(1)</script>";

fn evil_site() -> Fixture {
    Fixture::new()
        .file("handbook.toml", "title = \"T <i>x</i>\"\n")
        .page("index.md", "# Home\n\n[evil](s/index.md)\n")
        .page(
            "s/index.md",
            &format!(
                "---\ntitle: \"{EVIL}\"\ndescription: 'say \"hi\" <b>now</b>'\ntags: [\"<u>t</u>\"]\nowner: \"<em>me</em>\"\n---\nBody.\n"
            ),
        )
        .page("s/a.md", "---\nnavOrder: 1\n---\n# A\n\n[up](index.md)\n")
        .page("s/b.md", "---\nnavOrder: 2\n---\n# B\n")
        .page("z.md", "# Z\n")
}

#[test]
fn script_title_is_text_in_the_page_header() {
    let built = evil_site().ok();
    let page = built.page("s/");
    assert_eq!(text(&page, ".page-header h1"), EVIL);
    assert_eq!(text(&page, "head title"), format!("{EVIL} · T <i>x</i>"));
    assert_eq!(count(&page, "body script"), 0);
    assert_eq!(
        count(&page, "head script"),
        2,
        "only the theme's own scripts"
    );
}

#[test]
fn script_title_is_text_in_breadcrumbs_children_backlinks_and_prev_next() {
    let built = evil_site().ok();
    let a = built.page("s/a/");
    assert_eq!(texts(&a, ".breadcrumbs li"), ["Home", EVIL, "A"]);
    assert_eq!(count(&a, "body script"), 0);
    // The home page lists the section and is linked from it.
    let home = built.page("/");
    assert_eq!(texts(&home, ".children li.child > a"), [EVIL, "Z"]);
    assert_eq!(count(&home, "body script"), 0);
    // The section is the page before z.
    let z = built.page("z/");
    assert_eq!(text(&z, ".prev-next a.prev"), format!("Previous {EVIL}"));
    assert_eq!(count(&z, "body script"), 0);
    // s/ is linked from the home page and from a.
    let s = built.page("s/");
    assert_eq!(texts(&s, ".backlinks li a"), ["Home", "A"]);
    // Backlinks on the home page carry the section's label.
    let home_backlinks = Fixture::new()
        .page("index.md", "# Home\n")
        .page(
            "x.md",
            &format!("---\ntitle: \"{EVIL}\"\n---\n[home](index.md)\n"),
        )
        .ok();
    let home2 = home_backlinks.page("/");
    assert_eq!(texts(&home2, ".backlinks li a"), [EVIL]);
    assert_eq!(count(&home2, "body script"), 0);
}

#[test]
fn script_title_is_text_in_the_nav() {
    let built = evil_site().ok();
    let nav = built.nav();
    assert_eq!(count(&nav, "script"), 0);
    assert_eq!(text(&nav, "li[data-url='/s/'] > .nav-branch > a"), EVIL);
    assert!(!built.read("_nav.html").contains("<script"));
}

#[test]
fn frontmatter_values_stay_text_and_attributes_stay_closed() {
    let built = evil_site().ok();
    let page = built.page("s/");
    assert_eq!(
        attr(&page, "meta[name=description]", "content"),
        "say \"hi\" <b>now</b>"
    );
    assert_eq!(text(&page, ".page-description"), "say \"hi\" <b>now</b>");
    assert_eq!(texts(&page, ".page-meta .tag"), ["<u>t</u>"]);
    assert_eq!(
        texts(&page, ".page-meta dd em, .page-meta dd u, .page-header b"),
        Vec::<String>::new()
    );
    assert_eq!(text(&page, ".site-title"), "T <i>x</i>");
    assert_eq!(count(&page, ".site-title i"), 0);
}

#[test]
fn group_and_status_names_stay_text() {
    let status = "\"><img src=x onerror=alert(1)>";
    let built = Fixture::new()
        .page(
            "a.md",
            &format!("---\ntitle: A\nnavGroup: \"<b>G</b>\"\nstatus: '{status}'\n---\nBody.\n"),
        )
        .ok();
    let nav = built.nav();
    assert_eq!(text(&nav, ".nav-group-title"), "<b>G</b>");
    assert_eq!(count(&nav, "b, img"), 0);
    assert_eq!(attr(&nav, ".badge-status", "data-status"), status);
    let page = built.page("a/");
    assert_eq!(attr(&page, ".badges .badge-status", "data-status"), status);
    assert_eq!(count(&page, "main img"), 0);
}

#[test]
fn heading_text_with_markup_characters_stays_text() {
    let built = Fixture::new()
        .page(
            "a.md",
            "# 1 &lt; 2 &amp; \"q\"\n\n## Use `<details>`\n\n## a &lt;b&gt;\n\n## Three\n",
        )
        .ok();
    let page = built.page("a/");
    assert_eq!(text(&page, ".page-header h1"), "1 < 2 & \"q\"");
    assert_eq!(text(&page, "head title"), "1 < 2 & \"q\" · T");
    assert_eq!(texts(&page, ".toc li"), ["Use <details>", "a <b>", "Three"]);
    // No element came of the heading texts (the contents list's own
    // <details> wraps them, and holds no other).
    assert_eq!(count(&page, ".content details, .toc li details"), 0);
    assert_eq!(count(&page, "main details"), 1);
    assert_eq!(count(&page, "main b"), 0);
    assert_eq!(
        text(&built.nav(), "li[data-url='/a/'] > a"),
        "1 < 2 & \"q\""
    );
}

#[test]
fn raw_html_can_be_switched_off() {
    let md = "# Page\n\n<script>alert(1)</script>\n\n<img src=x.png onerror=alert(2)> [click](javascript:alert(3))\n";
    // Raw HTML's links are checked like markdown's: the image is there.
    let trusted = Fixture::new().page("a.md", md).page("x.png", "png").ok();
    let page = trusted.page("a/");
    assert_eq!(
        page.select(&common::sel(".content script")).count(),
        1,
        "raw HTML passes by default"
    );

    let locked = Fixture::new()
        .file(
            "handbook.toml",
            "title = \"T\"\n[markdown]\nraw_html = false\n",
        )
        .page("a.md", md)
        .ok();
    let page = locked.page("a/");
    assert_eq!(
        page.select(&common::sel(".content script, .content img[onerror]"))
            .count(),
        0
    );
    let text: String = page
        .select(&common::sel(".content"))
        .flat_map(|e| e.text())
        .collect();
    assert!(
        text.contains("<script>alert(1)</script>"),
        "shown as text: {text}"
    );
    let hrefs: Vec<&str> = page
        .select(&common::sel(".content a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(hrefs, ["#"]);
}

#[test]
fn script_values_are_text_on_the_dashboard_roles_tags_and_glossary() {
    let built = Fixture::new()
        .page("index.md", "# Home\n\nThe <b>ERP</b> and the ERP again.\n")
        .page(
            "plans/evil.md",
            &format!(
                "---\ntitle: \"{EVIL}\"\nowner: \"{EVIL}\"\nstatus: \"{EVIL}\"\ndue: 2099-01-01\nhorizon: now\ntags: [\"{EVIL}\"]\n---\n- [ ] x\n"
            ),
        )
        .page(
            "jobs/boss.md",
            &format!("---\ntitle: \"{EVIL}\"\nkind: job\nteam: \"{EVIL}\"\n---\nLeads.\n"),
        )
        .page(
            "jobs/dev.md",
            &format!("---\ntitle: Dev\nkind: job\nreports_to: \"{EVIL}\"\n---\nCodes.\n"),
        )
        .page(
            "glossary.md",
            // Written as entities: raw HTML in markdown is trusted by default.
            "# Glossary\n\n## ERP\n\nA &lt;script&gt;alert(1)&lt;/script&gt; system.\n",
        )
        .ok();
    for url in [
        "dashboard/",
        "roles/",
        "roles/reporting-lines/",
        "tags/",
        "plans/evil/",
        "jobs/dev/",
        "glossary/",
        "/",
    ] {
        let page = built.page(url);
        assert_eq!(count(&page, "body script"), 0, "a script element on {url}");
    }
    let dashboard = built.page("dashboard/");
    assert_eq!(text(&dashboard, "table.dashboard tbody td a"), EVIL);
    assert_eq!(
        text(&dashboard, ".board-column[data-horizon=now] li a"),
        EVIL
    );
    assert_eq!(
        texts(&built.page("roles/"), "section.role-team h2"),
        [EVIL, "Jobs"]
    );
    assert_eq!(text(&built.page("jobs/dev/"), "a.reports-to"), EVIL);
    assert_eq!(text(&built.page("tags/"), "ul.tag-cloud a.tag"), EVIL);
    // The tooltip on the home page shows the definition as text.
    let home = built.page("/");
    assert_eq!(text(&home, ".term-tip"), format!("A {EVIL} system."));
}
