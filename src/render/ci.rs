//! `rel04 check` output in the formats CI systems read: plain text, JSON, JUnit XML,
//! SARIF 2.1.0 (GitHub code scanning) and GitHub workflow-command annotations.

use serde_json::json;

use super::layout::wrap;
use super::{inert, xml};
use crate::catalogue::Catalogue;
use crate::policy::{Finding, QUESTION_RULE, Severity, Unreadable, Verdict};
use crate::vocab::Level;

/// Plain text within `width` columns: a line per file, its findings wrapped under it.
pub fn text(verdicts: &[Verdict], width: usize) -> String {
    let mut out = String::new();
    for v in verdicts {
        let mark = if v.passed { "PASS" } else { "FAIL" };
        out.push_str(&wrap(
            &format!(
                "{mark} {} ({}): risk {}",
                inert(&v.file, false),
                inert(&v.workload, false),
                v.risk
            ),
            width,
            "",
            "    ",
        ));
        out.push('\n');
        for f in &v.findings {
            let line = f.line.map(|l| format!(":{l}")).unwrap_or_default();
            let sev = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            out.push_str(&wrap(
                &format!(
                    "{}{line}: {sev}[{}]: {}",
                    inert(&v.file, false),
                    f.rule,
                    inert(&f.message, false)
                ),
                width,
                "  ",
                "      ",
            ));
            out.push('\n');
        }
    }
    if !verdicts.is_empty() {
        out.push_str(&tally(verdicts));
    }
    out
}

/// "2 of 3 workloads pass the REL 4 check"
fn tally(verdicts: &[Verdict]) -> String {
    let passed = verdicts.iter().filter(|v| v.passed).count();
    format!(
        "{passed} of {} workloads pass the REL 4 check\n",
        verdicts.len()
    )
}

/// The rule of an answers file that cannot be read, in SARIF and JUnit.
const UNREADABLE_RULE: &str = "REL04-FILE";

/// `passed` is false when any file fails or cannot be read; `unreadable` lists those.
pub fn json(verdicts: &[Verdict], unreadable: &[Unreadable]) -> Result<String, serde_json::Error> {
    let value = json!({
        "passed": unreadable.is_empty() && verdicts.iter().all(|v| v.passed),
        "files": verdicts,
        "unreadable": unreadable,
    });
    let mut s = serde_json::to_string_pretty(&value)?;
    s.push('\n');
    Ok(s)
}

/// JUnit XML: a test suite per workload, a test case per practice plus one for the question.
/// The question's case fails exactly when the file fails the check (exit 1), whatever finding
/// made it fail, so a red build never comes with a green test report.
pub fn junit(verdicts: &[Verdict], unreadable: &[Unreadable], catalogue: &Catalogue) -> String {
    let mut suites = String::new();
    let (mut total, mut failures) = (0, 0);
    // A file that cannot be read: a suite with one case in error.
    for u in unreadable {
        total += 1;
        let place = u.line.map(|l| format!(":{l}")).unwrap_or_default();
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    <testcase classname=\"rel04\" name=\"the answers file can be read\" file=\"{}\">\n      <error type=\"{UNREADABLE_RULE}\" message=\"{}\">{}</error>\n    </testcase>\n  </testsuite>\n",
            xml(&u.file),
            xml(&u.file),
            xml(&u.message),
            xml(&format!("{}{place}: {}", u.file, u.message))
        ));
    }
    for v in verdicts {
        let class = format!("rel04.{}", v.workload);
        let mut cases = String::new();
        let mut suite_failures = 0;
        let errors = |rule: Option<&str>| -> Vec<&Finding> {
            v.findings
                .iter()
                .filter(|f| f.severity == Severity::Error && rule.is_none_or(|r| f.rule == r))
                .collect()
        };
        let warnings = |rule: &str| -> Vec<String> {
            v.findings
                .iter()
                .filter(|f| f.rule == rule && f.severity == Severity::Warning)
                .map(|f| format!("warning: {}", f.message))
                .collect()
        };
        let all = errors(None);
        let question = (!v.passed).then(|| Failure {
            kind: QUESTION_RULE,
            message: format!(
                "{} fails the REL 4 check: risk {}, {} error(s)",
                v.workload,
                v.risk,
                all.len()
            ),
            body: all
                .iter()
                .map(|f| format!("{}: {}", f.rule, f.message))
                .collect(),
        });
        let mut case = |name: &str, failure: Option<Failure<'_>>, notes: Vec<String>| {
            suite_failures += usize::from(failure.is_some());
            testcase(&mut cases, &class, name, &v.file, failure, &notes);
        };
        case(
            &format!("REL 4 question risk ({})", v.risk),
            question,
            warnings(QUESTION_RULE),
        );
        for p in catalogue.practices() {
            let found = errors(Some(p.bp));
            let failure = found.first().map(|first| Failure {
                kind: p.bp,
                message: first.message.clone(),
                body: found.iter().map(|f| f.message.clone()).collect(),
            });
            case(
                &format!("{} {}", p.bp, p.choice.title),
                failure,
                warnings(p.bp),
            );
        }
        let tests = 1 + catalogue.practices().count();
        total += tests;
        failures += suite_failures;
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{suite_failures}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n",
            xml(&format!("{} ({})", v.workload, v.file))
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rel04\" tests=\"{total}\" failures=\"{failures}\" errors=\"{}\">\n{suites}</testsuites>\n",
        unreadable.len()
    )
}

