//! Publish: the output folder holds the old site or the new one, never a
//! mix, and only files a build wrote are ever removed from it.
//!
//! The new site is made in a second tree beside the output folder (`public`
//! gets `.public.handbook/site/`), never inside it, and then swapped with
//! the output folder in one step (`renameat2` with `RENAME_EXCHANGE` on
//! Linux, `renamex_np` with `RENAME_SWAP` on macOS). The swapped-out tree
//! is kept as the next build's second tree: a page that did not change is
//! a hard link to the published file (same bytes, same modification time,
//! nothing rewritten), and a changed one is written over the copy two
//! builds old, so a rebuild neither deletes nor creates many files.
//!
//! Ownership: each published tree has a manifest ([`MANIFEST`]) listing the
//! files a build wrote. Every other file in the output folder is the user's
//! (a `CNAME`, a `.git` folder): it is carried into each new tree as a hard
//! link, and a user's file at a path where the site now has a file of its
//! own is moved to `.public.handbook/kept/`, never deleted. A non-empty
//! folder without a manifest is refused unless forced.
//!
//! One build per output folder at a time: the second waits on a lock in
//! `.public.handbook/lock`. A build killed at any moment leaves the output
//! folder as it was before or as the new site; the next build finishes or
//! undoes what it left.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs::File;
use std::io::{ErrorKind, Read as _, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use self::files::*;
use self::keys::FileKey;
use self::tree::{Tree, list, list_alone};

use super::{Contents, FILES_PER_JOB, OutputFile, WriteStats};
use crate::error::{Diagnostic, Error};

/// The file in the output folder that lists what the build wrote.
pub const MANIFEST: &str = ".handbook-manifest.json";

/// How a [`Writer`] may treat the output folder.
#[derive(Debug, Clone, Copy, Default)]
pub struct PublishOptions {
    /// Build into a non-empty folder that no build made. Nothing in it is
    /// deleted; a file at a path the site needs is moved aside.
    pub force: bool,
    /// Told who holds the lock when another build is writing into the same
    /// folder (this one then waits for it).
    pub on_wait: Option<fn(&str)>,
}

/// The folders a build works with, all on the output folder's file system.
#[derive(Debug, Clone)]
struct Places {
    /// The output folder, published (its real path, links resolved).
    front: PathBuf,
    /// Beside it: the build's own folder (`.public.handbook`).
    work: PathBuf,
    /// The tree the next site is made in, swapped with `front` to publish.
    back: PathBuf,
    /// Where a user's file goes when the site needs its path.
    kept: PathBuf,
    /// Present from just before a swap until the swap's follow-up is done.
    publishing: PathBuf,
    /// The published tree moved aside, where folders cannot be swapped in one step.
    aside: PathBuf,
    /// What the second tree holds, as the last publish left it (see [`Tree::save`]).
    listed: PathBuf,
    /// Present while a build may be changing the second tree: its listing is then stale.
    syncing: PathBuf,
    /// What the published pages were made from (see publish/keys.rs).
    keys: PathBuf,
}

impl Places {
    fn of(dir: &Path) -> Result<Places, Error> {
        let front = match std::fs::symlink_metadata(dir) {
            Ok(meta) if meta.is_symlink() || meta.is_dir() => {
                dir.canonicalize().map_err(|e| Error::io(dir, e))?
            }
            Ok(_) => {
                return Err(Error::Handbook(vec![
                    Diagnostic::error(
                        crate::error::Code::OutputRefused,
                        dir.to_path_buf(),
                        "the output folder is a file",
                    )
                    .hint("choose a folder for the site with -o or output_dir"),
                ]));
            }
            Err(e) if e.kind() == ErrorKind::NotFound => {
                let absolute = std::path::absolute(dir).map_err(|e| Error::io(dir, e))?;
                let (Some(parent), Some(name)) = (absolute.parent(), absolute.file_name()) else {
                    return Err(no_name(dir));
                };
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                parent
                    .canonicalize()
                    .map_err(|e| Error::io(parent, e))?
                    .join(name)
            }
            Err(e) => return Err(Error::io(dir, e)),
        };
        let work = work_dir(&front).ok_or_else(|| no_name(dir))?;
        Ok(Places {
            back: work.join("site"),
            kept: work.join("kept"),
            publishing: work.join("publishing"),
            aside: work.join("published-old"),
            listed: work.join("site.list"),
            syncing: work.join("syncing"),
            keys: work.join("keys"),
            work,
            front,
        })
    }
}

/// `.public.handbook` for `public`.
fn work_name(output_name: &std::ffi::OsStr) -> OsString {
    let mut name = OsString::from(".");
    name.push(output_name);
    name.push(".handbook");
    name
}

/// The folder beside `output` where builds into it work: their lock, the
/// tree the next site is made in, and users' files moved aside.
pub fn work_dir(output: &Path) -> Option<PathBuf> {
    Some(output.with_file_name(work_name(output.file_name()?)))
}

fn no_name(dir: &Path) -> Error {
    Error::Handbook(vec![
        Diagnostic::error(
            crate::error::Code::OutputRefused,
            dir.to_path_buf(),
            "the output folder cannot be a file system's root",
        )
        .hint("choose a folder for the site with -o or output_dir"),
    ])
}

/// What the output folder held when the build began.
#[derive(Debug)]
enum Front {
    /// Nothing (absent, or an empty folder): nothing to compare with or carry.
    New { exists: bool },
    /// A site a build published: the files it wrote, from its manifest, and
    /// the folders they are in.
    Built {
        files: HashSet<PathBuf>,
        dirs: HashSet<PathBuf>,
    },
    /// A folder no build made, built into with `--force`: all of it is the user's.
    Adopted,
}

impl Front {
    /// Whether a build wrote the file `path`, or made the folder `path` for one.
    fn wrote(&self, path: &Path) -> bool {
        matches!(self, Front::Built { files, dirs } if files.contains(path) || dirs.contains(path))
    }
}

/// Puts a site's files into an output folder as they are rendered and
/// publishes them all at once: [`Writer::commit`] makes the folder hold the
/// files put (and the user's own files, which stay), [`Writer::abort`] or
/// dropping the writer leaves it exactly as it was.
#[derive(Debug)]
pub struct Writer {
    places: Places,
    front: Front,
    /// The second tree may hold links to folders: every folder a file goes
    /// in is then looked at, not only its parent (see [`make_parents`]).
    careful: bool,
    /// Held until the writer commits, aborts or is dropped: one build per output folder.
    held: Mutex<Option<File>>,
    /// The published tree and the second tree, being listed.
    listing: Mutex<Option<std::thread::JoinHandle<(Tree, Tree)>>>,
    /// Every path put.
    paths: Mutex<Vec<String>>,
    /// Lines about the user's files, for the build's notices.
    notices: Mutex<Vec<String>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    /// The first failure, reported by the commit.
    failed: Mutex<Option<Error>>,
    /// What the published pages were made from, by path (see publish/keys.rs).
    keys_before: HashMap<String, FileKey>,
    /// What this build's pages were made from, by path.
    keys_now: Mutex<HashMap<String, FileKey>>,
}

/// What a commit did beyond the counts, for the build's notices.
#[derive(Debug, Default, Clone)]
pub struct Published {
    /// Counts.
    pub stats: WriteStats,
    /// One line each about a user's file the build had to move or found moved.
    pub notices: Vec<String>,
}

/// What a file is made from, borrowed.
#[derive(Clone, Copy)]
enum Source<'a> {
    Bytes(&'a [u8]),
    Copy(&'a Path),
}

impl Writer {
    /// Starts a build into `dir` with the default options.
    pub fn open(dir: &Path) -> Result<Writer, Error> {
        Writer::open_with(dir, &PublishOptions::default())
    }

    /// Starts a build into `dir`: takes its lock (waiting for another build
    /// into it), finishes what a killed build left, and refuses a non-empty
    /// folder that no build made unless `options.force`.
    pub fn open_with(dir: &Path, options: &PublishOptions) -> Result<Writer, Error> {
        let places = Places::of(dir)?;
        if !places.work.exists() {
            // No build has worked here: refuse someone else's folder before
            // making anything beside it.
            read_front(&places, options.force)?;
        }
        std::fs::create_dir_all(&places.work).map_err(|e| Error::io(&places.work, e))?;
        let ignore = places.work.join(".gitignore");
        if !ignore.exists() {
            // Git then ignores the whole folder without a line in the user's .gitignore.
            let _ = std::fs::write(&ignore, "# handbook's own working folder\n*\n");
        }
        let lock = take_lock(&places.work.join("lock"), options.on_wait)?;
        let mut notices = Vec::new();
        recover(&places, &mut notices)?;
        let front = read_front(&places, options.force)?;
        // The second tree's contents are known without a walk when the last
        // build published and no build has touched it since.
        let known = if places.syncing.exists() {
            None
        } else {
            Tree::load(&places.listed)
        };
        File::create(&places.syncing).map_err(|e| Error::io(&places.syncing, e))?;
        let careful = known.as_ref().is_none_or(|tree| tree.links);
        let listing = {
            let (places, list_front) = (places.clone(), !matches!(front, Front::New { .. }));
            std::thread::spawn(move || {
                let front = if list_front {
                    list_alone(&places.front)
                } else {
                    Tree::default()
                };
                (front, known.unwrap_or_else(|| list_alone(&places.back)))
            })
        };
        std::fs::create_dir_all(&places.back).map_err(|e| Error::io(&places.back, e))?;
        let keys_before = match front {
            Front::Built { .. } => keys::load(&places.keys),
            _ => HashMap::new(),
        };
        Ok(Writer {
            keys_before,
            keys_now: Mutex::new(HashMap::new()),
            places,
            front,
            careful,
            held: Mutex::new(Some(lock)),
            listing: Mutex::new(Some(listing)),
            paths: Mutex::new(Vec::new()),
            notices: Mutex::new(notices),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            failed: Mutex::new(None),
        })
    }

    /// The folder the site is published in (its real path).
    pub fn output_dir(&self) -> &Path {
        &self.places.front
    }

    /// Puts one file (from any thread). A failure is kept for [`Writer::commit`].
    pub fn put(&self, file: &OutputFile) {
        let source = match &file.contents {
            Contents::Bytes(bytes) => Source::Bytes(bytes),
            Contents::Copy(from) => Source::Copy(from),
        };
        self.put_as(&file.path, source, None);
    }

    /// As [`Writer::put`], for bytes the caller has (a page just rendered,
    /// written without first being copied into an [`OutputFile`]).
    pub fn put_bytes(&self, path: &str, bytes: &[u8]) {
        self.put_as(path, Source::Bytes(bytes), None);
    }

    /// As [`Writer::put_bytes`], for a page made from what `key` hashes:
    /// kept with the file, for [`Writer::put_unchanged`] in the next build.
    pub fn put_bytes_keyed(&self, path: &str, bytes: &[u8], key: u128) {
        self.put_as(path, Source::Bytes(bytes), Some(key));
    }

    /// Puts the published file at `path` as it is, without its bytes, when
    /// the build that published it made it from what `key` hashes and it
    /// has not changed since (its size and modification time are those it
    /// was written with). `false`, and nothing done, otherwise: the caller
    /// then makes the file and puts it.
    pub fn put_unchanged(&self, path: &str, key: u128) -> bool {
        let Some(before) = self.keys_before.get(path).filter(|k| k.key == key) else {
            return false;
        };
        let rel = Path::new(path);
        if !is_plain(rel) || !self.front.wrote(rel) || lock(&self.failed).is_some() {
            return false;
        }
        let published = self.places.front.join(rel);
        let Ok(meta) = std::fs::symlink_metadata(&published) else {
            return false;
        };
        if !meta.is_file() || FileKey::of(key, &meta).as_ref() != Some(before) {
            return false;
        }
        lock(&self.paths).push(path.to_string());
        match link_into(&published, &meta, &self.places.back, rel, self.careful) {
            Ok(()) => {
                lock(&self.keys_now).insert(path.to_string(), *before);
                self.unchanged.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => {
                lock(&self.failed).get_or_insert(e);
            }
        }
        true
    }

    fn put_as(&self, path: &str, source: Source<'_>, key: Option<u128>) {
        lock(&self.paths).push(path.to_string());
        if lock(&self.failed).is_some() {
            return;
        }
        match self.place(path, source) {
            Ok(true) => self.written.fetch_add(1, Ordering::Relaxed),
            Ok(false) => self.unchanged.fetch_add(1, Ordering::Relaxed),
            Err(e) => {
                lock(&self.failed).get_or_insert(e);
                return;
            }
        };
        let made = key.and_then(|key| {
            let meta = std::fs::symlink_metadata(self.places.back.join(path)).ok()?;
            FileKey::of(key, &meta)
        });
        if let Some(made) = made {
            lock(&self.keys_now).insert(path.to_string(), made);
        }
    }

    /// Makes `path` in the second tree hold `source`; `Ok(false)` when the
    /// published file already does (the second tree then links to it).
    fn place(&self, path: &str, source: Source<'_>) -> Result<bool, Error> {
        let rel = Path::new(path);
        if !is_plain(rel) {
            return Err(Error::io(
                rel,
                std::io::Error::new(ErrorKind::InvalidInput, "not a path inside the site"),
            ));
        }
        let (published, target) = (self.places.front.join(rel), self.places.back.join(rel));
        let old = match self.front {
            Front::New { .. } => None,
            _ => std::fs::symlink_metadata(&published).ok(),
        };
        // A user's file at this path stays published until the swap, which
        // moves it to the kept folder (see `rescue`).
        if let Some(old) = &old
            && old.is_file()
            && is_current(&published, old, source)?
        {
            link_into(&published, old, &self.places.back, rel, self.careful)?;
            return Ok(false);
        }
        clear_for_write(&self.places.back, rel, self.careful)?;
        match source {
            Source::Bytes(bytes) => {
                std::fs::write(&target, bytes).map_err(|e| Error::io(&target, e))?
            }
            Source::Copy(from) => copy_with_time(from, &target)?,
        }
        Ok(true)
    }

    /// Publishes the files put, all at once; on an earlier failure, leaves
    /// the output folder as it was and returns that failure.
    pub fn commit(&self) -> Result<WriteStats, Error> {
        self.publish().map(|p| p.stats)
    }

    /// As [`Writer::commit`], with notices about the user's files.
    pub fn publish(&self) -> Result<Published, Error> {
        if let Some(e) = lock(&self.failed).take() {
            self.abort();
            return Err(e);
        }
        let places = &self.places;
        let (front_tree, back_tree) = lock(&self.listing)
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        let site: HashSet<PathBuf> = lock(&self.paths).iter().map(PathBuf::from).collect();
        let site_dirs = folders_of(&site);
        // The user's files and folders in the published tree go into the new one.
        let mut keep: HashSet<PathBuf> = HashSet::new();
        let users_files: Vec<&PathBuf> = front_tree
            .files
            .iter()
            .filter(|p| !self.front.wrote(p) && p.as_os_str() != MANIFEST && !site.contains(*p))
            .filter(|p| !site_dirs.contains(*p) && !under_a_site_file(p, &site))
            .collect();
        for p in &users_files {
            let from = places.front.join(p);
            let Ok(meta) = std::fs::symlink_metadata(&from) else {
                continue; // Gone since the listing.
            };
            link_into(&from, &meta, &places.back, p, true)?;
            keep.insert(p.to_path_buf());
        }
        let mut keep_dirs = site_dirs;
        for d in &front_tree.dirs {
            if !self.front.wrote(d) && !site.contains(d) && !under_a_site_file(d, &site) {
                let to = places.back.join(d);
                if !std::fs::symlink_metadata(&to).is_ok_and(|m| m.is_dir()) {
                    remove_any(&to)?;
                    make_parents(&places.back, d, true)?;
                    std::fs::create_dir(&to).map_err(|e| Error::io(&to, e))?;
                }
                keep_dirs.insert(d.clone());
            }
        }
        keep_dirs.extend(folders_of(&keep));
        // What the second tree still has of older sites goes.
        for p in &back_tree.files {
            if !site.contains(p) && !keep.contains(p) {
                let path = places.back.join(p);
                match std::fs::remove_file(&path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == ErrorKind::NotFound => {}
                    // A folder now (a file of this site's went under it).
                    Err(_) if path.is_dir() => {}
                    Err(e) => return Err(Error::io(&path, e)),
                }
            }
        }
        for d in back_tree.dirs.iter().rev() {
            if !keep_dirs.contains(d) {
                let _ = std::fs::remove_dir(places.back.join(d));
            }
        }
        let mut wrote = std::mem::take(&mut *lock(&self.paths));
        wrote.sort_unstable();
        // Like any file, left alone when it has not changed.
        self.place(MANIFEST, Source::Bytes(&manifest(&wrote)))?;
        if let Ok(meta) = std::fs::metadata(&places.front) {
            let _ = std::fs::set_permissions(&places.back, meta.permissions());
        }
        let removed = match &self.front {
            Front::Built { files, .. } => files.iter().filter(|p| !site.contains(*p)).count(),
            _ => 0,
        };
        // Until the new keys are saved, none: they would name the old site's files.
        let _ = std::fs::remove_file(&places.keys);
        // From here a killed build is finished by the next one (see `recover`).
        File::create(&places.publishing).map_err(|e| Error::io(&places.publishing, e))?;
        swap_in(places, matches!(self.front, Front::New { exists: false }))?;
        let mut notices = std::mem::take(&mut *lock(&self.notices));
        let back = rescue(places, &mut notices)?;
        keys::save(&places.keys, std::mem::take(&mut *lock(&self.keys_now)));
        let _ = std::fs::remove_file(&places.publishing);
        if back.save(&places.listed).is_ok() {
            let _ = std::fs::remove_file(&places.syncing);
        }
        drop(lock(&self.held).take());
        Ok(Published {
            stats: WriteStats {
                written: self.written.load(Ordering::Relaxed),
                unchanged: self.unchanged.load(Ordering::Relaxed),
                removed,
            },
            notices,
        })
    }

    /// Leaves the output folder as it was (it was never touched); the
    /// second tree, the build's own, is made right by the next build.
    pub fn abort(&self) {
        drop(lock(&self.held).take());
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if let Some(handle) = lock(&self.listing).take() {
            let _ = handle.join();
        }
        self.abort();
    }
}

/// Puts the second tree in the output folder's place in one step.
fn swap_in(places: &Places, front_absent: bool) -> Result<(), Error> {
    if front_absent {
        return std::fs::rename(&places.back, &places.front)
            .map_err(|e| Error::io(&places.front, e));
    }
    match exchange(&places.front, &places.back) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::Unsupported => {
            // This file system cannot swap folders: move the published tree
            // aside and the new one in; between the two renames the folder is
            // absent, never a mix (`recover` puts back what a kill leaves).
            let rename = |a: &Path, b: &Path| std::fs::rename(a, b).map_err(|e| Error::io(b, e));
            rename(&places.front, &places.aside)?;
            if let Err(e) = rename(&places.back, &places.front) {
                // Put the published site back rather than leave no folder.
                let _ = std::fs::rename(&places.aside, &places.front);
                return Err(e);
            }
            rename(&places.aside, &places.back)
        }
        Err(e) => Err(Error::Handbook(vec![
            Diagnostic::error(crate::error::Code::OutputWrite,
                places.front.clone(),
                format!("cannot swap the new site into the output folder: {e}"),
            )
            .hint(format!(
                "handbook publishes by swapping {} with {}; if the output folder is a mount point, mount its parent instead or choose a folder inside it",
                places.front.display(),
                places.back.display()
            )),
        ])),
    }
}

#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(|e| match e {
        // The kernel or this file system cannot swap.
        Errno::INVAL | Errno::NOSYS | Errno::NOTSUP => {
            std::io::Error::new(ErrorKind::Unsupported, std::io::Error::from(e))
        }
        e => std::io::Error::from(e),
    })
}

