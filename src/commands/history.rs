//! `rel04 history`: the risk of the review after each commit that changed the file.

use anyhow::Result;

use crate::Exit;
use crate::catalogue::Catalogue;
use crate::cli::{HistoryArgs, HistoryFormat};
use crate::history;
use crate::render::history as render;
use crate::term::{self, Kind, Term};

pub fn run(args: &HistoryArgs, catalogue: &Catalogue, term: &Term) -> Result<Exit> {
    let path = args.file.path();
    let versions = history::of_file(&path, catalogue)?;
    let (text, kind) = match args.format {
        HistoryFormat::Json => (
            format!("{}\n", serde_json::to_string_pretty(&versions)?),
            Kind::Json,
        ),
        HistoryFormat::Text => (render::text(&path, &versions, term.width), Kind::Text),
    };
    term::print(&text, kind)?;
    Ok(Exit::Ok)
}
