//! A page's search record: its body cut into one section per heading, each
//! section's words weighted (title, heading, glossary term, body), and the
//! entry a search result shows (URL, title, breadcrumb, one snippet per section).
//!
//! Words are Unicode words (UAX #29, `unicode-segmentation`) of the
//! lower-cased text; the browser's search box splits a query the same way
//! (`Intl.Segmenter`), so both sides agree on what a word is.

use pulldown_cmark_escape::escape_html;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use super::markdown::Heading;

/// Headings of this level or higher (`#`, `##`, `###`) start a section of
/// their own; deeper ones stay in the section they are in.
pub const SECTION_LEVEL: u8 = 3;
/// Each occurrence of a word in a section's text counts 1, up to this many.
pub const BODY_CAP: u16 = 10;
/// A word of the section's heading.
pub const HEADING_WEIGHT: u16 = 20;
/// A word of the page's title (counted in the page's first section).
pub const TITLE_WEIGHT: u16 = 40;
/// A word of a glossary page's `##` heading: the term it defines, which
/// should come first when it is searched for.
pub const GLOSSARY_WEIGHT: u16 = 100;
/// A word of the frontmatter's description (first section).
pub const DESCRIPTION_WEIGHT: u16 = 5;
/// Longer "words" (hashes, base64, long URLs) are left out of the index.
pub const MAX_WORD_CHARS: usize = 40;
/// A snippet is the start of its section's text, about this many characters
/// (two lines of the result list).
pub const SNIPPET_CHARS: usize = 140;

/// What a page's record is made from.
#[derive(Debug, Clone, Copy)]
pub struct PageInput<'a> {
    /// The page's href (base path included, encoded).
    pub url: &'a str,
    /// Its title.
    pub title: &'a str,
    /// The labels of the sections above it, outermost first.
    pub crumbs: &'a [&'a str],
    /// The frontmatter's description.
    pub description: Option<&'a str>,
    /// A glossary page: its `##` headings are the terms it defines.
    pub glossary: bool,
    /// Every heading of the page, as rendered (the taken-out title first, if any).
    pub headings: &'a [Heading],
    /// The `# Title` taken out of the body, if any.
    pub title_heading: Option<&'a Heading>,
    /// The body as HTML.
    pub html: &'a str,
}

/// One page, ready for an index kept for updates (`serve`; a build's
/// one-use index takes a page's [`PageText`] straight in, see
/// [`crate::output::search::Gather::add_page`]). Its words are kept in one
/// string (a 10,000-page handbook has millions of word-section pairs, so
/// one allocation each would cost more than finding them).
///
/// Its entry in its chunk of `_search/p/` is `{"u": url, "t": title, "b":
/// [crumbs], "s": [[fragment, heading, snippet], ...]}` (section 0 is the
/// page itself, fragment and heading empty), kept as two parts: what the
/// page is (`head`) and what is in it (`body`), as a page shown again with
/// a new breadcrumb has the same body and need not be indexed again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRecord {
    /// The page's URL.
    pub url: String,
    /// `{"u": url, "t": title, "b": [crumbs]}`.
    pub head: String,
    /// `[[fragment, heading, snippet], ...]`.
    pub body: String,
    /// How many sections.
    pub sections: u16,
    /// A hash of everything the words and the body are made from; see [`PageRecord::fingerprint`].
    pub fingerprint: u64,
    /// Whether the words were left out, being those the index has for the page already.
    pub same_words: bool,
    /// The page's distinct words, one after another, in the order they first come.
    words: String,
    /// Where each word of `words` ends.
    ends: Vec<u32>,
    /// `(word, section, weight)` with the word as its index in `ends`, sorted.
    postings: Vec<(u32, u16, u16)>,
}

/// A page's words and entry body as the build cache keeps them (see
/// render/body_cache.rs): a [`PageRecord`] without what depends on where
/// the page is (its URL and breadcrumb, which are added when it is indexed).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexedWords {
    /// What they were made from beside the body (see [`PageRecord::words_key`]).
    pub key: u128,
    sections: u16,
    body: String,
    words: String,
    ends: Vec<u32>,
    postings: Vec<(u32, u16, u16)>,
}

