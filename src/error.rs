//! Diagnostics: every problem the pipeline finds, with where it is and what to do.
//!
//! Stages never stop at the first problem: they push [`Diagnostic`]s into a
//! list and the caller reports them all at once.

use std::fmt;
use std::path::{Path, PathBuf};

mod code;
pub mod formats;

pub use code::Code;

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
    /// What kind of problem it is: a stable name.
    pub code: Code,
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
    /// An error of kind `code` about `file`.
    pub fn error(code: Code, file: impl Into<Option<PathBuf>>, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, file.into(), message.into())
    }

    /// A warning of kind `code` about `file`.
    pub fn warning(
        code: Code,
        file: impl Into<Option<PathBuf>>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(code, Severity::Warning, file.into(), message.into())
    }

    /// A problem of kind `code` as bad as `severity`.
    pub fn new(code: Code, severity: Severity, file: Option<PathBuf>, message: String) -> Self {
        Diagnostic {
            code,
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
    /// one huge line do not repeat it. Costs the column, not the line: where
    /// there may be many problems on one line, [`Diagnostic::at_offset`]
    /// costs neither.
    pub fn snippet(self, line: &str) -> Self {
        let column = self.position.map_or(1, |p| p.column).saturating_sub(1);
        let (at, column) = line
            .char_indices()
            .enumerate()
            .nth(column)
            .map_or((line.len(), None), |(c, (b, _))| (b, Some(c)));
        let column = column.unwrap_or_else(|| line.chars().count());
        self.with_snippet(Snippet::around(line, at, column))
    }

    /// Sets the position of byte `offset` of `text` and adds the part of its
    /// line around it, at a cost that does not grow with the line (`index`
    /// is `text`'s).
    pub fn at_offset(self, text: &str, index: &LineIndex, offset: usize) -> Self {
        self.at(index.position(text, offset))
            .with_snippet(index.snippet(text, offset))
    }

    /// Adds a snippet cut earlier (by [`LineIndex::snippet`]).
    pub fn with_snippet(mut self, snippet: Snippet) -> Self {
        self.snippet = Some(snippet.text);
        self.snippet_skipped = snippet.skipped;
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
            "{}: {}[{}]: {}",
            self.location(),
            self.severity,
            self.code,
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

/// The part of a source line shown under a diagnostic: all of a short line;
/// of a long one, [`Snippet::WIDTH`] characters around the column, with `…`
/// where it was cut.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// What is shown.
    pub text: String,
    /// How many characters of the line were left off before `text` (the
    /// `…` in their place counted as shown).
    pub skipped: usize,
}

impl Snippet {
    /// The most characters of a line shown, ellipses aside.
    pub const WIDTH: usize = 160;

    /// The snippet of `line` for the character at byte `at`, which is
    /// character `column` (0-based). Looks at no more than [`Snippet::WIDTH`]
    /// characters either side, however long the line.
    fn around(line: &str, at: usize, column: usize) -> Snippet {
        const WIDTH: usize = Snippet::WIDTH;
        let at = floor_char_boundary(line, at);
        // The line's length, when it ends within WIDTH characters of `at`.
        let after = line[at..].chars().take(WIDTH + 1).count();
        let len = (after <= WIDTH).then_some(column + after);
        if len.is_some_and(|len| len <= WIDTH) {
            return Snippet {
                text: line.to_string(),
                skipped: 0,
            };
        }
        let mut start = column.saturating_sub(WIDTH / 2);
        if let Some(len) = len {
            start = start.min(len - WIDTH);
        }
        // `start` is at most WIDTH characters before `at`.
        let back = column - start;
        let from = if back == 0 {
            at
        } else {
            line[..at]
                .char_indices()
                .rev()
                .nth(back - 1)
                .map_or(0, |(b, _)| b)
        };
        let window: String = line[from..].chars().take(WIDTH).collect();
        let before = if start > 0 { "…" } else { "" };
        let after = if len.is_none_or(|len| start + WIDTH < len) {
            "…"
        } else {
            ""
        };
        Snippet {
            text: format!("{before}{window}{after}"),
            skipped: start.saturating_sub(usize::from(start > 0)),
        }
    }
}

/// The largest char boundary of `s` at or before `i`.
fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Maps byte offsets in a text to lines and columns, each in time that does
/// not grow with the line's length (a page may be one line of 10 MB).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// When the text is not all ASCII: the characters before each
    /// [`LineIndex::BLOCK`] bytes of it, so that counting the characters up
    /// to an offset counts at most one block's bytes.
    chars_before: Vec<usize>,
}

impl LineIndex {
    const BLOCK: usize = 64;

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
        let mut chars_before = Vec::new();
        if !text.is_ascii() {
            let mut count = 0;
            for block in text.as_bytes().chunks(Self::BLOCK) {
                chars_before.push(count);
                count += chars_started(block);
            }
            chars_before.push(count);
        }
        LineIndex {
            starts,
            chars_before,
        }
    }

    /// How many characters of `text` start before byte `offset`.
    fn chars_to(&self, text: &str, offset: usize) -> usize {
        if self.chars_before.is_empty() {
            return offset;
        }
        let block = offset / Self::BLOCK;
        let from = block * Self::BLOCK;
        self.chars_before.get(block).copied().unwrap_or(0)
            + chars_started(text.as_bytes().get(from..offset).unwrap_or(&[]))
    }

    /// The 0-based line of byte `offset` (at most `text.len()`).
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The position of byte `offset` in `text` (which must be the indexed text).
    /// An offset inside a character is that character's.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.starts[line];
        Position {
            line: line + 1,
            column: self.chars_to(text, offset) - self.chars_to(text, start) + 1,
        }
    }

    /// The byte range of 0-based `line`, without its line break.
    fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let Some(&start) = self.starts.get(line) else {
            return text.len()..text.len();
        };
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let trimmed = text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
            .len();
        start..start + trimmed
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line<'a>(&self, text: &'a str, line: usize) -> &'a str {
        if line == 0 {
            return "";
        }
        text.get(self.line_range(text, line - 1)).unwrap_or("")
    }

    /// The part of byte `offset`'s line to show under a diagnostic about it
    /// (see [`Snippet`]), in time that does not grow with the line.
    pub fn snippet(&self, text: &str, offset: usize) -> Snippet {
        let offset = floor_char_boundary(text, offset);
        let range = self.line_range(text, self.line_of(offset));
        let Some(line) = text.get(range.clone()) else {
            return Snippet::default();
        };
        let at = floor_char_boundary(line, offset.saturating_sub(range.start));
        let column = self.chars_to(text, range.start + at) - self.chars_to(text, range.start);
        Snippet::around(line, at, column)
    }
}

