//! The per-page analysis (links, progress, glossary, roles, related pages,
//! backlinks) and the site-wide facts computed from it.

use super::*;
use crate::output::search::Gather;
use crate::render::body_cache::{BodyRef, LinkRef};
use crate::render::heading_id::HeadingIdRule;
use crate::render::search::{IndexedWords, PageRecord};
use crate::render::shortcode::expand::PageEnv;
use crate::render::shortcode::{self, Expansion, Origin, Shortcodes};

/// When a page last changed: its frontmatter's `updated`, else git's date.
pub(super) fn last_updated<'a>(page: &'a SourcePage, history: &'a History) -> Option<&'a str> {
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
pub(super) type PageOutput = Result<bytes::Bytes, Diagnostic>;

/// What rendering pages gives the search index.
pub(super) enum Indexed {
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
pub(super) const PAGES_PER_JOB: usize = 16;

/// Where the recent changes page and its feed are published.
pub(super) const RECENT_PAGE: &str = "recent/index.html";
pub(super) const RECENT_FEED: &str = "recent/atom.xml";
/// How many pages the recent changes page and feed list.
pub(super) const RECENT_COUNT: usize = 50;

/// Where the navigation fragment is published.
pub(super) const NAV_FILE: &str = "_nav.html";
/// Where the highlighting stylesheet is published.
pub(super) const SYNTAX_CSS: &str = "_handbook/syntax.css";
pub(super) use crate::content::path::NOT_FOUND_FILE;

/// Two pages of one section with the same label cannot be told apart in the
/// navigation: a warning on the later one, naming both.
pub(super) fn duplicate_labels(nav: &Nav, pages: &[SourcePage]) -> Vec<Diagnostic> {
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
                        crate::error::Code::NavDuplicateLabel,
                        pages[page].file.clone(),
                        format!(
                            "this page and {} are both `{}` in the navigation of their section",
                            pages[first].file.display(),
                            nav.nodes[child].label
                        ),
                    )
                    .hint("give one of them a different title or navTitle")
                    .at_key(&pages[page], ["navTitle", "title"]),
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
pub(super) fn external_links(pages: &[SourcePage], analysed: &[PageAnalysis]) -> Vec<ExternalLink> {
    pages
        .par_iter()
        .zip(analysed)
        .flat_map_iter(|(page, a)| {
            let mut index: Option<LineIndex> = None;
            a.links
                .iter()
                .filter(|l| l.target == Target::Outside && external::is_web_link(&l.dest))
                .map(|l| {
                    let w = a.written_at(page, l.offset);
                    let own;
                    let idx = if w.in_page {
                        index.get_or_insert_with(|| LineIndex::new(&page.text))
                    } else {
                        own = LineIndex::new(w.text);
                        &own
                    };
                    ExternalLink {
                        url: l.dest.clone(),
                        text: l.text.clone(),
                        file: w.file.to_path_buf(),
                        position: idx.position(w.text, w.offset),
                        snippet: idx.snippet(w.text, w.offset),
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The pages `a` (page `from`) links to, itself left out.
pub(super) fn link_targets(a: &PageAnalysis, from: usize) -> std::collections::BTreeSet<usize> {
    a.links
        .iter()
        .filter_map(|l| l.target.page().map(|(page, _)| page))
        .filter(|&page| page != from)
        .collect()
}

/// For each page, the pages that link to it, in page order.
pub(super) fn backlinks(analysed: &[PageAnalysis]) -> Vec<Vec<usize>> {
    let mut backlinks: Vec<Vec<usize>> = vec![Vec::new(); analysed.len()];
    for (from, a) in analysed.iter().enumerate() {
        for to in link_targets(a, from) {
            backlinks[to].push(from);
        }
    }
    backlinks
}

/// What to tell a link whose anchor the target lacks: when another tool's
/// rule makes that id of one of the target's headings, that heading and the
/// setting that would make the link work; else the nearest anchor there is.
/// Runs for broken anchors only, so trying every rule costs nothing in a
/// sound handbook.
pub(super) fn anchor_hint(wanted: &str, target: &Rendered, rule: HeadingIdRule) -> String {
    for heading in &target.headings {
        for &other in HeadingIdRule::ALL {
            if other != rule && other.base_id(&heading.text) == wanted {
                return format!(
                    "#{wanted} is the id {other} gives the heading \"{}\", which is #{} under this handbook's rule ({rule}); link to #{}, or set [markdown] heading_ids = \"{other}\" in handbook.toml if the handbook's links are written for {other}",
                    heading.text,
                    heading.id,
                    heading.id,
                    other = other.name(),
                    rule = rule.name(),
                );
            }
        }
    }
    let nearest = target
        .anchors
        .iter()
        .map(|a| (strsim::levenshtein(wanted, a), a))
        .min();
    match nearest {
        Some((d, a)) if d <= wanted.chars().count() / 2 + 2 => format!("did you mean #{a}?"),
        _ => format!(
            "link to one of the page's headings (ids follow the {} rule, [markdown] heading_ids)",
            rule.name()
        ),
    }
}

/// A link found in a page, resolved.
#[derive(Debug)]
pub(super) struct FoundLink {
    pub(super) dest: String,
    pub(super) text: String,
    pub(super) offset: usize,
    pub(super) target: Target,
}

/// What the per-page stage learns of a page.
#[derive(Debug)]
pub(super) struct PageAnalysis {
    /// What of the frontmatter the navigation and listings show, to tell when they change.
    pub(super) front_nav: FrontNav,
    pub(super) rendered: Rendered,
    pub(super) links: Vec<FoundLink>,
    pub(super) title: String,
    pub(super) label: String,
    pub(super) progress: PageProgress,
    /// Progress per phase, for plans and job descriptions.
    pub(super) plan: Option<PlanProgress>,
    /// What the working tree's file says of its progress, read as the
    /// history reads each commit's (for a page that may have progress):
    /// the chart's "now", compared with the last commit. Read only for a
    /// page whose history has a timeline (see [`read_now`]): nothing else
    /// shows it.
    pub(super) now: Option<crate::analyse::delivery::Checklist>,
    pub(super) has_code: bool,
    /// The body with its shortcodes and includes expanded, when it has any:
    /// what was rendered, and where each of its bytes was written.
    pub(super) expansion: Option<Box<Expansion>>,
}

/// Where something of a page's rendered markdown was written: the page's
/// own file, or a file it includes.
pub(super) struct WrittenAt<'a> {
    pub(super) file: &'a Path,
    pub(super) text: &'a str,
    /// In `text`.
    pub(super) offset: usize,
    /// `text` is the page's own.
    pub(super) in_page: bool,
}

impl WrittenAt<'_> {
    /// `d` placed here; `page_index` is the page's line index, made once.
    pub(super) fn place(&self, d: Diagnostic, page_index: &mut Option<LineIndex>) -> Diagnostic {
        let mut d = if self.in_page {
            let idx = page_index.get_or_insert_with(|| LineIndex::new(self.text));
            d.at_offset(self.text, idx, self.offset)
        } else {
            d.at_offset(self.text, &LineIndex::new(self.text), self.offset)
        };
        d.file = Some(self.file.to_path_buf());
        d
    }
}

impl PageAnalysis {
    /// The markdown that was rendered: the page's body, its calls expanded.
    pub(super) fn body<'a>(&'a self, page: &'a SourcePage) -> &'a str {
        self.expansion
            .as_ref()
            .map_or(page.body(), |x| x.body.as_str())
    }

    /// Where byte `offset` of [`PageAnalysis::body`] was written.
    pub(super) fn written_at<'a>(&'a self, page: &'a SourcePage, offset: usize) -> WrittenAt<'a> {
        let origin = match &self.expansion {
            None => return page_at(page, offset),
            Some(x) => x.origin(offset),
        };
        self.origin_at(page, &origin)
    }

    /// Where `origin` (of this page's expansion) is.
    pub(super) fn origin_at<'a>(&'a self, page: &'a SourcePage, origin: &Origin) -> WrittenAt<'a> {
        match self.expansion.as_ref().and_then(|x| x.file_of(origin)) {
            Some(f) => WrittenAt {
                file: &f.file,
                text: &f.text,
                offset: origin.offset,
                in_page: false,
            },
            None => page_at(page, origin.offset),
        }
    }

    /// The page's body as the build cache stores it; `hrefs`: each link's, in order.
    pub(super) fn cache_body<'a>(
        &'a self,
        hrefs: &'a [String],
        search: Option<&'a IndexedWords>,
    ) -> BodyRef<'a> {
        BodyRef {
            search,
            rendered: &self.rendered,
            links: self
                .links
                .iter()
                .zip(hrefs)
                .map(|(l, href)| LinkRef {
                    dest: &l.dest,
                    text: &l.text,
                    offset: l.offset,
                    href,
                })
                .collect(),
        }
    }

    /// What the page is about, in a line: its `description`, else its first
    /// paragraph. Its meta description, and its notes in llms.txt.
    pub(super) fn description(&self) -> &str {
        self.front_nav
            .description
            .as_deref()
            .unwrap_or(self.rendered.summary.as_str())
    }
}

fn page_at(page: &SourcePage, body_offset: usize) -> WrittenAt<'_> {
    WrittenAt {
        file: &page.file,
        text: &page.text,
        offset: page.body_offset + body_offset,
        in_page: true,
    }
}

/// The body of `page` with its shortcodes and includes expanded; `None`
/// when it calls none.
fn expand_page(page: &SourcePage, shortcodes: &Shortcodes, base: &str) -> Option<Box<Expansion>> {
    if !shortcode::calls::has_openers(page.body()) {
        return None;
    }
    let file = shortcodes.content_dir.join(page.path.as_str());
    let env = PageEnv {
        file: &file,
        page: serde_json::json!({
            "path": page.path.as_str(),
            "url": format!("{base}{}", &page.url.as_str()[1..]),
            "title": page.front.title,
        }),
        base,
    };
    shortcode::expand(page.body(), shortcodes, &env).map(Box::new)
}

/// A relative link written in an included file, as a path from the content
/// folder's top (links in an include start from the include's own folder);
/// `None` when it is not a relative path, or leaves the content folder.
fn from_included(dest: &str, included: &Path, content_dir: &Path) -> Option<Result<String, ()>> {
    let d = dest.trim();
    // What the build reads as a URL of its own (links::LinkIndex::resolve),
    // an anchor, a site-absolute path or template syntax is not rebased.
    if d.is_empty()
        || d.starts_with(['#', '/'])
        || d.contains("{{")
        || d.contains("{%")
        || crate::analyse::links::has_scheme(d)
    {
        return None;
    }
    let split = d.find(['#', '?']).unwrap_or(d.len());
    let (path, rest) = d.split_at(split);
    let dir = included.parent().unwrap_or(Path::new(""));
    let decoded = crate::analyse::links::decode(path);
    let joined = shortcode::expand::normalise(&dir.join(decoded));
    let content = shortcode::expand::normalise(content_dir);
    let Ok(rel) = joined.strip_prefix(&content) else {
        return Some(Err(()));
    };
    let rel: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let trailing = if path.ends_with('/') { "/" } else { "" };
    Some(Ok(format!("{}{trailing}{rest}", rel.join("/"))))
}

/// What every page's analysis reads of the site.
pub(super) struct PageEnvironment<'a> {
    pub(super) pages: &'a [SourcePage],
    pub(super) index: &'a LinkIndex,
    pub(super) base: &'a str,
    pub(super) config: &'a Config,
    pub(super) glossary: Option<&'a Glossary>,
    pub(super) counters: &'a Counters,
    pub(super) shortcodes: &'a Shortcodes,
}

impl<'a> PageEnvironment<'a> {
    /// `site`'s, with its links resolved by `index` and the work counted in
    /// `counters`; the pages link `glossary`'s terms, when given.
    pub(super) fn of(
        site: &'a Site,
        index: &'a LinkIndex,
        counters: &'a Counters,
        glossary: Option<&'a Glossary>,
    ) -> PageEnvironment<'a> {
        PageEnvironment {
            pages: &site.content.pages,
            index,
            base: site.config.base_path(),
            config: &site.config,
            glossary,
            counters,
            shortcodes: &site.shortcodes,
        }
    }
}

/// Analyses one page: renders its body (or takes it from `slot`, when the
/// build cache has it and each of its links still goes where it went),
/// then reads its title, progress and plan. The second value is what the
/// cache needs to store the body (`None`: a body that calls shortcodes or
/// includes snippets is not cached).
pub(super) fn analyse_page_with(
    page: &SourcePage,
    env: &PageEnvironment<'_>,
    slot: Option<CacheSlot>,
) -> (PageAnalysis, Option<CacheReturn>) {
    let PageEnvironment {
        pages,
        index,
        base,
        config,
        glossary,
        counters,
        shortcodes,
    } = *env;
    let expansion = expand_page(page, shortcodes, base);
    let x = expansion.as_deref();
    let root_file = SourcePath::new("index.md");
    let root_url = PageUrl::new("/");
    let options = RenderOptions {
        raw_html: config.markdown.raw_html,
        glossary: glossary.filter(|_| page.front.glossary && page.kind != Kind::Glossary),
        defines_terms: page.kind == Kind::Glossary,
        steps: page.kind == Kind::Playbook,
        heading_ids: config.markdown.heading_ids,
        pieces: x.map_or(&[], |x| x.pieces.as_slice()),
        literal: x.map_or(&[], |x| x.literal.as_slice()),
    };
    let link_base = page.link_base();
    // Where a link goes, and the href it is written with; `included`: the
    // file the link is written in, when a snippet brought it.
    let resolve = |dest: &str, included: Option<&Path>| {
        let target = match included.and_then(|f| from_included(dest, f, &shortcodes.content_dir)) {
            Some(Ok(rebased)) => index.resolve(&rebased, &root_file, &root_url),
            Some(Err(())) => Target::LeavesContent(dest.to_string()),
            None => index.resolve(dest, &page.path, &link_base),
        };
        let href = match (&target, target.page()) {
            (_, Some((page, fragment))) => href_with_fragment(
                &format!("{base}{}", &pages[page].url.as_str()[1..]),
                fragment,
            ),
            (Target::File(path), _) => href(&format!("{base}{}", path.as_str())),
            // Never its place: nothing of an internal page is published.
            (Target::Internal(_), _) => markdown::NO_LINK.to_string(),
            _ => dest.to_string(),
        };
        (target, href)
    };
    let mut links = Vec::new();
    let mut hrefs = Vec::new();
    let key = slot.as_ref().map(|s| s.key);
    // The cached body, when each of its links is written as it was.
    let reused = slot
        .and_then(|s| s.stored)
        .filter(|_| x.is_none())
        .and_then(|stored| {
            for l in stored.links {
                let (target, href) = resolve(&l.dest, None);
                if href != l.href {
                    links.clear();
                    hrefs.clear();
                    return None;
                }
                links.push(FoundLink {
                    dest: l.dest,
                    text: l.text,
                    offset: l.offset,
                    target,
                });
                hrefs.push(href);
            }
            Some((stored.rendered, stored.search))
        });
    let was_reused = reused.is_some();
    let (reused, stored_search) = match reused {
        Some((rendered, search)) => (Some(rendered), search),
        None => (None, None),
    };
    let mut rendered = match reused {
        Some(rendered) => rendered,
        None => {
            let body = x.map_or(page.body(), |x| x.body.as_str());
            let rendered = markdown::render_with(body, &options, &mut |l| {
                let included = x.and_then(|x| x.file_of(&x.origin(l.offset)));
                let (target, href) = resolve(l.dest, included.map(|f| f.file.as_path()));
                links.push(FoundLink {
                    dest: l.dest.to_string(),
                    text: l.text.clone(),
                    offset: l.offset,
                    target,
                });
                if key.is_some() {
                    hrefs.push(href.clone());
                }
                href
            });
            Counters::add(&counters.markdown_parses, 1);
            rendered
        }
    };
    Counters::add(&counters.links_resolved, links.len());
    if options.steps {
        // Numbered headings, where there are any, are the steps.
        let by_headings = crate::render::steps::from_headings(&rendered.headings);
        if !by_headings.is_empty() {
            rendered.steps = by_headings;
        }
    }
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
    // Task lists count as progress unless the handbook says they do not.
    let tasks = if config.infer.checklists {
        rendered.tasks.as_slice()
    } else {
        &[]
    };
    let progress = PageProgress::new(f.progress, tasks, &rendered.headings);
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
    let cached = key.filter(|_| expansion.is_none()).map(|key| CacheReturn {
        key,
        hrefs,
        reused: was_reused,
        search: stored_search,
    });
    let analysis = PageAnalysis {
        front_nav,
        rendered,
        links,
        title,
        label,
        progress,
        plan,
        now: None,
        has_code,
        expansion,
    };
    (analysis, cached)
}

/// The frontmatter a page's neighbours show (nav, listings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FrontNav {
    pub(super) group: Option<String>,
    pub(super) order: Option<u64>,
    pub(super) status: Option<String>,
    pub(super) description: Option<String>,
    pub(super) kind: Kind,
    pub(super) draft: bool,
    pub(super) hidden: bool,
}

