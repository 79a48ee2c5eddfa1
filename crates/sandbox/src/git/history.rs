//! Writes the demo history with git2: a few commits on `main` at plausible past times, and
//! the talk's feature branches forked from `main~1`, so each `git merge` of them is a real
//! merge commit (not a fast-forward) and merges cleanly in any order.

use std::path::Path;

use git2::{IndexEntry, IndexTime, Oid, Repository, RepositoryInitOptions, Signature, Time};
use jiff::Timestamp;

use super::files::{self, App, Files, Store};
use super::{MARKER_KEY, REMOTE_URL};

struct Person {
    name: &'static str,
    email: &'static str,
    /// Minutes east of UTC, as git records it.
    offset: i32,
}

const DANA: Person = Person {
    name: "Dana Developer",
    email: "dana@showrunner.dev",
    offset: 60,
};
const PRIYA: Person = Person {
    name: "Priya Raman",
    email: "priya@showrunner.dev",
    offset: 330,
};
const ALEX: Person = Person {
    name: "Alex Kim",
    email: "alex@showrunner.dev",
    offset: -300,
};

/// Who `git merge` in the sandbox repository commits as: a fresh CI machine has no global
/// identity, and a presenter's own must not leak into the demo.
pub const PRESENTER: (&str, &str) = ("Demo Presenter", "presenter@showrunner.dev");

struct Writer<'r> {
    repo: &'r Repository,
    now: i64,
}

impl Writer<'_> {
    fn tree(&self, files: &Files) -> Result<Oid, git2::Error> {
        let mut index = git2::Index::new()?;
        for (path, content) in files {
            let id = self.repo.blob(content.as_bytes())?;
            index.add(&entry(path, id, content.len()))?;
        }
        index.write_tree_to(self.repo)
    }

    /// Commits `files` on top of `parent`, `hours_ago` before now, and moves `branch` there.
    fn commit(
        &self,
        branch: &str,
        parent: Option<Oid>,
        files: &Files,
        who: &Person,
        hours_ago: f64,
        message: &str,
    ) -> Result<Oid, git2::Error> {
        let tree = self.repo.find_tree(self.tree(files)?)?;
        let when = Time::new(self.now - (hours_ago * 3600.0) as i64, who.offset);
        let sig = Signature::new(who.name, who.email, &when)?;
        let parents = match parent {
            Some(p) => vec![self.repo.find_commit(p)?],
            None => Vec::new(),
        };
        let parent_refs: Vec<&git2::Commit> = parents.iter().collect();
        let id = self
            .repo
            .commit(None, &sig, &sig, message, &tree, &parent_refs)?;
        self.repo
            .reference(&format!("refs/heads/{branch}"), id, true, message)?;
        self.repo.reference(
            &format!("refs/remotes/origin/{branch}"),
            id,
            true,
            "fetch: demo history",
        )?;
        Ok(id)
    }
}

