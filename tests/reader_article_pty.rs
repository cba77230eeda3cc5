//! Reading one article in a pseudo-terminal, as a person would (issue #18): the reader on a
//! copy of the seeds, `002` opened alone, a jump from a covered paragraph into its
//! comparison with `004`, back, quit; the terminal restored. And `parallax show` paging.

#![cfg(unix)]

mod common;
use common::pty;
use pty::Term;

/// `parallax args…` in `dir` at 80x24, as the tester, with no `$PAGER`, plus `env`.
fn start(args: &[&str], dir: &std::path::Path, env: &[(&str, &str)]) -> Term {
    let mut cmd = pty::parallax(args, dir);
    cmd.env("PARALLAX_AUTHOR", "tester");
    cmd.env_remove("PAGER");
    for (k, v) in env {
        cmd.env(k, v);
    }
    Term::start(cmd, (80, 24))
}

fn read_002_and_jump_to_004(env: &[(&str, &str)]) {
    let dir = pty::seed_copy();
    let mut t = start(&["articles"], dir.path(), env);
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
    let mut t = start(&["show", "004"], dir.path(), &[("PAGER", "cat")]);
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
    let mut t = start(&["show", "004", "--plain"], dir.path(), &[]);
    t.wait_for("¶20");
    t.ends();
    let all = t.raw();
    assert!(!all.contains("\u{1b}[?1049h"), "no alternate screen");
    assert!(all.contains("title    Nagorno-Karabakh"), "{all}");
}
