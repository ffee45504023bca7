//! Glossary terms: the first mention of each linked to its definition, with
//! a tooltip, and on a glossary page each term's entry cut out of the body
//! to be listed A-Z.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use super::DefinedTerm;
use super::attrs::{write_attr, write_href};
use super::events::piece;
use super::renderer::Renderer;
use crate::analyse::glossary::short_definition;

/// A glossary entry being cut out: events `start..end` of the output.
#[derive(Debug)]
pub(super) struct TermMark {
    pub(super) start: usize,
    pub(super) end: usize,
    /// A definition-list title (else a `##` heading).
    pub(super) dt: bool,
    pub(super) title: String,
    pub(super) id: String,
    pub(super) definition: String,
    pub(super) offset: usize,
    pub(super) open: bool,
}

impl<'a> Renderer<'a> {
    /// Ends the glossary entry being cut out, before output event `at`.
    pub(super) fn close_term(&mut self, at: usize) {
        if let Some(mark) = self.term_marks.last_mut()
            && mark.open
        {
            mark.open = false;
            mark.end = at;
        }
    }

    /// Whether the glossary entry being read still needs its definition.
    pub(super) fn wants_definition(&self) -> bool {
        self.defines_terms
            && self
                .term_marks
                .last()
                .is_some_and(|m| m.open && m.definition.is_empty())
    }

    /// Pushes text, linking the first mention of each glossary term.
    /// Pushes `text`, its first mention of each glossary term linked.
    pub(super) fn push_text(&mut self, text: CowStr<'a>) {
        let Some(glossary) = self.glossary else {
            self.out.push(Event::Text(text));
            return;
        };
        let mut last = 0;
        for (range, t) in glossary.find(&text) {
            if !self.linked.insert(t) {
                continue;
            }
            let term = &glossary.terms[t];
            if range.start > last {
                self.out.push(Event::Text(piece(&text, last..range.start)));
            }
            self.tips += 1;
            let tip = format!("term-tip-{}", self.tips);
            let mut open = String::from("<a class=\"term\"");
            write_href(&mut open, &term.href);
            write_attr(&mut open, "aria-describedby", &tip);
            open.push('>');
            self.out.push(Event::InlineHtml(open.into()));
            self.out.push(Event::Text(piece(&text, range.clone())));
            let mut close = String::from("</a><span class=\"term-tip\" role=\"tooltip\"");
            write_attr(&mut close, "id", &tip);
            close.push('>');
            escape_html(&mut close, &term.definition).ok();
            close.push_str("</span>");
            self.out.push(Event::InlineHtml(close.into()));
            last = range.end;
        }
        if last == 0 {
            self.out.push(Event::Text(text));
        } else if last < text.len() {
            self.out.push(Event::Text(piece(&text, last..text.len())));
        }
    }
}

/// Writes the output events `out` as HTML into `html`, each glossary entry
/// of `marks` cut out of it and returned, in page order, to be listed A-Z.
pub(super) fn cut_out_terms(
    html: &mut String,
    out: Vec<Event<'_>>,
    mut marks: Vec<TermMark>,
) -> Vec<DefinedTerm> {
    let mut defined_terms = Vec::new();
    if marks.iter().any(|m| m.dt) {
        // Definition lists define the terms; headings are then their groups.
        marks.retain(|m| m.dt);
    }
    if marks.is_empty() {
        pulldown_cmark::html::push_html(html, out.into_iter());
    } else {
        // Each term's entry is cut out of the body to be listed A-Z.
        let mut rest = Vec::with_capacity(out.len());
        let mut entries: Vec<Vec<Event<'_>>> = vec![Vec::new(); marks.len()];
        let mut m = 0;
        for (at, event) in out.into_iter().enumerate() {
            while m < marks.len() && at >= marks[m].end {
                m += 1;
            }
            match marks.get(m) {
                Some(mark) if at >= mark.start => entries[m].push(event),
                _ => rest.push(event),
            }
        }
        // Lists left empty by the cutting.
        let mut kept: Vec<Event<'_>> = Vec::with_capacity(rest.len());
        for event in rest {
            if matches!(event, Event::End(TagEnd::DefinitionList))
                && matches!(kept.last(), Some(Event::Start(Tag::DefinitionList)))
            {
                kept.pop();
                continue;
            }
            kept.push(event);
        }
        pulldown_cmark::html::push_html(html, kept.into_iter());
        for (mark, events) in marks.into_iter().zip(entries) {
            let mut entry = String::new();
            if mark.dt {
                entry.push_str("<dl class=\"glossary-entry\">\n");
            }
            pulldown_cmark::html::push_html(&mut entry, events.into_iter());
            if mark.dt {
                entry.push_str("</dl>\n");
            }
            defined_terms.push(DefinedTerm {
                title: mark.title,
                id: mark.id,
                definition: short_definition(&mark.definition),
                offset: mark.offset,
                html: entry,
            });
        }
    }
    defined_terms
}

/// A single letter: an A-Z group heading on a glossary page, not a term.
pub(super) fn is_letter(text: &str) -> bool {
    let mut chars = text.trim().chars();
    chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none()
}
