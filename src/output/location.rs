//! Where the output folder may be: never where publishing it could replace
//! the handbook itself, checked before anything is read or written.

use std::path::{Component, Path, PathBuf};

use crate::config::{CONFIG_FILE, Config};
use crate::error::Diagnostic;

/// The folders a build reads from and writes to, as the user gave them.
#[derive(Debug, Clone, Copy)]
pub struct Folders<'a> {
    /// The handbook's root.
    pub root: &'a Path,
    /// The folder of markdown.
    pub content: &'a Path,
    /// Where the site goes.
    pub output: &'a Path,
}

/// Refuses an output folder that is the handbook's root or content folder,
/// an ancestor of either, or inside the content folder (unless the content
/// folder is the root, as in a plain folder of markdown, whose loading skips
/// the output folder). `origin` says how the output folder was set
/// (`-o ..`), for the message.
pub fn check(folders: Folders<'_>, origin: &str) -> Result<(), Diagnostic> {
    let root = resolve(folders.root);
    let content = resolve(folders.content);
    let output = resolve(folders.output);
    let problem = if output == root {
        Some("is the handbook's root folder")
    } else if output == content {
        Some("is the content folder")
    } else if root.starts_with(&output) || content.starts_with(&output) {
        Some("holds the handbook")
    } else if output.starts_with(&content) && content != root {
        Some("is inside the content folder")
    } else if output
        .ancestors()
        .skip(1)
        .any(|a| a.join(super::MANIFEST).is_file())
    {
        // That build would take this folder for its user's and carry it
        // while this one writes it.
        Some("is inside another build's output folder")
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(Diagnostic::error(crate::error::Code::OutputRefused,
            folders.output.to_path_buf(),
            format!("the output folder {} ({origin}) {problem}", output.display()),
        )
        .hint(
            "a build replaces its output folder with the site: choose a folder of its own, such as `public` beside the content folder (-o public, or output_dir = \"public\")",
        )),
    }
}

/// [`check`] for a handbook: its `config` (read from `handbook.toml` when
/// `configured`) and whether the output folder was `given` with `-o`, for
/// where the message points. A `content_dir` outside the root is refused
/// too, unless the config allows it.
pub fn check_handbook(
    folders: Folders<'_>,
    config: &Config,
    configured: bool,
    given: bool,
) -> Result<(), Diagnostic> {
    let config_file = folders.root.join(CONFIG_FILE);
    // At the key in handbook.toml, when it is written there.
    let at_key = |d: Diagnostic, key: &str| -> Diagnostic {
        let text = std::fs::read_to_string(&config_file).unwrap_or_default();
        match Config::key_position(&text, key) {
            Some(pos) => {
                let mut d = d.at(pos);
                d.file = Some(config_file.clone());
                d
            }
            None => d,
        }
    };
    let content = resolve(folders.content);
    if configured
        && !config.allow_content_outside_root
        && !content.starts_with(resolve(folders.root))
    {
        let d = Diagnostic::error(crate::error::Code::ConfigInvalid,
            folders.content.to_path_buf(),
            format!("content_dir names {}, outside the handbook's root", content.display()),
        )
        .hint("publishing a folder outside the handbook is allowed only on purpose: fix content_dir, or add `allow_content_outside_root = true` to handbook.toml");
        return Err(at_key(d, "content_dir"));
    }
    let origin = if given {
        format!("-o {}", folders.output.display())
    } else if configured {
        format!(
            "output_dir = {:?} in handbook.toml",
            config.output_dir.display().to_string()
        )
    } else {
        "the default".to_string()
    };
    check(folders, &origin).map_err(|d| {
        if given || !configured {
            d
        } else {
            at_key(d, "output_dir")
        }
    })
}

/// What is inside the content folder but not content: the output folder
/// and its work folder beside it, and handbook.toml (when the content folder
/// is the root, the settings are not to be published), named as the walk of
/// the content folder names them (`content` joined with what is below it),
/// however `-o` spelled them.
pub fn not_content(folders: Folders<'_>) -> Vec<PathBuf> {
    let content = resolve(folders.content);
    let output = resolve(folders.output);
    let config = resolve(&folders.root.join(crate::config::CONFIG_FILE));
    [output.clone(), config]
        .into_iter()
        .chain(super::work_dir(&output))
        .filter_map(|folder| Some(folders.content.join(folder.strip_prefix(&content).ok()?)))
        .collect()
}

/// The absolute path `path` names, links resolved as far as it exists and
/// `.` and `..` applied to the rest.
pub fn resolve(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while let Some(parent) = existing.parent() {
        if let Some(name) = existing.file_name() {
            rest.push(name.to_os_string());
        } else {
            rest.push(existing.components().next_back().map_or_else(
                || std::ffi::OsString::from("."),
                |c| c.as_os_str().to_os_string(),
            ));
        }
        existing = parent;
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for name in rest.iter().rev() {
                match Path::new(name).components().next() {
                    Some(Component::ParentDir) => {
                        out.pop();
                    }
                    Some(Component::CurDir) | None => {}
                    Some(_) => out.push(name),
                }
            }
            return out;
        }
    }
    absolute
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(root: &Path, content: &str, output: &str) -> Option<String> {
        check(
            Folders {
                root,
                content: &root.join(content),
                output: &root.join(output),
            },
            "-o",
        )
        .err()
        .map(|d| d.message)
    }

    #[test]
    fn can_refuse_the_root_the_content_their_ancestors_and_inside_content() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("hb");
        std::fs::create_dir_all(root.join("content/sub")).unwrap();
        for output in [
            ".",
            "",
            "content",
            "..",
            "../..",
            "content/sub",
            "content/new",
            "./content/../.",
        ] {
            assert!(
                refused(&root, "content", output).is_some(),
                "{output:?} was allowed"
            );
        }
        for output in ["public", "content/../public", "../elsewhere", "site/out"] {
            assert_eq!(
                refused(&root, "content", output),
                None,
                "{output:?} was refused"
            );
        }
    }

    #[test]
    fn can_put_the_output_inside_a_root_that_is_the_content() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(refused(dir.path(), ".", "public"), None);
        assert!(refused(dir.path(), ".", ".").is_some());
    }

    #[test]
    fn can_resolve_paths_that_do_not_exist_yet() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        assert_eq!(resolve(&dir.path().join("a/../b/./c")), real.join("b/c"));
        assert_eq!(resolve(&dir.path().join("x/..")), real);
    }
}
