//! `rel04 pull`: bring the Well-Architected Tool's answer into the file.

use anyhow::{Result, anyhow};

use super::files;
use super::runtime::block_on;
use crate::Exit;
use crate::answers;
use crate::catalogue::Catalogue;
use crate::cli::PullArgs;
use crate::context::Context;
use crate::render::sync as render;
use crate::risk::evaluate;
use crate::sync::{self, Place};
use crate::term::{self, Term};
use crate::workload;

pub fn run(args: &PullArgs, catalogue: &Catalogue, term: &Term) -> Result<Exit> {
    let path = &args.file.file;
    let _lock = files::lock_folder_of(path)?;
    let mut file = answers::load(path, catalogue)?.file;
    let context = Context::read();
    let selection = args.workload.selection();
    let connection = args.aws.connection();
    let workload::Found {
        tool,
        workload_id: id,
        remote,
    } = block_on(workload::read(&connection, catalogue, &selection, &file))??;
    let place = Place {
        workload_id: &id,
        region: tool.region(),
        lens_alias: tool.lens_alias(),
    };
    let report = sync::pull(&mut file, &remote, place, args.force, &context);
    if let Some(e) = render::pull_error(catalogue, &report, term.width) {
        return Err(anyhow!(e));
    }
    if report.save {
        file.validate(catalogue).map_err(|e| {
            anyhow!("the console's answer does not fit the file ({e}); nothing was saved")
        })?;
        answers::save(path, &file)?;
    }
    let saved = report.save.then_some(path.as_path());
    term::emit(&render::pull_story(
        catalogue,
        &report,
        evaluate(catalogue, &file).risk,
        saved,
        term.width,
    ))?;
    Ok(Exit::Ok)
}
