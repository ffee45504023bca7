//! The build's stages one at a time, on pages of the generated handbook
//! (`benches/corpus`), with divan:
//!
//!     cargo bench --bench stages                # every stage, about two minutes
//!     cargo bench --bench stages -- markdown    # the stages whose name has `markdown`
//!
//! Per page: frontmatter, markdown, highlight (one code block), template,
//! links (one page's links resolved), its words taken into a build's search
//! index, and its search record as `serve` makes it. Per site: the link
//! index and the navigation for 10,000 pages, the search index of 1,000
//! pages, writing 1,000 output files, and a whole build of 300 pages. `scripts/bench.sh` times whole builds against the
//! floor and Hugo; these say which stage a change made faster or slower.

use std::path::Path;

use divan::{Bencher, black_box};
use handbook::analyse::links::LinkIndex;
use handbook::analyse::nav::{Nav, NavEntry};
use handbook::analyse::progress::PageProgress;
use handbook::config::Config;
use handbook::content::frontmatter;
use handbook::content::{PageUrl, SourcePath};
use handbook::output::search::{Gather, SearchIndex};
use handbook::output::{self, OutputFile};
use handbook::render::highlight;
use handbook::render::markdown::{self, LinkRef, Rendered};
use handbook::render::nav_html::{self, NavBadge};
use handbook::render::search::{PageInput, PageRecord};
use handbook::render::templates::Theme;

#[path = "corpus/mod.rs"]
mod corpus;

fn main() {
    divan::main();
}

/// Pages 1 and 2 of a 10,000-page handbook: neither has a code block.
fn sample_page() -> String {
    corpus::page(1, 10_000)
}

fn body(text: &str) -> &str {
    frontmatter::split(text).map_or(text, |s| s.body)
}

/// A page's body rendered, its links left as written.
fn rendered(text: &str) -> Rendered {
    markdown::render(body(text), false, &mut |l: &LinkRef<'_>| l.dest.to_string())
}

#[divan::bench]
fn frontmatter_parse(bencher: Bencher) {
    let text = sample_page();
    let file = Path::new("p.md");
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| {
            let split = frontmatter::split(black_box(&text)).ok()?;
            frontmatter::parse(file, &text, &split, &Default::default()).ok()
        });
}

#[divan::bench]
fn markdown_render(bencher: Bencher) {
    let text = sample_page();
    let body = body(&text);
    bencher
        .counter(divan::counter::BytesCount::of_str(body))
        .bench(|| {
            markdown::render(black_box(body), false, &mut |l: &LinkRef<'_>| {
                l.dest.to_string()
            })
        });
}

#[divan::bench(args = ["rust", "js", "yaml", "bash"])]
fn highlight_block(bencher: Bencher, lang: &str) {
    let block = corpus::code_block(3, lang);
    let code = block
        .trim_start_matches(|c| c != '\n')
        .trim_start_matches('\n')
        .trim_end()
        .trim_end_matches("```");
    // The syntax set and the language's regexes are made on first use, once per process.
    highlight::highlight(code, lang);
    bencher
        .counter(divan::counter::BytesCount::of_str(code))
        .bench(|| highlight::highlight(black_box(code), lang));
}

/// What the first code block of a process pays once: syntect's syntax set.
#[divan::bench(sample_count = 10)]
fn highlight_setup_syntax_set() -> syntect::parsing::SyntaxSet {
    syntect::parsing::SyntaxSet::load_defaults_newlines()
}

/// syntect's themes, which the highlighting stylesheet is made from.
#[divan::bench(sample_count = 10)]
fn highlight_setup_themes() -> syntect::highlighting::ThemeSet {
    syntect::highlighting::ThemeSet::load_defaults()
}

#[divan::bench(sample_count = 20)]
fn templates_compile() -> Option<Theme> {
    Theme::load(&Config::default(), None).ok()
}

