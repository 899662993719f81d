//! `rel04 status [FILES...]`: where each file stands against its workload. Reads only.

use std::sync::Arc;

use anyhow::Result;

use super::files;
use super::runtime::{block_on, progress_bar};
use crate::Exit;
use crate::answers::{self, AnswersFile};
use crate::catalogue::Catalogue;
use crate::cli::{StatusArgs, StatusFormat};
use crate::render::status as render;
use crate::sync::aws::Clients;
use crate::sync::status::{self, Row, State};
use crate::term::{self, Kind, Term};

pub fn run(args: &StatusArgs, catalogue: &'static Catalogue, term: &Term) -> Result<Exit> {
    let paths = files::answers_files(&args.files.all())?;
    // Read every file first; one that cannot be read is an error row, the others go on.
    let mut rows: Vec<Option<Row>> = Vec::with_capacity(paths.len());
    let mut loaded = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let shown = path.display().to_string();
        match answers::load(path, catalogue) {
            Ok(l) => {
                rows.push(None);
                loaded.push((i, shown, l.file));
            }
            Err(e) => rows.push(Some(Row::error(&shown, None, e.to_string()))),
        }
    }
    let connection = args.aws.connection();
    let jobs = args.jobs;
    let progress = progress_bar(term, paths.len() > 1, loaded.len() as u64, "read");
    let done = block_on(async {
        let workloads = loaded.iter().map(|(_, _, f)| &f.workload);
        let clients = Clients::connect(
            &connection,
            catalogue,
            workloads,
            jobs.total(),
            jobs.per_account(),
        )
        .await;
        let clients = Arc::new(clients);
        let mut tasks = tokio::task::JoinSet::new();
        for (i, path, file) in loaded {
            let clients = Arc::clone(&clients);
            let progress = progress.clone();
            tasks.spawn(async move {
                let row = row_of(&file, &path, &clients).await;
                progress.inc(1);
                (i, row)
            });
        }
        let mut done = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            if let Ok(one) = joined {
                done.push(one);
            }
        }
        done
    })?;
    progress.finish_and_clear();
    for (i, row) in done {
        rows[i] = Some(row);
    }
    // A file whose task did not come back is an error, never a row left out of a green run.
    let rows: Vec<Row> = rows
        .into_iter()
        .zip(&paths)
        .map(|(row, path)| {
            row.unwrap_or_else(|| {
                let why = "its read stopped unexpectedly (a defect in rel04, please report it)";
                Row::error(&path.display().to_string(), None, why.to_string())
            })
        })
        .collect();
    let (text, kind) = match args.format {
        StatusFormat::Json => (
            format!("{}\n", serde_json::to_string_pretty(&rows)?),
            Kind::Json,
        ),
        StatusFormat::Markdown => (render::markdown(catalogue, &rows), Kind::Markdown),
        StatusFormat::Text => (render::text(catalogue, &rows, term.width), Kind::Text),
    };
    term::print(&text, kind)?;
    Ok(if rows.iter().any(|r| r.state == State::Error) {
        Exit::Error
    } else if rows.iter().all(|r| r.state == State::InSync) {
        Exit::Ok
    } else {
        Exit::Policy
    })
}

/// One file's row: its answer read, then its client's list (shared, fetched once) to tell
/// whether the workload exists and is the file's.
async fn row_of(file: &AnswersFile, path: &str, clients: &Clients) -> Row {
    let error = |message: String| Row::error(path, Some(file), message);
    let tool = clients.get(&file.workload);
    let Some(id) = file.workload.aws_workload_id.as_deref() else {
        // Not pushed yet: no request, so no credentials needed to say so.
        let region = match &tool {
            Ok(tool) => Some(tool.region()),
            Err(_) => file.workload.aws_region.as_deref(),
        };
        return Row::new(path, Some(file), region, State::NotPushed);
    };
    let tool = match tool {
        Ok(tool) => tool,
        Err(e) => return error(e.to_string()),
    };
    // The client bounds the reads; a task waiting for the list holds no room, so the reads
    // go on while the list is fetched.
    let answer = tool.read_answer(id).await.map_err(|e| e.to_string());
    match tool.directory().await {
        Ok(directory) => status::of_file(file, path, tool.region(), id, directory.get(id), answer),
        Err(e) => error(e.to_string()),
    }
}
