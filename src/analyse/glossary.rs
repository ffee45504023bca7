//! The glossary: terms defined on glossary pages, and where other pages mention them.
//!
//! A glossary page (`kind: glossary`) defines a term with each `## Term`
//! heading, or, when it uses definition lists, with each `Term` / `: definition`
//! pair. `## ERP (Enterprise Resource Planning)` defines `ERP` with the alias
//! `Enterprise Resource Planning`. The page's `terms:` frontmatter adds
//! aliases and plurals, or turns linking off, per term:
//!
//! ```yaml
//! terms:
//!   Runbook: { aliases: [run book], plurals: [runbooks] }
//!   On-call: { autolink: false }
//! ```
//!
//! Plurals are made by English rules (`policy` -> `policies`, `bus` -> `buses`)
//! unless given. Matching is whole-word and ignores case.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::content::frontmatter::TermOptions;

/// A term and its definition.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Term {
    /// The term as the glossary names it (`ERP`).
    pub name: String,
    /// Other names that mean it, as written.
    pub aliases: Vec<String>,
    /// Plural forms of the name and aliases.
    pub plurals: Vec<String>,
    /// The first sentences of its definition, as text.
    pub definition: String,
    /// The glossary page that defines it.
    pub page: usize,
    /// The anchor of its definition on that page.
    pub id: String,
    /// The link to its definition.
    pub href: String,
    /// Whether mentions of it become links.
    pub autolink: bool,
    /// Byte offset of its definition in the page's body.
    pub offset: usize,
}

impl Term {
    /// A term from a glossary heading or definition-list title, with the page's options for it.
    pub fn new(title: &str, options: Option<&TermOptions>) -> Term {
        let title = title.trim();
        let (name, alias) = match title.strip_suffix(')').and_then(|t| t.split_once(" (")) {
            Some((name, alias)) if !name.trim().is_empty() && !alias.trim().is_empty() => {
                (name.trim(), Some(alias.trim()))
            }
            _ => (title, None),
        };
        let mut aliases: Vec<String> = alias.map(String::from).into_iter().collect();
        let mut plurals = Vec::new();
        let mut autolink = true;
        if let Some(o) = options {
            aliases.extend(o.aliases.iter().cloned());
            plurals.extend(o.plurals.iter().cloned());
            autolink = o.autolink;
        }
        if plurals.is_empty() {
            plurals = std::iter::once(name)
                .chain(aliases.iter().map(String::as_str))
                .map(plural)
                .collect();
        }
        Term {
            name: name.to_string(),
            aliases,
            plurals,
            definition: String::new(),
            page: 0,
            id: String::new(),
            href: String::new(),
            autolink,
            offset: 0,
        }
    }

    /// The name and aliases: the forms that must be unique across the glossary.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// The letter it is listed under (upper-case), or `#` when it does not start with one.
    pub fn letter(&self) -> char {
        match self.name.chars().next() {
            Some(c) if c.is_alphabetic() => c.to_uppercase().next().unwrap_or(c),
            _ => '#',
        }
    }

    /// Its place in the A-Z list: letters in order, then everything else, by name.
    pub fn sort_key(&self) -> (bool, char, String) {
        let letter = self.letter();
        (letter == '#', letter, self.name.to_lowercase())
    }
}

/// The English plural of a term's last word.
fn plural(term: &str) -> String {
    let lower = term.to_lowercase();
    if term.len() > 1 && term.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) {
        // An acronym: SLA -> SLAs.
        format!("{term}s")
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        format!("{term}es")
    } else if lower.ends_with('y') && !lower[..lower.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        format!("{}ies", &term[..term.len() - 1])
    } else {
        format!("{term}s")
    }
}

/// Two terms claiming one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The name as the second term writes it.
    pub name: String,
    /// The term that had it first.
    pub first: usize,
    /// The term that has it again.
    pub second: usize,
}

/// Every term of the handbook, ready to be found in text.
#[derive(Debug, Default)]
pub struct Glossary {
    /// The terms, in the order their pages define them.
    pub terms: Vec<Term>,
    matcher: Option<AhoCorasick>,
    /// For each pattern of the matcher, its term.
    pattern_terms: Vec<usize>,
}

