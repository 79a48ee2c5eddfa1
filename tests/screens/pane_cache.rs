//! The event loop copies the panes that do not show pods across pod-only changes
//! (`panes::cache`): the frame it makes must be, cell for cell and style for style, the one a
//! full draw makes, and a pane must never be copied once something it shows has changed.

use showrunner_testkit as common;

use common::fixtures::{demo_state, now, pod, relist};
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use showrunner::app::action::{PodChange, PodsUpdate};
use showrunner::app::{Action, AppState, update};
use showrunner::panes::cache::PaneCache;
use showrunner::panes::frame::{draw, draw_cached};
use showrunner::theme::Theme;

fn full(state: &mut AppState) -> Buffer {
    frame(state, None)
}

fn cached(state: &mut AppState, cache: &mut PaneCache) -> Buffer {
    frame(state, Some(cache))
}

fn frame(state: &mut AppState, cache: Option<&mut PaneCache>) -> Buffer {
    state.prepare_frame();
    let (w, h) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::default_theme();
    terminal
        .draw(|f| match cache {
            Some(cache) => draw_cached(f, state, &theme, cache),
            None => draw(f, state, &theme),
        })
        .unwrap();
    terminal.backend().buffer().clone()
}

fn press(state: &mut AppState, c: char) {
    update(
        state,
        Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
}

/// dev's pods as churn leaves them: one restarted, one new, one gone.
fn churn(state: &mut AppState, round: u32) {
    let pods = vec![
        pod(
            "dev",
            "backend-6d8f9c7b5-x2x9k",
            "Running",
            1,
            round,
            300,
            "a1b2c3d",
        ),
        pod(
            "dev",
            &format!("load-{round:05}"),
            "Pending",
            0,
            0,
            1,
            "1.0",
        ),
    ];
    relist(state, "dev", pods);
}

#[test]
fn across_pod_changes_a_cached_frame_is_the_full_frame_and_copies_every_other_pane() {
    for (w, h) in [(160, 48), (80, 24)] {
        let mut state = demo_state(w, h);
        let mut cache = PaneCache::new();
        assert_eq!(cached(&mut state, &mut cache), full(&mut state));
        let drawn = cache.drawn();
        assert!(drawn >= 3, "{w}x{h}: {drawn} panes drawn");
        for round in 1..=3 {
            churn(&mut state, round);
            let expected = full(&mut state);
            let screen = cached(&mut state, &mut cache);
            assert_eq!(screen, expected, "{w}x{h}, after pod change {round}");
            assert!(
                format!("{expected:?}").contains(&format!("load-{round:05}")),
                "the pods pane shows the change"
            );
        }
        assert_eq!(
            cache.drawn(),
            drawn,
            "{w}x{h}: nothing but the pods pane redrawn"
        );
        assert_eq!(cache.copied(), 3 * drawn, "{w}x{h}");
    }
}

#[test]
fn after_invalidation_every_pane_is_drawn_again_and_without_it_a_copy_would_be_stale() {
    let mut state = demo_state(160, 48);
    let mut cache = PaneCache::new();
    press(&mut state, '3'); // the freight pane
    cached(&mut state, &mut cache);
    press(&mut state, 'j'); // another freight selected: the pane's place is unchanged
    let expected = full(&mut state);
    // What the event loop must not do: keep the cache across a key.
    let mut kept = cache.clone();
    assert_ne!(
        cached(&mut state, &mut kept),
        expected,
        "a kept cache copies the old selection (so the equality below means something)"
    );
    cache.invalidate();
    assert_eq!(cached(&mut state, &mut cache), expected);
}

#[test]
fn a_pane_that_moves_or_changes_focus_is_drawn_even_from_a_kept_cache() {
    let mut state = demo_state(160, 48);
    let mut cache = PaneCache::new();
    cached(&mut state, &mut cache);
    press(&mut state, '3');
    assert_eq!(
        cached(&mut state, &mut cache),
        full(&mut state),
        "focus moved"
    );
    press(&mut state, 'z');
    assert_eq!(cached(&mut state, &mut cache), full(&mut state), "zoomed");
    update(
        &mut state,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    assert_eq!(cached(&mut state, &mut cache), full(&mut state), "resized");
}

#[test]
fn only_pod_watch_events_keep_the_cache() {
    let pods = Action::Pods(PodsUpdate {
        namespace: "dev".into(),
        change: PodChange::Deleted("backend-6d8f9c7b5-x2x9k".into()),
        received: Instant::now(),
    });
    assert!(pods.changes_only_pods());
    let key = Action::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    for other in [
        Action::Tick(now()),
        key,
        Action::Resize {
            width: 80,
            height: 24,
        },
    ] {
        assert!(!other.changes_only_pods(), "{other:?}");
    }
}
