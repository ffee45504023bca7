//! File watching: notify's raw events turned into a small set of [`Change`]s,
//! debounced, with every editor quirk handled here so the server never sees them.
//!
//! Editors save in many ways: Vim writes a probe file `4913` and a swap file
//! `.x.swp`, then renames; Emacs makes `.#x` lock files and `#x#` autosaves;
//! many editors write a temporary file and rename it over the original (an
//! atomic save), which arrives as a create or rename, not a modify; and one
//! save often makes several events. So: ignored names are dropped, every kind
//! of event on a kept path counts, and events are gathered until the folder
//! has been quiet for a moment.
//!
//! The content folder itself can be replaced: `rm -rf content && cp -r ...`,
//! or a rename swap as `git checkout` may do. A watch follows the folder it
//! was put on (into the bin, or to its new name), so the folder's parent is
//! watched too, and when a folder appears under the content folder's name it
//! is watched afresh and the site rebuilt.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::content::is_ignored;

/// How long the folder must be quiet before a batch of events is handed on.
pub const QUIET: Duration = Duration::from_millis(10);
/// The longest a batch waits while events keep coming.
pub const MAX_WAIT: Duration = Duration::from_millis(250);

/// What changed, as far as rebuilding is concerned.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A file in the content folder (a page or an asset) was written, created or removed.
    Content(PathBuf),
    /// A template changed: every page may look different.
    Template(PathBuf),
    /// A theme static file changed; `css` when it is a stylesheet.
    Static {
        /// The file.
        path: PathBuf,
        /// Whether it is a stylesheet (swapped in place, no reload).
        css: bool,
    },
    /// A shortcode template, or a markdown file pages include from outside
    /// the content folder (`snippets/`) or from its `_includes/`: the pages
    /// that use it render again.
    Reused(PathBuf),
    /// A file in the handbook's `data/` folder changed: any page may show it.
    Data(PathBuf),
    /// `handbook.toml` changed.
    Config,
    /// The repository's HEAD moved (a commit, a checkout, a pull): the
    /// history, and so dates and progress over time, is read again.
    Git,
}

/// The `.git` folder of the repository `dir` is in, looking up from it
/// (a worktree's `.git` file is not followed: its HEAD is not watched).
pub fn git_dir(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().map(|d| d.join(".git")).find(|g| g.is_dir())
}

/// The folders of a handbook that matter, for classifying paths.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The handbook's root, when it has a `handbook.toml`.
    pub config_root: Option<PathBuf>,
    /// The content folder.
    pub content_dir: PathBuf,
    /// The output folder, whose changes are never ours to react to.
    pub output_dir: PathBuf,
    /// The git repository's folder (`.git`) the content is in, if any:
    /// its HEAD and branches are watched.
    pub git_dir: Option<PathBuf>,
}

impl Layout {
    /// What a change to `path` means, or `None` when it does not matter.
    pub fn classify(&self, path: &Path) -> Option<Change> {
        let name = path.file_name()?.to_string_lossy();
        if path.starts_with(&self.output_dir) {
            return None;
        }
        if let Some(git) = &self.git_dir
            && let Ok(rel) = path.strip_prefix(git)
        {
            // HEAD, packed-refs and local branches, not their lock files.
            let rel = rel.to_string_lossy().replace('\\', "/");
            let moved = (rel == "HEAD" || rel == "packed-refs" || rel.starts_with("refs/heads/"))
                && !rel.ends_with(".lock");
            return moved.then_some(Change::Git);
        }
        if let Some(root) = &self.config_root
            && path == root.join(crate::config::CONFIG_FILE)
        {
            return Some(Change::Config);
        }
        let relative_parts = |base: &Path| -> Option<Vec<String>> {
            let rel = path.strip_prefix(base).ok()?;
            Some(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect(),
            )
        };
        if let Some(parts) = relative_parts(&self.content_dir) {
            if parts.iter().any(|p| is_ignored(p)) {
                return None;
            }
            if parts
                .first()
                .is_some_and(|p| p == crate::render::shortcode::INCLUDES)
            {
                return Some(Change::Reused(path.to_path_buf()));
            }
            return Some(Change::Content(path.to_path_buf()));
        }
        if is_ignored(&name) {
            return None;
        }
        let root = self.config_root.as_ref()?;
        if path.starts_with(root.join(crate::content::data::DATA_DIR)) {
            return Some(Change::Data(path.to_path_buf()));
        }
        if path.starts_with(root.join("templates")) {
            return Some(Change::Template(path.to_path_buf()));
        }
        if path.starts_with(root.join(crate::render::shortcode::FOLDER))
            || path.starts_with(root.join(crate::render::shortcode::SNIPPETS))
        {
            return Some(Change::Reused(path.to_path_buf()));
        }
        let parts = relative_parts(&root.join("themes"))?;
        match parts.get(1).map(String::as_str) {
            Some("templates") => Some(Change::Template(path.to_path_buf())),
            Some(crate::render::shortcode::FOLDER) => Some(Change::Reused(path.to_path_buf())),
            Some("static") => Some(Change::Static {
                path: path.to_path_buf(),
                css: name.ends_with(".css"),
            }),
            _ => None,
        }
    }

