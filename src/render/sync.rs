//! What push, pull and diff print: reports in, lines out. Messages go to stderr, data (the
//! dry run's request, diff, the many-file summary) to stdout; the commands decide where.

use serde_json::json;

use super::layout::{self, Text, wrap};
use super::{inert, message};
use crate::answers::FileError;
use crate::catalogue::Catalogue;
use crate::sync::push::{Milestone, Outcome, PushReport, Refusal};
use crate::sync::{Comparison, Drift, FieldChange, PullOutcome, PullReport};
use crate::term::{Kind, Line};
use crate::vocab::{Reason, Risk};

/// A field's name for people: `REL04-BP01 status` rather than the key path.
pub fn label(catalogue: &Catalogue, field: &str) -> String {
    let mut parts = field.splitn(3, '.');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("practices"), Some(id), Some(name)) => {
            let bp = catalogue
                .practice(id)
                .map(|p| p.bp.to_string())
                .unwrap_or_else(|| id.to_string());
            format!("{bp} {name}")
        }
        (Some("question"), Some("noneOfThese"), None) => "None of these".to_string(),
        (Some("question"), Some(name), None) => format!("question {name}"),
        _ => field.to_string(),
    }
}

/// The changes as lines: the field, the console's value and the file's.
pub fn changes_text(catalogue: &Catalogue, changes: &[FieldChange], width: usize) -> String {
    let rows: Vec<(String, &FieldChange)> = changes
        .iter()
        .map(|c| (label(catalogue, &c.field), c))
        .collect();
    let column = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (label, c) in rows {
        let text = format!(
            "console: {}  file: {}",
            inert(&value_text(&c.field, &c.console), false),
            inert(&value_text(&c.field, &c.local), false)
        );
        let first = format!("  {label:<column$}  ");
        let indent = " ".repeat(first.chars().count());
        out.push_str(&wrap(&text, width, &first, &indent));
        out.push('\n');
    }
    out
}

/// A field's value for people: notes quoted, empty notes and no reason named as such.
fn value_text(field: &str, value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "(none)".to_string(),
        serde_json::Value::String(s) if s.is_empty() => "(empty)".to_string(),
        serde_json::Value::String(s) if field.ends_with("notes") => format!("{s:?}"),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The service's risk beside rel04's own, saying so when they differ.
pub fn risk_line(service: Option<Risk>, own: Risk) -> String {
    match service {
        Some(service) if service == own => {
            format!("Risk: {service} (the Well-Architected Tool and rel04 agree).")
        }
        Some(service) => format!(
            "Risk: the Well-Architected Tool rates REL 4 {service}; rel04 computes {own}. They differ: the service's rating is the authority (AWS does not publish its lens's rules)."
        ),
        None => format!(
            "Risk: rel04 computes {own}; the Well-Architected Tool reported no risk this rel04 knows."
        ),
    }
}

/// One file's push from the command's side: its report, and whether its file was saved.
pub struct Pushed<'a> {
    pub file: String,
    pub report: &'a PushReport,
    /// `Some` when the file was saved (or failed to be).
    pub saved: Option<&'a Result<(), FileError>>,
}

impl Pushed<'_> {
    /// The push did what was asked and its file was saved.
    pub fn succeeded(&self) -> bool {
        self.report.succeeded() && !matches!(self.saved, Some(Err(_)))
    }

    /// The errors it ends with, each one message.
    fn errors(&self) -> Vec<String> {
        let mut out: Vec<String> = push_error(self.report).into_iter().collect();
        if let Some(Err(e)) = self.saved {
            out.push(e.to_string());
        }
        out
    }
}

