//! `handbook serve` rebuilds incrementally: after every edit of a scripted
//! series, the incremental result equals a clean build of the same files,
//! byte for byte, and an edit costs the pages it touches, not the site.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use handbook::output::Contents;
use handbook::serve::watch::Change;
use handbook::{Build, BuildOptions, Site, Update};

/// A handbook in a temp folder (also the semantics tests').
pub(crate) struct Handbook {
    dir: tempfile::TempDir,
}

impl Handbook {
    /// An empty temp folder.
    pub(crate) fn empty() -> Handbook {
        Handbook {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn new() -> Handbook {
        let h = Handbook::empty();
        h.write("handbook.toml", "title = \"T\"\n");
        h.write(
            "content/index.md",
            "---\ntitle: Home\n---\nWelcome. See [values](company/values.md#be-kind).\n",
        );
        h.write(
            "content/company/index.md",
            "---\nnavTitle: Company\nnavOrder: 1\n---\n# Company\n\nAbout us.\n",
        );
        h.write("content/company/values.md", "---\ntitle: Values\nnavOrder: 1\n---\n## Be kind\n\nAlways.\n\n## Be brief\n\nShort.\n");
        h.write("content/company/history.md", "---\ntitle: History\nnavOrder: 2\n---\nFounded long ago. Read our [values](values.md).\n");
        h.write(
            "content/plans/index.md",
            "---\nnavTitle: Plans\nnavOrder: 2\n---\nOur plans.\n",
        );
        h.write(
            "content/plans/q1.md",
            "---\ntitle: Q1 plan\nstatus: in-progress\n---\n## Phase 1\n\n- [x] one\n- [ ] two\n\n## Phase 2\n\n- [ ] three\n",
        );
        h.write(
            "content/plans/q2.md",
            "---\ntitle: Q2 plan\nstatus: planned\n---\n- [ ] later\n",
        );
        h
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub(crate) fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub(crate) fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root().to_path_buf(),
            ..BuildOptions::default()
        }
    }
}

/// A build's result as comparable data: files and their bytes, or the error messages.
pub(crate) type Snapshot = Result<BTreeMap<String, Vec<u8>>, Vec<String>>;

pub(crate) fn snapshot(build: &Build) -> Snapshot {
    match build.result() {
        Ok(site) => Ok(site
            .files
            .into_iter()
            .map(|f| {
                let bytes = match f.contents {
                    Contents::Bytes(b) => b.to_vec(),
                    Contents::Copy(p) => std::fs::read(p).unwrap(),
                };
                (f.path, bytes)
            })
            .collect()),
        Err(handbook::Error::Handbook(d)) => Err(d.iter().map(|d| d.to_string()).collect()),
        Err(e) => Err(vec![e.to_string()]),
    }
}

/// What `serve` hands to its HTTP server: the files of [`Build::changes`],
/// each successful one applied to what the one before left.
#[derive(Default)]
pub(crate) struct Served {
    files: BTreeMap<String, Vec<u8>>,
    /// The paths the last successful [`Served::follow`] was handed (changed or removed).
    pub(crate) handed: Vec<String>,
}

impl Served {
    /// Takes `build`'s changes and checks that the files served then are
    /// exactly the build's result (or that both fail alike).
    pub(crate) fn follow(&mut self, build: &mut Build, step: &str) {
        let bytes = |f: handbook::output::OutputFile| {
            let bytes = match f.contents {
                Contents::Bytes(b) => b.to_vec(),
                Contents::Copy(p) => std::fs::read(p).unwrap(),
            };
            (f.path, bytes)
        };
        match build.changes() {
            Ok(changes) => {
                if changes.full {
                    self.files.clear();
                }
                for path in &changes.removed {
                    assert!(
                        self.files.remove(path).is_some(),
                        "after {step}: {path} is removed but was never served"
                    );
                }
                self.handed = changes.removed.clone();
                self.handed
                    .extend(changes.files.iter().map(|f| f.path.clone()));
                self.files.extend(changes.files.into_iter().map(bytes));
                // Deferred files (a build serve keeps): made by settle, each
                // one named, none other.
                let settled = build
                    .settle()
                    .unwrap_or_else(|e| panic!("after {step}: the deferred files failed: {e:?}"));
                let mut named = changes.deferred.clone();
                let mut made: Vec<String> = settled.iter().map(|f| f.path.clone()).collect();
                named.sort();
                made.sort();
                assert_eq!(named, made, "after {step}: deferred and settled differ");
                self.handed.extend(made);
                self.files.extend(settled.into_iter().map(bytes));
                let want = snapshot(build).unwrap_or_else(|e| {
                    panic!("after {step}: the changes were given but the result fails: {e:?}")
                });
                let differing: Vec<&String> = want
                    .keys()
                    .chain(self.files.keys())
                    .filter(|k| self.files.get(*k) != want.get(*k))
                    .collect();
                assert!(
                    differing.is_empty(),
                    "after {step}: these files served differ from the build's result: {differing:?}"
                );
            }
            Err(e) => {
                let got = match e {
                    handbook::Error::Handbook(d) => d.iter().map(|d| d.to_string()).collect(),
                    e => vec![e.to_string()],
                };
                assert_eq!(Err(got), snapshot(build), "after {step}");
            }
        }
    }
}

pub(crate) fn clean(h: &Handbook) -> Build {
    Build::new(Site::load(&h.options()).unwrap(), None)
}

/// The incremental result equals a clean build's.
pub(crate) fn assert_same(incremental: &Build, h: &Handbook, step: &str) {
    let _clean = same_as_clean(incremental, h, step);
}

/// [`assert_same`], returning the clean build's snapshot.
pub(crate) fn same_as_clean(incremental: &Build, h: &Handbook, step: &str) -> Snapshot {
    let got = snapshot(incremental);
    let want = snapshot(&clean(h));
    match (&got, &want) {
        (Ok(g), Ok(w)) => {
            let differing: Vec<&String> = w
                .keys()
                .chain(g.keys())
                .filter(|k| g.get(*k) != w.get(*k))
                .collect();
            assert!(
                differing.is_empty(),
                "after {step}: these files differ from a clean build: {differing:?}"
            );
        }
        _ => {
            // Files as their names only: the bytes would drown the message.
            fn short(s: &Snapshot) -> Result<Vec<&String>, &Vec<String>> {
                s.as_ref().map(|f| f.keys().collect())
            }
            assert_eq!(short(&got), short(&want), "after {step}");
            assert_eq!(got, want, "after {step}");
        }
    }
    want
}

/// Writes `rel` and applies the change as the watcher would report it.
pub(crate) fn edit(build: &mut Build, h: &Handbook, rel: &str, text: &str) -> Update {
    h.write(rel, text);
    let changes = BTreeSet::from([Change::Content(h.path(rel))]);
    build.update(&changes, &h.options()).unwrap()
}

#[test]
fn scripted_edits_equal_a_clean_build_byte_for_byte() {
    scripted_edits(false);
}

/// As serve keeps a build: the files listing every page are deferred to
/// `settle`, and what is served after it equals a clean build all the same.
#[test]
fn scripted_edits_with_deferred_listings_equal_a_clean_build() {
    scripted_edits(true);
}

fn scripted_edits(defer: bool) {
    let h = Handbook::new();
    let mut build = clean(&h);
    build.defer_generated(defer);
    assert_same(&build, &h, "the first build");
    let mut served = Served::default();
    served.follow(&mut build, "the first build");

    let steps: Vec<(&str, &str, &str)> = vec![
        (
            "a body edit",
            "content/company/history.md",
            "---\ntitle: History\nnavOrder: 2\n---\nFounded in 2019. Read our [values](values.md).\n",
        ),
        (
            "a title edit",
            "content/company/history.md",
            "---\ntitle: Our history\nnavOrder: 2\n---\nFounded in 2019. Read our [values](values.md).\n",
        ),
        (
            "a navOrder edit",
            "content/company/history.md",
            "---\ntitle: Our history\nnavOrder: 0\n---\nFounded in 2019. Read our [values](values.md).\n",
        ),
        (
            "a new link",
            "content/company/history.md",
            "---\ntitle: Our history\nnavOrder: 0\n---\nFounded in 2019. Read our [values](values.md) and [Q1](../plans/q1.md#phase-1).\n",
        ),
        (
            "a link removed",
            "content/company/history.md",
            "---\ntitle: Our history\nnavOrder: 0\n---\nFounded in 2019.\n",
        ),
        (
            "a ticked checkbox",
            "content/plans/q1.md",
            "---\ntitle: Q1 plan\nstatus: in-progress\n---\n## Phase 1\n\n- [x] one\n- [x] two\n\n## Phase 2\n\n- [ ] three\n",
        ),
        (
            "a status change",
            "content/plans/q2.md",
            "---\ntitle: Q2 plan\nstatus: blocked\n---\n- [ ] later\n",
        ),
        (
            "a navGroup",
            "content/plans/q2.md",
            "---\ntitle: Q2 plan\nstatus: blocked\nnavGroup: Later\n---\n- [ ] later\n",
        ),
        (
            "a linked heading renamed (broken anchor)",
            "content/company/values.md",
            "---\ntitle: Values\nnavOrder: 1\n---\n## Be gentle\n\nAlways.\n\n## Be brief\n\nShort.\n",
        ),
        (
            "the heading restored",
            "content/company/values.md",
            "---\ntitle: Values\nnavOrder: 1\n---\n## Be kind\n\nAlways.\n\n## Be brief\n\nShort.\n",
        ),
        (
            "broken frontmatter",
            "content/plans/q2.md",
            "---\ntitle: [oops\n---\n- [ ] later\n",
        ),
        (
            "fixed frontmatter",
            "content/plans/q2.md",
            "---\ntitle: Q2 plan\nstatus: done\n---\n- [x] later\n",
        ),
        (
            "a section title edit",
            "content/company/index.md",
            "---\nnavTitle: Our company\nnavOrder: 1\n---\n# Company\n\nAbout us.\n",
        ),
        (
            "a section's navGroup (its pages show it above them)",
            "content/company/index.md",
            "---\nnavTitle: Our company\nnavOrder: 1\nnavGroup: About\n---\n# Company\n\nAbout us.\n",
        ),
        (
            "the home title edit",
            "content/index.md",
            "---\ntitle: Start here\n---\nWelcome. See [values](company/values.md#be-kind).\n",
        ),
        (
            "a description",
            "content/plans/q1.md",
            "---\ntitle: Q1 plan\nstatus: in-progress\ndescription: The first quarter.\n---\n## Phase 1\n\n- [x] one\n- [x] two\n\n## Phase 2\n\n- [ ] three\n",
        ),
        (
            "a first paragraph, the description of a page without one",
            "content/company/values.md",
            "---\ntitle: Values\nnavOrder: 1\n---\nWhat we hold to.\n\n## Be kind\n\nAlways.\n\n## Be brief\n\nShort.\n",
        ),
        (
            "a description removed (the first paragraph stands in)",
            "content/plans/q1.md",
            "---\ntitle: Q1 plan\nstatus: in-progress\n---\nThe quarter's work.\n\n## Phase 1\n\n- [x] one\n- [x] two\n\n## Phase 2\n\n- [ ] three\n",
        ),
    ];
    for (step, rel, text) in steps {
        edit(&mut build, &h, rel, text);
        served.follow(&mut build, step);
        assert_same(&build, &h, step);
    }

    // Structural changes: a new page, a deleted one, a renamed one.
    let update = edit(
        &mut build,
        &h,
        "content/plans/q3.md",
        "---\ntitle: Q3\n---\nLater still. [Q1](q1.md)\n",
    );
    assert_eq!(update, Update::Full);
    served.follow(&mut build, "a new page");
    assert_same(&build, &h, "a new page");
    std::fs::rename(h.path("content/plans/q3.md"), h.path("content/plans/q4.md")).unwrap();
    let changes = BTreeSet::from([
        Change::Content(h.path("content/plans/q3.md")),
        Change::Content(h.path("content/plans/q4.md")),
    ]);
    build.update(&changes, &h.options()).unwrap();
    served.follow(&mut build, "a rename");
    assert_same(&build, &h, "a rename");
    std::fs::remove_file(h.path("content/plans/q4.md")).unwrap();
    build
        .update(
            &BTreeSet::from([Change::Content(h.path("content/plans/q4.md"))]),
            &h.options(),
        )
        .unwrap();
    served.follow(&mut build, "a deletion");
    assert_same(&build, &h, "a deletion");
}

#[test]
fn edits_between_failed_builds_are_all_handed_over() {
    // A build with errors hands nothing over; the next good one gives every
    // file changed since the last good one, not only its own edit's.
    let h = Handbook::new();
    let mut build = clean(&h);
    let mut served = Served::default();
    served.follow(&mut build, "the first build");
    let q1_before = served.files["plans/q1/index.html"].clone();
    let q1 = "---\ntitle: Q1 plan\nstatus: in-progress\n---\n## Phase 1\n\n- [x] one\n- [x] two\n";
    edit(&mut build, &h, "content/plans/q1.md", q1);
    edit(
        &mut build,
        &h,
        "content/company/history.md",
        "---\ntitle: History\nnavOrder: 2\n---\nA [broken](nowhere.md) link.\n",
    );
    served.follow(&mut build, "a broken link");
    edit(
        &mut build,
        &h,
        "content/company/history.md",
        "---\ntitle: History\nnavOrder: 2\n---\nFixed.\n",
    );
    served.follow(&mut build, "the link fixed");
    assert_same(&build, &h, "the link fixed");
    assert_ne!(
        served.files["plans/q1/index.html"], q1_before,
        "the edit made before the errors is served"
    );
}

#[test]
fn a_body_edit_hands_over_its_page_and_its_search_files_only() {
    let h = Handbook::new();
    let mut build = clean(&h);
    let mut served = Served::default();
    served.follow(&mut build, "the first build");
    let everything = served.handed.len();
    edit(
        &mut build,
        &h,
        "content/company/history.md",
        "---\ntitle: History\nnavOrder: 2\n---\nFounded in 2019. Read our [values](values.md).\n",
    );
    served.follow(&mut build, "a body edit");
    // The page, llms.txt (which shows its first paragraph as its
    // description), and of the search index its chunk, the shards of the
    // words it gained or lost ("in", "2019", "long", "ago") and the manifest
    // ("in" is the first word in "i"): nothing of the rest of the site.
    let (page, search): (Vec<&String>, Vec<&String>) = served
        .handed
        .iter()
        .partition(|p| !p.starts_with("_search/"));
    assert_eq!(
        page,
        ["company/history/index.html", "llms.txt"],
        "of {everything} files"
    );
    assert!(
        (2..=6).contains(&search.len()),
        "{search:?} of {everything} files"
    );
}

#[test]
fn a_body_edit_renders_only_that_page() {
    let h = Handbook::new();
    let mut build = clean(&h);
    let update = edit(
        &mut build,
        &h,
        "content/plans/q2.md",
        "---\ntitle: Q2 plan\nstatus: planned\n---\n- [ ] later, maybe\n",
    );
    assert_eq!(update, Update::Pages(1));
}

#[test]
fn a_title_edit_renders_its_neighbours_not_the_site() {
    let h = Handbook::new();
    let mut build = clean(&h);
    let update = edit(
        &mut build,
        &h,
        "content/plans/q2.md",
        "---\ntitle: Q2 goals\nstatus: planned\n---\n- [ ] later\n",
    );
    // Itself, its sibling (previous/next), its section page and the home page.
    assert_eq!(update, Update::Pages(4));
}

#[test]
fn under_serve_a_title_edit_defers_the_dashboard_and_settle_makes_it() {
    let h = Handbook::new();
    let mut build = clean(&h);
    build.defer_generated(true);
    build.changes().unwrap();
    edit(
        &mut build,
        &h,
        "content/plans/q2.md",
        "---\ntitle: Q2 goals\nstatus: planned\n---\n- [ ] later\n",
    );
    let changes = build.changes().unwrap();
    assert!(
        changes
            .deferred
            .contains(&"dashboard/index.html".to_string()),
        "{:?}",
        changes.deferred
    );
    assert!(
        !changes
            .files
            .iter()
            .any(|f| f.path == "dashboard/index.html"),
        "the dashboard is deferred, not handed over stale"
    );
    let settled = build.settle().unwrap();
    let dashboard = settled
        .iter()
        .find(|f| f.path == "dashboard/index.html")
        .expect("settle makes the dashboard");
    let html = match &dashboard.contents {
        Contents::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Contents::Copy(_) => panic!("a rendered page"),
    };
    let doc = scraper::Html::parse_document(&html);
    let links = scraper::Selector::parse("main a").unwrap();
    let labels: Vec<String> = doc.select(&links).map(|a| a.text().collect()).collect();
    assert!(labels.iter().any(|l| l == "Q2 goals"), "{labels:?}");
    assert!(!labels.iter().any(|l| l == "Q2 plan"), "{labels:?}");
    assert_same(&build, &h, "settled");
}

#[test]
fn a_ticked_checkbox_renders_the_siblings_that_show_its_badge() {
    // Each page carries its nearest 12 siblings on each side in its own
    // navigation, badges included: those, and no more, show the tick.
    let h = Handbook::empty();
    h.write("handbook.toml", "title = \"T\"\n");
    h.write("content/index.md", "---\ntitle: Home\n---\nHi.\n");
    h.write("content/f/index.md", "---\ntitle: F\n---\nPages.\n");
    let page = |n: usize, ticked: bool| {
        let tick = if ticked { "x" } else { " " };
        format!("---\ntitle: P{n:02}\nnavOrder: {n}\n---\n- [{tick}] one\n- [ ] two\n")
    };
    for n in 0..30 {
        h.write(&format!("content/f/p{n:02}.md"), &page(n, false));
    }
    let mut build = clean(&h);
    let update = edit(&mut build, &h, "content/f/p00.md", &page(0, true));
    // Itself, p01-p12, its section page and the home page.
    assert_eq!(update, Update::Pages(15));
    assert_same(&build, &h, "a tick in a big folder");
    let update = edit(&mut build, &h, "content/f/p15.md", &page(15, true));
    // Itself, p03-p14 and p16-p27, the section and home.
    assert_eq!(update, Update::Pages(27));
    assert_same(&build, &h, "a tick in the middle");
}

/// How many markdown files there are under `dir`.
fn markdown_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let path = e.path();
            if path.is_dir() {
                markdown_files(&path)
            } else {
                usize::from(path.extension().is_some_and(|x| x == "md"))
            }
        })
        .sum()
}

