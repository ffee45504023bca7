//! External links: each distinct http(s) URL the pages link to, requested
//! once, politely, for `handbook check --external` (a build never does this).
//!
//! The rules, in the order a URL meets them:
//!
//! - A link counts when it leaves the site and starts with `http://`,
//!   `https://` or `//` (taken as `https:`). Its fragment is dropped before
//!   anything else: it is never sent, and `x#a` and `x#b` are one URL.
//! - Skipped, never requested: URLs matching `[links] external_skip` or
//!   `--external-skip` (a pattern with `*?[{` is a glob, any other a prefix;
//!   matched against the URL as written and as normalised), and hosts that are
//!   reserved and cannot be a public site (`localhost`, `example.com`/`.net`/
//!   `.org`, `*.example`, `*.test`, `*.invalid`, `*.local`, `*.localhost`).
//! - Answered from the cache when it was found working less than
//!   `external_cache_hours` ago. Failures are always requested again.
//! - Otherwise requested: `HEAD`, then `GET` when `HEAD` is refused (405, 403,
//!   501); the body is never read. Redirects are followed up to
//!   [`Limits::max_redirects`]; a chain that comes back to a URL it passed is
//!   a redirect loop, and a redirect to anything but http(s) (`file:`,
//!   `mailto:`) is broken, never followed. A 2xx at the end is working, any
//!   other status broken.
//! - Timeouts, dropped connections, 429 and 5xx are tried again, after
//!   0.5 s, then 1 s ([`Limits::retries`] times; a timeout only once, as it
//!   already cost the whole timeout). A `Retry-After` of up to
//!   [`Limits::max_retry_after`] is waited for, and holds back every request
//!   to that host meanwhile; a longer one is not waited for.
//! - Politeness: at most [`Limits::per_host`] requests at a time to one host
//!   (scheme, name and port), [`Limits::workers`] at a time overall.
//!
//! Each link to a URL that does not work becomes a diagnostic at the link's
//! file, line and column, so a URL linked from three pages is reported three
//! times but requested once.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError, mpsc};
use std::time::{Duration, Instant, SystemTime};

use globset::{Glob, GlobSet, GlobSetBuilder};
use indicatif::ProgressBar;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::config::LinksConfig;
use crate::error::{Diagnostic, Position, Severity, Snippet};

/// Where the cache is kept, relative to the handbook's root.
pub const CACHE_FILE: &str = ".handbook-cache/external-links.json";

/// The cache file's format; a file of another version is ignored.
const CACHE_VERSION: u32 = 1;

/// Statuses that mean "not to HEAD": ask again with GET.
const HEAD_REFUSED: [u16; 3] = [403, 405, 501];

/// An external link in a page, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    /// The destination as written (fragment included).
    pub url: String,
    /// The link's text (an image's alt text).
    pub text: String,
    /// The markdown file.
    pub file: PathBuf,
    /// Where in it.
    pub position: Position,
    /// The source line around it, for the diagnostic.
    pub snippet: Snippet,
}

/// Whether `dest` is a link this module checks (`http:`, `https:` or `//`).
pub fn is_web_link(dest: &str) -> bool {
    let dest = dest.trim_start();
    let starts = |prefix: &str| {
        dest.get(..prefix.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(prefix))
    };
    starts("http://") || starts("https://") || dest.starts_with("//")
}

/// What requesting a URL found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "lowercase")]
pub enum Outcome {
    /// A 2xx answer, after any redirects.
    Ok {
        /// The status.
        status: u16,
    },
    /// An answer with any other status.
    Broken {
        /// The status.
        status: u16,
    },
    /// No usable answer.
    Unreachable {
        /// Why: a timeout, a refused connection, a redirect loop, ...
        why: String,
    },
}

impl Outcome {
    /// Whether the link works.
    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok { .. })
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Ok { status } | Outcome::Broken { status } => {
                let reason = ureq::http::StatusCode::from_u16(*status)
                    .ok()
                    .and_then(|s| s.canonical_reason());
                match reason {
                    Some(reason) => write!(f, "{status} {reason}"),
                    None => write!(f, "status {status}"),
                }
            }
            Outcome::Unreachable { why } => f.write_str(why),
        }
    }
}

