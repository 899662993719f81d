//! The emulator's state: workloads with their lens reviews and answers, milestones, and the
//! idempotency tokens already seen.
//!
//! Every method either applies a whole change or returns an error and changes nothing.

use std::collections::{BTreeMap, HashMap};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::answer::{self, AnswerState, AnswerUpdate, Risk};
use crate::errors::ApiError;
use crate::lens::{Lens, Question};

/// At most this many milestones per workload.
pub(crate) const MAX_MILESTONES: usize = 100;
/// At most this many lenses per workload.
pub(crate) const MAX_LENSES: usize = 20;

/// Seconds since the Unix epoch, to the millisecond, as rest-json sends timestamps.
pub(crate) type Timestamp = f64;

pub(crate) fn now() -> Timestamp {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    millis as f64 / 1000.0
}

/// How many questions are at each risk; every risk is present, zero or not.
pub(crate) type RiskCounts = BTreeMap<&'static str, u64>;

fn empty_risk_counts() -> RiskCounts {
    Risk::ALL.iter().map(|risk| (risk.as_str(), 0)).collect()
}

/// The descriptive members of a workload, serialised as they appear in `Workload`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct WorkloadProperties {
    pub description: String,
    pub environment: String,
    pub review_owner: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aws_regions: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub non_aws_regions: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub account_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub architectural_design: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub industry_type: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pillar_priorities: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    pub improvement_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_review_owner_update_acknowledged: Option<bool>,
}

impl Default for WorkloadProperties {
    fn default() -> Self {
        Self {
            description: String::new(),
            environment: String::new(),
            review_owner: String::new(),
            aws_regions: Vec::new(),
            non_aws_regions: Vec::new(),
            account_ids: Vec::new(),
            notes: None,
            architectural_design: None,
            industry: None,
            industry_type: None,
            pillar_priorities: Vec::new(),
            tags: BTreeMap::new(),
            improvement_status: "NOT_APPLICABLE".to_owned(),
            is_review_owner_update_acknowledged: None,
        }
    }
}

/// A validated CreateWorkload request.
#[derive(Debug, Clone)]
pub(crate) struct NewWorkload {
    pub name: String,
    pub properties: WorkloadProperties,
    pub lenses: Vec<&'static Lens>,
}

/// The answers of a workload to the questions of one lens.
#[derive(Debug, Clone)]
pub(crate) struct LensReview {
    pub lens: &'static Lens,
    /// One answer per question, in the lens's order.
    answers: Vec<AnswerState>,
    pub updated_at: Timestamp,
}

impl LensReview {
    fn new(lens: &'static Lens, now: Timestamp) -> Self {
        Self {
            lens,
            answers: vec![AnswerState::default(); lens.questions.len()],
            updated_at: now,
        }
    }

    /// Every question with its answer, in the lens's order.
    pub fn answers(&self) -> impl Iterator<Item = (&'static Question, &AnswerState)> {
        self.lens.questions.iter().zip(&self.answers)
    }

    /// The answer to one question.
    pub fn answer(&self, question_id: &str) -> Result<(&'static Question, &AnswerState), ApiError> {
        let index = self.question_index(question_id)?;
        Ok((&self.lens.questions[index], &self.answers[index]))
    }

    fn update_answer(
        &mut self,
        question_id: &str,
        update: &AnswerUpdate,
        now: Timestamp,
    ) -> Result<(), ApiError> {
        let index = self.question_index(question_id)?;
        let question = &self.lens.questions[index];
        self.answers[index] = self.answers[index].updated(question, update)?;
        self.updated_at = now;
        Ok(())
    }

    fn question_index(&self, question_id: &str) -> Result<usize, ApiError> {
        self.lens
            .questions
            .iter()
            .position(|q| q.id == question_id)
            .ok_or_else(|| {
                ApiError::not_found(
                    "QUESTION",
                    question_id,
                    format!(
                        "Question {question_id} not found in lens {}",
                        self.lens.alias
                    ),
                )
            })
    }

    /// The risk counts of the questions of one pillar, or of all.
    pub fn risk_counts(&self, pillar_id: Option<&str>) -> RiskCounts {
        let mut counts = empty_risk_counts();
        for (question, answer) in self.answers() {
            if pillar_id.is_none_or(|p| p == question.pillar_id) {
                *counts
                    .entry(answer::risk(question, answer).as_str())
                    .or_default() += 1;
            }
        }
        counts
    }
}

