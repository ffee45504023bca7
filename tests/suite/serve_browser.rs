//! End to end in a real browser: Debian's chromium, headless, driven through
//! chromedriver. A page open in the browser changes when its markdown is
//! saved, with no manual reload; a broken save shows the error overlay and
//! the fix removes it. Skipped, with the reason, where chromium or
//! chromedriver is not installed (`.ci/run` installs both).

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

/// Kills the process when dropped, so a failing test leaves nothing running.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn find(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(program))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not start on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
    std::fs::write(path, text).expect("write");
}

fn start_server(root: &Path) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(["serve", "--watch", "--port", "0"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start handbook serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("serving line");
    let url = line
        .trim()
        .trim_start_matches("serving at ")
        .split(' ')
        .next()
        .expect("url")
        .to_string();
    (Running(child), url)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saved_markdown_shows_in_the_open_page_without_a_reload() {
    let (Some(chromium), Some(driver)) = (find("chromium"), find("chromedriver")) else {
        println!(
            "skipped: chromium and chromedriver are not both installed (apt-get install chromium chromium-driver)"
        );
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
    let (_server, url) = start_server(&root);

    let port = free_port();
    let _driver = Running(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    wait_for_port(port);
    let profile = dir.path().join("profile");
    let capabilities = serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", format!("--user-data-dir={}", profile.display()),
            ],
        }
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a browser session");

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
        let text = wait_for_text(&client, ".content", "The second version").await;
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
        let overlay = wait_for_text(&client, "#handbook-errors", "guide.md:2").await;
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
        let text = wait_for_text(&client, ".content", "The third version").await;
        assert!(text.contains("The third version"), "{text}");
        let overlays = client.find_all(Locator::Css("#handbook-errors")).await?;
        assert!(overlays.is_empty(), "the overlay stayed after the fix");
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    let _ = client.close().await;
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
