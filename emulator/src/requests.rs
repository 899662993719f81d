//! The request bodies of the operations, as the model names their members, and their
//! validation into the state's types.
//!
//! Every member is optional here so that a missing required one is reported as a
//! ValidationException naming it, rather than as a parse error. Members the emulator does not
//! model (applications, profiles, review templates, Jira, discovery) are accepted and ignored.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::answer::{AnswerUpdate, ChoiceStatus, ChoiceUpdate, REASONS};
use crate::errors::ApiError;
use crate::lens::{self, Lens};
use crate::state::{MAX_LENSES, NewWorkload, WorkloadProperties};
use crate::validate::{
    self, length, one_of, optional_length, optional_one_of, required, string_list,
};

const ENVIRONMENTS: &[&str] = &["PRODUCTION", "PREPRODUCTION"];
const IMPROVEMENT_STATUSES: &[&str] = &[
    "NOT_APPLICABLE",
    "NOT_STARTED",
    "IN_PROGRESS",
    "COMPLETE",
    "RISK_ACKNOWLEDGED",
];

/// The members CreateWorkload and UpdateWorkload share.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub(crate) struct WorkloadFields {
    workload_name: Option<String>,
    description: Option<String>,
    environment: Option<String>,
    review_owner: Option<String>,
    aws_regions: Option<Vec<String>>,
    non_aws_regions: Option<Vec<String>>,
    account_ids: Option<Vec<String>>,
    notes: Option<String>,
    architectural_design: Option<String>,
    industry: Option<String>,
    industry_type: Option<String>,
    pillar_priorities: Option<Vec<String>>,
    improvement_status: Option<String>,
    is_review_owner_update_acknowledged: Option<bool>,
}

impl WorkloadFields {
    /// Checks the members that are present.
    fn validate(&self) -> Result<(), ApiError> {
        optional_length("WorkloadName", &self.workload_name, 3, 100)?;
        optional_length("Description", &self.description, 3, 250)?;
        optional_one_of("Environment", &self.environment, ENVIRONMENTS)?;
        optional_length("ReviewOwner", &self.review_owner, 3, 255)?;
        string_list("AwsRegions", &self.aws_regions, 50, (0, 100))?;
        string_list("NonAwsRegions", &self.non_aws_regions, 5, (3, 25))?;
        if let Some(ids) = &self.account_ids {
            validate::max_items("AccountIds", ids, 100)?;
            ids.iter()
                .try_for_each(|id| validate::account_id("AccountIds", id))?;
        }
        optional_length("Notes", &self.notes, 0, 2084)?;
        optional_length("ArchitecturalDesign", &self.architectural_design, 0, 2048)?;
        if let Some(url) = self
            .architectural_design
            .as_deref()
            .filter(|u| !u.is_empty())
        {
            validate_url("ArchitecturalDesign", url)?;
        }
        optional_length("Industry", &self.industry, 0, 100)?;
        optional_length("IndustryType", &self.industry_type, 0, 100)?;
        string_list(
            "PillarPriorities",
            &self.pillar_priorities,
            usize::MAX,
            (1, 64),
        )?;
        optional_one_of(
            "ImprovementStatus",
            &self.improvement_status,
            IMPROVEMENT_STATUSES,
        )
    }

    /// Copies the members that are present into `properties`.
    fn apply(self, properties: &mut WorkloadProperties) {
        let Self {
            workload_name: _,
            description,
            environment,
            review_owner,
            aws_regions,
            non_aws_regions,
            account_ids,
            notes,
            architectural_design,
            industry,
            industry_type,
            pillar_priorities,
            improvement_status,
            is_review_owner_update_acknowledged,
        } = self;
        set(&mut properties.description, description);
        set(&mut properties.environment, environment);
        set(&mut properties.review_owner, review_owner);
        set(&mut properties.aws_regions, aws_regions);
        set(&mut properties.non_aws_regions, non_aws_regions);
        set(&mut properties.account_ids, account_ids);
        set(&mut properties.pillar_priorities, pillar_priorities);
        set(&mut properties.improvement_status, improvement_status);
        set_optional(&mut properties.notes, notes);
        set_optional(&mut properties.architectural_design, architectural_design);
        set_optional(&mut properties.industry, industry);
        set_optional(&mut properties.industry_type, industry_type);
        if is_review_owner_update_acknowledged.is_some() {
            properties.is_review_owner_update_acknowledged = is_review_owner_update_acknowledged;
        }
    }
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

/// An empty string clears an optional member.
fn set_optional(slot: &mut Option<String>, value: Option<String>) {
    if let Some(value) = value {
        *slot = (!value.is_empty()).then_some(value);
    }
}

fn validate_url(field: &str, url: &str) -> Result<(), ApiError> {
    let scheme_ok = ["http://", "https://", "ftp://"]
        .iter()
        .any(|s| url.starts_with(s));
    if scheme_ok && !url.contains(char::is_whitespace) {
        Ok(())
    } else {
        Err(ApiError::validation(
            field,
            format!("Value at '{field}' must be an http, https or ftp URL"),
        ))
    }
}

/// CreateWorkload's body.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub(crate) struct CreateWorkloadInput {
    #[serde(flatten)]
    fields: WorkloadFields,
    lenses: Option<Vec<String>>,
    tags: Option<BTreeMap<String, String>>,
    client_request_token: Option<String>,
}

