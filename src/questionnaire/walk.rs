//! The walk: asks each step's question through a [`Prompter`] and saves each answer the
//! moment it is given. Esc goes back to the step asked before; Ctrl-C stops with everything
//! answered so far already on disk. Tests drive it with scripted replies.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Result, anyhow};

use super::steps::{self, Step};
use crate::Exit;
use crate::answers::{self, AnswersFile, Workload, limits};
use crate::catalogue::{Catalogue, Practice};
use crate::context::{self, Context};
use crate::edit::{self, Change};
use crate::evidence::{Background, Kind as EvidenceKind};
use crate::prompt::{KeyOption, Prompter, Reply, Start};
use crate::render::evidence as render_evidence;
use crate::render::layout::wrap;
use crate::render::{explain, inert, report};
use crate::risk::evaluate;
use crate::vocab::{CheckAnswer, Environment, Reason, Risk, Status};

/// The value of a prompt's reply, or the step's way out: Esc goes back, Ctrl-C stops.
macro_rules! value_or_leave {
    ($reply:expr) => {
        match $reply {
            Reply::Value(v) => v,
            Reply::Back => return Ok(Flow::Back),
            Reply::Interrupted => return Ok(Flow::Stop),
        }
    };
}

/// What a step leads to.
enum Flow {
    Next,
    Back,
    Stop,
}

/// Options of the walk.
pub struct Options<'a> {
    pub path: &'a Path,
    /// Practices to go straight to (BP numbers or choice ids), already resolved to indexes.
    pub only: Vec<usize>,
    /// Who answers; the time is read again for each answer.
    pub context: Context,
    /// Terminal width for wrapping guidance.
    pub width: usize,
    /// The repository's evidence, scanned in the background.
    pub evidence: Option<Background>,
}

struct Walk<'a> {
    catalogue: &'a Catalogue,
    path: PathBuf,
    file: AnswersFile,
    context: Context,
    width: usize,
    prompter: &'a mut dyn Prompter,
    /// The practice whose header was shown last.
    introduced: Option<usize>,
    evidence: Option<Background>,
}

/// Runs the questionnaire on `options.path`, creating the file first if it does not exist.
pub fn run(
    prompter: &mut dyn Prompter,
    catalogue: &Catalogue,
    options: Options<'_>,
) -> Result<Exit> {
    let file = if options.path.exists() {
        answers::load(options.path, catalogue)?.file
    } else {
        match create(prompter, catalogue, options.path, &options.context.who)? {
            Some(file) => file,
            None => return Ok(Exit::Interrupted),
        }
    };
    let mut walk = Walk {
        catalogue,
        path: options.path.to_path_buf(),
        file,
        context: options.context,
        width: options.width,
        prompter,
        introduced: None,
        evidence: options.evidence,
    };
    if let Some(background) = &walk.evidence {
        walk.prompter.say(&format!(
            "Reading {} for evidence in the background: what its templates, Terraform and code show appears above each check. It informs; the answers are yours.",
            inert(&background.root().display().to_string(), false)
        ));
    }
    let finished = if !options.only.is_empty() {
        let steps: Vec<Step> = options
            .only
            .iter()
            .flat_map(|&i| steps::practice_steps(catalogue, i))
            .collect();
        walk.steps(&steps, None)?
    } else if evaluate(catalogue, &walk.file).risk == Risk::Unanswered {
        let start = steps::resume_at(catalogue, &walk.file);
        if start > 0 {
            walk.prompter.say(&format!(
                "Resuming {}: the answers given so far are kept.",
                walk.path.display()
            ));
        }
        walk.walk_all(start)?
    } else {
        walk.menu()?
    };
    if !finished {
        walk.prompter.say(&format!(
            "Stopped. Every answer given so far is saved in {}; run `rel04 assess{}` to go on.",
            inert(&walk.path.display().to_string(), false),
            answers::file_flag(&walk.path)
        ));
        return Ok(Exit::Interrupted);
    }
    walk.summary();
    Ok(Exit::Ok)
}

