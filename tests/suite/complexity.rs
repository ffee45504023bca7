//! How the cost of a build grows with the handbook, counted rather than timed
//! (timings are for `scripts/bench.sh`): generated handbooks of 50, 200 and
//! 800 pages are built, and the work each did is compared with its size.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use handbook::render::highlight;
use handbook::serve::watch::Change;
use handbook::site::BuildStats;
use handbook::{Build, BuildOptions, Diagnostic, Error, Site, Update};

#[path = "../../benches/corpus/mod.rs"]
mod corpus;

const SIZES: [usize; 3] = [50, 200, 800];

struct Generated {
    dir: tempfile::TempDir,
    /// Pages, the section index pages included.
    pages: usize,
    /// Links written in the pages.
    links: usize,
}

impl Generated {
    fn new(pages: usize) -> Generated {
        let dir = tempfile::tempdir().expect("temp dir");
        let content = corpus::write_handbook(dir.path(), pages).expect("write handbook");
        let mut count = 0;
        let mut links = 0;
        for entry in walk(&content) {
            count += 1;
            links += std::fs::read_to_string(entry)
                .expect("read page")
                .matches("](")
                .count();
        }
        Generated {
            dir,
            pages: count,
            links,
        }
    }

    fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.dir.path().to_path_buf(),
            output: Some(self.out()),
            ..Default::default()
        }
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }
}

/// Every markdown file below `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files
}

/// Bytes of every file under `dir`, leaving out the theme's own files
/// (`_handbook/`), which are the same for every handbook.
fn site_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let entry = entry.expect("entry");
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "_handbook") {
                    stack.push(path);
                }
            } else {
                total += entry.metadata().expect("metadata").len();
            }
        }
    }
    total
}

#[test]
fn each_page_is_parsed_and_rendered_once_and_each_link_resolved_once() {
    for n in SIZES {
        let h = Generated::new(n);
        let site = Site::load(&h.options())
            .and_then(|s| s.render(None))
            .expect("the generated handbook builds");
        assert_eq!(site.pages, h.pages);
        assert_eq!(
            site.stats,
            BuildStats {
                markdown_parses: h.pages,
                links_resolved: h.links,
                pages_rendered: h.pages,
                template_compiles: 1,
                ..site.stats
            },
            "{n} pages"
        );
    }
}

#[test]
fn output_bytes_per_page_stay_flat_as_pages_grow() {
    // What each further page adds to the output, from 50 to 200 pages and
    // from 200 to 800: the theme's files, the generated pages' frames and the
    // search index's fixed part cancel out. With a copy of the whole
    // navigation in every page, each page would add about 300 bytes per
    // page in the site (60 KB at 200 pages, 240 KB at 800), and the second
    // figure would be about four times the first. Shared by all pages, the
    // navigation, sitemap, listings and search index add the same per page
    // at any size. What still varies is the generated text (word lengths,
    // where links fall): within 10% leaves room for that and fails long
    // before a per-page copy of anything site-wide.
    let mut sizes = Vec::new();
    for n in SIZES {
        let h = Generated::new(n);
        let report = handbook::build(&h.options()).expect("the generated handbook builds");
        assert_eq!(report.pages, h.pages);
        sizes.push((h.pages as f64, site_bytes(&h.out()) as f64));
    }
    let added: Vec<f64> = sizes
        .windows(2)
        .map(|w| (w[1].1 - w[0].1) / (w[1].0 - w[0].0))
        .collect();
    eprintln!("bytes each further page adds, {SIZES:?} pages: {added:.0?}");
    let (min, max) = added
        .iter()
        .fold((f64::MAX, 0f64), |(lo, hi), &b| (lo.min(b), hi.max(b)));
    assert!(
        min > 0.0 && max / min <= 1.10,
        "bytes each further page adds, {SIZES:?} pages: {added:.0?} (max/min {:.3})",
        max / min
    );
}

