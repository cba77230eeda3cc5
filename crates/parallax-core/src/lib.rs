//! parallax-core: compare news articles and find the text they share.
//!
//! The engine of parallax, usable without its terminal
//! reader or command line (this crate depends on no terminal or command-line crate). The
//! folders follow the data, from files to results:
//!
//! | layer | what it owns | may use |
//! | --- | --- | --- |
//! | [`text`] | words and their normal forms, sanitising for terminals, snippets | — |
//! | [`corpus`] | listing a folder, decoding, importers, paragraphs and roles, metadata, the parse cache | `text` |
//! | [`engine`] | alignment of two articles, word diff, shares and verdict | `text`, `corpus` |
//! | [`scan`] | every pair of a corpus that shares text; coverage of one article | `text`, `corpus`, `engine` |
//! | [`marks`] | an analyst's marks: model, crash-safe store, exports | all of the above |
//! | [`json`] | the versioned JSON documents of the command line (docs/json.md) | all of the above |
//!
//! # Example
//!
//! Load two files, compare them, read the scores and the aligned rows:
//!
//! ```
//! use parallax_core::corpus::load_file;
//! use parallax_core::engine::{compare, score::Verdict};
//! # let articles = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../articles");
//!
//! // A Deutsche Welle article, and a forum thread that reposts it with light edits.
//! let dw = load_file(&articles.join("004_930046805f83b52a.txt"))?;
//! let thread = load_file(&articles.join("002_74ca31117742919c.txt"))?;
//! let c = compare(&dw, &thread);
//!
//! // Almost all of the article is in the thread; a small part of the thread is the article.
//! assert!(c.scores.left_in_right > 0.9 && c.scores.right_in_left < 0.3);
//! assert_eq!(c.verdict, Verdict::LeftContainedInRight);
//!
//! // Rows pair paragraphs of the two sides; spans say which words are shared.
//! let aligned = c.rows.iter().filter(|r| !r.left.is_empty() && !r.right.is_empty());
//! for row in aligned {
//!     let text = &dw.paragraphs[row.left[0]].text;
//!     assert!(!text.is_empty() && row.similarity > 0.0);
//! }
//! # Ok::<(), parallax_core::corpus::Error>(())
//! ```

pub mod corpus;
pub mod engine;
pub mod json;
pub mod marks;
pub mod provenance;
pub mod scan;
pub mod text;

pub use corpus::article::{Article, Meta, Paragraph, Role};
pub use corpus::Corpus;
pub use engine::compare::{compare, Comparison};
