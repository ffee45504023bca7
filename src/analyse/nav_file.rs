//! The navigation file (`SUMMARY.md`) read into entries: what the sidebar
//! lists, in what order, under which groups, with what labels.
//!
//! The format is mdBook's (and GitBook's) `SUMMARY.md`, plain markdown:
//!
//! ```markdown
//! ---
//! unlisted: warn          # optional: what becomes of pages not listed
//! ---
//! # Summary               the first heading, before any entry: a title, not shown
//!
//! [Welcome](README.md)    prefix entries: links before the first list
//!
//! # People                a heading: a group (mdBook's "part")
//!
//! - [People](people/index.md)          a list item's link: an entry
//!   - [Hiring](people/hiring.md)       nested items: its children (`-` or `*`,
//!                                      32 levels at most)
//!   - [Offers](people/hiring.md#offers) a heading of a page
//! - [Benefits]()                       no destination: a label (mdBook's draft)
//! - [Status page](https://status.acme.com/)  a full URL: an external entry
//!
//! ---                      a separator: ends the group
//!
//! [Contact](contact.md)    suffix entries: links after the lists
//! ```
//!
//! Destinations are written as links in pages are (relative to this file,
//! `.md` or not, `/` from the site's root); the caller resolves them. The
//! frontmatter holds one key, `unlisted` (`tree`, `warn` or `hide`; YAML
//! `key: value` or TOML `key = "value"`). Anything else in the file (prose,
//! a list item that is not a link, a code block) is a problem at its line:
//! the sidebar would not show it, and a reader of the file on GitHub would
//! think it does.

use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::config::{CONFIG_FILE, Config};
use crate::content::frontmatter as fm;
use crate::content::{PageUrl, SourcePath};
use crate::error::{Code, Diagnostic};

/// How deep entries may nest: deeper ones are a problem (and every stage
/// after this one may walk the tree recursively).
const MAX_DEPTH: usize = 32;

/// The problem of entries nested deeper than [`MAX_DEPTH`].
const TOO_DEEP: &str = "entries nested deeper than 32 levels";

/// The name the navigation file has unless `[nav] file` says otherwise.
pub const DEFAULT_FILE: &str = "SUMMARY.md";

/// The navigation file as loaded: where it is and its text.
#[derive(Debug, Clone)]
pub struct Source {
    /// Its path in the content folder.
    pub path: SourcePath,
    /// Its file.
    pub file: PathBuf,
    /// Its text (lone carriage returns read as line breaks, as pages' are).
    pub text: String,
    /// What it says.
    pub read: NavFile,
}

impl Source {
    /// The URL its relative links start from (its folder's), so that they
    /// read the same under `[links] relative_to = "url"` as under `"file"`.
    pub fn link_base(&self) -> PageUrl {
        PageUrl::from_folder(self.path.parent())
    }
}

/// The handbook's navigation file in `content_dir`, read, with what is
/// wrong in it: `[nav] file`, else `SUMMARY.md` when there is one;
/// `Ok(None)` when there is none. A file `[nav] file` names must be there
/// (`config_root` holds handbook.toml).
pub fn load(
    content_dir: &Path,
    config: &Config,
    config_root: Option<&Path>,
) -> Result<Option<(Source, Vec<Diagnostic>)>, Diagnostic> {
    let named = config.nav.file.as_deref();
    let wrong = |why: String, hint: &str| {
        let toml = config_root.map(|r| r.join(CONFIG_FILE));
        let at = toml
            .as_ref()
            .and_then(|t| std::fs::read_to_string(t).ok())
            .and_then(|text| Config::table_key_position(&text, "nav", "file"));
        let mut d = Diagnostic::error(Code::ConfigInvalid, toml, why).hint(hint);
        if let Some(at) = at {
            d = d.at(at);
        }
        d
    };
    let rel = named.unwrap_or(Path::new(DEFAULT_FILE));
    if rel.as_os_str().is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(wrong(
            format!(
                "[nav] file `{}` is not a path inside the content folder",
                rel.display()
            ),
            "write the navigation file's path from the content folder, such as `SUMMARY.md` or `nav/SUMMARY.md`",
        ));
    }
    let file = content_dir.join(rel);
    if !file.is_file() {
        return match named {
            None => Ok(None),
            Some(_) => Err(wrong(
                format!(
                    "[nav] file `{}` is not there: {} is not a file",
                    rel.display(),
                    file.display()
                ),
                "create it, or fix the path (it is relative to the content folder), or remove the key",
            )),
        };
    }
    let Some(path) = SourcePath::from_relative(rel) else {
        return Err(wrong(
            format!("[nav] file `{}` is not a UTF-8 path", rel.display()),
            "rename the file",
        ));
    };
    let bytes = std::fs::read(&file).map_err(|e| {
        Diagnostic::error(
            Code::NavInvalid,
            file.clone(),
            format!("the navigation file cannot be read: {e}"),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error(
            Code::NavInvalid,
            file.clone(),
            "the navigation file is not valid UTF-8 text",
        )
        .hint("save it as UTF-8 in your editor")
    })?;
    let text = fm::lone_cr_as_lf(&text).into_owned();
    let (read, problems) = parse(&text);
    let index = crate::error::LineIndex::new(&text);
    let problems = problems
        .into_iter()
        .map(|p| {
            Diagnostic::error(Code::NavInvalid, file.clone(), p.message)
                .at_offset(&text, &index, p.offset)
                .hint(p.hint)
        })
        .collect();
    Ok(Some((
        Source {
            path,
            file,
            text,
            read,
        },
        problems,
    )))
}

