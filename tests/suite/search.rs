//! The search index under `_search/`: built with the site from fixture
//! handbooks and read back as the browser reads it (manifest, the shard a
//! word is in, the page chunks), so each test asserts on what a search for
//! a word can find: one entry per heading section with the right URL,
//! breadcrumb and snippet, the weights that rank titles and glossary terms
//! first, text kept as text, and sizes that stay small.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Built, Fixture, attr, count, files_under, sel};
use handbook::output::Contents;
use handbook::serve::watch::Change;
use handbook::{Build, Site};
use serde_json::Value;

/// The index of a built site, read from its files.
struct Index {
    manifest: Value,
    /// Every page entry, in page order.
    pages: Vec<Value>,
    files: BTreeMap<String, Vec<u8>>,
}

/// One place a word was found: the section's URL and the word's weight there.
#[derive(Debug, Clone, PartialEq)]
struct Hit {
    url: String,
    weight: u64,
}

impl Index {
    fn read(built: &Built) -> Index {
        Index::from_files(
            files_under(&built.out)
                .into_iter()
                .filter(|(p, _)| p.starts_with("_search/"))
                .collect(),
        )
    }

    fn from_files(files: BTreeMap<String, Vec<u8>>) -> Index {
        let manifest: Value =
            serde_json::from_slice(&files["_search/index.json"]).expect("manifest is JSON");
        let chunk = manifest["chunk"].as_u64().expect("chunk size") as usize;
        let mut pages = Vec::new();
        for c in 0.. {
            let Some(bytes) = files.get(&format!("_search/p/{c}.json")) else {
                break;
            };
            let entries: Vec<Value> = serde_json::from_slice(bytes).expect("chunk is JSON");
            assert!(entries.len() <= chunk, "chunk {c} has {}", entries.len());
            pages.extend(entries);
        }
        Index {
            manifest,
            pages,
            files,
        }
    }

    /// The page entry whose URL is `url`.
    fn page(&self, url: &str) -> &Value {
        self.pages
            .iter()
            .find(|p| p["u"] == url)
            .unwrap_or_else(|| panic!("no entry for {url} among {:?}", self.urls()))
    }

    fn urls(&self) -> Vec<String> {
        self.pages
            .iter()
            .map(|p| p["u"].as_str().unwrap_or("").to_string())
            .collect()
    }

    /// The shard key a word is looked up under: the longest key it starts with.
    fn shard_key(&self, word: &str) -> Option<String> {
        let keys: BTreeSet<&str> = self.manifest["shards"]
            .as_array()
            .expect("shards")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let chars: Vec<char> = word.chars().collect();
        (1..=chars.len())
            .rev()
            .map(|n| chars[..n].iter().collect::<String>())
            .find(|k| keys.contains(k.as_str()))
    }

    /// The postings of `word`: `[n, page, section, weight, ...]`, each
    /// number written as 5-bit digits, the last from the second half.
    fn postings(&self, word: &str) -> Option<Vec<u64>> {
        const DIGITS: &str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
        let key = self.shard_key(word)?;
        let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
        let shard: Value =
            serde_json::from_slice(&self.files[&format!("_search/t/{hex}.json")]).expect("shard");
        let mut numbers = Vec::new();
        let mut n = 0;
        for c in shard.get(word)?.as_str()?.chars() {
            let d = DIGITS.find(c).expect("a digit") as u64;
            if d >= 32 {
                numbers.push(n * 32 + d - 32);
                n = 0;
            } else {
                n = n * 32 + d;
            }
        }
        Some(numbers)
    }

    /// Where `word` is, best first.
    fn find(&self, word: &str) -> Vec<Hit> {
        let Some(list) = self.postings(word) else {
            return Vec::new();
        };
        let mut page = 0;
        let mut hits: Vec<Hit> = list[1..]
            .chunks(3)
            .map(|t| {
                page += t[0] as usize;
                let entry = &self.pages[page];
                let section = &entry["s"][t[1] as usize];
                Hit {
                    url: format!(
                        "{}{}",
                        entry["u"].as_str().unwrap(),
                        section[0].as_str().unwrap()
                    ),
                    weight: t[2],
                }
            })
            .collect();
        hits.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.url.cmp(&b.url)));
        hits
    }

    fn urls_of(&self, word: &str) -> Vec<String> {
        self.find(word).into_iter().map(|h| h.url).collect()
    }

    fn total_bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }
}

