//! The exact output of `check`, `report`, `explain` and `diff`, pinned: the whole stdout (and
//! stderr where there is any) for fixed fixtures, compared with the `.snap` files in
//! `tests/snapshots/`. Other tests check what the output means; these catch any change at all.
//!
//! After a deliberate change of output: `INSTA_UPDATE=always cargo test --test cli snapshots`,
//! read every changed `.snap` file, and commit the ones that are right. With `CI` set, a missing
//! snapshot fails instead of being written.
//!
//! What varies from run to run is replaced before comparing: workload ids by `<workload-id>`,
//! the temporary folder by `<tmp>`. Files are named by relative paths (rel04 runs in the
//! temporary folder), so paths in the output are stable. Every run sets COLUMNS=100, the width
//! no line of the output may pass.

use serde_json::json;

use crate::common::{Dir, World, code, json_of, stderr, stdout};

/// Every practice established, notes on BP01 and on the question: passes.
const PASSING: &str = "checkout-api.rel04.json";
/// BP02 not established (HIGH) with two checks that do not hold, notes on it, on BP04 (to be
/// escaped in Markdown) and on the question; BP01 established while its timeouts check says no
/// (a warning): fails.
const PAYMENTS: &str = "payments.rel04.json";
/// BP03 not established (a warning), BP04 not applicable: passes.
const SEARCH: &str = "search.rel04.json";
/// BP04 not answered (UNANSWERED): fails.
const INVENTORY: &str = "inventory.rel04.json";
const PORTFOLIO: [&str; 3] = [PAYMENTS, SEARCH, INVENTORY];

const FORMATS_CHECK: [&str; 5] = ["text", "json", "junit", "sarif", "github"];
const FORMATS_REPORT: [&str; 3] = ["table", "json", "markdown"];

fn passing(dir: &Dir) {
    dir.workload("checkout-api", ["selected"; 4]);
    dir.ok(&[
        "answer",
        "BP01",
        "selected",
        "--notes",
        "Timeouts on every client, see ADR-12",
        "--check",
        "timeouts=yes",
        "--file",
        PASSING,
    ]);
    dir.ok(&[
        "answer",
        "question",
        "applicable",
        "--notes",
        "Reviewed with SRE in the Q3 design review",
        "--file",
        PASSING,
    ]);
}

fn portfolio(dir: &Dir) {
    dir.workload(
        "payments",
        ["selected", "unselected", "selected", "selected"],
    );
    dir.ok(&[
        "answer",
        "BP02",
        "unselected",
        "--notes",
        "The ledger is called synchronously on every charge",
        "--check",
        "async-handoff=no",
        "--check",
        "back-pressure=unsure",
        "--check",
        "versioned-apis=yes",
        "--file",
        PAYMENTS,
    ]);
    dir.ok(&[
        "answer",
        "BP01",
        "selected",
        "--check",
        "timeouts=no",
        "--check",
        "dep-inventory=yes",
        "--file",
        PAYMENTS,
    ]);
    dir.ok(&[
        "answer",
        "BP04",
        "selected",
        "--notes",
        "Refunds & retries keyed | see <ADR-7>",
        "--file",
        PAYMENTS,
    ]);
    dir.ok(&[
        "answer",
        "question",
        "applicable",
        "--notes",
        "Ledger decoupling planned for Q1",
        "--file",
        PAYMENTS,
    ]);
    dir.workload(
        "search",
        ["selected", "selected", "unselected", "not-applicable"],
    );
    dir.workload("inventory", ["selected", "selected", "selected", "-"]);
}

/// One run of rel04: its exit code and its output with what varies replaced.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Dir, args: &[&str]) -> Run {
    let out = dir
        .rel04()
        .env("COLUMNS", "100")
        .args(args)
        .output()
        .expect("runs");
    Run {
        code: code(&out),
        stdout: scrub(dir, &stdout(&out)),
        stderr: scrub(dir, &stderr(&out)),
    }
}

/// The temporary folder as `<tmp>`.
fn scrub(dir: &Dir, text: &str) -> String {
    let mut text = text.to_string();
    let real = dir.path().canonicalize().expect("temp dir exists");
    for path in [real.as_path(), dir.path()] {
        text = text.replace(path.to_str().expect("utf-8 temp path"), "<tmp>");
    }
    scrub_times(&text)
}

