//! `docker build` (BuildKit's plain progress, one numbered step per Dockerfile instruction
//! of the commit) and `docker push` ending with the digest the registry will hold.

use super::ci_output::{Script, run_header};
use crate::git::facts::CommitFacts;
use crate::world::images::BACKEND_IMAGE;

/// Stable fake hex for layer and image ids derived from the commit's tree.
fn hex(f: &CommitFacts, what: &str, len: usize) -> String {
    let mut out = String::new();
    let mut i = 0;
    while out.len() < len {
        out.push_str(
            &sha1_smol::Sha1::from(format!("{what}|{i}|{}", f.tree_id))
                .digest()
                .to_string(),
        );
        i += 1;
    }
    out.truncate(len);
    out
}

const BASE: &str = "docker.io/library/python:3.12-slim";

pub fn build(s: &mut Script, f: &CommitFacts, fail: bool) {
    run_header(s, &["docker build -t \"$IMAGE:${GITHUB_SHA::7}\" ."]);
    let base_digest = sha1_smol::Sha1::from(BASE).digest().to_string();
    let base_ref = format!("{BASE}@sha256:{base_digest}{}", &base_digest[..24]);
    s.wait(0.6)
        .line("#0 building with \"default\" instance using docker driver")
        .line("")
        .line("#1 [internal] load build definition from Dockerfile")
        .line("#1 transferring dockerfile: 312B done")
        .line("#1 DONE 0.0s")
        .line("")
        .line(format!("#2 [internal] load metadata for {BASE}"))
        .wait(0.9)
        .line("#2 DONE 0.9s")
        .line("")
        .line("#3 [internal] load .dockerignore")
        .line("#3 transferring context: 71B done")
        .line("#3 DONE 0.0s")
        .line("");
    let total = f.docker_steps.len();
    let mut n = 4;
    for (i, instr) in f.docker_steps.iter().enumerate() {
        let title = format!("#{n} [{}/{total}] {instr}", i + 1);
        if i == 0 {
            s.line(title.replace(
                &format!("FROM {}", strip_from(instr)),
                &format!("FROM {base_ref}"),
            ))
            .line(format!("#{n} resolve {base_ref} done"))
            .wait(1.4)
            .line(format!(
                "#{n} sha256:{} 29.13MB / 29.13MB 1.2s done",
                hex(f, "l0", 64)
            ))
            .wait(1.2)
            .line(format!(
                "#{n} extracting sha256:{} 1.1s done",
                hex(f, "l0", 64)
            ))
            .line(format!("#{n} DONE 3.1s"))
            .line("");
            n += 1;
            s.line(format!("#{n} [internal] load build context"))
                .line(format!("#{n} transferring context: 2.95kB done"))
                .line(format!("#{n} DONE 0.0s"))
                .line("");
        } else if instr.to_ascii_uppercase().starts_with("RUN") {
            s.line(title);
            pip_in_docker(s, f, n, fail);
            if fail {
                s.line(format!(
                    "ERROR: failed to solve: process \"/bin/sh -c {}\" did not complete successfully: exit code: 1",
                    instr[3..].trim()
                ))
                .exit(1);
                return;
            }
            s.line("");
        } else {
            s.line(title)
                .wait(0.2)
                .line(format!("#{n} DONE 0.1s"))
                .line("");
        }
        n += 1;
    }
    let tag = format!("{BACKEND_IMAGE}:{}", f.short());
    s.line(format!("#{n} exporting to image"))
        .line(format!("#{n} exporting layers"))
        .wait(0.5)
        .line(format!("#{n} exporting layers 0.4s done"))
        .line(format!(
            "#{n} writing image sha256:{} done",
            hex(f, "config", 64)
        ))
        .line(format!("#{n} naming to {tag} done"))
        .line(format!("#{n} DONE 0.5s"))
        .wait(0.3);
}

fn strip_from(instr: &str) -> &str {
    instr.get(5..).unwrap_or("").trim()
}

fn pip_in_docker(s: &mut Script, f: &CommitFacts, n: usize, fail: bool) {
    let mut clock = 1.2;
    for (line, req) in f.requirements.iter().enumerate() {
        s.wait(0.6).line(format!(
            "#{n} {clock:.3} Collecting {req} (from -r requirements.txt (line {}))",
            line + 1
        ));
        clock += 0.6;
    }
    s.wait(3.5);
    clock += 3.5;
    if fail {
        s.line(format!(
            "#{n} {clock:.3} ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device"
        ))
        .line(format!("#{n} ERROR: process \"/bin/sh -c pip install --no-cache-dir -r requirements.txt\" did not complete successfully: exit code: 1"));
        return;
    }
    let names: Vec<&str> = f
        .requirements
        .iter()
        .map(|r| r.split(['=', '>', '<', '~']).next().unwrap_or(r))
        .collect();
    s.line(format!(
        "#{n} {clock:.3} Installing collected packages: MarkupSafe, itsdangerous, click, blinker, Werkzeug, Jinja2, {}",
        names.join(", ")
    ))
    .wait(2.0)
    .line(format!(
        "#{n} {:.3} Successfully installed {}",
        clock + 2.0,
        names.join(" ")
    ))
    .line(format!("#{n} DONE {:.1}s", clock + 2.3));
}

pub fn push(s: &mut Script, f: &CommitFacts, fail: bool) {
    run_header(
        s,
        &[
            "echo \"***\" | docker login ghcr.io -u \"dana-dev\" --password-stdin",
            "docker push \"$IMAGE:${GITHUB_SHA::7}\"",
        ],
    );
    s.wait(0.8).lines([
        "WARNING! Your password will be stored unencrypted in /home/runner/.docker/config.json.",
        "Configure a credential helper to remove this warning. See",
        "https://docs.docker.com/engine/reference/commandline/login/#credential-stores",
        "",
        "Login Succeeded",
    ]);
    s.line(format!("The push refers to repository [{BACKEND_IMAGE}]"));
    let layers: Vec<String> = (0..5).map(|i| hex(f, &format!("layer{i}"), 12)).collect();
    for l in &layers {
        s.line(format!("{l}: Preparing"));
    }
    if fail {
        s.wait(1.5)
            .line("denied: permission_denied: write_package")
            .exit(1);
        return;
    }
    s.wait(0.6);
    for l in &layers[..2] {
        s.line(format!("{l}: Pushing"));
    }
    for l in &layers[2..] {
        s.wait(0.2).line(format!("{l}: Layer already exists"));
    }
    for l in &layers[..2] {
        s.wait(1.8).line(format!("{l}: Pushed"));
    }
    s.wait(0.5)
        .line(format!("{}: digest: {} size: 1993", f.short(), f.digest()))
        .wait(0.3);
}
