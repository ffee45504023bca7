//! Changing the user's files safely: a file's new text replaces it whole or
//! not at all (a temporary file beside it, renamed over it), and a move
//! never lands on something that is there.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Replaces the contents of `file` with `text` in one step: written to a
/// new hidden file in the same folder (which a build and the watcher skip),
/// given the file's permissions, then renamed over it. On failure the file
/// is as it was and the temporary file is gone.
pub(crate) fn replace(file: &Path, text: &str) -> std::io::Result<()> {
    let folder = file.parent().unwrap_or(Path::new("."));
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let permissions = std::fs::metadata(file)?.permissions();
    let (temp, mut out) = (0..100)
        .find_map(|n| {
            let temp = folder.join(format!(
                ".{name}.{}-{n}.handbook-mv.tmp",
                std::process::id()
            ));
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)
                .ok()
                .map(|f| (temp, f))
        })
        .ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("cannot make a temporary file in {}", folder.display()),
            )
        })?;
    let written = out
        .write_all(text.as_bytes())
        .and_then(|()| out.sync_all())
        .and_then(|()| std::fs::set_permissions(&temp, permissions))
        .and_then(|()| {
            drop(out);
            std::fs::rename(&temp, file)
        });
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Moves `from` (a file or a folder) to `to`, making the folders above `to`
/// that are missing; fails, changing nothing, when something is at `to`,
/// even if it appears between a look and the move. Returns the folders it
/// made, outermost first.
pub(crate) fn move_to(from: &Path, to: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut made = Vec::new();
    let mut missing = Vec::new();
    let mut above = to.parent();
    while let Some(folder) = above.filter(|f| !f.as_os_str().is_empty() && !f.exists()) {
        missing.push(folder.to_path_buf());
        above = folder.parent();
    }
    for folder in missing.into_iter().rev() {
        if let Err(e) = std::fs::create_dir(&folder) {
            remove_made(&made);
            return Err(e);
        }
        made.push(folder);
    }
    if let Err(e) = crate::output::publish::rename_no_replace(from, to) {
        remove_made(&made);
        return Err(e);
    }
    Ok(made)
}

/// Removes folders [`move_to`] made (innermost first), when still empty.
pub(crate) fn remove_made(made: &[PathBuf]) {
    for folder in made.iter().rev() {
        let _ = std::fs::remove_dir(folder);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_replace_a_file_whole_and_leave_no_temporary_file() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let file = dir.path().join("a.md");
        std::fs::write(&file, "old").expect("write");
        replace(&file, "new text").expect("replace");
        assert_eq!(
            std::fs::read_to_string(&file).ok().as_deref(),
            Some("new text")
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .collect();
        assert_eq!(names, ["a.md"]);
    }

    #[test]
    fn never_moves_onto_something() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).expect("mkdir");
        std::fs::create_dir(&b).expect("mkdir");
        assert!(move_to(&a, &b).is_err());
        assert!(a.is_dir() && b.is_dir());
        let deep = dir.path().join("x/y/a");
        let made = move_to(&a, &deep).expect("move");
        assert_eq!(made, [dir.path().join("x"), dir.path().join("x/y")]);
        assert!(deep.is_dir() && !a.exists());
    }
}
