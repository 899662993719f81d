//! `rel04 answer PRACTICE STATUS`: record one answer without prompts.

use anyhow::{Result, anyhow, bail};

use crate::Exit;
use crate::answers::{self, CheckAnswer, Status};
use crate::catalogue::{Catalogue, Practice, Target};
use crate::cli::AnswerArgs;
use crate::edit::{self, Change};
use crate::risk::assess;

pub fn run(args: &AnswerArgs, catalogue: &Catalogue) -> Result<Exit> {
    let path = &args.file.file;
    let _lock = super::lock_folder(crate::answers::folder_of(path))?;
    let mut loaded = answers::load(path, catalogue)?;
    let target = catalogue
        .resolve(&args.practice)
        .map_err(anyhow::Error::msg)?;
    let change = change(args, &target)?;
    let described = describe(&target, args);
    edit::apply(
        &mut loaded.file,
        change,
        &answers::current_user(),
        &answers::now(),
    )
    .map_err(|e| anyhow!("{e}; nothing was saved"))?;
    answers::save(path, &loaded.file)?;
    let risk = assess(catalogue, &loaded.file).risk;
    eprintln!(
        "Saved {described} to {}. Question risk now: {risk}.",
        path.display()
    );
    Ok(Exit::Ok)
}

fn change(args: &AnswerArgs, target: &Target<'_>) -> Result<Change> {
    let status = args.status.trim().to_ascii_lowercase();
    let reason = args.reason.map(Into::into);
    Ok(match target {
        Target::Practice(p) => Change::Practice {
            choice_id: p.choice.id.clone(),
            status: match status.as_str() {
                "selected" | "established" | "yes" => Status::Selected,
                "unselected" | "not-established" | "no" => Status::Unselected,
                "not-applicable" | "n/a" | "na" => Status::NotApplicable,
                "unanswered" => Status::Unanswered,
                _ => bail!(
                    "unknown status \"{}\" for {}; use selected (established), unselected (not established), not-applicable (with --reason) or unanswered",
                    args.status,
                    p.bp
                ),
            },
            reason,
            notes: args.notes.clone(),
            checks: checks(p, &args.checks)?,
        },
        Target::None => {
            refuse_extras(args, "none")?;
            Change::NoneOfThese(match status.as_str() {
                "selected" | "yes" => true,
                "unselected" | "no" => false,
                _ => bail!(
                    "unknown status \"{}\" for none (None of these); use selected or unselected",
                    args.status
                ),
            })
        }
        Target::Question => {
            if !args.checks.is_empty() {
                bail!("--check goes with a practice (BP01..BP04), not with the question");
            }
            Change::Question {
                applicable: match status.as_str() {
                    "applicable" | "yes" => true,
                    "not-applicable" | "n/a" | "na" => false,
                    _ => bail!(
                        "unknown status \"{}\" for question; use applicable or not-applicable (with --reason)",
                        args.status
                    ),
                },
                reason,
                notes: args.notes.clone(),
            }
        }
    })
}

fn refuse_extras(args: &AnswerArgs, what: &str) -> Result<()> {
    if args.reason.is_some() || args.notes.is_some() || !args.checks.is_empty() {
        bail!(
            "{what} takes no --reason, --notes or --check; put notes on the question with `rel04 answer question applicable --notes ...`"
        );
    }
    Ok(())
}

/// `timeouts=yes` pairs, checked against the practice's own checks.
fn checks(practice: &Practice<'_>, given: &[String]) -> Result<Vec<(String, CheckAnswer)>> {
    let valid = || {
        practice
            .choice
            .checks
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    given
        .iter()
        .map(|pair| {
            let (id, value) = pair.split_once('=').ok_or_else(|| {
                anyhow!(
                    "--check {pair}: write ID=yes, ID=no or ID=unsure; {}'s checks are {}",
                    practice.bp,
                    valid()
                )
            })?;
            let id = id.trim();
            if !practice.choice.checks.iter().any(|c| c.id == id) {
                bail!(
                    "{} has no check \"{id}\"; its checks are {}",
                    practice.bp,
                    valid()
                );
            }
            let answer = match value.trim().to_ascii_lowercase().as_str() {
                "yes" | "y" => CheckAnswer::Yes,
                "no" | "n" => CheckAnswer::No,
                "unsure" | "not-sure" | "?" => CheckAnswer::Unsure,
                other => bail!("--check {id}={other}: the answer is yes, no or unsure"),
            };
            Ok((id.to_string(), answer))
        })
        .collect()
}

fn describe(target: &Target<'_>, args: &AnswerArgs) -> String {
    match target {
        Target::Practice(p) => format!("{} {}: {}", p.bp, p.choice.title, args.status),
        Target::None => format!("None of these: {}", args.status),
        Target::Question => format!("the question: {}", args.status),
    }
}