#[derive(Serialize)]
struct Head<'a> {
    u: &'a str,
    t: &'a str,
    b: &'a [&'a str],
}

/// A section of the body: its heading (none for the text before the first) and its text.
struct Section<'a> {
    heading: Option<&'a Heading>,
    text: String,
}

impl PageRecord {
    /// A hash of what a page's words and body come from: its HTML, title,
    /// `# Title`, description and kind.
    pub fn fingerprint(page: &PageInput<'_>) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        page.html.hash(&mut h);
        page.title.hash(&mut h);
        page.title_heading.map(|t| &t.text).hash(&mut h);
        page.description.hash(&mut h);
        page.glossary.hash(&mut h);
        h.finish()
    }

    /// The record of a page whose words and body the index has already
    /// (same [`PageRecord::fingerprint`]): its head, and `body` as given.
    pub fn known(page: &PageInput<'_>, fingerprint: u64, sections: u16, body: &str) -> PageRecord {
        PageRecord {
            url: page.url.to_string(),
            head: head(page),
            body: body.to_string(),
            sections,
            fingerprint,
            same_words: true,
            words: String::new(),
            ends: Vec::new(),
            postings: Vec::new(),
        }
    }

    /// A hash of what a page's words and body come from beside its HTML
    /// (which the build cache keys the body by): its title, `# Title`,
    /// description and kind. The same in every process.
    pub fn words_key(page: &PageInput<'_>) -> u128 {
        let inputs = (
            page.title,
            page.title_heading.map(|t| t.text.as_str()),
            page.description,
            page.glossary,
        );
        // Strings and a flag: serialising cannot fail.
        super::body_cache::fingerprint(&inputs).expect("a page's words' inputs serialise")
    }

    /// The words and entry body of `page` (its URL and breadcrumb not
    /// read), with `key` its [`PageRecord::words_key`].
    pub fn indexed(page: &PageInput<'_>, key: u128) -> IndexedWords {
        let r = PageRecord::with_fingerprint(page, 0);
        IndexedWords {
            key,
            sections: r.sections,
            body: r.body,
            words: r.words,
            ends: r.ends,
            postings: r.postings,
        }
    }

    /// The record of the page whose words are `words`, at `url` with `head`.
    pub fn from_indexed(url: String, head: String, words: IndexedWords) -> PageRecord {
        PageRecord {
            url,
            head,
            body: words.body,
            sections: words.sections,
            fingerprint: words.key as u64,
            same_words: false,
            words: words.words,
            ends: words.ends,
            postings: words.postings,
        }
    }

    /// The page's entry, as its chunk has it.
    pub fn entry(&self) -> String {
        entry(&self.head, &self.body)
    }

    /// Cuts the page into sections, weighs their words and writes its entry.
    pub fn new(page: &PageInput<'_>) -> PageRecord {
        PageRecord::with_fingerprint(page, PageRecord::fingerprint(page))
    }

    /// As [`PageRecord::new`], with the page's fingerprint already made.
    pub fn with_fingerprint(page: &PageInput<'_>, fingerprint: u64) -> PageRecord {
        let text = PageText::new(page);
        let mut words = PageWords {
            // Sized for a long page's distinct words: growing costs more than finding them.
            slots: FxHashMap::with_capacity_and_hasher(512, Default::default()),
            order: Vec::with_capacity(512),
            postings: Vec::new(),
        };
        text.weigh(&mut Weighing::default(), &mut words);
        // The words in the order they came (their slots), one after another.
        let order = words.order;
        let mut joined = String::with_capacity(order.iter().map(|w| w.len()).sum());
        let mut ends = Vec::with_capacity(order.len());
        for w in &order {
            joined.push_str(w);
            ends.push(joined.len() as u32);
        }
        let postings = group_by_word(words.postings, order.len());
        PageRecord {
            url: page.url.to_string(),
            head: head(page),
            sections: text.sections(),
            body: text.body,
            fingerprint,
            same_words: false,
            words: joined,
            ends,
            postings,
        }
    }

