//! Which workload in the Well-Architected Tool a file syncs with, and the error of a sync.
//!
//! `--workload-id` wins, else `--workload-name` (looked up), else the file's
//! `workload.awsWorkloadId`. The command line has already checked the forms of both.

use crate::answers::{AnswersFile, FileError};
use crate::catalogue::Catalogue;
use crate::sync::aws::{AwsError, Connection, WaTool, same_name};
use crate::sync::model::Remote;

/// The workload named on the command line, if any.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// 32 lowercase hex characters (checked by the command line).
    pub id: Option<String>,
    /// An exact name, 3 to 100 characters (checked by the command line).
    pub name: Option<String>,
    /// `--rebind`: the workload was renamed in the console; the file takes its new name.
    pub rebind: bool,
}

/// Why a sync of one file did not go through.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Aws(#[from] AwsError),
    #[error(transparent)]
    File(#[from] FileError),
    /// No workload could be found for the file.
    #[error("{0}")]
    NoWorkload(String),
    /// The workload the file points at is not the one it describes.
    #[error("{0}")]
    Identity(String),
}

/// The workload's id: `None` when nothing names one (the file was never synced and neither
/// flag is given).
pub async fn resolve(
    selection: &Selection,
    tool: &WaTool,
    file: &AnswersFile,
) -> Result<Option<String>, AwsError> {
    if let Some(id) = &selection.id {
        return Ok(Some(id.clone()));
    }
    if let Some(name) = &selection.name {
        return tool.find_workload_by_name(name).await;
    }
    Ok(file.workload.aws_workload_id.clone())
}

/// The message when no workload could be found.
pub fn not_found(selection: &Selection, region: &str) -> SyncError {
    SyncError::NoWorkload(match &selection.name {
        Some(name) => format!(
            "no workload named \"{name}\" in {region}; check the name and --region, or create it with `rel04 push --create`"
        ),
        None => "the file names no Well-Architected Tool workload (workload.awsWorkloadId is empty); pass --workload-id or --workload-name, or create one with `rel04 push --create`".to_string(),
    })
}

/// The message when the workload a file or flag names is not in its Region's list.
pub fn missing(id: &str, tool: &WaTool) -> SyncError {
    SyncError::NoWorkload(format!(
        "workload {id} does not exist in {} or is not visible to {}; check workload.awsWorkloadId, awsRegion, awsProfile and awsRoleArn in the file (or --workload-id, --region, --profile, --role-arn), or create it again with `rel04 push --create` after setting workload.awsWorkloadId to null",
        tool.region(),
        tool.who()
    ))
}

/// The file's workload, found and read: what diff and pull start with.
pub struct Found {
    pub tool: WaTool,
    pub workload_id: String,
    pub remote: Remote,
    /// The file takes the console's name for the workload (`--rebind`, `--workload-id`).
    pub rename: Option<String>,
}

/// Connects, finds the file's workload, makes sure it is the one the file describes, and
/// reads its REL 4 answer.
pub async fn read(
    connection: &Connection,
    catalogue: &Catalogue,
    selection: &Selection,
    file: &AnswersFile,
    flag: &str,
) -> Result<Found, SyncError> {
    let tool = connection.connect(catalogue, &file.workload).await?;
    let workload_id = resolve(selection, &tool, file)
        .await?
        .ok_or_else(|| not_found(selection, tool.region()))?;
    let name = tool.workload_name(&workload_id).await?;
    let rename = check_identity(selection, file, &workload_id, &name, flag)?;
    let remote = tool.read_answer(&workload_id).await?;
    Ok(Found {
        tool,
        workload_id,
        remote,
        rename,
    })
}

/// Makes sure the workload `id` is the one the file describes before anything is written or
/// merged: a file copied from another service keeps that service's id, and would otherwise
/// overwrite its review. `Ok(Some(name))` when the file should take the console's name (the
/// workload was renamed there and `--rebind` says so, or a flag named the workload).
pub fn check_identity(
    selection: &Selection,
    file: &AnswersFile,
    id: &str,
    console_name: &str,
    flag: &str,
) -> Result<Option<String>, SyncError> {
    if same_name(&file.workload.name, console_name) {
        return Ok(None);
    }
    // --rebind, or a workload named on the command line: the person chose it.
    if selection.rebind || selection.id.is_some() || selection.name.is_some() {
        return Ok(Some(console_name.to_string()));
    }
    Err(SyncError::Identity(format!(
        "the file describes workload \"{}\", but the workload it names ({id}) is \"{console_name}\" in the console; nothing was written. If this file was copied from another service, give it its own workload: remove workload.awsWorkloadId and run `rel04 push --create{flag}` (or pass --workload-id or --workload-name). If the workload was renamed in the console, run again with --rebind: the file takes the new name",
        file.workload.name
    )))
}
