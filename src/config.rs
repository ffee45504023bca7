//! `handbook.toml` -> [`Config`]: typed settings, unknown keys rejected with a suggestion.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Code, Diagnostic, LineIndex, Severity};
use crate::render::heading_id::HeadingIdRule;

mod site_files;
pub use site_files::SiteFile;

/// The name of the configuration file at a handbook's root.
pub const CONFIG_FILE: &str = "handbook.toml";

/// Everything `handbook.toml` can say. Every key is optional.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The site's name, shown in the header and the page titles.
    pub title: String,
    /// One sentence about the handbook, for the home page's meta description.
    pub description: String,
    /// Where the site is served: a full URL (`https://example.com/handbook/`) or a path
    /// (`/handbook/`). Its path is the prefix of every link in the output.
    #[serde(deserialize_with = "deserialize_base_url")]
    #[schemars(schema_with = "crate::schema::base_url")]
    pub base_url: String,
    /// The `lang` of the pages.
    pub language: String,
    /// The theme: `default` (built in) or the name of a folder in `themes/`.
    pub theme: String,
    /// The folder of markdown, relative to the handbook's root.
    pub content_dir: PathBuf,
    /// Where `build` writes the site, relative to the handbook's root. It
    /// may not be the root, the content folder, a folder holding either, or
    /// inside the content folder.
    pub output_dir: PathBuf,
    /// Let `content_dir` name a folder outside the handbook's root (off by
    /// default, so a typo cannot publish, say, a home folder).
    pub allow_content_outside_root: bool,
    /// A URL with `{path}` for the page's source path, for "Edit this page" links.
    pub edit_url: String,
    /// Stylesheets every page links after the theme's: paths of files in
    /// the content folder (`css/brand.css`) or `https://` URLs.
    pub extra_css: Vec<SiteFile>,
    /// Scripts every page loads (`defer`) after the theme's: paths of files
    /// in the content folder (`js/chat.js`) or `https://` URLs.
    pub extra_javascript: Vec<SiteFile>,
    /// How links are checked and resolved.
    pub links: LinksConfig,
    /// How markdown is rendered.
    pub markdown: MarkdownConfig,
    /// The search box and its index.
    pub search: SearchConfig,
    /// Who pages are for, when they do not say.
    pub audience: AudienceConfig,
    /// The llms.txt file for language models.
    pub llms: LlmsConfig,
    /// The navigation file, which gives the sidebar's order, labels and groups.
    pub nav: NavConfig,
    /// Status badges: a status name to its label and colour.
    pub status: BTreeMap<String, StatusBadge>,
    /// When a page's `reviewed` date is too old.
    pub review: ReviewConfig,
    /// A severity per diagnostic code (`"link/missing-anchor" = "warning"`).
    pub diagnostics: Severities,
    /// What handbook infers from pages beyond their frontmatter.
    pub infer: InferConfig,
    /// Frontmatter keys this handbook uses its own way.
    pub frontmatter: crate::content::KeyMap,
}

/// `[infer]`: the handbook meanings found in ordinary content, each of
/// which a handbook that means something else by it can switch off.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct InferConfig {
    /// A page's kind from its folder or name when `kind:` does not say
    /// (`jobs/`, `roles/` -> job; `playbooks/`; `plans/`, `*-plan.md`;
    /// `glossary.md`). Off: every page is a plain page unless `kind:` says.
    pub kinds: bool,
    /// Progress from a page's task lists (`- [x]`), besides `progress:`.
    /// Off: only `progress:` gives a page progress (design docs with task
    /// lists stay off the dashboard).
    pub checklists: bool,
    /// Sections and the home page show their pages' progress rolled up.
    pub rollups: bool,
}

impl Default for InferConfig {
    fn default() -> Self {
        InferConfig {
            kinds: true,
            checklists: true,
            rollups: true,
        }
    }
}

