//! Small edits to a page's frontmatter text that keep everything else as the
//! user wrote it (order, quoting, comments, line breaks): add a value to a
//! list key (`aliases`), or replace one key's value (`reports_to`).
//!
//! YAML (`---`) and TOML (`+++`) alike; only top-level keys are touched. A
//! list may be written `[a, b]` (on one line or several), as one value
//! (`aliases: /a/`, made a list), as YAML's `- a` lines, or be missing (a
//! line is added; a page without frontmatter gets one). The caller parses
//! the result again and checks that it says what was meant: anything this
//! cannot edit safely is an error, never a guess.

use std::ops::Range;

use crate::content::frontmatter::{self, Format};

/// Text to put in place of a range of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    /// The bytes replaced (empty to insert).
    pub(crate) range: Range<usize>,
    /// What goes there.
    pub(crate) text: String,
}

impl Ord for Edit {
    /// By where the edit starts, then ends, then its text.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.range.start, self.range.end, &self.text).cmp(&(
            other.range.start,
            other.range.end,
            &other.text,
        ))
    }
}

impl PartialOrd for Edit {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Edit {
    fn insert(at: usize, text: String) -> Edit {
        Edit {
            range: at..at,
            text,
        }
    }
}

/// A top-level key's line in the frontmatter.
struct KeyLine {
    /// Where the value starts (after `:` or `=`).
    value: usize,
    /// Where the line ends (before its break).
    end: usize,
}

/// The edits that add `value` to the list under the first of `keys` that
/// the frontmatter of `text` (a whole page, lone `\r`s made `\n`s) sets at
/// its top level, or under a new `keys[0]` when it sets none. `eol` is the
/// line break to write.
pub(crate) fn add_to_list(
    text: &str,
    keys: &[String],
    value: &str,
    eol: &str,
) -> Result<Vec<Edit>, String> {
    let first = keys
        .first()
        .ok_or("this handbook reads no frontmatter key as aliases")?;
    let split = frontmatter::split(text).map_err(|_| "the frontmatter is never closed")?;
    let Some((format, front)) = split.front else {
        // No frontmatter: one, with the key alone.
        return Ok(vec![Edit::insert(
            split.front_offset,
            format!("---{eol}{first}: [{}]{eol}---{eol}", yaml_value(value)),
        )]);
    };
    let offset = split.front_offset;
    let quoted = match format {
        Format::Yaml => yaml_value(value),
        Format::Toml => toml_string(value),
    };
    let Some(line) = keys.iter().find_map(|k| key_line(front, format, k)) else {
        let line = match format {
            Format::Yaml => format!("{first}: [{quoted}]{eol}"),
            Format::Toml => format!("{first} = [{quoted}]{eol}"),
        };
        // TOML's top-level keys come before its first table.
        let at = match format {
            Format::Toml => table_start(front).unwrap_or(front.len()),
            Format::Yaml => front.len(),
        };
        return Ok(vec![Edit::insert(offset + at, line)]);
    };
    let rest = &front[line.value..line.end];
    let start = line.value + (rest.len() - rest.trim_start().len());
    let comment = matches!(front.as_bytes().get(start), Some(b'#'));
    if start >= line.end || comment {
        return match format {
            // `key:` with `- item` lines under it, or nothing (null).
            Format::Yaml => Ok(block_list(front, line.end, &quoted, eol)
                .map(|e| shift(e, offset))
                .unwrap_or_else(|| {
                    vec![Edit::insert(offset + line.value, format!(" [{quoted}]"))]
                })),
            Format::Toml => Err("the key has no value".into()),
        };
    }
    match front.as_bytes()[start] {
        b'[' => flow_list(front, format, start, &quoted, eol).map(|e| shift(e, offset)),
        b'"' | b'\'' => {
            let end = quoted_end(front, start).ok_or("a quoted value is never closed")?;
            Ok(vec![wrap(offset, start..end, front, &quoted)])
        }
        b'|' | b'>' | b'&' | b'*' | b'!' | b'{' => {
            Err("the value is written in a form handbook does not edit".into())
        }
        _ if format == Format::Toml => Err("the value is not a list or a string".into()),
        _ => {
            // A plain YAML value: up to a comment or the line's end.
            let end = plain_end(front, start, line.end);
            Ok(vec![wrap(offset, start..end, front, &quoted)])
        }
    }
}

/// The edit that puts `new` in place of `old`, the value of the first of
/// `keys` the frontmatter of `text` sets at its top level (written plain or
/// quoted, on the key's line).
pub(crate) fn replace_value(
    text: &str,
    keys: &[String],
    old: &str,
    new: &str,
) -> Result<Edit, String> {
    let split = frontmatter::split(text).map_err(|_| "the frontmatter is never closed")?;
    let (format, front) = split.front.ok_or("the page has no frontmatter")?;
    let line = keys
        .iter()
        .find_map(|k| key_line(front, format, k))
        .ok_or("the key is not at the top of the frontmatter")?;
    let value = &front[line.value..line.end];
    let at = value
        .find(old)
        .ok_or("the value is not written as it reads")?;
    if value[at + old.len()..].contains(old) {
        return Err("the value is written twice on its line".into());
    }
    if new.contains(['"', '\'', '\\', '#', '\n']) {
        return Err("the new value would need quoting".into());
    }
    let start = split.front_offset + line.value + at;
    Ok(Edit {
        range: start..start + old.len(),
        text: new.to_string(),
    })
}

/// `edits` moved by `offset` bytes.
fn shift(edits: Vec<Edit>, offset: usize) -> Vec<Edit> {
    edits
        .into_iter()
        .map(|e| Edit {
            range: e.range.start + offset..e.range.end + offset,
            text: e.text,
        })
        .collect()
}

/// The edit that makes the single value at `range` a list of it and `quoted`.
fn wrap(offset: usize, range: Range<usize>, front: &str, quoted: &str) -> Edit {
    Edit {
        range: offset + range.start..offset + range.end,
        text: format!("[{}, {quoted}]", &front[range]),
    }
}

/// The line of top-level key `key`: in YAML at the start of a line (`key:`,
/// `"key":`), in TOML before the first table (`key =`).
fn key_line(front: &str, format: Format, key: &str) -> Option<KeyLine> {
    let mut start = 0;
    for line in front.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let end = line_start + content.len();
        let trimmed = match format {
            Format::Yaml => content,
            Format::Toml => {
                if content.trim_start().starts_with('[') {
                    return None;
                }
                content.trim_start()
            }
        };
        let indent = content.len() - trimmed.len();
        let after = [format!("\"{key}\""), format!("'{key}'"), key.to_string()]
            .iter()
            .find_map(|k| trimmed.strip_prefix(k.as_str()).map(|rest| (k.len(), rest)));
        let Some((key_len, rest)) = after else {
            continue;
        };
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let separator = match format {
            Format::Yaml => ':',
            Format::Toml => '=',
        };
        let rest_after = &rest[blanks..];
        if !rest_after.starts_with(separator) {
            continue;
        }
        let next = rest_after[1..].chars().next();
        if format == Format::Yaml && next.is_some_and(|c| !c.is_whitespace()) {
            continue;
        }
        return Some(KeyLine {
            value: line_start + indent + key_len + blanks + 1,
            end,
        });
    }
    None
}

