//! The history walk reads each progress page's versions: a scripted history
//! (items ticked over dated commits, an un-tick, a rename, a status change)
//! gives the points, ticks and status moves computed by hand, and a shallow
//! clone gives none and says why.

use std::path::Path;

use handbook::analyse::history;

use crate::common::{git, git_available};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("make folders");
    std::fs::write(path, text).expect("write");
}

fn commit(root: &Path, message: &str, date: &str) {
    git(root, &["add", "-A"], date);
    git(root, &["commit", "-q", "-m", message], date);
}

const PLAN: &str = "---\ntitle: Q1\nstatus: next\n---\n## Week 1-2\n\n- [ ] one\n- [ ] two\n\n## Week 3-4\n\n- [ ] three\n- [ ] four\n";

/// A plan's scripted history: made, two ticks, renamed, an un-tick and a
/// status move, a tick; and a page without progress alongside.
fn repository(root: &Path) {
    write(root, "handbook.toml", "title = \"T\"\n");
    write(root, "content/index.md", "# Home\n\nNo checklist here.\n");
    write(root, "content/plans/q1.md", PLAN);
    git(root, &["init", "-q", "-b", "main"], "2026-01-05T10:00:00Z");
    commit(root, "Plan Q1", "2026-01-05T10:00:00Z");
    write(
        root,
        "content/plans/q1.md",
        &PLAN.replace("- [ ] one", "- [x] one"),
    );
    commit(root, "One done", "2026-01-12T10:00:00Z");
    write(
        root,
        "content/plans/q1.md",
        &PLAN
            .replace("- [ ] one", "- [x] one")
            .replace("- [ ] two", "- [x] two"),
    );
    commit(root, "Two done", "2026-01-19T10:00:00Z");
    git(
        root,
        &[
            "mv",
            "content/plans/q1.md",
            "content/plans/first-quarter.md",
        ],
        "2026-01-20T10:00:00Z",
    );
    commit(root, "Rename the plan", "2026-01-20T10:00:00Z");
    write(
        root,
        "content/plans/first-quarter.md",
        &PLAN
            .replace("- [ ] one", "- [x] one")
            .replace("status: next", "status: now"),
    );
    commit(
        root,
        "Two is not done after all; start it",
        "2026-01-26T10:00:00Z",
    );
    write(
        root,
        "content/plans/first-quarter.md",
        &PLAN
            .replace("- [ ] one", "- [x] one")
            .replace("- [ ] three", "- [x] three")
            .replace("status: next", "status: now"),
    );
    commit(root, "Three done", "2026-02-02T10:00:00Z");
}

#[test]
fn a_plans_history_follows_its_rename_and_counts_every_tick() {
    if !git_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    repository(root);
    let wanted = ["index.md".to_string(), "plans/first-quarter.md".to_string()];
    let tracked = ["plans/first-quarter.md".to_string()];
    let h = history::load(&root.join("content"), &wanted, &tracked, &[], None);
    assert_eq!(h.missing, None);
    assert!(!h.delivery.contains_key("index.md"), "not tracked");
    let t = &h.delivery["plans/first-quarter.md"];
    let points: Vec<(&str, u32, u32, u8)> = t
        .points
        .iter()
        .map(|p| (p.date.as_str(), p.done, p.total, p.percent))
        .collect();
    // The rename changes no count: no point of its own.
    assert_eq!(
        points,
        [
            ("2026-01-05", 0, 4, 0),
            ("2026-01-12", 1, 4, 25),
            ("2026-01-19", 2, 4, 50),
            ("2026-01-26", 1, 4, 25),
            ("2026-02-02", 2, 4, 50),
        ]
    );
    let events: Vec<(&str, &str, Option<&str>, bool)> = t
        .events
        .iter()
        .map(|e| (e.date.as_str(), e.text.as_str(), e.phase.as_deref(), e.done))
        .collect();
    assert_eq!(
        events,
        [
            ("2026-01-12", "one", Some("Week 1-2"), true),
            ("2026-01-19", "two", Some("Week 1-2"), true),
            ("2026-01-26", "two", Some("Week 1-2"), false),
            ("2026-02-02", "three", Some("Week 3-4"), true),
        ]
    );
    assert!(t.events.iter().all(|e| e.author == "Tester"));
    let moves: Vec<(&str, Option<&str>, Option<&str>)> = t
        .statuses
        .iter()
        .map(|s| (s.date.as_str(), s.from.as_deref(), s.to.as_deref()))
        .collect();
    assert_eq!(moves, [("2026-01-26", Some("next"), Some("now"))]);
    assert_eq!(t.points[0].commit.len(), 7, "abbreviated as git does");
}

