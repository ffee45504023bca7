//! What the browser tests share: `handbook serve` started on a handbook, and
//! Debian's chromium, headless, driven through chromedriver, each stopped
//! when dropped so that a failing test leaves nothing running.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

/// Kills the process when dropped.
pub struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// chromedriver in a process group of its own, killed with the browsers it
/// started when dropped: a test that fails before it closes its session
/// would otherwise leave chromium running.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(group) = i32::try_from(self.0.id())
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        {
            let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Writes `text` to `rel` under `root`, making its folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
    std::fs::write(path, text).expect("write");
}

/// `handbook serve ARGS --port 0 ROOT`, and the URL it serves at.
pub fn serve(root: &Path, args: &[&str]) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("serve")
        .args(args)
        .args(["--port", "0"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start handbook serve");
    let line = super::serving_line(&mut child);
    let url = line
        .trim()
        .trim_start_matches("serving at ")
        .split(' ')
        .next()
        .expect("url")
        .to_string();
    (Running(child), url)
}

/// Where chromium and chromedriver are installed.
pub struct Chromium {
    binary: PathBuf,
    driver: PathBuf,
}

impl Chromium {
    /// Both programs, or `None` with the reason printed (the test then skips).
    pub fn installed() -> Option<Chromium> {
        match (find("chromium"), find("chromedriver")) {
            (Some(binary), Some(driver)) => Some(Chromium { binary, driver }),
            _ => {
                println!(
                    "skipped: chromium and chromedriver are not both installed (apt-get install chromium chromium-driver)"
                );
                None
            }
        }
    }

    /// A browser session with a fresh profile in `profile` (the flags this
    /// closed network needs so that chromium does not stall).
    pub async fn open(self, profile: &Path) -> Browser {
        let port = free_port();
        let mut command = Command::new(self.driver);
        command
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let driver = Driver(command.spawn().expect("start chromedriver"));
        wait_for_port(port);
        let capabilities = serde_json::json!({
            "goog:chromeOptions": {
                "binary": self.binary,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", format!("--user-data-dir={}", profile.display()),
                ],
            }
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a browser session");
        Browser {
            client,
            _driver: driver,
        }
    }
}

/// A browser session and the chromedriver behind it.
pub struct Browser {
    pub client: Client,
    _driver: Driver,
}

impl Browser {
    /// Ends the session (the browser quits), then chromedriver.
    pub async fn close(self) {
        let _ = self.client.close().await;
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

/// What `window.handbookSearch.query(text)` gives (the box is focused
/// first, which loads search.js on a page that has not used it yet).
pub async fn search(client: &Client, text: &str) -> Result<Value, fantoccini::error::CmdError> {
    client
        .execute_async(
            "var done = arguments[arguments.length - 1], text = arguments[0], tries = 0; \
             var box = document.querySelector('#search-input'); \
             box.focus(); \
             /* Headless chromium may hold focus events back from a window it \
                does not see as focused: say the box got the focus. */ \
             box.dispatchEvent(new FocusEvent('focusin', { bubbles: true })); \
             (function go() { \
               if (!window.handbookSearch) { \
                 /* A loaded machine may be slow: ask again now and then. */ \
                 if (++tries % 20 === 0) box.dispatchEvent(new FocusEvent('focusin', { bubbles: true })); \
                 if (tries < 600) setTimeout(go, 50); else done('error: search.js never loaded'); return; } \
               window.handbookSearch.query(text).then(done, function (e) { done('error: ' + e); }); \
             })();",
            vec![json!(text)],
        )
        .await
}