impl CreateWorkloadInput {
    /// The validated workload and its ClientRequestToken.
    pub fn validate(self) -> Result<(NewWorkload, String), ApiError> {
        let fields = &self.fields;
        let name = required("WorkloadName", &fields.workload_name)?.clone();
        required("Description", &fields.description)?;
        required("Environment", &fields.environment)?;
        required("ReviewOwner", &fields.review_owner)?;
        fields.validate()?;
        let has_regions = [&fields.aws_regions, &fields.non_aws_regions]
            .iter()
            .any(|r| r.as_ref().is_some_and(|r| !r.is_empty()));
        if !has_regions {
            return Err(ApiError::validation(
                "AwsRegions",
                "Either AwsRegions or NonAwsRegions must be specified",
            ));
        }
        let lenses = resolve_lenses("Lenses", required("Lenses", &self.lenses)?, MAX_LENSES)?;
        let tags = validate_tags(self.tags)?;
        let token = client_request_token(self.client_request_token)?;
        let mut properties = WorkloadProperties {
            tags,
            ..WorkloadProperties::default()
        };
        self.fields.apply(&mut properties);
        Ok((
            NewWorkload {
                name,
                properties,
                lenses,
            },
            token,
        ))
    }
}

/// UpdateWorkload's body.
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub(crate) struct UpdateWorkloadInput(WorkloadFields);

impl UpdateWorkloadInput {
    /// The new name, if any, and the change to the other members.
    pub fn validate(
        self,
    ) -> Result<(Option<String>, impl FnOnce(&mut WorkloadProperties)), ApiError> {
        let Self(mut fields) = self;
        fields.validate()?;
        let name = fields.workload_name.take();
        Ok((name, move |properties: &mut WorkloadProperties| {
            fields.apply(properties)
        }))
    }
}

fn validate_tags(
    tags: Option<BTreeMap<String, String>>,
) -> Result<BTreeMap<String, String>, ApiError> {
    let Some(tags) = tags else {
        return Ok(BTreeMap::new());
    };
    if tags.is_empty() || tags.len() > 50 {
        return Err(ApiError::validation(
            "Tags",
            "Value at 'Tags' must have between 1 and 50 entries",
        ));
    }
    for (key, value) in &tags {
        length("Tags", key, 1, 128)?;
        length("Tags", value, 0, 256)?;
    }
    Ok(tags)
}

fn client_request_token(token: Option<String>) -> Result<String, ApiError> {
    let token = required("ClientRequestToken", &token)?;
    length("ClientRequestToken", token, 1, 2048)?;
    if !token.is_ascii() {
        return Err(ApiError::validation(
            "ClientRequestToken",
            "Value at 'ClientRequestToken' must be ASCII",
        ));
    }
    Ok(token.clone())
}

/// Finds the lenses named by aliases or ARNs; an unknown one is not found.
fn resolve_lenses(
    field: &str,
    aliases: &[String],
    max: usize,
) -> Result<Vec<&'static Lens>, ApiError> {
    if aliases.is_empty() {
        return Err(ApiError::validation(
            field,
            format!("Value at '{field}' must have at least 1 member"),
        ));
    }
    validate::max_items(field, aliases, max)?;
    aliases
        .iter()
        .map(|alias| {
            length(field, alias, 1, 128)?;
            lens::find(alias).ok_or_else(|| {
                ApiError::not_found("LENS", alias, format!("Lens {alias} not found"))
            })
        })
        .collect()
}

/// AssociateLenses's body.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub(crate) struct AssociateLensesInput {
    lens_aliases: Option<Vec<String>>,
}

impl AssociateLensesInput {
    pub fn validate(self) -> Result<Vec<&'static Lens>, ApiError> {
        resolve_lenses(
            "LensAliases",
            required("LensAliases", &self.lens_aliases)?,
            MAX_LENSES,
        )
    }
}

/// The body of the list operations that take their paging in the body.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub(crate) struct ListInput {
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
    pub workload_name_prefix: Option<String>,
}

impl ListInput {
    pub fn validate(self) -> Result<Self, ApiError> {
        optional_length("WorkloadNamePrefix", &self.workload_name_prefix, 0, 100)?;
        Ok(self)
    }
}

/// CreateMilestone's body.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub(crate) struct CreateMilestoneInput {
    milestone_name: Option<String>,
    client_request_token: Option<String>,
}

impl CreateMilestoneInput {
    /// The milestone name and the ClientRequestToken.
    pub fn validate(self) -> Result<(String, String), ApiError> {
        let name = required("MilestoneName", &self.milestone_name)?;
        length("MilestoneName", name, 3, 100)?;
        let token = client_request_token(self.client_request_token)?;
        Ok((name.clone(), token))
    }
}

/// UpdateAnswer's body.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub(crate) struct UpdateAnswerInput {
    selected_choices: Option<Vec<String>>,
    choice_updates: Option<BTreeMap<String, ChoiceUpdateInput>>,
    notes: Option<String>,
    is_applicable: Option<bool>,
    reason: Option<String>,
}

