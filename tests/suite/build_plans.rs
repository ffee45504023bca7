//! Plans and progress: which pages are plans, the phases found in them (the
//! three shapes the FlowFuse 90-day plans take, and the real corpus), the
//! plans dashboard with its order of attention and Now/Next/Later board, and
//! the review and horizon badges.

use crate::common;

use std::path::{Path, PathBuf};

use common::{Fixture, attr, attrs, count, sel, text, text_of, texts};
use scraper::Html;

/// A phase as the page lists it: title, href, done, total.
#[derive(Debug, PartialEq, Eq)]
struct Phase {
    title: String,
    href: String,
    done: u32,
    total: u32,
}

fn phases(html: &Html) -> Vec<Phase> {
    html.select(&sel("section.phases li.phase-progress"))
        .map(|li| {
            let a = li
                .select(&sel("a"))
                .next()
                .unwrap_or_else(|| panic!("a phase without a link: {}", li.html()));
            let num = |name: &str| -> u32 {
                li.value()
                    .attr(name)
                    .unwrap_or_else(|| panic!("no {name} on {}", li.html()))
                    .parse()
                    .unwrap_or_else(|e| panic!("{name} on {}: {e}", li.html()))
            };
            Phase {
                title: text_of(a),
                href: a.value().attr("href").unwrap_or_default().to_string(),
                done: num("data-done"),
                total: num("data-total"),
            }
        })
        .collect()
}

/// `(title, done, total)` of each phase.
fn counts(html: &Html) -> Vec<(String, u32, u32)> {
    phases(html)
        .into_iter()
        .map(|p| (p.title, p.done, p.total))
        .collect()
}

fn c(title: &str, done: u32, total: u32) -> (String, u32, u32) {
    (title.to_string(), done, total)
}

/// Every phase link leads to an element of the page with that id.
fn assert_phase_links_resolve(html: &Html, page: &str) {
    let ids = attrs(html, "[id]", "id");
    for p in phases(html) {
        let id = p.href.strip_prefix('#').unwrap_or_else(|| {
            panic!("{page}: phase {:?} links off the page: {}", p.title, p.href)
        });
        assert!(
            ids.iter().any(|i| i == id),
            "{page}: phase {:?} links to #{id}, which is not on the page",
            p.title
        );
    }
}

// Shape 1: a "90-Day Plan" section of "Week N-M:" items with nested bullets.
const SHAPE_ONE: &str = "---\ntitle: Support lead\n---\n## About the role\n\nYou lead support.\n\n\
## 90-Day Plan\n\n\
* Week 1-4: Meet the team and learn the product\n    * Read the docs\n    * Meet every engineer\n    * Answer ten tickets\n\
* Week 5-8: Take over the queue\n    * Run the weekly triage\n    * Write the escalation guide\n\
* Week 9-13: Improve\n    * Cut first response time\n\n\
## Skills\n\n* Patience\n* Writing\n";

// Shape 2: bold periods, with the title inside or outside the bold, and both bullet kinds.
const SHAPE_TWO: &str = "---\ntitle: Sales lead\n---\n## 90-Day Plan:\n\n\
* **Week 1-4:** Settle in and listen.\n    * Talk to customers\n    * Learn the sales motion\n\
* **Week 5-8:** Refine the strategy.\n    * Present a plan\n\n\
- **Week 9-13: Impact**\n    - Hire two people\n    - Close a deal\n    - Report to the board\n";

// Shape 3: "Days" headings with subsections of bullets and a deliverables checklist.
const SHAPE_THREE: &str = "---\ntitle: Product lead\n---\n# Product lead\n\n## 90-Day Plan\n\nHow the first months go.\n\n\
### Days 0–30: Learn and build trust\n\nThe first month.\n\n\
#### Product\n\n* Use the product daily\n* Join support calls\n\n\
#### Team\n\n* Meet each lead\n\n\
**Deliverables**:\n\n* ✅ A map of the product\n* ⬜ A list of open questions\n\n\
### Days 31–60: Align on priorities\n\n#### Priorities\n\n* Agree on what matters now\n\n\
**Deliverables**:\n\n* ✅ A ranked backlog\n* ✅ A planning cadence\n* ❌ A discovery process\n\n\
### Days 61–90: Execute\n\n#### Delivery\n\n* Ship something customers asked for\n* Report on it\n\n\
## Skills\n\n* Writing\n";

