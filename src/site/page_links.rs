//! Links across the site: the index every link is resolved with, each
//! page's links for tools that edit pages (`handbook mv`), and what is wrong
//! with a page's links and frontmatter references as a build reports it.

use super::*;

impl Site {
    /// The index a build resolves links with: the pages (by file and URL),
    /// the other files, the pages left out (clashing or drafts) and every
    /// page's aliases.
    pub fn link_index(&self) -> LinkIndex {
        let pages = &self.content.pages;
        let mut index = link_index(
            &self.config,
            pages
                .iter()
                .map(|p| (&p.path, &p.url, p.front.aliases.as_slice())),
            self.content.assets.iter().map(|a| &a.path),
            &self.content.clashed,
            &self.content.drafts,
        );
        index.add_internal(
            self.content.internal.iter().map(|(s, u)| (s, u)),
            self.content.internal_files.iter(),
        );
        index
    }

    /// Every link and image of every page (markdown and raw HTML, in the
    /// order written), found and resolved with `index` as a build does: for
    /// tools that edit pages (`handbook mv`).
    pub fn links(&self, index: &LinkIndex) -> Vec<Vec<PageLink>> {
        self.content
            .pages
            .par_iter()
            .map(|page| self.links_of(page.body(), &page.path, &page.link_base(), index))
            .collect()
    }

    /// The links of `body` written in the page at `path` whose relative
    /// links start from `link_base`, as [`Site::links`] finds them.
    pub fn links_of(
        &self,
        body: &str,
        path: &SourcePath,
        link_base: &PageUrl,
        index: &LinkIndex,
    ) -> Vec<PageLink> {
        let mut links = Vec::new();
        let options = RenderOptions {
            raw_html: self.config.markdown.raw_html,
            ..RenderOptions::default()
        };
        markdown::render_with(body, &options, &mut |l| {
            links.push(PageLink {
                dest: l.dest.to_string(),
                offset: l.offset,
                target: index.resolve(l.dest, path, link_base),
            });
            String::new()
        });
        links
    }

