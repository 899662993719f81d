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
    /// The width to wrap text to: the terminal's, or 80, never narrower than 40 or wider
    /// than 120.
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
            width: textwrap::termwidth().clamp(40, 120),
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

/// Writes data to stdout. A closed pipe (`rel04 report | head`) is not an error.
pub fn print(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e),
        _ => Ok(()),
    }
}

/// Writes lines for people to stderr.
pub fn say(lines: &[String]) {
    for line in lines {
        eprintln!("{line}");
    }
}
