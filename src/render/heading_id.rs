//! Heading ids ("anchors") as other tools make them, so links written for those tools resolve here.
//!
//! | rule (config name)             | the tools that make ids this way                                        | repeats       |
//! |--------------------------------|-------------------------------------------------------------------------|---------------|
//! | `github`                       | github.com; github-slugger 2 (remark-slug, rehype-slug, Docusaurus)     | `-1`, `-2`, … |
//! | `hugo`                         | Hugo ≥ 0.74 with goldmark, `autoHeadingIDType = "github"` (the default) | `-1`, `-2`, … |
//! | `hugo-ascii`                   | Hugo, `autoHeadingIDType = "github-ascii"`                              | `-1`, `-2`, … |
//! | `hugo-blackfriday`             | Hugo, `autoHeadingIDType = "blackfriday"`                               | `-1`, `-2`, … |
//! | `markdown-it-anchor` (default) | markdown-it-anchor ≥ 5, its own `slugify`; this project until now       | `-1`, `-2`, … |
//! | `eleventy`                     | Eleventy 3 `IdAttributePlugin` with its `slugify` filter (the starter)  | `-2`, `-3`, … |
//! | `eleventy-markdown-it-anchor`  | Eleventy's `slugify` filter given to markdown-it-anchor                 | `-1`, `-2`, … |
//! | `mdbook`                       | mdBook 0.5                                                              | `-1`, `-2`, … |
//! | `zola`                         | Zola, `slugify.anchors = "on"` (the default): the `slug` crate          | `-1`, `-2`, … |
//!
//! Each rule's doc says how it turns a heading's plain text into an id and
//! what is known to differ from the tool. The text is the heading's text as
//! the reader sees it (no markup); finding it is the caller's job.

use std::borrow::Cow;

