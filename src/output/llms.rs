//! llms.txt: the site's name, its summary and its pages as links grouped
//! like the navigation, for language models and the assistants that read a
//! site for them (the format proposed at <https://llmstxt.org>).
//!
//! The proposal's parts, in its order, as this file writes them:
//!
//! ```text
//! # Tidewell Handbook                      an H1 with the site's name (config `title`)
//!
//! > How Tidewell works.                    a blockquote summary (config `description`;
//!                                          left out when empty)
//! The handbook's pages, grouped and ...    a line on how to read the lists
//!
//! ## Home                                  the home page and the top-level pages that
//!                                          are not sections, under the home's label
//! - [Home](https://example.com/): Welcome.
//! - [Glossary](https://example.com/glossary/)
//!
//! ## Company                               one H2 per top-level section, its label, in
//!                                          navigation order
//! - [Company](https://example.com/company/): About us.
//! - [Values](https://example.com/company/values/): What we value.
//! ```
//!
//! Each section lists its own page, then the pages below it depth first in
//! navigation order (a nested section's page just before its pages): the
//! proposal's file lists are flat lists of `[name](url): notes`. The notes
//! are the page's description; a page without one has none (no `:`).
//!
//! Only the pages the navigation shows are listed: not those left out of it
//! (`nav: false`, and the pages below them, as in the sidebar) nor generated
//! pages, which are not in the navigation. The navigation is made from the
//! build's pages, so llms.txt never names a page the build does not have.
//!
//! The proposal gives an H2 named "Optional" a meaning (its links may be
//! skipped): no section is written with that name by accident, and two
//! sections never share a name (parsers read the sections as a map).
//!
//! Titles and descriptions are written as one line of markdown text, with
//! what could end a link, start a code span or raw HTML, or begin a block
//! escaped (a link's name has its brackets as entities, which the
//! proposal's parser takes whole); URLs have `(`, `)` and the like
//! percent-encoded: each link stays one link for markdown parsers and for
//! the proposal's own regular expressions alike.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::analyse::nav::Nav;

/// Where llms.txt is written, in the output folder (the site's root).
pub const FILE: &str = "llms.txt";

/// The proposal's "details" after the summary: how to read the file lists.
/// (Its own parser also reads the summary only when something follows it.)
const HOW_TO_READ: &str = "The handbook's pages, grouped and ordered as its navigation shows them, \
each with its description.";

/// What llms.txt shows of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmsPage<'a> {
    /// The label the navigation shows (`navTitle`, else the title).
    pub label: &'a str,
    /// Its URL as the site links it: full when the base URL has a host, else
    /// site-absolute; already encoded as an href is.
    pub url: String,
    /// What it is about: its `description`, else its first paragraph; may be empty.
    pub description: &'a str,
}

/// The site's llms.txt: `title`, `summary` (left out when empty) and the
/// pages of `nav` that `page` gives (by page index; `None` leaves one out),
/// grouped by top-level section in navigation order.
pub fn llms_txt<'a>(
    title: &str,
    summary: &str,
    nav: &Nav,
    page: impl Fn(usize) -> Option<LlmsPage<'a>>,
) -> String {
    let mut out = String::with_capacity(256 + nav.nodes.len() * 96);
    out.push_str("# ");
    let title = if title.trim().is_empty() {
        "Handbook"
    } else {
        title
    };
    heading_text(&mut out, title);
    out.push('\n');
    if !summary.trim().is_empty() {
        out.push_str("\n> ");
        line_start_text(&mut out, summary);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(HOW_TO_READ);
    out.push('\n');
    let mut names = SectionNames::default();
    let mut section = |out: &mut String, name: &str, pages: &[usize]| {
        let links: Vec<LlmsPage<'a>> = pages.iter().filter_map(|&p| page(p)).collect();
        if links.is_empty() {
            return;
        }
        out.push_str("\n## ");
        names.write(out, name);
        out.push_str("\n\n");
        for link in &links {
            link_line(out, link);
        }
    };
    // The home page and the top-level pages with nothing below them.
    let root = &nav.nodes[0];
    let top: Vec<usize> = root
        .page
        .into_iter()
        .chain(
            nav.children(0)
                .filter(|&c| nav.child_count(c) == 0)
                .filter_map(|c| nav.nodes[c].page),
        )
        .collect();
    section(&mut out, &root.label, &top);
    let mut pages = Vec::new();
    for child in nav.children(0).filter(|&c| nav.child_count(c) > 0) {
        pages.clear();
        pages_below(nav, child, &mut pages);
        section(&mut out, &nav.nodes[child].label, &pages);
    }
    out
}

/// The pages of `node` and of every node below it, depth first in
/// navigation order, onto `pages`.
fn pages_below(nav: &Nav, node: usize, pages: &mut Vec<usize>) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        pages.extend(nav.nodes[n].page);
        let at = stack.len();
        stack.extend(nav.children(n));
        stack[at..].reverse();
    }
}

