//! `rel04 push [FILES...]`: write each file's answers to its workload, only what differs.
//!
//! One path for one file or many: the files are read first, then pushed a few at a time
//! (`--jobs`, one client per Region shared by all), then saved, then reported. One failure
//! neither stops nor touches the others. Throttling is absorbed by the SDK's retries, so it
//! slows the run down rather than failing it.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};

use super::files;
use super::runtime::block_on;
use crate::Exit;
use crate::answers::{self, AnswersFile, FileError};
use crate::aws::Clients;
use crate::catalogue::Catalogue;
use crate::cli::PushArgs;
use crate::push::{self, Options, Outcome, PushReport};
use crate::render::message;
use crate::render::sync::{self as render, Row};
use crate::term::{self, Term};
use crate::vocab::Risk;
use crate::workload::SyncError;

/// One file's push, from the read to the save.
struct Pushed {
    path: PathBuf,
    report: PushReport,
    /// `Some` when the sync state was saved (or failed to be).
    saved: Option<Result<(), FileError>>,
}

impl Pushed {
    fn succeeded(&self) -> bool {
        self.report.succeeded() && !matches!(self.saved, Some(Err(_)))
    }

    /// The errors to print, each one message.
    fn errors(&self) -> Vec<String> {
        let mut out: Vec<String> = render::push_error(&self.report).into_iter().collect();
        if let Some(Err(e)) = &self.saved {
            out.push(e.to_string());
        }
        out
    }
}

pub fn run(args: &PushArgs, catalogue: &'static Catalogue, term: &Term) -> Result<Exit> {
    // FILES make a many-file run with its summary table; --file alone (or nothing) one file.
    let many = !args.files.is_empty();
    let named: Vec<_> = args.files.iter().chain(&args.file).cloned().collect();
    let paths = files::answers_files(&named)?;
    let _locks = files::lock_folders(&paths)?;
    let now = crate::context::rfc3339(std::time::SystemTime::now());
    let mut loaded = Vec::with_capacity(paths.len());
    for path in paths {
        match answers::load(&path, catalogue) {
            Ok(l) => loaded.push((path, Ok(l.file))),
            // One file: its problem is the run's error, as for every other command.
            Err(e) if !many => return Err(e.into()),
            Err(e) => loaded.push((path, Err(e))),
        }
    }
    let options = Arc::new(Options {
        selection: args.workload.selection(),
        dry_run: args.dry_run,
        create: args.create,
        force: args.force,
        milestone: args.milestone.clone(),
    });
    let progress = progress_bar(term, many, loaded.len() as u64);
    let connection = args.aws.connection();
    let jobs = usize::from(args.jobs);
    let pushed = block_on(async {
        let regions = loaded
            .iter()
            .filter_map(|(_, f)| f.as_ref().ok().map(|f| f.workload.aws_region.clone()));
        let clients = Arc::new(Clients::connect(&connection, catalogue, regions).await);
        push_all(loaded, catalogue, options, clients, &now, jobs, &progress).await
    })??;
    progress.finish_and_clear();
    // Saved after the network part, never from inside it.
    let mut pushed: Vec<Pushed> = pushed
        .into_iter()
        .map(|(mut p, file)| {
            if let Some(file) = file {
                p.saved = Some(answers::save(&p.path, &file));
            }
            p
        })
        .collect();
    if many {
        pushed.sort_by(|a, b| a.path.cmp(&b.path));
        show_many(catalogue, &pushed)
    } else {
        show_one(catalogue, &pushed[0])
    }
}

