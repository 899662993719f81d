//! `init`, `report`, `explain`, `schema`, `completions`, and the whole risk table.

use serde_json::Value;

use crate::common::{Dir, code, json_of, stderr, stdout};

fn risk(dir: &Dir, n: usize, statuses: [&str; 4]) -> (String, Vec<String>, Vec<String>) {
    let file = dir.workload(&format!("case-{n}"), statuses);
    let report = dir.report_json(&file);
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| {
                x.as_str()
                    .map(String::from)
                    .unwrap_or_else(|| x["id"].as_str().unwrap().to_string())
            })
            .collect()
    };
    // Drivers are choice ids; the table below reads better in BP numbers.
    let bp = |id: String| {
        let at = report["practices"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["choiceId"] == id.as_str());
        at.map_or(id.clone(), |p| p["id"].as_str().unwrap().to_string())
    };
    (
        report["risk"].as_str().unwrap().to_string(),
        strings(&report["drivers"]).into_iter().map(bp).collect(),
        strings(&report["improvements"]),
    )
}

#[test]
fn risk_table_of_the_documented_model() {
    let dir = Dir::new();
    let s = "selected";
    let u = "unselected";
    let na = "not-applicable";
    let cases: &[([&str; 4], &str, &[&str])] = &[
        (
            ["-", "-", "-", "-"],
            "UNANSWERED",
            &["REL04-BP01", "REL04-BP02", "REL04-BP03", "REL04-BP04"],
        ),
        ([s, s, s, "-"], "UNANSWERED", &["REL04-BP04"]),
        ([s, s, s, s], "NONE", &[]),
        ([u, s, s, s], "HIGH", &["REL04-BP01"]),
        ([s, u, s, s], "HIGH", &["REL04-BP02"]),
        ([s, s, u, s], "NONE", &[]),
        ([s, s, s, u], "MEDIUM", &["REL04-BP04"]),
        ([u, s, s, u], "HIGH", &["REL04-BP01"]),
        ([u, u, u, u], "HIGH", &["REL04-BP01", "REL04-BP02"]),
        ([na, s, s, s], "NONE", &[]),
        ([s, s, na, na], "NONE", &[]),
        ([s, na, u, u], "MEDIUM", &["REL04-BP04"]),
    ];
    for (n, (statuses, want, drivers)) in cases.iter().enumerate() {
        let (got, got_drivers, _) = risk(&dir, n, *statuses);
        assert_eq!(&got, want, "statuses {statuses:?}");
        assert_eq!(&got_drivers, drivers, "drivers of {statuses:?}");
    }
    // BP03 (low) not established leaves the risk at NONE but is listed as an improvement.
    let (_, _, improvements) = risk(&dir, 99, [s, s, u, s]);
    assert_eq!(improvements, ["REL04-BP03"]);
}

#[test]
fn none_of_these_is_high_and_lists_every_improvement() {
    let dir = Dir::new();
    let file = dir.workload("none", ["selected", "selected", "-", "-"]);
    let f = file.to_str().unwrap();
    dir.ok(&["answer", "none", "selected", "--file", f]);
    let report = dir.report_json(&file);
    assert_eq!(report["risk"], "HIGH");
    assert_eq!(report["drivers"][0], "rel_prevent_interaction_failure_no");
    assert_eq!(report["improvements"].as_array().unwrap().len(), 4);
    let statuses: Vec<_> = report["practices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["status"].clone())
        .collect();
    assert!(statuses.iter().all(|s| s == "unselected"), "{statuses:?}");
    // Selecting a practice takes "None of these" back, as in the console.
    dir.ok(&["answer", "BP01", "selected", "--file", f]);
    let v: Value = serde_json::from_str(&dir.read(&file)).unwrap();
    assert_eq!(v["question"]["noneOfThese"], false);
}

#[test]
fn question_not_applicable() {
    let dir = Dir::new();
    let file = dir.workload("not-applicable", ["-", "-", "-", "-"]);
    let f = file.to_str().unwrap();
    dir.ok(&[
        "answer",
        "question",
        "not-applicable",
        "--reason",
        "out-of-scope",
        "--file",
        f,
    ]);
    assert_eq!(dir.report_json(&file)["risk"], "NOT_APPLICABLE");
    dir.ok(&["answer", "question", "applicable", "--file", f]);
    assert_eq!(dir.report_json(&file)["risk"], "UNANSWERED");
}

#[test]
fn report_json_contract() {
    let dir = Dir::new();
    let file = dir.workload(
        "contract",
        ["selected", "unselected", "selected", "not-applicable"],
    );
    let r = dir.report_json(&file);
    assert_eq!(r["risk"], "HIGH");
    let practices = r["practices"].as_array().unwrap();
    let ids: Vec<_> = practices
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["REL04-BP01", "REL04-BP02", "REL04-BP03", "REL04-BP04"]
    );
    assert_eq!(
        practices[0]["choiceId"],
        "rel_prevent_interaction_failure_identify"
    );
    assert_eq!(practices[1]["status"], "unselected");
    assert_eq!(practices[3]["status"], "not-applicable");
    assert_eq!(practices[3]["reason"], "out-of-scope");
}

