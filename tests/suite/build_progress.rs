//! Badges and numbers: status, progress from checklists and frontmatter,
//! per-section counts, section rollups, and contradictions.

use crate::common;

use common::{Fixture, attr, attrs, count, text, texts};

#[test]
fn status_shows_as_a_badge_with_its_label() {
    let built = Fixture::new()
        .page("a.md", "---\ntitle: A\nstatus: in-progress\n---\nBody.\n")
        .page("b.md", "---\ntitle: B\nstatus: done\n---\nBody.\n")
        .page("c.md", "# C\n")
        .ok();
    let a = built.page("a/");
    assert_eq!(
        attr(&a, ".badges .badge-status", "data-status"),
        "in-progress"
    );
    assert_eq!(text(&a, ".badges .badge-status"), "In progress");
    assert_eq!(text(&built.page("b/"), ".badges .badge-status"), "Done");
    assert_eq!(count(&built.page("c/"), ".badges .badge"), 0);
    assert_eq!(
        attr(
            &built.nav(),
            "li[data-url='/a/'] .badge-status",
            "data-status"
        ),
        "in-progress"
    );
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
}

#[test]
fn unknown_status_warns_and_still_shows() {
    let fixture = Fixture::new().page("a.md", "---\nstatus: someday\n---\n# A\n");
    let built = fixture.ok();
    assert_eq!(text(&built.page("a/"), ".badges .badge-status"), "someday");
    let warnings = built.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with(&format!(
            "{}:2:1: warning[status/unknown]: unknown status `someday`",
            fixture.path("content/a.md").display()
        )),
        "{warnings:?}"
    );
}

#[test]
fn checklist_items_count_as_progress() {
    let built = Fixture::new()
        .page(
            "a.md",
            "# A\n\n- [x] one\n- [ ] two\n- [x] three\n- ✅ four\n- ⬜ five\n- plain item\n",
        )
        .ok();
    let a = built.page("a/");
    assert_eq!(attr(&a, ".badges .badge-progress", "data-percent"), "60");
    assert_eq!(text(&a, ".badges .badge-progress"), "60% (3/5)");
    assert_eq!(
        attr(
            &built.nav(),
            "li[data-url='/a/'] .badge-progress",
            "data-percent"
        ),
        "60"
    );
}

#[test]
fn frontmatter_progress_fraction_and_percent() {
    let built = Fixture::new()
        .page("f.md", "---\ntitle: F\nprogress: \"3/4\"\n---\nBody.\n")
        .page("p.md", "---\ntitle: P\nprogress: 40\n---\nBody.\n")
        .page("s.md", "---\ntitle: S\nprogress: \"15%\"\n---\nBody.\n")
        .ok();
    assert_eq!(
        attr(&built.page("f/"), ".badges .badge-progress", "data-percent"),
        "75"
    );
    assert_eq!(
        attr(&built.page("p/"), ".badges .badge-progress", "data-percent"),
        "40"
    );
    assert_eq!(text(&built.page("p/"), ".badges .badge-progress"), "40%");
    assert_eq!(
        attr(&built.page("s/"), ".badges .badge-progress", "data-percent"),
        "15"
    );
}

#[test]
fn plan_page_shows_per_section_counts() {
    let built = Fixture::new()
        .page(
            "launch.md",
            "---\nkind: plan\n---\n# Launch\n\n- [x] before any section\n\n\
             ## Phase 1\n\n- [x] a\n- [ ] b\n\n## Phase 2\n\n- ✅ c\n- ✅ d\n\n\
             ## Notes\n\nNo items here.\n\n### Phase 3\n\n- [ ] e\n",
        )
        .ok();
    let plan = built.page("launch/");
    assert_eq!(
        texts(&plan, ".phases li"),
        ["Phase 1 1/2", "Phase 2 2/2", "Phase 3 0/1"]
    );
    assert_eq!(
        attrs(&plan, ".phases li a", "href"),
        ["#phase-1", "#phase-2", "#phase-3"]
    );
    assert_eq!(
        attrs(&plan, ".phases li .badge-progress", "data-percent"),
        ["50", "100", "0"]
    );
    // The whole page: 4 of 6.
    assert_eq!(attr(&plan, ".badges .badge-progress", "data-percent"), "66");
}

#[test]
fn pages_in_a_plans_folder_are_plans() {
    let built = Fixture::new()
        .page("plans/q1.md", "# Q1\n\n## Now\n\n- [x] a\n")
        .page("notes.md", "# Notes\n\n## Now\n\n- [x] a\n")
        .ok();
    assert_eq!(texts(&built.page("plans/q1/"), ".phases li"), ["Now 1/1"]);
    assert_eq!(count(&built.page("notes/"), ".phases"), 0);
}

