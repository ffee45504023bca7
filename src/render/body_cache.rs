//! The build cache: each page's body as rendered (its HTML, headings,
//! checklist, phases, steps, terms and links) kept between builds in
//! `.handbook-cache/build/` in the handbook's root (beside `handbook.toml`,
//! and the external link cache), so that a build after an edit parses,
//! highlights and renders only the bodies that changed. The folder gets a
//! `.gitignore` of `*`.
//!
//! With each body go its words for the search index (made from the body's
//! HTML and the page's title, `# Title`, description and kind: used when
//! those are the same, see [`crate::render::search::PageRecord::words_key`]).
//!
//! **What a body is keyed by.** Its rendering reads its markdown, the
//! settings it is rendered with (raw HTML, the heading id rule, whether it
//! is a glossary or a playbook, the base path), the glossary's terms when it
//! links them, and, for each of its links, where the link goes. All but the
//! last are hashed into the entry's key ([`BodyKey`]); the links are kept
//! with the entry, each with the href it was written with, and a build that
//! finds the entry resolves every one of them again against its own pages:
//! the entry is used only when each gives the same href (a page moved, a
//! page added where a link was broken, a file removed: the body is rendered
//! again). Highlighted code is part of a body: a changed block, or language,
//! changes the markdown. A body that calls shortcodes or includes a snippet
//! is never cached (what those give is not in its markdown).
//!
//! **Packs.** The pages, in site order, are cut into runs where the hash of
//! a page's path says so (about [`PACK_PAGES`] pages each), so a page added
//! or removed changes only the run it is in; each run is one file, named by
//! its first page's path and rewritten only when one of its bodies changed.
//! A run is read, and written, by the job that renders its pages, so no
//! build holds more than a few packs' bytes beside the bodies it renders
//! anyway.
//!
//! **Never an error.** A pack from another build of handbook (another
//! version, or the same version built from other code: see build.rs), a damaged
//! one (each ends with a checksum of the rest) or one that cannot be read is
//! a miss: those pages render as in a cold build, and a note says so. A
//! pack that cannot be written (a full disk, a read-only folder) costs the
//! next build those pages, and a note. Packs are replaced whole (written
//! beside, then renamed), so a killed build leaves each as it was or as
//! new.
//!
//! `check` reads the cache and never changes it.
//!
//! **Bounded.** After a build, the folder holds the packs of that build's
//! pages (packs of pages since removed are deleted) and their frontmatter
//! (see content/front_cache.rs), so the cache is about the size of the
//! site's bodies; its size is reported.

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use super::markdown::Rendered;
use super::search::IndexedWords;
use crate::cache_file::Unsealed;

/// Where the cache is, from the handbook's root.
pub const DIR: &str = ".handbook-cache/build";

/// What a pack holds and how bodies are rendered: raised whenever either
/// changes in a way the version number might not show (a build from the
/// same version reads only its own format).
const FORMAT: u32 = 2;

/// About how many pages a pack holds.
pub const PACK_PAGES: u64 = 64;

const EXTENSION: &str = "pack";

/// A hash of everything but the links that a body's rendering reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BodyKey(u128);

/// What a body's rendering reads besides its links (see the module's doc).
#[derive(Debug, Default, Serialize)]
pub struct BodyInputs<'a> {
    /// The body's markdown.
    pub markdown: &'a str,
    /// `[markdown] raw_html`.
    pub raw_html: bool,
    /// `[markdown] heading_ids`, by name.
    pub heading_ids: &'a str,
    /// The page is a glossary (its terms are cut out and recorded).
    pub glossary_page: bool,
    /// The page is a playbook (its numbered items are steps).
    pub playbook: bool,
    /// The site's base path.
    pub base: &'a str,
    /// The glossary's fingerprint when the page links its terms, else 0.
    pub glossary_terms: u128,
}

impl BodyKey {
    /// The key of a body rendered from `inputs`; the format and handbook's
    /// build (version and build id) go first, so no other build's body is
    /// ever taken for this one's.
    pub fn of(inputs: &BodyInputs<'_>) -> BodyKey {
        // Strings and numbers: serialising cannot fail.
        let key = fingerprint(&(FORMAT, crate::BUILD, inputs));
        BodyKey(key.expect("a body's inputs serialise"))
    }
}

/// A hash of `value` as serde gives it (in postcard's form, which writes
/// strings as they are, unescaped): the same in every process. `None` when
/// it cannot be serialised so (a map of unknown length).
pub fn fingerprint<T: Serialize + ?Sized>(value: &T) -> Option<u128> {
    struct Hashing(Xxh3);
    impl std::io::Write for Hashing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut h = Hashing(Xxh3::new());
    postcard::to_io(value, &mut h).ok()?;
    Some(h.0.digest128())
}

