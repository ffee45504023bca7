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
//! - `> [!NOTE]` style GitHub alerts get a titled box;
//! - task items (`- [x]`) and items starting with ✅ (done) or ⬜ ☐ ❌ (open)
//!   are recorded with the `##`/`###` section they are in.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag,
    TagEnd, TextMergeWithOffset,
};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;

use super::highlight;

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
    let events: Vec<(Event<'_>, Range<usize>)> =
        TextMergeWithOffset::new(Parser::new_ext(body, options()).into_offset_iter()).collect();
    let mut r = Renderer {
        out: Vec::with_capacity(events.len()),
        raw_html,
        ..Renderer::default()
    };
    r.run(&events, true, resolve);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, r.out.into_iter());
    Rendered {
        html,
        title_heading: r.title_heading,
        headings: r.headings,
        anchors: r.anchors,
        tasks: r.tasks,
    }
}

#[derive(Default)]
struct Renderer<'a> {
    out: Vec<Event<'a>>,
    title_heading: Option<Heading>,
    headings: Vec<Heading>,
    anchors: HashSet<String>,
    slug_counts: HashMap<String, usize>,
    tasks: Vec<TaskItem>,
    section: Option<usize>,
    /// For each open list item: whether its first content is still to come.
    items: Vec<bool>,
    /// Whether raw HTML passes through (else it is shown as text).
    raw_html: bool,
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
                        None => self.claim_id(slug(&text)),
                    };
                    let heading = Heading {
                        level: *level as u8,
                        id,
                        text,
                    };
                    if top && i == 0 && *level == HeadingLevel::H1 {
                        self.title_heading = Some(heading.clone());
                        self.headings.push(heading);
                        i = end + 1;
                        continue;
                    }
                    let mut open = format!("<h{}", heading.level);
                    write_attr(&mut open, "id", &heading.id);
                    if !classes.is_empty() {
                        write_attr(&mut open, "class", &classes.join(" "));
                    }
                    for (k, v) in attrs {
                        write_attr(&mut open, k, v.as_deref().unwrap_or(""));
                    }
                    open.push('>');
                    self.out.push(Event::Html(open.into()));
                    self.run(&events[i + 1..end], false, resolve);
                    let mut close = String::from("<a class=\"heading-anchor\" href=\"#");
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
                    let mut open = String::from("<a");
                    write_href(&mut open, &href);
                    if !title.is_empty() {
                        write_attr(&mut open, "title", title);
                    }
                    open.push('>');
                    let at = self.out.len();
                    self.out.push(Event::InlineHtml(open.into()));
                    self.run(&events[i + 1..end], false, resolve);
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
                Event::Start(Tag::Item) => {
                    self.items.push(true);
                    self.out.push(event.clone());
                }
                Event::End(TagEnd::Item) => {
                    self.items.pop();
                    self.out.push(event.clone());
                }
                Event::Start(Tag::FootnoteDefinition(name)) => {
                    self.anchors.insert(name.to_string());
                    self.out.push(event.clone());
                }
                Event::TaskListMarker(done) => {
                    self.first_item_content(Some(*done));
                    self.out.push(event.clone());
                }
                Event::Text(text) => {
                    let mut text: &str = text;
                    if let Some(at) = attrs_target
                        && let Some((attrs, rest)) = parse_attrs(text)
                    {
                        add_attrs(&mut self.out[at], &attrs);
                        text = rest;
                    }
                    let done = checklist_mark(text);
                    self.first_item_content(done);
                    if !text.is_empty() {
                        self.out.push(Event::Text(CowStr::from(text.to_string())));
                    }
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    self.first_item_content(None);
                    if self.raw_html {
                        collect_html_ids(html, &mut self.anchors);
                        self.out.push(event.clone());
                    } else {
                        self.out.push(Event::Text(html.clone()));
                    }
                }
                Event::Start(Tag::Paragraph | Tag::List(_))
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

    /// The first content of a list item decides whether it is a checklist item.
    fn first_item_content(&mut self, done: Option<bool>) {
        if let Some(first) = self.items.last_mut()
            && *first
        {
            *first = false;
            if let Some(done) = done {
                self.tasks.push(TaskItem {
                    done,
                    section: self.section,
                });
            }
        }
    }

    fn claim_id(&mut self, base: String) -> String {
        let mut id = base.clone();
        if self.anchors.contains(&id) {
            let n = self.slug_counts.entry(base.clone()).or_insert(0);
            loop {
                *n += 1;
                id = format!("{base}-{n}");
                if !self.anchors.contains(&id) {
                    break;
                }
            }
        }
        self.anchors.insert(id.clone());
        id
    }
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

/// The heading id the FlowFuse site gives a heading text.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push('-');
            }
            in_space = true;
        } else {
            in_space = false;
            out.extend(c.to_lowercase());
        }
    }
    out
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

