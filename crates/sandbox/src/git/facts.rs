//! What CI needs to know about a commit, read from its tree: who and when, which Python and
//! test files it has, the Dockerfile's build steps, pinned requirements, and whether the
//! code carries the talk's run-time bug. Everything CI prints and decides comes from here,
//! so a merge's effect follows from the files, never from branch names.

use git2::{Commit, Oid, Repository, Tree};
use jiff::Timestamp;

use super::files::{APP_PY, BROKEN_LINE, WORKFLOW_PATH};

#[derive(Debug, Clone, PartialEq)]
pub struct CommitFacts {
    pub sha: String,
    pub tree_id: String,
    /// Full message; the first line is the run's `display_title`.
    pub message: String,
    pub author: (String, String),
    pub committer: (String, String),
    pub time: Timestamp,
    /// Whether the workflow exists here: GitHub starts no run without it.
    pub has_workflow: bool,
    /// Python files linted and type-checked (app and tests).
    pub python_files: Vec<String>,
    /// Test file → number of `def test_` in it.
    pub tests: Vec<(String, usize)>,
    /// `FROM`, `WORKDIR`, `COPY`, `ADD`, `RUN` lines of the Dockerfile: BuildKit's steps.
    pub docker_steps: Vec<String>,
    /// `name==version` (or bare names) of requirements.txt.
    pub requirements: Vec<String>,
    /// Built fine but crashes at start-up.
    pub broken: bool,
    /// Tests that fail against this commit's app: CI stops at `test`.
    pub failing_tests: Vec<FailingTest>,
}

/// A test function that fails, as pytest reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct FailingTest {
    pub file: String,
    pub name: String,
    /// Its place among the file's tests (0-based), for pytest's row of dots.
    pub index: usize,
    /// The function's source from its `def` line to the failing one.
    pub source: Vec<String>,
    /// 1-based line of the failing `assert` in the file.
    pub line: usize,
    /// What pytest says after `E `.
    pub error: String,
}

/// Seeded users in every version of the app: what an unpaged `/users` returns.
const SEEDED_USERS: usize = 3;

/// Tests that ask for a query parameter (`?limit=`) the app never reads fail: the request is
/// answered as if it were not there. That is how a test written before its code fails here.
pub fn failing_tests(file: &str, test_py: &str, app_py: &str) -> Vec<FailingTest> {
    let lines: Vec<&str> = test_py.lines().collect();
    let mut found = Vec::new();
    let mut index = 0;
    for (start, def) in lines.iter().enumerate() {
        let Some(name) = def
            .strip_prefix("def ")
            .and_then(|d| d.split('(').next())
            .filter(|n| n.starts_with("test_"))
        else {
            continue;
        };
        index += 1;
        let body: Vec<&str> = lines[start + 1..]
            .iter()
            .take_while(|l| l.is_empty() || l.starts_with(' '))
            .copied()
            .collect();
        let unread = body.iter().enumerate().find_map(|(i, l)| {
            // Code only: a docstring may name the parameter too.
            let code = l.trim_start();
            if code.starts_with("\"\"\"") || code.starts_with('#') {
                return None;
            }
            let param = code.split_once('?')?.1.split('=').next()?;
            let read = format!("request.args.get(\"{param}\")");
            (!param.is_empty() && !app_py.contains(&read)).then_some(i)
        });
        let Some(at) = unread else { continue };
        let assert = body[at].trim();
        let error = match assert
            .strip_prefix("assert len(")
            .and_then(|a| a.rsplit_once("== "))
        {
            Some((_, wanted)) => format!("assert {SEEDED_USERS} == {wanted}"),
            None => "AssertionError".to_string(),
        };
        // pytest shows the function up to the failing line.
        let source = std::iter::once(*def)
            .chain(body[..=at].iter().copied())
            .map(|l| l.trim_end().to_string())
            .collect();
        found.push(FailingTest {
            file: file.to_string(),
            name: name.to_string(),
            index: index - 1,
            source,
            line: start + 2 + at,
            error,
        });
    }
    found
}

