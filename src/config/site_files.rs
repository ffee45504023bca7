//! The files `handbook.toml` links from every page (`extra_css`,
//! `extra_javascript`) or from pages with a diagram (`[markdown] mermaid`):
//! each a path in the content folder or an `https://` URL, read with its
//! place in the file so that a wrong one is reported there.
//!
//! The form is checked as the file is read (a space, `http:`, `?` in a
//! path...), so the error is toml's, at the value; whether a path names a
//! file the site publishes is known only once the content folder is loaded
//! ([`problems`]), and is reported at the same place.

use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Code, Diagnostic, LineIndex, Position};

/// A file named in `handbook.toml` for pages to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    /// As written.
    value: String,
    /// Its byte range in `handbook.toml`, when read from it.
    span: Option<Range<usize>>,
    /// Its line and column and the line's text, set by [`SiteFile::locate`].
    at: Option<(Position, String)>,
}

impl SiteFile {
    /// `value`, checked as `handbook.toml` checks it.
    pub fn new(value: &str) -> Result<SiteFile, String> {
        match form_problem(value) {
            Some(why) => Err(why),
            None => Ok(SiteFile {
                value: value.to_string(),
                span: None,
                at: None,
            }),
        }
    }

    /// As written in `handbook.toml`.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The path in the content folder it names (without a leading `/`), or
    /// `None` for a URL.
    pub fn path(&self) -> Option<&str> {
        (!is_https(&self.value)).then(|| self.value.strip_prefix('/').unwrap_or(&self.value))
    }

    /// Where pages link it: a URL as written, a path under the site's
    /// `base` path (`/handbook/`), encoded as every other href is.
    pub fn href(&self, base: &str) -> String {
        match self.path() {
            Some(path) => crate::render::href(&format!("{base}{path}")),
            None => self.value.clone(),
        }
    }

    /// Works out its line and column in `text`, the file it was read from.
    pub(super) fn locate(&mut self, text: &str, index: &LineIndex) {
        if let Some(span) = &self.span {
            let position = index.position(text, span.start);
            self.at = Some((position, index.line(text, position.line).to_string()));
        }
    }

    /// A problem with it, at its place in `file` when known.
    fn diagnostic(&self, file: Option<&Path>, message: String, hint: &str) -> Diagnostic {
        let mut d =
            Diagnostic::error(Code::ConfigInvalid, file.map(Path::to_path_buf), message).hint(hint);
        if let Some((position, line)) = &self.at {
            d = d.at(*position).snippet(line);
        }
        d
    }
}

impl<'de> Deserialize<'de> for SiteFile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = toml::Spanned::<String>::deserialize(d)?;
        let span = spanned.span();
        let mut file = SiteFile::new(spanned.get_ref())
            .map_err(|why| serde::de::Error::custom(format!("`{}` {why}", spanned.get_ref())))?;
        file.span = Some(span);
        Ok(file)
    }
}

impl Serialize for SiteFile {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.value)
    }
}

impl schemars::JsonSchema for SiteFile {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SiteFile".into()
    }

    /// What [`form_problem`] lets through: an `https://` URL with a host,
    /// or a path (an optional leading `/`, then no `/` first) without
    /// white space, control characters, `\`, `?`, `#` or `:`. Looser than
    /// the code where the URL parser refuses a host (`https://a[b/`).
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        const NOT: &str = r"\s\\\x00-\x1f\x7f-\x9f";
        schemars::json_schema!({
            "type": "string",
            "pattern": format!(
                r"^(?:[Hh][Tt][Tt][Pp][Ss]://+[^/?#{NOT}]+(?:[/?#][^{NOT}]*)?|/?[^/?#:{NOT}][^?#:{NOT}]*)$"
            ),
        })
    }
}

/// Whether `value` is an `https://` URL (in any case).
fn is_https(value: &str) -> bool {
    value
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
}

