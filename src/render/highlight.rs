//! Code highlighting with syntect: CSS classes out, so the theme owns the colours.
//!
//! The syntax set and the colour themes are loaded once per process and
//! shared by every worker thread: a build loads them with [`warm_up`] on the
//! thread beside its markdown stage (a handbook without code pays that too,
//! off the markdown's path), or the first code block does, if it comes first.

use std::cell::RefCell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use pulldown_cmark_escape::escape_html_body_text;
use rustc_hash::FxHashMap;
use syntect::highlighting::{Theme, ThemeSet};
use syntect::html::{ClassStyle, css_for_theme_with_class_style};
use syntect::parsing::{BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The prefix of every highlighting class (`hl-keyword`).
const PREFIX: &str = "hl-";
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: PREFIX };
/// The light theme, and the dark one.
const THEMES: [&str; 2] = ["InspiredGitHub", "base16-ocean.dark"];

/// How many times the syntax set was loaded in this process.
static LOADS: AtomicUsize = AtomicUsize::new(0);

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(|| {
        LOADS.fetch_add(1, Ordering::Relaxed);
        SyntaxSet::load_defaults_newlines()
    })
}

/// How many times this process has loaded syntect's syntax set: at most
/// once, however many builds and code blocks (the complexity test checks it).
pub fn syntax_set_loads() -> usize {
    LOADS.load(Ordering::Relaxed)
}

/// Loads the syntax set and the themes now, on the calling thread, so that
/// a build's first code block does not wait for them (both happen once per
/// process; about 1 ms together).
pub fn warm_up() {
    syntaxes();
    styles();
}

/// `code` in language `lang` as the inside of a `<code>` element; `None` when
/// the language is unknown (the caller escapes the code as it is).
///
/// Each scope syntect finds becomes a `<span>` with its atoms as `hl-`
/// classes, as syntect's `ClassedHTMLGenerator` writes them, except the
/// scopes no rule of the stylesheet can match (`source.js`, most `meta.*`):
/// those spans would change nothing on screen, and were about half of a
/// highlighted block's bytes.
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut html = String::with_capacity(code.len() * 4);
    // For each scope on the stack: whether it has a span open.
    let mut open: Vec<bool> = Vec::new();
    // Where the last span opened, while nothing has been written in it.
    let mut empty_since: Option<usize> = None;
    CLASSES.with_borrow_mut(|classes| {
        for line in LinesWithEndings::from(code) {
            let ops = state.parse_line(line, set).ok()?;
            let mut at = 0;
            for (i, op) in &ops {
                if *i > at {
                    escape_html_body_text(&mut html, &line[at..*i]).ok()?;
                    empty_since = None;
                    at = *i;
                }
                stack
                    .apply_with_hook(op, |op, _| match op {
                        BasicScopeStackOp::Push(scope) => {
                            let class = classes.entry(scope).or_insert_with(|| span_class(scope));
                            if let Some(class) = class {
                                empty_since = Some(html.len());
                                html.push_str("<span class=\"");
                                html.push_str(class);
                                html.push_str("\">");
                            }
                            open.push(class.is_some());
                        }
                        BasicScopeStackOp::Pop => {
                            if open.pop() == Some(true) {
                                // A span with nothing in it is taken back.
                                match empty_since.take() {
                                    Some(start) => html.truncate(start),
                                    None => html.push_str("</span>"),
                                }
                            }
                        }
                    })
                    .ok()?;
            }
            if at < line.len() {
                escape_html_body_text(&mut html, &line[at..]).ok()?;
                empty_since = None;
            }
        }
        Some(())
    })?;
    for _ in open.iter().filter(|&&o| o) {
        html.push_str("</span>");
    }
    Some(html)
}

thread_local! {
    /// Each scope's span class, or `None` when it gets no span: made once
    /// per thread and scope (syntect's generator makes it for each span,
    /// under a lock all threads share).
    static CLASSES: RefCell<FxHashMap<Scope, Option<Box<str>>>> = RefCell::default();
}

/// The class of `scope`'s span (`hl-` and each atom), or `None` when no
/// rule of the stylesheet can match it. A rule's selector is made of
/// compounds such as `.hl-keyword.hl-control`, each matching an element
/// whose classes include all of its own; a span no compound matches sets no
/// colour, and no selector needs it as an ancestor, so it can be left out.
fn span_class(scope: Scope) -> Option<Box<str>> {
    let atoms: Vec<u16> = (0..scope.len() as usize)
        .map(|i| scope.atom_at(i))
        .collect();
    let matched = styles()
        .compounds
        .iter()
        .any(|c| (0..c.len() as usize).all(|i| atoms.contains(&c.atom_at(i))));
    if !matched {
        return None;
    }
    let mut class = String::new();
    for (n, atom) in scope.build_string().split('.').enumerate() {
        if n > 0 {
            class.push(' ');
        }
        class.push_str(PREFIX);
        class.push_str(atom);
    }
    Some(class.into())
}

/// What the highlighting themes give: the stylesheet, and every compound
/// selector of its rules (as a scope: one class per atom).
struct Styles {
    css: bytes::Bytes,
    compounds: Vec<Scope>,
}

/// Made once per process and shared.
fn styles() -> &'static Styles {
    static STYLES: OnceLock<Styles> = OnceLock::new();
    STYLES.get_or_init(|| {
        let set = ThemeSet::load_defaults();
        let themes = THEMES.map(|t| set.themes.get(t));
        let mut compounds: Vec<Scope> = themes
            .iter()
            .flatten()
            .flat_map(|t| &t.scopes)
            .flat_map(|item| &item.scope.selectors)
            .flat_map(|selector| selector.extract_scopes())
            .collect();
        compounds.sort_unstable();
        compounds.dedup();
        Styles {
            css: bytes::Bytes::from(make_stylesheet(&themes).into_bytes()),
            compounds,
        }
    })
}

