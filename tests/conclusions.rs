//! What rel04 concludes follows from what the team answered: the console's record of a
//! finished review, the checks in every conclusion, JUnit against the exit code, hints that
//! name the right file, one way to name files, `diff --exit-code`, output that fits.

use serde_json::Value;

use crate::common::{Dir, World, code, fails, json_of, stderr, stdout};

const BP01: &str = "rel_prevent_interaction_failure_identify";
const BP02: &str = "rel_prevent_interaction_failure_loosely_coupled_system";
const NONE: &str = "rel_prevent_interaction_failure_no";

fn selected(answer: &Value) -> Vec<String> {
    answer["SelectedChoices"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn choice<'a>(answer: &'a Value, id: &str) -> &'a Value {
    answer["ChoiceAnswers"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["ChoiceId"] == id))
        .unwrap_or(&Value::Null)
}

/// A finished review with nothing established reaches the console as "None of these" (HIGH),
/// with each practice's notes kept, not as an unanswered question.
#[test]
fn nothing_established_is_none_of_these_in_the_console() {
    let w = World::new();
    let file = w.dir.workload("legacy", ["unselected"; 4]);
    let f = file.to_str().unwrap();
    w.dir.ok(&[
        "answer",
        "BP02",
        "unselected",
        "--notes",
        "all calls are synchronous",
        "--file",
        f,
    ]);
    let out = w.ok(&["push", "--create", "--file", f]);
    let err = stderr(&out);
    assert!(
        err.contains("Risk: HIGH (the Well-Architected Tool and rel04 agree)"),
        "{err}"
    );
    let id = json_of(&w.dir.read(&file))["workload"]["awsWorkloadId"]
        .as_str()
        .unwrap()
        .to_string();
    let console = w.console(&id);
    assert_eq!(selected(&console), [NONE], "{console}");
    assert_eq!(console["Risk"], "HIGH");
    assert_eq!(choice(&console, BP02)["Notes"], "all calls are synchronous");
    // And it stays in step: nothing to write the second time.
    let out = w.ok(&["diff", "--exit-code", "--file", f]);
    assert!(stdout(&out).contains("No differences"), "{}", stdout(&out));
}

/// A mix of not applicable and not established, nothing selected: the console can only hold it
/// as "None of these", so rel04 says HIGH too, and check explains why.
#[test]
fn nothing_selected_with_some_not_applicable_is_high_everywhere() {
    let w = World::new();
    let file = w.dir.workload(
        "mixed",
        [
            "not-applicable",
            "not-applicable",
            "unselected",
            "not-applicable",
        ],
    );
    let f = file.to_str().unwrap();
    assert_eq!(w.dir.report_json(&file)["risk"], "HIGH");
    let out = w.dir.rel04().args(["check", f]).output().unwrap();
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("no practice is selected"),
        "{}",
        stdout(&out)
    );
    w.ok(&["push", "--create", "--file", f]);
    let id = json_of(&w.dir.read(&file))["workload"]["awsWorkloadId"]
        .as_str()
        .unwrap()
        .to_string();
    let console = w.console(&id);
    assert_eq!(selected(&console), [NONE]);
    assert_eq!(choice(&console, BP01)["Status"], "NOT_APPLICABLE");
    assert_eq!(console["Risk"], "HIGH");
}

