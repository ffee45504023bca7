//! A page's progress over time as a small SVG chart, drawn at build time:
//! no script, a step line (progress holds between commits) with a dot per
//! point, time along x and 0-100 % up y. Colours come from the theme: every
//! stroke and fill is `currentColor` or a class the stylesheet colours, so
//! the chart follows light, dark and print. Readers who cannot see it get
//! its `<title>` and `<desc>` (`role="img"`), and the page lists the points
//! as a table beside it.
//!
//! Numbers are written with one decimal at most, from integer inputs, so
//! the same points give the same bytes on every machine.

use std::fmt::Write;

use crate::render::escape_text as escape;

/// One point of the chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartPoint<'a> {
    /// Seconds since 1970.
    pub time: i64,
    /// `YYYY-MM-DD`, for the description.
    pub date: &'a str,
    /// Progress in percent (0-100; more is drawn as 100).
    pub percent: u8,
    /// The working tree's uncommitted state, drawn hollow after a dashed step.
    pub now: bool,
}

/// The chart's size in its own units (it scales to its box).
const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 168.0;
/// The plot area: room on the left for "100%", below for the dates.
const LEFT: f64 = 44.0;
const RIGHT: f64 = 468.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 136.0;

/// The ids of the chart's title and description, unique on a page (a page
/// has one chart).
pub const TITLE_ID: &str = "progress-chart-title";
const DESC_ID: &str = "progress-chart-desc";

