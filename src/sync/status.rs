//! `rel04 status`: where each file stands against its workload in the Well-Architected Tool,
//! read-only. One GetAnswer per workload, and one ListWorkloads per account and Region a run
//! (which workloads exist, their names and lenses) fetched beside the reads.

use serde::Serialize;

use crate::answers::AnswersFile;
use crate::sync::aws::Listed;
use crate::sync::aws::same_name;
use crate::sync::file;
use crate::sync::model::{Drift, Remote};

/// Where one file stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// The file and the console hold the same answers.
    InSync,
    /// Push would write: only the file changed.
    LocalChanges,
    /// Pull would bring: only the console changed.
    ConsoleChanges,
    /// Both changed.
    Conflict,
    /// The file names no workload yet.
    NotPushed,
    /// The workload is gone, or not visible with these credentials.
    Missing,
    /// It could not be read, or the workload is not the file's.
    Error,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::InSync => "in-sync",
            State::LocalChanges => "local-changes",
            State::ConsoleChanges => "console-changes",
            State::Conflict => "conflict",
            State::NotPushed => "not-pushed",
            State::Missing => "missing",
            State::Error => "error",
        }
    }
}

/// One file's row.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub file: String,
    pub workload: String,
    pub workload_id: Option<String>,
    pub region: Option<String>,
    pub state: State,
    /// What differs, as the answers file names its fields.
    pub fields: Vec<String>,
    /// Why, for an error.
    pub message: Option<String>,
}

impl Row {
    /// A row for the file at `path` (`file` when it could be read) in `region`.
    pub fn new(path: &str, file: Option<&AnswersFile>, region: Option<&str>, state: State) -> Row {
        Row {
            file: path.to_string(),
            workload: file.map(|f| f.workload.name.clone()).unwrap_or_default(),
            workload_id: file.and_then(|f| f.workload.aws_workload_id.clone()),
            region: region.map(String::from),
            state,
            fields: Vec::new(),
            message: None,
        }
    }

    /// An error row, with why.
    pub fn error(path: &str, file: Option<&AnswersFile>, message: String) -> Row {
        let region = file.and_then(|f| f.workload.aws_region.as_deref());
        Row {
            message: Some(message),
            ..Row::new(path, file, region, State::Error)
        }
    }
}

/// The state of one file whose workload id is `id`, from what its Region's list says of the
/// workload (`None`: not there) and the read of its answer. Pure: the requests are the
/// caller's.
pub fn of_file(
    file: &AnswersFile,
    path: &str,
    region: &str,
    id: &str,
    listed: Option<&Listed>,
    answer: Result<Remote, String>,
) -> Row {
    let mut row = Row::new(path, Some(file), Some(region), State::NotPushed);
    let Some(listed) = listed else {
        row.state = State::Missing;
        return row;
    };
    let name = &listed.name;
    if !same_name(name, &file.workload.name) {
        row.state = State::Error;
        row.message = Some(format!(
            "the file describes \"{}\", but workload {id} is \"{name}\" in the console (a copied file? a rename? `rel04 diff` says more)",
            file.workload.name
        ));
        return row;
    }
    let remote = match answer {
        // Without the lens there is no REL 4 answer yet: push would add it and write.
        _ if !listed.has_lens => Remote::blank(),
        Ok(remote) => remote,
        Err(e) => {
            row.state = State::Error;
            row.message = Some(e);
            return row;
        }
    };
    let c = file::compare(file, &remote, id);
    // The same verdict push and pull reach: a console change push would overwrite is the
    // console's, and a conflict only when the file changed too.
    row.state = match c.drift {
        Drift::InSync => State::InSync,
        Drift::LocalChanged => State::LocalChanges,
        Drift::ConsoleChanged => State::ConsoleChanges,
        Drift::Conflict => State::Conflict,
    };
    let mut fields: Vec<String> = c
        .plan
        .changes
        .iter()
        .chain(&c.incoming)
        .map(|f| f.field.clone())
        .collect();
    fields.sort();
    fields.dedup();
    row.fields = fields;
    row
}