impl Glossary {
    /// Indexes `terms`; names claimed twice are returned, and only the first claim links.
    pub fn new(terms: Vec<Term>) -> (Glossary, Vec<Duplicate>) {
        let mut owner: HashMap<String, usize> = HashMap::new();
        let mut duplicates = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_terms = Vec::new();
        let mut added: HashSet<String> = HashSet::new();
        for (t, term) in terms.iter().enumerate() {
            for name in term.names() {
                match owner.get(&name.to_lowercase()) {
                    Some(&first) if first != t => duplicates.push(Duplicate {
                        name: name.to_string(),
                        first,
                        second: t,
                    }),
                    _ => {
                        owner.insert(name.to_lowercase(), t);
                    }
                }
            }
        }
        for (t, term) in terms.iter().enumerate() {
            if !term.autolink {
                continue;
            }
            for form in term.names().chain(term.plurals.iter().map(String::as_str)) {
                let key = form.to_lowercase();
                // A name another term claimed first links to that term only.
                if owner.get(&key).is_some_and(|&o| o != t) {
                    continue;
                }
                if form.trim().is_empty() {
                    continue;
                }
                // The matcher ignores ASCII case; other letters are matched as
                // written, lower-cased, and capitalised.
                let mut variants = vec![form.to_string(), key.clone(), form.to_uppercase()];
                let mut chars = key.chars();
                if let Some(first) = chars.next() {
                    variants.push(first.to_uppercase().chain(chars).collect());
                }
                variants.sort();
                variants.dedup();
                for v in variants {
                    // The same pattern again (a plural of a name defined
                    // twice) could never win over the first, and each copy
                    // made building the matcher slower for every other.
                    if added.insert(v.clone()) {
                        patterns.push(v);
                        pattern_terms.push(t);
                    }
                }
            }
        }
        let matcher = (!patterns.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(&patterns)
                    .ok()
            })
            .flatten();
        (
            Glossary {
                terms,
                matcher,
                pattern_terms,
            },
            duplicates,
        )
    }

    /// Whether no term links.
    pub fn is_empty(&self) -> bool {
        self.matcher.is_none()
    }

    /// Whole-word mentions of terms in `text`, in order and not overlapping;
    /// where several terms start at one place, the longest wins.
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        // A line break in the source is a space between words.
        let spaced;
        let text = if text.contains(['\n', '\r', '\t']) {
            spaced = text.replace(['\n', '\r', '\t'], " ");
            spaced.as_str()
        } else {
            text
        };
        let mut found: Vec<(Range<usize>, usize)> = matcher
            .find_overlapping_iter(text)
            .filter(|m| is_whole_word(text, m.start(), m.end()))
            .map(|m| (m.range(), self.pattern_terms[m.pattern().as_usize()]))
            .collect();
        found.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
        let mut out: Vec<(Range<usize>, usize)> = Vec::new();
        for (range, term) in found {
            if out.last().is_none_or(|(last, _)| range.start >= last.end) {
                out.push((range, term));
            }
        }
        out
    }
}

/// Whether `text[start..end]` is neither preceded nor followed by a letter or digit.
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    !text[..start].chars().next_back().is_some_and(word)
        && !text[end..].chars().next().is_some_and(word)
}

/// A definition cut to its first sentences, for a tooltip.
pub fn short_definition(text: &str) -> String {
    const MAX: usize = 180;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.len() <= MAX {
        return text;
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // The last sentence end that fits, else the last word that fits.
    match text[..end].rfind(". ").filter(|&i| i > 40) {
        Some(stop) => text[..=stop].to_string(),
        None => {
            let cut = text[..end].rfind(' ').unwrap_or(end);
            format!("{}…", text[..cut].trim_end_matches([',', ';', ':']))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary(terms: &[&str]) -> Glossary {
        Glossary::new(terms.iter().map(|t| Term::new(t, None)).collect()).0
    }

    fn found<'a>(g: &Glossary, text: &'a str) -> Vec<&'a str> {
        g.find(text).into_iter().map(|(r, _)| &text[r]).collect()
    }

    #[test]
    fn can_split_an_alias_in_parentheses() {
        let t = Term::new("ERP (Enterprise Resource Planning)", None);
        assert_eq!(t.name, "ERP");
        assert_eq!(t.aliases, ["Enterprise Resource Planning"]);
        assert_eq!(t.plurals, ["ERPs", "Enterprise Resource Plannings"]);
    }

    #[test]
    fn can_make_plurals() {
        assert_eq!(plural("policy"), "policies");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("bus"), "buses");
        assert_eq!(plural("SLA"), "SLAs");
        assert_eq!(plural("runbook"), "runbooks");
    }

    #[test]
    fn can_find_whole_words_ignoring_case() {
        let g = glossary(&["SLA", "on-call"]);
        assert_eq!(
            found(&g, "Our sla and SLAs; not SLAB. On-call rota"),
            ["sla", "SLAs", "On-call"]
        );
    }

    #[test]
    fn longest_term_wins_where_two_start() {
        let g = glossary(&["incident", "incident commander"]);
        let text = "The incident commander runs the incident.";
        assert_eq!(found(&g, text), ["incident commander", "incident"]);
    }

    #[test]
    fn can_report_a_name_claimed_twice() {
        let (_, dups) = Glossary::new(vec![
            Term::new("SLA (Service level agreement)", None),
            Term::new("sla", None),
        ]);
        assert_eq!(
            dups,
            [Duplicate {
                name: "sla".into(),
                first: 0,
                second: 1
            }]
        );
    }

    #[test]
    fn terms_marked_not_to_link_are_not_found() {
        let options = TermOptions {
            autolink: false,
            ..TermOptions::default()
        };
        let g = Glossary::new(vec![Term::new("Rota", Some(&options))]).0;
        assert!(g.find("the rota").is_empty());
    }

    #[test]
    fn a_line_break_is_a_space_between_words() {
        let g = glossary(&["incident", "incident commander"]);
        assert_eq!(g.find("the incident\ncommander").len(), 1);
        assert_eq!(g.find("the incident\ncommander")[0].0, 4..22);
    }

    #[test]
    fn a_cut_never_splits_a_letter() {
        let text = format!("{}é{}", "a".repeat(179), " word".repeat(40));
        assert!(short_definition(&text).ends_with('…'));
    }

    #[test]
    fn can_shorten_definitions_at_a_sentence() {
        let long = format!(
            "{} Second sentence {}",
            "A first sentence that is long enough to keep.",
            "word ".repeat(60)
        );
        assert_eq!(
            short_definition(&long),
            "A first sentence that is long enough to keep."
        );
        assert!(short_definition(&"word ".repeat(100)).ends_with('…'));
    }
}
