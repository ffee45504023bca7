//! Render: markdown to HTML, code highlighting, and the theme's templates.

pub mod body_cache;
pub mod chart;
pub mod foreign;
pub mod heading_id;
pub mod highlight;
pub mod markdown;
pub mod mermaid;
pub mod nav_html;
pub mod raw_html;
pub mod search;
pub mod shortcode;
pub mod steps;
pub mod templates;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Characters that cannot stand as they are in a URL path or fragment.
const URL_UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'#')
    .add(b'?')
    .add(b'{')
    .add(b'}')
    .add(b'%');

/// `text` escaped for HTML or XML content or an attribute value (`&`, `<`,
/// `>`, `"` and `'`), as the templates escape it.
pub fn escape_text(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing to a Vec cannot fail.
    let _ = templates::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// A decoded URL path (a `PageUrl` under the base path), encoded for an `href`.
pub fn href(path: &str) -> String {
    href_with_fragment(path, None)
}

/// `href` plus an optional `#fragment`, both encoded. Written straight into
/// the string: through `Display` (`to_string`) it was about 1,000
/// instructions an href, and a build makes one per link and heading.
pub fn href_with_fragment(path: &str, fragment: Option<&str>) -> String {
    let fragment = fragment.filter(|f| !f.is_empty());
    let mut out = String::with_capacity(path.len() + fragment.map_or(0, |f| f.len() + 1));
    out.extend(utf8_percent_encode(path, URL_UNSAFE));
    if let Some(f) = fragment {
        out.push('#');
        out.extend(utf8_percent_encode(f, URL_UNSAFE));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_encode_paths_and_fragments() {
        assert_eq!(href("/a b/c/"), "/a%20b/c/");
        assert_eq!(
            href_with_fragment("/x/", Some("🔁-a")),
            "/x/#%F0%9F%94%81-a"
        );
        assert_eq!(href_with_fragment("/x/", Some("a b")), "/x/#a%20b");
    }
}