/// Writes `payload`, sealed with `format` (see [`crate::cache_file::seal`]),
/// whole to the file `name` in the build cache's folder `dir`; the folder
/// above it (`.handbook-cache`) gets a `.gitignore` of `*`. The error says
/// why, for a note.
pub(crate) fn store<T: Serialize + ?Sized>(
    dir: &Path,
    name: &str,
    format: u32,
    payload: &T,
) -> Result<(), String> {
    let bytes = crate::cache_file::seal(format, payload).map_err(|e| e.to_string())?;
    let ignored = match dir.parent() {
        Some(cache) => crate::cache_file::ignore_in_git(cache, "written by handbook build"),
        None => Ok(()),
    };
    ignored
        .and_then(|()| crate::cache_file::write_whole(&dir.join(name), &bytes))
        .map_err(|e| format!("{}: {e}", dir.display()))
}

/// A link as the body was rendered with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedLink {
    /// The destination as written.
    pub dest: String,
    /// The link's text.
    pub text: String,
    /// Where it is in the body.
    pub offset: usize,
    /// The href it was written with.
    pub href: String,
}

/// A body as a build rendered it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedBody {
    /// The body rendered.
    pub rendered: Rendered,
    /// Its links, in the order rendering met them.
    pub links: Vec<CachedLink>,
    /// Its words for the search index, when the build had one.
    pub search: Option<IndexedWords>,
}

/// One page's entry in a pack.
#[derive(Serialize, Deserialize)]
struct Entry {
    path: String,
    key: BodyKey,
    body: CachedBody,
}

/// [`Entry`] as written, borrowing what the build has.
#[derive(Serialize)]
struct EntryRef<'a> {
    path: &'a str,
    key: BodyKey,
    body: BodyRef<'a>,
}

/// [`CachedBody`] as written.
#[derive(Serialize)]
pub struct BodyRef<'a> {
    /// The body rendered.
    pub rendered: &'a Rendered,
    /// Its links.
    pub links: Vec<LinkRef<'a>>,
    /// Its words for the search index.
    pub search: Option<&'a IndexedWords>,
}

/// [`CachedLink`] as written.
#[derive(Serialize)]
pub struct LinkRef<'a> {
    /// The destination as written.
    pub dest: &'a str,
    /// The link's text.
    pub text: &'a str,
    /// Where it is in the body.
    pub offset: usize,
    /// The href it was written with.
    pub href: &'a str,
}

/// The bodies one pack gave, by path.
#[derive(Default)]
pub struct Pack {
    entries: Vec<Entry>,
}

impl Pack {
    /// Whether every body was taken.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The body stored for `path` under `key`, taken out of the pack.
    pub fn take(&mut self, path: &str, key: BodyKey) -> Option<CachedBody> {
        let at = self
            .entries
            .iter()
            .position(|e| e.key == key && e.path == path)?;
        Some(self.entries.swap_remove(at).body)
    }
}

/// What a build did with the cache, for its report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheReport {
    /// Bodies taken from the cache.
    pub reused: usize,
    /// Bodies rendered (and stored, unless they cannot be).
    pub rendered: usize,
    /// The cache's size after the build, in bytes.
    pub bytes: u64,
    /// Why some of it was not used or not kept, one line each.
    pub notes: Vec<String>,
}

/// The cache of one build: reads packs and writes them as pages render.
#[derive(Debug)]
pub struct BodyCache {
    dir: PathBuf,
    /// Whether the build may change the cache (`check` only reads it).
    writes: bool,
    /// The packs this build has (their file names), kept at the end.
    packs: Mutex<HashSet<String>>,
    reused: AtomicUsize,
    rendered: AtomicUsize,
    /// Packs from another build of handbook, and damaged or unreadable ones.
    other_version: AtomicUsize,
    damaged: AtomicUsize,
    unwritable: Mutex<Option<String>>,
}

/// What [`BodyCache::read`] found of a pack.
enum Read {
    Found(Pack),
    Absent,
    OtherVersion,
    Damaged,
}

impl BodyCache {
    /// The cache in `dir` (made when first written to); `writes`: whether
    /// the build may change it (`check`, which writes nothing, only reads it).
    pub fn open(dir: PathBuf, writes: bool) -> BodyCache {
        BodyCache {
            dir,
            writes,
            packs: Mutex::default(),
            reused: AtomicUsize::new(0),
            rendered: AtomicUsize::new(0),
            other_version: AtomicUsize::new(0),
            damaged: AtomicUsize::new(0),
            unwritable: Mutex::new(None),
        }
    }

