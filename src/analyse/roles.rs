//! Roles: who reports to whom, from the job descriptions' `reports_to`.
//!
//! `reports_to` names another role by its page (`ceo.md`, `../people/ceo.md`,
//! `/people/ceo/`, resolved like a link) or by its title (`Chief Executive
//! Officer`, any case). A target that is not a role, no role at all, or a loop
//! of roles reporting to each other is a problem to report.

use std::collections::BTreeMap;

/// A `reports_to` that leads nowhere good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleProblem {
    /// No role has this page or title.
    Unknown {
        /// The role saying it.
        role: usize,
        /// What it says.
        wanted: String,
    },
    /// The page named is not a job description.
    NotARole {
        /// The role saying it.
        role: usize,
        /// The page it names.
        target: usize,
    },
    /// These roles report to each other in a loop (in order).
    Loop(Vec<usize>),
}

/// The reporting lines between roles (pages of the site, by index).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles {
    /// Each role's manager.
    pub manager: BTreeMap<usize, usize>,
    /// Each manager's direct reports, in the order of `roles`.
    pub reports: BTreeMap<usize, Vec<usize>>,
    /// Roles that report to no role, in the order of `roles`.
    pub tops: Vec<usize>,
}

/// Resolves every role's `reports_to`: `find_page` resolves it as a link, `titles`
/// are the roles' titles and labels.
pub fn resolve(
    roles: &[usize],
    reports_to: impl Fn(usize) -> Option<String>,
    find_page: impl Fn(usize, &str) -> Option<usize>,
    titles: impl Fn(usize) -> Vec<String>,
) -> (Roles, Vec<RoleProblem>) {
    let is_role = |p: usize| roles.binary_search(&p).is_ok();
    let mut by_title: BTreeMap<String, usize> = BTreeMap::new();
    for &r in roles {
        for t in titles(r) {
            by_title.entry(t.trim().to_lowercase()).or_insert(r);
        }
    }
    let mut out = Roles::default();
    let mut problems = Vec::new();
    for &r in roles {
        let Some(wanted) = reports_to(r).filter(|w| !w.trim().is_empty()) else {
            continue;
        };
        let target = by_title
            .get(&wanted.trim().to_lowercase())
            .copied()
            .or_else(|| find_page(r, wanted.trim()));
        match target {
            Some(t) if !is_role(t) => problems.push(RoleProblem::NotARole { role: r, target: t }),
            Some(t) => {
                out.manager.insert(r, t);
            }
            None => problems.push(RoleProblem::Unknown { role: r, wanted }),
        }
    }
    // Loops: follow each chain, at most once per role.
    let mut state: BTreeMap<usize, u8> = BTreeMap::new(); // 1 visiting, 2 done
    for &start in roles {
        let mut chain = Vec::new();
        let mut at = Some(start);
        while let Some(r) = at {
            match state.get(&r) {
                Some(2) => break,
                Some(_) => {
                    let from = chain.iter().position(|&c| c == r).unwrap_or(0);
                    let cycle: Vec<usize> = chain[from..].to_vec();
                    for &c in &cycle {
                        out.manager.remove(&c);
                    }
                    problems.push(RoleProblem::Loop(cycle));
                    break;
                }
                None => {
                    state.insert(r, 1);
                    chain.push(r);
                    at = out.manager.get(&r).copied();
                }
            }
        }
        for c in chain {
            state.insert(c, 2);
        }
    }
    for &r in roles {
        match out.manager.get(&r) {
            Some(&m) => out.reports.entry(m).or_default().push(r),
            None => out.tops.push(r),
        }
    }
    (out, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(lines: &[(usize, Option<&str>)]) -> (Roles, Vec<RoleProblem>) {
        let roles: Vec<usize> = lines.iter().map(|l| l.0).collect();
        resolve(
            &roles,
            |r| {
                lines
                    .iter()
                    .find(|l| l.0 == r)
                    .and_then(|l| l.1)
                    .map(String::from)
            },
            |_, w| w.strip_prefix("page:").and_then(|n| n.parse().ok()),
            |r| vec![format!("Role {r}")],
        )
    }

    #[test]
    fn can_resolve_by_title_or_page() {
        let (roles, problems) = run(&[(1, None), (2, Some("role 1")), (3, Some("page:2"))]);
        assert!(problems.is_empty());
        assert_eq!(roles.tops, [1]);
        assert_eq!(roles.reports[&1], [2]);
        assert_eq!(roles.manager[&3], 2);
    }

    #[test]
    fn can_report_unknown_targets_and_pages_that_are_not_roles() {
        let (_, problems) = run(&[(1, Some("Nobody")), (2, Some("page:9"))]);
        assert_eq!(
            problems,
            [
                RoleProblem::Unknown {
                    role: 1,
                    wanted: "Nobody".into()
                },
                RoleProblem::NotARole { role: 2, target: 9 }
            ]
        );
    }

    #[test]
    fn can_report_loops_once() {
        let (roles, problems) = run(&[
            (1, Some("Role 2")),
            (2, Some("Role 1")),
            (3, Some("Role 1")),
        ]);
        assert_eq!(problems, [RoleProblem::Loop(vec![1, 2])]);
        assert_eq!(roles.tops, [1, 2]);
        assert_eq!(roles.reports[&1], [3]);
    }
}
