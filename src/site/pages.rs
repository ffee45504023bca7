//! Rendering the pages through the theme: into the writer (unless the
//! published page was made from the same input), or kept for `serve`, with
//! the generated listings beside them and what the search index gets of
//! each page.

use super::*;

impl Build {
    /// Renders the pages that need it, and the generated pages unless
    /// `pages_only`, when the site has no errors (a site with errors is not
    /// published, so its pages are not worth rendering). `index`: the
    /// pages rendered go to the search index again (not when only the
    /// templates changed: a search record has nothing of them).
    pub(super) fn render_missing(
        &mut self,
        progress: Option<&ProgressBar>,
        pages_only: bool,
        index: bool,
    ) {
        self.render_missing_beside(progress, pages_only, index, |_| ());
    }

    /// As [`Build::render_missing`], running `beside` on the build at the
    /// same time (work of the site's own that would otherwise wait for the
    /// pages, or they for it); its result.
    pub(super) fn render_missing_beside<T: Send>(
        &mut self,
        progress: Option<&ProgressBar>,
        pages_only: bool,
        index: bool,
        beside: impl FnOnce(&Build) -> T + Send,
    ) -> T {
        if self.theme.is_none() || self.diagnostics().iter().any(Diagnostic::is_error) {
            return beside(self);
        }
        // For one use, each page's markdown HTML is taken out to go as soon as its page is made.
        let contents: Option<Vec<String>> = (!self.keep).then(|| {
            self.analysed
                .iter_mut()
                .map(|a| std::mem::take(&mut a.rendered.html))
                .collect()
        });
        // The generated listings render beside the pages: the dashboard of a
        // big handbook is as much work as hundreds of pages, and on its own
        // it kept one thread busy while the other waited.
        let mut html = std::mem::take(&mut self.html);
        let gathered = self.gathered.take();
        let ((listings, result), indexed) = rayon::join(
            || {
                rayon::join(
                    || {
                        if pages_only {
                            Vec::new()
                        } else {
                            self.render_listings()
                        }
                    },
                    || beside(self),
                )
            },
            || self.render_pages(&mut html, contents, gathered, progress, index),
        );
        self.html = html;
        for (l, file) in listings {
            self.listing_files[l] = Some(file);
        }
        match (&mut self.search, indexed) {
            (Some(index), Indexed::Gathered(gathered)) => index.build_gathered(gathered),
            (Some(index), Indexed::Records(records)) => index.update(records),
            _ => {}
        }
        result
    }

    /// The generated listings that need rendering, rendered.
    pub(super) fn render_listings(
        &self,
    ) -> Vec<(usize, Result<listings::ListingFile, Diagnostic>)> {
        let page_href = |i: usize| self.page_hrefs[i].clone();
        (0..self.listings.len())
            .into_par_iter()
            .filter(|&l| self.listing_files[l].is_none())
            .map(|l| (l, self.render_listing(&self.listings[l], &page_href)))
            .collect()
    }

