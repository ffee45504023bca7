//! `handbook report`: what a weekly update needs, from the handbook and its
//! git history since a date, ready to paste (markdown) or to feed another
//! tool (JSON, whose schema [`json_schema`] gives).
//!
//! The pages and their progress come from the build's own analysis and
//! history walk ([`Site::facts`]): checklist items ticked and un-ticked,
//! and forecasts, are the ones the site shows. Pages added and removed, and
//! `status`/`horizon` moves of every page, come from a second, short walk
//! over the commits since the date only ([`walk`]).
//!
//! Dates are UTC calendar days. "Since DATE" includes DATE: a report run
//! every Monday with `--since 7d` starts at the Monday before, so nothing
//! done on a Monday after the last report is missed. A page is newly
//! overdue when the first day past its `due` date is in the window, and its
//! review went stale when the first day past `reviewed` + `[review]
//! after_days` is.

mod markdown;
mod walk;

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::analyse::delivery::Timeline;
use crate::analyse::history;
use crate::analyse::plans::iso_date;
use crate::content::{Audience, SourcePath};
use crate::error::Error;
use crate::site::{BuildOptions, PageFacts, Site};

pub use markdown::markdown;

/// How many days ahead "due soon" looks.
pub const DUE_SOON_DAYS: i64 = 14;

const DAY: i64 = 86_400;

/// What to report on.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The handbook, its audience and drafts, as a build takes them.
    pub build: BuildOptions,
    /// The first day reported on (days since 1970).
    pub since: i64,
    /// Today (days since 1970); `None`: the clock's.
    pub today: Option<i64>,
}

/// A weekly report. Sections that need the git history are `null` when it
/// is missing (outside git, a shallow clone), and `history_missing` says why.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Report {
    /// The first day reported on, `YYYY-MM-DD` (included).
    pub since: String,
    /// The day of the report, `YYYY-MM-DD`.
    pub today: String,
    /// Who the report is for: `public` leaves out internal pages.
    pub audience: String,
    /// Why the sections from git history are `null`; `null` when they are there.
    pub history_missing: Option<String>,
    /// Checklist items ticked since, oldest first.
    pub completed: Option<Vec<ItemChange>>,
    /// Checklist items un-ticked since, oldest first.
    pub unticked: Option<Vec<ItemChange>>,
    /// Plans not done, not yet due, whose forecast is after their `due`
    /// date (or that do not move at all), soonest due first.
    pub at_risk: Vec<Plan>,
    /// Plans not done whose `due` date passed since, soonest due first.
    pub newly_overdue: Vec<Plan>,
    /// Plans not done due from today to two weeks on, soonest due first.
    pub due_soon: Vec<Plan>,
    /// Pages whose `reviewed` date grew older than `[review] after_days` since.
    pub stale_reviews: Vec<StaleReview>,
    /// `status` and `horizon` (Now / Next / Later) changes since, oldest first.
    pub moves: Option<Vec<Move>>,
    /// Pages added since (and still there), oldest first.
    pub added: Option<Vec<PageChange>>,
    /// Pages removed since, oldest first.
    pub removed: Option<Vec<PageChange>>,
}

/// A page, named as a reader finds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PageRef {
    /// Its title.
    pub title: String,
    /// Its file in the content folder (`plans/q3.md`).
    pub path: String,
    /// Its URL: a full URL when `base_url` has a host, else a path from the
    /// host's root; `null` for a page that is gone.
    pub url: Option<String>,
}

/// A checklist item ticked or un-ticked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ItemChange {
    /// Its page.
    pub page: PageRef,
    /// The phase it is under ("Days 0-30"), when the page has phases.
    pub phase: Option<String>,
    /// The item's text, as plain text (links reduced to their text).
    pub item: String,
    /// The commit's date, `YYYY-MM-DD`.
    pub date: String,
    /// The commit's author.
    pub author: String,
}