fn handbook() -> Fixture {
    Fixture::new()
        .page(
            "index.md",
            "---\ntitle: Home\n---\nWelcome to the handbook.\n",
        )
        .page(
            "people/index.md",
            "---\ntitle: People\n---\nHow we hire and grow.\n",
        )
        .page(
            "people/hiring.md",
            "---\ntitle: Hiring\ndescription: From the first call to the offer.\n---\n\
             We hire slowly and carefully.\n\n\
             ## Offers\n\nEvery offer is written, with the salary band.\n\n\
             ### Offer letters\n\nLetters are signed by two people.\n\n\
             #### Small print\n\nNotice periods differ by country.\n\n\
             ## Rollback of an offer\n\nRarely, an offer is withdrawn.\n",
        )
        .page(
            "money/expenses.md",
            "---\ntitle: Expense Policy\n---\nSpend as if it were your own money.\n\n\
             ## Receipts\n\nKeep every receipt for six years.\n",
        )
        .page(
            "glossary.md",
            "---\ntitle: Glossary\nkind: glossary\n---\n\
             ## Rollback\n\nUndoing a release by deploying the one before.\n\n\
             ## Offer\n\nA written proposal of employment.\n",
        )
}

#[test]
fn each_heading_section_has_an_entry_with_url_breadcrumb_and_snippet() {
    let built = handbook().ok();
    let index = Index::read(&built);
    let hiring = index.page("/people/hiring/");
    assert_eq!(hiring["t"], "Hiring");
    assert_eq!(hiring["b"], serde_json::json!(["People"]));
    let sections = hiring["s"].as_array().unwrap();
    let ids: Vec<&str> = sections.iter().map(|s| s[0].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["", "#offers", "#offer-letters", "#rollback-of-an-offer"],
        "one section per #, ## and ### heading; #### stays in its section"
    );
    assert_eq!(sections[0][2], "We hire slowly and carefully.");
    assert_eq!(sections[1][1], "Offers");
    assert_eq!(
        sections[1][2],
        "Every offer is written, with the salary band."
    );
    assert_eq!(
        sections[2][2],
        "Letters are signed by two people. Small print Notice periods differ by country."
    );
    // Every fragment is a heading id on the page itself.
    let page = built.page("/people/hiring/");
    for id in ids.iter().filter(|i| !i.is_empty()) {
        assert_eq!(count(&page, &format!("[id=\"{}\"]", &id[1..])), 1, "{id}");
    }
    // A top-level page has no breadcrumb (the home page is above everything).
    assert_eq!(index.page("/glossary/")["b"], serde_json::json!([]));
    assert_eq!(index.manifest["sections"], 4 + 2 + 3 + 1 + 1);
}

#[test]
fn words_are_found_where_they_are_with_titles_and_glossary_terms_first() {
    let index = Index::read(&handbook().ok());
    assert_eq!(
        index.urls_of("receipt"),
        ["/money/expenses/#receipts"],
        "body words"
    );
    assert_eq!(index.urls_of("receipts"), ["/money/expenses/#receipts"]);
    assert_eq!(
        index.urls_of("expense"),
        ["/money/expenses/"],
        "title words are in the page's first section"
    );
    assert_eq!(
        index.urls_of("rollback")[0],
        "/glossary/#rollback",
        "a glossary term outweighs a heading with the same word"
    );
    assert_eq!(
        index.urls_of("rollback"),
        [
            "/glossary/#rollback",
            "/people/hiring/#rollback-of-an-offer"
        ]
    );
    let offer = index.find("offer");
    assert_eq!(offer[0].url, "/glossary/#offer");
    assert!(
        offer.iter().any(|h| h.url == "/people/hiring/"),
        "the description's words count for the page: {offer:?}"
    );
    assert_eq!(index.urls_of("country"), ["/people/hiring/#offer-letters"]);
    assert!(index.find("nonexistentword").is_empty());
    // Counts: n is how many sections have the word.
    assert_eq!(index.postings("receipts").unwrap()[0], 1);
}