/// The stylesheet for the highlighting classes: a light theme, and a dark one
/// under `prefers-color-scheme: dark` and `[data-theme=dark]`.
/// Made once per process and shared.
pub fn stylesheet() -> bytes::Bytes {
    styles().css.clone()
}

fn make_stylesheet([light, dark]: &[Option<&Theme>; 2]) -> String {
    let css = |theme: &Option<&Theme>| {
        theme
            .and_then(|t| css_for_theme_with_class_style(t, CLASS_STYLE).ok())
            .unwrap_or_default()
    };
    let light = css(light);
    let dark = css(dark);
    let scoped_dark = scope(&dark, "[data-theme=dark] ");
    let auto_dark = scope(&dark, ":root:not([data-theme=light]) ");
    format!(
        "/* generated by handbook from syntect's themes */\n{light}\n{scoped_dark}\n@media (prefers-color-scheme: dark) {{\n{auto_dark}\n}}\n"
    )
}

/// Prefixes every selector of a flat stylesheet with `prefix`.
fn scope(css: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    for rule in css.split_inclusive('}') {
        match rule.split_once('{') {
            Some((selectors, body)) if !selectors.trim().is_empty() => {
                let scoped: Vec<String> = selectors
                    .split(',')
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty() && !s.starts_with("/*"))
                    .map(|s| format!("{prefix}{s}"))
                    .collect();
                if scoped.is_empty() {
                    continue;
                }
                out.push_str(&scoped.join(", "));
                out.push_str(" {");
                out.push_str(body);
                out.push('\n');
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_highlight_known_language_with_classes() {
        let html = highlight("fn main() {}\n", "rust").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("main"));
    }

    /// Whether a rule of the stylesheet can match a span of class `class`.
    fn styled(class: &str) -> bool {
        let classes: Vec<&str> = class.split(' ').collect();
        styles().compounds.iter().any(|c| {
            c.build_string()
                .split('.')
                .all(|a| classes.contains(&format!("{PREFIX}{a}").as_str()))
        })
    }

    /// For each character of highlighted HTML: the character, and the
    /// classes of the spans it is in that some stylesheet rule can match,
    /// outermost first.
    fn styled_chars(html: &str) -> Vec<(char, Vec<String>)> {
        let mut out = Vec::new();
        let mut stack: Vec<String> = Vec::new();
        let mut rest = html;
        while let Some(c) = rest.chars().next() {
            if let Some(tag) = rest.strip_prefix("<span class=\"") {
                let end = tag.find("\">").unwrap();
                stack.push(tag[..end].to_string());
                rest = &tag[end + 2..];
            } else if let Some(after) = rest.strip_prefix("</span>") {
                stack.pop();
                rest = after;
            } else {
                let (c, used) = match rest.find(';').filter(|_| c == '&') {
                    Some(end) => (
                        match &rest[..=end] {
                            "&amp;" => '&',
                            "&lt;" => '<',
                            "&gt;" => '>',
                            "&quot;" => '"',
                            "&#39;" => '\'',
                            other => panic!("unexpected reference {other}"),
                        },
                        end + 1,
                    ),
                    None => (c, c.len_utf8()),
                };
                let classes = stack.iter().filter(|c| styled(c)).cloned().collect();
                out.push((c, classes));
                rest = &rest[used..];
            }
        }
        out
    }

    #[test]
    fn spans_left_out_are_those_no_rule_can_colour() {
        let samples = [
            (
                "rust",
                "/// Docs.\nfn main() -> Result<(), String> {\n    let x = \"a'b\" & 3 < 4;\n    println!(\"{x}\");\n}\n",
            ),
            (
                "js",
                "import { readFile } from \"node:fs\";\nconst a = `t ${b}`; // c\nclass A extends B { m() { return /x+/g; } }\n",
            ),
            (
                "yaml",
                "key: value\nlist:\n  - \"quoted\" # comment\n  - 3.5\nanchor: &a {x: 1}\n",
            ),
            (
                "bash",
                "#!/bin/bash\nfor f in *.md; do echo \"$f\" | grep -c '<x>'; done\n",
            ),
            (
                "python",
                "def f(x: int) -> str:\n    \"\"\"Doc.\"\"\"\n    return f\"{x!r}\"  # done\n",
            ),
        ];
        for (lang, code) in samples {
            let ours = highlight(code, lang).unwrap();
            let set = syntaxes();
            let mut reference = syntect::html::ClassedHTMLGenerator::new_with_class_style(
                set.find_syntax_by_token(lang).unwrap(),
                set,
                CLASS_STYLE,
            );
            for line in LinesWithEndings::from(code) {
                reference
                    .parse_html_for_line_which_includes_newline(line)
                    .unwrap();
            }
            let reference = reference.finalize();
            assert!(ours.len() < reference.len(), "{lang}: no span left out");
            assert_eq!(
                styled_chars(&ours),
                styled_chars(&reference),
                "{lang}:\n{ours}\n{reference}"
            );
            // Every span left in can be coloured.
            for class in ours.split("<span class=\"").skip(1) {
                let class = &class[..class.find('"').unwrap()];
                assert!(styled(class), "{lang}: {class} has a span");
            }
        }
    }

    #[test]
    fn unknown_language_is_none() {
        assert_eq!(highlight("x", "no-such-language"), None);
    }

    #[test]
    fn stylesheet_has_both_themes() {
        let css = String::from_utf8(stylesheet().to_vec()).unwrap();
        assert!(css.contains("[data-theme=dark] .hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }
}
