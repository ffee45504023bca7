//! The second tree's listing: its files and folders, saved after a build
//! so that the next one need not walk it.

use std::path::{Path, PathBuf};

/// The files and folders of a tree, relative to it.
#[derive(Debug, Default)]
pub(super) struct Tree {
    pub(super) files: Vec<PathBuf>,
    /// Parents before children.
    pub(super) dirs: Vec<PathBuf>,
    /// Whether any file is a symbolic link (a user's, carried).
    pub(super) links: bool,
}

/// A [`Tree`] saved as `f` or `d`, a path and a NUL for each entry (a path
/// may hold any byte but NUL), after `L` and a NUL when it has links, so
/// that a rebuild need not walk the second tree to know what it holds.
#[cfg(unix)]
impl Tree {
    pub(super) fn save(&self, path: &Path) -> std::io::Result<()> {
        use std::os::unix::ffi::OsStrExt;
        let mut bytes = if self.links {
            b"L\0".to_vec()
        } else {
            Vec::new()
        };
        for (kind, entries) in [(b'd', &self.dirs), (b'f', &self.files)] {
            for entry in entries {
                bytes.push(kind);
                bytes.extend_from_slice(entry.as_os_str().as_bytes());
                bytes.push(0);
            }
        }
        std::fs::write(path, bytes)
    }

    pub(super) fn load(path: &Path) -> Option<Tree> {
        use std::os::unix::ffi::OsStrExt;
        let bytes = std::fs::read(path).ok()?;
        let mut tree = Tree::default();
        for entry in bytes.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            let (kind, name) = entry.split_first()?;
            let name = PathBuf::from(std::ffi::OsStr::from_bytes(name));
            match kind {
                b'L' => tree.links = true,
                b'd' => tree.dirs.push(name),
                b'f' => tree.files.push(name),
                _ => return None,
            }
        }
        Some(tree)
    }
}

/// Elsewhere the second tree is walked every time.
#[cfg(not(unix))]
impl Tree {
    pub(super) fn save(&self, _: &Path) -> std::io::Result<()> {
        Err(std::io::Error::from(ErrorKind::Unsupported))
    }

    pub(super) fn load(_: &Path) -> Option<Tree> {
        None
    }
}

/// The files and folders under `dir`, relative to it (nothing if it is
/// absent). Symbolic links are not followed (they are listed as files).
/// Each folder's subfolders are listed in parallel (rayon): a published
/// site has a folder per page, and a rebuild lists the tree it replaced
/// after publishing, when nothing else is left to do.
pub(super) fn list(dir: &Path) -> Tree {
    let mut tree = Tree::default();
    list_into(dir, Path::new(""), true, &mut tree);
    tree
}

/// As [`list`], one folder after another: for a thread of its own beside
/// the build, which would otherwise wait for rayon's threads (busy with the
/// pages; and, were its joiner one of them, perhaps forever).
pub(super) fn list_alone(dir: &Path) -> Tree {
    let mut tree = Tree::default();
    list_into(dir, Path::new(""), false, &mut tree);
    tree
}

/// Adds what is under `dir` (`rel` from the tree's root) to `tree`, parents
/// before children; the subfolders in parallel when `parallel`.
fn list_into(dir: &Path, rel: &Path, parallel: bool, tree: &mut Tree) {
    use rayon::prelude::*;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut subdirs = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = rel.join(entry.file_name());
        tree.links |= kind.is_symlink();
        if kind.is_dir() {
            tree.dirs.push(name.clone());
            subdirs.push((entry.path(), name));
        } else {
            tree.files.push(name);
        }
    }
    let below = |(path, name): &(PathBuf, PathBuf)| {
        let mut sub = Tree::default();
        list_into(path, name, parallel, &mut sub);
        sub
    };
    let below: Vec<Tree> = if parallel {
        subdirs.par_iter().map(below).collect()
    } else {
        subdirs.iter().map(below).collect()
    };
    for sub in below {
        tree.files.extend(sub.files);
        tree.dirs.extend(sub.dirs);
        tree.links |= sub.links;
    }
}
