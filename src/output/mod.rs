//! Write: put the rendered site in the output folder, touching only what changed.
//!
//! Pages are handed to a [`Writer`] as they render. A file is written only
//! when its bytes differ from what is on disk, and files that no longer belong
//! are removed: a rebuild of an unchanged site writes nothing. Changed files
//! wait in a staging folder until the whole site has rendered without errors,
//! so a failed build leaves the previous output as it was.

pub mod search;
pub mod sitemap;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

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

/// Where a [`Writer`] puts changed files until [`Writer::commit`], inside
/// the output folder (so a rename moves them into place).
pub const STAGING: &str = ".handbook-staging";

/// Makes `dir` hold exactly `files`.
pub fn write(dir: &Path, files: &[OutputFile]) -> Result<WriteStats, Error> {
    let writer = Writer::open(dir)?;
    files
        .par_iter()
        .with_max_len(FILES_PER_JOB)
        .for_each(|f| writer.put(f));
    writer.commit()
}

/// Puts a site's files into an output folder as they are rendered, so a
/// build need not hold the whole site in memory, and still publishes all
/// or nothing: [`Writer::commit`] makes the folder hold exactly the files
/// put, [`Writer::abort`] (or dropping the writer uncommitted) leaves it as
/// it was.
///
/// Into a new or empty folder each file is written in place (nothing can be
/// in the way, and an abort removes what was written). Over an existing
/// output, a file whose bytes are already there is left alone (a rebuild of
/// an unchanged site writes nothing); a changed one is written under
/// [`STAGING`] and renamed into place by the commit, which then removes
/// what no longer belongs. Meanwhile the old output is listed on a thread
/// of its own.
#[derive(Debug)]
pub struct Writer {
    dir: PathBuf,
    staging: PathBuf,
    /// The folder was empty or absent: files go straight into place.
    fresh: bool,
    /// The folder did not exist before.
    created: bool,
    /// The old output, being listed (an existing folder only).
    listing: Mutex<Option<std::thread::JoinHandle<Listing>>>,
    /// Over an existing output: every path put (the rest is stale), and those staged.
    paths: Mutex<Vec<String>>,
    staged: Mutex<Vec<String>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    /// The first failure, reported by the commit.
    failed: Mutex<Option<Error>>,
    /// Committed or aborted.
    done: AtomicBool,
}

impl Writer {
    /// Starts writing into `dir`, creating it if needed.
    pub fn open(dir: &Path) -> Result<Writer, Error> {
        let (fresh, created) = match std::fs::read_dir(dir) {
            Ok(mut entries) => (entries.next().is_none(), false),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (true, true),
            Err(e) => return Err(Error::io(dir, e)),
        };
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let staging = dir.join(STAGING);
        if !fresh {
            // Left by a build that was killed.
            let _ = std::fs::remove_dir_all(&staging);
        }
        let listing = (!fresh).then(|| {
            let (dir, staging) = (dir.to_path_buf(), staging.clone());
            std::thread::spawn(move || list(&dir, &staging))
        });
        Ok(Writer {
            dir: dir.to_path_buf(),
            staging,
            fresh,
            created,
            listing: Mutex::new(listing),
            paths: Mutex::new(Vec::new()),
            staged: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            failed: Mutex::new(None),
            done: AtomicBool::new(false),
        })
    }

    /// Puts one file (from any thread). A failure is kept for [`Writer::commit`].
    pub fn put(&self, file: &OutputFile) {
        let source = match &file.contents {
            Contents::Bytes(bytes) => Source::Bytes(bytes),
            Contents::Copy(from) => Source::Copy(from),
        };
        self.put_as(&file.path, source);
    }

    /// As [`Writer::put`], for bytes the caller has (a page just rendered,
    /// written without first being copied into an [`OutputFile`]).
    pub fn put_bytes(&self, path: &str, bytes: &[u8]) {
        self.put_as(path, Source::Bytes(bytes));
    }

    fn put_as(&self, path: &str, source: Source<'_>) {
        if !self.fresh {
            lock(&self.paths).push(path.to_string());
        }
        if lock(&self.failed).is_some() {
            return;
        }
        match self.place(path, source) {
            Ok(true) => self.written.fetch_add(1, Ordering::Relaxed),
            Ok(false) => self.unchanged.fetch_add(1, Ordering::Relaxed),
            Err(e) => {
                lock(&self.failed).get_or_insert(e);
                0
            }
        };
    }

