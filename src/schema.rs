//! JSON Schemas for `handbook.toml` and page frontmatter, made from the types that read them.
//!
//! Editors read these to complete keys, show each key's description on
//! hover and underline what handbook would refuse, before the file is saved
//! (README: Editor support). The schemas are generated, never written by
//! hand, so they cannot drift from the code:
//!
//! - the shape, types, allowed values and descriptions come from the serde
//!   types' own derive and doc comments ([`Config`], [`FrontMatter`]);
//! - where a type reads more (or less) than its Rust type says, the schema
//!   comes from a function beside its parser: dates (`frontmatter/date.rs`),
//!   progress, a text or a list (`one_or_many`), `base_url` (`base_url`),
//!   `[diagnostics]` and the keys `[frontmatter]` may name;
//! - aliases (`weight`, `url`, `plural`) are added from the tables the
//!   parser's tests hold to the serde attributes.
//!
//! `handbook.toml` is closed (`additionalProperties: false`), as its parser
//! rejects unknown keys. Frontmatter is open, since templates read unknown
//! keys from `page.extra`; but a name that looks like a known key mistyped
//! (`navtitle`, `nav_order`, `stauts`) is refused with "did you mean", by the
//! rule `check` warns with (see [`typo_pattern`]).
//!
//! Both are JSON Schema draft-07: the newest draft that the YAML extension
//! of VS Code (yaml-language-server) and Even Better TOML (taplo) validate.
//! Subschemas are inlined rather than referenced, because both editors drop
//! a description written beside a `$ref`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::config::Config;
use crate::content::FrontMatter;
use crate::content::frontmatter::{
    self, KEY_ALIASES, KNOWN_KEYS, TERM_OPTION_ALIASES, TYPO_MAX_CHARS, TYPO_TWO_EDITS_ABOVE,
};
use crate::error::{Code, Diagnostic, Error};

/// The file name of the schema of `handbook.toml`.
pub const CONFIG_SCHEMA_FILE: &str = "handbook.schema.json";
/// The file name of the schema of a page's frontmatter.
pub const FRONTMATTER_SCHEMA_FILE: &str = "frontmatter.schema.json";

/// How a schema file says that handbook wrote it (and may write it again).
const MARK: &str =
    "Written by handbook from the types that read these files; `handbook schema` writes it again.";

/// The schema of `handbook.toml`.
pub fn config() -> Value {
    let mut schema = generator().into_root_schema_for::<Config>().to_value();
    finish(&mut schema, "handbook.toml");
    schema
}

/// The schema of a page's frontmatter in a handbook with `config`: its
/// `[frontmatter]` renames and ignores applied, its `[status]` names
/// offered for `status`.
pub fn frontmatter(config: &Config) -> Value {
    let mut schema = generator().into_root_schema_for::<FrontMatter>().to_value();
    schema["description"] = "A page's frontmatter, YAML between `---` lines or TOML between \
        `+++` lines, as handbook reads it. Keys handbook does not know are kept for templates \
        (`page.extra`), but one that looks like a known key mistyped is refused."
        .into();
    let cases = Cases::new();
    let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return schema;
    };
    for (alias, key) in KEY_ALIASES {
        add_alias(properties, alias, key);
    }
    if let Some(terms) = properties
        .get_mut("terms")
        .and_then(|t| t.pointer_mut("/additionalProperties/properties"))
        .and_then(Value::as_object_mut)
    {
        for (alias, key) in TERM_OPTION_ALIASES {
            add_alias(terms, alias, key);
        }
    }
    yaml_scalars(properties);
    if let Some(status) = properties.get_mut("status") {
        status["examples"] = config.status.keys().cloned().collect::<Vec<_>>().into();
    }
    apply_key_map(properties, &config.frontmatter);
    let names: Vec<String> = properties.keys().cloned().collect();
    schema["propertyNames"] = json!({
        "allOf": KNOWN_KEYS.iter().map(|known| json!({
            "if": { "pattern": pattern_of_typos(known, &cases), "maxLength": TYPO_MAX_CHARS },
            "then": {
                "enum": names,
                "errorMessage": format!(
                    "did you mean `{known}`? As it is, handbook ignores this key (templates see it as page.extra)"
                ),
            },
        })).collect::<Vec<_>>(),
    });
    finish(&mut schema, "Page frontmatter");
    schema
}

