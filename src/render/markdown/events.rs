//! Reading and reshaping the event stream: where a tag ends, its text
//! without markup, a piece of a text, and lines broken softly joined into one text.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

/// The index of the event that closes the tag opened at `start`.
pub(super) fn find_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

/// The text of inline events, without markup.
pub(super) fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

/// Part of a text: borrowed when the text is borrowed from the markdown, else copied.
pub(super) fn piece<'a>(text: &CowStr<'a>, range: Range<usize>) -> CowStr<'a> {
    match text {
        CowStr::Borrowed(s) => CowStr::Borrowed(&s[range]),
        _ if range == (0..text.len()) => text.clone(),
        _ => CowStr::from(text[range].to_string()),
    }
}

/// Text, soft line breaks and text again as one text (with the breaks kept
/// as `\n`, which HTML shows the same way). A run that is one piece of
/// `body` as written (most of a paragraph's lines) is borrowed from it, not copied.
pub(super) fn join_soft_breaks<'a>(body: &'a str, events: &mut Vec<(Event<'a>, Range<usize>)>) {
    // In place: each event written goes at or before the one being read, so
    // a long page needs no second vector (and its fresh memory).
    let mut written = 0;
    let mut pending: Option<(Joined<'a>, Range<usize>)> = None;
    for at in 0..events.len() {
        let (event, range) = std::mem::replace(&mut events[at], (Event::SoftBreak, 0..0));
        let more = match &event {
            Event::SoftBreak => Some("\n"),
            Event::Text(t) => Some(t.as_ref()),
            _ => None,
        };
        match (more, pending.as_mut()) {
            (Some(more), Some((text, r))) => {
                text.push(body, more, matches!(event, Event::SoftBreak));
                r.end = range.end;
            }
            (Some(_), None) => {
                if let Event::Text(t) = event {
                    pending = Some((Joined::One(t), range));
                } else {
                    events[written] = (event, range);
                    written += 1;
                }
            }
            _ => {
                if let Some((text, r)) = pending.take() {
                    events[written] = (Event::Text(text.into_cow(body)), r);
                    written += 1;
                }
                events[written] = (event, range);
                written += 1;
            }
        }
    }
    events.truncate(written);
    if let Some((text, r)) = pending {
        events.push((Event::Text(text.into_cow(body)), r));
    }
}

/// Text being joined: as it came, a run of `body`, or copied.
enum Joined<'a> {
    One(CowStr<'a>),
    Body(Range<usize>),
    Copied(String),
}

impl<'a> Joined<'a> {
    /// Where `s` starts in `body`, if it is a piece of it.
    fn offset_in(body: &str, s: &str) -> Option<usize> {
        let at = (s.as_ptr() as usize).checked_sub(body.as_ptr() as usize)?;
        (at + s.len() <= body.len()).then_some(at)
    }

    /// Appends `more`: a soft break (`\n`) or a text.
    fn push(&mut self, body: &'a str, more: &str, soft_break: bool) {
        let run = match self {
            Joined::One(CowStr::Borrowed(s)) => {
                Joined::offset_in(body, s).map(|at| at..at + s.len())
            }
            Joined::Body(r) => Some(r.clone()),
            _ => None,
        };
        // `more` follows the run in `body`: the soft break's `\n`, or the next line's text.
        let follows = run.as_ref().is_some_and(|r| {
            if soft_break {
                body.as_bytes().get(r.end) == Some(&b'\n')
            } else {
                Joined::offset_in(body, more) == Some(r.end)
            }
        });
        match (run, follows) {
            (Some(r), true) => *self = Joined::Body(r.start..r.end + more.len()),
            _ => {
                let mut text = match std::mem::replace(self, Joined::Copied(String::new())) {
                    Joined::One(t) => t.into_string(),
                    Joined::Body(r) => body[r].to_string(),
                    Joined::Copied(t) => t,
                };
                text.push_str(more);
                *self = Joined::Copied(text);
            }
        }
    }

    /// The joined text, borrowed from `body` when it is a run of it.
    fn into_cow(self, body: &'a str) -> CowStr<'a> {
        match self {
            Joined::One(t) => t,
            Joined::Body(r) => CowStr::Borrowed(&body[r]),
            Joined::Copied(t) => t.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Parser, TextMergeWithOffset};

    use super::*;
    use crate::render::markdown::options;

    #[test]
    fn soft_breaks_join_lines_borrowing_what_is_written_as_is() {
        let texts = |body: &str| -> Vec<(String, bool)> {
            let mut events =
                TextMergeWithOffset::new(Parser::new_ext(body, options()).into_offset_iter())
                    .collect();
            join_soft_breaks(body, &mut events);
            events
                .into_iter()
                .filter_map(|(e, _)| match e {
                    Event::Text(t) => Some((t.to_string(), matches!(t, CowStr::Borrowed(_)))),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            texts("one\ntwo\nthree\n"),
            [("one\ntwo\nthree".into(), true)]
        );
        // Indented lines and CRLF endings are not the text as written: copied.
        assert_eq!(texts("one\n  two\n"), [("one\ntwo".into(), false)]);
        assert_eq!(texts("one\r\ntwo\r\n"), [("one\ntwo".into(), false)]);
        // Markup in between ends a run (a break after it stays a break).
        assert_eq!(
            texts("a\nb *c*\nd\n"),
            [
                ("a\nb ".into(), true),
                ("c".into(), true),
                ("d".into(), true)
            ]
        );
    }
}
