//! The evidence rules: data (`questions/evidence.json`, embedded like the catalogue), checked
//! against the catalogue when loaded, their patterns compiled once.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use crate::catalogue::Catalogue;

const EMBEDDED: &str = include_str!("../../questions/evidence.json");

/// A sign that a practice is in place, or that it is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Support,
    Gap,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Support => "support",
            Kind::Gap => "gap",
        }
    }
}

/// The languages code rules read, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    Javascript,
    Java,
    Go,
}

impl Language {
    pub fn of_extension(ext: &str) -> Option<Language> {
        Some(match ext {
            "py" => Language::Python,
            "js" | "mjs" | "cjs" | "jsx" | "ts" | "tsx" | "mts" | "cts" => Language::Javascript,
            "java" => Language::Java,
            "go" => Language::Go,
            _ => return None,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RulesFile {
    schema_version: u32,
    rules: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawRule {
    id: String,
    choice_id: String,
    check: Option<String>,
    kind: Kind,
    message: String,
    link: String,
    sees: String,
    blind: String,
    #[serde(rename = "match")]
    matchers: Vec<RawMatcher>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMatcher {
    resource: Option<Vec<String>>,
    #[serde(default)]
    has: Vec<String>,
    #[serde(default)]
    lacks: Vec<String>,
    #[serde(default, rename = "where")]
    where_: BTreeMap<String, String>,
    contains: Option<String>,
    #[serde(default, rename = "notReferencedBy")]
    not_referenced_by: Vec<RawReference>,
    #[serde(default, rename = "not")]
    not: BTreeMap<String, String>,
    #[serde(rename = "atLeast")]
    at_least: Option<RawAtLeast>,
    #[serde(rename = "handlerMentions")]
    handler_mentions: Option<String>,
    code: Option<Vec<Language>>,
    pattern: Option<String>,
    unless: Option<String>,
    #[serde(rename = "unlessFile")]
    unless_file: Option<String>,
    #[serde(rename = "unlessInside")]
    unless_inside: Option<String>,
    #[serde(rename = "receiverFrom")]
    receiver_from: Option<String>,
    #[serde(rename = "receiverNotFrom")]
    receiver_not_from: Option<String>,
}

/// A pattern that must match at least `count` times in the resource, read as text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAtLeast {
    count: usize,
    pattern: String,
}

/// A key under which another resource may name this one: any resource's, or only on the
/// resource types given (`queue_url` means "this queue has a redrive policy" only on
/// `aws_sqs_queue_redrive_policy`, not on `aws_sqs_queue_policy`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawReference {
    Key(String),
    On {
        key: String,
        on: Vec<String>,
        #[serde(default, rename = "where")]
        where_: BTreeMap<String, String>,
    },
}

/// One rule, ready to match.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub choice_id: String,
    /// `REL04-BP02`.
    pub bp: String,
    pub check: Option<String>,
    pub kind: Kind,
    pub message: String,
    pub link: String,
    pub sees: String,
    pub blind: String,
    pub matchers: Vec<Matcher>,
}

#[derive(Debug)]
pub enum Matcher {
    Resource(ResourceMatcher),
    Code(CodeMatcher),
}

/// Matches resources of some types by what their properties hold.
#[derive(Debug, Clone)]
pub struct ResourceMatcher {
    pub types: Vec<String>,
    pub has: Vec<Vec<String>>,
    pub lacks: Vec<Vec<String>>,
    pub where_: Vec<(Vec<String>, String)>,
    pub contains: Option<String>,
    /// Keys whose values, in any other resource of the same unit (template, Terraform module,
    /// CDK app), must not name this resource: a queue named as another queue's dead-letter
    /// target is that DLQ, not a queue without one.
    pub not_referenced_by: Vec<Reference>,
    /// Paths that must not hold these values (a target group of Lambda targets has no health
    /// check to speak of).
    pub not: Vec<(Vec<String>, String)>,
    /// A pattern that must match at least this many times in the resource's text (every
    /// `key: value` and scalar, as [`super::tree::Node::text`] writes it): a state machine of
    /// one task is no workflow.
    pub at_least: Option<(usize, Regex)>,
    /// When the function's handler code is found (a SAM function's `CodeUri` and `Handler`,
    /// or inline code), it must match this: partial batch responses do nothing unless the
    /// handler returns `batchItemFailures`.
    pub handler_mentions: Option<Regex>,
}

/// A key another resource names this one under, on any resource type or only on some.
#[derive(Debug, Clone)]
pub struct Reference {
    pub key: String,
    /// Empty: any type.
    pub on: Vec<String>,
    /// Paths the referring resource must hold these values at (an SNS subscription whose
    /// protocol is e-mail).
    pub where_: Vec<(Vec<String>, String)>,
}

/// Matches lines of code.
#[derive(Debug)]
pub struct CodeMatcher {
    pub languages: Vec<Language>,
    pub pattern: Regex,
    /// The pattern in multi-line mode, tried once on a whole file before its lines: it
    /// matches wherever the pattern matches a line (`^` and `$` at line ends).
    pub anywhere: Regex,
    pub unless: Option<Regex>,
    /// Anywhere in the file, this means the setting is made once for every call (an
    /// `axios.defaults.timeout`): no line of the file fires.
    pub unless_file: Option<Regex>,
    /// The match sits inside a call whose text up to the match (at most a few lines back)
    /// matches this: `maxAttempts` inside `createWaitStrategy({...})` caps a polling loop, not
    /// retries.
    pub unless_inside: Option<Regex>,
    /// The pattern's `receiver` group must be a name this pattern's first group binds
    /// somewhere in the file (`db = new DocumentClient()` makes `db.put(` a DocumentClient put).
    pub receiver_from: Option<Regex>,
    /// ...or must not be (`with table.batch_writer() as batch:` makes `batch.put_item(` a
    /// batch write, which takes no condition).
    pub receiver_not_from: Option<Regex>,
}

/// Every rule.
#[derive(Debug)]
pub struct Rules {
    pub rules: Vec<Rule>,
}

impl Rules {
    /// The rules rel04 ships, checked once.
    pub fn embedded(catalogue: &Catalogue) -> Result<&'static Rules, String> {
        static RULES: OnceLock<Result<Rules, String>> = OnceLock::new();
        RULES
            .get_or_init(|| Rules::parse(EMBEDDED, catalogue))
            .as_ref()
            .map_err(|e| format!("the embedded evidence rules are broken (a defect in rel04): {e}"))
    }

    /// Reads and checks rules: every practice and check exists in the catalogue, every
    /// pattern compiles, every matcher says what it matches.
    pub fn parse(text: &str, catalogue: &Catalogue) -> Result<Rules, String> {
        let file: RulesFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if file.schema_version != 1 {
            return Err(format!("schemaVersion {} is not 1", file.schema_version));
        }
        let mut seen = HashSet::new();
        let mut rules = Vec::with_capacity(file.rules.len());
        for raw in file.rules {
            let rule = rule(raw, catalogue)?;
            if !seen.insert(rule.id.clone()) {
                return Err(format!("rule {} appears twice", rule.id));
            }
            rules.push(rule);
        }
        Ok(Rules { rules })
    }
}

fn rule(raw: RawRule, catalogue: &Catalogue) -> Result<Rule, String> {
    let id = raw.id;
    let fail = |what: String| format!("rule {id}: {what}");
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(fail("the id must be kebab-case".into()));
    }
    let practice = catalogue
        .practice(&raw.choice_id)
        .ok_or_else(|| fail(format!("no practice has choice id {}", raw.choice_id)))?;
    if let Some(check) = &raw.check
        && !practice.choice.checks.iter().any(|c| &c.id == check)
    {
        return Err(fail(format!("{} has no check {check}", practice.bp)));
    }
    if !raw.link.starts_with("https://") {
        return Err(fail("the link must be https".into()));
    }
    for (name, text) in [
        ("message", &raw.message),
        ("sees", &raw.sees),
        ("blind", &raw.blind),
    ] {
        if text.trim().is_empty() || text.contains('\n') {
            return Err(fail(format!("{name} must be one line")));
        }
    }
    if raw.matchers.is_empty() {
        return Err(fail("match is empty".into()));
    }
    let matchers = raw
        .matchers
        .into_iter()
        .map(|m| matcher(m).map_err(&fail))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Rule {
        bp: practice.bp.to_string(),
        id: id.clone(),
        choice_id: raw.choice_id,
        check: raw.check,
        kind: raw.kind,
        message: raw.message,
        link: raw.link,
        sees: raw.sees,
        blind: raw.blind,
        matchers,
    })
}

