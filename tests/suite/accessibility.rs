//! Every page type of the sample handbook, in a real browser (Debian's
//! chromium), checked by axe-core in light and dark mode at desktop and phone
//! widths: no violation of any impact, and no sideways scrolling.
//!
//! Needs chromium, chromedriver and axe-core's `axe.min.js`, whose path is
//! given in `AXE_CORE_JS` (`.ci/run` installs all three); skipped, with the
//! reason, where one is missing.

use std::path::{Path, PathBuf};

use fantoccini::{Client, Locator};

use crate::common::browser::{Chromium, serve};
use crate::common::git;

/// The widths checked: a desktop, a common phone, the narrowest phone.
const SIZES: [(u32, u32, &str); 3] = [
    (1280, 900, "desktop"),
    (390, 844, "phone"),
    (320, 640, "small phone"),
];

/// The page types of the sample handbook, by a URL of each.
const PAGES: [(&str, &str); 18] = [
    ("home", ""),
    ("section", "company/"),
    ("page", "company/values/"),
    ("job", "people/job-descriptions/product-manager/"),
    ("plan", "plans/first-90-days/"),
    ("playbook", "playbooks/incident-response/"),
    ("glossary", "glossary/"),
    ("dashboard", "dashboard/"),
    ("roles", "roles/"),
    ("reporting lines", "roles/reporting-lines/"),
    ("tags", "tags/"),
    ("a tag", "tags/plan/"),
    ("recent changes", "recent/"),
    ("404", "no/such/page/"),
    ("shortcodes: tabs", "playbooks/clinic-onboarding/"),
    ("shortcodes: details", "people/hiring/"),
    ("a table from data", "people/team/"),
    (
        "internal page, marked (serve shows the internal site)",
        "people/compensation/bands/",
    ),
];

fn axe_source() -> Option<String> {
    let Some(path) = std::env::var_os("AXE_CORE_JS").map(PathBuf::from) else {
        println!(
            "skipped: AXE_CORE_JS is not set (npm install axe-core into a temp folder and point it at node_modules/axe-core/axe.min.js; .ci/run does)"
        );
        return None;
    };
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(e) => {
            println!("skipped: cannot read AXE_CORE_JS {}: {e}", path.display());
            None
        }
    }
}

/// The sample handbook (the repository's `content/` and `handbook.toml`),
/// copied into `dir` and committed, so that its pages have dates and the
/// site a recent changes page.
fn sample(dir: &Path) -> PathBuf {
    let root = dir.join("sample");
    crate::common::copy_sample(&root);
    git(&root, &["init", "-q"], "2026-11-02T10:00:00Z");
    git(&root, &["add", "."], "2026-11-02T10:00:00Z");
    git(
        &root,
        &["commit", "-q", "-m", "sample"],
        "2026-11-02T10:00:00Z",
    );
    root
}

/// axe's violations on the open page, one line each: rule, impact, and the
/// elements (at most three).
async fn violations(
    client: &Client,
    axe: &str,
) -> Result<Vec<String>, fantoccini::error::CmdError> {
    client.execute(axe, vec![]).await?;
    let found = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations.map(v =>
               v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')
               + (v.nodes.length > 3 ? ' and ' + (v.nodes.length - 3) + ' more' : '')
               + ' -- ' + (v.nodes[0] && v.nodes[0].failureSummary || '').replace(/\\s+/g, ' '))));",
            vec![],
        )
        .await?;
    Ok(found
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default())
}

/// How far the page scrolls sideways (its width beyond the viewport's), and
/// the outermost elements that stick out, to say what to fix.
async fn overflow(client: &Client) -> Result<(i64, String), fantoccini::error::CmdError> {
    let v = client
        .execute(
            "const root = document.documentElement, width = root.clientWidth;
             const out = [...document.body.querySelectorAll('*')].filter(e => {
               const r = e.getBoundingClientRect();
               return r.right > width + 1 && r.width > 0 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > width + 1);
             }).slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''));
             return [root.scrollWidth - width, out.join(', ')];",
            vec![],
        )
        .await?;
    Ok((
        v[0].as_i64().unwrap_or(0),
        v[1].as_str().unwrap_or("").to_string(),
    ))
}

