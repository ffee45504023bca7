//! What git-aware pages cost: a build of a handbook inside a repository with
//! thousands of commits, against the same files outside git; and
//! `handbook report --since 7d` on that repository, on the day of its last
//! commit (a week of commits in its window).
//!
//!     cargo bench --bench git_history [-- PAGES COMMITS]     (default 1000 pages, 3000 commits)
//!
//! With `HANDBOOK_BEFORE=PATH` (a handbook binary built from an older
//! commit, say the one before a change to the history walk), it also times
//! cold builds in the repository by that binary and this one in alternating
//! rounds (11, the order swapping each round, so a burst of load on a shared
//! machine falls on both alike) and prints both medians.
//!
//! The repository is made with `git fast-import`, each commit changing three
//! pages, an hour apart, then repacked as a clone or `git gc` would leave it.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let pages = args.first().copied().unwrap_or(1000);
    let commits = args.get(1).copied().unwrap_or(3000);
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path().join("repo");
    let plain = dir.path().join("plain");
    make_repository(&repo, pages, commits);
    copy_tree(&repo, &plain);
    // Cold: no `.handbook-cache` (no history cache, no build cache), every
    // build walks the whole history (a CI build after a push); warm: a
    // rebuild at the same commit, which reads both caches. Each is compared
    // with the same files outside git in the same state, so the difference
    // is what the history costs.
    let cold = |root: &Path| {
        median_of(|| {
            let _ = std::fs::remove_dir_all(root.join(".handbook-cache"));
            build(root);
        })
    };
    let (cold_with_git, cold_without) = (cold(&repo), cold(&plain));
    let with_git = median(&repo);
    let without = median(&plain);
    let last_commit = START + 3600 * commits as u64;
    let today = handbook::analyse::history::date(last_commit as i64);
    let report = median_of(|| {
        let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .args([
                "report", "--since", "7d", "--format", "json", "--today", &today,
            ])
            .arg(&repo)
            .output()
            .expect("run handbook report");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    });
    println!("{pages} pages, {commits} commits (median of 5 builds each)");
    println!(
        "  outside git:        {:7.1} ms  cold: no .handbook-cache",
        ms(cold_without)
    );
    println!(
        "  in the repository:  {:7.1} ms  (history adds {:.1} ms)  cold",
        ms(cold_with_git),
        ms(cold_with_git) - ms(cold_without)
    );
    println!(
        "  outside git:        {:7.1} ms  warm: rebuilt with the caches",
        ms(without)
    );
    println!(
        "  in the repository:  {:7.1} ms  (history adds {:.1} ms)  warm: rebuilt at the same commit",
        ms(with_git),
        ms(with_git) - ms(without)
    );
    let since = (last_commit / 86_400 - 7) * 86_400;
    let in_window = (1..=commits as u64)
        .filter(|c| START + 3600 * c >= since)
        .count();
    println!(
        "  report --since 7d:  {:7.1} ms  ({in_window} commits in its window)",
        ms(report)
    );
    if let Some(before) = std::env::var_os("HANDBOOK_BEFORE") {
        let before = Path::new(&before);
        let (old, new) = alternating(before, &repo);
        println!(
            "  cold in the repository, alternating 11 rounds: {} {:.1} ms, this build {:.1} ms ({:+.1} ms)",
            before.display(),
            ms(old),
            ms(new),
            ms(new) - ms(old)
        );
    }
}

/// The median cold builds of `root` by `before` and by this build, run in
/// alternating rounds.
fn alternating(before: &Path, root: &Path) -> (Duration, Duration) {
    let this = Path::new(env!("CARGO_BIN_EXE_handbook"));
    let cold = |bin: &Path| {
        let _ = std::fs::remove_dir_all(root.join(".handbook-cache"));
        let _ = std::fs::remove_dir_all(root.join("public"));
        let start = Instant::now();
        build_with(bin, root);
        start.elapsed()
    };
    let (mut old, mut new) = (Vec::new(), Vec::new());
    for round in 0..11 {
        if round % 2 == 0 {
            old.push(cold(before));
            new.push(cold(this));
        } else {
            new.push(cold(this));
            old.push(cold(before));
        }
    }
    old.sort();
    new.sort();
    (old[old.len() / 2], new[new.len() / 2])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The first commit's time.
const START: u64 = 1_600_000_000;

fn median(root: &Path) -> Duration {
    median_of(|| build(root))
}

fn build(root: &Path) {
    build_with(Path::new(env!("CARGO_BIN_EXE_handbook")), root);
}

fn build_with(bin: &Path, root: &Path) {
    let status = Command::new(bin)
        .args(["build", "--quiet", "-o"])
        .arg(root.join("public"))
        .arg(root)
        .status()
        .expect("run handbook");
    assert!(status.success());
}

/// The median time of five runs of `run`.
fn median_of(run: impl Fn()) -> Duration {
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn page(n: usize, version: usize) -> String {
    format!(
        "---\ntitle: Page {n}\nnavOrder: {n}\n---\nVersion {version} of page {n}.\n\n- [x] one\n- [ ] two\n"
    )
}

fn make_repository(repo: &Path, pages: usize, commits: usize) {
    std::fs::create_dir_all(repo).expect("repo dir");
    let run = |args: &[&str]| {
        let ok = Command::new("git")
            .args(args)
            .current_dir(repo)
            .status()
            .expect("git")
            .success();
        assert!(ok, "git {args:?}");
    };
    run(&["init", "-q", "-b", "main"]);
    let mut import = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(repo)
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import");
    let mut stream = String::new();
    let data = |s: &mut String, text: &str| {
        s.push_str(&format!("data {}\n{}\n", text.len(), text));
    };
    // Commits on one branch follow each other: fast-import needs no `from`.
    let mut time = START;
    for c in 0..commits {
        time += 3600;
        stream.push_str("commit refs/heads/main\n");
        stream.push_str(&format!(
            "committer Bench <bench@example.com> {time} +0000\n"
        ));
        data(&mut stream, &format!("Change {c}"));
        if c == 0 {
            stream.push_str("M 644 inline handbook.toml\n");
            data(&mut stream, "title = \"Bench\"\n");
            for n in 0..pages {
                stream.push_str(&format!("M 644 inline content/s{}/p{n}.md\n", n % 10));
                data(&mut stream, &page(n, 0));
            }
        } else {
            for k in 0..3 {
                let n = (c * 7 + k * 131) % pages;
                stream.push_str(&format!("M 644 inline content/s{}/p{n}.md\n", n % 10));
                data(&mut stream, &page(n, c));
            }
        }
    }
    import
        .stdin
        .take()
        .expect("stdin")
        .write_all(stream.as_bytes())
        .expect("feed fast-import");
    assert!(import.wait().expect("fast-import").success());
    // fast-import stores each version as a delta on the one before it, a
    // pack no clone or `git gc` ever gives: a server (and gc) repacks with
    // git's own delta search, where newer versions are the bases, and that
    // is what a build reads.
    run(&["repack", "-a", "-d", "-f", "-q"]);
    run(&["checkout", "-q", "-f", "main"]);
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create");
    for entry in std::fs::read_dir(from).expect("read").flatten() {
        let name = entry.file_name();
        if name == ".git" {
            continue;
        }
        let target = to.join(&name);
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
