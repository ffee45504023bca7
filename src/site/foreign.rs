//! Other tools' template syntax in a page, as warnings: syntax left in its
//! text (`content/template-syntax`) and links whose destination is template
//! syntax, which are never checked (`link/template`).

use std::ops::Range;

use super::*;
use crate::render::foreign::Syntax;

/// The most characters of the syntax a message quotes.
const QUOTED: usize = 60;

const LINK_HINT: &str = "handbook does not run other tools' templates: write the destination as a path to the markdown file, relative to this one (`../people/hiring.md`), and handbook makes the URL, base path included, and checks it";

/// Adds a warning for each piece of template syntax `a` found in `page`.
pub(super) fn template_problems(page: &SourcePage, a: &PageAnalysis, out: &mut Vec<Diagnostic>) {
    let found = &a.rendered.template_syntax;
    let mut links = a
        .links
        .iter()
        .filter(|l| l.target == Target::Template)
        .peekable();
    if found.is_empty() && links.peek().is_none() {
        return;
    }
    let body = a.body(page);
    let mut index: Option<LineIndex> = None;
    let mut at = |d: Diagnostic, offset: usize| a.written_at(page, offset).place(d, &mut index);
    // Destinations of links markdown made: their syntax is reported once, as the link's.
    let mut taken: Vec<Range<usize>> = Vec::new();
    for link in links {
        let offset = destination_offset(body, link.offset, &link.dest);
        taken.push(offset..offset + link.dest.len());
        let message = format!(
            "link [{}]({}) is not checked: its destination is another tool's template syntax, published as written",
            link.text, link.dest
        );
        let d = Diagnostic::warning(Code::LinkTemplate, page.file.clone(), message);
        out.push(at(d, offset).hint(LINK_HINT));
    }
    // Both in the order of the text: one walk over each, however many.
    taken.sort_by_key(|r| r.start);
    let mut next_taken = 0;
    for f in found {
        while taken.get(next_taken).is_some_and(|r| r.end <= f.offset) {
            next_taken += 1;
        }
        if taken.get(next_taken).is_some_and(|r| r.contains(&f.offset)) {
            continue;
        }
        let quoted = quote(&body[f.offset..f.end]);
        let tools = f.syntax.tools();
        let d = if f.link_destination {
            Diagnostic::warning(
                Code::LinkTemplate,
                page.file.clone(),
                format!(
                    "the link destination `{quoted}` is {tools}: markdown makes no link of it, so it is published as text and not checked"
                ),
            )
            .hint(LINK_HINT)
        } else if f.syntax == Syntax::UnclosedComment {
            let (open, close) = if quoted.starts_with("{#") {
                ("{#", "#}")
            } else {
                ("{% comment %}", "{% endcomment %}")
            };
            Diagnostic::warning(
                Code::ContentTemplateSyntax,
                page.file.clone(),
                format!("`{quoted}` opens a comment that is never closed: nothing of it is hidden, and it is published as text"),
            )
            .hint(format!("end the comment with `{close}` where it should end, or remove `{open}`"))
        } else {
            let what = match f.syntax {
                Syntax::Shortcode => {
                    "handbook does not run Hugo shortcodes (not supported yet): replace it with what it would show (a link, an image, raw HTML) or remove it"
                }
                _ => {
                    "handbook does not run Liquid, Nunjucks or other templates (not supported yet): write what it would show, or remove it"
                }
            };
            Diagnostic::warning(
                Code::ContentTemplateSyntax,
                page.file.clone(),
                format!("`{quoted}` looks like {tools}: it is published as written"),
            )
            .hint(format!(
                "{what}; if it is meant as an example, put it in backticks"
            ))
        };
        out.push(at(d, f.offset));
    }
}

/// Where `dest` is written in the link at `link` (the link's offset when it
/// is not near, as for a reference link defined elsewhere).
fn destination_offset(body: &str, link: usize, dest: &str) -> usize {
    body.get(link..)
        .and_then(|rest| rest.find(dest))
        .filter(|&i| i < 2_000)
        .map_or(link, |i| link + i)
}

/// `syntax` for a message: blanks and line breaks as one space, cut short.
fn quote(syntax: &str) -> String {
    let mut quoted = String::with_capacity(syntax.len().min(QUOTED + 3));
    for (n, word) in syntax.split_whitespace().enumerate() {
        if n > 0 {
            quoted.push(' ');
        }
        quoted.push_str(word);
    }
    if quoted.chars().count() > QUOTED {
        quoted = quoted.chars().take(QUOTED - 1).collect();
        quoted.push('…');
    }
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_one_line_and_short() {
        assert_eq!(
            quote("{% include a\n   b=\"c\" %}"),
            "{% include a b=\"c\" %}"
        );
        let long = format!("{{{{ {} }}}}", "x".repeat(100));
        let q = quote(&long);
        assert_eq!(q.chars().count(), QUOTED);
        assert!(q.ends_with('…'));
    }

    #[test]
    fn destinations_are_found_after_the_link() {
        let body = "See [a]({{x}}/a) and [b]({{x}}/a).";
        assert_eq!(destination_offset(body, 4, "{{x}}/a"), 8);
        assert_eq!(destination_offset(body, 21, "{{x}}/a"), 25);
        assert_eq!(destination_offset(body, 21, "{{gone}}"), 21);
    }
}
