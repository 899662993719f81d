//! The questionnaire: walks a team through REL 4, one prompt at a time, saving each answer
//! the moment it is given.
//!
//! Two parts: [`steps`], the order of the walk as pure functions of the file (which steps,
//! which are answered, what comes next), and [`walk`], which asks them through a
//! [`Prompter`](crate::prompt::Prompter) and records the answers.

pub mod steps;
pub mod walk;

pub use walk::{Options, run};
