//! The pipeline put together: load -> analyse -> render, all in memory; the
//! caller writes the result (build) or only reports it (check).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use indicatif::ProgressBar;
use rayon::prelude::*;
use serde::Serialize;

use crate::analyse::links::{LinkIndex, Target};
use crate::analyse::nav::{Nav, NavEntry};
use crate::analyse::progress::{self, PageProgress};
use crate::config::{Config, LinkPolicy, StatusBadge};
use crate::content::{self, Content, Kind, LoadOptions, SourcePage};
use crate::error::{Diagnostic, Error, LineIndex, Severity};
use crate::output::{Contents, OutputFile, sitemap};
use crate::render::markdown::{self, Heading, Rendered};
use crate::render::nav_html::{self, NavBadge};
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
            config.set_base_url(url);
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
        let skip = vec![output_dir.clone(), content_dir.join("node_modules")];
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
        })
    }

    /// Analyses and renders every page; all problems come back together.
    pub fn render(&self, progress: Option<&ProgressBar>) -> Result<RenderedSite, Error> {
        let mut diagnostics = self.content.diagnostics.clone();
        let mut theme = match Theme::load(&self.config, self.config_root.as_deref()) {
            Ok(theme) => Some(theme),
            Err(d) => {
                diagnostics.push(d);
                None
            }
        };
        let pages = &self.content.pages;
        let base = self.config.base_path();
        let index = LinkIndex::new(
            &self.config,
            pages.iter().map(|p| (&p.path, &p.url)),
            self.content.assets.iter().map(|a| &a.path),
        );

        // Markdown, in parallel: each page's links resolved as it renders.
        let analysed: Vec<PageAnalysis> = pages
            .par_iter()
            .map(|page| analyse_page(page, pages, &index, base))
            .collect();

        // Link and anchor checks, frontmatter checks.
        let checked: Vec<Vec<Diagnostic>> = pages
            .par_iter()
            .zip(&analysed)
            .map(|(page, a)| self.check_page(page, a, &analysed))
            .collect();
        diagnostics.extend(checked.into_iter().flatten());

        let mut backlinks: Vec<Vec<usize>> = vec![Vec::new(); pages.len()];
        for (from, a) in analysed.iter().enumerate() {
            for link in &a.links {
                if let Target::Page { page, .. } = link.target
                    && page != from
                    && backlinks[page].last() != Some(&from)
                {
                    backlinks[page].push(from);
                }
            }
        }
        for b in &mut backlinks {
            b.sort_unstable();
            b.dedup();
        }

        let entries: Vec<NavEntry<'_>> = pages
            .iter()
            .zip(&analysed)
            .map(|(p, a)| NavEntry {
                url: &p.url,
                label: &a.label,
                group: p.front.nav_group.as_deref(),
                order: p.front.nav_order,
            })
            .collect();
        let nav = Nav::build(&entries);
        let page_href = |i: usize| href(&format!("{base}{}", &pages[i].url.as_str()[1..]));
        let node_href = |n: usize| href(&format!("{base}{}", &nav.nodes[n].url.as_str()[1..]));
        let nav_fragment = nav_html::render(&nav, &node_href, &|i| NavBadge {
            percent: analysed[i].progress.percent,
            status: pages[i].front.status.clone(),
        });
        let rollups = rollups(&nav, &analysed);

        let Some(theme) = theme.as_mut() else {
            return Err(Error::Handbook(sorted(diagnostics)));
        };
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Error::Handbook(sorted(diagnostics)));
        }
        let site_ctx = SiteContext {
            title: &self.config.title,
            description: &self.config.description,
            language: &self.config.language,
            base_url: &self.config.base_url,
            base_path: base,
            home: href(base),
            nav_url: href(&format!("{base}_nav.html")),
            assets: href(&format!("{base}_handbook/")),
            pages: pages.len(),
        };
        theme.tera.global_context().insert("site", &site_ctx);
        let theme = &*theme;

        let ctx = PageContextBuilder {
            site: self,
            analysed: &analysed,
            nav: &nav,
            backlinks: &backlinks,
            rollups: &rollups,
            page_href: &page_href,
            node_href: &node_href,
        };
        let rendered: Vec<Result<OutputFile, Diagnostic>> = (0..pages.len())
            .into_par_iter()
            .map(|i| {
                let out = ctx.render(theme, i);
                if let Some(bar) = progress {
                    bar.inc(1);
                }
                out
            })
            .collect();
        let mut out = Outputs::with_capacity(pages.len() + self.content.assets.len() + 16);
        for (i, r) in rendered.into_iter().enumerate() {
            match r {
                Ok(f) => out.add(f, || {
                    (
                        format!("the page {}", pages[i].file.display()),
                        Some(pages[i].file.clone()),
                    )
                }),
                Err(d) => diagnostics.push(d),
            }
        }
        let generated = |path: &str| (format!("handbook's generated {path}"), None);
        out.add(OutputFile::bytes("_nav.html", nav_fragment), || {
            generated("_nav.html")
        });
        let mut not_found = tera::Context::new();
        not_found.insert("page", &serde_json::json!({"title": "Page not found", "url": href(&format!("{base}404.html"))}));
        match theme.tera.render("404.html", &not_found) {
            Ok(html) => out.add(OutputFile::bytes("404.html", html), || {
                generated("404.html")
            }),
            Err(e) => diagnostics.push(template_error("404.html", &e)),
        }
        let origin = self.config.origin().unwrap_or("");
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
        for (name, bytes) in &theme.static_files {
            out.add(
                OutputFile::bytes(format!("_handbook/{name}"), bytes.clone()),
                || (format!("the theme's static/{name}"), None),
            );
        }
        if analysed.iter().any(|a| a.has_code) {
            let css = OutputFile::bytes(
                "_handbook/syntax.css",
                crate::render::highlight::stylesheet(),
            );
            out.add(css, || generated("_handbook/syntax.css"));
        }
        for asset in &self.content.assets {
            let file = OutputFile {
                path: asset.path.as_str().to_string(),
                contents: Contents::Copy(asset.file.clone()),
            };
            out.add(file, || {
                (asset.file.display().to_string(), Some(asset.file.clone()))
            });
        }
        for (i, page) in pages.iter().enumerate() {
            for alias in &page.front.aliases {
                match alias_file(alias, &self.config) {
                    Ok(path) => out.add(
                        OutputFile::bytes(path, sitemap::redirect_page(&page_href(i))),
                        || {
                            (
                                format!("the alias `{alias}` of {}", page.file.display()),
                                Some(page.file.clone()),
                            )
                        },
                    ),
                    Err(why) => diagnostics.push(
                        Diagnostic::error(page.file.clone(), format!("the alias `{alias}` {why}"))
                            .hint("write aliases as paths on this site, such as /old/page/"),
                    ),
                }
            }
        }
        diagnostics.extend(out.clashes);

        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Error::Handbook(sorted(diagnostics)));
        }
        Ok(RenderedSite {
            files: out.files,
            pages: pages.len(),
            warnings: sorted(diagnostics),
            notices: self.content.notices.clone(),
        })
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
            let pos = idx.position(&page.text, page.body_offset + link.offset);
            let mut d = Diagnostic::error(page.file.clone(), message)
                .at(pos)
                .snippet(idx.line(&page.text, pos.line))
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
    rendered: Rendered,
    links: Vec<FoundLink>,
    title: String,
    label: String,
    progress: PageProgress,
    has_code: bool,
}

