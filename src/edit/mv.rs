//! `handbook mv OLD NEW`: moves a page, a file or a folder inside the
//! content folder and rewrites every link to what moved, so that the site
//! reads as before and the old URLs keep answering.
//!
//! What it does, in order, all of it worked out before anything is written:
//!
//! 1. Loads the handbook (drafts included, so that their links are
//!    rewritten too) and refuses one whose files cannot all be read
//!    (unreadable, not UTF-8, frontmatter that does not parse, two files
//!    for one URL): their links could not be read for sure. Links that are
//!    already broken are left as they are written.
//! 2. Reads OLD and NEW as paths from the current folder, else from the
//!    content folder (NEW the same way as OLD). NEW must not exist; an
//!    existing folder (or a path ending in `/`) takes OLD inside it.
//! 3. Works out every page's URL after the move (permalinks, slugs and the
//!    folder-page rule included) and refuses a move that would change the
//!    URL of a page that does not move, or give two pages one URL, or a
//!    page the URL that is another page's alias.
//! 4. Resolves every link of every page (markdown, reference definitions,
//!    images, raw HTML `href`/`src`/`srcset`) exactly as a build does, and
//!    resolves it again against the moved handbook. A link that would lead
//!    elsewhere is written anew in its own style: a relative link stays
//!    relative (from where its page now is), `.md` or not, with or without
//!    its trailing slash; a link from the site's root or a full URL stays
//!    so, with the new URL; its anchor and query are kept. Links that still
//!    lead where they did (between pages that move together) are left alone.
//! 5. Adds each moved page's old URL to its `aliases` (so the build writes
//!    a redirect there), editing the frontmatter as little as can be.
//! 6. Checks its own work: each edited page is parsed again, its
//!    frontmatter must read as before but for the alias, and each of its
//!    links must lead where it did.
//!
//! [`Plan::apply`] then replaces each changed file whole (a temporary file
//! renamed over it), then moves OLD to NEW (never onto something). Should a
//! step fail, the files already rewritten are put back and the error says
//! what was and was not done. [`Plan::diff`] shows it all instead.

use std::collections::HashMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use super::frontmatter::{self as edit_front, Edit};
use super::{locate, write};
use crate::BuildOptions;
use crate::analyse::links::{LinkIndex, Target, Written};
use crate::config::CONFIG_FILE;
use crate::content::frontmatter::{self as fm, FrontMatter};
use crate::content::{self, PageUrl, SourcePath};
use crate::error::{Diagnostic, Error, LineIndex, Position};
use crate::site::{self, PageLink, Site};

/// What to move, and where to.
#[derive(Debug, Clone)]
pub struct MoveOptions {
    /// The handbook's root; `None`: the nearest folder from `cwd` up that
    /// has a `handbook.toml`, else `cwd`.
    pub root: Option<PathBuf>,
    /// OLD, as given.
    pub from: PathBuf,
    /// NEW, as given.
    pub to: PathBuf,
    /// Where relative paths are read from first (the current folder).
    pub cwd: PathBuf,
    /// The URL the site is served at, when the build is told it on the
    /// command line (`--base-url`) rather than in `handbook.toml`: links
    /// under its path are the handbook's.
    pub base_url: Option<String>,
}

/// Why a move is refused (nothing was changed) or did not finish.
#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    /// The handbook cannot be loaded, or has files whose links cannot be read.
    #[error("the handbook has {} error(s) that keep its links from being read", .0.iter().filter(|d| d.is_error()).count())]
    Handbook(Vec<Diagnostic>),
    /// OLD is not there.
    #[error("{}: no such file or folder (looked in {})", .path.display(), .looked.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" and "))]
    Missing {
        /// OLD as given.
        path: PathBuf,
        /// Where it was looked for.
        looked: Vec<PathBuf>,
    },
    /// OLD or NEW is not inside the content folder.
    #[error("{}: not inside the content folder {}", .path.display(), .content.display())]
    OutsideContent {
        /// The path.
        path: PathBuf,
        /// The content folder.
        content: PathBuf,
    },
    /// OLD is something `mv` does not move.
    #[error("{}: {why}", .path.display())]
    NotMovable {
        /// OLD.
        path: PathBuf,
        /// Why not.
        why: String,
    },
    /// NEW is not a place OLD can go.
    #[error("{}: {why}", .path.display())]
    BadDestination {
        /// NEW.
        path: PathBuf,
        /// Why not.
        why: String,
    },
    /// Something is at NEW already; it is never overwritten.
    #[error("{} exists already", .path.display())]
    Exists {
        /// NEW.
        path: PathBuf,
    },
    /// After the move, a URL would be taken twice, or a page that does not
    /// move would change its URL.
    #[error("{}: {why}", .file.display())]
    Clash {
        /// The page concerned.
        file: PathBuf,
        /// What would happen.
        why: String,
        /// What to do.
        hint: String,
    },
    /// Links that cannot be rewritten to lead where they did.
    #[error("{} link(s) cannot be rewritten to lead where they did", .0.len())]
    Links(Vec<LinkProblem>),
    /// A moved page's frontmatter cannot take its old URL as an alias.
    #[error("{}: cannot add {value} to its frontmatter: {why}", .file.display())]
    Frontmatter {
        /// The page.
        file: PathBuf,
        /// The alias (or `reports_to` value) that was to be written.
        value: String,
        /// Why not.
        why: String,
    },
    /// A file changed between the plan and its writing.
    #[error("{}: changed while the move was being worked out; nothing was changed", .file.display())]
    Changed {
        /// The file.
        file: PathBuf,
    },
    /// Reading failed before anything was changed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// Writing failed midway; `report` says what was and was not done.
    #[error("{}: {source}; {report}", .path.display())]
    Incomplete {
        /// The file or folder that could not be written or moved.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
        /// What was done, undone, and left.
        report: String,
    },
    /// The tool's own check of its work failed (please report it).
    #[error("{}: {why} (this is a bug in handbook; nothing was changed)", .file.display())]
    Internal {
        /// The page concerned.
        file: PathBuf,
        /// What went wrong.
        why: String,
    },
}