/// A workload as it is now, or as a milestone recorded it.
#[derive(Debug, Clone)]
pub(crate) struct Workload {
    pub id: String,
    pub arn: String,
    /// The account that owns the workload (the `Owner` member).
    pub owner: String,
    pub name: String,
    pub properties: WorkloadProperties,
    pub reviews: Vec<LensReview>,
    pub updated_at: Timestamp,
}

impl Workload {
    /// The review of a lens given by alias or ARN; not found if the lens is not associated.
    pub fn review(&self, alias: &str) -> Result<&LensReview, ApiError> {
        let index = self.review_index(alias)?;
        Ok(&self.reviews[index])
    }

    fn review_index(&self, alias: &str) -> Result<usize, ApiError> {
        self.reviews
            .iter()
            .position(|r| r.lens.alias == alias || r.lens.arn == alias)
            .ok_or_else(|| {
                ApiError::not_found(
                    "LENS",
                    alias,
                    format!("Lens {alias} is not associated with workload {}", self.id),
                )
            })
    }

    /// The aliases of the associated lenses.
    pub fn lens_aliases(&self) -> Vec<&'static str> {
        self.reviews.iter().map(|r| r.lens.alias).collect()
    }

    /// The risk counts over every associated lens.
    pub fn risk_counts(&self) -> RiskCounts {
        let mut counts = empty_risk_counts();
        for review in &self.reviews {
            for (risk, count) in review.risk_counts(None) {
                *counts.entry(risk).or_default() += count;
            }
        }
        counts
    }
}

/// A recorded snapshot of a workload.
#[derive(Debug, Clone)]
pub(crate) struct Milestone {
    pub number: u32,
    pub name: String,
    pub recorded_at: Timestamp,
    pub workload: Workload,
}

/// A workload with its milestones.
#[derive(Debug, Clone)]
pub(crate) struct WorkloadEntry {
    pub current: Workload,
    pub milestones: Vec<Milestone>,
    /// ClientRequestToken of CreateMilestone -> milestone number.
    milestone_tokens: HashMap<String, u32>,
}

impl WorkloadEntry {
    /// The workload now, or as recorded by a milestone.
    pub fn at(&self, milestone: Option<u32>) -> Result<&Workload, ApiError> {
        match milestone {
            None => Ok(&self.current),
            Some(number) => self.milestone(number).map(|m| &m.workload),
        }
    }

    /// One milestone by number.
    pub fn milestone(&self, number: u32) -> Result<&Milestone, ApiError> {
        self.milestones
            .iter()
            .find(|m| m.number == number)
            .ok_or_else(|| {
                ApiError::not_found(
                    "MILESTONE",
                    &number.to_string(),
                    format!(
                        "Milestone {number} not found for workload {}",
                        self.current.id
                    ),
                )
            })
    }
}

/// Workload names are unique ignoring case and spaces.
fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The workloads of one account in one Region (see [`crate::partitions`]).
#[derive(Debug)]
pub(crate) struct Store {
    /// The account and Region in the ARNs of the workloads created here.
    account: String,
    region: String,
    entries: Vec<WorkloadEntry>,
    /// ClientRequestToken of CreateWorkload -> workload id.
    workload_tokens: HashMap<String, String>,
}

impl Store {
    /// An empty store for the workloads of `account` in `region`.
    pub fn new(account: &str, region: &str) -> Self {
        Self {
            account: account.to_owned(),
            region: region.to_owned(),
            entries: Vec::new(),
            workload_tokens: HashMap::new(),
        }
    }

    /// Whether a workload with this id is here.
    pub fn contains(&self, workload_id: &str) -> bool {
        self.entry(workload_id).is_ok()
    }

    /// Every workload, in creation order.
    pub fn workloads(&self) -> impl Iterator<Item = &Workload> {
        self.entries.iter().map(|e| &e.current)
    }

    /// A workload with its milestones.
    pub fn entry(&self, workload_id: &str) -> Result<&WorkloadEntry, ApiError> {
        self.entries
            .iter()
            .find(|e| e.current.id == workload_id)
            .ok_or_else(|| workload_not_found(workload_id))
    }

    fn entry_mut(&mut self, workload_id: &str) -> Result<&mut WorkloadEntry, ApiError> {
        self.entries
            .iter_mut()
            .find(|e| e.current.id == workload_id)
            .ok_or_else(|| workload_not_found(workload_id))
    }

