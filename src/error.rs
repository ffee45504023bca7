//! Diagnostics: every problem the pipeline finds, with where it is and what to do.
//!
//! Stages never stop at the first problem: they push [`Diagnostic`]s into a
//! list and the caller reports them all at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Shown, but the build still succeeds.
    Warning,
    /// The build fails and nothing is written.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Position {
    /// Line, counting from 1.
    pub line: usize,
    /// Column in characters, counting from 1.
    pub column: usize,
}

/// One problem found in a handbook.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file it is in, as given to the build (absent for whole-site problems).
    pub file: Option<PathBuf>,
    /// Where in the file, when known.
    pub position: Option<Position>,
    /// What is wrong.
    pub message: String,
    /// The offending source line (around the column, when the line is long).
    pub snippet: Option<String>,
    /// How many characters of the line were left off before the snippet.
    #[serde(skip)]
    pub snippet_skipped: usize,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error about `file`.
    pub fn error(file: impl Into<Option<PathBuf>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file.into(), message.into())
    }

    /// A warning about `file`.
    pub fn warning(file: impl Into<Option<PathBuf>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file.into(), message.into())
    }

    fn new(severity: Severity, file: Option<PathBuf>, message: String) -> Self {
        Diagnostic {
            severity,
            file,
            position: None,
            message,
            snippet: None,
            snippet_skipped: 0,
            hint: None,
        }
    }

    /// Sets where in the file the problem is.
    pub fn at(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    /// Adds advice on how to fix it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds the source line the problem is on; of a long line, only the part
    /// around the column (set the position first), so that many problems on
    /// one huge line do not repeat it.
    pub fn snippet(mut self, line: &str) -> Self {
        const WIDTH: usize = 160;
        let len = line.chars().count();
        if len <= WIDTH {
            self.snippet = Some(line.to_string());
            return self;
        }
        let column = self.position.map_or(1, |p| p.column).saturating_sub(1);
        let start = column.saturating_sub(WIDTH / 2).min(len - WIDTH);
        let window: String = line.chars().skip(start).take(WIDTH).collect();
        let before = if start > 0 { "…" } else { "" };
        let after = if start + WIDTH < len { "…" } else { "" };
        self.snippet = Some(format!("{before}{window}{after}"));
        self.snippet_skipped = start.saturating_sub(usize::from(start > 0));
        self
    }

    /// Whether this fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col` (or less, when unknown) for editors and CI annotations.
    pub fn location(&self) -> String {
        match (&self.file, self.position) {
            (Some(f), Some(p)) => format!("{}:{}:{}", f.display(), p.line, p.column),
            (Some(f), None) => f.display().to_string(),
            (None, _) => "handbook".to_string(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.location(),
            self.severity,
            self.message
        )?;
        if let Some(snippet) = &self.snippet {
            let gutter = self
                .position
                .map(|p| p.line.to_string())
                .unwrap_or_default();
            write!(f, "\n  {gutter} | {snippet}")?;
            if let Some(p) = self.position {
                let pad = " ".repeat(gutter.len());
                let col = p
                    .column
                    .saturating_sub(1)
                    .saturating_sub(self.snippet_skipped);
                write!(f, "\n  {pad} | {}^", " ".repeat(col))?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Maps byte offsets in a text to lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`: a line ends at `\n`, `\r\n` or a
    /// lone `\r` (old Mac files), as in CommonMark.
    pub fn new(text: &str) -> Self {
        let b = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', b)
                .filter(|&i| b[i] == b'\n' || b.get(i + 1) != Some(&b'\n'))
                .map(|i| i + 1),
        );
        LineIndex { starts }
    }

    /// The position of byte `offset` in `text` (which must be the indexed text).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        Position {
            line: line + 1,
            column,
        }
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).copied().unwrap_or(text.len());
        text.get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

/// Errors that stop a command before any handbook problem can be listed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The handbook has errors; all of them are listed.
    #[error("the handbook has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    Handbook(Vec<Diagnostic>),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_find_line_and_column() {
        let text = "ab\ncdé\nf";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 3), Position { line: 2, column: 1 });
        assert_eq!(idx.position(text, 7), Position { line: 2, column: 4 });
        assert_eq!(idx.position(text, 8), Position { line: 3, column: 1 });
        assert_eq!(idx.line(text, 2), "cdé");
        assert_eq!(idx.line(text, 9), "");
    }

    #[test]
    fn a_lone_cr_ends_a_line_and_crlf_ends_one() {
        let text = "a\rb\r\nc\nd\r\re";
        let idx = LineIndex::new(text);
        let lines: Vec<&str> = (1..=6).map(|l| idx.line(text, l)).collect();
        assert_eq!(lines, ["a", "b", "c", "d", "", "e"]);
        assert_eq!(idx.position(text, 2), Position { line: 2, column: 1 });
        assert_eq!(idx.position(text, 5), Position { line: 3, column: 1 });
        assert_eq!(idx.position(text, 10), Position { line: 6, column: 1 });
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}BROKEN{}", "a".repeat(1000), "b".repeat(1000));
        let d = Diagnostic::error(PathBuf::from("a.md"), "bad")
            .at(Position {
                line: 1,
                column: 1001,
            })
            .snippet(&line);
        let snippet = d.snippet.clone().unwrap();
        assert!(snippet.chars().count() <= 162, "{}", snippet.len());
        assert!(snippet.contains("BROKEN") && snippet.starts_with('…') && snippet.ends_with('…'));
        // The caret still points at the column.
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        let caret = lines[2].chars().position(|c| c == '^').unwrap();
        let under: String = lines[1].chars().skip(caret).take(6).collect();
        assert_eq!(under, "BROKEN", "{shown}");
    }

    #[test]
    fn display_shows_location_snippet_and_hint() {
        let d = Diagnostic::error(PathBuf::from("a.md"), "bad")
            .at(Position { line: 3, column: 2 })
            .snippet("xyz")
            .hint("fix it");
        assert_eq!(
            d.to_string(),
            "a.md:3:2: error: bad\n  3 | xyz\n    |  ^\n  hint: fix it"
        );
    }
}