/// How hard to try, and how politely. The defaults are what `check` uses.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Requests in flight at once to one host (scheme, name, port).
    pub per_host: usize,
    /// Requests in flight at once overall.
    pub workers: usize,
    /// How many times a request is tried again after a 429, a 5xx or a
    /// dropped connection (a timeout: once).
    pub retries: u32,
    /// The wait before the first retry; doubled for each next one.
    pub backoff: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// The longest `Retry-After` waited for.
    pub max_retry_after: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_host: 2,
            workers: 16,
            retries: 2,
            backoff: Duration::from_millis(500),
            max_redirects: 10,
            max_retry_after: Duration::from_secs(30),
        }
    }
}

/// What the command line says about external links.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How long one request may take (`--external-timeout`).
    pub timeout: Duration,
    /// Patterns to skip besides the configuration's (`--external-skip`).
    pub skip: Vec<String>,
    /// Advanced once per URL requested, when given.
    pub progress: Option<ProgressBar>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            timeout: Duration::from_secs(10),
            skip: Vec::new(),
            progress: None,
        }
    }
}

/// Everything [`check`] needs: configuration and command line together.
#[derive(Debug, Clone)]
pub struct Options {
    /// The severity of a broken link; `None` checks nothing (`external = "ignore"`).
    pub severity: Option<Severity>,
    /// URLs never requested.
    pub skip: SkipList,
    /// How long one request may take.
    pub timeout: Duration,
    /// The cache file; `None` for no cache.
    pub cache_file: Option<PathBuf>,
    /// How long a working URL is trusted.
    pub cache_max_age: Duration,
    /// Retries and politeness.
    pub limits: Limits,
    /// Advanced once per URL requested.
    pub progress: Option<ProgressBar>,
}

impl Options {
    /// From `[links]` (read from `config_file`) and the command line, with
    /// the cache in `cache_file`. A bad skip pattern is an error saying where
    /// it was written.
    pub fn new(
        config: &LinksConfig,
        config_file: Option<&Path>,
        cache_file: Option<PathBuf>,
        settings: &Settings,
    ) -> Result<Options, Diagnostic> {
        let mut skip = SkipList::default();
        for pattern in &config.external_skip {
            skip.add(pattern).map_err(|why| {
                Diagnostic::error(
                    crate::error::Code::ConfigInvalid,
                    config_file.map(Path::to_path_buf),
                    format!("the external_skip pattern `{pattern}` is not a valid glob: {why}"),
                )
                .hint(
                    "fix the pattern in [links] external_skip; without *?[{ a pattern is a prefix",
                )
            })?;
        }
        for pattern in &settings.skip {
            skip.add(pattern).map_err(|why| {
                Diagnostic::error(
                    crate::error::Code::ConfigInvalid,
                    None,
                    format!("--external-skip `{pattern}` is not a valid glob: {why}"),
                )
                .hint("quote the pattern for the shell; without *?[{ a pattern is a prefix")
            })?;
        }
        skip.build().map_err(|why| {
            Diagnostic::error(
                crate::error::Code::ConfigInvalid,
                config_file.map(Path::to_path_buf),
                format!("the external_skip patterns cannot be used together: {why}"),
            )
        })?;
        Ok(Options {
            severity: config.external.severity(),
            skip,
            timeout: settings.timeout,
            cache_file,
            cache_max_age: Duration::from_secs(config.external_cache_hours.saturating_mul(3600)),
            limits: Limits::default(),
            progress: settings.progress.clone(),
        })
    }
}

/// URLs never requested: globs and prefixes.
#[derive(Debug, Clone, Default)]
pub struct SkipList {
    prefixes: Vec<String>,
    globs: Vec<Glob>,
    set: GlobSet,
}

impl SkipList {
    /// Adds a pattern: a glob when it has `*?[{`, else a prefix.
    pub fn add(&mut self, pattern: &str) -> Result<(), String> {
        let pattern = pattern.trim();
        if pattern.contains(['*', '?', '[', '{']) {
            self.globs
                .push(Glob::new(pattern).map_err(|e| e.kind().to_string())?);
        } else if !pattern.is_empty() {
            self.prefixes.push(pattern.to_string());
        }
        Ok(())
    }

