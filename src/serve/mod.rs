//! `handbook serve`: the site from memory over HTTP, rebuilt on every save,
//! with live reload and an error overlay.
//!
//! The last good build is kept in memory ([`state::SiteState`]); a build with
//! errors keeps serving it and sends the errors to every open page instead.

pub mod host;
pub mod http;
pub mod state;
pub mod watch;

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use crate::error::Error;
use crate::site::{Build, BuildOptions, Site, Update};

use self::state::{Event, Shared};
use self::watch::{Change, Layout};

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build.
    pub build: BuildOptions,
    /// The address to listen on (loopback unless asked otherwise).
    pub bind: IpAddr,
    /// The port; 0 picks any free one.
    pub port: u16,
    /// Whether the port was chosen by the user (then a taken port is an error).
    pub port_given: bool,
    /// Rebuild on changes.
    pub watch: bool,
    /// Open a browser at the site.
    pub open: bool,
    /// Host names answered besides loopback and the bind address, as
    /// [`host::allowed_name`] gives them.
    pub allow_hosts: Vec<String>,
    /// How long a connection may stay silent before its request's headers
    /// are in ([`http::HEADER_TIMEOUT`] unless testing).
    pub header_timeout: std::time::Duration,
}

/// Builds the site once, starts the server, and (with `watch`) rebuilds on
/// every change until the process is stopped. `ready` is called with the
/// address once the server listens.
pub fn run(options: ServeOptions, ready: impl FnOnce(SocketAddr, &str)) -> Result<(), Error> {
    let shared = Arc::new(Shared::new());
    let started = Instant::now();
    raise_open_file_limit();
    let mut build = match Site::load(&options.build) {
        Ok(site) => Some(serving(Build::new(site, None))),
        Err(e) => {
            report(&shared, e);
            None
        }
    };
    if let Some(b) = &mut build {
        publish(b, &shared, None, started, "built");
    }
    let base_path = build.as_ref().map_or_else(
        || "/".to_string(),
        |b| b.site.config.base_path().to_string(),
    );
    let layout = layout(build.as_ref(), &options.build);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io(std::path::Path::new("tokio runtime"), e))?;
    let listener = runtime.block_on(http::bind(options.bind, options.port, options.port_given))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::io(std::path::Path::new("socket"), e))?;
    ready(addr, &base_path);
    if options.open {
        open_browser(&format!("http://{addr}{base_path}"));
    }
    // Kept alive for as long as the server runs.
    let _watcher = if options.watch {
        let watch = watch::watch(layout).map_err(|e| {
            Error::Handbook(vec![crate::Diagnostic::error(
                crate::error::Code::Serve,
                options.build.root.clone(),
                format!("cannot watch the handbook: {e}"),
            )])
        })?;
        let shared = shared.clone();
        let build_options = options.build.clone();
        let changes = watch.changes;
        std::thread::Builder::new()
            .name("handbook-rebuild".into())
            .spawn(move || {
                while let Ok(batch) = changes.recv() {
                    rebuild(&mut build, &build_options, &shared, &batch);
                }
            })
            .map_err(|e| Error::io(std::path::Path::new("rebuild thread"), e))?;
        Some(watch.watcher)
    } else {
        None
    };
    let rules = http::Rules {
        hosts: host::HostRule::new(options.bind, addr.port(), &options.allow_hosts),
        header_timeout: options.header_timeout,
    };
    runtime.block_on(http::serve(listener, shared, rules));
    Ok(())
}