/// `[diagnostics]`: how bad each kind of problem is, by its code. A code
/// that is not listed keeps its default; a code that leaves nothing sound to
/// publish cannot be lowered.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Severities {
    #[serde(flatten)]
    rates: BTreeMap<Code, LinkPolicy>,
    /// Entries that name no code or lower one that cannot be: the byte
    /// range of the key and what is wrong (reported by [`Config::parse`]).
    #[serde(skip)]
    problems: Vec<(std::ops::Range<usize>, String)>,
}

impl Severities {
    /// `d` as the handbook rates it: its severity changed, or `None` when
    /// its code is ignored.
    pub fn rate(&self, mut d: Diagnostic) -> Option<Diagnostic> {
        match self.rates.get(&d.code) {
            None => Some(d),
            Some(policy) => {
                d.severity = policy.severity()?;
                Some(d)
            }
        }
    }

    /// What `[diagnostics]` sets for `code`, if anything.
    pub fn get(&self, code: Code) -> Option<LinkPolicy> {
        self.rates.get(&code).copied()
    }
}

impl<'de> Deserialize<'de> for Severities {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let named = BTreeMap::<toml::Spanned<String>, LinkPolicy>::deserialize(d)?;
        let mut severities = Severities::default();
        for (name, policy) in named {
            let span = name.span();
            let name = name.into_inner();
            let Some(code) = Code::from_name(&name) else {
                let near = Code::ALL
                    .iter()
                    .map(|c| (strsim::levenshtein(c.as_str(), &name), c.as_str()))
                    .min()
                    .filter(|(d, _)| *d <= 3)
                    .map(|(_, c)| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                severities.problems.push((
                    span,
                    format!("[diagnostics] names `{name}`, which is not a diagnostic code{near}"),
                ));
                continue;
            };
            if !code.is_adjustable() && policy != LinkPolicy::Error {
                severities.problems.push((
                    span,
                    format!(
                        "[diagnostics] cannot make `{name}` {}: it leaves nothing sound to publish",
                        match policy {
                            LinkPolicy::Warning => "a warning",
                            _ => "ignored",
                        }
                    ),
                ));
                continue;
            }
            severities.rates.insert(code, policy);
        }
        Ok(severities)
    }
}

impl JsonSchema for Severities {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Severities".into()
    }

    /// What [`Severities::deserialize`] takes without a problem: every
    /// diagnostic code by name, and for a code that cannot be lowered only
    /// `"error"`.
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let policy = generator.subschema_for::<LinkPolicy>().to_value();
        let properties: serde_json::Map<String, serde_json::Value> = Code::ALL
            .iter()
            .map(|code| {
                let mut schema = if code.is_adjustable() {
                    policy.clone()
                } else {
                    serde_json::json!({ "const": "error" })
                };
                let fixed = if code.is_adjustable() {
                    ""
                } else {
                    " Cannot be lowered: it leaves nothing sound to publish."
                };
                schema["description"] = format!("{}{fixed}", code.description()).into();
                (code.as_str().to_string(), schema)
            })
            .collect();
        schemars::json_schema!({
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        })
    }
}

/// `[review]`: when a page needs reviewing again.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ReviewConfig {
    /// A page whose `reviewed` date is more than this many days ago gets a
    /// "needs review" badge and is listed on the dashboard; 0 turns it off.
    pub after_days: u32,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig { after_days: 180 }
    }
}

/// How relative links are meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RelativeTo {
    /// Relative to the markdown file, as GitHub shows them (`../x.md`).
    File,
    /// Relative to the page's URL, as a browser resolves them.
    Url,
}

/// What to do with one class of broken link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LinkPolicy {
    /// Fail the build.
    Error,
    /// Report, and build anyway.
    Warning,
    /// Say nothing.
    Ignore,
}

impl LinkPolicy {
    /// The severity it gives a problem; `None` when the problem is not reported.
    pub fn severity(self) -> Option<Severity> {
        match self {
            LinkPolicy::Error => Some(Severity::Error),
            LinkPolicy::Warning => Some(Severity::Warning),
            LinkPolicy::Ignore => None,
        }
    }
}

