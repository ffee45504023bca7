//! sitemap.xml and redirect pages.

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
