//! Raw HTML in markdown: the URLs its tags point at (`<a href>`, `<img src>`,
//! `srcset`, ...) and the ids it defines, found with a WHATWG tokenizer
//! (html5gum), so that they are checked and rewritten like markdown links.

use std::ops::Range;

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// A URL written in an attribute of a raw HTML tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlUrl {
    /// The URL, with character references decoded (`&amp;` -> `&`).
    pub url: String,
    /// Where the attribute's value is in the fragment, quotes included:
    /// what [`rewrite`] replaces.
    pub value: Range<usize>,
    /// Where the URL itself starts in the fragment (for positions).
    pub at: usize,
    /// For a `srcset`, which candidate this is (they share `value`).
    pub candidate: Option<usize>,
    /// Whether it loads an image or media, rather than being followed.
    pub embedded: bool,
    /// The tag and attribute, as `<img src>`, for messages.
    pub attr: &'static str,
}

/// The attributes that hold one URL, by tag (the HTML spec's URL-valued
/// attributes that a page's content uses), and whether they embed.
const URL_ATTRS: &[(&str, &str, &str, bool)] = &[
    ("a", "href", "<a href>", false),
    ("area", "href", "<area href>", false),
    ("img", "src", "<img src>", true),
    ("source", "src", "<source src>", true),
    ("video", "src", "<video src>", true),
    ("video", "poster", "<video poster>", true),
    ("audio", "src", "<audio src>", true),
    ("track", "src", "<track src>", true),
    ("iframe", "src", "<iframe src>", false),
    ("embed", "src", "<embed src>", true),
    ("object", "data", "<object data>", true),
];

/// The attributes that hold a list of image candidates.
const SRCSET_ATTRS: &[(&str, &str)] = &[("img", "<img srcset>"), ("source", "<source srcset>")];

/// What a fragment of raw HTML holds that the pipeline cares about.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scan {
    /// The URLs, in the order written.
    pub urls: Vec<HtmlUrl>,
    /// The values of `id` and `<a name>` attributes: anchors of the page.
    pub ids: Vec<String>,
}

/// Scans one fragment of raw HTML (a tag, or a block of tags).
pub fn scan(fragment: &str) -> Scan {
    let mut out = Scan::default();
    // Cheap test first: most fragments are `<br>`, `</div>`, `<details>`.
    if !fragment.contains('=') {
        return out;
    }
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // After `<script>`, `<style>`, `<textarea>`..., what follows is text,
    // not tags, as a browser's tree builder would tell the tokenizer.
    emitter.naively_switch_states(true);
    let tokens = Tokenizer::new_with_emitter(fragment, emitter);
    for token in tokens {
        let Ok(Token::StartTag(tag)) = token else {
            continue;
        };
        let name = tag.name.as_slice();
        for (attr_name, attr) in &tag.attributes {
            let attr_name = attr_name.as_slice();
            let text = || String::from_utf8_lossy(attr.value.as_slice()).into_owned();
            if attr_name == b"id" || (attr_name == b"name" && name == b"a") {
                let id = text();
                if !id.is_empty() {
                    out.ids.push(id);
                }
                continue;
            }
            let Some(value) = value_range(fragment, attr.span.start, attr.span.end) else {
                continue;
            };
            if let Some(&(_, _, label, embedded)) = URL_ATTRS
                .iter()
                .find(|(t, a, _, _)| t.as_bytes() == name && a.as_bytes() == attr_name)
            {
                let url = text();
                let url = url.trim();
                if url.is_empty() {
                    continue;
                }
                out.urls.push(HtmlUrl {
                    url: url.to_string(),
                    at: find_in(fragment, &value, url),
                    value,
                    candidate: None,
                    embedded,
                    attr: label,
                });
            } else if let Some(&(_, label)) = SRCSET_ATTRS
                .iter()
                .find(|(t, _)| t.as_bytes() == name && attr_name == b"srcset")
            {
                let list = text();
                for (n, url) in srcset_urls(&list).enumerate() {
                    out.urls.push(HtmlUrl {
                        url: url.to_string(),
                        at: find_in(fragment, &value, url),
                        value: value.clone(),
                        candidate: Some(n),
                        embedded: true,
                        attr: label,
                    });
                }
            }
        }
    }
    // Attributes come sorted by name: put them back in the order written.
    out.urls.sort_by_key(|u| u.value.start);
    out
}

