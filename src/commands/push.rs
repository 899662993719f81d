//! `rel04 push`: write the file's answers to the Well-Architected Tool, only what differs.

use anyhow::{Result, anyhow};

use super::remote::{self, Tools, block_on, changes_text};
use crate::Exit;
use crate::answers::{self, AnswersFile, limits};
use crate::aws::{Remote, WaTool};
use crate::catalogue::Catalogue;
use crate::cli::PushArgs;
use crate::render::inert;
use crate::risk::assess;
use crate::sync::{self, Drift, UpdatePlan};

pub fn run(args: &PushArgs, catalogue: &'static Catalogue) -> Result<Exit> {
    if let Some(name) = &args.milestone {
        check_milestone_name(name)?;
    }
    if !args.files.is_empty() {
        return super::push_many::run(args, catalogue);
    }
    let path = &args.file.file;
    let _lock = super::lock_folder(crate::answers::folder_of(path))?;
    let mut log = Log::direct();
    let tools = Tools::new(&args.aws);
    let outcome = block_on(push_file(args, catalogue, &tools, path, &mut log))?;
    match outcome.error {
        Some(e) => Err(e),
        None => Ok(outcome.exit),
    }
}

/// Where push's messages go: straight to stderr for one file, into a buffer per file when
/// several are pushed at once (so their lines do not interleave).
pub struct Log {
    pub lines: Option<Vec<String>>,
}

impl Log {
    pub fn direct() -> Log {
        Log { lines: None }
    }

    pub fn buffered() -> Log {
        Log {
            lines: Some(Vec::new()),
        }
    }

    pub fn say(&mut self, line: impl Into<String>) {
        let line = line.into();
        match &mut self.lines {
            Some(lines) => lines.push(line),
            None => eprintln!("{line}"),
        }
    }
}

/// Loads one answers file, pushes it and saves what the sync recorded.
pub async fn push_file(
    args: &PushArgs,
    catalogue: &Catalogue,
    tools: &Tools,
    path: &std::path::Path,
    log: &mut Log,
) -> Result<Outcome> {
    let mut loaded = answers::load(path, catalogue)?;
    let tool = tools
        .get(loaded.file.workload.aws_region.as_deref())
        .await?;
    let mut outcome = push(args, catalogue, &tool, &mut loaded.file, log).await?;
    if outcome.save {
        answers::save(path, &loaded.file)?;
        log.say(format!("Saved the sync state to {}.", path.display()));
    }
    outcome.workload = loaded.file.workload.name.clone();
    outcome.local_risk = Some(assess(catalogue, &loaded.file).risk);
    Ok(outcome)
}

pub struct Outcome {
    pub exit: Exit,
    /// The file's sync state changed and must be saved.
    save: bool,
    /// A failure after something was already written (a new workload, the answer): the file
    /// is saved first, so that it still names the workload.
    pub error: Option<anyhow::Error>,
    /// What happened, in a few words, for the summary of a many-file push.
    pub result: String,
    pub workload: String,
    pub service_risk: Option<crate::risk::Risk>,
    pub local_risk: Option<crate::risk::Risk>,
}

fn done(exit: Exit, result: &str) -> Outcome {
    Outcome {
        exit,
        save: false,
        error: None,
        result: result.to_string(),
        workload: String::new(),
        service_risk: None,
        local_risk: None,
    }
}