/// Renames `from` to `to` unless something is at `to` (then an error),
/// also when it appears between a look and the rename, where the system can.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
))]
pub(crate) fn rename_no_replace(from: &Path, to: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
        Ok(()) => Ok(()),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP)
            if std::fs::symlink_metadata(to).is_err() =>
        {
            std::fs::rename(from, to)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
)))]
pub(crate) fn rename_no_replace(from: &Path, to: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(std::io::Error::from(ErrorKind::AlreadyExists));
    }
    std::fs::rename(from, to)
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
)))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(ErrorKind::Unsupported))
}

/// Finishes what a build killed while publishing left.
fn recover(places: &Places, notices: &mut Vec<String>) -> Result<(), Error> {
    if places.aside.exists() {
        // Killed between the renames of a file system that cannot swap.
        let to = if !places.front.exists() {
            &places.front
        } else {
            &places.back
        };
        if to.exists() {
            return Err(Error::io(
                &places.aside,
                std::io::Error::new(
                    ErrorKind::AlreadyExists,
                    "left by a killed build beside a complete site; move it away",
                ),
            ));
        }
        std::fs::rename(&places.aside, to).map_err(|e| Error::io(to, e))?;
    }
    if places.publishing.exists() {
        rescue(places, notices)?;
        // The listing was not saved: the next look at the second tree walks it.
        File::create(&places.syncing).map_err(|e| Error::io(&places.syncing, e))?;
        let _ = std::fs::remove_file(&places.publishing);
    }
    Ok(())
}

