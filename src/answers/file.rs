//! The answers file on disk: load (with line numbers for every problem), find the line of a key,
//! and save atomically (a temporary file in the same folder, flushed, then renamed).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::catalogue::Catalogue;

use super::model::{AnswersFile, SCHEMA_VERSION};

/// The file used when neither `--file` nor `REL04_FILE` names one.
pub const DEFAULT_FILE: &str = "rel04-answers.json";

/// A problem with an answers file: where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{}: {}", path.display(), place.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default(), one_line(message))]
pub struct FileError {
    pub path: PathBuf,
    /// Line and column, 1-based.
    pub place: Option<(usize, usize)>,
    pub message: String,
}

/// Messages quote values from the file; a newline or an escape sequence in one must not
/// reach the terminal (or a CI log, where a line starting with `::` is a command).
fn one_line(message: &str) -> String {
    message
        .chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

impl FileError {
    pub fn new(path: &Path, message: impl Into<String>) -> FileError {
        FileError {
            path: path.to_path_buf(),
            place: None,
            message: message.into(),
        }
    }

    fn at(path: &Path, place: Option<(usize, usize)>, message: impl Into<String>) -> FileError {
        FileError {
            path: path.to_path_buf(),
            place,
            message: message.into(),
        }
    }
}

/// An answers file as loaded: the model and the text it came from (for line numbers).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub text: String,
    pub file: AnswersFile,
}

impl Loaded {
    /// The 1-based line of a key path such as `["practices", choice_id, "status"]`.
    pub fn line_of(&self, keys: &[&str]) -> Option<usize> {
        position_of(&self.text, keys).map(|(line, _)| line)
    }
}

/// The most rel04 reads of an answers file; a real one is a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads and validates an answers file. Only a regular file is read, and at most
/// [`MAX_FILE_BYTES`] of it: a pipe, a device or a runaway file is refused at once, never
/// waited on.
pub fn load(path: &Path, catalogue: &Catalogue) -> Result<Loaded, FileError> {
    if let Some(why) = refused(path) {
        return Err(FileError::new(path, why));
    }
    let cannot = |e: std::io::Error| {
        let hint = match e.kind() {
            std::io::ErrorKind::NotFound => {
                "create it with `rel04 init --workload NAME` or `rel04 assess`, or name another file with --file or REL04_FILE"
            }
            std::io::ErrorKind::InvalidData => {
                "the file is not UTF-8 text; it must be the JSON rel04 writes"
            }
            _ => "check the path and its permissions",
        };
        FileError::new(path, format!("cannot read the answers file ({e}); {hint}"))
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(FileError::new(
            path,
            "is a folder, not an answers file; name the file in it (check, report and push also take a folder and search it)",
        ));
    }
    if !meta.is_file() {
        return Err(FileError::new(
            path,
            "is not a regular file (a pipe, a socket or a device); rel04 reads only answers files: name one",
        ));
    }
    let too_big = || {
        FileError::new(
            path,
            format!(
                "is larger than {} MiB, far more than an answers file holds; name the right file",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| std::io::Read::take(f, MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big());
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        cannot(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))
    })?;
    // A byte order mark (some Windows editors write one) is not JSON; it is read past.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    parse_at(path, text, catalogue, Some(std::time::SystemTime::now()))
}

/// Parses an answers file's text; `path` is only used in messages.
#[cfg(test)]
pub fn parse(path: &Path, text: String, catalogue: &Catalogue) -> Result<Loaded, FileError> {
    parse_at(path, text, catalogue, None)
}

/// Parses a past version of an answers file (from git): times are not compared with now.
pub fn parse_text(path: &Path, text: String, catalogue: &Catalogue) -> Result<Loaded, FileError> {
    parse_at(path, text, catalogue, None)
}

