//! The answers file: one workload's REL 4 review, kept in git.
//!
//! JSON with a stable key order and one field per line, so that changing one answer is a one
//! or two line diff. It carries a schema version and is migrated on load; it is saved
//! atomically (a temporary file in the same folder, then a rename), so an interrupted write
//! never leaves a broken or half-written file behind.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, OFFICIAL_CHOICE_IDS};
use crate::risk::Risk;

/// The schema version this rel04 writes. Older files are migrated on load.
pub const SCHEMA_VERSION: u32 = 1;

/// The file used when neither `--file` nor `REL04_FILE` names one.
pub const DEFAULT_FILE: &str = "rel04-answers.json";

/// Limits of the Well-Architected Tool, in characters.
pub mod limits {
    pub const PRACTICE_NOTES: usize = 250;
    pub const QUESTION_NOTES: usize = 2084;
    pub const WORKLOAD_NAME: (usize, usize) = (3, 100);
    pub const MILESTONE_NAME: (usize, usize) = (3, 100);
    pub const DESCRIPTION: (usize, usize) = (3, 250);
    pub const REVIEW_OWNER: (usize, usize) = (3, 255);
}

/// One workload's REL 4 review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(
    title = "rel04 answers file",
    description = "One workload's answers to AWS Well-Architected question REL 4"
)]
pub struct AnswersFile {
    /// Version of this file's layout; rel04 migrates older ones and refuses newer ones.
    pub schema_version: u32,
    pub workload: Workload,
    pub question: QuestionAnswer,
    /// The four best practices, keyed by their official choice ids.
    pub practices: Practices,
    /// What rel04 last saw in the Well-Architected Tool; written by push and pull.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync: Option<SyncState>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Workload {
    /// 3 to 100 characters; unique per AWS account and Region in the Well-Architected Tool.
    pub name: String,
    /// 3 to 250 characters.
    pub description: String,
    pub environment: Environment,
    /// Who owns the review (3 to 255 characters).
    pub review_owner: String,
    /// The Well-Architected Tool workload id (32 hex characters) once synced.
    #[serde(default)]
    pub aws_workload_id: Option<String>,
    /// The AWS Region of that workload.
    #[serde(default)]
    pub aws_region: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Production,
    Preproduction,
}

impl Environment {
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Preproduction => "preproduction",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct QuestionAnswer {
    /// False marks the whole question not applicable to this workload.
    #[serde(default = "yes")]
    pub applicable: bool,
    /// Why the question is not applicable.
    #[serde(default)]
    pub reason: Option<Reason>,
    /// "None of these": no practice is established. Exclusive with the practices.
    #[serde(default)]
    pub none_of_these: bool,
    /// The question's notes (at most 2084 characters): evidence, links, decisions.
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub answered_by: Option<String>,
    /// RFC 3339 time of the last change to the fields above.
    #[serde(default)]
    pub answered_at: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PracticeAnswer {
    pub status: Status,
    /// Why the practice is not applicable (only with status not-applicable).
    #[serde(default)]
    pub reason: Option<Reason>,
    /// At most 250 characters, the Well-Architected Tool's limit.
    #[serde(default)]
    pub notes: String,
    /// Answers to the practice's checks, keyed by check id.
    #[serde(default)]
    pub checks: BTreeMap<String, CheckAnswer>,
    #[serde(default)]
    pub answered_by: Option<String>,
    /// RFC 3339 time of the last answer.
    #[serde(default)]
    pub answered_at: Option<String>,
}

/// A practice's status. `selected` means established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Unanswered,
    Selected,
    Unselected,
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unanswered => "unanswered",
            Status::Selected => "selected",
            Status::Unselected => "unselected",
            Status::NotApplicable => "not-applicable",
        }
    }

    /// Selected, or not applicable (which counts as established).
    pub fn is_established(self) -> bool {
        matches!(self, Status::Selected | Status::NotApplicable)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The Well-Architected Tool's reasons for "not applicable".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    OutOfScope,
    BusinessPriorities,
    ArchitectureConstraints,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 4] = [
        Reason::OutOfScope,
        Reason::BusinessPriorities,
        Reason::ArchitectureConstraints,
        Reason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::OutOfScope => "out-of-scope",
            Reason::BusinessPriorities => "business-priorities",
            Reason::ArchitectureConstraints => "architecture-constraints",
            Reason::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Reason::OutOfScope => "Out of scope",
            Reason::BusinessPriorities => "Business priorities",
            Reason::ArchitectureConstraints => "Architecture constraints",
            Reason::Other => "Other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CheckAnswer {
    Yes,
    No,
    Unsure,
}