/// The page template with a context of the shape `site.rs` gives it: the
/// page's HTML, a table of contents, breadcrumbs, eight backlinks.
#[divan::bench]
fn template_render(bencher: Bencher) {
    let mut theme = Theme::load(&Config::default(), None).expect("the built-in theme loads");
    theme.tera.global_context().insert(
        "site",
        &serde_json::json!({"title": "Handbook", "description": "", "language": "en",
            "base_url": "", "base_path": "/", "home": "/", "nav_url": "/_nav.html",
            "assets": "/_handbook/", "links": [], "search": "/_search/"}),
    );
    let text = sample_page();
    let rendered = rendered(&text);
    let link = |n: usize| serde_json::json!({"label": format!("Page {n}"), "url": format!("/sec-01/sub-01/p-{n:05}/")});
    let page = serde_json::json!({
        "title": "Team process 1", "heading": "Team process 1", "label": "Team 1",
        "url": "/sec-01/sub-01/p-00001/", "source_path": "sec-01/sub-01/p-00001.md",
        "kind": "page", "content": rendered.html,
        "toc": rendered.headings, "status": {"name": "done", "label": "Done", "color": "#1a7f37"},
        "progress": PageProgress::new(None, &rendered.tasks, &rendered.headings),
        "has_code": false, "extra": {}, "maintainers": [],
        "tags": [{"name": "team", "url": "/tags/team/"}, {"name": "review", "url": "/tags/review/"}],
        "related": (3..8).map(link).collect::<Vec<_>>(), "steps": [], "direct_reports": [],
        "needs_review": false,
        "breadcrumbs": [link(0), link(1)], "prev": link(0), "next": link(2),
        "backlinks": (0..8).map(link).collect::<Vec<_>>(), "children": [], "is_section": false,
    });
    let mut context = tera::Context::new();
    context.insert("page", &page);
    if let Err(e) = theme.tera.render("page.html", &context) {
        panic!("page.html does not render with this context: {e}");
    }
    bencher
        .counter(divan::counter::BytesCount::of_str(&rendered.html))
        .bench(|| theme.tera.render("page.html", black_box(&context)).ok());
}

/// A temporary folder on tmpfs when there is one, as `scripts/bench.sh`
/// measures: on a disk, creating files soon after deleting many costs the
/// kernel far more than the build itself.
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("a temp folder")
}

/// Every page's source path and URL in a 10,000-page handbook.
fn site_paths(pages: usize) -> Vec<(SourcePath, PageUrl)> {
    (0..pages)
        .map(|i| {
            let path = SourcePath::new(corpus::page_path(i, pages));
            let url = path.page_url();
            (path, url)
        })
        .collect()
}

#[divan::bench(sample_count = 20)]
fn links_index_10k(bencher: Bencher) {
    let paths = site_paths(10_000);
    let config = Config::default();
    bencher.bench(|| {
        LinkIndex::new(
            &config,
            paths.iter().map(|(p, u)| (p, u)),
            std::iter::empty(),
        )
    });
}

/// One page's links (and images) resolved against a 10,000-page site.
#[divan::bench]
fn links_resolve_page(bencher: Bencher) {
    let paths = site_paths(10_000);
    let config = Config::default();
    let index = LinkIndex::new(
        &config,
        paths.iter().map(|(p, u)| (p, u)),
        std::iter::empty(),
    );
    let text = sample_page();
    let mut dests = Vec::new();
    markdown::render(body(&text), false, &mut |l| {
        dests.push(l.dest.to_string());
        String::new()
    });
    let (from, from_url) = &paths[1];
    bencher
        .counter(divan::counter::ItemsCount::new(dests.len()))
        .bench(|| {
            for d in &dests {
                black_box(index.resolve(black_box(d), from, from_url));
            }
        });
}

/// The navigation tree and its one shared HTML fragment, for 10,000 pages.
#[divan::bench(sample_count = 20)]
fn nav_build_and_render_10k(bencher: Bencher) {
    let paths = site_paths(10_000);
    let labels: Vec<String> = (0..paths.len()).map(|i| format!("Page {i}")).collect();
    bencher.bench(|| {
        let entries: Vec<NavEntry<'_>> = paths
            .iter()
            .zip(&labels)
            .map(|((_, url), label)| NavEntry {
                url,
                label,
                group: None,
                order: None,
                hidden: false,
            })
            .collect();
        let nav = Nav::build(&entries);
        let pieces =
            nav_html::NavPieces::new(&nav, &|n| nav.nodes[n].url.as_str().to_string(), &|_| {
                NavBadge::default()
            });
        nav_html::render(&nav, &pieces)
    });
}