use icu_properties::props::{Alphabetic, Diacritic, GeneralCategory};
use icu_properties::{CodePointMapData, CodePointSetData};
use rustc_hash::{FxHashMap, FxHashSet};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Which tool's rule gives a heading its id.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    serde::Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum HeadingIdRule {
    /// github-slugger 2.0 (`Flet/github-slugger`, whose test fixtures are
    /// ids read off github.com): lowercase (JavaScript's `toLowerCase`: full
    /// mappings, final `ς`), then drop every character that is not a letter
    /// (Unicode `Alphabetic`, so also `Ⅻ` and `ⓐ`), a mark (`Mn`, `Mc`,
    /// `Me`: combining accents, Indic vowel signs, the emoji variation
    /// selector U+FE0F), a decimal digit (`Nd`), connector punctuation (`Pc`:
    /// `_`, `‿`, `＿`), `-` or a space; then each space becomes `-`. Nothing
    /// is trimmed or collapsed: `a  b` → `a--b`, `😄 a` → `-a`, `C++ / C#` →
    /// `c--c`. Other blanks (tab, no-break space) are dropped like punctuation.
    /// Checked code point by code point against github-slugger: the same
    /// ids, but that its table is Unicode 13 and drops the letters, marks and
    /// digits assigned since, which we keep (our tables are Unicode 18; what
    /// github.com itself does with those was not checked).
    Github,
    /// Hugo's `github` auto ID type (`markup/goldmark/autoid.go`, unchanged
    /// since Hugo 0.74, 2020): trim blanks (Go's `bytes.TrimSpace`), then `-`
    /// and space → `-`; `_`, letters (`L*`) and decimal digits (`Nd`) kept,
    /// lowercased one character to one (Go's `unicode.ToLower`: `İ` → `i`,
    /// no final `ς`); everything else dropped. An empty result is `heading`.
    ///
    /// Not the same as [`Github`](Self::Github), though it is named after it:
    /// - it trims the text first (`" a "` → `a`; GitHub `-a-`; after markdown
    ///   parsing both tools usually see trimmed text anyway);
    /// - it drops combining marks (`Mn`, `Mc`, `Me`): `हिन्दी` → `हनद`,
    ///   GitHub keeps them; decomposed `e\u{301}` → `e`, GitHub keeps the accent;
    /// - it drops letter numbers and other alphabetic symbols (`Ⅻ`, `Ⓐ`) and
    ///   connector punctuation other than `_` (`‿`, `＿`);
    /// - `İ` → `i` (GitHub `i̇`), capital sigma → `σ` everywhere (GitHub `ς`
    ///   at a word's end);
    /// - an empty id becomes `heading` (GitHub keeps it empty).
    ///
    /// Duplicates are numbered the same way (`-1`, `-2`, first free number).
    Hugo,
    /// Hugo's `github-ascii`: accents stripped first (NFD, marks `Mn`
    /// removed, NFC: `Résumé` → `resume`), then [`Hugo`](Self::Hugo) keeping
    /// ASCII only (`god is神真美好 good` → `god-is-good`).
    HugoAscii,
    /// Hugo's `blackfriday` (Blackfriday v1's `SanitizedAnchorName`): letters
    /// (`L*`) and numbers (`N*`, so also `²`, `½`) lowercased as in
    /// [`Hugo`](Self::Hugo); each run of anything else between two of them
    /// becomes one `-`, none at the ends (`Let's try this, shall we?` →
    /// `let-s-try-this-shall-we`). `_` separates too. Empty → `heading`.
    HugoBlackfriday,
    /// markdown-it-anchor's default `slugify` (since 5.0):
    /// `encodeURIComponent(String(s).trim().toLowerCase().replace(/\s+/g, '-'))`,
    /// in the decoded form (links are compared after percent-decoding): trim
    /// JavaScript blanks, lowercase, each run of blanks → one `-`, everything
    /// else kept (`Q&A: what's new?` → `q&a:-what's-new?`).
    ///
    /// The same as `render::markdown::slug` except for three details, where
    /// this follows JavaScript: U+FEFF counts as a blank and U+0085 does not,
    /// and a word-final `Σ` lowercases to `ς`. Checked code point by code
    /// point (U+0000–U+FFFF) against markdown-it-anchor 9.2: the same ids.
    #[default]
    MarkdownItAnchor,
    /// Eleventy 3's `slugify` filter (`@sindresorhus/slugify` 2.2 with
    /// `decamelize: false`, over `@sindresorhus/transliterate` 1.6) as its
    /// `IdAttributePlugin` uses it, the way the eleventy-base-blog starter
    /// makes heading ids. The text is NFC-normalised; `&` → ` and `, `♥` →
    /// ` love `, `🦄` → ` unicorn `; letters are transliterated to ASCII
    /// (see below); diacritics are stripped (NFD, Unicode `Diacritic`
    /// removed — ASCII `^` and `` ` `` too, without a separator); lowercase;
    /// the apostrophe of a word-final `'s` or `'t` is dropped (`Don't` →
    /// `dont`; a curly `’` is not: `Don’t` → `don-t`); every run of anything
    /// but `a-z0-9` becomes one `-`, none at the ends. CJK, emoji and other
    /// untransliterated characters are separators: `Q&A: what's new?` →
    /// `q-and-a-whats-new`, `🚀 Launch` → `launch`, `日本語` → ``.
    ///
    /// Transliterated as the tool does: Latin letters without a decomposition
    /// (`ä` → `ae`, `ß` → `ss`, `æ` → `ae`, `ø` → `o`, `þ` → `th`, `ł` → `l`,
    /// `đ` → `d`, `ı` → `i`; `œ` is not in 1.6's table and is dropped), the
    /// Russian, Ukrainian and Macedonian Cyrillic letters and Greek. Not
    /// done (they become separators, so such an id will not match): the
    /// tool's Arabic, Persian, Urdu, Pashto, Armenian, Georgian and Dhivehi
    /// letters, mathematical alphanumerics (`𝐁`), enclosed alphanumerics
    /// (`①`, `Ⓐ`), currency signs other than `¢ ¥ €` and a few emoji (`💯` →
    /// `100`). Checked code point by code point (U+0000–U+1FFFF) against the
    /// tool: all other ids are the same, but for about 70 marks and modifier
    /// letters that our Unicode 18 tables count as diacritics (dropped
    /// without a separator) and the Unicode 17 of Node 20 did not.
    ///
    /// Repeats: the plugin counts each id and appends the count from the
    /// second on (`a`, `a-2`, `a-3`) without looking at what is taken, so
    /// `a`, `a`, `a-2` gives it `a`, `a-2`, `a-2` twice; [`Ids`] gives the
    /// third one `a-2-2` instead (on the Eleventy page a link to `#a-2`
    /// reaches the first of the two anyway). A hand-written `id` also counts
    /// (`<div id="a">` then heading `A` → `a-2`), and when it comes after a
    /// heading that got the same id the plugin renames that heading; [`Ids`]
    /// can't rename backwards, so [`Ids::reserve`] the page's hand-written
    /// ids first to get that case right.
    ///
    /// Eleventy 4 (slugify 3, in alpha) differs: it drops the apostrophe of
    /// `’s`/`’t` too (`Don’t` → `dont`) and maps a few more letters (`œ` →
    /// `oe`, `ə` → `a`).
    Eleventy,
    /// The same ids as [`Eleventy`](Self::Eleventy), made unique by
    /// markdown-it-anchor (`-1`, `-2`): an Eleventy site that passes
    /// `eleventyConfig.getFilter("slugify")` to markdown-it-anchor.
    EleventyMarkdownItAnchor,
    /// mdBook 0.5 (`id_from_content` in `crates/mdbook-html/src/utils.rs`):
    /// trim, lowercase (Rust's `str::to_lowercase`), keep alphanumerics
    /// (Rust's `char::is_alphanumeric`: `Alphabetic` and `N*`), `_` and `-`;
    /// each whitespace character → `-`; drop the rest (`C++ / C#` → `c--c`).
    /// mdBook 0.4 did not lowercase non-ASCII letters; an unreleased change
    /// turns an empty id into `section`: neither is followed here.
    #[serde(rename = "mdbook")]
    MdBook,
    /// Zola with `slugify.anchors = "on"`, its default: the `slug` crate 0.1
    /// (deunicode 1.6 transliteration of each non-ASCII character, e.g.
    /// `日本` → `ri-ben`, `Æ` → `ae`), `a-z0-9` kept, every run of anything
    /// else → one `-`, none at the ends; checked code point by code point
    /// against `slug` 0.1.6: the same ids. Zola takes all hand-written ids
    /// of the page before numbering repeats: [`Ids::reserve`] them first.
    Zola,
}

