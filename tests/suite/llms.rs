//! llms.txt: the site's title, summary and pages for language models, read
//! back as markdown (and as the proposal's own parser reads its lines):
//! sections in navigation order, links that lead to pages of the output,
//! descriptions, what is left out, hostile titles kept one link of text,
//! URLs under the base URL, and `serve` handing it over when it changes.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use handbook::output::Contents;
use handbook::serve::watch::Change;
use handbook::{Build, BuildOptions, Site};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::common::{self, Built, Fixture};

/// llms.txt as a reader takes it: each part's text as markdown shows it.
#[derive(Debug, Default)]
struct Llms {
    title: String,
    summary: Option<String>,
    /// The paragraphs between the summary and the first section.
    details: Vec<String>,
    sections: Vec<Section>,
}

#[derive(Debug)]
struct Section {
    name: String,
    links: Vec<Link>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Link {
    name: String,
    url: String,
    /// What follows `: ` after the link; empty when nothing does.
    notes: String,
}

impl Llms {
    fn names(&self) -> Vec<&str> {
        self.sections.iter().map(|s| s.name.as_str()).collect()
    }

    fn links(&self) -> impl Iterator<Item = &Link> {
        self.sections.iter().flat_map(|s| &s.links)
    }

    fn section(&self, name: &str) -> &Section {
        self.sections
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no section {name:?} in {:?}", self.names()))
    }

    fn link(&self, name: &str) -> &Link {
        self.links()
            .find(|l| l.name == name)
            .unwrap_or_else(|| panic!("no link {name:?} in {self:#?}"))
    }
}

impl Section {
    fn names(&self) -> Vec<&str> {
        self.links.iter().map(|l| l.name.as_str()).collect()
    }
}

/// Parses `text` as CommonMark, insisting on the proposal's shape: an H1,
/// an optional blockquote of one paragraph, paragraphs, then H2s each
/// followed by one list whose items are a link and, optionally, `: notes`.
/// No raw HTML anywhere, no line breaks inside a part.
fn parse(text: &str) -> Llms {
    let mut llms = Llms::default();
    let mut events = Parser::new_ext(text, Options::empty()).peekable();
    let inline = |events: &mut Events<'_>, end: TagEnd| inline(events, end, text);
    match events.next() {
        Some(Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        })) => llms.title = inline(&mut events, TagEnd::Heading(HeadingLevel::H1)),
        other => panic!("llms.txt starts with {other:?}, not an H1:\n{text}"),
    }
    if let Some(Event::Start(Tag::BlockQuote(None))) = events.peek() {
        events.next();
        assert!(matches!(events.next(), Some(Event::Start(Tag::Paragraph))));
        llms.summary = Some(inline(&mut events, TagEnd::Paragraph));
        assert!(matches!(
            events.next(),
            Some(Event::End(TagEnd::BlockQuote(None)))
        ));
    }
    while let Some(Event::Start(Tag::Paragraph)) = events.peek() {
        events.next();
        llms.details.push(inline(&mut events, TagEnd::Paragraph));
    }
    while let Some(event) = events.next() {
        let Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            ..
        }) = event
        else {
            panic!("expected a section's H2, got {event:?} in\n{text}");
        };
        let name = inline(&mut events, TagEnd::Heading(HeadingLevel::H2));
        assert!(
            matches!(events.next(), Some(Event::Start(Tag::List(None)))),
            "section {name:?} has no list:\n{text}"
        );
        let mut links = Vec::new();
        loop {
            match events.next() {
                Some(Event::Start(Tag::Item)) => {}
                Some(Event::End(TagEnd::List(false))) => break,
                other => panic!("unexpected {other:?} in section {name:?}:\n{text}"),
            }
            let url = match events.next() {
                Some(Event::Start(Tag::Link { dest_url, .. })) => dest_url.to_string(),
                other => panic!("an item of {name:?} starts with {other:?}:\n{text}"),
            };
            let link_name = inline(&mut events, TagEnd::Link);
            let rest = inline(&mut events, TagEnd::Item);
            let notes = match rest.strip_prefix(": ") {
                Some(notes) => notes.to_string(),
                None if rest.is_empty() => String::new(),
                None => panic!("after the link [{link_name}] comes {rest:?}, not `: `"),
            };
            links.push(Link {
                name: link_name,
                url,
                notes,
            });
        }
        llms.sections.push(Section { name, links });
    }
    llms
}

