//! The outputs besides pages: 404, sitemap, llms.txt, theme files,
//! redirects, recent changes, and each page's file or problem gathered for
//! the result.

use super::*;

impl Build {
    /// The output files that no page edit changes (404, sitemap, theme files,
    /// copied files, redirects), with the problems found laying them out:
    /// computed once per full build, so an edit does not pay for them.
    pub(super) fn fixed_outputs(&self) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let site = &self.site;
        let pages = &site.content.pages;
        let base = site.config.base_path();
        let page_href = |i: usize| self.page_hrefs[i].clone();
        let mut problems = Vec::new();
        let mut out = Outputs::with_capacity(pages.len() + site.content.assets.len() + 16);
        let generated = |path: &str| (format!("handbook's generated {path}"), None);
        // Claimed first, with placeholders: the paths whose bytes change with edits.
        let mut own_not_found = false;
        for page in pages {
            let owner = || {
                (
                    format!("the page {}", page.file.display()),
                    Some(page.file.clone()),
                )
            };
            for file in page.url.output_files() {
                out.add(OutputFile::bytes(file, Vec::new()), owner);
            }
            own_not_found |= page.url.is_not_found();
        }
        // A 404.html of the content folder's own is the site's too.
        own_not_found |= site
            .content
            .assets
            .iter()
            .any(|a| a.path.as_str() == NOT_FOUND_FILE);
        out.add(OutputFile::bytes(NAV_FILE, Vec::new()), || {
            generated(NAV_FILE)
        });
        if self.has_llms() {
            out.add(OutputFile::bytes(llms::FILE, Vec::new()), || {
                generated(llms::FILE)
            });
        }
        out.add(OutputFile::bytes(delivery::PLANS_FILE, Vec::new()), || {
            generated(delivery::PLANS_FILE)
        });
        for l in &self.listings {
            out.add(OutputFile::bytes(l.path.clone(), Vec::new()), || {
                (format!("handbook's generated {}", l.path), None)
            });
        }
        out.add(OutputFile::bytes(SYNTAX_CSS, Vec::new()), || {
            generated(SYNTAX_CSS)
        });
        if site.config.search.enabled {
            out.add(
                OutputFile::bytes(search_index::MANIFEST, Vec::new()),
                || generated("search index"),
            );
        }
        let claimed = out.files.len();
        if let Some(theme) = &self.theme
            && !own_not_found
        {
            let mut not_found = tera::Context::new();
            not_found.insert("page", &serde_json::json!({"title": "Page not found", "url": href(&format!("{base}404.html"))}));
            match theme.tera.render("404.html", &not_found) {
                Ok(html) => out.add(OutputFile::bytes(NOT_FOUND_FILE, html), || {
                    generated(NOT_FOUND_FILE)
                }),
                Err(e) => problems.push(template_error("404.html", &e)),
            }
        }
        if let Some(theme) = &self.theme {
            for (name, bytes) in &theme.static_files {
                out.add(
                    OutputFile::bytes(format!("_handbook/{name}"), bytes.clone()),
                    || (format!("the theme's static/{name}"), None),
                );
            }
        }
        let origin = site.config.origin().unwrap_or("");
        // Every page a reader can reach: the handbook's and the generated
        // ones (dashboard, roles, reporting lines, tags); not the 404.
        let urls: Vec<String> = (0..pages.len())
            .filter(|&i| !pages[i].url.is_not_found())
            .map(|i| format!("{origin}{}", page_href(i)))
            .chain(self.listings.iter().filter_map(|l| {
                let folder = l.path.strip_suffix("index.html")?;
                Some(format!("{origin}{}", href(&format!("{base}{folder}"))))
            }))
            .collect();
        out.add(
            OutputFile::bytes(
                "sitemap.xml",
                sitemap::sitemap(urls.iter().map(String::as_str)),
            ),
            || generated("sitemap.xml"),
        );
        for asset in &site.content.assets {
            let file = OutputFile {
                path: asset.path.as_str().to_string(),
                contents: Contents::Copy(asset.file.clone()),
            };
            out.add(file, || {
                (asset.file.display().to_string(), Some(asset.file.clone()))
            });
        }
        // Redirects: a page at each old URL, and one `_redirects` file for hosts
        // that read it (Netlify, Cloudflare Pages) to answer with a real 301.
        let mut host_redirects = String::new();
        for (i, page) in pages.iter().enumerate() {
            let own = page.url.output_file();
            for alias in &page.front.aliases {
                match alias_file(alias, &site.config) {
                    Ok(path) if path == own => problems.push(
                        Diagnostic::warning(
                            crate::error::Code::AliasSelf,
                            page.file.clone(),
                            format!("the alias `{alias}` is this page's own URL; it is left out"),
                        )
                        .hint("remove it from the aliases (a page cannot redirect to itself)")
                        .at_key(page, ["aliases", "redirect_from"]),
                    ),
                    Ok(path) => {
                        let from = path.strip_suffix("index.html").unwrap_or(&path);
                        host_redirects.push_str(&format!(
                            "{} {} 301\n",
                            href(&format!("{base}{from}")),
                            page_href(i)
                        ));
                        out.add(
                            OutputFile::bytes(path, sitemap::redirect_page(&page_href(i))),
                            || {
                                (
                                    format!("the alias `{alias}` of {}", page.file.display()),
                                    Some(page.file.clone()),
                                )
                            },
                        )
                    }
                    Err(why) => problems.push(
                        Diagnostic::error(
                            crate::error::Code::AliasInvalid,
                            page.file.clone(),
                            format!("the alias `{alias}` {why}"),
                        )
                        .hint("write aliases as paths on this site, such as /old/page/")
                        .at_key(page, ["aliases", "redirect_from"]),
                    ),
                }
            }
        }
        if !host_redirects.is_empty() {
            out.add(OutputFile::bytes("_redirects", host_redirects), || {
                generated("_redirects")
            });
        }
        out.find_folder_clashes();
        problems.extend(out.clashes);
        let mut files = out.files;
        files.drain(..claimed);
        (files, problems)
    }

    /// Whether the site gets a generated llms.txt: `[llms] enabled`, and no
    /// llms.txt of the content folder's own (copied as it is instead, as a
    /// team that wrote one by hand means it to be).
    pub(super) fn has_llms(&self) -> bool {
        self.site.config.llms.enabled
            && !self
                .site
                .content
                .assets
                .iter()
                .any(|a| a.path.as_str() == llms::FILE)
    }

    /// Makes llms.txt (again) from the site's title and description and the
    /// navigation, which holds exactly the build's pages (as the sitemap
    /// does): the pages it shows, each with its label, URL (full when the
    /// base URL has a host, as in the sitemap) and description.
    pub(super) fn build_llms(&mut self) {
        self.llms = self.llms_txt();
    }

    /// llms.txt as the site is now, when it has one.
    pub(super) fn llms_txt(&self) -> Option<bytes::Bytes> {
        if !self.has_llms() {
            return None;
        }
        let site = &self.site;
        let pages = &site.content.pages;
        let origin = site.config.origin().unwrap_or("");
        // Grouped and ordered as the sidebar shows the pages, with its labels.
        let nav = self.sidebar_nav();
        let text = llms::llms_txt(&site.config.title, &site.config.description, nav, |i| {
            let page = &pages[i];
            // Below the home page, the navigation has left out the pages
            // with `nav: false` already (or those the navigation file
            // does not show); the not-found page is no page to read.
            let shown = page.front.nav || self.sidebar.is_some();
            (shown && !page.url.is_not_found()).then(|| llms::LlmsPage {
                label: &nav.nodes[nav.node_of_page[i]].label,
                url: format!("{origin}{}", self.page_hrefs[i]),
                description: self.analysed[i].description(),
            })
        });
        Some(bytes::Bytes::from(text.into_bytes()))
    }

    /// Whether the site gets a "Recent changes" page: there is a history, and
    /// no page of the handbook's own at that URL.
    pub(super) fn has_recent_page(&self) -> bool {
        !self.history.changes.is_empty()
            && !self
                .site
                .content
                .pages
                .iter()
                .any(|p| p.url.as_str() == "/recent/")
    }

    /// The "Recent changes" page and its Atom feed, from every page's last change.
    pub(super) fn recent_changes(&self) -> Result<(String, String), Diagnostic> {
        let pages = &self.site.content.pages;
        let config = &self.site.config;
        let base = config.base_path();
        let mut changed: Vec<(&str, i64, usize)> = pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let date = last_updated(p, &self.history)?;
                let time = self
                    .history
                    .changes
                    .get(p.path.as_str())
                    .map_or(0, |c| c.time);
                Some((date, time, i))
            })
            .collect();
        changed.sort_by(|a, b| b.0.cmp(a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        changed.truncate(RECENT_COUNT);
        let entries: Vec<serde_json::Value> = changed
            .iter()
            .map(|&(date, _, i)| {
                serde_json::json!({
                    "date": date,
                    "label": self.analysed[i].label,
                    "url": self.page_hrefs[i],
                    "subject": self.history.changes.get(pages[i].path.as_str()).map(|c| c.subject.as_str()).filter(|s| !s.is_empty()),
                })
            })
            .collect();
        let feed_url = href(&format!("{base}{RECENT_FEED}"));
        let mut context = tera::Context::new();
        context.insert(
            "page",
            &serde_json::json!({
                "title": "Recent changes", "kind": "page", "url": href(&format!("{base}recent/")),
                "changes": entries, "feed_url": feed_url,
            }),
        );
        let theme = self
            .theme
            .as_ref()
            .ok_or_else(|| Diagnostic::error(crate::error::Code::Internal, None, "no theme"))?;
        let html = theme
            .tera
            .render("recent.html", &context)
            .map_err(|e| template_error("recent.html", &e))?;
        let origin = config.origin().unwrap_or("");
        let feed = sitemap::atom_feed(
            &config.title,
            &format!("{origin}{feed_url}"),
            &format!("{origin}{}", href(&format!("{base}recent/"))),
            entries.iter().map(|e| sitemap::FeedEntry {
                title: e["label"].as_str().unwrap_or(""),
                url: format!("{origin}{}", e["url"].as_str().unwrap_or("")),
                date: e["date"].as_str().unwrap_or(""),
                summary: e["subject"].as_str().unwrap_or(""),
            }),
        );
        Ok((html, feed))
    }

    /// The work this build has done: its last full build (a reload makes a
    /// new one) and every update since.
    pub fn stats(&self) -> BuildStats {
        self.counters.snapshot()
    }

    /// Page `i`'s output file (when `files` are wanted), or its problem.
    pub(super) fn push_page(
        &self,
        i: usize,
        files: Option<&mut Vec<OutputFile>>,
        problems: &mut Vec<Diagnostic>,
    ) {
        let page = &self.site.content.pages[i];
        match &self.html[i] {
            Some(Ok(bytes)) => {
                if let Some(files) = files {
                    files.extend(page.url.output_files().map(|path| OutputFile {
                        path,
                        contents: Contents::Bytes(bytes.clone()),
                    }));
                }
            }
            Some(Err(d)) => problems.push(d.clone()),
            None => problems.push(Diagnostic::error(
                crate::error::Code::Internal,
                page.file.clone(),
                "the page was not rendered",
            )),
        }
    }

    /// The navigation fragment.
    pub(super) fn push_nav(&self, files: &mut Vec<OutputFile>) {
        files.push(OutputFile {
            path: NAV_FILE.into(),
            contents: Contents::Bytes(self.nav_fragment.clone()),
        });
    }

    /// llms.txt, when the site has one.
    pub(super) fn push_llms(&self, files: &mut Vec<OutputFile>) {
        if let Some(bytes) = &self.llms {
            files.push(OutputFile {
                path: llms::FILE.into(),
                contents: Contents::Bytes(bytes.clone()),
            });
        }
    }

    /// plans.json.
    pub(super) fn push_plans(&self, files: &mut Vec<OutputFile>) {
        files.push(OutputFile {
            path: delivery::PLANS_FILE.into(),
            contents: Contents::Bytes(self.plans.clone()),
        });
    }

    /// The code stylesheet, when some page has code; whether it was pushed.
    pub(super) fn push_syntax_css(&self, files: &mut Vec<OutputFile>) -> bool {
        let has_code = self.analysed.iter().any(|a| a.has_code);
        if has_code {
            files.push(OutputFile {
                path: SYNTAX_CSS.into(),
                contents: Contents::Bytes(crate::render::highlight::stylesheet()),
            });
        }
        has_code
    }

    /// The "Recent changes" page and its feed, or their problem.
    pub(super) fn push_recent(&self, files: &mut Vec<OutputFile>, problems: &mut Vec<Diagnostic>) {
        match self.recent_changes() {
            Ok((page, feed)) => {
                files.push(OutputFile::bytes(RECENT_PAGE, page));
                files.push(OutputFile::bytes(RECENT_FEED, feed));
            }
            Err(d) => problems.push(d),
        }
    }

    /// Generated page `l`'s file (unless it went into the writer as it
    /// rendered), or its problem.
    pub(super) fn push_listing(
        &self,
        l: usize,
        files: &mut Vec<OutputFile>,
        problems: &mut Vec<Diagnostic>,
    ) {
        match &self.listing_files[l] {
            Some(Ok(super::listings::ListingFile::Made(file))) => files.push(file.clone()),
            Some(Ok(super::listings::ListingFile::Written)) => {}
            Some(Err(d)) => problems.push(d.clone()),
            None => problems.push(Diagnostic::error(
                crate::error::Code::Internal,
                None,
                "a generated page was not rendered",
            )),
        }
    }
}
