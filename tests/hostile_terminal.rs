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
