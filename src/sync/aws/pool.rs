//! The clients of a run: one per access (profile, role) and Region, made from the loaded
//! configuration before any work starts and shared by every file.

use std::collections::HashMap;
use std::sync::Arc;

use aws_config::Region;
use aws_sdk_wellarchitected::Client;
use aws_sdk_wellarchitected::config::retry::RetryPartition;

use super::client::WaTool;
use super::connect::{Access, Connection, Limits, NotTheService, Shared, Unreachable};
use super::error::{AwsError, ErrorKind};
use crate::answers::Workload;
use crate::catalogue::Catalogue;

impl Connection {
    /// A client for one file: its access, and `--region`, else the file's Region, else the
    /// configured default.
    pub async fn connect(
        &self,
        catalogue: &Catalogue,
        workload: &Workload,
    ) -> Result<WaTool, AwsError> {
        self.load(catalogue, &self.access(workload))
            .await?
            .client(workload.aws_region.as_deref(), Limits::unbounded())
    }
}

impl Shared {
    /// A client for `--region`, else `region` (the file's), else the configured default, its
    /// requests in flight bounded by `limits`.
    fn client(&self, region: Option<&str>, limits: Limits) -> Result<WaTool, AwsError> {
        let wanted = self.region_flag.as_deref().or(region);
        let region = match (wanted, self.config.region()) {
            (Some(region), _) => Region::new(region.to_string()),
            (None, Some(configured)) => configured.clone(),
            (None, None) => {
                return Err(AwsError::new(
                    ErrorKind::NoRegion,
                    "no AWS Region: pass --region (for example --region us-east-1), set AWS_REGION, or set a region in your AWS profile".to_string(),
                ));
            }
        };
        // One retry partition (retry quota and rate limiter) per account and Region: the
        // service throttles per account and Region, so those requests slow down together.
        let partition = RetryPartition::new(format!("rel04 {} {region}", self.access.describe()));
        // The endpoint is the Well-Architected Tool's only: the credential providers (STS
        // for a role, SSO) keep theirs (AWS_ENDPOINT_URL_STS moves STS).
        let mut config = aws_sdk_wellarchitected::config::Builder::from(&self.config)
            .region(region.clone())
            .retry_classifier(NotTheService)
            .retry_classifier(Unreachable)
            .retry_partition(partition);
        if let Some(url) = &self.endpoint_url {
            config = config.endpoint_url(url);
        }
        let config = config.build();
        let endpoint = match &self.endpoint_url {
            Some(url) => url.clone(),
            None => format!("the Well-Architected Tool in {region}"),
        };
        Ok(WaTool {
            client: Client::from_conf(config),
            region: region.to_string(),
            endpoint,
            lens: self.lens.clone(),
            access: self.access.clone(),
            directory: Arc::default(),
            created: Arc::default(),
            limits,
        })
    }
}

/// One client per access (profile, role) and Region, made before any work starts and shared
/// by every file of a run: one connection pool, one credential lookup and one workload list
/// per client, and a failure to connect is found once, not once per file.
#[derive(Debug)]
pub struct Clients {
    connection: Connection,
    by_place: HashMap<(Access, Option<String>), Result<WaTool, AwsError>>,
}

impl Clients {
    /// Loads the configuration once per access, then makes a client for each distinct access
    /// and Region the files name (the command line's flags override them all). At most `jobs`
    /// requests are in flight at once, and `jobs_per_client` of one client: the service's
    /// quotas are per account and Region.
    pub async fn connect<'a>(
        connection: &Connection,
        catalogue: &Catalogue,
        workloads: impl IntoIterator<Item = &'a Workload>,
        jobs: usize,
        jobs_per_client: usize,
    ) -> Clients {
        let total = Arc::new(tokio::sync::Semaphore::new(jobs.max(1)));
        let mut shared: HashMap<Access, Result<Shared, AwsError>> = HashMap::new();
        let mut by_place = HashMap::new();
        for workload in workloads {
            let key = place(connection, workload);
            if by_place.contains_key(&key) {
                continue;
            }
            let (access, region) = &key;
            if !shared.contains_key(access) {
                let loaded = connection.load(catalogue, access).await;
                shared.insert(access.clone(), loaded);
            }
            let limits = Limits {
                total: Arc::clone(&total),
                client: Arc::new(tokio::sync::Semaphore::new(jobs_per_client.max(1))),
                down: Arc::default(),
            };
            let tool = match &shared[access] {
                Ok(shared) => shared.client(region.as_deref(), limits),
                Err(e) => Err(e.clone()),
            };
            by_place.insert(key, tool);
        }
        Clients {
            connection: connection.clone(),
            by_place,
        }
    }

    /// The client for a file's workload.
    pub fn get(&self, workload: &Workload) -> Result<&WaTool, AwsError> {
        match self.by_place.get(&place(&self.connection, workload)) {
            Some(Ok(tool)) => Ok(tool),
            Some(Err(e)) => Err(e.clone()),
            None => Err(AwsError::new(
                ErrorKind::Other,
                "no client was made for this workload's access and Region (a defect in rel04, please report it)"
                    .to_string(),
            )),
        }
    }
}

/// The client a workload needs: its access, and `--region`, else the file's Region.
fn place(connection: &Connection, workload: &Workload) -> (Access, Option<String>) {
    (
        connection.access(workload),
        connection.region.clone().or(workload.aws_region.clone()),
    )
}