impl MoveError {
    /// What to do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            MoveError::Handbook(_) => {
                "fix these first (`handbook check` lists every problem), then move".into()
            }
            MoveError::Missing { .. } => {
                "give the path of a page, file or folder: from here (content/people/hiring.md) or from the content folder (people/hiring.md)".into()
            }
            MoveError::OutsideContent { .. } => {
                "mv moves pages and files inside the content folder, and only there".into()
            }
            MoveError::NotMovable { .. } => {
                "give a markdown page, a file or a folder that the handbook builds".into()
            }
            MoveError::BadDestination { .. } => {
                "give a path inside the content folder, with a name a build reads (not hidden)"
                    .into()
            }
            MoveError::Exists { .. } => {
                "choose a name that is free; mv never overwrites a file or folder".into()
            }
            MoveError::Clash { hint, .. } => hint.clone(),
            MoveError::Links(_) => "move it by hand and fix these links, or change them first".into(),
            MoveError::Frontmatter { value, .. } => format!(
                "add {value} to the page's aliases by hand after moving it with your file manager, or simplify the frontmatter key"
            ),
            MoveError::Changed { .. } => "run mv again".into(),
            MoveError::Io { .. } => "check that the file exists and is readable".into(),
            MoveError::Incomplete { .. } => {
                "see what was done above; `git status` and `git diff` show the files".into()
            }
            MoveError::Internal { .. } => return None,
        })
    }
}

impl MoveError {
    /// The error with its paths shown from `cwd` when they are under it
    /// (as [`Plan::shown`] shows them).
    pub fn shown_from(self, cwd: &Path) -> MoveError {
        let short = |p: PathBuf| match p.strip_prefix(cwd) {
            Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
            _ => p,
        };
        match self {
            MoveError::Handbook(diagnostics) => MoveError::Handbook(
                diagnostics
                    .into_iter()
                    .map(|mut d| {
                        d.file = d.file.map(short);
                        d
                    })
                    .collect(),
            ),
            MoveError::Missing { path, looked } => MoveError::Missing {
                path,
                looked: looked.into_iter().map(short).collect(),
            },
            MoveError::OutsideContent { path, content } => MoveError::OutsideContent {
                path: short(path),
                content: short(content),
            },
            MoveError::NotMovable { path, why } => MoveError::NotMovable {
                path: short(path),
                why,
            },
            MoveError::BadDestination { path, why } => MoveError::BadDestination {
                path: short(path),
                why,
            },
            MoveError::Exists { path } => MoveError::Exists { path: short(path) },
            MoveError::Clash { file, why, hint } => MoveError::Clash {
                file: short(file),
                why,
                hint,
            },
            MoveError::Links(problems) => MoveError::Links(
                problems
                    .into_iter()
                    .map(|mut p| {
                        p.file = short(p.file);
                        p
                    })
                    .collect(),
            ),
            MoveError::Frontmatter { file, value, why } => MoveError::Frontmatter {
                file: short(file),
                value,
                why,
            },
            MoveError::Changed { file } => MoveError::Changed { file: short(file) },
            MoveError::Io { path, source } => MoveError::Io {
                path: short(path),
                source,
            },
            MoveError::Incomplete {
                path,
                source,
                report,
            } => MoveError::Incomplete {
                path: short(path),
                source,
                report,
            },
            MoveError::Internal { file, why } => MoveError::Internal {
                file: short(file),
                why,
            },
        }
    }
}

/// A link that cannot be rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    /// The page it is in.
    pub file: PathBuf,
    /// Where.
    pub position: Position,
    /// The destination as written.
    pub dest: String,
    /// Why.
    pub why: String,
}

impl fmt::Display for LinkProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: ({}): {}",
            self.file.display(),
            self.position.line,
            self.position.column,
            self.dest,
            self.why
        )
    }
}

/// A page that moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedPage {
    /// Its file before, in the content folder.
    pub from: SourcePath,
    /// Its file after.
    pub to: SourcePath,
    /// Its URL before.
    pub old_url: PageUrl,
    /// Its URL after (the same when its frontmatter sets it).
    pub new_url: PageUrl,
    /// Whether its old URL was added to its aliases.
    pub alias: bool,
}

/// A file whose text changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Where it is now.
    pub file: PathBuf,
    /// Where it is after the move (`file` when it does not move).
    pub moved_to: PathBuf,
    /// Its text now.
    pub before: String,
    /// Its text after.
    pub after: String,
    /// How many links in it are rewritten.
    pub links: usize,
}

/// A move worked out and checked, not yet done.
#[derive(Debug, Clone)]
pub struct Plan {
    /// What moves (a file or a folder).
    pub from: PathBuf,
    /// Where it goes.
    pub to: PathBuf,
    /// The pages that move, in the handbook's order.
    pub pages: Vec<MovedPage>,
    /// The files whose text changes, in the handbook's order.
    pub changes: Vec<FileChange>,
    /// Things worth knowing (URLs set by frontmatter, links already broken).
    pub notes: Vec<String>,
    /// The folder paths are shown from.
    cwd: PathBuf,
}

/// What [`Plan::apply`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The files whose text was changed, where they are now.
    pub rewritten: Vec<PathBuf>,
}

/// Works out the move and checks it; changes nothing.
pub fn plan(options: &MoveOptions) -> Result<Plan, MoveError> {
    let root = match &options.root {
        Some(root) => root.clone(),
        None => find_root(&options.cwd),
    };
    let site = Site::load(&BuildOptions {
        root,
        base_url: options.base_url.clone(),
        drafts: true,
        ..BuildOptions::default()
    })
    .map_err(|e| match e {
        Error::Handbook(d) => MoveError::Handbook(d),
        Error::Io { path, source } => MoveError::Io { path, source },
    })?;
    let errors: Vec<Diagnostic> = site
        .content
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(MoveError::Handbook(errors));
    }
    let ends = endpoints(options, &site)?;
    Mover::new(&site, ends, options.cwd.clone())?.plan()
}