#[test]
fn a_template_edit_renders_every_page_again_without_parsing_one() {
    for defer in [false, true] {
        let h = Handbook::new();
        let mut build = clean(&h);
        build.defer_generated(defer);
        let mut served = Served::default();
        served.follow(&mut build, "the first build");
        let before = build.stats();
        h.write("templates/page.html", "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }}</p>{% block before_content %}{% endblock before_content %}{% endblock main %}");
        let update = build
            .update(
                &BTreeSet::from([Change::Template(h.path("templates/page.html"))]),
                &h.options(),
            )
            .unwrap();
        let pages = markdown_files(&h.path("content"));
        assert_eq!(update, Update::Pages(pages), "defer: {defer}");
        let after = build.stats();
        assert_eq!(
            after.markdown_parses, before.markdown_parses,
            "no page parsed again"
        );
        assert_eq!(after.pages_rendered, before.pages_rendered + pages);
        assert_eq!(after.template_compiles, before.template_compiles + 1);
        served.follow(&mut build, "a template edit");
        assert_same(&build, &h, "a template edit");
        let files = snapshot(&build).unwrap();
        let page = String::from_utf8(files["company/history/index.html"].clone()).unwrap();
        assert!(page.contains("<p class=\"custom\">History</p>"), "{page}");
        // A template that no longer compiles: the whole site is loaded
        // again, and the error is the build's.
        h.write(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block main %}{{ oops",
        );
        let update = build
            .update(
                &BTreeSet::from([Change::Template(h.path("templates/page.html"))]),
                &h.options(),
            )
            .unwrap();
        assert_eq!(update, Update::Full);
        assert!(build.result().is_err());
    }
}

#[test]
fn an_alias_edit_lays_out_the_redirects_again() {
    let h = Handbook::new();
    let mut build = clean(&h);
    let update = edit(
        &mut build,
        &h,
        "content/plans/q2.md",
        "---\ntitle: Q2 plan\nstatus: planned\naliases: [/old-q2/]\n---\n- [ ] later\n",
    );
    assert_eq!(update, Update::Full);
    assert_same(&build, &h, "an alias added");
    assert!(snapshot(&build).unwrap().contains_key("old-q2/index.html"));
}

#[test]
fn an_editors_temporary_file_is_not_a_change() {
    let h = Handbook::new();
    let mut build = clean(&h);
    // Written and renamed away before the batch arrived, as an atomic save does.
    let gone = h.path("content/plans/sedX1y2Z3");
    let update = build
        .update(&BTreeSet::from([Change::Content(gone)]), &h.options())
        .unwrap();
    assert_eq!(update, Update::Pages(0));
    assert_same(&build, &h, "a temporary file");
}

#[test]
fn a_one_use_build_equals_a_kept_build() {
    // `build` lets each page's sources go as soon as they are used; the
    // result must be the same as the kept build `serve` updates.
    let h = Handbook::new();
    let once = Build::once(Site::load(&h.options()).unwrap(), None);
    let kept = clean(&h);
    assert_eq!(snapshot(&once), snapshot(&kept));
    let sample = BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        ..BuildOptions::default()
    };
    let once = Build::once(Site::load(&sample).unwrap(), None);
    let kept = Build::new(Site::load(&sample).unwrap(), None);
    assert_eq!(snapshot(&once), snapshot(&kept));
}

