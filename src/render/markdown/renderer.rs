//! The renderer: one pass over the events that writes the output events and
//! records, as it goes, headings, anchors, links, checklists, phases, steps
//! and glossary entries.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};
use pulldown_cmark_escape::escape_href;

use super::alerts::alert;
use super::attrs::{add_attrs, is_safe_attr, is_script_url, parse_attrs, write_attr, write_href};
use super::code::code_block;
use super::events::{find_end, piece, plain_text};
use super::glossary::{TermMark, is_letter};
use super::items::{ListState, PhaseBuild, PhaseEnd, checklist_mark, is_phase_title};
use super::{Heading, LinkRef, NO_LINK, Step, TaskItem};
use crate::analyse::glossary::Glossary;
use crate::render::heading_id::Ids;
use crate::render::raw_html;
use crate::render::shortcode::Piece;
use crate::render::shortcode::expand::{BLOCK_PLACEHOLDER, INLINE_PLACEHOLDER};

#[derive(Default)]
pub(super) struct Renderer<'a> {
    /// The markdown, for where raw HTML's links are.
    pub(super) body: &'a str,
    /// The first paragraph's text, once seen.
    pub(super) summary: Option<String>,
    pub(super) out: Vec<Event<'a>>,
    pub(super) title_heading: Option<Heading>,
    pub(super) headings: Vec<Heading>,
    pub(super) anchors: HashSet<String>,
    /// The ids handed out to headings, terms and steps.
    pub(super) ids: Ids,
    pub(super) tasks: Vec<TaskItem>,
    pub(super) section: Option<usize>,
    /// For each open list item: whether its first content is still to come.
    pub(super) items: Vec<bool>,
    /// Whether raw HTML passes through (else it is shown as text).
    pub(super) raw_html: bool,
    pub(super) glossary: Option<&'a Glossary>,
    /// Terms linked so far.
    pub(super) linked: HashSet<usize>,
    /// Inside a heading or a link: no term links.
    pub(super) no_terms: u32,
    /// Inside a link written as raw HTML.
    pub(super) in_raw_link: bool,
    /// Tooltips so far, for their ids.
    pub(super) tips: usize,
    pub(super) defines_terms: bool,
    pub(super) term_marks: Vec<TermMark>,
    pub(super) steps: bool,
    pub(super) step_list: Vec<Step>,
    pub(super) lists: Vec<ListState>,
    pub(super) phases: Vec<PhaseBuild>,
    /// Open phases, innermost last: index and where each ends.
    pub(super) open_phases: Vec<(usize, PhaseEnd)>,
    /// Shortcodes' HTML, by placeholder.
    pub(super) pieces: &'a [Piece],
}