/// `[links]`: link resolution and checking.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LinksConfig {
    /// `file` (default) or `url`.
    pub relative_to: RelativeTo,
    /// A link to a page that does not exist.
    pub missing_page: LinkPolicy,
    /// A link to a heading that the target page does not have.
    pub missing_anchor: LinkPolicy,
    /// A link to an image or other file that is not in the content folder.
    pub missing_file: LinkPolicy,
    /// Site-absolute link prefixes that are not handbook pages (`/contact-us`), never checked.
    pub allow: Vec<String>,
    /// URLs where the content folder is also shown (the repository's
    /// `https://github.com/acme/handbook/blob/main/content/`): links under
    /// them are to the handbook's own files, resolved and checked as such.
    #[serde(rename = "self")]
    pub own: Vec<String>,
    /// A broken link to another site, found by `check --external` (default: a warning,
    /// since another site's outage is not the change's fault; `ignore` checks none).
    pub external: LinkPolicy,
    /// External URLs never requested: globs (`https://intranet.example.com/*`) or,
    /// without `*?[{`, prefixes.
    pub external_skip: Vec<String>,
    /// How many hours a link found working is trusted before it is requested again.
    pub external_cache_hours: u64,
}

/// `[markdown]`: how pages are rendered.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Pass HTML written in the markdown through (contributors are trusted).
    /// `false` shows it as text and makes `javascript:`, `vbscript:` and
    /// `data:` links lead nowhere.
    pub raw_html: bool,
    /// Which tool's rule gives headings their ids (`github`, `hugo`,
    /// `markdown-it-anchor`, `eleventy`, ...): the one the handbook's links
    /// were written for. Without the key, `markdown-it-anchor`, as before
    /// the key existed; `handbook init` writes `github`.
    pub heading_ids: HeadingIdRule,
    /// Where mermaid's ES module build is (`mermaid.esm.min.mjs`): a path
    /// in the content folder or an `https://` URL. Pages with a ```mermaid
    /// block load it and show the diagram; unset (the default), the block
    /// shows its source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mermaid: Option<SiteFile>,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            raw_html: true,
            heading_ids: HeadingIdRule::MarkdownItAnchor,
            mermaid: None,
        }
    }
}

/// `[search]`: the full-text search box and the index it queries.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Build the index under `_search/` and show the search box (default `true`).
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

/// `[audience]`: who pages are for when their frontmatter does not say.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct AudienceConfig {
    /// A page's audience when neither it nor a section page above it names
    /// one: `public` (the default) or `internal`.
    pub default: crate::content::Audience,
    /// Paths in the content folder whose pages and files are internal,
    /// as globs (`compensation/**`, `**/*-internal.md`).
    pub internal: Vec<String>,
    /// A public page's link to an internal page or file, in a build for
    /// the public: `error` (the default) fails the build; `text` writes the
    /// link's text without the link, and warns.
    pub links: InternalLinks,
}

/// What a public build does with a link to what it leaves out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum InternalLinks {
    /// Fail, at the link (`link/to-internal`).
    #[default]
    Error,
    /// Write the link's text without the link, and warn.
    Text,
}

impl InternalLinks {
    /// How such a link is reported, and what the report adds to say what
    /// became of it.
    pub fn report(self) -> (LinkPolicy, &'static str) {
        match self {
            InternalLinks::Error => (LinkPolicy::Error, ""),
            InternalLinks::Text => (
                LinkPolicy::Warning,
                "; its text is written without the link ([audience] links = \"text\")",
            ),
        }
    }
}

/// `[llms]`: `llms.txt`, the site's pages listed for language models.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LlmsConfig {
    /// Write `llms.txt` at the site's root (default `true`; a `llms.txt` of
    /// the content folder's own is published instead).
    pub enabled: bool,
}

impl Default for LlmsConfig {
    fn default() -> Self {
        LlmsConfig { enabled: true }
    }
}

