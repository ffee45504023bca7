//! The pages handbook makes from what the other pages say: the plans
//! dashboard, the roles index and reporting lines, the playbooks index and
//! the tag pages. Each has a fixed URL; when the handbook has a page of its
//! own there, that page shows the listing instead.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Build, LinkContext, StatusContext};
use crate::analyse::plans::{self, Attention, PlanFacts};
use crate::analyse::related::Tag;
use crate::content::frontmatter::{FrontMatter, Horizon};
use crate::content::{Kind, SourcePage};
use crate::error::Diagnostic;
use crate::output::OutputFile;
use crate::render::href;
use crate::render::templates::template_error;

/// A generated page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Listing {
    /// Every plan and page with progress, by what needs attention.
    Dashboard,
    /// The job descriptions by team.
    Roles,
    /// Who reports to whom, as a tree.
    ReportingLines,
    /// Every playbook.
    Playbooks,
    /// Every tag.
    Tags,
}

impl Listing {
    /// Its URL path, under the base path.
    pub fn path(self) -> &'static str {
        match self {
            Listing::Dashboard => "dashboard/",
            Listing::Roles => "roles/",
            Listing::ReportingLines => "roles/reporting-lines/",
            Listing::Playbooks => "playbooks/",
            Listing::Tags => "tags/",
        }
    }

    /// Its title.
    pub fn title(self) -> &'static str {
        match self {
            Listing::Dashboard => "Plans dashboard",
            Listing::Roles => "Roles",
            Listing::ReportingLines => "Reporting lines",
            Listing::Playbooks => "Playbooks",
            Listing::Tags => "Tags",
        }
    }
}

/// Which listings the site has, and which handbook page shows each (if any).
#[derive(Debug, Clone, Default)]
pub struct ListingUrls {
    present: Vec<(Listing, Option<usize>)>,
}

impl ListingUrls {
    /// The listings for these pages: the dashboard always, the others when
    /// there are roles, playbooks or tags.
    pub fn new(pages: &[SourcePage], roles: &[usize], tags: &BTreeMap<String, Tag>) -> ListingUrls {
        let mut wanted = vec![Listing::Dashboard];
        if !roles.is_empty() {
            wanted.extend([Listing::Roles, Listing::ReportingLines]);
        }
        if pages.iter().any(|p| p.kind == Kind::Playbook) {
            wanted.push(Listing::Playbooks);
        }
        if !tags.is_empty() {
            wanted.push(Listing::Tags);
        }
        let present = wanted
            .into_iter()
            .map(|l| {
                let url = format!("/{}", l.path());
                (l, pages.iter().position(|p| p.url.as_str() == url))
            })
            .collect();
        ListingUrls { present }
    }

    /// Links to them, for the site's header; with the recent changes page when there is one.
    pub fn links(&self, base: &str, recent: bool) -> Vec<LinkContext> {
        let mut links: Vec<LinkContext> = self
            .present
            .iter()
            .filter(|(l, _)| *l != Listing::ReportingLines)
            .map(|(l, _)| LinkContext {
                label: l.title().to_string(),
                url: Some(href(&format!("{base}{}", l.path()))),
            })
            .collect();
        if recent {
            links.push(LinkContext {
                label: "Recent changes".into(),
                url: Some(href(&format!("{base}recent/"))),
            });
        }
        links
    }

    /// The handbook pages that show a listing.
    pub fn claimed_pages(&self) -> impl Iterator<Item = usize> + '_ {
        self.present.iter().filter_map(|(_, p)| *p)
    }

    /// The listing page `page` shows, if any.
    pub fn claimed_by(&self, page: usize) -> Option<Listing> {
        self.present
            .iter()
            .find(|(_, p)| *p == Some(page))
            .map(|(l, _)| *l)
    }
}

/// The frontmatter the listings show, to tell when an edit changes them.
pub fn front_facts(f: &FrontMatter) -> impl PartialEq + '_ {
    (
        &f.owner,
        &f.due,
        &f.reviewed,
        &f.status,
        f.horizon,
        &f.description,
    )
}

/// What of a page's analysis the listings show.
pub fn analysis_facts(a: &super::PageAnalysis) -> impl PartialEq + '_ {
    (
        a.progress.percent,
        a.plan.as_ref().map(|p| (p.done, p.total)),
        a.rendered.steps.len(),
        &a.label,
        a.now.as_ref().map(|c| (c.counts(), c.percent())),
    )
}

