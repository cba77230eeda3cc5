//! The same texts in many encodings, generated here with encoding_rs, read back to the same
//! words (issue "Real-world pages and files", characters): UTF-8, UTF-16 (both byte orders,
//! with a byte-order mark), Windows-1252, ISO-8859-15, Windows-1251, KOI8-R, GB18030,
//! Shift_JIS and Windows-1256; Western text with a pound sign is not read as Windows-1250;
//! Czech and Polish text in Windows-1250 still is; an HTML page's declared charset is honoured.

use encoding_rs::Encoding;
use parallax_core::corpus::{decode, decode_html};
use parallax_core::text::tokens::words;

const UK: &str = "The council agreed on Tuesday to pay £30,000 in compensation to the family \
    of a man injured at the leisure centre. Officials said the sum, about €35,000, was fair; \
    the café owner next door called the plan naïve. Prices rose 5% to £4.20 a litre.";
const FRENCH: &str = "Le président a déclaré mardi que l'économie française restait solide. \
    « Nous avons le cœur à l'ouvrage », a-t-il dit devant les élèves de l'école. \
    Cette œuvre coûtera 30 000 € à la ville, selon la mairie.";
const RUSSIAN: &str = "Министерство обороны России заявило в субботу, что азербайджанские \
    военные вошли в зону ответственности российских миротворцев в Нагорном Карабахе. \
    Власти Армении предупредили о возможной гуманитарной катастрофе.";
const CHINESE: &str =
    "俄罗斯国防部周六表示，阿塞拜疆军队进入了纳戈尔诺－卡拉巴赫地区俄罗斯维和部队负责的区域。\
    亚美尼亚政府警告说，该地区可能发生人道主义灾难。";
const JAPANESE: &str = "ロシア国防省は土曜日、アゼルバイジャン軍がナゴルノ・カラバフの\
    ロシア平和維持部隊の担当地域に入ったと発表した。アルメニア政府は人道危機の恐れを警告した。";
const ARABIC: &str = "قالت وزارة الدفاع الروسية يوم السبت إن جنودا من أذربيجان دخلوا منطقة \
    تقع تحت مسؤولية قوات حفظ السلام الروسية في إقليم ناغورني قره باغ. وحذرت الحكومة \
    الأرمينية من كارثة إنسانية محتملة.";
const CZECH: &str = "Vláda ve středu schválila návrh zákona o změně předpisů o elektronických \
    komunikacích. Ministr řekl, že změny přinesou úspory a že žádný úřad nebude zrušen.";
const POLISH: &str = "Rząd przyjął w środę projekt ustawy o zmianie przepisów dotyczących \
    łączności. Żołnierze wrócili do koszar, a minister podziękował im za służbę.";

fn norms(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .map(|w| w.norm.to_string())
        .collect()
}

fn encode(text: &str, enc: &'static Encoding) -> Vec<u8> {
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        let le = enc == encoding_rs::UTF_16LE;
        let mut out = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in text.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        return out;
    }
    let (bytes, used, unmappable) = enc.encode(text);
    assert_eq!(used, enc, "encoding_rs encodes {} as itself", enc.name());
    assert!(!unmappable, "{} cannot hold the text", enc.name());
    bytes.into_owned()
}

#[test]
fn every_text_reads_back_to_the_same_words_in_every_encoding_that_holds_it() {
    use encoding_rs::*;
    let cases: &[(&str, &str, &[&'static Encoding])] = &[
        ("UK", UK, &[WINDOWS_1252, ISO_8859_15]),
        ("French", FRENCH, &[WINDOWS_1252, ISO_8859_15]),
        ("Russian", RUSSIAN, &[WINDOWS_1251, KOI8_R]),
        ("Chinese", CHINESE, &[GB18030]),
        ("Japanese", JAPANESE, &[SHIFT_JIS]),
        ("Arabic", ARABIC, &[WINDOWS_1256]),
        ("Czech", CZECH, &[WINDOWS_1250]),
        ("Polish", POLISH, &[WINDOWS_1250]),
    ];
    let mut failures = Vec::new();
    for &(name, text, legacy) in cases {
        let want = norms(text);
        let unicode = [UTF_8, UTF_16LE, UTF_16BE];
        for &enc in unicode.iter().chain(legacy) {
            let bytes = encode(text, enc);
            match decode(&bytes) {
                Ok((got, label)) => {
                    if norms(&got) != want {
                        failures.push(format!("{name} in {} read as {label}: {got}", enc.name()));
                    }
                }
                Err(e) => failures.push(format!("{name} in {}: refused: {e}", enc.name())),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn western_text_with_a_pound_sign_is_windows_1252_not_1250() {
    for text in [
        "The council agreed to pay £30,000 in compensation to the family.",
        "Prices rose 5% to £4.20 a litre. The pound fell against the euro.",
        "NAÏVE PLANS: the scheme will cost £ 2m, critics said.",
    ] {
        let bytes = encode(text, encoding_rs::WINDOWS_1252);
        let (got, label) = decode(&bytes).unwrap();
        assert_eq!((got.as_str(), label), (text, "windows-1252"));
    }
    // And Central European text keeps its encoding.
    for text in [CZECH, POLISH] {
        let (got, label) = decode(&encode(text, encoding_rs::WINDOWS_1250)).unwrap();
        assert_eq!((got.as_str(), label), (text, "windows-1250"));
    }
}

#[test]
fn an_html_page_is_read_in_the_charset_it_declares() {
    use encoding_rs::*;
    let declarations = [
        r#"<meta charset="{}">"#,
        r#"<meta http-equiv="Content-Type" content="text/html; charset={}">"#,
        "<meta charset='{}' />",
    ];
    for (text, enc) in [
        (CHINESE, GB18030),
        (ARABIC, WINDOWS_1256),
        (RUSSIAN, KOI8_R),
        (UK, WINDOWS_1252),
        (FRENCH, ISO_8859_15),
    ] {
        for decl in declarations {
            let head = decl.replace("{}", enc.name());
            let page = format!(
                "<!DOCTYPE html><html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>"
            );
            let bytes = encode(&page, enc);
            let (got, label) = decode_html(&bytes).unwrap();
            assert_eq!(label, enc.name(), "{head}");
            assert_eq!(norms(&got), norms(&page), "{head}");
        }
    }
    // An XML declaration counts too, and a declaration the bytes contradict does not.
    let xhtml = format!("<?xml version=\"1.0\" encoding=\"windows-1256\"?><html><body><p>{ARABIC}</p></body></html>");
    let (_, label) = decode_html(&encode(&xhtml, WINDOWS_1256)).unwrap();
    assert_eq!(label, "windows-1256");
    let lying = format!("<meta charset=\"utf-8\"><p>{UK}</p>");
    let (got, label) = decode_html(&encode(&lying, WINDOWS_1252)).unwrap();
    assert_eq!(label, "windows-1252");
    assert!(got.contains("£30,000"));
}