/// The nearest folder from `cwd` up with a `handbook.toml`, else `cwd`.
fn find_root(cwd: &Path) -> PathBuf {
    cwd.ancestors()
        .find(|d| d.join(CONFIG_FILE).is_file())
        .unwrap_or(cwd)
        .to_path_buf()
}

/// OLD and NEW, found.
#[derive(Debug)]
struct Ends {
    /// OLD as a path to it.
    from: PathBuf,
    /// NEW as a path to it.
    to: PathBuf,
    /// OLD inside the content folder.
    from_rel: String,
    /// NEW inside the content folder.
    to_rel: String,
    /// Whether OLD is a folder.
    folder: bool,
}

/// Finds OLD (from `cwd`, else from the content folder) and NEW (read the
/// same way), and refuses what cannot be moved there.
fn endpoints(options: &MoveOptions, site: &Site) -> Result<Ends, MoveError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| MoveError::Io { path, source }
    };
    let content = site
        .content_dir
        .canonicalize()
        .map_err(io(&site.content_dir))?;
    let frames: Vec<&Path> = if options.from.is_absolute() {
        vec![options.cwd.as_path()]
    } else {
        vec![options.cwd.as_path(), site.content_dir.as_path()]
    };
    let mut outside = None;
    let mut found = None;
    for frame in &frames {
        let path = frame.join(&options.from);
        if std::fs::symlink_metadata(&path).is_err() {
            continue;
        }
        let real = real_path(&path).map_err(io(&path))?;
        match real.strip_prefix(&content) {
            Ok(rel) => {
                found = Some((*frame, path.clone(), rel.to_path_buf()));
                break;
            }
            Err(_) => outside = outside.or(Some(path)),
        }
    }
    let Some((frame, from, rel)) = found else {
        return Err(match outside {
            Some(path) => MoveError::OutsideContent {
                path,
                content: site.content_dir.clone(),
            },
            None => MoveError::Missing {
                path: options.from.clone(),
                looked: frames.iter().map(|f| f.join(&options.from)).collect(),
            },
        });
    };
    let not_movable = |why: &str| MoveError::NotMovable {
        path: from.clone(),
        why: why.to_string(),
    };
    let from_rel = SourcePath::from_relative(&rel)
        .ok_or_else(|| not_movable("its name is not valid UTF-8"))?
        .as_str()
        .to_string();
    if from_rel.is_empty() {
        return Err(not_movable(
            "this is the content folder itself, which mv does not move",
        ));
    }
    let folder = std::fs::symlink_metadata(&from).is_ok_and(|m| m.is_dir());
    if !folder {
        let known = site
            .content
            .pages
            .iter()
            .any(|p| p.path.as_str() == from_rel)
            || site
                .content
                .assets
                .iter()
                .any(|a| a.path.as_str() == from_rel);
        if !known {
            return Err(not_movable(
                "not a page or file the handbook builds (a hidden or skipped file, or a page with `permalink: false`)",
            ));
        }
    }
    let mut to = frame.join(&options.to);
    let into = to.is_dir()
        || options
            .to
            .as_os_str()
            .to_string_lossy()
            .ends_with(['/', '\\']);
    if into && let Some(name) = from.file_name().or_else(|| rel.file_name()) {
        to = to.join(name);
    }
    if std::fs::symlink_metadata(&to).is_ok() {
        return Err(MoveError::Exists { path: to });
    }
    let bad = |why: &str| MoveError::BadDestination {
        path: to.clone(),
        why: why.to_string(),
    };
    if let Some(file) = to
        .ancestors()
        .skip(1)
        .find(|a| std::fs::symlink_metadata(a).is_ok())
        .filter(|a| !a.is_dir())
    {
        return Err(bad(&format!(
            "{} is a file, where this needs a folder",
            file.display()
        )));
    }
    let real = new_real_path(&to).map_err(io(&to))?;
    let Ok(to_rel) = real.strip_prefix(&content) else {
        return Err(MoveError::OutsideContent {
            path: to,
            content: site.content_dir.clone(),
        });
    };
    let to_rel = SourcePath::from_relative(to_rel)
        .ok_or_else(|| bad("the name is not valid UTF-8"))?
        .as_str()
        .to_string();
    if to_rel.is_empty() {
        return Err(MoveError::Exists { path: to });
    }
    if folder && to_rel.starts_with(&format!("{from_rel}/")) {
        return Err(bad("a folder cannot move into itself"));
    }
    if to_rel
        .split('/')
        .any(|part| content::is_ignored(part) || part == "node_modules")
    {
        return Err(bad(
            "a build skips this name (hidden, a back-up, or node_modules), so the page would vanish",
        ));
    }
    if let Ok(output) = site.output_dir.canonicalize()
        && real.starts_with(output)
    {
        return Err(bad(
            "this is inside the output folder, which a build replaces",
        ));
    }
    if !folder {
        let page = |p: &str| SourcePath::new(p).extension() == Some("md");
        match (page(&from_rel), page(&to_rel)) {
            (true, false) => {
                return Err(bad(
                    "a page's file name ends in .md (or end NEW with / to move it into a folder)",
                ));
            }
            (false, true) => return Err(bad("this name would make the file a page")),
            _ => {}
        }
    }
    Ok(Ends {
        from,
        to,
        from_rel,
        to_rel,
        folder,
    })
}

/// The real path of something that exists, without following it when it
/// is itself a symbolic link.
fn real_path(path: &Path) -> std::io::Result<PathBuf> {
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
            Ok(parent.canonicalize()?.join(name))
        }
        (_, Some(name)) if !matches!(path.components().next(), Some(Component::ParentDir)) => {
            Ok(Path::new(".").canonicalize()?.join(name))
        }
        _ => path.canonicalize(),
    }
}

/// The real path something would have at `path`: its nearest existing
/// folder's real path, and the rest (`.` and `..` read as they are written).
fn new_real_path(path: &Path) -> std::io::Result<PathBuf> {
    let mut existing = path;
    let mut rest = Vec::new();
    while std::fs::symlink_metadata(existing).is_err() {
        let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
            break;
        };
        rest.push(name.to_os_string());
        existing = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
    }
    let mut real = existing.canonicalize()?;
    for part in rest.into_iter().rev() {
        match Path::new(&part).components().next() {
            Some(Component::ParentDir) => {
                real.pop();
            }
            Some(Component::CurDir) => {}
            _ => real.push(part),
        }
    }
    Ok(real)
}

