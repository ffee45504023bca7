//! Git history: when each page last changed and why, from one walk over the
//! repository's history (gix, in process), and who maintains it (CODEOWNERS).
//!
//! Outside a repository, or in a shallow clone (whose history would give
//! wrong dates), there are no dates, and [`History::missing`] says why.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use super::delivery::{Timeline, Version, checklist};

mod tree_diff;

/// The last commit that touched a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastChange {
    /// Its date (`YYYY-MM-DD`, committer time, UTC).
    pub date: String,
    /// Seconds since 1970, for ordering.
    #[serde(skip)]
    pub time: i64,
    /// The commit message's first line; empty when the commit also touched
    /// a file this build leaves out (an internal page), whose subject may
    /// speak of it.
    pub subject: String,
}

/// What the history says about the content folder's files.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The last change of each file, by its path relative to the content folder.
    pub changes: HashMap<String, LastChange>,
    /// Owners of each file, from CODEOWNERS, by path relative to the content folder.
    pub owners: HashMap<String, Vec<String>>,
    /// The progress over time of each tracked page (see analyse/delivery.rs),
    /// by its path relative to the content folder; renamed pages keep the
    /// history of their old names.
    pub delivery: HashMap<String, Timeline>,
    /// Why there are no dates, when there are none.
    pub missing: Option<String>,
    /// The commit the dates were read at, and the files asked about: a
    /// rebuild at the same commit for no new files reuses them.
    head: Option<gix::ObjectId>,
    asked: HashSet<String>,
    tracked: HashSet<String>,
    secret: HashSet<String>,
}

/// Reads the history of the files `wanted` (paths relative to `content_dir`),
/// with the progress over time of those `tracked` (pages with a checklist
/// or `progress`), or takes it from `previous` when HEAD is where it was
/// and no file is new. Commits that also touched a file of `secret` (left
/// out of this build) give their date but not their subject.
pub fn load(
    content_dir: &Path,
    wanted: &[String],
    tracked: &[String],
    secret: &[String],
    previous: Option<&History>,
) -> History {
    load_cached(content_dir, wanted, tracked, secret, previous, None)
}

/// [`load`], reading and writing the walk's result in the cache file
/// `cache` (see analyse/history_cache.rs) when given.
pub fn load_cached(
    content_dir: &Path,
    wanted: &[String],
    tracked: &[String],
    secret: &[String],
    previous: Option<&History>,
    cache: Option<&Path>,
) -> History {
    let mut history = History::default();
    let content = content_dir
        .canonicalize()
        .unwrap_or_else(|_| content_dir.to_path_buf());
    let repo = match gix::discover(&content) {
        // Each tree is read twice (as a commit's and as its child's parent's): cache objects.
        Ok(mut repo) => {
            repo.object_cache_size_if_unset(32 * 1024 * 1024);
            // Older versions of a page are stored as deltas against newer
            // ones, which the walk (newest first) has just read: keeping
            // those decoded makes each older version one delta to apply,
            // not a chain of them from the newest.
            repo.objects.set_pack_cache(|| {
                Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
                    64 * 1024 * 1024,
                ))
            });
            repo
        }
        Err(_) => {
            history.missing = Some(
                "the handbook is not in a git repository, so pages have no \"last updated\" dates"
                    .into(),
            );
            return history;
        }
    };
    let Some(workdir) = repo.workdir().and_then(|w| w.canonicalize().ok()) else {
        history.missing = Some("the git repository has no working tree".into());
        return history;
    };
    let Ok(prefix) = content.strip_prefix(&workdir).map(Path::to_path_buf) else {
        history.missing = Some("the content folder is outside the git working tree".into());
        return history;
    };
    history.owners = codeowners(&workdir, &prefix, wanted);
    if repo.is_shallow().unwrap_or(false) {
        history.missing = Some(
            "the git repository is a shallow clone, whose history would give wrong dates; fetch it all (git fetch --unshallow) to show them".into(),
        );
        return history;
    }
    let head = repo.head_id().ok().map(|id| id.detach());
    if let Some(previous) = previous
        && previous.head.is_some()
        && previous.head == head
        && wanted.iter().all(|w| previous.asked.contains(w))
        && tracked.iter().all(|t| previous.tracked.contains(t))
        && secret.len() == previous.secret.len()
        && secret.iter().all(|s| previous.secret.contains(s))
    {
        history.changes = previous.changes.clone();
        history.delivery = previous.delivery.clone();
    } else {
        let head_hex = head.map(|h| h.to_string());
        let key = super::history_cache::key(&prefix, wanted, tracked, secret);
        let stored = cache
            .zip(head_hex.as_deref())
            .and_then(|(file, head)| super::history_cache::read(file, head, key));
        let walked = match stored {
            Some(walked) => Ok(walked),
            None => walk(&repo, &prefix, wanted, tracked, secret).inspect(|walked| {
                if let (Some(file), Some(head)) = (cache, head_hex.as_deref()) {
                    super::history_cache::write(file, head, key, walked);
                }
            }),
        };
        match walked {
            Ok((changes, delivery)) => {
                history.changes = changes;
                history.delivery = delivery;
            }
            Err(e) => history.missing = Some(format!("the git history could not be read: {e}")),
        }
    }
    history.head = head;
    history.asked = wanted.iter().cloned().collect();
    history.tracked = tracked.iter().cloned().collect();
    history.secret = secret.iter().cloned().collect();
    history
}