/// The story of one push, in order. `request_on_stdout`: the dry run's request is data (one
/// file); otherwise it is told with the rest (many files).
pub fn push_story(
    catalogue: &Catalogue,
    p: &Pushed<'_>,
    request_on_stdout: bool,
    width: usize,
) -> Vec<Line> {
    let r = p.report;
    let s = &r.steps;
    let mut log = Vec::new();
    let mut say = |line: String| log.push(Line::Say(wrap(&line, width, "", "")));
    if let Some(id) = &s.existing {
        say(format!(
            "Using the existing workload \"{}\" ({id}).",
            inert(&r.workload, false)
        ));
    }
    if !r.changes.is_empty() {
        say("Changes to write (console now, file):".to_string());
        log.push(Line::Say(
            changes_text(catalogue, &r.changes, width)
                .trim_end()
                .to_string(),
        ));
    }
    let mut say = |line: String| log.push(Line::Say(wrap(&line, width, "", "")));
    if let Some(name) = &s.renamed {
        let verb = if matches!(r.outcome, Outcome::DryRun(_)) {
            "would take"
        } else {
            "takes"
        };
        say(format!(
            "The workload is \"{}\" in the console; the file {verb} that name.",
            inert(name, false)
        ));
    }
    if let Some(id) = &s.lens_associated {
        say(format!(
            "Associated the {} lens with workload {id}.",
            s.lens_alias
        ));
    }
    let who = s
        .who
        .as_deref()
        .map(|w| format!(" ({})", inert(w, false)))
        .unwrap_or_default();
    if let Some((name, id)) = &s.created {
        say(format!(
            "Created the workload \"{}\" ({id}) in {}{who}.",
            inert(name, false),
            inert(&s.region, false)
        ));
    }
    match &r.outcome {
        Outcome::Refused(refusal) => say(refusal_text(*refusal, &p.file)),
        Outcome::DryRun(d) => {
            if d.associate_lens {
                say(format!(
                    "Would associate the {} lens with workload {}.",
                    s.lens_alias,
                    d.workload_id.as_deref().unwrap_or("")
                ));
            }
            if let Some(name) = &d.create_name {
                say(format!(
                    "Would create the workload \"{}\".",
                    inert(name, false)
                ));
            }
            match &d.request {
                None => say("Nothing to push: the console already matches the file.".to_string()),
                Some(request) if request_on_stdout => {
                    log.push(Line::Data(format!("{}\n", pretty(request)), Kind::Json))
                }
                Some(request) => {
                    say("Would send UpdateAnswer:".to_string());
                    log.push(Line::Say(pretty(request)));
                }
            }
            let mut say = |line: String| log.push(Line::Say(wrap(&line, width, "", "")));
            if let Some(name) = &d.milestone {
                say(format!(
                    "Would record the milestone \"{}\".",
                    inert(name, false)
                ));
            }
            say("Dry run: nothing was written.".to_string());
        }
        Outcome::Written {
            workload_id,
            milestone,
        }
        | Outcome::NothingToPush {
            workload_id,
            milestone,
        } => {
            if matches!(r.outcome, Outcome::Written { .. }) {
                say(format!(
                    "Pushed {} to workload {workload_id} in {}{who}.",
                    plural(r.changes.len(), "change"),
                    inert(&s.region, false)
                ));
            } else {
                say("Nothing to push: the console already matches the file.".to_string());
            }
            if let Some(Milestone {
                name,
                result: Ok(number),
                existed,
            }) = milestone
            {
                let name = inert(name, false);
                say(match (number, existed) {
                    (Some(n), true) => format!(
                        "Milestone {n} \"{name}\" already records these answers (a rerun): nothing to record."
                    ),
                    (None, true) => format!(
                        "The milestone \"{name}\" already records these answers (a rerun): nothing to record."
                    ),
                    (Some(n), false) => format!("Recorded milestone {n} \"{name}\"{who}."),
                    (None, false) => format!("Recorded the milestone \"{name}\"{who}."),
                });
            }
            say(risk_line(r.service_risk, r.local_risk));
        }
        Outcome::Failed(_) => {}
    }
    if let Some(Ok(())) = p.saved {
        log.push(Line::Say(wrap(
            &format!("Saved the sync state to {}.", inert(&p.file, false)),
            width,
            "",
            "",
        )));
    }
    for e in p.errors() {
        log.push(Line::Say(wrap(
            &format!("error: {}", message(&e)),
            width,
            "",
            "",
        )));
    }
    log
}

/// The error a failed push ends with, as one message (without the `error: ` prefix).
fn push_error(r: &PushReport) -> Option<String> {
    let error = r.failure()?;
    Some(match &r.outcome {
        Outcome::Failed(_) if r.steps.created.is_some() => format!(
            "the workload was created, but its answer was not written; run `rel04 push` again: {error}"
        ),
        Outcome::Failed(_) => error.to_string(),
        Outcome::NothingToPush { .. } => format!(
            "the console already held these answers (nothing to push), but recording the milestone failed: {error}"
        ),
        _ => format!("the answers were pushed, but recording the milestone failed: {error}"),
    })
}

fn refusal_text(refusal: Refusal, file: &str) -> String {
    let flag = crate::answers::file_flag(std::path::Path::new(file));
    match refusal {
        Refusal::Conflict => format!(
            "Conflict: both the file and the console changed since the last sync; the lines above show both sides. Nothing was written.\nRun `rel04 pull{flag}` to bring the console's changes into the file (the file's own changes stay), then `rel04 push{flag}`; or overwrite the console with `rel04 push --force{flag}`."
        ),
        Refusal::ConsoleChanged => format!(
            "The console changed since the last sync and the file did not; pushing would undo those changes. Nothing was written.\nBring them into the file with `rel04 pull{flag}`, or overwrite them with `rel04 push --force{flag}`."
        ),
        Refusal::OnlyNotApplicable => format!(
            "Every practice is marked not applicable. The Well-Architected Tool shows an answer with no selected choice as unanswered, so nothing was written.\nMark REL 4 itself not applicable with `rel04 answer question not-applicable --reason {}{flag}`, then push.",
            Reason::choices()
        ),
    }
}

