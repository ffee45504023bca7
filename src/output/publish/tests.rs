//! The publishing rules, one behaviour each, on folders in a temp dir.

use super::*;
use crate::output::Contents;

#[test]
fn rewrite_of_same_site_writes_nothing_and_removes_stale() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = Out(tmp.path().join("out"));
    let files = vec![
        OutputFile::bytes("a/index.html", "A"),
        OutputFile::bytes("b.css", "B"),
    ];
    assert_eq!(
        write(dir.path(), &files).unwrap(),
        WriteStats {
            written: 2,
            unchanged: 0,
            removed: 0
        }
    );
    assert_eq!(
        write(dir.path(), &files).unwrap(),
        WriteStats {
            written: 0,
            unchanged: 2,
            removed: 0
        }
    );
    let fewer = vec![OutputFile::bytes("b.css", "B2")];
    assert_eq!(
        write(dir.path(), &fewer).unwrap(),
        WriteStats {
            written: 1,
            unchanged: 0,
            removed: 1
        }
    );
    assert!(!dir.path().join("a").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.css")).unwrap(),
        "B2"
    );
}

#[test]
fn first_write_makes_folders_and_keeps_copy_times() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("logo.png");
    std::fs::write(&source, "PNG").unwrap();
    let time = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    std::fs::File::options()
        .write(true)
        .open(&source)
        .unwrap()
        .set_modified(time)
        .unwrap();
    let out = dir.path().join("out");
    let files = vec![
        OutputFile::bytes("a/b/c/index.html", "C"),
        OutputFile::bytes("index.html", "I"),
        OutputFile {
            path: "img/logo.png".into(),
            contents: Contents::Copy(source.clone()),
        },
    ];
    assert_eq!(write(&out, &files).unwrap().written, 3);
    assert_eq!(
        std::fs::read_to_string(out.join("a/b/c/index.html")).unwrap(),
        "C"
    );
    let copy = std::fs::metadata(out.join("img/logo.png")).unwrap();
    assert_eq!(copy.modified().unwrap(), time);
    assert_eq!(copy.len(), 3);
    // Over the existing output, nothing needs writing.
    let again = write(&out, &files).unwrap();
    assert_eq!((again.written, again.unchanged, again.removed), (0, 3, 0));
}

/// An output folder inside a temp folder (its working folder goes beside it).
struct Out(PathBuf);

impl Out {
    fn path(&self) -> &Path {
        &self.0
    }
}

/// Every file under `dir` but the manifest, with its bytes.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != MANIFEST)
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    all.sort();
    all
}

#[test]
fn an_aborted_rebuild_leaves_the_old_output_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = Out(tmp.path().join("out"));
    let old = [
        OutputFile::bytes("a/index.html", "A"),
        OutputFile::bytes("x", "file"),
        OutputFile::bytes("gone.html", "G"),
    ];
    write(dir.path(), &old).unwrap();
    let before = contents(dir.path());
    let writer = Writer::open(dir.path()).unwrap();
    writer.put(&OutputFile::bytes("a/index.html", "A changed"));
    writer.put(&OutputFile::bytes("x/index.html", "now a folder"));
    writer.put(&OutputFile::bytes("new.html", "N"));
    // Until the commit, nothing in place has changed.
    assert_eq!(contents(&dir.path().join("a")), before[..1]);
    writer.abort();
    assert_eq!(contents(dir.path()), before);
    assert!(!dir.path().join("site").exists());
    // Dropped uncommitted: the same.
    let writer = Writer::open(dir.path()).unwrap();
    writer.put(&OutputFile::bytes("a/index.html", "A changed"));
    drop(writer);
    assert_eq!(contents(dir.path()), before);
}

#[test]
fn an_aborted_first_build_leaves_no_output() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let writer = Writer::open(&out).unwrap();
    writer.put(&OutputFile::bytes("a/b/index.html", "B"));
    assert!(!out.exists(), "nothing is published before the commit");
    writer.abort();
    assert!(!out.exists());
    // An empty folder that was there stays, empty.
    std::fs::create_dir(&out).unwrap();
    let writer = Writer::open(&out).unwrap();
    writer.put(&OutputFile::bytes("a/b/index.html", "B"));
    drop(writer);
    assert!(out.is_dir());
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
}

