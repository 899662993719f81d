//! The answers file's model: one workload's REL 4 review as rel04 keeps it in git, and the
//! part of it the Well-Architected Tool also holds ([`Snapshot`]).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, OFFICIAL_CHOICE_IDS};
use crate::vocab::{CheckAnswer, Environment, Reason, Risk, Status};

/// The schema version this rel04 writes. A file with a newer one is refused with a message to
/// upgrade; there is no older one yet, so nothing is migrated.
pub const SCHEMA_VERSION: u32 = 1;

/// One workload's REL 4 review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(
    title = "rel04 answers file",
    description = "One workload's answers to AWS Well-Architected question REL 4"
)]
pub struct AnswersFile {
    /// Version of this file's layout (1); a newer rel04 may write a higher one, which this one refuses.
    pub schema_version: u32,
    pub workload: Workload,
    pub question: QuestionAnswer,
    /// The four best practices, keyed by their official choice ids.
    pub practices: Practices,
    /// What rel04 last saw in the Well-Architected Tool; written by push and pull.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync: Option<SyncState>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Workload {
    /// 3 to 100 characters; unique per AWS account and Region in the Well-Architected Tool.
    pub name: String,
    /// 3 to 250 characters.
    pub description: String,
    pub environment: Environment,
    /// Who owns the review (3 to 255 characters).
    pub review_owner: String,
    /// The Well-Architected Tool workload id (32 hex characters) once synced.
    #[serde(default)]
    pub aws_workload_id: Option<String>,
    /// The AWS Region of that workload.
    #[serde(default)]
    pub aws_region: Option<String>,
    /// The AWS profile (in ~/.aws/config) that reaches the workload; `--profile` overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_profile: Option<String>,
    /// An IAM role to assume (session name `rel04`) to reach the workload, with the profile's
    /// credentials; `--role-arn` overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_role_arn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct QuestionAnswer {
    /// False marks the whole question not applicable to this workload.
    #[serde(default = "yes")]
    pub applicable: bool,
    /// Why the question is not applicable.
    #[serde(default)]
    pub reason: Option<Reason>,
    /// "None of these": no practice is established. Exclusive with the practices.
    #[serde(default)]
    pub none_of_these: bool,
    /// The question's notes (at most 2084 characters): evidence, links, decisions.
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub answered_by: Option<String>,
    /// RFC 3339 time of the last change to the fields above.
    #[serde(default)]
    pub answered_at: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PracticeAnswer {
    pub status: Status,
    /// Why the practice is not applicable (only with status not-applicable).
    #[serde(default)]
    pub reason: Option<Reason>,
    /// At most 250 characters, the Well-Architected Tool's limit.
    #[serde(default)]
    pub notes: String,
    /// Answers to the practice's checks, keyed by check id.
    #[serde(default)]
    pub checks: BTreeMap<String, CheckAnswer>,
    #[serde(default)]
    pub answered_by: Option<String>,
    /// RFC 3339 time of the last answer.
    #[serde(default)]
    pub answered_at: Option<String>,
}

/// The practices keyed by choice id, written in the catalogue's order (BP01 to BP04).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Practices(BTreeMap<String, PracticeAnswer>);

impl Serialize for Practices {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let rank = |id: &str| {
            OFFICIAL_CHOICE_IDS
                .iter()
                .position(|o| *o == id)
                .unwrap_or(usize::MAX)
        };
        let mut entries: Vec<_> = self.0.iter().collect();
        entries.sort_by_key(|(id, _)| (rank(id), id.as_str()));
        let mut map = serializer.serialize_map(Some(entries.len()))?;
        for (id, answer) in entries {
            map.serialize_entry(id, answer)?;
        }
        map.end()
    }
}

impl Practices {
    pub fn get(&self, choice_id: &str) -> Option<&PracticeAnswer> {
        self.0.get(choice_id)
    }

    pub fn entry(&mut self, choice_id: &str) -> &mut PracticeAnswer {
        self.0.entry(choice_id.to_string()).or_default()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &PracticeAnswer)> {
        self.0.iter()
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut PracticeAnswer> {
        self.0.values_mut()
    }
}

/// The part of a review that the Well-Architected Tool also holds, in one comparable shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Snapshot {
    pub applicable: bool,
    pub reason: Option<Reason>,
    pub notes: String,
    pub none_of_these: bool,
    /// Per choice id: status, reason and notes.
    pub choices: BTreeMap<String, ChoiceSnapshot>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ChoiceSnapshot {
    pub status: Status,
    pub reason: Option<Reason>,
    pub notes: String,
}

/// What rel04 last saw of the workload's REL 4 answer in the Well-Architected Tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SyncState {
    /// RFC 3339 time of the last pull or push.
    pub synced_at: String,
    /// The lens the answer lives in (`wellarchitected`).
    pub lens_alias: String,
    /// The risk the service reported.
    pub service_risk: Option<Risk>,
    /// The console's answer after that pull or push: the base for conflict detection.
    pub console: Snapshot,
}

impl AnswersFile {
    /// A new review with every practice not yet answered.
    pub fn new(catalogue: &Catalogue, workload: Workload) -> AnswersFile {
        let mut practices = Practices::default();
        for p in catalogue.practices() {
            practices.entry(&p.choice.id);
        }
        AnswersFile {
            schema_version: SCHEMA_VERSION,
            workload,
            question: QuestionAnswer {
                applicable: true,
                reason: None,
                none_of_these: false,
                notes: String::new(),
                answered_by: None,
                answered_at: None,
            },
            practices,
            sync: None,
        }
    }

    /// The file as text: pretty JSON, stable order, newline at the end. An error here is
    /// returned, never turned into an empty text that a save would write over the answers.
    pub fn to_text(&self) -> Result<String, serde_json::Error> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        Ok(text)
    }

    /// Whether the review says "None of these": chosen as such, or every practice answered
    /// and none selected while the question applies. The Well-Architected Tool shows an
    /// answer with no selected choice as unanswered, so a finished review with nothing
    /// selected is "None of these" there too (a review whose practices are all not
    /// applicable is not: see [`AnswersFile::only_not_applicable`]).
    pub fn none_of_these(&self) -> bool {
        if self.question.none_of_these {
            return true;
        }
        let statuses: Vec<Status> = self.practices.iter().map(|(_, a)| a.status).collect();
        self.question.applicable
            && !statuses.is_empty()
            && statuses
                .iter()
                .all(|s| matches!(s, Status::Unselected | Status::NotApplicable))
            && statuses.contains(&Status::Unselected)
    }

    /// The question applies and every practice is marked not applicable: an answer the
    /// Well-Architected Tool can only show as unanswered. The question itself should be
    /// marked not applicable instead.
    pub fn only_not_applicable(&self) -> bool {
        self.question.applicable
            && !self.question.none_of_these
            && self.practices.iter().next().is_some()
            && self
                .practices
                .iter()
                .all(|(_, a)| a.status == Status::NotApplicable)
    }
}
