use git2::{Oid, Repository};

use super::facts::{self, is_broken};
use super::files::{self, APP_PY, BROKEN_LINE, FIXED_LINE};
use super::{BRANCHES, MAIN_REF, REMOTE_URL, ensure};

fn tip(repo: &Repository, branch: &str) -> Oid {
    repo.refname_to_id(&format!("refs/heads/{branch}"))
        .unwrap_or_else(|e| panic!("{branch}: {e}"))
}

/// Merges `branches` into main in this order the way `git merge` would (3-way, in memory),
/// failing on any conflict; returns the final tree's app.py.
fn merge_all(repo: &Repository, branches: &[&str]) -> String {
    let sig = git2::Signature::now("t", "t@t").unwrap();
    let mut head = repo.find_commit(tip(repo, "main")).unwrap();
    for b in branches {
        let theirs = repo.find_commit(tip(repo, b)).unwrap();
        let mut index = repo.merge_commits(&head, &theirs, None).unwrap();
        assert!(
            !index.has_conflicts(),
            "merging {b} after {branches:?} conflicts"
        );
        let tree = repo.find_tree(index.write_tree_to(repo).unwrap()).unwrap();
        let id = repo
            .commit(None, &sig, &sig, "merge", &tree, &[&head, &theirs])
            .unwrap();
        head = repo.find_commit(id).unwrap();
    }
    let entry = head.tree().unwrap().get_path(APP_PY.as_ref()).unwrap();
    let blob = repo.find_blob(entry.id()).unwrap();
    String::from_utf8(blob.content().to_vec()).unwrap()
}

fn permutations(items: &[&'static str]) -> Vec<Vec<&'static str>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, first);
            out.push(p);
        }
    }
    out
}

#[test]
fn creates_main_and_the_talk_branches_with_a_checkout() {
    let dir = tempfile::tempdir().unwrap();
    let path = ensure(dir.path()).unwrap();
    let repo = Repository::open(&path).unwrap();
    assert_eq!(repo.head().unwrap().name().ok(), Some(MAIN_REF));
    for b in BRANCHES {
        tip(&repo, b);
    }
    assert_eq!(
        repo.find_remote("origin").unwrap().url().ok(),
        Some(REMOTE_URL)
    );
    for f in [
        "app.py",
        "tests/test_app.py",
        "requirements.txt",
        "Dockerfile",
    ] {
        assert!(path.join(f).is_file(), "{f} checked out");
    }
    assert!(path.join(".github/workflows/ci.yml").is_file());
    let history = facts::main_history(&repo, 10).unwrap();
    assert_eq!(history.len(), 4, "a few commits of history on main");
    let statuses = repo.statuses(None).unwrap();
    assert!(statuses.is_empty(), "work tree clean after creation");
    // Branches fork from main~1, so merging them makes real merge commits.
    let main_parent = repo.find_commit(history[1]).unwrap().id();
    for b in [
        "feature/update-user",
        "feature/delete-user",
        "feature/error",
    ] {
        let base = repo.merge_base(tip(&repo, "main"), tip(&repo, b)).unwrap();
        assert_eq!(base, main_parent, "{b} forks from main~1");
    }
}

#[test]
fn every_order_of_merges_is_clean_and_only_the_error_without_fix_is_broken() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::open(ensure(dir.path()).unwrap()).unwrap();
    for order in permutations(&BRANCHES) {
        let app = merge_all(&repo, &order);
        assert!(!is_broken(&app), "{order:?} ends fixed");
        assert!(app.contains("def update_user") && app.contains("def delete_user"));
    }
    let app = merge_all(&repo, &["feature/update-user", "feature/error"]);
    assert!(is_broken(&app));
}

