//! Crash safety of the marks store, with the real binary: `parallax mark` killed with SIGKILL
//! at random moments never loses a mark it reported saved and never damages the store; two
//! processes marking at once lose nothing.
//!
//! The kill moments come from a seeded generator: the seed is printed, and
//! `PARALLAX_CRASH_SEED=N cargo test --test marks_crash` repeats a run.

mod common;
use parallax_core::marks::store::Store;
use parallax_synth::Rng;
use std::collections::HashSet;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The tests of this file one at a time: each measures how long a run takes.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// How long the kill loop runs.
const LOOP: Duration = Duration::from_secs(3);

fn seed() -> u64 {
    std::env::var("PARALLAX_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_220_327)
}

/// `parallax mark` of paragraph pair number `k` (distinct for each k below 2016) with a note
/// that names it.
fn mark(store: &Path, k: usize, tag: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_parallax"));
    c.args([
        "mark",
        "004",
        "002",
        "--para",
        &format!("{}:{}", k % 21, k / 21 % 96),
        "--label",
        "distinct",
        "--note",
        &note(tag, k),
        "--corpus",
        common::articles_dir().to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
    ])
    .env("PARALLAX_AUTHOR", tag)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    c
}

fn note(tag: &str, k: usize) -> String {
    format!("{tag} {k}")
}

/// The notes of the current marks; checks the file with SQLite's own integrity check first.
fn saved_notes(store: &Path) -> HashSet<String> {
    let conn = rusqlite::Connection::open(store).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(conn);
    let s = Store::open(store).expect("the store opens after the kills");
    s.current()
        .unwrap()
        .into_iter()
        .map(|m| m.note.expect("every mark has its note"))
        .collect()
}

#[test]
fn sigkill_at_random_moments_loses_no_reported_mark() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let seed = seed();
    eprintln!("crash test seed {seed} (PARALLAX_CRASH_SEED={seed} repeats it)");
    let mut rng = Rng::new(seed);
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("crash.db");
    let mut reported = Vec::new();

    // How long one run takes here, unkilled.
    let mut took = Vec::new();
    let mut k = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let o = mark(&store, k, "crash").output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        took.push(t.elapsed());
        reported.push(note("crash", k));
        k += 1;
    }
    took.sort();
    let mut typical = took[1];

    let (mut killed, mut finished) = (0, 0);
    let end = Instant::now() + LOOP;
    while Instant::now() < end && k < 2000 {
        let started = Instant::now();
        let mut child = mark(&store, k, "crash").spawn().unwrap();
        // Mostly around the end of a run, where the commit is; sometimes early.
        let at = if rng.chance(0.8) {
            0.5 + rng.unit()
        } else {
            rng.unit() * 0.5
        };
        let kill_at = started + typical.mul_f64(at);
        while Instant::now() < kill_at && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_micros(500));
        }
        // Learn how long a run takes now (the machine may be busy or idle): from runs that
        // finish, and a little longer each time a late kill found a run still going.
        if child.try_wait().unwrap().is_some() {
            typical = (typical * 3 + started.elapsed()) / 4;
        } else if at >= 0.5 {
            typical = typical.mul_f64(1.05);
        }
        let _ = child.kill(); // SIGKILL; nothing happens if it has exited already
        let o = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&o.stdout);
        // Reported saved: said so on stdout, whether or not it was killed afterwards.
        if stdout.starts_with("saved mark #") {
            reported.push(note("crash", k));
        }
        if o.status.success() {
            finished += 1;
        } else {
            assert_eq!(
                o.status.signal(),
                Some(9),
                "run {k} failed by itself: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            killed += 1;
        }
        k += 1;
    }
    eprintln!(
        "{k} runs: {killed} killed, {finished} finished, {} reported saved",
        reported.len()
    );
    assert!(killed >= 5, "the loop must kill runs ({killed} killed)");

    let notes = saved_notes(&store);
    eprintln!(
        "{} marks in the store: {} committed by runs killed before they could report",
        notes.len(),
        notes.len() - reported.len()
    );
    for n in &reported {
        assert!(
            notes.contains(n),
            "mark '{n}' was reported saved and is lost (seed {seed})"
        );
    }
    // Nothing appears that was never asked for, and nothing twice.
    assert!(notes.iter().all(|n| n.starts_with("crash ")));
    assert!(notes.len() <= k);

    // The store still takes marks after all that.
    let o = mark(&store, k, "crash").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(saved_notes(&store).contains(&note("crash", k)));
}

#[test]
fn two_processes_marking_at_once_lose_nothing() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    // Not created beforehand: both processes start on a missing store.
    let store = dir.path().join("busy").join("parallax.db");
    const EACH: usize = 12;
    let barrier = std::sync::Barrier::new(2);
    std::thread::scope(|s| {
        for (tag, offset) in [("one", 0), ("two", 1000)] {
            let (store, barrier) = (&store, &barrier);
            s.spawn(move || {
                barrier.wait();
                for i in 0..EACH {
                    let o = mark(store, offset + i, tag).output().unwrap();
                    assert!(
                        o.status.success(),
                        "{tag} {i}: {}",
                        String::from_utf8_lossy(&o.stderr)
                    );
                }
            });
        }
    });
    let notes = saved_notes(&store);
    assert_eq!(notes.len(), 2 * EACH);
    for i in 0..EACH {
        assert!(notes.contains(&note("one", i)));
        assert!(notes.contains(&note("two", 1000 + i)));
    }
}

#[test]
fn processes_creating_the_store_at_once_all_succeed() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    for round in 0..8 {
        let store = dir.path().join(format!("round{round}")).join("parallax.db");
        let children: Vec<_> = (0..3)
            .map(|k| mark(&store, k, "new").spawn().unwrap())
            .collect();
        for (k, c) in children.into_iter().enumerate() {
            let o = c.wait_with_output().unwrap();
            assert!(
                o.status.success(),
                "round {round}, process {k}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        assert_eq!(saved_notes(&store).len(), 3, "round {round}");
    }
}
