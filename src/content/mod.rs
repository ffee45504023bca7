//! Load: walk the content folder into pages (frontmatter parsed) and assets.

pub mod audience;
pub mod data;
pub mod front_cache;
pub mod frontmatter;
pub mod keys;
pub mod path;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use self::audience::{Audience, AudienceRules};
pub use self::frontmatter::{FrontMatter, Kind};
pub use self::path::{PageUrl, Slug, SourcePath};
use crate::error::{Diagnostic, LineIndex};
use front_cache::FrontCache;
pub use keys::KeyMap;

/// A markdown file, read and with its frontmatter parsed.
#[derive(Debug, Clone)]
pub struct SourcePage {
    /// Where it is inside the content folder.
    pub path: SourcePath,
    /// The file as diagnostics name it.
    pub file: PathBuf,
    /// The whole file.
    pub text: String,
    /// Where the markdown body starts in `text`.
    pub body_offset: usize,
    /// The parsed frontmatter.
    pub front: FrontMatter,
    /// The page's URL, relative to the site's base path.
    pub url: PageUrl,
    /// What the page is (from `kind`, else inferred from its place).
    pub kind: Kind,
    /// Who it is for (its own `audience`, else its section's, else the default).
    pub audience: Audience,
}

impl SourcePage {
    /// The markdown after the frontmatter.
    pub fn body(&self) -> &str {
        self.text.get(self.body_offset..).unwrap_or("")
    }

    /// The URL its relative links are read from under `[links] relative_to
    /// = "url"` (see [`path::link_base`]).
    pub fn link_base(&self) -> PageUrl {
        path::link_base(&self.path, &self.url, &self.front)
    }
}

/// A file that is copied to the output as it is (an image, a PDF).
#[derive(Debug, Clone)]
pub struct Asset {
    /// Where it is inside the content folder; also its place in the output.
    pub path: SourcePath,
    /// The file on disk.
    pub file: PathBuf,
}

/// Everything in the content folder.
#[derive(Debug, Default)]
pub struct Content {
    /// Markdown pages, sorted by path.
    pub pages: Vec<SourcePage>,
    /// Other files, sorted by path.
    pub assets: Vec<Asset>,
    /// Problems found while loading (unreadable files, bad frontmatter, URL clashes).
    pub diagnostics: Vec<Diagnostic>,
    /// One-line notices (templates of other tools that are copied, not run).
    pub notices: Vec<String>,
    /// Pages left out because another page has their URL (the clash is an
    /// error): links to their files still mean that URL.
    pub clashed: Vec<(SourcePath, PageUrl)>,
    /// Pages left out because they are drafts (`draft: true`, without
    /// `--drafts`): a link to one is broken, and says why.
    pub drafts: Vec<(SourcePath, PageUrl)>,
    /// Pages left out because they are for another audience than the
    /// build's (`audience: internal` in a public build): a link to one is
    /// reported as a leak.
    pub internal: Vec<(SourcePath, PageUrl)>,
    /// Files left out for the same reason (in an internal folder, or
    /// linked only from internal pages).
    pub internal_files: Vec<SourcePath>,
}

/// What to load.
#[derive(Debug, Clone)]
pub struct LoadOptions<'a> {
    /// The content folder.
    pub content_dir: &'a Path,
    /// Folders inside it that are not content (the output folder, when it is inside).
    pub skip: Vec<PathBuf>,
    /// How each page's file is read.
    pub rules: PageRules,
    /// Frontmatter the last build read, when the build has a cache.
    pub fronts: Option<&'a FrontCache>,
}

/// The settings that shape how a page's file is read.
#[derive(Debug, Clone, Default)]
pub struct PageRules {
    /// Whether pages with `draft: true` are built.
    pub drafts: bool,
    /// Whether a page's kind comes from its folder or name when its
    /// frontmatter does not say (`[infer] kinds`).
    pub infer_kinds: bool,
    /// Frontmatter keys this handbook uses its own way (`[frontmatter]`).
    pub keys: KeyMap,
    /// Who the build is for, and what decides each page's audience.
    pub audience: AudienceRules,
}

