//! `rel04 report`: one workload as a table, JSON or Markdown; several as a portfolio.

use comfy_table::Color;
use serde::Serialize;

use super::layout::{self, Text, wrap};
use super::{inert, markdown};
use crate::answers::AnswersFile;
use crate::catalogue::{Catalogue, NONE_CHOICE_ID};
use crate::risk::{Assessment, Improvement, PracticeView};
use crate::vocab::{Reason, Risk, Status};

/// What a report shows of one answers file.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileReport {
    pub file: String,
    pub workload: String,
    pub environment: String,
    pub risk: Risk,
    /// The risk the Well-Architected Tool reported at the last sync, if any.
    pub service_risk: Option<Risk>,
    pub drivers: Vec<String>,
    pub practices: Vec<PracticeView>,
    pub improvements: Vec<Improvement>,
    pub question_notes: String,
    pub not_applicable_reason: Option<Reason>,
}

impl FileReport {
    pub fn new(file: String, answers: &AnswersFile, assessment: Assessment) -> FileReport {
        FileReport {
            file,
            workload: answers.workload.name.clone(),
            environment: answers.workload.environment.as_str().to_string(),
            risk: assessment.risk,
            service_risk: answers.sync.as_ref().and_then(|s| s.service_risk),
            drivers: assessment.drivers,
            practices: assessment.practices,
            improvements: assessment.improvements,
            question_notes: answers.question.notes.clone(),
            not_applicable_reason: (!answers.question.applicable)
                .then_some(answers.question.reason)
                .flatten(),
        }
    }
}

/// Table styling: colour only on a terminal that wants it.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// The width to fit: tables and wrapped text stay within it.
    pub width: usize,
}

fn risk_text(risk: Risk) -> Text {
    let color = match risk {
        Risk::High => Some(Color::Red),
        Risk::Medium | Risk::Unanswered => Some(Color::Yellow),
        Risk::None => Some(Color::Green),
        Risk::NotApplicable => None,
    };
    Text {
        text: risk.as_str().to_string(),
        color,
    }
}

/// A practice's status in words; an established practice whose checks say otherwise is
/// marked.
fn status_label(p: &PracticeView) -> String {
    let mut label = match p.status {
        Status::Unanswered => "not answered",
        Status::Selected => "established",
        Status::Unselected => "not established",
        Status::NotApplicable => "not applicable",
    }
    .to_string();
    if let Some(reason) = p.reason.filter(|_| p.status == Status::NotApplicable) {
        label = format!("{label} ({})", reason.as_str());
    }
    if p.contradicted {
        label.push_str(", but checks disagree");
    }
    label
}

/// `4 of 6 hold`, or `-` when no check is answered.
fn checks_label(p: &PracticeView) -> String {
    let answered = p.checks.iter().filter(|c| c.answer.is_some()).count();
    if answered == 0 {
        return "-".to_string();
    }
    let (holds, total) = p.checks_holding();
    format!("{holds} of {total} hold")
}

