//! The JSON Schemas handbook writes for editors (`handbook schema`, `init`):
//! they accept every frontmatter and configuration handbook reads (the
//! sample, the fixtures, the corpora), say what each key really takes, and
//! refuse a mistyped key by the rule `check` warns with.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use handbook::config::Config;
use handbook::content::frontmatter::{self, Format, KNOWN_KEYS};
use handbook::schema;
use serde_json::{Value, json};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft7::meta::validate(schema).unwrap_or_else(|e| panic!("not draft-07: {e}"));
    jsonschema::validator_for(schema).unwrap_or_else(|e| panic!("schema does not compile: {e}"))
}

/// Why `instance` is refused, one line per problem; empty when it is valid.
fn problems(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// A TOML value as JSON, the way an editor's TOML extension hands it to a
/// validator: dates and times as the text they were written as.
fn toml_to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// A JSON value written as a TOML value (inline); `None` for `null`, which
/// TOML cannot say.
fn json_to_toml(v: &Value) -> Option<String> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(_) | Value::Number(_) => v.to_string(),
        // JSON's escapes, and TOML's for DEL, which JSON leaves as it is.
        Value::String(_) => v.to_string().replace('\u{7f}', "\\u007f"),
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(json_to_toml)
                .collect::<Option<Vec<_>>>()?
                .join(", ")
        ),
        Value::Object(map) => format!(
            "{{ {} }}",
            map.iter()
                .map(|(k, v)| Some(format!(
                    "{} = {}",
                    Value::from(k.as_str()),
                    json_to_toml(v)?
                )))
                .collect::<Option<Vec<_>>>()?
                .join(", ")
        ),
    })
}

/// What handbook makes of a page's text: `None` without frontmatter (or
/// when it cannot be split), else whether it is read without error or
/// warning about a key, and the frontmatter as an editor sees it (`None`
/// when it is not YAML or TOML at all).
struct Page {
    handbook: Result<(), String>,
    json: Option<Value>,
}

fn read_page(file: &Path, text: &str, config: &Config) -> Option<Page> {
    let text = frontmatter::lone_cr_as_lf(text);
    let split = frontmatter::split(&text).ok()?;
    let (format, front) = split.front?;
    if front.trim().is_empty() {
        return None;
    }
    let handbook = match frontmatter::parse(file, &text, &split, &config.frontmatter) {
        Err(d) => Err(d.to_string()),
        Ok(fm) => match frontmatter::typos(file, &text, &split, &fm).first() {
            Some(w) => Err(w.to_string()),
            None => Ok(()),
        },
    };
    let json = match format {
        Format::Yaml => serde_saphyr::from_str::<Value>(front).ok(),
        Format::Toml => toml::from_str::<toml::Table>(front)
            .ok()
            .map(|t| toml_to_json(&toml::Value::Table(t))),
    };
    Some(Page { handbook, json })
}

/// Every `.md` file under `dir`, hidden folders left out as the loader does.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "markdown"))
        .collect();
    files.sort();
    files
}

