//! Pushing one answers file to its workload, as a value: [`push`] talks to the service and
//! returns a [`PushReport`] saying what happened; it prints nothing and touches no file. The
//! command reads the files before, fans out, saves the files after and hands the reports to
//! the renderer (`render::sync`).

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;

use crate::answers::AnswersFile;
use crate::catalogue::Catalogue;
use crate::risk::evaluate;
use crate::sync::aws::{AwsError, ErrorKind, WaTool};
use crate::sync::model::{Drift, FieldChange, Place, Remote};
use crate::sync::workload::{self, Selection, SyncError};
use crate::sync::{file, merge};
use crate::vocab::Risk;

/// What the person asked push to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub selection: Selection,
    pub dry_run: bool,
    pub create: bool,
    pub force: bool,
    /// Record a milestone with this name after the push.
    pub milestone: Option<String>,
    /// The workloads the files of this run push to, shared by their tasks: two files that
    /// reach one workload (through two profiles of one account, say) are refused, not
    /// written one over the other.
    pub claimed: Arc<Mutex<HashSet<String>>>,
}

/// What happened to one file's push.
#[derive(Debug, Clone)]
pub struct PushReport {
    /// The workload's name in the file.
    pub workload: String,
    /// What was done on the way, whatever the outcome.
    pub steps: Steps,
    /// What push writes, or would write: the console's value and the file's.
    pub changes: Vec<FieldChange>,
    pub outcome: Outcome,
    /// The risk the service reported after the push.
    pub service_risk: Option<Risk>,
    /// rel04's own risk of the file.
    pub local_risk: Risk,
    /// The file's sync state changed and must be saved.
    pub save: bool,
}

/// What a push did before its outcome: kept even when a later step fails, so that a created
/// workload is never lost from view.
#[derive(Debug, Clone, Default)]
pub struct Steps {
    pub region: String,
    pub lens_alias: String,
    /// With `--create`, an existing workload of the file's name was found: its id.
    pub existing: Option<String>,
    /// The workload this push created: its name and id.
    pub created: Option<(String, String)>,
    /// Whose workload was written and how: "account A, as role R ... from profile P".
    pub who: Option<String>,
    /// The REL 4 lens was associated with this workload.
    pub lens_associated: Option<String>,
    /// The file takes this name of the workload in the console (renamed there).
    pub renamed: Option<String>,
}

/// The one thing that happened.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The changes were written.
    Written {
        workload_id: String,
        milestone: Option<Milestone>,
    },
    /// The console already held the file's answers.
    NothingToPush {
        workload_id: String,
        milestone: Option<Milestone>,
    },
    /// Nothing was written; this is what would be.
    DryRun(DryRun),
    /// Nothing was written, and why.
    Refused(Refusal),
    Failed(SyncError),
}

/// Why push wrote nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The console changed since the last sync and the file did not.
    ConsoleChanged,
    /// Both changed.
    Conflict,
    /// Every practice is not applicable: the console would show the question unanswered.
    OnlyNotApplicable,
}

#[derive(Debug, Clone)]
pub struct Milestone {
    pub name: String,
    /// The milestone's number, when the service gave one.
    pub result: Result<Option<i32>, SyncError>,
    /// The workload already had a milestone of this name recording these answers (a retried
    /// job): nothing was created, and that is a success.
    pub existed: bool,
}

/// Records the milestone, idempotently: when the workload already has one of this name (a
/// retried CI job), it is the run's milestone if it records exactly what the console holds
/// now, and an error naming the difference if not.
async fn record_milestone(tool: &WaTool, id: &str, name: &str, now: &Remote) -> Milestone {
    let state = serde_json::to_string(&now.snapshot).unwrap_or_default();
    let created = tool.create_milestone(id, name, &state).await;
    let result = match created {
        Ok(number) => Ok((number, false)),
        Err(e) if e.kind == ErrorKind::Conflict => match tool.milestone_named(id, name).await {
            Ok(Some(number)) => match tool.read_answer_at(id, Some(number)).await {
                Ok(then) if then.snapshot == now.snapshot => Ok((Some(number), true)),
                Ok(_) => Err(AwsError::new(
                    ErrorKind::Conflict,
                    format!(
                        "workload {id} already has a milestone \"{name}\" (number {number}) that records other answers than the console holds now; milestone names are unique in a workload: choose another --milestone name"
                    ),
                )),
                Err(read) => Err(read),
            },
            Ok(None) => Err(e),
            Err(list) => Err(list),
        },
        Err(e) => Err(e),
    };
    match result {
        Ok((number, existed)) => Milestone {
            name: name.to_string(),
            result: Ok(number),
            existed,
        },
        Err(e) => Milestone {
            name: name.to_string(),
            result: Err(SyncError::from(e)),
            existed: false,
        },
    }
}