/// Parses an answers file's text; with `now`, times far in the future are refused.
fn parse_at(
    path: &Path,
    text: String,
    catalogue: &Catalogue,
    now: Option<std::time::SystemTime>,
) -> Result<Loaded, FileError> {
    let version = schema_version(path, &text)?;
    if let Some((keys, first, second)) = duplicate_key(&text) {
        return Err(FileError::at(
            path,
            Some(second),
            format!(
                "{} appears twice, on lines {} and {} (a merge can do this); keep one of them",
                keys.join("."),
                first.0,
                second.0
            ),
        ));
    }
    let file: AnswersFile = match version {
        SCHEMA_VERSION => deserialize(path, &text)?,
        v if v > SCHEMA_VERSION => {
            return Err(FileError::at(
                path,
                position_of(&text, &["schemaVersion"]),
                format!(
                    "this file has schemaVersion {v}, written by a newer rel04 (this one reads up to {SCHEMA_VERSION}); upgrade rel04 to read it"
                ),
            ));
        }
        v => {
            return Err(FileError::at(
                path,
                position_of(&text, &["schemaVersion"]),
                format!("schemaVersion {v} was never written by rel04; the first version is 1"),
            ));
        }
    };
    let mut loaded = Loaded {
        path: path.to_path_buf(),
        text,
        file,
    };
    if let Some((keys, message)) = loaded.file.problems(catalogue, now).into_iter().next() {
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        return Err(FileError::at(
            path,
            position_of(&loaded.text, &keys),
            message,
        ));
    }
    // A file may leave out practices it has not answered; they are unanswered.
    for p in catalogue.practices() {
        loaded.file.practices.entry(&p.choice.id);
    }
    Ok(loaded)
}

/// Reads just the schema version, so that a newer file is refused with the right message
/// rather than with a complaint about a field this version does not know. Also catches a list
/// where an object belongs, which serde would otherwise read as a tuple and misreport.
fn schema_version(path: &Path, text: &str) -> Result<u32, FileError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| json_error(path, &e, None))?;
    let Some(root) = value.as_object() else {
        return Err(FileError::at(
            path,
            Some((1, 1)),
            format!(
                "expected a JSON object, found {}; this is not a rel04 answers file",
                kind(&value)
            ),
        ));
    };
    let version = root.get("schemaVersion").ok_or_else(|| {
        FileError::new(
            path,
            "no schemaVersion: this is not a rel04 answers file (create one with `rel04 init`)",
        )
    })?;
    let version = version.as_u64().and_then(|v| u32::try_from(v).ok()).ok_or_else(|| {
        FileError::at(path, position_of(text, &["schemaVersion"]), format!("schemaVersion: expected a whole number such as {SCHEMA_VERSION}, found {version}"))
    })?;
    for key in ["workload", "question", "practices", "sync"] {
        let Some(member) = root.get(key) else {
            continue;
        };
        if !(member.is_object() || key == "sync" && member.is_null()) {
            return Err(FileError::at(
                path,
                position_of(text, &[key]),
                format!(
                    "{key}: expected an object {{ ... }}, found {}",
                    kind(member)
                ),
            ));
        }
    }
    Ok(version)
}

fn kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list [ ... ]",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The typed read; the text is valid JSON by now (the schema version was read from it), so
/// an error here is about a value, never the JSON's syntax.
fn deserialize(path: &Path, text: &str) -> Result<AnswersFile, FileError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let mut error = json_error(path, e.inner(), Some(field.clone()));
        if e.inner().is_syntax() {
            // serde_json says "expected value" for a null where a word belongs.
            error.message = format!(
                "{field}: needs a value here, not null or nothing; `rel04 schema` lists what each field takes"
            );
        }
        error
    })
}

fn json_error(path: &Path, e: &serde_json::Error, field: Option<String>) -> FileError {
    // Positions are 1-based; serde_json says column 0 at the very start of a line.
    let place = (e.line() > 0).then(|| (e.line(), e.column().max(1)));
    let what = e.to_string();
    // serde_json appends " at line L column C"; the place is already in front.
    let what = what.split(" at line ").next().unwrap_or(&what).to_string();
    let field = field
        .filter(|f| f != ".")
        .map(|f| format!("{f}: "))
        .unwrap_or_default();
    let hint = if e.is_syntax() || e.is_eof() {
        "; the file is not valid JSON (a merge conflict or a missing comma?)"
    } else {
        ""
    };
    FileError::at(path, place, format!("{field}{what}{hint}"))
}

/// A line and a column, 1-based.
type Place = (usize, usize);

