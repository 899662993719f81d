//! `rel04 answer` and bad input: every error names the place and what to do, never a panic.

use serde_json::Value;

use crate::common::{Dir, fails, stderr};

#[test]
fn answer_records_status_notes_checks_and_who() {
    let dir = Dir::new();
    let file = dir.workload("who", ["-", "-", "-", "-"]);
    let f = file.to_str().unwrap();
    dir.ok(&[
        "answer",
        "REL04-BP01",
        "selected",
        "--notes",
        "see ADR-7",
        "--check",
        "timeouts=yes",
        "--check",
        "bounded-retries=unsure",
        "--file",
        f,
    ]);
    let v: Value = serde_json::from_str(&dir.read(&file)).unwrap();
    let a = &v["practices"]["rel_prevent_interaction_failure_identify"];
    assert_eq!(a["status"], "selected");
    assert_eq!(a["notes"], "see ADR-7");
    assert_eq!(a["checks"]["timeouts"], "yes");
    assert_eq!(a["checks"]["bounded-retries"], "unsure");
    assert_eq!(a["answeredBy"], "tester@example.com");
    assert!(a["answeredAt"].as_str().unwrap().ends_with('Z'));
    // A later answer without --notes keeps them; "" clears them.
    dir.ok(&[
        "answer",
        "rel_prevent_interaction_failure_identify",
        "unselected",
        "--file",
        f,
    ]);
    let v: Value = serde_json::from_str(&dir.read(&file)).unwrap();
    assert_eq!(
        v["practices"]["rel_prevent_interaction_failure_identify"]["notes"],
        "see ADR-7"
    );
    dir.ok(&["answer", "BP01", "unselected", "--notes", "", "--file", f]);
    let v: Value = serde_json::from_str(&dir.read(&file)).unwrap();
    assert_eq!(
        v["practices"]["rel_prevent_interaction_failure_identify"]["notes"],
        ""
    );
}

#[test]
fn one_answer_is_a_small_diff() {
    let dir = Dir::new();
    let file = dir.workload("diff", ["selected", "selected", "-", "-"]);
    let before = dir.read(&file);
    dir.ok(&[
        "answer",
        "BP03",
        "selected",
        "--file",
        file.to_str().unwrap(),
    ]);
    let after = dir.read(&file);
    let changed = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(before.lines().count(), after.lines().count());
    assert!(
        changed <= 3,
        "status, answeredBy and answeredAt at most: {changed} lines changed"
    );
}

#[test]
fn usage_mistakes_say_what_to_do() {
    let dir = Dir::new();
    let file = dir.workload("mistakes", ["-", "-", "-", "-"]);
    let f = file.to_str().unwrap();
    let before = dir.read(&file);
    let cases: &[(&[&str], &str)] = &[
        (&["answer", "BP9", "selected"], "use one of BP01"),
        (&["answer", "BP01", "maybe"], "selected (established)"),
        (&["answer", "BP01", "not-applicable"], "--reason"),
        (
            &["answer", "BP01", "selected", "--reason", "other"],
            "only goes with not-applicable",
        ),
        (
            &["answer", "BP01", "selected", "--check", "nope=yes"],
            "its checks are",
        ),
        (
            &["answer", "BP01", "selected", "--check", "timeouts"],
            "ID=yes",
        ),
        (
            &["answer", "none", "selected", "--notes", "x"],
            "takes no --reason",
        ),
        (&["answer", "question", "not-applicable"], "--reason"),
    ];
    for (args, hint) in cases {
        let args = [*args, &["--file", f][..]].concat();
        dir.fails(&args, 2, &[hint]);
    }
    let long = "x".repeat(300);
    dir.fails(
        &["answer", "BP02", "selected", "--notes", &long, "--file", f],
        2,
        &["300 characters, 50 over"],
    );
    let q = "q".repeat(2100);
    let out = dir
        .rel04()
        .args([
            "answer",
            "question",
            "applicable",
            "--notes",
            &q,
            "--file",
            f,
        ])
        .output()
        .unwrap();
    assert!(stderr(&out).contains("16 over"), "{}", stderr(&out));
    assert_eq!(dir.read(&file), before, "refused answers change nothing");
}

#[test]
fn missing_file_points_to_init() {
    let dir = Dir::new();
    dir.fails(
        &["answer", "BP01", "selected"],
        2,
        &["rel04-answers.json", "rel04 init"],
    );
}

