//! git, run as a dependency rel04 does not trust blindly: every call goes through [`command`],
//! which neutralises the repository's and the user's configuration where it could run a
//! program (`core.fsmonitor`, `gpg.program` through `log.showSignature`) or change what rel04
//! reads (`diff.relative`, `log.showRoot`, `i18n.logOutputEncoding`, `core.quotePath`...), and
//! clears the environment variables that would point git at another repository or inject
//! configuration. Every call is bounded in time ([`TIMEOUT`]) and in bytes ([`MAX_OUTPUT`]);
//! a version larger than [`MAX_BLOB`] is skipped, its size asked first.
//!
//! The user's global configuration is still read for what it is needed for: `safe.directory`
//! (CI runners add one for a checkout owned by another user).

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long one git call may take.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The most one git call may print (a log, a list).
pub const MAX_OUTPUT: usize = 64 * 1024 * 1024;

/// The largest version of an answers file read from history: the working file's own cap.
pub const MAX_BLOB: u64 = 16 * 1024 * 1024;

/// Configuration that git would otherwise take from the repository or the user, set so that
/// nothing runs and the output has the one shape rel04 parses.
const SETTINGS: [&str; 12] = [
    "core.fsmonitor=false",
    "core.untrackedCache=false",
    "log.showSignature=false",
    "core.quotePath=false",
    "diff.relative=false",
    "log.showRoot=true",
    "i18n.logOutputEncoding=UTF-8",
    "log.follow=false",
    "diff.external=",
    "color.ui=false",
    "core.pager=cat",
    "diff.renames=true",
];

/// Environment variables that redirect git (another repository, index or object store) or
/// inject configuration; none of them belongs to the repository rel04 was asked about.
const CLEARED: [&str; 12] = [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_EXTERNAL_DIFF",
    "GIT_SHALLOW_FILE",
];

/// `git -C folder` with the settings above; stdin closed unless the caller pipes it.
pub fn command(folder: &Path) -> Command {
    let mut command = Command::new("git");
    command.arg("-C").arg(folder);
    for setting in SETTINGS {
        command.args(["-c", setting]);
    }
    for name in CLEARED {
        command.env_remove(name);
    }
    command
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_NO_REPLACE_OBJECTS", "1")
        .env("LC_ALL", "C")
        .stdin(Stdio::null());
    command
}

/// Runs `git -C folder ARGS...`: its stdout, or what went wrong (git's own message, a
/// timeout, an output over [`MAX_OUTPUT`]), each naming the command.
pub fn run(folder: &Path, args: &[&std::ffi::OsStr]) -> Result<String, String> {
    let mut cmd = command(folder);
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    let what = describe(args);
    let child = cmd
        .spawn()
        .map_err(|e| format!("cannot run git ({e}); install git or put it on PATH"))?;
    let (status, out, err) = bounded(child, None, &what)?;
    if status {
        Ok(String::from_utf8_lossy(&out).into_owned())
    } else {
        let said = String::from_utf8_lossy(&err).trim().to_string();
        Err(if said.is_empty() {
            format!("{what} failed")
        } else {
            said
        })
    }
}

/// `git log ...` for messages: the first two words of the command.
fn describe(args: &[&std::ffi::OsStr]) -> String {
    let words: Vec<String> = args
        .iter()
        .take(2)
        .map(|a| a.to_string_lossy().into_owned())
        .filter(|a| !a.starts_with('-'))
        .collect();
    format!("git {}", words.join(" "))
}

