//! parallax, the program: the command line ([`cli`]), the text reports ([`report`]) and the
//! terminal reader ([`tui`]), over the engine in `parallax-core`.
//!
//! Everything that decides what text is shared, how much and by whom lives in
//! `parallax-core` (which no terminal or command-line crate may enter); this crate decides how
//! it is asked for and how it is shown.

pub mod cli;
pub mod report;
pub mod tui;
