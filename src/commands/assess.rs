//! `rel04 assess`: the questionnaire at a terminal, one writer per folder at a time.

use anyhow::{Result, bail};

use super::files;
use crate::Exit;
use crate::catalogue::Catalogue;
use crate::cli::AssessArgs;
use crate::context::Context;
use crate::prompt::Terminal;
use crate::questionnaire::{self, Options};
use crate::term::Term;

pub fn run(args: &AssessArgs, catalogue: &Catalogue, term: &Term) -> Result<Exit> {
    if !term.interactive() {
        let flag = crate::answers::file_flag(&args.file.path());
        bail!(
            "`rel04 assess` asks questions and needs a terminal; in CI or a script record answers with `rel04 answer BP01 selected{flag}` and gate with `rel04 check{flag}`"
        );
    }
    let only = args.only.iter().map(|p| p.0).collect();
    let path = &args.file.path();
    let _lock = files::lock_folder_of(path)?;
    let mut terminal = Terminal::new(term.color_stderr());
    let options = Options {
        path,
        only,
        context: Context::read(),
        width: term.width,
    };
    questionnaire::run(&mut terminal, catalogue, options)
}