/// Where a link led before the move, and so must after.
#[derive(Debug, Clone, Copy)]
enum Led<'a> {
    /// A page: its file and URL before and after.
    Page {
        old_path: &'a SourcePath,
        old_url: &'a PageUrl,
        new_path: &'a SourcePath,
        new_url: &'a PageUrl,
    },
    /// A file, and where it is after.
    File(&'a SourcePath),
    /// An old URL of a page, which stays.
    Alias,
}

/// A link that cannot be rewritten, before its line and column are counted.
#[derive(Debug, Clone)]
struct Unplaced {
    page: usize,
    offset: usize,
    dest: String,
    why: String,
}

/// A destination to write anew: where its link is in the page's body.
#[derive(Debug, Clone)]
struct Rewrite {
    offset: usize,
    dest: String,
    new: String,
}

/// The handbook before and after the move, side by side.
struct Mover<'s> {
    site: &'s Site,
    ends: Ends,
    /// Per page: its file, URL and aliases after the move.
    paths: Vec<SourcePath>,
    urls: Vec<PageUrl>,
    aliases: Vec<Vec<String>>,
    /// Per page: the URL its relative links start from, before and after.
    old_bases: Vec<PageUrl>,
    new_bases: Vec<PageUrl>,
    /// Per page: the alias added (its old URL, as written).
    added: Vec<Option<String>>,
    /// Per file: where it is after the move.
    files: HashMap<String, SourcePath>,
    old_index: LinkIndex,
    new_index: LinkIndex,
    notes: Vec<String>,
    cwd: PathBuf,
}

impl<'s> Mover<'s> {
    /// Works out every page's file, URL and aliases after the move, and
    /// refuses a move that clashes.
    fn new(site: &'s Site, ends: Ends, cwd: PathBuf) -> Result<Mover<'s>, MoveError> {
        let pages = &site.content.pages;
        let moved = |path: &str| -> Option<String> {
            if ends.folder {
                let rest = path.strip_prefix(&ends.from_rel)?.strip_prefix('/')?;
                Some(format!("{}/{rest}", ends.to_rel))
            } else {
                (path == ends.from_rel).then(|| ends.to_rel.clone())
            }
        };
        let paths: Vec<SourcePath> = pages
            .iter()
            .map(|p| moved(p.path.as_str()).map_or_else(|| p.path.clone(), SourcePath::new))
            .collect();
        let fronts: Vec<&FrontMatter> = pages.iter().map(|p| &p.front).collect();
        let old_paths: Vec<&SourcePath> = pages.iter().map(|p| &p.path).collect();
        // The URLs as loading gives them, worked out again: a check that
        // the new ones are worked out the same way.
        let again = urls_of(&old_paths, &fronts);
        if let Some(i) = (0..pages.len()).find(|&i| again[i] != pages[i].url) {
            return Err(MoveError::Internal {
                file: pages[i].file.clone(),
                why: format!("its URL is {} but mv makes it {}", pages[i].url, again[i]),
            });
        }
        let urls = urls_of(&paths.iter().collect::<Vec<_>>(), &fronts);
        let config = &site.config;
        let mut by_url: HashMap<&PageUrl, usize> = HashMap::with_capacity(pages.len());
        for (i, url) in urls.iter().enumerate() {
            if paths[i] == pages[i].path && *url != pages[i].url {
                return Err(MoveError::Clash {
                    file: pages[i].file.clone(),
                    why: format!(
                        "this page's URL would change from {} to {}: it is named after its folder, which would then have a page of its own",
                        pages[i].url, url
                    ),
                    hint: "move or rename this page too, or choose another place".into(),
                });
            }
            if let Some(j) = by_url.insert(url, i) {
                let (moving, other) = if paths[i] != pages[i].path {
                    (i, j)
                } else {
                    (j, i)
                };
                return Err(MoveError::Clash {
                    file: pages[moving].file.clone(),
                    why: format!(
                        "its URL would be {url}, which is {}'s",
                        pages[other].file.display()
                    ),
                    hint: "choose another name (index.md, README.md and NAME.md beside a folder NAME/ all mean the folder's page)".into(),
                });
            }
        }
        let mut alias_of: HashMap<String, usize> = HashMap::new();
        for (i, page) in pages.iter().enumerate() {
            for alias in &page.front.aliases {
                if let Some(path) = site::alias_path(alias, config) {
                    alias_of.entry(path).or_insert(i);
                }
            }
        }
        let mut aliases: Vec<Vec<String>> = pages.iter().map(|p| p.front.aliases.clone()).collect();
        let mut added = vec![None; pages.len()];
        let mut notes = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            if paths[i] == page.path {
                continue;
            }
            let kind = content::kind_of(&paths[i], &page.front, &site.rules);
            if kind != page.kind {
                notes.push(format!(
                    "{} will be of kind `{}`, not `{}` (its folder or name gave it its kind): set `kind: {}` in its frontmatter to keep it",
                    shown_from(&page.file, &cwd),
                    kind.as_str(),
                    page.kind.as_str(),
                    page.kind.as_str()
                ));
            }
            let (old, new) = (&page.url, &urls[i]);
            if old == new {
                let why = if content::has_own_url(&page.front) {
                    ", which its frontmatter sets (permalink, url or slug)"
                } else {
                    ""
                };
                notes.push(format!(
                    "{} keeps its URL {old}{why}; only its file moves",
                    shown_from(&page.file, &cwd)
                ));
                continue;
            }
            if let Some(&j) = alias_of.get(new.as_str()).filter(|&&j| j != i) {
                return Err(MoveError::Clash {
                    file: page.file.clone(),
                    why: format!(
                        "its URL would be {new}, which is an alias of {}: the links that go there through its redirect would lead here",
                        pages[j].file.display()
                    ),
                    hint: format!(
                        "remove {new} from the aliases of {} first, or choose another name",
                        pages[j].file.display()
                    ),
                });
            }
            if alias_of.get(new.as_str()) == Some(&i) {
                notes.push(format!(
                    "{} lists its new URL {new} among its aliases: remove it there (a page cannot redirect to itself)",
                    shown_from(&page.file, &cwd)
                ));
            }
            if let Some(&j) = alias_of.get(old.as_str()).filter(|&&j| j != i) {
                return Err(MoveError::Clash {
                    file: page.file.clone(),
                    why: format!(
                        "its old URL {old} is also an alias of {}, so it cannot redirect here",
                        pages[j].file.display()
                    ),
                    hint: format!(
                        "remove {old} from the aliases of {} first",
                        pages[j].file.display()
                    ),
                });
            }
            if alias_of.get(old.as_str()) == Some(&i) {
                continue;
            }
            // The old URL as an alias: as a path from the site's root,
            // unless that reads as under the base path (then with it).
            let alias = [
                old.to_string(),
                format!("{}{}", config.base_path(), &old.as_str()[1..]),
            ]
            .into_iter()
            .find(|a| site::alias_path(a, config).as_deref() == Some(old.as_str()))
            .ok_or_else(|| MoveError::Frontmatter {
                file: page.file.clone(),
                value: old.to_string(),
                why: "it cannot be written as an alias".into(),
            })?;
            aliases[i].push(alias.clone());
            added[i] = Some(alias);
        }
        let files: HashMap<String, SourcePath> = site
            .content
            .assets
            .iter()
            .map(|a| {
                let to = moved(a.path.as_str()).map_or_else(|| a.path.clone(), SourcePath::new);
                (a.path.as_str().to_string(), to)
            })
            .collect();
        let new_files: Vec<&SourcePath> = site
            .content
            .assets
            .iter()
            .filter_map(|a| files.get(a.path.as_str()))
            .collect();
        let new_index = site::link_index(
            config,
            (0..pages.len()).map(|i| (&paths[i], &urls[i], aliases[i].as_slice())),
            new_files.into_iter(),
            &site.content.clashed,
            &site.content.drafts,
        );
        let old_bases = pages.iter().map(|p| p.link_base()).collect();
        let new_bases = (0..pages.len())
            .map(|i| content::path::link_base(&paths[i], &urls[i], &pages[i].front))
            .collect();
        Ok(Mover {
            old_index: site.link_index(),
            new_index,
            site,
            ends,
            paths,
            urls,
            aliases,
            old_bases,
            new_bases,
            added,
            files,
            notes,
            cwd,
        })
    }

