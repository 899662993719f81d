//! Accounts, Regions and STS: each access key is an account, each (account, Region) has its own
//! workloads, and STS AssumeRole (sent here as bare HTTP, as aws-config's `AssumeRoleProvider`
//! would send it) issues session keys of the role's account, which the Well-Architected client
//! then signs with.

mod common;

use aws_sdk_wellarchitected::Client;
use aws_sdk_wellarchitected::config::Credentials;
use aws_sdk_wellarchitected::error::SdkError;
use aws_sdk_wellarchitected::operation::get_workload::GetWorkloadError;
use aws_sdk_wellarchitected::operation::update_answer::UpdateAnswerError;
use aws_sdk_wellarchitected::types::WorkloadEnvironment;
use common::{RawResponse, client, client_as, raw_exchange, raw_request};
use wa_emulator::{Emulator, Faults, account_id};

const ALICE: &str = "AKIAALICEEXAMPLE0001";
/// The account of ALICE's key, worked out by hand from 64-bit FNV-1a.
const ALICE_ACCOUNT: &str = "868302230522";
const BOB: &str = "AKIABOBEXAMPLE000002";
const ROLE_ACCOUNT: &str = "210987654321";
const ROLE: &str = "arn:aws:iam::210987654321:role/ci/rel04-sync";
/// ROLE, percent-encoded as a form value.
const ROLE_FORM: &str = "arn%3Aaws%3Aiam%3A%3A210987654321%3Arole%2Fci%2Frel04-sync";

/// A client signing with the long-term key `access_key_id` for `region`.
fn client_of(emulator: &Emulator, access_key_id: &str, region: &str) -> Client {
    let credentials = Credentials::new(access_key_id, "secret", None, None, "test");
    client_as(emulator, credentials, region, 1)
}

/// Creates a workload with the `wellarchitected` lens through CreateWorkload and returns its id
/// and ARN.
async fn create_workload(client: &Client, name: &str) -> (String, String) {
    let output = client
        .create_workload()
        .workload_name(name)
        .description("partition test workload")
        .environment(WorkloadEnvironment::Preproduction)
        .review_owner("tests@example.com")
        .aws_regions("us-east-1")
        .lenses("wellarchitected")
        .send()
        .await
        .expect("CreateWorkload succeeds");
    (
        output.workload_id().expect("an id").to_owned(),
        output.workload_arn().expect("an ARN").to_owned(),
    )
}

/// The ids ListWorkloads returns to `client`.
async fn listed(client: &Client) -> Vec<String> {
    let output = client
        .list_workloads()
        .send()
        .await
        .expect("ListWorkloads succeeds");
    output
        .workload_summaries()
        .iter()
        .filter_map(|w| w.workload_id().map(str::to_owned))
        .collect()
}

/// Whether GetWorkload of `id` fails with ResourceNotFoundException for `client`.
async fn is_not_found(client: &Client, id: &str) -> bool {
    match client.get_workload().workload_id(id).send().await {
        Err(SdkError::ServiceError(e)) => {
            matches!(e.err(), GetWorkloadError::ResourceNotFoundException(_))
        }
        _ => false,
    }
}

/// An STS query-protocol POST, signed (in form only) with `access_key_id` for us-east-1.
fn sts(emulator: &Emulator, access_key_id: &str, body: &str) -> RawResponse {
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential={access_key_id}/20261123/us-east-1/sts/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date, Signature=00"
    );
    raw_exchange(
        emulator,
        "POST",
        "/",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Authorization", &authorization),
        ],
        body,
    )
}

/// An AssumeRole of `role_form` (a percent-encoded role ARN) by `access_key_id`.
fn assume_role(emulator: &Emulator, access_key_id: &str, role_form: &str) -> RawResponse {
    let body = format!(
        "Action=AssumeRole&Version=2011-06-15&RoleArn={role_form}&RoleSessionName=ci-run&DurationSeconds=900"
    );
    sts(emulator, access_key_id, &body)
}

/// The text of the first `<tag>` element of an XML document (no nesting of the same tag).
fn xml_text<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let start = xml.find(&format!("<{tag}>"))? + tag.len() + 2;
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    Some(&xml[start..end])
}

