use std::path::Path;
use std::time::Duration;

use proptest::prelude::*;

use super::*;
use crate::runbook::model::{Block, Builtin, FreightRef, Shell};

fn errors(source: &str) -> Vec<String> {
    parse(Path::new("talk.md"), source)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

const GOOD: &str = "---
title: Image promotion
project: kargo-demo
namespaces: [dev, stg, prod]
repo: sandbox
github: showrunner-demo/app
duration: 90m
schedule:
  - step: 1
    at: 0m
    for: 5m
  - step: Promote to stg
    at: 5m
    for: 10m
---

# Ignored when front matter has a title

Intro text.

## Show main history

Show the audience **where** we start.

- first point
- second `point`

```sh
git log --oneline -5
```

## Promote to stg

```showrunner
# comments are fine
approve freight=head stage=stg
promote freight=head stage=stg
wait promotion stage=stg succeeded timeout=5m
```

```sh timeout=30s fallback
kubectl get pods -n stg
```

```yaml
kind: Shown
```
";

#[test]
fn a_complete_runbook_parses_into_the_model() {
    let rb = parse(Path::new("talk.md"), GOOD).unwrap();
    assert_eq!(rb.title, "Image promotion");
    assert_eq!(rb.project.as_deref(), Some("kargo-demo"));
    assert_eq!(rb.namespaces, ["dev", "stg", "prod"]);
    assert_eq!(rb.repo.as_deref(), Some("sandbox"));
    assert_eq!(rb.github.as_deref(), Some("showrunner-demo/app"));
    assert_eq!(rb.duration, Some(Duration::from_secs(90 * 60)));
    assert_eq!(rb.steps.len(), 2);
    let first = &rb.steps[0];
    assert_eq!(first.title, "Show main history");
    assert_eq!(first.line, 21);
    assert_eq!(
        first.notes,
        [
            "Show the audience where we start.",
            "• first point",
            "• second point"
        ]
    );
    let [Block::Command(c)] = &first.blocks[..] else {
        panic!("{:?}", first.blocks)
    };
    assert_eq!(
        (c.script.as_str(), c.shell, c.line),
        ("git log --oneline -5\n", Shell::Sh, 28)
    );
    assert_eq!(first.schedule.unwrap().length, Duration::from_secs(300));
    let second = &rb.steps[1];
    let Block::Builtins(actions) = &second.blocks[0] else {
        panic!()
    };
    assert_eq!(actions.len(), 3);
    assert_eq!(
        actions[1].builtin,
        Builtin::Promote {
            freight: FreightRef::Head,
            stage: "stg".into()
        }
    );
    assert_eq!(
        (actions[1].line, actions[1].source.as_str()),
        (37, "promote freight=head stage=stg")
    );
    assert!(
        matches!(&second.fallback[..], [Block::Command(c)] if c.timeout == Duration::from_secs(30))
    );
    assert_eq!(second.notes, ["kind: Shown"]);
    assert_eq!(second.schedule.unwrap().at, Duration::from_secs(300));
}

#[test]
fn front_matter_problems_are_located() {
    assert_eq!(
        errors("---\ntitle: x\ntitel: y\n---\n## s\n"),
        [
            "talk.md:3:1: unknown field `titel` in front matter: did you mean `title`? (expected one of title, project, namespaces, repo, github, duration, schedule)"
        ]
    );
    assert_eq!(
        errors("---\ntitle: x\nduration: soon\n---\n## s\n"),
        [
            "talk.md:3:11: bad duration `soon` for duration: expected a number with a unit up to 168h, like 30s, 5m or 1h30m"
        ]
    );
    assert_eq!(
        errors("---\ntitle: x\ngithub: just-a-name\n---\n## s\n"),
        ["talk.md:3:9: bad github `just-a-name`: expected OWNER/NAME"]
    );
    assert_eq!(
        errors("---\ntitle: x\n## s\n"),
        ["talk.md:1:1: unterminated front matter: expected a closing `---` line"]
    );
    assert_eq!(
        errors("---\ntitle: x\nschedule:\n  - step: 3\n    at: 0m\n    for: 1m\n---\n## s\n"),
        ["talk.md:4:11: schedule names step 3, but the runbook has 1 step"]
    );
    assert_eq!(
        errors("---\ntitle: x\nschedule:\n  - step: Nope\n    at: 0m\n    for: 1m\n---\n## s\n"),
        ["talk.md:4:11: schedule names step \"Nope\", but no step has that title"]
    );
}

#[test]
fn every_front_matter_problem_is_reported_in_one_run() {
    let source = "---\n\
                  titel: Ship it\n\
                  namespaces: {dev: 1}\n\
                  github: nope\n\
                  duration: soon\n\
                  project: kargo-demo\n\
                  project: again\n\
                  shedule:\n\
                  \x20 - step: 1\n\
                  schedule:\n\
                  \x20 - step: 1\n\
                  \x20   at: 0m\n\
                  \x20   fro: 5m\n\
                  \x20 - step: 1\n\
                  \x20   at: later\n\
                  \x20   for: 5m\n\
                  ---\n\
                  # T\n\n## s\n";
    assert_eq!(
        errors(source),
        [
            "talk.md:2:1: unknown field `titel` in front matter: did you mean `title`? (expected one of title, project, namespaces, repo, github, duration, schedule)",
            "talk.md:3:13: `namespaces` must be a list like [dev, stg], not a mapping",
            "talk.md:4:9: bad github `nope`: expected OWNER/NAME",
            "talk.md:5:11: bad duration `soon` for duration: expected a number with a unit up to 168h, like 30s, 5m or 1h30m",
            "talk.md:7:1: `project` is given twice in front matter",
            "talk.md:8:1: unknown field `shedule` in front matter: did you mean `schedule`? (expected one of title, project, namespaces, repo, github, duration, schedule)",
            "talk.md:11:5: schedule entry without for",
            "talk.md:13:5: unknown field `fro` in a schedule entry: did you mean `for`? (expected one of step, at, for)",
            "talk.md:15:9: bad duration `later` for at: expected a number with a unit up to 168h, like 30s, 5m or 1h30m",
        ]
    );
}

#[test]
fn front_matter_values_of_the_wrong_kind_say_what_they_are() {
    assert_eq!(
        errors("---\ntitle: [a, b]\nschedule: 5m\n---\n## s\n"),
        [
            "talk.md:2:8: `title` must be text, not a list",
            "talk.md:3:11: `schedule` must be a list of `- step: N` entries, not text",
        ]
    );
    assert_eq!(
        errors("---\n- a\n---\n## s\n"),
        ["talk.md:2:1: front matter must be `key: value` lines, not a list"]
    );
}

#[test]
fn body_problems_are_located_and_all_collected() {
    let source = "# T\n\n## One\n\n```showrunner\npromot freight=latest stage=stg\n  zoom podz\nwait stage=dev healthy timeout=12x\n```\n\n```sh timeout=1y retries=3\necho\n```\n";
    assert_eq!(
        errors(source),
        [
            "talk.md:6:1: unknown action `promot`: did you mean `promote`? (expected one of promote, approve, abort, sync, refresh, rollback, wait, focus, zoom, open, pause)",
            "talk.md:7:8: unknown pane `podz`: did you mean `pods`? (expected one of runbook, pipeline, freight, promotions, applications, pods, ci, git, output)",
            "talk.md:8:24: bad duration `12x` for timeout: expected a number with a unit up to 168h, like 30s, 5m or 1h30m",
            "talk.md:11:15: bad duration `1y` for timeout: expected a number with a unit up to 168h, like 30s, 5m or 1h30m",
            "talk.md:11:18: unknown option `retries=3` for ```sh: expected timeout=DURATION or fallback",
        ]
    );
}

#[test]
fn missing_title_steps_and_misplaced_blocks_are_explained() {
    assert_eq!(
        errors("just text\n"),
        ["talk.md:1:1: no title: expected `title:` in the front matter or a `# Title` heading",]
    );
    assert_eq!(
        errors("# T\n\nonly an intro\n"),
        ["talk.md:1:1: no steps: expected `## Step title` headings"]
    );
    assert_eq!(
        errors("# T\n\n```sh\necho\n```\n\n## s\n"),
        ["talk.md:3:1: ```sh block before the first step: put it under a `## Step` heading"]
    );
}

#[test]
fn blocks_that_look_runnable_but_are_not_are_refused_in_steps_only() {
    let source = "# T\n\n```shell\nhelm install\n```\n\n## s\n\n```shell\nls\n```\n\n```showruner\nzoom pods\n```\n\n```yaml\na: 1\n```\n";
    assert_eq!(
        errors(source),
        [
            "talk.md:9:4: ```shell blocks are not run: expected sh, bash or showrunner (or text to show it as a note)",
            "talk.md:13:4: ```showruner blocks are not run: expected sh, bash or showrunner (or text to show it as a note)",
        ]
    );
}

#[test]
fn load_reports_unreadable_files() {
    let e = load(Path::new("/nonexistent/talk.md")).unwrap_err();
    assert!(
        e[0].to_string()
            .starts_with("/nonexistent/talk.md:1:1: cannot read the runbook:"),
        "{}",
        e[0]
    );
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_text(s in "\\PC{0,400}") {
        let _ = parse(Path::new("x.md"), &s);
    }

    #[test]
    fn never_panics_on_any_timeout(value in "[0-9.e]{0,40}(h|m|s|ms|us|ns|x)?") {
        let source = format!("## Step\n\n```showrunner\nwait stage=dev healthy timeout={value}\n```\n");
        let _ = parse(Path::new("x.md"), &source);
    }

    #[test]
    fn never_panics_on_runbook_shaped_text(
        front in "(---\n([a-z]{0,8}: [ -~]{0,12}\n){0,4}(---\n)?)?",
        blocks in proptest::collection::vec("(#{1,3} [ -~]{0,10}\n|```(sh|bash|showrunner|yaml)?( [a-z=0-9]{0,10}){0,2}\n([ -~]{0,30}\n){0,3}(```\n)?|[ -~]{0,40}\n)", 0..12),
    ) {
        let _ = parse(Path::new("x.md"), &(front + &blocks.concat()));
    }
}