/// What becomes of pages the file does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unlisted {
    /// After the listed pages, as the folder tree places them (the default).
    #[default]
    Tree,
    /// Published, left out of the sidebar, each reported (`nav/unlisted`).
    Warn,
    /// Published and left out of the sidebar, silently.
    Hide,
}

/// The file read: its groups of entries and what becomes of the rest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NavFile {
    /// What becomes of pages not listed.
    pub unlisted: Unlisted,
    /// The groups in order: unnamed ones (entries before the first heading,
    /// after a separator, suffix entries) and the named ones of headings.
    pub groups: Vec<FileGroup>,
}

/// Entries under one heading (or none).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileGroup {
    /// The heading's text; `None` for entries under no heading.
    pub name: Option<String>,
    /// The entries, in order.
    pub entries: Vec<FileEntry>,
}

/// One link of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileEntry {
    /// The link's text.
    pub label: String,
    /// Its destination as written (empty for a label without a page).
    pub dest: String,
    /// Where its `[` is, in bytes from the start of the file.
    pub offset: usize,
    /// The entries of the list nested in its item.
    pub children: Vec<FileEntry>,
}

/// Something in the file that is not part of the format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, in bytes from the start of the file.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub hint: String,
}

/// Reads `text`, the whole file. Every problem is collected; what could be
/// read is kept.
pub fn parse(text: &str) -> (NavFile, Vec<Problem>) {
    let mut problems = Vec::new();
    let (unlisted, body, body_offset) = match fm::split(text) {
        Ok(split) => {
            let unlisted = split.front.map_or(Unlisted::Tree, |(_, front)| {
                read_front(front, split.front_offset, &mut problems)
            });
            (unlisted, split.body, split.body_offset)
        }
        Err(_) => {
            problems.push(Problem {
                offset: 0,
                message: "the frontmatter block at the top is never closed".into(),
                hint: "close it with a line `---` (or `+++` for TOML); a separator cannot be the file's first line".into(),
            });
            (Unlisted::Tree, "", text.len())
        }
    };
    let mut reader = Reader {
        groups: vec![FileGroup::default()],
        open: Vec::new(),
        problems,
        group_has_list: false,
        seen_block: false,
        too_deep: None,
    };
    reader.read(body, body_offset);
    let mut groups = reader.groups;
    groups.retain(|g| !g.entries.is_empty());
    (NavFile { unlisted, groups }, reader.problems)
}

