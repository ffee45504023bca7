//! `handbook report`: a repository with a scripted history (items ticked
//! over dated commits by two authors, an un-tick, a rename, status and
//! horizon moves, a page added and one removed, internal pages), reported
//! on with a fixed today; every section checked against values worked out
//! by hand, in JSON (validated against its schema) and in markdown. A
//! shallow clone says why the history is missing and still lists what
//! needs none.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::common::{git, git_available};

const TODAY: &str = "2026-06-15";
const SINCE: &str = "2026-06-08";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn commit(root: &Path, message: &str, author: &str, date: &str) {
    git(root, &["add", "-A"], date);
    let author = format!("{author} <{}@example.com>", author.to_lowercase());
    git(
        root,
        &["commit", "-q", "-m", message, "--author", &author],
        date,
    );
}

fn launch(b: &str, c: &str) -> String {
    format!(
        "---\ntitle: Launch\nstatus: in-progress\ndue: 2026-06-20\n---\n\
         ## Week 1-2\n\n- [x] Write the brief\n- [{b}] Book the venue\n\n\
         ## Week 3-4\n\n- [{c}] Send the [invitations](../index.md)\n- [ ] Hold the launch\n"
    )
}

fn rollout(x: &str, horizon: &str) -> String {
    format!(
        "---\ntitle: Rollout\nhorizon: {horizon}\ndue: 2026-08-01\n---\n- [{x}] Pick the pilot teams\n- [ ] Train them\n"
    )
}

/// The handbook and its history; see each commit for what the report makes of it.
fn repository(root: &Path) {
    write(
        root,
        "handbook.toml",
        "title = \"T\"\n[review]\nafter_days = 30\n",
    );
    write(
        root,
        "content/index.md",
        "---\ntitle: Home\n---\nWelcome.\n",
    );
    write(
        root,
        "content/plans/launch.md",
        &launch(" ", " ").replace("- [x] Write", "- [ ] Write"),
    );
    write(root, "content/plans/old-name.md", &rollout(" ", "next"));
    // Due two days ago (overdue since yesterday) and long ago: only the
    // first is newly overdue. The done one is neither overdue nor due soon.
    write(
        root,
        "content/plans/late.md",
        "---\ntitle: Late plan\ndue: 2026-06-10\n---\n- [ ] Finish\n",
    );
    write(
        root,
        "content/plans/long-late.md",
        "---\ntitle: Long late\ndue: 2026-05-01\n---\n- [ ] Finish\n",
    );
    write(
        root,
        "content/plans/done.md",
        "---\ntitle: Done plan\ndue: 2026-06-18\n---\n- [x] Finish\n",
    );
    // Stale from 2026-05-10 + 30 + 1 = 2026-06-10, in the window; the other
    // from 2026-05-02, before it.
    write(
        root,
        "content/policies/expenses.md",
        "---\ntitle: Expenses\nreviewed: 2026-05-10\n---\nClaim them.\n",
    );
    write(
        root,
        "content/policies/travel.md",
        "---\ntitle: Travel\nstatus: planned\nreviewed: 2026-04-01\n---\nGo.\n",
    );
    write(
        root,
        "content/to-remove.md",
        "---\ntitle: Old page\n---\nBye.\n",
    );
    write(
        root,
        "content/internal/_index.md",
        "---\ntitle: Zqx internal\naudience: internal\n---\nSecret.\n",
    );
    write(
        root,
        "content/internal/secret.md",
        "---\ntitle: Zqx secret plan\nstatus: next\ndue: 2026-06-16\n---\n- [ ] Zqx secret item\n- [ ] Zqx other\n",
    );
    write(
        root,
        "content/internal/gone.md",
        "---\ntitle: Zqx gone\n---\nSecret too.\n",
    );
    git(root, &["init", "-q", "-b", "main"], "2026-05-01T09:00:00Z");
    commit(root, "Start", "Tester", "2026-05-01T09:00:00Z");
    // Before the window: counts for the pace only.
    write(root, "content/plans/launch.md", &launch(" ", " "));
    commit(root, "Brief written", "Ana", "2026-05-20T09:00:00Z");
    write(root, "content/plans/launch.md", &launch("x", "x"));
    commit(root, "Venue and invitations", "Ana", "2026-06-09T10:00:00Z");
    // Ticked and moved to Now under its old name, then renamed.
    write(root, "content/plans/old-name.md", &rollout("x", "now"));
    commit(root, "Pilot teams picked", "Ben", "2026-06-09T12:00:00Z");
    git(
        root,
        &[
            "mv",
            "content/plans/old-name.md",
            "content/plans/rollout.md",
        ],
        "2026-06-10T09:00:00Z",
    );
    commit(root, "Rename the rollout", "Ben", "2026-06-10T09:00:00Z");
    write(root, "content/plans/launch.md", &launch("x", " "));
    write(
        root,
        "content/new-page.md",
        "---\ntitle: Fresh page\n---\nNew.\n",
    );
    std::fs::remove_file(root.join("content/to-remove.md")).unwrap();
    std::fs::remove_file(root.join("content/internal/gone.md")).unwrap();
    write(
        root,
        "content/internal/secret.md",
        "---\ntitle: Zqx secret plan\nstatus: now\ndue: 2026-06-16\n---\n- [x] Zqx secret item\n- [ ] Zqx other\n",
    );
    commit(
        root,
        "Invitations not sent after all",
        "Ana",
        "2026-06-12T15:00:00Z",
    );
    write(
        root,
        "content/policies/travel.md",
        "---\ntitle: Travel\nstatus: in-progress\nreviewed: 2026-04-01\n---\nGo.\n",
    );
    commit(root, "Travel under way", "Ben", "2026-06-13T08:00:00Z");
}

