//! The incremental update: an edit in place re-analyses and re-renders only
//! the pages that can show it; anything else reloads the site.

use super::*;

impl Build {
    /// Applies a batch of changes: one or more pages edited in place are
    /// analysed and rendered again with exactly the pages whose output can
    /// show something of them; anything else (a page created, deleted or
    /// renamed, a file, a template, the config) loads and builds the site again.
    pub fn update(
        &mut self,
        changes: &std::collections::BTreeSet<crate::serve::watch::Change>,
        options: &BuildOptions,
    ) -> Result<Update, Error> {
        use crate::serve::watch::Change;
        if !self.keep {
            return self.reload(options);
        }
        if !changes.is_empty() && changes.iter().all(|c| matches!(c, Change::Template(_))) {
            return match self.retheme() {
                Some(count) => Ok(Update::Pages(count)),
                None => self.reload(options),
            };
        }
        let mut edited = Vec::new();
        let mut reused = Vec::new();
        let mut data_changed = false;
        for change in changes {
            let path = match change {
                Change::Content(path) => path,
                Change::Reused(path) => {
                    reused.push(path.as_path());
                    continue;
                }
                Change::Data(_) => {
                    data_changed = true;
                    continue;
                }
                _ => return self.reload(options),
            };
            match self.page_at(path) {
                Some(i) if path.is_file() => edited.push(i),
                // A temporary file an editor wrote and renamed away (an atomic save).
                None if !path.exists() && !self.is_asset(path) => {}
                _ => return self.reload(options),
            }
        }
        if data_changed {
            match self.data_users() {
                Some(pages) => edited.extend(pages),
                None => return self.reload(options),
            }
        }
        if !reused.is_empty() {
            match self.users_of(&reused) {
                Some(pages) => edited.extend(pages),
                None => return self.reload(options),
            }
        }
        edited.sort_unstable();
        edited.dedup();
        let mut count = 0;
        for i in edited {
            match self.update_page(i) {
                Some(n) => count += n,
                None => return self.reload(options),
            }
        }
        self.render_updated(true);
        Ok(Update::Pages(count))
    }

    /// A template changed: the theme's templates are loaded again and every
    /// page and generated page is rendered again from the markdown HTML
    /// kept from before (no page is read or parsed again, and the search
    /// index, which has nothing of the templates, stays). `None` when the
    /// theme no longer loads or the site had no theme: a full rebuild
    /// reports why.
    fn retheme(&mut self) -> Option<usize> {
        self.theme.as_ref()?;
        let theme = Theme::load(&self.site.config, self.site.config_root.as_deref()).ok()?;
        Counters::add(&self.counters.template_compiles, 1);
        self.theme = Some(theme);
        self.install_site_context();
        let pages = self.html.len();
        self.html.iter_mut().for_each(|h| *h = None);
        self.listing_files.iter_mut().for_each(|f| *f = None);
        if let Some(u) = &mut self.unpublished {
            u.pages.extend(0..pages);
            u.listings.extend(0..self.listing_files.len());
            u.fixed = true;
            u.recent = true;
        }
        // The theme's own files (the not-found page, its static files) are
        // made beside the pages, not before them; the old theme's problems
        // with them are not the new one's.
        self.fixed_problems.clear();
        (self.fixed, self.fixed_problems) = self.render_updated_beside(false, Build::fixed_outputs);
        Some(pages)
    }

    /// Renders what an update left to render: its pages (to the search index
    /// again when `index`), and the files that list every page unless the
    /// build defers them to [`Build::settle`].
    fn render_updated(&mut self, index: bool) {
        self.render_updated_beside(index, |_| ());
    }

    /// As [`Build::render_updated`], running `beside` at the same time as the pages.
    fn render_updated_beside<T: Send>(
        &mut self,
        index: bool,
        beside: impl FnOnce(&Build) -> T + Send,
    ) -> T {
        let result = self.render_missing_beside(None, self.defer_generated, index, beside);
        if !self.defer_generated {
            self.refresh_generated();
        }
        result
    }

