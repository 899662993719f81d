//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

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
        cmd.env("HOME", self.path())
            .env("REL04_USER", "tester@example.com")
            .env("NO_COLOR", "1");
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

pub fn code(out: &std::process::Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}
