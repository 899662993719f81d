//! `rel04 assess`: the questionnaire at a terminal, one writer per folder at a time.

use std::fs::File;
use std::io::IsTerminal;
use std::path::Path;

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
    let _lock = lock_folder(path)?;
    let mut terminal = Terminal::new(super::color_wanted_on_stderr());
    let options = Options {
        path,
        only,
        who: answers::current_user(),
        width: crate::render::width(),
    };
    assess::run(&mut terminal, catalogue, options)
}

/// Holds an advisory lock on the answers file's folder while the questionnaire runs, so that
/// two runs never write the same file in turns. A lock on the folder, not the file: every save
/// replaces the file by a rename, and a lock on the old file would not cover the new one. The
/// lock goes with the process, so a crash leaves nothing stale behind.
pub fn lock_folder(path: &Path) -> Result<File> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let handle = File::open(dir).map_err(|e| {
        anyhow!(
            "{}: cannot open the folder of the answers file ({e}); check the path",
            dir.display()
        )
    })?;
    match handle.try_lock() {
        Ok(()) => Ok(handle),
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "another rel04 is already changing answers in {} (an `assess` in another terminal?); finish or stop it, then run this again",
            dir.display()
        ),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(anyhow!("{}: cannot lock the folder ({e})", dir.display()))
        }
    }
}
