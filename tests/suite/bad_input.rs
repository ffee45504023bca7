//! Bad input: every broken, odd or hostile input gets a clear message naming
//! the file (and line and column where that makes sense) and what to do; it
//! never panics or hangs; and a failed build leaves the previous output
//! byte for byte as it was.
//!
//! Inputs that could hang or crash the process (bombs, huge or deeply
//! nested pages, symbolic link loops, named pipes) go through the binary,
//! which is killed when it runs past a time limit.

use crate::common;

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use common::{Fixture, attr, attrs, content_href, diagnostic_for, files_under, show, text, texts};
use handbook::{Diagnostic, Error};

/// How long a run of the binary may take before it counts as a hang. The
/// tests run the debug build, several at once: the 50 MB page takes about
/// 15 s so on this project's 2-core machines (about 1 s in release), and
/// the search index and semantics now read all of it too.
const LIMIT: Duration = Duration::from_secs(90);

/// A run of the binary that finished in time.
struct Run {
    /// The exit code; `None` when a signal ended it.
    code: Option<i32>,
    /// The signal that ended it, if one did.
    signal: Option<i32>,
    /// The first `KEEP` bytes of stdout.
    stdout: Vec<u8>,
    /// How many bytes it wrote to stdout in all.
    stdout_len: usize,
    /// Its stderr (the first `KEEP` bytes), lossily decoded.
    stderr: String,
    /// How long it ran.
    elapsed: Duration,
}

/// How much of each output stream a run keeps.
const KEEP: usize = 16 << 20;

impl Run {
    /// The exit code, failing the test when a signal (a stack overflow, an
    /// abort on allocation failure) ended the process.
    fn exit_code(&self) -> i32 {
        match self.code {
            Some(code) => code,
            None => panic!(
                "handbook was killed by signal {:?} (a crash, not an error message); stderr:\n{}",
                self.signal,
                tail(&self.stderr)
            ),
        }
    }

    fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// The end of a long text, for failure messages.
fn tail(s: &str) -> &str {
    let mut start = s.len().saturating_sub(4000);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

/// Reads a child's stream on its own thread so a chatty child never blocks on a full pipe.
fn drain(stream: Option<impl Read + Send + 'static>) -> JoinHandle<(Vec<u8>, usize)> {
    thread::spawn(move || {
        let mut kept = Vec::new();
        let mut total = 0;
        let Some(mut stream) = stream else {
            return (kept, total);
        };
        let mut buf = vec![0; 1 << 16];
        while let Ok(n) = stream.read(&mut buf) {
            if n == 0 {
                break;
            }
            total += n;
            let room = KEEP.saturating_sub(kept.len());
            kept.extend_from_slice(&buf[..n.min(room)]);
        }
        (kept, total)
    })
}

/// Runs `cmd`, killing it and failing the test when it takes longer than `limit`.
fn run_within(cmd: Command, limit: Duration) -> Run {
    try_run_within(cmd, limit).unwrap_or_else(|hang| panic!("{hang}"))
}

/// Runs `cmd`; kills it and says so when it takes longer than `limit`.
fn try_run_within(mut cmd: Command, limit: Duration) -> Result<Run, String> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("start handbook");
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for handbook") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            let (stderr, _) = err.join().unwrap_or_default();
            return Err(format!(
                "handbook did not finish within {limit:?} and was killed (a hang); stderr:\n{}",
                tail(&String::from_utf8_lossy(&stderr))
            ));
        }
        thread::sleep(Duration::from_millis(10));
    };
    let elapsed = start.elapsed();
    let (stdout, stdout_len) = out.join().expect("stdout reader");
    let (stderr, _) = err.join().expect("stderr reader");
    Ok(Run {
        code: status.code(),
        signal: signal_of(&status),
        stdout,
        stdout_len,
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        elapsed,
    })
}

#[cfg(unix)]
fn signal_of(status: &std::process::ExitStatus) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    status.signal()
}

#[cfg(not(unix))]
fn signal_of(_: &std::process::ExitStatus) -> Option<i32> {
    None
}

/// The binary with `args`.
fn handbook_cmd<S: AsRef<OsStr>>(args: &[S]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_handbook"));
    cmd.args(args);
    cmd
}

/// `handbook build ROOT -o OUT` for `fixture`, within [`LIMIT`].
fn cli_build(fixture: &Fixture) -> Run {
    let root = fixture.root();
    let out = fixture.out();
    let args: [&OsStr; 4] = [
        "build".as_ref(),
        root.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    run_within(handbook_cmd(&args), LIMIT)
}

/// The binary with `args`, its address space capped at `mib` MiB (an
/// allocation past it aborts the process, which [`Run::exit_code`] reports).
#[cfg(unix)]
fn memory_capped_cmd<S: AsRef<OsStr>>(mib: u64, args: &[S]) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", mib * 1024))
        .arg(env!("CARGO_BIN_EXE_handbook"))
        .args(args);
    cmd
}

/// A small handbook that builds: a home page linking to a guide, and an image.
fn handbook() -> Fixture {
    Fixture::new()
        .page("index.md", "# Home\n\nSee [the guide](guide.md).\n")
        .page("guide.md", "# Guide\n\n## Steps\n\n- [x] one\n- [ ] two\n")
        .page("img/logo.png", "png bytes")
}

