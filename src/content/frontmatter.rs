//! Frontmatter: split it off a page and parse it into typed [`FrontMatter`].
//!
//! A page may start, at byte 0 (after an optional UTF-8 byte order mark), with
//! YAML between two `---` lines or TOML between two `+++` lines:
//!
//! ```text
//! ---
//! title: Product Manager
//! navOrder: 2
//! ---
//! # body
//! ```
//!
//! The closing line may also be `...` for YAML. Anything else at byte 0 means the
//! page has no frontmatter. Lines end with `\n`, `\r\n` or a lone `\r` (old Mac
//! files), in the fences and in the frontmatter alike. Both formats feed one
//! [`FrontMatter`] type, so a key means the same in either; keys we do not know
//! are kept in `extra` for templates (one that looks like a known key mistyped
//! is a warning). Dates must be real days. Errors carry the page's line and
//! column.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::{Diagnostic, LineIndex, Position};

mod date;
mod keys;

use date::DATE_FORMS;
pub use date::DateText;
pub(crate) use keys::squash;
pub use keys::{KEY_ALIASES, KNOWN_KEYS, TERM_OPTION_ALIASES, key_offset, typos};
pub(crate) use keys::{TYPO_MAX_CHARS, TYPO_TWO_EDITS_ABOVE};
#[cfg(test)]
use {
    date::{check_date, date_pattern},
    keys::near_key,
};

/// Which language the frontmatter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Between `---` lines.
    Yaml,
    /// Between `+++` lines.
    Toml,
}

/// A page's text cut into frontmatter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The frontmatter's language and text, when there is some.
    pub front: Option<(Format, &'a str)>,
    /// Byte offset of the frontmatter text in the file.
    pub front_offset: usize,
    /// The markdown after the frontmatter.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Cuts `text` into frontmatter and body. Fails only on frontmatter that is never closed.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let (format, fence) = match first_line(rest) {
        "---" => (Format::Yaml, "---"),
        "+++" => (Format::Toml, "+++"),
        _ => {
            return Ok(Split {
                front: None,
                front_offset: start,
                body: rest,
                body_offset: start,
            });
        }
    };
    let open_len = line_len_with_break(rest);
    let mut offset = start + open_len;
    let front_offset = offset;
    while offset < text.len() {
        let line = first_line(&text[offset..]);
        let len = line_len_with_break(&text[offset..]);
        if line == fence || (format == Format::Yaml && line == "...") {
            let body_offset = offset + len;
            return Ok(Split {
                front: Some((format, &text[front_offset..offset])),
                front_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += len;
    }
    Err(SplitError { fence })
}

/// The frontmatter's closing line is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    fence: &'static str,
}

impl SplitError {
    /// As a diagnostic about `file`.
    pub fn diagnostic(&self, file: &Path, text: &str) -> Diagnostic {
        let index = LineIndex::new(text);
        Diagnostic::error(
            crate::error::Code::FrontmatterInvalid,
            file.to_path_buf(),
            "the frontmatter is never closed",
        )
        .at(Position { line: 1, column: 1 })
        .snippet(index.line(text, 1))
        .hint(format!(
            "add a line `{}` where the frontmatter ends, or remove the opening `{}` line",
            self.fence, self.fence
        ))
    }
}

/// The first line of `s`, without its break and trailing spaces.
fn first_line(s: &str) -> &str {
    s[..line_end(s)].trim_end()
}

/// The length of the first line of `s` with its break.
fn line_len_with_break(s: &str) -> usize {
    let end = line_end(s);
    match s.as_bytes().get(end) {
        None => end,
        Some(b'\r') if s.as_bytes().get(end + 1) == Some(&b'\n') => end + 2,
        Some(_) => end + 1,
    }
}

/// Where the first line of `s` ends: at a `\n`, a `\r\n` or a lone `\r`
/// (the line break of old Mac files), else at the end.
fn line_end(s: &str) -> usize {
    memchr::memchr2(b'\n', b'\r', s.as_bytes()).unwrap_or(s.len())
}

/// What a page is, which picks its template and the features it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A job description (`job.html`).
    Job,
    /// Steps to follow (`playbook.html`).
    Playbook,
    /// Terms and their definitions (`glossary.html`).
    Glossary,
    /// A checklist plan with progress (`plan.html`).
    Plan,
    /// Anything else (`page.html`).
    Page,
}

impl Kind {
    /// The name used in templates and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Job => "job",
            Kind::Playbook => "playbook",
            Kind::Glossary => "glossary",
            Kind::Plan => "plan",
            Kind::Page => "page",
        }
    }
}

/// Progress as the frontmatter states it: `progress: 40` or `progress: "3/4"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclaredProgress {
    /// A percentage, 0 to 100.
    Percent(u8),
    /// Done out of total.
    Fraction(u32, u32),
}