/// A JUnit `<failure>`.
struct Failure<'a> {
    kind: &'a str,
    message: String,
    body: Vec<String>,
}

fn testcase(
    out: &mut String,
    class: &str,
    name: &str,
    file: &str,
    failure: Option<Failure<'_>>,
    warnings: &[String],
) {
    out.push_str(&format!(
        "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\">\n",
        xml(class),
        xml(name),
        xml(file)
    ));
    if let Some(f) = failure {
        out.push_str(&format!(
            "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
            xml(f.kind),
            xml(&f.message),
            xml(&f.body.join("\n"))
        ));
    }
    if !warnings.is_empty() {
        out.push_str(&format!(
            "      <system-out>{}</system-out>\n",
            xml(&warnings.join("\n"))
        ));
    }
    out.push_str("    </testcase>\n");
}

/// SARIF 2.1.0: one rule per practice (and one for the question), each result located at the
/// line of the answer that fails, so code scanning shows it on the pull request.
pub fn sarif(
    verdicts: &[Verdict],
    unreadable: &[Unreadable],
    catalogue: &Catalogue,
) -> Result<String, serde_json::Error> {
    let q = &catalogue.question;
    let mut rules = vec![json!({
        "id": QUESTION_RULE,
        "name": "Rel04Question",
        "shortDescription": { "text": format!("{}: {}", q.reference, q.title) },
        "fullDescription": { "text": q.description },
        "helpUri": q.helpful_resource.url,
        "help": { "text": "Answer every REL 4 practice and give a reason when the question is not applicable." },
        "defaultConfiguration": { "level": "error" },
        "properties": { "tags": ["reliability", "well-architected"] }
    })];
    for p in catalogue.practices() {
        let plan = p.choice.improvement_plan.as_ref();
        rules.push(json!({
            "id": p.bp,
            "name": rule_name(&p.choice.title),
            "shortDescription": { "text": p.choice.title },
            "fullDescription": { "text": p.choice.description },
            "helpUri": plan.and_then(|l| l.url.clone()),
            "help": { "text": plan.map(|l| l.display_text.clone()).unwrap_or_default() },
            "defaultConfiguration": { "level": if p.risk == Level::Low { "warning" } else { "error" } },
            "properties": {
                "tags": ["reliability", "well-architected"],
                "riskIfNotEstablished": p.risk.as_str(),
                "choiceId": p.choice.id,
            }
        }));
    }
    let rule_index = |rule: &str| rules.iter().position(|r| r["id"] == rule);
    let mut results = Vec::new();
    for v in verdicts {
        for f in &v.findings {
            // A region without a start line is not valid for code scanning: leave it out.
            let mut physical = json!({ "artifactLocation": { "uri": artifact_uri(&v.file) } });
            if let Some(line) = f.line {
                physical["region"] = json!({ "startLine": line });
            }
            results.push(json!({
                "ruleId": f.rule,
                "ruleIndex": rule_index(&f.rule),
                "level": match f.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": { "text": format!("{}: {}", v.workload, f.message) },
                "properties": { "checks": f.checks },
                                "locations": [{ "physicalLocation": physical }],
                "partialFingerprints": { "rel04/v1": format!("{}:{}:{}", artifact_uri(&v.file), f.rule, first_words(&f.message)) }
            }));
        }
    }
    if !unreadable.is_empty() {
        rules.push(json!({
            "id": UNREADABLE_RULE,
            "name": "ReadableAnswersFile",
            "shortDescription": { "text": "The answers file can be read" },
            "fullDescription": { "text": "rel04 cannot check an answers file it cannot read: it is missing, not JSON, or holds values rel04 does not accept." },
            "help": { "text": "Fix the file at the place named, or run `rel04 init` to create one." },
            "defaultConfiguration": { "level": "error" },
            "properties": { "tags": ["reliability", "well-architected"] }
        }));
    }
    let index = rules.len() - 1;
    for u in unreadable {
        let mut physical = json!({ "artifactLocation": { "uri": artifact_uri(&u.file) } });
        if let Some(line) = u.line {
            physical["region"] = json!({ "startLine": line, "startColumn": u.column.unwrap_or(1) });
        }
        results.push(json!({
            "ruleId": UNREADABLE_RULE,
            "ruleIndex": index,
            "level": "error",
            "message": { "text": u.message },
            "locations": [{ "physicalLocation": physical }],
            "partialFingerprints": { "rel04/v1": format!("{}:{UNREADABLE_RULE}", artifact_uri(&u.file)) }
        }));
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "rel04",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": q.helpful_resource.url,
                "rules": rules
            }},
            "results": results
        }]
    });
    let mut s = serde_json::to_string_pretty(&log)?;
    s.push('\n');
    Ok(s)
}

