//! `rel04 evidence` as text, JSON, SARIF and Markdown. Paths and lines come from the scanned
//! repository, so they are untrusted like notes: inert in text, escaped in Markdown.

use serde::Serialize;
use serde_json::{Value, json};

use super::ci::artifact_uri;
use super::inert;
use super::layout::wrap;
use super::markdown as md;
use std::cmp::Reverse;
use std::collections::BTreeMap;

use crate::catalogue::{Catalogue, Practice};
use crate::evidence::{Counts, Evidence, Item, Kind, Rule, Rules, Scope, Summary};

/// How many places are listed for one check before "and N more".
const SHOWN: usize = 3;

/// How many vendored folders the text names before "and N more".
const FOLDERS_SHOWN: usize = 10;

/// What a renderer is told about the items it was given.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shown {
    /// Findings in test code that were left out (`--include-tests` shows them).
    pub tests_left_out: usize,
    /// A `--kind` or `--rule` filter is on.
    pub filtered: bool,
}

/// A summary first (what was read, counts per practice and rule), then per practice and
/// rule: the rule's message once and one `path:line` per line, never wrapped, so a terminal
/// or an editor can open each and `grep` finds it.
pub fn text(
    catalogue: &Catalogue,
    rules: &Rules,
    evidence: &Evidence<'_>,
    shown: Shown,
    width: usize,
) -> String {
    let mut out = String::new();
    let counts = Evidence::counts(evidence.items.iter());
    out.push_str(&wrap(
        &format!("{}; {}.", read_line(&evidence.summary), tally(counts)),
        width,
        "",
        "  ",
    ));
    out.push('\n');
    if shown.tests_left_out > 0 {
        out.push_str(&wrap(
            &format!(
                "{} in test code left out (--include-tests shows them).",
                plural(shown.tests_left_out, "finding", "findings")
            ),
            width,
            "",
            "  ",
        ));
        out.push('\n');
    }
    if shown.filtered {
        out.push_str("Filtered by --kind or --rule: only the matching findings are counted.\n");
    }
    out.push_str(&not_read(&evidence.summary));
    let groups = groups(catalogue, evidence);
    if !groups.is_empty() {
        out.push_str("\nPer practice and rule:\n");
        for (practice, rows) in &groups {
            let counts = Evidence::counts(rows.iter().flat_map(|(_, items)| items.iter().copied()));
            out.push_str(&format!("  {}: {}\n", practice.bp, tally(counts)));
            let id_width = rows.iter().map(|(r, _)| r.id.len()).max().unwrap_or(0);
            for (rule, items) in rows {
                out.push_str(&format!(
                    "    {:<7} {:<id_width$}  {}\n",
                    rule.kind.as_str(),
                    rule.id,
                    items.len()
                ));
            }
        }
    }
    for p in catalogue.practices() {
        let rows = groups.iter().find(|(q, _)| q.bp == p.bp).map(|(_, r)| r);
        out.push_str(&format!("\n{} {}\n", p.bp, p.choice.title));
        let Some(rows) = rows else {
            let looked = rules.rules.iter().filter(|r| r.bp == p.bp).count();
            out.push_str(&wrap(
                &format!(
                    "nothing found ({looked} rules looked; `rel04 explain {}` says what the practice asks)",
                    short(p.bp)
                ),
                width,
                "  ",
                "  ",
            ));
            out.push('\n');
            continue;
        };
        for (rule, items) in rows {
            let mark = match rule.kind {
                Kind::Support => "+ support",
                Kind::Gap => "- gap",
            };
            let check = rule
                .check
                .as_deref()
                .map(|c| format!("check {c}"))
                .unwrap_or_else(|| "the practice as a whole".to_string());
            out.push_str(&wrap(
                &format!(
                    "{mark} {} ({check}, {}): {}",
                    rule.id,
                    items.len(),
                    rule.message
                ),
                width,
                "  ",
                "      ",
            ));
            out.push('\n');
            for item in items {
                out.push_str(&format!("    {}:{}", inert(&item.file, false), item.line));
                if item.scope == Scope::Test {
                    out.push_str("  (test)");
                }
                out.push('\n');
            }
        }
    }
    out
}

