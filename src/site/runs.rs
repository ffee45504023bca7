//! The per-page analysis over runs of pages, with the build cache (see
//! render/body_cache.rs): each run's pack read, its bodies reused or
//! rendered, the pack written again; and a one-use build's search words of
//! the reused bodies.

use super::analysis::{PageAnalysis, PageEnvironment, analyse_page_with};
use super::*;
use crate::output::search::Gathers;
use crate::render::body_cache::{BodyCache, BodyInputs, BodyKey, CachedBody};
use crate::render::search::{IndexedWords, PageInput, PageRecord};

/// A page's place in the build cache (see render/body_cache.rs): its
/// body's key, and what the cache holds under it.
pub(super) struct CacheSlot {
    pub(super) key: BodyKey,
    pub(super) stored: Option<CachedBody>,
}

/// What the build cache needs of a page after its analysis, to store its
/// body: the key, and the href each link was written with.
pub(super) struct CacheReturn {
    pub(super) key: BodyKey,
    pub(super) hrefs: Vec<String>,
    /// The body came from the cache.
    pub(super) reused: bool,
    /// The words for the search index stored with it, when it did.
    pub(super) search: Option<IndexedWords>,
}

/// The key of `page`'s body in the build cache: everything its rendering
/// reads but its links (see render/body_cache.rs). `glossary`: the
/// fingerprint of the glossary's terms (see [`glossary_fingerprint`]).
pub(super) fn body_key(page: &SourcePage, config: &Config, base: &str, glossary: u128) -> BodyKey {
    let links_terms = page.front.glossary && page.kind != Kind::Glossary;
    BodyKey::of(&BodyInputs {
        markdown: page.body(),
        raw_html: config.markdown.raw_html,
        heading_ids: config.markdown.heading_ids.name(),
        glossary_page: page.kind == Kind::Glossary,
        playbook: page.kind == Kind::Playbook,
        base,
        glossary_terms: if links_terms { glossary } else { 0 },
    })
}

/// A fingerprint of the glossary's terms, for [`body_key`].
pub(super) fn glossary_fingerprint(glossary: &Glossary) -> u128 {
    use std::hash::Hash;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    glossary.terms.hash(&mut h);
    h.digest128()
}