impl CommitFacts {
    pub fn short(&self) -> &str {
        &self.sha[..self.sha.len().min(7)]
    }

    pub fn subject(&self) -> &str {
        self.message.lines().next().unwrap_or("")
    }

    /// A stable sha256-looking image digest: the same tree always builds the same image.
    pub fn digest(&self) -> String {
        let a = sha1_smol::Sha1::from(format!("image|{}", self.tree_id))
            .digest()
            .to_string();
        let b = sha1_smol::Sha1::from(format!("layers|{}", self.tree_id))
            .digest()
            .to_string();
        format!("sha256:{a}{}", &b[..24])
    }
}

/// The talk's bug: `create_store` indexes `os.environ` for a variable the cluster does not
/// set, so importing the module raises at start-up. Comments do not count.
pub fn is_broken(app_py: &str) -> bool {
    let needle = BROKEN_LINE.trim();
    app_py.lines().any(|l| {
        let code = l.split('#').next().unwrap_or("");
        code.trim() == needle
    })
}

pub fn read(repo: &Repository, id: Oid) -> Result<CommitFacts, git2::Error> {
    let commit = repo.find_commit(id)?;
    let tree = commit.tree()?;
    let mut python_files = Vec::new();
    let mut tests = Vec::new();
    let app_py = text(repo, &tree, APP_PY).unwrap_or_default();
    let mut failing = Vec::new();
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, e| {
        let path = format!("{dir}{}", e.name().unwrap_or(""));
        if path.ends_with(".py") {
            if let Some(text) = text(repo, &tree, &path) {
                let name = path.rsplit('/').next().unwrap_or("");
                if path.starts_with("tests/") && name.starts_with("test_") {
                    tests.push((path.clone(), text.matches("\ndef test_").count()));
                    failing.extend(failing_tests(&path, &text, &app_py));
                }
            }
            python_files.push(path);
        }
        git2::TreeWalkResult::Ok
    })?;
    let dockerfile = text(repo, &tree, "Dockerfile").unwrap_or_default();
    let docker_steps = dockerfile
        .lines()
        .map(str::trim)
        .filter(|l| {
            let word = l
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            matches!(word.as_str(), "FROM" | "WORKDIR" | "COPY" | "ADD" | "RUN")
        })
        .map(String::from)
        .collect();
    let requirements = text(repo, &tree, "requirements.txt")
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('-'))
        .map(String::from)
        .collect();
    let broken = is_broken(&app_py);
    Ok(CommitFacts {
        sha: id.to_string(),
        tree_id: tree.id().to_string(),
        message: commit.message().unwrap_or("").trim_end().to_string(),
        author: person(&commit, true),
        committer: person(&commit, false),
        time: Timestamp::from_second(commit.time().seconds()).unwrap_or_else(|_| Timestamp::now()),
        has_workflow: tree.get_path(std::path::Path::new(WORKFLOW_PATH)).is_ok(),
        python_files,
        tests,
        docker_steps,
        requirements,
        broken,
        failing_tests: failing,
    })
}

fn person(c: &Commit, author: bool) -> (String, String) {
    let s = if author { c.author() } else { c.committer() };
    (
        s.name().unwrap_or("unknown").to_string(),
        s.email().unwrap_or("").to_string(),
    )
}

fn text(repo: &Repository, tree: &Tree, path: &str) -> Option<String> {
    let entry = tree.get_path(std::path::Path::new(path)).ok()?;
    let blob = repo.find_blob(entry.id()).ok()?;
    Some(String::from_utf8_lossy(blob.content()).into_owned())
}

/// First-parent history of `main`, newest first, at most `n` commits.
pub fn main_history(repo: &Repository, n: usize) -> Result<Vec<Oid>, git2::Error> {
    let mut walk = repo.revwalk()?;
    walk.push_ref(super::MAIN_REF)?;
    walk.simplify_first_parent()?;
    walk.take(n).collect()
}
