//! `rel04 report`: one workload in detail, or a portfolio of several; as a table, JSON,
//! Markdown or a self-contained HTML page.

use std::time::SystemTime;

use anyhow::Result;

use super::files;
use crate::Exit;
use crate::answers::{self, AnswersFile};
use crate::catalogue::Catalogue;
use crate::cli::{ReportArgs, ReportFormat};
use crate::history;
use crate::render::evidence as render_evidence;
use crate::render::html::{self, Page};
use crate::render::report::{self, FileReport, Style, Unread};
use crate::risk::evaluate;
use crate::term::{self, Kind, Term};

pub fn run(args: &ReportArgs, catalogue: &Catalogue, term: &Term) -> Result<Exit> {
    let paths = files::answers_files(&args.files.all())?;
    let now = SystemTime::now();
    let mut reports = Vec::with_capacity(paths.len());
    let mut ages = Vec::with_capacity(paths.len());
    // Several files: one that cannot be read is reported in its place and the others are
    // rendered (the run still exits 2); one file: its error is the run's.
    let mut unread: Vec<Unread> = Vec::new();
    let mut read_paths = Vec::with_capacity(paths.len());
    for path in &paths {
        let loaded = match answers::load(path, catalogue) {
            Ok(loaded) => loaded,
            Err(e) if paths.len() > 1 => {
                unread.push(Unread {
                    file: path.display().to_string(),
                    error: e.to_string(),
                });
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        read_paths.push(path.clone());
        let assessment = evaluate(catalogue, &loaded.file);
        ages.push(oldest_answer_days(&loaded.file, now));
        reports.push(FileReport::new(
            path.display().to_string(),
            &loaded.file,
            assessment,
        ));
    }
    let style = Style {
        color: term.color_stdout(),
        width: term.width,
    };
    let kind = match args.format {
        ReportFormat::Table => Kind::Text,
        ReportFormat::Json => Kind::Json,
        ReportFormat::Markdown => Kind::Markdown,
        ReportFormat::Html => Kind::Xml,
    };
    let evidence = match &args.evidence {
        Some(_) if args.format == ReportFormat::Html => anyhow::bail!(
            "--evidence adds to the table, Markdown and JSON reports; for HTML, run `rel04 evidence` beside it"
        ),
        Some(root) => Some(super::evidence::scan(
            std::slice::from_ref(root),
            catalogue,
            "--evidence ",
        )?),
        None => None,
    };
    let single = paths.len() == 1;
    let mut text = match (args.format, reports.as_slice()) {
        (ReportFormat::Table, [one]) if single => report::table_one(one, style),
        (ReportFormat::Table, many) => {
            let mut text = report::table_portfolio(many, style);
            text.push_str(&report::unread_text(&unread));
            text
        }
        (ReportFormat::Markdown, [one]) if single => report::markdown_one(one),
        (ReportFormat::Markdown, many) => {
            let mut text = report::markdown_portfolio(many, catalogue);
            text.push_str(&report::unread_markdown(&unread));
            text
        }
        (ReportFormat::Json, [one]) if single => match &evidence {
            Some((rules, found)) => {
                let mut value = serde_json::to_value(one)?;
                value["evidence"] = render_evidence::counts_json(rules, found);
                json(&value)?
            }
            None => json(one)?,
        },
        (ReportFormat::Json, many) => {
            let mut value = serde_json::json!({ "workloads": many, "unread": unread });
            if let Some((rules, found)) = &evidence {
                value["evidence"] = render_evidence::counts_json(rules, found);
            }
            json(&value)?
        }
        (ReportFormat::Html, _) => {
            // One file: its history follows renames; many: one git log for them all.
            // Outside a repository (or without git) a page simply has no history.
            let histories = match read_paths.as_slice() {
                [one] => vec![history::of_file(one, catalogue).ok()],
                many => history::of_files(many, catalogue),
            };
            let pages: Vec<Page<'_>> = reports
                .iter()
                .zip(histories)
                .zip(&ages)
                .map(|((report, history), age)| Page {
                    report,
                    age_days: *age,
                    history,
                })
                .collect();
            html::page(&pages, &unread, catalogue, &crate::context::rfc3339(now))
        }
    };
    if let Some((rules, found)) = &evidence {
        match args.format {
            ReportFormat::Table => {
                text.push_str(&render_evidence::counts_text(catalogue, rules, found))
            }
            ReportFormat::Markdown => {
                text.push_str(&render_evidence::counts_markdown(catalogue, rules, found))
            }
            ReportFormat::Json | ReportFormat::Html => {}
        }
    }
    match &args.out {
        Some(out) => {
            refuse_answers_file(out, &paths)?;
            let text = term::defuse(&text, kind);
            answers::file::write_output(out, text.as_bytes())?;
            term::say(&format!(
                "Wrote {}.",
                crate::render::inert(&out.display().to_string(), false)
            ));
        }
        None => term::print(&text, kind)?,
    }
    if let Some(first) = unread.first() {
        term::say(&format!(
            "error: {} of {} files could not be read (the report shows the others), first {}: {}",
            unread.len(),
            paths.len(),
            first.file,
            first.error
        ));
        return Ok(Exit::Error);
    }
    Ok(Exit::Ok)
}

/// `--out` never names an answers file: not one of the files read, nor a file named as answers
/// files are, nor one that holds an answers file.
fn refuse_answers_file(out: &std::path::Path, read: &[std::path::PathBuf]) -> Result<()> {
    let same = |a: &std::path::Path| {
        std::fs::canonicalize(a).ok() == std::fs::canonicalize(out).ok() && out.exists()
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let looks = super::files::is_answers_name(&name);
    // Opened only when it is a regular file: a pipe would block the open.
    let regular = std::fs::symlink_metadata(out).is_ok_and(|m| m.is_file());
    let holds = regular
        && std::fs::read_to_string(out)
            .is_ok_and(|t| t.contains("\"schemaVersion\"") && t.contains("\"practices\""));
    if read.iter().any(|p| same(p)) || looks || holds {
        anyhow::bail!(
            "{}: --out would overwrite an answers file; write the report to another file, such as rel04-report.html",
            crate::render::inert(&out.display().to_string(), false)
        );
    }
    Ok(())
}

/// Days since the oldest answer of the file (the question's or a practice's).
fn oldest_answer_days(file: &AnswersFile, now: SystemTime) -> Option<u64> {
    let times = std::iter::once(file.question.answered_at.as_deref())
        .chain(file.practices.iter().map(|(_, a)| a.answered_at.as_deref()))
        .flatten()
        .filter_map(answers::parse_time);
    times
        .min()
        .map(|oldest| now.duration_since(oldest).unwrap_or_default().as_secs() / 86_400)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    Ok(format!("{}\n", serde_json::to_string_pretty(value)?))
}