impl HeadingIdRule {
    /// Every rule, in the order of the table at the top of this module.
    pub const ALL: &[HeadingIdRule] = &[
        Self::Github,
        Self::Hugo,
        Self::HugoAscii,
        Self::HugoBlackfriday,
        Self::MarkdownItAnchor,
        Self::Eleventy,
        Self::EleventyMarkdownItAnchor,
        Self::MdBook,
        Self::Zola,
    ];

    /// The rule's name in configuration (its serde spelling), e.g. `github`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Github => "github",
            Self::Hugo => "hugo",
            Self::HugoAscii => "hugo-ascii",
            Self::HugoBlackfriday => "hugo-blackfriday",
            Self::MarkdownItAnchor => "markdown-it-anchor",
            Self::Eleventy => "eleventy",
            Self::EleventyMarkdownItAnchor => "eleventy-markdown-it-anchor",
            Self::MdBook => "mdbook",
            Self::Zola => "zola",
        }
    }

    /// The id a heading with this plain text gets, before de-duplication.
    pub fn base_id(self, text: &str) -> String {
        match self {
            Self::Github => github(text),
            Self::Hugo => hugo(text),
            Self::HugoAscii => hugo_ascii(text),
            Self::HugoBlackfriday => hugo_blackfriday(text),
            Self::MarkdownItAnchor => markdown_it_anchor(text),
            Self::Eleventy | Self::EleventyMarkdownItAnchor => eleventy(text),
            Self::MdBook => mdbook(text),
            Self::Zola => zola(text),
        }
    }

    /// The id the `n`-th repeat (1-based) of `base` gets when nothing else
    /// is in the way: `base-n` for all rules but [`Eleventy`](Self::Eleventy),
    /// whose first repeat is `base-2`. [`Ids`] also steps over ids taken.
    pub fn dedupe(self, base: &str, n: usize) -> String {
        match self {
            Self::Eleventy => format!("{base}-{}", n + 1),
            _ => format!("{base}-{n}"),
        }
    }
}

