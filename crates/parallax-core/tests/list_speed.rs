//! A warm `list` (issue #16): the cache's file rows are keyed and stated as before (the
//! relative path `Path::strip_prefix` gives, the size and nanosecond modification time of
//! `std::fs::metadata`), whatever the spelling of the corpus folder, so that a cache written
//! by an older build is served without re-parsing, and a warm listing equals a fresh parse.

mod common;
use parallax_core::corpus::cache::{Cache, Listed};
use parallax_core::corpus::Corpus;
use std::path::{Path, PathBuf};

/// A generated corpus with a nested folder, a folder reached by a link and odd file names.
fn corpus() -> tempfile::TempDir {
    let dir = common::generated_corpus(40, 7);
    let deep = dir.path().join("deep/er");
    std::fs::create_dir_all(&deep).unwrap();
    for (i, name) in ["a b.txt", "é ü.txt", ".x.txt.txt", "..txt", "z.md"]
        .iter()
        .enumerate()
    {
        std::fs::write(
            deep.join(name),
            format!("Title {i}\n\nSome words of a body paragraph, long enough to be one.\n"),
        )
        .unwrap();
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(&deep, dir.path().join("linked")).unwrap();
    dir
}

/// Each file row of the cache: relative path, size, modification time (ns).
fn file_rows(root: &Path) -> Vec<(String, i64, i64)> {
    let db = rusqlite::Connection::open(Cache::default_path(root)).unwrap();
    let mut st = db
        .prepare("SELECT path, size, mtime_ns FROM files ORDER BY path")
        .unwrap();
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    rows
}

/// What the rows must be: from the corpus's files, by `Path::strip_prefix` and
/// `std::fs::metadata`.
fn expected_rows(c: &Corpus) -> Vec<(String, i64, i64)> {
    let mut rows: Vec<(String, i64, i64)> = c
        .files()
        .iter()
        .map(|g| {
            let p = &g[0].path;
            let m = std::fs::metadata(p).unwrap();
            let ns = m
                .modified()
                .unwrap()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as i64);
            let rel = p
                .strip_prefix(&c.root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, m.len() as i64, ns)
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn file_rows_are_keyed_and_stated_as_std_does_for_any_spelling_of_the_folder() {
    let dir = corpus();
    let base = dir.path().to_str().unwrap().to_string();
    let spellings: Vec<PathBuf> = vec![
        PathBuf::from(&base),
        PathBuf::from(format!("{base}/")),
        PathBuf::from(format!("{base}/.")),
        PathBuf::from(format!("{base}//")),
        PathBuf::from(format!("{base}/deep/..")),
    ];
    let fresh: Vec<Listed> = {
        let c = Corpus::open(dir.path()).unwrap();
        c.load_all().0.iter().map(Listed::of).collect()
    };
    assert!(fresh.len() > 40, "{}", fresh.len());
    for root in spellings {
        let _ = std::fs::remove_dir_all(dir.path().join(".parallax"));
        let c = Corpus::open(&root).unwrap();
        let cache_path = Cache::default_path(&c.root);
        let mut cache = Cache::open(&cache_path).unwrap();
        let (cold, _, stats) = cache.listing(&c).unwrap();
        assert_eq!(stats.cached, 0, "{root:?}");
        let files = c.files().len();
        assert_eq!(stats.parsed, files, "{root:?}");
        assert_eq!(file_rows(&c.root), expected_rows(&c), "{root:?}");
        drop(cache);
        // Warm: every file served from its row, the same listing as a fresh parse.
        let mut cache = Cache::open(&cache_path).unwrap();
        let (warm, _, stats) = cache.listing(&c).unwrap();
        assert_eq!((stats.cached, stats.parsed), (files, 0), "{root:?}");
        assert_eq!(cold, warm, "{root:?}");
        let strip = |v: &[Listed]| -> Vec<(String, String, String)> {
            v.iter()
                .map(|l| (l.id.clone(), l.hash.clone(), format!("{:?}", l.meta)))
                .collect()
        };
        assert_eq!(strip(&warm), strip(&fresh), "{root:?}");
    }
}

#[test]
fn rows_written_by_std_metadata_are_served_and_changes_are_seen() {
    let dir = corpus();
    let c = Corpus::open(dir.path()).unwrap();
    let cache_path = Cache::default_path(&c.root);
    let mut cache = Cache::open(&cache_path).unwrap();
    cache.listing(&c).unwrap();
    drop(cache);
    // Rows as an older build wrote them: size and time from `std::fs::metadata`.
    let db = rusqlite::Connection::open(&cache_path).unwrap();
    for (rel, size, ns) in expected_rows(&c) {
        db.execute(
            "UPDATE files SET size = ?2, mtime_ns = ?3 WHERE path = ?1",
            rusqlite::params![rel, size, ns],
        )
        .unwrap();
    }
    drop(db);
    let files = c.files().len();
    let mut cache = Cache::open(&cache_path).unwrap();
    let (_, _, stats) = cache.listing(&c).unwrap();
    assert_eq!((stats.cached, stats.parsed), (files, 0));
    drop(cache);
    // A file changed (same size, another time), one removed, one added: each seen.
    let changed = dir.path().join("deep/er/a b.txt");
    let text = std::fs::read_to_string(&changed).unwrap();
    std::fs::write(&changed, text.replace("Title 0", "Other 0")).unwrap();
    let t = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(&changed)
        .unwrap()
        .set_modified(t)
        .unwrap();
    std::fs::remove_file(dir.path().join("deep/er/z.md")).unwrap();
    std::fs::write(
        dir.path().join("deep/new.txt"),
        "New title\n\nA new body paragraph here.\n",
    )
    .unwrap();
    let c = Corpus::open(dir.path()).unwrap();
    let mut cache = Cache::open(&cache_path).unwrap();
    let (listed, _, stats) = cache.listing(&c).unwrap();
    // The changed file twice (itself and through the link), the new file once.
    assert_eq!(stats.parsed, 3, "{stats:?}");
    assert_eq!(stats.cached + stats.parsed, c.files().len());
    let fresh: Vec<Listed> = c.load_all().0.iter().map(Listed::of).collect();
    assert_eq!(listed, fresh);
    assert!(listed.iter().any(|l| l.meta.title == "Other 0"));
    assert!(!listed.iter().any(|l| l.id.ends_with("z")));
    assert_eq!(file_rows(&c.root), expected_rows(&c));
}
