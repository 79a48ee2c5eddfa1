use super::*;

fn parsed(src: &str) -> (ConfigFile, Vec<String>) {
    let mut problems = Vec::new();
    let file = parse("config.toml", src, &mut problems);
    (file, problems.iter().map(ToString::to_string).collect())
}

fn at<T>(value: T, line: usize, column: usize) -> Option<At<T>> {
    Some(At {
        value,
        line,
        column,
    })
}

#[test]
fn every_key_and_a_context_section_are_read_with_their_positions() {
    let (file, problems) = parsed(
        "theme = \"light\"\n\
         namespaces = [\"dev\", \"stg\"]\n\
         confirm-for = \"all\"\n\
         argocd-namespace = \"gitops\"\n\
         ci-branch = \"main\"\n\
         \n\
         [context.prod-eu]\n\
         read-only = true\n\
         namespaces = \"payments,orders\"\n",
    );
    assert!(problems.is_empty(), "{problems:?}");
    let d = &file.defaults;
    assert_eq!(d.theme, at("light".into(), 1, 1));
    assert_eq!(d.namespaces, at(vec!["dev".into(), "stg".into()], 2, 1));
    assert_eq!(d.confirm_for, at(vec!["all".into()], 3, 1));
    assert_eq!(d.argocd_namespace, at("gitops".into(), 4, 1));
    assert_eq!(d.ci_branch, at("main".into(), 5, 1));
    assert_eq!(d.read_only, None);
    let prod = file.context("prod-eu").expect("the section");
    assert_eq!(prod.read_only, at(true, 8, 1));
    assert_eq!(
        prod.namespaces,
        at(vec!["payments".into(), "orders".into()], 9, 1)
    );
    assert!(file.context("prod-us").is_none());
}

#[test]
fn every_mistake_is_located_and_the_rest_still_applies() {
    let (file, problems) = parsed(
        "theme = \"light\"\n\
         them = \"dark\"\n\
         namespaces = [\"dev\", \"Bad_NS\"]\n\
         confirm-for = [\"all\", \"prod\"]\n\
         ci-branch = 3\n\
         \n\
         [context.prod-eu]\n\
         read_only = true\n\
         read-only = \"yes\"\n\
         argocd-namespace = \"argocd\"\n\
         \n\
         [contexts.staging]\n\
         read-only = true\n",
    );
    assert_eq!(
        problems,
        [
            "config.toml:2:1: unknown key `them`: did you mean `theme`? (expected one of theme, \
             namespaces, confirm-for, argocd-namespace, ci-branch, read-only, context)",
            "config.toml:3:22: `namespaces`: \"Bad_NS\" is not a namespace name: expected \
             lowercase letters, digits and `-` (at most 63)",
            "config.toml:4:16: `confirm-for`: `all` stands alone, not in a list of environments",
            "config.toml:5:13: `ci-branch` must be a string, not an integer",
            "config.toml:8:1: unknown key `read_only` in [context.prod-eu]: did you mean \
             `read-only`? (expected one of theme, namespaces, confirm-for, argocd-namespace, \
             ci-branch, read-only)",
            "config.toml:9:13: `read-only` must be true or false, not a string",
            "config.toml:12:2: unknown key `contexts`: did you mean `context`? (expected one of \
             theme, namespaces, confirm-for, argocd-namespace, ci-branch, read-only, context)",
        ]
    );
    assert_eq!(file.defaults.theme, at("light".into(), 1, 1));
    assert_eq!(
        file.defaults.namespaces, None,
        "a bad list is not half applied"
    );
    assert_eq!(file.defaults.confirm_for, None);
    let prod = file.context("prod-eu").unwrap();
    assert_eq!(prod.read_only, None);
    assert_eq!(prod.argocd_namespace, at("argocd".into(), 10, 1));
}

#[test]
fn a_syntax_error_is_reported_once_and_what_came_before_it_applies() {
    let (file, problems) = parsed(
        "theme = \"light\"\nnamespaces = [\"dev\"\nci-branch = \"main\"\nread-only = true\n",
    );
    assert_eq!(
        problems,
        [
            "config.toml:3:1: missing comma between array elements, expected `,`; the file is read \
          up to this point only"
        ]
    );
    assert_eq!(file.defaults.theme, at("light".into(), 1, 1));
    // The parser's guess would swallow `ci-branch` into the list: nothing after it is used.
    assert_eq!(file.defaults.namespaces, None);
    assert_eq!(file.defaults.ci_branch, None);
    assert_eq!(file.defaults.read_only, None);
}

#[test]
fn a_context_must_be_a_table_and_an_empty_confirm_list_says_what_to_write() {
    let (_, problems) = parsed("context = \"prod\"\nconfirm-for = []\n");
    assert_eq!(
        problems,
        [
            "config.toml:1:11: `context` must be a table of contexts ([context.NAME]), not a string",
            "config.toml:2:15: `confirm-for` is empty: write \"none\" for no confirmations",
        ]
    );
}

#[test]
fn no_file_is_no_config_and_no_problem() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(load(Some(dir.path())), (None, Vec::new()));
    assert_eq!(load(None), (None, Vec::new()));
    std::fs::write(dir.path().join(FILE_NAME), "read-only = true\n").unwrap();
    let (file, problems) = load(Some(dir.path()));
    assert!(problems.is_empty());
    assert_eq!(file.unwrap().defaults.read_only, at(true, 1, 1));
}
