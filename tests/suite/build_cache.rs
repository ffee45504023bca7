//! The build cache (`.handbook-cache/build/`): a build that takes bodies
//! from it writes the same files as one without it, whatever state the
//! cache is in, and a changed input is never served from it.

use std::collections::BTreeMap;
use std::path::Path;

use handbook::BuildOptions;
use handbook::render::body_cache::{CacheReport, DIR};

use crate::common::{self, files_under};

/// Builds `root` into `out`; the site's files (the manifest, which has
/// times, left out) and what the build did with the cache.
fn build(root: &Path, out: &Path, no_cache: bool) -> (BTreeMap<String, Vec<u8>>, CacheReport) {
    let (files, cache, _) = build_counted(root, out, no_cache);
    (files, cache)
}

/// As [`build`], with how many pages went through their template.
fn build_counted(
    root: &Path,
    out: &Path,
    no_cache: bool,
) -> (BTreeMap<String, Vec<u8>>, CacheReport, usize) {
    let (files, cache, stats) = build_stats(root, out, no_cache);
    (files, cache, stats.pages_rendered)
}

/// As [`build`], with what the build counted.
fn build_stats(
    root: &Path,
    out: &Path,
    no_cache: bool,
) -> (
    BTreeMap<String, Vec<u8>>,
    CacheReport,
    handbook::site::BuildStats,
) {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        no_cache,
        ..BuildOptions::default()
    };
    let report = handbook::build(&options).unwrap_or_else(|e| panic!("build failed: {e}"));
    let mut files = files_under(out);
    files.remove(".handbook-manifest.json");
    (files, report.cache.unwrap_or_default(), report.stats)
}

/// The files that differ between two builds, by name.
fn differing(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut names: Vec<String> = a
        .iter()
        .filter(|(name, bytes)| b.get(*name) != Some(*bytes))
        .map(|(name, _)| name.clone())
        .collect();
    names.extend(b.keys().filter(|n| !a.contains_key(*n)).cloned());
    names
}

fn packs(root: &Path) -> Vec<std::path::PathBuf> {
    let mut packs: Vec<_> = std::fs::read_dir(root.join(DIR))
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    packs.sort();
    packs
}

#[test]
fn cold_warm_and_damaged_caches_build_the_same_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::copy_sample(&root);
    let (cold, report) = build(&root, &dir.path().join("cold"), true);
    assert_eq!(report, CacheReport::default(), "--no-cache has no cache");
    assert!(packs(&root).is_empty(), "--no-cache wrote a cache");

    let (first, report) = build(&root, &dir.path().join("first"), false);
    let pages = report.rendered;
    assert!(pages > 20, "{report:?}");
    assert_eq!(report.reused, 0);
    assert!(report.notes.is_empty(), "{:?}", report.notes);
    let on_disk: u64 = packs(&root)
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum();
    assert!(on_disk > 0);
    assert_eq!(report.bytes, on_disk, "the size reported is the cache's");
    assert_eq!(differing(&cold, &first), Vec::<String>::new());

    // Twice: the first stores each reused body's words for the search
    // index (a cold build leaves them to its pages' rendering), the second
    // takes them from the cache too.
    for name in ["warm", "warmer"] {
        let (warm, report) = build(&root, &dir.path().join(name), false);
        // Pages that call shortcodes or include snippets are never cached.
        assert!(report.reused > pages / 2, "{name}: {report:?}");
        assert_eq!(report.reused + report.rendered, pages);
        assert!(report.notes.is_empty(), "{:?}", report.notes);
        assert_eq!(differing(&cold, &warm), Vec::<String>::new(), "{name}");
    }

    // Every pack damaged: a byte flipped, cut short, emptied.
    type Damage = fn(&mut Vec<u8>);
    let damages: [(&str, Damage); 3] = [
        ("flipped", |b| {
            let middle = b.len() / 3;
            b[middle] ^= 0x5a;
        }),
        ("cut short", |b| b.truncate(b.len() / 2)),
        ("emptied", Vec::clear),
    ];
    for (name, damage) in damages {
        let all = packs(&root);
        assert!(!all.is_empty());
        for pack in &all {
            let mut bytes = std::fs::read(pack).unwrap();
            damage(&mut bytes);
            std::fs::write(pack, bytes).unwrap();
        }
        let (damaged, report) = build(&root, &dir.path().join(name), false);
        assert_eq!(report.reused, 0, "{name}: {report:?}");
        assert!(
            report.notes.iter().any(|n| n.contains("damaged")),
            "{name}: {:?}",
            report.notes
        );
        assert_eq!(differing(&cold, &damaged), Vec::<String>::new(), "{name}");
    }
    // And the damage is repaired: the next build reuses again.
    let (_, report) = build(&root, &dir.path().join("repaired"), false);
    assert!(report.reused > pages / 2, "{report:?}");

    // A cache that cannot be written (a file where its folder goes) is a note, not an error.
    std::fs::remove_dir_all(root.join(DIR)).unwrap();
    std::fs::write(root.join(DIR), "in the way").unwrap();
    let (unwritable, report) = build(&root, &dir.path().join("unwritable"), false);
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("could not be written")),
        "{:?}",
        report.notes
    );
    assert_eq!(differing(&cold, &unwritable), Vec::<String>::new());
    assert_eq!(
        std::fs::read_to_string(root.join(DIR)).unwrap(),
        "in the way"
    );
}

