//! rel04 runs git as a dependency it does not trust blindly: a repository's or a user's
//! configuration runs no program and changes no result, a shallow clone's history says it
//! is cut short, and a version too large to be an answers file is skipped with a note.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{Dir, code, json_of, stderr, stdout};

/// git in `dir`, as a test's own setup (committer named, the user's config left out).
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=SRE Team",
            "-c",
            "user.email=sre@example.com",
        ])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

/// A repository with one answers file in `svc/`, committed three times.
fn three_commits(dir: &Dir) -> String {
    git(dir.path(), &["init", "-q"]);
    std::fs::create_dir(dir.file("svc")).unwrap();
    let file = "svc/rel04-answers.json";
    dir.ok(&["init", "--workload", "orders", "--file", file]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "review"]);
    for (bp, status) in [("BP01", "unselected"), ("BP01", "selected")] {
        dir.ok(&["answer", bp, status, "--file", file]);
        git(dir.path(), &["commit", "-qam", "answer"]);
    }
    file.to_string()
}

fn history(dir: &Dir, file: &str) -> Value {
    let out = dir
        .rel04()
        .args(["history", "--format", "json", "--file", file])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    json_of(&stdout(&out))
}

/// A script that leaves a mark when run: what a hostile config would make git execute.
fn tripwire(dir: &Dir, name: &str) -> String {
    let script = dir.file(name);
    let mark = dir.file(&format!("{name}.ran"));
    std::fs::write(
        &script,
        format!("#!/bin/sh\ntouch '{}'\nexit 0\n", mark.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    script.display().to_string()
}

/// The repository's `.git/config` asks git to run programs (an fsmonitor hook, a signature
/// check) and the user's `~/.gitconfig` changes the output's shape: rel04 runs nothing and
/// reads the same history as with neither.
#[test]
fn repository_and_user_config_run_nothing_and_change_nothing() {
    let dir = Dir::new();
    let file = three_commits(&dir);
    // The last commit carries a signature (made by a stand-in gpg that signs when asked to
    // sign and leaves its mark when asked to verify): with log.showSignature, git log would
    // run gpg.program on it.
    let gpg = tripwire(&dir, "gpg");
    std::fs::write(
        &gpg,
        format!(
            "#!/bin/sh\ncase \"$*\" in\n  *-bsau*) cat >/dev/null; echo '[GNUPG:] SIG_CREATED D 1 8 00 0 X' >&2; printf -- '-----BEGIN PGP SIGNATURE-----\\n\\nAAAA\\n-----END PGP SIGNATURE-----\\n';;\n  *) touch '{}';;\nesac\n",
            dir.file("gpg.ran").display()
        ),
    )
    .unwrap();
    let signing = format!("gpg.program={gpg}");
    git(
        dir.path(),
        &[
            "-c",
            &signing,
            "-c",
            "user.signingkey=X",
            "commit",
            "-q",
            "--amend",
            "--no-edit",
            "-S",
        ],
    );
    assert!(!dir.file("gpg.ran").exists(), "signing is not verifying");
    let plain = history(&dir, &file);
    let monitor = tripwire(&dir, "fsmonitor");
    git(dir.path(), &["config", "core.fsmonitor", &monitor]);
    git(dir.path(), &["config", "log.showSignature", "true"]);
    git(dir.path(), &["config", "gpg.program", &gpg]);
    std::fs::write(
        dir.file(".gitconfig"),
        "[diff]\n\trelative = true\n[log]\n\tshowRoot = false\n\tfollow = true\n[i18n]\n\tlogOutputEncoding = ISO-8859-1\n[core]\n\tquotePath = true\n",
    )
    .unwrap();
    let hostile = history(&dir, &file);
    assert_eq!(hostile, plain);
    assert_eq!(plain.as_array().unwrap().len(), 3, "{plain}");
    assert_eq!(plain[0]["changes"][0]["to"], "created", "{plain}");
    for mark in ["fsmonitor.ran", "gpg.ran"] {
        assert!(!dir.file(mark).exists(), "{mark}: git ran a program");
    }
    // The HTML report reads the same history the same way.
    let out = dir
        .rel04()
        .args(["report", "--format", "html", &file])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("3 commits"), "{}", stderr(&out));
    assert!(!dir.file("fsmonitor.ran").exists());
    // Variables that would point git at another repository are not followed.
    let out = dir
        .rel04()
        .args(["history", "--format", "json", "--file", &file])
        .env("GIT_DIR", dir.file("nowhere"))
        .env("GIT_CONFIG_PARAMETERS", "'log.showroot'='false'")
        .output()
        .unwrap();
    assert_eq!(json_of(&stdout(&out)), plain, "{}", stderr(&out));
}

/// A shallow clone (actions/checkout's default) holds the last commit only: the history says
/// it is cut short there instead of calling that commit the file's creation.
#[test]
fn a_shallow_history_says_it_is_cut_short() {
    let origin = Dir::new();
    three_commits(&origin);
    let dir = Dir::new();
    let url = format!("file://{}", origin.path().display());
    git(dir.path(), &["clone", "-q", "--depth", "1", &url, "clone"]);
    let file = "clone/svc/rel04-answers.json";
    let v = history(&dir, file);
    let versions = v.as_array().unwrap();
    assert_eq!(versions.len(), 1, "{v}");
    assert_eq!(versions[0]["cutShort"], true);
    assert_eq!(versions[0]["changes"].as_array().unwrap().len(), 0, "{v}");
    let text = dir.ok(&["history", "--file", file]);
    assert!(
        text.contains("cut short") && text.contains("fetch-depth: 0"),
        "{text}"
    );
    let html = dir.ok(&["report", "--format", "html", file]);
    assert!(html.contains("history is cut short"), "{html}");
    // The full clone's oldest version is the file's creation, not cut short.
    let full = history(&origin, "svc/rel04-answers.json");
    assert_eq!(full[0]["cutShort"], false);
}

/// A version of the file larger than an answers file may be is skipped with a note, its
/// size asked first; the versions around it are read.
#[test]
fn a_version_over_16_mib_is_skipped_with_a_note() {
    let dir = Dir::new();
    let file = three_commits(&dir);
    let good = std::fs::read_to_string(dir.file(&file)).unwrap();
    std::fs::write(dir.file(&file), " ".repeat(17 * 1024 * 1024)).unwrap();
    git(dir.path(), &["commit", "-qam", "huge"]);
    std::fs::write(dir.file(&file), good).unwrap();
    git(dir.path(), &["commit", "-qam", "back"]);
    let v = history(&dir, &file);
    let versions = v.as_array().unwrap();
    assert_eq!(versions.len(), 5, "{v}");
    assert!(
        versions[3]["error"]
            .as_str()
            .is_some_and(|e| e.contains("over the 16 MiB")),
        "{}",
        versions[3]
    );
    assert_eq!(versions[4]["risk"], versions[2]["risk"]);
}
