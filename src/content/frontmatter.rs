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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

/// How dates are written, for messages.
const DATE_FORMS: &str = "write dates as YYYY-MM-DD, such as 2024-05-01, \
     optionally with a time: 2024-05-01T09:30, 2024-05-01 09:30:00+02:00";

/// A date (`due`, `reviewed`, `updated`), as written: `2024-05-01` in YAML or
/// TOML, or a date and time. Only real days of the calendar are accepted, so
/// that every date compares (as its first ten characters) with the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct DateText(pub String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Toml(toml::value::Datetime),
        }
        let text = match Raw::deserialize(d) {
            Ok(Raw::Text(s)) => s,
            Ok(Raw::Toml(d)) => d.to_string(),
            Err(_) => {
                return Err(serde::de::Error::custom(format!(
                    "expected a date; {DATE_FORMS}"
                )));
            }
        };
        match check_date(&text) {
            Ok(()) => Ok(DateText(text)),
            Err(why) => Err(serde::de::Error::custom(format!(
                "`{text}` is not a date{why}; {DATE_FORMS}"
            ))),
        }
    }
}

impl JsonSchema for DateText {
    fn schema_name() -> Cow<'static, str> {
        "DateText".into()
    }

    /// A text that `check_date` accepts; TOML's dates and times are that
    /// text too once an editor reads them as JSON (`2024-05-01`).
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "pattern": date_pattern() })
    }
}

/// `check_date` as a JSON Schema pattern (ECMA-262 syntax, read the same
/// by Rust's regex): a real day, leap years included, and the times and
/// zones it allows. A test compares the two on many texts.
pub(crate) fn date_pattern() -> String {
    const DIGIT: &str = "[0-9]";
    let leap = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)";
    let month_day = concat!(
        "(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])",
        "|(?:0[13-9]|1[0-2])-(?:29|30)",
        "|(?:0[13578]|1[02])-31)"
    );
    let hour = "(?:[01][0-9]|2[0-3])";
    let minute = "[0-5][0-9]";
    let time = format!("{hour}:{minute}(?::(?:[0-5][0-9]|60)(?:\\.{DIGIT}+)?)?");
    let zone = format!("(?:[Zz]|[+-](?:{hour}:?{minute}|{hour}|{DIGIT}))");
    format!("^\\s*(?:{DIGIT}{{4}}-{month_day}|{leap}-02-29)(?:[Tt ]{time}(?:\\s*{zone})?)?\\s*$")
}

/// Whether `text` (spaces around it aside) is `YYYY-MM-DD`, a real day,
/// optionally followed by `T` or a space and a time `HH:MM[:SS[.fraction]]`
/// and a zone (`Z`, `+HH:MM`, `-HHMM`, `+HH`; YAML allows spaces before it).
/// The error is the reason to add after "is not a date", when there is one to give.
fn check_date(text: &str) -> Result<(), String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let text = text.trim();
    let b = text.as_bytes();
    let number = |r: std::ops::Range<usize>| -> Option<u32> {
        let digits = b.get(r)?;
        digits
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return Err(String::new());
    };
    if b[4] != b'-' || b[7] != b'-' {
        return Err(String::new());
    }
    if !(1..=12).contains(&month) {
        return Err(format!(": there is no month {month}"));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1..=days).contains(&day) {
        let name = MONTHS[month as usize - 1];
        return Err(format!(": {name} {year} has {days} days"));
    }
    match b.get(10) {
        None => Ok(()),
        Some(b'T' | b't' | b' ') if check_time(&text[11..]) => Ok(()),
        Some(_) => Err(": the time after the date is not HH:MM or HH:MM:SS".to_string()),
    }
}

