//! `rel04 push`, `pull` and `diff` against the local Well-Architected Tool emulator: the real
//! SDK over HTTP, with signing, retries and the service's error format.

use std::path::Path;

use serde_json::{Value, json};
use wa_emulator::Faults;

use crate::common::{Dir, World, fails, json_of, stderr, stdout};

const BP01: &str = "rel_prevent_interaction_failure_identify";
const BP02: &str = "rel_prevent_interaction_failure_loosely_coupled_system";
const BP03: &str = "rel_prevent_interaction_failure_constant_work";

/// The synced part of a file: question and practices without who and when.
fn answers_of(dir: &Dir, file: &Path) -> Value {
    let v = json_of(&dir.read(file));
    let mut practices = serde_json::Map::new();
    for (id, p) in v["practices"].as_object().unwrap() {
        practices.insert(
            id.clone(),
            json!({"status": p["status"], "reason": p["reason"], "notes": p["notes"]}),
        );
    }
    let q = &v["question"];
    json!({
        "applicable": q["applicable"],
        "reason": q["reason"],
        "notes": q["notes"],
        "noneOfThese": q["noneOfThese"],
        "practices": practices,
    })
}

fn choice<'a>(answer: &'a Value, id: &str) -> Option<&'a Value> {
    answer["ChoiceAnswers"]
        .as_array()?
        .iter()
        .find(|c| c["ChoiceId"] == id)
}

#[test]
fn push_create_then_pull_round_trips() {
    let w = World::new();
    let (file, id) = w.pushed("round-trip");
    let console = w.console(&id);
    assert!(
        console["SelectedChoices"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == BP01),
        "{console}"
    );
    assert_eq!(choice(&console, BP03).unwrap()["Status"], "NOT_APPLICABLE");
    assert_eq!(console["Notes"], "reviewed with SRE");
    // A fresh file for the same workload gets the same answers by pull.
    w.dir
        .ok(&["init", "--workload", "round-trip", "--file", "copy.json"]);
    w.ok(&["pull", "--workload-id", &id, "--file", "copy.json"]);
    let copy = w.dir.file("copy.json");
    // The console knows no "unanswered" per practice: it and "unselected" are the same there.
    let same = |v: Value| json_of(&v.to_string().replace("\"unanswered\"", "\"unselected\""));
    assert_eq!(
        same(answers_of(&w.dir, &copy)),
        same(answers_of(&w.dir, &file))
    );
    let synced = json_of(&w.dir.read(&copy));
    assert_eq!(synced["workload"]["awsWorkloadId"], id.as_str());
    assert_eq!(synced["sync"]["lensAlias"], "wellarchitected");
}

#[test]
fn second_push_writes_nothing() {
    let w = World::new();
    let (file, _) = w.pushed("twice");
    assert_eq!(w.emulator.requests("UpdateAnswer"), 1);
    let before = w.dir.read(&file);
    let out = w.ok(&["push", "--file", file.to_str().unwrap()]);
    assert!(stderr(&out).contains("Nothing to push"), "{}", stderr(&out));
    assert_eq!(w.emulator.requests("UpdateAnswer"), 1);
    assert_eq!(
        w.dir.read(&file),
        before,
        "nothing changed, so no diff in git"
    );
    let out = w.ok(&["diff", "--file", file.to_str().unwrap()]);
    assert!(stdout(&out).contains("No differences"), "{}", stdout(&out));
}

#[test]
fn dry_run_writes_nothing() {
    let w = World::new();
    let file = w.dir.workload("dry", ["selected", "-", "-", "-"]);
    let f = file.to_str().unwrap();
    let out = w.ok(&["push", "--create", "--dry-run", "--file", f]);
    assert_eq!(w.emulator.requests("CreateWorkload"), 0);
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    let request = json_of(&stdout(&out));
    assert_eq!(request["ChoiceUpdates"][BP01]["Status"], "SELECTED");
    w.ok(&["push", "--create", "--file", f]);
    let before = w.dir.read(&file);
    w.dir.ok(&["answer", "BP02", "selected", "--file", f]);
    let edited = w.dir.read(&file);
    let out = w.ok(&["push", "--dry-run", "--file", f]);
    assert_eq!(
        json_of(&stdout(&out)),
        json!({"ChoiceUpdates": {BP02: {"Status": "SELECTED"}}})
    );
    assert_eq!(w.emulator.requests("UpdateAnswer"), 1);
    assert_eq!(w.dir.read(&file), edited);
    assert_ne!(before, edited);
    // diff shows the same, field by field.
    let out = w.ok(&["diff", "--format", "json", "--file", f]);
    let diff = json_of(&stdout(&out));
    assert_eq!(
        diff["changes"][0]["field"],
        format!("practices.{BP02}.status")
    );
    assert_eq!(diff["changes"][0]["console"], "unselected");
    assert_eq!(diff["changes"][0]["local"], "selected");
}

