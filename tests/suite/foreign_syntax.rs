//! Handbooks written for Jekyll, Eleventy or Hugo: their template syntax is
//! a warning at its line (`content/template-syntax`), a link whose
//! destination is template syntax is reported as unchecked
//! (`link/template`), their comments are neither published nor checked, and
//! one-line alerts (`> [!NOTE] Some text`) are alerts.

use handbook::Diagnostic;
use handbook::error::{Code, Severity};

use crate::common::*;

const SYNTAX_PAGE: &str = r#"---
title: Syntax
---

Intro {{ site.title }} here.

{% callout %}
Be careful.
{% endcallout %}

{{< vimeo abc123 >}}

Use `{{ code }}` freely, and {{% notice %}} too.

    {% indented code %}

[Broken]({{site.baseurl}}/foo) and [Tag]({% page "/x/" %}) and [Out]({{ site.baseurl }}/y).

<a href="{{ site.baseurl }}/z">z</a>
"#;

/// The warnings about `file`: code, line and column.
fn found(warnings: &[Diagnostic], file: &std::path::Path) -> Vec<(Code, usize, usize)> {
    warnings
        .iter()
        .filter(|d| d.file.as_deref() == Some(file))
        .map(|d| {
            let p = d.position.expect("a position");
            (d.code, p.line, p.column)
        })
        .collect()
}

#[test]
fn template_syntax_is_a_warning_at_its_line_and_column() {
    let fixture = Fixture::new()
        .page("index.md", "# Home\n\n[Syntax](syntax.md)\n")
        .page("syntax.md", SYNTAX_PAGE);
    // Warnings, not errors: the handbook still builds.
    let built = fixture.ok();
    let warnings = &built.report.warnings;
    assert!(warnings.iter().all(|d| d.severity == Severity::Warning));
    assert_eq!(
        found(warnings, &fixture.path("content/syntax.md")),
        [
            (Code::ContentTemplateSyntax, 5, 7),
            (Code::ContentTemplateSyntax, 7, 1),
            (Code::ContentTemplateSyntax, 9, 1),
            (Code::ContentTemplateSyntax, 11, 1),
            (Code::ContentTemplateSyntax, 13, 30),
            (Code::LinkTemplate, 17, 10),
            (Code::LinkTemplate, 17, 42),
            (Code::LinkTemplate, 17, 70),
            (Code::LinkTemplate, 19, 10),
        ],
        "{}",
        show(warnings)
    );
    let message = |line: usize| {
        let d = warnings
            .iter()
            .find(|d| d.position.is_some_and(|p| p.line == line))
            .expect("a warning on the line");
        format!("{} / {}", d.message, d.hint.as_deref().unwrap_or(""))
    };
    assert!(message(7).contains("`{% callout %}` looks like a Liquid or Nunjucks tag"));
    assert!(message(11).contains("Hugo shortcode"), "{}", message(11));
    assert!(message(5).contains("Handlebars"), "{}", message(5));
    assert!(message(5).contains("not supported yet"), "{}", message(5));
    assert!(message(5).contains("backticks"), "{}", message(5));
    // What markdown made a link of and what it left as text, both unchecked.
    assert!(show(warnings).contains("link [Broken]({{site.baseurl}}/foo) is not checked"));
    assert!(
        show(warnings).contains("the link destination `{{ site.baseurl }}/y` is template output")
    );
    assert!(!show(warnings).contains("missing-page"));
    // Published as written, code untouched.
    let page = built.page("syntax/");
    assert!(text(&page, "main").contains("{% callout %}"));
    assert_eq!(
        texts(&page, "main code"),
        ["{{ code }}", "{% indented code %}"]
    );
}

