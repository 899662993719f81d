//! What push, pull and diff print: reports in, lines out. Messages go to stderr, data (the
//! dry run's request, diff, the many-file summary) to stdout; the commands decide where.

use comfy_table::{Table, presets};
use serde_json::json;

use super::{inert, message};
use crate::catalogue::Catalogue;
use crate::push::{Outcome, PushReport};
use crate::sync::{Comparison, Drift, FieldChange, PullOutcome, PullReport};
use crate::vocab::Risk;

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
pub fn changes_text(catalogue: &Catalogue, changes: &[FieldChange]) -> String {
    let rows: Vec<(String, &FieldChange)> = changes
        .iter()
        .map(|c| (label(catalogue, &c.field), c))
        .collect();
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (label, c) in rows {
        out.push_str(&format!(
            "  {label:<width$}  console: {}  file: {}\n",
            inert(&c.console, false),
            inert(&c.local, false)
        ));
    }
    out
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

/// How one push ended, as the lines a person reads (stderr). With `request_on_stdout`, a dry
/// run's request is left out here: the command prints it on stdout.
pub fn push_log(catalogue: &Catalogue, r: &PushReport, request_on_stdout: bool) -> Vec<String> {
    let mut log = Vec::new();
    if let Some(id) = &r.existing {
        log.push(format!(
            "Using the existing workload \"{}\" ({id}).",
            inert(&r.workload, false)
        ));
    }
    if !r.changes.is_empty() {
        log.push(format!(
            "Changes to write (console now, file):\n{}",
            changes_text(catalogue, &r.changes)
        ));
    }
    match &r.outcome {
        Outcome::Refused(drift) => log.push(refusal(*drift).to_string()),
        Outcome::DryRun(d) => {
            if d.associate_lens {
                log.push(format!(
                    "Would associate the {} lens with workload {}.",
                    d.lens_alias,
                    d.workload_id.as_deref().unwrap_or("")
                ));
            }
            if let Some(name) = &d.create_name {
                log.push(format!(
                    "Would create the workload \"{}\".",
                    inert(name, false)
                ));
            }
            match &d.request {
                None => {
                    log.push("Nothing to push: the console already matches the file.".to_string())
                }
                Some(request) if !request_on_stdout => {
                    log.push(format!("Would send UpdateAnswer:\n{}", pretty(request)))
                }
                Some(_) => {}
            }
            if let Some(name) = &d.milestone {
                log.push(format!(
                    "Would record the milestone \"{}\".",
                    inert(name, false)
                ));
            }
            log.push("Dry run: nothing was written.".to_string());
        }
        Outcome::Written(s) | Outcome::NothingToPush(s) => {
            if s.lens_associated {
                log.push(format!(
                    "Associated the {} lens with workload {}.",
                    s.lens_alias, s.workload_id
                ));
            }
            if let Some(name) = &s.created {
                log.push(format!(
                    "Created the workload \"{}\" ({}) in {}.",
                    inert(name, false),
                    s.workload_id,
                    s.region
                ));
            }
            if matches!(r.outcome, Outcome::Written(_)) {
                log.push(format!(
                    "Pushed {} change(s) to workload {} in {}.",
                    r.changes.len(),
                    s.workload_id,
                    s.region
                ));
            } else {
                log.push("Nothing to push: the console already matches the file.".to_string());
            }
            if let Some(Ok(number)) = s.milestone.as_ref().map(|m| &m.result) {
                let name = s.milestone.as_ref().map_or("", |m| m.name.as_str());
                log.push(match number {
                    Some(n) => format!("Recorded milestone {n} \"{}\".", inert(name, false)),
                    None => format!("Recorded the milestone \"{}\".", inert(name, false)),
                });
            }
            log.push(risk_line(r.service_risk, r.local_risk));
        }
        Outcome::Failed { .. } => {}
    }
    log
}

/// The dry run's UpdateAnswer request, for stdout; `None` when there is none.
pub fn dry_run_request(r: &PushReport) -> Option<String> {
    match &r.outcome {
        Outcome::DryRun(d) => d.request.as_ref().map(|v| format!("{}\n", pretty(v))),
        _ => None,
    }
}

/// The error a failed push ends with, as one message (without the `error: ` prefix).
pub fn push_error(r: &PushReport) -> Option<String> {
    let error = r.failure()?;
    Some(match &r.outcome {
        Outcome::Failed {
            created: Some(_), ..
        } => format!(
            "the workload was created, but its answer was not written; run `rel04 push` again: {error}"
        ),
        Outcome::Failed { .. } => error.to_string(),
        _ => format!("the answers were pushed, but recording the milestone failed: {error}"),
    })
}

fn refusal(drift: Drift) -> &'static str {
    match drift {
        Drift::Conflict => {
            "Conflict: both the file and the console changed since the last sync; the lines above show both sides. Nothing was written.\nRun `rel04 pull` to bring the console's changes into the file (the file's own changes stay), then `rel04 push`; or overwrite the console with `rel04 push --force`."
        }
        _ => {
            "The console changed since the last sync and the file did not; pushing would undo those changes. Nothing was written.\nBring them into the file with `rel04 pull`, or overwrite them with `rel04 push --force`."
        }
    }
}

