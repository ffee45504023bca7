//! The whole-site navigation as one HTML fragment, rendered once per build and
//! fetched by the pages' script, so no page carries a copy of it; and the
//! part of it a page carries for its first paint (its section's links).

use std::ops::Range;

use pulldown_cmark_escape::escape_html;

use crate::analyse::nav::{Nav, NavGroup, NodeKind};

/// What a nav entry shows beside its label.
#[derive(Debug, Clone, Default)]
pub struct NavBadge {
    /// Percent done, when the page has progress.
    pub percent: Option<u8>,
    /// The status, when the page has one: shown as the page header shows it.
    pub status: Option<NavStatus>,
}

/// A status as badges show it everywhere: its name, label and colour.
#[derive(Debug, Clone, Default)]
pub struct NavStatus {
    /// The name (`in-progress`), for styles.
    pub name: String,
    /// What the badge says (`In progress`).
    pub label: String,
    /// Its colour, a CSS colour.
    pub color: String,
}

/// Each node's parts of the navigation's markup, made once for a tree and
/// then copied into the whole tree and into every page's part of it (each
/// page shows some 25 of them: made for each page, they were a quarter of
/// the time a page took to render).
#[derive(Debug, Default)]
pub struct NavPieces {
    /// The node's link, HTML-escaped (empty for a node without one).
    hrefs: Vec<String>,
    /// The node's label, HTML-escaped.
    labels: Vec<String>,
    /// A page's badges as HTML (empty for others).
    badges: Vec<String>,
}

impl NavPieces {
    /// The pieces of `nav`: `href_of` gives a node's link, `badge_of` the
    /// badge of a page.
    pub fn new(
        nav: &Nav,
        href_of: &(dyn Fn(usize) -> String + Sync),
        badge_of: &(dyn Fn(usize) -> NavBadge + Sync),
    ) -> NavPieces {
        use rayon::prelude::*;
        let pieces: Vec<(String, String, String)> = (0..nav.nodes.len())
            .into_par_iter()
            .with_min_len(256)
            .map(|node| {
                let n = &nav.nodes[node];
                let mut href = String::new();
                if n.page.is_some() || n.kind == NodeKind::Place {
                    escape_html(&mut href, &href_of(node)).ok();
                }
                let mut label = String::new();
                escape_html(&mut label, &n.label).ok();
                let mut badge = String::new();
                if let Some(page) = n.page {
                    badges(&mut badge, &badge_of(page));
                }
                (href, label, badge)
            })
            .collect();
        let mut out = NavPieces::default();
        for (href, label, badge) in pieces {
            out.hrefs.push(href);
            out.labels.push(label);
            out.badges.push(badge);
        }
        out
    }
}

/// Renders the tree below the root as nested lists, from its pieces.
pub fn render(nav: &Nav, pieces: &NavPieces) -> String {
    let mut html = String::with_capacity(nav.nodes.len() * 96);
    html.push_str("<ul class=\"nav-tree\">\n");
    if nav.nodes[0].page.is_some() {
        opening(&mut html, nav, 0, pieces);
        link(&mut html, nav, 0, pieces, true, false);
        html.push_str("</li>\n");
    }
    children(&mut html, nav, 0, pieces);
    html.push_str("</ul>\n");
    html
}

/// Where some children of a node are grouped, the ungrouped rest is shown
/// under this name (as the FlowFuse handbook does).
const UNGROUPED: &str = "Other";

fn children(html: &mut String, nav: &Nav, node: usize, pieces: &NavPieces) {
    grouped(html, nav, node, 0..usize::MAX, &mut |html, c| {
        item(html, nav, c, pieces);
    });
}

fn item(html: &mut String, nav: &Nav, node: usize, pieces: &NavPieces) {
    opening(html, nav, node, pieces);
    if nav.nodes[node].groups.is_empty() {
        link(html, nav, node, pieces, true, false);
    } else {
        open_branch(html, nav, node, pieces, true, false);
        children(html, nav, node, pieces);
        html.push_str("</ul></details>");
    }
    html.push_str("</li>\n");
}

/// A section's link and the opening of its pages' list: for a section with
/// a page, its link, then the toggle of its pages beside it (a link inside
/// the <summary> would be two controls in one, axe's nested-interactive);
/// for a folder without one, its name as the toggle. `open` shows the pages.
fn open_branch(
    html: &mut String,
    nav: &Nav,
    node: usize,
    pieces: &NavPieces,
    with_badge: bool,
    open: bool,
) {
    let details = if open { "<details open>" } else { "<details>" };
    if nav.nodes[node].is_link() {
        html.push_str("<div class=\"nav-branch\">");
        link(html, nav, node, pieces, with_badge, false);
        html.push_str("</div>");
        html.push_str(details);
        html.push_str("<summary><span class=\"visually-hidden\">");
        html.push_str(&pieces.labels[node]);
        html.push_str(" pages</span></summary>\n<ul>\n");
    } else {
        html.push_str(details);
        html.push_str("<summary>");
        link(html, nav, node, pieces, with_badge, false);
        html.push_str("</summary>\n<ul>\n");
    }
}