/// Many files: the story of each one that did not succeed, then the summary table (stdout)
/// and the count (stderr).
pub fn push_many(catalogue: &Catalogue, pushed: &[Pushed<'_>], width: usize) -> Vec<Line> {
    let mut out = Vec::new();
    for p in pushed.iter().filter(|p| !p.succeeded()) {
        out.push(Line::Say(format!("--- {}", inert(&p.file, false))));
        out.extend(push_story(catalogue, p, false, width));
    }
    out.push(Line::Data(push_summary(pushed, width), Kind::Text));
    let failed = pushed.iter().filter(|p| !p.succeeded()).count();
    let n = pushed.len();
    out.push(Line::Say(match failed {
        0 => format!("All {n} workloads pushed."),
        f if f == n => {
            format!("All {n} workloads failed (details above); nothing else was pushed.")
        }
        f => format!("{f} of {n} workloads failed (details above); the others were pushed."),
    }));
    out
}

/// The summary table of a many-file push.
fn push_summary(pushed: &[Pushed<'_>], width: usize) -> String {
    let risk = |r: Option<Risk>| r.map_or("-".to_string(), |r| r.to_string());
    let rows: Vec<Vec<Text>> = pushed
        .iter()
        .map(|p| {
            let r = p.report;
            // A push that failed before it reached the workload shows only the failure.
            let reached = !matches!(r.outcome, Outcome::Failed(_)) || r.steps.created.is_some();
            let result = match p.errors().first() {
                Some(e) => format!("failed: {}", first_line(e)),
                None => result_text(r),
            };
            let or_dash = |text: String| Text::from(if reached { text } else { "-".into() });
            vec![
                Text::from(inert(&p.file, false)),
                or_dash(inert(&r.workload, false)),
                Text::from(result),
                or_dash(risk(r.service_risk)),
                or_dash(risk(Some(r.local_risk))),
            ]
        })
        .collect();
    layout::table(
        &["File", "Workload", "Result", "Service risk", "rel04 risk"],
        &rows,
        width,
        false,
    )
}

/// What a push did, in a few words.
fn result_text(r: &PushReport) -> String {
    let n = r.changes.len();
    let created = r.steps.created.is_some();
    match &r.outcome {
        Outcome::Written { .. } | Outcome::NothingToPush { .. } if created => {
            format!("created, {} written", plural(n, "change"))
        }
        Outcome::Written { .. } => format!("{} written", plural(n, "change")),
        Outcome::NothingToPush { .. } => "nothing to push".to_string(),
        Outcome::DryRun(d) if d.request.is_none() => "dry run: nothing to push".to_string(),
        Outcome::DryRun(_) => format!("dry run: {} to write", plural(n, "change")),
        Outcome::Refused(Refusal::OnlyNotApplicable) => {
            "refused: every practice is not applicable".to_string()
        }
        Outcome::Refused(_) => "refused: the console changed since the last sync".to_string(),
        Outcome::Failed(_) => "failed".to_string(),
    }
}

/// The first line of a message, cut at a word to about 100 characters.
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() <= 100 {
        return message(line);
    }
    let mut short = String::new();
    for word in line.split(' ') {
        if short.chars().count() + word.chars().count() > 100 {
            break;
        }
        if !short.is_empty() {
            short.push(' ');
        }
        short.push_str(word);
    }
    short.push_str(" …");
    message(&short)
}

/// How a pull ended (stderr): what came in, what was kept, the risk, the save. Conflicts are
/// an error instead (see [`pull_error`]).
pub fn pull_story(
    catalogue: &Catalogue,
    r: &PullReport,
    local_risk: Risk,
    saved: Option<&std::path::Path>,
    width: usize,
) -> Vec<Line> {
    let mut log = Vec::new();
    match &r.outcome {
        PullOutcome::Conflicts(_) => return Vec::new(),
        PullOutcome::UpToDate => log.push(
            "Already up to date: nothing changed in the console that the file does not have."
                .to_string(),
        ),
        PullOutcome::Pulled(changes) => log.push(format!(
            "Pulled {} from workload {} (console, file before):\n{}",
            plural(changes.len(), "change"),
            r.workload_id,
            changes_text(catalogue, changes, width)
        )),
    }
    if !r.kept.is_empty() {
        log.push(format!(
            "Kept {} of the file not pushed yet (console, file); `rel04 push` writes {}:\n{}",
            plural(r.kept.len(), "change"),
            if r.kept.len() == 1 { "it" } else { "them" },
            changes_text(catalogue, &r.kept, width)
        ));
    }
    log.push(wrap(&risk_line(r.service_risk, local_risk), width, "", ""));
    if let Some(path) = saved {
        log.push(format!(
            "Saved {}.",
            inert(&path.display().to_string(), false)
        ));
    }
    log.into_iter().map(Line::Say).collect()
}

/// The error of a pull refused for conflicts.
pub fn pull_error(catalogue: &Catalogue, r: &PullReport, width: usize) -> Option<String> {
    match &r.outcome {
        PullOutcome::Conflicts(conflicts) => Some(format!(
            "these answers changed both in the file and in the console since the last sync (console, file):\n{}Nothing was pulled. Keep the console's with `rel04 pull --force`, or the file's with `rel04 push --force`",
            changes_text(catalogue, conflicts, width)
        )),
        _ => None,
    }
}

/// Where a diff was taken.
pub struct DiffPlace<'a> {
    pub workload_id: &'a str,
    pub region: &'a str,
    pub service_risk: Option<Risk>,
}

