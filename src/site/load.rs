//! Load: a handbook's settings, pages, shortcodes, data files and
//! navigation file read into a [`Site`], refusing folders the build must
//! not write.

use super::*;
use crate::content::data::Data;
use crate::content::front_cache::FrontCache;

impl Site {
    /// Reads the configuration and every page.
    pub fn load(options: &BuildOptions) -> Result<Site, Error> {
        let root = &options.root;
        if !root.is_dir() {
            return Err(Error::Handbook(vec![
                Diagnostic::error(
                    crate::error::Code::ContentUnreadable,
                    root.clone(),
                    "no such folder",
                )
                .hint(
                    "give the handbook's folder: one with handbook.toml, or any folder of markdown",
                ),
            ]));
        }
        let loaded = Config::load(root).map_err(|d| Error::Handbook(vec![d]))?;
        let config_root = loaded.as_ref().map(|_| root.clone());
        let mut config = loaded.unwrap_or_default();
        if let Some(url) = &options.base_url {
            config
                .set_base_url(url)
                .map_err(|d| Error::Handbook(vec![d]))?;
        }
        let content_dir = if config_root.is_some() {
            // `content_dir = "."` names the root itself: no `./` in every
            // path the build reports.
            let joined: PathBuf = root
                .join(&config.content_dir)
                .components()
                .filter(|c| !matches!(c, std::path::Component::CurDir))
                .collect();
            if joined.as_os_str().is_empty() {
                root.clone()
            } else {
                joined
            }
        } else {
            root.clone()
        };
        if !content_dir.is_dir() {
            return Err(Error::Handbook(vec![
                Diagnostic::error(
                    crate::error::Code::ContentUnreadable,
                    content_dir.clone(),
                    "the content folder does not exist",
                )
                .hint(format!(
                    "create it, or set content_dir in {}",
                    crate::config::CONFIG_FILE
                )),
            ]));
        }
        let output_dir = options
            .output
            .clone()
            .unwrap_or_else(|| root.join(&config.output_dir));
        let folders = location::Folders {
            root,
            content: &content_dir,
            output: &output_dir,
        };
        location::check_handbook(
            folders,
            &config,
            config_root.is_some(),
            options.output.is_some(),
        )
        .map_err(|d| Error::Handbook(vec![d]))?;
        let mut skip = location::not_content(folders);
        skip.push(content_dir.join("node_modules"));
        skip.push(content_dir.join(crate::render::shortcode::INCLUDES));
        let nav_file =
            crate::analyse::nav_file::load(&content_dir, &config, config_root.as_deref())
                .map_err(|d| Error::Handbook(vec![d]))?;
        // The navigation file is no page, and not published.
        skip.extend(nav_file.as_ref().map(|(source, _)| source.file.clone()));
        let audience = crate::content::AudienceRules::new(
            options.audience,
            config.audience.default,
            &config.audience.internal,
        )
        .map_err(|why| {
            Error::Handbook(vec![
                Diagnostic::error(
                    Code::ConfigInvalid,
                    config_root
                        .as_ref()
                        .map(|r| r.join(crate::config::CONFIG_FILE)),
                    why,
                )
                .hint("write paths in the content folder as globs, such as `compensation/**` or `**/*-internal.md`"),
            ])
        })?;
        let rules = PageRules {
            drafts: options.drafts,
            infer_kinds: config.infer.kinds,
            keys: config.frontmatter.clone(),
            audience,
        };
        let mut shortcodes = Shortcodes::load(&config.theme, config_root.as_deref(), &content_dir)
            .map_err(|d| Error::Handbook(vec![d]))?;
        // In the handbook's root, as the external link cache: a hidden
        // folder, which a folder of markdown never builds or watches.
        let cache_dir = (!options.no_cache).then(|| root.join(crate::render::body_cache::DIR));
        let fronts = cache_dir
            .as_deref()
            .map(|dir| FrontCache::open(dir, &rules.keys));
        let mut content = content::load(&LoadOptions {
            content_dir: &content_dir,
            skip,
            rules: rules.clone(),
            fronts: fronts.as_ref(),
        });
        // Files handbook.toml links from pages must be files the site publishes.
        let config_file = config_root
            .as_ref()
            .map(|r| r.join(crate::config::CONFIG_FILE));
        let site_file_problems = config.site_file_problems(
            config_file.as_deref(),
            &|path| content.assets.iter().any(|a| a.path.as_str() == path),
            &|path| content.internal_files.iter().any(|f| f.as_str() == path),
        );
        content.diagnostics.extend(site_file_problems);
        let data = config_root.as_deref().map(Data::load).unwrap_or_default();
        shortcodes.set_data(data.data.value());
        // With `content_dir = "."` the data folder is content too: its other
        // files are pages and files to publish, not strays.
        if !root.join(content::data::DATA_DIR).starts_with(&content_dir) {
            content.notices.extend(data.notices);
        }
        let nav_file = nav_file.map(|(source, problems)| {
            content.diagnostics.extend(problems);
            source
        });
        Ok(Site {
            config,
            cache_dir,
            fronts,
            config_root,
            content_dir,
            output_dir,
            content,
            rules,
            shortcodes: Arc::new(shortcodes),
            data: data.data,
            data_problems: data.diagnostics,
            nav_file,
        })
    }
}