/// Analyses every page, in the runs the build cache keeps them in (one run
/// of them all without a cache): each run's pack is read, its pages
/// analysed (taking the bodies the pack has), and the pack written again
/// when a body in it changed, a page came or went. `early`: the pages
/// analysed already (the glossaries), with what the cache needs of them.
/// With `gathers` (a one-use build's search index, one per worker thread),
/// the words of each page whose body came from the cache go to the index
/// as it is analysed, taken from the cache too when they were made from the
/// same page; the second value says which pages' words went.
pub(super) fn analyse_runs(
    pages: &[SourcePage],
    env: &PageEnvironment<'_>,
    cache: Option<&BodyCache>,
    early: Vec<Option<(PageAnalysis, Option<CacheReturn>)>>,
    gathers: Option<&Gathers>,
) -> (Vec<PageAnalysis>, Vec<bool>) {
    let fingerprint = env.glossary.map_or(0, glossary_fingerprint);
    let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    // In runs without a cache too: a run's words for the index are held
    // until the run is done.
    let runs = BodyCache::runs(&paths);
    let mut early = early.into_iter();
    let work: Vec<(std::ops::Range<usize>, Vec<_>)> = runs
        .into_iter()
        .map(|run| {
            let done: Vec<_> = early.by_ref().take(run.len()).collect();
            (run, done)
        })
        .collect();
    let analysed: Vec<Vec<(PageAnalysis, bool)>> = work
        .into_par_iter()
        .map(|(run, done)| {
            let mut pack = cache.map(|c| c.pack(paths[run.start]));
            let slots: Vec<Option<CacheSlot>> = run
                .clone()
                .map(|i| {
                    let pack = pack.as_mut()?;
                    let key = body_key(&pages[i], env.config, env.base, fingerprint);
                    Some(CacheSlot {
                        key,
                        stored: pack.take(paths[i], key),
                    })
                })
                .collect();
            let left_over = pack.is_some_and(|p| !p.is_empty());
            // Per page: its analysis, what the cache needs of it, whether its
            // entry is new, and its words for the search index.
            let mut results: Vec<(
                PageAnalysis,
                Option<CacheReturn>,
                bool,
                Option<IndexedWords>,
            )> = run
                .clone()
                .into_par_iter()
                .zip(slots)
                .zip(done)
                .with_max_len(PAGES_PER_JOB)
                .map(|((i, slot), done)| {
                    let (a, mut back, mut new) = match done {
                        // Stored already unless the pack did not have it.
                        Some((a, back)) => {
                            let new = slot.as_ref().is_some_and(|s| s.stored.is_none());
                            (a, back, new)
                        }
                        None => {
                            let (a, back) = analyse_page_with(&pages[i], env, slot);
                            let new = back.as_ref().is_some_and(|b| !b.reused);
                            (a, back, new)
                        }
                    };
                    // Only beside a body from the cache: a body rendered now
                    // gives its words as its page renders, when it is let go
                    // (held from here, every page's words and body would be
                    // in memory at once), and has them stored next time.
                    let reused = back.as_ref().is_some_and(|b| b.reused);
                    let words = gathers.filter(|_| reused).map(|_| {
                        let stored = back.as_mut().and_then(|b| b.search.take());
                        let (words, made) = words_of(&pages[i], &a, stored);
                        new |= made;
                        words
                    });
                    (a, back, new, words)
                })
                .collect();
            if let Some(cache) = cache {
                let reused = results
                    .iter()
                    .filter(|(_, back, _, _)| back.as_ref().is_some_and(|b| b.reused))
                    .count();
                cache.count(reused, results.len() - reused);
                if left_over || results.iter().any(|(_, _, new, _)| *new) {
                    cache.write(
                        paths[run.start],
                        run.clone()
                            .zip(&results)
                            .filter_map(|(i, (a, back, _, words))| {
                                let back = back.as_ref()?;
                                Some((
                                    paths[i],
                                    back.key,
                                    a.cache_body(&back.hrefs, words.as_ref()),
                                ))
                            }),
                    );
                }
            }
            let mut gathered = vec![false; results.len()];
            if let Some(gathers) = gathers.filter(|_| results.iter().any(|r| r.3.is_some())) {
                gathers.with(|g| {
                    for ((i, (_, _, _, words)), taken) in
                        run.clone().zip(&mut results).zip(&mut gathered)
                    {
                        if let Some(words) = words.take() {
                            g.add(
                                i,
                                PageRecord::from_indexed(String::new(), String::new(), words),
                            );
                            *taken = true;
                        }
                    }
                });
            }
            results
                .into_iter()
                .zip(gathered)
                .map(|((a, _, _, _), taken)| (a, taken))
                .collect()
        })
        .collect();
    analysed.into_iter().flatten().unzip()
}

/// What page `page` (analysed as `a`, with `content` its body's HTML)
/// gives the search index, shown at `url` under `crumbs` (which its words
/// do not read). A glossary's entries, cut out of its body to be listed
/// A-Z, go back in, in page order (into `whole`).
pub(super) fn search_input<'a>(
    page: &'a SourcePage,
    a: &'a PageAnalysis,
    content: &'a str,
    url: &'a str,
    crumbs: &'a [&'a str],
    whole: &'a mut String,
) -> PageInput<'a> {
    let terms = &a.rendered.defined_terms;
    let html = if terms.is_empty() {
        content
    } else {
        whole.push_str(content);
        for term in terms {
            whole.push_str(&term.html);
        }
        whole
    };
    PageInput {
        url,
        title: &a.title,
        crumbs,
        description: page.front.description.as_deref(),
        glossary: page.kind == Kind::Glossary,
        headings: &a.rendered.headings,
        title_heading: a.rendered.title_heading.as_ref(),
        html,
    }
}

/// Page `page`'s words for the search index (analysed as `a`): `stored`
/// when they were made from the same page (the body is the cache's, and
/// [`PageRecord::words_key`] is the same), else made now (`true`).
fn words_of(
    page: &SourcePage,
    a: &PageAnalysis,
    stored: Option<IndexedWords>,
) -> (IndexedWords, bool) {
    let mut whole = String::new();
    // Neither URL nor breadcrumb is read for the words; the index gets
    // them with the heads.
    let input = search_input(page, a, &a.rendered.html, "", &[], &mut whole);
    let key = PageRecord::words_key(&input);
    match stored.filter(|s| s.key == key) {
        Some(words) => (words, false),
        None => (PageRecord::indexed(&input, key), true),
    }
}
