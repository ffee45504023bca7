//! `handbook check --external`: links to other sites, each URL requested
//! once and politely, reported where they are written. The "other sites" are
//! HTTP servers this file starts on 127.0.0.1; nothing here touches the internet.

use crate::common;

use std::net::SocketAddr;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use common::Fixture;
use serde_json::Value;

/// Requests in flight at once, and the most there ever were.
#[derive(Default)]
struct Gauge {
    now: AtomicUsize,
    most: AtomicUsize,
}

impl Gauge {
    fn enter(self: &Arc<Self>) -> GaugeGuard {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
        GaugeGuard(Arc::clone(self))
    }

    fn most(&self) -> usize {
        self.most.load(Ordering::SeqCst)
    }
}

struct GaugeGuard(Arc<Gauge>);

impl Drop for GaugeGuard {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
    }
}

/// What a server saw.
struct Seen {
    /// Every request: method, request target (path and query), when.
    requests: Mutex<Vec<(String, String, Instant)>>,
    /// This server's requests in flight.
    gauge: Arc<Gauge>,
    /// Requests in flight over every server sharing it.
    all: Arc<Gauge>,
}

/// One local "external site" with the routes the tests link to.
struct Site {
    addr: SocketAddr,
    seen: Arc<Seen>,
    _runtime: tokio::runtime::Runtime,
}

impl Site {
    fn start() -> Site {
        Site::start_sharing(Arc::default())
    }

    /// A server whose requests are also counted in `all`.
    fn start_sharing(all: Arc<Gauge>) -> Site {
        let seen = Arc::new(Seen {
            requests: Mutex::default(),
            gauge: Arc::default(),
            all,
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let app = Router::new()
            .route("/ok", get(|| async { "fine" }))
            .route("/ok-target", get(|| async { "fine" }))
            .route("/moved", get(|| async { redirect("/ok-target") }))
            .route("/missing", get(|| async { StatusCode::NOT_FOUND }))
            .route("/to-file", get(|| async { redirect("file:///etc/passwd") }))
            .route(
                "/to-mail",
                get(|| async { redirect("mailto:someone@acme.com") }),
            )
            .route("/loop/a", get(|| async { redirect("/loop/b") }))
            .route("/loop/b", get(|| async { redirect("/loop/a") }))
            .route(
                "/head-refused",
                get(|| async { "fine" }).head(|| async { StatusCode::METHOD_NOT_ALLOWED }),
            )
            .route("/flaky", get(flaky))
            .route("/busy", get(busy))
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(3)).await;
                    "late"
                }),
            )
            .route(
                "/delay/{n}",
                get(|| async {
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    "fine"
                }),
            )
            .route(
                "/answer/{n}",
                get(|| async {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    "fine"
                }),
            )
            .fallback(|| async { StatusCode::NOT_FOUND })
            .layer(middleware::from_fn_with_state(Arc::clone(&seen), record))
            .with_state(Arc::clone(&seen));
        runtime.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Site {
            addr,
            seen,
            _runtime: runtime,
        }
    }

    /// The URL of `path` on this site.
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// How many requests (any method) went to `path`.
    fn count(&self, path: &str) -> usize {
        self.requests(path).len()
    }

    /// The methods of the requests to `path`, in order.
    fn methods(&self, path: &str) -> Vec<String> {
        self.requests(path).into_iter().map(|(m, _)| m).collect()
    }

    fn requests(&self, path: &str) -> Vec<(String, Instant)> {
        self.seen
            .requests
            .lock()
            .expect("lock")
            .iter()
            .filter(|(_, target, _)| target == path)
            .map(|(m, _, t)| (m.clone(), *t))
            .collect()
    }

    fn total(&self) -> usize {
        self.seen.requests.lock().expect("lock").len()
    }

    fn targets(&self) -> Vec<String> {
        let seen = self.seen.requests.lock().expect("lock");
        seen.iter().map(|(_, target, _)| target.clone()).collect()
    }
}

async fn record(State(seen): State<Arc<Seen>>, request: Request, next: Next) -> Response {
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(String::new, ToString::to_string);
    seen.requests.lock().expect("lock").push((
        request.method().to_string(),
        target,
        Instant::now(),
    ));
    let _here = seen.gauge.enter();
    let _all = seen.all.enter();
    next.run(request).await
}

