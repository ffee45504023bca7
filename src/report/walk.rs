//! The report's own pass over git: only the commits since its date, newest
//! first (cheap: a week is a handful of commits), for what the build's walk
//! does not keep: pages added and removed, and every page's `status` and
//! `horizon` moves (the build's walk reads those of pages with progress only).
//!
//! Files are followed across renames as git follows them (similar content),
//! so a page renamed in the window is neither added nor removed, and its
//! moves under its old name count for its name now.

use std::collections::HashMap;
use std::path::Path;

use gix::object::tree::diff::Change;

use crate::analyse::delivery::front_value;
use crate::analyse::history;

/// What the commits since the report's date did to one page (a file's
/// lineage, whatever its names).
#[derive(Debug, Clone, Default)]
pub struct Lineage {
    /// Its name at HEAD, or its name when it was deleted.
    pub name: String,
    /// It was added in the window (its oldest change is its addition).
    pub added: Option<Stamp>,
    /// It was deleted in the window (its newest change is its deletion):
    /// when, and the file's text before.
    pub removed: Option<(Stamp, String)>,
    /// Its `status` and `horizon` changes, oldest first.
    pub moves: Vec<Move>,
}

/// When and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// Seconds since 1970.
    pub time: i64,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The commit's author.
    pub author: String,
}

/// A frontmatter value a commit changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// `status` or `horizon`.
    pub field: &'static str,
    /// The value before, when there was one.
    pub from: Option<String>,
    /// The value after.
    pub to: Option<String>,
    /// The commit.
    pub stamp: Stamp,
}

/// A lineage as the walk reads it: its name at the newest commit that
/// touched it, and its events, newest first.
struct Seen {
    name: String,
    events: Vec<(Stamp, Event)>,
    moves: Vec<Move>,
}

/// A file one commit touched: its lineage, what happened, and its text
/// before and after when it was changed.
type Touched = (usize, Event, Option<(String, String)>);

/// What happened to one file in one commit, newest first.
enum Event {
    Added,
    Removed(String),
    Changed,
}

