//! Write: put the rendered site in the output folder, touching only what changed.
//!
//! The whole site is rendered in memory first, so a failed build never gets
//! here and the previous output stays as it was. Then a file is written only
//! when its bytes differ from what is on disk, and files that no longer belong
//! are removed: a rebuild of an unchanged site writes nothing.

pub mod search;
pub mod sitemap;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::Error;

/// At most this many files go to one parallel job, so that both threads
/// stay busy to the end instead of one finishing a long run alone.
const FILES_PER_JOB: usize = 64;

/// What goes into one output file.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Bytes rendered in memory (shared, so handing a build to the dev server copies nothing).
    Bytes(Arc<[u8]>),
    /// A file copied as it is.
    Copy(PathBuf),
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Its path inside the output folder, `/`-separated (`a/b/index.html`).
    pub path: String,
    /// What to write.
    pub contents: Contents,
}

impl OutputFile {
    /// A file rendered in memory.
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(Arc::from(bytes.into())),
        }
    }
}

/// What [`write`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files created or changed.
    pub written: usize,
    /// Files that were already right.
    pub unchanged: usize,
    /// Stale files removed.
    pub removed: usize,
}

/// Makes `dir` hold exactly `files`.
pub fn write(dir: &Path, files: &[OutputFile]) -> Result<WriteStats, Error> {
    let fresh = match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(Error::io(dir, e)),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    if fresh {
        return write_fresh(dir, files);
    }
    // What is there already is listed (one walk, sequential) while the files
    // are written (in parallel); then what no longer belongs is removed.
    let (results, existing) = rayon::join(
        || {
            files
                .par_iter()
                .with_max_len(FILES_PER_JOB)
                .map(|f| write_one(dir, f))
                .collect::<Vec<Result<bool, Error>>>()
        },
        || list(dir),
    );
    let mut stats = WriteStats::default();
    for r in results {
        if r? {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    let keep: HashSet<PathBuf> = files.iter().map(|f| dir.join(&f.path)).collect();
    stats.removed = remove_stale(existing, &keep)?;
    Ok(stats)
}

/// Writes `files` into the new or empty folder `dir`: nothing can be in the
/// way, nothing is stale and there are no old bytes to compare, so the
/// folders are made once and each file is only created.
fn write_fresh(dir: &Path, files: &[OutputFile]) -> Result<WriteStats, Error> {
    let folders: std::collections::BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(folder, _)| folder))
        .collect();
    folders.par_iter().try_for_each(|folder| {
        let path = dir.join(folder);
        std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))
    })?;
    files
        .par_iter()
        .with_max_len(FILES_PER_JOB)
        .try_for_each(|file| {
            let target = dir.join(&file.path);
            match &file.contents {
                Contents::Bytes(bytes) => {
                    std::fs::write(&target, bytes).map_err(|e| Error::io(&target, e))
                }
                Contents::Copy(from) => copy_with_time(from, &target),
            }
        })?;
    Ok(WriteStats {
        written: files.len(),
        ..WriteStats::default()
    })
}

/// Copies `from` to `to` and gives the copy its source's modification time,
/// so a later build can tell it is already there without reading it.
fn copy_with_time(from: &Path, to: &Path) -> Result<(), Error> {
    std::fs::copy(from, to).map_err(|e| Error::io(from, e))?;
    let time = std::fs::metadata(from)
        .and_then(|m| m.modified())
        .map_err(|e| Error::io(from, e))?;
    let file = std::fs::File::options()
        .write(true)
        .open(to)
        .map_err(|e| Error::io(to, e))?;
    file.set_modified(time).map_err(|e| Error::io(to, e))
}

/// Writes one file unless it already has these bytes; `Ok(true)` when written.
fn write_one(dir: &Path, file: &OutputFile) -> Result<bool, Error> {
    let target = dir.join(&file.path);
    let new_bytes;
    let mut source_time = None;
    let bytes: &[u8] = match &file.contents {
        Contents::Bytes(b) => b,
        Contents::Copy(from) => {
            // A copy gets its source's modification time (below), so equal size
            // and time mean it is already there.
            let source = std::fs::metadata(from).map_err(|e| Error::io(from, e))?;
            if let Ok(old) = std::fs::metadata(&target)
                && old.is_file()
                && old.len() == source.len()
                && old.modified().ok().is_some()
                && old.modified().ok() == source.modified().ok()
            {
                return Ok(false);
            }
            source_time = source.modified().ok();
            new_bytes = std::fs::read(from).map_err(|e| Error::io(from, e))?;
            &new_bytes
        }
    };
    if let Ok(meta) = std::fs::symlink_metadata(&target) {
        if meta.is_file() && meta.len() == bytes.len() as u64 {
            if let Ok(old) = std::fs::read(&target)
                && old == bytes
            {
                return Ok(false);
            }
        } else if meta.is_dir() {
            std::fs::remove_dir_all(&target).map_err(|e| Error::io(&target, e))?;
        }
    }
    if let Some(parent) = target.parent()
        && !parent.is_dir()
    {
        // An old output file may stand where a folder must go now, at any depth.
        for folder in parent
            .ancestors()
            .take_while(|a| a.starts_with(dir) && *a != dir)
        {
            if std::fs::symlink_metadata(folder).is_ok_and(|m| !m.is_dir()) {
                std::fs::remove_file(folder).map_err(|e| Error::io(folder, e))?;
            }
        }
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(&target, bytes).map_err(|e| Error::io(&target, e))?;
    if let Some(time) = source_time {
        let file = std::fs::File::options()
            .write(true)
            .open(&target)
            .map_err(|e| Error::io(&target, e))?;
        file.set_modified(time).map_err(|e| Error::io(&target, e))?;
    }
    Ok(true)
}

/// The files and folders under `dir` (not `dir` itself).
struct Listing {
    files: Vec<PathBuf>,
    /// Parents before children.
    folders: Vec<PathBuf>,
}

fn list(dir: &Path) -> Listing {
    let mut listing = Listing {
        files: Vec::new(),
        folders: Vec::new(),
    };
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_dir() {
            listing.folders.push(entry.into_path());
        } else {
            listing.files.push(entry.into_path());
        }
    }
    listing
}

/// Removes the listed files that are not in `keep`, then folders left empty.
fn remove_stale(listing: Listing, keep: &HashSet<PathBuf>) -> Result<usize, Error> {
    let mut removed = 0;
    for path in listing.files.iter().filter(|p| !keep.contains(*p)) {
        match std::fs::remove_file(path) {
            Ok(()) => removed += 1,
            // It stood where a folder has to go now, and writing removed it
            // (the listing was made while the files were written).
            Err(_) if !path.is_file() => {}
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    for d in listing.folders.iter().rev() {
        // Fails, as it should, on folders that still hold files.
        let _ = std::fs::remove_dir(d);
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrite_of_same_site_writes_nothing_and_removes_stale() {
        let dir = tempfile::tempdir().unwrap();
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

    #[test]
    fn file_and_folder_can_swap_places_between_builds() {
        let dir = tempfile::tempdir().unwrap();
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
}