    /// The folder the cache is in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Cuts pages (their paths, in site order) into the runs packs hold: a
    /// run ends before each page whose path's hash is a multiple of
    /// [`PACK_PAGES`], so adding or removing a page moves no other run's
    /// start.
    pub fn runs(paths: &[&str]) -> Vec<Range<usize>> {
        let mut runs = Vec::new();
        let mut start = 0;
        for (i, path) in paths.iter().enumerate().skip(1) {
            if xxh3_64(path.as_bytes()).is_multiple_of(PACK_PAGES) {
                runs.push(start..i);
                start = i;
            }
        }
        if start < paths.len() {
            runs.push(start..paths.len());
        }
        runs
    }

    fn name_of(first_path: &str) -> String {
        format!("{:016x}.{EXTENSION}", xxh3_64(first_path.as_bytes()))
    }

    /// The pack of the run that starts at `first_path`: empty when there is
    /// none, or none this build can read (counted for the report).
    pub fn pack(&self, first_path: &str) -> Pack {
        let name = Self::name_of(first_path);
        lock(&self.packs).insert(name.clone());
        match Self::read(&self.dir.join(&name)) {
            Read::Found(pack) => pack,
            Read::Absent => Pack::default(),
            Read::OtherVersion => {
                self.other_version.fetch_add(1, Ordering::Relaxed);
                Pack::default()
            }
            Read::Damaged => {
                self.damaged.fetch_add(1, Ordering::Relaxed);
                Pack::default()
            }
        }
    }

    fn read(file: &Path) -> Read {
        match crate::cache_file::read_sealed::<Vec<Entry>>(file, FORMAT) {
            Unsealed::Ours(entries) => Read::Found(Pack { entries }),
            Unsealed::Absent => Read::Absent,
            Unsealed::Foreign => Read::OtherVersion,
            // There, but not readable (permissions, a folder): as damaged.
            Unsealed::Unreadable | Unsealed::Damaged => Read::Damaged,
        }
    }

    /// Counts bodies taken from the cache and rendered.
    pub fn count(&self, reused: usize, rendered: usize) {
        self.reused.fetch_add(reused, Ordering::Relaxed);
        self.rendered.fetch_add(rendered, Ordering::Relaxed);
    }

