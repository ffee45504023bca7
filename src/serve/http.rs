//! HTTP: the site from memory at its base path, server-sent events for live
//! reload, and never a file outside the site.

use crate::render::escape_text as escape;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::BroadcastStream;

use super::host::HostRule;
use super::state::{Event, Served, Shared};
use crate::error::{Diagnostic, Error};

const LIVE_JS: &str = include_str!("live.js");

/// Listens on `addr:port`; a taken port moves on to the next free one unless
/// the user asked for that port.
pub async fn bind(addr: IpAddr, port: u16, port_given: bool) -> Result<TcpListener, Error> {
    let mut port = port;
    loop {
        match TcpListener::bind(SocketAddr::new(addr, port)).await {
            Ok(listener) => return Ok(listener),
            Err(e)
                if e.kind() == std::io::ErrorKind::AddrInUse
                    && !port_given
                    && port < u16::MAX
                    && port != 0 =>
            {
                eprintln!("port {port} is taken; trying {}", port + 1);
                port += 1;
            }
            Err(e) => {
                return Err(Error::Handbook(vec![
                    Diagnostic::error(
                        crate::error::Code::Serve,
                        None,
                        format!("cannot listen on {addr}:{port}: {e}"),
                    )
                    .hint("pick another port with --port N, or --port 0 for any free one"),
                ]));
            }
        }
    }
}

/// How long a client may take to send a request's headers, counted from
/// when the connection opens or its last response ended: a connection that
/// stays silent that long (a stalled client, or an idle keep-alive one) is
/// closed, so that silent connections cannot use up the open-file limit.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Who may ask, and how long they may take.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The `Host` values answered.
    pub hosts: HostRule,
    /// See [`HEADER_TIMEOUT`]. A response being sent (the live-reload stream
    /// included) is never cut by it.
    pub header_timeout: Duration,
}

#[derive(Clone)]
struct App {
    shared: Arc<Shared>,
    hosts: Arc<HostRule>,
}

/// Serves until the process ends.
pub async fn serve(listener: TcpListener, shared: Arc<Shared>, rules: Rules) {
    let app = App {
        shared,
        hosts: Arc::new(rules.hosts),
    };
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(rules.header_timeout);
    let mut warned: Option<Instant> = None;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, most likely: wait for connections
                // to end (the timeout ends silent ones), then accept again.
                if warned.is_none_or(|t| t.elapsed() > Duration::from_secs(10)) {
                    eprintln!("cannot accept a connection: {e}");
                    warned = Some(Instant::now());
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |request: Request<hyper::body::Incoming>| {
            let app = app.clone();
            async move { Ok::<_, Infallible>(handle(app, request.map(Body::new)).await) }
        });
        let connection = http.serve_connection(TokioIo::new(stream), service);
        // A connection's error (a timeout, a reset) is its own business.
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
}

/// The most bytes of headers a request may carry: more than a browser sends,
/// cookies included, and far below hyper's own limit (about 400 KB).
const MAX_HEADER_BYTES: usize = 32 * 1024;

/// How long a request for a file being made again after an edit waits for
/// it (the dashboard of 10,000 pages takes about a tenth of a second).
const SETTLE_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

async fn handle(app: App, request: Request<Body>) -> Response {
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "request headers too large",
        )
            .into_response();
    }
    if let Some(refused) = unknown_host(&app.hosts, &request) {
        return refused;
    }
    // The base path follows the config of the last good build.
    let base_path = app.shared.base_path();
    let raw_path = request.uri().path();
    if raw_path == "/" && base_path != "/" || format!("{raw_path}/") == base_path {
        return redirect(&base_path);
    }
    if !raw_path.starts_with(base_path.as_str()) {
        return not_found(&app, &base_path).await;
    }
    let Some(rel) = site_path(raw_path, &base_path) else {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    };
    match rel.as_str() {
        "_handbook/events" => return events(&app).into_response(),
        "_handbook/live.js" => {
            return with_type(
                LIVE_JS.as_bytes().to_vec(),
                "text/javascript; charset=utf-8",
                StatusCode::OK,
            );
        }
        _ => {}
    }
    // Until a build succeeds there is no site: every page shows why.
    let (version, errors) = app.shared.snapshot();
    if version == 0 {
        return build_failed(&errors, &base_path);
    }
    let wanted = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.clone()
    };
    let mut waited = false;
    let found = loop {
        let found = {
            let site = app.shared.site.read().unwrap_or_else(|e| e.into_inner());
            match site.files.get(&wanted) {
                Some(f) => Some((f.clone(), site.version, site.content_root.clone())),
                None if !rel.ends_with('/')
                    && site.files.contains_key(&format!("{rel}/index.html")) =>
                {
                    return redirect(&format!("{base_path}{rel}/"));
                }
                None => None,
            }
        };
        // Made again after an edit, right now: wait for it (once; a file
        // still pending after that is served as it was).
        match found {
            Some((Served::Pending(before), version, root)) => {
                if waited {
                    break before.map(|b| (*b, version, root));
                }
                waited = true;
                app.shared.wait_settled(SETTLE_LIMIT).await;
            }
            found => break found,
        }
    };
    let Some((served, version, content_root)) = found else {
        return not_found(&app, &base_path).await;
    };
    match read(served, &content_root).await {
        Some(bytes) => respond(&wanted, bytes, &base_path, version, StatusCode::OK),
        None => not_found(&app, &base_path).await,
    }
}

