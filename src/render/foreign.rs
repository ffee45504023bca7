//! Other tools' template syntax found in a page's text: Liquid and Nunjucks
//! tags and output, Hugo shortcodes, and the comments those tools never show.
//!
//! Handbooks moved from Jekyll, Eleventy or Hugo keep those tools' syntax,
//! which handbook does not run: it would be published as text. What counts,
//! outside code spans, code blocks and the insides of `<script>`, `<style>`
//! and HTML comments (in text and in raw HTML alike):
//!
//! | written | what it is | closed by |
//! |---|---|---|
//! | `{% include x.html %}` | a Liquid or Nunjucks tag (Jekyll, Eleventy) | `%}` |
//! | `{{< youtube id >}}` | a Hugo shortcode | `>}}` |
//! | `{{% details %}}` | a Hugo shortcode (markdown inside) | `%}}` |
//! | `{{ site.baseurl }}` | output (Liquid, Nunjucks, Hugo, Handlebars) | `}}` |
//! | `{% comment %}…{% endcomment %}` | a Liquid comment: hidden | `{% endcomment %}` |
//! | `{# … #}` | a Nunjucks or Jinja comment: hidden | `#}` |
//!
//! A tag, shortcode or output counts only when it is closed on its line or
//! a following one of its paragraph (no blank line between), at most
//! [`MAX_SPAN`] bytes on, with something other than blanks and no `{` or `}`
//! inside: `a {{ without end`, `{{}}` and `{{1,2},{3}}` are left alone, while
//! "use {{ and }} for output" counts (Liquid would run it too; backticks
//! make it an example). A `{` after a backslash (`\{{ x }}`) is escaped and
//! does not count. Each tag counts once, so a paired block
//! (`{% alert %}…{% endalert %}`) is two. When one stands right after `](`
//! (`[x]({% link a.md %})`, `[x]({{ site.baseurl }}/y)`), markdown did not
//! make a link of it (the blanks in it end a destination): it is recorded as
//! a link destination.
//!
//! A comment's content, from its opening to the end of its closing tag, is
//! taken out of the page before rendering: not shown, not linked, not
//! searched, as the other tool would never show it. It is taken out of the
//! events pulldown-cmark made of the whole text, so every offset stays the
//! source's: an element wholly inside the comment goes with everything in
//! it, one that reaches out of it keeps its tags and loses the text inside
//! (`- {% comment %}x{% endcomment %}` is an empty item, as Jekyll makes
//! it). The block structure is the one markdown gives the whole text, so a
//! fence left open inside a comment still opens a code block. Comments do
//! not nest; `{# ` needs a blank or `-` after it (`{#id}` is a heading
//! attribute). A comment left open hides nothing and is recorded.
//!
//! Everything here reads each byte of the body a bounded number of times:
//! `{` is found with memchr, and each closing delimiter's next position is
//! remembered ([`Next`]), so 300 shortcodes or a page of braces stay linear.

use std::ops::Range;

use memchr::{memchr, memchr_iter, memchr2, memmem};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// How far (in bytes) a tag, shortcode or output may reach for its close.
pub const MAX_SPAN: usize = 800;

/// What kind of syntax it is, which names the tools it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Syntax {
    /// `{% ... %}`: a Liquid tag (Jekyll, Eleventy), Nunjucks' look the same.
    Tag,
    /// `{{< ... >}}` or `{{% ... %}}`: a Hugo shortcode.
    Shortcode,
    /// `{{ ... }}`: output in Liquid, Nunjucks, Hugo or Handlebars.
    Output,
    /// `{% comment %}` without `{% endcomment %}`, or `{# ` without `#}`.
    UnclosedComment,
}

impl Syntax {
    /// The tools that write it, for a message.
    pub fn tools(self) -> &'static str {
        match self {
            Syntax::Tag => "a Liquid or Nunjucks tag (Jekyll, Eleventy)",
            Syntax::Shortcode => "a Hugo shortcode",
            Syntax::Output => "template output (Liquid, Nunjucks, Hugo or Handlebars)",
            Syntax::UnclosedComment => "a comment that is never closed",
        }
    }
}

