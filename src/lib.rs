//! handbook: a static site generator for company handbooks.
//!
//! The pipeline, one module each: [`content`] loads the folder of markdown,
//! [`analyse`] works out links, navigation and progress, [`render`] turns
//! pages into HTML through the theme, and [`output`] writes the site. [`site`]
//! runs them in order; [`build`] and [`check`] are what the CLI calls.

// Diagnostics are large on purpose (file, position, snippet, hint) and travel
// only on the error path, never in a hot loop.
#![allow(clippy::result_large_err)]

pub mod analyse;
mod cache_file;
pub mod config;
pub mod content;
pub mod edit;
pub mod error;
pub mod output;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod site;
#[cfg(test)]
pub(crate) mod test_support;

use rayon::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// This binary's version and build id (a hash of its sources, theme and
/// dependencies, see build.rs): what the caches kept between builds are
/// made by, and read only by the same.
pub const BUILD: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("HANDBOOK_BUILD_ID"));

pub use crate::error::{Diagnostic, Error, Severity};
pub use crate::site::{Build, BuildOptions, RenderedSite, Site, Update};

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Pages built.
    pub pages: usize,
    /// Where the site is.
    pub output_dir: PathBuf,
    /// What was written.
    pub written: output::WriteStats,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// Notices.
    pub notices: Vec<String>,
    /// How long it took.
    pub elapsed: Duration,
    /// What the build did with the build cache, when it had one.
    pub cache: Option<render::body_cache::CacheReport>,
    /// The work it did, counted (pages whose published file was kept as it
    /// was are not rendered).
    pub stats: site::BuildStats,
}

/// Builds the handbook and writes it, only when it has no errors.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let start = Instant::now();
    let site = Site::load(options)?;
    if let Some(bar) = &options.progress {
        bar.set_length(site.content.pages.len() as u64);
    }
    let output_dir = site.output_dir.clone();
    // Pages are written as they render, beside the output folder; until the
    // commit publishes them all at once, the old output stays as it was, and
    // a failed build (dropping the writer) leaves it so.
    let publish = output::PublishOptions {
        force: options.force,
        on_wait: options.on_wait,
    };
    let writer = std::sync::Arc::new(output::Writer::open_with(&output_dir, &publish)?);
    let rendered = site.render_into(options.progress.as_ref(), &writer)?;
    rendered.files.par_iter().for_each(|f| writer.put(f));
    let published = writer.publish()?;
    let mut notices = rendered.notices;
    notices.extend(published.notices);
    Ok(BuildReport {
        pages: rendered.pages,
        output_dir,
        written: published.stats,
        warnings: rendered.warnings,
        notices,
        cache: rendered.cache,
        stats: rendered.stats,
        elapsed: start.elapsed(),
    })
}

/// Runs everything a build validates, without writing anything.
pub fn check(options: &BuildOptions) -> Result<RenderedSite, Error> {
    Site::load(options)?.check(options.progress.as_ref())
}

/// What `check --external` found: the site's own check, and its links to other sites.
#[derive(Debug)]
pub struct ExternalCheck {
    /// The site's check, as [`check`] returns it.
    pub site: Result<RenderedSite, Error>,
    /// The external links: their problems and what was requested.
    pub external: analyse::external::Report,
}

/// [`check`], and every distinct http(s) URL the pages link to requested once
/// (see [`analyse::external`]); its cache lives in the handbook's root.
pub fn check_external(
    options: &BuildOptions,
    settings: &analyse::external::Settings,
) -> Result<ExternalCheck, Error> {
    use analyse::external;
    let site = Site::load(options)?;
    let config_file = site
        .config_root
        .as_ref()
        .map(|root| root.join(config::CONFIG_FILE));
    let external_options = external::Options::new(
        &site.config.links,
        config_file.as_deref(),
        Some(options.root.join(external::CACHE_FILE)),
        settings,
    );
    let rates = site.config.diagnostics.clone();
    let (build, links) = Build::once_with_external(site, options.progress.as_ref());
    let result = build.result();
    drop(build);
    let mut report = match external_options {
        Ok(external_options) => external::check(&links, &external_options),
        Err(problem) => external::Report {
            diagnostics: vec![problem],
            ..Default::default()
        },
    };
    // As `[diagnostics]` rates them, as it does the build's own.
    report.diagnostics = std::mem::take(&mut report.diagnostics)
        .into_iter()
        .filter_map(|d| rates.rate(d))
        .collect();
    Ok(ExternalCheck {
        site: result,
        external: report,
    })
}