/// The practices keyed by choice id, written in the catalogue's order (BP01 to BP04).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Practices(BTreeMap<String, PracticeAnswer>);

impl Serialize for Practices {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let rank = |id: &str| {
            OFFICIAL_CHOICE_IDS
                .iter()
                .position(|o| *o == id)
                .unwrap_or(usize::MAX)
        };
        let mut entries: Vec<_> = self.0.iter().collect();
        entries.sort_by_key(|(id, _)| (rank(id), id.as_str()));
        let mut map = serializer.serialize_map(Some(entries.len()))?;
        for (id, answer) in entries {
            map.serialize_entry(id, answer)?;
        }
        map.end()
    }
}

impl Practices {
    pub fn get(&self, choice_id: &str) -> Option<&PracticeAnswer> {
        self.0.get(choice_id)
    }

    pub fn entry(&mut self, choice_id: &str) -> &mut PracticeAnswer {
        self.0.entry(choice_id.to_string()).or_default()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &PracticeAnswer)> {
        self.0.iter()
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut PracticeAnswer> {
        self.0.values_mut()
    }
}

/// The part of a review that the Well-Architected Tool also holds, in one comparable shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Snapshot {
    pub applicable: bool,
    pub reason: Option<Reason>,
    pub notes: String,
    pub none_of_these: bool,
    /// Per choice id: status, reason and notes.
    pub choices: BTreeMap<String, ChoiceSnapshot>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ChoiceSnapshot {
    pub status: Status,
    pub reason: Option<Reason>,
    pub notes: String,
}

/// What rel04 last saw of the workload's REL 4 answer in the Well-Architected Tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SyncState {
    /// RFC 3339 time of the last pull or push.
    pub synced_at: String,
    /// The lens the answer lives in (`wellarchitected`).
    pub lens_alias: String,
    /// The risk the service reported.
    pub service_risk: Option<Risk>,
    /// The console's answer after that pull or push: the base for conflict detection.
    pub console: Snapshot,
}

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
        locate(&self.text, keys).map(|(line, _)| line)
    }
}

impl AnswersFile {
    /// A new review with every practice not yet answered.
    pub fn new(catalogue: &Catalogue, workload: Workload) -> AnswersFile {
        let mut practices = Practices::default();
        for p in catalogue.practices() {
            practices.entry(&p.choice.id);
        }
        AnswersFile {
            schema_version: SCHEMA_VERSION,
            workload,
            question: QuestionAnswer {
                applicable: true,
                reason: None,
                none_of_these: false,
                notes: String::new(),
                answered_by: None,
                answered_at: None,
            },
            practices,
            sync: None,
        }
    }