#[derive(Serialize)]
struct Row<'a> {
    label: &'a str,
    url: String,
    section: Option<&'a str>,
    description: Option<&'a str>,
    kind: &'static str,
    percent: Option<u8>,
    owner: Option<&'a str>,
    due: Option<&'a str>,
    reviewed: Option<&'a str>,
    status: Option<StatusContext<'a>>,
    attention: Attention,
    needs_review: bool,
    steps: usize,
    reports_to: Option<LinkContext>,
    reports: usize,
    /// Forecast, trend and ticks of the last 7 days, from git.
    delivery: Option<super::delivery::RowDelivery>,
}

#[derive(Serialize)]
struct Group<'a> {
    name: String,
    rows: Vec<Row<'a>>,
}

/// A role in the reporting-lines tree, flattened in document order so a
/// template can write nested lists without recursion.
#[derive(Serialize)]
struct TreeItem {
    label: String,
    url: String,
    /// A `<ul>` opens before it (it is its manager's first report).
    starts_list: bool,
    /// Its reports follow (else its `<li>` closes at once).
    has_reports: bool,
    /// How many lists close after it, one entry each.
    closes: Vec<()>,
}

#[derive(Serialize)]
struct TagLink<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

/// What a listing shows, for its template.
#[derive(Serialize)]
pub struct ListingContext<'a> {
    kind: Listing,
    groups: Vec<Group<'a>>,
    board: Vec<Group<'a>>,
    tree: Vec<TreeItem>,
    tags: Vec<TagLink<'a>>,
    today: &'a str,
}

impl Build {
    /// The percent a page shows: its progress, else its plan's.
    pub(super) fn shown_percent(&self, i: usize) -> Option<u8> {
        let a = &self.analysed[i];
        a.progress
            .percent
            .or_else(|| a.plan.as_ref().map(|p| p.percent))
    }

