//! The pipeline put together: load -> analyse -> render, all in memory; the
//! caller writes the result (build) or only reports it (check).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use indicatif::ProgressBar;
use rayon::prelude::*;
use serde::Serialize;

mod changes;
mod listings;

pub use changes::SiteChanges;

use crate::analyse::external::{self, ExternalLink};
use crate::analyse::glossary::{Glossary, Term};
use crate::analyse::history::{self, History};
use crate::analyse::links::{LinkIndex, Target};
use crate::analyse::nav::{Nav, NavEntry};
use crate::analyse::plans::PlanProgress;
use crate::analyse::progress::{self, PageProgress};
use crate::analyse::related::{self, Tag};
use crate::analyse::roles::{self, RoleProblem, Roles};
use crate::config::{Config, LinkPolicy, StatusBadge};
use crate::content::{self, Content, Kind, LoadOptions, SourcePage};
use crate::error::{Diagnostic, Error, LineIndex, Severity};
use crate::output::search::{self as search_index, Gather, SearchIndex};
use crate::output::{Contents, OutputFile, Writer, location, sitemap};
use crate::render::markdown::{self, Heading, RenderOptions, Rendered};
use crate::render::nav_html::{self, NavBadge};
use crate::render::search::{PageInput, PageRecord};
use crate::render::templates::{Theme, template_error};
use crate::render::{href, href_with_fragment};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The handbook's root: a folder with `handbook.toml`, or any folder of markdown.
    pub root: PathBuf,
    /// Where to write the site (default: the config's `output_dir` under the root).
    pub output: Option<PathBuf>,
    /// Overrides the config's `base_url`.
    pub base_url: Option<String>,
    /// Build pages marked `draft: true`.
    pub drafts: bool,
    /// Advanced once per page rendered, when given.
    pub progress: Option<ProgressBar>,
    /// Build into a non-empty output folder no build made (`--force`).
    pub force: bool,
    /// Told who holds the output folder when another build is writing it.
    pub on_wait: Option<fn(&str)>,
}

/// A loaded handbook: its settings and its files.
#[derive(Debug)]
pub struct Site {
    /// The settings (defaults when there is no `handbook.toml`).
    pub config: Config,
    /// The handbook's root, when it has a `handbook.toml` (theme overrides live there).
    pub config_root: Option<PathBuf>,
    /// The folder of markdown.
    pub content_dir: PathBuf,
    /// Where the site goes.
    pub output_dir: PathBuf,
    /// The pages and files.
    pub content: Content,
    /// Whether drafts are built.
    pub drafts: bool,
}

/// A site rendered in memory, ready to write.
#[derive(Debug)]
pub struct RenderedSite {
    /// Every output file.
    pub files: Vec<OutputFile>,
    /// How many pages.
    pub pages: usize,
    /// Warnings (errors stop the render and come back as `Error::Handbook`).
    pub warnings: Vec<Diagnostic>,
    /// One-line notices.
    pub notices: Vec<String>,
    /// The work the build did, counted.
    pub stats: BuildStats,
}

/// Counts of the work a build did, so that tests can check how its cost
/// grows (each page's markdown parsed once per build, templates compiled
/// once) without timing anything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuildStats {
    /// Pages whose markdown was parsed and rendered to HTML.
    pub markdown_parses: usize,
    /// Links and images resolved against the site.
    pub links_resolved: usize,
    /// Pages rendered through a template.
    pub pages_rendered: usize,
    /// Times the theme's templates were compiled.
    pub template_compiles: usize,
}

/// [`BuildStats`] as counted while the work runs in parallel.
#[derive(Debug, Default)]
struct Counters {
    markdown_parses: AtomicUsize,
    links_resolved: AtomicUsize,
    pages_rendered: AtomicUsize,
    template_compiles: AtomicUsize,
}

impl Counters {
    fn add(counter: &AtomicUsize, n: usize) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    fn snapshot(&self) -> BuildStats {
        BuildStats {
            markdown_parses: self.markdown_parses.load(Ordering::Relaxed),
            links_resolved: self.links_resolved.load(Ordering::Relaxed),
            pages_rendered: self.pages_rendered.load(Ordering::Relaxed),
            template_compiles: self.template_compiles.load(Ordering::Relaxed),
        }
    }
}

impl Site {
    /// Reads the configuration and every page.
    pub fn load(options: &BuildOptions) -> Result<Site, Error> {
        let root = &options.root;
        if !root.is_dir() {
            return Err(Error::Handbook(vec![
                Diagnostic::error(root.clone(), "no such folder").hint(
                    "give the handbook's folder: one with handbook.toml, or any folder of markdown",
                ),
            ]));
        }
        let loaded = Config::load(root).map_err(|d| Error::Handbook(vec![d]))?;
        let config_root = loaded.as_ref().map(|_| root.clone());
        let mut config = loaded.unwrap_or_default();
        if let Some(url) = &options.base_url {
            config
                .set_base_url(url)
                .map_err(|d| Error::Handbook(vec![d]))?;
        }
        let content_dir = if config_root.is_some() {
            root.join(&config.content_dir)
        } else {
            root.clone()
        };
        if !content_dir.is_dir() {
            return Err(Error::Handbook(vec![
                Diagnostic::error(content_dir.clone(), "the content folder does not exist").hint(
                    format!(
                        "create it, or set content_dir in {}",
                        crate::config::CONFIG_FILE
                    ),
                ),
            ]));
        }
        let output_dir = options
            .output
            .clone()
            .unwrap_or_else(|| root.join(&config.output_dir));
        let folders = location::Folders {
            root,
            content: &content_dir,
            output: &output_dir,
        };
        location::check_handbook(
            folders,
            &config,
            config_root.is_some(),
            options.output.is_some(),
        )
        .map_err(|d| Error::Handbook(vec![d]))?;
        let mut skip = location::not_content(folders);
        skip.push(content_dir.join("node_modules"));
        let content = content::load(&LoadOptions {
            content_dir: &content_dir,
            skip,
            drafts: options.drafts,
        });
        Ok(Site {
            config,
            config_root,
            content_dir,
            output_dir,
            content,
            drafts: options.drafts,
        })
    }

    /// Analyses and renders every page; all problems come back together.
    pub fn render(self, progress: Option<&ProgressBar>) -> Result<RenderedSite, Error> {
        self.render_to(progress, PageSink::Keep)
    }

    /// As [`Site::render`], but each page goes to `writer` as it renders
    /// (and is let go), so a big handbook's pages are never all in memory;
    /// the rest of the site's files come back in the result.
    pub fn render_into(
        self,
        progress: Option<&ProgressBar>,
        writer: &Arc<Writer>,
    ) -> Result<RenderedSite, Error> {
        self.render_to(progress, PageSink::Write(Arc::clone(writer)))
    }

    /// Everything [`Site::render`] finds, with each page let go as soon as it
    /// renders: the result's files are the site's other files.
    pub fn check(self, progress: Option<&ProgressBar>) -> Result<RenderedSite, Error> {
        self.render_to(progress, PageSink::Discard)
    }

    fn render_to(
        self,
        progress: Option<&ProgressBar>,
        sink: PageSink,
    ) -> Result<RenderedSite, Error> {
        let mut build = Build::once_to(self, progress, sink);
        let result = build.result();
        // The writer is the caller's alone again.
        build.pages_to = PageSink::Discard;
        // A big handbook's analysis is many small allocations, slow to free:
        // they are freed beside the writing that follows, not before it.
        let _ = std::thread::Builder::new()
            .name("free-build".into())
            .spawn(move || drop(build));
        result
    }
    fn check_page(
        &self,
        page: &SourcePage,
        a: &PageAnalysis,
        all: &[PageAnalysis],
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut index: Option<LineIndex> = None;
        let policy = &self.config.links;
        for link in &a.links {
            let (policy, message, hint) = match &link.target {
                Target::MissingPage(wanted) => (
                    policy.missing_page,
                    format!("broken link [{}]({}): there is no page {wanted}", link.text, link.dest),
                    "check the path; relative links are relative to the markdown file, as on GitHub".to_string(),
                ),
                Target::LeavesContent(path) => (
                    if path.rsplit('/').next().is_some_and(|n| n.contains('.') && !n.ends_with(".md")) {
                        policy.missing_file
                    } else {
                        policy.missing_page
                    },
                    format!("broken link [{}]({}): {path} leaves the content folder", link.text, link.dest),
                    "link only to pages and files inside the content folder; for anything else, use a full URL".to_string(),
                ),
                Target::MissingFile(wanted) => (
                    policy.missing_file,
                    format!("broken link [{}]({}): there is no file {wanted}", link.text, link.dest),
                    "add the file to the content folder or fix the path".to_string(),
                ),
                Target::Page { page: target, fragment: Some(f) } if !f.is_empty() && !all[*target].rendered.anchors.contains(f) => (
                    policy.missing_anchor,
                    format!("broken anchor [{}]({}): {} has no heading or anchor #{f}", link.text, link.dest, self.content.pages[*target].file.display()),
                    anchor_hint(f, &all[*target].rendered),
                ),
                Target::SamePage(f) if !f.is_empty() && f != "top" && !a.rendered.anchors.contains(f) => (
                    policy.missing_anchor,
                    format!("broken anchor [{}]({}): this page has no heading or anchor #{f}", link.text, link.dest),
                    anchor_hint(f, &a.rendered),
                ),
                _ => continue,
            };
            let severity = match policy {
                LinkPolicy::Error => Severity::Error,
                LinkPolicy::Warning => Severity::Warning,
                LinkPolicy::Ignore => continue,
            };
            let idx = index.get_or_insert_with(|| LineIndex::new(&page.text));
            let mut d = Diagnostic::error(page.file.clone(), message)
                .at_offset(&page.text, idx, page.body_offset + link.offset)
                .hint(hint);
            d.severity = severity;
            out.push(d);
        }
        if let Some((stated, counted)) =
            progress::contradiction(page.front.progress, a.progress.checklist)
        {
            out.push(Diagnostic::warning(page.file.clone(), format!(
                "the frontmatter says progress {stated} but the checklist has {counted} done"
            )).hint("update `progress` in the frontmatter, or remove it to use the checklist's count"));
        }
        if let Some(status) = &page.front.status
            && !self.config.status.contains_key(status)
        {
            let known: Vec<&str> = self.config.status.keys().map(String::as_str).collect();
            out.push(
                Diagnostic::warning(page.file.clone(), format!("unknown status `{status}`")).hint(
                    format!(
                        "use one of {}, or define it under [status] in handbook.toml",
                        known.join(", ")
                    ),
                ),
            );
        }
        out
    }
}