/// After a swap, the second tree holds what was published: a file in it
/// that its build did not write and that is not linked into the published
/// tree is the user's (it appeared during the build, or stood where the
/// site needs its path). It goes to the published tree when its path is
/// free, else to the kept folder. `notices` gets a line for each one kept.
fn rescue(places: &Places, notices: &mut Vec<String>) -> Result<Tree, Error> {
    let wrote = read_manifest(&places.back.join(MANIFEST)).unwrap_or_default();
    let mut tree = list(&places.back);
    let mut stamp = None;
    let mut moved = HashSet::new();
    for p in &tree.files {
        if wrote.contains(p) || p.as_os_str() == MANIFEST {
            continue;
        }
        let (old, new) = (places.back.join(p), places.front.join(p));
        let Ok(old_meta) = std::fs::symlink_metadata(&old) else {
            continue;
        };
        let published = std::fs::symlink_metadata(&new);
        if published.as_ref().is_ok_and(|m| same_file(m, &old_meta)) {
            continue;
        }
        if published.is_err()
            && p.parent()
                .is_none_or(|parent| std::fs::create_dir_all(places.front.join(parent)).is_ok())
            && rename_no_replace(&old, &new).is_ok()
        {
            moved.insert(p.clone());
            continue;
        }
        let stamp = stamp.get_or_insert_with(|| {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            (0..)
                .map(|n| places.kept.join(format!("{secs}-{n}")))
                .find(|d| !d.exists())
                .unwrap_or_else(|| places.kept.join(secs.to_string()))
        });
        let to = stamp.join(p);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::rename(&old, &to).map_err(|e| Error::io(&to, e))?;
        moved.insert(p.clone());
        notices.push(format!(
            "{}: not written by a build, and the site needs its path; moved to {}",
            new.display(),
            to.display()
        ));
    }
    tree.files.retain(|p| !moved.contains(p));
    Ok(tree)
}