/// The temporary credentials of a successful AssumeRole answer.
fn session_credentials(response: &RawResponse) -> Credentials {
    let field = |tag| xml_text(&response.body, tag).expect(tag).to_owned();
    Credentials::new(
        field("AccessKeyId"),
        field("SecretAccessKey"),
        Some(field("SessionToken")),
        None,
        "wa-emulator-sts",
    )
}

#[tokio::test]
async fn each_key_sees_only_its_own_workloads() {
    let emulator = Emulator::start(Faults::default()).expect("the emulator starts");
    let alice = client_of(&emulator, ALICE, "us-east-1");
    let bob = client_of(&emulator, BOB, "us-east-1");

    let (alice_id, alice_arn) = create_workload(&alice, "shared name").await;
    assert_eq!(
        alice_arn,
        format!(
            "arn:aws:wellarchitected:us-east-1:{}:workload/{alice_id}",
            account_id(ALICE)
        )
    );
    let owner = alice
        .get_workload()
        .workload_id(&alice_id)
        .send()
        .await
        .expect("GetWorkload")
        .workload()
        .and_then(|w| w.owner().map(str::to_owned));
    assert_eq!(owner, Some(account_id(ALICE)));

    assert!(is_not_found(&bob, &alice_id).await, "Bob cannot get it");
    assert_eq!(listed(&bob).await, Vec::<String>::new());
    let update = bob
        .update_answer()
        .workload_id(&alice_id)
        .lens_alias("wellarchitected")
        .question_id("prevent-interaction-failure")
        .selected_choices("rel_prevent_interaction_failure_no")
        .send()
        .await;
    assert!(
        matches!(update, Err(SdkError::ServiceError(ref e)) if matches!(e.err(), UpdateAnswerError::ResourceNotFoundException(_))),
        "{update:?}"
    );
    // Names are unique per account and Region only.
    let (bob_id, _) = create_workload(&bob, "shared name").await;
    assert_ne!(bob_id, alice_id);
    assert_eq!(listed(&alice).await, std::slice::from_ref(&alice_id));
    assert_eq!(listed(&bob).await, [bob_id]);

    // Neither sees the default partition of the test API, nor does it see theirs.
    let default_id = emulator.create_workload("default partition");
    assert!(is_not_found(&alice, &default_id).await);
    assert_eq!(listed(&client(&emulator, 1)).await, [default_id]);
    assert_eq!(emulator.workload_count(ALICE, "us-east-1"), 1);
    assert_eq!(emulator.workload_count(BOB, "us-east-1"), 1);
    assert_eq!(emulator.workload_count("test", "us-east-1"), 1);
    assert_eq!(emulator.workload_count("AKIANOBODY", "us-east-1"), 0);
    // The test API finds a workload by id in whichever partition holds it.
    assert!(emulator.answer(&alice_id).is_some());
    emulator
        .rename_workload(&alice_id, "renamed")
        .expect("renamed");
}

#[tokio::test]
async fn each_region_of_a_key_has_its_own_workloads() {
    let emulator = Emulator::start(Faults::default()).expect("the emulator starts");
    let virginia = client_of(&emulator, ALICE, "us-east-1");
    let ireland = client_of(&emulator, ALICE, "eu-west-1");

    let (id, arn) = create_workload(&virginia, "regional").await;
    assert!(
        arn.starts_with("arn:aws:wellarchitected:us-east-1:"),
        "{arn}"
    );
    assert!(is_not_found(&ireland, &id).await, "invisible in eu-west-1");
    assert_eq!(listed(&ireland).await, Vec::<String>::new());

    let (ireland_id, ireland_arn) = create_workload(&ireland, "regional").await;
    assert_eq!(
        ireland_arn,
        format!(
            "arn:aws:wellarchitected:eu-west-1:{}:workload/{ireland_id}",
            account_id(ALICE)
        )
    );
    let placed = emulator.create_workload_at(ALICE, "eu-west-1", "placed by the test");
    let mut in_ireland = listed(&ireland).await;
    in_ireland.sort();
    let mut expected = vec![ireland_id, placed];
    expected.sort();
    assert_eq!(in_ireland, expected);
    assert_eq!(listed(&virginia).await, [id]);
    assert_eq!(emulator.workload_count(ALICE, "eu-west-1"), 2);
    assert_eq!(
        emulator.workload_count_in_account(&account_id(ALICE), "us-east-1"),
        1
    );
}

