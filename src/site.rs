//! The pipeline put together: load -> analyse -> render, all in memory; the
//! caller writes the result (build) or only reports it (check).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::ProgressBar;
use rayon::prelude::*;
use serde::Serialize;

mod analysis;
mod changes;
mod context;
mod delivery;
mod facts;
mod fixed;
mod foreign;
mod listings;
mod load;
mod nav_file;
mod outputs;
mod page_links;
mod pages;
mod runs;
mod update;

pub use page_links::{PageLink, alias_path, link_index};

pub use changes::SiteChanges;
pub use facts::{PageFacts, SiteFacts};

use facts::HistoryInputs;

use analysis::*;
use context::*;
use outputs::*;
use runs::*;

use crate::analyse::external::{self, ExternalLink};
use crate::analyse::glossary::{Glossary, Term};
use crate::analyse::history::{self, History};
use crate::analyse::links::{self, LinkIndex, Target};
use crate::analyse::nav::{Nav, NavEntry};
use crate::analyse::plans::PlanProgress;
use crate::analyse::progress::{self, PageProgress};
use crate::analyse::related::{self, Tag};
use crate::analyse::roles::{self, RoleProblem, Roles};
use crate::config::{Config, LinkPolicy, StatusBadge};
use crate::content::data::Data;
use crate::content::{
    self, Content, Kind, LoadOptions, PageRules, PageUrl, SourcePage, SourcePath,
};
use crate::error::{Code, Diagnostic, Error, LineIndex};
use crate::output::search::{self as search_index, Gather, Gathers, SearchIndex};
use crate::output::{Contents, OutputFile, Writer, llms, location, sitemap};
use crate::render::body_cache::{BodyCache, CacheReport};
use crate::render::markdown::{self, Heading, RenderOptions, Rendered};
use crate::render::nav_html::{self, NavBadge, NavStatus};
use crate::render::search::{PageInput, PageRecord};
use crate::render::shortcode::{self, Shortcodes};
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
    /// Who the site is for: a public build (the default) leaves out what
    /// is internal; an internal one has everything.
    pub audience: crate::content::Audience,
    /// Advanced once per page rendered, when given.
    pub progress: Option<ProgressBar>,
    /// Build into a non-empty output folder no build made (`--force`).
    pub force: bool,
    /// Told who holds the output folder when another build is writing it.
    pub on_wait: Option<fn(&str)>,
    /// Render every body, neither reading nor writing the build cache (`--no-cache`).
    pub no_cache: bool,
}

/// A loaded handbook: its settings and its files.
#[derive(Debug)]
pub struct Site {
    /// The settings (defaults when there is no `handbook.toml`).
    pub config: Config,
    /// The handbook's root, when it has a `handbook.toml` (theme overrides live there).
    pub config_root: Option<PathBuf>,
    /// The build cache's folder (see render/body_cache.rs), in the
    /// handbook's root; `None` with `--no-cache`.
    pub cache_dir: Option<PathBuf>,
    /// The pages' frontmatter as the last build read it (in the build
    /// cache's folder), until the build ends; `None` with `--no-cache`.
    pub fronts: Option<crate::content::front_cache::FrontCache>,
    /// The folder of markdown.
    pub content_dir: PathBuf,
    /// Where the site goes.
    pub output_dir: PathBuf,
    /// The pages and files.
    pub content: Content,
    /// How each page's file is read (drafts, inferred kinds, frontmatter keys).
    pub rules: PageRules,
    /// The shortcodes pages can call, and the files they include.
    pub shortcodes: Arc<Shortcodes>,
    /// The files of `data/`, parsed: `data` in every template.
    pub data: Data,
    /// Data files that cannot be read or parsed, and keys two files give:
    /// apart from the content's, which `mv` must see clean, not these.
    pub data_problems: Vec<Diagnostic>,
    /// The navigation file (`SUMMARY.md`), when the handbook has one: not a page.
    pub nav_file: Option<crate::analyse::nav_file::Source>,
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
    /// What the build did with the build cache, when it had one.
    pub cache: Option<CacheReport>,
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
    /// Generated pages (dashboard, roles, tags, ...) rendered through a template.
    pub listings_rendered: usize,
    /// Times the theme's templates were compiled.
    pub template_compiles: usize,
}