    /// A workload as it is now.
    pub fn workload(&self, workload_id: &str) -> Result<&Workload, ApiError> {
        self.entry(workload_id).map(|e| &e.current)
    }

    /// Creates a workload with the id `new_id` (unused in every store: the caller's duty, see
    /// [`crate::partitions::Stores::create_workload`]); a token already seen returns the
    /// workload it created instead.
    pub fn create_workload(
        &mut self,
        new: NewWorkload,
        new_id: String,
        token: Option<&str>,
    ) -> Result<&Workload, ApiError> {
        let repeated = token.and_then(|t| self.workload_tokens.get(t)).cloned();
        if let Some(id) = repeated.filter(|id| self.contains(id)) {
            return self.workload(&id);
        }
        self.check_name_is_free(&new.name, None)?;
        let id = new_id;
        let now = now();
        let (account, region) = (&self.account, &self.region);
        let workload = Workload {
            arn: format!("arn:aws:wellarchitected:{region}:{account}:workload/{id}"),
            owner: account.clone(),
            id: id.clone(),
            name: new.name,
            properties: new.properties,
            reviews: new
                .lenses
                .into_iter()
                .map(|lens| LensReview::new(lens, now))
                .collect(),
            updated_at: now,
        };
        if let Some(token) = token {
            self.workload_tokens.insert(token.to_owned(), id.clone());
        }
        self.entries.push(WorkloadEntry {
            current: workload,
            milestones: Vec::new(),
            milestone_tokens: HashMap::new(),
        });
        self.workload(&id)
    }

    /// Renames a workload (if `name` is given) and changes its properties.
    pub fn update_workload(
        &mut self,
        workload_id: &str,
        name: Option<String>,
        change: impl FnOnce(&mut WorkloadProperties),
    ) -> Result<&Workload, ApiError> {
        self.entry(workload_id)?;
        if let Some(name) = &name {
            self.check_name_is_free(name, Some(workload_id))?;
        }
        let workload = &mut self.entry_mut(workload_id)?.current;
        if let Some(name) = name {
            workload.name = name;
        }
        change(&mut workload.properties);
        workload.updated_at = now();
        Ok(workload)
    }