/// Waits for `child` at most [`TIMEOUT`], reading at most [`MAX_OUTPUT`] of its stdout (and a
/// little of its stderr), writing `input` to its stdin if given; kills it past either bound.
fn bounded(
    mut child: Child,
    input: Option<Vec<u8>>,
    what: &str,
) -> Result<(bool, Vec<u8>, Vec<u8>), String> {
    let writer = match (input, child.stdin.take()) {
        (Some(bytes), Some(mut stdin)) => Some(std::thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
        })),
        _ => None,
    };
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    // stderr is drained on its own thread: a git that fills the stderr pipe while stdout is
    // still open would otherwise wait on us while we wait on it.
    let errors = std::thread::spawn(move || {
        let mut err = Vec::new();
        if let Some(mut stderr) = stderr {
            let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut err);
            // Past what is kept, the rest is read and dropped so git never blocks on it.
            let _ = std::io::copy(&mut stderr, &mut std::io::sink());
        }
        err
    });
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut over = false;
        if let Some(stdout) = stdout {
            let mut limited = stdout.take(MAX_OUTPUT as u64 + 1);
            let _ = limited.read_to_end(&mut out);
            over = out.len() > MAX_OUTPUT;
        }
        // Over the bound, git is stopped without waiting for its stderr (it is still writing).
        let err = if over {
            Vec::new()
        } else {
            errors.join().unwrap_or_default()
        };
        let _ = tx.send((out, err, over));
    });
    let outcome = rx.recv_timeout(TIMEOUT);
    let result = match outcome {
        Ok((_, _, true)) => {
            let _ = child.kill();
            Err(format!(
                "{what} printed more than {} MiB; not read",
                MAX_OUTPUT / 1024 / 1024
            ))
        }
        Ok((out, err, false)) => {
            let status = child.wait().map_err(|e| format!("{what}: {e}"))?;
            Ok((status.success(), out, err))
        }
        Err(_) => {
            let _ = child.kill();
            Err(format!(
                "{what} took more than {} s; stopped (a very large repository, or a slow disk)",
                TIMEOUT.as_secs()
            ))
        }
    };
    let _ = child.wait();
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    result
}

/// What `cat_file` found for one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blob {
    Text(String),
    /// Not in that commit.
    Missing,
    /// Larger than [`MAX_BLOB`]: not read.
    TooLarge(u64),
}

