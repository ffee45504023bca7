//! `handbook serve` against hostile input, over raw TCP on loopback (a client
//! library would normalise or refuse what we want to send): traversal
//! spellings that `serve_http.rs` does not already try, oversized request
//! lines and headers, and a bounded load of concurrent and stalled
//! connections. After each, the server must still answer a normal request.
//!
//! Every wait has a limit, so a server that hangs fails the test instead of
//! hanging it; all traffic goes to 127.0.0.1 and every loop is bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use crate::common::serving_line;

/// The longest one request may take, even on a busy machine.
const TIMEOUT: Duration = Duration::from_secs(10);
/// In every file that must never be served.
const SECRET: &str = "SECRET-NEXT-TO-THE-HANDBOOK";

/// A handbook in a temp folder (`site/`), with secrets beside its content
/// folder and beside the handbook itself (`outside/`).
struct Handbook {
    dir: tempfile::TempDir,
}

impl Handbook {
    fn new() -> Handbook {
        let dir = tempfile::tempdir().expect("temp dir");
        let h = Handbook { dir };
        h.write("site/handbook.toml", "title = \"T\"\n");
        h.write(
            "site/content/index.md",
            "---\ntitle: Home\n---\n# Welcome home\n\nSee the [setup](guide/setup.md).\n",
        );
        h.write(
            "site/content/guide/index.md",
            "---\ntitle: Guide\n---\nThe guide.\n",
        );
        h.write(
            "site/content/guide/setup.md",
            "---\ntitle: Setup\n---\nThe setup text.\n",
        );
        h.write("site/content/guide/notes.txt", "plain notes\n");
        h.write("site/secret.txt", SECRET);
        h.write("outside/secret.txt", SECRET);
        h
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("folders");
        std::fs::write(p, text).expect("write");
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.dir.path().join(rel)
    }

    fn serve(&self) -> Server {
        self.serve_with(&[])
    }

    /// `handbook serve --port 0 ARGS...`.
    fn serve_with(&self, args: &[&str]) -> Server {
        Server::start(&self.path("site"), args)
    }
}

/// A running `handbook serve --port 0`; killed when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(root: &Path, args: &[&str]) -> Server {
        Server::start_by(Command::new(env!("CARGO_BIN_EXE_handbook")), root, args)
    }

    /// As [`Server::start`], run by `command` (a shell that sets limits first).
    fn start_by(mut command: Command, root: &Path, args: &[&str]) -> Server {
        let mut child = command
            .arg("serve")
            .arg(root)
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start handbook serve");
        let line = serving_line(&mut child);
        let url = line
            .trim()
            .strip_prefix("serving at http://")
            .unwrap_or_else(|| panic!("no `serving at` line, got {line:?}"));
        let addr = url.split('/').next().expect("an address").to_string();
        Server { child, addr }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .set_read_timeout(Some(TIMEOUT))
            .expect("read timeout");
        stream
            .set_write_timeout(Some(TIMEOUT))
            .expect("write timeout");
        stream
    }

    /// Sends `head` (request line and headers, without the blank line) and
    /// reads the whole response of a `Connection: close` exchange.
    fn raw(&self, head: &str) -> Response {
        let mut stream = self.connect();
        let request = format!("{head}\r\nConnection: close\r\n\r\n");
        let started = Instant::now();
        // The server may answer and close before reading all of a huge request.
        let _ = stream.write_all(request.as_bytes());
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        let response = Response::parse(&bytes)
            .unwrap_or_else(|| panic!("no response to {:.80}…", head.escape_debug()));
        assert!(
            started.elapsed() < TIMEOUT,
            "{:.80}…: took {:?}",
            head.escape_debug(),
            started.elapsed()
        );
        response
    }

    /// A well-formed GET of `target`.
    fn get(&self, target: &str) -> Response {
        self.raw(&format!("GET {target} HTTP/1.1\r\nHost: {}", self.addr))
    }

    /// The home page and a page below it are served as usual.
    fn assert_serving(&self, after: &str) {
        let home = self.get("/");
        assert_eq!(home.status, 200, "after {after}: GET /");
        assert!(
            home.body.contains("Welcome home"),
            "after {after}: home page"
        );
        let setup = self.get("/guide/setup/");
        assert_eq!(setup.status, 200, "after {after}: GET /guide/setup/");
        assert!(setup.body.contains("The setup text."), "after {after}");
    }
}

