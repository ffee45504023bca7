//! Link resolution: what a link written in a page points at, as a pure function
//! over the site's maps, so it can be tested alone.
//!
//! A destination is one of:
//! - `#anchor`: a heading or `<a id>` on the same page;
//! - a relative path (`../x.md`, `x`, `x/`), meant relative to the file (as
//!   GitHub shows it, the default) or to the page's URL;
//! - a site-absolute path under the base path (`/handbook/x/`) or a full URL
//!   to the site itself (`https://example.com/handbook/x/`);
//! - another tool's template syntax (`{{ site.baseurl }}/x`, `{% link x.md %}`):
//!   what it stands for is known only to that tool, so it is not checked
//!   and is reported as such;
//! - anything else (`https:`, `mailto:`, paths outside the base path, allowed
//!   prefixes): not ours to check.

use std::collections::{HashMap, HashSet};

use percent_encoding::percent_decode_str;

use crate::config::{Config, RelativeTo};
use crate::content::{PageUrl, SourcePath};

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page of the handbook reached through one of its aliases (an old
    /// URL that redirects to it): written as the page's own URL.
    Alias {
        /// The page's index in the site.
        page: usize,
        /// The anchor, percent-decoded.
        fragment: Option<String>,
        /// The alias linked to, as a site path (`/old/page/`).
        alias: String,
    },
    /// A draft page, left out of this build: the link would be broken.
    Draft(String),
    /// A page or file for another audience, left out of this build (an
    /// internal page in a public build): the link would leak its place.
    Internal(String),
    /// A page of the handbook, by index, maybe to an anchor on it (decoded).
    Page {
        /// The page's index in the site.
        page: usize,
        /// The anchor, percent-decoded.
        fragment: Option<String>,
    },
    /// An anchor on the page the link is on (decoded).
    SamePage(String),
    /// A file in the content folder, copied to the output at this path.
    File(SourcePath),
    /// Outside the handbook: left as written and not checked.
    Outside,
    /// Another tool's template syntax (`{{ site.baseurl }}/x`): left as
    /// written, not checked, and reported.
    Template,
    /// A page that does not exist; the path we looked for.
    MissingPage(String),
    /// No page is at this path, where a page's file would put it, but
    /// that page has a URL of its own (`permalink`, `url`, `slug`).
    MovedAway {
        /// The path we looked for.
        wanted: String,
        /// The page that moved, by index.
        page: usize,
    },
    /// A file that does not exist; the path we looked for.
    MissingFile(String),
    /// A relative path that climbs out of the content folder (as written, decoded).
    LeavesContent(String),
}

impl Target {
    /// The page it leads to, directly or through an alias, and the anchor.
    pub fn page(&self) -> Option<(usize, Option<&str>)> {
        match self {
            Target::Page { page, fragment } | Target::Alias { page, fragment, .. } => {
                Some((*page, fragment.as_deref()))
            }
            _ => None,
        }
    }
}

/// How a link to a path of the site is written, which decides what its
/// path is read against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Relative to the page: to its file's folder, or to its URL under
    /// `[links] relative_to = "url"` (`../people/hiring.md`).
    Relative,
    /// From the top of the site, under the base path (`/handbook/people/hiring/`).
    SiteAbsolute,
    /// A full URL to the site itself (`https://example.com/handbook/people/hiring/`).
    FullUrl,
    /// Under the `k`-th prefix of `[links] self`: the content folder where
    /// the repository shows it.
    Own(usize),
}

/// The site's pages and files, indexed for resolving links.
#[derive(Debug, Default)]
pub struct LinkIndex {
    by_source: HashMap<String, usize>,
    by_url: HashMap<String, usize>,
    /// Pages whose URL is not their file's (`permalink`, `url`, `slug`, or
    /// Eleventy's `a/a.md` as `/a/`): the URL their file would have had is
    /// not on the site, so a link to it must not find them.
    moved: HashSet<usize>,
    /// Old URLs (`aliases:`), as site paths like page URLs, to their page.
    aliases: HashMap<String, usize>,
    /// Drafts left out of the build, by source path and by URL.
    drafts: HashSet<String>,
    internal: HashSet<String>,
    files: HashSet<String>,
    base_path: String,
    origin_base: Option<String>,
    allow: Vec<String>,
    /// URL prefixes that are the content folder elsewhere (`[links] self`).
    own: Vec<String>,
    relative_to: Option<RelativeTo>,
}

