//! Tried as an attacker and a careless user would: writes that could land in the wrong
//! workload, files that could be lost or left behind, input that could hang rel04, and text
//! that a CI runner or a terminal would execute.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use wa_emulator::Faults;

use crate::common::{Dir, World, code, fails, json_of, stderr, stdout};

/// A named pipe at `path` (opening one for reading blocks until a writer comes).
fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

fn workload_id(dir: &Dir, file: &Path) -> String {
    json_of(&dir.read(file))["workload"]["awsWorkloadId"]
        .as_str()
        .expect("pushed")
        .to_string()
}

/// Two files of one push naming one workload: refused before any write, both named.
#[test]
fn two_files_for_one_workload_are_refused_before_writing() {
    let w = World::new();
    let (a, _) = w.pushed("shared");
    std::fs::copy(&a, w.dir.file("copy.rel04.json")).unwrap();
    let writes = w.emulator.requests("UpdateAnswer");
    w.fails(
        &["push", "."],
        2,
        &[
            "copy.rel04.json and shared.rel04.json both name workload",
            "nothing was pushed",
        ],
    );
    assert_eq!(w.emulator.requests("UpdateAnswer"), writes);
    // The same name in one Region, before either has an id.
    let d = World::new();
    d.dir.workload("twin", ["selected"; 4]);
    std::fs::copy(
        d.dir.file("twin.rel04.json"),
        d.dir.file("twin2.rel04.json"),
    )
    .unwrap();
    d.fails(
        &["push", ".", "--create"],
        2,
        &["both name the workload named \"twin\""],
    );
    assert_eq!(d.emulator.requests("CreateWorkload"), 0);
}

