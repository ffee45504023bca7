//! Finding shortcode calls and includes in a page's text, outside code, in
//! every syntax handbook reads:
//!
//! | written | what it is |
//! |---|---|
//! | `{{ name(key="v") }}` | a call (handbook's own syntax, Zola's) |
//! | `{% name(key="v") %}` … `{% end %}` | a call with a body |
//! | `{{/* name() */}}`, `{%/* … */%}` | a call shown as written |
//! | `{{< name "v" key="v" >}}`, `{{% … %}}` | a Hugo call; with `{{< /name >}}` a body |
//! | `{% name "v" key: "v" %}` | a Liquid tag (Jekyll, Eleventy); with `{% endname %}` a body |
//! | `{{#include file.md}}` | mdBook's include |
//!
//! Each is read from its opening brace to its closing one, at most
//! [`MAX_CALL`] bytes on and never past a blank line, so the scan reads each
//! byte a bounded number of times. Only the first pass finds calls; whether
//! a Hugo or Liquid call is one of the handbook's shortcodes, and which calls
//! have bodies, is decided after ([`super::expand`]).

use std::ops::Range;

use memchr::memchr;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::args::{self, Arg};

/// How far (in bytes) a call may reach for its closing braces.
pub const MAX_CALL: usize = 4096;

/// The syntax a call is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `{{ name() }}`, `{% name() %}`, `{% end %}`.
    Native,
    /// `{{< >}}` (`markdown: false`) or `{{% %}}`.
    Hugo,
    /// `{% %}`.
    Liquid,
    /// `{{#include }}`.
    MdBook,
}

/// What a piece of call syntax does.
#[derive(Debug, Clone, PartialEq)]
pub enum CallKind {
    /// Opens a call: `{{ x() }}` and Hugo's self-closing `{{< x />}}` never
    /// have a body (`body: Some(false)`), `{% x() %}` always has one
    /// (`Some(true)`), Hugo's and Liquid's have one when closed later (`None`
    /// until the pairing pass decides).
    Open {
        /// The shortcode's name.
        name: String,
        /// Its arguments, in order.
        args: Vec<Arg>,
        /// Whether it has a body, when the syntax says.
        body: Option<bool>,
    },
    /// Closes the innermost open call: `{% end %}` (no name), `{{< /x >}}`,
    /// `{% endx %}`.
    Close {
        /// The name it closes, when the syntax writes one.
        name: Option<String>,
    },
    /// `{{/* x */}}`: shown as `{{ x }}`.
    Escaped(String),
}

/// One piece of call syntax in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Where it is, from its first `{` to past its last `}`.
    pub range: Range<usize>,
    /// How it is written.
    pub syntax: Syntax,
    /// What it does.
    pub kind: CallKind,
    /// Nothing but blanks (or a quote's `>`) stands before it on its line,
    /// and nothing after it: its output can be a block of its own.
    pub alone: bool,
    /// It is inside a code block or span: only mdBook's `{{#include}}` is
    /// read there (a listing's source, as mdBook fills it in).
    pub in_code: bool,
}

/// A piece of call syntax that cannot be read: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCall {
    /// Byte offset of the problem in the text.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

/// Which openers `text` has at all: most pages have none, and then nothing
/// else here runs.
pub fn has_openers(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'{', bytes).any(|i| matches!(bytes.get(i + 1), Some(b'{' | b'%')))
}

/// The byte ranges of `text` that are code (spans and blocks) or HTML
/// comments: calls there are examples, not calls. Sorted, not overlapping.
pub fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut block_start = None;
    let mut html_comment = None;
    for (event, range) in
        Parser::new_ext(text, crate::render::markdown::options()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = block_start.take() {
                    ranges.push(start..range.end);
                }
            }
            Event::Start(Tag::HtmlBlock)
                if text[range.clone()].trim_start().starts_with("<!--") =>
            {
                html_comment = Some(range.start);
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(start) = html_comment.take() {
                    ranges.push(start..range.end);
                }
            }
            Event::Code(_) => ranges.push(range),
            Event::InlineHtml(html) if html.starts_with("<!--") => ranges.push(range),
            _ => {}
        }
    }
    // Events come in the order of the text, but a block's range is pushed
    // at its end: after the spans inside it (there are none in code).
    ranges.sort_by_key(|r| r.start);
    ranges
}

