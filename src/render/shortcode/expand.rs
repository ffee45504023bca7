//! A page's calls and includes expanded into the markdown that is rendered,
//! with a map from each byte of it back to where it came from.
//!
//! The page's own text is copied as it is; an include copies the included
//! file's; a call of an `.md` shortcode adds the markdown its template
//! wrote. A call of an `.html` shortcode adds a placeholder that
//! pulldown-cmark reads as raw HTML and the renderer replaces with the
//! template's HTML ([`Piece`]): `<!--sc-->` on a line of its own when the
//! call stands alone on its line and its HTML starts with a block tag
//! (a paragraph around it ends, as CommonMark ends one before a `<div>`),
//! else `<hb-sc/>` in the line's text. So HTML with blank lines or indented
//! lines in it is never read as markdown, and a body between two pieces is.
//!
//! [`Expansion::origin`] leads any offset of the expanded text back to the
//! page or included file and the offset there (a call's output, to the call),
//! so that messages name the line the writer wrote.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde_json::Value;

use super::calls::{self, Call, CallKind, Syntax};
use super::{BODY_MARKER, Output, Shortcodes, SnippetFile};

mod include;
use crate::error::Code;

/// The placeholder of HTML that is a block of its own.
pub const BLOCK_PLACEHOLDER: &str = "<!--sc-->";
/// The placeholder of HTML inside a line's text.
pub const INLINE_PLACEHOLDER: &str = "<hb-sc/>";

/// How deep includes may nest.
const MAX_DEPTH: usize = 16;

/// How far up the open calls a closing one looks for its opening.
const MAX_NESTING: usize = 64;

/// HTML a shortcode wrote, standing in the expanded text as a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Where its placeholder is in the expanded text.
    pub at: usize,
    /// Which placeholder: [`BLOCK_PLACEHOLDER`] or [`INLINE_PLACEHOLDER`].
    pub block: bool,
    /// The HTML.
    pub html: String,
}

/// Where a byte of the expanded text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// The included file ([`Expansion::files`]); `None` for the page itself.
    pub file: Option<usize>,
    /// The offset: in the page's body, or in the whole included file.
    pub offset: usize,
    /// A call's output (the offset is the call's).
    pub generated: bool,
}

/// A problem found while expanding, where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub origin: Origin,
    /// What kind.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// A warning, not an error.
    pub warning: bool,
}

/// What a page's expansion used: an edit to one of them changes the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Used {
    /// The shortcodes called, sorted.
    pub shortcodes: Vec<String>,
    /// The files included, and those looked for and not found.
    pub files: Vec<PathBuf>,
    /// A shortcode called reads `data`.
    pub data: bool,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    out: usize,
    file: Option<usize>,
    at: usize,
    generated: bool,
}

/// A page body with its calls and includes expanded.
#[derive(Debug, Default)]
pub struct Expansion {
    /// The markdown to render.
    pub body: String,
    segments: Vec<Segment>,
    /// The HTML of `.html` shortcodes, by placeholder, in order.
    pub pieces: Vec<Piece>,
    /// The files included.
    pub files: Vec<Arc<SnippetFile>>,
    /// Ranges of the expanded text that are shown as written, never read as
    /// other tools' template syntax (escaped calls, Liquid's `raw`, outputs).
    pub literal: Vec<Range<usize>>,
    /// What went wrong.
    pub problems: Vec<Problem>,
    /// What it used.
    pub used: Used,
}

impl Expansion {
    /// Where byte `out` of the expanded text came from.
    pub fn origin(&self, out: usize) -> Origin {
        let i = self.segments.partition_point(|s| s.out <= out);
        match i.checked_sub(1).map(|i| self.segments[i]) {
            Some(s) if s.generated => Origin {
                file: s.file,
                offset: s.at,
                generated: true,
            },
            Some(s) => Origin {
                file: s.file,
                offset: s.at + (out - s.out),
                generated: false,
            },
            None => Origin {
                file: None,
                offset: out,
                generated: false,
            },
        }
    }

    /// The included file a byte came from, if it is not the page's.
    pub fn file_of(&self, origin: &Origin) -> Option<&SnippetFile> {
        origin.file.and_then(|f| self.files.get(f)).map(|f| &**f)
    }
}

