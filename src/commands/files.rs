//! Naming answers files on the command line, and the folder lock of the commands that write.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};

use crate::answers::{DEFAULT_FILE, folder_of};

/// The answers files named on the command line: files as given, folders searched for
/// `rel04-answers.json` and `*.rel04.json` (hidden folders and `target` skipped). No argument
/// means `$REL04_FILE`, else `./rel04-answers.json`.
/// Whether a file name is one rel04 gives answers files: `rel04-answers.json` or `*.rel04.json`.
pub fn is_answers_name(name: &str) -> bool {
    name == DEFAULT_FILE || name.ends_with(".rel04.json")
}

pub fn answers_files(args: &[PathBuf]) -> Result<Vec<PathBuf>> {
    if args.is_empty() {
        let default = std::env::var_os("REL04_FILE")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        return Ok(vec![default.unwrap_or_else(|| PathBuf::from(DEFAULT_FILE))]);
    }
    let mut files = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let found = search_folder(arg)?;
            if found.is_empty() {
                bail!(
                    "{}: no answers files in this folder (rel04 looks for rel04-answers.json and *.rel04.json); name the files instead",
                    arg.display()
                );
            }
            files.extend(found);
        } else {
            files.push(arg.clone());
        }
    }
    Ok(files)
}

fn search_folder(dir: &Path) -> Result<Vec<PathBuf>> {
    let walk = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(e.file_type().is_dir()
                    && (name.starts_with('.') || name == "target" || name == "node_modules"))
        });
    let mut files = Vec::new();
    for entry in walk {
        let entry =
            entry.map_err(|e| anyhow!("{}: cannot search the folder: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy();
        // A symbolic link to an answers file is one too: skipping it would leave a failing
        // review out of a green check. One that leads out of the folder is not read (it would
        // quote a file the folder does not hold): it is found, and refused where it is read.
        let link = entry.file_type().is_symlink() && entry.path().is_file();
        let file = entry.file_type().is_file() || link;
        if link && is_answers_name(&name) && !stays_inside(dir, entry.path()) {
            crate::answers::file::refuse_when_loaded(
                entry.path().strip_prefix(".").unwrap_or(entry.path()),
                "is a symbolic link to a file outside the folder searched; rel04 reads only answers files inside it: name the file itself, or link to one inside".to_string(),
            );
        }
        if file && is_answers_name(&name) {
            let path = entry.into_path();
            // `rel04 check .` names files as `svc/rel04-answers.json`, not `./svc/...`.
            files.push(
                path.strip_prefix(".")
                    .map(Path::to_path_buf)
                    .unwrap_or(path),
            );
        }
    }
    Ok(files)
}

/// True when the link at `path` leads to a file inside `dir` (both resolved).
fn stays_inside(dir: &Path, path: &Path) -> bool {
    match (std::fs::canonicalize(dir), std::fs::canonicalize(path)) {
        (Ok(dir), Ok(target)) => target.starts_with(dir),
        _ => false,
    }
}

/// Holds an advisory lock on a folder of answers files while a command changes one of them,
/// so that two rel04 runs (an `assess` and an `answer`, two pushes) never write in turns. A lock
/// on the folder, not the file: every save replaces the file by a rename, and a lock on the old
/// file would not cover the new one. The lock goes with the process, so a crash leaves nothing
/// stale behind.
pub fn lock_folder(dir: &Path) -> Result<FolderLock> {
    let handle = std::fs::File::open(dir).map_err(|e| {
        anyhow!(
            "{}: cannot open the folder of the answers file ({e}); check the path",
            dir.display()
        )
    })?;
    match handle.try_lock() {
        Ok(()) => Ok(FolderLock {
            _note: crate::answers::file::note_locked(dir),
            _handle: handle,
        }),
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "another rel04 is already changing answers in {} (an `assess` in another terminal?); finish or stop it, then run this again",
            dir.display()
        ),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(anyhow!("{}: cannot lock the folder ({e})", dir.display()))
        }
    }
}

/// A folder's lock, held until dropped; while held, a save there also removes any temporary
/// file a killed rel04 left behind, however recent.
pub struct FolderLock {
    _note: crate::answers::file::LockNote,
    _handle: std::fs::File,
}

/// The lock of the folder an answers file lives in.
pub fn lock_folder_of(path: &Path) -> Result<FolderLock> {
    lock_folder(folder_of(path))
}

#[cfg(feature = "sync")]
/// One advisory lock per folder, taken once even when a folder holds several files (however
/// the folder is spelt: `a` and `./a` are one).
pub fn lock_folders(paths: &[PathBuf]) -> Result<Vec<FolderLock>> {
    let folders: std::collections::BTreeSet<PathBuf> = paths
        .iter()
        .map(|p| {
            let folder = folder_of(p);
            std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf())
        })
        .collect();
    folders.iter().map(|f| lock_folder(f)).collect()
}