#[tokio::test]
async fn assumed_role_keys_belong_to_the_role_account() {
    let emulator = Emulator::start(Faults::default()).expect("the emulator starts");
    let response = assume_role(&emulator, ALICE, ROLE_FORM);
    assert_eq!(response.status(), 200, "{}", response.body);
    assert_eq!(response.header("content-type"), Some("text/xml"));
    let body = &response.body;
    assert!(
        body.contains("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"),
        "{body}"
    );
    let key = xml_text(body, "AccessKeyId").expect("a key");
    assert!(key.starts_with("ASIA") && key.len() == 20, "{key}");
    assert!(
        key.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    );
    assert!(
        !xml_text(body, "SecretAccessKey")
            .unwrap_or_default()
            .is_empty()
    );
    assert!(
        !xml_text(body, "SessionToken")
            .unwrap_or_default()
            .is_empty()
    );
    let expiration = xml_text(body, "Expiration").expect("an expiration");
    assert_eq!(expiration.len(), 20, "{expiration}");
    assert!(
        expiration.ends_with('Z') && expiration.as_bytes()[10] == b'T',
        "{expiration}"
    );
    assert_eq!(
        xml_text(body, "Arn"),
        Some("arn:aws:sts::210987654321:assumed-role/rel04-sync/ci-run")
    );
    let role_id = xml_text(body, "AssumedRoleId").expect("a role id");
    assert!(
        role_id.starts_with("AROA") && role_id.ends_with(":ci-run"),
        "{role_id}"
    );
    assert!(xml_text(body, "RequestId").is_some_and(|id| id.len() == 36));
    assert_eq!(emulator.requests("AssumeRole"), 1);
    assert_eq!(emulator.successes("AssumeRole"), 1);

    // The Well-Architected client, signing with the session key, works in the role's account.
    let session = client_as(&emulator, session_credentials(&response), "us-west-2", 1);
    let (id, arn) = create_workload(&session, "assumed").await;
    assert_eq!(
        arn,
        format!("arn:aws:wellarchitected:us-west-2:{ROLE_ACCOUNT}:workload/{id}")
    );
    assert_eq!(
        emulator.workload_count_in_account(ROLE_ACCOUNT, "us-west-2"),
        1
    );
    assert_eq!(emulator.workload_count(key, "us-west-2"), 1);
    assert_eq!(emulator.workload_count(ALICE, "us-west-2"), 0);
    assert!(is_not_found(&client_of(&emulator, ALICE, "us-west-2"), &id).await);

    // Another session of the role is the same account.
    let again = assume_role(&emulator, BOB, ROLE_FORM);
    let second = client_as(&emulator, session_credentials(&again), "us-west-2", 1);
    assert_ne!(xml_text(&again.body, "AccessKeyId"), Some(key));
    assert_eq!(listed(&second).await, [id]);

    // A reset forgets the session keys: the key is then an account of its own.
    let (status, _) = raw_request(&emulator, "POST", "/_emulator/reset");
    assert!(status.contains("200"), "{status}");
    assert_eq!(
        emulator.workload_count_in_account(ROLE_ACCOUNT, "us-west-2"),
        0
    );
    assert_eq!(listed(&second).await, Vec::<String>::new());
}

#[test]
fn a_refused_role_is_access_denied() {
    let emulator = Emulator::start(Faults::default()).expect("the emulator starts");
    emulator.refuse_role(ROLE);
    let response = assume_role(&emulator, ALICE, ROLE_FORM);
    assert_eq!(response.status(), 403, "{}", response.body);
    assert_eq!(response.header("content-type"), Some("text/xml"));
    let body = &response.body;
    assert!(
        body.starts_with("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"),
        "{body}"
    );
    assert_eq!(xml_text(body, "Type"), Some("Sender"));
    assert_eq!(xml_text(body, "Code"), Some("AccessDenied"));
    let expected = format!(
        "User: arn:aws:iam::{}:user/{ALICE} is not authorized to perform: sts:AssumeRole on resource: {ROLE}",
        account_id(ALICE)
    );
    assert_eq!(xml_text(body, "Message"), Some(expected.as_str()));
    assert!(xml_text(body, "RequestId").is_some());
    assert_eq!(emulator.requests("AssumeRole"), 1);
    assert_eq!(emulator.successes("AssumeRole"), 0);

    // Other roles are not refused; the refusal lasts until a reset.
    let other = "arn%3Aaws%3Aiam%3A%3A210987654321%3Arole%2Freader";
    assert_eq!(assume_role(&emulator, ALICE, other).status(), 200);
    emulator.reset();
    assert_eq!(assume_role(&emulator, ALICE, ROLE_FORM).status(), 200);
}

