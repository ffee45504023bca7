//! Rebuilds the binary when the embedded default theme changes, and gives
//! it a build id: a hash of its sources, the default theme and Cargo.lock
//! (`HANDBOOK_BUILD_ID`). The caches a build keeps between runs (the build
//! cache, the published pages' keys) are read only by a binary with the
//! same id, so a binary built from changed code (the same version number,
//! a newer commit) never takes what an older one rendered.
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut files = Vec::new();
    for dir in ["src", "themes/default"] {
        walk(Path::new(dir), &mut files);
    }
    files.push(PathBuf::from("Cargo.lock"));
    files.sort();
    // std's hasher with its fixed keys: the same bytes give the same id.
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    for file in &files {
        file.hash(&mut h);
        std::fs::read(file).unwrap_or_default().hash(&mut h);
    }
    println!("cargo:rustc-env=HANDBOOK_BUILD_ID={:016x}", h.finish());
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}
