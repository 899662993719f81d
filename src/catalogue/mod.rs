//! REL 4 as data: the embedded `questions/rel04.json`, its model and its validation.
//!
//! The file follows the Well-Architected custom-lens format where that format has a field
//! (`id`, `title`, `description`, `helpfulResource`, `improvementPlan`, `riskRules`) and adds
//! what rel04 needs on top (BP numbers, former titles, risk levels, checks, guidance).
//! Everything is keyed on the official choice ids: titles and even the order of the practices
//! changed between framework versions.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

pub mod rule;

pub use rule::Expr;

use crate::vocab::{Level, Risk};

/// The catalogue text, embedded at build time so that the binary works from any folder.
const EMBEDDED: &str = include_str!("../../questions/rel04.json");

/// Limits of the custom-lens format and the service's model, in characters.
pub mod limits {
    pub const LENS_NAME: usize = 128;
    pub const LENS_DESCRIPTION: usize = 2048;
    pub const QUESTION_TITLE: usize = 128;
    pub const QUESTION_DESCRIPTION: usize = 1024;
    pub const CHOICE_ID: usize = 64;
    pub const CHOICE_TITLE: usize = 128;
    pub const CHOICE_DESCRIPTION: usize = 1024;
    pub const DISPLAY_TEXT: usize = 1024;
    pub const URL: usize = 2048;
    pub const CHOICES_PER_QUESTION: usize = 15;
    pub const RISK_RULES_PER_QUESTION: usize = 3;
    /// rel04's own limits for the texts it adds.
    pub const CHECK_TEXT: usize = 200;
    pub const CHECK_HELP: usize = 300;
    pub const LIST_ITEM: usize = 300;
}

/// The official choice ids of REL 4 in the AWS-managed `wellarchitected` lens.
pub const OFFICIAL_CHOICE_IDS: [&str; 5] = [
    "rel_prevent_interaction_failure_identify",
    "rel_prevent_interaction_failure_loosely_coupled_system",
    "rel_prevent_interaction_failure_constant_work",
    "rel_prevent_interaction_failure_idempotent",
    NONE_CHOICE_ID,
];

