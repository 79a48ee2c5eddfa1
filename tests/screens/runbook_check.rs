//! `showrunner check` as a user runs it: the real binary, exact output, exit codes; and every
//! runbook shipped in `runbook/` must pass it.

use std::path::Path;
use std::process::Command;

fn check(files: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_showrunner"))
        .arg("check")
        .args(files)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn a_valid_runbook_is_ok_with_exit_code_zero() {
    let (code, out) = check(&["tests/data/runbooks/good.md"]);
    assert_eq!(
        out,
        "tests/data/runbooks/good.md: ok (2 steps, schedule covers 1)\n"
    );
    assert_eq!(code, 0);
}

#[test]
fn a_broken_runbook_lists_every_problem_and_exits_one() {
    let (code, out) = check(&[
        "tests/data/runbooks/good.md",
        "tests/data/runbooks/broken.md",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "tests/data/runbooks/good.md: ok (2 steps, schedule covers 1)\n\
         tests/data/runbooks/broken.md:3:1: unknown field `durration` in front matter: did you mean `duration`? (expected one of title, project, namespaces, repo, github, duration, schedule)\n\
         tests/data/runbooks/broken.md:9:1: promote needs stage=NAME\n\
         tests/data/runbooks/broken.md:9:24: unknown argument `stag` for promote: did you mean `stage=`? (expected freight, stage)\n\
         tests/data/runbooks/broken.md:10:1: wait app= needs `synced`, `healthy` or both\n"
    );
}

#[test]
fn a_missing_file_is_an_error_too() {
    let (code, out) = check(&["tests/data/runbooks/nope.md"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("tests/data/runbooks/nope.md:1:1: cannot read the runbook:"),
        "{out}"
    );
}

#[test]
fn every_shipped_runbook_passes_check() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("runbook");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let files: Vec<String> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    if refs.is_empty() {
        return;
    }
    let (code, out) = check(&refs);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.lines().count(), refs.len());
}

/// `showrunner --runbook broken.md`: the start stops before the terminal is taken, with the
/// same located problems `check` prints and nothing else: no report frame, no backtrace hint.
#[test]
fn a_broken_runbook_at_start_prints_its_problems_not_a_backtrace() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_showrunner"))
        .args(["--runbook", "tests/data/runbooks/broken.md"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let (_, checked) = check(&["tests/data/runbooks/broken.md"]);
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!("the runbook has problems:\n{checked}")
    );
}
