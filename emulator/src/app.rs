//! The state every request shares: the store, the fault injector and the counters.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::faults::{FaultInjector, Faults};
use crate::state::Store;
use crate::stats::Stats;

/// Shared by the server's tasks and the [`crate::Emulator`] handle.
pub(crate) type AppState = Arc<App>;

#[derive(Debug)]
pub(crate) struct App {
    store: Mutex<Store>,
    faults: Mutex<FaultInjector>,
    stats: Mutex<Stats>,
}

impl App {
    pub fn new(faults: Faults) -> AppState {
        Arc::new(Self {
            store: Mutex::new(Store::default()),
            faults: Mutex::new(FaultInjector::new(faults)),
            stats: Mutex::new(Stats::default()),
        })
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    pub fn faults(&self) -> MutexGuard<'_, FaultInjector> {
        lock(&self.faults)
    }

    pub fn stats(&self) -> MutexGuard<'_, Stats> {
        lock(&self.stats)
    }

    /// Forgets every workload and every count; the faults stay.
    pub fn reset(&self) {
        *self.store() = Store::default();
        self.stats().reset();
    }
}

/// Locks a mutex; a panic elsewhere while it was held does not make the state unusable
/// (every change is applied whole, see [`crate::state`]).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
