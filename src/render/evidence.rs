//! `rel04 evidence` as text, JSON, SARIF and Markdown. Paths and lines come from the scanned
//! repository, so they are untrusted like notes: inert in text, escaped in Markdown.

use serde::Serialize;
use serde_json::{Value, json};

use super::ci::artifact_uri;
use super::inert;
use super::layout::wrap;
use super::markdown as md;
use crate::catalogue::Catalogue;
use crate::evidence::{Counts, Evidence, Item, Kind, Rules};

/// How many places are listed for one check before "and N more".
const SHOWN: usize = 3;

/// Per practice, per check: supports, then gaps, each at its file and line.
pub fn text(catalogue: &Catalogue, rules: &Rules, evidence: &Evidence<'_>, width: usize) -> String {
    let mut out = String::new();
    for p in catalogue.practices() {
        let items: Vec<&Item<'_>> = evidence.of_practice(&p.choice.id).collect();
        let counts = Evidence::counts(items.iter().copied());
        out.push_str(&format!("{} {}: {}\n", p.bp, p.choice.title, tally(counts)));
        if items.is_empty() {
            let looked = rules.rules.iter().filter(|r| r.bp == p.bp).count();
            out.push_str(&wrap(
                &format!("nothing found ({looked} rules looked; `rel04 explain {}` says what the practice asks)", short(p.bp)),
                width,
                "  ",
                "  ",
            ));
            out.push('\n');
        }
        let mut checks: Vec<Option<&str>> = p
            .choice
            .checks
            .iter()
            .map(|c| Some(c.id.as_str()))
            .collect();
        checks.push(None);
        for check in checks {
            let here: Vec<&&Item<'_>> = items
                .iter()
                .filter(|i| i.rule.check.as_deref() == check)
                .collect();
            if here.is_empty() {
                continue;
            }
            let title = match check.and_then(|id| p.choice.checks.iter().find(|c| c.id == id)) {
                Some(c) => format!("{}: {}", c.id, c.text),
                None => "the practice as a whole".to_string(),
            };
            out.push_str(&wrap(&title, width, "  ", "    "));
            out.push('\n');
            for kind in [Kind::Support, Kind::Gap] {
                for item in here.iter().filter(|i| i.rule.kind == kind) {
                    let mark = match kind {
                        Kind::Support => "+ support",
                        Kind::Gap => "- gap",
                    };
                    let line = format!(
                        "{mark} {}:{} {} [{}]",
                        inert(&item.file, false),
                        item.line,
                        item.rule.message,
                        item.rule.id
                    );
                    out.push_str(&wrap(&line, width, "    ", "      "));
                    out.push('\n');
                }
            }
        }
    }
    out.push_str(&format!(
        "{} files read, {}{}.\n",
        evidence.files,
        tally(Evidence::counts(evidence.items.iter())),
        if evidence.skipped > 0 {
            format!(
                "; {} skipped (binary, too large or unreadable)",
                evidence.skipped
            )
        } else {
            String::new()
        }
    ));
    out
}

fn short(bp: &str) -> &str {
    bp.trim_start_matches("REL04-")
}

fn tally(counts: Counts) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}",
        plural(counts.support, "support", "supports"),
        plural(counts.gap, "gap", "gaps")
    )
}

/// One item as `--format json` writes it (borrowed: a scan can hold tens of thousands).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemView<'a> {
    practice: &'a str,
    choice_id: &'a str,
    check: Option<&'a str>,
    kind: &'a str,
    rule: &'a str,
    file: &'a str,
    line: usize,
    message: &'a str,
    link: &'a str,
}

#[derive(Serialize)]
struct WarningView<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Summary {
    files: usize,
    skipped: usize,
    supports: usize,
    gaps: usize,
    by_practice: Value,
}

#[derive(Serialize)]
struct Document<'a> {
    items: Vec<ItemView<'a>>,
    warnings: Vec<WarningView<'a>>,
    summary: Summary,
}

/// `{items, warnings, summary}`.
pub fn json(rules: &Rules, evidence: &Evidence<'_>) -> Result<String, serde_json::Error> {
    let counts = Evidence::counts(evidence.items.iter());
    let document = Document {
        items: evidence
            .items
            .iter()
            .map(|i| ItemView {
                practice: &i.rule.bp,
                choice_id: &i.rule.choice_id,
                check: i.rule.check.as_deref(),
                kind: i.rule.kind.as_str(),
                rule: &i.rule.id,
                file: &i.file,
                line: i.line,
                message: &i.rule.message,
                link: &i.rule.link,
            })
            .collect(),
        warnings: evidence
            .warnings
            .iter()
            .map(|w| WarningView {
                file: &w.file,
                line: w.line,
                column: w.column,
                message: &w.message,
            })
            .collect(),
        summary: Summary {
            files: evidence.files,
            skipped: evidence.skipped,
            supports: counts.support,
            gaps: counts.gap,
            by_practice: counts_json(rules, evidence),
        },
    };
    let mut s = serde_json::to_string_pretty(&document)?;
    s.push('\n');
    Ok(s)
}