    /// The pages that use the shortcode templates or included files at
    /// `paths`, with the shortcodes loaded again and included files
    /// forgotten, so that analysing those pages again reads them afresh;
    /// `None` when the shortcodes no longer load (a full rebuild reports why).
    fn users_of(&mut self, paths: &[&Path]) -> Option<Vec<usize>> {
        use crate::render::shortcode::expand::normalise;
        let site = &self.site;
        let root = site.config_root.as_deref()?;
        let shortcode_dirs = [
            root.join(shortcode::FOLDER),
            root.join("themes")
                .join(&site.config.theme)
                .join(shortcode::FOLDER),
        ];
        let mut names = Vec::new();
        let mut files = Vec::new();
        for path in paths {
            match shortcode_dirs
                .iter()
                .find_map(|d| path.strip_prefix(d).ok())
            {
                Some(rel) => {
                    let rel = rel.with_extension("");
                    names.push(rel.to_string_lossy().replace('\\', "/"));
                }
                None => files.push(normalise(path)),
            }
        }
        if !names.is_empty() {
            let mut loaded =
                Shortcodes::load(&site.config.theme, Some(root), &site.content_dir).ok()?;
            loaded.set_data(site.data.value());
            self.site.shortcodes = Arc::new(loaded);
        } else {
            self.site.shortcodes.forget_snippets();
        }
        let pages = self
            .analysed
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                a.expansion.as_ref().is_some_and(|x| {
                    names
                        .iter()
                        .any(|n| x.used.shortcodes.binary_search(n).is_ok())
                        || files
                            .iter()
                            .any(|f| x.used.files.iter().any(|u| normalise(u) == *f))
                })
            })
            .map(|(i, _)| i)
            .collect();
        Some(pages)
    }

    /// The pages whose shortcodes read `data`, with the data files read
    /// again and handed to the shortcodes and the theme; `None` when a page
    /// template reads `data` (every page may show it), when a data file has
    /// a problem now or had one before, or when the shortcodes no longer load.
    fn data_users(&mut self) -> Option<Vec<usize>> {
        let root = self.site.config_root.clone()?;
        if self.theme.as_ref().is_none_or(|t| t.reads_data) || !self.site.data_problems.is_empty() {
            return None;
        }
        let loaded = crate::content::data::Data::load(&root);
        if !loaded.diagnostics.is_empty() {
            return None;
        }
        let site = &self.site;
        let mut shortcodes =
            Shortcodes::load(&site.config.theme, Some(&root), &site.content_dir).ok()?;
        shortcodes.set_data(loaded.data.value());
        self.site.shortcodes = Arc::new(shortcodes);
        if let Some(theme) = &mut self.theme {
            theme
                .tera
                .global_context()
                .insert("data", loaded.data.value());
        }
        self.site.data = loaded.data;
        let pages = self
            .analysed
            .iter()
            .enumerate()
            .filter(|(_, a)| a.expansion.as_ref().is_some_and(|x| x.used.data))
            .map(|(i, _)| i)
            .collect();
        Some(pages)
    }

    pub(super) fn reload(&mut self, options: &BuildOptions) -> Result<Update, Error> {
        let site = Site::load(options)?;
        let search = self.search.take();
        let defer = self.defer_generated;
        *self = Build::with_history(site, None, Some(&self.history), search);
        self.defer_generated = defer;
        Ok(Update::Full)
    }

    /// `path` (absolute or as loaded) inside the content folder.
    pub(super) fn source_path(&self, path: &Path) -> Option<crate::content::SourcePath> {
        let dir = &self.site.content_dir;
        let absolute = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        let rel = path
            .strip_prefix(dir)
            .or_else(|_| path.strip_prefix(&absolute))
            .ok()?;
        crate::content::SourcePath::from_relative(rel)
    }

    /// The page whose file is `path`.
    pub(super) fn page_at(&self, path: &Path) -> Option<usize> {
        let source = self.source_path(path)?;
        self.site
            .content
            .pages
            .iter()
            .position(|p| p.path == source)
    }

    /// Whether `path` is one of the files copied as they are.
    pub(super) fn is_asset(&self, path: &Path) -> bool {
        self.source_path(path)
            .is_some_and(|source| self.site.content.assets.iter().any(|a| a.path == source))
    }

    /// Re-reads page `i` and updates what depends on it; `None` when the
    /// change is structural (the page became a draft, or unreadable).
    pub(super) fn update_page(&mut self, i: usize) -> Option<usize> {
        let old_page = &self.site.content.pages[i];
        let (page, problem) = crate::content::reload_page(old_page, &self.site.rules);
        let page = page?;
        let (old, new) = (&old_page.front, &page.front);
        if new.aliases != old.aliases
            || page.url != old_page.url
            || page.kind != old_page.kind
            || page.kind == Kind::Glossary
            || new.tags != old.tags
            || new.reports_to != old.reports_to
            || new.team != old.team
            || new.nav_group != old.nav_group
            || new.nav != old.nav
            || new.audience != old.audience
        {
            // Redirect files, terms, tag pages or reporting lines change, or
            // the groups that pages carry in their part of the navigation
            // (each page below a section shows the section's group name):
            // laid out again with the whole site.
            return None;
        }
        let front_changed = listings::front_facts(old) != listings::front_facts(new);
        let updated_changed = old.updated != new.updated;
        let file = page.file.clone();
        self.site
            .content
            .diagnostics
            .retain(|d| d.file.as_ref() != Some(&file));
        self.site.content.diagnostics.extend(problem);
        self.site.content.pages[i] = page;

        let pages = &self.site.content.pages;
        let env = PageEnvironment::of(
            &self.site,
            &self.index,
            &self.counters,
            Some(&self.glossary),
        );
        let (mut new, _) = analyse_page_with(&pages[i], &env, None);
        analysis::read_now(&pages[i..=i], std::slice::from_mut(&mut new), &self.history);
        let old = std::mem::replace(&mut self.analysed[i], new);
        let new = &self.analysed[i];
        if self.sidebar_anchored.contains(&i) && old.rendered.anchors != new.rendered.anchors {
            // An entry of the navigation file leads to one of its headings.
            return None;
        }
        let code_changed = old.has_code != new.has_code;

        let mut affected = std::collections::BTreeSet::from([i]);
        // "Linked from" lists of the pages it links to, or no longer links to.
        let old_targets = link_targets(&old, i);
        let new_targets = link_targets(new, i);
        affected.extend(old_targets.symmetric_difference(&new_targets).copied());
        let label_changed = old.label != new.label;
        if label_changed {
            affected.extend(new_targets.iter().copied());
        }
        if let Some(u) = &mut self.unpublished {
            u.syntax_css |= code_changed;
            u.recent |= updated_changed || label_changed;
        }
        let order_changed = old.front_nav.group != new.front_nav.group
            || old.front_nav.order != new.front_nav.order
            || old.front_nav.hidden != new.front_nav.hidden;
        // llms.txt lists each page's label and description, in nav order.
        let llms_changed = label_changed || order_changed || old.description() != new.description();
        let nav_changed = label_changed
            || order_changed
            || old.front_nav != new.front_nav
            || old.progress.percent != new.progress.percent;
        // Pages linking here check their anchors against this page again.
        for j in self.backlinks[i].iter().copied().chain([i]) {
            self.checks[j] = self
                .site
                .check_page(&pages[j], &self.analysed[j], &self.analysed);
        }
        for &t in old_targets.symmetric_difference(&new_targets) {
            let list = &mut self.backlinks[t];
            match list.binary_search(&i) {
                Ok(at) => {
                    list.remove(at);
                }
                Err(at) => list.insert(at, i),
            }
        }
        // Related pages of this page and of the pages it links to, or no longer does.
        for j in old_targets
            .symmetric_difference(&new_targets)
            .copied()
            .chain([i])
        {
            self.related[j] = related_of(j, &self.analysed, &self.backlinks, pages, &self.tags);
        }
        let new = &self.analysed[i];
        if pages[i].kind == Kind::Job && (old.title != new.title || label_changed) {
            // Other roles may name it by title in `reports_to`.
            return None;
        }
        // The glossary lists the pages that use each term.
        if old.rendered.terms_used != new.rendered.terms_used
            || (label_changed && !new.rendered.terms_used.is_empty())
        {
            affected.extend(self.glossary_pages.iter().copied());
        }
        if label_changed {
            // Pages listing it as related, and its manager and reports.
            affected.extend((0..self.related.len()).filter(|&j| self.related[j].contains(&i)));
            affected.extend(self.roles.manager.get(&i).copied());
            affected.extend(self.roles.reports.get(&i).into_iter().flatten().copied());
        }
        // plans.json shows the page's progress, phases and forecast.
        if front_changed
            || label_changed
            || old.now != new.now
            || old.plan != new.plan
            || old.progress != new.progress
        {
            self.stale.plans = true;
            if let Some(u) = &mut self.unpublished {
                u.plans = true;
            }
        }
        let new = &self.analysed[i];
        if front_changed
            || label_changed
            || listings::analysis_facts(&old) != listings::analysis_facts(new)
        {
            // The dashboard, roles, playbooks and tag pages that show it.
            for l in 0..self.listings.len() {
                // A new label shows wherever the page is a row's section, too.
                if label_changed || self.listing_shows(&self.listings[l], i) {
                    self.listing_files[l] = None;
                    if let Some(u) = &mut self.unpublished {
                        u.listings.insert(l);
                    }
                }
            }
            affected.extend(self.listing_urls.claimed_pages());
        }
        if nav_changed {
            self.build_nav();
            if let Some(u) = &mut self.unpublished {
                u.nav = true;
            }
            // In the folder tree (breadcrumbs, sections' lists) and in the
            // sidebar's, when a navigation file gives another.
            for nav in std::iter::once(&self.nav).chain(&self.sidebar) {
                shown_with(
                    nav,
                    i,
                    label_changed || order_changed,
                    label_changed,
                    &mut affected,
                );
            }
        }
        if llms_changed {
            self.stale.llms = true;
            if let Some(u) = &mut self.unpublished {
                u.llms = true;
            }
        }
        for &j in &affected {
            self.html[j] = None;
        }
        if let Some(u) = &mut self.unpublished {
            u.pages.extend(&affected);
        }
        Some(affected.len())
    }
}

