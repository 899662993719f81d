//! [`Emulator`]: a server on a free loopback port, in a background thread with its own tokio
//! runtime, and direct access to its state for tests.
//!
//! The state is partitioned by account and Region (see [`crate::partitions`]). The methods
//! that create a workload without naming a key use the default partition: key `test`, account
//! `123456789012`, `us-east-1`. The methods that take a workload id find it in whichever
//! partition holds it (ids are unique across partitions).

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::thread::JoinHandle;

use serde_json::Value;
use tokio::sync::oneshot;

use crate::app::{App, AppState};
use crate::extract::is_plausible_region;
use crate::faults::Faults;
use crate::lens::{self, REL04_QUESTION, WELL_ARCHITECTED};
use crate::partitions::Partition;
use crate::requests::UpdateAnswerInput;
use crate::state::{NewWorkload, WorkloadProperties};
use crate::{server, validate, views};

/// A running emulator. Dropping it shuts the server down.
///
/// ```no_run
/// let emulator = wa_emulator::Emulator::start(wa_emulator::Faults::default())?;
/// let endpoint = emulator.endpoint_url(); // give it to the SDK as its endpoint URL
/// let workload_id = emulator.create_workload("checkout"); // key `test`, us-east-1
/// let other = emulator.create_workload_at("AKIAOTHER", "eu-west-1", "checkout");
/// assert_eq!(emulator.workload_count("test", "us-east-1"), 1);
/// emulator.refuse_role("arn:aws:iam::210987654321:role/no-entry");
/// assert_eq!(emulator.requests("UpdateAnswer"), 0);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct Emulator {
    address: SocketAddr,
    app: AppState,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Starts on 127.0.0.1 on a free port, in a background thread with its own tokio runtime;
    /// usable from sync and async tests alike.
    pub fn start(faults: Faults) -> io::Result<Emulator> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let listener = {
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let app = App::new(faults);
        let (shutdown, stop) = oneshot::channel::<()>();
        let server_app = app.clone();
        let thread = std::thread::Builder::new()
            .name(format!("wa-emulator-{}", address.port()))
            .spawn(move || {
                runtime.block_on(server::run(listener, server_app, async {
                    // Either a message or the handle dropped without sending: stop both ways.
                    let _ = stop.await;
                }));
            })?;
        Ok(Emulator {
            address,
            app,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Replaces the faults; the generator restarts from the new seed.
    pub fn set_faults(&self, faults: Faults) {
        self.app.faults().set(faults);
    }

    /// Requests received for `operation` (for example `"UpdateAnswer"`), faulted ones included.
    pub fn requests(&self, operation: &str) -> u64 {
        self.app.stats().counts(operation).requests
    }

    /// Requests for `operation` answered with a 2xx status.
    pub fn successes(&self, operation: &str) -> u64 {
        self.app.stats().counts(operation).successes
    }

    /// Forgets every count, keeps the workloads: to count what one command does.
    pub fn reset_counts(&self) {
        self.app.stats().reset();
    }

    /// Forgets every workload of every partition, every session key issued by AssumeRole,
    /// every refused role and every count (the faults stay).
    pub fn reset(&self) {
        self.app.reset();
    }

    /// Creates a workload directly in the state (no request is counted), with the
    /// `wellarchitected` lens associated, and returns its id. It belongs to key `test`
    /// (account `123456789012`) in `us-east-1`, where unsigned requests and the SDK with
    /// credentials `test` in `us-east-1` see it.
    ///
    /// # Panics
    /// If `name` is not 3 to 100 characters long or is already taken: a bug in the test.
    pub fn create_workload(&self, name: &str) -> String {
        self.create_workload_with_lens(name, lens::WELL_ARCHITECTED)
    }

    /// Like [`Emulator::create_workload`], with another lens (such as `serverless`) instead of
    /// `wellarchitected`: a workload that has no REL 4 answer until the lens is associated.
    pub fn create_workload_with_lens(&self, name: &str, lens_alias: &str) -> String {
        self.create_workload_in(&Partition::default(), name, lens_alias)
    }

    /// Like [`Emulator::create_workload`], in the partition that requests signed with
    /// `access_key_id` for `region` see: the key's own account for a long-term key (see
    /// [`crate::account_id`]), or the role's account for a session key issued by AssumeRole.
    ///
    /// # Panics
    /// If `region` is not a plausible Region name (lowercase letters, digits and dashes), or as
    /// [`Emulator::create_workload`] does.
    pub fn create_workload_at(&self, access_key_id: &str, region: &str, name: &str) -> String {
        assert!(
            is_plausible_region(region),
            "Emulator::create_workload_at: {region:?} is not a Region"
        );
        let partition = self.partition_of(access_key_id, region);
        self.create_workload_in(&partition, name, lens::WELL_ARCHITECTED)
    }

    /// The number of workloads that ListWorkloads signed with `access_key_id` for `region`
    /// would list (keys resolved as in [`Emulator::create_workload_at`]).
    pub fn workload_count(&self, access_key_id: &str, region: &str) -> usize {
        let partition = self.partition_of(access_key_id, region);
        self.app.stores().workload_count_in(&partition)
    }

    /// The number of workloads of account `account` (12 digits) in `region`: what a test that
    /// assumed a role checks, without holding the session key.
    pub fn workload_count_in_account(&self, account: &str, region: &str) -> usize {
        let partition = Partition::new(account, region);
        self.app.stores().workload_count_in(&partition)
    }

    /// From now on (until [`Emulator::reset`]), STS AssumeRole of `role_arn` answers
    /// `403 AccessDenied`, as for a role whose trust policy does not name the caller.
    pub fn refuse_role(&self, role_arn: &str) {
        self.app.identities().refuse(role_arn);
    }

    /// The partition requests signed with `access_key_id` for `region` use.
    fn partition_of(&self, access_key_id: &str, region: &str) -> Partition {
        let account = self.app.identities().account_of(access_key_id);
        Partition::new(account, region)
    }

    /// Creates a workload with `lens_alias` in `partition`; panics as
    /// [`Emulator::create_workload`] documents.
    fn create_workload_in(&self, partition: &Partition, name: &str, lens_alias: &str) -> String {
        let lens = lens::find(lens_alias).unwrap_or_else(|| {
            panic!("Emulator::create_workload_with_lens: no lens {lens_alias:?}")
        });
        let workload = NewWorkload {
            name: name.to_owned(),
            properties: WorkloadProperties {
                description: "Created through the emulator's test API".to_owned(),
                environment: "PREPRODUCTION".to_owned(),
                review_owner: "wa-emulator".to_owned(),
                aws_regions: vec![partition.region.clone()],
                ..WorkloadProperties::default()
            },
            lenses: vec![lens],
        };
        validate::length("WorkloadName", name, 3, 100)
            .and_then(|()| {
                self.app
                    .stores()
                    .create_workload(partition, workload, None)
                    .map(|w| w.id.clone())
            })
            .unwrap_or_else(|error| {
                panic!("Emulator::create_workload({name:?}): {}", error.message())
            })
    }

    /// The REL 4 answer of a workload, as GetAnswer's `Answer` object; `None` if the workload
    /// does not exist or does not have the `wellarchitected` lens.
    pub fn answer(&self, workload_id: &str) -> Option<Value> {
        let stores = self.app.stores();
        let review = stores
            .holding(workload_id)
            .ok()?
            .workload(workload_id)
            .ok()?
            .review(WELL_ARCHITECTED)
            .ok()?;
        let (question, answer) = review.answer(REL04_QUESTION).ok()?;
        serde_json::to_value(views::answer(review.lens, question, answer)).ok()
    }

    /// Renames a workload directly in the state, as someone would in the console (no request
    /// is counted). Returns the error's message when the name is taken or the id unknown.
    pub fn rename_workload(&self, workload_id: &str, name: &str) -> Result<(), String> {
        validate::length("WorkloadName", name, 3, 100).map_err(|e| e.message())?;
        self.app
            .stores()
            .holding_mut(workload_id)
            .and_then(|store| store.update_workload(workload_id, Some(name.to_owned()), |_| {}))
            .map(|_| ())
            .map_err(|e| e.message())
    }

    /// Changes the REL 4 answer of a workload directly in the state, as someone editing it in
    /// the console would (no request is counted). `update` is an UpdateAnswer request body,
    /// for example `{"SelectedChoices": ["rel_prevent_interaction_failure_no"]}`, with the same
    /// rules. Returns the new answer as GetAnswer's `Answer` object, or the error's message.
    pub fn edit_answer(&self, workload_id: &str, update: Value) -> Result<Value, String> {
        let input: UpdateAnswerInput = serde_json::from_value(update).map_err(|e| e.to_string())?;
        let update = input.validate().map_err(|e| e.message())?;
        let mut stores = self.app.stores();
        let (lens, question, answer) = stores
            .holding_mut(workload_id)
            .and_then(|store| {
                store.update_answer(workload_id, WELL_ARCHITECTED, REL04_QUESTION, &update)
            })
            .map_err(|e| e.message())?;
        serde_json::to_value(views::answer(lens, question, answer)).map_err(|e| e.to_string())
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