/// One rule's findings.
type Row<'a, 'r> = (&'r Rule, Vec<&'a Item<'r>>);

/// The practices with findings, each with its rules (gaps first, then by id) and their items.
type Groups<'a, 'r> = Vec<(Practice<'a>, Vec<Row<'a, 'r>>)>;

fn groups<'a, 'r>(catalogue: &'a Catalogue, evidence: &'a Evidence<'r>) -> Groups<'a, 'r> {
    let mut out = Vec::new();
    for p in catalogue.practices() {
        let mut rows: BTreeMap<(Reverse<Kind>, &str), Row<'a, 'r>> = BTreeMap::new();
        for item in evidence.of_practice(&p.choice.id) {
            rows.entry((Reverse(item.rule.kind), item.rule.id.as_str()))
                .or_insert_with(|| (item.rule, Vec::new()))
                .1
                .push(item);
        }
        if !rows.is_empty() {
            out.push((p, rows.into_values().collect()));
        }
    }
    out
}

/// "1,204 files read (120 of them test code)".
fn read_line(summary: &Summary) -> String {
    let mut line = format!(
        "REL 4 evidence: {} read",
        plural(summary.files, "file", "files")
    );
    if summary.test_files > 0 {
        line.push_str(&format!(" ({} of them test code)", summary.test_files));
    }
    line
}

/// What was not read, and why: vendored folders by name, skipped files by reason.
fn not_read(summary: &Summary) -> String {
    let mut out = String::new();
    let files: Vec<String> = [
        (summary.too_large, "too large (over 4 MiB)"),
        (summary.binary, "binary"),
        (summary.unreadable, "could not be read"),
        (summary.unparsable, "could not be parsed (see the warnings)"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, why)| format!("{n} {why}"))
    .collect();
    if summary.vendored.is_empty() && files.is_empty() {
        return out;
    }
    out.push_str("Not read:\n");
    if !files.is_empty() {
        out.push_str(&format!("  files: {}\n", files.join(", ")));
    }
    for folder in summary.vendored.iter().take(FOLDERS_SHOWN) {
        let named = folder
            .named_in
            .as_deref()
            .map(|at| format!(", named in {}", inert(at, false)))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {}/  {}{named}\n",
            inert(&folder.folder, false),
            folder.why.as_str()
        ));
    }
    if summary.vendored.len() > FOLDERS_SHOWN {
        out.push_str(&format!(
            "  and {} more vendored folders (--format json lists them all)\n",
            summary.vendored.len() - FOLDERS_SHOWN
        ));
    }
    if !summary.vendored.is_empty() {
        out.push_str("  (vendored dependencies and build output; --no-skip reads them)\n");
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn short(bp: &str) -> &str {
    bp.trim_start_matches("REL04-")
}

fn tally(counts: Counts) -> String {
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
    scope: &'a str,
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
struct SummaryView<'a> {
    /// Files read, test code included.
    files: usize,
    test_files: usize,
    /// Files looked at but not read, all reasons.
    skipped: usize,
    skipped_by: SkippedBy,
    vendored: Vec<FolderView<'a>>,
    /// Application code's findings; test code's are counted apart.
    supports: usize,
    gaps: usize,
    test_supports: usize,
    test_gaps: usize,
    by_practice: Value,
    by_rule: BTreeMap<&'a str, usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SkippedBy {
    too_large: usize,
    binary: usize,
    unreadable: usize,
    unparsable: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FolderView<'a> {
    folder: &'a str,
    why: &'a str,
    named_in: Option<&'a str>,
}

#[derive(Serialize)]
struct Document<'a> {
    items: Vec<ItemView<'a>>,
    warnings: Vec<WarningView<'a>>,
    summary: SummaryView<'a>,
}

/// `{items, warnings, summary}`: every item with its scope (`app` or `test`); the summary's
/// counts are application code's, test code's beside them.
pub fn json(rules: &Rules, evidence: &Evidence<'_>) -> Result<String, serde_json::Error> {
    let app = |i: &&Item<'_>| i.scope == Scope::App;
    let counts = Evidence::counts(evidence.items.iter().filter(app));
    let tests = Evidence::counts(evidence.items.iter().filter(|i| i.scope == Scope::Test));
    let mut by_rule = BTreeMap::new();
    for item in evidence.items.iter().filter(app) {
        *by_rule.entry(item.rule.id.as_str()).or_insert(0) += 1;
    }
    let summary = &evidence.summary;
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
                scope: i.scope.as_str(),
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
        summary: SummaryView {
            files: summary.files,
            test_files: summary.test_files,
            skipped: summary.skipped_files(),
            skipped_by: SkippedBy {
                too_large: summary.too_large,
                binary: summary.binary,
                unreadable: summary.unreadable,
                unparsable: summary.unparsable,
            },
            vendored: summary
                .vendored
                .iter()
                .map(|f| FolderView {
                    folder: &f.folder,
                    why: f.why.key(),
                    named_in: f.named_in.as_deref(),
                })
                .collect(),
            supports: counts.support,
            gaps: counts.gap,
            test_supports: tests.support,
            test_gaps: tests.gap,
            by_practice: counts_json(rules, evidence),
            by_rule,
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
                "partialFingerprints": { "rel04-evidence/v1": format!("{}:{}", artifact_uri(&i.file), i.rule.id) },
                "properties": { "scope": i.scope.as_str() }
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
            "results": results,
            // What was read and what was not, as in the other formats' summaries.
            "properties": { "summary": {
                "files": evidence.summary.files,
                "testFiles": evidence.summary.test_files,
                "skipped": evidence.summary.skipped_files(),
                "skippedBy": {
                    "tooLarge": evidence.summary.too_large,
                    "binary": evidence.summary.binary,
                    "unreadable": evidence.summary.unreadable,
                    "unparsable": evidence.summary.unparsable,
                },
                "vendored": evidence.summary.vendored.iter().map(|f| json!({
                    "folder": f.folder, "why": f.why.key(), "namedIn": f.named_in,
                })).collect::<Vec<_>>(),
            }}
        }]
    });
    let mut s = serde_json::to_string_pretty(&log)?;
    s.push('\n');
    Ok(s)
}

