//! Reading one article in a pseudo-terminal, as a person would (issue #18): the reader on a
//! copy of the seeds, `002` opened alone, a jump from a covered paragraph into its
//! comparison with `004`, back, quit; the terminal restored. And `parallax show` paging.

#![cfg(unix)]

mod common;
use common::pty;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Term {
    vt: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    keys: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Term {
    fn start(args: &[&str], dir: &std::path::Path, env: &[(&str, &str)]) -> Term {
        let (w, h) = (80u16, 24u16);
        let p = pty::open((w, h));
        let mut cmd = pty::parallax(args, dir);
        cmd.env("PARALLAX_AUTHOR", "tester");
        cmd.env_remove("PAGER");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = p.slave.spawn_command(cmd).unwrap();
        drop(p.slave);
        let vt = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(h).unwrap(),
            std::num::NonZeroU16::new(w).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (sv, sr) = (Arc::clone(&vt), Arc::clone(&raw));
        pty::read_into(p.master.as_ref(), move |b| {
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

    fn screen(&self) -> String {
        self.vt.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let s = self.screen();
            if s.contains(what) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what:?}; the screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn send(&mut self, keys: &str) {
        self.keys.write_all(keys.as_bytes()).unwrap();
        self.keys.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }

    /// The reader ends by itself, successfully, and gives the terminal back.
    fn ends_restored(mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                assert!(st.success(), "{st:?}");
                break;
            }
            assert!(
                Instant::now() < deadline,
                "did not quit; the screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        std::thread::sleep(Duration::from_millis(200));
        let all = String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned();
        let leave = all
            .rfind("\u{1b}[?1049l")
            .expect("left the alternate screen");
        let enter = all
            .rfind("\u{1b}[?1049h")
            .expect("entered the alternate screen");
        assert!(leave > enter);
        assert!(all[leave..].contains("\u{1b}[?25h") || all[..leave].contains("\u{1b}[?25h"));
        let fd = self.master.as_raw_fd().expect("master fd");
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::tcgetattr(fd, &mut t) }, 0);
        assert_ne!(t.c_lflag & libc::ICANON, 0, "canonical mode back on");
        assert_ne!(t.c_lflag & libc::ECHO, 0, "echo back on");
    }
}

fn read_002_and_jump_to_004(env: &[(&str, &str)]) {
    let dir = pty::seed_copy();
    let mut t = Term::start(&["articles"], dir.path(), env);
    // The scan is done (coverage is known) once the title says how many pairs share text.
    t.wait_for("pair shares text");
    // 002 is the third article: j j, then v reads it alone.
    t.send("jj");
    t.send("v");
    t.wait_for("002_74ca31117742919c · Nagorno-Karabakh");
    t.wait_for("byline   Vafa Ismayilova");
    // ¶5 is the first paragraph 004 holds: the view names it.
    t.send("5G");
    t.wait_for("↳ found in 004_930046805f83b52a");
    t.wait_for("¶5/95");
    // Enter: the comparison with 004, at ¶5's row.
    t.send("\r");
    t.wait_for("aligned:");
    let s = t.screen();
    assert!(
        s.contains("L 002_74ca3111") && s.contains("R 004_93004680"),
        "{s}"
    );
    assert!(s.contains("¶5   Moscow has said soldiers"), "{s}");
    // q: back in the article, on ¶5.
    t.send("q");
    t.wait_for("¶5/95");
    assert!(t.screen().contains("↳ found in 004_930046805f83b52a"));
    // q: the list, the cursor still on 002; q quits.
    t.send("q");
    t.wait_for("✎ ID");
    t.send("q");
    t.ends_restored();
}

#[test]
fn read_002_alone_jump_into_its_comparison_with_004_and_back() {
    read_002_and_jump_to_004(&[]);
}

#[test]
fn the_same_without_colour() {
    read_002_and_jump_to_004(&[("NO_COLOR", "1")]);
}

#[test]
fn show_on_a_terminal_pages_through_the_article_view_and_q_quits() {
    let dir = pty::seed_copy();
    let mut t = Term::start(&["show", "004"], dir.path(), &[("PAGER", "cat")]);
    t.wait_for("004_930046805f83b52a · Nagorno-Karabakh");
    t.wait_for("¶0/20");
    t.send(" ");
    t.send("/moscow\r");
    // From the cursor (Space moved it down the page): a hit of five.
    t.wait_for("of 5 · ¶");
    t.send("q");
    t.ends_restored();
}

#[test]
fn show_plain_on_a_terminal_prints_as_in_a_pipe() {
    let dir = pty::seed_copy();
    let t = Term::start(&["show", "004", "--plain"], dir.path(), &[]);
    t.wait_for("¶20");
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut child = t.child;
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            assert!(st.success(), "{st:?}");
            break;
        }
        assert!(Instant::now() < deadline, "show --plain did not end");
        std::thread::sleep(Duration::from_millis(50));
    }
    let all = String::from_utf8_lossy(&t.raw.lock().unwrap()).into_owned();
    assert!(!all.contains("\u{1b}[?1049h"), "no alternate screen");
    assert!(all.contains("title    Nagorno-Karabakh"), "{all}");
}
