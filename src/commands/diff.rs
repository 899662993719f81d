//! `rel04 diff`: what push would write, field by field. Reads only.

use anyhow::Result;

use super::runtime::block_on;
use crate::Exit;
use crate::answers;
use crate::catalogue::Catalogue;
use crate::cli::{DiffArgs, DiffFormat};
use crate::render::sync::{self as render, DiffPlace};
use crate::sync;
use crate::term::{self, Kind, Term};
use crate::workload;

pub fn run(args: &DiffArgs, catalogue: &Catalogue, term: &Term) -> Result<Exit> {
    let file = answers::load(&args.file.file, catalogue)?.file;
    let selection = args.workload.selection();
    let connection = args.aws.connection();
    let workload::Found {
        tool,
        workload_id: id,
        remote,
    } = block_on(workload::read(&connection, catalogue, &selection, &file))??;
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
