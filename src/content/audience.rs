//! Who a page is for, and what one build's audience may see. A page is for
//! the audience its frontmatter names (`audience: internal`); else the one
//! its folder is for (the nearest section page above it that names one, or
//! an `[audience] internal` glob of `handbook.toml` matching its path); else
//! `[audience] default` (public). A build for the public leaves internal
//! pages out as it loads them, as it leaves drafts out: nothing of them is
//! in the site to reach navigation, search, feeds or listings. A file (an
//! image, a PDF) is internal when its folder is, or when only internal
//! pages link to it.

use std::collections::{HashMap, HashSet};

use globset::{Glob, GlobSet, GlobSetBuilder};
use pulldown_cmark::{Event, Parser, Tag};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Asset, Content, PageUrl, SourcePage, SourcePath};

/// Who a page is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Anyone: the public site has it.
    #[default]
    Public,
    /// The company only: only a build for `internal` has it.
    Internal,
}

impl Audience {
    /// Its name, as frontmatter and `--audience` write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Public => "public",
            Audience::Internal => "internal",
        }
    }

    /// Whether a build for `self` has what is for `of`.
    pub fn sees(self, of: Audience) -> bool {
        self == Audience::Internal || of == Audience::Public
    }
}

impl std::str::FromStr for Audience {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "public" => Ok(Audience::Public),
            "internal" => Ok(Audience::Internal),
            other => Err(format!("`{other}` is no audience: public or internal")),
        }
    }
}

/// What decides a page's audience, and who this build is for.
#[derive(Debug, Clone, Default)]
pub struct AudienceRules {
    /// Who this build is for.
    pub build: Audience,
    /// A page's audience when nothing names one (`[audience] default`).
    pub default: Audience,
    /// Paths in the content folder that are internal (`[audience] internal`).
    pub internal: Option<GlobSet>,
}

impl AudienceRules {
    /// The rules from `[audience]`'s globs; an invalid glob is named.
    pub fn new(build: Audience, default: Audience, internal: &[String]) -> Result<Self, String> {
        let internal = if internal.is_empty() {
            None
        } else {
            let mut set = GlobSetBuilder::new();
            for pattern in internal {
                let glob = Glob::new(pattern.trim_start_matches('/'))
                    .map_err(|e| format!("[audience] internal: `{pattern}`: {e}"))?;
                set.add(glob);
            }
            Some(
                set.build()
                    .map_err(|e| format!("[audience] internal: {e}"))?,
            )
        };
        Ok(AudienceRules {
            build,
            default,
            internal,
        })
    }

    /// Whether a glob makes `path` (of a page or a file) internal.
    fn glob_internal(&self, path: &SourcePath) -> bool {
        self.internal
            .as_ref()
            .is_some_and(|set| set.is_match(path.as_str()))
    }
}

/// The audiences pages name themselves, by URL, for their folders' pages
/// and files.
fn named(pages: &[SourcePage]) -> HashMap<&str, Audience> {
    pages
        .iter()
        .filter_map(|p| Some((p.url.as_str(), p.front.audience?)))
        .collect()
}

/// Each page's audience, in `pages`' order (`named`: [`named`]).
fn of_pages(
    pages: &[SourcePage],
    named: &HashMap<&str, Audience>,
    rules: &AudienceRules,
) -> Vec<Audience> {
    pages
        .iter()
        .map(|p| {
            p.front
                .audience
                .or_else(|| rules.glob_internal(&p.path).then_some(Audience::Internal))
                .or_else(|| inherited(&p.url, named))
                .unwrap_or(rules.default)
        })
        .collect()
}

/// The audience the nearest section page above `url` names.
fn inherited(url: &PageUrl, named: &HashMap<&str, Audience>) -> Option<Audience> {
    let mut at = url.parent();
    while let Some(up) = at {
        if let Some(&a) = named.get(up.as_str()) {
            return Some(a);
        }
        at = up.parent();
    }
    None
}

/// Leaves out of `content` what a build for `rules.build` may not have:
/// pages for another audience (kept by path and URL in `content.internal`,
/// so a link to one is reported as such) and the files that are theirs.
pub fn restrict(content: &mut Content, rules: &AudienceRules) {
    let audiences = {
        let named = named(&content.pages);
        let audiences = of_pages(&content.pages, &named, rules);
        let nothing_internal = !audiences.contains(&Audience::Internal)
            && rules.internal.is_none()
            && rules.default == Audience::Public;
        if rules.build != Audience::Internal && !nothing_internal {
            let published = published_files(content, &audiences, &named, rules);
            let (assets, hidden): (Vec<_>, Vec<_>) = std::mem::take(&mut content.assets)
                .into_iter()
                .zip(published)
                .partition(|(_, published)| *published);
            content.assets = assets.into_iter().map(|(a, _)| a).collect();
            content.internal_files = hidden.into_iter().map(|(a, _)| a.path).collect();
        }
        audiences
    };
    let pages = std::mem::take(&mut content.pages);
    for (mut page, audience) in pages.into_iter().zip(audiences) {
        page.audience = audience;
        if rules.build.sees(audience) {
            content.pages.push(page);
        } else {
            let url = page.url.clone();
            content.internal.push((page.path, url));
        }
    }
}