/// Writes raw bytes at `rel` under the fixture's root.
fn write_bytes(fixture: &Fixture, rel: &str, bytes: &[u8]) {
    let path = fixture.path(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("create folders");
    std::fs::write(path, bytes).expect("write fixture file");
}

/// Fails the test when `out` no longer holds exactly `before`, naming the files that differ.
fn assert_unchanged(out: &Path, before: &std::collections::BTreeMap<String, Vec<u8>>) {
    let after = files_under(out);
    if &after != before {
        let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
        let changed: Vec<&String> = keys
            .into_iter()
            .filter(|k| before.get(*k) != after.get(*k))
            .collect();
        panic!("a failed build changed the previous output: {changed:?}");
    }
}

/// Builds `fixture` (which must succeed), applies `spoil`, then expects the
/// build to fail with errors and the output to be byte-identical to the
/// first build's. Returns the errors.
fn fails_keeping_output(fixture: &Fixture, spoil: impl FnOnce(&Fixture)) -> Vec<Diagnostic> {
    fixture.ok();
    let before = files_under(&fixture.out());
    assert!(before.contains_key("index.html"), "{:?}", before.keys());
    spoil(fixture);
    let errors = fixture.errors();
    assert!(!errors.is_empty());
    assert_unchanged(&fixture.out(), &before);
    errors
}

/// Line and column of a diagnostic.
fn at(d: &Diagnostic) -> Option<(usize, usize)> {
    d.position.map(|p| (p.line, p.column))
}

/// The diagnostic's hint, failing the test when it has none.
fn hint(d: &Diagnostic) -> &str {
    d.hint
        .as_deref()
        .unwrap_or_else(|| panic!("no hint on what to do: {d}"))
}

// ---------------------------------------------------------------- encodings

#[test]
fn non_utf8_page_is_an_error_at_the_first_bad_byte() {
    let fixture = handbook();
    let errors = fails_keeping_output(&fixture, |f| {
        write_bytes(
            f,
            "content/latin1.md",
            b"# Caf\xc3\xa9\n\n\xc3\xbcber a\xffb\nlater \xfe\n",
        );
    });
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let file = fixture.path("content/latin1.md");
    let d = diagnostic_for(&errors, &file);
    // "über a" is six characters: the bad byte is the seventh column of line 3.
    assert_eq!(at(d), Some((3, 7)), "{d}");
    assert!(d.message.contains("not valid UTF-8"), "{d}");
    assert!(hint(d).contains("UTF-8"), "{d}");
    assert!(
        d.to_string()
            .starts_with(&format!("{}:3:7: error[content/encoding]:", file.display())),
        "{d}"
    );
}

#[cfg(unix)]
#[test]
fn non_utf8_file_name_is_an_error_naming_the_file() {
    use std::os::unix::ffi::OsStrExt;
    let fixture = handbook();
    let errors = fails_keeping_output(&fixture, |f| {
        let name = OsStr::from_bytes(b"bad\xff.md");
        std::fs::write(f.path("content").join(name), "# Bad\n").expect("write");
    });
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let d = &errors[0];
    assert_eq!(
        d.file.as_deref(),
        Some(
            fixture
                .path("content")
                .join(OsStr::from_bytes(b"bad\xff.md"))
                .as_path()
        )
    );
    assert!(d.message.contains("not valid UTF-8"), "{d}");
    assert!(hint(d).contains("rename"), "{d}");
}

#[test]
fn byte_order_mark_does_not_hide_the_frontmatter_or_the_heading() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page(
            "yaml.md",
            "\u{feff}---\ntitle: Bommed Title\nnavTitle: Bommed\n---\nBody.\n",
        )
        .page("toml.md", "\u{feff}+++\ntitle = \"Toml Bom\"\n+++\nBody.\n")
        .page("heading.md", "\u{feff}# Heading After Bom\n\nText.\n")
        .ok();
    let yaml = built.page("yaml/");
    assert_eq!(text(&yaml, "title"), "Bommed Title · T");
    assert_eq!(text(&yaml, ".page-header h1"), "Bommed Title");
    assert_eq!(text(&built.nav(), "li[data-url='/yaml/'] > a"), "Bommed");
    assert_eq!(text(&built.page("toml/"), "title"), "Toml Bom · T");
    let heading = built.page("heading/");
    assert_eq!(text(&heading, "title"), "Heading After Bom · T");
    assert_eq!(text(&heading, ".page-header h1"), "Heading After Bom");
    for url in ["yaml/", "toml/", "heading/"] {
        let source = built.page_source(url);
        assert!(!source.contains('\u{feff}'), "{url} kept the BOM");
        assert!(
            !source.contains("title: ") && !source.contains("+++"),
            "{url} shows its frontmatter as text"
        );
    }
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
}

#[test]
fn crlf_line_endings_parse_frontmatter_and_checklists() {
    let plan = "---\r\ntitle: Launch Plan\r\nstatus: in-progress\r\nprogress: \"3/5\"\r\n---\r\n\
                # Launch\r\n\r\n## Phase 1\r\n\r\n- [x] a\r\n- [ ] b\r\n- [x] c\r\n\r\n\
                ## Phase 2\r\n\r\n- ✅ d\r\n- ⬜ e\r\n";
    let built = Fixture::new()
        .page(
            "index.md",
            "# Home\r\n\r\nSee [the plan](plans/launch.md).\r\n",
        )
        .page("plans/launch.md", plan)
        .ok();
    let page = built.page("plans/launch/");
    assert_eq!(text(&page, "title"), "Launch Plan · T");
    assert_eq!(text(&page, ".badges .badge-status"), "In progress");
    assert_eq!(attr(&page, ".badges .badge-progress", "data-percent"), "60");
    assert_eq!(texts(&page, ".phases li"), ["Phase 1 2/3", "Phase 2 1/2"]);
    assert_eq!(
        attrs(&page, ".phases li .badge-progress", "data-percent"),
        ["66", "50"]
    );
    assert!(!built.page_source("plans/launch/").contains("title: Launch"));
    // The stated 3/5 agrees with the checklist: no contradiction warning.
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
}