/// The two schema files, named and as written: pretty JSON ending in a newline.
pub fn files(config: &Config) -> [(&'static str, String); 2] {
    let text = |v: Value| format!("{v:#}\n");
    [
        (CONFIG_SCHEMA_FILE, text(self::config())),
        (FRONTMATTER_SCHEMA_FILE, text(frontmatter(config))),
    ]
}

/// What [`write`] did with one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The file is new or had other content.
    Written,
    /// The file already said the same.
    Unchanged,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Outcome::Written => "written",
            Outcome::Unchanged => "unchanged",
        })
    }
}

/// `handbook schema`: the schemas of the handbook at `root` (its
/// `handbook.toml`, when it has one, shapes the frontmatter's) written into
/// `out`, by default `root`, as [`write`] does.
pub fn write_for(root: &Path, out: Option<&Path>) -> Result<Vec<(PathBuf, Outcome)>, Error> {
    let is_dir = std::fs::metadata(root)
        .map_err(|e| Error::io(root, e))?
        .is_dir();
    if !is_dir {
        return Err(Error::io(
            root,
            std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "not a folder: give the handbook's root",
            ),
        ));
    }
    let config = Config::load(root)
        .map_err(|d| Error::Handbook(vec![d]))?
        .unwrap_or_default();
    write(out.unwrap_or(root), &config)
}

/// Writes both schema files into `dir` (made if missing). A file of that
/// name is replaced only when handbook wrote it; any other is left as it is
/// and named in the error, before anything is written.
pub fn write(dir: &Path, config: &Config) -> Result<Vec<(PathBuf, Outcome)>, Error> {
    let files = files(config);
    let mut refused = Vec::new();
    let mut plan = Vec::new();
    for (name, text) in files {
        let target = dir.join(name);
        match std::fs::read_to_string(&target) {
            Ok(old) if old == text => plan.push((target, text, Outcome::Unchanged)),
            Ok(old) if written_by_us(&old) => plan.push((target, text, Outcome::Written)),
            Ok(_) => refused.push(target),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                plan.push((target, text, Outcome::Written));
            }
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => refused.push(target),
            Err(e) => return Err(Error::io(&target, e)),
        }
    }
    if !refused.is_empty() {
        return Err(Error::Handbook(
            refused
                .into_iter()
                .map(|file| {
                    Diagnostic::error(
                        Code::ScaffoldExists,
                        file,
                        "a file of this name is here, and handbook did not write it",
                    )
                    .hint("move it away, or write the schemas elsewhere with --out DIR")
                })
                .collect(),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut done = Vec::new();
    for (target, text, outcome) in plan {
        if outcome == Outcome::Written {
            replace(&target, &text)?;
        }
        done.push((target, outcome));
    }
    Ok(done)
}

/// Whether `text` is a schema file handbook wrote.
fn written_by_us(text: &str) -> bool {
    serde_json::from_str::<Value>(text)
        .is_ok_and(|v| v.get("$comment").and_then(Value::as_str) == Some(MARK))
}

/// Writes `text` to `target` through a file beside it, so that a reader
/// never sees half a schema.
fn replace(target: &Path, text: &str) -> Result<(), Error> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = target.with_file_name(format!(".{name}.handbook-tmp"));
    std::fs::write(&temporary, text).map_err(|e| Error::io(&temporary, e))?;
    std::fs::rename(&temporary, target).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        Error::io(target, e)
    })
}

fn generator() -> schemars::SchemaGenerator {
    let mut settings = SchemaSettings::draft07();
    settings.inline_subschemas = true;
    settings.into_generator()
}

