//! The command line: clap structures, value enums and help examples. No behaviour here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::answers::{self, DEFAULT_FILE, limits};
use crate::catalogue::{Catalogue, Target};
use crate::policy::Threshold;
#[cfg(feature = "sync")]
use crate::sync::aws::Connection;
#[cfg(feature = "sync")]
use crate::sync::workload::Selection;
use crate::vocab::{CheckAnswer, Environment, Reason};

/// `rel04 --version`: the version and whether this build can sync.
const LONG_VERSION: &str = if cfg!(feature = "sync") {
    concat!(env!("CARGO_PKG_VERSION"), " (features: sync)")
} else {
    concat!(
        env!("CARGO_PKG_VERSION"),
        " (features: none; push, pull, diff and status need the default build)"
    )
};

#[derive(Debug, Parser)]
#[command(
    name = "rel04",
    version,
    long_version = LONG_VERSION,
    about = "Review, gate and sync AWS Well-Architected question REL 4: how do you design interactions in a distributed system to prevent failures?",
    long_about = None,
    after_help = "Examples:\n  rel04 assess                      walk through the four practices and save the answers\n  rel04 report                      show the answers, the risk and the improvement plan\n  rel04 check --format sarif        the CI gate: exit 1 when the review shows high risk\n  rel04 explain BP02                what loosely coupled dependencies means\n  rel04 push --create               sync the answers to the AWS Well-Architected Tool\n\nExit codes: 0 ok, 1 the check failed (risk found), 2 usage, input or runtime error, 130 interrupted.",
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Walk a team through REL 4 at the terminal, saving each answer as it is given.
    #[command(
        after_help = "Examples:\n  rel04 assess                       start, or resume where you stopped\n  rel04 assess --only BP03           go straight to one practice\n\nEach answer is saved the moment it is given. Esc goes back one step; Ctrl-C stops and keeps every answer given so far."
    )]
    Assess(AssessArgs),
    /// Create an answers file for a workload.
    #[command(
        after_help = "Examples:\n  rel04 init --workload payments-api\n  rel04 init --workload payments-api --environment preproduction --owner team@example.com --file services/payments/rel04-answers.json"
    )]
    Init(InitArgs),
    /// Record one answer without prompts (for scripts).
    #[command(
        after_help = "Examples:\n  rel04 answer BP01 selected --notes \"Timeouts on every client, see ADR-12\"\n  rel04 answer BP03 not-applicable --reason business-priorities\n  rel04 answer BP04 unselected --check idempotency-tokens=no\n  rel04 answer none selected            (None of these: unselects the four practices)\n  rel04 answer question not-applicable --reason out-of-scope\n  rel04 answer question applicable --notes \"Reviewed with the SRE team on 2026-11-20\""
    )]
    Answer(AnswerArgs),
    /// Show the answers, the question's risk and the improvement plan.
    #[command(
        after_help = "Examples:\n  rel04 report\n  rel04 report --format json\n  rel04 report services/         (a portfolio: one row per workload)\n  rel04 report --format markdown >> \"$GITHUB_STEP_SUMMARY\""
    )]
    Report(ReportArgs),
    /// The CI gate: fail when a review shows risk, is incomplete or has gone stale.
    #[command(
        after_help = "Examples:\n  rel04 check\n  rel04 check --fail-on medium --max-age 180\n  rel04 check services/ --format sarif > rel04.sarif\n  rel04 check --format junit > rel04-junit.xml\n  rel04 check --format github     (annotations in a GitHub Actions log)\n\nExit codes: 0 every file passes, 1 a file fails the policy, 2 an input is unusable."
    )]
    Check(CheckArgs),
    /// Explain REL 4 or one practice: guidance, anti-patterns, checks and resources.
    #[command(
        after_help = "Examples:\n  rel04 explain\n  rel04 explain BP04\n  rel04 explain rel_prevent_interaction_failure_constant_work"
    )]
    Explain(ExplainArgs),
    /// Write the file's answers to the AWS Well-Architected Tool.
    #[command(
        after_help = "Examples:\n  rel04 push --create                    create the workload on first push, then sync its answer\n  rel04 push --dry-run                   show the UpdateAnswer request, write nothing\n  rel04 push --milestone \"Q3 review\"     push, then record a milestone\n  rel04 push --workload-name payments-api --region eu-west-1\n  rel04 push --endpoint-url http://127.0.0.1:8787   (a local wa-emulator)\n  rel04 push services/                   every answers file under services/, each to its own workload\n\nOnly the fields that differ are written, in one UpdateAnswer call; empty notes in the file never blank notes in the console. When both the file and the console changed since the last sync, nothing is written (exit 2) unless --force.\nCredentials come from the usual AWS chain: AWS_PROFILE or --profile, `aws sso login`, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; a file's workload.awsProfile and workload.awsRoleArn choose its own."
    )]
    Push(PushArgs),
    /// Bring the Well-Architected Tool's answer into the file.
    #[command(
        after_help = "Examples:\n  rel04 pull\n  rel04 pull --workload-id 0123456789abcdef0123456789abcdef --region us-east-1\n  rel04 pull --force             replace answers not pushed yet with the console's\n\nRefuses (exit 2) when the file has changes not pushed since the last sync, unless --force."
    )]
    Pull(PullArgs),
    /// Where each file stands against its workload: in sync, changed on either side, missing.
    #[command(
        after_help = "Examples:\n  rel04 status services/\n  rel04 status services/ --format markdown >> \"$GITHUB_STEP_SUMMARY\"\n\nRead-only: one GetAnswer per workload and one ListWorkloads per Region. Exit codes: 0 every file in sync, 1 a file changed on either side, is not pushed or is missing, 2 an error."
    )]
    Status(StatusArgs),
    /// Show what push would write, field by field (the console's value and the file's).
    #[command(
        after_help = "Examples:\n  rel04 diff\n  rel04 diff --format json | jq '.changes'\n  rel04 diff --workload-name payments-api --region eu-west-1"
    )]
    Diff(DiffArgs),
    /// The review's history from git: the risk after each commit that changed the file.
    #[command(
        after_help = "Examples:\n  rel04 history\n  rel04 history --file services/payments/rel04-answers.json --format json"
    )]
    History(HistoryArgs),
    /// What the repository's templates, Terraform and code say about REL 4: supports and
    /// gaps per practice and check, each at its file and line. Local; never answers for you.
    #[command(
        after_help = "Examples:\n  rel04 evidence                       the repository that holds the answers file, else .\n  rel04 evidence infra/ services/      these folders\n  rel04 evidence --format sarif > evidence.sarif   (code scanning marks each gap on its line)\n  rel04 evidence --format markdown >> \"$GITHUB_STEP_SUMMARY\"\n  rel04 evidence --kind gap --rule sqs-without-dlq   one rule's gaps\n\nVendored folders (installed packages, Lambda layer content, venv, Go vendor/, build output) are not read, and test code's findings are left out of text, SARIF and Markdown; the summary says what was left out.\n\nExit codes: 0 the scan ran (gaps or not), 2 a path cannot be read. Files it cannot parse are warnings on stderr."
    )]
    Evidence(EvidenceArgs),
    /// Print the JSON Schema of the answers file.
    #[command(
        after_help = "Examples:\n  rel04 schema > rel04-answers.schema.json\n  (editors such as VS Code validate the file with it: map rel04-answers.json to the schema in json.schemas)"
    )]
    Schema,
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  rel04 completions bash > ~/.local/share/bash-completion/completions/rel04\n  rel04 completions zsh > \"${fpath[1]}/_rel04\""
    )]
    Completions { shell: clap_complete::Shell },
}