/// `[nav]`: the navigation file.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NavConfig {
    /// The navigation file, relative to the content folder (default
    /// `SUMMARY.md`, used when it exists): mdBook's `SUMMARY.md` format,
    /// whose list of links gives the sidebar's order, labels, groups and
    /// external entries. A file named here must exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
}

/// One status badge's look.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBadge {
    /// The text on the badge.
    pub label: String,
    /// A CSS colour for it.
    pub color: String,
}

impl Default for LinksConfig {
    fn default() -> Self {
        LinksConfig {
            relative_to: RelativeTo::File,
            missing_page: LinkPolicy::Error,
            missing_anchor: LinkPolicy::Error,
            missing_file: LinkPolicy::Error,
            allow: Vec::new(),
            own: Vec::new(),
            external: LinkPolicy::Warning,
            external_skip: Vec::new(),
            external_cache_hours: 24,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        let status = [
            ("draft", "Draft", "#6e7781"),
            ("planned", "Planned", "#8250df"),
            ("in-progress", "In progress", "#0969da"),
            ("done", "Done", "#1a7f37"),
            ("blocked", "Blocked", "#cf222e"),
        ]
        .into_iter()
        .map(|(name, label, color)| {
            (
                name.to_string(),
                StatusBadge {
                    label: label.into(),
                    color: color.into(),
                },
            )
        })
        .collect();
        Config {
            title: "Handbook".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "en".into(),
            theme: "default".into(),
            content_dir: "content".into(),
            output_dir: "public".into(),
            allow_content_outside_root: false,
            edit_url: String::new(),
            extra_css: Vec::new(),
            extra_javascript: Vec::new(),
            links: LinksConfig::default(),
            markdown: MarkdownConfig::default(),
            search: SearchConfig::default(),
            audience: AudienceConfig::default(),
            llms: LlmsConfig::default(),
            nav: NavConfig::default(),
            status,
            review: ReviewConfig::default(),
            diagnostics: Severities::default(),
            infer: InferConfig::default(),
            frontmatter: crate::content::KeyMap::default(),
        }
    }
}

impl Config {
    /// Parses `text`, the contents of `file`; errors say where and suggest the nearest key.
    pub fn parse(text: &str, file: &Path) -> Result<Config, Diagnostic> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::error(
                Code::ConfigInvalid,
                file.to_path_buf(),
                first_line(e.message()),
            );
            if let Some(span) = e.span() {
                let index = LineIndex::new(text);
                let pos = index.position(text, span.start);
                d = d.at(pos).snippet(index.line(text, pos.line));
            }
            let hint = unknown_key_hint(e.message()).or_else(|| {
                e.message()
                    .starts_with("base_url `")
                    .then(|| BASE_URL_FORMS.to_string())
            });
            d.hint(hint.unwrap_or_else(|| {
                format!("see the configuration keys in README.md; {CONFIG_FILE} is TOML")
            }))
        })?;
        if let Some((span, message)) = config.diagnostics.problems.first() {
            let index = LineIndex::new(text);
            let pos = index.position(text, span.start);
            return Err(
                Diagnostic::error(Code::ConfigInvalid, file.to_path_buf(), message)
                    .at(pos)
                    .snippet(index.line(text, pos.line))
                    .hint("`handbook check --list-codes` lists the codes and which can be lowered"),
            );
        }
        if let Some(problem) = config.frontmatter.problem() {
            let mut d = Diagnostic::error(Code::ConfigInvalid, file.to_path_buf(), problem.message)
                .hint("[frontmatter] rename maps this handbook's key to one of handbook's (README lists them); ignore lists handbook's keys");
            if let Some(at) = text.find(&format!("\"{}\"", problem.value)) {
                let index = LineIndex::new(text);
                let pos = index.position(text, at);
                d = d.at(pos).snippet(index.line(text, pos.line));
            }
            return Err(d);
        }
        config.normalise();
        let mut index = None;
        for f in config.site_files_mut() {
            f.locate(text, index.get_or_insert_with(|| LineIndex::new(text)));
        }
        Ok(config)
    }

    /// Every file `handbook.toml` names for pages to load.
    fn site_files_mut(&mut self) -> impl Iterator<Item = &mut SiteFile> {
        self.extra_css
            .iter_mut()
            .chain(&mut self.extra_javascript)
            .chain(&mut self.markdown.mermaid)
    }

    /// The files `extra_css`, `extra_javascript` and `[markdown] mermaid`
    /// name by path that the site does not publish: errors at their place in
    /// `file` (`handbook.toml`). `published` says whether a path in the
    /// content folder is a file the site publishes, `internal` whether it is
    /// one this build leaves out for being internal.
    pub fn site_file_problems(
        &self,
        file: Option<&Path>,
        published: &dyn Fn(&str) -> bool,
        internal: &dyn Fn(&str) -> bool,
    ) -> Vec<Diagnostic> {
        let mut all = site_files::problems("extra_css", &self.extra_css, file, published, internal);
        all.extend(site_files::problems(
            "extra_javascript",
            &self.extra_javascript,
            file,
            published,
            internal,
        ));
        all.extend(site_files::problems(
            "[markdown] mermaid",
            &self.markdown.mermaid,
            file,
            published,
            internal,
        ));
        all
    }

    /// The handbook whose content folder holds `path`, when `path` has no
    /// `handbook.toml` of its own: the nearest folder above it with one whose
    /// `content_dir` (by default `content/`) contains `path`. So a command
    /// run from inside `content/people/` works on the whole handbook, as
    /// git does from inside a repository. `None` when `path` is a handbook's
    /// root already, or no handbook above holds it (a folder of markdown).
    pub fn enclosing_root(path: &Path) -> Option<PathBuf> {
        if path.join(CONFIG_FILE).is_file() {
            return None;
        }
        let here = path.canonicalize().ok()?;
        let root = Config::nearest_root(here.parent()?)?;
        // A handbook.toml that does not load still names the nearest handbook;
        // its build reports the problem.
        let content_dir = Config::load(root)
            .ok()
            .flatten()
            .map_or_else(|| PathBuf::from("content"), |c| c.content_dir);
        let content = root.join(content_dir).canonicalize().ok()?;
        here.starts_with(&content).then(|| root.to_path_buf())
    }

    /// The nearest folder from `path` up (`path` included) that has a
    /// `handbook.toml`: what both [`Config::enclosing_root`] and `handbook
    /// mv` (which takes it whether or not `path` is in its content folder)
    /// call a handbook's root.
    pub(crate) fn nearest_root(path: &Path) -> Option<&Path> {
        path.ancestors().find(|a| a.join(CONFIG_FILE).is_file())
    }

    /// Reads `root/handbook.toml` if there is one; `Ok(None)` when there is not.
    pub fn load(root: &Path) -> Result<Option<Config>, Diagnostic> {
        let file = root.join(CONFIG_FILE);
        match std::fs::read(&file) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Config::parse(&text, &file).map(Some),
                Err(e) => {
                    let valid = std::str::from_utf8(&e.as_bytes()[..e.utf8_error().valid_up_to()])
                        .unwrap_or("");
                    let index = LineIndex::new(valid);
                    Err(Diagnostic::error(
                        Code::ConfigInvalid,
                        file,
                        "the configuration is not valid UTF-8 text",
                    )
                    .at(index.position(valid, valid.len()))
                    .hint("save handbook.toml as UTF-8 in your editor"))
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Diagnostic::error(
                Code::ConfigInvalid,
                file,
                format!("cannot read the configuration: {e}"),
            )),
        }
    }

    /// Where `key = ...` is set at the top of `file`'s `text`, for a message
    /// about its value.
    pub fn key_position(text: &str, key: &str) -> Option<crate::error::Position> {
        let index = LineIndex::new(text);
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if trimmed.starts_with('[') {
                return None;
            }
            if let Some(rest) = trimmed.strip_prefix(key)
                && rest.trim_start().starts_with('=')
            {
                return Some(index.position(text, offset + line.len() - trimmed.len()));
            }
            offset += line.len();
        }
        None
    }

    /// Where `key = ...` is set under `[table]` in `text`, for a message
    /// about its value.
    pub fn table_key_position(
        text: &str,
        table: &str,
        key: &str,
    ) -> Option<crate::error::Position> {
        let index = LineIndex::new(text);
        let mut offset = 0;
        let mut inside = false;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if trimmed.starts_with('[') {
                let name = trimmed
                    .trim_start_matches('[')
                    .split(']')
                    .next()
                    .unwrap_or("");
                inside = name.trim() == table;
            } else if inside
                && let Some(rest) = trimmed.strip_prefix(key)
                && rest.trim_start().starts_with('=')
            {
                return Some(index.position(text, offset + line.len() - trimmed.len()));
            }
            offset += line.len();
        }
        None
    }

    /// Sets the base URL, as `--base-url` does; a value that is neither a
    /// web address nor a path is an error that names it.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        if let Some(why) = base_url_problem(url) {
            return Err(Diagnostic::error(
                Code::ConfigInvalid,
                None,
                format!("--base-url `{url}` is not a URL or a path: {why}"),
            )
            .hint(BASE_URL_FORMS));
        }
        self.base_url = url.to_string();
        self.normalise();
        Ok(())
    }

    fn normalise(&mut self) {
        if !self.base_url.ends_with('/') {
            self.base_url.push('/');
        }
    }

    /// The path every URL of the site starts with: `/` or `/handbook/`.
    pub fn base_path(&self) -> &str {
        let url = self.base_url.as_str();
        match url.find("://") {
            Some(i) => url[i + 3..].find('/').map_or("/", |j| &url[i + 3 + j..]),
            None if url.starts_with('/') => url,
            None => "/",
        }
    }

    /// The scheme and host of `base_url`, when it is a full URL (`https://example.com`).
    pub fn origin(&self) -> Option<&str> {
        let url = self.base_url.as_str();
        let i = url.find("://")?;
        Some(url[i + 3..].find('/').map_or(url, |j| &url[..i + 3 + j]))
    }
}