fn redirect(to: &str) -> Response {
    (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response()
}

/// 500 the first time, then 200.
async fn flaky(State(seen): State<Arc<Seen>>) -> StatusCode {
    if seen_before(&seen, "/flaky") {
        StatusCode::OK
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    }
}

/// 429 with `Retry-After: 1` the first time, then 200.
async fn busy(State(seen): State<Arc<Seen>>) -> (StatusCode, HeaderMap) {
    let mut headers = HeaderMap::new();
    if seen_before(&seen, "/busy") {
        return (StatusCode::OK, headers);
    }
    headers.insert(header::RETRY_AFTER, "1".parse().expect("header value"));
    (StatusCode::TOO_MANY_REQUESTS, headers)
}

/// Whether `path` was asked for before this request.
fn seen_before(seen: &Seen, path: &str) -> bool {
    let requests = seen.requests.lock().expect("lock");
    requests.iter().filter(|(_, t, _)| t == path).count() > 1
}

/// Runs `handbook check ROOT --external ARGS`, with no proxy in the way.
fn check(fixture: &Fixture, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_handbook"));
    cmd.arg("check").arg(fixture.root()).args(args);
    for var in ["http_proxy", "https_proxy", "all_proxy"] {
        cmd.env_remove(var).env_remove(var.to_uppercase());
    }
    cmd.output().expect("run handbook")
}

/// Runs the check with `--format json` and parses what it prints.
fn check_json(fixture: &Fixture, args: &[&str]) -> (Output, Value) {
    let mut all = vec!["--external", "--format", "json"];
    all.extend(args);
    let out = check(fixture, &all);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out, json)
}

/// The 1-based column of `needle` in `line`.
fn column_of(line: &str, needle: &str) -> u64 {
    let byte = line.find(needle).expect("needle in line");
    line[..byte].chars().count() as u64 + 1
}

