//! A review's history, read from git: every commit that changed the answers file (following
//! renames), the risk after each, who made it and what changed.
//!
//! rel04 runs the `git` binary rather than linking a git library: every machine that keeps
//! answers in git has it, it reads every repository format git itself reads, and it costs
//! rel04 no dependency. It runs through [`crate::git`], which neutralises the configuration
//! that could run programs or change the output and bounds every call in time and bytes.
//! Per file: `rev-parse` and `ls-files` for where it is, `git log` for the commits,
//! `git cat-file` for the sizes then every version, read one at a time; a version over 16 MiB
//! is skipped with a note. In a shallow clone the oldest commit fetched is not taken for the
//! file's creation: the history says it is cut short.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::answers::{self, AnswersFile};
use crate::catalogue::Catalogue;
use crate::git::{self, Blob};
use crate::risk::evaluate;
use crate::vocab::Risk;

/// One commit that changed the answers file.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Version {
    pub commit: String,
    /// RFC 3339, as git records the author's time.
    pub date: String,
    pub author: String,
    /// rel04's risk of the file at this commit; `None` when it could not be read.
    pub risk: Option<Risk>,
    /// What changed since the commit before, in practices' statuses and the question.
    pub changes: Vec<StatusChange>,
    /// Why this version could not be read, if it could not.
    pub error: Option<String>,
    /// The oldest commit a shallow clone holds: the history before it was not fetched, so
    /// the file may be older than this (`git fetch --unshallow` reads all of it).
    pub cut_short: bool,
}

/// A status that changed: `REL04-BP01` (or `question`, `none of these`), from and to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    pub what: String,
    pub from: String,
    pub to: String,
}

/// Why the history cannot be read.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct HistoryError(String);

/// The history of one answers file, oldest first.
pub fn of_file(path: &Path, catalogue: &Catalogue) -> Result<Vec<Version>, HistoryError> {
    let folder = answers::folder_of(path);
    let name = path
        .file_name()
        .map(PathBuf::from)
        .ok_or_else(|| HistoryError(format!("{}: not a file name", path.display())))?;
    let root = git_in(folder, &["rev-parse", "--show-toplevel"], None).map_err(|e| {
        HistoryError(format!(
            "{}: not in a git repository ({e}); `rel04 history` reads the file's commits: commit it in a repository first",
            path.display()
        ))
    })?;
    let root = PathBuf::from(root.trim());
    // One record a commit (see `records`), with the file's status at that commit
    // (--name-status: A, M, C or R with the old and new paths).
    let log = git_in(
        folder,
        &[
            "log",
            "--follow",
            "--format=%x00%H%x00%aI%x00%an <%ae>%x00",
            "--name-status",
            "--",
        ],
        Some(&name),
    )
    .map_err(|e| HistoryError(format!("{}: git log failed ({e})", path.display())))?;
    let repo_path = git_in(folder, &["ls-files", "--full-name", "--"], Some(&name))
        .ok()
        .and_then(|out| out.lines().next().map(str::to_string));
    let mut commits: Vec<(String, String, String, String)> = Vec::new();
    // Newest first. git's --follow can jump to an unrelated file of similar content (answers
    // files look alike) when ours was added: only a rename recorded as such moves the path.
    let mut current = repo_path;
    for record in records(&log) {
        let status: Vec<&str> = record
            .status
            .first()
            .map(|l| l.split('\t').collect())
            .unwrap_or_default();
        let (kind, new_path, old_path) = match status.as_slice() {
            [kind, old, new] => (*kind, *new, Some(*old)),
            [kind, path] => (*kind, *path, None),
            _ => break,
        };
        match &current {
            Some(c) if c != new_path => break,
            _ => {}
        }
        commits.push((
            record.hash.clone(),
            record.date.clone(),
            record.author.clone(),
            new_path.to_string(),
        ));
        // Added, or copied from another file (git's guess for a new file much like one it
        // has): the file starts here; only a rename carries its history further back.
        if kind.starts_with('A') || kind.starts_with('C') {
            break;
        }
        current = old_path.map(str::to_string).or(Some(new_path.to_string()));
    }
    commits.reverse();
    let boundary = git::shallow_boundary(&root);
    versions(&root, commits, &boundary, catalogue)
        .map_err(|e| HistoryError(format!("{}: git cat-file failed ({e})", path.display())))
}

/// The versions of one file from its commits (oldest first): sizes then blobs read by
/// `git cat-file`, each version parsed as it arrives.
fn versions(
    root: &Path,
    commits: Vec<(String, String, String, String)>,
    boundary: &HashSet<String>,
    catalogue: &Catalogue,
) -> Result<Vec<Version>, String> {
    let names: Vec<String> = commits
        .iter()
        .map(|(hash, _, _, file)| format!("{hash}:{file}"))
        .collect();
    let mut parsed: Vec<Result<AnswersFile, String>> = Vec::with_capacity(names.len());
    git::cat_files(root, &names, |i, blob| {
        parsed.push(parse_blob(&commits[i].3, blob, catalogue));
    })?;
    Ok(assemble(commits, parsed, boundary, catalogue))
}