/// Asks for the workload and creates the file. `None` when the person stopped.
fn create(
    p: &mut dyn Prompter,
    catalogue: &Catalogue,
    path: &Path,
    who: &str,
) -> Result<Option<AnswersFile>> {
    p.say(&format!(
        "No answers file at {} yet: first, the workload under review.",
        path.display()
    ));
    let folder = std::env::current_dir()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().to_string()));
    let mut name = folder
        .filter(|n| (3..=100).contains(&n.chars().count()))
        .unwrap_or_default();
    let mut environment = Environment::Production;
    let mut owner = who.to_string();
    let mut at: usize = 0;
    while at < 3 {
        let reply = match at {
            0 => p
                .text(
                    "Workload name (3 to 100 characters):",
                    suggest(&name),
                    limits::WORKLOAD_NAME.1,
                    None,
                )?
                .map(|v| name = v.trim().to_string()),
            1 => {
                let options = ["production".to_string(), "preproduction".to_string()];
                let default = usize::from(environment == Environment::Preproduction);
                p.select("Environment:", &options, default, None)?.map(|i| {
                    environment = if i == 0 {
                        Environment::Production
                    } else {
                        Environment::Preproduction
                    }
                })
            }
            _ => p
                .text(
                    "Review owner (who answers for this review):",
                    suggest(&owner),
                    limits::REVIEW_OWNER.1,
                    None,
                )?
                .map(|v| owner = v.trim().to_string()),
        };
        match reply {
            Reply::Interrupted => return Ok(None),
            Reply::Back => at = at.saturating_sub(1),
            Reply::Value(()) => {
                let fits = match at {
                    0 => answers::check_length(&name, limits::WORKLOAD_NAME),
                    2 => answers::check_length(&owner, limits::REVIEW_OWNER),
                    _ => Ok(()),
                };
                match fits {
                    Ok(()) => at += 1,
                    Err(e) => p.say(&format!("That {e}.")),
                }
            }
        }
    }
    let workload = Workload {
        description: answers::default_description(&name),
        name,
        environment,
        review_owner: owner,
        aws_workload_id: None,
        aws_region: None,
        aws_profile: None,
        aws_role_arn: None,
    };
    let file = AnswersFile::new(catalogue, workload);
    file.validate(catalogue)
        .map_err(|e| anyhow!("{e}; run `rel04 assess` again"))?;
    answers::save(path, &file)?;
    p.say(&format!(
        "Created {}. Each answer is saved as soon as you give it.",
        path.display()
    ));
    Ok(Some(file))
}

/// A value to suggest: Enter takes it, typing replaces it; nothing to suggest when empty.
fn suggest(value: &str) -> Start<'_> {
    if value.is_empty() {
        Start::Initial("")
    } else {
        Start::Default(value)
    }
}

