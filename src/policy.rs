//! The CI gate's policy: which findings an answers file has and whether it passes.
//!
//! A file fails when its question's risk is at or above the threshold, when a practice is not
//! answered, when something is marked not applicable with no reason, or when answers are older
//! than the allowed age. Practices that are not established but stay below the threshold are
//! reported as warnings: they are improvements, not failures.

use std::time::{Duration, SystemTime};

use serde::Serialize;

use crate::answers::{Loaded, file_flag, parse_time};
use crate::catalogue::Catalogue;
use crate::evidence::{Evidence, Item, Kind};
use crate::risk::{Assessment, evaluate};
use crate::vocab::{CheckAnswer, Level, Reason, Risk, Status};

/// The lowest question risk that fails the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    High,
    Medium,
}

impl Threshold {
    pub fn fails(self, risk: Risk) -> bool {
        match self {
            Threshold::High => risk == Risk::High,
            Threshold::Medium => matches!(risk, Risk::High | Risk::Medium),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Policy<'e> {
    pub fail_on: Threshold,
    pub max_age: Option<Duration>,
    pub now: SystemTime,
    /// Inconsistencies (established with failing checks, every practice not applicable,
    /// answers that the evidence contradicts) fail the check instead of warning.
    pub strict: bool,
    /// What the repository shows (`check --evidence`).
    pub evidence: Option<&'e Evidence<'e>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the check.
    Error,
    /// Worth improving; does not fail the check.
    Warning,
}

/// The rule id of findings about the whole question (not one practice).
pub const QUESTION_RULE: &str = "REL04";

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// `REL04-BP01`..`REL04-BP04`, or `REL04` for the question.
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// 1-based line of the answer in the file, when it can be found.
    pub line: Option<usize>,
    /// The practice's checks that do not hold (answered no or not sure).
    pub checks: Vec<String>,
}

/// One answers file judged against the policy.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    pub file: String,
    pub workload: String,
    pub passed: bool,
    pub risk: Risk,
    pub findings: Vec<Finding>,
}

/// An answers file that could not be checked: where, and why. It fails the run (exit 2) and
/// is reported in every format, so that no report shows green beside it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unreadable {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl From<&crate::answers::FileError> for Unreadable {
    fn from(e: &crate::answers::FileError) -> Unreadable {
        Unreadable {
            file: e.path.display().to_string(),
            line: e.place.map(|(l, _)| l),
            column: e.place.map(|(_, c)| c),
            message: e.message.clone(),
        }
    }
}