    /// The file as text: pretty JSON, stable order, newline at the end.
    pub fn to_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The synced part of the review. A reason counts only where it belongs (a practice or
    /// question marked not applicable), so a stray one in a hand-edited file is never pushed.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            applicable: self.question.applicable,
            reason: self.question.reason.filter(|_| !self.question.applicable),
            notes: self.question.notes.clone(),
            none_of_these: self.question.none_of_these,
            choices: self
                .practices
                .iter()
                .map(|(id, a)| {
                    let choice = ChoiceSnapshot {
                        status: a.status,
                        reason: a.reason.filter(|_| a.status == Status::NotApplicable),
                        notes: a.notes.clone(),
                    };
                    (id.clone(), choice)
                })
                .collect(),
        }
    }

    /// The first problem this file has, as a sentence, or `Ok`.
    pub fn validate(&self, catalogue: &Catalogue) -> Result<(), String> {
        match self.problems(catalogue).into_iter().next() {
            Some((_, message)) => Err(message),
            None => Ok(()),
        }
    }

    /// Every problem a file can have that JSON parsing does not catch, each with its key path.
    fn problems(&self, catalogue: &Catalogue) -> Vec<(Vec<String>, String)> {
        let mut out: Vec<(Vec<String>, String)> = Vec::new();
        let mut at = |keys: &[&str], message: String| {
            out.push((keys.iter().map(|k| k.to_string()).collect(), message))
        };
        let w = &self.workload;
        for (key, value, range) in [
            ("name", &w.name, limits::WORKLOAD_NAME),
            ("description", &w.description, limits::DESCRIPTION),
            ("reviewOwner", &w.review_owner, limits::REVIEW_OWNER),
        ] {
            if let Err(e) = check_length(value, range) {
                at(&["workload", key], format!("workload.{key} {e}"));
            }
        }
        if let Some(id) = &w.aws_workload_id
            && !is_workload_id(id)
        {
            at(
                &["workload", "awsWorkloadId"],
                format!(
                    "workload.awsWorkloadId \"{id}\" is not 32 lowercase hex characters; fix it or set it to null"
                ),
            );
        }
        if let Some(e) = notes_problem(&self.question.notes, limits::QUESTION_NOTES) {
            at(&["question", "notes"], format!("question.notes {e}"));
        }
        if let Some(e) = time_problem(self.question.answered_at.as_deref()) {
            at(
                &["question", "answeredAt"],
                format!("question.answeredAt {e}"),
            );
        }
        for (id, answer) in self.practices.iter() {
            let Some(practice) = catalogue.practice(id) else {
                let valid: Vec<_> = catalogue
                    .practices()
                    .map(|p| format!("{} ({})", p.choice.id, p.bp))
                    .collect();
                at(
                    &["practices", id],
                    format!(
                        "unknown practice \"{id}\"; the REL 4 practices are: {}",
                        valid.join(", ")
                    ),
                );
                continue;
            };
            if let Some(e) = notes_problem(&answer.notes, limits::PRACTICE_NOTES) {
                at(
                    &["practices", id, "notes"],
                    format!("{} notes {e}", practice.bp),
                );
            }
            if let Some(e) = time_problem(answer.answered_at.as_deref()) {
                at(
                    &["practices", id, "answeredAt"],
                    format!("{} answeredAt {e}", practice.bp),
                );
            }
            for check in answer.checks.keys() {
                if !practice.choice.checks.iter().any(|c| &c.id == check) {
                    let valid: Vec<_> = practice
                        .choice
                        .checks
                        .iter()
                        .map(|c| c.id.as_str())
                        .collect();
                    at(
                        &["practices", id, "checks", check],
                        format!(
                            "{} has no check \"{check}\"; its checks are: {}",
                            practice.bp,
                            valid.join(", ")
                        ),
                    );
                }
            }
            if self.question.none_of_these && answer.status == Status::Selected {
                at(
                    &["practices", id, "status"],
                    format!(
                        "{} is selected but question.noneOfThese is true; \"None of these\" excludes every practice, so set one of them back",
                        practice.bp
                    ),
                );
            }
        }
        out
    }
}

/// Whether a text fits a `(min, max)` length in characters; if not, "is N characters; ..."
/// (the caller names the field).
pub fn check_length(value: &str, (min, max): (usize, usize)) -> Result<(), String> {
    let n = value.chars().count();
    if n < min {
        Err(format!("is {n} characters; it needs at least {min}"))
    } else if n > max {
        Err(format!(
            "is {n} characters, {} over the limit of {max}",
            n - max
        ))
    } else {
        Ok(())
    }
}

/// A notes text over its limit: by how much.
pub fn notes_problem(notes: &str, max: usize) -> Option<String> {
    let n = notes.chars().count();
    (n > max).then(|| {
        format!(
            "are {n} characters, {} over the Well-Architected Tool's limit of {max}; shorten them",
            n - max
        )
    })
}

fn time_problem(time: Option<&str>) -> Option<String> {
    let time = time?;
    humantime::parse_rfc3339_weak(time)
        .err()
        .map(|_| format!("\"{time}\" is not an RFC 3339 time such as 2026-01-31T12:00:00Z"))
}

/// 32 lowercase hexadecimal characters, the form of a Well-Architected Tool workload id.
pub fn is_workload_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The Well-Architected Tool needs a description; this one says where the workload came from.
pub fn default_description(name: &str) -> String {
    let text = format!(
        "{name}: reliability review of REL 4 (distributed-system interactions), kept with rel04"
    );
    text.chars().take(limits::DESCRIPTION.1).collect()
}

/// Now, as the RFC 3339 text the file stores.
pub fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// Who is answering: `REL04_USER`, else the git user's email, else the login name.
pub fn current_user() -> String {
    static USER: OnceLock<String> = OnceLock::new();
    USER.get_or_init(|| {
        let from_env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        from_env("REL04_USER")
            .or_else(git_email)
            .or_else(|| from_env("USER"))
            .or_else(|| from_env("USERNAME"))
            .unwrap_or_else(|| "unknown".to_string())
    })
    .clone()
}

