//! `[markdown] heading_ids`: headings get their ids by the rule of the tool
//! the handbook was written for, and a link written for another rule is
//! told which setting would make it work.

use handbook::error::Code;

use crate::common::*;

const HEADINGS: &str = "# Guide\n\n## Q&A: what's new?\n\n## Days 0–30: Learn, Map\n\n## Q&A: what's new?\n\n## Ünïcode Straße\n";

fn handbook(rule: Option<&str>, links: &str) -> Fixture {
    let config = match rule {
        Some(rule) => format!("title = \"T\"\n[markdown]\nheading_ids = \"{rule}\"\n"),
        None => "title = \"T\"\n".to_string(),
    };
    Fixture::new()
        .file("handbook.toml", &config)
        .page("index.md", &format!("# Home\n\n{links}\n"))
        .page("guide.md", HEADINGS)
}

fn ids(built: &Built) -> Vec<String> {
    attrs(&built.page("guide/"), ".content h2", "id")
}

#[test]
fn each_rule_gives_the_ids_its_tool_gives() {
    let cases: [(Option<&str>, [&str; 4]); 4] = [
        (
            None,
            [
                "q&a:-what's-new?",
                "days-0–30:-learn,-map",
                "q&a:-what's-new?-1",
                "ünïcode-straße",
            ],
        ),
        (
            Some("github"),
            [
                "qa-whats-new",
                "days-030-learn-map",
                "qa-whats-new-1",
                "ünïcode-straße",
            ],
        ),
        (
            Some("hugo"),
            [
                "qa-whats-new",
                "days-030-learn-map",
                "qa-whats-new-1",
                "ünïcode-straße",
            ],
        ),
        (
            Some("eleventy"),
            [
                "q-and-a-whats-new",
                "days-0-30-learn-map",
                "q-and-a-whats-new-2",
                "uenicode-strasse",
            ],
        ),
    ];
    for (rule, want) in cases {
        let built = handbook(rule, "").ok();
        assert_eq!(ids(&built), want, "rule {rule:?}");
    }
}

#[test]
fn links_written_for_the_rule_resolve_and_others_are_broken() {
    let links =
        "[a](guide.md#qa-whats-new) [b](guide.md#qa-whats-new-1) [c](guide.md#days-030-learn-map)";
    let built = handbook(Some("github"), links).ok();
    let home = built.page("");
    assert_eq!(content_href(&home, "b"), "/guide/#qa-whats-new-1");
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());

    // The same links under the default rule are broken, and each says
    // which rule makes that id of which heading.
    let errors = handbook(None, links).errors();
    let anchors: Vec<_> = errors
        .iter()
        .filter(|d| d.code == Code::LinkMissingAnchor)
        .collect();
    assert_eq!(anchors.len(), 3, "{}", show(&errors));
    let hint = anchors[0].hint.as_deref().unwrap_or("");
    assert!(
        hint.contains("#qa-whats-new is the id github gives the heading \"Q&A: what's new?\""),
        "{hint}"
    );
    assert!(hint.contains("which is #q&a:-what's-new? under"), "{hint}");
    assert!(hint.contains("heading_ids = \"github\""), "{hint}");
}

#[test]
fn hand_written_ids_win_over_every_rule() {
    let built = Fixture::new()
        .file(
            "handbook.toml",
            "title = \"T\"\n[markdown]\nheading_ids = \"eleventy\"\n",
        )
        .page("index.md", "# Home\n\n[x](guide.md#mine)\n")
        .page("guide.md", "# Guide\n\n## Q&A {#mine}\n\n## Q&A\n")
        .ok();
    assert_eq!(ids(&built), ["mine", "q-and-a"]);
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
}

#[test]
fn an_unknown_rule_is_a_config_error_listing_the_rules() {
    let fixture = handbook(Some("gitlab"), "");
    let errors = fixture.errors();
    let d = diagnostic_for(&errors, &fixture.path("handbook.toml"));
    assert_eq!(d.code, Code::ConfigInvalid);
    assert_eq!(d.position.map(|p| p.line), Some(3), "{d}");
    assert!(
        d.message.contains("github") && d.message.contains("eleventy"),
        "{d}"
    );
}
