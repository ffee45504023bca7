//! Markdown extras in the built page: `{attrs}` after images and links,
//! GitHub alerts, highlighted code, mermaid, and the GFM extensions.

use crate::common;

use common::{Fixture, attr, attrs, count, sel, text, text_of, texts};

#[test]
fn zoomable_attribute_after_an_image_never_shows_as_text() {
    let md = "# A\n\n\
        ![one](p.png){data-zoomable}\n\n\
        Inline ![two](p.png){data-zoomable} in a sentence.\n\n\
        - ![three](p.png){data-zoomable}\n\n\
        | col |\n|-----|\n| ![four](p.png){data-zoomable} |\n\n\
        [![five](p.png){data-zoomable}](p.png)\n\n\
        **![six](p.png){data-zoomable}**\n\n\
        > ![seven](p.png){data-zoomable}\n\n\
        ![eight](p.png){data-zoomable}\n![nine](p.png){data-zoomable}\n\n\
        ![ten](<p.png>){ data-zoomable }\n\n\
        ![eleven](p.png \"title\"){data-zoomable}\n\n\
        ![twelve][ref]{data-zoomable}\n\n\
        [ref]: p.png\n\n\
        Text ![thirteen](p.png){data-zoomable}. More.\n";
    let built = Fixture::new().page("a.md", md).page("p.png", "png").ok();
    let page = built.page("a/");
    let content = text(&page, ".content");
    assert!(!content.contains('{'), "{content}");
    assert!(!content.contains("zoomable"), "{content}");
    let alts = attrs(&page, ".content img[data-zoomable]", "alt");
    assert_eq!(
        alts,
        [
            "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen"
        ]
    );
    assert_eq!(count(&page, ".content img"), 13);
    for src in attrs(&page, ".content img", "src") {
        assert_eq!(src, "/p.png");
    }
    assert_eq!(text(&page, ".content > p:last-child"), "Text . More.");
}

#[test]
fn attribute_block_after_a_link_becomes_attributes() {
    let built = Fixture::new()
        .page(
            "a.md",
            "# A\n\n[site](https://example.org){rel=\"nofollow\" .ext} after\n",
        )
        .ok();
    let page = built.page("a/");
    assert_eq!(
        attr(&page, ".content a[href='https://example.org']", "rel"),
        "nofollow"
    );
    assert_eq!(
        attr(&page, ".content a[href='https://example.org']", "class"),
        "ext"
    );
    assert_eq!(text(&page, ".content p"), "site after");
}

#[test]
fn github_alerts_render_titled_boxes() {
    let built = Fixture::new()
        .page(
            "a.md",
            "# A\n\n> [!NOTE]\n> Read this.\n\n> [!WARNING]\n> Careful.\n\n> A plain quote.\n",
        )
        .ok();
    let page = built.page("a/");
    assert_eq!(
        text(&page, ".content .alert.alert-note .alert-title"),
        "Note"
    );
    assert_eq!(
        text(&page, ".content .alert-note > p:not(.alert-title)"),
        "Read this."
    );
    assert_eq!(
        text(&page, ".content .alert.alert-warning .alert-title"),
        "Warning"
    );
    assert_eq!(count(&page, ".content .alert"), 2);
    assert_eq!(text(&page, ".content blockquote"), "A plain quote.");
    assert!(!text(&page, ".content").contains("[!NOTE]"));
}

#[test]
fn fenced_rust_code_is_highlighted_and_keeps_its_text() {
    let code = "fn main() {\n    let s = \"<b>bold?</b>\";\n    println!(\"{s}\");\n}\n";
    let built = Fixture::new()
        .page("a.md", &format!("# A\n\n```rust\n{code}```\n"))
        .ok();
    let page = built.page("a/");
    assert!(
        count(
            &page,
            ".content pre.code[data-lang=rust] code span[class^=hl-]"
        ) > 3
    );
    let pre = page
        .select(&sel(".content pre.code code"))
        .next()
        .expect("a code block");
    assert_eq!(pre.text().collect::<String>(), code);
    assert_eq!(count(&page, ".content pre b"), 0);
    assert!(built.exists("_handbook/syntax.css"));
}

#[test]
fn unknown_languages_and_indented_code_are_escaped_text() {
    let built = Fixture::new()
        .page(
            "a.md",
            "# A\n\n```nosuchlang\n<b>raw</b>\n```\n\n    <i>indented</i>\n",
        )
        .ok();
    let page = built.page("a/");
    let blocks: Vec<String> = page
        .select(&sel(".content pre.code code"))
        .map(|c| c.text().collect())
        .collect();
    assert_eq!(blocks, ["<b>raw</b>\n", "<i>indented</i>\n"]);
    assert_eq!(count(&page, ".content pre b, .content pre i"), 0);
    assert_eq!(
        attr(&page, ".content pre.code[data-lang]", "data-lang"),
        "nosuchlang"
    );
}

#[test]
fn mermaid_is_left_for_the_browser() {
    let built = Fixture::new()
        .page("a.md", "# A\n\n```mermaid\ngraph TD; A-->B\n```\n")
        .ok();
    let page = built.page("a/");
    let mermaid = page
        .select(&sel(".content pre.mermaid"))
        .next()
        .expect("mermaid");
    assert_eq!(mermaid.text().collect::<String>(), "graph TD; A-->B\n");
    assert_eq!(count(&page, ".content pre.mermaid span"), 0);
}

#[test]
fn gfm_tables_footnotes_strikethrough_and_tasks_render() {
    let built = Fixture::new()
        .page(
            "a.md",
            "# A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSee note[^n]. ~~old~~\n\n- [x] done\n\n[^n]: The note.\n",
        )
        .ok();
    let page = built.page("a/");
    assert_eq!(texts(&page, ".content table td"), ["1", "2"]);
    assert_eq!(text(&page, ".content del"), "old");
    assert_eq!(count(&page, ".content input[type=checkbox][checked]"), 1);
    let footnote_links = attrs(&page, ".content sup a", "href");
    assert_eq!(footnote_links, ["#n"]);
    assert!(
        page.select(&sel(".content [id]"))
            .any(|e| e.value().attr("id") == Some("n") && text_of(e).contains("The note.")),
        "no footnote definition with id n"
    );
}

#[test]
fn table_of_contents_lists_sections_when_there_are_more_than_two() {
    let built = Fixture::new()
        .page(
            "a.md",
            "# A\n\n## One\n\n## Two\n\n### Two point one\n\n#### Deep\n",
        )
        .page("b.md", "# B\n\n## Only\n\n## Two\n")
        .ok();
    let a = built.page("a/");
    assert_eq!(texts(&a, ".toc li"), ["One", "Two", "Two point one"]);
    assert_eq!(
        attrs(&a, ".toc li a", "href"),
        ["#one", "#two", "#two-point-one"]
    );
    assert_eq!(count(&built.page("b/"), ".toc"), 0);
}