use super::history_cache::Walked;

/// One pass from HEAD back: each commit's tree is compared with its first
/// parent's, and the first (newest) commit to touch a wanted file is its
/// last change. Each version of a tracked page is read under the name it
/// had then (renames are followed as git follows them, by similar
/// content); a page's history ends at the commit that added it. Stops as
/// soon as every wanted file has a last change and every tracked page its
/// first commit.
///
/// The commits come in chunks (see [`FIRST_CHUNK`]), each chunk's diffs made in
/// parallel (a diff needs nothing of the others) and then read in order;
/// the tracked pages' versions are read last, a page per task, newest
/// first, so each older version is one delta from the one just read.
fn walk(
    repo: &gix::Repository,
    prefix: &Path,
    wanted: &[String],
    tracked: &[String],
    secret: &[String],
) -> Result<Walked, String> {
    use rayon::prelude::*;
    let secret: HashSet<&str> = secret.iter().map(String::as_str).collect();
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let prefix = prefix.to_string_lossy().replace('\\', "/");
    let folder: Vec<&str> = prefix.split('/').filter(|p| !p.is_empty()).collect();
    let prefix = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}/")
    };
    let mut open: HashSet<&str> = wanted.iter().map(String::as_str).collect();
    let mut changes = HashMap::with_capacity(wanted.len());
    // A tracked page's name at the commit being read -> its name now.
    let mut alias: HashMap<String, String> =
        tracked.iter().map(|t| (t.clone(), t.clone())).collect();
    // Each tracked page's versions, newest first: the blob and its commit.
    let mut reads: HashMap<String, Vec<(gix::ObjectId, usize)>> = HashMap::new();
    let mut commits: Vec<Commit> = Vec::new();
    let head = match repo.head_id() {
        Ok(id) => id.detach(),
        Err(_) => return Ok((changes, HashMap::new())), // no commit yet
    };
    let mut walk = repo
        .rev_walk([head])
        .sorting(gix::revision::walk::Sorting::ByCommitTime(
            Default::default(),
        ))
        .all()
        .map_err(|e| err(&e))?;
    let shared = repo.clone().into_sync();
    let repos = ThreadRepos::new(&shared);
    let mut chunk_len = FIRST_CHUNK;
    loop {
        if open.is_empty() && alias.is_empty() {
            break;
        }
        let mut chunk = Vec::with_capacity(chunk_len);
        for info in walk.by_ref().take(chunk_len) {
            let info = info.map_err(|e| err(&e))?;
            chunk.push((info.id, info.parent_ids.first().copied()));
        }
        if chunk.is_empty() {
            break;
        }
        let rewrites = !alias.is_empty();
        let diffed: Vec<Result<Diffed, String>> = chunk
            .par_iter()
            .with_min_len(chunk.len().div_ceil(repos.slots.len()))
            .map(|&(id, parent)| {
                repos.with(|worker| diff(worker, id, parent, (&folder, &prefix), rewrites))
            })
            .collect();
        chunk_len = (chunk_len * 2).min(LAST_CHUNK);
        for d in diffed {
            let d = d?;
            let mut touched = Vec::new();
            let mut touched_secret = false;
            let mut renamed: Vec<(String, String)> = Vec::new();
            let mut added: Vec<String> = Vec::new();
            let mut read = Vec::new();
            for change in &d.changes {
                let rel = change.location.as_str();
                if open.contains(rel) {
                    touched.push(rel);
                }
                touched_secret |= secret.contains(rel);
                let Some(now) = alias.get(rel) else {
                    continue;
                };
                read.push((now.clone(), change.id));
                match &change.kind {
                    ChangeKind::Added => added.push(rel.to_string()),
                    ChangeKind::Modified => {}
                    ChangeKind::Renamed(Some(from)) => {
                        renamed.push((from.clone(), rel.to_string()));
                    }
                    ChangeKind::Renamed(None) => added.push(rel.to_string()),
                }
            }
            if !read.is_empty() {
                let at = commits.len();
                commits.push(Commit {
                    time: d.time,
                    short: d.id.to_hex_with_len(7).to_string(),
                    author: d.author.clone(),
                });
                for (now, id) in read {
                    reads.entry(now).or_default().push((id, at));
                }
                // Older commits knew each renamed page by its old name.
                for (from, to) in renamed {
                    if let Some(now) = alias.remove(&to) {
                        alias.insert(from, now);
                    }
                }
                for born in added {
                    alias.remove(&born);
                }
            }
            if touched.is_empty() {
                continue;
            }
            let change = LastChange {
                date: date(d.time),
                time: d.time,
                subject: if touched_secret {
                    String::new()
                } else {
                    d.subject.clone()
                },
            };
            for rel in touched {
                if let Some(key) = open.take(rel) {
                    changes.insert(key.to_string(), change.clone());
                }
            }
        }
    }
    let reads: Vec<(String, Vec<(gix::ObjectId, usize)>)> = reads.into_iter().collect();
    let delivery = reads
        .into_par_iter()
        .map(|(page, newest_first)| {
            repos.with(|worker| {
                let repo = &worker.repo;
                let mut versions: Vec<Version> = newest_first
                    .iter()
                    .filter_map(|&(id, at)| {
                        let object = repo.find_object(id).ok()?;
                        let text = String::from_utf8_lossy(&object.data);
                        let commit = &commits[at];
                        Some(Version {
                            time: commit.time,
                            commit: commit.short.clone(),
                            author: commit.author.clone(),
                            checklist: checklist(&text),
                        })
                    })
                    .collect();
                versions.reverse();
                (page, Timeline::from_versions(&versions))
            })
        })
        .collect();
    Ok((changes, delivery))
}