/// A handbook linking to every route of `site`, some URLs from several pages.
fn linking_to(site: &Site) -> (Fixture, Vec<(&'static str, u64, String)>) {
    let u = |p: &str| site.url(p);
    let home = format!(
        "Start [fine]({}) and [gone]({}).",
        u("/ok#intro"),
        u("/missing")
    );
    let a = format!(
        "Again [fine, again]({}), then ![a loop]({}).",
        u("/ok#other"),
        u("/loop/a")
    );
    let b = format!(
        "[fine]({}) [head]({}) [flaky]({}) [moved]({}) [busy]({}) [slow]({})",
        u("/ok"),
        u("/head-refused"),
        u("/flaky"),
        u("/moved"),
        u("/busy"),
        u("/slow")
    );
    let expected = vec![
        ("content/a.md", column_of(&a, "![a loop]"), "a loop".into()),
        ("content/b.md", column_of(&b, "[slow]"), "slow".into()),
        (
            "content/index.md",
            column_of(&home, "[gone]"),
            "gone".into(),
        ),
    ];
    let fixture = Fixture::new()
        .page("index.md", &format!("# Home\n\n{home}\n"))
        .page("a.md", &format!("---\ntitle: A\n---\n\n{a}\n"))
        .page("b.md", &format!("# B\n\n{b}\n"));
    (fixture, expected)
}

#[test]
fn broken_external_links_are_reported_at_their_file_line_and_column() {
    let site = Site::start();
    let (fixture, expected) = linking_to(&site);
    let (out, json) = check_json(&fixture, &["--external-timeout", "1"]);
    assert!(
        out.status.success(),
        "broken external links are warnings by default: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json["ok"], true);
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    let found: Vec<(String, u64, u64, String, String)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["position"]["line"].as_u64().unwrap_or(0),
                d["position"]["column"].as_u64().unwrap_or(0),
                d["severity"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let lines = [
        ("content/a.md", 5),
        ("content/b.md", 3),
        ("content/index.md", 3),
    ];
    let messages = [
        format!(
            "broken external link [a loop]({}): redirect loop: {} -> {} -> {}",
            site.url("/loop/a"),
            site.url("/loop/a"),
            site.url("/loop/b"),
            site.url("/loop/a")
        ),
        format!(
            "broken external link [slow]({}): no answer within 1 s (tried 2 times)",
            site.url("/slow")
        ),
        format!(
            "broken external link [gone]({}): 404 Not Found",
            site.url("/missing")
        ),
    ];
    let wanted: Vec<(String, u64, u64, String, String)> = expected
        .iter()
        .zip(lines)
        .zip(messages)
        .map(|(((file, col, _), (_, line)), message)| {
            (
                fixture.path(file).display().to_string(),
                line,
                *col,
                "warning".to_string(),
                message,
            )
        })
        .collect();
    assert_eq!(found, wanted);
    for d in diagnostics {
        assert!(d["hint"].as_str().is_some_and(|h| !h.is_empty()), "{d}");
    }
    let external = &json["external"];
    assert_eq!(external["urls"], 8, "{external}");
    assert_eq!(external["checked"], 8, "{external}");
    assert_eq!(external["cached"], 0, "{external}");
}

#[test]
fn each_url_is_requested_once_with_retries_head_fallback_and_redirects() {
    let site = Site::start();
    let (fixture, _) = linking_to(&site);
    let (out, _) = check_json(&fixture, &["--external-timeout", "1"]);
    assert!(out.status.success());
    // Linked three times (twice with a fragment): one request, no fragment sent.
    assert_eq!(site.methods("/ok"), ["HEAD"]);
    assert!(site.targets().iter().all(|t| !t.contains('#')));
    assert_eq!(site.methods("/missing"), ["HEAD"]);
    // HEAD refused: asked again with GET, which works (so no diagnostic).
    assert_eq!(site.methods("/head-refused"), ["HEAD", "GET"]);
    // A 500 is tried again, and the second answer counts.
    assert_eq!(site.methods("/flaky"), ["HEAD", "HEAD"]);
    // A redirect is followed to its target.
    assert_eq!(site.count("/moved"), 1);
    assert_eq!(site.count("/ok-target"), 1);
    // A loop is noticed without going round it twice.
    assert_eq!(site.count("/loop/a"), 1);
    assert_eq!(site.count("/loop/b"), 1);
    // A timeout is tried once more.
    assert_eq!(site.count("/slow"), 2);
    // 429 with Retry-After: 1 is asked again after a second, not before.
    let busy = site.requests("/busy");
    assert_eq!(busy.len(), 2, "{busy:?}");
    let waited = busy[1].1 - busy[0].1;
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
}

#[test]
fn a_warm_cache_requests_nothing_that_worked() {
    let site = Site::start();
    let fixture = Fixture::new().page(
        "index.md",
        &format!(
            "# Home\n\n[fine]({}) [head]({}) [gone]({})\n",
            site.url("/ok"),
            site.url("/head-refused"),
            site.url("/missing")
        ),
    );
    let (_, first) = check_json(&fixture, &[]);
    assert_eq!(first["external"]["checked"], 3, "{first}");
    assert!(
        fixture
            .path(".handbook-cache/external-links.json")
            .is_file()
    );
    assert_eq!(site.total(), 4, "{:?}", site.targets());

    let (_, second) = check_json(&fixture, &[]);
    assert_eq!(second["external"]["cached"], 2, "{second}");
    assert_eq!(second["external"]["checked"], 1, "{second}");
    // Only the failure was asked again, and it is still reported.
    assert_eq!(site.count("/ok"), 1);
    assert_eq!(site.count("/head-refused"), 2);
    assert_eq!(site.count("/missing"), 2);
    assert_eq!(second["diagnostics"].as_array().map(Vec::len), Some(1));

    // With no age trusted, everything is requested again.
    fixture.write(
        "handbook.toml",
        "title = \"T\"\n[links]\nexternal_cache_hours = 0\n",
    );
    let (_, third) = check_json(&fixture, &[]);
    assert_eq!(third["external"]["cached"], 0, "{third}");
    assert_eq!(site.count("/ok"), 2);
}

#[test]
fn a_redirect_away_from_http_is_broken_and_never_cached_as_working() {
    let site = Site::start();
    let fixture = Fixture::new().page(
        "index.md",
        &format!(
            "# Home\n\n[passwd]({}) [mail]({})\n",
            site.url("/to-file"),
            site.url("/to-mail")
        ),
    );
    let wanted = [
        format!(
            "broken external link [passwd]({}): a redirect to `file:///etc/passwd`, which is not a web page (only http and https are followed)",
            site.url("/to-file")
        ),
        format!(
            "broken external link [mail]({}): a redirect to `mailto:someone@acme.com`, which is not a web page (only http and https are followed)",
            site.url("/to-mail")
        ),
    ];
    for run in 1..=2 {
        let (out, json) = check_json(&fixture, &[]);
        assert!(out.status.success(), "{json}");
        let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
        let messages: Vec<&str> = diagnostics
            .iter()
            .map(|d| d["message"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(messages, wanted, "run {run}");
        for d in diagnostics {
            assert_eq!(d["severity"], "warning", "{d}");
            assert!(
                d["hint"]
                    .as_str()
                    .is_some_and(|h| h.contains("away from the web")),
                "{d}"
            );
        }
        // Never answered from the cache: asked again each run, and only once.
        assert_eq!(json["external"]["cached"], 0, "run {run}: {json}");
        assert_eq!(site.count("/to-file"), run);
        assert_eq!(site.count("/to-mail"), run);
    }
    let cache = std::fs::read_to_string(fixture.path(".handbook-cache/external-links.json"))
        .expect("the cache is written");
    let cache: Value = serde_json::from_str(&cache).expect("the cache is JSON");
    let entries = cache["entries"].as_object().expect("entries");
    assert_eq!(entries.len(), 2, "{cache}");
    for (url, entry) in entries {
        assert_ne!(entry["result"], "ok", "{url}: {entry}");
    }
}

#[test]
fn skipped_urls_are_never_requested() {
    let site = Site::start();
    let fixture = Fixture::new()
        .file(
            "handbook.toml",
            &format!(
                "title = \"T\"\n[links]\nexternal_skip = [\"{}\"]\n",
                site.url("/private/*")
            ),
        )
        .page(
            "index.md",
            &format!(
                "# Home\n\n[private]({}) [legacy]({}) [example](https://example.com/x) [fine]({})\n",
                site.url("/private/a"),
                site.url("/legacy/b"),
                site.url("/ok")
            ),
        );
    let legacy = site.url("/legacy");
    let (out, json) = check_json(&fixture, &["--external-skip", &legacy]);
    assert!(out.status.success());
    assert_eq!(site.targets(), ["/ok"]);
    assert_eq!(json["external"]["skipped"], 3, "{json}");
    assert_eq!(json["diagnostics"], Value::Array(Vec::new()));
}

#[test]
fn hosts_are_checked_side_by_side_with_at_most_two_requests_each() {
    let all: Arc<Gauge> = Arc::default();
    let one = Site::start_sharing(Arc::clone(&all));
    let two = Site::start_sharing(Arc::clone(&all));
    let links: String = (1..=6)
        .flat_map(|n| {
            [
                format!("[one {n}]({})\n", one.url(&format!("/delay/{n}"))),
                format!("[two {n}]({})\n", two.url(&format!("/delay/{n}"))),
            ]
        })
        .collect();
    let fixture = Fixture::new().page("index.md", &format!("# Home\n\n{links}"));
    let (out, json) = check_json(&fixture, &[]);
    assert!(out.status.success(), "{json}");
    assert_eq!(json["diagnostics"], Value::Array(Vec::new()));
    assert_eq!((one.total(), two.total()), (6, 6));
    assert_eq!(one.seen.gauge.most(), 2, "one host, two at a time");
    assert_eq!(two.seen.gauge.most(), 2, "one host, two at a time");
    assert!(all.most() >= 3, "hosts in parallel: {}", all.most());
}

#[test]
fn external_error_policy_fails_the_check_with_editor_lines() {
    let site = Site::start();
    let line = format!("See [gone]({}) here.", site.url("/missing"));
    let fixture = Fixture::new()
        .file(
            "handbook.toml",
            "title = \"T\"\n[links]\nexternal = \"error\"\n",
        )
        .page("guide.md", &format!("# Guide\n\n{line}\n"))
        .page("other.md", "# Other\n\n[inside](nowhere.md)\n");
    let out = check(&fixture, &["--external"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let wanted = format!(
        "{}:3:{}: error[link/external]: broken external link [gone]({}): 404 Not Found",
        fixture.path("content/guide.md").display(),
        column_of(&line, "[gone]"),
        site.url("/missing")
    );
    assert!(
        stderr.lines().any(|l| l == wanted),
        "no line {wanted:?} in:\n{stderr}"
    );
    assert!(
        stderr.contains("external links: 1 URL(s): 1 requested"),
        "{stderr}"
    );
    // The site's own problems come in the same run, sorted in with them.
    let internal = format!(
        "{}:3:1: error[link/missing-page]: broken link [inside](nowhere.md)",
        fixture.path("content/other.md").display()
    );
    assert!(stderr.contains(&internal), "no {internal:?} in:\n{stderr}");
    assert!(stderr.contains("failed: 2 error(s)"), "{stderr}");
}

#[test]
fn build_and_check_without_external_make_no_requests() {
    let site = Site::start();
    let fixture = Fixture::new().page(
        "index.md",
        &format!(
            "# Home\n\n[gone]({}) [fine]({})\n",
            site.url("/missing"),
            site.url("/ok")
        ),
    );
    let built = fixture.cli(&[]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let checked = check(&fixture, &[]);
    assert!(checked.status.success());
    assert_eq!(site.total(), 0, "{:?}", site.targets());
    // The build cache is there (render/body_cache.rs); no link was cached.
    assert!(!fixture.path(".handbook-cache/external-links.json").exists());
}

#[test]
fn a_bad_skip_pattern_is_an_error_naming_the_config() {
    let site = Site::start();
    let fixture = Fixture::new()
        .file(
            "handbook.toml",
            "title = \"T\"\n[links]\nexternal_skip = [\"https://a.org/[\"]\n",
        )
        .page(
            "index.md",
            &format!("# Home\n\n[fine]({})\n", site.url("/ok")),
        );
    let (out, json) = check_json(&fixture, &[]);
    assert_eq!(out.status.code(), Some(1));
    let d = &json["diagnostics"][0];
    assert_eq!(
        d["file"],
        fixture.path("handbook.toml").display().to_string()
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap_or("")
            .contains("https://a.org/["),
        "{d}"
    );
    assert_eq!(
        site.total(),
        0,
        "nothing is requested with a broken skip list"
    );
}

#[test]
fn external_options_need_external() {
    let fixture = Fixture::new().page("index.md", "# Home\n");
    let out = check(&fixture, &["--external-timeout", "1"]);
    assert_eq!(out.status.code(), Some(2));
    let out = check(&fixture, &["--external", "--external-timeout", "0"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The figures in the README: 1,000 links (100 pages of 10) to 400 URLs on
/// 4 hosts that each answer in 50 ms, checked cold, then with a warm cache.
/// `cargo test --release --test check_external -- --ignored --nocapture`
#[test]
#[ignore = "a measurement, not a check; run it by name"]
fn measure_cold_and_warm_cache() {
    let all: Arc<Gauge> = Arc::default();
    let hosts: Vec<Site> = (0..4)
        .map(|_| Site::start_sharing(Arc::clone(&all)))
        .collect();
    let mut fixture = Fixture::new();
    for page in 0..100 {
        let links: String = (0..10)
            .map(|i| {
                let n = (page * 10 + i) % 400;
                format!("[l{i}]({})\n", hosts[n % 4].url(&format!("/answer/{n}")))
            })
            .collect();
        fixture = fixture.page(&format!("p{page}.md"), &format!("# P{page}\n\n{links}"));
    }
    let mut times = Vec::new();
    for run in ["cold", "warm"] {
        let start = Instant::now();
        let (out, json) = check_json(&fixture, &[]);
        let took = start.elapsed();
        assert!(out.status.success(), "{json}");
        println!("{run}: {took:.2?} {}", json["external"]);
        times.push(took);
    }
    let total: usize = hosts.iter().map(Site::total).sum();
    assert_eq!(total, 400, "the warm run requests nothing");
    assert!(hosts.iter().all(|h| h.seen.gauge.most() <= 2));
    assert!(times[1] < times[0]);
}

#[test]
fn diagnostics_table_rates_external_links_too() {
    let site = Site::start();
    let fixture = Fixture::new()
        .file(
            "handbook.toml",
            "title = \"T\"\n[diagnostics]\n\"link/external\" = \"error\"\n",
        )
        .page(
            "guide.md",
            &format!("# Guide\n\n[gone]({})\n", site.url("/missing")),
        );
    let (out, json) = check_json(&fixture, &[]);
    assert_eq!(out.status.code(), Some(1), "{json}");
    assert_eq!(json["diagnostics"][0]["code"], "link/external");
    assert_eq!(json["diagnostics"][0]["severity"], "error");
}
