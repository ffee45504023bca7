//! Includes: where an included file is looked for, how it is read in
//! (mdBook's line ranges and anchors too), and Hugo's `ref`, which finds a
//! page's file the same way.

use std::path::{Path, PathBuf};

use super::{Expander, MAX_DEPTH, normalise};
use crate::error::Code;

impl Expander<'_> {
    /// Where Hugo's `ref` to `path` (a page's file, `#fragment` allowed)
    /// from a file in `dir` leads, as Hugo looks for it: from that folder,
    /// else from the content folder's top (from the top when it starts with
    /// `/`). Written from the site's root, so the link resolves to the file
    /// however the handbook reads relative links; as given when no file is there.
    pub(super) fn page_ref(&self, path: &str, dir: &Path) -> String {
        let (file, fragment) = match path.split_once('#') {
            Some((f, frag)) => (f, Some(frag)),
            None => (path, None),
        };
        let content = normalise(&self.shortcodes.content_dir);
        let candidates = match file.strip_prefix('/') {
            Some(rooted) => vec![content.join(rooted)],
            None => vec![normalise(&dir.join(file)), content.join(file)],
        };
        let found = candidates.into_iter().map(|p| normalise(&p)).find_map(|p| {
            let rel = p.strip_prefix(&content).ok()?.to_path_buf();
            (p.is_file() || p.is_dir()).then_some(rel)
        });
        let Some(rel) = found else {
            return path.to_string();
        };
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let mut dest = format!("{}{}", self.env.base, rel.join("/").replace(' ', "%20"));
        if let Some(f) = fragment {
            dest.push('#');
            dest.push_str(f);
        }
        dest
    }

    /// The places an include of `path` from `dir` is looked for, in order.
    pub(super) fn include_candidates(&self, path: &str, dir: &Path) -> Vec<PathBuf> {
        let sc = self.shortcodes;
        if let Some(rooted) = path.strip_prefix('/') {
            return vec![normalise(&sc.content_dir.join(rooted))];
        }
        vec![
            normalise(&dir.join(path)),
            normalise(&sc.root.join(crate::render::shortcode::SNIPPETS).join(path)),
            normalise(
                &sc.content_dir
                    .join(crate::render::shortcode::INCLUDES)
                    .join(path),
            ),
        ]
    }

    /// The file an include of `path` from `dir` means: the first place it
    /// is looked for that is a file inside the handbook (a markdown file
    /// when `markdown`); else every place looked at.
    pub(super) fn find_include(
        &self,
        path: &str,
        dir: &Path,
        markdown: bool,
    ) -> Result<PathBuf, Vec<PathBuf>> {
        let root = normalise(&self.shortcodes.root);
        let content = normalise(&self.shortcodes.content_dir);
        let looked = self.include_candidates(path, dir);
        looked
            .iter()
            .find(|p| {
                (p.starts_with(&root) || p.starts_with(&content))
                    && (!markdown || p.extension().is_some_and(|e| e == "md" || e == "markdown"))
                    && p.is_file()
            })
            .cloned()
            .ok_or(looked)
    }

    /// An include that found no file: a problem saying `what` and, after
    /// where it looked, `rule`. The places looked at count as used, so
    /// that making one renders the page again.
    pub(super) fn include_not_found(
        &mut self,
        looked: Vec<PathBuf>,
        what: String,
        rule: &str,
        file: Option<usize>,
        at: usize,
    ) {
        let places: Vec<String> = looked.iter().map(|p| p.display().to_string()).collect();
        let hint = format!("looked for {}; {rule}", places.join(", "));
        self.out.used.files.extend(looked);
        self.problem(file, at, Code::IncludeMissing, what, hint);
    }

    /// mdBook's `{{#include path}}`, `path:3:9` (lines 3 to 9; `:3`, `:3:`,
    /// `::9` as in mdBook) or `path:name` (between `ANCHOR: name` and
    /// `ANCHOR_END: name`, anchor lines left out). A whole markdown file
    /// outside code is included as [`Expander::include`] does; anything
    /// else (a listing in a code block, part of a file) goes in as written.
    pub(super) fn mdbook_include(
        &mut self,
        spec: &str,
        in_code: bool,
        dir: &Path,
        file: Option<usize>,
        at: usize,
    ) {
        let (path, part) = match spec.split_once(':') {
            Some((p, rest)) => (p.trim(), Some(rest.trim())),
            None => (spec.trim(), None),
        };
        let target = match self.find_include(path, dir, false) {
            Ok(target) => target,
            Err(looked) => {
                self.include_not_found(
                    looked,
                    format!("the included file `{path}` does not exist"),
                    "a path is read from the including file's folder, then `snippets/`, then the content folder's `_includes/`, and stays inside the handbook",
                    file,
                    at,
                );
                return;
            }
        };
        let markdown = target
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown");
        if markdown && part.is_none() && !in_code {
            self.include(target, file, at);
            return;
        }
        self.out.used.files.push(target.clone());
        let Some(text) = self.read(&target, file, at) else {
            return;
        };
        let lines: Vec<&str> = text.text.lines().collect();
        let chosen: Vec<&str> = match part.filter(|p| !p.is_empty()) {
            None => lines,
            Some(range) if range.starts_with(|c: char| c.is_ascii_digit() || c == ':') => {
                let (from, to) = range.split_once(':').unwrap_or((range, ""));
                let line = |s: &str| s.trim().parse::<usize>().ok();
                let start = line(from).map_or(0, |n| n.saturating_sub(1));
                let end = line(to).unwrap_or(lines.len()).min(lines.len());
                lines
                    .get(start..end.max(start))
                    .unwrap_or_default()
                    .to_vec()
            }
            Some(anchor) => {
                let begin = format!("ANCHOR: {anchor}");
                let end = format!("ANCHOR_END: {anchor}");
                let start = lines.iter().position(|l| l.contains(&begin));
                match start {
                    Some(s) => lines[s + 1..]
                        .iter()
                        .take_while(|l| !l.contains(&end))
                        .copied()
                        .collect(),
                    None => {
                        self.problem(
                            file,
                            at,
                            Code::IncludeMissing,
                            format!("{} has no `ANCHOR: {anchor}` line", target.display()),
                            format!("mark the part with `ANCHOR: {anchor}` and `ANCHOR_END: {anchor}` comments, or include line numbers (`path:3:9`)"),
                        );
                        return;
                    }
                }
            }
        };
        let kept: Vec<&str> = chosen
            .into_iter()
            .filter(|l| !l.contains("ANCHOR:") && !l.contains("ANCHOR_END:"))
            .collect();
        self.generated(&kept.join("\n"), file, at, true);
    }

    pub(super) fn include(&mut self, target: PathBuf, file: Option<usize>, at: usize) {
        self.out.used.files.push(target.clone());
        if let Some(k) = self.chain.iter().position(|p| *p == target) {
            let names: Vec<String> = self.chain[k..]
                .iter()
                .chain([&target])
                .map(|p| p.display().to_string())
                .collect();
            self.problem(
                file,
                at,
                Code::IncludeCycle,
                format!("includes go round in a loop: {}", names.join(" -> ")),
                "one of these files must not include the next".into(),
            );
            return;
        }
        if self.chain.len() > MAX_DEPTH {
            self.problem(
                file,
                at,
                Code::IncludeCycle,
                format!("includes nest more than {MAX_DEPTH} deep"),
                "include the files from fewer levels".into(),
            );
            return;
        }
        let Some(snippet) = self.read(&target, file, at) else {
            return;
        };
        let id = self.out.files.len();
        self.out.files.push(snippet.clone());
        let body = snippet.body();
        let body = body
            .strip_suffix('\n')
            .map(|b| b.strip_suffix('\r').unwrap_or(b))
            .unwrap_or(body);
        let dir = target.parent().unwrap_or(Path::new("")).to_path_buf();
        self.chain.push(target);
        self.text(body, Some(id), snippet.body_offset, &dir);
        self.chain.pop();
    }

    /// The included file at `target`, read once per build; a problem at
    /// the call when it cannot be read.
    fn read(
        &mut self,
        target: &Path,
        file: Option<usize>,
        at: usize,
    ) -> Option<std::sync::Arc<super::super::SnippetFile>> {
        match self.shortcodes.snippet(target) {
            Ok(s) => Some(s),
            Err(e) => {
                self.problem(
                    file,
                    at,
                    Code::IncludeMissing,
                    format!("cannot read the included file {}: {e}", target.display()),
                    "fix the file's permissions or encoding (UTF-8)".into(),
                );
                None
            }
        }
    }
}