/// Every call in `text` outside `code` (sorted ranges, from [`code_ranges`]),
/// in order, and the pieces that look like calls but cannot be read.
pub fn find(text: &str, code: &[Range<usize>]) -> (Vec<Call>, Vec<BadCall>) {
    let bytes = text.as_bytes();
    let mut calls = Vec::new();
    let mut bad = Vec::new();
    let mut next_code = 0;
    let mut at = 0;
    while let Some(i) = memchr(b'{', &bytes[at..]) {
        let p = at + i;
        at = p + 1;
        while code.get(next_code).is_some_and(|r| r.end <= p) {
            next_code += 1;
        }
        let in_code = code.get(next_code).is_some_and(|r| r.contains(&p));
        if in_code && !text[p..].starts_with("{{#include") {
            continue;
        }
        if p > 0 && bytes[p - 1] == b'\\' {
            continue;
        }
        let read = match bytes.get(p + 1) {
            Some(b'{') => read_double_brace(text, p),
            Some(b'%') => read_percent(text, p),
            _ => continue,
        };
        match read {
            Some(Ok((end, syntax, kind))) => {
                calls.push(Call {
                    alone: alone_on_line(bytes, p, end),
                    range: p..end,
                    syntax,
                    kind,
                    in_code,
                });
                at = end;
            }
            Some(Err(b)) => bad.push(b),
            None => {}
        }
    }
    (calls, bad)
}

/// What [`read_double_brace`] and [`read_percent`] give: `None` when it is
/// not call syntax at all (other tools' output, a stray brace).
type Read = Option<Result<(usize, Syntax, CallKind), BadCall>>;

/// Where `close` ends, searching from `from`, within the call's reach: not
/// past [`MAX_CALL`] bytes from `start` nor past a blank line.
fn closing(text: &str, start: usize, from: usize, close: &str) -> Option<usize> {
    let mut limit = (start + MAX_CALL).min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = text.get(from..limit)?;
    let found = memchr::memmem::find(window.as_bytes(), close.as_bytes())?;
    let inside = &window[..found];
    if blank_line_in(inside) {
        return None;
    }
    Some(from + found + close.len())
}

fn blank_line_in(s: &str) -> bool {
    let mut lines = s.split('\n');
    lines.next();
    // A line after a line break that is blank, and is not the last piece
    // (the rest of the line the closing delimiter stands on).
    let rest: Vec<&str> = lines.collect();
    rest.iter()
        .take(rest.len().saturating_sub(1))
        .any(|l| l.trim().is_empty())
}

/// A name: letters, digits, `_`, `-`, and `/` or `.` inside (Hugo's nested
/// shortcodes are `folder/name`).
fn name_len(s: &str) -> usize {
    let first_ok = s
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !first_ok {
        return 0;
    }
    s.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | '.')))
        .unwrap_or(s.len())
}

