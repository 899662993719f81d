//! `rel04 push`: write the file's answers to the Well-Architected Tool, only what differs.

use anyhow::{Result, anyhow, bail};

use super::remote::{self, block_on, changes_text};
use crate::Exit;
use crate::answers::{self, AnswersFile, limits};
use crate::aws::{Remote, WaTool};
use crate::catalogue::Catalogue;
use crate::cli::PushArgs;
use crate::risk::assess;
use crate::sync::{self, Drift, UpdatePlan};

pub fn run(args: &PushArgs, catalogue: &Catalogue) -> Result<Exit> {
    if let Some(name) = &args.milestone {
        check_milestone_name(name)?;
    }
    let path = &args.file.file;
    let _lock = super::assess::lock_folder(path)?;
    let mut loaded = answers::load(path, catalogue)?;
    let outcome = block_on(push(args, catalogue, &mut loaded.file))?;
    if outcome.save {
        answers::save(path, &loaded.file)?;
        eprintln!("Saved the sync state to {}.", path.display());
    }
    match outcome.error {
        Some(e) => Err(e),
        None => Ok(outcome.exit),
    }
}

struct Outcome {
    exit: Exit,
    /// The file's sync state changed and must be saved.
    save: bool,
    /// A failure after something was already written (a new workload, the answer): the file
    /// is saved first, so that it still names the workload.
    error: Option<anyhow::Error>,
}

fn done(exit: Exit) -> Outcome {
    Outcome {
        exit,
        save: false,
        error: None,
    }
}

async fn push(args: &PushArgs, catalogue: &Catalogue, file: &mut AnswersFile) -> Result<Outcome> {
    let tool = args
        .aws
        .connect(file.workload.aws_region.as_deref())
        .await?;
    let (id, remote) = locate(args, &tool, file).await?;
    let local = file.snapshot();
    let plan = sync::plan(&local, &remote.snapshot);
    let base = id.as_deref().and_then(|id| remote::base(file, id));
    let drift = sync::drift(&local, &remote.snapshot, base);
    if !plan.is_empty() {
        eprintln!(
            "Changes to write (console now, file):\n{}",
            changes_text(catalogue, &plan.changes)
        );
    }
    if let Some(exit) = refuse(args, drift) {
        return Ok(done(exit));
    }
    if args.dry_run {
        return dry_run(args, file, id.as_deref(), &plan);
    }
    let (id, created) = match id {
        Some(id) => (id, false),
        None => (create(args, &tool, file).await?, true),
    };
    let now = if plan.is_empty() {
        eprintln!("Nothing to push: the console already matches the file.");
        remote
    } else {
        match tool.write_answer(&id, &plan).await {
            Ok(written) => written,
            Err(e) if created => {
                file.workload.aws_workload_id = Some(id);
                file.workload.aws_region = Some(tool.region().to_string());
                return Ok(Outcome {
                    exit: Exit::Error,
                    save: true,
                    error: Some(e.context("the workload was created, but its answer was not written; run `rel04 push` again")),
                });
            }
            Err(e) => return Err(e),
        }
    };
    if !plan.is_empty() {
        eprintln!(
            "Pushed {} change(s) to workload {id} in {}.",
            plan.changes.len(),
            tool.region()
        );
    }
    let save = remote::record_sync(file, &id, tool.region(), &now);
    let error = match &args.milestone {
        Some(name) => milestone(&tool, &id, name).await.err(),
        None => None,
    };
    eprintln!(
        "{}",
        remote::risk_line(now.risk, assess(catalogue, file).risk)
    );
    Ok(Outcome {
        exit: Exit::Ok,
        save,
        error,
    })
}

