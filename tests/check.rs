//! `rel04 check`: exit codes, policy, and every output format.

use serde_json::Value;

use crate::common::{Dir, code, fails, stderr, stdout};

fn check(dir: &Dir, args: &[&str]) -> std::process::Output {
    dir.rel04().arg("check").args(args).output().unwrap()
}

#[test]
fn exit_codes_follow_the_threshold() {
    let dir = Dir::new();
    let fine = dir.workload("fine", ["selected", "selected", "unselected", "selected"]);
    let medium = dir.workload("medium", ["selected", "selected", "selected", "unselected"]);
    let high = dir.workload("high", ["selected", "unselected", "selected", "selected"]);
    let open = dir.workload("open", ["selected", "selected", "selected", "-"]);
    let p = |f: &std::path::Path| f.to_str().unwrap().to_string();
    assert_eq!(code(&check(&dir, &[&p(&fine)])), 0);
    assert_eq!(
        code(&check(&dir, &[&p(&medium)])),
        0,
        "MEDIUM passes the default threshold"
    );
    let out = check(&dir, &[&p(&medium), "--fail-on", "medium"]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("error[REL04-BP04]"),
        "{}",
        stdout(&out)
    );
    assert_eq!(code(&check(&dir, &[&p(&high)])), 1);
    let out = check(&dir, &[&p(&open)]);
    assert_eq!(code(&out), 1, "an unanswered practice fails");
    assert!(
        stdout(&out).contains("not answered yet"),
        "{}",
        stdout(&out)
    );
    // BP03 (low) not established is a warning, never a failure.
    let out = check(&dir, &[&p(&fine), "--fail-on", "medium"]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("warning[REL04-BP03]"),
        "{}",
        stdout(&out)
    );
    // An unusable input beats a policy failure.
    let out = check(&dir, &[&p(&high), "missing.json"]);
    assert_eq!(code(&out), 2);
    assert!(
        stdout(&out).contains("high"),
        "the usable file is still reported"
    );
}