/// Which folders to watch; from the loaded site, or guessed when it did not load.
fn layout(build: Option<&Build>, options: &BuildOptions) -> Layout {
    // The watcher reports absolute paths; compare them with absolute ones.
    let absolute = |p: &std::path::Path| {
        p.canonicalize()
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    match build {
        Some(b) => Layout {
            config_root: b.site.config_root.as_deref().map(absolute),
            content_dir: absolute(&b.site.content_dir),
            output_dir: absolute(&b.site.output_dir),
            git_dir: watch::git_dir(&absolute(&b.site.content_dir)),
        },
        None => {
            let root = absolute(&options.root);
            let has_config = root.join(crate::config::CONFIG_FILE).is_file();
            Layout {
                content_dir: if has_config {
                    root.join("content")
                } else {
                    root.clone()
                },
                output_dir: root.join("public"),
                git_dir: watch::git_dir(&root),
                config_root: has_config.then_some(root),
            }
        }
    }
}

/// Applies a batch of changes and publishes the result.
fn rebuild(
    build: &mut Option<Build>,
    options: &BuildOptions,
    shared: &Shared,
    changes: &BTreeSet<Change>,
) {
    let started = Instant::now();
    eprintln!("{}", changed_files(changes, &options.root));
    let outcome = match build.as_mut() {
        Some(b) => b.update(changes, options),
        None => Site::load(options).map(|site| {
            *build = Some(serving(Build::new(site, None)));
            Update::Full
        }),
    };
    match (outcome, build.as_mut()) {
        (Ok(update), Some(b)) => {
            let what = match update {
                Update::Pages(n) => format!("rebuilt {n} page(s) of"),
                Update::Full => "rebuilt".to_string(),
            };
            publish(b, shared, Some(changes), started, &what);
        }
        (Err(e), _) => report(shared, e),
        (Ok(_), None) => {}
    }
}

/// "changed: content/a.md, templates/page.html": the files of a batch,
/// relative to the handbook's root (at most five, then how many more).
fn changed_files(changes: &BTreeSet<Change>, root: &std::path::Path) -> String {
    const SHOWN: usize = 5;
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let names: Vec<String> = changes
        .iter()
        .map(|c| {
            let path = match c {
                Change::Content(p)
                | Change::Template(p)
                | Change::Reused(p)
                | Change::Data(p)
                | Change::Static { path: p, .. } => p.as_path(),
                Change::Config => std::path::Path::new(crate::config::CONFIG_FILE),
                Change::Git => std::path::Path::new(".git/HEAD"),
            };
            path.strip_prefix(&root)
                .unwrap_or(path)
                .display()
                .to_string()
        })
        .collect();
    let mut line = format!("changed: {}", names[..names.len().min(SHOWN)].join(", "));
    if names.len() > SHOWN {
        line.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    line
}

/// `build` as serve keeps it: an edit reloads the edited page before the
/// files listing every page (the dashboard, plans.json, ...) are made again.
fn serving(mut build: Build) -> Build {
    build.defer_generated(true);
    build
}

/// Puts what a build changed in place and tells open pages (then makes
/// the files it deferred, which requests wait for), or reports its errors.
fn publish(
    build: &mut Build,
    shared: &Shared,
    changes: Option<&BTreeSet<Change>>,
    started: Instant,
    what: &str,
) {
    match build.changes() {
        Ok(changed) => {
            for w in &changed.warnings {
                eprintln!("{w}");
            }
            let css_only = changes.is_some_and(|c| {
                c.iter()
                    .all(|c| matches!(c, Change::Static { css: true, .. }))
            });
            let pages = changed.pages;
            let deferred = !changed.deferred.is_empty();
            let version = shared.publish(
                changed,
                build.site.config.base_path(),
                &build.site.content_dir,
            );
            shared.send(if css_only {
                Event::Css { version }
            } else {
                Event::Reload { version }
            });
            eprintln!("{what} {pages} pages in {:.1?}", started.elapsed());
            if deferred {
                match build.settle() {
                    Ok(files) => shared.settle(files),
                    Err(problems) => {
                        shared.settle(Vec::new());
                        report(shared, Error::Handbook(problems));
                    }
                }
            }
        }
        Err(e) => report(shared, e),
    }
}

fn report(shared: &Shared, e: Error) {
    let diagnostics = match e {
        Error::Handbook(d) => d,
        other => vec![crate::Diagnostic::error(
            crate::error::Code::Serve,
            None,
            other.to_string(),
        )],
    };
    for d in &diagnostics {
        eprintln!("{d}");
    }
    eprintln!("the build has errors; still serving the last good version");
    shared.set_errors(diagnostics.into_iter().filter(|d| d.is_error()).collect());
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}

/// Raises this process's limit on open files to the most it may have (as Go
/// programs do at start): with the usual 1,024, a burst of silent connections
/// would lock every client out until their header timeout closes them.
#[cfg(unix)]
fn raise_open_file_limit() {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    if limit.current != limit.maximum {
        let raised = rustix::process::Rlimit {
            current: limit.maximum,
            maximum: limit.maximum,
        };
        // Not allowed or not needed: the timeouts still close idle connections.
        let _ = setrlimit(Resource::Nofile, raised);
    }
}

#[cfg(not(unix))]
fn raise_open_file_limit() {}
