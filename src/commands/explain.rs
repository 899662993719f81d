//! `rel04 explain [PRACTICE]`: the guidance in the terminal.

use anyhow::{Result, anyhow, bail};

use crate::Exit;
use crate::catalogue::Catalogue;
use crate::cli::{ExplainArgs, TargetArg};
use crate::render::explain;
use crate::term::{self, Term};

pub fn run(args: &ExplainArgs, catalogue: &Catalogue, term: &Term) -> Result<Exit> {
    let width = term.width;
    let text = match &args.practice {
        None | Some(TargetArg::Question) => explain::question(catalogue, width),
        Some(TargetArg::Practice(id)) => {
            let practice = catalogue
                .practice(id)
                .ok_or_else(|| anyhow!("unknown practice {id}"))?;
            explain::practice(&practice, width)
        }
        Some(TargetArg::NoneOfThese) => bail!(
            "\"None of these\" has no guidance of its own; `rel04 explain` lists the practices"
        ),
    };
    term::print(&text, term::Kind::Text)?;
    Ok(Exit::Ok)
}