/// The marker, the title, and descriptions as a reader wants them.
fn finish(schema: &mut Value, title: &str) {
    tidy(schema);
    if let Some(map) = schema.as_object_mut() {
        map.insert("$comment".into(), MARK.into());
        map.insert("title".into(), title.into());
    }
}

/// Every description as one line per paragraph, with rustdoc's links made
/// plain code (`` [`Hugo`](Self::Hugo) `` -> `` `Hugo` ``); and what says
/// nothing to an editor dropped: defaults of `null` (an absent key), Rust's
/// number formats (`double`, `uint32`), `writeOnly` (a key that is read
/// but not written back).
fn tidy(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.get("default") == Some(&Value::Null) {
                map.remove("default");
            }
            if let Some(format) = map
                .get("format")
                .and_then(Value::as_str)
                .map(str::to_string)
            {
                let bounds: Option<(Value, Value)> = match format.as_str() {
                    "uint8" => Some((0.into(), u8::MAX.into())),
                    "uint16" => Some((0.into(), u16::MAX.into())),
                    "uint32" => Some((0.into(), u32::MAX.into())),
                    "uint64" | "uint" => Some((0.into(), u64::MAX.into())),
                    "int32" => Some((i32::MIN.into(), i32::MAX.into())),
                    "int64" | "int" => Some((i64::MIN.into(), i64::MAX.into())),
                    _ => None,
                };
                let rust_only = bounds.is_some() || matches!(format.as_str(), "double" | "float");
                if let Some((min, max)) = bounds {
                    map.insert("minimum".into(), min);
                    map.insert("maximum".into(), max);
                }
                if rust_only {
                    map.remove("format");
                }
            }
            map.remove("writeOnly");
            if let Some(Value::String(d)) = map.get_mut("description") {
                *d = unwrapped(&plain_links(d));
            }
            map.values_mut().for_each(tidy);
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// `text` with the line breaks inside each paragraph made spaces, but for
/// those that start an item of a list (`- `).
fn unwrapped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, paragraph) in text.split("\n\n").enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        for (j, line) in paragraph.lines().map(str::trim).enumerate() {
            if j > 0 {
                out.push(if line.starts_with("- ") { '\n' } else { ' ' });
            }
            out.push_str(line);
        }
    }
    out
}

