//! What the shell gets from the clap definitions: completion scripts for
//! each shell that name every command and option, and manual pages.

use std::process::Command;

fn run(args: &[&str]) -> (String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(args)
        .output()
        .expect("run handbook");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

const COMMANDS: &[&str] = &[
    "build",
    "check",
    "init",
    "new",
    "serve",
    "completions",
    "man",
    "theme",
];

#[test]
fn completions_name_every_command_and_option_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (script, status) = run(&["completions", shell]);
        assert_eq!(status, Some(0), "{shell}");
        for word in COMMANDS
            .iter()
            .chain(&["--base-url", "--deny-warnings", "sarif"])
        {
            let bare = word.trim_start_matches('-');
            assert!(script.contains(bare), "{shell} completion lacks {word}");
        }
    }
    // bash and zsh check the script's syntax where they are installed.
    for (shell, flag) in [("bash", "-n"), ("zsh", "-n")] {
        let (script, _) = run(&["completions", shell]);
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("handbook");
        std::fs::write(&file, script).expect("write");
        match Command::new(shell).arg(flag).arg(&file).output() {
            Ok(out) => assert!(
                out.status.success(),
                "{shell} -n: {}",
                String::from_utf8_lossy(&out.stderr)
            ),
            Err(_) => println!("skipped {shell} -n: {shell} is not installed"),
        }
    }
}

#[test]
fn man_pages_cover_the_tool_and_each_command() {
    let (page, status) = run(&["man"]);
    assert_eq!(status, Some(0));
    assert!(page.contains(".TH handbook 1"), "{page}");
    for command in COMMANDS {
        assert!(
            page.contains(&format!("handbook\\-{command}(1)")),
            "{command}"
        );
        let (sub, status) = run(&["man", command]);
        assert_eq!(status, Some(0), "{command}");
        assert!(
            sub.contains(&format!(".TH handbook-{command} 1")),
            "{command}: {sub}"
        );
    }
    let (check, _) = run(&["man", "check"]);
    assert!(check.contains("\\-\\-deny\\-warnings"), "{check}");
    let (_, status) = run(&["man", "nope"]);
    assert_eq!(status, Some(2));
}
