//! The `handbook` command line: parse arguments, call the library, print problems.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use handbook::{BuildOptions, Diagnostic, Error};
use indicatif::{ProgressBar, ProgressStyle};

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
        /// Print only problems.
        #[arg(short, long)]
        quiet: bool,
    },
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
        Command::Build {
            path,
            output,
            base_url,
            drafts,
            quiet,
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
                root: path,
                output,
                base_url,
                drafts,
                progress: progress.clone(),
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
                            eprintln!("note: {notice}");
                        }
                        println!(
                            "built {} pages into {} in {:.0?} ({} files written, {} unchanged, {} removed; {} warning(s))",
                            report.pages,
                            report.output_dir.display(),
                            report.elapsed,
                            report.written.written,
                            report.written.unchanged,
                            report.written.removed,
                            report.warnings.len()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

fn fail(e: Error) -> ExitCode {
    match e {
        Error::Handbook(diagnostics) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            eprintln!("error: {errors} error(s), {warnings} warning(s); nothing was written");
        }
        other => eprintln!("error: {other}"),
    }
    ExitCode::from(1)
}