    /// Writes the pack of the run that starts at `first_path` with these
    /// bodies (path, key, body), replacing the one read (best effort).
    pub fn write<'a>(
        &self,
        first_path: &str,
        bodies: impl Iterator<Item = (&'a str, BodyKey, BodyRef<'a>)>,
    ) {
        if !self.writes {
            return;
        }
        let entries: Vec<EntryRef<'_>> = bodies
            .map(|(path, key, body)| EntryRef { path, key, body })
            .collect();
        if let Err(why) = store(&self.dir, &Self::name_of(first_path), FORMAT, &entries) {
            self.unwritable(why);
        }
    }

    fn unwritable(&self, why: String) {
        lock(&self.unwritable).get_or_insert(why);
    }

    /// Ends the build's use of the cache: packs of runs the build did not
    /// have are deleted (the cache is this build's pages, no more), and
    /// what was done is reported.
    pub fn finish(self) -> CacheReport {
        let keep = self
            .packs
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut bytes = 0;
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for entry in entries.filter_map(Result::ok) {
                let name = entry.file_name();
                let Some(name) = name.to_str() else {
                    continue;
                };
                // Only the cache's own files: packs, and packs and
                // frontmatter left half written by a killed build.
                let ours = name.ends_with(&format!(".{EXTENSION}")) || left_by_a_kill(name);
                if !ours {
                    continue;
                }
                if keep.contains(name) || !self.writes {
                    bytes += entry.metadata().map_or(0, |m| m.len());
                } else {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        let mut notes = Vec::new();
        let replaced = if self.writes {
            " and the packs replaced"
        } else {
            ""
        };
        for (n, what) in [
            (
                self.other_version.into_inner(),
                "were made by another build of handbook",
            ),
            (
                self.damaged.into_inner(),
                "were damaged or could not be read",
            ),
        ] {
            if n > 0 {
                notes.push(format!(
                    "build cache: {n} pack(s) in {} {what}; their pages were rendered again{replaced}",
                    self.dir.display()
                ));
            }
        }
        if let Some(why) = self
            .unwritable
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
        {
            notes.push(format!(
                "build cache: could not be written ({why}); the next build renders those pages again"
            ));
        }
        CacheReport {
            reused: self.reused.into_inner(),
            rendered: self.rendered.into_inner(),
            bytes,
            notes,
        }
    }
}

/// Whether `name` is a pack's or the frontmatter file's temporary file as
/// [`crate::cache_file::write_whole`] names it (`NAME.PID.tmp`), which a
/// killed build leaves behind.
fn left_by_a_kill(name: &str) -> bool {
    let Some((stem, pid)) = name.strip_suffix(".tmp").and_then(|n| n.rsplit_once('.')) else {
        return false;
    };
    !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && (stem.ends_with(&format!(".{EXTENSION}")) || stem == crate::content::front_cache::FILE)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_start_where_they_did_when_a_page_is_added() {
        let paths: Vec<String> = (0..2000).map(|i| format!("p/{i:05}.md")).collect();
        let all: Vec<&str> = paths.iter().map(String::as_str).collect();
        let runs = BodyCache::runs(&all);
        assert!(runs.len() > 10 && runs.len() < 100, "{}", runs.len());
        assert_eq!(runs.first().map(|r| r.start), Some(0));
        assert_eq!(runs.last().map(|r| r.end), Some(all.len()));
        assert!(runs.windows(2).all(|w| w[0].end == w[1].start));
        // One page more in the middle: every run's first page is the same.
        let mut more = all.clone();
        more.insert(1000, "p/01000a.md");
        let firsts = |paths: &[&str]| -> HashSet<String> {
            BodyCache::runs(paths)
                .into_iter()
                .map(|r| paths[r.start].to_string())
                .collect()
        };
        let (before, after) = (firsts(&all), firsts(&more));
        assert!(before.difference(&after).count() <= 1);
        assert!(after.difference(&before).count() <= 1);
    }

    #[test]
    fn a_pack_is_read_back_and_a_damaged_or_foreign_one_is_a_miss() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = BodyCache::open(dir.path().join(DIR), true);
        let rendered = Rendered {
            html: "<p>Hi <a href=\"/b/\">b</a></p>".into(),
            ..Rendered::default()
        };
        let key = BodyKey::of(&BodyInputs {
            markdown: "Hi [b](b.md)",
            ..BodyInputs::default()
        });
        let body = || BodyRef {
            rendered: &rendered,
            links: vec![LinkRef {
                dest: "b.md",
                text: "b",
                offset: 3,
                href: "/b/",
            }],
            search: None,
        };
        cache.write("a.md", [("a.md", key, body())].into_iter());
        let mut pack = cache.pack("a.md");
        let other = BodyKey::of(&BodyInputs {
            markdown: "Hi",
            ..BodyInputs::default()
        });
        assert!(pack.take("a.md", other).is_none());
        let got = pack.take("a.md", key).expect("stored");
        assert_eq!(got.rendered.html, rendered.html);
        assert_eq!(got.links[0].href, "/b/");
        assert!(cache.pack("b.md").take("a.md", key).is_none());
        let file = dir.path().join(DIR).join(BodyCache::name_of("a.md"));
        // One byte changed: damaged.
        let mut bytes = std::fs::read(&file).expect("written");
        let middle = bytes.len() / 2;
        bytes[middle] ^= 1;
        std::fs::write(&file, &bytes).expect("rewritten");
        assert!(cache.pack("a.md").take("a.md", key).is_none());
        // Another version's: not read.
        let foreign =
            crate::cache_file::seal_as(FORMAT, "0.0.0-other", &Vec::<u8>::new()).expect("sealed");
        std::fs::write(&file, &foreign).expect("rewritten");
        assert!(cache.pack("a.md").take("a.md", key).is_none());
        // There but unreadable (a folder in its place): as damaged.
        std::fs::create_dir(dir.path().join(DIR).join(BodyCache::name_of("c.md"))).expect("dir");
        assert!(cache.pack("c.md").take("c.md", key).is_none());
        std::fs::write(dir.path().join(DIR).join("notes.txt"), "mine").expect("user file");
        let report = cache.finish();
        assert_eq!(report.notes.len(), 2, "{:?}", report.notes);
        assert!(
            report
                .notes
                .iter()
                .any(|n| n.starts_with("build cache: 2 pack(s)")
                    && n.contains("damaged or could not be read")),
            "{:?}",
            report.notes
        );
        // The user's file stays; the packs of runs this build had stay.
        assert!(dir.path().join(DIR).join("notes.txt").exists());
        assert!(file.exists());
    }
}