/// The first key that an object of the text holds twice: its key path and the line and
/// column of both. serde (and serde_json's `Value`) keep the last one silently, so a doubled
/// practice from a merge would win without a word. `text` is valid JSON.
fn duplicate_key(text: &str) -> Option<(Vec<String>, Place, Place)> {
    // Per open object: its key path, its keys so far, and whether a key comes next.
    struct Object {
        path: Vec<String>,
        keys: Vec<(String, (usize, usize))>,
        expect_key: bool,
        last_key: Option<String>,
    }
    let mut stack: Vec<Object> = Vec::new();
    let mut pending_path: Vec<String> = Vec::new();
    let (mut line, mut column) = (1, 0);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        match c {
            '\n' => {
                line += 1;
                column = 0;
            }
            '{' => {
                stack.push(Object {
                    path: pending_path.clone(),
                    keys: Vec::new(),
                    expect_key: true,
                    last_key: None,
                });
            }
            '}' => {
                stack.pop();
            }
            '[' => pending_path.clear(),
            ',' => {
                if let Some(top) = stack.last_mut() {
                    top.expect_key = true;
                }
            }
            '"' => {
                let at = (line, column);
                let mut key = String::new();
                while let Some(d) = chars.next() {
                    column += 1;
                    match d {
                        '\\' => {
                            key.push(d);
                            if let Some(e) = chars.next() {
                                column += 1;
                                key.push(e);
                            }
                        }
                        '"' => break,
                        d => key.push(d),
                    }
                }
                if let Some(top) = stack.last_mut()
                    && top.expect_key
                {
                    top.expect_key = false;
                    // Compared as JSON reads them: "\u0079" and "y" are one key.
                    let key = serde_json::from_str::<String>(&format!("\"{key}\"")).unwrap_or(key);
                    if let Some((_, first)) = top.keys.iter().find(|(k, _)| *k == key) {
                        let mut path = top.path.clone();
                        path.push(key);
                        return Some((path, *first, at));
                    }
                    top.keys.push((key.clone(), at));
                    top.last_key = Some(key);
                    let mut path = top.path.clone();
                    path.extend(top.last_key.clone());
                    pending_path = path;
                }
            }
            _ => {}
        }
    }
    None
}

/// Finds the line and column of a key path in JSON text that rel04 (or a person) wrote:
/// each key is searched for after the previous one.
pub fn position_of(text: &str, keys: &[&str]) -> Option<(usize, usize)> {
    let mut from = 0;
    let mut found = None;
    for key in keys {
        let needle = format!("\"{key}\"");
        let mut search = from;
        loop {
            let at = search + text[search..].find(&needle)?;
            let after = text[at + needle.len()..].trim_start();
            if after.starts_with(':') {
                found = Some(at);
                from = at + needle.len();
                break;
            }
            search = at + needle.len();
        }
    }
    let at = found?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(at, |nl| at - nl - 1) + 1;
    Some((line, column))
}

/// Saves `file` unless the file on disk is no longer the text it was read from (`read_as`):
/// an editor or a git pull changed it meanwhile, and that edit is kept. `while_` says what
/// rel04 was doing and what was not saved, for the error.
#[cfg(feature = "sync")]
pub fn save_unless_changed(
    path: &Path,
    file: &AnswersFile,
    read_as: &str,
    while_: &str,
) -> Result<(), FileError> {
    if std::fs::read_to_string(path).ok().as_deref() != Some(read_as) {
        return Err(FileError::new(
            path,
            format!("changed on disk while {while_} (your edit is kept)"),
        ));
    }
    save(path, file)
}

/// What a command line needs to name this answers file: nothing for the default file, else
/// ` --file PATH` (quoted for a POSIX shell when it has to be). Made inert here, once: every
/// hint that names a file prints it.
pub fn file_flag(path: &Path) -> String {
    if path.display().to_string() == DEFAULT_FILE {
        return String::new();
    }
    crate::term::inert(&format!(" --file {}", shell_word(path)), false)
}

/// A path as one word of a POSIX shell command: as it is when plain, else in single quotes.
pub fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%,=".contains(c));
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The folder a file lives in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Saves atomically: a temporary file in the same folder, flushed, then renamed over the old
/// one. On any failure the old file is left exactly as it was.
pub fn save(path: &Path, file: &AnswersFile) -> Result<(), FileError> {
    let text = file.to_text().map_err(|e| {
        FileError::new(
            path,
            format!("cannot save: the answers could not be written as JSON ({e}); the file was left as it was"),
        )
    })?;
    write_atomic(path, text.as_bytes())
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_with(path, bytes, TEMP_PREFIX)
}

/// Writes a report (`report --out`) atomically like an answers file, under temporary names of
/// its own: it saves without the folder's lock, so a save that holds the lock, which removes
/// every answers-save leftover at once, must not take a report's file being written for one.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_with(path, bytes, OUTPUT_PREFIX)
}

