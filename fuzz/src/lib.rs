//! What each fuzz target checks, in one place: the fuzz targets in
//! `fuzz/fuzz_targets/` call these functions, and `tests/suite/fuzz_regressions.rs`
//! includes this file to run the same checks on the committed seeds and
//! regression inputs with `cargo test`, so the two cannot drift.
//!
//! Every function takes the raw bytes libFuzzer made (read as UTF-8, invalid
//! sequences replaced) and panics when an invariant does not hold; the
//! library itself must never panic on any input.

use std::collections::HashSet;
use std::path::Path;

use handbook::analyse::links::{LinkIndex, Target};
use handbook::analyse::progress::{self, PageProgress};
use handbook::config::{Config, RelativeTo};
use handbook::content::frontmatter::{self, Format};
use handbook::content::{PageUrl, SourcePath};
use handbook::render::markdown::{self, LinkRef, Rendered};

/// A fuzz target's checks: panics when an invariant fails.
pub type Check = fn(&[u8]);

/// The fuzz targets, by name: the folders under `fuzz/seeds/` and `fuzz/regressions/`.
pub const TARGETS: &[(&str, Check)] = &[
    ("frontmatter", frontmatter),
    ("markdown", markdown),
    ("links", links),
    ("checklist", checklist),
];

/// A page's text as the loader would see it (it reads files as UTF-8).
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

fn line_count(text: &str) -> usize {
    // As diagnostics count them: a line ends at `\n`, `\r\n` or a lone `\r`.
    let b = text.as_bytes();
    let breaks = b
        .iter()
        .enumerate()
        .filter(|&(i, &c)| c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')))
        .count();
    breaks + 1
}

/// `frontmatter::split` then `frontmatter::parse`: the parts are slices of
/// the text at the offsets they claim, and an error points inside the file.
pub fn frontmatter(data: &[u8]) {
    let text = text(data);
    let file = Path::new("fuzz.md");
    let after_bom = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let split = match frontmatter::split(&text) {
        Ok(split) => split,
        Err(e) => {
            let first = after_bom.lines().next().unwrap_or("").trim_end();
            assert!(
                first == "---" || first == "+++",
                "only an opened frontmatter can be unclosed, first line {first:?}"
            );
            let d = e.diagnostic(file, &text);
            assert!(d.is_error() && d.hint.is_some(), "{d:?}");
            return;
        }
    };
    assert!(split.body_offset <= text.len());
    assert_eq!(split.body, &text[split.body_offset..], "body at its offset");
    match split.front {
        Some((format, front)) => {
            let end = split.front_offset + front.len();
            assert_eq!(
                text.get(split.front_offset..end),
                Some(front),
                "frontmatter at its offset"
            );
            assert!(end <= split.body_offset, "frontmatter before the body");
            let fence = match format {
                Format::Yaml => "---",
                Format::Toml => "+++",
            };
            assert!(after_bom.starts_with(fence), "{format:?} opened by {fence}");
        }
        None => assert_eq!(split.body, after_bom, "no frontmatter: the body is all"),
    }
    match frontmatter::parse(file, &text, &split, &Default::default()) {
        Ok(fm) => {
            if let Some(p) = fm.progress {
                assert!(p.percent() <= 100, "{p:?}");
            }
            if split.front.is_none() {
                assert!(fm.title.is_none() && fm.extra.is_empty());
            }
        }
        Err(d) => {
            assert!(split.front.is_some(), "an error without frontmatter: {d:?}");
            assert!(d.is_error() && d.hint.is_some(), "{d:?}");
            if let Some(p) = d.position {
                assert!(
                    p.line >= 1 && p.line <= line_count(&text),
                    "line {} of {}: {d:?}",
                    p.line,
                    line_count(&text)
                );
                assert!(p.column >= 1, "column {}: {d:?}", p.column);
            }
        }
    }
}

/// Renders `body` as a page is rendered, with a resolver that writes each
/// destination back as it was (the worst case for escaping).
fn render(body: &str, raw_html: bool) -> (Rendered, usize) {
    let mut links = 0;
    let mut resolve = |link: &LinkRef<'_>| {
        links += 1;
        assert!(link.offset <= body.len(), "link offset past the body");
        link.dest.to_string()
    };
    let rendered = markdown::render(body, raw_html, &mut resolve);
    (rendered, links)
}