    /// Associates lenses with a workload; lenses already associated are left as they are.
    /// (Only two lenses exist, so the limit of [`MAX_LENSES`] cannot be reached here.)
    pub fn associate_lenses(
        &mut self,
        workload_id: &str,
        lenses: &[&'static Lens],
    ) -> Result<(), ApiError> {
        let workload = &mut self.entry_mut(workload_id)?.current;
        let now = now();
        for lens in lenses {
            if workload.reviews.iter().all(|r| r.lens.alias != lens.alias) {
                workload.reviews.push(LensReview::new(lens, now));
            }
        }
        workload.updated_at = now;
        Ok(())
    }

    /// Applies an UpdateAnswer; returns the lens, the question and the new answer.
    pub fn update_answer(
        &mut self,
        workload_id: &str,
        lens_alias: &str,
        question_id: &str,
        update: &AnswerUpdate,
    ) -> Result<(&'static Lens, &'static Question, &AnswerState), ApiError> {
        let now = now();
        let workload = &mut self.entry_mut(workload_id)?.current;
        let index = workload.review_index(lens_alias)?;
        workload.reviews[index].update_answer(question_id, update, now)?;
        workload.updated_at = now;
        let review = &workload.reviews[index];
        let (question, answer) = review.answer(question_id)?;
        Ok((review.lens, question, answer))
    }

    /// Records a milestone; a token already seen returns the milestone it created.
    pub fn create_milestone(
        &mut self,
        workload_id: &str,
        name: &str,
        token: Option<&str>,
    ) -> Result<u32, ApiError> {
        let entry = self.entry_mut(workload_id)?;
        if let Some(number) = token.and_then(|t| entry.milestone_tokens.get(t)) {
            return Ok(*number);
        }
        if let Some(taken) = entry.milestones.iter().find(|m| m.name == name) {
            return Err(ApiError::conflict(
                "MILESTONE",
                &taken.number.to_string(),
                format!("Milestone name {name} is already used in workload {workload_id}"),
            ));
        }
        if entry.milestones.len() >= MAX_MILESTONES {
            return Err(ApiError::QuotaExceeded {
                message: format!("Workload {workload_id} already has {MAX_MILESTONES} milestones"),
                quota_code: "MilestonesPerWorkload",
                resource_id: workload_id.to_owned(),
                resource_type: "WORKLOAD",
            });
        }
        let number = entry.milestones.last().map_or(1, |m| m.number + 1);
        let milestone = Milestone {
            number,
            name: name.to_owned(),
            recorded_at: now(),
            workload: entry.current.clone(),
        };
        entry.milestones.push(milestone);
        if let Some(token) = token {
            entry.milestone_tokens.insert(token.to_owned(), number);
        }
        Ok(number)
    }

    fn check_name_is_free(&self, name: &str, except: Option<&str>) -> Result<(), ApiError> {
        let key = name_key(name);
        match self
            .workloads()
            .find(|w| name_key(&w.name) == key && Some(w.id.as_str()) != except)
        {
            Some(taken) => Err(ApiError::conflict(
                "WORKLOAD",
                &taken.id,
                format!(
                    "Workload name {name} is already used by workload {}",
                    taken.id
                ),
            )),
            None => Ok(()),
        }
    }
}

/// The error for a workload id the store does not hold (the service's wording).
pub(crate) fn workload_not_found(workload_id: &str) -> ApiError {
    ApiError::not_found(
        "WORKLOAD",
        workload_id,
        format!("Workload {workload_id} not found"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lens::{self, REL04_QUESTION, WELL_ARCHITECTED};

    fn new_workload(name: &str) -> NewWorkload {
        let lens = lens::find(WELL_ARCHITECTED).expect("the lens exists");
        NewWorkload {
            name: name.to_owned(),
            properties: WorkloadProperties::default(),
            lenses: vec![lens],
        }
    }

    fn create(store: &mut Store, name: &str, token: Option<&str>) -> Result<String, ApiError> {
        let id = format!("{:032x}", fastrand::u128(..));
        store
            .create_workload(new_workload(name), id, token)
            .map(|w| w.id.clone())
    }

    fn new_store() -> Store {
        Store::new("123456789012", "eu-west-1")
    }

    #[test]
    fn names_are_unique_ignoring_case_and_spaces() {
        let mut store = new_store();
        assert!(create(&mut store, "My Workload", None).is_ok());
        let error = create(&mut store, "myworkload", None).unwrap_err();
        assert_eq!(error.shape_name(), "ConflictException");
    }

    #[test]
    fn a_repeated_token_returns_the_first_workload() {
        let mut store = new_store();
        let first = create(&mut store, "first", Some("t1")).expect("created");
        assert_eq!(
            create(&mut store, "first", Some("t1")).expect("repeated"),
            first
        );
        assert_eq!(store.workloads().count(), 1);
        let workload = store.workload(&first).expect("exists");
        assert_eq!(
            workload.arn,
            format!("arn:aws:wellarchitected:eu-west-1:123456789012:workload/{first}")
        );
    }

    #[test]
    fn milestones_are_numbered_snapshots() {
        let mut store = new_store();
        let id = create(&mut store, "snap", None).expect("created");
        assert_eq!(store.create_milestone(&id, "one", Some("a")), Ok(1));
        assert_eq!(store.create_milestone(&id, "one", Some("a")), Ok(1));
        assert_eq!(store.create_milestone(&id, "two", None), Ok(2));
        assert!(store.create_milestone(&id, "two", None).is_err());
        let entry = store.entry(&id).expect("exists");
        assert!(entry.at(Some(2)).is_ok());
        assert!(entry.at(Some(3)).is_err());
    }

    #[test]
    fn milestones_are_limited() {
        let mut store = new_store();
        let id = create(&mut store, "many", None).expect("created");
        for n in 1..=MAX_MILESTONES {
            assert!(
                store
                    .create_milestone(&id, &format!("m{n:03}"), None)
                    .is_ok()
            );
        }
        let error = store.create_milestone(&id, "one more", None).unwrap_err();
        assert_eq!(error.shape_name(), "ServiceQuotaExceededException");
    }

    #[test]
    fn new_workloads_are_unanswered() {
        let mut store = new_store();
        let id = create(&mut store, "fresh", None).expect("created");
        let workload = store.workload(&id).expect("exists");
        assert_eq!(workload.risk_counts()["UNANSWERED"], 3);
        let review = workload.review(WELL_ARCHITECTED).expect("associated");
        assert!(review.answer(REL04_QUESTION).is_ok());
        assert!(workload.review("serverless").is_err());
    }
}
