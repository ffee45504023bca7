//! Delivery over time: a page's progress at each commit that changed it,
//! and which checklist items were ticked or un-ticked when and by whom,
//! from the versions of its file that the history walk
//! ([`super::history`]) reads.
//!
//! A version's checklist is read line by line, as the renderer counts it
//! (render/markdown/items.rs): task items (`- [x]`, `* [ ]`, `1. [X]`) and
//! items starting with ✅ ☑ ✔ (done) or ⬜ ☐ ❌ (open), outside fenced code;
//! each under the phase its heading names ("## Days 0-30"), or the list item
//! naming a period it is nested in ("- **Week 1-4**"). A page without a
//! checklist whose frontmatter gives `progress` has that as its percent.
//! Reading every old version through the whole renderer would cost a
//! markdown parse per version; this costs a pass over its lines.

use serde::{Deserialize, Serialize};

use crate::render::markdown::is_phase_title;

/// One checklist item of a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Its text, without the list marker and checkbox.
    pub text: String,
    /// Ticked.
    pub done: bool,
    /// The phase it is under, when the page has phases.
    pub phase: Option<String>,
}

/// What one version of a page says of its progress.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checklist {
    /// Its checklist items, in order.
    pub items: Vec<Item>,
    /// Frontmatter `progress`, when given.
    pub stated: Option<u8>,
    /// Frontmatter `status`, when given (`now`, `next`, `in-progress`, ...).
    pub status: Option<String>,
}

impl Checklist {
    /// Items ticked, and items.
    pub fn counts(&self) -> (u32, u32) {
        let done = self.items.iter().filter(|i| i.done).count() as u32;
        (done, self.items.len() as u32)
    }

    /// Its progress in percent: the checklist's, else the frontmatter's.
    pub fn percent(&self) -> Option<u8> {
        let (done, total) = self.counts();
        (done * 100)
            .checked_div(total)
            .map(|p| p as u8)
            .or(self.stated)
    }
}

/// The progress of a page at one commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    /// Seconds since 1970 (committer time).
    pub time: i64,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Items ticked (0 without a checklist).
    pub done: u32,
    /// Items (0 without a checklist).
    pub total: u32,
    /// Progress in percent.
    pub percent: u8,
    /// The commit, abbreviated; empty for the working tree.
    pub commit: String,
    /// Its author.
    pub author: String,
}

/// A checklist item ticked or un-ticked by a commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemEvent {
    /// Seconds since 1970.
    pub time: i64,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The commit's author.
    pub author: String,
    /// The item's text.
    pub text: String,
    /// Its phase, when the page has phases.
    pub phase: Option<String>,
    /// Ticked (`true`) or un-ticked.
    pub done: bool,
}

/// A page's frontmatter `status` changed by a commit (Now/Next/Later moves).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    /// Seconds since 1970.
    pub time: i64,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The commit's author.
    pub author: String,
    /// The status before (`None`: none, or the page's first version).
    pub from: Option<String>,
    /// The status after.
    pub to: Option<String>,
}

/// A page's progress over its history, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    /// One point per commit that changed its progress (the first commit
    /// with a checklist or `progress` included).
    pub points: Vec<Point>,
    /// Every tick and un-tick, in order.
    pub events: Vec<ItemEvent>,
    /// Every change of its `status` after its first version, in order.
    pub statuses: Vec<StatusChange>,
}

/// How many weeks of ticks the pace of a forecast is taken from.
pub const PACE_WEEKS: i64 = 4;

const WEEK: i64 = 7 * 86_400;

/// Where a page's progress is heading, on a given day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// Items still open.
    pub remaining: u32,
    /// Items ticked per week over the last [`PACE_WEEKS`] weeks (ticks less
    /// un-ticks, never below 0).
    pub pace_per_week: f64,
    /// The day it will be done at that pace (`YYYY-MM-DD`); the day it was
    /// done when nothing remains; `None` when nothing moves (no pace).
    pub done_on: Option<String>,
    /// It has a due date that the forecast day is after (or no pace to
    /// reach it), and is not done.
    pub at_risk: bool,
    /// Items ticked in the last 7 days (un-ticks taken off).
    pub done_last_7_days: i64,
    /// Percentage points gained over the last [`PACE_WEEKS`] weeks
    /// (negative when it went back).
    pub trend: i32,
}