    /// The folders and files to watch.
    fn roots(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut roots = vec![(self.content_dir.clone(), RecursiveMode::Recursive)];
        if let Some(git) = &self.git_dir {
            roots.push((git.clone(), RecursiveMode::NonRecursive));
            let heads = git.join("refs").join("heads");
            if heads.is_dir() {
                roots.push((heads, RecursiveMode::Recursive));
            }
        }
        if let Some(root) = &self.config_root {
            roots.push((root.clone(), RecursiveMode::NonRecursive));
            for dir in ROOT_FOLDERS.iter().map(|f| root.join(f)) {
                if dir.is_dir() {
                    roots.push((dir, RecursiveMode::Recursive));
                }
            }
        }
        // The content folder's parent, to see the folder itself replaced
        // (already there when it is the handbook's root).
        if let Some(parent) = self.content_dir.parent()
            && self.config_root.as_deref() != Some(parent)
            && !parent.as_os_str().is_empty()
        {
            roots.push((parent.to_path_buf(), RecursiveMode::NonRecursive));
        }
        roots
    }
}

/// Folders of the handbook's root watched as a whole: from the start when
/// they are there, else from when they are made (the root itself is watched,
/// so their creation is seen).
pub const ROOT_FOLDERS: &[&str] = &[
    "templates",
    "themes",
    crate::render::shortcode::FOLDER,
    crate::render::shortcode::SNIPPETS,
    crate::content::data::DATA_DIR,
];

impl Layout {
    /// Whether `path` is one of the [`ROOT_FOLDERS`], as a folder.
    fn is_root_folder(&self, path: &Path) -> bool {
        self.config_root.as_deref().is_some_and(|root| {
            path.parent() == Some(root)
                && path
                    .file_name()
                    .is_some_and(|n| ROOT_FOLDERS.iter().any(|f| n == *f))
                && path.is_dir()
        })
    }
}

/// Watches a handbook; batches of changes arrive on the receiver.
pub struct Watch {
    /// Watching stops when this is dropped.
    pub watcher: Arc<Mutex<RecommendedWatcher>>,
    /// Debounced batches of changes.
    pub changes: Receiver<BTreeSet<Change>>,
}

/// Starts watching `layout`'s folders.
pub fn watch(layout: Layout) -> notify::Result<Watch> {
    let (raw_tx, raw_rx) = channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if matches!(event.kind, notify::EventKind::Access(_)) {
                return;
            }
            for path in event.paths {
                let _ = raw_tx.send(path);
            }
        }
    })?;
    for (path, mode) in layout.roots() {
        watcher.watch(&path, mode)?;
    }
    let watcher = Arc::new(Mutex::new(watcher));
    // Weak: dropping the `Watch` stops the watcher, which ends the thread.
    let rewatch = Arc::downgrade(&watcher);
    let (tx, changes) = channel();
    std::thread::Builder::new()
        .name("handbook-watch".into())
        .spawn(move || debounce(&raw_rx, &tx, &layout, &rewatch))
        .map_err(notify::Error::io)?;
    Ok(Watch { watcher, changes })
}