#[test]
fn files_a_killed_build_left_half_written_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    handbook(&root);
    build(&root, &dir.path().join("out"), false);
    let cache = root.join(DIR);
    let pack = packs(&root)
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "pack"))
        .expect("a pack");
    // As write_whole names its temporary files, for a process that is gone.
    let half_pack = pack.with_extension("pack.4242.tmp");
    let half_front = cache.join("frontmatter.4242.tmp");
    let mine = cache.join("frontmatter.mine.tmp");
    for file in [&half_pack, &half_front, &mine] {
        std::fs::write(file, "half").unwrap();
    }
    build(&root, &dir.path().join("out"), false);
    assert!(!half_pack.exists() && !half_front.exists());
    assert!(cache.join("frontmatter").exists() && pack.exists());
    assert_eq!(
        std::fs::read_to_string(&mine).unwrap(),
        "half",
        "not the cache's"
    );
}

/// A small handbook whose pages exercise each input of a body.
fn handbook(root: &Path) {
    let files = [
        ("handbook.toml", "title = \"T\"\n"),
        (
            "content/index.md",
            "---\ntitle: Home\n---\nSee [the code](code.md) and [the target](target.md#setup).\n",
        ),
        (
            "content/code.md",
            "---\ntitle: Code\n---\n# Code\n\n```rust\nfn main() { let x = 1; }\n```\n\nBack [home](index.md).\n",
        ),
        (
            "content/target.md",
            "---\ntitle: Target\n---\n## Setup\n\nText.\n",
        ),
        (
            "content/other.md",
            "---\ntitle: Other\n---\nNothing links here; [target](target.md).\n",
        ),
    ];
    for (path, text) in files {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
}

#[test]
fn a_changed_input_is_never_taken_from_the_cache() {
    // Each change: its name, what it does to the handbook, how many of the
    // four bodies it makes render again (the others come from the cache),
    // and how many of the four pages go through their template again (the
    // others are kept as published, see publish/keys.rs).
    type Change = fn(&Path);
    let changes: [(&str, Change, usize, usize); 10] = [
        (
            "code block text",
            |root| edit(root, "content/code.md", "let x = 1;", "let x = 2;"),
            1,
            1,
        ),
        (
            "code block language",
            |root| edit(root, "content/code.md", "```rust", "```python"),
            1,
            1,
        ),
        (
            "a template",
            |root| {
                let file = root.join("templates/partials/footer_extra.html");
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(file, "<p class=\"extra\">Changed footer</p>").unwrap();
            },
            0,
            4,
        ),
        (
            "config: the heading id rule",
            |root| {
                edit(
                    root,
                    "handbook.toml",
                    "title = \"T\"\n",
                    "title = \"T\"\n[markdown]\nheading_ids = \"hugo\"\n",
                )
                // Every body again; these headings get the same ids under both
                // rules, so no page's template is given anything new.
            },
            4,
            0,
        ),
        (
            "config: the site's title",
            |root| {
                edit(
                    root,
                    "handbook.toml",
                    "title = \"T\"",
                    "title = \"Renamed\"",
                )
            },
            0,
            4,
        ),
        (
            // The frontmatter is read again: each page's `title` is now its
            // description (each title comes from its heading or file name).
            "config: frontmatter keys",
            |root| {
                edit(
                    root,
                    "handbook.toml",
                    "title = \"T\"\n",
                    "title = \"T\"\n[frontmatter]\nrename = { title = \"description\" }\n",
                )
            },
            0,
            4,
        ),
        (
            "a data file",
            |root| {
                let file = root.join("data/team.yaml");
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(file, "lead: Someone\n").unwrap();
            },
            0,
            4,
        ),
        (
            "a linked page's title",
            |root| edit(root, "content/target.md", "title: Target", "title: Renamed"),
            0,
            4,
        ),
        (
            "a linked page's URL",
            |root| {
                edit(
                    root,
                    "content/target.md",
                    "title: Target\n",
                    "title: Target\nslug: moved\n",
                )
            },
            2,
            4,
        ),
        (
            "a linked page's anchors",
            |root| {
                edit(
                    root,
                    "content/target.md",
                    "## Setup",
                    "## Setup\n\n## Extra",
                )
            },
            1,
            1,
        ),
    ];
    for (name, change, bodies, pages) in changes {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        handbook(&root);
        let out = dir.path().join("out");
        let (_, report, rendered) = build_counted(&root, &out, false);
        assert_eq!((report.reused, rendered), (0, 4), "{name}");
        // Nothing changed: nothing rendered.
        let (_, report, rendered) = build_counted(&root, &out, false);
        assert_eq!((report.reused, rendered), (4, 0), "{name}: unchanged");
        change(&root);
        let (warm, report, rendered) = build_counted(&root, &out, false);
        let (cold, _) = build(&root, &dir.path().join("cold"), true);
        assert_eq!(
            differing(&cold, &warm),
            Vec::<String>::new(),
            "{name}: the warm build differs from a cold one"
        );
        assert_eq!(report.rendered, bodies, "{name}: bodies {report:?}");
        assert_eq!(report.reused + report.rendered, 4, "{name}");
        assert_eq!(rendered, pages, "{name}: pages through their template");
    }
}

/// Changes one byte of the published `file` (same size, other bytes), as
/// someone editing the output might; what it held before.
fn edit_by_hand(file: &Path) -> Vec<u8> {
    let original = std::fs::read(file).unwrap();
    let mut edited = original.clone();
    let at = edited.len() / 2;
    edited[at] = if edited[at] == b'x' { b'y' } else { b'x' };
    std::fs::write(file, &edited).unwrap();
    original
}

#[test]
fn a_published_page_changed_by_hand_is_made_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    handbook(&root);
    let out = dir.path().join("out");
    let (built, _, _) = build_counted(&root, &out, false);
    let page = out.join("code/index.html");
    let original = edit_by_hand(&page);
    let (rebuilt, _, rendered) = build_counted(&root, &out, false);
    assert_eq!(rendered, 1, "the edited page, and only it, is made again");
    assert_eq!(differing(&built, &rebuilt), Vec::<String>::new());
    assert_eq!(std::fs::read(&page).unwrap(), original);
}

