//! What the search index weighs and costs, on generated handbooks:
//!
//!     cargo bench --bench search_index                      # 1,000 and 10,000 pages
//!     cargo bench --bench search_index -- 2000 /some/handbook  # other sizes, or a handbook
//!     cargo bench --bench search_index -- --serve-only 10000   # only the edit cost
//!
//! Sizes are made with `../shared/bench/gen-corpus.py N DIR --tools handbook`.
//! For each handbook it prints:
//! - the build time with and without the index (`[search] enabled`), median of 3;
//! - the index's bytes per page, raw and gzipped;
//! - the bytes a browser fetches for typical queries: search.js itself, run
//!   in node against the built index, each query with an empty cache (skipped
//!   without node);
//! - what a one-page body edit costs `serve` (`Build::update` and `changes`),
//!   index on and off: median and fastest of 40, and CPU time of all threads.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use handbook::serve::watch::Change;
use handbook::{Build, BuildOptions, Site};

#[path = "common/mod.rs"]
mod common;
use common::{copy_dir, count_pages, pick_page, walk};

const QUERIES: &[&str] = &[
    "deploy",
    "rollback",
    "incident response",
    "migr",
    "shard partition region",
    "onboarding guide",
    "9398",
    "zzzz",
];

fn main() {
    let serve_only = std::env::args().any(|a| a == "--serve-only");
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().expect("temp dir");
    let targets: Vec<String> = if args.is_empty() {
        vec!["1000".into(), "10000".into()]
    } else {
        args
    };
    let node = Command::new("node").arg("--version").output().is_ok();
    if !node {
        println!("node is not installed: bytes per query are not measured");
    }
    for target in targets {
        let root = match target.parse::<usize>() {
            Ok(n) => {
                let generator = manifest.join("../shared/bench/gen-corpus.py");
                if !generator.is_file() {
                    println!("skipped {n} pages: {} is missing", generator.display());
                    continue;
                }
                let dir = work.path().join(format!("corpus-{n}"));
                let status = Command::new("python3")
                    .arg(&generator)
                    .arg(n.to_string())
                    .arg(&dir)
                    .args(["--tools", "handbook"])
                    .stdout(std::process::Stdio::null())
                    .status()
                    .expect("run gen-corpus.py");
                assert!(status.success(), "gen-corpus.py failed");
                dir.join("handbook")
            }
            Err(_) => {
                // A handbook of one's own: copied, as its handbook.toml is rewritten.
                let dir = work.path().join("handbook");
                copy_dir(Path::new(&target), &dir);
                dir
            }
        };
        measure(&root, &work.path().join("out"), manifest, node, serve_only);
    }
}

fn measure(root: &Path, out: &Path, manifest: &Path, node: bool, serve_only: bool) {
    let config_file = root.join("handbook.toml");
    let config = std::fs::read_to_string(&config_file).unwrap_or_default();
    let set_search = |on: bool| {
        let text = if on {
            config.clone()
        } else {
            format!("{config}\n[search]\nenabled = false\n")
        };
        std::fs::write(&config_file, text).expect("write handbook.toml");
    };
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        ..BuildOptions::default()
    };

    if serve_only {
        return serve(&options, &set_search);
    }
    // Build time, alternating so that both see the same machine.
    let mut with = Vec::new();
    let mut without = Vec::new();
    for round in 0..4 {
        for on in [false, true] {
            set_search(on);
            let _ = std::fs::remove_dir_all(out);
            let start = Instant::now();
            let report = handbook::build(&options).expect("the handbook builds");
            let took = start.elapsed();
            if round > 0 {
                // The first round warms the file cache.
                if on { &mut with } else { &mut without }.push(took);
            }
            if round == 0 && on {
                println!("handbook: {} ({} pages)", root.display(), report.pages);
            }
        }
    }
    let (w, wo) = (median(&with), median(&without));
    println!(
        "build: {:.3} s with the index, {:.3} s without: the index adds {:.3} s ({:.0}%)",
        w.as_secs_f64(),
        wo.as_secs_f64(),
        w.as_secs_f64() - wo.as_secs_f64(),
        (w.as_secs_f64() / wo.as_secs_f64() - 1.0) * 100.0
    );

    // The last build was with the index: its files.
    let pages = count_pages(&root.join("content"));
    let (files, bytes) = sizes(&out.join("_search"));
    println!(
        "index: {files} files, {:.1} MB, {} bytes per page",
        bytes as f64 / 1e6,
        bytes / pages.max(1)
    );
    if node {
        queries(out, manifest, pages);
    }

    serve(&options, &set_search);
}

