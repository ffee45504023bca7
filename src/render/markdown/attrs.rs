//! HTML attributes: written escaped, read from markdown-it-attrs `{...}`
//! blocks and added to the tag before them, and kept safe when raw HTML is off.

use pulldown_cmark::Event;
use pulldown_cmark_escape::{escape_href, escape_html};

pub(super) fn write_attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_html(&mut *out, value).ok();
    out.push('"');
}

pub(super) fn write_href(out: &mut String, href: &str) {
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
pub(super) fn add_attrs(event: &mut Event<'_>, attrs: &[(String, String)]) {
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

/// A URL that runs code when followed (`javascript:`, `vbscript:`, `data:`),
/// whatever its case and the blanks browsers ignore in it.
pub(super) fn is_script_url(url: &str) -> bool {
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
pub(super) fn is_safe_attr(name: &str, value: &str) -> bool {
    !name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("on")) && !is_script_url(value)
}
