//! `handbook serve` keeps the handbook's semantics right while it rebuilds
//! incrementally: glossary "Used on" lists, the plans dashboard, related
//! pages, reporting lines, playbook steps. After every edit of a scripted
//! series the incremental result equals a clean build of the same files,
//! byte for byte (or fails with the same errors).

use handbook::Update;

use crate::serve_incremental::{Handbook, Served, Snapshot, clean, edit, same_as_clean};

const GLOSSARY: &str = "---\ntitle: Glossary\n---\n\
## SLA\n\nA promise about how good a service is.\n\n\
## Runbook\n\nSteps to follow when something breaks.\n\n\
## Incident\n\nSomething that went wrong for customers.\n";

const Q1: &str = "---\ntitle: Q1 plan\nowner: Ann\ndue: 2099-01-01\nhorizon: now\n---\n\
## Week 1-2\n\n- [x] one\n- [ ] two\n\n## Week 3-4\n\n- [ ] three\n";

const INCIDENT: &str = "---\ntitle: Incident playbook\n---\n## Triage\n\n1. Acknowledge\n2. Assess\n3. Open a channel\n";

/// The handbook the semantics tests edit.
fn new_handbook() -> Handbook {
    let h = Handbook::empty();
    h.write("handbook.toml", "title = \"T\"\n");
    h.write("content/index.md", "---\ntitle: Home\n---\nWelcome.\n");
    h.write("content/glossary.md", GLOSSARY);
    h.write(
        "content/ops/index.md",
        "---\nnavTitle: Ops\nnavOrder: 1\n---\n# Operations\n\nHow we run things.\n",
    );
    h.write(
            "content/ops/oncall.md",
            "---\ntitle: On-call\ntags: [ops, rota]\n---\nWe keep our SLA. Read the [runbooks](runbooks.md) \
             and [assess](../playbooks/incident.md#triage-step-2).\n",
        );
    h.write(
        "content/ops/runbooks.md",
        "---\ntitle: Runbooks\ntags: [ops]\nreviewed: 2099-01-01\n---\nWhere the steps live.\n",
    );
    h.write(
        "content/ops/status.md",
        "---\ntitle: Status page\ntags: [ops]\n---\nWhat customers see.\n",
    );
    h.write("content/plans/q1.md", Q1);
    h.write(
        "content/plans/q2.md",
        "---\ntitle: Q2 plan\ndue: 2001-01-01\nprogress: 10\n---\nLater.\n",
    );
    h.write(
        "content/jobs/ceo.md",
        "---\ntitle: Chief Executive Officer\nnavTitle: CEO\n---\nLeads.\n",
    );
    h.write(
        "content/jobs/cto.md",
        "---\ntitle: CTO\nreports_to: Chief Executive Officer\n---\nBuilds.\n",
    );
    h.write(
        "content/jobs/dev.md",
        "---\ntitle: Developer\nreports_to: cto.md\n---\nCodes.\n",
    );
    h.write("content/playbooks/incident.md", INCIDENT);
    h
}

/// The text of output file `path` in a successful snapshot.
fn file(s: &Snapshot, path: &str) -> String {
    let files = s
        .as_ref()
        .unwrap_or_else(|e| panic!("expected a built site, got {e:?}"));
    String::from_utf8(files[path].clone()).unwrap()
}

/// A step of the script: what it is, the file, its new text, and whether a
/// full rebuild is expected.
struct Step {
    name: &'static str,
    file: &'static str,
    text: String,
    full: bool,
    /// An output file this step must change (to prove it is not a no-op).
    changes: Option<&'static str>,
    /// The step leaves the handbook with errors.
    fails: bool,
}

fn step(name: &'static str, file: &'static str, text: &str) -> Step {
    Step {
        name,
        file,
        text: text.to_string(),
        full: false,
        changes: None,
        fails: false,
    }
}

impl Step {
    fn full(mut self) -> Step {
        self.full = true;
        self
    }
    fn changes(mut self, path: &'static str) -> Step {
        self.changes = Some(path);
        self
    }
    fn fails(mut self) -> Step {
        self.fails = true;
        self
    }
}