/// A site analysed and rendered in memory, kept so that a change to one
/// page costs the work of that change (`handbook serve`), not of the site.
pub struct Build {
    /// The loaded handbook.
    pub site: Site,
    /// Whether sources and markdown are kept for [`Build::update`].
    keep: bool,
    /// Where rendered pages go.
    pages_to: PageSink,
    theme: Option<Theme>,
    theme_problem: Option<Diagnostic>,
    index: LinkIndex,
    analysed: Vec<PageAnalysis>,
    /// Per page: link, anchor, progress and status problems.
    checks: Vec<Vec<Diagnostic>>,
    backlinks: Vec<Vec<usize>>,
    nav: Nav,
    nav_fragment: Arc<[u8]>,
    rollups: Vec<Option<Rollup>>,
    /// Sections where two pages show the same label.
    nav_problems: Vec<Diagnostic>,
    /// Per page: its href (base path included, encoded).
    page_hrefs: Vec<String>,
    /// Per page: its rendered HTML, `None` while it needs rendering.
    html: Vec<Option<PageOutput>>,
    /// Last changes and maintainers from git, by content path.
    history: History,
    /// Output files no page edit changes; see [`Build::fixed_outputs`].
    fixed: Vec<OutputFile>,
    fixed_problems: Vec<Diagnostic>,
    /// Every glossary term, from the glossary pages.
    glossary: Glossary,
    /// The glossary pages, in site order.
    glossary_pages: Vec<usize>,
    /// The job descriptions, in site order, and who reports to whom.
    role_pages: Vec<usize>,
    roles: Roles,
    /// Every tag, by slug.
    tags: BTreeMap<String, Tag>,
    /// Per page: its related pages.
    related: Vec<Vec<usize>>,
    /// Duplicate terms, unknown `reports_to` and the like.
    semantic_problems: Vec<Diagnostic>,
    /// The generated pages (dashboard, roles, tags, ...), `None` while they need rendering.
    listings: Vec<listings::ListingPage>,
    /// Per generated page: its file, `None` while it needs rendering.
    listing_files: Vec<Option<Result<OutputFile, Diagnostic>>>,
    /// Which generated pages there are, and which handbook pages show them.
    listing_urls: listings::ListingUrls,
    /// Today and the oldest review date that is fine, as `YYYY-MM-DD`.
    today: String,
    review_cutoff: Option<String>,
    /// The search index, brought up to date as pages render (`None` when `[search] enabled = false`).
    search: Option<SearchIndex>,
    counters: Counters,
    /// What updates changed since [`Build::changes`] last gave the files;
    /// `None` until it first did.
    unpublished: Option<changes::Unpublished>,
}

impl std::fmt::Debug for Build {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Build")
            .field("pages", &self.analysed.len())
            .finish()
    }
}

/// What [`Build::update`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// Only these many pages were analysed and rendered again.
    Pages(usize),
    /// The whole site was loaded and built again.
    Full,
}

/// Where a build's rendered pages go.
#[derive(Debug, Clone)]
pub enum PageSink {
    /// Kept, with everything else, so that the build can be updated (`serve`).
    Serve,
    /// Kept for [`Build::result`]; the rest is let go as it is used.
    Keep,
    /// Rendered (so template errors are found) and let go: `check`.
    Discard,
    /// Handed to the writer as each one renders, and let go: `build`.
    Write(Arc<Writer>),
}

impl Build {
    /// Loads nothing: analyses and renders `site`. Problems are kept for [`Build::result`].
    pub fn new(site: Site, progress: Option<&ProgressBar>) -> Build {
        Build::with_history(site, progress, None, None)
    }

    /// Builds for one use (`build`, `check`): each page's markdown and source
    /// are let go as soon as they are used, so a big handbook needs about
    /// the memory of its output. Such a build cannot be updated; `update`
    /// builds it again.
    pub fn once(site: Site, progress: Option<&ProgressBar>) -> Build {
        Build::once_to(site, progress, PageSink::Keep)
    }

    /// As [`Build::once`], with each rendered page sent to `sink`.
    pub fn once_to(site: Site, progress: Option<&ProgressBar>, sink: PageSink) -> Build {
        Build::make(site, progress, None, sink, None, None)
    }

    /// As [`Build::once`], also collecting every external http(s) link with
    /// where it is written, for `check --external` (a build never does).
    pub fn once_with_external(
        site: Site,
        progress: Option<&ProgressBar>,
    ) -> (Build, Vec<ExternalLink>) {
        let mut links = Vec::new();
        let build = Build::make(
            site,
            progress,
            None,
            PageSink::Discard,
            Some(&mut links),
            None,
        );
        (build, links)
    }

    /// As [`Build::new`], reusing `previous` history when the repository's
    /// HEAD has not moved (a rebuild in `serve`), and the previous search
    /// index when the pages are the same.
    fn with_history(
        site: Site,
        progress: Option<&ProgressBar>,
        previous: Option<&History>,
        search: Option<SearchIndex>,
    ) -> Build {
        Build::make(site, progress, previous, PageSink::Serve, None, search)
    }