/// `REL04-BP01` titles as PascalCase rule names: "IdentifyTheKindOf...".
fn rule_name(title: &str) -> String {
    title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn first_words(message: &str) -> String {
    message.split(':').next().unwrap_or(message).to_string()
}

/// A relative path with forward slashes, as code scanning expects; `./` dropped.
/// Percent-encoded as a URI path (RFC 3986): a space, `#`, `%` or `?` in a folder name
/// would otherwise make the URI point somewhere else.
pub fn artifact_uri(file: &str) -> String {
    let file = file.replace('\\', "/");
    let file = file.trim_start_matches("./");
    let mut encoded = String::with_capacity(file.len());
    for byte in file.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte);
        if keep {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

/// GitHub Actions workflow commands: `::error file=F,line=L,title=T::message`.
pub fn github(verdicts: &[Verdict], unreadable: &[Unreadable]) -> String {
    let mut out = String::new();
    for u in unreadable {
        let mut props = format!("file={}", gh_property(&u.file));
        if let Some(line) = u.line {
            props.push_str(&format!(",line={line}"));
        }
        props.push_str(",title=REL04 answers file");
        out.push_str(&format!(
            "::error {props}::{}\n",
            gh_data(&inert(&u.message, true))
        ));
    }
    for v in verdicts {
        for f in &v.findings {
            let kind = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut props = format!("file={}", gh_property(&v.file));
            if let Some(line) = f.line {
                props.push_str(&format!(",line={line}"));
            }
            props.push_str(&format!(
                ",title={}",
                gh_property(&format!("{} {}", f.rule, v.workload))
            ));
            out.push_str(&format!(
                "::{kind} {props}::{}\n",
                gh_data(&inert(&f.message, true))
            ));
        }
    }
    out.push_str(&tally(verdicts));
    out
}

fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_property(s: &str) -> String {
    gh_data(&inert(s, false))
        .replace(':', "%3A")
        .replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(
            rule_name("Make mutating operations idempotent"),
            "MakeMutatingOperationsIdempotent"
        );
    }

    #[test]
    fn github_escapes() {
        assert_eq!(gh_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(gh_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn artifact_uris() {
        assert_eq!(
            artifact_uri("./svc/rel04-answers.json"),
            "svc/rel04-answers.json"
        );
        assert_eq!(artifact_uri("/abs/x.json"), "file:///abs/x.json");
        assert_eq!(
            artifact_uri("my svc#1%20x/rel04-answers.json"),
            "my%20svc%231%2520x/rel04-answers.json"
        );
        assert_eq!(artifact_uri("café/a.json"), "caf%C3%A9/a.json");
    }
}