/// The glossary from its pages' analyses, with the problems in it.
pub(super) fn glossary_of<'a>(
    site: &Site,
    defined: impl IntoIterator<Item = (usize, &'a PageAnalysis)>,
) -> (Glossary, Vec<Diagnostic>) {
    let pages = &site.content.pages;
    let base = site.config.base_path();
    let mut terms = Vec::new();
    let mut problems = Vec::new();
    for (g, a) in defined {
        let page = &pages[g];
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
            term.page = g;
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
                    crate::error::Code::GlossaryUnknownTerm,
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
            Diagnostic::error(crate::error::Code::GlossaryDuplicateTerm,
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

/// Puts a diagnostic about a page's frontmatter at the first of `keys` the
/// page sets (with its line), else at the page's first line.
pub(super) trait AtKey {
    fn at_key<const N: usize>(self, page: &SourcePage, keys: [&str; N]) -> Self;
}

impl AtKey for Diagnostic {
    fn at_key<const N: usize>(self, page: &SourcePage, keys: [&str; N]) -> Diagnostic {
        let at = keys
            .iter()
            .find_map(|k| crate::content::frontmatter::key_offset(&page.text, page.body_offset, k))
            .unwrap_or(0);
        self.at_offset(&page.text, &LineIndex::new(&page.text), at)
    }
}

/// Where `key:` is in a page's frontmatter (its first line when not found).
pub(super) fn frontmatter_key_position(page: &SourcePage, key: &str) -> crate::error::Position {
    let offset =
        crate::content::frontmatter::key_offset(&page.text, page.body_offset, key).unwrap_or(0);
    LineIndex::new(&page.text).position(&page.text, offset)
}

/// Reporting lines between the job descriptions, with the problems in them.
pub(super) fn roles_of(
    site: &Site,
    index: &LinkIndex,
    analysed: &[PageAnalysis],
    role_pages: &[usize],
) -> (Roles, Vec<Diagnostic>) {
    let pages = &site.content.pages;
    let (roles, problems) = roles::resolve(
        role_pages,
        |r| pages[r].front.reports_to.clone(),
        |r, wanted| {
            index
                .resolve(wanted, &pages[r].path, &pages[r].link_base())
                .page()
                .map(|(page, _)| page)
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
                RoleProblem::Unknown { wanted, .. } => Diagnostic::error(crate::error::Code::RolesUnknown,
                    page.file.clone(),
                    format!("reports_to `{wanted}`: no job description has that title or path"),
                )
                .hint(if index.has_internal() {
                    "give the title of a role (a page of kind job) or the path of its page, such as ../cto.md; an internal role (`audience: internal`) is not in a public build, and a public role cannot report to it"
                } else {
                    "give the title of a role (a page of kind job) or the path of its page, such as ../cto.md"
                }),
                RoleProblem::NotARole { target, .. } => Diagnostic::error(crate::error::Code::RolesNotARole,
                    page.file.clone(),
                    format!(
                        "reports_to names {}, which is not a job description",
                        pages[target].file.display()
                    ),
                )
                .hint("point at a page of kind job, or set `kind: job` on that page"),
                RoleProblem::Loop(cycle) => {
                    let names: Vec<&str> = cycle.iter().map(|&c| analysed[c].label.as_str()).collect();
                    Diagnostic::error(crate::error::Code::RolesLoop,
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
pub(super) fn related_of(
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
pub(super) fn file_title(page: &SourcePage) -> String {
    let name = if page.path.is_index() {
        page.path.folders().last().unwrap_or("Home").to_string()
    } else {
        page.path.stem().to_string()
    };
    crate::content::path::title_from_name(&name)
}

/// Mean percent over each node's pages with progress, the node's own page included.
pub(super) fn rollups(nav: &Nav, analysed: &[PageAnalysis]) -> Vec<Option<Rollup>> {
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
pub(super) struct Rollup {
    pub(super) percent: u8,
    pub(super) pages: u32,
}

/// Reads the working tree's checklist (the chart's "now") of each page
/// whose git history has a timeline; the others show none, and reading
/// theirs cost a build of 10,000 checklist pages outside git about 3% of
/// its CPU.
pub(super) fn read_now(
    pages: &[SourcePage],
    analysed: &mut [PageAnalysis],
    history: &crate::analyse::history::History,
) {
    if history.delivery.is_empty() {
        return;
    }
    analysed
        .par_iter_mut()
        .zip(pages)
        .filter(|(_, page)| history.delivery.contains_key(page.path.as_str()))
        .for_each(|(a, page)| a.now = Some(crate::analyse::delivery::checklist(&page.text)));
}
