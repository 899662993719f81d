//! `rel04 status` against the local emulator: every state, read-only, and the requests it makes.

use serde_json::{Value, json};

use crate::common::{World, json_of, stdout};

const BP02: &str = "rel_prevent_interaction_failure_loosely_coupled_system";

fn rows(out: &std::process::Output) -> Vec<Value> {
    json_of(&stdout(out))
        .as_array()
        .expect("a JSON array")
        .clone()
}

fn state_of<'a>(rows: &'a [Value], file: &str) -> &'a Value {
    let row = rows
        .iter()
        .find(|r| r["file"].as_str().unwrap().ends_with(file))
        .unwrap_or_else(|| panic!("no row for {file}: {rows:?}"));
    &row["state"]
}

/// Seven files, one in each state, in one folder.
fn fleet(w: &World) {
    std::fs::create_dir_all(w.dir.file("fleet")).unwrap();
    let path = |name: &str| w.dir.file(&format!("fleet/{name}.rel04.json"));
    let pushed = |name: &str| {
        let (file, id) = w.pushed(name);
        std::fs::rename(&file, path(name)).unwrap();
        id
    };
    pushed("in-sync");
    pushed("local");
    w.dir.ok(&[
        "answer",
        "BP02",
        "selected",
        "--file",
        path("local").to_str().unwrap(),
    ]);
    let console = pushed("console");
    w.edit_console(
        &console,
        json!({"ChoiceUpdates": {BP02: {"Status": "SELECTED"}}}),
    );
    let both = pushed("both");
    w.edit_console(
        &both,
        json!({"ChoiceUpdates": {BP02: {"Status": "SELECTED"}}}),
    );
    w.dir.ok(&[
        "answer",
        "BP02",
        "not-applicable",
        "--reason",
        "out-of-scope",
        "--file",
        path("both").to_str().unwrap(),
    ]);
    let fresh = w.dir.workload("fresh", ["selected", "-", "-", "-"]);
    std::fs::rename(&fresh, path("fresh")).unwrap();
    pushed("gone");
    w.dir.edit(&path("gone"), |v| {
        v["workload"]["awsWorkloadId"] = json!("0123456789abcdef0123456789abcdef");
    });
    let renamed = pushed("renamed");
    w.emulator
        .rename_workload(&renamed, "someone else")
        .unwrap();
}

#[test]
fn every_state_from_one_list_and_one_read_each() {
    let w = World::new();
    fleet(&w);
    w.emulator.reset_counts();
    let out = w.run(&["status", "--format", "json", "fleet"]);
    assert_eq!(out.status.code(), Some(2), "an error row fails the run");
    let rows = rows(&out);
    assert_eq!(rows.len(), 7, "{rows:?}");
    for (file, state) in [
        ("in-sync", "in-sync"),
        ("local", "local-changes"),
        ("console", "console-changes"),
        ("both", "conflict"),
        ("fresh", "not-pushed"),
        ("gone", "missing"),
        ("renamed", "error"),
    ] {
        assert_eq!(
            state_of(&rows, &format!("{file}.rel04.json")),
            state,
            "{file}"
        );
    }
    let local = rows.iter().find(|r| r["state"] == "local-changes").unwrap();
    assert_eq!(local["fields"], json!([format!("practices.{BP02}.status")]));
    let renamed = rows.iter().find(|r| r["state"] == "error").unwrap();
    assert!(
        renamed["message"]
            .as_str()
            .unwrap()
            .contains("someone else"),
        "{renamed}"
    );
    // One list for the Region, one read per file that names a workload, no writes.
    assert_eq!(w.emulator.requests("ListWorkloads"), 1);
    assert_eq!(w.emulator.requests("GetAnswer"), 6);
    w.never_called(&[
        "GetWorkload",
        "UpdateAnswer",
        "CreateWorkload",
        "AssociateLenses",
    ]);
}

#[test]
fn drift_without_errors_is_a_policy_failure_and_files_stay_as_they_are() {
    let w = World::new();
    fleet(&w);
    std::fs::remove_file(w.dir.file("fleet/renamed.rel04.json")).unwrap();
    let before: Vec<String> = ["in-sync", "local", "both"]
        .iter()
        .map(|n| w.dir.read(&w.dir.file(&format!("fleet/{n}.rel04.json"))))
        .collect();
    let out = w.run(&["status", "fleet"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("6 files: 1 in-sync, 1 local-changes, 1 console-changes, 1 conflict, 1 not-pushed, 1 missing"),
        "{text}"
    );
    let after: Vec<String> = ["in-sync", "local", "both"]
        .iter()
        .map(|n| w.dir.read(&w.dir.file(&format!("fleet/{n}.rel04.json"))))
        .collect();
    assert_eq!(before, after, "status only reads");
    let out = w.run(&["status", "--format", "markdown", "fleet"]);
    assert!(
        stdout(&out).starts_with("| File | Workload | State | What differs |"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn all_in_sync_is_success() {
    let w = World::new();
    let (file, _) = w.pushed("calm");
    let out = w.ok(&["status", file.to_str().unwrap()]);
    assert!(
        stdout(&out).contains("1 file: 1 in-sync"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_file_never_pushed_needs_no_credentials() {
    let dir = crate::common::Dir::new();
    let file = dir.workload("new-svc", ["selected", "-", "-", "-"]);
    let out = dir
        .rel04()
        .args(["status", "--format", "json", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let rows = rows(&out);
    assert_eq!(rows[0]["state"], "not-pushed", "{rows:?}");
}