/// What a bad `base_url` is told.
const BASE_URL_FORMS: &str = "give a full URL, such as `https://example.com/handbook/`, or a path from the root of the host, such as `/handbook/`";

/// `base_url` from `handbook.toml`, refused (at its line and column) when it
/// is neither a web address nor a path.
fn deserialize_base_url<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let url = String::deserialize(d)?;
    match base_url_problem(&url) {
        Some(why) => Err(serde::de::Error::custom(format!(
            "base_url `{url}` is not a URL or a path: {why}"
        ))),
        None => Ok(url),
    }
}

/// Why `url` cannot be a `base_url`, if it cannot. Accepted: an `http` or
/// `https` URL with a host (`https://example.com/handbook/`), or a path
/// from the root (`/handbook/`); either without a query or fragment. Empty
/// means `/`. Anything else used to be quietly taken as `/`, so a typo
/// published a site whose every link was wrong.
fn base_url_problem(url: &str) -> Option<String> {
    if let Some(c) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Some(match c {
            ' ' => "it contains a space".to_string(),
            c if c.is_whitespace() => "it contains white space".to_string(),
            c => format!("it contains the control character {c:?}"),
        });
    }
    if url.contains('\\') {
        return Some("it contains a backslash (a URL's path is divided by `/`)".into());
    }
    if url.contains(['?', '#']) {
        return Some(
            "it has a query or fragment (`?`, `#`), which a site's links cannot start with".into(),
        );
    }
    if url.is_empty() {
        return None;
    }
    if url.starts_with("//") {
        return Some(
            "a path cannot start with `//` (a browser reads what follows as a host)".into(),
        );
    }
    if url.starts_with('/') {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return match url::Url::parse(url) {
            Err(e) => Some(format!("it is not a valid URL ({e})")),
            Ok(u) if u.host_str().is_none_or(str::is_empty) => Some("it has no host".into()),
            Ok(_) => None,
        };
    }
    Some(match url.split_once("://") {
        Some(("", _)) => "it has no scheme (`https://`)".to_string(),
        Some((scheme, _)) => format!("a site is served over http or https, not `{scheme}:`"),
        None => "it is neither a full URL (`https://...`) nor a path that starts with `/`".into(),
    })
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).trim().to_string()
}

