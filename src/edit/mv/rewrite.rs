//! The handbook after the move, beside the handbook before it: every
//! page's file, URL and aliases once moved (refusing a move that clashes),
//! and each link that would lead elsewhere, written anew in its own style.

use std::collections::HashMap;
use std::path::PathBuf;

use super::paths::{Ends, shown_from};
use super::{LinkProblem, MoveError, MovedPage, Plan};
use crate::analyse::links::{LinkIndex, Target, Written};
use crate::content::frontmatter::{self as fm, FrontMatter};
use crate::content::{self, PageUrl, SourcePath};
use crate::error::LineIndex;
use crate::site::{self, Site};

/// Where a link led before the move, and so must after.
#[derive(Debug, Clone, Copy)]
pub(super) enum Led<'a> {
    /// A page: its file and URL before and after.
    Page {
        old_path: &'a SourcePath,
        old_url: &'a PageUrl,
        new_path: &'a SourcePath,
        new_url: &'a PageUrl,
    },
    /// A file, and where it is after.
    File(&'a SourcePath),
    /// An old URL of a page, which stays.
    Alias,
}

/// A link that cannot be rewritten, before its line and column are counted.
#[derive(Debug, Clone)]
pub(super) struct Unplaced {
    page: usize,
    offset: usize,
    dest: String,
    why: String,
}

/// A destination to write anew: where its link is in the page's body.
#[derive(Debug, Clone)]
pub(super) struct Rewrite {
    pub(super) offset: usize,
    pub(super) dest: String,
    pub(super) new: String,
}

/// The handbook before and after the move, side by side.
pub(super) struct Mover<'s> {
    pub(super) site: &'s Site,
    pub(super) ends: Ends,
    /// Per page: its file, URL and aliases after the move.
    pub(super) paths: Vec<SourcePath>,
    pub(super) urls: Vec<PageUrl>,
    pub(super) aliases: Vec<Vec<String>>,
    /// Per page: the URL its relative links start from, before and after.
    old_bases: Vec<PageUrl>,
    new_bases: Vec<PageUrl>,
    /// Per page: the alias added (its old URL, as written).
    pub(super) added: Vec<Option<String>>,
    /// Per file: where it is after the move.
    files: HashMap<String, SourcePath>,
    pub(super) old_index: LinkIndex,
    pub(super) new_index: LinkIndex,
    notes: Vec<String>,
    cwd: PathBuf,
}

