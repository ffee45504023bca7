//! What the templates see: the page, site, link and listing contexts.

use super::*;

#[derive(Serialize)]
pub(super) struct SiteContext<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) language: &'a str,
    pub(super) base_url: &'a str,
    pub(super) base_path: &'a str,
    pub(super) home: String,
    pub(super) nav_url: String,
    pub(super) assets: String,
    /// The generated pages: dashboard, roles, tags...
    pub(super) links: Vec<LinkContext>,
    /// Where the search index is (its folder), when search is on.
    pub(super) search: Option<String>,
    /// The site's icon: the content folder's own `favicon.svg`, `.png` or
    /// `.ico` at its top, else the theme's.
    pub(super) favicon: String,
    /// `extra_css`'s stylesheets, as pages link them (base path applied).
    pub(super) extra_css: Vec<String>,
    /// `extra_javascript`'s scripts, likewise.
    pub(super) extra_javascript: Vec<String>,
    /// `[markdown] mermaid`, likewise, when set: pages with a diagram load it.
    pub(super) mermaid: Option<String>,
}

#[derive(Serialize)]
pub(super) struct LinkContext {
    pub(super) label: String,
    pub(super) url: Option<String>,
}

#[derive(Serialize)]
pub(super) struct StatusContext<'a> {
    pub(super) name: &'a str,
    pub(super) label: &'a str,
    pub(super) color: &'a str,
}

#[derive(Serialize)]
pub(super) struct ChildContext<'a> {
    pub(super) label: &'a str,
    /// `None` for a folder without an index page.
    pub(super) url: Option<String>,
    pub(super) description: Option<&'a str>,
    pub(super) kind: &'static str,
    pub(super) status: Option<StatusContext<'a>>,
    pub(super) percent: Option<u8>,
    pub(super) rollup: Option<Rollup>,
    pub(super) group: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct StepGroup<'a> {
    pub(super) title: Option<&'a str>,
    pub(super) steps: Vec<&'a markdown::Step>,
}

/// `steps` in runs of one section each, titled when there is more than one.
fn step_groups(steps: &[markdown::Step]) -> Vec<StepGroup<'_>> {
    let mut groups: Vec<StepGroup<'_>> = Vec::new();
    for step in steps {
        let section = step.section.as_deref();
        match groups.last_mut() {
            Some(g) if g.title == section => g.steps.push(step),
            _ => groups.push(StepGroup {
                title: section,
                steps: vec![step],
            }),
        }
    }
    if groups.len() == 1 {
        groups[0].title = None;
    }
    groups
}

