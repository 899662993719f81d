//! The sync with the AWS Well-Architected Tool (cargo feature `sync`): push, pull, diff and
//! status.
//!
//! The flow: a file's [`AnswersFile::snapshot`](crate::answers::AnswersFile) and the console's
//! answer ([`model::Remote`], read through [`aws`]) meet in [`merge`] (what push would write,
//! how both sides moved, the three-way merge for pull); [`file`] writes the outcome into the
//! answers file; [`workload`] finds the workload a file syncs with; [`push`] and [`status`]
//! run one file each and return a report for the renderer. Only [`aws`] touches the AWS SDK.

pub mod aws;
pub mod file;
pub mod merge;
pub mod model;
pub mod push;
pub mod status;
pub mod workload;

pub use file::{compare, pull};
pub use model::{Comparison, Drift, FieldChange, Place, PullOutcome, PullReport};
