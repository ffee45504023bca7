use super::*;
use crate::test_support::{near_misses, pattern_matcher};

fn parse_text(text: &str) -> Result<FrontMatter, Diagnostic> {
    let s = split(text).map_err(|e| e.diagnostic(Path::new("p.md"), text))?;
    parse(Path::new("p.md"), text, &s, &Default::default())
}

/// The same frontmatter in both languages.
fn both(yaml: &str, toml: &str) -> [String; 2] {
    [
        format!("---\n{yaml}\n---\nbody"),
        format!("+++\n{toml}\n+++\nbody"),
    ]
}

#[test]
fn can_split_without_frontmatter() {
    let s = split("# Hi\n").unwrap();
    assert_eq!((s.front, s.body, s.body_offset), (None, "# Hi\n", 0));
}

#[test]
fn can_split_with_bom_and_crlf() {
    let text = "\u{feff}---\r\ntitle: A\r\n---\r\nbody";
    let s = split(text).unwrap();
    assert_eq!(s.front, Some((Format::Yaml, "title: A\r\n")));
    assert_eq!(s.body, "body");
}

#[test]
fn can_split_with_lone_cr() {
    let text = "---\rtitle: A\rdraft: true\r---\rbody\r";
    let s = split(text).unwrap();
    assert_eq!(s.front, Some((Format::Yaml, "title: A\rdraft: true\r")));
    assert_eq!(s.body, "body\r");
    for text in both("title: A\ndraft: true", "title = \"A\"\ndraft = true") {
        let fm = parse_text(&text.replace('\n', "\r")).unwrap();
        assert_eq!((fm.title.as_deref(), fm.draft), (Some("A"), true), "{text}");
    }
}

#[test]
fn dashes_later_in_the_file_are_not_frontmatter() {
    let s = split("text\n---\nmore").unwrap();
    assert_eq!(s.front, None);
}

#[test]
fn unclosed_frontmatter_is_an_error_with_hint() {
    let d = parse_text("---\ntitle: A\n# body").unwrap_err();
    assert!(d.message.contains("never closed"));
    assert!(d.hint.unwrap().contains("---"));
}

#[test]
fn can_parse_known_keys_in_both_formats() {
    for text in both(
        "title: T\nnavTitle: N\nnavGroup: G\nnavOrder: 3\nkind: job\nprogress: \"3/4\"\ntags: [a, b]\nmeta:\n  title: M\ncustom: 1",
        "title = \"T\"\nnavTitle = \"N\"\nnavGroup = \"G\"\nnavOrder = 3\nkind = \"job\"\nprogress = \"3/4\"\ntags = [\"a\", \"b\"]\ncustom = 1\n[meta]\ntitle = \"M\"",
    ) {
        let fm = parse_text(&text).unwrap();
        assert_eq!(fm.title.as_deref(), Some("T"), "{text}");
        assert_eq!(fm.nav_title.as_deref(), Some("N"));
        assert_eq!(fm.nav_group.as_deref(), Some("G"));
        assert_eq!(fm.nav_order, Some(3.0));
        assert_eq!(fm.kind, Some(Kind::Job));
        assert_eq!(fm.progress, Some(DeclaredProgress::Fraction(3, 4)));
        assert_eq!(fm.tags, ["a", "b"]);
        assert_eq!(fm.meta.unwrap().title.as_deref(), Some("M"));
        assert_eq!(fm.extra.get("custom"), Some(&serde_json::json!(1)));
    }
}

#[test]
fn weight_is_an_alias_of_nav_order() {
    for text in both("weight: 7", "weight = 7") {
        assert_eq!(parse_text(&text).unwrap().nav_order, Some(7.0));
    }
}

#[test]
fn the_date_pattern_takes_exactly_the_dates_check_date_takes() {
    let mut texts: Vec<String> = Vec::new();
    for year in ["1900", "2000", "2023", "2024", "2100", "0000"] {
        for month in 0..=13 {
            for day in 0..=32 {
                texts.push(format!("{year}-{month:02}-{day:02}"));
            }
        }
    }
    let bases = [
        "2024-05-01T09:30",
        "2024-05-01 09:30:00",
        "2024-05-01T09:30:00Z",
        "2024-05-01T09:30:00.25+02:00",
        "2024-05-01T23:59:60-0500",
        "2001-12-14 21:59:43.10 -5",
        " 2024-02-29 ",
    ];
    let alphabet = ['0', '2', '6', '9', '-', ':', 'T', ' ', 'Z', '+', '.', 'x'];
    for base in bases {
        texts.extend(near_misses(base, &alphabet));
    }
    let matches = pattern_matcher(&date_pattern());
    let wrong: Vec<&String> = texts
        .iter()
        .filter(|t| check_date(t).is_ok() != matches(t))
        .collect();
    assert!(texts.len() > 5000, "{}", texts.len());
    assert!(wrong.is_empty(), "{wrong:?}");
}

