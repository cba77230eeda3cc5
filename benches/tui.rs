//! Keypress-to-frame time of the reader on a generated pair of ~1 MB articles: the key is
//! dispatched through the keymap, `update` runs, and the frame is drawn into ratatui's
//! TestBackend at 160x45 (the terminal write itself is not included).

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion};
use parallax::tui::action::Action;
use parallax::tui::state::App;
use parallax::tui::{keymap, update::update, view};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::path::Path;
use std::sync::Arc;

fn app_1mb() -> App {
    let (a, b) = parallax_synth::pair(42, 1 << 20);
    let load = |id: &str, t: String| {
        Arc::new(parallax_core::corpus::from_text(
            id,
            Path::new(id),
            t.clone(),
            "UTF-8",
            parallax_core::corpus::content_hash(t.as_bytes()),
        ))
    };
    let (a, b) = (load("a", a), load("b", b));
    let mut app = App::new(vec![a.clone(), b.clone()], Vec::new(), "synth");
    update(&mut app, Action::Resize(160, 45));
    for e in parallax::tui::update::open_compare(&mut app, a.clone(), b.clone()) {
        if let parallax::tui::update::Effect::Align { generation, .. } = e {
            let c = parallax_core::compare(&a, &b);
            update(
                &mut app,
                Action::Aligned {
                    generation,
                    comparison: Box::new(c),
                },
            );
        }
    }
    app
}

fn press(app: &mut App, term: &mut Terminal<TestBackend>, code: KeyCode) {
    let ev = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(a) = keymap::dispatch(app, ev) {
        let _ = update(app, a);
    }
    term.draw(|f| view::draw(f, app)).unwrap();
}

/// Benchmarks of keys and the keys that undo them (`j` then `k`), each pair dispatched,
/// applied and drawn: the cursor ends where it started, so every iteration does the same work.
fn keys_and_back(
    g: &mut BenchmarkGroup<WallTime>,
    app: &mut App,
    term: &mut Terminal<TestBackend>,
    keys: &[(&str, KeyCode, KeyCode)],
) {
    for &(name, key, back) in keys {
        g.bench_function(name, |b| {
            b.iter(|| {
                press(app, term, key);
                press(app, term, back);
            })
        });
    }
}

/// The moves every list and view is measured with: a line down and back, a page down and back.
const MOVES: [(&str, KeyCode, KeyCode); 2] = [
    ("key_j_down", KeyCode::Char('j'), KeyCode::Char('k')),
    ("key_pagedown", KeyCode::PageDown, KeyCode::PageUp),
];

fn bench(c: &mut Criterion) {
    let mut app = app_1mb();
    let rows = app.compare.as_ref().unwrap().rows.len();
    let mut term = Terminal::new(TestBackend::new(160, 45)).unwrap();
    let mut g = c.benchmark_group("tui_1mb");
    // Start in the middle so that j/k and n move freely.
    for _ in 0..rows / 2 {
        update(&mut app, Action::Down);
    }
    keys_and_back(&mut g, &mut app, &mut term, &MOVES);
    keys_and_back(
        &mut g,
        &mut app,
        &mut term,
        &[("key_n_next_change", KeyCode::Char('n'), KeyCode::Char('N'))],
    );
    g.bench_function("draw_only", |b| {
        b.iter(|| {
            term.draw(|f| view::draw(f, &app)).unwrap();
        })
    });
    g.sample_size(10);
    g.bench_function("resize_relayout", |b| {
        b.iter(|| {
            update(&mut app, Action::Resize(150, 45));
            update(&mut app, Action::Resize(160, 45));
        })
    });
    g.finish();
}

/// The picker on 10k generated articles at 160x45, where the preview pane shows by itself:
/// each key moves the cursor and draws the list and the preview of the article under it.
fn app_10k_picker() -> App {
    let g = parallax_synth::corpus::corpus(10_000, 7);
    let articles: Vec<Arc<parallax_core::Article>> = g
        .texts
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let id = parallax_synth::corpus::id(i);
            Arc::new(parallax_core::corpus::from_text(
                &id,
                Path::new(&id),
                t.clone(),
                "UTF-8",
                parallax_core::corpus::content_hash(t.as_bytes()),
            ))
        })
        .collect();
    let mut app = App::new(articles, Vec::new(), "synth");
    update(&mut app, Action::Resize(160, 45));
    app
}

fn bench_preview(c: &mut Criterion) {
    let mut app = app_10k_picker();
    assert!(parallax::tui::layout::preview_shown(&app));
    let mut term = Terminal::new(TestBackend::new(160, 45)).unwrap();
    for _ in 0..5_000 {
        update(&mut app, Action::Down);
    }
    let mut g = c.benchmark_group("tui_10k_picker_preview");
    keys_and_back(&mut g, &mut app, &mut term, &MOVES);
    g.finish();
}

criterion_group!(benches, bench, bench_preview);
criterion_main!(benches);
