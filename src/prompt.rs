//! Asking a person: the `Prompter` trait the questionnaire talks to, the terminal one built on
//! inquire, and a scripted one for tests.
//!
//! inquire is used because it tells Esc (go back) from Ctrl-C (stop) and reports a missing
//! terminal instead of hanging.

use anyhow::Result;
use inquire::autocompletion::{Autocomplete, Replacement};
use inquire::validator::Validation;
use inquire::{CustomUserError, InquireError, Select, Text};

/// What a person did at a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply<T> {
    Value(T),
    /// Esc: go back one step.
    Back,
    /// Ctrl-C: stop, keeping what was saved.
    Interrupted,
}

pub trait Prompter {
    /// Shows text (guidance, summaries) between prompts.
    fn say(&mut self, text: &str);
    /// One choice among `options`; Enter picks `default`.
    fn select(
        &mut self,
        question: &str,
        options: &[String],
        default: usize,
        help: Option<&str>,
    ) -> Result<Reply<usize>>;
    /// One of a few options, each also chosen by its own key (y, n, ?); Enter picks the
    /// highlighted one, `default` at first.
    fn keys(
        &mut self,
        question: &str,
        options: &[KeyOption],
        default: usize,
    ) -> Result<Reply<usize>>;
    /// Free text, at most `limit` characters.
    fn text(
        &mut self,
        question: &str,
        start: Start<'_>,
        limit: usize,
        help: Option<&str>,
    ) -> Result<Reply<String>>;
}

/// What a text prompt starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start<'a> {
    /// Text to edit (notes as they are).
    Initial(&'a str),
    /// Shown greyed as a suggestion; Enter on an empty line takes it, typing replaces it.
    Default(&'a str),
}

/// An option of a [`Prompter::keys`] prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOption {
    pub key: char,
    pub label: String,
}

impl<T> Reply<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Reply<U> {
        match self {
            Reply::Value(v) => Reply::Value(f(v)),
            Reply::Back => Reply::Back,
            Reply::Interrupted => Reply::Interrupted,
        }
    }
}

/// The terminal prompter: questions and guidance on stderr, so stdout stays data.
pub struct Terminal;

impl Terminal {
    /// Sets up inquire once: no colours when NO_COLOR is set.
    pub fn new(color: bool) -> Terminal {
        if !color {
            inquire::set_global_render_config(inquire::ui::RenderConfig::empty());
        }
        Terminal
    }
}

fn reply<T>(result: Result<T, InquireError>) -> Result<Reply<T>> {
    match result {
        Ok(value) => Ok(Reply::Value(value)),
        Err(InquireError::OperationCanceled) => Ok(Reply::Back),
        Err(InquireError::OperationInterrupted) => Ok(Reply::Interrupted),
        Err(InquireError::NotTTY) => {
            anyhow::bail!("no terminal to ask on; use `rel04 answer` in scripts")
        }
        Err(e) => Err(anyhow::anyhow!("the terminal prompt failed: {e}")),
    }
}

impl Prompter for Terminal {
    fn say(&mut self, text: &str) {
        crate::term::say(text);
    }

    fn select(
        &mut self,
        question: &str,
        options: &[String],
        default: usize,
        help: Option<&str>,
    ) -> Result<Reply<usize>> {
        let help = help.unwrap_or("↑↓ move, Enter choose, Esc back, Ctrl-C stop");
        let labels: Vec<Choice> = options
            .iter()
            .enumerate()
            .map(|(i, o)| Choice(i, o.clone()))
            .collect();
        let picked = Select::new(question, labels)
            .with_starting_cursor(default.min(options.len().saturating_sub(1)))
            .with_help_message(help)
            .with_page_size(10)
            .without_filtering()
            .prompt();
        Ok(match reply(picked)? {
            Reply::Value(Choice(i, _)) => Reply::Value(i),
            Reply::Back => Reply::Back,
            Reply::Interrupted => Reply::Interrupted,
        })
    }

    fn keys(
        &mut self,
        question: &str,
        options: &[KeyOption],
        default: usize,
    ) -> Result<Reply<usize>> {
        keys::ask(question, options, default)
    }

    fn text(
        &mut self,
        question: &str,
        start: Start<'_>,
        limit: usize,
        help: Option<&str>,
    ) -> Result<Reply<String>> {
        let counter = Counter { limit };
        let prompt = Text::new(question);
        let prompt = match start {
            Start::Initial(text) => prompt.with_initial_value(text),
            Start::Default(text) => prompt.with_default(text).with_placeholder(text),
        };
        let answer = prompt
            .with_help_message(help.unwrap_or("Enter to keep, Esc to go back"))
            .with_autocomplete(counter)
            .with_validator(move |text: &str| -> Result<Validation, CustomUserError> {
                if Counter::is_counter(text) {
                    return Ok(Validation::Invalid(
                        "that line is the character count; press ↑ to return to your text".into(),
                    ));
                }
                let n = text.chars().count();
                Ok(if n > limit {
                    Validation::Invalid(
                        format!("{n} characters, {} over the limit of {limit}", n - limit).into(),
                    )
                } else {
                    Validation::Valid
                })
            })
            .prompt();
        reply(answer)
    }
}