/// Hands out the heading ids of one page, in document order, unique, each
/// repeat numbered as the rule's tool numbers it.
///
/// All rules but [`HeadingIdRule::Eleventy`] give a taken id the first free
/// `-1`, `-2`, … (github-slugger's per-slug counter, Hugo's, markdown-it-anchor's,
/// mdBook's and Zola's loops all come to that): `a`, `a`, `a-1` → `a`, `a-1`,
/// `a-1-1`, and `a-1`, `a`, `a` → `a-1`, `a`, `a-2`. Eleventy's is in its doc.
#[derive(Debug, Clone, Default)]
pub struct Ids {
    rule: HeadingIdRule,
    /// Every id handed out or reserved on this page.
    taken: FxHashSet<String>,
    /// Per base id: the last number tried for it (numbers up to it are all
    /// taken, so the next search starts after it), or for Eleventy how many
    /// times the tool has seen that id.
    counts: FxHashMap<String, usize>,
}

impl Ids {
    /// No ids taken yet, for a new page.
    pub fn new(rule: HeadingIdRule) -> Self {
        Self {
            rule,
            taken: FxHashSet::default(),
            counts: FxHashMap::default(),
        }
    }

    /// The rule the ids follow.
    pub fn rule(&self) -> HeadingIdRule {
        self.rule
    }

    /// The id of the page's next heading, whose plain text is `text`.
    pub fn heading(&mut self, text: &str) -> String {
        let base = self.rule.base_id(text);
        self.unique(base)
    }

    /// `base` (an id from [`HeadingIdRule::base_id`], or a hand-written id
    /// to be made unique the same way) made unique on this page.
    pub fn unique(&mut self, base: String) -> String {
        if self.rule == HeadingIdRule::Eleventy {
            return self.unique_eleventy(base);
        }
        if !self.taken.contains(&base) {
            self.taken.insert(base.clone());
            return base;
        }
        let mut n = self.counts.get(&base).copied().unwrap_or(0);
        let id = loop {
            n += 1;
            let id = self.rule.dedupe(&base, n);
            if !self.taken.contains(&id) {
                break id;
            }
        };
        self.counts.insert(base, n);
        self.taken.insert(id.clone());
        id
    }

    /// Takes an id written by hand (`{#id}`, `<h2 id>`) as it is, so later
    /// headings number around it; false if it was already taken (the page
    /// then has it twice). Eleventy also counts it as a repeat of that id.
    pub fn reserve(&mut self, id: &str) -> bool {
        if self.rule == HeadingIdRule::Eleventy {
            *self.counts.entry(id.to_owned()).or_insert(0) += 1;
        }
        self.taken.insert(id.to_owned())
    }

    fn unique_eleventy(&mut self, base: String) -> String {
        let count = match self.counts.get_mut(&base) {
            Some(count) => {
                *count += 1;
                *count
            }
            None => {
                self.counts.insert(base.clone(), 1);
                1
            }
        };
        let id = if count == 1 {
            base
        } else {
            format!("{base}-{count}")
        };
        if self.taken.insert(id.clone()) {
            return id;
        }
        // The plugin would give this id a second time: step over it.
        let id = (2..)
            .map(|k| format!("{id}-{k}"))
            .find(|id| !self.taken.contains(id))
            .expect("a free number");
        self.taken.insert(id.clone());
        id
    }
}

