//! Pushing one answers file to its workload, as a value: [`push`] talks to the service and
//! returns a [`PushReport`] saying what happened; it prints nothing and touches no file. The
//! command reads the files before, fans out, saves the files after and hands the reports to
//! the renderer (`render::sync`).

use serde_json::Value;

use crate::answers::AnswersFile;
use crate::aws::WaTool;
use crate::catalogue::Catalogue;
use crate::risk::evaluate;
use crate::sync::{self, Drift, FieldChange, Place, Remote};
use crate::vocab::Risk;
use crate::workload::{self, Selection, SyncError};

/// What the person asked push to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub selection: Selection,
    pub dry_run: bool,
    pub create: bool,
    pub force: bool,
    /// Record a milestone with this name after the push.
    pub milestone: Option<String>,
}

/// What happened to one file's push.
#[derive(Debug, Clone)]
pub struct PushReport {
    /// The workload's name in the file.
    pub workload: String,
    /// With `--create`, an existing workload of the file's name was found and used.
    pub existing: Option<String>,
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

/// The one thing that happened.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The changes were written.
    Written(Synced),
    /// The console already held the file's answers.
    NothingToPush(Synced),
    /// Nothing was written; this is what would be.
    DryRun(DryRun),
    /// The console changed since the last sync: nothing was written.
    Refused(Drift),
    /// Something failed; `created` names a workload created before the failure.
    Failed {
        error: SyncError,
        created: Option<String>,
    },
}

/// A push that reached the service.
#[derive(Debug, Clone)]
pub struct Synced {
    pub workload_id: String,
    pub region: String,
    pub lens_alias: String,
    /// The workload was created by this push, with this name.
    pub created: Option<String>,
    /// The REL 4 lens was associated with the workload by this push.
    pub lens_associated: bool,
    pub milestone: Option<Milestone>,
}

#[derive(Debug, Clone)]
pub struct Milestone {
    pub name: String,
    /// The milestone's number, when the service gave one.
    pub result: Result<Option<i32>, SyncError>,
}

/// What a dry run would do.
#[derive(Debug, Clone)]
pub struct DryRun {
    /// `None`: the workload would be created, with `create_name`.
    pub workload_id: Option<String>,
    pub create_name: Option<String>,
    pub lens_alias: String,
    pub associate_lens: bool,
    /// The UpdateAnswer request, with the service's field names; `None` when nothing differs.
    pub request: Option<Value>,
    pub milestone: Option<String>,
}

impl PushReport {
    /// What failed, if anything: the push itself, or the milestone after it.
    pub fn failure(&self) -> Option<&SyncError> {
        match &self.outcome {
            Outcome::Failed { error, .. } => Some(error),
            Outcome::Written(s) | Outcome::NothingToPush(s) => {
                s.milestone.as_ref().and_then(|m| m.result.as_ref().err())
            }
            Outcome::DryRun(_) | Outcome::Refused(_) => None,
        }
    }

