//! The integration tests, in one binary: linked one file apart they made 26
//! binaries of about 200 MB each, which cost CI minutes and gigabytes of disk.
//! Run one file's tests with `cargo test --test suite FILE::`.

mod common;

mod accessibility;
mod audiences;
mod bad_input;
mod build_cache;
mod build_escaping;
mod build_frontmatter;
mod build_glossary;
mod build_links;
mod build_markdown;
mod build_nav;
mod build_output;
mod build_plans;
mod build_progress;
mod build_roles;
mod build_tags;
mod check_external;
mod complexity;
mod conventions;
mod corpora;
mod data_files;
mod delivery;
mod delivery_walk;
mod deploy;
mod diagnostic_codes;
mod foreign_syntax;
mod fuzz_regressions;
mod git_pages;
mod heading_ids;
mod infer_switches;
mod llms;
mod mv;
mod nav_file;
mod other_tools_paths;
mod publish;
mod raw_html_links;
mod recipes;
mod report;
mod scaffold;
mod schema;
mod search;
mod search_browser;
mod search_quality;
mod serve_browser;
mod serve_hardening;
mod serve_http;
mod serve_incremental;
mod serve_semantics;
mod shell;
mod shortcodes;
mod theme_hooks;
