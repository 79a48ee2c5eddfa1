//! Owning the terminal: raw mode + alternate screen while running, and restored on every way
//! out — normal exit, error return (guard drop) and panic (hook runs before the report).

use ratatui::DefaultTerminal;

pub struct TerminalGuard {
    pub terminal: DefaultTerminal,
}

impl TerminalGuard {
    /// Call after color-eyre is installed: ratatui's panic hook restores the terminal and then
    /// hands over to the previous hook, so the panic report lands on a sane screen.
    pub fn enter() -> std::io::Result<TerminalGuard> {
        let terminal = ratatui::try_init()?;
        Ok(TerminalGuard { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}