pub fn judge(loaded: &Loaded, catalogue: &Catalogue, policy: &Policy<'_>) -> Verdict {
    let file = &loaded.file;
    let assessment = evaluate(catalogue, file);
    let flag = file_flag(&loaded.path);
    let mut findings = Vec::new();
    // The practice being judged, so that its findings carry its failing checks.
    let mut checks: Vec<String> = Vec::new();
    let mut add =
        |rule: &str, severity: Severity, keys: &[&str], message: String, checks: &[String]| {
            findings.push(Finding {
                rule: rule.to_string(),
                severity,
                message,
                line: loaded.line_of(keys),
                checks: checks.to_vec(),
            });
        };
    let inconsistency = if policy.strict {
        Severity::Error
    } else {
        Severity::Warning
    };
    let q = &file.question;
    let age = |at: Option<&str>| policy.max_age.and_then(|max| stale(at, max, policy.now));
    let reasons = Reason::choices();

    if !q.applicable {
        if q.reason.is_none() {
            add(
                QUESTION_RULE,
                Severity::Error,
                &["question", "applicable"],
                format!(
                    "REL 4 is marked not applicable with no reason; record one with `rel04 answer question not-applicable --reason {reasons}{flag}`"
                ),
                &checks,
            );
        }
        if let Some(why) = age(q.answered_at.as_deref()) {
            add(
                QUESTION_RULE,
                Severity::Error,
                &["question", "answeredAt"],
                format!(
                    "REL 4 was marked not applicable {why}; review it again with `rel04 assess{flag}`"
                ),
                &checks,
            );
        }
        return verdict(loaded, assessment, findings);
    }

    if q.none_of_these {
        add(
            QUESTION_RULE,
            Severity::Error,
            &["question", "noneOfThese"],
            format!(
                "\"None of these\" is chosen: no REL 4 practice is established, so the risk is HIGH; see the improvement plan with `rel04 report{flag}`"
            ),
            &checks,
        );
    } else if file.none_of_these()
        && !assessment
            .practices
            .iter()
            .any(|p| p.status == Status::Unselected && p.risk_if_not_established == Level::High)
    {
        add(
            QUESTION_RULE,
            Severity::Error,
            &["practices"],
            format!(
                "no practice is selected: the Well-Architected Tool records such a review as \"None of these\", so the risk is HIGH; select the practices the team has in place (`rel04 assess{flag}`), or mark the whole question not applicable"
            ),
            &checks,
        );
    }
    if file.only_not_applicable() {
        add(
            QUESTION_RULE,
            inconsistency,
            &["practices"],
            format!(
                "every practice is marked not applicable, which the Well-Architected Tool shows as an unanswered question; mark REL 4 itself not applicable with `rel04 answer question not-applicable --reason {reasons}{flag}`"
            ),
            &checks,
        );
    }
    for (practice, view) in catalogue.practices().zip(&assessment.practices) {
        let id = practice.choice.id.as_str();
        let answer = file.practices.get(id);
        let what = format!("{} {}", view.id, view.title);
        let short = view.id.trim_start_matches("REL04-");
        let failing = view.failing_text();
        let checks_note = if failing.is_empty() {
            String::new()
        } else {
            format!("; checks that do not hold: {failing}")
        };
        checks = view.failing_checks().map(|c| c.id.clone()).collect();
        match view.status {
            Status::Unanswered => add(
                &view.id,
                Severity::Error,
                &["practices", id, "status"],
                format!(
                    "{what}: not answered yet; answer it with `rel04 assess --only {short}{flag}` or `rel04 answer {short} selected|unselected|not-applicable{flag}`"
                ),
                &checks,
            ),
            Status::Unselected if !q.none_of_these => {
                let severity = if policy
                    .fail_on
                    .fails(view.risk_if_not_established.question_risk())
                {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                add(
                    &view.id,
                    severity,
                    &["practices", id, "status"],
                    format!(
                        "{what}: not established (risk if not established: {}){checks_note}; {}",
                        view.risk_if_not_established.as_str(),
                        first_sentence(
                            &practice
                                .choice
                                .improvement_plan
                                .as_ref()
                                .map(|l| l.display_text.clone())
                                .unwrap_or_default()
                        )
                    ),
                    &checks,
                );
            }
            Status::NotApplicable if view.reason.is_none() => add(
                &view.id,
                Severity::Error,
                &["practices", id, "status"],
                format!(
                    "{what}: marked not applicable with no reason; record one with `rel04 answer {short} not-applicable --reason {reasons}{flag}`"
                ),
                &checks,
            ),
            Status::Selected if view.contradicted => add(
                &view.id,
                inconsistency,
                &["practices", id, "status"],
                format!(
                    "{what}: answered established, but its own checks do not hold: {failing}; confirm the status or correct the checks with `rel04 assess --only {short}{flag}`"
                ),
                &checks,
            ),
            _ => {}
        }
        if view.status != Status::Unanswered
            && let Some(why) = age(answer.and_then(|a| a.answered_at.as_deref()))
        {
            add(
                &view.id,
                Severity::Error,
                &["practices", id, "answeredAt"],
                format!(
                    "{what}: answered {why}; review it again with `rel04 assess --only {short}{flag}`"
                ),
                &checks,
            );
        }
    }
    if let Some(evidence) = policy.evidence {
        findings.extend(contradictions(loaded, catalogue, evidence, inconsistency));
    }
    verdict(loaded, assessment, findings)
}

/// Answers that the repository's gaps contradict: a check answered yes, or a practice
/// answered established, with gaps that inform it. Each names the first gaps' file and line;
/// the team decides whether the answer or the code is wrong.
fn contradictions(
    loaded: &Loaded,
    catalogue: &Catalogue,
    evidence: &Evidence<'_>,
    severity: Severity,
) -> Vec<Finding> {
    let file = &loaded.file;
    let flag = file_flag(&loaded.path);
    let mut findings = Vec::new();
    if !file.question.applicable {
        return findings;
    }
    for practice in catalogue.practices() {
        let id = practice.choice.id.as_str();
        let Some(answer) = file.practices.get(id) else {
            continue;
        };
        let short = practice.bp.trim_start_matches("REL04-");
        // The practice's gaps, gathered once; each finding names the first few.
        let gaps: Vec<&Item<'_>> = evidence
            .of_practice(id)
            .filter(|i| i.rule.kind == Kind::Gap)
            .collect();
        if gaps.is_empty() {
            continue;
        }
        let yes_checks: Vec<&str> = answer
            .checks
            .iter()
            .filter(|(_, said)| **said == CheckAnswer::Yes)
            .map(|(check, _)| check.as_str())
            .collect();
        for check in &yes_checks {
            let found: Vec<&Item<'_>> = gaps
                .iter()
                .copied()
                .filter(|i| i.rule.check.as_deref() == Some(check))
                .collect();
            if found.is_empty() {
                continue;
            }
            findings.push(Finding {
                rule: practice.bp.to_string(),
                severity,
                message: format!(
                    "{} check {check} is answered yes, but the repository shows {}; look at it, then fix the code or correct the answer with `rel04 assess --only {short}{flag}`",
                    practice.bp,
                    summarise(&found)
                ),
                line: loaded.line_of(&["practices", id, "checks", check]),
                checks: vec![check.to_string()],
            });
        }
        if answer.status == Status::Selected {
            let others: Vec<&Item<'_>> = gaps
                .iter()
                .copied()
                .filter(|i| {
                    !i.rule
                        .check
                        .as_deref()
                        .is_some_and(|c| yes_checks.contains(&c))
                })
                .collect();
            if !others.is_empty() {
                findings.push(Finding {
                    rule: practice.bp.to_string(),
                    severity,
                    message: format!(
                        "{} is answered established, but the repository shows {}; look at it, then fix the code or correct the answer with `rel04 assess --only {short}{flag}`",
                        practice.bp,
                        summarise(&others)
                    ),
                    line: loaded.line_of(&["practices", id, "status"]),
                    checks: Vec::new(),
                });
            }
        }
    }
    findings
}

/// "a gap at F:L (why)", "2 gaps: F:L (why); F:L (why)", at most three named.
fn summarise(gaps: &[&Item<'_>]) -> String {
    let named: Vec<String> = gaps
        .iter()
        .take(3)
        .map(|i| format!("{}:{} ({})", i.file, i.line, i.rule.message))
        .collect();
    let more = if gaps.len() > 3 {
        format!("; and {} more (`rel04 evidence`)", gaps.len() - 3)
    } else {
        String::new()
    };
    match gaps.len() {
        1 => format!("a gap at {}", named[0]),
        n => format!("{n} gaps: {}{more}", named.join("; ")),
    }
}

fn verdict(loaded: &Loaded, assessment: Assessment, findings: Vec<Finding>) -> Verdict {
    Verdict {
        file: loaded.path.display().to_string(),
        workload: loaded.file.workload.name.clone(),
        passed: findings.iter().all(|f| f.severity != Severity::Error),
        risk: assessment.risk,
        findings,
    }
}

/// "400 days ago, over the maximum age of 180 days", or `None` when fresh enough.
fn stale(at: Option<&str>, max: Duration, now: SystemTime) -> Option<String> {
    let days = |d: Duration| d.as_secs() / 86_400;
    let Some(at) = at else {
        return Some("at an unknown time (no answeredAt recorded)".to_string());
    };
    let then = parse_time(at)?;
    let age = now.duration_since(then).unwrap_or_default();
    (age > max).then(|| {
        format!(
            "{} days ago, over the maximum age of {} days",
            days(age),
            days(max)
        )
    })
}

fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(end) => text[..=end].to_string(),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds() {
        assert!(Threshold::High.fails(Risk::High));
        assert!(!Threshold::High.fails(Risk::Medium));
        assert!(Threshold::Medium.fails(Risk::Medium));
        assert!(!Threshold::Medium.fails(Risk::None));
        assert!(!Threshold::Medium.fails(Risk::NotApplicable));
    }

    #[test]
    fn staleness() {
        let now = parse_time("2026-11-22T00:00:00Z").unwrap();
        let max = Duration::from_secs(30 * 86_400);
        assert_eq!(stale(Some("2026-11-01T00:00:00Z"), max, now), None);
        let old = stale(Some("2026-01-01T00:00:00Z"), max, now).unwrap();
        assert!(old.starts_with("325 days ago"), "{old}");
        assert!(stale(None, max, now).unwrap().contains("unknown"));
    }
}
