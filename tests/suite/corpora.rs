//! The real FlowFuse handbooks in `../shared/corpora` build, and the only
//! problems reported are links that really are broken (or point outside the
//! sample). Skipped, with a reason, when the corpora are not beside the repo.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use handbook::{BuildOptions, Diagnostic, Error};

fn corpus(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora")
        .join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "skipped: {} is absent (the corpora live beside the repository in ../shared)",
            dir.display()
        );
        None
    }
}

/// Builds `dir` as FlowFuse serves it and returns every problem.
fn problems(dir: &Path) -> (Vec<Diagnostic>, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        root: dir.to_path_buf(),
        output: Some(out.path().join("public")),
        base_url: Some("https://flowfuse.com/handbook/".into()),
        ..BuildOptions::default()
    };
    match handbook::build(&options) {
        Ok(report) => (report.warnings, out),
        Err(Error::Handbook(d)) => (d, out),
        Err(e) => panic!("build failed: {e}"),
    }
}

/// `file:line:col message-prefix`, relative to the corpus, for comparing.
fn short(d: &Diagnostic, root: &Path) -> String {
    let file = d
        .file
        .as_deref()
        .map(|f| f.strip_prefix(root).unwrap_or(f).display().to_string())
        .unwrap_or_default();
    let pos = d
        .position
        .map(|p| format!(":{}:{}", p.line, p.column))
        .unwrap_or_default();
    let what = d.message.split(':').next().unwrap_or("");
    format!("{file}{pos} {what}")
}

#[test]
fn flowfuse_2023_reports_exactly_the_really_broken_links() {
    let Some(dir) = corpus("flowfuse-2023") else {
        return;
    };
    let (found, _out) = problems(&dir);
    let found: Vec<String> = found.iter().map(|d| short(d, &dir)).collect();
    let expected = [
        // Pages that do not exist in the handbook (moved or never written).
        "company/communication.md:99:45 broken link [key metrics](../company/strategy.md#key-metrics)",
        "company/values.md:85:1 broken link [Communications](../communication#feedback-%26-thanks)",
        "peopleops/compensation.md:69:15 broken link [KPI tracking FlowForge adoption](../company/strategy.md#installed-platforms)",
        // Anchors whose headings were renamed or never existed. (releases.md
        // is the page of the folder releases/, as the site reads it; the
        // headings are on releases/process.md and compensation.md itself.)
        "peopleops/compensation.md:53:3 broken anchor [Launch Lunch](../development/releases.md#launch-lunch)",
        "peopleops/compensation.md:54:3 broken anchor [Dinner Bonus](../development/releases.md#dinner-bonus)",
        "company/remote.md:12:1 broken anchor [expense a coworking space](../peopleops#coworking-space-allowance)",
        "company/vision.md:57:5 broken anchor [values](../company#values)",
        "design/design-thinking.md:15:95 broken anchor [FigJam](#figjam-(more-info))",
        "design/process.md:5:12 broken anchor [Development Cadence](../development#cadence)",
        "design/tools.md:3:102 broken anchor [licensing](../peopleops#software-licenses)",
        "development/how-we-work/packaging.md:166:67 broken anchor [Cadence](index.md#cadence)",
        "marketing/videos.md:14:25 broken anchor [assets](./#assets)",
        "marketing/videos.md:44:97 broken anchor [licensing](../peopleops#software-licenses)",
        "peopleops/compensation.md:52:3 broken anchor [Unlimited PTO](./index.md#vacation-policy)",
        "peopleops/compensation.md:64:52 broken anchor [expensed](./index.md#expenses)",
        "peopleops/hiring.md:11:5 broken anchor [fit on values](../company#values)",
        "peopleops/hiring.md:45:15 broken anchor [internal team overview spreadsheet](./index.md#internal-team-overview)",
        "peopleops/hiring.md:133:19 broken anchor [extending offers](#extending-offers)",
        "peopleops/hiring.md:144:48 broken anchor [onboard them](#after-accepting-an-offer)",
        "peopleops/performance-review.md:8:20 broken anchor [our values](../company#values)",
        // GIFs and videos that SOURCE.md says were left out of the copy (over
        // 1 MB, or missing from the archive); the videos are raw HTML `<source>`s.
        "development/frontend/services.md:10:16 broken link [<source src>](../../videos/ui-services-demo.mp4)",
        "marketing/videos.md:25:16 broken link [<source src>](../videos/using-essential-graphics-in-pp.mp4)",
        "development/git-how-to.md:38:1 broken link [Create a new file](../images/git-how-to/new-file-1.gif)",
        "development/git-how-to.md:48:1 broken link [Edit the new file](../images/git-how-to/edit-file-1.gif)",
        "development/git-how-to.md:60:1 broken link [Create a Pull Request](../images/git-how-to/create-a-pr-1.gif)",
        "development/git-how-to.md:66:1 broken link [Request a review from a specific colleague](../images/git-how-to/nominate-a-reviewer-1.gif)",
        // A diagram the real site draws with mermaid; without `[markdown]
        // mermaid` it shows as its source, and the build says how to draw it.
        "operations/change.md:17:1 this page has a mermaid diagram, which shows as its source",
    ];
    let found: BTreeSet<&str> = found.iter().map(String::as_str).collect();
    let expected: BTreeSet<&str> = expected.into_iter().collect();
    assert_eq!(
        found,
        expected,
        "\nunexpected: {:#?}\nmissing: {:#?}",
        found.difference(&expected),
        expected.difference(&found)
    );
}

