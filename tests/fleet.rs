//! A fleet: files that reach their workloads through different profiles, roles and Regions,
//! pushed and read in one command, against the emulator (one account per access key, STS
//! AssumeRole answered there, so aws-config's own profile and assume-role providers run).

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::common::{World, code, json_of, stderr, stdout};

const ROLE: &str = "arn:aws:iam::222222222222:role/rel04-review";

/// Three profiles, each its own account (its own access key) in the emulator.
const PROFILES: [(&str, &str); 3] = [
    ("team-a", "key-team-a"),
    ("team-b", "key-team-b"),
    ("team-c", "key-team-c"),
];

/// Writes ~/.aws/credentials (HOME is the test folder) with the three profiles.
fn profiles(w: &World) {
    let mut text = String::new();
    for (profile, key) in PROFILES {
        text.push_str(&format!(
            "[{profile}]\naws_access_key_id = {key}\naws_secret_access_key = secret-{key}\n\n"
        ));
    }
    std::fs::create_dir_all(w.dir.file(".aws")).unwrap();
    std::fs::write(w.dir.file(".aws/credentials"), text).unwrap();
}

/// An answers file in `fleet/` for workload `name`, reached with `access` (the keys of
/// `workload` to set: awsProfile, awsRoleArn, awsRegion), one practice answered.
fn file(w: &World, name: &str, access: &[(&str, &str)]) -> PathBuf {
    std::fs::create_dir_all(w.dir.file("fleet")).unwrap();
    let path = w.dir.file(&format!("fleet/{name}.rel04.json"));
    let p = path.to_str().unwrap();
    w.dir.ok(&["init", "--workload", name, "--file", p]);
    w.dir.ok(&["answer", "BP01", "selected", "--file", p]);
    w.dir.edit(&path, |v| {
        for (key, value) in access {
            v["workload"][key] = Value::from(*value);
        }
    });
    path
}

fn rows(out: &Output) -> Vec<Value> {
    json_of(&stdout(out)).as_array().expect("rows").clone()
}

fn workload_id(w: &World, path: &Path) -> String {
    let v = json_of(&w.dir.read(path));
    v["workload"]["awsWorkloadId"]
        .as_str()
        .unwrap_or_else(|| panic!("{} names no workload", path.display()))
        .to_string()
}