fn run(h: &Handbook, steps: Vec<Step>) {
    let mut build = clean(h);
    let mut before = same_as_clean(&build, h, "the first build");
    assert!(before.is_ok(), "the first build fails: {before:?}");
    let mut served = Served::default();
    served.follow(&mut build, "the first build");
    for s in steps {
        let update = edit(&mut build, h, s.file, &s.text);
        if s.full {
            assert_eq!(update, Update::Full, "{} rebuilds everything", s.name);
        } else {
            assert!(
                matches!(update, Update::Pages(_)),
                "{} is an incremental update, got {update:?}",
                s.name
            );
        }
        let after = same_as_clean(&build, h, s.name);
        served.follow(&mut build, s.name);
        assert_eq!(after.is_err(), s.fails, "after {}: {after:?}", s.name);
        if let Some(path) = s.changes {
            assert_ne!(
                file(&before, path),
                file(&after, path),
                "{} changes {path}",
                s.name
            );
        }
        before = after;
    }
}

#[test]
fn glossary_used_on_lists_follow_edits() {
    let h = new_handbook();
    run(
        &h,
        vec![
            step(
                "a page mentions a term for the first time",
                "content/ops/runbooks.md",
                "---\ntitle: Runbooks\ntags: [ops]\nreviewed: 2099-01-01\n---\nWhere the steps live for each incident.\n",
            )
            .changes("glossary/index.html"),
            step(
                "the page that uses a term is renamed",
                "content/ops/runbooks.md",
                "---\ntitle: Run books\ntags: [ops]\nreviewed: 2099-01-01\n---\nWhere the steps live for each incident.\n",
            )
            .changes("glossary/index.html"),
            step(
                "the mention is removed",
                "content/ops/runbooks.md",
                "---\ntitle: Run books\ntags: [ops]\nreviewed: 2099-01-01\n---\nWhere the steps live.\n",
            )
            .changes("glossary/index.html"),
            step(
                "glossary links turned off on a page",
                "content/ops/oncall.md",
                "---\ntitle: On-call\ntags: [ops, rota]\nglossary: false\n---\nWe keep our SLA. Read the [runbooks](runbooks.md) \
                 and [assess](../playbooks/incident.md#triage-step-2).\n",
            )
            .changes("glossary/index.html"),
            step(
                "the glossary page gains a term",
                "content/glossary.md",
                &format!("{GLOSSARY}\n## Pager\n\nThe thing that wakes you.\n"),
            )
            .full(),
            step(
                "a page mentions the new term",
                "content/ops/status.md",
                "---\ntitle: Status page\ntags: [ops]\n---\nWhat customers see when the pager goes off.\n",
            )
            .changes("glossary/index.html"),
            step(
                "the glossary defines a term twice",
                "content/glossary.md",
                &format!("{GLOSSARY}\n## Pager\n\nThe thing.\n\n## sla\n\nAgain.\n"),
            )
            .full()
            .fails(),
            step(
                "the duplicate removed",
                "content/glossary.md",
                &format!("{GLOSSARY}\n## Pager\n\nThe thing that beeps.\n"),
            )
            .full(),
        ],
    );
}

#[test]
fn the_dashboard_follows_plan_edits() {
    let h = new_handbook();
    run(
        &h,
        vec![
            step(
                "a checklist item ticked in a plan",
                "content/plans/q1.md",
                &Q1.replace("- [ ] two", "- [x] two"),
            )
            .changes("dashboard/index.html"),
            step(
                "a phase's last item ticked (the plan is done)",
                "content/plans/q1.md",
                &Q1.replace("- [ ] two", "- [x] two")
                    .replace("- [ ] three", "- [x] three"),
            )
            .changes("dashboard/index.html"),
            step(
                "a plan on the dashboard renamed",
                "content/plans/q2.md",
                "---\ntitle: Second quarter\ndue: 2001-01-01\nprogress: 10\n---\nLater.\n",
            )
            .changes("dashboard/index.html"),
            step(
                "a plan blocked",
                "content/plans/q2.md",
                "---\ntitle: Second quarter\ndue: 2099-01-01\nstatus: blocked\nprogress: 10\n---\nLater.\n",
            )
            .changes("dashboard/index.html"),
            step(
                "a horizon moved",
                "content/plans/q1.md",
                &Q1.replace("horizon: now", "horizon: later"),
            )
            .changes("dashboard/index.html"),
            step(
                "an old review date",
                "content/ops/runbooks.md",
                "---\ntitle: Runbooks\ntags: [ops]\nreviewed: 2001-01-01\n---\nWhere the steps live.\n",
            )
            .changes("dashboard/index.html"),
            step(
                "a section label shown on the dashboard renamed",
                "content/ops/index.md",
                "---\nnavTitle: Operations\nnavOrder: 1\n---\n# Operations\n\nHow we run things.\n",
            )
            .changes("dashboard/index.html"),
            step(
                "an owner changed",
                "content/plans/q1.md",
                &Q1.replace("owner: Ann", "owner: Bob"),
            )
            .changes("dashboard/index.html"),
        ],
    );
}