/// What must hold of any rendered page.
fn check_rendered(r: &Rendered, raw_html: bool) {
    let mut ids = HashSet::new();
    for h in &r.headings {
        assert!((1..=6).contains(&h.level), "{h:?}");
        assert!(ids.insert(h.id.as_str()), "heading id {:?} twice", h.id);
        assert!(
            r.anchors.contains(&h.id),
            "heading id {:?} not an anchor",
            h.id
        );
    }
    if let Some(title) = &r.title_heading {
        assert_eq!(
            r.headings.first(),
            Some(title),
            "the title is the first heading"
        );
        assert_eq!(title.level, 1);
    }
    for task in &r.tasks {
        if let Some(s) = task.section {
            let h = r
                .headings
                .get(s)
                .unwrap_or_else(|| panic!("task section {s} of {} headings", r.headings.len()));
            assert!(matches!(h.level, 2 | 3), "a section is a ## or ###: {h:?}");
        }
    }
    if raw_html {
        // The input's own `<input type="checkbox">` would count as boxes.
        return;
    }
    // Every task-list marker pulldown-cmark renders is a task we counted.
    let boxes = r
        .html
        .matches("<input disabled=\"\" type=\"checkbox\"")
        .count();
    let ticked = r
        .html
        .matches("<input disabled=\"\" type=\"checkbox\" checked=\"\"")
        .count();
    let done = r.tasks.iter().filter(|t| t.done).count();
    assert!(
        boxes <= r.tasks.len(),
        "{boxes} boxes, {} tasks",
        r.tasks.len()
    );
    assert!(ticked <= done, "{ticked} ticked boxes, {done} done tasks");
}

