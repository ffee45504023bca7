//! Deploying under a subpath: built with `--base-url .../handbook/`, every
//! internal link, stylesheet, script and image in the output resolves to a
//! file in the output, and redirects are there for hosts that read them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use handbook::BuildOptions;
use scraper::{Html, Selector};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(html_files(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
    out
}

/// The file an internal URL path (`/handbook/a/b/#x`) is served from.
fn target(out: &Path, url: &str, base: &str) -> Option<PathBuf> {
    let path = url.split(['#', '?']).next().unwrap_or(url);
    let rest = path.strip_prefix(base)?;
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .ok()?
        .into_owned();
    let file = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded
    };
    Some(out.join(file))
}

#[test]
fn every_internal_link_resolves_under_a_subpath() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let report = handbook::build(&BuildOptions {
        root: sample(),
        output: Some(out.clone()),
        base_url: Some("https://example.com/handbook/".into()),
        ..BuildOptions::default()
    })
    .unwrap_or_else(|e| panic!("{e}: {e:?}"));
    assert!(report.pages > 20);

    let selectors = [
        ("a[href]", "href"),
        ("link[href]", "href"),
        ("script[src]", "src"),
        ("img[src]", "src"),
        ("[data-src]", "data-src"),
    ];
    let mut checked = 0;
    let mut broken = BTreeSet::new();
    for file in html_files(&out) {
        let doc = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
        for (css, attr) in selectors {
            for element in doc.select(&Selector::parse(css).unwrap()) {
                let Some(url) = element.value().attr(attr) else {
                    continue;
                };
                if url.starts_with('#') || url.contains("://") || url.starts_with("mailto:") {
                    continue;
                }
                let from = file.strip_prefix(&out).unwrap().display().to_string();
                // Root-relative links must stay under the subpath.
                assert!(
                    url.starts_with("/handbook/"),
                    "{from}: {url} escapes the subpath"
                );
                checked += 1;
                match target(&out, url, "/handbook/") {
                    Some(t) if t.is_file() => {}
                    _ => {
                        broken.insert(format!("{from}: {url}"));
                    }
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} links checked");
    assert!(
        broken.is_empty(),
        "links that do not resolve to a file in the output: {broken:#?}"
    );
}

#[test]
fn redirects_are_pages_and_a_host_redirects_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    handbook::build(&BuildOptions {
        root: sample(),
        output: Some(out.clone()),
        base_url: Some("https://example.com/handbook/".into()),
        ..BuildOptions::default()
    })
    .unwrap();
    // content/company/how-we-work.md has `aliases: [/company/remote/]`.
    let page = std::fs::read_to_string(out.join("company/remote/index.html")).unwrap();
    assert!(
        page.contains("url=/handbook/company/how-we-work/"),
        "{page}"
    );
    let redirects = std::fs::read_to_string(out.join("_redirects")).unwrap();
    assert!(
        redirects
            .lines()
            .any(|l| l == "/handbook/company/remote/ /handbook/company/how-we-work/ 301"),
        "{redirects}"
    );
}
