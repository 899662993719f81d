//! `rel04 status` for people: a table that fits, then the counts; or Markdown for a CI summary.

use super::layout::{self, Text};
use super::sync::label;
use super::{inert, markdown as md};
use crate::catalogue::Catalogue;
use crate::sync::status::{Row, State};

fn what(catalogue: &Catalogue, r: &Row) -> String {
    match (&r.message, r.fields.is_empty()) {
        (Some(m), _) => m.clone(),
        (None, true) => "-".to_string(),
        (None, false) => r
            .fields
            .iter()
            .map(|f| label(catalogue, f))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn counts(rows: &[Row]) -> String {
    let states = [
        State::InSync,
        State::LocalChanges,
        State::ConsoleChanges,
        State::Conflict,
        State::NotPushed,
        State::Missing,
        State::Error,
    ];
    let parts: Vec<String> = states
        .iter()
        .map(|s| (s, rows.iter().filter(|r| r.state == *s).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {}", s.as_str()))
        .collect();
    let files = if rows.len() == 1 { "file" } else { "files" };
    format!("{} {files}: {}", rows.len(), parts.join(", "))
}

pub fn text(catalogue: &Catalogue, rows: &[Row], width: usize) -> String {
    let table: Vec<Vec<Text>> = rows
        .iter()
        .map(|r| {
            vec![
                Text::from(inert(&r.file, false)),
                Text::from(inert(&r.workload, false)),
                Text::from(r.state.as_str()),
                Text::from(inert(&what(catalogue, r), false)),
            ]
        })
        .collect();
    let mut out = layout::table(
        &["File", "Workload", "State", "What differs"],
        &table,
        width,
        false,
    );
    out.push_str(&layout::wrap(&counts(rows), width, "", ""));
    out.push('\n');
    out
}

pub fn markdown(catalogue: &Catalogue, rows: &[Row]) -> String {
    let mut out = String::from("| File | Workload | State | What differs |\n|---|---|---|---|\n");
    for r in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            md(&r.file),
            md(&r.workload),
            r.state.as_str(),
            md(&what(catalogue, r))
        ));
    }
    out.push_str(&format!("\n{}\n", md(&counts(rows))));
    out
}