#[test]
fn table_and_portfolio() {
    let dir = Dir::new();
    let a = dir.workload("alpha", ["selected", "selected", "selected", "selected"]);
    dir.workload("beta", ["unselected", "selected", "selected", "selected"]);
    let one = dir.ok(&["report", a.to_str().unwrap()]);
    assert!(
        one.contains("REL04-BP01") && one.contains("Question risk: NONE"),
        "{one}"
    );
    let many = dir.ok(&["report", "."]);
    assert!(
        many.contains("alpha")
            && many.contains("beta")
            && many.contains("2 workloads, 1 at HIGH risk"),
        "{many}"
    );
    let json: Value = serde_json::from_str(&dir.ok(&["report", ".", "--format", "json"])).unwrap();
    assert_eq!(json["workloads"].as_array().unwrap().len(), 2);
    assert_eq!(json["workloads"][1]["file"], "beta.rel04.json");
}

#[test]
fn notes_are_rendered_inert() {
    let dir = Dir::new();
    let file = dir.workload("inert", ["selected", "-", "-", "-"]);
    let f = file.to_str().unwrap();
    let evil = "ok \u{1b}[2J\u{1b}]0;pwned\u{7} | **bold** <script>x</script>";
    dir.ok(&["answer", "BP01", "selected", "--notes", evil, "--file", f]);
    let table = dir.ok(&["report", f]);
    assert!(
        !table.contains('\u{1b}') && !table.contains('\u{7}'),
        "no control characters reach the terminal"
    );
    let md = dir.ok(&["report", f, "--format", "markdown"]);
    assert!(
        md.contains("ok  \\| \\*\\*bold\\*\\* &lt;script&gt;x&lt;/script&gt;"),
        "{md}"
    );
    // The file keeps exactly what the user wrote.
    let v: Value = serde_json::from_str(&dir.read(&file)).unwrap();
    assert_eq!(
        v["practices"]["rel_prevent_interaction_failure_identify"]["notes"],
        evil
    );
}

#[test]
fn init_refuses_to_overwrite_and_validates() {
    let dir = Dir::new();
    dir.ok(&["init", "--workload", "orders"]);
    dir.fails(
        &["init", "--workload", "other"],
        2,
        &["already exists", "--force"],
    );
    dir.ok(&[
        "init",
        "--workload",
        "other",
        "--force",
        "--environment",
        "preproduction",
        "--owner",
        "ops@example.com",
    ]);
    let v: Value = serde_json::from_str(&dir.read(&dir.file("rel04-answers.json"))).unwrap();
    assert_eq!(v["workload"]["name"], "other");
    assert_eq!(v["workload"]["environment"], "preproduction");
    assert_eq!(v["workload"]["reviewOwner"], "ops@example.com");
    assert_eq!(v["schemaVersion"], 1);
    dir.fails(
        &["init", "--workload", "ab", "--file", "short.json"],
        2,
        &["at least 3"],
    );
    assert!(!dir.file("short.json").exists());
}

