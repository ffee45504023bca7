//! Shortcodes and includes: each syntax calls the handbook's templates, what
//! they produce is linked, anchored and in the table of contents like the
//! page's own text, and every mistake is an error at the line written.

use handbook::Diagnostic;
use handbook::error::Code;
use scraper::Html;

use crate::common::*;

/// The errors' code, file (relative to the root), line and column.
fn placed(f: &Fixture, errors: &[Diagnostic]) -> Vec<(Code, String, usize, usize)> {
    errors
        .iter()
        .map(|d| {
            let file = d
                .file
                .as_deref()
                .and_then(|p| p.strip_prefix(f.root()).ok())
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let p = d.position.expect("a position");
            (d.code, file, p.line, p.column)
        })
        .collect()
}

#[test]
fn each_call_syntax_runs_the_handbooks_template() {
    let f = Fixture::new()
        .file("shortcodes/badge.html", "<span class=\"pill\">{{ text | default(value=positional[0] | default(value=\"?\")) }}#{{ nth }}</span>\n")
        .file("shortcodes/box.html", "<div class=\"box\" data-kind=\"{{ kind | default(value=positional[0] | default(value='plain')) }}\">\n\n    <p>indented HTML stays HTML</p>\n\n{{ body }}\n</div>\n")
        .page(
            "index.md",
            "# Home\n\nA {{ badge(text=\"native\") }} b {{< badge \"hugo\" >}} c {% badge \"liquid\" %}.\n\n{% box(kind=\"n\") %}\nNative **body**.\n{% end %}\n\n{{< box \"h\" >}}\nHugo body.\n{{< /box >}}\n\n{% box \"l\" %}\nLiquid body.\n{% endbox %}\n",
        );
    let built = f.ok();
    let page = built.page("/");
    assert_eq!(
        texts(&page, ".content .pill"),
        ["native#1", "hugo#2", "liquid#3"],
        "each syntax called the template, in order, with `nth` counting the calls"
    );
    assert_eq!(attrs(&page, ".content .box", "data-kind"), ["n", "h", "l"]);
    let bodies: Vec<String> = texts(&page, ".content .box > p")
        .into_iter()
        .filter(|t| t.contains("body"))
        .collect();
    assert_eq!(bodies, ["Native body.", "Hugo body.", "Liquid body."]);
    assert_eq!(
        text(&page, ".content .box strong"),
        "body",
        "the body is markdown"
    );
    assert_eq!(
        texts(&page, ".content .box > pre").len(),
        0,
        "HTML with blank and indented lines is not read as markdown"
    );
}

#[test]
fn other_tools_calls_of_names_not_defined_stay_warnings() {
    let f = Fixture::new().page(
        "index.md",
        "# Home\n\n{{< gallery dir=\"x\" >}}\n\n{% feature_list %}\n",
    );
    let built = f.ok();
    let warnings = built.warnings();
    assert_eq!(
        warnings
            .iter()
            .filter(|w| w.contains("content/template-syntax"))
            .count(),
        2,
        "{warnings:?}"
    );
    assert!(built.page("/").html().contains("{{&lt; gallery"));
}

#[test]
fn links_headings_and_anchors_from_shortcodes_are_the_pages() {
    let f = Fixture::new()
        .file("shortcodes/section.md", "## {{ title }}\n\nSee [the target]({{ to }}).\n")
        .file("shortcodes/card.html", "<div class=\"card\" id=\"card-{{ nth }}\"><a href=\"{{ to }}\">{{ to }}</a></div>\n")
        .page("target.md", "# Target\n\n## Deep part\n")
        .page(
            "index.md",
            "# Home\n\n{{ section(title=\"Made by a shortcode\", to=\"target.md#deep-part\") }}\n\n{{ card(to=\"target.md\") }}\n\n## Own heading\n\n[first card](#card-1) and [made](#made-by-a-shortcode)\n\n## Another\n",
        );
    let built = f.ok();
    let page = built.page("/");
    assert_eq!(
        attrs(&page, ".content h2", "id"),
        ["made-by-a-shortcode", "own-heading", "another"]
    );
    assert!(
        texts(&page, ".toc a").contains(&"Made by a shortcode".to_string()),
        "a markdown shortcode's heading is in the table of contents: {:?}",
        texts(&page, ".toc a")
    );
    assert_eq!(
        attrs(&page, ".content a[href^='/target']", "href"),
        ["/target/#deep-part", "/target/"],
        "links in both kinds of output are resolved"
    );
    assert_eq!(attrs(&page, ".card", "id"), ["card-1"]);
    // And searched: the words a shortcode writes are in the search index.
    let index: String = files_under(&built.out)
        .into_iter()
        .filter(|(path, _)| path.starts_with("_search/"))
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    assert!(
        index.contains("shortcode"),
        "the heading's words are indexed"
    );

    // And checked: a broken link or anchor in a shortcode's output is an
    // error at the call.
    f.write(
        "content/index.md",
        "# Home\n\ntext\n\n{{ card(to=\"nowhere.md\") }}\n\n{{ section(title=\"x\", to=\"target.md#nope\") }}\n",
    );
    let errors = f.errors();
    assert_eq!(
        placed(&f, &errors),
        [
            (Code::LinkMissingPage, "content/index.md".into(), 5, 1),
            (Code::LinkMissingAnchor, "content/index.md".into(), 7, 1),
        ],
        "{}",
        show(&errors)
    );
}

