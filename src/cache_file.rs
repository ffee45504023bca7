//! The files handbook keeps for itself between runs (the caches in
//! `.handbook-cache/`, the published pages' keys beside the output folder):
//! each written whole or not at all, through a temporary file beside it
//! (`NAME.PID.tmp`) renamed over it, so a killed run never leaves half of
//! one; sealed, so that a build reads only its own, undamaged; and a cache
//! folder that git is told to ignore.

use std::path::Path;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

/// Whose a sealed file is: the form of what it holds, and the build of
/// handbook (version and build id) that wrote it.
#[derive(Serialize, Deserialize)]
struct Header<'a> {
    format: u32,
    handbook: &'a str,
}

/// `payload` in postcard's form, sealed for this build of handbook: after
/// a header saying whose it is (`format`: the form of the payload), and
/// before a checksum (xxh3) of both.
pub(crate) fn seal<T: Serialize + ?Sized>(format: u32, payload: &T) -> postcard::Result<Vec<u8>> {
    seal_as(format, crate::BUILD, payload)
}

/// As [`seal`], as the build `handbook` would have.
pub(crate) fn seal_as<T: Serialize + ?Sized>(
    format: u32,
    handbook: &str,
    payload: &T,
) -> postcard::Result<Vec<u8>> {
    let mut bytes = postcard::to_stdvec(&Header { format, handbook })?;
    postcard::to_io(payload, &mut bytes)?;
    let sum = xxh3_64(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    Ok(bytes)
}

/// What a sealed file holds, for this build.
pub(crate) enum Unsealed<T> {
    /// Its payload: the file is this build's, in this format, undamaged.
    Ours(T),
    /// There is no such file.
    Absent,
    /// There is, but it cannot be read (permissions, a folder in its place).
    Unreadable,
    /// Another build's, or another format.
    Foreign,
    /// Changed since it was sealed, or cut short.
    Damaged,
}

/// The payload [`seal`] put in `file` with `format`.
pub(crate) fn read_sealed<T: serde::de::DeserializeOwned>(file: &Path, format: u32) -> Unsealed<T> {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Unsealed::Absent,
        Err(_) => return Unsealed::Unreadable,
    };
    let Some((sealed, sum)) = bytes.split_last_chunk::<8>() else {
        return Unsealed::Damaged;
    };
    if xxh3_64(sealed).to_le_bytes() != *sum {
        return Unsealed::Damaged;
    }
    let Ok((header, payload)) = postcard::take_from_bytes::<Header<'_>>(sealed) else {
        return Unsealed::Damaged;
    };
    if header.format != format || header.handbook != crate::BUILD {
        return Unsealed::Foreign;
    }
    match postcard::from_bytes(payload) {
        Ok(value) => Unsealed::Ours(value),
        Err(_) => Unsealed::Damaged,
    }
}

/// Writes `bytes` to `file` whole, making its folder when missing. On
/// failure `file` is as it was and the temporary file is gone.
pub(crate) fn write_whole(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    let tmp = file.with_file_name(name);
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, file));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Gives `dir` a `.gitignore` of `*` (after the comment `why`) when it has
/// none, so that what handbook keeps there is never committed.
pub(crate) fn ignore_in_git(dir: &Path, why: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let ignore = dir.join(".gitignore");
    if ignore.exists() {
        return Ok(());
    }
    match std::fs::File::create_new(&ignore) {
        Ok(mut file) => std::io::Write::write_all(&mut file, format!("# {why}\n*\n").as_bytes()),
        // Another thread wrote it since.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}