#[test]
fn related_pages_and_tag_pages_follow_renames_and_links() {
    let h = new_handbook();
    run(
        &h,
        vec![
            step(
                "a page listed as related renamed",
                "content/ops/runbooks.md",
                "---\ntitle: Run books\ntags: [ops]\nreviewed: 2099-01-01\n---\nWhere the steps live.\n",
            )
            .changes("ops/oncall/index.html"),
            step(
                "a new link makes pages related",
                "content/ops/status.md",
                "---\ntitle: Status page\ntags: [ops]\n---\nWhat customers see. See [Q2](../plans/q2.md).\n",
            )
            .changes("plans/q2/index.html"),
            step(
                "the newly related page renamed",
                "content/plans/q2.md",
                "---\ntitle: Q2 goals\ndue: 2001-01-01\nprogress: 10\n---\nLater.\n",
            )
            .changes("ops/status/index.html"),
            step(
                "the link removed",
                "content/ops/status.md",
                "---\ntitle: Status page\ntags: [ops]\n---\nWhat customers see.\n",
            )
            .changes("plans/q2/index.html"),
            step(
                "a tag added",
                "content/plans/q2.md",
                "---\ntitle: Q2 goals\ndue: 2001-01-01\nprogress: 10\ntags: [rota]\n---\nLater.\n",
            )
            .full(),
        ],
    );
}

#[test]
fn reporting_lines_follow_role_edits() {
    let h = new_handbook();
    run(
        &h,
        vec![
            step(
                "a direct report renamed",
                "content/jobs/dev.md",
                "---\ntitle: Engineer\nreports_to: cto.md\n---\nCodes.\n",
            )
            // Other roles may name a role by its title: a new title rebuilds all.
            .full()
            .changes("jobs/cto/index.html"),
            step(
                "a manager renamed by navTitle",
                "content/jobs/cto.md",
                "---\ntitle: CTO\nnavTitle: Tech chief\nreports_to: Chief Executive Officer\n---\nBuilds.\n",
            )
            .full()
            .changes("jobs/dev/index.html"),
            step(
                "reports_to changed",
                "content/jobs/dev.md",
                "---\ntitle: Engineer\nreports_to: ceo.md\n---\nCodes.\n",
            )
            .full()
            .changes("roles/reporting-lines/index.html"),
            step(
                "reports_to back",
                "content/jobs/dev.md",
                "---\ntitle: Engineer\nreports_to: /jobs/cto/\n---\nCodes.\n",
            )
            .full(),
            step(
                "a loop",
                "content/jobs/ceo.md",
                "---\ntitle: Chief Executive Officer\nnavTitle: CEO\nreports_to: Engineer\n---\nLeads.\n",
            )
            .full()
            .fails(),
            step(
                "the loop broken",
                "content/jobs/ceo.md",
                "---\ntitle: Chief Executive Officer\nnavTitle: CEO\n---\nLeads.\n",
            )
            .full(),
        ],
    );
}

#[test]
fn renaming_a_role_named_by_title_in_reports_to_equals_a_clean_build() {
    // cto.md says `reports_to: Chief Executive Officer`. When the CEO's page
    // takes another title, a clean build fails (no role has that title); the
    // incremental build must fail the same way, and recover when the title
    // comes back.
    let h = new_handbook();
    run(
        &h,
        vec![
            step(
                "the manager's title changed",
                "content/jobs/ceo.md",
                "---\ntitle: Chief Exec\nnavTitle: CEO\n---\nLeads.\n",
            )
            .full()
            .fails(),
            step(
                "the manager's title restored",
                "content/jobs/ceo.md",
                "---\ntitle: Chief Executive Officer\nnavTitle: CEO\n---\nLeads.\n",
            )
            .full(),
        ],
    );
}

#[test]
fn playbook_steps_follow_edits() {
    let h = new_handbook();
    run(
        &h,
        vec![
            step(
                "a step added",
                "content/playbooks/incident.md",
                &format!("{INCIDENT}4. Write it up\n"),
            )
            .changes("playbooks/index.html"),
            step(
                "the linked step removed (a broken anchor)",
                "content/playbooks/incident.md",
                "---\ntitle: Incident playbook\n---\n## Triage\n\n1. Acknowledge\n",
            )
            .fails(),
            step("the step back", "content/playbooks/incident.md", INCIDENT),
            step(
                "the playbook renamed",
                "content/playbooks/incident.md",
                &INCIDENT.replace("Incident playbook", "When things break"),
            )
            .changes("playbooks/index.html"),
        ],
    );
}
