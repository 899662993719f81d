//! `rel04 check`: the CI gate over one or many answers files.
//!
//! Files are read and judged in parallel (one worker per core); the output keeps the order
//! of the arguments. An unusable file is reported on stderr and makes the exit code 2, but the
//! other files are still checked and reported.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use anyhow::Result;

use super::files;
use crate::Exit;
use crate::answers::{self, FileError};
use crate::catalogue::Catalogue;
use crate::cli::{CheckArgs, CheckFormat};
use crate::policy::{self, Policy, Unreadable, Verdict};
use crate::render::ci;
use crate::term::{self, Kind, Term};

pub fn run(args: &CheckArgs, catalogue: &Catalogue, term: &Term) -> Result<Exit> {
    let paths = files::answers_files(&args.files.all())?;
    let evidence = match &args.evidence {
        Some(root) => {
            Some(super::evidence::scan(std::slice::from_ref(root), catalogue, "--evidence ")?.1)
        }
        None => None,
    };
    let policy = Policy {
        evidence: evidence.as_ref(),
        fail_on: args.fail_on.into(),
        max_age: args
            .max_age
            .map(|days| Duration::from_secs(days.saturating_mul(86_400))),
        now: SystemTime::now(),
        strict: args.strict,
    };
    let results = judge_all(&paths, catalogue, &policy);
    let mut verdicts = Vec::with_capacity(results.len());
    let mut unreadable: Vec<Unreadable> = Vec::new();
    for result in results {
        match result {
            Ok(v) => verdicts.push(v),
            Err(e) => {
                term::say(&format!(
                    "error: {}",
                    crate::render::message(&e.to_string())
                ));
                unreadable.push(Unreadable::from(&e));
            }
        }
    }
    let (text, kind) = match args.format {
        CheckFormat::Text => (ci::text(&verdicts, term.width), Kind::Text),
        CheckFormat::Json => (ci::json(&verdicts, &unreadable)?, Kind::Json),
        CheckFormat::Junit => (ci::junit(&verdicts, &unreadable, catalogue), Kind::Xml),
        CheckFormat::Sarif => (ci::sarif(&verdicts, &unreadable, catalogue)?, Kind::Json),
        CheckFormat::Github => (ci::github(&verdicts, &unreadable), Kind::Annotations),
    };
    term::print(&text, kind)?;
    let unusable = unreadable.len();
    Ok(if unusable > 0 {
        let what = match (unusable, paths.len()) {
            (1, 1) => "the answers file could not be checked; fix it".to_string(),
            (u, n) if u == n => format!("none of the {n} answers files could be checked; fix them"),
            (u, n) => format!("{u} of {n} answers files could not be checked; fix them"),
        };
        term::say(&format!("{what} and run the check again"));
        Exit::Error
    } else if verdicts.iter().all(|v| v.passed) {
        Exit::Ok
    } else {
        Exit::Policy
    })
}

fn judge_all(
    paths: &[PathBuf],
    catalogue: &Catalogue,
    policy: &Policy<'_>,
) -> Vec<Result<Verdict, FileError>> {
    let judge = |path: &PathBuf| {
        answers::load(path, catalogue).map(|loaded| policy::judge(&loaded, catalogue, policy))
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    if paths.len() < 64 || workers == 1 {
        return paths.iter().map(judge).collect();
    }
    let chunk = paths.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(judge).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}
