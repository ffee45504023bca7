//! Each markdown feature, rendered and checked.
use pulldown_cmark::Tag;

use super::*;

fn html(md: &str) -> Rendered {
    render(md, true, &mut |l| l.dest.to_string())
}

#[test]
fn without_raw_html_markup_is_text_and_script_links_lead_nowhere() {
    let r = render(
        "<script>alert(1)</script>\n\nHi <b onclick=x>there</b> [x](JavaScript:alert(1)) [y]( java\tscript:alert(2))\n",
        false,
        &mut |l| l.dest.to_string(),
    );
    assert!(!r.html.contains("<script"), "{}", r.html);
    assert!(
        r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        r.html
    );
    assert!(r.html.contains("&lt;b onclick=x&gt;"), "{}", r.html);
    assert!(!r.html.to_lowercase().contains("javascript:"), "{}", r.html);
    assert!(r.html.contains("<a href=\"#\">x</a>"), "{}", r.html);
}

fn with(md: &str, options: RenderOptions<'_>) -> Rendered {
    render_with(md, &options, &mut |l| l.dest.to_string())
}

fn phases(md: &str) -> Vec<(String, u32, u32, u32)> {
    with(md, RenderOptions::default())
        .phases
        .into_iter()
        .map(|p| (p.title, p.done, p.tasks, p.items))
        .collect()
}

#[test]
fn can_find_phases_as_list_items() {
    let md = "## 90-Day Plan\n\n* Week 1-4:\n   * a\n   * b\n* **Week 5-8:** build\n   * c\n\n## Hiring Plan\n\n* x\n";
    assert_eq!(
        phases(md),
        [("Week 1-4".into(), 0, 0, 2), ("Week 5-8".into(), 0, 0, 1)]
    );
    let html = with(md, RenderOptions::default()).html;
    assert!(
        html.contains("<li id=\"week-1-4\" class=\"phase\">"),
        "{html}"
    );
}

#[test]
fn can_find_phases_as_headings_with_deliverables() {
    let md = "## 90-Day Plan\n\n### Days 0–30: Learn\n\n#### Immersion\n* read\n\n* ✅ map\n* ⬜ overview\n\n### Days 31–60: Align\n\n- [x] one\n";
    assert_eq!(
        phases(md),
        [
            ("Days 0–30: Learn".into(), 1, 2, 1),
            ("Days 31–60: Align".into(), 1, 1, 0)
        ]
    );
}

#[test]
fn playbook_steps_get_anchors() {
    let md = "## Triage\n\n1. Page the lead\n2. Open a channel\n   1. nested\n";
    let r = with(
        md,
        RenderOptions {
            steps: true,
            ..RenderOptions::default()
        },
    );
    let ids: Vec<&str> = r.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["triage-step-1", "triage-step-2"]);
    assert!(r.html.contains("href=\"#triage-step-2\""));
    assert!(r.anchors.contains("triage-step-1"));
}

#[test]
fn glossary_terms_link_once_and_never_in_code_headings_or_links() {
    use crate::analyse::glossary::Term;
    let mut term = Term::new("SLA", None);
    term.href = "/glossary/#sla".into();
    term.definition = "A promise <of> service.".into();
    let (g, _) = Glossary::new(vec![term]);
    let md = "## SLA\n\nSee `SLA` and [the SLA](x) then SLAs and SLA again.";
    let r = with(
        md,
        RenderOptions {
            glossary: Some(&g),
            ..RenderOptions::default()
        },
    );
    assert_eq!(r.html.matches("class=\"term\"").count(), 1, "{}", r.html);
    assert!(r.html.contains(">SLAs</a><span class=\"term-tip\" role=\"tooltip\" id=\"term-tip-1\">A promise &lt;of&gt; service.</span>"), "{}", r.html);
    assert_eq!(r.terms_used, [0]);
}