#[test]
fn the_progress_pattern_takes_every_text_progress_takes() {
    let schema = serde_json::to_value(schemars::schema_for!(DeclaredProgress)).unwrap();
    let matches = pattern_matcher(schema["oneOf"][1]["pattern"].as_str().unwrap());
    let mut texts: Vec<String> = Vec::new();
    for a in [
        "0", "3", "+3", "03", "40", "99.5", "100", "100.0", "101", ".5", "5.", "-0", "-1", "1e2",
        "1e3", "x", "",
    ] {
        for b in [
            "", "%", " %", "%%", "/4", " / 4", "/0", "/+4", "/2", "/x", "/", "% %",
        ] {
            for pad in ["", " "] {
                texts.push(format!("{pad}{a}{b}{pad}"));
            }
        }
    }
    let mut looser = Vec::new();
    let mut wrong = Vec::new();
    for text in &texts {
        let read = serde_json::from_value::<DeclaredProgress>(text.as_str().into()).is_ok();
        match (read, matches(text)) {
            (true, false) => wrong.push(text),
            (false, true) => looser.push(text.trim()),
            _ => {}
        }
    }
    assert!(
        wrong.is_empty(),
        "read but refused by the schema: {wrong:?}"
    );
    // Where the schema is looser, knowingly: done above the total, an
    // exponent that leaves 0 to 100.
    let done_above_total = |t: &str| {
        t.split_once('/')
            .and_then(|(d, n)| {
                let number = |s: &str| s.trim().trim_start_matches('+').parse::<u64>().ok();
                Some(number(d)? > number(n)?)
            })
            .unwrap_or(false)
    };
    for text in looser {
        assert!(done_above_total(text) || text.contains('e'), "{text:?}");
    }
}

#[test]
fn aliases_are_read_as_their_keys() {
    // The schema (crate::schema) gives each alias its key's schema.
    for (alias, key) in KEY_ALIASES {
        assert!(KNOWN_KEYS.contains(alias) && KNOWN_KEYS.contains(key));
        let read = |k: &str, value: &str| parse_text(&format!("---\n{k}: {value}\n---\n")).ok();
        // A value the key takes (a number for `navOrder`, a path for `permalink`).
        let value = ["7", "/x/"]
            .into_iter()
            .find(|v| read(key, v).is_some_and(|fm| fm != FrontMatter::default()))
            .unwrap_or_else(|| panic!("no value for {key}"));
        assert_eq!(read(alias, value), read(key, value), "{alias}: {value}");
    }
    for (alias, key) in TERM_OPTION_ALIASES {
        let read = |k: &str| {
            parse_text(&format!("---\nterms: {{T: {{{k}: [xs]}}}}\n---\n")).map(|fm| fm.terms)
        };
        assert_eq!(read(alias), read(key), "{alias}");
        assert!(read(key).is_ok());
    }
}

#[test]
fn redirect_from_is_an_alias_of_aliases() {
    for text in both("redirect_from: /old/", "redirect_from = [\"/old/\"]") {
        assert_eq!(parse_text(&text).unwrap().aliases, ["/old/"]);
    }
    // Both keys on one page: every old URL, none lost.
    for text in both(
        "aliases: [/a/]\nredirect_from: /b/",
        "aliases = [\"/a/\"]\nredirect_from = \"/b/\"",
    ) {
        assert_eq!(parse_text(&text).unwrap().aliases, ["/a/", "/b/"]);
    }
}

#[test]
fn dates_are_kept_as_written() {
    for text in both("due: 2024-05-01", "due = 2024-05-01") {
        assert_eq!(
            parse_text(&text).unwrap().due,
            Some(DateText("2024-05-01".into()))
        );
    }
}