impl DeclaredProgress {
    /// The percentage it means, rounded down.
    pub fn percent(self) -> u8 {
        match self {
            DeclaredProgress::Percent(p) => p,
            DeclaredProgress::Fraction(_, 0) => 0,
            DeclaredProgress::Fraction(d, t) => {
                ((u64::from(d) * 100) / u64::from(t)).min(100) as u8
            }
        }
    }
}

impl fmt::Display for DeclaredProgress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeclaredProgress::Percent(p) => write!(f, "{p}%"),
            DeclaredProgress::Fraction(d, t) => write!(f, "{d}/{t}"),
        }
    }
}

/// As it is written: `40` or `"3/4"` (so that it reads back the same).
impl Serialize for DeclaredProgress {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            DeclaredProgress::Percent(p) => s.serialize_u8(*p),
            DeclaredProgress::Fraction(..) => s.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for DeclaredProgress {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(i64),
            Float(f64),
            Text(String),
        }
        let bad = || {
            serde::de::Error::custom(
                "progress must be a percentage from 0 to 100 or a fraction such as \"3/4\"",
            )
        };
        let percent = |p: f64| {
            if (0.0..=100.0).contains(&p) {
                Ok(DeclaredProgress::Percent(p.round() as u8))
            } else {
                Err(bad())
            }
        };
        // serde's own message for an untagged enum ("data did not match any
        // variant") would not tell a contributor what to write.
        match Raw::deserialize(d).map_err(|_: D::Error| bad())? {
            Raw::Int(p) => percent(p as f64),
            Raw::Float(p) => percent(p),
            Raw::Text(s) => {
                let s = s.trim();
                if let Some((done, total)) = s.split_once('/') {
                    let done: u32 = done.trim().parse().map_err(|_| bad())?;
                    let total: u32 = total.trim().parse().map_err(|_| bad())?;
                    // "0/0" is not a part of anything: progress of nothing to do.
                    if done > total || total == 0 {
                        return Err(bad());
                    }
                    Ok(DeclaredProgress::Fraction(done, total))
                } else {
                    percent(s.trim_end_matches('%').trim().parse().map_err(|_| bad())?)
                }
            }
        }
    }
}

impl JsonSchema for DeclaredProgress {
    fn schema_name() -> Cow<'static, str> {
        "DeclaredProgress".into()
    }

    /// What [`DeclaredProgress::deserialize`] takes: a number from 0 to 100,
    /// or a text holding one (`"40"`, `"40%"`) or a fraction (`"3/4"`, of a
    /// total above 0). Looser than the code in two details a pattern cannot
    /// say: a fraction whose done is above its total (`"5/4"`), and a
    /// percentage with an exponent outside 0 to 100 (`"1e3"`).
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // Rust's `u32` and `f64` parsing, after the trims the code does.
        const FRACTION: &str = r"\+?[0-9]+\s*/\s*\+?0*[1-9][0-9]*";
        const PERCENT: &str = concat!(
            r"(?:\+?0*(?:[0-9]{1,2}(?:\.[0-9]*)?|100(?:\.0*)?|\.[0-9]+)",
            r"|-(?:0+(?:\.0*)?|\.0+)",
            r"|[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+)\s*%*"
        );
        schemars::json_schema!({
            "oneOf": [
                { "type": "number", "minimum": 0, "maximum": 100 },
                {
                    "type": "string",
                    "pattern": format!(r"^\s*(?:{FRACTION}|{PERCENT})\s*$"),
                },
            ]
        })
    }
}

/// The `meta:` table FlowFuse pages use for the HTML title.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct Meta {
    /// The page title for the browser tab.
    pub title: Option<String>,
    /// Anything else under `meta:`.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// `permalink:` as written: a URL path, or `false` for a page that is not
/// written at all.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Permalink {
    /// `permalink: /a/b/`.
    Path(String),
    /// `permalink: false`.
    Off(bool),
}

