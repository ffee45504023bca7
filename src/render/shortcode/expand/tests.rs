use super::*;

fn kinds(text: &str) -> Vec<Call> {
    let (mut found, bad) = calls::find(text, &calls::code_ranges(text));
    assert!(bad.is_empty());
    pair(&mut found);
    found
}

fn body_of(c: &Call) -> Option<bool> {
    match &c.kind {
        CallKind::Open { body, .. } => *body,
        _ => None,
    }
}

#[test]
fn hugo_and_liquid_calls_have_a_body_only_when_closed() {
    let found = kinds("{{< a >}} {{< b >}}x{{< /b >}} {% c %} {% d %}y{% endd %}");
    let bodies: Vec<Option<bool>> = found.iter().map(body_of).collect();
    assert_eq!(
        bodies,
        [Some(false), Some(true), None, Some(false), Some(true), None]
    );
}

#[test]
fn a_native_end_closes_the_innermost_native_body() {
    let text = "{% a() %} {{< b >}} {% end %}";
    let (mut found, _) = calls::find(text, &[]);
    let opener_of = pair(&mut found);
    assert_eq!(opener_of, [None, None, Some(0)]);
    assert_eq!(body_of(&found[1]), Some(false), "b was never closed");
}

#[test]
fn origins_lead_back_to_the_text_or_the_call() {
    let segment = |out, file, at, generated| Segment {
        out,
        file,
        at,
        generated,
    };
    let x = Expansion {
        body: "abcXYZdef".into(),
        segments: vec![
            segment(0, None, 0, false),
            segment(3, None, 3, true),
            segment(6, Some(0), 10, false),
        ],
        ..Expansion::default()
    };
    let origin = |file, offset, generated| Origin {
        file,
        offset,
        generated,
    };
    assert_eq!(x.origin(1), origin(None, 1, false));
    assert_eq!(x.origin(5), origin(None, 3, true));
    assert_eq!(x.origin(7), origin(Some(0), 11, false));
}

#[test]
fn no_text_of_calls_panics_when_expanded() {
    let dir = std::env::temp_dir();
    let shortcodes = Shortcodes::load("default", None, &dir).expect("built-ins load");
    let file = dir.join("page.md");
    let env = PageEnv {
        file: &file,
        page: Value::Null,
        base: "/",
    };
    let parts = [
        "{{ alert() }}",
        "{% details(summary=\"s\") %}",
        "{% end %}",
        "{{< tabs >}}",
        "{{< /tabs >}}",
        "{% raw %}",
        "{% endraw %}",
        "{{/* x */}}",
        "{{#include x.md}}",
        "é",
        "\n",
        "\n\n",
        "`",
        "    ",
        "> ",
        "- ",
        "{{ ref(path=\"a.md\") }}",
        "{% include missing.md %}",
        "<div>",
        "x",
    ];
    let mut text = String::new();
    for a in parts {
        for b in parts {
            for c in parts {
                text.clear();
                for p in [a, b, c] {
                    text.push_str(p);
                }
                if let Some(x) = expand(&text, &shortcodes, &env) {
                    for offset in 0..=x.body.len() {
                        let _ = x.origin(offset);
                    }
                }
            }
        }
    }
}

#[test]
fn block_html_is_told_from_inline() {
    assert!(starts_block("<div class=x>"));
    assert!(starts_block("\n<Figure>"));
    assert!(!starts_block("<span>"));
    assert!(!starts_block("text <div>"));
}

#[test]
fn paths_are_normalised_without_the_file_system() {
    assert_eq!(
        normalise(Path::new("a/b/../c/./d.md")),
        PathBuf::from("a/c/d.md")
    );
    assert_eq!(normalise(Path::new("../x.md")), PathBuf::from("../x.md"));
}
