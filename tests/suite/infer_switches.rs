//! `[infer]` and `[frontmatter]`: a handbook whose ordinary content only
//! looks like jobs, plans or statuses can say so, and gets no roles page,
//! no dashboard rows, no roll-ups and no status warnings it did not ask for.

use handbook::error::Code;

use crate::common::*;

/// Interview guides in `roles/`, design docs with task lists and their own
/// `status:` values: an engineering handbook, not a product-delivery one.
fn engineering(config: &str) -> Fixture {
    Fixture::new()
        .file("handbook.toml", &format!("title = \"T\"\n{config}"))
        .page("index.md", "# Home\n")
        .page(
            "roles/backend.md",
            "# Backend interview guide\n\nAsk about queues.\n",
        )
        .page("design/index.md", "# Design docs\n")
        .page(
            "design/cache.md",
            "---\nstatus: implemented\n---\n# Cache\n\n- [x] Measure\n- [ ] Ship\n",
        )
        .page(
            "design/queue.md",
            "---\nstatus: [proposed, reviewed]\nstate: in-progress\n---\n# Queue\n\n- [ ] Write\n",
        )
}

fn dashboard_rows(built: &Built) -> usize {
    count(&built.page("dashboard/"), "table.dashboard tbody tr")
}

#[test]
fn by_default_folders_task_lists_and_statuses_are_read_as_handbook_meanings() {
    // `status: [a, b]` is not a status: an error until the handbook says
    // the key is its own.
    let errors = engineering("").errors();
    assert!(
        errors.iter().any(|d| d.code == Code::FrontmatterInvalid),
        "{}",
        show(&errors)
    );
    let built = engineering("[frontmatter]\nignore = [\"status\"]\n").ok();
    assert!(built.exists("roles/reporting-lines/index.html"));
    assert_eq!(dashboard_rows(&built), 2);
    assert!(count(&built.page(""), ".badge-rollup") > 0);
}

#[test]
fn switches_turn_each_inferred_meaning_off() {
    let built = engineering(
        "[infer]\nkinds = false\nchecklists = false\nrollups = false\n[frontmatter]\nignore = [\"status\"]\n",
    )
    .ok();
    // The interview guide is a page like any other: no roles listing.
    assert!(!built.exists("roles/reporting-lines/index.html"));
    assert_eq!(
        text(&built.page("roles/backend/"), "main h1"),
        "Backend interview guide"
    );
    // Task lists are not plans: the dashboard is empty, no roll-ups.
    assert_eq!(dashboard_rows(&built), 0);
    assert_eq!(count(&built.page(""), ".badge-rollup"), 0);
    assert_eq!(count(&built.page("design/"), ".badge-rollup"), 0);
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
}

#[test]
fn a_renamed_key_is_read_as_ours_and_the_original_is_left_alone() {
    let built = engineering("[frontmatter]\nrename = { state = \"status\" }\n").ok();
    // `state: in-progress` is the status; `status: [...]` and
    // `status: implemented` are the handbook's own, unread.
    assert_eq!(
        attr(
            &built.nav(),
            "li[data-url='/design/queue/'] .badge-status",
            "data-status"
        ),
        "in-progress"
    );
    assert_eq!(
        count(&built.nav(), "li[data-url='/design/cache/'] .badge-status"),
        0
    );
    assert!(
        !built
            .report
            .warnings
            .iter()
            .any(|d| d.code == Code::StatusUnknown),
        "{:?}",
        built.warnings()
    );
}

#[test]
fn a_frontmatter_setting_that_means_nothing_is_an_error_at_its_line() {
    let fixture = engineering("[frontmatter]\nrename = { state = \"stauts\" }\n");
    let errors = fixture.errors();
    let d = diagnostic_for(&errors, &fixture.path("handbook.toml"));
    assert_eq!(d.code, Code::ConfigInvalid);
    assert_eq!(d.position.map(|p| p.line), Some(3), "{d}");
    assert!(d.message.contains("`stauts`"), "{d}");
}
