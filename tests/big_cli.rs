//! Big corpora (issue #16) from the command line: `parallax list` gives the same output
//! whether it parses (no cache), builds the cache or reads it, and says when it rebuilds a
//! cache an older parallax wrote.

use std::path::Path;
use std::process::{Command, Output};

fn parallax(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_parallax"));
    c.args(args)
        .env("NO_COLOR", "1")
        .env_remove("PARALLAX_NO_CACHE");
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn corpus(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let g = parallax_synth::corpus::corpus(n, 42);
    for (i, text) in g.texts.iter().enumerate() {
        std::fs::write(
            dir.path()
                .join(format!("{}.txt", parallax_synth::corpus::id(i))),
            text,
        )
        .unwrap();
    }
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    for e in std::fs::read_dir(seeds).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
        }
    }
    dir
}

#[test]
fn list_is_the_same_parsed_cold_and_warm_in_text_and_json() {
    let dir = corpus(150);
    let d = dir.path().to_str().unwrap();
    for args in [
        &["list", "--corpus", d][..],
        &["list", "--json", "--corpus", d][..],
    ] {
        let parsed = parallax(args, &[("PARALLAX_NO_CACHE", "1")]);
        assert!(parsed.status.success());
        let _ = std::fs::remove_dir_all(dir.path().join(".parallax"));
        let cold = parallax(args, &[]);
        let warm = parallax(args, &[]);
        assert!(cold.status.success() && warm.status.success());
        assert!(String::from_utf8_lossy(&parsed.stdout).contains("a0000149"));
        assert_eq!(cold.stdout, parsed.stdout, "{args:?}: cold");
        assert_eq!(warm.stdout, parsed.stdout, "{args:?}: warm");
        assert!(
            warm.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&warm.stderr)
        );
    }
}

#[test]
fn list_says_when_it_rebuilds_an_older_cache_and_lists_the_same() {
    let dir = corpus(30);
    let d = dir.path().to_str().unwrap();
    let expected = parallax(&["list", "--corpus", d], &[("PARALLAX_NO_CACHE", "1")]);
    let path = dir.path().join(".parallax/cache.db");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, hash TEXT, error TEXT);
             CREATE TABLE docs (id INTEGER PRIMARY KEY, path TEXT, item TEXT, title TEXT, article TEXT);
             INSERT INTO files VALUES ('a0000000.txt', 1, 1, 'x', NULL);
             PRAGMA user_version = 5;",
        )
        .unwrap();
    }
    let o = parallax(&["list", "--corpus", d], &[]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("another version") && err.contains("rebuilt"),
        "{err}"
    );
    assert_eq!(o.stdout, expected.stdout);
    // A corrupt one: moved aside with a message, the same listing.
    std::fs::write(
        &path,
        b"this is not a database, and never was one at all....",
    )
    .unwrap();
    let _ = std::fs::remove_file(dir.path().join(".parallax/cache.db-wal"));
    let _ = std::fs::remove_file(dir.path().join(".parallax/cache.db-shm"));
    let o = parallax(&["list", "--corpus", d], &[]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("damaged"), "{err}");
    assert_eq!(o.stdout, expected.stdout);
}

/// The reader's start-up loading: an empty picker with the progress in the title line, filled
/// in chunk by chunk (the title filter applied to what arrives), keys working meanwhile.
#[test]
fn the_picker_fills_in_as_articles_arrive_with_progress_in_the_title() {
    use parallax::tui::action::Action;
    use parallax::tui::state::{App, Loaded};
    use parallax::tui::update::update;
    use parallax::tui::view;
    use parallax_core::corpus::Corpus;
    use std::sync::Arc;
    let dir = corpus(6);
    let c = Corpus::open(dir.path()).unwrap();
    let (articles, _) = c.load_all();
    let total = articles.len();
    let draw = |app: &App| -> String {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 24)).unwrap();
        t.draw(|f| view::draw(f, app)).unwrap();
        let b = t.backend().buffer().clone();
        (0..b.area.height)
            .map(|y| {
                (0..b.area.width)
                    .map(|x| b[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut app = App::new(Vec::new(), Vec::new(), "c");
    app.size = (100, 24);
    app.picker.loading = Some((0, total, 0));
    let screen = draw(&app);
    assert!(screen.contains(&format!("reading 0/{total}")), "{screen}");
    assert!(screen.contains("Reading the articles"), "{screen}");
    // A key while nothing is listed yet.
    update(&mut app, Action::Down);
    let mut it = articles.into_iter().map(Arc::new);
    let first: Vec<_> = it.by_ref().take(4).collect();
    let fourth = first[3].id.clone();
    update(
        &mut app,
        Action::ArticlesLoaded {
            articles: Loaded::of(&first),
            read: 4,
            total,
            rate: 1000,
        },
    );
    assert_eq!(app.picker.entries.len(), 4);
    assert_eq!(app.picker.visible, [0, 1, 2, 3]);
    let screen = draw(&app);
    assert!(
        screen.contains(&format!("reading 4/{total} (1000/s)")),
        "{screen}"
    );
    assert!(screen.contains(&fourth), "{fourth} not on\n{screen}");
    update(&mut app, Action::Down);
    assert_eq!(app.picker.cursor, 1);
    // A title filter set meanwhile applies to the articles that arrive next.
    app.picker.filter = "zzz-nothing-matches".into();
    let rest: Vec<_> = it.collect();
    let n = rest.len();
    update(
        &mut app,
        Action::ArticlesLoaded {
            articles: Loaded::of(&rest),
            read: total,
            total,
            rate: 1000,
        },
    );
    assert_eq!(app.picker.entries.len(), 4 + n);
    assert_eq!(app.picker.visible, [0, 1, 2, 3], "filtered as they arrive");
    assert_eq!(app.picker.cursor, 1, "the cursor stays where it was");
    update(
        &mut app,
        Action::LoadDone {
            skipped: Vec::new(),
            note: Some("cache rebuilt".into()),
        },
    );
    assert_eq!(app.picker.loading, None);
    let screen = draw(&app);
    assert!(!screen.contains("reading"), "{screen}");
}
