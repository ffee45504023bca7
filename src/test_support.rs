//! Test-only helpers shared by the unit tests of several modules: texts one
//! edit away from valid ones, and JSON Schema patterns run as editors run them.

/// `base` and every text one edit away from it: each character replaced by
/// each of `alphabet`, each of `alphabet` put before each character, each
/// character removed, and each prefix. Texts that a parser and a schema
/// pattern must agree on are mostly found near the valid ones.
pub(crate) fn near_misses(base: &str, alphabet: &[char]) -> Vec<String> {
    let mut texts = vec![base.to_string()];
    for (i, c) in base.char_indices() {
        let after = i + c.len_utf8();
        for &other in alphabet {
            texts.push(format!("{}{other}{}", &base[..i], &base[after..]));
            texts.push(format!("{}{other}{}", &base[..i], &base[i..]));
        }
        texts.push(format!("{}{}", &base[..i], &base[after..]));
        texts.push(base[..i].to_string());
    }
    texts
}

/// Whether a text matches the JSON Schema `pattern`, as validators (and the
/// editors that use them) decide it.
pub(crate) fn pattern_matcher(pattern: &str) -> impl Fn(&str) -> bool + use<> {
    let validator = jsonschema::validator_for(&serde_json::json!({ "pattern": pattern }))
        .expect("the pattern compiles");
    move |text| validator.is_valid(&text.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_one_edit_away() {
        let texts = near_misses("ab", &['x']);
        assert_eq!(texts, ["ab", "xb", "xab", "b", "", "ax", "axb", "a", "a"]);
    }
}
