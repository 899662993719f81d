//! The state every request shares: the stores of every partition, the identities (session keys
//! and refused roles), the fault injector and the counters.
//!
//! Each lives behind its own mutex, and no code holds two of them at once, so there is no lock
//! order to get wrong.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::accounts::Identities;
use crate::faults::{FaultInjector, Faults};
use crate::partitions::Stores;
use crate::stats::Stats;

/// Shared by the server's tasks and the [`crate::Emulator`] handle.
pub(crate) type AppState = Arc<App>;

#[derive(Debug)]
pub(crate) struct App {
    stores: Mutex<Stores>,
    identities: Mutex<Identities>,
    faults: Mutex<FaultInjector>,
    stats: Mutex<Stats>,
}

impl App {
    pub fn new(faults: Faults) -> AppState {
        Arc::new(Self {
            stores: Mutex::new(Stores::default()),
            identities: Mutex::new(Identities::default()),
            faults: Mutex::new(FaultInjector::new(faults)),
            stats: Mutex::new(Stats::default()),
        })
    }

    pub fn stores(&self) -> MutexGuard<'_, Stores> {
        lock(&self.stores)
    }

    pub fn identities(&self) -> MutexGuard<'_, Identities> {
        lock(&self.identities)
    }

    pub fn faults(&self) -> MutexGuard<'_, FaultInjector> {
        lock(&self.faults)
    }

    pub fn stats(&self) -> MutexGuard<'_, Stats> {
        lock(&self.stats)
    }

    /// Forgets every workload of every partition, every issued session key, every refused role
    /// and every count; the faults stay.
    pub fn reset(&self) {
        *self.stores() = Stores::default();
        *self.identities() = Identities::default();
        self.stats().reset();
    }
}

/// Locks a mutex; a panic elsewhere while it was held does not make the state unusable
/// (every change is applied whole, see [`crate::state`]).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