#[test]
fn week_items_with_nested_bullets_are_phases_counted_as_open() {
    let built = Fixture::new().page("jobs/support.md", SHAPE_ONE).ok();
    let page = built.page("jobs/support/");
    // The "90-Day Plan" section holds phases: a container, not a phase.
    assert_eq!(
        counts(&page),
        [
            c("Week 1-4", 0, 3),
            c("Week 5-8", 0, 2),
            c("Week 9-13", 0, 1)
        ]
    );
    assert_eq!(
        attrs(&page, "section.phases li.phase-progress a", "href"),
        ["#week-1-4", "#week-5-8", "#week-9-13"]
    );
    assert_eq!(
        attrs(&page, ".content li.phase", "id"),
        ["week-1-4", "week-5-8", "week-9-13"]
    );
    assert_phase_links_resolve(&page, "support");
    assert_eq!(
        attr(&page, "#phases-title .badge-progress", "data-percent"),
        "0"
    );
    assert!(
        text(&page, "#phases-title .badge-progress").contains("0/6"),
        "{}",
        text(&page, "#phases-title")
    );
}

#[test]
fn bold_week_items_are_phases_whether_the_title_is_in_the_bold_or_not() {
    let built = Fixture::new().page("jobs/sales.md", SHAPE_TWO).ok();
    let page = built.page("jobs/sales/");
    assert_eq!(
        counts(&page),
        [
            c("Week 1-4", 0, 2),
            c("Week 5-8", 0, 1),
            c("Week 9-13", 0, 3)
        ]
    );
    assert_eq!(
        attrs(&page, ".content li.phase", "id"),
        ["week-1-4", "week-5-8", "week-9-13"]
    );
    assert_phase_links_resolve(&page, "sales");
    assert!(
        text(&page, "#phases-title .badge-progress").contains("0/6"),
        "{}",
        text(&page, "#phases-title")
    );
}

#[test]
fn days_headings_count_their_deliverables_checklist_over_plain_bullets() {
    let built = Fixture::new().page("jobs/product.md", SHAPE_THREE).ok();
    let page = built.page("jobs/product/");
    let found = phases(&page);
    assert_eq!(found.len(), 3, "{found:?}");
    // Heading phases keep the heading's text.
    assert!(
        found[0].title.starts_with("Days 0–30") && found[2].title.starts_with("Days 61–90"),
        "{found:?}"
    );
    let numbers: Vec<(u32, u32)> = found.iter().map(|p| (p.done, p.total)).collect();
    // With checklist items, only those count; without, the plain bullets count as open.
    assert_eq!(numbers, [(1, 2), (2, 3), (0, 2)]);
    assert_phase_links_resolve(&page, "product");
    assert_eq!(
        attr(&page, "#phases-title .badge-progress", "data-percent"),
        "42"
    );
    assert!(
        text(&page, "#phases-title .badge-progress").contains("3/7"),
        "{}",
        text(&page, "#phases-title")
    );
    assert_eq!(
        attrs(
            &page,
            "section.phases li.phase-progress .badge-progress",
            "data-percent"
        ),
        ["50", "66", "0"]
    );
}

#[test]
fn every_checklist_mark_counts() {
    let built = Fixture::new()
        .page(
            "plans/marks.md",
            "# Marks\n\n## Week 1\n\n- [x] ticked\n- [ ] open\n- ✅ done mark\n- ⬜ open box\n- ☐ open ballot\n- ❌ not done\n- [X] ticked upper\n",
        )
        .ok();
    assert_eq!(counts(&built.page("plans/marks/")), [c("Week 1", 3, 7)]);
}