#[test]
fn a_body_edit_in_serve_parses_one_page_and_renders_only_its_neighbours() {
    let h = Generated::new(*SIZES.last().unwrap_or(&800));
    let options = h.options();
    let mut build = Build::new(Site::load(&options).expect("load"), None);
    let before = build.stats();
    assert_eq!(before.markdown_parses, h.pages);
    // A page that links to others, and that no section lists as its own index.
    let file = h
        .dir
        .path()
        .join("content")
        .join(corpus::page_path(7, SIZES[2]));
    let text = std::fs::read_to_string(&file).expect("read page");
    std::fs::write(&file, format!("{text}\nOne more paragraph.\n")).expect("edit page");
    let update = build
        .update(&BTreeSet::from([Change::Content(file.clone())]), &options)
        .expect("update");
    let after = build.stats();
    assert_eq!(after.markdown_parses - before.markdown_parses, 1);
    assert_eq!(after.template_compiles, 1, "no template was compiled again");
    let Update::Pages(touched) = update else {
        panic!("a body edit rebuilt the whole site");
    };
    // The page itself; nothing else shows its body.
    assert_eq!(touched, 1);
    assert_eq!(after.pages_rendered - before.pages_rendered, 1);
}

#[test]
fn the_syntax_set_is_loaded_once_per_process() {
    // Two builds with code blocks (every third generated page has one).
    for n in [30, 60] {
        let h = Generated::new(n);
        handbook::build(&h.options()).expect("the generated handbook builds");
    }
    assert_eq!(highlight::syntax_set_loads(), 1);
}

#[test]
fn a_body_edit_in_serve_hands_over_a_handful_of_files_at_any_size() {
    // What `serve` gives its HTTP server after a body edit (`Build::changes`):
    // the page, and of the search index the page's chunk, the shards of
    // "one", "more" and "paragraph" and perhaps the manifest. Handing over
    // the whole site (every page and about one search file per 3.5 pages)
    // made an edit cost milliseconds per thousand pages.
    for n in [SIZES[0], SIZES[2]] {
        let h = Generated::new(n);
        let options = h.options();
        let mut build = Build::new(Site::load(&options).expect("load"), None);
        let first = build.changes().expect("the generated handbook builds");
        assert!(first.full, "the first hand-over is the whole site");
        assert!(first.files.len() > n, "{} files", first.files.len());
        let rel = corpus::page_path(7, n);
        let file = h.dir.path().join("content").join(&rel);
        let text = std::fs::read_to_string(&file).expect("read page");
        std::fs::write(&file, format!("{text}\nOne more paragraph.\n")).expect("edit page");
        build
            .update(&BTreeSet::from([Change::Content(file.clone())]), &options)
            .expect("update");
        let edit = build.changes().expect("the edited handbook builds");
        let handed: Vec<&str> = edit
            .files
            .iter()
            .map(|f| f.path.as_str())
            .chain(edit.removed.iter().map(String::as_str))
            .collect();
        assert!(
            !edit.full,
            "{n} pages: a body edit hands over the whole site"
        );
        let page = rel.trim_end_matches(".md").to_string() + "/index.html";
        assert!(handed.contains(&page.as_str()), "{n} pages: {handed:?}");
        assert!(
            handed.len() <= 6 && edit.removed.is_empty(),
            "{n} pages: {} of {} files handed over: {handed:?}",
            handed.len(),
            first.files.len()
        );
    }
}

/// Checks a handbook whose one page holds `links` broken links, `per_line`
/// to a line; what it took, and the diagnostics.
fn check_broken_links(links: usize, per_line: usize) -> (Duration, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut page = String::from("# Links\n\n");
    for i in 0..links {
        page.push_str(&format!("[l{i}](missing-é{i}.md)"));
        page.push(if (i + 1) % per_line == 0 { '\n' } else { ' ' });
    }
    std::fs::write(dir.path().join("index.md"), page).expect("write page");
    let options = BuildOptions {
        root: dir.path().to_path_buf(),
        ..Default::default()
    };
    let start = Instant::now();
    let result = handbook::check(&options);
    let took = start.elapsed();
    let Err(Error::Handbook(diagnostics)) = result else {
        panic!("the broken links fail the check");
    };
    (took, diagnostics)
}

