//! Load: the handbook's `data/` folder, every file parsed once into one
//! value tree that templates (and shortcodes) read as `data`.
//!
//! The folder sits beside `handbook.toml`. Each file's place gives its key:
//!
//! | file | in templates |
//! |---|---|
//! | `data/team.yaml` (or `.yml`) | `data.team` |
//! | `data/org/teams.json` | `data.org.teams` |
//! | `data/team-members.toml` | `data["team-members"]` |
//! | `data/tools.csv` | `data.tools`: a list of rows |
//!
//! YAML, JSON and TOML give their values as written (a TOML date becomes
//! its text). A CSV file is a list with one map per row after the first,
//! keyed by the first row's names (trimmed); every value is a string, as
//! written. Two files for one key (`team.yaml` and `team.json`, or
//! `org.yaml` and the folder `org/`) are an error naming both; a file that
//! cannot be read or parsed is an error at its line and column. Hidden and
//! editor files are skipped; any other file is left alone, with a notice.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::error::{Code, Diagnostic, LineIndex, Position};

/// The data folder's name, in the handbook's root.
pub const DATA_DIR: &str = "data";

/// The file name endings read as data, as README lists them.
const ENDINGS: &str = ".yaml, .yml, .json, .toml or .csv";

/// The handbook's data files, parsed.
#[derive(Debug, Clone)]
pub struct Data {
    /// `{ "team": ..., "org": { "teams": ... } }`; an empty map without data.
    value: Value,
    /// Every data file read (parsed or not), sorted: what a rebuild depends on.
    files: Vec<PathBuf>,
}

impl Default for Data {
    fn default() -> Self {
        Data {
            value: Value::Object(Map::new()),
            files: Vec::new(),
        }
    }
}

/// What [`Data::load`] found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The data, without the files that had problems.
    pub data: Data,
    /// Files that cannot be read or parsed, and keys two files give.
    pub diagnostics: Vec<Diagnostic>,
    /// Files in the folder that are not data, left alone.
    pub notices: Vec<String>,
}

/// A data file's format, from its name's ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Yaml,
    Json,
    Toml,
    Csv,
}

impl Format {
    /// The format of a file of this name, and its name without the ending.
    fn of(name: &str) -> Option<(Format, &str)> {
        let (stem, ending) = name.rsplit_once('.')?;
        let format = match ending.to_ascii_lowercase().as_str() {
            "yaml" | "yml" => Format::Yaml,
            "json" => Format::Json,
            "toml" => Format::Toml,
            "csv" => Format::Csv,
            _ => return None,
        };
        (!stem.is_empty()).then_some((format, stem))
    }

    fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Json => "JSON",
            Format::Toml => "TOML",
            Format::Csv => "CSV",
        }
    }
}

/// A data file found by the walk, before it is read.
struct Found {
    /// `["org", "teams"]` for `data/org/teams.json`.
    key: Vec<String>,
    file: PathBuf,
    format: Format,
}

impl Data {
    /// Reads `root/data/` (nothing when it is not there): each file once,
    /// in parallel. Problems come back together, never the first alone.
    pub fn load(root: &Path) -> Loaded {
        let dir = root.join(DATA_DIR);
        let mut loaded = Loaded::default();
        if !dir.is_dir() {
            return loaded;
        }
        let found = walk(&dir, &mut loaded);
        let found = without_clashes(found, &dir, &mut loaded.diagnostics);
        loaded.data.files = found.iter().map(|f| f.file.clone()).collect();
        let parsed: Vec<Result<Value, Diagnostic>> =
            found.par_iter().map(|f| read(&f.file, f.format)).collect();
        let mut tree = Map::new();
        for (f, value) in found.into_iter().zip(parsed) {
            match value {
                Ok(value) => insert(&mut tree, f.key, value),
                Err(d) => loaded.diagnostics.push(d),
            }
        }
        loaded.data.value = Value::Object(tree);
        loaded
    }

    /// The whole tree: a map from each file's key to its value.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// Every data file the load read, sorted by path.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }
}

