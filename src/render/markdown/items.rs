//! List items and plan phases: checklist items counted by section, plan
//! phases found (a heading, or an item with a list inside) and their items
//! counted, and a playbook's numbered items made anchored steps.

use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use super::attrs::{write_attr, write_href};
use super::events::{find_end, plain_text};
use super::renderer::Renderer;
use super::{Phase, Step, TaskItem};

/// A phase being read.
#[derive(Debug)]
pub(super) struct PhaseBuild {
    pub(super) phase: Phase,
    /// It has phases inside: not a phase itself.
    pub(super) container: bool,
}

/// Where a phase ends: at a heading of its level or higher, or with its list item.
#[derive(Debug, Clone, Copy)]
pub(super) enum PhaseEnd {
    Heading(u8),
    Item(usize),
}

/// An open list: whether it is numbered, and the number of its next item.
#[derive(Debug, Clone, Copy)]
pub(super) struct ListState {
    pub(super) ordered: bool,
    pub(super) next: u64,
}

impl<'a> Renderer<'a> {
    /// The first content of a list item decides whether it is a checklist item.
    pub(super) fn first_item_content(&mut self, done: Option<bool>) {
        if let Some(first) = self.items.last_mut()
            && *first
        {
            *first = false;
            let phase = self.open_phases.last().map(|&(p, _)| p);
            if let Some(done) = done {
                self.tasks.push(TaskItem {
                    done,
                    section: self.section,
                });
            }
            if let Some(p) = phase {
                let p = &mut self.phases[p].phase;
                match done {
                    Some(done) => {
                        p.tasks += 1;
                        p.done += u32::from(done);
                    }
                    None => p.items += 1,
                }
            }
        }
    }

    /// Opens a list item: a phase when its first line names a period and a
    /// list follows; a step when it is in a playbook's top-level numbered list.
    pub(super) fn start_item(&mut self, events: &[(Event<'a>, Range<usize>)], i: usize) {
        let end = find_end(events, i);
        let inner = &events[i + 1..end];
        let sublist = inner
            .iter()
            .position(|(e, _)| matches!(e, Event::Start(Tag::List(_))));
        let head = || plain_text(&inner[..sublist.unwrap_or(inner.len())]);
        let list = self.lists.last().copied();
        if let Some(l) = self.lists.last_mut()
            && l.ordered
        {
            l.next += 1;
        }
        if sublist.is_some() {
            let head = head();
            if is_phase_title(&head) {
                let title = phase_title(&head);
                let id = self.claim_id(self.ids.rule().base_id(&title));
                let mut open = String::from("<li");
                write_attr(&mut open, "id", &id);
                write_attr(&mut open, "class", "phase");
                open.push('>');
                self.out.push(Event::Html(open.into()));
                // Its own line is not one of its items.
                self.items.push(false);
                self.open_phase(id, title, PhaseEnd::Item(self.items.len()));
                return;
            }
        }
        if self.steps
            && self.lists.len() == 1
            && let Some(list) = list.filter(|l| l.ordered)
        {
            let number = list.next;
            let prefix = self
                .section
                .and_then(|s| self.headings.get(s))
                .map(|h| format!("{}-", h.id))
                .unwrap_or_default();
            let id = self.claim_id(format!("{prefix}step-{number}"));
            let mut open = String::from("<li");
            write_attr(&mut open, "id", &id);
            write_attr(&mut open, "class", "step");
            open.push_str("><a class=\"step-anchor\"");
            write_href(&mut open, &format!("#{id}"));
            let _ = write!(open, " aria-label=\"Link to step {number}\">#</a>");
            let text = head();
            let section = self
                .section
                .and_then(|s| self.headings.get(s))
                .map(|h| h.text.clone());
            self.step_list.push(Step {
                id,
                number,
                text: text.trim().to_string(),
                section,
            });
            self.out.push(Event::Html(open.into()));
            self.items.push(true);
            return;
        }
        self.items.push(true);
        self.out.push(Event::Start(Tag::Item));
    }

    pub(super) fn open_phase(&mut self, id: String, title: String, end: PhaseEnd) {
        if let Some(&(parent, _)) = self.open_phases.last() {
            self.phases[parent].container = true;
        }
        self.open_phases.push((self.phases.len(), end));
        self.phases.push(PhaseBuild {
            phase: Phase {
                id,
                title,
                done: 0,
                tasks: 0,
                items: 0,
            },
            container: false,
        });
    }
}

/// Whether a heading or list item's text names a period of a plan: a
/// number or an ordinal next to day, week, month or quarter ("Days 0–30",
/// "Week 1-4:", "First 30 days", "Month 2", "Second month").
pub fn is_phase_title(text: &str) -> bool {
    // The first 8 words, without allocating: this runs for every heading.
    let mut words = [""; 8];
    let mut count = 0;
    for (slot, w) in words.iter_mut().zip(
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty()),
    ) {
        *slot = w;
        count += 1;
    }
    let words = &words[..count];
    let unit = |w: &str| {
        with_lowercase(w, |w| {
            matches!(
                w,
                "day" | "days" | "week" | "weeks" | "month" | "months" | "quarter" | "quarters"
            )
        })
    };
    let number = |w: &str| {
        w.chars().all(|c| c.is_ascii_digit()) || with_lowercase(w, |w| ORDINALS.contains(&w))
    };
    words.iter().enumerate().any(|(i, w)| {
        unit(w)
            && (i.checked_sub(1).is_some_and(|j| number(words[j]))
                || words.get(i + 1).is_some_and(|n| number(n)))
    })
}

/// `test` of `word` lower-cased; an ASCII word of at most 8 letters (as long
/// as the longest unit or ordinal) is lower-cased on the stack, any other
/// into a new String.
fn with_lowercase(word: &str, test: impl Fn(&str) -> bool) -> bool {
    if word.is_ascii() && word.len() <= 8 {
        let mut buf = [0u8; 8];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        std::str::from_utf8(lower).is_ok_and(test)
    } else {
        test(&word.to_lowercase())
    }
}

const ORDINALS: [&str; 12] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth",
];

/// A phase's title from its item's first line: up to a colon that follows the period.
pub(super) fn phase_title(head: &str) -> String {
    let head = head.trim();
    let title = match head.split_once(':') {
        Some((before, _)) if is_phase_title(before) => before.trim(),
        _ => head,
    };
    if title.chars().count() > 60 {
        let cut: String = title.chars().take(57).collect();
        format!("{}…", cut.trim_end())
    } else {
        title.to_string()
    }
}

/// `Some(true)` for ✅-like marks, `Some(false)` for ⬜-like ones at the start of `text`.
pub(super) fn checklist_mark(text: &str) -> Option<bool> {
    let t = text.trim_start();
    if t.starts_with(['✅', '☑', '✔']) {
        Some(true)
    } else if t.starts_with(['⬜', '☐', '❌']) {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_tell_phase_titles() {
        for yes in [
            "Days 0–30: Learn",
            "Week 1-4:",
            "First 30 days",
            "Month 2",
            "90-Day Plan",
            "SECOND QUARTER",
            "Första 3 weeks",
        ] {
            assert!(is_phase_title(yes), "{yes}");
        }
        for no in [
            "Weekly sync",
            "Hiring Plan",
            "Day one",
            "Monday",
            "Dåy 3",
            "a b c d e f g h week 3",
        ] {
            assert!(!is_phase_title(no), "{no}");
        }
    }
}
