//! The theme: tera templates and static files, built into the binary and
//! overridable file by file from the handbook's own `themes/NAME/` and `templates/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::config::Config;
use crate::error::Diagnostic;

/// The default theme's folder, built into the binary (with the `init/`
/// skeleton and `archetypes/` that scaffolding uses).
#[derive(rust_embed::Embed)]
#[folder = "themes/default/"]
pub(crate) struct DefaultTheme;

/// The templates, compiled once, and the static files to publish.
pub struct Theme {
    /// Compiled templates.
    pub tera: Tera,
    /// Static files by output path (`style.css`), embedded ones first, overridden from disk.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Some template reads `data` (so a data file's edit may change every page).
    pub reads_data: bool,
    /// A hash of every template's name and text: pages made with another
    /// theme are never taken for this one's (see publish/keys.rs).
    pub fingerprint: u128,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field(
                "static_files",
                &self.static_files.keys().collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Theme {
    /// Loads the theme named in `config`; `root` is the handbook's root, or
    /// `None` when the handbook has no `handbook.toml` (nothing to override then).
    pub fn load(config: &Config, root: Option<&Path>) -> Result<Theme, Diagnostic> {
        let mut templates: BTreeMap<String, (String, String)> = BTreeMap::new();
        let mut static_files = BTreeMap::new();
        for name in DefaultTheme::iter() {
            let Some(file) = DefaultTheme::get(&name) else {
                continue;
            };
            if let Some(t) = name.strip_prefix("templates/") {
                let text = String::from_utf8_lossy(&file.data).into_owned();
                templates.insert(t.to_string(), (format!("(built-in) templates/{t}"), text));
            } else if let Some(s) = name.strip_prefix("static/") {
                static_files.insert(s.to_string(), file.data.into_owned());
            }
        }
        if let Some(root) = root {
            let theme_dir = root.join("themes").join(&config.theme);
            if config.theme != "default" && !theme_dir.is_dir() {
                return Err(Diagnostic::error(
                    crate::error::Code::Template,
                    root.join(crate::config::CONFIG_FILE),
                    format!("the theme `{}` does not exist", config.theme),
                )
                .hint(format!(
                    "create {} or set theme = \"default\"",
                    theme_dir.display()
                )));
            }
            for dir in [theme_dir.join("templates"), root.join("templates")] {
                for (name, path) in files_under(&dir) {
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        Diagnostic::error(
                            crate::error::Code::Template,
                            path.clone(),
                            format!("cannot read the template: {e}"),
                        )
                    })?;
                    templates.insert(name, (path.display().to_string(), text));
                }
            }
            for (name, path) in files_under(&theme_dir.join("static")) {
                let bytes = std::fs::read(&path).map_err(|e| {
                    Diagnostic::error(
                        crate::error::Code::Template,
                        path.clone(),
                        format!("cannot read: {e}"),
                    )
                })?;
                static_files.insert(name, bytes);
            }
        }
        // Syntax errors first, one template at a time, so the diagnostic can
        // name the template's file and position (tera joins the errors of a
        // whole set into one message).
        for (name, (file, text)) in &templates {
            syntax_check(
                name,
                file,
                text,
                "template syntax error",
                "fix the template, or delete your copy to use the built-in one",
            )?;
        }
        let reads_data = templates
            .values()
            .any(|(_, text)| crate::render::shortcode::mentions_data(text));
        let named: Vec<(&String, &String)> = templates
            .iter()
            .map(|(name, (_, text))| (name, text))
            .collect();
        // Strings only: serialising cannot fail.
        let fingerprint = crate::render::body_cache::fingerprint(&named)
            .expect("templates' names and texts serialise");
        let mut tera = Tera::new();
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(
            templates
                .iter()
                .map(|(name, (_, text))| (name.as_str(), text.as_str())),
        )
        .map_err(|e| template_error("templates", &e))?;
        Ok(Theme {
            tera,
            static_files,
            reads_data,
            fingerprint,
        })
    }

    /// Whether the theme has a template of that name.
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }
}

/// HTML-escapes `input` as tera's own `escape_html` does (`&`, `<`, `>`, `"`
/// and `'`), writing each run of plain text at once: tera's writes each byte
/// through the `dyn Write` on its own, which was 5% of a 1,000-page build.
pub(crate) fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[from..i])?;
        out.write_all(entity)?;
        from = i + 1;
    }
    out.write_all(&bytes[from..])
}

/// A tera error as a diagnostic naming the template.
pub fn template_error(file: &str, e: &tera::Error) -> Diagnostic {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Diagnostic::error(
        crate::error::Code::Template,
        PathBuf::from(file),
        format!("template error: {message}"),
    )
    .hint("fix the template, or delete your copy to use the built-in one")
}

/// A template that does not parse, as an error at its file, line and
/// column (`what` begins the message, `hint` says what to do); `name` is
/// its name in tera. Checked
/// one template at a time: tera joins the errors of a whole set into one
/// message, which names no file.
pub(crate) fn syntax_check(
    name: &str,
    file: &str,
    text: &str,
    what: &str,
    hint: &str,
) -> Result<(), Diagnostic> {
    if let Err(e) = Tera::new().add_raw_template(name, text)
        && let tera::ErrorKind::SyntaxError(report) = e.kind()
    {
        let span = report.span();
        let index = crate::error::LineIndex::new(text);
        let position = crate::error::Position {
            line: span.start_line,
            column: span.start_col + 1,
        };
        return Err(Diagnostic::error(
            crate::error::Code::Template,
            PathBuf::from(file),
            format!("{what}: {}", report.message()),
        )
        .at(position)
        .snippet(index.line(text, span.start_line))
        .hint(hint));
    }
    Ok(())
}

/// Every file below `dir`, by its `/`-separated path relative to it.
pub(crate) fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file() && !crate::content::is_ignored(&e.file_name().to_string_lossy())
        })
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let name = crate::content::SourcePath::from_relative(rel)?;
            Some((name.as_str().to_string(), e.into_path()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_tera_does() {
        for input in [
            "",
            "plain",
            "<script>alert('x')</script>",
            "a & b \"c\" 'd' <e> f/g",
            "&&&<<<>>>\"\"\"'''",
            "café — ünïcödé <b>",
        ] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            escape_html(input, &mut ours).unwrap();
            tera::escape_html(input, &mut teras).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(teras).unwrap()
            );
        }
    }
}