#[test]
fn console_notes_are_kept_when_the_file_has_none() {
    let w = World::new();
    let file = w
        .dir
        .workload("notes", ["selected", "unselected", "-", "-"]);
    let f = file.to_str().unwrap();
    w.ok(&["push", "--create", "--file", f]);
    let id = json_of(&w.dir.read(&file))["workload"]["awsWorkloadId"]
        .as_str()
        .unwrap()
        .to_string();
    w.edit_console(&id, json!({"Notes": "console notes", "ChoiceUpdates": {BP01: {"Status": "SELECTED", "Notes": "console BP01"}}}));
    // A change to another practice is pushed; the console's notes stay.
    w.dir.ok(&["answer", "BP02", "selected", "--file", f]);
    w.ok(&["push", "--file", f]);
    let console = w.console(&id);
    assert_eq!(console["Notes"], "console notes");
    assert_eq!(choice(&console, BP01).unwrap()["Notes"], "console BP01");
    assert_eq!(choice(&console, BP02).unwrap()["Status"], "SELECTED");
    // And pull brings them into the file.
    w.ok(&["pull", "--file", f]);
    let v = json_of(&w.dir.read(&file));
    assert_eq!(v["question"]["notes"], "console notes");
    assert_eq!(v["practices"][BP01]["notes"], "console BP01");
}

#[test]
fn conflict_writes_nothing_unless_forced() {
    let w = World::new();
    let (file, id) = w.pushed("conflict");
    let f = file.to_str().unwrap();
    w.edit_console(
        &id,
        json!({"ChoiceUpdates": {BP02: {"Status": "SELECTED"}}}),
    );
    w.dir.ok(&[
        "answer",
        "BP02",
        "not-applicable",
        "--reason",
        "other",
        "--file",
        f,
    ]);
    let before = w.dir.read(&file);
    w.fails(
        &["push", "--file", f],
        2,
        &["Conflict", "console: selected", "file: not-applicable"],
    );
    assert_eq!(w.emulator.requests("UpdateAnswer"), 1);
    assert_eq!(w.dir.read(&file), before);
    assert_eq!(choice(&w.console(&id), BP02).unwrap()["Status"], "SELECTED");
    w.ok(&["push", "--force", "--file", f]);
    assert_eq!(
        choice(&w.console(&id), BP02).unwrap()["Status"],
        "NOT_APPLICABLE"
    );
}

#[test]
fn pull_keeps_unpushed_changes_and_refuses_real_conflicts() {
    let w = World::new();
    let (file, id) = w.pushed("unpushed");
    let f = file.to_str().unwrap();
    // Only the file changed BP04: pull keeps it (push will write it) and changes nothing.
    w.dir.ok(&["answer", "BP04", "selected", "--file", f]);
    let before = w.dir.read(&file);
    let out = w.ok(&["pull", "--file", f]);
    assert!(
        stderr(&out).contains("Kept 1 change") && stderr(&out).contains("REL04-BP04"),
        "{}",
        stderr(&out)
    );
    assert_eq!(w.dir.read(&file), before);
    // The console changed BP04 too, differently: a conflict, nothing pulled.
    w.edit_console(&id, json!({"ChoiceUpdates": {"rel_prevent_interaction_failure_idempotent": {"Status": "NOT_APPLICABLE", "Reason": "OTHER"}}}));
    w.fails(
        &["pull", "--file", f],
        2,
        &["changed both in the file and in the console", "REL04-BP04"],
    );
    assert_eq!(w.dir.read(&file), before);
    w.ok(&["pull", "--force", "--file", f]);
    let v = json_of(&w.dir.read(&file));
    assert_eq!(
        v["practices"]["rel_prevent_interaction_failure_idempotent"]["status"], "not-applicable",
        "--force takes the console's answer"
    );
}

