//! Issue #16's "done when": handbooks written for other tools, each a small
//! handbook of its own under `tests/fixtures/conventions/` with the
//! `handbook.toml` README gives a team coming from that tool. `check` reports
//! exactly what is broken on the site the links were written for (and the
//! template syntax it cannot run), each at its code, file, line and column;
//! the built site's working links of every kind lead to a page that is there
//! and to an id on it.
//!
//! | fixture    | written for                                                                    |
//! |------------|--------------------------------------------------------------------------------|
//! | `github`   | github.com: `.md` links, `README.md` folders, raw HTML, `[links] self`, alerts |
//! | `hugo`     | Hugo: `_index.md`, `weight`, `aliases`, `url`, `slug`, URL-relative links      |
//! | `eleventy` | Eleventy: `permalink`, `a/a.md`, `redirect_from`, Liquid, an HTML template     |
//! | `remark`   | a remark/rehype site: raw HTML blocks, one-line alerts, footnotes, `{#id}`     |

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use percent_encoding::percent_decode_str;
use scraper::Html;
use tempfile::TempDir;

use crate::common::*;

/// A problem `check` must report: code, file (relative to the fixture),
/// line, column.
type Problem = (&'static str, &'static str, usize, usize);

const GITHUB: &[Problem] = &[
    // The heading was renamed from "Carry-over rules" to "Carry-over"; the
    // onboarding checklist still links to the old id.
    ("link/missing-anchor", "people/onboarding.md", 28, 19),
    // The diagram was never committed: a raw `<img src>` to a missing file.
    ("link/missing-file", "engineering/on-call.md", 21, 11),
    // The full GitHub URL of a file the repository does not have (it is under
    // `[links] self`, so it is the handbook's own link, and it is checked).
    ("link/missing-page", "engineering/on-call.md", 27, 1),
    // There is no expenses policy page, on GitHub or anywhere.
    ("link/missing-page", "people/benefits.md", 19, 1),
];

/// Where the `github` fixture's repository shows its files (`[links] self`).
const GITHUB_SELF: &str = "https://github.com/acme/handbook/blob/main/";

const HUGO: &[Problem] = &[
    // The shortcodes (`youtube`, `details`, `ref`) are handbook's built-in
    // ones, which take Hugo's arguments: they render, and are not reported.
    // The page bundle has pipeline.svg, not rollback.svg.
    (
        "link/missing-file",
        "content/engineering/deploys/index.md",
        18,
        1,
    ),
    // On-call's URL is /oncall/ (`url:`): `code-review/` is /oncall/code-review/
    // in the browser, as it would be on the Hugo site.
    (
        "link/missing-page",
        "content/engineering/on-call.md",
        17,
        52,
    ),
    // #carry-over-expiry is Blackfriday's id; Hugo's default gives
    // "Carry-over & expiry" #carry-over--expiry.
    ("link/missing-anchor", "content/onboarding/tools.md", 27, 1),
    // No hardware policy was ever written.
    ("link/missing-page", "content/policies/expenses.md", 20, 31),
];

const ELEVENTY: &[Problem] = &[
    // `{{ site.baseurl }}/policies/pto/`: template output, not checked.
    ("link/template", "content/engineering/deploys.md", 14, 23),
    // `{% alert "tip" %}…{% endalert %}` is handbook's built-in alert: not reported.
    // updates/index.html is an Eleventy template (frontmatter, a loop).
    ("content/html-template", "content/updates/index.html", 1, 1),
    // The heading is "Freeze windows"; there never was a "Code freeze".
    (
        "link/missing-anchor",
        "content/engineering/on-call.md",
        14,
        25,
    ),
    // remote-work.md's permalink moved it to /remote/: Eleventy writes
    // nothing at its file's URL.
    ("link/missing-page", "content/policies/expenses.md", 14, 34),
    // sabbatical.md is `draft: true`, not published.
    ("link/to-draft", "content/policies/pto.md", 27, 38),
];