/// A file copied from another service keeps that service's id: push and pull refuse, even
/// with --force, and say how to fix it; --rebind takes a rename made in the console.
#[test]
fn a_copied_file_never_writes_into_another_workload() {
    let w = World::new();
    let (a, a_id) = w.pushed("svc-a");
    let b = w.dir.workload("svc-b", ["unselected"; 4]);
    let (bf, af) = (b.to_str().unwrap(), a.to_str().unwrap());
    w.dir
        .edit(&b, |v| v["workload"]["awsWorkloadId"] = a_id.clone().into());
    let before = w.console(&a_id);
    for args in [
        vec!["push", "--file", bf],
        vec!["push", "--force", "--file", bf],
        vec!["pull", "--file", bf],
        vec!["diff", "--file", bf],
    ] {
        w.fails(
            &args,
            2,
            &["\"svc-b\"", "\"svc-a\" in the console", "--rebind"],
        );
    }
    assert_eq!(w.console(&a_id), before, "svc-a's review is untouched");
    // Renamed in the console: --rebind takes the new name, then push works.
    w.emulator
        .rename_workload(&a_id, "svc-a-renamed")
        .expect("the emulator renames");
    w.fails(
        &["push", "--file", af],
        2,
        &["\"svc-a-renamed\" in the console"],
    );
    let out = w.ok(&["pull", "--rebind", "--file", af]);
    assert!(
        stderr(&out).contains("the file takes that name"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        json_of(&w.dir.read(&a))["workload"]["name"],
        "svc-a-renamed"
    );
    w.ok(&["push", "--file", af]);
}

/// Temporary files: a killed save leaves none (SIGTERM waits for the rename), stale ones of
/// rel04's own naming are swept by the next save, and other files are never touched.
#[test]
fn saves_leave_no_temporary_file_behind() {
    let dir = Dir::new();
    let file = dir.workload("kills", ["selected"; 4]);
    let f = file.to_str().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("rel04");
    let started = Instant::now();
    let mut killed = 0;
    for i in 0..120u64 {
        let mut child = Command::new(&bin)
            .args([
                "answer",
                "BP01",
                "selected",
                "--notes",
                &format!("n{i}"),
                "--file",
                f,
            ])
            .env("REL04_USER", "tester@example.com")
            .current_dir(dir.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(300 * (i % 12)));
        // SIGTERM: what CI runners and `timeout` send.
        // SAFETY: a signal to a child this test started and has not reaped yet.
        unsafe {
            libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
        }
        if !child.wait().unwrap().success() {
            killed += 1;
        }
    }
    assert!(killed > 10, "some runs were killed mid-way: {killed}");
    assert!(started.elapsed() < Duration::from_secs(60));
    let temps: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(temps, Vec::<String>::new(), "no temporary file left");
    dir.ok(&["check", f]);

    // A stale one (a SIGKILL's), an old look-alike that is not rel04's, a fresh one.
    for name in [".rel04-ab12CD.tmp", ".rel04-notes.tmp", ".rel04-zz99yy.tmp"] {
        std::fs::write(dir.file(name), "x").unwrap();
    }
    for name in [".rel04-ab12CD.tmp", ".rel04-notes.tmp"] {
        let old = Command::new("touch")
            .args(["-d", "2 minutes ago"])
            .arg(dir.file(name))
            .status()
            .unwrap();
        assert!(old.success());
    }
    // `report --out` saves without the folder's lock, under names of its own: it leaves the
    // answers saves' leftovers alone, and its own are swept after 10 s like anyone's.
    std::fs::write(dir.file(".rel04-out-old123.tmp"), "x").unwrap();
    let old = Command::new("touch")
        .args(["-d", "2 minutes ago"])
        .arg(dir.file(".rel04-out-old123.tmp"))
        .status()
        .unwrap();
    assert!(old.success());
    dir.ok(&["report", f, "--format", "json", "--out", "report.json"]);
    assert!(
        !dir.file(".rel04-out-old123.tmp").exists(),
        "a report's stale one is swept"
    );
    assert!(
        dir.file(".rel04-ab12CD.tmp").exists(),
        "not the report's to sweep"
    );
    // `answer` holds the folder's lock: no other rel04 is saving answers there, so every
    // leftover goes, the stale one and a fresh one (a writer killed seconds ago).
    dir.ok(&["answer", "BP02", "selected", "--file", f]);
    assert!(
        !dir.file(".rel04-ab12CD.tmp").exists(),
        "the stale one is swept"
    );
    assert!(
        !dir.file(".rel04-zz99yy.tmp").exists(),
        "with the lock, every leftover is swept"
    );
    assert!(
        dir.file(".rel04-notes.tmp").exists(),
        "not rel04's name: kept"
    );
}

/// A file-size limit (`ulimit -f`) makes the save fail with a message, not kill rel04
/// silently, and the old file stays whole.
#[test]
fn a_file_size_limit_is_a_message() {
    let dir = Dir::new();
    let file = dir.workload("limit", ["selected"; 4]);
    let before = dir.read(&file);
    let bin = assert_cmd::cargo::cargo_bin("rel04");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 1; exec '{}' answer BP01 unselected --notes \"{}\" --file '{}'",
            bin.display(),
            "x".repeat(200),
            file.display()
        ))
        .env("REL04_USER", "tester@example.com")
        .current_dir(dir.path())
        .output()
        .unwrap();
    fails(&out, 2, &["cannot save", "left as it was"]);
    assert_eq!(dir.read(&file), before);
    let temps = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(temps, 0);
}

/// A key doubled by a merge is refused with both lines; nothing is silently dropped.
#[test]
fn a_doubled_practice_is_refused_with_both_lines() {
    let dir = Dir::new();
    let file = dir.workload("dupes", ["selected"; 4]);
    let text = dir.read(&file);
    let start = text
        .find("\"rel_prevent_interaction_failure_identify\"")
        .unwrap();
    // The entry ends at the brace that closes its own object.
    let mut depth = 0;
    let mut end = start;
    for (i, c) in text[start..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    end = start + i + 1;
                    break;
                }
            }
            _ => {}
        }
    }
    let doubled = format!(
        "{},\n    {}{}",
        &text[..end],
        &text[start..end],
        &text[end..]
    );
    std::fs::write(&file, doubled).unwrap();
    let out = dir.rel04().args(["check"]).arg(&file).output().unwrap();
    fails(
        &out,
        2,
        &["practices.rel_prevent_interaction_failure_identify appears twice, on lines"],
    );
}