#[test]
fn wrong_workload_id_says_how_to_fix_it() {
    let w = World::new();
    let file = w.dir.workload("wrong", ["selected", "-", "-", "-"]);
    let out = w.fails(
        &[
            "push",
            "--workload-id",
            "0123456789abcdef0123456789abcdef",
            "--file",
            file.to_str().unwrap(),
        ],
        2,
        &[
            "0123456789abcdef0123456789abcdef",
            "--workload-id",
            "push --create",
        ],
    );
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn missing_credentials_say_how_to_set_them_up() {
    let w = World::new();
    let file = w.dir.workload("creds", ["selected", "-", "-", "-"]);
    // No AWS_* variables and HOME at an empty folder: no credentials anywhere.
    let out = w
        .dir
        .rel04()
        .args(["diff", "--region", "us-east-1", "--workload-id"])
        .arg("0123456789abcdef0123456789abcdef")
        .args(["--endpoint-url", &w.emulator.endpoint_url()])
        .arg("--file")
        .arg(&file)
        .output()
        .unwrap();
    fails(
        &out,
        2,
        &[
            "no AWS credentials",
            "AWS_PROFILE",
            "aws sso login",
            "AWS_ACCESS_KEY_ID",
        ],
    );
}

#[test]
fn push_converges_under_faults() {
    let w = World::with_faults(Faults {
        throttle_rate: 0.3,
        error_rate: 0.1,
        seed: 7,
        ..Default::default()
    });
    let (file, id) = w.pushed("faults");
    // The console ends equal to the file: a diff finds nothing, and a pull changes nothing.
    let out = w.ok(&["diff", "--format", "json", "--file", file.to_str().unwrap()]);
    assert_eq!(json_of(&stdout(&out))["changes"], json!([]));
    let before = answers_of(&w.dir, &file);
    w.ok(&["pull", "--file", file.to_str().unwrap()]);
    assert_eq!(answers_of(&w.dir, &file), before);
    assert_eq!(
        choice(&w.console(&id), BP03).unwrap()["Status"],
        "NOT_APPLICABLE"
    );
    let operations = [
        "ListWorkloads",
        "CreateWorkload",
        "GetAnswer",
        "UpdateAnswer",
    ];
    let requests: u64 = operations.iter().map(|o| w.emulator.requests(o)).sum();
    let successes: u64 = operations.iter().map(|o| w.emulator.successes(o)).sum();
    assert!(requests > successes, "faults were injected and retried");
}

#[test]
fn milestone_and_lookup_by_name() {
    let w = World::new();
    let (file, id) = w.pushed("milestones");
    let f = file.to_str().unwrap();
    let out = w.ok(&["push", "--milestone", "Q3 review", "--file", f]);
    assert!(stderr(&out).contains("milestone"), "{}", stderr(&out));
    assert_eq!(w.emulator.successes("CreateMilestone"), 1);
    // Another file finds the workload by its name.
    w.dir
        .ok(&["init", "--workload", "other", "--file", "other.json"]);
    w.ok(&[
        "pull",
        "--workload-name",
        "milestones",
        "--file",
        "other.json",
    ]);
    let v = json_of(&w.dir.read(&w.dir.file("other.json")));
    assert_eq!(v["workload"]["awsWorkloadId"], id.as_str());
    w.fails(
        &["pull", "--workload-name", "nope", "--file", "other.json"],
        2,
        &["no workload named \"nope\""],
    );
}

#[test]
fn throttling_after_retries_says_what_to_do() {
    let w = World::with_faults(Faults::always_throttle());
    let file = w.dir.workload("throttled", ["selected", "-", "-", "-"]);
    w.fails(
        &[
            "diff",
            "--max-attempts",
            "2",
            "--workload-id",
            "0123456789abcdef0123456789abcdef",
            "--file",
            file.to_str().unwrap(),
        ],
        2,
        &["throttled", "--max-attempts"],
    );
    // The first request (the workload, to check it is the file's) is tried twice, no more.
    assert_eq!(w.emulator.requests("GetWorkload"), 2);
    assert_eq!(w.emulator.requests("GetAnswer"), 0);
}

#[test]
fn many_files_at_once_under_faults() {
    // 30% of requests fail in all; with 10 attempts a request fails for good about once in
    // 170,000 (0.3^10), so the run converges however the concurrent requests interleave.
    let w = World::with_faults(Faults {
        throttle_rate: 0.2,
        error_rate: 0.05,
        drop_rate: 0.05,
        seed: 11,
        ..Default::default()
    });
    std::fs::create_dir_all(w.dir.file("fleet")).unwrap();
    for n in 0..6 {
        let file = format!("fleet/svc-{n}.rel04.json");
        w.dir
            .ok(&["init", "--workload", &format!("svc-{n}"), "--file", &file]);
        for bp in ["BP01", "BP02", "BP03", "BP04"] {
            w.dir.ok(&["answer", bp, "selected", "--file", &file]);
        }
    }
    std::fs::write(w.dir.file("fleet/broken.rel04.json"), "{ not json").unwrap();
    // One broken file fails the run.
    let out = w.fails(
        &["push", "--create", "--jobs", "3", "fleet"],
        2,
        &["1 of 7 workloads failed"],
    );
    let table = stdout(&out);
    for n in 0..6 {
        assert!(table.contains(&format!("svc-{n}")), "{table}");
    }
    assert!(
        table.contains("broken.rel04.json") && table.contains("failed"),
        "{table}"
    );
    // Every good file reached its workload, exactly as written, and says so.
    for n in 0..6 {
        let v = json_of(
            &w.dir
                .read(&w.dir.file(&format!("fleet/svc-{n}.rel04.json"))),
        );
        let id = v["workload"]["awsWorkloadId"]
            .as_str()
            .expect("id saved")
            .to_string();
        let answer = w.console(&id);
        assert_eq!(answer["Risk"], "NONE", "{answer}");
    }
    // Nothing left to write: a second run of the good files makes no UpdateAnswer call.
    std::fs::remove_file(w.dir.file("fleet/broken.rel04.json")).unwrap();
    w.emulator.set_faults(Faults::default());
    let writes = w.emulator.requests("UpdateAnswer");
    let out = w.ok(&["push", "fleet"]);
    assert_eq!(w.emulator.requests("UpdateAnswer"), writes);
    assert!(
        stdout(&out).matches("nothing to push").count() == 6,
        "{}",
        stdout(&out)
    );
}

/// `--milestone` is safe to retry: a rerun (a retried CI job) whose milestone of that name
/// already records what the console holds succeeds without a second one, also when the
/// milestone was made elsewhere; a milestone of that name recording other answers is a clear
/// error.
#[test]
fn a_milestone_is_safe_to_retry_and_a_changed_one_is_refused() {
    let w = World::new();
    let (file, id) = w.pushed("milestone-dup");
    let f = file.to_str().unwrap();
    let first = w.ok(&["push", "--milestone", "Release 1", "--file", f]);
    assert!(stderr(&first).contains("milestone 1"), "{}", stderr(&first));
    let again = w.ok(&["push", "--milestone", "Release 1", "--file", f]);
    assert!(stderr(&again).contains("milestone 1"), "{}", stderr(&again));
    // The same name made in the console (another request token), same answers: a rerun.
    with_client(&w, |client| async move {
        client
            .create_milestone()
            .workload_id(&id)
            .milestone_name("Made in the console")
            .send()
            .await
            .unwrap();
    });
    let console = w.ok(&["push", "--milestone", "Made in the console", "--file", f]);
    assert!(
        stderr(&console).contains("already records these answers"),
        "{}",
        stderr(&console)
    );
    // The answers change: the name now stands for another state.
    w.dir.ok(&["answer", "BP03", "unselected", "--file", f]);
    w.fails(
        &["push", "--milestone", "Release 1", "--file", f],
        2,
        &[
            "Release 1",
            "records other answers",
            "choose another --milestone name",
        ],
    );
    w.fails(
        &["push", "--milestone", "x", "--file", f],
        2,
        &["3 to 100 characters"],
    );
}

/// Runs `f` with an SDK client of the emulator (a console, a script, another tool).
fn with_client<F, Fut>(w: &World, f: F)
where
    F: FnOnce(aws_sdk_wellarchitected::Client) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let config = aws_sdk_wellarchitected::Config::builder()
        .behavior_version(aws_sdk_wellarchitected::config::BehaviorVersion::latest())
        .region(aws_sdk_wellarchitected::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_wellarchitected::config::Credentials::new(
            "test", "test", None, None, "test",
        ))
        .endpoint_url(w.emulator.endpoint_url())
        .build();
    runtime.block_on(f(aws_sdk_wellarchitected::Client::from_conf(config)));
}