/// The data files under `dir`, sorted by path; others become notices.
fn walk(dir: &Path, loaded: &mut Loaded) -> Vec<Found> {
    let mut found = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::content::is_ignored(&e.file_name().to_string_lossy())
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let file = e
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                let why = e
                    .io_error()
                    .map_or_else(|| e.to_string(), ToString::to_string);
                loaded.diagnostics.push(unreadable(
                    file,
                    format!("cannot read: {why}"),
                    "fix its permissions",
                ));
                continue;
            }
        };
        // Links to files are followed (by the read); links to folders are
        // not (no loops), and a pipe or device would block the build.
        let is_file = if entry.path_is_symlink() {
            std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file())
        } else {
            entry.file_type().is_file()
        };
        if !is_file {
            if entry.path_is_symlink() {
                loaded.notices.push(format!(
                    "{}: skipped, a symbolic link to something that is not a file",
                    entry.path().display()
                ));
            }
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let parts: Option<Vec<&str>> = rel.iter().map(|p| p.to_str()).collect();
        let Some(mut key) = parts else {
            loaded.diagnostics.push(unreadable(
                entry.path().to_path_buf(),
                "the file name is not valid UTF-8, so it cannot be a key of `data`".to_string(),
                "rename the file or its folder",
            ));
            continue;
        };
        let Some((format, stem)) = key.pop().and_then(Format::of) else {
            loaded.notices.push(format!(
                "{}: not read, data files end in {ENDINGS}",
                entry.path().display()
            ));
            continue;
        };
        key.push(stem);
        found.push(Found {
            key: key.into_iter().map(str::to_string).collect(),
            file: entry.into_path(),
            format,
        });
    }
    found
}

