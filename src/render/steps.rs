//! A playbook's steps. Playbooks are written two ways, and both count: steps
//! as numbered headings (`## 1. Declare the incident`, `### Step 2: Assign
//! roles`), each with its details below, or as the items of top-level
//! numbered lists (marked while rendering, render/markdown/items.rs). Where a page
//! has numbered headings, they are its steps (numbered lists under them are
//! the steps' own details); otherwise its list items are.

use super::markdown::{Heading, Step};

/// The steps a page's numbered headings make: the headings at the level of
/// the first one whose text starts with a number (`1.`, `2)`, `3:`, `4 -`,
/// optionally after `Step`), each with that number and the rest of its
/// text. None when no heading is numbered.
pub fn from_headings(headings: &[Heading]) -> Vec<Step> {
    let Some(level) = headings
        .iter()
        .find(|h| numbered(&h.text).is_some())
        .map(|h| h.level)
    else {
        return Vec::new();
    };
    headings
        .iter()
        .filter(|h| h.level == level)
        .filter_map(|h| {
            let (number, text) = numbered(&h.text)?;
            Some(Step {
                id: h.id.clone(),
                number,
                text: text.to_string(),
                section: None,
            })
        })
        .collect()
}

/// `(N, rest)` when `text` starts with a step number: digits (at most four),
/// optionally after `Step `, then `.`, `)`, `:` or a dash, then the words.
/// `Step 3` alone is step 3 with its own words as text.
fn numbered(text: &str) -> Option<(u64, &str)> {
    let text = text.trim();
    let (after_word, rest) = match text.get(..5) {
        Some(word) if word.eq_ignore_ascii_case("step ") => (true, text[5..].trim_start()),
        _ => (false, text),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let number = rest[..digits].parse().ok()?;
    let tail = &rest[digits..];
    let words = tail
        .strip_prefix(['.', ')', ':'])
        .or_else(|| tail.trim_start().strip_prefix(['-', '–', '—', ':']))
        .map(str::trim_start);
    match words {
        // "1. Kickoff" (and "1.Kickoff"), "1) Kickoff", "Step 1: Kickoff".
        Some(words) if !words.is_empty() && !words.starts_with(|c: char| c.is_ascii_digit()) => {
            Some((number, words))
        }
        // "Step 2": the heading is the step.
        _ if after_word && tail.trim().is_empty() => Some((number, text)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, text: &str) -> Heading {
        Heading {
            level,
            id: text.to_lowercase().replace(' ', "-"),
            text: text.to_string(),
        }
    }

    #[test]
    fn a_number_then_words_is_a_step() {
        for (text, number, words) in [
            ("1. Kickoff Call", 1, "Kickoff Call"),
            ("2) Configure", 2, "Configure"),
            ("3: Import", 3, "Import"),
            ("4 - Train", 4, "Train"),
            ("5 – Go live", 5, "Go live"),
            ("Step 6: Review", 6, "Review"),
            ("step 7. Celebrate", 7, "Celebrate"),
            ("Step 8", 8, "Step 8"),
        ] {
            assert_eq!(numbered(text), Some((number, words)), "{text}");
        }
    }

    #[test]
    fn numbers_that_are_not_steps_are_not() {
        for text in [
            "2024 Goals",
            "1.5 Release",
            "90 Days",
            "Steps",
            "Severity",
            "10x engineers",
            "1.",
            "12345. Too long",
        ] {
            assert_eq!(numbered(text), None, "{text}");
        }
    }

    #[test]
    fn steps_are_the_numbered_headings_at_the_first_ones_level() {
        let headings = [
            heading(2, "Severity"),
            heading(2, "Steps"),
            heading(3, "1. Declare the incident"),
            heading(4, "1. A detail"),
            heading(3, "2. Assign the roles"),
            heading(2, "After the Incident"),
        ];
        let steps = from_headings(&headings);
        let found: Vec<(u64, &str, &str)> = steps
            .iter()
            .map(|s| (s.number, s.id.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (1, "1.-declare-the-incident", "Declare the incident"),
                (2, "2.-assign-the-roles", "Assign the roles"),
            ]
        );
        assert!(from_headings(&[heading(2, "Why"), heading(2, "How")]).is_empty());
    }
}