const REMARK: &[Problem] = &[
    // Written for markdown-it-anchor's ids (the old site); github-slugger's
    // is #qa-whats-new-in-v2.
    ("link/missing-anchor", "content/engineering/faq.md", 20, 17),
    // CONTRIBUTING.md is in the repository, not in the site.
    (
        "link/outside-content",
        "content/engineering/index.md",
        19,
        10,
    ),
    // Only the .mp4 was committed: a `<source src>` to a missing video.
    (
        "link/missing-file",
        "content/engineering/releases.md",
        10,
        16,
    ),
    // "Perks & allowances" is #perks--allowances under github-slugger
    // (#perks-and-allowances is Eleventy's).
    ("link/missing-anchor", "content/people/index.md", 6, 3),
    // A raw `<a href>` to a relocation policy that does not exist.
    ("link/missing-page", "content/people/index.md", 8, 12),
];

/// A fixture copied into a temp dir (tests never write into the repository).
struct Copied {
    dir: TempDir,
}

impl Copied {
    fn of(name: &str) -> Copied {
        let dir = tempfile::tempdir().expect("temp dir");
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/conventions")
            .join(name);
        copy_tree(&from, &dir.path().join("site"));
        Copied { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// `handbook check --format json`: its exit code and its report.
    fn check(&self) -> (Option<i32>, serde_json::Value) {
        let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .args(["check", "--format", "json"])
            .arg(self.root())
            .output()
            .expect("run handbook check");
        let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "check did not print JSON ({e}): {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out.status.code(), report)
    }

    /// `handbook build` into the temp dir, with the fixture's known broken
    /// links lowered to warnings (a build with errors writes nothing).
    fn build(self) -> Site {
        let config = self.root().join("handbook.toml");
        let mut text = std::fs::read_to_string(&config).expect("handbook.toml");
        text.push_str(concat!(
            "\n[diagnostics]\n",
            "\"link/missing-page\" = \"warning\"\n",
            "\"link/missing-anchor\" = \"warning\"\n",
            "\"link/missing-file\" = \"warning\"\n",
            "\"link/outside-content\" = \"warning\"\n",
            "\"link/to-draft\" = \"warning\"\n",
        ));
        std::fs::write(&config, text).expect("write handbook.toml");
        let out = self.dir.path().join("out");
        let run = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .args(["build", "--quiet"])
            .arg(self.root())
            .arg("-o")
            .arg(&out)
            .output()
            .expect("run handbook build");
        assert!(
            run.status.success(),
            "build failed: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        Site { _copy: self, out }
    }
}

/// `file` as the fixture names it: relative to its root, no `./` parts
/// (`content_dir = "."` reports `ROOT/./people/pto.md`).
fn relative(file: &str, root: &Path) -> String {
    let path = Path::new(file);
    let path = path.strip_prefix(root).unwrap_or(path);
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Checks the fixture `name` and asserts that it reports exactly `expected`,
/// broken links as errors and template syntax as warnings. The report, for
/// more assertions.
fn reports_exactly(name: &str, expected: &[Problem]) -> serde_json::Value {
    let copy = Copied::of(name);
    let root = copy.root();
    let (code, report) = copy.check();
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    let found: BTreeSet<(String, String, usize, usize)> = diagnostics
        .iter()
        .map(|d| {
            let at = |key: &str| d["position"][key].as_u64().expect("a position") as usize;
            (
                d["code"].as_str().expect("code").to_string(),
                relative(d["file"].as_str().expect("file"), &root),
                at("line"),
                at("column"),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String, usize, usize)> = expected
        .iter()
        .map(|&(code, file, line, column)| (code.to_string(), file.to_string(), line, column))
        .collect();
    assert_eq!(
        found,
        expected,
        "\n{name}: reported but not expected: {:#?}\nexpected but not reported: {:#?}\nthe report: {report:#}",
        found.difference(&expected).collect::<Vec<_>>(),
        expected.difference(&found).collect::<Vec<_>>(),
    );
    assert_eq!(found.len(), diagnostics.len(), "one problem per position");
    for d in diagnostics {
        let code = d["code"].as_str().unwrap_or_default();
        let want = if is_broken_link(code) {
            "error"
        } else {
            "warning"
        };
        assert_eq!(d["severity"], want, "{d:#}");
    }
    let errors = expected.iter().filter(|p| is_broken_link(&p.0)).count();
    assert_eq!(report["errors"], errors, "{report:#}");
    assert_eq!(code, Some(if errors > 0 { 1 } else { 0 }));
    report
}

/// Whether `code` is a link that leads nowhere (the rest are warnings about
/// what handbook cannot run or check).
fn is_broken_link(code: &str) -> bool {
    code.starts_with("link/") && code != "link/template"
}

/// A fixture built, and its output read back.
struct Site {
    _copy: Copied,
    out: PathBuf,
}

impl Site {
    /// The page at `url` (`/people/pto/`), parsed.
    fn page(&self, url: &str) -> Html {
        Html::parse_document(&self.read(&format!("{url}index.html")))
    }

    fn read(&self, url_path: &str) -> String {
        let file = self.out.join(url_path.trim_start_matches('/'));
        std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{url_path} is not in the output ({e})"))
    }

    /// The href of the link `text` in the content of the page at `url`,
    /// checked to lead where a reader can go.
    fn link(&self, url: &str, text: &str) -> String {
        let href = content_href(&self.page(url), text);
        self.assert_leads_somewhere(url, &href);
        href
    }

    /// The `attr` of the one element matching `css` on the page at `url`,
    /// checked to lead where a reader can go.
    fn source(&self, url: &str, css: &str, attr_name: &str) -> String {
        let value = attr(&self.page(url), css, attr_name);
        self.assert_leads_somewhere(url, &value);
        value
    }

    fn assert_leads_somewhere(&self, from: &str, href: &str) {
        if let Err(why) = self.follow(from, href) {
            panic!("on {from}, {href} leads nowhere: {why}");
        }
    }

    /// Where `href` on the page at `from` leads in the output: `Ok` when to
    /// a file that is there (and to an id on it), or off the site.
    fn follow(&self, from: &str, href: &str) -> Result<(), String> {
        let base = url::Url::parse(&format!("http://handbook.test{from}")).expect("base");
        let target = base.join(href).map_err(|e| e.to_string())?;
        if target.host_str() != Some("handbook.test") {
            return Ok(());
        }
        let path = percent_decode_str(target.path()).decode_utf8_lossy();
        let mut file = self.out.join(path.trim_start_matches('/'));
        if path.ends_with('/') {
            file.push("index.html");
        }
        if !file.is_file() {
            return Err(format!("no file {}", file.display()));
        }
        let Some(fragment) = target.fragment() else {
            return Ok(());
        };
        let fragment = percent_decode_str(fragment).decode_utf8_lossy();
        let html = Html::parse_document(&std::fs::read_to_string(&file).expect("read"));
        let ids: BTreeSet<String> = attrs(&html, "[id]", "id")
            .into_iter()
            .chain(attrs(&html, "a[name]", "name"))
            .collect();
        if ids.contains(fragment.as_ref()) {
            Ok(())
        } else {
            Err(format!("{} has no id {fragment}", file.display()))
        }
    }

    /// Every link and source in the pages' content that leads nowhere, as
    /// `page URL: href`.
    fn dangling(&self) -> Vec<String> {
        let mut found = Vec::new();
        for (rel, _) in files_under(&self.out) {
            let Some(folder) = rel.strip_suffix("index.html") else {
                continue;
            };
            let url = format!("/{folder}");
            let html = self.page(&url);
            let mut hrefs: Vec<String> = ["href", "src", "poster"]
                .iter()
                .flat_map(|a| attrs(&html, &format!(".content [{a}]"), a))
                .collect();
            for srcset in attrs(&html, ".content [srcset]", "srcset") {
                hrefs.extend(
                    srcset
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next().map(String::from)),
                );
            }
            for href in hrefs {
                // The repository's URLs of its files are rewritten as the
                // site's when they are there: one left as written is not.
                if href.starts_with(GITHUB_SELF) || self.follow(&url, &href).is_err() {
                    found.push(format!("{url}: {href}"));
                }
            }
        }
        found.sort();
        found
    }

    /// Asserts that the only links of the site that lead nowhere are the
    /// broken links `check` reports, one each: no working link was
    /// rewritten wrong.
    fn assert_only_broken_links_dangle(&self, expected: &[Problem]) {
        let dangling = self.dangling();
        let broken = expected.iter().filter(|p| is_broken_link(p.0)).count();
        assert_eq!(dangling.len(), broken, "{dangling:#?}");
    }

    /// The text of the alert of `kind` (`note`, `tip`...) on the page at `url`.
    fn alerts(&self, url: &str, kind: &str) -> Vec<String> {
        texts(&self.page(url), &format!(".content .alert-{kind}"))
    }
}

#[test]
fn github_handbook_reports_exactly_its_broken_links() {
    reports_exactly("github", GITHUB);
}

#[test]
fn github_handbook_links_of_every_kind_lead_to_their_page_and_heading() {
    let site = Copied::of("github").build();
    // `.md` links, relative to the file, to GitHub's ids: punctuation, `&`,
    // apostrophes, emoji, a repeated heading (`-1`).
    let benefits = "/people/benefits/";
    assert_eq!(
        site.link(benefits, "carry-over rule"),
        "/people/pto/#carry-over"
    );
    assert_eq!(
        site.link(benefits, "sabbatical"),
        "/people/pto/#-sabbaticals"
    );
    assert_eq!(site.link(benefits, "UK notes"), "/people/pto/#notes-1");
    assert_eq!(
        site.link(benefits, "rotation"),
        "/engineering/on-call/#pager--escalation"
    );
    assert_eq!(
        site.link("/", "what \"unlimited\" PTO means"),
        "/people/pto/#whats-unlimited-pto"
    );
    assert_eq!(
        site.link("/", "Public holidays & bank holidays"),
        "/people/pto/#public-holidays--bank-holidays"
    );
    assert_eq!(
        site.link("/", "who is on call"),
        "/engineering/on-call/#-who-is-on-call"
    );
    assert_eq!(
        site.link("/engineering/code-review/", "C++ & Rust style"),
        "/engineering/#c--rust-style"
    );
    assert_eq!(
        site.link("/engineering/on-call/", "don't block on nits"),
        "/engineering/code-review/#dont-block-on-nits"
    );
    let ids = attrs(&site.page(benefits), ".content h2", "id");
    assert!(
        ids.contains(&"learning-budget--1000-a-year".to_string()),
        "{ids:?}"
    );
    // README.md is the folder's page: by folder, by file, and `x.md` where
    // only `x/README.md` exists.
    assert_eq!(site.link("/", "people/"), "/people/");
    assert_eq!(site.link("/", "engineering guide"), "/engineering/");
    assert_eq!(site.link("/", "Deploys"), "/engineering/deploys/");
    assert_eq!(
        site.link("/engineering/", "Deploys"),
        "/engineering/deploys/"
    );
    assert_eq!(
        site.link("/team/", "deploy pipeline"),
        "/engineering/deploys/"
    );
    // Reference-style links.
    assert_eq!(site.link("/CONTRIBUTING/", "people policies"), "/people/");
    assert_eq!(
        site.link("/CONTRIBUTING/", "who owns what"),
        "/team/#who-owns-what"
    );
    // From the repository's root, and the full URL GitHub shows (`[links] self`).
    assert_eq!(
        site.link("/CONTRIBUTING/", "the PTO policy"),
        "/people/pto/"
    );
    assert_eq!(
        site.link("/CONTRIBUTING/", "getting a laptop"),
        "/people/onboarding/#step-1-get-your-laptop"
    );
    // Raw HTML, relative to the file: `<a href>` to an `<a name>` anchor,
    // `<img src>`, `<picture><source srcset>`.
    assert_eq!(
        site.link("/", "Legacy access"),
        "/engineering/security/#legacy"
    );
    assert_eq!(site.link("/team/", "Time off"), "/people/pto/#carry-over");
    assert_eq!(
        site.source("/", ".content picture source", "srcset"),
        "/images/logo-dark.svg"
    );
    assert_eq!(
        site.source("/", ".content picture img", "src"),
        "/images/logo-light.svg"
    );
    assert_eq!(
        site.source("/team/", ".content img", "src"),
        "/team/team-photo.svg"
    );
    assert_eq!(
        site.source("/engineering/", ".content div[align=center] img", "src"),
        "/engineering/deploys/pipeline.svg"
    );
    // GitHub alerts, two-line and one-line.
    assert_eq!(site.alerts("/CONTRIBUTING/", "tip").len(), 1);
    let important = site.alerts("/CONTRIBUTING/", "important");
    assert_eq!(important.len(), 1);
    assert!(
        important[0].contains("Never paste customer data"),
        "{important:?}"
    );
    assert!(!important[0].contains("[!IMPORTANT]"), "{important:?}");
    assert_eq!(site.alerts("/people/", "important").len(), 1);
    assert_eq!(site.alerts("/engineering/deploys/", "caution").len(), 1);
    site.assert_only_broken_links_dangle(GITHUB);
    // handbook.toml, at the content folder's root here, is not published.
    assert!(!site.out.join("handbook.toml").exists());
}

#[test]
fn hugo_handbook_reports_exactly_its_broken_links() {
    let report = reports_exactly("hugo", HUGO);
    let hint = hint_at(&report, "content/onboarding/tools.md", 27);
    assert!(hint.contains("hugo-blackfriday"), "{hint}");
    let hint = hint_at(&report, "content/engineering/on-call.md", 17);
    assert!(hint.contains("relative to the page's URL"), "{hint}");
}

#[test]
fn hugo_handbook_links_of_every_kind_lead_to_their_page_and_heading() {
    let site = Copied::of("hugo").build();
    // `_index.md` sections, URL-relative links from a section's page.
    assert_eq!(site.link("/", "policies"), "/policies/");
    assert_eq!(site.link("/policies/", "Paid time off"), "/policies/pto/");
    assert_eq!(
        site.link("/policies/", "Expenses"),
        "/policies/expenses/#what-we-pay-for"
    );
    // `slug:` and `url:`, linked as the browser reads the links.
    assert_eq!(site.link("/policies/", "Remote work"), "/policies/remote/");
    assert_eq!(site.link("/", "Who is on call"), "/oncall/");
    assert_eq!(
        site.link("/policies/pto/", "working remotely"),
        "/policies/remote/#working-abroad"
    );
    // From /oncall/, `../engineering/deploys/` is the deploy guide.
    assert_eq!(
        site.link("/oncall/", "deploy guide"),
        "/engineering/deploys/#rolling-back"
    );
    assert_eq!(site.link("/team/", "on-call"), "/oncall/#handover");
    // Hugo's ids, and a `{#id}` of the page's own.
    assert_eq!(
        site.link("/onboarding/first-week/", "Q&A"),
        "/policies/pto/#qa-whats-unlimited"
    );
    assert_eq!(
        site.link("/policies/remote/", "time off"),
        "/policies/pto/#carry-over--expiry"
    );
    // Aliases: a link to an old URL leads to the page, and the old URLs
    // redirect there.
    assert_eq!(
        site.link("/policies/expenses/", "leave page"),
        "/policies/pto/"
    );
    assert_eq!(
        site.link("/policies/expenses/", "vacation"),
        "/policies/pto/#parental"
    );
    assert_eq!(
        site.link("/onboarding/first-week/", "holiday page"),
        "/policies/pto/"
    );
    for old in [
        "/leave/index.html",
        "/policies/vacation/index.html",
        "/holidays.html",
    ] {
        assert!(
            site.read(old).contains("url=/policies/pto/"),
            "{old} does not redirect"
        );
    }
    // A page bundle's image.
    assert_eq!(
        site.source(
            "/engineering/deploys/",
            ".content img[alt^='From merge']",
            "src"
        ),
        "/engineering/deploys/pipeline.svg"
    );
    // `weight` orders the navigation.
    let nav = texts(&Html::parse_fragment(&site.read("/_nav.html")), "a");
    let at = |label: &str| {
        nav.iter()
            .position(|l| l == label)
            .unwrap_or_else(|| panic!("{label} is not in the navigation: {nav:?}"))
    };
    assert!(at("Policies") < at("Engineering") && at("Engineering") < at("Onboarding"));
    assert!(at("Paid time off") < at("Remote work") && at("Remote work") < at("Expenses"));
    // Hugo's shortcodes run as handbook's built-in ones; in code they are
    // examples, shown as written.
    let pto = site.page("/policies/pto/");
    assert_eq!(
        text(&pto, ".content details > summary"),
        "Country-specific rules"
    );
    let home = site.page("/");
    assert!(attr(&home, ".content .video iframe", "src").ends_with("/embed/w7Ft2ymGmfc"));
    let review = site.page("/engineering/code-review/");
    assert!(
        attrs(&review, ".content a", "href").contains(&"/engineering/deploys/".to_string()),
        "`ref` leads to the page's file: {:?}",
        attrs(&review, ".content a", "href")
    );
    let tools = texts(&site.page("/onboarding/tools/"), ".content pre");
    assert!(
        tools.iter().any(|t| t.contains("{{% /details %}}")),
        "{tools:?}"
    );
    site.assert_only_broken_links_dangle(HUGO);
}

#[test]
fn eleventy_handbook_reports_exactly_its_broken_links() {
    let report = reports_exactly("eleventy", ELEVENTY);
    let hint = hint_at(&report, "content/policies/expenses.md", 14);
    assert!(hint.contains("/remote/"), "{hint}");
}

#[test]
fn eleventy_handbook_links_of_every_kind_lead_to_their_page_and_heading() {
    let site = Copied::of("eleventy").build();
    // Site-absolute links; `permalink` gives the page its URL.
    assert_eq!(site.link("/", "Paid time off"), "/policies/pto/");
    assert_eq!(site.link("/", "Working remotely"), "/remote/");
    assert!(!site.out.join("policies/remote-work").exists());
    // `folder/folder.md` is the folder's page.
    assert_eq!(site.link("/", "Engineering"), "/engineering/");
    assert_eq!(
        site.link("/engineering/", "Code review"),
        "/engineering/code-review/#what-we-look-for"
    );
    // `redirect_from`: the old URL leads to the page and redirects there.
    assert_eq!(site.link("/", "who is on call"), "/engineering/on-call/");
    assert!(
        site.read("/oncall/index.html")
            .contains("url=/engineering/on-call/")
    );
    // A `.html` permalink: the page, and its relative links read from `/`.
    assert_eq!(site.link("/", "FAQ"), "/faq/");
    assert_eq!(
        site.link("/onboarding/", "FAQ"),
        "/faq/#who-do-i-ask-about-pay"
    );
    assert_eq!(
        site.link("/faq/", "home office budget"),
        "/policies/expenses/#home-office"
    );
    assert_eq!(
        site.link("/faq/", "paid time off"),
        "/policies/pto/#booking-and-approval"
    );
    // URL-relative links from a page its permalink moved.
    assert_eq!(
        site.link("/remote/", "equipment budget"),
        "/policies/expenses/#home-office"
    );
    // Eleventy's ids: `&` is "and", "'s" loses its apostrophe, repeats
    // count from -2, `ü` is "ue".
    assert_eq!(
        site.link("/policies/expenses/", "how to book the time"),
        "/policies/pto/#q-and-a-whats-covered"
    );
    assert_eq!(
        site.link("/policies/expenses/", "Norwegian ones"),
        "/policies/pto/#notes-2"
    );
    assert_eq!(site.link("/", "The team"), "/team/#zuerich-office");
    assert_eq!(
        site.source("/team/", ".content img", "src"),
        "/img/team.svg"
    );
    // `permalink: false` and the HTML template write nothing; comments
    // are not published.
    assert!(!site.out.join("data").exists());
    assert!(!site.out.join("updates").exists());
    let on_call = site.read("/engineering/on-call/index.html");
    assert!(!on_call.contains("pager-setup") && !on_call.contains("/engineering/escalation/"));
    site.assert_only_broken_links_dangle(ELEVENTY);
}

#[test]
fn remark_handbook_reports_exactly_its_broken_links() {
    let report = reports_exactly("remark", REMARK);
    // The link follows markdown-it-anchor's rule: the hint says so, and
    // which setting would make it work.
    let hint = hint_at(&report, "content/engineering/faq.md", 20);
    assert!(hint.contains("markdown-it-anchor"), "{hint}");
    assert!(hint.contains("heading_ids"), "{hint}");
    assert!(hint.contains("#qa-whats-new-in-v2"), "{hint}");
}

#[test]
fn remark_handbook_links_of_every_kind_lead_to_their_page_and_heading() {
    let site = Copied::of("remark").build();
    // Raw HTML blocks: `<div align="center"><img>`, `<a href="x.md">`,
    // a link in markdown inside `<details>`.
    assert_eq!(
        site.source("/", ".content div[align=center] img", "src"),
        "/images/logo.svg"
    );
    assert_eq!(site.link("/", "People"), "/people/");
    assert_eq!(site.link("/", "Engineering"), "/engineering/");
    assert_eq!(
        site.link("/onboarding/", "security basics"),
        "/engineering/#security-basics"
    );
    assert_eq!(
        site.link("/people/parental-leave/", "expenses"),
        "/people/benefits/#expenses"
    );
    // github-slugger's ids, `{#id}` and an HTML `<h2 id>`.
    assert_eq!(site.link("/", "The team"), "/team/#whos-who");
    assert_eq!(
        site.link("/onboarding/", "benefits"),
        "/people/benefits/#perks--allowances"
    );
    assert_eq!(site.link("/team/", "People"), "#people-team");
    assert_eq!(site.link("/team/", "people policies"), "/people/#policies");
    assert_eq!(
        site.link("/engineering/releases/", "incident"),
        "/engineering/incidents/#sev-levels"
    );
    // Footnotes, and a link inside one.
    assert_eq!(site.link("/onboarding/", "1"), "#feedback");
    assert_eq!(
        site.link("/people/pto/", "people team"),
        "/team/#people-team"
    );
    // A video's poster and source.
    assert_eq!(
        site.source("/engineering/releases/", ".content video", "poster"),
        "/media/deploy-walkthrough-poster.svg"
    );
    assert_eq!(
        site.source(
            "/engineering/releases/",
            ".content source[type='video/mp4']",
            "src"
        ),
        "/media/deploy-walkthrough.mp4"
    );
    // One-line alerts are alerts, their text without the marker.
    let note = site.alerts("/", "note");
    assert_eq!(note.len(), 1);
    assert!(note[0].contains("This handbook is public"), "{note:?}");
    assert!(!note[0].contains("[!NOTE]"), "{note:?}");
    assert_eq!(site.alerts("/", "tip").len(), 1);
    assert_eq!(site.alerts("/onboarding/", "warning").len(), 1);
    assert_eq!(site.alerts("/people/pto/", "caution").len(), 1);
    site.assert_only_broken_links_dangle(REMARK);
}

/// The hint of the one problem at `file:line` (file relative to the fixture).
fn hint_at(report: &serde_json::Value, file: &str, line: usize) -> String {
    let found: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| {
            d["file"].as_str().is_some_and(|f| f.ends_with(file)) && d["position"]["line"] == line
        })
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    found[0]["hint"].as_str().unwrap_or_default().to_string()
}
