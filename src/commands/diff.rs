//! `rel04 diff`: what push would write, field by field. Reads only.

use anyhow::Result;
use serde_json::json;

use super::remote::{self, block_on, changes_text};
use crate::Exit;
use crate::answers;
use crate::catalogue::Catalogue;
use crate::cli::{DiffArgs, DiffFormat};
use crate::sync::{self, Drift};

pub fn run(args: &DiffArgs, catalogue: &Catalogue) -> Result<Exit> {
    let loaded = answers::load(&args.file.file, catalogue)?;
    let file = &loaded.file;
    let (tool, id, remote) = block_on(remote::read_workload(&args.aws, file))?;
    let region = tool.region().to_string();
    let local = file.snapshot();
    let plan = sync::plan(&local, &remote.snapshot);
    let drift = sync::drift(&local, &remote.snapshot, remote::base(file, &id));
    match args.format {
        DiffFormat::Json => {
            let value = json!({
                "workloadId": id,
                "region": region,
                "drift": drift_name(drift),
                "serviceRisk": remote.risk,
                "changes": plan.changes,
                "request": plan.to_request_json(),
            });
            super::stdout(&format!("{}\n", serde_json::to_string_pretty(&value)?))
        }
        DiffFormat::Text if plan.is_empty() => {
            super::stdout("No differences: the console matches the file.\n")
        }
        DiffFormat::Text => {
            let text = format!(
                "Push would write to workload {id} in {region} (console now, file):\n{}{}\n",
                changes_text(catalogue, &plan.changes),
                drift_note(drift)
            );
            super::stdout(&text)
        }
    }
}

fn drift_name(drift: Drift) -> &'static str {
    match drift {
        Drift::InSync => "in-sync",
        Drift::LocalChanged => "file-changed",
        Drift::ConsoleChanged => "console-changed",
        Drift::Conflict => "conflict",
    }
}

fn drift_note(drift: Drift) -> &'static str {
    match drift {
        Drift::InSync | Drift::LocalChanged => {
            "The file changed since the last sync: `rel04 push` writes these."
        }

        Drift::ConsoleChanged => {
            "The console changed since the last sync: `rel04 pull` brings these into the file (push would refuse without --force)."
        }
        Drift::Conflict => {
            "Both the file and the console changed since the last sync: push refuses without --force; `rel04 pull --force` keeps the console's answers."
        }
    }
}