/// Walks the content folder and loads every page, in parallel.
pub fn load(options: &LoadOptions<'_>) -> Content {
    let mut content = Content::default();
    let mut page_files = Vec::new();
    // Links are followed only where they stay inside the content folder, so
    // a link to /etc or a home folder never gets published.
    let content_root = options
        .content_dir
        .canonicalize()
        .unwrap_or_else(|_| options.content_dir.to_path_buf());
    let walker = walkdir::WalkDir::new(options.content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e: &walkdir::DirEntry| {
            e.depth() == 0
                || (!is_ignored(e.file_name().to_string_lossy().as_ref())
                    && !options.skip.iter().any(|s| e.path() == s))
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let file = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| options.content_dir.into());
                // Links are not followed by the walk (see below), so no loop can come up here.
                let message = format!(
                    "cannot read: {}",
                    e.io_error().map_or(e.to_string(), |io| io.to_string())
                );
                content.diagnostics.push(
                    Diagnostic::error(crate::error::Code::ContentUnreadable, file, message)
                        .hint("fix the file's permissions"),
                );
                continue;
            }
        };
        if entry.path_is_symlink() {
            // Links to files inside the content folder are followed; links to
            // folders are not (no loops), and nothing outside is published.
            let skipped = match std::fs::metadata(entry.path()) {
                Err(_) => Some("a symbolic link to nothing"),
                Ok(_) if !inside(entry.path(), &content_root) => {
                    Some("a symbolic link to a place outside the content folder")
                }
                Ok(meta) if meta.is_dir() => {
                    Some("a symbolic link to a folder, which is not followed")
                }
                // A pipe or device would block the build forever.
                Ok(meta) if !meta.is_file() => {
                    Some("a symbolic link to something that is not a file")
                }
                Ok(_) => None,
            };
            if let Some(why) = skipped {
                content
                    .notices
                    .push(format!("{}: skipped, {why}", entry.path().display()));
                continue;
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(options.content_dir)
            .unwrap_or(entry.path());
        let Some(path) = SourcePath::from_relative(rel) else {
            content.diagnostics.push(
                Diagnostic::error(
                    crate::error::Code::ContentEncoding,
                    entry.path().to_path_buf(),
                    "the file name is not valid UTF-8",
                )
                .hint("rename the file"),
            );
            continue;
        };
        if path.extension() == Some("md") {
            page_files.push((path, entry.into_path()));
        } else {
            if matches!(path.extension(), Some("html" | "htm"))
                && let Some(problem) = html_template(entry.path())
            {
                content.diagnostics.push(problem);
                continue;
            }
            if matches!(path.extension(), Some("njk" | "liquid" | "hbs" | "webc")) {
                content.notices.push(format!(
                    "{}: copied as it is (a template of another tool, which handbook does not run)",
                    entry.path().display()
                ));
            }
            content.assets.push(Asset {
                path,
                file: entry.into_path(),
            });
        }
    }

    let loaded: Vec<(Loaded, Vec<Diagnostic>)> = page_files
        .into_par_iter()
        .map(|(path, file)| load_page(path, file, &options.rules, options.fronts))
        .collect();
    for (page, problem) in loaded {
        match page {
            Loaded::Page(page) => content.pages.push(*page),
            Loaded::Draft(path) => {
                let url = path.page_url();
                content.drafts.push((path, url));
            }
            Loaded::Nothing => {}
        }
        content.diagnostics.extend(problem);
    }
    name_folder_pages(&mut content.pages);
    audience::restrict(&mut content, &options.rules.audience);
    for page in &mut content.pages {
        // The site's not-found page: no place in the navigation.
        if page.url.is_not_found() {
            page.front.nav = false;
        }
    }
    check_url_clashes(&mut content);
    content
}