#[derive(Debug, Clone, Args)]
pub struct FileArg {
    /// The answers file [default: $REL04_FILE, else ./rel04-answers.json].
    #[arg(long = "file", short = 'f', value_name = "FILE")]
    file: Option<PathBuf>,
}

impl FileArg {
    /// `--file`, else `REL04_FILE` (an empty one is unset, as everywhere), else the default.
    pub fn path(&self) -> PathBuf {
        self.file
            .clone()
            .or_else(|| env_value("REL04_FILE").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from(DEFAULT_FILE))
    }
}

/// An environment variable's value; unset or empty is `None`.
fn env_value(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    #[command(flatten)]
    pub file: FileArg,
    /// Go straight to these practices (BP01..BP04), then stop.
    #[arg(long, value_name = "PRACTICE", value_parser = practice_arg)]
    pub only: Vec<PracticeArg>,
    /// Show what this folder's templates, Terraform and code say above each check [default:
    /// the git repository that holds the answers file, if any].
    #[arg(long, value_name = "PATH", conflicts_with = "no_evidence")]
    pub evidence: Option<PathBuf>,
    /// Do not scan for evidence.
    #[arg(long)]
    pub no_evidence: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The workload's name (3 to 100 characters), as in the Well-Architected Tool.
    #[arg(long, value_name = "NAME")]
    pub workload: String,
    /// What the workload is (3 to 250 characters); a generated one if left out.
    #[arg(long)]
    pub description: Option<String>,
    #[arg(long, value_enum, default_value_t = EnvironmentArg::Production)]
    pub environment: EnvironmentArg,
    /// Who owns the review; the git user's email or the login name if left out.
    #[arg(long)]
    pub owner: Option<String>,
    /// Replace an existing answers file.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub file: FileArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EnvironmentArg {
    Production,
    Preproduction,
}

