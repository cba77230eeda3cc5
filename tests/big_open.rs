//! Opening a big corpus fast (issue #16), from the command line: `parallax list` leaves the
//! full-text index to the first `search`, which says that it is indexing, once, and finds
//! what the text holds.

use std::process::{Command, Output};

fn parallax(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("PARALLAX_NO_CACHE")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn the_first_search_after_a_list_says_it_indexes_once_and_finds_what_the_text_holds() {
    let dir = tempfile::tempdir().unwrap();
    let n = parallax_core::corpus::cache::INDEX_NOTE + 5;
    for i in 0..n {
        let body = match i {
            17 => "The quizzical ptarmigan crossed the harbour on Tuesday morning.".to_string(),
            _ => format!("Harbour crane number {i} was moved on Tuesday after a long delay."),
        };
        std::fs::write(
            dir.path().join(format!("n{i:05}.txt")),
            format!("Notice number {i}\n\n{body}\n"),
        )
        .unwrap();
    }
    let d = dir.path().to_str().unwrap();
    let list = parallax(&["list", "--corpus", d]);
    assert!(list.status.success(), "{}", text(&list.stderr));
    assert!(list.stderr.is_empty(), "{}", text(&list.stderr));

    let first = parallax(&["search", "quizzical ptarmigan", "--corpus", d]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(
        text(&first.stderr).contains(&format!("indexing {n} articles for full-text search")),
        "{}",
        text(&first.stderr)
    );
    let out = text(&first.stdout);
    assert!(out.starts_with("n00017  ¶1"), "{out}");
    assert!(out.ends_with("1 hit\n"), "{out}");

    // Indexed once: the next search is quiet and finds the same.
    let again = parallax(&["search", "quizzical ptarmigan", "--corpus", d]);
    assert!(again.stderr.is_empty(), "{}", text(&again.stderr));
    assert_eq!(again.stdout, first.stdout);
    let many = parallax(&[
        "search",
        "harbour crane number",
        "--corpus",
        d,
        "--limit",
        "5000",
    ]);
    assert!(text(&many.stdout).ends_with(&format!("{} hits\n", n - 1)));

    // A file changed after indexing: found by its new words only, without a second note.
    std::fs::write(
        dir.path().join("n00017.txt"),
        "Notice number 17\n\nThe ptarmigan flew away.\n",
    )
    .unwrap();
    let changed = parallax(&["search", "quizzical ptarmigan", "--corpus", d]);
    assert_eq!(text(&changed.stdout), "0 hits\n");
    assert!(changed.stderr.is_empty(), "{}", text(&changed.stderr));
    let moved = parallax(&["search", "ptarmigan flew", "--corpus", d]);
    assert!(text(&moved.stdout).starts_with("n00017  ¶1"));
}