/// How many places a Markdown row lists before "and N more".
const MARKDOWN_PLACES: usize = 5;

/// The summary, then a section per practice with a row per rule: its count and first places.
pub fn markdown(catalogue: &Catalogue, evidence: &Evidence<'_>, shown: Shown) -> String {
    let mut out = String::from("## REL 4 evidence\n\n");
    out.push_str(&md(&format!(
        "{}; {}.",
        read_line(&evidence.summary),
        tally(Evidence::counts(evidence.items.iter()))
    )));
    out.push_str("\n\n");
    if shown.tests_left_out > 0 {
        out.push_str(&format!(
            "{} in test code left out (`--include-tests` shows them).\n\n",
            plural(shown.tests_left_out, "finding", "findings")
        ));
    }
    let not_read = not_read(&evidence.summary);
    if !not_read.is_empty() {
        out.push_str("<details><summary>Not read</summary>\n\n");
        for line in not_read.lines().skip(1) {
            out.push_str(&format!("- {}\n", md(line.trim())));
        }
        out.push_str("\n</details>\n\n");
    }
    let groups = groups(catalogue, evidence);
    for p in catalogue.practices() {
        let rows = groups.iter().find(|(q, _)| q.bp == p.bp).map(|(_, r)| r);
        let all = rows
            .into_iter()
            .flatten()
            .flat_map(|(_, items)| items.iter().copied());
        out.push_str(&format!(
            "### {} {}\n\n{}\n\n",
            p.bp,
            md(&p.choice.title),
            tally(Evidence::counts(all))
        ));
        let Some(rows) = rows else {
            continue;
        };
        out.push_str("| | Rule | Check | Found | Where |\n|---|---|---|---|---|\n");
        for (rule, items) in rows {
            let mark = match rule.kind {
                Kind::Support => "✅ support",
                Kind::Gap => "⚠️ gap",
            };
            let mut places: Vec<String> = items
                .iter()
                .take(MARKDOWN_PLACES)
                .map(|i| format!("{}:{}", md(&i.file), i.line))
                .collect();
            if items.len() > MARKDOWN_PLACES {
                places.push(format!("and {} more", items.len() - MARKDOWN_PLACES));
            }
            out.push_str(&format!(
                "| {mark} | {} | {} | {} | {} |\n",
                md(&rule.id),
                rule.check.as_deref().map(md).unwrap_or_else(|| "-".into()),
                items.len(),
                places.join("<br>")
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
