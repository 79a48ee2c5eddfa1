use super::*;

#[test]
fn every_embedded_theme_parses_and_the_default_sets_every_role() {
    for (name, _) in EMBEDDED {
        let theme = Theme::embedded(name).unwrap();
        assert_eq!(theme.name, name);
    }
    let src = EMBEDDED[0].1;
    for role in Role::ALL {
        assert!(
            src.contains(&format!("\n{} = ", role.key())),
            "dark.toml misses {}",
            role.key()
        );
    }
}

#[test]
fn light_theme_paints_its_own_background() {
    assert_eq!(
        Theme::embedded("light").unwrap().color(Role::Background),
        Color::Rgb(255, 255, 255)
    );
}

#[test]
fn unknown_role_is_reported_with_file_line_and_column() {
    let src = "[colors]\ntext = \"red\"\nhealty = \"green\"\n";
    let err = parse_theme("my.toml", src, "my").unwrap_err();
    assert_eq!((err.file.as_str(), err.line, err.column), ("my.toml", 3, 1));
    assert!(
        err.message.contains("unknown colour role `healty`"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains("healthy"),
        "lists the expected roles: {}",
        err.message
    );
}

#[test]
fn invalid_colour_points_at_the_value() {
    let src = "[colors]\nhealthy = \"#12\"\n";
    let err = parse_theme("t.toml", src, "t").unwrap_err();
    assert_eq!((err.line, err.column), (2, 11));
    assert!(
        err.to_string()
            .starts_with("t.toml:2:11: invalid colour \"#12\" for `healthy`"),
        "{err}"
    );
}

#[test]
fn unknown_top_level_key_and_syntax_errors_are_located() {
    let err = parse_theme("t.toml", "name = \"x\"\n", "t").unwrap_err();
    assert_eq!(err.line, 1);
    assert!(
        err.message.contains("unknown field `name`"),
        "{}",
        err.message
    );

    let err = parse_theme("t.toml", "[colors]\ntext = \n", "t").unwrap_err();
    assert_eq!(err.line, 2, "{err}");
}

#[test]
fn partial_theme_inherits_from_its_base() {
    let theme = parse_theme(
        "t.toml",
        "base = \"light\"\n[colors]\naccent = \"red\"\n",
        "t",
    )
    .unwrap();
    let light = Theme::embedded("light").unwrap();
    assert_eq!(theme.color(Role::Accent), Color::Red);
    assert_eq!(theme.color(Role::Healthy), light.color(Role::Healthy));
}

#[test]
fn bad_theme_file_falls_back_to_default_with_a_located_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "[colors]\ntext = \"nope\"\n").unwrap();
    let loaded = load(Some(path.to_str().unwrap()), None, false);
    assert_eq!(loaded.theme, Theme::default_theme());
    let warning = loaded.warning.unwrap();
    assert!(
        warning.contains("bad.toml:2:8: invalid colour \"nope\""),
        "{warning}"
    );
    assert!(warning.contains("using the default theme"));
}

#[test]
fn theme_names_resolve_to_user_files_before_embedded_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("themes")).unwrap();
    std::fs::write(
        dir.path().join("themes/light.toml"),
        "[colors]\naccent = \"red\"\n",
    )
    .unwrap();
    let loaded = load(Some("light"), Some(dir.path()), false);
    assert_eq!(loaded.theme.color(Role::Accent), Color::Red);
    assert!(loaded.warning.is_none());

    let loaded = load(Some("nonesuch"), Some(dir.path()), false);
    assert!(
        loaded
            .warning
            .unwrap()
            .contains("unknown theme \"nonesuch\"")
    );
}

#[test]
fn no_color_drops_colours_but_keeps_selection_visible() {
    let theme = load(Some("light"), None, true).theme;
    assert_eq!(theme.color(Role::Healthy), Color::Reset);
    assert!(theme.selection().add_modifier.contains(Modifier::REVERSED));
}
