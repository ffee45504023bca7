//! Delivery on the site (#18): what a page, the dashboard and
//! `_handbook/plans.json` show of a page's progress over time. The history
//! walk gives each page's committed points and ticks
//! ([`crate::analyse::delivery::Timeline`]); this adds the working tree's
//! uncommitted state as a "now" point when it differs from the last commit,
//! the forecast on the build's today, and the day each phase was completed.
//! All of it per page, from that page's timeline alone.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::Build;
use crate::analyse::delivery::{Checklist, Forecast, PACE_WEEKS, Timeline};
use crate::analyse::history::{self, History};
use crate::analyse::plans::PlanProgress;
use crate::render::chart::{self, ChartPoint};

/// Where the plans, their history and forecasts are written for other tools.
pub(super) const PLANS_FILE: &str = "_handbook/plans.json";

/// What plans.json's layout is; raised when a field changes meaning or goes.
const PLANS_VERSION: u32 = 1;

static NO_HISTORY: Timeline = Timeline {
    points: Vec::new(),
    events: Vec::new(),
    statuses: Vec::new(),
};

/// A page's progress over time, on the build's today.
pub(super) struct Delivery<'a> {
    timeline: &'a Timeline,
    /// Items ticked and items now, and the percent (as the history reads
    /// them: the checklist's, else the frontmatter's).
    done: u32,
    total: u32,
    percent: u8,
    /// The working tree differs from the last commit's progress.
    uncommitted: bool,
    today: i64,
}

/// A point as pages and plans.json show it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PointView<'a> {
    /// `YYYY-MM-DD` (today's for the working tree).
    pub(super) date: String,
    /// Seconds since 1970: the commit's time, or the end of today.
    pub(super) time: i64,
    pub(super) done: u32,
    pub(super) total: u32,
    pub(super) percent: u8,
    /// Abbreviated; empty for the working tree.
    pub(super) commit: &'a str,
    /// The working tree's uncommitted state.
    pub(super) now: bool,
}

/// When a phase's last item was ticked, for a phase all done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(super) struct PhaseDone {
    /// `YYYY-MM-DD`.
    pub(super) date: String,
    /// Its last tick is not committed yet (the date is today's).
    pub(super) now: bool,
}

/// What a page's template gets as `page.delivery`.
#[derive(Serialize)]
pub(super) struct DeliveryContext<'a> {
    /// The chart, as SVG (made here, escaped).
    chart: String,
    /// The id of the chart's title, for the section that holds it.
    chart_title: &'static str,
    points: Vec<PointView<'a>>,
    /// The last point is the working tree's.
    uncommitted: bool,
    /// On a page with checklist items: the forecast (done_on, at_risk...).
    forecast: Option<Forecast>,
    /// Items done (less un-ticked) over the last `pace_weeks` weeks: the pace.
    pace_items: i64,
    pace_weeks: i64,
    /// Percentage points over the last `pace_weeks` weeks.
    trend: i32,
    done_last_7_days: i64,
    /// Per phase of `page.plan`, in its order: when it was completed.
    phases: Vec<Option<PhaseDone>>,
}

/// What a dashboard row gets as `row.delivery`.
#[derive(Serialize)]
pub(super) struct RowDelivery {
    forecast: Option<Forecast>,
    pace_weeks: i64,
    trend: i32,
    done_last_7_days: i64,
}