    /// True when the push did what was asked.
    pub fn succeeded(&self) -> bool {
        !matches!(self.outcome, Outcome::Refused(_)) && self.failure().is_none()
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
) -> PushReport {
    let mut report = PushReport {
        workload: file.workload.name.clone(),
        existing: None,
        changes: Vec::new(),
        outcome: Outcome::DryRun(DryRun {
            workload_id: None,
            create_name: None,
            lens_alias: tool.lens_alias().to_string(),
            associate_lens: false,
            request: None,
            milestone: None,
        }),
        service_risk: None,
        local_risk: evaluate(catalogue, file).risk,
        save: false,
    };
    report.outcome = match run(options, tool, file, now, &mut report).await {
        Ok(outcome) => outcome,
        Err((error, created)) => Outcome::Failed { error, created },
    };
    report.local_risk = evaluate(catalogue, file).risk;
    report
}

type Failure = (SyncError, Option<String>);

async fn run(
    options: &Options,
    tool: &WaTool,
    file: &mut AnswersFile,
    now: &str,
    report: &mut PushReport,
) -> Result<Outcome, Failure> {
    let fail = |e: SyncError| (e, None);
    let found = find(options, tool, file, report).await.map_err(fail)?;
    let local = file.snapshot();
    let plan = sync::plan(&local, &found.remote.snapshot);
    let base = found.id.as_deref().and_then(|id| sync::base(file, id));
    let drift = sync::drift(&local, &found.remote.snapshot, base);
    report.changes = plan.changes.clone();
    if !options.force && matches!(drift, Drift::Conflict | Drift::ConsoleChanged) {
        return Ok(Outcome::Refused(drift));
    }
    if options.dry_run {
        return Ok(Outcome::DryRun(DryRun {
            create_name: found
                .id
                .is_none()
                .then(|| create_name(options, file).to_string()),
            workload_id: found.id,
            lens_alias: tool.lens_alias().to_string(),
            associate_lens: found.lens_missing && !plan.is_empty(),
            request: (!plan.is_empty()).then(|| plan.to_request_json()),
            milestone: options.milestone.clone(),
        }));
    }
    let mut lens_associated = false;
    if let Some(id) = found
        .id
        .as_deref()
        .filter(|_| found.lens_missing && !plan.is_empty())
    {
        tool.associate_lens(id).await.map_err(|e| fail(e.into()))?;
        lens_associated = true;
    }
    let (id, created) = match found.id {
        Some(id) => (id, None),
        None => {
            let name = create_name(options, file);
            let id = tool
                .create_workload(&file.workload, name)
                .await
                .map_err(|e| fail(e.into()))?;
            (id, Some(name.to_string()))
        }
    };
    let now_remote = if plan.is_empty() {
        found.remote
    } else {
        match tool.write_answer(&id, &plan).await {
            Ok(written) => written,
            Err(e) => {
                if created.is_some() {
                    // The file must still name the workload, or the next push creates another.
                    file.workload.aws_workload_id = Some(id.clone());
                    file.workload.aws_region = Some(tool.region().to_string());
                    report.save = true;
                }
                return Err((e.into(), created.map(|_| id)));
            }
        }
    };
    let place = Place {
        workload_id: &id,
        region: tool.region(),
        lens_alias: tool.lens_alias(),
    };
    report.save = sync::record_sync(file, place, &now_remote, now);
    report.service_risk = now_remote.risk;
    let milestone = match &options.milestone {
        Some(name) => Some(Milestone {
            name: name.clone(),
            result: tool
                .create_milestone(&id, name)
                .await
                .map_err(SyncError::from),
        }),
        None => None,
    };
    let synced = Synced {
        workload_id: id,
        region: tool.region().to_string(),
        lens_alias: tool.lens_alias().to_string(),
        created,
        lens_associated,
        milestone,
    };
    Ok(if plan.is_empty() {
        Outcome::NothingToPush(synced)
    } else {
        Outcome::Written(synced)
    })
}

/// The workload to push to, and what it holds.
struct Found {
    /// `None` when it is still to be created.
    id: Option<String>,
    remote: Remote,
    /// The workload lacks the REL 4 lens.
    lens_missing: bool,
}

/// The workload and its answer. With `--create`, a workload with the file's name is used if
/// there is one; `None` when it is still to be created.
async fn find(
    options: &Options,
    tool: &WaTool,
    file: &AnswersFile,
    report: &mut PushReport,
) -> Result<Found, SyncError> {
    let mut id = workload::resolve(&options.selection, tool, file).await?;
    if id.is_none() && options.create && options.selection.name.is_none() {
        id = tool.find_workload_by_name(&file.workload.name).await?;
        report.existing = id.clone();
    }
    match id {
        // Without the lens the workload holds no REL 4 answer yet; the lens is associated only
        // when there is an answer to write (and never in a dry run).
        Some(id) if !tool.has_lens(&id).await? => Ok(Found {
            id: Some(id),
            remote: Remote::blank(),
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
        None if options.create => Ok(Found {
            id: None,
            remote: Remote::blank(),
            lens_missing: false,
        }),
        None => Err(workload::not_found(&options.selection, tool.region())),
    }
}

/// The name a created workload gets: `--workload-name`, else the file's.
fn create_name<'a>(options: &'a Options, file: &'a AnswersFile) -> &'a str {
    options
        .selection
        .name
        .as_deref()
        .unwrap_or(&file.workload.name)
}