/// The page whose body is expanded, as its shortcodes see it.
#[derive(Debug, Clone)]
pub struct PageEnv<'a> {
    /// The page's file on disk (relative includes start from its folder).
    pub file: &'a Path,
    /// `page` in the templates: `path`, `url`, `title`.
    pub page: Value,
    /// The site's base path (`/`, `/handbook/`).
    pub base: &'a str,
}

/// `body` with its calls and includes expanded; `None` when it has none
/// (the body is rendered as it is).
pub fn expand(body: &str, shortcodes: &Shortcodes, env: &PageEnv<'_>) -> Option<Expansion> {
    if !calls::has_openers(body) {
        return None;
    }
    let dir = env.file.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut x = Expander {
        shortcodes,
        env,
        out: Expansion::default(),
        nth: FxHashMap::default(),
        chain: vec![normalise(env.file)],
        page: tera::Value::from_serializable(&env.page),
        changed: false,
        found_any: false,
    };
    x.text(body, None, 0, &dir);
    if !x.changed && !x.found_any && x.out.problems.is_empty() {
        return None;
    }
    x.out.used.shortcodes.sort_unstable();
    x.out.used.shortcodes.dedup();
    x.out.used.files.sort_unstable();
    x.out.used.files.dedup();
    Some(x.out)
}

struct Expander<'a> {
    shortcodes: &'a Shortcodes,
    env: &'a PageEnv<'a>,
    out: Expansion,
    /// How many times each shortcode was called so far (`nth`).
    nth: FxHashMap<String, u64>,
    /// The files being expanded, outermost first.
    chain: Vec<PathBuf>,
    /// `page`, converted for tera once for all the page's calls.
    page: tera::Value,
    /// Something was expanded.
    changed: bool,
    /// A call was found (expanded or not).
    found_any: bool,
}

/// What a call with a body writes after it, at its close.
struct Frame {
    opener: usize,
    name: String,
    after: Option<(Output, String)>,
}

