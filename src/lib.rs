//! rel04: review, gate and sync AWS Well-Architected question REL 4 ("How do you design
//! interactions in a distributed system to prevent failures?").
//!
//! Data flows one way: the embedded catalogue (`questions/rel04.json`) and an answers file give
//! an assessment (risk, findings); renderers turn that into tables, JSON, SARIF or JUnit; the
//! sync compares it with the Well-Architected Tool. The core knows no terminal and no AWS.
//!
//! The layers, each importing only those before it (a test checks there is no cycle):
//! `vocab` <- `catalogue` <- `answers` <- `risk` <- `policy`, `edit`, `sync` (within it:
//! `model` <- `merge`, `aws` <- `file`, `workload` <- `push`, `status`) <- `render`,
//! `questionnaire` <- `cli` <- `commands`. `context`, `term`
//! and `prompt` are the edges to the person, the terminal and the clock.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

pub(crate) mod answers;
pub(crate) mod catalogue;
pub(crate) mod cli;
pub(crate) mod commands;
pub(crate) mod context;
pub(crate) mod edit;
pub(crate) mod evidence;
pub(crate) mod git;
pub(crate) mod history;
pub(crate) mod policy;
pub(crate) mod prompt;
pub(crate) mod questionnaire;
pub(crate) mod render;
pub(crate) mod risk;
#[cfg(feature = "sync")]
pub(crate) mod sync;
pub(crate) mod term;
pub(crate) mod vocab;

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
    #[cfg(unix)]
    // SAFETY: sets the disposition of one signal before any thread starts. Ignored, a write
    // past `ulimit -f` fails with EFBIG, which the save reports, instead of killing rel04.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Usage errors quote what was typed: they pass the same boundary as all output.
            let text = e.render().to_string();
            let text = text.trim_end_matches('\n');
            if e.use_stderr() {
                term::say(&render::message(text));
            } else if term::print(&format!("{text}\n"), term::Kind::Text).is_err() {
                return Exit::Error.into();
            }
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let term = term::Term::detect();
    match commands::dispatch(cli, &term) {
        Ok(exit) => exit.into(),
        Err(e) => {
            let text = format!("error: {}", render::message(&format!("{e:#}")));
            term::say(&render::layout::wrap(&text, term.width, "", "  "));
            Exit::Error.into()
        }
    }
}