type Events<'a> = std::iter::Peekable<Parser<'a>>;

/// The text of the events up to `end`: text only (no HTML, code, breaks or
/// links), or a panic showing `text`.
fn inline(events: &mut Events<'_>, end: TagEnd, text: &str) -> String {
    let mut s = String::new();
    for event in events.by_ref() {
        match event {
            Event::End(e) if e == end => return s,
            Event::Text(t) => s.push_str(&t),
            other => panic!("unexpected {other:?} in {end:?} of\n{text}"),
        }
    }
    panic!("{end:?} never ends in\n{text}")
}

/// A link line as the proposal's reference parser (`llms_txt.parse_link`)
/// reads it: `-\s*\[(?P<title>[^\]]+)\]\((?P<url>[^\)]+)\)(?::\s*(?P<desc>.*))?`,
/// written out by hand. Its name and URL, or `None` where it finds no link.
fn reference_link(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('-')?.trim_start().strip_prefix('[')?;
    let end = rest.find(']')?;
    let (name, rest) = (&rest[..end], &rest[end + 1..]);
    let rest = rest.strip_prefix('(')?;
    let end = rest.find(')')?;
    (!name.is_empty() && end > 0).then(|| (name, &rest[..end]))
}

/// Every link line of `text` reads as the markdown one does to the
/// proposal's parser (same URLs, in order), and its H2 lines are the sections.
fn reads_alike(text: &str, llms: &Llms) {
    let urls: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with('-'))
        .map(|l| {
            reference_link(l)
                .unwrap_or_else(|| panic!("the proposal's parser finds no link in {l:?}"))
                .1
        })
        .collect();
    let want: Vec<&str> = llms.links().map(|l| l.url.as_str()).collect();
    assert_eq!(urls, want);
    let sections = text.lines().filter(|l| l.starts_with("##")).count();
    assert_eq!(sections, llms.sections.len(), "{text}");
}

/// The output file a link of llms.txt leads to, under the site's `prefix`
/// (its origin and base path).
fn output_file(url: &str, prefix: &str) -> String {
    let path = url
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("{url} is not under {prefix}"));
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .expect("UTF-8")
        .into_owned();
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    }
}

/// Every link of `llms` leads to a page of `built` (and is in its sitemap).
fn links_lead_to_pages(built: &Built, llms: &Llms, prefix: &str) {
    let sitemap: BTreeSet<String> = built.sitemap().into_iter().collect();
    for link in llms.links() {
        let file = output_file(&link.url, prefix);
        assert!(
            built.exists(&file),
            "{} leads to {file}, not in the output",
            link.url
        );
        assert!(
            built.read(&file).contains("<main"),
            "{} leads to {file}, which is not a page",
            link.url
        );
        let decoded = percent_encoding::percent_decode_str(&link.url)
            .decode_utf8()
            .unwrap();
        assert!(
            sitemap.iter().any(|loc| {
                percent_encoding::percent_decode_str(loc)
                    .decode_utf8()
                    .unwrap()
                    == decoded
            }),
            "{} is not in the sitemap {sitemap:?}",
            link.url
        );
    }
}

fn llms_of(built: &Built) -> (String, Llms) {
    let text = built.read("llms.txt");
    let llms = parse(&text);
    reads_alike(&text, &llms);
    (text, llms)
}

