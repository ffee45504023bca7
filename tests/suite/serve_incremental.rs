//! `handbook serve` rebuilds incrementally: after every edit of a scripted
//! series, the incremental result equals a clean build of the same files,
//! byte for byte, and an edit costs the pages it touches, not the site.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use handbook::output::Contents;
use handbook::serve::watch::Change;
use handbook::{Build, BuildOptions, Site, Update};

struct Handbook {
    dir: tempfile::TempDir,
}

impl Handbook {
    fn new() -> Handbook {
        let h = Handbook {
            dir: tempfile::tempdir().unwrap(),
        };
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

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root().to_path_buf(),
            ..BuildOptions::default()
        }
    }
}

/// A build's result as comparable data: files and their bytes, or the error messages.
fn snapshot(build: &Build) -> Result<BTreeMap<String, Vec<u8>>, Vec<String>> {
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

fn clean(h: &Handbook) -> Build {
    Build::new(Site::load(&h.options()).unwrap(), None)
}

fn assert_same(incremental: &Build, h: &Handbook, step: &str) {
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
        _ => assert_eq!(got, want, "after {step}"),
    }
}

/// Writes `rel` and applies the change as the watcher would report it.
fn edit(build: &mut Build, h: &Handbook, rel: &str, text: &str) -> Update {
    h.write(rel, text);
    let changes = BTreeSet::from([Change::Content(h.path(rel))]);
    build.update(&changes, &h.options()).unwrap()
}

#[test]
fn scripted_edits_equal_a_clean_build_byte_for_byte() {
    let h = Handbook::new();
    let mut build = clean(&h);
    assert_same(&build, &h, "the first build");

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
            "the home title edit",
            "content/index.md",
            "---\ntitle: Start here\n---\nWelcome. See [values](company/values.md#be-kind).\n",
        ),
        (
            "a description",
            "content/plans/q1.md",
            "---\ntitle: Q1 plan\nstatus: in-progress\ndescription: The first quarter.\n---\n## Phase 1\n\n- [x] one\n- [x] two\n\n## Phase 2\n\n- [ ] three\n",
        ),
    ];
    for (step, rel, text) in steps {
        edit(&mut build, &h, rel, text);
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
    assert_same(&build, &h, "a new page");
    std::fs::rename(h.path("content/plans/q3.md"), h.path("content/plans/q4.md")).unwrap();
    let changes = BTreeSet::from([
        Change::Content(h.path("content/plans/q3.md")),
        Change::Content(h.path("content/plans/q4.md")),
    ]);
    build.update(&changes, &h.options()).unwrap();
    assert_same(&build, &h, "a rename");
    std::fs::remove_file(h.path("content/plans/q4.md")).unwrap();
    build
        .update(
            &BTreeSet::from([Change::Content(h.path("content/plans/q4.md"))]),
            &h.options(),
        )
        .unwrap();
    assert_same(&build, &h, "a deletion");
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
fn a_template_edit_rebuilds_everything() {
    let h = Handbook::new();
    let mut build = clean(&h);
    h.write("templates/page.html", "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }}</p>{% block before_content %}{% endblock before_content %}{% endblock main %}");
    let update = build
        .update(
            &BTreeSet::from([Change::Template(h.path("templates/page.html"))]),
            &h.options(),
        )
        .unwrap();
    assert_eq!(update, Update::Full);
    assert_same(&build, &h, "a template edit");
    let files = snapshot(&build).unwrap();
    let page = String::from_utf8(files["company/history/index.html"].clone()).unwrap();
    assert!(page.contains("<p class=\"custom\">History</p>"), "{page}");
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
