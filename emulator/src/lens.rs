//! The lenses the emulator knows, hard-coded.
//!
//! The AWS-managed `wellarchitected` lens is reduced to three reliability questions: REL 4
//! (`prevent-interaction-failure`, the question rel04 works on) with its real choice ids and
//! current titles, and its neighbours REL 3 and REL 5 so that listing answers has more than one
//! page when asked for small pages. The descriptions are the emulator's own short summaries.
//!
//! The `serverless` lens is known by name only (it has no questions): it lets a test create a
//! workload that does not have the `wellarchitected` lens.

/// Base address of the Well-Architected Framework's pages, one per question and best practice.
const FRAMEWORK_DOCS: &str = "https://docs.aws.amazon.com/wellarchitected/latest/framework/";

/// A lens: a named set of pillars and questions.
#[derive(Debug)]
pub(crate) struct Lens {
    pub alias: &'static str,
    pub arn: &'static str,
    pub name: &'static str,
    pub version: &'static str,
    pub pillars: &'static [Pillar],
    pub questions: &'static [Question],
    /// Where the pages of the best practices live, if the lens has any.
    pub docs_base: Option<&'static str>,
}

/// A pillar of a lens.
#[derive(Debug)]
pub(crate) struct Pillar {
    pub id: &'static str,
    pub name: &'static str,
}

/// A question of a lens.
#[derive(Debug)]
pub(crate) struct Question {
    pub id: &'static str,
    pub pillar_id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// The question's page in the framework (for example `rel-04`).
    pub page: &'static str,
    pub choices: &'static [Choice],
}

/// One choice of a question: a best practice or "None of these".
#[derive(Debug)]
pub(crate) struct Choice {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub kind: ChoiceKind,
}

/// What a choice stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChoiceKind {
    /// A best practice and the risk left when it is not established.
    BestPractice(Weight),
    /// "None of these": selecting it says no best practice is established.
    NoneOfThese,
}

/// The risk a best practice leaves when it is not established.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    High,
    Medium,
    Low,
}

impl Lens {
    /// The question with this id, if the lens has it.
    #[cfg(test)]
    pub fn question(&self, question_id: &str) -> Option<&'static Question> {
        self.questions.iter().find(|q| q.id == question_id)
    }

    /// The address of the page of a question or best practice, if the lens publishes pages.
    pub fn page_url(&self, page: &str) -> Option<String> {
        self.docs_base.map(|base| format!("{base}{page}.html"))
    }
}

impl Question {
    /// The choice with this id, if the question has it.
    pub fn choice(&self, choice_id: &str) -> Option<&'static Choice> {
        self.choices.iter().find(|c| c.id == choice_id)
    }
}

/// Finds a lens by its alias or its ARN.
pub(crate) fn find(alias_or_arn: &str) -> Option<&'static Lens> {
    LENSES
        .iter()
        .copied()
        .find(|lens| lens.alias == alias_or_arn || lens.arn == alias_or_arn)
}

/// The alias of the lens rel04 works on.
pub(crate) const WELL_ARCHITECTED: &str = "wellarchitected";
/// The id of REL 4.
pub(crate) const REL04_QUESTION: &str = "prevent-interaction-failure";

static LENSES: &[&Lens] = &[&WELL_ARCHITECTED_LENS, &SERVERLESS_LENS];

const FRAMEWORK_PILLARS: &[Pillar] = &[
    Pillar {
        id: "operationalExcellence",
        name: "Operational Excellence",
    },
    Pillar {
        id: "security",
        name: "Security",
    },
    Pillar {
        id: "reliability",
        name: "Reliability",
    },
    Pillar {
        id: "performance",
        name: "Performance Efficiency",
    },
    Pillar {
        id: "costOptimization",
        name: "Cost Optimization",
    },
    Pillar {
        id: "sustainability",
        name: "Sustainability",
    },
];

static WELL_ARCHITECTED_LENS: Lens = Lens {
    alias: WELL_ARCHITECTED,
    arn: "arn:aws:wellarchitected::aws:lens/wellarchitected",
    name: "AWS Well-Architected Framework",
    version: "2024-06-27",
    pillars: FRAMEWORK_PILLARS,
    questions: &[REL03, REL04, REL05],
    docs_base: Some(FRAMEWORK_DOCS),
};

static SERVERLESS_LENS: Lens = Lens {
    alias: "serverless",
    arn: "arn:aws:wellarchitected::aws:lens/serverless",
    name: "Serverless Lens",
    version: "2024-06-27",
    pillars: FRAMEWORK_PILLARS,
    questions: &[],
    docs_base: None,
};

const fn practice(
    id: &'static str,
    title: &'static str,
    weight: Weight,
    description: &'static str,
) -> Choice {
    Choice {
        id,
        title,
        description,
        kind: ChoiceKind::BestPractice(weight),
    }
}

const fn none_of_these(id: &'static str) -> Choice {
    Choice {
        id,
        title: "None of these",
        description: "None of the best practices of this question is established.",
        kind: ChoiceKind::NoneOfThese,
    }
}

