use ratatui::style::{Color, Modifier};

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

/// The one problem a theme source has (the tests below each plant exactly one).
fn only_problem(file: &str, src: &str) -> crate::config::ConfigError {
    let parsed = parse_theme(file, src, "t");
    assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    parsed.problems.into_iter().next().unwrap()
}

#[test]
fn unknown_role_is_reported_with_file_line_column_and_a_guess() {
    let src = "[colors]\ntext = \"red\"\nhealty = \"green\"\n";
    let err = only_problem("my.toml", src);
    assert_eq!((err.file.as_str(), err.line, err.column), ("my.toml", 3, 1));
    assert!(
        err.message
            .starts_with("unknown colour role `healty`: did you mean `healthy`?"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains("status_bar_bg"),
        "lists the expected roles: {}",
        err.message
    );
}

#[test]
fn invalid_colour_points_at_the_value() {
    let err = only_problem("t.toml", "[colors]\nhealthy = \"#12\"\n");
    assert_eq!((err.line, err.column), (2, 11));
    assert!(
        err.to_string()
            .starts_with("t.toml:2:11: invalid colour \"#12\" for `healthy`"),
        "{err}"
    );
}

#[test]
fn unknown_top_level_key_and_syntax_errors_are_located() {
    let err = only_problem("t.toml", "name = \"x\"\n");
    assert_eq!((err.line, err.column), (1, 1));
    assert!(
        err.message.contains("unknown field `name`"),
        "{}",
        err.message
    );
    let err = only_problem("t.toml", "bsae = \"light\"\n");
    assert!(err.message.contains("did you mean `base`?"), "{err}");

    let parsed = parse_theme("t.toml", "[colors]\ntext = \n", "t");
    assert_eq!(parsed.problems[0].line, 2, "{:?}", parsed.problems);
}

#[test]
fn every_mistake_is_reported_and_the_valid_rest_kept_with_its_base() {
    let src = "base = \"light\"\n\
               [colors]\n\
               accent = \"red\"\n\
               healty = \"green\"\n\
               text = \"nope\"\n\
               warning = 3\n\
               error = \"#ff0000\"\n";
    let parsed = parse_theme("t.toml", src, "t");
    let problems: Vec<String> = parsed.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].starts_with("t.toml:4:1: unknown colour role `healty`"));
    assert!(problems[1].starts_with("t.toml:5:8: invalid colour \"nope\" for `text`"));
    assert_eq!(
        problems[2],
        "t.toml:6:11: `warning` must be a string, not an integer"
    );
    let light = Theme::embedded("light").unwrap();
    let theme = parsed.theme;
    assert_eq!(theme.color(Role::Accent), Color::Red);
    assert_eq!(theme.color(Role::Error), Color::Rgb(255, 0, 0));
    // What was wrong falls back to the base, not to the default theme.
    assert_eq!(theme.color(Role::Text), light.color(Role::Text));
    assert_eq!(theme.color(Role::Background), light.color(Role::Background));
    assert_eq!(theme.color(Role::Warning), light.color(Role::Warning));
}

#[test]
fn an_unknown_base_is_reported_and_the_colours_still_apply() {
    let parsed = parse_theme(
        "t.toml",
        "base = \"lihgt\"\n[colors]\naccent = \"red\"\n",
        "t",
    );
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(
        parsed.problems[0].to_string(),
        "t.toml:1:8: unknown base theme \"lihgt\": did you mean `light`? (expected one of dark, \
         light, high-contrast)"
    );
    assert_eq!(parsed.theme.color(Role::Accent), Color::Red);
    let dark = Theme::default_theme();
    assert_eq!(parsed.theme.color(Role::Text), dark.color(Role::Text));
}

#[test]
fn partial_theme_inherits_from_its_base() {
    let parsed = parse_theme(
        "t.toml",
        "base = \"light\"\n[colors]\naccent = \"red\"\n",
        "t",
    );
    assert!(parsed.problems.is_empty());
    let light = Theme::embedded("light").unwrap();
    assert_eq!(parsed.theme.color(Role::Accent), Color::Red);
    assert_eq!(
        parsed.theme.color(Role::Healthy),
        light.color(Role::Healthy)
    );
}

#[test]
fn a_theme_file_with_mistakes_keeps_its_good_parts_and_says_where_the_rest_went_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "[colors]\ntext = \"nope\"\naccent = \"red\"\n").unwrap();
    let loaded = load(Some(path.to_str().unwrap()), None, false);
    assert_eq!(loaded.theme.color(Role::Accent), Color::Red);
    assert_eq!(
        loaded.theme.color(Role::Text),
        Theme::default_theme().color(Role::Text)
    );
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert!(
        loaded.warnings[0].contains("bad.toml:2:8: invalid colour \"nope\""),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn a_missing_theme_file_falls_back_to_the_default_theme() {
    let loaded = load(Some("/nonexistent/t.toml"), None, false);
    assert_eq!(loaded.theme, Theme::default_theme());
    assert!(loaded.warnings[0].contains("using the default theme"));
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
    assert!(loaded.warnings.is_empty());

    let loaded = load(Some("nonesuch"), Some(dir.path()), false);
    assert!(loaded.warnings[0].contains("unknown theme \"nonesuch\""));
    let loaded = load(Some("hight-contrast"), Some(dir.path()), false);
    assert!(
        loaded.warnings[0].contains("did you mean `high-contrast`?"),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn no_color_drops_colours_but_keeps_selection_visible() {
    let theme = load(Some("light"), None, true).theme;
    assert_eq!(theme.color(Role::Healthy), Color::Reset);
    assert!(theme.selection().add_modifier.contains(Modifier::REVERSED));
}
