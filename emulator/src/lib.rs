//! `wa-emulator`: a local, in-memory emulator of the AWS Well-Architected Tool API (service
//! `WellArchitected`, API version 2020-03-31, protocol rest-json).
//!
//! It serves the operations rel04 uses (workloads, lens reviews, answers, milestones) over
//! HTTP, answers errors in the service's wire format so that AWS SDKs and the AWS CLI see typed
//! errors, can inject faults (throttling, server errors, dropped connections, latency) and
//! counts requests per operation. It is meant for tests and for trying `rel04 push`/`pull`
//! safely; nothing leaves the machine.
//!
//! - In tests: [`Emulator::start`] runs one on a free loopback port in a background thread.
//! - As a program: `wa-emulator --port 8787`, built on [`serve_until`].
//!
//! **Accounts and Regions.** Signatures are not checked, but the SigV4 `Authorization` header
//! is read: its access key id selects the account and its credential scope the Region, and each
//! (account, Region) has its own workloads, as in AWS. A long-term key is an account of its own
//! ([`account_id`]: key `test` is `123456789012`, any other a hash of the key); an unsigned
//! request is key `test` in `us-east-1`.
//!
//! **STS AssumeRole.** `POST /` answers STS's `AssumeRole` (query protocol), so that a client
//! configured to assume a role reaches the emulator through the same endpoint URL. The
//! credentials issued (`ASIA...`) belong to the role's account; [`Emulator::refuse_role`] makes
//! a role's AssumeRole answer `403 AccessDenied`.
//!
//! **Test API.** [`Emulator`] reaches into the state without requests: `create_workload` (key
//! `test`, `us-east-1`), `create_workload_at` (any key and Region), `workload_count`,
//! `workload_count_in_account`, `answer`, `edit_answer`, `rename_workload`, `refuse_role`, the
//! request counters, `set_faults` and `reset`.
//!
//! Besides the operations, two endpoints never fault: `GET /_emulator/stats` (the counters as
//! JSON) and `POST /_emulator/reset` (forget every workload, session key, refused role and
//! count).

mod accounts;
mod answer;
mod app;
mod emulator;
mod errors;
mod extract;
mod faults;
mod handlers;
mod lens;
mod pagination;
mod partitions;
mod requests;
mod server;
mod state;
mod stats;
mod sts;
mod validate;
mod views;

use std::future::Future;

pub use accounts::account_id;
pub use emulator::Emulator;
pub use faults::Faults;

/// Serves the API on `listener` with `faults`, forever.
pub async fn serve(listener: tokio::net::TcpListener, faults: Faults) {
    serve_until(listener, faults, std::future::pending()).await;
}

/// Serves the API on `listener` with `faults` until `shutdown` completes.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    faults: Faults,
    shutdown: impl Future<Output = ()>,
) {
    server::run(listener, app::App::new(faults), shutdown).await;
}