    /// Word `i` of the page's distinct words.
    fn word(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.words[start..self.ends[i] as usize]
    }

    /// The page's distinct words, each with its `(section, weight)`s (in section order).
    pub fn words(&self) -> impl Iterator<Item = (&str, &[(u32, u16, u16)])> {
        self.postings
            .chunk_by(|a, b| a.0 == b.0)
            .map(|run| (self.word(run[0].0), run))
    }

    /// `(word, section, weight)` for every section each word is in.
    pub fn terms(&self) -> impl Iterator<Item = (&str, u16, u16)> {
        self.postings
            .iter()
            .map(|&(w, s, weight)| (self.word(w), s, weight))
    }

    /// A record made of `(word, section, weight)`s (for tests of the index).
    #[cfg(test)]
    pub(crate) fn from_terms(head: &str, sections: u16, terms: &[(&str, u16, u16)]) -> PageRecord {
        let mut sorted: Vec<&str> = terms.iter().map(|t| t.0).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut words = String::new();
        let mut ends = Vec::new();
        for w in &sorted {
            words.push_str(w);
            ends.push(words.len() as u32);
        }
        let mut postings: Vec<(u32, u16, u16)> = terms
            .iter()
            .filter_map(|(w, s, x)| {
                let i = sorted.binary_search(w).ok()?;
                Some((i as u32, *s, *x))
            })
            .collect();
        postings.sort_unstable();
        PageRecord {
            url: head.to_string(),
            head: head.to_string(),
            body: "[]".to_string(),
            sections,
            fingerprint: 0,
            same_words: false,
            words,
            ends,
            postings,
        }
    }
}

/// A page cut into sections for the index, each with its text lower-cased
/// and the words of its heading (or the title) and, the first, of the
/// description; and the page's entry body with the sections' snippets.
pub struct PageText<'a> {
    sections: Vec<Section<'a>>,
    /// By section: its heading (or the title) and description, lower-cased.
    lowered: Vec<[String; 2]>,
    /// A glossary page: its `##` headings are the terms it defines.
    glossary: bool,
    /// `[[fragment, heading, snippet], ...]`.
    pub body: String,
}

/// Where the words of a page go as [`PageText::weigh`] finds them.
pub trait WordSink<'t> {
    /// The number of `word`, a piece of `text` (given the next one when it is new).
    fn id(&mut self, text: &'t str, word: &'t str) -> u32;
    /// Word `id` has `weight` in section `section`; a section's words come
    /// together, sections in order.
    fn post(&mut self, id: u32, section: u16, weight: u16);
}

/// What [`PageText::weigh`] keeps between pages, by word number: each
/// word's weight in the section at hand, and which words it has.
#[derive(Debug, Default)]
pub struct Weighing {
    counts: Vec<u16>,
    touched: Vec<u32>,
}

