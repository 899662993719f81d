//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use wa_emulator::{Emulator, Faults};

pub const BP: [&str; 4] = ["BP01", "BP02", "BP03", "BP04"];

/// A temporary folder with `rel04` ready to run in it.
pub struct Dir {
    pub tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// `rel04` in this folder: HOME here, no AWS or rel04 variables from the caller, no colour.
    pub fn rel04(&self) -> Command {
        let mut cmd = Command::cargo_bin("rel04").expect("binary built");
        cmd.current_dir(self.path());
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy().to_string();
            if key.starts_with("AWS_")
                || key.starts_with("REL04_")
                || key == "NO_COLOR"
                || key == "CI"
            {
                cmd.env_remove(&key);
            }
        }
        // Wide enough that no message wraps: these tests read meaning; the snapshots and the
        // width tests read the layout.
        cmd.env("HOME", self.path())
            .env("REL04_USER", "tester@example.com")
            .env("NO_COLOR", "1")
            .env("COLUMNS", "1000");
        cmd
    }

    /// Runs rel04 and expects success.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.rel04().args(args).output().expect("runs");
        assert!(
            out.status.success(),
            "rel04 {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    /// Runs rel04 and expects it to fail with exit code `code` and a stderr containing every one
    /// of `says`.
    #[track_caller]
    pub fn fails(&self, args: &[&str], code: i32, says: &[&str]) -> Output {
        let out = self.rel04().args(args).output().expect("runs");
        expect_failure(&out, code, says, &format!("rel04 {args:?}"));
        out
    }

    /// A workload whose four practices have these statuses ("-" leaves one unanswered).
    pub fn workload(&self, name: &str, statuses: [&str; 4]) -> PathBuf {
        let file = format!("{name}.rel04.json");
        self.ok(&["init", "--workload", name, "--file", &file]);
        for (bp, status) in BP.iter().zip(statuses) {
            match status {
                "-" => {}
                "not-applicable" => {
                    self.ok(&[
                        "answer",
                        bp,
                        status,
                        "--reason",
                        "out-of-scope",
                        "--file",
                        &file,
                    ]);
                }
                _ => {
                    self.ok(&["answer", bp, status, "--file", &file]);
                }
            }
        }
        self.file(&file)
    }

    pub fn report_json(&self, file: &Path) -> Value {
        let out = self.ok(&[
            "report",
            "--format",
            "json",
            file.to_str().expect("utf-8 path"),
        ]);
        serde_json::from_str(&out).expect("report --format json prints JSON")
    }

    pub fn read(&self, file: &Path) -> String {
        std::fs::read_to_string(file).expect("readable")
    }

    pub fn edit(&self, file: &Path, f: impl FnOnce(&mut Value)) {
        let mut v: Value = serde_json::from_str(&self.read(file)).expect("json");
        f(&mut v);
        std::fs::write(file, serde_json::to_string_pretty(&v).expect("json")).expect("write");
    }
}

/// A temporary folder and a local Well-Architected Tool (the emulator) to sync with.
pub struct World {
    pub dir: Dir,
    pub emulator: Emulator,
}

impl World {
    pub fn new() -> World {
        World::with_faults(Faults::default())
    }

    pub fn with_faults(faults: Faults) -> World {
        World {
            dir: Dir::new(),
            emulator: Emulator::start(faults).expect("emulator starts"),
        }
    }

    /// rel04 with test credentials, a Region and the emulator as endpoint (STS included).
    pub fn run(&self, args: &[&str]) -> Output {
        self.dir
            .rel04()
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_REGION", "us-east-1")
            // Roles are assumed at the emulator too (STS keeps its own endpoint).
            .env("AWS_ENDPOINT_URL_STS", self.emulator.endpoint_url())
            .args(args)
            .args(["--endpoint-url", &self.emulator.endpoint_url()])
            .output()
            .expect("runs")
    }

    /// An edit "in the console": an UpdateAnswer body applied straight to the emulator's state.
    pub fn edit_console(&self, id: &str, update: Value) {
        if let Err(e) = self.emulator.edit_answer(id, update) {
            panic!("the emulator refused the console edit: {e}");
        }
    }

    pub fn ok(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert_eq!(
            code(&out),
            0,
            "rel04 {args:?} failed:\n{}\n{}",
            stderr(&out),
            stdout(&out)
        );
        out
    }

    /// Runs rel04 against the emulator and expects it to fail with exit code `code` and a
    /// stderr containing every one of `says`.
    #[track_caller]
    pub fn fails(&self, args: &[&str], code: i32, says: &[&str]) -> Output {
        let out = self.run(args);
        expect_failure(&out, code, says, &format!("rel04 {args:?}"));
        out
    }

    /// Asserts that the emulator received no request for any of `operations`.
    #[track_caller]
    pub fn never_called(&self, operations: &[&str]) {
        for operation in operations {
            assert_eq!(self.emulator.requests(operation), 0, "{operation}");
        }
    }

    /// A file with these statuses, notes on BP01 and the question, pushed with `--create`;
    /// returns the file and the workload id.
    pub fn pushed(&self, name: &str) -> (PathBuf, String) {
        let file = self
            .dir
            .workload(name, ["selected", "unselected", "not-applicable", "-"]);
        let f = file.to_str().unwrap();
        self.dir.ok(&[
            "answer", "BP01", "selected", "--notes", "timeouts", "--file", f,
        ]);
        self.dir.ok(&[
            "answer",
            "question",
            "applicable",
            "--notes",
            "reviewed with SRE",
            "--file",
            f,
        ]);
        self.ok(&["push", "--create", "--file", f]);
        let id = json_of(&self.dir.read(&file))["workload"]["awsWorkloadId"]
            .as_str()
            .expect("push records the workload id")
            .to_string();
        (file, id)
    }

    pub fn console(&self, id: &str) -> Value {
        self.emulator
            .answer(id)
            .expect("the workload has an answer")
    }
}

pub fn json_of(text: &str) -> Value {
    serde_json::from_str(text).expect("json")
}

/// Expects a run that failed with exit code `code` and a stderr containing every one of `says`.
#[track_caller]
pub fn fails(out: &Output, code: i32, says: &[&str]) {
    expect_failure(out, code, says, "the command");
}

#[track_caller]
fn expect_failure(out: &Output, want: i32, says: &[&str], what: &str) {
    let (got, err) = (code(out), stderr(out));
    assert_eq!(
        got,
        want,
        "{what} exited {got}, expected {want}\nstderr:\n{err}\nstdout:\n{}",
        stdout(out)
    );
    for text in says {
        assert!(
            err.contains(text),
            "{what}: stderr does not say {text:?}:\n{err}"
        );
    }
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}