impl LinkIndex {
    /// Indexes pages (by source path and URL, in index order) and files.
    pub fn new<'a>(
        config: &Config,
        pages: impl Iterator<Item = (&'a SourcePath, &'a PageUrl)>,
        files: impl Iterator<Item = &'a SourcePath>,
    ) -> LinkIndex {
        let mut by_source = HashMap::new();
        let mut by_url = HashMap::new();
        let mut moved = HashSet::new();
        for (i, (source, url)) in pages.enumerate() {
            by_source.insert(source.as_str().to_string(), i);
            by_url.insert(url.as_str().to_string(), i);
            if *url != source.page_url() {
                moved.insert(i);
            }
        }
        LinkIndex {
            by_source,
            by_url,
            moved,
            aliases: HashMap::new(),
            drafts: HashSet::new(),
            internal: HashSet::new(),
            files: files.map(|f| f.as_str().to_string()).collect(),
            base_path: config.base_path().to_string(),
            origin_base: config
                .origin()
                .map(|o| format!("{o}{}", config.base_path())),
            allow: config.links.allow.clone(),
            own: config
                .links
                .own
                .iter()
                .map(|p| format!("{}/", p.trim_end_matches('/')))
                .collect(),
            relative_to: Some(config.links.relative_to),
        }
    }

    /// Makes links to these files mean the page at their URL (files left out
    /// because another page has that URL).
    pub fn add_sources<'a>(
        &mut self,
        sources: impl Iterator<Item = (&'a SourcePath, &'a PageUrl)>,
    ) {
        for (source, url) in sources {
            if let Some(&page) = self.by_url.get(url.as_str()) {
                self.by_source.insert(source.as_str().to_string(), page);
            }
        }
    }

    /// Makes each alias (a site path such as `/old/page/` or `/old.html`,
    /// decoded) lead to its page. An alias that is also a page's URL stays
    /// that page's.
    pub fn add_aliases(&mut self, aliases: impl Iterator<Item = (String, usize)>) {
        for (alias, page) in aliases {
            self.aliases.entry(alias).or_insert(page);
        }
    }

    /// Makes links to these drafts (source path and URL) say they are drafts.
    pub fn add_drafts<'a>(&mut self, drafts: impl Iterator<Item = (&'a SourcePath, &'a PageUrl)>) {
        for (source, url) in drafts {
            self.drafts.insert(source.as_str().to_string());
            self.drafts.insert(url.as_str().to_string());
        }
    }

    /// Whether this build left pages or files out for another audience.
    pub fn has_internal(&self) -> bool {
        !self.internal.is_empty()
    }

    /// Makes links to these pages (source path and URL) and files, left out
    /// for another audience, say so.
    pub fn add_internal<'a>(
        &mut self,
        pages: impl Iterator<Item = (&'a SourcePath, &'a PageUrl)>,
        files: impl Iterator<Item = &'a SourcePath>,
    ) {
        for (source, url) in pages {
            self.internal.insert(source.as_str().to_string());
            self.internal.insert(url.as_str().to_string());
        }
        self.internal.extend(files.map(|f| f.as_str().to_string()));
    }

    /// Resolves `dest`, written in the page at `from` (source path) with URL `from_url`.
    pub fn resolve(&self, dest: &str, from: &SourcePath, from_url: &PageUrl) -> Target {
        let dest = dest.trim();
        if dest.is_empty() {
            return Target::Outside;
        }
        if dest.contains("{{") || dest.contains("{%") {
            return Target::Template;
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            return Target::SamePage(decode(fragment));
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(decode(f))),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        match self.site_path(path, from, from_url) {
            Ok((_, site_path)) => self.lookup(&site_path, fragment),
            Err(target) => target,
        }
    }

    /// How `dest` (written in the page at `from`, with URL `from_url`) is
    /// written, and the path inside the site it names (absolute, decoded,
    /// normalised; what [`LinkIndex::resolve`] looks up): `None` when it
    /// names no path of the site (an anchor on the same page, another
    /// site, template syntax, a path that climbs out).
    pub fn read(
        &self,
        dest: &str,
        from: &SourcePath,
        from_url: &PageUrl,
    ) -> Option<(Written, String)> {
        let dest = dest.trim();
        if dest.is_empty() || dest.starts_with('#') || dest.contains("{{") || dest.contains("{%") {
            return None;
        }
        let path = dest.split('#').next().unwrap_or(dest);
        let path = path.split('?').next().unwrap_or(path);
        self.site_path(path, from, from_url).ok()
    }

    /// `site_path` (as [`LinkIndex::read`] gives it) written as `written`
    /// from the page at `from` with URL `from_url`: the prefix to write as
    /// it is (the base path, the site's address, a `[links] self` prefix;
    /// empty for a relative link) and the path after it, decoded (the
    /// caller encodes it). [`LinkIndex::read`] of the two joined gives
    /// `site_path` back.
    pub fn write(
        &self,
        written: Written,
        site_path: &str,
        from: &SourcePath,
        from_url: &PageUrl,
    ) -> (String, String) {
        let rest = site_path.trim_start_matches('/').to_string();
        match written {
            Written::Relative => {
                let base = match self.relative_to {
                    Some(RelativeTo::Url) => from_url.as_str(),
                    _ => from.parent(),
                };
                (String::new(), relative(base, site_path))
            }
            Written::SiteAbsolute => (self.base_path.clone(), rest),
            Written::FullUrl => (self.origin_base.clone().unwrap_or_default(), rest),
            Written::Own(k) => (self.own.get(k).cloned().unwrap_or_default(), rest),
        }
    }

    /// The path inside the site that `path` (a destination without its
    /// fragment and query) names, and how it is written; `Err` with the
    /// target when it names none.
    fn site_path(
        &self,
        path: &str,
        from: &SourcePath,
        from_url: &PageUrl,
    ) -> Result<(Written, String), Target> {
        if let Some((k, rest)) = self
            .own
            .iter()
            .enumerate()
            .find_map(|(k, p)| Some((k, path.strip_prefix(p.as_str())?)))
        {
            // The handbook's own file, linked where the repository shows it.
            let decoded = decode(rest);
            return match join("/", &decoded) {
                Some(p) => Ok((Written::Own(k), p)),
                None => Err(Target::LeavesContent(decoded)),
            };
        }
        if has_scheme(path) || path.starts_with("//") {
            return match &self.origin_base {
                Some(base) if path.starts_with(base.as_str()) || format!("{path}/") == *base => {
                    Ok((
                        Written::FullUrl,
                        format!("/{}", &path[base.len().min(path.len())..]),
                    ))
                }
                _ => Err(Target::Outside),
            };
        }
        if path.starts_with('/') {
            let decoded = decode(path);
            if self.allow.iter().any(|a| decoded.starts_with(a.as_str())) {
                return Err(Target::Outside);
            }
            let Some(rest) = decoded.strip_prefix(self.base_path.as_str()) else {
                return if format!("{decoded}/") == self.base_path {
                    Ok((Written::SiteAbsolute, "/".to_string()))
                } else {
                    Err(Target::Outside)
                };
            };
            return match join("/", rest) {
                Some(p) => Ok((Written::SiteAbsolute, p)),
                None => Err(Target::LeavesContent(decoded)),
            };
        }
        let decoded = decode(path);
        // `join` reads the base's segments only, slashes or not.
        let base = match self.relative_to {
            Some(RelativeTo::Url) => from_url.as_str(),
            _ => from.parent(),
        };
        match join(base, &decoded) {
            Some(p) => Ok((Written::Relative, p)),
            None => Err(Target::LeavesContent(decoded)),
        }
    }

    /// Finds `path` (absolute inside the site, decoded, normalised).
    fn lookup(&self, path: &str, fragment: Option<String>) -> Target {
        let rel = path.trim_start_matches('/');
        let page = |i: usize| Target::Page {
            page: i,
            fragment: fragment.clone(),
        };
        if let Some(stem) = rel.strip_suffix(".md") {
            // `x.md` where the page is the folder `x/`'s own (`x/index.md`),
            // as GitHub, Hugo and Eleventy readers write it.
            let found = self.by_source.get(rel).copied().or_else(|| {
                self.source_candidates(stem)
                    .filter(|c| c != rel)
                    .find_map(|c| self.by_source.get(&c).copied())
            });
            return match found {
                Some(i) => page(i),
                None if self.drafts.contains(rel) => Target::Draft(rel.to_string()),
                None if self.internal.contains(rel) => Target::Internal(rel.to_string()),
                None => Target::MissingPage(rel.to_string()),
            };
        }
        let url = format!("/{}", with_slash(rel));
        if let Some(&i) = self.by_url.get(&url) {
            return page(i);
        }
        let alias = |key: &str| {
            self.aliases.get(key).map(|&i| Target::Alias {
                page: i,
                fragment: fragment.clone(),
                alias: key.to_string(),
            })
        };
        if let Some(found) =
            alias(&url).or_else(|| alias(&format!("/{}", rel.trim_end_matches('/'))))
        {
            return found;
        }
        let trimmed = rel.trim_end_matches('/');
        if self.files.contains(trimmed) {
            return Target::File(SourcePath::new(trimmed));
        }
        // A path that names a markdown file without `.md` (`a/b`, `a/README`)
        // is that file's page, unless the page has moved to a URL of its own:
        // then `/a/b/` is where it used to be, a link its tool leaves broken.
        let mut moved_away = None;
        for candidate in self.source_candidates(trimmed) {
            match self.by_source.get(&candidate) {
                Some(&i) if self.moved.contains(&i) => {
                    moved_away = moved_away.or(Some(i));
                }
                Some(&i) => return page(i),
                None => {}
            }
        }
        if let Some(stem) = trimmed
            .strip_suffix(".html")
            .or_else(|| trimmed.strip_suffix(".htm"))
            && let Some(&i) = self
                .by_url
                .get(&format!("/{}", with_slash(stem.trim_end_matches("/index"))))
        {
            return page(i);
        }
        if self.drafts.contains(&url)
            || self
                .source_candidates(trimmed)
                .any(|c| self.drafts.contains(&c))
        {
            return Target::Draft(trimmed.to_string());
        }
        if self.internal.contains(&url)
            || self.internal.contains(trimmed)
            || self
                .source_candidates(trimmed)
                .any(|c| self.internal.contains(&c))
        {
            return Target::Internal(trimmed.to_string());
        }
        if let Some(page) = moved_away {
            return Target::MovedAway {
                wanted: trimmed.to_string(),
                page,
            };
        }
        let name = trimmed.rsplit('/').next().unwrap_or(trimmed);
        if name.contains('.') && !name.ends_with(".html") {
            Target::MissingFile(trimmed.to_string())
        } else {
            Target::MissingPage(trimmed.to_string())
        }
    }

    /// The markdown files that can be the page at folder-relative path `rel`.
    fn source_candidates(&self, rel: &str) -> impl Iterator<Item = String> {
        let folder = if rel.is_empty() {
            String::new()
        } else {
            format!("{rel}/")
        };
        let index =
            ["index.md", "_index.md", "README.md", "readme.md"].map(|n| format!("{folder}{n}"));
        (!rel.is_empty())
            .then(|| format!("{rel}.md"))
            .into_iter()
            .chain(index)
    }
}