#[test]
fn lone_cr_line_endings_are_line_endings() {
    // Old Mac files end lines with a lone `\r`: the frontmatter is found, a
    // draft stays unpublished, and diagnostics count those lines.
    let built = Fixture::new()
        .page("index.md", "# Home\r\rSee [old](old.md).\r")
        .page(
            "old.md",
            "---\rtitle: Old Mac\rstatus: done\r---\r# Heading\r\rBody.\r",
        )
        .page(
            "secret.md",
            "---\rtitle: Secret\rdraft: true\r---\rNot yet.\r",
        )
        .page("toml.md", "+++\rtitle = \"Toml Mac\"\r+++\rBody.\r")
        .ok();
    assert!(!built.exists("secret/index.html"), "a draft was published");
    let old = built.page("old/");
    assert_eq!(text(&old, "title"), "Old Mac · T");
    assert_eq!(text(&old, ".badges .badge-status"), "Done");
    assert!(!built.page_source("old/").contains("title: Old Mac"));
    assert_eq!(text(&built.page("toml/"), "title"), "Toml Mac · T");
    assert!(!built.page_source("toml/").contains("+++"));

    let fixture = handbook();
    let errors = fails_keeping_output(&fixture, |f| {
        f.write(
            "content/typed.md",
            "---\rtitle: Typed\rnavOrder: soon\r---\r# Typed\r\rSee [x](missing.md).\r",
        );
    });
    let file = fixture.path("content/typed.md");
    let mut found: Vec<_> = errors
        .iter()
        .filter(|d| d.file.as_deref() == Some(file.as_path()))
        .map(|d| (at(d), d.snippet.as_deref()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (Some((3, 11)), Some("navOrder: soon")),
            (Some((7, 5)), Some("See [x](missing.md).")),
        ],
        "{}",
        show(&errors)
    );
}

#[test]
fn empty_file_builds_with_its_title_from_the_file_name() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("empty-page.md", "")
        .page("team/index.md", "")
        .ok();
    let page = built.page("empty-page/");
    assert_eq!(text(&page, "title"), "Empty page · T");
    assert_eq!(text(&page, ".page-header h1"), "Empty page");
    assert_eq!(
        text(&built.nav(), "li[data-url='/empty-page/'] > a"),
        "Empty page"
    );
    assert_eq!(text(&built.page("team/"), ".page-header h1"), "Team");
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
}

// ------------------------------------------------------------- frontmatter

#[test]
fn unclosed_frontmatter_is_an_error_at_line_one_saying_how_to_close_it() {
    let fixture = handbook();
    let errors = fails_keeping_output(&fixture, |f| {
        f.write("content/open.md", "---\ntitle: Open\n\n# Open\n\nBody.\n");
        f.write("content/open-toml.md", "+++\ntitle = \"Open\"\n# Open\n");
    });
    assert_eq!(errors.len(), 2, "{}", show(&errors));
    for (file, fence) in [("content/open.md", "---"), ("content/open-toml.md", "+++")] {
        let d = diagnostic_for(&errors, &fixture.path(file));
        assert_eq!(at(d), Some((1, 1)), "{d}");
        assert!(d.message.contains("never closed"), "{d}");
        assert_eq!(d.snippet.as_deref(), Some(fence), "{d}");
        assert!(hint(d).contains(&format!("`{fence}`")), "{d}");
    }
}

#[test]
fn frontmatter_of_the_wrong_type_is_an_error_at_its_line_and_column() {
    let fixture = handbook();
    let errors = fails_keeping_output(&fixture, |f| {
        f.write(
            "content/typed.md",
            "---\ntitle: Typed\nnavOrder: soon\n---\n# Typed\n",
        );
    });
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let file = fixture.path("content/typed.md");
    let d = diagnostic_for(&errors, &file);
    assert_eq!(at(d), Some((3, 11)), "{d}");
    assert!(d.message.starts_with("invalid frontmatter"), "{d}");
    assert_eq!(d.snippet.as_deref(), Some("navOrder: soon"), "{d}");
    assert!(hint(d).contains("YAML"), "{d}");
    assert!(
        d.to_string().starts_with(&format!(
            "{}:3:11: error[frontmatter/invalid]:",
            file.display()
        )),
        "{d}"
    );
}