/// Gathers raw paths into batches: a batch closes after [`QUIET`] without events
/// (or [`MAX_WAIT`] in all). An event on the content folder itself (made,
/// removed, renamed) has it watched again before the batch is handed on.
fn debounce(
    raw: &Receiver<PathBuf>,
    out: &Sender<BTreeSet<Change>>,
    layout: &Layout,
    watcher: &Weak<Mutex<RecommendedWatcher>>,
) {
    while let Ok(first) = raw.recv() {
        let started = Instant::now();
        let mut batch = BTreeSet::new();
        let mut replaced = first == layout.content_dir;
        let mut made: Vec<PathBuf> = Vec::new();
        let mut take = |path: PathBuf, batch: &mut BTreeSet<Change>| {
            if layout.is_root_folder(&path) && !made.contains(&path) {
                made.push(path.clone());
            }
            batch.extend(layout.classify(&path));
        };
        take(first, &mut batch);
        loop {
            let left = MAX_WAIT.saturating_sub(started.elapsed());
            match raw.recv_timeout(QUIET.min(left)) {
                Ok(path) => {
                    replaced |= path == layout.content_dir;
                    take(path, &mut batch);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
            if left.is_zero() {
                break;
            }
        }
        if replaced || !made.is_empty() {
            let Some(watcher) = watcher.upgrade() else {
                return;
            };
            let mut watcher = watcher.lock().unwrap_or_else(PoisonError::into_inner);
            if replaced {
                watch_again(&mut *watcher, &layout.content_dir);
                // The folder's own change rebuilds the whole site (it is no page).
                batch.insert(Change::Content(layout.content_dir.clone()));
            }
            for dir in made {
                // A templates/, themes/ or data/ folder made while serving:
                // watched from now on, and read by the rebuild it starts.
                watch_again(&mut *watcher, &dir);
                batch.insert(layout.classify(&dir).unwrap_or(Change::Template(dir)));
            }
        }
        if !batch.is_empty() && out.send(batch).is_err() {
            return;
        }
    }
}

/// Puts a fresh recursive watch on `content_dir` (the content folder, or a
/// root folder just made): the old one may follow a folder renamed away, or
/// be gone with a removed one. A folder that is not there (yet) is watched
/// when it appears, which its parent's watch reports.
fn watch_again(watcher: &mut impl Watcher, content_dir: &Path) {
    // Not watched any more (notify drops the watch of a folder removed or
    // renamed under a watched parent): nothing to undo.
    let _ = watcher.unwatch(content_dir);
    if content_dir.is_dir()
        && let Err(e) = watcher.watch(content_dir, RecursiveMode::Recursive)
    {
        eprintln!(
            "cannot watch {} again: {e}; restart handbook serve to see changes",
            content_dir.display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        Layout {
            config_root: Some("/h".into()),
            content_dir: "/h/content".into(),
            output_dir: "/h/public".into(),
            git_dir: Some("/h/.git".into()),
        }
    }

    #[test]
    fn a_commit_or_checkout_moves_head_and_nothing_else_in_git_counts() {
        let l = layout();
        for moved in [
            "/h/.git/HEAD",
            "/h/.git/refs/heads/main",
            "/h/.git/packed-refs",
        ] {
            assert_eq!(l.classify(Path::new(moved)), Some(Change::Git), "{moved}");
        }
        for noise in [
            "/h/.git/index",
            "/h/.git/HEAD.lock",
            "/h/.git/refs/remotes/o/main",
            "/h/.git/objects/ab/cd",
        ] {
            assert_eq!(l.classify(Path::new(noise)), None, "{noise}");
        }
    }

    #[test]
    fn can_classify_paths() {
        let l = layout();
        assert_eq!(
            l.classify(Path::new("/h/content/a.md")),
            Some(Change::Content("/h/content/a.md".into()))
        );
        assert_eq!(
            l.classify(Path::new("/h/handbook.toml")),
            Some(Change::Config)
        );
        assert_eq!(
            l.classify(Path::new("/h/templates/page.html")),
            Some(Change::Template("/h/templates/page.html".into()))
        );
        assert_eq!(
            l.classify(Path::new("/h/themes/x/templates/page.html")),
            Some(Change::Template("/h/themes/x/templates/page.html".into()))
        );
        assert_eq!(
            l.classify(Path::new("/h/themes/x/static/style.css")),
            Some(Change::Static {
                path: "/h/themes/x/static/style.css".into(),
                css: true
            })
        );
        assert_eq!(
            l.classify(Path::new("/h/data/org/teams.yaml")),
            Some(Change::Data("/h/data/org/teams.yaml".into()))
        );
        assert_eq!(l.classify(Path::new("/h/data/.team.yaml.swp")), None);
        assert_eq!(l.classify(Path::new("/h/public/index.html")), None);
        assert_eq!(l.classify(Path::new("/h/README.md")), None);
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        let l = layout();
        for p in [
            "/h/content/.a.md.swp",
            "/h/content/a.md~",
            "/h/content/4913",
            "/h/content/.#a.md",
            "/h/content/#a.md#",
            "/h/content/.git/x",
        ] {
            assert_eq!(l.classify(Path::new(p)), None, "{p}");
        }
    }
}