/// What the issue calls done: files for workloads in two profiles, a role and two Regions
/// push and report status in one command each, every workload landing in its own account
/// and Region.
#[test]
fn profiles_roles_and_regions_in_one_command() {
    let w = World::new();
    profiles(&w);
    let a_east = file(
        &w,
        "payments",
        &[("awsProfile", "team-a"), ("awsRegion", "us-east-1")],
    );
    let a_west = file(
        &w,
        "payments-eu",
        &[("awsProfile", "team-a"), ("awsRegion", "eu-west-1")],
    );
    // The same name as team-a's (names ignore case): another account, so another workload, not a clash.
    let b_east = file(
        &w,
        "Payments",
        &[("awsProfile", "team-b"), ("awsRegion", "us-east-1")],
    );
    let role = file(
        &w,
        "ledger",
        &[
            ("awsProfile", "team-a"),
            ("awsRoleArn", ROLE),
            ("awsRegion", "us-east-1"),
        ],
    );
    // No access named: the environment's keys (account of key `test`).
    let plain = file(&w, "search", &[]);

    w.ok(&["push", "fleet", "--create"]);
    assert_eq!(w.emulator.workload_count("key-team-a", "us-east-1"), 1);
    assert_eq!(w.emulator.workload_count("key-team-a", "eu-west-1"), 1);
    assert_eq!(w.emulator.workload_count("key-team-b", "us-east-1"), 1);
    assert_eq!(w.emulator.workload_count("test", "us-east-1"), 1);
    assert_eq!(
        w.emulator
            .workload_count_in_account("222222222222", "us-east-1"),
        1
    );
    // The role is assumed for the check of its credentials and once for the client: never
    // once per file or per request.
    let assumed = w.emulator.requests("AssumeRole");
    assert!((1..=2).contains(&assumed), "AssumeRole {assumed}");
    for path in [&a_east, &a_west, &b_east, &role, &plain] {
        workload_id(&w, path);
    }

    // Status in one command: all in sync, one list per client and one read per workload.
    w.emulator.reset_counts();
    let out = w.run(&["status", "fleet", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let all = rows(&out);
    assert_eq!(all.len(), 5);
    assert!(all.iter().all(|r| r["state"] == "in-sync"), "{all:?}");
    assert_eq!(w.emulator.requests("GetAnswer"), 5);
    // Clients: team-a in two Regions, team-b, the role, the environment's keys.
    assert_eq!(w.emulator.requests("ListWorkloads"), 5);
    w.never_called(&["GetWorkload", "UpdateAnswer", "CreateWorkload"]);

    // A change in one file: status says so, push writes that one only.
    let p = role.to_str().unwrap();
    w.dir.ok(&["answer", "BP02", "selected", "--file", p]);
    let out = w.run(&["status", "fleet", "--format", "json"]);
    assert_eq!(code(&out), 1);
    let after = rows(&out);
    let changed: Vec<&Value> = after.iter().filter(|r| r["state"] != "in-sync").collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["state"], "local-changes");
    assert!(
        changed[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("ledger.rel04.json")
    );
    w.emulator.reset_counts();
    w.ok(&["push", "fleet"]);
    assert_eq!(w.emulator.requests("UpdateAnswer"), 1);
    assert_eq!(w.emulator.requests("GetAnswer"), 5);
    w.never_called(&["GetWorkload", "CreateWorkload", "AssociateLenses"]);
}

/// A role that cannot be assumed fails its own files with what to do (the role, its account,
/// the permission and the trust policy); the other files are pushed.
#[test]
fn a_role_that_cannot_be_assumed_names_the_fix() {
    let w = World::new();
    profiles(&w);
    w.emulator.refuse_role(ROLE);
    let denied = file(
        &w,
        "ledger",
        &[("awsProfile", "team-a"), ("awsRoleArn", ROLE)],
    );
    let fine = file(&w, "search", &[("awsProfile", "team-b")]);
    let out = w.fails(
        &["push", "fleet", "--create"],
        2,
        &[
            ROLE,
            "222222222222",
            "sts:AssumeRole",
            "trust policy",
            "team-a",
        ],
    );
    assert!(stderr(&out).contains("ledger") || stdout(&out).contains("ledger"));
    assert!(
        json_of(&w.dir.read(&denied))["workload"]["awsWorkloadId"].is_null(),
        "nothing was created for the refused role"
    );
    workload_id(&w, &fine);
    assert_eq!(w.emulator.workload_count("key-team-b", "us-east-1"), 1);
    assert_eq!(w.emulator.requests("CreateWorkload"), 1);
}

/// A profile the AWS configuration does not have is named, with where to add it; a bad role
/// ARN in a file is refused at load with its place.
#[test]
fn unknown_profile_and_bad_role_arn_say_what_to_do() {
    let w = World::new();
    profiles(&w);
    file(&w, "ghost", &[("awsProfile", "nobody")]);
    w.fails(
        &["push", "fleet", "--create"],
        2,
        &["profile nobody", "aws configure --profile nobody"],
    );
    w.never_called(&["CreateWorkload", "ListWorkloads", "UpdateAnswer"]);

    let bad = file(&w, "typo", &[("awsRoleArn", "arn:aws:iam::12:role/x")]);
    let out = w.run(&["status", bad.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    let said = stdout(&out);
    assert!(
        said.contains("workload.awsRoleArn") && said.contains("IAM role ARN"),
        "{said}"
    );
    w.fails(
        &["push", bad.to_str().unwrap()],
        2,
        &["typo.rel04.json", "workload.awsRoleArn"],
    );
}

/// The command line's profile wins over every file's, and over the environment's keys.
#[test]
fn the_profile_flag_overrides_the_files() {
    let w = World::new();
    profiles(&w);
    file(&w, "payments", &[("awsProfile", "team-a")]);
    file(&w, "search", &[]);
    w.ok(&[
        "push",
        "fleet",
        "--create",
        "--profile",
        "team-c",
        "--jobs-per-account",
        "1",
    ]);
    assert_eq!(w.emulator.workload_count("key-team-c", "us-east-1"), 2);
    assert_eq!(w.emulator.workload_count("key-team-a", "us-east-1"), 0);
    assert_eq!(w.emulator.workload_count("test", "us-east-1"), 0);
}

/// The scale test: 1,000 workloads in 3 accounts (profiles). Push creates them all;
/// status then reads each once; a re-push writes nothing; a push of 10 changed files writes
/// those 10. Requests per workload are counted by the emulator.
#[test]
fn a_thousand_workloads_in_three_accounts() {
    let w = World::new();
    profiles(&w);
    let template = file(&w, "template", &[]);
    let base = json_of(&w.dir.read(&template));
    std::fs::remove_file(&template).unwrap();
    let n = 1000;
    for i in 0..n {
        let mut v = base.clone();
        v["workload"]["name"] = Value::from(format!("service-{i:04}"));
        v["workload"]["awsProfile"] = Value::from(PROFILES[i % 3].0);
        let path = w.dir.file(&format!("fleet/service-{i:04}.rel04.json"));
        std::fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    }
    w.ok(&["push", "fleet", "--create", "--jobs", "16"]);
    for (_, key) in PROFILES {
        let count = w.emulator.workload_count(key, "us-east-1");
        assert!((333..=334).contains(&count), "{key}: {count}");
    }
    // Three clients, each listing its (still empty) account once before creating.
    assert_eq!(w.emulator.requests("ListWorkloads"), 3);
    assert_eq!(w.emulator.requests("CreateWorkload"), n as u64);
    assert_eq!(w.emulator.requests("UpdateAnswer"), n as u64);

    w.emulator.reset_counts();
    let out = w.run(&["status", "fleet", "--format", "json", "--jobs", "16"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(rows(&out).iter().all(|r| r["state"] == "in-sync"));
    assert_eq!(w.emulator.requests("GetAnswer"), n as u64);
    // Each account listed once: 7 pages of 50 for its 333 or 334 workloads.
    assert_eq!(w.emulator.requests("ListWorkloads"), 3 * 7);
    w.never_called(&["GetWorkload", "UpdateAnswer"]);

    // A re-push: one request per workload (the read), the lists aside.
    w.emulator.reset_counts();
    w.ok(&["push", "fleet", "--jobs", "16"]);
    assert_eq!(w.emulator.requests("GetAnswer"), n as u64);
    w.never_called(&[
        "GetWorkload",
        "UpdateAnswer",
        "CreateWorkload",
        "AssociateLenses",
    ]);

    // Ten changed files: ten writes, still one read each.
    for i in 0..10 {
        let path = w
            .dir
            .file(&format!("fleet/service-{:04}.rel04.json", i * 97));
        w.dir.ok(&[
            "answer",
            "BP04",
            "selected",
            "--file",
            path.to_str().unwrap(),
        ]);
    }
    w.emulator.reset_counts();
    w.ok(&["push", "fleet", "--jobs", "16"]);
    assert_eq!(w.emulator.requests("UpdateAnswer"), 10);
    assert_eq!(w.emulator.requests("GetAnswer"), n as u64);
    w.never_called(&["GetWorkload", "CreateWorkload"]);
}

/// Two files that reach one workload through different credentials (the environment's keys
/// and a role in the same account) are caught when the second resolves to the workload the
/// first claimed: one is written, the other refused, nothing overwritten silently.
#[test]
fn two_files_reaching_one_workload_by_different_credentials_are_refused() {
    let w = World::new();
    profiles(&w);
    let id = w.emulator.create_workload("shared");
    file(&w, "shared", &[]);
    let role = "arn:aws:iam::123456789012:role/rel04-review";
    let twin = w.dir.file("fleet/twin.rel04.json");
    let p = twin.to_str().unwrap();
    w.dir.ok(&["init", "--workload", "shared", "--file", p]);
    w.dir.ok(&["answer", "BP02", "selected", "--file", p]);
    w.dir
        .edit(&twin, |v| v["workload"]["awsRoleArn"] = Value::from(role));
    w.fails(
        &["push", "fleet", "--create"],
        2,
        &["another file of this push also resolves to workload", &id],
    );
    assert_eq!(
        w.emulator.requests("UpdateAnswer"),
        1,
        "one of the two is written"
    );
}

/// A file naming a workload its credentials cannot see says so, with who asked and where,
/// before anything is written.
#[test]
fn a_workload_missing_from_the_list_is_named_with_who_asked() {
    let w = World::new();
    profiles(&w);
    let id = w
        .emulator
        .create_workload_at("key-team-b", "us-east-1", "payments");
    let path = file(&w, "payments", &[("awsProfile", "team-a")]);
    w.dir.edit(&path, |v| {
        v["workload"]["awsWorkloadId"] = Value::from(id.as_str())
    });
    w.fails(
        &["push", path.to_str().unwrap()],
        2,
        &[&id, "is not visible to profile team-a", "awsProfile"],
    );
    w.never_called(&["UpdateAnswer", "CreateWorkload", "AssociateLenses"]);
}