/// A plan with a due date, and where it is heading.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Plan {
    /// Its page.
    pub page: PageRef,
    /// Its `due` date, `YYYY-MM-DD`.
    pub due: String,
    /// Its `status`, when it has one.
    pub status: Option<String>,
    /// Its progress in percent, when it has progress.
    pub percent: Option<u8>,
    /// Items ticked, when it has a checklist (or `progress` as a fraction).
    pub done: Option<u32>,
    /// Items in all.
    pub total: Option<u32>,
    /// Items ticked a week over the last four weeks (ticks less un-ticks);
    /// `null` without history or progress.
    pub pace_per_week: Option<f64>,
    /// The day it will be done at that pace, `YYYY-MM-DD`; `null` when it
    /// does not move.
    pub forecast: Option<String>,
}

/// A page whose review went stale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct StaleReview {
    /// Its page.
    pub page: PageRef,
    /// Its `reviewed` date, `YYYY-MM-DD`.
    pub reviewed: String,
    /// The first day it was stale, `YYYY-MM-DD`.
    pub stale_since: String,
}

/// A `status` or `horizon` change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Move {
    /// Its page.
    pub page: PageRef,
    /// `status` or `horizon`.
    pub field: String,
    /// The value before; `null`: none.
    pub from: Option<String>,
    /// The value after; `null`: none.
    pub to: Option<String>,
    /// The commit's date, `YYYY-MM-DD`.
    pub date: String,
    /// The commit's author.
    pub author: String,
}

/// A page added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PageChange {
    /// Its page.
    pub page: PageRef,
    /// The commit's date, `YYYY-MM-DD`.
    pub date: String,
    /// The commit's author.
    pub author: String,
}

/// The JSON Schema (draft-07) of [`Report`] as `--format json` prints it.
pub fn json_schema() -> serde_json::Value {
    let settings = schemars::generate::SchemaSettings::draft07();
    settings
        .into_generator()
        .into_root_schema_for::<Report>()
        .to_value()
}

/// Days since 1970 of a `YYYY-MM-DD` date (a real one: `2026-02-30` is not).
pub fn parse_day(text: &str) -> Option<i64> {
    crate::analyse::delivery::day_number(text)
}

/// The day `--since` names, from `today`: `YYYY-MM-DD`, or `Nd` / `Nw`
/// days or weeks before today.
pub fn parse_since(text: &str, today: i64) -> Result<i64, String> {
    let text = text.trim();
    let ago = |n: &str, unit: i64| -> Option<i64> {
        n.parse::<u32>().ok().map(|n| today - i64::from(n) * unit)
    };
    let day = if let Some(n) = text.strip_suffix('d') {
        ago(n, 1)
    } else if let Some(n) = text.strip_suffix('w') {
        ago(n, 7)
    } else {
        parse_day(text)
    };
    match day {
        Some(d) if d > today => Err(format!(
            "--since {text} is after today ({})",
            history::date(today * DAY)
        )),
        Some(d) => Ok(d),
        None => Err(format!(
            "--since takes a date (YYYY-MM-DD) or days or weeks ago (7d, 2w), not `{text}`"
        )),
    }
}

/// Today, as days since 1970 (UTC): the build's today
/// ([`crate::analyse::delivery::today`]), so a report and the site's
/// forecasts agree on it.
pub fn today() -> i64 {
    crate::analyse::delivery::today().div_euclid(DAY)
}

