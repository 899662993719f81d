//! What an answers file may hold beyond what JSON parsing checks: the Well-Architected Tool's
//! limits, known ids, RFC 3339 times, and "None of these" never beside a selected practice.

use crate::catalogue::Catalogue;
use crate::vocab::Status;

use super::model::AnswersFile;

/// Limits of the Well-Architected Tool, in characters.
pub mod limits {
    pub const PRACTICE_NOTES: usize = 250;
    pub const QUESTION_NOTES: usize = 2084;
    pub const WORKLOAD_NAME: (usize, usize) = (3, 100);
    pub const MILESTONE_NAME: (usize, usize) = (3, 100);
    pub const DESCRIPTION: (usize, usize) = (3, 250);
    pub const REVIEW_OWNER: (usize, usize) = (3, 255);
}

impl AnswersFile {
    /// The first problem this file has, as a sentence, or `Ok`.
    pub fn validate(&self, catalogue: &Catalogue) -> Result<(), String> {
        match self.problems(catalogue, None).into_iter().next() {
            Some((_, message)) => Err(message),
            None => Ok(()),
        }
    }

    /// Every problem a file can have that JSON parsing does not catch, each with its key path.
    /// With `now`, a time more than a day ahead of it is a problem too (it would keep an
    /// answer fresh for `check --max-age` forever).
    pub(super) fn problems(
        &self,
        catalogue: &Catalogue,
        now: Option<std::time::SystemTime>,
    ) -> Vec<(Vec<String>, String)> {
        let mut out: Vec<(Vec<String>, String)> = Vec::new();
        let mut at = |keys: &[&str], message: String| {
            out.push((keys.iter().map(|k| k.to_string()).collect(), message))
        };
        let w = &self.workload;
        for (key, value, range) in [
            ("name", &w.name, limits::WORKLOAD_NAME),
            ("description", &w.description, limits::DESCRIPTION),
            ("reviewOwner", &w.review_owner, limits::REVIEW_OWNER),
        ] {
            if let Err(e) = check_length(value, range) {
                at(&["workload", key], format!("workload.{key} {e}"));
            }
        }
        if let Some(id) = &w.aws_workload_id
            && !is_workload_id(id)
        {
            at(
                &["workload", "awsWorkloadId"],
                format!(
                    "workload.awsWorkloadId \"{id}\" is not 32 lowercase hex characters; fix it or set it to null"
                ),
            );
        }
        if let Some(region) = &w.aws_region
            && !is_region(region)
        {
            at(
                &["workload", "awsRegion"],
                "workload.awsRegion must be an AWS Region such as us-east-1 or eu-west-2; fix it or set it to null".to_string(),
            );
        }
        if let Some(profile) = &w.aws_profile
            && !is_profile_name(profile)
        {
            at(
                &["workload", "awsProfile"],
                "workload.awsProfile must be a profile name from ~/.aws/config (1 to 64 characters, no spaces or brackets); fix it or remove the key".to_string(),
            );
        }
        if let Some(arn) = &w.aws_role_arn
            && !is_role_arn(arn)
        {
            at(
                &["workload", "awsRoleArn"],
                "workload.awsRoleArn must be an IAM role ARN such as arn:aws:iam::123456789012:role/rel04-review; fix it or remove the key".to_string(),
            );
        }
        if let Some(e) = notes_problem(&self.question.notes, limits::QUESTION_NOTES) {
            at(&["question", "notes"], format!("question.notes {e}"));
        }
        if let Some(e) = time_problem(self.question.answered_at.as_deref(), now) {
            at(
                &["question", "answeredAt"],
                format!("question.answeredAt {e}"),
            );
        }
        for (id, answer) in self.practices.iter() {
            let Some(practice) = catalogue.practice(id) else {
                let valid: Vec<_> = catalogue
                    .practices()
                    .map(|p| format!("{} ({})", p.choice.id, p.bp))
                    .collect();
                at(
                    &["practices", id],
                    format!(
                        "unknown practice \"{id}\"; the REL 4 practices are: {}",
                        valid.join(", ")
                    ),
                );
                continue;
            };
            if let Some(e) = notes_problem(&answer.notes, limits::PRACTICE_NOTES) {
                at(
                    &["practices", id, "notes"],
                    format!("{} notes {e}", practice.bp),
                );
            }
            if let Some(e) = time_problem(answer.answered_at.as_deref(), now) {
                at(
                    &["practices", id, "answeredAt"],
                    format!("{} answeredAt {e}", practice.bp),
                );
            }
            for check in answer.checks.keys() {
                if !practice.choice.checks.iter().any(|c| &c.id == check) {
                    let valid: Vec<_> = practice
                        .choice
                        .checks
                        .iter()
                        .map(|c| c.id.as_str())
                        .collect();
                    at(
                        &["practices", id, "checks", check],
                        format!(
                            "{} has no check \"{check}\"; its checks are: {}",
                            practice.bp,
                            valid.join(", ")
                        ),
                    );
                }
            }
            if self.question.none_of_these && answer.status == Status::Selected {
                at(
                    &["practices", id, "status"],
                    format!(
                        "{} is selected but question.noneOfThese is true; \"None of these\" excludes every practice, so set one of them back",
                        practice.bp
                    ),
                );
            }
        }
        out
    }
}

