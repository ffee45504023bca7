//! Audiences: one tree, a public and an internal site. A public build has
//! nothing of an internal page or file: every output file (HTML, JSON, XML,
//! text) is scanned for words, titles, URLs and file names that only the
//! internal pages have. A link from a public page to an internal one fails
//! the public build at its place; an internal build has everything, marked.

use std::process::Command;

use handbook::content::Audience;
use handbook::error::Code;

use crate::common::{self, Fixture, files_under, git, git_available};

/// Words, titles, URLs and file names that only internal pages and files have.
const SECRETS: &[&str] = &[
    "Zqxbands",
    "zqxsalary",
    "compensation",
    "zqxtag",
    "Zqxplan",
    "hiring-plan",
    "offer-letter-zqx",
    "bands-chart-zqx",
    "old-bands-zqx",
    "Zqxterm",
    "security",
    "zqxrunbook",
];

fn handbook() -> Fixture {
    Fixture::new()
        .file(
            "handbook.toml",
            "title = \"T\"\nbase_url = \"https://example.com/\"\n[audience]\ninternal = [\"security/**\"]\n",
        )
        .page("index.md", "---\ntitle: Home\n---\nWelcome. See [people](people/index.md).\n")
        .page(
            "people/index.md",
            "---\ntitle: People\ntags: [people]\n---\nHow we hire. ![Team](team.png)\n",
        )
        .file("content/people/team.png", "png")
        .page(
            "people/hiring-plan.md",
            "---\ntitle: Zqxplan Hiring\naudience: internal\ndue: 2030-01-01\ntags: [zqxtag]\n---\n\
             ## Days 0-30\n\n- [x] Post the zqxsalary roles\n- [ ] Send the [offer](offer-letter-zqx.pdf)\n",
        )
        .file("content/people/offer-letter-zqx.pdf", "pdf")
        .page(
            "compensation/index.md",
            "---\ntitle: Zqxbands\naudience: internal\n---\nOur zqxsalary bands. ![Chart](bands-chart-zqx.png)\n",
        )
        .file("content/compensation/bands-chart-zqx.png", "png")
        .page(
            "compensation/levels.md",
            "---\ntitle: Levels\naliases: [/old-bands-zqx/]\ntags: [zqxtag]\n---\nLevels and zqxsalary.\n",
        )
        .page(
            "compensation/glossary.md",
            "---\ntitle: Pay words\nkind: glossary\n---\n## Zqxterm\n\nA zqxsalary word.\n",
        )
        .page("security/runbook.md", "---\ntitle: Runbook\n---\nThe zqxrunbook steps.\n")
}

#[test]
fn a_public_build_has_nothing_of_what_is_internal() {
    let fixture = handbook();
    let built = fixture.ok();
    let files = files_under(&built.out);
    assert!(files.contains_key("people/index.html"));
    assert!(
        files.contains_key("people/team.png"),
        "a public page's image stays"
    );
    let llms = String::from_utf8_lossy(&files["llms.txt"]).into_owned();
    assert!(
        llms.contains("[People](https://example.com/people/)"),
        "{llms}"
    );
    let mut leaks = Vec::new();
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for secret in SECRETS {
            let secret = secret.to_lowercase();
            if path.to_lowercase().contains(&secret) || text.contains(&secret) {
                leaks.push(format!("{path}: {secret}"));
            }
        }
    }
    assert!(leaks.is_empty(), "leaked:\n{}", leaks.join("\n"));
}

