//! Text utilities every layer uses: words and their normal forms ([`tokens`]), text made safe
//! for a terminal ([`sanitize`]) and JSON made safe for one ([`safe_json`]), and search
//! snippets cut to a width ([`snippet`]).
//!
//! This layer imports nothing else of the crate.

pub mod find;
pub mod safe_json;
pub mod sanitize;
pub mod snippet;
pub mod tokens;