#[test]
fn a_hostile_title_is_stored_as_text_and_never_put_in_as_html() {
    let built = Fixture::new()
        .page("index.md", "Home.\n")
        .page(
            "x/index.md",
            "---\ntitle: \"<img src=x onerror=alert(2)>\"\n---\nA section.\n",
        )
        .page(
            "x/evil.md",
            "---\ntitle: \"<script>alert(1)</script>\"\n---\n## <b>Bold</b> & \"quoted\"\n\nText with <code>&lt;tags&gt;</code>.\n",
        )
        .ok();
    let index = Index::read(&built);
    let evil = index.page("/x/evil/");
    assert_eq!(evil["t"], "<script>alert(1)</script>");
    assert_eq!(
        evil["b"],
        serde_json::json!(["<img src=x onerror=alert(2)>"])
    );
    assert_eq!(evil["s"][1][1], "Bold & \"quoted\"");
    assert_eq!(evil["s"][1][2], "Text with <tags>.");
    assert!(
        !index.find("script").is_empty(),
        "the title's words are words"
    );
    // The client builds results from text nodes only.
    let js = built.read("_handbook/search.js");
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "DOMParser",
        "createContextualFragment",
    ] {
        assert!(!js.contains(sink), "search.js uses {sink}");
    }
    assert!(js.contains("textContent") && js.contains("createTextNode"));
}

#[test]
fn every_page_has_the_search_box_hidden_until_its_script_shows_it() {
    let built = handbook().base_url("https://example.com/docs/").ok();
    let page = built.page("/people/hiring/");
    let search = "header .site-search[role=search]";
    assert_eq!(attr(&page, search, "data-index"), "/docs/_search/");
    assert!(
        page.select(&sel(search))
            .all(|e| e.value().attr("hidden").is_some()),
        "without JavaScript the box is not shown"
    );
    // handbook.js loads the box's script (no script element of its own, so
    // pages keep exactly the theme's two).
    assert_eq!(
        attr(&page, search, "data-script"),
        "/docs/_handbook/search.js"
    );
    assert!(built.read("_handbook/handbook.js").contains("data-script"));
    assert_eq!(
        attr(&page, ".site-search input", "aria-controls"),
        attr(&page, ".search-results", "id")
    );
    assert_eq!(attr(&page, ".search-results", "role"), "listbox");
    assert_eq!(attr(&page, ".site-search input", "role"), "combobox");
    assert!(built.exists("_handbook/search.js"));
    let index = Index::read(&built);
    assert_eq!(
        index.urls_of("receipts"),
        ["/docs/money/expenses/#receipts"],
        "URLs carry the base path"
    );
}

#[test]
fn search_can_be_turned_off() {
    let built = handbook()
        .file(
            "handbook.toml",
            "title = \"T\"\n[search]\nenabled = false\n",
        )
        .ok();
    assert!(!built.exists("_search/index.json"));
    assert!(
        files_under(&built.out)
            .keys()
            .all(|p| !p.starts_with("_search/"))
    );
    let page = built.page("/people/hiring/");
    assert_eq!(count(&page, ".site-search"), 0);
    assert_eq!(count(&page, "[data-script]"), 0);

    let errors = handbook()
        .file("handbook.toml", "[search]\nenable = false\n")
        .errors();
    assert!(
        errors[0].hint.as_deref() == Some("did you mean `enabled`?"),
        "{errors:?}"
    );
}

#[test]
fn a_file_in_the_way_of_the_index_is_an_error() {
    let errors = handbook().page("_search/index.json", "{}").errors();
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("_search/index.json")),
        "{errors:?}"
    );
}

/// Pages of generated prose: `n` pages of 12 sections of 60 words each,
/// with a vocabulary big enough to look like a real handbook's.
fn big_handbook(n: usize) -> Fixture {
    let mut f = Fixture::new().page("index.md", "Home.\n");
    let mut seed: u64 = 42;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let syllables = [
        "ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "pen", "dor",
    ];
    let mut word = || -> String {
        // Zipf-like: short common words, long rare ones.
        let len = 1 + (next() % 4).min(next() % 4) as usize;
        (0..len)
            .map(|_| syllables[(next() % 10) as usize])
            .collect()
    };
    for p in 0..n {
        let mut text = format!("---\ntitle: Page {p} {}\n---\n", word());
        for s in 0..12 {
            if s > 0 {
                text.push_str(&format!("\n## {} {} {s}\n\n", word(), word()));
            }
            let sentence: Vec<String> = (0..60).map(|_| word()).collect();
            text.push_str(&sentence.join(" "));
            text.push_str(".\n");
        }
        f = f.page(&format!("s{}/p{p}.md", p % 10), &text);
    }
    f
}