/// The hint for a link to a page that does not exist: where a page whose
/// file was at that path went (`moved`: its file and its own URL), else how
/// the path was read, which depends on how it was written.
pub fn missing_page_hint(
    dest: &str,
    relative_to: RelativeTo,
    moved: Option<(&SourcePath, &PageUrl)>,
) -> String {
    if let Some((file, url)) = moved {
        return format!(
            "{file} has a URL of its own, {url} (its permalink, url or slug), and nothing is left at its file's: link to {url} or to the file"
        );
    }
    let relative = !(dest.starts_with('/') || has_scheme(dest));
    match relative_to {
        _ if !relative => "check the path; no page of the handbook has this URL".to_string(),
        RelativeTo::File => {
            "check the path; relative links are relative to the markdown file, as on GitHub"
                .to_string()
        }
        RelativeTo::Url => "check the path; relative links are relative to the page's URL, as a browser reads them ([links] relative_to = \"url\")".to_string(),
    }
}

/// The relative path from the folder `base` (its segments: slashes do not
/// matter) to the site path `target`, which [`join`] of the two gives back:
/// `../`s up to the folders they share, then the rest of `target`, with its
/// trailing slash. `./` (or `.`) when `target` is `base` itself.
fn relative(base: &str, target: &str) -> String {
    let base: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    let trailing = target.ends_with('/');
    let target: Vec<&str> = target.split('/').filter(|s| !s.is_empty()).collect();
    let shared = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(base.len() - shared);
    let rest = &target[shared..];
    if rest.is_empty() {
        if out.is_empty() {
            out.push_str("./");
        }
        if !trailing {
            out.pop();
        }
    } else {
        out.push_str(&rest.join("/"));
        if trailing {
            out.push('/');
        }
    }
    out
}

