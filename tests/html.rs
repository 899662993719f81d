//! `report --format html` in a real browser: headless Chromium (Debian's `chromium`, which
//! `.ci/run` installs) renders a portfolio of three workloads; the DOM holds every workload
//! and practice, and no markup written into names or notes survives as markup.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Dir, code, stderr, stdout};

/// The browser: `chromium` (Debian), else `chromium-browser`.
fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser"] {
        if let Ok(out) = Command::new("which").arg(name).output()
            && out.status.success()
        {
            return PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        }
    }
    panic!("the HTML report is tested in Chromium: install it (apt-get install chromium)");
}

/// Chromium without a sandbox (tests run as root), a GPU or any network of its own.
fn browser(dir: &Path) -> Command {
    let mut cmd = Command::new(chromium());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!(
        "--user-data-dir={}",
        dir.join("chromium-profile").display()
    ));
    cmd
}

const INJECTIONS: [&str; 4] = [
    "<script>document.title='owned'</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(2)>",
    "</style><style>body{display:none}</style>",
];

#[test]
fn a_portfolio_renders_in_a_browser_with_nothing_injected() {
    let dir = Dir::new();
    dir.ok(&[
        "init",
        "--workload",
        "payments <b>api</b>",
        "--file",
        "payments.rel04.json",
    ]);
    let payments = dir.file("payments.rel04.json");
    let search = dir.workload(
        "search",
        ["selected", "selected", "unselected", "not-applicable"],
    );
    let orders = dir.workload("orders", ["unselected", "-", "-", "-"]);
    let p = payments.to_str().unwrap();
    for (bp, note) in ["BP01", "BP02", "BP03", "BP04"].iter().zip(INJECTIONS) {
        let status = if *bp == "BP02" {
            "unselected"
        } else {
            "selected"
        };
        dir.ok(&[
            "answer",
            bp,
            status,
            "--notes",
            note,
            "--check",
            &check_of(bp),
            "--file",
            p,
        ]);
    }
    dir.ok(&[
        "answer",
        "question",
        "applicable",
        "--notes",
        &INJECTIONS.join(" "),
        "--file",
        p,
    ]);
    let out = dir
        .rel04()
        .args(["report", "--format", "html", "--out", "report.html"])
        .arg(&payments)
        .arg(&search)
        .arg(&orders)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let html = dir.read(&dir.file("report.html"));
    assert!(
        html.contains("Content-Security-Policy") && html.contains("default-src 'none'"),
        "the page loads nothing from elsewhere"
    );
    for tag in ["<script", "<img", "<svg onload", "<link", "<iframe"] {
        assert!(!html.contains(tag), "{tag} in the page");
    }

    let page = format!("file://{}", dir.file("report.html").display());
    let dom = browser(dir.path())
        .arg("--dump-dom")
        .arg(&page)
        .output()
        .expect("chromium runs");
    assert!(dom.status.success(), "{}", stderr(&dom));
    let dom = stdout(&dom);
    for workload in ["payments &lt;b&gt;api&lt;/b&gt;", "search", "orders"] {
        assert!(dom.contains(workload), "{workload} is in the DOM");
    }
    for practice in [
        "Identify the kind of distributed systems you depend on",
        "Implement loosely coupled dependencies",
        "Do constant work",
        "Make mutating operations idempotent",
    ] {
        assert!(dom.contains(practice), "{practice} is in the DOM");
    }
    // Injected markup is text in the DOM, never elements.
    for element in ["<script", "<img", "<b>", "<svg onload", "<style>body"] {
        assert!(!dom.contains(element), "{element} became markup:\n{dom}");
    }
    assert!(
        dom.contains("&lt;script&gt;document.title"),
        "the note is shown as text"
    );
    assert!(dom.contains("<title>REL 4 review of 3 workloads</title>"));

    let shot = dir.file("report.png");
    let out = browser(dir.path())
        .arg("--window-size=1200,1600")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&page)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
}

fn check_of(bp: &str) -> String {
    match bp {
        "BP01" => "timeouts=no",
        "BP02" => "async-handoff=no",
        "BP03" => "same-work-always=yes",
        _ => "idempotency-tokens=unsure",
    }
    .to_string()
}

/// `history` reads the commits of the file, with the risk after each; outside a repository it
/// says so.
#[test]
fn history_shows_the_risk_after_each_commit() {
    let dir = Dir::new();
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args([
                "-c",
                "user.name=SRE Team",
                "-c",
                "user.email=sre@example.com",
            ])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(ok.status.success(), "git {args:?}: {}", stderr(&ok));
    };
    let out = dir.rel04().args(["history"]).output().unwrap();
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("not in a git repository"),
        "{}",
        stderr(&out)
    );
    git(&["init", "-q"]);
    let file = dir.workload(
        "history",
        ["selected", "unselected", "selected", "selected"],
    );
    git(&["add", "-A"]);
    git(&["commit", "-qm", "first review"]);
    let f = file.to_str().unwrap();
    dir.ok(&["answer", "BP02", "selected", "--file", f]);
    git(&["commit", "-qam", "queue in front of the ledger"]);
    git(&["mv", "history.rel04.json", "renamed.rel04.json"]);
    git(&["commit", "-qm", "rename"]);
    let renamed = dir.file("renamed.rel04.json");
    dir.ok(&[
        "answer",
        "BP04",
        "unselected",
        "--file",
        renamed.to_str().unwrap(),
    ]);
    git(&["commit", "-qam", "refunds regress"]);
    // A look-alike file added later is not part of this file's history.
    dir.workload("other", ["unselected"; 4]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "another service"]);

    let out = dir
        .rel04()
        .args([
            "history",
            "--format",
            "json",
            "--file",
            renamed.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let risks: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["risk"].as_str().unwrap())
        .collect();
    assert_eq!(risks, ["HIGH", "NONE", "NONE", "MEDIUM"], "{v}");
    assert_eq!(v[0]["author"], "SRE Team <sre@example.com>");
    assert_eq!(v[1]["changes"][0]["what"], "REL04-BP02");
    assert_eq!(v[1]["changes"][0]["from"], "unselected");
    assert_eq!(v[1]["changes"][0]["to"], "selected");
    assert_eq!(v[3]["commit"].as_str().unwrap().len(), 40);

    // The HTML report draws the same history.
    let out = dir
        .rel04()
        .args(["report", "--format", "html"])
        .arg(&renamed)
        .output()
        .unwrap();
    let html = stdout(&out);
    assert!(
        html.contains("<svg class=\"timeline\"") && html.contains("4 commits"),
        "{html}"
    );
}