fn write_with(path: &Path, bytes: &[u8], prefix: &str) -> Result<(), FileError> {
    replaceable(path)?;
    let dir = folder_of(path);
    sweep_stale(dir, prefix);
    // Ctrl-C or a kill while the temporary file exists would leave it behind: those signals
    // wait until the file is renamed (or removed), a few milliseconds.
    let _quiet = signals::hold();
    let fail = |what: &str, e: std::io::Error| {
        FileError::new(
            path,
            format!(
                "cannot save: {what} ({e}); the file was left as it was, check that the folder is writable and the disk not full"
            ),
        )
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(TEMP_SUFFIX)
        .rand_bytes(TEMP_RANDOM)
        .tempfile_in(dir)
        .map_err(|e| {
            fail(
                &format!("cannot create a temporary file in {}", dir.display()),
                e,
            )
        })?;
    let _writing = Writing::new(tmp.path());
    tmp.write_all(bytes)
        .map_err(|e| fail("writing failed", e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| fail("flushing to disk failed", e))?;
    keep_permissions(path, tmp.as_file());
    tmp.persist(path)
        .map_err(|e| fail("renaming the temporary file failed", e.error))?;
    Ok(())
}

/// A save replaces the file by a rename: what is there must be a plain, writable file (or
/// nothing). A link would be replaced rather than written through, a device or a pipe turned
/// into a file, a read-only file overwritten: each is refused with what to do instead.
fn replaceable(path: &Path) -> Result<(), FileError> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    let refuse = |why: String| Err(FileError::new(path, why));
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        return refuse(format!(
            "is a symbolic link (to {target}); a save replaces the file, which would replace the link instead of writing through it: name the file it points to"
        ));
    }
    if !meta.is_file() {
        return refuse(
            "is not a regular file (a folder, a pipe or a device); rel04 writes only regular files: name another"
                .to_string(),
        );
    }
    if meta.permissions().readonly() {
        return refuse(
            "is read-only; make it writable (chmod u+w) if it is meant to change, then run this again"
                .to_string(),
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return refuse(format!(
                "has {} hard links; a save replaces the file and would leave the other names with the old answers: keep one name (a symbolic link or a copy elsewhere)",
                meta.nlink()
            ));
        }
    }
    Ok(())
}

/// Files a folder search found but must not read (a symbolic link out of the folder): each
/// is an error of its own where it is loaded, so the others are still read and the run still
/// fails.
static REFUSED: std::sync::Mutex<Vec<(PathBuf, String)>> = std::sync::Mutex::new(Vec::new());

/// Makes `load(path)` fail with `why` in this process.
pub fn refuse_when_loaded(path: &Path, why: String) {
    if let Ok(mut refused) = REFUSED.lock() {
        refused.push((path.to_path_buf(), why));
    }
}

fn refused(path: &Path) -> Option<String> {
    let refused = REFUSED.lock().ok()?;
    refused
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, why)| why.clone())
}

/// The folders this process holds the advisory lock of (canonical paths), and the temporary
/// files it is writing now. In a folder it holds the lock of, no other rel04 is saving, so
/// every rel04 temporary file there but its own is a leftover, whatever its age.
static LOCKED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
static WRITING: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Notes that this process holds the lock of `dir` until the returned guard is dropped.
pub fn note_locked(dir: &Path) -> LockNote {
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if let Ok(mut locked) = LOCKED.lock() {
        locked.push(dir.clone());
    }
    LockNote(dir)
}

/// While alive, the folder counts as locked by this process.
#[derive(Debug)]
pub struct LockNote(PathBuf);

impl Drop for LockNote {
    fn drop(&mut self) {
        if let Ok(mut locked) = LOCKED.lock()
            && let Some(at) = locked.iter().position(|d| *d == self.0)
        {
            locked.swap_remove(at);
        }
    }
}

fn locked_here(dir: &Path) -> bool {
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    LOCKED.lock().is_ok_and(|locked| locked.contains(&dir))
}

/// A temporary file of this process's own, noted while it is being written.
struct Writing(PathBuf);

impl Writing {
    fn new(path: &Path) -> Writing {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if let Ok(mut writing) = WRITING.lock() {
            writing.push(path.clone());
        }
        Writing(path)
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        if let Ok(mut writing) = WRITING.lock()
            && let Some(at) = writing.iter().position(|p| *p == self.0)
        {
            writing.swap_remove(at);
        }
    }
}

fn ours_now(path: &Path) -> bool {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    WRITING.lock().is_ok_and(|w| w.contains(&path))
}