#[test]
fn a_template_link_is_not_a_missing_page() {
    let fixture = Fixture::new().page(
        "index.md",
        "# Home\n\nSee [the page]({{site.baseurl}}/people/) and [gone](gone.md).\n",
    );
    let d = fixture.errors();
    let codes: Vec<Code> = d.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::LinkMissingPage], "{}", show(&d));
    let warnings = match fixture.build() {
        Err(all) => all,
        Ok(_) => unreachable!(),
    };
    let template = warnings
        .iter()
        .find(|d| d.code == Code::LinkTemplate)
        .expect("a link/template warning");
    assert_eq!(template.severity, Severity::Warning);
    assert_eq!(template.position.map(|p| (p.line, p.column)), Some((3, 16)));
}

#[test]
fn template_syntax_warnings_can_be_silenced_by_code() {
    let fixture = Fixture::new()
        .file(
            "handbook.toml",
            "title = \"T\"\n[diagnostics]\n\"content/template-syntax\" = \"ignore\"\n\"link/template\" = \"ignore\"\n",
        )
        .page("index.md", "# Home\n")
        .page("syntax.md", SYNTAX_PAGE);
    let built = fixture.ok();
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
}

#[test]
fn comment_blocks_are_not_published_checked_or_searched() {
    let fixture = Fixture::new().page("index.md", "# Home\n").page(
        "notes.md",
        concat!(
            "# Notes\n\n",
            "Before {% comment %}inline zanzibarish [x](inline-gone.md){% endcomment %}after.\n\n",
            "{% comment %}\n",
            "## Zanzibarish heading\n\n",
            "- [ ] zanzibarish task, see [this](gone.md)\n\n",
            "> [!NOTE]\n> zanzibarish {{ site.nope }}\n",
            "{% endcomment %}\n\n",
            "{# zanzibarish [nunjucks](also-gone.md) #}\n\n",
            "Shown.\n",
        ),
    );
    let built = fixture.ok();
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
    let page = built.page("notes/");
    assert_eq!(count(&page, "main h2"), 0);
    assert_eq!(count(&page, "main .alert"), 0);
    assert_eq!(count(&page, "main input[type=checkbox]"), 0);
    let main = text(&page, "main");
    assert!(
        main.contains("Before after.") && main.contains("Shown."),
        "{main}"
    );
    // Nowhere in the output: pages, navigation, search index.
    for (path, bytes) in files_under(&built.out) {
        let s = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(!s.contains("zanzibarish"), "{path} has the hidden word");
        assert!(!s.contains("comment %}"), "{path} has a comment tag");
    }
}

#[test]
fn an_unclosed_comment_is_a_warning_and_hides_nothing() {
    let fixture = Fixture::new()
        .page("index.md", "# Home\n")
        .page("open.md", "# Open\n\n{% comment %}\nStill shown.\n");
    let built = fixture.ok();
    assert_eq!(
        found(&built.report.warnings, &fixture.path("content/open.md")),
        [(Code::ContentTemplateSyntax, 3, 1)]
    );
    assert!(built.warnings()[0].contains("never closed"));
    assert!(text(&built.page("open/"), "main").contains("Still shown."));
}

#[test]
fn one_line_alerts_render_as_alerts() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page(
            "one.md",
            "# One\n\n> [!NOTE] Some text\n> on two lines.\n\n> [!warning] Mind *this*.\n",
        )
        .page(
            "two.md",
            "# Two\n\n> [!NOTE]\n> Some text\n> on two lines.\n\n> [!WARNING]\n> Mind *this*.\n",
        )
        .ok();
    let one = built.page("one/");
    let two = built.page("two/");
    assert_eq!(texts(&one, "main .alert .alert-title"), ["Note", "Warning"]);
    assert_eq!(count(&one, "main .alert.alert-note"), 1);
    assert_eq!(count(&one, "main .alert.alert-warning"), 1);
    assert_eq!(count(&one, "main blockquote"), 0);
    assert!(!text(&one, "main").contains("[!"));
    let inner = |html: &scraper::Html| -> Vec<String> {
        html.select(&sel("main .alert"))
            .map(|e| e.inner_html())
            .collect()
    };
    assert_eq!(inner(&one), inner(&two));
}