/// A broken file is reported as path:line:column with what was expected, exit 2, no panic.
#[test]
fn bad_files_report_place_and_fix() {
    let dir = Dir::new();
    let good = dir.workload("good", ["selected", "-", "-", "-"]);
    let text = dir.read(&good);
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "syntax.json",
            text.replacen("\"status\": \"selected\",", "\"status\": \"selected\"", 1),
            "syntax.json:22:7: expected `,` or `}`",
        ),
        (
            "truncated.json",
            text[..text.len() / 2].to_string(),
            "not valid JSON",
        ),
        (
            "type.json",
            text.replace("\"noneOfThese\": false", "\"noneOfThese\": \"no\""),
            "question.noneOfThese: invalid type: string \"no\", expected a boolean",
        ),
        (
            "list.json",
            text.replacen("\"workload\": {", "\"workload\": [{", 1)
                .replacen("},\n  \"question\"", "}],\n  \"question\"", 1),
            "workload: expected an object { ... }, found a list",
        ),
        (
            "newer.json",
            text.replace("\"schemaVersion\": 1", "\"schemaVersion\": 99"),
            "upgrade rel04",
        ),
        (
            "unknown-id.json",
            text.replace(
                "rel_prevent_interaction_failure_constant_work",
                "rel_prevent_interaction_failure_magic",
            ),
            "the REL 4 practices are",
        ),
        (
            "status.json",
            text.replacen("\"status\": \"selected\"", "\"status\": \"done\"", 1),
            "expected one of `unanswered`, `selected`",
        ),
        (
            "extra.json",
            text.replacen(
                "\"schemaVersion\": 1,",
                "\"schemaVersion\": 1,\n  \"colour\": 1,",
                1,
            ),
            "unknown field `colour`",
        ),
        (
            "notes.json",
            text.replacen(
                "\"notes\": \"\"",
                &format!("\"notes\": \"{}\"", "n".repeat(2100)),
                1,
            ),
            "question.notes are 2100 characters, 16 over",
        ),
        ("empty.json", String::new(), "not valid JSON"),
        (
            "array.json",
            "[]".to_string(),
            "expected a JSON object, found a list",
        ),
        (
            "no-version.json",
            "{}".to_string(),
            "not a rel04 answers file",
        ),
        (
            "binary.json",
            "\u{0}\u{1}garbage".to_string(),
            "not valid JSON",
        ),
    ];
    for (name, content, hint) in cases {
        let path = dir.file(name);
        std::fs::write(&path, content).unwrap();
        for cmd in ["check", "report"] {
            let err = stderr(&dir.fails(&[cmd, name], 2, &[name, hint]));
            assert!(!err.contains("panicked"), "{err}");
        }
    }
    std::fs::write(
        dir.file("latin1.json"),
        b"{\"schemaVersion\": 1, \"x\": \"\xe9\"}",
    )
    .unwrap();
    dir.fails(&["check", "latin1.json"], 2, &["UTF-8"]);
}

/// A full disk (simulated with a file-size limit) leaves the old file exactly as it was.
#[cfg(unix)]
#[test]
fn failed_write_leaves_old_file() {
    let dir = Dir::new();
    let file = dir.workload("fulldisk", ["selected", "-", "-", "-"]);
    let before = dir.read(&file);
    let bin = assert_cmd::cargo::cargo_bin("rel04");
    let script = format!(
        "trap '' XFSZ; ulimit -f 1; exec '{}' answer BP02 selected --notes 'this answer does not fit' --file '{}'",
        bin.display(),
        file.display()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .env("REL04_USER", "tester@example.com")
        .output()
        .unwrap();
    fails(&out, 2, &["cannot save", "left as it was"]);
    assert_eq!(dir.read(&file), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().to_string();
            name.ends_with(".tmp").then_some(name)
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Values quoted from a file in an error cannot drive the terminal or fake a CI command.
#[test]
fn errors_quoting_the_file_are_inert() {
    let dir = Dir::new();
    let file = dir.workload("inert-errors", ["selected", "-", "-", "-"]);
    dir.edit(&file, |v| {
        v["practices"]["rel_prevent_interaction_failure_identify"]["answeredAt"] =
            "x\u{1b}]0;pwned\u{7}\n::error file=README.md::fake".into();
    });
    let out = dir.fails(&["check", file.to_str().unwrap()], 2, &["answeredAt"]);
    let err = stderr(&out);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(!err.lines().any(|l| l.starts_with("::")), "{err}");
}
