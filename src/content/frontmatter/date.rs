//! Dates in frontmatter: what `due`, `reviewed` and `updated` take (real
//! days, `YYYY-MM-DD`, optionally with a time), and the same rule as a
//! pattern for the JSON Schema.

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

/// How dates are written, for messages.
pub(super) const DATE_FORMS: &str = "write dates as YYYY-MM-DD, such as 2024-05-01, \
     optionally with a time: 2024-05-01T09:30, 2024-05-01 09:30:00+02:00";

/// A date (`due`, `reviewed`, `updated`), as written: `2024-05-01` in YAML or
/// TOML, or a date and time. Only real days of the calendar are accepted, so
/// that every date compares (as its first ten characters) with the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct DateText(pub String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Toml(toml::value::Datetime),
        }
        let text = match Raw::deserialize(d) {
            Ok(Raw::Text(s)) => s,
            Ok(Raw::Toml(d)) => d.to_string(),
            Err(_) => {
                return Err(serde::de::Error::custom(format!(
                    "expected a date; {DATE_FORMS}"
                )));
            }
        };
        match check_date(&text) {
            Ok(()) => Ok(DateText(text)),
            Err(why) => Err(serde::de::Error::custom(format!(
                "`{text}` is not a date{why}; {DATE_FORMS}"
            ))),
        }
    }
}

impl JsonSchema for DateText {
    fn schema_name() -> Cow<'static, str> {
        "DateText".into()
    }

    /// A text that `check_date` accepts; TOML's dates and times are that
    /// text too once an editor reads them as JSON (`2024-05-01`).
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "pattern": date_pattern() })
    }
}

/// `check_date` as a JSON Schema pattern (ECMA-262 syntax, read the same
/// by Rust's regex): a real day, leap years included, and the times and
/// zones it allows. A test compares the two on many texts.
pub(crate) fn date_pattern() -> String {
    const DIGIT: &str = "[0-9]";
    let leap = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)";
    let month_day = concat!(
        "(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])",
        "|(?:0[13-9]|1[0-2])-(?:29|30)",
        "|(?:0[13578]|1[02])-31)"
    );
    let hour = "(?:[01][0-9]|2[0-3])";
    let minute = "[0-5][0-9]";
    let time = format!("{hour}:{minute}(?::(?:[0-5][0-9]|60)(?:\\.{DIGIT}+)?)?");
    let zone = format!("(?:[Zz]|[+-](?:{hour}:?{minute}|{hour}|{DIGIT}))");
    format!("^\\s*(?:{DIGIT}{{4}}-{month_day}|{leap}-02-29)(?:[Tt ]{time}(?:\\s*{zone})?)?\\s*$")
}

/// Whether `text` (spaces around it aside) is `YYYY-MM-DD`, a real day,
/// optionally followed by `T` or a space and a time `HH:MM[:SS[.fraction]]`
/// and a zone (`Z`, `+HH:MM`, `-HHMM`, `+HH`; YAML allows spaces before it).
/// The error is the reason to add after "is not a date", when there is one to give.
pub(super) fn check_date(text: &str) -> Result<(), String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let text = text.trim();
    let b = text.as_bytes();
    let number = |r: std::ops::Range<usize>| -> Option<u32> {
        let digits = b.get(r)?;
        digits
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return Err(String::new());
    };
    if b[4] != b'-' || b[7] != b'-' {
        return Err(String::new());
    }
    if !(1..=12).contains(&month) {
        return Err(format!(": there is no month {month}"));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1..=days).contains(&day) {
        let name = MONTHS[month as usize - 1];
        return Err(format!(": {name} {year} has {days} days"));
    }
    match b.get(10) {
        None => Ok(()),
        Some(b'T' | b't' | b' ') if check_time(&text[11..]) => Ok(()),
        Some(_) => Err(": the time after the date is not HH:MM or HH:MM:SS".to_string()),
    }
}

/// Whether `t` is `HH:MM[:SS[.fraction]]` and an optional zone.
fn check_time(t: &str) -> bool {
    let b = t.as_bytes();
    let two = |i: usize, max: u32| {
        b.get(i..i + 2).is_some_and(|d| {
            d.iter().all(u8::is_ascii_digit)
                && u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0') <= max
        })
    };
    if !(two(0, 23) && b.get(2) == Some(&b':') && two(3, 59)) {
        return false;
    }
    let mut i = 5;
    if b.get(i) == Some(&b':') {
        // 60: a leap second.
        if !two(i + 1, 60) {
            return false;
        }
        i += 3;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return false;
            }
        }
    }
    let zone = t[i..].trim_start();
    let z = zone.as_bytes();
    match z.first() {
        None => true,
        Some(b'Z' | b'z') => z.len() == 1,
        Some(b'+' | b'-') => {
            let digits: Vec<u8> = z[1..].iter().copied().filter(|&c| c != b':').collect();
            let colons = z[1..].iter().filter(|&&c| c == b':').count();
            let hours_minutes = |d: &[u8]| {
                d.iter().all(u8::is_ascii_digit)
                    && (d.len() < 2 || u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0') <= 23)
                    && (d.len() < 4 || u32::from(d[2] - b'0') * 10 + u32::from(d[3] - b'0') <= 59)
            };
            // +HH, +HHMM, +HH:MM, and YAML's +H.
            match (digits.len(), colons) {
                (1 | 2, 0) => hours_minutes(&digits),
                (4, 0) => hours_minutes(&digits),
                (4, 1) => z.get(3) == Some(&b':') && hours_minutes(&digits),
                _ => false,
            }
        }
        Some(_) => false,
    }
}