#[test]
fn broken_links_on_one_long_line_cost_what_they_cost_on_lines_of_their_own() {
    // The same links, each on its own line and all on one line of about
    // 1 MB: a diagnostic's position and snippet must not cost the length of
    // its line, or the long line costs links x line length (quadratic: 20,000
    // links on one line took minutes). The best of two runs of each, and a
    // bound far above the noise of a shared machine and far below the
    // hundreds of times slower that a cost per character of the line gives.
    const LINKS: usize = 40_000;
    let mut took = Vec::new();
    for per_line in [1, LINKS] {
        let mut best = Duration::MAX;
        for _ in 0..2 {
            let (t, diagnostics) = check_broken_links(LINKS, per_line);
            assert_eq!(diagnostics.len(), LINKS);
            best = best.min(t);
            // Still where the link is, shown around it.
            let last = &diagnostics[LINKS - 1];
            let at = last.position.expect("a position");
            if per_line == 1 {
                assert_eq!((at.line, at.column), (LINKS + 2, 1), "{last}");
            } else {
                let before: usize = (0..LINKS - 1)
                    .map(|i| format!("[l{i}](missing-é{i}.md) ").chars().count())
                    .sum();
                assert_eq!((at.line, at.column), (3, before + 1), "{last}");
            }
            let snippet = last.snippet.as_deref().unwrap_or("");
            let link = format!("[l{0}](missing-é{0}.md)", LINKS - 1);
            assert!(
                snippet.contains(&link) && snippet.chars().count() <= 162,
                "{last}"
            );
            let shown = last.to_string();
            let lines: Vec<&str> = shown.lines().collect();
            let caret = lines[2].chars().position(|c| c == '^').expect("a caret");
            let under: String = lines[1].chars().skip(caret).take(link.len()).collect();
            assert!(link.starts_with(&under) && under.len() > 4, "{shown}");
        }
        took.push(best);
    }
    eprintln!(
        "{LINKS} broken links, one a line: {:?}; all on one line: {:?}",
        took[0], took[1]
    );
    assert!(
        took[1] <= took[0] * 3 + Duration::from_secs(1),
        "{LINKS} broken links: {:?} on one line, {:?} one a line",
        took[1],
        took[0]
    );
}

#[test]
fn a_glossary_term_defined_many_times_costs_what_as_many_terms_cost() {
    // Each duplicate definition is an error at the second one, naming the
    // first: finding their lines must not index the whole page again per
    // duplicate (4,000 duplicates took about 20 s, against milliseconds for
    // 4,000 different terms).
    const TERMS: usize = 4_000;
    let check = |same: bool| {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut page = String::from("# Glossary\n\n");
        for i in 0..TERMS {
            let name = if same {
                "SLA".to_string()
            } else {
                format!("SLA {i}")
            };
            page.push_str(&format!("## {name}\n\nA promise.\n\n"));
        }
        std::fs::write(dir.path().join("glossary.md"), page).expect("write page");
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            ..Default::default()
        };
        let start = Instant::now();
        let result = handbook::check(&options);
        let took = start.elapsed();
        let errors = match result {
            Ok(_) => 0,
            Err(Error::Handbook(d)) => d.iter().filter(|d| d.is_error()).count(),
            Err(e) => panic!("{e}"),
        };
        (took, errors)
    };
    let (different, none) = check(false);
    let (same, errors) = check(true);
    assert_eq!((none, errors), (0, TERMS - 1));
    eprintln!("{TERMS} glossary terms: {different:?} all different, {same:?} all the same");
    assert!(
        same <= different * 3 + Duration::from_secs(1),
        "{TERMS} glossary terms: {same:?} all the same, {different:?} all different"
    );
}