/// What an edit costs serve, index on and off: wall time, and CPU time of
/// all the process's threads (steadier on a busy machine).
fn serve(options: &BuildOptions, set_search: &dyn Fn(bool)) {
    for on in [true, false] {
        set_search(on);
        let (times, cpu) = serve_edits(options);
        let cpu = cpu.map_or(String::new(), |c| {
            format!(", {:.2} ms CPU", c.as_secs_f64() * 1000.0)
        });
        println!(
            "serve, one-page body edit (update + changes), index {}: median {:.2} ms, min {:.2} ms{cpu}",
            if on { "on " } else { "off" },
            median(&times).as_secs_f64() * 1000.0,
            times.iter().min().unwrap_or(&Duration::ZERO).as_secs_f64() * 1000.0
        );
    }
    set_search(true);
}

/// CPU time of every thread of this process so far (Linux), from
/// `/proc/self/task/*/schedstat`.
fn cpu_time() -> Option<Duration> {
    let mut total = 0u64;
    for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
        let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(total))
}

/// Times `Build::update` and `Build::changes` (the files serve hands to its
/// HTTP server) for 40 body edits of one page; also the median CPU time an
/// edit took.
fn serve_edits(options: &BuildOptions) -> (Vec<Duration>, Option<Duration>) {
    let site = Site::load(options).expect("loads");
    let mut build = Build::new(site, None);
    // The first hand-over is the whole site, as when serve starts.
    drop(build.changes().expect("builds"));
    let page = pick_page(&options.root.join("content"));
    let original = std::fs::read_to_string(&page).expect("read page");
    let changes = BTreeSet::from([Change::Content(page.clone())]);
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    for n in 0..40 {
        std::fs::write(&page, format!("{original}\nAn added line, edit {n}.\n")).expect("edit");
        let before = cpu_time();
        let start = Instant::now();
        build.update(&changes, options).expect("updates");
        let result = build.changes().expect("builds");
        times.push(start.elapsed());
        if let (Some(a), Some(b)) = (before, cpu_time()) {
            cpu.push(b.saturating_sub(a));
        }
        drop(result);
    }
    std::fs::write(&page, original).expect("restore");
    let cpu = (!cpu.is_empty()).then(|| median(&cpu));
    (times, cpu)
}

/// Runs the built site's search.js in node against its index, each query
/// with an empty cache (`scripts/search-harness.js`), and prints what it fetched.
fn queries(out: &Path, manifest: &Path, pages: usize) {
    let mut cmd = Command::new("node");
    cmd.arg(manifest.join("scripts/search-harness.js"))
        .arg("handbook")
        .arg(out);
    cmd.args(QUERIES);
    let output = cmd.output().expect("run node");
    if !output.status.success() {
        println!("node failed: {}", String::from_utf8_lossy(&output.stderr));
        return;
    }
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON from node");
    let gz = report["index"]["gz"].as_u64().unwrap_or(0);
    println!(
        "index gzipped: {:.1} MB, {} bytes per page",
        gz as f64 / 1e6,
        gz as usize / pages.max(1)
    );
    println!(
        "{:<26} {:>7} {:>6} {:>10} {:>10}",
        "query (fresh cache)", "results", "files", "bytes", "gzipped"
    );
    for q in report["queries"].as_array().into_iter().flatten() {
        println!(
            "{:<26} {:>7} {:>6} {:>10} {:>10}",
            format!("{:?}", q["q"].as_str().unwrap_or("")),
            q["results"],
            q["files"],
            q["bytes"],
            q["gz"]
        );
    }
}

fn median(times: &[Duration]) -> Duration {
    let mut t = times.to_vec();
    t.sort();
    t[t.len() / 2]
}

/// Files under `dir` and their total bytes.
fn sizes(dir: &Path) -> (usize, usize) {
    let mut files = 0;
    let mut bytes = 0;
    for entry in walk(dir) {
        files += 1;
        bytes += std::fs::metadata(&entry).map_or(0, |m| m.len() as usize);
    }
    (files, bytes)
}