impl Timeline {
    /// Its forecast on `today` (seconds since 1970) for a page now at
    /// `done` of `total` items, due on `due` (`YYYY-MM-DD`) if it says.
    pub fn forecast(&self, done: u32, total: u32, due: Option<&str>, today: i64) -> Forecast {
        let net_since = |from: i64| -> i64 {
            self.events
                .iter()
                .filter(|e| e.time > from && e.time <= today)
                .map(|e| if e.done { 1 } else { -1 })
                .sum()
        };
        let window = today - PACE_WEEKS * WEEK;
        let pace_per_week = (net_since(window).max(0) as f64) / PACE_WEEKS as f64;
        let remaining = total.saturating_sub(done);
        let done_on = if remaining == 0 {
            self.points
                .iter()
                .rev()
                .take_while(|p| p.percent == 100)
                .last()
                .map(|p| p.date.clone())
                .or_else(|| Some(super::history::date(today)))
        } else if pace_per_week > 0.0 {
            let days = (f64::from(remaining) / pace_per_week * 7.0).ceil() as i64;
            Some(super::history::date(today + days * 86_400))
        } else {
            None
        };
        let due = due.and_then(super::plans::iso_date);
        let at_risk =
            remaining > 0 && due.is_some_and(|d| done_on.as_deref().is_none_or(|on| on > d));
        let percent_at = |t: i64| -> i32 {
            self.points
                .iter()
                .rev()
                .find(|p| p.time <= t)
                .map_or(0, |p| i32::from(p.percent))
        };
        let now_percent = (done * 100)
            .checked_div(total)
            .map_or_else(|| percent_at(today), |p| p as i32);
        Forecast {
            remaining,
            pace_per_week,
            done_on,
            at_risk,
            done_last_7_days: net_since(today - WEEK),
            trend: now_percent - percent_at(window),
        }
    }
}

/// The environment variable that fixes "today" (`YYYY-MM-DD`), for
/// reproducible builds and tests; unset or not a date, the clock decides.
pub const TODAY_VAR: &str = "HANDBOOK_TODAY";