/// Every frontmatter key we understand; the rest lands in `extra`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(default)]
pub struct FrontMatter {
    /// The page's title.
    pub title: Option<String>,
    /// The label in navigation (defaults to the title).
    #[serde(rename = "navTitle")]
    pub nav_title: Option<String>,
    /// Pages of a section sharing a `navGroup` are shown together.
    #[serde(rename = "navGroup")]
    pub nav_group: Option<String>,
    /// Sort order in navigation (lower first).
    #[serde(rename = "navOrder", alias = "weight")]
    pub nav_order: Option<f64>,
    /// One sentence about the page.
    pub description: Option<String>,
    /// What the page is; inferred from its place when absent.
    pub kind: Option<Kind>,
    /// A status name (`draft`, `in-progress`, `done`, ...), shown as a badge.
    pub status: Option<String>,
    /// Progress, when the page states it.
    pub progress: Option<DeclaredProgress>,
    /// Who owns the page or the plan.
    pub owner: Option<String>,
    /// When a plan is due.
    pub due: Option<DateText>,
    /// When the page was last reviewed.
    pub reviewed: Option<DateText>,
    /// When the page last changed, when git's date is not the one to show.
    pub updated: Option<DateText>,
    /// Tags.
    #[serde(deserialize_with = "one_or_many")]
    #[schemars(schema_with = "crate::schema::one_or_many")]
    pub tags: Vec<String>,
    /// Drafts are built only with `--drafts`.
    pub draft: bool,
    /// Who the page is for: `public` or `internal` (only a build with
    /// `--audience internal` has it). On a section's page, for the pages
    /// below it too, unless they say otherwise.
    pub audience: Option<super::Audience>,
    /// The page's URL, written whole: Eleventy's and Jekyll's `permalink`,
    /// Hugo's `url` (`/policies/pto/`). `false` (Eleventy: write no file)
    /// leaves the page out.
    #[serde(alias = "url")]
    pub permalink: Option<Permalink>,
    /// The last part of the page's URL in place of its file name (Hugo,
    /// Docusaurus; a slug starting with `/` is the whole URL, as in Docusaurus).
    pub slug: Option<String>,
    /// Old URLs that redirect to this page (`redirect_from`, as Jekyll names
    /// it, is read into it too).
    #[serde(deserialize_with = "one_or_many")]
    #[schemars(schema_with = "crate::schema::one_or_many")]
    pub aliases: Vec<String>,
    /// Jekyll's `redirect_from`, moved into `aliases` once read (a page may
    /// have both keys).
    #[serde(deserialize_with = "one_or_many", skip_serializing)]
    #[schemars(schema_with = "crate::schema::one_or_many")]
    pub redirect_from: Vec<String>,
    /// FlowFuse's `meta.title`.
    pub meta: Option<Meta>,
    /// `false` leaves the page out of the navigation tree (its URL stays).
    #[serde(deserialize_with = "default_true")]
    #[schemars(with = "Option<bool>")]
    pub nav: bool,
    /// `false` keeps glossary terms on this page from becoming links.
    #[serde(deserialize_with = "default_true")]
    #[schemars(with = "Option<bool>")]
    pub glossary: bool,
    /// On a glossary page: aliases, plurals and linking of its terms, by term.
    pub terms: BTreeMap<String, TermOptions>,
    /// When a plan is meant to happen, for the Now / Next / Later board.
    pub horizon: Option<Horizon>,
    /// The team a role belongs to, for the roles index.
    pub team: Option<String>,
    /// The role this one reports to: a page path or a role's title.
    pub reports_to: Option<String>,
    /// Keys we do not know, for templates (`page.extra.x`).
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Default for FrontMatter {
    fn default() -> FrontMatter {
        FrontMatter {
            title: None,
            nav_title: None,
            nav_group: None,
            nav_order: None,
            description: None,
            kind: None,
            status: None,
            progress: None,
            owner: None,
            due: None,
            reviewed: None,
            updated: None,
            tags: Vec::new(),
            draft: false,
            audience: None,
            permalink: None,
            slug: None,
            redirect_from: Vec::new(),
            aliases: Vec::new(),
            meta: None,
            nav: true,
            glossary: true,
            terms: BTreeMap::new(),
            horizon: None,
            team: None,
            reports_to: None,
            extra: BTreeMap::new(),
        }
    }
}

/// How a glossary term is matched and linked (`terms:` on a glossary page).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TermOptions {
    /// Other names for the term, linked like the term.
    #[serde(deserialize_with = "one_or_many")]
    #[schemars(schema_with = "crate::schema::one_or_many")]
    pub aliases: Vec<String>,
    /// Plural forms, when adding "s" or "es" is wrong.
    #[serde(deserialize_with = "one_or_many", alias = "plural")]
    #[schemars(schema_with = "crate::schema::one_or_many")]
    pub plurals: Vec<String>,
    /// `false`: mentions of the term are not linked.
    pub autolink: bool,
}

impl Default for TermOptions {
    fn default() -> TermOptions {
        TermOptions {
            aliases: Vec::new(),
            plurals: Vec::new(),
            autolink: true,
        }
    }
}

/// Now, next or later: when a plan is meant to happen.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Horizon {
    /// Being worked on.
    Now,
    /// Up next.
    Next,
    /// Some day.
    Later,
}

fn default_true<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or(true))
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        One(String),
        Many(Vec<String>),
    }
    let bad = |_: D::Error| {
        serde::de::Error::custom("expected a text or a list of texts, such as [a, b]")
    };
    Ok(match Option::<Raw>::deserialize(d).map_err(bad)? {
        None => Vec::new(),
        Some(Raw::One(s)) => vec![s],
        Some(Raw::Many(v)) => v,
    })
}