#[test]
fn a_failed_put_fails_the_commit_and_leaves_the_old_output() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = Out(tmp.path().join("out"));
    write(dir.path(), &[OutputFile::bytes("a.html", "A")]).unwrap();
    let before = contents(dir.path());
    let writer = Writer::open(dir.path()).unwrap();
    writer.put(&OutputFile::bytes("a.html", "A2"));
    writer.put(&OutputFile {
        path: "img/missing.png".into(),
        contents: Contents::Copy(dir.path().join("no-such-file.png")),
    });
    let err = writer.commit().unwrap_err();
    assert!(err.to_string().contains("no-such-file.png"), "{err}");
    assert_eq!(contents(dir.path()), before);
}

#[test]
fn file_and_folder_can_swap_places_between_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = Out(tmp.path().join("out"));
    write(dir.path(), &[OutputFile::bytes("x", "file")]).unwrap();
    write(dir.path(), &[OutputFile::bytes("x/index.html", "page")]).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("x/index.html")).unwrap(),
        "page"
    );
    let back = write(dir.path(), &[OutputFile::bytes("x", "file again")]).unwrap();
    assert_eq!(back.written, 1);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("x")).unwrap(),
        "file again"
    );
}

#[test]
fn a_file_put_in_the_output_during_a_build_is_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    write(&out, &[OutputFile::bytes("a/index.html", "A")]).unwrap();
    write(&out, &[OutputFile::bytes("a/index.html", "A")]).unwrap();
    let writer = Writer::open(&out).unwrap();
    writer.put(&OutputFile::bytes("a/index.html", "A2"));
    // After the listing of the published tree, before the swap.
    std::thread::sleep(std::time::Duration::from_millis(50));
    std::fs::write(out.join("a/late.txt"), "late").unwrap();
    std::fs::write(out.join("late.txt"), "late too").unwrap();
    writer.commit().unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("a/index.html")).unwrap(),
        "A2"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("a/late.txt")).unwrap(),
        "late"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("late.txt")).unwrap(),
        "late too"
    );
    // And in later builds.
    write(&out, &[OutputFile::bytes("a/index.html", "A3")]).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("a/late.txt")).unwrap(),
        "late"
    );
}

#[test]
fn a_users_file_where_the_site_needs_a_folder_is_moved_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    write(&out, &[OutputFile::bytes("index.html", "I")]).unwrap();
    std::fs::write(out.join("team"), "a user's file named team").unwrap();
    std::fs::create_dir(out.join("x")).unwrap();
    std::fs::write(out.join("x/notes"), "under a future page file").unwrap();
    let published = Writer::open(&out).unwrap();
    published.put(&OutputFile::bytes("index.html", "I"));
    published.put(&OutputFile::bytes("team/index.html", "T"));
    published.put(&OutputFile::bytes("x", "now a file"));
    let notices = published.publish().unwrap().notices;
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert_eq!(
        std::fs::read_to_string(out.join("team/index.html")).unwrap(),
        "T"
    );
    let kept = contents(&tmp.path().join(".out.handbook/kept"));
    let kept: Vec<&[u8]> = kept.iter().map(|(_, b)| b.as_slice()).collect();
    assert_eq!(
        kept.len(),
        2,
        "{:?}",
        kept.iter()
            .map(|b| String::from_utf8_lossy(b))
            .collect::<Vec<_>>()
    );
    assert!(kept.contains(&b"a user's file named team".as_slice()));
    assert!(kept.contains(&b"under a future page file".as_slice()));
}

