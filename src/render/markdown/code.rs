//! Code blocks as HTML: highlighted with syntect classes, `mermaid` left for the client.

use pulldown_cmark_escape::escape_html;

use super::attrs::write_attr;
use crate::render::highlight;

pub(super) fn code_block(code: &str, lang: &str) -> String {
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