/// `markdown::render` with raw HTML on and off: no panic, unique heading ids,
/// valid task sections, and with raw HTML off no markup of the input's own.
pub fn markdown(data: &[u8]) {
    let text = text(data);
    let (with_html, links_with) = render(&text, true);
    check_rendered(&with_html, true);
    let (safe, links_safe) = render(&text, false);
    check_rendered(&safe, false);
    // Raw HTML changes what is shown, not the structure we take from it (ids
    // may differ: an `id` in raw HTML takes a heading's slug).
    let headings = |r: &Rendered| {
        r.headings
            .iter()
            .map(|h| (h.level, h.text.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        headings(&with_html),
        headings(&safe),
        "headings depend on raw_html"
    );
    assert_eq!(with_html.tasks, safe.tasks, "tasks depend on raw_html");
    assert!(links_safe <= links_with, "script URLs are not resolved");
    let lower = safe.html.to_ascii_lowercase();
    // `<` in text is escaped, so any `<script` is a tag.
    for tag in ["<script", "<iframe", "<object", "<embed", "<style", "<form"] {
        assert!(
            !lower.contains(tag),
            "raw_html=false let {tag} through:\n{}",
            safe.html
        );
    }
    for (tag, name, value) in attributes(&safe.html) {
        let name = name.to_ascii_lowercase();
        assert!(
            !name.starts_with("on"),
            "raw_html=false wrote an event handler `{name}` on <{tag}>:\n{}",
            safe.html
        );
        if matches!(name.as_str(), "href" | "src" | "action" | "formaction") {
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            assert!(
                !["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| squeezed.starts_with(s)),
                "raw_html=false kept {name}={value:?} on <{tag}>:\n{}",
                safe.html
            );
        }
    }
}

/// Every attribute of every tag in `html` as we write it (values in double
/// quotes; `<` in text escaped): tag name, attribute name, value.
fn attributes(html: &str) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for chunk in html.split('<').skip(1) {
        let mut rest = chunk;
        let tag_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let tag = rest[..tag_end].to_string();
        rest = &rest[tag_end..];
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let name_end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/'))
                .unwrap_or(rest.len());
            let name = rest[..name_end].to_string();
            rest = &rest[name_end..];
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix('=') {
                if let Some(quoted) = after.strip_prefix('"') {
                    let close = quoted.find('"').unwrap_or(quoted.len());
                    value = quoted[..close].to_string();
                    rest = quoted.get(close + 1..).unwrap_or("");
                } else {
                    let end = after
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(after.len());
                    value = after[..end].to_string();
                    rest = &after[end..];
                }
            }
            if name.is_empty() {
                // Not a tag we wrote; step past the odd character.
                rest = rest.get(1..).unwrap_or("");
                continue;
            }
            found.push((tag.clone(), name, value));
        }
    }
    found
}

/// A page's text (frontmatter and body) through checklist counting:
/// `PageProgress::new` agrees with the tasks `render` found.
pub fn checklist(data: &[u8]) {
    let text = text(data);
    let (declared, body) = match frontmatter::split(&text) {
        Ok(split) => {
            let declared =
                frontmatter::parse(Path::new("fuzz.md"), &text, &split, &Default::default())
                    .ok()
                    .and_then(|fm| fm.progress);
            (declared, split.body)
        }
        Err(_) => (None, text.as_str()),
    };
    let (r, _) = render(body, false);
    check_rendered(&r, false);
    let p = PageProgress::new(declared, &r.tasks, &r.headings);
    let done = r.tasks.iter().filter(|t| t.done).count() as u32;
    match p.checklist {
        Some(c) => {
            assert_eq!(c.total as usize, r.tasks.len(), "every task counted");
            assert_eq!(c.done, done, "every ticked task counted");
            assert!(c.done <= c.total);
            assert!(c.percent() <= 100);
        }
        None => assert!(r.tasks.is_empty(), "tasks but no checklist"),
    }
    let in_sections = r.tasks.iter().filter(|t| t.section.is_some()).count() as u32;
    let mut section_total = 0u32;
    let heading_ids: HashSet<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    for s in &p.sections {
        assert!(s.progress.total >= 1, "a section without items: {s:?}");
        assert!(s.progress.done <= s.progress.total, "{s:?}");
        assert!(s.percent <= 100, "{s:?}");
        assert_eq!(s.percent, s.progress.percent());
        assert!(heading_ids.contains(s.id.as_str()), "{s:?} is no heading");
        section_total += s.progress.total;
    }
    assert_eq!(section_total, in_sections, "section totals add up");
    assert!(section_total <= p.checklist.map_or(0, |c| c.total));
    if let Some(percent) = p.percent {
        assert!(percent <= 100);
    }
    assert_eq!(
        p.percent.is_some(),
        declared.is_some() || !r.tasks.is_empty()
    );
    let _ = progress::contradiction(declared, p.checklist);
}

/// Limits that keep one input's work small.
const MAX_PAGES: usize = 64;
const MAX_FROM: usize = 8;

/// A source path whose URL and file path mean the same written as a link.
fn is_clean_source(s: &str) -> bool {
    s.ends_with(".md") && is_clean_segments(s)
}

/// A folder path (`/`, `/handbook/`) without dot segments or characters a
/// link would need to encode.
fn is_clean_folder(s: &str) -> bool {
    s == "/"
        || s.strip_prefix('/')
            .and_then(|s| s.strip_suffix('/'))
            .is_some_and(is_clean_segments)
}

fn is_clean_segments(s: &str) -> bool {
    s.split('/')
        .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
        && !s.contains(|c: char| {
            c.is_whitespace() || c.is_control() || matches!(c, '#' | '?' | '%' | '\\' | ':')
        })
}

/// `LinkIndex::new` + `resolve`. The input is lines: the base URL; `url` or
/// `file` (how relative links are meant) and allowed prefixes; then page
/// source paths, a `--` line, files, a `--` line, destinations. Resolving
/// never panics, finds only pages and files that exist, and a page's own
/// path, URL and relative path lead back to it.
pub fn links(data: &[u8]) {
    let text = text(data);
    let mut lines = text.split('\n');
    let base_url = lines.next().unwrap_or("").trim();
    let mut options = lines.next().unwrap_or("").split_whitespace();
    let mut config = Config::default();
    if config.set_base_url(base_url).is_err() {
        // Refused before a build starts: no link is resolved against it.
        return;
    }
    config.links.relative_to = match options.next() {
        Some("url") => RelativeTo::Url,
        _ => RelativeTo::File,
    };
    config.links.allow = options.map(str::to_string).collect();
    let mut blocks = [Vec::new(), Vec::new(), Vec::new()];
    let mut block = 0;
    for line in lines {
        if line == "--" {
            block = (block + 1).min(2);
        } else if blocks[block].len() < MAX_PAGES {
            blocks[block].push(line);
        }
    }
    let [pages, files, dests] = blocks;
    let pages: Vec<(SourcePath, PageUrl)> = pages
        .iter()
        .map(|p| {
            let s = SourcePath::new(*p);
            let u = s.page_url();
            (s, u)
        })
        .collect();
    let files: Vec<SourcePath> = files.iter().map(|f| SourcePath::new(*f)).collect();
    let index = LinkIndex::new(&config, pages.iter().map(|(s, u)| (s, u)), files.iter());
    let file_set: HashSet<&str> = files.iter().map(SourcePath::as_str).collect();
    let check = |dest: &str, from: &SourcePath, from_url: &PageUrl| {
        let target = index.resolve(dest, from, from_url);
        match &target {
            Target::Page { page, .. } => assert!(
                *page < pages.len(),
                "{dest:?} from {from:?}: page {page} of {}",
                pages.len()
            ),
            Target::File(f) => assert!(
                file_set.contains(f.as_str()),
                "{dest:?} from {from:?}: {f:?} is not a file of the site"
            ),
            _ => {}
        }
        target
    };
    let outsider = SourcePath::new("fuzz/outsider.md");
    let mut froms: Vec<(&SourcePath, &PageUrl)> =
        pages.iter().take(MAX_FROM).map(|(s, u)| (s, u)).collect();
    let outsider_url = outsider.page_url();
    froms.push((&outsider, &outsider_url));
    for dest in &dests {
        for &(from, from_url) in &froms {
            check(dest, from, from_url);
        }
    }

    // Round trips, where the paths are plain enough to be written as links.
    let base_path = config.base_path().to_string();
    if !is_clean_folder(&base_path) {
        return;
    }
    let allowed = |path: &str| config.links.allow.iter().any(|a| path.starts_with(a));
    let same_source = |target: &Target, i: usize, how: &str| match target {
        Target::Page { page, .. } => assert_eq!(
            pages[*page].0, pages[i].0,
            "{how} of {:?} leads to {:?}",
            pages[i].0, pages[*page].0
        ),
        other => panic!("{how} of {:?} resolves to {other:?}", pages[i].0),
    };
    let (from, from_url) = froms[0];
    for (i, (source, url)) in pages.iter().enumerate().take(MAX_PAGES) {
        if !is_clean_source(source.as_str()) {
            continue;
        }
        // The site-absolute path of its markdown file.
        let absolute = format!("{base_path}{}", source.as_str());
        if !allowed(&absolute) {
            same_source(&check(&absolute, from, from_url), i, &absolute);
        }
        // Its URL, which may be another page's too when two files clash (and
        // which has a dot segment for a file named `..md`: not a link to write).
        let at_url = format!("{base_path}{}", &url.as_str()[1..]);
        if is_clean_folder(url.as_str()) && !allowed(&at_url) {
            match check(&at_url, from, from_url) {
                Target::Page { page, .. } => assert_eq!(
                    pages[page].1, *url,
                    "the URL {at_url:?} leads to {:?}",
                    pages[page].0
                ),
                other => panic!("the URL {at_url:?} resolves to {other:?}"),
            }
        }
        // Relative to another clean page's file, as GitHub shows links.
        if config.links.relative_to == RelativeTo::File && is_clean_source(from.as_str()) {
            let up = "../".repeat(from.folders().count());
            let relative = format!("{up}{}", source.as_str());
            same_source(&check(&relative, from, from_url), i, &relative);
        }
    }
}
