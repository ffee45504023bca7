//! Roles and playbooks: the roles index by team, reporting lines from
//! `reports_to` (by title or by path) with the errors it can have, the
//! reporting-lines tree, and playbook steps with their anchors and index.

use crate::common;

use common::{Fixture, attr, attrs, count, diagnostic_for, sel, show, text, text_of, texts};
use scraper::{ElementRef, Html};

fn job(title: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\n{extra}---\nWhat the role does.\n")
}

/// The reporting-lines tree as text: `CEO(CTO(Dev),CFO),Advisor`.
fn tree(html: &Html) -> String {
    let roots: Vec<ElementRef<'_>> = html.select(&sel("ul.org-tree")).collect();
    assert_eq!(roots.len(), 1, "expected one ul.org-tree");
    list(roots[0])
}

fn list(ul: ElementRef<'_>) -> String {
    ul.select(&sel(":scope > li"))
        .map(|li| {
            let label = li
                .select(&sel(":scope > a"))
                .next()
                .map(text_of)
                .unwrap_or_else(|| panic!("an org-tree item without a link: {}", li.html()));
            let subs: Vec<String> = li.select(&sel(":scope > ul")).map(list).collect();
            assert!(
                subs.len() <= 1,
                "one list of reports per role: {}",
                li.html()
            );
            match subs.first() {
                Some(s) => format!("{label}({s})"),
                None => label,
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// A fixture of roles in two sections, one with a team of its own.
fn org() -> Fixture {
    Fixture::new()
        .page("index.md", "# Home\n")
        .page("people/index.md", "---\nnavTitle: People\n---\n# People\n")
        .page(
            "people/jobs/index.md",
            "---\nnavTitle: Leadership\n---\n# Leadership roles\n",
        )
        .page(
            "people/jobs/ceo.md",
            &job("Chief Executive Officer", "navTitle: CEO\n"),
        )
        .page(
            "people/jobs/cto.md",
            &job(
                "Chief Technology Officer",
                "navTitle: CTO\nreports_to: chief executive officer\n",
            ),
        )
        .page("people/jobs/cfo.md", &job("CFO", "reports_to: ceo.md\n"))
        .page("people/jobs/advisor.md", &job("Advisor", ""))
        .page(
            "engineering/roles/dev.md",
            &job("Developer", "reports_to: ../../people/jobs/cto.md\n"),
        )
        .page(
            "engineering/roles/sre.md",
            &job("SRE", "team: Operations\nreports_to: /people/jobs/cto/\n"),
        )
        .page(
            "engineering/roles/lead.md",
            &job("Tech lead", "reports_to: cto\n"),
        )
}

#[test]
fn reports_to_resolves_by_title_nav_title_or_path() {
    let built = org().ok();
    let reports_to = |url: &str| {
        let page = built.page(url);
        (
            text(&page, "dl.role-lines a.reports-to"),
            attr(&page, "dl.role-lines a.reports-to", "href"),
        )
    };
    let ceo = ("CEO".to_string(), "/people/jobs/ceo/".to_string());
    let cto = ("CTO".to_string(), "/people/jobs/cto/".to_string());
    // By title, any case.
    assert_eq!(reports_to("people/jobs/cto/"), ceo);
    // By a sibling's file.
    assert_eq!(reports_to("people/jobs/cfo/"), ceo);
    // By a relative path into another folder.
    assert_eq!(reports_to("engineering/roles/dev/"), cto);
    // By URL.
    assert_eq!(reports_to("engineering/roles/sre/"), cto);
    // By navTitle, any case.
    assert_eq!(reports_to("engineering/roles/lead/"), cto);
    // The top has no manager.
    assert_eq!(count(&built.page("people/jobs/ceo/"), "a.reports-to"), 0);
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
}

#[test]
fn managers_list_their_direct_reports() {
    let built = org().ok();
    let ceo = built.page("people/jobs/ceo/");
    assert_eq!(texts(&ceo, "dl.role-lines a.direct-report"), ["CFO", "CTO"]);
    let cto = built.page("people/jobs/cto/");
    let mut reports = texts(&cto, "dl.role-lines a.direct-report");
    reports.sort();
    assert_eq!(reports, ["Developer", "SRE", "Tech lead"]);
    assert_eq!(
        attrs(
            &cto,
            "dl.role-lines a.direct-report[href='/engineering/roles/dev/']",
            "href"
        )
        .len(),
        1
    );
    assert_eq!(
        count(&built.page("engineering/roles/dev/"), "a.direct-report"),
        0
    );
}

#[test]
fn roles_index_groups_roles_by_team_or_section() {
    let built = org().ok();
    let roles = built.page("/roles/");
    let teams: Vec<(String, Vec<String>)> = roles
        .select(&sel("section.role-team"))
        .map(|s| {
            let name = s.select(&sel("h2")).next().map(text_of).unwrap_or_default();
            let mut roles: Vec<String> = s
                .select(&sel("ul.role-list > li > a:first-child"))
                .map(text_of)
                .collect();
            roles.sort();
            (name, roles)
        })
        .collect();
    let mut names: Vec<&str> = teams.iter().map(|(n, _)| n.as_str()).collect();
    names.sort();
    // `engineering/roles/` has no index page: its label comes from the folder.
    assert_eq!(names, ["Leadership", "Operations", "Roles"]);
    let members = |team: &str| {
        teams
            .iter()
            .find(|(n, _)| n == team)
            .map(|(_, r)| r.clone())
            .unwrap_or_default()
    };
    assert_eq!(members("Leadership"), ["Advisor", "CEO", "CFO", "CTO"]);
    assert_eq!(members("Operations"), ["SRE"]);
    assert_eq!(members("Roles"), ["Developer", "Tech lead"]);
    assert!(
        attrs(&roles, "ul.role-list li a", "href").contains(&"/engineering/roles/sre/".to_string())
    );
}

#[test]
fn reporting_lines_are_nested_lists() {
    let built = org().ok();
    let page = built.page("/roles/reporting-lines/");
    // Tops at the top, each report inside its manager's item (siblings in any order).
    assert_eq!(
        canon(&tree(&page)),
        "Advisor,CEO(CFO,CTO(Developer,SRE,Tech lead))"
    );
    // The markup itself is balanced (readable without JS or a forgiving parser).
    let source = built.page_source("/roles/reporting-lines/");
    let start = source.find("<ul class=\"org-tree\"").expect("org-tree");
    let mut depth = 0i32;
    let mut end = start;
    let mut rest = &source[start..];
    while let Some(at) = rest.find("<ul").into_iter().chain(rest.find("</ul>")).min() {
        if rest[at..].starts_with("</ul>") {
            depth -= 1;
            rest = &rest[at + 5..];
        } else {
            depth += 1;
            rest = &rest[at + 3..];
        }
        end = source.len() - rest.len();
        if depth == 0 {
            break;
        }
    }
    let fragment = &source[start..end];
    assert_eq!(depth, 0, "unbalanced lists: {fragment}");
    assert_eq!(
        fragment.matches("<li").count(),
        fragment.matches("</li>").count(),
        "unbalanced items: {fragment}"
    );
    assert_eq!(fragment.matches("<li").count(), 7, "{fragment}");
}

/// A tree string with the siblings at every level sorted.
fn canon(s: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let (mut depth, mut from) = (0, 0);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(one(&s[from..i]));
                from = i + 1;
            }
            _ => {}
        }
    }
    parts.push(one(&s[from..]));
    parts.sort();
    parts.join(",")
}

/// One role of a tree string, its reports sorted.
fn one(s: &str) -> String {
    match s.split_once('(') {
        Some((label, rest)) => format!("{label}({})", canon(&rest[..rest.len() - 1])),
        None => s.to_string(),
    }
}

#[test]
fn a_chain_of_managers_nests_deeply() {
    let built = Fixture::new()
        .page("jobs/a.md", &job("A", ""))
        .page("jobs/b.md", &job("B", "reports_to: A\n"))
        .page("jobs/c.md", &job("C", "reports_to: B\n"))
        .page("jobs/d.md", &job("D", "reports_to: C\n"))
        .page("jobs/e.md", &job("E", "reports_to: A\n"))
        .ok();
    assert_eq!(tree(&built.page("/roles/reporting-lines/")), "A(B(C(D)),E)");
}

#[test]
fn roles_pages_exist_only_with_job_descriptions() {
    let without = Fixture::new().page("a.md", "# A\n").ok();
    assert!(!without.exists("roles/index.html"));
    assert!(!without.exists("roles/reporting-lines/index.html"));
    assert!(
        !attrs(&without.page("a/"), "nav.handbook-links a", "href")
            .contains(&"/roles/".to_string())
    );
    let with = Fixture::new().page("jobs/a.md", &job("A", "")).ok();
    assert!(with.exists("roles/reporting-lines/index.html"));
    assert!(
        attrs(&with.page("jobs/a/"), "nav.handbook-links a", "href")
            .contains(&"/roles/".to_string())
    );
}

#[test]
fn unknown_reports_to_is_an_error_at_its_line() {
    let fixture = Fixture::new().page("jobs/ceo.md", &job("CEO", "")).page(
        "jobs/dev.md",
        "---\ntitle: Developer\nowner: Ann\nreports_to: Chief Wizard\n---\nBody.\n",
    );
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let d = diagnostic_for(&errors, &fixture.path("content/jobs/dev.md"));
    assert_eq!(d.position.map(|p| p.line), Some(4), "{d}");
    assert!(d.message.contains("Chief Wizard"), "{d}");
}

#[test]
fn reports_to_a_missing_path_is_an_error() {
    let fixture = Fixture::new().page("jobs/ceo.md", &job("CEO", "")).page(
        "jobs/dev.md",
        &job("Developer", "reports_to: ../people/cto.md\n"),
    );
    let errors = fixture.errors();
    let d = diagnostic_for(&errors, &fixture.path("content/jobs/dev.md"));
    assert_eq!(d.position.map(|p| p.line), Some(3), "{d}");
    assert!(d.message.contains("../people/cto.md"), "{d}");
}

#[test]
fn reports_to_a_page_that_is_not_a_job_is_an_error() {
    let fixture = Fixture::new().page("about.md", "# About us\n").page(
        "jobs/dev.md",
        "---\ntitle: Developer\nreports_to: ../about.md\n---\nBody.\n",
    );
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    let d = diagnostic_for(&errors, &fixture.path("content/jobs/dev.md"));
    assert_eq!(d.position.map(|p| p.line), Some(3), "{d}");
    assert!(d.message.contains("not a job"), "{d}");
}

#[test]
fn a_reporting_loop_is_an_error() {
    let fixture = Fixture::new()
        .page("jobs/a.md", &job("Alpha", "reports_to: Beta\n"))
        .page("jobs/b.md", &job("Beta", "reports_to: a.md\n"))
        .page("jobs/c.md", &job("Gamma", "reports_to: Alpha\n"));
    let errors = fixture.errors();
    assert_eq!(errors.len(), 1, "one loop, one error: {}", show(&errors));
    let d = &errors[0];
    let files = [
        fixture.path("content/jobs/a.md"),
        fixture.path("content/jobs/b.md"),
    ];
    assert!(
        d.file.as_ref().is_some_and(|f| files.contains(f)),
        "the error is on a role in the loop: {d}"
    );
    assert_eq!(d.position.map(|p| p.line), Some(3), "{d}");
    assert!(d.message.contains("loop"), "{d}");
    assert!(
        d.message.contains("Alpha") && d.message.contains("Beta"),
        "{d}"
    );
}

#[test]
fn a_role_reporting_to_itself_is_a_loop() {
    let fixture = Fixture::new().page("jobs/a.md", &job("Alpha", "reports_to: alpha\n"));
    let errors = fixture.errors();
    let d = diagnostic_for(&errors, &fixture.path("content/jobs/a.md"));
    assert!(d.message.contains("loop"), "{d}");
}

// ---------------------------------------------------------------------------
// Playbooks.

const INCIDENT: &str = "---\ntitle: Incident response\nowner: Ops\n---\n\
1. Read this first\n2. Then this\n\n\
## Triage\n\n1. Acknowledge the page\n2. Assess the impact\n   1. nested one\n   2. nested two\n3. Open a channel\n\n\
- a bullet, not a step\n\n\
## Fix\n\nSome text.\n\n1. Roll back\n\n\
### Details\n\n- 1. not a list of steps\n";

#[test]
fn numbered_items_of_a_playbook_become_anchored_steps() {
    let built = Fixture::new().page("playbooks/incident.md", INCIDENT).ok();
    let page = built.page("playbooks/incident/");
    let ids = attrs(&page, ".content li.step", "id");
    assert_eq!(
        ids,
        [
            "step-1",
            "step-2",
            "triage-step-1",
            "triage-step-2",
            "triage-step-3",
            "fix-step-1"
        ]
    );
    // Each step links to itself.
    let anchors: Vec<(String, String)> = page
        .select(&sel(".content li.step"))
        .map(|li| {
            let a = li
                .select(&sel(":scope > a.step-anchor"))
                .next()
                .unwrap_or_else(|| panic!("a step without its anchor: {}", li.html()));
            (
                li.value().attr("id").unwrap_or_default().to_string(),
                a.value().attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect();
    for (id, href) in &anchors {
        assert_eq!(href, &format!("#{id}"));
    }
    // Nested lists and bullets are not steps.
    assert_eq!(count(&page, ".content li.step li.step"), 0);
    assert_eq!(count(&page, ".content li.step ol li"), 2);
    assert_eq!(count(&page, ".content ul li.step"), 0);
    // The summary lists them in order.
    assert_eq!(
        attrs(&page, "nav.steps-summary a", "href"),
        ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>()
    );
    assert_eq!(texts(&page, "nav.steps-summary a")[3], "Assess the impact");
}

#[test]
fn the_summary_numbers_steps_as_the_page_does_under_their_sections() {
    // Lists in several sections each start at 1 on the page: so do their
    // runs in the summary, under the section's heading.
    let built = Fixture::new().page("playbooks/incident.md", INCIDENT).ok();
    let page = built.page("playbooks/incident/");
    assert_eq!(
        attrs(&page, "nav.steps-summary li", "value"),
        ["1", "2", "1", "2", "3", "1"]
    );
    assert_eq!(
        texts(&page, "nav.steps-summary .steps-section"),
        ["Triage", "Fix"]
    );
    assert_eq!(count(&page, "nav.steps-summary ol"), 3);
}

#[test]
fn numbered_headings_are_a_playbooks_steps() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page(
            "playbooks/onboarding.md",
            "---\ntitle: Onboarding\n---\n## Before you start\n\nRead this.\n\n\
             ## 1. Kickoff call\n\n1. Book the room\n2. Send the agenda\n\n\
             ## 2) Configure\n\nDetails.\n\n### 1. A sub-heading, not a step\n\n\
             ## Step 3: Go live\n\nDone.\n\n## Timeline\n\nWeeks.\n",
        )
        .ok();
    let page = built.page("playbooks/onboarding/");
    assert_eq!(
        attrs(&page, "nav.steps-summary a", "href"),
        // (ids by the default rule, markdown-it-anchor's, which keeps punctuation)
        ["#1.-kickoff-call", "#2)-configure", "#step-3:-go-live"]
    );
    assert_eq!(
        texts(&page, "nav.steps-summary a"),
        ["Kickoff call", "Configure", "Go live"]
    );
    assert_eq!(
        attrs(&page, "nav.steps-summary li", "value"),
        ["1", "2", "3"]
    );
    assert!(
        text(&built.page("/playbooks/"), "ul.playbook-list").contains("3 steps"),
        "the playbooks page counts the headings"
    );
}

#[test]
fn playbooks_are_found_by_kind_folder_or_file_name() {
    let steps = "1. One\n2. Two\n";
    let built = Fixture::new()
        .page(
            "a.md",
            &format!("---\ntitle: A\nkind: playbook\n---\n{steps}"),
        )
        .page("playbooks/b.md", &format!("---\ntitle: B\n---\n{steps}"))
        .page(
            "ops/release-playbook-v2.md",
            &format!("---\ntitle: C\n---\n{steps}"),
        )
        .page("notes.md", &format!("---\ntitle: Notes\n---\n{steps}"))
        .ok();
    for url in ["a/", "playbooks/b/", "ops/release-playbook-v2/"] {
        assert_eq!(
            attrs(&built.page(url), ".content li.step", "id"),
            ["step-1", "step-2"],
            "{url}"
        );
    }
    assert_eq!(count(&built.page("notes/"), "li.step"), 0);
    assert_eq!(count(&built.page("notes/"), "nav.steps-summary"), 0);
}

#[test]
fn playbooks_index_lists_each_playbook_with_its_step_count() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("playbooks/incident.md", INCIDENT)
        .page(
            "playbooks/onboarding.md",
            "---\ntitle: Onboarding\n---\n1. Laptop\n",
        )
        .page("a.md", "# A\n")
        .ok();
    let index = built.page("/playbooks/");
    let rows: Vec<(String, String)> = index
        .select(&sel("ul.playbook-list > li"))
        .map(|li| {
            let a = li.select(&sel("a")).next().map(text_of).unwrap_or_default();
            (a, text_of(li))
        })
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    let row = |label: &str| {
        rows.iter()
            .find(|(a, _)| a == label)
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| panic!("no {label} in {rows:?}"))
    };
    assert!(row("Incident response").contains("6 steps"), "{rows:?}");
    assert!(row("Onboarding").contains("1 step"), "{rows:?}");
    assert!(
        attrs(&built.page("/"), "nav.handbook-links a", "href")
            .contains(&"/playbooks/".to_string())
    );
    let no_playbooks = Fixture::new().page("a.md", "# A\n").ok();
    assert!(!no_playbooks.exists("playbooks/index.html"));
}

#[test]
fn links_to_steps_pass_the_anchor_check() {
    let fixture = Fixture::new().page("playbooks/incident.md", INCIDENT).page(
        "a.md",
        "# A\n\nFirst [assess](playbooks/incident.md#triage-step-2), \
             then [roll back](/playbooks/incident/#fix-step-1).\n",
    );
    let built = fixture.ok();
    assert!(built.report.warnings.is_empty(), "{:?}", built.warnings());
    assert_eq!(
        attrs(&built.page("a/"), ".content a", "href"),
        [
            "/playbooks/incident/#triage-step-2",
            "/playbooks/incident/#fix-step-1"
        ]
    );
    // A step that is not there is a broken anchor.
    fixture.write(
        "content/a.md",
        "# A\n\nSee [step 9](playbooks/incident.md#triage-step-9).\n",
    );
    let errors = fixture.errors();
    let d = diagnostic_for(&errors, &fixture.path("content/a.md"));
    assert!(d.message.contains("triage-step-9"), "{d}");
}

#[test]
fn reporting_lines_are_linked_from_the_roles_page_and_the_sitemap() {
    let built = crate::common::Fixture::new()
        .page("index.md", "# Home\n")
        .page("jobs/cto.md", "---\nkind: job\n---\n# CTO\n")
        .page(
            "jobs/dev.md",
            "---\nkind: job\nreports_to: CTO\n---\n# Developer\n",
        )
        .ok();
    let roles = built.page("roles/");
    assert_eq!(
        crate::common::attrs(&roles, "main a", "href")
            .into_iter()
            .filter(|h| h.contains("reporting-lines"))
            .collect::<Vec<_>>(),
        ["/roles/reporting-lines/"]
    );
    assert!(built.exists("roles/reporting-lines/index.html"));
    let sitemap = built.sitemap();
    for url in ["/roles/", "/roles/reporting-lines/", "/dashboard/"] {
        assert!(sitemap.iter().any(|u| u == url), "{url} not in {sitemap:?}");
    }
}

#[test]
fn generated_pages_have_breadcrumbs_and_are_current_in_the_sidebar() {
    use crate::common::{attrs, texts};
    let built = crate::common::Fixture::new()
        .page("index.md", "# Home\n")
        .page("jobs/cto.md", "---\nkind: job\ntags: [lead]\n---\n# CTO\n")
        .ok();
    let lines = built.page("roles/reporting-lines/");
    assert_eq!(
        texts(&lines, ".breadcrumbs li"),
        ["Home", "Roles", "Reporting lines"]
    );
    assert_eq!(attrs(&lines, ".breadcrumbs a", "href"), ["/", "/roles/"]);
    let tag = built.page("tags/lead/");
    assert_eq!(texts(&tag, ".breadcrumbs li a"), ["Home", "Tags"]);
    let dashboard = built.page("dashboard/");
    assert_eq!(
        attrs(&dashboard, ".handbook-links a[aria-current=page]", "href"),
        ["/dashboard/"]
    );
    assert_eq!(
        texts(&dashboard, ".breadcrumbs li"),
        ["Home", "Plans dashboard"]
    );
}