/// A 403 saying why, unless every `Host` the request names (its headers
/// and an absolute-form target) is one `hosts` allows. A request without
/// any (HTTP/1.0) is answered: browsers always send one.
fn unknown_host(hosts: &HostRule, request: &Request<Body>) -> Option<Response> {
    let named = request
        .headers()
        .get_all(header::HOST)
        .iter()
        .map(|v| v.to_str().unwrap_or(""))
        .chain(request.uri().authority().map(|a| a.as_str()));
    let refused = named.into_iter().find(|h| !hosts.allows(h))?;
    // Echoed only when it is plainly a host name.
    let shown = if !refused.is_empty()
        && refused.len() <= 255
        && refused
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-_:[]".contains(&b))
    {
        refused
    } else {
        "NAME"
    };
    let name = shown
        .strip_prefix('[')
        .and_then(|n| n.split_once(']').map(|(n, _)| n))
        .unwrap_or_else(|| shown.split(':').next().unwrap_or(shown));
    let body = format!(
        "403 Forbidden: this handbook preview only answers requests for localhost, 127.0.0.1, \
         [::1] or the address it listens on, at its own port; this one was for {shown}.\n\
         That keeps other web sites from reading your drafts (DNS rebinding).\n\
         To preview under this name, start it with: handbook serve --allow-host {name}\n"
    );
    let mut response = with_type(
        body.into_bytes(),
        "text/plain; charset=utf-8",
        StatusCode::FORBIDDEN,
    );
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Some(response)
}

/// What every page shows while no build has succeeded: the errors, in the
/// overlay later failures show over the last good page, and the live script,
/// which reloads into the site once a build succeeds.
fn build_failed(errors: &[Diagnostic], base_path: &str) -> Response {
    let mut html = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>The handbook did not build</title></head><body>\n\
         <div id=\"handbook-errors\" role=\"alert\" style=\"margin:1rem;background:#fff5f5;color:#3b0d0c;\
         border:2px solid #cf222e;border-radius:8px;padding:1rem 1.25rem;\
         font:14px/1.5 ui-monospace,Menlo,Consolas,monospace\">",
    );
    html.push_str(&format!(
        "<strong>The handbook did not build: {} problem(s). There is no good version to show yet; \
         this page reloads once the build succeeds.</strong>",
        errors.len()
    ));
    for e in errors {
        html.push_str(
            "<pre class=\"handbook-error\" style=\"white-space:pre-wrap;margin:.75rem 0 0\">",
        );
        html.push_str(&escape(&e.to_string()));
        html.push_str("</pre>");
    }
    html.push_str("</div>\n</body></html>\n");
    let html = inject_live_script(html.as_bytes(), base_path, 0);
    with_type(
        html,
        "text/html; charset=utf-8",
        StatusCode::INTERNAL_SERVER_ERROR,
    )
}

