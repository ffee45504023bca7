//! Where each link's destination is written in a page's markdown, so that
//! it alone can be replaced: found with the parser and options a build
//! uses, by the offset a build reports for the link ([`crate::Site::links`]).
//!
//! - `[text](dest "title")`, `![alt](dest)`: the destination after `](`,
//!   plain or between `<` and `>`;
//! - `[text][label]`, `[text][]`, `[label]`: the destination of the
//!   definition `[label]: dest`, wherever it is (one for all its uses);
//! - `<https://...>`: the whole autolink;
//! - raw HTML (`<a href>`, `<img src>`, a `srcset` candidate): the URL in
//!   its attribute, when it is written as it reads (no `&amp;`).
//!
//! Each place is checked: the text found, with markdown's backslash escapes
//! and character references undone, must be the destination the build
//! read; a destination written some other way is reported, never guessed.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use crate::render::{markdown, raw_html};

/// Where a link's destination is written in a page's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    /// Its bytes (without the `<` and `>` around an angled destination).
    pub(crate) range: Range<usize>,
    /// Written between `<` and `>`, where blanks may stand as they are.
    pub(crate) angled: bool,
}

/// Why the place of a destination is not known.
pub(crate) const UNREADABLE: &str = "its destination is written with escapes or character references that handbook does not rewrite";

/// The places of the destinations of `body`'s links, by the offset a build
/// reports for each link (raw HTML counted only when `raw_html` is on, as a
/// build does). A link whose destination cannot be placed maps to why.
pub(crate) fn places(body: &str, raw_html: bool) -> HashMap<usize, Result<Place, &'static str>> {
    let mut out = HashMap::new();
    let mut parser = Parser::new_ext(body, markdown::options()).into_offset_iter();
    let events: Vec<(Event<'_>, Range<usize>)> = parser.by_ref().collect();
    let definitions = parser.reference_definitions();
    // Open links and images (an image may be inside a link's text): the
    // event that opened each, and where its text ends so far.
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (at, (event, range)) in events.iter().enumerate() {
        let opened = match event {
            Event::Start(Tag::Link { .. }) => Some(1),
            Event::Start(Tag::Image { .. }) => Some(2),
            _ => None,
        };
        let closed = matches!(event, Event::End(TagEnd::Link | TagEnd::Image));
        let own = if closed { open.pop() } else { None };
        for o in &mut open {
            o.1 = o.1.max(range.end);
        }
        if let Some(marker) = opened {
            open.push((at, range.start + marker));
        }
        if let (Event::Html(html) | Event::InlineHtml(html), true) = (event, raw_html) {
            html_places(body, html, range, &mut out);
        }
        let Some((opener, text_end)) = own else {
            continue;
        };
        let (
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            }),
            start,
        ) = &events[opener]
        else {
            continue;
        };
        let start = start.start;
        {
            let place = match link_type {
                LinkType::Inline => inline(body, text_end, range.end),
                LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => definitions
                    .get(id)
                    .and_then(|d| definition(body, d.span.clone())),
                LinkType::Autolink => (range.len() >= 2).then(|| Place {
                    range: range.start + 1..range.end - 1,
                    angled: false,
                }),
                _ => None,
            };
            let checked = place
                .filter(|p| {
                    body.get(p.range.clone())
                        .is_some_and(|raw| unescape(raw) == dest_url.as_ref())
                })
                .ok_or(UNREADABLE);
            out.insert(start, checked);
        }
    }
    out
}

/// The URLs of a piece of raw HTML, at the offsets the renderer reports for
/// them (see `raw_links` in render/markdown/renderer.rs).
fn html_places(
    body: &str,
    html: &str,
    range: &Range<usize>,
    out: &mut HashMap<usize, Result<Place, &'static str>>,
) {
    let found = raw_html::scan(html);
    if found.urls.is_empty() {
        return;
    }
    let aligned = body
        .get(range.start..)
        .is_some_and(|rest| rest.starts_with(html));
    for u in &found.urls {
        let offset = if aligned {
            range.start + u.at
        } else {
            body.get(range.clone())
                .and_then(|s| s.find(u.url.as_str()))
                .map_or(range.start, |i| range.start + i)
        };
        let place = body
            .get(offset..)
            .filter(|rest| rest.starts_with(u.url.as_str()))
            .map(|_| Place {
                range: offset..offset + u.url.len(),
                angled: false,
            })
            .ok_or(UNREADABLE);
        out.insert(offset, place);
    }
}

/// The destination of an inline link whose text ends at `text_end` and
/// which ends at `end`: after the `](`.
fn inline(body: &str, text_end: usize, end: usize) -> Option<Place> {
    let after = text_end + body.get(text_end..end)?.find("](")? + 2;
    destination(body, after, end)
}

/// The destination of the reference definition at `span` (`[label]: dest`).
fn definition(body: &str, span: Range<usize>) -> Option<Place> {
    let bytes = body.as_bytes();
    let mut i = span.start + body.get(span.clone())?.find('[')? + 1;
    while i < span.end {
        match bytes[i] {
            b'\\' => i += 2,
            b']' if bytes.get(i + 1) == Some(&b':') => {
                return destination(body, i + 2, span.end);
            }
            _ => i += 1,
        }
    }
    None
}

