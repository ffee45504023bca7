//! A [`Report`] as markdown, ready to paste into a weekly update: a heading
//! per section, a bullet per entry, "None." for an empty section, and why
//! a section is missing when it needs the git history.

use std::fmt::Write;

use super::{ItemChange, Move, PageChange, PageRef, Plan, Report};
use crate::analyse::delivery::PACE_WEEKS;

/// The report as markdown.
pub fn markdown(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Handbook report, {} to {}\n", r.since, r.today);
    let who = if r.audience == "internal" {
        "All pages, internal ones included"
    } else {
        "Public pages only"
    };
    let _ = writeln!(
        out,
        "{who}; changes from {} (included) to {}.",
        r.since, r.today
    );
    if let Some(why) = &r.history_missing {
        let _ = writeln!(
            out,
            "\n> No git history: {why}. Items ticked and un-ticked, moves, pages added and removed and forecasts need it; the rest is here."
        );
    }
    let missing = r.history_missing.as_deref().unwrap_or("");
    section(
        &mut out,
        "Completed",
        r.completed.as_deref(),
        missing,
        item_line,
    );
    section(
        &mut out,
        "Un-ticked",
        r.unticked.as_deref(),
        missing,
        item_line,
    );
    section(&mut out, "At risk", Some(&r.at_risk), missing, plan_line);
    section(
        &mut out,
        "Newly overdue",
        Some(&r.newly_overdue),
        missing,
        plan_line,
    );
    section(
        &mut out,
        "Due in the next two weeks",
        Some(&r.due_soon),
        missing,
        plan_line,
    );
    section(
        &mut out,
        "Reviews gone stale",
        Some(&r.stale_reviews),
        missing,
        |s| {
            format!(
                "{}: reviewed {}, stale since {}",
                page(&s.page),
                s.reviewed,
                s.stale_since
            )
        },
    );
    section(
        &mut out,
        "Now / Next / Later and status moves",
        r.moves.as_deref(),
        missing,
        move_line,
    );
    section(
        &mut out,
        "Pages added",
        r.added.as_deref(),
        missing,
        change_line,
    );
    section(
        &mut out,
        "Pages removed",
        r.removed.as_deref(),
        missing,
        change_line,
    );
    out
}

fn section<T>(
    out: &mut String,
    title: &str,
    entries: Option<&[T]>,
    missing: &str,
    line: impl Fn(&T) -> String,
) {
    match entries {
        None => {
            let _ = writeln!(out, "\n## {title}\n\nNot available: {missing}.");
        }
        Some([]) => {
            let _ = writeln!(out, "\n## {title}\n\nNone.");
        }
        Some(entries) => {
            let _ = writeln!(out, "\n## {title} ({})\n", entries.len());
            for e in entries {
                let _ = writeln!(out, "- {}", line(e));
            }
        }
    }
}

/// A page's title and where it is, without a link (pastes anywhere).
fn page(p: &PageRef) -> String {
    format!("{} ({})", p.title, p.url.as_deref().unwrap_or(&p.path))
}

fn item_line(c: &ItemChange) -> String {
    let phase = c
        .phase
        .as_deref()
        .map(|p| format!(", {p}"))
        .unwrap_or_default();
    format!(
        "{}{phase}: {}, {} by {}",
        page(&c.page),
        c.item,
        c.date,
        c.author
    )
}

fn plan_line(p: &Plan) -> String {
    let mut line = format!("{}: due {}", page(&p.page), p.due);
    match (p.percent, p.done, p.total) {
        (Some(percent), Some(done), Some(total)) if total != 100 || done != u32::from(percent) => {
            let _ = write!(line, ", {percent}% ({done} of {total})");
        }
        (Some(percent), ..) => {
            let _ = write!(line, ", {percent}%");
        }
        _ => {}
    }
    if let Some(status) = &p.status {
        let _ = write!(line, ", {status}");
    }
    match (&p.forecast, p.pace_per_week) {
        (Some(on), Some(pace)) => {
            let _ = write!(line, "; at {pace:.1} items a week, done {on}");
        }
        (None, Some(_)) => {
            let _ = write!(line, "; nothing ticked in the last {PACE_WEEKS} weeks");
        }
        _ => {}
    }
    line
}

fn move_line(m: &Move) -> String {
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
    format!(
        "{}: {} {} → {}, {} by {}",
        page(&m.page),
        m.field,
        shown(&m.from),
        shown(&m.to),
        m.date,
        m.author
    )
}

fn change_line(c: &PageChange) -> String {
    format!("{}, {} by {}", page(&c.page), c.date, c.author)
}