/// 1,000 pages of 16 KB written into a new folder, and over an unchanged one.
#[divan::bench(args = ["new folder", "unchanged"], sample_count = 10)]
fn write_1000_files(bencher: Bencher, case: &str) {
    let files: Vec<OutputFile> = (0..1000)
        .map(|i| {
            OutputFile::bytes(
                format!("sec-{:02}/p-{i:05}/index.html", i / 100),
                vec![b'x'; 16 * 1024],
            )
        })
        .collect();
    let root = scratch();
    let out = root.path().join("out");
    if case == "unchanged" {
        let _ = output::write(&out, &files);
        bencher.bench_local(|| output::write(&out, &files).ok());
    } else {
        bencher
            .with_inputs(|| {
                let _ = std::fs::remove_dir_all(&out);
            })
            .bench_local_values(|()| output::write(&out, &files).ok());
    }
}

/// What the search index takes in of a page rendered as `rendered`, at `url`.
fn search_input<'a>(rendered: &'a Rendered, url: &'a str) -> PageInput<'a> {
    PageInput {
        url,
        title: "A page",
        crumbs: &["Section", "Topic"],
        description: None,
        glossary: false,
        headings: &rendered.headings,
        title_heading: rendered.title_heading.as_ref(),
        html: &rendered.html,
    }
}

/// A page of prose, or one with a highlighted code block (page 3 of
/// 10,000), whose many `<span>`s the index reads past; rendered.
fn search_sample(page: &str) -> Rendered {
    rendered(&if page == "code" {
        corpus::page(3, 10_000)
    } else {
        sample_page()
    })
}

/// One page taken into a build's search index: its sections cut out, its
/// words weighed into their best postings, its entry made. The gathering
/// knows the page's words already, as it does most words of most pages.
#[divan::bench(args = ["prose", "code"])]
fn search_page(bencher: Bencher, page: &str) {
    let rendered = search_sample(page);
    let input = search_input(&rendered, "/p/");
    bencher
        .counter(divan::counter::BytesCount::of_str(&rendered.html))
        .with_inputs(|| {
            let mut gathered = Gather::default();
            gathered.add_page(0, &input);
            gathered
        })
        .bench_local_values(|mut gathered| {
            gathered.add_page(1, black_box(&input));
            gathered
        });
}

/// One page's search record, which `serve` makes of each page an edit
/// renders again, to update its index.
#[divan::bench(args = ["prose", "code"])]
fn search_record_page(bencher: Bencher, page: &str) {
    let rendered = search_sample(page);
    bencher
        .counter(divan::counter::BytesCount::of_str(&rendered.html))
        .bench(|| PageRecord::new(black_box(&search_input(&rendered, "/p/"))));
}

/// The index of 1,000 pages, as a build makes it on two threads: each
/// gathers every other page, the two are merged, and the files written
/// (shards, chunks, manifest).
/// Whole builds with and without the index: `cargo bench --bench search_index`.
#[divan::bench(sample_count = 20)]
fn search_index_1000_pages(bencher: Bencher) {
    let pages: Vec<Rendered> = (0..1_000)
        .map(|i| rendered(&corpus::page(i, 1_000)))
        .collect();
    let urls: Vec<String> = (0..pages.len()).map(|i| format!("/p-{i}/")).collect();
    bencher.bench_local(|| {
        let mut workers = [Gather::default(), Gather::default()];
        for (i, (rendered, url)) in pages.iter().zip(&urls).enumerate() {
            workers[i % 2].add_page(i, &search_input(rendered, url));
        }
        let [a, b] = workers;
        let mut index = SearchIndex::new(pages.len(), false);
        index.build_gathered(a.merge(b));
        index.files().count()
    });
}

/// A whole build of a 300-page generated handbook into a new folder.
#[divan::bench(sample_count = 10)]
fn build_300_pages(bencher: Bencher) {
    let dir = scratch();
    corpus::write_handbook(dir.path(), 300).expect("the handbook is written");
    let out = dir.path().join("public");
    let options = handbook::BuildOptions {
        root: dir.path().to_path_buf(),
        output: Some(out.clone()),
        ..Default::default()
    };
    assert!(
        handbook::build(&options).is_ok(),
        "the generated handbook builds"
    );
    bencher
        .with_inputs(|| {
            let _ = std::fs::remove_dir_all(&out);
        })
        .bench_local_values(|()| handbook::build(&options).map(|r| r.pages).ok());
}