/// Checks every page of the handbook at `root` against the frontmatter
/// schema made for its configuration; returns how many had frontmatter.
fn check_handbook(root: &Path) -> usize {
    // Without a handbook.toml, the folder itself is the content, as for `build`.
    let (config, content) = match Config::load(root).unwrap_or_else(|d| panic!("{d}")) {
        Some(config) => {
            let content = root.join(&config.content_dir);
            (config, content)
        }
        None => (Config::default(), root.to_path_buf()),
    };
    let schema = schema::frontmatter(&config);
    let validator = validator(&schema);
    let mut checked = 0;
    let mut wrong = Vec::new();
    for file in markdown_files(&content) {
        let bytes = std::fs::read(&file).unwrap();
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let Some(page) = read_page(&file, &text, &config) else {
            continue;
        };
        checked += 1;
        let Some(json) = page.json else {
            assert!(
                page.handbook.is_err(),
                "{}: not YAML or TOML, yet read",
                file.display()
            );
            continue;
        };
        let said = problems(&validator, &json);
        if page.handbook.is_ok() != said.is_empty() {
            wrong.push(format!(
                "{}: handbook says {:?}, the schema says {said:?}",
                file.display(),
                page.handbook
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    checked
}

/// Every handbook in this repository: the sample and the fixtures.
fn handbooks() -> Vec<PathBuf> {
    let mut roots = vec![repo().to_path_buf()];
    for entry in walkdir::WalkDir::new(repo().join("tests/fixtures"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_name() == "handbook.toml" {
            roots.push(entry.path().parent().unwrap().to_path_buf());
        }
    }
    roots
}

#[test]
fn every_page_of_the_sample_and_the_fixtures_fits_the_frontmatter_schema() {
    let roots = handbooks();
    assert!(roots.len() >= 5, "{roots:?}");
    let counts: Vec<(PathBuf, usize)> = roots
        .into_iter()
        .map(|root| {
            let n = check_handbook(&root);
            (root, n)
        })
        .collect();
    println!("pages with frontmatter: {counts:?}");
    // The sample, and the Eleventy and Hugo fixtures, have frontmatter on
    // most pages (the GitHub and remark ones on none).
    assert!(counts[0].1 > 20, "{counts:?}");
    assert!(
        counts.iter().map(|(_, n)| n).sum::<usize>() > 40,
        "{counts:?}"
    );
}

#[test]
fn every_page_of_the_flowfuse_corpora_fits_the_frontmatter_schema() {
    let corpora = repo().join("../shared/corpora");
    if !corpora.is_dir() {
        println!(
            "skipped: {} is absent (the corpora live beside the repository in ../shared)",
            corpora.display()
        );
        return;
    }
    for name in ["flowfuse", "flowfuse-2023"] {
        let root = corpora.join(name);
        if root.is_dir() {
            let n = check_handbook(&root);
            println!("{name}: {n} pages with frontmatter");
            assert!(n > 5, "{name}: {n}");
        } else {
            println!("skipped: {} is absent", root.display());
        }
    }
}

#[test]
fn every_handbook_toml_in_the_repository_fits_the_config_schema() {
    let validator = validator(&schema::config());
    let mut files: Vec<PathBuf> = handbooks()
        .into_iter()
        .map(|root| root.join("handbook.toml"))
        .collect();
    files.push(repo().join("themes/default/init/handbook.toml"));
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        Config::parse(&text, &file).unwrap_or_else(|d| panic!("{d}"));
        let json = toml_to_json(&toml::Value::Table(text.parse().unwrap()));
        let said = problems(&validator, &json);
        assert!(said.is_empty(), "{}: {said:?}", file.display());
    }
}

/// Values to try under every key.
fn values() -> Vec<Value> {
    let mut values = vec![
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(7),
        json!(-1),
        json!(1.5),
        json!(40),
        json!(100),
        json!(101),
        json!(140),
        json!(-0.5),
        json!([]),
        json!(["a"]),
        json!(["a", "b"]),
        json!([1]),
        json!(["a", null]),
        json!([[]]),
        json!({}),
        json!({"a": 1}),
        json!({"title": "M"}),
        json!({"title": 1}),
        json!({"T": {}}),
        json!({"T": null}),
        json!({"T": 1}),
        json!({"T": {"aliases": "x"}}),
        json!({"T": {"plural": ["xs"], "autolink": false}}),
        json!({"T": {"plurals": "xs", "aliases": ["y"]}}),
        json!({"T": {"autolink": "no"}}),
        json!({"T": {"bogus": 1}}),
    ];
    for text in [
        "",
        " ",
        "x",
        "Hello",
        "3/4",
        "5/4",
        "0/3",
        " 3 / 4 ",
        "+3/+4",
        "0/0",
        "3/0",
        "3/4%",
        "a/4",
        "40",
        "40%",
        "40 %",
        " 40.5% ",
        "140%",
        "100.0",
        "100.5",
        "-0",
        "-1",
        ".5",
        "5.",
        "nan",
        "inf",
        ".inf",
        "-.NaN",
        "1e2",
        " 7 ",
        "yes",
        "No",
        "off",
        "y",
        "2024-05-01",
        "2024-02-29",
        "2000-02-29",
        "1900-02-29",
        "2023-02-29",
        "2026-02-30",
        "2026-04-31",
        "2026-13-01",
        "2026-5-1",
        "15/11/2026",
        "2024-05-01T09:30",
        "2024-05-01t09:30:00.5",
        "2024-05-01 09:30:00+02:00",
        "2024-05-01T09:30:00Z",
        "2024-05-01T23:59:60-0500",
        "2001-12-14 21:59:43.10 -5",
        "2024-05-01T24:00",
        "2024-05-01T09:30+2:00",
        "2024-05-01T09:30:00.",
        "2024-05-01 soon",
        "2024-05-01x",
        "10:30:00",
        "now",
        "next",
        "later",
        "soon",
        "job",
        "Job",
        "page",
        "plan",
        "playbook",
        "glossary",
        "/a/b/",
        "false",
        "true",
    ] {
        values.push(Value::from(text));
    }
    values
}

/// Where the schema says yes and handbook no, knowingly: the done part of
/// a fraction above its total, which a pattern cannot compare.
fn looser(key: &str, value: &Value) -> bool {
    key == "progress" && value == &json!("5/4")
}

#[test]
fn each_frontmatter_key_takes_in_the_schema_what_handbook_reads() {
    let config = Config::default();
    let validator = validator(&schema::frontmatter(&config));
    let mut keys: BTreeSet<&str> = KNOWN_KEYS.iter().copied().collect();
    keys.insert("custom");
    let mut wrong = Vec::new();
    let (mut yaml, mut toml) = (0, 0);
    for key in keys {
        for value in values() {
            let json_key = Value::from(key);
            // JSON is YAML: `"navOrder": "3"` is the text "3", as an editor reads it.
            let text = format!("---\n{json_key}: {value}\n---\n");
            let page = read_page(Path::new("p.md"), &text, &config).expect("has frontmatter");
            let json = page.json.expect("JSON is YAML");
            let said = problems(&validator, &json);
            yaml += 1;
            if page.handbook.is_ok() != said.is_empty() && !looser(key, &value) {
                wrong.push(format!(
                    "YAML {key}: {value}: handbook {:?}, schema {said:?}",
                    page.handbook
                ));
            }
            // TOML reads types strictly, where YAML converts (see
            // `schema::yaml_scalars`): the schema may only be looser.
            let Some(value) = json_to_toml(&value) else {
                continue;
            };
            let text = format!("+++\n{json_key} = {value}\n+++\n");
            let page = read_page(Path::new("p.md"), &text, &config).expect("has frontmatter");
            let json = page.json.expect("valid TOML");
            let said = problems(&validator, &json);
            toml += 1;
            if page.handbook.is_ok() && !said.is_empty() {
                wrong.push(format!(
                    "TOML {key} = {value}: read by handbook, schema {said:?}"
                ));
            }
        }
    }
    assert!(yaml > 2500 && toml > 2500, "{yaml} {toml}");
    assert!(
        wrong.is_empty(),
        "{} disagreements:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Values to try under every key of `handbook.toml`.
fn config_values() -> Vec<Value> {
    let mut values = vec![
        json!(0),
        json!(1),
        json!(-1),
        json!(24),
        json!(1.5),
        json!(4_294_967_296_u64),
        json!(true),
        json!(false),
        json!([]),
        json!(["a"]),
        json!([1]),
        json!({}),
        json!({"a": "b"}),
        json!({"a": "status"}),
        json!({"label": "L", "color": "#fff"}),
        json!({"x": {"label": "L", "color": "#fff"}}),
        json!({"x": {"label": "L"}}),
        json!({"x": {"label": "L", "color": "#fff", "icon": "i"}}),
        json!({"x": 1}),
        json!(["status"]),
        json!(["stauts"]),
    ];
    for text in [
        "",
        "x",
        "/",
        "/handbook/",
        "/handbook",
        "//cdn.example.com/x/",
        "https://example.com/handbook/",
        "HTTPS://EXAMPLE.COM",
        "https://example.com",
        "http://localhost:8080/a",
        "https://",
        "https:/example.com",
        "htp:/x y",
        "://foo",
        "ftp://example.com/",
        "not a url at all",
        "/a b/",
        "/a\\b/",
        "/a?b",
        "/a#b",
        "/a\tb",
        "/a\u{7f}",
        "handbook/",
        "content",
        "error",
        "warning",
        "ignore",
        "warn",
        "Error",
        "file",
        "url",
        "github",
        "hugo",
        "hugo-ascii",
        "mdbook",
        "markdown-it-anchor",
        "eleventy-markdown-it-anchor",
        "zola",
        "gitlab",
        "MdBook",
    ] {
        values.push(Value::from(text));
    }
    values
}

#[test]
fn each_config_key_takes_in_the_schema_what_handbook_reads() {
    let schema = schema::config();
    let validator = validator(&schema);
    let mut documents = Vec::new();
    for (key, property) in schema["properties"].as_object().unwrap() {
        let table = property.get("properties").and_then(Value::as_object);
        for value in config_values() {
            let toml = json_to_toml(&value).unwrap();
            match table {
                // A table with keys of its own: each key, and the table as a whole.
                Some(keys) if key != "diagnostics" => {
                    for inner in keys.keys() {
                        documents.push(format!("[{key}]\n{inner} = {toml}\n"));
                    }
                }
                _ => {}
            }
            documents.push(format!("{key} = {toml}\n"));
        }
    }
    for code in [
        "link/missing-anchor",
        "status/unknown",
        "config/invalid",
        "link/missng",
    ] {
        for policy in ["error", "warning", "ignore", "warn"] {
            documents.push(format!("[diagnostics]\n\"{code}\" = \"{policy}\"\n"));
        }
    }
    documents.push("unknown = 1\n".into());
    documents.push("[links]\nunknown = 1\n".into());
    // serde reads a table written as the list of its values in order
    // (`review = [30]` is `after_days = 30`); nobody means that, and the
    // schema keeps to tables: the one place it is stricter than handbook.
    let table_as_list = |json: &Value| {
        json.as_object().is_some_and(|doc| {
            doc.iter().any(|(key, value)| {
                value.is_array() && schema["properties"][key]["type"] == json!("object")
            })
        })
    };
    let mut wrong = Vec::new();
    for text in &documents {
        let handbook = Config::parse(text, Path::new("handbook.toml")).map(|_| ());
        let json = toml_to_json(&toml::Value::Table(text.parse().unwrap()));
        let said = problems(&validator, &json);
        if handbook.is_ok() != said.is_empty() && !(handbook.is_ok() && table_as_list(&json)) {
            wrong.push(format!(
                "{text:?}: handbook {:?}, schema {said:?}",
                handbook.map_err(|d| d.message)
            ));
        }
    }
    assert!(documents.len() > 1500, "{}", documents.len());
    assert!(
        wrong.is_empty(),
        "{} disagreements:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// A fixed-seed xorshift, for test names that are the same on every run.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Names to try as frontmatter keys: the known keys in other cases and
/// with `_` and `-`, and each with one to three random edits.
fn key_names() -> Vec<String> {
    let alphabet: Vec<char> = "abcdeilmnorstuvwxyzAEINOT_-_- 9é\u{212A}".chars().collect();
    let mut random = Random(0x5eed_1234_abcd_ef01);
    let mut names: BTreeSet<String> = [
        "navtitle",
        "NavTitle",
        "nav_title",
        "nav-order",
        "NAV_ORDER",
        "reportsto",
        "reportsTo",
        "stauts",
        "tag",
        "tilte",
        "descripion",
        "descriptoin",
        "redirectfrom",
        "Title",
        "date",
        "author",
        "layout",
        "subtitle",
        "custom",
        "something_else",
        "eleventyNavigation",
        "",
        "_",
        "__title__",
        "\u{212A}ind",
        "title_____________x",
        "r_e_d_i_r_e_c_t_f_r_m",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    names.insert("x".repeat(1000));
    for known in KNOWN_KEYS {
        names.insert(known.to_lowercase());
        names.insert(known.to_uppercase());
        let snake: String = known
            .chars()
            .flat_map(|c| {
                if c.is_ascii_uppercase() {
                    vec!['_', c.to_ascii_lowercase()]
                } else {
                    vec![c]
                }
            })
            .collect();
        names.insert(snake.replace('_', "-"));
        names.insert(snake);
        for _ in 0..150 {
            let mut name: Vec<char> = known.chars().collect();
            for _ in 0..=random.below(3) {
                let at = random.below(name.len() + 1);
                let c = alphabet[random.below(alphabet.len())];
                match random.below(4) {
                    0 => name.insert(at, c),
                    1 if at < name.len() => name[at] = c,
                    2 if at < name.len() => {
                        name.remove(at);
                    }
                    _ if at + 1 < name.len() => name.swap(at, at + 1),
                    _ => name.insert(at, c),
                }
            }
            names.insert(name.into_iter().collect());
        }
    }
    names.into_iter().collect()
}

/// Whether `check` warns about `name` as a frontmatter key.
fn check_warns(name: &str) -> bool {
    if KNOWN_KEYS.contains(&name) {
        return false;
    }
    let text = format!("---\n{}: 1\n---\n", Value::from(name));
    let split = frontmatter::split(&text).unwrap();
    let config = Config::default();
    let fm = frontmatter::parse(Path::new("p.md"), &text, &split, &config.frontmatter)
        .unwrap_or_else(|d| panic!("{name:?}: {d}"));
    !frontmatter::typos(Path::new("p.md"), &text, &split, &fm).is_empty()
}

/// The frontmatter schema's rule on names alone.
fn names_schema() -> Value {
    let schema = schema::frontmatter(&Config::default());
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "propertyNames": schema["propertyNames"],
    })
}

#[test]
fn the_schema_refuses_exactly_the_keys_check_warns_about() {
    let names = key_names();
    let schema = names_schema();
    // The patterns need nothing beyond a plain regex engine (no lookaround),
    // as some editors' validators have only that.
    let engines = [
        validator(&schema),
        jsonschema::options()
            .with_pattern_options(jsonschema::PatternOptions::regex())
            .build(&schema)
            .unwrap(),
    ];
    let mut wrong = Vec::new();
    let mut warned = 0;
    for name in &names {
        let expected = check_warns(name);
        warned += usize::from(expected);
        for engine in &engines {
            let refused = !engine.is_valid(&json!({ name: 1 }));
            if refused != expected {
                wrong.push(format!(
                    "{name:?}: check warns {expected}, schema refuses {refused}"
                ));
            }
        }
    }
    assert!(
        names.len() > 3000 && warned > 1000,
        "{} names, {warned} warned",
        names.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every `pattern` in `schema`.
fn collect_patterns(schema: &Value, out: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::String(p)) = map.get("pattern") {
                out.push(p.clone());
            }
            map.values().for_each(|v| collect_patterns(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_patterns(v, out)),
        _ => {}
    }
}

#[test]
fn the_typo_patterns_work_in_javascript_as_in_rust() {
    // VS Code's YAML extension runs the patterns as JavaScript RegExps.
    let Ok(version) = Command::new("node").arg("--version").output() else {
        println!("skipped: node is not installed");
        return;
    };
    assert!(version.status.success());
    let names: Vec<String> = key_names()
        .into_iter()
        .filter(|n| n.chars().all(|c| u32::from(c) < 0x10000))
        .collect();
    let schema = names_schema();
    // Every pattern of both schemas compiles, with the `u` flag too (which
    // newer validators set, and which refuses escapes the plain mode lets by).
    let mut patterns = Vec::new();
    collect_patterns(&schema::config(), &mut patterns);
    collect_patterns(&schema::frontmatter(&Config::default()), &mut patterns);
    assert!(patterns.len() > 30, "{}", patterns.len());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("input.json"),
        json!({ "schema": schema, "names": names, "patterns": patterns }).to_string(),
    )
    .unwrap();
    let script = r#"
        const { schema, names, patterns } = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
        for (const p of patterns) { new RegExp(p); new RegExp(p, 'u'); }
        const rules = schema.propertyNames.allOf.map(r => ({
            pattern: new RegExp(r.if.pattern), max: r.if.maxLength, allowed: new Set(r.then.enum) }));
        const refused = names.map(n => rules.some(r => n.length <= r.max && r.pattern.test(n) && !r.allowed.has(n)));
        console.log(JSON.stringify(refused));
    "#;
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(dir.path().join("input.json"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let refused: Vec<bool> = serde_json::from_slice(&out.stdout).unwrap();
    let wrong: Vec<String> = names
        .iter()
        .zip(refused)
        .filter(|(name, refused)| check_warns(name) != *refused)
        .map(|(name, refused)| format!("{name:?}: JavaScript refuses {refused}"))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_mistyped_key_or_a_wrong_value_in_frontmatter_is_refused() {
    let config = Config::default();
    let schema = schema::frontmatter(&config);
    let validator = validator(&schema);
    for (yaml, meant) in [
        ("navtitle: Ops", Some("navTitle")),
        ("NavOrder: 2", Some("navOrder")),
        ("nav_group: Teams", Some("navGroup")),
        ("stauts: done", Some("status")),
        ("tag: [a]", Some("tags")),
        ("reportsTo: CEO", Some("reports_to")),
        ("descripton: One line.", Some("description")),
        ("navOrder: first", None),
        ("progress: 140", None),
        ("progress: \"3/0\"", None),
        ("kind: jobb", None),
        ("horizon: someday", None),
        ("due: 2026-02-30", None),
        ("reviewed: 15/11/2026", None),
        ("tags: {a: 1}", None),
        ("draft: maybe", None),
        ("terms: {Runbook: {autolnk: false}}", None),
    ] {
        let text = format!("---\ntitle: T\n{yaml}\n---\n");
        let page = read_page(Path::new("p.md"), &text, &config).unwrap();
        assert!(page.handbook.is_err(), "{yaml}: handbook takes it");
        let json = page.json.unwrap();
        let errors: Vec<_> = validator.iter_errors(&json).collect();
        assert!(!errors.is_empty(), "{yaml}: the schema takes it");
        if let Some(meant) = meant {
            // The rule that refused it is the known key's, whose message
            // (shown by the YAML extension) names it.
            let rule = errors
                .iter()
                .find_map(|e| {
                    let path = e.schema_path().to_string();
                    path.strip_prefix("/propertyNames/allOf/")
                        .and_then(|rest| rest.split('/').next()?.parse::<usize>().ok())
                })
                .unwrap_or_else(|| panic!("{yaml}: {errors:?}"));
            let message = schema["propertyNames"]["allOf"][rule]["then"]["errorMessage"]
                .as_str()
                .unwrap();
            assert!(
                message.starts_with(&format!("did you mean `{meant}`?")),
                "{yaml}: {message}"
            );
        }
    }
    // Keys for templates, and other tools' keys, stay allowed.
    for yaml in [
        "layout: post",
        "author: Ana",
        "date: 2024-01-01",
        "eleventyNavigation: {key: Home}",
        "subtitle: More",
        "title: 2024",
        "navOrder: \"3\"",
        "draft: no",
    ] {
        let text = format!("---\n{yaml}\n---\n");
        let page = read_page(Path::new("p.md"), &text, &config).unwrap();
        assert_eq!(page.handbook, Ok(()), "{yaml}");
        let said = problems(&validator, &page.json.unwrap());
        assert!(said.is_empty(), "{yaml}: {said:?}");
    }
}

#[test]
fn a_mistyped_key_or_a_wrong_value_in_handbook_toml_is_refused() {
    let validator = validator(&schema::config());
    for text in [
        "titel = \"x\"\n",
        "[links]\nmissing_pages = \"warning\"\n",
        "[links]\nmissing_page = \"warn\"\n",
        "[markdown]\nheading_ids = \"gitlab\"\n",
        "base_url = \"htp:/x y\"\n",
        "[review]\nafter_days = -1\n",
        "[review]\nafter_days = \"soon\"\n",
        "[diagnostics]\n\"config/invalid\" = \"warning\"\n",
        "[diagnostics]\n\"link/missng-anchor\" = \"warning\"\n",
        "[frontmatter]\nignore = [\"stauts\"]\n",
        "[frontmatter]\nrename = { state = \"stat\" }\n",
        "[status.done]\nlabel = \"Done\"\ncolour = \"#1a7f37\"\n",
        "[review]\noutput_dir = \"site\"\n",
    ] {
        assert!(
            Config::parse(text, Path::new("handbook.toml")).is_err(),
            "{text}: handbook takes it"
        );
        let json = toml_to_json(&toml::Value::Table(text.parse().unwrap()));
        assert!(!validator.is_valid(&json), "{text}: the schema takes it");
    }
}

#[test]
fn a_handbooks_frontmatter_settings_shape_its_schema() {
    let config = Config::parse(
        "[frontmatter]\nignore = [\"owner\"]\nrename = { state = \"status\" }\n\n[status.review]\nlabel = \"In review\"\ncolor = \"#bf8700\"\n",
        Path::new("handbook.toml"),
    )
    .unwrap();
    let schema = schema::frontmatter(&config);
    let validator = validator(&schema);
    for (yaml, read) in [
        // `owner` is this handbook's own: any shape.
        ("owner: {name: Ana, team: Ops}", true),
        // `state` is read as `status`; `status` is the handbook's own.
        ("state: review\nstatus: [proposed, accepted]", true),
        ("state: [review]", false),
        // A typo of a known key is still one.
        ("stauts: done", false),
    ] {
        let text = format!("---\n{yaml}\n---\n");
        let page = read_page(Path::new("p.md"), &text, &config).unwrap();
        assert_eq!(page.handbook.is_ok(), read, "{yaml}: {:?}", page.handbook);
        let said = problems(&validator, &page.json.unwrap());
        assert_eq!(said.is_empty(), read, "{yaml}: {said:?}");
    }
    // `state` is read as `status`: it is offered the statuses.
    let statuses = &schema["properties"]["state"]["examples"];
    assert!(
        statuses.as_array().unwrap().contains(&json!("review")),
        "{statuses}"
    );
}

fn run(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn the_schema_command_writes_what_the_library_makes_and_keeps_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("handbook.toml"),
        "[frontmatter]\nignore = [\"owner\"]\n",
    )
    .unwrap();
    let out = run(&["schema"], root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config = Config::load(root).unwrap().unwrap();
    for (name, text) in schema::files(&config) {
        assert_eq!(
            std::fs::read_to_string(root.join(name)).unwrap(),
            text,
            "{name}"
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("handbook.schema.json (written)"),
        "{stdout}"
    );
    // The handbook's own settings are in it.
    let written: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join(schema::FRONTMATTER_SCHEMA_FILE)).unwrap(),
    )
    .unwrap();
    assert!(
        written["properties"]["owner"].get("type").is_none(),
        "{}",
        written["properties"]["owner"]
    );
    // Again: nothing to do.
    let again = run(&["schema"], root);
    assert!(String::from_utf8_lossy(&again.stdout).contains("frontmatter.schema.json (unchanged)"));
    // --out elsewhere.
    let out = run(&["schema", ".", "--out", "editor/schemas"], root);
    assert!(out.status.success());
    assert!(
        root.join("editor/schemas")
            .join(schema::CONFIG_SCHEMA_FILE)
            .is_file()
    );
    // A file of that name that handbook did not write is never replaced,
    // and nothing is written then.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(
        other.path().join(schema::FRONTMATTER_SCHEMA_FILE),
        "{\"mine\": true}\n",
    )
    .unwrap();
    let out = run(&["schema"], other.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("handbook did not write it"));
    assert_eq!(
        std::fs::read_to_string(other.path().join(schema::FRONTMATTER_SCHEMA_FILE)).unwrap(),
        "{\"mine\": true}\n"
    );
    assert!(!other.path().join(schema::CONFIG_SCHEMA_FILE).exists());
}

#[test]
fn init_writes_the_schemas_and_points_handbook_toml_at_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("hb");
    let files = handbook::scaffold::init(&root, "T", false).unwrap();
    for (name, text) in schema::files(&Config::default()) {
        assert!(files.contains(&root.join(name)), "{name} not listed");
        assert_eq!(std::fs::read_to_string(root.join(name)).unwrap(), text);
    }
    let config = std::fs::read_to_string(root.join("handbook.toml")).unwrap();
    assert!(
        config
            .lines()
            .any(|l| l == format!("#:schema ./{}", schema::CONFIG_SCHEMA_FILE)),
        "{config}"
    );
    // What init and `new` write fits the schema init wrote.
    for (kind, title) in [
        (handbook::content::Kind::Job, "Ops lead"),
        (handbook::content::Kind::Playbook, "On call"),
        (handbook::content::Kind::Plan, "Q3"),
        (handbook::content::Kind::Glossary, "Words"),
        (handbook::content::Kind::Page, "About"),
    ] {
        handbook::scaffold::new_page(&root, kind, title, None).unwrap();
    }
    let pages = check_handbook(&root);
    assert!(pages >= 10, "{pages}");
    // A schema file already there is kept, as every file init finds.
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join(schema::CONFIG_SCHEMA_FILE), "mine\n").unwrap();
    handbook::scaffold::init(&other, "T", true).unwrap();
    assert_eq!(
        std::fs::read_to_string(other.join(schema::CONFIG_SCHEMA_FILE)).unwrap(),
        "mine\n"
    );
    assert!(other.join(schema::FRONTMATTER_SCHEMA_FILE).is_file());
}

#[test]
fn the_frontmatter_schema_names_every_key_handbook_reads_and_no_other() {
    let schema = schema::frontmatter(&Config::default());
    let named: BTreeSet<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let known: BTreeSet<&str> = KNOWN_KEYS.iter().copied().collect();
    assert_eq!(named, known);
    // One typo rule per known key, each with its message.
    assert_eq!(
        schema["propertyNames"]["allOf"].as_array().map(Vec::len),
        Some(KNOWN_KEYS.len())
    );
}
