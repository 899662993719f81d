//! `rel04 report`: one workload in detail, or a portfolio of several.

use anyhow::Result;

use super::files;
use crate::Exit;
use crate::answers;
use crate::catalogue::Catalogue;
use crate::cli::{ReportArgs, ReportFormat};
use crate::render::report::{self, FileReport, Style};
use crate::risk::evaluate;
use crate::term::{self, Kind, Term};

pub fn run(args: &ReportArgs, catalogue: &Catalogue, term: &Term) -> Result<Exit> {
    let paths = files::answers_files(&args.files.all())?;
    let mut reports = Vec::with_capacity(paths.len());
    for path in &paths {
        let loaded = answers::load(path, catalogue)?;
        let assessment = evaluate(catalogue, &loaded.file);
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
    };
    let text = match (args.format, reports.as_slice()) {
        (ReportFormat::Table, [one]) => report::table_one(one, style),
        (ReportFormat::Table, many) => report::table_portfolio(many, style),
        (ReportFormat::Markdown, [one]) => report::markdown_one(one),
        (ReportFormat::Markdown, many) => report::markdown_portfolio(many, catalogue),
        (ReportFormat::Json, [one]) => json(one)?,
        (ReportFormat::Json, many) => json(&serde_json::json!({ "workloads": many }))?,
    };
    term::print(&text, kind)?;
    Ok(Exit::Ok)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    Ok(format!("{}\n", serde_json::to_string_pretty(value)?))
}