#[test]
fn can_check_dates() {
    for good in [
        "2024-05-01",
        " 2024-05-01 ",
        "2024-02-29",
        "2000-02-29",
        "2023-12-31",
        "2024-05-01T09:30",
        "2024-05-01 09:30:00",
        "2024-05-01T09:30:00Z",
        "2024-05-01T09:30:00.25+02:00",
        "2024-05-01T23:59:60-0500",
        "2001-12-14 21:59:43.10 -5",
    ] {
        assert_eq!(check_date(good), Ok(()), "{good}");
    }
    for (bad, why) in [
        ("not-a-date", ""),
        ("15/11/2026", ""),
        ("2026-5-1", ""),
        ("2026-02-30", ": February 2026 has 28 days"),
        ("2023-02-29", ": February 2023 has 28 days"),
        ("1900-02-29", ": February 1900 has 28 days"),
        ("2026-04-31", ": April 2026 has 30 days"),
        ("2026-01-00", ": January 2026 has 31 days"),
        ("2026-13-01", ": there is no month 13"),
        ("2026-00-10", ": there is no month 0"),
        ("", ""),
        (
            "2026-01-01x",
            ": the time after the date is not HH:MM or HH:MM:SS",
        ),
        (
            "2026-01-01T",
            ": the time after the date is not HH:MM or HH:MM:SS",
        ),
        (
            "2026-01-01T24:00",
            ": the time after the date is not HH:MM or HH:MM:SS",
        ),
        (
            "2026-01-01 9:30",
            ": the time after the date is not HH:MM or HH:MM:SS",
        ),
        (
            "2026-01-01 09:30 soon",
            ": the time after the date is not HH:MM or HH:MM:SS",
        ),
        (
            "2026-01-01T09:30+2:00",
            ": the time after the date is not HH:MM or HH:MM:SS",
        ),
        (
            "2026-01-01T09:30:00.",
            ": the time after the date is not HH:MM or HH:MM:SS",
        ),
        (
            "2026-01-01Té",
            ": the time after the date is not HH:MM or HH:MM:SS",
        ),
        ("２０２６-01-01", ""),
    ] {
        assert_eq!(check_date(bad), Err(why.to_string()), "{bad}");
    }
}

#[test]
fn bad_dates_are_errors_at_their_value() {
    for key in ["due", "reviewed", "updated"] {
        for (yaml, toml, column) in [
            (
                format!("title: A\n{key}: 2026-02-30"),
                format!("title = \"A\"\n{key} = \"2026-02-30\""),
                key.len() + 3,
            ),
            (
                format!("title: A\n{key}: not-a-date"),
                format!("title = \"A\"\n{key} = 10:30:00"),
                key.len() + 3,
            ),
            (
                format!("title: A\n{key}: 15/11/2026"),
                format!("title = \"A\"\n{key} = 2026"),
                key.len() + 3,
            ),
        ] {
            for text in [
                format!("---\n{yaml}\n---\nbody"),
                format!("+++\n{toml}\n+++\nbody"),
            ] {
                let d = parse_text(&text).unwrap_err();
                assert_eq!(d.position.map(|p| p.line), Some(3), "{d}");
                if text.starts_with("---") {
                    assert_eq!(d.position.map(|p| p.column), Some(column), "{d}");
                }
                assert!(d.message.contains("YYYY-MM-DD"), "{d}");
            }
        }
    }
}

#[test]
fn toml_impossible_date_says_how_to_write_dates() {
    let d = parse_text("+++\ntitle = \"A\"\ndue = 2026-02-30\n+++\n").unwrap_err();
    assert_eq!(d.position.map(|p| (p.line, p.column)), Some((3, 7)), "{d}");
    assert!(d.to_string().contains("YYYY-MM-DD"), "{d}");
}

#[test]
fn toml_dates_and_times_are_kept_as_written() {
    let fm = parse_text("+++\ndue = 2024-05-01T09:30:00Z\nreviewed = 2024-05-01T09:30:00\n+++\n")
        .unwrap();
    assert_eq!(fm.due, Some(DateText("2024-05-01T09:30:00Z".into())));
    assert_eq!(fm.reviewed, Some(DateText("2024-05-01T09:30:00".into())));
}

#[test]
fn progress_of_nothing_is_an_error() {
    for text in both("progress: \"0/0\"", "progress = \"0/0\"") {
        let d = parse_text(&text).unwrap_err();
        assert!(d.message.contains("fraction"), "{d}");
        assert_eq!(d.position.map(|p| p.line), Some(2), "{d}");
    }
    assert_eq!(
        parse_text("---\nprogress: \"0/3\"\n---\n")
            .unwrap()
            .progress,
        Some(DeclaredProgress::Fraction(0, 3))
    );
}

