//! `rel04 push [FILES...]`: write each file's answers to its workload, only what differs.
//!
//! One path for one file or many: the files are read first, then pushed a few requests at a
//! time (`--jobs`, `--jobs-per-account`; one client per profile, role and Region shared by
//! all), then saved, then reported. One failure neither stops nor touches the others.
//! Throttling is absorbed by the SDK's adaptive retries, so it slows the run down rather than
//! failing it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;
use indicatif::ProgressBar;

use super::files;
use super::runtime::{block_on, progress_bar};
use crate::Exit;
use crate::answers::{self, AnswersFile, FileError};
use crate::catalogue::Catalogue;
use crate::cli::PushArgs;
use crate::render::inert;
use crate::render::sync::{self as render, Pushed};
use crate::risk::evaluate;
use crate::sync::aws::{Access, Clients, Connection, role_account};
use crate::sync::push::{self, Options, PushReport};
use crate::term::{self, Term};
use crate::vocab::Risk;

/// One file's push, from the read to the save.
struct Done {
    path: PathBuf,
    report: PushReport,
    /// `Some` when the file was saved (or failed to be).
    saved: Option<Result<(), FileError>>,
}

pub fn run(args: &PushArgs, catalogue: &'static Catalogue, term: &Term) -> Result<Exit> {
    // FILES make a many-file run with its summary table; --file alone (or nothing) one file.
    let many = !args.files.is_empty();
    let named: Vec<_> = args.files.iter().chain(&args.file).cloned().collect();
    let paths = files::answers_files(&named)?;
    let _locks = files::lock_folders(&paths)?;
    let now = crate::context::rfc3339(std::time::SystemTime::now());
    let mut loaded = Vec::with_capacity(paths.len());
    // The text each file had when read: a file changed on disk during the push (an editor, a
    // git pull) is not overwritten with the copy read before.
    let mut read_as: HashMap<PathBuf, String> = HashMap::with_capacity(paths.len());
    for path in paths {
        match answers::load(&path, catalogue) {
            Ok(l) => {
                read_as.insert(path.clone(), l.text);
                loaded.push((path, Ok(l.file)));
            }
            // One file: its problem is the run's error, as for every other command.
            Err(e) if !many => return Err(e.into()),
            Err(e) => loaded.push((path, Err(e))),
        }
    }
    let connection = args.aws.connection();
    refuse_shared_workloads(&loaded, &connection)?;
    let options = Arc::new(Options {
        selection: args.workload.selection(many)?,
        dry_run: args.dry_run,
        create: args.create,
        force: args.force,
        milestone: args.milestone.clone(),
        claimed: Default::default(),
    });
    let progress = progress_bar(term, many, loaded.len() as u64, "pushed");
    let jobs = args.jobs;
    let pushed = block_on(async {
        let workloads = loaded
            .iter()
            .filter_map(|(_, f)| f.as_ref().ok().map(|f| &f.workload));
        let clients = Clients::connect(
            &connection,
            catalogue,
            workloads,
            jobs.total(),
            jobs.per_account(),
        )
        .await;
        push_all(
            loaded,
            catalogue,
            options,
            Arc::new(clients),
            &now,
            &progress,
        )
        .await
    })?;
    progress.finish_and_clear();
    // Saved after the network part, never from inside it.
    let mut done: Vec<Done> = pushed
        .into_iter()
        .map(|(mut d, file)| {
            if let Some(file) = file {
                d.saved = Some(match read_as.get(&d.path) {
                    Some(text) => answers::save_unless_changed(
                        &d.path,
                        &file,
                        text,
                        "it was being pushed, so its sync state was not saved; run `rel04 push` again",
                    ),
                    None => answers::save(&d.path, &file),
                });
            }
            d
        })
        .collect();
    done.sort_by(|a, b| a.path.cmp(&b.path));
    let pushed: Vec<Pushed<'_>> = done
        .iter()
        .map(|d| Pushed {
            file: d.path.display().to_string(),
            report: &d.report,
            saved: d.saved.as_ref(),
        })
        .collect();
    let lines = if many {
        render::push_many(catalogue, &pushed, term.width)
    } else {
        pushed
            .iter()
            .flat_map(|p| render::push_story(catalogue, p, true, term.width))
            .collect()
    };
    term::emit(&lines)?;
    Ok(if pushed.iter().all(Pushed::succeeded) {
        Exit::Ok
    } else {
        Exit::Error
    })
}

