//! The real binary in a pseudo-terminal, driven as a person would: open the seeds, pick 004
//! and 002, jump to a change, mark the row duplicate, mark the pair `copy` with the forum
//! thread as the copy, export json, quit. Then the export holds both marks and the terminal
//! was restored (cooked mode, main screen, cursor shown).

#![cfg(unix)]

mod common;
use portable_pty::CommandBuilder;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Screen {
    out: Arc<Mutex<Vec<u8>>>,
}

impl Screen {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.out.lock().unwrap()).into_owned()
    }

    /// Wait until the output since `from` holds `what`; the output length then.
    fn wait_for(&self, what: &str, from: usize) -> usize {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let bytes = self.out.lock().unwrap().clone();
            let tail = String::from_utf8_lossy(&bytes[from.min(bytes.len())..]).into_owned();
            if tail.contains(what) {
                return bytes.len();
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what:?}; screen output so far:\n{}",
                String::from_utf8_lossy(&bytes)
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

use common::pty::{assert_cooked, assert_restored, open as open_pty, seed_copy};

/// `program args…` with the terminal type the reader expects.
fn command(program: &str, args: &[&str]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(program);
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd
}

/// The reader started in a pseudo-terminal of `cols`x`rows`, its output collected.
fn spawn(
    args: &[&str],
    env: &[(&str, String)],
    cwd: Option<&std::path::Path>,
    size: (u16, u16),
) -> (
    Box<dyn portable_pty::Child + Send + Sync>,
    Box<dyn portable_pty::MasterPty + Send>,
    Screen,
) {
    let pty = open_pty(size);
    let mut cmd = command(env!("CARGO_BIN_EXE_parallax"), args);
    if let Some(d) = cwd {
        cmd.cwd(d);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let out = common::pty::collect(pty.master.as_ref());
    (child, pty.master, Screen { out })
}

#[test]
fn pick_mark_export_quit_in_a_pty() {
    let dir = seed_copy();
    let store = dir.path().join("marks.db");

    let (mut child, master, screen) = spawn(
        &[
            "tui",
            "articles",
            "--store",
            store.to_str().unwrap(),
            "--author",
            "e2e",
        ],
        &[],
        Some(dir.path()),
        (120, 40),
    );
    let mut keys = master.take_writer().unwrap();
    let mut send = |s: &str| {
        keys.write_all(s.as_bytes()).unwrap();
        keys.flush().unwrap();
        std::thread::sleep(Duration::from_millis(120));
    };

    let at = screen.wait_for("5 articles", 0);
    // 004 is the last article: G, Enter (left); 002 is the third: g j j Enter (right).
    send("G");
    send("\r");
    send("g");
    send("jj");
    send("\r");
    let at = screen.wait_for("left article is contained in the right", at);
    // Jump to changes: the third stop is DW ¶2 "Moscow says…" / 002 ¶5 "Moscow has said…".
    send("nnn");
    send("d");
    let at = screen.wait_for("marked", at);
    // The pair: the menu opens on "copy: right reposts left" (DW is the source).
    send("m");
    let at = screen.wait_for("mark the article pair", at);
    send("\r");
    let at = screen.wait_for("marked", at);
    send("e");
    let at = screen.wait_for("export all marks", at);
    send("\r");
    let at = screen.wait_for("exported", at);
    send("q");
    let _ = screen.wait_for("articles", at);
    send("q");

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "parallax did not quit");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        status.success(),
        "exit status {status:?}; output:\n{}",
        screen.text()
    );

    // The terminal is restored: main screen, cursor shown, cooked mode.
    std::thread::sleep(Duration::from_millis(200));
    assert_restored(&screen.text());
    assert_cooked(master.as_ref());

    // The export holds both marks.
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("parallax-marks.json")).unwrap(),
    )
    .unwrap();
    let marks = json["marks"].as_array().expect("marks");
    assert_eq!(marks.len(), 2, "{json:#}");
    let text = serde_json::to_string(&json).unwrap();
    assert!(text.contains("\"duplicate\""), "{text}");
    assert!(text.contains("\"copy\""), "{text}");
    let pair = marks
        .iter()
        .find(|m| m.to_string().contains("\"copy\""))
        .unwrap();
    assert_eq!(pair["source"], "left", "{pair:#}");
    assert!(pair.to_string().contains("004_930046805f83b52a"));
}

/// SIGTERM (a closed terminal window, `kill`) and a panic also restore the terminal.
#[test]
fn sigterm_restores_the_terminal() {
    ends_restored(None);
}

#[test]
fn a_panic_restores_the_terminal() {
    ends_restored(Some('!'));
}

