//! One module per subcommand. Each turns its arguments into a plain request, calls the core
//! and hands the result to a renderer; `dispatch` picks the module.

use anyhow::Result;

use crate::Exit;
use crate::catalogue::Catalogue;
use crate::cli::{Cli, Command};
use crate::term::Term;

mod answer;
mod assess;
mod check;
#[cfg(feature = "sync")]
mod diff;
mod evidence;
mod explain;
mod files;
mod history;
mod init;
#[cfg(feature = "sync")]
mod pull;
#[cfg(feature = "sync")]
mod push;
mod report;
#[cfg(feature = "sync")]
mod runtime;
#[cfg(feature = "sync")]
mod status;

pub fn dispatch(cli: Cli, term: &Term) -> Result<Exit> {
    let catalogue = Catalogue::embedded().map_err(anyhow::Error::msg)?;
    match cli.command {
        Command::Init(args) => init::run(&args, catalogue),
        Command::Answer(args) => answer::run(&args, catalogue),
        Command::Report(args) => report::run(&args, catalogue, term),
        Command::Check(args) => check::run(&args, catalogue, term),
        Command::Explain(args) => explain::run(&args, catalogue, term),
        Command::Evidence(args) => evidence::run(&args, catalogue, term),
        #[cfg(feature = "sync")]
        Command::Push(args) => push::run(&args, catalogue, term),
        #[cfg(feature = "sync")]
        Command::Pull(args) => pull::run(&args, catalogue, term),
        #[cfg(feature = "sync")]
        Command::Diff(args) => diff::run(&args, catalogue, term),
        #[cfg(feature = "sync")]
        Command::Status(args) => status::run(&args, catalogue, term),
        #[cfg(not(feature = "sync"))]
        Command::Push(_) | Command::Pull(_) | Command::Diff(_) | Command::Status(_) => {
            anyhow::bail!(
                "this rel04 was built without the sync (cargo's --no-default-features): push, pull, diff and status need the full build, `cargo install --locked rel04` (or from a clone, `cargo install --path . --locked`)"
            )
        }
        Command::Schema => {
            let schema = schemars::schema_for!(crate::answers::AnswersFile);
            print(&format!("{}\n", serde_json::to_string_pretty(&schema)?))
        }
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "rel04",
                &mut buf,
            );
            print(&String::from_utf8_lossy(&buf))
        }
        Command::Assess(args) => assess::run(&args, catalogue, term),
        Command::History(args) => history::run(&args, catalogue, term),
    }
}

/// Prints what rel04 generates on stdout (no user text in it); the run is then done.
fn print(text: &str) -> Result<Exit> {
    crate::term::print(text, crate::term::Kind::Trusted)?;
    Ok(Exit::Ok)
}
