//! The answers file: one workload's REL 4 review, kept in git.
//!
//! JSON with a stable key order and one field per line, so that changing one answer is a one
//! or two line diff. Three parts: the model ([`model`]), what a file may hold beyond its JSON
//! shape ([`validate`]: the service's limits, known ids, times), and the file on disk
//! ([`file`]: load with line numbers, atomic save).

pub mod file;
pub mod model;
pub mod validate;

#[cfg(feature = "sync")]
pub use file::save_unless_changed;
pub use file::{DEFAULT_FILE, FileError, Loaded, file_flag, folder_of, load, save, shell_word};
pub use model::{AnswersFile, PracticeAnswer, Workload};
pub use validate::{
    check_length, default_description, is_region, is_role_arn, is_workload_id, limits,
    notes_problem, parse_time,
};