// -- The rules ---------------------------------------------------------------

fn general_category(c: char) -> GeneralCategory {
    CodePointMapData::<GeneralCategory>::new().get(c)
}

/// A letter to Go's `unicode.IsLetter` (general category `L*`).
fn is_letter(c: char) -> bool {
    use GeneralCategory as G;
    matches!(
        general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
    )
}

/// Calls `f` with each character of `text` lowercased as JavaScript's
/// `toLowerCase` and Rust's `str::to_lowercase` do: full mappings (`İ` →
/// `i̇`) and `Σ` → `ς` at a word's end. Allocates only for a text with a
/// capital sigma, whose lowercase depends on its neighbours.
fn for_each_lowercase(text: &str, mut f: impl FnMut(char)) {
    if text.contains('Σ') {
        text.to_lowercase().chars().for_each(f);
        return;
    }
    for c in text.chars() {
        if c.is_ascii() {
            f(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut f);
        }
    }
}

/// Go's `unicode.ToLower`: the one-character (simple) mapping. Rust's full
/// mapping has more than one character only for `İ`, whose first is `i`.
fn go_lowercase(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// JavaScript's `\s` and what `trim` removes: WhiteSpace (tab, VT, FF,
/// space, U+FEFF and every `Zs`) and LineTerminator (LF, CR, U+2028, U+2029).
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

fn github(text: &str) -> String {
    use GeneralCategory as G;
    let alphabetic = CodePointSetData::new::<Alphabetic>();
    let mut out = String::with_capacity(text.len());
    for_each_lowercase(text, |c| match c {
        'a'..='z' | '0'..='9' | '_' | '-' => out.push(c),
        ' ' => out.push('-'),
        _ if c.is_ascii() => {}
        _ => {
            let keep = alphabetic.contains(c)
                || matches!(
                    general_category(c),
                    G::NonspacingMark
                        | G::SpacingMark
                        | G::EnclosingMark
                        | G::DecimalNumber
                        | G::ConnectorPunctuation
                );
            if keep {
                out.push(c);
            }
        }
    });
    out
}

fn hugo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '-' | ' ' => out.push('-'),
            'a'..='z' | '0'..='9' | '_' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            _ if c.is_ascii() => {}
            _ => {
                if is_letter(c) || general_category(c) == GeneralCategory::DecimalNumber {
                    out.push(go_lowercase(c));
                }
            }
        }
    }
    if out.is_empty() {
        out.push_str("heading");
    }
    out
}

fn hugo_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Hugo trims the accent-stripped text, then drops what is not ASCII. So a
    // space counts only once something other than a blank came before it,
    // and is written only when something other than a blank follows.
    let mut started = false;
    let mut spaces = 0;
    let mut put = |c: char| {
        if c.is_whitespace() {
            if c == ' ' && started {
                spaces += 1;
            }
            return;
        }
        started = true;
        for _ in 0..spaces {
            out.push('-');
        }
        spaces = 0;
        match c {
            '-' => out.push('-'),
            'a'..='z' | '0'..='9' | '_' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            _ => {}
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            put(c);
        } else {
            // Accents off: the canonical decomposition less its `Mn` marks
            // (NFC puts nothing back together, as no character decomposes
            // to ASCII and a non-`Mn` character).
            unicode_normalization::char::decompose_canonical(c, |d| {
                if d.is_ascii() || general_category(d) != GeneralCategory::NonspacingMark {
                    put(d);
                }
            });
        }
    }
    if out.is_empty() {
        out.push_str("heading");
    }
    out
}

