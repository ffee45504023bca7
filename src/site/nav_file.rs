//! The sidebar a navigation file gives: each entry of `SUMMARY.md` resolved
//! as a link of a page is (the same index, the same anchors), what is wrong
//! with one reported at its line, and the pages it does not list reported
//! when the file says `unlisted: warn`.

use std::collections::HashMap;

use super::*;
use crate::analyse::nav::{Curated, CuratedEntry, CuratedGroup};
use crate::analyse::nav_file::{FileEntry, Source, Unlisted};

/// The sidebar made from the navigation file, and what is wrong with it.
pub(super) struct Sidebar {
    /// The tree the sidebar shows.
    pub(super) nav: Nav,
    /// Broken entries, pages listed twice, pages not listed (`unlisted: warn`).
    pub(super) problems: Vec<Diagnostic>,
    /// The pages whose headings entries lead to: an edit to one that
    /// changes its anchors can break an entry.
    pub(super) anchored: Vec<usize>,
}

/// What resolving the entries needs, and what it finds.
struct Resolver<'b> {
    build: &'b Build,
    source: &'b Source,
    base: PageUrl,
    lines: LineIndex,
    /// The entry that placed each page, by its offset in the file.
    placed_at: Vec<Option<usize>>,
    problems: Vec<Diagnostic>,
    anchored: Vec<usize>,
    /// Page by file stem, for a broken entry's hint (made when first needed).
    stems: Option<HashMap<&'b str, usize>>,
}

impl Build {
    /// The sidebar the navigation file gives, laid over the folder tree
    /// `self.nav`; `None` without a navigation file.
    pub(super) fn curated_sidebar(&self) -> Option<Sidebar> {
        let source = self.site.nav_file.as_ref()?;
        let pages = &self.site.content.pages;
        let mut r = Resolver {
            build: self,
            source,
            base: source.link_base(),
            lines: LineIndex::new(&source.text),
            placed_at: vec![None; pages.len()],
            problems: Vec::new(),
            anchored: Vec::new(),
            stems: None,
        };
        let groups: Vec<CuratedGroup> = source
            .read
            .groups
            .iter()
            .map(|g| {
                let mut entries = Vec::with_capacity(g.entries.len());
                r.entries(&g.entries, &mut entries);
                CuratedGroup {
                    name: g.name.clone(),
                    entries,
                }
            })
            .collect();
        let unlisted = source.read.unlisted;
        let nav = Nav::curated(&self.nav, &groups, unlisted == Unlisted::Tree);
        let mut problems = r.problems;
        let anchored = r.anchored;
        if unlisted == Unlisted::Warn {
            let name = source.path.as_str();
            problems.extend(
                (0..pages.len())
                    .filter(|&i| nav.rank(nav.node_of_page[i]).is_none() && nav.node_of_page[i] != 0)
                    .filter(|&i| pages[i].front.nav && !pages[i].url.is_not_found())
                    .map(|i| {
                        Diagnostic::warning(
                            Code::NavUnlisted,
                            pages[i].file.clone(),
                            format!("this page is not in the navigation file {name}, which says `unlisted: warn`: it is published, but not in the sidebar"),
                        )
                        .hint(format!("list it in {name} (`- [{}]({})`), or set `nav: false` in its frontmatter if it is left out on purpose", self.analysed[i].label, relative_from(source, &pages[i].path)))
                    }),
            );
        }
        Some(Sidebar {
            nav,
            problems,
            anchored,
        })
    }

    /// The tree the sidebar shows: the navigation file's, else the folders'.
    pub(super) fn sidebar_nav(&self) -> &Nav {
        self.sidebar.as_ref().unwrap_or(&self.nav)
    }
}

impl<'b> Resolver<'b> {
    /// `entries` resolved onto `out`; a broken one is reported and left out
    /// (its children take its place).
    fn entries(&mut self, entries: &[FileEntry], out: &mut Vec<CuratedEntry>) {
        for e in entries {
            match self.target(e) {
                Some(target) => {
                    let mut children = Vec::with_capacity(e.children.len());
                    self.entries(&e.children, &mut children);
                    out.push(CuratedEntry {
                        label: e.label.clone(),
                        target,
                        children,
                    });
                }
                None => self.entries(&e.children, out),
            }
        }
    }