    fn make(
        mut site: Site,
        progress: Option<&ProgressBar>,
        previous: Option<&History>,
        pages_to: PageSink,
        external: Option<&mut Vec<ExternalLink>>,
        previous_search: Option<SearchIndex>,
    ) -> Build {
        let keep = matches!(pages_to, PageSink::Serve);
        let counters = Counters::default();
        Counters::add(&counters.template_compiles, 1);
        let pages = &site.content.pages;
        let base = site.config.base_path();
        let mut index = LinkIndex::new(
            &site.config,
            pages.iter().map(|p| (&p.path, &p.url)),
            site.content.assets.iter().map(|a| &a.path),
        );
        index.add_sources(site.content.clashed.iter().map(|(s, u)| (s, u)));
        // Markdown, in parallel: each page's links resolved as it renders;
        // at the same time, on another thread: the git history, the theme's
        // templates (needed only once pages render) and syntect's sets (so
        // the first code block does not wait for them), which are most of
        // a small handbook's start-up.
        let wanted: Vec<String> = pages.iter().map(|p| p.path.as_str().to_string()).collect();
        let raw_html = site.config.markdown.raw_html;
        let glossary_pages: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].kind == Kind::Glossary)
            .collect();
        let ((history, (theme, theme_problem)), (analysed, glossary, mut semantic_problems)) =
            rayon::join(
                || {
                    let (history, theme) = rayon::join(
                        || history::load(&site.content_dir, &wanted, previous),
                        || {
                            let theme = match Theme::load(&site.config, site.config_root.as_deref())
                            {
                                Ok(theme) => (Some(theme), None),
                                Err(d) => (None, Some(d)),
                            };
                            crate::render::highlight::warm_up();
                            theme
                        },
                    );
                    (history, theme)
                },
                || {
                    // Glossary pages first: the other pages link their terms.
                    let mut early: Vec<Option<PageAnalysis>> =
                        (0..pages.len()).map(|_| None).collect();
                    let defined: Vec<(usize, PageAnalysis)> = glossary_pages
                        .par_iter()
                        .map(|&g| {
                            (
                                g,
                                analyse_page(
                                    &pages[g], pages, &index, base, raw_html, None, &counters,
                                ),
                            )
                        })
                        .collect();
                    let (glossary, problems) = glossary_of(&site, &defined);
                    for (g, a) in defined {
                        early[g] = Some(a);
                    }
                    let analysed = early
                        .into_par_iter()
                        .enumerate()
                        .with_max_len(PAGES_PER_JOB)
                        .map(|(i, a)| {
                            a.unwrap_or_else(|| {
                                analyse_page(
                                    &pages[i],
                                    pages,
                                    &index,
                                    base,
                                    raw_html,
                                    Some(&glossary),
                                    &counters,
                                )
                            })
                        })
                        .collect::<Vec<PageAnalysis>>();
                    (analysed, glossary, problems)
                },
            );
        let checks: Vec<Vec<Diagnostic>> = pages
            .par_iter()
            .zip(&analysed)
            .map(|(page, a)| site.check_page(page, a, &analysed))
            .collect();
        let backlinks = backlinks(&analysed);
        let role_pages: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].kind == Kind::Job)
            .collect();
        let (roles, problems) = roles_of(&site, &index, &analysed, &role_pages);
        semantic_problems.extend(problems);
        let tags = related::tags(pages.iter().map(|p| p.front.tags.as_slice()));
        let related: Vec<Vec<usize>> = (0..pages.len())
            .into_par_iter()
            .map(|i| related_of(i, &analysed, &backlinks, pages, &tags))
            .collect();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let after = i64::from(site.config.review.after_days);
        let listing_urls = listings::ListingUrls::new(pages, &role_pages, &tags);
        if let Some(out) = external {
            *out = external_links(&site.content.pages, &analysed);
        }
        if !keep {
            // Sources were needed for link positions only; the checks are done.
            for page in &mut site.content.pages {
                page.text = String::new();
                page.body_offset = 0;
            }
        }
        // Each page's href, made once: pages link to each other thousands of
        // times (backlinks, related pages, listings), and a page's URL comes
        // from its path, which an edit in place does not change.
        let page_hrefs: Vec<String> = {
            let base = site.config.base_path();
            site.content
                .pages
                .par_iter()
                .map(|p| href(&format!("{base}{}", &p.url.as_str()[1..])))
                .collect()
        };
        let search = site.config.search.enabled.then(|| {
            previous_search
                .and_then(|s| s.reuse(&page_hrefs))
                .unwrap_or_else(|| SearchIndex::new(analysed.len(), keep))
        });
        let mut build = Build {
            page_hrefs,
            search,
            keep,
            pages_to,
            history,
            theme,
            theme_problem,
            index,
            checks,
            backlinks,
            nav: Nav::build(&[]),
            nav_fragment: Arc::from(Vec::new()),
            rollups: Vec::new(),
            nav_problems: Vec::new(),
            html: vec![None; analysed.len()],
            fixed: Vec::new(),
            fixed_problems: Vec::new(),
            glossary,
            glossary_pages,
            role_pages,
            roles,
            tags,
            related,
            semantic_problems,
            listings: Vec::new(),
            listing_files: Vec::new(),
            listing_urls,
            today: history::date(now),
            review_cutoff: (after > 0).then(|| history::date(now - after * 86_400)),
            counters,
            analysed,
            site,
            unpublished: None,
        };
        build.build_nav();
        build.listings = build.listing_pages();
        build.listing_files = vec![None; build.listings.len()];
        let links = build
            .listing_urls
            .links(build.site.config.base_path(), build.has_recent_page());
        if let Some(theme) = build.theme.as_mut() {
            let config = &build.site.config;
            let base = config.base_path();
            let site_ctx = SiteContext {
                title: &config.title,
                description: &config.description,
                language: &config.language,
                base_url: &config.base_url,
                base_path: base,
                home: href(base),
                nav_url: href(&format!("{base}_nav.html")),
                assets: href(&format!("{base}_handbook/")),
                links,
                search: config
                    .search
                    .enabled
                    .then(|| href(&format!("{base}{}", search_index::DIR))),
            };
            theme.tera.global_context().insert("site", &site_ctx);
        }
        (build.fixed, build.fixed_problems) = build.fixed_outputs();
        build.render_missing(progress);
        build
    }

    fn build_nav(&mut self) {
        let pages = &self.site.content.pages;
        let entries: Vec<NavEntry<'_>> = pages
            .iter()
            .zip(&self.analysed)
            .map(|(p, a)| NavEntry {
                url: &p.url,
                label: &a.label,
                group: p.front.nav_group.as_deref(),
                order: p.front.nav_order,
                hidden: !p.front.nav,
            })
            .collect();
        self.nav = Nav::build(&entries);
        let base = self.site.config.base_path();
        let nav = &self.nav;
        let node_href = |n: usize| href(&format!("{base}{}", &nav.nodes[n].url.as_str()[1..]));
        let fragment = nav_html::render(nav, &node_href, &|i| NavBadge {
            percent: self.analysed[i].progress.percent,
            status: pages[i].front.status.clone(),
        });
        self.nav_fragment = Arc::from(fragment.into_bytes());
        self.rollups = rollups(&self.nav, &self.analysed);
        self.nav_problems = duplicate_labels(&self.nav, pages);
    }

    /// Every problem found: loading, theme, pages.
    fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.site.content.diagnostics.clone();
        all.extend(self.theme_problem.clone());
        all.extend(self.fixed_problems.iter().cloned());
        all.extend(self.checks.iter().flatten().cloned());
        all.extend(self.nav_problems.iter().cloned());
        all.extend(self.semantic_problems.iter().cloned());
        all.extend(self.unreachable_pages());
        all
    }

    /// Pages left out of the navigation (`nav: false`) that no page links to:
    /// readers have no way to them.
    fn unreachable_pages(&self) -> impl Iterator<Item = Diagnostic> + '_ {
        let pages = &self.site.content.pages;
        (0..pages.len())
            .filter(|&i| !pages[i].front.nav && self.backlinks[i].is_empty())
            .filter(|&i| pages[i].url.as_str() != "/")
            .map(move |i| {
                let page = &pages[i];
                Diagnostic::warning(
                    page.file.clone(),
                    "this page is missing from the navigation (`nav: false`) and no page links to it, so readers cannot find it",
                )
                .hint("link to it from a page, or remove `nav: false`")
            })
    }

    /// Renders the pages that need it, when the site has no errors (a site
    /// with errors is not published, so its pages are not worth rendering).
    fn render_missing(&mut self, progress: Option<&ProgressBar>) {
        if self.theme.is_none() || self.diagnostics().iter().any(Diagnostic::is_error) {
            return;
        }
        // For one use, each page's markdown HTML is taken out to go as soon as its page is made.
        let contents: Option<Vec<String>> = (!self.keep).then(|| {
            self.analysed
                .iter_mut()
                .map(|a| std::mem::take(&mut a.rendered.html))
                .collect()
        });
        // The generated listings render beside the pages: the dashboard of a
        // big handbook is as much work as hundreds of pages, and on its own
        // it kept one thread busy while the other waited.
        let mut html = std::mem::take(&mut self.html);
        let (listings, indexed) = rayon::join(
            || self.render_listings(),
            || self.render_pages(&mut html, contents, progress),
        );
        self.html = html;
        for (l, file) in listings {
            self.listing_files[l] = Some(file);
        }
        match (&mut self.search, indexed) {
            (Some(index), Indexed::Gathered(gathered)) => index.build_gathered(gathered),
            (Some(index), Indexed::Records(records)) => index.update(records),
            _ => {}
        }
    }

    /// The generated listings that need rendering, rendered.
    fn render_listings(&self) -> Vec<(usize, Result<OutputFile, Diagnostic>)> {
        let page_href = |i: usize| self.page_hrefs[i].clone();
        (0..self.listings.len())
            .into_par_iter()
            .filter(|&l| self.listing_files[l].is_none())
            .map(|l| (l, self.render_listing(&self.listings[l], &page_href)))
            .collect()
    }

    /// Renders the pages whose slot in `html` is empty (from `contents`,
    /// taken out of the analysis, for one use), and what the search index
    /// gets of them.
    fn render_pages(
        &self,
        html: &mut [Option<PageOutput>],
        contents: Option<Vec<String>>,
        progress: Option<&ProgressBar>,
    ) -> Indexed {
        let Some(theme) = &self.theme else {
            return Indexed::Nothing;
        };
        let base = self.site.config.base_path();
        let nav = &self.nav;
        let page_href = |i: usize| self.page_hrefs[i].clone();
        let node_href = |n: usize| href(&format!("{base}{}", &nav.nodes[n].url.as_str()[1..]));
        // Made once: each page's context takes them without copying.
        let claimed: HashMap<usize, tera::Value> = html
            .iter()
            .enumerate()
            .filter(|(_, h)| h.is_none())
            .filter_map(|(i, _)| {
                let kind = self.listing_urls.claimed_by(i)?;
                tera::Value::try_from_serializable(&self.listing_context(kind, None, &page_href))
                    .ok()
                    .map(|v| (i, v))
            })
            .collect();
        let ctx = PageContextBuilder {
            site: &self.site,
            analysed: &self.analysed,
            nav,
            backlinks: &self.backlinks,
            rollups: &self.rollups,
            history: &self.history,
            page_hrefs: &self.page_hrefs,
            node_href: &node_href,
            related: &self.related,
            tags: &self.tags,
            roles: &self.roles,
            glossary: &self.glossary,
            claimed: &claimed,
            review_cutoff: self.review_cutoff.as_deref(),
        };
        let pages_to = &self.pages_to;
        let done = |i: usize, content: &str| {
            let out = ctx.render(theme, i, content).map(|html| match pages_to {
                PageSink::Serve | PageSink::Keep => Arc::from(html),
                PageSink::Write(writer) => {
                    writer.put_bytes(&self.site.content.pages[i].url.output_file(), &html);
                    Arc::from(Vec::new())
                }
                PageSink::Discard => Arc::from(Vec::new()),
            });
            Counters::add(&self.counters.pages_rendered, 1);
            if let Some(bar) = progress {
                bar.inc(1);
            }
            Some(out)
        };
        // A page rendered again is indexed again: its search record shows the
        // same things as its page (title, breadcrumb, body).
        let index = self.search.as_ref();
        let record = |i: usize, content: &str| index.map(|x| (i, ctx.search_record(i, content, x)));
        let records: Vec<(usize, PageRecord)> = match contents {
            None => {
                let analysed = &self.analysed;
                html.par_iter_mut()
                    .enumerate()
                    .with_max_len(PAGES_PER_JOB)
                    .filter(|(_, h)| h.is_none())
                    .filter_map(|(i, slot)| {
                        *slot = done(i, &analysed[i].rendered.html);
                        record(i, &analysed[i].rendered.html)
                    })
                    .collect()
            }
            Some(contents) => {
                // One use: each worker thread gathers the words of the pages
                // it renders for the index, with no record made of a page. One
                // gathering per thread, not per run of pages: each gathering
                // keeps a copy of every word it has seen.
                let gathers: Vec<Mutex<Gather>> = (0..rayon::current_num_threads().max(1))
                    .map(|_| Mutex::default())
                    .collect();
                html.par_iter_mut()
                    .zip(contents)
                    .enumerate()
                    .with_max_len(PAGES_PER_JOB)
                    .for_each(|(i, (slot, content))| {
                        if slot.is_some() {
                            return;
                        }
                        *slot = done(i, &content);
                        if index.is_some() {
                            let t = rayon::current_thread_index().unwrap_or(0) % gathers.len();
                            // A panic while adding is a bug that ends the build anyway.
                            let mut g = gathers[t].lock().unwrap_or_else(PoisonError::into_inner);
                            ctx.with_search_input(i, &content, |input| g.add_page(i, input));
                        }
                    });
                return match gathers
                    .into_iter()
                    .map(|g| g.into_inner().unwrap_or_else(PoisonError::into_inner))
                    .reduce(Gather::merge)
                {
                    Some(gathered) if index.is_some() => Indexed::Gathered(gathered),
                    _ => Indexed::Nothing,
                };
            }
        };
        Indexed::Records(records)
    }

    /// Applies a batch of changes: one or more pages edited in place are
    /// analysed and rendered again with exactly the pages whose output can
    /// show something of them; anything else (a page created, deleted or
    /// renamed, a file, a template, the config) loads and builds the site again.
    pub fn update(
        &mut self,
        changes: &std::collections::BTreeSet<crate::serve::watch::Change>,
        options: &BuildOptions,
    ) -> Result<Update, Error> {
        use crate::serve::watch::Change;
        if !self.keep {
            return self.reload(options);
        }
        let mut edited = Vec::new();
        for change in changes {
            let Change::Content(path) = change else {
                return self.reload(options);
            };
            match self.page_at(path) {
                Some(i) if path.is_file() => edited.push(i),
                // A temporary file an editor wrote and renamed away (an atomic save).
                None if !path.exists() && !self.is_asset(path) => {}
                _ => return self.reload(options),
            }
        }
        let mut count = 0;
        for i in edited {
            match self.update_page(i) {
                Some(n) => count += n,
                None => return self.reload(options),
            }
        }
        self.render_missing(None);
        Ok(Update::Pages(count))
    }

    fn reload(&mut self, options: &BuildOptions) -> Result<Update, Error> {
        let site = Site::load(options)?;
        let search = self.search.take();
        *self = Build::with_history(site, None, Some(&self.history), search);
        Ok(Update::Full)
    }

    /// `path` (absolute or as loaded) inside the content folder.
    fn source_path(&self, path: &Path) -> Option<crate::content::SourcePath> {
        let dir = &self.site.content_dir;
        let absolute = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        let rel = path
            .strip_prefix(dir)
            .or_else(|_| path.strip_prefix(&absolute))
            .ok()?;
        crate::content::SourcePath::from_relative(rel)
    }

    /// The page whose file is `path`.
    fn page_at(&self, path: &Path) -> Option<usize> {
        let source = self.source_path(path)?;
        self.site
            .content
            .pages
            .iter()
            .position(|p| p.path == source)
    }

    /// Whether `path` is one of the files copied as they are.
    fn is_asset(&self, path: &Path) -> bool {
        self.source_path(path)
            .is_some_and(|source| self.site.content.assets.iter().any(|a| a.path == source))
    }

    /// Re-reads page `i` and updates what depends on it; `None` when the
    /// change is structural (the page became a draft, or unreadable).
    fn update_page(&mut self, i: usize) -> Option<usize> {
        let old_page = &self.site.content.pages[i];
        let (page, problem) = crate::content::reload_page(old_page, self.site.drafts);
        let page = page?;
        let (old, new) = (&old_page.front, &page.front);
        if new.aliases != old.aliases
            || page.kind != old_page.kind
            || page.kind == Kind::Glossary
            || new.tags != old.tags
            || new.reports_to != old.reports_to
            || new.team != old.team
        {
            // Redirect files, terms, tag pages or reporting lines change:
            // laid out again with the whole site.
            return None;
        }
        let front_changed = listings::front_facts(old) != listings::front_facts(new);
        let updated_changed = old.updated != new.updated;
        let file = page.file.clone();
        self.site
            .content
            .diagnostics
            .retain(|d| d.file.as_ref() != Some(&file));
        self.site.content.diagnostics.extend(problem);
        self.site.content.pages[i] = page;

        let base = self.site.config.base_path();
        let pages = &self.site.content.pages;
        let new = analyse_page(
            &pages[i],
            pages,
            &self.index,
            base,
            self.site.config.markdown.raw_html,
            Some(&self.glossary),
            &self.counters,
        );
        let old = std::mem::replace(&mut self.analysed[i], new);
        let new = &self.analysed[i];
        let code_changed = old.has_code != new.has_code;

        let mut affected = std::collections::BTreeSet::from([i]);
        // "Linked from" lists of the pages it links to, or no longer links to.
        let old_targets = link_targets(&old, i);
        let new_targets = link_targets(new, i);
        affected.extend(old_targets.symmetric_difference(&new_targets).copied());
        let label_changed = old.label != new.label;
        if label_changed {
            affected.extend(new_targets.iter().copied());
        }
        if let Some(u) = &mut self.unpublished {
            u.syntax_css |= code_changed;
            u.recent |= updated_changed || label_changed;
        }
        let order_changed = old.front_nav.group != new.front_nav.group
            || old.front_nav.order != new.front_nav.order
            || old.front_nav.hidden != new.front_nav.hidden;
        let nav_changed = label_changed
            || order_changed
            || old.front_nav != new.front_nav
            || old.progress.percent != new.progress.percent;
        // Pages linking here check their anchors against this page again.
        for j in self.backlinks[i].iter().copied().chain([i]) {
            self.checks[j] = self
                .site
                .check_page(&pages[j], &self.analysed[j], &self.analysed);
        }
        for &t in old_targets.symmetric_difference(&new_targets) {
            let list = &mut self.backlinks[t];
            match list.binary_search(&i) {
                Ok(at) => {
                    list.remove(at);
                }
                Err(at) => list.insert(at, i),
            }
        }
        // Related pages of this page and of the pages it links to, or no longer does.
        for j in old_targets
            .symmetric_difference(&new_targets)
            .copied()
            .chain([i])
        {
            self.related[j] = related_of(j, &self.analysed, &self.backlinks, pages, &self.tags);
        }
        let new = &self.analysed[i];
        if pages[i].kind == Kind::Job && (old.title != new.title || label_changed) {
            // Other roles may name it by title in `reports_to`.
            return None;
        }
        // The glossary lists the pages that use each term.
        if old.rendered.terms_used != new.rendered.terms_used
            || (label_changed && !new.rendered.terms_used.is_empty())
        {
            affected.extend(self.glossary_pages.iter().copied());
        }
        if label_changed {
            // Pages listing it as related, and its manager and reports.
            affected.extend((0..self.related.len()).filter(|&j| self.related[j].contains(&i)));
            affected.extend(self.roles.manager.get(&i).copied());
            affected.extend(self.roles.reports.get(&i).into_iter().flatten().copied());
        }
        if front_changed
            || label_changed
            || listings::analysis_facts(&old) != listings::analysis_facts(new)
        {
            // The dashboard, roles, playbooks and tag pages that show it.
            for l in 0..self.listings.len() {
                // A new label shows wherever the page is a row's section, too.
                if label_changed || self.listing_shows(&self.listings[l], i) {
                    self.listing_files[l] = None;
                    if let Some(u) = &mut self.unpublished {
                        u.listings.insert(l);
                    }
                }
            }
            affected.extend(self.listing_urls.claimed_pages());
        }
        if nav_changed {
            self.build_nav();
            if let Some(u) = &mut self.unpublished {
                u.nav = true;
            }
            let nav = &self.nav;
            let node = nav.node_of_page[i];
            if let Some(parent) = nav.nodes[node].parent
                && (label_changed || order_changed)
            {
                // Their previous/next links.
                affected.extend(nav.children(parent).filter_map(|c| nav.nodes[c].page));
            }
            // Ancestors show it (or its rollup) in their listings and headers.
            affected.extend(
                nav.ancestors(node)
                    .into_iter()
                    .filter_map(|a| nav.nodes[a].page),
            );
            if label_changed {
                // Descendants show it in their breadcrumbs.
                let mut stack: Vec<usize> = nav.children(node).collect();
                while let Some(n) = stack.pop() {
                    affected.extend(nav.nodes[n].page);
                    stack.extend(nav.children(n));
                }
            }
        }
        for &j in &affected {
            self.html[j] = None;
        }
        if let Some(u) = &mut self.unpublished {
            u.pages.extend(&affected);
        }
        Some(affected.len())
    }

    /// The output files that no page edit changes (404, sitemap, theme files,
    /// copied files, redirects), with the problems found laying them out:
    /// computed once per full build, so an edit does not pay for them.
    fn fixed_outputs(&self) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let site = &self.site;
        let pages = &site.content.pages;
        let base = site.config.base_path();
        let page_href = |i: usize| self.page_hrefs[i].clone();
        let mut problems = Vec::new();
        let mut out = Outputs::with_capacity(pages.len() + site.content.assets.len() + 16);
        let generated = |path: &str| (format!("handbook's generated {path}"), None);
        // Claimed first, with placeholders: the paths whose bytes change with edits.
        for page in pages {
            out.add(
                OutputFile::bytes(page.url.output_file(), Vec::new()),
                || {
                    (
                        format!("the page {}", page.file.display()),
                        Some(page.file.clone()),
                    )
                },
            );
        }
        out.add(OutputFile::bytes(NAV_FILE, Vec::new()), || {
            generated(NAV_FILE)
        });
        for l in &self.listings {
            out.add(OutputFile::bytes(l.path.clone(), Vec::new()), || {
                (format!("handbook's generated {}", l.path), None)
            });
        }
        out.add(OutputFile::bytes(SYNTAX_CSS, Vec::new()), || {
            generated(SYNTAX_CSS)
        });
        if site.config.search.enabled {
            out.add(
                OutputFile::bytes(search_index::MANIFEST, Vec::new()),
                || generated("search index"),
            );
        }
        let claimed = out.files.len();
        if let Some(theme) = &self.theme {
            let mut not_found = tera::Context::new();
            not_found.insert("page", &serde_json::json!({"title": "Page not found", "url": href(&format!("{base}404.html"))}));
            match theme.tera.render("404.html", &not_found) {
                Ok(html) => out.add(OutputFile::bytes("404.html", html), || {
                    generated("404.html")
                }),
                Err(e) => problems.push(template_error("404.html", &e)),
            }
            for (name, bytes) in &theme.static_files {
                out.add(
                    OutputFile::bytes(format!("_handbook/{name}"), bytes.clone()),
                    || (format!("the theme's static/{name}"), None),
                );
            }
        }
        let origin = site.config.origin().unwrap_or("");
        let urls: Vec<String> = (0..pages.len())
            .map(|i| format!("{origin}{}", page_href(i)))
            .collect();
        out.add(
            OutputFile::bytes(
                "sitemap.xml",
                sitemap::sitemap(urls.iter().map(String::as_str)),
            ),
            || generated("sitemap.xml"),
        );
        for asset in &site.content.assets {
            let file = OutputFile {
                path: asset.path.as_str().to_string(),
                contents: Contents::Copy(asset.file.clone()),
            };
            out.add(file, || {
                (asset.file.display().to_string(), Some(asset.file.clone()))
            });
        }
        // Redirects: a page at each old URL, and one `_redirects` file for hosts
        // that read it (Netlify, Cloudflare Pages) to answer with a real 301.
        let mut host_redirects = String::new();
        for (i, page) in pages.iter().enumerate() {
            for alias in &page.front.aliases {
                match alias_file(alias, &site.config) {
                    Ok(path) => {
                        let from = path.strip_suffix("index.html").unwrap_or(&path);
                        host_redirects.push_str(&format!(
                            "{} {} 301\n",
                            href(&format!("{base}{from}")),
                            page_href(i)
                        ));
                        out.add(
                            OutputFile::bytes(path, sitemap::redirect_page(&page_href(i))),
                            || {
                                (
                                    format!("the alias `{alias}` of {}", page.file.display()),
                                    Some(page.file.clone()),
                                )
                            },
                        )
                    }
                    Err(why) => problems.push(
                        Diagnostic::error(page.file.clone(), format!("the alias `{alias}` {why}"))
                            .hint("write aliases as paths on this site, such as /old/page/"),
                    ),
                }
            }
        }
        if !host_redirects.is_empty() {
            out.add(OutputFile::bytes("_redirects", host_redirects), || {
                generated("_redirects")
            });
        }
        out.find_folder_clashes();
        problems.extend(out.clashes);
        let mut files = out.files;
        files.drain(..claimed);
        (files, problems)
    }

    /// Whether the site gets a "Recent changes" page: there is a history, and
    /// no page of the handbook's own at that URL.
    fn has_recent_page(&self) -> bool {
        !self.history.changes.is_empty()
            && !self
                .site
                .content
                .pages
                .iter()
                .any(|p| p.url.as_str() == "/recent/")
    }

    /// The "Recent changes" page and its Atom feed, from every page's last change.
    fn recent_changes(&self) -> Result<(String, String), Diagnostic> {
        let pages = &self.site.content.pages;
        let config = &self.site.config;
        let base = config.base_path();
        let mut changed: Vec<(&str, i64, usize)> = pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let date = last_updated(p, &self.history)?;
                let time = self
                    .history
                    .changes
                    .get(p.path.as_str())
                    .map_or(0, |c| c.time);
                Some((date, time, i))
            })
            .collect();
        changed.sort_by(|a, b| b.0.cmp(a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        changed.truncate(RECENT_COUNT);
        let entries: Vec<serde_json::Value> = changed
            .iter()
            .map(|&(date, _, i)| {
                serde_json::json!({
                    "date": date,
                    "label": self.analysed[i].label,
                    "url": self.page_hrefs[i],
                    "subject": self.history.changes.get(pages[i].path.as_str()).map(|c| c.subject.as_str()),
                })
            })
            .collect();
        let feed_url = href(&format!("{base}{RECENT_FEED}"));
        let mut context = tera::Context::new();
        context.insert(
            "page",
            &serde_json::json!({
                "title": "Recent changes", "kind": "page", "url": href(&format!("{base}recent/")),
                "changes": entries, "feed_url": feed_url,
            }),
        );
        let theme = self
            .theme
            .as_ref()
            .ok_or_else(|| Diagnostic::error(None, "no theme"))?;
        let html = theme
            .tera
            .render("recent.html", &context)
            .map_err(|e| template_error("recent.html", &e))?;
        let origin = config.origin().unwrap_or("");
        let feed = sitemap::atom_feed(
            &config.title,
            &format!("{origin}{feed_url}"),
            &format!("{origin}{}", href(&format!("{base}recent/"))),
            entries.iter().map(|e| sitemap::FeedEntry {
                title: e["label"].as_str().unwrap_or(""),
                url: format!("{origin}{}", e["url"].as_str().unwrap_or("")),
                date: e["date"].as_str().unwrap_or(""),
                summary: e["subject"].as_str().unwrap_or(""),
            }),
        );
        Ok((html, feed))
    }

    /// The work this build has done: its last full build (a reload makes a
    /// new one) and every update since.
    pub fn stats(&self) -> BuildStats {
        self.counters.snapshot()
    }

    /// Page `i`'s output file (when `files` are wanted), or its problem.
    fn push_page(
        &self,
        i: usize,
        files: Option<&mut Vec<OutputFile>>,
        problems: &mut Vec<Diagnostic>,
    ) {
        let page = &self.site.content.pages[i];
        match &self.html[i] {
            Some(Ok(bytes)) => {
                if let Some(files) = files {
                    files.push(OutputFile {
                        path: page.url.output_file(),
                        contents: Contents::Bytes(bytes.clone()),
                    });
                }
            }
            Some(Err(d)) => problems.push(d.clone()),
            None => problems.push(Diagnostic::error(
                page.file.clone(),
                "the page was not rendered",
            )),
        }
    }

    /// The navigation fragment.
    fn push_nav(&self, files: &mut Vec<OutputFile>) {
        files.push(OutputFile {
            path: NAV_FILE.into(),
            contents: Contents::Bytes(self.nav_fragment.clone()),
        });
    }

    /// The code stylesheet, when some page has code; whether it was pushed.
    fn push_syntax_css(&self, files: &mut Vec<OutputFile>) -> bool {
        let has_code = self.analysed.iter().any(|a| a.has_code);
        if has_code {
            files.push(OutputFile {
                path: SYNTAX_CSS.into(),
                contents: Contents::Bytes(crate::render::highlight::stylesheet()),
            });
        }
        has_code
    }

    /// The "Recent changes" page and its feed, or their problem.
    fn push_recent(&self, files: &mut Vec<OutputFile>, problems: &mut Vec<Diagnostic>) {
        match self.recent_changes() {
            Ok((page, feed)) => {
                files.push(OutputFile::bytes(RECENT_PAGE, page));
                files.push(OutputFile::bytes(RECENT_FEED, feed));
            }
            Err(d) => problems.push(d),
        }
    }

    /// Generated page `l`'s file, or its problem.
    fn push_listing(&self, l: usize, files: &mut Vec<OutputFile>, problems: &mut Vec<Diagnostic>) {
        match &self.listing_files[l] {
            Some(Ok(file)) => files.push(file.clone()),
            Some(Err(d)) => problems.push(d.clone()),
            None => problems.push(Diagnostic::error(None, "a generated page was not rendered")),
        }
    }

    /// The published site, or every problem when there are errors.
    pub fn result(&self) -> Result<RenderedSite, Error> {
        let mut diagnostics = self.diagnostics();
        if self.theme.is_none() || diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Error::Handbook(sorted(diagnostics)));
        }
        let pages = &self.site.content.pages;
        let mut files = Vec::with_capacity(pages.len() + self.fixed.len() + 2);
        // Pages written or let go as they rendered have only their problems left.
        let kept = matches!(self.pages_to, PageSink::Serve | PageSink::Keep);
        for i in 0..pages.len() {
            self.push_page(i, kept.then_some(&mut files), &mut diagnostics);
        }
        self.push_nav(&mut files);
        self.push_syntax_css(&mut files);
        if self.has_recent_page() {
            self.push_recent(&mut files, &mut diagnostics);
        }
        for l in 0..self.listing_files.len() {
            self.push_listing(l, &mut files, &mut diagnostics);
        }
        files.extend(self.fixed.iter().cloned());
        if let Some(index) = &self.search {
            files.extend(index.files());
        }
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Error::Handbook(sorted(diagnostics)));
        }
        Ok(RenderedSite {
            stats: self.stats(),
            files,
            pages: pages.len(),
            warnings: sorted(diagnostics),
            notices: self
                .site
                .content
                .notices
                .iter()
                .cloned()
                .chain(self.history.missing.iter().map(|m| format!("git: {m}")))
                .collect(),
        })
    }
}

