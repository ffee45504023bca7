//! The fuzz targets' checks on stable, without libFuzzer: every seed in
//! `fuzz/seeds/TARGET/` and every input that once made a target fail, kept in
//! `fuzz/regressions/TARGET/`, goes through the same function the fuzz target
//! calls (`fuzz/src/lib.rs`, included here), with the same invariants.

use std::path::{Path, PathBuf};

#[path = "../../fuzz/src/lib.rs"]
mod checks;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of `fuzz/KIND/TARGET/`, sorted; none when the folder is absent.
fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = fuzz_dir().join(kind).join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every input of `kind` through its target; reports all failures at once.
fn run_all(kind: &str) -> usize {
    let mut failures = Vec::new();
    let mut count = 0;
    for (target, check) in checks::TARGETS {
        for file in inputs(kind, target) {
            let data = std::fs::read(&file).expect("read an input");
            count += 1;
            if let Err(e) = std::panic::catch_unwind(|| check(&data)) {
                let message = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{}: {message}", file.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} inputs failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    count
}

/// The folders under `fuzz/KIND/` are all fuzz targets (a typo would skip its inputs).
fn folders_are_targets(kind: &str) {
    let Ok(entries) = std::fs::read_dir(fuzz_dir().join(kind)) else {
        return;
    };
    for entry in entries {
        let name = entry.expect("a folder entry").file_name();
        let name = name.to_string_lossy();
        assert!(
            checks::TARGETS.iter().any(|(t, _)| *t == name),
            "fuzz/{kind}/{name} is not a fuzz target (the targets are {:?})",
            checks::TARGETS.iter().map(|(t, _)| t).collect::<Vec<_>>()
        );
    }
}

#[test]
fn every_seed_passes_its_target_checks() {
    folders_are_targets("seeds");
    for (target, _) in checks::TARGETS {
        assert!(
            !inputs("seeds", target).is_empty(),
            "fuzz/seeds/{target}/ has no seed"
        );
    }
    run_all("seeds");
}

#[test]
fn every_input_that_once_failed_now_passes() {
    folders_are_targets("regressions");
    run_all("regressions");
}

/// Found by the `markdown` target: a `{...}` attribute block after a heading,
/// link or image could add an event handler or a script URL although raw HTML
/// is off. With raw HTML on, they are written as the author asked.
#[test]
fn attribute_blocks_run_no_script_without_raw_html() {
    use handbook::render::markdown;
    use scraper::{Html, Selector};

    let cases = [
        ("## Phase {onclick=alert(1) data-x=1}\n", "h2", "onclick"),
        (
            "[x](javascript:alert(1)){href=\"javascript:alert(1)\" rel=nofollow}\n",
            "a",
            "href",
        ),
        (
            "![x](y.png){ONERROR=\"alert(1)\" data-x=1}\n",
            "img",
            "onerror",
        ),
    ];
    for (md, tag, attr) in cases {
        let attrs = |raw_html: bool| {
            let html = markdown::render(md, raw_html, &mut |l| l.dest.to_string()).html;
            let doc = Html::parse_fragment(&html);
            let element = doc
                .select(&Selector::parse(tag).expect("selector"))
                .next()
                .unwrap_or_else(|| panic!("no <{tag}> in {html}"))
                .value()
                .clone();
            (
                element.attr(attr).map(str::to_string),
                element
                    .attr("data-x")
                    .or(element.attr("rel"))
                    .map(str::to_string),
            )
        };
        let (bad, harmless) = attrs(false);
        assert!(
            bad.as_deref().is_none_or(|v| !v.contains("alert")),
            "{md:?}: raw HTML off still wrote {attr}={bad:?}"
        );
        assert!(
            harmless.is_some(),
            "{md:?}: the harmless attribute was dropped too"
        );
        let (raw, _) = attrs(true);
        assert!(
            raw.is_some_and(|v| v.contains("alert")),
            "{md:?}: with raw HTML on, {attr} is written as asked"
        );
    }
}

/// Found by the `checklist` target: a task item whose text is followed by a
/// `: definition` line (a definition list inside the item) showed a ticked
/// box that progress did not count.
#[test]
fn a_task_item_holding_a_definition_list_is_counted() {
    use handbook::analyse::progress::{PageProgress, Progress};
    use handbook::render::markdown;

    let md = "## Launch\n\n- [x] Ship it\n  : the release notes\n- [ ] Tell people\n";
    let r = markdown::render(md, false, &mut |l| l.dest.to_string());
    assert_eq!(
        r.html.matches("type=\"checkbox\"").count(),
        2,
        "two boxes shown: {}",
        r.html
    );
    let p = PageProgress::new(None, &r.tasks, &r.headings);
    assert_eq!(
        p.checklist,
        Some(Progress { done: 1, total: 2 }),
        "{:?}",
        r.tasks
    );
    assert_eq!(p.sections.len(), 1);
    assert_eq!(p.sections[0].progress, Progress { done: 1, total: 2 });
    assert_eq!(p.percent, Some(50));
}

/// Found by the `frontmatter` target: YAML breaks lines at a lone `\r` too,
/// so an error after some named a line past the end of the file. Every
/// diagnostic now counts a lone `\r` as a line break, as YAML and CommonMark
/// do: the error is at the line of `b`.
#[test]
fn a_yaml_error_after_lone_carriage_returns_names_a_line_of_the_file() {
    use handbook::content::frontmatter;
    use std::path::Path;

    let text = "---\ntitle: A\r\r\r\rb\n---\nbody\n";
    let split = frontmatter::split(text).expect("closed frontmatter");
    let d = frontmatter::parse(Path::new("p.md"), text, &split, &Default::default())
        .expect_err("invalid YAML");
    let p = d.position.expect("a position");
    assert_eq!(p.line, 6, "{d:?}");
    assert_eq!(d.snippet.as_deref(), Some("b"), "{d:?}");
}

/// Found by the `checklist` target: a phase's own line (`- [x] Days 0-30`
/// with items below it) is not one of its items, yet its box was shown,
/// ticked and uncounted. It shows no box now; the items below still count.
#[test]
fn a_phase_line_shows_no_box_it_does_not_count() {
    use handbook::analyse::progress::{PageProgress, Progress};
    use handbook::render::markdown;

    let md = "- [x] Days 0-30\n  - [x] Meet the team\n  - [ ] Read the handbook\n";
    let r = markdown::render(md, false, &mut |l| l.dest.to_string());
    assert_eq!(
        r.html.matches("type=\"checkbox\"").count(),
        2,
        "the items' boxes only: {}",
        r.html
    );
    assert!(r.html.contains("Days 0-30"), "{}", r.html);
    let p = PageProgress::new(None, &r.tasks, &r.headings);
    assert_eq!(p.checklist, Some(Progress { done: 1, total: 2 }));
}
