//! sitemap.xml, redirect pages and the Atom feed of recent changes.

use std::fmt::Write as _;

use pulldown_cmark_escape::escape_html;

/// A sitemap of `urls` (already absolute, or site-absolute when the base URL has no host).
pub fn sitemap<'a>(urls: impl Iterator<Item = &'a str>) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        xml.push_str("  <url><loc>");
        escape_html(&mut xml, url).ok();
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// A page that sends the browser (and search engines) on to `to`.
pub fn redirect_page(to: &str) -> String {
    let mut target = String::new();
    escape_html(&mut target, to).ok();
    let mut html = String::new();
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Moved</title>\
<link rel=\"canonical\" href=\"{target}\"><meta http-equiv=\"refresh\" content=\"0; url={target}\">\
<meta name=\"robots\" content=\"noindex\"></head>\
<body><p>This page has moved to <a href=\"{target}\">{target}</a>.</p></body></html>\n"
    );
    html
}

/// One entry of an Atom feed.
#[derive(Debug, Clone)]
pub struct FeedEntry<'a> {
    /// The page's title.
    pub title: &'a str,
    /// Its URL (absolute when the site's base URL is).
    pub url: String,
    /// When it changed, `YYYY-MM-DD`.
    pub date: &'a str,
    /// What changed (the commit's subject).
    pub summary: &'a str,
}

/// An Atom feed of `entries`, newest first.
pub fn atom_feed<'a>(
    title: &str,
    self_url: &str,
    page_url: &str,
    entries: impl Iterator<Item = FeedEntry<'a>>,
) -> String {
    let esc = |s: &str| {
        let mut out = String::new();
        escape_html(&mut out, s).ok();
        out
    };
    let entries: Vec<FeedEntry<'a>> = entries.collect();
    let updated = entries.first().map_or("1970-01-01", |e| e.date);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    let _ = write!(
        xml,
        "  <title>{} \u{2014} recent changes</title>\n  <id>{}</id>\n  <link rel=\"self\" href=\"{}\"/>\n  <link href=\"{}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n",
        esc(title),
        esc(self_url),
        esc(self_url),
        esc(page_url)
    );
    for e in &entries {
        let _ = write!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <link href=\"{}\"/>\n    <id>{}#{}</id>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            esc(e.title),
            esc(&e.url),
            esc(&e.url),
            esc(e.date),
            esc(e.date),
            esc(e.summary)
        );
    }
    xml.push_str("</feed>\n");
    xml
}