/// The newcomer's story: push, an edit in the console while the file changes too, push stops,
/// pull merges, push again, and nothing is lost on either side.
#[test]
fn console_edit_and_file_edit_merge_through_pull() {
    let w = World::new();
    let (file, id) = w.pushed("story");
    let f = file.to_str().unwrap();
    w.dir.ok(&["answer", "BP04", "unselected", "--file", f]);
    w.ok(&["push", "--file", f]);
    // "In the console": BP04 established, with notes.
    w.edit_console(&id, json!({"ChoiceUpdates": {"rel_prevent_interaction_failure_idempotent": {"Status": "SELECTED", "Notes": "refunds take a key"}}}));
    // In the file: BP02 established.
    w.dir.ok(&["answer", "BP02", "selected", "--file", f]);
    let writes = w.emulator.requests("UpdateAnswer");
    w.fails(&["push", "--file", f], 2, &["Conflict", "rel04 pull"]);
    assert_eq!(
        w.emulator.requests("UpdateAnswer"),
        writes,
        "nothing written"
    );
    let out = w.ok(&["pull", "--file", f]);
    assert!(stderr(&out).contains("Kept 1 change"), "{}", stderr(&out));
    let v = answers_of(&w.dir, &file);
    assert_eq!(
        v["practices"]["rel_prevent_interaction_failure_idempotent"]["status"],
        "selected"
    );
    assert_eq!(
        v["practices"]["rel_prevent_interaction_failure_idempotent"]["notes"],
        "refunds take a key"
    );
    assert_eq!(
        v["practices"][BP02]["status"], "selected",
        "the file's own change is kept"
    );
    w.ok(&["push", "--file", f]);
    let console = w.console(&id);
    assert_eq!(choice(&console, BP02).unwrap()["Status"], "SELECTED");
    assert_eq!(
        choice(&console, "rel_prevent_interaction_failure_idempotent").unwrap()["Notes"],
        "refunds take a key"
    );
    assert_eq!(console["Notes"], "reviewed with SRE");
}

