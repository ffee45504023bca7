//! The files handbook keeps for itself between runs (the caches in
//! `.handbook-cache/`, the published pages' keys beside the output folder):
//! each written whole or not at all, through a temporary file beside it
//! (`NAME.PID.tmp`) renamed over it, so a killed run never leaves half of
//! one; and a cache folder that git is told to ignore.

use std::path::Path;

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