/// The site's 404 page, with status 404.
async fn not_found(app: &App, base_path: &str) -> Response {
    let found = {
        let site = app.shared.site.read().unwrap_or_else(|e| e.into_inner());
        site.files
            .get("404.html")
            .map(|f| (f.clone(), site.version, site.content_root.clone()))
    };
    match found {
        Some((served, version, root)) => match read(served, &root).await {
            Some(bytes) => respond("404.html", bytes, base_path, version, StatusCode::NOT_FOUND),
            None => (StatusCode::NOT_FOUND, "not found").into_response(),
        },
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// The bytes of a served file. A copied file is read now, and only if it is
/// still a file inside the content folder (it may have been swapped for a
/// link to somewhere else since the build).
async fn read(served: Served, content_root: &std::path::Path) -> Option<Vec<u8>> {
    match served {
        Served::Bytes(b) => Some(b.to_vec()),
        Served::Pending(before) => Box::pin(read(*before?, content_root)).await,
        Served::File(path) => {
            let real = tokio::fs::canonicalize(&path).await.ok()?;
            if !real.starts_with(content_root) {
                return None;
            }
            tokio::fs::read(&real).await.ok()
        }
    }
}

fn respond(
    name: &str,
    bytes: Vec<u8>,
    base_path: &str,
    version: u64,
    status: StatusCode,
) -> Response {
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    if mime.essence_str() == "text/html" {
        let html = inject_live_script(&bytes, base_path, version);
        return with_type(html, "text/html; charset=utf-8", status);
    }
    let content_type = if mime.type_() == "text" || mime.essence_str() == "application/javascript" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    with_type(bytes, &content_type, status)
}

/// The path inside the site for a request path: percent-decoded, under the
/// base path, with no `..`, `.`, backslash or NUL segments. `None` refuses it.
pub fn site_path(raw: &str, base_path: &str) -> Option<String> {
    let rest = raw
        .strip_prefix(base_path)
        .or_else(|| (format!("{raw}/") == base_path).then_some(""))?;
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\\', '\0']) || decoded.starts_with('/') {
        return None;
    }
    if decoded.split('/').any(|s| s == ".." || s == ".") {
        return None;
    }
    Some(decoded.into_owned())
}

fn inject_live_script(html: &[u8], base_path: &str, version: u64) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{base_path}_handbook/live.js\" data-version=\"{version}\" data-events=\"{base_path}_handbook/events\"></script>"
    );
    // Fragments (the nav) have no body and get no script.
    let Some(at) = find_last(html, b"</body>") else {
        return html.to_vec();
    };
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn with_type(bytes: Vec<u8>, content_type: &str, status: StatusCode) -> Response {
    let mut response = (status, bytes).into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    // A rebuild must never leave a stale page in the browser's cache.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn redirect(to: &str) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}

#[derive(serde::Serialize)]
struct ErrorJson {
    text: String,
}

fn errors_json(errors: &[Diagnostic]) -> serde_json::Value {
    let list: Vec<ErrorJson> = errors
        .iter()
        .map(|d| ErrorJson {
            text: d.to_string(),
        })
        .collect();
    serde_json::json!({ "errors": list })
}

fn events(
    app: &App,
) -> Sse<impl tokio_stream::Stream<Item = Result<SseEvent, Infallible>> + use<>> {
    let receiver = app.shared.subscribe();
    let (version, errors) = app.shared.snapshot();
    let mut state = errors_json(&errors);
    state["version"] = serde_json::Value::String(version.to_string());
    let first = tokio_stream::once(Ok(SseEvent::default()
        .event("state")
        .data(state.to_string())));
    let rest = BroadcastStream::new(receiver).filter_map(|event| {
        let event = event.ok()?;
        Some(Ok(match event {
            Event::Reload { version } => SseEvent::default()
                .event("reload")
                .data(format!("{{\"version\":\"{version}\"}}")),
            Event::Css { version } => SseEvent::default()
                .event("css")
                .data(format!("{{\"version\":\"{version}\"}}")),
            Event::Errors(errors) => SseEvent::default()
                .event("errors")
                .data(errors_json(&errors).to_string()),
        }))
    });
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        let base = "/";
        assert_eq!(site_path("/a/b/", base).as_deref(), Some("a/b/"));
        assert_eq!(site_path("/a%20b/", base).as_deref(), Some("a b/"));
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/a/%2E%2E/%2e%2e/x",
            "/..%2fetc",
            "/%2f%2fetc",
            "/a\\..\\b",
            "/x%00",
        ] {
            assert_eq!(site_path(bad, base), None, "{bad}");
        }
    }

    #[test]
    fn paths_outside_the_base_path_are_not_the_site() {
        assert_eq!(
            site_path("/handbook/a/", "/handbook/").as_deref(),
            Some("a/")
        );
        assert_eq!(site_path("/handbook", "/handbook/").as_deref(), Some(""));
        assert_eq!(site_path("/other/", "/handbook/"), None);
    }

    #[test]
    fn live_script_goes_before_body_end() {
        let html = inject_live_script(b"<html><body>x</body></html>", "/", 3);
        let html = String::from_utf8(html).unwrap();
        assert!(
            html.contains("x<script src=\"/_handbook/live.js\" data-version=\"3\""),
            "{html}"
        );
        assert!(html.ends_with("</script></body></html>"));
    }
}
