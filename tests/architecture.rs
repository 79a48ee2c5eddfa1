//! The layers of each crate read one way, checked from the imports themselves: every `crate::`
//! and `super::` path in product code (test modules and `tests.rs`/`*_tests.rs` files aside) is
//! resolved to the file it names, then
//! - an import from a lower layer into a higher one is a back-import (a domain model reaching
//!   for `app::Action`, a source naming the app's state, a helper in `ui/` composing `panes/`),
//! - files that import each other, directly or round a loop, form a cycle.
//!
//! Both must stay at zero, in the TUI crate (`src/`), the sandbox (`crates/sandbox`) and the
//! shared model (`crates/model`). Between crates Cargo keeps the order itself: the model
//! depends on neither, the sandbox on the model only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Low to high: a file may import its own layer and those below it. `ui/` holds pure helpers
/// (format, text, scroll, layout) that the model and the panes share; the domain modules are
/// models, summaries and parsers; `sources/` talks to the outside and reports in its own
/// event types; `app/` is the state and reducer; `panes/` draw it (and compose the frame);
/// `runtime/` and `replay/` wire everything together.
fn tui_layer(file: &str) -> u8 {
    match top(file) {
        "ui" | "cli" | "metrics" => 0,
        "kube" | "kargo" | "argocd" | "github" | "job_log" | "runbook" | "keymap" | "theme"
        | "config" | "parse_fuzz" => 1,
        "sources" => 2,
        "app" => 3,
        "panes" => 4,
        "runtime" | "replay" => 5,
        _ => 6, // cli_docs, lib, main
    }
}

/// The sandbox: plumbing and what a served kind is; the kinds and their tables; the store and
/// the checks on what is written; the simulated world (controllers, git, GitHub, Kargo, Argo
/// CD); the HTTP API over it; the server, start-up and the crate root.
fn sandbox_layer(file: &str) -> u8 {
    match top(file) {
        "meta" | "rng" | "selector" | "patch" | "resource" | "error" | "kept" => 0,
        "registry" | "table" => 1,
        "store" | "schema" | "defaults" | "faults" => 2,
        "git" | "world" | "gitops" | "github" => 3,
        "api" => 4,
        "server" | "kubeconfig" | "start_error" => 5,
        _ => 6, // lib
    }
}

fn no_layers(_: &str) -> u8 {
    0
}

#[test]
fn the_tui_imports_run_one_way_without_cycles() {
    check("src", tui_layer);
}

#[test]
fn the_sandbox_imports_run_one_way_without_cycles() {
    check("crates/sandbox/src", sandbox_layer);
}

#[test]
fn the_shared_model_has_no_cycles() {
    check("crates/model/src", no_layers);
}

