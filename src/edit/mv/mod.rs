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
//!    images, raw HTML `href`/`src`/`srcset`; the navigation file's
//!    entries too) exactly as a build does, and
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
//!
//! One file a job: `paths` reads OLD and NEW (step 2), `rewrite` works
//! out the handbook after the move and the links to write anew (steps 3
//! and 4), `change` writes each changed page's new text and checks it
//! (steps 5 and 6), `nav` does steps 4 and 6 for the navigation file
//! (`SUMMARY.md`), `apply` shows or does the plan, and `error` says why a
//! move is refused.

use std::path::PathBuf;

use crate::BuildOptions;
use crate::content::{PageUrl, SourcePath};
use crate::error::{Diagnostic, Error};
use crate::site::Site;

mod apply;
mod change;
mod error;
mod nav;
mod paths;
mod rewrite;

pub use error::{LinkProblem, MoveError};

use paths::{endpoints, find_root};
use rewrite::Mover;

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
        // Every page: links to internal pages are rewritten too.
        audience: crate::content::Audience::Internal,
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
