//! What every importer target checks: any bytes as a file of `format` — decoding, the
//! importer, segmentation and metadata — must not panic, and every article's paragraph
//! offsets must point into its text, on character boundaries.

use parallax_core::corpus::{parse_docs, Format};

pub fn import(data: &[u8], format: Format) {
    if let Ok(file) = parse_docs(data, format) {
        for d in &file.docs {
            let a = file.build("fuzz", d);
            for p in &a.paragraphs {
                assert!(p.start <= p.end && p.end <= a.text.len());
                assert!(a.text.is_char_boundary(p.start) && a.text.is_char_boundary(p.end));
            }
        }
    }
}
