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
    let _lock = super::assess::lock_folder(path)?;
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
    let tool = args
        .aws
        .connect(file.workload.aws_region.as_deref())
        .await?;
    let id = remote::workload_id(&args.aws, &tool, file)
        .await?
        .ok_or_else(|| remote::no_workload(&args.aws, tool.region()))?;
    refuse_unpushed(args, catalogue, file, &id)?;
    let remote = tool.read_answer(&id).await?;
    let changes = sync::pull_changes(&file.snapshot(), &remote.snapshot);
    if changes.is_empty() {
        eprintln!("Already up to date: the file matches the console.");
    } else {
        eprintln!(
            "Pulled {} change(s) from workload {id} (console, file before):\n{}",
            changes.len(),
            changes_text(catalogue, &changes)
        );
        sync::apply_remote(
            file,
            &remote.snapshot,
            &answers::current_user(),
            &answers::now(),
        );
    }
    let synced = remote::record_sync(file, &id, tool.region(), &remote);
    eprintln!(
        "{}",
        remote::risk_line(remote.risk, assess(catalogue, file).risk)
    );
    Ok(synced || !changes.is_empty())
}

/// Answers given in the file since the last sync would be lost: refuse, unless `--force`.
fn refuse_unpushed(
    args: &PullArgs,
    catalogue: &Catalogue,
    file: &AnswersFile,
    id: &str,
) -> Result<()> {
    let base = remote::base(file, id);
    let local = file.snapshot();
    if args.force || !sync::has_unpushed_changes(&local, base) {
        return Ok(());
    }
    let changes = sync::plan(&local, base.unwrap_or(&sync::blank())).changes;
    bail!(
        "the file has answers not pushed since the last sync; pulling would overwrite them:\n{}Push them first with `rel04 push`, or replace them with the console's with `rel04 pull --force`",
        changes_text(catalogue, &changes)
    )
}