impl<'a> Delivery<'a> {
    /// Page `path`'s delivery, now at `now` (the working tree's checklist):
    /// `None` outside git or in a shallow clone (the build's notice says
    /// why), and for a page without progress now.
    pub(super) fn of(
        history: &'a History,
        path: &str,
        now: Option<&Checklist>,
        today: i64,
    ) -> Option<Delivery<'a>> {
        if history.missing.is_some() {
            return None;
        }
        let now = now?;
        let percent = now.percent()?;
        let (done, total) = now.counts();
        let timeline = history.delivery.get(path).unwrap_or(&NO_HISTORY);
        let uncommitted = timeline
            .points
            .last()
            .is_none_or(|p| (p.done, p.total, p.percent) != (done, total, percent));
        Some(Delivery {
            timeline,
            done,
            total,
            percent,
            uncommitted,
            today,
        })
    }

    /// Its points, oldest first, with the working tree's last when it differs.
    pub(super) fn points(&self) -> Vec<PointView<'a>> {
        let mut points: Vec<PointView<'a>> = self
            .timeline
            .points
            .iter()
            .map(|p| PointView {
                date: p.date.clone(),
                time: p.time,
                done: p.done,
                total: p.total,
                percent: p.percent,
                commit: &p.commit,
                now: false,
            })
            .collect();
        if self.uncommitted {
            points.push(PointView {
                date: history::date(self.today),
                time: self.today,
                done: self.done,
                total: self.total,
                percent: self.percent,
                commit: "",
                now: true,
            });
        }
        points
    }

    /// Its forecast for a page due on `due`. The pace is of committed ticks;
    /// what is left counts the working tree's. A page without checklist
    /// items has no items to pace: no date and never at risk, only its trend.
    pub(super) fn forecast(&self, due: Option<&str>) -> Forecast {
        let mut f = self
            .timeline
            .forecast(self.done, self.total, due, self.today);
        if self.total == 0 {
            f.done_on = None;
            f.at_risk = false;
        }
        f
    }

    /// Per phase of `plan`: the day its last item was ticked, when all its
    /// items are ticked now. Items are matched to their ticks by text, and
    /// phases by their titles' letters and digits.
    pub(super) fn phases(&self, plan: &PlanProgress, now: &Checklist) -> Vec<Option<PhaseDone>> {
        let mut last_tick: HashMap<&str, Option<i64>> = HashMap::new();
        for e in &self.timeline.events {
            last_tick.insert(&e.text, e.done.then_some(e.time));
        }
        // Per phase: all done, and the last tick (None: one is uncommitted).
        let mut done: HashMap<String, (bool, Option<i64>)> = HashMap::new();
        for item in &now.items {
            let Some(phase) = &item.phase else { continue };
            let ticked = last_tick.get(item.text.as_str()).copied().flatten();
            let entry = done.entry(phase_key(phase)).or_insert((true, Some(0)));
            entry.0 &= item.done;
            entry.1 = match (entry.1, ticked) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            };
        }
        plan.phases
            .iter()
            .map(|p| match done.get(&phase_key(&p.title)) {
                Some((true, Some(time))) => Some(PhaseDone {
                    date: history::date(*time),
                    now: false,
                }),
                Some((true, None)) => Some(PhaseDone {
                    date: history::date(self.today),
                    now: true,
                }),
                _ => None,
            })
            .collect()
    }

    /// What page `label`'s template shows.
    pub(super) fn context(
        &self,
        label: &str,
        due: Option<&str>,
        plan: Option<&PlanProgress>,
        now: &Checklist,
    ) -> DeliveryContext<'a> {
        let points = self.points();
        let chart_points: Vec<ChartPoint<'_>> = points
            .iter()
            .map(|p| ChartPoint {
                time: p.time,
                date: &p.date,
                percent: p.percent,
                now: p.now,
            })
            .collect();
        let today = history::date(self.today);
        let chart = chart::progress_chart(&chart_points, self.today, &today, label);
        let forecast = self.forecast(due);
        DeliveryContext {
            chart,
            chart_title: chart::TITLE_ID,
            uncommitted: self.uncommitted,
            pace_items: (forecast.pace_per_week * PACE_WEEKS as f64).round() as i64,
            pace_weeks: PACE_WEEKS,
            trend: forecast.trend,
            done_last_7_days: forecast.done_last_7_days,
            phases: plan.map_or_else(Vec::new, |p| self.phases(p, now)),
            forecast: (self.total > 0).then_some(forecast),
            points,
        }
    }

    /// What a dashboard row shows.
    pub(super) fn row(&self, due: Option<&str>) -> RowDelivery {
        let forecast = self.forecast(due);
        RowDelivery {
            pace_weeks: PACE_WEEKS,
            trend: forecast.trend,
            done_last_7_days: forecast.done_last_7_days,
            forecast: (self.total > 0).then_some(forecast),
        }
    }
}