fn ends_restored(panic_key: Option<char>) {
    let dir = seed_copy();
    let env: Vec<(&str, String)> = panic_key
        .map(|k| ("PARALLAX_TEST_PANIC_KEY", k.to_string()))
        .into_iter()
        .collect();
    let (mut child, master, screen) = spawn(
        &[
            "tui",
            "articles",
            "--store",
            dir.path().join("m.db").to_str().unwrap(),
        ],
        &env,
        Some(dir.path()),
        (80, 24),
    );
    screen.wait_for("5 articles", 0);
    match panic_key {
        Some(k) => {
            let mut w = master.take_writer().unwrap();
            w.write_all(k.to_string().as_bytes()).unwrap();
            w.flush().unwrap();
        }
        None => {
            let pid = child.process_id().expect("pid") as libc::pid_t;
            assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
        }
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "parallax did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    if panic_key.is_some() {
        assert!(!status.success(), "a panic is a failure exit");
        std::thread::sleep(Duration::from_millis(200));
        assert!(
            screen.text().contains("test panic"),
            "the panic message is shown"
        );
    }
    std::thread::sleep(Duration::from_millis(200));
    let all = screen.text();
    assert!(
        all.rfind("\u{1b}[?1049l") > all.rfind("\u{1b}[?1049h"),
        "left the alternate screen"
    );
    assert_cooked(master.as_ref());
}

/// The terminal goes away (its window closed, `tmux kill-server`, ssh dropped) and its tty
/// reads as end-of-file forever. The reader must end, not spin, even when no SIGHUP reaches
/// it: here it runs in a session of its own (`setsid`), so the hangup is all it gets.
#[test]
fn a_closed_terminal_ends_the_reader() {
    let dir = seed_copy();
    let pty = open_pty((80, 24));
    let mut cmd = command(
        "setsid",
        &[
            "-w",
            env!("CARGO_BIN_EXE_parallax"),
            "tui",
            "articles",
            "--store",
            dir.path().join("m.db").to_str().unwrap(),
        ],
    );
    cmd.cwd(dir.path());
    let mut setsid = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let sid = setsid.process_id().expect("pid");
    // A watchdog: should the list never be drawn, end the session so that the blocking read
    // below sees end-of-file and the test fails instead of hanging.
    let drawn = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    {
        let drawn = std::sync::Arc::clone(&drawn);
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(30));
            if !drawn.load(std::sync::atomic::Ordering::SeqCst) {
                unsafe { libc::kill(-(sid as libc::pid_t), libc::SIGKILL) };
                unsafe { libc::kill(sid as libc::pid_t, libc::SIGKILL) };
            }
        });
    }
    // Read on this thread until the list is drawn, so that no other handle of the terminal
    // stays open.
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("5 articles") {
        let n = reader.read(&mut buf).unwrap_or(0);
        assert!(
            n > 0,
            "the reader ended (or was stopped after 30 s) before drawing"
        );
        seen.extend_from_slice(&buf[..n]);
    }
    drawn.store(true, std::sync::atomic::Ordering::SeqCst);
    let children = std::fs::read_to_string(format!("/proc/{sid}/task/{sid}/children")).unwrap();
    let pid: libc::pid_t = children
        .split_whitespace()
        .next()
        .expect("the reader runs under setsid")
        .parse()
        .unwrap();
    // Running: not gone, not a zombie.
    let alive = |pid: libc::pid_t| {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|s| s.rsplit(") ").next().map(|r| !r.starts_with('Z')))
            .unwrap_or(false)
    };
    assert!(alive(pid));
    // Close the terminal: every handle of its master side.
    drop(reader);
    drop(pty.master);
    let deadline = Instant::now() + Duration::from_secs(10);
    while alive(pid) {
        if Instant::now() > deadline {
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("parallax still running 10 s after its terminal closed");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = setsid.wait();
}

/// `parallax compare A B | less`: stdout is a pipe, but stderr is the terminal the pipe's
/// reader shows it on. The report takes that terminal's width (side by side at 100 columns),
/// and wraps rather than cuts its last line.
#[test]
fn compare_into_a_pipe_takes_the_width_of_the_terminal_on_stderr() {
    let dir = seed_copy();
    let out = dir.path().join("report.txt");
    for (cols, side_by_side) in [(100u16, true), (60, false)] {
        let pty = open_pty((cols, 24));
        let mut cmd = command(
            "sh",
            &[
                "-c",
                &format!(
                    "'{}' compare --corpus articles 004 002 | cat > '{}'",
                    env!("CARGO_BIN_EXE_parallax"),
                    out.display()
                ),
            ],
        );
        cmd.cwd(dir.path());
        cmd.env_remove("COLUMNS");
        let mut child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let deadline = Instant::now() + Duration::from_secs(20);
        while child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "compare did not finish");
            std::thread::sleep(Duration::from_millis(50));
        }
        let report = std::fs::read_to_string(&out).unwrap();
        let widest = report
            .lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap();
        assert!(widest <= cols as usize, "{widest} columns at {cols}");
        assert_eq!(
            report.contains('│'),
            side_by_side,
            "side by side at {cols} columns"
        );
        let last = report.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
        assert!(!last.ends_with('…'), "the last line is cut: {last}");
        assert!(
            report.contains("(--full") && report.contains("them)"),
            "{report}"
        );
    }
}
