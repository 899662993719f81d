//! `rel04 pull`: bring the Well-Architected Tool's answer into the file.

use anyhow::{Result, anyhow};

use super::files;
use super::runtime::read_workload;
use crate::Exit;
use crate::answers;
use crate::catalogue::Catalogue;
use crate::cli::PullArgs;
use crate::context::Context;
use crate::render::sync as render;
use crate::risk::evaluate;
use crate::sync::workload;
use crate::sync::{self, Place};
use crate::term::{self, Term};

pub fn run(args: &PullArgs, catalogue: &Catalogue, term: &Term) -> Result<Exit> {
    let path = &args.file.path();
    let _lock = files::lock_folder_of(path)?;
    let loaded = answers::load(path, catalogue)?;
    let read_as = loaded.text;
    let mut file = loaded.file;
    let context = Context::read();
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
    let place = Place {
        workload_id: &id,
        region: tool.region(),
        lens_alias: tool.lens_alias(),
    };
    let renamed = rename.is_some();
    if let Some(name) = rename {
        term::say(&format!(
            "The workload is \"{}\" in the console; the file takes that name.",
            crate::render::inert(&name, false)
        ));
        file.workload.name = name;
    }
    let mut report = sync::pull(&mut file, &remote, place, args.force, &context);
    report.save |= renamed;
    if let Some(e) = render::pull_error(catalogue, &report, term.width) {
        return Err(anyhow!(e));
    }
    if report.save {
        file.validate(catalogue).map_err(|e| {
            anyhow!("the console's answer does not fit the file ({e}); nothing was saved")
        })?;
        answers::save_unless_changed(
            path,
            &file,
            &read_as,
            "the console was read, so nothing was pulled into it; run `rel04 pull` again",
        )?;
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
