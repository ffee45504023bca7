//! Shared helpers for the `build_*` integration tests: a tiny handbook in a temp
//! folder, built through the library (or the binary), and its output read back
//! as parsed HTML.

#![allow(dead_code)]

pub mod browser;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::rc::Rc;

use handbook::{BuildOptions, BuildReport, Diagnostic, Error};
use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

#[derive(Clone)]
/// A handbook in a temp folder: `site/` is its root, `out/` where it is built.
pub struct Fixture {
    dir: Rc<TempDir>,
    base_url: Option<String>,
    drafts: bool,
}

impl Default for Fixture {
    fn default() -> Self {
        Self::new()
    }
}

impl Fixture {
    /// A handbook with `handbook.toml` (`title = "T"`); pages go under `content/`.
    pub fn new() -> Fixture {
        Fixture::bare().file("handbook.toml", "title = \"T\"\n")
    }

    /// A folder of markdown without `handbook.toml`: the root is the content.
    pub fn bare() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("site")).expect("site dir");
        Fixture {
            dir: Rc::new(dir),
            base_url: None,
            drafts: false,
        }
    }

    /// Writes `text` at `path` under the root (folders created).
    pub fn file(self, path: &str, text: &str) -> Fixture {
        self.write(path, text);
        self
    }

    /// Writes `text` at `content/<path>`.
    pub fn page(self, path: &str, text: &str) -> Fixture {
        self.file(&format!("content/{path}"), text)
    }

    /// Builds with this `base_url` (as `--base-url`).
    pub fn base_url(mut self, url: &str) -> Fixture {
        self.base_url = Some(url.to_string());
        self
    }

    /// Builds drafts too (as `--drafts`).
    pub fn drafts(mut self) -> Fixture {
        self.drafts = true;
        self
    }

    /// Writes (or overwrites) a file under the root, between builds.
    pub fn write(&self, path: &str, text: &str) {
        let target = self.root().join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&target, text).expect("write fixture file");
    }

    /// Removes a file under the root.
    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.root().join(path)).expect("remove fixture file");
    }

    /// The handbook's root.
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// Where the site is built.
    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// The path of a file under the root, as diagnostics name it.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// The options `build` uses.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root(),
            output: Some(self.out()),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            progress: None,
            ..BuildOptions::default()
        }
    }

    /// Builds through the library; `Err` holds every diagnostic of a failed build.
    pub fn build(&self) -> Result<Built, Vec<Diagnostic>> {
        match handbook::build(&self.options()) {
            Ok(report) => Ok(Built {
                out: self.out(),
                report,
                _dir: Rc::clone(&self.dir),
            }),
            Err(Error::Handbook(diagnostics)) => Err(diagnostics),
            Err(other) => panic!("build failed outside the handbook: {other}"),
        }
    }

    /// Builds and expects success, showing the diagnostics when it fails.
    pub fn ok(&self) -> Built {
        match self.build() {
            Ok(built) => built,
            Err(d) => panic!("expected the build to succeed, got:\n{}", show(&d)),
        }
    }

    /// Builds and expects failure; the errors only (warnings dropped).
    pub fn errors(&self) -> Vec<Diagnostic> {
        match self.build() {
            Ok(_) => panic!("expected the build to fail, but it succeeded"),
            Err(d) => d.into_iter().filter(Diagnostic::is_error).collect(),
        }
    }

    /// Runs the `handbook` binary with `args` after `build ROOT -o OUT`.
    pub fn cli(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_handbook"));
        cmd.arg("build").arg(self.root()).arg("-o").arg(self.out());
        cmd.args(args);
        cmd.output().expect("run handbook")
    }
}

/// Diagnostics as the CLI prints them, one block each.
pub fn show(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A successful build and its output folder (kept while this lives, even
/// when the fixture that built it is gone).
pub struct Built {
    /// The output folder.
    pub out: PathBuf,
    /// What `build` reported.
    pub report: BuildReport,
    /// Keeps the temp folder alive while the output is read.
    _dir: Rc<TempDir>,
}

impl Built {
    /// The page at `url` (`"/"`, `"a/"`, `"/a/b/"`), parsed.
    pub fn page(&self, url: &str) -> Html {
        Html::parse_document(&self.page_source(url))
    }

    /// The HTML text of the page at `url`.
    pub fn page_source(&self, url: &str) -> String {
        let rel = url.trim_start_matches('/');
        self.read(&format!("{rel}index.html"))
    }

    /// The whole-site navigation fragment, parsed.
    pub fn nav(&self) -> Html {
        Html::parse_fragment(&self.read("_nav.html"))
    }

    /// A file of the output as text; panics listing the output when it is missing.
    pub fn read(&self, rel: &str) -> String {
        let path = self.out.join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {}: {e}; the output has: {:?}",
                path.display(),
                files_under(&self.out).keys().collect::<Vec<_>>()
            )
        })
    }

    /// Whether the output has this file.
    pub fn exists(&self, rel: &str) -> bool {
        self.out.join(rel).is_file()
    }

    /// The `<loc>`s of sitemap.xml.
    pub fn sitemap(&self) -> Vec<String> {
        self.read("sitemap.xml")
            .split("<loc>")
            .skip(1)
            .filter_map(|s| s.split("</loc>").next())
            .map(|s| s.replace("&amp;", "&"))
            .collect()
    }

    /// The warnings, as text.
    pub fn warnings(&self) -> Vec<String> {
        self.report.warnings.iter().map(|d| d.to_string()).collect()
    }
}

