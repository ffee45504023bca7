//! Shortcodes and includes: what a page writes once and uses everywhere,
//! expanded into the page's markdown before it is rendered, so that what
//! they produce is linked, checked, anchored and searched like the rest.
//!
//! A shortcode is a tera template: the handbook's `shortcodes/NAME.html`
//! (or `.md`), else its theme's, else the one built into handbook. An
//! `.html` shortcode's output is HTML, put in the page as it is (whatever
//! `[markdown] raw_html` says: the handbook wrote it); an `.md` shortcode's
//! output is markdown, read with the page's. A body (`{% name() %}…{% end
//! %}`) is the page's own markdown: the template shows it where it writes
//! `{{ body }}`, and it is rendered with the page, its headings in the
//! table of contents. How calls are written: [`calls`]; how they are
//! expanded, and how a position in the expanded text leads back to the
//! file and line it came from: [`expand`].
//!
//! Includes (`{{ include(path="x.md") }}`, mdBook's `{{#include x.md}}`,
//! Jekyll's and Eleventy's `{% include x.md %}`) put another markdown
//! file's text in the page: its links are read from its own folder, its
//! headings are the page's.

pub mod args;
pub mod calls;
pub mod expand;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use tera::Tera;

pub use self::expand::{Expansion, Origin, Piece, expand};
use crate::error::{Code, Diagnostic};

/// Where a template writes its body: a word no escaping changes, replaced
/// by the body's markdown once the template has run.
pub(crate) const BODY_MARKER: &str = "hbBODYe5c1f0a7hb";

/// What a shortcode's output is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// HTML, put in the page as it is.
    Html,
    /// Markdown, read with the page's.
    Markdown,
}

/// One shortcode: its template and where it comes from.
#[derive(Debug, Clone)]
pub struct Shortcode {
    /// The template's name in [`Shortcodes::tera`].
    pub template: String,
    /// What its output is.
    pub output: Output,
    /// Its file, for messages (`(built-in) shortcodes/alert.html` for handbook's own).
    pub file: String,
    /// Its template reads `data` (so a data file's change may change its output).
    pub reads_data: bool,
}

/// A markdown file read for an include, kept for every page that includes it.
#[derive(Debug)]
pub struct SnippetFile {
    /// The file, as messages name it.
    pub file: PathBuf,
    /// The whole file.
    pub text: String,
    /// Where its markdown starts (after any frontmatter).
    pub body_offset: usize,
}

