//! Markdown -> HTML with pulldown-cmark, plus what the analysis needs from it:
//! heading ids, anchors, links with their byte offsets, and checklist items.
//!
//! Event transforms, in order of the stream:
//! - headings get unique ids as the FlowFuse (markdown-it-anchor) site makes
//!   them: the text lower-cased, whitespace runs to `-`, all else kept
//!   (`## 🔁 Iterative Improvement` -> `🔁-iterative-improvement`), a repeat
//!   gets `-1`, `-2`; `{#id}` sets one explicitly. A first `# Title` is taken
//!   out of the body for the page header;
//! - links and images are rewritten by the caller's resolver, and
//!   markdown-it-attrs style `{data-zoomable}` / `{rel="nofollow"}` right after
//!   them become attributes instead of text;
//! - fenced code is highlighted (syntect classes); `mermaid` is left for the client;
//! - `> [!NOTE]` style GitHub alerts get a titled box, and so does the
//!   one-line form `> [!NOTE] Some text` (see [`one_line_alerts`]);
//! - other tools' comments (`{% comment %}`, `{# #}`) are taken out and their
//!   template syntax is recorded (render/foreign.rs);
//! - task items (`- [x]`) and items starting with ✅ (done) or ⬜ ☐ ❌ (open)
//!   are recorded with the `##`/`###` section they are in;
//! - plan phases are found: a heading, or a list item with a list inside,
//!   whose text names a period ("Days 0-30", "Week 1-4:", "**Month 2**"),
//!   counting the items under it; a phase with phases inside is a container;
//! - the first mention of each glossary term links to its definition, with
//!   the short definition as a tooltip (not in headings, links, code or raw HTML);
//! - on a glossary page, each term's definition is cut out to be listed A-Z;
//! - on a playbook, the items of top-level numbered lists become steps with
//!   anchors (numbered headings, where a page has them, are its steps
//!   instead: render/steps.rs).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag,
    TagEnd, TextMergeWithOffset,
};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;

use super::foreign::{self, ForeignSyntax};
use super::heading_id::{HeadingIdRule, Ids};
use super::{highlight, raw_html};
use crate::analyse::glossary::{Glossary, short_definition};

/// A heading of the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its unique id on the page.
    pub id: String,
    /// Its text, without markup.
    pub text: String,
}

/// A link or image as written in the markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef<'a> {
    /// The destination as written.
    pub dest: &'a str,
    /// Byte offset of the link in the body.
    pub offset: usize,
    /// Whether it is an image.
    pub image: bool,
    /// The link's text (an image's alt text).
    pub text: String,
}

/// A checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TaskItem {
    /// Ticked (`[x]`, ✅) or open.
    pub done: bool,
    /// The `##`/`###` heading it is under, an index into [`Rendered::headings`].
    pub section: Option<usize>,
}

/// A phase of a plan ("Week 1-4") and what is under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phase {
    /// Its anchor.
    pub id: String,
    /// Its heading or the first line of its item.
    pub title: String,
    /// Checklist items ticked.
    pub done: u32,
    /// Checklist items.
    pub tasks: u32,
    /// List items that are not checklist items.
    pub items: u32,
}

/// A numbered step of a playbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Its anchor.
    pub id: String,
    /// Its number as shown.
    pub number: u64,
    /// Its first line, as text.
    pub text: String,
    /// The heading of the section its list is in (list steps only), so that
    /// steps in several sections can be shown under their sections.
    pub section: Option<String>,
}

/// A term a glossary page defines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinedTerm {
    /// The heading or definition-list title, as text.
    pub title: String,
    /// Its anchor.
    pub id: String,
    /// The first paragraph of its definition, as text.
    pub definition: String,
    /// Byte offset in the body.
    pub offset: usize,
    /// The HTML of its whole entry, cut out of the body.
    pub html: String,
}

/// What a link resolver returns for a link that must not be one: the link's
/// text (an image's alt text) is written without it, so its destination
/// appears nowhere (a public page's link to an internal one, under
/// `[audience] links = "text"`). No destination can hold a NUL.
pub const NO_LINK: &str = "\u{0}";