#[test]
fn built_in_shortcodes_take_hugos_arguments() {
    let f = Fixture::new()
        .page("img/chart.png", "png")
        .page("people.md", "# People\n")
        .page(
            "index.md",
            "# Home\n\n{{< figure src=\"img/chart.png\" alt=\"A chart\" caption=\"Growth\" >}}\n\n{{< details summary=\"Why\" >}}\nBecause.\n{{< /details >}}\n\n{% alert(type=\"warning\") %}\nCareful.\n{% end %}\n\n{% tabs() %}\n{% tab(label=\"macOS\") %}\nbrew\n{% end %}\n{% tab(label=\"Linux\") %}\napt\n{% end %}\n{% end %}\n\n{{< youtube id=\"abc\" title=\"Welcome\" >}}\n\n[People]({{< ref \"people.md\" >}})\n",
        );
    let built = f.ok();
    let page = built.page("/");
    assert_eq!(attr(&page, ".content figure img", "src"), "/img/chart.png");
    assert_eq!(attr(&page, ".content figure img", "alt"), "A chart");
    assert_eq!(text(&page, ".content figcaption"), "Growth");
    assert_eq!(text(&page, ".content details > summary"), "Why");
    assert_eq!(text(&page, ".content details > p"), "Because.");
    assert_eq!(
        text(&page, ".content .alert-warning .alert-title"),
        "Warning"
    );
    assert_eq!(
        attrs(&page, ".tabs .tab-panel", "data-label"),
        ["macOS", "Linux"]
    );
    assert_eq!(
        texts(&page, ".tabs .tab-panel > p:not(.tab-label)"),
        ["brew", "apt"]
    );
    assert_eq!(attr(&page, ".video iframe", "title"), "Welcome");
    assert!(attr(&page, ".video iframe", "src").ends_with("/embed/abc"));
    assert_eq!(
        attr(&page, ".content a[href='/people/']", "href"),
        "/people/"
    );
}

#[test]
fn a_handbook_shortcode_overrides_the_built_in_one() {
    let f = Fixture::new()
        .file(
            "shortcodes/alert.html",
            "<aside class=\"mine\">{{ body }}</aside>\n",
        )
        .page("index.md", "# Home\n\n{% alert() %}\nx\n{% end %}\n");
    let page = f.ok().page("/");
    assert_eq!(texts(&page, ".content aside.mine p"), ["x"]);
    assert!(texts(&page, ".content .alert").is_empty());
}

#[test]
fn calls_in_code_and_escaped_calls_are_shown_as_written() {
    let f = Fixture::new().page(
        "index.md",
        "# Home\n\n`{{ alert() }}`\n\n```\n{% tabs() %}\n```\n\nWrite {{/* figure(src=\"a.png\") */}} to show a figure.\n",
    );
    let built = f.ok();
    let page = built.page("/");
    assert_eq!(
        texts(&page, ".content code"),
        ["{{ alert() }}", "{% tabs() %}"]
    );
    assert!(
        text(&page, ".content").contains("Write {{ figure(src=\"a.png\") }} to show a figure.")
    );
    assert!(built.warnings().is_empty(), "{:?}", built.warnings());
}