/// RFC 3339 times of this run (`2026-11-22T10:00:00Z`) as `<time>`.
fn scrub_times(text: &str) -> String {
    let bytes = text.as_bytes();
    let shape = b"dddd-dd-ddTdd:dd:ddZ";
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let fits = bytes.len() - i >= shape.len()
            && shape.iter().zip(&bytes[i..]).all(|(s, b)| match s {
                b'd' => b.is_ascii_digit(),
                s => s == b,
            });
        if fits {
            out.push_str("<time>");
            i += shape.len();
        } else {
            let c = text[i..].chars().next().expect("a char");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Pins `text` as the snapshot `name`; the snapshot's description is the command that printed it.
#[track_caller]
fn pin(name: &str, command: &str, text: &str) {
    // insta ignores trailing whitespace; the end of the output is pinned here.
    assert!(
        text.ends_with('\n') && !text.ends_with("\n\n"),
        "{name}: the output ends with exactly one newline: {text:?}"
    );
    insta::with_settings!({ description => command, omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

/// Runs rel04, expects exit code `code` and nothing on stderr, and pins stdout as `name`.
#[track_caller]
fn pin_stdout(dir: &Dir, name: &str, args: &[&str], code: i32) {
    let r = run(dir, args);
    let command = format!("rel04 {}", args.join(" "));
    assert_eq!(r.code, code, "{command}:\n{}{}", r.stderr, r.stdout);
    assert_eq!(r.stderr, "", "{command} writes nothing to stderr");
    pin(name, &command, &r.stdout);
}

#[test]
fn check_one_passing_file_in_every_format() {
    let dir = Dir::new();
    passing(&dir);
    for format in FORMATS_CHECK {
        pin_stdout(
            &dir,
            &format!("check_{format}_one"),
            &["check", PASSING, "--format", format],
            0,
        );
    }
}

#[test]
fn check_portfolio_in_every_format() {
    let dir = Dir::new();
    portfolio(&dir);
    for format in FORMATS_CHECK {
        pin_stdout(
            &dir,
            &format!("check_{format}_portfolio"),
            &[&["check"][..], &PORTFOLIO[..], &["--format", format][..]].concat(),
            1,
        );
    }
}

#[test]
fn check_stale_answers_and_an_unusable_file() {
    let dir = Dir::new();
    passing(&dir);
    // BP03 answered long ago, edited in place so the file keeps rel04's layout.
    let text = dir.read(&dir.file(PASSING));
    let bp03 = text
        .find("rel_prevent_interaction_failure_constant_work")
        .expect("BP03 answered");
    let key = "\"answeredAt\": \"";
    let at = bp03 + text[bp03..].find(key).expect("answeredAt") + key.len();
    let end = at + text[at..].find('"').expect("closing quote");
    // 400 days ago to the second, so that the message says exactly "400 days ago".
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(400 * 86_400);
    let then = jiff::Timestamp::try_from(then)
        .expect("a time jiff holds")
        .strftime("%Y-%m-%dT%H:%M:%SZ");
    let text = format!("{}{then}{}", &text[..at], &text[end..]);
    std::fs::write(dir.file(PASSING), text).expect("write");
    let args = ["check", PASSING, "--max-age", "30"];
    let r = run(&dir, &args);
    assert_eq!((r.code, r.stderr.as_str()), (1, ""), "{}", r.stdout);
    pin(
        "check_text_stale",
        &format!("rel04 {}", args.join(" ")),
        &r.stdout,
    );

    // A file that cannot be read: the others are still reported, the error goes to stderr.
    portfolio(&dir);
    let args = ["check", PAYMENTS, "missing.rel04.json", SEARCH];
    let r = run(&dir, &args);
    let command = format!("rel04 {}", args.join(" "));
    assert_eq!(r.code, 2, "{}{}", r.stderr, r.stdout);
    pin("check_text_unusable_stdout", &command, &r.stdout);
    pin("check_text_unusable_stderr", &command, &r.stderr);
}

#[test]
fn report_one_file_in_every_format() {
    let dir = Dir::new();
    portfolio(&dir);
    for format in FORMATS_REPORT {
        pin_stdout(
            &dir,
            &format!("report_{format}_one"),
            &["report", PAYMENTS, "--format", format],
            0,
        );
    }
    // A passing file with notes and no improvement plan.
    passing(&dir);
    pin_stdout(&dir, "report_table_passing", &["report", PASSING], 0);
    pin_stdout(
        &dir,
        "report_markdown_passing",
        &["report", PASSING, "--format", "markdown"],
        0,
    );
}

#[test]
fn report_portfolio_in_every_format() {
    let dir = Dir::new();
    portfolio(&dir);
    for format in FORMATS_REPORT {
        pin_stdout(
            &dir,
            &format!("report_{format}_portfolio"),
            &[&["report"][..], &PORTFOLIO[..], &["--format", format][..]].concat(),
            0,
        );
    }
}

#[test]
fn explain_the_question_and_a_practice() {
    let dir = Dir::new();
    pin_stdout(&dir, "explain", &["explain"], 0);
    pin_stdout(&dir, "explain_bp02", &["explain", "BP02"], 0);
}

/// `diff` against the emulator: the file changed two practices since the push, and the console
/// changed nothing, then the console changed a third.
#[test]
fn diff_in_text_and_json() {
    let w = World::new();
    let (file, id) = w.pushed("orders");
    let f = "orders.rel04.json";
    assert_eq!(file, w.dir.file(f));
    w.dir.ok(&[
        "answer",
        "BP02",
        "selected",
        "--notes",
        "Orders go through SQS now",
        "--file",
        f,
    ]);
    w.dir.ok(&[
        "answer",
        "BP04",
        "unselected",
        "--notes",
        "no idempotency keys on refunds yet",
        "--file",
        f,
    ]);
    let diff = |name: &str, args: &[&str]| {
        let out = w.run(args);
        let command = format!("rel04 {}", args.join(" "));
        let scrubbed = |text: String| scrub(&w.dir, &text.replace(&id, "<workload-id>"));
        let (out_text, err_text) = (scrubbed(stdout(&out)), scrubbed(stderr(&out)));
        assert_eq!(code(&out), 0, "{command}:\n{err_text}{out_text}");
        assert_eq!(err_text, "", "{command} writes nothing to stderr");
        assert!(
            !out_text.contains(&w.emulator.endpoint_url()),
            "the endpoint's port varies"
        );
        pin(name, &command, &out_text);
    };
    diff("diff_text", &["diff", "--file", f]);
    diff("diff_json", &["diff", "--format", "json", "--file", f]);
    // The console changes BP03 as well: both sides changed since the push.
    w.edit_console(
        &id,
        json!({"ChoiceUpdates": {"rel_prevent_interaction_failure_constant_work": {"Status": "SELECTED", "Notes": "health checks push full state"}}}),
    );
    diff("diff_text_conflict", &["diff", "--file", f]);
    assert_eq!(
        json_of(&w.dir.read(&file))["workload"]["awsWorkloadId"],
        id.as_str(),
        "diff reads only"
    );
}