fn path(text: &str) -> Vec<String> {
    text.split('.').map(String::from).collect()
}

fn matcher(raw: RawMatcher) -> Result<Matcher, String> {
    match (raw.resource, raw.code) {
        (Some(types), None) => {
            if raw.pattern.is_some()
                || raw.unless.is_some()
                || raw.unless_file.is_some()
                || raw.unless_inside.is_some()
                || raw.receiver_from.is_some()
                || raw.receiver_not_from.is_some()
            {
                return Err("a resource matcher has no pattern, unless or receiver".into());
            }
            if types.is_empty() {
                return Err("resource names no type".into());
            }
            Ok(Matcher::Resource(ResourceMatcher {
                types,
                has: raw.has.iter().map(|p| path(p)).collect(),
                lacks: raw.lacks.iter().map(|p| path(p)).collect(),
                where_: raw
                    .where_
                    .into_iter()
                    .map(|(p, v)| (path(&p), v.to_lowercase()))
                    .collect(),
                contains: raw.contains,
                not_referenced_by: raw
                    .not_referenced_by
                    .into_iter()
                    .map(|r| match r {
                        RawReference::Key(key) => Reference {
                            key,
                            on: Vec::new(),
                            where_: Vec::new(),
                        },
                        RawReference::On { key, on, where_ } => Reference {
                            key,
                            on,
                            where_: where_
                                .into_iter()
                                .map(|(p, v)| (path(&p), v.to_lowercase()))
                                .collect(),
                        },
                    })
                    .collect(),
                not: raw
                    .not
                    .into_iter()
                    .map(|(p, v)| (path(&p), v.to_lowercase()))
                    .collect(),
                handler_mentions: raw
                    .handler_mentions
                    .as_deref()
                    .map(|p| Regex::new(p).map_err(|e| format!("handlerMentions {p}: {e}")))
                    .transpose()?,
                at_least: raw
                    .at_least
                    .map(|a| {
                        Regex::new(&a.pattern)
                            .map(|r| (a.count, r))
                            .map_err(|e| format!("atLeast pattern {}: {e}", a.pattern))
                    })
                    .transpose()?,
            }))
        }
        (None, Some(languages)) => {
            if !raw.has.is_empty()
                || !raw.lacks.is_empty()
                || !raw.where_.is_empty()
                || raw.contains.is_some()
                || !raw.not_referenced_by.is_empty()
                || !raw.not.is_empty()
                || raw.at_least.is_some()
                || raw.handler_mentions.is_some()
            {
                return Err("a code matcher has only code, pattern, unless and receivers".into());
            }
            let compile = |p: &str| Regex::new(p).map_err(|e| format!("pattern {p}: {e}"));
            let pattern = raw
                .pattern
                .as_deref()
                .ok_or("a code matcher needs a pattern")?;
            let compiled = compile(pattern)?;
            let receivers = raw.receiver_from.is_some() || raw.receiver_not_from.is_some();
            if receivers && !compiled.capture_names().any(|n| n == Some("receiver")) {
                return Err(format!(
                    "pattern {pattern}: a receiver rule needs a (?P<receiver>...) group"
                ));
            }
            let binding = |p: &str| {
                let r = compile(p)?;
                if r.captures_len() < 2 {
                    return Err(format!("{p}: a receiver pattern binds the name in group 1"));
                }
                Ok(r)
            };
            Ok(Matcher::Code(CodeMatcher {
                languages,
                pattern: compiled,
                anywhere: compile(&format!("(?m){pattern}"))?,
                unless: raw.unless.as_deref().map(compile).transpose()?,
                unless_file: raw.unless_file.as_deref().map(compile).transpose()?,
                unless_inside: raw.unless_inside.as_deref().map(compile).transpose()?,
                receiver_from: raw.receiver_from.as_deref().map(binding).transpose()?,
                receiver_not_from: raw.receiver_not_from.as_deref().map(binding).transpose()?,
            }))
        }
        _ => Err("a matcher is either a resource or code".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> &'static Catalogue {
        Catalogue::embedded().unwrap()
    }

    /// The shipped rules load, and cover the practices as promised: at least 6 rules for
    /// BP01, BP02 and BP04, and 3 for BP03, with supports and gaps.
    #[test]
    fn shipped_rules_load_and_cover_every_practice() {
        let rules = Rules::embedded(catalogue()).unwrap();
        for (bp, least) in [
            ("REL04-BP01", 6),
            ("REL04-BP02", 6),
            ("REL04-BP03", 3),
            ("REL04-BP04", 6),
        ] {
            let n = rules.rules.iter().filter(|r| r.bp == bp).count();
            assert!(n >= least, "{bp}: {n} rules");
        }
        assert!(rules.rules.iter().any(|r| r.kind == Kind::Gap));
    }

    #[test]
    fn bad_rules_are_refused_with_the_reason() {
        let one = |rule: &str| format!("{{\"schemaVersion\": 1, \"rules\": [{rule}]}}");
        let base = r#""id": "x", "choiceId": "rel_prevent_interaction_failure_idempotent", "kind": "gap", "message": "m", "link": "https://a", "sees": "s", "blind": "b""#;
        let e = Rules::parse(
            &one(&format!(
                r#"{{{base}, "check": "nope", "match": [{{"code": ["python"], "pattern": "a"}}]}}"#
            )),
            catalogue(),
        )
        .unwrap_err();
        assert!(e.contains("no check nope"), "{e}");
        let e = Rules::parse(
            &one(&format!(
                r#"{{{base}, "check": null, "match": [{{"code": ["python"], "pattern": "("}}]}}"#
            )),
            catalogue(),
        )
        .unwrap_err();
        assert!(e.contains("pattern"), "{e}");
        let e = Rules::parse(&one(&format!(r#"{{{base}, "check": null, "match": [{{"resource": ["AWS::SQS::Queue"], "pattern": "a"}}]}}"#)), catalogue()).unwrap_err();
        assert!(e.contains("resource matcher"), "{e}");
        let other = base.replace("idempotent", "nothing");
        let e = Rules::parse(
            &one(&format!(
                r#"{{{other}, "check": null, "match": [{{"code": ["python"], "pattern": "a"}}]}}"#
            )),
            catalogue(),
        )
        .unwrap_err();
        assert!(e.contains("no practice"), "{e}");
    }
}