/// How many commits are diffed at once (in parallel, each thread a run of
/// consecutive commits) before the walk looks whether it is done: few at
/// first, as most handbooks' dates are all found in their last commits,
/// then twice as many each time, up to [`LAST_CHUNK`]. A thread's caches
/// hold the trees it just read, which the next, older commit mostly
/// shares: a new run costs decoding those trees again, so a long walk
/// wants long runs.
const FIRST_CHUNK: usize = 64;
const LAST_CHUNK: usize = 1024;

/// A commit that wrote a version of a tracked page.
struct Commit {
    time: i64,
    short: String,
    author: String,
}

/// A commit's changes to files of the content folder.
struct Diffed {
    id: gix::ObjectId,
    time: i64,
    subject: String,
    author: String,
    changes: Vec<FileChange>,
}

/// A file the commit added, modified or renamed (a deletion is nothing
/// the walk reads: the file's last version is in an older commit).
struct FileChange {
    /// Its path in the content folder, after the commit.
    location: String,
    /// Its blob after the commit.
    id: gix::ObjectId,
    kind: ChangeKind,
}

enum ChangeKind {
    Added,
    Modified,
    /// Renamed from a file of the content folder (`None`: from outside it,
    /// or a copy: a new page here).
    Renamed(Option<String>),
}

/// Each rayon thread's own handle on the repository, kept for the whole
/// walk: its caches hold the trees and delta bases the thread decoded, and
/// the next commit it diffs mostly needs them (a fresh handle per rayon
/// job would start cold every few commits).
struct ThreadRepos {
    slots: Vec<std::sync::Mutex<Option<Worker>>>,
    shared: gix::ThreadSafeRepository,
}

