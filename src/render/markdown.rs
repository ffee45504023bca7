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
//!   one-line form `> [!NOTE] Some text` (see [`alerts::one_line_alerts`]);
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

mod alerts;
mod attrs;
mod code;
mod events;
mod glossary;
mod items;
mod renderer;

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, TextMergeWithOffset};
use serde::{Deserialize, Serialize};

use self::alerts::one_line_alerts;
pub use self::attrs::parse_attrs;
use self::events::join_soft_breaks;
pub use self::items::is_phase_title;
use self::renderer::Renderer;
use super::foreign::{self, ForeignSyntax};
use super::heading_id::{HeadingIdRule, Ids};
use crate::analyse::glossary::Glossary;
use crate::render::shortcode::Piece;

/// A heading of the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskItem {
    /// Ticked (`[x]`, ✅) or open.
    pub done: bool,
    /// The `##`/`###` heading it is under, an index into [`Rendered::headings`].
    pub section: Option<usize>,
}

/// A phase of a plan ("Week 1-4") and what is under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The HTML of the page's `.html` shortcodes, by placeholder (see
    /// render/shortcode/expand.rs): passed through whatever `raw_html` says.
    pub pieces: &'g [Piece],
    /// Ranges of the body shown as written, never read as other tools'
    /// template syntax (sorted).
    pub literal: &'g [Range<usize>],
}

/// A page body rendered to HTML, with what was found in it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
        let skip: Vec<Range<usize>>;
        let skip = if options.literal.is_empty() {
            &hidden
        } else {
            let mut all = hidden.clone();
            all.extend(options.literal.iter().cloned());
            all.sort_by_key(|r| r.start);
            skip = all;
            &skip
        };
        template_syntax.extend(foreign::scan(body, &events, skip));
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
        pieces: options.pieces,
        ..Renderer::default()
    };
    r.run(&events, true, resolve);
    r.close_term(r.out.len());
    let mut html = String::with_capacity(body.len() * 3 / 2);
    let defined_terms =
        glossary::cut_out_terms(&mut html, r.out, std::mem::take(&mut r.term_marks));
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

#[cfg(test)]
mod tests;