/// One version's text as an answers file, or why it is not one.
fn parse_blob(file: &str, blob: Blob, catalogue: &Catalogue) -> Result<AnswersFile, String> {
    match blob {
        Blob::Text(text) => answers::file::parse_text(Path::new(file), text, catalogue)
            .map(|l| l.file)
            .map_err(|e| e.to_string()),
        Blob::Missing => Err("not in this commit".to_string()),
        Blob::TooLarge(size) => Err(format!(
            "{} MiB, over the {} MiB an answers file may be: skipped",
            size / 1024 / 1024,
            git::MAX_BLOB / 1024 / 1024
        )),
    }
}

/// The versions from the commits and the file as parsed at each.
fn assemble(
    commits: Vec<(String, String, String, String)>,
    parsed: Vec<Result<AnswersFile, String>>,
    boundary: &HashSet<String>,
    catalogue: &Catalogue,
) -> Vec<Version> {
    let mut out = Vec::with_capacity(commits.len());
    let mut previous: Option<AnswersFile> = None;
    let mut first = true;
    for ((commit, date, author, _), parsed) in commits.into_iter().zip(parsed) {
        // A shallow clone's oldest commit has no parents here: what changed in it is unknown.
        let cut_short = first && boundary.contains(&commit);
        first = false;
        let (risk, changes, error) = match parsed {
            Ok(now) => {
                let changes = if cut_short {
                    Vec::new()
                } else {
                    status_changes(catalogue, previous.as_ref(), &now)
                };
                let risk = evaluate(catalogue, &now).risk;
                previous = Some(now);
                (Some(risk), changes, None)
            }
            Err(e) => (None, Vec::new(), Some(e)),
        };
        out.push(Version {
            commit,
            date,
            author,
            risk,
            changes,
            error,
            cut_short,
        });
    }
    out
}

/// The histories of many files at once, for a portfolio: per repository one `git log` and one
/// `git cat-file --batch`, whatever the number of files. Renames are not followed here (git
/// follows one path at a time); `None` for a file outside a repository.
pub fn of_files(paths: &[PathBuf], catalogue: &Catalogue) -> Vec<Option<Vec<Version>>> {
    let mut out: Vec<Option<Vec<Version>>> = vec![None; paths.len()];
    // Per repository root: (index, path from the root).
    let mut repos: Vec<(PathBuf, Vec<(usize, String)>)> = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let Some((root, rel)) = in_repository(path) else {
            continue;
        };
        match repos.iter_mut().find(|(r, _)| *r == root) {
            Some((_, files)) => files.push((i, rel)),
            None => repos.push((root, vec![(i, rel)])),
        }
    }
    for (root, files) in repos {
        let mut args: Vec<&OsStr> = [
            "log",
            "--no-renames",
            "--format=%x00%H%x00%aI%x00%an <%ae>%x00",
            "--name-status",
            "--",
        ]
        .iter()
        .map(OsStr::new)
        .collect();
        args.extend(files.iter().map(|(_, rel)| OsStr::new(rel.as_str())));
        let Ok(log) = git::run(&root, &args) else {
            continue;
        };
        let mut per_file: Vec<Vec<(String, String, String, String)>> =
            vec![Vec::new(); files.len()];
        let mut ended = vec![false; files.len()];
        for record in records(&log) {
            for line in &record.status {
                let Some((kind, file)) = line.split_once('\t') else {
                    continue;
                };
                let Some(k) = files.iter().position(|(_, rel)| rel == file) else {
                    continue;
                };
                if ended[k] || kind.starts_with('D') {
                    ended[k] |= kind.starts_with('D');
                    continue;
                }
                per_file[k].push((
                    record.hash.clone(),
                    record.date.clone(),
                    record.author.clone(),
                    file.to_string(),
                ));
                ended[k] |= kind.starts_with('A');
            }
        }
        // Every version of every file of the repository through one `git cat-file`, parsed
        // on every core as they arrive (at most a few held at a time), then put in order.
        for commits in &mut per_file {
            commits.reverse();
        }
        let names: Vec<String> = per_file
            .iter()
            .flatten()
            .map(|(hash, _, _, file)| format!("{hash}:{file}"))
            .collect();
        let owner: Vec<(usize, String)> = per_file
            .iter()
            .enumerate()
            .flat_map(|(k, commits)| commits.iter().map(move |c| (k, c.3.clone())))
            .collect();
        let Ok(parsed) = parse_all(&root, &names, &owner, catalogue) else {
            continue;
        };
        let boundary = git::shallow_boundary(&root);
        let mut parsed = parsed.into_iter();
        for ((i, _), commits) in files.into_iter().zip(per_file) {
            let mine: Vec<_> = parsed.by_ref().take(commits.len()).collect();
            out[i] = Some(assemble(commits, mine, &boundary, catalogue));
        }
    }
    out
}