/// The names of the sections written so far, so that none is written twice
/// and none is "Optional" by accident.
#[derive(Default)]
struct SectionNames {
    /// Every name written, lowercased.
    taken: HashSet<String>,
    /// For a name written more than once: the number its next copy tries first.
    next: HashMap<String, usize>,
}

impl SectionNames {
    fn write(&mut self, out: &mut String, name: &str) {
        let mut written = String::with_capacity(name.len() + 4);
        heading_text(&mut written, name);
        if written.is_empty() {
            written.push_str("Pages");
        }
        if written.eq_ignore_ascii_case("optional") {
            written.push_str(" (section)");
        }
        let key = written.to_lowercase();
        if self.taken.contains(&key) {
            // "People (2)" may be a name of its own: the next free number.
            let n = self.next.entry(key).or_insert(2);
            let base = written.len();
            loop {
                written.truncate(base);
                let _ = write!(written, " ({n})");
                *n += 1;
                if !self.taken.contains(&written.to_lowercase()) {
                    break;
                }
            }
        }
        self.taken.insert(written.to_lowercase());
        out.push_str(&written);
    }
}

/// `- [label](url): description`
fn link_line(out: &mut String, link: &LlmsPage<'_>) {
    out.push_str("- [");
    let at = out.len();
    text(out, link.label, Place::Name);
    if out.len() == at {
        // A link needs a name: the URL stands for a page without one.
        text(out, &link.url, Place::Name);
    }
    out.push_str("](");
    out.extend(utf8_percent_encode(&link.url, URL_UNSAFE));
    out.push(')');
    if !link.description.trim().is_empty() {
        out.push_str(": ");
        text(out, link.description, Place::Notes);
    }
    out.push('\n');
}

/// Characters a markdown link destination (or the proposal's `[^\)]+`)
/// cannot take as they are. `%` is not among them: the URL is encoded already.
const URL_UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'(')
    .add(b')')
    .add(b'[')
    .add(b']')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'`')
    .add(b'"');

/// Where text goes, for what it must escape beyond the common part.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A link's name: `[` and `]` as entities (`&#91;`, `&#93;`), which the
    /// proposal's parser, reading a name up to the first `]`, takes whole
    /// where a `\]` would end it; `(` and `)` escaped.
    Name,
    /// The notes after a link: `(` and `)` escaped, as in the name.
    Notes,
    /// A heading or the summary, where no link can start once `[` and `]`
    /// are escaped: `(` and `)` kept, so "Benefits (US)" reads as written.
    Plain,
}

/// `s` as markdown text on one line: runs of white space (line breaks
/// included) made one space, control characters dropped, and escaped what
/// could open or close a link (`[`, `]`, and by `place` `(`, `)`), a code
/// span, raw HTML or an autolink (`` ` ``, `<`, `>`), an entity (`&amp;`)
/// or an escape (`\`).
fn text(out: &mut String, s: &str, place: Place) {
    let mut words = s
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty());
    let Some(first) = words.next() else {
        return;
    };
    word(out, first, place);
    for w in words {
        out.push(' ');
        word(out, w, place);
    }
}

fn word(out: &mut String, w: &str, place: Place) {
    for (i, c) in w.char_indices() {
        match c {
            '[' if place == Place::Name => out.push_str("&#91;"),
            ']' if place == Place::Name => out.push_str("&#93;"),
            '(' | ')' if place == Place::Plain => out.push(c),
            '\\' | '[' | ']' | '(' | ')' | '`' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '&' if is_entity(&w[i..]) => out.push_str("\\&"),
            _ => out.push(c),
        }
    }
}