impl<'s> Mover<'s> {
    /// Works out every page's file, URL and aliases after the move, and
    /// refuses a move that clashes.
    pub(super) fn new(site: &'s Site, ends: Ends, cwd: PathBuf) -> Result<Mover<'s>, MoveError> {
        let pages = &site.content.pages;
        let moved = |path: &str| -> Option<String> {
            if ends.folder {
                let rest = path.strip_prefix(&ends.from_rel)?.strip_prefix('/')?;
                Some(format!("{}/{rest}", ends.to_rel))
            } else {
                (path == ends.from_rel).then(|| ends.to_rel.clone())
            }
        };
        let paths: Vec<SourcePath> = pages
            .iter()
            .map(|p| moved(p.path.as_str()).map_or_else(|| p.path.clone(), SourcePath::new))
            .collect();
        let fronts: Vec<&FrontMatter> = pages.iter().map(|p| &p.front).collect();
        let old_paths: Vec<&SourcePath> = pages.iter().map(|p| &p.path).collect();
        // The URLs as loading gives them, worked out again: a check that
        // the new ones are worked out the same way.
        let again = urls_of(&old_paths, &fronts);
        if let Some(i) = (0..pages.len()).find(|&i| again[i] != pages[i].url) {
            return Err(MoveError::Internal {
                file: pages[i].file.clone(),
                why: format!("its URL is {} but mv makes it {}", pages[i].url, again[i]),
            });
        }
        let urls = urls_of(&paths.iter().collect::<Vec<_>>(), &fronts);
        let config = &site.config;
        let mut by_url: HashMap<&PageUrl, usize> = HashMap::with_capacity(pages.len());
        for (i, url) in urls.iter().enumerate() {
            if paths[i] == pages[i].path && *url != pages[i].url {
                return Err(MoveError::Clash {
                    file: pages[i].file.clone(),
                    why: format!(
                        "this page's URL would change from {} to {}: it is named after its folder, which would then have a page of its own",
                        pages[i].url, url
                    ),
                    hint: "move or rename this page too, or choose another place".into(),
                });
            }
            if let Some(j) = by_url.insert(url, i) {
                let (moving, other) = if paths[i] != pages[i].path {
                    (i, j)
                } else {
                    (j, i)
                };
                return Err(MoveError::Clash {
                    file: pages[moving].file.clone(),
                    why: format!(
                        "its URL would be {url}, which is {}'s",
                        pages[other].file.display()
                    ),
                    hint: "choose another name (index.md, README.md and NAME.md beside a folder NAME/ all mean the folder's page)".into(),
                });
            }
        }
        let mut alias_of: HashMap<String, usize> = HashMap::new();
        for (i, page) in pages.iter().enumerate() {
            for alias in &page.front.aliases {
                if let Some(path) = site::alias_path(alias, config) {
                    alias_of.entry(path).or_insert(i);
                }
            }
        }
        let mut aliases: Vec<Vec<String>> = pages.iter().map(|p| p.front.aliases.clone()).collect();
        let mut added = vec![None; pages.len()];
        let mut notes = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            if paths[i] == page.path {
                continue;
            }
            let kind = content::kind_of(&paths[i], &page.front, &site.rules);
            if kind != page.kind {
                notes.push(format!(
                    "{} will be of kind `{}`, not `{}` (its folder or name gave it its kind): set `kind: {}` in its frontmatter to keep it",
                    shown_from(&page.file, &cwd),
                    kind.as_str(),
                    page.kind.as_str(),
                    page.kind.as_str()
                ));
            }
            let (old, new) = (&page.url, &urls[i]);
            if old == new {
                let why = if content::has_own_url(&page.front) {
                    ", which its frontmatter sets (permalink, url or slug)"
                } else {
                    ""
                };
                notes.push(format!(
                    "{} keeps its URL {old}{why}; only its file moves",
                    shown_from(&page.file, &cwd)
                ));
                continue;
            }
            if let Some(&j) = alias_of.get(new.as_str()).filter(|&&j| j != i) {
                return Err(MoveError::Clash {
                    file: page.file.clone(),
                    why: format!(
                        "its URL would be {new}, which is an alias of {}: the links that go there through its redirect would lead here",
                        pages[j].file.display()
                    ),
                    hint: format!(
                        "remove {new} from the aliases of {} first, or choose another name",
                        pages[j].file.display()
                    ),
                });
            }
            if alias_of.get(new.as_str()) == Some(&i) {
                notes.push(format!(
                    "{} lists its new URL {new} among its aliases: remove it there (a page cannot redirect to itself)",
                    shown_from(&page.file, &cwd)
                ));
            }
            if let Some(&j) = alias_of.get(old.as_str()).filter(|&&j| j != i) {
                return Err(MoveError::Clash {
                    file: page.file.clone(),
                    why: format!(
                        "its old URL {old} is also an alias of {}, so it cannot redirect here",
                        pages[j].file.display()
                    ),
                    hint: format!(
                        "remove {old} from the aliases of {} first",
                        pages[j].file.display()
                    ),
                });
            }
            if alias_of.get(old.as_str()) == Some(&i) {
                continue;
            }
            // The old URL as an alias: as a path from the site's root,
            // unless that reads as under the base path (then with it).
            let alias = [
                old.to_string(),
                format!("{}{}", config.base_path(), &old.as_str()[1..]),
            ]
            .into_iter()
            .find(|a| site::alias_path(a, config).as_deref() == Some(old.as_str()))
            .ok_or_else(|| MoveError::Frontmatter {
                file: page.file.clone(),
                value: old.to_string(),
                why: "it cannot be written as an alias".into(),
            })?;
            aliases[i].push(alias.clone());
            added[i] = Some(alias);
        }
        let files: HashMap<String, SourcePath> = site
            .content
            .assets
            .iter()
            .map(|a| {
                let to = moved(a.path.as_str()).map_or_else(|| a.path.clone(), SourcePath::new);
                (a.path.as_str().to_string(), to)
            })
            .collect();
        let new_files: Vec<&SourcePath> = site
            .content
            .assets
            .iter()
            .filter_map(|a| files.get(a.path.as_str()))
            .collect();
        let new_index = site::link_index(
            config,
            (0..pages.len()).map(|i| (&paths[i], &urls[i], aliases[i].as_slice())),
            new_files.into_iter(),
            &site.content.clashed,
            &site.content.drafts,
        );
        let old_bases = pages.iter().map(|p| p.link_base()).collect();
        let new_bases = (0..pages.len())
            .map(|i| content::path::link_base(&paths[i], &urls[i], &pages[i].front))
            .collect();
        Ok(Mover {
            old_index: site.link_index(),
            new_index,
            site,
            ends,
            paths,
            urls,
            aliases,
            old_bases,
            new_bases,
            added,
            files,
            notes,
            cwd,
        })
    }