fn git_email() -> Option<String> {
    let out = std::process::Command::new("git")
        .args(["config", "user.email"])
        .output()
        .ok()?;
    let email = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !email.is_empty()).then_some(email)
}

/// Reads, migrates and validates an answers file.
pub fn load(path: &Path, catalogue: &Catalogue) -> Result<Loaded, FileError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::NotFound => {
                "create it with `rel04 init --workload NAME` or `rel04 assess`, or name another file with --file or REL04_FILE"
            }
            std::io::ErrorKind::InvalidData => "the file is not UTF-8 text; it must be the JSON rel04 writes",
            _ => "check the path and its permissions",
        };
        FileError::new(path, format!("cannot read the answers file ({e}); {hint}"))
    })?;
    parse(path, text, catalogue)
}

/// Parses an answers file's text; `path` is only used in messages.
pub fn parse(path: &Path, text: String, catalogue: &Catalogue) -> Result<Loaded, FileError> {
    let version = schema_version(path, &text)?;
    let file: AnswersFile = match version {
        SCHEMA_VERSION => deserialize(path, &text)?,
        v if v > SCHEMA_VERSION => {
            return Err(FileError::at(
                path,
                locate(&text, &["schemaVersion"]),
                format!(
                    "this file has schemaVersion {v}, written by a newer rel04 (this one reads up to {SCHEMA_VERSION}); upgrade rel04 to read it"
                ),
            ));
        }
        v => {
            return Err(FileError::at(
                path,
                locate(&text, &["schemaVersion"]),
                format!("schemaVersion {v} was never written by rel04; the first version is 1"),
            ));
        }
    };
    let mut loaded = Loaded {
        path: path.to_path_buf(),
        text,
        file,
    };
    if let Some((keys, message)) = loaded.file.problems(catalogue).into_iter().next() {
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        return Err(FileError::at(path, locate(&loaded.text, &keys), message));
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
        FileError::at(path, locate(text, &["schemaVersion"]), format!("schemaVersion: expected a whole number such as {SCHEMA_VERSION}, found {version}"))
    })?;
    for key in ["workload", "question", "practices", "sync"] {
        let Some(member) = root.get(key) else {
            continue;
        };
        if !(member.is_object() || key == "sync" && member.is_null()) {
            return Err(FileError::at(
                path,
                locate(text, &[key]),
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

fn deserialize(path: &Path, text: &str) -> Result<AnswersFile, FileError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        json_error(path, e.inner(), Some(field))
    })
}

fn json_error(path: &Path, e: &serde_json::Error, field: Option<String>) -> FileError {
    let place = (e.line() > 0).then(|| (e.line(), e.column()));
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

/// Finds the line and column of a key path in JSON text that rel04 (or a person) wrote:
/// each key is searched for after the previous one.
pub fn locate(text: &str, keys: &[&str]) -> Option<(usize, usize)> {
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
    write_atomic(path, file.to_text().as_bytes())
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let dir = folder_of(path);
    let fail = |what: &str, e: std::io::Error| {
        FileError::new(
            path,
            format!(
                "cannot save: {what} ({e}); the file was left as it was, check that the folder is writable and the disk not full"
            ),
        )
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".rel04-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| {
            fail(
                &format!("cannot create a temporary file in {}", dir.display()),
                e,
            )
        })?;
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
            },
        )
    }

    #[test]
    fn round_trips_in_catalogue_order() {
        let file = sample();
        let text = file.to_text();
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
        let before = file.to_text();
        file.practices
            .entry("rel_prevent_interaction_failure_constant_work")
            .status = Status::Selected;
        let after = file.to_text();
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
            .replace("\"schemaVersion\": 1", "\"schemaVersion\": 7");
        let err = parse(Path::new("a.json"), text, catalogue()).unwrap_err();
        assert!(err.to_string().starts_with("a.json:2:3: "), "{err}");
        assert!(err.message.contains("upgrade rel04"), "{err}");
    }

    #[test]
    fn wrong_type_names_place_and_field() {
        let text = sample()
            .to_text()
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
        let err = parse(Path::new("a.json"), file.to_text(), catalogue()).unwrap_err();
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
    fn locate_finds_nested_keys() {
        let text = "{\n  \"a\": {\n    \"b\": 1\n  },\n  \"b\": 2\n}";
        assert_eq!(locate(text, &["a", "b"]), Some((3, 5)));
        assert_eq!(locate(text, &["b"]), Some((3, 5)));
        assert_eq!(locate(text, &["c"]), None);
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
        let text = file.to_text();
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
