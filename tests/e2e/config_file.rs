//! `~/.config/showrunner/config.toml` as a new user meets it, in a fresh HOME: `showrunner
//! config` says what a run would use and why, flags win over the file, a `[context.NAME]`
//! section makes that context read-only, mistakes are located and the rest still applies, and
//! the TUI itself comes up read-only on that context.

use showrunner_testkit as common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::pty::PtyApp;

/// The binary with HOME and the XDG folders inside `home`, nothing of the caller's leaking in.
fn showrunner(home: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_showrunner"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("KUBECONFIG")
        .env_remove("SHOWRUNNER_THEME")
        .current_dir(home)
        .output()
        .expect("showrunner runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.is_empty() || out.status.code() == Some(2),
        "{stderr}"
    );
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn write_config(home: &Path, text: &str) -> String {
    let dir = home.join("config/showrunner");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// The line of `showrunner config` for one setting, its columns collapsed to single spaces.
fn setting(out: &str, key: &str) -> String {
    out.lines()
        .find(|l| l.starts_with(&format!("{key} ")))
        .unwrap_or_else(|| panic!("no {key} in:\n{out}"))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A kubeconfig whose cluster does not answer: enough to choose a context and start the TUI.
fn write_kubeconfig(home: &Path, current: &str) -> String {
    let path = home.join("kubeconfig");
    let contexts: String = ["prod-eu", "dev-eu"]
        .iter()
        .map(|c| format!("- name: {c}\n  context:\n    cluster: c\n    user: u\n"))
        .collect();
    std::fs::write(
        &path,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: \
             https://127.0.0.1:9\ncontexts:\n{contexts}users:\n- name: u\n  user:\n    token: \
             t\ncurrent-context: {current}\n"
        ),
    )
    .unwrap();
    path.display().to_string()
}

const CONFIG: &str = "\
theme = \"light\"
confirm-for = \"all\"
ci-branch = \"main\"

[context.prod-eu]
read-only = true
namespaces = [\"payments\", \"orders\"]
";

#[test]
fn without_a_file_every_setting_is_the_built_in_default() {
    let home = tempfile::tempdir().unwrap();
    let (code, out) = showrunner(home.path(), &["config"]);
    assert_eq!(code, 0, "{out}");
    let expected_file = home.path().join("config/showrunner/config.toml");
    assert!(
        out.starts_with(&format!(
            "config file       {} (not there: built-in defaults)\n\
             context           none: the built-in sandbox\n",
            expected_file.display()
        )),
        "{out}"
    );
    assert_eq!(setting(&out, "theme"), "theme dark default");
    assert_eq!(
        setting(&out, "namespaces"),
        "namespaces dev, stg, prod default"
    );
    assert_eq!(
        setting(&out, "confirm-for"),
        "confirm-for stg, prod default"
    );
    assert_eq!(
        setting(&out, "argocd-namespace"),
        "argocd-namespace argocd default"
    );
    assert_eq!(
        setting(&out, "ci-branch"),
        "ci-branch (every branch) default"
    );
    assert_eq!(setting(&out, "read-only"), "read-only false default");
}

#[test]
fn a_production_context_is_read_only_without_a_flag_and_says_why() {
    let home = tempfile::tempdir().unwrap();
    let file = write_config(home.path(), CONFIG);
    let (code, out) = showrunner(home.path(), &["config", "--context", "prod-eu"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("context           prod-eu (from --context)\n"),
        "{out}"
    );
    assert_eq!(
        setting(&out, "read-only"),
        format!("read-only true {file}:6:1 [context.prod-eu]")
    );
    assert_eq!(
        setting(&out, "namespaces"),
        format!("namespaces payments, orders {file}:7:1 [context.prod-eu]")
    );
    // The file's defaults still apply under the section.
    assert_eq!(setting(&out, "theme"), format!("theme light {file}:1:1"));
    assert_eq!(
        setting(&out, "confirm-for"),
        format!("confirm-for all {file}:2:1")
    );

    // Another context, and the sandbox, get the defaults only.
    let (_, out) = showrunner(home.path(), &["config", "--context", "dev-eu"]);
    assert_eq!(setting(&out, "read-only"), "read-only false default");
    let (_, out) = showrunner(home.path(), &["config"]);
    assert_eq!(setting(&out, "read-only"), "read-only false default");
    assert_eq!(
        setting(&out, "ci-branch"),
        format!("ci-branch main {file}:3:1")
    );
}

#[test]
fn the_kubeconfigs_current_context_picks_the_section_too() {
    let home = tempfile::tempdir().unwrap();
    let file = write_config(home.path(), CONFIG);
    let kubeconfig = write_kubeconfig(home.path(), "prod-eu");
    let (_, out) = showrunner(home.path(), &["config", "--kubeconfig", &kubeconfig]);
    assert!(
        out.contains("context           prod-eu (from the kubeconfig's current-context)\n"),
        "{out}"
    );
    assert_eq!(
        setting(&out, "read-only"),
        format!("read-only true {file}:6:1 [context.prod-eu]")
    );
}

#[test]
fn flags_and_the_theme_variable_win_over_the_file() {
    let home = tempfile::tempdir().unwrap();
    write_config(home.path(), CONFIG);
    let (_, out) = showrunner(
        home.path(),
        &[
            "config",
            "--context",
            "prod-eu",
            "--read-write",
            "-n",
            "dev",
            "--confirm-for",
            "prod",
            "--theme",
            "high-contrast",
            "--ci-branch",
            "release",
            "--argocd-namespace",
            "gitops",
        ],
    );
    assert_eq!(setting(&out, "read-only"), "read-only false --read-write");
    assert_eq!(setting(&out, "namespaces"), "namespaces dev --namespace");
    assert_eq!(
        setting(&out, "confirm-for"),
        "confirm-for prod --confirm-for"
    );
    assert_eq!(setting(&out, "theme"), "theme high-contrast --theme");
    assert_eq!(setting(&out, "ci-branch"), "ci-branch release --ci-branch");
    assert_eq!(
        setting(&out, "argocd-namespace"),
        "argocd-namespace gitops --argocd-namespace"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_showrunner"))
        .arg("config")
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("SHOWRUNNER_THEME", "high-contrast")
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        setting(&out, "theme"),
        "theme high-contrast $SHOWRUNNER_THEME"
    );
}

#[test]
fn mistakes_are_located_all_at_once_and_the_rest_still_applies() {
    let home = tempfile::tempdir().unwrap();
    let file = write_config(
        home.path(),
        "theme = \"light\"\n\
         confrim-for = \"all\"\n\
         namespaces = [\"Payments\"]\n\
         \n\
         [context.prod-eu]\n\
         read-only = \"yes\"\n\
         ci-branch = \"main\"\n",
    );
    let (code, out) = showrunner(home.path(), &["config", "--context", "prod-eu"]);
    assert_eq!(code, 1, "problems make `config` fail, as `check` does");
    let problems: Vec<&str> = out.lines().skip_while(|l| !l.is_empty()).skip(1).collect();
    assert_eq!(
        problems,
        [
            format!(
                "{file}:2:1: unknown key `confrim-for`: did you mean `confirm-for`? (expected one \
                 of theme, namespaces, confirm-for, argocd-namespace, ci-branch, read-only, \
                 context)"
            ),
            format!(
                "{file}:3:15: `namespaces`: \"Payments\" is not a namespace name: expected \
                 lowercase letters, digits and `-` (at most 63)"
            ),
            format!("{file}:6:13: `read-only` must be true or false, not a string"),
        ]
    );
    assert_eq!(setting(&out, "theme"), format!("theme light {file}:1:1"));
    assert_eq!(
        setting(&out, "ci-branch"),
        format!("ci-branch main {file}:7:1 [context.prod-eu]")
    );
    assert_eq!(setting(&out, "read-only"), "read-only false default");
}

#[test]
fn flags_before_config_are_refused_with_where_they_go() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_showrunner"))
        .args(["--context", "prod-eu", "config"])
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("showrunner config --context prod-eu"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The TUI as the user sees it: `--context prod-eu` alone, and the kubeconfig's current
/// context alone, both come up READ-ONLY; a mistake in the file shows on the status line.
#[test]
fn the_tui_on_a_read_only_context_says_so_and_shows_the_files_problems() {
    let home = tempfile::tempdir().unwrap();
    write_config(home.path(), CONFIG);
    let kubeconfig = write_kubeconfig(home.path(), "dev-eu");
    let app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["--kubeconfig", &kubeconfig, "--context", "prod-eu"],
        home.path(),
        160,
        48,
    );
    let screen = app.wait_for(
        &[" prod-eu ", "READ-ONLY", "payments"],
        Duration::from_secs(30),
    );
    assert!(!screen.contains("config.toml"), "no problems: {screen}");
    drop(app);

    write_config(home.path(), &format!("{CONFIG}raed-only = false\n"));
    let kubeconfig = write_kubeconfig(home.path(), "prod-eu");
    let app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["--kubeconfig", &kubeconfig],
        home.path(),
        160,
        48,
    );
    app.wait_for(
        &[" prod-eu ", "READ-ONLY", "unknown key `raed-only`"],
        Duration::from_secs(30),
    );
}
