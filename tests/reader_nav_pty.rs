//! `parallax A B` in a pseudo-terminal: the reader opens straight on that comparison.

#![cfg(unix)]

mod common;
use common::pty;
use std::io::Write;
use std::time::{Duration, Instant};

#[test]
fn parallax_a_b_opens_the_comparison() {
    let dir = pty::seed_copy();
    let p = pty::open((80, 24));
    // One by id prefix, one by path.
    let mut cmd = pty::parallax(&["004", "articles/002_74ca31117742919c.txt"], dir.path());
    cmd.env("PARALLAX_AUTHOR", "tester");
    let mut child = p.slave.spawn_command(cmd).unwrap();
    drop(p.slave);
    let out = pty::collect(p.master.as_ref());
    // The comparison, aligned: its status line and its row counter (short while a message
    // shows: `1/97`).
    pty::wait_for(&out, "aligned:", 0);
    pty::wait_for(&out, "1/97", 0);
    let mut w = p.master.take_writer().unwrap();
    // q goes back to the article list, q again quits.
    w.write_all(b"q").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    w.write_all(b"q").unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            assert!(st.success(), "{st:?}");
            break;
        }
        assert!(Instant::now() < deadline, "the reader did not quit");
        std::thread::sleep(Duration::from_millis(50));
    }
}
