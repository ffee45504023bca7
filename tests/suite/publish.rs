//! The output folder is the build's own: nothing else is ever deleted, it
//! may not be where the handbook is, and it holds the old site or the new
//! one at every instant, even when builds are killed or run at once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Fixture, files_under, show};

fn handbook() -> Command {
    Command::new(env!("CARGO_BIN_EXE_handbook"))
}

/// Runs `handbook ARGS...` in the folder `root`.
fn run_in(root: &Path, args: &[&str]) -> std::process::Output {
    handbook()
        .current_dir(root)
        .args(args)
        .output()
        .expect("run")
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A handbook in `dir/hb` that is a git repository's work tree, with a
/// sibling repository beside it, as a user would have them.
fn repository() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("hb");
    for (path, text) in [
        ("hb/handbook.toml", "title = \"T\"\n"),
        ("hb/content/index.md", "# Home\n\nSee [a](a.md).\n"),
        ("hb/content/a.md", "# A\n"),
        ("hb/content/team/b.md", "# B\n"),
        ("hb/.git/HEAD", "ref: refs/heads/main\n"),
        ("hb/README.md", "read me\n"),
        ("sibling/.git/HEAD", "ref: refs/heads/main\n"),
        ("sibling/notes.md", "notes\n"),
    ] {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
        std::fs::write(path, text).expect("write");
    }
    (dir, root)
}

