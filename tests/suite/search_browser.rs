//! The search box in a real browser: Debian's chromium, headless, driven
//! through chromedriver, on a handbook served under a subpath. `/` focuses
//! the box, typing shows results with their breadcrumbs, the arrow keys and
//! Enter open one at its section; the search itself (search.js against the
//! generated index) is asked several queries; a hostile title shows as text.
//! Skipped, with the reason, where chromium or chromedriver is not
//! installed (`.ci/run` installs both).

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::common::browser::{Chromium, search as query, serve, write};

fn handbook(root: &Path) {
    write(root, "handbook.toml", "title = \"Search test\"\n");
    write(
        root,
        "content/index.md",
        "---\ntitle: Home\n---\nWelcome to the handbook.\n",
    );
    write(
        root,
        "content/people/index.md",
        "---\ntitle: People\n---\nHow we hire and grow.\n",
    );
    write(
        root,
        "content/people/hiring.md",
        "---\ntitle: Hiring\n---\nWe hire slowly and carefully.\n\n\
         ## Offers\n\nEvery offer is written, with the salary band.\n\n\
         ### Offer letters\n\nLetters are signed by two people.\n\n\
         ## Rollback of an offer\n\nRarely, an offer is withdrawn.\n",
    );
    write(
        root,
        "content/money/expenses.md",
        "---\ntitle: Expense Policy\n---\nSpend as if it were your own money.\n\n\
         ## Receipts\n\nKeep every receipt for six years.\n",
    );
    write(
        root,
        "content/glossary.md",
        "---\ntitle: Glossary\nkind: glossary\n---\n\
         ## Rollback\n\nUndoing a release by deploying the one before.\n\n\
         ## Offer\n\nA written proposal of employment.\n",
    );
    write(
        root,
        "content/evil.md",
        "---\ntitle: \"<script>alert(1)</script><img src=x onerror=\\\"window.pwned=1\\\">\"\n---\nAn alert page.\n",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_search_box_finds_and_opens_sections() {
    let Some(chromium) = Chromium::installed() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("handbook");
    handbook(&root);
    let (_server, url) = serve(&root, &["--base-url", "/docs/"]);
    assert!(url.ends_with("/docs/"), "{url}");
    let browser = chromium.open(&dir.path().join("profile")).await;
    let result = scenario(&browser.client, &url).await;
    browser.close().await;
    result.expect("browser commands");
}

async fn scenario(client: &Client, url: &str) -> Result<(), fantoccini::error::CmdError> {
    client.goto(url).await?;
    wait_for(
        client,
        "the search box to show",
        "return !document.querySelector('.site-search').hidden",
    )
    .await;
    // The box shows, but its script is not fetched until it is used.
    let fetched =
        "return performance.getEntriesByType('resource').some(e => e.name.endsWith('/search.js'))";
    assert_eq!(
        client.execute(fetched, vec![]).await?,
        json!(false),
        "search.js loaded with the page"
    );

    // "/" anywhere on the page focuses the box.
    press(client, '/').await?;
    let focused = client
        .execute("return document.activeElement.id", vec![])
        .await?;
    assert_eq!(focused, "search-input", "`/` did not focus the search box");

    wait_for(client, "search.js to load on first use", fetched).await;
    // Typing shows results: title, breadcrumb, snippet.
    let input = client.find(Locator::Css("#search-input")).await?;
    input.send_keys("offer let").await?;
    let first = wait_for_text(client, "#search-results [role=option]", "Offer letters").await;
    assert!(
        first.contains("People › Hiring") && first.contains("Letters are signed"),
        "the first result lacks its breadcrumb or snippet: {first}"
    );
    assert_eq!(
        client
            .execute(
                "return document.querySelector('#search-input').getAttribute('aria-expanded')",
                vec![]
            )
            .await?,
        "true"
    );
    let marks = client
        .execute(
            "return [...document.querySelectorAll('#search-results [role=option]:first-child mark')].map(m => m.textContent)",
            vec![],
        )
        .await?;
    assert_eq!(marks, json!(["Offer", "let", "Let"]), "matches are marked");

    // ArrowDown selects the first result, Enter opens it at its section.
    input.send_keys(&Key::Down).await?;
    let selected = client
        .execute(
            "var i = document.querySelector('#search-input'); \
             return [i.getAttribute('aria-activedescendant'), \
             document.querySelector('#search-results [role=option]').getAttribute('aria-selected')]",
            vec![],
        )
        .await?;
    assert_eq!(selected, json!(["search-result-0", "true"]));
    input.send_keys(&Key::Enter).await?;
    let opened = wait_for_url(client, "#offer-letters").await;
    assert_eq!(opened, format!("{url}people/hiring/#offer-letters"));

    // The query logic against the generated index.
    let first_of = |results: &Value| results[0].clone();
    let receipts = query(client, "receipts").await?;
    assert_eq!(
        first_of(&receipts),
        json!({
            "url": "/docs/money/expenses/#receipts",
            "title": "Receipts",
            "crumbs": ["Money", "Expense Policy"],
            "snippet": "Keep every receipt for six years.",
            "terms": ["receipt"],
        })
    );
    let typed = query(client, "recei").await?;
    assert_eq!(
        typed[0]["url"], "/docs/money/expenses/#receipts",
        "a prefix while typing"
    );
    assert_eq!(
        query(client, "recei ").await?,
        json!([]),
        "a finished word is a whole word"
    );
    let both = query(client, "keep receipts").await?;
    assert_eq!(both[0]["url"], "/docs/money/expenses/#receipts");
    let hire_offer = query(client, "hire offer").await?;
    assert!(
        !hire_offer.as_array().unwrap().is_empty()
            && hire_offer.as_array().unwrap().iter().all(|r| r["url"]
                .as_str()
                .unwrap()
                .starts_with("/docs/people/hiring/")),
        "every word must be on the result's page: {hire_offer}"
    );
    let rollback = query(client, "rollback").await?;
    assert_eq!(
        rollback[0]["url"], "/docs/glossary/#rollback",
        "the glossary entry comes first: {rollback}"
    );
    assert_eq!(
        rollback[1]["url"],
        "/docs/people/hiring/#rollback-of-an-offer"
    );
    assert_eq!(query(client, "zebra").await?, json!([]));

    // No results says so.
    client.goto(url).await?;
    wait_for(
        client,
        "the search box to show",
        "return !document.querySelector('.site-search').hidden",
    )
    .await;
    let input = client.find(Locator::Css("#search-input")).await?;
    input.send_keys("zebra").await?;
    let none = wait_for_text(client, ".search-status", "No results").await;
    assert_eq!(none, "No results for “zebra”");

    // A hostile title is text in the results; nothing of it runs.
    input.clear().await?;
    input.send_keys("alert").await?;
    let title = wait_for_text(client, "#search-results .search-title", "alert").await;
    assert_eq!(
        title,
        "<script>alert(1)</script><img src=x onerror=\"window.pwned=1\">"
    );
    let injected = client
        .execute(
            "return [document.querySelectorAll('#search-results script, #search-results img').length, window.pwned === undefined]",
            vec![],
        )
        .await?;
    assert_eq!(injected, json!([0, true]));
    assert!(client.get_alert_text().await.is_err(), "an alert is open");

    // Escape closes the list, then clears the box.
    input.send_keys(&Key::Escape).await?;
    let state = client
        .execute(
            "return [document.querySelector('.search-panel').hidden, document.querySelector('#search-input').value]",
            vec![],
        )
        .await?;
    assert_eq!(state, json!([true, "alert"]));
    input.send_keys(&Key::Escape).await?;
    let value = client
        .execute(
            "return document.querySelector('#search-input').value",
            vec![],
        )
        .await?;
    assert_eq!(value, "");
    Ok(())
}

/// Presses and releases `key` on whatever has the focus.
async fn press(client: &Client, key: char) -> Result<(), fantoccini::error::CmdError> {
    let keys = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client.perform_actions(keys).await
}

/// Polls `script` until it returns true (up to 20 s).
async fn wait_for(client: &Client, what: &str, script: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if client.execute(script, vec![]).await.ok() == Some(Value::Bool(true)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("waited 20 s for {what}");
}

/// Polls the text of `selector` until it contains `wanted` (up to 20 s); returns the last text seen.
async fn wait_for_text(client: &Client, selector: &str, wanted: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(element) = client.find(Locator::Css(selector)).await {
            last = element.text().await.unwrap_or_default();
            if last.contains(wanted) {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    last
}

/// Polls the browser's URL until it ends with `suffix` (up to 20 s); returns the last one.
async fn wait_for_url(client: &Client, suffix: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(u) = client.current_url().await {
            last = u.to_string();
            if last.ends_with(suffix) {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    last
}