#[test]
fn period_words_need_a_number_beside_them() {
    let built = Fixture::new()
        .page(
            "plans/periods.md",
            "# Periods\n\n\
             - First 30 days\n    - a\n\
             - Month 2: grow\n    - b\n    - c\n\
             - Quarter 3\n    - d\n\
             - 2 weeks off\n    - e\n\
             - Weekly sync\n    - f\n\
             - Some days\n    - g\n",
        )
        .ok();
    assert_eq!(
        counts(&built.page("plans/periods/")),
        [
            c("First 30 days", 0, 1),
            c("Month 2", 0, 2),
            c("Quarter 3", 0, 1),
            c("2 weeks off", 0, 1),
        ]
    );
}

#[test]
fn list_items_without_a_nested_list_are_not_phases() {
    let built = Fixture::new()
        .page(
            "plans/flat.md",
            "# Flat\n\n## Goals\n\n- Week 1: read\n- Week 2: write\n\n## Work\n\n- [x] a\n- [ ] b\n",
        )
        .ok();
    let page = built.page("plans/flat/");
    // No phase named a period, so the sections with checklists are the phases.
    assert_eq!(counts(&page), [c("Work", 1, 2)]);
    assert_eq!(count(&page, "li.phase"), 0);
}

#[test]
fn headings_of_every_level_can_be_phases_and_containers_are_left_out() {
    let built = Fixture::new()
        .page(
            "plans/levels.md",
            "# Levels\n\n## 90-Day Plan\n\n### Month 1\n\n- [x] a\n\n#### Week 5\n\n- [ ] b\n\n\
             ###### Day 60\n\n- [ ] c\n\n## Quarter 2\n\n- [ ] d\n- [x] e\n",
        )
        .ok();
    // "Month 1" holds "Week 5", which holds "Day 60": only the innermost count.
    assert_eq!(
        counts(&built.page("plans/levels/")),
        [c("Day 60", 0, 1), c("Quarter 2", 1, 2)]
    );
}

#[test]
fn with_period_phases_other_sections_are_not_phases() {
    let built = Fixture::new()
        .page(
            "plans/mixed.md",
            "# Mixed\n\n## Week 1-2\n\n- [x] a\n- [ ] b\n\n## Extras\n\n- [x] c\n",
        )
        .ok();
    assert_eq!(counts(&built.page("plans/mixed/")), [c("Week 1-2", 1, 2)]);
}

#[test]
fn plans_and_job_descriptions_are_found_by_kind_folder_name_or_nav_group() {
    let body = "## Week 1-2\n\n- [x] a\n- [ ] b\n";
    let page = |front: &str| format!("---\n{front}---\n{body}");
    let built = Fixture::new()
        .page("kind-plan.md", &page("title: K plan\nkind: plan\n"))
        .page("kind-job.md", &page("title: K job\nkind: job\n"))
        .page("plans/q1.md", &page("title: Q1\n"))
        .page("launch-plan.md", &page("title: Launch\n"))
        .page("job-descriptions/a.md", &page("title: JD a\n"))
        .page("jobs/b.md", &page("title: Jobs b\n"))
        .page("roles/c.md", &page("title: Roles c\n"))
        .page(
            "people/d.md",
            &page("title: Group d\nnavGroup: Job Descriptions\n"),
        )
        .page("notes.md", &page("title: Notes\n"))
        .page("planning.md", &page("title: Planning\n"))
        .ok();
    for url in [
        "kind-plan/",
        "kind-job/",
        "plans/q1/",
        "launch-plan/",
        "job-descriptions/a/",
        "jobs/b/",
        "roles/c/",
        "people/d/",
    ] {
        assert_eq!(
            counts(&built.page(url)),
            [c("Week 1-2", 1, 2)],
            "{url} is a plan or a job description"
        );
    }
    for url in ["notes/", "planning/"] {
        assert_eq!(count(&built.page(url), "section.phases"), 0, "{url}");
    }
}

// ---------------------------------------------------------------------------
// The real FlowFuse handbook.