    /// Finds every link to rewrite, writes each changed page's new text
    /// and checks it.
    pub(super) fn plan(mut self) -> Result<Plan, MoveError> {
        let site = self.site;
        let pages = &site.content.pages;
        let links = site.links(&self.old_index);
        let mut rewrites: Vec<Vec<Rewrite>> = vec![Vec::new(); pages.len()];
        let mut problems = Vec::new();
        let mut broken = 0;
        for (i, page_links) in links.iter().enumerate() {
            for link in page_links {
                let Some((led, expected)) = self.after(&link.target) else {
                    broken += usize::from(is_broken(&link.target));
                    continue;
                };
                if self
                    .new_index
                    .resolve(&link.dest, &self.paths[i], &self.new_bases[i])
                    == expected
                {
                    continue;
                }
                match self.rewrite(i, &link.dest, led, &expected) {
                    Some(new) => rewrites[i].push(Rewrite {
                        offset: link.offset,
                        dest: link.dest.clone(),
                        new,
                    }),
                    None => problems.push(self.problem(
                        i,
                        pages[i].body_offset + link.offset,
                        &link.dest,
                        "no way of writing it leads where it did once the move is done",
                    )),
                }
            }
        }
        // `reports_to: ../cto.md` is a link too.
        let mut reports: Vec<Option<(String, String)>> = vec![None; pages.len()];
        for (i, page) in pages.iter().enumerate() {
            let Some(wanted) = &page.front.reports_to else {
                continue;
            };
            let target = self
                .old_index
                .resolve(wanted, &page.path, &self.old_bases[i]);
            let Some((led @ Led::Page { .. }, expected)) = self.after(&target) else {
                continue;
            };
            if self
                .new_index
                .resolve(wanted, &self.paths[i], &self.new_bases[i])
                == expected
            {
                continue;
            }
            match self.rewrite(i, wanted, led, &expected) {
                Some(new) => reports[i] = Some((wanted.clone(), new)),
                None => problems.push(self.problem(
                    i,
                    fm::key_offset(&page.text, page.body_offset, "reports_to").unwrap_or(0),
                    wanted,
                    "reports_to cannot be written to name the same role once the move is done",
                )),
            }
        }
        let mut changes = Vec::new();
        for i in 0..pages.len() {
            if rewrites[i].is_empty() && self.added[i].is_none() && reports[i].is_none() {
                continue;
            }
            if let Some(change) = self.change(
                i,
                &rewrites[i],
                reports[i].as_ref(),
                &links[i],
                &mut problems,
            )? {
                changes.push(change);
            }
        }
        let mut nav_problems = Vec::new();
        changes.extend(self.nav_file_change(&mut nav_problems)?);
        if !problems.is_empty() || !nav_problems.is_empty() {
            let mut placed = self.placed(problems);
            placed.extend(nav_problems);
            return Err(MoveError::Links(placed));
        }
        if broken > 0 {
            self.notes.push(format!(
                "{broken} link(s) to missing pages or files were broken before the move and are left as they are written (`handbook check` lists them)"
            ));
        }
        let moved_pages = (0..pages.len())
            .filter(|&i| self.paths[i] != pages[i].path)
            .map(|i| MovedPage {
                from: pages[i].path.clone(),
                to: self.paths[i].clone(),
                old_url: pages[i].url.clone(),
                new_url: self.urls[i].clone(),
                alias: self.added[i].is_some(),
            })
            .collect();
        Ok(Plan {
            from: self.ends.from,
            to: self.ends.to,
            pages: moved_pages,
            changes,
            notes: self.notes,
            cwd: self.cwd,
        })
    }

    /// Where a link to `target` must lead after the move, and what it led
    /// to; `None` for links that lead nowhere to keep (the same page's
    /// anchors, other sites, broken links).
    pub(super) fn after(&self, target: &Target) -> Option<(Led<'_>, Target)> {
        let pages = &self.site.content.pages;
        match target {
            Target::Page { page, .. } => Some((
                Led::Page {
                    old_path: &pages.get(*page)?.path,
                    old_url: &pages[*page].url,
                    new_path: &self.paths[*page],
                    new_url: &self.urls[*page],
                },
                target.clone(),
            )),
            Target::Alias { .. } => Some((Led::Alias, target.clone())),
            Target::File(path) => {
                let to = self.files.get(path.as_str())?;
                Some((Led::File(to), Target::File(to.clone())))
            }
            _ => None,
        }
    }

