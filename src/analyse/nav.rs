//! Navigation: the section tree from URLs, grouped by `navGroup`, ordered by
//! `navOrder` then title; breadcrumbs and previous/next come from it. Or the
//! tree a navigation file gives ([`Nav::curated`]), with the pages it does
//! not list placed as the folder tree places them.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::content::PageUrl;

/// What the navigation needs to know of a page.
#[derive(Debug, Clone)]
pub struct NavEntry<'a> {
    /// Its URL.
    pub url: &'a PageUrl,
    /// Its label (`navTitle`, else the title).
    pub label: &'a str,
    /// Its `navGroup`.
    pub group: Option<&'a str>,
    /// Its `navOrder`.
    pub order: Option<f64>,
    /// `nav: false`: left out of the tree shown (it keeps its breadcrumbs).
    pub hidden: bool,
}

/// A node of the tree: a page, or a folder without an index page.
#[derive(Debug, Clone)]
pub struct NavNode {
    /// The page, when the node is one.
    pub page: Option<usize>,
    /// Its URL.
    pub url: PageUrl,
    /// What the navigation shows.
    pub label: String,
    /// The node above.
    pub parent: Option<usize>,
    /// Children in groups; the ungrouped last (its `name` is `None`).
    pub groups: Vec<NavGroup>,
    /// What it leads to, when it is not a page's or folder's place.
    pub kind: NodeKind,
    /// Whether its ungrouped children are shown under "Other" when some of
    /// its children are grouped (the folder tree's way); a navigation
    /// file's groups are shown as it writes them.
    pub names_ungrouped: bool,
    group_name: Option<String>,
    order: Option<f64>,
    hidden: bool,
}

/// What a node leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// Its page, or its folder when it has none.
    Place,
    /// An entry of the navigation file that is a link: to another site
    /// (`external`), a page's heading, a file.
    Link {
        /// Where it leads, as an href.
        href: String,
        /// To another site.
        external: bool,
    },
    /// An entry of the navigation file without a destination: a label
    /// (mdBook's draft chapter), maybe over entries of its own.
    Label,
}

/// Children of a node that share a `navGroup`.
#[derive(Debug, Clone)]
pub struct NavGroup {
    /// The group's name; `None` for pages without one.
    pub name: Option<String>,
    /// Node indices, in order.
    pub items: Vec<usize>,
}

/// The whole site's navigation tree.
#[derive(Debug, Clone)]
pub struct Nav {
    /// All nodes; `0` is the root.
    pub nodes: Vec<NavNode>,
    /// The node of each page, by page index.
    pub node_of_page: Vec<usize>,
    /// Each node's previous and next sibling pages, worked out once.
    siblings: Vec<(Option<usize>, Option<usize>)>,
    /// Each node's place among its parent's children (`None` when hidden).
    rank: Vec<Option<usize>>,
}

/// An entry of the navigation file, resolved (see `analyse::nav_file`).
#[derive(Debug, Clone, PartialEq)]
pub struct CuratedEntry {
    /// What the sidebar shows.
    pub label: String,
    /// What it leads to.
    pub target: Curated,
    /// The entries nested under it.
    pub children: Vec<CuratedEntry>,
}

/// What an entry of the navigation file leads to.
#[derive(Debug, Clone, PartialEq)]
pub enum Curated {
    /// A page, by index: its place in the sidebar.
    Page(usize),
    /// A link that is not a page's place (another site, a heading, a file).
    Link {
        /// Where it leads, as an href.
        href: String,
        /// To another site.
        external: bool,
    },
    /// A label without a destination.
    Label,
}

/// Entries of the navigation file under one heading (or none).
#[derive(Debug, Clone, PartialEq)]
pub struct CuratedGroup {
    /// The heading; `None` for entries under none.
    pub name: Option<String>,
    /// The entries in order.
    pub entries: Vec<CuratedEntry>,
}

