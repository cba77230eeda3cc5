//! A hostile terminal user and hostile text for the terminal (issue #13): absurd widths,
//! `--json` holding C1 controls and bidi overrides, signals to the reader (in a pty), and
//! grapheme clusters whose width terminals disagree on.

mod common;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn parallax_env(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_parallax"));
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().expect("runs");
    // A watchdog against a hang (not a pass/fail on time): the assertions are on the output.
    let pid = child.id();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watch = std::sync::Arc::clone(&done);
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(300);
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(200));
            if watch.load(std::sync::atomic::Ordering::SeqCst) {
                return;
            }
        }
        #[cfg(unix)]
        // SAFETY: kill(2) on the child, which is not yet reaped (`done` is unset).
        unsafe {
            libc::kill(pid as libc::pid_t, libc::SIGKILL);
        }
    });
    let out = child.wait_with_output().expect("waits");
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    out
}

fn parallax(args: &[&str], cwd: &Path) -> Output {
    parallax_env(args, cwd, &[])
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn widest_line(s: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    s.lines().map(|l| l.width()).max().unwrap_or(0)
}

// --- Widths -------------------------------------------------------------------------------

/// `--width` beyond any terminal used to abort on allocation (u64::MAX) or run for minutes
/// (2^32): widths are clamped to 40..=1000 columns.
#[test]
fn absurd_report_widths_are_clamped() {
    let (dir, _) = common::temp_corpus(&["004", "002"]);
    let root = dir.path();
    let c = root.to_str().unwrap();
    let run = |w: &str| {
        parallax(
            &["compare", "004", "002", "--corpus", c, "--width", w],
            root,
        )
    };
    let widest_allowed = stdout(&run("1000"));
    assert!(widest_line(&widest_allowed) <= 1000);
    for w in [
        "18446744073709551615",
        "4294967296",
        "99999999999999999999999",
        "1001",
    ] {
        let o = run(w);
        assert!(
            o.status.success(),
            "--width {w}: {:?} {}",
            o.status,
            stderr(&o)
        );
        assert_eq!(
            stdout(&o),
            widest_allowed,
            "--width {w} is the widest width"
        );
    }
    // Too narrow: the floor.
    let narrowest = stdout(&run("40"));
    for w in ["0", "1", "39"] {
        let o = run(w);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(stdout(&o), narrowest, "--width {w} is the narrowest width");
    }
    // Not a number: a clear usage error.
    let o = run("wide");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("width"), "{}", stderr(&o));
}

/// `COLUMNS` is read for `list`, `show`, `search` and `compare` in a pipe: clamped the same.
#[test]
fn absurd_columns_are_clamped() {
    let (dir, _) = common::temp_corpus(&["004", "002"]);
    let root = dir.path();
    for cols in ["99999999999", "18446744073709551615", "4294967296"] {
        for args in [
            &["list"][..],
            &["show", "004"][..],
            &["compare", "004", "002"][..],
            &["search", "peacekeeping"][..],
        ] {
            let mut args = args.to_vec();
            args.extend(["--corpus", root.to_str().unwrap()]);
            let o = parallax_env(&args, root, &[("COLUMNS", cols)]);
            assert!(
                o.status.success(),
                "COLUMNS={cols} {args:?}: {:?} {}",
                o.status,
                stderr(&o)
            );
            let widest = widest_line(&stdout(&o));
            assert!(widest <= 1000, "COLUMNS={cols} {args:?}: {widest} columns");
        }
    }
}

#[test]
fn help_tells_the_width_range() {
    let o = parallax(&["compare", "--help"], root());
    let h = stdout(&o);
    assert!(h.contains("40") && h.contains("1000"), "{h}");
}

// --- JSON to a terminal ------------------------------------------------------------------

/// C1 controls (`CSI` is U+009B: `\u{9b}31m` paints the terminal red), bidi overrides,
/// isolates and marks.
const HOSTILE_CHARS: &[char] = &[
    '\u{80}', '\u{85}', '\u{9b}', '\u{9f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}',
    '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}',
];

