//! `rel04 status [FILES...]`: where each file stands against its workload. Reads only.

use std::sync::Arc;

use anyhow::Result;

use super::files;
use super::runtime::block_on;
use crate::Exit;
use crate::answers;
use crate::aws::Clients;
use crate::catalogue::Catalogue;
use crate::cli::{StatusArgs, StatusFormat};
use crate::render::status as render;
use crate::status::{self, Row, State};
use crate::term::{self, Kind, Term};

/// A Region's workloads, id and name.
type Workloads = Vec<(String, String)>;

pub fn run(args: &StatusArgs, catalogue: &'static Catalogue, term: &Term) -> Result<Exit> {
    let paths = files::answers_files(&args.files.all())?;
    // Read every file first; one that cannot be read is an error row, the others go on.
    let mut rows: Vec<Option<Row>> = Vec::with_capacity(paths.len());
    let mut loaded = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        match answers::load(path, catalogue) {
            Ok(l) => {
                rows.push(None);
                loaded.push((i, path.display().to_string(), l.file));
            }
            Err(e) => rows.push(Some(Row {
                file: path.display().to_string(),
                workload: String::new(),
                workload_id: None,
                region: None,
                state: State::Error,
                fields: Vec::new(),
                message: Some(e.to_string()),
            })),
        }
    }
    let connection = args.aws.connection();
    let jobs = usize::from(args.jobs);
    let done = block_on(async {
        let regions = loaded.iter().map(|(_, _, f)| f.workload.aws_region.clone());
        let clients = Arc::new(Clients::connect(&connection, catalogue, regions).await);
        // One ListWorkloads per Region, shared by every file of it.
        let mut lists: Vec<(String, Result<Arc<Workloads>, String>)> = Vec::new();
        for (_, _, file) in &loaded {
            if let Ok(tool) = clients.get(file.workload.aws_region.as_deref())
                && !lists.iter().any(|(r, _)| r == tool.region())
            {
                let list = tool
                    .list_workloads()
                    .await
                    .map(Arc::new)
                    .map_err(|e| e.to_string());
                lists.push((tool.region().to_string(), list));
            }
        }
        let lists = Arc::new(lists);
        let permits = Arc::new(tokio::sync::Semaphore::new(jobs));
        let mut tasks = tokio::task::JoinSet::new();
        for (i, path, file) in loaded {
            let (clients, lists, permits) = (
                Arc::clone(&clients),
                Arc::clone(&lists),
                Arc::clone(&permits),
            );
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await;
                let error = |message: String| Row {
                    file: path.clone(),
                    workload: file.workload.name.clone(),
                    workload_id: file.workload.aws_workload_id.clone(),
                    region: file.workload.aws_region.clone(),
                    state: State::Error,
                    fields: Vec::new(),
                    message: Some(message),
                };
                let row = match clients.get(file.workload.aws_region.as_deref()) {
                    Err(e) => error(e.to_string()),
                    Ok(tool) => match lists.iter().find(|(r, _)| r == tool.region()) {
                        Some((_, Ok(list))) => status::of_file(&file, &path, tool, list).await,
                        Some((_, Err(e))) => error(e.clone()),
                        None => error("no workload list for this Region".to_string()),
                    },
                };
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
    for (i, row) in done {
        rows[i] = Some(row);
    }
    let rows: Vec<Row> = rows.into_iter().flatten().collect();
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