fn report(root: &Path, args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("report")
        .arg(root)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .expect("run handbook");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "report failed: {stderr}");
    (stdout, stderr)
}

fn json_report(root: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--since", SINCE, "--format", "json"];
    all.extend_from_slice(args);
    let (stdout, _) = report(root, &all);
    let value: Value = serde_json::from_str(&stdout).expect("JSON");
    let schema = handbook::report::json_schema();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "not as its schema says: {errors:?}");
    value
}

fn page(title: &str, path: &str, url: &str) -> Value {
    json!({ "title": title, "path": path, "url": url })
}

#[test]
fn every_section_of_the_json_report_is_as_worked_out_by_hand() {
    if !git_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    repository(&root);
    let r = json_report(&root, &[]);
    let launch = page("Launch", "plans/launch.md", "/plans/launch/");
    let rollout = page("Rollout", "plans/rollout.md", "/plans/rollout/");
    assert_eq!(r["since"], SINCE);
    assert_eq!(r["today"], TODAY);
    assert_eq!(r["audience"], "public");
    assert_eq!(r["history_missing"], Value::Null);
    // The rollout's tick was made under its old name: the history follows the rename.
    assert_eq!(
        r["completed"],
        json!([
            { "page": launch, "phase": "Week 1-2", "item": "Book the venue", "date": "2026-06-09", "author": "Ana" },
            { "page": launch, "phase": "Week 3-4", "item": "Send the invitations", "date": "2026-06-09", "author": "Ana" },
            { "page": rollout, "phase": null, "item": "Pick the pilot teams", "date": "2026-06-09", "author": "Ben" },
        ])
    );
    assert_eq!(
        r["unticked"],
        json!([
            { "page": launch, "phase": "Week 3-4", "item": "Send the invitations", "date": "2026-06-12", "author": "Ana" },
        ])
    );
    // Launch: 2 of 4 done. In the four weeks to today's end: 3 ticks
    // (05-20, 06-09 twice), 1 un-tick: 2 a month, 0.5 a week; 2 remaining
    // take 28 days: 2026-07-13, after its due date 2026-06-20. Rollout: 1
    // tick, 0.25 a week, 1 remaining: 28 days, 2026-07-13, before 2026-08-01.
    let launch_plan = json!({
        "page": launch, "due": "2026-06-20", "status": "in-progress", "percent": 50,
        "done": 2, "total": 4, "pace_per_week": 0.5, "forecast": "2026-07-13",
    });
    assert_eq!(r["at_risk"], json!([launch_plan]));
    assert_eq!(
        r["due_soon"],
        json!([launch_plan]),
        "done plans are not listed"
    );
    assert_eq!(
        r["newly_overdue"],
        json!([{
            "page": page("Late plan", "plans/late.md", "/plans/late/"), "due": "2026-06-10",
            "status": null, "percent": 0, "done": 0, "total": 1, "pace_per_week": 0.0, "forecast": null,
        }])
    );
    assert_eq!(
        r["stale_reviews"],
        json!([{
            "page": page("Expenses", "policies/expenses.md", "/policies/expenses/"),
            "reviewed": "2026-05-10", "stale_since": "2026-06-10",
        }])
    );
    assert_eq!(
        r["moves"],
        json!([
            { "page": rollout, "field": "horizon", "from": "next", "to": "now", "date": "2026-06-09", "author": "Ben" },
            { "page": page("Travel", "policies/travel.md", "/policies/travel/"), "field": "status",
              "from": "planned", "to": "in-progress", "date": "2026-06-13", "author": "Ben" },
        ])
    );
    assert_eq!(
        r["added"],
        json!([{ "page": page("Fresh page", "new-page.md", "/new-page/"), "date": "2026-06-12", "author": "Ana" }]),
        "the renamed page is not new"
    );
    assert_eq!(
        r["removed"],
        json!([{ "page": { "title": "Old page", "path": "to-remove.md", "url": null }, "date": "2026-06-12", "author": "Ana" }])
    );
}