/// `--workload-name` reads every page of ListWorkloads (the service returns at most 50 a page).
#[test]
fn workload_name_lookup_reads_every_page() {
    let w = World::new();
    // 60 names that all start with the one wanted, so a name-prefix filter still leaves two pages.
    for n in 0..60 {
        w.emulator.create_workload(&format!("team-{n:02}"));
    }
    let wanted = w.emulator.create_workload("team");
    w.dir
        .ok(&["init", "--workload", "team", "--file", "last.json"]);
    w.ok(&["pull", "--workload-name", "team", "--file", "last.json"]);
    let v = json_of(&w.dir.read(&w.dir.file("last.json")));
    assert_eq!(v["workload"]["awsWorkloadId"], wanted.as_str());
    assert!(
        w.emulator.requests("ListWorkloads") >= 2,
        "more than one page was read"
    );
}

/// A first push into a workload that already has answers writes only what the file answered:
/// practices the file leaves unanswered keep the console's answers.
#[test]
fn first_push_never_unselects_what_the_file_did_not_answer() {
    let w = World::new();
    let id = w.emulator.create_workload("existing");
    w.edit_console(&id, json!({"SelectedChoices": [BP01, BP02, BP03, "rel_prevent_interaction_failure_idempotent"]}));
    w.dir
        .ok(&["init", "--workload", "existing", "--file", "e.json"]);
    w.dir
        .ok(&["answer", "BP01", "selected", "--file", "e.json"]);
    let out = w.ok(&["push", "--create", "--file", "e.json"]);
    assert!(
        stderr(&out).contains("Using the existing workload"),
        "{}",
        stderr(&out)
    );
    assert_eq!(w.emulator.requests("UpdateAnswer"), 0, "{}", stderr(&out));
    let console = w.console(&id);
    assert_eq!(choice(&console, BP02).unwrap()["Status"], "SELECTED");
    assert_eq!(console["Risk"], "NONE");
}

