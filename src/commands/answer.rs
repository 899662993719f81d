//! `rel04 answer PRACTICE STATUS`: record one answer without prompts.

use anyhow::{Result, anyhow, bail};

use super::files;
use crate::Exit;
use crate::answers;
use crate::catalogue::{Catalogue, Practice};
use crate::cli::{AnswerArgs, StatusArg, TargetArg};
use crate::context::Context;
use crate::edit::{self, Change};
use crate::risk::evaluate;
use crate::vocab::{CheckAnswer, Status};

pub fn run(args: &AnswerArgs, catalogue: &Catalogue) -> Result<Exit> {
    let path = &args.file.path();
    let _lock = files::lock_folder_of(path)?;
    let mut loaded = answers::load(path, catalogue)?;
    let change = change(args, catalogue)?;
    let described = describe(args, catalogue);
    edit::apply(&mut loaded.file, change, &Context::read())
        .map_err(|e| anyhow!("{e}; nothing was saved"))?;
    answers::save(path, &loaded.file)?;
    let risk = evaluate(catalogue, &loaded.file).risk;
    crate::term::say(&format!(
        "Saved {described} to {}. Question risk now: {risk}.",
        crate::render::inert(&path.display().to_string(), false)
    ));
    Ok(Exit::Ok)
}

fn change(args: &AnswerArgs, catalogue: &Catalogue) -> Result<Change> {
    let reason = args.reason.map(Into::into);
    let status = args.status;
    Ok(match &args.practice {
        TargetArg::Practice(id) => {
            let practice = practice(catalogue, id)?;
            Change::Practice {
                choice_id: id.clone(),
                status: match status {
                    StatusArg::Selected => Status::Selected,
                    StatusArg::Unselected => Status::Unselected,
                    StatusArg::NotApplicable => Status::NotApplicable,
                    StatusArg::Unanswered => Status::Unanswered,
                    StatusArg::Applicable => bail!(
                        "unknown status \"{}\" for {}; use selected (established), unselected (not established), not-applicable (with --reason) or unanswered",
                        status.as_str(),
                        practice.bp
                    ),
                },
                reason,
                notes: args.notes.clone(),
                checks: checks(&practice, &args.checks)?,
            }
        }
        TargetArg::NoneOfThese => {
            refuse_extras(args, "none")?;
            Change::NoneOfThese(match status {
                StatusArg::Selected => true,
                StatusArg::Unselected => false,
                _ => bail!(
                    "unknown status \"{}\" for none (None of these); use selected or unselected",
                    status.as_str()
                ),
            })
        }
        TargetArg::Question => {
            if !args.checks.is_empty() {
                bail!("--check goes with a practice (BP01..BP04), not with the question");
            }
            Change::Question {
                applicable: match status {
                    StatusArg::Applicable | StatusArg::Selected => true,
                    StatusArg::NotApplicable => false,
                    _ => bail!(
                        "unknown status \"{}\" for question; use applicable or not-applicable (with --reason)",
                        status.as_str()
                    ),
                },
                reason,
                notes: args.notes.clone(),
            }
        }
    })
}

fn practice<'a>(catalogue: &'a Catalogue, id: &str) -> Result<Practice<'a>> {
    catalogue
        .practice(id)
        .ok_or_else(|| anyhow!("unknown practice {id} (a defect in rel04, please report it)"))
}

fn refuse_extras(args: &AnswerArgs, what: &str) -> Result<()> {
    if args.reason.is_some() || args.notes.is_some() || !args.checks.is_empty() {
        bail!(
            "{what} takes no --reason, --notes or --check; put notes on the question with `rel04 answer question applicable --notes ...`"
        );
    }
    Ok(())
}

/// The checks given, each one of the practice's own.
fn checks(
    practice: &Practice<'_>,
    given: &[(String, CheckAnswer)],
) -> Result<Vec<(String, CheckAnswer)>> {
    for (id, _) in given {
        if !practice.choice.checks.iter().any(|c| &c.id == id) {
            let valid: Vec<&str> = practice
                .choice
                .checks
                .iter()
                .map(|c| c.id.as_str())
                .collect();
            bail!(
                "{} has no check \"{id}\"; its checks are {}",
                practice.bp,
                valid.join(", ")
            );
        }
    }
    Ok(given.to_vec())
}

fn describe(args: &AnswerArgs, catalogue: &Catalogue) -> String {
    let status = args.status.as_str();
    match &args.practice {
        TargetArg::Practice(id) => match catalogue.practice(id) {
            Some(p) => format!("{} {}: {status}", p.bp, p.choice.title),
            None => format!("{id}: {status}"),
        },
        TargetArg::NoneOfThese => format!("None of these: {status}"),
        TargetArg::Question => format!("the question: {status}"),
    }
}