    /// `dest`, written in page `i`, written anew to lead to `expected`
    /// from where page `i` is after the move, in the style it was written.
    fn rewrite(&self, i: usize, dest: &str, led: Led<'_>, expected: &Target) -> Option<String> {
        let page = &self.site.content.pages[i];
        let before = (&page.path, &self.old_bases[i]);
        self.rewrite_from(
            before,
            (&self.paths[i], &self.new_bases[i]),
            dest,
            led,
            expected,
        )
    }

    /// `dest`, written in the file at `before` (its path and the URL its
    /// links start from) and read at `after` once the move is done, written
    /// anew to lead to `expected`, in the style it was written.
    pub(super) fn rewrite_from(
        &self,
        before: (&SourcePath, &PageUrl),
        after: (&SourcePath, &PageUrl),
        dest: &str,
        led: Led<'_>,
        expected: &Target,
    ) -> Option<String> {
        let dest = dest.trim();
        let cut = dest.find(['?', '#']).unwrap_or(dest.len());
        let (path, suffix) = dest.split_at(cut);
        let (written, site_path) = self.old_index.read(dest, before.0, before.1)?;
        let mut tried = Vec::new();
        for candidate in site_paths(&site_path, led) {
            if tried.contains(&candidate) {
                continue;
            }
            let (prefix, rest) = self.new_index.write(written, &candidate, after.0, after.1);
            let mut rest = encode(&rest, path);
            if written == Written::Relative
                && ((path.starts_with("./") && !rest.starts_with('.'))
                    || rest.split('/').next().is_some_and(|s| s.contains(':')))
            {
                rest.insert_str(0, "./");
            }
            let new = format!("{prefix}{rest}{suffix}");
            if self.new_index.resolve(&new, after.0, after.1) == *expected {
                return Some(new);
            }
            tried.push(candidate);
        }
        None
    }

    /// A link problem at byte `offset` of page `i` (placed by [`Mover::placed`]).
    pub(super) fn problem(&self, i: usize, offset: usize, dest: &str, why: &str) -> Unplaced {
        Unplaced {
            page: i,
            offset,
            dest: dest.to_string(),
            why: why.to_string(),
        }
    }

    /// The problems with their lines and columns, in page order: each
    /// page's lines are counted once, however many problems it has.
    fn placed(&self, mut problems: Vec<Unplaced>) -> Vec<LinkProblem> {
        problems.sort_by_key(|p| (p.page, p.offset));
        let pages = &self.site.content.pages;
        let mut index: Option<(usize, LineIndex)> = None;
        problems
            .into_iter()
            .map(|p| {
                let text = &pages[p.page].text;
                let lines = match &index {
                    Some((page, lines)) if *page == p.page => lines,
                    _ => &index.insert((p.page, LineIndex::new(text))).1,
                };
                LinkProblem {
                    file: pages[p.page].file.clone(),
                    position: lines.position(text, p.offset),
                    dest: p.dest,
                    why: p.why,
                }
            })
            .collect()
    }
}

/// Every page's URL, as loading gives them: from the frontmatter or the
/// file, then the folder-page rule.
fn urls_of(paths: &[&SourcePath], fronts: &[&FrontMatter]) -> Vec<PageUrl> {
    let mut urls: Vec<PageUrl> = paths
        .iter()
        .zip(fronts)
        .map(|(p, f)| content::page_url(p, f))
        .collect();
    let own: Vec<(&SourcePath, bool)> = paths
        .iter()
        .zip(fronts)
        .map(|(p, f)| (*p, content::has_own_url(f)))
        .collect();
    content::folder_rule(&own, &mut urls);
    urls
}

/// Whether a link was broken before the move.
fn is_broken(target: &Target) -> bool {
    matches!(
        target,
        Target::MissingPage(_)
            | Target::MissingFile(_)
            | Target::LeavesContent(_)
            | Target::MovedAway { .. }
            | Target::Draft(_)
    )
}

