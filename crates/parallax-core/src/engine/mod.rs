//! The comparison engine: two [`Article`](crate::Article)s in, a [`Comparison`] out.
//!
//! - [`align`]: paragraphs of the two articles paired into rows, and links for moved,
//!   repeated and quoted text;
//! - [`diff`]: the word diff of each row and link, spelling variants paired;
//! - [`passage`]: reused passages, with byte and character offsets in each text;
//! - [`stream`]: the words scores are computed on, one function for compare, scan and
//!   coverage;
//! - [`score`]: shares, similarity, longest run and the verdict;
//! - [`compare`](mod@compare): the steps tied together, in one canonical orientation, mirrored on demand.
//!
//! This layer may use [`crate::text`] and [`crate::corpus`]'s article model; it reads no file
//! and writes nothing.

pub mod align;
pub mod compare;
pub mod diff;
pub mod passage;
pub mod score;
pub mod stream;

pub use compare::{compare, Comparison};
