//! Stable names for every kind of problem, so that CI can filter and count
//! them and `[diagnostics]` in handbook.toml can re-rate them.

use std::fmt;

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal, $adjustable:literal;)*) => {
        /// What kind of problem a [`super::Diagnostic`] is. The name
        /// (`link/missing-anchor`) never changes once released; a new kind
        /// of problem gets a new name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code, in the order of this list.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable name: `area/what`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// Whether `[diagnostics]` may make it a warning or silence it:
            /// true of problems in what a page says; false of those that
            /// leave nothing sound to publish (a file that cannot be read,
            /// two files for one URL, a template error).
            pub fn is_adjustable(self) -> bool {
                match self {
                    $(Code::$variant => $adjustable,)*
                }
            }

            /// What the code means, for `handbook check --list-codes` and README.
            pub fn description(self) -> &'static str {
                match self {
                    $(Code::$variant => concat!($($doc),*).trim_ascii(),)*
                }
            }
        }
    };
}

codes! {
    /// A link to a page that does not exist.
    LinkMissingPage = "link/missing-page", true;
    /// A link to a heading or anchor the target page does not have.
    LinkMissingAnchor = "link/missing-anchor", true;
    /// A link to an image or other file that is not in the content folder.
    LinkMissingFile = "link/missing-file", true;
    /// A relative link that climbs out of the content folder.
    LinkOutsideContent = "link/outside-content", true;
    /// A link to another site that does not answer (`check --external`).
    LinkExternal = "link/external", true;
    /// A link to an old URL of a page (an alias): it works, through a redirect.
    LinkToAlias = "link/to-alias", true;
    /// A link to a draft page, which is not published.
    LinkToDraft = "link/to-draft", true;
    /// A link from a public page to an internal one, in a build for the public.
    LinkToInternal = "link/to-internal", false;
    /// A link whose destination is another tool's template syntax: not checked.
    LinkTemplate = "link/template", true;
    /// Another tool's template or shortcode syntax left in a page's text.
    ContentTemplateSyntax = "content/template-syntax", true;
    /// An `.html` file in the content folder that looks like another tool's template.
    ContentHtmlTemplate = "content/html-template", true;
    /// A mermaid diagram that shows as its source: `[markdown] mermaid` names no renderer.
    ContentMermaidUnrendered = "content/mermaid-unrendered", true;
    /// A page's text or file name is not valid UTF-8.
    ContentEncoding = "content/encoding", false;
    /// Two source files are the same page.
    ContentDuplicatePage = "content/duplicate-page", false;
    /// A file or folder in the content folder cannot be read.
    ContentUnreadable = "content/unreadable", false;
    /// A shortcode call or include that cannot be read (its arguments, its braces).
    ShortcodeSyntax = "shortcode/syntax", false;
    /// A call of a shortcode that neither the handbook, its theme nor handbook defines.
    ShortcodeUnknown = "shortcode/unknown", false;
    /// A shortcode's template failed for this call (an argument it needs is missing).
    ShortcodeTemplate = "shortcode/template", false;
    /// A shortcode with a body that is never closed, or a close with nothing open.
    ShortcodeUnclosed = "shortcode/unclosed", false;
    /// A body given to a shortcode whose template does not show it: the body is dropped.
    ShortcodeBodyUnused = "shortcode/body-unused", true;
    /// An include of a file that does not exist or is not markdown.
    IncludeMissing = "include/missing", false;
    /// Includes that include each other in a loop.
    IncludeCycle = "include/cycle", false;
    /// The frontmatter cannot be parsed or a value is not what its key takes.
    FrontmatterInvalid = "frontmatter/invalid", false;
    /// A `permalink`, `url` or `slug` that cannot be this site's URL: the page keeps its file's.
    FrontmatterUrl = "frontmatter/url", true;
    /// A frontmatter key the tool does not know, close to one it does.
    FrontmatterUnknownKey = "frontmatter/unknown-key", true;
    /// A `status` that `[status]` does not define.
    StatusUnknown = "status/unknown", true;
    /// Frontmatter `progress` that contradicts the page's checklist.
    ProgressContradiction = "progress/contradiction", true;
    /// A page left out of the navigation that no page links to.
    NavUnreachable = "nav/unreachable", true;
    /// Two pages of one section with the same navigation label.
    NavDuplicateLabel = "nav/duplicate-label", true;
    /// An entry of the navigation file (`SUMMARY.md`) that leads to no page, heading or file: left out.
    NavMissing = "nav/missing", true;
    /// A page the navigation file lists twice: the later entry is a plain link to it.
    NavDuplicateEntry = "nav/duplicate-entry", true;
    /// A page the navigation file does not list, when it says `unlisted: warn`.
    NavUnlisted = "nav/unlisted", true;
    /// Something in the navigation file that is not part of its format, or a file that cannot be read.
    NavInvalid = "nav/invalid", false;
    /// A glossary's `terms` names a term it does not define.
    GlossaryUnknownTerm = "glossary/unknown-term", true;
    /// A glossary term defined twice.
    GlossaryDuplicateTerm = "glossary/duplicate-term", false;
    /// `reports_to` names no job description.
    RolesUnknown = "roles/unknown", true;
    /// `reports_to` names a page that is not a job description.
    RolesNotARole = "roles/not-a-role", false;
    /// Reporting lines that go round in a loop.
    RolesLoop = "roles/loop", false;
    /// An alias that cannot be written (not on this site, leaves it).
    AliasInvalid = "alias/invalid", false;
    /// A page that lists its own URL as an alias: the alias is dropped.
    AliasSelf = "alias/self", true;
    /// Two outputs that would be written to one file or folder.
    OutputClash = "output/clash", false;
    /// The output folder is one the build refuses to write.
    OutputRefused = "output/refused", false;
    /// Writing or publishing the output failed.
    OutputWrite = "output/write", false;
    /// handbook.toml or a command-line setting is not valid.
    ConfigInvalid = "config/invalid", false;
    /// A file in `data/` cannot be parsed as its format (YAML, JSON, TOML, CSV).
    DataParse = "data/parse", false;
    /// Two files in `data/` give one key (`team.yaml` and `team.json`).
    DataClash = "data/clash", false;
    /// A file in `data/` cannot be read, or is not UTF-8.
    DataUnreadable = "data/unreadable", false;
    /// A theme or template is missing or has an error.
    Template = "template/error", false;
    /// `init`, `new`, `schema` or `theme eject` would overwrite a file.
    ScaffoldExists = "scaffold/exists", false;
    /// `serve` cannot watch the handbook or listen on its port.
    Serve = "serve/error", false;
    /// The tool itself went wrong (please report it).
    Internal = "internal", false;
}

impl Code {
    /// The code of that name.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for &code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{code} twice");
            assert_eq!(Code::from_name(code.as_str()), Some(code));
            assert!(!code.description().is_empty(), "{code} has no description");
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '/' || c == '-'),
                "{code}"
            );
        }
        assert_eq!(Code::from_name("link/nope"), None);
    }
}