impl From<EnvironmentArg> for Environment {
    fn from(e: EnvironmentArg) -> Environment {
        match e {
            EnvironmentArg::Production => Environment::Production,
            EnvironmentArg::Preproduction => Environment::Preproduction,
        }
    }
}

#[derive(Debug, Args)]
pub struct AnswerArgs {
    /// BP01..BP04, REL04-BP01.., a choice id, `none` (None of these) or `question`.
    #[arg(value_parser = target_arg)]
    pub practice: TargetArg,
    /// For a practice: selected, unselected, not-applicable (or unanswered to clear it).
    /// For `none`: selected or unselected. For `question`: applicable or not-applicable.
    #[arg(value_parser = status_arg)]
    pub status: StatusArg,
    /// Why it is not applicable.
    #[arg(long, value_enum)]
    pub reason: Option<ReasonArg>,
    /// Notes (at most 250 characters for a practice, 2084 for the question); "" clears them.
    #[arg(long)]
    pub notes: Option<String>,
    /// Answer one of the practice's checks, as ID=yes|no|unsure (repeatable).
    #[arg(long = "check", value_name = "ID=ANSWER", value_parser = check_arg)]
    pub checks: Vec<(String, CheckAnswer)>,
    #[command(flatten)]
    pub file: FileArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReasonArg {
    OutOfScope,
    BusinessPriorities,
    ArchitectureConstraints,
    Other,
}

impl From<ReasonArg> for Reason {
    fn from(r: ReasonArg) -> Reason {
        match r {
            ReasonArg::OutOfScope => Reason::OutOfScope,
            ReasonArg::BusinessPriorities => Reason::BusinessPriorities,
            ReasonArg::ArchitectureConstraints => Reason::ArchitectureConstraints,
            ReasonArg::Other => Reason::Other,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct FilesArg {
    /// Answers files, or folders to search for `rel04-answers.json` and `*.rel04.json`.
    /// Default: $REL04_FILE, else ./rel04-answers.json.
    #[arg(value_name = "FILES")]
    pub files: Vec<PathBuf>,
    /// An answers file, as with the other commands (repeatable; adds to FILES).
    #[arg(long = "file", short = 'f', value_name = "FILE")]
    pub file: Vec<PathBuf>,
}

impl FilesArg {
    /// Every file or folder named, FILES first.
    pub fn all(&self) -> Vec<PathBuf> {
        self.files.iter().chain(&self.file).cloned().collect()
    }
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub files: FilesArg,
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write the report to this file (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Scan this repository (a folder) and add its evidence counts per practice (table,
    /// Markdown and JSON).
    #[arg(long, value_name = "PATH")]
    pub evidence: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A table for people (also `--format text`).
    #[value(alias = "text")]
    Table,
    Json,
    Markdown,
    /// One self-contained page: a portfolio, each workload, its history from git.
    Html,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub files: FilesArg,
    /// The lowest question risk that fails the check.
    #[arg(long, value_enum, default_value_t = FailOn::High)]
    pub fail_on: FailOn,
    /// Fail when an answer is older than this many days (1 or more).
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u64).range(1..=36_500))]
    pub max_age: Option<u64>,
    /// Fail, not just warn, on inconsistent answers: a practice answered established while
    /// its own checks do not hold, or every practice marked not applicable.
    #[arg(long)]
    pub strict: bool,
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Scan this repository (a folder) and warn when its gaps contradict an answer: a check
    /// answered yes, or a practice answered established (a failure with --strict).
    #[arg(long, value_name = "PATH")]
    pub evidence: Option<PathBuf>,
}

/// `--fail-on`: the lowest question risk that fails the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    High,
    Medium,
}

impl From<FailOn> for Threshold {
    fn from(f: FailOn) -> Threshold {
        match f {
            FailOn::High => Threshold::High,
            FailOn::Medium => Threshold::Medium,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Junit,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Args)]
pub struct EvidenceArgs {
    /// Folders or files to scan [default: the git repository that holds the answers file,
    /// else the current folder].
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub file: FileArg,
    #[arg(long, value_enum, default_value_t = EvidenceFormat::Text)]
    pub format: EvidenceFormat,
    /// Only gaps, or only supports.
    #[arg(long, value_enum)]
    pub kind: Option<EvidenceKind>,
    /// Only this rule's findings (repeatable); `rel04 evidence --format json` names each
    /// finding's rule, the README lists them all.
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// Show findings in test code too (test/, tests/, *_test.py, *.spec.ts...). JSON always
    /// has them, each item with its scope.
    #[arg(long)]
    pub include_tests: bool,
    /// Read vendored folders and build output too (*.dist-info package folders, Lambda layer
    /// content, site-packages, venv, Go vendor/, node_modules, .aws-sam, cdk.out assets...).
    #[arg(long)]
    pub no_skip: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvidenceKind {
    Gap,
    Support,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvidenceFormat {
    Text,
    Json,
    Sarif,
    Markdown,
}

#[derive(Debug, Clone, Args)]
pub struct PushArgs {
    /// Answers files (or folders of them), each pushed to its own workload, several at a time,
    /// with a summary table at the end. Without FILES: --file, else $REL04_FILE, else
    /// ./rel04-answers.json. Each file names its own workload, so FILES go without
    /// --workload-id and --workload-name.
    #[arg(value_name = "FILES", conflicts_with_all = ["workload_id", "workload_name"])]
    pub files: Vec<PathBuf>,
    /// The answers file to push (repeatable; adds to FILES).
    #[arg(long = "file", short = 'f', value_name = "FILE")]
    pub file: Vec<PathBuf>,
    #[command(flatten)]
    pub jobs: JobsArgs,
    #[command(flatten)]
    pub aws: AwsArgs,
    #[command(flatten)]
    pub workload: WorkloadArgs,
    /// Show what would be written (the UpdateAnswer request on stdout) and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Create the workload (with the file's name, description, environment and owner) when
    /// the file names none and no workload has that name.
    #[arg(long)]
    pub create: bool,
    /// Write even when the console changed since the last sync, overwriting those changes.
    #[arg(long)]
    pub force: bool,
    /// After a successful push, record a milestone with this name (3 to 100 characters).
    #[arg(long, value_name = "NAME", value_parser = milestone_arg)]
    pub milestone: Option<String>,
}

#[derive(Debug, Args)]
pub struct PullArgs {
    #[command(flatten)]
    pub file: FileArg,
    #[command(flatten)]
    pub aws: AwsArgs,
    #[command(flatten)]
    pub workload: WorkloadArgs,
    /// Replace answers in the file that were not pushed yet.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub files: FilesArg,
    #[command(flatten)]
    pub aws: AwsArgs,
    /// A table for people, JSON (one object per file) for scripts, Markdown for a CI summary.
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    pub format: StatusFormat,
    #[command(flatten)]
    pub jobs: JobsArgs,
}

/// How many workloads a fleet command works on at once.
#[derive(Debug, Clone, Copy, Args)]
pub struct JobsArgs {
    /// How many workloads to work on at once, in all. The SDK's adaptive retry slows them
    /// down together if the service throttles.
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
    /// How many of them in one account and Region (one profile or role) [default: --jobs].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs_per_account: Option<u16>,
}

#[cfg(feature = "sync")]
impl JobsArgs {
    pub fn total(&self) -> usize {
        usize::from(self.jobs)
    }

    pub fn per_account(&self) -> usize {
        usize::from(self.jobs_per_account.unwrap_or(self.jobs))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    #[command(flatten)]
    pub file: FileArg,
    #[command(flatten)]
    pub aws: AwsArgs,
    #[command(flatten)]
    pub workload: WorkloadArgs,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit 1 when push would write something, 0 when the console matches the file (as
    /// `git diff --exit-code`), so CI can gate on drift.
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    pub file: FileArg,
    #[arg(long, value_enum, default_value_t = HistoryFormat::Text)]
    pub format: HistoryFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// BP01..BP04, REL04-BP01.. or a choice id; the whole question if left out.
    #[arg(value_parser = target_arg)]
    pub practice: Option<TargetArg>,
}

/// How to reach the Well-Architected Tool.
#[derive(Debug, Clone, Args)]
pub struct AwsArgs {
    /// The AWS profile to use (default: the file's workload.awsProfile, else AWS_PROFILE, else
    /// `default`).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// An IAM role to assume with the profile's credentials, session name `rel04` (default: the
    /// file's workload.awsRoleArn, else none).
    #[arg(long, value_name = "ARN", value_parser = role_arn_arg)]
    pub role_arn: Option<String>,
    /// The AWS Region (default: the file's workload.awsRegion, else AWS_REGION or the profile's).
    #[arg(long, value_name = "REGION", value_parser = region_arg)]
    pub region: Option<String>,
    /// Send requests to this URL instead of AWS (a local emulator, a VPC endpoint).
    #[arg(long, env = "AWS_ENDPOINT_URL_WELLARCHITECTED", value_name = "URL", value_parser = endpoint_arg)]
    pub endpoint_url: Option<String>,
    /// Attempts per request, retries of throttled and failed requests included.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_attempts: u32,
    /// Seconds one attempt may wait for the service to answer (a request with its retries
    /// waits at most that times --max-attempts).
    #[arg(long, value_name = "SECONDS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
}

#[cfg(feature = "sync")]
impl AwsArgs {
    pub fn connection(&self) -> Connection {
        Connection {
            profile: self.profile.clone(),
            role_arn: self.role_arn.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            max_attempts: self.max_attempts,
            timeout: std::time::Duration::from_secs(self.timeout),
        }
    }
}

/// Which workload to sync, when the file does not say (or says otherwise).
#[derive(Debug, Clone, Args)]
pub struct WorkloadArgs {
    /// The workload's id (32 hex characters) [default: $REL04_WORKLOAD_ID, else the file's
    /// workload.awsWorkloadId].
    #[arg(long, value_name = "ID", value_parser = workload_id_arg)]
    pub workload_id: Option<String>,
    /// Find the workload by its exact name instead of by id.
    #[arg(long, value_name = "NAME", value_parser = workload_name_arg)]
    pub workload_name: Option<String>,
    /// The workload was renamed in the console: sync with it all the same, and take its new
    /// name into the file (without it, a name that differs stops the sync).
    #[arg(long)]
    pub rebind: bool,
}

#[cfg(feature = "sync")]
impl WorkloadArgs {
    /// The workload named by the flags, else by `REL04_WORKLOAD_ID` (an empty one is unset).
    /// `many`: the command names several files, which each name their own workload.
    pub fn selection(&self, many: bool) -> anyhow::Result<Selection> {
        let id = match (&self.workload_id, env_value("REL04_WORKLOAD_ID")) {
            (Some(id), _) => Some(id.clone()),
            (None, Some(id)) if self.workload_name.is_none() => {
                if many {
                    anyhow::bail!(
                        "REL04_WORKLOAD_ID names one workload, but several files are given and each names its own; unset REL04_WORKLOAD_ID for this push"
                    );
                }
                Some(workload_id_arg(id.trim()).map_err(|e| {
                    anyhow::anyhow!("REL04_WORKLOAD_ID \"{id}\": {e}; fix it or unset it")
                })?)
            }
            (None, _) => None,
        };
        Ok(Selection {
            id,
            name: self.workload_name.clone(),
            rebind: self.rebind,
        })
    }
}

/// A practice, "None of these" or the question, as named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetArg {
    /// A practice's choice id.
    Practice(String),
    NoneOfThese,
    Question,
}

/// A practice named on the command line: its place in the catalogue (0 for BP01).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PracticeArg(pub usize);

/// The second word of `rel04 answer`, in any of its spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusArg {
    Selected,
    Unselected,
    NotApplicable,
    Unanswered,
    Applicable,
}

impl StatusArg {
    /// As the person wrote it, for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusArg::Selected => "selected",
            StatusArg::Unselected => "unselected",
            StatusArg::NotApplicable => "not-applicable",
            StatusArg::Unanswered => "unanswered",
            StatusArg::Applicable => "applicable",
        }
    }
}

fn catalogue() -> Result<&'static Catalogue, String> {
    Catalogue::embedded()
}

fn target_arg(name: &str) -> Result<TargetArg, String> {
    Ok(match catalogue()?.resolve(name)? {
        Target::Practice(p) => TargetArg::Practice(p.choice.id.clone()),
        Target::NoneOfThese => TargetArg::NoneOfThese,
        Target::Question => TargetArg::Question,
    })
}

fn practice_arg(name: &str) -> Result<PracticeArg, String> {
    let id = match target_arg(name)? {
        TargetArg::Practice(id) => id,
        _ => {
            return Err(format!(
                "--only takes a practice (BP01 to BP04), not {name}"
            ));
        }
    };
    catalogue()?
        .practices()
        .position(|p| p.choice.id == id)
        .map(PracticeArg)
        .ok_or_else(|| format!("{id} is not a practice of the catalogue"))
}

fn status_arg(word: &str) -> Result<StatusArg, String> {
    Ok(match word.trim().to_ascii_lowercase().as_str() {
        "selected" | "established" | "yes" => StatusArg::Selected,
        "unselected" | "not-established" | "no" => StatusArg::Unselected,
        "not-applicable" | "n/a" | "na" => StatusArg::NotApplicable,
        "unanswered" => StatusArg::Unanswered,
        "applicable" => StatusArg::Applicable,
        _ => {
            return Err(
                "use selected (established), unselected (not established), not-applicable (with --reason) or unanswered; for `question`, applicable or not-applicable"
                    .to_string(),
            );
        }
    })
}

fn check_arg(pair: &str) -> Result<(String, CheckAnswer), String> {
    let (id, value) = pair.split_once('=').ok_or_else(|| {
        "write ID=yes, ID=no or ID=unsure (`rel04 explain BP01` lists the check ids)".to_string()
    })?;
    let answer = value
        .parse::<CheckAnswer>()
        .map_err(|e| format!("{}={value}: {e}", id.trim()))?;
    Ok((id.trim().to_string(), answer))
}

fn workload_id_arg(id: &str) -> Result<String, String> {
    if answers::is_workload_id(id) {
        Ok(id.to_string())
    } else {
        Err(
            "a workload id is 32 lowercase hex characters, as in the console's workload URL"
                .to_string(),
        )
    }
}

fn workload_name_arg(name: &str) -> Result<String, String> {
    let (min, max) = limits::WORKLOAD_NAME;
    answers::check_length(name, (min, max))
        .map_err(|e| format!("a workload name is {min} to {max} characters; this one {e}"))?;
    Ok(name.to_string())
}

/// An AWS Region's form: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`.
fn region_arg(region: &str) -> Result<String, String> {
    if answers::is_region(region) {
        Ok(region.to_string())
    } else {
        Err("not an AWS Region; write one such as us-east-1 or eu-west-2".to_string())
    }
}

/// `--role-arn`: an IAM role ARN.
fn role_arn_arg(arn: &str) -> Result<String, String> {
    if answers::is_role_arn(arn) {
        Ok(arn.to_string())
    } else {
        Err(
            "not an IAM role ARN; write one such as arn:aws:iam::123456789012:role/rel04-review"
                .to_string(),
        )
    }
}

/// An endpoint: `http://` or `https://`, a host, maybe a port and a path.
fn endpoint_arg(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    let ok = host.is_some_and(|h| {
        let (name, port) = match h.rsplit_once(':') {
            Some((n, p)) if !n.ends_with(']') || h.starts_with('[') => (n, Some(p)),
            _ => (h, None),
        };
        !name.is_empty()
            && !url.chars().any(char::is_whitespace)
            && port.is_none_or(|p| p.parse::<u16>().is_ok())
    });
    if ok {
        Ok(url.to_string())
    } else {
        Err("not an endpoint URL; write one such as http://127.0.0.1:8787 or https://wellarchitected.us-east-1.amazonaws.com".to_string())
    }
}

fn milestone_arg(name: &str) -> Result<String, String> {
    let (min, max) = limits::MILESTONE_NAME;
    answers::check_length(name, (min, max))
        .map_err(|e| format!("a milestone name is {min} to {max} characters; this one {e}"))?;
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
