//! Files of a handbook, for the benchmarks that run on a copy of one
//! (`serve_latency`, `search_index`); each uses a part of them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn count_pages(content: &Path) -> usize {
    walk(content)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .count()
}

/// A page deep in the tree, not a section's own page: the middle one, in path order.
pub fn pick_page(content: &Path) -> PathBuf {
    let mut pages: Vec<PathBuf> = walk(content)
        .into_iter()
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md") && p.file_stem().is_some_and(|s| s != "index")
        })
        .collect();
    pages.sort();
    pages.get(pages.len() / 2).cloned().expect("a page to edit")
}

pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Copies a folder, leaving out built output, git and node_modules.
pub fn copy_dir(from: &Path, to: &Path) {
    for file in walk(from) {
        let rel = file.strip_prefix(from).expect("under from");
        if rel.components().any(|c| {
            let c = c.as_os_str().to_string_lossy();
            c == "public" || c == ".git" || c == "node_modules"
        }) {
            continue;
        }
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("folders");
        std::fs::copy(&file, &target).expect("copy");
    }
}

/// Copies a handbook root (handbook.toml and content/, or a bare folder of markdown).
pub fn copy_handbook(from: &Path, to: &Path) {
    if from.join("handbook.toml").is_file() {
        std::fs::create_dir_all(to).expect("create");
        std::fs::copy(from.join("handbook.toml"), to.join("handbook.toml")).expect("copy config");
        copy_dir(&from.join("content"), &to.join("content"));
        // What pages use from beside the content folder (the sample's
        // team directory, included snippets, data files).
        for beside in [
            "data",
            "shortcodes",
            "snippets",
            "templates",
            "themes",
            "static",
        ] {
            if from.join(beside).is_dir() {
                copy_dir(&from.join(beside), &to.join(beside));
            }
        }
    } else {
        std::fs::create_dir_all(to).expect("create");
        std::fs::write(to.join("handbook.toml"), "title = \"Bench\"\n").expect("config");
        copy_dir(from, &to.join("content"));
    }
}
