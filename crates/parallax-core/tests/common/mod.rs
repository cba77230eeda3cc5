#![allow(unused_imports)]
//! Helpers shared by the integration tests: the seed articles and fixtures.

pub use parallax_synth::fixtures::*;
