//! Typed paths: where a file is in the content folder, and the URL of its page.

use std::fmt;
use std::path::Path;

use serde::Serialize;

/// A file's path inside the content folder, `/`-separated (`people/jobs/pm.md`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct SourcePath(String);

/// A page's URL path relative to the site's base path: `/`, `/a/`, `/a/b/`.
///
/// Kept decoded (a space is a space); [`crate::render::href`] encodes it for HTML.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct PageUrl(String);

impl SourcePath {
    /// From a path relative to the content folder; `None` if it is not UTF-8.
    pub fn from_relative(rel: &Path) -> Option<SourcePath> {
        let mut parts = Vec::new();
        for c in rel.components() {
            parts.push(c.as_os_str().to_str()?);
        }
        Some(SourcePath(parts.join("/")))
    }

    /// From a `/`-separated string (`a/b.md`).
    pub fn new(path: impl Into<String>) -> SourcePath {
        SourcePath(path.into())
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The extension, lower-cased comparisons are the caller's.
    pub fn extension(&self) -> Option<&str> {
        let name = self.file_name();
        name.rfind('.').filter(|&i| i > 0).map(|i| &name[i + 1..])
    }

    /// The last component.
    pub fn file_name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }

    /// The file name without its extension.
    pub fn stem(&self) -> &str {
        let name = self.file_name();
        name.rfind('.')
            .filter(|&i| i > 0)
            .map_or(name, |i| &name[..i])
    }

    /// The folder it is in (`a/b` for `a/b/c.md`, empty at the top).
    pub fn parent(&self) -> &str {
        self.0.rfind('/').map_or("", |i| &self.0[..i])
    }

    /// The folders it is in, outermost first.
    pub fn folders(&self) -> impl Iterator<Item = &str> {
        self.parent().split('/').filter(|s| !s.is_empty())
    }

    /// Whether it is a folder's own page (`index.md`, `_index.md`, `README.md`).
    pub fn is_index(&self) -> bool {
        self.extension() == Some("md") && is_index_stem(self.stem())
    }

    /// The URL of the page this markdown file becomes (see also
    /// [`PageUrl::from_folder`] for a folder's page named after it).
    pub fn page_url(&self) -> PageUrl {
        let folder = self.parent();
        let mut url = String::with_capacity(self.0.len() + 2);
        url.push('/');
        if !folder.is_empty() {
            url.push_str(folder);
            url.push('/');
        }
        if !self.is_index() {
            url.push_str(self.stem());
            url.push('/');
        }
        PageUrl(url)
    }
}

/// The not-found page static hosts serve: the built-in one, or the
/// content's own (`404.md`, or a `404.html` file).
pub const NOT_FOUND_FILE: &str = "404.html";

impl PageUrl {
    /// The URL of a folder (`a/b` -> `/a/b/`; empty -> `/`).
    pub fn from_folder(folder: &str) -> PageUrl {
        if folder.is_empty() {
            PageUrl("/".to_string())
        } else {
            PageUrl(format!("/{folder}/"))
        }
    }
}