impl<'a> PageText<'a> {
    /// Cuts the page into sections and makes its entry body.
    pub fn new(page: &PageInput<'a>) -> PageText<'a> {
        let mut sections = split(page);
        let snippets: Vec<String> = sections
            .iter()
            .enumerate()
            .map(|(s, section)| match page.description {
                Some(d) if s == 0 && section.text.trim().is_empty() => snippet(d),
                _ => snippet(&section.text),
            })
            .collect();
        let entry_sections: Vec<(String, &str, String)> = sections
            .iter()
            .zip(snippets)
            .map(|(section, snippet)| match section.heading {
                Some(h) => (
                    super::href_with_fragment("", Some(&h.id)),
                    h.text.trim(),
                    snippet,
                ),
                None => (String::new(), "", snippet),
            })
            .collect();
        // Strings only: serialising cannot fail.
        let body = serde_json::to_string(&entry_sections).unwrap_or_default();
        // With the snippets made, the words need the text lower-cased only:
        // in place when it is ASCII (most pages), not copied.
        for section in &mut sections {
            if section.text.is_ascii() {
                section.text.make_ascii_lowercase();
            } else {
                section.text = section.text.to_lowercase();
            }
        }
        let lowered: Vec<[String; 2]> = sections
            .iter()
            .enumerate()
            .map(|(s, section)| {
                let heading = match (section.heading, page.title_heading) {
                    (Some(h), _) => h.text.to_lowercase(),
                    // The page header shows the `# Title` when there is one.
                    (None, Some(h)) => format!("{} {}", page.title, h.text).to_lowercase(),
                    (None, None) => page.title.to_lowercase(),
                };
                let description = if s == 0 {
                    page.description.unwrap_or("")
                } else {
                    ""
                };
                [heading, description.to_lowercase()]
            })
            .collect();
        PageText {
            sections,
            lowered,
            glossary: page.glossary,
            body,
        }
    }

    /// How many sections.
    pub fn sections(&self) -> u16 {
        u16::try_from(self.sections.len()).unwrap_or(u16::MAX)
    }

    /// Weighs each section's words, section by section, into `sink`.
    pub fn weigh<'t>(&'t self, scratch: &mut Weighing, sink: &mut impl WordSink<'t>) {
        let Weighing { counts, touched } = scratch;
        for (s, (section, [heading, description])) in
            self.sections.iter().zip(&self.lowered).enumerate()
        {
            let s = u16::try_from(s).unwrap_or(u16::MAX);
            let mut count = |w: u32, add: u16, cap: u16| {
                let w = w as usize;
                if w >= counts.len() {
                    counts.resize(w + 1, 0);
                }
                if counts[w] == 0 {
                    touched.push(w as u32);
                }
                counts[w] = counts[w].saturating_add(add).min(cap);
            };
            let text = section.text.as_str();
            for word in words(text) {
                count(sink.id(text, word), 1, BODY_CAP);
            }
            let boost = match section.heading {
                Some(h) if self.glossary && h.level == 2 => GLOSSARY_WEIGHT,
                Some(_) => HEADING_WEIGHT,
                None => TITLE_WEIGHT,
            };
            for (text, weight) in [(heading, boost), (description, DESCRIPTION_WEIGHT)] {
                let mut once: Vec<u32> = words(text).map(|w| sink.id(text, w)).collect();
                once.sort_unstable();
                once.dedup();
                for w in once {
                    count(w, weight, u16::MAX);
                }
            }
            for w in touched.drain(..) {
                sink.post(w, s, counts[w as usize]);
                counts[w as usize] = 0;
            }
        }
    }
}

/// A page's own words, numbered as they first come, and their postings.
struct PageWords<'t> {
    slots: FxHashMap<&'t str, u32>,
    order: Vec<&'t str>,
    postings: Vec<(u32, u16, u16)>,
}

impl<'t> WordSink<'t> for PageWords<'t> {
    fn id(&mut self, _text: &'t str, word: &'t str) -> u32 {
        let next = self.order.len() as u32;
        let id = *self.slots.entry(word).or_insert(next);
        if id == next {
            self.order.push(word);
        }
        id
    }

    fn post(&mut self, id: u32, section: u16, weight: u16) {
        self.postings.push((id, section, weight));
    }
}

/// `{"u": url, "t": title, "b": [crumbs]}` of a page.
pub fn head(page: &PageInput<'_>) -> String {
    let head = Head {
        u: page.url,
        t: page.title,
        b: page.crumbs,
    };
    // Strings only: serialising cannot fail.
    serde_json::to_string(&head).unwrap_or_default()
}

/// A page's entry from its head (a JSON object) and body.
pub fn entry(head: &str, body: &str) -> String {
    let open = head.strip_suffix('}').unwrap_or("{");
    let comma = if open.len() > 1 { "," } else { "" };
    format!("{open}{comma}\"s\":{body}}}")
}