impl Nav {
    /// Builds the tree from every page's entry (by page index).
    pub fn build(entries: &[NavEntry<'_>]) -> Nav {
        let mut nodes: Vec<NavNode> = Vec::with_capacity(entries.len() + 1);
        let mut by_url: HashMap<PageUrl, usize> = HashMap::with_capacity(entries.len() + 1);
        let root = PageUrl::new("/");
        nodes.push(NavNode::folder(root.clone(), "Home".into()));
        by_url.insert(root.clone(), 0);
        let mut node_of_page = vec![0; entries.len()];
        for (i, e) in entries.iter().enumerate() {
            let id = match by_url.get(e.url) {
                Some(&id) => id,
                None => {
                    nodes.push(NavNode::folder(e.url.clone(), String::new()));
                    by_url.insert(e.url.clone(), nodes.len() - 1);
                    nodes.len() - 1
                }
            };
            let node = &mut nodes[id];
            node.page = Some(i);
            node.label = e.label.to_string();
            node.group_name = e.group.map(String::from);
            node.order = e.order;
            node.hidden = e.hidden;
            node_of_page[i] = id;
        }
        // Link every node to its parent, creating folders without index pages on the way.
        let mut id = 1;
        while id < nodes.len() {
            let parent_url = nodes[id].url.parent().unwrap_or_else(|| root.clone());
            let parent = match by_url.get(&parent_url) {
                Some(&p) => p,
                None => {
                    let label = folder_label(&parent_url);
                    nodes.push(NavNode::folder(parent_url.clone(), label));
                    by_url.insert(parent_url, nodes.len() - 1);
                    nodes.len() - 1
                }
            };
            nodes[id].parent = Some(parent);
            id += 1;
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        for (id, node) in nodes.iter().enumerate().skip(1) {
            if let Some(p) = node.parent.filter(|_| !node.hidden) {
                children[p].push(id);
            }
        }
        for (id, mut kids) in children.into_iter().enumerate() {
            kids.sort_by(|&a, &b| compare(&nodes[a], &nodes[b]));
            let mut groups: Vec<NavGroup> = Vec::new();
            let mut ungrouped = Vec::new();
            for k in kids {
                match &nodes[k].group_name {
                    Some(name) => match groups.iter_mut().find(|g| g.name.as_deref() == Some(name))
                    {
                        Some(g) => g.items.push(k),
                        None => groups.push(NavGroup {
                            name: Some(name.clone()),
                            items: vec![k],
                        }),
                    },
                    None => ungrouped.push(k),
                }
            }
            if !ungrouped.is_empty() {
                groups.push(NavGroup {
                    name: None,
                    items: ungrouped,
                });
            }
            nodes[id].groups = groups;
        }
        Nav::finish(nodes, node_of_page)
    }

    /// The tree the navigation file gives: `groups` under the root, in
    /// order, each entry with its label and children (the home page, when
    /// listed, stays the root and takes its label; its children stay where
    /// it is). With `tree`, each page the file does not list follows the
    /// listed children of the nearest node above it in `folder` that is
    /// placed, as `folder` orders and groups them; without, or when left
    /// out of `folder`'s tree (`nav: false`), it gets a node of its own
    /// under the root, not shown.
    pub fn curated(folder: &Nav, groups: &[CuratedGroup], tree: bool) -> Nav {
        const NONE: usize = usize::MAX;
        let mut root = folder.nodes[0].clone();
        root.groups = Vec::new();
        root.names_ungrouped = false;
        let mut nodes = vec![root];
        let mut node_of_page = vec![NONE; folder.node_of_page.len()];
        if let Some(p) = nodes[0].page {
            node_of_page[p] = 0;
        }
        for group in groups {
            nodes[0].groups.push(NavGroup {
                name: group.name.clone(),
                items: Vec::new(),
            });
            let g = nodes[0].groups.len() - 1;
            // (entry, parent node, its group): depth first, without recursion.
            let mut stack: Vec<(&CuratedEntry, usize, usize)> =
                group.entries.iter().rev().map(|e| (e, 0, g)).collect();
            while let Some((entry, parent, g)) = stack.pop() {
                let (page, kind, url) = match &entry.target {
                    Curated::Page(p) if node_of_page.get(*p) != Some(&NONE) => {
                        // The home page (the root), or a page listed twice:
                        // its children go where it is.
                        if folder.node_of_page.get(*p) == Some(&0) {
                            nodes[0].label.clone_from(&entry.label);
                        }
                        stack.extend(entry.children.iter().rev().map(|c| (c, parent, g)));
                        continue;
                    }
                    Curated::Page(p) => (
                        Some(*p),
                        NodeKind::Place,
                        folder.nodes[folder.node_of_page[*p]].url.clone(),
                    ),
                    Curated::Link { href, external } => (
                        None,
                        NodeKind::Link {
                            href: href.clone(),
                            external: *external,
                        },
                        nodes[0].url.clone(),
                    ),
                    Curated::Label => (None, NodeKind::Label, nodes[0].url.clone()),
                };
                let id = nodes.len();
                let mut node = NavNode::folder(url, entry.label.clone());
                node.page = page;
                node.kind = kind;
                node.parent = Some(parent);
                node.names_ungrouped = false;
                nodes.push(node);
                if let Some(p) = page {
                    node_of_page[p] = id;
                }
                push_item(&mut nodes[parent], g, id);
                if !entry.children.is_empty() {
                    nodes[id].groups.push(NavGroup {
                        name: None,
                        items: Vec::new(),
                    });
                    stack.extend(entry.children.iter().rev().map(|c| (c, id, 0)));
                }
            }
        }
        nodes[0].groups.retain(|g| !g.items.is_empty());
        if tree {
            // Which of the folder tree's nodes have a page not listed at or below them.
            let mut order = Vec::with_capacity(folder.nodes.len());
            let mut stack = vec![0];
            while let Some(n) = stack.pop() {
                order.push(n);
                stack.extend(folder.children(n));
            }
            let mut wanted = vec![false; folder.nodes.len()];
            for &n in order.iter().rev() {
                let own = n != 0
                    && folder.nodes[n]
                        .page
                        .is_some_and(|p| node_of_page[p] == NONE);
                wanted[n] = own || folder.children(n).any(|c| wanted[c]);
            }
            // Each folder node's unlisted children follow the listed
            // children of its place in the new tree, in its groups.
            let mut stack = vec![(0, 0)];
            while let Some((f, placed)) = stack.pop() {
                for group in &folder.nodes[f].groups {
                    let mut items = Vec::new();
                    for &c in group.items.iter().filter(|&&c| wanted[c]) {
                        let listed = folder.nodes[c].page.map(|p| node_of_page[p]);
                        if let Some(at) = listed.filter(|&at| at != NONE) {
                            stack.push((c, at));
                            continue;
                        }
                        let id = nodes.len();
                        let mut node = folder.nodes[c].clone();
                        node.parent = Some(placed);
                        node.groups = Vec::new();
                        nodes.push(node);
                        if let Some(p) = folder.nodes[c].page {
                            node_of_page[p] = id;
                        }
                        items.push(id);
                        stack.push((c, id));
                    }
                    if !items.is_empty() {
                        nodes[placed].groups.push(NavGroup {
                            name: group.name.clone(),
                            items,
                        });
                    }
                }
            }
        }
        // The rest: a node each, not shown.
        for (p, at) in node_of_page.iter_mut().enumerate() {
            if *at == NONE {
                let was = &folder.nodes[folder.node_of_page[p]];
                let mut node = NavNode::folder(was.url.clone(), was.label.clone());
                node.page = Some(p);
                node.parent = Some(0);
                node.hidden = true;
                *at = nodes.len();
                nodes.push(node);
            }
        }
        Nav::finish(nodes, node_of_page)
    }

    /// The tree with each node's place among its siblings worked out.
    fn finish(nodes: Vec<NavNode>, node_of_page: Vec<usize>) -> Nav {
        let mut nav = Nav {
            siblings: vec![(None, None); nodes.len()],
            rank: vec![None; nodes.len()],
            nodes,
            node_of_page,
        };
        // Previous and next in one pass over each node's children: looking
        // them up per page would be quadratic in the size of a folder.
        for parent in 0..nav.nodes.len() {
            let ranks: Vec<usize> = nav.children(parent).collect();
            for (at, c) in ranks.into_iter().enumerate() {
                nav.rank[c] = Some(at);
            }
            let pages: Vec<usize> = nav
                .children(parent)
                .filter(|&c| nav.nodes[c].page.is_some())
                .collect();
            for (at, &node) in pages.iter().enumerate() {
                nav.siblings[node] = (
                    at.checked_sub(1).map(|i| pages[i]),
                    pages.get(at + 1).copied(),
                );
            }
        }
        nav
    }

    /// The node's children in display order (groups flattened).
    pub fn children(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        self.nodes[node]
            .groups
            .iter()
            .flat_map(|g| g.items.iter().copied())
    }

    /// The nodes from the root down to `node`'s parent.
    pub fn ancestors(&self, node: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut at = self.nodes[node].parent;
        while let Some(p) = at {
            chain.push(p);
            at = self.nodes[p].parent;
        }
        chain.reverse();
        chain
    }

    /// `node`'s place among its parent's children in display order (`None`
    /// for the root and for nodes left out of the tree shown).
    pub fn rank(&self, node: usize) -> Option<usize> {
        self.rank.get(node).copied().flatten()
    }

    /// How many children `node` has.
    pub fn child_count(&self, node: usize) -> usize {
        self.nodes[node].groups.iter().map(|g| g.items.len()).sum()
    }

    /// The pages before and after `node` among its siblings that are pages.
    pub fn prev_next(&self, node: usize) -> (Option<usize>, Option<usize>) {
        self.siblings.get(node).copied().unwrap_or((None, None))
    }
}

impl NavNode {
    fn folder(url: PageUrl, label: String) -> NavNode {
        NavNode {
            page: None,
            url,
            label,
            parent: None,
            groups: Vec::new(),
            kind: NodeKind::Place,
            names_ungrouped: true,
            group_name: None,
            order: None,
            hidden: false,
        }
    }

    /// Whether the node is shown as a link (a page, or a link of the
    /// navigation file); else as a name.
    pub fn is_link(&self) -> bool {
        self.page.is_some() || matches!(self.kind, NodeKind::Link { .. })
    }
}

/// Adds node `id` to `node`'s group `g`.
fn push_item(node: &mut NavNode, g: usize, id: usize) {
    if let Some(group) = node.groups.get_mut(g) {
        group.items.push(id);
    }
}

fn compare(a: &NavNode, b: &NavNode) -> Ordering {
    let order = |n: &NavNode| n.order.unwrap_or(f64::INFINITY);
    order(a)
        .partial_cmp(&order(b))
        .unwrap_or(Ordering::Equal)
        .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
        .then_with(|| a.url.cmp(&b.url))
}

/// `/people/job-descriptions/` -> `Job descriptions`.
fn folder_label(url: &PageUrl) -> String {
    let name = url
        .as_str()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    crate::content::path::title_from_name(name)
}

/// Test-only: a navigation tree from a few pages, each written as a
/// builder call (`page("/a/", "A").order(1.0)`).
#[cfg(test)]
pub(crate) mod testing {
    use super::{Nav, NavEntry};
    use crate::content::PageUrl;

    /// A page as the navigation sees it.
    #[derive(Debug, Clone, Copy)]
    pub(crate) struct Page<'a> {
        url: &'a str,
        label: &'a str,
        group: Option<&'a str>,
        order: Option<f64>,
        hidden: bool,
    }

    /// A page at `url` labelled `label`, ungrouped, unordered, shown.
    pub(crate) fn page<'a>(url: &'a str, label: &'a str) -> Page<'a> {
        Page {
            url,
            label,
            group: None,
            order: None,
            hidden: false,
        }
    }

    impl<'a> Page<'a> {
        /// With `navGroup: group`.
        pub(crate) fn group(self, group: &'a str) -> Self {
            Page {
                group: Some(group),
                ..self
            }
        }

        /// With `navOrder: order`, when given.
        pub(crate) fn order(self, order: impl Into<Option<f64>>) -> Self {
            Page {
                order: order.into(),
                ..self
            }
        }

        /// With `nav: false` when `hidden`.
        pub(crate) fn hidden(self, hidden: bool) -> Self {
            Page { hidden, ..self }
        }
    }

    /// The folder tree of `pages` (page `i` is `pages[i]`).
    pub(crate) fn nav(pages: &[Page<'_>]) -> Nav {
        let urls: Vec<PageUrl> = pages.iter().map(|p| PageUrl::new(p.url)).collect();
        let entries: Vec<NavEntry<'_>> = pages
            .iter()
            .zip(&urls)
            .map(|(p, url)| NavEntry {
                url,
                label: p.label,
                group: p.group,
                order: p.order,
                hidden: p.hidden,
            })
            .collect();
        Nav::build(&entries)
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{nav, page};
    use super::*;

    fn labels(nav: &Nav, node: usize) -> Vec<&str> {
        nav.children(node)
            .map(|c| nav.nodes[c].label.as_str())
            .collect()
    }

    #[test]
    fn hidden_pages_keep_a_node_but_are_not_listed() {
        let n = nav(&[
            page("/a/", "A"),
            page("/a/hidden/", "H").hidden(true),
            page("/a/b/", "B"),
        ]);
        assert_eq!(labels(&n, n.node_of_page[0]), ["B"]);
        let h = n.node_of_page[1];
        assert_eq!(n.ancestors(h), [0, n.node_of_page[0]]);
    }

    #[test]
    fn can_order_by_nav_order_then_label() {
        let n = nav(&[
            page("/", "Home"),
            page("/b/", "Beta"),
            page("/a/", "Alpha"),
            page("/z/", "Zed").order(1.0),
        ]);
        assert_eq!(labels(&n, 0), ["Zed", "Alpha", "Beta"]);
    }

    #[test]
    fn can_group_with_ungrouped_last() {
        let n = nav(&[
            page("/", "H"),
            page("/x/", "X").order(0.0),
            page("/g1/", "G1").group("G").order(5.0),
            page("/g2/", "G2").group("G").order(6.0),
        ]);
        let groups: Vec<_> = n.nodes[0].groups.iter().map(|g| g.name.clone()).collect();
        assert_eq!(groups, [Some("G".to_string()), None]);
        assert_eq!(labels(&n, 0), ["G1", "G2", "X"]);
    }

    #[test]
    fn folders_without_index_pages_become_nodes() {
        let n = nav(&[page("/", "H"), page("/team-docs/a/", "A")]);
        assert_eq!(labels(&n, 0), ["Team docs"]);
        let folder = n.children(0).next().unwrap();
        assert_eq!(n.nodes[folder].page, None);
        assert_eq!(labels(&n, folder), ["A"]);
    }

    #[test]
    fn can_find_prev_next_and_ancestors() {
        let n = nav(&[
            page("/", "H"),
            page("/s/", "S"),
            page("/s/a/", "A").order(1.0),
            page("/s/b/", "B").order(2.0),
        ]);
        let a = n.node_of_page[2];
        let b = n.node_of_page[3];
        assert_eq!(n.prev_next(a), (None, Some(b)));
        assert_eq!(n.prev_next(b), (Some(a), None));
        assert_eq!(n.ancestors(b), [0, n.node_of_page[1]]);
    }

    fn entry(label: &str, target: Curated, children: Vec<CuratedEntry>) -> CuratedEntry {
        CuratedEntry {
            label: label.into(),
            target,
            children,
        }
    }

    /// A small site: home, /s/ with /s/a/ and /s/b/, /t/ with /t/c/.
    fn site() -> Nav {
        nav(&[
            page("/", "Home"),
            page("/s/", "S"),
            page("/s/a/", "A"),
            page("/s/b/", "B"),
            page("/t/", "T"),
            page("/t/c/", "C"),
        ])
    }

    #[test]
    fn can_follow_the_files_order_labels_groups_and_nesting() {
        let groups = vec![
            CuratedGroup {
                name: None,
                entries: vec![entry("Start", Curated::Page(0), vec![])],
            },
            CuratedGroup {
                name: Some("Part".into()),
                entries: vec![
                    entry(
                        "Bee",
                        Curated::Page(3),
                        vec![entry("Ay", Curated::Page(2), vec![])],
                    ),
                    entry(
                        "Status",
                        Curated::Link {
                            href: "https://x.example/".into(),
                            external: true,
                        },
                        vec![],
                    ),
                    entry("Soon", Curated::Label, vec![]),
                ],
            },
        ];
        let n = Nav::curated(&site(), &groups, false);
        assert_eq!(n.nodes[0].label, "Start");
        assert_eq!(labels(&n, 0), ["Bee", "Status", "Soon"]);
        let names: Vec<_> = n.nodes[0].groups.iter().map(|g| g.name.clone()).collect();
        assert_eq!(names, [Some("Part".to_string())]);
        let bee = n.node_of_page[3];
        assert_eq!(labels(&n, bee), ["Ay"]);
        assert_eq!(n.ancestors(n.node_of_page[2]), [0, bee]);
        // Not listed, not placed: a node of its own, not shown.
        let s = n.node_of_page[1];
        assert!(n.nodes[s].hidden && n.rank(s).is_none());
        let status = n.children(0).nth(1).unwrap();
        assert!(n.nodes[status].is_link() && n.nodes[status].page.is_none());
        // Previous and next follow the file.
        assert_eq!(n.prev_next(bee), (None, None));
    }

    #[test]
    fn unlisted_pages_follow_the_listed_ones_as_the_folders_place_them() {
        let groups = vec![CuratedGroup {
            name: None,
            entries: vec![
                entry("Bee", Curated::Page(3), vec![]),
                entry("Ess", Curated::Page(1), vec![]),
            ],
        }];
        let n = Nav::curated(&site(), &groups, true);
        // /t/ and its page follow at the top; /s/a/ under its listed section.
        assert_eq!(labels(&n, 0), ["Bee", "Ess", "T"]);
        assert_eq!(labels(&n, n.node_of_page[1]), ["A"]);
        assert_eq!(labels(&n, n.node_of_page[4]), ["C"]);
        assert!(n.node_of_page.iter().all(|&node| !n.nodes[node].hidden));
    }
}
