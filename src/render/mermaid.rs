//! Mermaid diagrams: which pages have one (only they load the renderer
//! `[markdown] mermaid` names), and where a page's first is written, for
//! the warning that it shows as code when no renderer is named.
//!
//! A ```` ```mermaid ```` block becomes `<pre class="mermaid">` with its
//! source as text (`markdown/code.rs`): readable without JavaScript, and
//! what mermaid's `run` draws in place.

/// How a diagram starts in a page's HTML.
const DIAGRAM: &[u8] = b"<pre class=\"mermaid\"";

/// Whether a page's body, as HTML, has a mermaid diagram.
pub fn has_diagram(html: &str) -> bool {
    memchr::memmem::find(html.as_bytes(), DIAGRAM).is_some()
}

/// Where the first ```` ```mermaid ```` (or `~~~mermaid`) fence of
/// `markdown` starts, as a byte offset: in a quote or a list item too.
/// `None` when there is none (a diagram written as raw HTML).
pub fn first_fence(markdown: &str) -> Option<usize> {
    let mut offset = 0;
    for line in markdown.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let rest = line.trim_start_matches([' ', '\t', '>']);
        let rest = without_list_marker(rest);
        let fence = rest.chars().next().filter(|c| matches!(c, '`' | '~'));
        let Some(fence) = fence else {
            continue;
        };
        let info = rest.trim_start_matches(fence);
        if rest.len() - info.len() < 3 {
            continue;
        }
        let lang = info
            .trim_start()
            .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
            .next()
            .unwrap_or("");
        if lang == "mermaid" {
            return Some(at + (line.len() - rest.len()));
        }
    }
    None
}

/// `line` without a list item's marker (`- `, `* `, `+ `, `1. `, `1) `)
/// and the spaces after it.
fn without_list_marker(line: &str) -> &str {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let marker = match line.as_bytes().get(digits) {
        Some(b'.' | b')') if digits > 0 => digits + 1,
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        _ => return line,
    };
    match line[marker..].strip_prefix([' ', '\t']) {
        Some(rest) => rest.trim_start_matches([' ', '\t']),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_tell_a_page_with_a_diagram_as_the_renderer_writes_it() {
        let options = crate::render::markdown::RenderOptions::default();
        let with = crate::render::markdown::render_with(
            "# A\n\n```mermaid\ngraph TD; A-->B\n```\n",
            &options,
            &mut |l| l.dest.to_string(),
        );
        assert!(has_diagram(&with.html), "{}", with.html);
        let without = crate::render::markdown::render_with(
            "# A\n\n```rust\nlet mermaid = 1;\n```\n\nmermaid\n",
            &options,
            &mut |l| l.dest.to_string(),
        );
        assert!(!has_diagram(&without.html), "{}", without.html);
    }

    #[test]
    fn can_find_the_first_fence() {
        for (text, at) in [
            ("```mermaid\n", Some(0)),
            ("a\n\n~~~~ mermaid\n", Some(3)),
            ("a\n```rust\nx\n```\n```mermaid {a}\n", Some(16)),
            ("> ```mermaid\n", Some(2)),
            ("- ```mermaid\n", Some(2)),
            ("10. ```mermaid\n", Some(4)),
            ("``mermaid``\n", None),
            ("```mermaidx\n", None),
            ("```rust\n", None),
            ("- a\n", None),
            ("", None),
            ("\u{1F600}```mermaid\n", None),
        ] {
            assert_eq!(first_fence(text), at, "{text:?}");
        }
    }
}
