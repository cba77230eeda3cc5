//! Any bytes as a `.text` file: decoding, the importer, segmentation and metadata must not
//! panic, and every article's paragraph offsets must point into its text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use parallax::corpus::{parse_docs, Format};

fuzz_target!(|data: &[u8]| {
    if let Ok(file) = parse_docs(data, Format::Text) {
        for d in &file.docs {
            let a = file.build("fuzz", d);
            for p in &a.paragraphs {
                assert!(p.start <= p.end && p.end <= a.text.len());
                assert!(a.text.is_char_boundary(p.start) && a.text.is_char_boundary(p.end));
            }
        }
    }
});
