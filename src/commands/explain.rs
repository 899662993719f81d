//! `rel04 explain [PRACTICE]`: the guidance in the terminal.

use anyhow::{Result, bail};

use crate::Exit;
use crate::catalogue::{Catalogue, Target};
use crate::cli::ExplainArgs;
use crate::render::{explain, width};

pub fn run(args: &ExplainArgs, catalogue: &Catalogue) -> Result<Exit> {
    let text = match &args.practice {
        None => explain::question(catalogue, width()),
        Some(name) => match catalogue.resolve(name).map_err(anyhow::Error::msg)? {
            Target::Practice(p) => explain::practice(&p, width()),
            Target::Question => explain::question(catalogue, width()),
            Target::None => bail!(
                "\"None of these\" has no guidance of its own; `rel04 explain` lists the practices"
            ),
        },
    };
    super::stdout(&text)
}