/// `node`'s link (its label alone for a folder), with its badges when
/// `with_badge`; `current`: the page it is on.
fn link(
    html: &mut String,
    nav: &Nav,
    node: usize,
    pieces: &NavPieces,
    with_badge: bool,
    current: bool,
) {
    let n = &nav.nodes[node];
    if n.page.is_some() {
        html.push_str(if current {
            "<a aria-current=\"page\" href=\""
        } else {
            "<a href=\""
        });
        html.push_str(&pieces.hrefs[node]);
        html.push_str("\">");
        html.push_str(&pieces.labels[node]);
        html.push_str("</a>");
    } else if let NodeKind::Link { href, external } = &n.kind {
        // An entry of the navigation file that is no page's place: never
        // current; another site's is said to be one.
        html.push_str(if *external {
            "<a class=\"nav-external\" href=\""
        } else {
            "<a href=\""
        });
        escape_html(&mut *html, href).ok();
        html.push_str("\">");
        html.push_str(&pieces.labels[node]);
        if *external {
            html.push_str(
                "<span aria-hidden=\"true\"> \u{2197}</span><span class=\"visually-hidden\"> (another site)</span>",
            );
        }
        html.push_str("</a>");
    } else {
        html.push_str("<span class=\"nav-folder\">");
        html.push_str(&pieces.labels[node]);
        html.push_str("</span>");
    }
    if with_badge {
        html.push_str(&pieces.badges[node]);
    }
}

/// A page's badges, as its link shows them.
fn badges(html: &mut String, badge: &NavBadge) {
    if let Some(status) = &badge.status {
        html.push_str(" <span class=\"badge badge-status nav-badge\" data-status=\"");
        escape_html(&mut *html, &status.name).ok();
        html.push_str("\" style=\"--badge: ");
        escape_html(&mut *html, &status.color).ok();
        html.push_str("\">");
        escape_html(&mut *html, &status.label).ok();
        html.push_str("</span>");
    }
    if let Some(p) = badge.percent {
        html.push_str(&format!(
            " <span class=\"badge badge-progress nav-badge\" data-percent=\"{p}\">{p}%</span>"
        ));
    }
}

/// Siblings the navigation a page carries shows on each side of the page,
/// and children of the page it shows. The whole tree is fetched and takes
/// its place; until then (the first paint of a first visit) this part is
/// there, without putting the whole tree in every page.
pub const LOCAL_REACH: usize = 12;

/// The part of the navigation page node `node` carries in its own HTML, in
/// the whole tree's markup: the home page, the sections above the page
/// (open, without badges: a section's badge would tie every page below it
/// to it), the page's siblings within [`LOCAL_REACH`] of it, and the
/// page itself, marked current, with its first children. A page left out of
/// the navigation (`nav: false`) shows the sections above it only.
pub fn render_local(nav: &Nav, node: usize, pieces: &NavPieces) -> String {
    let mut html = String::with_capacity(2048);
    html.push_str("<ul class=\"nav-tree\">\n");
    if node == 0 {
        if nav.nodes[0].page.is_none() {
            return String::new();
        }
        opening(&mut html, nav, 0, pieces);
        link(&mut html, nav, 0, pieces, true, true);
        html.push_str("</li>\n");
        shallow_children(&mut html, nav, 0, pieces);
        html.push_str("</ul>\n");
        return html;
    }
    if nav.nodes[0].page.is_some() {
        opening(&mut html, nav, 0, pieces);
        link(&mut html, nav, 0, pieces, false, false);
        html.push_str("</li>\n");
    }
    let chain = nav.ancestors(node);
    let mut closing = Vec::with_capacity(chain.len());
    for &a in chain.iter().skip(1) {
        // Under its group's name, as the whole tree shows it.
        let group = group_title(nav, a);
        if let Some(name) = group {
            open_group(&mut html, name);
        }
        closing.push(if group.is_some() {
            "</ul></details></li>\n</ul></li>\n"
        } else {
            "</ul></details></li>\n"
        });
        opening(&mut html, nav, a, pieces);
        open_branch(&mut html, nav, a, pieces, false, true);
    }
    if let (Some(parent), Some(at)) = (chain.last().copied(), nav.rank(node)) {
        grouped(&mut html, nav, parent, window(at), &mut |html, c| {
            opening(html, nav, c, pieces);
            link(html, nav, c, pieces, true, c == node);
            if c == node && nav.child_count(c) > 0 {
                html.push_str("<details open><summary><span class=\"visually-hidden\">");
                html.push_str(&pieces.labels[c]);
                html.push_str(" pages</span></summary>\n<ul>\n");
                shallow_children(html, nav, c, pieces);
                html.push_str("</ul></details>");
            }
            html.push_str("</li>\n");
        });
    }
    for end in closing.iter().rev() {
        html.push_str(end);
    }
    html.push_str("</ul>\n");
    html
}

