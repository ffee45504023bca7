//! What changed in a kept build's output since it was last handed on, so
//! that `serve` puts the files of an edit in place, not the whole site again.
//!
//! [`Build::update`] marks what it makes stale (pages, generated pages, the
//! navigation, ...); [`Build::changes`] gives those files, with the search
//! index's own changes, and starts marking afresh. The first call on a
//! build (a new one, or one that a full rebuild replaced) gives every file.

use std::collections::BTreeSet;

use super::{Build, SYNTAX_CSS, sorted};
use crate::error::{Diagnostic, Error};
use crate::output::OutputFile;

/// The output files to put in place of those [`Build::changes`] gave before.
#[derive(Debug)]
pub struct SiteChanges {
    /// `files` is the whole site: whatever was given before and is not in it is gone.
    pub full: bool,
    /// Files that are new or whose bytes may have changed (every file when `full`).
    pub files: Vec<OutputFile>,
    /// Paths that are no longer part of the site.
    pub removed: Vec<String>,
    /// How many pages the site has.
    pub pages: usize,
    /// The site's warnings (all of them, not only the new ones).
    pub warnings: Vec<Diagnostic>,
}

/// What [`Build::update`] made stale since the last [`Build::changes`]
/// (marked only once something was handed on: until then everything is given).
#[derive(Debug, Default)]
pub(super) struct Unpublished {
    /// Handbook pages rendered again.
    pub pages: BTreeSet<usize>,
    /// Generated pages rendered again.
    pub listings: BTreeSet<usize>,
    /// The navigation fragment was made again.
    pub nav: bool,
    /// llms.txt was made again.
    pub llms: bool,
    /// plans.json was made again.
    pub plans: bool,
    /// Whether some page has code (so the syntax stylesheet exists) may have changed.
    pub syntax_css: bool,
    /// The "Recent changes" page and feed may show something else.
    pub recent: bool,
}

impl Build {
    /// The files that changed since the last call (every file on the first
    /// call), or every problem when the site has errors. On errors nothing
    /// is taken: the next successful call gives everything changed since
    /// the last successful one, so a holder of the files that applies each
    /// successful result has exactly [`Build::result`]'s files.
    ///
    /// Its cost is that of the files changed, not of the site: what `serve`
    /// hands to the HTTP server after an edit.
    pub fn changes(&mut self) -> Result<SiteChanges, Error> {
        let Some(unpublished) = &self.unpublished else {
            let site = self.result()?;
            self.unpublished = Some(Unpublished::default());
            if let Some(index) = &mut self.search {
                // Already in the site's files.
                index.take_changes();
            }
            return Ok(SiteChanges {
                full: true,
                files: site.files,
                removed: Vec::new(),
                pages: site.pages,
                warnings: site.warnings,
            });
        };
        let mut diagnostics = self.diagnostics();
        if self.theme.is_none() || diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Error::Handbook(sorted(diagnostics)));
        }
        let mut files = Vec::new();
        let mut removed = Vec::new();
        for &i in &unpublished.pages {
            self.push_page(i, Some(&mut files), &mut diagnostics);
        }
        if unpublished.nav {
            self.push_nav(&mut files);
        }
        if unpublished.llms {
            self.push_llms(&mut files);
        }
        if unpublished.plans {
            self.push_plans(&mut files);
        }
        if unpublished.syntax_css && !self.push_syntax_css(&mut files) {
            removed.push(SYNTAX_CSS.to_string());
        }
        if unpublished.recent && self.has_recent_page() {
            self.push_recent(&mut files, &mut diagnostics);
        }
        for &l in &unpublished.listings {
            self.push_listing(l, &mut files, &mut diagnostics);
        }
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Error::Handbook(sorted(diagnostics)));
        }
        let pages = self.site.content.pages.len();
        if let Some(index) = &mut self.search {
            for (path, file) in index.take_changes() {
                match file {
                    Some(file) => files.push(file),
                    None => removed.push(path),
                }
            }
        }
        self.unpublished = Some(Unpublished::default());
        Ok(SiteChanges {
            full: false,
            files,
            removed,
            pages,
            warnings: sorted(diagnostics),
        })
    }
}