#[test]
fn the_code_stylesheet_comes_and_goes_with_the_last_code_block() {
    let h = Handbook::new();
    let mut build = clean(&h);
    let mut served = Served::default();
    served.follow(&mut build, "the first build");
    let css = "_handbook/syntax.css".to_string();
    assert!(!served.files.contains_key(&css), "no page has code yet");
    let plain = "---\ntitle: History\nnavOrder: 2\n---\nFounded long ago.\n";
    let code = format!("{plain}\n```rust\nfn main() {{}}\n```\n");
    edit(&mut build, &h, "content/company/history.md", &code);
    served.follow(&mut build, "a code block");
    assert!(served.handed.contains(&css), "{:?}", served.handed);
    edit(&mut build, &h, "content/company/history.md", plain);
    served.follow(&mut build, "the code block removed");
    assert!(served.handed.contains(&css), "{:?}", served.handed);
    assert!(!served.files.contains_key(&css));
    assert_same(&build, &h, "the code block removed");
}

#[test]
fn the_recent_changes_page_follows_titles_and_updated_dates() {
    if !crate::common::git_available() {
        return;
    }
    let h = Handbook::new();
    let date = "2024-03-01T12:00:00Z";
    crate::common::git(h.root(), &["init", "-q"], date);
    crate::common::git(h.root(), &["add", "-A"], date);
    crate::common::git(h.root(), &["commit", "-q", "-m", "Start"], date);
    let mut build = clean(&h);
    let mut served = Served::default();
    served.follow(&mut build, "the first build");
    assert!(served.files.contains_key("recent/index.html"));
    let recent = |s: &Served| String::from_utf8(s.files["recent/index.html"].clone()).unwrap();
    let steps = [
        (
            "a title edit",
            "---\ntitle: Our story\nnavOrder: 2\n---\nFounded long ago. Read our [values](values.md).\n",
            "Our story",
        ),
        (
            "an updated date",
            "---\ntitle: Our story\nnavOrder: 2\nupdated: 2099-01-02\n---\nFounded long ago. Read our [values](values.md).\n",
            "2099-01-02",
        ),
    ];
    for (step, text, shown) in steps {
        edit(&mut build, &h, "content/company/history.md", text);
        served.follow(&mut build, step);
        assert_same(&build, &h, step);
        assert!(
            recent(&served).contains(shown),
            "after {step}: {}",
            recent(&served)
        );
    }
}