/// The `unlisted` key of the frontmatter `front` (which starts at byte
/// `at` of the file), read line by line so that a problem has its line.
fn read_front(front: &str, at: usize, problems: &mut Vec<Problem>) -> Unlisted {
    let mut unlisted = Unlisted::Tree;
    let mut offset = at;
    for line in front.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let content = line.split(" #").next().unwrap_or(line).trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let Some((key, value)) = content.split_once([':', '=']) else {
            problems.push(Problem {
                offset: here + indent(line),
                message: format!("`{content}` is not a setting"),
                hint: "the frontmatter of the navigation file holds one key: `unlisted: tree`, `unlisted: warn` or `unlisted: hide`".into(),
            });
            continue;
        };
        let key = key.trim();
        let value = value.trim().trim_matches(['"', '\'']);
        if key != "unlisted" {
            problems.push(Problem {
                offset: here + indent(line),
                message: format!("`{key}` is not a setting of the navigation file"),
                hint: "the one key is `unlisted` (`tree`, `warn` or `hide`): what becomes of pages the file does not list".into(),
            });
            continue;
        }
        unlisted = match value {
            "tree" => Unlisted::Tree,
            "warn" => Unlisted::Warn,
            "hide" => Unlisted::Hide,
            _ => {
                problems.push(Problem {
                    offset: here + indent(line),
                    message: format!("`unlisted` is `{value}`, which it cannot be"),
                    hint: "write `tree` (pages not listed follow the listed ones, as the folders place them), `warn` (left out of the sidebar, each reported) or `hide` (left out, silently)".into(),
                });
                Unlisted::Tree
            }
        };
    }
    unlisted
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// An entry being read: its label so far, and the entries nested in its item.
#[derive(Debug)]
struct Open {
    entry: Option<FileEntry>,
    /// Inside the entry's link, reading its label.
    in_link: bool,
    /// Where the item starts, for a problem with it.
    offset: usize,
    /// Text of the item outside its link (which makes it no entry).
    stray: bool,
}

struct Reader {
    groups: Vec<FileGroup>,
    /// The list items open, outermost first.
    open: Vec<Open>,
    problems: Vec<Problem>,
    /// Whether the current group has had a list (after which a paragraph of
    /// links is suffix entries, in a group of their own).
    group_has_list: bool,
    /// Whether any block came before (the first heading is the title).
    seen_block: bool,
    /// The problem of entries nested too deep, once there is one.
    too_deep: Option<usize>,
}

/// What the reader is inside, outside list items.
enum Block {
    None,
    Heading {
        offset: usize,
        text: String,
        title: bool,
    },
    Paragraph,
}

