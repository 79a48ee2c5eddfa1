use std::path::Path;

use git2::{Repository, Signature};

use super::*;

fn commit(repo: &Repository, file: &str, content: &str, message: &str) -> git2::Oid {
    let root = repo.workdir().unwrap().to_path_buf();
    std::fs::write(root.join(file), content).unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(Path::new(file)).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = Signature::now("Ada", "ada@example.com").unwrap();
    let parents: Vec<git2::Commit> = repo
        .head()
        .ok()
        .and_then(|h| h.peel_to_commit().ok())
        .into_iter()
        .collect();
    let parents: Vec<&git2::Commit> = parents.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .unwrap()
}

#[test]
fn reads_branch_head_log_and_branches() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::init(dir.path()).unwrap();
    for i in 0..12 {
        commit(
            &repo,
            "app.py",
            &format!("v{i}"),
            &format!("change {i}\n\nbody"),
        );
    }
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    repo.branch("feature/fix", &head, false).unwrap();
    repo.remote("origin", "git@github.com:showrunner-demo/app.git")
        .unwrap();

    let s = read(dir.path()).unwrap();
    let default_branch = repo.head().unwrap().shorthand().unwrap().to_string();
    assert_eq!(s.branch.as_deref(), Some(default_branch.as_str()));
    assert_eq!(s.head.as_ref().unwrap().subject, "change 11");
    assert_eq!(s.recent.len(), 10, "like git log --oneline -10");
    assert_eq!(s.recent[9].subject, "change 2");
    assert!(s.branches.contains(&"feature/fix".to_string()));
    assert_eq!(
        s.origin_url.as_deref(),
        Some("git@github.com:showrunner-demo/app.git")
    );
    assert_eq!(s.upstream, None);
}

#[test]
fn ahead_and_behind_are_counted_against_the_upstream() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::init(dir.path()).unwrap();
    commit(&repo, "a", "1", "base");
    let base = repo.head().unwrap().peel_to_commit().unwrap();
    let branch = repo.head().unwrap().shorthand().unwrap().to_string();
    // A fake remote-tracking branch one commit behind local, plus one commit only it has.
    repo.reference(
        &format!("refs/remotes/origin/{branch}"),
        base.id(),
        true,
        "test",
    )
    .unwrap();
    commit(&repo, "a", "2", "local 1");
    commit(&repo, "a", "3", "local 2");
    let mut cfg = repo.config().unwrap();
    cfg.set_str(&format!("branch.{branch}.remote"), "origin")
        .unwrap();
    cfg.set_str(
        &format!("branch.{branch}.merge"),
        &format!("refs/heads/{branch}"),
    )
    .unwrap();
    repo.remote("origin", "https://github.com/o/r.git").unwrap();
    let s = read(dir.path()).unwrap();
    assert_eq!(s.upstream, Some((format!("origin/{branch}"), 2, 0)));
}

#[test]
fn not_a_repository_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let err = read(dir.path()).unwrap_err();
    assert!(err.starts_with("not a git repository"), "{err}");
}

#[test]
fn github_slugs_from_every_remote_form() {
    let want = Some(("showrunner-demo".to_string(), "app".to_string()));
    assert_eq!(
        github_slug("https://github.com/showrunner-demo/app.git"),
        want
    );
    assert_eq!(github_slug("https://github.com/showrunner-demo/app"), want);
    assert_eq!(github_slug("git@github.com:showrunner-demo/app.git"), want);
    assert_eq!(
        github_slug("ssh://git@github.com/showrunner-demo/app.git"),
        want
    );
    assert_eq!(
        github_slug("https://ghe.example.com/showrunner-demo/app/"),
        want
    );
    assert_eq!(github_slug("https://github.com/only-owner"), None);
    assert_eq!(github_slug("/local/path"), None);
}