/// A pipe, a device or a huge file is refused at once: never read forever.
#[test]
fn pipes_devices_and_huge_files_are_refused_at_once() {
    let dir = Dir::new();
    let fifo = dir.file("fifo.rel04.json");
    mkfifo(&fifo);
    let big = dir.file("big.rel04.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(17 * 1024 * 1024).unwrap();
    for (path, says) in [
        (fifo.to_str().unwrap(), "not a regular file"),
        ("/dev/zero", "not a regular file"),
        ("/dev/urandom", "not a regular file"),
        (big.to_str().unwrap(), "larger than 16 MiB"),
    ] {
        for args in [
            vec!["check", path],
            vec!["report", path],
            vec!["answer", "BP01", "selected", "--file", path],
        ] {
            let out = dir
                .rel04()
                .args(&args)
                .timeout(Duration::from_secs(10))
                .output()
                .unwrap();
            fails(&out, 2, &[says]);
        }
    }
}

/// Times: more than a day ahead is an error with its line (it would keep an answer fresh
/// forever); any RFC 3339 offset is accepted and kept as written.
#[test]
fn times_from_the_future_and_with_offsets() {
    let dir = Dir::new();
    let file = dir.workload("times", ["selected"; 4]);
    dir.edit(&file, |v| {
        v["practices"]["rel_prevent_interaction_failure_identify"]["answeredAt"] =
            "2999-01-01T00:00:00Z".into()
    });
    let out = dir
        .rel04()
        .args(["check", "--max-age", "30"])
        .arg(&file)
        .output()
        .unwrap();
    fails(&out, 2, &["times.rel04.json:", "in the future"]);
    dir.edit(&file, |v| {
        v["practices"]["rel_prevent_interaction_failure_identify"]["answeredAt"] =
            "2026-11-20T10:00:00+05:00".into()
    });
    let out = dir.rel04().args(["check"]).arg(&file).output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    dir.ok(&[
        "answer",
        "BP02",
        "selected",
        "--file",
        file.to_str().unwrap(),
    ]);
    assert!(
        dir.read(&file).contains("2026-11-20T10:00:00+05:00"),
        "kept as written"
    );
}

/// Messages that say what is wrong: a byte order mark is read past, positions are 1-based,
/// a null says a value is needed.
#[test]
fn file_messages_say_what_is_wrong() {
    let dir = Dir::new();
    let file = dir.workload("bom", ["selected"; 4]);
    let text = dir.read(&file);
    std::fs::write(&file, format!("\u{feff}{text}")).unwrap();
    dir.ok(&["check", file.to_str().unwrap()]);
    std::fs::write(&file, "").unwrap();
    let out = dir.rel04().args(["check"]).arg(&file).output().unwrap();
    let err = stderr(&out);
    assert!(err.contains("bom.rel04.json:1:1:"), "{err}");
    std::fs::write(
        &file,
        text.replacen("\"status\": \"selected\"", "\"status\": null", 1),
    )
    .unwrap();
    let out = dir.rel04().args(["check"]).arg(&file).output().unwrap();
    fails(&out, 2, &["needs a value here"]);
    assert!(!stderr(&out).contains("not valid JSON"), "{}", stderr(&out));
}

/// Names with control characters are refused before they reach a file or the console.
#[test]
fn names_with_controls_are_refused() {
    let w = World::new();
    w.dir.fails(
        &["init", "--workload", "\u{1b}[2Jsvc"],
        2,
        &["control character (U+001B)"],
    );
    w.dir.fails(
        &["init", "--workload", "svc\u{202e}x"],
        2,
        &["control character"],
    );
    let (file, _) = w.pushed("named");
    w.fails(
        &[
            "push",
            "--milestone",
            "Q4\nreview",
            "--file",
            file.to_str().unwrap(),
        ],
        2,
        &["control character (U+000A)"],
    );
    assert_eq!(w.emulator.requests("CreateMilestone"), 0);
}

/// Every line rel04 prints, in every command and format, against a corpus of text that a CI
/// runner would execute or a terminal would obey: none survives, except the deliberate
/// annotations of `--format github`, whose fields are escaped.
#[test]
fn no_output_line_becomes_a_ci_command() {
    const CORPUS: &[&str] = &[
        "::error title=x::owned",
        "\n  ::warning::indented",
        "note ##[error]in the middle",
        "\u{1b}[2J\u{1b}]0;title\u{7}",
        "line\n::error::second line",
        "\u{202e}reversed \u{9b}31m",
        "<script>alert(1)</script> & \"q\" 'a' | ` * [x](javascript:y)",
    ];
    let w = World::new();
    std::fs::create_dir(w.dir.file("::error title=x::y")).unwrap();
    let rel = "::error title=x::y/rel04-answers.json";
    w.dir
        .ok(&["init", "--workload", "##[error]svc ::x", "--file", rel]);
    let first: String = CORPUS.concat().chars().take(240).collect();
    w.dir.ok(&[
        "answer",
        "BP01",
        "unselected",
        "--notes",
        &first,
        "--file",
        rel,
    ]);
    for (bp, note) in ["BP02", "BP03", "BP04"].iter().zip(CORPUS) {
        w.dir
            .ok(&["answer", bp, "unselected", "--notes", note, "--file", rel]);
    }
    w.dir.ok(&[
        "answer",
        "question",
        "applicable",
        "--notes",
        &CORPUS.join(" "),
        "--file",
        rel,
    ]);
    // Repository files with hostile names: evidence prints their paths.
    std::fs::write(
        w.dir
            .file("::error title=x::y/##[error]\u{1b}[31mx\n::warning::y.py"),
        "import requests\nrequests.get(\"u\")\n",
    )
    .unwrap();
    std::fs::write(
        w.dir.file("::error title=x::y/bad ##[x]\u{202e}.yaml"),
        "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n",
    )
    .unwrap();
    w.ok(&["push", "--create", "--file", rel]);
    // The console holds corpus text too: a pulled note comes back through pull and diff.
    let id = workload_id(&w.dir, &w.dir.file(rel));
    w.edit_console(
        &id,
        serde_json::json!({"Notes": "##[error]from the console\n::error::console"}),
    );
    let runs: Vec<(Vec<&str>, bool)> = vec![
        (vec!["report", rel], false),
        (vec!["report", rel, "--format", "json"], false),
        (vec!["report", rel, "--format", "markdown"], false),
        (vec!["check", rel], false),
        (vec!["check", rel, "--format", "json"], false),
        (vec!["check", rel, "--format", "junit"], false),
        (vec!["check", rel, "--format", "sarif"], false),
        (vec!["check", rel, "--format", "github"], true),
        (vec!["check", "."], false),
        (vec!["diff", "--file", rel], false),
        (vec!["diff", "--format", "json", "--file", rel], false),
        (vec!["push", "--dry-run", "--force", "--file", rel], false),
        (vec!["push", ".", "--dry-run", "--force"], false),
        (vec!["status", rel], false),
        (vec!["status", rel, "--format", "markdown"], false),
        (vec!["status", ".", "--format", "json"], false),
        (vec!["pull", "--force", "--file", rel], false),
        (vec!["answer", "BP01", "unselected", "--file", rel], false),
        (vec!["evidence", "."], false),
        (vec!["evidence", ".", "--format", "json"], false),
        (vec!["evidence", ".", "--format", "sarif"], false),
        (vec!["evidence", ".", "--format", "markdown"], false),
        (
            vec!["pull", "--workload-id", "##[error]x", "--file", rel],
            false,
        ),
    ];
    for (args, annotations) in runs {
        // The sync commands talk to the emulator; the others run locally (they take no
        // --endpoint-url, and must not stop at a usage error before printing anything).
        let out = if ["diff", "push", "status", "pull"].contains(&args[0]) {
            w.run(&args)
        } else {
            w.dir.rel04().args(&args).output().unwrap()
        };
        // Only the bad --workload-id is meant to stop at clap's usage error.
        let usage_expected = args.contains(&"##[error]x");
        assert_eq!(
            stderr(&out).contains("For more information, try '--help'"),
            usage_expected,
            "{args:?}: {}",
            stderr(&out)
        );
        let text = format!("{}{}", stdout(&out), stderr(&out));
        for line in text.lines() {
            let body = line.trim_start();
            let deliberate = annotations
                && (body.starts_with("::error file=") || body.starts_with("::warning file="));
            assert!(
                !body.starts_with("::") || deliberate,
                "{args:?}: a command line: {line:?}"
            );
            assert!(!line.contains("##["), "{args:?}: {line:?}");
            assert!(
                !line.chars().any(|c| c == '\u{1b}'
                    || ('\u{80}'..='\u{9f}').contains(&c)
                    || c == '\u{202e}'),
                "{args:?}: a control character in {line:?}"
            );
        }
        if annotations {
            let printed = stdout(&out);
            let commands: Vec<&str> = printed.lines().filter(|l| l.starts_with("::")).collect();
            assert!(!commands.is_empty(), "{args:?} printed no annotation");
            // Each deliberate annotation has exactly one `::` after its properties.
            for line in commands {
                let (head, _) = line[2..].split_once("::").expect("a message");
                assert!(!head.contains('\n'), "{line}");
            }
        }
    }
    // The JSON still means what was written.
    let out = w
        .dir
        .rel04()
        .args(["report", rel, "--format", "json"])
        .output()
        .unwrap();
    let v: Value = json_of(&stdout(&out));
    assert!(v["workload"].as_str().unwrap().contains("##[error]svc"));
}

/// JUnit stays well-formed whatever a name holds; SARIF URIs are percent-encoded.
#[test]
fn junit_and_sarif_hold_odd_names() {
    let dir = Dir::new();
    std::fs::create_dir(dir.file("my svc#1%20x")).unwrap();
    let rel = "my svc#1%20x/rel04-answers.json";
    dir.ok(&["init", "--workload", "svc\u{ffff}name", "--file", rel]);
    let out = dir
        .rel04()
        .args(["check", rel, "--format", "junit"])
        .output()
        .unwrap();
    roxmltree::Document::parse(&stdout(&out)).expect("well-formed XML");
    let out = dir
        .rel04()
        .args(["check", rel, "--format", "sarif"])
        .output()
        .unwrap();
    let v = json_of(&stdout(&out));
    let uri =
        &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "my%20svc%231%2520x/rel04-answers.json");
}

