//! `rel04 init`: create the answers file of a workload.

use anyhow::Result;

use crate::Exit;
use crate::answers::{self, AnswersFile, Environment, Workload};
use crate::catalogue::Catalogue;
use crate::cli::{EnvironmentArg, InitArgs};

pub fn run(args: &InitArgs, catalogue: &Catalogue) -> Result<Exit> {
    let path = &args.file.file;
    let _lock = super::lock_folder(crate::answers::folder_of(path))?;
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
        environment: match args.environment {
            EnvironmentArg::Production => Environment::Production,
            EnvironmentArg::Preproduction => Environment::Preproduction,
        },
        review_owner: args.owner.clone().unwrap_or_else(answers::current_user),
        name,
        aws_workload_id: None,
        aws_region: None,
    };
    let file = AnswersFile::new(catalogue, workload);
    file.validate(catalogue)
        .map_err(|e| anyhow::anyhow!("{e}; change the option and run `rel04 init` again"))?;
    answers::save(path, &file)?;
    eprintln!(
        "Created {} for workload \"{}\". Next: `rel04 assess` to answer the four practices, or `rel04 answer BP01 selected`.",
        path.display(),
        crate::render::inert(&file.workload.name, false)
    );
    Ok(Exit::Ok)
}
