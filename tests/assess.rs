//! `rel04 assess` end to end in a real terminal: tmux runs it, send-keys types, capture-pane
//! reads the screen. A whole review, an interrupt midway, the resume, and the file checked.
//! `.ci/run` installs tmux; without it these tests fail and say so.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{Dir, code};

const CATALOGUE: &str = include_str!("../questions/rel04.json");

fn check_counts() -> Vec<usize> {
    let c: Value = serde_json::from_str(CATALOGUE).unwrap();
    c["question"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["bp"].is_string())
        .map(|c| c["checks"].as_array().unwrap().len())
        .collect()
}

/// `rel04 assess` in its own tmux server, in `dir`; its exit code lands in `exit-code`.
struct Tmux {
    socket: String,
    dir: std::path::PathBuf,
}

impl Tmux {
    fn start(dir: &Dir, name: &str) -> Tmux {
        let socket = format!("rel04-test-{}-{name}", std::process::id());
        let bin = assert_cmd::cargo::cargo_bin("rel04");
        let _ = std::fs::remove_file(dir.file("exit-code"));
        let script = format!(
            "cd '{}' && env -u REL04_FILE REL04_USER=pty@example.com NO_COLOR=1 TERM=xterm '{}' assess; echo $? > exit-code; sleep 60",
            dir.path().display(),
            bin.display()
        );
        let status = Command::new("tmux")
            .args(["-L", &socket, "-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "50", &script])
            .status()
            .expect("tmux must be installed to test the questionnaire in a terminal (apt-get install tmux)");
        assert!(status.success(), "tmux new-session failed");
        Tmux {
            socket,
            dir: dir.path().to_path_buf(),
        }
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p"])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    /// Waits until the screen shows `text`, then lets the prompt settle.
    fn wait(&self, text: &str) {
        let start = Instant::now();
        while !self.screen().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited 20 s for {text:?}; the screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(40));
        }
        std::thread::sleep(Duration::from_millis(80));
    }

    fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "0"])
            .args(keys)
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }

    fn text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "0", "-l", text])
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }

    /// The exit code of `rel04 assess`, once it has ended.
    fn exit_code(&self) -> i32 {
        let start = Instant::now();
        loop {
            if let Ok(text) = std::fs::read_to_string(self.dir.join("exit-code"))
                && let Ok(code) = text.trim().parse()
            {
                return code;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "assess did not end; the screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

#[test]
fn whole_review_interrupt_and_resume_in_a_terminal() {
    let dir = Dir::new();
    let counts = check_counts();
    let t = Tmux::start(&dir, "review");
    t.wait("? Workload name");
    t.keys(&["BSpace"; 30]); // the folder name is the default; clear it
    t.text("pty-shop");
    t.keys(&["Enter"]);
    t.wait("? Environment");
    t.keys(&["Enter"]);
    t.wait("? Review owner");
    t.keys(&["Enter"]);
    t.wait("? Does REL 4 apply");
    t.keys(&["Enter"]);
    // BP01's first check: "Not sure" is the default; one step down wraps to "Yes".
    t.wait("? [1/");
    t.keys(&["Down", "Enter"]);
    t.wait("? [2/");
    t.keys(&["C-c"]);
    assert_eq!(t.exit_code(), 130, "Ctrl-C exits 130");
    assert!(t.screen().contains("Every answer given so far is saved"));
    let saved: Value = serde_json::from_str(&dir.read(&dir.file("rel04-answers.json"))).unwrap();
    assert_eq!(saved["workload"]["name"], "pty-shop");
    assert_eq!(
        saved["practices"]["rel_prevent_interaction_failure_identify"]["checks"]["dep-inventory"],
        "yes"
    );
    drop(t);

    // Resume at BP01's second check; answer every check "Yes" and take the suggestions.
    let t = Tmux::start(&dir, "resume");
    t.wait("Resuming");
    for (i, n) in counts.iter().enumerate() {
        let first = if i == 0 { 2 } else { 1 };
        for k in first..=*n {
            t.wait(&format!("? [{k}/{n}]"));
            if i == 1 && k == 2 {
                // Esc goes back one step: to BP02's first check, answered again with Enter.
                t.keys(&["Escape"]);
                t.wait(&format!("? [1/{n}]"));
                t.keys(&["Enter"]);
                t.wait(&format!("? [2/{n}]"));
            }
            // A single key answers a check, no Enter needed.
            t.keys(&["y"]);
        }
        let bp = format!("REL04-BP0{}", i + 1);
        t.wait(&format!("{bp} looks established"));
        t.wait(&format!("? {bp}: is this practice established?"));
        t.keys(&["Enter"]);
        t.wait(&format!("? {bp} notes:"));
        if i == 0 {
            t.text("abc");
            t.wait("(3 characters of 250)");
        }
        t.keys(&["Enter"]);
    }
    t.wait("? Notes on REL 4 as a whole");
    t.keys(&["Enter"]);
    assert_eq!(t.exit_code(), 0, "{}", t.screen());
    let screen = t.screen();
    assert!(
        screen.contains("Question risk: NONE") && screen.contains("Next steps"),
        "{screen}"
    );

    let out = dir.rel04().arg("check").output().unwrap();
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
    let saved: Value = serde_json::from_str(&dir.read(&dir.file("rel04-answers.json"))).unwrap();
    assert_eq!(
        saved["practices"]["rel_prevent_interaction_failure_identify"]["notes"],
        "abc"
    );
    assert_eq!(
        saved["practices"]["rel_prevent_interaction_failure_loosely_coupled_system"]["checks"]["async-handoff"],
        "yes",
        "Esc went back and Enter kept the earlier answer"
    );
}

#[test]
fn without_a_terminal_assess_points_to_answer_and_check() {
    let dir = Dir::new();
    dir.fails(&["assess"], 2, &["rel04 answer", "rel04 check"]);
    assert!(!dir.file("rel04-answers.json").exists());
}

#[test]
fn a_second_writer_is_refused() {
    let dir = Dir::new();
    dir.ok(&["init", "--workload", "locked"]);
    let t = Tmux::start(&dir, "lock");
    t.wait("? Does REL 4 apply");
    dir.fails(
        &["answer", "BP01", "selected"],
        2,
        &["already changing answers"],
    );
    t.keys(&["C-c"]);
    assert_eq!(t.exit_code(), 130);
    dir.ok(&["answer", "BP01", "selected"]);
}