/// What a dry run would do.
#[derive(Debug, Clone)]
pub struct DryRun {
    /// `None`: the workload would be created, with `create_name`.
    pub workload_id: Option<String>,
    pub create_name: Option<String>,
    pub associate_lens: bool,
    /// The UpdateAnswer request, with the service's field names; `None` when nothing differs.
    pub request: Option<Value>,
    pub milestone: Option<String>,
}

impl PushReport {
    /// What failed, if anything: the push itself, or the milestone after it.
    pub fn failure(&self) -> Option<&SyncError> {
        match &self.outcome {
            Outcome::Failed(error) => Some(error),
            Outcome::Written { milestone, .. } | Outcome::NothingToPush { milestone, .. } => {
                milestone.as_ref().and_then(|m| m.result.as_ref().err())
            }
            Outcome::DryRun(_) | Outcome::Refused(_) => None,
        }
    }

    /// True when the push did what was asked.
    pub fn succeeded(&self) -> bool {
        !matches!(self.outcome, Outcome::Refused(_)) && self.failure().is_none()
    }

    /// A push that failed before it reached the workload (reading the file, connecting,
    /// finding the workload).
    pub fn failed_early(error: SyncError, workload: String, local_risk: Risk) -> PushReport {
        PushReport {
            workload,
            steps: Steps::default(),
            changes: Vec::new(),
            outcome: Outcome::Failed(error),
            service_risk: None,
            local_risk,
            save: false,
        }
    }
}

/// Pushes one file's answers to its workload. `file` gets the sync state when the push
/// reached the service (`save` says whether it changed); it is saved by the caller.
pub async fn push(
    options: &Options,
    catalogue: &Catalogue,
    tool: &WaTool,
    file: &mut AnswersFile,
    now: &str,
    flag: &str,
) -> PushReport {
    let mut steps = Steps {
        region: tool.region().to_string(),
        lens_alias: tool.lens_alias().to_string(),
        ..Steps::default()
    };
    let mut written = Written::default();
    let outcome = run(options, tool, file, now, flag, &mut steps, &mut written)
        .await
        .unwrap_or_else(Outcome::Failed);
    PushReport {
        workload: file.workload.name.clone(),
        steps,
        changes: written.changes,
        outcome,
        service_risk: written.service_risk,
        local_risk: evaluate(catalogue, file).risk,
        save: written.save,
    }
}

/// What a push learnt on its way, for the report.
#[derive(Debug, Default)]
struct Written {
    changes: Vec<FieldChange>,
    service_risk: Option<Risk>,
    save: bool,
}

