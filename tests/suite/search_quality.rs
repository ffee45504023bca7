//! What the search box finds, in a real browser: the committed queries of
//! `tests/fixtures/search/queries.toml` give the page a reader expects first
//! (on the sample handbook, and on FlowFuse's 2023 handbook when
//! `../shared` is beside the repository); other forms of a word and one
//! typo find their pages, below the word as typed; and search.js's stemmer
//! agrees with the Snowball English stemmer (the `rust-stemmers` crate) word
//! for word. Skipped, with the reason, where chromium or chromedriver is not
//! installed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use fantoccini::Client;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::common::browser::{Chromium, search, serve, write};
use crate::common::{copy_sample, copy_tree};

#[derive(Deserialize)]
struct Queries {
    query: Vec<Query>,
}

#[derive(Deserialize)]
struct Query {
    site: String,
    text: String,
    first: String,
    kind: String,
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn queries() -> Vec<Query> {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/search/queries.toml"))
        .expect("the committed queries");
    toml::from_str::<Queries>(&text)
        .expect("queries.toml parses")
        .query
}

/// The sample handbook copied into `dir`, or FlowFuse's 2023 handbook with
/// a config that leaves its links to pages outside it alone (`None`, with
/// the reason, when `../shared` is absent).
fn site(name: &str, dir: &Path) -> Option<PathBuf> {
    let root = dir.join(name);
    if name == "sample" {
        copy_sample(&root);
        return Some(root);
    }
    let corpus = repo().join("../shared/corpora").join(name);
    if !corpus.is_dir() {
        println!("skipped {name}: {} is absent", corpus.display());
        return None;
    }
    copy_tree(&corpus, &root);
    write(
        &root,
        "handbook.toml",
        "title = \"FlowFuse\"\ncontent_dir = \".\"\n\
         [links]\nmissing_page = \"ignore\"\nmissing_anchor = \"ignore\"\nmissing_file = \"ignore\"\nexternal = \"ignore\"\n",
    );
    Some(root)
}

/// The URLs of `results`, in order.
fn urls(results: &Value) -> Vec<String> {
    results
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| r["url"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Whether `url` is `want`: the same section when `want` names one, else the same page.
fn is(url: &str, want: &str) -> bool {
    if want.contains('#') {
        url == want
    } else {
        url.split('#').next() == Some(want)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_committed_queries_find_the_expected_page_first() {
    let Some(chromium) = Chromium::installed() else {
        return;
    };
    let all = queries();
    let dir = tempfile::tempdir().expect("temp dir");
    let browser = chromium.open(&dir.path().join("profile")).await;
    let mut wrong = Vec::new();
    let mut asked = 0;
    for name in ["sample", "flowfuse-2023"] {
        let Some(root) = site(name, dir.path()) else {
            continue;
        };
        let (_server, url) = serve(&root, &[]);
        browser.client.goto(&url).await.expect("open the site");
        for q in all.iter().filter(|q| q.site == name) {
            asked += 1;
            let results = search(&browser.client, &q.text).await.expect("query");
            let found = urls(&results);
            match found.first() {
                Some(first) if is(first, &q.first) => {}
                _ => wrong.push(format!(
                    "{name}: {:?} ({}) wants {} first, got {found:?}",
                    q.text, q.kind, q.first
                )),
            }
        }
    }
    browser.close().await;
    assert!(asked >= 11, "the sample's queries were asked");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A handbook where one word comes in several forms, typed and mistyped.
fn forms(root: &Path) {
    write(root, "handbook.toml", "title = \"Forms\"\n");
    write(
        root,
        "content/index.md",
        "---\ntitle: Home\n---\nWelcome.\n",
    );
    write(
        root,
        "content/roadmap.md",
        "---\ntitle: Roadmap\n---\nWhat we build next.\n",
    );
    write(
        root,
        "content/roadmaps.md",
        "---\ntitle: Roadmaps\n---\nHow teams keep theirs.\n",
    );
    write(
        root,
        "content/travel.md",
        "---\ntitle: Travel Policy\n---\nBook trains before planes. Keep a memo of each trip.\n",
    );
    write(
        root,
        "content/trial.md",
        "---\ntitle: Trial Period\n---\nThe first months of a new hire.\n",
    );
    write(
        root,
        "content/trail.md",
        "---\ntitle: Audit Trail\n---\nEvery change is logged.\n",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_forms_and_typos_find_their_pages_below_the_words_as_typed() {
    let Some(chromium) = Chromium::installed() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("handbook");
    forms(&root);
    let (_server, url) = serve(&root, &[]);
    let browser = chromium.open(&dir.path().join("profile")).await;
    let result = forms_scenario(&browser.client, &url).await;
    browser.close().await;
    result.expect("browser commands");
}

async fn forms_scenario(client: &Client, url: &str) -> Result<(), fantoccini::error::CmdError> {
    client.goto(url).await?;
    let pages = |results: &Value| -> Vec<String> {
        urls(results)
            .iter()
            .map(|u| u.split('#').next().unwrap_or("").to_string())
            .collect()
    };
    // Each form finds both pages, its own first.
    assert_eq!(
        pages(&search(client, "roadmaps ").await?),
        ["/roadmaps/", "/roadmap/"]
    );
    assert_eq!(
        pages(&search(client, "roadmap ").await?),
        ["/roadmap/", "/roadmaps/"]
    );
    // A form found nowhere as typed finds the others.
    let policies = search(client, "policies ").await?;
    assert_eq!(pages(&policies), ["/travel/"]);
    assert_eq!(policies[0]["terms"], json!(["policy"]));
    assert_eq!(pages(&search(client, "trips ").await?), ["/travel/"]);
    assert_eq!(pages(&search(client, "logging ").await?), ["/trail/"]);
    // One typo in a word of five letters or more: a letter dropped, added,
    // changed, or two swapped.
    for typo in ["plicy", "pollicy", "policu", "polciy"] {
        let found = search(client, &format!("{typo} ")).await?;
        assert_eq!(pages(&found), ["/travel/"], "{typo}");
        assert_eq!(found[0]["terms"], json!(["policy"]), "{typo}");
    }
    assert_eq!(pages(&search(client, "roadmpa ").await?), ["/roadmap/"]);
    // Not in shorter words, and not two typos.
    assert_eq!(search(client, "mmeo ").await?, json!([]), "four letters");
    assert_eq!(search(client, "plcyi ").await?, json!([]), "two typos");
    // A word that is there as typed is not taken for a typo of another.
    assert_eq!(pages(&search(client, "trial ").await?), ["/trial/"]);
    assert_eq!(pages(&search(client, "trail ").await?), ["/trail/"]);
    // Other forms are marked in the results, as the words typed are.
    client
        .execute(
            "var i = document.querySelector('#search-input'); i.value = 'policies'; \
             i.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![],
        )
        .await?;
    let mut marks = Value::Null;
    for _ in 0..100 {
        marks = client
            .execute(
                "return [...document.querySelectorAll('#search-results mark')].map(m => m.textContent)",
                vec![],
            )
            .await?;
        if marks.as_array().is_some_and(|m| !m.is_empty()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(marks, json!(["Policy"]));
    Ok(())
}

/// Words to stem: the sample handbook's, FlowFuse's when present, and
/// words that take each rule of the algorithm's less common paths.
fn vocabulary() -> BTreeSet<String> {
    let mut words: BTreeSet<String> = [
        "skies",
        "dying",
        "news",
        "gently",
        "inning",
        "proceed",
        "generous",
        "communism",
        "arsenal",
        "cries",
        "ties",
        "gas",
        "gaps",
        "kiwis",
        "bleed",
        "agreed",
        "hoping",
        "hopping",
        "falling",
        "luxuriating",
        "conditional",
        "rational",
        "valenci",
        "hesitanci",
        "digitizer",
        "conformabli",
        "radicalli",
        "differentli",
        "vileli",
        "analogousli",
        "vietnamization",
        "predication",
        "operator",
        "feudalism",
        "decisiveness",
        "hopefulness",
        "callousness",
        "formaliti",
        "sensitiviti",
        "sensibiliti",
        "analogi",
        "fluentli",
        "triplicate",
        "formative",
        "formalize",
        "electriciti",
        "electrical",
        "hopeful",
        "goodness",
        "revival",
        "allowance",
        "inference",
        "airliner",
        "gyroscopic",
        "adjustable",
        "defensible",
        "irritant",
        "replacement",
        "adjustment",
        "dependent",
        "adoption",
        "homologou",
        "communism",
        "activate",
        "angulariti",
        "effective",
        "bowdlerize",
        "probate",
        "rate",
        "cease",
        "controll",
        "roll",
        "'tis",
        "team's",
        "teams'",
        "yelling",
        "sayings",
        "enjoying",
        "by",
        "say",
        "cry",
        "fly",
        "youth",
        "ay",
        "reply",
        "exceedingly",
        "succeeding",
        "outing",
        "canning",
        "herring",
        "earring",
        "policies",
        "roadmaps",
    ]
    .iter()
    .map(|w| w.to_string())
    .collect();
    let mut files = vec![repo().join("content")];
    let corpora = repo().join("../shared/corpora");
    if corpora.is_dir() {
        files.push(corpora);
    } else {
        println!("../shared/corpora is absent: the sample's words only");
    }
    while let Some(path) = files.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("read dir").flatten() {
                files.push(entry.path());
            }
        } else if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            words.extend(
                text.to_lowercase()
                    .split(|c: char| !(c.is_ascii_lowercase() || c == '\''))
                    .filter(|w| w.len() > 1)
                    .map(str::to_string),
            );
        }
    }
    words
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stemmer_agrees_with_snowball_english() {
    let Some(chromium) = Chromium::installed() else {
        return;
    };
    let words: Vec<String> = vocabulary().into_iter().collect();
    assert!(words.len() > 1000, "a vocabulary: {}", words.len());
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("handbook");
    forms(&root);
    let (_server, url) = serve(&root, &[]);
    let browser = chromium.open(&dir.path().join("profile")).await;
    let stems = async {
        browser.client.goto(&url).await?;
        let loaded = search(&browser.client, "load").await?;
        assert!(loaded.is_array(), "search.js did not load: {loaded}");
        browser
            .client
            .execute(
                "return arguments[0].map(w => window.handbookSearch.stem(w))",
                vec![json!(words)],
            )
            .await
    }
    .await;
    browser.close().await;
    let stems: Vec<String> =
        serde_json::from_value(stems.expect("browser commands")).expect("strings");
    let snowball = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let differ: Vec<String> = words
        .iter()
        .zip(&stems)
        .filter(|(w, s)| snowball.stem(w) != s.as_str())
        .map(|(w, s)| format!("{w}: search.js {s}, Snowball {}", snowball.stem(w)))
        .collect();
    assert!(
        differ.is_empty(),
        "{} of {} words differ:\n{}",
        differ.len(),
        words.len(),
        differ.join("\n")
    );
}