    /// Finds every link to rewrite, writes each changed page's new text
    /// and checks it.
    fn plan(mut self) -> Result<Plan, MoveError> {
        let site = self.site;
        let pages = &site.content.pages;
        let links = site.links(&self.old_index);
        let mut rewrites: Vec<Vec<Rewrite>> = vec![Vec::new(); pages.len()];
        let mut problems = Vec::new();
        let mut broken = 0;
        for (i, page_links) in links.iter().enumerate() {
            for link in page_links {
                let Some((led, expected)) = self.after(&link.target) else {
                    broken += usize::from(is_broken(&link.target));
                    continue;
                };
                if self
                    .new_index
                    .resolve(&link.dest, &self.paths[i], &self.new_bases[i])
                    == expected
                {
                    continue;
                }
                match self.rewrite(i, &link.dest, led, &expected) {
                    Some(new) => rewrites[i].push(Rewrite {
                        offset: link.offset,
                        dest: link.dest.clone(),
                        new,
                    }),
                    None => problems.push(self.problem(
                        i,
                        pages[i].body_offset + link.offset,
                        &link.dest,
                        "no way of writing it leads where it did once the move is done",
                    )),
                }
            }
        }
        // `reports_to: ../cto.md` is a link too.
        let mut reports: Vec<Option<(String, String)>> = vec![None; pages.len()];
        for (i, page) in pages.iter().enumerate() {
            let Some(wanted) = &page.front.reports_to else {
                continue;
            };
            let target = self
                .old_index
                .resolve(wanted, &page.path, &self.old_bases[i]);
            let Some((led @ Led::Page { .. }, expected)) = self.after(&target) else {
                continue;
            };
            if self
                .new_index
                .resolve(wanted, &self.paths[i], &self.new_bases[i])
                == expected
            {
                continue;
            }
            match self.rewrite(i, wanted, led, &expected) {
                Some(new) => reports[i] = Some((wanted.clone(), new)),
                None => problems.push(self.problem(
                    i,
                    fm::key_offset(&page.text, page.body_offset, "reports_to").unwrap_or(0),
                    wanted,
                    "reports_to cannot be written to name the same role once the move is done",
                )),
            }
        }
        let mut changes = Vec::new();
        for i in 0..pages.len() {
            if rewrites[i].is_empty() && self.added[i].is_none() && reports[i].is_none() {
                continue;
            }
            if let Some(change) = self.change(
                i,
                &rewrites[i],
                reports[i].as_ref(),
                &links[i],
                &mut problems,
            )? {
                changes.push(change);
            }
        }
        if !problems.is_empty() {
            return Err(MoveError::Links(self.placed(problems)));
        }
        if broken > 0 {
            self.notes.push(format!(
                "{broken} link(s) to missing pages or files were broken before the move and are left as they are written (`handbook check` lists them)"
            ));
        }
        let moved_pages = (0..pages.len())
            .filter(|&i| self.paths[i] != pages[i].path)
            .map(|i| MovedPage {
                from: pages[i].path.clone(),
                to: self.paths[i].clone(),
                old_url: pages[i].url.clone(),
                new_url: self.urls[i].clone(),
                alias: self.added[i].is_some(),
            })
            .collect();
        Ok(Plan {
            from: self.ends.from,
            to: self.ends.to,
            pages: moved_pages,
            changes,
            notes: self.notes,
            cwd: self.cwd,
        })
    }

