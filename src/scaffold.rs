//! Scaffolding: `handbook init` makes a ready handbook, `handbook new` a page
//! from an archetype (built in, or the handbook's own `archetypes/KIND.md`),
//! `handbook theme eject` a copy of the built-in theme to change.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{Kind, Slug};
use crate::error::{Diagnostic, Error};

/// The built-in files: `init/` (a new handbook) and `archetypes/` live beside the theme.
use crate::render::templates::DefaultTheme as Skeleton;

/// Creates a handbook in `dir` (made if missing) titled `title`, with the
/// JSON Schemas editors read (`crate::schema`), and returns the files written. A folder that is not empty is refused unless `force`;
/// even then no existing file is overwritten.
pub fn init(dir: &Path, title: &str, force: bool) -> Result<Vec<PathBuf>, Error> {
    let occupied = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if occupied && !force {
        return Err(refuse(
            dir,
            "the folder is not empty",
            "choose an empty or new folder, or pass --force to add the handbook's files beside what is there",
        ));
    }
    let mut written = Vec::new();
    for name in Skeleton::iter().filter(|n| n.starts_with("init/")) {
        let Some(file) = Skeleton::get(&name) else {
            continue;
        };
        let target = dir.join(&name["init/".len()..]);
        if target.exists() {
            continue;
        }
        let text = String::from_utf8_lossy(&file.data).replace("{{title}}", &quoted(title));
        write_new(&target, &text)?;
        written.push(target);
    }
    // The editors' schemas, beside handbook.toml (whose `#:schema` line names one).
    for (name, text) in crate::schema::files(&Config::default()) {
        let target = dir.join(name);
        if target.exists() {
            continue;
        }
        write_new(&target, &text)?;
        written.push(target);
    }
    Ok(written)
}

/// Writes a new page of `kind` titled `title` into `section` (a folder under
/// the content folder; by default where pages of that kind already are) and
/// returns its path. An existing file is never overwritten.
pub fn new_page(
    root: &Path,
    kind: Kind,
    title: &str,
    section: Option<&str>,
) -> Result<PathBuf, Error> {
    let config = Config::load(root).map_err(|d| Error::Handbook(vec![d]))?;
    let content_dir = match &config {
        Some(c) => root.join(&c.content_dir),
        None => root.to_path_buf(),
    };
    let slug = Slug::from_title(title).ok_or_else(|| {
        refuse(
            root,
            "the title has no letter or digit to make a file name from",
            "give the page a title with words in it",
        )
    })?;
    let section = match section {
        Some(s) => s.trim_matches('/').to_string(),
        None => usual_section(&content_dir, kind),
    };
    if section.split('/').any(|s| s == "..") {
        return Err(refuse(
            root,
            "the section leaves the content folder",
            "give a folder inside the content folder, such as people/jobs",
        ));
    }
    let target = content_dir
        .join(&section)
        .join(format!("{}.md", slug.as_str()));
    if target.exists() {
        return Err(refuse(
            &target,
            "the file already exists",
            "pick another title, or edit the existing page",
        ));
    }
    let archetype = archetype(root, kind)?;
    let today = Date::today();
    let text = archetype
        .replace("{{title}}", &quoted(title))
        .replace("{{date}}", &today.to_string())
        .replace("{{due}}", &today.plus_days(90).to_string());
    write_new(&target, &text)?;
    Ok(target)
}

/// The handbook's `archetypes/KIND.md`, else the built-in one.
fn archetype(root: &Path, kind: Kind) -> Result<String, Error> {
    let own = root
        .join("archetypes")
        .join(format!("{}.md", kind.as_str()));
    match std::fs::read_to_string(&own) {
        Ok(text) => return Ok(text),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io(&own, e)),
        Err(_) => {}
    }
    let name = format!("archetypes/{}.md", kind.as_str());
    Skeleton::get(&name)
        .map(|f| String::from_utf8_lossy(&f.data).into_owned())
        .ok_or_else(|| refuse(root, "no archetype for this kind", "add one in archetypes/"))
}

/// The folder name `handbook theme eject` gives the copy when not told one.
pub const EJECTED_THEME: &str = "custom";

/// What [`eject_theme`] made.
#[derive(Debug)]
pub struct Ejected {
    /// The handbook's root (where `handbook.toml` is).
    pub root: PathBuf,
    /// The new theme's folder, `themes/NAME/`.
    pub dir: PathBuf,
    /// The files written, in the built-in theme's order.
    pub files: Vec<PathBuf>,
    /// Whether `handbook.toml` names this theme already.
    pub in_use: bool,
}

