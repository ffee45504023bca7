//! What changed in a kept build's output since it was last handed on, so
//! that `serve` puts the files of an edit in place, not the whole site again.
//!
//! [`Build::update`] marks what it makes stale (pages, generated pages, the
//! navigation, ...); [`Build::changes`] gives those files, with the search
//! index's own changes, and starts marking afresh. The first call on a
//! build (a new one, or one that a full rebuild replaced) gives every file.
//!
//! The files that list every page (plans.json, llms.txt, the dashboard and
//! the other generated pages) can cost more than the edited page: at
//! 10,000 pages the dashboard alone is most of a title edit. A build told
//! to [`Build::defer_generated`] leaves them stale in an update;
//! [`Build::changes`] then names them in [`SiteChanges::deferred`] and
//! [`Build::settle`] makes them, so that `serve` reloads the edited page
//! first and holds a request for a deferred file until it is made.

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
    /// Paths of files that changed but are not made yet: [`Build::settle`]
    /// gives them (only with [`Build::defer_generated`]).
    pub deferred: Vec<String>,
}

/// What an update left to make (see [`Build::defer_generated`]).
#[derive(Debug, Default)]
pub(super) struct Stale {
    /// plans.json.
    pub plans: bool,
    /// llms.txt.
    pub llms: bool,
}

/// What [`Build::changes`] named as deferred, for [`Build::settle`].
#[derive(Debug, Default)]
pub(super) struct Deferred {
    listings: Vec<usize>,
    llms: bool,
    plans: bool,
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
    /// llms.txt was made again (or is stale).
    pub llms: bool,
    /// plans.json was made again (or is stale).
    pub plans: bool,
    /// Whether some page has code (so the syntax stylesheet exists) may have changed.
    pub syntax_css: bool,
    /// The "Recent changes" page and feed may show something else.
    pub recent: bool,
    /// The theme's files, the not-found page, the sitemap, redirects and
    /// copied assets (a template changed).
    pub fixed: bool,
}

impl Build {
    /// Whether updates leave the files that list every page for
    /// [`Build::settle`] (`serve`) or make them before they return (the
    /// default).
    pub fn defer_generated(&mut self, defer: bool) {
        self.defer_generated = defer;
        if !defer {
            self.refresh_generated();
        }
    }

    /// Makes what updates left stale: plans.json, llms.txt and the
    /// generated pages waiting to be rendered.
    pub(super) fn refresh_generated(&mut self) {
        if std::mem::take(&mut self.stale.plans) {
            self.build_plans();
        }
        if std::mem::take(&mut self.stale.llms) {
            self.build_llms();
        }
        if self.theme.is_none() || self.diagnostics().iter().any(Diagnostic::is_error) {
            return;
        }
        for (l, file) in self.render_listings() {
            self.listing_files[l] = Some(file);
        }
    }

    /// The files [`Build::changes`] deferred, made now; or the problems
    /// making them found.
    pub fn settle(&mut self) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        self.refresh_generated();
        let deferred = std::mem::take(&mut self.deferred);
        let mut files = Vec::new();
        let mut problems = Vec::new();
        if deferred.plans {
            self.push_plans(&mut files);
        }
        if deferred.llms {
            self.push_llms(&mut files);
        }
        for l in deferred.listings {
            self.push_listing(l, &mut files, &mut problems);
        }
        if problems.iter().any(Diagnostic::is_error) {
            return Err(sorted(problems));
        }
        Ok(files)
    }

    /// The files that changed since the last call (every file on the first
    /// call), or every problem when the site has errors. On errors nothing
    /// is taken: the next successful call gives everything changed since
    /// the last successful one, so a holder of the files that applies each
    /// successful result has exactly [`Build::result`]'s files.
    ///
    /// Its cost is that of the files changed, not of the site: what `serve`
    /// hands to the HTTP server after an edit.
    pub fn changes(&mut self) -> Result<SiteChanges, Error> {
        // The whole site (a first hand-over) defers nothing.
        if !self.defer_generated || self.unpublished.is_none() {
            self.refresh_generated();
        }
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
                deferred: Vec::new(),
            });
        };
        let mut diagnostics = self.diagnostics();
        if self.theme.is_none() || diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Error::Handbook(sorted(diagnostics)));
        }
        let mut files = Vec::new();
        let mut removed = Vec::new();
        let mut deferred = Deferred::default();
        let mut deferred_paths = Vec::new();
        for &i in &unpublished.pages {
            self.push_page(i, Some(&mut files), &mut diagnostics);
        }
        if unpublished.nav {
            self.push_nav(&mut files);
        }
        if unpublished.llms && self.stale.llms && self.has_llms() {
            deferred.llms = true;
            deferred_paths.push(crate::output::llms::FILE.to_string());
        } else if unpublished.llms {
            self.push_llms(&mut files);
        }
        if unpublished.plans && self.stale.plans {
            deferred.plans = true;
            deferred_paths.push(super::delivery::PLANS_FILE.to_string());
        } else if unpublished.plans {
            self.push_plans(&mut files);
        }
        if unpublished.syntax_css && !self.push_syntax_css(&mut files) {
            removed.push(SYNTAX_CSS.to_string());
        }
        if unpublished.fixed {
            files.extend(self.fixed.iter().cloned());
        }
        if unpublished.recent && self.has_recent_page() {
            self.push_recent(&mut files, &mut diagnostics);
        }
        for &l in &unpublished.listings {
            if self.listing_files[l].is_none() {
                deferred.listings.push(l);
                deferred_paths.push(self.listings[l].path.clone());
            } else {
                self.push_listing(l, &mut files, &mut diagnostics);
            }
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
        self.deferred = deferred;
        Ok(SiteChanges {
            full: false,
            files,
            removed,
            pages,
            warnings: sorted(diagnostics),
            deferred: deferred_paths,
        })
    }
}
