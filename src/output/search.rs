//! The search index the browser queries, as files under `_search/`: a small
//! manifest, the postings split into shards by word prefix, and the pages'
//! result entries in chunks of a few pages. Kept in memory and brought up to
//! date page by page, so an edit rewrites only the files it touches, and the
//! files are always those a clean build of the same pages gives.
//!
//! Layout (all JSON):
//! - `index.json`: `{"version": 1, "sections": N, "top": K, "chunk": C, "shards": [keys]}`.
//! - `t/HEX.json`, one per shard key (HEX: the key's UTF-8 bytes in hex):
//!   `{"word": "n page section weight page+ section weight ...", ...}`,
//!   where `n` is how many sections have the word and the triples are the
//!   `K` best of them by weight, in page order, each page as the difference
//!   from the one before. The numbers are written with 5 bits a character
//!   (see [`DIGITS`]), a third of the size of JSON numbers. A shard's key
//!   is its words' first character; a shard bigger than [`SHARD_BYTES`] is
//!   split one character deeper (its key then holds only the word equal to
//!   it), up to [`MAX_KEY_CHARS`].
//! - `p/N.json`: the entries of pages `N*C ..`: `[{"u": url, "t": title,
//!   "b": [breadcrumb], "s": [[fragment, heading, snippet], ...]}, ...]`.
//!
//! A query fetches the manifest, one shard per word (a few for the prefix of
//! the word being typed) and the chunks of the results it shows.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::{Contents, OutputFile};
use crate::render::search::{self, PageInput, PageRecord, PageText, Weighing, WordSink};

/// Where the index is published, under the base path.
pub const DIR: &str = "_search/";
/// The manifest's path.
pub const MANIFEST: &str = "_search/index.json";
/// Postings kept per word: its best sections by weight. A word in more
/// sections than this says little about any of them (`the`, `and`); the
/// browser ranks with the best `TOP` and does not require such a word.
pub const TOP: usize = 1000;
/// A shard bigger than this (bytes of JSON) is split by one more character.
pub const SHARD_BYTES: usize = 16 * 1024;
/// Shard keys are never longer than this (in characters).
pub const MAX_KEY_CHARS: usize = 6;
/// Shard keys start at this many characters (a small handbook has a few
/// dozen shards; a big one splits them deeper).
const ROOT_CHARS: usize = 1;
/// Pages per chunk of result entries.
pub const PAGES_PER_CHUNK: usize = 4;

/// A posting in rank order: weight (highest first), then page, then section.
fn rank_key(page: usize, section: u16, weight: u16) -> u64 {
    (u64::from(u16::MAX - weight) << 48) | ((page as u64 & 0xffff_ffff) << 16) | u64::from(section)
}

/// `(page, section, weight)` of a [`rank_key`].
fn unrank(key: u64) -> (usize, u16, u16) {
    (
        ((key >> 16) & 0xffff_ffff) as usize,
        key as u16,
        u16::MAX - (key >> 48) as u16,
    )
}

/// A page's posting of word `id`, for finding what changed in an edit.
fn page_key(id: u32, section: u16, weight: u16) -> u64 {
    (u64::from(id) << 32) | (u64::from(section) << 16) | u64::from(weight)
}

/// A word's postings as [`rank_key`]s: a set in rank order when pages will
/// be updated (an edit then costs a few logarithmic steps, not a copy of
/// every list it touches), only the best when built once (only those are
/// ever written).
#[derive(Debug)]
enum Postings {
    Set(BTreeSet<u64>),
    /// Only the best (at most [`TOP`]) of `n`, from a [`Gather`].
    Best {
        n: usize,
        keys: Vec<u64>,
    },
}

