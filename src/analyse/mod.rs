//! Analyse: what the pages say about each other: links and anchors,
//! navigation, progress; and, for `check --external`, the links to other sites.

pub mod external;
pub mod history;
pub mod links;
pub mod nav;
pub mod progress;