/// A handbook with sections, nested sections, orders, descriptions from
/// frontmatter and from first paragraphs, a page left out of the
/// navigation, a not-found page and generated pages (tags, dashboard).
fn acme() -> Fixture {
    Fixture::bare()
        .file(
            "handbook.toml",
            "title = \"Acme Handbook\"\ndescription = \"How Acme works,\\nall of it.\"\n",
        )
        .page("index.md", "---\ntitle: Welcome\n---\nHello, Acme. Also [the quiet page](people/secret.md).\n\nMore.\n")
        .page("faq.md", "---\ntitle: FAQ\ndescription: Questions we hear.\ntags: [help]\n---\nAsk away.\n")
        .page("404.md", "---\ntitle: Lost\n---\nNothing here.\n")
        .page("company/index.md", "---\nnavTitle: Company\nnavOrder: 1\n---\n# About Acme\n\nWho we are.\n")
        .page("company/values.md", "---\ntitle: Values\nnavOrder: 2\ndescription: What we value.\n---\nFirst paragraph, not the description.\n")
        .page("company/history.md", "---\ntitle: History\nnavOrder: 1\n---\nFounded in 2019,\nin a garage.\n\nLater on.\n")
        .page("company/teams/index.md", "---\ntitle: Teams\nnavOrder: 3\n---\nOur teams.\n")
        .page("company/teams/design.md", "---\ntitle: Design\n---\nPixels.\n")
        .page("people/index.md", "---\ntitle: People\nnavOrder: 2\n---\nPeople.\n")
        .page("people/hiring.md", "---\ntitle: Hiring\nstatus: in-progress\nprogress: 50\n---\nHow we hire.\n")
        .page("people/secret.md", "---\ntitle: Secret\nnav: false\n---\nHidden from the navigation.\n")
        .page("people/secret/below.md", "---\ntitle: Below secret\n---\nUnder it.\n")
}

#[test]
fn llms_txt_has_the_title_summary_and_sections_in_navigation_order() {
    let built = acme().ok();
    let (_, llms) = llms_of(&built);
    assert_eq!(llms.title, "Acme Handbook");
    assert_eq!(llms.summary.as_deref(), Some("How Acme works, all of it."));
    assert_eq!(llms.names(), ["Welcome", "Company", "People"]);
    assert_eq!(llms.section("Welcome").names(), ["Welcome", "FAQ"]);
    assert_eq!(
        llms.section("Company").names(),
        ["Company", "History", "Values", "Teams", "Design"]
    );
    assert_eq!(llms.section("People").names(), ["People", "Hiring"]);
}

#[test]
fn each_link_has_the_description_its_meta_description_has() {
    let built = acme().ok();
    let (_, llms) = llms_of(&built);
    // The frontmatter's description, else the first paragraph (one line).
    assert_eq!(llms.link("Values").notes, "What we value.");
    assert_eq!(llms.link("History").notes, "Founded in 2019, in a garage.");
    assert_eq!(llms.link("FAQ").notes, "Questions we hear.");
    assert_eq!(llms.link("Company").notes, "Who we are.");
    for (url, name) in [
        ("company/values/", "Values"),
        ("company/history/", "History"),
    ] {
        let page = built.page(url);
        let meta = common::attr(&page, "meta[name=description]", "content");
        assert_eq!(llms.link(name).notes, meta, "{url}");
    }
}

#[test]
fn every_link_leads_to_a_page_of_the_output_and_of_the_sitemap() {
    let built = acme().ok();
    let (_, llms) = llms_of(&built);
    links_lead_to_pages(&built, &llms, "/");
    assert_eq!(llms.links().count(), 9);
}