#[test]
fn broken_is_read_from_the_tree() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::open(ensure(dir.path()).unwrap()).unwrap();
    let broken = |b: &str| facts::read(&repo, tip(&repo, b)).unwrap().broken;
    assert!(!broken("main"));
    assert!(broken("feature/error"));
    assert!(!broken("feature/fix"));
    assert!(!broken("feature/update-user"));
    let f = facts::read(&repo, tip(&repo, "feature/update-user")).unwrap();
    assert!(f.has_workflow);
    assert_eq!(f.short().len(), 7);
    assert_eq!(f.subject(), "Test updating users");
    assert!(
        f.tests
            .contains(&("tests/test_update_user.py".to_string(), 2))
    );
    assert_eq!(f.docker_steps.len(), 5, "{:?}", f.docker_steps);
    assert!(f.digest().starts_with("sha256:") && f.digest().len() == 71);
}

#[test]
fn broken_detection_ignores_comments_and_the_fix() {
    assert!(is_broken(&format!("def f():\n{BROKEN_LINE}\n")));
    assert!(is_broken(&format!("{BROKEN_LINE}  # read at start-up\n")));
    assert!(!is_broken(&format!("def f():\n{FIXED_LINE}\n")));
    assert!(!is_broken(&format!("# {BROKEN_LINE}\n")));
    assert!(!is_broken(""));
}

#[test]
fn starts_its_own_repository_over_and_moves_a_foreign_one_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = ensure(dir.path()).unwrap();
    let repo = Repository::open(&path).unwrap();
    let sig = git2::Signature::now("t", "t@t").unwrap();
    let head = repo.find_commit(tip(&repo, "main")).unwrap();
    let rehearsed = repo
        .commit(
            Some(MAIN_REF),
            &sig,
            &sig,
            "rehearsal",
            &head.tree().unwrap(),
            &[&head],
        )
        .unwrap();
    drop(head);
    drop(repo);
    ensure(dir.path()).unwrap();
    let repo = Repository::open(&path).unwrap();
    assert_ne!(
        tip(&repo, "main"),
        rehearsed,
        "a new start tells the story from the beginning"
    );
    assert!(
        repo.find_commit(rehearsed).is_err(),
        "the rehearsal is gone"
    );
    drop(repo);

    std::fs::remove_dir_all(&path).unwrap();
    Repository::init(&path).unwrap();
    std::fs::write(path.join("notes.txt"), "mine").unwrap();
    ensure(dir.path()).unwrap();
    let repo = Repository::open(&path).unwrap();
    tip(&repo, "feature/fix");
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("repo.foreign-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert!(aside[0].path().join("notes.txt").is_file(), "never deleted");
}

#[test]
fn a_test_of_a_query_parameter_the_app_does_not_read_fails() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::open(ensure(dir.path()).unwrap()).unwrap();
    let failing = |b: &str| facts::read(&repo, tip(&repo, b)).unwrap().failing_tests;
    for b in [
        "main",
        "feature/update-user",
        "feature/error",
        "feature/fix",
    ] {
        assert_eq!(failing(b), [], "{b}: ?team= is read by the app");
    }
    let paging = failing("feature/paging");
    assert_eq!(paging.len(), 1, "{paging:?}");
    let t = &paging[0];
    assert_eq!(
        (t.file.as_str(), t.name.as_str(), t.index),
        ("tests/test_paging.py", "test_list_users_in_pages", 0)
    );
    assert_eq!(t.error, "assert 3 == 2");
    assert_eq!(
        t.source.last().map(String::as_str),
        Some("    assert len(client.get(\"/users?limit=2\").json) == 2")
    );
    let file = std::fs::read_to_string(dir.path().join("repo/tests/test_app.py")).unwrap();
    assert!(!file.contains("limit"), "main's own tests do not page");
    let test_file = facts::read(&repo, tip(&repo, "feature/paging")).unwrap();
    let blob = test_file
        .tests
        .iter()
        .find(|(p, _)| p == "tests/test_paging.py");
    assert_eq!(blob, Some(&("tests/test_paging.py".to_string(), 1)));
    // The line pytest names is the assert's line in the file.
    let text = files::test_file(files::TEST_PAGING);
    assert!(text.lines().nth(t.line - 1).unwrap().contains("?limit=2"));
}