/// The URLs of a `srcset` (`a.png 1x, b.png 2x`): each candidate's first
/// word. (A URL with a comma inside is split by browsers too.)
fn srcset_urls(list: &str) -> impl Iterator<Item = &str> {
    list.split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
}

/// Where a value (or its first appearance) is inside `range` of the
/// fragment, for a diagnostic's column; the range's start when it is
/// written with character references.
fn find_in(fragment: &str, range: &Range<usize>, text: &str) -> usize {
    fragment
        .get(range.clone())
        .and_then(|v| v.find(text))
        .map_or(range.start, |i| range.start + i)
}

/// The byte range of an attribute's value, quotes included, given the span
/// html5gum reports for the attribute (from its name to about its end):
/// after the `=` and the blanks around it, to the closing quote or the
/// first blank, `>` or `/>` of an unquoted value. `None` when the
/// attribute has no value written.
fn value_range(fragment: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let bytes = fragment.as_bytes();
    let end = end.min(bytes.len());
    let mut i = start.min(end);
    // The name, then blanks, then `=`.
    while i < end
        && !matches!(
            bytes[i],
            b'=' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>'
        )
    {
        i += 1;
    }
    while i < end && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    if bytes.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    let from = i;
    match bytes.get(i) {
        Some(&q @ (b'"' | b'\'')) => {
            let close = memchr::memchr(q, &bytes[i + 1..])?;
            Some(from..i + 1 + close + 1)
        }
        Some(_) => {
            while i < bytes.len()
                && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>')
            {
                i += 1;
            }
            Some(from..i)
        }
        None => None,
    }
}

/// The fragment with URLs replaced: `new[k]` is the URL for `urls[k]`
/// (`None` leaves it as written). A `srcset` is written again from its
/// candidates, descriptors kept. Values are written double-quoted and
/// escaped as markdown links' are.
pub fn rewrite(fragment: &str, urls: &[HtmlUrl], new: &[Option<String>]) -> String {
    let mut out = String::with_capacity(fragment.len() + 16);
    let mut copied = 0;
    let mut k = 0;
    while k < urls.len() {
        let range = urls[k].value.clone();
        // All the candidates of one srcset share the range.
        let mut last = k;
        while last + 1 < urls.len() && urls[last + 1].value == range {
            last += 1;
        }
        let changed = (k..=last).any(|j| new.get(j).is_some_and(Option::is_some));
        if changed && range.start >= copied && range.end <= fragment.len() {
            out.push_str(&fragment[copied..range.start]);
            let value = if urls[k].candidate.is_some() {
                let written = unquote(&fragment[range.clone()]);
                let mut parts = Vec::new();
                // Numbered as `srcset_urls` numbers them: empty ones skipped.
                let mut j = 0;
                for candidate in written.split(',') {
                    let candidate = candidate.trim();
                    let mut words = candidate.splitn(2, char::is_whitespace);
                    let Some(url) = words.next().filter(|u| !u.is_empty()) else {
                        continue;
                    };
                    let rest = words.next().map(str::trim).unwrap_or("");
                    let url = new
                        .get(k + j)
                        .and_then(|n| n.as_deref())
                        .filter(|_| k + j <= last)
                        .unwrap_or(url);
                    j += 1;
                    let mut part = href(url);
                    if !rest.is_empty() {
                        part.push(' ');
                        // Writing to a String cannot fail.
                        let _ = pulldown_cmark_escape::escape_html(&mut part, rest);
                    }
                    parts.push(part);
                }
                parts.join(", ")
            } else {
                href(new[k].as_deref().unwrap_or_default())
            };
            out.push('"');
            out.push_str(&value);
            out.push('"');
            copied = range.end;
        }
        k = last + 1;
    }
    out.push_str(&fragment[copied..]);
    out
}

fn unquote(value: &str) -> &str {
    value
        .strip_prefix(['"', '\''])
        .and_then(|v| v.strip_suffix(['"', '\'']))
        .unwrap_or(value)
}

