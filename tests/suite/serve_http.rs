//! `handbook serve --watch` over real HTTP: the binary is started on a small
//! handbook in a temp folder (port 0), pages are fetched with ureq (or raw
//! over a `TcpStream` where a client would normalise the path), and the live
//! reload stream is read as a browser's `EventSource` would.
//!
//! Nothing here sleeps for a fixed time: every wait is for an event (or a
//! condition), with a generous limit, so that the tests hold on a slow,
//! shared machine and in parallel with each other.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

use crate::common::serving_line;

/// The longest any one wait (an event, a response) may take.
const TIMEOUT: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------
// The handbook on disk.

/// A handbook in a temp folder: `site/` is its root; `outside/` is next to
/// it, for files that must never be served.
struct Handbook {
    dir: tempfile::TempDir,
}

impl Handbook {
    /// `handbook.toml`, a home page and a section with one page.
    fn new() -> Handbook {
        let h = Handbook::empty();
        h.write("handbook.toml", "title = \"T\"\n");
        h.write(
            "content/index.md",
            "---\ntitle: Home\n---\n# Welcome home\n\nThe home page. See the [setup](guide/setup.md).\n",
        );
        h.write(
            "content/guide/index.md",
            "---\ntitle: Guide\n---\nAll about the guide.\n",
        );
        h.write(
            "content/guide/setup.md",
            "---\ntitle: Setup\n---\nThe original setup text.\n",
        );
        h
    }

    /// Just the folders.
    fn empty() -> Handbook {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("site/content")).expect("content dir");
        std::fs::create_dir_all(dir.path().join("outside")).expect("outside dir");
        Handbook { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// A file outside the handbook's root.
    fn outside(&self, name: &str) -> PathBuf {
        self.dir.path().join("outside").join(name)
    }

    /// Writes `rel` in place, as most editors save (truncate, then write).
    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("folders");
        std::fs::write(p, text).expect("write");
    }

    /// Writes `rel` atomically: a hidden temporary file renamed over it, so
    /// the watcher never sees the file half written.
    fn write_atomic(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        let name = p.file_name().expect("name").to_string_lossy().into_owned();
        let tmp = p.with_file_name(format!(".{name}.tmp"));
        std::fs::write(&tmp, text).expect("write temporary");
        std::fs::rename(&tmp, &p).expect("rename");
    }

    fn start(&self) -> Server {
        Server::start(&self.root(), &["--watch"])
    }
}

// ---------------------------------------------------------------------------
// The server process.

/// A running `handbook serve`; killed when dropped, even when a test fails.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
    /// The site's base path, `/` or `/docs/`.
    base: String,
    stderr: Arc<Mutex<String>>,
    agent: ureq::Agent,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Runs `handbook serve ROOT --port 0 ARGS...` and waits for its address.
    fn start(root: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .arg("serve")
            .arg(root)
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start handbook serve");
        let stderr = drain(child.stderr.take().expect("stderr"));
        let line = serving_line(&mut child);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(TIMEOUT))
            .build()
            .into();
        let mut server = Server {
            child,
            addr: String::new(),
            base: String::new(),
            stderr,
            agent,
        };
        let Some(url) = line
            .trim()
            .strip_prefix("serving at ")
            .and_then(|rest| rest.split_whitespace().next())
        else {
            panic!(
                "no `serving at` line, got {line:?}; stderr:\n{}",
                server.stderr()
            );
        };
        let rest = url.strip_prefix("http://").expect("an http URL");
        let slash = rest.find('/').expect("a path after the address");
        server.addr = rest[..slash].to_string();
        server.base = rest[slash..].to_string();
        server
    }

    /// What the server printed on stderr so far (for failure messages).
    fn stderr(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// `path` under the base path (`guide/` -> `/docs/guide/`).
    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GETs `target` (a path from the server's root, percent-encoding kept).
    fn get(&self, target: &str) -> Resp {
        let url = format!("http://{}{target}", self.addr);
        let mut response = self
            .agent
            .get(&url)
            .call()
            .unwrap_or_else(|e| panic!("GET {url}: {e}; stderr:\n{}", self.stderr()));
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header("content-type");
        let cache_control = header("cache-control");
        let location = header("location");
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .read_to_string()
            .unwrap_or_else(|e| panic!("GET {url}: body: {e}"));
        Resp {
            status,
            content_type,
            cache_control,
            location,
            body,
        }
    }

    /// GETs a page under the base path.
    fn page(&self, path: &str) -> Resp {
        self.get(&self.at(path))
    }

    /// Opens the event stream and reads its first `state` event.
    fn events(&self) -> (Events, Sse) {
        let mut events = Events::open(&self.addr, &self.at("_handbook/events"));
        let state = events.next(TIMEOUT).unwrap_or_else(|| {
            panic!(
                "no first event on the stream ({}); stderr:\n{}",
                events.context(),
                self.stderr()
            )
        });
        assert_eq!(state.name, "state", "the first event is the state");
        (events, state)
    }

    /// Waits for `name`, failing the test (with what the server said) after [`TIMEOUT`].
    fn wait_for(&self, events: &mut Events, name: &str) -> Sse {
        events.wait_for(name, TIMEOUT).unwrap_or_else(|| {
            panic!(
                "no `{name}` event within {TIMEOUT:?} ({}); stderr:\n{}",
                events.context(),
                self.stderr()
            )
        })
    }

    /// Waits for `reload` events until `done` holds (an in-place save may
    /// arrive as two rebuilds: the truncated file, then the written one).
    fn reload_until(&self, events: &mut Events, what: &str, done: impl Fn(&Server) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match events.wait_for("reload", left) {
                Some(_) if done(self) => return,
                Some(_) => {}
                None => panic!(
                    "{what}: not seen within {TIMEOUT:?} of waiting for reloads ({}); stderr:\n{}",
                    events.context(),
                    self.stderr()
                ),
            }
        }
    }
}