/// `text` with rustdoc links `` [`X`](path) `` and `` [`X`] `` made `` `X` ``.
fn plain_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[`") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find("`]") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let code = &after[..end + 1];
        out.push_str(code);
        rest = &after[end + 2..];
        if let Some(target) = rest.strip_prefix('(')
            && let Some(close) = target.find(')')
        {
            rest = &target[close + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// `alias` read as `key`: the same schema, said to be the other name.
fn add_alias(properties: &mut Map<String, Value>, alias: &str, key: &str) {
    let Some(mut schema) = properties.get(key).cloned() else {
        return;
    };
    let said = schema["description"].as_str().unwrap_or("").to_string();
    schema["description"] = format!("Another name for `{key}`. {said}")
        .trim_end()
        .into();
    properties.insert(alias.into(), schema);
}

/// YAML frontmatter is read more loosely than the Rust types say
/// (serde-saphyr reads a scalar as whatever its key takes): a key that takes
/// a text also takes a number or `true` (`title: 2024` is the title
/// "2024"); one that takes a number also takes a text holding one
/// (`navOrder: "3"`); one that takes `true` or `false` also takes YAML 1.1's
/// spellings (`yes`, `No`, `on`, `off`, `y`, `n`), quoted or not. The
/// schema says so, for the keys read straight into a text, number or
/// `true`/`false` (not those read through a choice of shapes, such as
/// `tags` or `permalink`, which take only the shapes they list). TOML is
/// stricter (`title = 2024` is an error), so for TOML frontmatter the schema
/// is looser than handbook there.
fn yaml_scalars(properties: &mut Map<String, Value>) {
    const PAD: &str = "[ \\t\\r\\n]*";
    let float = format!(
        "^{PAD}(?:[+-]?\\.(?:inf|Inf|INF|nan|NaN|NAN)|[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?){PAD}$"
    );
    let boolean = format!(
        "^{PAD}(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy](?:[Ee][Ss])?|[Nn][Oo]?|[Oo][Nn]|[Oo][Ff][Ff]){PAD}$"
    );
    for schema in properties.values_mut() {
        let Some(map) = schema.as_object_mut() else {
            continue;
        };
        let plain = ["pattern", "enum", "const", "items", "anyOf", "oneOf"]
            .iter()
            .all(|k| !map.contains_key(*k));
        let types: Vec<String> = match map.get("type") {
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        };
        let nullable = types.iter().any(|t| t == "null");
        let single: Vec<&str> = types
            .iter()
            .map(String::as_str)
            .filter(|t| *t != "null")
            .collect();
        let null = if nullable {
            vec![json!({ "type": "null" })]
        } else {
            Vec::new()
        };
        match (plain, single.as_slice()) {
            (true, ["string"]) => {
                let mut t = vec!["string", "number", "boolean"];
                if nullable {
                    t.push("null");
                }
                map.insert("type".into(), json!(t));
            }
            (true, [kind @ ("number" | "boolean")]) => {
                let pattern = if *kind == "number" { &float } else { &boolean };
                map.remove("type");
                let mut choices = vec![
                    json!({ "type": kind }),
                    json!({ "type": "string", "pattern": pattern }),
                ];
                choices.extend(null.clone());
                map.insert("anyOf".into(), json!(choices));
            }
            _ => {}
        }
        if let Some(inner) = map.get_mut("properties").and_then(Value::as_object_mut) {
            yaml_scalars(inner);
        }
        if let Some(inner) = map
            .get_mut("additionalProperties")
            .and_then(|a| a.get_mut("properties"))
            .and_then(Value::as_object_mut)
        {
            yaml_scalars(inner);
        }
    }
}

/// The keys `[frontmatter]` renames take the schema of the key they are read
/// as; the keys it ignores (and the targets of renames, which are then this
/// handbook's own) take anything.
fn apply_key_map(properties: &mut Map<String, Value>, keys: &crate::content::KeyMap) {
    let original = properties.clone();
    let mut own: Vec<&String> = keys.ignore.iter().collect();
    own.extend(keys.rename.values());
    for key in own {
        properties.insert(
            key.clone(),
            json!({
                "description": format!(
                    "Not read by handbook in this handbook ([frontmatter] in handbook.toml): kept for templates as page.extra.{key}."
                )
            }),
        );
    }
    let renames: BTreeMap<&String, &String> = keys.rename.iter().collect();
    for (from, to) in renames {
        let Some(mut schema) = original.get(to.as_str()).cloned() else {
            continue;
        };
        let said = schema["description"].as_str().unwrap_or("").to_string();
        schema["description"] =
            format!("Read as `{to}` ([frontmatter] rename in handbook.toml). {said}")
                .trim_end()
                .into();
        properties.insert(from.clone(), schema);
    }
}

/// A text, or a list of texts: what `tags`, `aliases`, `redirect_from` and a
/// term's `aliases` and `plurals` take (`null` is none).
pub(crate) fn one_or_many(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": ["string", "array", "null"],
        "items": { "type": "string" },
    })
}

/// `base_url` as `deserialize_base_url` takes it: empty, a path from the
/// root (`/handbook/`, not `//`), or an `http(s)://` URL with a host (the
/// URL parser skips more slashes before it: `https:///example.com`); no
/// white space, control character, backslash, `?` or `#`. Looser than the
/// code where the URL parser refuses the host or port (`https://a[b/`).
pub(crate) fn base_url(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    const PLAIN: &str = r"[^\s\\?#\x00-\x1f\x7f-\x9f]";
    const FIRST: &str = r"[^/\s\\?#\x00-\x1f\x7f-\x9f]";
    schemars::json_schema!({
        "type": "string",
        "pattern": format!(
            r"^(?:|/(?:{FIRST}{PLAIN}*)?|[Hh][Tt][Tt][Pp][Ss]?://+{FIRST}+(?:/{PLAIN}*)?)$"
        ),
        "default": "/",
    })
}