/// SARIF 2.1.0: one rule per evidence rule, one result per gap at its file and line, so code
/// scanning marks the template or the code line. Supports are not results: nothing to fix.
pub fn sarif(
    catalogue: &Catalogue,
    rules: &Rules,
    evidence: &Evidence<'_>,
) -> Result<String, serde_json::Error> {
    let sarif_rules: Vec<Value> = rules
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": { "text": r.message },
                "fullDescription": { "text": format!("{} ({}): {}", r.bp, r.kind.as_str(), r.sees) },
                "helpUri": r.link,
                "help": { "text": format!("{} What it cannot see: {}", r.sees, r.blind) },
                "defaultConfiguration": { "level": if r.kind == Kind::Gap { "warning" } else { "note" } },
                "properties": {
                    "tags": ["reliability", "well-architected", r.bp],
                    "practice": r.bp,
                    "choiceId": r.choice_id,
                    "check": r.check,
                    "kind": r.kind.as_str(),
                }
            })
        })
        .collect();
    let results: Vec<Value> = evidence
        .items
        .iter()
        .filter(|i| i.rule.kind == Kind::Gap)
        .map(|i| {
            let index = rules.rules.iter().position(|r| r.id == i.rule.id);
            json!({
                "ruleId": i.rule.id,
                "ruleIndex": index,
                "level": "warning",
                "message": { "text": format!("{}: {}", i.rule.bp, i.rule.message) },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": artifact_uri(&i.file) },
                    "region": { "startLine": i.line }
                }}],
                "partialFingerprints": { "rel04-evidence/v1": format!("{}:{}", artifact_uri(&i.file), i.rule.id) }
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "rel04 evidence",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": catalogue.question.helpful_resource.url,
                "rules": sarif_rules
            }},
            "results": results
        }]
    });
    let mut s = serde_json::to_string_pretty(&log)?;
    s.push('\n');
    Ok(s)
}

/// A section per practice: a count line, then a table of places.
pub fn markdown(catalogue: &Catalogue, evidence: &Evidence<'_>) -> String {
    let mut out = String::from("## REL 4 evidence\n\n");
    for p in catalogue.practices() {
        let items: Vec<&Item<'_>> = evidence.of_practice(&p.choice.id).collect();
        out.push_str(&format!(
            "### {} {}\n\n{}\n\n",
            p.bp,
            md(&p.choice.title),
            tally(Evidence::counts(items.iter().copied()))
        ));
        if items.is_empty() {
            continue;
        }
        out.push_str("| | Check | Where | What |\n|---|---|---|---|\n");
        for item in items {
            let mark = match item.rule.kind {
                Kind::Support => "✅ support",
                Kind::Gap => "⚠️ gap",
            };
            out.push_str(&format!(
                "| {mark} | {} | {}:{} | {} |\n",
                item.rule
                    .check
                    .as_deref()
                    .map(md)
                    .unwrap_or_else(|| "-".into()),
                md(&item.file),
                item.line,
                md(&item.rule.message)
            ));
        }
        out.push('\n');
    }
    out
}

/// Counts per practice, as JSON: `{"REL04-BP01": {"support": n, "gap": n}, ...}`.
pub fn counts_json(rules: &Rules, evidence: &Evidence<'_>) -> Value {
    let map: serde_json::Map<String, Value> = evidence
        .by_practice(rules)
        .into_iter()
        .map(|(bp, c)| (bp, json!({ "support": c.support, "gap": c.gap })))
        .collect();
    Value::Object(map)
}

/// Counts per practice under a report's table.
pub fn counts_text(catalogue: &Catalogue, rules: &Rules, evidence: &Evidence<'_>) -> String {
    let counts = evidence.by_practice(rules);
    let mut out =
        String::from("\nEvidence in the repository (`rel04 evidence` lists each place):\n");
    for p in catalogue.practices() {
        let c = counts.get(p.bp).copied().unwrap_or_default();
        out.push_str(&format!("  {} {}\n", p.bp, tally(c)));
    }
    out
}

/// Counts per practice under a Markdown report.
pub fn counts_markdown(catalogue: &Catalogue, rules: &Rules, evidence: &Evidence<'_>) -> String {
    let counts = evidence.by_practice(rules);
    let mut out = String::from(
        "\n### Evidence in the repository\n\n| Practice | Supports | Gaps |\n|---|---|---|\n",
    );
    for p in catalogue.practices() {
        let c = counts.get(p.bp).copied().unwrap_or_default();
        out.push_str(&format!("| {} | {} | {} |\n", p.bp, c.support, c.gap));
    }
    out
}

/// The evidence of one check, for the questionnaire: counts and the first places.
pub fn for_check(items: &[&Item<'_>]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let counts = Evidence::counts(items.iter().copied());
    let mut places: Vec<String> = items
        .iter()
        .take(SHOWN)
        .map(|i| {
            let mark = if i.rule.kind == Kind::Gap {
                "gap"
            } else {
                "support"
            };
            format!("{mark} {}:{}", inert(&i.file, false), i.line)
        })
        .collect();
    if items.len() > SHOWN {
        places.push(format!("and {} more", items.len() - SHOWN));
    }
    Some(format!(
        "evidence: {} ({})",
        tally(counts),
        places.join(", ")
    ))
}
