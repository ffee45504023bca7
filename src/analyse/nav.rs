//! Navigation: the section tree from URLs, grouped by `navGroup`, ordered by
//! `navOrder` then title; breadcrumbs and previous/next come from it.

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
    group_name: Option<String>,
    order: Option<f64>,
    hidden: bool,
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
            group_name: None,
            order: None,
            hidden: false,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn nav(pages: &[(&str, &str, Option<&str>, Option<f64>)]) -> Nav {
        let urls: Vec<PageUrl> = pages.iter().map(|p| PageUrl::new(p.0)).collect();
        let entries: Vec<NavEntry<'_>> = pages
            .iter()
            .zip(&urls)
            .map(|(p, url)| NavEntry {
                url,
                label: p.1,
                group: p.2,
                order: p.3,
                hidden: p.0.contains("hidden"),
            })
            .collect();
        Nav::build(&entries)
    }

    fn labels(nav: &Nav, node: usize) -> Vec<&str> {
        nav.children(node)
            .map(|c| nav.nodes[c].label.as_str())
            .collect()
    }

    #[test]
    fn hidden_pages_keep_a_node_but_are_not_listed() {
        let n = nav(&[
            ("/a/", "A", None, None),
            ("/a/hidden/", "H", None, None),
            ("/a/b/", "B", None, None),
        ]);
        assert_eq!(labels(&n, n.node_of_page[0]), ["B"]);
        let h = n.node_of_page[1];
        assert_eq!(n.ancestors(h), [0, n.node_of_page[0]]);
    }

    #[test]
    fn can_order_by_nav_order_then_label() {
        let n = nav(&[
            ("/", "Home", None, None),
            ("/b/", "Beta", None, None),
            ("/a/", "Alpha", None, None),
            ("/z/", "Zed", None, Some(1.0)),
        ]);
        assert_eq!(labels(&n, 0), ["Zed", "Alpha", "Beta"]);
    }

    #[test]
    fn can_group_with_ungrouped_last() {
        let n = nav(&[
            ("/", "H", None, None),
            ("/x/", "X", None, Some(0.0)),
            ("/g1/", "G1", Some("G"), Some(5.0)),
            ("/g2/", "G2", Some("G"), Some(6.0)),
        ]);
        let groups: Vec<_> = n.nodes[0].groups.iter().map(|g| g.name.clone()).collect();
        assert_eq!(groups, [Some("G".to_string()), None]);
        assert_eq!(labels(&n, 0), ["G1", "G2", "X"]);
    }

    #[test]
    fn folders_without_index_pages_become_nodes() {
        let n = nav(&[("/", "H", None, None), ("/team-docs/a/", "A", None, None)]);
        assert_eq!(labels(&n, 0), ["Team docs"]);
        let folder = n.children(0).next().unwrap();
        assert_eq!(n.nodes[folder].page, None);
        assert_eq!(labels(&n, folder), ["A"]);
    }

    #[test]
    fn can_find_prev_next_and_ancestors() {
        let n = nav(&[
            ("/", "H", None, None),
            ("/s/", "S", None, None),
            ("/s/a/", "A", None, Some(1.0)),
            ("/s/b/", "B", None, Some(2.0)),
        ]);
        let a = n.node_of_page[2];
        let b = n.node_of_page[3];
        assert_eq!(n.prev_next(a), (None, Some(b)));
        assert_eq!(n.prev_next(b), (Some(a), None));
        assert_eq!(n.ancestors(b), [0, n.node_of_page[1]]);
    }
}