impl Expander<'_> {
    fn problem(
        &mut self,
        file: Option<usize>,
        at: usize,
        code: Code,
        message: String,
        hint: String,
    ) {
        self.out.problems.push(Problem {
            origin: Origin {
                file,
                offset: at,
                generated: false,
            },
            code,
            message,
            hint,
            warning: code == Code::ShortcodeBodyUnused,
        });
    }

    fn copy(&mut self, text: &str, range: Range<usize>, file: Option<usize>, base: usize) {
        if range.is_empty() {
            return;
        }
        self.out.segments.push(Segment {
            out: self.out.body.len(),
            file,
            at: base + range.start,
            generated: false,
        });
        self.out.body.push_str(&text[range]);
    }

    fn generated(&mut self, s: &str, file: Option<usize>, at: usize, literal: bool) {
        if s.is_empty() {
            return;
        }
        let start = self.out.body.len();
        self.out.segments.push(Segment {
            out: start,
            file,
            at,
            generated: true,
        });
        self.out.body.push_str(s);
        if literal {
            self.out.literal.push(start..self.out.body.len());
        }
        // Whatever follows is copied again from its own offset.
    }

    fn emit(&mut self, output: Output, s: &str, file: Option<usize>, at: usize, alone: bool) {
        match output {
            Output::Markdown => self.generated(s, file, at, false),
            Output::Html => {
                if s.trim().is_empty() {
                    return;
                }
                let block = alone && starts_block(s);
                let placeholder = if block {
                    BLOCK_PLACEHOLDER
                } else {
                    INLINE_PLACEHOLDER
                };
                self.out.pieces.push(Piece {
                    at: self.out.body.len(),
                    block,
                    html: s.to_string(),
                });
                self.generated(placeholder, file, at, true);
            }
        }
    }

    /// Expands `text` (the page's body, or an included file's from `base`
    /// on), whose relative includes start from `dir`.
    fn text(&mut self, text: &str, file: Option<usize>, base: usize, dir: &Path) {
        if !calls::has_openers(text) {
            self.copy(text, 0..text.len(), file, base);
            return;
        }
        let code = calls::code_ranges(text);
        let (mut found, bad) = calls::find(text, &code);
        for b in bad {
            self.problem(
                file,
                base + b.at,
                Code::ShortcodeSyntax,
                b.message,
                "write a call as {{ name(key=\"value\") }}, or {{/* … */}} to show it as written"
                    .into(),
            );
        }
        let opener_of = pair(&mut found);
        let mut closer_of = vec![None; found.len()];
        for (close, opener) in opener_of.iter().enumerate() {
            if let Some(o) = opener {
                closer_of[*o] = Some(close);
            }
        }
        let mut expanded = vec![false; found.len()];
        let mut frames: Vec<Frame> = Vec::new();
        let mut pos = 0;
        // Calls up to this closing one are inside a Liquid `raw` (shown as
        // written: `true`) or a body no template shows (dropped: `false`).
        let mut skip_until: Option<(usize, bool)> = None;
        for i in 0..found.len() {
            let call = &found[i];
            if let Some((close, shown)) = skip_until {
                if i < close {
                    continue;
                }
                if shown {
                    let start = self.out.body.len();
                    self.copy(text, pos..call.range.start, file, base);
                    self.out.literal.push(start..self.out.body.len());
                }
                pos = call.range.end;
                skip_until = None;
                continue;
            }
            let at = base + call.range.start;
            match &call.kind {
                CallKind::Escaped(shown) => {
                    self.copy(text, pos..call.range.start, file, base);
                    self.generated(shown, file, at, true);
                    pos = call.range.end;
                    self.changed = true;
                }
                CallKind::Open { name, args, body } => {
                    // Used even when unknown: defining it changes the page.
                    self.out.used.shortcodes.push(name.clone());
                    self.found_any = true;
                    let body = body.unwrap_or(false);
                    let foreign = matches!(call.syntax, Syntax::Hugo | Syntax::Liquid);
                    if call.syntax == Syntax::Liquid && name == "raw" && body {
                        if let Some(close) = closer_of[i] {
                            self.copy(text, pos..call.range.start, file, base);
                            pos = call.range.end;
                            skip_until = Some((close, true));
                            expanded[i] = true;
                            self.changed = true;
                        }
                        continue;
                    }
                    if call.syntax == Syntax::MdBook {
                        self.copy(text, pos..call.range.start, file, base);
                        pos = call.range.end;
                        expanded[i] = true;
                        self.changed = true;
                        let spec = include_path(args).unwrap_or_default();
                        self.mdbook_include(&spec, call.in_code, dir, file, at);
                        continue;
                    }
                    if call.in_code {
                        continue;
                    }
                    if matches!(name.as_str(), "include" | "include_relative")
                        && self.shortcodes.get(name).is_none()
                    {
                        let Some(path) = include_path(args) else {
                            if !foreign {
                                self.problem(
                                    file,
                                    at,
                                    Code::ShortcodeSyntax,
                                    "the include names no file".into(),
                                    "write {{ include(path=\"snippets/policy.md\") }}".into(),
                                );
                            }
                            continue;
                        };
                        let target = match self.find_include(&path, dir, true) {
                            Ok(target) => target,
                            Err(looked) => {
                                if !foreign {
                                    self.include_not_found(
                                        looked,
                                        format!("the included file `{path}` does not exist or is not markdown"),
                                        "an include is a markdown file (.md), from the including file's folder, `snippets/` or the content folder's `_includes/`",
                                        file,
                                        at,
                                    );
                                }
                                continue;
                            }
                        };
                        self.copy(text, pos..call.range.start, file, base);
                        pos = call.range.end;
                        expanded[i] = true;
                        self.changed = true;
                        self.include(target, file, at);
                        continue;
                    }
                    if matches!(name.as_str(), "ref" | "relref")
                        && self.shortcodes.get(name).is_none()
                    {
                        // Hugo's links to a page by its file: the file's path,
                        // which the link is then resolved and checked by.
                        if let Some(path) = include_path(args) {
                            self.copy(text, pos..call.range.start, file, base);
                            pos = call.range.end;
                            expanded[i] = true;
                            self.changed = true;
                            let dest = self.page_ref(&path, dir);
                            self.generated(&dest, file, at, false);
                        }
                        continue;
                    }
                    let Some(shortcode) = self.shortcodes.get(name).cloned() else {
                        if !foreign {
                            let hint = match self.shortcodes.nearest(name) {
                                Some(near) => format!("did you mean `{near}`? Shortcodes are the templates in shortcodes/ (the handbook's, its theme's, or handbook's own: see README)"),
                                None => "add shortcodes/NAME.html (or .md) to the handbook, or write {{/* … */}} to show the call as written".into(),
                            };
                            self.problem(
                                file,
                                at,
                                Code::ShortcodeUnknown,
                                format!("there is no shortcode called `{name}`"),
                                hint,
                            );
                            self.copy(text, pos..call.range.start, file, base);
                            pos = call.range.end;
                            expanded[i] = true;
                            if body {
                                frames.push(Frame {
                                    opener: i,
                                    name: name.clone(),
                                    after: None,
                                });
                            }
                        }
                        continue;
                    };
                    self.copy(text, pos..call.range.start, file, base);
                    pos = call.range.end;
                    expanded[i] = true;
                    self.changed = true;
                    let rendered = self.render(name, &shortcode, args, body, file, at);
                    let (before, after, shows_body) =
                        rendered.unwrap_or((String::new(), String::new(), true));
                    self.emit(shortcode.output, &before, file, at, call.alone);
                    if body && !shows_body {
                        if let Some(close) = closer_of[i] {
                            skip_until = Some((close, false));
                        }
                    } else if body {
                        frames.push(Frame {
                            opener: i,
                            name: name.clone(),
                            after: Some((shortcode.output, after)),
                        });
                    }
                }
                CallKind::Close { .. } => {
                    let opener = opener_of[i];
                    if !opener.is_some_and(|o| expanded[o]) {
                        if call.syntax == Syntax::Native {
                            self.problem(
                                file,
                                at,
                                Code::ShortcodeUnclosed,
                                "`{% end %}` closes nothing: no shortcode with a body is open here"
                                    .into(),
                                "delete it, or open the call it ends with {% name() %}".into(),
                            );
                            self.copy(text, pos..call.range.start, file, base);
                            pos = call.range.end;
                        }
                        continue;
                    }
                    self.copy(text, pos..call.range.start, file, base);
                    pos = call.range.end;
                    while let Some(frame) = frames.pop() {
                        if Some(frame.opener) == opener {
                            if let Some((output, after)) = frame.after {
                                self.emit(output, &after, file, at, call.alone);
                            }
                            break;
                        }
                        self.unclosed(&frame, &found, file, base);
                    }
                }
            }
        }
        self.copy(text, pos..text.len(), file, base);
        while let Some(frame) = frames.pop() {
            self.unclosed(&frame, &found, file, base);
        }
    }

    fn unclosed(&mut self, frame: &Frame, found: &[Call], file: Option<usize>, base: usize) {
        let at = base + found[frame.opener].range.start;
        let close = match found[frame.opener].syntax {
            Syntax::Hugo => format!("{{{{< /{} >}}}}", frame.name),
            Syntax::Liquid => format!("{{% end{} %}}", frame.name),
            _ => "{% end %}".to_string(),
        };
        self.problem(
            file,
            at,
            Code::ShortcodeUnclosed,
            format!("`{}` opens a body that is never closed", frame.name),
            format!(
                "end its body with {close}, or call it without one: {{{{ {}() }}}}",
                frame.name
            ),
        );
        if let Some((output, after)) = &frame.after {
            let (output, after) = (*output, after.clone());
            self.emit(output, &after, file, at, false);
        }
    }

    /// Runs `shortcode`'s template for one call: its output, cut at the
    /// body's place when it has a body, and whether the template shows it.
    fn render(
        &mut self,
        name: &str,
        shortcode: &super::Shortcode,
        args: &[calls_args::Arg],
        body: bool,
        file: Option<usize>,
        at: usize,
    ) -> Option<(String, String, bool)> {
        self.out.used.data |= shortcode.reads_data;
        let nth = self.nth.entry(name.to_string()).or_insert(0);
        *nth += 1;
        let mut context = tera::Context::new();
        context.insert_value("page", self.page.clone());
        context.insert("base", self.env.base);
        context.insert("nth", &*nth);
        let mut positional = Vec::new();
        for arg in args {
            match &arg.name {
                Some(key)
                    if matches!(
                        key.as_str(),
                        "page" | "nth" | "body" | "positional" | "data"
                    ) =>
                {
                    self.problem(
                        file,
                        if file.is_none() && arg.at == 0 { at } else { arg.at.max(at) },
                        Code::ShortcodeSyntax,
                        format!("`{key}` cannot be an argument's name: handbook gives every shortcode a `{key}`"),
                        "call the argument something else".into(),
                    );
                }
                Some(key) => context.insert(key.clone(), &arg.value),
                None => positional.push(arg.value.clone()),
            }
        }
        context.insert("positional", &positional);
        if body {
            context.insert("body", BODY_MARKER);
        }
        let rendered = match self.shortcodes.tera.render(&shortcode.template, &context) {
            Ok(s) => s,
            Err(e) => {
                let mut message = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    message.push_str(": ");
                    message.push_str(&s.to_string());
                    source = s.source();
                }
                self.problem(
                    file,
                    at,
                    Code::ShortcodeTemplate,
                    format!("the shortcode `{name}` failed: {message}"),
                    format!(
                        "its template is {}: give the call the arguments the template uses",
                        shortcode.file
                    ),
                );
                return None;
            }
        };
        if !body {
            // A template's file ends with a line break, which would end a
            // line the call is inside (`[x]({{< ref "a.md" >}})`).
            return Some((rendered.trim().to_string(), String::new(), true));
        }
        match rendered.split_once(BODY_MARKER) {
            Some((before, after)) => Some((before.to_string(), after.to_string(), true)),
            None => {
                self.problem(
                    file,
                    at,
                    Code::ShortcodeBodyUnused,
                    format!("the shortcode `{name}` does not show its body: what is between its opening and its end is dropped"),
                    format!("call it without a body, or write {{{{ body }}}} in {}", shortcode.file),
                );
                Some((rendered, String::new(), false))
            }
        }
    }
}