/// The chart of `points` (oldest first) for the page called `label`, its
/// time axis running from the first point to `end` (seconds since 1970,
/// the end of today) and labelled from `first_date` to `end_date`. Empty
/// when there are no points.
pub fn progress_chart(points: &[ChartPoint<'_>], end: i64, end_date: &str, label: &str) -> String {
    let Some(first) = points.first() else {
        return String::new();
    };
    // A page whose first commit is today still gets a day's width.
    let start = first.time.min(end - 86_400);
    let span = (end - start).max(1) as f64;
    let x = |t: i64| LEFT + (t.clamp(start, end) - start) as f64 / span * (RIGHT - LEFT);
    let y = |p: u8| BOTTOM - f64::from(p.min(100)) / 100.0 * (BOTTOM - TOP);

    let mut svg = String::with_capacity(1_024 + points.len() * 64);
    let _ = write!(
        svg,
        "<svg class=\"progress-chart\" role=\"img\" aria-labelledby=\"{TITLE_ID} {DESC_ID}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-size=\"12\">",
        w = num(WIDTH),
        h = num(HEIGHT),
    );
    let _ = write!(
        svg,
        "<title id=\"{TITLE_ID}\">Progress over time of {}</title><desc id=\"{DESC_ID}\">{}</desc>",
        escape(label),
        escape(&describe(points, end_date)),
    );
    // The grid: 0, 50 and 100 %, each labelled.
    for p in [0u8, 50, 100] {
        let _ = write!(
            svg,
            "<line class=\"chart-grid\" x1=\"{l}\" x2=\"{r}\" y1=\"{y}\" y2=\"{y}\" stroke=\"currentColor\" stroke-opacity=\".25\"/><text class=\"chart-label\" x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\" fill=\"currentColor\">{p}%</text>",
            l = num(LEFT),
            r = num(RIGHT),
            y = num(y(p)),
            tx = num(LEFT - 6.0),
            ty = num(y(p) + 4.0),
        );
    }
    let _ = write!(
        svg,
        "<text class=\"chart-label\" x=\"{l}\" y=\"{b}\" fill=\"currentColor\">{}</text><text class=\"chart-label\" x=\"{r}\" y=\"{b}\" text-anchor=\"end\" fill=\"currentColor\">{}</text>",
        escape(first.date),
        escape(end_date),
        l = num(LEFT),
        r = num(RIGHT),
        b = num(BOTTOM + 22.0),
    );
    // The committed steps, held level to today; the working tree's step dashed.
    let committed: Vec<&ChartPoint<'_>> = points.iter().filter(|p| !p.now).collect();
    if let Some(c0) = committed.first() {
        let mut d = format!("M{} {}", num(x(c0.time)), num(y(c0.percent)));
        for p in &committed[1..] {
            let _ = write!(d, "H{}V{}", num(x(p.time)), num(y(p.percent)));
        }
        let _ = write!(d, "H{}", num(x(end)));
        let _ = write!(
            svg,
            "<path class=\"chart-line\" d=\"{d}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"/>"
        );
    }
    if let (Some(last), Some(now)) = (committed.last(), points.iter().find(|p| p.now)) {
        let _ = write!(
            svg,
            "<path class=\"chart-line chart-now-line\" d=\"M{} {}V{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>",
            num(x(now.time)),
            num(y(last.percent)),
            num(y(now.percent)),
        );
    }
    for p in points {
        let _ = write!(
            svg,
            "<circle class=\"chart-point{}\" cx=\"{}\" cy=\"{}\" r=\"3.5\" stroke=\"currentColor\" stroke-width=\"2\" fill=\"{}\" data-date=\"{}\" data-percent=\"{}\"/>",
            if p.now { " chart-now" } else { "" },
            num(x(p.time)),
            num(y(p.percent)),
            if p.now { "none" } else { "currentColor" },
            escape(p.date),
            p.percent,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// What the chart shows, in a sentence.
fn describe(points: &[ChartPoint<'_>], end_date: &str) -> String {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return String::new();
    };
    let changes = points.len();
    let mut text = format!(
        "{}% on {}, {}% on {}: {} {}",
        first.percent,
        first.date,
        last.percent,
        if last.now { end_date } else { last.date },
        changes,
        if changes == 1 { "point" } else { "points" },
    );
    if last.now {
        text.push_str(", the last one uncommitted changes");
    }
    text.push_str(". The table of progress data lists each.");
    text
}

/// `v` with one decimal, without a trailing `.0`: deterministic, short.
fn num(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!(
            "{}{}.{}",
            if tenths < 0 { "-" } else { "" },
            (tenths / 10).abs(),
            (tenths % 10).abs()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    fn p(day: i64, percent: u8, now: bool) -> ChartPoint<'static> {
        ChartPoint {
            time: day * DAY,
            date: "2024-01-01",
            percent,
            now,
        }
    }

    #[test]
    fn can_write_numbers_the_same_everywhere() {
        assert_eq!(num(44.0), "44");
        assert_eq!(num(136.04), "136");
        assert_eq!(num(73.05), "73.1");
        assert_eq!(num(-2.5), "-2.5");
        assert_eq!(num(-0.5), "-0.5");
    }

    #[test]
    fn can_place_points_in_time_and_percent() {
        let svg = progress_chart(&[p(0, 0, false), p(5, 50, false)], 10 * DAY, "x", "Plan");
        // x: 44 + t / 10 days * 424; y: 136 - percent * 1.26.
        assert!(svg.contains("cx=\"44\" cy=\"136\""), "{svg}");
        assert!(svg.contains("cx=\"256\" cy=\"73\""), "{svg}");
        assert!(svg.contains("d=\"M44 136H256V73H468\""), "{svg}");
        assert!(!svg.contains("chart-now"));
    }

    #[test]
    fn can_draw_now_hollow_after_a_dashed_step() {
        let svg = progress_chart(&[p(0, 20, false), p(10, 60, true)], 10 * DAY, "x", "Plan");
        assert!(
            svg.contains("class=\"chart-point chart-now\" cx=\"468\""),
            "{svg}"
        );
        assert!(svg.contains("stroke-dasharray"));
        assert!(svg.contains("uncommitted"));
    }

    #[test]
    fn escapes_the_label_and_gives_no_chart_for_no_points() {
        let svg = progress_chart(&[p(0, 0, false)], DAY, "x", "<a> & \"b\"");
        assert!(svg.contains("of &lt;a&gt; &amp; &quot;b&quot;</title>"));
        assert!(progress_chart(&[], DAY, "x", "Plan").is_empty());
    }

    #[test]
    fn a_page_committed_today_still_has_a_day_of_width() {
        let svg = progress_chart(&[p(3, 100, false)], 3 * DAY + 10, "x", "Plan");
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    }
}
