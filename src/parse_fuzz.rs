//! Every parser that reads user or network input, fed arbitrary bytes: none may panic. Inputs
//! are either random bytes or a valid file with random edits (bytes inserted, ranges cut or
//! repeated), which reaches far deeper into a grammar than noise does. Case counts are in the
//! README; together they run in a few seconds as part of `cargo test`.

use std::path::Path;

use proptest::prelude::*;

/// Cases per parser.
const CASES: u32 = 10_000;

const RUNBOOK: &str = include_str!("../tests/data/runbooks/good.md");
const THEME: &str = include_str!("../themes/dark.toml");
const KEYMAP: &str = crate::keymap::DEFAULT_KEYMAP;
const GHA: &str = include_str!("../tests/data/gha/cancelled-job.log");

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, Vec<u8>),
    Cut(usize, usize),
    Repeat(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let fragment = prop_oneof![
        proptest::collection::vec(any::<u8>(), 1..8),
        prop::sample::select(vec![
            "\n",
            "---\n",
            "```",
            "```sh\n",
            "```showrunner\n",
            "=",
            "\"",
            "[",
            "]",
            "{",
            "}",
            "::group::",
            "::endgroup::",
            "##[error]",
            "\u{1b}[31m",
            "İ",
            "\r\n",
            "\t",
            ":",
            "- ",
            "wait stage=dev freight=",
            "  at: ",
            "step: ",
            "#",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
    ];
    prop_oneof![
        (any::<usize>(), fragment).prop_map(|(at, b)| Edit::Insert(at, b)),
        (any::<usize>(), 1usize..64).prop_map(|(at, n)| Edit::Cut(at, n)),
        (any::<usize>(), 1usize..64).prop_map(|(at, n)| Edit::Repeat(at, n)),
    ]
}

fn apply(seed: &str, edits: Vec<Edit>) -> Vec<u8> {
    let mut bytes = seed.as_bytes().to_vec();
    for e in edits {
        let len = bytes.len();
        match e {
            Edit::Insert(at, b) => {
                let at = at % (len + 1);
                bytes.splice(at..at, b);
            }
            Edit::Cut(at, n) if len > 0 => {
                let at = at % len;
                bytes.drain(at..(at + n).min(len));
            }
            Edit::Repeat(at, n) if len > 0 => {
                let at = at % len;
                let copy = bytes[at..(at + n).min(len)].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => {}
        }
    }
    bytes
}

/// Random bytes, or `seed` with a few random edits.
fn input(seed: &'static str) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..512),
        proptest::collection::vec(edit(), 1..12).prop_map(move |edits| apply(seed, edits)),
    ]
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn runbook_parser_never_panics(bytes in input(RUNBOOK)) {
        let _ = crate::runbook::parse(Path::new("fuzz.md"), &text(&bytes));
    }

    #[test]
    fn theme_parser_never_panics(bytes in input(THEME)) {
        let _ = crate::theme::parse_theme("fuzz.toml", &text(&bytes), "fuzz");
    }

    #[test]
    fn keymap_parser_never_panics(bytes in input(KEYMAP), from_user in any::<bool>()) {
        let mut problems = Vec::new();
        let _ = crate::keymap::parse::parse("keymap.toml", &text(&bytes), from_user, &mut problems);
    }

    /// Fed whole, and fed in two pieces as a growing log arrives.
    #[test]
    fn actions_log_parser_never_panics(bytes in input(GHA), cut in any::<usize>()) {
        let mut out = Vec::new();
        let _ = crate::job_log::parse::Parser::default().feed(&bytes, true, &mut out);
        let mut parser = crate::job_log::parse::Parser::default();
        let cut = cut % (bytes.len() + 1);
        let _ = parser.feed(&bytes[..cut], false, &mut out);
        let _ = parser.feed(&bytes, true, &mut out);
    }
}