/// Billion laughs: nine levels of nine aliases each would expand to about
/// 3.5 billion nodes.
fn yaml_bomb() -> String {
    let mut yaml = String::from(
        "---\na: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    let mut prev = "a".to_string();
    for level in 0..9 {
        let name = format!("l{level}");
        let refs = vec![format!("*{prev}"); 9].join(", ");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
        prev = name;
    }
    yaml.push_str("title: Bomb\n---\n# Bomb\n");
    yaml
}

#[cfg(unix)]
#[test]
fn yaml_bomb_is_refused_quickly_in_bounded_memory() {
    let fixture = handbook();
    fixture.ok();
    let before = files_under(&fixture.out());
    fixture.write("content/bomb.md", &yaml_bomb());
    let root = fixture.root();
    let out = fixture.out();
    let args: [&OsStr; 4] = [
        "build".as_ref(),
        root.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    let run = run_within(memory_capped_cmd(1024, &args), LIMIT);
    assert_eq!(run.exit_code(), 1, "{}", tail(&run.stderr));
    assert!(
        run.elapsed < Duration::from_secs(10),
        "took {:?}",
        run.elapsed
    );
    let file = fixture.path("content/bomb.md").display().to_string();
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with(&file))
        .unwrap_or_else(|| panic!("no error names {file}:\n{}", run.stderr));
    let rest = &line[file.len()..];
    let mut parts = rest.splitn(4, ':');
    assert_eq!(parts.next(), Some(""), "{line}");
    let numbers: Vec<&str> = parts.by_ref().take(2).collect();
    assert!(
        numbers.len() == 2 && numbers.iter().all(|n| n.parse::<usize>().is_ok()),
        "no line:col in {line}"
    );
    assert!(
        parts
            .next()
            .is_some_and(|m| m.starts_with(" error[frontmatter/invalid]: invalid frontmatter")),
        "{line}"
    );
    assert_unchanged(&fixture.out(), &before);
}

#[test]
fn yaml_bomb_message_says_in_plain_words_what_is_wrong() {
    let fixture = handbook().page("bomb.md", &yaml_bomb());
    let errors = fixture.errors();
    let d = diagnostic_for(&errors, &fixture.path("content/bomb.md"));
    assert!(
        !d.message.contains('{') && !d.message.contains("budget breached"),
        "the message is an internal dump, not advice: {d}"
    );
    assert!(
        d.message.contains("alias") || d.message.contains("too large"),
        "the message should say the aliases expand to too much: {d}"
    );
}

// ------------------------------------------------------------ huge and deep

#[test]
fn fifty_megabyte_page_builds_within_the_time_bound() {
    let para = "Lorem ipsum *dolor* sit amet, consectetur adipiscing elit, sed do \
                eiusmod tempor incididunt ut labore et dolore magna aliqua.\n\n";
    let mut big = String::with_capacity(51 << 20);
    big.push_str("# Big\n\n");
    let mut part = 0;
    while big.len() < 50 << 20 {
        big.push_str(&format!(
            "## Part {part}\n\nSee [home](index.md).\n\n- [x] done\n- [ ] open\n\n"
        ));
        for _ in 0..500 {
            big.push_str(para);
        }
        part += 1;
    }
    big.push_str("The very end.\n");
    let fixture = Fixture::new()
        .page("index.md", "# Home\n")
        .page("big.md", &big);
    drop(big);
    let run = cli_build(&fixture);
    assert_eq!(run.exit_code(), 0, "{}", tail(&run.stderr));
    let html = std::fs::read_to_string(fixture.out().join("big/index.html")).expect("big page");
    assert!(
        html.contains("The very end."),
        "the end of the page is lost"
    );
    assert!(
        html.contains(&format!("id=\"part-{}\"", part - 1)),
        "the last heading is lost"
    );
    assert!(html.contains("data-percent=\"50\""), "progress is lost");
}

/// Runs a build of `page` (as `deep.md`) through the binary: it must end
/// with an exit code, not a signal such as a stack overflow's SIGSEGV/SIGABRT.
fn builds_without_crashing(page: &str) -> (Fixture, Run) {
    let fixture = Fixture::new()
        .page("index.md", "# Home\n")
        .page("deep.md", page);
    let run = cli_build(&fixture);
    let code = run.exit_code();
    assert!(code == 0 || code == 1, "exit {code}: {}", tail(&run.stderr));
    (fixture, run)
}

#[test]
fn five_thousand_nested_lists_do_not_overflow_the_stack() {
    let mut page = String::from("# Deep lists\n\n");
    for level in 0..5000 {
        page.push_str(&"  ".repeat(level));
        page.push_str(&format!("- [x] item {level} [home](index.md)\n"));
    }
    let (fixture, run) = builds_without_crashing(&page);
    if run.code == Some(0) {
        let html = std::fs::read_to_string(fixture.out().join("deep/index.html")).expect("page");
        // The body only: the page around it has lists of its own (related pages, links).
        let body = html
            .split("<div class=\"content\">")
            .nth(1)
            .expect("content");
        let body = body.split("<section class=").next().unwrap_or(body);
        assert_eq!(body.matches("<ul").count(), 5000, "the nesting was lost");
        assert!(html.contains("item 4999"));
    }
}

#[test]
fn fifty_thousand_nested_block_quotes_do_not_overflow_the_stack() {
    let page = format!(
        "# Deep quotes\n\n> [!NOTE]\n{} deep [home](index.md)\n",
        ">".repeat(50_000)
    );
    let (fixture, run) = builds_without_crashing(&page);
    if run.code == Some(0) {
        let html = std::fs::read_to_string(fixture.out().join("deep/index.html")).expect("page");
        // The outermost quote is the NOTE alert, shown as a box.
        assert!(html.contains("class=\"alert alert-note\""));
        assert_eq!(
            html.matches("<blockquote").count(),
            49_999,
            "the nesting was lost"
        );
        assert!(html.contains("deep"));
    }
}

// ------------------------------------------------------------ odd files

#[cfg(unix)]
#[test]
fn symlink_loop_to_a_parent_folder_is_skipped_with_a_notice() {
    let fixture = Fixture::new()
        .page("index.md", "# Home\n\nSee [the page](team/page.md).\n")
        .page("team/index.md", "# Team\n")
        .page("team/page.md", "# Page\n");
    std::os::unix::fs::symlink("..", fixture.path("content/team/up")).expect("symlink");
    std::os::unix::fs::symlink(".", fixture.path("content/team/here")).expect("symlink");
    let run = cli_build(&fixture);
    assert_eq!(run.exit_code(), 0, "{}", tail(&run.stderr));
    for link in ["up", "here"] {
        let path = fixture
            .path(&format!("content/team/{link}"))
            .display()
            .to_string();
        assert!(
            run.stderr.contains(&format!("note: {path}: skipped")),
            "no notice for {path}:\n{}",
            run.stderr
        );
    }
    let files = files_under(&fixture.out());
    assert!(
        files.contains_key("team/page/index.html"),
        "{:?}",
        files.keys()
    );
    assert!(
        files
            .keys()
            .all(|k| !k.contains("up/") && !k.contains("here/")),
        "the loop was followed: {:?}",
        files.keys()
    );
}

#[test]
fn folder_named_like_a_page_is_a_folder_not_an_unreadable_page() {
    // Tests run as root, so permissions cannot make a file unreadable; a
    // folder named `x.md` is the nearest thing: it is walked as a folder.
    let fixture = handbook().page("x.md/inner.md", "# Inner\n");
    std::fs::create_dir_all(fixture.path("content/empty.md")).expect("folder");
    let built = fixture.ok();
    let files = files_under(&built.out);
    assert!(
        files.contains_key("x.md/inner/index.html"),
        "{:?}",
        files.keys()
    );
    assert!(
        !files.contains_key("x/index.html") && !files.contains_key("empty/index.html"),
        "a folder became a page: {:?}",
        files.keys()
    );
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
}

#[cfg(unix)]
#[test]
fn dangling_symlink_page_is_skipped_with_a_notice_naming_it() {
    let fixture = handbook();
    std::os::unix::fs::symlink("nowhere.md", fixture.path("content/y.md")).expect("symlink");
    let built = fixture.ok();
    let file = fixture.path("content/y.md").display().to_string();
    assert!(
        built
            .report
            .notices
            .iter()
            .any(|n| n.starts_with(&format!("{file}: skipped"))),
        "{:?}",
        built.report.notices
    );
    assert!(!built.exists("y/index.html"));
}

#[cfg(unix)]
#[test]
fn dangling_symlink_notice_says_it_points_to_nothing() {
    let fixture = handbook();
    std::os::unix::fs::symlink("nowhere.md", fixture.path("content/y.md")).expect("symlink");
    let built = fixture.ok();
    let file = fixture.path("content/y.md").display().to_string();
    let notice = built
        .report
        .notices
        .iter()
        .find(|n| n.starts_with(&file))
        .unwrap_or_else(|| panic!("no notice: {:?}", built.report.notices));
    assert!(
        !notice.contains("outside the content folder") && notice.contains("nothing"),
        "{notice}"
    );
}

#[cfg(unix)]
fn make_fifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn page_linked_to_a_named_pipe_is_refused_without_hanging() {
    let fixture = handbook();
    make_fifo(&fixture.path("content/pipe"));
    std::os::unix::fs::symlink("pipe", fixture.path("content/z.md")).expect("symlink");
    let root = fixture.root();
    let out = fixture.out();
    let args: [&OsStr; 4] = [
        "build".as_ref(),
        root.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    let run = run_within(handbook_cmd(&args), Duration::from_secs(10));
    let code = run.exit_code();
    assert!(code == 0 || code == 1, "exit {code}");
    let file = fixture.path("content/z.md").display().to_string();
    assert!(
        run.stderr.contains(&file),
        "{file} not named:\n{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn file_linked_to_a_named_pipe_neither_hangs_nor_touches_the_old_output() {
    let fixture = handbook();
    fixture.ok();
    let before = files_under(&fixture.out());
    fixture.write("content/guide.md", "# Guide, edited\n");
    make_fifo(&fixture.path("content/pipe"));
    std::os::unix::fs::symlink("pipe", fixture.path("content/data.bin")).expect("symlink");
    let root = fixture.root();
    let out = fixture.out();
    let args: [&OsStr; 4] = [
        "build".as_ref(),
        root.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    let outcome = try_run_within(handbook_cmd(&args), Duration::from_secs(10));
    let changed = files_under(&fixture.out()) != before;
    let run = outcome.unwrap_or_else(|hang| {
        panic!(
            "{hang}\nand the old output was {}changed",
            if changed { "" } else { "not " }
        )
    });
    if run.exit_code() != 0 {
        assert_unchanged(&fixture.out(), &before);
    }
}

#[test]
fn names_with_spaces_and_unicode_become_working_urls_and_dot_files_are_skipped() {
    let built = Fixture::new()
        .page("index.md", "# Home\n\n[two](<two words.md>)\n")
        .page(
            "two words.md",
            "# Two Words\n\n[café](café.md) and [über](<Team Docs/Über Uns.md>) \
             and [encoded](Team%20Docs/%C3%9Cber%20Uns.md#über-uns)\n",
        )
        .page("café.md", "# Café\n\n[back](<two words.md#two-words>)\n")
        .page(
            "Team Docs/Über Uns.md",
            "# Über uns\n\n[up](<../two words.md>)\n",
        )
        .page(".secret.md", "# Secret\n")
        .page(".hidden/page.md", "# Hidden\n")
        .page("Team Docs/.draft notes.md", "# Draft notes\n")
        .ok();
    for file in [
        "two words/index.html",
        "café/index.html",
        "Team Docs/Über Uns/index.html",
    ] {
        assert!(built.exists(file), "missing {file}");
    }
    let two = built.page("two words/");
    assert_eq!(content_href(&two, "café"), "/caf%C3%A9/");
    assert_eq!(content_href(&two, "über"), "/Team%20Docs/%C3%9Cber%20Uns/");
    assert_eq!(
        content_href(&two, "encoded"),
        "/Team%20Docs/%C3%9Cber%20Uns/#%C3%BCber-uns"
    );
    // Every link between them leads to a file of the output.
    for (page, link) in [
        ("/", "two"),
        ("two words/", "café"),
        ("two words/", "über"),
        ("café/", "back"),
        ("Team Docs/Über Uns/", "up"),
    ] {
        let href = content_href(&built.page(page), link);
        assert!(!href.contains(' '), "{href} is not encoded");
        let path = href.split('#').next().unwrap_or_default();
        let decoded = percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .expect("UTF-8 href")
            .into_owned();
        let target = built
            .out
            .join(decoded.trim_start_matches('/'))
            .join("index.html");
        assert!(target.is_file(), "{href} on {page} leads nowhere");
    }
    let files = files_under(&built.out);
    let shown = format!("{:?} {}", files.keys(), built.read("_nav.html"));
    for hidden in ["ecret", "idden", "raft notes"] {
        assert!(!shown.contains(hidden), "{hidden} was published: {shown}");
    }
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
}

// ------------------------------------------------------------------ links

const LEAVING: &str = "# Guide\n\n## Steps\n\n- [x] one\n\n\
                       See [out](../outside.md) and\n\
                       ![logo](../logo.png), [deep](sub/../../../../etc/passwd).\n\
                       [enc](%2E%2E/outside.md) [abs](/../outside.md) [ok](sub/../index.md)\n";

#[test]
fn dotdot_links_leaving_the_content_folder_are_broken_at_their_line_and_column() {
    let fixture = handbook();
    let errors = fails_keeping_output(&fixture, |f| {
        // The targets exist, next to the content folder: still not published.
        f.write("outside.md", "# Outside\n");
        f.write("logo.png", "png");
        f.write("content/guide.md", LEAVING);
    });
    let file = fixture.path("content/guide.md");
    let found: Vec<(usize, usize)> = errors
        .iter()
        .inspect(|d| {
            assert_eq!(d.file.as_deref(), Some(file.as_path()), "{d}");
            assert!(d.message.starts_with("broken link"), "{d}");
            assert!(d.hint.is_some(), "{d}");
        })
        .filter_map(at)
        .collect();
    assert_eq!(
        found,
        [(7, 5), (8, 1), (8, 23), (9, 1), (9, 26)],
        "{}",
        show(&errors)
    );
    for dest in ["../outside.md", "../logo.png", "sub/../../../../etc/passwd"] {
        assert!(
            errors
                .iter()
                .any(|d| d.message.contains(&format!("]({dest})"))),
            "{dest} not quoted: {}",
            show(&errors)
        );
    }
}

#[test]
fn dotdot_link_message_says_it_leaves_the_content_folder() {
    let fixture = handbook()
        .file("outside.md", "# Outside\n")
        .file("logo.png", "png")
        .page("guide.md", LEAVING);
    let errors = fixture.errors();
    for d in &errors {
        assert!(
            d.message.contains("outside the content folder")
                || d.message.contains("leaves the content folder"),
            "{d}"
        );
    }
    let image = errors
        .iter()
        .find(|d| d.message.contains("../logo.png"))
        .expect("image link reported");
    assert!(
        !image.message.contains("no page"),
        "an image is not a page: {image}"
    );
}

// ----------------------------------------------------- theme and templates

#[test]
fn missing_theme_is_an_error_naming_the_theme_with_a_hint() {
    let fixture = handbook();
    let errors = fails_keeping_output(&fixture, |f| {
        f.write("handbook.toml", "title = \"T\"\ntheme = \"nope\"\n");
    });
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let d = &errors[0];
    assert_eq!(
        d.file.as_deref(),
        Some(fixture.path("handbook.toml").as_path())
    );
    assert!(d.message.contains("`nope`"), "{d}");
    let hint = hint(d);
    assert!(
        hint.contains(&fixture.path("themes/nope").display().to_string()),
        "{d}"
    );
    assert!(hint.contains("theme = \"default\""), "{d}");
}

const BROKEN_TEMPLATE: &str = "<html>\n<body>\n{% if page.title %}\n<h1>{{ page.title }</h1>\n{% endif %}\n{{ page.content | safe }}\n</body>\n</html>\n";

#[test]
fn template_syntax_error_names_the_template_and_line() {
    let fixture = handbook();
    let errors = fails_keeping_output(&fixture, |f| {
        f.write("templates/page.html", BROKEN_TEMPLATE);
    });
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let d = &errors[0];
    assert!(d.to_string().contains("page.html:4:19"), "{d}");
    assert!(hint(d).contains("template"), "{d}");
}

#[test]
fn template_syntax_error_points_at_the_template_file() {
    let fixture = handbook().file("templates/page.html", BROKEN_TEMPLATE);
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let d = &errors[0];
    assert_eq!(
        d.file.as_deref(),
        Some(fixture.path("templates/page.html").as_path()),
        "{d}"
    );
    assert_eq!(at(d), Some((4, 19)), "{d}");
}

// ------------------------------------------------------------ handbook.toml

#[test]
fn handbook_toml_syntax_error_is_at_its_line_and_column() {
    let fixture = handbook();
    let errors = fails_keeping_output(&fixture, |f| {
        f.write("handbook.toml", "title = \"T\"\nbase_url = \"/x/\n");
    });
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let file = fixture.path("handbook.toml");
    let d = diagnostic_for(&errors, &file);
    assert_eq!(at(d), Some((2, 16)), "{d}");
    assert_eq!(d.snippet.as_deref(), Some("base_url = \"/x/"), "{d}");
    assert!(hint(d).contains("TOML"), "{d}");
    assert!(
        d.to_string()
            .starts_with(&format!("{}:2:16: error[config/invalid]:", file.display())),
        "{d}"
    );
}

#[test]
fn handbook_toml_unknown_key_suggests_the_nearest_one() {
    let fixture = handbook();
    let errors = fails_keeping_output(&fixture, |f| {
        f.write(
            "handbook.toml",
            "title = \"T\"\n\n[links]\nmissing_pages = \"warning\"\n",
        );
    });
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let d = diagnostic_for(&errors, &fixture.path("handbook.toml"));
    assert_eq!(at(d), Some((4, 1)), "{d}");
    assert!(d.message.contains("`missing_pages`"), "{d}");
    assert_eq!(hint(d), "did you mean `missing_page`?");
}

#[test]
fn handbook_toml_value_of_the_wrong_type_is_at_its_line_and_column() {
    let fixture = handbook();
    let errors = fails_keeping_output(&fixture, |f| {
        f.write("handbook.toml", "title = \"T\"\ntheme = 3\n");
    });
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let d = diagnostic_for(&errors, &fixture.path("handbook.toml"));
    assert_eq!(at(d), Some((2, 9)), "{d}");
    assert!(d.message.contains("expected a string"), "{d}");
    assert!(d.hint.is_some(), "{d}");
}

/// `base_url`s that are neither a web address nor a path, each with what the error says is wrong.
const GARBAGE_BASE_URLS: [(&str, &str); 7] = [
    ("htp:/x y", "contains a space"),
    ("https://", "not a valid URL"),
    ("://foo", "no scheme"),
    ("not a url at all", "contains a space"),
    ("handbook/", "nor a path"),
    ("ftp://example.com/docs/", "not `ftp:`"),
    ("https://example.com/docs/?v=2", "query"),
];

#[test]
fn handbook_toml_garbage_base_url_is_an_error_at_its_value() {
    for (bad, why) in GARBAGE_BASE_URLS {
        let fixture = handbook();
        let errors = fails_keeping_output(&fixture, |f| {
            f.write(
                "handbook.toml",
                &format!("title = \"T\"\nbase_url = \"{bad}\"\n"),
            );
        });
        assert_eq!(errors.len(), 1, "{}", show(&errors));
        let d = diagnostic_for(&errors, &fixture.path("handbook.toml"));
        assert_eq!(at(d), Some((2, 12)), "{d}");
        assert!(d.message.contains(&format!("base_url `{bad}`")), "{d}");
        assert!(d.message.contains(why), "{bad}: {d}");
        assert!(
            hint(d).contains("`https://example.com/handbook/`") && hint(d).contains("`/handbook/`"),
            "{d}"
        );
    }
}

#[test]
fn garbage_base_url_option_is_an_error_naming_it() {
    for (bad, why) in GARBAGE_BASE_URLS {
        let fixture = handbook();
        let out = fixture.cli(&["--base-url", bad]);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("--base-url `{bad}`")), "{stderr}");
        assert!(stderr.contains(why), "{bad}: {stderr}");
        assert!(
            stderr.contains("`https://example.com/handbook/`"),
            "{stderr}"
        );
        assert!(!fixture.out().exists(), "{bad}: nothing is written");
    }
}

#[test]
fn base_urls_that_are_urls_or_paths_are_taken() {
    for (good, path) in [
        ("", "/"),
        ("/", "/"),
        ("/docs", "/docs/"),
        ("/docs/", "/docs/"),
        ("https://example.com", "/"),
        ("https://example.com/docs", "/docs/"),
        ("HTTP://Example.com:8080/docs/", "/docs/"),
        ("http://localhost:1313/", "/"),
    ] {
        let fixture = handbook().file(
            "handbook.toml",
            &format!("title = \"T\"\nbase_url = \"{good}\"\n"),
        );
        let built = fixture.ok();
        let home = built.page_source("");
        assert!(
            home.contains(&format!("href=\"{path}guide/\"")),
            "{good}: links start with {path}"
        );
        let built = handbook().base_url(good).ok();
        let home = built.page_source("");
        assert!(
            home.contains(&format!("href=\"{path}guide/\"")),
            "--base-url {good}: links start with {path}"
        );
    }
}

#[test]
fn handbook_toml_that_is_not_utf8_names_the_first_bad_byte() {
    let fixture = handbook();
    write_bytes(
        &fixture,
        "handbook.toml",
        b"title = \"T\"\ndescription = \"caf\xe9\"\n",
    );
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let d = diagnostic_for(&errors, &fixture.path("handbook.toml"));
    assert_eq!(at(d), Some((2, 19)), "{d}");
    assert!(hint(d).contains("UTF-8"), "{d}");
}

// ------------------------------------------------------------------ output

#[test]
fn two_files_for_one_url_are_an_error_naming_both() {
    let fixture = handbook();
    let errors = fails_keeping_output(&fixture, |f| {
        f.write("content/guide/index.md", "# Guide as a folder\n");
    });
    let clashes: Vec<&Diagnostic> = errors
        .iter()
        .filter(|d| d.message.contains("are both the page"))
        .collect();
    assert_eq!(clashes.len(), 1, "{}", show(&errors));
    let d = clashes[0];
    for file in ["content/guide.md", "content/guide/index.md"] {
        let path = fixture.path(file).display().to_string();
        assert!(d.message.contains(&path), "{d} does not name {path}");
    }
    assert!(d.message.contains("/guide/"), "{d}");
    assert!(hint(d).contains("rename or remove"), "{d}");
}

#[test]
fn file_where_a_page_needs_a_folder_is_an_error_naming_both_before_writing() {
    // `glossary` (no extension) is copied to glossary, where glossary.md's
    // glossary/index.html needs a folder: a file and a folder cannot share a name.
    let fixture = handbook().page("glossary.md", "# Glossary\n\nTerms.\n");
    let errors = fails_keeping_output(&fixture, |f| {
        f.write("content/glossary", "an asset without an extension\n");
    });
    let page = fixture.path("content/glossary.md").display().to_string();
    let asset = fixture.path("content/glossary").display().to_string();
    let named_both = |d: &&Diagnostic| d.message.contains(&page) && d.message.contains(&asset);
    let clashes: Vec<&Diagnostic> = errors.iter().filter(named_both).collect();
    assert_eq!(clashes.len(), 1, "{}", show(&errors));
    assert!(hint(clashes[0]).contains("rename"), "{}", clashes[0]);
    // The page is still in the last output: the failed build deleted nothing.
    assert!(fixture.out().join("glossary/index.html").is_file());

    // `check` finds it too, without writing.
    match handbook::check(&fixture.options()) {
        Ok(_) => panic!("check passed a file where a page needs a folder"),
        Err(Error::Handbook(d)) => {
            assert_eq!(d.iter().filter(named_both).count(), 1, "{}", show(&d))
        }
        Err(other) => panic!("check failed outside the handbook: {other}"),
    }

    // Any output path that is a folder of another: a copied file and an
    // alias's redirect page too.
    let fixture = Fixture::new()
        .page("index.md", "# Home\n")
        .page("moved.md", "---\naliases: [/old/]\n---\n# Moved\n")
        .page("old", "a file named like the alias's folder\n");
    let errors = fixture.errors();
    let moved = fixture.path("content/moved.md").display().to_string();
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains(&moved) && d.message.contains("old/index.html")),
        "{}",
        show(&errors)
    );
}

