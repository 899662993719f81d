//! What `push`, `pull` and `diff` share: the async runtime, finding the workload, recording
//! the sync state and showing changes field by field.

use std::future::Future;

use anyhow::{Result, anyhow, bail};

use crate::answers::{self, AnswersFile, Snapshot, SyncState};
use crate::aws::{AwsArgs, LENS_ALIAS, Remote, WaTool};
use crate::catalogue::Catalogue;
use crate::render::inert;
use crate::risk::Risk;
use crate::sync::FieldChange;

/// Runs one command's async body on a runtime of its own (the rest of rel04 is synchronous).
pub fn block_on<T>(body: impl Future<Output = Result<T>>) -> Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow!("cannot start the async runtime ({e})"))?;
    runtime.block_on(body)
}

/// Clients by Region, made once and shared by every file of a many-file push (one connection
/// pool, one credential lookup).
pub struct Tools {
    aws: AwsArgs,
    cache: tokio::sync::Mutex<std::collections::HashMap<Option<String>, WaTool>>,
}

impl Tools {
    pub fn new(aws: &AwsArgs) -> Tools {
        Tools {
            aws: aws.clone(),
            cache: Default::default(),
        }
    }

    /// The client for `--region`, else the file's Region, else the configured default.
    pub async fn get(&self, file_region: Option<&str>) -> Result<WaTool> {
        let key = self.aws.region.clone().or(file_region.map(String::from));
        let mut cache = self.cache.lock().await;
        if let Some(tool) = cache.get(&key) {
            return Ok(tool.clone());
        }
        let tool = self.aws.connect(key.as_deref()).await?;
        cache.insert(key, tool.clone());
        Ok(tool)
    }
}

/// The workload to sync: `--workload-id`, else `--workload-name` (looked up), else the file's
/// `workload.awsWorkloadId`. `None` when none of them names one.
pub async fn workload_id(
    aws: &AwsArgs,
    tool: &WaTool,
    file: &AnswersFile,
) -> Result<Option<String>> {
    if let Some(id) = &aws.workload_id {
        if !answers::is_workload_id(id) {
            bail!(
                "--workload-id \"{id}\" is not a workload id (32 lowercase hex characters, as in the console's workload URL)"
            );
        }
        return Ok(Some(id.clone()));
    }
    if let Some(name) = &aws.workload_name {
        let (min, max) = answers::limits::WORKLOAD_NAME;
        answers::check_length(name, (min, max)).map_err(|e| {
            anyhow!("--workload-name: a workload name is {min} to {max} characters; this one {e}")
        })?;
        return tool.find_workload_by_name(name).await;
    }
    Ok(file.workload.aws_workload_id.clone())
}

/// Connects, finds the file's workload and reads its REL 4 answer: what diff and pull start with.
pub async fn read_workload(aws: &AwsArgs, file: &AnswersFile) -> Result<(WaTool, String, Remote)> {
    let tool = aws.connect(file.workload.aws_region.as_deref()).await?;
    let id = workload_id(aws, &tool, file)
        .await?
        .ok_or_else(|| no_workload(aws, tool.region()))?;
    let remote = tool.read_answer(&id).await?;
    Ok((tool, id, remote))
}

/// The message when no workload could be found.
pub fn no_workload(aws: &AwsArgs, region: &str) -> anyhow::Error {
    match &aws.workload_name {
        Some(name) => anyhow!(
            "no workload named \"{name}\" in {region}; check the name and --region, or create it with `rel04 push --create`"
        ),
        None => anyhow!(
            "the file names no Well-Architected Tool workload (workload.awsWorkloadId is empty); pass --workload-id or --workload-name, or create one with `rel04 push --create`"
        ),
    }
}

/// What the console held at the last sync, when the file was last synced with this workload;
/// a sync with another workload says nothing about this one.
pub fn base<'a>(file: &'a AnswersFile, id: &str) -> Option<&'a Snapshot> {
    let same = file.workload.aws_workload_id.as_deref() == Some(id);
    file.sync.as_ref().filter(|_| same).map(|s| &s.console)
}

/// Records in the file which workload it is synced with and what the console now holds.
/// Returns false (and leaves the file alone) when nothing but the time would change, so that
/// a sync that changes nothing leaves no diff in git.
pub fn record_sync(file: &mut AnswersFile, id: &str, region: &str, remote: &Remote) -> bool {
    let unchanged = file.workload.aws_workload_id.as_deref() == Some(id)
        && file.workload.aws_region.as_deref() == Some(region)
        && file.sync.as_ref().is_some_and(|s| {
            s.lens_alias == LENS_ALIAS
                && s.service_risk == remote.risk
                && s.console == remote.snapshot
        });
    if unchanged {
        return false;
    }
    file.workload.aws_workload_id = Some(id.to_string());
    file.workload.aws_region = Some(region.to_string());
    file.sync = Some(SyncState {
        synced_at: answers::now(),
        lens_alias: LENS_ALIAS.to_string(),
        service_risk: remote.risk,
        console: remote.snapshot.clone(),
    });
    true
}

/// A field's name for people: `REL04-BP01 status` rather than the key path.
pub fn label(catalogue: &Catalogue, field: &str) -> String {
    let mut parts = field.splitn(3, '.');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("practices"), Some(id), Some(name)) => {
            let bp = catalogue
                .practice(id)
                .map(|p| p.bp.to_string())
                .unwrap_or_else(|| id.to_string());
            format!("{bp} {name}")
        }
        (Some("question"), Some("noneOfThese"), None) => "None of these".to_string(),
        (Some("question"), Some(name), None) => format!("question {name}"),
        _ => field.to_string(),
    }
}

/// The changes as lines: the field, the console's value and the file's.
pub fn changes_text(catalogue: &Catalogue, changes: &[FieldChange]) -> String {
    let rows: Vec<(String, &FieldChange)> = changes
        .iter()
        .map(|c| (label(catalogue, &c.field), c))
        .collect();
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (label, c) in rows {
        out.push_str(&format!(
            "  {label:<width$}  console: {}  file: {}\n",
            inert(&c.console, false),
            inert(&c.local, false)
        ));
    }
    out
}

/// The service's risk beside rel04's own, saying so when they differ.
pub fn risk_line(service: Option<Risk>, own: Risk) -> String {
    match service {
        Some(service) if service == own => {
            format!("Risk: {service} (the Well-Architected Tool and rel04 agree).")
        }
        Some(service) => format!(
            "Risk: the Well-Architected Tool rates REL 4 {service}; rel04 computes {own}. They differ: the service's rating is the authority (AWS does not publish its lens's rules)."
        ),
        None => format!(
            "Risk: rel04 computes {own}; the Well-Architected Tool reported no risk this rel04 knows."
        ),
    }
}