/// Where the first TOML table (`[name]`, `[[name]]`) starts.
fn table_start(front: &str) -> Option<usize> {
    let mut start = 0;
    for line in front.split_inclusive('\n') {
        if line.trim_start().starts_with('[') {
            return Some(start);
        }
        start += line.len();
    }
    None
}

/// The edit that adds an item after the `- item` lines that follow a YAML
/// key whose line ends at `key_end`; `None` when no item follows.
fn block_list(front: &str, key_end: usize, quoted: &str, eol: &str) -> Option<Vec<Edit>> {
    let mut at = front[key_end..].find('\n').map(|n| key_end + n + 1)?;
    let mut last: Option<usize> = None;
    let mut indent: Option<&str> = None;
    while at < front.len() {
        let line_len = front[at..].find('\n').map_or(front.len() - at, |n| n + 1);
        let line = &front[at..at + line_len];
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        let own_indent = &content[..content.len() - trimmed.len()];
        if trimmed.is_empty() || trimmed.starts_with('#') {
            at += line_len;
            continue;
        }
        let item = trimmed == "-" || trimmed.starts_with("- ") || trimmed.starts_with("-\t");
        if own_indent.is_empty() && !item {
            break;
        }
        if item && indent.is_none() {
            indent = Some(own_indent);
        }
        last = Some(at + content.len());
        at += line_len;
    }
    let (last, indent) = (last?, indent?);
    Some(vec![Edit::insert(last, format!("{eol}{indent}- {quoted}"))])
}

