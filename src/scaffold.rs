//! Scaffolding: `handbook init` makes a ready handbook, `handbook new` a page
//! from an archetype (built in, or the handbook's own `archetypes/KIND.md`).

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
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let mut file = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(target)
        .map_err(|e| Error::io(target, e))?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| Error::io(target, e))
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