impl Postings {
    fn len(&self) -> usize {
        match self {
            Postings::Set(s) => s.len(),
            Postings::Best { n, .. } => *n,
        }
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The first `n` in rank order, in no particular order.
    fn best(&self, n: usize) -> Vec<u64> {
        match self {
            Postings::Set(s) => s.iter().take(n).copied().collect(),
            Postings::Best { keys, .. } => {
                let mut best = keys.clone();
                if best.len() > n && n > 0 {
                    best.select_nth_unstable(n - 1);
                    best.truncate(n);
                }
                best
            }
        }
    }

    /// Adds (`true`) or removes a key.
    fn change(&mut self, key: u64, add: bool) {
        if let Postings::Best { keys: l, .. } = self {
            *self = Postings::Set(std::mem::take(l).into_iter().collect());
        }
        if let Postings::Set(s) = self {
            if add {
                s.insert(key);
            } else {
                s.remove(&key);
            }
        }
    }
}

/// The search index of a site, kept for updates.
#[derive(Debug)]
pub struct SearchIndex {
    /// Whether pages' postings are kept so a page can be updated (`serve`).
    incremental: bool,
    /// Nothing indexed yet: the first update builds it all at once.
    empty: bool,
    /// Every word ever indexed, to its id (a word no page has any more keeps
    /// its id with no postings; such words are left out of the files); in
    /// order, for the words of a shard.
    ids: BTreeMap<Box<str>, u32>,
    /// The same, hashed, for looking words up when a page changes.
    lookup: FxHashMap<Box<str>, u32>,
    /// By word id: the word.
    names: Vec<Box<str>>,
    /// By word id: its postings.
    postings: Vec<Postings>,
    /// By word id: its postings as they are written (empty when it has none).
    json: Vec<String>,
    /// By page: its postings as [`page_key`]s, sorted (when incremental).
    page_terms: Vec<Vec<u64>>,
    /// By page: how many sections.
    sections: Vec<u16>,
    /// By page: its URL, to tell whether a new build has the same pages.
    urls: Vec<String>,
    /// By page: its entry's head and body (see [`PageRecord`]); an empty head
    /// for a page not indexed.
    heads: Vec<String>,
    bodies: Vec<String>,
    /// By page: the fingerprint of what its words and body were made from.
    fingerprints: Vec<u64>,
    chunks: Vec<OutputFile>,
    /// By root (a word's first character): its shards, by key.
    shards: BTreeMap<String, Vec<Shard>>,
    manifest: OutputFile,
    /// The sum of `sections` (the manifest's), kept by updates once one needed it.
    sections_total: Option<usize>,
    /// The files updates wrote again (`Some`) or removed (`None`) since
    /// [`SearchIndex::take_changes`], by path.
    changed: BTreeMap<String, Option<OutputFile>>,
}

/// One shard file and the words in it.
#[derive(Debug)]
struct Shard {
    key: String,
    /// Its words' ids, in order: with none of them changed, the file is the same.
    ids: Vec<u32>,
    file: OutputFile,
}

/// A word as a shard has it.
#[derive(Clone, Copy)]
struct ShardWord<'a> {
    name: &'a str,
    id: u32,
    /// Its postings as written.
    json: &'a str,
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    sections: usize,
    top: usize,
    chunk: usize,
    shards: Vec<&'a str>,
}

/// One [`Gather`] per worker thread: each page goes into its thread's, so
/// that no two threads wait for each other, and a gathering keeps a copy of
/// every word it has seen once, not once per run of pages.
#[derive(Debug)]
pub struct Gathers(Vec<Mutex<Gather>>);

impl Default for Gathers {
    fn default() -> Gathers {
        Gathers(
            (0..rayon::current_num_threads().max(1))
                .map(|_| Mutex::default())
                .collect(),
        )
    }
}