/// Every blob named, parsed on every core as `git cat-file` hands them over, in order.
fn parse_all(
    root: &Path,
    names: &[String],
    owner: &[(usize, String)],
    catalogue: &Catalogue,
) -> Result<Vec<Result<AnswersFile, String>>, String> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Blob)>(workers * 2);
    let rx = std::sync::Mutex::new(rx);
    let mut parsed: Vec<Option<Result<AnswersFile, String>>> = vec![None; names.len()];
    let results = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let next = rx.lock().ok().and_then(|r| r.recv().ok());
                        let Some((i, blob)) = next else {
                            return done;
                        };
                        done.push((i, parse_blob(&owner[i].1, blob, catalogue)));
                    }
                })
            })
            .collect();
        let read = git::cat_files(root, names, |i, blob| {
            let _ = tx.send((i, blob));
        });
        drop(tx);
        let done: Vec<_> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect();
        read.map(|_| done)
    })?;
    for (i, result) in results {
        parsed[i] = Some(result);
    }
    Ok(parsed
        .into_iter()
        .map(|p| p.unwrap_or_else(|| Err("not read".to_string())))
        .collect())
}

/// One commit of `git log --format=%x00%H%x00%aI%x00%an <%ae>%x00 --name-status`.
struct Record {
    hash: String,
    date: String,
    author: String,
    /// `M\tpath`, `R100\told\tnew`, ...
    status: Vec<String>,
}

/// The commits of a log in that format. NUL separates the fields because git allows every
/// other character in an author's name (a name holding a separator must not forge or hide a
/// commit); a record whose hash is not 40 hex digits is dropped.
fn records(log: &str) -> Vec<Record> {
    let mut fields = log.split('\0');
    let _ = fields.next();
    let mut out = Vec::new();
    while let (Some(hash), Some(date), Some(author), Some(body)) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    {
        if hash.len() != 40 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            continue;
        }
        out.push(Record {
            hash: hash.to_string(),
            date: date.to_string(),
            author: author.to_string(),
            status: body
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string)
                .collect(),
        });
    }
    out
}

/// The repository a file is in, found by looking for `.git` in its folders (no process), and
/// the file's path from the repository's root.
fn in_repository(path: &Path) -> Option<(PathBuf, String)> {
    let full = std::fs::canonicalize(path).ok()?;
    let root = repository_of(&full)?;
    let rel = full
        .strip_prefix(&root)
        .ok()?
        .to_string_lossy()
        .replace('\\', "/");
    Some((root, rel))
}

/// The root of the git repository that holds the file `path`, which need not exist yet: the
/// nearest folder at or above its folder with a `.git`.
pub fn repository_of(path: &Path) -> Option<PathBuf> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    repo_root(folder)
}

/// The git repository a folder is in: the folder itself or the nearest ancestor with a `.git`.
/// It takes a folder, not a file, so an answers file that does not exist yet (a first
/// `assess`) still finds its repository; a folder not made yet is looked up from the
/// nearest one that exists.
pub fn repo_root(folder: &Path) -> Option<PathBuf> {
    let existing = folder
        .ancestors()
        .find(|d| d.is_dir())
        .unwrap_or(Path::new("."));
    let full = std::fs::canonicalize(existing).ok()?;
    full.ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The statuses that differ between two versions of a file (from nothing for the first).
fn status_changes(
    catalogue: &Catalogue,
    before: Option<&AnswersFile>,
    after: &AnswersFile,
) -> Vec<StatusChange> {
    let mut out = Vec::new();
    if before.is_none() {
        out.push(StatusChange {
            what: "file".to_string(),
            from: "-".to_string(),
            to: "created".to_string(),
        });
    }
    let mut push = |what: &str, from: String, to: String| {
        if from != to {
            out.push(StatusChange {
                what: what.to_string(),
                from,
                to,
            });
        }
    };
    let applies = |f: Option<&AnswersFile>| match f {
        Some(f) if !f.question.applicable => "not-applicable".to_string(),
        _ => "applicable".to_string(),
    };
    push("question", applies(before), applies(Some(after)));
    let none = |f: Option<&AnswersFile>| f.is_some_and(|f| f.question.none_of_these).to_string();
    push("none of these", none(before), none(Some(after)));
    for p in catalogue.practices() {
        let status = |f: Option<&AnswersFile>| {
            f.and_then(|f| f.practices.get(&p.choice.id))
                .map_or("unanswered", |a| a.status.as_str())
                .to_string()
        };
        push(p.bp, status(before), status(Some(after)));
    }
    out
}

/// Runs git in `folder` with these arguments (then `path`, if any); its stdout, or what it
/// said went wrong.
fn git_in(folder: &Path, args: &[&str], path: Option<&Path>) -> Result<String, String> {
    let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    all.extend(path.map(Path::as_os_str));
    git::run(folder, &all)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A first `assess` has no answers file yet: its repository is found from its folder.
    #[test]
    fn a_file_not_written_yet_finds_its_repository() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("reviews")).unwrap();
        let root = std::fs::canonicalize(&repo).unwrap();
        for file in [
            "reviews/rel04-answers.json",
            "rel04-answers.json",
            "new/folder/a.json",
        ] {
            assert_eq!(
                repository_of(&repo.join(file)),
                Some(root.clone()),
                "{file}"
            );
        }
        assert_eq!(repository_of(&dir.path().join("elsewhere.json")), None);
    }
}