/// The edits that add `quoted` to the list `[...]` that opens at `open`.
fn flow_list(
    front: &str,
    format: Format,
    open: usize,
    quoted: &str,
    eol: &str,
) -> Result<Vec<Edit>, String> {
    let bytes = front.as_bytes();
    let mut depth = 0usize;
    // Just after the last thing written in the list, and that thing's last byte.
    let mut last = (open + 1, b'[');
    let mut i = open;
    let mut after_blank = true;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'"' | b'\'' => {
                let end = quoted_end(front, i).ok_or("a quoted value is never closed")?;
                last = (end, c);
                i = end;
                after_blank = false;
                continue;
            }
            b'#' if format == Format::Toml || after_blank => {
                i = front[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if c != b']' {
                        return Err("the list is not closed by `]`".into());
                    }
                    return Ok(flow_insert(front, open, i, last, quoted, eol));
                }
            }
            _ => {}
        }
        after_blank = c.is_ascii_whitespace() || c == b',' || c == b'[';
        if !c.is_ascii_whitespace() && i > open {
            last = (i + 1, c);
        }
        i += 1;
    }
    Err("the list is never closed".into())
}

/// The edits for [`flow_list`]: the list opens at `open` and closes at
/// `close`, and its last item (or `[`, or a `,`) ends just before `last.0`.
fn flow_insert(
    front: &str,
    open: usize,
    close: usize,
    last: (usize, u8),
    quoted: &str,
    eol: &str,
) -> Vec<Edit> {
    let (end, byte) = last;
    if byte == b'[' {
        return vec![Edit::insert(end, quoted.to_string())];
    }
    let line_end = |at: usize| {
        front[at..]
            .find('\n')
            .map_or(front.len(), |n| at + n)
            .min(close)
    };
    let one_line = !front[open..close].contains('\n');
    let close_on_last_line = !front[end..close].contains('\n');
    if one_line || close_on_last_line {
        return vec![Edit::insert(
            end,
            if byte == b',' {
                format!(" {quoted}")
            } else {
                format!(", {quoted}")
            },
        )];
    }
    // One item a line: the new one on a line of its own, indented as the last.
    let line_start = front[..end].rfind('\n').map_or(0, |n| n + 1);
    let line = &front[line_start..];
    let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    let mut at = line_end(end);
    if front[..at].ends_with('\r') {
        at -= 1;
    }
    if byte == b',' {
        vec![Edit::insert(at, format!("{eol}{indent}{quoted},"))]
    } else if at == end {
        vec![Edit::insert(end, format!(",{eol}{indent}{quoted}"))]
    } else {
        vec![
            Edit::insert(end, ",".to_string()),
            Edit::insert(at, format!("{eol}{indent}{quoted}")),
        ]
    }
}

/// Just after the quoted string that opens at `open` (`"..."` with
/// backslash escapes, `'...'` without).
fn quoted_end(front: &str, open: usize) -> Option<usize> {
    let bytes = front.as_bytes();
    let quote = bytes[open];
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\n' => return None,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Where a plain YAML value that starts at `start` ends: before ` #` or the
/// line's end, blanks left off.
fn plain_end(front: &str, start: usize, line_end: usize) -> usize {
    let value = &front[start..line_end];
    let cut = value
        .match_indices('#')
        .find(|(at, _)| *at > 0 && value.as_bytes()[at - 1].is_ascii_whitespace())
        .map_or(value.len(), |(at, _)| at);
    start + value[..cut].trim_end().len()
}

/// A value for YAML: plain when that reads the same inside `[...]`, else
/// double-quoted.
fn yaml_value(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '/' | '-' | '_' | '.' | '~' | '%' | '+'))
        && !value.starts_with(['-', '%']);
    if plain {
        value.to_string()
    } else {
        toml_string(value)
    }
}

