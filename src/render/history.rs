//! `rel04 history` as text: a line per commit, oldest first.

use std::path::Path;

use super::inert;
use super::layout::{self, Text};
use crate::history::Version;

pub fn text(path: &Path, versions: &[Version], width: usize) -> String {
    if versions.is_empty() {
        return format!(
            "{} has no commits yet: commit it to start its history.\n",
            inert(&path.display().to_string(), false)
        );
    }
    let rows: Vec<Vec<Text>> = versions
        .iter()
        .map(|v| {
            let changes: Vec<String> = v
                .changes
                .iter()
                .map(|c| format!("{}: {} → {}", c.what, c.from, c.to))
                .collect();
            let changed = match &v.error {
                Some(e) => format!("unreadable: {e}"),
                None if v.cut_short => "history cut short here (a shallow clone)".to_string(),
                None if changes.is_empty() => "no status changed".to_string(),
                None => changes.join("; "),
            };
            vec![
                Text::from(v.date.get(..10).unwrap_or(&v.date)),
                Text::from(v.commit.get(..8).unwrap_or(&v.commit)),
                Text::from(inert(&v.author, false)),
                Text::from(v.risk.map_or("-", |r| r.as_str())),
                Text::from(inert(&changed, false)),
            ]
        })
        .collect();
    let mut out = layout::table(
        &["Date", "Commit", "Author", "Risk", "What changed"],
        &rows,
        width,
        false,
    );
    if versions.first().is_some_and(|v| v.cut_short) {
        out.push_str(
            "The history is cut short: this is a shallow clone (actions/checkout fetches one commit by default), so commits before the first one shown were not fetched. `git fetch --unshallow` (or `fetch-depth: 0`) reads all of it.\n",
        );
    }
    out
}
