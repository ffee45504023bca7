//! `handbook serve`: the site from memory over HTTP, rebuilt on every save,
//! with live reload and an error overlay.
//!
//! The last good build is kept in memory ([`state::SiteState`]); a build with
//! errors keeps serving it and sends the errors to every open page instead.

pub mod http;
pub mod state;
pub mod watch;

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use crate::error::Error;
use crate::site::{BuildOptions, Site};

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
}

/// Builds the site once, starts the server, and (with `watch`) rebuilds on
/// every change until the process is stopped. `ready` is called with the
/// address once the server listens.
pub fn run(options: ServeOptions, ready: impl FnOnce(SocketAddr, &str)) -> Result<(), Error> {
    let shared = Arc::new(Shared::new());
    let site = rebuild(&options.build, &shared, None);
    let base_path = site
        .as_ref()
        .map(|s| s.config.base_path().to_string())
        .unwrap_or_else(|| "/".into());
    // The watcher reports absolute paths; compare them with absolute ones.
    let absolute = |p: &std::path::Path| {
        p.canonicalize()
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let layout = site.as_ref().map(|s| Layout {
        config_root: s.config_root.as_deref().map(absolute),
        content_dir: absolute(&s.content_dir),
        output_dir: absolute(&s.output_dir),
    });
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
    let _watcher = match (options.watch, layout) {
        (true, Some(layout)) => {
            let watch = watch::watch(layout).map_err(|e| {
                Error::Handbook(vec![crate::Diagnostic::error(
                    options.build.root.clone(),
                    format!("cannot watch the handbook: {e}"),
                )])
            })?;
            let shared = shared.clone();
            let build = options.build.clone();
            let changes = watch.changes;
            std::thread::Builder::new()
                .name("handbook-rebuild".into())
                .spawn(move || {
                    while let Ok(batch) = changes.recv() {
                        rebuild(&build, &shared, Some(&batch));
                    }
                })
                .map_err(|e| Error::io(std::path::Path::new("rebuild thread"), e))?;
            Some(watch.watcher)
        }
        _ => None,
    };
    runtime.block_on(http::serve(listener, shared, base_path));
    Ok(())
}

/// Builds the site into `shared`; on errors keeps the old site and publishes
/// the errors. Returns the loaded site, for its layout.
fn rebuild(
    options: &BuildOptions,
    shared: &Shared,
    changes: Option<&BTreeSet<Change>>,
) -> Option<Site> {
    let started = Instant::now();
    let site = match Site::load(options) {
        Ok(site) => site,
        Err(e) => {
            report(shared, e);
            return None;
        }
    };
    match site.render(None) {
        Ok(rendered) => {
            for w in &rendered.warnings {
                eprintln!("{w}");
            }
            let css_only = changes.is_some_and(|c| {
                c.iter()
                    .all(|c| matches!(c, Change::Static { css: true, .. }))
            });
            let version = shared.publish(rendered.files, site.config.base_path());
            let event = if css_only {
                Event::Css { version }
            } else {
                Event::Reload { version }
            };
            shared.send(event);
            eprintln!(
                "{} {} pages in {:.0?}",
                if changes.is_some() {
                    "rebuilt"
                } else {
                    "built"
                },
                rendered.pages,
                started.elapsed()
            );
        }
        Err(e) => report(shared, e),
    }
    Some(site)
}

fn report(shared: &Shared, e: Error) {
    let diagnostics = match e {
        Error::Handbook(d) => d,
        other => vec![crate::Diagnostic::error(None, other.to_string())],
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