/// When a page last changed: its frontmatter's `updated`, else git's date.
fn last_updated<'a>(page: &'a SourcePage, history: &'a History) -> Option<&'a str> {
    page.front
        .updated
        .as_ref()
        .map(|d| d.0.as_str())
        .or_else(|| {
            history
                .changes
                .get(page.path.as_str())
                .map(|c| c.date.as_str())
        })
}

/// A page's HTML (empty once written), or why it could not be rendered.
type PageOutput = Result<Arc<[u8]>, Diagnostic>;

/// What rendering pages gives the search index.
enum Indexed {
    /// One use: the pages' words, gathered.
    Gathered(Gather),
    /// The pages' records, for an index that keeps them.
    Records(Vec<(usize, PageRecord)>),
    /// No index, or no theme to render with.
    Nothing,
}

/// At most this many pages go to one parallel job. Without a limit, rayon
/// on two threads hands out a few large runs of pages, and at the end of a
/// stage one thread can be left working alone through a long run while the
/// other waits; small jobs keep both busy to the end.
const PAGES_PER_JOB: usize = 16;

/// Where the recent changes page and its feed are published.
const RECENT_PAGE: &str = "recent/index.html";
const RECENT_FEED: &str = "recent/atom.xml";
/// How many pages the recent changes page and feed list.
const RECENT_COUNT: usize = 50;

