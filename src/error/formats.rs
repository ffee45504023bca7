//! Diagnostics in the formats CI tools read: GitHub Actions annotations
//! (`check --format github`) and SARIF 2.1.0 (`check --format sarif`), which
//! code-scanning tools (GitHub code scanning, GitLab, Azure DevOps) take in.

use std::path::{Component, Path};

use serde_json::{Value, json};

use super::{Code, Diagnostic, Severity};

/// `d` as a GitHub Actions workflow command, which GitHub shows on the
/// pull request's line: `::error file=F,line=L,col=C,title=CODE::MESSAGE`,
/// escaped as the runner wants (`%`, CR and LF everywhere; also `:` and `,`
/// in the properties).
pub fn github_annotation(d: &Diagnostic) -> String {
    fn data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let level = d.severity;
    let mut properties = Vec::new();
    if let Some(file) = &d.file {
        properties.push(format!("file={}", property(&file.display().to_string())));
        if let Some(p) = d.position {
            properties.push(format!("line={},col={}", p.line, p.column));
        }
    }
    properties.push(format!("title={}", property(d.code.as_str())));
    format!("::{level} {}::{}", properties.join(","), data(&message(d)))
}

/// The message and its hint, as one text.
fn message(d: &Diagnostic) -> String {
    match &d.hint {
        Some(hint) => format!("{}\nhint: {hint}", d.message),
        None => d.message.clone(),
    }
}

/// The diagnostics as one SARIF 2.1.0 log (OASIS SARIF 2.1.0, with the
/// subset GitHub code scanning documents as required): one run of the tool
/// `handbook`, every code as a rule (its id, description and whether
/// `[diagnostics]` can re-rate it), each diagnostic a result at its file,
/// line and column. File paths are as the build was given them, made
/// relative to the current folder `cwd` where they are below it, with `/`
/// separators, so that run from a repository's root they are the
/// repository-relative paths code scanning wants. Columns count Unicode
/// code points (`columnKind`), as the diagnostics' do.
pub fn sarif(diagnostics: &[Diagnostic], cwd: &Path) -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.as_str(),
                "shortDescription": { "text": code.description() },
                "properties": { "adjustable": code.is_adjustable() },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut result = json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0),
                "level": match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "message": { "text": message(d) },
            });
            if let Some(file) = &d.file {
                let mut location = json!({
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(file, cwd) },
                    }
                });
                if let Some(p) = d.position {
                    location["physicalLocation"]["region"] = json!({
                        "startLine": p.line,
                        "startColumn": p.column,
                    });
                }
                result["locations"] = json!([location]);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "handbook",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// `file` as a relative URI reference: below `cwd` when it is, `/`
/// separators, each segment percent-encoded where a URI needs it.
fn uri(file: &Path, cwd: &Path) -> String {
    let relative = if file.is_absolute() {
        file.strip_prefix(cwd).unwrap_or(file)
    } else {
        file
    };
    let mut segments = Vec::new();
    let mut absolute = false;
    for component in relative.components() {
        match component {
            Component::Normal(s) => segments.push(encode(&s.to_string_lossy())),
            Component::ParentDir => segments.push("..".to_string()),
            Component::RootDir => absolute = true,
            Component::CurDir | Component::Prefix(_) => {}
        }
    }
    let path = segments.join("/");
    if absolute {
        format!("file:///{path}")
    } else {
        path
    }
}

/// A path segment with what a URI cannot hold percent-encoded.
fn encode(segment: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(segment, KEEP).to_string()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::error::Position;

    fn diagnostic(file: &str) -> Diagnostic {
        let mut d = Diagnostic::error(
            Code::LinkMissingPage,
            PathBuf::from(file),
            "no page at `x.md`",
        );
        d.position = Some(Position { line: 3, column: 7 });
        d.hint = Some("check the path".into());
        d
    }

    #[test]
    fn a_result_has_its_rule_level_file_line_and_column() {
        let log = sarif(&[diagnostic("content/a b.md")], Path::new("/repo"));
        let run = &log["runs"][0];
        let result = &run["results"][0];
        assert_eq!(result["ruleId"], "link/missing-page");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], "link/missing-page");
        assert_eq!(rules.len(), Code::ALL.len());
        assert_eq!(result["level"], "error");
        assert_eq!(
            result["message"]["text"],
            "no page at `x.md`\nhint: check the path"
        );
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "content/a%20b.md");
        assert_eq!(location["region"]["startLine"], 3);
        assert_eq!(location["region"]["startColumn"], 7);
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(log["version"], "2.1.0");
    }

    #[test]
    fn paths_below_the_current_folder_are_relative() {
        assert_eq!(
            uri(Path::new("/repo/docs/x.md"), Path::new("/repo")),
            "docs/x.md"
        );
        assert_eq!(
            uri(Path::new("/elsewhere/ü.md"), Path::new("/repo")),
            "file:///elsewhere/%C3%BC.md"
        );
        assert_eq!(uri(Path::new("./a/../b.md"), Path::new("/r")), "a/../b.md");
    }

    #[test]
    fn a_site_wide_problem_has_no_location() {
        let d = Diagnostic::warning(Code::LinkMissingPage, None, "whole site");
        let log = sarif(&[d], Path::new("/"));
        assert!(log["runs"][0]["results"][0].get("locations").is_none());
        assert_eq!(log["runs"][0]["results"][0]["level"], "warning");
    }
}
