//! Any text through the segmenter: no panic, paragraphs in order, offsets on char boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let paras = parallax_core::corpus::segment::segment(text);
    let mut last = 0;
    for (i, p) in paras.iter().enumerate() {
        assert_eq!(p.index, i);
        assert!(last <= p.start && p.start <= p.end && p.end <= text.len());
        assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
        last = p.end;
    }
});
