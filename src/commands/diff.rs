//! `rel04 diff`: what push would write, field by field. Reads only.

use anyhow::Result;

use super::runtime::read_workload;
use crate::Exit;
use crate::answers;
use crate::catalogue::Catalogue;
use crate::cli::{DiffArgs, DiffFormat};
use crate::render::sync::{self as render, DiffPlace};
use crate::sync;
use crate::sync::workload;
use crate::term::{self, Kind, Term};

pub fn run(args: &DiffArgs, catalogue: &Catalogue, term: &Term) -> Result<Exit> {
    let file = answers::load(&args.file.path(), catalogue)?.file;
    let workload::Found {
        tool,
        workload_id: id,
        remote,
        rename,
    } = read_workload(
        &args.aws,
        &args.workload,
        &args.file.path(),
        &file,
        catalogue,
    )?;
    if let Some(name) = &rename {
        term::say(&format!(
            "The workload is \"{}\" in the console (the file says \"{}\"); `rel04 pull --rebind` or `rel04 push --rebind` takes the new name into the file.",
            crate::render::inert(name, false),
            crate::render::inert(&file.workload.name, false)
        ));
    }
    let comparison = sync::compare(&file, &remote, &id);
    let place = DiffPlace {
        workload_id: &id,
        region: tool.region(),
        service_risk: remote.risk,
    };
    let (text, kind) = match args.format {
        DiffFormat::Json => (render::diff_json(&place, &comparison)?, Kind::Json),
        DiffFormat::Text => (
            render::diff_text(catalogue, &place, &comparison, term.width),
            Kind::Text,
        ),
    };
    term::print(&text, kind)?;
    Ok(if args.exit_code && !comparison.agrees() {
        Exit::Policy
    } else {
        Exit::Ok
    })
}
