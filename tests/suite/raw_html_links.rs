//! Links written as raw HTML (`<a href>`, `<img src>`, `srcset`) are resolved,
//! checked and rewritten like markdown links.

use handbook::error::Code;

use crate::common::*;

fn handbook() -> Fixture {
    Fixture::new()
        .page("index.md", "# Home\n")
        .page("images/pic.png", "png")
        .page("images/pic-2x.png", "png")
        .page("team/other.md", "# Other\n\n## The Part\n")
        .page(
            "team/guide.md",
            concat!(
                "# Guide\n\n",
                "<p align=\"center\"><img src=\"../images/pic.png\" alt=\"A picture\"></p>\n\n",
                "Read <a href=\"other.md#the-part\">the other page</a> and ",
                "![md](../images/pic.png).\n\n",
                "<picture><source srcset=\"../images/pic.png 1x, ../images/pic-2x.png 2x\">",
                "<img src=\"../images/pic.png\" alt=\"\"></picture>\n\n",
                "<a href=\"https://example.com/?a=1&amp;b=2\">out</a> <a href=\"#top\">top</a>\n",
            ),
        )
}

#[test]
fn raw_html_links_and_sources_are_rewritten_like_markdown_ones() {
    let built = handbook().ok();
    let page = built.page("team/guide/");
    let markdown_src = attr(&page, "main img[alt='md']", "src");
    assert_eq!(markdown_src, "/images/pic.png");
    assert_eq!(
        attr(&page, "main img[alt='A picture']", "src"),
        markdown_src
    );
    assert_eq!(
        content_href(&page, "the other page"),
        "/team/other/#the-part"
    );
    assert_eq!(
        attr(&page, "main source", "srcset"),
        "/images/pic.png 1x, /images/pic-2x.png 2x"
    );
    // Left as written: an external URL (its &amp; kept), a same-page anchor.
    assert_eq!(content_href(&page, "out"), "https://example.com/?a=1&b=2");
    assert_eq!(content_href(&page, "top"), "#top");
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
}

#[test]
fn broken_raw_html_links_are_reported_at_their_line_and_column() {
    let fixture = handbook().page(
        "team/broken.md",
        concat!(
            "# Broken\n\n",
            "<div>\n  <img src=\"../images/gone.png\">\n</div>\n\n",
            "See <a href=\"missing.md\">this</a> and <a href=\"other.md#no-such-part\">that</a>.\n",
            "<img srcset=\"../images/pic.png 1x, ../images/nope-2x.png 2x\">\n",
        ),
    );
    let errors = fixture.errors();
    let file = fixture.path("content/team/broken.md");
    let found: Vec<(Code, usize, usize)> = errors
        .iter()
        .filter(|d| d.file.as_deref() == Some(file.as_path()))
        .map(|d| {
            let p = d.position.expect("a position");
            (d.code, p.line, p.column)
        })
        .collect();
    assert_eq!(
        found,
        [
            (Code::LinkMissingFile, 4, 13),
            (Code::LinkMissingPage, 7, 14),
            (Code::LinkMissingAnchor, 7, 48),
            (Code::LinkMissingFile, 8, 36),
        ],
        "{}",
        show(&errors)
    );
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("[<img src>](../images/gone.png)")),
        "{}",
        show(&errors)
    );
}

#[test]
fn raw_html_in_code_or_comments_is_not_a_link() {
    let built = Fixture::new()
        .page(
            "index.md",
            "# Home\n\n`<a href=\"nope.md\">`\n\n```html\n<img src=\"gone.png\">\n```\n\n<!-- <a href=\"old.md\">old</a> -->\n",
        )
        .ok();
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
    let codes = texts(&built.page(""), "main code");
    assert!(
        codes.contains(&"<a href=\"nope.md\">".to_string()),
        "{codes:?}"
    );
}
