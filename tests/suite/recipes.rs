//! The deploy recipes in `deploy/` and the `Dockerfile`: each parses as its
//! tool reads it, has the parts its host needs (a Pages job, the `public`
//! folder, the check on pull requests, the cache), and every `handbook`
//! command in it is one the binary takes: each is run, as written, on a
//! copy of the sample handbook, and none is refused as bad usage.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::copy_sample;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn yaml(rel: &str) -> Value {
    serde_saphyr::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The shell lines of a GitHub Actions workflow's steps.
fn github_runs(workflow: &Value) -> Vec<String> {
    let mut runs = Vec::new();
    for job in workflow["jobs"].as_object().expect("jobs").values() {
        for step in job["steps"].as_array().expect("steps") {
            if let Some(run) = step["run"].as_str() {
                runs.push(run.to_string());
            }
        }
    }
    runs
}

/// The `uses:` of a workflow's steps.
fn github_uses(workflow: &Value) -> Vec<String> {
    workflow["jobs"]
        .as_object()
        .expect("jobs")
        .values()
        .flat_map(|job| job["steps"].as_array().cloned().unwrap_or_default())
        .filter_map(|step| step["uses"].as_str().map(str::to_string))
        .collect()
}

/// Each `handbook ...` command in `line` (split at `&&`, `||`, `;`, `|`),
/// as its arguments, with variables given example values.
fn handbook_commands(line: &str) -> Vec<Vec<String>> {
    let line = line
        .replace(
            "${{ steps.pages.outputs.base_url }}",
            "https://org.github.io/repo",
        )
        .replace("$CI_PAGES_URL", "https://group.gitlab.io/project")
        .replace("$SITE_URL", "https://handbook.pages.dev")
        .replace("$URL", "https://handbook.netlify.app");
    let mut commands = Vec::new();
    for part in line.split(['\n', ';', '|', '&']) {
        let words = shell_words::split(part.trim()).unwrap_or_else(|e| panic!("{part}: {e}"));
        if words.first().map(String::as_str) == Some("handbook") {
            commands.push(words[1..].to_vec());
        }
    }
    commands
}

/// Runs `handbook ARGS` in a copy of the sample handbook: it must not be
/// refused as bad usage (exit 2), and it must succeed.
fn runs_on_the_sample(args: &[String], recipe: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = sample(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(args)
        .current_dir(&root)
        .output()
        .expect("run handbook");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{recipe}: handbook {}\n{stderr}",
        args.join(" ")
    );
}

fn sample(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    copy_sample(&root);
    root
}

#[test]
fn the_github_pages_workflow_checks_pull_requests_and_deploys_main() {
    let workflow = yaml("deploy/github-pages.yml");
    let jobs = workflow["jobs"].as_object().expect("jobs");
    assert!(
        jobs["check"]["if"]
            .as_str()
            .unwrap_or("")
            .contains("pull_request"),
        "the check runs on pull requests"
    );
    assert!(jobs["deploy"]["if"].as_str().unwrap_or("").contains("push"));
    assert_eq!(jobs["deploy"]["permissions"]["pages"], "write");
    assert_eq!(jobs["deploy"]["permissions"]["id-token"], "write");
    let uses = github_uses(&workflow);
    for action in [
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
        "actions/cache",
    ] {
        assert!(uses.iter().any(|u| u.starts_with(action)), "{action}");
    }
    let text = read("deploy/github-pages.yml");
    assert!(text.contains(".handbook-cache"), "the link cache is kept");
    assert!(text.contains("path: public"));
    let commands: Vec<Vec<String>> = github_runs(&workflow)
        .iter()
        .flat_map(|r| handbook_commands(r))
        .collect();
    assert!(
        commands
            .iter()
            .any(|c| c[..] == ["check", "--format", "github"]),
        "{commands:?}"
    );
    assert!(commands.iter().any(|c| c[0] == "build"), "{commands:?}");
    for c in &commands {
        runs_on_the_sample(c, "github-pages.yml");
    }
}

