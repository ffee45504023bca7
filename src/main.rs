//! The `handbook` command line: parse arguments, call the library, print problems.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use handbook::{BuildOptions, Diagnostic, Error};
use indicatif::{ProgressBar, ProgressStyle};

/// jemalloc: a build makes and frees millions of small strings and vectors
/// on two threads at once, which it does with about 7% less CPU time than
/// glibc's allocator (see the commit that chose it). The library leaves the
/// choice to its users.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings (its `malloc_conf`, which `MALLOC_CONF` in the
/// environment still overrides): transparent huge pages for its memory and
/// its own records, so that a build touching a few hundred megabytes takes a
/// page fault per 2 MB rather than per 4 KB (a warm 10,000-page build spent
/// a tenth of its time in them), and one arena, so that the huge pages are
/// shared by the threads rather than each half used (with eight arenas peak
/// memory grew by 25 MB; with one it stays as it was). Where the system
/// turns huge pages off, nothing changes.
#[cfg(all(target_os = "linux", not(target_env = "msvc")))]
#[unsafe(export_name = "malloc_conf")]
static JEMALLOC_SETTINGS: &[u8; 41] = b"thp:always,metadata_thp:always,narenas:1\0";

/// `eprintln!` that ignores a closed stderr instead of panicking.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// A fast static site generator for company handbooks.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: PATH/public).
    Build {
        /// The handbook's root: a folder with handbook.toml, or any folder of markdown.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Where to write the site.
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The URL the site is served at, e.g. https://example.com/handbook/
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Also build pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Who the site is for: `public` leaves out pages and files marked
        /// `audience: internal`; `internal` has everything.
        #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
        audience: AudienceArg,
        /// Print only problems.
        #[arg(short, long)]
        quiet: bool,
        /// Build into a non-empty output folder that no build made; nothing in
        /// it is deleted, and a file where the site has one is moved aside.
        #[arg(long)]
        force: bool,
        /// Render every page's body, neither reading nor writing the build
        /// cache (PATH/.handbook-cache/build/).
        #[arg(long)]
        no_cache: bool,
    },
    /// Validate the handbook (frontmatter, config, links, anchors) without writing anything.
    Check {
        /// The handbook's root: a folder with handbook.toml, or any folder of markdown.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// The URL the site is served at (links to it are checked as internal).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Also check pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Check the site for this audience: `public` (the default, what CI
        /// runs) fails where a public page links to an internal one.
        #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
        audience: AudienceArg,
        /// `text`: `path:line:col: error[code]: message` lines; `json`: one
        /// JSON document; `github`: GitHub Actions annotations; `sarif`: a
        /// SARIF 2.1.0 log for code scanning.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Print every diagnostic code, whether `[diagnostics]` can lower
        /// it, and what it means; then exit.
        #[arg(long)]
        list_codes: bool,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Also request every link to another site (cached in PATH/.handbook-cache/).
        #[arg(long)]
        external: bool,
        /// How long one external request may take.
        #[arg(
            long,
            value_name = "SECS",
            default_value_t = 10.0,
            requires = "external"
        )]
        external_timeout: f64,
        /// Never request URLs matching this glob or prefix (as [links] external_skip; repeatable).
        #[arg(long, value_name = "PATTERN", requires = "external")]
        external_skip: Vec<String>,
    },
    /// Create a new handbook, ready to build, in DIR.
    Init {
        /// The folder to create it in (made if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The handbook's title.
        #[arg(long, default_value = "Handbook")]
        title: String,
        /// Add the files to a folder that is not empty (existing files are kept).
        #[arg(long)]
        force: bool,
    },
    /// Write a new page from an archetype and print its path.
    New {
        /// job, playbook, glossary, plan or page.
        #[arg(value_enum)]
        kind: PageKind,
        /// The page's title (its file name is made from it).
        title: String,
        /// The folder under the content folder (default: where pages of this kind are).
        #[arg(long, value_name = "PATH")]
        section: Option<String>,
        /// The handbook's root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Move or rename a page, a file or a folder, rewriting every link to it;
    /// the old URL redirects to the new one.
    Mv {
        /// The page, file or folder: a path from here, or from the content folder.
        old: PathBuf,
        /// Where it goes, read as OLD is; an existing folder (or a path
        /// ending in /) takes OLD inside it. Never overwritten.
        new: PathBuf,
        /// The handbook's root (default: the nearest folder from here up with handbook.toml, else here).
        #[arg(long, value_name = "PATH")]
        root: Option<PathBuf>,
        /// The URL the site is served at, as given to build (links under its path are the handbook's).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Print the changes as a diff and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print what a weekly update needs since a date: checklist items ticked
    /// and un-ticked, plans at risk, overdue or due soon, reviews gone stale,
    /// Now/Next/Later moves, pages added and removed.
    Report {
        /// The handbook's root: a folder with handbook.toml, or any folder of markdown.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// The first day reported on: a date (YYYY-MM-DD) or days or weeks
        /// ago (7d, 2w); the day itself is included.
        #[arg(long, value_name = "DATE", default_value = "7d")]
        since: String,
        /// `markdown`, ready to paste; `json` (its schema: --json-schema).
        #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
        format: ReportFormat,
        /// Report for this audience: `public` (the default) leaves out
        /// internal pages; `internal` has everything.
        #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
        audience: AudienceArg,
        /// Also report on pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print the JSON Schema of `--format json` and exit.
        #[arg(long)]
        json_schema: bool,
        /// The day to report on instead of today's (YYYY-MM-DD), for tests.
        #[arg(long, value_name = "DATE", hide = true)]
        today: Option<String>,
    },
    /// Write the JSON Schemas of handbook.toml and of page frontmatter, for editors.
    Schema {
        /// The handbook's root: its handbook.toml's [frontmatter] and [status] shape the schema.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Where to write handbook.schema.json and frontmatter.schema.json (default: PATH).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Preview the handbook from memory over HTTP, rebuilding on every save.
    Serve {
        /// The handbook's root: a folder with handbook.toml, or any folder of markdown.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Rebuild on every save and reload open pages (the default).
        #[arg(short, long, overrides_with = "no_watch")]
        watch: bool,
        /// Serve the site as it was built at start, without watching.
        #[arg(long, overrides_with = "watch")]
        no_watch: bool,
        /// The port (default 1111; the next free one when taken; 0 for any).
        #[arg(short, long)]
        port: Option<u16>,
        /// The address to listen on. Anything but loopback exposes your drafts to the network.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        /// Serve as if at this URL (its path is where the site lives).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Also build pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Preview the site for this audience: `internal` (the default)
        /// shows everything and marks internal pages; `public` as published.
        #[arg(long, value_enum, default_value_t = AudienceArg::Internal)]
        audience: AudienceArg,
        /// Also answer requests addressed to this host name (repeatable); names
        /// other than localhost, 127.0.0.1, [::1] and the bind address get 403.
        #[arg(long, value_name = "NAME", value_parser = handbook::serve::host::allowed_name)]
        allow_host: Vec<String>,
        /// How long a connection may stay silent before its request is in, in
        /// milliseconds (for tests).
        #[arg(long, value_name = "MS", hide = true)]
        header_timeout_ms: Option<u64>,
    },
    /// Work with the theme: `eject` copies the built-in one into the handbook to change it.
    Theme {
        #[command(subcommand)]
        command: ThemeCommand,
    },
    /// Print a shell completion script (e.g. `handbook completions bash > /etc/bash_completion.d/handbook`).
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a manual page, in roff (e.g. `handbook man build > handbook-build.1`).
    Man {
        /// A command's page (`handbook-COMMAND(1)`); without it, handbook(1).
        command: Option<String>,
    },
}

/// `handbook theme ...`.
#[derive(Subcommand)]
enum ThemeCommand {
    /// Copy the built-in theme (templates, static files) to themes/NAME/ to
    /// change it freely, then print the line that makes handbook.toml use
    /// it. Never overwrites: an existing themes/NAME/ is refused.
    Eject {
        /// The new theme's folder under themes/.
        #[arg(default_value = handbook::scaffold::EJECTED_THEME)]
        name: String,
        /// The handbook's root (default: the nearest folder from here up with handbook.toml).
        #[arg(long, value_name = "PATH")]
        root: Option<PathBuf>,
    },
}

/// What `handbook new` makes.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum PageKind {
    Job,
    Playbook,
    Glossary,
    Plan,
    Page,
}

impl From<PageKind> for handbook::content::Kind {
    fn from(kind: PageKind) -> Self {
        match kind {
            PageKind::Job => Self::Job,
            PageKind::Playbook => Self::Playbook,
            PageKind::Glossary => Self::Glossary,
            PageKind::Plan => Self::Plan,
            PageKind::Page => Self::Page,
        }
    }
}

/// `--audience`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum AudienceArg {
    Public,
    Internal,
}