fn analyse_page(
    page: &SourcePage,
    pages: &[SourcePage],
    index: &LinkIndex,
    base: &str,
) -> PageAnalysis {
    let mut links = Vec::new();
    let rendered = markdown::render(page.body(), &mut |l| {
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
    let has_code = rendered.html.contains("<pre class=\"code\"");
    PageAnalysis {
        rendered,
        links,
        title,
        label,
        progress,
        has_code,
    }
}

/// A title from the file name, for pages that give none.
fn file_title(page: &SourcePage) -> String {
    let name = if page.path.is_index() {
        page.path.folders().last().unwrap_or("Home").to_string()
    } else {
        page.path.stem().to_string()
    };
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
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
    pages: usize,
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
    tags: &'a [String],
    extra: &'a BTreeMap<String, serde_json::Value>,
    meta_title: Option<&'a str>,
    edit_url: Option<String>,
    breadcrumbs: Vec<LinkContext>,
    prev: Option<LinkContext>,
    next: Option<LinkContext>,
    backlinks: Vec<LinkContext>,
    children: Vec<ChildContext<'a>>,
    is_section: bool,
}

struct PageContextBuilder<'a> {
    site: &'a Site,
    analysed: &'a [PageAnalysis],
    nav: &'a Nav,
    backlinks: &'a [Vec<usize>],
    rollups: &'a [Option<Rollup>],
    page_href: &'a (dyn Fn(usize) -> String + Sync),
    node_href: &'a (dyn Fn(usize) -> String + Sync),
}

impl PageContextBuilder<'_> {
    fn status<'s>(&'s self, name: Option<&'s String>) -> Option<StatusContext<'s>> {
        let name = name?;
        let badge: Option<&StatusBadge> = self.site.config.status.get(name);
        Some(StatusContext {
            name,
            label: badge.map_or(name.as_str(), |b| b.label.as_str()),
            color: badge.map_or("#6e7781", |b| b.color.as_str()),
        })
    }

    fn link(&self, node: usize) -> LinkContext {
        let n = &self.nav.nodes[node];
        LinkContext {
            label: n.label.clone(),
            url: n.page.map(|_| (self.node_href)(node)),
        }
    }

    /// Fills in the hrefs of the page's links and renders its template.
    fn render(&self, theme: &Theme, i: usize) -> Result<OutputFile, Diagnostic> {
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
            url: (self.page_href)(i),
            source_path: page.path.as_str(),
            kind: page.kind.as_str(),
            description: page.front.description.as_deref(),
            content: &a.rendered.html,
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
            tags: &page.front.tags,
            extra: &page.front.extra,
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
                    url: Some((self.page_href)(b)),
                })
                .collect(),
            children,
            is_section,
        };
        let template = template_for(theme, page, node == 0, is_section);
        let mut context = tera::Context::new();
        context.insert("page", &ctx);
        let html = theme.tera.render(template, &context).map_err(|e| {
            let mut d = template_error(template, &e);
            d.message = format!("{} (rendering {})", d.message, page.file.display());
            d
        })?;
        Ok(OutputFile::bytes(page.url.output_file(), html))
    }
}

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

/// Where the site is written for these options.
pub fn output_dir(site: &Site) -> &Path {
    &site.output_dir
}
