//! End to end in a real browser: Debian's chromium, headless, driven through
//! chromedriver. A page open in the browser changes when its markdown is
//! saved, with no manual reload; a broken save shows the error overlay and
//! the fix removes it. Skipped, with the reason, where chromium or
//! chromedriver is not installed (`.ci/run` installs both).

use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::common::browser::{Chromium, serve, write};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saved_markdown_shows_in_the_open_page_without_a_reload() {
    let Some(chromium) = Chromium::installed() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("handbook");
    write(&root, "handbook.toml", "title = \"Browser test\"\n");
    write(
        &root,
        "content/index.md",
        "---\ntitle: Home\n---\nSee [the guide](guide.md).\n",
    );
    write(
        &root,
        "content/guide.md",
        "---\ntitle: Guide\n---\nThe first version of the guide.\n",
    );
    let (_server, url) = serve(&root, &["--watch"]);
    let browser = chromium.open(&dir.path().join("profile")).await;
    let client = &browser.client;

    let result = async {
        client.goto(&format!("{url}guide/")).await?;
        let content = client.find(Locator::Css(".content")).await?;
        assert!(content.text().await?.contains("The first version"));
        // From here on the test never navigates: new text can only come from live reload.
        write(
            &root,
            "content/guide.md",
            "---\ntitle: Guide\n---\nThe second version of the guide.\n",
        );
        let text = wait_for_text(client, ".content", "The second version").await;
        assert!(
            text.contains("The second version"),
            "the open page never showed the edit: {text}"
        );

        // A broken save: the page keeps its content and shows the errors.
        write(
            &root,
            "content/guide.md",
            "---\ntitle: [oops\n---\nBroken.\n",
        );
        let overlay = wait_for_text(client, "#handbook-errors", "guide.md:2").await;
        assert!(
            overlay.contains("guide.md:2"),
            "no error overlay naming the file and line: {overlay}"
        );
        assert!(
            client
                .find(Locator::Css(".content"))
                .await?
                .text()
                .await?
                .contains("The second version")
        );

        // The fix removes the overlay and shows the new text.
        write(
            &root,
            "content/guide.md",
            "---\ntitle: Guide\n---\nThe third version of the guide.\n",
        );
        let text = wait_for_text(client, ".content", "The third version").await;
        assert!(text.contains("The third version"), "{text}");
        let overlays = client.find_all(Locator::Css("#handbook-errors")).await?;
        assert!(overlays.is_empty(), "the overlay stayed after the fix");
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    browser.close().await;
    result.expect("browser commands");
}

/// Polls the text of `selector` until it contains `wanted` (up to 20 s); returns the last text seen.
async fn wait_for_text(client: &fantoccini::Client, selector: &str, wanted: &str) -> String {
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
