//! `showrunner replay FILE`: the recording on the terminal, no cluster, no network.

use color_eyre::eyre::{Result, WrapErr, eyre};

use super::drive::Replay;
use super::player::Player;
use crate::cli::ReplayArgs;
use crate::config::paths;
use crate::keymap::Keymap;
use crate::metrics::Metrics;
use crate::runtime::{ending, event_loop, input, logging, terminal};
use crate::theme;

pub async fn run(args: ReplayArgs) -> Result<()> {
    if !(args.speed > 0.0 && args.speed.is_finite()) {
        return Err(eyre!(
            "--speed must be a positive number, got {}",
            args.speed
        ));
    }
    let recording = super::reader::read(&args.file)
        .map_err(|errors| eyre!("the recording has problems:\n{}", errors.join("\n")))?;
    if args.check {
        let report = super::check::check(&recording, &Keymap::defaults())
            .map_err(|errors| eyre!("{}", errors.join("\n")))?;
        println!("{}", report.summary());
        if !report.all_identical() {
            println!("{}", report.differences());
            std::process::exit(1);
        }
        return Ok(());
    }
    let config_dir = paths::config_dir();
    let _log_file = logging::init_tui_logging(paths::state_dir().as_deref());
    let loaded_theme = theme::load(
        args.theme.as_deref(),
        config_dir.as_deref(),
        theme::no_color_requested(),
    );
    let keymap = Keymap::load(config_dir.as_deref()).keymap;
    let player = Player::new(recording, keymap, args.speed).map_err(|errors| {
        eyre!(
            "the recording's runbook has problems:\n{}",
            errors.join("\n")
        )
    })?;
    let mut state = player.fresh_state((80, 24));
    let (tx, mut rx) = tokio::sync::mpsc::channel(1024);
    let mut driver = Replay::new(player);
    let mut metrics = Metrics::new();
    ending::exit_on_panic();
    let mut stop = ending::watch_signals().wrap_err("cannot watch for signals")?;
    let result = {
        let mut guard = terminal::TerminalGuard::enter().wrap_err("cannot set up the terminal")?;
        let size = guard.terminal.size()?;
        state.size = (size.width, size.height);
        state.dirty = true;
        let input = input::spawn_terminal_input(tx);
        let result = event_loop::run(
            &mut guard.terminal,
            &mut state,
            &loaded_theme.theme,
            &mut rx,
            &mut driver,
            &mut metrics,
            &mut stop,
        )
        .await;
        input.abort();
        result
    };
    if let Some(signo) = *stop.borrow() {
        std::process::exit(ending::signal_status(signo));
    }
    result.wrap_err("terminal I/O failed")
}
