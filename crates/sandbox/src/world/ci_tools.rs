//! The linters, scanner and tests of the demo workflow, printing what those tools print for
//! the files actually in the commit. A step told to fail prints a plausible finding and
//! ends with the runner's exit-code error.

use super::ci_log::{ENDGROUP, group};
use super::ci_output::{Script, WORKDIR, run_header};
use crate::git::facts::CommitFacts;

/// What pip resolves, matching the pins of the demo repository.
const VERSIONS: [(&str, &str); 6] = [
    ("pytest", "8.3.4"),
    ("pylint", "3.3.2"),
    ("black", "24.10.0"),
    ("pyright", "1.1.390"),
    ("flask", "3.1.0"),
    ("gunicorn", "23.0.0"),
];
const TOOLS: [&str; 4] = ["pytest", "pylint", "black", "pyright"];

pub fn pyright(s: &mut Script, f: &CommitFacts, fail: bool) {
    run_header(
        s,
        &["pip install -r requirements-dev.txt", "pyright app.py"],
    );
    let mut installed = Vec::new();
    for req in f.requirements.iter().map(String::as_str).chain(TOOLS) {
        let (name, version) = split_req(req);
        s.wait(0.25).line(format!("Collecting {req}"));
        s.line(format!(
            "  Downloading {}-{version}-py3-none-any.whl.metadata (4.1 kB)",
            name.replace('-', "_")
        ));
        installed.push(format!("{name}-{version}"));
    }
    s.wait(1.2)
        .line("Installing collected packages: ".to_string() + &names(&installed))
        .wait(1.5)
        .line(format!("Successfully installed {}", installed.join(" ")))
        .wait(0.8)
        .line("* Install prerequisites")
        .line("* Initializing pyright")
        .wait(1.6);
    if fail {
        s.line(format!("{WORKDIR}/app.py"))
            .line(format!(
                "  {WORKDIR}/app.py:42:12 - error: \"user\" is possibly unbound (reportPossiblyUnbound)"
            ))
            .line("1 error, 0 warnings, 0 informations ")
            .exit(1);
    } else {
        s.line("0 errors, 0 warnings, 0 informations ");
    }
    s.wait(0.2);
}

pub fn pylint(s: &mut Script, _f: &CommitFacts, fail: bool) {
    run_header(s, &["pylint app.py tests"]);
    s.wait(4.5);
    if fail {
        s.line("************* Module app")
            .line("app.py:4:0: W0611: Unused import os (unused-import)")
            .line("app.py:57:4: W0621: Redefining name 'user' from outer scope (line 40) (redefined-outer-name)")
            .line("")
            .line("------------------------------------------------------------------")
            .line("Your code has been rated at 9.12/10 (previous run: 10.00/10, -0.88)")
            .line("")
            .exit(12);
    } else {
        s.line("")
            .line("--------------------------------------------------------------------")
            .line("Your code has been rated at 10.00/10 (previous run: 10.00/10, +0.00)")
            .line("");
    }
    s.wait(0.3);
}

pub fn black(s: &mut Script, f: &CommitFacts, fail: bool) {
    run_header(s, &["black --check ."]);
    s.wait(1.4);
    let n = f.python_files.len();
    if fail {
        s.line(format!("would reformat {WORKDIR}/app.py"))
            .line("")
            .line("Oh no! 💥 💔 💥")
            .line(format!(
                "1 file would be reformatted, {} files would be left unchanged.",
                n.saturating_sub(1)
            ))
            .exit(1);
    } else {
        s.line("All done! ✨ 🍰 ✨").line(format!(
            "{n} file{} would be left unchanged.",
            if n == 1 { "" } else { "s" }
        ));
    }
    s.wait(0.2);
}

pub fn snyk(s: &mut Script, f: &CommitFacts, fail: bool) {
    s.line(group("Run snyk/actions/python@master"))
        .line("with:\n  args: --severity-threshold=high\n  command: test\n  json: false")
        .lines(["env:", super::ci_output::IMAGE_ENV, "  SNYK_TOKEN: ***", ENDGROUP])
        .line(format!(
            "/usr/bin/docker run --name snyksnykpython_1a2b3c --label 5a3f1e --workdir /github/workspace --rm -e \"IMAGE\" -e \"SNYK_TOKEN\" -e \"INPUT_ARGS\" -e \"INPUT_COMMAND\" -e \"GITHUB_SHA\" -v \"{WORKDIR}\":\"/github/workspace\" snyk/snyk:python snyk test --severity-threshold=high"
        ))
        .wait(5.5)
        .line("")
        .line("Testing /github/workspace...")
        .wait(2.5)
        .line("");
    let deps = f.requirements.len() * 4 + 1;
    if fail {
        s.line("Tested 9 dependencies for known issues, found 1 issue, 1 vulnerable path.")
            .line("")
            .line("Issues to fix by upgrading dependencies:")
            .line("")
            .line("  Upgrade werkzeug@3.0.3 to werkzeug@3.0.6 to fix")
            .line("  ✗ Uncontrolled Resource Consumption [High Severity] in werkzeug@3.0.3")
            .line("    introduced by flask@3.1.0 > werkzeug@3.0.3")
            .line("");
    } else {
        s.line(format!(
            "✔ Tested {deps} dependencies for known issues, no vulnerable paths found."
        ))
        .line("");
    }
    s.lines([
        "Organization:      showrunner-demo",
        "Package manager:   pip",
        "Target file:       requirements.txt",
        "Project name:      app",
        "Open source:       no",
        "Project path:      /github/workspace",
        "Licenses:          enabled",
        "",
    ]);
    if fail {
        s.exit(1);
    } else {
        s.line(
            "##[warning]1 low severity issue (werkzeug) is below --severity-threshold=high and was not reported.",
        );
    }
    s.wait(0.4);
}