#[test]
fn a_folder_that_is_not_empty_and_not_built_is_refused_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("CNAME"), "x").unwrap();
    let err = Writer::open(&out).unwrap_err().to_string();
    assert!(err.contains("error"), "{err}");
    let forced = PublishOptions {
        force: true,
        on_wait: None,
    };
    let writer = Writer::open_with(&out, &forced).unwrap();
    writer.put(&OutputFile::bytes("index.html", "I"));
    writer.commit().unwrap();
    assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "x");
    assert!(out.join(MANIFEST).is_file());
}

#[test]
fn what_a_failed_build_left_in_the_second_tree_is_never_published() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let site = [OutputFile::bytes("index.html", "I")];
    write(&out, &site).unwrap();
    write(&out, &site).unwrap();
    let failed = Writer::open(&out).unwrap();
    failed.put(&OutputFile::bytes("index.html", "I"));
    failed.put(&OutputFile::bytes("junk/index.html", "from a failed build"));
    drop(failed);
    for _ in 0..3 {
        write(&out, &site).unwrap();
        assert_eq!(
            contents(&out).len(),
            1,
            "{:?}",
            contents(&out).iter().map(|(p, _)| p).collect::<Vec<_>>()
        );
    }
}

#[cfg(unix)]
#[test]
fn nothing_is_written_through_a_users_link_to_a_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("x"), "the user's data").unwrap();
    let site = [OutputFile::bytes("index.html", "I")];
    write(&out, &site).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("media")).unwrap();
    // Carried into the second tree, build after build.
    write(&out, &site).unwrap();
    write(&out, &site).unwrap();
    assert!(out.join("media").is_symlink());
    // Now the site has pages where the link is.
    let with_media = [
        OutputFile::bytes("index.html", "I"),
        OutputFile::bytes("media/x", "the site's x"),
        OutputFile::bytes("media/y", "the site's y"),
    ];
    for _ in 0..3 {
        write(&out, &with_media).unwrap();
        assert_eq!(
            std::fs::read_to_string(elsewhere.join("x")).unwrap(),
            "the user's data"
        );
        assert!(!elsewhere.join("y").exists(), "written through the link");
        assert!(!out.join("media").is_symlink());
        assert_eq!(
            std::fs::read_to_string(out.join("media/y")).unwrap(),
            "the site's y"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("media/x")).unwrap(),
            "the site's x"
        );
    }
    // The link itself was moved aside, not lost.
    let kept = tmp.path().join(".out.handbook/kept");
    let links: Vec<_> = walkdir::WalkDir::new(&kept)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path_is_symlink())
        .collect();
    assert_eq!(links.len(), 1);
}

#[cfg(unix)]
#[test]
fn a_tree_is_listed_whole_parents_first_links_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for dir in ["a/b/c", "a/d", "e", "f/g"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    for file in ["top.html", "a/one", "a/b/two", "a/b/c/three", "f/g/four"] {
        std::fs::write(root.join(file), file).unwrap();
    }
    // A link to a folder is listed as what it is, never walked into.
    std::os::unix::fs::symlink(root.join("a"), root.join("f/link")).unwrap();
    let tree = list(root);
    let alone = list_alone(root);
    assert_eq!((&alone.files, &alone.dirs), (&tree.files, &tree.dirs));
    let expected = walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            (rel, e.file_type().is_dir())
        })
        .partition::<Vec<_>, _>(|(_, dir)| *dir);
    let sorted = |v: Vec<(PathBuf, bool)>| {
        let mut v: Vec<PathBuf> = v.into_iter().map(|(p, _)| p).collect();
        v.sort();
        v
    };
    let expected = (sorted(expected.0), sorted(expected.1));
    let mut files = tree.files.clone();
    files.sort();
    let mut dirs = tree.dirs.clone();
    dirs.sort();
    assert_eq!((dirs, files), expected);
    assert!(tree.links);
    for (i, d) in tree.dirs.iter().enumerate() {
        if let Some(parent) = d.parent().filter(|p| !p.as_os_str().is_empty()) {
            let at = tree.dirs.iter().position(|x| x == parent).unwrap();
            assert!(at < i, "{} listed before its parent", d.display());
        }
    }
    assert!(list(&root.join("missing")).files.is_empty());
}