#[test]
fn an_internal_build_has_everything_and_marks_what_is_internal() {
    let fixture = handbook();
    let report = handbook::build(&handbook::BuildOptions {
        audience: Audience::Internal,
        ..fixture.options()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(report.pages >= 7, "{}", report.pages);
    let page = |url: &str| {
        let html = std::fs::read_to_string(fixture.out().join(url).join("index.html"))
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        scraper::Html::parse_document(&html)
    };
    for url in [
        "compensation",
        "compensation/levels",
        "people/hiring-plan",
        "security/runbook",
    ] {
        assert_eq!(
            common::count(&page(url), ".internal-marker .badge-internal"),
            1,
            "{url} is marked internal"
        );
    }
    assert_eq!(common::count(&page("people"), ".internal-marker"), 0);
    assert!(
        fixture
            .out()
            .join("compensation/bands-chart-zqx.png")
            .is_file()
    );
    assert!(fixture.out().join("people/offer-letter-zqx.pdf").is_file());
}

#[test]
fn a_public_page_linking_to_an_internal_one_fails_the_public_check_at_the_link() {
    let fixture = handbook().page(
        "people/index.md",
        "---\ntitle: People\n---\nHow we hire.\n\nSee the [plan](hiring-plan.md) and [bands](/compensation/).\n",
    );
    let errors = fixture.errors();
    let leaks: Vec<_> = errors
        .iter()
        .filter(|d| d.code == Code::LinkToInternal)
        .collect();
    assert_eq!(leaks.len(), 2, "{}", common::show(&errors));
    let d = leaks[0];
    assert_eq!(
        d.file.as_deref(),
        Some(fixture.path("content/people/index.md").as_path())
    );
    assert_eq!(d.position.map(|p| p.line), Some(6), "{d}");
    assert!(d.message.contains("internal"), "{d}");
    // The code cannot be lowered: a leak is never a warning.
    assert!(!Code::LinkToInternal.is_adjustable());
    // check --audience public (the default) fails; internal passes.
    let check = |audience: &str| {
        Command::new(env!("CARGO_BIN_EXE_handbook"))
            .args(["check", "--audience", audience])
            .arg(fixture.root())
            .output()
            .expect("run check")
    };
    let public = check("public");
    assert_eq!(public.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&public.stderr).contains("link/to-internal"));
    assert_eq!(check("internal").status.code(), Some(0));
}

#[test]
fn a_public_page_inside_an_internal_section_is_public() {
    let fixture = handbook().page(
        "compensation/philosophy.md",
        "---\ntitle: Pay philosophy\naudience: public\n---\nWe pay fairly.\n",
    );
    let built = fixture.ok();
    assert!(built.exists("compensation/philosophy/index.html"));
    assert!(!built.exists("compensation/index.html"));
    assert!(!built.exists("compensation/levels/index.html"));
}

#[test]
fn links_as_text_writes_the_words_without_the_link_and_warns() {
    let fixture = handbook()
        .file(
            "handbook.toml",
            "title = \"T\"\nbase_url = \"https://example.com/\"\n\
             [audience]\ninternal = [\"security/**\"]\nlinks = \"text\"\n",
        )
        .page(
            "people/index.md",
            "---\ntitle: People\n---\nSee the [hiring plan](hiring-plan.md), \
             ![the chart](../compensation/bands-chart-zqx.png) and \
             <a href=\"/compensation/\">the bands</a>.\n",
        );
    let built = fixture.ok();
    let warned: Vec<String> = built
        .report
        .warnings
        .iter()
        .filter(|d| d.code == Code::LinkToInternal)
        .map(ToString::to_string)
        .collect();
    assert_eq!(warned.len(), 3, "{warned:?}");
    let page = built.page("people/");
    let content = common::text(&page, ".content");
    assert!(
        content.contains("See the hiring plan, the chart and the bands."),
        "{content}"
    );
    assert!(
        !common::attrs(&page, ".content a", "href")
            .iter()
            .any(|h| h != "#"),
        "no link leads anywhere internal"
    );
    assert_eq!(common::count(&page, ".content img"), 0);
    // And still nothing of the internal pages anywhere.
    for (path, bytes) in files_under(&built.out) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for secret in ["compensation", "hiring-plan", "bands-chart-zqx"] {
            assert!(!text.contains(secret), "{path}: {secret}");
        }
    }
}

#[test]
fn a_commit_that_touched_an_internal_page_gives_its_date_not_its_subject() {
    if !git_available() {
        println!("skipped: git is not installed");
        return;
    }
    let fixture = handbook();
    let root = fixture.root();
    git(&root, &["init", "-q"], "2026-11-01T10:00:00Z");
    git(&root, &["add", "."], "2026-11-01T10:00:00Z");
    git(
        &root,
        &["commit", "-q", "-m", "First"],
        "2026-11-01T10:00:00Z",
    );
    fixture.write(
        "content/people/index.md",
        "---\ntitle: People\n---\nHow we hire, now.\n",
    );
    fixture.write(
        "content/compensation/levels.md",
        "---\ntitle: Levels\n---\nNew levels.\n",
    );
    git(&root, &["add", "."], "2026-11-20T10:00:00Z");
    git(
        &root,
        &["commit", "-q", "-m", "Raise the Zqxbands for everyone"],
        "2026-11-20T10:00:00Z",
    );
    let built = fixture.ok();
    let people = built.page("people/");
    assert!(common::text(&people, ".updated").contains("2026-11-20"));
    assert_eq!(common::count(&people, ".last-commit"), 0);
    for (path, bytes) in files_under(&built.out) {
        assert!(
            !String::from_utf8_lossy(&bytes)
                .to_lowercase()
                .contains("zqxbands"),
            "{path}"
        );
    }
    // The internal build says it.
    handbook::build(&handbook::BuildOptions {
        audience: Audience::Internal,
        ..fixture.options()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let html = std::fs::read_to_string(fixture.out().join("people/index.html")).unwrap();
    assert!(html.contains("Raise the Zqxbands for everyone"));
}

#[test]
fn a_public_role_reporting_to_an_internal_one_fails_and_says_why() {
    let fixture = handbook()
        .page(
            "jobs/boss.md",
            "---\ntitle: Head of Zqxbands\nkind: job\naudience: internal\n---\nBoss.\n",
        )
        .page(
            "jobs/engineer.md",
            "---\ntitle: Engineer\nkind: job\nreports_to: Head of Zqxbands\n---\nBuilds.\n",
        );
    let errors = fixture.errors();
    let d = common::diagnostic_for(&errors, &fixture.path("content/jobs/engineer.md"));
    assert_eq!(d.code, Code::RolesUnknown);
    assert!(
        d.hint.as_deref().unwrap_or("").contains("internal role"),
        "{d}"
    );
}

#[test]
fn a_bad_internal_glob_is_a_config_error_that_names_it() {
    let fixture = handbook().file(
        "handbook.toml",
        "title = \"T\"\n[audience]\ninternal = [\"security/[\"]\n",
    );
    let errors = fixture.errors();
    let d = common::diagnostic_for(&errors, &fixture.path("handbook.toml"));
    assert_eq!(d.code, Code::ConfigInvalid);
    assert!(d.message.contains("security/["), "{d}");
    assert!(
        d.hint.as_deref().unwrap_or("").contains("compensation/**"),
        "{d}"
    );
}