/// What drives the risk, for people: BP numbers, and "None of these" by its name.
pub fn drivers_text(r: &FileReport) -> String {
    r.drivers
        .iter()
        .map(|d| {
            if d == NONE_CHOICE_ID {
                return "None of these".to_string();
            }
            r.practices
                .iter()
                .find(|p| p.choice_id == *d)
                .map_or_else(|| d.clone(), |p| p.id.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One workload: the practices, their notes and checks, the question's risk and the plan.
pub fn table_one(r: &FileReport, style: Style) -> String {
    let width = style.width;
    let mut out = wrap(
        &format!(
            "REL 4 review of {} ({}), {}",
            inert(&r.workload, false),
            r.environment,
            inert(&r.file, false)
        ),
        width,
        "",
        "  ",
    );
    out.push('\n');
    let rows: Vec<Vec<Text>> = r
        .practices
        .iter()
        .map(|p| {
            vec![
                Text::from(p.id.as_str()),
                Text::from(p.title.as_str()),
                Text::from(status_label(p)),
                Text::from(p.risk_if_not_established.as_str()),
                Text::from(checks_label(p)),
            ]
        })
        .collect();
    out.push_str(&layout::table(
        &["Practice", "Title", "Status", "Risk if missing", "Checks"],
        &rows,
        width,
        style.color,
    ));
    out.push_str(&details(r, width));
    out
}

/// The lines under the table: notes, checks that do not hold, the risk, the plan.
fn details(r: &FileReport, width: usize) -> String {
    let mut out = String::new();
    let noted: Vec<&PracticeView> = r.practices.iter().filter(|p| !p.notes.is_empty()).collect();
    if !noted.is_empty() {
        out.push_str("\nNotes:\n");
        for p in noted {
            out.push_str(&wrap(
                &inert(&p.notes, true),
                width,
                &format!("  {}  ", p.id),
                &" ".repeat(p.id.len() + 4),
            ));
            out.push('\n');
        }
    }
    let failing: Vec<&PracticeView> = r
        .practices
        .iter()
        .filter(|p| p.failing_checks().next().is_some())
        .collect();
    if !failing.is_empty() {
        out.push_str("\nChecks that do not hold:\n");
        for p in failing {
            out.push_str(&wrap(
                &p.failing_text(),
                width,
                &format!("  {}  ", p.id),
                &" ".repeat(p.id.len() + 4),
            ));
            out.push('\n');
        }
    }
    if !r.question_notes.is_empty() {
        out.push_str("\nNotes on REL 4:\n");
        out.push_str(&wrap(&inert(&r.question_notes, true), width, "  ", "  "));
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&wrap(&risk_sentence(r), width, "", "  "));
    out.push('\n');
    if let Some(service) = r.service_risk {
        let agree = if service == r.risk {
            "agrees"
        } else {
            "differs from rel04's model; the service is the authority"
        };
        out.push_str(&wrap(
            &format!("Well-Architected Tool risk at last sync: {service} ({agree})"),
            width,
            "",
            "  ",
        ));
        out.push('\n');
    }
    if !r.improvements.is_empty() {
        out.push_str("\nImprovement plan (worst risk first):\n");
        for i in &r.improvements {
            out.push_str(&wrap(
                &format!(
                    "{} {} (risk if missing: {})",
                    i.id,
                    i.title,
                    i.risk_if_not_established.as_str()
                ),
                width,
                "- ",
                "  ",
            ));
            out.push('\n');
            for step in &i.steps {
                let text = match &step.check {
                    Some(check) => format!("{check}: {}", step.text),
                    None => step.text.clone(),
                };
                out.push_str(&wrap(&text, width, "  - ", "    "));
                out.push('\n');
            }
            if let Some(url) = &i.url {
                out.push_str(&wrap(url, width, "  ", "  "));
                out.push('\n');
            }
        }
    }
    out
}

/// "Question risk: HIGH (driven by REL04-BP01)".
fn risk_sentence(r: &FileReport) -> String {
    let mut out = format!("Question risk: {}", r.risk);
    match r.risk {
        Risk::NotApplicable => {
            let reason = r
                .not_applicable_reason
                .map_or("no reason given", |x| x.as_str());
            out.push_str(&format!(" ({reason})"));
        }
        _ if !r.drivers.is_empty() => out.push_str(&format!(" (driven by {})", drivers_text(r))),
        _ => {}
    }
    out
}

/// A file of a portfolio that could not be read, with why.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Unread {
    pub file: String,
    pub error: String,
}

/// The files a portfolio could not read, under its table.
pub fn unread_text(unread: &[Unread]) -> String {
    if unread.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{} could not be read:\n", plural_files(unread.len()));
    for u in unread {
        out.push_str(&format!(
            "  {}: {}\n",
            inert(&u.file, false),
            inert(&u.error, false)
        ));
    }
    out
}

/// The files a portfolio could not read, as a Markdown section.
pub fn unread_markdown(unread: &[Unread]) -> String {
    if unread.is_empty() {
        return String::new();
    }
    let mut out = format!("\n### {} could not be read\n\n", plural_files(unread.len()));
    for u in unread {
        out.push_str(&format!(
            "- {}: {}\n",
            markdown(&u.file),
            markdown(&u.error)
        ));
    }
    out
}

fn plural_files(n: usize) -> String {
    if n == 1 {
        "1 file".to_string()
    } else {
        format!("{n} files")
    }
}

/// Several workloads: one row each, worst first as given.
pub fn table_portfolio(reports: &[FileReport], style: Style) -> String {
    let mut headers = vec!["Workload", "Env", "Risk", "Service risk"];
    let practices: Vec<String> = reports
        .first()
        .map(|r| {
            r.practices
                .iter()
                .map(|p| p.id.trim_start_matches("REL04-").to_string())
                .collect()
        })
        .unwrap_or_default();
    headers.extend(practices.iter().map(String::as_str));
    headers.push("File");
    let rows: Vec<Vec<Text>> = reports
        .iter()
        .map(|r| {
            let mut row = vec![
                Text::from(inert(&r.workload, false)),
                Text::from(r.environment.as_str()),
                risk_text(r.risk),
                r.service_risk.map_or_else(|| Text::from("-"), risk_text),
            ];
            row.extend(r.practices.iter().map(|p| Text::from(short_status(p))));
            row.push(Text::from(inert(&r.file, false)));
            row
        })
        .collect();
    let mut out = layout::table(&headers, &rows, style.width, style.color);
    let high = reports.iter().filter(|r| r.risk == Risk::High).count();
    out.push_str(&wrap(
        &format!(
            "{} workloads, {high} at HIGH risk. Legend: yes established, no not established, n/a not applicable, - not answered, ! established but its checks disagree",
            reports.len()
        ),
        style.width,
        "",
        "",
    ));
    out.push('\n');
    out
}

fn short_status(p: &PracticeView) -> &'static str {
    match p.status {
        Status::Unanswered => "-",
        Status::Selected if p.contradicted => "yes!",
        Status::Selected => "yes",
        Status::Unselected => "no",
        Status::NotApplicable => "n/a",
    }
}

pub fn markdown_one(r: &FileReport) -> String {
    let mut out = format!(
        "## REL 4 review: {} ({})\n\n",
        markdown(&r.workload),
        r.environment
    );
    out.push_str(&format!("**Question risk: {}**", r.risk));
    if !r.drivers.is_empty() {
        out.push_str(&format!(" (driven by {})", drivers_text(r)));
    }
    if let Some(service) = r.service_risk {
        out.push_str(&format!("; Well-Architected Tool at last sync: {service}"));
    }
    out.push_str(
        "\n\n| Practice | Title | Status | Risk if missing | Checks | Notes |\n|---|---|---|---|---|---|\n",
    );
    for p in &r.practices {
        let mut checks = checks_label(p);
        let failing = p.failing_text();
        if !failing.is_empty() {
            checks = format!("{checks}; not: {failing}");
        }
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            p.id,
            markdown(&p.title),
            status_label(p),
            p.risk_if_not_established.as_str(),
            markdown(&checks),
            markdown(&p.notes)
        ));
    }
    if !r.improvements.is_empty() {
        out.push_str("\n### Improvement plan (worst risk first)\n\n");
        for i in &r.improvements {
            out.push_str(&format!(
                "- **{} {}** (risk if missing: {})",
                i.id,
                markdown(&i.title),
                i.risk_if_not_established.as_str()
            ));
            if let Some(url) = &i.url {
                out.push_str(&format!(" <{url}>"));
            }
            out.push('\n');
            for step in &i.steps {
                match &step.check {
                    Some(check) => {
                        out.push_str(&format!("  - `{check}`: {}\n", markdown(&step.text)))
                    }
                    None => out.push_str(&format!("  - {}\n", markdown(&step.text))),
                }
            }
        }
    }
    if !r.question_notes.is_empty() {
        out.push_str(&format!("\n### Notes\n\n{}\n", markdown(&r.question_notes)));
    }
    out
}

pub fn markdown_portfolio(reports: &[FileReport], catalogue: &Catalogue) -> String {
    let practices: Vec<&str> = catalogue
        .practices()
        .map(|p| p.bp.trim_start_matches("REL04-"))
        .collect();
    let mut out = format!(
        "| Workload | Env | Risk | Service risk | {} | File |\n|---|---|---|---|{}---|\n",
        practices.join(" | "),
        "---|".repeat(practices.len())
    );
    for r in reports {
        let statuses: Vec<&str> = r.practices.iter().map(short_status).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            markdown(&r.workload),
            r.environment,
            r.risk,
            r.service_risk.map_or("-".to_string(), |s| s.to_string()),
            statuses.join(" | "),
            markdown(&r.file)
        ));
    }
    out
}
