//! Edit the handbook's own files: `handbook mv` moves a page, a file or a
//! folder and rewrites every link to what moved ([`mv`]).

mod frontmatter;
mod locate;
pub mod mv;
mod write;