/// Loads the handbook, reads its history, and makes the report.
pub fn report(options: &ReportOptions) -> Result<Report, Error> {
    let site = Site::load(&options.build)?;
    let facts = site.facts();
    let today = options.today.unwrap_or_else(today);
    let mut history_missing = facts.history.missing.clone();
    let lineages = if history_missing.is_none() {
        match walk::since(&site.content_dir, options.since * DAY) {
            Ok(l) => l,
            Err(e) => {
                history_missing = Some(format!("the git history could not be read: {e}"));
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    let removed = removed_pages(&site, &lineages);
    Ok(compose(&Inputs {
        pages: &facts.pages,
        delivery: &facts.history.delivery,
        history_missing,
        lineages: &lineages,
        removed,
        since: options.since,
        today,
        review_after_days: i64::from(site.config.review.after_days),
        audience: options.build.audience,
    }))
}

/// Everything a report is made of, read.
struct Inputs<'a> {
    pages: &'a [PageFacts],
    delivery: &'a HashMap<String, Timeline>,
    history_missing: Option<String>,
    lineages: &'a [walk::Lineage],
    /// The pages removed that this audience may see.
    removed: Vec<PageChange>,
    since: i64,
    today: i64,
    review_after_days: i64,
    audience: Audience,
}

/// An item's markdown as plain text: links, emphasis and code marks
/// dropped (a relative link means nothing where a report is pasted).
fn plain(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    if !markdown.contains(['[', '`', '<', '\\']) {
        return markdown.to_string();
    }
    // Led by a word, the text is a paragraph, never a heading or a list.
    let led = format!("x {markdown}");
    let mut out = String::with_capacity(led.len());
    for event in Parser::new(&led) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.strip_prefix("x ").unwrap_or(&out).trim().to_string()
}

/// Whether a page counts as done (as the dashboard counts it).
fn is_done(p: &PageFacts) -> bool {
    p.percent == Some(100)
        || p.status
            .as_deref()
            .is_some_and(|s| matches!(s, "done" | "complete" | "completed"))
}

fn page_ref(p: &PageFacts) -> PageRef {
    PageRef {
        title: p.title.clone(),
        path: p.path.clone(),
        url: Some(p.url.clone()),
    }
}

fn compose(inputs: &Inputs<'_>) -> Report {
    let since_time = inputs.since * DAY;
    // Today's end: a commit made today counts.
    let now = inputs.today * DAY + DAY - 1;
    let in_window = |t: i64| t >= since_time && t <= now;
    let with_history = inputs.history_missing.is_none();
    let by_path: HashMap<&str, &PageFacts> =
        inputs.pages.iter().map(|p| (p.path.as_str(), p)).collect();

    let mut completed = Vec::new();
    let mut unticked = Vec::new();
    for p in inputs.pages {
        let Some(timeline) = inputs.delivery.get(&p.path) else {
            continue;
        };
        for e in timeline.events.iter().filter(|e| in_window(e.time)) {
            let change = ItemChange {
                page: page_ref(p),
                phase: e.phase.clone(),
                item: plain(&e.text),
                date: e.date.clone(),
                author: e.author.clone(),
            };
            let list = if e.done {
                &mut completed
            } else {
                &mut unticked
            };
            list.push((e.time, change));
        }
    }
    let in_order = |mut v: Vec<(i64, ItemChange)>| -> Vec<ItemChange> {
        // Stable: one commit's items stay in page order.
        v.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| a.1.page.path.cmp(&b.1.page.path))
        });
        v.into_iter().map(|(_, c)| c).collect()
    };

    let empty = Timeline::default();
    let mut at_risk = Vec::new();
    let mut newly_overdue = Vec::new();
    let mut due_soon = Vec::new();
    for p in inputs.pages.iter().filter(|p| !is_done(p)) {
        let Some(due) = p.due.as_deref().and_then(iso_date).and_then(parse_day) else {
            continue;
        };
        let timeline = inputs.delivery.get(&p.path).unwrap_or(&empty);
        let forecast = p
            .items
            .map(|(done, total)| timeline.forecast(done, total, p.due.as_deref(), now));
        let plan = Plan {
            page: page_ref(p),
            due: history::date(due * DAY),
            status: p.status.clone(),
            percent: p.percent,
            done: p.items.map(|i| i.0),
            total: p.items.map(|i| i.1),
            pace_per_week: forecast
                .as_ref()
                .filter(|_| with_history)
                .map(|f| f.pace_per_week),
            forecast: forecast.as_ref().and_then(|f| f.done_on.clone()),
        };
        if due < inputs.today {
            // Overdue from the day after its due date.
            if due + 1 >= inputs.since {
                newly_overdue.push((due, plan));
            }
            continue;
        }
        if due <= inputs.today + DUE_SOON_DAYS {
            due_soon.push((due, plan.clone()));
        }
        if forecast.is_some_and(|f| f.at_risk) {
            at_risk.push((due, plan));
        }
    }
    let by_due = |mut v: Vec<(i64, Plan)>| -> Vec<Plan> {
        v.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| a.1.page.path.cmp(&b.1.page.path))
        });
        v.into_iter().map(|(_, p)| p).collect()
    };

    let mut stale_reviews = Vec::new();
    if inputs.review_after_days > 0 {
        for p in inputs.pages {
            let Some(reviewed) = p.reviewed.as_deref().and_then(iso_date).and_then(parse_day)
            else {
                continue;
            };
            let stale_from = reviewed + inputs.review_after_days + 1;
            if stale_from >= inputs.since && stale_from <= inputs.today {
                stale_reviews.push((
                    stale_from,
                    StaleReview {
                        page: page_ref(p),
                        reviewed: history::date(reviewed * DAY),
                        stale_since: history::date(stale_from * DAY),
                    },
                ));
            }
        }
    }
    stale_reviews.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.page.path.cmp(&b.1.page.path))
    });

    let mut moves = Vec::new();
    let mut added = Vec::new();
    for l in inputs.lineages {
        // Only pages this audience has (internal ones are not in `pages`).
        let Some(p) = by_path.get(l.name.as_str()) else {
            continue;
        };
        if l.removed.is_some() {
            continue;
        }
        if let Some(stamp) = &l.added {
            added.push((
                stamp.time,
                PageChange {
                    page: page_ref(p),
                    date: stamp.date.clone(),
                    author: stamp.author.clone(),
                },
            ));
        }
        for m in &l.moves {
            moves.push((
                m.stamp.time,
                Move {
                    page: page_ref(p),
                    field: m.field.to_string(),
                    from: m.from.clone(),
                    to: m.to.clone(),
                    date: m.stamp.date.clone(),
                    author: m.stamp.author.clone(),
                },
            ));
        }
    }
    moves.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.page.path.cmp(&b.1.page.path))
    });
    added.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.page.path.cmp(&b.1.page.path))
    });
    let strip = |v: Vec<(i64, Move)>| v.into_iter().map(|(_, m)| m).collect::<Vec<_>>();

    Report {
        since: history::date(inputs.since * DAY),
        today: history::date(inputs.today * DAY),
        audience: inputs.audience.as_str().to_string(),
        history_missing: inputs.history_missing.clone(),
        completed: with_history.then(|| in_order(completed)),
        unticked: with_history.then(|| in_order(unticked)),
        at_risk: by_due(at_risk),
        newly_overdue: by_due(newly_overdue),
        due_soon: by_due(due_soon),
        stale_reviews: stale_reviews.into_iter().map(|(_, r)| r).collect(),
        moves: with_history.then(|| strip(moves)),
        added: with_history.then(|| added.into_iter().map(|(_, a)| a).collect()),
        removed: with_history.then(|| inputs.removed.clone()),
    }
}

