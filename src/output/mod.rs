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
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let results: Vec<Result<bool, Error>> = files.par_iter().map(|f| write_one(dir, f)).collect();
    let mut stats = WriteStats::default();
    for r in results {
        if r? {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    let keep: HashSet<PathBuf> = files.iter().map(|f| dir.join(&f.path)).collect();
    stats.removed = remove_stale(dir, &keep)?;
    Ok(stats)
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

/// Removes files under `dir` that are not in `keep`, then folders left empty.
fn remove_stale(dir: &Path, keep: &HashSet<PathBuf>) -> Result<usize, Error> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if entry.file_type().is_dir() {
            dirs.push(path.to_path_buf());
        } else if !keep.contains(path) {
            std::fs::remove_file(path).map_err(|e| Error::io(path, e))?;
            removed += 1;
        }
    }
    for d in dirs.iter().rev() {
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
}