/// What a render does besides making HTML.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions<'g> {
    /// Whether raw HTML passes through (else it is shown as text).
    pub raw_html: bool,
    /// Terms whose first mention becomes a link.
    pub glossary: Option<&'g Glossary>,
    /// The page is a glossary: its terms are recorded and cut out.
    pub defines_terms: bool,
    /// The page is a playbook: its numbered items are steps.
    pub steps: bool,
    /// Which tool's rule gives headings their ids.
    pub heading_ids: HeadingIdRule,
}

/// A page body rendered to HTML, with what was found in it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// A `# Title` that opened the body, taken out for the page header.
    pub title_heading: Option<Heading>,
    /// Every heading in order (the taken-out title included, first).
    pub headings: Vec<Heading>,
    /// Every id a link can point at: headings, footnotes and raw HTML `id`/`name`.
    pub anchors: HashSet<String>,
    /// Checklist items in order.
    pub tasks: Vec<TaskItem>,
    /// Plan phases in order (containers left out).
    pub phases: Vec<Phase>,
    /// Playbook steps in order.
    pub steps: Vec<Step>,
    /// Glossary terms linked, by index, sorted.
    pub terms_used: Vec<usize>,
    /// On a glossary page: the terms it defines, in page order.
    pub defined_terms: Vec<DefinedTerm>,
    /// Other tools' template syntax left in the text, and comments of theirs
    /// left open, in page order (see render/foreign.rs).
    pub template_syntax: Vec<ForeignSyntax>,
    /// The first paragraph's text, cut at a word near 160 characters: the
    /// page's description for search engines when its frontmatter has none.
    pub summary: String,
}

/// pulldown-cmark's options for handbook markdown.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