/// Whether a build for `rules.build` publishes each of `content`'s files:
/// not when it is in an internal folder, or linked only from pages the build
/// leaves out.
fn published_files(
    content: &Content,
    audiences: &[Audience],
    named: &HashMap<&str, Audience>,
    rules: &AudienceRules,
) -> Vec<bool> {
    let mut linked_inside = HashSet::new();
    let mut linked_outside = HashSet::new();
    for (page, &audience) in content.pages.iter().zip(audiences) {
        let set = if rules.build.sees(audience) {
            &mut linked_outside
        } else {
            &mut linked_inside
        };
        set.extend(file_links(page));
    }
    let folder_internal = |asset: &Asset| {
        rules.glob_internal(&asset.path)
            || inherited(&asset.path.page_url(), named)
                .unwrap_or(rules.default)
                .eq(&Audience::Internal)
    };
    content
        .assets
        .iter()
        .map(|asset| {
            let path = asset.path.as_str();
            // Not in an internal folder, and linked from a public page or
            // from no internal one.
            !folder_internal(asset)
                && (linked_outside.contains(path) || !linked_inside.contains(path))
        })
        .collect()
}

/// The content paths of the files a page links to or shows, as a build
/// reads its relative links (from the page's folder) and site-absolute ones
/// (from the content folder): markdown links and images, and `src`/`href`
/// in raw HTML. A superset does no harm: it only keeps a file out of the
/// public site when nothing public links to it.
fn file_links(page: &SourcePage) -> Vec<String> {
    let folder = page.path.as_str().rsplit_once('/').map_or("", |(f, _)| f);
    let mut found = Vec::new();
    let mut add = |dest: &str| {
        let dest = dest.split(['#', '?']).next().unwrap_or("");
        if dest.is_empty() || dest.contains("://") || dest.starts_with("mailto:") {
            return;
        }
        let dest = percent_encoding::percent_decode_str(dest).decode_utf8_lossy();
        let joined = match dest.strip_prefix('/') {
            Some(rooted) => rooted.to_string(),
            None if folder.is_empty() => dest.to_string(),
            None => format!("{folder}/{dest}"),
        };
        let mut parts: Vec<&str> = Vec::new();
        for part in joined.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                p => parts.push(p),
            }
        }
        found.push(parts.join("/"));
    };
    for event in Parser::new(page.body()) {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                add(&dest_url);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for value in html_sources(&html) {
                    add(value);
                }
            }
            _ => {}
        }
    }
    found
}

/// The values of `src=` and `href=` attributes in a piece of raw HTML.
fn html_sources(html: &str) -> Vec<&str> {
    let mut values = Vec::new();
    let lower = html.to_ascii_lowercase();
    for name in ["src=", "href="] {
        let mut from = 0;
        while let Some(at) = lower[from..].find(name) {
            let start = from + at + name.len();
            from = start;
            let rest = &html[start..];
            let (quote, body) = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => (Some(q), &rest[1..]),
                _ => (None, rest),
            };
            let end = match quote {
                Some(q) => body.find(q),
                None => body.find(|c: char| c.is_whitespace() || c == '>'),
            }
            .unwrap_or(body.len());
            values.push(&body[..end]);
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_sees_its_own_audience_and_internal_sees_all() {
        assert!(Audience::Public.sees(Audience::Public));
        assert!(!Audience::Public.sees(Audience::Internal));
        assert!(Audience::Internal.sees(Audience::Public));
        assert!(Audience::Internal.sees(Audience::Internal));
        assert_eq!("internal".parse(), Ok(Audience::Internal));
        assert!("secret".parse::<Audience>().is_err());
    }

    #[test]
    fn raw_html_sources_are_found_quoted_or_not() {
        assert_eq!(
            html_sources(r#"<img SRC="a.png"><a href='b.pdf'>x</a><img src=c.jpg alt=x>"#),
            ["a.png", "c.jpg", "b.pdf"]
        );
    }
}