async fn run(
    options: &Options,
    tool: &WaTool,
    file: &mut AnswersFile,
    now: &str,
    flag: &str,
    steps: &mut Steps,
    written: &mut Written,
) -> Result<Outcome, SyncError> {
    if file.only_not_applicable() {
        return Ok(Outcome::Refused(Refusal::OnlyNotApplicable));
    }
    let found = find(options, tool, file, flag, steps).await?;
    if let Some(id) = &found.id {
        let mut claimed = options
            .claimed
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if !claimed.insert(id.clone()) {
            return Err(SyncError::Identity(format!(
                "another file of this push also resolves to workload {id} (its name, profile or role lead to the same workload); nothing was written for this one. Give each file its own workload, then push again"
            )));
        }
    }
    if let Some(name) = &found.rename {
        steps.renamed = Some(name.clone());
        if !options.dry_run {
            file.workload.name = name.clone();
            written.save = true;
        }
    }
    let local = file.snapshot();
    let plan = merge::plan(&local, &found.remote.snapshot);
    let base = found.id.as_deref().and_then(|id| file::base(file, id));
    let drift = merge::drift(&local, &found.remote.snapshot, base);
    written.changes = plan.changes.clone();
    if !options.force {
        match drift {
            Drift::Conflict => return Ok(Outcome::Refused(Refusal::Conflict)),
            Drift::ConsoleChanged => return Ok(Outcome::Refused(Refusal::ConsoleChanged)),
            Drift::InSync | Drift::LocalChanged => {}
        }
    }
    if options.dry_run {
        return Ok(Outcome::DryRun(DryRun {
            create_name: found
                .id
                .is_none()
                .then(|| create_name(options, file).to_string()),
            workload_id: found.id,
            associate_lens: found.lens_missing && !plan.is_empty(),
            request: (!plan.is_empty()).then(|| plan.to_request_json()),
            milestone: options.milestone.clone(),
        }));
    }
    if let Some(id) = found
        .id
        .as_deref()
        .filter(|_| found.lens_missing && !plan.is_empty())
    {
        tool.associate_lens(id).await?;
        steps.lens_associated = Some(id.to_string());
    }
    let id = match found.id {
        Some(id) => id,
        None => {
            let name = create_name(options, file).to_string();
            let id = tool.create_workload(&file.workload, &name).await?;
            // From here on the file must name the workload, or the next push creates another.
            file.workload.aws_workload_id = Some(id.clone());
            file.workload.aws_region = Some(tool.region().to_string());
            written.save = true;
            steps.created = Some((name, id.clone()));
            id
        }
    };
    let now_remote = if !plan.is_empty() {
        tool.write_answer(&id, &plan).await?
    } else if steps.created.is_some() {
        // A new workload: its rating is the service's to give (UNANSWERED), not a guess.
        tool.read_answer(&id).await?
    } else {
        found.remote
    };
    let place = Place {
        workload_id: &id,
        region: tool.region(),
        lens_alias: tool.lens_alias(),
    };
    written.save |= file::record_sync(file, place, &now_remote, now);
    written.service_risk = now_remote.risk;
    steps.who = Some(tool.whose(&id));
    let milestone = match &options.milestone {
        Some(name) => Some(record_milestone(tool, &id, name, &now_remote).await),
        None => None,
    };
    Ok(if plan.is_empty() {
        Outcome::NothingToPush {
            workload_id: id,
            milestone,
        }
    } else {
        Outcome::Written {
            workload_id: id,
            milestone,
        }
    })
}

/// The workload to push to, and what it holds.
struct Found {
    /// `None` when it is still to be created.
    id: Option<String>,
    remote: Remote,
    /// The workload lacks the REL 4 lens.
    lens_missing: bool,
    /// The file takes the console's name for the workload (`--rebind`, `--workload-id`).
    rename: Option<String>,
}

/// The workload and its answer. With `--create`, a workload with the file's name is used if
/// there is one; `None` when it is still to be created.
async fn find(
    options: &Options,
    tool: &WaTool,
    file: &AnswersFile,
    flag: &str,
    steps: &mut Steps,
) -> Result<Found, SyncError> {
    let mut id = workload::resolve(&options.selection, tool, file).await?;
    if id.is_none() && options.create && options.selection.name.is_none() {
        id = tool.find_workload_by_name(&file.workload.name).await?;
        steps.existing = id.clone();
    }
    let Some(id) = id else {
        return if options.create {
            Ok(Found {
                id: None,
                remote: Remote::blank(),
                lens_missing: false,
                rename: None,
            })
        } else {
            Err(workload::not_found(&options.selection, tool.region()))
        };
    };
    // Two requests at most per workload, the Region's list aside (one a run): the answer is
    // read while the list is fetched, and the list says what a GetWorkload would (the name,
    // the lens). Reading is harmless even when the list then refuses the workload.
    let (directory, answer) = tokio::join!(tool.directory(), tool.read_answer(&id));
    let Some(listed) = directory?.get(&id).cloned() else {
        return Err(workload::missing(&id, tool));
    };
    // The workload must be the one the file describes, --force or not: this is about where
    // the write lands, not about whose answer wins.
    let rename = workload::check_identity(&options.selection, file, &id, &listed.name, flag)?;
    // Without the lens the workload holds no REL 4 answer yet (the read said so with an
    // error); the lens is associated only when there is an answer to write (never in a dry
    // run).
    let remote = if listed.has_lens {
        answer?
    } else {
        Remote::blank()
    };
    Ok(Found {
        id: Some(id),
        remote,
        lens_missing: !listed.has_lens,
        rename,
    })
}

/// The name a created workload gets: `--workload-name`, else the file's.
fn create_name<'a>(options: &'a Options, file: &'a AnswersFile) -> &'a str {
    options
        .selection
        .name
        .as_deref()
        .unwrap_or(&file.workload.name)
}