#[test]
fn the_links_are_the_navigations_in_its_order() {
    let built = acme().ok();
    let (_, llms) = llms_of(&built);
    let nav = common::attrs(&built.nav(), "a[href]", "href");
    let listed: Vec<&str> = llms.links().map(|l| l.url.as_str()).collect();
    let shown: BTreeSet<&str> = nav.iter().map(String::as_str).collect();
    assert_eq!(listed.iter().copied().collect::<BTreeSet<_>>(), shown);
    // Within each section, as the navigation orders them.
    let rank: HashMap<&str, usize> = nav
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), i))
        .collect();
    for section in &llms.sections {
        let ranks: Vec<usize> = section.links.iter().map(|l| rank[l.url.as_str()]).collect();
        assert!(ranks.is_sorted(), "{}: {ranks:?}", section.name);
    }
}

#[test]
fn pages_out_of_the_navigation_and_generated_pages_are_not_listed() {
    let built = acme().ok();
    let (text, llms) = llms_of(&built);
    let sitemap = built.sitemap();
    // In the sitemap, but not for language models: left out of the
    // navigation (and what is below), the not-found page, generated pages.
    for url in [
        "/people/secret/",
        "/people/secret/below/",
        "/tags/help/",
        "/dashboard/",
    ] {
        assert!(sitemap.iter().any(|u| u == url), "{url} not in {sitemap:?}");
        assert!(!llms.links().any(|l| l.url == url), "{url} in llms.txt");
    }
    assert!(built.exists("404.html"));
    for word in [
        "Secret",
        "Below secret",
        "Lost",
        "404",
        "Dashboard",
        "tags/",
    ] {
        assert!(!text.contains(word), "{word} in\n{text}");
    }
}

#[test]
fn a_hostile_title_and_description_stay_one_link_of_text() {
    let title = "a](/evil) [b] (c)\n<script>alert(1)</script> `d` \\e &amp; ## f";
    let description = "g) h\n\n## Injected\n- [i](/j): k <img src=x onerror=alert(1)>";
    let section = "Ops] (x) #\n## Optional";
    let yaml = |s: &str| serde_json::to_string(s).unwrap();
    let built = Fixture::new()
        .page("index.md", "# Home\n\nHi.\n")
        .page(
            "ops/index.md",
            &format!("---\nnavTitle: {}\n---\nOps.\n", yaml(section)),
        )
        .page(
            "ops/q(1).md",
            &format!(
                "---\ntitle: {}\ndescription: {}\n---\nBody.\n",
                yaml(title),
                yaml(description)
            ),
        )
        .ok();
    let (text, llms) = llms_of(&built);
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(llms.names(), ["Home", &collapse(section)]);
    let ops = &llms.sections[1];
    assert_eq!(ops.links.len(), 2, "{text}");
    let link = &ops.links[1];
    assert_eq!(link.name, collapse(title));
    assert_eq!(link.notes, collapse(description));
    assert_eq!(link.url, "/ops/q%281%29/");
    links_lead_to_pages(&built, &llms, "/");
    // No raw HTML: `parse` takes nothing but text in a name or notes.
    // The proposal's parser reads the name whole (brackets as entities).
    let line = text.lines().find(|l| l.contains("q%281%29")).unwrap();
    let (name, url) = reference_link(line).unwrap();
    assert!(
        name.starts_with("a&#93;\\(/evil") && name.ends_with("## f"),
        "{name}"
    );
    assert_eq!(url, link.url);
}

#[test]
fn a_base_url_with_a_host_gives_full_urls() {
    let built = acme().base_url("https://example.com/handbook/").ok();
    let (_, llms) = llms_of(&built);
    assert_eq!(llms.link("Welcome").url, "https://example.com/handbook/");
    assert_eq!(
        llms.link("Design").url,
        "https://example.com/handbook/company/teams/design/"
    );
    links_lead_to_pages(&built, &llms, "https://example.com/handbook/");
}

#[test]
fn a_subpath_base_url_prefixes_the_paths() {
    let built = acme().base_url("/handbook/").ok();
    let (_, llms) = llms_of(&built);
    assert_eq!(llms.link("Welcome").url, "/handbook/");
    assert_eq!(llms.link("Hiring").url, "/handbook/people/hiring/");
    links_lead_to_pages(&built, &llms, "/handbook/");
}