/// A response read off the wire.
#[derive(Debug)]
struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn parse(bytes: &[u8]) -> Option<Response> {
        let text = String::from_utf8_lossy(bytes);
        let (head, body) = text.split_once("\r\n\r\n")?;
        let status = head.split(' ').nth(1)?.parse().ok()?;
        Some(Response {
            status,
            head: head.to_string(),
            body: body.to_string(),
        })
    }
}

/// Reads one response from a keep-alive connection (`Content-Length` bodies only).
fn read_response(reader: &mut BufReader<TcpStream>) -> std::io::Result<(u16, String)> {
    let mut status = 0;
    let mut length = 0usize;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if status == 0 {
            status = l
                .split(' ')
                .nth(1)
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
        } else if let Some((name, value)) = l.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

// ---------------------------------------------------------------------------
// Traversal.

#[test]
fn traversal_spellings_never_leave_the_site() {
    let h = Handbook::new();
    let server = h.serve();
    let secret_path = h.path("outside/secret.txt");
    let absolute = secret_path.to_str().expect("a UTF-8 temp path");
    let targets = vec![
        // Encoded dots and slashes, alone and mixed.
        "/%2e%2e%2fsecret.txt".to_string(),
        "/%2e%2e%2f%2e%2e%2foutside%2fsecret.txt".to_string(),
        "/guide/%2e%2e%2f%2e%2e%2fsecret.txt".to_string(),
        "/guide/.%2e/.%2e/secret.txt".to_string(),
        "/guide/%2e./%2e./secret.txt".to_string(),
        "/guide/..".to_string(),
        "/guide/.".to_string(),
        "/guide/%2e%2e".to_string(),
        // Double-encoded: decoded once they are names, not dot segments.
        "/%252e%252e/secret.txt".to_string(),
        "/%252e%252e%252f%252e%252e%252foutside%252fsecret.txt".to_string(),
        "/guide/..%252f..%252fsecret.txt".to_string(),
        "/..%255c..%255csecret.txt".to_string(),
        // Overlong and look-alike dots and slashes.
        "/%c0%ae%c0%ae/secret.txt".to_string(),
        "/%c0%ae%c0%ae%c0%afsecret.txt".to_string(),
        "/%e0%80%ae%e0%80%ae/secret.txt".to_string(),
        "/%ef%bc%8e%ef%bc%8e/secret.txt".to_string(),
        "/..%u2216secret.txt".to_string(),
        // Backslashes.
        "/guide..%5c..%5csecret.txt".to_string(),
        "/guide%5c..%5c..%5csecret.txt".to_string(),
        "/..%5csecret.txt".to_string(),
        "/guide/..\\..\\secret.txt".to_string(),
        "/\\..\\secret.txt".to_string(),
        // NUL bytes.
        "/secret.txt%00".to_string(),
        "/%00/../secret.txt".to_string(),
        "/guide/notes.txt%00../../secret.txt".to_string(),
        "/guide%00/setup/".to_string(),
        // Absolute paths: the secret's own path, in several spellings.
        absolute.to_string(),
        format!("/{absolute}"),
        absolute.replace('/', "%2f"),
        format!("/..{absolute}"),
        format!("file://{absolute}"),
        // The absolute form of a request target, other hosts included.
        "http://127.0.0.1/%2e%2e/secret.txt".to_string(),
        "http://evil.example/../../outside/secret.txt".to_string(),
        "http://127.0.0.1/..%2f..%2foutside/secret.txt".to_string(),
        // Dot segments that end the path, and ;-parameters.
        "/..;/secret.txt".to_string(),
        "/guide/..;/..;/secret.txt".to_string(),
        // Invalid UTF-8 once decoded.
        "/%ff%fe/../secret.txt".to_string(),
    ];
    for target in &targets {
        for method in ["GET", "HEAD", "POST", "OPTIONS"] {
            let r = server.raw(&format!(
                "{method} {target} HTTP/1.1\r\nHost: {}",
                server.addr
            ));
            assert!(
                (400..500).contains(&r.status),
                "{method} {target}: status {}, want a 4xx",
                r.status
            );
            assert!(
                !r.body.contains(SECRET) && !r.head.contains(SECRET),
                "{method} {target} served the secret"
            );
            assert!(
                !r.body.contains("title = "),
                "{method} {target} served handbook.toml"
            );
        }
    }
    // A Host header is not a path either.
    for host in ["../../outside", "..%2f..", absolute] {
        let r = server.raw(&format!("GET /secret.txt HTTP/1.1\r\nHost: {host}"));
        assert!(!r.body.contains(SECRET), "Host: {host} served the secret");
    }
    // Asterisk and authority forms of the request target.
    for request in [
        "OPTIONS * HTTP/1.1\r\nHost: x".to_string(),
        format!("CONNECT {} HTTP/1.1\r\nHost: x", server.addr),
    ] {
        let r = server.raw(&request);
        assert!(!r.body.contains(SECRET), "{request:?} served the secret");
    }
    // What is in the site is still served, names with dots included.
    let notes = server.get("/guide/notes.txt");
    assert_eq!(notes.status, 200);
    assert_eq!(notes.body, "plain notes\n");
    server.assert_serving("the traversal attempts");
}

// ---------------------------------------------------------------------------
// Oversized requests.

#[test]
fn oversized_urls_and_headers_are_refused_quickly() {
    let h = Handbook::new();
    let server = h.serve();
    let kb100 = 100 * 1024;
    let long_path = format!("/{}", "a".repeat(kb100));
    let long_value = "b".repeat(kb100);
    let many_headers: String = (0..1000)
        .map(|i| format!("\r\nX-Header-{i}: {i}"))
        .collect();
    let cases = [
        (
            "a 100 KB URL",
            format!("GET {long_path} HTTP/1.1\r\nHost: x"),
            &[414][..],
        ),
        (
            "a 100 KB query",
            format!("GET /?q={long_value} HTTP/1.1\r\nHost: x"),
            &[414][..],
        ),
        (
            "a 100 KB header",
            format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {long_value}"),
            &[431][..],
        ),
        (
            "a 100 KB cookie over many lines",
            format!(
                "GET / HTTP/1.1\r\nHost: x{}",
                (0..50)
                    .map(|i| format!("\r\nCookie: c{i}={}", "c".repeat(2000)))
                    .collect::<String>()
            ),
            &[431][..],
        ),
        (
            "1000 headers",
            format!("GET / HTTP/1.1\r\nHost: x{many_headers}"),
            &[431][..],
        ),
        (
            "a 100 KB header name",
            format!("GET / HTTP/1.1\r\nHost: x\r\nX-{long_value}: 1"),
            &[431][..],
        ),
    ];
    for (what, request, want) in &cases {
        let started = Instant::now();
        let r = server.raw(request);
        assert!(
            want.contains(&r.status),
            "{what}: status {}, want one of {want:?}",
            r.status
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{what}: answered after {:?}",
            started.elapsed()
        );
        server.assert_serving(what);
    }
    // A request line that never ends: refused once it outgrows the server's
    // buffer, not read forever.
    let mut stream = server.connect();
    let started = Instant::now();
    let chunk = "a".repeat(64 * 1024);
    let _ = stream.write_all(b"GET /");
    let mut refused = false;
    for _ in 0..64 {
        if stream.write_all(chunk.as_bytes()).is_err() {
            refused = true;
            break;
        }
    }
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let status = Response::parse(&bytes).map(|r| r.status);
    assert!(
        refused || matches!(status, Some(400..=499)),
        "an endless request line was neither refused nor answered with a 4xx ({status:?})"
    );
    assert!(started.elapsed() < TIMEOUT, "took {:?}", started.elapsed());
    server.assert_serving("an endless request line");
}

// ---------------------------------------------------------------------------
// Load.

#[test]
fn many_concurrent_and_stalled_connections_leave_it_serving() {
    let h = Handbook::new();
    let server = Arc::new(h.serve());
    // Slowloris: connections that open and send nothing, or half a request.
    let mut stalled: Vec<TcpStream> = (0..40).map(|_| server.connect()).collect();
    for s in stalled.iter_mut().skip(20) {
        s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .expect("half a request");
    }
    let clients = 200;
    let requests = 3;
    let barrier = Arc::new(Barrier::new(clients));
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|i| {
            let server = server.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || -> Result<Duration, String> {
                barrier.wait();
                let began = Instant::now();
                let stream = server.connect();
                let mut writer = stream.try_clone().map_err(|e| e.to_string())?;
                let mut reader = BufReader::new(stream);
                // Keep-alive: several requests on one connection.
                for n in 0..requests {
                    let (path, want) = match (i + n) % 3 {
                        0 => ("/", "Welcome home"),
                        1 => ("/guide/setup/", "The setup text."),
                        _ => ("/guide/notes.txt", "plain notes"),
                    };
                    write!(
                        writer,
                        "GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n",
                        server.addr
                    )
                    .map_err(|e| format!("client {i}: write {path}: {e}"))?;
                    let (status, body) = read_response(&mut reader)
                        .map_err(|e| format!("client {i}: GET {path}: {e}"))?;
                    if status != 200 || !body.contains(want) {
                        return Err(format!("client {i}: GET {path}: status {status}"));
                    }
                }
                let _ = writer.shutdown(Shutdown::Both);
                Ok(began.elapsed())
            })
        })
        .collect();
    let mut slowest = Duration::ZERO;
    for t in threads {
        match t.join().expect("a client thread") {
            Ok(took) => slowest = slowest.max(took),
            Err(e) => panic!("{e}"),
        }
    }
    let total = started.elapsed();
    assert!(
        total < Duration::from_secs(20),
        "{} requests took {total:?}",
        clients * requests
    );
    eprintln!(
        "{} requests on {clients} connections (and {} stalled ones): {total:?}, slowest client {slowest:?}",
        clients * requests,
        stalled.len()
    );
    // The stalled connections are still open, and the server still serves.
    server.assert_serving("the load");
    drop(stalled);
    server.assert_serving("the stalled connections closed");
}