use super::args as calls_args;

/// The file an include call names: `path=`, else its first positional argument.
fn include_path(args: &[calls_args::Arg]) -> Option<String> {
    args.iter()
        .find(|a| a.name.as_deref() == Some("path") || a.name.as_deref() == Some("file"))
        .or_else(|| args.iter().find(|a| a.name.is_none()))
        .and_then(|a| match &a.value {
            Value::String(s) => Some(s.trim().to_string()),
            _ => None,
        })
        .filter(|s| !s.is_empty())
}

/// Pairs closing calls with their openings: for each call, the opening it
/// closes. Hugo's and Liquid's calls that nothing closes have no body.
fn pair(found: &mut [Call]) -> Vec<Option<usize>> {
    let mut opener_of = vec![None; found.len()];
    let mut open: Vec<usize> = Vec::new();
    for i in 0..found.len() {
        let (syntax, closes) = match &found[i].kind {
            CallKind::Open {
                body: Some(false), ..
            }
            | CallKind::Escaped(_) => continue,
            CallKind::Open { .. } => {
                open.push(i);
                continue;
            }
            CallKind::Close { name } => (found[i].syntax, name.clone()),
        };
        let start = open.len().saturating_sub(MAX_NESTING);
        let matched = (start..open.len()).rev().find(|&k| {
            let o = &found[open[k]];
            match (&o.kind, &closes) {
                (CallKind::Open { name, .. }, Some(c)) => o.syntax == syntax && name == c,
                (
                    CallKind::Open {
                        body: Some(true), ..
                    },
                    None,
                ) => o.syntax == Syntax::Native,
                _ => false,
            }
        });
        if let Some(k) = matched {
            let o = open[k];
            opener_of[i] = Some(o);
            if let CallKind::Open { body, .. } = &mut found[o].kind {
                *body = Some(true);
            }
            for &above in &open[k + 1..] {
                if let CallKind::Open { body: b @ None, .. } = &mut found[above].kind {
                    *b = Some(false);
                }
            }
            open.truncate(k);
        }
    }
    for o in open {
        if let CallKind::Open { body: b @ None, .. } = &mut found[o].kind {
            *b = Some(false);
        }
    }
    opener_of
}

/// Whether HTML starts with a tag that starts a block in CommonMark (what
/// ends a paragraph before it): `<div>`, `<details>`, `<figure>`, ...
fn starts_block(html: &str) -> bool {
    const BLOCK_TAGS: &[&str] = &[
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "script",
        "style",
        "iframe",
    ];
    let t = html.trim_start();
    if t.starts_with("<!--") {
        return true;
    }
    let Some(rest) = t.strip_prefix('<') else {
        return false;
    };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let tag = rest[..len].to_ascii_lowercase();
    BLOCK_TAGS.contains(&tag.as_str())
}

/// `path` with `.` and `..` taken out, without asking the file system.
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests;