impl SnippetFile {
    /// Its markdown.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

/// The shortcodes a handbook can call, compiled once per build, and the
/// files its pages include, read once.
pub struct Shortcodes {
    /// The templates, under `shortcodes/NAME.EXT`.
    pub tera: Tera,
    /// By name.
    pub by_name: FxHashMap<String, Shortcode>,
    /// The handbook's root (where `snippets/` is); includes stay inside it.
    pub root: PathBuf,
    /// The content folder.
    pub content_dir: PathBuf,
    /// Files read for includes: their text, or why they cannot be read.
    snippets: Mutex<FxHashMap<PathBuf, Result<Arc<SnippetFile>, String>>>,
}

impl std::fmt::Debug for Shortcodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shortcodes")
            .field("names", &self.by_name.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// The folders shortcodes are read from, in the order they override each
/// other: the theme's, then the handbook's.
pub const FOLDER: &str = "shortcodes";

/// The handbook's folder of markdown to include, beside `content/`.
pub const SNIPPETS: &str = "snippets";

/// The content folder's folder of markdown to include (Jekyll's and
/// Eleventy's name): not published, as those tools do not publish it.
pub const INCLUDES: &str = "_includes";

impl Shortcodes {
    /// Handbook's built-in shortcodes, then the theme's, then the
    /// handbook's own (`root/shortcodes/`), each overriding the one before
    /// by name. A template that does not compile is an error at its line.
    pub fn load(
        theme: &str,
        root: Option<&Path>,
        content_dir: &Path,
    ) -> Result<Shortcodes, Diagnostic> {
        // name -> (file for messages, template name, text)
        let mut found: BTreeMap<String, (String, String, String)> = BTreeMap::new();
        for name in crate::render::templates::DefaultTheme::iter() {
            let Some(rest) = name.strip_prefix("shortcodes/") else {
                continue;
            };
            let Some(file) = crate::render::templates::DefaultTheme::get(&name) else {
                continue;
            };
            if let Some((stem, _)) = template_kind(rest) {
                let text = String::from_utf8_lossy(&file.data).into_owned();
                found.insert(
                    stem.to_string(),
                    (
                        format!("(built-in) shortcodes/{rest}"),
                        rest.to_string(),
                        text,
                    ),
                );
            }
        }
        if let Some(root) = root {
            let folders = [
                root.join("themes").join(theme).join(FOLDER),
                root.join(FOLDER),
            ];
            for dir in folders {
                let mut here: BTreeMap<String, String> = BTreeMap::new();
                for (rel, path) in crate::render::templates::files_under(&dir) {
                    let Some((stem, _)) = template_kind(&rel) else {
                        continue;
                    };
                    if let Some(other) = here.insert(stem.to_string(), rel.clone()) {
                        return Err(Diagnostic::error(
                            Code::Template,
                            path.clone(),
                            format!("two shortcodes are named `{stem}`: {other} and {rel}"),
                        )
                        .hint("keep one: `.html` for HTML output, `.md` for markdown"));
                    }
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        Diagnostic::error(
                            Code::Template,
                            path.clone(),
                            format!("cannot read the shortcode: {e}"),
                        )
                    })?;
                    found.insert(stem.to_string(), (path.display().to_string(), rel, text));
                }
            }
        }
        let mut by_name = FxHashMap::default();
        let mut templates = Vec::new();
        for (stem, (file, rel, text)) in found {
            let template = format!("{FOLDER}/{rel}");
            crate::render::templates::syntax_check(
                &template,
                &file,
                &text,
                "shortcode template syntax error",
                "fix the template",
            )?;
            let output = template_kind(&rel).map_or(Output::Html, |(_, o)| o);
            let reads_data = mentions_data(&text);
            by_name.insert(
                stem,
                Shortcode {
                    template: template.clone(),
                    output,
                    file,
                    reads_data,
                },
            );
            templates.push((template, text));
        }
        let mut tera = Tera::new();
        tera.set_escape_fn(crate::render::templates::escape_html);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| crate::render::templates::template_error("shortcodes", &e))?;
        Ok(Shortcodes {
            tera,
            by_name,
            root: root.unwrap_or(content_dir).to_path_buf(),
            content_dir: content_dir.to_path_buf(),
            snippets: Mutex::default(),
        })
    }

    /// Gives every shortcode the handbook's data files as `data`, converted once.
    pub fn set_data(&mut self, data: &serde_json::Value) {
        self.tera.global_context().insert("data", data);
    }

    /// The shortcode called `name`.
    pub fn get(&self, name: &str) -> Option<&Shortcode> {
        self.by_name.get(name)
    }

    /// The defined name nearest to `name`, for a hint.
    pub fn nearest(&self, name: &str) -> Option<&str> {
        self.by_name
            .keys()
            .map(|k| (strsim::levenshtein(k, name), k))
            .filter(|(d, k)| *d <= 2.max(k.len() / 3))
            .min()
            .map(|(_, k)| k.as_str())
    }

    /// The file at `path` (absolute or from the working folder), read once
    /// per build however many pages include it.
    pub fn snippet(&self, path: &Path) -> Result<Arc<SnippetFile>, String> {
        if let Ok(cache) = self.snippets.lock()
            && let Some(found) = cache.get(path)
        {
            return found.clone();
        }
        let read = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .map(|text| {
                let body_offset =
                    crate::content::frontmatter::split(&text).map_or(0, |s| s.body_offset);
                Arc::new(SnippetFile {
                    file: path.to_path_buf(),
                    text,
                    body_offset,
                })
            });
        if let Ok(mut cache) = self.snippets.lock() {
            cache.insert(path.to_path_buf(), read.clone());
        }
        read
    }

    /// Forgets the files read for includes (one of them changed).
    pub fn forget_snippets(&self) {
        if let Ok(mut cache) = self.snippets.lock() {
            cache.clear();
        }
    }
}

/// The name and output of a shortcode file (`alert.html`, `team.md`).
fn template_kind(rel: &str) -> Option<(&str, Output)> {
    if let Some(stem) = rel.strip_suffix(".html") {
        Some((stem, Output::Html))
    } else {
        rel.strip_suffix(".md").map(|stem| (stem, Output::Markdown))
    }
}

/// Whether a template's text reads the `data` variable: `data` as a word
/// inside `{{ }}` or `{% %}` (not the `data-` of an HTML attribute).
pub(crate) fn mentions_data(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(i) = memchr::memchr(b'{', &bytes[at..]) {
        let open = at + i;
        let close: &[u8] = match bytes.get(open + 1) {
            Some(b'{') => b"}}",
            Some(b'%') => b"%}",
            _ => {
                at = open + 1;
                continue;
            }
        };
        let end =
            memchr::memmem::find(&bytes[open + 2..], close).map_or(bytes.len(), |k| open + 2 + k);
        let tag = &bytes[open + 2..end];
        if memchr::memmem::find_iter(tag, b"data").any(|k| {
            let before = k.checked_sub(1).map(|j| tag[j]);
            let after = tag.get(k + 4).copied();
            !before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
                && !after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        }) {
            return true;
        }
        at = end;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_read_only_as_a_variable() {
        assert!(mentions_data("{{ data.team }}"));
        assert!(mentions_data("{% for p in data[\"t\"] %}"));
        assert!(!mentions_data("{{ page.metadata }} {{ x.data }}"));
        assert!(!mentions_data("<li data-url=\"{{ url }}\">data</li>"));
    }
}
