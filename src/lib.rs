//! parallax: compare news articles side by side.
//!
//! The engine (everything in this crate except the binary's front end) is usable without any
//! terminal UI: load a corpus ([`corpus`]), cut each article into paragraphs ([`segment`]),
//! extract metadata ([`meta`]), tokenise and normalise words ([`tokens`]), align the paragraphs
//! of two articles ([`align`]), diff the aligned paragraphs word by word ([`diff`]), and score
//! how much of each article is found in the other ([`score`]). [`compare`] ties the steps
//! together; [`report`] renders a comparison for a terminal.
//!
//! An analyst's judgements are [`marks`]: kept in a crash-safe SQLite [`store`] and written
//! out by [`export`] (JSON, JSON Lines, CSV, Markdown, W3C Web Annotation).

pub mod align;
pub mod article;
pub mod cache;
pub mod cli;
pub mod compare;
pub mod corpus;
pub mod diff;
pub mod export;
pub mod formats;
pub mod json;
pub mod marks;
pub mod marks_cli;
pub mod meta;
pub mod report;
pub mod sanitize;
pub mod scan;
pub mod scan_cli;
pub mod score;
pub mod segment;
pub mod snippet;
pub mod store;
pub mod styled;
pub mod synth;
pub mod synth_corpus;
pub mod tokens;
pub mod tui;

pub use article::{Article, Meta, Paragraph, Role};
pub use compare::{compare, Comparison};