fn hugo_blackfriday(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        let keep = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            is_letter(c) || c.is_numeric()
        };
        if keep {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(go_lowercase(c));
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("heading");
    }
    out
}

fn markdown_it_anchor(text: &str) -> String {
    let text = text.trim_matches(is_js_space);
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for_each_lowercase(text, |c| {
        if is_js_space(c) {
            if !in_space {
                out.push('-');
            }
            in_space = true;
        } else {
            in_space = false;
            out.push(c);
        }
    });
    out
}

fn mdbook(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    for_each_lowercase(text, |c| {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.push(c);
        } else if c.is_whitespace() {
            out.push('-');
        }
    });
    out
}

fn zola(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // As if a `-` came before the text, so that none leads.
    let mut dash = true;
    let mut put = |b: u8| {
        if b.is_ascii_alphanumeric() {
            out.push(b.to_ascii_lowercase() as char);
            dash = false;
        } else if !dash {
            out.push('-');
            dash = true;
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            put(c as u8);
        } else {
            deunicode::deunicode_char(c)
                .unwrap_or("-")
                .bytes()
                .for_each(&mut put);
        }
    }
    if out.ends_with('-') {
        out.pop();
    }
    out
}

fn eleventy(text: &str) -> String {
    let text: Cow<str> = if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    };
    // First the text transliterated and lowercased, one byte a character of
    // the tool's string at the same step: `a-z0-9` and `'` as they are, ` `
    // for a blank (`\s`), `-` for anything else; then the contractions and
    // the separators over that.
    let mut ascii: Vec<u8> = Vec::with_capacity(text.len());
    let diacritic = CodePointSetData::new::<Diacritic>();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii() {
            match c {
                '&' => ascii.extend_from_slice(b" and "),
                // Diacritics, removed without leaving a separator.
                '^' | '`' => {}
                _ => ascii.push(eleventy_class(c as u8)),
            }
            continue;
        }
        // The two-letter entries of the Russian table.
        let pair = match (c, chars.peek()) {
            ('ъ' | 'Ъ', Some('е' | 'Е')) => Some("ye"),
            ('ы' | 'Ы', Some('й' | 'Й')) => Some("iy"),
            _ => None,
        };
        if let Some(pair) = pair {
            chars.next();
            ascii.extend_from_slice(pair.as_bytes());
            continue;
        }
        if let Some(latin) = eleventy_transliterate(c) {
            ascii.extend(latin.bytes().map(eleventy_class));
            continue;
        }
        unicode_normalization::char::decompose_canonical(c, |d| {
            if diacritic.contains(d) {
                // Stripped, leaving nothing.
            } else if d.is_ascii() {
                ascii.push(eleventy_class(d as u8));
            } else if is_js_space(d) {
                ascii.push(b' ');
            } else {
                ascii.push(b'-');
            }
        });
    }
    let mut out = String::with_capacity(ascii.len());
    let mut dash = false;
    for (i, &b) in ascii.iter().enumerate() {
        if b.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(b as char);
        } else {
            // `([a-zA-Z\d]+)'([ts])(\s|$)` → `$1$2$3`: no separator there.
            let contraction = b == b'\''
                && i > 0
                && ascii[i - 1].is_ascii_alphanumeric()
                && matches!(ascii.get(i + 1), Some(b't' | b's'))
                && matches!(ascii.get(i + 2), None | Some(b' '));
            if !contraction {
                dash = true;
            }
        }
    }
    out
}

/// An ASCII byte of the transliterated text, lowercased and classed.
fn eleventy_class(b: u8) -> u8 {
    match b {
        b'a'..=b'z' | b'0'..=b'9' | b'\'' => b,
        b'A'..=b'Z' => b.to_ascii_lowercase(),
        b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' => b' ',
        _ => b'-',
    }
}