/// `postings` (in section order) grouped by word, each word's still in
/// section order: a counting sort, as the words are numbered `0..words`.
fn group_by_word(postings: Vec<(u32, u16, u16)>, words: usize) -> Vec<(u32, u16, u16)> {
    let mut at = vec![0usize; words + 1];
    for p in &postings {
        at[p.0 as usize + 1] += 1;
    }
    for i in 1..at.len() {
        at[i] += at[i - 1];
    }
    let mut grouped = vec![(0, 0, 0); postings.len()];
    for p in postings {
        grouped[at[p.0 as usize]] = p;
        at[p.0 as usize] += 1;
    }
    grouped
}

/// The words of lower-cased `text` that go in the index. Split at `:` too
/// (search.js does the same: browsers' ICU versions disagree on `a:b`).
fn words(text: &str) -> Words<'_> {
    if text.is_ascii() {
        // The same words, several times faster (a test holds them equal).
        Words::Ascii(AsciiWords { text, at: 0 })
    } else {
        Words::Unicode(Box::new(
            text.unicode_words()
                .flat_map(|w| w.split(':'))
                .filter(|w| !w.is_empty())
                .filter(|w| w.len() <= MAX_WORD_CHARS || w.chars().nth(MAX_WORD_CHARS).is_none()),
        ))
    }
}

/// The words of a text, found the fast way when it is ASCII (most pages)
/// without a call through a pointer per word.
enum Words<'a> {
    /// ASCII text.
    Ascii(AsciiWords<'a>),
    /// Any other text, by UAX #29.
    Unicode(Box<dyn Iterator<Item = &'a str> + 'a>),
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Words::Ascii(words) => words.find(|w| w.len() <= MAX_WORD_CHARS),
            Words::Unicode(words) => words.next(),
        }
    }
}

/// UAX #29 words of ASCII text, split at `:`: runs of letters, digits and
/// `_` with at least one letter or digit, where `'` and `.` join two letters
/// and `'`, `.`, `,` and `;` join two digits.
struct AsciiWords<'a> {
    text: &'a str,
    at: usize,
}

/// [`ASCII_CLASS`]: a letter, digit or `_`.
const WORD: u8 = 1;
/// [`ASCII_CLASS`]: a letter or digit.
const ALNUM: u8 = 2;
/// [`ASCII_CLASS`]: a letter.
const ALPHA: u8 = 4;
/// What each byte is to [`AsciiWords`], looked up rather than worked out
/// byte by byte (a 10,000-page build reads about 60 MB of text for words).
const ASCII_CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        class[c] = if b.is_ascii_alphabetic() {
            WORD | ALNUM | ALPHA
        } else if b.is_ascii_digit() {
            WORD | ALNUM
        } else if b == b'_' {
            WORD
        } else {
            0
        };
        c += 1;
    }
    class
};

impl<'a> Iterator for AsciiWords<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let b = self.text.as_bytes();
        let class = |i: usize| ASCII_CLASS[usize::from(b[i])];
        let mut i = self.at;
        loop {
            while i < b.len() && class(i) & WORD == 0 {
                i += 1;
            }
            if i == b.len() {
                self.at = i;
                return None;
            }
            let start = i;
            let mut alnum = 0;
            loop {
                while i < b.len() && class(i) & WORD != 0 {
                    alnum |= class(i);
                    i += 1;
                }
                let joins = i + 1 < b.len()
                    && i > start
                    && match b[i] {
                        b'\'' | b'.' => {
                            (class(i - 1) & ALPHA != 0 && class(i + 1) & ALPHA != 0)
                                || (b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
                        }
                        b',' | b';' => b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit(),
                        _ => false,
                    };
                if !joins {
                    break;
                }
                i += 1;
            }
            if alnum & ALNUM != 0 {
                self.at = i;
                return Some(&self.text[start..i]);
            }
        }
    }
}