impl Reader {
    fn read(&mut self, body: &str, body_offset: usize) {
        let mut block = Block::None;
        // A link in a top-level paragraph (a prefix or suffix entry).
        let mut loose: Option<FileEntry> = None;
        // Inside a block that is not part of the format (reported at its start).
        let mut skip = 0usize;
        // Inside an HTML block: whether it is a comment, once its first line is read.
        let mut html_block: Option<bool> = None;
        // Read as pages are, so that an entry is the link a page would see.
        let options = crate::render::markdown::options();
        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            let at = body_offset + range.start;
            if skip > 0 {
                match event {
                    Event::Start(_) => skip += 1,
                    Event::End(_) => skip -= 1,
                    _ => {}
                }
                continue;
            }
            if !self.open.is_empty() || matches!(event, Event::Start(Tag::Item)) {
                self.in_item(event, at);
                continue;
            }
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    let title = !self.seen_block && level == HeadingLevel::H1;
                    self.seen_block = true;
                    block = Block::Heading {
                        offset: at,
                        text: String::new(),
                        title,
                    };
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Block::Heading {
                        offset,
                        text,
                        title: false,
                    } = std::mem::replace(&mut block, Block::None)
                    {
                        let name = text.trim().to_string();
                        if name.is_empty() {
                            self.problem(
                                offset,
                                "an empty heading",
                                "write the group's name after the `#`, or remove the line",
                            );
                        }
                        self.groups.push(FileGroup {
                            name: Some(name),
                            entries: Vec::new(),
                        });
                        self.group_has_list = false;
                    }
                }
                Event::Start(Tag::Paragraph) => {
                    self.seen_block = true;
                    if self.group_has_list {
                        // Suffix entries: after the lists, under no heading.
                        self.groups.push(FileGroup::default());
                        self.group_has_list = false;
                    }
                    block = Block::Paragraph;
                }
                Event::End(TagEnd::Paragraph) => block = Block::None,
                Event::Start(Tag::Link { dest_url, .. }) if matches!(block, Block::Paragraph) => {
                    loose = Some(FileEntry {
                        label: String::new(),
                        dest: dest_url.to_string(),
                        offset: at,
                        children: Vec::new(),
                    });
                }
                Event::End(TagEnd::Link) => {
                    if let Some(entry) = loose.take() {
                        self.push(entry);
                    }
                }
                Event::Start(Tag::List(_)) => {
                    self.seen_block = true;
                    self.group_has_list = true;
                }
                Event::Rule => {
                    self.seen_block = true;
                    self.groups.push(FileGroup::default());
                    self.group_has_list = false;
                }
                Event::Text(t) | Event::Code(t) => match &mut block {
                    Block::Heading { text, .. } => text.push_str(&t),
                    _ if let Some(entry) = &mut loose => entry.label.push_str(&t),
                    _ if t.trim().is_empty() => {}
                    _ => self.problem(
                        at,
                        &format!("`{}` is not an entry", t.trim()),
                        "the navigation file lists links, `[Label](page.md)`, one a line or as list items; other text is not shown",
                    ),
                },
                Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => html_block = None,
                // Comments (`<!-- -->`) are fine; other HTML is not shown. A
                // block is judged by its first line (a comment's next lines
                // do not start with `<!--`), and reported once.
                Event::Html(h) => {
                    let first = html_block.is_none();
                    let comment = *html_block.get_or_insert(h.trim_start().starts_with("<!--"));
                    if first && !comment {
                        self.html_problem(at);
                    }
                }
                Event::InlineHtml(h) if !h.trim_start().starts_with("<!--") => {
                    self.html_problem(at);
                }
                Event::Start(
                    tag @ (Tag::CodeBlock(_)
                    | Tag::BlockQuote(_)
                    | Tag::Table(_)
                    | Tag::Image { .. }
                    | Tag::FootnoteDefinition(_)),
                ) => {
                    self.seen_block = true;
                    self.problem(
                        at,
                        &format!("{} is not part of a navigation file", what(&tag)),
                        "the navigation file holds a title, headings (groups), links (entries, one a line or as list items) and separators (`---`)",
                    );
                    skip = 1;
                }
                _ => {}
            }
        }
    }

    /// An event inside a list item.
    fn in_item(&mut self, event: Event<'_>, at: usize) {
        match event {
            Event::Start(Tag::Item) => self.open.push(Open {
                entry: None,
                in_link: false,
                offset: at,
                stray: false,
            }),
            Event::End(TagEnd::Item) => {
                let Some(open) = self.open.pop() else {
                    return;
                };
                match open.entry {
                    Some(entry) if !open.stray => self.push(entry),
                    _ => self.problem(
                        open.offset,
                        "this list item is not an entry",
                        "write each item as one link, `- [Label](page.md)`, or `- [Label]()` for a label without a page",
                    ),
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let Some(open) = self.open.last_mut() else {
                    return;
                };
                if open.entry.is_some() || open.in_link {
                    open.stray = true;
                    return;
                }
                open.in_link = true;
                open.entry = Some(FileEntry {
                    label: String::new(),
                    dest: dest_url.to_string(),
                    offset: at,
                    children: Vec::new(),
                });
            }
            Event::End(TagEnd::Link) => {
                if let Some(open) = self.open.last_mut() {
                    open.in_link = false;
                }
            }
            Event::Text(t) | Event::Code(t) => {
                let Some(open) = self.open.last_mut() else {
                    return;
                };
                match (&mut open.entry, open.in_link) {
                    (Some(entry), true) => entry.label.push_str(&t),
                    _ if t.trim().is_empty() => {}
                    _ => open.stray = true,
                }
            }
            Event::Start(
                Tag::List(_) | Tag::Paragraph | Tag::Emphasis | Tag::Strong | Tag::Strikethrough,
            )
            | Event::End(
                TagEnd::List(_)
                | TagEnd::Paragraph
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough,
            )
            | Event::SoftBreak
            | Event::HardBreak => {}
            Event::Html(h) | Event::InlineHtml(h) if h.trim_start().starts_with("<!--") => {}
            _ => {
                if let Some(open) = self.open.last_mut() {
                    open.stray = true;
                }
            }
        }
    }

    /// Adds a finished entry: to the item it is nested in, else to the current group.
    fn push(&mut self, mut entry: FileEntry) {
        if self.open.len() >= MAX_DEPTH {
            // Reported once, at the outermost entry too deep (the last to finish).
            match self.too_deep {
                Some(at) => self.problems[at].offset = entry.offset,
                None => {
                    self.too_deep = Some(self.problems.len());
                    self.problems.push(Problem {
                        offset: entry.offset,
                        message: TOO_DEEP.into(),
                        hint: format!("a sidebar {MAX_DEPTH} levels deep is the most a reader can follow: lift these entries up"),
                    });
                }
            }
            return;
        }
        entry.label = entry.label.trim().to_string();
        match self.open.last_mut() {
            Some(parent) => match &mut parent.entry {
                Some(p) if !parent.in_link => p.children.push(entry),
                _ => parent.stray = true,
            },
            None => {
                if let Some(group) = self.groups.last_mut() {
                    group.entries.push(entry);
                }
            }
        }
    }

    fn html_problem(&mut self, offset: usize) {
        self.problem(
            offset,
            "HTML is not part of a navigation file",
            "remove it; comments (`<!-- -->`) are fine",
        );
    }

    fn problem(&mut self, offset: usize, message: &str, hint: &str) {
        self.problems.push(Problem {
            offset,
            message: message.to_string(),
            hint: hint.to_string(),
        });
    }
}