#[test]
fn mistakes_are_errors_at_the_call() {
    let f = Fixture::new()
        .file("shortcodes/needs.html", "<b>{{ thing }}</b>\n")
        .page(
            "index.md",
            "# Home\n\n{{ nope() }}\n\n{{ needs() }}\n\nx {{ needs(thing=) }}\n\n{% alert() %}\nnever closed\n\n{% end %}\n{% end %}\n",
        );
    let errors = f.errors();
    let found = placed(&f, &errors);
    let file = "content/index.md".to_string();
    assert_eq!(
        found,
        [
            (Code::ShortcodeUnknown, file.clone(), 3, 1),
            (Code::ShortcodeTemplate, file.clone(), 5, 1),
            (Code::ShortcodeSyntax, file.clone(), 7, 18),
            (Code::ShortcodeUnclosed, file.clone(), 13, 1),
        ],
        "{}",
        show(&errors)
    );
    assert!(errors[1].message.contains("thing"), "{}", errors[1].message);
}

#[test]
fn a_template_error_in_a_shortcode_names_its_file_and_line() {
    let f = Fixture::new()
        .file("shortcodes/bad.html", "<b>\n{% if %}\n")
        .page("index.md", "# Home\n");
    let errors = f.errors();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, Code::Template);
    assert_eq!(
        errors[0].file.as_deref(),
        Some(f.path("shortcodes/bad.html").as_path())
    );
    assert_eq!(errors[0].position.map(|p| p.line), Some(2));
}

#[test]
fn includes_bring_a_files_markdown_with_its_links_read_from_its_folder() {
    let f = Fixture::new()
        .file(
            "snippets/policy.md",
            "---\nnote: frontmatter is not included\n---\n## Travel policy\n\nBook through [the travel page](../content/ops/travel.md#booking).\n\n{{ include(path=\"nested.md\") }}\n",
        )
        .file("snippets/nested.md", "Nested [relative](../content/index.md).\n")
        .page("ops/travel.md", "# Travel\n\n## Booking\n")
        .page("ops/_includes/jekyll.md", "From Jekyll's folder.\n")
        .page(
            "index.md",
            "# Home\n\n{{ include(path=\"../snippets/policy.md\") }}\n\n{{#include ops/_includes/jekyll.md}}\n\n[to the policy](#travel-policy)\n",
        );
    let built = f.ok();
    let page = built.page("/");
    assert_eq!(attrs(&page, ".content h2", "id"), ["travel-policy"]);
    assert_eq!(
        attrs(&page, ".content p a", "href"),
        ["/ops/travel/#booking", "/", "#travel-policy"],
        "the include's links start from its own folder; its heading is an anchor of the page"
    );
    assert!(!page.html().contains("frontmatter is not included"));
    assert!(text(&page, ".content").contains("From Jekyll's folder."));
}

#[test]
fn include_mistakes_name_the_file_and_the_cycle() {
    let f = Fixture::new()
        .file("snippets/a.md", "A\n\n{{ include(path=\"b.md\") }}\n")
        .file("snippets/b.md", "B\n\n{{ include(path=\"a.md\") }}\n\n[broken](../content/nowhere.md)\n")
        .page(
            "index.md",
            "# Home\n\n{{ include(path=\"a.md\") }}\n\n{{ include(path=\"missing.md\") }}\n\n{% include \"jekyll-only.html\" %}\n",
        );
    let errors = f.errors();
    let found = placed(&f, &errors);
    assert_eq!(
        found,
        [
            (Code::IncludeMissing, "content/index.md".into(), 5, 1),
            (Code::IncludeCycle, "snippets/b.md".into(), 3, 1),
            (Code::LinkMissingPage, "snippets/b.md".into(), 5, 1),
        ],
        "{}",
        show(&errors)
    );
    let cycle = &errors[1].message;
    assert!(
        cycle.contains("a.md -> ") && cycle.contains("b.md -> "),
        "{cycle}"
    );
}

/// Writes `rel` and reports it to the build as the watcher would.
fn reused(
    build: &mut handbook::Build,
    h: &crate::serve_incremental::Handbook,
    rel: &str,
    text: &str,
) -> handbook::Update {
    h.write(rel, text);
    let change = handbook::serve::watch::Change::Reused(h.path(rel));
    build
        .update(&std::collections::BTreeSet::from([change]), &h.options())
        .expect("update")
}