const REL03: Question = Question {
    id: "service-architecture",
    pillar_id: "reliability",
    title: "How do you design your workload service architecture?",
    description: "Split the workload into services that fail and scale on their own, each with a clear \
                  responsibility and a documented contract.",
    page: "rel-03",
    choices: &[
        practice(
            "rel_service_architecture_monolith_soa_microservice",
            "Choose how to segment your workload",
            Weight::High,
            "Decide between a monolith, service-oriented architecture and microservices from the \
             resilience the workload needs.",
        ),
        practice(
            "rel_service_architecture_business_domains",
            "Build services focused on specific business domains and functionality",
            Weight::High,
            "Draw service boundaries along business domains so that each service has its own \
             reliability requirements.",
        ),
        practice(
            "rel_service_architecture_api_contracts",
            "Provide service contracts per API",
            Weight::Medium,
            "Publish a versioned, machine-readable contract for each API so that producers and \
             consumers change independently.",
        ),
        none_of_these("rel_service_architecture_no"),
    ],
};

const REL04: Question = Question {
    id: REL04_QUESTION,
    pillar_id: "reliability",
    title: "How do you design interactions in a distributed system to prevent failures?",
    description: "Shape how components talk to each other so that a fault in one does not spread: \
                  know each dependency's kind of interaction, keep components loosely coupled, keep \
                  the work constant and make changes safe to repeat.",
    page: "rel-04",
    choices: &[
        practice(
            "rel_prevent_interaction_failure_identify",
            "Identify the kind of distributed systems you depend on",
            Weight::High,
            "Know whether each dependency is synchronous, asynchronous or batch, and set timeouts, \
             retry limits and service levels to match.",
        ),
        practice(
            "rel_prevent_interaction_failure_loosely_coupled_system",
            "Implement loosely coupled dependencies",
            Weight::High,
            "Put queues, streams, event buses, workflows or load balancers between components so \
             that one can fail or slow down without taking the others with it.",
        ),
        practice(
            "rel_prevent_interaction_failure_constant_work",
            "Do constant work",
            Weight::Low,
            "Do the same amount of work whatever the load or the number of failures, so that a \
             sudden change does not change the work done.",
        ),
        practice(
            "rel_prevent_interaction_failure_idempotent",
            "Make mutating operations idempotent",
            Weight::Medium,
            "Accept an idempotency token on every mutating operation and answer a repeated token \
             with the first outcome, so that retries are safe.",
        ),
        none_of_these("rel_prevent_interaction_failure_no"),
    ],
};

const REL05: Question = Question {
    id: "mitigate-interaction-failure",
    pillar_id: "reliability",
    title: "How do you design interactions in a distributed system to mitigate or withstand failures?",
    description: "Expect dependencies to be slow or unavailable at times and keep serving, perhaps \
                  with less, when they are.",
    page: "rel-05",
    choices: &[
        practice(
            "rel_mitigate_interaction_failure_graceful_degradation",
            "Implement graceful degradation to transform applicable hard dependencies into soft dependencies",
            Weight::High,
            "Keep the core function working with stale, partial or no data when a dependency fails.",
        ),
        practice(
            "rel_mitigate_interaction_failure_throttle_requests",
            "Throttle requests",
            Weight::High,
            "Reject what exceeds the capacity you planned for, with an answer that says so.",
        ),
        practice(
            "rel_mitigate_interaction_failure_limit_retries",
            "Control and limit retry calls",
            Weight::High,
            "Retry with exponential backoff and jitter, and stop after a few attempts.",
        ),
        practice(
            "rel_mitigate_interaction_failure_fail_fast",
            "Fail fast and limit queues",
            Weight::High,
            "Release resources quickly when a request cannot succeed and keep backlogs short.",
        ),
        practice(
            "rel_mitigate_interaction_failure_client_timeouts",
            "Set client timeouts",
            Weight::High,
            "Choose connection and request timeouts deliberately instead of relying on defaults.",
        ),
        practice(
            "rel_mitigate_interaction_failure_stateless",
            "Make systems stateless where possible",
            Weight::Medium,
            "Keep state out of the servers so that any of them can be replaced at will.",
        ),
        practice(
            "rel_mitigate_interaction_failure_emergency_levers",
            "Implement emergency levers",
            Weight::Medium,
            "Prepare quick, rehearsed actions that reduce the impact of an incident.",
        ),
        none_of_these("rel_mitigate_interaction_failure_no"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lenses_by_alias_and_arn() {
        assert!(find("wellarchitected").is_some());
        assert!(find("arn:aws:wellarchitected::aws:lens/wellarchitected").is_some());
        assert!(find("serverless").is_some());
        assert!(find("nope").is_none());
    }

    #[test]
    fn rel04_has_the_real_choice_ids() {
        let question = find(WELL_ARCHITECTED).and_then(|l| l.question(REL04_QUESTION));
        let ids: Vec<_> = question
            .map(|q| q.choices.iter().map(|c| c.id).collect())
            .unwrap_or_default();
        assert_eq!(
            ids,
            [
                "rel_prevent_interaction_failure_identify",
                "rel_prevent_interaction_failure_loosely_coupled_system",
                "rel_prevent_interaction_failure_constant_work",
                "rel_prevent_interaction_failure_idempotent",
                "rel_prevent_interaction_failure_no",
            ]
        );
    }

    #[test]
    fn every_question_has_one_none_of_these_choice() {
        for question in WELL_ARCHITECTED_LENS.questions {
            let count = question
                .choices
                .iter()
                .filter(|c| c.kind == ChoiceKind::NoneOfThese)
                .count();
            assert_eq!(count, 1, "{}", question.id);
        }
    }
}
