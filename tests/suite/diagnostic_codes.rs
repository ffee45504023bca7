//! Every diagnostic has a stable code; `[diagnostics]` re-rates codes; `check
//! --format json|github` carries them to CI.

use std::process::Command;

use handbook::error::{Code, Severity};

use crate::common::*;

fn check(fixture: &Fixture, args: &[&str]) -> (String, String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("check")
        .arg(fixture.root())
        .args(args)
        .output()
        .expect("run handbook check");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

fn broken() -> Fixture {
    Fixture::new()
        .page(
            "index.md",
            "# Home\n\n[gone](nope.md) and [anchor](#nowhere)\n",
        )
        .page("b.md", "---\nstatus: someday\n---\n# B\n")
}

#[test]
fn each_problem_carries_its_code_in_text_and_json() {
    let fixture = broken();
    let d = match fixture.build() {
        Err(d) => d,
        Ok(_) => panic!("the build should fail"),
    };
    let codes: Vec<(Code, Severity)> = d.iter().map(|d| (d.code, d.severity)).collect();
    assert!(
        codes.contains(&(Code::LinkMissingPage, Severity::Error)),
        "{codes:?}"
    );
    assert!(
        codes.contains(&(Code::LinkMissingAnchor, Severity::Error)),
        "{codes:?}"
    );
    assert!(
        codes.contains(&(Code::StatusUnknown, Severity::Warning)),
        "{codes:?}"
    );

    let (stdout, _, status) = check(&fixture, &["--format", "json"]);
    assert_eq!(status, Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let listed: Vec<(&str, &str, u64)> = json["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or(""),
                d["severity"].as_str().unwrap_or(""),
                d["position"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert!(
        listed.contains(&("link/missing-page", "error", 3)),
        "{listed:?}"
    );
    assert!(
        listed.contains(&("link/missing-anchor", "error", 3)),
        "{listed:?}"
    );
    assert!(listed.iter().any(|d| d.0 == "status/unknown"), "{listed:?}");
}

#[test]
fn diagnostics_table_lowers_raises_and_silences_codes() {
    let fixture = broken().file(
        "handbook.toml",
        "title = \"T\"\n[diagnostics]\n\"link/missing-page\" = \"warning\"\n\"link/missing-anchor\" = \"ignore\"\n\"status/unknown\" = \"error\"\n",
    );
    let d = match fixture.build() {
        Err(d) => d,
        Ok(_) => panic!("status/unknown was raised to an error"),
    };
    let codes: Vec<(Code, Severity)> = d.iter().map(|d| (d.code, d.severity)).collect();
    assert!(
        codes.contains(&(Code::StatusUnknown, Severity::Error)),
        "{}",
        show(&d)
    );
    assert!(
        codes.contains(&(Code::LinkMissingPage, Severity::Warning)),
        "{}",
        show(&d)
    );
    assert!(
        !codes.iter().any(|c| c.0 == Code::LinkMissingAnchor),
        "{}",
        show(&d)
    );

    fixture.write(
        "handbook.toml",
        "title = \"T\"\n[diagnostics]\n\"link/missing-page\" = \"warning\"\n\"link/missing-anchor\" = \"ignore\"\n",
    );
    let built = fixture.ok();
    let warnings = built.warnings();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("warning[link/missing-page]: broken link [gone](nope.md)")),
        "{warnings:?}"
    );
}

#[test]
fn an_unknown_or_unlowerable_code_is_a_config_error_at_its_line() {
    let fixture = broken().file(
        "handbook.toml",
        "title = \"T\"\n[diagnostics]\n\"link/mising-page\" = \"warning\"\n",
    );
    let errors = fixture.errors();
    let d = diagnostic_for(&errors, &fixture.path("handbook.toml"));
    assert_eq!(d.code, Code::ConfigInvalid);
    assert_eq!(d.position.map(|p| p.line), Some(3), "{d}");
    assert!(
        d.message.contains("did you mean `link/missing-page`"),
        "{d}"
    );

    fixture.write(
        "handbook.toml",
        "title = \"T\"\n[diagnostics]\n\"output/clash\" = \"ignore\"\n",
    );
    let errors = fixture.errors();
    let d = diagnostic_for(&errors, &fixture.path("handbook.toml"));
    assert!(d.message.contains("cannot make `output/clash`"), "{d}");
}

#[test]
fn github_format_prints_one_escaped_annotation_per_problem() {
    let fixture = Fixture::new().page("index.md", "# Home\n\n[50%, done: gone](nope.md)\n");
    let (stdout, stderr, status) = check(&fixture, &["--format", "github"]);
    assert_eq!(status, Some(1), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let line = lines[0];
    let file = fixture.path("content/index.md").display().to_string();
    let prefix = format!(
        "::error file={},line=3,col=1,title=link/missing-page::",
        file.replace(':', "%3A").replace(',', "%2C")
    );
    assert!(line.starts_with(&prefix), "{line}");
    let message = &line[prefix.len()..];
    // `%` is escaped in the message, and the hint is on its own line.
    assert!(
        message.contains("[50%25, done: gone](nope.md)"),
        "{message}"
    );
    assert!(message.contains("%0Ahint: "), "{message}");
    assert!(!message.contains('\n'));
    assert!(stderr.contains("failed"), "{stderr}");
}

#[test]
fn sarif_format_is_one_log_with_a_result_per_problem_at_its_place() {
    let fixture = Fixture::new()
        .page("index.md", "# Home\n\n[gone](nope.md)\n")
        .page("a.md", "---\ntitle: A\nstatus: someday\n---\nText\n");
    // Run from the handbook's folder, as CI runs it from a repository's root.
    let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .current_dir(fixture.root())
        .args(["check", ".", "--format", "sarif"])
        .output()
        .expect("run handbook check");
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let mut found: Vec<(String, String, String, u64)> = run["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let index = r["ruleIndex"].as_u64().expect("index") as usize;
            assert_eq!(rules[index]["id"], r["ruleId"], "ruleIndex names its rule");
            let place = &r["locations"][0]["physicalLocation"];
            (
                r["ruleId"].as_str().unwrap_or("").to_string(),
                r["level"].as_str().unwrap_or("").to_string(),
                place["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                place["region"]["startLine"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (
                "link/missing-page".into(),
                "error".into(),
                "content/index.md".into(),
                3
            ),
            (
                "status/unknown".into(),
                "warning".into(),
                "content/a.md".into(),
                3
            ),
        ]
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("failed: "), "{stderr}");
}

#[test]
fn list_codes_names_every_code_once() {
    let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(["check", "--list-codes"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let names: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let expected: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(names, expected);
}

#[test]
fn page_warnings_point_at_the_frontmatter_key_they_are_about() {
    let fixture = Fixture::new()
        .page("index.md", "# Home\n")
        .page("a.md", "---\ntitle: Same\n---\nText\n")
        .page("b.md", "---\nowner: x\ntitle: Same\n---\nText\n")
        .page("hidden.md", "---\ntitle: Hidden\nnav: false\n---\nText\n")
        .page("s.md", "---\ntitle: S\nstatus: someday\n---\nText\n");
    let built = fixture.ok();
    let found: Vec<(Code, String, Option<usize>)> = built
        .report
        .warnings
        .iter()
        .map(|d| {
            let file = d.file.as_ref().map(|f| f.display().to_string());
            (d.code, file.unwrap_or_default(), d.position.map(|p| p.line))
        })
        .collect();
    let at = |code: Code, page: &str| {
        let file = fixture
            .path(&format!("content/{page}"))
            .display()
            .to_string();
        found
            .iter()
            .find(|(c, f, _)| *c == code && *f == file)
            .and_then(|(_, _, line)| *line)
    };
    assert_eq!(at(Code::NavDuplicateLabel, "b.md"), Some(3), "{found:?}");
    assert_eq!(at(Code::NavUnreachable, "hidden.md"), Some(3), "{found:?}");
    assert_eq!(at(Code::StatusUnknown, "s.md"), Some(3), "{found:?}");
}

#[test]
fn readme_lists_every_code_with_its_rating_and_meaning() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let rows: Vec<(String, bool, String)> = readme
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            let code = cells.first()?.strip_prefix("| `")?.strip_suffix('`')?;
            Code::from_name(code)?;
            let description = cells.get(2)?.strip_suffix(" |")?;
            Some((
                code.to_string(),
                cells.get(1)? == &"yes",
                description.to_string(),
            ))
        })
        .collect();
    let expected: Vec<(String, bool, String)> = Code::ALL
        .iter()
        .map(|c| {
            (
                c.as_str().to_string(),
                c.is_adjustable(),
                c.description().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows, expected,
        "README's table of diagnostic codes is not the codes'"
    );
}