/// The site paths a link that named `site_path` can name after the move,
/// in the same form first (`.md` file, folder's `x.md`, URL, file without
/// `.md`, `.html`; with or without the trailing slash), then the plainer
/// forms.
fn site_paths(site_path: &str, led: Led<'_>) -> Vec<String> {
    let (old_path, old_url, new_path, new_url) = match led {
        Led::Alias => return vec![site_path.to_string()],
        Led::File(to) => return vec![format!("/{to}")],
        Led::Page {
            old_path,
            old_url,
            new_path,
            new_url,
        } => (old_path, old_url, new_path, new_url),
    };
    let slash = site_path.ends_with('/');
    let bare = site_path.trim_matches('/');
    let url_form = |url: &PageUrl| {
        if slash || url.as_str() == "/" {
            url.to_string()
        } else {
            url.as_str().trim_end_matches('/').to_string()
        }
    };
    let mut out = Vec::with_capacity(3);
    if bare.ends_with(".md") {
        if bare != old_path.as_str() && new_path.is_index() && !new_path.parent().is_empty() {
            // `x.md` for the folder page `x/index.md`.
            out.push(format!("/{}.md", new_path.parent()));
        }
        out.push(format!("/{new_path}"));
    } else if bare.ends_with(".html") || bare.ends_with(".htm") {
        let html = if bare.ends_with(".htm") {
            "htm"
        } else {
            "html"
        };
        if bare.ends_with(&format!("index.{html}")) || new_url.as_str() == "/" {
            out.push(format!("{new_url}index.{html}"));
        } else {
            out.push(format!("{}.{html}", new_url.as_str().trim_end_matches('/')));
        }
    } else if bare != old_url.as_str().trim_matches('/')
        && let Some(stem) = old_path.as_str().strip_suffix(".md")
        && bare == stem
    {
        // The file without `.md` (`a/README`).
        let stem = new_path
            .as_str()
            .strip_suffix(".md")
            .unwrap_or(new_path.as_str());
        out.push(format!("/{stem}{}", if slash { "/" } else { "" }));
    }
    out.push(url_form(new_url));
    out.push(format!("/{new_path}"));
    out
}

/// A decoded path to write in a link, percent-encoded where a link could
/// not hold the character as it is; blanks stay blanks when `original` (the
/// path as it was written) had some, and other letters stay as they are
/// unless `original` encoded its own.
fn encode(path: &str, original: &str) -> String {
    let raw_blanks = original.contains(' ');
    let encoded_letters = original
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'%' && matches!(w[1], b'8' | b'9' | b'a'..=b'f' | b'A'..=b'F'));
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        let escape = match c {
            ' ' => !raw_blanks,
            '"' | '#' | '%' | '<' | '>' | '?' | '\\' | '^' | '`' | '{' | '|' | '}' | '(' | ')'
            | '[' | ']' | '\'' => true,
            c if c.is_control() => true,
            c => !c.is_ascii() && encoded_letters,
        };
        if escape {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(old_path: &str, old_url: &str, new_path: &str, new_url: &str) -> Vec<String> {
        let (op, ou, np, nu) = (
            SourcePath::new(old_path),
            PageUrl::new(old_url),
            SourcePath::new(new_path),
            PageUrl::new(new_url),
        );
        let led = Led::Page {
            old_path: &op,
            old_url: &ou,
            new_path: &np,
            new_url: &nu,
        };
        [
            "/people/hiring.md",
            "/people/hiring/",
            "/people/hiring",
            "/people/hiring.html",
        ]
        .iter()
        .map(|sp| site_paths(sp, led)[0].clone())
        .collect()
    }

    #[test]
    fn can_keep_the_form_a_link_names_its_page_in() {
        assert_eq!(
            page(
                "people/hiring.md",
                "/people/hiring/",
                "team/recruiting.md",
                "/team/recruiting/"
            ),
            [
                "/team/recruiting.md",
                "/team/recruiting/",
                "/team/recruiting",
                "/team/recruiting.html"
            ]
        );
        // A folder's page named by the folder's `.md`.
        let (op, ou, np, nu) = (
            SourcePath::new("a/index.md"),
            PageUrl::new("/a/"),
            SourcePath::new("b/index.md"),
            PageUrl::new("/b/"),
        );
        let led = Led::Page {
            old_path: &op,
            old_url: &ou,
            new_path: &np,
            new_url: &nu,
        };
        assert_eq!(site_paths("/a.md", led)[0], "/b.md");
        assert_eq!(site_paths("/a/index.md", led)[0], "/b/index.md");
        assert_eq!(site_paths("/a/index", led)[0], "/b/index");
    }

    #[test]
    fn can_encode_what_a_link_cannot_hold() {
        assert_eq!(encode("a b/(c).md", "x.md"), "a%20b/%28c%29.md");
        assert_eq!(encode("a b/c.md", "my page.md"), "a b/c.md");
        assert_eq!(encode("día.md", "x.md"), "día.md");
        assert_eq!(encode("día.md", "d%C3%ADa.md"), "d%C3%ADa.md");
        assert_eq!(encode("100%.md", "x.md"), "100%25.md");
    }
}