/// Reads the output folder's state; refuses a non-empty folder no build made.
fn read_front(places: &Places, force: bool) -> Result<Front, Error> {
    let mut entries = match std::fs::read_dir(&places.front) {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Front::New { exists: false }),
        Err(e) => return Err(Error::io(&places.front, e)),
    };
    let Some(first) = entries.next() else {
        return Ok(Front::New { exists: true });
    };
    if let Some(files) = read_manifest(&places.front.join(MANIFEST)) {
        let dirs = folders_of(&files);
        return Ok(Front::Built { files, dirs });
    }
    if force {
        return Ok(Front::Adopted);
    }
    let mut names: Vec<String> = std::iter::once(first)
        .chain(entries)
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let shown = names.iter().take(4).cloned().collect::<Vec<_>>().join(", ");
    let more = names.len().saturating_sub(4);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Err(Error::Handbook(vec![
        Diagnostic::error(crate::error::Code::OutputRefused,
            places.front.clone(),
            format!("the output folder is not empty and no handbook build made it (it has {shown}{more})"),
        )
        .hint(format!(
            "handbook writes only into a folder it made, so that it never deletes your files: choose a new or empty folder with -o or output_dir; if this is an older handbook's output, delete it once; or pass --force to build into it (nothing in it is deleted, and a file where the site has one is moved to {})",
            places.kept.display()
        )),
    ]))
}

