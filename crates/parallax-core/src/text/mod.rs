//! Text utilities every layer uses: words and their normal forms ([`tokens`]), text made safe
//! for a terminal ([`sanitize`]) and search snippets cut to a width ([`snippet`]).
//!
//! This layer imports nothing else of the crate.

pub mod sanitize;
pub mod snippet;
pub mod tokens;
