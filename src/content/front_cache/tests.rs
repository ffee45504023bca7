use std::cell::Cell;

use super::*;
use crate::content::frontmatter::{DeclaredProgress, parse, split};

/// Reads the YAML frontmatter `yaml` through `cache`, counting parses in `parses`.
fn read_yaml(cache: &FrontCache, yaml: &str, keys: &KeyMap, parses: &Cell<usize>) -> FrontMatter {
    let text = format!("---\n{yaml}---\nBody.\n");
    let split = split(&text).expect("closed");
    let (format, front) = split.front.expect("frontmatter");
    cache
        .read(format, front, || {
            parses.set(parses.get() + 1);
            parse(Path::new("page.md"), &text, &split, keys)
        })
        .expect("parses")
}

/// Every kind of value a frontmatter holds.
const RICH: &str = "title: Plan\nnavTitle: P\nnavOrder: 2.5\nprogress: \"3/4\"\n\
    due: 2024-05-01\ntags: [a, b]\naliases: /old/\nredirect_from: /older/\n\
    permalink: false\nmeta: {title: Tab, image: x.png}\n\
    terms: {API: {aliases: [apis], autolink: false}}\nhorizon: next\n\
    custom: {nested: [1, 2.5, true, null]}\n";

#[test]
fn a_parse_is_kept_and_read_back_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let keys = KeyMap::default();
    let parses = Cell::new(0);
    let texts = [
        RICH,
        "title: A\nprogress: 40\n",
        "draft: true\nnav: false\n",
    ];
    let cache = FrontCache::open(dir.path(), &keys);
    let first: Vec<FrontMatter> = texts
        .iter()
        .map(|t| read_yaml(&cache, t, &keys, &parses))
        .collect();
    assert_eq!(parses.get(), 3);
    assert_eq!(first[0].progress, Some(DeclaredProgress::Fraction(3, 4)));
    assert_eq!(first[1].progress, Some(DeclaredProgress::Percent(40)));
    let report = cache.finish(true);
    assert!(report.notes.is_empty(), "{:?}", report.notes);
    assert_eq!(
        report.bytes,
        std::fs::metadata(dir.path().join(FILE)).unwrap().len()
    );

    let cache = FrontCache::open(dir.path(), &keys);
    for (text, before) in texts.iter().zip(&first) {
        assert_eq!(&read_yaml(&cache, text, &keys, &parses), before);
    }
    assert_eq!(
        parses.get(),
        3,
        "read again instead of taken from the cache"
    );
    // Nothing changed: the file is left as it is.
    let file = std::fs::File::options()
        .write(true)
        .open(dir.path().join(FILE))
        .unwrap();
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    file.set_modified(old).unwrap();
    cache.finish(true);
    let modified = std::fs::metadata(dir.path().join(FILE))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(modified, old, "rewritten with nothing new");
}

#[test]
fn a_changed_text_or_key_map_is_read_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let keys = KeyMap::default();
    let parses = Cell::new(0);
    let cache = FrontCache::open(dir.path(), &keys);
    read_yaml(&cache, "title: A\nowner: x\n", &keys, &parses);
    cache.finish(true);
    let cache = FrontCache::open(dir.path(), &keys);
    let changed = read_yaml(&cache, "title: B\nowner: x\n", &keys, &parses);
    assert_eq!((parses.get(), changed.title.as_deref()), (2, Some("B")));
    cache.finish(true);
    // The same text read with another key map is another frontmatter.
    let renamed = KeyMap {
        rename: [("owner".to_string(), "team".to_string())].into(),
        ..KeyMap::default()
    };
    let cache = FrontCache::open(dir.path(), &renamed);
    let front = read_yaml(&cache, "title: B\nowner: x\n", &renamed, &parses);
    assert_eq!(parses.get(), 3);
    assert_eq!((front.owner, front.team.as_deref()), (None, Some("x")));
}

#[test]
fn what_json_cannot_carry_is_parsed_every_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Kept for templates under the name of a key handbook reads.
    let keys = KeyMap {
        ignore: vec!["status".to_string()],
        ..KeyMap::default()
    };
    let texts = ["navOrder: .nan\n", "status: implemented\n"];
    let parses = Cell::new(0);
    for _ in 0..2 {
        let cache = FrontCache::open(dir.path(), &keys);
        let status = read_yaml(&cache, texts[1], &keys, &parses);
        assert_eq!(status.status, None);
        assert_eq!(
            status.extra.get("status"),
            Some(&serde_json::json!("implemented"))
        );
        let nan = read_yaml(&cache, texts[0], &keys, &parses);
        assert!(nan.nav_order.is_some_and(f64::is_nan));
        cache.finish(true);
    }
    assert_eq!(parses.get(), 4);
}

#[test]
fn a_damaged_or_foreign_file_is_a_miss_and_a_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    let keys = KeyMap::default();
    let parses = Cell::new(0);
    let cache = FrontCache::open(dir.path(), &keys);
    read_yaml(&cache, "title: A\n", &keys, &parses);
    cache.finish(true);
    let file = dir.path().join(FILE);
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&file, &bytes).unwrap();
    let cache = FrontCache::open(dir.path(), &keys);
    assert_eq!(
        read_yaml(&cache, "title: A\n", &keys, &parses)
            .title
            .as_deref(),
        Some("A")
    );
    assert_eq!(parses.get(), 2);
    // `check` reports it and leaves it.
    let report = cache.finish(false);
    assert!(
        report.notes[0].contains("was damaged"),
        "{:?}",
        report.notes
    );
    assert_eq!(std::fs::read(&file).unwrap(), bytes);

    let foreign = crate::cache_file::seal_as(FORMAT, "0.0.0-other", &Vec::<u8>::new()).unwrap();
    std::fs::write(&file, &foreign).unwrap();
    let cache = FrontCache::open(dir.path(), &keys);
    read_yaml(&cache, "title: A\n", &keys, &parses);
    assert_eq!(parses.get(), 3);
    let report = cache.finish(true);
    assert!(
        report.notes[0].contains("another build"),
        "{:?}",
        report.notes
    );
    // Replaced by one this build reads.
    let cache = FrontCache::open(dir.path(), &keys);
    read_yaml(&cache, "title: A\n", &keys, &parses);
    assert_eq!(parses.get(), 3);
    assert!(cache.finish(true).notes.is_empty());
}

#[test]
fn only_the_last_builds_pages_are_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let keys = KeyMap::default();
    let parses = Cell::new(0);
    let cache = FrontCache::open(dir.path(), &keys);
    for i in 0..50 {
        read_yaml(&cache, &format!("title: Page {i}\n"), &keys, &parses);
    }
    let many = cache.finish(true).bytes;
    let cache = FrontCache::open(dir.path(), &keys);
    read_yaml(&cache, "title: Page 7\n", &keys, &parses);
    let one = cache.finish(true).bytes;
    assert_eq!(parses.get(), 50);
    assert!(one * 10 < many, "{one} of {many} bytes");
    let cache = FrontCache::open(dir.path(), &keys);
    assert_eq!(cache.stored.len(), 1);
}
