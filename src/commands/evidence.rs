//! `rel04 evidence [PATHS...]`: scan, then print in the format asked; parse problems are
//! warnings on stderr, never a failure.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::Exit;
use crate::catalogue::Catalogue;
use crate::cli::{EvidenceArgs, EvidenceFormat};
use crate::evidence::{self, Evidence, Rules};
use crate::history;
use crate::render::evidence as render;
use crate::render::inert;
use crate::term::{self, Kind, Term};

pub fn run(args: &EvidenceArgs, catalogue: &'static Catalogue, term: &Term) -> Result<Exit> {
    let roots = if args.paths.is_empty() {
        vec![default_root(&args.file.path())]
    } else {
        args.paths.clone()
    };
    let (rules, found) = scan(&roots, catalogue, "")?;
    let (text, kind) = match args.format {
        EvidenceFormat::Text => (
            render::text(catalogue, rules, &found, term.width),
            Kind::Text,
        ),
        EvidenceFormat::Json => (render::json(rules, &found)?, Kind::Json),
        EvidenceFormat::Sarif => (render::sarif(catalogue, rules, &found)?, Kind::Json),
        EvidenceFormat::Markdown => (render::markdown(catalogue, &found), Kind::Markdown),
    };
    term::print(&text, kind)?;
    Ok(Exit::Ok)
}

/// Scans `roots` with the shipped rules; parse problems go to stderr as warnings. A root that
/// cannot be read is the run's error (`flag` names the option it came from, if any).
pub fn scan(
    roots: &[PathBuf],
    catalogue: &Catalogue,
    flag: &str,
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
    let found = evidence::scan(roots, rules);
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