    /// Compiles the globs added so far.
    pub fn build(&mut self) -> Result<(), String> {
        let mut builder = GlobSetBuilder::new();
        for glob in &self.globs {
            builder.add(glob.clone());
        }
        self.set = builder.build().map_err(|e| e.to_string())?;
        Ok(())
    }

    /// Whether `url` is to be skipped.
    pub fn matches(&self, url: &str) -> bool {
        self.prefixes.iter().any(|p| url.starts_with(p.as_str())) || self.set.is_match(url)
    }
}

/// Hosts that are reserved for examples, tests and local machines (RFC 2606,
/// 6761, 6762): never a public site, so links to them are not requested.
fn reserved_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let is_or_under = |name: &str| host == name || host.ends_with(&format!(".{name}"));
    ["localhost", "example", "test", "invalid", "local"]
        .iter()
        .chain(&["example.com", "example.net", "example.org"])
        .any(|name| is_or_under(name))
}

/// The URL to request for `dest`: parsed, normalised, fragment dropped.
fn request_url(dest: &str) -> Result<Url, String> {
    let dest = dest.trim();
    let written = if dest.starts_with("//") {
        format!("https:{dest}")
    } else {
        dest.to_string()
    };
    let mut url = Url::parse(&written).map_err(|e| format!("not a valid URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err("not a valid http(s) URL".into());
    }
    url.set_fragment(None);
    Ok(url)
}

/// What one request limit counts: scheme, host and port.
fn host_key(url: &Url) -> String {
    format!(
        "{}://{}:{}",
        url.scheme(),
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// What a check did and found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// One per link to a URL that does not work (and bad settings).
    pub diagnostics: Vec<Diagnostic>,
    /// Distinct URLs linked.
    pub urls: usize,
    /// URLs requested this time.
    pub checked: usize,
    /// URLs answered from the cache.
    pub cached: usize,
    /// URLs skipped (skip list, reserved hosts).
    pub skipped: usize,
    /// HTTP requests sent, retries and redirects included.
    pub requests: usize,
    /// One-line notes (the cache could not be read or written, ...).
    pub notices: Vec<String>,
}

impl Report {
    /// A one-line summary for the terminal.
    pub fn summary(&self) -> String {
        format!(
            "external links: {} URL(s): {} requested ({} request(s)), {} from the cache, {} skipped",
            self.urls, self.checked, self.requests, self.cached, self.skipped
        )
    }
}

/// Checks every distinct URL of `links` once and reports each link to one
/// that does not work. Never fails: problems are in the report.
pub fn check(links: &[ExternalLink], options: &Options) -> Report {
    let mut report = Report::default();
    let Some(severity) = options.severity else {
        report
            .notices
            .push("external links are not checked: [links] external = \"ignore\"".into());
        return report;
    };
    // Distinct URLs, in the order first linked; each with its links.
    let mut order: Vec<String> = Vec::new();
    let mut by_key: HashMap<String, (Result<Url, String>, Vec<usize>)> = HashMap::new();
    for (i, link) in links.iter().enumerate() {
        let url = request_url(&link.url);
        let key = match &url {
            Ok(u) => u.as_str().to_string(),
            Err(_) => link.url.trim().to_string(),
        };
        by_key
            .entry(key.clone())
            .or_insert_with(|| {
                order.push(key);
                (url, Vec::new())
            })
            .1
            .push(i);
    }
    report.urls = order.len();

    let now = unix_now();
    let (mut cache, problem) = options
        .cache_file
        .as_deref()
        .map(Cache::load)
        .unwrap_or_default();
    report.notices.extend(problem);
    let loaded = cache.clone();
    let max_age = options.cache_max_age.as_secs();
    let mut outcomes: HashMap<&str, Outcome> = HashMap::new();
    let mut jobs: Vec<(&str, &Url)> = Vec::new();
    for key in &order {
        let (url, link_ids) = &by_key[key];
        let written = |i: usize| links[i].url.split('#').next().unwrap_or("").trim();
        let skipped = link_ids.iter().any(|&i| options.skip.matches(written(i)))
            || url.as_ref().is_ok_and(|url| {
                options.skip.matches(url.as_str()) || url.host_str().is_some_and(reserved_host)
            });
        if skipped {
            report.skipped += 1;
            continue;
        }
        let url = match url {
            Ok(url) => url,
            Err(why) => {
                outcomes.insert(key, Outcome::Unreachable { why: why.clone() });
                continue;
            }
        };
        match cache.entries.get(key.as_str()) {
            Some(entry) if entry.outcome.is_ok() && now.saturating_sub(entry.at) < max_age => {
                report.cached += 1;
                outcomes.insert(key, entry.outcome.clone());
            }
            _ => jobs.push((key, url)),
        }
    }

    report.checked = jobs.len();
    if let Some(bar) = &options.progress {
        bar.set_length(jobs.len() as u64);
    }
    let requests = AtomicUsize::new(0);
    let results = request_all(&jobs, options, &requests);
    report.requests = requests.into_inner();
    let now = unix_now();
    for ((key, _), outcome) in jobs.iter().zip(results) {
        cache.entries.insert(
            key.to_string(),
            CacheEntry {
                at: now,
                outcome: outcome.clone(),
            },
        );
        outcomes.insert(key, outcome);
    }

    if let Some(file) = &options.cache_file {
        // Only URLs still linked are kept, so the file does not grow forever.
        cache.entries.retain(|k, _| by_key.contains_key(k));
        if cache != loaded
            && let Err(e) = cache.save(file)
        {
            report.notices.push(format!(
                "the external link cache {} was not saved ({e}); the next run requests every URL again",
                file.display()
            ));
        }
    }

    for key in &order {
        let Some(outcome) = outcomes.get(key.as_str()) else {
            continue;
        };
        if outcome.is_ok() {
            continue;
        }
        for &i in &by_key[key].1 {
            report
                .diagnostics
                .push(diagnostic(&links[i], outcome, severity, options.timeout));
        }
    }
    report
        .diagnostics
        .sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
    report
}

fn diagnostic(
    link: &ExternalLink,
    outcome: &Outcome,
    severity: Severity,
    timeout: Duration,
) -> Diagnostic {
    let skip = "add it to [links] external_skip";
    let hint = match outcome {
        Outcome::Broken { status: 404 | 410 } => {
            "the page is gone: link to where it moved (a web archive copy may help) or remove the link".to_string()
        }
        Outcome::Broken { status: 401 | 403 } => format!(
            "the site wants a login or refuses link checkers: if the link works in a browser, {skip}"
        ),
        Outcome::Broken { status: 429 } => {
            format!("the site limits how often it may be asked: run again later, or {skip}")
        }
        Outcome::Broken { status } if *status >= 500 => {
            "the site has a server error: check it in a browser, and run again later".to_string()
        }
        Outcome::Unreachable { why } if why.starts_with("redirect loop") => format!(
            "the site redirects in a circle (it may want cookies): link to the page it means, or {skip}"
        ),
        Outcome::Unreachable { why } if why.contains("which is not a web page") => {
            "the site sends readers away from the web: link to the page it means, or remove the link"
                .to_string()
        }
        Outcome::Unreachable { why } if why.starts_with("no answer within") => format!(
            "check it in a browser; if it is only slow, raise --external-timeout (now {} s), or {skip}",
            timeout.as_secs_f32()
        ),
        _ => format!(
            "check the link in a browser; if it is only reachable inside your network, {skip}"
        ),
    };
    let mut d = Diagnostic::error(
        crate::error::Code::LinkExternal,
        link.file.clone(),
        format!(
            "broken external link [{}]({}): {outcome}",
            link.text, link.url
        ),
    )
    .at(link.position)
    .with_snippet(link.snippet.clone())
    .hint(hint);
    d.severity = severity;
    d
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The cache file: per URL, what was found and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Cache {
    version: u32,
    entries: BTreeMap<String, CacheEntry>,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            version: CACHE_VERSION,
            entries: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct CacheEntry {
    /// When, in seconds since 1970.
    at: u64,
    #[serde(flatten)]
    outcome: Outcome,
}

impl Cache {
    /// Reads `file`; a missing file is an empty cache, a bad one an empty
    /// cache and a notice (it is written anew at the end).
    fn load(file: &Path) -> (Cache, Option<String>) {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Cache::default(), None),
            Err(e) => {
                return (
                    Cache::default(),
                    Some(format!(
                        "the external link cache {} was not read: {e}",
                        file.display()
                    )),
                );
            }
        };
        match serde_json::from_str::<Cache>(&text) {
            Ok(cache) if cache.version == CACHE_VERSION => (cache, None),
            Ok(_) => (Cache::default(), None),
            Err(e) => (
                Cache::default(),
                Some(format!(
                    "the external link cache {} is damaged ({e}); every URL is requested again",
                    file.display()
                )),
            ),
        }
    }

    /// Writes the cache through a temporary file, so a reader never sees half of it.
    /// The folder gets a `.gitignore` of `*`, so it is never committed.
    fn save(&self, file: &Path) -> std::io::Result<()> {
        if let Some(dir) = file.parent() {
            crate::cache_file::ignore_in_git(dir, "written by handbook check --external")?;
        }
        let json = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        crate::cache_file::write_whole(file, json.as_bytes())
    }
}

/// Requests every job's URL on a few threads; the outcomes in job order.
fn request_all(jobs: &[(&str, &Url)], options: &Options, requests: &AtomicUsize) -> Vec<Outcome> {
    if jobs.is_empty() {
        return Vec::new();
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(options.timeout))
        .user_agent(concat!(
            "handbook/",
            env!("CARGO_PKG_VERSION"),
            " (link checker)"
        ))
        .build()
        .into();
    let checker = Checker {
        agent,
        hosts: Hosts::new(options.limits.per_host),
        limits: &options.limits,
        timeout: options.timeout,
        requests,
    };
    // Hosts taken in turn, so that the workers start on many hosts, not
    // all wait for one.
    let order = interleave_by_host(jobs);
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel();
    let work = |sender: mpsc::Sender<(usize, Outcome)>| {
        while let Some(&job) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let outcome = checker.check(jobs[job].1);
            if let Some(bar) = &options.progress {
                bar.inc(1);
            }
            let _ = sender.send((job, outcome));
        }
    };
    std::thread::scope(|scope| {
        let work = &work;
        let mut started = 0;
        for n in 0..options.limits.workers.clamp(1, jobs.len()) {
            let sender = sender.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("link-check-{n}"))
                .spawn_scoped(scope, move || work(sender));
            started += usize::from(spawned.is_ok());
        }
        if started == 0 {
            // No thread could be started: check them here, one at a time.
            work(sender.clone());
        }
        drop(sender);
    });
    let mut outcomes: Vec<Option<Outcome>> = vec![None; jobs.len()];
    for (job, outcome) in receiver {
        outcomes[job] = Some(outcome);
    }
    outcomes
        .into_iter()
        .map(|o| {
            o.unwrap_or(Outcome::Unreachable {
                why: "not checked".into(),
            })
        })
        .collect()
}