/// The workload and its answer. With `--create`, a workload with the file's name is used if
/// there is one; `None` when it is still to be created.
async fn locate(
    args: &PushArgs,
    tool: &WaTool,
    file: &AnswersFile,
) -> Result<(Option<String>, Remote)> {
    let mut found = remote::workload_id(&args.aws, tool, file).await?;
    if found.is_none() && args.create && args.aws.workload_name.is_none() {
        found = tool.find_workload_by_name(&file.workload.name).await?;
        if let Some(id) = &found {
            eprintln!(
                "Using the existing workload \"{}\" ({id}).",
                file.workload.name
            );
        }
    }
    match found {
        Some(id) => {
            if !args.dry_run && tool.ensure_lens(&id).await? {
                eprintln!("Associated the wellarchitected lens with workload {id}.");
            }
            let remote = tool.read_answer(&id).await?;
            Ok((Some(id), remote))
        }
        None if args.create => Ok((None, blank_remote())),
        None => Err(remote::no_workload(&args.aws, tool.region())),
    }
}

/// A workload that does not exist yet holds nothing.
fn blank_remote() -> Remote {
    Remote {
        snapshot: sync::blank(),
        risk: None,
    }
}

/// Refuses to overwrite console changes the file does not have, unless `--force`.
fn refuse(args: &PushArgs, drift: Drift) -> Option<Exit> {
    if args.force {
        return None;
    }
    match drift {
        Drift::Conflict => {
            eprintln!(
                "Conflict: both the file and the console changed since the last sync; the lines above show both sides. Nothing was written.\nKeep the console's answers with `rel04 pull --force`, or overwrite them with the file's with `rel04 push --force`."
            );
            Some(Exit::Error)
        }
        Drift::ConsoleChanged => {
            eprintln!(
                "The console changed since the last sync and the file did not; pushing would undo those changes. Nothing was written.\nBring them into the file with `rel04 pull`, or overwrite them with `rel04 push --force`."
            );
            Some(Exit::Error)
        }
        Drift::InSync | Drift::LocalChanged | Drift::NeverSynced => None,
    }
}

/// Prints the UpdateAnswer request that push would send, and writes nothing.
fn dry_run(
    args: &PushArgs,
    file: &AnswersFile,
    id: Option<&str>,
    plan: &UpdatePlan,
) -> Result<Outcome> {
    if id.is_none() {
        eprintln!(
            "Would create the workload \"{}\".",
            args.aws
                .workload_name
                .as_deref()
                .unwrap_or(&file.workload.name)
        );
    }
    if plan.is_empty() {
        eprintln!("Nothing to push: the console already matches the file.");
    } else {
        let request = serde_json::to_string_pretty(&plan.to_request_json())?;
        super::stdout(&format!("{request}\n"))?;
    }
    if let Some(name) = &args.milestone {
        eprintln!("Would record the milestone \"{name}\".");
    }
    eprintln!("Dry run: nothing was written.");
    Ok(done(Exit::Ok))
}

/// Creates the workload, named by `--workload-name` or the file.
async fn create(args: &PushArgs, tool: &WaTool, file: &AnswersFile) -> Result<String> {
    let name = args
        .aws
        .workload_name
        .as_deref()
        .unwrap_or(&file.workload.name);
    let id = tool.create_workload(&file.workload, name).await?;
    eprintln!(
        "Created the workload \"{name}\" ({id}) in {}.",
        tool.region()
    );
    Ok(id)
}

async fn milestone(tool: &WaTool, id: &str, name: &str) -> Result<()> {
    let number = tool.create_milestone(id, name).await.map_err(|e| {
        anyhow!("the answers were pushed, but recording the milestone failed: {e:#}")
    })?;
    match number {
        Some(n) => eprintln!("Recorded milestone {n} \"{name}\"."),
        None => eprintln!("Recorded the milestone \"{name}\"."),
    }
    Ok(())
}

fn check_milestone_name(name: &str) -> Result<()> {
    let n = name.chars().count();
    let (min, max) = limits::WORKLOAD_NAME;
    if n < min || n > max {
        bail!("--milestone: a milestone name is {min} to {max} characters; this one has {n}");
    }
    Ok(())
}