fn hostile_text(n: usize) -> String {
    // Long enough and shared enough for the scan to pair the articles and find passages.
    let words = [
        "Moscow",
        "says",
        "soldiers",
        "from",
        "Azerbaijan",
        "have",
        "violated",
        "a",
        "peace",
        "deal",
        "with",
        "Armenia",
        "over",
        "the",
        "region",
    ];
    let mut s = String::new();
    for k in 0..n {
        s.push_str(words[k % words.len()]);
        let c = HOSTILE_CHARS[k % HOSTILE_CHARS.len()];
        if k % 3 == 0 {
            s.push(c);
            s.push_str("31m");
        }
        s.push(' ');
    }
    s.trim_end().to_string()
}

/// A corpus of two articles whose titles, text and file names hold every hostile character.
fn hostile_corpus() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let title = "Breaking\u{9b}2J news \u{202e}txt.exe\u{2069} x\u{85}y".to_string();
    let body = hostile_text(120);
    let a = format!("{title}\n\n{body}\n\nA paragraph of its own\u{9b} here.\n\n{body}\n");
    let b = format!("Other \u{2066}title\u{2069}\n\n{body}\n\nAnother\u{202d} paragraph.\n");
    std::fs::write(dir.path().join("a\u{9b}1.txt"), a).unwrap();
    std::fs::write(dir.path().join("b.txt"), b).unwrap();
    (dir, title, body)
}

fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings(x, out)
        }),
        _ => {}
    }
}