/// What `@sindresorhus/transliterate` 1.6 (with slugify's own `♥` and `🦄`)
/// turns a character into before stripping diacritics, for the letters that
/// stripping alone does not bring to ASCII. Case does not matter (the result
/// is lowercased), except that the tool maps `Β` to `B` but `β` to `v`.
fn eleventy_transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        // Latin letters without a decomposition, German umlauts.
        'ä' | 'Ä' => "ae",
        'ö' | 'Ö' => "oe",
        'ü' | 'Ü' => "ue",
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'ð' | 'Ð' | 'đ' | 'Đ' => "d",
        'ø' | 'Ø' => "o",
        'þ' | 'Þ' => "th",
        'ħ' | 'Ħ' => "h",
        'ı' => "i",
        'ĳ' | 'Ĳ' => "ij",
        'ł' | 'Ł' => "l",
        '¢' => "c",
        '¥' => "y",
        '€' => "e",
        '♥' => " love ",
        '🦄' => " unicorn ",
        // Russian.
        'а' | 'А' => "a",
        'б' | 'Б' => "b",
        'в' | 'В' => "v",
        'г' | 'Г' | 'ґ' | 'Ґ' => "g",
        'д' | 'Д' => "d",
        'е' | 'Е' | 'э' | 'Э' => "e",
        'ё' | 'Ё' => "yo",
        'ж' | 'Ж' => "zh",
        'з' | 'З' => "z",
        'и' | 'И' | 'і' | 'І' => "i",
        'й' | 'Й' | 'ы' | 'Ы' => "y",
        'к' | 'К' => "k",
        'л' | 'Л' => "l",
        'м' | 'М' => "m",
        'н' | 'Н' => "n",
        'о' | 'О' => "o",
        'п' | 'П' => "p",
        'р' | 'Р' => "r",
        'с' | 'С' => "s",
        'т' | 'Т' => "t",
        'у' | 'У' => "u",
        'ф' | 'Ф' => "f",
        'х' | 'Х' => "kh",
        'ц' | 'Ц' => "ts",
        'ч' | 'Ч' => "ch",
        'ш' | 'Ш' => "sh",
        'щ' | 'Щ' => "sch",
        'ъ' | 'Ъ' | 'ь' | 'Ь' => "",
        'ю' | 'Ю' => "yu",
        'я' | 'Я' => "ya",
        // Ukrainian and Macedonian.
        'є' | 'Є' => "ye",
        'ї' | 'Ї' => "yi",
        'ќ' | 'Ќ' => "kj",
        'љ' | 'Љ' => "lj",
        'њ' | 'Њ' => "nj",
        // Greek, with the tonos and dialytika forms (which stripping would
        // leave Greek).
        'α' | 'ά' | 'Α' | 'Ά' => "a",
        'β' => "v",
        'Β' => "b",
        'γ' | 'Γ' => "g",
        'δ' | 'Δ' => "d",
        'ε' | 'έ' | 'Ε' | 'Έ' => "e",
        'ζ' | 'Ζ' => "z",
        'η' | 'ή' | 'Η' | 'Ή' | 'ι' | 'ί' | 'ϊ' | 'ΐ' | 'Ι' | 'Ί' | 'Ϊ' => "i",
        'θ' | 'Θ' => "th",
        'κ' | 'Κ' => "k",
        'λ' | 'Λ' => "l",
        'μ' | 'Μ' => "m",
        'ν' | 'Ν' => "n",
        'ξ' | 'Ξ' => "ks",
        'ο' | 'ό' | 'Ο' | 'Ό' | 'ω' | 'ώ' | 'Ω' | 'Ώ' => "o",
        'π' | 'Π' => "p",
        'ρ' | 'Ρ' => "r",
        'σ' | 'ς' | 'Σ' => "s",
        'τ' | 'Τ' => "t",
        'υ' | 'ύ' | 'ϋ' | 'ΰ' | 'Υ' | 'Ύ' | 'Ϋ' => "y",
        'φ' | 'Φ' => "f",
        'χ' | 'Χ' => "x",
        'ψ' | 'Ψ' => "ps",
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
