//! Progress: counted from checklists, stated in frontmatter, and checked against each other.

use serde::Serialize;

use crate::content::frontmatter::DeclaredProgress;
use crate::render::markdown::{Heading, TaskItem};

/// Done out of total checklist items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Progress {
    /// Ticked items.
    pub done: u32,
    /// All items.
    pub total: u32,
}

impl Progress {
    /// Counts `tasks`.
    pub fn count<'a>(tasks: impl IntoIterator<Item = &'a TaskItem>) -> Progress {
        tasks
            .into_iter()
            .fold(Progress::default(), |p, t| Progress {
                done: p.done + u32::from(t.done),
                total: p.total + 1,
            })
    }

    /// Percent done, rounded down; 0 for an empty list.
    pub fn percent(self) -> u8 {
        if self.total == 0 {
            0
        } else {
            ((u64::from(self.done) * 100) / u64::from(self.total)) as u8
        }
    }
}

/// The progress of one `##`/`###` section (a phase of a plan).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionProgress {
    /// The heading's id, for a link.
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Its items.
    pub progress: Progress,
    /// Percent done.
    pub percent: u8,
}

/// Templates see `id`, `title`, `done`, `total` and `percent`, the items'
/// counts beside the rest; written out rather than with `serde(flatten)`,
/// which gives a map of unknown length that a page's key cannot hash (see
/// render/body_cache.rs `fingerprint`).
impl Serialize for SectionProgress {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("SectionProgress", 5)?;
        s.serialize_field("id", &self.id)?;
        s.serialize_field("title", &self.title)?;
        s.serialize_field("done", &self.progress.done)?;
        s.serialize_field("total", &self.progress.total)?;
        s.serialize_field("percent", &self.percent)?;
        s.end()
    }
}

/// Everything a page says about its progress.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct PageProgress {
    /// What the checklists count, when the page has any.
    pub checklist: Option<Progress>,
    /// Per section, in page order, for sections with items.
    pub sections: Vec<SectionProgress>,
    /// The percentage shown: frontmatter's when stated, else the checklist's.
    pub percent: Option<u8>,
}

impl PageProgress {
    /// Combines the stated progress with the counted one.
    pub fn new(
        declared: Option<DeclaredProgress>,
        tasks: &[TaskItem],
        headings: &[Heading],
    ) -> PageProgress {
        let checklist = (!tasks.is_empty()).then(|| Progress::count(tasks));
        let mut sections: Vec<SectionProgress> = Vec::new();
        for task in tasks {
            let Some(h) = task.section.and_then(|s| headings.get(s)) else {
                continue;
            };
            if sections.last().is_none_or(|s| s.id != h.id) {
                sections.push(SectionProgress {
                    id: h.id.clone(),
                    title: h.text.clone(),
                    progress: Progress::default(),
                    percent: 0,
                });
            }
            if let Some(s) = sections.last_mut() {
                s.progress.total += 1;
                s.progress.done += u32::from(task.done);
            }
        }
        for s in &mut sections {
            s.percent = s.progress.percent();
        }
        let percent = declared
            .map(DeclaredProgress::percent)
            .or(checklist.map(Progress::percent));
        PageProgress {
            checklist,
            sections,
            percent,
        }
    }
}

/// When the frontmatter's progress disagrees with the checklist: both, as text.
pub fn contradiction(
    declared: Option<DeclaredProgress>,
    checklist: Option<Progress>,
) -> Option<(String, String)> {
    let (declared, counted) = (declared?, checklist?);
    let agrees = match declared {
        DeclaredProgress::Fraction(d, t) => d == counted.done && t == counted.total,
        DeclaredProgress::Percent(p) => {
            let exact = f64::from(counted.done) * 100.0 / f64::from(counted.total.max(1));
            (f64::from(p) - exact).abs() < 1.0
        }
    };
    (!agrees).then(|| {
        (
            declared.to_string(),
            format!(
                "{}/{} ({}%)",
                counted.done,
                counted.total,
                counted.percent()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tasks(items: &[(bool, Option<usize>)]) -> Vec<TaskItem> {
        items
            .iter()
            .map(|&(done, section)| TaskItem { done, section })
            .collect()
    }

    fn heading(id: &str) -> Heading {
        Heading {
            level: 2,
            id: id.into(),
            text: id.to_uppercase(),
        }
    }

    #[test]
    fn can_count_per_section() {
        let p = PageProgress::new(
            None,
            &tasks(&[
                (true, None),
                (true, Some(0)),
                (false, Some(0)),
                (true, Some(1)),
            ]),
            &[heading("a"), heading("b")],
        );
        assert_eq!(p.checklist, Some(Progress { done: 3, total: 4 }));
        assert_eq!(p.percent, Some(75));
        let s: Vec<_> = p
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.progress.done, s.progress.total, s.percent))
            .collect();
        assert_eq!(s, [("a", 1, 2, 50), ("b", 1, 1, 100)]);
    }

    #[test]
    fn stated_progress_wins_for_display() {
        let p = PageProgress::new(
            Some(DeclaredProgress::Percent(10)),
            &tasks(&[(true, None)]),
            &[],
        );
        assert_eq!(p.percent, Some(10));
    }

    #[test]
    fn contradictions_are_found() {
        let c = Some(Progress { done: 1, total: 3 });
        assert_eq!(contradiction(Some(DeclaredProgress::Percent(33)), c), None);
        assert_eq!(
            contradiction(Some(DeclaredProgress::Fraction(1, 3)), c),
            None
        );
        assert_eq!(
            contradiction(Some(DeclaredProgress::Percent(50)), c),
            Some(("50%".into(), "1/3 (33%)".into()))
        );
        assert_eq!(
            contradiction(Some(DeclaredProgress::Fraction(2, 3)), c),
            Some(("2/3".into(), "1/3 (33%)".into()))
        );
        assert_eq!(
            contradiction(Some(DeclaredProgress::Percent(50)), None),
            None
        );
    }
}