impl Gathers {
    /// Runs `f` with the calling thread's gathering.
    pub fn with<R>(&self, f: impl FnOnce(&mut Gather) -> R) -> R {
        let t = rayon::current_thread_index().unwrap_or(0) % self.0.len();
        // A panic while adding is a bug that ends the build anyway.
        f(&mut self.0[t].lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// All the gatherings in one (`None` when there are none).
    pub fn merged(self) -> Option<Gather> {
        self.0
            .into_iter()
            .map(|g| g.into_inner().unwrap_or_else(PoisonError::into_inner))
            .reduce(Gather::merge)
    }
}

/// Pages on their way into a one-use index, gathered in parallel as the
/// pages render (one gathering per worker thread, then [`Gather::merge`]).
/// Each page's words go straight into its words' best postings, as only the
/// best [`TOP`] of a word are written (and how many there are): no record is
/// made of a page, and a big handbook's words are never all held at once (at
/// 10,000 generated pages the records were about 100 MB, and as much again
/// while the index was built from them). The words are numbered per
/// gathering, so a page's words are looked up once, not once in the page and
/// again in the gathering.
#[derive(Debug, Default)]
pub struct Gather {
    words: Vocabulary,
    weighing: Weighing,
    pages: Vec<(usize, Entry)>,
}

/// The words a [`Gather`] has seen, numbered, each with its best postings.
#[derive(Debug, Default)]
struct Vocabulary {
    /// Words of up to 16 bytes (nearly all) by their bytes as one number
    /// (see [`short_key`]): found without reading a string elsewhere in memory.
    short: FxHashMap<u128, u32>,
    /// Longer words.
    long: FxHashMap<Box<str>, u32>,
    /// By number: the word and its postings.
    words: Vec<(Box<str>, Best)>,
    /// The page whose words are being taken in.
    page: usize,
}

/// A word's postings as [`rank_key`]s while gathering: how many, and a list
/// that holds the best [`TOP`] among others (trimmed when it reaches twice that).
#[derive(Debug, Default)]
struct Best {
    n: usize,
    keys: Vec<u64>,
    /// Since the list was first trimmed: the worst of the best [`TOP`] then.
    /// A key worse than it cannot be among the best, and is only counted: a
    /// common word's later postings (later pages rank after earlier ones of
    /// the same weight) mostly stop here.
    bar: Option<u64>,
}

/// What a page's result entry is made from.
#[derive(Debug)]
struct Entry {
    sections: u16,
    url: String,
    head: String,
    body: String,
}

impl Best {
    fn push(&mut self, key: u64) {
        self.n += 1;
        if self.bar.is_some_and(|bar| key > bar) {
            return;
        }
        self.keys.push(key);
        if self.keys.len() >= 2 * TOP {
            self.keys.select_nth_unstable(TOP - 1);
            self.keys.truncate(TOP);
            self.bar = Some(self.keys[TOP - 1]);
        }
    }

    /// Takes in `other`'s postings.
    fn absorb(&mut self, other: Best) {
        self.n += other.n - other.keys.len();
        for key in other.keys {
            self.push(key);
        }
    }
}

impl Vocabulary {
    /// The number of `word`, a piece of `text`, given one if it is new.
    fn id(&mut self, text: &str, word: &str) -> u32 {
        let next = self.words.len() as u32;
        let id = match short_key(text, word) {
            Some(key) => *self.short.entry(key).or_insert(next),
            None => match self.long.get(word) {
                Some(&id) => id,
                None => *self.long.entry(Box::from(word)).or_insert(next),
            },
        };
        if id == next {
            self.words.push((Box::from(word), Best::default()));
        }
        id
    }
}

/// `word`, a piece of `text`, as one number when it has up to 16 bytes:
/// its bytes, zero-padded (words have no NUL). Read as the 16 bytes of
/// `text` from the word's start where there are that many.
fn short_key(text: &str, word: &str) -> Option<u128> {
    let len = word.len();
    if len > 16 {
        return None;
    }
    let at = (word.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    let bytes: [u8; 16] = match text.as_bytes().get(at..at + 16) {
        Some(whole) => whole.try_into().ok()?,
        None => {
            let mut key = [0u8; 16];
            key[..len].copy_from_slice(word.as_bytes());
            key
        }
    };
    Some(u128::from_le_bytes(bytes) & (u128::MAX >> (8 * (16 - len))))
}

impl<'t> WordSink<'t> for Vocabulary {
    fn id(&mut self, text: &'t str, word: &'t str) -> u32 {
        Vocabulary::id(self, text, word)
    }

    fn post(&mut self, id: u32, section: u16, weight: u16) {
        self.words[id as usize]
            .1
            .push(rank_key(self.page, section, weight));
    }
}

impl Gather {
    /// Takes in page `page`'s record: its words, from the build cache or
    /// made as the page was analysed (its URL and breadcrumb may come later,
    /// see [`Gather::set_heads`]).
    pub fn add(&mut self, page: usize, record: PageRecord) {
        for (word, postings) in record.words() {
            let id = self.words.id(word, word) as usize;
            for &(_, s, w) in postings {
                self.words.words[id].1.push(rank_key(page, s, w));
            }
        }
        let entry = Entry {
            sections: record.sections,
            url: record.url,
            head: record.head,
            body: record.body,
        };
        self.pages.push((page, entry));
    }

    /// Takes in page `page`: its words go straight to their best postings,
    /// with no record made of it (the index is the one its record would give).
    pub fn add_page(&mut self, page: usize, input: &PageInput<'_>) {
        let text = PageText::new(input);
        self.words.page = page;
        text.weigh(&mut self.weighing, &mut self.words);
        let entry = Entry {
            sections: text.sections(),
            url: input.url.to_string(),
            head: search::head(input),
            body: text.body,
        };
        self.pages.push((page, entry));
    }

    /// Gives each page taken in its URL and head (`{"u": url, "t": title,
    /// "b": [crumbs]}`), from `head_of`.
    pub fn set_heads(&mut self, head_of: &(dyn Fn(usize) -> (String, String) + Sync)) {
        self.pages.par_iter_mut().for_each(|(page, entry)| {
            (entry.url, entry.head) = head_of(*page);
        });
    }

    /// Both gatherings in one.
    pub fn merge(mut self, mut other: Gather) -> Gather {
        if self.words.words.len() < other.words.words.len() {
            std::mem::swap(&mut self, &mut other);
        }
        for (word, best) in other.words.words {
            let id = self.words.id(&word, &word) as usize;
            self.words.words[id].1.absorb(best);
        }
        self.pages.extend(other.pages);
        self
    }
}

impl SearchIndex {
    /// An empty index for `pages` pages; `incremental` keeps what
    /// [`SearchIndex::update`] needs to change a page later.
    pub fn new(pages: usize, incremental: bool) -> SearchIndex {
        SearchIndex {
            incremental,
            empty: true,
            ids: BTreeMap::new(),
            lookup: FxHashMap::default(),
            names: Vec::new(),
            postings: Vec::new(),
            json: Vec::new(),
            page_terms: vec![Vec::new(); if incremental { pages } else { 0 }],
            sections: vec![0; pages],
            urls: vec![String::new(); pages],
            heads: vec![String::new(); pages],
            bodies: vec![String::new(); pages],
            fingerprints: vec![0; pages],
            chunks: Vec::new(),
            shards: BTreeMap::new(),
            manifest: OutputFile::bytes(MANIFEST, Vec::new()),
            sections_total: None,
            changed: BTreeMap::new(),
        }
    }

    /// Puts these pages' records in place of what the index had for them.
    /// The first call should give every page.
    pub fn update(&mut self, records: Vec<(usize, PageRecord)>) {
        let records: Vec<(usize, PageRecord)> = records
            .into_iter()
            .filter(|(p, _)| *p < self.sections.len())
            .collect();
        if !self.incremental {
            // Builds take their one-use index in through `build_gathered`:
            // records are for an index kept for updates, made again as one.
            *self = SearchIndex::new(self.sections.len(), true);
        }
        if self.empty {
            self.build(records);
        } else {
            self.apply(records);
        }
    }

    /// Every file of the index.
    pub fn files(&self) -> impl Iterator<Item = OutputFile> + '_ {
        std::iter::once(self.manifest.clone())
            .chain(self.shards.values().flatten().map(|s| s.file.clone()))
            .chain(self.chunks.iter().cloned())
    }

    /// The files that updates of some pages wrote again (`Some`, with their
    /// new bytes) or removed (`None`) since the last call, by path: what a
    /// holder of [`SearchIndex::files`] must change to have them again. The
    /// first update of all pages (a new index) is not counted.
    pub fn take_changes(&mut self) -> BTreeMap<String, Option<OutputFile>> {
        std::mem::take(&mut self.changed)
    }

    /// Indexes every page at once, in parallel, keeping every posting for updates.
    fn build(&mut self, records: Vec<(usize, PageRecord)>) {
        self.empty = false;
        // Postings by word, gathered in parallel.
        let by_word: FxHashMap<&str, Vec<u64>> = records
            .par_iter()
            .fold(
                FxHashMap::default,
                |mut map: FxHashMap<&str, Vec<u64>>, (p, r)| {
                    for (word, postings) in r.words() {
                        map.entry(word)
                            .or_default()
                            .extend(postings.iter().map(|&(_, s, w)| rank_key(*p, s, w)));
                    }
                    map
                },
            )
            .reduce(FxHashMap::default, |mut a, mut b| {
                if a.len() < b.len() {
                    std::mem::swap(&mut a, &mut b);
                }
                for (word, list) in b {
                    a.entry(word).or_default().extend(list);
                }
                a
            });
        let mut words: Vec<(&str, Vec<u64>)> = by_word.into_iter().collect();
        words.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        self.postings = words
            .par_iter_mut()
            .map(|(_, list)| Postings::Set(std::mem::take(list).into_iter().collect()))
            .collect();
        self.json = (0..self.postings.len() as u32)
            .into_par_iter()
            .map(|id| self.postings_json(id))
            .collect();
        self.names = words.iter().map(|(w, _)| Box::from(*w)).collect();
        self.ids = self
            .names
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i as u32))
            .collect();
        self.lookup = self
            .names
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i as u32))
            .collect();
        let ids = &self.lookup;
        let lists: Vec<(usize, Vec<u64>)> = records
            .par_iter()
            .map(|(p, r)| (*p, page_keys(r, |w| ids.get(w).copied())))
            .collect();
        for (p, list) in lists {
            self.page_terms[p] = list;
        }
        drop(words);
        for (p, r) in records {
            self.sections[p] = r.sections;
            self.fingerprints[p] = r.fingerprint;
            self.urls[p] = r.url;
            self.heads[p] = r.head;
            self.bodies[p] = r.body;
        }
        self.finish_build();
    }

    /// Builds a one-use index from what [`Gather`] collected: the same files
    /// as an index kept for updates given every page's record. An index kept
    /// for updates becomes a one-use one (a later update builds it again).
    pub fn build_gathered(&mut self, gathered: Gather) {
        *self = SearchIndex::new(self.sections.len(), false);
        self.empty = false;
        let mut words: Vec<(Box<str>, Best)> = gathered.words.words;
        words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.postings = words
            .iter_mut()
            .map(|(_, best)| Postings::Best {
                n: best.n,
                keys: std::mem::take(&mut best.keys),
            })
            .collect();
        self.json = (0..self.postings.len() as u32)
            .into_par_iter()
            .map(|id| self.postings_json(id))
            .collect();
        // Written; a one-use index never changes them.
        self.postings = Vec::new();
        self.names = words.into_iter().map(|(w, _)| w).collect();
        self.ids = self
            .names
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i as u32))
            .collect();
        for (p, entry) in gathered.pages {
            if p < self.sections.len() {
                self.sections[p] = entry.sections;
                self.urls[p] = entry.url;
                self.heads[p] = entry.head;
                self.bodies[p] = entry.body;
            }
        }
        self.finish_build();
    }

    /// The chunks, shards and manifest of a newly built index.
    fn finish_build(&mut self) {
        let chunks = self.sections.len().div_ceil(PAGES_PER_CHUNK);
        self.chunks = (0..chunks).into_par_iter().map(|c| self.chunk(c)).collect();
        if !self.incremental {
            // Needed only to write a chunk again.
            self.heads = Vec::new();
            self.bodies = Vec::new();
        }
        let roots: BTreeSet<&str> = self.names.iter().map(|w| root(w)).collect();
        let shards: Vec<(String, Vec<Shard>)> = roots
            .into_par_iter()
            .map(|r| (r.to_string(), self.root_shards(r, None)))
            .collect();
        self.shards = shards.into_iter().filter(|(_, s)| !s.is_empty()).collect();
        self.manifest = self.manifest_file();
    }

    /// Replaces some pages' records: their postings change by what differs,
    /// and only the shards and chunks that show a difference are written again
    /// (and noted for [`SearchIndex::take_changes`]). The cost is that of the
    /// pages' words and of the shards they are in, not of the index.
    fn apply(&mut self, records: Vec<(usize, PageRecord)>) {
        let mut dirty_words: BTreeSet<u32> = BTreeSet::new();
        let mut dirty_chunks: BTreeSet<usize> = BTreeSet::new();
        let mut total = match self.sections_total {
            Some(total) => total,
            None => self.sections.iter().map(|&s| usize::from(s)).sum(),
        };
        let mut manifest_changed = false;
        for (p, r) in records {
            if !r.same_words {
                let new = page_keys(&r, |w| Some(self.intern(w)));
                let old = std::mem::take(&mut self.page_terms[p]);
                for (key, added) in diff(&old, &new) {
                    let (id, s, w) = ((key >> 32) as u32, (key >> 16) as u16, key as u16);
                    self.postings[id as usize].change(rank_key(p, s, w), added);
                    dirty_words.insert(id);
                }
                self.page_terms[p] = new;
            }
            if self.sections[p] != r.sections {
                total = total - usize::from(self.sections[p]) + usize::from(r.sections);
                manifest_changed = true;
            }
            self.sections[p] = r.sections;
            self.fingerprints[p] = r.fingerprint;
            self.urls[p] = r.url;
            if self.heads[p] != r.head || self.bodies[p] != r.body {
                self.heads[p] = r.head;
                self.bodies[p] = r.body;
                dirty_chunks.insert(p / PAGES_PER_CHUNK);
            }
        }
        self.sections_total = Some(total);
        for c in dirty_chunks {
            let chunk = self.chunk(c);
            self.changed.insert(chunk.path.clone(), Some(chunk.clone()));
            self.chunks[c] = chunk;
        }
        for &id in &dirty_words {
            self.json[id as usize] = self.postings_json(id);
        }
        let roots: BTreeSet<String> = dirty_words
            .iter()
            .map(|&id| root(&self.names[id as usize]).to_string())
            .collect();
        for r in roots {
            let shards = self.root_shards(&r, Some(&dirty_words));
            let old = self.shards.remove(&r).unwrap_or_default();
            manifest_changed |= !old.iter().map(|s| &s.key).eq(shards.iter().map(|s| &s.key));
            for gone in old
                .iter()
                .filter(|o| !shards.iter().any(|s| s.key == o.key))
            {
                self.changed.insert(gone.file.path.clone(), None);
            }
            for shard in &shards {
                let kept = old
                    .iter()
                    .any(|o| o.key == shard.key && same_bytes(&o.file, &shard.file));
                if !kept {
                    self.changed
                        .insert(shard.file.path.clone(), Some(shard.file.clone()));
                }
            }
            if !shards.is_empty() {
                self.shards.insert(r, shards);
            }
        }
        if manifest_changed {
            self.manifest = self.manifest_with(total);
            self.changed
                .insert(MANIFEST.to_string(), Some(self.manifest.clone()));
        }
    }

    /// The id of `word`, given one if it is new.
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.lookup.get(word) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(Box::from(word));
        self.postings.push(Postings::Set(BTreeSet::new()));
        self.json.push(String::new());
        self.ids.insert(Box::from(word), id);
        self.lookup.insert(Box::from(word), id);
        id
    }

    /// Chunk `c` of page entries.
    fn chunk(&self, c: usize) -> OutputFile {
        let pages = c * PAGES_PER_CHUNK..((c + 1) * PAGES_PER_CHUNK).min(self.heads.len());
        let mut json = String::from("[");
        for p in pages {
            if json.len() > 1 {
                json.push(',');
            }
            if self.heads[p].is_empty() {
                json.push_str("null");
            } else {
                json.push_str(&search::entry(&self.heads[p], &self.bodies[p]));
            }
        }
        json.push(']');
        OutputFile::bytes(format!("{DIR}p/{c}.json"), json)
    }

    /// The number of sections and the body of page `p`, when what they are
    /// made from has this fingerprint: the page need not be indexed again.
    pub fn known(&self, p: usize, fingerprint: u64) -> Option<(u16, &str)> {
        (self.incremental && !self.empty && self.fingerprints.get(p) == Some(&fingerprint))
            .then(|| (self.sections[p], self.bodies[p].as_str()))
    }

    /// This index, for a new build of the same pages (the same URLs in the
    /// same order): a `serve` rebuild after a template or theme change then
    /// indexes only the pages whose words changed.
    pub fn reuse(self, urls: &[String]) -> Option<SearchIndex> {
        (self.incremental && !self.empty && self.urls == urls).then_some(self)
    }

    /// The shards of the words starting with `root` (see the module's doc).
    /// A shard of the root's shards now whose words are the same and none of
    /// them in `changed` is taken as it is (an edit rewrites only the shards
    /// its words are in).
    fn root_shards(&self, root_key: &str, changed: Option<&BTreeSet<u32>>) -> Vec<Shard> {
        let words: Vec<ShardWord<'_>> = self
            .ids
            .range::<str, _>((Bound::Included(root_key), Bound::Unbounded))
            .take_while(|(w, _)| w.starts_with(root_key))
            .filter(|(w, _)| root(w) == root_key)
            .map(|(w, &id)| ShardWord {
                name: w,
                id,
                json: self.json[id as usize].as_str(),
            })
            .filter(|w| !w.json.is_empty())
            .collect();
        let mut groups = Vec::new();
        split_shard(root_key, &words, &mut groups);
        let old = self.shards.get(root_key);
        groups
            .into_iter()
            .map(|(key, words)| {
                let ids: Vec<u32> = words.iter().map(|w| w.id).collect();
                let same = changed.and_then(|changed| {
                    old?.iter().find(|s| {
                        s.key == key && s.ids == ids && !ids.iter().any(|id| changed.contains(id))
                    })
                });
                let file = match same {
                    Some(s) => s.file.clone(),
                    None => shard_file(&key, words),
                };
                Shard { key, ids, file }
            })
            .collect()
    }

    /// A word's `[n, page, section, weight, ...]` (see the module's doc),
    /// empty when no page has it.
    fn postings_json(&self, id: u32) -> String {
        let list = &self.postings[id as usize];
        if list.is_empty() {
            return String::new();
        }
        let mut best: Vec<(usize, u16, u16)> = list.best(TOP).into_iter().map(unrank).collect();
        best.sort_unstable();
        let mut json = String::with_capacity(best.len() * 4 + 8);
        json.push('"');
        push_number(&mut json, list.len() as u64);
        let mut last = 0;
        for (p, s, w) in best {
            push_number(&mut json, (p - last) as u64);
            push_number(&mut json, u64::from(s));
            push_number(&mut json, u64::from(w));
            last = p;
        }
        json.push('"');
        json
    }

    fn manifest_file(&self) -> OutputFile {
        self.manifest_with(self.sections.iter().map(|&s| usize::from(s)).sum())
    }

    /// The manifest, for `sections` sections in all.
    fn manifest_with(&self, sections: usize) -> OutputFile {
        let manifest = Manifest {
            version: 1,
            sections,
            top: TOP,
            chunk: PAGES_PER_CHUNK,
            shards: self
                .shards
                .values()
                .flatten()
                .map(|s| s.key.as_str())
                .collect(),
        };
        // Strings and numbers only: serialising cannot fail.
        OutputFile::bytes(MANIFEST, serde_json::to_vec(&manifest).unwrap_or_default())
    }
}

