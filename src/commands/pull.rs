//! `rel04 pull`: bring the Well-Architected Tool's answer into the file.

use anyhow::{Result, anyhow, bail};

use super::remote::{self, block_on, changes_text};
use crate::Exit;
use crate::answers::{self, AnswersFile};
use crate::catalogue::Catalogue;
use crate::cli::PullArgs;
use crate::risk::assess;
use crate::sync;

pub fn run(args: &PullArgs, catalogue: &Catalogue) -> Result<Exit> {
    let path = &args.file.file;
    let _lock = super::lock_folder(crate::answers::folder_of(path))?;
    let mut loaded = answers::load(path, catalogue)?;
    let save = block_on(pull(args, catalogue, &mut loaded.file))?;
    if save {
        loaded.file.validate(catalogue).map_err(|e| {
            anyhow!("the console's answer does not fit the file ({e}); nothing was saved")
        })?;
        answers::save(path, &loaded.file)?;
        eprintln!("Saved {}.", path.display());
    }
    Ok(Exit::Ok)
}

/// Returns whether the file changed.
async fn pull(args: &PullArgs, catalogue: &Catalogue, file: &mut AnswersFile) -> Result<bool> {
    let (tool, id, remote) = remote::read_workload(&args.aws, file).await?;
    let base = remote::base(file, &id).cloned();
    let merge = sync::merge(
        &file.snapshot(),
        &remote.snapshot,
        base.as_ref(),
        args.force,
    );
    if !merge.conflicts.is_empty() && !args.force {
        bail!(
            "these answers changed both in the file and in the console since the last sync (console, file):\n{}Nothing was pulled. Keep the console's with `rel04 pull --force`, or the file's with `rel04 push --force`",
            changes_text(catalogue, &merge.conflicts)
        );
    }
    if merge.from_console.is_empty() {
        eprintln!(
            "Already up to date: nothing changed in the console that the file does not have."
        );
    } else {
        eprintln!(
            "Pulled {} change(s) from workload {id} (console, file before):\n{}",
            merge.from_console.len(),
            changes_text(catalogue, &merge.from_console)
        );
        sync::apply_remote(
            file,
            &merge.merged,
            &answers::current_user(),
            &answers::now(),
        );
    }
    if !merge.kept.is_empty() {
        eprintln!(
            "Kept {} change(s) of the file not pushed yet (console, file); `rel04 push` writes them:\n{}",
            merge.kept.len(),
            changes_text(catalogue, &merge.kept)
        );
    }
    let synced = remote::record_sync(file, &id, tool.region(), &remote);
    eprintln!(
        "{}",
        remote::risk_line(remote.risk, assess(catalogue, file).risk)
    );
    Ok(synced || !merge.from_console.is_empty())
}
