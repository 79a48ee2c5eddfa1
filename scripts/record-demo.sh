#!/usr/bin/env bash
# Re-makes assets/demo.cast, the recorded demo README links to: the release binary runs the
# shipped talk (runbook/image-promotion.md) on the built-in sandbox at --speed 10 in a
# 160×48 pseudo-terminal, driven by the talk's end-to-end test pressing F5 and `y` only, and
# every byte the terminal shows is written as an asciinema v2 cast. Run it when the screen
# changes; `tests/screens/demo_cast.rs` checks the committed cast is a whole, playable talk.
# Play it with `asciinema play assets/demo.cast` or any asciinema web player.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release
cast="$PWD/assets/demo.cast"
SHOWRUNNER_BIN="$PWD/target/release/showrunner" \
SHOWRUNNER_TALK_SPEED=10 \
SHOWRUNNER_CAST="$cast.partial" \
    cargo test --test e2e -- --exact e2e_runbook::the_shipped_talk_runs_from_first_to_last_step_by_keys_alone
mv "$cast.partial" "$cast"
echo "recorded $cast ($(wc -c <"$cast") bytes)"
