//! Any bytes as a `.jsonl` file (see `parallax_fuzz::import`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| parallax_fuzz::import(data, parallax_core::corpus::Format::Jsonl));