    /// Where a link to `target` must lead after the move, and what it led
    /// to; `None` for links that lead nowhere to keep (the same page's
    /// anchors, other sites, broken links).
    fn after(&self, target: &Target) -> Option<(Led<'_>, Target)> {
        let pages = &self.site.content.pages;
        match target {
            Target::Page { page, .. } => Some((
                Led::Page {
                    old_path: &pages.get(*page)?.path,
                    old_url: &pages[*page].url,
                    new_path: &self.paths[*page],
                    new_url: &self.urls[*page],
                },
                target.clone(),
            )),
            Target::Alias { .. } => Some((Led::Alias, target.clone())),
            Target::File(path) => {
                let to = self.files.get(path.as_str())?;
                Some((Led::File(to), Target::File(to.clone())))
            }
            _ => None,
        }
    }

    /// `dest`, written in page `i`, written anew to lead to `expected`
    /// from where page `i` is after the move, in the style it was written.
    fn rewrite(&self, i: usize, dest: &str, led: Led<'_>, expected: &Target) -> Option<String> {
        let page = &self.site.content.pages[i];
        let dest = dest.trim();
        let cut = dest.find(['?', '#']).unwrap_or(dest.len());
        let (path, suffix) = dest.split_at(cut);
        let (written, site_path) = self.old_index.read(dest, &page.path, &self.old_bases[i])?;
        let mut tried = Vec::new();
        for candidate in site_paths(&site_path, led) {
            if tried.contains(&candidate) {
                continue;
            }
            let (prefix, rest) =
                self.new_index
                    .write(written, &candidate, &self.paths[i], &self.new_bases[i]);
            let mut rest = encode(&rest, path);
            if written == Written::Relative
                && ((path.starts_with("./") && !rest.starts_with('.'))
                    || rest.split('/').next().is_some_and(|s| s.contains(':')))
            {
                rest.insert_str(0, "./");
            }
            let new = format!("{prefix}{rest}{suffix}");
            if self
                .new_index
                .resolve(&new, &self.paths[i], &self.new_bases[i])
                == *expected
            {
                return Some(new);
            }
            tried.push(candidate);
        }
        None
    }

    /// A link problem at byte `offset` of page `i` (placed by [`Mover::placed`]).
    fn problem(&self, i: usize, offset: usize, dest: &str, why: &str) -> Unplaced {
        Unplaced {
            page: i,
            offset,
            dest: dest.to_string(),
            why: why.to_string(),
        }
    }

    /// The problems with their lines and columns, in page order: each
    /// page's lines are counted once, however many problems it has.
    fn placed(&self, mut problems: Vec<Unplaced>) -> Vec<LinkProblem> {
        problems.sort_by_key(|p| (p.page, p.offset));
        let pages = &self.site.content.pages;
        let mut index: Option<(usize, LineIndex)> = None;
        problems
            .into_iter()
            .map(|p| {
                let text = &pages[p.page].text;
                let lines = match &index {
                    Some((page, lines)) if *page == p.page => lines,
                    _ => &index.insert((p.page, LineIndex::new(text))).1,
                };
                LinkProblem {
                    file: pages[p.page].file.clone(),
                    position: lines.position(text, p.offset),
                    dest: p.dest,
                    why: p.why,
                }
            })
            .collect()
    }

    /// Page `i`'s new text, with its links rewritten, its alias added and
    /// its `reports_to` changed, checked; `None` when a link could not be
    /// placed (then `problems` says which).
    fn change(
        &self,
        i: usize,
        rewrites: &[Rewrite],
        report: Option<&(String, String)>,
        before: &[PageLink],
        problems: &mut Vec<Unplaced>,
    ) -> Result<Option<FileChange>, MoveError> {
        let site = self.site;
        let page = &site.content.pages[i];
        let raw = std::fs::read_to_string(&page.file).map_err(|source| MoveError::Io {
            path: page.file.clone(),
            source,
        })?;
        let text = fm::lone_cr_as_lf(&raw);
        if *text != page.text {
            return Err(MoveError::Changed {
                file: page.file.clone(),
            });
        }
        let eol = line_break(&raw);
        let mut edits: Vec<Edit> = Vec::new();
        if !rewrites.is_empty() {
            let body = &text[page.body_offset..];
            let places = locate::places(body, site.config.markdown.raw_html);
            let found = problems.len();
            for r in rewrites {
                match places.get(&r.offset) {
                    Some(Ok(place)) => edits.push(Edit {
                        range: page.body_offset + place.range.start
                            ..page.body_offset + place.range.end,
                        text: r.new.clone(),
                    }),
                    Some(Err(why)) => {
                        problems.push(self.problem(i, page.body_offset + r.offset, &r.dest, why));
                    }
                    None => problems.push(self.problem(
                        i,
                        page.body_offset + r.offset,
                        &r.dest,
                        "handbook cannot find where its destination is written",
                    )),
                }
            }
            if problems.len() > found {
                return Ok(None);
            }
        }
        let keys = &site.config.frontmatter;
        if let Some(alias) = &self.added[i] {
            let mut names = keys.written_as("aliases");
            names.extend(keys.written_as("redirect_from"));
            let added = edit_front::add_to_list(&text, &names, alias, eol).map_err(|why| {
                MoveError::Frontmatter {
                    file: page.file.clone(),
                    value: alias.clone(),
                    why,
                }
            })?;
            edits.extend(added);
        }
        if let Some((old, new)) = report {
            let edit = edit_front::replace_value(&text, &keys.written_as("reports_to"), old, new)
                .map_err(|why| MoveError::Frontmatter {
                file: page.file.clone(),
                value: format!("reports_to: {new}"),
                why,
            })?;
            edits.push(edit);
        }
        edits.sort();
        edits.dedup();
        if let Some(w) = edits.windows(2).find(|w| w[0].range.end > w[1].range.start) {
            return Err(MoveError::Internal {
                file: page.file.clone(),
                why: format!("two edits overlap at byte {}", w[1].range.start),
            });
        }
        let mut after = raw.clone();
        for e in edits.iter().rev() {
            after.replace_range(e.range.clone(), &e.text);
        }
        self.check(i, &after, report.map(|(_, new)| new.as_str()), before)?;
        let content_dir = &site.content_dir;
        Ok(Some(FileChange {
            file: page.file.clone(),
            moved_to: content_dir.join(self.paths[i].as_str()),
            before: raw,
            after,
            links: rewrites.len(),
        }))
    }