/// Records the values of `id="..."` and `name="..."` attributes in raw HTML.
fn collect_html_ids(html: &str, anchors: &mut HashSet<String>) {
    let lower = html.to_ascii_lowercase();
    for attr in [" id=", " name="] {
        let mut from = 0;
        while let Some(at) = lower[from..].find(attr) {
            let start = from + at + attr.len();
            from = start;
            let rest = &html[start..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next(),
                Some(_) => rest.split(|c: char| c.is_whitespace() || c == '>').next(),
                None => None,
            };
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                anchors.insert(v.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> Rendered {
        render(md, true, &mut |l| l.dest.to_string())
    }

    #[test]
    fn without_raw_html_markup_is_text_and_script_links_lead_nowhere() {
        let r = render(
            "<script>alert(1)</script>\n\nHi <b onclick=x>there</b> [x](JavaScript:alert(1)) [y]( java\tscript:alert(2))\n",
            false,
            &mut |l| l.dest.to_string(),
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(
            r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{}",
            r.html
        );
        assert!(r.html.contains("&lt;b onclick=x&gt;"), "{}", r.html);
        assert!(!r.html.to_lowercase().contains("javascript:"), "{}", r.html);
        assert!(r.html.contains("<a href=\"#\">x</a>"), "{}", r.html);
    }

    #[test]
    fn can_slug_like_flowfuse() {
        assert_eq!(slug("🔁 Iterative Improvement"), "🔁-iterative-improvement");
        assert_eq!(slug("  Days 0–30: Learn, Map  "), "days-0–30:-learn,-map");
    }

    #[test]
    fn repeated_headings_get_numbered_ids() {
        let r = html("## A\n\n## A\n\n## A\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-1", "a-2"]);
    }

    #[test]
    fn first_h1_is_taken_for_the_header() {
        let r = html("# Title\n\ntext\n\n# Other\n");
        assert_eq!(r.title_heading.unwrap().text, "Title");
        assert!(!r.html.contains("Title"));
        assert!(r.html.contains("<h1 id=\"other\">"));
    }

    #[test]
    fn attribute_blocks_after_images_and_links_become_attributes() {
        let r = html("![a](x.png){data-zoomable} and [l](y){rel=\"nofollow\"} done\n");
        assert!(
            r.html
                .contains("<img src=\"x.png\" alt=\"a\" data-zoomable loading=\"lazy\">"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<a href=\"y\" rel=\"nofollow\">l</a> done"),
            "{}",
            r.html
        );
        assert!(!r.html.contains('{'));
    }

    #[test]
    fn braces_that_are_not_attributes_stay_text() {
        let r = html("[l](y) {not attrs!}\n");
        assert!(r.html.contains("{not attrs!}"), "{}", r.html);
    }

    #[test]
    fn checklists_count_per_section() {
        let r = html("- [x] a\n\n## P1\n\n- [ ] b\n- ✅ c\n- ⬜ d\n- plain\n\n### P2\n\n* ✅ e\n");
        let t: Vec<_> = r.tasks.iter().map(|t| (t.done, t.section)).collect();
        assert_eq!(
            t,
            [
                (true, None),
                (false, Some(0)),
                (true, Some(0)),
                (false, Some(0)),
                (true, Some(1))
            ]
        );
    }

    #[test]
    fn nested_items_count_once_each() {
        let r = html("- ✅ parent\n  - ⬜ child\n");
        assert_eq!(r.tasks.len(), 2);
    }

    #[test]
    fn code_is_highlighted_and_mermaid_left_alone() {
        let r = html("```rust\nfn main() {}\n```\n\n```mermaid\ngraph TD; A-->B\n```\n");
        assert!(r.html.contains("<pre class=\"code\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-"), "{}", r.html);
        assert!(
            r.html
                .contains("<pre class=\"mermaid\">graph TD; A--&gt;B\n</pre>")
        );
    }

    #[test]
    fn alerts_get_a_title() {
        let r = html("> [!WARNING]\n> Careful\n");
        assert!(r.html.contains("<div class=\"alert alert-warning\" role=\"note\"><p class=\"alert-title\">Warning</p>"), "{}", r.html);
    }

    #[test]
    fn raw_html_ids_are_anchors() {
        let r = html("<a id=\"one\"></a>\n\ntext <a name='two'>x</a>\n");
        assert!(r.anchors.contains("one") && r.anchors.contains("two"));
    }

    #[test]
    fn links_are_resolved_with_offsets() {
        let mut seen = Vec::new();
        let r = render("a [b](c.md) ![i](p.png)", true, &mut |l| {
            seen.push((l.dest.to_string(), l.offset, l.image, l.text.clone()));
            format!("/x/{}", l.dest)
        });
        assert_eq!(
            seen,
            [
                ("c.md".to_string(), 2, false, "b".to_string()),
                ("p.png".to_string(), 12, true, "i".to_string())
            ]
        );
        assert!(r.html.contains("href=\"/x/c.md\""));
    }

    #[test]
    fn heading_with_explicit_id() {
        let r = html("## Hello {#custom}\n");
        assert_eq!(r.headings[0].id, "custom");
    }
}