/// One piece of another tool's syntax in a page body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ForeignSyntax {
    /// Byte offset in the body of its first `{`.
    pub offset: usize,
    /// Byte offset in the body just past it (past the whole destination
    /// when it is one).
    pub end: usize,
    /// What it is.
    pub syntax: Syntax,
    /// It stands where a link's destination goes, so the link is text.
    pub link_destination: bool,
}

/// The comments of a body, found before it is rendered.
#[derive(Debug, Default)]
pub struct Comments {
    /// What each closed comment covers, in order, not overlapping.
    pub hidden: Vec<Range<usize>>,
    /// Comments never closed: nothing of them is hidden.
    pub unclosed: Vec<ForeignSyntax>,
}

/// Which openers a body has at all, from one memchr pass: most pages have
/// none, and then nothing else here runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Openers {
    /// `{{` or `{%`: a tag, shortcode or output may be there.
    pub any: bool,
    /// `{%` or `{#`: a comment may be there.
    pub comment: bool,
}

/// Which openers `body` has.
pub fn openers(body: &str) -> Openers {
    let bytes = body.as_bytes();
    let mut found = Openers::default();
    for at in memchr_iter(b'{', bytes) {
        match bytes.get(at + 1) {
            Some(b'{') => found.any = true,
            Some(b'%') => {
                found.any = true;
                found.comment = true;
            }
            Some(b'#') => found.comment = true,
            _ => {}
        }
        if found.any && found.comment {
            break;
        }
    }
    found
}