/// `--json` output escapes C1 controls and bidi controls (`\u009b`) wherever it goes, and the
/// JSON still parses back to the original text.
#[test]
fn json_escapes_c1_and_bidi_controls() {
    let (dir, title, body) = hostile_corpus();
    let c = dir.path().to_str().unwrap();
    // Build the cache (and its full-text index) first.
    assert!(parallax(&["list", "--corpus", c], dir.path())
        .status
        .success());
    let ids: Vec<String> = {
        let o = parallax(&["list", "--json", "--corpus", c], dir.path());
        let v: Value = serde_json::from_slice(&o.stdout).expect("list --json parses");
        v["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids.len(), 2, "{ids:?}");
    let (a, b) = if ids[0].starts_with('a') {
        (ids[0].clone(), ids[1].clone())
    } else {
        (ids[1].clone(), ids[0].clone())
    };
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (vec!["list", "--json"], vec![&title]),
        (vec!["show", &a, "--json"], vec![&title, &body]),
        (vec!["compare", &a, &b, "--json"], vec![&title, &body]),
        (vec!["search", "a paragraph of its", "--json"], vec![&title]),
        (vec!["scan", "--json"], vec![]),
        (vec!["coverage", &a, "--json"], vec![]),
    ];
    for (args, want) in cases {
        let mut args = args.clone();
        args.extend(["--corpus", c]);
        let o = parallax(&args, dir.path());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let text = stdout(&o);
        for ch in HOSTILE_CHARS {
            assert!(
                !text.contains(*ch),
                "{args:?}: U+{:04X} written raw",
                *ch as u32
            );
        }
        let v: Value = serde_json::from_str(&text).expect("valid JSON");
        let mut all = Vec::new();
        strings(&v, &mut all);
        for w in want {
            assert!(
                all.iter().any(|s| s.contains(w)),
                "{args:?}: {w:?} not found back in the JSON"
            );
        }
        // Every hostile character that went in comes back out of the JSON.
        if args[0] != "scan" && args[0] != "coverage" {
            assert!(
                all.iter().any(|s| s.contains('\u{9b}')),
                "{args:?}: the text round-trips"
            );
            assert!(text.contains("\\u009b"), "{args:?}: escaped as \\u009b");
        }
    }
}

// --- Signals to the reader, in a pseudo-terminal -----------------------------------------

#[cfg(unix)]
mod pty {
    // (the pty and its output: tests/common/pty.rs)
    use std::io::Write;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    pub struct Reader {
        pub child: Box<dyn portable_pty::Child + Send + Sync>,
        pub master: Box<dyn portable_pty::MasterPty + Send>,
        pub keys: Mutex<Box<dyn std::io::Write + Send>>,
        pub out: Arc<Mutex<Vec<u8>>>,
        pub _dir: tempfile::TempDir,
    }

    impl Reader {
        /// The reader on a copy of the seeds, with mouse reporting on, in an 80x24 pty. It
        /// runs in the copy's folder, so that the title line (which shows the corpus path)
        /// fits 80 columns wherever the tests run.
        pub fn start() -> Reader {
            let (dir, _) = super::common::temp_corpus(&["000", "001", "002", "003", "004"]);
            let pty = super::common::pty::open((80, 24));
            let cmd = super::common::pty::parallax(
                &["tui", ".", "--mouse", "--store", "m.db"],
                dir.path(),
            );
            let child = pty.slave.spawn_command(cmd).unwrap();
            drop(pty.slave);
            let out = super::common::pty::collect(pty.master.as_ref());
            let keys = Mutex::new(pty.master.take_writer().unwrap());
            let r = Reader {
                child,
                keys,
                master: pty.master,
                out,
                _dir: dir,
            };
            r.wait_for("5 articles", 0);
            r
        }

        pub fn len(&self) -> usize {
            self.out.lock().unwrap().len()
        }

        /// The output since byte `from`.
        pub fn since(&self, from: usize) -> String {
            let b = self.out.lock().unwrap();
            String::from_utf8_lossy(&b[from.min(b.len())..]).into_owned()
        }

        /// Wait until the output since `from` holds `what`.
        pub fn wait_for(&self, what: &str, from: usize) {
            let deadline = Instant::now() + Duration::from_secs(20);
            while !self.since(from).contains(what) {
                assert!(
                    Instant::now() < deadline,
                    "timed out waiting for {what:?}; output since:\n{:?}",
                    self.since(from)
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }

        pub fn pid(&self) -> libc::pid_t {
            self.child.process_id().expect("pid") as libc::pid_t
        }

        pub fn signal(&self, sig: libc::c_int) {
            assert_eq!(unsafe { libc::kill(self.pid(), sig) }, 0);
        }

        pub fn send(&self, bytes: &[u8]) {
            let mut w = self.keys.lock().unwrap();
            w.write_all(bytes).unwrap();
            w.flush().unwrap();
        }

        /// The process state letter from /proc (`T` stopped, `S` sleeping, `R` running).
        pub fn state(&self) -> char {
            let s = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).unwrap();
            s.rsplit(") ").next().unwrap().chars().next().unwrap()
        }

        pub fn wait_state(&self, want: impl Fn(char) -> bool, what: &str) {
            let deadline = Instant::now() + Duration::from_secs(20);
            while !want(self.state()) {
                assert!(Instant::now() < deadline, "the reader never got {what}");
                std::thread::sleep(Duration::from_millis(20));
            }
        }

        pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                if let Some(s) = self.child.try_wait().unwrap() {
                    return s;
                }
                if Instant::now() > deadline {
                    let _ = self.child.kill();
                    panic!("the reader did not end; output:\n{:?}", self.since(0));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }

        /// The pty's termios: (canonical input, echo).
        pub fn modes(&self) -> (bool, bool) {
            let fd = self.master.as_raw_fd().expect("master fd");
            let mut t: libc::termios = unsafe { std::mem::zeroed() };
            assert_eq!(unsafe { libc::tcgetattr(fd, &mut t) }, 0);
            (t.c_lflag & libc::ICANON != 0, t.c_lflag & libc::ECHO != 0)
        }
    }

    impl Drop for Reader {
        fn drop(&mut self) {
            if self.child.try_wait().ok().flatten().is_none() {
                unsafe { libc::kill(self.pid(), libc::SIGCONT) };
                let _ = self.child.kill();
            }
        }
    }

    /// What a restored terminal got: main screen, cursor shown, mouse reporting off.
    pub fn assert_restored(out: &str, what: &str) {
        for (seq, name) in [
            ("\u{1b}[?1049l", "left the alternate screen"),
            ("\u{1b}[?25h", "showed the cursor"),
            ("\u{1b}[?1000l", "turned mouse reporting off"),
        ] {
            assert!(out.contains(seq), "{what}: never {name}; output: {out:?}");
        }
    }
}

/// `kill -INT` and `kill -QUIT` restore the terminal as SIGTERM does, and exit 130 and 131.
#[cfg(unix)]
#[test]
fn sigint_and_sigquit_restore_the_terminal() {
    for sig in [libc::SIGINT, libc::SIGQUIT, libc::SIGTERM] {
        let mut r = pty::Reader::start();
        assert_eq!(r.modes(), (false, false), "raw mode while it runs");
        let at = r.len();
        r.signal(sig);
        let status = r.wait_exit();
        for seq in ["\u{1b}[?1049l", "\u{1b}[?25h", "\u{1b}[?1000l"] {
            r.wait_for(seq, at);
        }
        pty::assert_restored(&r.since(at), &format!("signal {sig}"));
        assert_eq!(r.modes(), (true, true), "signal {sig}: cooked mode back");
        assert_eq!(
            status.exit_code(),
            128 + sig as u32,
            "signal {sig}: {status:?}"
        );
    }
}

/// `kill -TSTP` (or Ctrl-Z, a key in raw mode) restores the terminal and stops the reader;
/// `kill -CONT` (the shell's `fg`) puts it back in raw mode on the alternate screen and
/// redraws it.
#[cfg(unix)]
#[test]
fn suspend_and_resume() {
    for how in ["SIGTSTP", "Ctrl-Z"] {
        let mut r = pty::Reader::start();
        let at = r.len();
        match how {
            "SIGTSTP" => r.signal(libc::SIGTSTP),
            _ => r.send(b"\x1a"),
        }
        r.wait_state(|s| s == 'T', &format!("stopped by {how}"));
        // What it wrote before stopping reaches this side of the pty a moment later.
        for seq in ["\u{1b}[?1049l", "\u{1b}[?25h", "\u{1b}[?1000l"] {
            r.wait_for(seq, at);
        }
        pty::assert_restored(&r.since(at), how);
        assert_eq!(r.modes(), (true, true), "{how}: cooked while stopped");

        let at = r.len();
        r.signal(libc::SIGCONT);
        r.wait_state(|s| s != 'T', "running again");
        r.wait_for("5 articles", at);
        let out = r.since(at);
        assert!(
            out.contains("\u{1b}[?1049h"),
            "{how}: back on the alternate screen"
        );
        assert!(out.contains("\u{1b}[?25l"), "{how}: cursor hidden again");
        assert!(
            out.contains("\u{1b}[?1000h"),
            "{how}: mouse reporting on again"
        );
        assert_eq!(r.modes(), (false, false), "{how}: raw mode again");
        // And it still answers keys: `q` quits cleanly.
        r.send(b"q");
        let status = r.wait_exit();
        assert!(status.success(), "{how}: {status:?}");
    }
}

/// Ctrl-Z is a key in raw mode: it suspends from every screen, even while typing, and the
/// help lists it (one keymap drives keys and help).
#[test]
fn ctrl_z_suspends_from_anywhere() {
    use parallax::tui::action::Action;
    use parallax::tui::keymap;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
    let mut app = common::tui_app(80, 24);
    assert_eq!(keymap::dispatch(&app, ctrl_z), Some(Action::Suspend));
    common::drive(&mut app, [Action::StartFilter]);
    assert_eq!(
        keymap::dispatch(&app, ctrl_z),
        Some(Action::Suspend),
        "typing"
    );
    assert!(keymap::help_lines("suspend", keymap::Context::Picker)
        .iter()
        .any(|(_, keys, _)| *keys == "Ctrl-z"));
    let effects = parallax::tui::update::update(&mut app, Action::Suspend);
    assert!(matches!(
        effects.as_slice(),
        [parallax::tui::update::Effect::Suspend]
    ));
}

// --- Grapheme clusters in the reader's layout ---------------------------------------------

/// A paragraph per class of cluster terminals draw at different widths: emoji ZWJ sequences,
/// flags (and a lone regional indicator), stacked combining marks, Devanagari conjuncts,
/// emoji with a skin tone or a presentation selector, keycaps, halfwidth katakana voiced
/// marks; each also as a long run without spaces, which the wrap must break.
fn cluster_paragraphs(right: bool) -> Vec<String> {
    let (family, flag) = if right {
        ("👨\u{200d}👩\u{200d}👦", "🇬🇧")
    } else {
        ("👨\u{200d}👩\u{200d}👧", "🇺🇸")
    };
    let zalgo = "t\u{338}\u{322}\u{31b}\u{31b}\u{31e}\u{318}\u{31d}\u{354}\u{329}\u{31c}\u{32f}\u{33c}\u{347}\u{32c}\u{332}\u{33c}\u{304}\u{306}\u{343}\u{34b}\u{357}\u{300}\u{34a}\u{344}\u{35c}\u{35d}ext";
    vec![
        "Hostile clusters in a wire story".to_string(),
        format!(
            "The family {family} and the coder 👩\u{200d}💻 stood under the 🏳\u{fe0f}\u{200d}🌈 flag in the square on Monday, officials said."
        ),
        format!(
            "Flags 🇺🇦{flag}🇩🇪 and a lone 🇫 letter were shown by the agency in its report on Monday, officials said."
        ),
        format!("The {zalgo} with stacked marks z\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}\u{308}\u{309} was posted on Monday, officials said."),
        "Devanagari क्षत्रिय श्रीमान् हिन्दी संस्कृत द्वार्त्य conjuncts were quoted on Monday, officials said.".to_string(),
        "A thumbs up 👍🏽 and a heart ❤\u{fe0f} and keycap 1\u{fe0f}\u{20e3} with ｶﾞｷﾞ and لا were sent on Monday, officials said.".to_string(),
        format!("{}{}", family.repeat(24), flag.repeat(3)),
        format!("{}🇫", "🇺🇦".repeat(30)),
        "क्षत्रिय".repeat(12),
        zalgo.repeat(6),
        "👍🏽❤\u{fe0f}1\u{fe0f}\u{20e3}".repeat(10),
    ]
}

fn cluster_app(w: u16, h: u16) -> parallax::tui::state::App {
    use parallax::tui::action::Action;
    use std::sync::Arc;
    let left = common::article("left", &cluster_paragraphs(false).join("\n\n"));
    let right = common::article("right", &cluster_paragraphs(true).join("\n\n"));
    let mut app =
        parallax::tui::state::App::new(vec![Arc::new(left), Arc::new(right)], Vec::new(), "corpus");
    app.color = false;
    common::drive(
        &mut app,
        [
            Action::Resize(w, h),
            Action::Top,
            Action::Pick,
            Action::Down,
            Action::Pick,
        ],
    );
    assert!(
        app.compare.as_ref().is_some_and(|c| c.comparison.is_some()),
        "the pair is open"
    );
    app
}

/// The columns ratatui gives a cell's symbol (as `Buffer::set_stringn` lays it out).
fn cell_columns(sym: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    if sym.len() == 1 {
        1
    } else {
        sym.width()
    }
}

/// The columns a terminal that advances per code point (xterm, VTE, tmux, glibc's wcwidth)
/// gives the same symbol.
fn codepoint_columns(sym: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    sym.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Every cell of the buffer is as wide for ratatui as for a terminal that advances per code
/// point, so no line runs past its width and the gutter stays where it is drawn.
fn assert_terminal_agrees(buf: &ratatui::buffer::Buffer, what: &str) {
    use parallax::tui::layout::{pane_width, FOOTER_H, GUTTER_W, HEADER_H, NUM_W};
    let (w, h) = (buf.area.width, buf.area.height);
    let bar = NUM_W + pane_width(w) + GUTTER_W - 2;
    for y in 0..h {
        let mut x = 0u16;
        let mut at = 0usize;
        let mut line = String::new();
        while x < w {
            let sym = buf[(x, y)].symbol();
            let rw = cell_columns(sym).max(1);
            let cw = codepoint_columns(sym);
            assert_eq!(
                cw,
                rw,
                "{what}: line {y} column {x}: {sym:?} ({}) takes {rw} columns in the buffer, {cw} on a terminal",
                sym.escape_unicode()
            );
            if (HEADER_H as u16..h - FOOTER_H as u16).contains(&y) && at == bar {
                assert_eq!(
                    sym, "│",
                    "{what}: the gutter of line {y} is at column {bar}"
                );
            }
            line.push_str(sym);
            at += cw;
            x += rw as u16;
        }
        assert!(
            at <= w as usize,
            "{what}: line {y} takes {at} columns: {line}"
        );
    }
}

#[test]
fn clusters_keep_the_layout_at_80x24() {
    use parallax::tui::action::Action;
    let mut app = cluster_app(80, 24);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| parallax::tui::view::draw(f, &app)).unwrap();
    insta::assert_snapshot!("hostile_clusters_80x24", t.backend());
    assert_terminal_agrees(t.backend().buffer(), "top");
    // Every row, at the top of the screen in turn, and without wrapping.
    for k in 0..12 {
        common::drive(&mut app, [Action::Down]);
        t.draw(|f| parallax::tui::view::draw(f, &app)).unwrap();
        assert_terminal_agrees(t.backend().buffer(), &format!("row {k}"));
    }
    common::drive(&mut app, [Action::ToggleWrap, Action::Top]);
    t.draw(|f| parallax::tui::view::draw(f, &app)).unwrap();
    assert_terminal_agrees(t.backend().buffer(), "no wrap");
}

/// The reader's actual output (ratatui's diffs, frame after frame) fed to a terminal emulator
/// shows what ratatui holds in its buffer: no shifted text, no stale cells.
#[test]
fn a_terminal_shows_what_the_reader_drew() {
    use parallax::tui::action::Action;
    use ratatui::layout::Rect;
    let (w, h) = (80u16, 24u16);
    let mut app = cluster_app(w, h);
    #[derive(Clone, Default)]
    struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
    impl std::io::Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let written = Shared::default();
    let backend = ratatui::backend::CrosstermBackend::new(written.clone());
    let mut t = ratatui::Terminal::with_options(
        backend,
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )
    .unwrap();
    let nz = |n: u16| std::num::NonZeroU16::new(n).unwrap();
    let mut vt = vt100::Parser::new(nz(h), nz(w), 0);
    for step in 0..14 {
        let frame = t.draw(|f| parallax::tui::view::draw(f, &app)).unwrap();
        let buf = frame.buffer.clone();
        let bytes = std::mem::take(&mut *written.0.lock().unwrap());
        vt.process(&bytes);
        for y in 0..h {
            let mut want = String::new();
            let mut x = 0;
            while x < w {
                let sym = buf[(x, y)].symbol();
                want.push_str(sym);
                x += cell_columns(sym).max(1) as u16;
            }
            let got = vt.screen().contents_between(y, 0, y, w);
            assert_eq!(
                got.trim_end(),
                want.trim_end(),
                "step {step}, line {y}: the terminal shows something else"
            );
        }
        common::drive(&mut app, [Action::Down]);
    }
}

/// The text report lays the same clusters out side by side: no row wider than asked, the
/// gutter at one column on every line, as a terminal advancing per code point shows them.
#[test]
fn clusters_keep_the_text_report_aligned() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("left.txt"),
        cluster_paragraphs(false).join("\n\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("right.txt"),
        cluster_paragraphs(true).join("\n\n"),
    )
    .unwrap();
    let c = dir.path().to_str().unwrap();
    for width in ["100", "140"] {
        let o = parallax(
            &[
                "compare", "left", "right", "--corpus", c, "--width", width, "--layout", "side",
                "--full",
            ],
            dir.path(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        let width: usize = width.parse().unwrap();
        let mut bars = std::collections::BTreeSet::new();
        let mut rows = 0;
        for line in out.lines() {
            if let Some(i) = line.find('│') {
                assert!(
                    codepoint_columns(line) <= width,
                    "a row of {} columns: {line}",
                    codepoint_columns(line)
                );
                bars.insert(codepoint_columns(&line[..i]));
                rows += 1;
            }
        }
        assert!(rows > 20, "{out}");
        assert_eq!(bars.len(), 1, "the gutter moves: columns {bars:?}\n{out}");
        assert!(
            !out.contains('\u{200d}') && !out.contains('\u{fe0f}'),
            "{out}"
        );
    }
}