/// An option label that remembers its position.
#[derive(Clone)]
struct Choice(usize, String);

impl std::fmt::Display for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.1)
    }
}

/// A live character count shown under a text prompt as the person types. inquire has no
/// counter of its own; its suggestion line is redrawn on every key, so the count lives there.
#[derive(Clone)]
struct Counter {
    limit: usize,
}

impl Counter {
    const MARK: &'static str = " characters of ";

    fn is_counter(text: &str) -> bool {
        text.starts_with('(') && text.contains(Self::MARK)
    }
}

impl Autocomplete for Counter {
    fn get_suggestions(&mut self, input: &str) -> Result<Vec<String>, CustomUserError> {
        let n = input.chars().count();
        let over = if n > self.limit {
            format!(", {} over", n - self.limit)
        } else {
            String::new()
        };
        Ok(vec![format!("({n}{}{}{over})", Self::MARK, self.limit)])
    }

    fn get_completion(
        &mut self,
        _input: &str,
        _highlighted: Option<String>,
    ) -> Result<Replacement, CustomUserError> {
        Ok(Replacement::None)
    }
}

mod keys;

#[cfg(test)]
pub use script::{Script, Scripted};

/// The test double of a person at a terminal; never part of the binary.
#[cfg(test)]
mod script {
    use std::collections::VecDeque;

    use anyhow::Result;

    use super::{KeyOption, Prompter, Reply, Start};

    /// A step of a scripted conversation, for tests.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Scripted {
        /// Enter: take the default (or keep the text).
        Enter,
        /// Pick the option whose label starts with this text.
        Pick(&'static str),
        Type(String),
        /// A single key at a [`Prompter::keys`] prompt.
        Key(char),
        Esc,
        CtrlC,
    }

    /// Replies from a script and records everything shown, for tests of the walk.
    #[derive(Debug, Default)]
    pub struct Script {
        pub replies: VecDeque<Scripted>,
        pub shown: String,
        /// Each question asked, in order.
        pub asked: Vec<String>,
    }

    impl Script {
        pub fn new(replies: impl IntoIterator<Item = Scripted>) -> Script {
            Script {
                replies: replies.into_iter().collect(),
                ..Script::default()
            }
        }

        fn next(&mut self, question: &str) -> Result<Scripted> {
            self.asked.push(question.to_string());
            self.replies
                .pop_front()
                .ok_or_else(|| anyhow::anyhow!("the script has no reply for: {question}"))
        }
    }

    impl Prompter for Script {
        fn say(&mut self, text: &str) {
            self.shown.push_str(text);
            self.shown.push('\n');
        }

        fn select(
            &mut self,
            question: &str,
            options: &[String],
            default: usize,
            _help: Option<&str>,
        ) -> Result<Reply<usize>> {
            Ok(match self.next(question)? {
                Scripted::Enter => Reply::Value(default),
                Scripted::Pick(label) => match options.iter().position(|o| o.starts_with(label)) {
                    Some(i) => Reply::Value(i),
                    None => {
                        anyhow::bail!(
                            "no option starts with {label:?} for {question:?}: {options:?}"
                        )
                    }
                },
                Scripted::Esc => Reply::Back,
                Scripted::CtrlC => Reply::Interrupted,
                Scripted::Type(t) => anyhow::bail!("typed {t:?} at a choice: {question}"),
                Scripted::Key(k) => {
                    anyhow::bail!("pressed {k:?} at a choice without keys: {question}")
                }
            })
        }

        fn keys(
            &mut self,
            question: &str,
            options: &[KeyOption],
            default: usize,
        ) -> Result<Reply<usize>> {
            let labels: Vec<String> = options.iter().map(|o| o.label.clone()).collect();
            if let Some(Scripted::Key(key)) = self.replies.front().cloned() {
                self.next(question)?;
                return match options.iter().position(|o| o.key == key) {
                    Some(i) => Ok(Reply::Value(i)),
                    None => anyhow::bail!("no option has the key {key:?}: {labels:?}"),
                };
            }
            self.select(question, &labels, default, None)
        }

        fn text(
            &mut self,
            question: &str,
            start: Start<'_>,
            limit: usize,
            _help: Option<&str>,
        ) -> Result<Reply<String>> {
            let (Start::Initial(initial) | Start::Default(initial)) = start;
            Ok(match self.next(question)? {
                Scripted::Enter => Reply::Value(initial.to_string()),
                Scripted::Type(t) if t.chars().count() <= limit => Reply::Value(t),
                Scripted::Type(t) => anyhow::bail!(
                    "{} characters typed, over the limit of {limit}",
                    t.chars().count()
                ),
                Scripted::Esc => Reply::Back,
                Scripted::CtrlC => Reply::Interrupted,
                Scripted::Pick(p) => anyhow::bail!("picked {p:?} at a text prompt: {question}"),
                Scripted::Key(k) => anyhow::bail!("pressed {k:?} at a text prompt: {question}"),
            })
        }
    }
}
