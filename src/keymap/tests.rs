use super::*;

fn user(src: &str) -> LoadedKeymap {
    Keymap::build(
        "assets/keymap.toml",
        DEFAULT_KEYMAP,
        Some(("keymap.toml", src)),
    )
}

const POD_CHAIN: [Context; 3] = [Context::Pods, Context::List, Context::Global];

#[test]
fn defaults_have_no_problems_and_every_command_has_a_key() {
    let loaded = Keymap::build("assets/keymap.toml", DEFAULT_KEYMAP, None);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    for command in Command::ALL {
        assert!(
            !loaded.keymap.keys(*command).is_empty(),
            "{} has no key",
            command.key()
        );
    }
}

#[test]
fn lookup_prefers_the_most_specific_section() {
    let km = Keymap::defaults();
    assert_eq!(km.command(&POD_CHAIN, Key::char('j')), Some(Command::Down));
    assert_eq!(km.command(&POD_CHAIN, Key::char('l')), Some(Command::Logs));
    assert_eq!(km.command(&POD_CHAIN, Key::char('q')), Some(Command::Quit));
    let overlay = [Context::Overlay, Context::Global];
    assert_eq!(km.command(&overlay, Key::char('q')), Some(Command::Close));
    assert_eq!(km.command(&POD_CHAIN, Key::char('@')), None);
}

#[test]
fn user_override_replaces_only_that_action() {
    let loaded = user("[pods]\nlogs = [\"o\", \"ctrl-l\"]\n");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let km = loaded.keymap;
    assert_eq!(km.command(&POD_CHAIN, Key::char('o')), Some(Command::Logs));
    assert_eq!(km.command(&POD_CHAIN, Key::ctrl('l')), Some(Command::Logs));
    assert_eq!(
        km.command(&POD_CHAIN, Key::char('l')),
        None,
        "old key released"
    );
    assert_eq!(km.describe_keys(Command::Details), "enter");
}

#[test]
fn unknown_action_and_section_are_located_and_skipped() {
    let loaded = user("[pods]\nlogz = \"o\"\n\n[podz]\nlogs = \"o\"\n");
    let msgs: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(
        msgs[0].starts_with(
            "keymap.toml:2:1: unknown action `logz` in [pods]: expected one of details, logs"
        ),
        "{}",
        msgs[0]
    );
    assert!(
        msgs[1].starts_with("keymap.toml:4:2: unknown section [podz]"),
        "{}",
        msgs[1]
    );
    assert_eq!(
        loaded.keymap.command(&POD_CHAIN, Key::char('l')),
        Some(Command::Logs),
        "defaults kept"
    );
}

#[test]
fn action_in_the_wrong_section_is_reported() {
    let loaded = user("[global]\ndelete_pod = \"o\"\nlogs = \"o\"\n");
    assert_eq!(
        loaded.problems[0].to_string(),
        "keymap.toml:2:1: action `delete_pod` belongs in [pods], not [global]"
    );
    assert_eq!(
        loaded.problems[1].to_string(),
        "keymap.toml:3:1: action `logs` belongs in [pods] or [ci], not [global]"
    );
}

#[test]
fn bad_key_names_point_at_the_key() {
    let loaded = user("[global]\nquit = [\"q\", \"ctrl-\u{00e9}x\"]\n");
    let err = &loaded.problems[0];
    assert_eq!((err.line, err.column), (2, 14));
    assert!(
        err.message.starts_with("unknown key \"ctrl-\u{00e9}x\""),
        "{}",
        err.message
    );
    assert_eq!(
        loaded.keymap.describe_keys(Command::Quit),
        "q",
        "the good key of the entry stays"
    );
}

#[test]
fn wrong_value_type_is_explained() {
    let loaded = user("[global]\nquit = 3\n");
    let err = &loaded.problems[0];
    assert_eq!(err.line, 2, "{err}");
    assert!(err.message.contains("expected a key"), "{err}");
}

#[test]
fn same_key_twice_in_a_section_is_a_conflict() {
    let loaded = user("[list]\nup = \"x\"\ndown = \"x\"\n");
    let msgs: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        msgs,
        ["keymap.toml:3:8: key `x` is bound to both `up` and `down` in [list]; keeping `up`"]
    );
}

#[test]
fn user_global_key_shadowed_by_a_pane_is_reported() {
    let loaded = user("[global]\nzoom = \"l\"\n");
    let msgs: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        msgs,
        [
            "keymap.toml:2:8: key `l` for `zoom` in [global] is shadowed by `logs` in [pods]",
            "keymap.toml:2:8: key `l` for `zoom` in [global] is shadowed by `logs` in [ci]",
        ]
    );
}

#[test]
fn help_entries_come_from_the_keymap() {
    let km = user("[global]\nhelp = [\"?\", \"f1\"]\n").keymap;
    let entries = km.help_entries(Context::Global);
    assert!(entries.contains(&("?/f1".to_string(), Command::Help.description())));
}

#[test]
fn user_key_taken_from_a_default_action_wins_and_is_reported_at_the_user_line() {
    let loaded = user("[list]\nup = \"j\"\n");
    let msgs: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        msgs,
        ["keymap.toml:2:6: key `j` is bound to both `up` and `down` in [list]; keeping `up`"]
    );
    assert_eq!(
        loaded.keymap.command(&POD_CHAIN, Key::char('j')),
        Some(Command::Up)
    );
    assert_eq!(loaded.keymap.describe_keys(Command::Down), "down");
}