/// Every object named (`commit:path`), in order: sizes asked first with one
/// `git cat-file --batch-check`, then the ones within [`MAX_BLOB`] read with one
/// `git cat-file --batch`, each handed to `each` as it arrives, so at most one version is held
/// in memory at a time.
pub fn cat_files(
    root: &Path,
    names: &[String],
    mut each: impl FnMut(usize, Blob),
) -> Result<(), String> {
    if names.is_empty() {
        return Ok(());
    }
    let request = names.join("\n") + "\n";
    let mut check = command(root);
    check
        .args(["cat-file", "--batch-check"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = check
        .spawn()
        .map_err(|e| format!("cannot run git ({e}); install git or put it on PATH"))?;
    let (_, out, _) = bounded(
        child,
        Some(request.clone().into_bytes()),
        "git cat-file --batch-check",
    )?;
    let listing = String::from_utf8_lossy(&out);
    let mut sizes: Vec<Option<u64>> = listing
        .lines()
        .map(|line| {
            if line.ends_with(" missing") || line.ends_with(" ambiguous") {
                return None;
            }
            line.rsplit(' ').next().and_then(|s| s.parse().ok())
        })
        .collect();
    sizes.resize(names.len(), None);
    let wanted: Vec<usize> = (0..names.len())
        .filter(|&i| sizes[i].is_some_and(|s| s <= MAX_BLOB))
        .collect();
    // What is known without reading (missing, too large), handed over in order as the read
    // blobs arrive: nothing waits in memory but the one version being handed over.
    let known: Vec<Option<Blob>> = sizes
        .iter()
        .map(|s| match s {
            None => Some(Blob::Missing),
            Some(size) if *size > MAX_BLOB => Some(Blob::TooLarge(*size)),
            Some(_) => None,
        })
        .collect();
    let mut order = InOrder { known, next: 0 };
    if !wanted.is_empty() {
        read_batch(root, names, &wanted, &mut |i, blob| {
            order.up_to(i, &mut each);
            each(i, blob);
            order.next = i + 1;
        })?;
    }
    order.up_to(names.len(), &mut each);
    Ok(())
}

/// The answers known without reading them, handed over in order between the ones read.
struct InOrder {
    known: Vec<Option<Blob>>,
    next: usize,
}

impl InOrder {
    fn up_to(&mut self, end: usize, each: &mut impl FnMut(usize, Blob)) {
        while self.next < end {
            let blob = self
                .known
                .get_mut(self.next)
                .and_then(Option::take)
                .unwrap_or(Blob::Missing);
            each(self.next, blob);
            self.next += 1;
        }
    }
}

/// `git cat-file --batch` for the names at `wanted`, read one object at a time.
fn read_batch(
    root: &Path,
    names: &[String],
    wanted: &[usize],
    each: &mut dyn FnMut(usize, Blob),
) -> Result<(), String> {
    let mut cmd = command(root);
    cmd.args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot run git ({e}); install git or put it on PATH"))?;
    let request: String = wanted.iter().map(|&i| format!("{}\n", names[i])).collect();
    let mut stdin = child.stdin.take().ok_or("git cat-file: no stdin")?;
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(request.as_bytes());
    });
    let stdout = child.stdout.take().ok_or("git cat-file: no stdout")?;
    // The read runs on its own thread so that a git that stops answering is stopped at the
    // deadline; the blobs go through a channel of one, one version in memory at a time.
    let (tx, rx) = mpsc::sync_channel::<Result<(usize, Blob), String>>(1);
    let wanted = wanted.to_vec();
    let reader = std::thread::spawn(move || {
        let mut stdout = BufReader::new(stdout);
        for i in wanted {
            let mut header = String::new();
            if stdout.read_line(&mut header).is_err() || header.is_empty() {
                let _ = tx.send(Err("git cat-file stopped early".to_string()));
                return;
            }
            let size = header
                .trim_end()
                .rsplit(' ')
                .next()
                .and_then(|s| s.parse::<u64>().ok())
                .filter(|_| !header.trim_end().ends_with(" missing"));
            let blob = match size {
                Some(size) if size <= MAX_BLOB => {
                    let mut bytes = Vec::with_capacity(size as usize);
                    let read = (&mut stdout).take(size).read_to_end(&mut bytes);
                    let mut newline = [0u8; 1];
                    let _ = stdout.read_exact(&mut newline);
                    match read {
                        Ok(n) if n as u64 == size => {
                            Blob::Text(String::from_utf8_lossy(&bytes).into_owned())
                        }
                        _ => Blob::Missing,
                    }
                }
                Some(size) => Blob::TooLarge(size),
                None => Blob::Missing,
            };
            if tx.send(Ok((i, blob))).is_err() {
                return;
            }
        }
    });
    let deadline = std::time::Instant::now() + TIMEOUT;
    let mut failure = None;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match rx.recv_timeout(left) {
            Ok(Ok((i, blob))) => each(i, blob),
            Ok(Err(e)) => {
                failure = Some(e);
                break;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                failure = Some(format!(
                    "git cat-file took more than {} s; stopped",
                    TIMEOUT.as_secs()
                ));
                break;
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = writer.join();
    drop(rx);
    let _ = reader.join();
    failure.map_or(Ok(()), Err)
}

/// The commits a shallow clone was cut at (`.git/shallow`): their parents were not fetched, so
/// a file that seems to start there may be older. Empty for a full clone.
pub fn shallow_boundary(root: &Path) -> HashSet<String> {
    let Ok(path) = run(
        root,
        &[
            std::ffi::OsStr::new("rev-parse"),
            std::ffi::OsStr::new("--git-path"),
            std::ffi::OsStr::new("shallow"),
        ],
    ) else {
        return HashSet::new();
    };
    let path = root.join(path.trim());
    std::fs::File::open(path)
        .map(|f| {
            BufReader::new(f.take(MAX_OUTPUT as u64))
                .lines()
                .map_while(Result::ok)
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect()
        })
        .unwrap_or_default()
}