    /// Checks page `i`'s new text: its frontmatter reads as before but for
    /// the alias added (and `reports_to`), and each of its links leads
    /// where it did.
    fn check(
        &self,
        i: usize,
        after: &str,
        reports_to: Option<&str>,
        before: &[PageLink],
    ) -> Result<(), MoveError> {
        let site = self.site;
        let page = &site.content.pages[i];
        let internal = |why: String| MoveError::Internal {
            file: page.file.clone(),
            why,
        };
        let text = fm::lone_cr_as_lf(after);
        let split =
            fm::split(&text).map_err(|_| internal("the frontmatter would not close".into()))?;
        let front =
            fm::parse(&page.file, &text, &split, &site.config.frontmatter).map_err(|d| {
                MoveError::Frontmatter {
                    file: page.file.clone(),
                    value: self.added[i].clone().unwrap_or_default(),
                    why: format!("it would not parse: {}", d.message),
                }
            })?;
        let mut want = page.front.clone();
        want.aliases = self.aliases[i].clone();
        if let Some(new) = reports_to {
            want.reports_to = Some(new.to_string());
        }
        let comparable = |f: &FrontMatter| {
            let mut f = f.clone();
            f.aliases.sort();
            serde_json::to_value(&f).ok()
        };
        if comparable(&front) != comparable(&want) {
            return Err(MoveError::Frontmatter {
                file: page.file.clone(),
                value: self.added[i].clone().unwrap_or_default(),
                why: "the edited frontmatter would read differently".into(),
            });
        }
        let base = content::path::link_base(&self.paths[i], &self.urls[i], &front);
        let body = text.get(split.body_offset..).unwrap_or("");
        let found = site.links_of(body, &self.paths[i], &base, &self.new_index);
        if found.len() != before.len() {
            return Err(internal(format!(
                "the page would have {} links instead of {}",
                found.len(),
                before.len()
            )));
        }
        for (old, new) in before.iter().zip(&found) {
            let fine = match self.after(&old.target) {
                Some((_, expected)) => new.target == expected,
                None => new.dest == old.dest,
            };
            if !fine {
                return Err(internal(format!(
                    "the link ({}) would become ({}) and lead elsewhere",
                    old.dest, new.dest
                )));
            }
        }
        Ok(())
    }
}

/// Every page's URL, as loading gives them: from the frontmatter or the
/// file, then the folder-page rule.
fn urls_of(paths: &[&SourcePath], fronts: &[&FrontMatter]) -> Vec<PageUrl> {
    let mut urls: Vec<PageUrl> = paths
        .iter()
        .zip(fronts)
        .map(|(p, f)| content::page_url(p, f))
        .collect();
    let own: Vec<(&SourcePath, bool)> = paths
        .iter()
        .zip(fronts)
        .map(|(p, f)| (*p, content::has_own_url(f)))
        .collect();
    content::folder_rule(&own, &mut urls);
    urls
}

/// Whether a link was broken before the move.
fn is_broken(target: &Target) -> bool {
    matches!(
        target,
        Target::MissingPage(_)
            | Target::MissingFile(_)
            | Target::LeavesContent(_)
            | Target::MovedAway { .. }
            | Target::Draft(_)
    )
}

/// The site paths a link that named `site_path` can name after the move,
/// in the same form first (`.md` file, folder's `x.md`, URL, file without
/// `.md`, `.html`; with or without the trailing slash), then the plainer
/// forms.
fn site_paths(site_path: &str, led: Led<'_>) -> Vec<String> {
    let (old_path, old_url, new_path, new_url) = match led {
        Led::Alias => return vec![site_path.to_string()],
        Led::File(to) => return vec![format!("/{to}")],
        Led::Page {
            old_path,
            old_url,
            new_path,
            new_url,
        } => (old_path, old_url, new_path, new_url),
    };
    let slash = site_path.ends_with('/');
    let bare = site_path.trim_matches('/');
    let url_form = |url: &PageUrl| {
        if slash || url.as_str() == "/" {
            url.to_string()
        } else {
            url.as_str().trim_end_matches('/').to_string()
        }
    };
    let mut out = Vec::with_capacity(3);
    if bare.ends_with(".md") {
        if bare != old_path.as_str() && new_path.is_index() && !new_path.parent().is_empty() {
            // `x.md` for the folder page `x/index.md`.
            out.push(format!("/{}.md", new_path.parent()));
        }
        out.push(format!("/{new_path}"));
    } else if bare.ends_with(".html") || bare.ends_with(".htm") {
        let html = if bare.ends_with(".htm") {
            "htm"
        } else {
            "html"
        };
        if bare.ends_with(&format!("index.{html}")) || new_url.as_str() == "/" {
            out.push(format!("{new_url}index.{html}"));
        } else {
            out.push(format!("{}.{html}", new_url.as_str().trim_end_matches('/')));
        }
    } else if bare != old_url.as_str().trim_matches('/')
        && let Some(stem) = old_path.as_str().strip_suffix(".md")
        && bare == stem
    {
        // The file without `.md` (`a/README`).
        let stem = new_path
            .as_str()
            .strip_suffix(".md")
            .unwrap_or(new_path.as_str());
        out.push(format!("/{stem}{}", if slash { "/" } else { "" }));
    }
    out.push(url_form(new_url));
    out.push(format!("/{new_path}"));
    out
}