/// How many characters start in `bytes` (a piece of UTF-8, cut anywhere).
fn chars_started(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
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
        let long = format!(
            "{}\n{}é{}",
            "ü".repeat(100),
            "a".repeat(200),
            "b".repeat(100)
        );
        let long_idx = LineIndex::new(&long);
        assert_eq!(
            long_idx.position(&long, 201 + 200 + 2),
            Position {
                line: 2,
                column: 202
            }
        );
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
        let d = Diagnostic::error(Code::Internal, PathBuf::from("a.md"), "bad")
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

    /// What `snippet` showed before it was made to cost no more than the
    /// window: the whole line's characters counted and skipped through.
    fn naive_snippet(line: &str, column: usize) -> (String, usize) {
        const WIDTH: usize = 160;
        let len = line.chars().count();
        if len <= WIDTH {
            return (line.to_string(), 0);
        }
        let column = column.saturating_sub(1);
        let start = column.saturating_sub(WIDTH / 2).min(len - WIDTH);
        let window: String = line.chars().skip(start).take(WIDTH).collect();
        let before = if start > 0 { "…" } else { "" };
        let after = if start + WIDTH < len { "…" } else { "" };
        (
            format!("{before}{window}{after}"),
            start.saturating_sub(usize::from(start > 0)),
        )
    }

    #[test]
    fn snippets_by_offset_match_the_line_counted_in_full() {
        let lines = [
            String::new(),
            "short é line".to_string(),
            "a".repeat(160),
            "é".repeat(161),
            format!("{}ü{}", "a".repeat(100), "ß".repeat(200)),
            (0..300)
                .map(|i| if i % 7 == 0 { '€' } else { 'x' })
                .collect(),
        ];
        for line in &lines {
            let text = format!("first\r\n{line}\r\nlast");
            let index = LineIndex::new(&text);
            let start = "first\r\n".len();
            for (column, (at, _)) in line.char_indices().chain([(line.len(), ' ')]).enumerate() {
                let d = Diagnostic::error(Code::Internal, None, "x").at_offset(
                    &text,
                    &index,
                    start + at,
                );
                let p = d.position.expect("a position");
                assert_eq!((p.line, p.column), (2, column + 1), "{line:?} at {at}");
                let (snippet, skipped) = naive_snippet(line, column + 1);
                assert_eq!(
                    d.snippet.as_deref(),
                    Some(snippet.as_str()),
                    "{line:?} at {at}"
                );
                assert_eq!(d.snippet_skipped, skipped, "{line:?} at {at}");
                let by_line = Diagnostic::error(Code::Internal, None, "x")
                    .at(p)
                    .snippet(line);
                assert_eq!(
                    (by_line.snippet, by_line.snippet_skipped),
                    (d.snippet, d.snippet_skipped)
                );
            }
        }
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_do_not_panic() {
        let text = "é€\n𝄞";
        let index = LineIndex::new(text);
        for offset in 0..text.len() + 3 {
            let d = Diagnostic::error(Code::Internal, None, "x").at_offset(text, &index, offset);
            assert!(d.position.is_some_and(|p| p.line >= 1 && p.column >= 1));
        }
        assert_eq!(index.position(text, 3), Position { line: 1, column: 2 });
        assert_eq!(index.position(text, 100), Position { line: 2, column: 2 });
        let d = Diagnostic::error(Code::Internal, None, "x")
            .at(Position {
                line: 1,
                column: 99,
            })
            .snippet("é€");
        assert_eq!(d.snippet.as_deref(), Some("é€"));
    }

    #[test]
    fn display_shows_location_snippet_and_hint() {
        let d = Diagnostic::error(Code::Internal, PathBuf::from("a.md"), "bad")
            .at(Position { line: 3, column: 2 })
            .snippet("xyz")
            .hint("fix it");
        assert_eq!(
            d.to_string(),
            "a.md:3:2: error[internal]: bad\n  3 | xyz\n    |  ^\n  hint: fix it"
        );
    }
}
