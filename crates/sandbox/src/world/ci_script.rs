//! What each step of the demo workflow prints: the runner's own steps (set-up, checkout,
//! post and complete) here, the tools in `ci_tools`, docker in `ci_docker`. Text follows
//! the real runner's shape (groups, `[command]` lines, cyan echo of `run:` scripts) but is
//! written for this demo.

use super::ci_docker;
use super::ci_log::{ENDGROUP, group};
use super::ci_output::{IMAGE_ENV, Script, WORKDIR};
use super::ci_tools;
use crate::git::facts::CommitFacts;
use crate::git::{NAME, OWNER};

pub fn step(name: &str, f: &CommitFacts, fail: bool) -> Script {
    let mut s = Script::default();
    match name {
        "Set up job" => set_up(&mut s),
        "Checkout" => checkout(&mut s, f, fail),
        "pyright" => ci_tools::pyright(&mut s, f, fail),
        "pylint" => ci_tools::pylint(&mut s, f, fail),
        "black" => ci_tools::black(&mut s, f, fail),
        "snyk" => ci_tools::snyk(&mut s, f, fail),
        "test" => ci_tools::pytest(&mut s, f, fail),
        "build" => ci_docker::build(&mut s, f, fail),
        "push" => ci_docker::push(&mut s, f, fail),
        "Post Checkout" => post_checkout(&mut s),
        "Complete job" => {
            s.wait(0.3).line("Cleaning up orphan processes").wait(0.2);
        }
        other => {
            s.line(format!("##[group]Run {other}")).line(ENDGROUP);
            if fail {
                s.wait(0.5).exit(1);
            }
        }
    }
    s
}

/// A made-up but stable 40-hex SHA for an action reference.
pub fn action_sha(action: &str) -> String {
    sha1_smol::Sha1::from(format!("action|{action}"))
        .digest()
        .to_string()
}

fn set_up(s: &mut Script) {
    s.wait(0.8)
        .line("Current runner version: '2.321.0'")
        .lines([
            group("Operating System"),
            "Ubuntu".into(),
            "24.04.1".into(),
            "LTS".into(),
            ENDGROUP.into(),
            group("Runner Image"),
            "Image: ubuntu-24.04".into(),
            "Version: 20250105.1.0".into(),
            ENDGROUP.into(),
            group("Runner Image Provisioner"),
            "2.0.404.1".into(),
            ENDGROUP.into(),
            group("GITHUB_TOKEN Permissions"),
            "Contents: read".into(),
            "Metadata: read".into(),
            "Packages: write".into(),
            ENDGROUP.into(),
            "Secret source: Actions".into(),
            "Prepare workflow directory".into(),
            "Prepare all required actions".into(),
            "Getting action download info".into(),
        ])
        .wait(0.4)
        .line(format!(
            "Download action repository 'actions/checkout@v4' (SHA:{})",
            action_sha("actions/checkout@v4")
        ))
        .line(format!(
            "Download action repository 'snyk/actions@master' (SHA:{})",
            action_sha("snyk/actions@master")
        ))
        .wait(0.3)
        .line(group("Pull down action image 'snyk/snyk:python'"))
        .line("##[command]/usr/bin/docker pull snyk/snyk:python")
        .line("python: Pulling from snyk/snyk")
        .wait(0.5)
        .line(format!(
            "Digest: sha256:{}",
            sha1_smol::Sha1::from("snyk:python").digest()
        ))
        .line("Status: Downloaded newer image for snyk/snyk:python")
        .line("docker.io/snyk/snyk:python")
        .line(ENDGROUP)
        .line("##[warning]The snyk action is referenced by a branch (snyk/actions@master); pin it to a commit SHA to make runs reproducible.")
        .line("Complete job name: build-and-push")
        .wait(0.2);
}

fn checkout(s: &mut Script, f: &CommitFacts, fail: bool) {
    let repo = format!("{OWNER}/{NAME}");
    s.line(group("Run actions/checkout@v4"))
        // One record over several lines: continuation lines carry no timestamp.
        .line(format!(
            "with:\n  repository: {repo}\n  token: ***\n  ssh-strict: true\n  ssh-user: git\n  persist-credentials: true\n  clean: true\n  fetch-depth: 1\n  fetch-tags: false\n  lfs: false\n  submodules: false\n  set-safe-directory: true"
        ))
        .lines(["env:", IMAGE_ENV, ENDGROUP])
        .line(format!("Syncing repository: {repo}"))
        .lines([
            group("Getting Git version info"),
            format!("Working directory is '{WORKDIR}'"),
            "[command]/usr/bin/git version".into(),
            "git version 2.47.1".into(),
            ENDGROUP.into(),
            format!("[command]/usr/bin/git config --global --add safe.directory {WORKDIR}"),
            group("Initializing the repository"),
            format!("[command]/usr/bin/git init {WORKDIR}"),
            format!("Initialized empty Git repository in {WORKDIR}/.git/"),
            format!("[command]/usr/bin/git remote add origin https://github.com/{repo}"),
            ENDGROUP.into(),
            group("Disabling automatic garbage collection"),
            "[command]/usr/bin/git config --local gc.auto 0".into(),
            ENDGROUP.into(),
            group("Fetching the repository"),
            format!(
                "[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +{}:refs/remotes/origin/main",
                f.sha
            ),
        ])
        .wait(0.9);
    if fail {
        s.line("fatal: unable to access 'https://github.com/showrunner-demo/app/': The requested URL returned error: 500")
            .line("The process '/usr/bin/git' failed with exit code 128")
            .line(ENDGROUP)
            .line("##[error]The process '/usr/bin/git' failed with exit code 128");
        return;
    }
    s.lines([
        format!("From https://github.com/{repo}"),
        format!(" * [new ref]         {}  -> origin/main", f.sha),
        ENDGROUP.into(),
        group("Checking out the ref"),
        "[command]/usr/bin/git checkout --progress --force -B main refs/remotes/origin/main".into(),
        "Switched to a new branch 'main'".into(),
        "branch 'main' set up to track 'origin/main'.".into(),
        ENDGROUP.into(),
        "[command]/usr/bin/git log -1 --format=%H".into(),
        f.sha.clone(),
    ])
    .wait(0.3);
}

fn post_checkout(s: &mut Script) {
    s.line("Post job cleanup.")
        .wait(0.2)
        .lines([
            "[command]/usr/bin/git version".to_string(),
            "git version 2.47.1".into(),
            format!("[command]/usr/bin/git config --global --add safe.directory {WORKDIR}"),
            "[command]/usr/bin/git config --local --name-only --get-regexp http\\.https\\:\\/\\/github\\.com\\/\\.extraheader".into(),
            "http.https://github.com/.extraheader".into(),
            "[command]/usr/bin/git config --local --unset-all http.https://github.com/.extraheader".into(),
        ])
        .wait(0.2);
}