/// A workload without the `wellarchitected` lens: the dry run says it would associate it and
/// writes nothing; the push associates it, then writes the answer.
#[test]
fn missing_lens_is_associated_only_when_writing() {
    let w = World::new();
    let id = w
        .emulator
        .create_workload_with_lens("serverless-only", "serverless");
    let file = w
        .dir
        .workload("lensless", ["selected", "selected", "selected", "selected"]);
    let f = file.to_str().unwrap();
    let out = w.ok(&["push", "--dry-run", "--workload-id", &id, "--file", f]);
    assert!(
        stderr(&out).contains("Would associate the wellarchitected lens"),
        "{}",
        stderr(&out)
    );
    assert_eq!(w.emulator.requests("AssociateLenses"), 0);
    assert_eq!(w.emulator.requests("UpdateAnswer"), 0);
    let out = w.ok(&["push", "--workload-id", &id, "--file", f]);
    assert!(
        stderr(&out).contains("Associated the wellarchitected lens"),
        "{}",
        stderr(&out)
    );
    assert_eq!(w.emulator.successes("AssociateLenses"), 1);
    assert_eq!(w.console(&id)["Risk"], "NONE");
}

/// Notes on a practice the file has not answered go with the console's own status.
#[test]
fn notes_alone_keep_the_console_status() {
    let w = World::new();
    let (file, id) = w.pushed("notes-alone");
    let f = file.to_str().unwrap();
    let bp04 = "rel_prevent_interaction_failure_idempotent";
    w.edit_console(
        &id,
        json!({"ChoiceUpdates": {bp04: {"Status": "SELECTED"}}}),
    );
    w.dir.ok(&[
        "answer",
        "BP04",
        "unanswered",
        "--notes",
        "keys on refunds: todo",
        "--file",
        f,
    ]);
    w.ok(&["push", "--file", f]);
    let console = w.console(&id);
    assert_eq!(choice(&console, bp04).unwrap()["Status"], "SELECTED");
    assert_eq!(
        choice(&console, bp04).unwrap()["Notes"],
        "keys on refunds: todo"
    );
}

/// The 101st milestone: the quota is named, with what to do.
#[test]
fn milestone_quota_is_a_clear_error() {
    let w = World::new();
    let (file, id) = w.pushed("milestone-quota");
    with_client(&w, |client| async move {
        for n in 0..100 {
            client
                .create_milestone()
                .workload_id(&id)
                .milestone_name(format!("milestone {n:03}"))
                .send()
                .await
                .unwrap();
        }
    });
    w.fails(
        &[
            "push",
            "--milestone",
            "one too many",
            "--file",
            file.to_str().unwrap(),
        ],
        2,
        &["limit of 100 milestones"],
    );
}

/// The credentials are looked up once per Region before any file is pushed: with none, every
/// file says so, and not one request reaches the service.
#[test]
fn many_files_without_credentials_fail_before_any_request() {
    let w = World::new();
    for name in ["one", "two", "three"] {
        w.dir.workload(name, ["selected", "-", "-", "-"]);
    }
    let out = w
        .dir
        .rel04()
        .args(["push", ".", "--create", "--region", "us-east-1"])
        .args(["--endpoint-url", &w.emulator.endpoint_url()])
        .output()
        .unwrap();
    fails(&out, 2, &["All 3 workloads failed"]);
    let err = stderr(&out);
    assert_eq!(err.matches("error: no AWS credentials").count(), 3, "{err}");
    let table = stdout(&out);
    assert_eq!(
        table.matches("failed: no AWS credentials").count(),
        3,
        "{table}"
    );
    w.never_called(&[
        "ListWorkloads",
        "CreateWorkload",
        "GetAnswer",
        "UpdateAnswer",
    ]);
}

/// Flags that cannot go together, or values of the wrong form, are refused by the command
/// line before anything is read or sent.
#[test]
fn wrong_flags_are_refused_before_any_request() {
    let w = World::new();
    w.dir.workload("flags", ["selected", "-", "-", "-"]);
    let id = "0123456789abcdef0123456789abcdef";
    w.fails(
        &["push", ".", "--workload-id", id],
        2,
        &["cannot be used with", "--workload-id"],
    );
    w.fails(
        &["pull", "--workload-id", "ABC", "--file", "flags.rel04.json"],
        2,
        &["32 lowercase hex characters"],
    );
    w.fails(
        &["push", "--milestone", "x", "--file", "flags.rel04.json"],
        2,
        &["a milestone name is 3 to 100 characters"],
    );
    w.never_called(&["ListWorkloads", "GetWorkload", "GetAnswer", "UpdateAnswer"]);
}