/// "Today" for forecasts and the dashboard: the last second of the current
/// day (UTC), or of the day `HANDBOOK_TODAY` names. The end of a day, not
/// the moment: a build's forecasts, charts and `plans.json` are the same
/// all day, whenever it runs, and a commit made today counts as done today.
pub fn today() -> i64 {
    let day = std::env::var(TODAY_VAR)
        .ok()
        .and_then(|v| day_number(v.trim()))
        .unwrap_or_else(|| {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            now.div_euclid(86_400)
        });
    day * 86_400 + 86_399
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (Howard Hinnant's
/// days-from-civil), when it is one.
pub fn day_number(text: &str) -> Option<i64> {
    let d = super::plans::iso_date(text).filter(|d| d.len() == text.len())?;
    let year: i64 = d[..4].parse().ok()?;
    let month: i64 = d[5..7].parse().ok()?;
    let day: i64 = d[8..10].parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    // 2024-02-31 is no date: it must come back as itself.
    (super::history::date(days * 86_400) == d).then_some(days)
}

/// A version of a page read from a commit.
#[derive(Debug, Clone)]
pub struct Version {
    /// Seconds since 1970.
    pub time: i64,
    /// The commit, abbreviated.
    pub commit: String,
    /// Its author.
    pub author: String,
    /// What the version says.
    pub checklist: Checklist,
}

impl Timeline {
    /// The timeline of `versions`, oldest first.
    pub fn from_versions(versions: &[Version]) -> Timeline {
        let mut timeline = Timeline::default();
        let mut before: Option<&Checklist> = None;
        for v in versions {
            let date = super::history::date(v.time);
            let (done, total) = v.checklist.counts();
            if let Some(percent) = v.checklist.percent() {
                let changed = timeline
                    .points
                    .last()
                    .is_none_or(|p| (p.done, p.total, p.percent) != (done, total, percent));
                if changed {
                    timeline.points.push(Point {
                        time: v.time,
                        date: date.clone(),
                        done,
                        total,
                        percent,
                        commit: v.commit.clone(),
                        author: v.author.clone(),
                    });
                }
            }
            // A page's first version records where it starts, not work
            // done: items written already ticked (a plan moved in from
            // elsewhere) are no ticks of that day.
            let changed = if before.is_some() {
                changes(before, &v.checklist)
            } else {
                Vec::new()
            };
            for (item, was) in changed {
                timeline.events.push(ItemEvent {
                    time: v.time,
                    date: date.clone(),
                    author: v.author.clone(),
                    text: item.text.clone(),
                    phase: item.phase.clone(),
                    done: !was,
                });
            }
            if let Some(b) = before
                && b.status != v.checklist.status
            {
                timeline.statuses.push(StatusChange {
                    time: v.time,
                    date: date.clone(),
                    author: v.author.clone(),
                    from: b.status.clone(),
                    to: v.checklist.status.clone(),
                });
            }
            before = Some(&v.checklist);
        }
        timeline
    }
}

/// The items of `now` whose state differs from `before` (by their text; an
/// item added ticked to a page that existed counts as ticked then), with
/// the state before.
fn changes<'a>(before: Option<&Checklist>, now: &'a Checklist) -> Vec<(&'a Item, bool)> {
    let was: std::collections::HashMap<&str, bool> = before
        .map(|b| b.items.iter().map(|i| (i.text.as_str(), i.done)).collect())
        .unwrap_or_default();
    now.items
        .iter()
        .filter_map(|item| {
            let prior = was.get(item.text.as_str()).copied().unwrap_or(false);
            (prior != item.done).then_some((item, prior))
        })
        .collect()
}

/// Whether a page's text may have a checklist: a quick look, before the
/// page is rendered, for the pages whose history is worth reading.
pub fn may_have_checklist(body: &str) -> bool {
    let bytes = body.as_bytes();
    ["[ ]", "[x]", "[X]"]
        .iter()
        .any(|m| memchr::memmem::find(bytes, m.as_bytes()).is_some())
        || body.contains(['✅', '☑', '✔', '⬜', '☐', '❌'])
}

/// What a version of a page (the whole file) says of its progress.
pub fn checklist(file: &str) -> Checklist {
    let (front, body) = match crate::content::frontmatter::split(file) {
        Ok(split) => (split.front.map(|(_, f)| f), split.body),
        Err(_) => (None, file),
    };
    let stated = front.and_then(stated_progress);
    let status = front.and_then(|f| front_value(f, "status"));
    let mut items = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut heading_phase: Option<String> = None;
    // A list item naming a period, and how deep its marker stands.
    let mut item_phase: Option<(usize, String)> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if let Some((c, n)) = fence {
            let run = trimmed.chars().take_while(|&x| x == c).count();
            if run >= n && trimmed[run * c.len_utf8()..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        let after_marker = strip_container(trimmed);
        for c in ['`', '~'] {
            let run = after_marker.chars().take_while(|&x| x == c).count();
            if run >= 3 {
                fence = Some((c, run));
            }
        }
        if fence.is_some() {
            continue;
        }
        if let Some(text) = heading(trimmed) {
            heading_phase = is_phase_title(text).then(|| clean(text));
            item_phase = None;
            continue;
        }
        let Some((marker_indent, rest)) = list_item(line) else {
            continue;
        };
        if item_phase
            .as_ref()
            .is_some_and(|(depth, _)| marker_indent <= *depth)
        {
            item_phase = None;
        }
        let phase = item_phase
            .as_ref()
            .map(|(_, p)| p.clone())
            .or_else(|| heading_phase.clone());
        if let Some((done, text)) = task(rest) {
            items.push(Item {
                text: clean(text),
                done,
                phase,
            });
        } else if is_phase_title(rest) {
            item_phase = Some((marker_indent, clean(rest)));
        }
    }
    Checklist {
        items,
        stated,
        status,
    }
}

/// A frontmatter key's plain value (`status: next`, `status = "next"`).
pub(crate) fn front_value(front: &str, key: &str) -> Option<String> {
    front.lines().find_map(|l| {
        let rest = l.strip_prefix(key)?;
        let value = rest.trim_start().strip_prefix([':', '='])?.trim();
        let value = value.trim_matches(['"', '\'']).trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// Frontmatter `progress: 40` (YAML or TOML), as a percent.
fn stated_progress(front: &str) -> Option<u8> {
    front.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix("progress")?;
        let value = rest.trim_start().strip_prefix([':', '='])?.trim();
        let value = value.trim_end_matches('%').trim_matches(['"', '\'']);
        value
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(|v| v.clamp(0.0, 100.0) as u8)
    })
}

/// A line's text after any block quote markers.
fn strip_container(line: &str) -> &str {
    let mut t = line;
    while let Some(rest) = t.strip_prefix('>') {
        t = rest.trim_start();
    }
    list_item(t).map_or(t, |(_, rest)| rest)
}

/// An ATX heading's text.
fn heading(line: &str) -> Option<&str> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    (rest.is_empty() || rest.starts_with([' ', '\t']))
        .then(|| rest.trim().trim_end_matches('#').trim())
}

/// A list item: the indentation of its marker and the text after it.
fn list_item(line: &str) -> Option<(usize, &str)> {
    let mut t = line;
    let mut depth = 0;
    while let Some(rest) = t.strip_prefix('>') {
        t = rest;
    }
    let trimmed = t.trim_start();
    depth += t.len() - trimmed.len();
    let after = if let Some(r) = trimmed.strip_prefix(['-', '*', '+']) {
        r
    } else {
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        trimmed[digits..].strip_prefix(['.', ')'])?
    };
    if !after.starts_with([' ', '\t']) {
        return None;
    }
    Some((depth, after.trim_start()))
}

/// A task: `[x] text`, `[ ] text`, or an item starting with a checklist mark.
fn task(rest: &str) -> Option<(bool, &str)> {
    for (mark, done) in [("[x]", true), ("[X]", true), ("[ ]", false)] {
        if let Some(text) = rest.strip_prefix(mark)
            && (text.is_empty() || text.starts_with([' ', '\t']))
        {
            return Some((done, text.trim()));
        }
    }
    let first = rest.chars().next()?;
    match first {
        '✅' | '☑' | '✔' => Some((
            true,
            rest[first.len_utf8()..]
                .trim_start_matches('\u{fe0f}')
                .trim(),
        )),
        '⬜' | '☐' | '❌' => Some((
            false,
            rest[first.len_utf8()..]
                .trim_start_matches('\u{fe0f}')
                .trim(),
        )),
        _ => None,
    }
}

/// Text as a reader sees it: emphasis markers and a trailing colon dropped,
/// blanks squeezed.
fn clean(text: &str) -> String {
    let t: String = text.chars().filter(|&c| c != '*' && c != '_').collect();
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(':')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tasks_phases_and_code_as_the_renderer_counts() {
        let page = "---\ntitle: Plan\n---\n## Days 0-30: Learn\n\n- [x] Meet the team\n- [ ] Read the **handbook**\n\n```\n- [ ] not a task\n```\n\n## Notes\n\n- **Week 5-8**\n  - ✅ Ship a fix\n  - ⬜ Pair on call\n- [X] Loose end\n";
        let c = checklist(page);
        let got: Vec<(&str, bool, Option<&str>)> = c
            .items
            .iter()
            .map(|i| (i.text.as_str(), i.done, i.phase.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Meet the team", true, Some("Days 0-30: Learn")),
                ("Read the handbook", false, Some("Days 0-30: Learn")),
                ("Ship a fix", true, Some("Week 5-8")),
                ("Pair on call", false, Some("Week 5-8")),
                ("Loose end", true, None),
            ]
        );
        assert_eq!(c.counts(), (3, 5));
        assert_eq!(c.percent(), Some(60));
    }

    #[test]
    fn a_forecast_takes_the_pace_of_the_last_four_weeks() {
        let day = 86_400;
        let today = 100 * day;
        let ev = |t: i64, done: bool| ItemEvent {
            time: t,
            date: super::super::history::date(t),
            author: String::new(),
            text: String::new(),
            phase: None,
            done,
        };
        let point = |t: i64, percent: u8| Point {
            time: t,
            date: super::super::history::date(t),
            done: 0,
            total: 0,
            percent,
            commit: String::new(),
            author: String::new(),
        };
        let timeline = Timeline {
            // 50 days ago: 0%. In the last four weeks: 5 ticks, 1 un-tick.
            points: vec![point(50 * day, 0), point(90 * day, 40)],
            events: vec![
                ev(50 * day, true),
                ev(80 * day, true),
                ev(85 * day, true),
                ev(90 * day, true),
                ev(95 * day, true),
                ev(96 * day, false),
                ev(99 * day, true),
            ],
            statuses: Vec::new(),
        };
        // Today is day 100, 1970-04-11. 4 of 10 done, 6 remaining at
        // (5 - 1) / 4 = 1 a week: 42 days on, day 142.
        let f = timeline.forecast(4, 10, Some("1970-05-01"), today);
        assert_eq!(f.remaining, 6);
        assert!((f.pace_per_week - 1.0).abs() < 1e-9);
        assert_eq!(f.done_on.as_deref(), Some("1970-05-23"));
        assert!(f.at_risk, "due 1970-05-01, forecast 1970-05-23");
        assert_eq!(f.done_last_7_days, 1, "days 95 and 99 ticked, 96 un-ticked");
        assert_eq!(f.trend, 40, "0% four weeks ago, 40% now");
        let relaxed = timeline.forecast(4, 10, Some("1970-12-31"), today);
        assert!(!relaxed.at_risk);
        let stalled = Timeline::default().forecast(1, 3, Some("1970-12-31"), today);
        assert_eq!(stalled.done_on, None);
        assert!(stalled.at_risk, "no pace cannot reach a due date");
    }

    #[test]
    fn items_a_page_starts_with_ticked_are_not_ticks_but_items_added_ticked_later_are() {
        let v = |time: i64, text: &str| Version {
            time,
            commit: String::new(),
            author: String::new(),
            checklist: checklist(text),
        };
        let t = Timeline::from_versions(&[
            v(1, "- [x] moved in done\n- [ ] open\n"),
            v(2, "- [x] moved in done\n- [ ] open\n- [x] logged as done\n"),
        ]);
        let events: Vec<&str> = t.events.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(events, ["logged as done"]);
        assert_eq!(
            t.points[0].percent, 50,
            "the first version is still a point"
        );
    }

    #[test]
    fn frontmatter_progress_is_the_percent_without_a_checklist() {
        assert_eq!(
            checklist("---\nprogress: 40\n---\nText.\n").percent(),
            Some(40)
        );
        assert_eq!(checklist("+++\nprogress = 75\n+++\n").percent(), Some(75));
        assert_eq!(checklist("No progress.\n").percent(), None);
        assert_eq!(
            checklist("---\nstatus: \"next\"\n---\n").status.as_deref(),
            Some("next")
        );
    }

    #[test]
    fn a_timeline_has_a_point_per_change_and_every_tick_and_untick() {
        let v = |time: i64, text: &str| Version {
            time,
            commit: format!("c{time}"),
            author: "Ana".into(),
            checklist: checklist(text),
        };
        let versions = [
            v(86_400, "- [ ] a\n- [ ] b\n"),
            v(2 * 86_400, "- [x] a\n- [ ] b\n"),
            v(3 * 86_400, "Typo fixed.\n\n- [x] a\n- [ ] b\n"),
            v(4 * 86_400, "- [ ] a\n- [x] b\n"),
        ];
        let t = Timeline::from_versions(&versions);
        let points: Vec<(String, u32, u32)> = t
            .points
            .iter()
            .map(|p| (p.date.clone(), p.done, p.total))
            .collect();
        // The typo fix and the swap of ticks leave the counts as they were: no point.
        assert_eq!(
            points,
            [
                ("1970-01-02".to_string(), 0, 2),
                ("1970-01-03".to_string(), 1, 2)
            ]
        );
        let events: Vec<(&str, bool)> =
            t.events.iter().map(|e| (e.text.as_str(), e.done)).collect();
        assert_eq!(events, [("a", true), ("a", false), ("b", true)]);
    }

    #[test]
    fn day_numbers_invert_dates_and_refuse_non_dates() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2024-02-29"), Some(19_782));
        assert_eq!(day_number("2024-02-31"), None);
        assert_eq!(day_number("2023-02-29"), None);
        assert_eq!(day_number("2024-13-01"), None);
        assert_eq!(day_number("2024-01-01x"), None);
        assert_eq!(day_number("soon"), None);
        for d in [0, 59, 19_782, 2_000_000] {
            assert_eq!(
                day_number(&super::super::history::date(d * 86_400)),
                Some(d)
            );
        }
    }
}