/// `{{ … }}` at `p`: a native call, a Hugo call, mdBook's include, or an
/// escaped call.
fn read_double_brace(text: &str, p: usize) -> Read {
    let after = &text[p + 2..];
    if let Some(inner) = after.strip_prefix("/*") {
        let end = closing(text, p, p + 4, "*/}}")?;
        let shown = inner[..end - p - 4 - 4].trim();
        return Some(Ok((
            end,
            Syntax::Native,
            CallKind::Escaped(format!("{{{{ {shown} }}}}")),
        )));
    }
    if let Some(rest) = after.strip_prefix('<').or_else(|| after.strip_prefix('%')) {
        let markdown = after.starts_with('%');
        let close = if markdown { "%}}" } else { ">}}" };
        if rest.starts_with("/*") {
            let end = closing(text, p, p + 5, &format!("*/{close}"))?;
            let shown = rest[2..end - p - 3 - 2 - close.len()].trim();
            let open = if markdown { "{{%" } else { "{{<" };
            return Some(Ok((
                end,
                Syntax::Hugo,
                CallKind::Escaped(format!("{open} {shown} {close}")),
            )));
        }
        let end = closing(text, p, p + 3, close)?;
        let mut inner = text[p + 3..end - close.len()].trim();
        if let Some(name) = inner.strip_prefix('/') {
            let name = name.trim();
            let len = name_len(name);
            if len == 0 || len != name.len() {
                return None;
            }
            return Some(Ok((
                end,
                Syntax::Hugo,
                CallKind::Close {
                    name: Some(name.to_string()),
                },
            )));
        }
        let self_closing = inner.ends_with('/');
        if self_closing {
            inner = inner[..inner.len() - 1].trim_end();
        }
        let len = name_len(inner);
        if len == 0 {
            return None;
        }
        let name = inner[..len].to_string();
        let rest_at = p + 3 + (text[p + 3..].len() - text[p + 3..].trim_start().len()) + len;
        let args = match args::hugo(&inner[len..], rest_at) {
            Ok(args) => args,
            Err(e) => return Some(Err(e)),
        };
        let body = self_closing.then_some(false);
        return Some(Ok((end, Syntax::Hugo, CallKind::Open { name, args, body })));
    }
    if let Some(rest) = after.strip_prefix("#include") {
        if !rest.starts_with([' ', '\t']) {
            return None;
        }
        let end = closing(text, p, p + 10, "}}")?;
        let path = text[p + 10..end - 2].trim();
        if path.is_empty() {
            return Some(Err(BadCall {
                at: p,
                message: "`{{#include}}` names no file".into(),
            }));
        }
        let args = vec![Arg::positional(serde_json::Value::String(path.to_string()))];
        return Some(Ok((
            end,
            Syntax::MdBook,
            CallKind::Open {
                name: "include".into(),
                args,
                body: Some(false),
            },
        )));
    }
    // `{{ name(…) }}`: anything else is other tools' output, left alone.
    let lead = after.len() - after.trim_start().len();
    let name_at = p + 2 + lead;
    let len = name_len(&text[name_at..]);
    if len == 0 || !text[name_at + len..].starts_with('(') {
        return None;
    }
    let name = text[name_at..name_at + len].to_string();
    let (args, after_args) = match args::native(text, name_at + len, p + MAX_CALL) {
        Ok(parsed) => parsed,
        Err(e) => return Some(Err(e)),
    };
    let tail = &text[after_args..];
    let closed = tail.trim_start_matches([' ', '\t']);
    if !closed.starts_with("}}") {
        return Some(Err(BadCall {
            at: after_args,
            message: format!("the call of `{name}` is not closed by `}}}}` after its arguments"),
        }));
    }
    let end = after_args + (tail.len() - closed.len()) + 2;
    Some(Ok((
        end,
        Syntax::Native,
        CallKind::Open {
            name,
            args,
            body: Some(false),
        },
    )))
}

/// `{% … %}` at `p`: a native call with a body, its `{% end %}`, a Liquid
/// tag, or an escaped call.
fn read_percent(text: &str, p: usize) -> Read {
    let after = &text[p + 2..];
    if after.starts_with("/*") {
        let end = closing(text, p, p + 4, "*/%}")?;
        let shown = text[p + 4..end - 4].trim();
        return Some(Ok((
            end,
            Syntax::Native,
            CallKind::Escaped(format!("{{% {shown} %}}")),
        )));
    }
    // Liquid's `{%-` trims blanks; handbook reads it as `{%`.
    let trimmed = after.strip_prefix('-').unwrap_or(after);
    let lead = after.len() - trimmed.trim_start().len();
    let name_at = p + 2 + lead;
    let len = name_len(&text[name_at..]);
    if len == 0 {
        return None;
    }
    let name = &text[name_at..name_at + len];
    if text[name_at + len..].starts_with('(') {
        let (args, after_args) = match args::native(text, name_at + len, p + MAX_CALL) {
            Ok(parsed) => parsed,
            Err(e) => return Some(Err(e)),
        };
        let tail = &text[after_args..];
        let closed = tail.trim_start_matches([' ', '\t']);
        if !closed.starts_with("%}") {
            return Some(Err(BadCall {
                at: after_args,
                message: format!("the call of `{name}` is not closed by `%}}` after its arguments"),
            }));
        }
        let end = after_args + (tail.len() - closed.len()) + 2;
        let kind = CallKind::Open {
            name: name.to_string(),
            args,
            body: Some(true),
        };
        return Some(Ok((end, Syntax::Native, kind)));
    }
    let end = closing(text, p, name_at + len, "%}")?;
    let inner = text[name_at + len..end - 2].trim_end();
    let inner = inner.strip_suffix('-').unwrap_or(inner);
    if name == "end" && inner.trim().is_empty() {
        return Some(Ok((end, Syntax::Native, CallKind::Close { name: None })));
    }
    if let Some(closed) = name.strip_prefix("end")
        && !closed.is_empty()
        && inner.trim().is_empty()
    {
        let kind = CallKind::Close {
            name: Some(closed.to_string()),
        };
        return Some(Ok((end, Syntax::Liquid, kind)));
    }
    let args = match args::liquid(inner, name_at + len) {
        Ok(args) => args,
        // Not ours to read: other Liquid (`{% if a == b %}`) stays as it is.
        Err(_) => return None,
    };
    let kind = CallKind::Open {
        name: name.to_string(),
        args,
        body: None,
    };
    Some(Ok((end, Syntax::Liquid, kind)))
}

