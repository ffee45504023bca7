//! A generated handbook of any size, for the stage benchmarks
//! (`benches/stages.rs`) and the complexity test (`tests/suite/complexity.rs`).
//!
//! It has the pages of `../shared/bench/gen-corpus.py`'s corpus, written in
//! Rust so neither needs Python or `../shared`: sections of 10 subsections
//! of 10 pages, each with a section page, and pages with YAML frontmatter (title, navTitle, navGroup,
//! navOrder, tags, status, and a progress that agrees with the page's task
//! list), 300 to 600 words under `##`/`###` headings, a task list, a table,
//! 5 to 10 relative `.md` links to other pages (some to a heading), and a
//! fenced code block on every third page. The same `pages` always gives the
//! same files.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const WORDS: &[&str] = &[
    "team",
    "process",
    "review",
    "handbook",
    "policy",
    "customer",
    "release",
    "planning",
    "incident",
    "onboarding",
    "budget",
    "hiring",
    "design",
    "support",
    "roadmap",
    "metrics",
    "quality",
    "security",
    "privacy",
    "training",
    "feedback",
    "meeting",
    "decision",
    "owner",
    "goal",
    "quarter",
    "launch",
    "partner",
    "contract",
    "service",
    "outcome",
    "risk",
    "the",
    "a",
    "of",
    "to",
    "and",
    "for",
    "with",
    "every",
    "each",
    "our",
    "we",
    "should",
    "must",
    "can",
    "when",
    "before",
    "after",
    "because",
];
const GROUPS: &[&str] = &["Guides", "Reference", "Concepts", "Operations", "Policies"];
const STATUSES: &[&str] = &["done", "in-progress", "planned", "blocked"];
const LANGS: &[&str] = &["rust", "js", "yaml", "bash"];
const PER_SUBSECTION: usize = 10;
const SUBSECTIONS: usize = 10;

/// A small deterministic random source (a 64-bit LCG), so no crate is needed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407))
    }
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }
}

/// Where page `i` lives, relative to the content folder: ten pages a
/// subsection, ten subsections a section, so that a handbook's mix of
/// pages, section pages and listings is the same at every size.
pub fn page_path(i: usize, _pages: usize) -> String {
    let sub = i / PER_SUBSECTION;
    let sec = sub / SUBSECTIONS + 1;
    let sub = sub % SUBSECTIONS + 1;
    format!("sec-{sec:03}/sub-{sub:02}/p-{i:05}.md")
}

/// The relative link from the file at `from` to the file at `to` (both relative to the content folder).
fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    format!("{}{to}", "../".repeat(depth))
}

/// The text of page `i` of `pages`: frontmatter and markdown.
pub fn page(i: usize, pages: usize) -> String {
    let mut rng = Rng::new(i as u64 + 1);
    let here = page_path(i, pages);
    let first = capital(rng.word());
    let title = format!("{first} {} {i}", rng.word());
    let tasks: Vec<bool> = (0..3 + rng.below(4)).map(|_| rng.below(2) == 0).collect();
    let done = tasks.iter().filter(|d| **d).count();
    let mut out = String::with_capacity(6000);
    let _ = write!(
        out,
        "---\ntitle: \"{title}\"\nnavTitle: \"{first} {i}\"\nnavGroup: {}\nnavOrder: {}\ntags: [{}, {}]\nstatus: {}\nprogress: \"{}/{}\"\n---\n\n",
        GROUPS[rng.below(GROUPS.len())],
        rng.below(100),
        rng.word(),
        rng.word(),
        STATUSES[rng.below(STATUSES.len())],
        done,
        tasks.len(),
    );
    let mut links = 5 + rng.below(6);
    for h in 0..4 {
        let _ = writeln!(out, "## {} {} {h}\n", capital(rng.word()), rng.word());
        for _ in 0..2 {
            let mut paragraph = String::new();
            for w in 0..40 + rng.below(40) {
                if w > 0 {
                    paragraph.push(' ');
                }
                let word = rng.word();
                if links > 0 && rng.below(20) == 0 && pages > 1 {
                    links -= 1;
                    let target = (i + 1 + rng.below(pages - 1)) % pages;
                    let anchor = if rng.below(4) == 0 { "#overview" } else { "" };
                    let _ = write!(
                        paragraph,
                        "[{word}]({}{anchor})",
                        relative(&here, &page_path(target, pages))
                    );
                } else if rng.below(12) == 0 {
                    let _ = write!(paragraph, "**{word}**");
                } else if rng.below(15) == 0 {
                    let _ = write!(paragraph, "`{word}_{}`", rng.below(99));
                } else {
                    paragraph.push_str(word);
                }
            }
            out.push_str(&capital(&paragraph));
            out.push_str(".\n\n");
        }
        if h == 1 {
            out.push_str("### Overview\n\n");
            for (n, done) in tasks.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "- [{}] {} {} {n}",
                    if *done { "x" } else { " " },
                    rng.word(),
                    rng.word()
                );
            }
            out.push_str("\n| what | who | when |\n|---|---|---|\n");
            for _ in 0..3 {
                let _ = writeln!(
                    out,
                    "| {} | {} | Q{} |",
                    rng.word(),
                    rng.word(),
                    1 + rng.below(4)
                );
            }
            out.push('\n');
        }
        if h == 2 && i.is_multiple_of(3) {
            out.push_str(&code_block(i, LANGS[(i / 3) % LANGS.len()]));
        }
    }
    out
}