/// Whether `t` is `HH:MM[:SS[.fraction]]` and an optional zone.
fn check_time(t: &str) -> bool {
    let b = t.as_bytes();
    let two = |i: usize, max: u32| {
        b.get(i..i + 2).is_some_and(|d| {
            d.iter().all(u8::is_ascii_digit)
                && u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0') <= max
        })
    };
    if !(two(0, 23) && b.get(2) == Some(&b':') && two(3, 59)) {
        return false;
    }
    let mut i = 5;
    if b.get(i) == Some(&b':') {
        // 60: a leap second.
        if !two(i + 1, 60) {
            return false;
        }
        i += 3;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return false;
            }
        }
    }
    let zone = t[i..].trim_start();
    let z = zone.as_bytes();
    match z.first() {
        None => true,
        Some(b'Z' | b'z') => z.len() == 1,
        Some(b'+' | b'-') => {
            let digits: Vec<u8> = z[1..].iter().copied().filter(|&c| c != b':').collect();
            let colons = z[1..].iter().filter(|&&c| c == b':').count();
            let hours_minutes = |d: &[u8]| {
                d.iter().all(u8::is_ascii_digit)
                    && (d.len() < 2 || u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0') <= 23)
                    && (d.len() < 4 || u32::from(d[2] - b'0') * 10 + u32::from(d[3] - b'0') <= 59)
            };
            // +HH, +HHMM, +HH:MM, and YAML's +H.
            match (digits.len(), colons) {
                (1 | 2, 0) => hours_minutes(&digits),
                (4, 0) => hours_minutes(&digits),
                (4, 1) => z.get(3) == Some(&b':') && hours_minutes(&digits),
                _ => false,
            }
        }
        Some(_) => false,
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

/// Every top-level key [`FrontMatter`] gives a meaning to, aliases too.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "navTitle",
    "navGroup",
    "navOrder",
    "weight",
    "description",
    "kind",
    "status",
    "progress",
    "owner",
    "due",
    "reviewed",
    "updated",
    "tags",
    "draft",
    "audience",
    "aliases",
    "redirect_from",
    "permalink",
    "url",
    "slug",
    "meta",
    "nav",
    "glossary",
    "terms",
    "horizon",
    "team",
    "reports_to",
];

/// Warnings for keys of `front` (parsed from `split` of `file`, whose text
/// is `text`) that look like a known key mistyped: `navtitle`, `reportsto`,
/// `stauts`, `tag`. They stay in `extra` for templates, as any unknown key.
pub fn typos(file: &Path, text: &str, split: &Split<'_>, front: &FrontMatter) -> Vec<Diagnostic> {
    let suspects: Vec<(&str, &str)> = front
        .extra
        .keys()
        .filter_map(|k| Some((k.as_str(), near_key(k)?)))
        // A known key among the unknown ones is one `[frontmatter] ignore` keeps.
        .filter(|(k, known)| k != known)
        .collect();
    let Some((format, raw)) = split.front.filter(|_| !suspects.is_empty()) else {
        return Vec::new();
    };
    let raw = lone_cr_as_lf(raw);
    let offsets = key_offsets(&raw, format);
    let index = LineIndex::new(text);
    suspects
        .into_iter()
        .map(|(key, known)| {
            let offset = split.front_offset + offsets.get(key).copied().unwrap_or(0);
            let p = index.position(text, offset);
            Diagnostic::warning(crate::error::Code::FrontmatterUnknownKey,
                file.to_path_buf(),
                format!("unknown frontmatter key `{key}`: did you mean `{known}`?"),
            )
            .at(p)
            .snippet(index.line(text, p.line))
            .hint(format!(
                "rename it `{known}`; as it is, handbook ignores it (templates see it as page.extra)"
            ))
        })
        .collect()
}

/// The other names [`FrontMatter`] reads a key under (serde's `alias`), as
/// `(alias, key)`; [`KNOWN_KEYS`] lists both.
pub const KEY_ALIASES: &[(&str, &str)] = &[("weight", "navOrder"), ("url", "permalink")];

/// The other names [`TermOptions`] reads a key under, as `(alias, key)`.
pub const TERM_OPTION_ALIASES: &[(&str, &str)] = &[("plural", "plurals")];

/// How far from a known key a name may be to count as its typo: the
/// longest name looked at (in characters, `_` and `-` included; longer ones
/// are far from every known key), the squashed length above which two edits
/// are allowed instead of one. `crate::schema` writes the same rule into the
/// frontmatter schema, so the editor flags what `check` warns about.
pub(crate) const TYPO_MAX_CHARS: usize = 20;
/// See [`TYPO_MAX_CHARS`].
pub(crate) const TYPO_TWO_EDITS_ABOVE: usize = 8;

/// `k` as typos are compared: without `_` and `-`, lowercase.
pub(crate) fn squash(k: &str) -> String {
    k.chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The known key `key` is likely a typo of: the same but for case, `_` and
/// `-`, or one edit away (two for long keys; a swap of neighbours is one).
fn near_key(key: &str) -> Option<&'static str> {
    // Longer than every known key by more than the edits allowed: far from
    // all (and a huge key never reaches the edit distance's table). Counted
    // in characters, as a JSON Schema's `maxLength` counts.
    if key.chars().nth(TYPO_MAX_CHARS).is_some() {
        return None;
    }
    let key = squash(key);
    let allowed = if key.chars().count() > TYPO_TWO_EDITS_ABOVE {
        2
    } else {
        1
    };
    KNOWN_KEYS
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&key, &squash(k)), *k))
        .filter(|&(d, _)| d <= allowed)
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// The byte offset in a page's `text` of frontmatter `key` (`key:`,
/// `key =` or `"key":` at the start of a line before `body_offset`), if set.
pub fn key_offset(text: &str, body_offset: usize, key: &str) -> Option<usize> {
    let front = text.get(..body_offset.min(text.len())).unwrap_or(text);
    front
        .match_indices(key)
        .find(|(at, _)| {
            let line_start = front[..*at].rfind('\n').map_or(0, |n| n + 1);
            front[line_start..*at].trim().is_empty()
                && front[at + key.len()..]
                    .trim_start_matches(['"', '\''])
                    .starts_with([':', ' ', '='])
        })
        .map(|(at, _)| at)
}