/// Whether two files are the same bytes by being the same allocation (a
/// shard taken over as it was).
fn same_bytes(a: &OutputFile, b: &OutputFile) -> bool {
    match (&a.contents, &b.contents) {
        (Contents::Bytes(x), Contents::Bytes(y)) => x.as_ptr() == y.as_ptr() && x.len() == y.len(),
        _ => false,
    }
}

/// The digits of the postings' numbers: 5 bits each, most significant first;
/// a number's last digit is from the second half. None needs escaping in JSON.
const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Writes `n` in [`DIGITS`]: 0-31 take one character, up to 1023 two.
fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 13];
    let mut at = digits.len() - 1;
    digits[at] = DIGITS[32 + (n & 31) as usize];
    n >>= 5;
    while n > 0 {
        at -= 1;
        digits[at] = DIGITS[(n & 31) as usize];
        n >>= 5;
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// A page's postings as sorted [`page_key`]s; `id` gives a word's id.
fn page_keys(r: &PageRecord, mut id: impl FnMut(&str) -> Option<u32>) -> Vec<u64> {
    let mut keys: Vec<u64> = Vec::new();
    for (word, postings) in r.words() {
        if let Some(id) = id(word) {
            keys.extend(postings.iter().map(|&(_, s, w)| page_key(id, s, w)));
        }
    }
    keys.sort_unstable();
    keys
}

/// What is in one sorted list and not the other: `(key, true)` added, `(key, false)` removed.
fn diff(old: &[u64], new: &[u64]) -> Vec<(u64, bool)> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a < b => {
                out.push((*a, false));
                i += 1;
            }
            (Some(a), None) => {
                out.push((*a, false));
                i += 1;
            }
            (_, Some(b)) => {
                out.push((*b, true));
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
}

/// The first [`ROOT_CHARS`] characters of `word` (all of it when shorter).
fn root(word: &str) -> &str {
    prefix(word, ROOT_CHARS)
}

/// The first `n` characters of `word`.
fn prefix(word: &str, n: usize) -> &str {
    word.char_indices().nth(n).map_or(word, |(i, _)| &word[..i])
}

/// Cuts the words of shard `key` (sorted, all starting with it) into shards
/// of at most [`SHARD_BYTES`], one character deeper at a time.
fn split_shard<'a, 'w>(
    key: &str,
    words: &'a [ShardWord<'w>],
    out: &mut Vec<(String, &'a [ShardWord<'w>])>,
) {
    if words.is_empty() {
        return;
    }
    let size: usize = words.iter().map(|w| w.name.len() + w.json.len() + 4).sum();
    let depth = key.chars().count();
    if size <= SHARD_BYTES || depth >= MAX_KEY_CHARS {
        out.push((key.to_string(), words));
        return;
    }
    // Words equal to the key stay under it; the others go one character deeper.
    let mut start = 0;
    while start < words.len() {
        let sub = prefix(words[start].name, depth + 1);
        let end = start
            + words[start..]
                .iter()
                .take_while(|w| prefix(w.name, depth + 1) == sub)
                .count();
        if sub.chars().count() == depth {
            out.push((key.to_string(), &words[start..end]));
        } else {
            split_shard(sub, &words[start..end], out);
        }
        start = end;
    }
}

/// A shard's file.
fn shard_file(key: &str, words: &[ShardWord<'_>]) -> OutputFile {
    let mut json = String::with_capacity(
        words
            .iter()
            .map(|w| w.name.len() + w.json.len() + 4)
            .sum::<usize>()
            + 2,
    );
    json.push('{');
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        // A string serialises.
        json.push_str(&serde_json::to_string(w.name).unwrap_or_default());
        json.push(':');
        json.push_str(w.json);
    }
    json.push('}');
    OutputFile {
        path: shard_path(key),
        contents: Contents::Bytes(bytes::Bytes::from(json.into_bytes())),
    }
}

/// Where the shard with this key is: `_search/t/` and the key's UTF-8 bytes in hex.
pub fn shard_path(key: &str) -> String {
    let mut path = format!("{DIR}t/");
    for b in key.bytes() {
        path.push_str(&format!("{b:02x}"));
    }
    path.push_str(".json");
    path
}

#[cfg(test)]
mod tests;