#[test]
fn glossary_pages_cut_out_each_term() {
    let md = "Intro.\n\n## SLA (Service level agreement)\n\nA promise. More.\n\n### Detail\n\n## Rota\n\nWho is on call.\n";
    let r = with(
        md,
        RenderOptions {
            defines_terms: true,
            ..RenderOptions::default()
        },
    );
    let titles: Vec<&str> = r.defined_terms.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["SLA (Service level agreement)", "Rota"]);
    assert_eq!(r.defined_terms[0].definition, "A promise. More.");
    assert!(r.defined_terms[0].html.contains("Detail"));
    assert_eq!(r.html.trim(), "<p>Intro.</p>");
    let dl = "Words:\n\nRunbook\n: Steps to follow.\n\nRota\n: Who is on call.\n";
    let r = with(
        dl,
        RenderOptions {
            defines_terms: true,
            ..RenderOptions::default()
        },
    );
    let ids: Vec<&str> = r.defined_terms.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["runbook", "rota"]);
    assert_eq!(r.defined_terms[1].definition, "Who is on call.");
    assert!(
        r.defined_terms[0]
            .html
            .starts_with("<dl class=\"glossary-entry\">\n<dt id=\"runbook\">"),
        "{}",
        r.defined_terms[0].html
    );
    assert!(!r.html.contains("<dl>"), "{}", r.html);
}

#[test]
fn repeated_headings_get_numbered_ids() {
    let r = html("## A\n\n## A\n\n## A\n");
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["a", "a-1", "a-2"]);
}

#[test]
fn first_h1_is_taken_for_the_header() {
    let r = html("# Title\n\ntext\n\n# Other\n");
    assert_eq!(r.title_heading.unwrap().text, "Title");
    assert!(!r.html.contains("Title"));
    assert!(r.html.contains("<h1 id=\"other\">"));
}

#[test]
fn attribute_blocks_after_images_and_links_become_attributes() {
    let r = html("![a](x.png){data-zoomable} and [l](y){rel=\"nofollow\"} done\n");
    assert!(
        r.html
            .contains("<img src=\"x.png\" alt=\"a\" data-zoomable loading=\"lazy\">"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<a href=\"y\" rel=\"nofollow\">l</a> done"),
        "{}",
        r.html
    );
    assert!(!r.html.contains('{'));
}

#[test]
fn braces_that_are_not_attributes_stay_text() {
    let r = html("[l](y) {not attrs!}\n");
    assert!(r.html.contains("{not attrs!}"), "{}", r.html);
}

#[test]
fn checklists_count_per_section() {
    let r = html("- [x] a\n\n## P1\n\n- [ ] b\n- ✅ c\n- ⬜ d\n- plain\n\n### P2\n\n* ✅ e\n");
    let t: Vec<_> = r.tasks.iter().map(|t| (t.done, t.section)).collect();
    assert_eq!(
        t,
        [
            (true, None),
            (false, Some(0)),
            (true, Some(0)),
            (false, Some(0)),
            (true, Some(1))
        ]
    );
}

#[test]
fn nested_items_count_once_each() {
    let r = html("- ✅ parent\n  - ⬜ child\n");
    assert_eq!(r.tasks.len(), 2);
}

#[test]
fn code_is_highlighted_and_mermaid_left_alone() {
    let r = html("```rust\nfn main() {}\n```\n\n```mermaid\ngraph TD; A-->B\n```\n");
    assert!(
        r.html.contains(
            "<pre class=\"code\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-"
        ),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<pre class=\"mermaid\">graph TD; A--&gt;B\n</pre>")
    );
}

#[test]
fn alerts_get_a_title() {
    let r = html("> [!WARNING]\n> Careful\n");
    assert!(
        r.html.contains(
            "<div class=\"alert alert-warning\" role=\"note\"><p class=\"alert-title\">Warning</p>"
        ),
        "{}",
        r.html
    );
}