/// Waits (up to 5 s) for the fetched navigation tree's links (the page's
/// own part of it is there from the start).
async fn wait_for_nav(client: &Client) -> Result<(), fantoccini::error::CmdError> {
    for _ in 0..50 {
        if !client
            .find_all(Locator::Css("#site-nav[data-tree=whole] .nav-item a"))
            .await?
            .is_empty()
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Ok(())
}

async fn set_scheme(client: &Client, scheme: &str) -> Result<(), fantoccini::error::CmdError> {
    client
        .execute(
            "document.documentElement.dataset.theme = arguments[0];",
            vec![serde_json::json!(scheme)],
        )
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_type_passes_axe_in_both_schemes_at_every_width() {
    let Some(axe) = axe_source() else {
        return;
    };
    let Some(chromium) = Chromium::installed() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let root = sample(dir.path());
    let (_server, url) = serve(&root, &["--watch"]);
    let browser = chromium.open(&dir.path().join("profile")).await;
    let client = &browser.client;

    let result = async {
        let mut problems = Vec::new();
        for (width, height, size) in SIZES {
            client.set_window_size(width, height).await?;
            for (kind, path) in PAGES {
                client.goto(&format!("{url}{path}")).await?;
                // The progress chart's data table is checked too, shown.
                client
                    .execute(
                        "document.querySelectorAll('details.delivery-data').forEach(d => d.open = true)",
                        vec![],
                    )
                    .await?;
                if kind == "plan" && client.find_all(Locator::Css("svg.progress-chart")).await?.is_empty() {
                    problems.push(format!("{kind} /{path}: no progress chart"));
                }
                for scheme in ["light", "dark"] {
                    set_scheme(client, scheme).await?;
                    for v in violations(client, &axe).await? {
                        problems.push(format!("{kind} /{path}, {scheme}, {size}: {v}"));
                    }
                    let (wide, what) = overflow(client).await?;
                    if wide > 0 {
                        problems.push(format!(
                            "{kind} /{path}, {scheme}, {size}: scrolls sideways by {wide} px ({what})"
                        ));
                    }
                }
            }
        }
        // Search results open, on a phone and on a desktop.
        for (width, height, size) in [SIZES[0], SIZES[1]] {
            client.set_window_size(width, height).await?;
            client.goto(&url).await?;
            if let Ok(toggle) = client.find(Locator::Css("[data-search-open], .search-toggle")).await {
                let _ = toggle.click().await;
            }
            let input = client.find(Locator::Css("input[type=search]")).await?;
            input.send_keys("on-call").await?;
            tokio::time::sleep(std::time::Duration::from_millis(600)).await;
            for scheme in ["light", "dark"] {
                set_scheme(client, scheme).await?;
                for v in violations(client, &axe).await? {
                    problems.push(format!("search results, {scheme}, {size}: {v}"));
                }
            }
        }
        // The error overlay `serve` shows over the open page after a broken save.
        client.set_window_size(SIZES[0].0, SIZES[0].1).await?;
        client.goto(&format!("{url}company/values/")).await?;
        let page = root.join("content/company/values.md");
        let kept = std::fs::read_to_string(&page).expect("read a sample page");
        std::fs::write(&page, "---\ntitle: [oops\n---\nBroken.\n").expect("break the page");
        let mut shown = false;
        for _ in 0..100 {
            if !client.find_all(Locator::Css("#handbook-errors")).await?.is_empty() {
                shown = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(shown, "the error overlay never showed");
        for (width, height, size) in [SIZES[0], SIZES[1]] {
            client.set_window_size(width, height).await?;
            for scheme in ["light", "dark"] {
                set_scheme(client, scheme).await?;
                for v in violations(client, &axe).await? {
                    problems.push(format!("error overlay, {scheme}, {size}: {v}"));
                }
            }
        }
        std::fs::write(&page, kept).expect("mend the page");
        Ok::<_, fantoccini::error::CmdError>(problems)
    }
    .await;
    browser.close().await;
    let problems = result.expect("the browser session");
    assert!(
        problems.is_empty(),
        "{} accessibility problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Where focus is: `sidebar`, `toggle` or `elsewhere`.
async fn focus(client: &Client) -> Result<String, fantoccini::error::CmdError> {
    let v = client
        .execute(
            "const a = document.activeElement;
             return a === document.querySelector('.nav-toggle') ? 'toggle'
               : document.getElementById('sidebar').contains(a) ? 'sidebar' : 'elsewhere';",
            vec![],
        )
        .await?;
    Ok(v.as_str().unwrap_or("").to_string())
}

async fn menu_state(
    client: &Client,
) -> Result<(bool, String, String), fantoccini::error::CmdError> {
    let v = client
        .execute(
            "const s = document.getElementById('sidebar'), t = document.querySelector('.nav-toggle');
             return [s.classList.contains('open'), t.getAttribute('aria-expanded'), s.getAttribute('role') || ''];",
            vec![],
        )
        .await?;
    Ok((
        v[0].as_bool().unwrap_or(false),
        v[1].as_str().unwrap_or("").to_string(),
        v[2].as_str().unwrap_or("").to_string(),
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_phone_menu_keeps_focus_and_closes_like_a_dialog() {
    let Some(chromium) = Chromium::installed() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let root = sample(dir.path());
    let (_server, url) = serve(&root, &[]);
    let browser = chromium.open(&dir.path().join("profile")).await;
    let client = &browser.client;
    const TAB: &str = "\u{E004}";
    const ESCAPE: &str = "\u{E00C}";

    let result = async {
        client.set_window_size(390, 844).await?;
        client.goto(&format!("{url}company/values/")).await?;
        wait_for_nav(client).await?;
        client
            .find(Locator::Css(".nav-toggle"))
            .await?
            .click()
            .await?;
        assert_eq!(
            menu_state(client).await?,
            (true, "true".into(), "dialog".into())
        );
        assert_eq!(focus(client).await?, "sidebar", "focus moves into the menu");
        // Tab, many times round: focus never leaves the menu and its button.
        for _ in 0..60 {
            client.active_element().await?.send_keys(TAB).await?;
            let at = focus(client).await?;
            assert!(
                at == "sidebar" || at == "toggle",
                "focus left the menu: {at}"
            );
        }
        // Escape closes it and gives focus back to the button.
        client.active_element().await?.send_keys(ESCAPE).await?;
        assert_eq!(
            menu_state(client).await?,
            (false, "false".into(), String::new())
        );
        assert_eq!(focus(client).await?, "toggle");
        // A tap outside closes it too.
        client
            .find(Locator::Css(".nav-toggle"))
            .await?
            .click()
            .await?;
        assert!(menu_state(client).await?.0);
        client
            .execute("document.querySelector('main').click();", vec![])
            .await?;
        assert!(
            !menu_state(client).await?.0,
            "a tap outside left the menu open"
        );
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    browser.close().await;
    result.expect("the browser session");
}

/// The pictures README shows: a job description at desktop and phone widths,
/// light and dark, taken from the sample handbook in this same browser. They
/// are checked for being real PNGs of the asked size; `HANDBOOK_SCREENSHOTS=DIR`
/// also writes them there (`scripts/screenshots.sh` writes them to `docs/`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screenshots_of_a_job_page_in_both_schemes_at_both_widths() {
    let Some(chromium) = Chromium::installed() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let root = sample(dir.path());
    let (_server, url) = serve(&root, &[]);
    let browser = chromium.open(&dir.path().join("profile")).await;
    let client = &browser.client;
    let save = std::env::var_os("HANDBOOK_SCREENSHOTS").map(PathBuf::from);

    let result = async {
        let mut shots = Vec::new();
        for (width, height, size) in [(1280u32, 860u32, "desktop"), (390, 844, "phone")] {
            client.set_window_size(width, height).await?;
            client
                .goto(&format!("{url}people/job-descriptions/product-manager/"))
                .await?;
            wait_for_nav(client).await?;
            for scheme in ["light", "dark"] {
                set_scheme(client, scheme).await?;
                let png = client.screenshot().await?;
                shots.push((format!("screenshot-{size}-{scheme}.png"), png, width));
            }
        }
        Ok::<_, fantoccini::error::CmdError>(shots)
    }
    .await;
    browser.close().await;
    let shots = result.expect("the browser session");
    for (name, png, width) in &shots {
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{name} is not a PNG");
        // The IHDR width, big-endian at bytes 16..20: the window's, or the
        // page's at the device's scale.
        let shot_width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        assert!(
            shot_width >= width * 9 / 10,
            "{name}: {shot_width} px wide for a {width} px window"
        );
        if let Some(dir) = &save {
            std::fs::create_dir_all(dir).expect("screenshot folder");
            std::fs::write(dir.join(name), png).expect("write a screenshot");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_urls_and_words_do_not_widen_a_phone_page() {
    let Some(chromium) = Chromium::installed() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("handbook");
    let long_url = format!(
        "https://example.com/{}",
        "very-long-path-segment/".repeat(12)
    );
    crate::common::browser::write(&root, "handbook.toml", "title = \"Long\"\n");
    crate::common::browser::write(
        &root,
        "content/index.md",
        &format!(
            "# Home\n\nSee {long_url} for details, or <{long_url}>.\n\n- Pneumonoultramicroscopicsilicovolcanoconiosis-and-more-words-joined\n"
        ),
    );
    let (_server, url) = serve(&root, &[]);
    let browser = chromium.open(&dir.path().join("profile")).await;
    let client = &browser.client;
    let result = async {
        let mut wide = Vec::new();
        for width in [320u32, 390] {
            client.set_window_size(width, 700).await?;
            client.goto(&url).await?;
            let (by, what) = overflow(client).await?;
            if by > 0 {
                wide.push(format!("{width} px: scrolls sideways by {by} px ({what})"));
            }
        }
        Ok::<_, fantoccini::error::CmdError>(wide)
    }
    .await;
    browser.close().await;
    let wide = result.expect("the browser session");
    assert!(wide.is_empty(), "{}", wide.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_this_page_starts_closed_on_a_phone_and_open_on_a_desktop() {
    let Some(chromium) = Chromium::installed() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let root = sample(dir.path());
    let (_server, url) = serve(&root, &[]);
    let browser = chromium.open(&dir.path().join("profile")).await;
    let client = &browser.client;
    let result = async {
        let mut open = Vec::new();
        for width in [1280u32, 390] {
            client.set_window_size(width, 800).await?;
            client.goto(&format!("{url}company/values/")).await?;
            let v = client
                .execute(
                    "return document.querySelector('.toc > details').open",
                    vec![],
                )
                .await?;
            open.push(v.as_bool());
        }
        Ok::<_, fantoccini::error::CmdError>(open)
    }
    .await;
    browser.close().await;
    assert_eq!(
        result.expect("the browser session"),
        [Some(true), Some(false)]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tabs_are_a_tab_list_chosen_by_click_and_arrow_keys() {
    let Some(chromium) = Chromium::installed() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let root = sample(dir.path());
    let (_server, url) = serve(&root, &[]);
    let browser = chromium.open(&dir.path().join("profile")).await;
    let client = &browser.client;
    // Which tab is selected, and which panels are hidden.
    const STATE: &str = "return [...document.querySelectorAll('.tabs [role=tab]')].map(t => t.textContent + '=' + t.getAttribute('aria-selected') + '/' + document.getElementById(t.getAttribute('aria-controls')).hidden).join(' ')";
    let result = async {
        client
            .goto(&format!("{url}playbooks/clinic-onboarding/"))
            .await?;
        let mut states = vec![client.execute(STATE, vec![]).await?];
        let second = client
            .find(Locator::Css(".tabs [role=tab]:nth-child(2)"))
            .await?;
        second.click().await?;
        states.push(client.execute(STATE, vec![]).await?);
        // ArrowRight from the last tab wraps to the first, focused.
        second.send_keys("\u{E014}").await?;
        states.push(client.execute(STATE, vec![]).await?);
        let focused = client
            .execute("return document.activeElement.textContent", vec![])
            .await?;
        Ok::<_, fantoccini::error::CmdError>((states, focused))
    }
    .await;
    browser.close().await;
    let (states, focused) = result.expect("the browser session");
    let states: Vec<&str> = states.iter().filter_map(|v| v.as_str()).collect();
    assert_eq!(
        states,
        [
            "From a spreadsheet=true/false From another booking system=false/true",
            "From a spreadsheet=false/true From another booking system=true/false",
            "From a spreadsheet=true/false From another booking system=false/true",
        ]
    );
    assert_eq!(focused.as_str(), Some("From a spreadsheet"));
}