#[derive(Serialize)]
pub(super) struct PageContext<'a> {
    pub(super) title: &'a str,
    pub(super) heading: &'a str,
    pub(super) heading_id: Option<&'a str>,
    pub(super) label: &'a str,
    pub(super) url: String,
    pub(super) source_path: &'a str,
    pub(super) kind: &'static str,
    pub(super) description: Option<&'a str>,
    /// For `<meta name="description">`: the frontmatter's description,
    /// else the first paragraph's text.
    pub(super) meta_description: &'a str,
    pub(super) content: &'a str,
    pub(super) toc: Vec<&'a Heading>,
    pub(super) status: Option<StatusContext<'a>>,
    pub(super) progress: &'a PageProgress,
    pub(super) rollup: Option<Rollup>,
    pub(super) owner: Option<&'a str>,
    pub(super) due: Option<&'a str>,
    pub(super) reviewed: Option<&'a str>,
    /// The frontmatter's `updated`, else the date of the last commit that touched the page.
    pub(super) updated: Option<&'a str>,
    /// The subject of that commit.
    pub(super) last_commit: Option<&'a str>,
    /// Its owners, from CODEOWNERS.
    pub(super) maintainers: &'a [String],
    /// Whether it has highlighted code (and so needs the highlighting stylesheet).
    pub(super) has_code: bool,
    /// Whether it has a mermaid diagram (and so loads `site.mermaid`, when set).
    pub(super) has_mermaid: bool,
    pub(super) tags: Vec<TagContext<'a>>,
    pub(super) extra: &'a BTreeMap<String, serde_json::Value>,
    /// Progress per phase, for plans and job descriptions.
    pub(super) plan: Option<&'a PlanProgress>,
    /// Progress over time from git: the chart, its points, the forecast
    /// and when each phase was completed (none without history).
    pub(super) delivery: Option<super::delivery::DeliveryContext<'a>>,
    /// A playbook's numbered steps.
    pub(super) steps: &'a [markdown::Step],
    /// The same steps in runs by section: one run without a title, unless
    /// the steps are lists in several sections (each numbered from 1).
    pub(super) step_groups: Vec<StepGroup<'a>>,
    pub(super) related: Vec<LinkContext>,
    pub(super) reports_to: Option<LinkContext>,
    pub(super) direct_reports: Vec<LinkContext>,
    pub(super) team: Option<&'a str>,
    pub(super) needs_review: bool,
    pub(super) horizon: Option<crate::content::frontmatter::Horizon>,
    /// On a glossary page: its terms A-Z.
    pub(super) glossary: Option<Vec<LetterContext<'a>>>,
    /// The generated listing this page shows (at `/dashboard/`, `/playbooks/`...).
    pub(super) listing: Option<&'a tera::Value>,
    pub(super) meta_title: Option<&'a str>,
    pub(super) edit_url: Option<String>,
    pub(super) breadcrumbs: Vec<LinkContext>,
    pub(super) prev: Option<LinkContext>,
    pub(super) next: Option<LinkContext>,
    pub(super) backlinks: Vec<LinkContext>,
    pub(super) children: Vec<ChildContext<'a>>,
    pub(super) is_section: bool,
    /// The page is for the company only (`audience: internal`), shown in a
    /// build that has it (an internal one, or `serve`).
    pub(super) internal: bool,
    /// The part of the navigation the page carries for its first paint
    /// (see [`nav_html::render_local`]), as HTML.
    pub(super) local_nav: String,
}

#[derive(Serialize)]
pub(super) struct TagContext<'a> {
    pub(super) name: &'a str,
    pub(super) url: String,
}

#[derive(Serialize)]
pub(super) struct LetterContext<'a> {
    pub(super) letter: char,
    pub(super) id: String,
    pub(super) terms: Vec<TermContext<'a>>,
}

#[derive(Serialize)]
pub(super) struct TermContext<'a> {
    pub(super) name: &'a str,
    pub(super) id: &'a str,
    pub(super) aliases: &'a [String],
    pub(super) definition: &'a str,
    /// The entry as the page writes it.
    pub(super) html: &'a str,
    pub(super) used_by: Vec<LinkContext>,
}

pub(super) struct PageContextBuilder<'a> {
    pub(super) site: &'a Site,
    pub(super) analysed: &'a [PageAnalysis],
    /// The folder tree: breadcrumbs, a section's pages.
    pub(super) nav: &'a Nav,
    /// The tree the sidebar shows (the navigation file's, else `nav`):
    /// the page's part of it, previous and next.
    pub(super) sidebar: &'a Nav,
    pub(super) backlinks: &'a [Vec<usize>],
    pub(super) rollups: &'a [Option<Rollup>],
    pub(super) history: &'a History,
    /// Each page's href (see [`Build::page_hrefs`]).
    pub(super) page_hrefs: &'a [String],
    pub(super) node_href: &'a (dyn Fn(usize) -> String + Sync),
    /// A node of `sidebar`'s href.
    pub(super) sidebar_href: &'a (dyn Fn(usize) -> String + Sync),
    /// `sidebar`'s pieces of markup (see [`nav_html::NavPieces`]).
    pub(super) sidebar_pieces: &'a nav_html::NavPieces,
    pub(super) related: &'a [Vec<usize>],
    pub(super) tags: &'a BTreeMap<String, Tag>,
    pub(super) roles: &'a Roles,
    pub(super) glossary: &'a Glossary,
    /// The listings that handbook pages show, by page.
    pub(super) claimed: &'a HashMap<usize, tera::Value>,
    pub(super) review_cutoff: Option<&'a str>,
    /// The last second of today, for the progress chart and forecast.
    pub(super) today_end: i64,
}