/// The start of `text`, whitespace collapsed, cut at a word boundary near
/// [`SNIPPET_CHARS`], with `…` when something was cut.
pub fn snippet(text: &str) -> String {
    ascii_snippet(text).unwrap_or_else(|| unicode_snippet(text))
}

/// [`snippet`] of text whose start is ASCII, byte by byte rather than char
/// by char; `None` at the first byte that is not ASCII.
fn ascii_snippet(text: &str) -> Option<String> {
    // What `char::is_whitespace` is in ASCII: tab to carriage return, and space.
    let space = |c: u8| matches!(c, b'\t'..=b'\r' | b' ');
    let b = text.as_bytes();
    let mut out = String::with_capacity(SNIPPET_CHARS + 8);
    let mut i = 0;
    loop {
        while i < b.len() && space(b[i]) {
            i += 1;
        }
        if i == b.len() {
            return Some(out);
        }
        let start = i;
        while i < b.len() && !space(b[i]) {
            if !b[i].is_ascii() {
                return None;
            }
            i += 1;
        }
        let word = &text[start..i];
        // ASCII: as many chars as bytes.
        if !out.is_empty() && out.len() + 1 + word.len() > SNIPPET_CHARS {
            out.push('…');
            return Some(out);
        }
        if !out.is_empty() {
            out.push(' ');
        }
        if word.len() > SNIPPET_CHARS {
            out.push_str(&word[..SNIPPET_CHARS]);
            out.push('…');
            return Some(out);
        }
        out.push_str(word);
    }
}

/// [`snippet`] of any text.
fn unicode_snippet(text: &str) -> String {
    let mut out = String::with_capacity(SNIPPET_CHARS + 8);
    let mut chars = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if chars > 0 && chars + 1 + n > SNIPPET_CHARS {
            out.push('…');
            return out;
        }
        if chars > 0 {
            out.push(' ');
            chars += 1;
        }
        if n > SNIPPET_CHARS {
            out.extend(word.chars().take(SNIPPET_CHARS));
            out.push('…');
            return out;
        }
        out.push_str(word);
        chars += n;
    }
    out
}

/// The body cut at its headings of level [`SECTION_LEVEL`] or higher: the
/// text before the first heading (section 0, the page itself), then one
/// section per heading.
fn split<'a>(page: &PageInput<'a>) -> Vec<Section<'a>> {
    let html = page.html;
    let mut sections = Vec::new();
    let mut heading: Option<&Heading> = None;
    let mut from = 0;
    let mut pattern = String::new();
    for h in page.headings {
        if h.level > SECTION_LEVEL || Some(h) == page.title_heading {
            continue;
        }
        // Our own markdown writes `<hN id="ID"`: the id comes first, escaped.
        pattern.clear();
        pattern.push_str("<h");
        pattern.push(char::from(b'0' + h.level));
        pattern.push_str(" id=\"");
        escape_html(&mut pattern, &h.id).ok();
        pattern.push('"');
        let Some(start) =
            memchr::memmem::find(&html.as_bytes()[from..], pattern.as_bytes()).map(|i| from + i)
        else {
            continue;
        };
        let close = [b'<', b'/', b'h', b'0' + h.level, b'>'];
        let Some(end) = memchr::memmem::find(&html.as_bytes()[start..], &close)
            .map(|i| start + i + close.len())
        else {
            continue;
        };
        sections.push(Section {
            heading,
            text: text_of(&html[from..start]),
        });
        heading = Some(h);
        from = end;
    }
    sections.push(Section {
        heading,
        text: text_of(&html[from..]),
    });
    sections
}

/// What an element's tags do to the text around them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Element {
    /// Its text is part of the words around it (no space added).
    Inline,
    /// Its content is not text a reader sees.
    Hidden,
    /// A block: its tags separate words.
    Block,
}

