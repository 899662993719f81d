//! `rel04 evidence` on fixtures: every rule fires on its positive files and not on its
//! negative ones, a real-shaped repository gives exactly the findings its EXPECTED.md lists,
//! SARIF lands on the gap lines, and files that cannot be parsed are warnings, not failures.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{Dir, code, json_of, stderr, stdout};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evidence")
}

fn evidence_json(dir: &Dir, path: &Path) -> Value {
    let out = dir
        .rel04()
        .args(["evidence", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}: {}", path.display(), stderr(&out));
    json_of(&stdout(&out))
}

fn rule_ids(v: &Value) -> BTreeSet<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["rule"].as_str().unwrap().to_string())
        .collect()
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// The ids of the shipped rules, read from the rules file as a user would.
fn shipped_rules() -> Vec<String> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("questions/evidence.json"),
    )
    .unwrap();
    json_of(&text)["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

/// Precision: each rule fires on every positive file on its own, and on no negative file.
#[test]
fn every_rule_fires_on_its_positives_only() {
    let dir = Dir::new();
    let rules = shipped_rules();
    let folders: BTreeSet<String> = files_in(&fixtures().join("rules"))
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    assert_eq!(
        folders,
        rules.iter().cloned().collect::<BTreeSet<_>>(),
        "one fixture folder per rule"
    );
    for rule in &rules {
        let base = fixtures().join("rules").join(rule);
        let positives = files_in(&base.join("positive"));
        let negatives = files_in(&base.join("negative"));
        assert!(!positives.is_empty() && !negatives.is_empty(), "{rule}");
        for file in positives {
            let found = rule_ids(&evidence_json(&dir, &file));
            assert!(
                found.contains(rule),
                "{rule} does not fire on {}",
                file.display()
            );
        }
        for file in negatives {
            let found = rule_ids(&evidence_json(&dir, &file));
            assert!(!found.contains(rule), "{rule} fires on {}", file.display());
        }
    }
}

/// (file, line, rule, kind) rows of the tables in the shop's EXPECTED.md.
fn expected_shop() -> BTreeSet<(String, u64, String, String)> {
    let text = std::fs::read_to_string(fixtures().join("shop/EXPECTED.md")).unwrap();
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let (file, line) = cells.get(1)?.rsplit_once(':')?;
            let line: u64 = line.parse().ok()?;
            Some((
                file.to_string(),
                line,
                cells[2].to_string(),
                cells[3].to_string(),
            ))
        })
        .collect()
}

