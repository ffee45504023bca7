//! The second tree's file operations: making room for a file, making its
//! folders, linking or copying a published file into it; never through a
//! user's link, never changing a published file.

use std::fs::{File, Metadata};
use std::io::ErrorKind;
use std::path::Path;

use super::Source;
use crate::error::Error;

/// Makes room to write a file at `rel` in `root` (the second tree, all the
/// build's own): a folder or a link there is removed, and so is a file
/// shared with the published tree, so that writing cannot change that one;
/// a file the build alone has is written over in place.
pub(super) fn clear_for_write(root: &Path, rel: &Path, careful: bool) -> Result<(), Error> {
    make_parents(root, rel, careful)?;
    let target = root.join(rel);
    match std::fs::symlink_metadata(&target) {
        Ok(m) if m.is_file() && !shared(&m) => Ok(()),
        Ok(_) => remove_any(&target),
        Err(_) => Ok(()),
    }
}

/// Makes the folders `rel` goes in under `root`, removing files in the way.
///
/// Each folder is looked at itself, links not followed: a link to a folder
/// (a user's, carried into the tree) is removed like a file, so that
/// nothing is ever written through it to wherever it points.
/// Without `careful` (the tree is known to hold no link), a parent that is
/// a folder is enough.
pub(super) fn make_parents(root: &Path, rel: &Path, careful: bool) -> Result<(), Error> {
    if !careful
        && let Some(parent) = root.join(rel).parent()
        && std::fs::symlink_metadata(parent).is_ok_and(|m| m.is_dir())
    {
        return Ok(());
    }
    let mut folder = root.to_path_buf();
    for part in rel.parent().into_iter().flat_map(Path::components) {
        folder.push(part);
        match std::fs::symlink_metadata(&folder) {
            Ok(m) if m.is_dir() => continue,
            Ok(_) => match std::fs::remove_file(&folder) {
                Ok(()) => {}
                Err(e) if e.kind() == ErrorKind::NotFound => {}
                // Another thread, writing beside this one, saw the same link
                // and has already put the folder in its place.
                Err(_) if std::fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir()) => continue,
                Err(e) => return Err(Error::io(&folder, e)),
            },
            Err(_) => {}
        }
        match std::fs::create_dir(&folder) {
            // Another thread made it since.
            Err(e) if e.kind() != ErrorKind::AlreadyExists => return Err(Error::io(&folder, e)),
            _ => {}
        }
    }
    Ok(())
}

/// Removes a file, link or folder of the second tree, if there is one.
pub(super) fn remove_any(path: &Path) -> Result<(), Error> {
    let removed = match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(_) => Ok(()),
    };
    removed.map_err(|e| Error::io(path, e))
}

#[cfg(unix)]
pub(super) fn shared(meta: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.nlink() > 1
}

#[cfg(not(unix))]
pub(super) fn shared(_: &Metadata) -> bool {
    true
}

#[cfg(unix)]
pub(super) fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
pub(super) fn same_file(_: &Metadata, _: &Metadata) -> bool {
    false
}

/// Makes `rel` in the second tree `root` the same file as `from`
/// (published, with metadata `meta`): a hard link, or where links fail a
/// copy with its time (a symbolic link: a new one to the same place).
pub(super) fn link_into(
    from: &Path,
    meta: &Metadata,
    root: &Path,
    rel: &Path,
    careful: bool,
) -> Result<(), Error> {
    let to = root.join(rel);
    make_parents(root, rel, careful)?;
    if std::fs::symlink_metadata(&to).is_ok_and(|there| same_file(&there, meta)) {
        return Ok(());
    }
    remove_any(&to)?;
    match std::fs::hard_link(from, &to) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => Err(Error::io(from, e)),
        Err(_) if meta.is_file() => copy_with_time(from, &to),
        Err(_) if meta.is_symlink() => {
            let target = std::fs::read_link(from).map_err(|e| Error::io(from, e))?;
            symlink(&target, &to)
        }
        Err(e) => Err(Error::io(&to, e)),
    }
}

#[cfg(unix)]
pub(super) fn symlink(target: &Path, link: &Path) -> Result<(), Error> {
    std::os::unix::fs::symlink(target, link).map_err(|e| Error::io(link, e))
}

#[cfg(not(unix))]
pub(super) fn symlink(_: &Path, link: &Path) -> Result<(), Error> {
    Err(Error::io(
        link,
        std::io::Error::from(ErrorKind::Unsupported),
    ))
}

/// Copies `from` to `to` and gives the copy its source's modification time,
/// so a later build can tell it is already there without reading it.
pub(super) fn copy_with_time(from: &Path, to: &Path) -> Result<(), Error> {
    std::fs::copy(from, to).map_err(|e| Error::io(from, e))?;
    let time = std::fs::metadata(from)
        .and_then(|m| m.modified())
        .map_err(|e| Error::io(from, e))?;
    let file = File::options()
        .write(true)
        .open(to)
        .map_err(|e| Error::io(to, e))?;
    file.set_modified(time).map_err(|e| Error::io(to, e))
}

/// Whether the published file (with metadata `old`) already holds these
/// contents: the same bytes, or for a copy, the same size and modification
/// time as its source (a copy gets its source's time).
pub(super) fn is_current(target: &Path, old: &Metadata, source: Source<'_>) -> Result<bool, Error> {
    match source {
        Source::Copy(from) => {
            let source = std::fs::metadata(from).map_err(|e| Error::io(from, e))?;
            Ok(old.len() == source.len()
                && old.modified().ok().is_some()
                && old.modified().ok() == source.modified().ok())
        }
        Source::Bytes(bytes) => Ok(old.len() == bytes.len() as u64
            && std::fs::read(target).is_ok_and(|b| b.as_slice() == bytes)),
    }
}
