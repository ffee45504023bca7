//! Plans: progress per phase, and the dashboard's order of what needs attention.
//!
//! A phase counts its checklist items when it has any; a phase written as
//! plain bullets (the FlowFuse job descriptions' "Week 1-4" plans) counts
//! them as items not yet done. Dates are ISO `YYYY-MM-DD`, so they compare as text.

use serde::Serialize;

use crate::render::markdown::Phase;

use super::progress::SectionProgress;

/// A phase's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseProgress {
    /// Its anchor.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Done items.
    pub done: u32,
    /// All items.
    pub total: u32,
    /// Percent done, rounded down.
    pub percent: u8,
    /// Whether the items are checklist items (else plain bullets, none done).
    pub checklist: bool,
}

/// A plan's progress: per phase and overall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanProgress {
    /// The phases in page order.
    pub phases: Vec<PhaseProgress>,
    /// Done items over all phases.
    pub done: u32,
    /// All items over all phases.
    pub total: u32,
    /// Percent done overall.
    pub percent: u8,
}

fn percent(done: u32, total: u32) -> u8 {
    if total == 0 {
        0
    } else {
        ((u64::from(done) * 100) / u64::from(total)) as u8
    }
}

impl PlanProgress {
    /// From the phases the page names, else from its sections with checklist items.
    pub fn new(phases: &[Phase], sections: &[SectionProgress]) -> Option<PlanProgress> {
        let phases: Vec<PhaseProgress> = if phases.is_empty() {
            sections
                .iter()
                .map(|s| PhaseProgress {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    done: s.progress.done,
                    total: s.progress.total,
                    percent: s.percent,
                    checklist: true,
                })
                .collect()
        } else {
            phases
                .iter()
                .map(|p| {
                    let (done, total) = if p.tasks > 0 {
                        (p.done, p.tasks)
                    } else {
                        (0, p.items)
                    };
                    PhaseProgress {
                        id: p.id.clone(),
                        title: p.title.clone(),
                        done,
                        total,
                        percent: percent(done, total),
                        checklist: p.tasks > 0,
                    }
                })
                .collect()
        };
        if phases.is_empty() {
            return None;
        }
        let done = phases.iter().map(|p| p.done).sum();
        let total = phases.iter().map(|p| p.total).sum();
        Some(PlanProgress {
            phases,
            done,
            total,
            percent: percent(done, total),
        })
    }
}

/// Why a page is on the dashboard, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Attention {
    /// Past its due date and not done.
    Overdue,
    /// Its status says blocked.
    Blocked,
    /// Reviewed too long ago.
    NeedsReview,
    /// Under way.
    InProgress,
    /// Its status says it has not started (`planned`, `draft`, `todo`,
    /// `proposed`) and nothing is done: shown as such, not "In progress".
    NotStarted,
    /// All done.
    Done,
}

/// What the dashboard knows of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFacts<'a> {
    /// Percent done, when the page has progress.
    pub percent: Option<u8>,
    /// Its status name.
    pub status: Option<&'a str>,
    /// Its due date.
    pub due: Option<&'a str>,
    /// When it was last reviewed.
    pub reviewed: Option<&'a str>,
}

/// The leading `YYYY-MM-DD` of `text`, when it has one.
pub fn iso_date(text: &str) -> Option<&str> {
    let d = text.trim().get(..10)?;
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)).then_some(d)
}

/// Whether a page reviewed on `reviewed` is due a review; `cutoff` is the oldest date that is fine.
pub fn needs_review(reviewed: Option<&str>, cutoff: Option<&str>) -> bool {
    match (reviewed.and_then(iso_date), cutoff) {
        (Some(r), Some(c)) => r < c,
        _ => false,
    }
}

/// Where a page stands, on `today`, with reviews older than `cutoff` due.
pub fn attention(facts: &PlanFacts<'_>, today: &str, cutoff: Option<&str>) -> Attention {
    let done = facts.percent == Some(100)
        || facts
            .status
            .is_some_and(|s| matches!(s, "done" | "complete" | "completed"));
    let overdue = !done && facts.due.and_then(iso_date).is_some_and(|d| d < today);
    if overdue {
        Attention::Overdue
    } else if facts.status.is_some_and(|s| s.contains("block")) {
        Attention::Blocked
    } else if needs_review(facts.reviewed, cutoff) {
        Attention::NeedsReview
    } else if done {
        Attention::Done
    } else if facts.percent.unwrap_or(0) == 0
        && facts
            .status
            .is_some_and(|s| matches!(s, "planned" | "draft" | "todo" | "not-started" | "proposed"))
    {
        Attention::NotStarted
    } else {
        Attention::InProgress
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(
        percent: Option<u8>,
        status: Option<&'static str>,
        due: Option<&'static str>,
    ) -> PlanFacts<'static> {
        PlanFacts {
            percent,
            status,
            due,
            reviewed: None,
        }
    }

    #[test]
    fn can_rank_what_needs_attention() {
        let today = "2026-06-01";
        assert_eq!(
            attention(&facts(Some(40), None, Some("2026-05-31")), today, None),
            Attention::Overdue
        );
        assert_eq!(
            attention(&facts(Some(100), None, Some("2026-05-31")), today, None),
            Attention::Done
        );
        assert_eq!(
            attention(
                &facts(Some(10), Some("blocked"), Some("2027-01-01")),
                today,
                None
            ),
            Attention::Blocked
        );
        assert_eq!(
            attention(&facts(Some(10), None, Some("2026-06-01")), today, None),
            Attention::InProgress
        );
        let old = PlanFacts {
            reviewed: Some("2025-01-01"),
            ..facts(Some(10), None, None)
        };
        assert_eq!(
            attention(&old, today, Some("2025-12-01")),
            Attention::NeedsReview
        );
        // A planned page with nothing done has not started; with something
        // done it is under way whatever its status says.
        assert_eq!(
            attention(&facts(Some(0), Some("planned"), None), today, None),
            Attention::NotStarted
        );
        assert_eq!(
            attention(&facts(None, Some("draft"), None), today, None),
            Attention::NotStarted
        );
        assert_eq!(
            attention(&facts(Some(20), Some("planned"), None), today, None),
            Attention::InProgress
        );
        assert!(
            Attention::Overdue < Attention::Blocked
                && Attention::NeedsReview < Attention::InProgress
                && Attention::InProgress < Attention::NotStarted
                && Attention::NotStarted < Attention::Done
        );
    }

    #[test]
    fn plain_bullet_phases_count_as_not_done() {
        let phases = [
            Phase {
                id: "a".into(),
                title: "Week 1-4".into(),
                done: 0,
                tasks: 0,
                items: 4,
            },
            Phase {
                id: "b".into(),
                title: "Week 5-8".into(),
                done: 1,
                tasks: 2,
                items: 3,
            },
        ];
        let plan = PlanProgress::new(&phases, &[]).unwrap();
        assert_eq!((plan.done, plan.total, plan.percent), (1, 6, 16));
        assert_eq!(
            (
                plan.phases[1].done,
                plan.phases[1].total,
                plan.phases[1].percent
            ),
            (1, 2, 50)
        );
        assert!(!plan.phases[0].checklist);
    }

    #[test]
    fn can_read_iso_dates() {
        assert_eq!(iso_date("2024-05-01"), Some("2024-05-01"));
        assert_eq!(iso_date("2024-05-01T10:00:00Z"), Some("2024-05-01"));
        assert_eq!(iso_date("next week"), None);
        assert_eq!(iso_date("2024-5-1"), None);
    }
}