fn with_slash(rel: &str) -> String {
    if rel.is_empty() || rel.ends_with('/') {
        rel.to_string()
    } else {
        format!("{rel}/")
    }
}

pub(crate) fn has_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Percent-decodes a link part (lossy on invalid UTF-8).
pub fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Joins a relative path onto a folder path (its segments: leading and
/// trailing slashes do not matter), resolving `.` and `..`. `None` when it
/// climbs above the root.
fn join(base: &str, rel: &str) -> Option<String> {
    // Built in one string (every link of every page comes through here):
    // each segment is `/` and its name, and `..` cuts the last one off.
    let mut out = String::with_capacity(base.len() + rel.len() + 2);
    for seg in base.split('/').filter(|s| !s.is_empty()) {
        out.push('/');
        out.push_str(seg);
    }
    let trailing = rel.ends_with('/') || rel.ends_with("/.") || rel == "." || rel == "..";
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                let last = out.rfind('/')?;
                out.truncate(last);
            }
            s => {
                out.push('/');
                out.push_str(s);
            }
        }
    }
    if out.is_empty() || (trailing && !out.ends_with('/')) {
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(base_url: &str) -> (LinkIndex, Vec<(SourcePath, PageUrl)>) {
        let pages: Vec<(SourcePath, PageUrl)> = [
            "index.md",
            "a/index.md",
            "a/b.md",
            "c d.md",
            "a/deep/README.md",
        ]
        .iter()
        .map(|p| {
            let s = SourcePath::new(*p);
            let u = s.page_url();
            (s, u)
        })
        .collect();
        let mut config = Config::default();
        config.set_base_url(base_url).expect("a valid base_url");
        let files = [SourcePath::new("images/x.png")];
        let idx = LinkIndex::new(&config, pages.iter().map(|(s, u)| (s, u)), files.iter());
        (idx, pages)
    }

    fn resolve(dest: &str, from: &str) -> Target {
        let (idx, _) = index("https://example.com/handbook/");
        let from = SourcePath::new(from);
        idx.resolve(dest, &from, &from.page_url())
    }

    fn page(page: usize, fragment: Option<&str>) -> Target {
        Target::Page {
            page,
            fragment: fragment.map(String::from),
        }
    }

    #[test]
    fn joins_resolve_dots_and_keep_trailing_slashes() {
        let cases = [
            ("/", "a/b.md", Some("/a/b.md")),
            ("/a/b/", "../c.md", Some("/a/c.md")),
            ("/a/b/", "./c/", Some("/a/b/c/")),
            ("/a/", "..", Some("/")),
            ("/a/", "../..", None),
            ("/", "..", None),
            ("/", "", Some("/")),
            ("/", ".", Some("/")),
            ("/a/", ".", Some("/a/")),
            ("/a/", "b/.", Some("/a/b/")),
            ("/a//b/", "c//d", Some("/a/b/c/d")),
            ("/a/", "b/../../c", Some("/c")),
            ("/a/", "b/../../../c", None),
            ("a/b", "../c.md", Some("/a/c.md")),
            ("", "c.md", Some("/c.md")),
        ];
        for (base, rel, want) in cases {
            assert_eq!(join(base, rel).as_deref(), want, "{base} + {rel}");
        }
    }

    #[test]
    fn can_make_relative_paths_that_join_back() {
        let cases = [
            ("a/b", "/a/c.md", "../c.md"),
            ("a", "/a/", "./"),
            ("a", "/a", "."),
            ("", "/x/y.md", "x/y.md"),
            ("a/b", "/", "../../"),
            ("a/b", "/a", ".."),
            ("a", "/b/c/", "../b/c/"),
            ("/a/b/", "/a/b/c", "c"),
        ];
        for (base, target, want) in cases {
            assert_eq!(relative(base, target), want, "{base} -> {target}");
            let back = join(base, want).map(|p| p.trim_end_matches('/').to_string());
            assert_eq!(
                back.as_deref(),
                Some(target.trim_end_matches('/')),
                "{base} + {want}"
            );
        }
    }

    #[test]
    fn can_write_a_site_path_back_as_it_was_written() {
        let (idx, _) = index("https://example.com/handbook/");
        let from = SourcePath::new("a/deep/README.md");
        let url = from.page_url();
        for dest in [
            "../b.md",
            "./README.md#x",
            "..",
            "../../c%20d.md",
            "/handbook/a/b/",
            "/handbook",
            "https://example.com/handbook/a/",
            "b/?q=1",
        ] {
            let (written, path) = idx.read(dest, &from, &url).expect("a path of the site");
            let (prefix, rest) = idx.write(written, &path, &from, &url);
            let again = format!("{prefix}{rest}");
            assert_eq!(
                idx.read(&again, &from, &url),
                Some((written, path)),
                "{dest} -> {again}"
            );
        }
        for dest in [
            "#x",
            "mailto:x@y.z",
            "/elsewhere/",
            "../../../x.md",
            "{{ x }}",
        ] {
            assert_eq!(idx.read(dest, &from, &url), None, "{dest}");
        }
    }

    #[test]
    fn can_resolve_relative_md_links_like_github() {
        assert_eq!(resolve("b.md", "a/index.md"), page(2, None));
        assert_eq!(resolve("../a/b.md#x", "a/b.md"), page(2, Some("x")));
        assert_eq!(resolve("./deep/README.md", "a/b.md"), page(4, None));
        assert_eq!(resolve("c%20d.md", "index.md"), page(3, None));
    }

    #[test]
    fn can_resolve_extensionless_and_folder_links() {
        assert_eq!(resolve("b", "a/index.md"), page(2, None));
        assert_eq!(resolve("../a/", "a/b.md"), page(1, None));
        assert_eq!(resolve("deep", "a/b.md"), page(4, None));
        assert_eq!(resolve("..", "a/b.md"), page(0, None));
    }

    #[test]
    fn can_resolve_site_absolute_and_full_urls() {
        assert_eq!(resolve("/handbook/a/b/", "index.md"), page(2, None));
        assert_eq!(resolve("/handbook/", "a/b.md"), page(0, None));
        assert_eq!(resolve("/handbook", "a/b.md"), page(0, None));
        assert_eq!(
            resolve("https://example.com/handbook/a/#%F0%9F%94%81-x", "index.md"),
            page(1, Some("🔁-x"))
        );
        assert_eq!(resolve("/contact-us", "index.md"), Target::Outside);
        assert_eq!(
            resolve("https://other.org/handbook/a/", "index.md"),
            Target::Outside
        );
        assert_eq!(resolve("mailto:x@y.z", "index.md"), Target::Outside);
    }

    #[test]
    fn can_report_missing_pages_and_files() {
        assert_eq!(
            resolve("nope.md", "a/b.md"),
            Target::MissingPage("a/nope.md".into())
        );
        assert_eq!(
            resolve("/handbook/zzz/", "a/b.md"),
            Target::MissingPage("zzz".into())
        );
        assert_eq!(
            resolve("../images/y.png", "a/b.md"),
            Target::MissingFile("images/y.png".into())
        );
        assert_eq!(
            resolve("../images/x.png", "a/b.md"),
            Target::File(SourcePath::new("images/x.png"))
        );
        assert_eq!(
            resolve("../../x.md", "a/b.md"),
            Target::LeavesContent("../../x.md".into())
        );
    }

    #[test]
    fn can_tell_template_destinations_from_paths() {
        for dest in [
            "{{site.baseurl}}/foo",
            "{{ site.baseurl }}/handbook/x.md",
            "/handbook/{% link a.md %}",
            "{{<ref \"a\">}}",
        ] {
            assert_eq!(resolve(dest, "a/b.md"), Target::Template, "{dest}");
        }
        // One brace is a path like any other.
        assert_eq!(
            resolve("{x}.md", "a/b.md"),
            Target::MissingPage("a/{x}.md".into())
        );
    }

    #[test]
    fn can_tell_a_moved_pages_old_url_from_its_file() {
        // `remote.md` says `permalink: /remote/`, `guide/guide.md` is the
        // folder's page (Eleventy): their files' own URLs are not on the site.
        let pages: Vec<(SourcePath, PageUrl)> = [
            ("policies/remote.md", "/remote/"),
            ("guide/guide.md", "/guide/"),
            ("policies/pto.md", "/policies/pto/"),
        ]
        .iter()
        .map(|(s, u)| (SourcePath::new(*s), PageUrl::new(u)))
        .collect();
        let idx = LinkIndex::new(
            &Config::default(),
            pages.iter().map(|(s, u)| (s, u)),
            [].iter(),
        );
        let from = SourcePath::new("policies/pto.md");
        let resolve = |dest: &str| idx.resolve(dest, &from, &from.page_url());
        assert_eq!(resolve("/remote/"), page(0, None));
        assert_eq!(resolve("remote.md"), page(0, None));
        assert_eq!(resolve("/guide/guide.md"), page(1, None));
        assert_eq!(resolve("/guide/"), page(1, None));
        assert_eq!(
            resolve("/policies/remote/"),
            Target::MovedAway {
                wanted: "policies/remote".into(),
                page: 0
            }
        );
        assert_eq!(
            resolve("/guide/guide/"),
            Target::MovedAway {
                wanted: "guide/guide".into(),
                page: 1
            }
        );
        // A page at its file's URL is still found without `.md`.
        assert_eq!(resolve("/policies/pto"), page(2, None));
    }

    #[test]
    fn can_say_how_a_missing_pages_path_was_read() {
        let hint = |dest: &str, relative_to| missing_page_hint(dest, relative_to, None);
        assert!(hint("../x.md", RelativeTo::File).contains("relative to the markdown file"));
        assert!(hint("../x/", RelativeTo::Url).contains("relative to the page's URL"));
        for dest in ["/x/", "https://github.com/acme/h/blob/main/x.md"] {
            for relative_to in [RelativeTo::File, RelativeTo::Url] {
                let said = hint(dest, relative_to);
                assert!(!said.contains("relative"), "{dest}: {said}");
            }
        }
        let (file, url) = (
            SourcePath::new("policies/remote.md"),
            PageUrl::new("/remote/"),
        );
        assert_eq!(
            missing_page_hint("/policies/remote/", RelativeTo::Url, Some((&file, &url))),
            "policies/remote.md has a URL of its own, /remote/ (its permalink, url or slug), and nothing is left at its file's: link to /remote/ or to the file"
        );
    }

    #[test]
    fn can_resolve_same_page_anchors() {
        assert_eq!(
            resolve("#a%20b", "index.md"),
            Target::SamePage("a b".into())
        );
    }

    #[test]
    fn can_resolve_relative_to_url() {
        let (mut idx, _) = index("/");
        idx.relative_to = Some(RelativeTo::Url);
        let from = SourcePath::new("a/b.md");
        // From /a/b/, `../b/` is /a/b/ itself; file-relative it would be /b/.
        assert_eq!(idx.resolve("../b/", &from, &from.page_url()), page(2, None));
    }
}