/// Every file under `dir` (relative, `/`-separated) with its bytes.
pub fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("under dir")
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read(&path).expect("read output"));
            }
        }
    }
    files
}

/// Copies the folder `from` (files and subfolders) to `to`, made if missing:
/// a fixture kept in the repository, into a temp dir the test may change.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk the fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("under from"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("make a folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// The repository's sample handbook (its `content/`, `handbook.toml` and
/// the folders beside them that pages use: shortcodes, snippets, data)
/// copied to `root`.
pub fn copy_sample(root: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["content", "shortcodes", "snippets", "data"] {
        if repo.join(folder).is_dir() {
            copy_tree(&repo.join(folder), &root.join(folder));
        }
    }
    std::fs::copy(repo.join("handbook.toml"), root.join("handbook.toml")).expect("copy the config");
}

/// A CSS selector; panics on a typo.
pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e}"))
}

/// The text of an element, whitespace runs collapsed to one space, trimmed.
pub fn text_of(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The texts of every element matching `css`.
pub fn texts(html: &Html, css: &str) -> Vec<String> {
    html.select(&sel(css)).map(text_of).collect()
}

/// The text of the one element matching `css`; panics unless exactly one does.
pub fn text(html: &Html, css: &str) -> String {
    let all = texts(html, css);
    assert_eq!(all.len(), 1, "expected one {css:?}, found {all:?}");
    all.into_iter().next().unwrap_or_default()
}

/// The `attr` of every element matching `css` (elements without it skipped).
pub fn attrs(html: &Html, css: &str, attr: &str) -> Vec<String> {
    html.select(&sel(css))
        .filter_map(|e| e.value().attr(attr).map(String::from))
        .collect()
}

/// The `attr` of the one element matching `css`.
pub fn attr(html: &Html, css: &str, attr_name: &str) -> String {
    let all = attrs(html, css, attr_name);
    assert_eq!(
        all.len(),
        1,
        "expected one {css:?}[{attr_name}], found {all:?}"
    );
    all.into_iter().next().unwrap_or_default()
}

/// How many elements match `css`.
pub fn count(html: &Html, css: &str) -> usize {
    html.select(&sel(css)).count()
}

/// The `href` of the link in `.content` whose text is `link_text`.
pub fn content_href(html: &Html, link_text: &str) -> String {
    let found: Vec<String> = html
        .select(&sel(".content a[href]"))
        .filter(|a| text_of(*a) == link_text)
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one .content link {link_text:?}, found {found:?}"
    );
    found.into_iter().next().unwrap_or_default()
}

/// The diagnostic whose file is `file`, expecting exactly one.
pub fn diagnostic_for<'a>(diagnostics: &'a [Diagnostic], file: &Path) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.file.as_deref() == Some(file))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one diagnostic for {}, got:\n{}",
        file.display(),
        show(diagnostics)
    );
    found[0]
}

/// How long `handbook serve` may take to say where it serves.
pub const SERVE_STARTUP: std::time::Duration = std::time::Duration::from_secs(30);

/// The first line a `handbook serve` child prints on stdout (`serving at
/// URL ...`; empty if none came within [`SERVE_STARTUP`]), read on a thread
/// so that a server that never gets there fails the test instead of hanging
/// it. The rest of stdout is drained, so the server never writes into a
/// closed pipe.
pub fn serving_line(child: &mut std::process::Child) -> String {
    use std::io::BufRead;
    let stdout = child.stdout.take().expect("stdout piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = std::io::BufReader::new(stdout);
        let mut line = String::new();
        let _ = reader.read_line(&mut line);
        let _ = tx.send(line);
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    rx.recv_timeout(SERVE_STARTUP).unwrap_or_default()
}

/// Whether git can run here; prints why a test is skipped when not.
pub fn git_available() -> bool {
    let ok = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        println!("skipped: git is not installed");
    }
    ok
}

/// Runs git in `dir` as a fixed author at `date`, without the user's
/// configuration, and fails the test if it fails.
pub fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Tester")
        .env("GIT_AUTHOR_EMAIL", "tester@example.com")
        .env("GIT_COMMITTER_NAME", "Tester")
        .env("GIT_COMMITTER_EMAIL", "tester@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