/// Where the navigation fragment is published.
const NAV_FILE: &str = "_nav.html";
/// Where the highlighting stylesheet is published.
const SYNTAX_CSS: &str = "_handbook/syntax.css";

/// Two pages of one section with the same label cannot be told apart in the
/// navigation: a warning on the later one, naming both.
fn duplicate_labels(nav: &Nav, pages: &[SourcePage]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for node in 0..nav.nodes.len() {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for child in nav.children(node) {
            let Some(page) = nav.nodes[child].page else {
                continue;
            };
            let label = nav.nodes[child].label.trim().to_lowercase();
            if let Some(&first) = seen.get(&label) {
                problems.push(
                    Diagnostic::warning(
                        pages[page].file.clone(),
                        format!(
                            "this page and {} are both `{}` in the navigation of their section",
                            pages[first].file.display(),
                            nav.nodes[child].label
                        ),
                    )
                    .hint("give one of them a different title or navTitle"),
                );
            } else {
                seen.insert(label, page);
            }
        }
    }
    problems
}

/// Every http(s) link that leaves the site, with its position (needs the
/// pages' sources, so before they are let go).
fn external_links(pages: &[SourcePage], analysed: &[PageAnalysis]) -> Vec<ExternalLink> {
    pages
        .par_iter()
        .zip(analysed)
        .flat_map_iter(|(page, a)| {
            let mut index: Option<LineIndex> = None;
            a.links
                .iter()
                .filter(|l| l.target == Target::Outside && external::is_web_link(&l.dest))
                .map(|l| {
                    let idx = index.get_or_insert_with(|| LineIndex::new(&page.text));
                    let offset = page.body_offset + l.offset;
                    ExternalLink {
                        url: l.dest.clone(),
                        text: l.text.clone(),
                        file: page.file.clone(),
                        position: idx.position(&page.text, offset),
                        snippet: idx.snippet(&page.text, offset),
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The pages `a` (page `from`) links to, itself left out.
fn link_targets(a: &PageAnalysis, from: usize) -> std::collections::BTreeSet<usize> {
    a.links
        .iter()
        .filter_map(|l| match l.target {
            Target::Page { page, .. } if page != from => Some(page),
            _ => None,
        })
        .collect()
}

/// For each page, the pages that link to it, in page order.
fn backlinks(analysed: &[PageAnalysis]) -> Vec<Vec<usize>> {
    let mut backlinks: Vec<Vec<usize>> = vec![Vec::new(); analysed.len()];
    for (from, a) in analysed.iter().enumerate() {
        for to in link_targets(a, from) {
            backlinks[to].push(from);
        }
    }
    backlinks
}

fn anchor_hint(wanted: &str, target: &Rendered) -> String {
    let nearest = target
        .anchors
        .iter()
        .map(|a| (strsim::levenshtein(wanted, a), a))
        .min();
    match nearest {
        Some((d, a)) if d <= wanted.chars().count() / 2 + 2 => format!("did you mean #{a}?"),
        _ => "link to one of the page's headings (its id is the heading text, lower-cased, spaces as -)".into(),
    }
}

fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
    diagnostics
}

/// The output files, each claimed by one source; a second claim is an error naming both.
struct Outputs {
    files: Vec<OutputFile>,
    /// For each path, who claimed it and the source file, if any.
    owners: HashMap<String, (String, Option<PathBuf>)>,
    clashes: Vec<Diagnostic>,
}

impl Outputs {
    fn with_capacity(n: usize) -> Outputs {
        Outputs {
            files: Vec::with_capacity(n),
            owners: HashMap::with_capacity(n),
            clashes: Vec::new(),
        }
    }

    /// Claims `file.path` for `owner` (a description and the source file, if any).
    fn add(&mut self, file: OutputFile, owner: impl FnOnce() -> (String, Option<PathBuf>)) {
        let (owner, source) = owner();
        if let Some((first, first_source)) = self.owners.get(&file.path) {
            let about = source.or_else(|| first_source.clone());
            self.clashes.push(
                Diagnostic::error(
                    about,
                    format!("{first} and {owner} would both be written to {}", file.path),
                )
                .hint("rename or move one of them"),
            );
            return;
        }
        self.owners.insert(file.path.clone(), (owner, source));
        self.files.push(file);
    }

    /// Adds an error for each claimed path that another one needs as a
    /// folder (a copied file `glossary` and `glossary/index.html` of
    /// glossary.md): a file and a folder cannot share a name.
    fn find_folder_clashes(&mut self) {
        let mut reported = std::collections::HashSet::new();
        for file in &self.files {
            let path = file.path.as_str();
            for (i, _) in path.match_indices('/') {
                let folder = &path[..i];
                let (Some((owner, source)), Some((other, other_source))) =
                    (self.owners.get(folder), self.owners.get(path))
                else {
                    continue;
                };
                if !reported.insert(folder) {
                    continue;
                }
                self.clashes.push(
                    Diagnostic::error(
                        source.clone().or_else(|| other_source.clone()),
                        format!("{owner} would be written to {folder}, where {other} needs a folder (for {path})"),
                    )
                    .hint("rename or move one of them"),
                );
            }
        }
    }
}

/// The output file of a redirect for `alias`: a path on this site, written
/// with or without the base path or the site's full URL.
fn alias_file(alias: &str, config: &Config) -> Result<String, &'static str> {
    let mut path = alias.trim();
    if path.contains("://") || path.starts_with("//") {
        let site = format!("{}{}", config.origin().unwrap_or(""), config.base_path());
        path = match path.strip_prefix(site.as_str()) {
            Some(rest) if config.origin().is_some() => rest,
            _ => return Err("is not on this site"),
        };
    } else if let Some(rest) = path.strip_prefix(config.base_path()) {
        path = rest;
    }
    let path = crate::analyse::links::decode(path.trim_start_matches('/'));
    if path.split('/').any(|s| s == ".." || s == ".") || path.contains(['\\', '\0']) {
        return Err("leaves the site");
    }
    // No file system takes a name longer than 255 bytes (checked here, so a
    // build never fails halfway through writing).
    if path.split('/').any(|s| s.len() > 255) {
        return Err("has a part longer than a file name can be (255 bytes)");
    }
    Ok(if path.ends_with(".html") || path.ends_with(".htm") {
        path
    } else if path.is_empty() {
        "index.html".to_string()
    } else {
        format!("{}/index.html", path.trim_end_matches('/'))
    })
}

/// A link found in a page, resolved.
#[derive(Debug)]
struct FoundLink {
    dest: String,
    text: String,
    offset: usize,
    target: Target,
}

/// What the per-page stage learns of a page.
#[derive(Debug)]
struct PageAnalysis {
    /// What of the frontmatter the navigation and listings show, to tell when they change.
    front_nav: FrontNav,
    rendered: Rendered,
    links: Vec<FoundLink>,
    title: String,
    label: String,
    progress: PageProgress,
    /// Progress per phase, for plans and job descriptions.
    plan: Option<PlanProgress>,
    has_code: bool,
}

fn analyse_page(
    page: &SourcePage,
    pages: &[SourcePage],
    index: &LinkIndex,
    base: &str,
    raw_html: bool,
    glossary: Option<&Glossary>,
    counters: &Counters,
) -> PageAnalysis {
    let mut links = Vec::new();
    let options = RenderOptions {
        raw_html,
        glossary: glossary.filter(|_| page.front.glossary && page.kind != Kind::Glossary),
        defines_terms: page.kind == Kind::Glossary,
        steps: page.kind == Kind::Playbook,
    };
    let rendered = markdown::render_with(page.body(), &options, &mut |l| {
        let target = index.resolve(l.dest, &page.path, &page.url);
        let href = match &target {
            Target::Page { page, fragment } => href_with_fragment(
                &format!("{base}{}", &pages[*page].url.as_str()[1..]),
                fragment.as_deref(),
            ),
            Target::File(path) => href(&format!("{base}{}", path.as_str())),
            _ => l.dest.to_string(),
        };
        links.push(FoundLink {
            dest: l.dest.to_string(),
            text: l.text.clone(),
            offset: l.offset,
            target,
        });
        href
    });
    Counters::add(&counters.markdown_parses, 1);
    Counters::add(&counters.links_resolved, links.len());
    let f = &page.front;
    // An empty or blank value counts as not given.
    let given = |s: Option<&String>| {
        s.map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    let title = given(f.title.as_ref())
        .or_else(|| given(f.nav_title.as_ref()))
        .or_else(|| given(f.meta.as_ref().and_then(|m| m.title.as_ref())))
        .or_else(|| given(rendered.title_heading.as_ref().map(|h| &h.text)))
        .unwrap_or_else(|| file_title(page));
    let label = given(f.nav_title.as_ref()).unwrap_or_else(|| title.clone());
    let progress = PageProgress::new(f.progress, &rendered.tasks, &rendered.headings);
    let plan = matches!(page.kind, Kind::Plan | Kind::Job)
        .then(|| PlanProgress::new(&rendered.phases, &progress.sections))
        .flatten();
    let has_code = rendered.html.contains("<pre class=\"code\"");
    let front_nav = FrontNav {
        group: f.nav_group.clone(),
        order: f.nav_order.map(f64::to_bits),
        status: f.status.clone(),
        description: f.description.clone(),
        kind: page.kind,
        draft: f.draft,
        hidden: !f.nav,
    };
    PageAnalysis {
        front_nav,
        rendered,
        links,
        title,
        label,
        progress,
        plan,
        has_code,
    }
}

/// The frontmatter a page's neighbours show (nav, listings).
#[derive(Debug, Clone, PartialEq, Eq)]
struct FrontNav {
    group: Option<String>,
    order: Option<u64>,
    status: Option<String>,
    description: Option<String>,
    kind: Kind,
    draft: bool,
    hidden: bool,
}

/// The glossary from its pages' analyses, with the problems in it.
fn glossary_of(site: &Site, defined: &[(usize, PageAnalysis)]) -> (Glossary, Vec<Diagnostic>) {
    let pages = &site.content.pages;
    let base = site.config.base_path();
    let mut terms = Vec::new();
    let mut problems = Vec::new();
    for (g, a) in defined {
        let page = &pages[*g];
        let options = &page.front.terms;
        let mut used_options = std::collections::BTreeSet::new();
        for d in &a.rendered.defined_terms {
            let named = |key: &String| {
                let key = key.trim().to_lowercase();
                let t = Term::new(&d.title, None);
                key == d.title.trim().to_lowercase() || key == t.name.to_lowercase()
            };
            let found = options.iter().find(|(k, _)| named(k));
            if let Some((k, _)) = found {
                used_options.insert(k.clone());
            }
            let mut term = Term::new(&d.title, found.map(|(_, o)| o));
            term.page = *g;
            term.id = d.id.clone();
            term.href =
                href_with_fragment(&format!("{base}{}", &page.url.as_str()[1..]), Some(&d.id));
            term.definition = d.definition.clone();
            term.offset = d.offset;
            terms.push(term);
        }
        let mut terms_at = None;
        for key in options.keys().filter(|k| !used_options.contains(*k)) {
            let at = *terms_at.get_or_insert_with(|| frontmatter_key_position(page, "terms"));
            problems.push(
                Diagnostic::warning(
                    page.file.clone(),
                    format!("`terms` names `{key}`, which this glossary does not define"),
                )
                .at(at),
            );
        }
    }
    let (glossary, duplicates) = Glossary::new(terms);
    // Each page indexed once, however many of its terms are duplicates.
    let mut indexes: HashMap<usize, LineIndex> = HashMap::new();
    for dup in duplicates {
        let (first, second) = (&glossary.terms[dup.first], &glossary.terms[dup.second]);
        let first_page = &pages[first.page];
        let second_page = &pages[second.page];
        let first_at = indexes
            .entry(first.page)
            .or_insert_with(|| LineIndex::new(&first_page.text))
            .position(&first_page.text, first_page.body_offset + first.offset);
        let second_index = indexes
            .entry(second.page)
            .or_insert_with(|| LineIndex::new(&second_page.text));
        problems.push(
            Diagnostic::error(
                second_page.file.clone(),
                format!(
                    "the glossary term `{}` is defined twice: here and at {}:{}:{}",
                    dup.name,
                    first_page.file.display(),
                    first_at.line,
                    first_at.column
                ),
            )
            .at_offset(&second_page.text, second_index, second_page.body_offset + second.offset)
            .hint("keep one definition; for another name of the same thing, list it under `terms: {TERM: {aliases: [...]}}`"),
        );
    }
    (glossary, problems)
}

/// Where `key:` is in a page's frontmatter (its first line when not found).
fn frontmatter_key_position(page: &SourcePage, key: &str) -> crate::error::Position {
    let index = LineIndex::new(&page.text);
    let front = &page.text[..page.body_offset.min(page.text.len())];
    let offset = front
        .match_indices(key)
        .find(|(at, _)| {
            let line_start = front[..*at].rfind('\n').map_or(0, |n| n + 1);
            front[line_start..*at].trim().is_empty()
                && front[at + key.len()..]
                    .trim_start_matches(['"', '\''])
                    .starts_with([':', ' ', '='])
        })
        .map_or(0, |(at, _)| at);
    index.position(&page.text, offset)
}

/// Reporting lines between the job descriptions, with the problems in them.
fn roles_of(
    site: &Site,
    index: &LinkIndex,
    analysed: &[PageAnalysis],
    role_pages: &[usize],
) -> (Roles, Vec<Diagnostic>) {
    let pages = &site.content.pages;
    let (roles, problems) = roles::resolve(
        role_pages,
        |r| pages[r].front.reports_to.clone(),
        |r, wanted| match index.resolve(wanted, &pages[r].path, &pages[r].url) {
            Target::Page { page, .. } => Some(page),
            _ => None,
        },
        |r| vec![analysed[r].title.clone(), analysed[r].label.clone()],
    );
    let diagnostics = problems
        .into_iter()
        .map(|problem| {
            let role = match &problem {
                RoleProblem::Unknown { role, .. } | RoleProblem::NotARole { role, .. } => *role,
                RoleProblem::Loop(cycle) => cycle[0],
            };
            let page = &pages[role];
            let pos = frontmatter_key_position(page, "reports_to");
            let d = match problem {
                RoleProblem::Unknown { wanted, .. } => Diagnostic::error(
                    page.file.clone(),
                    format!("reports_to `{wanted}`: no job description has that title or path"),
                )
                .hint("give the title of a role (a page of kind job) or the path of its page, such as ../cto.md"),
                RoleProblem::NotARole { target, .. } => Diagnostic::error(
                    page.file.clone(),
                    format!(
                        "reports_to names {}, which is not a job description",
                        pages[target].file.display()
                    ),
                )
                .hint("point at a page of kind job, or set `kind: job` on that page"),
                RoleProblem::Loop(cycle) => {
                    let names: Vec<&str> = cycle.iter().map(|&c| analysed[c].label.as_str()).collect();
                    Diagnostic::error(
                        page.file.clone(),
                        format!("reporting lines go round in a loop: {} -> {}", names.join(" -> "), names[0]),
                    )
                    .hint("one of these roles must report to a role outside the loop, or to none")
                }
            };
            d.at(pos).snippet(LineIndex::new(&page.text).line(&page.text, pos.line))
        })
        .collect();
    (roles, diagnostics)
}

/// The pages related to page `i` by links (either way) and shared tags.
fn related_of(
    i: usize,
    analysed: &[PageAnalysis],
    backlinks: &[Vec<usize>],
    pages: &[SourcePage],
    tags: &BTreeMap<String, Tag>,
) -> Vec<usize> {
    let mut linked = link_targets(&analysed[i], i);
    linked.extend(backlinks[i].iter().copied());
    related::related(i, linked.into_iter(), &pages[i].front.tags, tags)
}

/// A title from the file name, for pages that give none.
fn file_title(page: &SourcePage) -> String {
    let name = if page.path.is_index() {
        page.path.folders().last().unwrap_or("Home").to_string()
    } else {
        page.path.stem().to_string()
    };
    crate::content::path::title_from_name(&name)
}

/// Mean percent over each node's pages with progress, the node's own page included.
fn rollups(nav: &Nav, analysed: &[PageAnalysis]) -> Vec<Option<Rollup>> {
    let mut sums: Vec<(u64, u32)> = vec![(0, 0); nav.nodes.len()];
    // Children come after parents in no fixed order, so walk deepest first.
    let mut order: Vec<usize> = (0..nav.nodes.len()).collect();
    order.sort_by_key(|&n| std::cmp::Reverse(nav.nodes[n].url.depth()));
    for n in order {
        if let Some(p) = nav.nodes[n].page.and_then(|p| analysed[p].progress.percent) {
            sums[n].0 += u64::from(p);
            sums[n].1 += 1;
        }
        if let Some(parent) = nav.nodes[n].parent {
            let (s, c) = sums[n];
            sums[parent].0 += s;
            sums[parent].1 += c;
        }
    }
    sums.into_iter()
        .map(|(s, c)| {
            (c > 0).then(|| Rollup {
                percent: (s / u64::from(c)) as u8,
                pages: c,
            })
        })
        .collect()
}

/// Progress rolled up over a section.
#[derive(Debug, Clone, Copy, Serialize)]
struct Rollup {
    percent: u8,
    pages: u32,
}

#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    home: String,
    nav_url: String,
    assets: String,
    /// The generated pages: dashboard, roles, tags...
    links: Vec<LinkContext>,
    /// Where the search index is (its folder), when search is on.
    search: Option<String>,
}

#[derive(Serialize)]
struct LinkContext {
    label: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct StatusContext<'a> {
    name: &'a str,
    label: &'a str,
    color: &'a str,
}

#[derive(Serialize)]
struct ChildContext<'a> {
    label: &'a str,
    /// `None` for a folder without an index page.
    url: Option<String>,
    description: Option<&'a str>,
    kind: &'static str,
    status: Option<StatusContext<'a>>,
    percent: Option<u8>,
    rollup: Option<Rollup>,
    group: Option<&'a str>,
}

#[derive(Serialize)]
struct PageContext<'a> {
    title: &'a str,
    heading: &'a str,
    heading_id: Option<&'a str>,
    label: &'a str,
    url: String,
    source_path: &'a str,
    kind: &'static str,
    description: Option<&'a str>,
    content: &'a str,
    toc: Vec<&'a Heading>,
    status: Option<StatusContext<'a>>,
    progress: &'a PageProgress,
    rollup: Option<Rollup>,
    owner: Option<&'a str>,
    due: Option<&'a str>,
    reviewed: Option<&'a str>,
    /// The frontmatter's `updated`, else the date of the last commit that touched the page.
    updated: Option<&'a str>,
    /// The subject of that commit.
    last_commit: Option<&'a str>,
    /// Its owners, from CODEOWNERS.
    maintainers: &'a [String],
    /// Whether it has highlighted code (and so needs the highlighting stylesheet).
    has_code: bool,
    tags: Vec<TagContext<'a>>,
    extra: &'a BTreeMap<String, serde_json::Value>,
    /// Progress per phase, for plans and job descriptions.
    plan: Option<&'a PlanProgress>,
    /// A playbook's numbered steps.
    steps: &'a [markdown::Step],
    related: Vec<LinkContext>,
    reports_to: Option<LinkContext>,
    direct_reports: Vec<LinkContext>,
    team: Option<&'a str>,
    needs_review: bool,
    horizon: Option<crate::content::frontmatter::Horizon>,
    /// On a glossary page: its terms A-Z.
    glossary: Option<Vec<LetterContext<'a>>>,
    /// The generated listing this page shows (at `/dashboard/`, `/playbooks/`...).
    listing: Option<&'a tera::Value>,
    meta_title: Option<&'a str>,
    edit_url: Option<String>,
    breadcrumbs: Vec<LinkContext>,
    prev: Option<LinkContext>,
    next: Option<LinkContext>,
    backlinks: Vec<LinkContext>,
    children: Vec<ChildContext<'a>>,
    is_section: bool,
}

#[derive(Serialize)]
struct TagContext<'a> {
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct LetterContext<'a> {
    letter: char,
    id: String,
    terms: Vec<TermContext<'a>>,
}

#[derive(Serialize)]
struct TermContext<'a> {
    name: &'a str,
    id: &'a str,
    aliases: &'a [String],
    definition: &'a str,
    /// The entry as the page writes it.
    html: &'a str,
    used_by: Vec<LinkContext>,
}

