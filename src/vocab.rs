//! The words every other module shares: a practice's status, a reason for "not applicable",
//! a check's answer, the workload's environment, a question's risk and a practice's risk level.
//!
//! This module sits at the bottom: it imports nothing of rel04. Each word has exactly one
//! spelling in the answers file (serde) and one in the Well-Architected Tool (`service_name`),
//! so the dry run prints what the SDK sends.

// The service spellings serve the sync: a build without it leaves them unused.
#![cfg_attr(not(feature = "sync"), allow(dead_code))]

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A practice's status. `selected` means established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Unanswered,
    Selected,
    Unselected,
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unanswered => "unanswered",
            Status::Selected => "selected",
            Status::Unselected => "unselected",
            Status::NotApplicable => "not-applicable",
        }
    }

    /// Selected, or not applicable (which counts as established).
    pub fn is_established(self) -> bool {
        matches!(self, Status::Selected | Status::NotApplicable)
    }

    /// The service's `ChoiceStatus`. The console knows no "unanswered": the nearest is
    /// `UNSELECTED`.
    pub fn service_name(self) -> &'static str {
        match self {
            Status::Selected => "SELECTED",
            Status::NotApplicable => "NOT_APPLICABLE",
            Status::Unselected | Status::Unanswered => "UNSELECTED",
        }
    }

    /// Reads the service's `ChoiceStatus`; `None` for a value this rel04 does not know.
    pub fn from_service(value: &str) -> Option<Status> {
        Some(match value {
            "SELECTED" => Status::Selected,
            "UNSELECTED" => Status::Unselected,
            "NOT_APPLICABLE" => Status::NotApplicable,
            _ => return None,
        })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The Well-Architected Tool's reasons for "not applicable".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    OutOfScope,
    BusinessPriorities,
    ArchitectureConstraints,
    Other,
}

impl Reason {
    /// The reasons as a command line takes them: `out-of-scope|business-priorities|...`.
    pub fn choices() -> String {
        Reason::ALL.map(Reason::as_str).join("|")
    }

    pub const ALL: [Reason; 4] = [
        Reason::OutOfScope,
        Reason::BusinessPriorities,
        Reason::ArchitectureConstraints,
        Reason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::OutOfScope => "out-of-scope",
            Reason::BusinessPriorities => "business-priorities",
            Reason::ArchitectureConstraints => "architecture-constraints",
            Reason::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Reason::OutOfScope => "Out of scope",
            Reason::BusinessPriorities => "Business priorities",
            Reason::ArchitectureConstraints => "Architecture constraints",
            Reason::Other => "Other",
        }
    }

    /// The service's `ChoiceReason` / `AnswerReason`; no reason is `NONE`.
    pub fn service_name(reason: Option<Reason>) -> &'static str {
        match reason {
            Some(Reason::OutOfScope) => "OUT_OF_SCOPE",
            Some(Reason::BusinessPriorities) => "BUSINESS_PRIORITIES",
            Some(Reason::ArchitectureConstraints) => "ARCHITECTURE_CONSTRAINTS",
            Some(Reason::Other) => "OTHER",
            None => "NONE",
        }
    }

    /// Reads the service's reason. `NONE` is no reason; a reason added to the service after
    /// this rel04 was built reads as `other`, so the answer is still read whole.
    pub fn from_service(value: &str) -> Option<Reason> {
        match value {
            "NONE" => None,
            "OUT_OF_SCOPE" => Some(Reason::OutOfScope),
            "BUSINESS_PRIORITIES" => Some(Reason::BusinessPriorities),
            "ARCHITECTURE_CONSTRAINTS" => Some(Reason::ArchitectureConstraints),
            _ => Some(Reason::Other),
        }
    }
}

/// A team's answer to one yes/no check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CheckAnswer {
    Yes,
    No,
    Unsure,
}

impl std::str::FromStr for CheckAnswer {
    type Err = String;

    fn from_str(value: &str) -> Result<CheckAnswer, String> {
        match value.trim().to_ascii_lowercase().as_str() {
            "yes" | "y" => Ok(CheckAnswer::Yes),
            "no" | "n" => Ok(CheckAnswer::No),
            "unsure" | "not-sure" | "?" => Ok(CheckAnswer::Unsure),
            _ => Err("the answer is yes, no or unsure".to_string()),
        }
    }
}

/// The workload's environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Production,
    Preproduction,
}

impl Environment {
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Preproduction => "preproduction",
        }
    }

    /// The service's `WorkloadEnvironment`.
    pub fn service_name(self) -> &'static str {
        match self {
            Environment::Production => "PRODUCTION",
            Environment::Preproduction => "PREPRODUCTION",
        }
    }
}

/// A question's risk, with the Well-Architected Tool's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Risk {
    Unanswered,
    High,
    Medium,
    None,
    NotApplicable,
}

impl Risk {
    /// The service's name, which is also rel04's.
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Unanswered => "UNANSWERED",
            Risk::High => "HIGH",
            Risk::Medium => "MEDIUM",
            Risk::None => "NONE",
            Risk::NotApplicable => "NOT_APPLICABLE",
        }
    }

    /// Reads the service's value; `None` for a value this version does not know.
    pub fn from_service(value: &str) -> Option<Risk> {
        Some(match value {
            "UNANSWERED" => Risk::Unanswered,
            "HIGH" => Risk::High,
            "MEDIUM" => Risk::Medium,
            "NONE" => Risk::None,
            "NOT_APPLICABLE" => Risk::NotApplicable,
            _ => return None,
        })
    }
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The risk a practice carries when it is not established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "Low",
            Level::Medium => "Medium",
            Level::High => "High",
        }
    }

    /// The question risk a practice alone brings when it is not established, whatever else
    /// is still unanswered: the per-practice levels of the documented model.
    pub fn question_risk(self) -> Risk {
        match self {
            Level::High => Risk::High,
            Level::Medium => Risk::Medium,
            Level::Low => Risk::None,
        }
    }
}

/// The characters that reorder text for display (bidirectional overrides and isolates), which
/// can make a line read differently from what it holds.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_names_read_back() {
        for status in [Status::Selected, Status::Unselected, Status::NotApplicable] {
            assert_eq!(Status::from_service(status.service_name()), Some(status));
        }
        assert_eq!(Status::Unanswered.service_name(), "UNSELECTED");
        for reason in Reason::ALL {
            assert_eq!(
                Reason::from_service(Reason::service_name(Some(reason))),
                Some(reason)
            );
        }
        assert_eq!(Reason::from_service("NONE"), None);
        for risk in [
            Risk::Unanswered,
            Risk::High,
            Risk::Medium,
            Risk::None,
            Risk::NotApplicable,
        ] {
            assert_eq!(Risk::from_service(risk.as_str()), Some(risk));
        }
    }

    #[test]
    fn check_answers_parse_in_any_case() {
        assert_eq!("Y".parse(), Ok(CheckAnswer::Yes));
        assert_eq!("no".parse(), Ok(CheckAnswer::No));
        assert_eq!("?".parse(), Ok(CheckAnswer::Unsure));
        assert!("maybe".parse::<CheckAnswer>().is_err());
    }
}