/// `rel04 diff` as text: what push would write, and what pull would bring.
pub fn diff_text(
    catalogue: &Catalogue,
    place: &DiffPlace<'_>,
    c: &Comparison,
    width: usize,
) -> String {
    if c.agrees() {
        return "No differences: the console matches the file.\n".to_string();
    }
    let mut out = String::new();
    let mut say = |text: String| {
        out.push_str(&wrap(&text, width, "", ""));
        out.push('\n');
    };
    if c.blocked {
        say("Push would write nothing: every practice is marked not applicable, which the Well-Architected Tool shows as an unanswered question. Mark REL 4 itself not applicable (`rel04 answer question not-applicable --reason ...`).".to_string());
    } else if !c.plan.is_empty() {
        say(format!(
            "Push would write to workload {} in {} (console now, file):",
            place.workload_id,
            inert(place.region, false)
        ));
        out.push_str(&changes_text(catalogue, &c.plan.changes, width));
    } else {
        say("Push would write nothing.".to_string());
    }
    if !c.incoming.is_empty() {
        let mut say = |text: String| {
            out.push_str(&wrap(&text, width, "", ""));
            out.push('\n');
        };
        say(format!(
            "The console has {} the file does not (console, file); `rel04 pull` brings {}:",
            plural(c.incoming.len(), "change"),
            if c.incoming.len() == 1 { "it" } else { "them" }
        ));
        out.push_str(&changes_text(catalogue, &c.incoming, width));
    }
    if !c.plan.is_empty() {
        out.push_str(&wrap(drift_note(c.drift), width, "", ""));
        out.push('\n');
    }
    out
}

/// `rel04 diff --format json`: the changes as values; `request` is the UpdateAnswer body
/// push would send, in the service's own names.
pub fn diff_json(place: &DiffPlace<'_>, c: &Comparison) -> Result<String, serde_json::Error> {
    let value = json!({
        "workloadId": place.workload_id,
        "region": place.region,
        "drift": drift_name(c.drift),
        "serviceRisk": place.service_risk,
        "agrees": c.agrees(),
        "blocked": c.blocked,
        "changes": c.plan.changes,
        "incoming": c.incoming,
        "request": c.plan.to_request_json(),
    });
    Ok(format!("{}\n", serde_json::to_string_pretty(&value)?))
}

fn drift_name(drift: Drift) -> &'static str {
    match drift {
        Drift::InSync => "in-sync",
        Drift::LocalChanged => "file-changed",
        Drift::ConsoleChanged => "console-changed",
        Drift::Conflict => "conflict",
    }
}

fn drift_note(drift: Drift) -> &'static str {
    match drift {
        Drift::InSync | Drift::LocalChanged => {
            "The file changed since the last sync: `rel04 push` writes these."
        }
        Drift::ConsoleChanged => {
            "The console changed since the last sync: `rel04 pull` brings these into the file (push would refuse without --force)."
        }
        Drift::Conflict => {
            "Both the file and the console changed since the last sync, so push refuses: `rel04 pull` merges them (a field changed on both sides needs `rel04 pull --force`, which keeps the console's), then `rel04 push`."
        }
    }
}

/// "1 change", "3 changes".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A JSON value as the dry run prints it: pretty, as the request would be sent.
fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}
