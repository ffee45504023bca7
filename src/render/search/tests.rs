use super::*;

fn heading(level: u8, id: &str, text: &str) -> Heading {
    Heading {
        level,
        id: id.into(),
        text: text.into(),
    }
}

fn record(html: &str, headings: &[Heading], glossary: bool) -> PageRecord {
    PageRecord::new(&PageInput {
        url: "/a/",
        title: "Expense Policy",
        crumbs: &["Money"],
        description: None,
        glossary,
        headings,
        title_heading: None,
        html,
    })
}

fn weight(r: &PageRecord, word: &str, section: u16) -> Option<u16> {
    r.terms()
        .find(|(t, s, _)| *t == word && *s == section)
        .map(|t| t.2)
}

#[test]
fn can_cut_a_page_at_its_headings() {
    let hs = [
        heading(2, "receipts", "Receipts"),
        heading(4, "deep", "Deep"),
        heading(3, "a&b", "A & B"),
    ];
    let html = "<p>Intro text.</p>\n<h2 id=\"receipts\">Receipts<a class=\"heading-anchor\" href=\"#receipts\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n<p>Keep <strong>every</strong> receipt.</p><h4 id=\"deep\">Deep<a class=\"heading-anchor\" href=\"#deep\">#</a></h4><p>Below.</p><h3 id=\"a&amp;b\">A &amp; B</h3><p>Last &amp; least.</p>";
    let r = record(html, &hs, false);
    assert_eq!(r.sections, 3);
    let entry: serde_json::Value = serde_json::from_str(&r.entry()).unwrap();
    assert_eq!(entry["u"], "/a/");
    assert_eq!(entry["b"][0], "Money");
    assert_eq!(entry["s"][0][2], "Intro text.");
    assert_eq!(entry["s"][1][0], "#receipts");
    assert_eq!(entry["s"][1][1], "Receipts");
    assert_eq!(entry["s"][1][2], "Keep every receipt. Deep Below.");
    assert_eq!(entry["s"][2][0], "#a&b");
    assert_eq!(entry["s"][2][2], "Last & least.");
    assert_eq!(weight(&r, "expense", 0), Some(TITLE_WEIGHT));
    assert_eq!(weight(&r, "receipts", 1), Some(HEADING_WEIGHT));
    assert_eq!(weight(&r, "receipt", 1), Some(1));
    assert_eq!(weight(&r, "every", 1), Some(1));
    assert_eq!(weight(&r, "deep", 1), Some(1), "h4 stays in its section");
    assert_eq!(weight(&r, "least", 2), Some(1));
    let mut words: Vec<&str> = r.words().map(|(w, _)| w).collect();
    let n = words.len();
    words.sort_unstable();
    words.dedup();
    assert_eq!(words.len(), n, "each word once");
}

#[test]
fn glossary_tooltips_and_heading_anchors_are_not_the_pages_words() {
    // As our markdown writes a linked term and a heading's anchor.
    let html = "<p>Our <a class=\"term\" href=\"/glossary/#sla\" aria-describedby=\"term-tip-1\">SLA</a><span class=\"term-tip\" role=\"tooltip\" id=\"term-tip-1\">A promise of uptime.</span> holds.</p>\n<h4 id=\"more\">More<a class=\"heading-anchor\" href=\"#more\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h4>";
    let r = record(html, &[heading(4, "more", "More")], false);
    assert!(weight(&r, "sla", 0).is_some());
    assert!(weight(&r, "holds", 0).is_some());
    assert!(
        weight(&r, "more", 0).is_some(),
        "a deep heading stays in its section"
    );
    assert_eq!(
        weight(&r, "promise", 0),
        None,
        "the tooltip is the glossary's text"
    );
    assert_eq!(weight(&r, "uptime", 0), None);
    // Text that only looks like one is kept.
    let r = record(
        "<p>a <span class=\"note\">term-tip</span> b</p>",
        &[],
        false,
    );
    assert!(weight(&r, "tip", 0).is_some());
}

#[test]
fn the_page_headers_heading_counts_as_title() {
    let title = heading(1, "welcome-aboard", "Welcome aboard");
    let r = PageRecord::new(&PageInput {
        url: "/a/",
        title: "Onboarding",
        crumbs: &[],
        description: None,
        glossary: false,
        headings: std::slice::from_ref(&title),
        title_heading: Some(&title),
        html: "<p>First day.</p>",
    });
    assert_eq!(r.sections, 1, "the taken-out title starts no section");
    assert_eq!(weight(&r, "onboarding", 0), Some(TITLE_WEIGHT));
    assert_eq!(weight(&r, "aboard", 0), Some(TITLE_WEIGHT));
}