/// The comments in `body`, whose events (`events`, as parsed) tell where
/// code and raw HTML are.
pub fn comments(body: &str, events: &[(Event<'_>, Range<usize>)]) -> Comments {
    let bytes = body.as_bytes();
    let mut found = Comments::default();
    let mut next = Finders::new(bytes);
    let mut end_comment = Next::new(find_endcomment);
    let mut end_hash = Next::new(|h, p| find(h, p, b"#}"));
    let mut resume = 0;
    let mut visible = Visible::default();
    for (event, range) in events {
        visible.regions(bytes, event, range, &mut |region| {
            let mut at = region.start.max(resume);
            while let Some(i) = memchr(b'{', &bytes[at.min(region.end)..region.end]) {
                let p = at + i;
                at = p + 1;
                if escaped(bytes, p) {
                    continue;
                }
                match bytes.get(p + 1) {
                    Some(b'%') if tag_name(&bytes[p + 2..]) == b"comment" => {
                        let Some(close) = next.close(p, Syntax::Tag) else {
                            continue;
                        };
                        match end_comment.at_or_after(bytes, close) {
                            Some(e) => {
                                let e = e + memmem::find(&bytes[e..], b"%}").unwrap_or(0) + 2;
                                found.hidden.push(p..e);
                                resume = e;
                            }
                            None => {
                                found.unclosed.push(unclosed(p, close + 2));
                                resume = close + 2;
                            }
                        }
                        at = resume;
                    }
                    Some(b'#')
                        if matches!(
                            bytes.get(p + 2),
                            Some(b' ' | b'\t' | b'\n' | b'\r' | b'-')
                        ) =>
                    {
                        match end_hash.at_or_after(bytes, p + 2) {
                            Some(e) => {
                                found.hidden.push(p..e + 2);
                                resume = e + 2;
                            }
                            None => {
                                found.unclosed.push(unclosed(p, p + 2));
                                resume = p + 2;
                            }
                        }
                        at = resume;
                    }
                    _ => {}
                }
                if at >= region.end {
                    break;
                }
            }
        });
    }
    found
}

fn unclosed(offset: usize, end: usize) -> ForeignSyntax {
    ForeignSyntax {
        offset,
        end,
        syntax: Syntax::UnclosedComment,
        link_destination: false,
    }
}

/// `events` without what `hidden` covers (see the module's comment): an
/// element wholly inside a hidden range goes with everything in it; text and
/// HTML partly inside keep the parts outside.
pub fn hide<'a>(
    body: &'a str,
    events: Vec<(Event<'a>, Range<usize>)>,
    hidden: &[Range<usize>],
) -> Vec<(Event<'a>, Range<usize>)> {
    if hidden.is_empty() {
        return events;
    }
    let bytes = body.as_bytes();
    // The hidden range `r` starts in, if any.
    let cover = |at: usize| -> Option<&Range<usize>> {
        let i = hidden.partition_point(|h| h.end <= at);
        hidden.get(i).filter(|h| h.start <= at)
    };
    let mut out = Vec::with_capacity(events.len());
    // How deep inside a dropped element the events are.
    let mut dropping = 0usize;
    for (event, range) in events {
        if dropping > 0 {
            match event {
                Event::Start(_) => dropping += 1,
                Event::End(_) => dropping -= 1,
                _ => {}
            }
            continue;
        }
        // What the event covers, blanks around it left out (an item's range
        // runs on to the next line; a break is only blanks).
        let mut t = range.clone();
        while t.start < t.end && bytes[t.start].is_ascii_whitespace() {
            t.start += 1;
        }
        while t.end > t.start && bytes[t.end - 1].is_ascii_whitespace() {
            t.end -= 1;
        }
        if t.is_empty() {
            t = range.clone();
        }
        let inside = cover(t.start).is_some_and(|h| t.end <= h.end);
        if inside {
            match event {
                Event::Start(_) => dropping = 1,
                // Its start was kept (ranges differ): keep the tree whole.
                Event::End(_) => out.push((event, range)),
                _ => {}
            }
            continue;
        }
        let overlaps = {
            let i = hidden.partition_point(|h| h.end <= range.start);
            hidden.get(i).is_some_and(|h| h.start < range.end)
        };
        if !overlaps {
            out.push((event, range));
            continue;
        }
        let text = match &event {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => Some(t),
            _ => None,
        };
        let as_written = text.is_some_and(|t| {
            body.get(range.clone())
                .is_some_and(|s| s.as_ptr() == t.as_ptr() && s.len() == t.len())
        });
        if !as_written {
            // An escape or entity (`\{`, `&amp;`), a tag: whole, kept unless it starts hidden.
            if cover(range.start).is_none() {
                out.push((event, range));
            }
            continue;
        }
        // The parts outside hidden ranges, each an event of the same kind.
        let mut at = range.start;
        let first = hidden.partition_point(|h| h.end <= range.start);
        for h in hidden[first..].iter().take_while(|h| h.start < range.end) {
            if h.start > at {
                out.push((same_kind(&event, &body[at..h.start]), at..h.start));
            }
            at = at.max(h.end);
        }
        if at < range.end {
            out.push((same_kind(&event, &body[at..range.end]), at..range.end));
        }
    }
    out
}

fn same_kind<'a>(event: &Event<'a>, text: &'a str) -> Event<'a> {
    let text = CowStr::Borrowed(text);
    match event {
        Event::Html(_) => Event::Html(text),
        Event::InlineHtml(_) => Event::InlineHtml(text),
        _ => Event::Text(text),
    }
}

/// Every tag, shortcode and output in the visible text of `body` (its
/// events, as rendered, with `hidden` taken out), in order.
pub fn scan(
    body: &str,
    events: &[(Event<'_>, Range<usize>)],
    hidden: &[Range<usize>],
) -> Vec<ForeignSyntax> {
    let bytes = body.as_bytes();
    let mut found = Vec::new();
    let mut next = Finders::new(bytes);
    let mut resume = 0;
    let mut visible = Visible::default();
    for (event, range) in events {
        visible.regions(bytes, event, range, &mut |region| {
            let mut at = region.start.max(resume);
            while at < region.end
                && let Some(i) = memchr(b'{', &bytes[at..region.end])
            {
                let p = at + i;
                at = p + 1;
                if escaped(bytes, p) || is_hidden(hidden, p) {
                    continue;
                }
                let (syntax, inner) = match (bytes.get(p + 1), bytes.get(p + 2)) {
                    (Some(b'{'), Some(b'<' | b'%')) => (Syntax::Shortcode, p + 3),
                    (Some(b'{'), _) => (Syntax::Output, p + 2),
                    (Some(b'%'), _) => (Syntax::Tag, p + 2),
                    _ => continue,
                };
                // Left to `comments`: hidden when closed, reported when not.
                if syntax == Syntax::Tag && tag_name(&bytes[inner..]) == b"comment" {
                    continue;
                }
                let Some(close) = next.close(p, syntax) else {
                    continue;
                };
                let past = close + if syntax == Syntax::Shortcode { 3 } else { 2 };
                let mut end = past;
                let link_destination = after_link_bracket(bytes, p);
                if link_destination {
                    end = destination_end(bytes, end);
                }
                found.push(ForeignSyntax {
                    offset: p,
                    end,
                    syntax,
                    link_destination,
                });
                resume = past;
                at = resume;
            }
        });
    }
    found
}

/// Whether `p` is in one of `hidden` (sorted).
fn is_hidden(hidden: &[Range<usize>], p: usize) -> bool {
    let i = hidden.partition_point(|h| h.end <= p);
    hidden.get(i).is_some_and(|h| h.start <= p)
}

/// Whether the byte at `p` follows an odd run of backslashes.
fn escaped(bytes: &[u8], p: usize) -> bool {
    bytes[..p].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

/// Whether `{` at `p` is where a link's destination starts: `](`, blanks allowed before it.
fn after_link_bracket(bytes: &[u8], p: usize) -> bool {
    let before = bytes[..p].trim_ascii_end();
    before.ends_with(b"](")
}

/// Where a destination that goes on past its template syntax ends: at `)`
/// on the line (`{{ site.baseurl }}/y)`), else where the syntax ends.
fn destination_end(bytes: &[u8], from: usize) -> usize {
    let rest = &bytes[from..bytes.len().min(from + MAX_SPAN)];
    match rest.iter().position(|&b| b == b')' || b == b'\n') {
        Some(i) if rest[i] == b')' && !rest[..i].contains(&b' ') => from + i,
        _ => from,
    }
}

/// The name of a tag whose inside starts `rest` (after `{%`): its first word,
/// past a `-` for whitespace control.
fn tag_name(rest: &[u8]) -> &[u8] {
    let rest = rest.strip_prefix(b"-").unwrap_or(rest).trim_ascii_start();
    let len = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
        .unwrap_or(rest.len());
    &rest[..len]
}

/// The next `endcomment` at or after `from` that is a tag of its own
/// (`{% endcomment %}`, `{%- endcomment -%}`): where its `{%` is.
fn find_endcomment(hay: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memmem::find(&hay[at..], b"endcomment") {
        let word = at + i;
        at = word + 1;
        let before = hay[..word].trim_ascii_end();
        let before = before.strip_suffix(b"-").unwrap_or(before);
        let Some(open) = before.strip_suffix(b"{%") else {
            continue;
        };
        let after = hay[word + 10..].trim_ascii_start();
        let after = after.strip_prefix(b"-").unwrap_or(after);
        if after.starts_with(b"%}") && open.len() >= from {
            return Some(open.len());
        }
    }
    None
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memmem::find(hay.get(from..)?, needle).map(|i| from + i)
}

/// The first blank line at or after `from`: where its `\n` is.
fn find_blank_line(hay: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr(b'\n', hay.get(at..)?) {
        let nl = at + i;
        let rest = &hay[nl + 1..];
        let blanks = rest
            .iter()
            .take_while(|&&b| matches!(b, b' ' | b'\t' | b'\r'))
            .count();
        if rest.get(blanks).is_none_or(|&b| b == b'\n') {
            return Some(nl);
        }
        at = nl + 1 + blanks;
    }
    None
}

/// The first place at or after a position where something is, remembered:
/// asked for a later position that is not past it, it answers without
/// looking again. Asked in increasing order, each search starts past the
/// last answer, so all of them together read the text about once.
struct Next {
    find: fn(&[u8], usize) -> Option<usize>,
    from: usize,
    at: Option<usize>,
}

impl Next {
    fn new(find: fn(&[u8], usize) -> Option<usize>) -> Next {
        Next {
            find,
            from: usize::MAX,
            at: None,
        }
    }

    fn at_or_after(&mut self, hay: &[u8], p: usize) -> Option<usize> {
        let known = p >= self.from && self.at.is_none_or(|a| a >= p);
        if !known {
            self.from = p;
            self.at = (self.find)(hay, p);
        }
        self.at
    }
}

/// The closing delimiters and what bounds them, each remembered.
struct Finders<'b> {
    hay: &'b [u8],
    output: Next,
    tag: Next,
    shortcode: Next,
    markdown_shortcode: Next,
    blank: Next,
}

impl<'b> Finders<'b> {
    fn new(hay: &'b [u8]) -> Self {
        Finders {
            hay,
            output: Next::new(|h, p| find(h, p, b"}}")),
            tag: Next::new(|h, p| find(h, p, b"%}")),
            shortcode: Next::new(|h, p| find(h, p, b">}}")),
            markdown_shortcode: Next::new(|h, p| find(h, p, b"%}}")),
            blank: Next::new(find_blank_line),
        }
    }

    /// Where the syntax opened at `p` is closed (its closing delimiter's
    /// first byte), when it is by the rules in the module's comment.
    fn close(&mut self, p: usize, syntax: Syntax) -> Option<usize> {
        let hay = self.hay;
        let (next, inner) = match (syntax, hay.get(p + 2)) {
            (Syntax::Shortcode, Some(b'<')) => (&mut self.shortcode, p + 3),
            (Syntax::Shortcode, _) => (&mut self.markdown_shortcode, p + 3),
            (Syntax::Output, _) => (&mut self.output, p + 2),
            _ => (&mut self.tag, p + 2),
        };
        let close = next.at_or_after(hay, inner)?;
        if close - p > MAX_SPAN {
            return None;
        }
        if self.blank.at_or_after(hay, p).is_some_and(|b| b < close) {
            return None;
        }
        let inside = &hay[inner..close];
        if inside.trim_ascii().is_empty() || memchr2(b'{', b'}', inside).is_some() {
            return None;
        }
        Some(close)
    }
}

/// Walks events and hands over the parts of the body a reader sees as text
/// or markup: text and raw HTML, not code (spans and blocks) nor the insides
/// of `<script>`, `<style>` and HTML comments.
#[derive(Default)]
struct Visible {
    code: bool,
    /// Inside raw HTML whose text is not shown, until this closes it.
    raw_close: Option<&'static [u8]>,
}

impl Visible {
    fn regions(
        &mut self,
        bytes: &[u8],
        event: &Event<'_>,
        range: &Range<usize>,
        found: &mut impl FnMut(Range<usize>),
    ) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.code = true,
            Event::End(TagEnd::CodeBlock) => self.code = false,
            Event::Text(_) if !self.code && self.raw_close.is_none() => found(range.clone()),
            Event::Html(_) | Event::InlineHtml(_) if !self.code => {
                self.html(bytes, range.clone(), found)
            }
            _ => {}
        }
    }

    fn html(&mut self, bytes: &[u8], range: Range<usize>, found: &mut impl FnMut(Range<usize>)) {
        let mut at = range.start;
        while at < range.end {
            let part = &bytes[at..range.end];
            match self.raw_close {
                Some(close) => match find_ignoring_case(part, close) {
                    Some(i) => {
                        at += i + close.len();
                        self.raw_close = None;
                    }
                    None => return,
                },
                None => match raw_opening(part) {
                    Some((i, close)) => {
                        if i > 0 {
                            found(at..at + i);
                        }
                        at += i + 1;
                        self.raw_close = Some(close);
                    }
                    None => {
                        found(at..range.end);
                        return;
                    }
                },
            }
        }
    }
}

/// The first `<script`, `<style` or `<!--` in `html`, and what closes it.
fn raw_opening(html: &[u8]) -> Option<(usize, &'static [u8])> {
    for i in memchr_iter(b'<', html) {
        let rest = &html[i + 1..];
        if rest.starts_with(b"!--") {
            return Some((i, b"-->"));
        }
        for (name, close) in [(&b"script"[..], &b"</script"[..]), (b"style", b"</style")] {
            if rest.len() >= name.len()
                && rest[..name.len()].eq_ignore_ascii_case(name)
                && rest
                    .get(name.len())
                    .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
            {
                return Some((i, close));
            }
        }
    }
    None
}

fn find_ignoring_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut at = 0;
    while let Some(i) = memchr2(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        &hay[at..],
    ) {
        let p = at + i;
        if hay.len() - p >= needle.len() && hay[p..p + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(p);
        }
        at = p + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Parser, TextMergeWithOffset};

    use super::*;
    use crate::render::markdown::options;

    fn events(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
        TextMergeWithOffset::new(Parser::new_ext(body, options()).into_offset_iter()).collect()
    }

    /// A finding as its text, kind and whether it is a link's destination.
    type Found<'a> = (&'a str, Syntax, bool);

    /// What `scan` finds in `body`.
    fn found(body: &str) -> Vec<Found<'_>> {
        scan(body, &events(body), &[])
            .into_iter()
            .map(|f| (&body[f.offset..f.end], f.syntax, f.link_destination))
            .collect()
    }

    #[test]
    fn can_tell_each_syntax_and_where_it_is_not_syntax() {
        use Syntax::*;
        let table: &[(&str, &[Found<'_>])] = &[
            (
                "{% include a.html %}\n",
                &[("{% include a.html %}", Tag, false)],
            ),
            (
                "{%- if x -%}y{%- endif -%}\n",
                &[("{%- if x -%}", Tag, false), ("{%- endif -%}", Tag, false)],
            ),
            (
                "Say {{ site.title }}.\n",
                &[("{{ site.title }}", Output, false)],
            ),
            (
                "{{< youtube abc >}}\n",
                &[("{{< youtube abc >}}", Shortcode, false)],
            ),
            (
                "{{% details %}}\nx\n{{% /details %}}\n",
                &[
                    ("{{% details %}}", Shortcode, false),
                    ("{{% /details %}}", Shortcode, false),
                ],
            ),
            (
                "{% alert %}\nBe careful.\n{% endalert %}\n",
                &[("{% alert %}", Tag, false), ("{% endalert %}", Tag, false)],
            ),
            // A tag over two lines of a paragraph.
            (
                "{% include figure.html\n   src=\"a.png\" %}\n",
                &[("{% include figure.html\n   src=\"a.png\" %}", Tag, false)],
            ),
            // In headings, emphasis, lists, quotes and tables alike.
            (
                "## {{ page.title }}\n",
                &[("{{ page.title }}", Output, false)],
            ),
            (
                "- *{{ x }}*\n> {% y %}\n",
                &[("{{ x }}", Output, false), ("{% y %}", Tag, false)],
            ),
            ("| a |\n|---|\n| {{ b }} |\n", &[("{{ b }}", Output, false)]),
            // Raw HTML: in a tag's attribute or between tags.
            (
                "<div title=\"{{ t }}\">\n{% x %}\n</div>\n",
                &[("{{ t }}", Output, false), ("{% x %}", Tag, false)],
            ),
            // Where a link's destination goes.
            (
                "[x]({% page \"/x/\" %})\n",
                &[("{% page \"/x/\" %}", Tag, true)],
            ),
            (
                "[x]({{ site.baseurl }}/y)\n",
                &[("{{ site.baseurl }}/y", Output, true)],
            ),
            ("![i]( {{ a }} \"t\")\n", &[("{{ a }}", Output, true)]),
            // Prose with both braces: Liquid would run it, so it counts.
            (
                "use {{ and }} for output\n",
                &[("{{ and }}", Output, false)],
            ),
            // Not syntax: code, script, style, HTML comments, escapes, no close.
            ("`{{ x }}` and ``{% y %}``\n", &[]),
            ("```\n{{ x }}\n{% y %}\n```\n", &[]),
            ("    {{ indented }}\n", &[]),
            ("<script>\nlet a = '{{ x }}';\n</script>\n", &[]),
            ("a <script>var b = '{{ x }}'</script> c\n", &[]),
            ("<style>\n.a { b: {{ c }} }\n</style>\n", &[]),
            ("<!-- {{ x }} -->\n", &[]),
            ("\\{{ x }} and \\{% y %}\n", &[]),
            ("a {{ without end\n", &[]),
            ("a {% no end\n\nb %}\n", &[]),
            ("{{}} {{ }} {{1,2},{3}}\n", &[]),
            ("## Title {#custom-id}\n", &[]),
        ];
        for (body, want) in table {
            assert_eq!(&found(body), want, "{body:?}");
        }
    }

    #[test]
    fn after_a_script_text_counts_again() {
        let body = "<script>x('{{ a }}')</script>\n\n{{ b }}\n";
        assert_eq!(found(body), [("{{ b }}", Syntax::Output, false)]);
    }

    #[test]
    fn a_close_too_far_away_does_not_count() {
        let body = format!("{{{{ {} }}}}\n", "a".repeat(MAX_SPAN));
        assert_eq!(found(&body), []);
    }

    #[test]
    fn many_openers_without_close_stay_linear() {
        // Each `{{` has no close near it: with the closes remembered, one
        // pass (a quadratic scan took seconds here in a debug build).
        let body = "{{ a ".repeat(200_000);
        let started = std::time::Instant::now();
        assert_eq!(found(&body), []);
        // One close at the end: only the last opener is closed near it.
        let body = format!("{}}}}}", "{{ a ".repeat(200_000));
        assert_eq!(found(&body), [("{{ a }}", Syntax::Output, false)]);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }

    fn comments_of(body: &str) -> (Vec<&str>, Vec<&str>) {
        let raw: Vec<_> = Parser::new_ext(body, options())
            .into_offset_iter()
            .collect();
        let c = comments(body, &raw);
        (
            c.hidden.iter().map(|r| &body[r.clone()]).collect(),
            c.unclosed.iter().map(|u| &body[u.offset..u.end]).collect(),
        )
    }

    #[test]
    fn can_find_comments() {
        let (hidden, unclosed) = comments_of(
            "a {% comment %}x{% endcomment %} b\n\n{%- comment -%}\n## H\n{%- endcomment -%}\n\n{# one #} {#- two\n\nlines -#}\n",
        );
        assert_eq!(
            hidden,
            [
                "{% comment %}x{% endcomment %}",
                "{%- comment -%}\n## H\n{%- endcomment -%}",
                "{# one #}",
                "{#- two\n\nlines -#}"
            ]
        );
        assert!(unclosed.is_empty());
    }

    #[test]
    fn comments_in_code_and_heading_attributes_are_not_comments() {
        let (hidden, unclosed) = comments_of(
            "`{% comment %}` ```{# x #}```\n\n```\n{% comment %}\n```\n\n## A {#a}\n\nText {#b} and #}\n",
        );
        assert!(hidden.is_empty(), "{hidden:?}");
        assert!(unclosed.is_empty(), "{unclosed:?}");
    }

    #[test]
    fn unclosed_comments_hide_nothing() {
        let (hidden, unclosed) = comments_of("{% comment %}\nleft open\n\n{# also #\n");
        assert!(hidden.is_empty());
        assert_eq!(unclosed, ["{% comment %}", "{#"]);
        // An `endcomment` that is not a tag of its own does not close one.
        let (hidden, unclosed) = comments_of("{% comment %} endcomment {% endcommented %}\n");
        assert!(hidden.is_empty());
        assert_eq!(unclosed, ["{% comment %}"]);
    }

    #[test]
    fn hiding_drops_whole_elements_and_cuts_text() {
        let body = "Keep {% comment %}cut{% endcomment %} this.\n\n{% comment %}\n## Gone\n\n- [x] gone [l](x.md)\n{% endcomment %}\n\nEnd\n";
        let raw: Vec<_> = Parser::new_ext(body, options())
            .into_offset_iter()
            .collect();
        let c = comments(body, &raw);
        let kept = hide(body, raw, &c.hidden);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, kept.into_iter().map(|(e, _)| e));
        assert_eq!(html, "<p>Keep  this.</p>\n<p>End</p>\n");
    }

    #[test]
    fn can_tell_which_openers_a_body_has() {
        assert_eq!(openers("plain { text }"), Openers::default());
        assert_eq!(
            openers("{{ x }}"),
            Openers {
                any: true,
                comment: false
            }
        );
        assert_eq!(
            openers("{# x #}"),
            Openers {
                any: false,
                comment: true
            }
        );
        assert_eq!(
            openers("{% x %}"),
            Openers {
                any: true,
                comment: true
            }
        );
    }
}