    /// What entry `e` leads to; `None` when it leads nowhere this build has
    /// (reported, unless it is left out of this build on purpose).
    fn target(&mut self, e: &FileEntry) -> Option<Curated> {
        let dest = e.dest.trim();
        if dest.is_empty() {
            return Some(Curated::Label);
        }
        let build = self.build;
        let pages = &build.site.content.pages;
        let target = build.index.resolve(dest, &self.source.path, &self.base);
        if let Some((p, fragment)) = target.page() {
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                if !build.analysed[p].rendered.anchors.contains(f) {
                    let message = format!(
                        "broken entry [{}]({dest}): {} has no heading or anchor #{f}",
                        e.label,
                        pages[p].file.display()
                    );
                    let hint = anchor_hint(
                        f,
                        &build.analysed[p].rendered,
                        build.site.config.markdown.heading_ids,
                    );
                    self.report(Code::NavMissing, e, message, hint);
                    return None;
                }
                self.anchored.push(p);
                return Some(Curated::Link {
                    href: format!(
                        "{}{}",
                        build.page_hrefs[p],
                        crate::render::href_with_fragment("", Some(f))
                    ),
                    external: false,
                });
            }
            if let Some(first) = self.placed_at[p] {
                let line = self.lines.position(&self.source.text, first).line;
                let message = format!(
                    "{} is listed twice (first on line {line}): this entry is a plain link to it, and its place in the sidebar is the first",
                    pages[p].file.display()
                );
                self.report(
                    Code::NavDuplicateEntry,
                    e,
                    message,
                    "list each page once; to link to a heading of it, add `#heading` to this entry's path".into(),
                );
                return Some(Curated::Link {
                    href: build.page_hrefs[p].clone(),
                    external: false,
                });
            }
            self.placed_at[p] = Some(e.offset);
            return Some(Curated::Page(p));
        }
        let (message, hint) = match target {
            // Left out of this build on purpose: so is its entry.
            Target::Draft(_) | Target::Internal(_) => return None,
            Target::Outside => {
                let scheme = dest.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
                if matches!(scheme.as_deref(), Some("javascript" | "vbscript" | "data")) {
                    (
                        format!("entry [{}]({dest}) is a script, not a place", e.label),
                        "lead to a page of the handbook or to a web address".to_string(),
                    )
                } else {
                    let external = scheme.is_some() || dest.starts_with("//");
                    return Some(Curated::Link {
                        href: dest.to_string(),
                        external,
                    });
                }
            }
            Target::File(path) => {
                let base = build.site.config.base_path();
                return Some(Curated::Link {
                    href: href(&format!("{base}{path}")),
                    external: false,
                });
            }
            Target::MissingPage(wanted) | Target::MovedAway { wanted, .. } => (
                format!(
                    "broken entry [{}]({dest}): there is no page {}",
                    e.label,
                    if wanted.is_empty() { "/" } else { &wanted }
                ),
                self.nearest(dest),
            ),
            Target::MissingFile(wanted) => (
                format!(
                    "broken entry [{}]({dest}): there is no file {wanted}",
                    e.label
                ),
                self.nearest(dest),
            ),
            Target::LeavesContent(path) => (
                format!(
                    "broken entry [{}]({dest}): {path} leaves the content folder",
                    e.label
                ),
                "lead to pages inside the content folder; for anything else, use a full URL"
                    .to_string(),
            ),
            Target::SamePage(_) => (
                format!("entry [{}]({dest}) names a heading but no page", e.label),
                "write the page's path before the `#`: `page.md#heading`".to_string(),
            ),
            Target::Template => (
                format!(
                    "entry [{}]({dest}) is another tool's template syntax",
                    e.label
                ),
                "write the page's path, relative to the navigation file".to_string(),
            ),
            Target::Page { .. } | Target::Alias { .. } => return None,
        };
        self.report(Code::NavMissing, e, message, hint);
        None
    }

    /// The hint for an entry that names no page: the page whose file has
    /// the name it asks for, if there is one.
    fn nearest(&mut self, dest: &str) -> String {
        let pages = &self.build.site.content.pages;
        let stems = self.stems.get_or_insert_with(|| {
            let mut stems = HashMap::with_capacity(pages.len());
            for (i, p) in pages.iter().enumerate() {
                let stem = if p.path.is_index() {
                    p.path.parent().rsplit('/').next().unwrap_or("")
                } else {
                    p.path.stem()
                };
                stems.entry(stem).or_insert(i);
            }
            stems
        });
        let path = dest
            .split(['#', '?'])
            .next()
            .unwrap_or(dest)
            .trim_end_matches('/');
        let name = path.rsplit('/').next().unwrap_or(path);
        let name = name.strip_suffix(".md").unwrap_or(name);
        let wanted = crate::analyse::links::decode(name);
        match stems.get(wanted.as_str()) {
            Some(&i) => format!(
                "check the path, relative to {}: is it `{}`?",
                self.source.path.file_name(),
                relative_from(self.source, &pages[i].path)
            ),
            None => format!(
                "check the path, relative to {} (the pages' files, as on GitHub)",
                self.source.path.file_name()
            ),
        }
    }

    fn report(&mut self, code: Code, e: &FileEntry, message: String, hint: String) {
        self.problems.push(
            Diagnostic::error(code, self.source.file.clone(), message)
                .at_offset(&self.source.text, &self.lines, e.offset)
                .hint(hint),
        );
    }
}

/// `path` (in the content folder) as the navigation file links to it.
fn relative_from(source: &Source, path: &SourcePath) -> String {
    let folder = source.path.parent();
    if folder.is_empty() {
        return path.as_str().to_string();
    }
    let up = folder.split('/').count();
    format!("{}{}", "../".repeat(up), path.as_str())
}