/// The keys `[frontmatter] ignore` may name: keys handbook reads.
pub(crate) fn known_key_list(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "array",
        "items": { "enum": KNOWN_KEYS },
        "default": [],
    })
}

/// `[frontmatter] rename`: any key of the handbook's, to a key handbook reads.
pub(crate) fn known_key_map(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "object",
        "additionalProperties": { "enum": KNOWN_KEYS },
        "default": {},
    })
}

/// One position of a name, as the typo rule compares names (`squash`ed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Token {
    /// This letter.
    Letter(char),
    /// Any one character but `-` and `_`.
    Any,
}

/// A JSON Schema pattern (ECMA-262 syntax without flags, which Rust's regex
/// reads the same) that matches exactly the names `near_key` in
/// `content::frontmatter` finds close to `known`: after dropping `_` and `-`
/// and lowercasing, at most one edit away (a letter added, dropped or
/// changed, or two neighbours swapped), or two for names longer than
/// `TYPO_TWO_EDITS_ABOVE` (8). The names of at most `TYPO_MAX_CHARS` (20)
/// characters are the schema's `maxLength`. Known keys contain only ASCII
/// letters, `_` and `-`.
///
/// The names within reach are listed as sequences of letters and "any
/// character" (an edit that adds or changes one), each level of edits from
/// the one before, and written as one alternation that shares their common
/// beginnings. One difference remains: a character whose lowercase is two
/// characters (`İ`) counts as one here.
pub fn typo_pattern(known: &str) -> String {
    pattern_of_typos(known, &Cases::new())
}

/// [`typo_pattern`], with the letters' cases worked out once.
fn pattern_of_typos(known: &str, cases: &Cases) -> String {
    use std::collections::{BTreeSet, HashMap};
    let start: Vec<Token> = frontmatter::squash(known)
        .chars()
        .map(Token::Letter)
        .collect();
    let mut edits: HashMap<Vec<Token>, usize> = HashMap::from([(start.clone(), 0)]);
    let mut level = vec![start];
    for distance in 1..=2 {
        let mut next = Vec::new();
        for name in &level {
            for variant in one_edit(name) {
                edits.entry(variant.clone()).or_insert_with(|| {
                    next.push(variant);
                    distance
                });
            }
        }
        level = next;
    }
    let reachable: BTreeSet<Vec<Token>> = edits
        .into_iter()
        .filter(|(name, distance)| *distance <= 1 || name.len() > TYPO_TWO_EDITS_ABOVE)
        .map(|(name, _)| name)
        .collect();
    let mut trie = Trie::default();
    for name in &reachable {
        trie.insert(name);
    }
    format!("^[-_]*{}[-_]*$", trie.pattern(cases))
}

/// Every name one edit away from `name`.
fn one_edit(name: &[Token]) -> Vec<Vec<Token>> {
    let mut out = Vec::new();
    for i in 0..=name.len() {
        let mut added = name.to_vec();
        added.insert(i, Token::Any);
        out.push(added);
        if i == name.len() {
            break;
        }
        let mut changed = name.to_vec();
        changed[i] = Token::Any;
        out.push(changed);
        let mut dropped = name.to_vec();
        dropped.remove(i);
        out.push(dropped);
        if i + 1 < name.len() {
            let mut swapped = name.to_vec();
            swapped.swap(i, i + 1);
            out.push(swapped);
        }
    }
    out
}

/// Names sharing their beginnings.
#[derive(Default)]
struct Trie {
    end: bool,
    next: BTreeMap<Token, Trie>,
}