/// What a block is called in a problem.
fn what(tag: &Tag<'_>) -> &'static str {
    match tag {
        Tag::CodeBlock(_) => "a code block",
        Tag::BlockQuote(_) => "a quote",
        Tag::Table(_) => "a table",
        Tag::Image { .. } => "an image",
        Tag::HtmlBlock => "HTML",
        Tag::FootnoteDefinition(_) => "a footnote",
        _ => "this",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file's groups as (name, [label -> dest with children]) lines.
    fn shape(text: &str) -> Vec<String> {
        let (file, problems) = parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        let mut out = Vec::new();
        for g in &file.groups {
            out.push(format!("# {}", g.name.as_deref().unwrap_or("-")));
            let mut stack: Vec<(usize, &FileEntry)> =
                g.entries.iter().rev().map(|e| (0, e)).collect();
            while let Some((depth, e)) = stack.pop() {
                out.push(format!("{}{} -> {}", "  ".repeat(depth), e.label, e.dest));
                stack.extend(e.children.iter().rev().map(|c| (depth + 1, c)));
            }
        }
        out
    }

    fn problems(text: &str) -> Vec<(usize, String)> {
        parse(text)
            .1
            .into_iter()
            .map(|p| (p.offset, p.message))
            .collect()
    }

    #[test]
    fn can_read_prefix_parts_nesting_and_suffix() {
        let text = "# Summary\n\n[Welcome](README.md)\n\n# People\n\n- [People](people/index.md)\n  - [Hiring](people/hiring.md)\n    - [Offers](people/hiring.md#offers)\n- [Benefits]()\n\n# Elsewhere\n\n* [Status](https://status.example.com/)\n\n[Contact](contact.md)\n";
        assert_eq!(
            shape(text),
            [
                "# -",
                "Welcome -> README.md",
                "# People",
                "People -> people/index.md",
                "  Hiring -> people/hiring.md",
                "    Offers -> people/hiring.md#offers",
                "Benefits -> ",
                "# Elsewhere",
                "Status -> https://status.example.com/",
                "# -",
                "Contact -> contact.md",
            ]
        );
    }

    #[test]
    fn can_take_any_indentation_step_and_either_bullet() {
        let text = "- [A](a.md)\n    * [B](b.md)\n         - [C](c.md)\n- [D](d.md)\n";
        assert_eq!(
            shape(text),
            [
                "# -",
                "A -> a.md",
                "  B -> b.md",
                "    C -> c.md",
                "D -> d.md"
            ]
        );
    }

    #[test]
    fn a_separator_ends_a_group() {
        let text = "# Summary\n# Part\n\n- [A](a.md)\n\n---\n\n- [B](b.md)\n";
        assert_eq!(shape(text), ["# Part", "A -> a.md", "# -", "B -> b.md"]);
    }

    #[test]
    fn the_first_heading_is_a_title_only_before_anything_else() {
        assert_eq!(shape("# Summary\n- [A](a.md)\n"), ["# -", "A -> a.md"]);
        assert_eq!(
            shape("[A](a.md)\n\n# Part\n- [B](b.md)\n"),
            ["# -", "A -> a.md", "# Part", "B -> b.md"]
        );
        // GitBook writes its parts as `###`.
        assert_eq!(
            shape("### Part I\n- [B](b.md)\n"),
            ["# Part I", "B -> b.md"]
        );
    }

    #[test]
    fn can_read_labels_with_formatting_and_prefix_lines() {
        let text = "[One](1.md)\n[Two `x`](2.md)\n\n- [*Three*](3.md)\n";
        assert_eq!(
            shape(text),
            ["# -", "One -> 1.md", "Two x -> 2.md", "Three -> 3.md"]
        );
    }

    #[test]
    fn can_read_the_unlisted_setting() {
        for (front, want) in [
            ("---\nunlisted: warn\n---\n", Unlisted::Warn),
            ("---\nunlisted: \"hide\" # quiet\n---\n", Unlisted::Hide),
            ("+++\nunlisted = \"tree\"\n+++\n", Unlisted::Tree),
            ("", Unlisted::Tree),
        ] {
            let (file, problems) = parse(&format!("{front}- [A](a.md)\n"));
            assert!(problems.is_empty(), "{front}: {problems:?}");
            assert_eq!(file.unlisted, want, "{front}");
            assert_eq!(file.groups[0].entries[0].dest, "a.md");
        }
    }

    #[test]
    fn entry_offsets_point_at_the_bracket() {
        let text = "---\nunlisted: warn\n---\n# S\n\n- [A](a.md)\n  - [B](b.md)\n";
        let (file, _) = parse(text);
        let a = &file.groups[0].entries[0];
        assert_eq!(&text[a.offset..a.offset + 3], "[A]");
        assert_eq!(&text[a.children[0].offset..][..3], "[B]");
    }

    #[test]
    fn what_is_not_the_format_is_a_problem_at_its_place() {
        let text = "# S\n\nSome prose.\n\n- Plain item\n- [A](a.md) and more\n- [B](b.md)\n\n```\ncode\n```\n";
        let got = problems(text);
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(
            got,
            [
                (at("Some"), "`Some prose.` is not an entry".to_string()),
                (at("- Plain"), "this list item is not an entry".to_string()),
                (at("- [A]"), "this list item is not an entry".to_string()),
                (
                    at("```"),
                    "a code block is not part of a navigation file".to_string()
                ),
            ]
        );
        // What could be read is kept.
        let (file, _) = parse(text);
        assert_eq!(file.groups[0].entries.len(), 1);
    }

    #[test]
    fn bad_frontmatter_is_a_problem_at_its_line() {
        let text = "---\nunlisted: sometimes\norder: 1\n---\n- [A](a.md)\n";
        let got = problems(text);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, text.find("unlisted").unwrap());
        assert_eq!(got[1].0, text.find("order").unwrap());
        assert_eq!(problems("---\n- [A](a.md)\n").len(), 1);
    }

    #[test]
    fn entries_nested_too_deep_are_one_problem() {
        let text: String = (0..40)
            .map(|d| format!("{}- [L{d}]()\n", "  ".repeat(d)))
            .collect();
        let (file, problems) = parse(&text);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].offset, text.find("[L32]").unwrap());
        let mut depth = 0;
        let mut entry = &file.groups[0].entries[0];
        while let Some(child) = entry.children.first() {
            entry = child;
            depth += 1;
        }
        assert_eq!(depth, MAX_DEPTH - 1);
    }

    #[test]
    fn comments_and_blank_lines_are_fine() {
        assert_eq!(
            shape("<!-- kept\nin order -->\n\n- [A](a.md) <!-- x -->\n"),
            ["# -", "A -> a.md"]
        );
        let (file, found) = parse("");
        assert!(found.is_empty() && file.groups.is_empty());
        let html = "<div>\nno\n</div>\n\n- [A](a.md)\n";
        assert_eq!(
            problems(html),
            [(0, "HTML is not part of a navigation file".to_string())]
        );
    }
}