/// How rel04 names its temporary files: `.rel04-` + 6 letters or digits + `.tmp` for answers
/// files, `.rel04-out-` for reports.
const TEMP_PREFIX: &str = ".rel04-";
const OUTPUT_PREFIX: &str = ".rel04-out-";
const TEMP_SUFFIX: &str = ".tmp";
const TEMP_RANDOM: usize = 6;

/// Whether a file name is one of rel04's temporary files of this prefix, and no one else's.
fn is_own_temp(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|random| {
            random.len() == TEMP_RANDOM && random.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// Removes temporary files a killed rel04 left in `dir` (SIGKILL cannot be caught): rel04's
/// own names only, regular files only, never one this process is writing. Without the
/// folder's lock only those older than a few seconds (a save under way in another process is
/// never touched); with it, every one, since no other rel04 is saving there.
fn sweep_stale(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    // Reports are written without the lock: their leftovers wait the 10 s like anyone's.
    let old = if prefix == TEMP_PREFIX && locked_here(dir) {
        std::time::Duration::ZERO
    } else {
        std::time::Duration::from_secs(10)
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(|n| is_own_temp(n, prefix)) {
            continue;
        }
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        let aged = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age >= old);
        if meta.is_file() && aged && !ours_now(&entry.path()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Holding back the signals that end a process while a file is being replaced.
mod signals {
    /// While alive, SIGINT, SIGTERM and SIGHUP wait; they are delivered when it is dropped.
    pub struct Held {
        #[cfg(unix)]
        old: libc::sigset_t,
    }

    #[cfg(unix)]
    pub fn hold() -> Held {
        // SAFETY: sigset_t is plain data initialised by sigemptyset before use; the calls
        // only read and write the two sets given, for this thread.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            let mut old: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                libc::sigaddset(&mut set, signal);
            }
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old);
            Held { old }
        }
    }

    #[cfg(not(unix))]
    pub fn hold() -> Held {
        Held {}
    }

    #[cfg(unix)]
    impl Drop for Held {
        fn drop(&mut self) {
            // SAFETY: restores the mask saved by `hold` for this thread.
            unsafe {
                libc::pthread_sigmask(libc::SIG_SETMASK, &self.old, std::ptr::null_mut());
            }
        }
    }
}

/// A temporary file is private (0600); the saved file keeps the old file's mode, or gets the
/// usual 0644 when it is new.
fn keep_permissions(path: &Path, tmp: &std::fs::File) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        let _ = tmp.set_permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (path, tmp);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Workload, is_workload_id};
    use crate::vocab::{Environment, Reason, Status};

    fn catalogue() -> &'static Catalogue {
        Catalogue::embedded().unwrap()
    }

    fn sample() -> AnswersFile {
        AnswersFile::new(
            catalogue(),
            Workload {
                name: "payments".into(),
                description: "Card payments API".into(),
                environment: Environment::Production,
                review_owner: "team@example.com".into(),
                aws_workload_id: None,
                aws_region: None,
                aws_profile: None,
                aws_role_arn: None,
            },
        )
    }

    #[test]
    fn round_trips_in_catalogue_order() {
        let file = sample();
        let text = file.to_text().unwrap();
        let identify = text
            .find("rel_prevent_interaction_failure_identify")
            .unwrap();
        let idempotent = text
            .find("rel_prevent_interaction_failure_idempotent")
            .unwrap();
        assert!(identify < idempotent, "BP01 is written before BP04");
        let loaded = parse(Path::new("x.json"), text, catalogue()).unwrap();
        assert_eq!(loaded.file, file);
    }

    #[test]
    fn one_answer_changes_one_line() {
        let mut file = sample();
        let before = file.to_text().unwrap();
        file.practices
            .entry("rel_prevent_interaction_failure_constant_work")
            .status = Status::Selected;
        let after = file.to_text().unwrap();
        let changed = before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(changed, 1);
        assert_eq!(before.lines().count(), after.lines().count());
    }

    #[test]
    fn newer_schema_says_upgrade() {
        let text = sample()
            .to_text()
            .unwrap()
            .replace("\"schemaVersion\": 1", "\"schemaVersion\": 7");
        let err = parse(Path::new("a.json"), text, catalogue()).unwrap_err();
        assert!(err.to_string().starts_with("a.json:2:3: "), "{err}");
        assert!(err.message.contains("upgrade rel04"), "{err}");
    }

    #[test]
    fn wrong_type_names_place_and_field() {
        let text = sample()
            .to_text()
            .unwrap()
            .replace("\"applicable\": true", "\"applicable\": \"yes\"");
        let err = parse(Path::new("a.json"), text, catalogue()).unwrap_err();
        assert!(err.place.is_some());
        assert!(err.message.contains("question.applicable"), "{err}");
        assert!(err.message.contains("expected a boolean"), "{err}");
    }

    #[test]
    fn unknown_practice_lists_valid_ones() {
        let text = sample()
            .to_text()
            .unwrap()
            .replace("rel_prevent_interaction_failure_constant_work", "rel_nope");
        let err = parse(Path::new("a.json"), text, catalogue()).unwrap_err();
        assert!(
            err.message.contains("unknown practice \"rel_nope\""),
            "{err}"
        );
        assert!(err.message.contains("REL04-BP03"), "{err}");
        assert!(err.place.is_some());
    }

    #[test]
    fn notes_over_limit_say_by_how_much() {
        let mut file = sample();
        file.practices
            .entry("rel_prevent_interaction_failure_identify")
            .notes = "n".repeat(260);
        let err = parse(Path::new("a.json"), file.to_text().unwrap(), catalogue()).unwrap_err();
        assert!(err.message.contains("260 characters, 10 over"), "{err}");
    }

    #[test]
    fn a_stray_reason_is_not_part_of_what_syncs() {
        let mut file = sample();
        let answer = file
            .practices
            .entry("rel_prevent_interaction_failure_identify");
        answer.status = Status::Selected;
        answer.reason = Some(Reason::Other);
        file.question.reason = Some(Reason::OutOfScope);
        let snap = file.snapshot();
        assert_eq!(snap.reason, None);
        assert_eq!(
            snap.choices["rel_prevent_interaction_failure_identify"].reason,
            None
        );
    }

    #[test]
    fn position_of_finds_nested_keys() {
        let text = "{\n  \"a\": {\n    \"b\": 1\n  },\n  \"b\": 2\n}";
        assert_eq!(position_of(text, &["a", "b"]), Some((3, 5)));
        assert_eq!(position_of(text, &["b"]), Some((3, 5)));
        assert_eq!(position_of(text, &["c"]), None);
    }

    #[test]
    fn workload_id_form() {
        assert!(is_workload_id("0123456789abcdef0123456789abcdef"));
        assert!(!is_workload_id("0123456789ABCDEF0123456789abcdef"));
        assert!(!is_workload_id("123"));
    }

    /// Thousands of damaged variants of a real file: every one is an error or a file, never a
    /// panic. A fixed seed keeps the run repeatable.
    #[test]
    fn damaged_files_never_panic() {
        let mut file = sample();
        file.practices
            .entry("rel_prevent_interaction_failure_identify")
            .notes = "evidence".into();
        let text = file.to_text().unwrap();
        let bytes = text.as_bytes();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let replacements: &[&[u8]] = &[
            b"",
            b"\"",
            b"{",
            b"}",
            b"[",
            b"]",
            b",",
            b":",
            b"null",
            b"1e999",
            b"-1",
            b"\\u0000",
            b"\xff",
            b"99999999999",
        ];
        for _ in 0..3000 {
            let mut damaged = bytes.to_vec();
            for _ in 0..=next(3) {
                let at = next(damaged.len());
                let len = next(8).min(damaged.len() - at);
                let with = replacements[next(replacements.len())];
                damaged.splice(at..at + len, with.iter().copied());
            }
            let text = String::from_utf8_lossy(&damaged).to_string();
            let _ = parse(Path::new("fuzz.json"), text, catalogue());
        }
    }

    #[test]
    fn unwritable_folder_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let not_a_folder = dir.path().join("plain-file");
        std::fs::write(&not_a_folder, "x").unwrap();
        let err = save(&not_a_folder.join("rel04-answers.json"), &sample()).unwrap_err();
        assert!(
            err.message.contains("cannot create a temporary file"),
            "{err}"
        );
        assert!(err.message.contains("left as it was"), "{err}");
        assert_eq!(std::fs::read_to_string(&not_a_folder).unwrap(), "x");
    }

    #[test]
    fn save_is_atomic_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rel04-answers.json");
        save(&path, &sample()).unwrap();
        save(&path, &sample()).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names.len(),
            1,
            "no temporary file is left behind: {names:?}"
        );
    }
}