/// [`BuildStats`] as counted while the work runs in parallel.
#[derive(Debug, Default)]
struct Counters {
    markdown_parses: AtomicUsize,
    links_resolved: AtomicUsize,
    pages_rendered: AtomicUsize,
    listings_rendered: AtomicUsize,
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
            listings_rendered: self.listings_rendered.load(Ordering::Relaxed),
            template_compiles: self.template_compiles.load(Ordering::Relaxed),
        }
    }
}

impl Site {
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
    /// The sidebar the navigation file gives (`None`: the folder tree's):
    /// its tree, its problems, the pages whose headings it leads to.
    sidebar: Option<Nav>,
    sidebar_problems: Vec<Diagnostic>,
    sidebar_anchored: Vec<usize>,
    nav_fragment: bytes::Bytes,
    /// The sidebar's pieces of markup, for each page's part of it.
    nav_pieces: nav_html::NavPieces,
    /// llms.txt, made again when an edit changes what it shows; `None` when
    /// the site has none (see [`Build::has_llms`]).
    llms: Option<bytes::Bytes>,
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
    listing_files: Vec<Option<Result<listings::ListingFile, Diagnostic>>>,
    /// Which generated pages there are, and which handbook pages show them.
    listing_urls: listings::ListingUrls,
    /// Today and the oldest review date that is fine, as `YYYY-MM-DD`.
    today: String,
    /// The last second of today (see [`crate::analyse::delivery::today`]).
    today_end: i64,
    /// `_handbook/plans.json`, made again when an edit changes what it shows.
    plans: bytes::Bytes,
    review_cutoff: Option<String>,
    /// The search index, brought up to date as pages render (`None` when `[search] enabled = false`).
    search: Option<SearchIndex>,
    counters: Counters,
    /// What updates changed since [`Build::changes`] last gave the files;
    /// `None` until it first did.
    unpublished: Option<changes::Unpublished>,
    /// Whether an update leaves the files that list every page (plans.json,
    /// llms.txt, the generated pages) for [`Build::settle`] (see
    /// site/changes.rs): what `serve` asks, to reload the edited page first.
    defer_generated: bool,
    /// What an update left stale for [`Build::settle`].
    stale: changes::Stale,
    /// What [`Build::changes`] named as deferred, for [`Build::settle`].
    deferred: changes::Deferred,
    /// What the first build did with the build cache, when it had one.
    cache: Option<CacheReport>,
    /// A hash of what every page's template is given besides its page
    /// (`None`: pages are not keyed, see publish/keys.rs).
    render_fingerprint: Option<u128>,
    /// A one-use build's search index, with the words of the pages whose
    /// bodies came from the cache; every page's URL and head, and the other
    /// pages' words, go in as they render.
    gathered: Option<Gathered>,
}