/// The URL a page's frontmatter gives it (`permalink`/`url`, else `slug`),
/// in this site's form (`/a/b/`); `Ok(None)` when it gives none, `Err` (why)
/// when what it gives cannot be a URL here.
pub fn url_from_front(
    path: &SourcePath,
    front: &super::FrontMatter,
) -> Result<Option<PageUrl>, String> {
    use super::frontmatter::Permalink;
    let (written, relative_to) = match (&front.permalink, &front.slug) {
        (Some(Permalink::Path(p)), _) => (p.as_str(), ""),
        (_, Some(slug)) if slug.starts_with('/') => (slug.as_str(), ""),
        (_, Some(slug)) => (slug.as_str(), path.parent()),
        _ => return Ok(None),
    };
    let key = if matches!(front.permalink, Some(Permalink::Path(_))) {
        "permalink"
    } else {
        "slug"
    };
    let written = written.trim();
    if written.contains("{{") || written.contains("{%") {
        return Err(format!(
            "the {key} `{written}` is template syntax, which handbook does not run; the page keeps the URL of its file"
        ));
    }
    if written.contains("://") || written.contains(['?', '#', '\\']) {
        return Err(format!("the {key} `{written}` is not a path on this site"));
    }
    let mut parts: Vec<&str> = relative_to.split('/').filter(|s| !s.is_empty()).collect();
    for part in written.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(format!("the {key} `{written}` climbs out of the site")),
            p => parts.push(p),
        }
    }
    // `/a/b.html` and `/a/b/index.html` are the page `/a/b/`.
    if let Some(last) = parts.last_mut() {
        if *last == "index.html" || *last == "index.htm" {
            parts.pop();
        } else if let Some(stem) = last
            .strip_suffix(".html")
            .or_else(|| last.strip_suffix(".htm"))
        {
            *last = stem;
        }
    }
    Ok(Some(PageUrl::from_folder(&parts.join("/"))))
}

/// The URL a browser read the page's relative links from on the site they
/// were written for (`[links] relative_to = "url"`): the page's own, except
/// when its frontmatter names a file. `permalink: /help/faq.html` is served
/// here as `/help/faq/`, but it was `/help/faq.html`, whose relative links
/// start from `/help/`.
pub fn link_base(path: &SourcePath, url: &PageUrl, front: &super::FrontMatter) -> PageUrl {
    use super::frontmatter::Permalink;
    let written = match (&front.permalink, &front.slug) {
        (Some(Permalink::Path(p)), _) => p,
        (_, Some(slug)) => slug,
        _ => return url.clone(),
    };
    let name = written.trim().rsplit('/').next().unwrap_or_default();
    let names_file = (name.ends_with(".html") || name.ends_with(".htm"))
        && name != "index.html"
        && name != "index.htm";
    // Only when that URL is the page's (not one refused for template syntax).
    if names_file && url_from_front(path, front).ok().flatten().as_ref() == Some(url) {
        url.parent().unwrap_or_else(|| url.clone())
    } else {
        url.clone()
    }
}