#[test]
fn a_public_report_has_nothing_of_internal_pages_and_an_internal_one_has_them() {
    if !git_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    repository(&root);
    for format in ["markdown", "json"] {
        let (public, _) = report(&root, &["--since", SINCE, "--format", format]);
        for secret in ["Zqx", "zqx", "internal/", "secret"] {
            assert!(
                !public.contains(secret),
                "the public {format} report names `{secret}`:\n{public}"
            );
        }
    }
    let r = json_report(&root, &["--audience", "internal"]);
    let secret = page("Zqx secret plan", "internal/secret.md", "/internal/secret/");
    let items: Vec<&str> = r["completed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["item"].as_str().unwrap())
        .collect();
    assert!(items.contains(&"Zqx secret item"), "{items:?}");
    assert!(
        r["moves"]
            .as_array()
            .unwrap()
            .contains(&json!({ "page": secret, "field": "status", "from": "next", "to": "now", "date": "2026-06-12", "author": "Ana" }))
    );
    let due: Vec<&str> = r["due_soon"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["page"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(due, ["internal/secret.md", "plans/launch.md"]);
    assert_eq!(
        r["removed"],
        json!([
            { "page": { "title": "Zqx gone", "path": "internal/gone.md", "url": null }, "date": "2026-06-12", "author": "Ana" },
            { "page": { "title": "Old page", "path": "to-remove.md", "url": null }, "date": "2026-06-12", "author": "Ana" },
        ])
    );
}

#[test]
fn the_markdown_report_reads_as_a_weekly_update() {
    if !git_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    repository(&root);
    let (md, _) = report(&root, &["--since", "7d"]);
    let expected = "# Handbook report, 2026-06-08 to 2026-06-15

Public pages only; changes from 2026-06-08 (included) to 2026-06-15.

## Completed (3)

- Launch (/plans/launch/), Week 1-2: Book the venue, 2026-06-09 by Ana
- Launch (/plans/launch/), Week 3-4: Send the invitations, 2026-06-09 by Ana
- Rollout (/plans/rollout/): Pick the pilot teams, 2026-06-09 by Ben

## Un-ticked (1)

- Launch (/plans/launch/), Week 3-4: Send the invitations, 2026-06-12 by Ana

## At risk (1)

- Launch (/plans/launch/): due 2026-06-20, 50% (2 of 4), in-progress; at 0.5 items a week, done 2026-07-13

## Newly overdue (1)

- Late plan (/plans/late/): due 2026-06-10, 0% (0 of 1); nothing ticked in the last 4 weeks

## Due in the next two weeks (1)

- Launch (/plans/launch/): due 2026-06-20, 50% (2 of 4), in-progress; at 0.5 items a week, done 2026-07-13

## Reviews gone stale (1)

- Expenses (/policies/expenses/): reviewed 2026-05-10, stale since 2026-06-10

## Now / Next / Later and status moves (2)

- Rollout (/plans/rollout/): horizon next → now, 2026-06-09 by Ben
- Travel (/policies/travel/): status planned → in-progress, 2026-06-13 by Ben

## Pages added (1)

- Fresh page (/new-page/), 2026-06-12 by Ana

## Pages removed (1)

- Old page (to-remove.md), 2026-06-12 by Ana";
    assert_eq!(md.trim_end(), expected);
    // README shows this very report.
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    assert!(
        readme.contains(&format!("```markdown\n{expected}\n```")),
        "README's example report is not the one this history gives"
    );
    // A window with nothing in it says so.
    let (quiet, _) = report(&root, &["--since", "0d"]);
    assert!(quiet.contains("## Completed\n\nNone."), "{quiet}");
    assert!(quiet.contains("## Pages added\n\nNone."), "{quiet}");
}

#[test]
fn a_shallow_clone_says_why_history_is_missing_and_still_lists_what_needs_none() {
    if !git_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    repository(&root);
    let url = format!("file://{}", root.display());
    git(
        dir.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
        "2026-06-15T09:00:00Z",
    );
    let shallow = dir.path().join("shallow");
    let r = json_report(&shallow, &[]);
    assert!(
        r["history_missing"]
            .as_str()
            .unwrap()
            .contains("shallow clone"),
        "{}",
        r["history_missing"]
    );
    for section in ["completed", "unticked", "moves", "added", "removed"] {
        assert_eq!(r[section], Value::Null, "{section} needs the history");
    }
    let paths = |section: &str| -> Vec<String> {
        r[section]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["page"]["path"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(paths("due_soon"), ["plans/launch.md"]);
    assert_eq!(paths("newly_overdue"), ["plans/late.md"]);
    assert_eq!(paths("stale_reviews"), ["policies/expenses.md"]);
    // Without a pace no plan can be shown to make its date.
    assert_eq!(paths("at_risk"), ["plans/launch.md", "plans/rollout.md"]);
    assert_eq!(r["at_risk"][0]["pace_per_week"], Value::Null);
    let (md, stderr) = report(&shallow, &["--since", SINCE]);
    assert!(
        md.contains("> No git history: the git repository is a shallow clone"),
        "{md}"
    );
    assert!(
        md.contains("## Completed\n\nNot available: the git repository is a shallow clone"),
        "{md}"
    );
    assert!(
        md.contains("## Due in the next two weeks (1)\n\n- Launch (/plans/launch/)"),
        "{md}"
    );
    assert!(stderr.contains("note: git:"), "{stderr}");
}

#[test]
fn a_bad_since_is_refused_with_what_it_takes() {
    let dir = tempfile::tempdir().unwrap();
    for (since, says) in [
        ("last week", "7d"),
        ("2026-06-31", "YYYY-MM-DD"),
        ("2026-06-16", "after today"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .arg("report")
            .arg(dir.path())
            .args(["--today", TODAY, "--since", since])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{since}: {stderr}");
    }
}