fn check(root: &str, layer: fn(&str) -> u8) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
    let files = product_files(&src);
    let graph: BTreeMap<String, BTreeSet<String>> = files
        .iter()
        .map(|file| {
            let name = relative(&src, file);
            let module = module_path(&name);
            let text = product_code(&std::fs::read_to_string(file).unwrap());
            let targets = imported_paths(&text, &module)
                .into_iter()
                .filter_map(|path| resolve(&src, &path))
                .filter(|target| *target != name)
                .collect();
            (name, targets)
        })
        .collect();

    let back_imports: Vec<String> = graph
        .iter()
        .flat_map(|(from, targets)| targets.iter().map(move |to| (from, to)))
        .filter(|(from, to)| layer(from) < layer(to))
        .map(|(from, to)| format!("{from} → {to}"))
        .collect();
    let cycles = cycles(&graph);

    println!("{root}: {} back-imports:", back_imports.len());
    for line in &back_imports {
        println!("  {line}");
    }
    println!("{root}: {} cycles:", cycles.len());
    for cycle in &cycles {
        println!("  {}", cycle.join(" ↔ "));
    }
    assert!(
        back_imports.is_empty() && cycles.is_empty(),
        "in {root}, {} imports run back up the layers and {} file cycles remain:\n{}\n{}",
        back_imports.len(),
        cycles.len(),
        back_imports.join("\n"),
        cycles
            .iter()
            .map(|c| c.join(" ↔ "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_grouped_use_names_every_path_in_it() {
    let paths = imported_paths(
        "use crate::app::{action::Action, state::{AppState, Pane}};\nlet x = crate::ui::format::age(1);",
        &["panes".into(), "pods".into()],
    );
    assert!(paths.contains(&vec!["app".into(), "action".into(), "Action".into()]));
    assert!(paths.contains(&vec!["app".into(), "state".into(), "Pane".into()]));
    assert!(paths.contains(&vec!["ui".into(), "format".into(), "age".into()]));
    let relative = imported_paths("use super::table::row;", &["panes".into(), "pods".into()]);
    assert_eq!(relative, vec![vec!["panes", "table", "row"]]);
}

fn product_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(product_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let stem = path.file_stem().unwrap().to_string_lossy();
            if stem != "tests" && !stem.ends_with("_tests") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn relative(src: &Path, file: &Path) -> String {
    file.strip_prefix(src)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn top(file: &str) -> &str {
    let first = file.split('/').next().unwrap();
    first.strip_suffix(".rs").unwrap_or(first)
}

/// `app/update.rs` → `[app, update]`; `app/mod.rs` → `[app]`; `lib.rs` → `[]`.
fn module_path(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The file without its inline test module (by convention the last item).
fn product_code(text: &str) -> String {
    match text.find("#[cfg(test)]\nmod ") {
        Some(at) => text[..at].to_owned(),
        None => text.to_owned(),
    }
}

/// Every `crate::…` or `super::…` path the code names, `use` groups expanded, each as
/// absolute segments from the crate root.
fn imported_paths(text: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for (at, _) in text
        .match_indices("crate::")
        .chain(text.match_indices("super::"))
    {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest: String = text[at..]
            .chars()
            .take_while(|c| !matches!(c, ';' | '(' | ')' | '<' | '>' | ',' | '=' | '!'))
            .collect();
        // A group runs to its closing brace, commas included.
        let tree = if rest.ends_with('{') || rest.contains('{') {
            group_text(&text[at..])
        } else {
            rest
        };
        let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
        for path in expand(&tree) {
            if let Some(absolute) = absolute(&path, module) {
                paths.push(absolute);
            }
        }
    }
    // `use child::Item` (and `pub use self::child::Item`) in a module that has that child.
    for line in text.lines() {
        let line = line.trim_start();
        let line = line
            .strip_prefix("pub(crate) ")
            .or_else(|| line.strip_prefix("pub "))
            .unwrap_or(line);
        let Some(rest) = line.strip_prefix("use ") else {
            continue;
        };
        let rest = rest.strip_prefix("self::").unwrap_or(rest);
        if rest.starts_with("crate::") || rest.starts_with("super::") {
            continue;
        }
        let tree: String = group_text(rest)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let tree = tree.trim_end_matches(';');
        for path in expand(tree) {
            let mut absolute = module.to_vec();
            absolute.extend(path.split("::").map(str::to_owned));
            paths.push(absolute);
        }
    }
    paths
}

fn group_text(text: &str) -> String {
    let mut depth = 0;
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    out.push(c);
                    return out;
                }
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else {
        return vec![tree.trim_end_matches("::").to_owned()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(expand)
        .map(|p| {
            if p == "self" {
                prefix.trim_end_matches("::").to_owned()
            } else {
                format!("{prefix}{p}")
            }
        })
        .collect()
}

fn absolute(path: &str, module: &[String]) -> Option<Vec<String>> {
    let mut segments: Vec<&str> = path
        .split("::")
        .map(|s| s.split(" as ").next().unwrap())
        .collect();
    let mut base: Vec<String> = match segments.first()? {
        &"crate" => Vec::new(),
        _ => module.to_vec(),
    };
    while segments.first() == Some(&"super") {
        base.pop()?;
        segments.remove(0);
    }
    if segments.first() == Some(&"crate") {
        segments.remove(0);
    }
    base.extend(
        segments
            .into_iter()
            .filter(|s| !s.is_empty() && *s != "*")
            .map(|s| {
                s.trim_matches(|c: char| !c.is_alphanumeric() && c != '_')
                    .to_owned()
            }),
    );
    Some(base)
}

/// The file a path lands in: the longest prefix of it that is a module file.
fn resolve(src: &Path, path: &[String]) -> Option<String> {
    for len in (1..=path.len()).rev() {
        let dir = path[..len].join("/");
        for candidate in [format!("{dir}.rs"), format!("{dir}/mod.rs")] {
            if src.join(&candidate).is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Strongly connected groups of more than one file (Tarjan), each sorted.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Search<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Search<'a> {
        fn visit(&mut self, node: &'a str) {
            let n = self.index.len();
            self.index.insert(node, n);
            self.low.insert(node, n);
            self.stack.push(node);
            self.on_stack.insert(node);
            for next in self.graph.get(node).into_iter().flatten() {
                let next = next.as_str();
                if !self.graph.contains_key(next) {
                    continue;
                }
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut group = Vec::new();
                while let Some(top) = self.stack.pop() {
                    self.on_stack.remove(top);
                    group.push(top.to_owned());
                    if top == node {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.found.push(group);
                }
            }
        }
    }
    let mut search = Search {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !search.index.contains_key(node.as_str()) {
            search.visit(node);
        }
    }
    search.found
}