/// The "None of these" choice.
pub const NONE_CHOICE_ID: &str = "rel_prevent_interaction_failure_no";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Catalogue {
    pub schema_version: String,
    pub name: String,
    pub description: String,
    // Read by the sync (the lens the answer lives in).
    #[cfg_attr(not(feature = "sync"), allow(dead_code))]
    pub lens_alias: String,
    pub pillar_id: String,
    pub question: Question,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Question {
    pub id: String,
    /// The short reference people use, "REL 4".
    pub reference: String,
    pub title: String,
    pub description: String,
    pub helpful_resource: Link,
    pub choices: Vec<Choice>,
    pub risk_rules: Vec<RiskRule>,
    /// The rules' conditions, parsed once when the catalogue is loaded (not per file checked).
    #[serde(skip)]
    pub conditions: Vec<(Expr, Risk)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Choice {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The best-practice number, `REL04-BP01`; absent on "None of these".
    #[serde(default)]
    pub bp: Option<String>,
    #[serde(default)]
    pub former_titles: Vec<String>,
    #[serde(default)]
    pub risk_if_not_established: Option<Level>,
    #[serde(default)]
    pub desired_outcome: Option<String>,
    #[serde(default)]
    pub anti_patterns: Vec<String>,
    #[serde(default)]
    pub implementation_steps: Vec<String>,
    #[serde(default)]
    pub checks: Vec<Check>,
    #[serde(default)]
    pub helpful_resource: Option<Link>,
    #[serde(default)]
    pub improvement_plan: Option<Link>,
    #[serde(default)]
    pub additional_resources: Vec<Link>,
}

/// A best practice: a choice that has a BP number (every choice but "None of these").
#[derive(Debug)]
pub struct Practice<'a> {
    pub choice: &'a Choice,
    pub bp: &'a str,
    pub risk: Level,
}

/// What a name on the command line refers to.
#[derive(Debug)]
pub enum Target<'a> {
    Practice(Practice<'a>),
    /// "None of these".
    NoneOfThese,
    /// The whole question (its applicability and notes).
    Question,
}

/// A yes/no question a team answers about its own system.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Check {
    pub id: String,
    pub text: String,
    pub help: String,
    /// The step to take when the check does not hold.
    pub improvement: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Link {
    pub display_text: String,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RiskRule {
    pub condition: String,
    pub risk: RuleRisk,
}

/// A risk level as the custom-lens `riskRules` spell it (so every name ends in "Risk").
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RuleRisk {
    HighRisk,
    MediumRisk,
    NoRisk,
}

impl RuleRisk {
    pub fn risk(self) -> Risk {
        match self {
            RuleRisk::HighRisk => Risk::High,
            RuleRisk::MediumRisk => Risk::Medium,
            RuleRisk::NoRisk => Risk::None,
        }
    }
}

impl Catalogue {
    /// The catalogue built into the binary, parsed and validated once.
    ///
    /// The embedded file is checked by the test suite, so a failure here is a build defect,
    /// not a user error; it still ends in an error message rather than a panic.
    pub fn embedded() -> Result<&'static Catalogue, String> {
        static CATALOGUE: OnceLock<Result<Catalogue, String>> = OnceLock::new();
        CATALOGUE
            .get_or_init(|| Catalogue::parse(EMBEDDED))
            .as_ref()
            .map_err(|e| format!("the built-in REL 4 catalogue is invalid (a defect in rel04, please report it): {e}"))
    }

    /// Parses and validates a catalogue text.
    pub fn parse(text: &str) -> Result<Catalogue, String> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let catalogue: Catalogue = serde_path_to_error::deserialize(de)
            .map_err(|e| format!("{}: {}", e.path(), e.inner()))?;
        let problems = catalogue.problems();
        if !problems.is_empty() {
            return Err(problems.join("; "));
        }
        let mut catalogue = catalogue;
        catalogue.question.conditions = catalogue
            .question
            .risk_rules
            .iter()
            .map(|rule| Ok((Expr::parse(&rule.condition)?, rule.risk.risk())))
            .collect::<Result<_, String>>()?;
        Ok(catalogue)
    }

    /// The four best practices, in BP order.
    pub fn practices(&self) -> impl Iterator<Item = Practice<'_>> {
        self.question.choices.iter().filter_map(|choice| {
            Some(Practice {
                bp: choice.bp.as_deref()?,
                risk: choice.risk_if_not_established?,
                choice,
            })
        })
    }

    pub fn practice(&self, choice_id: &str) -> Option<Practice<'_>> {
        self.practices().find(|p| p.choice.id == choice_id)
    }

    /// Finds what a command-line name refers to: `BP01`, `REL04-BP01`, a choice id, `none`
    /// or `question`, in any case.
    pub fn resolve(&self, name: &str) -> Result<Target<'_>, String> {
        let wanted = name.trim().to_ascii_lowercase();
        if wanted == "question" || wanted == self.question.id {
            return Ok(Target::Question);
        }
        if wanted == "none" || wanted == NONE_CHOICE_ID {
            return Ok(Target::NoneOfThese);
        }
        let short = |bp: &str| {
            bp.to_ascii_lowercase()
                .trim_start_matches("rel04-")
                .to_string()
        };
        // "bp4", "BP04" and "rel04-bp4" all mean REL04-BP04.
        let number = |s: &str| -> Option<u32> {
            s.trim_start_matches("rel04-")
                .strip_prefix("bp")?
                .parse()
                .ok()
        };
        let found = self.practices().find(|p| {
            wanted == p.choice.id
                || (number(&wanted).is_some() && number(&wanted) == number(&short(p.bp)))
        });
        found.map(Target::Practice).ok_or_else(|| {
            let names: Vec<String> = self.practices().map(|p| format!("{} ({})", short(p.bp).to_uppercase(), p.choice.id)).collect();
            format!(
                "unknown practice \"{name}\"; use one of {}, or `none` (None of these) or `question` (the whole question)",
                names.join(", ")
            )
        })
    }

    /// Everything wrong with this catalogue, one sentence each.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut long = |what: &str, text: &str, max: usize| {
            let n = text.chars().count();
            if n > max {
                out.push(format!(
                    "{what} has {n} characters, over the limit of {max}"
                ));
            }
        };
        long("name", &self.name, limits::LENS_NAME);
        long("description", &self.description, limits::LENS_DESCRIPTION);
        let q = &self.question;
        long("question title", &q.title, limits::QUESTION_TITLE);
        long(
            "question description",
            &q.description,
            limits::QUESTION_DESCRIPTION,
        );
        long(
            "question helpfulResource",
            &q.helpful_resource.display_text,
            limits::DISPLAY_TEXT,
        );
        for c in &q.choices {
            let at = |field: &str| format!("choice {} {field}", c.id);
            long(&at("id"), &c.id, limits::CHOICE_ID);
            long(&at("title"), &c.title, limits::CHOICE_TITLE);
            long(
                &at("description"),
                &c.description,
                limits::CHOICE_DESCRIPTION,
            );
            for link in c
                .helpful_resource
                .iter()
                .chain(&c.improvement_plan)
                .chain(&c.additional_resources)
            {
                long(&at("displayText"), &link.display_text, limits::DISPLAY_TEXT);
                long(&at("url"), link.url.as_deref().unwrap_or(""), limits::URL);
            }
            for check in &c.checks {
                long(
                    &at(&format!("check {} text", check.id)),
                    &check.text,
                    limits::CHECK_TEXT,
                );
                long(
                    &at(&format!("check {} help", check.id)),
                    &check.help,
                    limits::CHECK_HELP,
                );
                long(
                    &at(&format!("check {} improvement", check.id)),
                    &check.improvement,
                    limits::LIST_ITEM,
                );
            }
            for item in c.anti_patterns.iter().chain(&c.implementation_steps) {
                long(&at("list item"), item, limits::LIST_ITEM);
            }
        }
        out.extend(self.structure_problems());
        if self.schema_version != "2021-11-01" {
            out.push(format!(
                "schemaVersion is {:?}; the custom-lens format this catalogue follows is \"2021-11-01\"",
                self.schema_version
            ));
        }
        if self.pillar_id != "reliability" {
            out.push(format!(
                "pillarId is {:?}; REL 4 is in the \"reliability\" pillar",
                self.pillar_id
            ));
        }
        out
    }

    fn structure_problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let q = &self.question;
        if q.choices.len() > limits::CHOICES_PER_QUESTION {
            out.push(format!(
                "{} choices, over the limit of {}",
                q.choices.len(),
                limits::CHOICES_PER_QUESTION
            ));
        }
        let mut seen = HashSet::new();
        for c in &q.choices {
            if !seen.insert(c.id.as_str()) {
                out.push(format!("choice id {} appears twice", c.id));
            }
            if !OFFICIAL_CHOICE_IDS.contains(&c.id.as_str()) {
                out.push(format!(
                    "choice id {} is not one of the official REL 4 ids",
                    c.id
                ));
            }
            out.extend(choice_problems(c));
        }
        for id in OFFICIAL_CHOICE_IDS {
            if !seen.contains(id) {
                out.push(format!("official choice id {id} is missing"));
            }
        }
        let mut bps = HashSet::new();
        for p in self.practices() {
            if !bps.insert(p.bp) {
                out.push(format!("{} appears twice", p.bp));
            }
        }
        out.extend(self.rule_problems(&seen));
        out
    }

    fn rule_problems(&self, ids: &HashSet<&str>) -> Vec<String> {
        let rules = &self.question.risk_rules;
        let mut out = Vec::new();
        if rules.len() > limits::RISK_RULES_PER_QUESTION {
            out.push(format!(
                "{} risk rules, over the limit of {}",
                rules.len(),
                limits::RISK_RULES_PER_QUESTION
            ));
        }
        if rules.last().map(|r| r.condition.trim()) != Some("default") {
            out.push("the last risk rule must have the condition \"default\"".to_string());
        }
        for rule in rules {
            match Expr::parse(&rule.condition) {
                Err(e) => out.push(format!("risk rule \"{}\": {e}", rule.condition)),
                Ok(expr) => {
                    for name in expr.names() {
                        if !ids.contains(name) {
                            out.push(format!(
                                "risk rule \"{}\" names unknown choice id {name}",
                                rule.condition
                            ));
                        }
                    }
                }
            }
        }
        out
    }
}

