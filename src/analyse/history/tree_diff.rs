//! The files of one folder that a commit added, modified or deleted against
//! its parent, as cheaply as the walk over every commit needs: the two
//! trees' entries are merged in git's own order (one pass, no sorting),
//! only the folder and the subfolders whose ids differ are read, each into
//! a buffer used again, and a path is written out only for a changed file.
//! Renames are git's rename detection's job (history.rs asks for it only
//! when a commit both deletes and adds).

use std::cmp::Ordering;

use gix::ObjectId;
use gix::objs::FindExt;
use gix::objs::tree::{EntryRef, name_order};

use super::{ChangeKind, FileChange};

/// What a commit changed in the folder.
#[derive(Default)]
pub(super) struct FolderChanges {
    /// Files added or modified (paths from the folder).
    pub(super) files: Vec<FileChange>,
    /// Whether it deleted any file there.
    pub(super) deleted: bool,
}

/// The folder's changes from the root tree `old` (`None`: a first commit)
/// to the root tree `new`, the folder being the path `folder` from the root
/// (no parts: the whole tree). `buffers` are kept by the caller for its
/// next diff.
pub(super) fn folder_changes(
    objects: &impl gix::objs::Find,
    old: Option<ObjectId>,
    new: ObjectId,
    folder: &[&str],
    buffers: &mut Vec<Vec<u8>>,
) -> Result<FolderChanges, String> {
    let mut old = old;
    let mut new = Some(new);
    for part in folder {
        if old == new {
            return Ok(FolderChanges::default());
        }
        old = subtree(objects, old, part, buffers)?;
        new = subtree(objects, new, part, buffers)?;
    }
    let mut changes = FolderChanges::default();
    let mut path = String::new();
    Differ { objects, buffers }.trees(old, new, &mut path, &mut changes)?;
    Ok(changes)
}

/// The id of the folder `name` in the tree `tree`, if both exist.
fn subtree(
    objects: &impl gix::objs::Find,
    tree: Option<ObjectId>,
    name: &str,
    buffers: &mut Vec<Vec<u8>>,
) -> Result<Option<ObjectId>, String> {
    let mut buffer = buffers.pop().unwrap_or_default();
    let mut found = None;
    let mut items = entries(objects, tree, &mut buffer)?;
    while let Some(entry) = next(&mut items)? {
        if entry.mode.is_tree() && entry.filename == name.as_bytes() {
            found = Some(entry.oid.to_owned());
            break;
        }
    }
    buffers.push(buffer);
    Ok(found)
}

/// The entries of tree `id` (none: a missing tree), read into `buffer`.
fn entries<'b>(
    objects: &impl gix::objs::Find,
    id: Option<ObjectId>,
    buffer: &'b mut Vec<u8>,
) -> Result<Option<gix::objs::TreeRefIter<'b>>, String> {
    id.map(|id| objects.find_tree_iter(&id, buffer))
        .transpose()
        .map_err(|e| e.to_string())
}

/// The next entry of a tree (none of a missing tree).
fn next<'b>(
    entries: &mut Option<gix::objs::TreeRefIter<'b>>,
) -> Result<Option<EntryRef<'b>>, String> {
    entries
        .as_mut()
        .and_then(Iterator::next)
        .transpose()
        .map_err(|e| e.to_string())
}

struct Differ<'a, F> {
    objects: &'a F,
    buffers: &'a mut Vec<Vec<u8>>,
}