/// The pages removed since the date that the report's audience may see:
/// one whose last version, its folder's section page or an `[audience]
/// internal` glob made internal is left out of a public report, as are
/// drafts unless `--drafts`. In doubt, a page is left out.
fn removed_pages(site: &Site, lineages: &[walk::Lineage]) -> Vec<PageChange> {
    let rules = &site.rules;
    let read = |name: &str, text: &str| {
        let split = crate::content::frontmatter::split(text).ok()?;
        crate::content::frontmatter::parse(std::path::Path::new(name), text, &split, &rules.keys)
            .ok()
    };
    let gone: Vec<(
        &walk::Lineage,
        &walk::Stamp,
        Option<crate::content::FrontMatter>,
    )> = lineages
        .iter()
        .filter(|l| l.added.is_none())
        .filter_map(|l| {
            let (stamp, text) = l.removed.as_ref()?;
            Some((l, stamp, read(&l.name, text)))
        })
        .collect();
    // The audiences section pages name, by URL: the site's pages, the ones
    // this build leaves out (internal), and the removed ones.
    let mut named: HashMap<String, Audience> = site
        .content
        .pages
        .iter()
        .filter_map(|p| Some((p.url.as_str().to_string(), p.front.audience?)))
        .collect();
    for (_, url) in &site.content.internal {
        named.insert(url.as_str().to_string(), Audience::Internal);
    }
    for (l, _, front) in &gone {
        if let Some(a) = front.as_ref().and_then(|f| f.audience) {
            named.insert(
                SourcePath::new(l.name.as_str())
                    .page_url()
                    .as_str()
                    .to_string(),
                a,
            );
        }
    }
    let mut removed: Vec<(i64, PageChange)> = gone
        .into_iter()
        .filter_map(|(l, stamp, front)| {
            // A version whose frontmatter does not parse may say anything.
            let front = front?;
            let path = SourcePath::new(l.name.as_str());
            let audience = front
                .audience
                .or_else(|| {
                    rules
                        .audience
                        .internal
                        .as_ref()
                        .is_some_and(|g| g.is_match(path.as_str()))
                        .then_some(Audience::Internal)
                })
                .or_else(|| {
                    let mut at = path.page_url().parent();
                    while let Some(up) = at {
                        if let Some(&a) = named.get(up.as_str()) {
                            return Some(a);
                        }
                        at = up.parent();
                    }
                    None
                })
                .unwrap_or(rules.audience.default);
            if !rules.audience.build.sees(audience) || (front.draft && !rules.drafts) {
                return None;
            }
            let title = front
                .title
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| {
                    let name = if path.is_index() {
                        path.folders().last().unwrap_or("Home").to_string()
                    } else {
                        path.stem().to_string()
                    };
                    crate::content::path::title_from_name(&name)
                });
            Some((
                stamp.time,
                PageChange {
                    page: PageRef {
                        title,
                        path: l.name.clone(),
                        url: None,
                    },
                    date: stamp.date.clone(),
                    author: stamp.author.clone(),
                },
            ))
        })
        .collect();
    removed.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.page.path.cmp(&b.1.page.path))
    });
    removed.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_read_days_and_since() {
        assert_eq!(parse_day("1970-01-02"), Some(1));
        assert_eq!(parse_day("2024-02-29"), Some(19_782));
        assert_eq!(parse_day("2023-02-29"), None);
        assert_eq!(parse_day("2024-13-01"), None);
        assert_eq!(parse_day("2024-1-01"), None);
        let today = parse_day("2026-06-15").unwrap();
        assert_eq!(
            parse_since("7d", today),
            parse_day("2026-06-08").ok_or(String::new())
        );
        assert_eq!(parse_since("2w", today), Ok(today - 14));
        assert_eq!(parse_since("0d", today), Ok(today));
        assert_eq!(parse_since("2026-06-01", today), Ok(today - 14));
        assert!(
            parse_since("2026-06-16", today)
                .unwrap_err()
                .contains("after today")
        );
        assert!(parse_since("last week", today).unwrap_err().contains("7d"));
        assert!(parse_since("-3d", today).is_err());
    }

    #[test]
    fn items_read_as_plain_text() {
        assert_eq!(
            plain("Read the [postmortems](../glossary.md#postmortem) and `docs`"),
            "Read the postmortems and docs"
        );
        assert_eq!(plain("# [not](a.md) a heading"), "# not a heading");
        assert_eq!(plain("1. [x](y)"), "1. x");
        assert_eq!(plain(""), "");
    }
}
