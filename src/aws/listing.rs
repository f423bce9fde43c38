//! The plain record every listing adapter returns: one resource as one AWS call saw it.

use std::collections::BTreeMap;

/// A resource as one AWS listing call saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub arn: String,
    /// The short id (`i-0abc`, the function name, the bucket name).
    pub id: String,
    /// A human name where the service has one distinct from the id (the `Name` tag of an instance).
    pub name: Option<String>,
    /// The tags, when the listing call returns them; `None` when it does not (Lambda, S3), and they must
    /// come from the Tagging API or a per-resource lookup.
    pub tags: Option<BTreeMap<String, String>>,
    /// A state worth showing (`running`, `stopped`, `ACTIVE`).
    pub state: Option<String>,
    /// The region the resource lives in, for global listings that know it (S3 buckets).
    pub region: Option<String>,
    /// For EC2 instances, the root device type (`ebs` or `instance-store`), so that the kill-switch
    /// need not describe them again.
    pub root_device: Option<String>,
    /// For EKS node groups, the scaling configuration, so that the kill-switch need not describe them
    /// again.
    pub sizes: Option<Sizes>,
    /// For RDS DB instances and clusters, what decides whether they can be stopped, so that the
    /// kill-switch need not describe them again.
    pub database: Option<Database>,
    /// For Auto Scaling groups, sizes and suspended processes, so that the kill-switch need not describe
    /// them again.
    pub group: Option<super::autoscaling::GroupDetail>,
    /// For ECS services, the desired count, so that the kill-switch need not describe them again.
    pub service: Option<super::ecs::ServiceDetail>,
    /// For ECS tasks, what a relaunch needs, so that the kill-switch need not describe them again.
    pub task: Option<Box<super::ecs::TaskDetail>>,
}

/// What decides whether an RDS DB instance or cluster can be stopped
/// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_StopInstance.html,
/// https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-cluster-stop-start.html).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Database {
    /// `mysql`, `postgres`, `sqlserver-se`, `aurora-postgresql`, ...
    pub engine: String,
    /// For an instance, the DB cluster it belongs to (it is stopped and started with its cluster).
    pub cluster: Option<String>,
    /// The source of a read replica (an instance, or for a cluster its replication source).
    pub replica_of: Option<String>,
    /// How many read replicas an instance has.
    pub replicas: usize,
    pub multi_az: bool,
    /// For a cluster, `provisioned`, `serverless` (Aurora Serverless v1), ...
    pub engine_mode: Option<String>,
    /// For a cluster, the Aurora global database it belongs to.
    pub global_cluster: Option<String>,
}

/// An EKS node group's scaling configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    pub min: i32,
    pub desired: i32,
    pub max: i32,
}

impl Listed {
    pub fn new(arn: impl Into<String>, id: impl Into<String>) -> Self {
        Listed {
            arn: arn.into(),
            id: id.into(),
            name: None,
            tags: None,
            state: None,
            region: None,
            root_device: None,
            sizes: None,
            database: None,
            group: None,
            service: None,
            task: None,
        }
    }
}

/// Builds a tag map from SDK key/value pairs, skipping entries without a key.
pub(crate) fn tag_map<'a>(
    pairs: impl IntoIterator<Item = (Option<&'a str>, Option<&'a str>)>,
) -> BTreeMap<String, String> {
    pairs
        .into_iter()
        .filter_map(|(k, v)| k.map(|k| (k.to_string(), v.unwrap_or_default().to_string())))
        .collect()
}