struct PageContextBuilder<'a> {
    site: &'a Site,
    analysed: &'a [PageAnalysis],
    nav: &'a Nav,
    backlinks: &'a [Vec<usize>],
    rollups: &'a [Option<Rollup>],
    history: &'a History,
    /// Each page's href (see [`Build::page_hrefs`]).
    page_hrefs: &'a [String],
    node_href: &'a (dyn Fn(usize) -> String + Sync),
    related: &'a [Vec<usize>],
    tags: &'a BTreeMap<String, Tag>,
    roles: &'a Roles,
    glossary: &'a Glossary,
    /// The listings that handbook pages show, by page.
    claimed: &'a HashMap<usize, tera::Value>,
    review_cutoff: Option<&'a str>,
}

impl<'a> PageContextBuilder<'a> {
    fn status<'s>(&'s self, name: Option<&'s String>) -> Option<StatusContext<'s>> {
        let name = name?;
        let badge: Option<&StatusBadge> = self.site.config.status.get(name);
        Some(StatusContext {
            name,
            label: badge.map_or(name.as_str(), |b| b.label.as_str()),
            color: badge.map_or("#6e7781", |b| b.color.as_str()),
        })
    }

    fn page_link(&self, page: usize) -> LinkContext {
        LinkContext {
            label: self.analysed[page].label.clone(),
            url: Some(self.page_hrefs[page].clone()),
        }
    }

