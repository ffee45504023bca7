//! A call's arguments, as each syntax writes them: handbook's `(key="v",
//! n=2, on=true, list=["a", "b"])`, Hugo's `"v" key="v" key=v`, Liquid's
//! `"v" key: "v", key="v"`. Quoted values are strings; unquoted `true`,
//! `false` and numbers are those; Hugo's and Liquid's other bare words are
//! strings.

use serde_json::Value;

use super::calls::BadCall;

/// One argument of a call.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// Its name; `None` for a positional argument.
    pub name: Option<String>,
    /// Its value.
    pub value: Value,
    /// Byte offset in the text where it is written.
    pub at: usize,
}

impl Arg {
    /// A positional argument with no position of its own.
    pub fn positional(value: Value) -> Arg {
        Arg {
            name: None,
            value,
            at: 0,
        }
    }
}

fn bad(at: usize, message: impl Into<String>) -> BadCall {
    BadCall {
        at,
        message: message.into(),
    }
}

/// A cursor over `text` from a position, never past `limit`.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
    limit: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        if self.at >= self.limit {
            return None;
        }
        self.text[self.at..].chars().next()
    }

    fn skip_blanks(&mut self) {
        while let Some(c) = self.peek() {
            if !c.is_whitespace() {
                break;
            }
            self.at += c.len_utf8();
        }
    }

    fn ident(&mut self) -> Option<String> {
        let start = self.at;
        while let Some(c) = self.peek() {
            if !(c.is_ascii_alphanumeric() || c == '_' || (c == '-' && self.at > start)) {
                break;
            }
            self.at += 1;
        }
        (self.at > start && !self.text[start..].starts_with(|c: char| c.is_ascii_digit()))
            .then(|| self.text[start..self.at].to_string())
    }

    /// A quoted string at the cursor (`"…"` with `\` escapes, `'…'`, `` `…` ``).
    fn quoted(&mut self) -> Result<Option<String>, BadCall> {
        let Some(quote) = self.peek().filter(|c| matches!(c, '"' | '\'' | '`')) else {
            return Ok(None);
        };
        let start = self.at;
        self.at += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(bad(start, "a quoted value is never closed"));
            };
            self.at += c.len_utf8();
            if c == quote {
                return Ok(Some(out));
            }
            if c == '\\' && quote == '"' {
                let Some(next) = self.peek() else {
                    return Err(bad(start, "a quoted value is never closed"));
                };
                self.at += next.len_utf8();
                out.push(match next {
                    'n' => '\n',
                    't' => '\t',
                    other => other,
                });
                continue;
            }
            out.push(c);
        }
    }

    /// A bare word: up to a blank, or one of `stops`.
    fn word(&mut self, stops: &[char]) -> &str {
        let start = self.at;
        while let Some(c) = self.peek() {
            if c.is_whitespace() || stops.contains(&c) {
                break;
            }
            self.at += c.len_utf8();
        }
        &self.text[start..self.at]
    }

    /// A value of handbook's syntax: quoted, a number, `true`/`false`, or a list.
    fn native_value(&mut self, depth: usize) -> Result<Value, BadCall> {
        if let Some(s) = self.quoted()? {
            return Ok(Value::String(s));
        }
        let at = self.at;
        if self.peek() == Some('[') {
            if depth > 8 {
                return Err(bad(at, "lists nest too deep"));
            }
            self.at += 1;
            let mut items = Vec::new();
            loop {
                self.skip_blanks();
                match self.peek() {
                    Some(']') => {
                        self.at += 1;
                        return Ok(Value::Array(items));
                    }
                    None => return Err(bad(at, "a list is never closed by `]`")),
                    _ => {}
                }
                items.push(self.native_value(depth + 1)?);
                self.skip_blanks();
                if self.peek() == Some(',') {
                    self.at += 1;
                }
            }
        }
        let word = self.word(&[',', ')', ']']).to_string();
        if word.is_empty() {
            return Err(bad(
                at,
                "expected a value: a string in quotes, a number, true, false or a [list]",
            ));
        }
        scalar(&word).ok_or_else(|| {
            bad(
                at,
                format!(
                    "`{word}` is not a value: write a string in quotes (\"{word}\"), a number, true, false or a [list]"
                ),
            )
        })
    }
}

/// `true`, `false` or a number, from an unquoted word.
fn scalar(word: &str) -> Option<Value> {
    match word {
        "true" => Some(Value::Bool(true)),
        "false" => Some(Value::Bool(false)),
        _ => {
            if let Ok(n) = word.parse::<i64>() {
                Some(Value::from(n))
            } else {
                word.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite() && word.contains('.'))
                    .map(Value::from)
            }
        }
    }
}