/// One entry of `ChoiceUpdates`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub(crate) struct ChoiceUpdateInput {
    status: Option<String>,
    reason: Option<String>,
    notes: Option<String>,
}

impl UpdateAnswerInput {
    pub fn validate(self) -> Result<AnswerUpdate, ApiError> {
        optional_length("Notes", &self.notes, 0, 2084)?;
        optional_one_of("Reason", &self.reason, REASONS)?;
        string_list(
            "SelectedChoices",
            &self.selected_choices,
            usize::MAX,
            (1, 64),
        )?;
        let choice_updates = self
            .choice_updates
            .unwrap_or_default()
            .into_iter()
            .map(|(id, update)| Ok((id.clone(), update.validate(&id)?)))
            .collect::<Result<_, ApiError>>()?;
        Ok(AnswerUpdate {
            selected_choices: self.selected_choices,
            choice_updates,
            notes: self.notes,
            is_applicable: self.is_applicable,
            reason: self.reason,
        })
    }
}

impl ChoiceUpdateInput {
    fn validate(self, choice_id: &str) -> Result<ChoiceUpdate, ApiError> {
        length("ChoiceUpdates", choice_id, 1, 64)?;
        let field = |member: &str| format!("ChoiceUpdates.{choice_id}.{member}");
        let status = required(&field("Status"), &self.status)?;
        one_of(&field("Status"), status, ChoiceStatus::NAMES)?;
        optional_one_of(&field("Reason"), &self.reason, REASONS)?;
        optional_length(&field("Notes"), &self.notes, 0, 250)?;
        let status = ChoiceStatus::parse(status).unwrap_or_default();
        Ok(ChoiceUpdate {
            status,
            reason: self.reason,
            notes: self.notes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn create(body: serde_json::Value) -> Result<(NewWorkload, String), ApiError> {
        serde_json::from_value::<CreateWorkloadInput>(body)
            .map_err(|e| ApiError::cannot_parse(e.to_string()))?
            .validate()
    }

    fn valid_workload() -> serde_json::Value {
        json!({
            "WorkloadName": "shop", "Description": "the shop", "Environment": "PRODUCTION",
            "ReviewOwner": "me@example.com", "AwsRegions": ["eu-west-1"], "Lenses": ["wellarchitected"],
            "ClientRequestToken": "t"
        })
    }

    fn field_of(error: &ApiError) -> Option<&str> {
        match error {
            ApiError::Validation { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    #[test]
    fn a_valid_workload_passes() {
        let (workload, token) = create(valid_workload()).expect("valid");
        assert_eq!(workload.name, "shop");
        assert_eq!(workload.properties.environment, "PRODUCTION");
        assert_eq!(token, "t");
    }

    #[test]
    fn each_required_member_is_named() {
        for member in [
            "WorkloadName",
            "Description",
            "Environment",
            "ReviewOwner",
            "Lenses",
            "ClientRequestToken",
        ] {
            let mut body = valid_workload();
            body.as_object_mut().map(|o| o.remove(member));
            let error = create(body).expect_err(member);
            assert_eq!(field_of(&error), Some(member));
        }
    }

    #[test]
    fn regions_are_required() {
        let mut body = valid_workload();
        body["AwsRegions"] = json!([]);
        assert_eq!(
            field_of(&create(body.clone()).expect_err("no regions")),
            Some("AwsRegions")
        );
        body["NonAwsRegions"] = json!(["on-premises"]);
        assert!(create(body).is_ok());
    }

    #[test]
    fn an_unknown_lens_is_not_found() {
        let mut body = valid_workload();
        body["Lenses"] = json!(["nope"]);
        assert_eq!(
            create(body).expect_err("unknown lens").shape_name(),
            "ResourceNotFoundException"
        );
    }

    #[test]
    fn choice_updates_need_a_valid_status() {
        let input: UpdateAnswerInput =
            serde_json::from_value(json!({"ChoiceUpdates": {"c": {"Notes": "n"}}}))
                .expect("parses");
        assert_eq!(
            field_of(&input.validate().expect_err("no status")),
            Some("ChoiceUpdates.c.Status")
        );
        let input: UpdateAnswerInput =
            serde_json::from_value(json!({"ChoiceUpdates": {"c": {"Status": "MAYBE"}}}))
                .expect("parses");
        assert!(input.validate().is_err());
    }

    #[test]
    fn notes_are_limited() {
        let input: UpdateAnswerInput =
            serde_json::from_value(json!({"Notes": "x".repeat(2085)})).expect("parses");
        assert_eq!(
            field_of(&input.validate().expect_err("too long")),
            Some("Notes")
        );
        let input: UpdateAnswerInput = serde_json::from_value(
            json!({"ChoiceUpdates": {"c": {"Status": "SELECTED", "Notes": "x".repeat(251)}}}),
        )
        .expect("parses");
        assert_eq!(
            field_of(&input.validate().expect_err("too long")),
            Some("ChoiceUpdates.c.Notes")
        );
    }
}