/// Words gathered for a one-use build's search index as the pages were
/// analysed.
struct Gathered {
    words: Gather,
    /// Per page: its words are in `words`.
    pages: Vec<bool>,
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

/// What the navigation shows beside page `i`: its progress, and its status
/// as badges show it everywhere.
fn nav_badge(site: &Site, analysed: &[PageAnalysis], i: usize) -> NavBadge {
    NavBadge {
        percent: analysed[i].progress.percent,
        status: site.content.pages[i].front.status.as_ref().map(|name| {
            let badge = site.config.status.get(name);
            NavStatus {
                name: name.clone(),
                label: badge.map_or_else(|| name.clone(), |b| b.label.clone()),
                color: badge.map_or_else(|| "#6e7781".to_string(), |b| b.color.clone()),
            }
        }),
    }
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
        let fronts = site.fronts.take();
        let counters = Counters::default();
        Counters::add(&counters.template_compiles, 1);
        let pages = &site.content.pages;
        let base = site.config.base_path();
        let index = site.link_index();
        // Markdown, in parallel: each page's links resolved as it renders;
        // at the same time, on another thread: the git history, the theme's
        // templates (needed only once pages render) and syntect's sets (so
        // the first code block does not wait for them), which are most of
        // a small handbook's start-up.
        let inputs = HistoryInputs::of(&site);
        // `check` writes nothing: it reads the cache only.
        let writes_cache = !matches!(pages_to, PageSink::Discard);
        let cache = site
            .cache_dir
            .clone()
            .map(|dir| BodyCache::open(dir, writes_cache));
        // A one-use build takes each page's words into its search index as
        // the page is analysed (one gathering per worker thread), so that a
        // page whose body and words come from the cache is never read again.
        let gathers = (!keep && site.config.search.enabled).then(Gathers::default);
        let config = &site.config;
        let glossary_pages: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].kind == Kind::Glossary)
            .collect();
        let (
            (history, (theme, theme_problem), fronts),
            (analysed, glossary, mut semantic_problems),
        ) = rayon::join(
            || {
                let (history, theme) = rayon::join(
                    || inputs.load(&site, previous),
                    || {
                        let theme = match Theme::load(&site.config, site.config_root.as_deref()) {
                            Ok(theme) => (Some(theme), None),
                            Err(d) => (None, Some(d)),
                        };
                        crate::render::highlight::warm_up();
                        theme
                    },
                );
                let fronts = fronts.map(|f| f.finish(writes_cache));
                (history, theme, fronts)
            },
            || {
                let env = PageEnvironment::of(&site, &index, &counters, None);
                // Glossary pages first: the other pages link their terms.
                // (Few: they render every time, and are stored with their run.)
                let mut early: Vec<Option<(PageAnalysis, Option<CacheReturn>)>> =
                    (0..pages.len()).map(|_| None).collect();
                let defined: Vec<(usize, (PageAnalysis, Option<CacheReturn>))> = glossary_pages
                    .par_iter()
                    .map(|&g| {
                        let slot = cache.as_ref().map(|_| CacheSlot {
                            key: body_key(&pages[g], config, base, 0),
                            stored: None,
                        });
                        (g, analyse_page_with(&pages[g], &env, slot))
                    })
                    .collect();
                let (glossary, problems) =
                    glossary_of(&site, defined.iter().map(|(g, (a, _))| (*g, a)));
                for (g, a) in defined {
                    early[g] = Some(a);
                }
                let env = PageEnvironment {
                    glossary: Some(&glossary),
                    ..env
                };
                let analysed = analyse_runs(pages, &env, cache.as_ref(), early, gathers.as_ref());
                (analysed, glossary, problems)
            },
        );
        let cache_report = cache.map(BodyCache::finish).map(|mut report| {
            // One cache, as the user sees it: the bodies and the frontmatter.
            if let Some(fronts) = fronts {
                report.bytes += fronts.bytes;
                report.notes.extend(fronts.notes);
            }
            report
        });
        let (mut analysed, words_gathered) = analysed;
        let gathered = gathers.and_then(Gathers::merged).map(|words| Gathered {
            words,
            pages: words_gathered,
        });
        analysis::read_now(pages, &mut analysed, &history);
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
        let now = crate::analyse::delivery::today();
        let after = i64::from(site.config.review.after_days);
        let listing_urls = listings::ListingUrls::new(pages, &role_pages, &tags);
        if let Some(out) = external {
            *out = external_links(&site.content.pages, &analysed);
        }
        if !keep {
            // Bodies were needed for link positions only; the checks are
            // done. The frontmatter stays, for warnings about its keys.
            for page in &mut site.content.pages {
                page.text.truncate(page.body_offset);
                page.text.shrink_to_fit();
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
            sidebar: None,
            sidebar_problems: Vec::new(),
            sidebar_anchored: Vec::new(),
            nav_fragment: bytes::Bytes::new(),
            nav_pieces: nav_html::NavPieces::default(),
            llms: None,
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
            today_end: now,
            plans: bytes::Bytes::new(),
            review_cutoff: (after > 0).then(|| history::date(now - after * 86_400)),
            counters,
            analysed,
            site,
            unpublished: None,
            defer_generated: false,
            stale: changes::Stale::default(),
            deferred: changes::Deferred::default(),
            cache: cache_report,
            render_fingerprint: None,
            gathered,
        };
        build.build_nav();
        build.listings = build.listing_pages();
        build.listing_files = vec![None; build.listings.len()];
        build.install_site_context();
        // Each a walk over every page, none reading another's result.
        let (((fixed, fixed_problems), llms), plans) = rayon::join(
            || rayon::join(|| build.fixed_outputs(), || build.llms_txt()),
            || build.plans_json(),
        );
        (build.fixed, build.fixed_problems, build.llms, build.plans) =
            (fixed, fixed_problems, llms, plans);
        build.render_missing(progress, false, true);
        build
    }

    /// Gives the theme's templates what every page shows of the site
    /// (`site`: title, links, assets, search; and the `data` files).
    fn install_site_context(&mut self) {
        let links = self
            .listing_urls
            .links(self.site.config.base_path(), self.has_recent_page());
        if let Some(theme) = self.theme.as_mut() {
            let config = &self.site.config;
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
                favicon: ["favicon.svg", "favicon.png", "favicon.ico"]
                    .into_iter()
                    .find(|name| {
                        self.site
                            .content
                            .assets
                            .iter()
                            .any(|a| a.path.as_str() == *name)
                    })
                    .map_or_else(
                        || href(&format!("{base}_handbook/favicon.svg")),
                        |name| href(&format!("{base}{name}")),
                    ),
                extra_css: config.extra_css.iter().map(|f| f.href(base)).collect(),
                extra_javascript: config
                    .extra_javascript
                    .iter()
                    .map(|f| f.href(base))
                    .collect(),
                mermaid: config.markdown.mermaid.as_ref().map(|f| f.href(base)),
            };
            theme.tera.global_context().insert("site", &site_ctx);
            // What every page's template is given besides its page: the
            // templates, `site` and `data` (see publish/keys.rs).
            self.render_fingerprint = crate::render::body_cache::fingerprint(&(
                crate::BUILD,
                theme.fingerprint,
                &site_ctx,
                self.site.data.value(),
            ));
            // Converted once for every page, listing and shortcode.
            theme
                .tera
                .global_context()
                .insert("data", self.site.data.value());
        }
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
        if let Some(sidebar) = self.curated_sidebar() {
            self.sidebar = Some(sidebar.nav);
            self.sidebar_problems = sidebar.problems;
            self.sidebar_anchored = sidebar.anchored;
        }
        let base = self.site.config.base_path();
        let nav = self.sidebar_nav();
        let node_href = |n: usize| href(&format!("{base}{}", &nav.nodes[n].url.as_str()[1..]));
        let pieces = nav_html::NavPieces::new(nav, &node_href, &|i| {
            nav_badge(&self.site, &self.analysed, i)
        });
        let fragment = nav_html::render(nav, &pieces);
        self.nav_fragment = bytes::Bytes::from(fragment.into_bytes());
        self.nav_pieces = pieces;
        self.rollups = if self.site.config.infer.rollups {
            rollups(&self.nav, &self.analysed)
        } else {
            vec![None; self.nav.nodes.len()]
        };
        self.nav_problems = duplicate_labels(&self.nav, pages);
    }

    /// Every problem found: loading, theme, pages.
    fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.site.content.diagnostics.clone();
        all.extend(self.site.data_problems.iter().cloned());
        all.extend(self.theme_problem.clone());
        all.extend(self.fixed_problems.iter().cloned());
        all.extend(self.checks.iter().flatten().cloned());
        all.extend(self.nav_problems.iter().cloned());
        all.extend(self.sidebar_problems.iter().cloned());
        all.extend(self.semantic_problems.iter().cloned());
        all.extend(self.unreachable_pages());
        let rates = &self.site.config.diagnostics;
        all.into_iter().filter_map(|d| rates.rate(d)).collect()
    }

    /// Pages left out of the navigation (`nav: false`) that no page links to:
    /// readers have no way to them.
    fn unreachable_pages(&self) -> impl Iterator<Item = Diagnostic> + '_ {
        let pages = &self.site.content.pages;
        (0..pages.len())
            .filter(|&i| !pages[i].front.nav && self.backlinks[i].is_empty())
            // A page the navigation file lists is in the sidebar after all.
            .filter(|&i| {
                self.sidebar
                    .as_ref()
                    .is_none_or(|s| s.rank(s.node_of_page[i]).is_none())
            })
            .filter(|&i| pages[i].url.as_str() != "/" && !pages[i].url.is_not_found())
            .map(move |i| {
                let page = &pages[i];
                Diagnostic::warning(crate::error::Code::NavUnreachable,
                    page.file.clone(),
                    "this page is missing from the navigation (`nav: false`) and no page links to it, so readers cannot find it",
                )
                .hint("link to it from a page, or remove `nav: false`")
                .at_key(page, ["nav"])
            })
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
        self.push_llms(&mut files);
        self.push_plans(&mut files);
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
            cache: self.cache.clone(),
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
                .chain(self.cache.iter().flat_map(|c| c.notes.iter().cloned()))
                .chain(self.site.config.origin().is_none().then(|| {
                    "sitemap.xml lists paths, not full URLs, because base_url has no host; search engines want full URLs: set base_url (or --base-url) to the site's address, such as https://example.com/handbook/".to_string()
                }))
                .collect(),
        })
    }
}

fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
    diagnostics
}
