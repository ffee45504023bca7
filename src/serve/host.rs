//! Which `Host` a request may name: the server's own addresses and the names
//! the user allowed.
//!
//! A web page cannot read another site's pages, but with DNS rebinding it can
//! make its own name (`evil.example`) resolve to 127.0.0.1 after it loaded, and
//! then read "its own" pages from the dev server: the drafts. The browser
//! still sends `Host: evil.example`, so refusing names we do not know stops it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The `Host` values the server answers.
#[derive(Debug, Clone)]
pub struct HostRule {
    /// The address the server listens on.
    bind: IpAddr,
    /// The port it listens on: a `Host` with another port is refused.
    port: u16,
    /// Names allowed with `--allow-host`, as [`allowed_name`] normalised them.
    allowed: Vec<String>,
}

impl HostRule {
    /// Loopback, the bind address and `allowed` (normalised by [`allowed_name`]), at `port`.
    pub fn new(bind: IpAddr, port: u16, allowed: &[String]) -> HostRule {
        HostRule {
            bind,
            port,
            allowed: allowed.to_vec(),
        }
    }

    /// Whether a request with this `Host` value is answered: `localhost`,
    /// `127.0.0.1`, `[::1]`, the bind address or an allowed name, in any case,
    /// with no port or the server's.
    pub fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        if port.is_some_and(|p| p != self.port) {
            return false;
        }
        let name = name.to_ascii_lowercase();
        match name.parse::<IpAddr>() {
            Ok(ip) => {
                ip == self.bind
                    || ip == IpAddr::V4(Ipv4Addr::LOCALHOST)
                    || ip == IpAddr::V6(Ipv6Addr::LOCALHOST)
                    || self.allowed.iter().any(|a| a.parse::<IpAddr>() == Ok(ip))
            }
            Err(_) => name == "localhost" || self.allowed.contains(&name),
        }
    }
}

/// The name and port of a `Host` value (`example.com`, `example.com:80`,
/// `[::1]:80`, `[::1]`), the brackets of an IPv6 address taken off; `None`
/// when it is neither.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => {
            let (inside, after) = rest.split_once(']')?;
            inside.parse::<Ipv6Addr>().ok()?;
            let port = match after {
                "" => None,
                p => Some(p.strip_prefix(':')?),
            };
            (inside, port)
        }
        None => match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        },
    };
    if name.is_empty() {
        return None;
    }
    // `host:` (an empty port) means the default one, as no port does.
    let port = match port {
        None | Some("") => None,
        Some(p) if p.bytes().all(|b| b.is_ascii_digit()) => Some(p.parse().ok()?),
        Some(_) => return None,
    };
    Some((name, port))
}

/// A name for `--allow-host`, lowercased, an IPv6 address without brackets;
/// an error saying why for a port, a URL or an empty name.
pub fn allowed_name(text: &str) -> Result<String, String> {
    let name = text.trim();
    let name = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name);
    if name.parse::<Ipv6Addr>().is_ok() {
        return Ok(name.to_ascii_lowercase());
    }
    if name.is_empty() {
        return Err("give a host name, such as handbook.local".into());
    }
    if name.contains(':') || name.contains('/') {
        return Err(format!(
            "give the name alone, without a scheme, port or path (such as {})",
            name.split("://")
                .last()
                .and_then(|n| n.split([':', '/']).next())
                .filter(|n| !n.is_empty())
                .unwrap_or("handbook.local")
        ));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
    {
        return Err(format!("{name:?} is not a host name"));
    }
    Ok(name.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(bind: &str, allowed: &[&str]) -> HostRule {
        let allowed: Vec<String> = allowed
            .iter()
            .map(|a| allowed_name(a).expect("a valid name"))
            .collect();
        HostRule::new(bind.parse().expect("an address"), 1111, &allowed)
    }

    #[test]
    fn can_allow_loopback_names_with_or_without_the_port() {
        let r = rule("127.0.0.1", &[]);
        for host in [
            "localhost",
            "LocalHost:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]",
            "[::1]:1111",
            "[0:0:0:0:0:0:0:1]:1111",
            "localhost:",
        ] {
            assert!(r.allows(host), "{host}");
        }
    }

    #[test]
    fn can_refuse_other_names_and_ports() {
        let r = rule("127.0.0.1", &[]);
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost:1112",
            "127.0.0.1:80",
            "localhost.",
            "sub.localhost",
            "127.0.0.2",
            "::1",
            "[::1",
            "[localhost]:1111",
            "localhost:+1111",
            "localhost:1111:1111",
            "localhost:99999",
            "",
            ":1111",
        ] {
            assert!(!r.allows(host), "{host}");
        }
    }

    #[test]
    fn can_allow_the_bind_address() {
        let r = rule("192.168.1.5", &[]);
        assert!(r.allows("192.168.1.5:1111"));
        assert!(r.allows("localhost"));
        assert!(!r.allows("192.168.1.6:1111"));
        let r = rule("fe80::1", &[]);
        assert!(r.allows("[FE80::1]:1111"));
    }

    #[test]
    fn can_allow_names_given_by_the_user() {
        let r = rule("127.0.0.1", &["Handbook.Local", "[fd00::5]", "10.0.0.7"]);
        assert!(r.allows("handbook.local"));
        assert!(r.allows("HANDBOOK.LOCAL:1111"));
        assert!(!r.allows("handbook.local:80"));
        assert!(r.allows("[fd00::5]:1111"));
        assert!(r.allows("10.0.0.7"));
        assert!(!r.allows("other.local"));
    }

    #[test]
    fn can_refuse_allowed_names_that_are_not_names() {
        assert_eq!(
            allowed_name(" Docs.Example ").as_deref(),
            Ok("docs.example")
        );
        assert_eq!(allowed_name("[::1]").as_deref(), Ok("::1"));
        for bad in [
            "",
            "docs.example:8080",
            "http://docs.example/",
            "a b",
            "docs@x",
        ] {
            assert!(allowed_name(bad).is_err(), "{bad}");
        }
        assert!(
            allowed_name("http://docs.example:80/x")
                .unwrap_err()
                .contains("docs.example)")
        );
    }
}