#[test]
fn known_keys_are_every_key_the_type_reads() {
    // Every key the type writes back is listed...
    let written = serde_json::to_value(FrontMatter::default()).unwrap();
    for key in written.as_object().unwrap().keys() {
        assert!(
            KNOWN_KEYS.contains(&key.as_str()),
            "{key} is not in KNOWN_KEYS"
        );
    }
    // ...and every listed key is read, not left in `extra`.
    // (An error is a known key's type refusing the value: read too.)
    for key in KNOWN_KEYS {
        if let Ok(fm) = parse_text(&format!("---\n{key}: null\n---\n")) {
            assert!(fm.extra.is_empty(), "{:?}", fm.extra);
        }
    }
}

#[test]
fn can_find_the_key_a_typo_means() {
    for (typo, known) in [
        ("navtitle", Some("navTitle")),
        ("NavTitle", Some("navTitle")),
        ("nav_title", Some("navTitle")),
        ("nav-order", Some("navOrder")),
        ("reportsto", Some("reports_to")),
        ("reportsTo", Some("reports_to")),
        ("stauts", Some("status")),
        ("tag", Some("tags")),
        ("tilte", Some("title")),
        ("descripion", Some("description")),
        ("redirectfrom", Some("redirect_from")),
        ("Title", Some("title")),
        ("date", None),
        ("author", None),
        ("layout", None),
        ("subtitle", None),
        ("custom", None),
        ("something_else", None),
        ("", None),
        (&"x".repeat(100_000), None),
    ] {
        assert_eq!(near_key(typo), known, "{typo}");
    }
}

#[test]
fn typos_warn_at_their_key() {
    for (text, line, column) in [
        ("---\ntitle: A\nnavtitle: B\n---\n", 3, 1),
        ("---\ntitle: A\nmeta:\n  stauts: x\nstauts: y\n---\n", 5, 1),
        ("---\r\ntitle: A\r\n\"tag\": x\r\n---\r\n", 3, 1),
        ("---\rtitle: A\rreportsto: B\r---\r", 3, 1),
        ("+++\ntitle = \"A\"\n  stauts = \"x\"\n+++\n", 3, 3),
        (
            "+++\ntitle = \"A\"\n'tag' = \"x\"\n[meta]\ntag = 1\n+++\n",
            3,
            1,
        ),
        ("---\n{title: A, tag: x}\n---\n", 2, 1),
    ] {
        let s = split(text).unwrap();
        let fm = parse(Path::new("p.md"), text, &s, &Default::default()).unwrap();
        let warnings = typos(Path::new("p.md"), text, &s, &fm);
        assert_eq!(warnings.len(), 1, "{text:?}: {warnings:?}");
        let w = &warnings[0];
        assert!(!w.is_error() && w.message.contains("did you mean"), "{w}");
        assert_eq!(w.position, Some(Position { line, column }), "{text:?}: {w}");
    }
    let text = "---\ntitle: A\ncustom: 1\nlayout: x\n---\n";
    let s = split(text).unwrap();
    let fm = parse(Path::new("p.md"), text, &s, &Default::default()).unwrap();
    assert!(typos(Path::new("p.md"), text, &s, &fm).is_empty());
}

#[test]
fn wrong_type_names_line_and_column() {
    for text in both(
        "title: A\nnavOrder: soon",
        "title = \"A\"\nnavOrder = \"soon\"",
    ) {
        let d = parse_text(&text).unwrap_err();
        assert_eq!(d.position.map(|p| p.line), Some(3), "{d}");
        assert!(d.message.contains("invalid frontmatter"), "{d}");
    }
}

#[test]
fn wrong_shapes_say_what_to_write() {
    for (text, expected) in [
        ("---\ntitle: A\ntags: {a: 1}\n---\n", "a list of texts"),
        (
            "---\ntitle: A\nprogress: [1]\n---\n",
            "percentage from 0 to 100",
        ),
    ] {
        let d = parse_text(text).unwrap_err();
        assert!(d.message.contains(expected), "{d}");
        assert_eq!(d.position.map(|p| p.line), Some(3), "{d}");
    }
}

#[test]
fn progress_out_of_range_is_an_error() {
    for text in both("progress: 140", "progress = 140") {
        assert!(parse_text(&text).is_err());
    }
    assert_eq!(
        parse_text("---\nprogress: 40\n---\n").unwrap().progress,
        Some(DeclaredProgress::Percent(40))
    );
}

#[test]
fn yaml_bomb_is_refused() {
    let mut yaml = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for i in 0..12 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("b{}", i - 1)
        };
        yaml.push_str(&format!("b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    let text = format!("---\n{yaml}---\n");
    assert!(parse_text(&text).is_err());
}