    /// Writes `file` where it goes now; `Ok(false)` when it is there already.
    fn place(&self, path: &str, source: Source<'_>) -> Result<bool, Error> {
        let target = self.dir.join(path);
        if !self.fresh && is_current(&target, source)? {
            return Ok(false);
        }
        let to = if self.fresh {
            target
        } else {
            lock(&self.staged).push(path.to_string());
            self.staging.join(path)
        };
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        match source {
            Source::Bytes(bytes) => std::fs::write(&to, bytes).map_err(|e| Error::io(&to, e))?,
            Source::Copy(from) => copy_with_time(from, &to)?,
        }
        Ok(true)
    }

    /// Makes the folder hold exactly the files put; on a failure, leaves it as it was.
    pub fn commit(&self) -> Result<WriteStats, Error> {
        if let Some(e) = lock(&self.failed).take() {
            self.abort();
            return Err(e);
        }
        self.done.store(true, Ordering::Relaxed);
        let mut stats = WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed: 0,
        };
        if self.fresh {
            return Ok(stats);
        }
        let staged = std::mem::take(&mut *lock(&self.staged));
        staged
            .par_iter()
            .with_max_len(FILES_PER_JOB)
            .try_for_each(|path| self.move_into_place(path))?;
        let _ = std::fs::remove_dir_all(&self.staging);
        let listing = lock(&self.listing).take().and_then(|h| h.join().ok());
        if let Some(listing) = listing {
            let keep: HashSet<PathBuf> =
                lock(&self.paths).iter().map(|p| self.dir.join(p)).collect();
            stats.removed = remove_stale(listing, &keep)?;
        }
        Ok(stats)
    }

    /// Moves a staged file to its place, clearing what stands in the way.
    fn move_into_place(&self, path: &str) -> Result<(), Error> {
        let (from, target) = (self.staging.join(path), self.dir.join(path));
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            std::fs::remove_dir_all(&target).map_err(|e| Error::io(&target, e))?;
        }
        if let Some(parent) = target.parent()
            && !parent.is_dir()
        {
            // An old output file may stand where a folder must go now, at any depth.
            for folder in parent
                .ancestors()
                .take_while(|a| a.starts_with(&self.dir) && *a != self.dir)
            {
                if std::fs::symlink_metadata(folder).is_ok_and(|m| !m.is_dir()) {
                    std::fs::remove_file(folder).map_err(|e| Error::io(folder, e))?;
                }
            }
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::rename(&from, &target).map_err(|e| Error::io(&target, e))
    }

    /// Leaves the folder as it was before [`Writer::open`]: what was written
    /// into a new folder is removed, staged files are dropped.
    pub fn abort(&self) {
        if self.done.swap(true, Ordering::Relaxed) {
            return;
        }
        if !self.fresh {
            let _ = std::fs::remove_dir_all(&self.staging);
        } else if self.created {
            let _ = std::fs::remove_dir_all(&self.dir);
        } else if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for entry in entries.filter_map(Result::ok) {
                let path = entry.path();
                let _ = if path.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
            }
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.abort();
    }
}

/// The lock's data, also after a thread panicked holding it (each value
/// here is complete after every step).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
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

/// Whether `target` already holds these contents: the same bytes, or for a
/// copy, the same size and modification time as its source (a copy gets its
/// source's time).
/// What a file is made from, borrowed.
#[derive(Clone, Copy)]
enum Source<'a> {
    Bytes(&'a [u8]),
    Copy(&'a Path),
}

fn is_current(target: &Path, source: Source<'_>) -> Result<bool, Error> {
    let Ok(old) = std::fs::symlink_metadata(target) else {
        return Ok(false);
    };
    if !old.is_file() {
        return Ok(false);
    }
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

/// The files and folders under `dir` (not `dir` itself).
struct Listing {
    files: Vec<PathBuf>,
    /// Parents before children.
    folders: Vec<PathBuf>,
}

fn list(dir: &Path, skip: &Path) -> Listing {
    let mut listing = Listing {
        files: Vec::new(),
        folders: Vec::new(),
    };
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| e.path() != skip)
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

    /// Every file under `dir`, with its bytes.
    fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut all: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
            .collect();
        all.sort();
        all
    }

    #[test]
    fn an_aborted_rebuild_leaves_the_old_output_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
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
        assert!(!dir.path().join(STAGING).exists());
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
        assert!(out.join("a/b/index.html").is_file(), "written in place");
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
        let dir = tempfile::tempdir().unwrap();
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
