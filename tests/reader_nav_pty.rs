//! `parallax A B` in a pseudo-terminal: the reader opens straight on that comparison.

#![cfg(unix)]

mod common;
use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn wait_for(out: &Arc<Mutex<Vec<u8>>>, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = String::from_utf8_lossy(&out.lock().unwrap()).into_owned();
        if text.contains(what) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what:?}; output so far:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(30));
    }
}

#[test]
fn parallax_a_b_opens_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("articles");
    std::fs::create_dir(&corpus).unwrap();
    for e in std::fs::read_dir(common::articles_dir()).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
        }
    }
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_parallax"));
    // One by id prefix, one by path.
    cmd.args(["004", "articles/002_74ca31117742919c.txt"]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("PARALLAX_AUTHOR", "tester");
    cmd.cwd(dir.path());
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let out = Arc::new(Mutex::new(Vec::new()));
    let mut reader = pty.master.try_clone_reader().unwrap();
    let sink = Arc::clone(&out);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    // The comparison, aligned: its status line and its row counter.
    wait_for(&out, "aligned:");
    // (short while a message shows: `1/97`).
    wait_for(&out, "1/97");
    let mut w = pty.master.take_writer().unwrap();
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
