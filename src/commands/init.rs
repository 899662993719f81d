//! `rel04 init`: create the answers file of a workload.

use anyhow::Result;

use super::files;
use crate::Exit;
use crate::answers::{self, AnswersFile, Workload};
use crate::catalogue::Catalogue;
use crate::cli::InitArgs;
use crate::context::Context;

pub fn run(args: &InitArgs, catalogue: &Catalogue) -> Result<Exit> {
    let path = &args.file.path();
    let _lock = files::lock_folder_of(path)?;
    if path.exists() && !args.force {
        anyhow::bail!(
            "{} already exists; keep it and change answers with `rel04 answer` or `rel04 assess`, or replace it with --force",
            path.display()
        );
    }
    let name = args.workload.trim().to_string();
    let workload = Workload {
        description: args
            .description
            .clone()
            .unwrap_or_else(|| answers::default_description(&name)),
        environment: args.environment.into(),
        review_owner: match &args.owner {
            Some(owner) => owner.clone(),
            None => Context::read().who,
        },
        name,
        aws_workload_id: None,
        aws_region: None,
        aws_profile: None,
        aws_role_arn: None,
    };
    let file = AnswersFile::new(catalogue, workload);
    file.validate(catalogue)
        .map_err(|e| anyhow::anyhow!("{e}; change the option and run `rel04 init` again"))?;
    answers::save(path, &file)?;
    let flag = answers::file_flag(path);
    crate::term::say(&format!(
        "Created {} for workload \"{}\". Next: `rel04 assess{flag}` to answer the four practices, or `rel04 answer BP01 selected{flag}`.",
        crate::render::inert(&path.display().to_string(), false),
        crate::render::inert(&file.workload.name, false)
    ));
    Ok(Exit::Ok)
}
