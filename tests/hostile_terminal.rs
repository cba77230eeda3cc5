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
    let mut child = cmd.spawn().expect("runs");
    // A watchdog against a hang (not a pass/fail on time): the assertions are on the output.
    let deadline = Instant::now() + Duration::from_secs(300);
    let out = std::thread::spawn(move || {
        let pid = child.id();
        let killer = std::thread::spawn(move || {
            while Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(200));
                if std::fs::metadata(format!("/proc/{pid}")).is_err() {
                    return;
                }
            }
            #[cfg(unix)]
            unsafe {
                libc::kill(pid as libc::pid_t, libc::SIGKILL);
            }
        });
        let out = child.wait_with_output().expect("waits");
        drop(killer);
        out
    });
    out.join().expect("joins")
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
