//! One page's new text: its links rewritten where they are written, its
//! old URL added to its aliases and its `reports_to` changed, then parsed
//! again to check that it reads as before and its links lead where they did.

use super::rewrite::{Mover, Rewrite, Unplaced};
use super::{FileChange, MoveError};
use crate::content;
use crate::content::frontmatter::{self as fm, FrontMatter};
use crate::edit::frontmatter::{self as edit_front, Edit};
use crate::edit::locate;
use crate::site::PageLink;

impl Mover<'_> {
    /// Page `i`'s new text, with its links rewritten, its alias added and
    /// its `reports_to` changed, checked; `None` when a link could not be
    /// placed (then `problems` says which).
    pub(super) fn change(
        &self,
        i: usize,
        rewrites: &[Rewrite],
        report: Option<&(String, String)>,
        before: &[PageLink],
        problems: &mut Vec<Unplaced>,
    ) -> Result<Option<FileChange>, MoveError> {
        let site = self.site;
        let page = &site.content.pages[i];
        let raw = std::fs::read_to_string(&page.file).map_err(|source| MoveError::Io {
            path: page.file.clone(),
            source,
        })?;
        let text = fm::lone_cr_as_lf(&raw);
        if *text != page.text {
            return Err(MoveError::Changed {
                file: page.file.clone(),
            });
        }
        let eol = line_break(&raw);
        let mut edits: Vec<Edit> = Vec::new();
        if !rewrites.is_empty() {
            let body = &text[page.body_offset..];
            let places = locate::places(body, site.config.markdown.raw_html);
            let found = problems.len();
            for r in rewrites {
                match places.get(&r.offset) {
                    Some(Ok(place)) => edits.push(Edit {
                        range: page.body_offset + place.range.start
                            ..page.body_offset + place.range.end,
                        text: r.new.clone(),
                    }),
                    Some(Err(why)) => {
                        problems.push(self.problem(i, page.body_offset + r.offset, &r.dest, why));
                    }
                    None => problems.push(self.problem(
                        i,
                        page.body_offset + r.offset,
                        &r.dest,
                        "handbook cannot find where its destination is written",
                    )),
                }
            }
            if problems.len() > found {
                return Ok(None);
            }
        }
        let keys = &site.config.frontmatter;
        if let Some(alias) = &self.added[i] {
            let mut names = keys.written_as("aliases");
            names.extend(keys.written_as("redirect_from"));
            let added = edit_front::add_to_list(&text, &names, alias, eol).map_err(|why| {
                MoveError::Frontmatter {
                    file: page.file.clone(),
                    value: alias.clone(),
                    why,
                }
            })?;
            edits.extend(added);
        }
        if let Some((old, new)) = report {
            let edit = edit_front::replace_value(&text, &keys.written_as("reports_to"), old, new)
                .map_err(|why| MoveError::Frontmatter {
                file: page.file.clone(),
                value: format!("reports_to: {new}"),
                why,
            })?;
            edits.push(edit);
        }
        edits.sort();
        edits.dedup();
        if let Some(w) = edits.windows(2).find(|w| w[0].range.end > w[1].range.start) {
            return Err(MoveError::Internal {
                file: page.file.clone(),
                why: format!("two edits overlap at byte {}", w[1].range.start),
            });
        }
        let mut after = raw.clone();
        for e in edits.iter().rev() {
            after.replace_range(e.range.clone(), &e.text);
        }
        self.check(i, &after, report.map(|(_, new)| new.as_str()), before)?;
        let content_dir = &site.content_dir;
        Ok(Some(FileChange {
            file: page.file.clone(),
            moved_to: content_dir.join(self.paths[i].as_str()),
            before: raw,
            after,
            links: rewrites.len(),
        }))
    }

    /// Checks page `i`'s new text: its frontmatter reads as before but for
    /// the alias added (and `reports_to`), and each of its links leads
    /// where it did.
    fn check(
        &self,
        i: usize,
        after: &str,
        reports_to: Option<&str>,
        before: &[PageLink],
    ) -> Result<(), MoveError> {
        let site = self.site;
        let page = &site.content.pages[i];
        let internal = |why: String| MoveError::Internal {
            file: page.file.clone(),
            why,
        };
        let text = fm::lone_cr_as_lf(after);
        let split =
            fm::split(&text).map_err(|_| internal("the frontmatter would not close".into()))?;
        let front =
            fm::parse(&page.file, &text, &split, &site.config.frontmatter).map_err(|d| {
                MoveError::Frontmatter {
                    file: page.file.clone(),
                    value: self.added[i].clone().unwrap_or_default(),
                    why: format!("it would not parse: {}", d.message),
                }
            })?;
        let mut want = page.front.clone();
        want.aliases = self.aliases[i].clone();
        if let Some(new) = reports_to {
            want.reports_to = Some(new.to_string());
        }
        let comparable = |f: &FrontMatter| {
            let mut f = f.clone();
            f.aliases.sort();
            serde_json::to_value(&f).ok()
        };
        if comparable(&front) != comparable(&want) {
            return Err(MoveError::Frontmatter {
                file: page.file.clone(),
                value: self.added[i].clone().unwrap_or_default(),
                why: "the edited frontmatter would read differently".into(),
            });
        }
        let base = content::path::link_base(&self.paths[i], &self.urls[i], &front);
        let body = text.get(split.body_offset..).unwrap_or("");
        let found = site.links_of(body, &self.paths[i], &base, &self.new_index);
        self.links_kept(before, &found, "the page")
            .map_err(internal)
    }

    /// Whether the links `found` in a file's new text lead where `before`,
    /// its links now, do (in order); else why not, of `what` (the page).
    pub(super) fn links_kept(
        &self,
        before: &[crate::site::PageLink],
        found: &[crate::site::PageLink],
        what: &str,
    ) -> Result<(), String> {
        if found.len() != before.len() {
            return Err(format!(
                "{what} would have {} links instead of {}",
                found.len(),
                before.len()
            ));
        }
        for (old, new) in before.iter().zip(found) {
            let fine = match self.after(&old.target) {
                Some((_, expected)) => new.target == expected,
                None => new.dest == old.dest,
            };
            if !fine {
                return Err(format!(
                    "the link ({}) would become ({}) and lead elsewhere",
                    old.dest, new.dest
                ));
            }
        }
        Ok(())
    }
}

/// The line break `text` uses (its first), `\n` when it has none.
fn line_break(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(at) if text[at..].starts_with("\r\n") => "\r\n",
        Some(at) if text[at..].starts_with('\r') => "\r",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_tell_a_files_line_break() {
        assert_eq!(line_break("a\r\nb"), "\r\n");
        assert_eq!(line_break("a\rb\n"), "\r");
        assert_eq!(line_break("a\nb"), "\n");
        assert_eq!(line_break("a"), "\n");
    }
}
