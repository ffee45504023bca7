//! What the dev server serves: the last good build, in memory, and the
//! errors of the latest build, with a channel that tells open pages.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use crate::error::Diagnostic;
use crate::output::{Contents, OutputFile};
use crate::site::SiteChanges;

/// One file the server can send.
#[derive(Debug, Clone)]
pub enum Served {
    /// Rendered bytes.
    Bytes(Arc<[u8]>),
    /// A file copied from the content folder, read when asked for.
    File(PathBuf),
}

/// The site as the server sees it.
#[derive(Debug, Default)]
pub struct SiteState {
    /// Files by their path in the output (`a/b/index.html`).
    pub files: HashMap<String, Served>,
    /// Bumped by every successful build.
    pub version: u64,
    /// The errors of the latest build, if it failed.
    pub errors: Vec<Diagnostic>,
    /// Where the site lives (`/` or `/docs/`), from the last good build's config.
    pub base_path: String,
    /// The content folder with links resolved: copied files must still be inside it when read.
    pub content_root: PathBuf,
}

/// What open pages are told.
#[derive(Debug, Clone)]
pub enum Event {
    /// A new build is in place: reload.
    Reload {
        /// The new build's version.
        version: u64,
    },
    /// Only stylesheets changed: swap them without a reload.
    Css {
        /// The new build's version.
        version: u64,
    },
    /// The latest build failed (or, empty, succeeded again): show these.
    Errors(Vec<Diagnostic>),
}

/// State shared by the rebuild thread and the HTTP handlers.
pub struct Shared {
    /// The site.
    pub site: RwLock<SiteState>,
    events: broadcast::Sender<Event>,
}

impl Default for Shared {
    fn default() -> Self {
        Self::new()
    }
}

impl Shared {
    /// No site yet.
    pub fn new() -> Shared {
        Shared {
            site: RwLock::new(SiteState::default()),
            events: broadcast::channel(64).0,
        }
    }

    /// Puts a build's changed files in place (all of them for a full
    /// build), clears the errors and returns the new version. An edit costs
    /// the files it changed: the rest of the site stays where it is.
    pub fn publish(
        &self,
        changes: SiteChanges,
        base_path: &str,
        content_dir: &std::path::Path,
    ) -> u64 {
        let content_root = content_dir
            .canonicalize()
            .unwrap_or_else(|_| content_dir.to_path_buf());
        let served = |f: OutputFile| {
            let served = match f.contents {
                Contents::Bytes(b) => Served::Bytes(b),
                Contents::Copy(p) => Served::File(p),
            };
            (f.path, served)
        };
        // A whole site is gathered before the lock is taken, and the old one
        // let go after it is released: requests wait for neither.
        let (mut whole, changed) = if changes.full {
            let whole: HashMap<String, Served> = changes.files.into_iter().map(served).collect();
            (Some(whole), Vec::new())
        } else {
            (None, changes.files)
        };
        let mut site = self.site.write().unwrap_or_else(|e| e.into_inner());
        match &mut whole {
            Some(files) => std::mem::swap(&mut site.files, files),
            None => {
                for path in &changes.removed {
                    site.files.remove(path);
                }
                site.files.extend(changed.into_iter().map(served));
            }
        }
        site.base_path = base_path.to_string();
        site.content_root = content_root;
        site.version += 1;
        let had_errors = !site.errors.is_empty();
        site.errors.clear();
        let version = site.version;
        drop(site);
        drop(whole);
        if had_errors {
            let _ = self.events.send(Event::Errors(Vec::new()));
        }
        version
    }

    /// Records a failed build's errors (keeping the site) and tells open pages.
    pub fn set_errors(&self, errors: Vec<Diagnostic>) {
        self.site.write().unwrap_or_else(|e| e.into_inner()).errors = errors.clone();
        let _ = self.events.send(Event::Errors(errors));
    }

    /// Tells open pages.
    pub fn send(&self, event: Event) {
        let _ = self.events.send(event);
    }

    /// A receiver for what happens from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.events.subscribe()
    }

    /// Where the site lives now.
    pub fn base_path(&self) -> String {
        let site = self.site.read().unwrap_or_else(|e| e.into_inner());
        if site.base_path.is_empty() {
            "/".to_string()
        } else {
            site.base_path.clone()
        }
    }

    /// The version and errors now.
    pub fn snapshot(&self) -> (u64, Vec<Diagnostic>) {
        let site = self.site.read().unwrap_or_else(|e| e.into_inner());
        (site.version, site.errors.clone())
    }
}
