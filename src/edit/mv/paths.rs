//! Where things are: the handbook's root, OLD and NEW read as paths from
//! the current folder or the content folder (refusing what cannot move
//! there), real paths for things that exist and things that would, and
//! paths shown as the user would type them.

use std::path::{Component, Path, PathBuf};

use super::{MoveError, MoveOptions};
use crate::config::Config;
use crate::content::{self, SourcePath};
use crate::site::Site;

/// The nearest folder from `cwd` up with a `handbook.toml`, else `cwd`.
pub(super) fn find_root(cwd: &Path) -> PathBuf {
    Config::nearest_root(cwd).unwrap_or(cwd).to_path_buf()
}

/// OLD and NEW, found.
#[derive(Debug)]
pub(super) struct Ends {
    /// OLD as a path to it.
    pub(super) from: PathBuf,
    /// NEW as a path to it.
    pub(super) to: PathBuf,
    /// OLD inside the content folder.
    pub(super) from_rel: String,
    /// NEW inside the content folder.
    pub(super) to_rel: String,
    /// Whether OLD is a folder.
    pub(super) folder: bool,
}

/// Finds OLD (from `cwd`, else from the content folder) and NEW (read the
/// same way), and refuses what cannot be moved there.
pub(super) fn endpoints(options: &MoveOptions, site: &Site) -> Result<Ends, MoveError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| MoveError::Io { path, source }
    };
    let content = site
        .content_dir
        .canonicalize()
        .map_err(io(&site.content_dir))?;
    let frames: Vec<&Path> = if options.from.is_absolute() {
        vec![options.cwd.as_path()]
    } else {
        vec![options.cwd.as_path(), site.content_dir.as_path()]
    };
    let mut outside = None;
    let mut found = None;
    for frame in &frames {
        let path = frame.join(&options.from);
        if std::fs::symlink_metadata(&path).is_err() {
            continue;
        }
        let real = real_path(&path).map_err(io(&path))?;
        match real.strip_prefix(&content) {
            Ok(rel) => {
                found = Some((*frame, path.clone(), rel.to_path_buf()));
                break;
            }
            Err(_) => outside = outside.or(Some(path)),
        }
    }
    let Some((frame, from, rel)) = found else {
        return Err(match outside {
            Some(path) => MoveError::OutsideContent {
                path,
                content: site.content_dir.clone(),
            },
            None => MoveError::Missing {
                path: options.from.clone(),
                looked: frames.iter().map(|f| f.join(&options.from)).collect(),
            },
        });
    };
    let not_movable = |why: &str| MoveError::NotMovable {
        path: from.clone(),
        why: why.to_string(),
    };
    let from_rel = SourcePath::from_relative(&rel)
        .ok_or_else(|| not_movable("its name is not valid UTF-8"))?
        .as_str()
        .to_string();
    if from_rel.is_empty() {
        return Err(not_movable(
            "this is the content folder itself, which mv does not move",
        ));
    }
    let folder = std::fs::symlink_metadata(&from).is_ok_and(|m| m.is_dir());
    if !folder {
        let known = site
            .content
            .pages
            .iter()
            .any(|p| p.path.as_str() == from_rel)
            || site
                .content
                .assets
                .iter()
                .any(|a| a.path.as_str() == from_rel);
        if !known {
            return Err(not_movable(
                "not a page or file the handbook builds (a hidden or skipped file, or a page with `permalink: false`)",
            ));
        }
    }
    let mut to = frame.join(&options.to);
    let into = to.is_dir()
        || options
            .to
            .as_os_str()
            .to_string_lossy()
            .ends_with(['/', '\\']);
    if into && let Some(name) = from.file_name().or_else(|| rel.file_name()) {
        to = to.join(name);
    }
    if std::fs::symlink_metadata(&to).is_ok() {
        return Err(MoveError::Exists { path: to });
    }
    let bad = |why: &str| MoveError::BadDestination {
        path: to.clone(),
        why: why.to_string(),
    };
    if let Some(file) = to
        .ancestors()
        .skip(1)
        .find(|a| std::fs::symlink_metadata(a).is_ok())
        .filter(|a| !a.is_dir())
    {
        return Err(bad(&format!(
            "{} is a file, where this needs a folder",
            file.display()
        )));
    }
    let real = new_real_path(&to).map_err(io(&to))?;
    let Ok(to_rel) = real.strip_prefix(&content) else {
        return Err(MoveError::OutsideContent {
            path: to,
            content: site.content_dir.clone(),
        });
    };
    let to_rel = SourcePath::from_relative(to_rel)
        .ok_or_else(|| bad("the name is not valid UTF-8"))?
        .as_str()
        .to_string();
    if to_rel.is_empty() {
        return Err(MoveError::Exists { path: to });
    }
    if folder && to_rel.starts_with(&format!("{from_rel}/")) {
        return Err(bad("a folder cannot move into itself"));
    }
    if to_rel
        .split('/')
        .any(|part| content::is_ignored(part) || part == "node_modules")
    {
        return Err(bad(
            "a build skips this name (hidden, a back-up, or node_modules), so the page would vanish",
        ));
    }
    if let Ok(output) = site.output_dir.canonicalize()
        && real.starts_with(output)
    {
        return Err(bad(
            "this is inside the output folder, which a build replaces",
        ));
    }
    if !folder {
        let page = |p: &str| SourcePath::new(p).extension() == Some("md");
        match (page(&from_rel), page(&to_rel)) {
            (true, false) => {
                return Err(bad(
                    "a page's file name ends in .md (or end NEW with / to move it into a folder)",
                ));
            }
            (false, true) => return Err(bad("this name would make the file a page")),
            _ => {}
        }
    }
    Ok(Ends {
        from,
        to,
        from_rel,
        to_rel,
        folder,
    })
}

/// The real path of something that exists, without following it when it
/// is itself a symbolic link.
fn real_path(path: &Path) -> std::io::Result<PathBuf> {
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
            Ok(parent.canonicalize()?.join(name))
        }
        (_, Some(name)) if !matches!(path.components().next(), Some(Component::ParentDir)) => {
            Ok(Path::new(".").canonicalize()?.join(name))
        }
        _ => path.canonicalize(),
    }
}

/// The real path something would have at `path`: its nearest existing
/// folder's real path, and the rest (`.` and `..` read as they are written).
fn new_real_path(path: &Path) -> std::io::Result<PathBuf> {
    let mut existing = path;
    let mut rest = Vec::new();
    while std::fs::symlink_metadata(existing).is_err() {
        let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
            break;
        };
        rest.push(name.to_os_string());
        existing = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
    }
    let mut real = existing.canonicalize()?;
    for part in rest.into_iter().rev() {
        match Path::new(&part).components().next() {
            Some(Component::ParentDir) => {
                real.pop();
            }
            Some(Component::CurDir) => {}
            _ => real.push(part),
        }
    }
    Ok(real)
}

/// `path` from `cwd` when it is under it, without a leading `./`.
pub(super) fn shown_from(path: &Path, cwd: &Path) -> String {
    let path = path.strip_prefix(cwd).unwrap_or(path);
    let text = path.display().to_string();
    text.strip_prefix("./").map_or(text.clone(), str::to_string)
}