/// Whether the call at `start..end` stands alone on its line (blanks and a
/// quote's `>` before it, blanks after).
fn alone_on_line(bytes: &[u8], start: usize, end: usize) -> bool {
    let line_start = bytes[..start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let before_ok = bytes[line_start..start]
        .iter()
        .all(|&b| matches!(b, b' ' | b'\t' | b'>'));
    let line_end = memchr(b'\n', &bytes[end..]).map_or(bytes.len(), |i| end + i);
    let after_ok = bytes[end..line_end]
        .iter()
        .all(|&b| matches!(b, b' ' | b'\t' | b'\r'));
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(text: &str) -> Vec<Call> {
        let code = code_ranges(text);
        let (calls, bad) = find(text, &code);
        assert!(bad.is_empty(), "{bad:?}");
        calls
    }

    fn name_of(c: &Call) -> &str {
        match &c.kind {
            CallKind::Open { name, .. } => name,
            CallKind::Close { name } => name.as_deref().unwrap_or("end"),
            CallKind::Escaped(s) => s,
        }
    }

    #[test]
    fn finds_each_syntax() {
        let text = "a {{ badge(text=\"x\") }} b\n\n{% note(kind='tip') %}\nbody\n{% end %}\n\n{{< alert \"warn\" >}}x{{< /alert >}}\n\n{{% details summary=\"s\" %}}\nx\n{{% /details %}}\n\n{% callout type: \"info\" %}x{% endcallout %}\n\n{{#include ../x.md}}\n";
        let found = calls(text);
        let names: Vec<&str> = found.iter().map(name_of).collect();
        assert_eq!(
            names,
            [
                "badge", "note", "end", "alert", "alert", "details", "details", "callout",
                "callout", "include"
            ]
        );
        assert!(!found[0].alone);
        assert!(found[1].alone);
        assert_eq!(&text[found[0].range.clone()], "{{ badge(text=\"x\") }}");
    }

    #[test]
    fn code_and_other_tools_output_are_left_alone() {
        let text = "`{{ x() }}` {{ site.title }} {% if a == b %}\n\n```\n{{ y() }}\n```\n\n<!-- {{ z() }} -->\n\n\\{{ w() }}";
        assert!(calls(text).is_empty());
    }

    #[test]
    fn escaped_calls_show_as_written() {
        let found = calls("{{/* youtube(id=\"x\") */}} and {%/* note() */%}");
        assert_eq!(
            found[0].kind,
            CallKind::Escaped("{{ youtube(id=\"x\") }}".into())
        );
        assert_eq!(found[1].kind, CallKind::Escaped("{% note() %}".into()));
    }

    #[test]
    fn a_call_never_reaches_past_a_blank_line() {
        assert!(calls("{{< x \n\n >}}").is_empty());
        assert_eq!(calls("{{< x\n  a=\"b\" >}}").len(), 1);
    }

    #[test]
    fn no_text_of_braces_and_wide_characters_panics() {
        let parts = [
            "{{", "}}", "{%", "%}", "{{<", ">}}", "{{%", "%}}", "(", ")", "=", "\"", "'", "`",
            "/*", "*/", "é", "🔁", "\n", "\n\n", " ", "x", "end", "#include", "[", "]", ",", "-",
        ];
        // Every sequence of up to four parts: 28^4 texts.
        let mut text = String::new();
        for a in parts {
            for b in parts {
                for c in parts {
                    for d in parts {
                        text.clear();
                        for p in [a, b, c, d] {
                            text.push_str(p);
                        }
                        let _ = find(&text, &code_ranges(&text));
                    }
                }
            }
        }
    }

    #[test]
    fn unclosed_native_call_is_reported() {
        let text = "{{ x(a=1) ";
        let (_, bad) = find(text, &[]);
        assert_eq!(bad.len(), 1);
    }
}
