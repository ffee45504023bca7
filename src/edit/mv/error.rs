//! Why a move is refused or did not finish: [`MoveError`] and the
//! [`LinkProblem`]s it lists, each with a hint saying what to do.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Position};

/// Why a move is refused (nothing was changed) or did not finish.
#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    /// The handbook cannot be loaded, or has files whose links cannot be read.
    #[error("the handbook has {} error(s) that keep its links from being read", .0.iter().filter(|d| d.is_error()).count())]
    Handbook(Vec<Diagnostic>),
    /// OLD is not there.
    #[error("{}: no such file or folder (looked in {})", .path.display(), .looked.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" and "))]
    Missing {
        /// OLD as given.
        path: PathBuf,
        /// Where it was looked for.
        looked: Vec<PathBuf>,
    },
    /// OLD or NEW is not inside the content folder.
    #[error("{}: not inside the content folder {}", .path.display(), .content.display())]
    OutsideContent {
        /// The path.
        path: PathBuf,
        /// The content folder.
        content: PathBuf,
    },
    /// OLD is something `mv` does not move.
    #[error("{}: {why}", .path.display())]
    NotMovable {
        /// OLD.
        path: PathBuf,
        /// Why not.
        why: String,
    },
    /// NEW is not a place OLD can go.
    #[error("{}: {why}", .path.display())]
    BadDestination {
        /// NEW.
        path: PathBuf,
        /// Why not.
        why: String,
    },
    /// Something is at NEW already; it is never overwritten.
    #[error("{} exists already", .path.display())]
    Exists {
        /// NEW.
        path: PathBuf,
    },
    /// After the move, a URL would be taken twice, or a page that does not
    /// move would change its URL.
    #[error("{}: {why}", .file.display())]
    Clash {
        /// The page concerned.
        file: PathBuf,
        /// What would happen.
        why: String,
        /// What to do.
        hint: String,
    },
    /// Links that cannot be rewritten to lead where they did.
    #[error("{} link(s) cannot be rewritten to lead where they did", .0.len())]
    Links(Vec<LinkProblem>),
    /// A moved page's frontmatter cannot take its old URL as an alias.
    #[error("{}: cannot add {value} to its frontmatter: {why}", .file.display())]
    Frontmatter {
        /// The page.
        file: PathBuf,
        /// The alias (or `reports_to` value) that was to be written.
        value: String,
        /// Why not.
        why: String,
    },
    /// A file changed between the plan and its writing.
    #[error("{}: changed while the move was being worked out; nothing was changed", .file.display())]
    Changed {
        /// The file.
        file: PathBuf,
    },
    /// Reading failed before anything was changed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// Writing failed midway; `report` says what was and was not done.
    #[error("{}: {source}; {report}", .path.display())]
    Incomplete {
        /// The file or folder that could not be written or moved.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
        /// What was done, undone, and left.
        report: String,
    },
    /// The tool's own check of its work failed (please report it).
    #[error("{}: {why} (this is a bug in handbook; nothing was changed)", .file.display())]
    Internal {
        /// The page concerned.
        file: PathBuf,
        /// What went wrong.
        why: String,
    },
}

impl MoveError {
    /// What to do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            MoveError::Handbook(_) => {
                "fix these first (`handbook check` lists every problem), then move".into()
            }
            MoveError::Missing { .. } => {
                "give the path of a page, file or folder: from here (content/people/hiring.md) or from the content folder (people/hiring.md)".into()
            }
            MoveError::OutsideContent { .. } => {
                "mv moves pages and files inside the content folder, and only there".into()
            }
            MoveError::NotMovable { .. } => {
                "give a markdown page, a file or a folder that the handbook builds".into()
            }
            MoveError::BadDestination { .. } => {
                "give a path inside the content folder, with a name a build reads (not hidden)"
                    .into()
            }
            MoveError::Exists { .. } => {
                "choose a name that is free; mv never overwrites a file or folder".into()
            }
            MoveError::Clash { hint, .. } => hint.clone(),
            MoveError::Links(_) => "move it by hand and fix these links, or change them first".into(),
            MoveError::Frontmatter { value, .. } => format!(
                "add {value} to the page's aliases by hand after moving it with your file manager, or simplify the frontmatter key"
            ),
            MoveError::Changed { .. } => "run mv again".into(),
            MoveError::Io { .. } => "check that the file exists and is readable".into(),
            MoveError::Incomplete { .. } => {
                "see what was done above; `git status` and `git diff` show the files".into()
            }
            MoveError::Internal { .. } => return None,
        })
    }
}

impl MoveError {
    /// The error with its paths shown from `cwd` when they are under it
    /// (as [`Plan::shown`](super::Plan::shown) shows them).
    pub fn shown_from(self, cwd: &Path) -> MoveError {
        let short = |p: PathBuf| match p.strip_prefix(cwd) {
            Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
            _ => p,
        };
        match self {
            MoveError::Handbook(diagnostics) => MoveError::Handbook(
                diagnostics
                    .into_iter()
                    .map(|mut d| {
                        d.file = d.file.map(short);
                        d
                    })
                    .collect(),
            ),
            MoveError::Missing { path, looked } => MoveError::Missing {
                path,
                looked: looked.into_iter().map(short).collect(),
            },
            MoveError::OutsideContent { path, content } => MoveError::OutsideContent {
                path: short(path),
                content: short(content),
            },
            MoveError::NotMovable { path, why } => MoveError::NotMovable {
                path: short(path),
                why,
            },
            MoveError::BadDestination { path, why } => MoveError::BadDestination {
                path: short(path),
                why,
            },
            MoveError::Exists { path } => MoveError::Exists { path: short(path) },
            MoveError::Clash { file, why, hint } => MoveError::Clash {
                file: short(file),
                why,
                hint,
            },
            MoveError::Links(problems) => MoveError::Links(
                problems
                    .into_iter()
                    .map(|mut p| {
                        p.file = short(p.file);
                        p
                    })
                    .collect(),
            ),
            MoveError::Frontmatter { file, value, why } => MoveError::Frontmatter {
                file: short(file),
                value,
                why,
            },
            MoveError::Changed { file } => MoveError::Changed { file: short(file) },
            MoveError::Io { path, source } => MoveError::Io {
                path: short(path),
                source,
            },
            MoveError::Incomplete {
                path,
                source,
                report,
            } => MoveError::Incomplete {
                path: short(path),
                source,
                report,
            },
            MoveError::Internal { file, why } => MoveError::Internal {
                file: short(file),
                why,
            },
        }
    }
}

/// A link that cannot be rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    /// The page it is in.
    pub file: PathBuf,
    /// Where.
    pub position: Position,
    /// The destination as written.
    pub dest: String,
    /// Why.
    pub why: String,
}

impl fmt::Display for LinkProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: ({}): {}",
            self.file.display(),
            self.position.line,
            self.position.column,
            self.dest,
            self.why
        )
    }
}
