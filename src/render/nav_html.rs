//! The whole-site navigation as one HTML fragment, rendered once per build and
//! fetched by the pages' script, so no page carries a copy of it.

use pulldown_cmark_escape::escape_html;

use crate::analyse::nav::Nav;

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

/// Renders the tree below the root as nested lists. `href_of` gives a node's
/// link; `badge_of` the badge of a page.
pub fn render(
    nav: &Nav,
    href_of: &dyn Fn(usize) -> String,
    badge_of: &dyn Fn(usize) -> NavBadge,
) -> String {
    let mut html = String::with_capacity(nav.nodes.len() * 96);
    html.push_str("<ul class=\"nav-tree\">\n");
    if let Some(root_page) = nav.nodes[0].page {
        html.push_str("<li class=\"nav-item\" data-url=\"");
        escape_html(&mut html, &href_of(0)).ok();
        html.push_str("\">");
        link(&mut html, nav, 0, href_of, &badge_of(root_page));
        html.push_str("</li>\n");
    }
    children(&mut html, nav, 0, href_of, badge_of);
    html.push_str("</ul>\n");
    html
}

/// Where some children of a node are grouped, the ungrouped rest is shown
/// under this name (as the FlowFuse handbook does).
const UNGROUPED: &str = "Other";

fn children(
    html: &mut String,
    nav: &Nav,
    node: usize,
    href_of: &dyn Fn(usize) -> String,
    badge_of: &dyn Fn(usize) -> NavBadge,
) {
    let groups = &nav.nodes[node].groups;
    let any_named = groups.iter().any(|g| g.name.is_some());
    for group in groups {
        let name = group.name.as_deref().or(any_named.then_some(UNGROUPED));
        if let Some(name) = name {
            html.push_str("<li class=\"nav-group\"><span class=\"nav-group-title\">");
            escape_html(&mut *html, name).ok();
            html.push_str("</span>\n<ul>\n");
        }
        for &child in &group.items {
            item(html, nav, child, href_of, badge_of);
        }
        if name.is_some() {
            html.push_str("</ul></li>\n");
        }
    }
}

fn item(
    html: &mut String,
    nav: &Nav,
    node: usize,
    href_of: &dyn Fn(usize) -> String,
    badge_of: &dyn Fn(usize) -> NavBadge,
) {
    let n = &nav.nodes[node];
    let badge = n.page.map(badge_of).unwrap_or_default();
    html.push_str("<li class=\"nav-item\" data-url=\"");
    escape_html(&mut *html, &href_of(node)).ok();
    html.push_str("\">");
    if n.groups.is_empty() {
        link(html, nav, node, href_of, &badge);
    } else if n.page.is_some() {
        // A section with a page: its link, then the toggle of its pages. A
        // link inside the <summary> would be two controls in one (axe's
        // nested-interactive); the toggle sits beside the link instead.
        html.push_str("<div class=\"nav-branch\">");
        link(html, nav, node, href_of, &badge);
        html.push_str("</div><details><summary><span class=\"visually-hidden\">");
        escape_html(&mut *html, &n.label).ok();
        html.push_str(" pages</span></summary>\n<ul>\n");
        children(html, nav, node, href_of, badge_of);
        html.push_str("</ul></details>");
    } else {
        html.push_str("<details><summary>");
        link(html, nav, node, href_of, &badge);
        html.push_str("</summary>\n<ul>\n");
        children(html, nav, node, href_of, badge_of);
        html.push_str("</ul></details>");
    }
    html.push_str("</li>\n");
}

fn link(
    html: &mut String,
    nav: &Nav,
    node: usize,
    href_of: &dyn Fn(usize) -> String,
    badge: &NavBadge,
) {
    let n = &nav.nodes[node];
    if n.page.is_some() {
        html.push_str("<a href=\"");
        escape_html(&mut *html, &href_of(node)).ok();
        html.push_str("\">");
        escape_html(&mut *html, &n.label).ok();
        html.push_str("</a>");
    } else {
        html.push_str("<span class=\"nav-folder\">");
        escape_html(&mut *html, &n.label).ok();
        html.push_str("</span>");
    }
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