/// A double-quoted string, which TOML and YAML read alike.
fn toml_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with `value` added to `aliases` (or `redirect_from`).
    fn added(text: &str, value: &str) -> Result<String, String> {
        let keys = ["aliases".to_string(), "redirect_from".to_string()];
        let edits = add_to_list(text, &keys, value, "\n")?;
        Ok(apply(text, &edits))
    }

    fn apply(text: &str, edits: &[Edit]) -> String {
        let mut out = text.to_string();
        let mut sorted = edits.to_vec();
        sorted.sort();
        for e in sorted.iter().rev() {
            out.replace_range(e.range.clone(), &e.text);
        }
        out
    }

    #[test]
    fn can_add_an_alias_to_yaml_in_every_form() {
        let cases = [
            (
                "---\ntitle: A\n---\nbody",
                "---\ntitle: A\naliases: [/old/]\n---\nbody",
            ),
            (
                "---\naliases: [/a/]\n---\n",
                "---\naliases: [/a/, /old/]\n---\n",
            ),
            (
                "---\naliases: []   # none yet\n---\n",
                "---\naliases: [/old/]   # none yet\n---\n",
            ),
            (
                "---\naliases: /a/ # once\n---\n",
                "---\naliases: [/a/, /old/] # once\n---\n",
            ),
            (
                "---\naliases: \"/a b/\"\n---\n",
                "---\naliases: [\"/a b/\", /old/]\n---\n",
            ),
            (
                "---\naliases:\n  - /a/\n  # the first\n  - /b/\ntitle: T\n---\n",
                "---\naliases:\n  - /a/\n  # the first\n  - /b/\n  - /old/\ntitle: T\n---\n",
            ),
            (
                "---\naliases:\n- /a/\n---\n",
                "---\naliases:\n- /a/\n- /old/\n---\n",
            ),
            (
                "---\naliases:\ntitle: T\n---\n",
                "---\naliases: [/old/]\ntitle: T\n---\n",
            ),
            (
                "---\nredirect_from: [/a/]\n---\n",
                "---\nredirect_from: [/a/, /old/]\n---\n",
            ),
            (
                "---\naliases: [\n  /a/,\n  /b/\n]\n---\n",
                "---\naliases: [\n  /a/,\n  /b/,\n  /old/\n]\n---\n",
            ),
            (
                "---\naliases: [\n  /a/, # first\n]\n---\n",
                "---\naliases: [\n  /a/, # first\n  /old/,\n]\n---\n",
            ),
            ("# Title\n", "---\naliases: [/old/]\n---\n# Title\n"),
            ("\u{feff}---\n---\n", "\u{feff}---\naliases: [/old/]\n---\n"),
        ];
        for (text, want) in cases {
            assert_eq!(added(text, "/old/").as_deref(), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn can_add_an_alias_to_toml_in_every_form() {
        let cases = [
            (
                "+++\ntitle = \"A\"\n+++\n",
                "+++\ntitle = \"A\"\naliases = [\"/old/\"]\n+++\n",
            ),
            (
                "+++\ntitle = \"A\"\n[extra]\nx = 1\n+++\n",
                "+++\ntitle = \"A\"\naliases = [\"/old/\"]\n[extra]\nx = 1\n+++\n",
            ),
            (
                "+++\naliases = ['/a/']\n+++\n",
                "+++\naliases = ['/a/', \"/old/\"]\n+++\n",
            ),
            (
                "+++\naliases = \"/a/\"\n+++\n",
                "+++\naliases = [\"/a/\", \"/old/\"]\n+++\n",
            ),
            (
                "+++\naliases = [\n  \"/a/\", # the first\n  \"/b/\",\n]\n+++\n",
                "+++\naliases = [\n  \"/a/\", # the first\n  \"/b/\",\n  \"/old/\",\n]\n+++\n",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(added(text, "/old/").as_deref(), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn leaves_nested_keys_and_odd_forms_alone() {
        // `aliases` of a glossary term is not the page's.
        let text = "---\nterms:\n  Runbook:\n    aliases: [run book]\n---\n";
        assert_eq!(
            added(text, "/old/").as_deref(),
            Ok("---\nterms:\n  Runbook:\n    aliases: [run book]\naliases: [/old/]\n---\n")
        );
        assert!(added("---\naliases: &x [/a/]\n---\n", "/old/").is_err());
        assert!(added("---\nnever closed\n", "/old/").is_err());
    }

    #[test]
    fn keeps_crlf_line_breaks() {
        let keys = ["aliases".to_string()];
        let text = "---\r\ntitle: A\r\n---\r\n";
        let edits = add_to_list(text, &keys, "/old/", "\r\n").expect("an edit");
        assert_eq!(
            apply(text, &edits),
            "---\r\ntitle: A\r\naliases: [/old/]\r\n---\r\n"
        );
        let text = "---\r\naliases: [\r\n  /a/,\r\n]\r\n---\r\n";
        let edits = add_to_list(text, &keys, "/old/", "\r\n").expect("an edit");
        assert_eq!(
            apply(text, &edits),
            "---\r\naliases: [\r\n  /a/,\r\n  /old/,\r\n]\r\n---\r\n"
        );
    }

    #[test]
    fn can_replace_a_value_in_place() {
        let keys = ["reports_to".to_string()];
        let text = "---\ntitle: A\nreports_to: \"../cto.md\" # boss\n---\n";
        let edit = replace_value(text, &keys, "../cto.md", "../exec/cto.md").expect("an edit");
        assert_eq!(
            apply(text, &[edit]),
            "---\ntitle: A\nreports_to: \"../exec/cto.md\" # boss\n---\n"
        );
        let text = "+++\nreports_to = 'cto.md'\n+++\n";
        let edit = replace_value(text, &keys, "cto.md", "exec/cto.md").expect("an edit");
        assert_eq!(
            apply(text, &[edit]),
            "+++\nreports_to = 'exec/cto.md'\n+++\n"
        );
    }
}
