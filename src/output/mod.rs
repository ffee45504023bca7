//! Write: the site's output files, where the output folder may be, and
//! how they are published there (see [`publish`]).
//!
//! Pages are handed to a [`Writer`] as they render. A file is written only
//! when its bytes differ from what is published (a rebuild of an unchanged
//! site writes nothing), and the whole site is published at once when every
//! page has rendered without errors, so a failed or killed build leaves the
//! previous output as it was.

pub mod llms;
pub mod location;
pub mod publish;
pub mod search;
pub mod sitemap;

use std::path::PathBuf;

pub use publish::{MANIFEST, PublishOptions, Published, Writer, work_dir, write};

/// At most this many files go to one parallel job, so that both threads
/// stay busy to the end instead of one finishing a long run alone.
const FILES_PER_JOB: usize = 64;

/// What goes into one output file.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Bytes rendered in memory (shared, so handing a build to the dev server copies nothing).
    Bytes(bytes::Bytes),
    /// A file copied as it is.
    Copy(PathBuf),
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Its path inside the output folder, `/`-separated (`a/b/index.html`).
    pub path: String,
    /// What to write.
    pub contents: Contents,
}

impl OutputFile {
    /// A file rendered in memory.
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(bytes::Bytes::from(bytes.into())),
        }
    }
}

/// What [`write()`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files created or changed.
    pub written: usize,
    /// Files that were already right.
    pub unchanged: usize,
    /// Stale files removed.
    pub removed: usize,
}
