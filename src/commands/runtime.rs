//! The async runtime of the sync commands (the rest of rel04 is synchronous).

use std::future::Future;

use anyhow::{Result, anyhow};
use indicatif::{ProgressBar, ProgressStyle};

use crate::term::Term;

/// Runs one command's network part on a runtime of its own. Files are read before and saved
/// after, so no blocking I/O runs on it.
pub fn block_on<T>(body: impl Future<Output = T>) -> Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow!("cannot start the async runtime ({e})"))?;
    Ok(runtime.block_on(body))
}

/// A progress bar for many files on a terminal; nothing in CI or when stderr is a file.
pub fn progress_bar(term: &Term, many: bool, len: u64, done: &str) -> ProgressBar {
    if !many || !term.progress() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    let template = format!("{{bar:40}} {{pos}}/{{len}} workloads {done} ({{elapsed}})");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
}

/// Connects, finds the file's workload, checks it is the file's, reads its answer: what pull
/// and diff start with.
pub fn read_workload(
    aws: &crate::cli::AwsArgs,
    workload: &crate::cli::WorkloadArgs,
    path: &std::path::Path,
    file: &crate::answers::AnswersFile,
    catalogue: &crate::catalogue::Catalogue,
) -> Result<crate::sync::workload::Found> {
    let selection = workload.selection(false)?;
    let flag = crate::answers::file_flag(path);
    let found = block_on(crate::sync::workload::read(
        &aws.connection(),
        catalogue,
        &selection,
        file,
        &flag,
    ))??;
    Ok(found)
}
