//! Bytes to text: byte-order marks, UTF-8, and the legacy encodings chardetng recognises.

/// Why a file is refused as binary.
const BINARY: &str = "binary file (holds NUL bytes), not text";

/// Decode bytes to text: UTF-8 (BOM stripped), UTF-16 with a BOM, else the legacy encoding
/// chardetng guesses (Windows-1252 — a superset of Latin-1's printable characters — for
/// Western text; also other Windows and ISO single-byte encodings, Shift_JIS, GBK, …). A guess
/// that would need replacement characters is refused rather than mangled.
///
/// NUL bytes: a text with a few stray NULs ([`stray_nuls`]: under 1% of its bytes, and under
/// 1% other control bytes) is read with each NUL as a space — one byte for one byte, so in a
/// UTF-8 file every offset after a NUL stays where it was; anything else holding NULs without
/// a UTF-16 BOM (UTF-16 or UTF-32 without a BOM, executables, images, archives, a file padded
/// with NULs) is taken as binary and refused. The same holds for U+0000 characters in a file
/// with a BOM.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(format!("invalid {} text", enc.name()));
        }
        let mut text = text.into_owned();
        if text.contains('\0') {
            if !stray_nuls(text.chars().map(|c| u32::from(c).min(0xFF) as u8)) {
                return Err(BINARY.into());
            }
            text = text.replace('\0', " ");
        }
        return Ok((text, enc.name()));
    }
    let spaced;
    let bytes = if bytes.contains(&0) {
        if !stray_nuls(bytes.iter().copied()) {
            return Err(BINARY.into());
        }
        // NUL is never part of a multi-byte character (in UTF-8 nor in the legacy encodings
        // chardetng guesses), so this changes nothing else.
        spaced = bytes
            .iter()
            .map(|&b| if b == 0 { b' ' } else { b })
            .collect::<Vec<u8>>();
        &spaced[..]
    } else {
        bytes
    };
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

/// Whether the NULs among `units` (bytes, or characters with those above U+00FF as 0xFF) are
/// strays in a text rather than signs of a binary file: NULs make less than 1% of the units,
/// and so do the other control characters that text does not hold (all below space but tab,
/// line feed, vertical tab, form feed, carriage return and escape; and DEL). Random or
/// compressed bytes hold about 0.4% NULs but 10% such controls; UTF-16 or UTF-32 without a
/// BOM, 50% to 75% NULs.
fn stray_nuls(units: impl Iterator<Item = u8>) -> bool {
    let (mut total, mut nuls, mut controls) = (0usize, 0usize, 0usize);
    for u in units {
        total += 1;
        match u {
            0 => nuls += 1,
            0x01..=0x08 | 0x0E..=0x1A | 0x1C..=0x1F | 0x7F => controls += 1,
            _ => {}
        }
    }
    nuls * 100 < total && controls * 100 < total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stray_nuls_are_spaces_and_mostly_nuls_is_binary() {
        let text = format!("{}\0{}", "word ".repeat(40), "after the NUL");
        let (got, enc) = decode(text.as_bytes()).unwrap();
        assert_eq!(enc, "UTF-8");
        assert_eq!(got, text.replace('\0', " "));
        assert_eq!(decode(b"\x7fELF\x02\x01\x00\x00binary"), Err(BINARY.into()));
        let padded = [text.as_bytes(), &[0u8; 4096]].concat();
        assert_eq!(decode(&padded), Err(BINARY.into()));
    }
}