#[test]
fn a_shallow_clone_has_no_history_and_says_why() {
    if !git_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let origin = dir.path().join("origin");
    std::fs::create_dir_all(&origin).expect("make origin");
    repository(&origin);
    let clone = dir.path().join("clone");
    git(
        dir.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &format!("file://{}", origin.display()),
            clone.to_str().expect("utf-8 path"),
        ],
        "2026-02-03T10:00:00Z",
    );
    let tracked = ["plans/first-quarter.md".to_string()];
    let h = history::load(&clone.join("content"), &tracked, &tracked, &[], None);
    assert!(h.delivery.is_empty());
    assert!(
        h.missing.as_deref().is_some_and(|m| m.contains("shallow")),
        "{:?}",
        h.missing
    );
}

#[test]
fn a_rebuild_at_the_same_commit_reads_the_walk_from_the_cache_and_never_trusts_a_bad_one() {
    if !git_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    repository(root);
    let content = root.join("content");
    let cache = root.join(handbook::analyse::history_cache::FILE);
    let wanted = ["plans/first-quarter.md".to_string()];
    let load = || history::load_cached(&content, &wanted, &wanted, &[], None, Some(&cache));
    let walked = load();
    let subject = &walked.changes["plans/first-quarter.md"].subject;
    assert_eq!(subject, "Three done");
    let stored = std::fs::read_to_string(&cache).expect("the walk was stored");
    // A rebuild at the same commit reads the file: what it says is what the
    // build shows (here, a subject changed by hand).
    std::fs::write(&cache, stored.replace("Three done", "From the cache")).expect("edit");
    assert_eq!(
        load().changes["plans/first-quarter.md"].subject,
        "From the cache"
    );
    assert_eq!(load().delivery, walked.delivery);
    // A damaged file is walked past, and replaced.
    std::fs::write(&cache, "{\"handbook\": ").expect("damage");
    assert_eq!(
        load().changes["plans/first-quarter.md"].subject,
        "Three done"
    );
    assert!(
        std::fs::read_to_string(&cache)
            .expect("rewritten")
            .contains("Three done")
    );
    // A new commit is a new history: the old file is not used.
    std::fs::write(&cache, stored.replace("Three done", "Stale")).expect("edit");
    write(root, "content/index.md", "# Home\n\nEdited.\n");
    commit(root, "Edit home", "2026-02-03T10:00:00Z");
    assert_eq!(
        load().changes["plans/first-quarter.md"].subject,
        "Three done"
    );
}

#[test]
fn serve_reads_the_history_again_when_a_commit_moves_head() {
    if !git_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    repository(root);
    let (_server, url) = crate::common::browser::serve(root, &[]);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(5)))
        .build()
        .into();
    let page = |agent: &ureq::Agent| -> String {
        agent
            .get(&format!("{url}plans/first-quarter/"))
            .call()
            .ok()
            .and_then(|mut r| r.body_mut().read_to_string().ok())
            .unwrap_or_default()
    };
    let rows = |agent: &ureq::Agent| -> usize {
        let html = scraper::Html::parse_document(&page(agent));
        html.select(&crate::common::sel(".progress-chart circle"))
            .count()
    };
    let before = rows(&agent);
    assert_eq!(before, 5, "one point per commit that changed the progress");
    // A commit made while serving: no content file changes, HEAD moves.
    write(
        root,
        "content/plans/first-quarter.md",
        &PLAN
            .replace("- [ ] one", "- [x] one")
            .replace("- [ ] three", "- [x] three")
            .replace("- [ ] four", "- [x] four")
            .replace("status: next", "status: now"),
    );
    // The edit alone shows as the working tree's "now" point...
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while rows(&agent) == before && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(
        rows(&agent),
        6,
        "the uncommitted edit is a point of its own"
    );
    // ...and once committed, a committed point.
    commit(root, "Four done", "2026-02-09T10:00:00Z");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let committed = |agent: &ureq::Agent| -> bool {
        let page = page(agent);
        page.contains("2026-02-09") && !page.contains("uncommitted")
    };
    while !committed(&agent) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(
        committed(&agent),
        "the commit's point replaced the uncommitted one"
    );
}