/// Whether `s` starts with what markdown reads as an entity (`&amp;`, `&#38;`).
fn is_entity(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('&') else {
        return false;
    };
    let rest = rest.strip_prefix('#').unwrap_or(rest);
    let name = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .map_or(rest, |end| &rest[..end]);
    !name.is_empty() && rest[name.len()..].starts_with(';')
}

/// [`text`] for a heading: a `#` at its end would be read as the heading's
/// closing sequence, and dropped.
fn heading_text(out: &mut String, s: &str) {
    let at = out.len();
    text(out, s, Place::Plain);
    if out[at..].ends_with('#') {
        out.insert(out.len() - 1, '\\');
    }
}

/// [`text`] at the start of a line (the blockquote's), where a leading
/// `#`, `-`, `+`, `*`, `=`, `_`, `~`, `|`, `1.` or `1)` would begin a block.
fn line_start_text(out: &mut String, s: &str) {
    let at = out.len();
    text(out, s, Place::Plain);
    let line = &out[at..];
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(['.', ')']) {
        out.insert(at + digits, '\\');
    } else if line.starts_with(['#', '-', '+', '*', '=', '_', '~', '|']) {
        out.insert(at, '\\');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::nav::testing::{nav, page};

    /// Pages as (url, label, description, nav order, hidden).
    type Fixture<'a> = [(&'a str, &'a str, &'a str, Option<f64>, bool)];

    fn llms(title: &str, summary: &str, pages: &Fixture<'_>) -> String {
        let shown: Vec<_> = pages
            .iter()
            .map(|p| page(p.0, p.1).order(p.3).hidden(p.4))
            .collect();
        let nav = nav(&shown);
        llms_txt(title, summary, &nav, |i| {
            Some(LlmsPage {
                label: pages[i].1,
                url: pages[i].0.to_string(),
                description: pages[i].2,
            })
        })
    }

    fn escaped(s: &str, place: Place) -> String {
        let mut out = String::new();
        text(&mut out, s, place);
        out
    }

    /// The start of every llms.txt: the H1, the summary, how to read it.
    fn head(title: &str, summary: &str) -> String {
        let summary = if summary.is_empty() {
            String::new()
        } else {
            format!("> {summary}\n\n")
        };
        format!("# {title}\n\n{summary}{HOW_TO_READ}\n")
    }

    #[test]
    fn can_write_title_summary_and_sections_in_nav_order() {
        let got = llms(
            "Acme Handbook",
            "How Acme works.",
            &[
                ("/", "Home", "Welcome.", None, false),
                ("/people/", "People", "", Some(2.0), false),
                ("/people/hiring/", "Hiring", "How we hire.", None, false),
                ("/company/", "Company", "About us.", Some(1.0), false),
                ("/company/values/", "Values", "", Some(2.0), false),
                (
                    "/company/history/",
                    "History",
                    "Since 2019.",
                    Some(1.0),
                    false,
                ),
                ("/glossary/", "Glossary", "Our words.", None, false),
            ],
        );
        let want = head("Acme Handbook", "How Acme works.")
            + "\n## Home\n\n- [Home](/): Welcome.\n- [Glossary](/glossary/): Our words.\n\
               \n## Company\n\n- [Company](/company/): About us.\n\
               - [History](/company/history/): Since 2019.\n- [Values](/company/values/)\n\
               \n## People\n\n- [People](/people/)\n- [Hiring](/people/hiring/): How we hire.\n";
        assert_eq!(got, want);
    }

    #[test]
    fn can_flatten_nested_sections_depth_first() {
        let got = llms(
            "T",
            "",
            &[
                ("/a/", "A", "", None, false),
                ("/a/b/", "B", "", Some(1.0), false),
                ("/a/b/c/", "C", "", None, false),
                ("/a/d/", "D", "", Some(2.0), false),
            ],
        );
        // No home page: the root's section has nothing, and is left out.
        let want =
            head("T", "") + "\n## A\n\n- [A](/a/)\n- [B](/a/b/)\n- [C](/a/b/c/)\n- [D](/a/d/)\n";
        assert_eq!(got, want);
    }

    #[test]
    fn hidden_pages_and_those_below_them_are_left_out() {
        let got = llms(
            "T",
            "",
            &[
                ("/", "Home", "", None, false),
                ("/a/", "A", "", None, false),
                ("/a/secret/", "Secret", "", None, true),
                ("/a/secret/deeper/", "Deeper", "", None, false),
                ("/a/b/", "B", "", None, false),
            ],
        );
        assert!(!got.contains("ecret") && !got.contains("Deeper"), "{got}");
        assert!(got.contains("- [B](/a/b/)"), "{got}");
    }

    #[test]
    fn can_leave_out_pages_the_caller_does_not_give() {
        let nav = nav(&[page("/", "L"), page("/404/", "L")]);
        let got = llms_txt("T", "", &nav, |i| {
            (i == 0).then(|| LlmsPage {
                label: "Home",
                url: "/".to_string(),
                description: "",
            })
        });
        assert_eq!(got, head("T", "") + "\n## L\n\n- [Home](/)\n");
    }

    #[test]
    fn can_escape_what_would_break_a_link() {
        let hostile = "a] (b) [c\n<script>x</script> `d` \\e";
        assert_eq!(
            escaped(hostile, Place::Name),
            "a&#93; \\(b\\) &#91;c \\<script\\>x\\</script\\> \\`d\\` \\\\e"
        );
        assert_eq!(
            escaped(hostile, Place::Notes),
            "a\\] \\(b\\) \\[c \\<script\\>x\\</script\\> \\`d\\` \\\\e"
        );
        assert_eq!(
            escaped(hostile, Place::Plain),
            "a\\] (b) \\[c \\<script\\>x\\</script\\> \\`d\\` \\\\e"
        );
        assert_eq!(
            escaped("  one\r\n\ttwo\u{0}three\u{2028}four  ", Place::Notes),
            "one two three four"
        );
        assert_eq!(
            escaped("R&D &amp; &#38; &x", Place::Notes),
            "R&D \\&amp; \\&#38; &x"
        );
        assert_eq!(
            escaped("snake_case *is* fine", Place::Name),
            "snake_case *is* fine"
        );
    }

    #[test]
    fn can_keep_a_hostile_title_one_link() {
        let got = llms(
            "T",
            "",
            &[(
                "/x(1)/",
                "a](javascript:alert(1)) <script>\n## Optional",
                "b\n\n## Injected\n- [c](d)",
                None,
                false,
            )],
        );
        let want = head("T", "")
            + "\n## Home\n\n\
               - [a&#93;\\(javascript:alert\\(1\\)\\) \\<script\\> ## Optional](/x%281%29/): \
               b ## Injected - \\[c\\]\\(d\\)\n";
        assert_eq!(got, want);
    }

    #[test]
    fn can_keep_headings_and_the_summary_what_they_say() {
        let got = llms("C#", "1. First\nline", &[]);
        assert_eq!(got, head("C\\#", "1\\. First line"));
        assert_eq!(llms("T", "2) two", &[]), head("T", "2\\) two"));
        assert_eq!(llms("T", "# no", &[]), head("T", "\\# no"));
        assert_eq!(llms("  ", "- no", &[]), head("Handbook", "\\- no"));
        assert_eq!(llms("T", "* * *", &[]), head("T", "\\* * *"));
        assert_eq!(
            llms("Benefits (US) #1", "See [x](y) (z)", &[]),
            head("Benefits (US) #1", "See \\[x\\](y) (z)")
        );
    }

    #[test]
    fn no_section_is_optional_or_twice_the_same_by_accident() {
        let got = llms(
            "T",
            "",
            &[
                ("/", "Home", "", None, false),
                ("/a/", "Optional", "", Some(1.0), false),
                ("/a/x/", "X", "", None, false),
                ("/b/", "home", "", Some(2.0), false),
                ("/b/x/", "X", "", None, false),
                ("/c/", "Home (2)", "", Some(3.0), false),
                ("/c/x/", "X", "", None, false),
                ("/d/", "home", "", Some(4.0), false),
                ("/d/x/", "X", "", None, false),
            ],
        );
        let headings: Vec<&str> = got.lines().filter(|l| l.starts_with("## ")).collect();
        assert_eq!(
            headings,
            [
                "## Home",
                "## Optional (section)",
                "## home (2)",
                "## Home (2) (2)",
                "## home (3)",
            ]
        );
    }

    #[test]
    fn a_page_without_a_label_is_named_by_its_url() {
        let got = llms("T", "", &[("/", "", "", None, false)]);
        assert!(got.contains("- [/](/)\n"), "{got}");
    }
}