/// Whether a name (of a workload, an owner, a milestone) is plain text of a `(min, max)`
/// length in characters; if not, "is N characters; ..." (the caller names the field). A
/// control character (an escape sequence, a newline) or a bidirectional override has no place
/// in a name: it would reach terminals, logs and the console as it is.
pub fn check_length(value: &str, (min, max): (usize, usize)) -> Result<(), String> {
    if let Some((at, c)) = value
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() || crate::vocab::is_bidi_control(*c))
    {
        return Err(format!(
            "holds a control character (U+{:04X}) at character {}; a name is plain text on one line",
            u32::from(c),
            at + 1
        ));
    }
    let n = value.chars().count();
    if n < min {
        Err(format!("is {n} characters; it needs at least {min}"))
    } else if n > max {
        Err(format!(
            "is {n} characters, {} over the limit of {max}",
            n - max
        ))
    } else {
        Ok(())
    }
}

/// A notes text over its limit: by how much.
pub fn notes_problem(notes: &str, max: usize) -> Option<String> {
    let n = notes.chars().count();
    (n > max).then(|| {
        format!(
            "are {n} characters, {} over the Well-Architected Tool's limit of {max}; shorten them",
            n - max
        )
    })
}

fn time_problem(time: Option<&str>, now: Option<std::time::SystemTime>) -> Option<String> {
    let time = time?;
    let Some(parsed) = parse_time(time) else {
        return Some(format!(
            "\"{time}\" is not an RFC 3339 time such as 2026-01-31T12:00:00Z or 2026-01-31T17:00:00+05:00"
        ));
    };
    let day = std::time::Duration::from_secs(86_400);
    let ahead = parsed.duration_since(now? + day).ok()?;
    Some(format!(
        "\"{time}\" is {} days in the future; a clock was wrong or the time was typed by hand: set it to when the answer was given",
        ahead.as_secs() / 86_400 + 1
    ))
}

/// An RFC 3339 time, with any offset (`Z`, `+05:00`); the file keeps it as written.
pub fn parse_time(time: &str) -> Option<std::time::SystemTime> {
    let time = time.trim();
    // RFC 3339 offsets run from -23:59 to +23:59 (jiff reads more).
    let offset_hours = time
        .len()
        .checked_sub(6)
        .and_then(|at| time.get(at..))
        .filter(|o| o.starts_with(['+', '-']) && o.as_bytes()[3] == b':')
        .and_then(|o| o[1..3].parse::<u32>().ok());
    if offset_hours.is_some_and(|h| h > 23) {
        return None;
    }
    let stamp: jiff::Timestamp = time.parse().ok()?;
    Some(std::time::SystemTime::from(stamp))
}

/// 32 lowercase hexadecimal characters, the form of a Well-Architected Tool workload id.
pub fn is_workload_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// An AWS Region's form: `us-east-1`, `ap-southeast-2`, `us-gov-west-1`.
pub fn is_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    let letters = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase());
    parts.len() >= 3
        && parts[..parts.len() - 1].iter().all(letters)
        && parts[0].len() == 2
        && parts
            .last()
            .is_some_and(|n| (1..=2).contains(&n.len()) && n.chars().all(|c| c.is_ascii_digit()))
}

/// A profile name as ~/.aws/config can hold it: printable, no spaces, no brackets.
pub fn is_profile_name(name: &str) -> bool {
    (1..=64).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '[' | ']' | '#' | ';'))
}

/// An IAM role ARN: `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`, the form STS AssumeRole takes.
pub fn is_role_arn(arn: &str) -> bool {
    let Some(rest) = arn.strip_prefix("arn:") else {
        return false;
    };
    let Some((partition, rest)) = rest.split_once(":iam::") else {
        return false;
    };
    let Some((account, name)) = rest.split_once(":role/") else {
        return false;
    };
    partition.starts_with("aws")
        && partition
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-')
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && (1..=512).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-/".contains(c))
}

/// The Well-Architected Tool needs a description; this one says where the workload came from.
pub fn default_description(name: &str) -> String {
    let text = format!(
        "{name}: reliability review of REL 4 (distributed-system interactions), kept with rel04"
    );
    text.chars().take(limits::DESCRIPTION.1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns_profiles_and_regions() {
        assert!(is_role_arn("arn:aws:iam::123456789012:role/rel04-review"));
        assert!(is_role_arn(
            "arn:aws-us-gov:iam::123456789012:role/path/to/r"
        ));
        for bad in [
            "arn:aws:iam::12:role/x",
            "arn:aws:iam::123456789012:user/x",
            "arn:aws:sts::123456789012:role/x",
            "arn:aws:iam::123456789012:role/",
            "arn:aws:iam::123456789012:role/a b",
            "role/x",
        ] {
            assert!(!is_role_arn(bad), "{bad}");
        }
        assert!(is_profile_name("payments-prod"));
        for bad in ["", "a b", "[x]", "a\u{1b}b"] {
            assert!(!is_profile_name(bad), "{bad:?}");
        }
        assert!(is_region("us-gov-west-1") && is_region("eu-west-2"));
        assert!(!is_region("us-east") && !is_region("US-EAST-1"));
    }
}
