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

/// The files and folders under `dir`, relative to it (nothing if it is absent).
pub(super) fn list(dir: &Path) -> Tree {
    let mut tree = Tree::default();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_path_buf();
        tree.links |= entry.file_type().is_symlink();
        if entry.file_type().is_dir() {
            tree.dirs.push(rel);
        } else {
            tree.files.push(rel);
        }
    }
    tree
}