/// A file check cannot read is reported in the format asked for, not only on stderr.
#[test]
fn an_unreadable_file_is_reported_in_every_format() {
    let dir = Dir::new();
    dir.workload("good", ["selected"; 4]);
    std::fs::write(dir.file("bad.rel04.json"), "{ \"schemaVersion\": 1,").unwrap();
    for (format, says) in [
        ("json", "\"unreadable\""),
        ("junit", "<error type=\"REL04-FILE\""),
        ("sarif", "\"ruleId\": \"REL04-FILE\""),
        ("github", "::error file=bad.rel04.json"),
    ] {
        let out = dir
            .rel04()
            .args(["check", ".", "--format", format])
            .output()
            .unwrap();
        assert_eq!(code(&out), 2, "{format}");
        assert!(stdout(&out).contains(says), "{format}: {}", stdout(&out));
    }
    let out = dir
        .rel04()
        .args(["check", ".", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json_of(&stdout(&out))["passed"], false);
}

/// A server that accepts and never answers: the run ends on its timeout, says so, exit 2.
#[test]
fn a_silent_server_times_out() {
    let w = World::new();
    let (file, _) = w.pushed("silent");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().take(8) {
            held.push(stream); // accepted, never answered
        }
        std::thread::sleep(Duration::from_secs(30));
    });
    let started = Instant::now();
    let out = w
        .dir
        .rel04()
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .args([
            "pull",
            "--timeout",
            "1",
            "--max-attempts",
            "2",
            "--endpoint-url",
            &url,
            "--file",
        ])
        .arg(&file)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    fails(&out, 2, &["did not answer", "--timeout"]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

/// A proxy's HTML 500 is not retried ten times, and the error names the status and the
/// endpoint instead of a JSON parser's complaint.
#[test]
fn an_html_error_page_is_named_and_not_retried() {
    let w = World::new();
    let (file, _) = w.pushed("proxy");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(10) {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let body = "<html><body>502 Bad Gateway</body></html>";
            let _ = write!(
                stream,
                "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tx.send(());
        }
    });
    let out = w
        .dir
        .rel04()
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .args(["diff", "--endpoint-url", &url, "--file"])
        .arg(&file)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    fails(&out, 2, &["HTTP 502", &url, "text/html"]);
    assert!(!stderr(&out).contains("unexpected"), "{}", stderr(&out));
    assert_eq!(rx.try_iter().count(), 1, "one request, no retries");
}

