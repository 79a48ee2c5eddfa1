//! The recorded demo in `assets/demo.cast` (made by `scripts/record-demo.sh` from the talk's
//! end-to-end test) is a whole asciinema v2 recording of the talk, and the cast writer keeps
//! every character a pseudo-terminal sent, even one cut between two reads.

use showrunner_testkit as common;

use std::path::Path;

use common::cast::{Cast, CastWriter};

#[test]
fn the_committed_demo_is_a_playable_recording_of_the_whole_talk() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo.cast");
    let cast = Cast::read(&path).unwrap_or_else(|e| panic!("assets/demo.cast: {e}"));
    assert_eq!((cast.cols, cast.rows), (160, 48));
    assert!(cast.title.contains("--speed 10"), "title: {}", cast.title);
    let screen = cast.last_app_screen();
    // The player ends where the talk ends: every step done, the fix healthy in prod.
    for step in 1..=11 {
        assert!(
            screen.lines().any(|l| l.contains(&format!("✓ {step:>2} "))),
            "step {step} is not done at the end of the demo:\n{screen}"
        );
    }
    assert!(screen.contains("prod (3/3)"), "{screen}");
    assert!(
        !screen.contains('✗'),
        "a failure is on the final screen:\n{screen}"
    );
    assert!(
        cast.duration() > 30.0,
        "a talk lasts longer than {}",
        cast.duration()
    );
}

#[test]
fn a_character_cut_between_two_reads_is_recorded_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.cast");
    let mut writer = CastWriter::create(&path, 20, 2, "t").unwrap();
    let text = "✓ done — ok".as_bytes();
    // "✓" is three bytes: cut after the first.
    writer.output(&text[..1]).unwrap();
    writer.output(&text[1..]).unwrap();
    drop(writer);
    let cast = Cast::read(&path).unwrap();
    let joined: String = cast.events.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(joined, "✓ done — ok");
    assert!(cast.final_screen().contains("✓ done — ok"));
}

#[test]
fn a_cast_that_is_not_asciinema_v2_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.cast");
    std::fs::write(
        &path,
        "{\"version\":2,\"width\":80,\"height\":24}\n[0.1,\"o\",\"a\"]\n[0.05,\"o\",\"b\"]\n",
    )
    .unwrap();
    let error = Cast::read(&path)
        .err()
        .expect("time going backwards is refused");
    assert!(error.contains("line 3"), "{error}");
    std::fs::write(&path, "{\"version\":1}\n").unwrap();
    assert!(Cast::read(&path).err().unwrap().contains("version"));
}