#[test]
fn two_files_for_one_url_do_not_turn_links_to_them_into_broken_links() {
    let fixture = handbook().page("guide/index.md", "# Guide as a folder\n");
    let errors = fixture.errors();
    assert_eq!(
        errors.len(),
        1,
        "only the clash is a problem:\n{}",
        show(&errors)
    );
}

#[test]
fn alias_too_long_for_the_file_system_fails_before_writing_anything() {
    let fixture = handbook();
    fixture.ok();
    let before = files_under(&fixture.out());
    fixture.write("content/guide.md", "# Guide, edited\n");
    fixture.write(
        "content/moved.md",
        &format!("---\naliases: [/{}/]\n---\n# Moved\n", "x".repeat(300)),
    );
    let result = handbook::build(&fixture.options());
    assert_unchanged(&fixture.out(), &before);
    match result {
        Ok(_) => panic!("built an alias the file system cannot hold"),
        Err(Error::Handbook(d)) => {
            let moved = fixture.path("content/moved.md");
            assert!(
                d.iter().any(|d| d.file.as_deref() == Some(moved.as_path())),
                "{}",
                show(&d)
            );
        }
        Err(other) => panic!("the error does not name the page or its alias: {other}"),
    }
}

// ------------------------------------------------------------------- check

#[test]
fn check_json_on_a_broken_handbook_lists_every_problem_with_file_line_and_column() {
    let fixture = handbook()
        .page("a.md", "---\nnavOrder: soon\n---\n# A\n")
        .page("b.md", "# B\n\n[x](nowhere.md) [y](#nope)\n")
        .page("d.md", "---\ntitle: D\n\nBody.\n")
        .page("e.md", "# E\n\nUp [out](../outside.md).\n");
    write_bytes(&fixture, "content/c.md", b"ab\xffcd\n");
    let root = fixture.root();
    let args: [&OsStr; 4] = [
        "check".as_ref(),
        root.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ];
    let run = run_within(handbook_cmd(&args), LIMIT);
    assert_eq!(run.exit_code(), 1, "{}", tail(&run.stderr));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout_text()));
    assert_eq!(report["ok"], false, "{report:#}");
    assert_eq!(report["warnings"], 0, "{report:#}");
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(report["errors"], diagnostics.len(), "{report:#}");
    let mut found = BTreeSet::new();
    for d in diagnostics {
        assert_eq!(d["severity"], "error", "{d:#}");
        assert!(
            d["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{d:#}"
        );
        assert!(d["hint"].as_str().is_some_and(|h| !h.is_empty()), "{d:#}");
        let file = d["file"]
            .as_str()
            .unwrap_or_else(|| panic!("no file: {d:#}"));
        let rel = Path::new(file)
            .strip_prefix(fixture.path("content"))
            .unwrap_or_else(|_| panic!("{file} is not a content file"))
            .to_string_lossy()
            .into_owned();
        let line = d["position"]["line"]
            .as_u64()
            .unwrap_or_else(|| panic!("no line: {d:#}"));
        let column = d["position"]["column"]
            .as_u64()
            .unwrap_or_else(|| panic!("no column: {d:#}"));
        found.insert((rel, line, column));
    }
    let expected: BTreeSet<(String, u64, u64)> = [
        ("a.md", 2, 11),
        ("b.md", 3, 1),
        ("b.md", 3, 17),
        ("c.md", 1, 3),
        ("d.md", 1, 1),
        ("e.md", 3, 4),
    ]
    .into_iter()
    .map(|(f, l, c)| (f.to_string(), l, c))
    .collect();
    assert_eq!(found, expected, "{report:#}");
    assert!(!fixture.path("public").exists(), "check wrote output");
}

#[test]
fn diagnostics_on_a_very_long_line_stay_small() {
    let line = format!("{} [l](nope.md) ", "x".repeat(10_000)).repeat(100);
    let fixture = handbook().page("long.md", &format!("# Long\n\n{line}\n"));
    let root = fixture.root();
    let args: [&OsStr; 4] = [
        "check".as_ref(),
        root.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ];
    let run = run_within(handbook_cmd(&args), LIMIT);
    assert_eq!(run.exit_code(), 1, "{}", tail(&run.stderr));
    assert!(
        run.stdout_len < 1 << 20,
        "100 problems on a 1 MB line made {} bytes of report",
        run.stdout_len
    );
}