#[test]
fn section_page_rolls_up_its_pages_progress() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("s/index.md", "# Section\n\nNo progress of its own.\n")
        .page("s/a.md", "---\nprogress: 100\n---\n# A\n")
        .page("s/b.md", "# B\n\n- [x] one\n- [ ] two\n")
        .page("s/c.md", "# C\n\nNo progress.\n")
        .page("s/sub/x.md", "---\nprogress: 21\n---\n# X\n")
        .ok();
    let s = built.page("s/");
    // Mean of 100, 50 and 21 over the three pages that have progress.
    assert_eq!(attr(&s, ".page-header .badge-rollup", "data-percent"), "57");
    assert_eq!(text(&s, ".page-header .badge-rollup"), "57% across 3 pages");
    let children: Vec<(String, Vec<String>, Vec<String>)> = s
        .select(&common::sel(".children li.child"))
        .map(|li| {
            let label = li
                .select(&common::sel(":scope > a, :scope > .child-folder"))
                .map(common::text_of)
                .collect();
            let percent = li
                .select(&common::sel(".badge-progress"))
                .filter_map(|b| b.value().attr("data-percent").map(String::from))
                .collect();
            let rollup = li
                .select(&common::sel(".badge-rollup"))
                .filter_map(|b| b.value().attr("data-percent").map(String::from))
                .collect();
            (label, percent, rollup)
        })
        .collect();
    let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        children,
        [
            ("A".to_string(), v(&["100"]), v(&[])),
            ("B".to_string(), v(&["50"]), v(&[])),
            ("C".to_string(), v(&[]), v(&[])),
            ("Sub".to_string(), v(&[]), v(&["21"])),
        ]
    );
    // The home page shows the section's rollup on its child entry.
    assert_eq!(
        attrs(
            &built.page("/"),
            ".children li.child .badge-rollup",
            "data-percent"
        ),
        ["57"]
    );
    // A plain page has no rollup.
    assert_eq!(count(&built.page("s/a/"), ".badge-rollup"), 0);
}

#[test]
fn rollup_counts_the_section_page_itself() {
    let built = Fixture::new()
        .page("s/index.md", "---\nprogress: 10\n---\n# S\n")
        .page("s/a.md", "---\nprogress: 30\n---\n# A\n")
        .ok();
    let s = built.page("s/");
    assert_eq!(
        attr(&s, ".page-header .badge-progress", "data-percent"),
        "10"
    );
    assert_eq!(attr(&s, ".page-header .badge-rollup", "data-percent"), "20");
    assert_eq!(text(&s, ".page-header .badge-rollup"), "20% across 2 pages");
}

#[test]
fn contradicting_progress_warns_with_file_and_both_numbers() {
    let fixture = Fixture::new()
        .page(
            "a.md",
            "---\nprogress: 40\n---\n# A\n\n- [x] one\n- [ ] two\n",
        )
        .page(
            "b.md",
            "---\nprogress: \"3/4\"\n---\n# B\n\n- [x] one\n- [ ] two\n",
        )
        .page(
            "ok1.md",
            "---\nprogress: \"1/2\"\n---\n# OK1\n\n- [x] one\n- [ ] two\n",
        )
        .page(
            "ok2.md",
            "---\nprogress: 50\n---\n# OK2\n\n- [x] one\n- [ ] two\n",
        );
    let built = fixture.ok();
    let warnings = built.warnings();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    let a = fixture.path("content/a.md").display().to_string();
    let b = fixture.path("content/b.md").display().to_string();
    assert!(
        warnings[0].starts_with(&format!("{a}:2:1: warning[progress/contradiction]: ")),
        "{warnings:?}"
    );
    assert!(
        warnings[0].contains("40%") && warnings[0].contains("1/2 (50%)"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].starts_with(&format!("{b}:2:1: warning[progress/contradiction]: ")),
        "{warnings:?}"
    );
    assert!(
        warnings[1].contains("3/4") && warnings[1].contains("1/2 (50%)"),
        "{warnings:?}"
    );
    // The stated number is the one shown.
    assert_eq!(
        attr(&built.page("a/"), ".badges .badge-progress", "data-percent"),
        "40"
    );
}

#[test]
fn progress_out_of_range_is_an_error() {
    let fixture = Fixture::new().page("a.md", "---\nprogress: 140\n---\n# A\n");
    let errors = fixture.errors();
    let d = common::diagnostic_for(&errors, &fixture.path("content/a.md"));
    assert!(d.message.contains("progress must be a percentage"), "{d}");
    assert_eq!(d.position.map(|p| p.line), Some(2), "{d}");
}

#[test]
fn the_sidebar_names_a_status_as_the_page_header_does() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("a.md", "---\nstatus: in-progress\n---\n# A\n")
        .ok();
    let sidebar = text(&built.nav(), "li[data-url='/a/'] .badge-status");
    let header = text(&built.page("a/"), ".badges .badge-status");
    assert_eq!(sidebar, "In progress");
    assert_eq!(sidebar, header);
    assert_eq!(
        attr(&built.nav(), "li[data-url='/a/'] .badge-status", "style"),
        "--badge: #0969da"
    );
}