/// Wrong flags say which flag and what a right value looks like.
#[test]
fn bad_region_and_endpoint_say_what_is_expected() {
    let dir = Dir::new();
    dir.workload("flags", ["selected"; 4]);
    dir.fails(
        &[
            "diff",
            "--region",
            "not a region",
            "--file",
            "flags.rel04.json",
        ],
        2,
        &["--region", "us-east-1"],
    );
    dir.fails(
        &[
            "diff",
            "--endpoint-url",
            "not a url",
            "--file",
            "flags.rel04.json",
        ],
        2,
        &["--endpoint-url", "http://127.0.0.1:8787"],
    );
}

/// An empty REL04_FILE or REL04_WORKLOAD_ID is unset, for every command.
#[test]
fn empty_variables_are_unset() {
    let dir = Dir::new();
    let run = |args: &[&str]| {
        dir.rel04()
            .env("REL04_FILE", "")
            .env("REL04_WORKLOAD_ID", "")
            .args(args)
            .output()
            .unwrap()
    };
    assert_eq!(code(&run(&["init", "--workload", "empty-vars"])), 0);
    assert!(dir.file("rel04-answers.json").exists());
    for (args, exit) in [
        (vec!["answer", "BP01", "selected"], 0),
        (vec!["report"], 0),
        // The other practices are still unanswered: the gate fails on purpose.
        (vec!["check"], 1),
    ] {
        let out = run(&args);
        assert_eq!(code(&out), exit, "{args:?}: {}", stderr(&out));
    }
    let out = run(&["diff", "--region", "us-east-1"]);
    let err = stderr(&out);
    assert!(!err.contains("--workload-id"), "{err}");
    assert!(
        err.contains("names no Well-Architected Tool workload") || err.contains("credentials"),
        "{err}"
    );
    let out = dir
        .rel04()
        .env("REL04_WORKLOAD_ID", "nothex")
        .args(["diff", "--region", "us-east-1"])
        .output()
        .unwrap();
    fails(&out, 2, &["REL04_WORKLOAD_ID \"nothex\""]);
}