/// Byte offsets in `front` (lone `\r`s already made `\n`s) of its top-level
/// keys, each at its first line: YAML keys at the start of a line, TOML keys
/// before the first table. Read line by line, once.
fn key_offsets(front: &str, format: Format) -> std::collections::HashMap<&str, usize> {
    let mut offsets = std::collections::HashMap::new();
    let mut start = 0;
    for line in front.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let indent = line.len() - line.trim_start().len();
        let rest = &line[indent..];
        let (key, separators): (&str, &[char]) = match format {
            Format::Yaml if indent > 0 => continue,
            Format::Yaml => (rest, &[':']),
            Format::Toml if rest.starts_with('[') => break,
            Format::Toml => (rest, &['=', '.']),
        };
        let key = match key.chars().next() {
            Some(q @ ('"' | '\'')) => key[1..].split(q).next(),
            Some('#') | None => None,
            Some(_) => key.split(separators).next().map(str::trim_end),
        };
        if let Some(key) = key.filter(|k| !k.is_empty()) {
            offsets.entry(key).or_insert(line_start + indent);
        }
    }
    offsets
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
fn yaml_byte_offset(front: &str, span: serde_saphyr::Span) -> Option<usize> {
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
fn yaml_message(e: &serde_saphyr::Error) -> String {
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
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<FrontMatter, Diagnostic> {
        let s = split(text).map_err(|e| e.diagnostic(Path::new("p.md"), text))?;
        parse(Path::new("p.md"), text, &s, &Default::default())
    }

    /// The same frontmatter in both languages.
    fn both(yaml: &str, toml: &str) -> [String; 2] {
        [
            format!("---\n{yaml}\n---\nbody"),
            format!("+++\n{toml}\n+++\nbody"),
        ]
    }

    #[test]
    fn can_split_without_frontmatter() {
        let s = split("# Hi\n").unwrap();
        assert_eq!((s.front, s.body, s.body_offset), (None, "# Hi\n", 0));
    }

    #[test]
    fn can_split_with_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nbody";
        let s = split(text).unwrap();
        assert_eq!(s.front, Some((Format::Yaml, "title: A\r\n")));
        assert_eq!(s.body, "body");
    }

    #[test]
    fn can_split_with_lone_cr() {
        let text = "---\rtitle: A\rdraft: true\r---\rbody\r";
        let s = split(text).unwrap();
        assert_eq!(s.front, Some((Format::Yaml, "title: A\rdraft: true\r")));
        assert_eq!(s.body, "body\r");
        for text in both("title: A\ndraft: true", "title = \"A\"\ndraft = true") {
            let fm = parse_text(&text.replace('\n', "\r")).unwrap();
            assert_eq!((fm.title.as_deref(), fm.draft), (Some("A"), true), "{text}");
        }
    }

    #[test]
    fn dashes_later_in_the_file_are_not_frontmatter() {
        let s = split("text\n---\nmore").unwrap();
        assert_eq!(s.front, None);
    }

    #[test]
    fn unclosed_frontmatter_is_an_error_with_hint() {
        let d = parse_text("---\ntitle: A\n# body").unwrap_err();
        assert!(d.message.contains("never closed"));
        assert!(d.hint.unwrap().contains("---"));
    }

    #[test]
    fn can_parse_known_keys_in_both_formats() {
        for text in both(
            "title: T\nnavTitle: N\nnavGroup: G\nnavOrder: 3\nkind: job\nprogress: \"3/4\"\ntags: [a, b]\nmeta:\n  title: M\ncustom: 1",
            "title = \"T\"\nnavTitle = \"N\"\nnavGroup = \"G\"\nnavOrder = 3\nkind = \"job\"\nprogress = \"3/4\"\ntags = [\"a\", \"b\"]\ncustom = 1\n[meta]\ntitle = \"M\"",
        ) {
            let fm = parse_text(&text).unwrap();
            assert_eq!(fm.title.as_deref(), Some("T"), "{text}");
            assert_eq!(fm.nav_title.as_deref(), Some("N"));
            assert_eq!(fm.nav_group.as_deref(), Some("G"));
            assert_eq!(fm.nav_order, Some(3.0));
            assert_eq!(fm.kind, Some(Kind::Job));
            assert_eq!(fm.progress, Some(DeclaredProgress::Fraction(3, 4)));
            assert_eq!(fm.tags, ["a", "b"]);
            assert_eq!(fm.meta.unwrap().title.as_deref(), Some("M"));
            assert_eq!(fm.extra.get("custom"), Some(&serde_json::json!(1)));
        }
    }

    #[test]
    fn weight_is_an_alias_of_nav_order() {
        for text in both("weight: 7", "weight = 7") {
            assert_eq!(parse_text(&text).unwrap().nav_order, Some(7.0));
        }
    }

    /// A matcher of the JSON Schema `pattern`, as validators run it.
    fn matcher(pattern: &str) -> impl Fn(&str) -> bool + use<> {
        let validator = jsonschema::validator_for(&serde_json::json!({ "pattern": pattern }))
            .expect("the pattern compiles");
        move |text| validator.is_valid(&text.into())
    }

    #[test]
    fn the_date_pattern_takes_exactly_the_dates_check_date_takes() {
        let mut texts: Vec<String> = Vec::new();
        for year in ["1900", "2000", "2023", "2024", "2100", "0000"] {
            for month in 0..=13 {
                for day in 0..=32 {
                    texts.push(format!("{year}-{month:02}-{day:02}"));
                }
            }
        }
        let bases = [
            "2024-05-01T09:30",
            "2024-05-01 09:30:00",
            "2024-05-01T09:30:00Z",
            "2024-05-01T09:30:00.25+02:00",
            "2024-05-01T23:59:60-0500",
            "2001-12-14 21:59:43.10 -5",
            " 2024-02-29 ",
        ];
        for base in bases {
            texts.push(base.to_string());
            for (i, _) in base.char_indices() {
                for c in ['0', '2', '6', '9', '-', ':', 'T', ' ', 'Z', '+', '.', 'x'] {
                    let mut t = base.to_string();
                    t.replace_range(i..i + 1, &c.to_string());
                    texts.push(t);
                    let mut t = base.to_string();
                    t.insert(i, c);
                    texts.push(t);
                }
                let mut t = base.to_string();
                t.remove(i);
                texts.push(t);
            }
        }
        let matches = matcher(&date_pattern());
        let wrong: Vec<&String> = texts
            .iter()
            .filter(|t| check_date(t).is_ok() != matches(t))
            .collect();
        assert!(texts.len() > 5000, "{}", texts.len());
        assert!(wrong.is_empty(), "{wrong:?}");
    }

    #[test]
    fn the_progress_pattern_takes_every_text_progress_takes() {
        let schema = serde_json::to_value(schemars::schema_for!(DeclaredProgress)).unwrap();
        let matches = matcher(schema["oneOf"][1]["pattern"].as_str().unwrap());
        let mut texts: Vec<String> = Vec::new();
        for a in [
            "0", "3", "+3", "03", "40", "99.5", "100", "100.0", "101", ".5", "5.", "-0", "-1",
            "1e2", "1e3", "x", "",
        ] {
            for b in [
                "", "%", " %", "%%", "/4", " / 4", "/0", "/+4", "/2", "/x", "/", "% %",
            ] {
                for pad in ["", " "] {
                    texts.push(format!("{pad}{a}{b}{pad}"));
                }
            }
        }
        let mut looser = Vec::new();
        let mut wrong = Vec::new();
        for text in &texts {
            let read = serde_json::from_value::<DeclaredProgress>(text.as_str().into()).is_ok();
            match (read, matches(text)) {
                (true, false) => wrong.push(text),
                (false, true) => looser.push(text.trim()),
                _ => {}
            }
        }
        assert!(
            wrong.is_empty(),
            "read but refused by the schema: {wrong:?}"
        );
        // Where the schema is looser, knowingly: done above the total, an
        // exponent that leaves 0 to 100.
        let done_above_total = |t: &str| {
            t.split_once('/')
                .and_then(|(d, n)| {
                    let number = |s: &str| s.trim().trim_start_matches('+').parse::<u64>().ok();
                    Some(number(d)? > number(n)?)
                })
                .unwrap_or(false)
        };
        for text in looser {
            assert!(done_above_total(text) || text.contains('e'), "{text:?}");
        }
    }

    #[test]
    fn aliases_are_read_as_their_keys() {
        // The schema (crate::schema) gives each alias its key's schema.
        for (alias, key) in KEY_ALIASES {
            assert!(KNOWN_KEYS.contains(alias) && KNOWN_KEYS.contains(key));
            let read = |k: &str, value: &str| parse_text(&format!("---\n{k}: {value}\n---\n")).ok();
            // A value the key takes (a number for `navOrder`, a path for `permalink`).
            let value = ["7", "/x/"]
                .into_iter()
                .find(|v| read(key, v).is_some_and(|fm| fm != FrontMatter::default()))
                .unwrap_or_else(|| panic!("no value for {key}"));
            assert_eq!(read(alias, value), read(key, value), "{alias}: {value}");
        }
        for (alias, key) in TERM_OPTION_ALIASES {
            let read = |k: &str| {
                parse_text(&format!("---\nterms: {{T: {{{k}: [xs]}}}}\n---\n")).map(|fm| fm.terms)
            };
            assert_eq!(read(alias), read(key), "{alias}");
            assert!(read(key).is_ok());
        }
    }

    #[test]
    fn redirect_from_is_an_alias_of_aliases() {
        for text in both("redirect_from: /old/", "redirect_from = [\"/old/\"]") {
            assert_eq!(parse_text(&text).unwrap().aliases, ["/old/"]);
        }
        // Both keys on one page: every old URL, none lost.
        for text in both(
            "aliases: [/a/]\nredirect_from: /b/",
            "aliases = [\"/a/\"]\nredirect_from = \"/b/\"",
        ) {
            assert_eq!(parse_text(&text).unwrap().aliases, ["/a/", "/b/"]);
        }
    }

    #[test]
    fn dates_are_kept_as_written() {
        for text in both("due: 2024-05-01", "due = 2024-05-01") {
            assert_eq!(
                parse_text(&text).unwrap().due,
                Some(DateText("2024-05-01".into()))
            );
        }
    }

    #[test]
    fn can_check_dates() {
        for good in [
            "2024-05-01",
            " 2024-05-01 ",
            "2024-02-29",
            "2000-02-29",
            "2023-12-31",
            "2024-05-01T09:30",
            "2024-05-01 09:30:00",
            "2024-05-01T09:30:00Z",
            "2024-05-01T09:30:00.25+02:00",
            "2024-05-01T23:59:60-0500",
            "2001-12-14 21:59:43.10 -5",
        ] {
            assert_eq!(check_date(good), Ok(()), "{good}");
        }
        for (bad, why) in [
            ("not-a-date", ""),
            ("15/11/2026", ""),
            ("2026-5-1", ""),
            ("2026-02-30", ": February 2026 has 28 days"),
            ("2023-02-29", ": February 2023 has 28 days"),
            ("1900-02-29", ": February 1900 has 28 days"),
            ("2026-04-31", ": April 2026 has 30 days"),
            ("2026-01-00", ": January 2026 has 31 days"),
            ("2026-13-01", ": there is no month 13"),
            ("2026-00-10", ": there is no month 0"),
            ("", ""),
            (
                "2026-01-01x",
                ": the time after the date is not HH:MM or HH:MM:SS",
            ),
            (
                "2026-01-01T",
                ": the time after the date is not HH:MM or HH:MM:SS",
            ),
            (
                "2026-01-01T24:00",
                ": the time after the date is not HH:MM or HH:MM:SS",
            ),
            (
                "2026-01-01 9:30",
                ": the time after the date is not HH:MM or HH:MM:SS",
            ),
            (
                "2026-01-01 09:30 soon",
                ": the time after the date is not HH:MM or HH:MM:SS",
            ),
            (
                "2026-01-01T09:30+2:00",
                ": the time after the date is not HH:MM or HH:MM:SS",
            ),
            (
                "2026-01-01T09:30:00.",
                ": the time after the date is not HH:MM or HH:MM:SS",
            ),
            (
                "2026-01-01Té",
                ": the time after the date is not HH:MM or HH:MM:SS",
            ),
            ("２０２６-01-01", ""),
        ] {
            assert_eq!(check_date(bad), Err(why.to_string()), "{bad}");
        }
    }

    #[test]
    fn bad_dates_are_errors_at_their_value() {
        for key in ["due", "reviewed", "updated"] {
            for (yaml, toml, column) in [
                (
                    format!("title: A\n{key}: 2026-02-30"),
                    format!("title = \"A\"\n{key} = \"2026-02-30\""),
                    key.len() + 3,
                ),
                (
                    format!("title: A\n{key}: not-a-date"),
                    format!("title = \"A\"\n{key} = 10:30:00"),
                    key.len() + 3,
                ),
                (
                    format!("title: A\n{key}: 15/11/2026"),
                    format!("title = \"A\"\n{key} = 2026"),
                    key.len() + 3,
                ),
            ] {
                for text in [
                    format!("---\n{yaml}\n---\nbody"),
                    format!("+++\n{toml}\n+++\nbody"),
                ] {
                    let d = parse_text(&text).unwrap_err();
                    assert_eq!(d.position.map(|p| p.line), Some(3), "{d}");
                    if text.starts_with("---") {
                        assert_eq!(d.position.map(|p| p.column), Some(column), "{d}");
                    }
                    assert!(d.message.contains("YYYY-MM-DD"), "{d}");
                }
            }
        }
    }

    #[test]
    fn toml_impossible_date_says_how_to_write_dates() {
        let d = parse_text("+++\ntitle = \"A\"\ndue = 2026-02-30\n+++\n").unwrap_err();
        assert_eq!(d.position.map(|p| (p.line, p.column)), Some((3, 7)), "{d}");
        assert!(d.to_string().contains("YYYY-MM-DD"), "{d}");
    }

    #[test]
    fn toml_dates_and_times_are_kept_as_written() {
        let fm =
            parse_text("+++\ndue = 2024-05-01T09:30:00Z\nreviewed = 2024-05-01T09:30:00\n+++\n")
                .unwrap();
        assert_eq!(fm.due, Some(DateText("2024-05-01T09:30:00Z".into())));
        assert_eq!(fm.reviewed, Some(DateText("2024-05-01T09:30:00".into())));
    }

    #[test]
    fn progress_of_nothing_is_an_error() {
        for text in both("progress: \"0/0\"", "progress = \"0/0\"") {
            let d = parse_text(&text).unwrap_err();
            assert!(d.message.contains("fraction"), "{d}");
            assert_eq!(d.position.map(|p| p.line), Some(2), "{d}");
        }
        assert_eq!(
            parse_text("---\nprogress: \"0/3\"\n---\n")
                .unwrap()
                .progress,
            Some(DeclaredProgress::Fraction(0, 3))
        );
    }

    #[test]
    fn known_keys_are_every_key_the_type_reads() {
        // Every key the type writes back is listed...
        let written = serde_json::to_value(FrontMatter::default()).unwrap();
        for key in written.as_object().unwrap().keys() {
            assert!(
                KNOWN_KEYS.contains(&key.as_str()),
                "{key} is not in KNOWN_KEYS"
            );
        }
        // ...and every listed key is read, not left in `extra`.
        // (An error is a known key's type refusing the value: read too.)
        for key in KNOWN_KEYS {
            if let Ok(fm) = parse_text(&format!("---\n{key}: null\n---\n")) {
                assert!(fm.extra.is_empty(), "{:?}", fm.extra);
            }
        }
    }

    #[test]
    fn can_find_the_key_a_typo_means() {
        for (typo, known) in [
            ("navtitle", Some("navTitle")),
            ("NavTitle", Some("navTitle")),
            ("nav_title", Some("navTitle")),
            ("nav-order", Some("navOrder")),
            ("reportsto", Some("reports_to")),
            ("reportsTo", Some("reports_to")),
            ("stauts", Some("status")),
            ("tag", Some("tags")),
            ("tilte", Some("title")),
            ("descripion", Some("description")),
            ("redirectfrom", Some("redirect_from")),
            ("Title", Some("title")),
            ("date", None),
            ("author", None),
            ("layout", None),
            ("subtitle", None),
            ("custom", None),
            ("something_else", None),
            ("", None),
            (&"x".repeat(100_000), None),
        ] {
            assert_eq!(near_key(typo), known, "{typo}");
        }
    }

    #[test]
    fn typos_warn_at_their_key() {
        for (text, line, column) in [
            ("---\ntitle: A\nnavtitle: B\n---\n", 3, 1),
            ("---\ntitle: A\nmeta:\n  stauts: x\nstauts: y\n---\n", 5, 1),
            ("---\r\ntitle: A\r\n\"tag\": x\r\n---\r\n", 3, 1),
            ("---\rtitle: A\rreportsto: B\r---\r", 3, 1),
            ("+++\ntitle = \"A\"\n  stauts = \"x\"\n+++\n", 3, 3),
            (
                "+++\ntitle = \"A\"\n'tag' = \"x\"\n[meta]\ntag = 1\n+++\n",
                3,
                1,
            ),
            ("---\n{title: A, tag: x}\n---\n", 2, 1),
        ] {
            let s = split(text).unwrap();
            let fm = parse(Path::new("p.md"), text, &s, &Default::default()).unwrap();
            let warnings = typos(Path::new("p.md"), text, &s, &fm);
            assert_eq!(warnings.len(), 1, "{text:?}: {warnings:?}");
            let w = &warnings[0];
            assert!(!w.is_error() && w.message.contains("did you mean"), "{w}");
            assert_eq!(w.position, Some(Position { line, column }), "{text:?}: {w}");
        }
        let text = "---\ntitle: A\ncustom: 1\nlayout: x\n---\n";
        let s = split(text).unwrap();
        let fm = parse(Path::new("p.md"), text, &s, &Default::default()).unwrap();
        assert!(typos(Path::new("p.md"), text, &s, &fm).is_empty());
    }

    #[test]
    fn wrong_type_names_line_and_column() {
        for text in both(
            "title: A\nnavOrder: soon",
            "title = \"A\"\nnavOrder = \"soon\"",
        ) {
            let d = parse_text(&text).unwrap_err();
            assert_eq!(d.position.map(|p| p.line), Some(3), "{d}");
            assert!(d.message.contains("invalid frontmatter"), "{d}");
        }
    }

    #[test]
    fn wrong_shapes_say_what_to_write() {
        for (text, expected) in [
            ("---\ntitle: A\ntags: {a: 1}\n---\n", "a list of texts"),
            (
                "---\ntitle: A\nprogress: [1]\n---\n",
                "percentage from 0 to 100",
            ),
        ] {
            let d = parse_text(text).unwrap_err();
            assert!(d.message.contains(expected), "{d}");
            assert_eq!(d.position.map(|p| p.line), Some(3), "{d}");
        }
    }

    #[test]
    fn progress_out_of_range_is_an_error() {
        for text in both("progress: 140", "progress = 140") {
            assert!(parse_text(&text).is_err());
        }
        assert_eq!(
            parse_text("---\nprogress: 40\n---\n").unwrap().progress,
            Some(DeclaredProgress::Percent(40))
        );
    }

    #[test]
    fn yaml_bomb_is_refused() {
        let mut yaml = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            yaml.push_str(&format!("b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let text = format!("---\n{yaml}---\n");
        assert!(parse_text(&text).is_err());
    }
}