async fn push(
    args: &PushArgs,
    catalogue: &Catalogue,
    tool: &WaTool,
    file: &mut AnswersFile,
    log: &mut Log,
) -> Result<Outcome> {
    let Found {
        id,
        remote,
        lens_missing,
    } = locate(args, tool, file, log).await?;
    let local = file.snapshot();
    let plan = sync::plan(&local, &remote.snapshot);
    let base = id.as_deref().and_then(|id| remote::base(file, id));
    let drift = sync::drift(&local, &remote.snapshot, base);
    if !plan.is_empty() {
        log.say(format!(
            "Changes to write (console now, file):\n{}",
            changes_text(catalogue, &plan.changes)
        ));
    }
    if let Some(exit) = refuse(args, drift, log) {
        return Ok(done(
            exit,
            "refused: the console changed since the last sync",
        ));
    }
    if args.dry_run {
        if lens_missing && !plan.is_empty() {
            log.say(format!(
                "Would associate the wellarchitected lens with workload {}.",
                id.as_deref().unwrap_or("")
            ));
        }
        return dry_run(args, file, id.as_deref(), &plan, log);
    }
    if let Some(id) = id.as_deref().filter(|_| lens_missing && !plan.is_empty()) {
        tool.associate_lens(id).await?;
        log.say(format!(
            "Associated the wellarchitected lens with workload {id}."
        ));
    }
    let (id, created) = match id {
        Some(id) => (id, false),
        None => (create(args, tool, file, log).await?, true),
    };
    let now = if plan.is_empty() {
        log.say("Nothing to push: the console already matches the file.");
        remote
    } else {
        match tool.write_answer(&id, &plan).await {
            Ok(written) => written,
            Err(e) if created => {
                file.workload.aws_workload_id = Some(id);
                file.workload.aws_region = Some(tool.region().to_string());
                let mut outcome = done(Exit::Error, "created, answer not written");
                outcome.save = true;
                outcome.error = Some(e.context(
                    "the workload was created, but its answer was not written; run `rel04 push` again",
                ));
                return Ok(outcome);
            }
            Err(e) => return Err(e),
        }
    };
    let result = match (created, plan.changes.len()) {
        (true, n) => format!("created, {n} change(s) written"),
        (false, 0) => "nothing to push".to_string(),
        (false, n) => format!("{n} change(s) written"),
    };
    if !plan.is_empty() {
        log.say(format!(
            "Pushed {} change(s) to workload {id} in {}.",
            plan.changes.len(),
            tool.region()
        ));
    }
    let save = remote::record_sync(file, &id, tool.region(), &now);
    let error = match &args.milestone {
        Some(name) => milestone(tool, &id, name, log).await.err(),
        None => None,
    };
    log.say(remote::risk_line(now.risk, assess(catalogue, file).risk));
    Ok(Outcome {
        exit: if error.is_some() {
            Exit::Error
        } else {
            Exit::Ok
        },
        save,
        error,
        result,
        workload: String::new(),
        service_risk: now.risk,
        local_risk: None,
    })
}

/// The workload and its answer. With `--create`, a workload with the file's name is used if
/// there is one; `None` when it is still to be created.
async fn locate(
    args: &PushArgs,
    tool: &WaTool,
    file: &AnswersFile,
    log: &mut Log,
) -> Result<Found> {
    let mut found = remote::workload_id(&args.aws, tool, file).await?;
    if found.is_none() && args.create && args.aws.workload_name.is_none() {
        found = tool.find_workload_by_name(&file.workload.name).await?;
        if let Some(id) = &found {
            log.say(format!(
                "Using the existing workload \"{}\" ({id}).",
                inert(&file.workload.name, false)
            ));
        }
    }
    match found {
        // Without the lens the workload holds no REL 4 answer yet; the lens is associated only
        // when there is an answer to write (and never in a dry run).
        Some(id) if !tool.has_lens(&id).await? => Ok(Found {
            id: Some(id),
            remote: blank_remote(),
            lens_missing: true,
        }),
        Some(id) => {
            let remote = tool.read_answer(&id).await?;
            Ok(Found {
                id: Some(id),
                remote,
                lens_missing: false,
            })
        }
        None if args.create => Ok(Found {
            id: None,
            remote: blank_remote(),
            lens_missing: false,
        }),
        None => Err(remote::no_workload(&args.aws, tool.region())),
    }
}

