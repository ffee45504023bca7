//! A [`Plan`] shown or done: its unified diff, and its application, which
//! rewrites the changed files, moves OLD to NEW, and puts the files back
//! when a step fails.

use std::path::Path;

use super::paths::shown_from;
use super::{Applied, FileChange, MoveError, Plan};
use crate::edit::write;

impl Plan {
    /// Every change as a unified diff (`--- file` / `+++ file after the
    /// move`), then the move itself.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for c in &self.changes {
            let diff = similar::TextDiff::from_lines(&c.before, &c.after);
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&self.shown(&c.file), &self.shown(&c.moved_to))
                    .to_string(),
            );
        }
        out.push_str(&format!(
            "rename {} -> {}\n",
            self.shown(&self.from),
            self.shown(&self.to)
        ));
        out
    }

    /// `path` as the user would type it: from the current folder when it
    /// is under it, without a leading `./`.
    pub fn shown(&self, path: &Path) -> String {
        shown_from(path, &self.cwd)
    }

    /// Rewrites the changed files, then moves OLD to NEW. Nothing is done
    /// when a file changed since the plan, OLD is gone or NEW appeared;
    /// when a step fails, the files already rewritten are put back.
    pub fn apply(&self) -> Result<Applied, MoveError> {
        for c in &self.changes {
            let now = std::fs::read_to_string(&c.file).map_err(|source| MoveError::Io {
                path: c.file.clone(),
                source,
            })?;
            if now != c.before {
                return Err(MoveError::Changed {
                    file: c.file.clone(),
                });
            }
        }
        if std::fs::symlink_metadata(&self.to).is_ok() {
            return Err(MoveError::Exists {
                path: self.to.clone(),
            });
        }
        let mut done: Vec<&FileChange> = Vec::new();
        for c in &self.changes {
            if let Err(source) = write::replace(&c.file, &c.after) {
                return Err(MoveError::Incomplete {
                    path: c.file.clone(),
                    source,
                    report: format!(
                        "it was not rewritten, and nothing was moved; {}",
                        self.undo(&done)
                    ),
                });
            }
            done.push(c);
        }
        if let Err(source) = write::move_to(&self.from, &self.to) {
            return Err(MoveError::Incomplete {
                path: self.from.clone(),
                source,
                report: format!(
                    "it was not moved to {}; {}",
                    self.shown(&self.to),
                    self.undo(&done)
                ),
            });
        }
        Ok(Applied {
            rewritten: self.changes.iter().map(|c| c.moved_to.clone()).collect(),
        })
    }
}

impl Plan {
    /// Puts back the files in `done` as they were; says what it did.
    fn undo(&self, done: &[&FileChange]) -> String {
        if done.is_empty() {
            return "no file was changed".into();
        }
        let failed: Vec<String> = done
            .iter()
            .filter(|c| write::replace(&c.file, &c.before).is_err())
            .map(|c| self.shown(&c.file))
            .collect();
        if failed.is_empty() {
            format!(
                "the {} file(s) already rewritten were put back as they were, so nothing was changed",
                done.len()
            )
        } else {
            format!(
                "{} file(s) were rewritten and put back, but these keep their rewritten links (restore them, e.g. with git): {}",
                done.len() - failed.len(),
                failed.join(", ")
            )
        }
    }
}