#[test]
fn one_line_alerts_render_as_the_two_line_form() {
    for (one, two) in [
        ("> [!NOTE] Some text\n", "> [!NOTE]\n> Some text\n"),
        (
            "> [!tip] Some *text*\n> more\n",
            "> [!TIP]\n> Some *text*\n> more\n",
        ),
        (
            "> [!Warning]\t**Bold** start\n",
            "> [!WARNING]\n> **Bold** start\n",
        ),
        (
            "> [!CAUTION] a\n>\n> - b\n",
            "> [!CAUTION]\n> a\n>\n> - b\n",
        ),
        (
            "- > [!IMPORTANT] In a list\n",
            "- > [!IMPORTANT]\n  > In a list\n",
        ),
    ] {
        // pulldown-cmark, as GitHub, makes a plain quote of the one-line form.
        assert!(
            !Parser::new_ext(one, options())
                .any(|e| matches!(e, Event::Start(Tag::BlockQuote(Some(_))))),
            "{one:?}"
        );
        assert_eq!(html(one).html, html(two).html, "{one:?}");
        assert!(html(one).html.contains("class=\"alert alert-"), "{one:?}");
    }
}

#[test]
fn other_quotes_with_brackets_stay_quotes() {
    for md in [
        "> [!INFO] Obsidian's own kind\n",
        "> [!note]- Folded\n",
        "> [!NOTE]text without a blank\n",
        "> Some [!NOTE] later\n",
    ] {
        let r = html(md);
        assert!(!r.html.contains("alert"), "{md:?}: {}", r.html);
        assert!(r.html.contains("<blockquote>"), "{md:?}: {}", r.html);
    }
}

#[test]
fn comments_leave_no_trace() {
    let md = "# T\n\n{% comment %}\n## Hidden\n\n- [ ] hidden task [l](gone.md)\n\n> [!NOTE]\n> hidden\n{% endcomment %}\n\nShown {# not [this](gone.md) #}text.\n\n- [x] kept\n";
    let mut links = Vec::new();
    let r = render(md, true, &mut |l| {
        links.push(l.dest.to_string());
        l.dest.to_string()
    });
    assert_eq!(
        r.html,
        "<p>Shown text.</p>\n<ul>\n<li><input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"Task\"/>\nkept</li>\n</ul>\n"
    );
    assert!(links.is_empty(), "{links:?}");
    assert_eq!(r.headings.len(), 1);
    assert!(!r.anchors.contains("hidden"));
    assert_eq!(r.tasks.len(), 1);
    assert!(r.template_syntax.is_empty(), "{:?}", r.template_syntax);
}

#[test]
fn template_syntax_is_recorded_with_body_offsets() {
    let md = "a {{ x }}\n\n{% comment %}\n{{ hidden }}\n{% endcomment %}\n\n`{{ code }}` {{< s >}}\n\n{# open\n";
    let r = html(md);
    let found: Vec<(&str, foreign::Syntax)> = r
        .template_syntax
        .iter()
        .map(|f| (&md[f.offset..f.end], f.syntax))
        .collect();
    assert_eq!(
        found,
        [
            ("{{ x }}", foreign::Syntax::Output),
            ("{{< s >}}", foreign::Syntax::Shortcode),
            ("{#", foreign::Syntax::UnclosedComment),
        ]
    );
}

#[test]
fn raw_html_ids_are_anchors() {
    let r = html("<a id=\"one\"></a>\n\ntext <a name='two'>x</a>\n");
    assert!(r.anchors.contains("one") && r.anchors.contains("two"));
}

#[test]
fn links_are_resolved_with_offsets() {
    let mut seen = Vec::new();
    let r = render("a [b](c.md) ![i](p.png)", true, &mut |l| {
        seen.push((l.dest.to_string(), l.offset, l.image, l.text.clone()));
        format!("/x/{}", l.dest)
    });
    assert_eq!(
        seen,
        [
            ("c.md".to_string(), 2, false, "b".to_string()),
            ("p.png".to_string(), 12, true, "i".to_string())
        ]
    );
    assert!(r.html.contains("href=\"/x/c.md\""));
}

#[test]
fn heading_with_explicit_id() {
    let r = html("## Hello {#custom}\n");
    assert_eq!(r.headings[0].id, "custom");
}