/// A warning when the HTML file at `file` is another tool's template
/// (frontmatter, or Liquid/Nunjucks/Hugo syntax) rather than a page to
/// publish: such a file is left out, not served verbatim (an Eleventy
/// `index.html` would otherwise become the home page, `{% %}` and all).
fn html_template(file: &Path) -> Option<Diagnostic> {
    use std::io::Read;
    // Templates are small; a big HTML file is a page (or an export), and
    // only its start is looked at.
    let mut head = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(256 * 1024).read_to_end(&mut head))
        .ok()?;
    let text = String::from_utf8_lossy(&head);
    let (offset, what) = if text.starts_with("---\n") || text.starts_with("---\r\n") {
        (0, "frontmatter")
    } else {
        let at = ["{%", "{{"].iter().filter_map(|m| text.find(m)).min()?;
        (at, "template syntax")
    };
    let index = LineIndex::new(&text);
    Some(
        Diagnostic::warning(
            crate::error::Code::ContentHtmlTemplate,
            file.to_path_buf(),
            format!("this HTML file has {what}: it is another tool's template, so it is left out of the site"),
        )
        .at_offset(&text, &index, offset)
        .hint("write the page in markdown (a 404.md or index.md is the site's own), or remove the template"),
    )
}

/// Eleventy's rule: `team/team.md` is the page of the folder `team/` (URL
/// `/team/`) when the folder has no index page (`index.md`, `_index.md`,
/// `README.md`) of its own; with one, it stays the page `/team/team/`.
fn name_folder_pages(pages: &mut [SourcePage]) {
    let own: Vec<(&SourcePath, bool)> = pages
        .iter()
        .map(|p| (&p.path, has_own_url(&p.front)))
        .collect();
    let mut urls: Vec<PageUrl> = pages.iter().map(|p| p.url.clone()).collect();
    folder_rule(&own, &mut urls);
    for (page, url) in pages.iter_mut().zip(urls) {
        page.url = url;
    }
}

/// Whether a page's frontmatter gives it a URL of its own (`permalink`,
/// `url`, `slug`), which the folder rule leaves alone.
pub fn has_own_url(front: &FrontMatter) -> bool {
    front.permalink.is_some() || front.slug.is_some()
}

/// The URL the page at `path` gets from its frontmatter or else its file
/// (before [`folder_rule`]), as [`load`] gives it: a URL of its own that
/// cannot be this site's is left for its file's (`load` warns of it).
pub fn page_url(path: &SourcePath, front: &FrontMatter) -> PageUrl {
    match path::url_from_front(path, front) {
        Ok(Some(url)) => url,
        _ => path.page_url(),
    }
}

/// [`name_folder_pages`] for pages given as their paths and whether their
/// frontmatter gives them a URL of their own, with their URLs so far in
/// `urls` (the same order): the URLs the rule changes are changed there.
pub fn folder_rule(pages: &[(&SourcePath, bool)], urls: &mut [PageUrl]) {
    let taken: std::collections::HashSet<PageUrl> = urls.iter().cloned().collect();
    for (&(path, own_url), url) in pages.iter().zip(urls.iter_mut()) {
        let folder = path.parent();
        let name = folder.rsplit('/').next().unwrap_or(folder);
        if !own_url && !name.is_empty() && path.stem() == name && path.extension() == Some("md") {
            let folder_url = PageUrl::from_folder(folder);
            if !taken.contains(&folder_url) {
                *url = folder_url;
            }
        }
    }
}

/// Reads `page`'s file again (it was edited). It keeps its URL (which may
/// depend on its neighbours, see [`name_folder_pages`]); a page that became a
/// draft or unreadable comes back as `None`.
pub fn reload_page(page: &SourcePage, rules: &PageRules) -> (Option<SourcePage>, Vec<Diagnostic>) {
    let (loaded, problems) = load_page(page.path.clone(), page.file.clone(), rules, None);
    let reloaded = match loaded {
        Loaded::Page(mut new) => {
            // The folder rule's URL depends on the neighbours, which an edit
            // does not change; a URL of the page's own is read again.
            if new.front.permalink.is_none() && new.front.slug.is_none() {
                new.url = page.url.clone();
            }
            new.front.nav &= !new.url.is_not_found();
            // Its section's audience, unchanged by an edit that leaves its
            // own `audience` as it was (a change of it is no edit in place).
            new.audience = page.audience;
            Some(*new)
        }
        Loaded::Draft(_) | Loaded::Nothing => None,
    };
    (reloaded, problems)
}

