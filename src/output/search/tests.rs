use super::*;

fn rec(terms: &[(&str, u16, u16)], entry: &str) -> PageRecord {
    let sections = terms.iter().map(|t| t.1 + 1).max().unwrap_or(1);
    PageRecord::from_terms(entry, sections, terms)
}

/// The one-use index of these records, as a build makes it from their pages.
fn one_use(pages: usize, records: Vec<(usize, PageRecord)>) -> SearchIndex {
    let mut gathered = Gather::default();
    for (p, r) in records {
        gathered.add(p, r);
    }
    let mut index = SearchIndex::new(pages, false);
    index.build_gathered(gathered);
    index
}

fn files(index: &SearchIndex) -> BTreeMap<String, Vec<u8>> {
    index
        .files()
        .map(|f| match f.contents {
            Contents::Bytes(b) => (f.path, b.to_vec()),
            Contents::Copy(_) => unreachable!(),
        })
        .collect()
}

#[test]
fn can_pack_and_unpack_postings() {
    let k = rank_key(70_000, 3, 17);
    assert_eq!(unrank(k), (70_000, 3, 17));
    assert!(rank_key(9, 0, 20) < rank_key(1, 0, 19), "heavier first");
    assert!(rank_key(1, 5, 3) < rank_key(2, 0, 3), "then page order");
}

