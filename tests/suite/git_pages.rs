//! Git-aware pages: "last updated" and the commit subject from one walk over
//! the history, maintainers from CODEOWNERS, a recent changes page and its
//! feed; and builds that say why dates are missing outside git or in a
//! shallow clone. Each test makes its own repository with git commands.

use std::path::Path;

use handbook::BuildOptions;

use crate::common::{git, git_available};
use scraper::{Html, Selector};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A handbook in a repository with three commits on known dates.
fn repository(root: &Path) {
    write(root, "handbook.toml", "title = \"T\"\n");
    write(
        root,
        "content/index.md",
        "# Home\n\n[A](a.md) [B](people/b.md) [C](c.md)\n",
    );
    write(root, "content/a.md", "---\ntitle: Page A\n---\nFirst.\n");
    write(
        root,
        "content/people/b.md",
        "---\ntitle: Page B\n---\nFirst.\n",
    );
    write(
        root,
        "content/c.md",
        "---\ntitle: Page C\nupdated: 2030-01-01\n---\nDated by hand.\n",
    );
    write(
        root,
        "CODEOWNERS",
        "*.md @docs-team\n/content/people/ @people-team @ana\n",
    );
    git(root, &["init", "-q", "-b", "main"], "2024-01-10T12:00:00Z");
    git(root, &["add", "."], "2024-01-10T12:00:00Z");
    git(
        root,
        &["commit", "-q", "-m", "Start the handbook"],
        "2024-01-10T12:00:00Z",
    );
    write(root, "content/a.md", "---\ntitle: Page A\n---\nSecond.\n");
    git(
        root,
        &[
            "commit",
            "-q",
            "-am",
            "Explain page A better\n\nA longer body.",
        ],
        "2024-03-05T09:30:00Z",
    );
    write(
        root,
        "content/people/b.md",
        "---\ntitle: Page B\n---\nThird.\n",
    );
    git(
        root,
        &["commit", "-q", "-am", "Update B"],
        "2024-02-01T08:00:00Z",
    );
}

fn build(root: &Path) -> (handbook::BuildReport, std::path::PathBuf) {
    let out = root.join("public");
    let report = handbook::build(&BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        ..BuildOptions::default()
    })
    .unwrap_or_else(|e| panic!("{e}: {e:?}"));
    (report, out)
}

fn select(out: &Path, page: &str, css: &str) -> Vec<String> {
    let html = std::fs::read_to_string(out.join(page)).unwrap();
    let doc = Html::parse_document(&html);
    doc.select(&Selector::parse(css).unwrap())
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn pages_show_their_last_commit_and_maintainers() {
    if !git_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    repository(root);
    let (report, out) = build(root);
    assert!(
        report.notices.iter().all(|n| !n.starts_with("git:")),
        "{:?}",
        report.notices
    );
    assert_eq!(
        select(&out, "a/index.html", ".updated time"),
        ["2024-03-05"]
    );
    assert_eq!(
        select(&out, "a/index.html", ".last-commit"),
        ["Explain page A better"]
    );
    assert_eq!(
        select(&out, "people/b/index.html", ".updated time"),
        ["2024-02-01"]
    );
    // The frontmatter's `updated` wins over git.
    assert_eq!(
        select(&out, "c/index.html", ".updated time"),
        ["2030-01-01"]
    );
    // CODEOWNERS: the last matching line wins.
    assert_eq!(
        select(&out, "people/b/index.html", ".maintainer"),
        ["@people-team", "@ana"]
    );
    assert_eq!(select(&out, "a/index.html", ".maintainer"), ["@docs-team"]);
}

#[test]
fn recent_changes_list_the_newest_first_with_a_feed() {
    if !git_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    repository(root);
    let (_, out) = build(root);
    let listed = select(&out, "recent/index.html", ".recent-list li a");
    assert_eq!(listed, ["Page C", "Page A", "Page B", "Home"]);
    let feed = std::fs::read_to_string(out.join("recent/atom.xml")).unwrap();
    assert!(feed.starts_with("<?xml"), "{feed}");
    assert_eq!(feed.matches("<entry>").count(), 4);
    let first = feed.find("<title>Page C</title>").unwrap();
    let second = feed.find("<title>Page A</title>").unwrap();
    assert!(first < second);
    assert!(feed.contains("<summary>Explain page A better</summary>"));
}

#[test]
fn outside_git_the_build_works_and_says_why_dates_are_missing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "handbook.toml", "title = \"T\"\n");
    write(root, "content/index.md", "# Home\n");
    let (report, out) = build(root);
    assert!(
        report
            .notices
            .iter()
            .any(|n| n.contains("not in a git repository")),
        "{:?}",
        report.notices
    );
    assert!(select(&out, "index.html", ".updated").is_empty());
    assert!(!out.join("recent/index.html").exists());
}

#[test]
fn a_shallow_clone_builds_without_dates_and_says_why() {
    if !git_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let origin = dir.path().join("origin");
    std::fs::create_dir_all(&origin).unwrap();
    repository(&origin);
    let url = format!("file://{}", origin.display());
    git(
        dir.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
        "2024-04-01T00:00:00Z",
    );
    let (report, out) = build(&dir.path().join("shallow"));
    assert!(
        report.notices.iter().any(|n| n.contains("shallow clone")),
        "{:?}",
        report.notices
    );
    assert!(select(&out, "a/index.html", ".updated").is_empty());
    // Maintainers do not need history.
    assert_eq!(select(&out, "a/index.html", ".maintainer"), ["@docs-team"]);
}
