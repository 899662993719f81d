//! Per-operation counters: requests received (faulted ones included) and requests answered 2xx.

use std::collections::BTreeMap;

use serde::Serialize;

/// The counters of one operation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Counts {
    pub requests: u64,
    pub successes: u64,
}

/// The counters of every operation called so far.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    operations: BTreeMap<&'static str, Counts>,
}

impl Stats {
    pub fn record_request(&mut self, operation: &'static str) {
        self.operations.entry(operation).or_default().requests += 1;
    }

    pub fn record_success(&mut self, operation: &'static str) {
        self.operations.entry(operation).or_default().successes += 1;
    }

    /// The counters of `operation` (zero if it was never called).
    pub fn counts(&self, operation: &str) -> Counts {
        self.operations.get(operation).copied().unwrap_or_default()
    }

    /// Every operation's counters, by name.
    pub fn all(&self) -> &BTreeMap<&'static str, Counts> {
        &self.operations
    }

    pub fn reset(&mut self) {
        self.operations.clear();
    }
}