#[test]
fn bad_sts_requests_are_xml_errors() {
    let emulator = Emulator::start(Faults::default()).expect("the emulator starts");
    let cases = [
        (
            "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2F%3Cscript%3E&RoleSessionName=ok-name".to_owned(),
            "ValidationError",
        ),
        (
            format!("Action=AssumeRole&RoleArn={ROLE_FORM}&RoleSessionName=x"),
            "ValidationError",
        ),
        (
            format!("Action=AssumeRole&RoleArn={ROLE_FORM}&RoleSessionName=ok&DurationSeconds=60"),
            "ValidationError",
        ),
        ("Action=AssumeRole&RoleSessionName=ok".to_owned(), "ValidationError"),
        ("Action=AssumeRole&RoleArn=%zz".to_owned(), "ValidationError"),
        ("Action=GetCallerIdentity&Version=2011-06-15".to_owned(), "InvalidAction"),
        ("Version=2011-06-15".to_owned(), "InvalidAction"),
    ];
    for (body, code) in &cases {
        let code = *code;
        let response = sts(&emulator, ALICE, body);
        assert_eq!(response.status(), 400, "{body}: {}", response.body);
        assert_eq!(xml_text(&response.body, "Code"), Some(code), "{body}");
        assert_eq!(response.header("content-type"), Some("text/xml"));
    }
    // What is echoed is escaped.
    let response = sts(
        &emulator,
        ALICE,
        "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2F%3Cscript%3E&RoleSessionName=ok",
    );
    assert!(
        response.body.contains("role/&lt;script&gt;"),
        "{}",
        response.body
    );
    assert!(!response.body.contains("<script>"), "{}", response.body);

    // Other paths and methods are still unknown rest-json operations.
    for (method, path) in [("GET", "/"), ("POST", "/nothing"), ("DELETE", "/")] {
        let response = raw_exchange(&emulator, method, path, &[], "");
        assert_eq!(response.status(), 404, "{method} {path}");
        assert_eq!(
            response.header("x-amzn-errortype"),
            Some("UnknownOperationException")
        );
    }
}

#[test]
fn faults_reach_sts_in_its_own_format() {
    let emulator = Emulator::start(Faults::always_throttle()).expect("the emulator starts");
    let response = assume_role(&emulator, ALICE, ROLE_FORM);
    assert_eq!(response.status(), 400, "{}", response.body);
    assert_eq!(xml_text(&response.body, "Code"), Some("Throttling"));
    emulator.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    let response = assume_role(&emulator, ALICE, ROLE_FORM);
    assert_eq!(response.status(), 500, "{}", response.body);
    assert_eq!(xml_text(&response.body, "Code"), Some("InternalFailure"));
    assert_eq!(xml_text(&response.body, "Type"), Some("Receiver"));
    assert_eq!(emulator.requests("AssumeRole"), 2);
    assert_eq!(emulator.successes("AssumeRole"), 0);
    assert_eq!(
        emulator.workload_count_in_account(ROLE_ACCOUNT, "us-east-1"),
        0
    );
}

#[test]
fn the_default_key_is_the_documented_account() {
    assert_eq!(account_id("test"), "123456789012");
    let account = account_id(ALICE);
    assert_eq!(account.len(), 12);
    assert!(account.bytes().all(|b| b.is_ascii_digit()));
    // Deterministic across runs and builds: the value is pinned, not recomputed.
    assert_eq!(account, ALICE_ACCOUNT);
    assert_ne!(account, account_id(BOB));
}
