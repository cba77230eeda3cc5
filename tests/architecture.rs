//! The house's rules, checked so that they cannot erode: `parallax-core` links no terminal or
//! command-line crate, and each folder imports only the layers below it (no import cycle).
//! The layers are listed in docs/architecture.md.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Crates that must never be linked into the library, directly or through another crate.
const FORBIDDEN_IN_CORE: &[&str] = &[
    "ratatui",
    "crossterm",
    "clap",
    "indicatif",
    "terminal_size",
    "signal-hook",
    "parallax",
    "parallax-synth",
    "criterion",
    "insta",
    "proptest",
];

#[test]
fn core_links_no_terminal_or_command_line_crate() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "-p",
            "parallax-core",
            "-e",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p}",
            "--offline",
        ])
        .current_dir(root())
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8(out.stdout).unwrap();
    let names: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(names.contains(&"parallax-core"), "{tree}");
    // A real dependency of the core shows up, so the listing is not empty by mistake.
    assert!(names.contains(&"rusqlite"), "{tree}");
    for bad in FORBIDDEN_IN_CORE {
        assert!(
            !names.contains(bad),
            "parallax-core depends on {bad}:\n{tree}"
        );
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level modules of `crate::` (or of `parallax_core::`, given as `prefix`) that the
/// code of a file names, comments and doc comments left out.
fn imported_modules(text: &str, prefix: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            rest = &rest[at + prefix.len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a, b::c}`: the first segment of each item.
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        found.push(name);
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push(name);
                }
            }
        }
    }
    found
}

/// Check that the files of each folder name only the modules their layer may use.
/// `layers`: (folder, modules it may name). Names starting with a capital letter are the
/// crate root's re-exported types, allowed to everyone.
fn check_layers(src: &Path, prefix: &str, layers: &[(&str, &[&str])]) {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut checked = 0;
    for f in &files {
        let rel = f.strip_prefix(src).unwrap();
        let folder = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap()
            .trim_end_matches(".rs");
        let Some((_, allowed)) = layers.iter().find(|(l, _)| *l == folder) else {
            continue;
        };
        checked += 1;
        let text = std::fs::read_to_string(f).unwrap();
        for m in imported_modules(&text, prefix) {
            let is_type = m.chars().next().is_some_and(|c| c.is_uppercase());
            assert!(
                is_type || m == folder || allowed.contains(&m.as_str()),
                "{} names {prefix}{m}: the {folder} layer may use only {allowed:?}",
                f.display()
            );
        }
    }
    assert!(checked >= layers.len(), "only {checked} files checked");
}

#[test]
fn core_folders_import_only_the_layers_below_them() {
    check_layers(
        &root().join("crates/parallax-core/src"),
        "crate::",
        &[
            ("text", &[]),
            ("corpus", &["text"]),
            ("engine", &["text", "corpus"]),
            ("scan", &["text", "corpus", "engine", "provenance"]),
            ("marks", &["text", "corpus", "engine"]),
            ("provenance", &["text", "corpus", "engine"]),
        ],
    );
}

#[test]
fn binary_folders_import_only_the_layers_below_them() {
    let src = root().join("src");
    check_layers(
        &src,
        "crate::",
        &[
            ("report", &[]),
            ("tui", &["report"]),
            ("cli", &["report", "tui"]),
        ],
    );
}

#[test]
fn the_layer_check_sees_imports() {
    let text = "use crate::{text, corpus::segment};\n// crate::marks in a comment\nlet x = crate::engine::compare(a, b);\n";
    assert_eq!(
        imported_modules(text, "crate::"),
        vec!["text", "corpus", "engine"]
    );
}
