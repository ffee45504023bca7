//! How long from a file being written to the dev server sending the reload
//! message, for a body edit, a title edit and a template edit.
//!
//!     cargo bench --bench serve_latency                      # the sample handbook
//!     cargo bench --bench serve_latency -- /tmp/corpus/handbook   # any handbook (copied first)
//!     cargo bench --bench serve_latency -- --body-only HANDBOOK   # body edits only (scripts/bench.sh)
//!
//! The handbook is copied to a temporary folder, `handbook serve --watch` is
//! started on it, and this program listens to its event stream as a browser
//! would, timing each edit until `event: reload` arrives.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[path = "common/mod.rs"]
mod common;
use common::{copy_handbook, count_pages, pick_page};

const ROUNDS: usize = 15;

fn main() {
    let body_only = std::env::args().any(|a| a == "--body-only");
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.to_path_buf());
    let work = tempfile::tempdir().expect("temp dir");
    let root = work.path().join("handbook");
    copy_handbook(&source, &root);
    // A template of the handbook's own, so that a template edit can be timed.
    let template = std::fs::read_to_string(manifest.join("themes/default/templates/page.html"))
        .expect("page.html");
    std::fs::create_dir_all(root.join("templates")).expect("templates");
    std::fs::write(root.join("templates/page.html"), &template).expect("write template");
    let page = pick_page(&root.join("content"));

    let server = Server::start(&root);
    let mut events = server.events();
    println!(
        "handbook: {} ({} pages), edited page: {}",
        source.display(),
        count_pages(&root.join("content")),
        page.display()
    );

    let original = std::fs::read_to_string(&page).expect("read page");
    let body = time_edits(&mut events, |n| {
        std::fs::write(&page, format!("{original}\nAn added line, edit {n}.\n")).expect("edit");
    });
    report("body edit", &body);
    if body_only {
        std::fs::write(&page, &original).expect("restore");
        server.stop();
        return;
    }
    let title = time_edits(&mut events, |n| {
        std::fs::write(&page, retitle(&original, &format!("Retitled page {n}"))).expect("edit");
    });
    report("title edit", &title);
    std::fs::write(&page, &original).expect("restore");
    let _ = events.wait_for("event: reload", Duration::from_secs(120));
    let tpl = time_edits(&mut events, |n| {
        std::fs::write(
            root.join("templates/page.html"),
            format!("{template}{{# edit {n} #}}\n"),
        )
        .expect("edit");
    });
    report("template edit", &tpl);
    server.stop();
}

/// Edits `ROUNDS` times, timing each from just before the write to the reload event.
fn time_edits(events: &mut Events, mut edit: impl FnMut(usize)) -> Vec<Duration> {
    let mut times = Vec::with_capacity(ROUNDS);
    for n in 0..ROUNDS {
        // Let the file system's timestamps move on, and any earlier rebuild settle.
        std::thread::sleep(Duration::from_millis(150));
        let start = Instant::now();
        edit(n);
        match events.wait_for("event: reload", Duration::from_secs(120)) {
            Some(()) => times.push(start.elapsed()),
            None => panic!("no reload event after edit {n}"),
        }
    }
    times
}

fn report(what: &str, times: &[Duration]) {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let median = ms[ms.len() / 2];
    let p90 = ms[(ms.len() * 9 / 10).min(ms.len() - 1)];
    println!(
        "{what:<14} write -> reload message: median {median:7.1} ms, p90 {p90:7.1} ms, min {:7.1} ms ({} edits)",
        ms[0],
        ms.len()
    );
}

/// The label the navigation shows changed: `navTitle` when the page has one,
/// else `title` (or a title added).
fn retitle(text: &str, title: &str) -> String {
    let key = if text.lines().any(|l| l.starts_with("navTitle:")) {
        "navTitle:"
    } else {
        "title:"
    };
    let mut out = String::new();
    let mut done = false;
    for (i, line) in text.lines().enumerate() {
        if !done && i > 0 && line.starts_with(key) {
            out.push_str(&format!("{key} \"{title}\"\n"));
            done = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if done {
        out
    } else {
        format!("---\ntitle: \"{title}\"\n---\n{text}")
    }
}

struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(root: &Path) -> Server {
        let binary = env!("CARGO_BIN_EXE_handbook");
        let mut child = Command::new(binary)
            .args(["serve", "--watch", "--port", "0"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start handbook serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("serving line");
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .expect("address")
            .to_string();
        Server { child, addr }
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        write!(
            stream,
            "GET /_handbook/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        )
        .expect("request");
        let mut events = Events {
            stream,
            seen: String::new(),
        };
        events
            .wait_for("event: state", Duration::from_secs(30))
            .expect("first state event");
        events
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    /// Reads the stream until `marker` arrives; what came before it is dropped.
    fn wait_for(&mut self, marker: &str, limit: Duration) -> Option<()> {
        let deadline = Instant::now() + limit;
        let mut buf = [0u8; 65536];
        loop {
            if let Some(at) = self.seen.find(marker) {
                self.seen.drain(..at + marker.len());
                return Some(());
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            self.stream.set_read_timeout(Some(left)).ok()?;
            let n = self.stream.read(&mut buf).ok()?;
            if n == 0 {
                return None;
            }
            self.seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
}
