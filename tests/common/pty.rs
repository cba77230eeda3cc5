//! The real binary in a pseudo-terminal, for the tests that drive the reader as a person
//! would: a copy of the seeds to run it on, a pty, the command, and the output collected on a
//! thread (as bytes, or as the screen a terminal emulator shows).

use portable_pty::{native_pty_system, CommandBuilder, MasterPty, PtyPair, PtySize};
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A temporary folder holding `articles/`, a copy of the seeds (files only: not a
/// `.parallax/` left by earlier runs). The reader runs there on the relative path `articles`,
/// so that its title line fits 80 columns however long the checkout's path is.
pub fn seed_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("articles");
    std::fs::create_dir(&corpus).unwrap();
    for e in std::fs::read_dir(super::articles_dir()).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// A pseudo-terminal of `cols`x`rows`.
pub fn open((cols, rows): (u16, u16)) -> PtyPair {
    native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap()
}

/// `parallax args…` in `cwd`, with the terminal type the reader expects.
pub fn parallax(args: &[&str], cwd: &Path) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_parallax"));
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.cwd(cwd);
    cmd
}

/// Everything the terminal shows, fed on a thread to `sink` until the terminal closes.
pub fn read_into(master: &dyn MasterPty, mut sink: impl FnMut(&[u8]) + Send + 'static) {
    let mut reader = master.try_clone_reader().unwrap();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink(&buf[..n]);
        }
    });
}

/// Everything the terminal shows, as bytes.
pub fn collect(master: &dyn MasterPty) -> Arc<Mutex<Vec<u8>>> {
    let out = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&out);
    read_into(master, move |b| sink.lock().unwrap().extend_from_slice(b));
    out
}

/// Wait (20 s at most) until the output after byte `from` holds `what`.
pub fn wait_for(out: &Arc<Mutex<Vec<u8>>>, what: &str, from: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = {
            let b = out.lock().unwrap();
            String::from_utf8_lossy(&b[from.min(b.len())..]).into_owned()
        };
        if text.contains(what) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what:?}; output so far:\n{text:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