impl Element {
    /// The kind of element `name` (any case).
    fn of(name: &str) -> Element {
        // Every inline or hidden element's name has at most 8 letters.
        let mut lower = [0u8; 8];
        let Some(buf) = lower.get_mut(..name.len()) else {
            return Element::Block;
        };
        buf.copy_from_slice(name.as_bytes());
        buf.make_ascii_lowercase();
        match &*buf {
            b"a" | b"abbr" | b"b" | b"bdi" | b"bdo" | b"cite" | b"code" | b"data" | b"del"
            | b"dfn" | b"em" | b"i" | b"ins" | b"kbd" | b"mark" | b"q" | b"s" | b"samp"
            | b"small" | b"span" | b"strong" | b"sub" | b"sup" | b"time" | b"u" | b"var" => {
                Element::Inline
            }
            b"script" | b"style" | b"template" | b"noscript" | b"svg" => Element::Hidden,
            _ => Element::Block,
        }
    }
}

/// The text of an HTML fragment: tags out (block tags as spaces), character
/// references decoded, scripts and styles, heading anchors and glossary tooltips left out.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('&') {
            rest = &rest[push_reference(rest, &mut out)..];
            continue;
        }
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest =
                memchr::memmem::find(comment.as_bytes(), b"-->").map_or("", |j| &comment[j + 3..]);
            continue;
        }
        let Some(end) = memchr::memchr(b'>', rest.as_bytes()) else {
            // A lone `<` in text.
            out.push('<');
            rest = &rest[1..];
            continue;
        };
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        let closing = tag.starts_with('/');
        let bare = tag.trim_start_matches('/');
        let name = &bare[..bare
            .bytes()
            .position(|c| !c.is_ascii_alphanumeric())
            .unwrap_or(bare.len())];
        if name.is_empty() {
            // Not a tag: `a <b` or `<3`.
            out.push('<');
            out.push_str(tag);
            out.push('>');
            continue;
        }
        let element = Element::of(name);
        // Heading anchors, and the glossary tooltips (the definition is
        // the glossary's text, not this page's), as our markdown writes them.
        let attrs = &bare[name.len()..];
        let own_extra = element == Element::Inline
            && ((name.eq_ignore_ascii_case("a") && attrs.starts_with(" class=\"heading-anchor\""))
                || (name.eq_ignore_ascii_case("span") && attrs.starts_with(" class=\"term-tip\"")));
        if !closing && (own_extra || element == Element::Hidden) {
            let close = format!("</{}", name.to_ascii_lowercase());
            rest = match find_ascii_ci(rest, &close) {
                Some(j) => {
                    memchr::memchr(b'>', &rest.as_bytes()[j..]).map_or("", |k| &rest[j + k + 1..])
                }
                None => "",
            };
            continue;
        }
        if element != Element::Inline {
            out.push(' ');
        }
    }
    out.push_str(rest);
    out
}

/// Where `needle` (ASCII, lower case, starting with `<`) is in `haystack`, ignoring ASCII case.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'<', &h[from..]).map(|i| from + i) {
        if h.len() >= i + n.len() && h[i..i + n.len()].eq_ignore_ascii_case(n) {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// Pushes the text of the character reference at the start of `s` (which
/// starts with `&`) and returns how many bytes it used; a `&` that starts
/// none is pushed as it is (1 byte). Our markdown writes only `&amp;`,
/// `&lt;`, `&gt;`, `&quot;` and `&#39;`; raw HTML in pages may use any
/// numeric reference and the common names.
fn push_reference(s: &str, out: &mut String) -> usize {
    let Some(end) = s.as_bytes()[1..s.len().min(13)]
        .iter()
        .position(|&b| b == b';')
        .map(|i| i + 1)
    else {
        out.push('&');
        return 1;
    };
    let name = &s[1..end];
    let text = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        _ => {
            let number = match name.strip_prefix('#') {
                Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16).ok(),
                Some(dec) => dec.parse().ok(),
                None => None,
            };
            match number.and_then(char::from_u32) {
                Some(c) => c,
                None => {
                    out.push('&');
                    return 1;
                }
            }
        }
    };
    out.push(text);
    end + 1
}

#[cfg(test)]
mod tests;
