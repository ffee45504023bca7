//! Frontmatter keys a handbook uses its own way: read under another name, or
//! left to the templates, before the typed read of [`super::FrontMatter`].
//!
//! A handbook written for another tool may already use `status:` for
//! "proposed | implemented", or `owner:` for a team's Slack handle. Its
//! `[frontmatter]` settings say so:
//!
//! ```toml
//! [frontmatter]
//! ignore = ["status"]                  # not ours: kept for templates as page.extra.status
//! rename = { plan_state = "status" }   # this handbook's key -> ours
//! ```
//!
//! A key that is the target of a rename is ignored under its own name (it
//! is then the handbook's, not ours). The keys are mapped while the
//! frontmatter is read, so a value of any shape under an ignored key is
//! never type-checked.

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// What an ignored key is read as, so that it lands among the unknown keys
/// (`extra`), from where [`KeyMap::restore`] gives it back its name.
const IGNORED_MARK: char = '\u{0}';

/// `[frontmatter]`: the keys this handbook renames or keeps for itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct KeyMap {
    /// Keys that mean something else in this handbook: not read by
    /// handbook, but kept for templates (`page.extra.status`).
    #[schemars(schema_with = "crate::schema::known_key_list")]
    pub ignore: Vec<String>,
    /// This handbook's key -> the key handbook reads it as
    /// (`plan_state = "status"`).
    #[schemars(schema_with = "crate::schema::known_key_map")]
    pub rename: HashMap<String, String>,
}

/// A `[frontmatter]` setting that cannot mean anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyProblem {
    /// The key as written in the setting (to find it in the file).
    pub value: String,
    /// What is wrong.
    pub message: String,
}

/// What becomes of one key.
enum Mapped<'a> {
    /// Read under this name.
    As(&'a str),
    /// Kept for templates under its own name.
    Ignored,
}

impl KeyMap {
    /// Whether it changes nothing (the common case, read without it).
    pub fn is_empty(&self) -> bool {
        self.ignore.is_empty() && self.rename.is_empty()
    }

    fn map<'a>(&'a self, key: &'a str) -> Mapped<'a> {
        if let Some(ours) = self.rename.get(key) {
            return Mapped::As(ours);
        }
        if self.ignore.iter().any(|k| k == key) || self.rename.values().any(|v| v == key) {
            return Mapped::Ignored;
        }
        Mapped::As(key)
    }

    /// The keys a page may write to set our key `ours`: `ours` itself unless
    /// this handbook ignores it, then the keys renamed to it (sorted).
    pub fn written_as(&self, ours: &str) -> Vec<String> {
        let mut renamed: Vec<String> = self
            .rename
            .iter()
            .filter(|(_, to)| *to == ours)
            .map(|(from, _)| from.clone())
            .collect();
        renamed.sort();
        let itself = matches!(self.map(ours), Mapped::As(name) if name == ours);
        itself
            .then(|| ours.to_string())
            .into_iter()
            .chain(renamed)
            .collect()
    }

    /// The first setting that cannot mean anything: a rename to, or an
    /// ignore of, a key handbook does not read.
    pub fn problem(&self) -> Option<KeyProblem> {
        let known = |k: &str| super::frontmatter::KNOWN_KEYS.contains(&k);
        let mut renamed: Vec<(&String, &String)> = self.rename.iter().collect();
        renamed.sort();
        if let Some((from, to)) = renamed.into_iter().find(|(_, to)| !known(to)) {
            return Some(KeyProblem {
                value: to.clone(),
                message: format!(
                    "[frontmatter] rename reads `{from}` as `{to}`, which is not a key handbook reads"
                ),
            });
        }
        self.ignore.iter().find(|k| !known(k)).map(|k| KeyProblem {
            value: k.clone(),
            message: format!(
                "[frontmatter] ignore names `{k}`, which handbook does not read anyway"
            ),
        })
    }

    /// Reads a `T` (the frontmatter) from `d` with the keys mapped.
    pub fn read<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        &self,
        d: D,
    ) -> Result<T, D::Error> {
        Seed::<T> {
            keys: self,
            read: PhantomData,
        }
        .deserialize(d)
    }

    /// Gives ignored keys, read into `extra` under a marked name, their own
    /// names back.
    pub fn restore<V>(extra: &mut std::collections::BTreeMap<String, V>) {
        let marked: Vec<String> = extra
            .keys()
            .filter(|k| k.starts_with(IGNORED_MARK))
            .cloned()
            .collect();
        for key in marked {
            if let Some(value) = extra.remove(&key) {
                extra.insert(key[IGNORED_MARK.len_utf8()..].to_string(), value);
            }
        }
    }
}

struct Seed<'k, T> {
    keys: &'k KeyMap,
    read: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Seed<'_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Seed<'_, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("keys and values")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(Renamed {
            inner: map,
            keys: self.keys,
        }))
    }
}

/// A map whose keys come out mapped.
struct Renamed<'k, A> {
    inner: A,
    keys: &'k KeyMap,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Renamed<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some(key) = self.inner.next_key::<String>()? else {
            return Ok(None);
        };
        let key = match self.keys.map(&key) {
            Mapped::As(name) => name.to_string(),
            Mapped::Ignored => format!("{IGNORED_MARK}{key}"),
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.inner.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, Default)]
    #[serde(default)]
    struct Front {
        status: Option<String>,
        owner: Option<String>,
        #[serde(flatten)]
        extra: BTreeMap<String, serde_json::Value>,
    }

    fn read(keys: &KeyMap, yaml: &str) -> Front {
        let mut front: Front =
            serde_saphyr::with_deserializer_from_str(yaml, |d| keys.read(d)).expect("reads");
        KeyMap::restore(&mut front.extra);
        front
    }

    #[test]
    fn can_ignore_a_key_of_any_shape() {
        let keys = KeyMap {
            ignore: vec!["status".into()],
            ..KeyMap::default()
        };
        let front = read(&keys, "status: [proposed, accepted]\nowner: ana\n");
        assert_eq!(front.status, None);
        assert_eq!(front.owner.as_deref(), Some("ana"));
        assert_eq!(
            front.extra.get("status"),
            Some(&serde_json::json!(["proposed", "accepted"]))
        );
    }

    #[test]
    fn can_rename_a_key_and_keep_the_original_for_templates() {
        let keys = KeyMap {
            rename: HashMap::from([("plan_state".to_string(), "status".to_string())]),
            ..KeyMap::default()
        };
        let front = read(&keys, "status: implemented\nplan_state: in-progress\n");
        assert_eq!(front.status.as_deref(), Some("in-progress"));
        assert_eq!(
            front.extra.get("status"),
            Some(&serde_json::json!("implemented"))
        );
    }

    #[test]
    fn an_empty_map_changes_nothing() {
        let front = read(&KeyMap::default(), "status: done\n");
        assert_eq!(front.status.as_deref(), Some("done"));
        assert!(front.extra.is_empty());
    }
}