/// A thread's handle on the repository and the buffers its diffs reuse.
struct Worker {
    repo: gix::Repository,
    buffers: Vec<Vec<u8>>,
}

impl ThreadRepos {
    fn new(shared: &gix::ThreadSafeRepository) -> ThreadRepos {
        ThreadRepos {
            slots: (0..rayon::current_num_threads().max(1))
                .map(|_| std::sync::Mutex::new(None))
                .collect(),
            shared: shared.clone(),
        }
    }

    /// Runs `work` with the calling thread's handle (made on first use;
    /// a thread outside the pool gets a handle of its own). `work` must not
    /// wait on rayon: the slot stays locked while it runs.
    fn with<T>(&self, work: impl FnOnce(&mut Worker) -> T) -> T {
        let worker = || Worker {
            repo: thread_repo(&self.shared),
            buffers: Vec::new(),
        };
        let slot = rayon::current_thread_index().and_then(|i| self.slots.get(i));
        match slot {
            Some(slot) => {
                let mut guard = slot.lock().unwrap_or_else(|p| p.into_inner());
                work(guard.get_or_insert_with(worker))
            }
            None => work(&mut worker()),
        }
    }
}

/// A thread's own handle on the repository, with the walk's caches.
fn thread_repo(shared: &gix::ThreadSafeRepository) -> gix::Repository {
    let mut repo = shared.to_thread_local();
    repo.object_cache_size_if_unset(4 * 1024 * 1024);
    repo.objects.set_pack_cache(|| {
        Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
            8 * 1024 * 1024,
        ))
    });
    repo
}

/// The changes commit `id` made to the content folder (`folder`, its
/// path's parts from the repository's root; `prefix`, that path with a
/// slash) against its first parent. When `rewrites` and the commit both
/// deleted and added a file there, it is diffed again with git's rename
/// detection, which sets up attributes and a blob cache on every call:
/// most commits rename nothing, and are diffed without it.
fn diff(
    worker: &mut Worker,
    id: gix::ObjectId,
    parent: Option<gix::ObjectId>,
    (folder, prefix): (&[&str], &str),
    rewrites: bool,
) -> Result<Diffed, String> {
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let repo = &worker.repo;
    let commit = repo.find_commit(id).map_err(|e| err(&e))?;
    let tree = commit.tree_id().map_err(|e| err(&e))?.detach();
    let parent_tree = match parent {
        Some(parent) => Some(
            repo.find_commit(parent)
                .and_then(|p| p.tree_id())
                .map_err(|e| err(&e))?
                .detach(),
        ),
        None => None,
    };
    let found = tree_diff::folder_changes(
        &repo.objects,
        parent_tree,
        tree,
        folder,
        &mut worker.buffers,
    )?;
    let mut changes = found.files;
    let added = changes.iter().any(|c| matches!(c.kind, ChangeKind::Added));
    if rewrites && found.deleted && added {
        let tree = repo.find_tree(tree).map_err(|e| err(&e))?;
        let parent_tree = match parent_tree {
            Some(id) => repo.find_tree(id).map_err(|e| err(&e))?,
            None => repo.empty_tree(),
        };
        changes = renamed(&parent_tree, &tree, prefix)?;
    }
    let (subject, author) = if changes.is_empty() {
        (String::new(), String::new())
    } else {
        (
            commit
                .message()
                .map(|m| m.summary().to_string())
                .unwrap_or_default(),
            commit
                .author()
                .map(|a| a.name.to_string())
                .unwrap_or_default(),
        )
    };
    Ok(Diffed {
        id,
        time: commit.time().map(|t| t.seconds).unwrap_or(0),
        subject,
        author,
        changes,
    })
}

