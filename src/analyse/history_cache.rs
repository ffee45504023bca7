//! The history walk's result kept between builds, in
//! `.handbook-cache/history.json` beside `handbook.toml`: a build at the
//! commit the file was written for, asking about the same files, reads it
//! instead of walking the history again (a repository's whole history is
//! read for the pages with progress, and a rebuild at the same commit
//! would read it all again).
//!
//! The file names the commit, the version of handbook that wrote it and a
//! fingerprint of the files asked about; anything else (another commit, a
//! file from another version, a damaged or unreadable file) is a miss, and
//! the walk runs as if there were none. Writing it is best effort: a full
//! disk or a read-only folder costs the next build a walk, nothing else.
//! The file is replaced whole (written beside it, then renamed), so a
//! killed build never leaves half of one.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::delivery::Timeline;
use super::history::LastChange;

/// Where the cache is, from the handbook's root.
pub const FILE: &str = ".handbook-cache/history.json";

/// What the file holds and how the walk read it: raised whenever either
/// changes, so that no build reads what an older walk meant.
const FORMAT: u32 = 2;

/// What the walk found: each wanted file's last change, each tracked
/// page's timeline.
pub type Walked = (HashMap<String, LastChange>, HashMap<String, Timeline>);

#[derive(Serialize, Deserialize)]
struct Stored {
    /// [`FORMAT`] when written.
    format: u32,
    /// handbook's version: another version's file is not read.
    handbook: String,
    /// The commit (hex) the history was read at.
    head: String,
    /// A fingerprint of the content folder's place and the files asked about.
    key: u64,
    /// path -> (date, time, subject).
    changes: HashMap<String, (String, i64, String)>,
    delivery: HashMap<String, Timeline>,
}

/// The fingerprint of what a walk was asked.
pub fn key(prefix: &Path, wanted: &[String], tracked: &[String], secret: &[String]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    prefix.hash(&mut h);
    for list in [wanted, tracked, secret] {
        let mut sorted: Vec<&String> = list.iter().collect();
        sorted.sort_unstable();
        sorted.len().hash(&mut h);
        for s in sorted {
            s.hash(&mut h);
        }
    }
    h.finish()
}

/// The walk's result stored for `head` and `key`, when the file has it.
pub fn read(file: &Path, head: &str, key: u64) -> Option<Walked> {
    let bytes = std::fs::read(file).ok()?;
    let stored: Stored = serde_json::from_slice(&bytes).ok()?;
    if stored.format != FORMAT
        || stored.handbook != env!("CARGO_PKG_VERSION")
        || stored.head != head
        || stored.key != key
    {
        return None;
    }
    let changes = stored
        .changes
        .into_iter()
        .map(|(path, (date, time, subject))| {
            (
                path,
                LastChange {
                    date,
                    time,
                    subject,
                },
            )
        })
        .collect();
    Some((changes, stored.delivery))
}

/// Stores the walk's result for `head` and `key` (best effort).
pub fn write(file: &Path, head: &str, key: u64, walked: &Walked) {
    let stored = Stored {
        format: FORMAT,
        handbook: env!("CARGO_PKG_VERSION").to_string(),
        head: head.to_string(),
        key,
        changes: walked
            .0
            .iter()
            .map(|(p, c)| (p.clone(), (c.date.clone(), c.time, c.subject.clone())))
            .collect(),
        delivery: walked.1.clone(),
    };
    if let Ok(json) = serde_json::to_vec(&stored) {
        let _ = crate::cache_file::write_whole(file, &json);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_walk_is_read_back_only_for_its_commit_and_question() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join(FILE);
        let mut changes = HashMap::new();
        changes.insert(
            "a.md".to_string(),
            LastChange {
                date: "2026-01-02".into(),
                time: 1_767_312_000,
                subject: "Edit".into(),
            },
        );
        let walked: Walked = (changes, HashMap::new());
        let k = key(Path::new("content"), &["a.md".into()], &[], &[]);
        write(&file, "abc", k, &walked);
        let (back, _) = read(&file, "abc", k).expect("a hit");
        assert_eq!(back["a.md"].time, 1_767_312_000);
        assert!(read(&file, "def", k).is_none(), "another commit");
        assert!(read(&file, "abc", k + 1).is_none(), "other files");
        std::fs::write(&file, "{ damaged").expect("damage it");
        assert!(read(&file, "abc", k).is_none(), "a damaged file is a miss");
    }
}
