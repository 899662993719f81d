//! The state split as AWS splits it: one [`Store`] per account and Region, so that a workload
//! created with one key, or in one Region, is invisible to another key or Region.
//!
//! Workload ids are unique across every partition, so that the test API can find a workload by
//! its id alone.

use std::collections::HashMap;

use crate::accounts::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCOUNT_ID};
use crate::errors::ApiError;
use crate::extract::DEFAULT_REGION;
use crate::state::{NewWorkload, Store, Workload, workload_not_found};

/// An account in a Region: what a request's credentials and signing Region select.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Partition {
    pub account: String,
    pub region: String,
}

impl Partition {
    pub fn new(account: impl Into<String>, region: impl Into<String>) -> Self {
        Self {
            account: account.into(),
            region: region.into(),
        }
    }
}

impl Default for Partition {
    /// The partition of unsigned requests and of key `test`: account `123456789012` in
    /// `us-east-1`, where the test API's `create_workload` puts workloads.
    fn default() -> Self {
        debug_assert_eq!(
            crate::accounts::account_id(DEFAULT_ACCESS_KEY_ID),
            DEFAULT_ACCOUNT_ID
        );
        Self::new(DEFAULT_ACCOUNT_ID, DEFAULT_REGION)
    }
}

/// Every partition's store, each created on first use.
#[derive(Debug, Default)]
pub(crate) struct Stores {
    partitions: HashMap<Partition, Store>,
}

impl Stores {
    /// The store of `partition`, created empty if this is its first use.
    pub fn store(&mut self, partition: &Partition) -> &mut Store {
        self.partitions
            .entry(partition.clone())
            .or_insert_with(|| Store::new(&partition.account, &partition.region))
    }

    /// The store of `partition` if it was ever used; reading does not create one.
    pub fn existing(&self, partition: &Partition) -> Option<&Store> {
        self.partitions.get(partition)
    }

    /// Creates a workload in `partition` with an id no partition uses; a token already seen
    /// in that partition returns the workload it created.
    pub fn create_workload(
        &mut self,
        partition: &Partition,
        new: NewWorkload,
        token: Option<&str>,
    ) -> Result<&Workload, ApiError> {
        let id = self.unused_workload_id();
        self.store(partition).create_workload(new, id, token)
    }

    /// The store holding the workload `workload_id`, whichever partition it is in.
    pub fn holding(&self, workload_id: &str) -> Result<&Store, ApiError> {
        self.partitions
            .values()
            .find(|store| store.contains(workload_id))
            .ok_or_else(|| workload_not_found(workload_id))
    }

    /// Like [`Stores::holding`], to change the workload.
    pub fn holding_mut(&mut self, workload_id: &str) -> Result<&mut Store, ApiError> {
        self.partitions
            .values_mut()
            .find(|store| store.contains(workload_id))
            .ok_or_else(|| workload_not_found(workload_id))
    }

    /// The number of workloads in every partition together.
    pub fn workload_count(&self) -> usize {
        self.partitions
            .values()
            .map(|store| store.workloads().count())
            .sum()
    }

    /// The number of workloads in `partition`.
    pub fn workload_count_in(&self, partition: &Partition) -> usize {
        self.existing(partition)
            .map_or(0, |store| store.workloads().count())
    }

    /// A random 32-hex-digit id that no workload of any partition has.
    fn unused_workload_id(&self) -> String {
        loop {
            let id = format!("{:032x}", fastrand::u128(..));
            if self.partitions.values().all(|store| !store.contains(&id)) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lens::{self, WELL_ARCHITECTED};
    use crate::state::WorkloadProperties;

    fn new_workload(name: &str) -> NewWorkload {
        NewWorkload {
            name: name.to_owned(),
            properties: WorkloadProperties::default(),
            lenses: vec![lens::find(WELL_ARCHITECTED).expect("the lens exists")],
        }
    }

    fn create(stores: &mut Stores, partition: &Partition, name: &str) -> String {
        stores
            .create_workload(partition, new_workload(name), None)
            .map(|w| w.id.clone())
            .expect("created")
    }

    #[test]
    fn partitions_do_not_see_each_other() {
        let mut stores = Stores::default();
        let home = Partition::default();
        let abroad = Partition::new(DEFAULT_ACCOUNT_ID, "eu-west-1");
        let other = Partition::new("000000000042", DEFAULT_REGION);
        let id = create(&mut stores, &home, "same name");
        // The same name is free in another partition.
        let abroad_id = create(&mut stores, &abroad, "same name");
        create(&mut stores, &other, "same name");
        assert!(stores.store(&home).contains(&id));
        assert!(!stores.store(&abroad).contains(&id));
        assert!(!stores.store(&other).contains(&id));
        assert_eq!(stores.workload_count(), 3);
        assert_eq!(stores.workload_count_in(&home), 1);
        assert_eq!(
            stores
                .holding(&abroad_id)
                .expect("held")
                .workloads()
                .count(),
            1
        );
        let arn = &stores
            .store(&abroad)
            .workload(&abroad_id)
            .expect("exists")
            .arn;
        assert_eq!(
            *arn,
            format!("arn:aws:wellarchitected:eu-west-1:123456789012:workload/{abroad_id}")
        );
    }

    #[test]
    fn unknown_ids_are_in_no_partition() {
        let mut stores = Stores::default();
        assert!(stores.holding("0123").is_err());
        assert!(stores.holding_mut("0123").is_err());
        assert_eq!(stores.workload_count_in(&Partition::default()), 0);
        assert!(stores.existing(&Partition::default()).is_none());
    }
}