/// One row of the many-file summary: the file and its push.
pub struct Row<'a> {
    pub file: String,
    pub report: &'a PushReport,
}

/// The summary table of a many-file push (stdout).
pub fn push_summary(rows: &[Row<'_>]) -> String {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .force_no_tty();
    table.set_header(["File", "Workload", "Result", "Service risk", "rel04 risk"]);
    let risk = |r: Option<Risk>| r.map_or("-".to_string(), |r| r.to_string());
    for Row { file, report: r } in rows {
        // A push that failed before it reached the workload shows only the failure.
        let reached = !matches!(r.outcome, Outcome::Failed { created: None, .. });
        let result = match push_error(r) {
            Some(e) => format!("failed: {}", first_line(&e)),
            None => result_text(r),
        };
        table.add_row([
            file.clone(),
            if reached {
                inert(&r.workload, false)
            } else {
                "-".into()
            },
            result,
            if reached {
                risk(r.service_risk)
            } else {
                "-".into()
            },
            if reached {
                risk(Some(r.local_risk))
            } else {
                "-".into()
            },
        ]);
    }
    format!("{table}\n")
}

/// What a push did, in a few words.
fn result_text(r: &PushReport) -> String {
    let n = r.changes.len();
    match &r.outcome {
        Outcome::Written(s) | Outcome::NothingToPush(s) if s.created.is_some() => {
            format!("created, {n} change(s) written")
        }
        Outcome::Written(_) => format!("{n} change(s) written"),
        Outcome::NothingToPush(_) => "nothing to push".to_string(),
        Outcome::DryRun(d) if d.request.is_none() => "dry run: nothing to push".to_string(),
        Outcome::DryRun(_) => format!("dry run: {n} change(s) to write"),
        Outcome::Refused(_) => "refused: the console changed since the last sync".to_string(),
        Outcome::Failed { .. } => "failed".to_string(),
    }
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let mut short: String = line.chars().take(100).collect();
    if line.chars().count() > 100 {
        short.push('…');
    }
    message(&short)
}

/// How a pull ended (stderr). `None` for conflicts, which are an error (see [`pull_error`]).
pub fn pull_log(catalogue: &Catalogue, r: &PullReport, local_risk: Risk) -> Vec<String> {
    let mut log = Vec::new();
    match &r.outcome {
        PullOutcome::Conflicts(_) => return log,
        PullOutcome::UpToDate => log.push(
            "Already up to date: nothing changed in the console that the file does not have."
                .to_string(),
        ),
        PullOutcome::Pulled(changes) => log.push(format!(
            "Pulled {} change(s) from workload {} (console, file before):\n{}",
            changes.len(),
            r.workload_id,
            changes_text(catalogue, changes)
        )),
    }
    if !r.kept.is_empty() {
        log.push(format!(
            "Kept {} change(s) of the file not pushed yet (console, file); `rel04 push` writes them:\n{}",
            r.kept.len(),
            changes_text(catalogue, &r.kept)
        ));
    }
    log.push(risk_line(r.service_risk, local_risk));
    log
}

/// The error of a pull refused for conflicts.
pub fn pull_error(catalogue: &Catalogue, r: &PullReport) -> Option<String> {
    match &r.outcome {
        PullOutcome::Conflicts(conflicts) => Some(format!(
            "these answers changed both in the file and in the console since the last sync (console, file):\n{}Nothing was pulled. Keep the console's with `rel04 pull --force`, or the file's with `rel04 push --force`",
            changes_text(catalogue, conflicts)
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

/// `rel04 diff` as text.
pub fn diff_text(catalogue: &Catalogue, place: &DiffPlace<'_>, c: &Comparison) -> String {
    if c.plan.is_empty() {
        return "No differences: the console matches the file.\n".to_string();
    }
    format!(
        "Push would write to workload {} in {} (console now, file):\n{}{}\n",
        place.workload_id,
        place.region,
        changes_text(catalogue, &c.plan.changes),
        drift_note(c.drift)
    )
}

/// `rel04 diff --format json`.
pub fn diff_json(place: &DiffPlace<'_>, c: &Comparison) -> Result<String, serde_json::Error> {
    let value = json!({
        "workloadId": place.workload_id,
        "region": place.region,
        "drift": drift_name(c.drift),
        "serviceRisk": place.service_risk,
        "changes": c.plan.changes,
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
            "Both the file and the console changed since the last sync: push refuses without --force; `rel04 pull --force` keeps the console's answers."
        }
    }
}

/// A JSON value as the dry run prints it: pretty, as the request would be sent.
fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}
