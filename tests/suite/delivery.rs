//! Delivery over time on the site (#18): a plan's progress chart, the day
//! each phase was completed, the forecast on the page and the dashboard,
//! and `_handbook/plans.json`, from a repository each test scripts with
//! dated commits (ticks, a rename, an un-tick). "Today" is fixed with
//! `HANDBOOK_TODAY`, so every value below is worked out by hand.

use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{ElementRef, Html, Selector};

use crate::common::{git, git_available};

const TODAY: &str = "2024-03-10";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The launch plan with items a-e ticked as `ticks` says ("x" or " ").
fn plan(ticks: [&str; 5]) -> String {
    format!(
        "---\ntitle: Launch plan\ndue: 2024-03-20\nowner: Ana\n---\n# Launch plan\n\n## Days 0-30\n\n- [{}] Hire a lead\n- [{}] Write the brief\n\n## Days 31-60\n\n- [{}] Build the site\n- [{}] Run the beta\n- [{}] Announce\n",
        ticks[0], ticks[1], ticks[2], ticks[3], ticks[4]
    )
}

/// A handbook whose launch plan went 0/5 (Jan 1), 1/5 (Jan 10), 2/5 (Jan
/// 20, its first phase done), was renamed (Feb 1), went 4/5 (Feb 20) and
/// back to 3/5 with an un-tick (Mar 1).
fn repository(root: &Path) {
    let at = |day: &str| format!("{day}T12:00:00Z");
    write(root, "handbook.toml", "title = \"T\"\n");
    write(root, "content/index.md", "# Home\n\nPlans below.\n");
    write(root, "content/plans/launch.md", &plan([" "; 5]));
    git(root, &["init", "-q", "-b", "main"], &at("2024-01-01"));
    git(root, &["add", "."], &at("2024-01-01"));
    git(root, &["commit", "-q", "-m", "Plan"], &at("2024-01-01"));
    let commit = |ticks: [&str; 5], day: &str| {
        write(root, "content/plans/launch.md", &plan(ticks));
        git(root, &["commit", "-q", "-am", "Progress"], &at(day));
    };
    commit(["x", " ", " ", " ", " "], "2024-01-10");
    commit(["x", "x", " ", " ", " "], "2024-01-20");
    git(
        root,
        &[
            "mv",
            "content/plans/launch.md",
            "content/plans/q3-launch.md",
        ],
        &at("2024-02-01"),
    );
    git(root, &["commit", "-q", "-m", "Rename"], &at("2024-02-01"));
    let commit = |ticks: [&str; 5], day: &str| {
        write(root, "content/plans/q3-launch.md", &plan(ticks));
        git(root, &["commit", "-q", "-am", "Progress"], &at(day));
    };
    commit(["x", "x", "x", "x", " "], "2024-02-20");
    commit(["x", "x", "x", " ", " "], "2024-03-01");
}

/// Builds `root` with the binary on [`TODAY`]; the output folder and what it printed.
fn build(root: &Path, out: &Path) -> (PathBuf, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("build")
        .arg(root)
        .arg("-o")
        .arg(out)
        .env("HANDBOOK_TODAY", TODAY)
        .output()
        .expect("run handbook");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{said}");
    (out.to_path_buf(), said)
}

fn doc(out: &Path, page: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(out.join(page)).unwrap())
}

fn all<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn texts(doc: &Html, css: &str) -> Vec<String> {
    all(doc, css).iter().map(|e| text_of(*e)).collect()
}

/// An element's text, its pieces and runs of spaces as one space each.
fn text_of(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The chart's points as (date, percent, hollow) from its circles.
fn chart_points(doc: &Html) -> Vec<(String, u8, bool)> {
    all(doc, "svg.progress-chart circle")
        .iter()
        .map(|c| {
            let v = c.value();
            (
                v.attr("data-date").unwrap().to_string(),
                v.attr("data-percent").unwrap().parse().unwrap(),
                v.attr("class").unwrap().contains("chart-now"),
            )
        })
        .collect()
}

fn plans_json(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("_handbook/plans.json")).unwrap())
        .unwrap()
}

fn committed() -> Vec<(String, u8, bool)> {
    [
        ("2024-01-01", 0),
        ("2024-01-10", 20),
        ("2024-01-20", 40),
        ("2024-02-20", 80),
        ("2024-03-01", 60),
    ]
    .iter()
    .map(|&(d, p)| (d.to_string(), p, false))
    .collect()
}