#[test]
fn can_write_postings_as_page_differences() {
    let index = one_use(
        3,
        vec![
            (0, rec(&[("rollback", 0, 1)], "{}")),
            (2, rec(&[("rollback", 1, 40), ("roll", 0, 2)], "{}")),
        ],
    );
    let f = files(&index);
    let shard = String::from_utf8(f[&shard_path("r")].clone()).unwrap();
    // roll: n 1, page 2, section 0, weight 2; rollback: n 2, (0, 0, 1), (+2, 1, 40).
    assert_eq!(shard, r#"{"roll":"xywy","rollback":"ywwxyx1E"}"#);
    let manifest: serde_json::Value = serde_json::from_slice(&f[MANIFEST]).unwrap();
    assert_eq!(manifest["shards"], serde_json::json!(["r"]));
    assert_eq!(
        String::from_utf8(f["_search/p/0.json"].clone()).unwrap(),
        r#"[{"s":[]},null,{"s":[]}]"#
    );
}

/// An index of `TOP + 100` pages that all have the same words starting
/// with `c`: too many for one shard of `c`, or of `co`. With the words
/// each page has, and how many pages.
fn deep_index(incremental: bool) -> (SearchIndex, Vec<(&'static str, u16, u16)>, usize) {
    let words = [
        "co", "cod", "code", "codex", "con", "cone", "conf", "config", "cz",
    ];
    let terms: Vec<(&str, u16, u16)> = words.iter().map(|w| (*w, 0, 1)).collect();
    let pages = TOP + 100;
    let records = (0..pages).map(|p| (p, rec(&terms, "{}"))).collect();
    let index = if incremental {
        let mut index = SearchIndex::new(pages, true);
        index.update(records);
        index
    } else {
        one_use(pages, records)
    };
    (index, terms, pages)
}

#[test]
fn big_shards_split_one_character_deeper() {
    let (index, _, pages) = deep_index(false);
    let f = files(&index);
    let manifest: serde_json::Value = serde_json::from_slice(&f[MANIFEST]).unwrap();
    // "c" is over the limit: by two characters "co" still is, so its words
    // go one deeper, and "co" itself keeps only the word "co".
    assert_eq!(
        manifest["shards"],
        serde_json::json!(["co", "cod", "con", "cz"])
    );
    let shard: serde_json::Value = serde_json::from_slice(&f[&shard_path("co")]).unwrap();
    assert_eq!(shard.as_object().unwrap().len(), 1);
    let co = decode(shard["co"].as_str().unwrap());
    assert_eq!(co[0], pages as u64, "n counts every section");
    assert_eq!(co.len(), 1 + 3 * TOP, "only the best TOP are listed");
    for (path, bytes) in &f {
        assert!(bytes.len() <= SHARD_BYTES, "{path}: {}", bytes.len());
    }
}

#[test]
fn a_words_best_postings_are_kept_whatever_order_they_come_in() {
    // Many times TOP keys, scrambled (7,919 is prime, so `i * 7919 % total`
    // takes every value once), into one list and into two then merged.
    let total = 7 * TOP + 123;
    let key = |i: usize| (i * 7919 % total) as u64;
    let mut one = Best::default();
    let mut halves = [Best::default(), Best::default()];
    for i in 0..total {
        one.push(key(i));
        halves[i % 2].push(key(i));
    }
    let [mut merged, other] = halves;
    merged.absorb(other);
    for (what, best) in [("one list", one), ("two merged", merged)] {
        assert_eq!(best.n, total, "{what}: every key counted");
        let mut kept = best.keys;
        kept.sort_unstable();
        kept.truncate(TOP);
        assert_eq!(kept, (0..TOP as u64).collect::<Vec<_>>(), "{what}");
    }
}

#[test]
fn gathering_in_runs_gives_the_files_of_every_record_at_once() {
    // "common" is in more sections than TOP (only its best are written),
    // with weights that put the best ones all over the pages; the others
    // are in a few pages each.
    let pages = 2 * TOP + 300;
    let terms = |p: usize| -> Vec<(String, u16, u16)> {
        let mut t = vec![
            ("common".to_string(), 0, (p * 7919 % 97) as u16 + 1),
            (format!("w{}", p % 13), 1, 3),
        ];
        if p.is_multiple_of(5) {
            t.push(("common".to_string(), 2, 50));
        }
        t
    };
    let record = |p: usize| {
        let t = terms(p);
        let t: Vec<(&str, u16, u16)> = t.iter().map(|(w, s, x)| (w.as_str(), *s, *x)).collect();
        rec(&t, &format!("{{\"p\":{p}}}"))
    };
    // Kept for updates: every posting, built the other way.
    let mut all_at_once = SearchIndex::new(pages, true);
    all_at_once.update((0..pages).map(|p| (p, record(p))).collect());
    // Runs of 17 pages, merged out of order, as the threads finish them.
    let mut runs: Vec<Gather> = (0..pages)
        .collect::<Vec<_>>()
        .chunks(17)
        .map(|run| {
            let mut g = Gather::default();
            for &p in run {
                g.add(p, record(p));
            }
            g
        })
        .collect();
    runs.reverse();
    let gathered = runs.into_iter().fold(Gather::default(), |a, b| b.merge(a));
    let mut index = SearchIndex::new(pages, false);
    index.build_gathered(gathered);
    assert_eq!(files(&index), files(&all_at_once));
    let shard: serde_json::Value =
        serde_json::from_slice(&files(&index)[&shard_path("c")]).unwrap();
    let common = decode(shard["common"].as_str().unwrap());
    assert_eq!(
        common[0],
        (pages + pages.div_ceil(5)) as u64,
        "n counts every section"
    );
    assert_eq!(common.len(), 1 + 3 * TOP, "only the best TOP are listed");
}

#[test]
fn pages_gathered_without_records_give_the_files_of_their_records() {
    use crate::render::markdown::Heading;
    // Words of 15, 16 and 17 bytes, ones that share their first 16, ones
    // that end a text (fewer than 16 bytes after their start), accents.
    let bodies = [
        "<p>abcdefghijklmno abcdefghijklmnop abcdefghijklmnopq abcdefghijklmnopr</p>",
        "<p>Café déjà vu, naïve ab abc</p><h2 id=\"more\">More</h2><p>abcdefghijklmnop</p>",
        "<p>internationalization internationalizations ab</p>",
        "<p>x</p><h3 id=\"end\">End</h3><p>the end abc abcdefghijklmno</p>",
    ];
    let headings = [
        Vec::new(),
        vec![Heading {
            level: 2,
            id: "more".into(),
            text: "More".into(),
        }],
        Vec::new(),
        vec![Heading {
            level: 3,
            id: "end".into(),
            text: "End".into(),
        }],
    ];
    let pages = 3 * bodies.len();
    let urls: Vec<String> = (0..pages).map(|p| format!("/p{p}/")).collect();
    let input = |p: usize| PageInput {
        url: &urls[p],
        title: "Page abcdefghijklmnop",
        crumbs: &["Section"],
        description: p
            .is_multiple_of(2)
            .then_some("A description of abcdefghijklmnopq"),
        glossary: p == 1,
        headings: &headings[p % bodies.len()],
        title_heading: None,
        html: bodies[p % bodies.len()],
    };
    let mut from_records = SearchIndex::new(pages, true);
    from_records.update(
        (0..pages)
            .map(|p| (p, PageRecord::new(&input(p))))
            .collect(),
    );
    let mut runs = [Gather::default(), Gather::default()];
    for p in 0..pages {
        runs[p % 2].add_page(p, &input(p));
    }
    let [a, b] = runs;
    let mut gathered = SearchIndex::new(pages, false);
    gathered.build_gathered(a.merge(b));
    assert_eq!(files(&gathered), files(&from_records));
    let words: Vec<&str> = gathered.names.iter().map(|w| &**w).collect();
    for w in [
        "abcdefghijklmno",
        "abcdefghijklmnop",
        "abcdefghijklmnopq",
        "abcdefghijklmnopr",
        "café",
        "internationalizations",
    ] {
        assert!(words.contains(&w), "{w} in {words:?}");
    }
}

#[test]
fn updates_equal_a_fresh_build() {
    let first = vec![
        (0, rec(&[("alpha", 0, 1), ("beta", 1, 20)], "{\"a\":0}")),
        (1, rec(&[("alpha", 0, 40)], "{\"b\":0}")),
        (9, rec(&[("gamma", 0, 1)], "{\"c\":0}")),
    ];
    let mut index = SearchIndex::new(10, true);
    index.update(first.clone());
    let edit = (1, rec(&[("beta", 0, 3), ("delta", 2, 1)], "{\"b\":1}"));
    index.update(vec![edit.clone()]);
    let mut all = first;
    all[1] = edit;
    assert_eq!(files(&index), files(&one_use(10, all.clone())));
    // An index built for one use is made again, kept for updates, by one.
    let mut made_again = one_use(10, Vec::new());
    made_again.update(all);
    assert_eq!(files(&index), files(&made_again));
}

#[test]
fn an_edit_writes_again_only_the_shards_of_its_words() {
    let (mut index, terms, pages) = deep_index(true);
    let bytes = |index: &SearchIndex| -> BTreeMap<String, bytes::Bytes> {
        index
            .files()
            .filter_map(|f| match f.contents {
                Contents::Bytes(b) => Some((f.path, b)),
                Contents::Copy(_) => None,
            })
            .collect()
    };
    let before = bytes(&index);
    let mut more = terms.clone();
    more.push(("czar", 0, 1));
    index.update(vec![(pages - 1, rec(&more, "{}"))]);
    let after = bytes(&index);
    for key in ["co", "cod", "con"] {
        let path = shard_path(key);
        assert!(
            before[&path].as_ptr() == after[&path].as_ptr(),
            "{key} was written again"
        );
    }
    assert_ne!(before[&shard_path("cz")], after[&shard_path("cz")]);
    assert!(String::from_utf8_lossy(&after[&shard_path("cz")]).contains("czar"));
}

#[test]
fn taken_changes_bring_a_copy_of_the_files_up_to_date() {
    let (mut index, terms, pages) = deep_index(true);
    assert!(
        index.take_changes().is_empty(),
        "a new index is given whole"
    );
    let mut copy = files(&index);
    let mut more = terms.clone();
    more.push(("czar", 0, 1));
    let mut sectioned = terms.clone();
    sectioned.push(("code", 4, 20));
    // What each edit does, and how many words it adds or removes.
    let edits = [
        ("a new word", pages - 1, rec(&more, "{}"), 1),
        (
            "a new first letter",
            3,
            rec(&[("zebra", 0, 1)], r#"{"z":1}"#),
            10,
        ),
        ("its only word gone", 3, rec(&terms, "{}"), 10),
        ("more sections", 5, rec(&sectioned, r#"{"s":5}"#), 1),
    ];
    for (what, page, record, words) in edits {
        index.update(vec![(page, record)]);
        let changes = index.take_changes();
        assert!(!changes.is_empty(), "{what}: nothing changed");
        // At most the page's chunk, a shard per word, the manifest.
        assert!(changes.len() <= words + 2, "{what}: {:?}", changes.keys());
        for (path, file) in changes {
            match file.map(|f| f.contents) {
                Some(Contents::Bytes(b)) => copy.insert(path, b.to_vec()),
                Some(Contents::Copy(_)) => unreachable!(),
                None => copy.remove(&path),
            };
        }
        assert_eq!(copy, files(&index), "after {what}");
    }
    assert!(index.take_changes().is_empty(), "taken once");
}

#[test]
fn a_page_with_known_words_changes_only_its_entry() {
    let mut index = SearchIndex::new(2, true);
    let mut first = rec(&[("alpha", 0, 1)], r#"{"t":"A"}"#);
    first.fingerprint = 7;
    index.update(vec![
        (0, first),
        (1, rec(&[("beta", 0, 1)], r#"{"t":"B"}"#)),
    ]);
    let shards = files(&index)
        .into_iter()
        .filter(|(p, _)| p.starts_with("_search/t/"))
        .collect::<BTreeMap<_, _>>();
    assert_eq!(index.known(0, 8), None, "another fingerprint");
    let (sections, body) = index.known(0, 7).expect("known");
    assert_eq!((sections, body), (1, "[]"));
    let mut again = rec(&[], r#"{"t":"A, retitled"}"#);
    again.same_words = true;
    again.fingerprint = 7;
    again.url = r#"{"t":"A"}"#.into();
    index.update(vec![(0, again)]);
    let f = files(&index);
    assert_eq!(
        String::from_utf8(f["_search/p/0.json"].clone()).unwrap(),
        r#"[{"t":"A, retitled","s":[]},{"t":"B","s":[]}]"#
    );
    for (path, bytes) in shards {
        assert_eq!(f[&path], bytes, "{path} changed");
    }
    let urls: Vec<String> = vec![r#"{"t":"A"}"#.into(), r#"{"t":"B"}"#.into()];
    assert!(index.reuse(&urls).is_some(), "the same pages");
    let mut index = SearchIndex::new(2, true);
    index.update(vec![(0, rec(&[], "{}")), (1, rec(&[], "{}"))]);
    assert!(index.reuse(&urls).is_none(), "other pages");
}

#[test]
fn a_word_no_page_has_any_more_leaves_the_index() {
    let mut index = SearchIndex::new(1, true);
    index.update(vec![(0, rec(&[("zebra", 0, 1)], "{}"))]);
    assert!(files(&index).contains_key(&shard_path("z")));
    index.update(vec![(0, rec(&[("yak", 0, 1)], "{}"))]);
    let f = files(&index);
    assert!(!f.contains_key(&shard_path("z")));
    assert!(f.contains_key(&shard_path("y")));
}

/// The numbers of a postings string (as search.js reads them).
fn decode(s: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut n = 0;
    for c in s.bytes() {
        let d = DIGITS.iter().position(|&x| x == c).unwrap() as u64;
        if d >= 32 {
            out.push(n * 32 + d - 32);
            n = 0;
        } else {
            n = n * 32 + d;
        }
    }
    out
}

#[test]
fn can_write_numbers_in_few_characters() {
    for n in [0, 1, 31, 32, 1023, 1024, 65_535, u64::from(u32::MAX)] {
        let mut s = String::new();
        push_number(&mut s, n);
        assert_eq!(decode(&s), [n], "{s}");
    }
    let mut s = String::new();
    push_number(&mut s, 31);
    push_number(&mut s, 40);
    assert_eq!(s, "_1E");
}

#[test]
fn can_name_shards_by_their_bytes() {
    assert_eq!(shard_path("ab"), "_search/t/6162.json");
    assert_eq!(shard_path("é"), "_search/t/c3a9.json");
}
