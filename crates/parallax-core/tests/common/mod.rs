#![allow(unused_imports)]
//! Helpers shared by the integration tests: the seed articles and fixtures.

pub use parallax_synth::fixtures::*;

/// Copy the files (not the folders) of `from` into `to`.
#[allow(dead_code)]
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// A generated corpus of `n` articles (`parallax_synth::corpus`, as `gen_corpus` writes it
/// with this seed) in `gen/`, with the seed articles and the format fixtures (HTML, JSON,
/// JSONL, encodings) beside it.
#[allow(dead_code)]
pub fn generated_corpus(n: usize, seed: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let g = parallax_synth::corpus::corpus(n, seed);
    let gen = dir.path().join("gen");
    std::fs::create_dir(&gen).unwrap();
    for (i, text) in g.texts.iter().enumerate() {
        std::fs::write(
            gen.join(format!("{}.txt", parallax_synth::corpus::id(i))),
            text,
        )
        .unwrap();
    }
    copy_dir(&articles_dir(), dir.path());
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats"),
        dir.path(),
    );
    dir
}