/// A URL as a double-quoted attribute value, as markdown links are written.
fn href(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 8);
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut out, url);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(html: &str) -> Vec<(String, &'static str, bool)> {
        scan(html)
            .urls
            .into_iter()
            .map(|u| (u.url, u.attr, u.embedded))
            .collect()
    }

    #[test]
    fn can_find_urls_in_every_quoting() {
        assert_eq!(
            urls(r#"<a href="a.md">x</a> <img src='../i.png' alt=x> <A HREF=b.md>"#),
            [
                ("a.md".to_string(), "<a href>", false),
                ("../i.png".to_string(), "<img src>", true),
                ("b.md".to_string(), "<a href>", false),
            ]
        );
    }

    #[test]
    fn can_decode_references_and_skip_other_attributes() {
        assert_eq!(
            urls(r#"<a title="x.md" href="q.md?a=1&amp;b=2">"#),
            [("q.md?a=1&b=2".to_string(), "<a href>", false)]
        );
        assert!(urls(r#"<div data-src="x.png" class="a=b">"#).is_empty());
    }

    #[test]
    fn can_split_a_srcset() {
        let found = scan(r#"<img srcset="a.png 1x, ../b.png 2x" src="c.png">"#).urls;
        let names: Vec<&str> = found.iter().map(|u| u.url.as_str()).collect();
        assert_eq!(names.len(), 3);
        assert!(
            names.contains(&"a.png") && names.contains(&"../b.png") && names.contains(&"c.png")
        );
    }

    #[test]
    fn script_and_comments_hold_no_links() {
        assert!(urls("<script>let a = '<a href=\"x.md\">';</script>").is_empty());
        assert!(urls("<!-- <a href=\"x.md\">old</a> -->").is_empty());
        assert_eq!(urls("<style>a{}</style><a href=y.md>").len(), 1);
    }

    #[test]
    fn can_collect_ids_and_anchor_names() {
        let s = scan(r#"<div id="top"></div><a name='old-anchor'></a><input name="q">"#);
        assert_eq!(s.ids, ["top", "old-anchor"]);
    }

    #[test]
    fn can_rewrite_values_and_keep_the_rest() {
        let html = "<p>See <a class=x href=a.md>A</a> and <img alt='y' src='../i.png'></p>";
        let s = scan(html);
        let out = rewrite(
            html,
            &s.urls,
            &[Some("/a/".to_string()), Some("/i.png".to_string())],
        );
        assert_eq!(
            out,
            "<p>See <a class=x href=\"/a/\">A</a> and <img alt='y' src=\"/i.png\"></p>"
        );
        let unchanged = rewrite(html, &s.urls, &[None, None]);
        assert_eq!(unchanged, html);
    }

    #[test]
    fn can_rewrite_a_srcset_keeping_descriptors() {
        let html = r#"<source srcset="a.png 1x,b.png   2x" media="(x)">"#;
        let s = scan(html);
        let out = rewrite(
            html,
            &s.urls,
            &[Some("/p/a.png".to_string()), Some("/p/b.png".to_string())],
        );
        assert_eq!(
            out,
            r#"<source srcset="/p/a.png 1x, /p/b.png 2x" media="(x)">"#
        );
    }

    #[test]
    fn positions_point_at_the_url() {
        let html = "<div>\n  <img alt=\"x\" src=\"pic.png\">\n</div>";
        let s = scan(html);
        assert_eq!(&html[s.urls[0].at..s.urls[0].at + 7], "pic.png");
        assert_eq!(&html[s.urls[0].value.clone()], "\"pic.png\"");
    }

    #[test]
    fn broken_html_does_not_panic() {
        for html in [
            "<a href=",
            "<a href=\"x",
            "<img src='",
            "<a href = x",
            "<<a href=x>>",
            "<a href=\"é\u{0}\">",
            "<img srcset=\", ,\">",
            "<a\nhref\n=\n'y'>",
        ] {
            let s = scan(html);
            let new: Vec<Option<String>> = s.urls.iter().map(|_| Some("z".into())).collect();
            let _ = rewrite(html, &s.urls, &new);
        }
        let s = scan("<a\nhref\n=\n'y'>");
        assert_eq!(s.urls[0].url, "y");
    }
}