/// Job indices, one host after another in turn.
fn interleave_by_host(jobs: &[(&str, &Url)]) -> Vec<usize> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut hosts: Vec<std::collections::VecDeque<usize>> = Vec::new();
    for (i, (_, url)) in jobs.iter().enumerate() {
        let at = *index.entry(host_key(url)).or_insert_with(|| {
            hosts.push(std::collections::VecDeque::new());
            hosts.len() - 1
        });
        hosts[at].push_back(i);
    }
    let mut order = Vec::with_capacity(jobs.len());
    while order.len() < jobs.len() {
        for list in &mut hosts {
            order.extend(list.pop_front());
        }
    }
    order
}

/// Requests in flight per host, and hosts that asked to be left alone for a while.
struct Hosts {
    limit: usize,
    state: Mutex<HashMap<String, HostState>>,
    changed: Condvar,
}

#[derive(Default)]
struct HostState {
    in_flight: usize,
    not_before: Option<Instant>,
}

/// A request's place in its host's limit, given back when dropped.
struct Slot<'a> {
    hosts: &'a Hosts,
    host: String,
}

impl Hosts {
    fn new(limit: usize) -> Hosts {
        Hosts {
            limit: limit.max(1),
            state: Mutex::new(HashMap::new()),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, HostState>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until `host` has room and is not holding back, and takes a place.
    fn acquire(&self, host: &str) -> Slot<'_> {
        let mut state = self.lock();
        loop {
            let now = Instant::now();
            let entry = state.entry(host.to_string()).or_default();
            let wait = entry.not_before.filter(|&t| t > now).map(|t| t - now);
            if wait.is_none() && entry.in_flight < self.limit {
                entry.in_flight += 1;
                return Slot {
                    hosts: self,
                    host: host.to_string(),
                };
            }
            state = match wait {
                Some(wait) => {
                    self.changed
                        .wait_timeout(state, wait)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
                None => self
                    .changed
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner),
            };
        }
    }

    /// No request to `host` starts before `until`.
    fn hold_back(&self, host: &str, until: Instant) {
        let mut state = self.lock();
        let entry = state.entry(host.to_string()).or_default();
        entry.not_before = entry.not_before.max(Some(until));
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut state = self.hosts.lock();
        if let Some(entry) = state.get_mut(&self.host) {
            entry.in_flight = entry.in_flight.saturating_sub(1);
        }
        drop(state);
        self.hosts.changed.notify_all();
    }
}

/// An HTTP answer, as far as it matters here.
struct Answer {
    status: u16,
    location: Option<String>,
    retry_after: Option<Duration>,
}

/// A request that got no answer.
enum Failure {
    /// The timeout passed.
    Timeout,
    /// The connection broke; worth another try.
    Dropped(String),
    /// Not worth another try (no such host, refused, TLS, ...).
    Final(String),
}

struct Checker<'a> {
    agent: ureq::Agent,
    hosts: Hosts,
    limits: &'a Limits,
    timeout: Duration,
    requests: &'a AtomicUsize,
}