/// Why `value` cannot name a file for pages to load, if it cannot.
fn form_problem(value: &str) -> Option<String> {
    if let Some(c) = value.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Some(match c {
            ' ' => "contains a space (rename the file, or write a URL's as %20)".to_string(),
            c if c.is_whitespace() => "contains white space".to_string(),
            c => format!("contains the control character {c:?}"),
        });
    }
    if value.contains('\\') {
        return Some("contains a backslash (paths are divided by `/`)".into());
    }
    if is_https(value) {
        return match url::Url::parse(value) {
            Err(e) => Some(format!("is not a valid URL ({e})")),
            Ok(u) if u.host_str().is_none_or(str::is_empty) => Some("has no host".into()),
            Ok(_) => None,
        };
    }
    if value.starts_with("//") {
        return Some("starts with `//`: write the whole URL, `https://...`".into());
    }
    if let Some((scheme, _)) = value.split_once(':') {
        return Some(if scheme.eq_ignore_ascii_case("http") {
            "is an http URL: use https, which a page served over https can load".to_string()
        } else {
            "is neither an https URL nor a path in the content folder (a path has no `:`)"
                .to_string()
        });
    }
    if value.contains(['?', '#']) {
        return Some("is a path with `?` or `#`: name the file alone".into());
    }
    if value.trim_start_matches('/').is_empty() {
        return Some("names no file: give a path in the content folder, such as `css/brand.css`, or an https URL".into());
    }
    None
}

/// What to tell about a file the site does not publish.
const NOT_PUBLISHED_HINT: &str = "give the path of a file in the content folder (from its top, as `css/brand.css`), or a full https URL";

/// The files `key` names (in `file`, `handbook.toml`) that are paths to
/// nothing the site publishes: each an error at its place. `published`
/// says whether a content path is a file the site publishes, `internal`
/// whether it is one this build leaves out for being internal.
pub fn problems<'a>(
    key: &str,
    files: impl IntoIterator<Item = &'a SiteFile>,
    file: Option<&Path>,
    published: &dyn Fn(&str) -> bool,
    internal: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    files
        .into_iter()
        .filter_map(|f| {
            let path = f.path()?;
            if published(path) {
                return None;
            }
            let why = if internal(path) {
                "is internal, and this build is for the public".to_string()
            } else {
                "is not a file in the content folder".to_string()
            };
            Some(f.diagnostic(
                file,
                format!("{key} names `{}`, which {why}", f.as_str()),
                NOT_PUBLISHED_HINT,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_read_paths_and_https_urls() {
        for (value, path) in [
            ("css/brand.css", Some("css/brand.css")),
            ("/css/brand.css", Some("css/brand.css")),
            ("brand.css", Some("brand.css")),
            ("https://cdn.example.com/x.js", None),
            ("HTTPS://cdn.example.com/x.js?v=1#a", None),
        ] {
            let f = SiteFile::new(value).unwrap();
            assert_eq!(f.path(), path, "{value}");
        }
    }

    #[test]
    fn can_apply_the_base_path_to_a_path_only() {
        let f = SiteFile::new("css/brand.css").unwrap();
        assert_eq!(f.href("/handbook/"), "/handbook/css/brand.css");
        let f = SiteFile::new("/js/x.js").unwrap();
        assert_eq!(f.href("/"), "/js/x.js");
        let f = SiteFile::new("https://cdn.example.com/m.mjs").unwrap();
        assert_eq!(f.href("/handbook/"), "https://cdn.example.com/m.mjs");
    }

    #[test]
    fn refuses_what_pages_cannot_load() {
        for (value, why) in [
            ("", "names no file"),
            ("/", "names no file"),
            ("http://cdn.example.com/x.js", "use https"),
            ("//cdn.example.com/x.js", "write the whole URL"),
            ("javascript:alert(1)", "neither an https URL"),
            ("data:text/css,a", "neither an https URL"),
            ("https://", "not a valid URL"),
            ("css/a b.css", "contains a space"),
            ("css\\a.css", "backslash"),
            ("css/a.css?v=2", "`?` or `#`"),
        ] {
            let err = SiteFile::new(value).unwrap_err();
            assert!(err.contains(why), "{value:?}: {err}");
        }
    }

    #[test]
    fn the_schema_pattern_takes_what_the_code_takes() {
        let schema = serde_json::to_value(schemars::schema_for!(SiteFile)).unwrap();
        let validator = jsonschema::validator_for(&serde_json::json!({
            "pattern": schema["pattern"]
        }))
        .unwrap();
        for value in [
            "",
            "/",
            "x",
            "css/brand.css",
            "/css/brand.css",
            "//cdn.example.com/x",
            "https://cdn.example.com/x.mjs",
            "https://cdn.example.com?x",
            "HTTPS://A",
            "https://",
            "https:/a",
            "http://a/b",
            "ftp://a/b",
            "a:b",
            "a b",
            "a\tb",
            "a\\b",
            "a?b",
            "a#b",
            "a/",
            "\u{7f}",
        ] {
            assert_eq!(
                SiteFile::new(value).is_ok(),
                validator.is_valid(&value.into()),
                "{value:?}: {:?}",
                SiteFile::new(value)
            );
        }
    }
}