/// A link destination starting at `from` (after blanks and at most one line
/// break), as CommonMark reads one: `<...>` on one line, or a run without
/// blanks or control characters whose parentheses balance.
fn destination(body: &str, from: usize, end: usize) -> Option<Place> {
    let bytes = body.as_bytes();
    let end = end.min(bytes.len());
    let mut i = from;
    let mut breaks = 0;
    while i < end && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
        if bytes[i] == b'\n' {
            breaks += 1;
        }
        i += 1;
    }
    if breaks > 1 || i >= end {
        return None;
    }
    if bytes[i] == b'<' {
        let start = i + 1;
        let mut j = start;
        while j < end && !matches!(bytes[j], b'>' | b'\n' | b'\r' | b'<') {
            j += if bytes[j] == b'\\' { 2 } else { 1 };
        }
        return (bytes.get(j) == Some(&b'>')).then_some(Place {
            range: start..j,
            angled: true,
        });
    }
    let start = i;
    let mut depth = 0usize;
    while i < end {
        match bytes[i] {
            b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                i += 2;
                continue;
            }
            c if c <= b' ' || c == 0x7f => break,
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    Some(Place {
        range: start..i.min(end),
        angled: false,
    })
}

/// A destination as written, with backslash escapes and the common
/// character references undone (what the parser reads it as).
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|(_, n)| n.is_ascii_punctuation()) => {
                if let Some((_, n)) = chars.next() {
                    out.push(n);
                }
            }
            '&' => {
                let rest = &raw[at..];
                let entity = rest.find(';').and_then(|end| {
                    let name = &rest[1..end];
                    let c = match name {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => name
                            .strip_prefix("#x")
                            .or_else(|| name.strip_prefix("#X"))
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                            .and_then(char::from_u32),
                    }?;
                    Some((c, end))
                });
                match entity {
                    Some((c, end)) => {
                        out.push(c);
                        for _ in 0..end {
                            chars.next();
                        }
                    }
                    None => out.push('&'),
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text at the place found for the link at `offset`.
    fn at(body: &str, offset: usize) -> Result<&str, &'static str> {
        places(body, true)
            .get(&offset)
            .cloned()
            .unwrap_or(Err("no link there"))
            .map(|p| &body[p.range])
    }

    #[test]
    fn can_place_inline_destinations() {
        assert_eq!(at("See [a](x.md#y) now.", 4), Ok("x.md#y"));
        assert_eq!(at("![alt](img/a.png \"t\")", 0), Ok("img/a.png"));
        assert_eq!(at("[a [b] `]` *c*](../x.md)", 0), Ok("../x.md"));
        assert_eq!(at("[a](<my page.md>)", 0), Ok("my page.md"));
        assert_eq!(at("[a](x_(1).md)", 0), Ok("x_(1).md"));
        assert_eq!(at("[a](\n  x.md\n)", 0), Ok("x.md"));
        assert_eq!(at("[](x.md)", 0), Ok("x.md"));
        // An image inside a link: each its own.
        let body = "[![i](a.png)](b.md)";
        assert_eq!(at(body, 0), Ok("b.md"));
        assert_eq!(at(body, 1), Ok("a.png"));
    }

    #[test]
    fn can_place_reference_definitions_once_for_all_uses() {
        let body = "[one][r] and [r] and [R][]\n\n[r]: ../x.md#z \"title\"\n";
        let place = |offset| at(body, offset);
        assert_eq!(place(0), Ok("../x.md#z"));
        assert_eq!(place(13), Ok("../x.md#z"));
        assert_eq!(place(21), Ok("../x.md#z"));
        let body = "[a]\n\n[a]:\n  <b c.md>\n";
        assert_eq!(at(body, 0), Ok("b c.md"));
    }

    #[test]
    fn can_place_autolinks_and_raw_html() {
        assert_eq!(
            at("<https://example.com/a/>", 0),
            Ok("https://example.com/a/")
        );
        let body = "<a href=\"../x.md\">x</a> and <img src='a.png' srcset=\"b.png 2x, c.png 3x\">";
        for url in ["../x.md", "a.png", "b.png", "c.png"] {
            let offset = body.find(url).unwrap_or(0);
            assert_eq!(at(body, offset), Ok(url), "{url}");
        }
        // Raw HTML off: its URLs are not links.
        assert!(places("<a href=\"x.md\">x</a>", false).is_empty());
    }

    #[test]
    fn cannot_place_destinations_written_with_references() {
        assert_eq!(at("[a](x&amp;y.md)", 0), Ok("x&amp;y.md"));
        assert_eq!(at("[a](x\\_y.md)", 0), Ok("x\\_y.md"));
        let body = "<a href=\"x.md?a=1&amp;b=2\">x</a>";
        assert_eq!(
            places(body, true).values().next().cloned(),
            Some(Err(UNREADABLE))
        );
    }

    #[test]
    fn can_undo_escapes_as_the_parser_does() {
        assert_eq!(
            unescape("a\\_b&amp;c&#x41;&#66;\\q&nope"),
            "a_b&cAB\\q&nope"
        );
    }
}
