//! `rel04 push FILES...`: many workloads at once, each file its own workload.
//!
//! Files are pushed a few at a time (`--jobs`), each with its own log so their messages do not
//! interleave; one failure neither stops nor touches the others. Throttling is absorbed by the
//! SDK's retries (10 attempts by default), so it slows the run down rather than failing it.
//! A progress bar shows on a terminal (never in CI), and a summary table ends the run.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Result, bail};
use comfy_table::{Table, presets};
use indicatif::{ProgressBar, ProgressStyle};

use super::push::{Log, Outcome, push_file};
use super::remote::{Tools, block_on};
use crate::Exit;
use crate::catalogue::Catalogue;
use crate::cli::PushArgs;
use crate::render::inert;

struct Pushed {
    path: PathBuf,
    outcome: Result<Outcome>,
    log: Log,
}

pub fn run(args: &PushArgs, catalogue: &'static Catalogue) -> Result<Exit> {
    if args.aws.workload_id.is_some() || args.aws.workload_name.is_some() {
        bail!(
            "--workload-id and --workload-name name one workload; with several files each file names its own (workload.awsWorkloadId), or add --create to create them"
        );
    }
    let paths = super::answers_files(&args.files)?;
    let _locks = lock_folders(&paths)?;
    let progress = progress_bar(paths.len() as u64);
    let tools = Arc::new(Tools::new(&args.aws));
    let mut pushed = block_on(push_all(args, catalogue, &tools, &paths, &progress))?;
    progress.finish_and_clear();
    pushed.sort_by(|a, b| a.path.cmp(&b.path));

    for p in pushed.iter().filter(|p| !succeeded(p)) {
        eprintln!("--- {}", p.path.display());
        for line in p.log.lines.iter().flatten() {
            eprintln!("{line}");
        }
        if let Err(e) = &p.outcome {
            eprintln!("error: {}", crate::render::message(&format!("{e:#}")));
        } else if let Ok(Outcome { error: Some(e), .. }) = &p.outcome {
            eprintln!("error: {}", crate::render::message(&format!("{e:#}")));
        }
    }
    super::stdout(&summary(&pushed))?;
    let failed = pushed.iter().filter(|p| !succeeded(p)).count();
    Ok(if failed == 0 {
        eprintln!("All {} workloads pushed.", pushed.len());
        Exit::Ok
    } else {
        eprintln!(
            "{failed} of {} workloads failed (details above); the others were pushed.",
            pushed.len()
        );
        Exit::Error
    })
}

async fn push_all(
    args: &PushArgs,
    catalogue: &'static Catalogue,
    tools: &Arc<Tools>,
    paths: &[PathBuf],
    progress: &ProgressBar,
) -> Result<Vec<Pushed>> {
    let permits = Arc::new(tokio::sync::Semaphore::new(usize::from(args.jobs)));
    let mut tasks = tokio::task::JoinSet::new();
    for path in paths {
        let (args, tools, permits, path) = (
            args.clone(),
            Arc::clone(tools),
            Arc::clone(&permits),
            path.clone(),
        );
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let mut log = Log::buffered();
            let outcome = push_file(&args, catalogue, &tools, &path, &mut log).await;
            Pushed { path, outcome, log }
        });
    }
    let mut pushed = Vec::with_capacity(paths.len());
    while let Some(joined) = tasks.join_next().await {
        progress.inc(1);
        pushed.push(joined.map_err(|e| anyhow::anyhow!("a push task failed: {e}"))?);
    }
    Ok(pushed)
}

fn succeeded(p: &Pushed) -> bool {
    matches!(&p.outcome, Ok(o) if o.exit == Exit::Ok && o.error.is_none())
}

/// One advisory lock per folder, taken once even when a folder holds several files.
fn lock_folders(paths: &[PathBuf]) -> Result<Vec<std::fs::File>> {
    let folders: BTreeSet<&Path> = paths.iter().map(|p| crate::answers::folder_of(p)).collect();
    folders.into_iter().map(super::lock_folder).collect()
}

/// A progress bar on a terminal; nothing in CI or when stderr is a file.
fn progress_bar(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} workloads pushed ({elapsed})")
    {
        bar.set_style(style);
    }
    bar
}

fn summary(pushed: &[Pushed]) -> String {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .force_no_tty();
    table.set_header(["File", "Workload", "Result", "Service risk", "rel04 risk"]);
    for p in pushed {
        let risk = |r: Option<crate::risk::Risk>| r.map_or("-".to_string(), |r| r.to_string());
        let row = match &p.outcome {
            Ok(o) => {
                let result = match &o.error {
                    Some(e) => format!("failed: {}", first_line(e)),
                    None => o.result.clone(),
                };
                [
                    p.path.display().to_string(),
                    inert(&o.workload, false),
                    result,
                    risk(o.service_risk),
                    risk(o.local_risk),
                ]
            }
            Err(e) => [
                p.path.display().to_string(),
                "-".into(),
                format!("failed: {}", first_line(e)),
                "-".into(),
                "-".into(),
            ],
        };
        table.add_row(row);
    }
    format!("{table}\n")
}

fn first_line(e: &anyhow::Error) -> String {
    let text = format!("{e:#}");
    let line = text.lines().next().unwrap_or_default();
    let mut short: String = line.chars().take(100).collect();
    if line.chars().count() > 100 {
        short.push('…');
    }
    short
}