// ---------------------------------------------------------------------------
// DNS rebinding: requests for names that are not ours.

#[test]
fn requests_for_other_host_names_are_refused() {
    let h = Handbook::new();
    let server = h.serve_with(&["--allow-host", "Handbook.Test", "--allow-host", "[fd00::7]"]);
    let port: u16 = server
        .addr
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("a port");
    let other = port.wrapping_add(1);
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("EVIL.example:{port}"),
        format!("localhost:{other}"),
        format!("127.0.0.1:{other}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("handbook.test.evil.example:{port}"),
        format!("[fd00::8]:{port}"),
        "192.168.1.1".to_string(),
        String::new(),
    ] {
        for target in [
            "/",
            "/guide/setup/",
            "/guide/notes.txt",
            "/_handbook/events",
        ] {
            let r = server.raw(&format!("GET {target} HTTP/1.1\r\nHost: {host}"));
            assert_eq!(r.status, 403, "Host: {host:?}, GET {target}: {}", r.head);
            assert!(
                !r.body.contains("Welcome home")
                    && !r.body.contains("setup text")
                    && !r.body.contains("plain notes")
                    && !r.head.to_ascii_lowercase().contains("text/event-stream"),
                "Host: {host:?}, GET {target} answered: {}",
                r.body
            );
            assert!(
                r.body.contains("--allow-host"),
                "the refusal says how to allow a name: {}",
                r.body
            );
        }
    }
    // A request whose absolute-form target names another host.
    let r = server.raw(&format!(
        "GET http://evil.example:{port}/ HTTP/1.1\r\nHost: {}",
        server.addr
    ));
    assert_eq!(r.status, 403, "an absolute-form target for another host");
    // Two Host headers, one of them not ours.
    let r = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: {}\r\nHost: evil.example",
        server.addr
    ));
    assert_ne!(r.status, 200, "two Host headers, one of them not ours");
    assert!(!r.body.contains("Welcome home"));

    // Our own names, in any case, with our port or none.
    for host in [
        server.addr.clone(),
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        "127.0.0.1".to_string(),
        format!("[::1]:{port}"),
        "[::1]".to_string(),
        "handbook.test".to_string(),
        format!("HANDBOOK.test:{port}"),
        format!("[fd00::7]:{port}"),
    ] {
        let r = server.raw(&format!("GET / HTTP/1.1\r\nHost: {host}"));
        assert_eq!(r.status, 200, "Host: {host:?}: {}", r.body);
        assert!(r.body.contains("Welcome home"), "Host: {host:?}");
    }
    // The live-reload stream answers our names.
    let mut stream = server.connect();
    write!(
        stream,
        "GET /_handbook/events HTTP/1.1\r\nHost: localhost:{port}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("request the events");
    let head = read_head(&mut stream);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    // HTTP/1.0 without a Host: no browser sends that, so it is answered.
    let mut stream = server.connect();
    stream
        .write_all(b"GET / HTTP/1.0\r\n\r\n")
        .expect("an HTTP/1.0 request");
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let r = Response::parse(&bytes).expect("a response");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Welcome home"));
}

