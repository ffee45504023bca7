//! The navigation file's links (`SUMMARY.md`): found, rewritten and checked
//! as a page's are, so that its entries lead where they did after the move.

use super::rewrite::{Mover, Rewrite};
use super::{FileChange, LinkProblem, MoveError};
use crate::analyse::nav_file::Source;
use crate::content::frontmatter as fm;
use crate::edit::frontmatter::Edit;
use crate::edit::locate;
use crate::error::LineIndex;

impl Mover<'_> {
    /// The navigation file's new text, when the move changes where one of
    /// its links must point; links that cannot be rewritten go to `problems`.
    pub(super) fn nav_file_change(
        &self,
        problems: &mut Vec<LinkProblem>,
    ) -> Result<Option<FileChange>, MoveError> {
        let site = self.site;
        let Some(source) = &site.nav_file else {
            return Ok(None);
        };
        let moves_it = if self.ends.folder {
            source
                .path
                .as_str()
                .strip_prefix(&self.ends.from_rel)
                .is_some_and(|rest| rest.starts_with('/'))
        } else {
            source.path.as_str() == self.ends.from_rel
        };
        if moves_it {
            return Err(MoveError::Clash {
                file: source.file.clone(),
                why: "this is the navigation file, which would move: the handbook would lose its sidebar".into(),
                hint: "move the pages without it, or move it and change [nav] file in handbook.toml by hand".into(),
            });
        }
        let (body, body_offset) = match fm::split(&source.text) {
            Ok(split) => (split.body, split.body_offset),
            Err(_) => return Ok(None),
        };
        let base = source.link_base();
        let links = site.links_of(body, &source.path, &base, &self.old_index);
        let mut rewrites = Vec::new();
        let lines = LineIndex::new(&source.text);
        let mut problem = |offset: usize, dest: &str, why: &str| {
            problems.push(LinkProblem {
                file: source.file.clone(),
                position: lines.position(&source.text, body_offset + offset),
                dest: dest.to_string(),
                why: why.to_string(),
            });
        };
        for link in &links {
            let Some((led, expected)) = self.after(&link.target) else {
                continue;
            };
            if self.new_index.resolve(&link.dest, &source.path, &base) == expected {
                continue;
            }
            let here = (&source.path, &base);
            match self.rewrite_from(here, here, &link.dest, led, &expected) {
                Some(new) => rewrites.push(Rewrite {
                    offset: link.offset,
                    dest: link.dest.clone(),
                    new,
                }),
                None => problem(
                    link.offset,
                    &link.dest,
                    "no way of writing it leads where it did once the move is done",
                ),
            }
        }
        if rewrites.is_empty() {
            return Ok(None);
        }
        let raw = std::fs::read_to_string(&source.file).map_err(|e| MoveError::Io {
            path: source.file.clone(),
            source: e,
        })?;
        if *fm::lone_cr_as_lf(&raw) != source.text {
            return Err(MoveError::Changed {
                file: source.file.clone(),
            });
        }
        let places = locate::places(body, site.config.markdown.raw_html);
        let mut edits = Vec::with_capacity(rewrites.len());
        for r in &rewrites {
            match places.get(&r.offset) {
                Some(Ok(place)) => edits.push(Edit {
                    range: body_offset + place.range.start..body_offset + place.range.end,
                    text: r.new.clone(),
                }),
                Some(Err(why)) => problem(r.offset, &r.dest, why),
                None => problem(
                    r.offset,
                    &r.dest,
                    "handbook cannot find where its destination is written",
                ),
            }
        }
        if edits.len() < rewrites.len() {
            return Ok(None);
        }
        edits.sort();
        let mut after = raw.clone();
        for e in edits.iter().rev() {
            after.replace_range(e.range.clone(), &e.text);
        }
        self.check_nav_file(source, &after, &links)?;
        Ok(Some(FileChange {
            file: source.file.clone(),
            moved_to: source.file.clone(),
            before: raw,
            after,
            links: rewrites.len(),
        }))
    }

    /// Checks the navigation file's new text: each of its links leads
    /// where it did.
    fn check_nav_file(
        &self,
        source: &Source,
        after: &str,
        before: &[crate::site::PageLink],
    ) -> Result<(), MoveError> {
        let internal = |why: String| MoveError::Internal {
            file: source.file.clone(),
            why,
        };
        let text = fm::lone_cr_as_lf(after);
        let split =
            fm::split(&text).map_err(|_| internal("its frontmatter would not close".into()))?;
        let found = self.site.links_of(
            split.body,
            &source.path,
            &source.link_base(),
            &self.new_index,
        );
        self.links_kept(before, &found, "it").map_err(internal)
    }
}