fn flowfuse() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/flowfuse");
    if dir.is_dir() {
        Some(dir.canonicalize().unwrap_or(dir))
    } else {
        println!(
            "skipped: {} is absent (the corpora live beside the repository in ../shared)",
            dir.display()
        );
        None
    }
}

#[test]
fn flowfuse_job_descriptions_show_their_90_day_phases() {
    let Some(content) = flowfuse() else {
        return;
    };
    // The sample links outside itself: those links only warn here.
    let content_dir = content.display().to_string().replace('\\', "/");
    let fixture = Fixture::bare().file(
        "handbook.toml",
        &format!(
            "title = \"FlowFuse\"\ncontent_dir = \"{content_dir}\"\nallow_content_outside_root = true\n\n[links]\n\
             missing_page = \"warning\"\nmissing_anchor = \"warning\"\nmissing_file = \"warning\"\n"
        ),
    );
    let built = fixture.ok();

    let ceo = built.page("/peopleops/job-descriptions/ceo/");
    let found = phases(&ceo);
    assert_eq!(
        found.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(),
        ["Week 1-4", "Week 5-8", "Week 9-13"]
    );
    for p in &found {
        assert!(p.total > 0 && p.done <= p.total, "{p:?}");
    }
    assert_phase_links_resolve(&ceo, "ceo");

    let tpm = built.page("/peopleops/job-descriptions/technical-product-manager/");
    let found = phases(&tpm);
    assert_eq!(found.len(), 3, "{found:?}");
    for p in &found {
        assert!(p.title.starts_with("Days "), "{p:?}");
        assert!(p.total > 0 && p.done <= p.total, "{p:?}");
    }
    assert_phase_links_resolve(&tpm, "technical-product-manager");
    // The overall badge sums the phases.
    let (done, total) = found
        .iter()
        .fold((0, 0), |(d, t), p| (d + p.done, t + p.total));
    assert!(
        text(&tpm, "#phases-title .badge-progress").contains(&format!("{done}/{total}")),
        "{}",
        text(&tpm, "#phases-title")
    );

    // Every job description that has phases: each names a period, has
    // items, and links to its place on the page.
    let jobs = built.out.join("peopleops/job-descriptions");
    let mut with_phases = 0;
    for entry in std::fs::read_dir(&jobs).expect("job descriptions built") {
        let dir = entry.expect("an entry").path();
        let Some(name) = dir.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !dir.join("index.html").is_file() {
            continue;
        }
        let html = built.page(&format!("/peopleops/job-descriptions/{name}/"));
        let found = phases(&html);
        if found.is_empty() {
            continue;
        }
        with_phases += 1;
        for p in &found {
            let lower = p.title.to_lowercase();
            assert!(
                ["day", "week", "month", "quarter"]
                    .iter()
                    .any(|unit| lower.contains(unit)),
                "{name}: a phase that names no period: {p:?}"
            );
            assert!(p.total > 0 && p.done <= p.total, "{name}: {p:?}");
        }
        assert_phase_links_resolve(&html, name);
    }
    assert!(
        with_phases >= 2,
        "{with_phases} job descriptions with phases"
    );
    // The dashboard lists the plans the job descriptions hold.
    let dashboard = built.page("/dashboard/");
    let rows = attrs(&dashboard, "table.dashboard tbody tr a", "href");
    assert!(
        rows.iter().any(|h| h == "/peopleops/job-descriptions/ceo/"),
        "{rows:?}"
    );
}

// ---------------------------------------------------------------------------
// The dashboard.

