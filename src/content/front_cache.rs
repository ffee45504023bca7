//! The frontmatter cache: each page's frontmatter as read, kept between
//! builds in the build cache's folder (`.handbook-cache/build/frontmatter`)
//! by a hash of its text and of what reads it (YAML or TOML, the handbook's
//! `[frontmatter]` keys, handbook's build), so that a build after an edit
//! parses only the frontmatter that changed. A YAML parse costs some 30 µs
//! for a page's few lines (the parser works token by token); reading the
//! kept form back costs a tenth of that.
//!
//! **The kept form** is the parsed frontmatter as JSON, read back with the
//! same types. An entry is kept only when reading it back gives exactly
//! what the parse gave (checked as it is stored), so a value JSON cannot
//! carry (a `navOrder` of `.nan`, a key the handbook keeps for itself under
//! the name of one handbook reads) is simply parsed in every build.
//! Frontmatter that fails to parse is never kept: its diagnostic needs the
//! text.
//!
//! **Never an error**, like the body cache's packs: a file from another
//! build of handbook, a damaged one (it ends with a checksum of the rest)
//! or one that cannot be read is a miss for every page, and a note; one
//! that cannot be written costs the next build its parses. It holds the
//! entries of the last build's pages only, and is rewritten (whole, through
//! a file beside it) only when they changed. `check` reads it and never
//! writes it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::{FxHashMap, FxHashSet};
use xxhash_rust::xxh3::Xxh3;

use super::frontmatter::{Format, FrontMatter};
use super::keys::KeyMap;
use crate::cache_file::Unsealed;
use crate::error::Diagnostic;

/// The file's name in the build cache's folder.
pub const FILE: &str = "frontmatter";

/// The kept form: raised whenever it, or what a parse gives, changes in a
/// way the version number might not show.
const FORMAT: u32 = 1;

/// A hash of a frontmatter's text and of everything else its parse reads.
type Key = u128;

/// The frontmatter cache of one build.
#[derive(Debug)]
pub struct FrontCache {
    /// The build cache's folder.
    dir: PathBuf,
    /// A hash of what reads a frontmatter besides its text and format:
    /// the handbook's `[frontmatter]` keys.
    salt: u128,
    /// What the last build kept, as JSON by key.
    stored: FxHashMap<Key, Box<str>>,
    /// Why nothing stored could be used, for the report.
    unreadable: Option<&'static str>,
    /// The keys this build's pages had, with the JSON of those to store
    /// that were not stored; `None` for a page whose frontmatter cannot be
    /// kept.
    used: Mutex<Vec<(Key, Option<Box<str>>)>>,
}

/// What a build did with the frontmatter cache, for its report.
#[derive(Debug, Default)]
pub struct FrontReport {
    /// The file's size after the build.
    pub bytes: u64,
    /// Why some of it was not used or not kept, one line each.
    pub notes: Vec<String>,
}

impl FrontCache {
    /// The cache in the build cache's folder `dir`, for frontmatter read
    /// with `keys`; empty when there is none, or none this build can read.
    pub fn open(dir: &Path, keys: &KeyMap) -> FrontCache {
        let (stored, unreadable) = match read(&dir.join(FILE)) {
            Ok(stored) => (stored, None),
            Err(why) => (FxHashMap::default(), why),
        };
        // The renames in an order of their own, not the map's. (The form
        // and the build are the file's seal: another's is not read.)
        let mut renames: Vec<(&String, &String)> = keys.rename.iter().collect();
        renames.sort();
        let salt =
            crate::render::body_cache::fingerprint(&(&keys.ignore, renames)).unwrap_or_default();
        FrontCache {
            dir: dir.to_path_buf(),
            salt,
            stored,
            unreadable,
            used: Mutex::default(),
        }
    }

    fn key(&self, format: Format, text: &str) -> Key {
        let mut h = Xxh3::new();
        h.update(&self.salt.to_le_bytes());
        h.update(&[u8::from(format == Format::Yaml)]);
        h.update(text.as_bytes());
        h.digest128()
    }

    /// The frontmatter `text` (in `format`) gives: as kept, else from
    /// `parse`, kept when it can be.
    pub fn read(
        &self,
        format: Format,
        text: &str,
        parse: impl FnOnce() -> Result<FrontMatter, Diagnostic>,
    ) -> Result<FrontMatter, Diagnostic> {
        let key = self.key(format, text);
        let kept = self
            .stored
            .get(&key)
            .and_then(|json| serde_json::from_str::<FrontMatter>(json).ok());
        if let Some(front) = kept {
            lock(&self.used).push((key, None));
            return Ok(front);
        }
        let front = parse()?;
        let json = serde_json::to_string(&front)
            .ok()
            .filter(|json| serde_json::from_str::<FrontMatter>(json).ok().as_ref() == Some(&front));
        if let Some(json) = json {
            lock(&self.used).push((key, Some(json.into_boxed_str())));
        }
        Ok(front)
    }

    /// Ends the build's use of the cache: when `writes` and the pages'
    /// entries are not those stored, the file is replaced by them (best
    /// effort); what was done is reported.
    pub fn finish(self, writes: bool) -> FrontReport {
        let file = self.dir.join(FILE);
        let mut notes = Vec::new();
        if let Some(why) = self.unreadable {
            notes.push(format!(
                "build cache: {} {why}; every page's frontmatter was read again",
                file.display()
            ));
        }
        let used = self
            .used
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut stored = self.stored;
        let mut keys = FxHashSet::default();
        let mut entries: Vec<(Key, Box<str>)> = Vec::with_capacity(used.len());
        let mut fresh = false;
        for (key, new) in used {
            if !keys.insert(key) {
                continue;
            }
            fresh |= new.is_some();
            if let Some(json) = new.or_else(|| stored.remove(&key)) {
                entries.push((key, json));
            }
        }
        // Rewritten unless it holds exactly this build's entries.
        let same = !fresh && stored.is_empty();
        if writes && !same {
            entries.sort_unstable_by_key(|(key, _)| *key);
            if let Err(why) = crate::render::body_cache::store(&self.dir, FILE, FORMAT, &entries) {
                notes.push(format!(
                    "build cache: could not be written ({why}); the next build reads every page's frontmatter again"
                ));
            }
        }
        FrontReport {
            bytes: std::fs::metadata(&file).map_or(0, |m| m.len()),
            notes,
        }
    }
}

/// The entries stored in `file`: none when it is absent, else why they
/// cannot be used.
fn read(file: &Path) -> Result<FxHashMap<Key, Box<str>>, Option<&'static str>> {
    match crate::cache_file::read_sealed::<Vec<(Key, Box<str>)>>(file, FORMAT) {
        Unsealed::Ours(entries) => Ok(entries.into_iter().collect()),
        Unsealed::Absent => Err(None),
        Unsealed::Unreadable => Err(Some("could not be read")),
        Unsealed::Foreign => Err(Some("was made by another build of handbook")),
        Unsealed::Damaged => Err(Some("was damaged")),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests;