#[test]
fn flowfuse_sample_reports_only_links_outside_the_sample_or_really_broken() {
    let Some(dir) = corpus("flowfuse") else {
        return;
    };
    let history = std::fs::read_to_string(dir.join("HISTORY-PATHS.txt")).unwrap();
    let history: BTreeSet<&str> = history.lines().filter(|l| !l.starts_with('#')).collect();
    // Targets that no version of the real handbook ever had: broken on the real site too.
    let really_broken = [
        "company/principles.md",
        "engineering/frontend/services.md",
        "engineering/ops/observability.md",
        "engineering/ops/staging.md",
        "engineering/product/feedback.md",
    ];
    let (found, _out) = problems(&dir);
    assert!(
        found.len() > 50,
        "the sample links to many pages outside it; found only {}",
        found.len()
    );
    let mut seen_really_broken = BTreeSet::new();
    // A real copy-and-paste slip in the sample: the engineering manager's page
    // has the account executive's navTitle, so the nav shows two of them.
    let (duplicates, found): (Vec<&Diagnostic>, Vec<&Diagnostic>) = found
        .iter()
        .partition(|d| d.message.contains("in the navigation of their section"));
    assert_eq!(duplicates.len(), 1, "{duplicates:?}");
    let d = duplicates[0];
    assert!(
        d.file
            .as_ref()
            .is_some_and(|f| f.ends_with("peopleops/job-descriptions/engineering-manager.md")),
        "{d}"
    );
    assert!(
        d.message
            .contains("account-executive.md are both `Account Executive`"),
        "{d}"
    );
    assert!(found.iter().all(|d| d.is_error()));
    for d in found {
        let wanted = d
            .message
            .rsplit_once("there is no page ")
            .or_else(|| d.message.rsplit_once("there is no file "))
            .map(|(_, w)| w)
            .unwrap_or_else(|| panic!("only missing pages and files are expected: {d}"));
        let in_history = [
            wanted.to_string(),
            format!("{wanted}.md"),
            format!("{wanted}/index.md"),
        ]
        .iter()
        .any(|c| history.contains(c.as_str()));
        if really_broken.contains(&wanted) {
            seen_really_broken.insert(wanted);
        } else {
            assert!(
                in_history,
                "reported as missing, but neither outside the sample nor known broken: {d}"
            );
        }
        assert!(d.position.is_some(), "no line and column: {d}");
    }
    assert_eq!(seen_really_broken, really_broken.into_iter().collect());
}

#[test]
fn flowfuse_pages_render_with_nav_titles_and_flowfuse_anchors() {
    let Some(dir) = corpus("flowfuse") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let mut config = handbook::config::Config::default();
    config.links.missing_page = handbook::config::LinkPolicy::Ignore;
    config.links.missing_file = handbook::config::LinkPolicy::Ignore;
    // Build a copy with a config that lets links to pages outside the sample pass.
    let copy = out.path().join("src");
    copy_dir(&dir, &copy.join("content"));
    std::fs::write(
        copy.join("handbook.toml"),
        toml::to_string(&config).unwrap(),
    )
    .unwrap();
    let report = handbook::build(&BuildOptions {
        root: copy.clone(),
        output: Some(out.path().join("public")),
        base_url: Some("https://flowfuse.com/handbook/".into()),
        ..BuildOptions::default()
    })
    .unwrap_or_else(|e| panic!("{e}: {e:?}"));
    assert!(report.pages >= 20);
    let tpm = std::fs::read_to_string(
        out.path()
            .join("public/peopleops/job-descriptions/technical-product-manager/index.html"),
    )
    .unwrap();
    let html = scraper::Html::parse_document(&tpm);
    let h1 = scraper::Selector::parse(".page-header h1").unwrap();
    assert_eq!(
        html.select(&h1).next().unwrap().text().collect::<String>(),
        "Technical Product Manager"
    );
    // The 90-day plan's ✅ deliverables count, per 30-day phase.
    let phases = scraper::Selector::parse(".phases li").unwrap();
    let phases: Vec<String> = html
        .select(&phases)
        .map(|li| {
            li.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(phases.len(), 3, "{phases:?}");
    assert!(
        phases[0].starts_with("Days 0–30") && phases[0].ends_with("4/4"),
        "{phases:?}"
    );
    // The home page's link to a FlowFuse-style emoji anchor resolves.
    let home = std::fs::read_to_string(out.path().join("public/index.html")).unwrap();
    assert!(
        home.contains("href=\"/handbook/company/values/#%F0%9F%94%81-iterative-improvement\"")
            || home.contains("/handbook/company/values/#🔁-iterative-improvement"),
        "emoji anchor link not resolved"
    );
    let nav = std::fs::read_to_string(out.path().join("public/_nav.html")).unwrap();
    assert!(
        nav.contains(">Job Descriptions<") || nav.contains("Job Descriptions"),
        "navGroup missing from nav"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