    /// Renders the pages whose slot in `html` is empty (from `contents`,
    /// taken out of the analysis, for one use), and what the search index
    /// gets of them.
    fn render_pages(
        &self,
        html: &mut [Option<PageOutput>],
        contents: Option<Vec<String>>,
        gathered: Option<Gathered>,
        progress: Option<&ProgressBar>,
        index_again: bool,
    ) -> Indexed {
        let Some(theme) = &self.theme else {
            return Indexed::Nothing;
        };
        let base = self.site.config.base_path();
        let nav = &self.nav;
        let page_href = |i: usize| self.page_hrefs[i].clone();
        let node_href = |n: usize| href(&format!("{base}{}", &nav.nodes[n].url.as_str()[1..]));
        let sidebar = self.sidebar_nav();
        let sidebar_href =
            |n: usize| href(&format!("{base}{}", &sidebar.nodes[n].url.as_str()[1..]));
        // Made once: each page's context takes them without copying.
        let claimed: HashMap<usize, tera::Value> = html
            .iter()
            .enumerate()
            .filter(|(_, h)| h.is_none())
            .filter_map(|(i, _)| {
                let kind = self.listing_urls.claimed_by(i)?;
                tera::Value::try_from_serializable(&self.listing_context(kind, None, &page_href))
                    .ok()
                    .map(|v| (i, v))
            })
            .collect();
        let ctx = PageContextBuilder {
            site: &self.site,
            analysed: &self.analysed,
            nav,
            sidebar,
            backlinks: &self.backlinks,
            rollups: &self.rollups,
            history: &self.history,
            page_hrefs: &self.page_hrefs,
            node_href: &node_href,
            sidebar_href: &sidebar_href,
            sidebar_pieces: &self.nav_pieces,
            related: &self.related,
            tags: &self.tags,
            roles: &self.roles,
            glossary: &self.glossary,
            claimed: &claimed,
            review_cutoff: self.review_cutoff.as_deref(),
            today_end: self.today_end,
        };
        let pages_to = &self.pages_to;
        let done = |i: usize, content: &str| {
            let out = match pages_to {
                PageSink::Write(writer) => self.write_page(&ctx, theme, writer, i, content),
                _ => {
                    Counters::add(&self.counters.pages_rendered, 1);
                    ctx.render(theme, i, content).map(|html| match pages_to {
                        PageSink::Serve | PageSink::Keep => bytes::Bytes::from(html),
                        _ => bytes::Bytes::new(),
                    })
                }
            };
            if let Some(bar) = progress {
                bar.inc(1);
            }
            Some(out)
        };
        // A page rendered again is indexed again: its search record shows the
        // same things as its page (title, breadcrumb, body).
        let index = self.search.as_ref().filter(|_| index_again);
        let record = |i: usize, content: &str| index.map(|x| (i, ctx.search_record(i, content, x)));
        let records: Vec<(usize, PageRecord)> = match contents {
            None => {
                let analysed = &self.analysed;
                html.par_iter_mut()
                    .enumerate()
                    .with_max_len(PAGES_PER_JOB)
                    .filter(|(_, h)| h.is_none())
                    .filter_map(|(i, slot)| {
                        *slot = done(i, &analysed[i].rendered.html);
                        record(i, &analysed[i].rendered.html)
                    })
                    .collect()
            }
            Some(contents) => {
                // One use: the words of the pages whose bodies came from the
                // cache went to the index as they were analysed (`gathered`),
                // and get their URLs and heads now; each worker thread
                // gathers the words of the other pages it renders, with no
                // record made of a page.
                let gathers = Gathers::default();
                let known = |i: usize| {
                    gathered
                        .as_ref()
                        .is_some_and(|g| g.pages.get(i).copied().unwrap_or(false))
                };
                html.par_iter_mut()
                    .zip(contents)
                    .enumerate()
                    .with_max_len(PAGES_PER_JOB)
                    .for_each(|(i, (slot, content))| {
                        if slot.is_some() {
                            return;
                        }
                        *slot = done(i, &content);
                        if index.is_some() && !known(i) {
                            gathers.with(|g| {
                                ctx.with_search_input(i, &content, |input| g.add_page(i, input))
                            });
                        }
                    });
                let gathered = gathered.filter(|_| index.is_some()).map(|g| {
                    let mut words = g.words;
                    words.set_heads(&|i| {
                        ctx.with_search_input(i, "", |input| {
                            (input.url.to_string(), crate::render::search::head(input))
                        })
                    });
                    words
                });
                return match gathers
                    .merged()
                    .into_iter()
                    .chain(gathered)
                    .reduce(Gather::merge)
                {
                    Some(gathered) if index.is_some() => Indexed::Gathered(gathered),
                    _ => Indexed::Nothing,
                };
            }
        };
        Indexed::Records(records)
    }

    /// Renders page `i` into `writer`, unless the published page was made
    /// from the same template input and is as it was written (see
    /// [`Build::put_keyed`]): then it is kept as it is, not rendered.
    fn write_page(
        &self,
        ctx: &PageContextBuilder<'_>,
        theme: &Theme,
        writer: &Writer,
        i: usize,
        content: &str,
    ) -> Result<bytes::Bytes, Diagnostic> {
        let (page, template) = ctx.page_context(theme, i, content);
        let files: Vec<String> = self.site.content.pages[i].url.output_files().collect();
        let paths: Vec<&str> = files.iter().map(String::as_str).collect();
        self.put_keyed(writer, &paths, template, &page, || {
            Counters::add(&self.counters.pages_rendered, 1);
            ctx.render_context(theme, i, template, &page)
        })?;
        Ok(bytes::Bytes::new())
    }

    /// Puts one template's output, at each of `paths`, into `writer`: a
    /// published file made from the same input (`template` and `context`,
    /// hashed with the site's fingerprint: its key, see publish/keys.rs)
    /// and still as it was written is kept as it is; the others get what
    /// `render` makes (called at most once), with the key.
    pub(super) fn put_keyed<C: Serialize + ?Sized, B: AsRef<[u8]>>(
        &self,
        writer: &Writer,
        paths: &[&str],
        template: &str,
        context: &C,
        render: impl FnOnce() -> Result<B, Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let key = self
            .render_fingerprint
            .and_then(|site| crate::render::body_cache::fingerprint(&(site, template, context)));
        let missing: Vec<&str> = match key {
            Some(key) => paths
                .iter()
                .copied()
                .filter(|p| !writer.put_unchanged(p, key))
                .collect(),
            None => paths.to_vec(),
        };
        if missing.is_empty() {
            return Ok(());
        }
        let bytes = render()?;
        for path in missing {
            match key {
                Some(key) => writer.put_bytes_keyed(path, bytes.as_ref(), key),
                None => writer.put_bytes(path, bytes.as_ref()),
            }
        }
        Ok(())
    }
}