/// Pushes every readable file, `jobs` at a time. Returns each push with the file to save.
async fn push_all(
    loaded: Vec<(PathBuf, Result<AnswersFile, FileError>)>,
    catalogue: &'static Catalogue,
    options: Arc<Options>,
    clients: Arc<Clients>,
    now: &str,
    jobs: usize,
    progress: &ProgressBar,
) -> Result<Vec<(Pushed, Option<AnswersFile>)>> {
    let permits = Arc::new(tokio::sync::Semaphore::new(jobs));
    let now: Arc<str> = Arc::from(now);
    let mut tasks = tokio::task::JoinSet::new();
    let mut done = Vec::with_capacity(loaded.len());
    for (path, file) in loaded {
        let mut file = match file {
            Ok(file) => file,
            Err(e) => {
                progress.inc(1);
                done.push((unread(path, e), None));
                continue;
            }
        };
        let (options, clients, permits, now) = (
            Arc::clone(&options),
            Arc::clone(&clients),
            Arc::clone(&permits),
            Arc::clone(&now),
        );
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let report = match clients.get(file.workload.aws_region.as_deref()) {
                Ok(tool) => push::push(&options, catalogue, tool, &mut file, &now).await,
                Err(e) => not_connected(&file, catalogue, e.into()),
            };
            let save = report.save.then_some(file);
            let pushed = Pushed {
                path,
                report,
                saved: None,
            };
            (pushed, save)
        });
    }
    while let Some(joined) = tasks.join_next().await {
        progress.inc(1);
        done.push(joined.map_err(|e| anyhow::anyhow!("a push task failed: {e}"))?);
    }
    Ok(done)
}

/// A file that could not be read: a failed push that never reached the service.
fn unread(path: PathBuf, error: FileError) -> Pushed {
    Pushed {
        path,
        report: PushReport {
            workload: String::new(),
            existing: None,
            changes: Vec::new(),
            outcome: Outcome::Failed {
                error: error.into(),
                created: None,
            },
            service_risk: None,
            local_risk: Risk::Unanswered,
            save: false,
        },
        saved: None,
    }
}

/// A file whose Region has no client (no credentials, no Region).
fn not_connected(file: &AnswersFile, catalogue: &Catalogue, error: SyncError) -> PushReport {
    PushReport {
        workload: file.workload.name.clone(),
        existing: None,
        changes: Vec::new(),
        outcome: Outcome::Failed {
            error,
            created: None,
        },
        service_risk: None,
        local_risk: crate::risk::evaluate(catalogue, file).risk,
        save: false,
    }
}

/// One file: what happened, on stderr; a dry run's request on stdout.
fn show_one(catalogue: &Catalogue, p: &Pushed) -> Result<Exit> {
    term::say(&render::push_log(catalogue, &p.report, true));
    if let Some(request) = render::dry_run_request(&p.report) {
        term::print(&request)?;
    }
    if let Some(Ok(())) = p.saved {
        eprintln!("Saved the sync state to {}.", p.path.display());
    }
    for e in p.errors() {
        eprintln!("error: {}", message(&e));
    }
    Ok(if p.succeeded() { Exit::Ok } else { Exit::Error })
}

/// Many files: the story of each one that failed, then the summary table.
fn show_many(catalogue: &Catalogue, pushed: &[Pushed]) -> Result<Exit> {
    for p in pushed.iter().filter(|p| !p.succeeded()) {
        eprintln!("--- {}", p.path.display());
        let mut log = render::push_log(catalogue, &p.report, false);
        if let Some(Ok(())) = p.saved {
            log.push(format!("Saved the sync state to {}.", p.path.display()));
        }
        term::say(&log);
        for e in p.errors() {
            eprintln!("error: {}", message(&e));
        }
    }
    let rows: Vec<Row<'_>> = pushed
        .iter()
        .map(|p| Row {
            file: p.path.display().to_string(),
            report: &p.report,
        })
        .collect();
    term::print(&render::push_summary(&rows))?;
    let failed = pushed.iter().filter(|p| !p.succeeded()).count();
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

/// A progress bar for many files on a terminal; nothing in CI or when stderr is a file.
fn progress_bar(term: &Term, many: bool, len: u64) -> ProgressBar {
    if !many || !term.progress() {
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