    fn row(&self, i: usize, page_href: &dyn Fn(usize) -> String) -> Row<'_> {
        let page = &self.site.content.pages[i];
        let f = &page.front;
        let nav = &self.nav;
        let facts = PlanFacts {
            percent: self.shown_percent(i),
            status: f.status.as_deref(),
            due: f.due.as_ref().map(|d| d.0.as_str()),
            reviewed: f.reviewed.as_ref().map(|d| d.0.as_str()),
        };
        let section = nav.nodes[nav.node_of_page[i]]
            .parent
            .filter(|&p| p != 0)
            .map(|p| nav.nodes[p].label.as_str());
        Row {
            label: &self.analysed[i].label,
            url: page_href(i),
            section,
            description: f.description.as_deref(),
            kind: page.kind.as_str(),
            percent: facts.percent,
            owner: f.owner.as_deref(),
            due: facts.due,
            reviewed: facts.reviewed,
            status: f.status.as_ref().map(|s| self.status_context(s)),
            attention: plans::attention(&facts, &self.today, self.review_cutoff.as_deref()),
            needs_review: plans::needs_review(facts.reviewed, self.review_cutoff.as_deref()),
            steps: self.analysed[i].rendered.steps.len(),
            reports_to: self.roles.manager.get(&i).map(|&m| LinkContext {
                label: self.analysed[m].label.clone(),
                url: Some(page_href(m)),
            }),
            reports: self.roles.reports.get(&i).map_or(0, Vec::len),
            delivery: self.delivery(i).map(|d| d.row(facts.due)),
        }
    }

    /// A status's badge.
    pub(super) fn status_context<'s>(&'s self, name: &'s str) -> StatusContext<'s> {
        let badge = self.site.config.status.get(name);
        StatusContext {
            name,
            label: badge.map_or(name, |b| b.label.as_str()),
            color: badge.map_or("#6e7781", |b| b.color.as_str()),
        }
    }

    /// The context of listing `kind` (`tag`: the slug, for one tag's page).
    pub(super) fn listing_context(
        &self,
        kind: Listing,
        tag: Option<&Tag>,
        page_href: &dyn Fn(usize) -> String,
    ) -> ListingContext<'_> {
        let pages = &self.site.content.pages;
        let mut context = ListingContext {
            kind,
            groups: Vec::new(),
            board: Vec::new(),
            tree: Vec::new(),
            tags: Vec::new(),
            today: &self.today,
        };
        match (kind, tag) {
            (Listing::Dashboard, _) => {
                let mut rows: Vec<Row<'_>> = (0..pages.len())
                    .filter(|&i| {
                        let f = &pages[i].front;
                        self.shown_percent(i).is_some()
                            || f.due.is_some()
                            || f.horizon.is_some()
                            || plans::needs_review(
                                f.reviewed.as_ref().map(|d| d.0.as_str()),
                                self.review_cutoff.as_deref(),
                            )
                    })
                    .map(|i| self.row(i, page_href))
                    .collect();
                rows.sort_by(|a, b| {
                    a.attention
                        .cmp(&b.attention)
                        .then(a.percent.unwrap_or(0).cmp(&b.percent.unwrap_or(0)))
                        .then(a.due.unwrap_or("~").cmp(b.due.unwrap_or("~")))
                        .then(a.label.cmp(b.label))
                });
                context.groups.push(Group {
                    name: "Needs attention first".into(),
                    rows,
                });
                for (h, name) in [
                    (Horizon::Now, "Now"),
                    (Horizon::Next, "Next"),
                    (Horizon::Later, "Later"),
                ] {
                    let rows = (0..pages.len())
                        .filter(|&i| pages[i].front.horizon == Some(h))
                        .map(|i| self.row(i, page_href))
                        .collect();
                    context.board.push(Group {
                        name: name.into(),
                        rows,
                    });
                }
            }
            (Listing::Roles, _) => {
                let mut teams: BTreeMap<String, Vec<Row<'_>>> = BTreeMap::new();
                for &r in &self.role_pages {
                    teams
                        .entry(self.team_of(r))
                        .or_default()
                        .push(self.row(r, page_href));
                }
                context.groups = teams
                    .into_iter()
                    .map(|(name, rows)| Group { name, rows })
                    .collect();
            }
            (Listing::ReportingLines, _) => {
                for &t in &self.roles.tops {
                    self.tree(t, false, page_href, &mut context.tree);
                }
            }
            (Listing::Playbooks, _) => {
                let rows = (0..pages.len())
                    .filter(|&i| pages[i].kind == Kind::Playbook)
                    .map(|i| self.row(i, page_href))
                    .collect();
                context.groups.push(Group {
                    name: String::new(),
                    rows,
                });
            }
            (Listing::Tags, Some(tag)) => {
                let rows = tag.pages.iter().map(|&i| self.row(i, page_href)).collect();
                context.groups.push(Group {
                    name: tag.name.clone(),
                    rows,
                });
            }
            (Listing::Tags, None) => {
                let base = self.site.config.base_path();
                context.tags = self
                    .tags
                    .values()
                    .map(|t| TagLink {
                        name: &t.name,
                        url: tag_href(base, t),
                        count: t.pages.len(),
                    })
                    .collect();
            }
        }
        context
    }

    /// A role's team: its `team`, else the section it is in.
    fn team_of(&self, r: usize) -> String {
        let page = &self.site.content.pages[r];
        if let Some(team) = page.front.team.as_deref().filter(|t| !t.trim().is_empty()) {
            return team.trim().to_string();
        }
        let nav = &self.nav;
        nav.nodes[nav.node_of_page[r]]
            .parent
            .map_or_else(|| "Other".to_string(), |p| nav.nodes[p].label.clone())
    }

    /// Appends `role` and everyone under it, depth first.
    fn tree(
        &self,
        role: usize,
        starts_list: bool,
        page_href: &dyn Fn(usize) -> String,
        out: &mut Vec<TreeItem>,
    ) {
        let reports = self.roles.reports.get(&role).map_or(&[][..], Vec::as_slice);
        out.push(TreeItem {
            label: self.analysed[role].label.clone(),
            url: page_href(role),
            starts_list,
            has_reports: !reports.is_empty(),
            closes: Vec::new(),
        });
        for (n, &r) in reports.iter().enumerate() {
            self.tree(r, n == 0, page_href, out);
        }
        if !reports.is_empty()
            && let Some(last) = out.last_mut()
        {
            // The last one under this role closes its list and its item.
            last.closes.push(());
        }
    }

    /// The generated pages that no handbook page shows, one per output file.
    pub(super) fn listing_pages(&self) -> Vec<ListingPage> {
        let base = self.site.config.base_path();
        let mut out = Vec::new();
        for &(kind, claimed) in &self.listing_urls.present {
            if claimed.is_none() {
                out.push(ListingPage {
                    kind,
                    tag: None,
                    title: kind.title().to_string(),
                    url: href(&format!("{base}{}", kind.path())),
                    path: format!("{}index.html", kind.path()),
                });
            }
            if kind == Listing::Tags {
                out.extend(self.tags.iter().map(|(key, tag)| ListingPage {
                    kind,
                    tag: Some(key.clone()),
                    title: format!("Tagged “{}”", tag.name),
                    url: tag_href(base, tag),
                    path: format!("tags/{}/index.html", tag.slug.as_str()),
                }));
            }
        }
        out
    }

    /// Whether generated page `l` shows page `i` (before or after an edit).
    pub(super) fn listing_shows(&self, l: &ListingPage, i: usize) -> bool {
        let page = &self.site.content.pages[i];
        match (l.kind, &l.tag) {
            (Listing::Dashboard, _) => true,
            (Listing::Roles | Listing::ReportingLines, _) => page.kind == Kind::Job,
            (Listing::Playbooks, _) => page.kind == Kind::Playbook,
            (Listing::Tags, Some(key)) => self.tags.get(key).is_some_and(|t| t.pages.contains(&i)),
            (Listing::Tags, None) => false,
        }
    }

    /// Renders generated page `l`.
    pub(super) fn render_listing(
        &self,
        l: &ListingPage,
        page_href: &dyn Fn(usize) -> String,
    ) -> Result<ListingFile, Diagnostic> {
        let Some(theme) = &self.theme else {
            return Err(Diagnostic::error(
                crate::error::Code::Internal,
                None,
                "no theme",
            ));
        };
        let tag = l.tag.as_ref().and_then(|k| self.tags.get(k));
        let base = self.site.config.base_path();
        // Laid out like a content page: Home, then the overview a tag page
        // or the reporting lines belong to.
        let mut breadcrumbs = vec![LinkContext {
            label: "Home".into(),
            url: Some(href(base)),
        }];
        let parent = match l.kind {
            Listing::ReportingLines => Some(Listing::Roles),
            Listing::Tags if l.tag.is_some() => Some(Listing::Tags),
            _ => None,
        };
        breadcrumbs.extend(parent.map(|p| LinkContext {
            label: p.title().to_string(),
            url: Some(href(&format!("{base}{}", p.path()))),
        }));
        let page = GeneratedPage {
            title: &l.title,
            label: &l.title,
            heading: &l.title,
            kind: "listing",
            url: &l.url,
            breadcrumbs,
            listing: self.listing_context(l.kind, tag, page_href),
        };
        let render = || {
            super::Counters::add(&self.counters.listings_rendered, 1);
            let mut context = tera::Context::new();
            // Straight into tera's values: a dashboard of 10,000 rows made as
            // JSON first cost as much again to make and to free.
            context.insert("page", &page);
            theme
                .tera
                .render("listing.html", &context)
                .map_err(|e| template_error("listing.html", &e))
        };
        match &self.pages_to {
            // Into the writer, as pages go: kept as published when made from
            // the same input, which spares turning a dashboard of 10,000 rows
            // into tera's values and rendering it.
            super::PageSink::Write(writer) => {
                self.put_keyed(writer, &[&l.path], "listing.html", &page, render)?;
                Ok(ListingFile::Written)
            }
            _ => render().map(|html| ListingFile::Made(OutputFile::bytes(l.path.clone(), html))),
        }
    }
}

/// A generated page rendered.
#[derive(Debug, Clone)]
pub(super) enum ListingFile {
    /// Its file, for the caller to write or keep.
    Made(OutputFile),
    /// Put into the build's writer already.
    Written,
}

/// What a generated page's template gets as `page`.
#[derive(Serialize)]
struct GeneratedPage<'a> {
    title: &'a str,
    label: &'a str,
    heading: &'a str,
    kind: &'static str,
    url: &'a str,
    breadcrumbs: Vec<LinkContext>,
    listing: ListingContext<'a>,
}

/// A generated page: which listing, for which tag, at which path.
#[derive(Debug, Clone)]
pub struct ListingPage {
    kind: Listing,
    /// For a tag's page: the tag's key.
    tag: Option<String>,
    title: String,
    url: String,
    /// Its output file.
    pub path: String,
}

/// The URL of a tag's page.
pub fn tag_href(base: &str, tag: &Tag) -> String {
    href(&format!("{base}tags/{}/", tag.slug.as_str()))
}
