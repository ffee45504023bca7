//! Analyse: what the pages say about each other: links and anchors,
//! navigation, progress, plans, the glossary, roles, tags and related pages;
//! and, for `check --external`, the links to other sites.

pub mod delivery;
pub mod external;
pub mod glossary;
pub mod history;
pub mod history_cache;
pub mod links;
pub mod nav;
pub mod nav_file;
pub mod plans;
pub mod progress;
pub mod related;
pub mod roles;