/// Every page file's lineage changed by the commits from HEAD back to
/// `since` (seconds, inclusive), under the content folder `content_dir`;
/// `Err` says why there is none.
pub fn since(content_dir: &Path, since: i64) -> Result<Vec<Lineage>, String> {
    let content = content_dir
        .canonicalize()
        .unwrap_or_else(|_| content_dir.to_path_buf());
    let repo = gix::discover(&content).map_err(|e| e.to_string())?;
    let workdir = repo
        .workdir()
        .and_then(|w| w.canonicalize().ok())
        .ok_or("the git repository has no working tree")?;
    let prefix = content
        .strip_prefix(&workdir)
        .map_err(|_| "the content folder is outside the git working tree")?
        .to_string_lossy()
        .replace('\\', "/");
    let prefix = if prefix.is_empty() {
        prefix
    } else {
        format!("{prefix}/")
    };
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let Ok(head) = repo.head_id() else {
        return Ok(Vec::new()); // no commit yet
    };
    let walk = repo
        .rev_walk([head.detach()])
        .sorting(gix::revision::walk::Sorting::ByCommitTimeCutoff {
            order: Default::default(),
            seconds: since,
        })
        .all()
        .map_err(|e| err(&e))?;
    // Each lineage's name at the commit being read, and its events.
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut lineages: Vec<Seen> = Vec::new();
    let text_of = |id: gix::Id<'_>| -> String {
        id.object()
            .map(|o| String::from_utf8_lossy(&o.data).into_owned())
            .unwrap_or_default()
    };
    for info in walk {
        let info = info.map_err(|e| err(&e))?;
        let commit = info.object().map_err(|e| err(&e))?;
        let time = commit.time().map(|t| t.seconds).unwrap_or(0);
        if time < since {
            continue;
        }
        let tree = commit.tree().map_err(|e| err(&e))?;
        let parent_tree = match commit.parent_ids().next() {
            Some(parent) => parent
                .object()
                .map_err(|e| err(&e))?
                .into_commit()
                .tree()
                .map_err(|e| err(&e))?,
            None => repo.empty_tree(),
        };
        let stamp = Stamp {
            time,
            date: history::date(time),
            author: commit
                .author()
                .map(|a| a.name.to_string())
                .unwrap_or_default(),
        };
        let mut lineage = |names: &mut HashMap<String, usize>, name: &str| -> usize {
            *names.entry(name.to_string()).or_insert_with(|| {
                lineages.push(Seen {
                    name: name.to_string(),
                    events: Vec::new(),
                    moves: Vec::new(),
                });
                lineages.len() - 1
            })
        };
        let page = |location: &gix::bstr::BStr| -> Option<String> {
            let location = location.to_string();
            let rel = location.strip_prefix(&prefix)?;
            rel.ends_with(".md").then(|| rel.to_string())
        };
        let mut found: Vec<Touched> = Vec::new();
        parent_tree
            .changes()
            .map_err(|e| err(&e))?
            .options(|o| {
                o.track_path()
                    .track_rewrites(Some(gix::diff::Rewrites::default()));
            })
            .for_each_to_obtain_tree(&tree, |change| {
                if !change.entry_mode().is_blob() {
                    return Ok(std::ops::ControlFlow::Continue(()));
                }
                match change {
                    Change::Addition { location, .. } => {
                        if let Some(rel) = page(location) {
                            let l = lineage(&mut names, &rel);
                            // Before it was added, that name was another file's.
                            names.remove(&rel);
                            found.push((l, Event::Added, None));
                        }
                    }
                    Change::Deletion { location, id, .. } => {
                        if let Some(rel) = page(location) {
                            let l = lineage(&mut names, &rel);
                            found.push((l, Event::Removed(text_of(id)), None));
                        }
                    }
                    Change::Modification {
                        location,
                        previous_id,
                        id,
                        ..
                    } => {
                        if let Some(rel) = page(location) {
                            let l = lineage(&mut names, &rel);
                            found.push((
                                l,
                                Event::Changed,
                                Some((text_of(previous_id), text_of(id))),
                            ));
                        }
                    }
                    Change::Rewrite {
                        source_location,
                        source_id,
                        location,
                        id,
                        copy,
                        ..
                    } => {
                        let Some(rel) = page(location) else {
                            return Ok(std::ops::ControlFlow::Continue(()));
                        };
                        let l = lineage(&mut names, &rel);
                        names.remove(&rel);
                        match page(source_location) {
                            // Older commits knew it by its old name.
                            Some(from) if !copy => {
                                names.insert(from, l);
                                found.push((
                                    l,
                                    Event::Changed,
                                    Some((text_of(source_id), text_of(id))),
                                ));
                            }
                            _ => found.push((l, Event::Added, None)),
                        }
                    }
                }
                Ok(std::ops::ControlFlow::Continue(()))
            })
            .map_err(|e| err(&e))?;
        for (l, event, texts) in found {
            if let Some((before, after)) = texts {
                lineages[l].moves.extend(moves(&before, &after, &stamp));
            }
            lineages[l].events.push((stamp.clone(), event));
        }
    }
    Ok(lineages
        .into_iter()
        .map(
            |Seen {
                 name,
                 events,
                 mut moves,
             }| {
                // Events are newest first: the newest says whether it is there
                // now, the oldest whether it was there before.
                let removed = match events.first() {
                    Some((stamp, Event::Removed(text))) => Some((stamp.clone(), text.clone())),
                    _ => None,
                };
                let added = match events.last() {
                    Some((stamp, Event::Added)) => Some(stamp.clone()),
                    _ => None,
                };
                moves.sort_by_key(|m| m.stamp.time);
                Lineage {
                    name,
                    added,
                    removed,
                    moves,
                }
            },
        )
        .collect())
}

/// The `status` and `horizon` changes between two versions of a page.
fn moves(before: &str, after: &str, stamp: &Stamp) -> Vec<Move> {
    let (b, a) = (front_values(before), front_values(after));
    ["status", "horizon"]
        .into_iter()
        .zip(b.into_iter().zip(a))
        .filter(|(_, (b, a))| b != a)
        .map(|(field, (from, to))| Move {
            field,
            from,
            to,
            stamp: stamp.clone(),
        })
        .collect()
}

/// A version's `status` and `horizon`, read as the build's history reads
/// `status` (a line of the frontmatter, YAML or TOML).
fn front_values(text: &str) -> [Option<String>; 2] {
    let front = match crate::content::frontmatter::split(text) {
        Ok(split) => split.front.map(|(_, f)| f),
        Err(_) => None,
    };
    ["status", "horizon"].map(|key| front.and_then(|f| front_value(f, key)))
}
