//! The Well-Architected Tool over the AWS SDK: the one module that touches it.
//!
//! Everything the SDK returns is turned here into rel04's own types
//! ([`Remote`](crate::sync::model::Remote), [`Risk`](crate::vocab::Risk)), and every SDK error
//! into an [`AwsError`]: a kind a caller can branch on, and a sentence that says what happened
//! and what to do (which IAM action is missing, which workload was not found, how to set up
//! credentials). No SDK type leaves this module.
//!
//! `connect`: the configuration, credentials, timeouts and retries; `pool`: the clients of a
//! run; `client`: the wrapper and its operations; `error`: SDK errors as rel04's; `convert`:
//! the service's shapes as rel04's types.

mod client;
mod connect;
mod convert;
mod error;
mod pool;

pub use client::{Listed, WaTool, same_name};
pub use connect::{Access, Connection, role_account};
pub use error::{AwsError, ErrorKind};
pub use pool::Clients;