/// `found` without each file whose key another file (or folder) already
/// gives, with an error naming both.
fn without_clashes(found: Vec<Found>, dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<Found> {
    // Each kept file's key, and each folder's key with a file in it.
    let mut files: HashMap<Vec<String>, PathBuf> = HashMap::new();
    let mut folders: HashMap<Vec<String>, PathBuf> = HashMap::new();
    let mut kept = Vec::with_capacity(found.len());
    for f in found {
        let other = files
            .get(&f.key)
            .map(|file| file.display().to_string())
            .or_else(|| {
                folders.get(&f.key).map(|inside| {
                    format!(
                        "the folder {} (with {})",
                        folder(dir, &f.key).display(),
                        inside.display()
                    )
                })
            })
            .or_else(|| {
                (1..f.key.len()).find_map(|n| {
                    files.get(&f.key[..n]).map(|file| {
                        format!(
                            "{}, beside the folder {}",
                            file.display(),
                            folder(dir, &f.key[..n]).display()
                        )
                    })
                })
            });
        if let Some(other) = other {
            problems.push(
                Diagnostic::error(
                    Code::DataClash,
                    f.file.clone(),
                    format!(
                        "this file and {other} both give `{}`",
                        template_name(&f.key)
                    ),
                )
                .hint("rename one of them, or merge them into one file"),
            );
            continue;
        }
        for n in 1..f.key.len() {
            folders
                .entry(f.key[..n].to_vec())
                .or_insert_with(|| f.file.clone());
        }
        files.insert(f.key.clone(), f.file.clone());
        kept.push(f);
    }
    kept
}

/// The folder of `data/` that gives `key`.
fn folder(dir: &Path, key: &[String]) -> PathBuf {
    let mut path = dir.to_path_buf();
    path.extend(key);
    path
}

/// How a template names the value at `key`: `data.org.teams`,
/// `data["team-members"]`.
pub fn template_name(key: &[String]) -> String {
    let mut name = String::from("data");
    for part in key {
        let identifier = part
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if identifier {
            name.push('.');
            name.push_str(part);
        } else {
            name.push_str(&format!("[{}]", Value::String(part.clone())));
        }
    }
    name
}

/// Puts `value` at `key` in `tree`, making the maps of its folders.
fn insert(tree: &mut Map<String, Value>, key: Vec<String>, value: Value) {
    let mut key = key.into_iter();
    let Some(mut last) = key.next() else {
        return;
    };
    let mut map = tree;
    for next in key {
        let entry = map.entry(last).or_insert_with(|| Value::Object(Map::new()));
        // Always a map made here: clashes were taken out before.
        let Value::Object(inner) = entry else {
            return;
        };
        map = inner;
        last = next;
    }
    map.insert(last, value);
}

/// An error about a data file that cannot be read.
fn unreadable(file: PathBuf, message: String, hint: &str) -> Diagnostic {
    Diagnostic::error(Code::DataUnreadable, file, message).hint(hint)
}

/// Reads and parses one data file.
fn read(file: &Path, format: Format) -> Result<Value, Diagnostic> {
    let bytes = std::fs::read(file).map_err(|e| {
        unreadable(
            file.to_path_buf(),
            format!("cannot read: {e}"),
            "fix its permissions, or move it out of the data folder",
        )
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes());
            let index = LineIndex::new(&text);
            return Err(unreadable(
                file.to_path_buf(),
                "the file is not valid UTF-8".to_string(),
                "save it as UTF-8",
            )
            .at_offset(&text, &index, valid));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    parse(format, text).map_err(|(message, offset)| {
        let language = format.name();
        let d = Diagnostic::error(
            Code::DataParse,
            file.to_path_buf(),
            format!("invalid {language}: {message}"),
        )
        .hint(format!(
            "fix the {language}, or move the file out of the data folder if it is not data"
        ));
        match offset {
            Some(offset) => d.at_offset(text, &LineIndex::new(text), offset),
            None => d.at(Position { line: 1, column: 1 }),
        }
    })
}

/// A parse's error: what is wrong, and the byte offset where, when known.
type Problem = (String, Option<usize>);

/// Parses `text` as `format`.
fn parse(format: Format, text: &str) -> Result<Value, Problem> {
    match format {
        Format::Yaml => yaml(text),
        Format::Json => serde_json::from_str(text).map_err(|e| {
            let message = e.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            (message, json_offset(text, e.line(), e.column()))
        }),
        Format::Toml => match toml::from_str::<toml::Table>(text) {
            Ok(table) => Ok(toml_value(toml::Value::Table(table))),
            Err(e) => Err((
                e.message().lines().next().unwrap_or("").trim().to_string(),
                e.span().map(|s| s.start),
            )),
        },
        Format::Csv => csv(text),
    }
}

/// YAML: an empty file is nothing (`null`), as in YAML.
fn yaml(text: &str) -> Result<Value, Problem> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    let text = crate::content::frontmatter::lone_cr_as_lf(text);
    serde_saphyr::from_str::<Value>(&text).map_err(|e| {
        let offset = e
            .location()
            .and_then(|l| crate::content::frontmatter::yaml_byte_offset(&text, l.span()));
        (crate::content::frontmatter::yaml_message(&e), offset)
    })
}

/// The byte offset of serde_json's 1-based line and column (in bytes; 0
/// when the error is at the line's start).
fn json_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start = if line == 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', text.as_bytes()).nth(line - 2)? + 1
    };
    Some((start + column.saturating_sub(1)).min(text.len()))
}

/// A TOML value as data: dates and times as their text.
fn toml_value(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f)
            .map_or_else(|| Value::String(f.to_string()), Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_value).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.into_iter().map(|(k, v)| (k, toml_value(v))).collect())
        }
    }
}

/// CSV: one map per row, keyed by the header row's names (trimmed); the
/// values are strings, as written.
fn csv(text: &str) -> Result<Value, Problem> {
    let at = |p: Option<&csv::Position>| p.and_then(|p| usize::try_from(p.byte()).ok());
    let problem = |e: csv::Error| {
        let offset = at(e.position());
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!("this row has {len} field(s), the header row {expected_len}"),
            _ => e.to_string(),
        };
        (message, offset)
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::Headers)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(problem)?.clone();
    let mut seen = std::collections::HashSet::new();
    for (i, name) in headers.iter().enumerate() {
        if name.is_empty() || !seen.insert(name) {
            let what = if name.is_empty() {
                format!("column {} of the header row has no name", i + 1)
            } else {
                format!("the header row names `{name}` twice")
            };
            return Err((what, at(headers.position())));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(problem)?;
        rows.push(Value::Object(
            headers
                .iter()
                .zip(record.iter())
                .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
                .collect(),
        ));
    }
    Ok(Value::Array(rows))
}

#[cfg(test)]
mod tests;
