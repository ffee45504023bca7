//! GitHub alerts: the one-line form `> [!NOTE] Some text` made the alert
//! that the two-line form is, and each kind's class and title.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};

use super::events::{find_end, piece};

/// `> [!NOTE] Some text`, the alert's marker and its first words on one
/// line, made the alert that `> [!NOTE]` and `Some text` on two lines are.
///
/// GitHub (and pulldown-cmark after it) makes an alert only of a marker
/// alone on its line; with text after it, the quote stays a plain quote
/// that shows "[!NOTE]". Handbooks written for remark's or markdown-it's
/// alert plugins and for Obsidian write the one-line form, and what they
/// mean by it is plain, so here it is an alert: the five GitHub kinds
/// (`NOTE`, `TIP`, `IMPORTANT`, `WARNING`, `CAUTION`), in any case as on
/// GitHub, then a blank or tab; the rest of the line starts the alert's
/// text, exactly as if it stood on the next line.
///
/// Obsidian (and antfu's markdown-it-github-alerts) read the rest of the
/// line as a custom title instead (`> [!tip] My title`). It is the alert's
/// first words here, under the kind's own title: which of the two a line
/// means cannot be told from it ("[!NOTE] Back up first" reads either
/// way), shown as text nothing is lost, and every alert of a kind keeps the
/// one title. Obsidian's other kinds (`[!info]`, `[!faq]`) and folding
/// (`[!note]-`) stay plain quotes.
pub(super) fn one_line_alerts(events: &mut [(Event<'_>, Range<usize>)]) {
    for i in 0..events.len() {
        if !matches!(events[i].0, Event::Start(Tag::BlockQuote(None))) {
            continue;
        }
        let (Some((Event::Start(Tag::Paragraph), _)), Some((Event::Text(text), _))) =
            (events.get(i + 1), events.get(i + 2))
        else {
            continue;
        };
        let Some((kind, skip)) = one_line_marker(text) else {
            continue;
        };
        // Something must follow the marker on its line: its text, or markup.
        if skip == text.len()
            && matches!(
                events.get(i + 3),
                None | Some((
                    Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph),
                    _
                ))
            )
        {
            continue;
        }
        let end = find_end(events, i);
        events[i].0 = Event::Start(Tag::BlockQuote(Some(kind)));
        events[end].0 = Event::End(TagEnd::BlockQuote(Some(kind)));
        let (Event::Text(text), range) = &mut events[i + 2] else {
            continue;
        };
        if range.len() == text.len() {
            range.start += skip;
        }
        *text = piece(text, skip..text.len());
    }
}

/// `[!NOTE]` and blanks at the start of `text` (any case): the kind, and
/// where the text after them starts.
fn one_line_marker(text: &str) -> Option<(BlockQuoteKind, usize)> {
    let rest = text.strip_prefix("[!")?;
    let close = rest.bytes().take(10).position(|b| b == b']')?;
    let kind = match rest[..close].to_ascii_uppercase().as_str() {
        "NOTE" => BlockQuoteKind::Note,
        "TIP" => BlockQuoteKind::Tip,
        "IMPORTANT" => BlockQuoteKind::Important,
        "WARNING" => BlockQuoteKind::Warning,
        "CAUTION" => BlockQuoteKind::Caution,
        _ => return None,
    };
    let after = &rest[close + 1..];
    let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
    (blanks > 0).then_some((kind, 2 + close + 1 + blanks))
}

pub(super) fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}
