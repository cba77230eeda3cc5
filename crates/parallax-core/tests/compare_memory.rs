//! What a loaded article holds for its words (issue #16: `compare` of two texts within a few
//! times the texts): each paragraph word is its offsets only, 8 bytes, its normal form
//! computed where needed; counted with a counting allocator, never timed.

use parallax_core::text::tokens;
use std::sync::atomic::Ordering::Relaxed;

#[path = "common/counting.rs"]
mod counting;
use counting::{LIVE, TURN};

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

/// Generated text with hostile words mixed in: accents, ligatures, full-width digits, curly
/// apostrophes, CJK, long words, words over 24 bytes (past an inline string's room).
fn hostile_text(bytes: usize) -> String {
    let (a, _) = parallax_synth::pair(7, bytes);
    let odd = [
        "Ångström’s",
        "ﬁne",
        "２０２６",
        "naïve café",
        "東京都",
        "Defence’s",
        "supercalifragilisticexpialidocious-ly",
        "ÉCOLE",
        "6,500",
    ];
    let mut out = String::with_capacity(a.len() + a.len() / 4);
    for (k, w) in a.split(' ').enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(w);
        if k % 7 == 3 {
            out.push(' ');
            out.push_str(odd[k % odd.len()]);
        }
    }
    out
}

/// A loaded article holds its text, its paragraphs' texts and 8 bytes a word: well under
/// four times its text (with a 40-byte word and its inline normal form it held over eight).
#[test]
fn a_loaded_article_holds_its_words_as_offsets() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    for text in [parallax_synth::pair(42, 400_000).0, hostile_text(400_000)] {
        let before = LIVE.load(Relaxed);
        let a = parallax_synth::fixtures::article("a", &text);
        let held = LIVE.load(Relaxed) - before;
        let ratio = held as f64 / text.len() as f64;
        eprintln!(
            "{} bytes, {} words: the article holds {held} bytes, {ratio:.2}× its text",
            text.len(),
            a.words
        );
        assert!(
            ratio <= 4.0,
            "an article of {} bytes holds {held} bytes ({ratio:.2}× its text)",
            text.len()
        );
    }
}

/// The words kept as offsets give the words and normal forms of `tokens::words` on every
/// paragraph, hostile words included, and their hashes are those of the normal forms.
#[test]
fn offsets_give_the_same_words_and_normal_forms() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let a = parallax_synth::fixtures::article("a", &hostile_text(60_000));
    let mut non_ascii = 0;
    for p in &a.paragraphs {
        let want = tokens::words(&p.text);
        assert_eq!(p.tokens.len(), want.len(), "{:?}", p.text);
        for (w, v) in p.tokens.iter().zip(&want) {
            assert_eq!((w.start(), w.end()), (v.start, v.end));
            assert_eq!(w.norm(&p.text), v.norm);
            assert_eq!(w.norm_hash(&p.text), tokens::word_hash(v.norm.as_bytes()));
            let mut s = String::from("x");
            w.push_norm(&p.text, &mut s);
            assert_eq!(&s[1..], v.norm.as_str());
            non_ascii += usize::from(!w.text(&p.text).is_ascii());
        }
    }
    assert!(
        non_ascii > 100,
        "the text has non-ASCII words ({non_ascii})"
    );
}