pub fn pytest(s: &mut Script, f: &CommitFacts, fail: bool) {
    run_header(s, &["pytest"]);
    let total: usize = f.tests.iter().map(|(_, n)| n).sum();
    s.wait(1.8)
        .line(banner("=", " test session starts "))
        .line("platform linux -- Python 3.12.8, pytest-8.3.4, pluggy-1.5.0")
        .line(format!("rootdir: {WORKDIR}"))
        .line("configfile: pyproject.toml")
        .line("testpaths: tests")
        .wait(0.6)
        .line(format!("collected {total} items"))
        .line("");
    let failing = &f.failing_tests;
    let fails = |i: usize, file: &str, k: usize| match failing.is_empty() {
        // A failure asked for by a test switch: the first test takes it.
        true => fail && i == 0 && k == 0,
        false => failing.iter().any(|t| t.file == file && t.index == k),
    };
    let mut done = 0;
    for (i, (file, n)) in f.tests.iter().enumerate() {
        done += n;
        let dots: String = (0..*n)
            .map(|k| if fails(i, file, k) { 'F' } else { '.' })
            .collect();
        let pct = format!("[{:>3}%]", done * 100 / total.max(1));
        let left = format!("{file} {dots}");
        let pad = 80usize
            .saturating_sub(left.chars().count() + pct.len())
            .max(1);
        s.wait(0.4).line(format!("{left}{}{pct}", " ".repeat(pad)));
    }
    s.line("");
    if fail && !failing.is_empty() {
        failures(s, failing, total);
    } else if fail {
        let file = f.tests.first().map(|(p, _)| p.as_str()).unwrap_or("tests");
        s.line(banner("=", " FAILURES "))
            .line(banner("_", " test_health "))
            .line("")
            .line("    def test_health(client):")
            .line("        \"\"\"The probe answers ok.\"\"\"")
            .line(">       assert client.get(\"/healthz\").json[\"status\"] == \"ok\"")
            .line("E       AssertionError: assert 'degraded' == 'ok'")
            .line("")
            .line(format!("{file}:18: AssertionError"))
            .line(banner("=", " short test summary info "))
            .line(format!(
                "FAILED {file}::test_health - AssertionError: assert 'degraded' == 'ok'"
            ))
            .line(banner(
                "=",
                &format!(" 1 failed, {} passed in 0.47s ", total.saturating_sub(1)),
            ))
            .exit(1);
    } else {
        s.line(banner("=", &format!(" {total} passed in 0.42s ")));
    }
    s.wait(0.3);
}

/// pytest's report of the commit's failing tests: each one's source with `>` at the failing
/// line and its `E` line, the short summary, and the counts.
fn failures(s: &mut Script, failing: &[crate::git::facts::FailingTest], total: usize) {
    s.line(banner("=", " FAILURES "));
    for t in failing {
        s.line(banner("_", &format!(" {} ", t.name))).line("");
        let assert_at = t.source.len().saturating_sub(1);
        for (i, l) in t.source.iter().enumerate() {
            let mark = if i == assert_at { ">" } else { " " };
            s.line(format!("{mark}   {l}"));
        }
        s.line(format!("E       {}", t.error))
            .line("")
            .line(format!("{}:{}: AssertionError", t.file, t.line));
    }
    s.line(banner("=", " short test summary info "));
    for t in failing {
        s.line(format!("FAILED {}::{} - {}", t.file, t.name, t.error));
    }
    s.line(banner(
        "=",
        &format!(
            " {} failed, {} passed in 0.47s ",
            failing.len(),
            total.saturating_sub(failing.len())
        ),
    ))
    .exit(1);
}

/// pytest's 80-column rule with a centred title.
pub fn banner(fill: &str, title: &str) -> String {
    let width = 80usize.saturating_sub(title.chars().count());
    let left = width / 2;
    format!("{}{title}{}", fill.repeat(left), fill.repeat(width - left))
}

fn split_req(req: &str) -> (&str, &str) {
    if let Some((n, v)) = req.split_once("==") {
        return (n, v);
    }
    let name = req.split(['>', '<', '=', '~', '!']).next().unwrap_or(req);
    let version = VERSIONS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map_or("1.0.0", |(_, v)| *v);
    (name, version)
}

fn names(installed: &[String]) -> String {
    installed
        .iter()
        .map(|p| p.rsplit_once('-').map(|(n, _)| n).unwrap_or(p))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banners_are_eighty_columns() {
        let b = banner("=", " 8 passed in 0.42s ");
        assert_eq!(b.chars().count(), 80);
        assert!(b.starts_with("====") && b.ends_with("===="));
    }

    #[test]
    fn requirements_split_pinned_and_bare() {
        assert_eq!(split_req("flask==3.1.0"), ("flask", "3.1.0"));
        assert_eq!(split_req("pytest"), ("pytest", "8.3.4"));
        assert_eq!(split_req("gunicorn>=22.0"), ("gunicorn", "23.0.0"));
    }
}