impl<'a> Renderer<'a> {
    /// Processes `events`; `top` is true for the whole body (not a heading's or link's inside).
    pub(super) fn run(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        top: bool,
        resolve: &mut dyn FnMut(&LinkRef<'_>) -> String,
    ) {
        let mut i = 0;
        // Where the last link or image opening tag is, while a `{attrs}` block may follow it.
        let mut pending_attrs: Option<usize> = None;
        while i < events.len() {
            let (event, range) = &events[i];
            let attrs_target = pending_attrs.take();
            match event {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    let end = find_end(events, i);
                    let text = plain_text(&events[i + 1..end]);
                    let id = match id {
                        Some(id) => self.claim_id(id.to_string()),
                        None => self.claim_id(self.ids.rule().base_id(&text)),
                    };
                    let heading = Heading {
                        level: *level as u8,
                        id,
                        text,
                    };
                    let lvl = heading.level;
                    self.open_phases
                        .retain(|(_, end)| matches!(end, PhaseEnd::Heading(l) if *l < lvl));
                    if lvl <= 2 {
                        self.close_term(self.out.len());
                    }
                    if top && lvl >= 2 && is_phase_title(&heading.text) {
                        self.open_phase(
                            heading.id.clone(),
                            heading.text.clone(),
                            PhaseEnd::Heading(lvl),
                        );
                    }
                    if top && self.defines_terms && lvl == 2 && !is_letter(&heading.text) {
                        self.term_marks.push(TermMark {
                            start: self.out.len(),
                            end: usize::MAX,
                            dt: false,
                            title: heading.text.clone(),
                            id: heading.id.clone(),
                            definition: String::new(),
                            offset: range.start,
                            open: true,
                        });
                    }
                    if top && i == 0 && *level == HeadingLevel::H1 {
                        self.title_heading = Some(heading.clone());
                        self.headings.push(heading);
                        i = end + 1;
                        continue;
                    }
                    let mut open = String::with_capacity(heading.id.len() + 16);
                    let _ = write!(open, "<h{}", heading.level);
                    write_attr(&mut open, "id", &heading.id);
                    if !classes.is_empty() {
                        write_attr(&mut open, "class", &classes.join(" "));
                    }
                    for (k, v) in attrs {
                        let v = v.as_deref().unwrap_or("");
                        if self.raw_html || is_safe_attr(k, v) {
                            write_attr(&mut open, k, v);
                        }
                    }
                    open.push('>');
                    self.out.push(Event::Html(open.into()));
                    self.no_terms += 1;
                    self.run(&events[i + 1..end], false, resolve);
                    self.no_terms -= 1;
                    let mut close = String::with_capacity(heading.id.len() + 80);
                    close.push_str("<a class=\"heading-anchor\" href=\"#");
                    escape_href(&mut close, &heading.id).ok();
                    let _ = writeln!(
                        close,
                        "\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{}>",
                        heading.level
                    );
                    self.out.push(Event::Html(close.into()));
                    if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                        self.section = Some(self.headings.len());
                    }
                    self.headings.push(heading);
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let end = find_end(events, i);
                    let code: String = events[i + 1..end]
                        .iter()
                        .filter_map(|(e, _)| {
                            if let Event::Text(t) = e {
                                Some(t.as_ref())
                            } else {
                                None
                            }
                        })
                        .collect();
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => {
                            info.split([' ', ',', '{']).next().unwrap_or("")
                        }
                        CodeBlockKind::Indented => "",
                    };
                    self.first_item_content(None);
                    self.out.push(Event::Html(code_block(&code, lang).into()));
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    ..
                }) => {
                    self.first_item_content(None);
                    let end = find_end(events, i);
                    let href = if *link_type == LinkType::Email {
                        format!("mailto:{dest_url}")
                    } else if !self.raw_html && is_script_url(dest_url) {
                        "#".to_string()
                    } else {
                        let text = plain_text(&events[i + 1..end]);
                        resolve(&LinkRef {
                            dest: dest_url,
                            offset: range.start,
                            image: false,
                            text,
                        })
                    };
                    if href == NO_LINK {
                        self.no_terms += 1;
                        self.run(&events[i + 1..end], false, resolve);
                        self.no_terms -= 1;
                        i = end + 1;
                        continue;
                    }
                    // Sized for the tag: grown a few bytes at a time it was
                    // copied four or five times a link.
                    let mut open = String::with_capacity(href.len() + title.len() + 24);
                    open.push_str("<a");
                    write_href(&mut open, &href);
                    if !title.is_empty() {
                        write_attr(&mut open, "title", title);
                    }
                    open.push('>');
                    let at = self.out.len();
                    self.out.push(Event::InlineHtml(open.into()));
                    self.no_terms += 1;
                    self.run(&events[i + 1..end], false, resolve);
                    self.no_terms -= 1;
                    self.out.push(Event::InlineHtml("</a>".into()));
                    pending_attrs = Some(at);
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    self.first_item_content(None);
                    let end = find_end(events, i);
                    let alt = plain_text(&events[i + 1..end]);
                    let src = if !self.raw_html && is_script_url(dest_url) {
                        "#".to_string()
                    } else {
                        resolve(&LinkRef {
                            dest: dest_url,
                            offset: range.start,
                            image: true,
                            text: alt.clone(),
                        })
                    };
                    if src == NO_LINK {
                        self.out.push(Event::Text(alt.into()));
                        i = end + 1;
                        continue;
                    }
                    let mut img = String::from("<img src=\"");
                    escape_href(&mut img, &src).ok();
                    img.push('"');
                    write_attr(&mut img, "alt", &alt);
                    if !title.is_empty() {
                        write_attr(&mut img, "title", title);
                    }
                    img.push_str(" loading=\"lazy\">");
                    pending_attrs = Some(self.out.len());
                    self.out.push(Event::InlineHtml(img.into()));
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    let (class, title) = alert(*kind);
                    self.out.push(Event::Html(
                        format!("<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{title}</p>\n").into(),
                    ));
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => {
                    self.out.push(Event::Html("</div>\n".into()))
                }
                Event::Start(Tag::List(first)) => {
                    self.lists.push(ListState {
                        ordered: first.is_some(),
                        next: first.unwrap_or(1),
                    });
                    self.out.push(event.clone());
                }
                Event::End(TagEnd::List(_)) => {
                    self.lists.pop();
                    self.out.push(event.clone());
                }
                Event::Start(Tag::Item) => {
                    self.start_item(events, i);
                }
                Event::End(TagEnd::Item) => {
                    let depth = self.items.len();
                    self.open_phases
                        .retain(|(_, end)| !matches!(end, PhaseEnd::Item(d) if *d >= depth));
                    self.items.pop();
                    self.out.push(event.clone());
                }
                Event::Start(Tag::Paragraph) if top && self.wants_definition() => {
                    let end = find_end(events, i);
                    let text = plain_text(&events[i + 1..end]);
                    if let Some(mark) = self.term_marks.last_mut() {
                        mark.definition = text;
                    }
                    self.out.push(event.clone());
                }
                Event::Start(Tag::DefinitionListTitle) if top && self.defines_terms => {
                    let end = find_end(events, i);
                    let title = plain_text(&events[i + 1..end]);
                    self.close_term(self.out.len());
                    let id = self.claim_id(self.ids.rule().base_id(&title));
                    let mut open = String::from("<dt");
                    write_attr(&mut open, "id", &id);
                    open.push('>');
                    self.term_marks.push(TermMark {
                        start: self.out.len(),
                        end: usize::MAX,
                        dt: true,
                        title,
                        id,
                        definition: String::new(),
                        offset: range.start,
                        open: true,
                    });
                    self.out.push(Event::Html(open.into()));
                }
                Event::Start(Tag::DefinitionListDefinition) if top && self.wants_definition() => {
                    let end = find_end(events, i);
                    let text = plain_text(&events[i + 1..end]);
                    if let Some(mark) = self.term_marks.last_mut() {
                        mark.definition = text;
                    }
                    self.out.push(event.clone());
                }
                Event::End(TagEnd::DefinitionList) if top => {
                    if self.term_marks.last().is_some_and(|m| m.open && m.dt) {
                        self.close_term(self.out.len());
                    }
                    self.out.push(event.clone());
                }
                // A wide table scrolls in its own box, not the whole page.
                Event::Start(Tag::Table(_)) => {
                    self.first_item_content(None);
                    self.out.push(Event::Html(CowStr::Borrowed(
                        "<div class=\"table-wrap\">\n",
                    )));
                    self.out.push(event.clone());
                }
                Event::End(TagEnd::Table) => {
                    self.out.push(event.clone());
                    self.out.push(Event::Html(CowStr::Borrowed("</div>\n")));
                }
                Event::Start(Tag::Paragraph) if top && self.summary.is_none() => {
                    let end = find_end(events, i);
                    let text = plain_text(&events[i + 1..end]);
                    if !text.trim().is_empty() {
                        self.summary = Some(text);
                    }
                    self.out.push(event.clone());
                }
                Event::Start(Tag::FootnoteDefinition(name)) => {
                    self.anchors.insert(name.to_string());
                    self.out.push(event.clone());
                }
                Event::TaskListMarker(done) => {
                    // A phase's own line is not one of its items: no box, as
                    // a box shown must be a task counted.
                    let counted = self.items.last() == Some(&true);
                    self.first_item_content(Some(*done));
                    if counted {
                        // Named, as every form control must be (the item's
                        // text beside it is not its label to a screen reader).
                        self.out.push(Event::InlineHtml(CowStr::Borrowed(if *done {
                            "<input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"Task\"/>\n"
                        } else {
                            "<input type=\"checkbox\" disabled=\"\" aria-label=\"Task\"/>\n"
                        })));
                    }
                }
                Event::Text(original) => {
                    let mut text: &str = original;
                    if let Some(at) = attrs_target
                        && let Some((mut attrs, rest)) = parse_attrs(text)
                    {
                        attrs.retain(|(k, v)| self.raw_html || is_safe_attr(k, v));
                        add_attrs(&mut self.out[at], &attrs);
                        text = rest;
                    }
                    let done = checklist_mark(text);
                    self.first_item_content(done);
                    if !text.is_empty() {
                        let links_terms =
                            self.glossary.is_some() && self.no_terms == 0 && !self.in_raw_link;
                        // What is left after any `{attrs}`: the end of the text.
                        let rest = piece(original, original.len() - text.len()..original.len());
                        if links_terms {
                            self.push_text(rest);
                        } else {
                            self.out.push(Event::Text(rest));
                        }
                    }
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    self.first_item_content(None);
                    let lower = html.trim_start().to_ascii_lowercase();
                    if lower.starts_with("<a ") || lower.starts_with("<a>") {
                        self.in_raw_link = true;
                    } else if lower.starts_with("</a") {
                        self.in_raw_link = false;
                    }
                    if let Some(html) = self.with_pieces(html, range, resolve) {
                        self.out.push(match event {
                            Event::Html(_) => Event::Html(html.into()),
                            _ => Event::InlineHtml(html.into()),
                        });
                    } else if self.raw_html {
                        let found = raw_html::scan(html);
                        for id in found.ids {
                            // No heading may take it too (ids are unique).
                            self.ids.reserve(&id);
                            self.anchors.insert(id);
                        }
                        if found.urls.is_empty() {
                            self.out.push(event.clone());
                        } else {
                            let html = self.raw_links(html, range, None, &found.urls, resolve);
                            self.out.push(match event {
                                Event::Html(_) => Event::Html(html.into()),
                                _ => Event::InlineHtml(html.into()),
                            });
                        }
                    } else {
                        self.out.push(Event::Text(html.clone()));
                    }
                }
                // A definition list's title can hold an item's task marker.
                Event::Start(Tag::Paragraph | Tag::DefinitionList | Tag::DefinitionListTitle)
                | Event::End(_)
                | Event::SoftBreak
                | Event::HardBreak => self.out.push(event.clone()),
                _ => {
                    self.first_item_content(None);
                    self.out.push(event.clone());
                }
            }
            i += 1;
        }
    }

    /// Raw HTML with the URLs of its tags resolved as markdown links' are:
    /// each is handed to `resolve` (and so checked) with its offset in the
    /// body, and written back where `resolve` changed it.
    fn raw_links(
        &self,
        html: &str,
        range: &Range<usize>,
        at: Option<usize>,
        urls: &[raw_html::HtmlUrl],
        resolve: &mut dyn FnMut(&LinkRef<'_>) -> String,
    ) -> String {
        // The event's text is the source's, unless a container (`> `, a
        // list's indent) was taken out of it.
        let aligned = self
            .body
            .get(range.start..)
            .is_some_and(|rest| rest.starts_with(html));
        let new: Vec<Option<String>> = urls
            .iter()
            .map(|u| {
                let offset = if let Some(at) = at {
                    at
                } else if aligned {
                    range.start + u.at
                } else {
                    self.body
                        .get(range.clone())
                        .and_then(|s| s.find(u.url.as_str()))
                        .map_or(range.start, |i| range.start + i)
                };
                let href = resolve(&LinkRef {
                    dest: &u.url,
                    offset,
                    image: u.embedded,
                    text: u.attr.to_string(),
                });
                // Raw HTML keeps its element: a link that must not be one
                // leads nowhere.
                let href = if href == NO_LINK {
                    "#".to_string()
                } else {
                    href
                };
                (href != u.url).then_some(href)
            })
            .collect();
        if new.iter().all(Option::is_none) {
            html.to_string()
        } else {
            raw_html::rewrite(html, urls, &new)
        }
    }

    /// Raw HTML with the shortcode placeholders in it replaced by their
    /// HTML, whose ids are anchors and whose URLs are resolved (at the
    /// call); `None` when it has none. Around them, the HTML is what it
    /// would be without (shown as text unless raw HTML is allowed).
    fn with_pieces(
        &mut self,
        html: &str,
        range: &Range<usize>,
        resolve: &mut dyn FnMut(&LinkRef<'_>) -> String,
    ) -> Option<String> {
        if self.pieces.is_empty() {
            return None;
        }
        let first = self.pieces.partition_point(|p| p.at < range.start);
        let inside = self.pieces[first..].iter().take_while(|p| p.at < range.end);
        let mut out = String::new();
        let mut rest = html;
        let mut any = false;
        for piece in inside {
            let placeholder = if piece.block {
                BLOCK_PLACEHOLDER
            } else {
                INLINE_PLACEHOLDER
            };
            let Some(k) = rest.find(placeholder) else {
                break;
            };
            any = true;
            self.plain_html(&rest[..k], &mut out);
            let found = raw_html::scan(&piece.html);
            for id in found.ids {
                self.ids.reserve(&id);
                self.anchors.insert(id);
            }
            if found.urls.is_empty() {
                out.push_str(&piece.html);
            } else {
                let at = piece.at..piece.at + placeholder.len();
                out.push_str(&self.raw_links(
                    &piece.html,
                    &at,
                    Some(piece.at),
                    &found.urls,
                    resolve,
                ));
            }
            rest = &rest[k + placeholder.len()..];
        }
        if !any {
            return None;
        }
        self.plain_html(rest, &mut out);
        Some(out)
    }

    /// Raw HTML as it is when raw HTML is allowed, else as text.
    fn plain_html(&self, html: &str, out: &mut String) {
        if self.raw_html {
            out.push_str(html);
        } else {
            let _ = pulldown_cmark_escape::escape_html(&mut *out, html);
        }
    }

    pub(super) fn claim_id(&mut self, base: String) -> String {
        let id = self.ids.unique(base);
        self.anchors.insert(id.clone());
        id
    }
}