/// A full standard output is a message, not a panic.
#[test]
fn a_full_stdout_says_so() {
    let dir = Dir::new();
    dir.workload("full", ["selected"; 4]);
    let bin = assert_cmd::cargo::cargo_bin("rel04");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "exec '{}' report full.rel04.json > /dev/full",
            bin.display()
        ))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    fails(&out, 2, &["writing to standard output failed"]);
    assert!(!stderr(&out).contains("panicked"));
}

/// `report --out` never replaces an answers file, a link or a device; saves never replace a
/// link, a hard-linked or a read-only file.
#[test]
fn outputs_and_saves_replace_only_plain_files() {
    let dir = Dir::new();
    let file = dir.workload("plain", ["selected"; 4]);
    let f = file.to_str().unwrap();
    let before = dir.read(&file);
    dir.fails(
        &["report", f, "--format", "json", "--out", f],
        2,
        &["would overwrite an answers file"],
    );
    dir.fails(
        &["report", f, "--out", "rel04-answers.json"],
        2,
        &["would overwrite an answers file"],
    );
    assert_eq!(dir.read(&file), before);
    let fifo = dir.file("pipe");
    mkfifo(&fifo);
    let out = dir
        .rel04()
        .args(["report", f, "--out"])
        .arg(&fifo)
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    fails(&out, 2, &["not a regular file"]);
    let out = dir
        .rel04()
        .args(["init", "--force", "--workload", "pipe-dream", "--file"])
        .arg(&fifo)
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    fails(&out, 2, &["not a regular file"]);
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );

    // A symbolic link: refused, naming the file it points to; the real file is unchanged.
    std::fs::create_dir(dir.file("linked")).unwrap();
    std::os::unix::fs::symlink(&file, dir.file("linked/rel04-answers.json")).unwrap();
    let out = dir
        .rel04()
        .current_dir(dir.file("linked"))
        .args(["answer", "BP01", "unselected"])
        .output()
        .unwrap();
    fails(
        &out,
        2,
        &["is a symbolic link", "name the file it points to"],
    );
    assert_eq!(dir.read(&file), before);
    // A hard link and a read-only file: refused.
    std::fs::hard_link(&file, dir.file("hard.rel04.json")).unwrap();
    dir.fails(
        &["answer", "BP01", "unselected", "--file", f],
        2,
        &["hard links"],
    );
    std::fs::remove_file(dir.file("hard.rel04.json")).unwrap();
    let mut perms = std::fs::metadata(&file).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&file, perms).unwrap();
    dir.fails(
        &["answer", "BP01", "unselected", "--file", f],
        2,
        &["read-only"],
    );
    assert_eq!(dir.read(&file), before);
}