/// Handbook's arguments, from the `(` at `open` to past the `)`: the
/// arguments and where they end. Not past `limit`.
pub fn native(text: &str, open: usize, limit: usize) -> Result<(Vec<Arg>, usize), BadCall> {
    let mut c = Cursor {
        text,
        at: open + 1,
        limit: limit.min(text.len()),
    };
    let mut args: Vec<Arg> = Vec::new();
    loop {
        c.skip_blanks();
        match c.peek() {
            Some(')') => return Ok((args, c.at + 1)),
            None => return Err(bad(open, "the arguments are never closed by `)`")),
            _ => {}
        }
        let at = c.at;
        let Some(name) = c.ident() else {
            return Err(bad(
                at,
                "expected an argument's name: arguments are written `name=value`",
            ));
        };
        c.skip_blanks();
        if c.peek() != Some('=') {
            return Err(bad(
                c.at,
                format!("expected `=` after `{name}`: arguments are written `name=value`"),
            ));
        }
        c.at += 1;
        c.skip_blanks();
        let value = c.native_value(0)?;
        if args
            .iter()
            .any(|a| a.name.as_deref() == Some(name.as_str()))
        {
            return Err(bad(at, format!("`{name}` is given twice")));
        }
        args.push(Arg {
            name: Some(name),
            value,
            at,
        });
        c.skip_blanks();
        match c.peek() {
            Some(',') => c.at += 1,
            Some(')') => {}
            _ => return Err(bad(c.at, "expected `,` or `)` after an argument")),
        }
    }
}

/// A bare or quoted value of Hugo's or Liquid's syntax.
fn loose_value(c: &mut Cursor<'_>, stops: &[char]) -> Result<Value, BadCall> {
    if let Some(s) = c.quoted()? {
        return Ok(Value::String(s));
    }
    let word = c.word(stops);
    Ok(scalar(word).unwrap_or_else(|| Value::String(word.to_string())))
}

/// Hugo's arguments: the text between the name and `>}}` (or `%}}`), which
/// starts at `at` in the page.
pub fn hugo(inner: &str, at: usize) -> Result<Vec<Arg>, BadCall> {
    loose(inner, at, &['='], false)
}

/// Liquid's arguments: the text between the tag's name and `%}`. An error
/// means it is not a call handbook reads (`{% if a == b %}`).
pub fn liquid(inner: &str, at: usize) -> Result<Vec<Arg>, BadCall> {
    loose(inner, at, &['=', ':'], true)
}

fn loose(inner: &str, at: usize, assign: &[char], commas: bool) -> Result<Vec<Arg>, BadCall> {
    // The cursor works on `inner`; positions are reported in the page.
    let mut c = Cursor {
        text: inner,
        at: 0,
        limit: inner.len(),
    };
    let mut args: Vec<Arg> = Vec::new();
    let mut stops: Vec<char> = assign.to_vec();
    if commas {
        stops.push(',');
    }
    loop {
        c.skip_blanks();
        if commas && c.peek() == Some(',') {
            c.at += 1;
            continue;
        }
        let Some(first) = c.peek() else {
            return Ok(args);
        };
        let start = c.at;
        let name = if matches!(first, '"' | '\'' | '`') {
            None
        } else {
            let save = c.at;
            let ident = c.ident();
            let mut probe = Cursor {
                text: inner,
                at: c.at,
                limit: inner.len(),
            };
            probe.skip_blanks();
            match (ident, probe.peek()) {
                (Some(name), Some(ch)) if assign.contains(&ch) => {
                    c.at = probe.at + 1;
                    // `a == b` is a comparison, not an argument.
                    if c.peek() == Some('=') {
                        return Err(bad(at + start, "a comparison, not an argument"));
                    }
                    c.skip_blanks();
                    Some(name)
                }
                _ => {
                    c.at = save;
                    None
                }
            }
        };
        let value = loose_value(&mut c, &stops)?;
        if c.at == start {
            return Err(bad(at + start, format!("unexpected `{first}`")));
        }
        args.push(Arg {
            name,
            value,
            at: at + start,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn named(args: &[Arg]) -> Vec<(Option<&str>, &Value)> {
        args.iter().map(|a| (a.name.as_deref(), &a.value)).collect()
    }

    #[test]
    fn reads_native_arguments() {
        let text = "x(a=\"q\\\"\", b=2, c=true, d=[1, 'two'], e=1.5)";
        let (args, end) = native(text, 1, text.len()).unwrap();
        assert_eq!(end, text.len());
        assert_eq!(
            named(&args),
            [
                (Some("a"), &json!("q\"")),
                (Some("b"), &json!(2)),
                (Some("c"), &json!(true)),
                (Some("d"), &json!([1, "two"])),
                (Some("e"), &json!(1.5)),
            ]
        );
    }

    #[test]
    fn native_errors_say_what_to_write() {
        for (text, wanted) in [
            ("x(a)", "expected `=`"),
            ("x(\"v\")", "name=value"),
            ("x(a=b)", "not a value"),
            ("x(a=1 b=2)", "expected `,`"),
            ("x(a=1, a=2)", "given twice"),
            ("x(a=\"open)", "never closed"),
        ] {
            let e = native(text, 1, text.len()).unwrap_err();
            assert!(e.message.contains(wanted), "{text}: {}", e.message);
        }
    }

    #[test]
    fn reads_hugo_and_liquid_arguments() {
        let args = hugo(" \"first\" second key=\"v w\" n=3", 0).unwrap();
        assert_eq!(
            named(&args),
            [
                (None, &json!("first")),
                (None, &json!("second")),
                (Some("key"), &json!("v w")),
                (Some("n"), &json!(3)),
            ]
        );
        let args = liquid(" footer.md title: \"Hi\", level=2", 0).unwrap();
        assert_eq!(
            named(&args),
            [
                (None, &json!("footer.md")),
                (Some("title"), &json!("Hi")),
                (Some("level"), &json!(2)),
            ]
        );
        assert!(liquid(" a == b", 0).is_err());
    }
}
