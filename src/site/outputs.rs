//! Where each output file goes, and who claimed it: clashes are errors naming both.

use super::*;

/// The output files, each claimed by one source; a second claim is an error naming both.
pub(super) struct Outputs {
    pub(super) files: Vec<OutputFile>,
    /// For each path, who claimed it and the source file, if any.
    pub(super) owners: HashMap<String, (String, Option<PathBuf>)>,
    pub(super) clashes: Vec<Diagnostic>,
}

impl Outputs {
    pub(super) fn with_capacity(n: usize) -> Outputs {
        Outputs {
            files: Vec::with_capacity(n),
            owners: HashMap::with_capacity(n),
            clashes: Vec::new(),
        }
    }

    /// Claims `file.path` for `owner` (a description and the source file, if any).
    pub(super) fn add(
        &mut self,
        file: OutputFile,
        owner: impl FnOnce() -> (String, Option<PathBuf>),
    ) {
        let (owner, source) = owner();
        if let Some((first, first_source)) = self.owners.get(&file.path) {
            let about = source.or_else(|| first_source.clone());
            self.clashes.push(
                Diagnostic::error(
                    crate::error::Code::OutputClash,
                    about,
                    format!("{first} and {owner} would both be written to {}", file.path),
                )
                .hint("rename or move one of them"),
            );
            return;
        }
        self.owners.insert(file.path.clone(), (owner, source));
        self.files.push(file);
    }

    /// Adds an error for each claimed path that another one needs as a
    /// folder (a copied file `glossary` and `glossary/index.html` of
    /// glossary.md): a file and a folder cannot share a name.
    pub(super) fn find_folder_clashes(&mut self) {
        let mut reported = std::collections::HashSet::new();
        for file in &self.files {
            let path = file.path.as_str();
            for (i, _) in path.match_indices('/') {
                let folder = &path[..i];
                let (Some((owner, source)), Some((other, other_source))) =
                    (self.owners.get(folder), self.owners.get(path))
                else {
                    continue;
                };
                if !reported.insert(folder) {
                    continue;
                }
                self.clashes.push(
                    Diagnostic::error(crate::error::Code::OutputClash,
                        source.clone().or_else(|| other_source.clone()),
                        format!("{owner} would be written to {folder}, where {other} needs a folder (for {path})"),
                    )
                    .hint("rename or move one of them"),
                );
            }
        }
    }
}

/// The output file of a redirect for `alias`: a path on this site, written
/// with or without the base path or the site's full URL.
pub(super) fn alias_file(alias: &str, config: &Config) -> Result<String, &'static str> {
    let mut path = alias.trim();
    if path.contains("://") || path.starts_with("//") {
        let site = format!("{}{}", config.origin().unwrap_or(""), config.base_path());
        path = match path.strip_prefix(site.as_str()) {
            Some(rest) if config.origin().is_some() => rest,
            _ => return Err("is not on this site"),
        };
    } else if let Some(rest) = path.strip_prefix(config.base_path()) {
        path = rest;
    }
    let path = crate::analyse::links::decode(path.trim_start_matches('/'));
    if path.split('/').any(|s| s == ".." || s == ".") || path.contains(['\\', '\0']) {
        return Err("leaves the site");
    }
    // No file system takes a name longer than 255 bytes (checked here, so a
    // build never fails halfway through writing).
    if path.split('/').any(|s| s.len() > 255) {
        return Err("has a part longer than a file name can be (255 bytes)");
    }
    Ok(if path.ends_with(".html") || path.ends_with(".htm") {
        path
    } else if path.is_empty() {
        "index.html".to_string()
    } else {
        format!("{}/index.html", path.trim_end_matches('/'))
    })
}