/// A folder's symlinked answers file is checked too: a failing review is never left out. A
/// link that stays inside the folder is read; one that leads out of it is an error of its own
/// (exit 2), never silently skipped and never read.
#[test]
fn a_symlinked_answers_file_in_a_folder_is_checked() {
    let dir = Dir::new();
    let failing = dir.workload("failing", ["unselected"; 4]);
    std::fs::create_dir_all(dir.file("services/bad")).unwrap();
    std::fs::create_dir_all(dir.file("services/shared")).unwrap();
    std::fs::rename(&failing, dir.file("services/shared/failing.json")).unwrap();
    std::os::unix::fs::symlink(
        "../shared/failing.json",
        dir.file("services/bad/rel04-answers.json"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.file("services/good")).unwrap();
    dir.ok(&[
        "init",
        "--workload",
        "good",
        "--file",
        "services/good/rel04-answers.json",
    ]);
    let out = dir.rel04().args(["check", "services"]).output().unwrap();
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(stdout(&out).contains("failing"), "{}", stdout(&out));
    // The same link, seen from a folder it leads out of.
    let out = dir
        .rel04()
        .args(["check", "services/bad"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert!(
        stderr(&out).contains("services/bad/rel04-answers.json")
            && stderr(&out).contains("symbolic link to a file outside"),
        "{}",
        stderr(&out)
    );
    assert!(!stdout(&out).contains("failing"), "{}", stdout(&out));
}

/// One push, two files for one workload, only one of them with a Region: still refused (no
/// Region means the default one).
#[test]
fn a_missing_region_does_not_hide_a_shared_workload() {
    let w = World::new();
    std::fs::create_dir(w.dir.file("a")).unwrap();
    std::fs::create_dir(w.dir.file("b")).unwrap();
    w.dir.ok(&[
        "init",
        "--workload",
        "payments-api",
        "--file",
        "a/rel04-answers.json",
    ]);
    w.dir.ok(&[
        "answer",
        "BP01",
        "selected",
        "--file",
        "a/rel04-answers.json",
    ]);
    w.ok(&["push", "--create", "--file", "a/rel04-answers.json"]);
    w.dir.ok(&[
        "init",
        "--workload",
        "payments-api",
        "--file",
        "b/rel04-answers.json",
    ]);
    let writes = w.emulator.requests("UpdateAnswer");
    w.fails(
        &["push", "--create", "--force", "a", "b"],
        2,
        &["both name the workload named \"payments-api\""],
    );
    assert_eq!(w.emulator.requests("UpdateAnswer"), writes);
}

/// A key doubled under a JSON escape is the same key, and refused like any other.
#[test]
fn an_escaped_duplicate_key_is_refused() {
    let dir = Dir::new();
    let file = dir.workload("escaped", ["selected"; 4]);
    let text = dir.read(&file).replacen(
        "\"rel_prevent_interaction_failure_identify\": {",
        "\"rel_prevent_interaction_failure_identif\\u0079\": {\"status\": \"unselected\"},\n    \"rel_prevent_interaction_failure_identify\": {",
        1,
    );
    std::fs::write(&file, text).unwrap();
    let out = dir.rel04().args(["report"]).arg(&file).output().unwrap();
    fails(&out, 2, &["appears twice"]);
}

/// An edit made while a push runs is kept: the push does not save its older copy over it.
#[test]
fn an_edit_during_a_push_is_kept() {
    let w = World::with_faults(Faults {
        latency: Duration::from_millis(700),
        ..Faults::default()
    });
    let (file, _) = w.pushed("racing");
    let f = file.to_str().unwrap().to_string();
    w.dir.ok(&["answer", "BP02", "selected", "--file", &f]);
    let pushing = {
        let mut cmd = w.dir.rel04();
        cmd.env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_REGION", "us-east-1")
            .args([
                "push",
                "--file",
                &f,
                "--endpoint-url",
                &w.emulator.endpoint_url(),
            ]);
        std::thread::spawn(move || cmd.output().unwrap())
    };
    std::thread::sleep(Duration::from_millis(400));
    let edited = w
        .dir
        .read(&file)
        .replace("\"notes\": \"\"", "\"notes\": \"edited meanwhile\"");
    std::fs::write(&file, &edited).unwrap();
    let out = pushing.join().unwrap();
    fails(&out, 2, &["changed on disk while it was being pushed"]);
    assert_eq!(w.dir.read(&file), edited, "the edit is kept");
}

/// History: an author name holding git's old separators neither hides nor forges a commit;
/// a path that is not ASCII is read.
#[test]
fn history_survives_odd_authors_and_paths() {
    let dir = Dir::new();
    let git = |name: &str, args: &[&str]| {
        let out = Command::new("git")
            .args([
                "-c",
                &format!("user.name={name}"),
                "-c",
                "user.email=a@example.com",
            ])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    };
    git("x", &["init", "-q"]);
    std::fs::create_dir(dir.file("é svc")).unwrap();
    let rel = "é svc/rel04-answers.json";
    dir.ok(&["init", "--workload", "odd", "--file", rel]);
    git("plain", &["add", "-A"]);
    git("plain", &["commit", "-qm", "one"]);
    dir.ok(&["answer", "BP01", "unselected", "--file", rel]);
    git(
        "x\u{1e}0000000000000000000000000000000000000000\u{1f}2001-01-01",
        &["commit", "-qam", "two"],
    );
    let out = dir
        .rel04()
        .args(["history", "--format", "json", "--file", rel])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v = json_of(&stdout(&out));
    let versions = v.as_array().unwrap();
    assert_eq!(versions.len(), 2, "{v}");
    assert!(versions.iter().all(|c| c["error"].is_null()), "{v}");
    assert!(
        versions[1]["author"]
            .as_str()
            .unwrap()
            .starts_with("x\u{1e}0000"),
        "{v}"
    );
    assert_eq!(versions[1]["risk"], "UNANSWERED");
}

/// `a` and `./a` are one folder: one lock, not a lock against itself.
#[test]
fn one_folder_spelt_two_ways_is_locked_once() {
    let w = World::new();
    std::fs::create_dir(w.dir.file("a")).unwrap();
    w.dir.ok(&[
        "init",
        "--workload",
        "first",
        "--file",
        "a/rel04-answers.json",
    ]);
    w.dir.ok(&[
        "init",
        "--workload",
        "second",
        "--file",
        "a/second.rel04.json",
    ]);
    let out = w.run(&[
        "push",
        "--create",
        "--dry-run",
        "a/rel04-answers.json",
        "./a/second.rel04.json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// An offset beyond 23 hours is not RFC 3339.
#[test]
fn an_impossible_offset_is_refused() {
    let dir = Dir::new();
    let file = dir.workload("offset", ["selected"; 4]);
    dir.edit(&file, |v| {
        v["question"]["answeredAt"] = "2020-01-01T00:00:00+25:00".into()
    });
    let out = dir.rel04().args(["check"]).arg(&file).output().unwrap();
    fails(&out, 2, &["not an RFC 3339 time"]);
}

/// Standard output closed (`>&-`): the data would be lost, so the command fails (exit 2) and
/// says where to send it instead; `> /dev/null` and a pipe are fine.
#[test]
fn a_closed_stdout_is_an_error() {
    let dir = Dir::new();
    let file = dir.workload("closed", ["selected"; 4]);
    let bin = assert_cmd::cargo::cargo_bin("rel04");
    let run = |redirect: &str| {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("\"$0\" report \"$1\" {redirect}"))
            .arg(&bin)
            .arg(&file)
            .env("HOME", dir.path())
            .env("COLUMNS", "1000")
            .output()
            .unwrap()
    };
    let closed = run(">&-");
    fails(&closed, 2, &["standard output is closed", "/dev/null"]);
    assert_eq!(code(&run(">/dev/null")), 0);
    // Read-write /dev/null, as Python's subprocess.DEVNULL opens it: not closed.
    assert_eq!(code(&run("1<>/dev/null")), 0);
    assert_eq!(code(&run("| head -c 1 >/dev/null")), 0);
}

/// A folder search reads only answers files inside the folder: a symbolic link that leads out
/// of it is an error of its own (its target never quoted), a link that stays inside is read,
/// and the other files are checked and reported as usual.
#[test]
fn folder_searches_do_not_follow_links_out_of_the_folder() {
    let dir = Dir::new();
    let secret = dir.workload("secret-elsewhere", ["unselected"; 4]);
    std::fs::create_dir_all(dir.file("fleet/sub")).unwrap();
    let ok = dir.workload("orders-kept", ["selected"; 4]);
    std::fs::rename(&ok, dir.file("fleet/sub/inside.rel04.json")).unwrap();
    std::os::unix::fs::symlink("sub/inside.rel04.json", dir.file("fleet/alias.rel04.json"))
        .unwrap();
    std::os::unix::fs::symlink(&secret, dir.file("fleet/outside.rel04.json")).unwrap();
    for command in [["check", "fleet"], ["report", "fleet"]] {
        let out = dir.rel04().args(command).output().unwrap();
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert_eq!(code(&out), 2, "{command:?}: {all}");
        assert!(all.contains("outside.rel04.json"), "{all}");
        assert!(all.contains("symbolic link to a file outside"), "{all}");
        assert!(
            !all.contains("secret-elsewhere"),
            "the target is not quoted: {all}"
        );
        assert!(all.contains("orders-kept"), "the others are read: {all}");
    }
}