/// `(label, data-attention)` of the dashboard's rows, in order.
fn dashboard_rows(html: &Html) -> Vec<(String, String)> {
    html.select(&sel("table.dashboard tbody tr[data-attention]"))
        .map(|tr| {
            let label = tr
                .select(&sel("td a"))
                .next()
                .map(text_of)
                .unwrap_or_default();
            (
                label,
                tr.value()
                    .attr("data-attention")
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

fn r(label: &str, attention: &str) -> (String, String) {
    (label.to_string(), attention.to_string())
}

fn dashboard_fixture() -> Fixture {
    let page = |front: &str| format!("---\n{front}---\nBody.\n");
    Fixture::new()
        .page("index.md", "# Home\n")
        .page(
            "overdue-a.md",
            &page("title: Overdue half\ndue: 2001-06-01\nprogress: 50\n"),
        )
        .page(
            "overdue-b.md",
            &page("title: Overdue little\ndue: 2001-01-01\nprogress: 10\nowner: Ann\n"),
        )
        .page(
            "blocked.md",
            &page("title: Stuck\nstatus: blocked\nprogress: 80\ndue: 2099-01-01\n"),
        )
        .page("review.md", &page("title: Stale\nreviewed: 2001-01-01\n"))
        .page("fresh.md", &page("title: Fresh\nreviewed: 2099-01-01\n"))
        // File names in the other order from the labels, so that the site's
        // order cannot pass for the dashboard's.
        .page(
            "prog-a.md",
            &page("title: Prog B\nprogress: 40\ndue: 2099-02-01\n"),
        )
        .page(
            "prog-b.md",
            &page("title: Prog A\nprogress: 40\ndue: 2099-01-01\n"),
        )
        .page(
            "prog-c.md",
            &page("title: Prog 0\nprogress: 40\ndue: 2099-03-01\n"),
        )
        .page(
            "prog-low.md",
            &page("title: Prog low\nprogress: 20\ndue: 2099-12-01\n"),
        )
        .page("tie-a.md", &page("title: Tie z\nprogress: 60\n"))
        .page("tie-b.md", &page("title: Tie m\nprogress: 60\n"))
        .page("horizon.md", &page("title: Horizon only\nhorizon: next\n"))
        .page(
            "plans/plain.md",
            "---\ntitle: Plan page\n---\n- Week 1-2\n    - read\n    - write\n",
        )
        .page(
            "checklist.md",
            "---\ntitle: Checklist\n---\n- [x] one\n- [x] two\n- [ ] three\n- [ ] four\n",
        )
        .page(
            "done-status.md",
            &page("title: Done by status\nstatus: done\ndue: 2001-01-01\n"),
        )
        .page(
            "done-full.md",
            &page("title: Done fully\nprogress: 100\ndue: 2001-01-01\n"),
        )
        .page("plain.md", &page("title: Plain\n"))
}

#[test]
fn dashboard_lists_pages_by_attention_then_percent_due_and_label() {
    let built = dashboard_fixture().ok();
    let d = built.page("/dashboard/");
    assert_eq!(
        dashboard_rows(&d),
        [
            r("Overdue little", "overdue"),
            r("Overdue half", "overdue"),
            r("Stuck", "blocked"),
            r("Stale", "needs-review"),
            r("Horizon only", "in-progress"),
            r("Plan page", "in-progress"),
            r("Prog low", "in-progress"),
            // Same percent: earlier due first, whatever the label.
            r("Prog A", "in-progress"),
            r("Prog B", "in-progress"),
            r("Prog 0", "in-progress"),
            r("Checklist", "in-progress"),
            // Same percent, no due: by label.
            r("Tie m", "in-progress"),
            r("Tie z", "in-progress"),
            r("Done by status", "done"),
            r("Done fully", "done"),
        ]
    );
}

#[test]
fn dashboard_rows_show_owner_due_status_and_progress() {
    let built = dashboard_fixture().ok();
    let d = built.page("/dashboard/");
    let row = |label: &str| {
        d.select(&sel("table.dashboard tbody tr"))
            .find(|tr| tr.select(&sel("td a")).next().map(text_of).as_deref() == Some(label))
            .unwrap_or_else(|| panic!("no row {label}"))
    };
    let little = row("Overdue little");
    assert_eq!(little.value().attr("data-attention"), Some("overdue"));
    let text = text_of(little);
    assert!(
        text.contains("Ann") && text.contains("2001-01-01"),
        "{text}"
    );
    assert_eq!(
        little
            .select(&sel(".badge-progress"))
            .filter_map(|b| b.value().attr("data-percent"))
            .collect::<Vec<_>>(),
        ["10"]
    );
    assert_eq!(
        little
            .select(&sel("td a"))
            .next()
            .and_then(|a| a.value().attr("href")),
        Some("/overdue-b/")
    );
    let stuck = row("Stuck");
    assert_eq!(
        stuck
            .select(&sel(".badge-status"))
            .filter_map(|b| b.value().attr("data-status"))
            .collect::<Vec<_>>(),
        ["blocked"]
    );
    let checklist = row("Checklist");
    assert_eq!(
        checklist
            .select(&sel(".badge-progress"))
            .filter_map(|b| b.value().attr("data-percent"))
            .collect::<Vec<_>>(),
        ["50"]
    );
    assert_eq!(
        row("Stale")
            .select(&sel(".badge-review"))
            .map(text_of)
            .collect::<Vec<_>>(),
        ["Needs review"]
    );
}

#[test]
fn dashboard_exists_without_any_plan_and_is_linked_from_the_sidebar() {
    let built = Fixture::new().page("index.md", "# Home\n").ok();
    let d = built.page("/dashboard/");
    assert_eq!(count(&d, "table.dashboard tbody tr"), 0);
    assert_eq!(count(&d, "div.board-column"), 3);
    let home = built.page("/");
    assert_eq!(
        attrs(&home, "nav.handbook-links a", "href"),
        ["/dashboard/"]
    );
}

#[test]
fn a_handbook_page_at_dashboard_shows_the_same_listing() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page(
            "dashboard.md",
            "---\ntitle: Our plans\n---\nHow we track our plans.\n",
        )
        .page("a.md", "---\ntitle: A\nprogress: 30\n---\nBody.\n")
        .page("b.md", "---\ntitle: B\nhorizon: now\n---\nBody.\n")
        .ok();
    let d = built.page("/dashboard/");
    assert_eq!(text(&d, "h1"), "Our plans");
    assert_eq!(text(&d, ".content p"), "How we track our plans.");
    assert_eq!(
        dashboard_rows(&d),
        [r("B", "in-progress"), r("A", "in-progress")]
    );
    assert_eq!(
        texts(&d, "div.board-column[data-horizon='now'] li a"),
        ["B"]
    );
}

#[test]
fn board_columns_list_pages_by_horizon() {
    let built = Fixture::new()
        .page("a.md", "---\ntitle: A\nhorizon: now\n---\nBody.\n")
        .page("b.md", "---\ntitle: B\nhorizon: later\n---\nBody.\n")
        .page(
            "c.md",
            "---\ntitle: C\nhorizon: now\nprogress: 10\n---\nBody.\n",
        )
        .page("d.md", "---\ntitle: D\nhorizon: next\n---\nBody.\n")
        .page("e.md", "---\ntitle: E\nprogress: 10\n---\nBody.\n")
        .ok();
    let d = built.page("/dashboard/");
    assert_eq!(
        attrs(&d, "div.board-column", "data-horizon"),
        ["now", "next", "later"]
    );
    let mut now = texts(&d, "div.board-column[data-horizon='now'] li a");
    now.sort();
    assert_eq!(now, ["A", "C"]);
    assert_eq!(
        texts(&d, "div.board-column[data-horizon='next'] li a"),
        ["D"]
    );
    assert_eq!(
        texts(&d, "div.board-column[data-horizon='later'] li a"),
        ["B"]
    );
    assert_eq!(
        attrs(&d, "div.board-column[data-horizon='later'] li a", "href"),
        ["/b/"]
    );
}

#[test]
fn old_reviews_get_a_badge_and_horizons_show() {
    let built = Fixture::new()
        .page(
            "old.md",
            "---\ntitle: Old\nreviewed: 2001-01-01\n---\nBody.\n",
        )
        .page(
            "new.md",
            "---\ntitle: New\nreviewed: 2099-01-01\nhorizon: later\n---\nBody.\n",
        )
        .ok();
    let old = built.page("old/");
    assert_eq!(text(&old, ".badges span.badge-review"), "Needs review");
    assert_eq!(count(&old, ".badges span.badge-horizon"), 0);
    let new = built.page("new/");
    assert_eq!(count(&new, ".badges span.badge-review"), 0);
    assert_eq!(text(&new, ".badges span.badge-horizon"), "Later");
    assert_eq!(
        attr(&new, ".badges span.badge-horizon", "data-horizon"),
        "later"
    );
}

#[test]
fn review_after_days_sets_the_cutoff_and_zero_turns_it_off() {
    let pages = |f: Fixture| {
        f.page(
            "old.md",
            "---\ntitle: Old\nreviewed: 2001-01-01\n---\nBody.\n",
        )
        .page("a.md", "---\ntitle: A\nprogress: 10\n---\nBody.\n")
    };
    let off = pages(Fixture::bare().file(
        "handbook.toml",
        "title = \"T\"\n\n[review]\nafter_days = 0\n",
    ))
    .ok();
    assert_eq!(count(&off.page("old/"), ".badge-review"), 0);
    assert_eq!(
        dashboard_rows(&off.page("/dashboard/")),
        [r("A", "in-progress")]
    );

    // Forty thousand days reach back before 2001.
    let long = pages(Fixture::bare().file(
        "handbook.toml",
        "title = \"T\"\n\n[review]\nafter_days = 40000\n",
    ))
    .ok();
    assert_eq!(count(&long.page("old/"), ".badge-review"), 0);

    let short = pages(Fixture::bare().file(
        "handbook.toml",
        "title = \"T\"\n\n[review]\nafter_days = 1\n",
    ))
    .ok();
    assert_eq!(
        text(&short.page("old/"), ".badges .badge-review"),
        "Needs review"
    );
    assert_eq!(
        dashboard_rows(&short.page("/dashboard/")),
        [r("Old", "needs-review"), r("A", "in-progress")]
    );
}

#[test]
fn overdue_outranks_blocked_and_review() {
    let built = Fixture::new()
        .page(
            "a.md",
            "---\ntitle: A\nstatus: blocked\ndue: 2001-01-01\nreviewed: 2001-01-01\nprogress: 90\n---\nBody.\n",
        )
        .page(
            "b.md",
            "---\ntitle: B\nstatus: blocked\nreviewed: 2001-01-01\nprogress: 5\n---\nBody.\n",
        )
        .ok();
    assert_eq!(
        dashboard_rows(&built.page("/dashboard/")),
        [r("A", "overdue"), r("B", "blocked")]
    );
}

#[test]
fn an_alias_at_the_dashboard_url_does_not_silently_replace_it() {
    // Expected: the build fails naming the page whose alias clashes (as
    // other output clashes do), or the dashboard is still there. Today the
    // redirect is written over the dashboard without a word.
    let fixture = Fixture::new().page(
        "a.md",
        "---\ntitle: A\naliases: [/dashboard/]\nprogress: 10\n---\nBody.\n",
    );
    match fixture.build() {
        Err(diagnostics) => {
            let file = fixture.path("content/a.md");
            assert!(
                diagnostics
                    .iter()
                    .any(|d| d.is_error() && d.file.as_deref() == Some(file.as_path())),
                "{}",
                common::show(&diagnostics)
            );
        }
        Ok(built) => {
            let d = built.page("/dashboard/");
            assert_eq!(dashboard_rows(&d), [r("A", "in-progress")]);
        }
    }
}

#[test]
fn a_planned_page_with_nothing_done_is_not_started_on_the_dashboard() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page(
            "plans/app.md",
            "---\nstatus: planned\n---\n# App\n\n- [ ] Design\n- [ ] Build\n",
        )
        .page(
            "plans/sms.md",
            "---\nstatus: planned\n---\n# SMS\n\n- [x] Design\n- [ ] Build\n",
        )
        .ok();
    let d = built.page("/dashboard/");
    assert_eq!(
        dashboard_rows(&d),
        [
            ("SMS".to_string(), "in-progress".to_string()),
            ("App".to_string(), "not-started".to_string())
        ]
    );
    assert_eq!(
        texts(&d, "tr[data-attention=not-started] .attention"),
        ["Not started"]
    );
}
