//! A one-line choice answered by a single key (y, n, ?) or by arrows and Enter, drawn on
//! stderr. inquire's `Select` has no hotkeys, so this small prompt reads the keys itself with
//! crossterm (the terminal library inquire is built on). Esc goes back, Ctrl-C stops.

use std::io::Write;

use anyhow::{Context, Result};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, queue, terminal};

use super::{KeyOption, Reply};

/// Leaves raw mode however the prompt ends.
struct Raw;

impl Raw {
    fn enter() -> Result<Raw> {
        terminal::enable_raw_mode().context("cannot read single keys from the terminal")?;
        Ok(Raw)
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// Asks `question`; returns the index of the option chosen.
pub fn ask(question: &str, options: &[KeyOption], default: usize) -> Result<Reply<usize>> {
    let mut at = default.min(options.len().saturating_sub(1));
    let keys: Vec<String> = options
        .iter()
        .map(|o| format!("{} {}", o.key, o.label.to_lowercase()))
        .collect();
    let help = format!(
        "[{}, ←→ move, Enter choose, Esc back, Ctrl-C stop]",
        keys.join(", ")
    );
    let mut err = std::io::stderr();
    let raw = Raw::enter()?;
    queue!(err, cursor::MoveToColumn(0))?;
    write!(err, "{}\r\n{help}", line(question, options, at))?;
    queue!(err, cursor::MoveUp(1), cursor::MoveToColumn(0))?;
    err.flush()?;
    let reply = loop {
        let Event::Key(KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press | KeyEventKind::Repeat,
            ..
        }) = event::read()?
        else {
            continue;
        };
        match code {
            KeyCode::Char('c') if modifiers.contains(KeyModifiers::CONTROL) => {
                break Reply::Interrupted;
            }
            KeyCode::Esc => break Reply::Back,
            KeyCode::Enter => break Reply::Value(at),
            KeyCode::Char(c) => {
                let c = c.to_ascii_lowercase();
                if let Some(i) = options.iter().position(|o| o.key == c) {
                    at = i;
                    break Reply::Value(at);
                }
            }
            KeyCode::Left | KeyCode::Up | KeyCode::BackTab => {
                at = (at + options.len() - 1) % options.len();
            }
            KeyCode::Right | KeyCode::Down | KeyCode::Tab => at = (at + 1) % options.len(),
            _ => {}
        }
        queue!(
            err,
            cursor::MoveToColumn(0),
            terminal::Clear(terminal::ClearType::CurrentLine)
        )?;
        write!(err, "{}", line(question, options, at))?;
        queue!(err, cursor::MoveToColumn(0))?;
        err.flush()?;
    };
    // The answer stays on screen as inquire leaves its own: the question and the choice.
    queue!(
        err,
        cursor::MoveToColumn(0),
        terminal::Clear(terminal::ClearType::CurrentLine)
    )?;
    match reply {
        Reply::Value(i) => write!(err, "> {question} {}", options[i].label)?,
        _ => write!(err, "> {question}")?,
    }
    write!(err, "\r\n")?;
    queue!(err, terminal::Clear(terminal::ClearType::CurrentLine))?;
    err.flush()?;
    drop(raw);
    Ok(reply)
}

/// `? [1/6] Does it hold? (timeouts)  Yes  No  [Not sure]`
fn line(question: &str, options: &[KeyOption], at: usize) -> String {
    let choices: Vec<String> = options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            if i == at {
                format!("[{}]", o.label)
            } else {
                format!(" {} ", o.label)
            }
        })
        .collect();
    format!("? {question} {}", choices.join(" "))
}
