//! Bytes to text: byte-order marks, UTF-8, and the legacy encodings chardetng recognises.

/// Decode bytes to text: UTF-8 (BOM stripped), UTF-16 with a BOM, else the legacy encoding
/// chardetng guesses (Windows-1252 — a superset of Latin-1's printable characters — for
/// Western text; also other Windows and ISO single-byte encodings, Shift_JIS, GBK, …). Text
/// with NUL bytes and no UTF-16 BOM is taken as binary and refused; a guess that would need
/// replacement characters is refused rather than mangled.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(format!("invalid {} text", enc.name()));
        }
        return Ok((text.into_owned(), enc.name()));
    }
    if bytes.contains(&0) {
        return Err("binary file (holds NUL bytes), not text".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), "UTF-8")),
        Err(_) => {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(bytes, true);
            let mut enc = det.guess(None, chardetng::Utf8Detection::Deny);
            if enc == encoding_rs::UTF_8 {
                enc = encoding_rs::WINDOWS_1252;
            }
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            if had_errors {
                let (text, had_errors) =
                    encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                if had_errors {
                    return Err(
                        "undecodable text (neither UTF-8 nor a known legacy encoding)".into(),
                    );
                }
                return Ok((text.into_owned(), encoding_rs::WINDOWS_1252.name()));
            }
            Ok((text.into_owned(), enc.name()))
        }
    }
}