/// A file name made from a title: lower-case letters and digits, words joined by `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// `"Head of People & Culture"` -> `head-of-people-culture`; letters of
    /// any script are kept. `None` when the title has no letter or digit.
    pub fn from_title(title: &str) -> Option<Slug> {
        let mut slug = String::with_capacity(title.len());
        for c in title.chars() {
            if c.is_alphanumeric() {
                slug.extend(c.to_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-').to_string();
        (!slug.is_empty()).then_some(Slug(slug))
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A readable title from a file or folder name: `job-descriptions` -> `Job descriptions`.
pub fn title_from_name(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Whether a file stem names a folder's own page.
pub fn is_index_stem(stem: &str) -> bool {
    stem == "index" || stem == "_index" || stem.eq_ignore_ascii_case("readme")
}

impl PageUrl {
    /// From a URL path that starts and ends with `/`; adds what is missing.
    pub fn new(path: &str) -> PageUrl {
        let mut url = String::with_capacity(path.len() + 2);
        if !path.starts_with('/') {
            url.push('/');
        }
        url.push_str(path);
        if !url.ends_with('/') {
            url.push('/');
        }
        PageUrl(url)
    }

    /// The URL path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The output file for this page, relative to the output folder (`a/b/index.html`).
    pub fn output_file(&self) -> String {
        format!("{}index.html", &self.0[1..])
    }

    /// Every file the page is written to: its [`PageUrl::output_file`], and
    /// for the site's own not-found page also [`NOT_FOUND_FILE`].
    pub fn output_files(&self) -> impl Iterator<Item = String> {
        std::iter::once(self.output_file())
            .chain(self.is_not_found().then(|| NOT_FOUND_FILE.to_string()))
    }

    /// Whether this is the site's own not-found page (`404.md` at the top):
    /// it is also written as `404.html`, which static hosts serve for a
    /// path they do not have, in place of the built-in one.
    pub fn is_not_found(&self) -> bool {
        self.0 == "/404/"
    }

    /// How many folders deep (`/` is 0, `/a/b/` is 2).
    pub fn depth(&self) -> usize {
        self.0.matches('/').count() - 1
    }

    /// The URL of the folder above (`/a/` for `/a/b/`), `None` for the root.
    pub fn parent(&self) -> Option<PageUrl> {
        if self.0 == "/" {
            return None;
        }
        let trimmed = &self.0[..self.0.len() - 1];
        Some(PageUrl(
            trimmed[..=trimmed.rfind('/').unwrap_or(0)].to_string(),
        ))
    }
}

impl fmt::Display for PageUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for SourcePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_make_pretty_urls() {
        let url = |p: &str| SourcePath::new(p).page_url().to_string();
        assert_eq!(url("a/b.md"), "/a/b/");
        assert_eq!(url("a/index.md"), "/a/");
        assert_eq!(url("a/_index.md"), "/a/");
        assert_eq!(url("a/README.md"), "/a/");
        assert_eq!(url("index.md"), "/");
        assert_eq!(url("top.md"), "/top/");
    }

    #[test]
    fn can_slug_titles() {
        let slug = |t: &str| Slug::from_title(t).map(|s| s.as_str().to_string());
        assert_eq!(
            slug("Head of People & Culture").as_deref(),
            Some("head-of-people-culture")
        );
        assert_eq!(
            slug("  Día 1: Bienvenida!  ").as_deref(),
            Some("día-1-bienvenida")
        );
        assert_eq!(slug("--- ?? ---"), None);
    }

    #[test]
    fn can_find_where_a_pages_relative_links_started_from() {
        use crate::content::frontmatter::{FrontMatter, Permalink};
        let base = |file: &str, permalink: Option<&str>, slug: Option<&str>| {
            let front = FrontMatter {
                permalink: permalink.map(|p| Permalink::Path(p.into())),
                slug: slug.map(String::from),
                ..FrontMatter::default()
            };
            let path = SourcePath::new(file);
            let url = url_from_front(&path, &front)
                .ok()
                .flatten()
                .unwrap_or_else(|| path.page_url());
            link_base(&path, &url, &front).to_string()
        };
        // A file named by the frontmatter: its folder.
        assert_eq!(base("faq.md", Some("/faq.html"), None), "/");
        assert_eq!(base("q.md", Some("/help/questions.html"), None), "/help/");
        assert_eq!(base("guides/a.md", None, Some("start.htm")), "/guides/");
        // A folder: the page's URL, as without frontmatter.
        assert_eq!(base("a.md", Some("/help/index.html"), None), "/help/");
        assert_eq!(base("a.md", Some("/time-off/"), None), "/time-off/");
        assert_eq!(base("people/a.md", None, None), "/people/a/");
        // Template syntax is not a URL: the page keeps its file's.
        assert_eq!(base("b.md", Some("{{ x }}.html"), None), "/b/");
    }

    #[test]
    fn can_walk_up_urls() {
        assert_eq!(PageUrl::new("/a/b/").parent(), Some(PageUrl::new("/a/")));
        assert_eq!(PageUrl::new("/a/").parent(), Some(PageUrl::new("/")));
        assert_eq!(PageUrl::new("/").parent(), None);
        assert_eq!(PageUrl::new("/a/b/").depth(), 2);
        assert_eq!(PageUrl::new("/a/b/").output_file(), "a/b/index.html");
    }

    #[test]
    fn can_read_path_parts() {
        let p = SourcePath::new("people/jobs/pm.md");
        assert_eq!(
            (p.stem(), p.extension(), p.parent()),
            ("pm", Some("md"), "people/jobs")
        );
        assert_eq!(p.folders().collect::<Vec<_>>(), ["people", "jobs"]);
        assert!(!SourcePath::new(".md").is_index());
    }
}