/// What reading one markdown file gives.
enum Loaded {
    /// A page to build.
    Page(Box<SourcePage>),
    /// A draft, left out of this build.
    Draft(SourcePath),
    /// Nothing that can be built (the file could not be read).
    Nothing,
}

/// Reads one page. A page with a problem in its text or frontmatter still
/// comes back (with what could be read), so links to it do not turn into a
/// cascade of broken-link errors: the problem itself fails the build.
/// Warnings (a key that looks mistyped) come with it. Its frontmatter is
/// taken from `fronts` when the last build read the same.
fn load_page(
    path: SourcePath,
    file: PathBuf,
    rules: &PageRules,
    fronts: Option<&FrontCache>,
) -> (Loaded, Vec<Diagnostic>) {
    let bytes = match std::fs::read(&file) {
        Ok(bytes) => bytes,
        Err(e) => {
            let d = Diagnostic::error(
                crate::error::Code::ContentUnreadable,
                file.clone(),
                format!("cannot read the page: {e}"),
            )
            .hint("check that the file exists and is readable");
            return (Loaded::Nothing, vec![d]);
        }
    };
    let mut problem = None;
    let text = String::from_utf8(bytes).unwrap_or_else(|e| {
        let valid =
            std::str::from_utf8(&e.as_bytes()[..e.utf8_error().valid_up_to()]).unwrap_or("");
        let index = crate::error::LineIndex::new(valid);
        problem = Some(
            Diagnostic::error(
                crate::error::Code::ContentEncoding,
                file.clone(),
                "the page is not valid UTF-8 text",
            )
            .at(index.position(valid, valid.len()))
            .hint("save the file as UTF-8 in your editor"),
        );
        String::from_utf8_lossy(e.as_bytes()).into_owned()
    });
    let mut warnings = Vec::new();
    // A lone `\r` ends a line (old Mac files), as CommonMark says, but the
    // markdown parser and TOML know only `\n` and `\r\n`: each becomes a `\n`,
    // one byte for one, so every offset and position is as in the file.
    let normalised = match frontmatter::lone_cr_as_lf(&text) {
        Cow::Owned(t) => Some(t),
        Cow::Borrowed(_) => None,
    };
    let text = normalised.unwrap_or(text);
    let (front, body_offset) = match frontmatter::split(&text) {
        Ok(split) => match read_front(&file, &text, &split, &rules.keys, fronts) {
            Ok(front) => {
                warnings = frontmatter::typos(&file, &text, &split, &front);
                (front, split.body_offset)
            }
            Err(d) => {
                problem = problem.or(Some(d));
                (FrontMatter::default(), split.body_offset)
            }
        },
        Err(e) => {
            problem = problem.or(Some(e.diagnostic(&file, &text)));
            (FrontMatter::default(), 0)
        }
    };
    let mut problems: Vec<Diagnostic> = problem.into_iter().chain(warnings).collect();
    if front.draft && !rules.drafts {
        return (Loaded::Draft(path), problems);
    }
    if front.permalink == Some(frontmatter::Permalink::Off(false)) {
        // Eleventy writes no file for it: data, not a page.
        return (Loaded::Nothing, problems);
    }
    let url = match path::url_from_front(&path, &front) {
        Ok(Some(url)) => url,
        Ok(None) => path.page_url(),
        Err(why) => {
            let key = if front.slug.is_some() {
                "slug"
            } else {
                "permalink"
            };
            let index = LineIndex::new(&text);
            let at = frontmatter::key_offset(&text, body_offset, key).unwrap_or(0);
            problems.push(
                Diagnostic::warning(crate::error::Code::FrontmatterUrl, file.clone(), why)
                    .at_offset(&text, &index, at)
                    .hint("write the URL as a path on this site, such as /policies/pto/; the page keeps the URL of its file"),
            );
            path.page_url()
        }
    };
    let kind = kind_of(&path, &front, rules);
    let page = SourcePage {
        path,
        file,
        text,
        body_offset,
        front,
        url,
        kind,
        audience: Audience::Public,
    };
    (Loaded::Page(Box::new(page)), problems)
}