#[test]
fn rel04_file_variable_names_the_file() {
    let dir = Dir::new();
    dir.rel04()
        .env("REL04_FILE", "custom.json")
        .args(["init", "--workload", "env-file"])
        .assert()
        .success();
    assert!(dir.file("custom.json").exists());
    dir.rel04()
        .env("REL04_FILE", "custom.json")
        .args(["report"])
        .assert()
        .success();
}

#[test]
fn explain_schema_completions_help() {
    let dir = Dir::new();
    let bp02 = dir.ok(&["explain", "bp2"]);
    assert!(
        bp02.contains("REL04-BP02") && bp02.contains("Checks") && bp02.contains("anti-patterns"),
        "{bp02}"
    );
    let all = dir.ok(&["explain"]);
    assert!(all.contains("REL 4") && all.contains("REL04-BP04"), "{all}");
    let schema: Value = serde_json::from_str(&dir.ok(&["schema"])).unwrap();
    assert!(schema["properties"]["practices"].is_object(), "{schema}");
    assert!(dir.ok(&["completions", "bash"]).contains("rel04"));
    for cmd in [
        "init",
        "answer",
        "report",
        "check",
        "explain",
        "assess",
        "push",
        "pull",
        "diff",
        "schema",
        "completions",
    ] {
        let help = dir.ok(&[cmd, "--help"]);
        assert!(help.contains("Examples:"), "{cmd} --help has examples");
    }
    let out = dir.rel04().arg("frobnicate").output().unwrap();
    assert_eq!(code(&out), 2, "usage error exits 2");
    let out = dir.fails(&["explain", "BP7"], 2, &["BP01"]);
    assert!(stdout(&out).is_empty());
}

/// REL04_TERMINAL decides what is a terminal, for tests and odd setups: colour follows it,
/// and NO_COLOR still wins.
#[test]
fn terminal_override_decides_colour() {
    let dir = Dir::new();
    let a = dir.workload("alpha", ["unselected", "selected", "selected", "selected"]);
    let b = dir.workload("beta", ["selected"; 4]);
    let run = |terminal: &str, no_color: bool| {
        let mut cmd = dir.rel04();
        cmd.env_remove("NO_COLOR").env("REL04_TERMINAL", terminal);
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        let out = cmd.arg("report").arg(&a).arg(&b).output().unwrap();
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        stdout(&out)
    };
    assert!(
        run("all", false).contains("\u{1b}["),
        "colour on a terminal"
    );
    assert!(!run("none", false).contains('\u{1b}'), "none without one");
    assert!(!run("all", true).contains('\u{1b}'), "NO_COLOR wins");
}

/// One file of a folder that cannot be read never takes the others down with it: in every
/// format the report shows the others and the broken file with its error, and exits 2 (the
/// README's `report . --format markdown >> "$GITHUB_STEP_SUMMARY"` still writes the fleet).
#[test]
fn a_broken_file_in_a_folder_is_reported_beside_the_others() {
    let dir = Dir::new();
    dir.workload("payments", ["selected"; 4]);
    dir.workload("ledger", ["unselected", "selected", "selected", "selected"]);
    std::fs::write(dir.file("broken.rel04.json"), "{ \"schemaVersion\": 1,\n").unwrap();
    for (format, says) in [
        ("table", "could not be read"),
        ("markdown", "could not be read"),
        ("json", "\"unread\""),
        ("html", "Files that could not be read"),
    ] {
        let out = dir
            .rel04()
            .args(["report", ".", "--format", format])
            .output()
            .unwrap();
        assert_eq!(code(&out), 2, "{format}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains(says), "{format}: {text}");
        assert!(text.contains("broken.rel04.json"), "{format}: {text}");
        for name in ["payments", "ledger"] {
            assert!(text.contains(name), "{format}: {name} missing: {text}");
        }
        assert!(
            stderr(&out).contains("1 of 3 files could not be read"),
            "{format}: {}",
            stderr(&out)
        );
    }
    let v = json_of(&dir.ok(&["report", "payments.rel04.json", "--format", "json"]));
    assert_eq!(v["workload"], "payments", "one file is reported as before");
}
