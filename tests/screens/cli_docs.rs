//! `showrunner completions SHELL` and `showrunner man`, from the binary as a user runs them:
//! each mentions every subcommand and every long flag the parser knows.

use std::process::Command;

use clap::CommandFactory;
use showrunner::cli::Cli;

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_showrunner"))
        .args(args)
        .output()
        .expect("showrunner runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Every subcommand and every long flag, of the top level and of each subcommand.
fn vocabulary() -> Vec<String> {
    let command = Cli::command();
    let flags = |c: &clap::Command| -> Vec<String> {
        c.get_arguments()
            .filter_map(|a| a.get_long().map(String::from))
            .collect()
    };
    let mut words = flags(&command);
    for sub in command.get_subcommands() {
        words.push(sub.get_name().to_string());
        words.extend(flags(sub));
    }
    assert!(
        words.contains(&"kubeconfig".to_string()) && words.contains(&"completions".to_string())
    );
    words
}

#[test]
fn completions_for_bash_zsh_and_fish_know_every_subcommand_and_flag() {
    for shell in ["bash", "zsh", "fish"] {
        let script = run(&["completions", shell]);
        for word in vocabulary() {
            assert!(script.contains(&word), "{shell} completion lacks {word}");
        }
    }
}

#[test]
fn the_man_page_documents_every_subcommand_and_flag() {
    let page = run(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH showrunner"),
        "roff: {}",
        &page[..200.min(page.len())]
    );
    for word in vocabulary() {
        // roff escapes the dashes of flags: --kubeconfig is written \-\-kubeconfig.
        let escaped = word.replace('-', "\\-");
        assert!(
            page.contains(&word) || page.contains(&escaped),
            "man page lacks {word}"
        );
    }
    assert!(page.contains("SHOWRUNNER SANDBOX") && page.contains("SHOWRUNNER CHECK"));
}

/// The config file is found from the man page, and `showrunner config` takes the run's flags
/// (it shows what that run would use), so its completions offer them.
#[test]
fn the_config_file_and_the_config_subcommand_are_documented() {
    let page = run(&["man"]);
    assert!(page.contains("SHOWRUNNER CONFIG"), "a section for config");
    assert!(page.contains("config.toml") && page.contains("[context.NAME]"));
    assert!(
        page.contains("\\-\\-read\\-write"),
        "the flag that overrides read-only = true"
    );
    let help = run(&["config", "--help"]);
    assert!(
        help.contains("--context")
            && help.contains("--read-only")
            && help.contains("where each came from"),
        "{help}"
    );
    let zsh = run(&["completions", "zsh"]);
    let config_section = zsh
        .split("(config)")
        .nth(1)
        .expect("zsh completes the config subcommand");
    assert!(config_section.contains("--context"), "{config_section}");
}

#[test]
fn an_unknown_shell_is_refused_in_words() {
    let out = Command::new(env!("CARGO_BIN_EXE_showrunner"))
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("invalid value 'tcsh'") && err.contains("bash"),
        "{err}"
    );
}

/// `showrunner man | head`: the reader is gone (here before the child even writes), and the
/// write fails with a broken pipe, which must end quietly with success.
#[test]
fn a_reader_that_stops_early_is_no_crash() {
    for args in [["completions", "fish"].as_slice(), ["man"].as_slice()] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_showrunner"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
