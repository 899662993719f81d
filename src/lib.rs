//! rel04: review, gate and sync AWS Well-Architected question REL 4 ("How do you design
//! interactions in a distributed system to prevent failures?").
//!
//! Data flows one way: the embedded catalogue (`questions/rel04.json`) and an answers file give
//! an assessment (risk, findings); renderers turn that into tables, JSON, SARIF or JUnit; the
//! sync compares it with the Well-Architected Tool. The core knows no terminal and no AWS.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

pub mod answers;
pub mod assess;
pub mod aws;
pub mod catalogue;
pub mod cli;
pub mod commands;
pub mod edit;
pub mod policy;
pub mod prompt;
pub mod render;
pub mod risk;
pub mod sync;

/// How a run ends. `main` maps this to the process exit code; it never returns a `Result`,
/// since an `Err` from `main` would exit 1 and read as "risk found".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: everything went fine.
    Ok,
    /// 1: the check found risk, or another policy failure.
    Policy,
    /// 2: a usage, input or runtime error.
    Error,
    /// 130: interrupted by Ctrl-C.
    Interrupted,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(match exit {
            Exit::Ok => 0,
            Exit::Policy => 1,
            Exit::Error => 2,
            Exit::Interrupted => 130,
        })
    }
}

/// Runs rel04 with these arguments (the first is the program name).
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    match commands::dispatch(cli) {
        Ok(exit) => exit.into(),
        Err(e) => {
            eprintln!("error: {}", render::message(&format!("{e:#}")));
            Exit::Error.into()
        }
    }
}