    /// The terms glossary page `g` defines, A-Z, with the pages that use each.
    fn glossary_letters(&self, g: usize) -> Vec<LetterContext<'a>> {
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

    fn link(&self, node: usize) -> LinkContext {
        let n = &self.nav.nodes[node];
        LinkContext {
            label: n.label.clone(),
            url: n.page.map(|_| (self.node_href)(node)),
        }
    }

    /// Page `i`'s search record, from its body's HTML (its words only when
    /// `index` does not have them already).
    fn search_record(&self, i: usize, content: &str, index: &SearchIndex) -> PageRecord {
        self.with_search_input(i, content, |input| {
            let fingerprint = PageRecord::fingerprint(input);
            match index.known(i, fingerprint) {
                Some((sections, body)) => PageRecord::known(input, fingerprint, sections, body),
                None => PageRecord::with_fingerprint(input, fingerprint),
            }
        })
    }

    /// Calls `f` with what page `i`'s search record is made from, `content` its body as HTML.
    fn with_search_input<R>(
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
        // A glossary's entries were cut out of its body to be listed A-Z; the
        // index has them in page order.
        let mut whole = String::new();
        let html = if a.rendered.defined_terms.is_empty() {
            content
        } else {
            whole.push_str(content);
            for term in &a.rendered.defined_terms {
                whole.push_str(&term.html);
            }
            &whole
        };
        f(&PageInput {
            url: &self.page_hrefs[i],
            title: &a.title,
            crumbs: &crumbs,
            description: page.front.description.as_deref(),
            glossary: page.kind == Kind::Glossary,
            headings: &a.rendered.headings,
            title_heading: a.rendered.title_heading.as_ref(),
            html,
        })
    }

