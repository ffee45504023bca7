//! What each published page was made from: a key (a hash of everything its
//! template was given, see site/context.rs) with the file's size and
//! modification time, saved beside the output folder after a publish
//! (`.public.handbook/keys`). A later build whose page has the same key
//! links the published file into its new tree without rendering or reading
//! it, when the file still has that size and time: a file changed since
//! (edited by hand, say) is made again. Keys that no longer describe the
//! published tree (a build killed after its swap) only cost renders: each
//! is checked against the file it names.

use std::collections::HashMap;
use std::fs::Metadata;
use std::path::Path;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

/// What a page's output file was made from, and how it looked when made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct FileKey {
    /// The hash of what its template was given.
    pub(super) key: u128,
    /// Its size.
    pub(super) len: u64,
    /// Its modification time, in nanoseconds since 1970.
    pub(super) modified: u128,
}

impl FileKey {
    /// `key` for the file with metadata `meta`; `None` when its time cannot be read.
    pub(super) fn of(key: u128, meta: &Metadata) -> Option<FileKey> {
        Some(FileKey {
            key,
            len: meta.len(),
            modified: meta
                .modified()
                .ok()?
                .duration_since(UNIX_EPOCH)
                .ok()?
                .as_nanos(),
        })
    }
}

/// Raised when what is stored changes.
const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Stored {
    format: u32,
    handbook: String,
    keys: HashMap<String, FileKey>,
}

/// The keys saved at `path`; none when there are none, or they cannot be read.
pub(super) fn load(path: &Path) -> HashMap<String, FileKey> {
    std::fs::read(path)
        .ok()
        .and_then(|bytes| postcard::from_bytes::<Stored>(&bytes).ok())
        .filter(|s| s.format == FORMAT && s.handbook == crate::BUILD)
        .map(|s| s.keys)
        .unwrap_or_default()
}

/// Saves `keys` at `path`, replacing what was there whole (best effort: a
/// build without them renders every page).
pub(super) fn save(path: &Path, keys: HashMap<String, FileKey>) {
    let stored = Stored {
        format: FORMAT,
        handbook: crate::BUILD.to_string(),
        keys,
    };
    if let Ok(bytes) = postcard::to_stdvec(&stored) {
        let _ = crate::cache_file::write_whole(path, &bytes);
    }
}
