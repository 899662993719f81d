//! `wa-emulator`: a local, in-memory emulator of the AWS Well-Architected Tool API (service
//! `WellArchitected`, API version 2020-03-31, protocol rest-json).
//!
//! It serves the operations rel04 uses (workloads, lens reviews, answers, milestones) over
//! HTTP, answers errors in the service's wire format so that AWS SDKs and the AWS CLI see typed
//! errors, can inject faults (throttling, server errors, dropped connections, latency) and
//! counts requests per operation. Signatures are not checked. It is meant for tests and for
//! trying `rel04 push`/`pull` safely; nothing leaves the machine.
//!
//! - In tests: [`Emulator::start`] runs one on a free loopback port in a background thread.
//! - As a program: `wa-emulator --port 8787`, built on [`serve_until`].
//!
//! Besides the operations, two endpoints never fault: `GET /_emulator/stats` (the counters as
//! JSON) and `POST /_emulator/reset` (forget every workload and count).

mod answer;
mod app;
mod emulator;
mod errors;
mod extract;
mod faults;
mod handlers;
mod lens;
mod pagination;
mod requests;
mod server;
mod state;
mod stats;
mod validate;
mod views;

use std::future::Future;

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