#[test]
fn the_cloudflare_workflow_builds_and_deploys_public_with_wrangler() {
    let workflow = yaml("deploy/cloudflare-pages.yml");
    let deploy = workflow["jobs"]["deploy"]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("cloudflare/wrangler-action"))
        })
        .expect("the wrangler step")
        .clone();
    let command = deploy["with"]["command"].as_str().unwrap_or("");
    assert!(command.starts_with("pages deploy public "), "{command}");
    let commands: Vec<Vec<String>> = github_runs(&workflow)
        .iter()
        .flat_map(|r| handbook_commands(r))
        .collect();
    assert!(commands.iter().any(|c| c[0] == "build"), "{commands:?}");
    for c in &commands {
        runs_on_the_sample(c, "cloudflare-pages.yml");
    }
}

#[test]
fn the_gitlab_pipeline_checks_merge_requests_and_publishes_pages() {
    let pipeline = yaml("deploy/gitlab-ci.yml");
    let pages = &pipeline["pages"];
    assert_eq!(
        pages["artifacts"]["paths"][0], "public",
        "GitLab Pages wants `public`"
    );
    let check = &pipeline["check"];
    assert!(
        check["rules"][0]["if"]
            .as_str()
            .unwrap_or("")
            .contains("merge_request_event")
    );
    let cached: Vec<&str> = pipeline["default"]["cache"]["paths"]
        .as_array()
        .expect("cache paths")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(cached.contains(&".handbook-cache"), "{cached:?}");
    let mut commands = Vec::new();
    for job in [
        &pipeline["default"]["before_script"],
        &check["script"],
        &pages["script"],
    ] {
        for line in job.as_array().expect("script lines") {
            commands.extend(handbook_commands(line.as_str().expect("a line")));
        }
    }
    assert!(commands.iter().any(|c| c[0] == "check"), "{commands:?}");
    assert!(commands.iter().any(|c| c[0] == "build"), "{commands:?}");
    for c in &commands {
        runs_on_the_sample(c, "gitlab-ci.yml");
    }
}

#[test]
fn the_netlify_config_builds_into_the_published_folder() {
    let config: toml::Value = toml::from_str(&read("deploy/netlify.toml")).expect("TOML");
    assert_eq!(config["build"]["publish"].as_str(), Some("public"));
    let command = config["build"]["command"]
        .as_str()
        .expect("a build command");
    let commands = handbook_commands(command);
    assert!(commands.iter().any(|c| c[0] == "build"), "{commands:?}");
    for c in &commands {
        runs_on_the_sample(c, "netlify.toml");
    }
}

#[test]
fn the_dockerfile_copies_what_exists_and_runs_a_command_the_binary_takes() {
    let dockerfile = read("Dockerfile");
    let mut stages = 0;
    let mut default = Vec::new();
    let mut entrypoint = Vec::new();
    for line in dockerfile.lines().map(str::trim) {
        if line.starts_with("FROM ") {
            stages += 1;
        } else if let Some(rest) = line.strip_prefix("COPY ") {
            if rest.starts_with("--from=") {
                continue;
            }
            let parts: Vec<&str> = rest.split_whitespace().collect();
            for source in &parts[..parts.len() - 1] {
                assert!(
                    repo().join(source).exists(),
                    "COPY {source}: not in the repo"
                );
            }
        } else if let Some(json) = line.strip_prefix("CMD ") {
            default = serde_json::from_str::<Vec<String>>(json).expect("CMD as JSON");
        } else if let Some(json) = line.strip_prefix("ENTRYPOINT ") {
            entrypoint = serde_json::from_str::<Vec<String>>(json).expect("ENTRYPOINT as JSON");
        }
    }
    assert_eq!(stages, 2, "a build stage and a small runtime stage");
    assert!(entrypoint.last().is_some_and(|e| e.ends_with("/handbook")));
    assert_eq!(default, ["build"]);
    runs_on_the_sample(&default, "Dockerfile");
    // What the build stage needs is not left out of the build context.
    let ignored = read(".dockerignore");
    for needed in [
        "src",
        "themes",
        "Cargo.lock",
        "benches",
        "examples",
        "build.rs",
    ] {
        assert!(
            !ignored.lines().any(|l| l.trim() == needed),
            "{needed} is in .dockerignore"
        );
    }
}