#[test]
fn not_applicable_without_reason_fails() {
    let dir = Dir::new();
    let file = dir.workload(
        "noreason",
        ["selected", "selected", "selected", "not-applicable"],
    );
    let f = file.to_str().unwrap();
    assert_eq!(code(&check(&dir, &[f])), 0);
    dir.edit(&file, |v| {
        v["practices"]["rel_prevent_interaction_failure_idempotent"]["reason"] = Value::Null
    });
    let out = check(&dir, &[f]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("no reason"), "{}", stdout(&out));
    dir.edit(&file, |v| {
        v["practices"]["rel_prevent_interaction_failure_idempotent"]["reason"] = "other".into();
        v["question"]["applicable"] = false.into();
    });
    let out = check(&dir, &[f]);
    assert_eq!(code(&out), 1, "question not applicable with no reason");
    assert!(
        stdout(&out).contains("REL04]") && stdout(&out).contains("no reason"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn stale_answers_fail_with_max_age() {
    let dir = Dir::new();
    let file = dir.workload("stale", ["selected", "selected", "selected", "selected"]);
    let f = file.to_str().unwrap();
    assert_eq!(code(&check(&dir, &[f, "--max-age", "30"])), 0);
    dir.edit(&file, |v| {
        v["practices"]["rel_prevent_interaction_failure_constant_work"]["answeredAt"] =
            "2020-01-01T00:00:00Z".into()
    });
    let out = check(&dir, &[f, "--max-age", "30"]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("error[REL04-BP03]")
            && stdout(&out).contains("over the maximum age of 30 days"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        code(&check(&dir, &[f])),
        0,
        "without --max-age age does not matter"
    );
}

#[test]
fn folder_argument_checks_every_answers_file() {
    let dir = Dir::new();
    dir.workload("one", ["selected", "selected", "selected", "selected"]);
    dir.workload("two", ["selected", "selected", "selected", "selected"]);
    std::fs::create_dir_all(dir.file("svc/.git")).unwrap();
    std::fs::write(dir.file("svc/.git/rel04-answers.json"), "not even json").unwrap();
    std::fs::write(dir.file("svc/other.json"), "{}").unwrap();
    let out = check(&dir, &["."]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("2 of 2 workloads pass"),
        "{}",
        stdout(&out)
    );
    fails(&check(&dir, &["svc"]), 2, &["no answers files"]);
}

#[test]
fn json_format() {
    let dir = Dir::new();
    let file = dir.workload("json", ["unselected", "selected", "selected", "selected"]);
    let out = check(&dir, &[file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code(&out), 1);
    let v: Value = serde_json::from_str(&stdout(&out)).expect("only JSON on stdout");
    assert_eq!(v["passed"], false);
    assert_eq!(v["files"][0]["risk"], "HIGH");
    assert_eq!(v["files"][0]["findings"][0]["rule"], "REL04-BP01");
    assert_eq!(
        v["files"][0]["findings"][0]["line"],
        status_line(&dir.read(&file), "identify")
    );
}

#[test]
fn junit_is_well_formed_with_a_case_per_practice() {
    let dir = Dir::new();
    let a = dir.workload("a<&>\"", ["unselected", "selected", "selected", "selected"]);
    let b = dir.workload("bee", ["selected", "selected", "selected", "selected"]);
    dir.ok(&[
        "answer",
        "BP01",
        "unselected",
        "--notes",
        "bad \u{1b}[31m <xml> & \"quotes\"",
        "--file",
        a.to_str().unwrap(),
    ]);
    let out = check(
        &dir,
        &[
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--format",
            "junit",
        ],
    );
    assert_eq!(code(&out), 1);
    let xml = stdout(&out);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("10"));
    // BP01's case and the question's: the question fails whenever the file fails the check.
    assert_eq!(root.attribute("failures"), Some("2"));
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 2);
    assert!(suites[0].attribute("name").unwrap().starts_with("a<&>\""));
    let failed: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .collect();
    assert_eq!(failed.len(), 2);
    assert_eq!(failed[0].attribute("type"), Some("REL04"));
    assert_eq!(failed[1].attribute("type"), Some("REL04-BP01"));
    assert!(
        failed[1]
            .parent()
            .unwrap()
            .attribute("name")
            .unwrap()
            .starts_with("REL04-BP01")
    );
}

#[test]
fn sarif_has_rules_per_practice_and_located_results() {
    let dir = Dir::new();
    let file = dir.workload("sarif", ["selected", "unselected", "unselected", "-"]);
    let out = check(&dir, &["sarif.rel04.json", "--format", "sarif"]);
    assert_eq!(code(&out), 1);
    let log: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "rel04");
    let rules: Vec<_> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "REL04",
            "REL04-BP01",
            "REL04-BP02",
            "REL04-BP03",
            "REL04-BP04"
        ]
    );
    for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
        assert!(rule["shortDescription"]["text"].is_string() && rule["help"]["text"].is_string());
    }
    let results = run["results"].as_array().unwrap();
    let text = dir.read(&file);
    let lines: Vec<&str> = text.lines().collect();
    let by_rule = |id: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == id)
            .unwrap_or_else(|| panic!("no result for {id}"))
    };
    for (rule, level, choice) in [
        ("REL04-BP02", "error", "loosely_coupled_system"),
        ("REL04-BP03", "warning", "constant_work"),
        ("REL04-BP04", "error", "idempotent"),
    ] {
        let r = by_rule(rule);
        assert_eq!(r["level"], level, "{rule}");
        assert_eq!(
            r["ruleIndex"],
            rules.iter().position(|x| *x == rule).unwrap()
        );
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "sarif.rel04.json");
        let line = loc["region"]["startLine"].as_u64().unwrap() as usize;
        assert!(
            lines[line - 1].contains("\"status\""),
            "{rule} points at its status line"
        );
        assert!(
            lines[line - 2].contains(choice),
            "{rule} line {line} sits under its choice id"
        );
    }
}

#[test]
fn github_annotations() {
    let dir = Dir::new();
    dir.workload("ghw", ["unselected", "selected", "selected", "selected"]);
    let out = check(&dir, &["ghw.rel04.json", "--format", "github"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    let line = status_line(&dir.read(&dir.file("ghw.rel04.json")), "identify");
    let want = format!("::error file=ghw.rel04.json,line={line},title=REL04-BP01 ghw::REL04-BP01");
    assert!(text.lines().any(|l| l.starts_with(&want)), "{want}\n{text}");
}

/// The line of the `status` of the practice whose choice id contains `choice`.
fn status_line(text: &str, choice: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(choice))
        .expect("choice present");
    at + 1
        + lines[at..]
            .iter()
            .position(|l| l.contains("\"status\""))
            .expect("status present")
}
