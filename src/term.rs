//! The terminal and the standard streams: every fact about them is decided here, once per run,
//! and handed to whoever needs it. Nothing else asks `is_terminal` or reads `NO_COLOR`.
//!
//! `REL04_TERMINAL` overrides what is detected, for tests and odd setups: `none` (nothing is a
//! terminal: no prompts, no colour, no progress bar) or `all` (everything is).

use std::io::{IsTerminal, Write};

/// What this run's standard streams are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub stdin_tty: bool,
    pub stdout_tty: bool,
    pub stderr_tty: bool,
    /// `NO_COLOR` is set (and not empty).
    pub no_color: bool,
    /// Running in CI (`CI` is set).
    pub ci: bool,
    /// The width no line may pass: `COLUMNS` when set, else the terminal's, else 100 (piped
    /// output, CI logs); never less than 20.
    pub width: usize,
}

impl Term {
    /// Looks at the streams and the environment.
    pub fn detect() -> Term {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        let forced = std::env::var("REL04_TERMINAL").ok();
        let tty = |real: bool| match forced.as_deref() {
            Some("none") => false,
            Some("all") => true,
            _ => real,
        };
        Term {
            stdin_tty: tty(std::io::stdin().is_terminal()),
            stdout_tty: tty(std::io::stdout().is_terminal()),
            stderr_tty: tty(std::io::stderr().is_terminal()),
            no_color: set("NO_COLOR"),
            ci: std::env::var_os("CI").is_some(),
            width: width(forced.as_deref()),
        }
    }

    /// Colour on stdout (tables).
    pub fn color_stdout(&self) -> bool {
        self.stdout_tty && !self.no_color
    }

    /// Colour on stderr (prompts).
    pub fn color_stderr(&self) -> bool {
        self.stderr_tty && !self.no_color
    }

    /// A person can answer prompts here.
    pub fn interactive(&self) -> bool {
        self.stdin_tty && self.stderr_tty
    }

    /// A progress bar helps: a person watches stderr, and this is not CI.
    pub fn progress(&self) -> bool {
        self.stderr_tty && !self.ci
    }
}

/// `COLUMNS`, else the width of the terminal on stdout or stderr, else 100.
fn width(forced: Option<&str>) -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|w| *w > 0);
    let terminal = || {
        if forced == Some("none") {
            return None;
        }
        terminal_size::terminal_size_of(std::io::stdout())
            .or_else(|| terminal_size::terminal_size_of(std::io::stderr()))
            .map(|(w, _)| usize::from(w.0))
    };
    columns.or_else(terminal).unwrap_or(100).max(20)
}

/// Writes data to stdout. A closed pipe (`rel04 report | head`) is not an error.
pub fn print(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e),
        _ => Ok(()),
    }
}

/// A line of output and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// For people: stderr.
    Say(String),
    /// Data: stdout.
    Data(String),
}

/// Writes each line where it belongs, in order: data to stdout, the rest to stderr.
pub fn emit(lines: &[Line]) -> std::io::Result<()> {
    for line in lines {
        match line {
            Line::Say(text) => eprintln!("{text}"),
            Line::Data(text) => print(text)?,
        }
    }
    Ok(())
}