#[test]
fn a_plan_shows_its_progress_over_time_through_a_rename_and_an_untick() {
    if !git_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    repository(&root);
    let (out, _) = build(&root, &dir.path().join("out"));
    let page = doc(&out, "plans/q3-launch/index.html");
    // One point per commit that changed the counts: the rename changed none.
    assert_eq!(chart_points(&page), committed());
    let svg = all(&page, "svg.progress-chart")[0].value();
    assert_eq!(svg.attr("role"), Some("img"));
    let labelled = svg.attr("aria-labelledby").unwrap();
    for id in labelled.split(' ') {
        assert_eq!(all(&page, &format!("svg #{id}")).len(), 1, "{id}");
    }
    assert!(texts(&page, "svg title")[0].contains("Launch plan"));
    // The same points as a table: date, done of total, percent, commit.
    let rows = texts(&page, "table.progress-data tbody tr");
    assert_eq!(rows.len(), 5);
    assert!(rows[0].starts_with("2024-01-01 0 of 5 0%"), "{rows:?}");
    assert!(rows[4].starts_with("2024-03-01 3 of 5 60%"), "{rows:?}");
    // Pace: the last 4 weeks (after Feb 11) ticked 2 and un-ticked 1, so 1
    // item in 4 weeks; 2 left at 0.25 a week take 56 days from Mar 10: May
    // 5, after the due date of Mar 20.
    assert_eq!(
        texts(&page, ".forecast .forecast-date"),
        ["2024-05-05".to_string()]
    );
    assert_eq!(
        texts(&page, ".forecast .badge-risk"),
        ["At risk".to_string()]
    );
    assert!(
        texts(&page, ".forecast")[0].contains("at the pace of the last 4 weeks (1 item done)"),
        "{:?}",
        texts(&page, ".forecast")
    );
    // From 40 % on Feb 11 to 60 %; nothing ticked since Mar 3.
    let caption = texts(&page, ".progress-chart-figure figcaption")[0].clone();
    assert!(caption.contains("+20 pts in 4 weeks"), "{caption}");
    assert!(
        caption.contains("0 items done in the last 7 days"),
        "{caption}"
    );
    // The first phase was done by its last tick, on Jan 20; the second is not done.
    let phases = texts(&page, ".phase-progress");
    assert!(phases[0].contains("completed 2024-01-20"), "{phases:?}");
    assert!(!phases[1].contains("completed"), "{phases:?}");

    let dashboard = doc(&out, "dashboard/index.html");
    let headers = texts(&dashboard, "table.dashboard thead th");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = all(&dashboard, "table.dashboard tbody tr")
        .into_iter()
        .find(|r| r.text().any(|t| t.contains("Launch plan")))
        .unwrap();
    let cells: Vec<String> = row
        .select(&Selector::parse("td").unwrap())
        .map(text_of)
        .collect();
    assert_eq!(cells[col("Forecast")], "2024-05-05 At risk");
    assert_eq!(cells[col("Done in 7 days")], "0");
    assert_eq!(cells[col("Trend")], "+20 pts in 4 weeks");

    let json = plans_json(&out);
    assert_eq!(json["today"], TODAY);
    assert_eq!(json["pace_weeks"], 4);
    assert!(json["history_missing"].is_null());
    let plans = json["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 1);
    let p = &plans[0];
    assert_eq!(p["path"], "plans/q3-launch.md");
    assert_eq!(p["url"], "/plans/q3-launch/");
    assert_eq!(
        (&p["done"], &p["total"], &p["percent"]),
        (&3.into(), &5.into(), &60.into())
    );
    let points: Vec<(String, u64, String)> = p["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["date"].as_str().unwrap().to_string(),
                x["percent"].as_u64().unwrap(),
                x["commit"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        points
            .iter()
            .map(|(d, p, _)| (d.clone(), *p as u8, false))
            .collect::<Vec<_>>(),
        committed()
    );
    assert!(points.iter().all(|(_, _, c)| c.len() == 7));
    let f = &p["forecast"];
    assert_eq!(f["done_on"], "2024-05-05");
    assert_eq!(f["at_risk"], true);
    assert_eq!(f["pace_per_week"], 0.25);
    assert_eq!(f["remaining"], 2);
    assert_eq!(f["trend"], 20);
    assert_eq!(f["done_last_7_days"], 0);
    assert_eq!(p["phases"][0]["title"], "Days 0-30");
    assert_eq!(p["phases"][0]["completed_on"], "2024-01-20");
    assert!(p["phases"][1]["completed_on"].is_null());

    // The same build again writes the same bytes.
    let (again, _) = build(&root, &dir.path().join("again"));
    for file in [
        "_handbook/plans.json",
        "plans/q3-launch/index.html",
        "dashboard/index.html",
    ] {
        assert_eq!(
            std::fs::read(out.join(file)).unwrap(),
            std::fs::read(again.join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn uncommitted_ticks_show_as_now() {
    if !git_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    repository(&root);
    // Ticked in the working tree, not committed: all five done.
    write(&root, "content/plans/q3-launch.md", &plan(["x"; 5]));
    let (out, _) = build(&root, &dir.path().join("out"));
    let page = doc(&out, "plans/q3-launch/index.html");
    let mut expected = committed();
    expected.push((TODAY.to_string(), 100, true));
    assert_eq!(chart_points(&page), expected);
    let rows = texts(&page, "table.progress-data tbody tr");
    assert_eq!(rows.last().unwrap(), "2024-03-10 5 of 5 100% uncommitted");
    // Done today, so neither a forecast date nor at risk.
    assert!(texts(&page, ".forecast")[0].starts_with("Done on 2024-03-10"));
    assert!(texts(&page, ".badge-risk").is_empty());
    let phases = texts(&page, ".phase-progress");
    assert!(phases[0].contains("completed 2024-01-20"), "{phases:?}");
    assert!(
        phases[1].contains("completed 2024-03-10 (uncommitted)"),
        "{phases:?}"
    );
    let json = plans_json(&out);
    let points = json["plans"][0]["points"].as_array().unwrap();
    assert_eq!(points.len(), 6);
    assert_eq!(points[5]["commit"], "");
    assert_eq!(points[5]["percent"], 100);
    assert_eq!(json["plans"][0]["forecast"]["done_on"], TODAY);
    assert_eq!(json["plans"][0]["forecast"]["at_risk"], false);
    // 40 % on Feb 11, 100 % now.
    assert_eq!(json["plans"][0]["forecast"]["trend"], 60);
}

#[test]
fn a_shallow_clone_has_no_chart_and_says_why() {
    if !git_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let origin = dir.path().join("origin");
    repository(&origin);
    let url = format!("file://{}", origin.display());
    git(
        dir.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
        "2024-03-10T00:00:00Z",
    );
    let (out, said) = build(&dir.path().join("shallow"), &dir.path().join("out"));
    assert!(said.contains("shallow clone"), "{said}");
    let page = doc(&out, "plans/q3-launch/index.html");
    assert!(all(&page, "svg.progress-chart, .delivery, .forecast").is_empty());
    // The page's progress and phases are still there.
    assert_eq!(texts(&page, ".phase-progress").len(), 2);
    let json = plans_json(&out);
    assert!(
        json["history_missing"]
            .as_str()
            .unwrap()
            .contains("shallow")
    );
    assert_eq!(json["plans"][0]["percent"], 60);
    assert_eq!(json["plans"][0]["points"], serde_json::json!([]));
    assert!(json["plans"][0]["forecast"].is_null());
}

#[test]
fn outside_git_pages_have_no_chart() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write(&root, "handbook.toml", "title = \"T\"\n");
    write(
        &root,
        "content/plans/launch.md",
        &plan(["x", " ", " ", " ", " "]),
    );
    let (out, said) = build(&root, &dir.path().join("out"));
    assert!(said.contains("not in a git repository"), "{said}");
    let page = doc(&out, "plans/launch/index.html");
    assert!(all(&page, "svg.progress-chart, .forecast").is_empty());
    assert_eq!(plans_json(&out)["plans"][0]["percent"], 20);
}

#[test]
fn serve_redraws_the_chart_after_an_edit_as_a_clean_build_would() {
    use crate::serve_incremental::{Handbook, Served, assert_same, clean, edit};
    if !git_available() {
        return;
    }
    let h = Handbook::empty();
    repository(&h.path(""));
    let mut build = clean(&h);
    let mut served = Served::default();
    served.follow(&mut build, "the first build");
    let rel = "content/plans/q3-launch.md";
    let page = "plans/q3-launch/index.html";
    let steps = [
        ("a tick, uncommitted", plan(["x", "x", "x", "x", " "]), true),
        (
            "a title edit",
            plan(["x", "x", "x", "x", " "]).replace("title: Launch plan", "title: Launch"),
            true,
        ),
        (
            "back to the last commit",
            plan(["x", "x", "x", " ", " "]),
            false,
        ),
    ];
    for (step, text, now) in steps {
        edit(&mut build, &h, rel, &text);
        assert_same(&build, &h, step);
        served.follow(&mut build, step);
        assert!(
            served.handed.iter().any(|f| f == "_handbook/plans.json"),
            "{step}"
        );
        assert!(served.handed.iter().any(|f| f == page), "{step}");
        let shown = handbook_page(&build, page);
        assert_eq!(shown.contains("chart-now"), now, "after {step}");
    }
}

/// The HTML of `page` in `build`'s result.
fn handbook_page(build: &handbook::Build, page: &str) -> String {
    let site = build.result().unwrap();
    let file = site.files.into_iter().find(|f| f.path == page).unwrap();
    match file.contents {
        handbook::output::Contents::Bytes(b) => String::from_utf8(b.to_vec()).unwrap(),
        handbook::output::Contents::Copy(p) => std::fs::read_to_string(p).unwrap(),
    }
}