    pub(super) fn check_page(
        &self,
        page: &SourcePage,
        a: &PageAnalysis,
        all: &[PageAnalysis],
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut index: Option<LineIndex> = None;
        let policy = &self.config.links;
        for link in &a.links {
            let (code, policy, message, hint) = match &link.target {
                Target::MissingPage(wanted) => (
                    Code::LinkMissingPage,
                    policy.missing_page,
                    if wanted.is_empty() {
                        format!("broken link [{}]({}): there is no home page (index.md, _index.md or README.md at the top of the content folder)", link.text, link.dest)
                    } else {
                        format!("broken link [{}]({}): there is no page {wanted}", link.text, link.dest)
                    },
                    links::missing_page_hint(&link.dest, self.config.links.relative_to, None),
                ),
                Target::MovedAway { wanted, page: moved } => (
                    Code::LinkMissingPage,
                    policy.missing_page,
                    format!("broken link [{}]({}): there is no page {wanted}", link.text, link.dest),
                    {
                        let moved = &self.content.pages[*moved];
                        links::missing_page_hint(&link.dest, self.config.links.relative_to, Some((&moved.path, &moved.url)))
                    },
                ),
                Target::LeavesContent(path) => (
                    Code::LinkOutsideContent,
                    if path.rsplit('/').next().is_some_and(|n| n.contains('.') && !n.ends_with(".md")) {
                        policy.missing_file
                    } else {
                        policy.missing_page
                    },
                    format!("broken link [{}]({}): {path} leaves the content folder", link.text, link.dest),
                    "link only to pages and files inside the content folder; for anything else, use a full URL".to_string(),
                ),
                Target::MissingFile(wanted) => (
                    Code::LinkMissingFile,
                    policy.missing_file,
                    format!("broken link [{}]({}): there is no file {wanted}", link.text, link.dest),
                    "add the file to the content folder or fix the path".to_string(),
                ),
                Target::Internal(wanted) => {
                    let (policy, outcome) = self.config.audience.links.report();
                    (
                        Code::LinkToInternal,
                        policy,
                        format!(
                            "link to what this build leaves out [{}]({}): {wanted} is internal (`audience: internal`, or in an internal folder), and this build is for the public{outcome}",
                            link.text, link.dest,
                        ),
                        "remove the link, or mark this page `audience: internal` too; `--audience internal` builds everything".to_string(),
                    )
                }
                Target::Draft(wanted) => (
                    Code::LinkToDraft,
                    policy.missing_page,
                    format!("broken link [{}]({}): {wanted} is a draft (`draft: true`), which is not published", link.text, link.dest),
                    "publish the page (remove `draft: true`) or remove the link; `--drafts` builds drafts for a preview".to_string(),
                ),
                _ if let Some((target, Some(f))) = link.target.page() && !f.is_empty() && !all[target].rendered.anchors.contains(f) => (
                    Code::LinkMissingAnchor,
                    policy.missing_anchor,
                    format!("broken anchor [{}]({}): {} has no heading or anchor #{f}", link.text, link.dest, self.content.pages[target].file.display()),
                    anchor_hint(f, &all[target].rendered, self.config.markdown.heading_ids),
                ),
                Target::Alias { page: target, alias, .. } if self.config.diagnostics.get(Code::LinkToAlias).is_some() => (
                    Code::LinkToAlias,
                    LinkPolicy::Warning,
                    format!("link [{}]({}) goes to {alias}, an old URL of {} (an alias): it works through a redirect", link.text, link.dest, self.content.pages[*target].file.display()),
                    format!("link to the page itself: {}", self.content.pages[*target].url),
                ),
                Target::SamePage(f) if !f.is_empty() && f != "top" && !a.rendered.anchors.contains(f) => (
                    Code::LinkMissingAnchor,
                    policy.missing_anchor,
                    format!("broken anchor [{}]({}): this page has no heading or anchor #{f}", link.text, link.dest),
                    anchor_hint(f, &a.rendered, self.config.markdown.heading_ids),
                ),
                _ => continue,
            };
            let Some(severity) = policy.severity() else {
                continue;
            };
            let mut d = a
                .written_at(page, link.offset)
                .place(
                    Diagnostic::error(code, page.file.clone(), message),
                    &mut index,
                )
                .hint(hint);
            d.severity = severity;
            out.push(d);
        }
        if let Some((stated, counted)) =
            progress::contradiction(page.front.progress, a.progress.checklist)
        {
            out.push(Diagnostic::warning(crate::error::Code::ProgressContradiction, page.file.clone(), format!(
                "the frontmatter says progress {stated} but the checklist has {counted} done"
            )).hint("update `progress` in the frontmatter, or remove it to use the checklist's count").at_key(page, ["progress"]));
        }
        if let Some(status) = &page.front.status
            && !self.config.status.contains_key(status)
        {
            let known: Vec<&str> = self.config.status.keys().map(String::as_str).collect();
            out.push(
                Diagnostic::warning(
                    crate::error::Code::StatusUnknown,
                    page.file.clone(),
                    format!("unknown status `{status}`"),
                )
                .hint(format!(
                    "use one of {}, or define it under [status] in handbook.toml",
                    known.join(", ")
                ))
                .at_key(page, ["status"]),
            );
        }
        if let Some(x) = &a.expansion {
            for p in &x.problems {
                let d = if p.warning {
                    Diagnostic::warning(p.code, page.file.clone(), p.message.clone())
                } else {
                    Diagnostic::error(p.code, page.file.clone(), p.message.clone())
                };
                out.push(
                    a.origin_at(page, &p.origin)
                        .place(d, &mut index)
                        .hint(p.hint.clone()),
                );
            }
        }
        foreign::template_problems(page, a, &mut out);
        if self.config.markdown.mermaid.is_none()
            && crate::render::mermaid::has_diagram(&a.rendered.html)
        {
            let mut d = Diagnostic::warning(
                Code::ContentMermaidUnrendered,
                page.file.clone(),
                "this page has a mermaid diagram, which shows as its source: [markdown] mermaid names no renderer",
            )
            .hint("to draw diagrams, set [markdown] mermaid in handbook.toml to mermaid's ES module build (`mermaid.esm.min.mjs`): a copy in the content folder, or an https URL you trust; to keep the source, set [diagnostics] \"content/mermaid-unrendered\" = \"ignore\"");
            if let Some(at) = crate::render::mermaid::first_fence(page.body()) {
                let idx = index.get_or_insert_with(|| LineIndex::new(&page.text));
                d = d.at_offset(&page.text, idx, page.body_offset + at);
            }
            out.push(d);
        }
        out
    }
}

/// A link or image written in a page, and where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink {
    /// The destination as written (markdown escapes undone).
    pub dest: String,
    /// Where the link is in the page's body: a markdown link's `[` (or
    /// `!`), a raw HTML attribute's URL.
    pub offset: usize,
    /// What it resolves to.
    pub target: Target,
}

/// The index links are resolved with, from the pages' files, URLs and
/// aliases (each as `aliases:` writes it, made a site path as the redirect
/// pages are), the other files, and the pages left out because they clash
/// or are drafts. Pages are numbered in the order given.
pub fn link_index<'a>(
    config: &Config,
    pages: impl Iterator<Item = (&'a SourcePath, &'a PageUrl, &'a [String])> + Clone,
    files: impl Iterator<Item = &'a SourcePath>,
    clashed: &[(SourcePath, PageUrl)],
    drafts: &[(SourcePath, PageUrl)],
) -> LinkIndex {
    let mut index = LinkIndex::new(config, pages.clone().map(|(s, u, _)| (s, u)), files);
    index.add_sources(clashed.iter().map(|(s, u)| (s, u)));
    index.add_drafts(drafts.iter().map(|(s, u)| (s, u)));
    index.add_aliases(pages.enumerate().flat_map(|(i, (_, _, aliases))| {
        aliases
            .iter()
            .filter_map(move |alias| Some((alias_path(alias, config)?, i)))
    }));
    index
}

/// The site path an alias redirects from (`/old/page/`), as links to it are
/// looked up; `None` when it cannot be written (see `alias_file`).
pub fn alias_path(alias: &str, config: &Config) -> Option<String> {
    let file = alias_file(alias, config).ok()?;
    let path = file.strip_suffix("index.html").unwrap_or(&file);
    Some(format!("/{path}"))
}