#[test]
fn serve_renders_again_exactly_the_pages_that_use_an_edited_shortcode_or_include() {
    use crate::serve_incremental::{Handbook, Served, assert_same, clean};
    let h = Handbook::empty();
    h.write("handbook.toml", "title = \"T\"\n");
    h.write("shortcodes/badge.html", "<b class=\"b\">{{ text }}</b>\n");
    h.write("snippets/rule.md", "## Rule\n\nRule one.\n");
    h.write("content/index.md", "# Home\n\nA {{ badge(text=\"x\") }}.\n");
    h.write(
        "content/a.md",
        "# A\n\n{{ include(path=\"../snippets/rule.md\") }}\n\n[rule](#rule)\n",
    );
    h.write("content/b.md", "# B\n\nPlain [home](index.md).\n");
    let mut build = clean(&h);
    let mut served = Served::default();
    served.follow(&mut build, "the first build");

    let pages_handed = |served: &Served| -> Vec<String> {
        let mut pages: Vec<String> = served
            .handed
            .iter()
            .filter(|p| p.ends_with("index.html") && !p.starts_with('_'))
            .cloned()
            .collect();
        pages.sort();
        pages
    };

    let update = reused(
        &mut build,
        &h,
        "shortcodes/badge.html",
        "<i class=\"b\">{{ text }}!</i>\n",
    );
    assert!(matches!(update, handbook::Update::Pages(_)), "{update:?}");
    assert_same(&build, &h, "a shortcode edit");
    served.follow(&mut build, "a shortcode edit");
    assert_eq!(pages_handed(&served), ["index.html"]);

    reused(
        &mut build,
        &h,
        "snippets/rule.md",
        "## Rule\n\nRule two, [to b](../content/b.md).\n",
    );
    assert_same(&build, &h, "an include edit");
    served.follow(&mut build, "an include edit");
    assert!(
        pages_handed(&served).contains(&"a/index.html".to_string())
            && !pages_handed(&served).contains(&"index.html".to_string()),
        "{:?}",
        pages_handed(&served)
    );

    // A template error is reported and the served site kept; fixing it
    // renders the pages again.
    h.write("shortcodes/badge.html", "<i>{% if %}</i>\n");
    let change = handbook::serve::watch::Change::Reused(h.path("shortcodes/badge.html"));
    assert!(
        build
            .update(&std::collections::BTreeSet::from([change]), &h.options())
            .is_err()
    );
    reused(
        &mut build,
        &h,
        "shortcodes/badge.html",
        "<u>{{ text }}</u>\n",
    );
    assert_same(&build, &h, "a fixed shortcode");
    served.follow(&mut build, "a fixed shortcode");
    assert_eq!(pages_handed(&served), ["index.html"]);

    // A shortcode a page calls before it exists: defining it fixes the page.
    h.write(
        "content/b.md",
        "# B\n\nPlain [home](index.md) {{ later() }}.\n",
    );
    let change = handbook::serve::watch::Change::Content(h.path("content/b.md"));
    build
        .update(&std::collections::BTreeSet::from([change]), &h.options())
        .expect("update");
    assert_same(&build, &h, "a call of a shortcode not yet written");
    reused(&mut build, &h, "shortcodes/later.md", "**later**\n");
    assert_same(&build, &h, "the shortcode written");
    served.follow(&mut build, "the shortcode written");
    assert_eq!(pages_handed(&served), ["b/index.html"]);
}

#[test]
fn serve_renders_again_only_the_pages_whose_shortcodes_read_an_edited_data_file() {
    use crate::serve_incremental::{Handbook, Served, assert_same, clean};
    let h = Handbook::empty();
    h.write("handbook.toml", "title = \"T\"\n");
    h.write("data/team.yaml", "- name: Ana\n  job: jobs/dev.md\n");
    h.write(
        "shortcodes/people.md",
        "{% for p in data.team %}- [{{ p.name }}]({{ base }}{{ p.job }})\n{% endfor %}",
    );
    h.write("content/index.md", "# Home\n\nPlain.\n");
    h.write("content/jobs/dev.md", "# Developer\n");
    h.write("content/team.md", "# Team\n\n{{ people() }}\n");
    let mut build = clean(&h);
    let mut served = Served::default();
    served.follow(&mut build, "the first build");
    assert_eq!(
        texts(
            &Html::parse_document(&page_of(&build, "team/index.html")),
            ".content li a"
        ),
        ["Ana"]
    );

    h.write(
        "data/team.yaml",
        "- name: Ana\n  job: jobs/dev.md\n- name: Bo\n  job: jobs/dev.md\n",
    );
    let change = handbook::serve::watch::Change::Data(h.path("data/team.yaml"));
    let update = build
        .update(&std::collections::BTreeSet::from([change]), &h.options())
        .expect("update");
    assert!(matches!(update, handbook::Update::Pages(_)), "{update:?}");
    assert_same(&build, &h, "a data edit");
    served.follow(&mut build, "a data edit");
    let pages: Vec<&String> = served
        .handed
        .iter()
        .filter(|p| p.ends_with("index.html") && !p.starts_with('_'))
        .collect();
    // The team page only: it linked to the job page before, too.
    assert_eq!(pages, ["team/index.html"]);
    assert_eq!(
        texts(
            &Html::parse_document(&page_of(&build, "team/index.html")),
            ".content li a"
        ),
        ["Ana", "Bo"]
    );

    // A link the data makes that leads nowhere is an error at the call.
    h.write("data/team.yaml", "- name: Ana\n  job: jobs/gone.md\n");
    let change = handbook::serve::watch::Change::Data(h.path("data/team.yaml"));
    build
        .update(&std::collections::BTreeSet::from([change]), &h.options())
        .expect("update");
    assert_same(&build, &h, "a data edit that breaks a link");
    let Err(handbook::Error::Handbook(errors)) = build.result() else {
        panic!("expected the broken link to fail the build");
    };
    let error = errors.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(error.code, Code::LinkMissingPage);
    assert_eq!(
        error.file.as_deref(),
        Some(h.path("content/team.md").as_path())
    );
    assert_eq!(error.position.map(|p| (p.line, p.column)), Some((3, 1)));
}

