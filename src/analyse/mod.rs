//! Analyse: what the pages say about each other: links and anchors,
//! navigation, progress.

pub mod glossary;
pub mod history;
pub mod links;
pub mod nav;
pub mod progress;
