//! The house rule, checked: no two modules of `src/` import each other, directly or around a
//! loop. An import is any `crate::a::b`, `super::x` or `child::` path in a module's code
//! (tests left out); a module is a file (`src/a/b.rs` is `a::b`, `src/a/mod.rs` is `a`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` -> `a::b`; `src/a/mod.rs` -> `a`; `src/lib.rs` -> `crate`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts == ["lib"] || parts == ["main"] {
        return "crate".to_string();
    }
    parts.join("::")
}

/// The code of a file without its tests, comments and strings (which may mention paths).
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod ") {
        Some(at) => &text[..at],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("");
        let mut in_string = false;
        for c in line.chars() {
            if c == '"' {
                in_string = !in_string;
            } else if !in_string {
                out.push(c);
            }
        }
        out.push('\n');
    }
    out
}

/// The paths after `prefix` in the code: `crate::a::b::C` gives `["a", "b", "C"]`, and a
/// group `crate::{a::X, b}` gives `["a", "X"]` and `["b"]`.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find(prefix) {
        let start = from + at;
        from = start + prefix.len();
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        out.extend(paths_in(&code[from..]));
    }
    out
}

/// The paths at the start of `rest`: one path, or each path of a `{ ... }` group.
fn paths_in(rest: &str) -> Vec<Vec<String>> {
    let is_path = |c: char| c.is_alphanumeric() || c == '_' || c == ':';
    let end = rest.find(|c: char| !is_path(c)).unwrap_or(rest.len());
    let head: Vec<String> = rest[..end]
        .split("::")
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    if !rest[end..].starts_with('{') {
        return vec![head];
    }
    // The group's items, split at the commas of its own level.
    let mut depth = 0;
    let mut items = Vec::new();
    let mut item_start = end + 1;
    for (i, c) in rest[end..].char_indices().map(|(i, c)| (i + end, c)) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    items.push(&rest[item_start..i]);
                    break;
                }
            }
            ',' if depth == 1 => {
                items.push(&rest[item_start..i]);
                item_start = i + 1;
            }
            _ => {}
        }
    }
    let mut out = vec![head.clone()];
    for item in items {
        for tail in paths_in(item.trim()) {
            let mut path = head.clone();
            path.extend(tail.into_iter().filter(|p| p != "self"));
            out.push(path);
        }
    }
    out
}

/// The longest known module that a path from `base` names.
fn resolve(modules: &BTreeSet<String>, base: &[String], path: &[String]) -> Option<String> {
    let mut best = None;
    let mut current: Vec<String> = base.to_vec();
    for part in path {
        current.push(part.clone());
        let name = current.join("::");
        if modules.contains(&name) {
            best = Some(name);
        }
    }
    best
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let me = module_of(&src, file);
        let code = code(&std::fs::read_to_string(file).expect("readable"));
        let own: Vec<String> = if me == "crate" {
            vec![]
        } else {
            me.split("::").map(str::to_string).collect()
        };
        let parent = own[..own.len().saturating_sub(1)].to_vec();
        let mut targets: Vec<Option<String>> = Vec::new();
        for path in paths_after(&code, "crate::") {
            targets.push(resolve(&modules, &[], &path));
        }
        for path in paths_after(&code, "super::") {
            targets.push(resolve(&modules, &parent, &path));
        }
        // A module's own children, named by their short path (`push::run`, `pub use file::X`).
        for child in modules.iter().filter_map(|m| {
            let prefix = if own.is_empty() {
                String::new()
            } else {
                format!("{me}::")
            };
            m.strip_prefix(&prefix)
                .filter(|rest| !rest.contains("::") && !rest.is_empty() && *m != me)
        }) {
            if !paths_after(&code, &format!("{child}::")).is_empty() {
                targets.push(resolve(&modules, &own, &[child.to_string()]));
            }
        }
        let set = edges.entry(me.clone()).or_default();
        for target in targets.into_iter().flatten() {
            if target != me && target != "crate" {
                set.insert(target);
            }
        }
    }
    edges
}

/// A cycle through `node`, if there is one, as the modules along it.
fn cycle_from(
    edges: &BTreeMap<String, BTreeSet<String>>,
    node: &str,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(at) = path.iter().position(|p| p == node) {
        let mut cycle = path[at..].to_vec();
        cycle.push(node.to_string());
        return Some(cycle);
    }
    if done.contains(node) {
        return None;
    }
    path.push(node.to_string());
    for next in edges.get(node).into_iter().flatten() {
        if let Some(cycle) = cycle_from(edges, next, path, done) {
            return Some(cycle);
        }
    }
    path.pop();
    done.insert(node.to_string());
    None
}

#[test]
fn no_module_imports_another_that_imports_it_back() {
    let edges = graph();
    assert!(
        edges.len() > 20,
        "the scan found the modules: {:?}",
        edges.keys()
    );
    assert!(
        edges["risk"].contains("answers") && edges["commands::push"].contains("sync::push"),
        "the scan finds imports: {edges:?}"
    );
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        if let Some(cycle) = cycle_from(&edges, node, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn grouped_imports_are_seen() {
    let paths = paths_after("use crate::{answers::{self, Loaded}, vocab};", "crate::");
    assert!(paths.contains(&vec!["answers".to_string()]), "{paths:?}");
    assert!(
        paths.contains(&vec!["answers".to_string(), "Loaded".to_string()]),
        "{paths:?}"
    );
    assert!(paths.contains(&vec!["vocab".to_string()]), "{paths:?}");
}

#[test]
fn the_bottom_layer_imports_nothing_of_rel04() {
    let edges = graph();
    assert_eq!(edges["vocab"], BTreeSet::new());
    let catalogue: Vec<&String> = edges["catalogue"].iter().collect();
    assert_eq!(catalogue, ["catalogue::rule", "vocab"]);
}
