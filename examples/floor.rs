//! The floor of a build on this stack: read every markdown file, render it
//! with pulldown-cmark, write the HTML, in parallel with rayon. No
//! frontmatter parsing, templates, navigation or links. With `--syntect`,
//! every fenced code block is also highlighted with syntect, as handbook does.
//!
//!     cargo run --release --example floor -- [--syntect] CONTENT_DIR OUT_DIR
//!
//! `scripts/bench.sh` times it in the same run as `handbook build` and Hugo,
//! so the ratios it prints compare like with like on one machine.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The allocator handbook's binary uses, so the two compare like with like.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let syntect = args.iter().any(|a| a == "--syntect");
    args.retain(|a| a != "--syntect");
    let [content, out] = args.as_slice() else {
        return Err("usage: floor [--syntect] CONTENT_DIR OUT_DIR".into());
    };
    let (content, out) = (Path::new(content), Path::new(out));
    let files: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files
        .par_iter()
        .try_for_each(|file| -> std::io::Result<()> {
            let text = std::fs::read_to_string(file)?;
            let html = render(body(&text), syntect)?;
            // Every file was found under `content`.
            let rel = file.strip_prefix(content).unwrap_or(file);
            let target = out.join(rel).with_extension("html");
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, html)
        })?;
    Ok(())
}

/// The text after a `---` frontmatter block, found without parsing it.
fn body(text: &str) -> &str {
    text.strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|end| &rest[end + 5..]))
        .unwrap_or(text)
}

fn render(markdown: &str, syntect: bool) -> std::io::Result<String> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    let parser = Parser::new_ext(markdown, options);
    if !syntect {
        pulldown_cmark::html::push_html(&mut html, parser);
        return Ok(html);
    }
    // Code blocks are gathered and replaced by their highlighted HTML.
    let mut code: Option<(String, String)> = None;
    let mut failed = None;
    let events = parser.filter_map(|event| match (&mut code, event) {
        (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))) => {
            code = Some((lang.to_string(), String::new()));
            None
        }
        (Some((_, text)), Event::Text(t)) => {
            text.push_str(&t);
            None
        }
        (Some(_), Event::End(TagEnd::CodeBlock)) => {
            let (lang, text) = code.take().unwrap_or_default();
            match highlight(&text, &lang) {
                Ok(h) => Some(Event::Html(h.into())),
                Err(e) => {
                    failed = Some(e);
                    None
                }
            }
        }
        (_, event) => Some(event),
    });
    pulldown_cmark::html::push_html(&mut html, events);
    match failed {
        Some(e) => Err(std::io::Error::other(e)),
        None => Ok(html),
    }
}

fn highlight(code: &str, lang: &str) -> Result<String, syntect::Error> {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    let set = SET.get_or_init(SyntaxSet::load_defaults_newlines);
    let syntax = set
        .find_syntax_by_token(lang)
        .unwrap_or_else(|| set.find_syntax_plain_text());
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        generator.parse_html_for_line_which_includes_newline(line)?;
    }
    Ok(format!(
        "<pre><code>{}</code></pre>\n",
        generator.finalize()
    ))
}