/// The sibling nodes whose own navigation ([`render_local`]) shows `node`'s
/// label and badge: those within [`LOCAL_REACH`] of it.
pub fn shown_beside(nav: &Nav, node: usize) -> Vec<usize> {
    let (Some(parent), Some(at)) = (nav.nodes[node].parent, nav.rank(node)) else {
        return Vec::new();
    };
    slices(nav, parent, window(at))
        .flat_map(|(_, items)| items.iter().copied())
        .filter(|&c| c != node)
        .collect()
}

/// The group title the whole tree shows `node` under among its siblings:
/// its group's name, or [`UNGROUPED`] when its siblings have named groups.
fn group_title(nav: &Nav, node: usize) -> Option<&str> {
    let (parent, at) = (nav.nodes[node].parent?, nav.rank(node)?);
    let groups = &nav.nodes[parent].groups;
    let any_named = nav.nodes[parent].names_ungrouped && groups.iter().any(|g| g.name.is_some());
    let (group, _) = slices(nav, parent, at..at + 1).next()?;
    group.name.as_deref().or(any_named.then_some(UNGROUPED))
}

/// The places among siblings within [`LOCAL_REACH`] of place `at`.
fn window(at: usize) -> Range<usize> {
    at.saturating_sub(LOCAL_REACH)..at + LOCAL_REACH + 1
}

/// The opening of `node`'s item: with its URL for the script that marks
/// the current page, unless it is an entry of the navigation file that is
/// no page's or folder's place.
fn opening(html: &mut String, nav: &Nav, node: usize, pieces: &NavPieces) {
    if nav.nodes[node].kind != NodeKind::Place {
        html.push_str("<li class=\"nav-item\">");
        return;
    }
    html.push_str("<li class=\"nav-item\" data-url=\"");
    html.push_str(&pieces.hrefs[node]);
    html.push_str("\">");
}

/// The first children of `node` as links with their badges, in their groups.
fn shallow_children(html: &mut String, nav: &Nav, node: usize, pieces: &NavPieces) {
    grouped(html, nav, node, 0..2 * LOCAL_REACH + 1, &mut |html, c| {
        opening(html, nav, c, pieces);
        link(html, nav, c, pieces, true, false);
        html.push_str("</li>\n");
    });
}

/// The groups of `node`'s children with those at the places in `places`
/// (positions among all its children), each with those children.
fn slices<'n>(
    nav: &'n Nav,
    node: usize,
    places: Range<usize>,
) -> impl Iterator<Item = (&'n NavGroup, &'n [usize])> + 'n {
    let mut start = 0;
    nav.nodes[node].groups.iter().filter_map(move |group| {
        let at = start;
        start += group.items.len();
        let (from, to) = (places.start.max(at), places.end.min(start));
        (from < to).then(|| (group, &group.items[from - at..to - at]))
    })
}

/// The children of `node` at the places in `places`, under their group
/// names as the whole tree shows them, each written by `item`.
fn grouped(
    html: &mut String,
    nav: &Nav,
    node: usize,
    places: Range<usize>,
    item: &mut dyn FnMut(&mut String, usize),
) {
    let any_named =
        nav.nodes[node].names_ungrouped && nav.nodes[node].groups.iter().any(|g| g.name.is_some());
    for (group, items) in slices(nav, node, places) {
        let name = group.name.as_deref().or(any_named.then_some(UNGROUPED));
        if let Some(name) = name {
            open_group(html, name);
        }
        for &c in items {
            item(html, c);
        }
        if name.is_some() {
            html.push_str("</ul></li>\n");
        }
    }
}

/// The opening of a group of children under its name (closed by `</ul></li>`).
fn open_group(html: &mut String, name: &str) {
    html.push_str("<li class=\"nav-group\"><span class=\"nav-group-title\">");
    escape_html(&mut *html, name).ok();
    html.push_str("</span>\n<ul>\n");
}
