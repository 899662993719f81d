//! One module per subcommand. Each turns its arguments into a plain request, calls the core
//! and hands the result to a renderer; `dispatch` picks the module.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::Exit;
use crate::answers::DEFAULT_FILE;
use crate::catalogue::Catalogue;
use crate::cli::{Cli, Command};

mod answer;
mod assess;
mod check;
mod diff;
mod explain;
mod init;
mod pull;
mod push;
mod push_many;
mod remote;
mod report;

pub fn dispatch(cli: Cli) -> Result<Exit> {
    let catalogue = Catalogue::embedded().map_err(anyhow::Error::msg)?;
    match cli.command {
        Command::Init(args) => init::run(&args, catalogue),
        Command::Answer(args) => answer::run(&args, catalogue),
        Command::Report(args) => report::run(&args, catalogue),
        Command::Check(args) => check::run(&args, catalogue),
        Command::Explain(args) => explain::run(&args, catalogue),
        Command::Push(args) => push::run(&args, catalogue),
        Command::Pull(args) => pull::run(&args, catalogue),
        Command::Diff(args) => diff::run(&args, catalogue),
        Command::Schema => {
            let schema = schemars::schema_for!(crate::answers::AnswersFile);
            stdout(&format!("{}\n", serde_json::to_string_pretty(&schema)?))
        }
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "rel04",
                &mut buf,
            );
            stdout(&String::from_utf8_lossy(&buf))
        }
        Command::Assess(args) => assess::run(&args, catalogue),
    }
}

/// Holds an advisory lock on a folder of answers files while a command changes one of them,
/// so that two rel04 runs (an `assess` and an `answer`, two pushes) never write in turns. A lock
/// on the folder, not the file: every save replaces the file by a rename, and a lock on the old
/// file would not cover the new one. The lock goes with the process, so a crash leaves nothing
/// stale behind.
pub fn lock_folder(dir: &Path) -> Result<std::fs::File> {
    let handle = std::fs::File::open(dir).map_err(|e| {
        anyhow::anyhow!(
            "{}: cannot open the folder of the answers file ({e}); check the path",
            dir.display()
        )
    })?;
    match handle.try_lock() {
        Ok(()) => Ok(handle),
        Err(std::fs::TryLockError::WouldBlock) => anyhow::bail!(
            "another rel04 is already changing answers in {} (an `assess` in another terminal?); finish or stop it, then run this again",
            dir.display()
        ),
        Err(std::fs::TryLockError::Error(e)) => Err(anyhow::anyhow!(
            "{}: cannot lock the folder ({e})",
            dir.display()
        )),
    }
}

/// Writes data to stdout. A closed pipe (`rel04 report | head`) is not an error.
pub fn stdout(text: &str) -> Result<Exit> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(Exit::Ok),
    }
}

/// True when stdout is a terminal and colour is welcome (NO_COLOR unset or empty).
pub fn color_wanted() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// True when stderr (where prompts go) is a terminal and colour is welcome.
pub fn color_wanted_on_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The answers files named on the command line: files as given, folders searched for
/// `rel04-answers.json` and `*.rel04.json` (hidden folders and `target` skipped). No argument
/// means `$REL04_FILE`, else `./rel04-answers.json`.
pub fn answers_files(args: &[PathBuf]) -> Result<Vec<PathBuf>> {
    if args.is_empty() {
        let default = std::env::var_os("REL04_FILE")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        return Ok(vec![default.unwrap_or_else(|| PathBuf::from(DEFAULT_FILE))]);
    }
    let mut files = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let found = search_folder(arg)?;
            if found.is_empty() {
                anyhow::bail!(
                    "{}: no answers files in this folder (rel04 looks for rel04-answers.json and *.rel04.json); name the files instead",
                    arg.display()
                );
            }
            files.extend(found);
        } else {
            files.push(arg.clone());
        }
    }
    Ok(files)
}

fn search_folder(dir: &Path) -> Result<Vec<PathBuf>> {
    let walk = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(e.file_type().is_dir()
                    && (name.starts_with('.') || name == "target" || name == "node_modules"))
        });
    let mut files = Vec::new();
    for entry in walk {
        let entry = entry
            .map_err(|e| anyhow::anyhow!("{}: cannot search the folder: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && (name == DEFAULT_FILE || name.ends_with(".rel04.json")) {
            let path = entry.into_path();
            // `rel04 check .` names files as `svc/rel04-answers.json`, not `./svc/...`.
            files.push(
                path.strip_prefix(".")
                    .map(Path::to_path_buf)
                    .unwrap_or(path),
            );
        }
    }
    Ok(files)
}