/// The workload to push to, and what it holds.
struct Found {
    /// `None` when it is still to be created.
    id: Option<String>,
    remote: Remote,
    /// The workload lacks the `wellarchitected` lens.
    lens_missing: bool,
}

/// A workload that does not exist yet holds nothing.
fn blank_remote() -> Remote {
    Remote {
        snapshot: sync::blank(),
        risk: None,
    }
}

/// Refuses to overwrite console changes the file does not have, unless `--force`.
fn refuse(args: &PushArgs, drift: Drift, log: &mut Log) -> Option<Exit> {
    if args.force {
        return None;
    }
    match drift {
        Drift::Conflict => {
            log.say(
                "Conflict: both the file and the console changed since the last sync; the lines above show both sides. Nothing was written.\nRun `rel04 pull` to bring the console's changes into the file (the file's own changes stay), then `rel04 push`; or overwrite the console with `rel04 push --force`.",
            );
            Some(Exit::Error)
        }
        Drift::ConsoleChanged => {
            log.say(
                "The console changed since the last sync and the file did not; pushing would undo those changes. Nothing was written.\nBring them into the file with `rel04 pull`, or overwrite them with `rel04 push --force`.",
            );
            Some(Exit::Error)
        }
        Drift::InSync | Drift::LocalChanged => None,
    }
}

/// Shows the UpdateAnswer request that push would send, and writes nothing. With one file the
/// request goes to stdout; with several, into that file's log.
fn dry_run(
    args: &PushArgs,
    file: &AnswersFile,
    id: Option<&str>,
    plan: &UpdatePlan,
    log: &mut Log,
) -> Result<Outcome> {
    if id.is_none() {
        log.say(format!(
            "Would create the workload \"{}\".",
            inert(
                args.aws
                    .workload_name
                    .as_deref()
                    .unwrap_or(&file.workload.name),
                false
            )
        ));
    }
    let result = if plan.is_empty() {
        log.say("Nothing to push: the console already matches the file.");
        "dry run: nothing to push".to_string()
    } else {
        let request = serde_json::to_string_pretty(&plan.to_request_json())?;
        match log.lines {
            Some(_) => log.say(format!("Would send UpdateAnswer:\n{request}")),
            None => {
                super::stdout(&format!("{request}\n"))?;
            }
        }
        format!("dry run: {} change(s) to write", plan.changes.len())
    };
    if let Some(name) = &args.milestone {
        log.say(format!(
            "Would record the milestone \"{}\".",
            inert(name, false)
        ));
    }
    log.say("Dry run: nothing was written.");
    Ok(done(Exit::Ok, &result))
}

/// Creates the workload, named by `--workload-name` or the file.
async fn create(
    args: &PushArgs,
    tool: &WaTool,
    file: &AnswersFile,
    log: &mut Log,
) -> Result<String> {
    let name = args
        .aws
        .workload_name
        .as_deref()
        .unwrap_or(&file.workload.name);
    let id = tool.create_workload(&file.workload, name).await?;
    log.say(format!(
        "Created the workload \"{}\" ({id}) in {}.",
        inert(name, false),
        tool.region()
    ));
    Ok(id)
}

async fn milestone(tool: &WaTool, id: &str, name: &str, log: &mut Log) -> Result<()> {
    let number = tool.create_milestone(id, name).await.map_err(|e| {
        anyhow!("the answers were pushed, but recording the milestone failed: {e:#}")
    })?;
    match number {
        Some(n) => log.say(format!(
            "Recorded milestone {n} \"{}\".",
            inert(name, false)
        )),
        None => log.say(format!(
            "Recorded the milestone \"{}\".",
            inert(name, false)
        )),
    }
    Ok(())
}

fn check_milestone_name(name: &str) -> Result<()> {
    let (min, max) = limits::MILESTONE_NAME;
    answers::check_length(name, (min, max)).map_err(|e| {
        anyhow!("--milestone: a milestone name is {min} to {max} characters; this one {e}")
    })
}