/// The response head of a request sent on `stream`, up to the blank line.
fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

// ---------------------------------------------------------------------------
// Silent connections are closed; the live-reload stream is not.

/// Whether the server closes `stream` before `deadline`, reading (and
/// dropping) whatever it sends first.
fn closed_before(stream: &mut TcpStream, deadline: Instant) -> bool {
    let mut buf = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return false;
        }
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return false;
            }
            // Reset by the server: closed too.
            Err(_) => return true,
        }
    }
}

#[test]
fn silent_and_slow_connections_are_closed_and_others_served() {
    let h = Handbook::new();
    // A one-second header timeout, so that the test is quick.
    let server = h.serve_with(&["--watch", "--header-timeout-ms", "1000"]);
    let started = Instant::now();

    // The live-reload stream, open before and after the timeout.
    let mut live = server.connect();
    write!(
        live,
        "GET /_handbook/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        server.addr
    )
    .expect("request the events");
    let head = read_head(&mut live);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");

    // Connections that send nothing, one that sends its headers a byte at a
    // time, and a keep-alive one left idle after its first response.
    let mut silent: Vec<TcpStream> = (0..200).map(|_| server.connect()).collect();
    let mut slow = server.connect();
    slow.write_all(format!("GET / HTTP/1.1\r\nHost: {}\r\n", server.addr).as_bytes())
        .expect("the start of a request");
    let idle = server.connect();
    let mut idle_writer = idle.try_clone().expect("clone");
    let mut idle = BufReader::new(idle);
    write!(
        idle_writer,
        "GET / HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .expect("a request");
    let (status, body) = read_response(&mut idle).expect("a response on the keep-alive connection");
    assert_eq!(status, 200);
    assert!(body.contains("Welcome home"));

    // Others are served meanwhile.
    server.assert_serving("200 silent connections");

    // The slow one is closed once its time is up, however it trickles.
    let deadline = Instant::now() + Duration::from_secs(8);
    let mut slow_closed = None;
    for byte in b"X-Slow: ".iter().cycle().take(80) {
        if slow.write_all(&[*byte]).is_err()
            || closed_before(&mut slow, Instant::now() + Duration::from_millis(100))
        {
            slow_closed = Some(started.elapsed());
            break;
        }
        if Instant::now() > deadline {
            break;
        }
    }
    let slow_closed = slow_closed.unwrap_or_else(|| {
        panic!(
            "a slow request was still open after {:?}",
            started.elapsed()
        )
    });
    // The silent ones and the idle one are closed too.
    let deadline = Instant::now() + Duration::from_secs(8);
    for (i, s) in silent.iter_mut().enumerate() {
        assert!(
            closed_before(s, deadline),
            "silent connection {i} was still open after {:?}",
            started.elapsed()
        );
    }
    assert!(
        closed_before(idle.get_mut(), deadline),
        "an idle keep-alive connection was still open after {:?}",
        started.elapsed()
    );
    eprintln!(
        "slow request closed after {slow_closed:?}, the silent ones by {:?}",
        started.elapsed()
    );

    // Well past the timeout, the live-reload stream still tells of edits.
    std::thread::sleep(Duration::from_millis(1500).saturating_sub(started.elapsed()));
    h.write(
        "site/content/guide/setup.md",
        "---\ntitle: Setup\n---\nThe setup text. Edited.\n",
    );
    let deadline = Instant::now() + TIMEOUT;
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("event: reload") {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            !left.is_zero(),
            "no reload on the live stream: {}",
            String::from_utf8_lossy(&seen)
        );
        live.set_read_timeout(Some(left)).expect("timeout");
        match live.read(&mut buf) {
            Ok(0) => panic!(
                "the live stream was closed after {:?}: {}",
                started.elapsed(),
                String::from_utf8_lossy(&seen)
            ),
            Ok(n) => seen.extend_from_slice(&buf[..n]),
            Err(e) => panic!("the live stream: {e}"),
        }
    }
    let setup = server.get("/guide/setup/");
    assert!(
        setup.body.contains("The setup text. Edited."),
        "{}",
        setup.body
    );
    server.assert_serving("the silent connections closed");
}

#[test]
fn a_burst_of_silent_connections_past_the_usual_file_limit_leaves_it_serving() {
    let h = Handbook::new();
    // Started with the usual soft limit of 1,024 open files.
    let mut shell = Command::new("sh");
    shell.args([
        "-c",
        "ulimit -Sn 1024 && exec \"$0\" \"$@\"",
        env!("CARGO_BIN_EXE_handbook"),
    ]);
    // Silent connections are closed only after a minute, long after this test.
    let server = Server::start_by(shell, &h.path("site"), &["--header-timeout-ms", "60000"]);
    let mut silent = Vec::new();
    for _ in 0..1100 {
        match TcpStream::connect(&server.addr) {
            Ok(stream) => silent.push(stream),
            Err(e) => {
                println!(
                    "skipped: this test process cannot open 1,100 sockets ({e}); raise `ulimit -n`"
                );
                return;
            }
        }
    }
    // While all of them are open.
    let started = Instant::now();
    server.assert_serving("1,100 silent connections");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "served only after {:?}",
        started.elapsed()
    );
    drop(silent);
}