    /// Renders page `i`'s template around `content`, its body as HTML: the
    /// page's HTML (UTF-8, as tera writes only text), for its `url.output_file()`.
    fn render(&self, theme: &Theme, i: usize, content: &str) -> Result<Vec<u8>, Diagnostic> {
        let pages = &self.site.content.pages;
        let page = &pages[i];
        let a = &self.analysed[i];
        let node = self.nav.node_of_page[i];
        let (prev, next) = self.nav.prev_next(node);
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
                .map(|c| c.subject.as_str()),
            maintainers: self
                .history
                .owners
                .get(page.path.as_str())
                .map_or(&[], Vec::as_slice),
            has_code: a.has_code,
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
            steps: &a.rendered.steps,
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
            prev: prev.map(|n| self.link(n)),
            next: next.map(|n| self.link(n)),
            backlinks: self.backlinks[i]
                .iter()
                .map(|&b| LinkContext {
                    label: self.analysed[b].label.clone(),
                    url: Some(self.page_hrefs[b].clone()),
                })
                .collect(),
            children,
            is_section,
        };
        let template = template_for(theme, page, node == 0, is_section);
        let mut context = tera::Context::new();
        context.insert("page", &ctx);
        // Sized for the default theme's page around its content, so that the
        // page is not grown (and copied) as it is written.
        let mut html = Vec::with_capacity(content.len() + PAGE_CHROME_BYTES);
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
const PAGE_CHROME_BYTES: usize = 8 * 1024;

/// Which template renders a page: `index.html` for the home page,
/// `section.html` for pages with children, else the kind's, else `page.html`.
fn template_for(theme: &Theme, page: &SourcePage, is_root: bool, is_section: bool) -> &'static str {
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