/// The files under `prefix` that `new` adds, modifies or renames against
/// `old`, renames found as git finds them (by similar content).
fn renamed(
    old: &gix::Tree<'_>,
    new: &gix::Tree<'_>,
    prefix: &str,
) -> Result<Vec<FileChange>, String> {
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let mut changes = Vec::new();
    old.changes()
        .map_err(|e| err(&e))?
        .options(|o| {
            o.track_path()
                .track_rewrites(Some(gix::diff::Rewrites::default()));
        })
        .for_each_to_obtain_tree(new, |change| {
            use gix::object::tree::diff::Change;
            let location = change.location().to_string();
            let Some(rel) = location.strip_prefix(prefix) else {
                return Ok(std::ops::ControlFlow::Continue(()));
            };
            let (id, kind) = match change {
                Change::Addition { id, entry_mode, .. } if !entry_mode.is_tree() => {
                    (id.detach(), ChangeKind::Added)
                }
                Change::Modification { id, entry_mode, .. } if !entry_mode.is_tree() => {
                    (id.detach(), ChangeKind::Modified)
                }
                Change::Rewrite {
                    source_location,
                    id,
                    copy,
                    ..
                } => {
                    let source = source_location.to_string();
                    let from = source
                        .strip_prefix(prefix)
                        .filter(|_| !copy)
                        .map(String::from);
                    (id.detach(), ChangeKind::Renamed(from))
                }
                _ => return Ok(std::ops::ControlFlow::Continue(())),
            };
            changes.push(FileChange {
                location: rel.to_string(),
                id,
                kind,
            });
            Ok(std::ops::ControlFlow::Continue(()))
        })
        .map_err(|e| err(&e))?;
    Ok(changes)
}

/// Owners from the repository's CODEOWNERS: the last matching line wins, as on GitHub.
fn codeowners(workdir: &Path, prefix: &Path, wanted: &[String]) -> HashMap<String, Vec<String>> {
    let mut owners = HashMap::new();
    let Some(text) = [
        "CODEOWNERS",
        ".github/CODEOWNERS",
        "docs/CODEOWNERS",
        ".gitlab/CODEOWNERS",
    ]
    .iter()
    .find_map(|f| std::fs::read_to_string(workdir.join(f)).ok()) else {
        return owners;
    };
    let rules: Vec<(globset::GlobMatcher, Vec<String>)> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('['))
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            let pattern = parts.next()?;
            let names: Vec<String> = parts
                .take_while(|p| !p.starts_with('#'))
                .map(String::from)
                .collect();
            Some((codeowners_glob(pattern)?, names))
        })
        .collect();
    let prefix = prefix.to_string_lossy().replace('\\', "/");
    for rel in wanted {
        let repo_path = if prefix.is_empty() {
            rel.clone()
        } else {
            format!("{prefix}/{rel}")
        };
        if let Some((_, names)) = rules
            .iter()
            .rev()
            .find(|(glob, _)| glob.is_match(&repo_path))
            && !names.is_empty()
        {
            owners.insert(rel.clone(), names.clone());
        }
    }
    owners
}

/// A CODEOWNERS pattern (gitignore style) as a glob over repository paths.
fn codeowners_glob(pattern: &str) -> Option<globset::GlobMatcher> {
    let anchored = pattern.starts_with('/') || pattern.trim_end_matches('/').contains('/');
    let body = pattern.trim_start_matches('/');
    let mut glob = if anchored {
        body.to_string()
    } else {
        format!("**/{body}")
    };
    if glob.ends_with('/') {
        glob.push_str("**");
    } else if !glob.ends_with("**") {
        // A name matches the file itself or anything below a folder of that name.
        glob = format!("{{{glob},{glob}/**}}");
    }
    globset::GlobBuilder::new(&glob)
        .literal_separator(true)
        .build()
        .ok()
        .map(|g| g.compile_matcher())
}

/// Seconds since 1970 (UTC) as `YYYY-MM-DD` (Howard Hinnant's civil-from-days).
pub fn date(seconds: i64) -> String {
    let z = seconds.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_format_dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_709_164_800), "2024-02-29");
    }

    #[test]
    fn codeowners_patterns_match_like_github() {
        let m = |p: &str, path: &str| codeowners_glob(p).unwrap().is_match(path);
        assert!(m("*.md", "content/a/b.md"));
        assert!(m("/content/people/", "content/people/x/y.md"));
        assert!(!m("/content/people/", "content/peopleops/y.md"));
        assert!(m("docs", "x/docs/a.md"));
        assert!(m("content/people/hiring.md", "content/people/hiring.md"));
        assert!(!m("/hiring.md", "content/hiring.md"));
    }
}