impl Checker<'_> {
    /// Follows `url` to a final answer.
    fn check(&self, url: &Url) -> Outcome {
        let mut chain = vec![url.clone()];
        let mut get = false;
        loop {
            let Some(current) = chain.last() else {
                return Outcome::Unreachable {
                    why: "no URL".into(),
                };
            };
            let answer = match self.request(current, get) {
                Ok(answer) => answer,
                Err(why) => return Outcome::Unreachable { why },
            };
            let status = answer.status;
            if !get && HEAD_REFUSED.contains(&status) {
                get = true;
                continue;
            }
            if !matches!(status, 300 | 301 | 302 | 303 | 307 | 308) {
                return if (200..300).contains(&status) {
                    Outcome::Ok { status }
                } else {
                    Outcome::Broken { status }
                };
            }
            let Some(location) = answer.location else {
                return Outcome::Unreachable {
                    why: format!("a redirect ({status}) that says nowhere to go"),
                };
            };
            let mut next = match current.join(location.trim()) {
                Ok(next) => next,
                Err(e) => {
                    return Outcome::Unreachable {
                        why: format!("a redirect to `{location}`, which is not a URL ({e})"),
                    };
                }
            };
            if !matches!(next.scheme(), "http" | "https") {
                // A web link must lead to a web page: a redirect to `file:`,
                // `mailto:` or `ftp:` is not one a reader can follow (and
                // `file:` is never requested from this machine).
                return Outcome::Unreachable {
                    why: format!(
                        "a redirect to `{next}`, which is not a web page (only http and https are followed)"
                    ),
                };
            }
            next.set_fragment(None);
            if chain.contains(&next) {
                chain.push(next);
                let path: Vec<&str> = chain.iter().map(Url::as_str).collect();
                return Outcome::Unreachable {
                    why: format!("redirect loop: {}", path.join(" -> ")),
                };
            }
            if chain.len() > self.limits.max_redirects {
                return Outcome::Unreachable {
                    why: format!("more than {} redirects", self.limits.max_redirects),
                };
            }
            chain.push(next);
        }
    }

    /// One request, tried again as the rules say; `Err` says why there is no answer.
    fn request(&self, url: &Url, get: bool) -> Result<Answer, String> {
        let host = host_key(url);
        let mut attempt: u32 = 0;
        loop {
            let result = {
                let _slot = self.hosts.acquire(&host);
                self.requests.fetch_add(1, Ordering::Relaxed);
                self.send(url, get)
            };
            let backoff = self
                .limits
                .backoff
                .saturating_mul(2u32.saturating_pow(attempt));
            let again = attempt < self.limits.retries;
            let wait = match &result {
                Ok(a) if again && (a.status == 429 || a.status >= 500) => match a.retry_after {
                    Some(after) if after > self.limits.max_retry_after => None,
                    Some(after) => {
                        self.hosts.hold_back(&host, Instant::now() + after);
                        Some(Duration::ZERO)
                    }
                    None => Some(backoff),
                },
                Err(Failure::Timeout) if attempt == 0 && again => Some(backoff),
                Err(Failure::Dropped(_)) if again => Some(backoff),
                _ => None,
            };
            let Some(wait) = wait else {
                return result.map_err(|f| match f {
                    Failure::Timeout => format!(
                        "no answer within {} s (tried {} times)",
                        self.timeout.as_secs_f32(),
                        attempt + 1
                    ),
                    Failure::Dropped(why) | Failure::Final(why) => why,
                });
            };
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    fn send(&self, url: &Url, get: bool) -> Result<Answer, Failure> {
        let result = if get {
            self.agent.get(url.as_str()).call()
        } else {
            self.agent.head(url.as_str()).call()
        };
        // The body is never read: dropping the answer closes the connection.
        let response = result.map_err(failure)?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        Ok(Answer {
            status: response.status().as_u16(),
            location: header("location"),
            retry_after: header("retry-after").and_then(|v| retry_after(&v, SystemTime::now())),
        })
    }
}

fn failure(e: ureq::Error) -> Failure {
    use std::io::ErrorKind;
    match e {
        ureq::Error::Timeout(_) => Failure::Timeout,
        ureq::Error::HostNotFound => Failure::Final("host not found".into()),
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::ConnectionRefused => Failure::Final("connection refused".into()),
            ErrorKind::TimedOut => Failure::Timeout,
            ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::UnexpectedEof
            | ErrorKind::BrokenPipe => Failure::Dropped(format!("the connection broke: {io}")),
            _ => Failure::Final(format!("network error: {io}")),
        },
        ureq::Error::Tls(why) => Failure::Final(format!("TLS: {why}")),
        ureq::Error::Rustls(e) => Failure::Final(format!("TLS: {e}")),
        ureq::Error::BadUri(why) => Failure::Final(format!("not a valid URL: {why}")),
        ureq::Error::Protocol(e) => Failure::Final(format!("not an HTTP answer: {e}")),
        ureq::Error::ConnectionFailed => Failure::Final("the connection failed".into()),
        other => Failure::Final(other.to_string()),
    }
}

