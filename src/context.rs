//! Who is answering and when: read once per run from the environment, `git config` and the
//! clock, then passed down. The model never asks the outside world itself, so tests give a
//! fixed context and a run stamps every answer with one name and one time.

use std::time::SystemTime;

/// The person and the moment of one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// `REL04_USER`, else the git user's email, else the login name.
    pub who: String,
    /// The run's time, as the RFC 3339 text the file stores.
    pub now: String,
}

impl Context {
    /// Reads the person from the environment (and `git config user.email`) and the clock.
    /// Commands that write answers call this once, before any other work.
    pub fn read() -> Context {
        Context {
            who: current_user(),
            now: rfc3339(SystemTime::now()),
        }
    }

    /// A fixed context, for tests.
    #[cfg(test)]
    pub fn fixed(who: &str, now: &str) -> Context {
        Context {
            who: who.to_string(),
            now: now.to_string(),
        }
    }
}

/// A time as the RFC 3339 text the file stores, to the second, in UTC.
pub fn rfc3339(time: SystemTime) -> String {
    match jiff::Timestamp::try_from(time) {
        Ok(stamp) => stamp.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        // Outside jiff's range (years -9999..=9999): no real clock says that.
        Err(_) => "1970-01-01T00:00:00Z".to_string(),
    }
}

fn current_user() -> String {
    let from_env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    from_env("REL04_USER")
        .or_else(git_email)
        .or_else(|| from_env("USER"))
        .or_else(|| from_env("USERNAME"))
        .unwrap_or_else(|| "unknown".to_string())
}

fn git_email() -> Option<String> {
    let out = std::process::Command::new("git")
        .args(["config", "user.email"])
        .output()
        .ok()?;
    let email = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !email.is_empty()).then_some(email)
}