#[test]
fn a_body_is_rendered_again_exactly_when_its_inputs_change() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    handbook(&root);
    let out = dir.path().join("out");
    let (_, report) = build(&root, &out, false);
    assert_eq!((report.reused, report.rendered), (0, 4));
    // The code block: that page only.
    edit(&root, "content/code.md", "let x = 1;", "let x = 3;");
    let (files, report) = build(&root, &out, false);
    assert_eq!((report.reused, report.rendered), (3, 1));
    let code = String::from_utf8(files["code/index.html"].clone()).unwrap();
    assert!(code.contains('3'), "the new code is on the page");
    // The page two pages link to moves: both render again, with the new href.
    edit(
        &root,
        "content/target.md",
        "title: Target\n",
        "title: Target\nslug: moved\n",
    );
    let (files, report) = build(&root, &out, false);
    assert_eq!((report.reused, report.rendered), (2, 2), "{report:?}");
    let home =
        scraper::Html::parse_document(&String::from_utf8(files["index.html"].clone()).unwrap());
    let hrefs = common::attrs(&home, "main a", "href");
    assert!(hrefs.iter().any(|h| h == "/moved/#setup"), "{hrefs:?}");
    // The config's heading id rule: every body.
    edit(
        &root,
        "handbook.toml",
        "title = \"T\"\n",
        "title = \"T\"\n[markdown]\nheading_ids = \"hugo\"\n",
    );
    let (_, report) = build(&root, &out, false);
    assert_eq!((report.reused, report.rendered), (0, 4));
    // Once more, so that the bodies' words for the search index are stored
    // with them (a body rendered gives its words as its page renders).
    let (_, report) = build(&root, &out, false);
    assert_eq!((report.reused, report.rendered), (4, 0));
    // A page removed: its entry goes from the cache.
    let before: u64 = report.bytes;
    std::fs::remove_file(root.join("content/other.md")).unwrap();
    let (_, report) = build(&root, &out, false);
    assert_eq!((report.reused, report.rendered), (3, 0));
    assert!(report.bytes < before, "{} !< {before}", report.bytes);
}

fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let file = root.join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{path} has no {from:?}");
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn check_reads_the_cache_and_never_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    handbook(&root);
    let options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    let check = || {
        handbook::check(&options)
            .unwrap_or_else(|e| panic!("check failed: {e}"))
            .cache
            .unwrap_or_default()
    };
    let report = check();
    assert_eq!((report.reused, report.rendered), (0, 4));
    assert!(
        !root.join(".handbook-cache").exists(),
        "check wrote a cache"
    );
    build(&root, &dir.path().join("out"), false);
    let before: BTreeMap<String, Vec<u8>> = files_under(&root.join(DIR));
    assert!(!before.is_empty());
    let report = check();
    assert_eq!((report.reused, report.rendered), (4, 0));
    // A damaged pack: reported, not replaced.
    let pack = packs(&root).remove(0);
    std::fs::write(&pack, b"damaged").unwrap();
    let report = check();
    assert!(
        report.notes.iter().any(|n| n.contains("damaged")),
        "{:?}",
        report.notes
    );
    assert_eq!(std::fs::read(&pack).unwrap(), b"damaged");
    let mut after = files_under(&root.join(DIR));
    let name = pack.file_name().unwrap().to_string_lossy().into_owned();
    after.insert(name.clone(), before[&name].clone());
    assert_eq!(after, before, "check changed the cache");
}

#[test]
fn a_generated_page_is_kept_until_what_it_lists_changes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    handbook(&root);
    std::fs::write(
        root.join("content/plan.md"),
        "---\ntitle: Plan\nstatus: in-progress\n---\n- [x] one\n- [ ] two\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let dashboard = out.join("dashboard/index.html");
    let (_, _, stats) = build_stats(&root, &out, false);
    let listings = stats.listings_rendered;
    assert!(listings >= 1, "the dashboard at least: {stats:?}");
    let (kept, _, stats) = build_stats(&root, &out, false);
    assert_eq!(
        stats.listings_rendered, 0,
        "nothing changed: kept as published"
    );
    // A tick changes the dashboard's row: made again, as a cold build makes it.
    edit(&root, "content/plan.md", "- [ ] two", "- [x] two");
    let (warm, _, stats) = build_stats(&root, &out, false);
    assert!(stats.listings_rendered >= 1, "the plan's progress changed");
    assert_ne!(warm["dashboard/index.html"], kept["dashboard/index.html"]);
    let (cold, _) = build(&root, &dir.path().join("cold"), true);
    assert_eq!(differing(&cold, &warm), Vec::<String>::new());
    // Edited by hand (same size): made again.
    let original = edit_by_hand(&dashboard);
    let (_, _, stats) = build_stats(&root, &out, false);
    assert_eq!(stats.listings_rendered, 1, "the edited one, and only it");
    assert_eq!(std::fs::read(&dashboard).unwrap(), original);
}