/// The files a build wrote, from a manifest; `None` if it is missing or not one.
fn read_manifest(path: &Path) -> Option<HashSet<PathBuf>> {
    let mut text = String::new();
    File::open(path).ok()?.read_to_string(&mut text).ok()?;
    let manifest: Manifest = serde_json::from_str(&text).ok()?;
    (manifest.generator == GENERATOR)
        .then(|| manifest.files.into_iter().map(PathBuf::from).collect())
}

const GENERATOR: &str = "handbook";

/// The manifest's contents.
#[derive(serde::Serialize, serde::Deserialize)]
struct Manifest {
    /// Always `handbook`.
    generator: String,
    /// What it is for, for a person who opens it.
    about: String,
    /// Every file the build wrote, `/`-separated, relative to the output folder.
    files: Vec<String>,
}

/// The manifest listing `files`.
fn manifest(files: &[String]) -> Vec<u8> {
    let manifest = Manifest {
        generator: GENERATOR.into(),
        about: "The files handbook wrote here. A build removes only these; every other file in this folder is kept.".into(),
        files: files.to_vec(),
    };
    serde_json::to_vec(&manifest).unwrap_or_default()
}

/// Takes the output folder's lock, waiting (after saying who holds it) if
/// another build has it. The lock goes with the process, also when killed.
fn take_lock(path: &Path, on_wait: Option<fn(&str)>) -> Result<File, Error> {
    let mut file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            if let Some(tell) = on_wait {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                tell(&format!(
                    "waiting for another build into this folder ({}) to finish",
                    if holder.is_empty() {
                        "process unknown"
                    } else {
                        holder
                    }
                ));
            }
            file.lock().map_err(|e| Error::io(path, e))?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(path, e)),
    }
    let _ = file.set_len(0);
    let _ = write!(file, "pid {}", std::process::id());
    Ok(file)
}

