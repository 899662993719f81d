//! `rel04 evidence [PATHS...]`: scan, filter, then print in the format asked; parse problems
//! are warnings on stderr, never a failure.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::Exit;
use crate::catalogue::Catalogue;
use crate::cli::{EvidenceArgs, EvidenceFormat, EvidenceKind};
use crate::evidence::{self, Evidence, Kind as RuleKind, Options, Rules, Scope};
use crate::history;
use crate::render::evidence::{self as render, Shown};
use crate::render::inert;
use crate::term::{self, Kind, Term};

pub fn run(args: &EvidenceArgs, catalogue: &'static Catalogue, term: &Term) -> Result<Exit> {
    let roots = if args.paths.is_empty() {
        vec![default_root(&args.file.path())]
    } else {
        args.paths.clone()
    };
    let rules = Rules::embedded(catalogue).map_err(anyhow::Error::msg)?;
    if let Some(unknown) = args
        .rules
        .iter()
        .find(|id| !rules.rules.iter().any(|r| &r.id == *id))
    {
        anyhow::bail!(
            "--rule {}: no such rule; the rules are: {}",
            inert(unknown, false),
            rules
                .rules
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let options = Options {
        read_all: args.no_skip,
    };
    let (_, mut found) = scan_with(&roots, catalogue, "", options)?;
    let kind = args.kind.map(|k| match k {
        EvidenceKind::Gap => RuleKind::Gap,
        EvidenceKind::Support => RuleKind::Support,
    });
    found.retain(|i| {
        kind.is_none_or(|k| i.rule.kind == k)
            && (args.rules.is_empty() || args.rules.contains(&i.rule.id))
    });
    let mut shown = Shown {
        tests_left_out: 0,
        filtered: kind.is_some() || !args.rules.is_empty(),
    };
    // JSON keeps test code's findings, each with its scope; the others leave them out.
    if args.format != EvidenceFormat::Json && !args.include_tests {
        shown.tests_left_out = found
            .items
            .iter()
            .filter(|i| i.scope == Scope::Test)
            .count();
        found.retain(|i| i.scope == Scope::App);
    }
    let (text, kind) = match args.format {
        EvidenceFormat::Text => (
            render::text(catalogue, rules, &found, shown, term.width),
            Kind::Text,
        ),
        EvidenceFormat::Json => (render::json(rules, &found)?, Kind::Json),
        EvidenceFormat::Sarif => (render::sarif(catalogue, rules, &found)?, Kind::Json),
        EvidenceFormat::Markdown => (render::markdown(catalogue, &found, shown), Kind::Markdown),
    };
    term::print(&text, kind)?;
    Ok(Exit::Ok)
}

/// Scans `roots` with the shipped rules for `check` and `report`: application code only, as
/// a team's answers are about its own code. Parse problems go to stderr as warnings. A root
/// that cannot be read is the run's error (`flag` names the option it came from, if any).
pub fn scan(
    roots: &[PathBuf],
    catalogue: &Catalogue,
    flag: &str,
) -> Result<(&'static Rules, Evidence<'static>)> {
    let (rules, mut found) = scan_with(roots, catalogue, flag, Options::default())?;
    found.retain(|i| i.scope == Scope::App);
    Ok((rules, found))
}

fn scan_with(
    roots: &[PathBuf],
    catalogue: &Catalogue,
    flag: &str,
    options: Options,
) -> Result<(&'static Rules, Evidence<'static>)> {
    let rules = Rules::embedded(catalogue).map_err(anyhow::Error::msg)?;
    for root in roots {
        if let Err(e) = std::fs::metadata(root) {
            anyhow::bail!(
                "{flag}{}: cannot be scanned ({e}); name a folder or file that exists",
                inert(&root.display().to_string(), false)
            );
        }
    }
    let found = evidence::scan(roots, rules, options);
    for w in &found.warnings {
        term::say(&format!(
            "warning: {}:{}:{}: {}",
            inert(&w.file, false),
            w.line,
            w.column,
            inert(&w.message, false)
        ));
    }
    Ok((rules, found))
}

/// The repository that holds the answers file, else the current folder.
fn default_root(answers: &Path) -> PathBuf {
    history::repository_of(answers).unwrap_or_else(|| PathBuf::from("."))
}
