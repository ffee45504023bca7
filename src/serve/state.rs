//! What the dev server serves: the last good build, in memory, and the
//! errors of the latest build, with a channel that tells open pages.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::RwLock;

use tokio::sync::broadcast;

use crate::error::Diagnostic;
use crate::output::{Contents, OutputFile};
use crate::site::SiteChanges;

/// One file the server can send.
#[derive(Debug, Clone)]
pub enum Served {
    /// Rendered bytes.
    Bytes(bytes::Bytes),
    /// A file copied from the content folder, read when asked for.
    File(PathBuf),
    /// Being made again after an edit (see site/changes.rs, deferred
    /// files): a request waits for it; the version before, should making
    /// it fail.
    Pending(Option<Box<Served>>),
}

impl From<Contents> for Served {
    /// A build's file as the server keeps it.
    fn from(contents: Contents) -> Served {
        match contents {
            Contents::Bytes(b) => Served::Bytes(b),
            Contents::Copy(p) => Served::File(p),
        }
    }
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
    /// Woken when pending files are in place.
    settled: tokio::sync::Notify,
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
            settled: tokio::sync::Notify::new(),
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
        let served = |f: OutputFile| (f.path, Served::from(f.contents));
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
        for path in changes.deferred {
            let before = site.files.remove(&path).map(|old| match old {
                Served::Pending(before) => before,
                old => Some(Box::new(old)),
            });
            site.files.insert(path, Served::Pending(before.flatten()));
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

    /// Puts the deferred files a build has now made in place of the
    /// pending ones, and wakes the requests waiting for them. A pending
    /// file `files` does not have goes back to its version before (none:
    /// gone): `settle` failed, and its errors are reported apart.
    pub fn settle(&self, files: Vec<OutputFile>) {
        let mut site = self.site.write().unwrap_or_else(|e| e.into_inner());
        for f in files {
            site.files.insert(f.path, Served::from(f.contents));
        }
        let pending: Vec<String> = site
            .files
            .iter()
            .filter(|(_, f)| matches!(f, Served::Pending(_)))
            .map(|(path, _)| path.clone())
            .collect();
        for path in pending {
            if let Some(Served::Pending(before)) = site.files.remove(&path)
                && let Some(before) = before
            {
                site.files.insert(path, *before);
            }
        }
        drop(site);
        self.settled.notify_waiters();
    }

    /// Waits until no file is pending (at most `limit`).
    pub async fn wait_settled(&self, limit: std::time::Duration) {
        let notified = self.settled.notified();
        tokio::pin!(notified);
        // Registered before looking, so that a settle in between still wakes it.
        notified.as_mut().enable();
        let pending = {
            let site = self.site.read().unwrap_or_else(|e| e.into_inner());
            site.files.values().any(|f| matches!(f, Served::Pending(_)))
        };
        if pending {
            let _ = tokio::time::timeout(limit, notified).await;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(bytes::Bytes::copy_from_slice(text.as_bytes())),
        }
    }

    fn changes(files: Vec<OutputFile>, deferred: &[&str], full: bool) -> SiteChanges {
        SiteChanges {
            full,
            files,
            removed: Vec::new(),
            pages: 1,
            warnings: Vec::new(),
            deferred: deferred.iter().map(|d| d.to_string()).collect(),
        }
    }

    fn text(shared: &Shared, path: &str) -> Option<String> {
        let site = shared.site.read().unwrap();
        match site.files.get(path)? {
            Served::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
            Served::Pending(_) => Some("(pending)".into()),
            Served::File(_) => None,
        }
    }

    #[test]
    fn a_deferred_file_is_pending_until_settled_and_falls_back_when_not_made() {
        let shared = Shared::new();
        let dir = std::path::Path::new(".");
        shared.publish(
            changes(vec![file("a.html", "a1"), file("d.html", "d1")], &[], true),
            "/",
            dir,
        );
        shared.publish(
            changes(vec![file("a.html", "a2")], &["d.html"], false),
            "/",
            dir,
        );
        assert_eq!(text(&shared, "a.html").as_deref(), Some("a2"));
        assert_eq!(text(&shared, "d.html").as_deref(), Some("(pending)"));
        shared.settle(vec![file("d.html", "d2")]);
        assert_eq!(text(&shared, "d.html").as_deref(), Some("d2"));
        // Deferred again, and settle fails to make it: the version before.
        shared.publish(changes(vec![], &["d.html"], false), "/", dir);
        shared.settle(Vec::new());
        assert_eq!(text(&shared, "d.html").as_deref(), Some("d2"));
    }

    #[test]
    fn a_request_waiting_for_a_pending_file_wakes_when_it_is_made() {
        let shared = Arc::new(Shared::new());
        let dir = std::path::Path::new(".");
        shared.publish(changes(vec![file("d.html", "d1")], &[], true), "/", dir);
        shared.publish(changes(vec![], &["d.html"], false), "/", dir);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let waiter = Arc::clone(&shared);
        let settler = Arc::clone(&shared);
        let started = std::time::Instant::now();
        runtime.block_on(async move {
            let wait = tokio::spawn(async move {
                waiter
                    .wait_settled(std::time::Duration::from_secs(20))
                    .await;
            });
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            settler.settle(vec![file("d.html", "d2")]);
            wait.await.unwrap();
        });
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert_eq!(text(&shared, "d.html").as_deref(), Some("d2"));
    }
}
