//! The reader holds article heads and reads bodies on demand (issue #16): what it shows is
//! what it showed when it held every article, and it never holds more than a few bodies.

mod common;

use common::*;
use parallax::tui::action::Action;
use parallax::tui::state::{App, Screen, BODIES_KEPT};
use parallax::tui::update::{update, Effect};
use parallax_core::corpus::Corpus;

fn screen(app: &App) -> String {
    screen_lines(app).join("\n")
}

/// Apply actions as the runtime does: bodies read from the corpus's cache, the engine's
/// effects carried out by `common::drive`, the others dropped. Returns how many bodies were
/// read.
fn run(app: &mut App, corpus: &Corpus, actions: impl IntoIterator<Item = Action>) -> usize {
    let mut cache = None;
    let mut reads = 0;
    let mut queue: Vec<Action> = actions.into_iter().collect();
    queue.reverse();
    while let Some(a) = queue.pop() {
        for e in drive(app, [a]) {
            if let Effect::LoadBodies { ids, then } = e {
                reads += ids.len();
                queue.push(parallax::tui::load_bodies(
                    Some(corpus),
                    &mut cache,
                    ids,
                    then,
                ));
            }
        }
        assert!(app.bodies.kept() <= BODIES_KEPT);
    }
    reads
}

/// Two readers of the same corpus: one given every article whole (as tests build it), one
/// that read heads as the runtime's loader does.
fn two_readers(dir: &std::path::Path, w: u16, h: u16) -> (App, App, Corpus) {
    let whole = tui_app_on(dir, "c", w, h);
    let corpus = Corpus::open(dir).unwrap();
    let mut heads = App::new(Vec::new(), Vec::new(), "c");
    heads.color = false;
    parallax::tui::read_articles(&corpus, &mut |a| {
        let _ = update(&mut heads, a);
    });
    run(&mut heads, &corpus, [Action::Resize(w, h)]);
    (whole, heads, corpus)
}

#[test]
fn the_preview_an_article_and_a_pair_show_the_same_text_from_heads() {
    let (dir, _) = temp_corpus(&["000", "001", "002", "003", "004"]);
    let (mut whole, mut heads, corpus) = two_readers(dir.path(), 160, 45);
    assert_eq!(heads.picker.entries.len(), 5);
    assert_eq!(heads.bodies.all().count(), 1, "the preview's article only");
    for k in 0..5 {
        assert_eq!(screen(&heads), screen(&whole), "preview of article {k}");
        // The article alone, and back.
        common::drive(&mut whole, [Action::OpenArticle]);
        run(&mut heads, &corpus, [Action::OpenArticle]);
        assert_eq!(heads.screen, Screen::Article);
        assert_eq!(screen(&heads), screen(&whole), "article {k}");
        common::drive(&mut whole, [Action::Back, Action::Down]);
        run(&mut heads, &corpus, [Action::Back, Action::Down]);
    }
    // A pair: the first and the last.
    let pair = [Action::Top, Action::Pick, Action::Bottom, Action::Pick];
    common::drive(&mut whole, pair.clone());
    run(&mut heads, &corpus, pair);
    assert_eq!(heads.screen, Screen::Compare);
    assert_eq!(screen(&heads), screen(&whole), "the pair");
}

#[test]
fn going_through_every_article_holds_a_few_bodies_and_reads_each_once_on_the_way() {
    let dir = tempfile::tempdir().unwrap();
    let n = 3 * BODIES_KEPT;
    for i in 0..n {
        let t = parallax_synth::article(i as u64, 1500);
        std::fs::write(dir.path().join(format!("a{i:03}.txt")), t).unwrap();
    }
    let (_, mut heads, corpus) = two_readers(dir.path(), 160, 45);
    let downs = std::iter::repeat_n(Action::Down, n - 1);
    let reads = run(&mut heads, &corpus, downs);
    // Each article under the cursor read once for the preview (the first already was).
    assert_eq!(reads, n - 1);
    assert_eq!(heads.bodies.kept(), BODIES_KEPT);
    assert!(heads.bodies.all().count() <= BODIES_KEPT);
    // Back up over the last few: held, not read again.
    let ups = std::iter::repeat_n(Action::Up, BODIES_KEPT - 1);
    assert_eq!(run(&mut heads, &corpus, ups), 0);
    // The article view's `]` goes on through the corpus reading one body at a time.
    run(&mut heads, &corpus, [Action::Top, Action::OpenArticle]);
    let nexts = std::iter::repeat_n(Action::NextArticle, n - 1);
    run(&mut heads, &corpus, nexts);
    let last = &heads.picker.entries[heads.picker.visible[n - 1]].article.id;
    assert_eq!(&heads.article.as_ref().unwrap().article.id, last);
    assert!(heads.bodies.all().count() <= BODIES_KEPT);
}

#[test]
fn a_body_that_cannot_be_read_any_more_is_said_and_nothing_opens() {
    let (dir, paths) = temp_corpus(&["000", "001"]);
    let (_, mut heads, corpus) = two_readers(dir.path(), 80, 24);
    // At 80 columns no preview: nothing read yet. The file under the cursor goes away.
    assert_eq!(heads.bodies.all().count(), 0);
    let at = heads.picker.visible[heads.picker.cursor];
    let gone = paths
        .iter()
        .find(|p| {
            corpus
                .entries
                .iter()
                .any(|e| &e.path == *p && e.id == heads.picker.entries[at].article.id)
        })
        .unwrap();
    std::fs::remove_file(gone).unwrap();
    run(&mut heads, &corpus, [Action::OpenArticle]);
    assert_eq!(heads.screen, Screen::Picker);
    let s = heads.status.as_ref().expect("a message");
    assert!(s.error && s.text.starts_with("cannot read"), "{}", s.text);
}

#[test]
fn one_article_from_the_cache_is_the_article_parsed_and_a_changed_file_is_not_served() {
    use parallax_core::corpus::cache::{self, Tokens};
    let (dir, paths) = temp_corpus(&["000", "001", "002"]);
    let corpus = Corpus::open(dir.path()).unwrap();
    // No cache yet: nothing to read from.
    assert!(cache::for_reading(&corpus).is_none());
    parallax::tui::read_articles(&corpus, &mut |_| {});
    let c = cache::for_reading(&corpus).expect("the cache the reading wrote");
    for e in &corpus.entries {
        let from_cache = c.article(&corpus, e, Tokens::No).expect("cached");
        let parsed = corpus.load(e).unwrap();
        assert_eq!(from_cache.id, parsed.id);
        assert_eq!(from_cache.text, parsed.text);
        assert_eq!(from_cache.meta, parsed.meta);
        let paras = |a: &parallax_core::Article| {
            a.paragraphs
                .iter()
                .map(|p| (p.start, p.end, p.text.clone(), p.words, p.role))
                .collect::<Vec<_>>()
        };
        assert_eq!(paras(&from_cache), paras(&parsed));
    }
    // A file changed since it was cached is parsed again, not served stale.
    std::fs::write(
        &paths[0],
        "A new title\n\nAnother text altogether, longer than before.\n",
    )
    .unwrap();
    let e = corpus.entries.iter().find(|e| e.path == paths[0]).unwrap();
    assert!(c.article(&corpus, e, Tokens::No).is_none());
    let a = cache::load_one(Some(&c), &corpus, e, Tokens::No).unwrap();
    assert_eq!(a.meta.title, "A new title");
}