/// A phase title's letters and digits, lower case: "Days 0-30: Learn" as
/// the history reads it and as the page renders it are the same phase.
fn phase_key(title: &str) -> String {
    title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// plans.json: the build's pages with progress, each with its history and
/// forecast (see the README's "Progress over time and forecasts").
#[derive(Serialize)]
struct PlansFile<'a> {
    version: u32,
    today: String,
    pace_weeks: i64,
    /// Why there is no history (outside git, a shallow clone), else null.
    history_missing: Option<&'a str>,
    plans: Vec<PlanEntry<'a>>,
}

#[derive(Serialize)]
struct PlanEntry<'a> {
    path: &'a str,
    url: String,
    title: &'a str,
    kind: &'static str,
    status: Option<&'a str>,
    owner: Option<&'a str>,
    due: Option<&'a str>,
    percent: Option<u8>,
    done: Option<u32>,
    total: Option<u32>,
    points: Vec<PointView<'a>>,
    forecast: Option<Forecast>,
    phases: Vec<PhaseEntry<'a>>,
}

#[derive(Serialize)]
struct PhaseEntry<'a> {
    title: &'a str,
    done: u32,
    total: u32,
    completed_on: Option<String>,
}

impl Build {
    /// Page `i`'s delivery, when it has one.
    pub(super) fn delivery(&self, i: usize) -> Option<Delivery<'_>> {
        Delivery::of(
            &self.history,
            self.site.content.pages[i].path.as_str(),
            self.analysed[i].now.as_ref(),
            self.today_end,
        )
    }

    /// Makes plans.json (again): every page with progress, in site order.
    pub(super) fn build_plans(&mut self) {
        self.plans = self.plans_json();
    }

    /// `_handbook/plans.json` as the site is now.
    pub(super) fn plans_json(&self) -> bytes::Bytes {
        let pages = &self.site.content.pages;
        let origin = self.site.config.origin().unwrap_or("");
        let plans: Vec<PlanEntry<'_>> = (0..pages.len())
            .into_par_iter()
            .filter(|&i| self.shown_percent(i).is_some())
            .map(|i| {
                let page = &pages[i];
                let a = &self.analysed[i];
                let due = page.front.due.as_ref().map(|d| d.0.as_str());
                let delivery = self.delivery(i);
                let completed = match (&delivery, &a.plan, &a.now) {
                    (Some(d), Some(plan), Some(now)) => d.phases(plan, now),
                    _ => Vec::new(),
                };
                let checklist = a.progress.checklist.as_ref();
                PlanEntry {
                    path: page.path.as_str(),
                    url: format!("{origin}{}", self.page_hrefs[i]),
                    title: &a.label,
                    kind: page.kind.as_str(),
                    status: page.front.status.as_deref(),
                    owner: page.front.owner.as_deref(),
                    due,
                    percent: self.shown_percent(i),
                    done: checklist.map(|c| c.done),
                    total: checklist.map(|c| c.total),
                    points: delivery.as_ref().map_or_else(Vec::new, Delivery::points),
                    forecast: delivery.as_ref().map(|d| d.forecast(due)),
                    phases: a.plan.as_ref().map_or_else(Vec::new, |plan| {
                        plan.phases
                            .iter()
                            .enumerate()
                            .map(|(n, p)| PhaseEntry {
                                title: &p.title,
                                done: p.done,
                                total: p.total,
                                completed_on: completed.get(n).cloned().flatten().map(|c| c.date),
                            })
                            .collect()
                    }),
                }
            })
            .collect();
        let file = PlansFile {
            version: PLANS_VERSION,
            today: history::date(self.today_end),
            pace_weeks: PACE_WEEKS,
            history_missing: self.history.missing.as_deref(),
            plans,
        };
        let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
        bytes.push(b'\n');
        bytes::Bytes::from(bytes)
    }
}
