//! The glossary: which pages define terms, how other pages link the first
//! mention of each term (with a tooltip), where they never do, duplicate
//! terms as build errors, and the glossary page's A-Z listing.

use crate::common;

use common::{Fixture, attr, attrs, count, diagnostic_for, sel, show, text, text_of, texts};
use scraper::Html;

/// `(link text, href)` of every term link in a page's content.
fn term_links(html: &Html) -> Vec<(String, String)> {
    html.select(&sel(".content a.term"))
        .map(|a| {
            (
                text_of(a),
                a.value().attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The tooltip text that the term link with text `link_text` points at.
fn tip_of(html: &Html, link_text: &str) -> String {
    let ids: Vec<String> = html
        .select(&sel(".content a.term"))
        .filter(|a| text_of(*a) == link_text)
        .filter_map(|a| a.value().attr("aria-describedby").map(String::from))
        .collect();
    assert_eq!(
        ids.len(),
        1,
        "expected one term link {link_text:?}: {ids:?}"
    );
    let id = &ids[0];
    assert_eq!(
        attr(html, &format!("span.term-tip#{id}"), "role"),
        "tooltip"
    );
    text(html, &format!("span.term-tip#{id}"))
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

const GLOSSARY: &str = "---\ntitle: Glossary\n---\n\
    ## SLA\n\nA promise about how good a service is.\n\n\
    ## Incident\n\nSomething that went wrong for customers.\n\n\
    ## Incident commander\n\nThe person who leads the response.\n";

#[test]
fn glossary_pages_are_found_by_kind_or_file_name() {
    let built = Fixture::new()
        .page("glossary.md", "# Glossary\n\n## Alpha\n\nFirst letter.\n")
        .page(
            "ops/ops-glossary.md",
            "# Ops words\n\n## Bravo\n\nSecond letter.\n",
        )
        .page(
            "words.md",
            "---\nkind: glossary\n---\n# Words\n\n## Charlie\n\nThird letter.\n",
        )
        // Named like a glossary only in part: an ordinary page.
        .page("glossary-notes.md", "# Notes\n\n## Delta\n\nNot a term.\n")
        .page("user.md", "# User\n\nAlpha, bravo, charlie and delta.\n")
        .ok();
    assert_eq!(
        term_links(&built.page("user/")),
        pairs(&[
            ("Alpha", "/glossary/#alpha"),
            ("bravo", "/ops/ops-glossary/#bravo"),
            ("charlie", "/words/#charlie"),
        ])
    );
    assert_eq!(count(&built.page("glossary-notes/"), ".glossary-term"), 0);
    assert_eq!(
        attrs(&built.page("words/"), ".glossary-term", "data-term"),
        ["Charlie"]
    );
}

#[test]
fn first_mention_links_with_a_tooltip_of_the_short_definition() {
    let built = Fixture::new()
        .page("glossary.md", GLOSSARY)
        .page(
            "a.md",
            "# A\n\nOur sla is good. The SLA again, and SLAs.\n\nMore about the SLA.\n",
        )
        .ok();
    let a = built.page("a/");
    // Once per page, case-insensitive, the author's spelling kept.
    assert_eq!(term_links(&a), pairs(&[("sla", "/glossary/#sla")]));
    assert_eq!(tip_of(&a, "sla"), "A promise about how good a service is.");
    let source = built.page_source("a/");
    assert!(
        source.contains(
            "<a class=\"term\" href=\"/glossary/#sla\" aria-describedby=\"term-tip-1\">sla</a>\
             <span class=\"term-tip\" role=\"tooltip\" id=\"term-tip-1\">"
        ),
        "{source}"
    );
}

#[test]
fn each_term_links_once_and_tooltip_ids_are_unique() {
    let built = Fixture::new()
        .page("glossary.md", GLOSSARY)
        .page(
            "a.md",
            "# A\n\nAn incident broke the SLA.\n\n- The incident\n- The sla\n",
        )
        .ok();
    let a = built.page("a/");
    assert_eq!(
        term_links(&a),
        pairs(&[
            ("incident", "/glossary/#incident"),
            ("SLA", "/glossary/#sla")
        ])
    );
    let ids = attrs(&a, ".content span.term-tip", "id");
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    assert_eq!(
        attrs(&a, ".content a.term", "aria-describedby"),
        ids,
        "each link describes itself by its own tooltip"
    );
}

#[test]
fn mentions_are_whole_words() {
    let built = Fixture::new()
        .page("glossary.md", GLOSSARY)
        .page("a.md", "# A\n\nA SLAB, an SLA_x and incidental words.\n")
        .ok();
    assert_eq!(term_links(&built.page("a/")), []);
}

#[test]
fn longest_term_wins_where_two_start_at_one_place() {
    let built = Fixture::new()
        .page("glossary.md", GLOSSARY)
        .page("a.md", "# A\n\nThe incident commander took the incident.\n")
        .ok();
    assert_eq!(
        term_links(&built.page("a/")),
        pairs(&[
            ("incident commander", "/glossary/#incident-commander"),
            ("incident", "/glossary/#incident"),
        ])
    );
}

#[test]
fn no_links_in_code_headings_links_or_raw_html_links() {
    let built = Fixture::new()
        .page("glossary.md", GLOSSARY)
        .page("b.md", "# B\n")
        .page(
            "a.md",
            "# SLA title\n\n## Our SLA\n\nCode: `SLA`.\n\n```\nSLA in a block\n```\n\n\
             See [the SLA](b.md) and <a href=\"/b/\">the SLA</a>.\n\nFinally the SLA.\n",
        )
        .ok();
    let a = built.page("a/");
    assert_eq!(term_links(&a), pairs(&[("SLA", "/glossary/#sla")]));
    // The one link is the plain mention in the last paragraph.
    assert_eq!(
        texts(&a, ".content p:last-child a.term"),
        ["SLA"],
        "{}",
        built.page_source("a/")
    );
    assert_eq!(
        count(&a, "h1 a.term, h2 a.term, code a.term, pre a.term"),
        0
    );
    assert_eq!(count(&a, "a a.term"), 0);
}

#[test]
fn pages_with_glossary_false_and_glossary_pages_get_no_links() {
    let built = Fixture::new()
        .page(
            "glossary.md",
            "---\ntitle: Glossary\n---\n## SLA\n\nA promise.\n\n## Breach\n\nWhen the SLA is not met.\n",
        )
        .page(
            "more-glossary.md",
            "# More\n\n## Pager\n\nWakes you when the SLA breaks.\n",
        )
        .page("off.md", "---\nglossary: false\n---\n# Off\n\nThe SLA.\n")
        .page("on.md", "# On\n\nThe SLA.\n")
        .ok();
    assert_eq!(count(&built.page("off/"), "a.term"), 0);
    assert_eq!(count(&built.page("glossary/"), "a.term"), 0);
    assert_eq!(count(&built.page("more-glossary/"), "a.term"), 0);
    assert_eq!(count(&built.page("on/"), ".content a.term"), 1);
}

#[test]
fn single_letter_headings_are_not_terms() {
    let built = Fixture::new()
        .page(
            "glossary.md",
            "# Glossary\n\n## A\n\n## API\n\nHow programs talk.\n\n## B\n\n## Backlog\n\nWork not started.\n",
        )
        .page("a.md", "# Page\n\nA backlog, a b and an API.\n")
        .ok();
    assert_eq!(
        attrs(&built.page("glossary/"), ".glossary-term", "data-term"),
        ["API", "Backlog"]
    );
    assert_eq!(
        term_links(&built.page("a/")),
        pairs(&[("backlog", "/glossary/#backlog"), ("API", "/glossary/#api")])
    );
}

#[test]
fn definition_lists_define_terms_by_their_titles_only() {
    let built = Fixture::new()
        .page(
            "ops-glossary.md",
            "# Ops words\n\n## Paging\n\nPager\n: The device   that\n  wakes you. It is loud.\n\n\
             Escalation policy\n: Who to call next.\n",
        )
        .page(
            "a.md",
            "# A\n\nAbout paging: the pager and the escalation policy.\n",
        )
        .ok();
    let g = built.page("ops-glossary/");
    assert_eq!(
        attrs(&g, ".glossary-term", "data-term"),
        ["Escalation policy", "Pager"]
    );
    // The entry holds the term's own <dt>, with its id.
    assert_eq!(
        attrs(&g, ".glossary-term[data-term='Pager'] dt", "id"),
        ["pager"]
    );
    let a = built.page("a/");
    assert_eq!(
        term_links(&a),
        pairs(&[
            ("pager", "/ops-glossary/#pager"),
            ("escalation policy", "/ops-glossary/#escalation-policy"),
        ])
    );
    // The <dd>, whitespace collapsed.
    assert_eq!(
        tip_of(&a, "pager"),
        "The device that wakes you. It is loud."
    );
}

#[test]
fn a_parenthesised_name_is_an_alias() {
    let built = Fixture::new()
        .page(
            "glossary.md",
            "# Glossary\n\n## ERP (Enterprise Resource Planning)\n\nSoftware that runs the business.\n",
        )
        .page("a.md", "# A\n\nOur enterprise resource planning tool.\n")
        .page("b.md", "# B\n\nOur ERP.\n")
        .ok();
    let g = built.page("glossary/");
    assert_eq!(attrs(&g, ".glossary-term", "data-term"), ["ERP"]);
    assert!(
        text(&g, ".glossary-term[data-term='ERP'] p.term-aliases")
            .contains("Enterprise Resource Planning"),
        "{}",
        built.page_source("glossary/")
    );
    let id = attr(&g, ".glossary-term[data-term='ERP'] h2", "id");
    let a = term_links(&built.page("a/"));
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].0, "enterprise resource planning");
    assert_eq!(a[0].1, format!("/glossary/#{id}"));
    assert_eq!(term_links(&built.page("b/")), pairs(&[("ERP", &a[0].1)]));
}

#[test]
fn default_plurals_follow_english_rules() {
    let built = Fixture::new()
        .page(
            "glossary.md",
            "# Glossary\n\n## Policy\n\nA rule.\n\n## Bus\n\nA shared channel.\n\n\
             ## SLA\n\nA promise.\n\n## Runbook\n\nSteps.\n",
        )
        .page(
            "a.md",
            "# A\n\nOur policies, the buses, all SLAs and two runbooks.\n",
        )
        .ok();
    assert_eq!(
        term_links(&built.page("a/")),
        pairs(&[
            ("policies", "/glossary/#policy"),
            ("buses", "/glossary/#bus"),
            ("SLAs", "/glossary/#sla"),
            ("runbooks", "/glossary/#runbook"),
        ])
    );
}

#[test]
fn frontmatter_terms_add_aliases_and_plurals_or_stop_linking() {
    let built = Fixture::new()
        .page(
            "glossary.md",
            "---\ntitle: Glossary\nterms:\n  Runbook: { aliases: [run book], plurals: [runbookz] }\n  \
             Rota: { autolink: false }\n---\n## Runbook\n\nSteps to follow.\n\n## Rota\n\nWho is on call.\n",
        )
        .page("alias.md", "# Alias\n\nOpen the run book and the rota.\n")
        .page("plural.md", "# Plural\n\nOpen the runbookz.\n")
        .ok();
    assert_eq!(
        term_links(&built.page("alias/")),
        pairs(&[("run book", "/glossary/#runbook")])
    );
    assert_eq!(
        term_links(&built.page("plural/")),
        pairs(&[("runbookz", "/glossary/#runbook")])
    );
    let g = built.page("glossary/");
    assert!(
        text(&g, ".glossary-term[data-term='Runbook'] p.term-aliases").contains("run book"),
        "{}",
        built.page_source("glossary/")
    );
    // Not linked, but still listed.
    assert_eq!(
        attrs(&g, ".glossary-term", "data-term"),
        ["Rota", "Runbook"]
    );
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
}

#[test]
fn a_terms_key_naming_no_term_is_a_warning() {
    let fixture = Fixture::new()
        .page(
            "glossary.md",
            "---\ntitle: Glossary\nterms:\n  Runbok: { aliases: [run book] }\n---\n## Runbook\n\nSteps.\n",
        )
        .page("a.md", "# A\n\nA runbook.\n");
    let built = fixture.ok();
    let warnings = built.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let file = fixture.path("content/glossary.md").display().to_string();
    assert!(
        warnings[0].starts_with(&format!("{file}:3:")),
        "the warning points at the `terms:` line: {warnings:?}"
    );
    assert!(warnings[0].contains("Runbok"), "{warnings:?}");
    // The term itself still links.
    assert_eq!(
        term_links(&built.page("a/")),
        pairs(&[("runbook", "/glossary/#runbook")])
    );
}

#[test]
fn short_definition_is_the_first_paragraph_cut_at_a_sentence_near_180_chars() {
    let s1 = "An error budget is the amount of unreliability a service may have in a period.";
    let s2 = "Teams spend it on releases and experiments.";
    let s3 = "Once it is spent, the team stops shipping features and works on reliability \
              until the budget recovers over the following weeks of the quarter.";
    assert!(s1.len() + 1 + s2.len() < 180 && s1.len() + s2.len() + s3.len() + 2 > 180);
    let built = Fixture::new()
        .page(
            "glossary.md",
            &format!(
                "# Glossary\n\n## Error budget\n\n{s1}\n{s2}   {s3}\n\nA second paragraph.\n\n\
                 ## Toil\n\nManual,\n   repetitive   work.\n\nNot this paragraph.\n"
            ),
        )
        .page("a.md", "# A\n\nThe error budget and the toil.\n")
        .ok();
    let a = built.page("a/");
    assert_eq!(tip_of(&a, "error budget"), format!("{s1} {s2}"));
    assert_eq!(tip_of(&a, "toil"), "Manual, repetitive work.");
}

#[test]
fn glossary_lists_terms_a_to_z_with_aliases_and_the_pages_using_them() {
    let built = Fixture::new()
        .page(
            "glossary.md",
            "# Glossary\n\nIntro.\n\n## zebra\n\nStriped.\n\n## Bus\n\nShared.\n\n\
             ## apple (pomme)\n\nFruit.\n\n## Cherry\n\nRed.\n\n## banana\n\nYellow.\n\n## Avocado\n\nGreen.\n",
        )
        .page(
            "x.md",
            "---\ntitle: A long title for X\nnavTitle: X page\n---\nI ate an apple and a banana.\n",
        )
        .page("y.md", "# Y\n\nA banana on the bus.\n")
        .ok();
    let g = built.page("glossary/");
    assert_eq!(texts(&g, "nav.glossary-letters a"), ["A", "B", "C", "Z"]);
    assert_eq!(
        attrs(&g, "nav.glossary-letters a", "href"),
        ["#letter-a", "#letter-b", "#letter-c", "#letter-z"]
    );
    assert_eq!(
        attrs(&g, "section.glossary-letter", "id"),
        ["letter-a", "letter-b", "letter-c", "letter-z"]
    );
    // Sorted ignoring case; the author's order is not kept.
    assert_eq!(
        attrs(&g, "section#letter-a div.glossary-term", "data-term"),
        ["apple", "Avocado"]
    );
    assert_eq!(
        attrs(&g, "section#letter-b div.glossary-term", "data-term"),
        ["banana", "Bus"]
    );
    assert_eq!(
        attrs(&g, "div.glossary-term", "data-term"),
        ["apple", "Avocado", "banana", "Bus", "Cherry", "zebra"]
    );
    // Each entry holds its heading (with its id) and its definition.
    assert_eq!(
        attrs(&g, "div.glossary-term[data-term='Cherry'] h2", "id"),
        ["cherry"]
    );
    assert!(texts(&g, "div.glossary-term[data-term='Cherry'] p").contains(&"Red.".to_string()));
    assert_eq!(
        text(&g, "div.glossary-term[data-term='apple'] p.term-aliases"),
        "Also: pomme"
    );
    assert_eq!(
        count(&g, "div.glossary-term[data-term='Bus'] p.term-aliases"),
        0
    );
    // Used on: by the pages' labels.
    assert_eq!(
        texts(&g, "div.glossary-term[data-term='banana'] p.term-uses a"),
        ["X page", "Y"]
    );
    assert_eq!(
        attrs(
            &g,
            "div.glossary-term[data-term='banana'] p.term-uses a",
            "href"
        ),
        ["/x/", "/y/"]
    );
    assert_eq!(
        attrs(
            &g,
            "div.glossary-term[data-term='Bus'] p.term-uses a",
            "href"
        ),
        ["/y/"]
    );
    assert_eq!(
        count(&g, "div.glossary-term[data-term='zebra'] p.term-uses"),
        0
    );
    // Each term's heading is listed once, not left in the body as well;
    // what comes before the first term stays where it is.
    assert_eq!(count(&g, "h2#cherry"), 1);
    assert_eq!(texts(&g, ".content p"), ["Intro."]);
}

#[test]
fn links_to_a_term_pass_the_anchor_check() {
    let fixture = Fixture::new()
        .page("glossary.md", GLOSSARY)
        .page(
            "ops-glossary.md",
            "# Ops words\n\nPager\n: The device that wakes you.\n",
        )
        .page(
            "a.md",
            "---\nglossary: false\n---\n# A\n\nSee [this](glossary.md#incident-commander) \
             and [that](ops-glossary.md#pager).\n",
        );
    let built = fixture.ok();
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
    fixture.write(
        "content/a.md",
        "# A\n\nSee [this](glossary.md#incident-chief).\n",
    );
    let errors = fixture.errors();
    let d = diagnostic_for(&errors, &fixture.path("content/a.md"));
    assert!(d.message.contains("incident-chief"), "{d}");
}

#[test]
fn a_term_defined_twice_on_one_page_is_an_error_at_the_second() {
    let fixture = Fixture::new().page(
        "glossary.md",
        "# Glossary\n\n## SLA\n\nA promise.\n\n## Other\n\nText.\n\n## sla\n\nAgain.\n",
    );
    let errors = fixture.errors();
    let file = fixture.path("content/glossary.md");
    let d = diagnostic_for(&errors, &file);
    let pos = d.position.expect("a position");
    assert_eq!((pos.line, pos.column), (11, 1), "{d}");
    assert!(
        d.message.contains(&format!("{}:3:1", file.display())),
        "the message names the first definition: {d}"
    );
}

#[test]
fn a_term_defined_on_two_glossaries_is_an_error_on_the_second_file() {
    // Aliases count as names: `Pager` on b-glossary clashes with the alias on a-glossary.
    let fixture = Fixture::new()
        .page(
            "a-glossary.md",
            "---\ntitle: A glossary\n---\n## Beeper (pager)\n\nWakes you.\n",
        )
        .page(
            "b-glossary.md",
            "---\ntitle: B glossary\n---\n# B glossary\n\nSome words.\n\nRota\n: Who is on call.\n\nPAGER\n: A device.\n",
        );
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let first = fixture.path("content/a-glossary.md");
    let d = diagnostic_for(&errors, &fixture.path("content/b-glossary.md"));
    let pos = d.position.expect("a position");
    assert_eq!((pos.line, pos.column), (11, 1), "{d}");
    assert!(
        d.message.contains(&format!("{}:4:1", first.display())),
        "the message names the first file with line and column: {d}"
    );
}

#[test]
fn a_term_wrapped_across_source_lines_is_one_mention() {
    // Markdown wrapped at a fixed width splits "incident commander" over two
    // lines; the page shows "incident commander", so that is the mention:
    // expected one link, to #incident-commander, around both words.
    let built = Fixture::new()
        .page("glossary.md", GLOSSARY)
        .page(
            "a.md",
            "# A\n\nWhen paged, the incident\ncommander opens a channel.\n",
        )
        .ok();
    assert_eq!(
        term_links(&built.page("a/")),
        pairs(&[("incident commander", "/glossary/#incident-commander")])
    );
}

#[test]
fn a_long_definition_with_accented_letters_does_not_panic() {
    // 175 bytes of "Word ", then "xxxx", then "é"s: byte 180 falls inside an "é".
    // Expected: the build succeeds and the tooltip is the definition cut at a
    // word, about 180 characters long.
    let definition = format!(
        "{}xxxx{} and more words to go past the limit of the tooltip.",
        "Word ".repeat(35),
        "é".repeat(20)
    );
    assert!(!definition.is_char_boundary(180));
    let built = Fixture::new()
        .page(
            "glossary.md",
            &format!("# Glossary\n\n## Thing\n\n{definition}\n"),
        )
        .page("a.md", "# A\n\nA thing.\n")
        .ok();
    let tip = tip_of(&built.page("a/"), "thing");
    assert!(tip.starts_with("Word Word"), "{tip}");
    assert!(tip.chars().count() <= 181, "{tip}");
}

#[test]
fn each_letter_section_appears_once() {
    // Sorted, "2FA" comes before the letters and "Über" after them; both go
    // under `#`. Expected: one `#` entry in the letter links and one section
    // per id, holding both terms.
    let built = Fixture::new()
        .page(
            "glossary.md",
            "# Glossary\n\n## 2FA\n\nTwo factors.\n\n## Apple\n\nFruit.\n\n## Über\n\nA ride.\n",
        )
        .ok();
    let g = built.page("glossary/");
    let mut links = attrs(&g, "nav.glossary-letters a", "href");
    let n = links.len();
    links.sort();
    links.dedup();
    assert_eq!(links.len(), n, "a letter linked twice: {links:?}");
    let mut ids = attrs(&g, "section.glossary-letter", "id");
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "two sections with one id: {ids:?}");
    assert_eq!(count(&g, "div.glossary-term"), 3);
}