impl From<AudienceArg> for handbook::content::Audience {
    fn from(a: AudienceArg) -> Self {
        match a {
            AudienceArg::Public => Self::Public,
            AudienceArg::Internal => Self::Internal,
        }
    }
}

/// The dev server's default port.
const DEFAULT_PORT: u16 = 1111;

/// `report --format`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    Markdown,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    Github,
    Sarif,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command, "handbook", &mut out);
            print_bytes(&out)
        }
        Command::Man { command } => {
            let top = <Cli as clap::CommandFactory>::command();
            let page = match command {
                None => top,
                Some(name) => match top.find_subcommand(&name) {
                    Some(sub) => sub
                        .clone()
                        .name(format!("handbook-{name}"))
                        .bin_name(format!("handbook {name}"))
                        .version(env!("CARGO_PKG_VERSION")),
                    None => {
                        tell!("error: no command `{name}`; `handbook --help` lists them");
                        return ExitCode::from(2);
                    }
                },
            };
            let mut out = Vec::new();
            match clap_mangen::Man::new(page).render(&mut out) {
                Ok(()) => print_bytes(&out),
                Err(e) => {
                    tell!("error: cannot render the manual page: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Build {
            path,
            output,
            base_url,
            drafts,
            audience,
            quiet,
            force,
            no_cache,
        } => {
            let progress = (!quiet && std::io::stderr().is_terminal()).then(|| {
                let bar = ProgressBar::new(0);
                bar.set_style(
                    ProgressStyle::with_template(
                        "{spinner} rendering {pos}/{len} pages {wide_bar}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                bar
            });
            let options = BuildOptions {
                root: handbook_root(path),
                output,
                base_url,
                drafts,
                audience: audience.into(),
                progress: progress.clone(),
                force,
                on_wait: Some(waiting),
                no_cache,
            };
            let result = handbook::build(&options);
            if let Some(bar) = progress {
                bar.finish_and_clear();
            }
            match result {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    if !quiet {
                        for notice in &report.notices {
                            tell!("note: {notice}");
                        }
                        let cache = report.cache.as_ref().map_or_else(String::new, |c| {
                            format!(
                                "; cache: {} of {} bodies reused, {:.1} MB",
                                c.reused,
                                c.reused + c.rendered,
                                c.bytes as f64 / 1e6
                            )
                        });
                        say(&format!(
                            "built {} pages into {} in {:.0?} ({} files written, {} unchanged, {} removed; {} warning(s){cache})",
                            report.pages,
                            report.output_dir.display(),
                            report.elapsed,
                            report.written.written,
                            report.written.unchanged,
                            report.written.removed,
                            report.warnings.len()
                        ));
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Init { dir, title, force } => {
            match handbook::scaffold::init(&dir, &title, force) {
                Ok(files) => {
                    say(&format!(
                        "created a handbook in {} ({} files)",
                        dir.display(),
                        files.len()
                    ));
                    let ignore = dir.join(".gitignore");
                    if !files.contains(&ignore)
                        && std::fs::read_to_string(&ignore).is_ok_and(|t| !t.contains("public"))
                    {
                        tell!(
                            "note: kept your .gitignore; add /public/ and /.handbook-cache/ to it, which the build writes"
                        );
                    }
                    say(&format!("next: handbook serve {}", dir.display()));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::New {
            kind,
            title,
            section,
            root,
        } => match handbook::scaffold::new_page(
            &handbook_root(root),
            kind.into(),
            &title,
            section.as_deref(),
        ) {
            Ok(path) => {
                say(&path.display().to_string());
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        Command::Mv {
            old,
            new,
            root,
            base_url,
            dry_run,
        } => move_page(
            handbook::edit::mv::MoveOptions {
                root,
                from: old,
                to: new,
                cwd: std::env::current_dir().unwrap_or_default(),
                base_url,
            },
            dry_run,
        ),
        Command::Theme {
            command: ThemeCommand::Eject { name, root },
        } => {
            let from = root.unwrap_or_else(|| PathBuf::from("."));
            match handbook::scaffold::eject_theme(&from, &name) {
                Ok(ejected) => {
                    say(&format!(
                        "copied the built-in theme to {} ({} files)",
                        ejected.dir.display(),
                        ejected.files.len()
                    ));
                    let config = ejected.root.join(handbook::config::CONFIG_FILE);
                    if ejected.in_use {
                        say(&format!(
                            "{} uses it already (theme = \"{name}\")",
                            config.display()
                        ));
                    } else {
                        say(&format!(
                            "next: to use it, set this line in {} (above any [table] line):",
                            config.display()
                        ));
                        say(&format!("    theme = \"{name}\""));
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Report {
            path,
            since,
            format,
            audience,
            drafts,
            json_schema,
            today,
        } => {
            if json_schema {
                say(&format!("{:#}", handbook::report::json_schema()));
                return ExitCode::SUCCESS;
            }
            let today = match today.as_deref().map(handbook::report::parse_day) {
                None => handbook::report::today(),
                Some(Some(day)) => day,
                Some(None) => {
                    tell!("error: --today takes a date, YYYY-MM-DD");
                    return ExitCode::from(2);
                }
            };
            let since = match handbook::report::parse_since(&since, today) {
                Ok(day) => day,
                Err(e) => {
                    tell!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            let options = handbook::report::ReportOptions {
                build: BuildOptions {
                    root: handbook_root(path),
                    drafts,
                    audience: audience.into(),
                    ..BuildOptions::default()
                },
                since,
                today: Some(today),
            };
            match handbook::report::report(&options) {
                Ok(report) => {
                    match format {
                        ReportFormat::Markdown => {
                            say(handbook::report::markdown(&report).trim_end())
                        }
                        ReportFormat::Json => match serde_json::to_string_pretty(&report) {
                            Ok(json) => say(&json),
                            Err(e) => {
                                tell!("error: {e}");
                                return ExitCode::from(1);
                            }
                        },
                    }
                    if let Some(why) = &report.history_missing {
                        tell!("note: git: {why}");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Schema { path, out } => {
            match handbook::schema::write_for(&handbook_root(path), out.as_deref()) {
                Ok(files) => {
                    for (file, outcome) in files {
                        say(&format!("{} ({outcome})", file.display()));
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Serve {
            path,
            watch: _,
            no_watch,
            port,
            bind,
            open,
            base_url,
            drafts,
            audience,
            allow_host,
            header_timeout_ms,
        } => {
            let watch = !no_watch;
            if !bind.is_loopback() {
                tell!(
                    "warning: serving on {bind}, which other machines can reach; use --bind 127.0.0.1 to keep it local"
                );
            }
            let options = handbook::serve::ServeOptions {
                build: BuildOptions {
                    root: handbook_root(path),
                    output: None,
                    base_url,
                    drafts,
                    audience: audience.into(),
                    progress: None,
                    ..BuildOptions::default()
                },
                bind,
                port: port.unwrap_or(DEFAULT_PORT),
                port_given: port.is_some(),
                watch,
                open,
                allow_hosts: allow_host,
                header_timeout: header_timeout_ms.map_or(
                    handbook::serve::http::HEADER_TIMEOUT,
                    std::time::Duration::from_millis,
                ),
            };
            let result = handbook::serve::run(options, |addr, base| {
                say(&format!(
                    "serving at http://{addr}{base}{}",
                    if watch { " (watching for changes)" } else { "" }
                ));
            });
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(e),
            }
        }
        Command::Check {
            path,
            base_url,
            drafts,
            audience,
            format,
            deny_warnings,
            external,
            external_timeout,
            external_skip,
            list_codes,
        } => {
            if list_codes {
                for code in handbook::error::Code::ALL {
                    let rating = if code.is_adjustable() {
                        "adjustable"
                    } else {
                        "fixed"
                    };
                    say(&format!(
                        "{:<24} {rating:<10}  {}",
                        code.as_str(),
                        code.description()
                    ));
                }
                return ExitCode::SUCCESS;
            }
            let options = BuildOptions {
                root: handbook_root(path),
                output: None,
                base_url,
                drafts,
                audience: audience.into(),
                progress: None,
                ..BuildOptions::default()
            };
            let (site, report) = if external {
                let Some(timeout) = std::time::Duration::try_from_secs_f64(external_timeout)
                    .ok()
                    .filter(|t| !t.is_zero())
                else {
                    tell!("error: --external-timeout takes a number of seconds above 0");
                    return ExitCode::from(2);
                };
                let progress = std::io::stderr().is_terminal().then(|| {
                    let bar = ProgressBar::new(0);
                    bar.set_style(
                        ProgressStyle::with_template(
                            "{spinner} checking {pos}/{len} external URLs {wide_bar}",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                    );
                    bar
                });
                let settings = handbook::analyse::external::Settings {
                    timeout,
                    skip: external_skip,
                    progress: progress.clone(),
                };
                let result = handbook::check_external(&options, &settings);
                if let Some(bar) = progress {
                    bar.finish_and_clear();
                }
                match result {
                    Ok(checked) => (checked.site, Some(checked.external)),
                    Err(e) => (Err(e), None),
                }
            } else {
                (handbook::check(&options), None)
            };
            let (pages, mut diagnostics) = match site {
                Ok(site) => (Some(site.pages), site.warnings),
                Err(Error::Handbook(diagnostics)) => (None, diagnostics),
                Err(other) => return fail(other),
            };
            if let Some(report) = &report {
                diagnostics.extend(report.diagnostics.iter().cloned());
                diagnostics.sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            let failed = errors > 0 || (deny_warnings && warnings > 0);
            match format {
                Format::Text => print_diagnostics(&diagnostics),
                Format::Github => {
                    for d in &diagnostics {
                        say(&handbook::error::formats::github_annotation(d));
                    }
                }
                Format::Sarif => {
                    let cwd = std::env::current_dir().unwrap_or_default();
                    let log = handbook::error::formats::sarif(&diagnostics, &cwd);
                    say(&format!("{log:#}"));
                }
                Format::Json => {}
            }
            if let Some(report) = &report {
                for notice in &report.notices {
                    tell!("note: {notice}");
                }
                tell!("{}", report.summary());
            }
            match format {
                Format::Text | Format::Github | Format::Sarif => {
                    let pages = pages.map(|p| format!("{p} pages, ")).unwrap_or_default();
                    tell!(
                        "{}: {pages}{errors} error(s), {warnings} warning(s)",
                        if failed { "failed" } else { "ok" }
                    );
                }
                Format::Json => {
                    let mut json = serde_json::json!({
                        "ok": !failed,
                        "errors": errors,
                        "warnings": warnings,
                        "diagnostics": diagnostics,
                    });
                    if let Some(r) = &report {
                        json["external"] = serde_json::json!({
                            "urls": r.urls,
                            "checked": r.checked,
                            "cached": r.cached,
                            "skipped": r.skipped,
                            "requests": r.requests,
                        });
                    }
                    say(&format!("{json:#}"));
                }
            }
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// `path`, or the handbook above it whose content folder holds it (a command
/// run from inside `content/`), which is then named on stderr.
fn handbook_root(path: PathBuf) -> PathBuf {
    match handbook::config::Config::enclosing_root(&path) {
        Some(root) => {
            tell!(
                "note: using the handbook at {} ({} is in its content folder)",
                root.display(),
                path.display()
            );
            root
        }
        None => path,
    }
}

/// `handbook mv`: works out the move, then shows it (`--dry-run`) or does it
/// and prints the files it changed.
fn move_page(options: handbook::edit::mv::MoveOptions, dry_run: bool) -> ExitCode {
    use handbook::edit::mv;
    let cwd = options.cwd.clone();
    let refused = |e: mv::MoveError| {
        let e = e.shown_from(&cwd);
        match &e {
            mv::MoveError::Handbook(diagnostics) => print_diagnostics(diagnostics),
            mv::MoveError::Links(problems) => {
                for p in problems {
                    tell!("{p}");
                }
            }
            _ => {}
        }
        tell!("error: {e}");
        if let Some(hint) = e.hint() {
            tell!("  hint: {hint}");
        }
        if !matches!(e, mv::MoveError::Incomplete { .. }) {
            tell!("nothing was changed");
        }
        ExitCode::from(1)
    };
    let plan = match mv::plan(&options) {
        Ok(plan) => plan,
        Err(e) => return refused(e),
    };
    for note in &plan.notes {
        tell!("note: {note}");
    }
    for page in &plan.pages {
        if page.old_url != page.new_url {
            tell!(
                "{} -> {}{}",
                page.old_url,
                page.new_url,
                if page.alias {
                    " (the old URL redirects: added to aliases)"
                } else {
                    ""
                }
            );
        }
    }
    if dry_run {
        say(plan.diff().trim_end());
        tell!(
            "--dry-run: {} file(s) would change; nothing was changed",
            plan.changes.len()
        );
        return ExitCode::SUCCESS;
    }
    match plan.apply() {
        Ok(applied) => {
            say(&format!(
                "moved {} -> {}",
                plan.shown(&plan.from),
                plan.shown(&plan.to)
            ));
            for file in &applied.rewritten {
                say(&format!("changed {}", plan.shown(file)));
            }
            ExitCode::SUCCESS
        }
        Err(e) => refused(e),
    }
}

/// Says that the build waits for another one into the same folder.
fn waiting(who: &str) {
    tell!("note: {who}");
}

/// Writes `bytes` to stdout; a closed pipe is not an error.
fn print_bytes(bytes: &[u8]) -> ExitCode {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(bytes);
    ExitCode::SUCCESS
}

/// Prints a line to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        tell!("{d}");
    }
}

fn fail(e: Error) -> ExitCode {
    match e {
        Error::Handbook(diagnostics) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            tell!("error: {errors} error(s), {warnings} warning(s); nothing was written");
        }
        other => tell!("error: {other}"),
    }
    ExitCode::from(1)
}