/// Adds to `affected` the pages of `nav` that show page `i`'s label or
/// badge: its siblings (all of them when `moved`, for their previous and
/// next links), the pages above it, and when `relabelled` those below it
/// (their breadcrumbs).
fn shown_with(
    nav: &Nav,
    i: usize,
    moved: bool,
    relabelled: bool,
    affected: &mut std::collections::BTreeSet<usize>,
) {
    let node = nav.node_of_page[i];
    if let Some(parent) = nav.nodes[node].parent
        && moved
    {
        // Their previous/next links.
        affected.extend(nav.children(parent).filter_map(|c| nav.nodes[c].page));
    } else {
        // The siblings whose own navigation shows its label and badge.
        affected.extend(
            nav_html::shown_beside(nav, node)
                .into_iter()
                .filter_map(|c| nav.nodes[c].page),
        );
    }
    // Ancestors show it (or its rollup) in their listings and headers.
    affected.extend(
        nav.ancestors(node)
            .into_iter()
            .filter_map(|a| nav.nodes[a].page),
    );
    if relabelled {
        // Descendants show it in their breadcrumbs.
        let mut stack: Vec<usize> = nav.children(node).collect();
        while let Some(n) = stack.pop() {
            affected.extend(nav.nodes[n].page);
            stack.extend(nav.children(n));
        }
    }
}
