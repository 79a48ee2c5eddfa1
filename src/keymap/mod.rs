//! Keys become commands through a keymap that is data: defaults embedded from
//! `assets/keymap.toml`, overridden per action by the user's `keymap.toml`. Problems in either
//! are collected (with `file:line:col`) and reported, and never stop the app: a bad entry is
//! skipped and the default for that action stays.

mod command;
mod key;
pub(crate) mod parse;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub use command::{Command, Context, Owner};
pub use key::Key;

use crate::config::ConfigError;

pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

#[derive(Debug, Clone)]
pub struct Keymap {
    lookup: HashMap<(Context, Key), Command>,
    keys: BTreeMap<Command, Vec<Key>>,
}

/// A keymap plus everything that was wrong with the files it came from.
pub struct LoadedKeymap {
    pub keymap: Keymap,
    pub problems: Vec<ConfigError>,
}

impl Keymap {
    /// The embedded defaults alone.
    pub fn defaults() -> Keymap {
        let loaded = Keymap::build("assets/keymap.toml", DEFAULT_KEYMAP, None);
        debug_assert!(
            loaded.problems.is_empty(),
            "default keymap: {:?}",
            loaded.problems
        );
        loaded.keymap
    }

    /// Defaults, then `<config_dir>/keymap.toml` if it exists.
    pub fn load(config_dir: Option<&Path>) -> LoadedKeymap {
        let user = config_dir
            .map(|d| d.join("keymap.toml"))
            .filter(|p| p.is_file());
        let Some(path) = user else {
            return Keymap::build("assets/keymap.toml", DEFAULT_KEYMAP, None);
        };
        let display = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(src) => Keymap::build("assets/keymap.toml", DEFAULT_KEYMAP, Some((&display, &src))),
            Err(e) => {
                let mut loaded = Keymap::build("assets/keymap.toml", DEFAULT_KEYMAP, None);
                loaded.problems.push(ConfigError {
                    file: display,
                    line: 1,
                    column: 1,
                    message: format!("cannot read keymap: {e}"),
                });
                loaded
            }
        }
    }

    pub fn build(
        default_file: &str,
        default_src: &str,
        user: Option<(&str, &str)>,
    ) -> LoadedKeymap {
        let mut problems = Vec::new();
        // User entries first: where a user key collides with a default one, the user's wins.
        let mut entries = match user {
            Some((file, src)) => parse::parse(file, src, true, &mut problems),
            None => Vec::new(),
        };
        for default in parse::parse(default_file, default_src, false, &mut problems) {
            if !entries.iter().any(|e| e.command == default.command) {
                entries.push(default);
            }
        }
        let keymap = resolve(entries, &mut problems);
        LoadedKeymap { keymap, problems }
    }

    /// The command bound to `key`, searching `chain` in order (most specific section first).
    pub fn command(&self, chain: &[Context], key: Key) -> Option<Command> {
        chain
            .iter()
            .find_map(|ctx| self.lookup.get(&(*ctx, key)).copied())
    }

    pub fn keys(&self, command: Command) -> &[Key] {
        self.keys.get(&command).map(Vec::as_slice).unwrap_or(&[])
    }

    /// `"j/down"`: the keys of a command as the help and the status line show them.
    pub fn describe_keys(&self, command: Command) -> String {
        let keys: Vec<String> = self.keys(command).iter().map(Key::to_string).collect();
        keys.join("/")
    }

    /// Help entries for a section, in keymap order: (keys, description).
    pub fn help_entries(&self, context: Context) -> Vec<(String, &'static str)> {
        Command::ALL
            .iter()
            .filter(|c| c.context() == context && !self.keys(**c).is_empty())
            .map(|c| (self.describe_keys(*c), c.description()))
            .collect()
    }
}

fn resolve(entries: Vec<parse::Entry>, problems: &mut Vec<ConfigError>) -> Keymap {
    let mut lookup: HashMap<(Context, Key), (Command, &parse::Entry)> = HashMap::new();
    let mut keys: BTreeMap<Command, Vec<Key>> = BTreeMap::new();
    for entry in &entries {
        let context = entry.command.context();
        for (key, pos) in &entry.keys {
            if let Some((other, other_entry)) = lookup.get(&(context, *key)) {
                // Point at the user's file whenever the user is involved: that is what to edit.
                let pos = match other_entry.keys.iter().find(|(k, _)| k == key) {
                    Some((_, other_pos)) if other_entry.from_user && !entry.from_user => other_pos,
                    _ => pos,
                };
                problems.push(pos.error(format!(
                    "key `{key}` is bound to both `{}` and `{}` in [{}]; keeping `{}`",
                    other.key(),
                    entry.command.key(),
                    context.key(),
                    other.key()
                )));
                continue;
            }
            lookup.insert((context, *key), (entry.command, entry));
            keys.entry(entry.command).or_default().push(*key);
        }
    }
    report_shadowed_user_keys(&lookup, problems);
    Keymap {
        lookup: lookup.into_iter().map(|(k, (c, _))| (k, c)).collect(),
        keys,
    }
}

/// A user's global key that a pane section also binds would silently do something else in that
/// pane; say so. Popups shadowing global keys (q closes a popup) is by design.
fn report_shadowed_user_keys(
    lookup: &HashMap<(Context, Key), (Command, &parse::Entry)>,
    problems: &mut Vec<ConfigError>,
) {
    let mut shadowed: Vec<_> = lookup
        .iter()
        .filter(|((ctx, _), (_, e))| *ctx == Context::Global && e.from_user)
        .flat_map(|((_, key), (global_cmd, entry))| {
            lookup
                .iter()
                .filter(move |((ctx, k), _)| {
                    k == key && !matches!(ctx, Context::Global | Context::Overlay)
                })
                .map(move |((ctx, _), (pane_cmd, _))| (entry, *key, *global_cmd, *ctx, *pane_cmd))
        })
        .collect();
    shadowed.sort_by_key(|(_, key, cmd, ctx, _)| (*cmd, *key, *ctx));
    for (entry, key, global_cmd, ctx, pane_cmd) in shadowed {
        let pos = entry
            .keys
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, p)| p)
            .expect("key of entry");
        problems.push(pos.error(format!(
            "key `{key}` for `{}` in [global] is shadowed by `{}` in [{}]",
            global_cmd.key(),
            pane_cmd.key(),
            ctx.key()
        )));
    }
}

#[cfg(test)]
mod tests;