#[test]
fn the_sample_handbook_writes_llms_txt() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.path().join("public")),
        ..BuildOptions::default()
    };
    handbook::build(&options).expect("the sample builds");
    let text = std::fs::read_to_string(out.path().join("public/llms.txt")).unwrap();
    let llms = parse(&text);
    reads_alike(&text, &llms);
    let config: toml::Table = std::fs::read_to_string(root.join("handbook.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(llms.title, config["title"].as_str().unwrap());
    assert_eq!(llms.summary.as_deref(), config["description"].as_str());
    assert!(llms.sections.len() >= 3, "{:?}", llms.names());
    let public = out.path().join("public");
    for section in &llms.sections {
        assert!(!section.links.is_empty(), "{} is empty", section.name);
    }
    for link in llms.links() {
        let file = public.join(output_file(&link.url, "/"));
        assert!(file.is_file(), "{} leads to {}", link.url, file.display());
    }
}

#[test]
fn llms_can_be_turned_off() {
    let built = Fixture::bare()
        .file("handbook.toml", "[llms]\nenabled = false\n")
        .page("index.md", "# Home\n")
        .ok();
    assert!(!built.exists("llms.txt"));
}

#[test]
fn a_llms_txt_of_the_content_folders_own_is_published_as_it_is() {
    let own = "# Ours\n\n> Written by hand.\n";
    let built = Fixture::new()
        .page("index.md", "# Home\n")
        .page("llms.txt", own)
        .ok();
    assert_eq!(built.read("llms.txt"), own);
}

#[test]
fn a_page_that_would_be_written_where_llms_txt_goes_is_an_error() {
    let errors = Fixture::new()
        .page("index.md", "# Home\n")
        .page("llms.txt.md", "# Clash\n")
        .errors();
    assert!(
        errors.iter().any(|d| d.message.contains("llms.txt")),
        "{}",
        common::show(&errors)
    );
}

/// The llms.txt among `files`, if any.
fn llms_in(files: &[handbook::output::OutputFile]) -> Option<String> {
    files
        .iter()
        .find(|f| f.path == "llms.txt")
        .map(|f| match &f.contents {
            Contents::Bytes(b) => String::from_utf8(b.to_vec()).unwrap(),
            Contents::Copy(p) => std::fs::read_to_string(p).unwrap(),
        })
}

#[test]
fn serve_hands_over_llms_txt_when_what_it_shows_changes() {
    let fixture = Fixture::new()
        .page("index.md", "# Home\n\nHi.\n")
        .page("a.md", "---\ntitle: A\n---\nFirst words.\n\nMore words.\n");
    let options = fixture.options();
    let mut build = Build::new(Site::load(&options).unwrap(), None);
    let first = build.changes().unwrap();
    assert!(
        llms_in(&first.files)
            .unwrap()
            .contains("- [A](/a/): First words.\n")
    );
    let mut edit = |text: &str| {
        fixture.write("content/a.md", text);
        let change = BTreeSet::from([Change::Content(fixture.path("content/a.md"))]);
        build.update(&change, &options).unwrap();
        llms_in(&build.changes().unwrap().files)
    };
    // A later paragraph: nothing llms.txt shows.
    assert_eq!(
        edit("---\ntitle: A\n---\nFirst words.\n\nOther words.\n"),
        None
    );
    let got = edit("---\ntitle: A\n---\nNew first words.\n\nOther words.\n").unwrap();
    assert!(got.contains("- [A](/a/): New first words.\n"), "{got}");
    let got = edit("---\ntitle: A\ndescription: Told.\n---\nNew first words.\n").unwrap();
    assert!(got.contains("- [A](/a/): Told.\n"), "{got}");
    let got =
        edit("---\ntitle: A\nnavTitle: Ay\ndescription: Told.\n---\nNew first words.\n").unwrap();
    assert!(got.contains("- [Ay](/a/): Told.\n"), "{got}");
}