/// A decoded path to write in a link, percent-encoded where a link could
/// not hold the character as it is; blanks stay blanks when `original` (the
/// path as it was written) had some, and other letters stay as they are
/// unless `original` encoded its own.
fn encode(path: &str, original: &str) -> String {
    let raw_blanks = original.contains(' ');
    let encoded_letters = original
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'%' && matches!(w[1], b'8' | b'9' | b'a'..=b'f' | b'A'..=b'F'));
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        let escape = match c {
            ' ' => !raw_blanks,
            '"' | '#' | '%' | '<' | '>' | '?' | '\\' | '^' | '`' | '{' | '|' | '}' | '(' | ')'
            | '[' | ']' | '\'' => true,
            c if c.is_control() => true,
            c => !c.is_ascii() && encoded_letters,
        };
        if escape {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `path` from `cwd` when it is under it, without a leading `./`.
fn shown_from(path: &Path, cwd: &Path) -> String {
    let path = path.strip_prefix(cwd).unwrap_or(path);
    let text = path.display().to_string();
    text.strip_prefix("./").map_or(text.clone(), str::to_string)
}

/// The line break `text` uses (its first), `\n` when it has none.
fn line_break(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(at) if text[at..].starts_with("\r\n") => "\r\n",
        Some(at) if text[at..].starts_with('\r') => "\r",
        _ => "\n",
    }
}

impl Plan {
    /// Every change as a unified diff (`--- file` / `+++ file after the
    /// move`), then the move itself.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for c in &self.changes {
            let diff = similar::TextDiff::from_lines(&c.before, &c.after);
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&self.shown(&c.file), &self.shown(&c.moved_to))
                    .to_string(),
            );
        }
        out.push_str(&format!(
            "rename {} -> {}\n",
            self.shown(&self.from),
            self.shown(&self.to)
        ));
        out
    }

    /// `path` as the user would type it: from the current folder when it
    /// is under it, without a leading `./`.
    pub fn shown(&self, path: &Path) -> String {
        shown_from(path, &self.cwd)
    }

    /// Rewrites the changed files, then moves OLD to NEW. Nothing is done
    /// when a file changed since the plan, OLD is gone or NEW appeared;
    /// when a step fails, the files already rewritten are put back.
    pub fn apply(&self) -> Result<Applied, MoveError> {
        for c in &self.changes {
            let now = std::fs::read_to_string(&c.file).map_err(|source| MoveError::Io {
                path: c.file.clone(),
                source,
            })?;
            if now != c.before {
                return Err(MoveError::Changed {
                    file: c.file.clone(),
                });
            }
        }
        if std::fs::symlink_metadata(&self.to).is_ok() {
            return Err(MoveError::Exists {
                path: self.to.clone(),
            });
        }
        let mut done: Vec<&FileChange> = Vec::new();
        for c in &self.changes {
            if let Err(source) = write::replace(&c.file, &c.after) {
                return Err(MoveError::Incomplete {
                    path: c.file.clone(),
                    source,
                    report: format!(
                        "it was not rewritten, and nothing was moved; {}",
                        self.undo(&done)
                    ),
                });
            }
            done.push(c);
        }
        if let Err(source) = write::move_to(&self.from, &self.to) {
            return Err(MoveError::Incomplete {
                path: self.from.clone(),
                source,
                report: format!(
                    "it was not moved to {}; {}",
                    self.shown(&self.to),
                    self.undo(&done)
                ),
            });
        }
        Ok(Applied {
            rewritten: self.changes.iter().map(|c| c.moved_to.clone()).collect(),
        })
    }
}

impl Plan {
    /// Puts back the files in `done` as they were; says what it did.
    fn undo(&self, done: &[&FileChange]) -> String {
        if done.is_empty() {
            return "no file was changed".into();
        }
        let failed: Vec<String> = done
            .iter()
            .filter(|c| write::replace(&c.file, &c.before).is_err())
            .map(|c| self.shown(&c.file))
            .collect();
        if failed.is_empty() {
            format!(
                "the {} file(s) already rewritten were put back as they were, so nothing was changed",
                done.len()
            )
        } else {
            format!(
                "{} file(s) were rewritten and put back, but these keep their rewritten links (restore them, e.g. with git): {}",
                done.len() - failed.len(),
                failed.join(", ")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(old_path: &str, old_url: &str, new_path: &str, new_url: &str) -> Vec<String> {
        let (op, ou, np, nu) = (
            SourcePath::new(old_path),
            PageUrl::new(old_url),
            SourcePath::new(new_path),
            PageUrl::new(new_url),
        );
        let led = Led::Page {
            old_path: &op,
            old_url: &ou,
            new_path: &np,
            new_url: &nu,
        };
        [
            "/people/hiring.md",
            "/people/hiring/",
            "/people/hiring",
            "/people/hiring.html",
        ]
        .iter()
        .map(|sp| site_paths(sp, led)[0].clone())
        .collect()
    }

    #[test]
    fn can_keep_the_form_a_link_names_its_page_in() {
        assert_eq!(
            page(
                "people/hiring.md",
                "/people/hiring/",
                "team/recruiting.md",
                "/team/recruiting/"
            ),
            [
                "/team/recruiting.md",
                "/team/recruiting/",
                "/team/recruiting",
                "/team/recruiting.html"
            ]
        );
        // A folder's page named by the folder's `.md`.
        let (op, ou, np, nu) = (
            SourcePath::new("a/index.md"),
            PageUrl::new("/a/"),
            SourcePath::new("b/index.md"),
            PageUrl::new("/b/"),
        );
        let led = Led::Page {
            old_path: &op,
            old_url: &ou,
            new_path: &np,
            new_url: &nu,
        };
        assert_eq!(site_paths("/a.md", led)[0], "/b.md");
        assert_eq!(site_paths("/a/index.md", led)[0], "/b/index.md");
        assert_eq!(site_paths("/a/index", led)[0], "/b/index");
    }

    #[test]
    fn can_encode_what_a_link_cannot_hold() {
        assert_eq!(encode("a b/(c).md", "x.md"), "a%20b/%28c%29.md");
        assert_eq!(encode("a b/c.md", "my page.md"), "a b/c.md");
        assert_eq!(encode("día.md", "x.md"), "día.md");
        assert_eq!(encode("día.md", "d%C3%ADa.md"), "d%C3%ADa.md");
        assert_eq!(encode("100%.md", "x.md"), "100%25.md");
    }

    #[test]
    fn can_tell_a_files_line_break() {
        assert_eq!(line_break("a\r\nb"), "\r\n");
        assert_eq!(line_break("a\rb\n"), "\r");
        assert_eq!(line_break("a\nb"), "\n");
        assert_eq!(line_break("a"), "\n");
    }
}
