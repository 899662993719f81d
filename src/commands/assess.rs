//! `rel04 assess`: the questionnaire at a terminal, one writer per folder at a time.

use anyhow::{Result, bail};

use super::files;
use crate::Exit;
use crate::catalogue::Catalogue;
use crate::cli::AssessArgs;
use crate::context::Context;
use crate::evidence::{Background, Rules};
use crate::prompt::Terminal;
use crate::questionnaire::{self, Options};
use crate::term::Term;

/// How long the first check waits for the evidence scan before going on without it.
const EVIDENCE_BUDGET: std::time::Duration = std::time::Duration::from_secs(3);

pub fn run(args: &AssessArgs, catalogue: &'static Catalogue, term: &Term) -> Result<Exit> {
    if !term.interactive() {
        let flag = crate::answers::file_flag(&args.file.path());
        bail!(
            "`rel04 assess` asks questions and needs a terminal; in CI or a script record answers with `rel04 answer BP01 selected{flag}` and gate with `rel04 check{flag}`"
        );
    }
    let only = args.only.iter().map(|p| p.0).collect();
    let path = &args.file.path();
    let _lock = files::lock_folder_of(path)?;
    // The repository is scanned in the background while the first questions are asked.
    let root = match (&args.evidence, args.no_evidence) {
        (_, true) => None,
        (Some(root), false) => Some(root.clone()),
        (None, false) => crate::history::repository_of(path),
    };
    let evidence = match root {
        Some(root) => {
            let rules = Rules::embedded(catalogue).map_err(anyhow::Error::msg)?;
            Some(Background::start(root, rules, EVIDENCE_BUDGET))
        }
        None => None,
    };
    let mut terminal = Terminal::new(term.color_stderr());
    let options = Options {
        path,
        only,
        context: Context::read(),
        width: term.width,
        evidence,
    };
    questionnaire::run(&mut terminal, catalogue, options)
}
