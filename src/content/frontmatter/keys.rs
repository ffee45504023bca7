//! The frontmatter keys handbook knows, and the warnings for keys that look
//! like one of them mistyped (`navtitle`, `stauts`), at the key's place.

use std::path::Path;

use super::{Format, FrontMatter, Split, lone_cr_as_lf};
use crate::error::{Diagnostic, LineIndex};

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

/// The other names [`TermOptions`](super::TermOptions) reads a key under, as `(alias, key)`.
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
pub(super) fn near_key(key: &str) -> Option<&'static str> {
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