#[test]
fn glossary_terms_outweigh_headings() {
    let hs = [heading(2, "rollback", "Rollback")];
    let html = "<h2 id=\"rollback\">Rollback</h2><p>Undoing a release.</p>";
    assert_eq!(
        weight(&record(html, &hs, true), "rollback", 1),
        Some(GLOSSARY_WEIGHT)
    );
    assert_eq!(
        weight(&record(html, &hs, false), "rollback", 1),
        Some(HEADING_WEIGHT)
    );
}

#[test]
fn body_counts_are_capped() {
    let html = "<p>".to_string() + &"spam ".repeat(50) + "</p>";
    assert_eq!(
        weight(&record(&html, &[], false), "spam", 0),
        Some(BODY_CAP)
    );
}

#[test]
fn can_take_text_out_of_html() {
    assert_eq!(
        text_of(
            "<p>a<em>b</em>c</p><p>d</p><script>var x = '<p>';</script>e &lt;f&gt; &#x41;&#66; &bogus; &"
        ),
        " abc  d e <f> AB &bogus; &"
    );
    assert_eq!(text_of("x <!-- hidden --> y < z <3"), "x  y < z <3");
    assert_eq!(text_of("<STYLE>p{}</STYLE>ok"), "ok");
}

#[test]
fn words_are_unicode_words() {
    let lower = "don't stop — café 3.5 e-mail ünïcödé key:value ".to_lowercase() + &"x".repeat(41);
    let w: Vec<&str> = words(&lower).collect();
    assert_eq!(
        w,
        [
            "don't",
            "stop",
            "café",
            "3.5",
            "e",
            "mail",
            "ünïcödé",
            "key",
            "value"
        ]
    );
}

/// `len` pseudo-random characters of `alphabet` (ASCII), from `seed`
/// (xorshift): a fixed seed gives the same text every run.
fn random_text(seed: &mut u64, alphabet: &[u8], len: usize) -> String {
    (0..len)
        .map(|_| {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            char::from(alphabet[(*seed % alphabet.len() as u64) as usize])
        })
        .collect()
}

#[test]
fn ascii_words_are_the_unicode_words() {
    let fixed = [
        "don't stop; it's 3.5 or 1,000,000 or 1;2 e.g. a.b.c a..b x'' '' _ __init__ a_b.c 12ab.cd 3.a a.3",
        "key:value http://example.com/a-b?c=d&e=f#g 'quoted' \"dq\" end. .5 5. -x- [x](y) `code_1`",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let random: Vec<String> = (0..2000)
        .map(|_| random_text(&mut seed, b"ab1_.',;: -\n", 12))
        .collect();
    for text in fixed.iter().map(|s| s.to_string()).chain(random) {
        let lower = text.to_lowercase();
        let fast: Vec<&str> = AsciiWords {
            text: &lower,
            at: 0,
        }
        .collect();
        let uax: Vec<&str> = lower
            .unicode_words()
            .flat_map(|w| w.split(':'))
            .filter(|w| !w.is_empty())
            .collect();
        assert_eq!(fast, uax, "for {text:?}");
    }
}

#[test]
fn snippets_cut_at_words() {
    assert_eq!(snippet("  a  b\nc "), "a b c");
    let long = "word ".repeat(100);
    let s = snippet(&long);
    assert!(s.ends_with("word…"), "{s}");
    assert!(s.chars().count() <= SNIPPET_CHARS + 1);
    let one = "x".repeat(500);
    assert_eq!(snippet(&one).chars().count(), SNIPPET_CHARS + 1);
}

#[test]
fn ascii_snippets_are_the_unicode_snippets() {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for len in (0..400).step_by(7) {
        let text = random_text(&mut seed, b"ab \t\n\x0b\x0c\r\x1c.", len);
        assert_eq!(
            ascii_snippet(&text),
            Some(unicode_snippet(&text)),
            "{text:?}"
        );
    }
    for long in [
        format!("a {}", "b".repeat(300)),
        format!("  {}", "b".repeat(300)),
    ] {
        assert_eq!(ascii_snippet(&long), Some(unicode_snippet(&long)));
    }
    assert_eq!(ascii_snippet("abc é"), None);
    assert_eq!(snippet("abc é"), "abc é");
}

#[test]
fn a_hostile_title_is_kept_as_text() {
    let r = PageRecord::new(&PageInput {
        url: "/x/",
        title: "<script>alert(1)</script>",
        crumbs: &[],
        description: None,
        glossary: false,
        headings: &[],
        title_heading: None,
        html: "",
    });
    let entry: serde_json::Value = serde_json::from_str(&r.entry()).unwrap();
    assert_eq!(entry["t"], "<script>alert(1)</script>");
    assert!(weight(&r, "script", 0).is_some());
}
