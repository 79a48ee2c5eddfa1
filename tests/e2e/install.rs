//! `cargo install --path .` as the README tells a new user. `cargo install` is `cargo build
//! --release --locked` of the package's one binary target, then a copy of that binary to
//! `<root>/bin`; what can break is the lock file, the binary target, and a binary that needs
//! the source tree at run time. Each is checked here, cheaply:
//!
//! - `cargo tree --locked --offline` (normal and build dependencies, for this platform) fails if
//!   `Cargo.lock` is stale or a dependency is not in the local registry, as `cargo install
//!   --locked --offline` would;
//! - the package has one binary target, `showrunner`, which is what gets installed;
//! - the built binary (`$SHOWRUNNER_BIN`, the release build in CI, else this run's), copied to
//!   a fresh `<root>/bin` and run from an empty HOME outside the source tree, works: themes,
//!   keymap and the demo runbook are built in.
//!
//! Running `cargo install` itself here would rebuild the crate (no dev-dependency features,
//! another profile): 20+ minutes for a release build on the 2-core CI machine, 2-4 minutes even
//! with `--debug` into this target folder, on every run. The real install was run by hand:
//! `cargo install --path . --root /tmp/x --offline --locked` from a clean export of the
//! repository took 22m49s and `/tmp/x/bin/showrunner` worked from an empty HOME.

use std::process::Command;

fn cargo(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO"))
        .args(args)
        .arg("--manifest-path")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn the_lock_file_and_local_registry_are_enough_for_a_locked_offline_install() {
    let tree = cargo(&["tree", "--locked", "--offline", "--edges", "normal,build"]);
    assert!(String::from_utf8(tree).unwrap().starts_with("showrunner v"));

    let metadata = cargo(&[
        "metadata",
        "--no-deps",
        "--offline",
        "--format-version",
        "1",
    ]);
    let metadata: serde_json::Value = serde_json::from_slice(&metadata).unwrap();
    let package = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "showrunner")
        .expect("the showrunner package");
    let binaries: Vec<&str> = package["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"].as_array().unwrap().iter().any(|k| k == "bin"))
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(binaries, ["showrunner"], "what cargo install installs");
}

#[test]
fn the_binary_works_alone_from_a_new_users_shell() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("bin")).unwrap();
    let bin = root.path().join("bin/showrunner");
    std::fs::copy(crate::showrunner_bin(), &bin).unwrap();

    // Elsewhere than the source tree, an empty HOME, nothing configured, no cargo around.
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(&bin)
            .args(args)
            .current_dir(home.path())
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", home.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(
        run(&["--version"]),
        format!("showrunner {}\n", env!("CARGO_PKG_VERSION"))
    );
    let config = run(&["config"]);
    assert!(
        config.starts_with(&format!(
            "config file       {}/.config/showrunner/config.toml (not there",
            home.path().display()
        )),
        "{config}"
    );
    assert!(run(&["man"]).contains("SHOWRUNNER CONFIG"));
}