/// Parses the frontmatter of `file`, whose whole text is `text`.
pub fn parse(
    file: &Path,
    text: &str,
    split: &Split<'_>,
    keys: &super::keys::KeyMap,
) -> Result<FrontMatter, Diagnostic> {
    let Some((format, front)) = split.front else {
        return Ok(FrontMatter::default());
    };
    if front.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    let front = &*lone_cr_as_lf(front);
    // Only a failed parse needs positions: the index of lines is made then.
    let index = || LineIndex::new(text);
    let (message, position) = match format {
        Format::Yaml => match if keys.is_empty() {
            serde_saphyr::from_str::<FrontMatter>(front)
        } else {
            serde_saphyr::with_deserializer_from_str(front, |d| keys.read::<FrontMatter, _>(d))
        } {
            Ok(mut fm) => {
                super::keys::KeyMap::restore(&mut fm.extra);
                fm.aliases.append(&mut fm.redirect_from);
                return Ok(fm);
            }
            Err(e) => {
                let index = index();
                let first_line = index.position(text, split.front_offset).line;
                // From the error's offset when saphyr has it, so that lines
                // are counted one way in every diagnostic.
                let position = e
                    .location()
                    .map(|l| match yaml_byte_offset(front, l.span()) {
                        Some(b) => index.position(text, split.front_offset + b),
                        None => Position {
                            line: first_line + (l.line() as usize).saturating_sub(1),
                            column: l.column() as usize,
                        },
                    });
                (yaml_message(&e), position)
            }
        },
        Format::Toml => match if keys.is_empty() {
            toml::from_str::<FrontMatter>(front)
        } else {
            toml::de::Deserializer::parse(front).and_then(|d| keys.read::<FrontMatter, _>(d))
        } {
            Ok(mut fm) => {
                super::keys::KeyMap::restore(&mut fm.extra);
                fm.aliases.append(&mut fm.redirect_from);
                return Ok(fm);
            }
            Err(e) => {
                let index = index();
                let position = e.span().map(|s| {
                    let p = index.position(text, split.front_offset + s.start);
                    Position {
                        line: p.line,
                        column: p.column,
                    }
                });
                (e.message().trim().to_string(), position)
            }
        },
    };
    let mut d = Diagnostic::error(
        crate::error::Code::FrontmatterInvalid,
        file.to_path_buf(),
        format!("invalid frontmatter: {message}"),
    );
    if let Some(p) = position {
        d = d.at(p).snippet(index().line(text, p.line));
    }
    let language = if format == Format::Yaml {
        "YAML"
    } else {
        "TOML"
    };
    // TOML reads dates itself, and its message ("invalid date, expected day
    // between 01 and 28") does not say how a date is written.
    if format == Format::Toml && (d.message.contains("date") || d.message.contains("time")) {
        return Err(d.hint(DATE_FORMS));
    }
    Err(d.hint(format!(
        "fix the {language} between the fences; known keys and their types are listed in README.md"
    )))
}

/// `s` with each lone `\r` (the line break of old Mac files, which TOML and
/// the markdown parser do not know) made a `\n`: one byte for one, so
/// offsets stay the same.
pub fn lone_cr_as_lf(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let lone = |&i: &usize| b.get(i + 1) != Some(&b'\n');
    if !memchr::memchr_iter(b'\r', b).any(|i| lone(&i)) {
        return Cow::Borrowed(s);
    }
    let mut out = b.to_vec();
    for i in memchr::memchr_iter(b'\r', b).filter(lone) {
        out[i] = b'\n';
    }
    // An ASCII byte for an ASCII byte: still UTF-8.
    Cow::Owned(
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// The byte offset in `front` of a saphyr span (which may give only characters).
pub(crate) fn yaml_byte_offset(front: &str, span: serde_saphyr::Span) -> Option<usize> {
    if let Some(b) = span.byte_offset() {
        return usize::try_from(b).ok();
    }
    let chars = usize::try_from(span.offset()).ok()?;
    front
        .char_indices()
        .map(|(b, _)| b)
        .chain([front.len()])
        .nth(chars)
}

/// The first line of saphyr's message, without its own rendering of the snippet.
pub(crate) fn yaml_message(e: &serde_saphyr::Error) -> String {
    let full = e.without_snippet().to_string();
    if full.contains("budget breached") {
        // Aliases that expand exponentially (a "billion laughs"), or nesting too deep.
        return "the YAML expands too far (aliases that repeat each other, or nesting too deep)"
            .to_string();
    }
    let line = full.lines().next().unwrap_or(&full).trim();
    let line = line.split(" at line ").next().unwrap_or(line);
    line.trim_start_matches("error: ").to_string()
}

#[cfg(test)]
mod tests;