/// One output file of a build, as text.
fn page_of(build: &handbook::Build, path: &str) -> String {
    let site = build.result().expect("a site");
    let file = site
        .files
        .into_iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    match file.contents {
        handbook::output::Contents::Bytes(b) => String::from_utf8(b.to_vec()).expect("utf-8"),
        handbook::output::Contents::Copy(p) => std::fs::read_to_string(p).expect("read"),
    }
}

#[test]
fn mdbook_includes_fill_code_blocks_with_a_files_lines_or_anchor() {
    let f = Fixture::new()
        .file(
            "listings/main.rs",
            "// ANCHOR: all\nfn main() {\n    // ANCHOR: body\n    println!(\"hi\");\n    // ANCHOR_END: body\n}\n// ANCHOR_END: all\n",
        )
        .page(
            "index.md",
            "# Home\n\n```rust\n{{#include ../listings/main.rs:2:2}}\n```\n\n```rust\n{{#include ../listings/main.rs:body}}\n```\n\n```rust\n{{#include ../listings/main.rs:all}}\n```\n\n`{{ alert() }}` stays code.\n",
        );
    let page = f.ok().page("/");
    assert_eq!(
        texts(&page, ".content pre"),
        [
            "fn main() {",
            "println!(\"hi\");",
            "fn main() { println!(\"hi\"); }"
        ],
        "lines 2 to 2, the anchor `body`, the anchor `all` without the anchors inside"
    );
    assert_eq!(texts(&page, ".content p code"), ["{{ alert() }}"]);

    f.write(
        "content/index.md",
        "# Home\n\n```\n{{#include ../listings/main.rs:nope}}\n```\n\n{{#include ../listings/gone.rs}}\n",
    );
    let errors = f.errors();
    assert_eq!(
        placed(&f, &errors),
        [
            (Code::IncludeMissing, "content/index.md".into(), 4, 1),
            (Code::IncludeMissing, "content/index.md".into(), 7, 1),
        ],
        "{}",
        show(&errors)
    );
}

#[test]
fn a_body_never_closed_is_an_error_and_a_body_not_shown_a_warning() {
    let f = Fixture::new()
        .file("shortcodes/plain.html", "<hr class=\"plain\">\n")
        .page(
            "index.md",
            "# Home\n\n{% plain() %}\nThis body has nowhere to go.\n{% end %}\n\nText.\n",
        );
    let built = f.ok();
    let warnings = &built.report.warnings;
    assert_eq!(
        placed(&f, warnings),
        [(Code::ShortcodeBodyUnused, "content/index.md".into(), 3, 1)]
    );
    let page = built.page("/");
    assert_eq!(count(&page, ".content hr.plain"), 1);
    assert!(
        !text(&page, ".content").contains("nowhere"),
        "the body is dropped"
    );

    f.write(
        "content/index.md",
        "# Home\n\n{% details(summary=\"s\") %}\nOpen.\n\nStill open.\n",
    );
    let errors = f.errors();
    assert_eq!(
        placed(&f, &errors),
        [(Code::ShortcodeUnclosed, "content/index.md".into(), 3, 1)],
        "{}",
        show(&errors)
    );
    assert!(
        errors[0]
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("{% end %}")
    );
}