/// [`frontmatter::parse`], or what the last build's parse of the same text gave.
fn read_front(
    file: &Path,
    text: &str,
    split: &frontmatter::Split<'_>,
    keys: &KeyMap,
    fronts: Option<&FrontCache>,
) -> Result<FrontMatter, Diagnostic> {
    let parse = || frontmatter::parse(file, text, split, keys);
    match (fronts, split.front) {
        (Some(fronts), Some((format, front))) => fronts.read(format, front, parse),
        _ => parse(),
    }
}

/// Whether `path`, with links resolved, is inside `root` (already canonical).
fn inside(path: &Path, root: &Path) -> bool {
    path.canonicalize().is_ok_and(|p| p.starts_with(root))
}

/// Hidden files, editor back-ups and swap files are not content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

/// What the page at `path` is: its frontmatter's `kind`, else (when the
/// handbook infers kinds) what its folder or name says.
pub fn kind_of(path: &SourcePath, front: &FrontMatter, rules: &PageRules) -> Kind {
    match front.kind {
        Some(kind) => kind,
        None if rules.infer_kinds => infer_kind(path, front),
        None => Kind::Page,
    }
}

/// A page's kind from where it is, when its frontmatter does not say.
fn infer_kind(path: &SourcePath, front: &FrontMatter) -> Kind {
    let stem = path.stem().to_ascii_lowercase();
    let in_folder = |names: &[&str]| {
        path.folders()
            .any(|f| names.contains(&f.to_ascii_lowercase().as_str()))
    };
    let group = front
        .nav_group
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase();
    if path.is_index() {
        Kind::Page
    } else if in_folder(&["job-descriptions", "jobs", "roles"]) || group.contains("job description")
    {
        Kind::Job
    } else if in_folder(&["playbooks"]) || stem.contains("playbook") {
        Kind::Playbook
    } else if stem == "glossary" || stem.ends_with("-glossary") {
        Kind::Glossary
    } else if in_folder(&["plans"]) || stem.ends_with("-plan") {
        Kind::Plan
    } else {
        Kind::Page
    }
}

/// Two files that would write one URL are an error naming both.
fn check_url_clashes(content: &mut Content) {
    let mut seen: HashMap<&PageUrl, &SourcePage> = HashMap::with_capacity(content.pages.len());
    let mut clashes = Vec::new();
    for page in &content.pages {
        if let Some(first) = seen.insert(&page.url, page) {
            clashes.push(
                Diagnostic::error(crate::error::Code::ContentDuplicatePage,
                    page.file.clone(),
                    format!("{} and {} are both the page {}", first.file.display(), page.file.display(), page.url),
                )
                .hint("rename or remove one of them (index.md, _index.md and README.md all mean the folder's page)"),
            );
        }
    }
    if !clashes.is_empty() {
        let clashing: std::collections::HashSet<PathBuf> =
            clashes.iter().filter_map(|d| d.file.clone()).collect();
        let (kept, dropped): (Vec<SourcePage>, Vec<SourcePage>) =
            std::mem::take(&mut content.pages)
                .into_iter()
                .partition(|p| !clashing.contains(&p.file));
        content.pages = kept;
        content.clashed = dropped.into_iter().map(|p| (p.path, p.url)).collect();
        content.diagnostics.extend(clashes);
    }
}
