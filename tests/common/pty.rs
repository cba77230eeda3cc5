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

/// The binary running in a pseudo-terminal, seen through a terminal emulator (vt100): the
/// screen it shows, the raw bytes it wrote, keys typed into it.
pub struct Term {
    vt: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    keys: Box<dyn std::io::Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
}

impl Term {
    /// Start `cmd` in a terminal of `cols`x`rows`.
    pub fn start(cmd: CommandBuilder, (cols, rows): (u16, u16)) -> Term {
        let p = open((cols, rows));
        let child = p.slave.spawn_command(cmd).unwrap();
        drop(p.slave);
        let vt = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).unwrap(),
            std::num::NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (sv, sr) = (Arc::clone(&vt), Arc::clone(&raw));
        read_into(p.master.as_ref(), move |b| {
            sv.lock().unwrap().process(b);
            sr.lock().unwrap().extend_from_slice(b);
        });
        let keys = p.master.take_writer().unwrap();
        Term {
            vt,
            raw,
            keys,
            child,
            master: p.master,
        }
    }

    /// The screen's text now.
    pub fn screen(&self) -> String {
        self.vt.lock().unwrap().screen().contents()
    }

    /// Everything written to the terminal so far.
    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// Wait (30 s at most) until the screen shows `what`.
    pub fn wait_for(&self, what: &str) {
        self.wait_until(what, |s| s.contains(what));
    }

    /// Wait (30 s at most) until the screen is as `done` wants it (`what` says what for).
    pub fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let s = self.screen();
            if done(&s) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what:?}; the screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Make the terminal `cols`x`rows` (the emulator first, then the pty, which signals the
    /// program), then give the program a moment to draw again.
    #[allow(dead_code)]
    pub fn resize(&self, (cols, rows): (u16, u16)) {
        self.vt.lock().unwrap().set_size(
            std::num::NonZeroU16::new(rows).unwrap(),
            std::num::NonZeroU16::new(cols).unwrap(),
        );
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        std::thread::sleep(Duration::from_millis(300));
    }

    /// Type `keys` at once, then give the program a moment.
    pub fn send(&mut self, keys: &str) {
        self.keys.write_all(keys.as_bytes()).unwrap();
        self.keys.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Type `keys` one by one, as a person types (an Esc is not read as Alt with the next key).
    pub fn type_keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let mut b = [0u8; 4];
            self.keys
                .write_all(c.encode_utf8(&mut b).as_bytes())
                .unwrap();
            self.keys.flush().unwrap();
            std::thread::sleep(Duration::from_millis(40));
        }
        std::thread::sleep(Duration::from_millis(150));
    }

    /// The program ends by itself (20 s at most), successfully.
    pub fn ends(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                assert!(st.success(), "exit {st:?}");
                return;
            }
            assert!(
                Instant::now() < deadline,
                "did not quit; the screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The program ends by itself, successfully, and gives the terminal back: the alternate
    /// screen left, the cursor shown, canonical mode and echo on.
    pub fn ends_restored(mut self) {
        self.ends();
        std::thread::sleep(Duration::from_millis(200));
        assert_restored(&self.raw());
        assert_cooked(self.master.as_ref());
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
        }
    }
}

/// What the program wrote leaves the terminal as it found it: the alternate screen left after
/// it was entered, the cursor shown again.
pub fn assert_restored(all: &str) {
    let leave = all
        .rfind("\u{1b}[?1049l")
        .expect("left the alternate screen");
    let enter = all
        .rfind("\u{1b}[?1049h")
        .expect("entered the alternate screen");
    assert!(leave > enter);
    assert!(
        all[leave..].contains("\u{1b}[?25h")
            || all[..leave].rfind("\u{1b}[?25h") > all[..leave].rfind("\u{1b}[?25l"),
        "cursor shown again"
    );
}

/// The pty is back in cooked mode: canonical input and echo.
pub fn assert_cooked(master: &dyn MasterPty) {
    let fd = master.as_raw_fd().expect("master fd");
    let mut t: libc::termios = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::tcgetattr(fd, &mut t) }, 0);
    assert_ne!(t.c_lflag & libc::ICANON, 0, "canonical mode back on");
    assert_ne!(t.c_lflag & libc::ECHO, 0, "echo back on");
}