fn choice_problems(c: &Choice) -> Vec<String> {
    let mut out = Vec::new();
    if c.id == NONE_CHOICE_ID {
        let extras = c.bp.is_some()
            || c.risk_if_not_established.is_some()
            || !c.checks.is_empty()
            || c.helpful_resource.is_some()
            || c.improvement_plan.is_some();
        if extras {
            out.push(format!(
                "{NONE_CHOICE_ID} must have no bp, risk, checks, helpfulResource or improvementPlan"
            ));
        }
        return out;
    }
    let missing = |what: &str| format!("choice {} has no {what}", c.id);
    if c.bp.is_none() {
        out.push(missing("bp"));
    }
    if c.risk_if_not_established.is_none() {
        out.push(missing("riskIfNotEstablished"));
    }
    if c.helpful_resource.is_none() {
        out.push(missing("helpfulResource"));
    }
    if c.improvement_plan.is_none() {
        out.push(missing("improvementPlan"));
    }
    if !(3..=6).contains(&c.checks.len()) {
        out.push(format!(
            "choice {} has {} checks; it needs 3 to 6",
            c.id,
            c.checks.len()
        ));
    }
    let mut check_ids = HashSet::new();
    for check in &c.checks {
        if !check_ids.insert(check.id.as_str()) {
            out.push(format!("choice {} has check id {} twice", c.id, check.id));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded_value() -> serde_json::Value {
        serde_json::from_str(EMBEDDED).expect("embedded catalogue is JSON")
    }

    fn parse_value(v: &serde_json::Value) -> Result<Catalogue, String> {
        Catalogue::parse(&v.to_string())
    }

    #[test]
    fn embedded_catalogue_is_valid() {
        let c = Catalogue::embedded().expect("valid");
        let bps: Vec<_> = c.practices().map(|p| p.bp).collect();
        assert_eq!(
            bps,
            ["REL04-BP01", "REL04-BP02", "REL04-BP03", "REL04-BP04"]
        );
        let levels: Vec<_> = c.practices().map(|p| p.risk).collect();
        assert_eq!(
            levels,
            [Level::High, Level::High, Level::Low, Level::Medium]
        );
        assert_eq!(c.question.id, "prevent-interaction-failure");
        assert!(c.question.choices.iter().any(|c| c.id == NONE_CHOICE_ID));
    }

    #[test]
    fn unknown_field_is_refused() {
        let mut v = embedded_value();
        v["question"]["choices"][0]["colour"] = "blue".into();
        let err = parse_value(&v).unwrap_err();
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn duplicate_choice_id_is_refused() {
        let mut v = embedded_value();
        let first = v["question"]["choices"][0]["id"].clone();
        v["question"]["choices"][1]["id"] = first;
        let err = parse_value(&v).unwrap_err();
        assert!(err.contains("appears twice"), "{err}");
    }

    #[test]
    fn unofficial_choice_id_is_refused() {
        let mut v = embedded_value();
        v["question"]["choices"][2]["id"] = "rel_made_up".into();
        let err = parse_value(&v).unwrap_err();
        assert!(
            err.contains("rel_made_up is not one of the official"),
            "{err}"
        );
    }

    #[test]
    fn rule_naming_unknown_id_is_refused() {
        let mut v = embedded_value();
        v["question"]["riskRules"][1]["condition"] = "!rel_nothing".into();
        let err = parse_value(&v).unwrap_err();
        assert!(err.contains("unknown choice id rel_nothing"), "{err}");
    }

    #[test]
    fn text_over_limit_is_refused() {
        let mut v = embedded_value();
        v["question"]["choices"][0]["title"] = "x".repeat(limits::CHOICE_TITLE + 1).into();
        let err = parse_value(&v).unwrap_err();
        assert!(err.contains("over the limit of 128"), "{err}");
    }

    #[test]
    fn resolves_every_spelling() {
        let c = Catalogue::embedded().unwrap();
        for name in [
            "BP02",
            "bp02",
            "bp2",
            "REL04-BP02",
            "rel04-bp02",
            "rel_prevent_interaction_failure_loosely_coupled_system",
        ] {
            match c.resolve(name) {
                Ok(Target::Practice(p)) => assert_eq!(p.bp, "REL04-BP02"),
                other => panic!("{name}: {other:?}"),
            }
        }
        assert!(matches!(c.resolve("None"), Ok(Target::NoneOfThese)));
        assert!(matches!(c.resolve("question"), Ok(Target::Question)));
        let err = c.resolve("BP9").unwrap_err();
        assert!(
            err.contains("BP01") && err.contains("rel_prevent_interaction_failure_idempotent"),
            "{err}"
        );
    }

    #[test]
    fn wrong_format_version_or_pillar_is_refused() {
        let mut v = embedded_value();
        v["schemaVersion"] = "2020-01-01".into();
        v["pillarId"] = "security".into();
        let err = parse_value(&v).unwrap_err();
        assert!(
            err.contains("2021-11-01") && err.contains("reliability"),
            "{err}"
        );
    }

    #[test]
    fn missing_default_rule_is_refused() {
        let mut v = embedded_value();
        v["question"]["riskRules"].as_array_mut().unwrap().pop();
        let err = parse_value(&v).unwrap_err();
        assert!(err.contains("default"), "{err}");
    }
}