impl<F: gix::objs::Find> Differ<'_, F> {
    /// Records the changes from tree `old` to tree `new` (either may be
    /// missing), whose files' paths start with `path`.
    fn trees(
        &mut self,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
        path: &mut String,
        out: &mut FolderChanges,
    ) -> Result<(), String> {
        if old == new {
            return Ok(());
        }
        let mut old_buffer = self.buffers.pop().unwrap_or_default();
        let mut new_buffer = self.buffers.pop().unwrap_or_default();
        let mut olds = entries(self.objects, old, &mut old_buffer)?;
        let mut news = entries(self.objects, new, &mut new_buffer)?;
        let mut a = next(&mut olds)?;
        let mut b = next(&mut news)?;
        loop {
            let order = match (&a, &b) {
                (None, None) => break,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some(x), Some(y)) => {
                    name_order(x.filename, x.mode.is_tree(), y.filename, y.mode.is_tree())
                }
            };
            match order {
                // Only in the old tree: a deletion (of a file, or of a
                // folder and so of files).
                Ordering::Less => {
                    out.deleted = true;
                    a = next(&mut olds)?;
                }
                Ordering::Greater => {
                    if let Some(y) = &b {
                        self.entry(None, y, path, out)?;
                    }
                    b = next(&mut news)?;
                }
                Ordering::Equal => {
                    if let (Some(x), Some(y)) = (&a, &b)
                        && (x.oid != y.oid || x.mode != y.mode)
                    {
                        self.entry(Some(x), y, path, out)?;
                    }
                    a = next(&mut olds)?;
                    b = next(&mut news)?;
                }
            }
        }
        self.buffers.push(old_buffer);
        self.buffers.push(new_buffer);
        Ok(())
    }

    /// Records the entry `new` of the new tree, which differs from `old`
    /// (the same name in the old tree) or is new.
    fn entry(
        &mut self,
        old: Option<&EntryRef<'_>>,
        new: &EntryRef<'_>,
        path: &mut String,
        out: &mut FolderChanges,
    ) -> Result<(), String> {
        let length = path.len();
        path.push_str(&String::from_utf8_lossy(new.filename));
        if new.mode.is_tree() {
            path.push('/');
            let old = old.map(|o| o.oid.to_owned());
            self.trees(old, Some(new.oid.to_owned()), path, out)?;
        } else {
            out.files.push(FileChange {
                location: path.clone(),
                id: new.oid.to_owned(),
                kind: if old.is_some() {
                    ChangeKind::Modified
                } else {
                    ChangeKind::Added
                },
            });
        }
        path.truncate(length);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z")
            .env("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z")
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {:?}", out);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn write(dir: &Path, path: &str, text: &str) {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }

    /// What git itself says commit `rev` changed under `folder` (`""`:
    /// anywhere), as (status, path from the folder) with renames off.
    fn git_says(dir: &Path, rev: &str, folder: &str) -> (Vec<(char, String)>, bool) {
        let prefix = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        let pathspec = if folder.is_empty() { "." } else { &prefix };
        let out = git(
            dir,
            &[
                "diff-tree",
                "-r",
                "--no-renames",
                "--root",
                "--no-commit-id",
                "--name-status",
                rev,
                "--",
                pathspec,
            ],
        );
        let mut files = Vec::new();
        let mut deleted = false;
        for line in out.lines() {
            let (status, path) = line.split_once('\t').unwrap();
            let path = path.strip_prefix(&prefix).unwrap().to_string();
            match status {
                "D" => deleted = true,
                "A" => files.push(('A', path)),
                _ => files.push(('M', path)),
            }
        }
        files.sort();
        (files, deleted)
    }

    fn ours(dir: &Path, rev: &str, folder: &str) -> (Vec<(char, String)>, bool) {
        let repo = gix::open(dir).unwrap();
        let id = git(dir, &["rev-parse", rev]);
        let id = gix::ObjectId::from_hex(id.trim().as_bytes()).unwrap();
        let commit = repo.find_commit(id).unwrap();
        let tree = commit.tree_id().unwrap().detach();
        let parent = commit.parent_ids().next().map(|p| {
            p.object()
                .unwrap()
                .into_commit()
                .tree_id()
                .unwrap()
                .detach()
        });
        let mut buffers = Vec::new();
        let parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
        let found = folder_changes(&repo.objects, parent, tree, &parts, &mut buffers).unwrap();
        let mut files: Vec<(char, String)> = found
            .files
            .into_iter()
            .map(|f| {
                let status = match f.kind {
                    ChangeKind::Added => 'A',
                    _ => 'M',
                };
                (status, f.location)
            })
            .collect();
        files.sort();
        (files, found.deleted)
    }

    #[test]
    fn finds_what_git_finds_in_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        git(d, &["init", "-q", "-b", "main"]);
        git(d, &["config", "user.name", "T"]);
        git(d, &["config", "user.email", "t@example.com"]);
        write(d, "content/a.md", "a");
        write(d, "content/sub/b.md", "b");
        write(d, "content/sub/deep/c.md", "c");
        write(d, "content/x", "a file named x");
        write(d, "content/x.md", "sorts beside the folder x/ later");
        write(d, "other/o.md", "outside");
        git(d, &["add", "-A"]);
        git(d, &["commit", "-q", "-m", "first"]);
        // Modified deep, added in a new folder, deleted, a file becoming a
        // folder of the same name, a mode change, and a change outside.
        write(d, "content/sub/deep/c.md", "c2");
        write(d, "content/new/d.md", "d");
        std::fs::remove_file(d.join("content/a.md")).unwrap();
        std::fs::remove_file(d.join("content/x")).unwrap();
        write(d, "content/x/e.md", "e");
        write(d, "other/o.md", "outside, changed");
        git(d, &["add", "-A"]);
        git(d, &["update-index", "--chmod=+x", "content/sub/b.md"]);
        git(d, &["commit", "-q", "-m", "second"]);
        // Only outside the folder: nothing inside.
        write(d, "other/o.md", "outside, again");
        git(d, &["add", "other/o.md"]);
        git(d, &["commit", "-q", "-m", "third"]);
        // A whole folder deleted.
        std::fs::remove_dir_all(d.join("content/sub")).unwrap();
        git(d, &["rm", "-q", "-r", "--cached", "content/sub"]);
        git(d, &["commit", "-q", "-m", "fourth"]);
        // The content folder, the repository's root (a handbook of markdown
        // at the top, as on GitHub) and a folder two deep.
        for folder in ["content", "", "content/sub"] {
            for rev in ["HEAD~3", "HEAD~2", "HEAD~1", "HEAD"] {
                assert_eq!(
                    ours(d, rev, folder),
                    git_says(d, rev, folder),
                    "{folder}: {rev}"
                );
            }
        }
        assert_eq!(ours(d, "HEAD~1", "content"), (vec![], false));
        assert!(
            ours(d, "HEAD", "content").1,
            "a deleted folder is a deletion"
        );
        assert!(
            ours(d, "HEAD~2", "content")
                .0
                .contains(&('A', "x/e.md".to_string()))
        );
        assert!(
            ours(d, "HEAD~1", "")
                .0
                .contains(&('M', "other/o.md".to_string()))
        );
        assert!(
            ours(d, "HEAD~2", "content/sub")
                .0
                .contains(&('M', "deep/c.md".to_string()))
        );
    }
}
