//! `rel04 assess`: the questionnaire at a terminal, one writer per folder at a time.

use std::io::IsTerminal;

use anyhow::{Result, anyhow, bail};

use crate::Exit;
use crate::answers;
use crate::assess::{self, Options};
use crate::catalogue::{Catalogue, Target};
use crate::cli::AssessArgs;
use crate::prompt::Terminal;

pub fn run(args: &AssessArgs, catalogue: &Catalogue) -> Result<Exit> {
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        bail!(
            "`rel04 assess` asks questions and needs a terminal; in CI or a script record answers with `rel04 answer BP01 selected` and gate with `rel04 check`"
        );
    }
    let only = args
        .only
        .iter()
        .map(
            |name| match catalogue.resolve(name).map_err(anyhow::Error::msg)? {
                Target::Practice(p) => Ok(catalogue
                    .practices()
                    .position(|q| q.bp == p.bp)
                    .unwrap_or(0)),
                _ => Err(anyhow!(
                    "--only takes a practice (BP01 to BP04), not {name}"
                )),
            },
        )
        .collect::<Result<Vec<usize>>>()?;
    let path = &args.file.file;
    let _lock = super::lock_folder(answers::folder_of(path))?;
    let mut terminal = Terminal::new(super::color_wanted_on_stderr());
    let options = Options {
        path,
        only,
        who: answers::current_user(),
        width: crate::render::width(),
    };
    assess::run(&mut terminal, catalogue, options)
}