/// Copies the built-in theme to `themes/NAME/` of the handbook at `from` or
/// the nearest folder above it with a `handbook.toml`: every folder of it
/// that a theme folder can replace (`templates/`, `static/` and any other),
/// but not `init/` and `archetypes/`, which `init` and `new` read from the
/// handbook's root instead. Never overwrites: an existing `themes/NAME` is
/// refused and left as it is; a copy that fails halfway is taken back (only
/// what it wrote).
pub fn eject_theme(from: &Path, name: &str) -> Result<Ejected, Error> {
    // Absolute, so that the search goes above a relative `.`.
    let from = &std::path::absolute(from).map_err(|e| Error::io(from, e))?;
    let Some(root) = Config::nearest_root(from) else {
        return Err(Error::Handbook(vec![
            Diagnostic::error(
                crate::error::Code::ConfigInvalid,
                from.to_path_buf(),
                format!(
                    "no {} here or in any folder above: this is not a handbook",
                    crate::config::CONFIG_FILE
                ),
            )
            .hint("run it in a handbook's folder (`handbook init` makes one), or give --root"),
        ]));
    };
    if let Some(why) = theme_name_problem(name) {
        return Err(Error::Handbook(vec![
            Diagnostic::error(
                crate::error::Code::ConfigInvalid,
                None,
                format!("`{name}` cannot be a theme's name: {why}"),
            )
            .hint(format!(
                "name a folder under themes/, such as `{EJECTED_THEME}` or `acme-brand`"
            )),
        ]));
    }
    let themes = root.join("themes");
    std::fs::create_dir_all(&themes).map_err(|e| Error::io(&themes, e))?;
    let dir = themes.join(name);
    match std::fs::create_dir(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(refuse(
                &dir,
                "the theme folder already exists; nothing was copied",
                &format!(
                    "give another name (`handbook theme eject NAME`), or move {} away first",
                    dir.display()
                ),
            ));
        }
        Err(e) => return Err(Error::io(&dir, e)),
    }
    let mut written = Vec::new();
    let copied = Skeleton::iter()
        .filter(|n| !n.starts_with("init/") && !n.starts_with("archetypes/"))
        .try_for_each(|name| {
            let Some(file) = Skeleton::get(&name) else {
                return Ok(());
            };
            let target = dir.join(name.as_ref());
            write_new_bytes(&target, &file.data)?;
            written.push(target);
            Ok(())
        });
    if let Err(e) = copied {
        take_back(&dir, &written);
        return Err(e);
    }
    let in_use = Config::load(root)
        .ok()
        .flatten()
        .is_some_and(|c| c.theme == name);
    Ok(Ejected {
        root: root.to_path_buf(),
        dir,
        files: written,
        in_use,
    })
}

/// Why `name` cannot be a folder under `themes/`, if it cannot.
fn theme_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("it is empty")
    } else if name == "default" {
        Some("`default` is the built-in theme")
    } else if name.starts_with('.') {
        Some("a folder whose name starts with `.` is skipped")
    } else if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        Some("use letters, digits, `-`, `_` and `.` only (one folder, no `/`)")
    } else {
        None
    }
}

/// Removes `files`, which an eject wrote into `dir`, and then the folders
/// it made, when they are empty: what an eject that failed halfway leaves.
fn take_back(dir: &Path, files: &[PathBuf]) {
    for file in files {
        let _ = std::fs::remove_file(file);
    }
    let mut folders: Vec<&Path> = files
        .iter()
        .flat_map(|f| f.ancestors().skip(1))
        .filter(|a| a.starts_with(dir))
        .collect();
    // Deepest first, so each is empty when its turn comes.
    folders.sort_by(|a, b| (b.components().count(), b).cmp(&(a.components().count(), a)));
    folders.dedup();
    for folder in folders {
        let _ = std::fs::remove_dir(folder);
    }
    let _ = std::fs::remove_dir(dir);
}

/// Where pages of `kind` usually live: the folder holding most of them, else
/// a default. Plain pages and glossaries go to the top unless told.
fn usual_section(content_dir: &Path, kind: Kind) -> String {
    if matches!(kind, Kind::Page | Kind::Glossary) {
        return String::new();
    }
    let site = crate::content::load(&crate::content::LoadOptions {
        content_dir,
        skip: Vec::new(),
        rules: crate::content::PageRules {
            drafts: true,
            infer_kinds: true,
            keys: Default::default(),
            // Every page counts where pages of a kind usually live.
            audience: crate::content::AudienceRules {
                build: crate::content::Audience::Internal,
                ..Default::default()
            },
        },
        fronts: None,
    });
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for page in site
        .pages
        .iter()
        .filter(|p| p.kind == kind && !p.path.is_index())
    {
        *counts.entry(page.path.parent()).or_default() += 1;
    }
    if let Some((folder, _)) = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
    {
        return folder.to_string();
    }
    match kind {
        Kind::Job => "jobs",
        Kind::Playbook => "playbooks",
        Kind::Plan => "plans",
        Kind::Glossary | Kind::Page => "",
    }
    .to_string()
}

/// `text` as the inside of a double-quoted YAML or TOML string.
fn quoted(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn write_new(target: &Path, text: &str) -> Result<(), Error> {
    write_new_bytes(target, text.as_bytes())
}

/// Writes a new file, its folders made; an existing file is an error.
fn write_new_bytes(target: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let mut file = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(target)
        .map_err(|e| Error::io(target, e))?;
    std::io::Write::write_all(&mut file, bytes).map_err(|e| Error::io(target, e))
}

fn refuse(path: &Path, message: &str, hint: &str) -> Error {
    Error::Handbook(vec![
        Diagnostic::error(
            crate::error::Code::ScaffoldExists,
            path.to_path_buf(),
            message,
        )
        .hint(hint),
    ])
}

/// A calendar date (UTC), for archetypes' `{{date}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Date {
    days: i64,
}

impl Date {
    fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date {
            days: (secs / 86_400) as i64,
        }
    }

    fn plus_days(self, n: i64) -> Date {
        Date {
            days: self.days + n,
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::analyse::history::date(self.days * 86_400))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CONFIG_FILE;

    #[test]
    fn can_format_dates() {
        assert_eq!(Date { days: 0 }.to_string(), "1970-01-01");
        assert_eq!(Date { days: 19_723 }.to_string(), "2024-01-01");
        assert_eq!(Date { days: 19_782 }.to_string(), "2024-02-29");
        assert_eq!(Date { days: 20_781 }.to_string(), "2026-11-24");
    }

    #[test]
    fn titles_are_quoted_for_frontmatter() {
        assert_eq!(quoted(r#"The "big" \ plan"#), r#"The \"big\" \\ plan"#);
    }

    #[test]
    fn config_file_name_is_the_one_init_writes() {
        assert!(Skeleton::get(&format!("init/{CONFIG_FILE}")).is_some());
    }
}