/// A fenced code block in `lang`, different for each page.
pub fn code_block(i: usize, lang: &str) -> String {
    let body = match lang {
        "rust" => format!(
            "use std::collections::HashMap;\n\npub fn index(entries: &[(String, u32)]) -> HashMap<&str, u32> {{\n    let mut map = HashMap::new();\n    for (key, weight) in entries {{\n        *map.entry(key.as_str()).or_insert(0) += weight + {i};\n    }}\n    map\n}}\n"
        ),
        "js" => format!(
            "const DEFAULTS = {{ retries: {i}, timeoutMs: 2500 }};\n\nexport async function load(path) {{\n  const raw = await readFile(path, \"utf8\");\n  return {{ ...DEFAULTS, ...JSON.parse(raw) }};\n}}\n"
        ),
        "yaml" => format!(
            "service:\n  name: handbook-{i}\n  replicas: 3\n  env:\n    - name: LOG_LEVEL\n      value: info\n"
        ),
        _ => format!(
            "#!/usr/bin/env bash\nset -euo pipefail\nJOBS=\"${{JOBS:-{i}}}\"\nfor d in content/*/; do\n  echo \"building $d with $JOBS jobs\"\ndone\n"
        ),
    };
    format!("```{lang}\n{body}```\n\n")
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Writes a handbook of `pages` pages (plus section index pages) at `root`:
/// `handbook.toml` and `content/`. Returns the content folder.
pub fn write_handbook(root: &Path, pages: usize) -> std::io::Result<PathBuf> {
    let content = root.join("content");
    std::fs::create_dir_all(&content)?;
    std::fs::write(
        root.join("handbook.toml"),
        "title = \"Generated handbook\"\n",
    )?;
    std::fs::write(
        content.join("index.md"),
        "---\ntitle: Home\n---\n\nThe generated handbook.\n",
    )?;
    let mut folders = std::collections::BTreeSet::new();
    for i in 0..pages {
        let path = page_path(i, pages);
        let file = content.join(&path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let (sec, rest) = path.split_once('/').unwrap_or((&path, ""));
        folders.insert(sec.to_string());
        if let Some((sub, _)) = rest.split_once('/') {
            folders.insert(format!("{sec}/{sub}"));
        }
        std::fs::write(file, page(i, pages))?;
    }
    for (n, folder) in folders.iter().enumerate() {
        let name = folder.rsplit('/').next().unwrap_or(folder);
        std::fs::write(
            content.join(folder).join("index.md"),
            format!("---\ntitle: \"Section {name}\"\nnavOrder: {n}\n---\n\nThe pages of {name}.\n"),
        )?;
    }
    Ok(content)
}
