//! Data files: `data/` beside handbook.toml is parsed once into `data`,
//! which every template reads; parse errors and clashes say where and what.

use std::collections::BTreeSet;
use std::process::Command;

use handbook::serve::watch::Change;
use handbook::{Build, Update};

use crate::common::*;
use crate::serve_incremental::{Handbook, assert_same, clean, snapshot};

/// A page template that shows the data of every format.
const PAGE: &str = r#"{% extends "base.html" %}{% block main %}
<ul class="team">{% for m in data.team %}<li><a href="{{ m.page }}">{{ m.name }}</a> <span class="role">{{ m.role }}</span></li>{% endfor %}</ul>
<p class="teams">{{ data.org.teams.platform.lead }}</p>
<p class="since">{{ data.org.settings.since }} {{ data.org.settings.owner.name }}</p>
<table class="tools">{% for t in data.tools %}<tr><td>{{ t.name }}</td><td>{{ t.url }}</td></tr>{% endfor %}</table>
<p class="members">{{ data["team-members"].lead }}</p>
{{ page.content | safe }}{% block before_content %}{% endblock before_content %}{% endblock main %}"#;

fn with_data() -> Fixture {
    Fixture::new()
        .page("index.md", "# Home\n")
        .page("jobs/cto.md", "# CTO\n")
        .file("templates/page.html", PAGE)
        .file(
            "data/team.yaml",
            "- name: Ada <Lovelace>\n  role: CTO\n  page: /jobs/cto/\n- name: Lin\n  role: Ops\n  page: /\n",
        )
        .file("data/org/teams.json", r#"{"platform": {"lead": "Kim"}}"#)
        .file(
            "data/org/settings.toml",
            "since = 2021-03-04\n[owner]\nname = \"Ops team\"\n",
        )
        .file(
            "data/tools.csv",
            "name,url\nGit,\"https://git.example/a,b\"\nChat,https://chat.example\n",
        )
        .file("data/team-members.yml", "lead: Ada\n")
}

#[test]
fn templates_show_data_of_every_format() {
    let built = with_data().ok();
    let page = built.page("jobs/cto/");
    assert_eq!(
        texts(&page, ".team li a"),
        ["Ada <Lovelace>", "Lin"],
        "the value is escaped as text"
    );
    assert_eq!(texts(&page, ".team .role"), ["CTO", "Ops"]);
    assert_eq!(attrs(&page, ".team a", "href"), ["/jobs/cto/", "/"]);
    assert_eq!(text(&page, ".teams"), "Kim");
    assert_eq!(text(&page, ".since"), "2021-03-04 Ops team");
    assert_eq!(
        texts(&page, ".tools td"),
        [
            "Git",
            "https://git.example/a,b",
            "Chat",
            "https://chat.example"
        ]
    );
    assert_eq!(text(&page, ".members"), "Ada");
    // Data files are not published.
    assert!(!built.exists("data/team.yaml") && !built.exists("team.yaml"));
    assert!(built.warnings().is_empty(), "{:?}", built.warnings());
}

#[test]
fn a_partial_sees_data_too() {
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .file(
            "templates/partials/breadcrumbs.html",
            "<p class=\"motto\">{{ data.company.motto }}</p><ol>{% for city in data.offices | keys | sort %}<li>{{ city }}: {{ data.offices[city].floor }}</li>{% endfor %}</ol><p class=\"desks\">{% for d in data.desks %}{{ d.seats | int + 1 }} {% endfor %}</p>",
        )
        .file("data/company.yaml", "motto: Write it down\n")
        .file(
            "data/offices.yaml",
            "Oslo: {floor: 3}\nBerlin: {floor: 1}\nAthens: {floor: 2}\nCork: {floor: 4}\n",
        )
        .file("data/desks.csv", "city,seats\nOslo,10\nBerlin,20\n")
        .ok();
    let home = built.page("");
    assert_eq!(text(&home, ".motto"), "Write it down");
    // A map's keys in order, as README says; CSV values are strings.
    assert_eq!(
        texts(&home, "ol li"),
        ["Athens: 2", "Berlin: 1", "Cork: 4", "Oslo: 3"]
    );
    assert_eq!(text(&home, ".desks"), "11 21");
}

#[test]
fn no_data_folder_leaves_the_output_as_it_was() {
    let plain = Fixture::new()
        .page("index.md", "# Home\n\n[CTO](jobs/cto.md)\n")
        .page("jobs/cto.md", "# CTO\n");
    let before = plain.ok();
    let without = files_under(&before.out);
    // An empty data folder, or data no template reads, changes nothing.
    std::fs::create_dir_all(plain.path("data")).unwrap();
    assert_eq!(without, files_under(&plain.ok().out));
    plain.write("data/team.yaml", "- name: Ada\n");
    assert_eq!(without, files_under(&plain.ok().out));
}

/// `handbook check --format json` on `fixture`: each diagnostic's code,
/// file (relative to the root), line and column.
fn check_json(fixture: &Fixture) -> Vec<(String, String, u64, u64)> {
    let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("check")
        .arg(fixture.root())
        .args(["--format", "json"])
        .output()
        .expect("run handbook check");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let root = fixture.root().display().to_string();
    json["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap_or("");
            (
                d["code"].as_str().unwrap_or("").to_string(),
                file.strip_prefix(&root)
                    .unwrap_or(file)
                    .trim_start_matches('/')
                    .to_string(),
                d["position"]["line"].as_u64().unwrap_or(0),
                d["position"]["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn each_parse_error_names_file_line_and_column() {
    let fixture = Fixture::new()
        .page("index.md", "# Home\n")
        .file("data/a.yaml", "team:\n  - name: Ada\n   role: CTO\n")
        .file("data/b.json", "{\n  \"x\": [1, 2,]\n}\n")
        .file("data/c.toml", "title = \"x\"\nsince = 2021-13-01\n")
        .file("data/d.csv", "name,role\nAda,CTO\nLin\n")
        .file("data/e.yml", "ok: true\n");
    let mut found = check_json(&fixture);
    found.sort();
    let expected = [
        ("data/parse", "data/a.yaml", 3, 4),
        ("data/parse", "data/b.json", 2, 14),
        ("data/parse", "data/c.toml", 2, 9),
        ("data/parse", "data/d.csv", 3, 1),
    ]
    .map(|(c, f, l, col)| (c.to_string(), f.to_string(), l, col));
    assert_eq!(found, expected);
    // The text report says what to do.
    let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("check")
        .arg(fixture.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .contains("error[data/parse]: invalid CSV: this row has 1 field(s), the header row 2")
            && stderr.contains("hint: fix the CSV"),
        "{stderr}"
    );
}

#[test]
fn two_files_for_one_key_fail_the_build_naming_both() {
    let fixture = Fixture::new()
        .page("index.md", "# Home\n")
        .file("data/team.json", "[]")
        .file("data/team.yaml", "[]");
    let errors = fixture.errors();
    let [e] = errors.as_slice() else {
        panic!("{}", show(&errors))
    };
    assert_eq!(e.code, handbook::error::Code::DataClash);
    assert_eq!(e.file, Some(fixture.path("data/team.yaml")));
    assert!(
        e.message
            .contains(&fixture.path("data/team.json").display().to_string())
            && e.message.contains("`data.team`"),
        "{e}"
    );
    let found = check_json(&fixture);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "data/clash");
}

#[test]
fn a_file_that_is_not_data_is_named_in_a_notice() {
    let out = Fixture::new()
        .page("index.md", "# Home\n")
        .file("data/notes.txt", "x")
        .cli(&[]);
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("notes.txt: not read, data files end in .yaml, .yml, .json, .toml or .csv"),
        "{stderr}"
    );
}

#[test]
fn a_template_error_on_data_names_the_template() {
    let errors = Fixture::new()
        .page("index.md", "# Home\n")
        .file(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block main %}{{ data.team.nobody.name }}{% endblock main %}",
        )
        .file("data/team.yaml", "ada: {name: Ada}\n")
        .errors();
    assert!(
        errors
            .iter()
            .any(|e| e.code == handbook::error::Code::Template),
        "{}",
        show(&errors)
    );
}

#[test]
fn a_data_edit_under_serve_rebuilds_as_a_clean_build_would() {
    let h = Handbook::empty();
    h.write("handbook.toml", "title = \"T\"\n");
    h.write("content/index.md", "# Home\n");
    h.write("content/jobs/cto.md", "# CTO\n");
    h.write(
        "templates/page.html",
        r#"{% extends "base.html" %}{% block main %}{% for m in data.team %}<a href="{{ m.page }}">{{ m.name }}</a>{% endfor %}{% block before_content %}{% endblock before_content %}{% endblock main %}"#,
    );
    h.write("data/team.yaml", "- name: Ada\n  page: /\n");
    let mut build: Build = clean(&h);
    let page = |build: &Build| {
        String::from_utf8(snapshot(build).unwrap()["jobs/cto/index.html"].clone()).unwrap()
    };
    assert!(page(&build).contains(">Ada</a>"));
    let update = |rel: &str, build: &mut Build| {
        build
            .update(&BTreeSet::from([Change::Data(h.path(rel))]), &h.options())
            .unwrap()
    };
    h.write("data/team.yaml", "- name: Lin\n  page: /\n");
    assert_eq!(update("data/team.yaml", &mut build), Update::Full);
    assert_same(&build, &h, "a data file edited");
    assert!(page(&build).contains(">Lin</a>"));
    // The same key from a file of another format.
    std::fs::remove_file(h.path("data/team.yaml")).unwrap();
    h.write("data/team.json", r#"[{"name": "Kim", "page": "/"}]"#);
    update("data/team.yaml", &mut build);
    update("data/team.json", &mut build);
    assert_same(&build, &h, "a data file replaced");
    assert!(page(&build).contains(">Kim</a>"));
    // A broken data file fails the rebuild, and fixing it recovers.
    h.write("data/team.json", "[{\"name\": ]");
    update("data/team.json", &mut build);
    assert_same(&build, &h, "broken data");
    assert!(snapshot(&build).is_err());
    h.write("data/team.json", r#"[{"name": "Max", "page": "/"}]"#);
    update("data/team.json", &mut build);
    assert_same(&build, &h, "fixed data");
    assert!(page(&build).contains(">Max</a>"));
}

#[test]
fn with_the_root_as_content_the_data_folder_is_data_and_content() {
    let built = Fixture::new()
        .file("handbook.toml", "title = \"T\"\ncontent_dir = \".\"\n")
        .file("index.md", "# Home\n\n[About the data](data/README.md)\n")
        .file("data/README.md", "# About the data\n")
        .file("data/company.yaml", "motto: Write it down\n")
        .file(
            "templates/partials/breadcrumbs.html",
            "<p class=\"motto\">{{ data.company.motto }}</p>",
        )
        .ok();
    assert_eq!(text(&built.page(""), ".motto"), "Write it down");
    // As every file of the content folder, the data is published too, and
    // its markdown is a page (no notice calls it a stray).
    assert!(built.exists("data/company.yaml"));
    assert_eq!(text(&built.page("data/"), "h1"), "About the data");
    assert!(
        built.report.notices.iter().all(|n| !n.contains("not read")),
        "{:?}",
        built.report.notices
    );
}

/// The code block of README that starts with `start`, without its fences.
fn readme_block(start: &str) -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let from = readme
        .find(start)
        .unwrap_or_else(|| panic!("README has no {start:?}"));
    let rest = &readme[from + start.len()..];
    rest[..rest.find("```").expect("a closing fence")].to_string()
}

#[test]
fn the_readme_example_lists_the_team_with_links() {
    let yaml = readme_block("```yaml\n# data/team.yaml\n");
    let html = readme_block("```html\n<ul class=\"team\">");
    let built = Fixture::new()
        .file(
            "handbook.toml",
            "title = \"T\"\nbase_url = \"/handbook/\"\n",
        )
        .page("index.md", "# Home\n")
        .page("roles/cto.md", "# CTO\n")
        .page("roles/operations.md", "# Operations\n")
        .file("data/team.yaml", &yaml)
        .file(
            "templates/partials/breadcrumbs.html",
            &format!("<ul class=\"team\">{html}"),
        )
        .ok();
    let page = built.page("roles/cto/");
    assert_eq!(
        attrs(&page, ".team a", "href"),
        ["/handbook/roles/cto/", "/handbook/roles/operations/"]
    );
    assert_eq!(
        texts(&page, ".team li"),
        ["Ada Lovelace, CTO", "Lin Chen, Operations"]
    );
    assert!(built.exists("roles/operations/index.html"));
}

#[test]
fn a_broken_data_file_does_not_stop_mv() {
    // `mv` refuses a handbook whose pages cannot be read; data files are no
    // pages, and a move rewrites no data.
    let fixture = Fixture::new()
        .page("index.md", "# Home\n\n[A](a.md)\n")
        .page("a.md", "# A\n")
        .file("data/team.yaml", "- [\n");
    let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(["mv", "content/a.md", "content/b.md"])
        .current_dir(fixture.root())
        .output()
        .expect("run handbook mv");
    assert!(out.status.success(), "{out:?}");
    let home = std::fs::read_to_string(fixture.path("content/index.md")).unwrap();
    assert!(home.contains("[A](b.md)"), "{home}");
    // The build still fails on it.
    assert_eq!(fixture.errors()[0].code, handbook::error::Code::DataParse);
}
