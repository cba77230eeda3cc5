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
    decode_hinted(bytes, None)
}

/// [`decode`] with the top-level domain of the address the file came from (`ru`, `cz`), when
/// known: chardetng weighs the encodings used under that domain (Windows-1251 and KOI8-R for
/// `.ru`, Windows-1250 and ISO-8859-2 for `.cz` and `.pl`), which decides short or ambiguous
/// texts. A BOM or valid UTF-8 still wins.
pub fn decode_hinted(bytes: &[u8], tld: Option<&str>) -> Result<(String, &'static str), String> {
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
            let mut enc = det.guess(tld.map(str::as_bytes), chardetng::Utf8Detection::Deny);
            if enc == encoding_rs::UTF_8 {
                enc = encoding_rs::WINDOWS_1252;
            }
            enc = most_plausible(bytes, enc);
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

/// Decode an HTML page: a byte-order mark first, then the charset the page declares in its
/// first 1024 bytes (`<meta charset>`, a `http-equiv` content type, an XML declaration) when
/// the bytes decode in it without error, else as [`decode`] guesses. A declared UTF-16 means
/// UTF-8 (the page was read as bytes, as the HTML standard says).
pub fn decode_html(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if encoding_rs::Encoding::for_bom(bytes).is_some() || bytes.contains(&0) {
        return decode(bytes);
    }
    let Some(mut enc) = declared_charset(bytes) else {
        return decode_hinted(bytes, page_tld(bytes).as_deref());
    };
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        enc = encoding_rs::UTF_8;
    }
    if enc == encoding_rs::X_USER_DEFINED {
        enc = encoding_rs::WINDOWS_1252;
    }
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok((text.into_owned(), enc.name())),
        None => decode(bytes),
    }
}

/// The top-level domain of the address a page declares for itself (`<link rel=canonical>` or
/// `og:url`, looked for in its first 64 KiB), lower-cased: `ru` for
/// `https://news.example.ru/a`.
pub fn page_tld(bytes: &[u8]) -> Option<String> {
    let head = bytes[..bytes.len().min(64 * 1024)].to_ascii_lowercase();
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    ["canonical".as_bytes(), b"og:url"].iter().find_map(|key| {
        let at = find(&head, key)?;
        // The tag around the key: from the `<` before it to the `>` after it.
        let start = head[..at].iter().rposition(|&b| b == b'<')?;
        let end = at + head[at..].iter().position(|&b| b == b'>')?;
        let tag = &head[start..end];
        let u = find(tag, b"http")?;
        tld_of_url(std::str::from_utf8(&tag[u..]).ok()?)
    })
}

/// The top-level domain of an http(s) URL (`https://x.example.cz/a?b` → `cz`), when it is
/// 2–24 ASCII letters.
pub fn tld_of_url(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest
        .split(['/', '?', '#', '"', '\'', ' ', '>'])
        .next()?
        .rsplit('@')
        .next()?;
    let host = host.split(':').next()?.trim_end_matches('.');
    let tld = host.rsplit('.').next()?;
    (host.contains('.')
        && (2..=24).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_alphabetic()))
    .then(|| tld.to_ascii_lowercase())
}

/// The encoding a page declares in its first 1024 bytes, by a simplified form of the HTML
/// standard's prescan: `charset=` inside a `<meta` tag, or `encoding=` in `<?xml …?>`.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head: Vec<u8> = bytes[..bytes.len().min(1024)].to_ascii_lowercase();
    let label_after = |from: usize| -> Option<&'static encoding_rs::Encoding> {
        let rest = &head[from..];
        let rest = rest
            .trim_ascii_start()
            .strip_prefix(b"=")?
            .trim_ascii_start();
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let end = rest
            .iter()
            .position(|&b| {
                matches!(b, b'"' | b'\'' | b';' | b'>' | b'/') || b.is_ascii_whitespace()
            })
            .unwrap_or(rest.len());
        encoding_rs::Encoding::for_label(&rest[..end])
    };
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay.get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    };
    if head.trim_ascii_start().starts_with(b"<?xml") {
        let start = find(&head, b"<?xml", 0)?;
        let end = find(&head, b"?>", start).unwrap_or(head.len());
        if let Some(at) = find(&head[..end], b"encoding", start) {
            if let Some(enc) = label_after(at + b"encoding".len()) {
                return Some(enc);
            }
        }
    }
    let mut from = 0;
    while let Some(tag) = find(&head, b"<meta", from) {
        let end = find(&head, b">", tag).unwrap_or(head.len());
        let mut at = tag;
        while let Some(c) = find(&head[..end], b"charset", at) {
            if let Some(enc) = label_after(c + b"charset".len()) {
                return Some(enc);
            }
            at = c + 1;
        }
        from = end;
    }
    None
}

/// Single-byte encodings of Latin script that chardetng may pick for Western text whose few
/// non-ASCII bytes are a pound sign or an accent: `£30,000` (0xA3) is `Ł30,000` in
/// Windows-1250, `NAÏVE` is `NAĎVE`.
const LATIN_RIVALS: &[&encoding_rs::Encoding] = &[
    encoding_rs::WINDOWS_1250,
    encoding_rs::ISO_8859_2,
    encoding_rs::WINDOWS_1257,
    encoding_rs::ISO_8859_13,
    encoding_rs::ISO_8859_4,
    encoding_rs::ISO_8859_16,
    encoding_rs::ISO_8859_10,
    encoding_rs::ISO_8859_3,
];

/// chardetng's guess `guess`, or a Western encoding that reads `bytes` more plausibly: when
/// the guess is Windows-1252 or a rival Latin encoding, Windows-1252 and ISO-8859-15 (which
/// has `œ`, `Š` and `€` where 1252 has `½`, `¦` and `¤`) are tried too, and the one that
/// decodes without error and with the fewest implausible characters ([`implausible`]) wins.
/// On a tie the guess stands, so Czech, Polish or Baltic text keeps its encoding: decoded as
/// 1252 it holds signs inside words (`przyj¹³`), and as itself none.
fn most_plausible(
    bytes: &[u8],
    guess: &'static encoding_rs::Encoding,
) -> &'static encoding_rs::Encoding {
    if guess != encoding_rs::WINDOWS_1252 && !LATIN_RIVALS.contains(&guess) {
        return guess;
    }
    let score = |enc: &'static encoding_rs::Encoding| {
        let (text, errors) = enc.decode_without_bom_handling(bytes);
        (!errors).then(|| implausible(&text))
    };
    let mut best = (guess, score(guess).unwrap_or(usize::MAX));
    for enc in [encoding_rs::WINDOWS_1252, encoding_rs::ISO_8859_15] {
        if enc != guess {
            if let Some(n) = score(enc) {
                if n < best.1 {
                    best = (enc, n);
                }
            }
        }
    }
    best.0
}

/// How many non-ASCII characters of `text` sit where no language puts them: a letter
/// touching a digit (`Ł30` — a currency sign is at home there, a letter is not), a capital
/// alone as a word (`Ł 30`), or a sign other than an apostrophe or hyphen between two letters
/// (`przyj¹³`).
fn implausible(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut count = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii() {
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        let odd = if c.is_alphabetic() {
            let alone = !letter(before) && !letter(after) && c.is_uppercase();
            digit(before) || digit(after) || alone
        } else {
            // Apostrophes, hyphens and the middle dot do sit inside words.
            let joiner = matches!(c, '’' | '‘' | 'ʼ' | '‐' | '‑' | '·' | '\u{ad}');
            letter(before) && letter(after) && !joiner
        };
        count += usize::from(odd);
    }
    count
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