impl<'a> PageContextBuilder<'a> {
    pub(super) fn status<'s>(&'s self, name: Option<&'s String>) -> Option<StatusContext<'s>> {
        let name = name?;
        let badge: Option<&StatusBadge> = self.site.config.status.get(name);
        Some(StatusContext {
            name,
            label: badge.map_or(name.as_str(), |b| b.label.as_str()),
            color: badge.map_or("#6e7781", |b| b.color.as_str()),
        })
    }

    pub(super) fn page_link(&self, page: usize) -> LinkContext {
        LinkContext {
            label: self.analysed[page].label.clone(),
            url: Some(self.page_hrefs[page].clone()),
        }
    }

    /// The terms glossary page `g` defines, A-Z, with the pages that use each.
    pub(super) fn glossary_letters(&self, g: usize) -> Vec<LetterContext<'a>> {
        let terms = &self.glossary.terms;
        let mut users: HashMap<usize, Vec<usize>> = HashMap::new();
        for (p, a) in self.analysed.iter().enumerate() {
            for &t in &a.rendered.terms_used {
                if terms[t].page == g {
                    users.entry(t).or_default().push(p);
                }
            }
        }
        let entries = &self.analysed[g].rendered.defined_terms;
        let mut mine: Vec<(usize, &Term)> = terms
            .iter()
            .enumerate()
            .filter(|(_, t)| t.page == g)
            .collect();
        mine.sort_by_cached_key(|(_, t)| t.sort_key());
        let mut letters: Vec<LetterContext<'a>> = Vec::new();
        for (t, term) in mine {
            let letter = term.letter();
            if letters.last().is_none_or(|l| l.letter != letter) {
                letters.push(LetterContext {
                    letter,
                    id: if letter == '#' {
                        "letter-other".to_string()
                    } else {
                        format!("letter-{}", letter.to_lowercase())
                    },
                    terms: Vec::new(),
                });
            }
            let html = entries
                .iter()
                .find(|e| e.id == term.id)
                .map_or("", |e| e.html.as_str());
            if let Some(l) = letters.last_mut() {
                l.terms.push(TermContext {
                    name: &term.name,
                    id: &term.id,
                    aliases: &term.aliases,
                    definition: &term.definition,
                    html,
                    used_by: users
                        .get(&t)
                        .into_iter()
                        .flatten()
                        .map(|&p| self.page_link(p))
                        .collect(),
                });
            }
        }
        letters
    }

    pub(super) fn link(&self, node: usize) -> LinkContext {
        let n = &self.nav.nodes[node];
        LinkContext {
            label: n.label.clone(),
            url: n.page.map(|_| (self.node_href)(node)),
        }
    }

    /// The link to `node` of the sidebar's tree.
    fn sidebar_link(&self, node: usize) -> LinkContext {
        let n = &self.sidebar.nodes[node];
        LinkContext {
            label: n.label.clone(),
            url: n.page.map(|_| (self.sidebar_href)(node)),
        }
    }

    /// Page `i`'s search record, from its body's HTML (its words only when
    /// `index` does not have them already).
    pub(super) fn search_record(&self, i: usize, content: &str, index: &SearchIndex) -> PageRecord {
        self.with_search_input(i, content, |input| {
            let fingerprint = PageRecord::fingerprint(input);
            match index.known(i, fingerprint) {
                Some((sections, body)) => PageRecord::known(input, fingerprint, sections, body),
                None => PageRecord::with_fingerprint(input, fingerprint),
            }
        })
    }

    /// Calls `f` with what page `i`'s search record is made from, `content` its body as HTML.
    pub(super) fn with_search_input<R>(
        &self,
        i: usize,
        content: &str,
        f: impl FnOnce(&PageInput<'_>) -> R,
    ) -> R {
        let page = &self.site.content.pages[i];
        let a = &self.analysed[i];
        let node = self.nav.node_of_page[i];
        // The home page is above every page: left out.
        let crumbs: Vec<&str> = self
            .nav
            .ancestors(node)
            .into_iter()
            .skip(1)
            .map(|n| self.nav.nodes[n].label.as_str())
            .collect();
        let mut whole = String::new();
        f(&super::runs::search_input(
            page,
            a,
            content,
            &self.page_hrefs[i],
            &crumbs,
            &mut whole,
        ))
    }

    /// Renders page `i`'s template around `content`, its body as HTML: the
    /// page's HTML (UTF-8, as tera writes only text), for its `url.output_file()`.
    pub(super) fn render(
        &self,
        theme: &Theme,
        i: usize,
        content: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        let (ctx, template) = self.page_context(theme, i, content);
        self.render_context(theme, i, template, &ctx)
    }

    /// What page `i`'s template is given (`content`: its body as HTML),
    /// and which template it is.
    pub(super) fn page_context<'c>(
        &'c self,
        theme: &Theme,
        i: usize,
        content: &'c str,
    ) -> (PageContext<'c>, &'static str) {
        let pages = &self.site.content.pages;
        let page = &pages[i];
        let a = &self.analysed[i];
        let node = self.nav.node_of_page[i];
        let shown = self.sidebar.node_of_page[i];
        let (prev, next) = self.sidebar.prev_next(shown);
        let is_section = self.nav.children(node).next().is_some();
        let children = if is_section {
            self.nav.nodes[node]
                .groups
                .iter()
                .flat_map(|g| g.items.iter().map(move |&c| (g.name.as_deref(), c)))
                .map(|(group, c)| {
                    let n = &self.nav.nodes[c];
                    let p = n.page.map(|p| &pages[p]);
                    ChildContext {
                        label: &n.label,
                        url: n.page.map(|_| (self.node_href)(c)),
                        description: p.and_then(|p| p.front.description.as_deref()),
                        kind: p.map_or("page", |p| p.kind.as_str()),
                        status: p.and_then(|p| self.status(p.front.status.as_ref())),
                        percent: n.page.and_then(|p| self.analysed[p].progress.percent),
                        rollup: if n.groups.is_empty() {
                            None
                        } else {
                            self.rollups[c]
                        },
                        group,
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let edit_url = (!self.site.config.edit_url.is_empty()).then(|| {
            self.site
                .config
                .edit_url
                .replace("{path}", page.path.as_str())
        });
        let ctx = PageContext {
            title: &a.title,
            heading: a
                .rendered
                .title_heading
                .as_ref()
                .map(|h| h.text.trim())
                .filter(|h| !h.is_empty())
                .unwrap_or(a.title.as_str()),
            heading_id: a.rendered.title_heading.as_ref().map(|h| h.id.as_str()),
            label: &a.label,
            url: self.page_hrefs[i].clone(),
            source_path: page.path.as_str(),
            kind: page.kind.as_str(),
            description: page.front.description.as_deref(),
            meta_description: a.description(),
            content,
            toc: a
                .rendered
                .headings
                .iter()
                .filter(|h| h.level == 2 || h.level == 3)
                .filter(|h| Some(*h) != a.rendered.title_heading.as_ref())
                .collect(),
            status: self.status(page.front.status.as_ref()),
            progress: &a.progress,
            rollup: if is_section { self.rollups[node] } else { None },
            owner: page.front.owner.as_deref(),
            due: page.front.due.as_ref().map(|d| d.0.as_str()),
            reviewed: page.front.reviewed.as_ref().map(|d| d.0.as_str()),
            updated: last_updated(page, self.history),
            last_commit: self
                .history
                .changes
                .get(page.path.as_str())
                .map(|c| c.subject.as_str())
                .filter(|s| !s.is_empty()),
            maintainers: self
                .history
                .owners
                .get(page.path.as_str())
                .map_or(&[], Vec::as_slice),
            has_code: a.has_code,
            has_mermaid: crate::render::mermaid::has_diagram(content),
            tags: page
                .front
                .tags
                .iter()
                .filter_map(|t| {
                    let tag = self.tags.get(&related::tag_key(t))?;
                    Some(TagContext {
                        name: t,
                        url: listings::tag_href(self.site.config.base_path(), tag),
                    })
                })
                .collect(),
            extra: &page.front.extra,
            plan: a.plan.as_ref(),
            delivery: a.now.as_ref().and_then(|now| {
                let d = super::delivery::Delivery::of(
                    self.history,
                    page.path.as_str(),
                    Some(now),
                    self.today_end,
                )?;
                let due = page.front.due.as_ref().map(|d| d.0.as_str());
                Some(d.context(&a.label, due, a.plan.as_ref(), now))
            }),
            steps: &a.rendered.steps,
            step_groups: step_groups(&a.rendered.steps),
            related: self.related[i].iter().map(|&r| self.page_link(r)).collect(),
            reports_to: self.roles.manager.get(&i).map(|&m| self.page_link(m)),
            direct_reports: self
                .roles
                .reports
                .get(&i)
                .into_iter()
                .flatten()
                .map(|&r| self.page_link(r))
                .collect(),
            team: page.front.team.as_deref(),
            needs_review: crate::analyse::plans::needs_review(
                page.front.reviewed.as_ref().map(|d| d.0.as_str()),
                self.review_cutoff,
            ),
            horizon: page.front.horizon,
            glossary: (page.kind == Kind::Glossary).then(|| self.glossary_letters(i)),
            listing: self.claimed.get(&i),
            meta_title: page.front.meta.as_ref().and_then(|m| m.title.as_deref()),
            edit_url,
            breadcrumbs: self
                .nav
                .ancestors(node)
                .into_iter()
                .map(|n| self.link(n))
                .collect(),
            prev: prev.map(|n| self.sidebar_link(n)),
            next: next.map(|n| self.sidebar_link(n)),
            backlinks: self.backlinks[i]
                .iter()
                .map(|&b| LinkContext {
                    label: self.analysed[b].label.clone(),
                    url: Some(self.page_hrefs[b].clone()),
                })
                .collect(),
            children,
            is_section,
            internal: page.audience == crate::content::Audience::Internal,
            local_nav: nav_html::render_local(self.sidebar, shown, self.sidebar_pieces),
        };
        (ctx, template_for(theme, page, node == 0, is_section))
    }

    /// Renders page `i`'s `template` with `ctx` (see [`Self::page_context`]).
    pub(super) fn render_context(
        &self,
        theme: &Theme,
        i: usize,
        template: &'static str,
        ctx: &PageContext<'_>,
    ) -> Result<Vec<u8>, Diagnostic> {
        let page = &self.site.content.pages[i];
        let mut context = tera::Context::new();
        context.insert("page", ctx);
        // Sized for the default theme's page around its content and its part
        // of the sidebar, so that the page is not grown (and copied) as it
        // is written.
        let mut html =
            Vec::with_capacity(ctx.content.len() + ctx.local_nav.len() + PAGE_CHROME_BYTES);
        theme
            .tera
            .render_to(template, &context, &mut html)
            .map_err(|e| {
                let mut d = template_error(template, &e);
                d.message = format!("{} (rendering {})", d.message, page.file.display());
                d
            })?;
        Ok(html)
    }
}

/// About what the default theme writes around a page's content (header,
/// breadcrumbs, badges, footer): 5 to 6 KB on the generated handbook's pages.
pub(super) const PAGE_CHROME_BYTES: usize = 8 * 1024;

/// Which template renders a page: `index.html` for the home page,
/// `section.html` for pages with children, else the kind's, else `page.html`.
pub(super) fn template_for(
    theme: &Theme,
    page: &SourcePage,
    is_root: bool,
    is_section: bool,
) -> &'static str {
    let by_kind = match page.kind {
        Kind::Job => "job.html",
        Kind::Playbook => "playbook.html",
        Kind::Glossary => "glossary.html",
        Kind::Plan => "plan.html",
        Kind::Page => "page.html",
    };
    if is_root && theme.has("index.html") {
        "index.html"
    } else if is_section && page.kind == Kind::Page && theme.has("section.html") {
        "section.html"
    } else if theme.has(by_kind) {
        by_kind
    } else {
        "page.html"
    }
}