/// The "done when": a SAM app, a Terraform module, Python and TypeScript handlers and
/// a synthesized CDK template give, per practice, exactly the supports and gaps expected, at
/// their file and line; ignored and vendored files are not read.
#[test]
fn a_real_shaped_repository_gives_exactly_the_expected_findings() {
    let dir = Dir::new();
    let v = evidence_json(&dir, &fixtures().join("shop"));
    let found: BTreeSet<(String, u64, String, String)> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["file"].as_str().unwrap().to_string(),
                i["line"].as_u64().unwrap(),
                i["rule"].as_str().unwrap().to_string(),
                i["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = expected_shop();
    assert_eq!(expected.len(), 25, "EXPECTED.md lists 25 findings");
    assert_eq!(found, expected);
    assert!(!found.iter().any(|(f, ..)| {
        f.starts_with("build/")
            || f.contains("node_modules")
            || f.starts_with("layers/")
            || f.starts_with("vendor-py/")
    }));
    // Test code's finding is there, marked; every other item is the application's.
    for item in v["items"].as_array().unwrap() {
        let test = item["file"].as_str().unwrap().starts_with("tests/");
        assert_eq!(item["scope"], if test { "test" } else { "app" }, "{item}");
    }
    let vendored: Vec<(&str, &str)> = v["summary"]["vendored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["folder"].as_str().unwrap(), f["why"].as_str().unwrap()))
        .collect();
    assert_eq!(
        vendored,
        [
            ("layers/deps/python", "installed-packages"),
            ("node_modules", "node-modules"),
            ("vendor-py", "installed-packages"),
        ]
    );
    assert_eq!(v["summary"]["files"], 6);
    assert_eq!(v["summary"]["testFiles"], 1);
    assert_eq!(v["summary"]["testGaps"], 1);
    let item = &v["items"][0];
    for key in [
        "practice", "choiceId", "check", "kind", "rule", "file", "line", "message",
    ] {
        assert!(item.get(key).is_some(), "{key} in {item}");
    }
    assert_eq!(v["summary"]["gaps"], 5);
    assert_eq!(v["summary"]["supports"], 19);
    assert_eq!(v["summary"]["byRule"]["queue-between-components"], 4);
    assert_eq!(v["summary"]["byPractice"]["REL04-BP02"]["gap"], 2);
}

/// SARIF: one result per gap, at its file and line, with the rule's help link.
#[test]
fn sarif_puts_each_gap_on_its_line() {
    let dir = Dir::new();
    let out = dir
        .rel04()
        .args(["evidence", "--format", "sarif"])
        .arg(fixtures().join("shop"))
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
    let v = json_of(&stdout(&out));
    let run = &v["runs"][0];
    let results: BTreeSet<(String, u64, String)> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let place = &r["locations"][0]["physicalLocation"];
            (
                place["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                place["region"]["startLine"].as_u64().unwrap(),
                r["ruleId"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Gaps in application code only: test code's are not results.
    let gaps: BTreeSet<(String, u64, String)> = expected_shop()
        .into_iter()
        .filter(|(file, .., kind)| kind == "gap" && !file.starts_with("tests/"))
        .map(|(file, line, rule, _)| (file, line, rule))
        .collect();
    assert_eq!(results, gaps);
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), shipped_rules().len());
    assert!(
        rules
            .iter()
            .all(|r| r["helpUri"].as_str().unwrap().starts_with("https://"))
    );
}

/// Broken files are warnings with path:line:col on stderr; binary and huge files are
/// skipped; the scan still exits 0 and reports what it could read.
#[test]
fn unparsable_binary_and_huge_files_never_fail_the_scan() {
    let dir = Dir::new();
    let root = dir.file("repo");
    std::fs::create_dir_all(root.join("infra")).unwrap();
    std::fs::write(
        root.join("infra/broken.yaml"),
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: [unclosed\n",
    )
    .unwrap();
    std::fs::write(
        root.join("infra/broken.tf"),
        "resource \"aws_sqs_queue\" {\n  name = \n",
    )
    .unwrap();
    std::fs::write(root.join("blob.py"), b"requests.get(\"x\")\0\x01\x02").unwrap();
    let huge = "requests.get(\"x\")\n".repeat(300_000);
    std::fs::write(root.join("huge.py"), huge).unwrap();
    std::fs::write(
        root.join("ok.py"),
        "import requests\nrequests.get(\"http://x\")\n",
    )
    .unwrap();
    let out = dir
        .rel04()
        .args(["evidence", "--format", "json", "repo"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("infra/broken.yaml:"), "{err}");
    assert!(err.contains("infra/broken.tf:"), "{err}");
    let v = json_of(&stdout(&out));
    let files: BTreeSet<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, BTreeSet::from(["ok.py"]));
    assert_eq!(v["summary"]["skipped"], 4);
    let by = &v["summary"]["skippedBy"];
    assert_eq!(
        (&by["binary"], &by["tooLarge"], &by["unparsable"]),
        (&Value::from(1), &Value::from(1), &Value::from(2))
    );
    assert!(err.contains("name it in a .ignore file"), "{err}");
    assert_eq!(v["warnings"].as_array().unwrap().len(), 2);
    // A path that does not exist is a usage error.
    dir.fails(
        &["evidence", "nowhere"],
        2,
        &["nowhere", "cannot be scanned"],
    );
}

/// Without paths, the scan covers the git repository that holds the answers file.
#[test]
fn the_default_root_is_the_answers_files_repository() {
    let dir = Dir::new();
    std::fs::create_dir_all(dir.file("repo/.git")).unwrap();
    std::fs::create_dir_all(dir.file("repo/reviews")).unwrap();
    std::fs::write(dir.file("repo/app.py"), "requests.get(\"u\")\n").unwrap();
    dir.ok(&[
        "init",
        "--workload",
        "shop",
        "--file",
        "repo/reviews/rel04-answers.json",
    ]);
    let out = dir
        .rel04()
        .args([
            "evidence",
            "--format",
            "json",
            "--file",
            "repo/reviews/rel04-answers.json",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v = json_of(&stdout(&out));
    assert_eq!(v["items"][0]["file"], "app.py");
}

/// An answers file that claims BP01's timeouts hold and BP02 is established, beside the shop.
fn claims(dir: &Dir) -> String {
    let file = "claims.rel04.json";
    dir.ok(&["init", "--workload", "shop", "--file", file]);
    dir.ok(&[
        "answer",
        "BP01",
        "selected",
        "--check",
        "timeouts=yes",
        "--file",
        file,
    ]);
    for bp in ["BP02", "BP03", "BP04"] {
        dir.ok(&["answer", bp, "selected", "--file", file]);
    }
    file.to_string()
}

/// `check --evidence`: answers the gaps contradict are warnings naming the gap's file:line
/// (failures with --strict), in the text, SARIF and GitHub formats.
#[test]
fn check_flags_answers_the_gaps_contradict() {
    let dir = Dir::new();
    let file = claims(&dir);
    let shop = fixtures().join("shop");
    let shop = shop.to_str().unwrap();
    let out = dir
        .rel04()
        .args(["check", &file, "--evidence", shop])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "warnings only: {}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("check timeouts is answered yes, but the repository shows a gap at src/orders/handler.py:27"),
        "{text}"
    );
    assert!(
        text.contains("REL04-BP02 is answered established, but the repository shows 2 gaps"),
        "{text}"
    );
    let out = dir
        .rel04()
        .args(["check", &file, "--evidence", shop, "--strict"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "--strict fails: {}", stdout(&out));
    let out = dir
        .rel04()
        .args(["check", &file, "--evidence", shop, "--format", "sarif"])
        .output()
        .unwrap();
    let v = json_of(&stdout(&out));
    let messages: Vec<&str> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["message"]["text"].as_str().unwrap())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("handler.py:27")),
        "{messages:?}"
    );
    let out = dir
        .rel04()
        .args(["check", &file, "--evidence", shop, "--format", "github"])
        .output()
        .unwrap();
    assert!(
        stdout(&out)
            .lines()
            .any(|l| l.starts_with("::warning file=") && l.contains("handler.py:27"))
    );
    // Without --evidence nothing of the kind is said.
    let out = dir.rel04().args(["check", &file]).output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stdout(&out).is_empty() && !stdout(&out).contains("the repository shows"));
}

/// `report --evidence`: counts per practice in the table, Markdown and JSON.
#[test]
fn report_shows_counts_per_practice() {
    let dir = Dir::new();
    let file = claims(&dir);
    let shop = fixtures().join("shop");
    let shop = shop.to_str().unwrap();
    let text = dir.ok(&["report", &file, "--evidence", shop]);
    assert!(text.contains("REL04-BP01 7 supports, 3 gaps"), "{text}");
    let v = json_of(&dir.ok(&["report", &file, "--evidence", shop, "--format", "json"]));
    assert_eq!(v["evidence"]["REL04-BP02"]["gap"], 2);
    assert_eq!(v["evidence"]["REL04-BP04"]["support"], 6);
    let md = dir.ok(&["report", &file, "--evidence", shop, "--format", "markdown"]);
    assert!(md.contains("| REL04-BP02 | 5 | 2 |"), "{md}");
    dir.fails(
        &["report", &file, "--evidence", shop, "--format", "html"],
        2,
        &["--evidence", "rel04 evidence"],
    );
}

/// The README's table of rules says what the rules file says: each rule, its practice and
/// what it sees and cannot see, so the documentation cannot drift from the data.
#[test]
fn the_readme_table_matches_the_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let rules = json_of(&std::fs::read_to_string(root.join("questions/evidence.json")).unwrap());
    for rule in rules["rules"].as_array().unwrap() {
        let id = rule["id"].as_str().unwrap();
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{id}` |")))
            .unwrap_or_else(|| panic!("no README row for {id}"));
        for key in ["sees", "blind", "kind"] {
            let text = rule[key].as_str().unwrap().replace('|', "\\|");
            assert!(row.contains(&text), "{id}: README's {key} differs: {row}");
        }
    }
}

/// Text for a big repository: the summary first (what was read and not, counts per practice
/// and rule), then per rule its message once and one `path:line` per line, never wrapped even
/// when the terminal is narrower than the path; `--kind` and `--rule` filter every format.
#[test]
fn text_puts_the_summary_first_and_never_wraps_a_place() {
    let dir = Dir::new();
    let root = dir.file("repo");
    let deep = root.join("services/a-rather-long-service-name/src/handlers/payments");
    std::fs::create_dir_all(&deep).unwrap();
    for n in 0..3 {
        std::fs::write(
            deep.join(format!("h{n}.py")),
            "import requests\n\nrequests.get(\"https://x\")\n",
        )
        .unwrap();
    }
    let out = dir
        .rel04()
        .env("COLUMNS", "40")
        .args(["evidence", "repo"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("REL 4 evidence: 3 files read;"), "{text}");
    let summary = text
        .find("python-http-no-timeout  3")
        .expect("per-rule counts");
    let places: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("services/"))
        .map(str::trim)
        .collect();
    assert_eq!(
        places,
        (0..3)
            .map(|n| format!("services/a-rather-long-service-name/src/handlers/payments/h{n}.py:3"))
            .collect::<Vec<_>>()
    );
    assert!(text.find("services/").unwrap() > summary, "summary first");
    assert_eq!(
        text.matches("- gap python-http-no-timeout (").count(),
        1,
        "{text}"
    );
    // Filters: by kind and by rule, in text and JSON alike; an unknown rule is refused.
    let supports = dir.ok(&["evidence", "repo", "--kind", "support"]);
    assert!(supports.contains("0 supports, 0 gaps") && !supports.contains("h0.py"));
    let v = json_of(&dir.ok(&[
        "evidence",
        "repo",
        "--format",
        "json",
        "--rule",
        "sqs-without-dlq",
    ]));
    assert_eq!(v["items"].as_array().unwrap().len(), 0);
    let v = json_of(&dir.ok(&[
        "evidence",
        "repo",
        "--format",
        "json",
        "--rule",
        "python-http-no-timeout",
        "--kind",
        "gap",
    ]));
    assert_eq!(v["items"].as_array().unwrap().len(), 3);
    dir.fails(
        &["evidence", "repo", "--rule", "no-such-rule"],
        2,
        &["--rule no-such-rule: no such rule", "sqs-without-dlq"],
    );
}

/// Test code is reported apart (JSON marks it, text leaves it out unless asked), vendored
/// folders are named and not read unless `--no-skip`, and a test finding never contradicts
/// an answer in `check --evidence`.
#[test]
fn test_code_and_vendored_folders_are_kept_apart() {
    let dir = Dir::new();
    let shop = fixtures().join("shop");
    let shop = shop.to_str().unwrap();
    let text = dir.ok(&["evidence", shop]);
    assert!(text.contains("1 finding in test code left out"), "{text}");
    assert!(!text.contains("tests/unit/test_orders.py"), "{text}");
    assert!(text.contains("vendor-py/  installed packages"), "{text}");
    let with_tests = dir.ok(&["evidence", shop, "--include-tests"]);
    assert!(
        with_tests.contains("tests/unit/test_orders.py:7  (test)"),
        "{with_tests}"
    );
    let sarif = dir.ok(&["evidence", shop, "--format", "sarif"]);
    assert!(!sarif.contains("test_orders.py"));
    let summary = &json_of(&sarif)["runs"][0]["properties"]["summary"];
    assert_eq!(
        summary["vendored"].as_array().map(Vec::len),
        Some(3),
        "{summary}"
    );
    assert_eq!(summary["testFiles"], 1);
    let markdown = dir.ok(&["evidence", shop, "--format", "markdown"]);
    assert!(!markdown.contains("test_orders.py") && markdown.contains("Not read"));
    let all = json_of(&dir.ok(&["evidence", shop, "--format", "json", "--no-skip"]));
    let files: BTreeSet<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["file"].as_str().unwrap())
        .collect();
    assert!(
        files.contains("layers/deps/python/requests/api.py"),
        "{files:?}"
    );
    assert_eq!(all["summary"]["vendored"].as_array().unwrap().len(), 0);
    // BP04 answered established: the only DynamoDB put without a condition is a test's mock.
    let file = claims(&dir);
    let out = dir.ok(&["check", &file, "--evidence", shop, "--format", "json"]);
    assert!(!out.contains("test_orders"), "{out}");
}

/// Inline Lambda code in a template is read as its runtime's code, each finding at the
/// template's own line, and a Serverless Framework file's `resources.Resources` are resources.
#[test]
fn inline_code_and_serverless_framework_resources_are_read() {
    let dir = Dir::new();
    let v = evidence_json(&dir, &fixtures().join("inline"));
    let found: BTreeSet<(String, u64, String)> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["file"].as_str().unwrap().to_string(),
                i["line"].as_u64().unwrap(),
                i["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, u64, String)> = [
        ("template.yaml", 16, "js-http-no-timeout"),
        ("template.yaml", 26, "python-http-no-timeout"),
        ("serverless.yml", 10, "queue-between-components"),
        ("serverless.yml", 10, "sqs-without-dlq"),
    ]
    .into_iter()
    .map(|(f, l, r)| (f.to_string(), l, r.to_string()))
    .collect();
    assert_eq!(found, expected);
}

/// A support is reported at the line that shows it: the state machine's `TimeoutSeconds`,
/// inside its definition, not the resource's first line.
#[test]
fn a_support_is_reported_where_it_shows() {
    let dir = Dir::new();
    let template = dir.file("sfn.yaml");
    std::fs::write(
        &template,
        concat!(
            "AWSTemplateFormatVersion: '2010-09-09'\n",
            "Resources:\n",
            "  Flow:\n",
            "    Type: AWS::StepFunctions::StateMachine\n",
            "    Properties:\n",
            "      RoleArn: arn:aws:iam::123456789012:role/sfn\n",
            "      DefinitionString: |\n",
            "        {\"StartAt\": \"Charge\", \"States\": {\"Charge\": {\n",
            "          \"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:eu-west-1:1:function:c\",\n",
            "          \"TimeoutSeconds\": 30, \"End\": true}}}\n",
        ),
    )
    .unwrap();
    let v = evidence_json(&dir, &template);
    let line = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["rule"] == "sfn-task-timeout")
        .map(|i| i["line"].as_u64().unwrap());
    assert_eq!(line, Some(10));
}

/// (file, line, rule) of a scan's application findings.
fn places(v: &Value) -> BTreeSet<(String, u64, String)> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["scope"] == "app")
        .map(|i| {
            (
                i["file"].as_str().unwrap().to_string(),
                i["line"].as_u64().unwrap(),
                i["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn set(rows: &[(&str, u64, &str)]) -> BTreeSet<(String, u64, String)> {
    rows.iter()
        .map(|(f, l, r)| (f.to_string(), *l, r.to_string()))
        .collect()
}

/// CDK app source in TypeScript, Python and Java: constructs become the resources they
/// create, and the template rules apply to them unchanged (a queue named as a dead-letter
/// target is neither a hand-off nor a queue without a DLQ; each app has one real gap).
#[test]
fn cdk_app_source_is_read_as_its_resources() {
    let dir = Dir::new();
    let v = evidence_json(&dir, &fixtures().join("cdk"));
    let java = "java/src/main/java/com/example/BillingStack.java";
    let py = "python/stacks/worker_stack.py";
    let ts = "ts/lib/orders-stack.ts";
    assert_eq!(
        places(&v),
        set(&[
            (py, 23, "queue-between-components"),
            (py, 27, "fifo-deduplication"),
            (py, 43, "lambda-async-destination"),
            (py, 46, "event-source-no-partial-batch"),
            (py, 51, "scheduled-batch-job"),
            (py, 55, "queue-backlog-alarm"),
            (ts, 24, "queue-between-components"),
            (ts, 38, "lambda-async-destination"),
            (ts, 39, "max-event-age-set"),
            (ts, 45, "event-source-partial-batch"),
            (ts, 49, "stream-between-components"),
            (ts, 51, "event-source-no-partial-batch"),
            (ts, 54, "max-event-age-set"),
            (ts, 59, "fixed-rate-schedule"),
            (ts, 59, "scheduled-batch-job"),
            (ts, 65, "queue-backlog-alarm"),
            (ts, 69, "sfn-task-timeout"),
            (java, 25, "queue-between-components"),
            (java, 33, "queue-between-components"),
            (java, 33, "sqs-without-dlq"),
            (java, 35, "fifo-deduplication"),
            (java, 46, "event-source-partial-batch"),
            (java, 49, "lb-target-health-check"),
        ])
    );
}

/// The Terraform registry modules teams use (sqs, lambda, eventbridge) read as the resources
/// their inputs create: a queue named by another module's `dead_letter_target_arn`,
/// `destination_on_failure` or `dead_letter_arn` is a DLQ.
#[test]
fn terraform_registry_modules_are_read_as_their_resources() {
    let dir = Dir::new();
    let v = evidence_json(&dir, &fixtures().join("modules"));
    assert_eq!(
        places(&v),
        set(&[
            ("main.tf", 5, "queue-between-components"),
            ("main.tf", 11, "fifo-deduplication"),
            ("main.tf", 15, "queue-between-components"),
            ("main.tf", 15, "sqs-without-dlq"),
            ("main.tf", 41, "lambda-async-destination"),
            ("main.tf", 42, "max-event-age-set"),
            ("main.tf", 47, "event-source-partial-batch"),
            ("main.tf", 49, "event-source-no-partial-batch"),
            ("main.tf", 56, "topic-or-event-bus"),
            ("main.tf", 65, "topic-or-event-bus"),
            ("main.tf", 68, "fixed-rate-schedule"),
            ("main.tf", 68, "scheduled-batch-job"),
        ])
    );
}

/// Edge cases from a review: a template key `*` (once recursed for ever; now read as no
/// event), a SAM layer that
/// `sam build` fills (its folder is the team's code, read), inline code in a quoted string
/// (every finding at the key's line), and scope judged below each root when several are given.
#[test]
fn odd_templates_layers_and_roots() {
    let dir = Dir::new();
    let app = dir.file("tests/app");
    std::fs::create_dir_all(app.join("layers/common/python")).unwrap();
    std::fs::write(
        app.join("template.yaml"),
        concat!(
            "AWSTemplateFormatVersion: '2010-09-09'\n",
            "Transform: AWS::Serverless-2016-10-31\n",
            "Resources:\n",
            "  Odd:\n",
            "    Type: AWS::Serverless::Function\n",
            "    Properties:\n",
            "      Runtime: python3.12\n",
            "      InlineCode: \"import requests\\nrequests.get('https://x')\\n\"\n",
            "      Events:\n",
            "        \"*\":\n",
            "          Type: SQS\n",
            "  Common:\n",
            "    Type: AWS::Serverless::LayerVersion\n",
            "    Properties:\n",
            "      ContentUri: layers/common/\n",
            "    Metadata:\n",
            "      BuildMethod: python3.12\n",
        ),
    )
    .unwrap();
    std::fs::write(
        app.join("layers/common/python/http.py"),
        "import requests\n\nrequests.get('https://y')\n",
    )
    .unwrap();
    let other = dir.file("tests/other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(
        other.join("main.py"),
        "import requests\nrequests.post('u')\n",
    )
    .unwrap();
    let out = dir
        .rel04()
        .args(["evidence", "--format", "json"])
        .arg(&app)
        .arg(&other)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v = json_of(&stdout(&out));
    let found: BTreeSet<(String, u64, String, String)> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let file = i["file"].as_str().unwrap();
            let short = file.rsplit("tests/").next().unwrap().to_string();
            (
                short,
                i["line"].as_u64().unwrap(),
                i["rule"].as_str().unwrap().to_string(),
                i["scope"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: BTreeSet<(String, u64, String, String)> = [
        ("app/template.yaml", 8, "python-http-no-timeout"),
        (
            "app/layers/common/python/http.py",
            3,
            "python-http-no-timeout",
        ),
        ("other/main.py", 2, "python-http-no-timeout"),
    ]
    .into_iter()
    .map(|(f, l, r)| (f.to_string(), l, r.to_string(), "app".to_string()))
    .collect();
    assert_eq!(found, want);
}