/// Every practice not applicable: nothing the console could show as answered, so push writes
/// nothing and says to mark the question not applicable; check warns (fails with --strict).
#[test]
fn every_practice_not_applicable_is_refused_with_the_fix() {
    let w = World::new();
    let file = w.dir.workload("static-site", ["not-applicable"; 4]);
    let f = file.to_str().unwrap();
    w.fails(
        &["push", "--create", "--file", f],
        2,
        &[
            "Every practice is marked not applicable",
            "answer question not-applicable",
        ],
    );
    w.never_called(&["CreateWorkload", "UpdateAnswer", "ListWorkloads"]);
    let out = w.dir.rel04().args(["check", f]).output().unwrap();
    assert_eq!(code(&out), 0, "a warning: {}", stdout(&out));
    assert!(stdout(&out).contains("warning[REL04]"), "{}", stdout(&out));
    let out = w
        .dir
        .rel04()
        .args(["check", f, "--strict"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "{}", stdout(&out));
}

/// A workload created with nothing to write still reports the service's own rating.
#[test]
fn a_new_workload_reports_the_services_risk_by_name() {
    let w = World::new();
    let file = w.dir.workload("fresh", ["-"; 4]);
    let out = w.ok(&["push", "--create", "--file", file.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(err.contains("Risk: UNANSWERED"), "{err}");
    assert!(!err.contains("no risk this rel04 knows"), "{err}");
}

/// The plan follows the checks: a check that holds brings no step, one that does not comes
/// first; the practices are ordered by their risk.
#[test]
fn the_plan_follows_the_checks_worst_first() {
    let dir = Dir::new();
    let file = dir.workload(
        "plan",
        ["unselected", "selected", "unselected", "unselected"],
    );
    let f = file.to_str().unwrap();
    dir.ok(&[
        "answer",
        "BP01",
        "unselected",
        "--check",
        "timeouts=yes",
        "--check",
        "bounded-retries=no",
        "--file",
        f,
    ]);
    let r = dir.report_json(&file);
    let plan = r["improvements"].as_array().unwrap();
    let ids: Vec<&str> = plan.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["REL04-BP01", "REL04-BP04", "REL04-BP03"],
        "High, Medium, Low"
    );
    let steps = plan[0]["steps"].as_array().unwrap();
    assert_eq!(steps[0]["check"], "bounded-retries");
    assert_eq!(
        steps.last().unwrap()["check"],
        Value::Null,
        "the general step last"
    );
    assert!(
        steps.iter().all(|s| s["check"] != "timeouts"),
        "a check that holds brings no step: {steps:?}"
    );
    let bp01 = &r["practices"][0];
    let answers: Vec<(&str, &Value)> = bp01["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), &c["answer"]))
        .collect();
    assert!(
        answers.contains(&("timeouts", &Value::from("yes"))),
        "{answers:?}"
    );
}

/// Failing checks are named in every format of check.
#[test]
fn failing_checks_are_named_in_every_check_format() {
    let dir = Dir::new();
    let file = dir.workload("named", ["unselected", "selected", "selected", "selected"]);
    let f = file.to_str().unwrap();
    dir.ok(&[
        "answer",
        "BP01",
        "unselected",
        "--check",
        "timeouts=no",
        "--file",
        f,
    ]);
    for format in ["text", "json", "junit", "sarif", "github"] {
        let out = dir
            .rel04()
            .args(["check", f, "--format", format])
            .output()
            .unwrap();
        assert_eq!(code(&out), 1, "{format}");
        assert!(
            stdout(&out).contains("timeouts (no)"),
            "{format}: {}",
            stdout(&out)
        );
    }
    let out = dir
        .rel04()
        .args(["check", f, "--format", "json"])
        .output()
        .unwrap();
    let v = json_of(&stdout(&out));
    assert_eq!(
        v["files"][0]["findings"][0]["checks"],
        serde_json::json!(["timeouts"])
    );
}

/// Established while its own checks say no: a warning that names them, a failure with
/// --strict, and a mark in the report.
#[test]
fn established_with_failing_checks_is_seen() {
    let dir = Dir::new();
    let file = dir.workload("doubt", ["selected"; 4]);
    let f = file.to_str().unwrap();
    dir.ok(&[
        "answer",
        "BP01",
        "selected",
        "--check",
        "timeouts=no",
        "--file",
        f,
    ]);
    let out = dir.rel04().args(["check", f]).output().unwrap();
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(
        text.contains("warning[REL04-BP01]") && text.contains("timeouts (no)"),
        "{text}"
    );
    let out = dir.rel04().args(["check", f, "--strict"]).output().unwrap();
    assert_eq!(code(&out), 1);
    let report = dir.ok(&["report", f]);
    assert!(report.contains("checks disagree"), "{report}");
    assert_eq!(dir.report_json(&file)["practices"][0]["contradicted"], true);
}

/// The JUnit question case fails exactly when check exits 1, for every kind of failure.
#[test]
fn junit_fails_exactly_when_check_does() {
    let cases: &[(&[&str], &[&str])] = &[
        (&["unselected", "selected", "selected", "selected"], &[]),
        (&["selected", "selected", "selected", "unselected"], &[]),
        (
            &["selected", "selected", "selected", "unselected"],
            &["--fail-on", "medium"],
        ),
        (&["selected", "selected", "unselected", "selected"], &[]),
        (&["selected", "selected", "selected", "-"], &[]),
        (&["selected"; 4], &[]),
    ];
    for (statuses, extra) in cases {
        let dir = Dir::new();
        let statuses: [&str; 4] = (*statuses).try_into().unwrap();
        let file = dir.workload("junit", statuses);
        let f = file.to_str().unwrap();
        let run = |format: &str| {
            dir.rel04()
                .args(["check", f, "--format", format])
                .args(*extra)
                .output()
                .unwrap()
        };
        let exit = code(&run("text"));
        let xml = stdout(&run("junit"));
        let doc = roxmltree::Document::parse(&xml).expect("well-formed");
        let question = doc
            .descendants()
            .find(|n| {
                n.has_tag_name("testcase")
                    && n.attribute("name")
                        .unwrap_or("")
                        .starts_with("REL 4 question")
            })
            .expect("a question case");
        let failed = question.children().any(|n| n.has_tag_name("failure"));
        assert_eq!(
            failed,
            exit == 1,
            "{statuses:?} {extra:?}: exit {exit}\n{xml}"
        );
    }
}

/// Every hint printed for a file other than the default names it.
#[test]
fn hints_name_the_file_they_are_about() {
    let dir = Dir::new();
    let init = || {
        let args = [
            "init",
            "--workload",
            "elsewhere",
            "--file",
            "svc/rel04.json",
        ];
        dir.rel04().args(args).output().unwrap()
    };
    assert_eq!(code(&init()), 2, "the folder does not exist yet");
    std::fs::create_dir(dir.file("svc")).unwrap();
    let out = init();
    let err = stderr(&out);
    assert!(
        err.contains("`rel04 assess --file svc/rel04.json`")
            && err.contains("`rel04 answer BP01 selected --file svc/rel04.json`"),
        "{err}"
    );
    let out = dir
        .rel04()
        .args(["check", "svc/rel04.json"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("`rel04 assess --only BP01 --file svc/rel04.json`"),
        "{text}"
    );
    // The default file needs no flag.
    dir.ok(&["init", "--workload", "here"]);
    let out = dir.rel04().args(["check"]).output().unwrap();
    assert!(
        stdout(&out).contains("`rel04 assess --only BP01`"),
        "{}",
        stdout(&out)
    );
}

/// check and report take --file as the other commands do; report takes --format text.
#[test]
fn one_way_to_name_files() {
    let dir = Dir::new();
    let a = dir.workload("alpha", ["selected"; 4]);
    let b = dir.workload("beta", ["selected"; 4]);
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let out = dir.ok(&["check", "--file", a, "--file", b]);
    assert!(out.contains("2 of 2 workloads pass"), "{out}");
    let out = dir.ok(&["report", a, "--file", b, "--format", "text"]);
    assert!(out.contains("alpha") && out.contains("beta"), "{out}");
    let out = dir.ok(&["report", "--file", a, "--format", "json"]);
    let v = json_of(&out);
    assert!(
        v.get("questionNotes").is_some() && v.get("question_notes").is_none(),
        "{v}"
    );
}

/// `diff --exit-code`: 1 when push would write, 0 when the sides agree.
#[test]
fn diff_exit_code_gates_on_drift() {
    let w = World::new();
    let (file, _) = w.pushed("drift");
    let f = file.to_str().unwrap();
    assert_eq!(code(&w.run(&["diff", "--exit-code", "--file", f])), 0);
    w.dir.ok(&["answer", "BP02", "selected", "--file", f]);
    let out = w.run(&["diff", "--exit-code", "--file", f]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(code(&w.run(&["diff", "--file", f])), 0, "without the flag");
}

/// No line wider than COLUMNS, and no word cut, in report, check and a many-file push.
#[test]
fn output_fits_the_width() {
    let w = World::new();
    let file = w.dir.workload(
        "checkout-service",
        ["selected", "unselected", "selected", "-"],
    );
    let f = file.to_str().unwrap();
    w.dir.ok(&[
        "answer",
        "BP02",
        "unselected",
        "--notes",
        "payments and ledger are called synchronously on every single charge request",
        "--file",
        f,
    ]);
    for width in [40usize, 60, 80] {
        let columns = width.to_string();
        let run = |args: &[&str]| {
            let out = w
                .dir
                .rel04()
                .env("COLUMNS", &columns)
                .env("AWS_ACCESS_KEY_ID", "test")
                .env("AWS_SECRET_ACCESS_KEY", "test")
                .env("AWS_REGION", "us-east-1")
                .env(
                    "AWS_ENDPOINT_URL_WELLARCHITECTED",
                    w.emulator.endpoint_url(),
                )
                .args(args)
                .output()
                .unwrap();
            // A one-file dry run's stdout is the JSON request, data that is not wrapped.
            if args.contains(&"--file") {
                stderr(&out)
            } else {
                format!("{}{}", stdout(&out), stderr(&out))
            }
        };
        for args in [
            vec!["report", f],
            vec!["check", f],
            vec!["push", f, "--create", "--dry-run"],
            vec!["push", "--file", f, "--create", "--dry-run"],
        ] {
            let text = run(&args);
            for line in text.lines() {
                // A word longer than the width (a URL) or a command in backticks, kept whole to
                // copy, may stand alone on its line.
                let body = line.trim();
                let alone = !body.contains(' ')
                    || (body.starts_with('`')
                        && body.trim_end_matches(['.', ',', ';']).ends_with('`'));
                assert!(
                    line.chars().count() <= width || alone,
                    "{args:?} at {width}: {line:?}\n{text}"
                );
            }
            assert!(
                text.contains("checkout-service"),
                "{args:?} at {width}:\n{text}"
            );
        }
    }
}

/// An empty folder is one clear error, not "0 of 0 pass" beside it.
#[test]
fn check_with_nothing_to_check_says_so_once() {
    let dir = Dir::new();
    let out = dir.rel04().args(["check"]).output().unwrap();
    fails(&out, 2, &["the answers file could not be checked"]);
    assert_eq!(stdout(&out), "", "no tally of nothing");
}

/// A pulled console edit is stamped as coming from the console.
#[test]
fn pull_says_where_an_answer_came_from() {
    let w = World::new();
    let (file, id) = w.pushed("stamp");
    w.edit_console(
        &id,
        serde_json::json!({"ChoiceUpdates": {BP02: {"Status": "SELECTED"}}}),
    );
    w.ok(&["pull", "--file", file.to_str().unwrap()]);
    let v = json_of(&w.dir.read(&file));
    let by = v["practices"][BP02]["answeredBy"].as_str().unwrap();
    assert_eq!(by, "Well-Architected Tool (pulled by tester@example.com)");
}