/// Whether `path` is relative and plain (no `..`, no root).
fn is_plain(path: &Path) -> bool {
    path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// The folders the files are in, at every depth.
fn folders_of(files: &HashSet<PathBuf>) -> HashSet<PathBuf> {
    let mut dirs = HashSet::new();
    for p in files {
        for a in p.ancestors().skip(1) {
            if a.as_os_str().is_empty() || !dirs.insert(a.to_path_buf()) {
                break;
            }
        }
    }
    dirs
}

/// Whether one of the folders `p` is in is a file of the site's.
fn under_a_site_file(p: &Path, site: &HashSet<PathBuf>) -> bool {
    p.ancestors()
        .skip(1)
        .take_while(|a| !a.as_os_str().is_empty())
        .any(|a| site.contains(a))
}

/// The lock's data, also after a thread panicked holding it (each value
/// here is complete after every step).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Makes `dir` hold exactly `files` (and whatever of the user's is there).
pub fn write(dir: &Path, files: &[OutputFile]) -> Result<WriteStats, Error> {
    let writer = Writer::open(dir)?;
    files
        .par_iter()
        .with_max_len(FILES_PER_JOB)
        .for_each(|f| writer.put(f));
    writer.commit()
}

mod files;
mod keys;
mod tree;

#[cfg(test)]
mod tests;
