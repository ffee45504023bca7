use super::*;

/// A handbook root with these files under `data/`.
fn root(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let path = dir.path().join(DATA_DIR).join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

fn load(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Loaded) {
    let dir = root(files);
    let loaded = Data::load(dir.path());
    (dir, loaded)
}

#[test]
fn can_read_each_format_into_its_key() {
    let (dir, loaded) = load(&[
        ("team.yaml", b"- name: Ada\n  role: CTO\n- name: Lin\n"),
        ("org/teams.json", b"{\"platform\": {\"size\": 4}}"),
        ("org/deep/x.yml", b"true"),
        (
            "settings.toml",
            b"since = 2021-03-04\nratio = 0.5\n[owner]\nname = \"Ops\"\n",
        ),
        (
            "tools.csv",
            b"name, url\nGit,\"https://git.example, inc\"\n",
        ),
        ("team-members.yml", b"{a: 1}"),
    ]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert!(loaded.notices.is_empty(), "{:?}", loaded.notices);
    let v = loaded.data.value();
    assert_eq!(v["team"][0]["name"], "Ada");
    assert_eq!(v["team"][1]["name"], "Lin");
    assert_eq!(v["org"]["teams"]["platform"]["size"], 4);
    assert_eq!(v["org"]["deep"]["x"], true);
    assert_eq!(v["settings"]["since"], "2021-03-04");
    assert_eq!(v["settings"]["ratio"], 0.5);
    assert_eq!(v["settings"]["owner"]["name"], "Ops");
    assert_eq!(
        v["tools"],
        serde_json::json!([{"name": "Git", "url": "https://git.example, inc"}])
    );
    assert_eq!(v["team-members"]["a"], 1);
    let data = dir.path().join(DATA_DIR);
    let names: Vec<PathBuf> = loaded
        .data
        .files()
        .iter()
        .map(|f| f.strip_prefix(&data).unwrap().to_path_buf())
        .collect();
    assert_eq!(
        names,
        [
            "org/deep/x.yml",
            "org/teams.json",
            "settings.toml",
            "team-members.yml",
            "team.yaml",
            "tools.csv",
        ]
        .map(PathBuf::from)
    );
}

#[test]
fn no_data_folder_is_an_empty_map() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = Data::load(dir.path());
    assert_eq!(loaded.data.value(), &serde_json::json!({}));
    assert!(loaded.data.files().is_empty() && loaded.diagnostics.is_empty());
}

#[test]
fn empty_files_are_nothing_or_empty() {
    let (_dir, loaded) = load(&[
        ("a.yaml", b""),
        ("b.toml", b""),
        ("c.csv", b""),
        ("d.csv", b"name,role\n"),
        ("e.yml", b"\xef\xbb\xbfx: 1\n"),
    ]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let v = loaded.data.value();
    assert_eq!(v["a"], Value::Null);
    assert_eq!(v["b"], serde_json::json!({}));
    assert_eq!(v["c"], serde_json::json!([]));
    assert_eq!(v["d"], serde_json::json!([]));
    assert_eq!(v["e"]["x"], 1);
}

#[test]
fn two_files_for_one_key_are_an_error_naming_both() {
    let (dir, loaded) = load(&[("team.json", b"[]"), ("team.yaml", b"[]")]);
    let [d] = loaded.diagnostics.as_slice() else {
        panic!("{:?}", loaded.diagnostics)
    };
    let data = dir.path().join(DATA_DIR);
    assert_eq!(d.code, Code::DataClash);
    assert_eq!(d.file.as_deref(), Some(data.join("team.yaml").as_path()));
    assert!(
        d.message
            .contains(&data.join("team.json").display().to_string())
            && d.message.contains("`data.team`"),
        "{d}"
    );
    // The first stays.
    assert_eq!(loaded.data.value()["team"], serde_json::json!([]));
}

#[test]
fn a_file_and_a_folder_of_one_name_clash_either_way() {
    for (file, inner) in [("org.yaml", "org/teams.json"), ("a.yaml", "a/b/c.json")] {
        let (dir, loaded) = load(&[(file, b"{}"), (inner, b"{}")]);
        let [d] = loaded.diagnostics.as_slice() else {
            panic!("{:?}", loaded.diagnostics)
        };
        assert_eq!(d.code, Code::DataClash, "{d}");
        let data = dir.path().join(DATA_DIR);
        let named = [file, inner]
            .iter()
            .filter(|f| {
                d.file.as_deref() == Some(data.join(f).as_path())
                    || d.message.contains(&data.join(f).display().to_string())
            })
            .count();
        assert_eq!(named, 2, "{d}");
        assert!(d.message.contains("folder"), "{d}");
    }
}

#[test]
fn parse_errors_name_line_and_column() {
    for (name, text, line, column) in [
        ("a.yaml", "x: 1\ny: [1, 2\n", 2, 4),
        ("b.yaml", "x: 1\ny: : z\n", 2, 4),
        ("c.json", "{\n  \"a\": 1,\n  \"b\" 2\n}", 3, 7),
        ("d.json", "[1,\n 2,,\n]", 2, 4),
        ("e.toml", "a = 1\nb = \n", 2, 5),
        ("f.toml", "a = 1\na = 2\n", 2, 1),
        ("g.csv", "name,role\nAda,CTO\nLin\n", 3, 1),
        ("h.csv", "name,name\n", 1, 1),
        ("i.json", "{\"é\": [1, é]}", 1, 11),
    ] {
        let (dir, loaded) = load(&[(name, text.as_bytes())]);
        let [d] = loaded.diagnostics.as_slice() else {
            panic!("{name}: {:?}", loaded.diagnostics)
        };
        assert_eq!(d.code, Code::DataParse, "{name}: {d}");
        assert_eq!(
            d.file.as_deref(),
            Some(dir.path().join(DATA_DIR).join(name).as_path())
        );
        assert_eq!(d.position, Some(Position { line, column }), "{name}: {d}");
        assert!(d.snippet.is_some() && d.hint.is_some(), "{name}: {d}");
        assert!(loaded.data.value().get(&name[..1]).is_none(), "{name}");
    }
}

#[test]
fn csv_rows_say_how_many_fields_they_have() {
    let (_dir, loaded) = load(&[("t.csv", b"a,b\n1,2,3\n")]);
    let d = &loaded.diagnostics[0];
    assert!(d.message.contains("3 field(s), the header row 2"), "{d}");
}

#[test]
fn a_file_that_is_not_utf8_is_an_error_where_it_stops_being_text() {
    let (_dir, loaded) = load(&[("t.yaml", b"a: 1\nb: \xff\n")]);
    let [d] = loaded.diagnostics.as_slice() else {
        panic!("{:?}", loaded.diagnostics)
    };
    assert_eq!(d.code, Code::DataUnreadable);
    assert_eq!(d.position, Some(Position { line: 2, column: 4 }), "{d}");
    assert_eq!(d.hint.as_deref(), Some("save it as UTF-8"));
}

#[test]
fn other_files_are_left_alone_with_a_notice() {
    let (_dir, loaded) = load(&[
        ("README.md", b"# data"),
        ("team.yaml~", b"x"),
        (".hidden.yaml", b"{"),
        (".git/x.json", b"{"),
        ("yaml", b"x"),
        (".yaml", b"x"),
    ]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert_eq!(loaded.notices.len(), 2, "{:?}", loaded.notices);
    assert!(loaded.notices[0].contains("README.md: not read"));
    assert_eq!(loaded.data.value(), &serde_json::json!({}));
}

#[test]
fn yaml_that_expands_too_far_is_refused() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (i, c) in ('b'..='k').enumerate() {
        let prev = (b'a' + i as u8) as char;
        bomb.push_str(&format!(
            "{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    let (_dir, loaded) = load(&[("bomb.yaml", bomb.as_bytes())]);
    let [d] = loaded.diagnostics.as_slice() else {
        panic!("{:?}", loaded.diagnostics)
    };
    assert_eq!(d.code, Code::DataParse);
    assert!(d.message.contains("expands too far"), "{d}");
}

#[test]
fn can_name_keys_as_templates_write_them() {
    let key =
        |parts: &[&str]| template_name(&parts.iter().map(|p| p.to_string()).collect::<Vec<_>>());
    assert_eq!(key(&["team"]), "data.team");
    assert_eq!(key(&["org", "teams_2"]), "data.org.teams_2");
    assert_eq!(key(&["team-members"]), "data[\"team-members\"]");
    assert_eq!(key(&["2024", "q\"1"]), "data[\"2024\"][\"q\\\"1\"]");
}

#[test]
fn yaml_keys_that_are_not_text_are_read_as_text() {
    let (_dir, loaded) = load(&[("k.yaml", b"1: a\ntrue: b\n2024-01-02: c\n")]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let v = loaded.data.value();
    assert_eq!(v["k"]["1"], "a");
    assert_eq!(v["k"]["true"], "b");
    assert_eq!(v["k"]["2024-01-02"], "c");
}