/// Two files of one run that name the same workload (by id, or by name in one account and
/// Region) would write over each other's answers, the second one silently: refused before
/// anything is sent.
fn refuse_shared_workloads(
    loaded: &[(PathBuf, Result<AnswersFile, FileError>)],
    connection: &Connection,
) -> Result<()> {
    let files: Vec<(&PathBuf, &AnswersFile)> = loaded
        .iter()
        .filter_map(|(p, f)| f.as_ref().ok().map(|f| (p, f)))
        .collect();
    let mut clashes = Vec::new();
    for (i, (a_path, a)) in files.iter().enumerate() {
        for (b_path, b) in &files[i + 1..] {
            let region =
                |f: &AnswersFile| connection.region.clone().or(f.workload.aws_region.clone());
            let same_id = a.workload.aws_workload_id.is_some()
                && a.workload.aws_workload_id == b.workload.aws_workload_id;
            // No Region in a file means the default one, which may be the other's.
            let same_region = match (region(a), region(b)) {
                (Some(x), Some(y)) => x == y,
                _ => true,
            };
            let same_name = same_region
                && same_account(
                    &connection.access(&a.workload),
                    &connection.access(&b.workload),
                )
                && crate::sync::aws::same_name(&a.workload.name, &b.workload.name);
            if same_id || same_name {
                let what = if same_id {
                    format!(
                        "workload {}",
                        a.workload.aws_workload_id.as_deref().unwrap_or_default()
                    )
                } else {
                    format!("the workload named \"{}\"", inert(&a.workload.name, false))
                };
                clashes.push(format!(
                    "{} and {} both name {what}",
                    inert(&a_path.display().to_string(), false),
                    inert(&b_path.display().to_string(), false)
                ));
            }
        }
    }
    if clashes.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "{}; one push would overwrite the other, so nothing was pushed. Give each file its own workload (its own workload.name, and workload.awsWorkloadId set to null in the copy), then push again",
        clashes.join("; ")
    )
}

/// Two accesses reach the same account, as far as the files tell: roles in one account, or
/// the same profile without a role. Two profiles are taken for two accounts (a team keeps
/// one profile per account; which account a profile reaches is known only by asking STS).
fn same_account(a: &Access, b: &Access) -> bool {
    match (&a.role_arn, &b.role_arn) {
        (Some(x), Some(y)) => role_account(x) == role_account(y),
        (None, None) => a.profile == b.profile,
        _ => false,
    }
}

/// Pushes every readable file, as many at a time as the clients' limits let through. Returns each push with the file to save.
async fn push_all(
    loaded: Vec<(PathBuf, Result<AnswersFile, FileError>)>,
    catalogue: &'static Catalogue,
    options: Arc<Options>,
    clients: Arc<Clients>,
    now: &str,
    progress: &ProgressBar,
) -> Vec<(Done, Option<AnswersFile>)> {
    let now: Arc<str> = Arc::from(now);
    let mut tasks = tokio::task::JoinSet::new();
    let mut done = Vec::with_capacity(loaded.len());
    for (path, file) in loaded {
        let mut file = match file {
            Ok(file) => file,
            Err(e) => {
                progress.inc(1);
                let report = PushReport::failed_early(e.into(), String::new(), Risk::Unanswered);
                done.push((
                    Done {
                        path,
                        report,
                        saved: None,
                    },
                    None,
                ));
                continue;
            }
        };
        let (options, clients, now) =
            (Arc::clone(&options), Arc::clone(&clients), Arc::clone(&now));
        tasks.spawn(async move {
            let report = match clients.get(&file.workload) {
                Ok(tool) => {
                    let flag = crate::answers::file_flag(&path);
                    push::push(&options, catalogue, tool, &mut file, &now, &flag).await
                }
                Err(e) => PushReport::failed_early(
                    e.into(),
                    file.workload.name.clone(),
                    evaluate(catalogue, &file).risk,
                ),
            };
            let save = report.save.then_some(file);
            let done = Done {
                path,
                report,
                saved: None,
            };
            (done, save)
        });
    }
    while let Some(joined) = tasks.join_next().await {
        progress.inc(1);
        match joined {
            Ok(one) => done.push(one),
            // A task that panicked is a defect; the others' results (and saves) go on.
            Err(e) => term::say(&format!(
                "error: a push task failed (a defect in rel04, please report it): {e}"
            )),
        }
    }
    done
}