/// For toml's "unknown field `x`, expected one of `a`, `b`", the nearest known key.
fn unknown_key_hint(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (key, expected) = rest.split_once('`')?;
    let nearest = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|k| (strsim::levenshtein(key, k), k))
        .min()?;
    let top_level = toml::Value::try_from(Config::default())
        .ok()
        .and_then(|v| v.as_table().map(|t| t.contains_key(key)))
        .unwrap_or(false);
    Some(if nearest.0 <= key.len().max(3) / 2 + 1 {
        format!("did you mean `{}`?", nearest.1)
    } else if top_level {
        // Written after a `[table]` line, a top-level key lands in that table.
        format!("`{key}` is a top-level key: move it above the first [table] line")
    } else {
        format!(
            "known keys here: {}",
            expected
                .trim_start_matches(", expected one of ")
                .trim_start_matches(", expected ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{near_misses, pattern_matcher};

    #[test]
    fn a_folder_inside_the_content_folder_belongs_to_the_handbook_above() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("hb");
        std::fs::create_dir_all(root.join("docs/people/jobs")).unwrap();
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::create_dir_all(dir.path().join("loose")).unwrap();
        std::fs::write(root.join(CONFIG_FILE), "content_dir = \"docs\"\n").unwrap();
        let found = Config::enclosing_root(&root.join("docs/people/jobs"));
        assert_eq!(found, Some(root.canonicalize().unwrap()));
        assert_eq!(Config::enclosing_root(&root.join("docs")), found);
        // The root itself, a folder beside the content, and a folder of
        // markdown outside any handbook stay as given.
        assert_eq!(Config::enclosing_root(&root), None);
        assert_eq!(Config::enclosing_root(&root.join("templates")), None);
        assert_eq!(Config::enclosing_root(&dir.path().join("loose")), None);
    }

    #[test]
    fn the_nearest_handbook_toml_from_a_folder_up_names_its_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("hb");
        std::fs::create_dir_all(root.join("templates/partials")).unwrap();
        std::fs::create_dir_all(dir.path().join("loose")).unwrap();
        std::fs::write(root.join(CONFIG_FILE), "").unwrap();
        let partials = root.join("templates/partials");
        assert_eq!(Config::nearest_root(&partials), Some(root.as_path()));
        assert_eq!(Config::nearest_root(&root), Some(root.as_path()));
        assert_eq!(Config::nearest_root(&dir.path().join("loose")), None);
    }

    #[test]
    fn a_top_level_key_under_a_table_says_where_it_belongs() {
        let text = "title = \"T\"\n[review]\nafter_days = 30\noutput_dir = \"site\"\n";
        let d = Config::parse(text, Path::new("handbook.toml")).unwrap_err();
        let hint = d.hint.unwrap_or_default();
        assert!(hint.contains("`output_dir` is a top-level key"), "{hint}");
        let text = "[review]\nzzz = 1\n";
        let hint = Config::parse(text, Path::new("handbook.toml"))
            .unwrap_err()
            .hint
            .unwrap_or_default();
        assert_eq!(hint, "known keys here: `after_days`");
    }

    #[test]
    fn can_read_base_path_from_url() {
        let mut c = Config::default();
        c.set_base_url("https://flowfuse.com/handbook").unwrap();
        assert_eq!(c.base_path(), "/handbook/");
        assert_eq!(c.origin(), Some("https://flowfuse.com"));
        c.set_base_url("/docs/").unwrap();
        assert_eq!(c.base_path(), "/docs/");
        c.set_base_url("https://example.com").unwrap();
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn garbage_base_url_is_refused_at_its_value() {
        for bad in [
            "htp:/x y",
            "https://",
            "://foo",
            "not a url at all",
            "https:/example.com",
            "//cdn.example.com/x/",
        ] {
            let text = format!("title = \"T\"\nbase_url = \"{bad}\"\n");
            let err = Config::parse(&text, Path::new("handbook.toml")).unwrap_err();
            assert!(
                err.message
                    .starts_with(&format!("base_url `{bad}` is not a URL or a path: ")),
                "{err}"
            );
            assert_eq!(
                err.position.map(|p| (p.line, p.column)),
                Some((2, 12)),
                "{err}"
            );
            assert_eq!(err.hint.as_deref(), Some(BASE_URL_FORMS), "{err}");
            let err = Config::default().set_base_url(bad).unwrap_err();
            assert!(
                err.message
                    .starts_with(&format!("--base-url `{bad}` is not")),
                "{err}"
            );
            assert_eq!(err.hint.as_deref(), Some(BASE_URL_FORMS), "{err}");
        }
    }

    #[test]
    fn the_base_url_pattern_takes_every_base_url_handbook_takes() {
        let schema = crate::schema::config();
        let matches = pattern_matcher(
            schema["properties"]["base_url"]["pattern"]
                .as_str()
                .expect("a pattern"),
        );
        let alphabet = [
            '/', ':', ' ', '\\', '?', '#', '\u{7f}', '\t', 'x', '%', '@', '[', '.',
        ];
        let mut texts = vec![String::new()];
        for base in [
            "https://example.com/handbook/",
            "/handbook/",
            "http://a.b:8080",
        ] {
            texts.extend(near_misses(base, &alphabet));
        }
        let mut looser = Vec::new();
        for text in &texts {
            let read = base_url_problem(text).is_none();
            let said = matches(text);
            assert!(
                !read || said,
                "{text:?} is a base_url, but the schema refuses it"
            );
            if said && !read {
                looser.push(text.as_str());
            }
        }
        // Where the schema is looser, knowingly: a host the URL parser
        // refuses, which a pattern does not check (`https://a[b/`).
        for text in looser {
            assert!(
                url::Url::parse(text).is_err()
                    || url::Url::parse(text).is_ok_and(|u| u.host_str().is_none_or(str::is_empty)),
                "{text:?}: {:?}",
                base_url_problem(text)
            );
        }
    }

    #[test]
    fn unknown_key_suggests_nearest() {
        let err = Config::parse("titel = \"x\"\n", Path::new("handbook.toml")).unwrap_err();
        assert!(err.message.contains("titel"), "{err}");
        assert_eq!(err.hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(err.position.map(|p| p.line), Some(1));
    }

    #[test]
    fn nested_unknown_key_is_reported() {
        let err = Config::parse(
            "[links]\nmissing_pages = \"warning\"\n",
            Path::new("h.toml"),
        )
        .unwrap_err();
        assert_eq!(err.hint.as_deref(), Some("did you mean `missing_page`?"));
        assert_eq!(err.position.map(|p| p.line), Some(2));
    }

    #[test]
    fn external_link_keys_are_read_and_misspellings_suggested() {
        let c = Config::parse(
            "[links]\nexternal = \"error\"\nexternal_skip = [\"https://intranet.example.com/*\"]\nexternal_cache_hours = 2\n",
            Path::new("h.toml"),
        )
        .unwrap();
        assert_eq!(c.links.external, LinkPolicy::Error);
        assert_eq!(c.links.external_skip, ["https://intranet.example.com/*"]);
        assert_eq!(c.links.external_cache_hours, 2);
        let d = Config::default();
        assert_eq!(d.links.external, LinkPolicy::Warning);
        assert_eq!(d.links.external_cache_hours, 24);
        let err = Config::parse("[links]\nexternal_skp = []\n", Path::new("h.toml")).unwrap_err();
        assert_eq!(err.hint.as_deref(), Some("did you mean `external_skip`?"));
    }
}