#[test]
fn the_index_stays_small_per_page_and_per_query() {
    let built = big_handbook(400).ok();
    let index = Index::read(&built);
    let pages = index.pages.len();
    let per_page = index.total_bytes() / pages;
    let markdown: usize = files_under(&built.out.join("../site/content"))
        .values()
        .map(Vec::len)
        .sum::<usize>()
        / pages;
    // 12 snippets of 140 characters and about 400 postings a page: less than
    // the markdown it comes from.
    assert!(
        per_page < markdown,
        "{per_page} bytes of index per page, {markdown} of markdown"
    );
    for (path, bytes) in &index.files {
        if path.starts_with("_search/t/") {
            // A shard is split when it passes 16 KB; one word's postings can add up to ~10 KB.
            assert!(bytes.len() < 28 * 1024, "{path} has {} bytes", bytes.len());
        }
        if path.starts_with("_search/p/") {
            assert!(bytes.len() < 16 * 1024, "{path} has {} bytes", bytes.len());
        }
    }
    // A word in more sections than the index lists keeps only the best: its
    // shard stays small however big the handbook.
    let common = index.manifest["shards"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|k| index.postings(k))
        .max_by_key(|p| p[0])
        .expect("some word");
    let top = index.manifest["top"].as_u64().unwrap();
    assert!(
        common[0] > top,
        "the fixture has a word in more than {top} sections"
    );
    assert_eq!((common.len() - 1) / 3, top as usize);
    // What a one-word query fetches: the manifest and one shard.
    let manifest = index.files["_search/index.json"].len();
    assert!(manifest < 8 * 1024, "manifest {manifest} bytes");
}

/// A build's `_search/` files.
fn index_files(build: &Build) -> BTreeMap<String, Vec<u8>> {
    build
        .result()
        .expect("builds")
        .files
        .into_iter()
        .filter(|f| f.path.starts_with("_search/"))
        .map(|f| match f.contents {
            Contents::Bytes(b) => (f.path, b.to_vec()),
            Contents::Copy(p) => panic!("{} is a copy of {}", f.path, p.display()),
        })
        .collect()
}

#[test]
fn an_edit_updates_the_index_as_a_clean_build_would() {
    let fixture = handbook();
    let options = fixture.options();
    let mut build = Build::new(Site::load(&options).unwrap(), None);
    assert!(
        Index::from_files(index_files(&build))
            .find("quokka")
            .is_empty()
    );
    let edits = [
        (
            "content/money/expenses.md",
            "---\ntitle: Expense Policy\n---\nSpend like a quokka.\n\n## Receipts\n\nKeep them.\n",
        ),
        (
            "content/money/expenses.md",
            "---\ntitle: Spending\n---\nSpend carefully.\n\n## Taxis\n\nTake the train.\n",
        ),
        (
            "content/people/index.md",
            "---\ntitle: Humans\n---\nHow we hire and grow.\n",
        ),
        // A full rebuild (serve keeps the index of the same pages).
        ("templates/404.html", "{% extends \"base.html\" %}"),
        (
            "content/money/expenses.md",
            "---\ntitle: Spending\n---\nSpend carefully.\n\n## Taxis\n\nTake the tram.\n",
        ),
    ];
    for (n, (path, text)) in edits.iter().enumerate() {
        fixture.write(path, text);
        let changes = BTreeSet::from([if path.starts_with("templates/") {
            Change::Template(fixture.root().join(path))
        } else {
            Change::Content(fixture.root().join(path))
        }]);
        build.update(&changes, &options).unwrap();
        let clean = Build::new(Site::load(&options).unwrap(), None);
        assert_eq!(
            index_files(&build),
            index_files(&clean),
            "after edit {n} the index differs from a clean build"
        );
        let index = Index::from_files(index_files(&build));
        match n {
            0 => assert_eq!(index.urls_of("quokka"), ["/money/expenses/"]),
            1 => {
                assert!(index.find("quokka").is_empty(), "a word that left the page");
                assert!(index.find("receipts").is_empty());
                assert_eq!(index.urls_of("taxis"), ["/money/expenses/#taxis"]);
                assert_eq!(index.page("/money/expenses/")["t"], "Spending");
            }
            2 | 3 => assert_eq!(
                index.page("/people/hiring/")["b"],
                serde_json::json!(["Humans"]),
                "a new section title shows in the breadcrumbs below it"
            ),
            _ => {
                assert_eq!(index.urls_of("tram"), ["/money/expenses/#taxis"]);
                assert!(index.find("train").is_empty());
            }
        }
    }
}
