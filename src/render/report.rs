//! `rel04 report`: one workload as a table, JSON or Markdown; several as a portfolio.

use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
use serde::Serialize;

use super::{inert, markdown};
use crate::answers::AnswersFile;
use crate::catalogue::Catalogue;
use crate::risk::{Assessment, Improvement, PracticeView};
use crate::vocab::{Reason, Risk, Status};

/// What a report shows of one answers file.
#[derive(Debug, Clone, Serialize)]
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

fn table(style: Style) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(u16::try_from(style.width).unwrap_or(u16::MAX));
    if !style.color {
        t.force_no_tty();
    } else {
        t.enforce_styling();
    }
    t
}

fn risk_cell(risk: Risk, style: Style) -> Cell {
    let cell = Cell::new(risk.as_str());
    if !style.color {
        return cell;
    }
    match risk {
        Risk::High => cell.fg(Color::Red),
        Risk::Medium | Risk::Unanswered => cell.fg(Color::Yellow),
        Risk::None => cell.fg(Color::Green),
        Risk::NotApplicable => cell,
    }
}

fn status_label(status: Status) -> &'static str {
    match status {
        Status::Unanswered => "not answered",
        Status::Selected => "established",
        Status::Unselected => "not established",
        Status::NotApplicable => "not applicable",
    }
}

/// One workload: the practices, the question's risk and the improvement plan.
pub fn table_one(r: &FileReport, style: Style) -> String {
    let mut t = table(style);
    t.set_header(["Practice", "Title", "Status", "Risk if missing", "Notes"]);
    for p in &r.practices {
        let mut status = status_label(p.status).to_string();
        if let Some(reason) = p.reason.filter(|_| p.status == Status::NotApplicable) {
            status = format!("{status} ({})", reason.as_str());
        }
        t.add_row([
            Cell::new(&p.id),
            Cell::new(&p.title),
            Cell::new(status),
            Cell::new(p.risk_if_not_established.as_str()),
            Cell::new(inert(&p.notes, true)),
        ]);
    }
    let mut out = format!(
        "REL 4 review of {} ({}), {}\n",
        inert(&r.workload, false),
        r.environment,
        r.file
    );
    out.push_str(&t.to_string());
    out.push('\n');
    out.push_str(&summary_lines(r, style.width));
    out
}

/// The lines under the table: the risk, what drives it, the plan.
fn summary_lines(r: &FileReport, width: usize) -> String {
    let mut out = format!("Question risk: {}", r.risk);
    match r.risk {
        Risk::NotApplicable => {
            let reason = r
                .not_applicable_reason
                .map_or("no reason given", |x| x.as_str());
            out.push_str(&format!(" ({reason})"));
        }
        _ if !r.drivers.is_empty() => {
            out.push_str(&format!(" (driven by {})", r.drivers.join(", ")))
        }
        _ => {}
    }
    out.push('\n');
    if let Some(service) = r.service_risk {
        let agree = if service == r.risk {
            "agrees"
        } else {
            "differs from rel04's model; the service is the authority"
        };
        out.push_str(&format!(
            "Well-Architected Tool risk at last sync: {service} ({agree})\n"
        ));
    }
    if !r.improvements.is_empty() {
        out.push_str("\nImprovement plan:\n");
        for i in &r.improvements {
            out.push_str(&format!(
                "- {} {} (risk if missing: {})\n",
                i.id,
                i.title,
                i.risk_if_not_established.as_str()
            ));
            let wrapped = textwrap::fill(
                &i.plan,
                textwrap::Options::new(width)
                    .initial_indent("  ")
                    .subsequent_indent("  "),
            );
            out.push_str(&wrapped);
            out.push('\n');
            if let Some(url) = &i.url {
                out.push_str(&format!("  {url}\n"));
            }
        }
    }
    out
}

/// Several workloads: one row each.
pub fn table_portfolio(reports: &[FileReport], style: Style) -> String {
    let mut t = table(style);
    let mut header = vec![
        "Workload".to_string(),
        "Env".to_string(),
        "Risk".to_string(),
    ];
    if let Some(first) = reports.first() {
        header.extend(
            first
                .practices
                .iter()
                .map(|p| p.id.trim_start_matches("REL04-").to_string()),
        );
    }
    header.push("File".to_string());
    t.set_header(header);
    for r in reports {
        let mut row = vec![
            Cell::new(inert(&r.workload, false)),
            Cell::new(&r.environment),
            risk_cell(r.risk, style),
        ];
        row.extend(
            r.practices
                .iter()
                .map(|p| Cell::new(short_status(p.status))),
        );
        row.push(Cell::new(&r.file));
        t.add_row(row);
    }
    let mut out = t.to_string();
    out.push('\n');
    let high = reports.iter().filter(|r| r.risk == Risk::High).count();
    out.push_str(&format!("{} workloads, {high} at HIGH risk. Legend: yes established, no not established, n/a not applicable, - not answered\n", reports.len()));
    out
}

fn short_status(status: Status) -> &'static str {
    match status {
        Status::Unanswered => "-",
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
        out.push_str(&format!(" (driven by {})", r.drivers.join(", ")));
    }
    out.push_str(
        "\n\n| Practice | Title | Status | Risk if missing | Notes |\n|---|---|---|---|---|\n",
    );
    for p in &r.practices {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            p.id,
            markdown(&p.title),
            status_label(p.status),
            p.risk_if_not_established.as_str(),
            markdown(&p.notes)
        ));
    }
    if !r.improvements.is_empty() {
        out.push_str("\n### Improvement plan\n\n");
        for i in &r.improvements {
            out.push_str(&format!(
                "- **{} {}**: {}",
                i.id,
                markdown(&i.title),
                markdown(&i.plan)
            ));
            if let Some(url) = &i.url {
                out.push_str(&format!(" <{url}>"));
            }
            out.push('\n');
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
        "| Workload | Env | Risk | {} | File |\n|---|---|---|{}---|\n",
        practices.join(" | "),
        "---|".repeat(practices.len())
    );
    for r in reports {
        let statuses: Vec<&str> = r.practices.iter().map(|p| short_status(p.status)).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            markdown(&r.workload),
            r.environment,
            r.risk,
            statuses.join(" | "),
            markdown(&r.file)
        ));
    }
    out
}
