//! Tags and related pages: pages that share tags or link to each other.
//!
//! A page's related pages score 3 for each link between the two (either
//! way) and, per shared tag, more for a rarer tag. Tags on more than
//! [`BROAD_TAG`] pages say little about a pair and are left out of the
//! scoring, which also keeps the work linear in the number of pages.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::content::Slug;

/// Tags on more pages than this do not make pages related.
pub const BROAD_TAG: usize = 100;

/// How many related pages a page lists.
pub const RELATED_COUNT: usize = 5;

/// One tag and its pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The tag as first written.
    pub name: String,
    /// For its URL.
    pub slug: Slug,
    /// Its pages, in site order.
    pub pages: Vec<usize>,
}

/// A tag's identity: its name in lower case with blanks squeezed, so
/// `On-call` and `on-call` are one tag but `C++` and `C#` are two.
pub fn tag_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Every tag, by [`tag_key`]. Each gets a slug of its own for its URL
/// (`c`, `c-2`, ... when names differ only in punctuation; `tag` for a name without letters).
pub fn tags<'a>(pages: impl Iterator<Item = &'a [String]>) -> BTreeMap<String, Tag> {
    let mut out: BTreeMap<String, Tag> = BTreeMap::new();
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (i, tags) in pages.enumerate() {
        for name in tags {
            let key = tag_key(name);
            if key.is_empty() {
                continue;
            }
            let tag = out.entry(key).or_insert_with(|| {
                let base = Slug::from_title(name)
                    .map_or_else(|| "tag".to_string(), |s| s.as_str().to_string());
                let mut slug = base.clone();
                let mut n = 1;
                while !taken.insert(slug.clone()) {
                    n += 1;
                    slug = format!("{base}-{n}");
                }
                Tag {
                    name: name.trim().to_string(),
                    slug: Slug::from_title(&slug)
                        .unwrap_or_else(|| Slug::from_title("tag").expect("a slug")),
                    pages: Vec::new(),
                }
            });
            if tag.pages.last() != Some(&i) {
                tag.pages.push(i);
            }
        }
    }
    out
}

/// The pages related to `page`: `links` are the pages it links to and from
/// (with repeats removed), `tags` its tags' slugs.
pub fn related(
    page: usize,
    links: impl Iterator<Item = usize>,
    tags: &[String],
    all_tags: &BTreeMap<String, Tag>,
) -> Vec<usize> {
    let narrow: Vec<&Tag> = tags
        .iter()
        .filter_map(|name| all_tags.get(&tag_key(name)))
        .filter(|tag| tag.pages.len() <= BROAD_TAG)
        .collect();
    // Sized for every candidate (the links are a few): growing it was 1.6%
    // of a 1,000-page build. The order it is read in does not matter, as
    // the ranking below is total.
    let candidates = narrow.iter().map(|t| t.pages.len()).sum::<usize>() + 16;
    let mut score: FxHashMap<usize, u32> =
        FxHashMap::with_capacity_and_hasher(candidates, Default::default());
    for other in links {
        if other != page {
            *score.entry(other).or_default() += 30;
        }
    }
    for tag in narrow {
        // Rarer tags weigh more: 20 for a tag on two pages, about 10 on a hundred.
        let weight = 10 + 100 / (tag.pages.len() as u32 + 8);
        for &other in &tag.pages {
            if other != page {
                *score.entry(other).or_default() += weight;
            }
        }
    }
    let mut ranked: Vec<(usize, u32)> = score.into_iter().collect();
    let order = |a: &(usize, u32), b: &(usize, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    // Only the best few are kept: they are picked out, then sorted, rather
    // than every candidate sorted (a page can have hundreds).
    if ranked.len() > RELATED_COUNT {
        ranked.select_nth_unstable_by(RELATED_COUNT - 1, order);
        ranked.truncate(RELATED_COUNT);
    }
    ranked.sort_unstable_by(order);
    ranked.into_iter().map(|(p, _)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn can_merge_tags_that_differ_in_case() {
        let pages = [strings(&["On-call", "ops"]), strings(&["on-call"])];
        let all = tags(pages.iter().map(Vec::as_slice));
        assert_eq!(all["on-call"].pages, [0, 1]);
        assert_eq!(all["on-call"].name, "On-call");
    }

    #[test]
    fn tags_differing_in_punctuation_get_slugs_of_their_own() {
        let pages = [strings(&["C++", "C#"]), strings(&["c"])];
        let all = tags(pages.iter().map(Vec::as_slice));
        let mut slugs: Vec<&str> = all.values().map(|t| t.slug.as_str()).collect();
        slugs.sort();
        assert_eq!(slugs, ["c", "c-2", "c-3"]);
    }

    #[test]
    fn links_count_more_than_a_shared_tag_and_rare_tags_more_than_common() {
        let pages = [
            strings(&["a", "rare"]),
            strings(&["a"]),
            strings(&["rare"]),
            strings(&[]),
            strings(&["a"]),
        ];
        let all = tags(pages.iter().map(Vec::as_slice));
        let r = related(0, [3].into_iter(), &pages[0], &all);
        assert_eq!(r, [3, 2, 1, 4]);
    }

    #[test]
    fn broad_tags_do_not_relate_pages() {
        let pages: Vec<Vec<String>> = (0..=BROAD_TAG).map(|_| strings(&["everything"])).collect();
        let all = tags(pages.iter().map(Vec::as_slice));
        assert!(related(0, std::iter::empty(), &pages[0], &all).is_empty());
    }
}