fn entry(path: &str, id: Oid, len: usize) -> IndexEntry {
    IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100_644,
        uid: 0,
        gid: 0,
        file_size: len as u32,
        id,
        flags: path.len().min(0xfff) as u16,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

fn with(mut files: Files, path: &str, content: impl Into<String>) -> Files {
    files.insert(path.to_string(), content.into());
    files
}

/// Initialises `path` (which must not exist) with the demo history and checks out `main`.
pub fn create(path: &Path) -> Result<Repository, git2::Error> {
    let mut opts = RepositoryInitOptions::new();
    opts.initial_head("main").mkpath(true);
    let repo = Repository::init_opts(path, &opts)?;
    configure(&repo)?;
    let w = Writer {
        repo: &repo,
        now: Timestamp::now().as_second(),
    };
    let app = |by_team, update, delete, store| {
        files::app_py(App {
            by_team,
            update,
            delete,
            store,
        })
    };
    let mem = Store::Memory;

    let mut v1 = Files::new();
    for (p, c) in [
        (files::APP_PY, app(false, false, false, mem)),
        ("requirements.txt", files::requirements(false)),
        ("requirements-dev.txt", files::requirements_dev(false)),
        ("Dockerfile", files::DOCKERFILE.into()),
        (".dockerignore", files::DOCKERIGNORE.into()),
        (".gitignore", files::GITIGNORE.into()),
        ("README.md", files::README.into()),
        ("pyproject.toml", files::PYPROJECT.into()),
    ] {
        v1.insert(p.into(), c);
    }
    let c1 = w.commit("main", None, &v1, &DANA, 290.0, "Create the users service")?;
    let v2 = with(
        with(v1, "tests/test_app.py", files::test_file(files::TEST_APP)),
        files::WORKFLOW_PATH,
        files::WORKFLOW,
    );
    let c2 = w.commit(
        "main",
        Some(c1),
        &v2,
        &PRIYA,
        266.5,
        "Add tests and the CI workflow\n\npyright, pylint, black, snyk and pytest on every push; main also\nbuilds and pushes ghcr.io/showrunner-demo/backend:<short sha>.",
    )?;
    let by_team_tests = format!("{}{}", files::TEST_APP, files::TEST_BY_TEAM);
    let v3 = with(
        with(v2, files::APP_PY, app(true, false, false, mem)),
        "tests/test_app.py",
        files::test_file(&by_team_tests),
    );
    let c3 = w.commit("main", Some(c2), &v3, &DANA, 97.0, "List users by team")?;

    let u1 = w.commit(
        "feature/update-user",
        Some(c3),
        &with(v3.clone(), files::APP_PY, app(true, true, false, mem)),
        &ALEX,
        50.0,
        "Update a user's name or team",
    )?;
    let u2_files = with(
        with(v3.clone(), files::APP_PY, app(true, true, false, mem)),
        "tests/test_update_user.py",
        files::test_file(files::TEST_UPDATE),
    );
    w.commit(
        "feature/update-user",
        Some(u1),
        &u2_files,
        &ALEX,
        49.2,
        "Test updating users",
    )?;
    w.commit(
        "feature/delete-user",
        Some(c3),
        &with(
            with(v3.clone(), files::APP_PY, app(true, false, true, mem)),
            "tests/test_delete_user.py",
            files::test_file(files::TEST_DELETE),
        ),
        &PRIYA,
        45.5,
        "Delete users",
    )?;
    w.commit(
        "feature/paging",
        Some(c3),
        &with(
            v3.clone(),
            "tests/test_paging.py",
            files::test_file(files::TEST_PAGING),
        ),
        &DANA,
        12.0,
        "Test paging the user list",
    )?;
    let broken = Store::FromEnv { fixed: false };
    let e1_files = with(
        with(v3.clone(), files::APP_PY, app(true, false, false, broken)),
        "tests/conftest.py",
        files::CONFTEST,
    );
    let e1 = w.commit(
        "feature/error",
        Some(c3),
        &e1_files,
        &ALEX,
        28.0,
        "Read the database URL from the environment",
    )?;
    let fixed = Store::FromEnv { fixed: true };
    w.commit(
        "feature/fix",
        Some(e1),
        &with(
            with(e1_files, files::APP_PY, app(true, false, false, fixed)),
            "tests/test_startup.py",
            files::TEST_STARTUP,
        ),
        &ALEX,
        20.0,
        "Fall back to the in-memory store without DATABASE_URL\n\nThe cluster does not set DATABASE_URL, so the service crashed at start-up.",
    )?;

    let v4 = with(
        with(v3, "requirements.txt", files::requirements(true)),
        "requirements-dev.txt",
        files::requirements_dev(true),
    );
    w.commit("main", Some(c3), &v4, &PRIYA, 22.5, "Pin dependencies")?;

    repo.set_head("refs/heads/main")?;
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))?;
    Ok(repo)
}

fn configure(repo: &Repository) -> Result<(), git2::Error> {
    repo.remote("origin", REMOTE_URL)?;
    let mut cfg = repo.config()?;
    cfg.set_str("user.name", PRESENTER.0)?;
    cfg.set_str("user.email", PRESENTER.1)?;
    // A presenter's global signing setup would make `git merge` prompt or fail mid-talk.
    cfg.set_bool("commit.gpgsign", false)?;
    cfg.set_str("branch.main.remote", "origin")?;
    cfg.set_str("branch.main.merge", "refs/heads/main")?;
    cfg.set_bool(MARKER_KEY, true)
}