/// A profile whose `credential_process` never answers (an MFA or SSO helper waiting for
/// someone on a CI runner) is given `--timeout`, like every other dependency, and named.
#[test]
fn credentials_that_never_come_are_bounded_by_the_timeout() {
    let w = World::new();
    let file = w.dir.workload("slow-creds", ["selected"; 4]);
    let helper = w.dir.file("helper.sh");
    std::fs::write(&helper, "#!/bin/sh\nsleep 60\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&helper, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::create_dir_all(w.dir.file(".aws")).unwrap();
    std::fs::write(
        w.dir.file(".aws/config"),
        format!(
            "[profile waiting]\nregion = us-east-1\ncredential_process = {}\n",
            helper.display()
        ),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let out = w.run(&[
        "push",
        "--profile",
        "waiting",
        "--timeout",
        "2",
        "--file",
        file.to_str().unwrap(),
    ]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    crate::common::fails(&out, 2, &["profile waiting", "within 2 s", "--timeout"]);
    w.never_called(&["UpdateAnswer", "CreateWorkload"]);
}

/// A dead endpoint (nothing listens): a refused connection is not retried, so a push of many
/// files ends at once, naming the endpoint and Region in full once and pointing the other
/// files at it; a single pull says the same.
#[test]
fn a_dead_endpoint_fails_fast_and_is_named_once() {
    let dir = crate::common::Dir::new();
    for i in 0..30 {
        dir.ok(&[
            "init",
            "--workload",
            &format!("dead-{i}"),
            "--file",
            &format!("w{i}.rel04.json"),
        ]);
    }
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let run = |args: &[&str]| {
        let started = std::time::Instant::now();
        let out = dir
            .rel04()
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_REGION", "us-east-1")
            .args(args)
            .args(["--endpoint-url", &url])
            .output()
            .unwrap();
        (out, started.elapsed())
    };
    let (out, took) = run(&["push", ".", "--create"]);
    assert!(
        took < std::time::Duration::from_secs(5),
        "push took {took:?}"
    );
    assert_eq!(crate::common::code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        err.matches("cannot reach the Well-Architected Tool at")
            .count(),
        1,
        "{err}"
    );
    assert!(err.contains(&url) && err.contains("us-east-1"), "{err}");
    assert_eq!(
        err.matches("could not be reached earlier in this run")
            .count(),
        29,
        "{err}"
    );
    let (out, took) = run(&[
        "pull",
        "--file",
        "w1.rel04.json",
        "--workload-name",
        "dead-1",
    ]);
    assert!(
        took < std::time::Duration::from_secs(5),
        "pull took {took:?}"
    );
    crate::common::fails(
        &out,
        2,
        &["cannot reach the Well-Architected Tool at", &url],
    );
}

/// A successful push, create and milestone name whose workload was written: the account, and
/// the profile or role the requests went out as (a changed `awsRoleArn` in a pull request is
/// seen in the CI log).
#[test]
fn writes_name_the_account_and_who_wrote() {
    let w = World::new();
    let file = w.dir.workload("named-writes", ["selected"; 4]);
    let f = file.to_str().unwrap();
    let created = w.ok(&["push", "--create", "--file", f]);
    let said = stderr(&created);
    assert!(said.contains("Created the workload"), "{said}");
    let account = said
        .split("(account ")
        .nth(1)
        .and_then(|rest| rest.get(..12))
        .unwrap_or_else(|| panic!("no account named: {said}"));
    assert!(account.chars().all(|c| c.is_ascii_digit()), "{said}");
    assert!(said.contains("as the default credentials"), "{said}");
    w.dir.ok(&["answer", "BP03", "unselected", "--file", f]);
    let pushed = stderr(&w.ok(&["push", "--milestone", "Named", "--file", f]));
    for line in ["Pushed 1 change", "Recorded milestone"] {
        let named = pushed
            .lines()
            .find(|l| l.contains(line))
            .unwrap_or_else(|| panic!("{line}: {pushed}"));
        assert!(
            named.contains(&format!("(account {account}, as the default credentials)")),
            "{named}"
        );
    }
}
