//! What each page says of its delivery, for commands that report on a
//! handbook without rendering it (`handbook report`): its title, URL, kind,
//! status, horizon, dates and progress from the same analysis a build
//! makes, and the git history from the same walk, read beside it.

use super::*;

/// The git history's inputs a build gives: every page (for its last
/// change), the pages whose progress over time is read (a `progress` or,
/// unless `[infer] checklists = false`, what may be a checklist), and the
/// files the build leaves out (whose commits' subjects are not shown).
pub(super) struct HistoryInputs {
    pub(super) wanted: Vec<String>,
    pub(super) tracked: Vec<String>,
    pub(super) secret: Vec<String>,
}

impl HistoryInputs {
    /// The history of `site` for these inputs, through the handbook's
    /// history cache, or `previous`'s when HEAD has not moved.
    pub(super) fn load(&self, site: &Site, previous: Option<&History>) -> History {
        let cache = site
            .config_root
            .as_ref()
            .map(|r| r.join(crate::analyse::history_cache::FILE));
        history::load_cached(
            &site.content_dir,
            &self.wanted,
            &self.tracked,
            &self.secret,
            previous,
            cache.as_deref(),
        )
    }

    pub(super) fn of(site: &Site) -> HistoryInputs {
        let pages = &site.content.pages;
        let checklists = site.config.infer.checklists;
        HistoryInputs {
            wanted: pages.iter().map(|p| p.path.as_str().to_string()).collect(),
            tracked: pages
                .par_iter()
                .filter(|p| {
                    p.front.progress.is_some()
                        || (checklists && crate::analyse::delivery::may_have_checklist(p.body()))
                })
                .map(|p| p.path.as_str().to_string())
                .collect(),
            secret: site
                .content
                .internal
                .iter()
                .map(|(path, _)| path.as_str().to_string())
                .chain(
                    site.content
                        .internal_files
                        .iter()
                        .map(|p| p.as_str().to_string()),
                )
                .collect(),
        }
    }
}

/// A page as a report sees it.
#[derive(Debug, Clone)]
pub struct PageFacts {
    /// Its path in the content folder (`plans/q3.md`).
    pub path: String,
    /// Its URL as readers reach it: the full URL when `base_url` has a
    /// host, else its path from the host's root (base path included).
    pub url: String,
    /// Its title, as the page and the navigation show it.
    pub title: String,
    /// What it is.
    pub kind: Kind,
    /// Frontmatter `status`.
    pub status: Option<String>,
    /// Frontmatter `horizon` (Now / Next / Later).
    pub horizon: Option<crate::content::frontmatter::Horizon>,
    /// Frontmatter `due`, as written.
    pub due: Option<String>,
    /// Frontmatter `reviewed`, as written.
    pub reviewed: Option<String>,
    /// Checklist items ticked and in all (the frontmatter's `progress` as a
    /// fraction, or as percent of 100, for a page without a checklist);
    /// `None` without progress.
    pub items: Option<(u32, u32)>,
    /// The percent the site shows.
    pub percent: Option<u8>,
}

/// Every page's facts, and the history.
#[derive(Debug)]
pub struct SiteFacts {
    /// In the site's page order.
    pub pages: Vec<PageFacts>,
    /// The git history (as a build reads it), with its delivery timelines.
    pub history: History,
}

impl Site {
    /// Each page analysed as a build analyses it (markdown, no templates),
    /// with the git history read at the same time.
    pub fn facts(&self) -> SiteFacts {
        let inputs = HistoryInputs::of(self);
        let index = self.link_index();
        let counters = Counters::default();
        let config = &self.config;
        let base = config.base_path();
        let origin = config.origin().unwrap_or("");
        let pages = &self.content.pages;
        let env = PageEnvironment::of(self, &index, &counters, None);
        let (history, pages) =
            rayon::join(
                || inputs.load(self, None),
                || {
                    pages
                        .par_iter()
                        .with_max_len(PAGES_PER_JOB)
                        .map(|page| {
                            let (a, _) = analyse_page_with(page, &env, None);
                            let f = &page.front;
                            let items = a.progress.checklist.map(|c| (c.done, c.total)).or(match f
                                .progress
                            {
                                Some(content::frontmatter::DeclaredProgress::Fraction(d, t)) => {
                                    Some((d, t))
                                }
                                Some(p) => Some((u32::from(p.percent()), 100)),
                                None => None,
                            });
                            PageFacts {
                                path: page.path.as_str().to_string(),
                                url: format!("{origin}{base}{}", &page.url.as_str()[1..]),
                                title: a.title,
                                kind: page.kind,
                                status: f.status.clone(),
                                horizon: f.horizon,
                                due: f.due.as_ref().map(|d| d.0.clone()),
                                reviewed: f.reviewed.as_ref().map(|d| d.0.clone()),
                                items,
                                percent: a.progress.percent,
                            }
                        })
                        .collect()
                },
            );
        SiteFacts { pages, history }
    }
}