#[test]
fn an_output_folder_that_holds_the_handbook_is_refused_before_anything_is_touched() {
    let (dir, root) = repository();
    let before = files_under(dir.path());
    for output in [
        ".",
        "..",
        "content",
        "content/team",
        "content/new",
        "./content/..",
        "/",
    ] {
        let out = run_in(&root, &["build", "-o", output]);
        assert_eq!(out.status.code(), Some(1), "-o {output}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("the output folder"), "-o {output}: {err}");
        assert!(err.contains("hint: "), "-o {output}: {err}");
        assert_eq!(files_under(dir.path()), before, "-o {output} changed files");
    }
}

#[test]
fn output_dir_in_the_config_is_checked_by_build_and_check() {
    let (dir, root) = repository();
    for value in [".", "..", "content", "content/out"] {
        std::fs::write(
            root.join("handbook.toml"),
            format!("title = \"T\"\noutput_dir = \"{value}\"\n"),
        )
        .expect("config");
        let before = files_under(dir.path());
        for command in ["build", "check"] {
            let out = run_in(&root, &[command]);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{command} {value}: {err}");
            assert!(
                err.contains("handbook.toml:2:1: error[output/refused]: the output folder"),
                "{command} {value}: {err}"
            );
            assert_eq!(files_under(dir.path()), before, "{command} with {value}");
        }
    }
}

#[test]
fn a_content_folder_outside_the_root_needs_to_be_allowed() {
    let (dir, root) = repository();
    let config = "title = \"T\"\ncontent_dir = \"../sibling\"\n";
    std::fs::write(root.join("handbook.toml"), config).expect("config");
    let out = run_in(&root, &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("handbook.toml:2:1: error[config/invalid]: content_dir"),
        "{err}"
    );
    assert!(err.contains("allow_content_outside_root"), "{err}");
    std::fs::write(
        root.join("handbook.toml"),
        format!("{config}allow_content_outside_root = true\n"),
    )
    .expect("config");
    let out = run_in(&root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("hb/public/notes/index.html").is_file());
}

#[test]
fn a_non_empty_folder_no_build_made_is_refused_naming_its_files() {
    let fixture = Fixture::new().page("index.md", "# Home\n");
    let out = fixture.out();
    std::fs::create_dir_all(out.join("assets")).expect("folder");
    for name in ["CNAME", "index.html", "notes.txt"] {
        std::fs::write(out.join(name), format!("mine: {name}")).expect("write");
    }
    let before = files_under(&out);
    let run = fixture.cli(&[]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("not empty and no handbook build made it"),
        "{err}"
    );
    assert!(
        err.contains("CNAME, assets, index.html, notes.txt"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(files_under(&out), before);
    assert!(
        !out.with_file_name(".out.handbook").exists(),
        "a refused build made its folder"
    );

    // Forced: the user's files stay; the one at the site's path is moved aside, and said so.
    let run = fixture.cli(&["--force"]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("CNAME")).unwrap(),
        "mine: CNAME"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine: notes.txt"
    );
    assert!(out.join("assets").is_dir());
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<h1"), "{home}");
    assert!(err.contains("index.html: not written by a build"), "{err}");
    let kept = kept_files(&fixture);
    assert_eq!(
        kept.values().collect::<Vec<_>>(),
        [&b"mine: index.html".to_vec()],
        "{kept:?}"
    );
    // From now on the folder is the build's: a plain build works and keeps them.
    let run = fixture.cli(&[]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        std::fs::read_to_string(out.join("CNAME")).unwrap(),
        "mine: CNAME"
    );
}

/// The files moved to the kept folder beside the output, by path under it.
fn kept_files(fixture: &Fixture) -> BTreeMap<String, Vec<u8>> {
    files_under(&fixture.out().with_file_name(".out.handbook").join("kept"))
}

#[test]
fn the_users_files_in_the_output_survive_every_rebuild() {
    let fixture = Fixture::new()
        .page("index.md", "# Home\n")
        .page("a.md", "# A\n")
        .page("gone.md", "# Gone\n");
    fixture.ok();
    let out = fixture.out();
    let mine = [
        ("CNAME", "docs.example.com\n"),
        (".nojekyll", ""),
        (".git/HEAD", "ref: refs/heads/gh-pages\n"),
        (".git/objects/ab/cdef", "object"),
        ("a/notes.txt", "beside a page"),
        ("gone/extra.txt", "in a page's folder that goes"),
    ];
    for (path, text) in mine {
        std::fs::create_dir_all(out.join(path).parent().unwrap()).unwrap();
        std::fs::write(out.join(path), text).unwrap();
    }
    std::fs::create_dir_all(out.join(".well-known")).unwrap();
    fixture.remove("content/gone.md");
    fixture.write("content/a.md", "# A, changed\n");
    for _ in 0..3 {
        let built = fixture.ok();
        for (path, text) in mine {
            assert_eq!(
                std::fs::read_to_string(out.join(path)).ok().as_deref(),
                Some(text),
                "{path} after {:?}",
                built.report.written
            );
        }
        assert!(out.join(".well-known").is_dir());
        assert!(
            !out.join("gone/index.html").exists(),
            "the removed page stayed"
        );
        assert!(built.read("a/index.html").contains("A, changed"));
    }
    // A file the user removes stays removed.
    std::fs::remove_file(out.join("CNAME")).unwrap();
    fixture.ok();
    fixture.ok();
    assert!(!out.join("CNAME").exists());
}

#[test]
fn an_unchanged_page_keeps_its_file_and_time() {
    use std::os::unix::fs::MetadataExt;
    let fixture = Fixture::new()
        .page("index.md", "# Home\n")
        .page("a.md", "# A\n")
        .page("b.md", "# B\n");
    fixture.ok();
    let meta = |rel: &str| std::fs::metadata(fixture.out().join(rel)).unwrap();
    let (a, b) = (meta("a/index.html"), meta("b/index.html"));
    std::thread::sleep(Duration::from_millis(20));
    for round in 0..4 {
        fixture.write("content/b.md", &format!("# B\n\nEdit {round}.\n"));
        let built = fixture.ok();
        assert!(
            built
                .read("b/index.html")
                .contains(&format!("Edit {round}."))
        );
        let now = meta("a/index.html");
        assert_eq!((now.ino(), now.mtime_nsec()), (a.ino(), a.mtime_nsec()));
        assert_ne!(meta("b/index.html").mtime_nsec(), b.mtime_nsec());
    }
}

/// A handbook of `pages` pages whose every page shows the site's title.
fn big_site(pages: usize) -> Fixture {
    let mut fixture = Fixture::new().page("index.md", "# Home\n");
    for i in 0..pages {
        fixture = fixture.page(
            &format!("s{}/p{i}.md", i % 20),
            &format!(
                "# Page {i}\n\nSome text about {i}, and [home](/).\n\n- [x] done\n- [ ] not yet\n"
            ),
        );
    }
    fixture
}

fn set_title(fixture: &Fixture, title: &str) {
    fixture.write("handbook.toml", &format!("title = \"{title}\"\n"));
}

/// Builds `fixture` with `title` to completion and returns the output.
fn site_with_title(fixture: &Fixture, title: &str) -> BTreeMap<String, Vec<u8>> {
    set_title(fixture, title);
    let run = fixture.cli(&["-q"]);
    assert!(run.status.success(), "{}", stderr(&run));
    files_under(&fixture.out())
}

/// The output is exactly one of the sites, or absent when `none_ok`.
fn assert_whole(out: &Path, sites: &[&BTreeMap<String, Vec<u8>>], none_ok: bool, when: &str) {
    let now = files_under(out);
    if none_ok && now.is_empty() && !out.exists() {
        return;
    }
    if sites.iter().any(|s| **s == now) {
        return;
    }
    let closest = sites
        .iter()
        .map(|s| {
            s.iter()
                .filter(|(k, v)| now.get(*k) != Some(*v))
                .map(|(k, _)| k.clone())
                .take(5)
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>();
    panic!(
        "{when}: the output is neither site ({} files; differences: {closest:?})",
        now.len()
    );
}

/// How long a build of `fixture` into its output takes, to spread kills over.
fn build_time(fixture: &Fixture) -> Duration {
    let start = Instant::now();
    let run = fixture.cli(&["-q"]);
    assert!(run.status.success(), "{}", stderr(&run));
    start.elapsed()
}

/// Starts a build, kills it after `delay`, and waits for it to be gone.
fn build_killed_after(fixture: &Fixture, delay: Duration) {
    let mut child = handbook()
        .arg("build")
        .arg(fixture.root())
        .arg("-o")
        .arg(fixture.out())
        .arg("-q")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start a build");
    std::thread::sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let fixture = big_site(600);
    let a = site_with_title(&fixture, "Site A");
    let b = site_with_title(&fixture, "Site B");
    assert!(a != b);
    // Every page differs between the two: a torn output would show it.
    let t = build_time(&fixture);
    let moments = 16;
    let mut title = "Site A";
    for i in 0..=moments {
        // Alternate the title, so that each build changes every page.
        set_title(&fixture, title);
        let delay = t.mul_f64(1.3 * f64::from(i) / f64::from(moments));
        build_killed_after(&fixture, delay);
        assert_whole(
            &fixture.out(),
            &[&a, &b],
            false,
            &format!("killed after {delay:?}"),
        );
        title = if title == "Site A" {
            "Site B"
        } else {
            "Site A"
        };
    }
    // The next build finishes what the killed ones left.
    assert!(
        site_with_title(&fixture, "Site A") == a,
        "a rebuild of site A differs"
    );
    assert!(
        site_with_title(&fixture, "Site B") == b,
        "a rebuild of site B differs"
    );
    let work = fixture.out().with_file_name(".out.handbook");
    assert!(!work.join("publishing").exists());
    assert!(!fixture.out().join(".handbook-staging").exists());
}

#[test]
fn a_first_build_killed_at_any_moment_leaves_nothing_or_the_whole_site() {
    let fixture = big_site(600);
    let site = site_with_title(&fixture, "Site");
    let t = build_time(&fixture);
    let moments = 10;
    for i in 0..=moments {
        let work = fixture.out().with_file_name(".out.handbook");
        let _ = std::fs::remove_dir_all(fixture.out());
        let _ = std::fs::remove_dir_all(&work);
        let delay = t.mul_f64(1.3 * f64::from(i) / f64::from(moments));
        build_killed_after(&fixture, delay);
        assert_whole(
            &fixture.out(),
            &[&site],
            true,
            &format!("killed after {delay:?}"),
        );
    }
}

#[test]
fn builds_into_one_folder_at_once_take_turns() {
    let fixture = big_site(300);
    let a = site_with_title(&fixture, "Site A");
    let b = site_with_title(&fixture, "Site B");
    // Two handbooks with the two titles, built into the same folder.
    let other = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixture.root(), other.path());
    std::fs::write(other.path().join("handbook.toml"), "title = \"Site A\"\n").unwrap();
    for _ in 0..3 {
        let children: Vec<_> = [fixture.root(), other.path().to_path_buf()]
            .into_iter()
            .map(|root| {
                handbook()
                    .arg("build")
                    .arg(root)
                    .arg("-o")
                    .arg(fixture.out())
                    .arg("-q")
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("start a build")
            })
            .collect();
        let done: Vec<_> = children
            .into_iter()
            .map(|child| child.wait_with_output().expect("wait"))
            .collect();
        for run in &done {
            assert!(run.status.success(), "{}", stderr(run));
        }
        assert_whole(&fixture.out(), &[&a, &b], false, "after two builds");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in files_under(from) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

#[test]
fn a_second_build_waits_for_the_first_and_says_who_holds_the_folder() {
    let fixture = Fixture::new().page("index.md", "# Home\n");
    fixture.ok();
    let holder = handbook::output::Writer::open(&fixture.out()).expect("open");
    let mut child = handbook()
        .arg("build")
        .arg(fixture.root())
        .arg("-o")
        .arg(fixture.out())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a build");
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        child.try_wait().expect("poll").is_none(),
        "the second build did not wait"
    );
    drop(holder);
    let run = child.wait_with_output().expect("wait");
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "waiting for another build into this folder (pid {})",
            std::process::id()
        )),
        "{err}"
    );
}

#[test]
fn a_failed_build_publishes_nothing_and_the_next_one_files_under() {
    let fixture = Fixture::new()
        .page("index.md", "# Home\n")
        .page("a.md", "# A\n");
    let first = files_under(&fixture.ok().out);
    fixture.write("content/a.md", "# A\n\n[broken](nope.md)\n");
    fixture.write("content/b.md", "# B\n");
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert_eq!(files_under(&fixture.out()), first);
    fixture.write("content/a.md", "# A, fixed\n");
    let built = fixture.ok();
    assert!(built.read("a/index.html").contains("A, fixed"));
    assert!(built.exists("b/index.html"));
}

#[test]
fn an_output_inside_a_folder_of_markdown_is_never_read_as_content_however_it_is_spelled() {
    let fixture = Fixture::bare()
        .file("index.md", "# Home\n")
        .file("a.md", "# A\n");
    let root = fixture.root();
    let absolute = root.join("dist").display().to_string();
    for output in ["dist", "./dist/", "../site/dist", absolute.as_str()] {
        for _ in 0..2 {
            let run = run_in(&root, &["build", "-q", "-o", output]);
            assert!(run.status.success(), "-o {output}: {}", stderr(&run));
        }
        let built = files_under(&root.join("dist"));
        assert!(
            built.keys().all(|k| !k.starts_with("dist/")),
            "-o {output}: the output was read as content: {:?}",
            built
                .keys()
                .filter(|k| k.starts_with("dist/"))
                .take(3)
                .collect::<Vec<_>>()
        );
        assert!(built.contains_key("a/index.html"));
    }
}

#[test]
fn an_output_inside_another_builds_output_is_refused() {
    let fixture = Fixture::new().page("index.md", "# Home\n");
    fixture.ok();
    let run = handbook()
        .arg("build")
        .arg(fixture.root())
        .arg("-o")
        .arg(fixture.out().join("docs"))
        .output()
        .expect("run");
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("is inside another build's output folder"),
        "{err}"
    );
    assert!(!fixture.out().join("docs").exists());
}