/// `Retry-After`: seconds, or an HTTP date (as a wait from `now`).
fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_recognise_web_links() {
        assert!(is_web_link("https://a.org/x"));
        assert!(is_web_link("HTTP://a.org"));
        assert!(is_web_link("//cdn.a.org/x.js"));
        assert!(!is_web_link("mailto:a@b.org"));
        assert!(!is_web_link("ftp://a.org"));
        assert!(!is_web_link("/handbook/x/"));
        assert!(!is_web_link("h"));
    }

    #[test]
    fn can_drop_the_fragment_and_normalise() {
        let url = request_url("https://Docs.Rust-Lang.org/std#a-fragment").unwrap();
        assert_eq!(url.as_str(), "https://docs.rust-lang.org/std");
        assert_eq!(
            request_url("//cdn.a.org/x.js").unwrap().as_str(),
            "https://cdn.a.org/x.js"
        );
        assert_eq!(
            request_url("https://de.wikipedia.org/wiki/Straße")
                .unwrap()
                .as_str(),
            "https://de.wikipedia.org/wiki/Stra%C3%9Fe"
        );
        assert!(request_url("https://").is_err());
        assert!(request_url("https://exa mple.org/").is_err());
    }

    #[test]
    fn can_key_hosts_by_scheme_name_and_port() {
        let key = |u: &str| host_key(&request_url(u).unwrap());
        assert_eq!(key("https://a.org/x"), key("https://A.org:443/y"));
        assert_ne!(key("https://a.org/"), key("http://a.org/"));
        assert_ne!(key("http://127.0.0.1:80/"), key("http://127.0.0.1:8080/"));
    }

    #[test]
    fn can_skip_by_prefix_and_glob() {
        let mut skip = SkipList::default();
        skip.add("https://intranet.acme.com/").unwrap();
        skip.add("https://*.corp.acme.com/*").unwrap();
        skip.add("*/private/*").unwrap();
        skip.build().unwrap();
        assert!(skip.matches("https://intranet.acme.com/wiki/x"));
        assert!(skip.matches("https://jira.corp.acme.com/browse/X-1"));
        assert!(skip.matches("https://a.org/private/y"));
        assert!(!skip.matches("https://acme.com/"));
        assert!(!skip.matches("https://intranet.acme.co/"));
        assert!(SkipList::default().add("https://a.org/[").is_err());
    }

    #[test]
    fn reserved_hosts_are_never_public() {
        for host in [
            "localhost",
            "app.localhost",
            "example.com",
            "www.example.org",
            "acme.example",
            "x.test",
            "printer.local",
            "EXAMPLE.NET.",
        ] {
            assert!(reserved_host(host), "{host}");
        }
        for host in ["127.0.0.1", "example.co", "myexample.com", "github.com"] {
            assert!(!reserved_host(host), "{host}");
        }
    }

    #[test]
    fn jobs_take_hosts_in_turn() {
        let urls: Vec<Url> = [
            "http://a.org/1",
            "http://a.org/2",
            "http://a.org/3",
            "http://b.org/1",
            "http://c.org/1",
            "http://b.org/2",
        ]
        .iter()
        .map(|u| request_url(u).unwrap())
        .collect();
        let jobs: Vec<(&str, &Url)> = urls.iter().map(|u| (u.as_str(), u)).collect();
        assert_eq!(interleave_by_host(&jobs), [0, 3, 4, 1, 5, 2]);
    }

    #[test]
    fn can_read_retry_after() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after(&httpdate::fmt_http_date(now + Duration::from_secs(5)), now),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            retry_after(&httpdate::fmt_http_date(now - Duration::from_secs(5)), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(retry_after("-1", now), None);
    }

    #[test]
    fn outcomes_read_as_status_and_reason() {
        assert_eq!(Outcome::Broken { status: 404 }.to_string(), "404 Not Found");
        assert_eq!(Outcome::Broken { status: 599 }.to_string(), "status 599");
        let why = "redirect loop: a -> b -> a".to_string();
        assert_eq!(Outcome::Unreachable { why: why.clone() }.to_string(), why);
    }

    #[test]
    fn hosts_never_exceed_their_limit() {
        let hosts = Hosts::new(2);
        let in_flight = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..5 {
                        let _slot = hosts.acquire("h");
                        let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(2));
                        in_flight.fetch_sub(1, Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(most.into_inner(), 2);
    }

    #[test]
    fn a_held_back_host_waits() {
        let hosts = Hosts::new(2);
        let start = Instant::now();
        hosts.hold_back("h", start + Duration::from_millis(150));
        drop(hosts.acquire("other"));
        assert!(start.elapsed() < Duration::from_millis(100));
        drop(hosts.acquire("h"));
        assert!(start.elapsed() >= Duration::from_millis(150));
    }

    #[test]
    fn cache_round_trips_and_a_damaged_one_is_a_notice() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c/external-links.json");
        let mut cache = Cache::default();
        cache.entries.insert(
            "https://a.org/".into(),
            CacheEntry {
                at: 5,
                outcome: Outcome::Ok { status: 200 },
            },
        );
        cache.entries.insert(
            "https://b.org/".into(),
            CacheEntry {
                at: 6,
                outcome: Outcome::Unreachable { why: "x".into() },
            },
        );
        cache.save(&file).unwrap();
        assert_eq!(Cache::load(&file), (cache, None));
        assert!(dir.path().join("c/.gitignore").is_file());
        std::fs::write(&file, "{ not json").unwrap();
        let (empty, notice) = Cache::load(&file);
        assert!(empty.entries.is_empty());
        assert!(notice.unwrap().contains("damaged"));
        assert_eq!(
            Cache::load(&dir.path().join("none.json")),
            (Cache::default(), None)
        );
    }
}