impl Walk<'_> {
    fn practice(&self, i: usize) -> Practice<'_> {
        let catalogue: &Catalogue = self.catalogue;
        catalogue
            .practices()
            .nth(i)
            .expect("practice index comes from the catalogue")
    }

    fn practice_count(&self) -> usize {
        self.catalogue.practices().count()
    }

    /// Walks from the step at `start` to the end. False when stopped.
    fn walk_all(&mut self, start: usize) -> Result<bool> {
        // On a resumed walk, Esc still goes back to the steps answered before.
        let all = steps::all_steps(self.catalogue, &self.file);
        let mut history: Vec<Step> = all[..start.min(all.len())].to_vec();
        let mut current = all.get(start).copied();
        while let Some(step) = current {
            match self.ask(step)? {
                Flow::Stop => return Ok(false),
                Flow::Back => match history.pop() {
                    Some(previous) => current = Some(previous),
                    None => self
                        .prompter
                        .say("This is the first step; there is nothing to go back to."),
                },
                Flow::Next => {
                    history.push(step);
                    current = steps::next_after(self.catalogue, &self.file, step);
                }
            }
        }
        Ok(true)
    }

    /// Walks a fixed list of steps (one practice, or the `--only` ones). False when stopped.
    fn steps(&mut self, steps: &[Step], mut back_out: Option<&mut bool>) -> Result<bool> {
        let mut at = 0;
        while at < steps.len() {
            match self.ask(steps[at])? {
                Flow::Stop => return Ok(false),
                Flow::Back if at == 0 => match back_out.as_deref_mut() {
                    Some(flag) => {
                        *flag = true;
                        return Ok(true);
                    }
                    None => self
                        .prompter
                        .say("This is the first step; there is nothing to go back to."),
                },
                Flow::Back => at -= 1,
                Flow::Next => at += 1,
            }
        }
        Ok(true)
    }

    /// The menu on a finished file: change single answers, or quit.
    fn menu(&mut self) -> Result<bool> {
        loop {
            self.summary_table();
            let mut options: Vec<String> = self
                .catalogue
                .practices()
                .map(|p| format!("Change {} {}", p.bp, p.choice.title))
                .collect();
            options.push("Change whether REL 4 applies (or None of these)".to_string());
            options.push("Edit the question's notes".to_string());
            options.push("Quit".to_string());
            let quit = options.len() - 1;
            let picked = match self.prompter.select(
                "The review is complete. What next?",
                &options,
                quit,
                None,
            )? {
                Reply::Interrupted => return Ok(false),
                Reply::Back => return Ok(true),
                Reply::Value(i) if i == quit => return Ok(true),
                Reply::Value(i) => i,
            };
            let steps = if picked < self.practice_count() {
                steps::practice_steps(self.catalogue, picked)
            } else if picked == self.practice_count() {
                vec![Step::Applicability]
            } else {
                vec![Step::QuestionNotes]
            };
            let mut backed_out = false;
            if !self.steps(&steps, Some(&mut backed_out))? {
                return Ok(false);
            }
            if evaluate(self.catalogue, &self.file).risk == Risk::Unanswered {
                // A change (such as taking back "None of these") left practices open: finish them.
                let start = steps::resume_at(self.catalogue, &self.file);
                if !self.walk_all(start)? {
                    return Ok(false);
                }
            }
        }
    }

    fn ask(&mut self, step: Step) -> Result<Flow> {
        match step {
            Step::Applicability => self.ask_applicability(),
            Step::Check(i, j) => self.ask_check(i, j),
            Step::Status(i) => self.ask_status(i),
            Step::Notes(i) => self.ask_notes(i),
            Step::QuestionNotes => self.ask_question_notes(),
        }
    }

    /// Applies a change and saves the file at once: an answer given is an answer saved.
    fn record(&mut self, change: Change) -> Result<()> {
        // A walk can last an hour: each answer carries the time it was given.
        self.context.now = context::rfc3339(SystemTime::now());
        edit::apply(&mut self.file, change, &self.context).map_err(anyhow::Error::msg)?;
        answers::save(&self.path, &self.file)?;
        Ok(())
    }

    fn ask_applicability(&mut self) -> Result<Flow> {
        self.prompter
            .say(&explain::question(self.catalogue, self.width));
        let q = &self.file.question;
        let default = if !q.applicable {
            2
        } else if q.none_of_these {
            1
        } else {
            0
        };
        let options = [
            "Yes, it applies: go through the four practices".to_string(),
            "Yes, but none of the four practices is established (None of these)".to_string(),
            "No, REL 4 does not apply to this workload".to_string(),
        ];
        loop {
            let picked = value_or_leave!(self.prompter.select(
                "Does REL 4 apply to this workload?",
                &options,
                default,
                None,
            )?);
            if picked == 2 {
                match self.ask_reason("Why does REL 4 not apply?", self.file.question.reason)? {
                    Reply::Value(reason) => {
                        self.record(Change::Question {
                            applicable: false,
                            reason: Some(reason),
                            notes: None,
                        })?;
                    }
                    Reply::Back => continue,
                    Reply::Interrupted => return Ok(Flow::Stop),
                }
            } else {
                self.record(Change::Question {
                    applicable: true,
                    reason: None,
                    notes: None,
                })?;
                if (picked == 1) != self.file.question.none_of_these {
                    self.record(Change::NoneOfThese(picked == 1))?;
                }
            }
            return Ok(Flow::Next);
        }
    }

    fn ask_reason(&mut self, question: &str, current: Option<Reason>) -> Result<Reply<Reason>> {
        let options: Vec<String> = Reason::ALL.iter().map(|r| r.label().to_string()).collect();
        let default = current
            .and_then(|c| Reason::ALL.iter().position(|r| *r == c))
            .unwrap_or(0);
        Ok(self
            .prompter
            .select(question, &options, default, None)?
            .map(|i| Reason::ALL[i]))
    }

    fn ask_check(&mut self, i: usize, j: usize) -> Result<Flow> {
        // A practice's header comes before its first check, and before the next one asked
        // when a resumed walk or a jump starts in the middle of it.
        if j == 0 || self.introduced != Some(i) {
            let intro = explain::practice_intro(&self.practice(i), self.width);
            self.prompter.say(&format!("\n{intro}"));
            self.introduced = Some(i);
        }
        let practice = self.practice(i);
        let choice_id = practice.choice.id.clone();
        let check = &practice.choice.checks[j];
        let count = format!("[{}/{}]", j + 1, practice.choice.checks.len());
        // The check and what counts as yes, wrapped here: a terminal would break the words of
        // a long prompt line anywhere. The prompt itself stays one short line.
        let wrapped = |text: &str, first: &str| {
            let indent = " ".repeat(count.len() + 1);
            wrap(text, self.width, first, &indent)
        };
        let shown = format!(
            "\n{}\n{}",
            wrapped(&check.text, &format!("{count} ")),
            wrapped(&check.help, &" ".repeat(count.len() + 1))
        );
        let (check_id, question) = (
            check.id.clone(),
            format!("{count} Does it hold? ({})", check.id),
        );
        self.prompter.say(&shown);
        let indent = " ".repeat(count.len() + 1);
        if let Some(line) = self.evidence_line(&choice_id, &check_id) {
            self.prompter
                .say(&wrap(&line, self.width, &indent, &indent));
        }
        let previous = self
            .file
            .practices
            .get(&choice_id)
            .and_then(|a| a.checks.get(&check_id).copied());
        let options =
            [('y', "Yes"), ('n', "No"), ('?', "Not sure")].map(|(key, label)| KeyOption {
                key,
                label: label.to_string(),
            });
        let default = match previous {
            Some(CheckAnswer::Yes) => 0,
            Some(CheckAnswer::No) => 1,
            // A check nobody can vouch for does not hold: the safe default for a risk review.
            Some(CheckAnswer::Unsure) | None => 2,
        };
        let answer = match value_or_leave!(self.prompter.keys(&question, &options, default)?) {
            0 => CheckAnswer::Yes,
            1 => CheckAnswer::No,
            _ => CheckAnswer::Unsure,
        };
        self.record(Change::Check {
            choice_id,
            check_id,
            answer,
        })?;
        Ok(Flow::Next)
    }

    /// The evidence of one check, as a line to show above its question; the notice when the
    /// scan runs over its time comes out once.
    fn evidence_line(&mut self, choice_id: &str, check_id: &str) -> Option<String> {
        let (found, notice) = self.evidence.as_mut()?.get();
        let line = found.and_then(|found| {
            let items: Vec<_> = found.of_check(choice_id, check_id).collect();
            render_evidence::for_check(&items)
        });
        if let Some(notice) = notice {
            self.prompter.say(&inert(&notice, false));
        }
        line
    }

    /// Gaps the repository shows for a practice: their count and the first place.
    fn gaps(&mut self, choice_id: &str) -> Option<(usize, String)> {
        let (found, _) = self.evidence.as_mut()?.get();
        let gaps: Vec<_> = found?
            .of_practice(choice_id)
            .filter(|i| i.rule.kind == EvidenceKind::Gap)
            .collect();
        let first = gaps.first()?;
        Some((
            gaps.len(),
            format!("{}:{}", inert(&first.file, false), first.line),
        ))
    }

    /// "3 of 4 checks hold: REL04-BP01 looks not established; the missing one: timeouts",
    /// with the repository's gaps when it shows any. `None` when no check of the practice is
    /// answered and the repository shows no gap.
    fn suggestion(&mut self, i: usize) -> Option<(bool, String)> {
        let choice_id = self.practice(i).choice.id.clone();
        let gaps = self.gaps(&choice_id);
        let from_checks = self.suggestion_from_checks(i);
        match (from_checks, gaps) {
            (None, None) => None,
            (Some(s), None) => Some(s),
            (found, Some((n, first))) => {
                let said = found
                    .map(|(_, text)| format!("{text}; "))
                    .unwrap_or_default();
                let gaps = if n == 1 {
                    "1 gap".to_string()
                } else {
                    format!("{n} gaps")
                };
                Some((
                    false,
                    format!(
                        "{said}the repository shows {gaps} (first: {first}; `rel04 evidence` lists them), so the suggestion is not established"
                    ),
                ))
            }
        }
    }

    fn suggestion_from_checks(&self, i: usize) -> Option<(bool, String)> {
        let practice = self.practice(i);
        let answer = self.file.practices.get(&practice.choice.id)?;
        let checks = &practice.choice.checks;
        if !checks.iter().any(|c| answer.checks.contains_key(&c.id)) {
            return None;
        }
        let missing: Vec<&str> = checks
            .iter()
            .filter(|c| answer.checks.get(&c.id) != Some(&CheckAnswer::Yes))
            .map(|c| c.id.as_str())
            .collect();
        let holds = checks.len() - missing.len();
        let established = missing.is_empty();
        let verdict = if established {
            "looks established"
        } else {
            "looks not established"
        };
        let mut text = format!(
            "{holds} of {} checks hold: {} {verdict}",
            checks.len(),
            practice.bp
        );
        match missing.as_slice() {
            [] => {}
            [one] => text.push_str(&format!("; the missing one: {one}")),
            many => text.push_str(&format!("; the missing ones: {}", many.join(", "))),
        }
        Some((established, text))
    }

    fn ask_status(&mut self, i: usize) -> Result<Flow> {
        let practice = self.practice(i);
        let (bp, choice_id) = (practice.bp.to_string(), practice.choice.id.clone());
        if practice.choice.checks.is_empty() {
            let intro = explain::practice_intro(&practice, self.width);
            self.prompter.say(&format!("\n{intro}"));
        }
        let current = self
            .file
            .practices
            .get(&choice_id)
            .cloned()
            .unwrap_or_default();
        let suggestion = self.suggestion(i);
        if let Some((_, text)) = &suggestion {
            self.prompter.say(text);
        }
        let options = [
            "Established: the team does this (selected)".to_string(),
            "Not established (unselected)".to_string(),
            "Not applicable to this workload".to_string(),
        ];
        let default = match (current.status, &suggestion) {
            (Status::Selected, _) => 0,
            (Status::Unselected, _) => 1,
            (Status::NotApplicable, _) => 2,
            (Status::Unanswered, Some((false, _))) => 1,
            (Status::Unanswered, _) => 0,
        };
        loop {
            let status = match value_or_leave!(self.prompter.select(
                &format!("{bp}: is this practice established?"),
                &options,
                default,
                None,
            )?) {
                0 => Status::Selected,
                1 => Status::Unselected,
                _ => Status::NotApplicable,
            };
            let status = match self.confirm_established(i, status)? {
                Reply::Value(status) => status,
                Reply::Back => continue,
                Reply::Interrupted => return Ok(Flow::Stop),
            };
            let reason = if status == Status::NotApplicable {
                match self.ask_reason(&format!("Why does {bp} not apply?"), current.reason)? {
                    Reply::Value(r) => Some(r),
                    Reply::Back => continue,
                    Reply::Interrupted => return Ok(Flow::Stop),
                }
            } else {
                None
            };
            self.record(Change::Practice {
                choice_id,
                status,
                reason,
                notes: None,
                checks: vec![],
            })?;
            return Ok(Flow::Next);
        }
    }

    /// "Established" while the practice's own checks do not hold: asks the team to confirm
    /// it, or to mark the practice not established. Other statuses pass unchanged.
    fn confirm_established(&mut self, i: usize, status: Status) -> Result<Reply<Status>> {
        let practice = self.practice(i);
        let bp = practice.bp.to_string();
        let failing: Vec<String> = self
            .file
            .practices
            .get(&practice.choice.id)
            .map(|a| {
                practice
                    .choice
                    .checks
                    .iter()
                    .filter(|c| {
                        matches!(
                            a.checks.get(&c.id),
                            Some(CheckAnswer::No | CheckAnswer::Unsure)
                        )
                    })
                    .map(|c| c.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        if status != Status::Selected || failing.is_empty() {
            return Ok(Reply::Value(status));
        }
        self.prompter.say(&wrap(
            &format!(
                "{bp}'s own checks do not hold: {}. A practice is established when the team does it in full.",
                failing.join(", ")
            ),
            self.width,
            "",
            "",
        ));
        let options = [
            "Keep it established (the checks are out of date)".to_string(),
            "Mark it not established".to_string(),
        ];
        Ok(self
            .prompter
            .select(&format!("{bp}: keep it established?"), &options, 1, None)?
            .map(|picked| {
                if picked == 0 {
                    Status::Selected
                } else {
                    Status::Unselected
                }
            }))
    }

    fn ask_notes(&mut self, i: usize) -> Result<Flow> {
        let practice = self.practice(i);
        let (bp, choice_id) = (practice.bp.to_string(), practice.choice.id.clone());
        let current = self
            .file
            .practices
            .get(&choice_id)
            .map(|a| inert(&a.notes, false))
            .unwrap_or_default();
        let guide = format!(
            "Notes: the evidence for {bp}, at most {} characters; longer evidence goes in the question's notes at the end.",
            limits::PRACTICE_NOTES
        );
        self.prompter.say(&wrap(&guide, self.width, "", ""));
        let notes = value_or_leave!(self.prompter.text(
            &format!("{bp} notes:"),
            Start::Initial(&current),
            limits::PRACTICE_NOTES,
            Some("Enter keeps what is there, Esc goes back"),
        )?);
        // The prompt shows the notes made inert; Enter on them keeps the notes as stored.
        let changed = notes != current
            && self
                .file
                .practices
                .get(&choice_id)
                .is_none_or(|a| a.notes != notes);
        if changed {
            self.record(Change::PracticeNotes { choice_id, notes })?;
        }
        Ok(Flow::Next)
    }

    fn ask_question_notes(&mut self) -> Result<Flow> {
        let current = inert(&self.file.question.notes, false);
        let guide = format!(
            "\nLast, notes on REL 4 as a whole: evidence, links and decisions, at most {} characters.",
            limits::QUESTION_NOTES
        );
        self.prompter.say(&wrap(&guide, self.width, "", ""));
        let notes = value_or_leave!(self.prompter.text(
            "Notes on REL 4 as a whole:",
            Start::Initial(&current),
            limits::QUESTION_NOTES,
            Some("Enter keeps what is there, Esc goes back"),
        )?);
        if notes != current && notes != self.file.question.notes {
            self.record(Change::QuestionNotes(notes))?;
        }
        Ok(Flow::Next)
    }

    fn summary_table(&mut self) {
        let assessment = evaluate(self.catalogue, &self.file);
        let r = report::FileReport::new(self.path.display().to_string(), &self.file, assessment);
        let style = report::Style {
            color: false,
            width: self.width,
        };
        self.prompter
            .say(&format!("\n{}", report::table_one(&r, style)));
    }

    fn summary(&mut self) {
        self.summary_table();
        let file = inert(&answers::shell_word(&self.path), false);
        let step = |command: String, why: &str| {
            wrap(&format!("{command}  ({why})"), self.width, "  ", "    ")
        };
        let steps = [
            step(
                format!("`git add {file} && git commit -m \"REL 4 review\"`"),
                "keep the review in git",
            ),
            step(
                format!("`rel04 check {file}`"),
                "in CI: fails the build on high risk",
            ),
            step(
                format!("`rel04 push --file {file}`"),
                "to the AWS Well-Architected Tool",
            ),
        ];
        self.prompter
            .say(&format!("Next steps:\n{}", steps.join("\n")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompt::{Script, Scripted::*};

    fn catalogue() -> &'static Catalogue {
        Catalogue::embedded().unwrap()
    }

    fn run_script(
        path: &Path,
        only: Vec<usize>,
        script: Vec<crate::prompt::Scripted>,
    ) -> (Exit, Script) {
        run_with(path, only, script, 80, None)
    }

    fn run_with(
        path: &Path,
        only: Vec<usize>,
        script: Vec<crate::prompt::Scripted>,
        width: usize,
        evidence: Option<Background>,
    ) -> (Exit, Script) {
        let mut p = Script::new(script);
        let exit = run(
            &mut p,
            catalogue(),
            Options {
                path,
                only,
                context: Context::fixed("tester", "2026-11-22T10:00:00Z"),
                width,
                evidence,
            },
        )
        .unwrap();
        (exit, p)
    }

    fn load(path: &Path) -> AnswersFile {
        answers::load(path, catalogue()).unwrap().file
    }

    /// Enter on every prompt of a practice: its checks, its status, its notes.
    fn enter_practice(n_checks: usize) -> Vec<crate::prompt::Scripted> {
        vec![Enter; n_checks + 2]
    }

    fn checks(i: usize) -> usize {
        catalogue().practices().nth(i).unwrap().choice.checks.len()
    }

    #[test]
    fn accepting_every_default_completes_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let mut script = vec![Type("checkout".into()), Enter, Enter, Enter];
        for i in 0..4 {
            script.extend(enter_practice(checks(i)));
        }
        script.push(Enter);
        let (exit, p) = run_script(&path, vec![], script);
        assert_eq!(exit, Exit::Ok);
        let file = load(&path);
        assert_eq!(file.workload.name, "checkout");
        assert!(
            file.practices
                .iter()
                .all(|(_, a)| a.status != Status::Unanswered)
        );
        assert_ne!(evaluate(catalogue(), &file).risk, Risk::Unanswered);
        assert!(p.shown.contains("Next steps"), "{}", p.shown);
    }

    /// With the shop fixture's evidence, each check shows what informs it, and a practice
    /// whose checks all hold is still suggested not established when the repository shows
    /// gaps; the team's answer is what is saved.
    #[test]
    fn evidence_shows_above_checks_and_gaps_shape_the_suggestion() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let shop = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evidence/shop");
        let rules = crate::evidence::Rules::embedded(catalogue()).unwrap();
        let background = Background::start(shop, rules, std::time::Duration::from_secs(30));
        let mut script = vec![Type("checkout".into()), Enter, Enter, Enter];
        script.extend(std::iter::repeat_n(Pick("Yes"), checks(0)));
        script.push(Enter); // the suggested status
        script.push(CtrlC);
        let (exit, p) = run_with(&path, vec![], script, 200, Some(background));
        assert_eq!(exit, Exit::Interrupted);
        assert!(
            p.shown.contains("for evidence in the background"),
            "{}",
            p.shown
        );
        assert!(
            p.shown
                .contains("evidence: 3 supports, 1 gap (support src/notify/index.ts:11"),
            "{}",
            p.shown
        );
        assert!(
            p.shown.contains("the repository shows 3 gaps (first: "),
            "{}",
            p.shown
        );
        let file = load(&path);
        let a = file
            .practices
            .get("rel_prevent_interaction_failure_identify")
            .unwrap();
        assert_eq!(a.status, Status::Unselected, "Enter took the suggestion");
        assert!(
            a.checks.values().all(|c| *c == CheckAnswer::Yes),
            "the team's answers stay"
        );
    }

    #[test]
    fn checks_suggest_the_status() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let mut script = vec![Type("checkout".into()), Enter, Enter, Enter];
        let n = checks(0);
        script.extend(std::iter::repeat_n(Pick("Yes"), n - 1));
        script.push(Pick("No"));
        script.push(Enter); // the suggested status
        script.push(Type("we lack one".into()));
        script.push(CtrlC);
        let (exit, p) = run_script(&path, vec![], script);
        assert_eq!(exit, Exit::Interrupted);
        let last = &catalogue().practices().next().unwrap().choice.checks[n - 1].id;
        let want = format!(
            "{} of {n} checks hold: REL04-BP01 looks not established; the missing one: {last}",
            n - 1
        );
        assert!(p.shown.contains(&want), "{}", p.shown);
        let file = load(&path);
        let a = file
            .practices
            .get("rel_prevent_interaction_failure_identify")
            .unwrap();
        assert_eq!(a.status, Status::Unselected, "Enter took the suggestion");
        assert_eq!(a.notes, "we lack one");
        assert_eq!(a.checks.len(), n);
    }

    #[test]
    fn esc_goes_back_and_ctrl_c_keeps_answers_then_resume() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let mut script = vec![Type("orders".into()), Enter, Enter, Enter];
        // BP01: first check yes; Esc at the second goes back to the first; answer no; stop.
        script.extend([Pick("Yes"), Esc, Pick("No"), CtrlC]);
        let (exit, p) = run_script(&path, vec![], script);
        assert_eq!(exit, Exit::Interrupted);
        assert!(p.shown.contains("Every answer given so far is saved"));
        let first = catalogue().practices().next().unwrap().choice.checks[0]
            .id
            .clone();
        let file = load(&path);
        let a = file
            .practices
            .get("rel_prevent_interaction_failure_identify")
            .unwrap();
        assert_eq!(
            a.checks.get(&first),
            Some(&CheckAnswer::No),
            "the answer after Esc replaced the first"
        );
        assert!(p.asked[5].starts_with("[2/"), "{:?}", p.asked);
        assert_eq!(
            p.asked[4], p.asked[6],
            "Esc at the second check asked the first one again"
        );

        // Resume: starts at BP01's second check, not at the beginning; Esc still goes back.
        let (exit, p) = run_script(&path, vec![], vec![Esc, CtrlC]);
        assert_eq!(exit, Exit::Interrupted);
        assert!(p.shown.contains("Resuming"));
        assert!(p.asked[0].starts_with("[2/"), "{:?}", p.asked);
        assert!(
            p.asked[1].starts_with("[1/"),
            "Esc after resuming: {:?}",
            p.asked
        );
    }

    #[test]
    fn none_of_these_skips_the_practices_and_finished_file_shows_menu() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let script = vec![
            Type("ledger".into()),
            Enter,
            Enter,
            Pick("Yes, but none"),
            Type("legacy batch system".into()),
        ];
        let (exit, _) = run_script(&path, vec![], script);
        assert_eq!(exit, Exit::Ok);
        let file = load(&path);
        assert!(file.question.none_of_these);
        assert_eq!(file.question.notes, "legacy batch system");
        assert_eq!(evaluate(catalogue(), &file).risk, Risk::High);

        // Finished: the menu; change BP03 to not applicable, then quit.
        let mut script = vec![Pick("Change REL04-BP03")];
        script.extend(std::iter::repeat_n(Enter, checks(2)));
        script.extend([
            Pick("Not applicable"),
            Pick("Business"),
            Enter,
            Pick("Quit"),
        ]);
        let (exit, p) = run_script(&path, vec![], script);
        assert_eq!(exit, Exit::Ok, "{:?}", p.asked);
        let file = load(&path);
        assert!(
            !file.question.none_of_these,
            "not applicable counts as established, so None of these is taken back"
        );
        let bp03 = file
            .practices
            .get("rel_prevent_interaction_failure_constant_work")
            .unwrap();
        assert_eq!(
            (bp03.status, bp03.reason),
            (Status::NotApplicable, Some(Reason::BusinessPriorities))
        );
    }

    #[test]
    fn only_goes_straight_to_one_practice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        run_script(
            &path,
            vec![],
            vec![Type("search".into()), Enter, Enter, CtrlC],
        );
        let mut script: Vec<_> = std::iter::repeat_n(Pick("Yes"), checks(3)).collect();
        script.extend([Enter, Enter]);
        let (exit, p) = run_script(&path, vec![3], script);
        assert_eq!(exit, Exit::Ok);
        assert!(p.shown.contains("REL04-BP04"), "{}", p.shown);
        assert!(p.shown.contains("looks established"));
        let file = load(&path);
        assert_eq!(
            file.practices
                .get("rel_prevent_interaction_failure_idempotent")
                .unwrap()
                .status,
            Status::Selected
        );
        assert_eq!(
            file.practices
                .get("rel_prevent_interaction_failure_identify")
                .unwrap()
                .status,
            Status::Unanswered
        );
    }

    #[test]
    fn enter_keeps_notes_exactly_as_stored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        run_script(
            &path,
            vec![],
            vec![Type("notes-kept".into()), Enter, Enter, CtrlC],
        );
        let mut file = load(&path);
        file.practices
            .entry("rel_prevent_interaction_failure_identify")
            .notes = "line one\nline two".into();
        answers::save(&path, &file).unwrap();
        let mut script = vec![Esc]; // nothing before the first step of --only: asked again
        script.extend(enter_practice(checks(0)));
        let (exit, p) = run_script(&path, vec![0], script);
        assert_eq!(exit, Exit::Ok, "{:?}", p.asked);
        assert!(p.shown.contains("nothing to go back to"));
        let a = load(&path)
            .practices
            .get("rel_prevent_interaction_failure_identify")
            .unwrap()
            .clone();
        assert_eq!(a.notes, "line one\nline two");
    }

    #[test]
    fn single_keys_answer_checks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let mut script = vec![Type("keys".into()), Enter, Enter, Enter];
        script.extend([Key('y'), Key('n'), Key('?'), CtrlC]);
        let (exit, _) = run_script(&path, vec![], script);
        assert_eq!(exit, Exit::Interrupted);
        let checks = &catalogue().practices().next().unwrap().choice.checks;
        let file = load(&path);
        let a = file
            .practices
            .get("rel_prevent_interaction_failure_identify")
            .unwrap();
        assert_eq!(a.checks.get(&checks[0].id), Some(&CheckAnswer::Yes));
        assert_eq!(a.checks.get(&checks[1].id), Some(&CheckAnswer::No));
        assert_eq!(a.checks.get(&checks[2].id), Some(&CheckAnswer::Unsure));
    }

    #[test]
    fn a_resumed_walk_shows_the_practice_before_its_next_check() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let script = vec![Type("resume".into()), Enter, Enter, Enter, Key('y'), CtrlC];
        run_script(&path, vec![], script);
        let (_, p) = run_script(&path, vec![], vec![CtrlC]);
        let header = p.shown.find("REL04-BP01  Identify").expect("the header");
        let resuming = p.shown.find("Resuming").expect("resuming");
        assert!(resuming < header, "{}", p.shown);
        assert!(p.asked[0].starts_with("[2/"), "{:?}", p.asked);
    }

    #[test]
    fn established_with_failing_checks_is_confirmed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let mut script = vec![Type("confirm".into()), Enter, Enter, Enter];
        script.extend(std::iter::repeat_n(Key('n'), checks(0)));
        script.extend([Pick("Established"), Pick("Mark it not established"), CtrlC]);
        let (_, p) = run_script(&path, vec![], script);
        assert!(p.shown.contains("own checks do not hold"), "{}", p.shown);
        assert!(
            p.asked.iter().any(|q| q.contains("keep it established?")),
            "{:?}",
            p.asked
        );
        let status = load(&path)
            .practices
            .get("rel_prevent_interaction_failure_identify")
            .unwrap()
            .status;
        assert_eq!(status, Status::Unselected);
    }

    #[test]
    fn enter_takes_the_suggested_workload_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        // The folder's name is the suggestion; this test's folder name is random but valid.
        let (exit, p) = run_script(&path, vec![], vec![Enter, Enter, Enter, CtrlC]);
        assert_eq!(exit, Exit::Interrupted, "{:?}", p.asked);
        let name = load(&path).workload.name;
        let folder = std::env::current_dir().unwrap();
        assert_eq!(name, folder.file_name().unwrap().to_string_lossy());
    }

    #[test]
    fn question_not_applicable_with_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let script = vec![
            Type("static-site".into()),
            Enter,
            Enter,
            Pick("No"),
            Esc,
            Pick("No"),
            Pick("Out of scope"),
            Enter,
        ];
        let (exit, _) = run_script(&path, vec![], script);
        assert_eq!(exit, Exit::Ok);
        let file = load(&path);
        assert!(!file.question.applicable);
        assert_eq!(file.question.reason, Some(Reason::OutOfScope));
        assert_eq!(evaluate(catalogue(), &file).risk, Risk::NotApplicable);
    }
}