impl Trie {
    fn insert(&mut self, name: &[Token]) {
        match name.split_first() {
            None => self.end = true,
            Some((first, rest)) => self.next.entry(*first).or_default().insert(rest),
        }
    }

    /// The pattern of what follows this node, `[-_]*` between positions.
    fn pattern(&self, cases: &Cases) -> String {
        let mut branches: BTreeMap<String, Vec<Token>> = BTreeMap::new();
        for (token, child) in &self.next {
            let rest = child.pattern(cases);
            branches.entry(rest).or_default().push(*token);
        }
        let alternatives: Vec<String> = branches
            .into_iter()
            .map(|(rest, tokens)| {
                let head = if tokens.contains(&Token::Any) {
                    "[^-_]".to_string()
                } else {
                    let letters: String = tokens
                        .iter()
                        .filter_map(|t| match t {
                            Token::Letter(c) => Some(cases.of(*c)),
                            Token::Any => None,
                        })
                        .collect();
                    format!("[{letters}]")
                };
                if rest.is_empty() {
                    head
                } else {
                    format!("{head}[-_]*{rest}")
                }
            })
            .collect();
        match (alternatives.len(), self.end) {
            (0, _) => String::new(),
            (1, false) => alternatives.concat(),
            (_, end) => format!(
                "(?:{}){}",
                alternatives.join("|"),
                if end { "?" } else { "" }
            ),
        }
    }
}

/// For each ASCII lowercase letter, every character whose lowercase is that
/// letter alone (`k`: `k`, `K` and the Kelvin sign), as `char::to_lowercase`
/// says, written for a character class.
struct Cases {
    of: BTreeMap<char, String>,
}

impl Cases {
    fn new() -> Cases {
        let mut of: BTreeMap<char, String> = BTreeMap::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut lower = c.to_lowercase();
            if let (Some(l), None) = (lower.next(), lower.next())
                && l.is_ascii_lowercase()
            {
                let written = if c.is_ascii() {
                    c.to_string()
                } else {
                    format!("\\u{:04X}", u32::from(c))
                };
                of.entry(l).or_default().push_str(&written);
            }
        }
        Cases { of }
    }

    /// The class members for `c`: itself when not an ASCII letter.
    fn of(&self, c: char) -> String {
        self.of.get(&c).cloned().unwrap_or_else(|| c.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_make_rustdoc_links_plain() {
        assert_eq!(
            plain_links("then [`Hugo`](Self::Hugo) keeping ASCII; see [`Ids`]."),
            "then `Hugo` keeping ASCII; see `Ids`."
        );
        assert_eq!(plain_links("a [`b` c"), "a [`b` c");
        assert_eq!(plain_links("[x](y) stays"), "[x](y) stays");
    }

    #[test]
    fn can_unwrap_paragraphs_but_keep_list_items() {
        assert_eq!(
            unwrapped("one\n  two\n\nthree:\n- a\n  b\n- c"),
            "one two\n\nthree:\n- a b\n- c"
        );
    }

    #[test]
    fn can_match_a_key_in_any_case_and_with_separators() {
        let pattern = typo_pattern("navTitle");
        let regex = |name: &str| jsonschema::is_valid(&json!({ "pattern": pattern }), &json!(name));
        for name in [
            "navtitle",
            "NAV_TITLE",
            "nav-title",
            "_navTitle_",
            "navTitel",
            "navTite",
        ] {
            assert!(regex(name), "{name}");
        }
        // Two edits on a name of at most eight letters: not a typo of it.
        for name in ["navTi", "navTit", "title", "nav", "layout"] {
            assert!(!regex(name), "{name}");
        }
        // Above eight, two edits are.
        assert!(regex("navTitleXY"));
    }

    #[test]
    fn the_kelvin_sign_is_a_k() {
        // `char::to_lowercase` makes U+212A a `k`, as the warning's rule does.
        assert!(typo_pattern("kind").contains("[Kk\\u212A]"));
    }
}