/// Reads a pipe to its end into a shared string.
fn drain(mut pipe: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = text.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut s) = sink.lock() {
                s.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
    });
    text
}

/// A response, read to its end.
#[derive(Debug)]
struct Resp {
    status: u16,
    content_type: Option<String>,
    cache_control: Option<String>,
    location: Option<String>,
    body: String,
}

impl Resp {
    fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    /// The text of the page's first `h1`.
    fn h1(&self) -> String {
        first_text(&self.html(), "h1").unwrap_or_default()
    }
}

fn first_text(html: &Html, selector: &str) -> Option<String> {
    let selector = Selector::parse(selector).expect("selector");
    html.select(&selector)
        .next()
        .map(|e| e.text().collect::<String>().trim().to_string())
}

fn first_attr(html: &Html, selector: &str, attr: &str) -> Option<String> {
    let selector = Selector::parse(selector).expect("selector");
    html.select(&selector)
        .next()
        .and_then(|e| e.value().attr(attr))
        .map(str::to_string)
}

/// Sends `target` as it is (no normalisation) and returns the status and body.
fn raw_get(addr: &str, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .unwrap_or_else(|e| panic!("GET {target}: {e}"));
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("GET {target}: no status line in {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

// ---------------------------------------------------------------------------
// The event stream.

/// One server-sent event.
#[derive(Debug, Clone)]
struct Sse {
    name: String,
    data: String,
}

impl Sse {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.data)
            .unwrap_or_else(|e| panic!("event data is not JSON ({e}): {}", self.data))
    }

    /// The `text` of each error in an `errors` or `state` event.
    fn errors(&self) -> Vec<String> {
        self.json()["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("no errors list in {}", self.data))
            .iter()
            .map(|e| e["text"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    fn version(&self) -> u64 {
        self.json()["version"]
            .as_str()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no version in {}", self.data))
    }
}

/// `GET .../_handbook/events` over a raw socket: the HTTP response is
/// de-chunked and split into events as they arrive.
struct Events {
    stream: TcpStream,
    /// Bytes read and not yet decoded.
    raw: Vec<u8>,
    /// Whether the response head has been read (and if the body is chunked).
    head: Option<bool>,
    /// Decoded body text not yet split into events.
    text: String,
    queue: VecDeque<Sse>,
    /// The names of every event read, for failure messages.
    seen: Vec<String>,
}

impl Events {
    fn open(addr: &str, path: &str) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect to the event stream");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("request the event stream");
        Events {
            stream,
            raw: Vec::new(),
            head: None,
            text: String::new(),
            queue: VecDeque::new(),
            seen: Vec::new(),
        }
    }

    fn context(&self) -> String {
        format!("events so far: {:?}", self.seen)
    }

    /// The next event, or `None` after `limit` (or when the stream ends).
    fn next(&mut self, limit: Duration) -> Option<Sse> {
        let deadline = Instant::now() + limit;
        let mut buf = [0u8; 16384];
        loop {
            if let Some(event) = self.queue.pop_front() {
                self.seen.push(event.name.clone());
                return Some(event);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            self.stream.set_read_timeout(Some(left)).ok()?;
            let n = self.stream.read(&mut buf).ok()?;
            if n == 0 {
                return None;
            }
            self.raw.extend_from_slice(&buf[..n]);
            self.decode();
        }
    }

    /// The next event named `name`; the ones before it are dropped.
    fn wait_for(&mut self, name: &str, limit: Duration) -> Option<Sse> {
        let deadline = Instant::now() + limit;
        loop {
            let event = self.next(deadline.saturating_duration_since(Instant::now()))?;
            if event.name == name {
                return Some(event);
            }
        }
    }

    /// Events until (and with) the first one named `name`.
    fn until(&mut self, name: &str, limit: Duration) -> Option<Vec<Sse>> {
        let deadline = Instant::now() + limit;
        let mut events = Vec::new();
        loop {
            let event = self.next(deadline.saturating_duration_since(Instant::now()))?;
            let last = event.name == name;
            events.push(event);
            if last {
                return Some(events);
            }
        }
    }

    fn decode(&mut self) {
        if self.head.is_none() {
            let Some(end) = find(&self.raw, b"\r\n\r\n") else {
                return;
            };
            let head = String::from_utf8_lossy(&self.raw[..end]).to_ascii_lowercase();
            assert!(
                head.starts_with("http/1.1 200"),
                "the event stream answered {head}"
            );
            assert!(
                head.contains("content-type: text/event-stream"),
                "the event stream's head: {head}"
            );
            self.head = Some(head.contains("transfer-encoding: chunked"));
            self.raw.drain(..end + 4);
        }
        if self.head == Some(true) {
            // Chunks: `SIZE\r\nDATA\r\n`.
            while let Some(line_end) = find(&self.raw, b"\r\n") {
                let size_text = String::from_utf8_lossy(&self.raw[..line_end]).into_owned();
                let size_text = size_text.split(';').next().unwrap_or("").trim();
                let size = usize::from_str_radix(size_text, 16)
                    .unwrap_or_else(|_| panic!("bad chunk size {size_text:?}"));
                let start = line_end + 2;
                if self.raw.len() < start + size + 2 {
                    break;
                }
                let chunk = String::from_utf8_lossy(&self.raw[start..start + size]).into_owned();
                self.text.push_str(&chunk);
                self.raw.drain(..start + size + 2);
            }
        } else {
            let all = String::from_utf8_lossy(&self.raw).into_owned();
            self.text.push_str(&all);
            self.raw.clear();
        }
        // Events end with an empty line.
        while let Some(end) = self.text.find("\n\n") {
            let block: String = self.text.drain(..end + 2).collect();
            let mut name = None;
            let mut data: Vec<&str> = Vec::new();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    name = Some(v.trim().to_string());
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push(v.strip_prefix(' ').unwrap_or(v));
                }
            }
            // Comment-only blocks (keep-alives) are not events.
            if name.is_some() || !data.is_empty() {
                self.queue.push_back(Sse {
                    name: name.unwrap_or_else(|| "message".to_string()),
                    data: data.join("\n"),
                });
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------
// 1. Pages over HTTP.

#[test]
fn pages_are_served_from_memory_with_the_live_script() {
    let h = Handbook::new();
    let server = h.start();
    assert_eq!(server.base, "/");
    let (_events, state) = server.events();
    assert!(state.errors().is_empty(), "{}", state.data);
    let version = state.version();

    let home = server.page("");
    assert_eq!(home.status, 200, "{}", home.body);
    assert_eq!(
        home.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.cache_control.as_deref(), Some("no-store"));
    assert_eq!(home.h1(), "Welcome home");

    let page = server.page("guide/setup/");
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(
        page.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.cache_control.as_deref(), Some("no-store"));
    assert_eq!(page.h1(), "Setup");
    assert!(page.body.contains("The original setup text."));
    // The live script, with the build's version, right before `</body>`.
    let html = page.html();
    let live = "script[src=\"/_handbook/live.js\"]";
    assert_eq!(
        first_attr(&html, live, "data-version"),
        Some(version.to_string()),
        "{}",
        page.body
    );
    assert_eq!(
        first_attr(&html, live, "data-events").as_deref(),
        Some("/_handbook/events")
    );
    assert!(
        page.body.contains(&format!(
            "<script src=\"/_handbook/live.js\" data-version=\"{version}\" data-events=\"/_handbook/events\"></script></body>"
        )),
        "{}",
        page.body
    );
    assert_eq!(
        page.body.matches("_handbook/live.js").count(),
        1,
        "injected once"
    );

    // The stylesheet the page links to.
    let css_href =
        first_attr(&html, "link[rel=stylesheet]", "href").expect("the page links a stylesheet");
    let css = server.get(&css_href);
    assert_eq!(css.status, 200, "{css_href}");
    assert_eq!(css.content_type.as_deref(), Some("text/css; charset=utf-8"));
    assert_eq!(css.cache_control.as_deref(), Some("no-store"));
    assert!(!css.body.contains("live.js"), "nothing injected into CSS");

    let script = server.page("_handbook/live.js");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.content_type.as_deref(),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.body.contains("EventSource"));

    // A missing page: the site's 404 page, with status 404.
    for missing in ["no/such/page/", "guide/nope/", "nope.html"] {
        let nope = server.page(missing);
        assert_eq!(nope.status, 404, "{missing}");
        assert_eq!(
            nope.content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(nope.cache_control.as_deref(), Some("no-store"));
        assert_eq!(nope.h1(), "Page not found", "{missing}");
        assert!(nope.body.contains("_handbook/live.js"), "{missing}");
    }
    // The 404 page itself, asked for by name.
    assert_eq!(server.page("404.html").status, 200);

    // A folder without its trailing slash: redirected to it.
    for (folder, to) in [("guide", "/guide/"), ("guide/setup", "/guide/setup/")] {
        let r = server.page(folder);
        assert_eq!(r.status, 302, "{folder}");
        assert_eq!(r.location.as_deref(), Some(to), "{folder}");
    }
}

// 2. An edit reloads.

#[test]
fn a_body_edit_sends_reload_and_the_new_text_is_served() {
    let h = Handbook::new();
    let server = h.start();
    let (mut events, state) = server.events();
    let before = state.version();

    h.write(
        "content/guide/setup.md",
        "---\ntitle: Setup\n---\nThe edited setup text.\n",
    );
    server.reload_until(&mut events, "the edited text", |s| {
        s.page("guide/setup/")
            .body
            .contains("The edited setup text.")
    });
    let page = server.page("guide/setup/");
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("The original setup text."));
    let served_version: u64 = first_attr(
        &page.html(),
        "script[src=\"/_handbook/live.js\"]",
        "data-version",
    )
    .and_then(|v| v.parse().ok())
    .expect("a version on the live script");
    assert!(served_version > before, "{served_version} > {before}");
    // A new connection starts from the new version, without errors.
    let (_again, state) = server.events();
    assert_eq!(state.version(), served_version);
    assert!(state.errors().is_empty());
}

#[test]
fn serve_watches_by_default_and_says_which_file_changed() {
    let h = Handbook::new();
    let server = Server::start(&h.root(), &[]);
    let (mut events, _) = server.events();
    h.write(
        "content/guide/setup.md",
        "---\ntitle: Setup\n---\nWatched without --watch.\n",
    );
    server.reload_until(&mut events, "the edit", |s| {
        s.page("guide/setup/")
            .body
            .contains("Watched without --watch.")
    });
    let deadline = Instant::now() + TIMEOUT;
    while !server.stderr().contains("changed: content/guide/setup.md") {
        assert!(
            Instant::now() < deadline,
            "the changed file is not named: {}",
            server.stderr()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn no_watch_serves_the_site_as_it_was_at_start() {
    let h = Handbook::new();
    let server = Server::start(&h.root(), &["--no-watch"]);
    h.write(
        "content/guide/setup.md",
        "---\ntitle: Setup\n---\nAn edit nobody watches.\n",
    );
    // Far longer than the watcher's 10 ms of quiet and a rebuild.
    std::thread::sleep(Duration::from_millis(1500));
    let page = server.page("guide/setup/");
    assert!(
        page.body.contains("The original setup text."),
        "{}",
        page.body
    );
    assert!(!server.stderr().contains("changed:"), "{}", server.stderr());
}

#[test]
fn a_templates_folder_made_while_serving_is_watched_from_then_on() {
    let h = Handbook::new();
    let server = h.start();
    let (mut events, _) = server.events();
    // The page frame every template extends, with the blocks they fill.
    let template = |text: &str| {
        format!(
            "<!doctype html><html lang=\"en\"><title>{{% block title %}}{{% endblock title %}}</title>\
             <body>{text}{{% block main %}}{{% endblock main %}}</body></html>"
        )
    };
    // The folder did not exist when serving started.
    h.write("templates/base.html", &template("Template one"));
    page_says(
        &server,
        &mut events,
        "guide/setup/",
        "the new folder",
        "Template one",
    );
    // An edit inside it: only a watch on the new folder sees this one.
    h.write_atomic("templates/base.html", &template("Template two"));
    page_says(
        &server,
        &mut events,
        "guide/setup/",
        "an edit in it",
        "Template two",
    );
}

// 3. New, renamed and deleted pages.

#[test]
fn pages_created_renamed_and_deleted_appear_and_disappear() {
    let h = Handbook::new();
    let server = h.start();
    let (mut events, _) = server.events();
    assert_eq!(server.page("guide/new-page/").status, 404);

    h.write(
        "content/guide/new-page.md",
        "---\ntitle: New page\n---\nFreshly written.\n",
    );
    server.reload_until(&mut events, "the new page", |s| {
        let r = s.page("guide/new-page/");
        r.status == 200 && r.body.contains("Freshly written.")
    });
    assert_eq!(server.page("guide/new-page/").h1(), "New page");

    std::fs::rename(
        h.path("content/guide/new-page.md"),
        h.path("content/guide/renamed.md"),
    )
    .expect("rename");
    server.reload_until(&mut events, "the renamed page", |s| {
        s.page("guide/renamed/").status == 200
    });
    let old = server.page("guide/new-page/");
    assert_eq!(old.status, 404, "the old URL is gone");
    assert_eq!(old.h1(), "Page not found");
    let new = server.page("guide/renamed/");
    assert_eq!(new.h1(), "New page");
    assert!(new.body.contains("Freshly written."));

    std::fs::remove_file(h.path("content/guide/renamed.md")).expect("delete");
    server.reload_until(&mut events, "the deleted page gone", |s| {
        s.page("guide/renamed/").status == 404
    });
    // The rest of the site is unharmed.
    assert_eq!(server.page("guide/setup/").status, 200);
}

// 4. Broken edits keep the last good site and report the errors.

/// Breaks `content/guide/setup.md` with `broken`, checks the error event
/// names `want` (`file:line:col: error`), that the old page is still served,
/// then fixes it and checks the recovery.
fn broken_then_fixed(broken: &str, want: &str) {
    let h = Handbook::new();
    let server = h.start();
    let (mut events, _) = server.events();

    h.write_atomic("content/guide/setup.md", broken);
    let got = events.until("errors", TIMEOUT).unwrap_or_else(|| {
        panic!(
            "no `errors` event ({}); stderr:\n{}",
            events.context(),
            server.stderr()
        )
    });
    let errors_event = got.last().expect("an event").clone();
    assert!(
        got.iter().all(|e| e.name != "reload"),
        "a broken build must not reload: {got:?}"
    );
    let errors = errors_event.errors();
    assert!(
        errors.iter().any(|e| e.contains(want)),
        "want an error with {want:?}, got {errors:#?}"
    );
    // The last good version is still served.
    let page = server.page("guide/setup/");
    assert_eq!(page.status, 200);
    assert_eq!(page.h1(), "Setup");
    assert!(
        page.body.contains("The original setup text."),
        "{}",
        page.body
    );
    // A page opened now learns about the errors from its first event.
    let (_late, state) = server.events();
    assert!(
        state.errors().iter().any(|e| e.contains(want)),
        "{}",
        state.data
    );

    h.write_atomic(
        "content/guide/setup.md",
        "---\ntitle: Setup\n---\nThe fixed setup text.\n",
    );
    let got = events.until("reload", TIMEOUT).unwrap_or_else(|| {
        panic!(
            "no `reload` after the fix ({}); stderr:\n{}",
            events.context(),
            server.stderr()
        )
    });
    assert!(
        got.iter()
            .any(|e| e.name == "errors" && e.errors().is_empty()),
        "an empty `errors` event clears the overlay before the reload: {got:?}"
    );
    let page = server.page("guide/setup/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("The fixed setup text."), "{}", page.body);
    let (_after, state) = server.events();
    assert!(state.errors().is_empty(), "{}", state.data);
}

#[test]
fn invalid_frontmatter_reports_an_error_and_keeps_the_old_page() {
    broken_then_fixed(
        "---\ntitle: [oops\n---\nThe broken setup text.\n",
        "guide/setup.md:2:8: error",
    );
}

#[test]
fn a_broken_link_reports_an_error_and_keeps_the_old_page() {
    broken_then_fixed(
        "---\ntitle: Setup\n---\nSee [this](nowhere.md).\n",
        "guide/setup.md:4:5: error[link/missing-page]: broken link",
    );
}

#[test]
fn a_handbook_that_fails_its_first_build_is_served_once_fixed() {
    let h = Handbook::new();
    h.write(
        "content/index.md",
        "---\ntitle: [oops\n---\n# Welcome home\n",
    );
    let server = h.start();
    let (mut events, state) = server.events();
    let errors = state.errors();
    assert!(
        errors.iter().any(|e| e.contains("index.md:2:8: error")),
        "{errors:#?}"
    );
    assert_shows_errors(&server, "index.md:2:8: error");

    h.write_atomic(
        "content/index.md",
        "---\ntitle: Home\n---\n# Welcome home\n",
    );
    let got = events.until("reload", TIMEOUT).unwrap_or_else(|| {
        panic!(
            "no `reload` after the fix ({}); stderr:\n{}",
            events.context(),
            server.stderr()
        )
    });
    assert!(
        got.iter()
            .any(|e| e.name == "errors" && e.errors().is_empty()),
        "{got:?}"
    );
    let home = server.page("");
    assert_eq!(home.status, 200);
    assert_eq!(home.h1(), "Welcome home");
}

/// Every page request, for pages that exist and for ones that do not, gets
/// the error overlay naming `want` (not a bare 404), with the live script that
/// reloads it once a build succeeds.
fn assert_shows_errors(server: &Server, want: &str) {
    for path in ["", "guide/setup/", "guide/", "no/such/page/", "guide/setup"] {
        let page = server.page(path);
        assert_eq!(page.status, 500, "{path}: {}", page.body);
        assert_eq!(
            page.content_type.as_deref(),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        let html = page.html();
        let shown = first_text(&html, "#handbook-errors").unwrap_or_default();
        assert!(shown.contains("did not build"), "{path}: {}", page.body);
        let error = first_text(&html, "#handbook-errors pre.handbook-error").unwrap_or_default();
        assert!(error.contains(want), "{path}: want {want:?} in {error:?}");
        assert_eq!(
            first_attr(&html, "script[data-events]", "data-events").as_deref(),
            Some(server.at("_handbook/events").as_str()),
            "{path}: the live script, to reload once fixed"
        );
    }
}

/// A first build that fails on a broken link (the site loads; its checks
/// fail) shows the overlay too, and the site once the link is fixed.
#[test]
fn a_first_build_with_a_broken_link_shows_the_error_overlay_until_fixed() {
    let h = Handbook::new();
    h.write(
        "content/guide/setup.md",
        "---\ntitle: Setup\n---\nSee [this](nowhere.md).\n",
    );
    let server = h.start();
    let (mut events, _) = server.events();
    assert_shows_errors(
        &server,
        "guide/setup.md:4:5: error[link/missing-page]: broken link",
    );
    // A second failure keeps the overlay, with its own errors.
    h.write_atomic(
        "content/guide/setup.md",
        "---\ntitle: Setup\n---\nSee [that](elsewhere.md).\n",
    );
    let got = events.until("errors", TIMEOUT).unwrap_or_else(|| {
        panic!(
            "no `errors` event ({}); stderr:\n{}",
            events.context(),
            server.stderr()
        )
    });
    assert!(
        got.iter().all(|e| e.name != "reload"),
        "a broken build must not reload: {got:?}"
    );
    assert_shows_errors(&server, "elsewhere.md");

    h.write_atomic(
        "content/guide/setup.md",
        "---\ntitle: Setup\n---\nThe fixed setup text.\n",
    );
    server.reload_until(&mut events, "the fixed page", |s| {
        s.page("guide/setup/")
            .body
            .contains("The fixed setup text.")
    });
    let page = server.page("guide/setup/");
    assert_eq!(page.status, 200);
    assert!(
        page.html()
            .select(&Selector::parse("#handbook-errors").expect("selector"))
            .next()
            .is_none()
    );
    assert_eq!(server.page("no/such/page/").status, 404);
}

// 5. The content folder replaced while served.

/// Copies the handbook's content folder to `to` (under the root), with
/// `text` as the setup page's body.
fn copy_content(h: &Handbook, to: &str, text: &str) {
    h.write(
        &format!("{to}/index.md"),
        "---\ntitle: Home\n---\n# Welcome home\n\nThe home page. See the [setup](guide/setup.md).\n",
    );
    h.write(
        &format!("{to}/guide/index.md"),
        "---\ntitle: Guide\n---\nAll about the guide.\n",
    );
    h.write(
        &format!("{to}/guide/setup.md"),
        &format!("---\ntitle: Setup\n---\n{text}\n"),
    );
}

/// Waits until the page at `path` says `text`, after an edit (or not: a
/// change made before may already have been rebuilt).
fn page_says(server: &Server, events: &mut Events, path: &str, step: &str, text: &str) {
    let shows = |s: &Server| s.page(path).body.contains(text);
    if !shows(server) {
        server.reload_until(events, step, shows);
    }
}

/// [`page_says`] for the setup page.
fn setup_says(server: &Server, events: &mut Events, step: &str, text: &str) {
    page_says(server, events, "guide/setup/", step, text);
}

#[test]
fn the_content_folder_replaced_is_watched_again() {
    let h = Handbook::new();
    let server = h.start();
    let (mut events, _) = server.events();

    // A rename swap, as `git checkout` or a sync tool may do.
    copy_content(&h, "content.new", "The swapped setup text.");
    std::fs::rename(h.path("content"), h.path("content.old")).expect("move away");
    std::fs::rename(h.path("content.new"), h.path("content")).expect("move in");
    setup_says(
        &server,
        &mut events,
        "after the swap",
        "The swapped setup text.",
    );
    h.write_atomic(
        "content/guide/setup.md",
        "---\ntitle: Setup\n---\nEdited after the swap.\n",
    );
    setup_says(
        &server,
        &mut events,
        "an edit after the swap",
        "Edited after the swap.",
    );
    // The old folder is nothing to the site any more.
    std::fs::write(
        h.path("content.old/guide/setup.md"),
        "---\ntitle: Old\n---\nOld.\n",
    )
    .expect("write the old folder");
    h.write_atomic(
        "content/guide/index.md",
        "---\ntitle: Guide\n---\nGuide, edited.\n",
    );
    page_says(
        &server,
        &mut events,
        "guide/",
        "an edit after the old folder's",
        "Guide, edited.",
    );
    let setup = server.page("guide/setup/").body;
    assert!(setup.contains("Edited after the swap."), "{setup}");

    // Removed and made again, as `rm -rf content && cp -r ... content` does.
    std::fs::remove_dir_all(h.path("content")).expect("remove the content folder");
    copy_content(&h, "content", "The recreated setup text.");
    setup_says(
        &server,
        &mut events,
        "after rm and cp",
        "The recreated setup text.",
    );
    h.write_atomic(
        "content/guide/setup.md",
        "---\ntitle: Setup\n---\nEdited after the copy.\n",
    );
    setup_says(
        &server,
        &mut events,
        "an edit after rm and cp",
        "Edited after the copy.",
    );
    // A page made in a new folder is seen too (the new tree is watched throughout).
    h.write("content/new/page.md", "---\ntitle: New\n---\nA new page.\n");
    let deadline = Instant::now() + TIMEOUT;
    while server.page("new/page/").status != 200 {
        assert!(
            Instant::now() < deadline,
            "a page made after the copy is not served; stderr:\n{}",
            server.stderr()
        );
        let _ = events.wait_for("reload", Duration::from_millis(500));
    }
}

// 6. Nothing outside the site.

#[test]
fn traversal_is_refused_and_the_server_keeps_serving() {
    let h = Handbook::new();
    let secret = "SECRET-OUTSIDE-THE-HANDBOOK";
    std::fs::write(h.outside("secret.txt"), secret).expect("secret");
    // Inside the root but outside the content folder: not part of the site either.
    h.write("notes.txt", secret);
    let server = h.start();
    let addr = server.addr.clone();

    let targets = [
        "/../etc/passwd",
        "/../../../../../../etc/passwd",
        "/guide/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/.%2e/.%2e/etc/passwd",
        "/a/..%2f..%2fetc/passwd",
        "/a/..%2F..%2F..%2Fetc%2Fpasswd",
        "/%5c..%5c",
        "/%5c..%5c..%5c..%5cetc%5cpasswd",
        "/..%5c..%5cetc%5cpasswd",
        "/..\\..\\etc\\passwd",
        "/../notes.txt",
        "/%2e%2e/notes.txt",
        "/..%2fnotes.txt",
        "/../handbook.toml",
        "/%2e%2e/handbook.toml",
        "/./handbook.toml",
        "/../../outside/secret.txt",
        "/%2e%2e/%2e%2e/outside/secret.txt",
        "/..%2f..%2foutside%2fsecret.txt",
        "/x%00/../../outside/secret.txt",
        "/index.html%00.txt",
        // Absolute paths, in every spelling.
        "//etc/passwd",
        "/%2fetc/passwd",
        "/%2Fetc%2Fpasswd",
        "/etc/passwd",
        "/proc/self/environ",
        "/C:/Windows/win.ini",
        "/C:%5cWindows%5cwin.ini",
        // The absolute form of a request target.
        "http://127.0.0.1/../etc/passwd",
        "http://127.0.0.1/%2e%2e/%2e%2e/etc/passwd",
    ];
    for target in targets {
        let (status, body) = raw_get(&addr, target);
        assert!(
            status == 400 || status == 404,
            "GET {target}: status {status}"
        );
        assert!(!body.contains(secret), "GET {target} leaked a file: {body}");
        assert!(
            !body.contains("root:x:0:0"),
            "GET {target} served /etc/passwd"
        );
        assert!(!body.contains("title = "), "GET {target} served the config");
    }
    // Dot segments are refused outright, encoded or not.
    for target in [
        "/../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/a/..%2f..%2fetc/passwd",
        "/%5c..%5c",
        "/./index.html",
        "/guide/../index.html",
        "//etc/passwd",
    ] {
        assert_eq!(raw_get(&addr, target).0, 400, "GET {target}");
    }

    // Still serving.
    let (status, body) = raw_get(&addr, "/guide/setup/");
    assert_eq!(status, 200);
    assert!(body.contains("The original setup text."));
    assert_eq!(server.page("").h1(), "Welcome home");
}

/// Symbolic links inside content/ to files and folders outside the handbook,
/// there from the start or made while serving, are never served.
#[cfg(unix)]
#[test]
fn a_symlink_to_a_file_outside_the_handbook_is_not_served() {
    let h = Handbook::new();
    let secret = "SECRET-BEHIND-A-SYMLINK";
    std::fs::write(h.outside("secret.txt"), secret).expect("secret");
    std::fs::write(
        h.outside("page.md"),
        format!("---\ntitle: Outside\n---\n{secret}\n"),
    )
    .expect("outside page");
    let link = |target: PathBuf, rel: &str| {
        std::os::unix::fs::symlink(target, h.path(rel)).expect("symlink");
    };
    link(h.outside("secret.txt"), "content/leak.txt");
    link(h.outside("page.md"), "content/leak.md");
    link(h.dir.path().join("outside"), "content/leakdir");
    // A link that stays inside the content folder is followed.
    link(h.path("content/guide/setup.md"), "content/guide/alias.md");
    let server = h.start();
    let (mut events, _) = server.events();
    let leaks = [
        "/leak.txt",
        "/leak/",
        "/leakdir/secret.txt",
        "/leakdir/page/",
        "/guide/late.txt",
        "/guide/late/",
    ];
    let check = |server: &Server| {
        for path in leaks {
            let (status, body) = raw_get(&server.addr, path);
            assert!(
                !body.contains(secret),
                "GET {path}: {status}, served the content of a file outside the handbook"
            );
        }
    };
    check(&server);
    let inside = server.page("guide/alias/");
    assert_eq!(inside.status, 200, "a link inside the content folder");
    assert!(inside.body.contains("The original setup text."));

    // Links made while serving, with a page edit to know the rebuild happened.
    link(h.outside("secret.txt"), "content/guide/late.txt");
    link(h.outside("page.md"), "content/guide/late.md");
    h.write_atomic(
        "content/guide/setup.md",
        "---\ntitle: Setup\n---\nAfter the links.\n",
    );
    server.reload_until(&mut events, "the edit after the links", |s| {
        s.page("guide/setup/").body.contains("After the links.")
    });
    check(&server);
    assert_eq!(server.page("").status, 200);
}

/// A file copied as it is (an asset) is read when asked for; swapping it for
/// a symbolic link to a file outside the handbook must not serve that file.
#[cfg(unix)]
#[test]
fn an_asset_swapped_for_a_symlink_after_the_build_is_not_served() {
    let h = Handbook::new();
    let secret = "SECRET-SWAPPED-IN";
    std::fs::write(h.outside("secret.txt"), secret).expect("secret");
    h.write("content/guide/notes.txt", "public notes\n");
    // No --watch: the site is built once, then served.
    let server = Server::start(&h.root(), &[]);
    let before = server.page("guide/notes.txt");
    assert_eq!(before.status, 200);
    assert!(before.body.contains("public notes"));
    std::fs::remove_file(h.path("content/guide/notes.txt")).expect("remove");
    std::os::unix::fs::symlink(h.outside("secret.txt"), h.path("content/guide/notes.txt"))
        .expect("symlink");
    let after = server.page("guide/notes.txt");
    assert!(
        !after.body.contains(secret),
        "GET /guide/notes.txt: {}, served the content of a file outside the handbook",
        after.status
    );
}

// 7. Stylesheets are swapped, not reloaded.

#[test]
fn a_theme_stylesheet_change_sends_css_not_reload() {
    let h = Handbook::new();
    h.write(
        "themes/default/static/style.css",
        "/* stylesheet v1 */ body { color: red; }\n",
    );
    let server = h.start();
    let css = server.page("_handbook/style.css");
    assert_eq!(css.status, 200);
    assert!(
        css.body.contains("stylesheet v1"),
        "the handbook's own style.css overrides the built-in one"
    );
    let (mut events, state) = server.events();
    let before = state.version();

    h.write(
        "themes/default/static/style.css",
        "/* stylesheet v2 */ body { color: blue; }\n",
    );
    // One save may come as two batches (truncate, then write): css each time.
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let event = events
            .next(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|| {
                panic!(
                    "no css event with the new stylesheet ({}); stderr:\n{}",
                    events.context(),
                    server.stderr()
                )
            });
        assert_eq!(
            event.name,
            "css",
            "a stylesheet change: {event:?} ({})",
            events.context()
        );
        assert!(event.version() > before);
        if server
            .page("_handbook/style.css")
            .body
            .contains("stylesheet v2")
        {
            break;
        }
    }
    // No reload follows: the next thing after a page edit is its reload.
    h.write_atomic(
        "content/guide/setup.md",
        "---\ntitle: Setup\n---\nAfter the stylesheet.\n",
    );
    let got = events.until("reload", TIMEOUT).unwrap_or_else(|| {
        panic!(
            "no reload after a page edit ({}); stderr:\n{}",
            events.context(),
            server.stderr()
        )
    });
    assert!(
        got[..got.len() - 1].iter().all(|e| e.name == "css"),
        "only css events before the page edit's reload: {got:?}"
    );
    assert!(
        server
            .page("guide/setup/")
            .body
            .contains("After the stylesheet.")
    );
}

// 8. A base path.

#[test]
fn a_base_url_serves_the_site_under_its_path() {
    let h = Handbook::new();
    let server = Server::start(
        &h.root(),
        &["--watch", "--base-url", "http://example.com/docs/"],
    );
    assert_eq!(server.base, "/docs/");

    let root = server.get("/");
    assert_eq!(root.status, 302);
    assert_eq!(root.location.as_deref(), Some("/docs/"));

    let home = server.get("/docs/");
    assert_eq!(home.status, 200);
    assert_eq!(home.h1(), "Welcome home");
    // `/docs` is the site too: its home page, or a redirect to `/docs/`.
    let bare = server.get("/docs");
    assert!(
        (bare.status == 200 && bare.h1() == "Welcome home")
            || (bare.status == 302 && bare.location.as_deref() == Some("/docs/")),
        "{bare:?}"
    );

    let page = server.get("/docs/guide/setup/");
    assert_eq!(page.status, 200);
    assert_eq!(page.h1(), "Setup");
    let html = page.html();
    let css_href = first_attr(&html, "link[rel=stylesheet]", "href").expect("stylesheet");
    assert!(css_href.starts_with("/docs/"), "{css_href}");
    let css = server.get(&css_href);
    assert_eq!(css.status, 200);
    assert_eq!(css.content_type.as_deref(), Some("text/css; charset=utf-8"));
    let live = "script[src=\"/docs/_handbook/live.js\"]";
    assert_eq!(
        first_attr(&html, live, "data-events").as_deref(),
        Some("/docs/_handbook/events"),
        "{}",
        page.body
    );
    assert_eq!(server.get("/docs/_handbook/live.js").status, 200);

    let folder = server.get("/docs/guide");
    assert_eq!(folder.status, 302);
    assert_eq!(folder.location.as_deref(), Some("/docs/guide/"));
    let missing = server.get("/docs/nope/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.h1(), "Page not found");
    // Outside the base path there is no site.
    let outside = server.get("/guide/setup/");
    assert!(
        outside.status == 400 || outside.status == 404,
        "{outside:?}"
    );

    // The event stream lives under the base path too, and edits reload.
    let (mut events, _) = server.events();
    h.write_atomic(
        "content/guide/setup.md",
        "---\ntitle: Setup\n---\nEdited under docs.\n",
    );
    server.reload_until(&mut events, "the edit under /docs/", |s| {
        s.get("/docs/guide/setup/")
            .body
            .contains("Edited under docs.")
    });
}

// 9. A port that was asked for and is taken.

#[test]
fn an_explicit_port_that_is_taken_fails_clearly() {
    let h = Handbook::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("occupy a port");
    let port = taken.local_addr().expect("address").port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("serve")
        .arg(h.root())
        .args(["--port", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start handbook serve");
    let stdout = drain(child.stdout.take().expect("stdout"));
    let stderr = drain(child.stderr.take().expect("stderr"));
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "still running {TIMEOUT:?} after being given a taken port; stdout:\n{}\nstderr:\n{}",
                stdout.lock().map(|s| s.clone()).unwrap_or_default(),
                stderr.lock().map(|s| s.clone()).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(taken);
    assert!(!status.success(), "{status}");
    assert_eq!(status.code(), Some(1));
    // The pipes close with the process; wait for the readers to see it.
    let deadline = Instant::now() + TIMEOUT;
    let text = loop {
        let text = stderr.lock().map(|s| s.clone()).unwrap_or_default();
        if text.contains("error(s)") || Instant::now() > deadline {
            break text;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(
        text.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{text}"
    );
    assert!(text.contains("--port"), "a hint to pick another: {text}");
    let out = stdout.lock().map(|s| s.clone()).unwrap_or_default();
    assert!(!out.contains("serving at"), "{out}");
}

// 10. Many clients at once.

#[test]
fn fifty_concurrent_requests_all_succeed() {
    let h = Handbook::new();
    let server = Arc::new(h.start());
    // A browser tab or two listening meanwhile.
    let (_events, _) = server.events();
    let (_events2, _) = server.events();
    let clients = 50;
    let barrier = Arc::new(Barrier::new(clients));
    let threads: Vec<_> = (0..clients)
        .map(|i| {
            let server = server.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let (path, want) = match i % 4 {
                    0 => ("", "Welcome home"),
                    1 => ("guide/setup/", "Setup"),
                    2 => ("guide/", "Guide"),
                    _ => ("_handbook/style.css", ""),
                };
                barrier.wait();
                let r = server.page(path);
                (i, path, r.status, want.is_empty() || r.h1() == want)
            })
        })
        .collect();
    for t in threads {
        let (i, path, status, ok) = t.join().expect("a client thread");
        assert_eq!(status, 200, "client {i}: GET {path}");
        assert!(ok, "client {i}: GET {path}: wrong page");
    }
    assert_eq!(server.page("guide/setup/").status, 200);
}

// ---------------------------------------------------------------------------
// Bugs found while writing these tests.

/// Only `/404.html` itself is the 404 page with 200: any other missing path
/// must answer 404, whatever its name ends with.
#[test]
fn a_missing_page_named_like_404_html_is_a_404() {
    let h = Handbook::new();
    let server = h.start();
    assert_eq!(server.page("404.html").status, 200);
    for missing in ["guide/404.html", "x404.html", "nope/404.html"] {
        let r = server.page(missing);
        assert_eq!(r.h1(), "Page not found", "{missing}");
        assert_eq!(r.status, 404, "GET /{missing}");
    }
}

/// A handbook with a base path whose first build fails (a typo in
/// handbook.toml) is served at its base path once the typo is fixed.
#[test]
fn the_base_path_follows_the_config_after_a_failed_first_build() {
    let h = Handbook::new();
    h.write(
        "handbook.toml",
        "title = \"T\"\nbase_url = \"/docs/\"\nbogus = 1\n",
    );
    let server = h.start();
    let (mut events, state) = server.events();
    assert!(
        state
            .errors()
            .iter()
            .any(|e| e.contains("handbook.toml:3:1: error")),
        "{}",
        state.data
    );
    h.write_atomic("handbook.toml", "title = \"T\"\nbase_url = \"/docs/\"\n");
    server.wait_for(&mut events, "reload");
    let page = server.get("/docs/guide/setup/");
    assert_eq!(
        page.status, 200,
        "the site is at /docs/, where its links say"
    );
    let css_href = first_attr(&page.html(), "link[rel=stylesheet]", "href").expect("stylesheet");
    assert_eq!(server.get(&css_href).status, 200, "{css_href}");
}

#[test]
fn after_a_title_edit_the_dashboard_is_never_behind_the_page() {
    // Enough plans that the dashboard takes a while to render again, which
    // serve does after the reload message (a request waits for it).
    let h = Handbook::new();
    for n in 0..300 {
        h.write(
            &format!("content/plans/p{n}.md"),
            &format!("---\ntitle: Plan {n}\nstatus: in-progress\n---\n- [x] one\n- [ ] two\n"),
        );
    }
    h.write(
        "content/plans/target.md",
        "---\ntitle: Old plan title\nstatus: in-progress\n---\n- [x] one\n- [ ] two\n",
    );
    let server = h.start();
    let (mut events, _) = server.events();
    assert!(server.page("dashboard/").body.contains("Old plan title"));
    h.write(
        "content/plans/target.md",
        "---\ntitle: New plan title\nstatus: in-progress\n---\n- [x] one\n- [ ] two\n",
    );
    server.reload_until(&mut events, "the new title on the page", |s| {
        // Asked for right after the reload message: the page first, then
        // the dashboard, which must already show what the page shows.
        let page = s.page("plans/target/");
        let dashboard = s.page("dashboard/");
        assert_eq!(dashboard.status, 200);
        let labels: Vec<String> = dashboard
            .html()
            .select(&scraper::Selector::parse("main a").unwrap())
            .map(|a| a.text().collect::<String>())
            .collect();
        if page.body.contains("New plan title") {
            let shows = |title: &str| labels.iter().any(|l| l == title);
            assert!(
                shows("New plan title") && !shows("Old plan title"),
                "the page shows the new title but the dashboard does not (it shows the old: {})",
                shows("Old plan title")
            );
            true
        } else {
            false
        }
    });
}