/// Renders `body`; `resolve` turns each link or image destination into the href to write.
/// Without `raw_html`, HTML in the markdown is shown as text and links to
/// `javascript:`, `vbscript:` and `data:` URLs lead nowhere.
pub fn render(
    body: &str,
    raw_html: bool,
    resolve: &mut dyn FnMut(&LinkRef<'_>) -> String,
) -> Rendered {
    render_with(
        body,
        &RenderOptions {
            raw_html,
            ..RenderOptions::default()
        },
        resolve,
    )
}

/// Renders `body` as [`render`] does, with glossary links, terms and steps as `options` ask.
pub fn render_with(
    body: &str,
    options: &RenderOptions<'_>,
    resolve: &mut dyn FnMut(&LinkRef<'_>) -> String,
) -> Rendered {
    // Handbook pages have an event per 18 to 23 bytes: room for one per
    // 16 spares growing the vector (and copying it) several times a page.
    let mut events: Vec<(Event<'_>, Range<usize>)> = Vec::with_capacity(body.len() / 16 + 16);
    let openers = foreign::openers(body);
    let mut template_syntax = Vec::new();
    let mut hidden = Vec::new();
    if openers.comment {
        // Comments are found outside code, so in the events, and taken out
        // of them before texts are merged (a merged text may be a copy).
        let raw: Vec<_> = Parser::new_ext(body, self::options())
            .into_offset_iter()
            .collect();
        let comments = foreign::comments(body, &raw);
        template_syntax = comments.unclosed;
        hidden = comments.hidden;
        events.extend(TextMergeWithOffset::new(
            foreign::hide(body, raw, &hidden).into_iter(),
        ));
    } else {
        events.extend(TextMergeWithOffset::new(
            Parser::new_ext(body, self::options()).into_offset_iter(),
        ));
    }
    one_line_alerts(&mut events);
    if openers.any {
        template_syntax.extend(foreign::scan(body, &events, &hidden));
        template_syntax.sort_by_key(|f| f.offset);
    }
    if options.glossary.is_some() {
        // A term may be wrapped across source lines.
        join_soft_breaks(body, &mut events);
    }
    let mut r = Renderer {
        body,
        out: Vec::with_capacity(events.len()),
        raw_html: options.raw_html,
        glossary: options.glossary.filter(|g| !g.is_empty()),
        defines_terms: options.defines_terms,
        steps: options.steps,
        ids: Ids::new(options.heading_ids),
        ..Renderer::default()
    };
    r.run(&events, true, resolve);
    r.close_term(r.out.len());
    let mut html = String::with_capacity(body.len() * 3 / 2);
    let mut defined_terms = Vec::new();
    let mut marks = std::mem::take(&mut r.term_marks);
    if marks.iter().any(|m| m.dt) {
        // Definition lists define the terms; headings are then their groups.
        marks.retain(|m| m.dt);
    }
    if marks.is_empty() {
        pulldown_cmark::html::push_html(&mut html, r.out.into_iter());
    } else {
        // Each term's entry is cut out of the body to be listed A-Z.
        let mut rest = Vec::with_capacity(r.out.len());
        let mut entries: Vec<Vec<Event<'_>>> = vec![Vec::new(); marks.len()];
        let mut m = 0;
        for (at, event) in r.out.into_iter().enumerate() {
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
        pulldown_cmark::html::push_html(&mut html, kept.into_iter());
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
    let phases = r
        .phases
        .into_iter()
        .filter(|p| !p.container && (p.phase.tasks > 0 || p.phase.items > 0))
        .map(|p| p.phase)
        .collect();
    let mut terms_used: Vec<usize> = r.linked.into_iter().collect();
    terms_used.sort_unstable();
    // Kept until the page is rendered, with every other page's: without the
    // room left over from growing, a 10,000-page build peaks about 15 MB lower.
    html.shrink_to_fit();
    Rendered {
        html,
        title_heading: r.title_heading,
        headings: r.headings,
        anchors: r.anchors,
        tasks: r.tasks,
        phases,
        steps: r.step_list,
        terms_used,
        defined_terms,
        template_syntax,
        summary: r.summary.map(|s| cut_at_word(&s, 160)).unwrap_or_default(),
    }
}

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
fn one_line_alerts(events: &mut [(Event<'_>, Range<usize>)]) {
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

/// Text, soft line breaks and text again as one text (with the breaks kept
/// as `\n`, which HTML shows the same way). A run that is one piece of
/// `body` as written (most of a paragraph's lines) is borrowed from it, not copied.
fn join_soft_breaks<'a>(body: &'a str, events: &mut Vec<(Event<'a>, Range<usize>)>) {
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

/// A phase being read.
#[derive(Debug)]
struct PhaseBuild {
    phase: Phase,
    /// It has phases inside: not a phase itself.
    container: bool,
}

/// Where a phase ends: at a heading of its level or higher, or with its list item.
#[derive(Debug, Clone, Copy)]
enum PhaseEnd {
    Heading(u8),
    Item(usize),
}

/// A glossary entry being cut out: events `start..end` of the output.
#[derive(Debug)]
struct TermMark {
    start: usize,
    end: usize,
    /// A definition-list title (else a `##` heading).
    dt: bool,
    title: String,
    id: String,
    definition: String,
    offset: usize,
    open: bool,
}

/// An open list: whether it is numbered, and the number of its next item.
#[derive(Debug, Clone, Copy)]
struct ListState {
    ordered: bool,
    next: u64,
}

#[derive(Default)]
struct Renderer<'a> {
    /// The markdown, for where raw HTML's links are.
    body: &'a str,
    /// The first paragraph's text, once seen.
    summary: Option<String>,
    out: Vec<Event<'a>>,
    title_heading: Option<Heading>,
    headings: Vec<Heading>,
    anchors: HashSet<String>,
    /// The ids handed out to headings, terms and steps.
    ids: Ids,
    tasks: Vec<TaskItem>,
    section: Option<usize>,
    /// For each open list item: whether its first content is still to come.
    items: Vec<bool>,
    /// Whether raw HTML passes through (else it is shown as text).
    raw_html: bool,
    glossary: Option<&'a Glossary>,
    /// Terms linked so far.
    linked: HashSet<usize>,
    /// Inside a heading or a link: no term links.
    no_terms: u32,
    /// Inside a link written as raw HTML.
    in_raw_link: bool,
    /// Tooltips so far, for their ids.
    tips: usize,
    defines_terms: bool,
    term_marks: Vec<TermMark>,
    steps: bool,
    step_list: Vec<Step>,
    lists: Vec<ListState>,
    phases: Vec<PhaseBuild>,
    /// Open phases, innermost last: index and where each ends.
    open_phases: Vec<(usize, PhaseEnd)>,
}

impl<'a> Renderer<'a> {
    /// Processes `events`; `top` is true for the whole body (not a heading's or link's inside).
    fn run(
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
                    if self.raw_html {
                        let found = raw_html::scan(html);
                        for id in found.ids {
                            // No heading may take it too (ids are unique).
                            self.ids.reserve(&id);
                            self.anchors.insert(id);
                        }
                        if found.urls.is_empty() {
                            self.out.push(event.clone());
                        } else {
                            let html = self.raw_links(html, range, &found.urls, resolve);
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
                let offset = if aligned {
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

    /// The first content of a list item decides whether it is a checklist item.
    fn first_item_content(&mut self, done: Option<bool>) {
        if let Some(first) = self.items.last_mut()
            && *first
        {
            *first = false;
            let phase = self.open_phases.last().map(|&(p, _)| p);
            if let Some(done) = done {
                self.tasks.push(TaskItem {
                    done,
                    section: self.section,
                });
            }
            if let Some(p) = phase {
                let p = &mut self.phases[p].phase;
                match done {
                    Some(done) => {
                        p.tasks += 1;
                        p.done += u32::from(done);
                    }
                    None => p.items += 1,
                }
            }
        }
    }

    /// Opens a list item: a phase when its first line names a period and a
    /// list follows; a step when it is in a playbook's top-level numbered list.
    fn start_item(&mut self, events: &[(Event<'a>, Range<usize>)], i: usize) {
        let end = find_end(events, i);
        let inner = &events[i + 1..end];
        let sublist = inner
            .iter()
            .position(|(e, _)| matches!(e, Event::Start(Tag::List(_))));
        let head = || plain_text(&inner[..sublist.unwrap_or(inner.len())]);
        let list = self.lists.last().copied();
        if let Some(l) = self.lists.last_mut()
            && l.ordered
        {
            l.next += 1;
        }
        if sublist.is_some() {
            let head = head();
            if is_phase_title(&head) {
                let title = phase_title(&head);
                let id = self.claim_id(self.ids.rule().base_id(&title));
                let mut open = String::from("<li");
                write_attr(&mut open, "id", &id);
                write_attr(&mut open, "class", "phase");
                open.push('>');
                self.out.push(Event::Html(open.into()));
                // Its own line is not one of its items.
                self.items.push(false);
                self.open_phase(id, title, PhaseEnd::Item(self.items.len()));
                return;
            }
        }
        if self.steps
            && self.lists.len() == 1
            && let Some(list) = list.filter(|l| l.ordered)
        {
            let number = list.next;
            let prefix = self
                .section
                .and_then(|s| self.headings.get(s))
                .map(|h| format!("{}-", h.id))
                .unwrap_or_default();
            let id = self.claim_id(format!("{prefix}step-{number}"));
            let mut open = String::from("<li");
            write_attr(&mut open, "id", &id);
            write_attr(&mut open, "class", "step");
            open.push_str("><a class=\"step-anchor\"");
            write_href(&mut open, &format!("#{id}"));
            let _ = write!(open, " aria-label=\"Link to step {number}\">#</a>");
            let text = head();
            let section = self
                .section
                .and_then(|s| self.headings.get(s))
                .map(|h| h.text.clone());
            self.step_list.push(Step {
                id,
                number,
                text: text.trim().to_string(),
                section,
            });
            self.out.push(Event::Html(open.into()));
            self.items.push(true);
            return;
        }
        self.items.push(true);
        self.out.push(Event::Start(Tag::Item));
    }

    fn open_phase(&mut self, id: String, title: String, end: PhaseEnd) {
        if let Some(&(parent, _)) = self.open_phases.last() {
            self.phases[parent].container = true;
        }
        self.open_phases.push((self.phases.len(), end));
        self.phases.push(PhaseBuild {
            phase: Phase {
                id,
                title,
                done: 0,
                tasks: 0,
                items: 0,
            },
            container: false,
        });
    }

    /// Ends the glossary entry being cut out, before output event `at`.
    fn close_term(&mut self, at: usize) {
        if let Some(mark) = self.term_marks.last_mut()
            && mark.open
        {
            mark.open = false;
            mark.end = at;
        }
    }

    /// Whether the glossary entry being read still needs its definition.
    fn wants_definition(&self) -> bool {
        self.defines_terms
            && self
                .term_marks
                .last()
                .is_some_and(|m| m.open && m.definition.is_empty())
    }

    /// Pushes text, linking the first mention of each glossary term.
    /// Pushes `text`, its first mention of each glossary term linked.
    fn push_text(&mut self, text: CowStr<'a>) {
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

    fn claim_id(&mut self, base: String) -> String {
        let id = self.ids.unique(base);
        self.anchors.insert(id.clone());
        id
    }
}

/// Part of a text: borrowed when the text is borrowed from the markdown, else copied.
fn piece<'a>(text: &CowStr<'a>, range: Range<usize>) -> CowStr<'a> {
    match text {
        CowStr::Borrowed(s) => CowStr::Borrowed(&s[range]),
        _ if range == (0..text.len()) => text.clone(),
        _ => CowStr::from(text[range].to_string()),
    }
}

/// `text` with blanks squeezed, cut at the last word that ends within `max`
/// characters, with `…` when cut.
fn cut_at_word(text: &str, max: usize) -> String {
    let squeezed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if squeezed.chars().count() <= max {
        return squeezed;
    }
    let end = squeezed
        .char_indices()
        .nth(max)
        .map_or(squeezed.len(), |(i, _)| i);
    let cut = squeezed[..end].rfind(' ').filter(|&i| i > 0).unwrap_or(end);
    format!(
        "{}…",
        squeezed[..cut].trim_end_matches([',', ';', ':', '.', ' '])
    )
}

/// A URL that runs code when followed (`javascript:`, `vbscript:`, `data:`),
/// whatever its case and the blanks browsers ignore in it.
fn is_script_url(url: &str) -> bool {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| squeezed.starts_with(s))
}

/// Whether an attribute from a `{...}` block may be written when raw HTML is
/// off: not an event handler (`onclick`, any `on...`) and no script URL in
/// its value, which would let markdown run code that raw HTML may not.
fn is_safe_attr(name: &str, value: &str) -> bool {
    !name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("on")) && !is_script_url(value)
}

/// Whether a heading or list item's text names a period of a plan: a
/// number or an ordinal next to day, week, month or quarter ("Days 0–30",
/// "Week 1-4:", "First 30 days", "Month 2", "Second month").
pub fn is_phase_title(text: &str) -> bool {
    // The first 8 words, without allocating: this runs for every heading.
    let mut words = [""; 8];
    let mut count = 0;
    for (slot, w) in words.iter_mut().zip(
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty()),
    ) {
        *slot = w;
        count += 1;
    }
    let words = &words[..count];
    let unit = |w: &str| {
        with_lowercase(w, |w| {
            matches!(
                w,
                "day" | "days" | "week" | "weeks" | "month" | "months" | "quarter" | "quarters"
            )
        })
    };
    let number = |w: &str| {
        w.chars().all(|c| c.is_ascii_digit()) || with_lowercase(w, |w| ORDINALS.contains(&w))
    };
    words.iter().enumerate().any(|(i, w)| {
        unit(w)
            && (i.checked_sub(1).is_some_and(|j| number(words[j]))
                || words.get(i + 1).is_some_and(|n| number(n)))
    })
}

/// `test` of `word` lower-cased; an ASCII word of at most 8 letters (as long
/// as the longest unit or ordinal) is lower-cased on the stack, any other
/// into a new String.
fn with_lowercase(word: &str, test: impl Fn(&str) -> bool) -> bool {
    if word.is_ascii() && word.len() <= 8 {
        let mut buf = [0u8; 8];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        std::str::from_utf8(lower).is_ok_and(test)
    } else {
        test(&word.to_lowercase())
    }
}

const ORDINALS: [&str; 12] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth",
];

/// A phase's title from its item's first line: up to a colon that follows the period.
fn phase_title(head: &str) -> String {
    let head = head.trim();
    let title = match head.split_once(':') {
        Some((before, _)) if is_phase_title(before) => before.trim(),
        _ => head,
    };
    if title.chars().count() > 60 {
        let cut: String = title.chars().take(57).collect();
        format!("{}…", cut.trim_end())
    } else {
        title.to_string()
    }
}

/// A single letter: an A-Z group heading on a glossary page, not a term.
fn is_letter(text: &str) -> bool {
    let mut chars = text.trim().chars();
    chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none()
}

/// `Some(true)` for ✅-like marks, `Some(false)` for ⬜-like ones at the start of `text`.
fn checklist_mark(text: &str) -> Option<bool> {
    let t = text.trim_start();
    if t.starts_with(['✅', '☑', '✔']) {
        Some(true)
    } else if t.starts_with(['⬜', '☐', '❌']) {
        Some(false)
    } else {
        None
    }
}

fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

fn code_block(code: &str, lang: &str) -> String {
    let mut html = String::with_capacity(code.len() * 2 + 64);
    if lang == "mermaid" {
        html.push_str("<pre class=\"mermaid\">");
        escape_html(&mut html, code).ok();
        html.push_str("</pre>\n");
        return html;
    }
    html.push_str("<pre class=\"code\"");
    if !lang.is_empty() {
        write_attr(&mut html, "data-lang", lang);
    }
    html.push_str("><code");
    if !lang.is_empty() {
        write_attr(&mut html, "class", &format!("language-{lang}"));
    }
    html.push('>');
    match (!lang.is_empty())
        .then(|| highlight::highlight(code, lang))
        .flatten()
    {
        Some(highlighted) => html.push_str(&highlighted),
        None => {
            escape_html(&mut html, code).ok();
        }
    }
    html.push_str("</code></pre>\n");
    html
}

/// The index of the event that closes the tag opened at `start`.
fn find_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
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
fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
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

fn write_attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_html(&mut *out, value).ok();
    out.push('"');
}

fn write_href(out: &mut String, href: &str) {
    out.push_str(" href=\"");
    escape_href(&mut *out, href).ok();
    out.push('"');
}

/// A markdown-it-attrs block at the start of `text`: `{data-zoomable}`,
/// `{rel="nofollow" .wide #id}`. Returns the attributes and the rest of the text.
pub fn parse_attrs(text: &str) -> Option<(Vec<(String, String)>, &str)> {
    let inner_end = text.strip_prefix('{')?.find('}')? + 1;
    let inner = &text[1..inner_end];
    let rest = &text[inner_end + 1..];
    let mut attrs = Vec::new();
    let mut chars = inner.trim();
    while !chars.is_empty() {
        let (token, after) = split_token(chars)?;
        chars = after.trim_start();
        if let Some(class) = token.strip_prefix('.') {
            attrs.push(("class".to_string(), class.to_string()));
        } else if let Some(id) = token.strip_prefix('#') {
            attrs.push(("id".to_string(), id.to_string()));
        } else if let Some((k, v)) = token.split_once('=') {
            let v = v.trim_matches(|c| c == '"' || c == '\'');
            if !is_attr_name(k) {
                return None;
            }
            attrs.push((k.to_string(), v.to_string()));
        } else if is_attr_name(token) {
            attrs.push((token.to_string(), String::new()));
        } else {
            return None;
        }
    }
    (!attrs.is_empty()).then_some((attrs, rest))
}

fn split_token(s: &str) -> Option<(&str, &str)> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => return Some((&s[..i], &s[i..])),
            _ => {}
        }
    }
    if quote.is_some() { None } else { Some((s, "")) }
}

fn is_attr_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':')
}

/// Adds attributes to an `<a ...>` or `<img ...>` opening tag event.
fn add_attrs(event: &mut Event<'_>, attrs: &[(String, String)]) {
    let Event::InlineHtml(html) = event else {
        return;
    };
    let mut tag = html.to_string();
    let close = if tag.ends_with(" loading=\"lazy\">") {
        tag.len() - 16
    } else {
        tag.len() - 1
    };
    let mut extra = String::new();
    for (k, v) in attrs {
        if v.is_empty() {
            extra.push(' ');
            extra.push_str(k);
        } else {
            write_attr(&mut extra, k, v);
        }
    }
    tag.insert_str(close, &extra);
    *event = Event::InlineHtml(tag.into());
}

#[cfg(test)]
mod tests;
