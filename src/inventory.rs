//! The inventory: every resource in scope, with its tags, from the Resource Groups Tagging API **united
//! with direct listing** of the services where agents spend. `GetResources` never shows a resource that
//! was never tagged (boto3#2586), which is exactly what an audit exists to find, so EC2 instances and
//! volumes, Lambda functions, ECS clusters and services, Auto Scaling groups, SageMaker notebook instances
//! and endpoints, EKS managed node groups, RDS DB instances and clusters, Step Functions state machines,
//! Bedrock model customization jobs and provisioned throughput, IAM roles and users, and S3 buckets are
//! also listed directly. Results are de-duplicated by ARN, and the inventory records what it covered, with
//! which source, and what failed.
//!
//! Shared by `audit` and the kill-switch. It reads only; it never changes AWS.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::aws::{self, AwsContext, Listed};
use crate::error::{Error, Result};
use crate::progress::Progress;

/// The region label of resources that live in no region (IAM) or whose region is unknown.
pub const GLOBAL: &str = "global";

/// Services the Tagging API does not serve on AWS.
const NOT_IN_TAGGING_API: [&str; 2] = ["iam", "autoscaling"];

/// How many listing calls run at once across regions and sources.
const CONCURRENCY: usize = 16;

/// One resource in the inventory.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Resource {
    pub arn: String,
    /// `service:type` as the Tagging API spells it (`ec2:instance`, `lambda:function`).
    #[serde(rename = "type")]
    pub resource_type: String,
    pub region: String,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    pub tags: BTreeMap<String, String>,
    /// Which sources saw it.
    pub sources: BTreeSet<Source>,
    /// For EC2 instances listed directly, the root device type (`ebs`, `instance-store`); for the
    /// kill-switch, not reported.
    #[serde(skip)]
    pub root_device: Option<String>,
    /// For EKS node groups listed directly, the scaling configuration; for the kill-switch, not reported.
    #[serde(skip)]
    pub sizes: Option<aws::Sizes>,
    /// For RDS DB instances and clusters listed directly, what decides whether they can be stopped; for
    /// the kill-switch, not reported.
    #[serde(skip)]
    pub database: Option<aws::Database>,
    /// For Auto Scaling groups listed directly, sizes and suspended processes; for the kill-switch.
    #[serde(skip)]
    pub group: Option<aws::autoscaling::GroupDetail>,
    /// For ECS services listed directly, the desired count; for the kill-switch.
    #[serde(skip)]
    pub service: Option<aws::ecs::ServiceDetail>,
    /// For ECS tasks listed directly, what a relaunch needs; for the kill-switch.
    #[serde(skip)]
    pub task: Option<Box<aws::ecs::TaskDetail>>,
}

/// Where a resource was seen. Serialized as its API call name, [`Source::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    TaggingApi,
    Ec2Instances,
    Ec2Volumes,
    Lambda,
    Ecs,
    EcsTasks,
    AutoScaling,
    SageMakerNotebooks,
    SageMakerEndpoints,
    Eks,
    RdsInstances,
    RdsClusters,
    StepFunctions,
    BedrockJobs,
    BedrockThroughput,
    Iam,
    S3,
}

impl Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// A source is serialised as the call it reads through (`tag:GetResources`).
#[cfg(test)]
impl schemars::JsonSchema for Source {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Source".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = Source::ALL.iter().map(|s| s.name()).collect();
        schemars::json_schema!({ "type": "string", "enum": names })
    }
}

impl Source {
    /// Every source, in the order they are reported.
    pub const ALL: [Source; 17] = [
        Source::TaggingApi,
        Source::Ec2Instances,
        Source::Ec2Volumes,
        Source::Lambda,
        Source::Ecs,
        Source::EcsTasks,
        Source::AutoScaling,
        Source::SageMakerNotebooks,
        Source::SageMakerEndpoints,
        Source::Eks,
        Source::RdsInstances,
        Source::RdsClusters,
        Source::StepFunctions,
        Source::BedrockJobs,
        Source::BedrockThroughput,
        Source::Iam,
        Source::S3,
    ];

    /// The API call, as shown in coverage tables.
    pub fn name(self) -> &'static str {
        match self {
            Source::TaggingApi => "tag:GetResources",
            Source::Ec2Instances => "ec2:DescribeInstanceStatus",
            Source::Ec2Volumes => "ec2:DescribeVolumes",
            Source::Lambda => "lambda:ListFunctions",
            Source::Ecs => "ecs:DescribeServices",
            Source::EcsTasks => "ecs:DescribeTasks",
            Source::AutoScaling => "autoscaling:DescribeAutoScalingGroups",
            Source::SageMakerNotebooks => "sagemaker:ListNotebookInstances",
            Source::SageMakerEndpoints => "sagemaker:ListEndpoints",
            Source::Eks => "eks:DescribeNodegroup",
            Source::RdsInstances => "rds:DescribeDBInstances",
            Source::RdsClusters => "rds:DescribeDBClusters",
            Source::StepFunctions => "states:ListStateMachines",
            Source::BedrockJobs => "bedrock:ListModelCustomizationJobs",
            Source::BedrockThroughput => "bedrock:ListProvisionedModelThroughputs",
            Source::Iam => "iam:GetAccountAuthorizationDetails",
            Source::S3 => "s3:ListBuckets",
        }
    }

    /// The resource types a direct source lists; empty for the Tagging API, which sees every tagged type.
    pub fn types(self) -> &'static [&'static str] {
        match self {
            Source::TaggingApi => &[],
            Source::Ec2Instances => &["ec2:instance"],
            Source::Ec2Volumes => &["ec2:volume"],
            Source::Lambda => &["lambda:function"],
            Source::Ecs => &["ecs:cluster", "ecs:service"],
            // Tasks a service did not start: a service's tasks are the service's business.
            Source::EcsTasks => &["ecs:task"],
            Source::AutoScaling => &["autoscaling:autoScalingGroup"],
            Source::SageMakerNotebooks => &["sagemaker:notebook-instance"],
            Source::SageMakerEndpoints => &["sagemaker:endpoint"],
            Source::Eks => &["eks:nodegroup"],
            Source::RdsInstances => &["rds:db"],
            Source::RdsClusters => &["rds:cluster"],
            // Their executions cannot be tagged: the kill-switch reads them from the state machines.
            Source::StepFunctions => &["states:stateMachine"],
            // Running (InProgress) jobs: finished ones bill nothing.
            Source::BedrockJobs => &["bedrock:model-customization-job"],
            Source::BedrockThroughput => &["bedrock:provisioned-model"],
            Source::Iam => &["iam:role", "iam:user"],
            Source::S3 => &["s3:bucket"],
        }
    }

    /// Global sources are listed once, not per region.
    pub fn is_global(self) -> bool {
        matches!(self, Source::Iam | Source::S3)
    }

    /// Whether this source lists anything the type filter wants.
    fn wanted(self, filter: &TypeFilter) -> bool {
        match self {
            Source::TaggingApi => true,
            _ => self.types().iter().any(|t| filter.matches(t)),
        }
    }
}

/// `--types`: `service` or `service:type` entries; empty means every type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeFilter(Vec<String>);

impl TypeFilter {
    /// Validated entries (see `config::validate_resource_type`); at most 100, the Tagging API's limit.
    pub fn new(types: Vec<String>) -> Result<Self> {
        if types.len() > 100 {
            return Err(Error::usage(format!(
                "{} resource types; the Tagging API takes at most 100, so narrow them down",
                types.len()
            )));
        }
        for t in &types {
            crate::config::validate_resource_type(t).map_err(Error::usage)?;
        }
        Ok(TypeFilter(types))
    }

    /// A filter of entries already validated (the kill-switch's own type names).
    pub(crate) fn from_valid(types: Vec<String>) -> Self {
        TypeFilter(types)
    }

    pub fn entries(&self) -> &[String] {
        &self.0
    }

    /// `ec2` matches `ec2:instance`; `ec2:instance` matches only itself.
    pub fn matches(&self, resource_type: &str) -> bool {
        self.0.is_empty()
            || self.0.iter().any(|f| {
                resource_type == f
                    || resource_type
                        .strip_prefix(f.as_str())
                        .is_some_and(|rest| rest.starts_with(':'))
            })
    }
}

/// What to inventory.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub regions: Vec<String>,
    pub types: TypeFilter,
    /// Tag filters: AND across keys, OR across one key's values.
    pub tags: Vec<(String, Vec<String>)>,
    /// List EC2 instances with `DescribeInstances` (root device type included) rather than the lighter
    /// `DescribeInstanceStatus` and `DescribeTags`: the kill-switch needs the root device type of what it
    /// stops; an audit does not.
    pub full_instances: bool,
}

/// What one source covered in one region.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Coverage {
    /// The account, in a command over several (`--accounts`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    pub source: Source,
    pub region: String,
    /// The types it lists; `["*"]` for the Tagging API (every tagged type).
    pub types: Vec<&'static str>,
    pub requests: u32,
    pub resources: usize,
    pub ok: bool,
}

/// A part of the scope that could not be read.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Gap {
    /// The account, in a command over several (`--accounts`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The source or lookup that failed (`ec2:DescribeInstanceStatus`, `lambda:ListTags`).
    pub source: String,
    pub region: String,
    /// The resource, for per-resource lookups.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    pub error: String,
}

/// The inventory of a scope.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Inventory {
    pub account: String,
    pub regions: Vec<String>,
    pub resources: Vec<Resource>,
    pub coverage: Vec<Coverage>,
    pub gaps: Vec<Gap>,
    /// AWS requests made.
    pub requests: u32,
}

/// Resolves `--regions`: `all` means every region enabled for the account; none means the configured one.
pub async fn resolve_regions(ctx: &AwsContext, requested: &[String]) -> Result<Vec<String>> {
    if requested.iter().any(|r| r == "all") {
        return aws::ec2::enabled_regions(ctx).await;
    }
    if requested.is_empty() {
        return Ok(vec![ctx.require_region()?.to_string()]);
    }
    let mut regions = requested.to_vec();
    regions.sort();
    regions.dedup();
    check_regions(ctx, &regions).await?;
    Ok(regions)
}

/// Refuses a region that is neither known offline nor enabled for the account (one DescribeRegions, only
/// when a region is not known), so that a typo scans and changes nothing.
async fn check_regions(ctx: &AwsContext, regions: &[String]) -> Result<()> {
    let unknown: Vec<&String> = regions.iter().filter(|r| !aws::regions::is_known(r)).collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let enabled = aws::ec2::enabled_regions(ctx).await.unwrap_or_default();
    let Some(bad) = unknown.iter().find(|r| !enabled.contains(r)) else {
        return Ok(());
    };
    let candidates = aws::regions::KNOWN
        .iter()
        .copied()
        .chain(enabled.iter().map(String::as_str));
    let hint = crate::text::nearest(bad, candidates)
        .map(|n| format!(" (did you mean {n}?)"))
        .unwrap_or_default();
    Err(Error::usage(format!(
        "`{}` is not an AWS region, or not one enabled for this account{hint}; nothing was read or changed",
        crate::text::escape_controls(bad)
    )))
}

/// One listing task: a source in a region (or globally).
#[derive(Debug, Clone)]
struct Task {
    source: Source,
    region: String,
}

/// Lists everything in `scope`, concurrently with a bound, and merges the results by ARN.
pub async fn collect(ctx: &AwsContext, scope: &Scope, progress: &dyn Progress) -> Result<Inventory> {
    // Who the caller is is asked alongside the listing, not before it: only the EC2 listings need the
    // account (for ARNs), and they wait for the one answer. Its error, if any, is the one reported.
    // The Tagging API serves neither IAM nor Auto Scaling (they are listed directly); a type filter naming
    // only those leaves it nothing to do, and AWS rejects filters for services it does not serve.
    let tagging_types: Vec<String> = scope
        .types
        .entries()
        .iter()
        .filter(|t| !NOT_IN_TAGGING_API.iter().any(|s| t.split(':').next() == Some(*s)))
        .cloned()
        .collect();
    let tagging_needed = scope.types.entries().is_empty() || !tagging_types.is_empty();
    let mut tasks = Vec::new();
    for source in Source::ALL
        .into_iter()
        .filter(|s| s.wanted(&scope.types))
        .filter(|s| *s != Source::TaggingApi || tagging_needed)
    {
        if source.is_global() {
            tasks.push(Task {
                source,
                region: GLOBAL.to_string(),
            });
        } else {
            tasks.extend(scope.regions.iter().map(|region| Task {
                source,
                region: region.clone(),
            }));
        }
    }
    progress.start(tasks.len() as u64, "listing");
    let listing = aws::fan_out_by(
        tasks,
        |t| t.region.clone(),
        CONCURRENCY,
        |task| {
            let tagging_types = tagging_types.clone();
            async move {
                // Under --accounts, one bound over every account's listings.
                let _permit = ctx.permit().await;
                let account = match task.source {
                    Source::Ec2Instances | Source::Ec2Volumes => match aws::sts::caller_identity(ctx).await {
                        Ok(identity) => identity.account,
                        Err(err) => {
                            progress.inc();
                            return (task, Err(err));
                        }
                    },
                    _ => String::new(),
                };
                let result = match task.source {
                    Source::TaggingApi => {
                        aws::tagging::get_resources(ctx, &task.region, &tagging_types, &scope.tags).await
                    }
                    Source::Ec2Instances if scope.full_instances => {
                        aws::ec2::instances_described(ctx, &task.region, &account).await
                    }
                    Source::Ec2Instances => aws::ec2::instances(ctx, &task.region, &account).await,
                    Source::Ec2Volumes => aws::ec2::volumes(ctx, &task.region, &account).await,
                    Source::Lambda => aws::lambda::functions(ctx, &task.region).await,
                    Source::Ecs => aws::ecs::clusters_and_services(ctx, &task.region).await,
                    Source::EcsTasks => aws::ecs::task_listing(ctx, &task.region).await,
                    Source::AutoScaling => aws::autoscaling::groups(ctx, &task.region).await,
                    Source::SageMakerNotebooks => aws::sagemaker::notebooks(ctx, &task.region).await,
                    Source::SageMakerEndpoints => aws::sagemaker::endpoints(ctx, &task.region).await,
                    Source::Eks => aws::eks::nodegroups(ctx, &task.region).await,
                    Source::RdsInstances => aws::rds::instances(ctx, &task.region).await,
                    Source::RdsClusters => aws::rds::clusters(ctx, &task.region).await,
                    Source::StepFunctions => aws::sfn::state_machines(ctx, &task.region).await,
                    Source::BedrockJobs => aws::bedrock::job_listing(ctx, &task.region).await,
                    Source::BedrockThroughput => aws::bedrock::throughputs(ctx, &task.region).await,
                    Source::Iam => aws::iam::roles_and_users(ctx).await,
                    Source::S3 => aws::s3::buckets(ctx).await,
                };
                progress.inc();
                (task, result)
            }
        },
    );
    let (identity, results) = futures::join!(aws::sts::caller_identity(ctx), listing);
    let account = identity?.account;
    progress.finish();

    let mut merged = Merger::default();
    let mut coverage = Vec::new();
    let mut gaps = Vec::new();
    let mut requests = 1; // GetCallerIdentity
    for (task, result) in results {
        let types = if task.source == Source::TaggingApi {
            vec!["*"]
        } else {
            task.source.types().to_vec()
        };
        match result {
            Ok((listed, pages)) => {
                requests += pages;
                coverage.push(Coverage {
                    account: None,
                    source: task.source,
                    region: task.region.clone(),
                    types,
                    requests: pages,
                    resources: listed.len(),
                    ok: true,
                });
                merged.add(task.source, &task.region, listed);
            }
            Err(err) => {
                coverage.push(Coverage {
                    account: None,
                    source: task.source,
                    region: task.region.clone(),
                    types,
                    requests: 0,
                    resources: 0,
                    ok: false,
                });
                // The kill-switch's full listing is DescribeInstances: name the call that failed.
                let source = match task.source {
                    Source::Ec2Instances if scope.full_instances => "ec2:DescribeInstances",
                    other => other.name(),
                };
                gaps.push(Gap {
                    account: None,
                    source: source.to_string(),
                    region: task.region.clone(),
                    arn: None,
                    error: err.to_string(),
                });
            }
        }
    }

    // Lambda functions, SageMaker notebooks and endpoints, Bedrock jobs and provisioned throughput, and
    // S3 buckets the Tagging API did not
    // return: never tagged, or not yet indexed.
    // Ask each one directly rather than guess. With a tag filter they are out of scope either way (an
    // untagged resource cannot match it, and a tagged one that does would have been returned), so no
    // request is spent on them.
    let unknown: Vec<Resource> = merged.untagged_unknown();
    let unknown = if scope.tags.is_empty() {
        unknown
    } else {
        unknown.iter().for_each(|r| merged.forget(&r.arn));
        Vec::new()
    };
    let lookups = aws::fan_out_by(
        unknown,
        |r| r.region.clone(),
        CONCURRENCY,
        |resource| async move {
            let _permit = ctx.permit().await;
            let (lookup, tags) = match resource.resource_type.as_str() {
                "lambda:function" => (
                    "lambda:ListTags",
                    aws::lambda::tags(ctx, &resource.region, &resource.arn)
                        .await
                        .map(|t| (t, 1)),
                ),
                "sagemaker:notebook-instance" | "sagemaker:endpoint" => (
                    "sagemaker:ListTags",
                    aws::sagemaker::tags(ctx, &resource.region, &resource.arn).await,
                ),
                "bedrock:model-customization-job" | "bedrock:provisioned-model" => (
                    "bedrock:ListTagsForResource",
                    aws::bedrock::tags(ctx, &resource.region, &resource.arn).await,
                ),
                _ => {
                    let region = (resource.region != GLOBAL).then_some(resource.region.as_str());
                    (
                        "s3:GetBucketTagging",
                        aws::s3::bucket_tags(ctx, &resource.id, region)
                            .await
                            .map(|t| (t, 1)),
                    )
                }
            };
            (resource, lookup, tags)
        },
    )
    .await;
    for (resource, lookup, tags) in lookups {
        match tags {
            Ok((tags, calls)) => {
                requests += calls;
                merged.set_tags(&resource.arn, tags);
            }
            Err(err) => {
                requests += 1;
                gaps.push(Gap {
                    account: None,
                    source: lookup.to_string(),
                    region: resource.region.clone(),
                    arn: Some(resource.arn.clone()),
                    error: err.to_string(),
                });
                merged.forget(&resource.arn);
            }
        }
    }

    let resources = merged
        .finish()
        .into_iter()
        .filter(|r| scope.types.matches(&r.resource_type))
        .filter(|r| matches_tags(&r.tags, &scope.tags))
        .collect();
    Ok(Inventory {
        account,
        regions: scope.regions.clone(),
        resources,
        coverage,
        gaps,
        requests,
    })
}

/// AND across keys, OR across one key's values; an empty value list only requires the key.
pub fn matches_tags(tags: &BTreeMap<String, String>, filters: &[(String, Vec<String>)]) -> bool {
    filters.iter().all(|(key, values)| {
        tags.get(key)
            .is_some_and(|v| values.is_empty() || values.iter().any(|want| want == v))
    })
}

/// Merges listings by ARN. Tags from a direct listing win over the Tagging API's (they are read from
/// the resource itself, and the Tagging API lags behind new resources).
#[derive(Debug, Default)]
struct Merger {
    by_arn: HashMap<String, (Resource, TagOrigin)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum TagOrigin {
    Unknown,
    TaggingApi,
    Direct,
}

impl Merger {
    fn add(&mut self, source: Source, task_region: &str, listed: Vec<Listed>) {
        for item in listed {
            let origin = match (&item.tags, source) {
                (None, _) => TagOrigin::Unknown,
                (Some(_), Source::TaggingApi) => TagOrigin::TaggingApi,
                (Some(_), _) => TagOrigin::Direct,
            };
            let resource_type = resource_type(&item.arn);
            let region = item
                .region
                .clone()
                .or_else(|| arn_region(&item.arn).map(str::to_string))
                .unwrap_or_else(|| {
                    // S3 buckets carry no region in their ARN; the Tagging API endpoint that returned one
                    // is where it lives (on AWS; moto returns buckets from every region).
                    if source == Source::TaggingApi && resource_type == "s3:bucket" {
                        task_region.to_string()
                    } else {
                        GLOBAL.to_string()
                    }
                });
            let entry = self.by_arn.entry(item.arn.clone()).or_insert_with(|| {
                (
                    Resource {
                        arn: item.arn.clone(),
                        resource_type,
                        region: region.clone(),
                        id: item.id.clone(),
                        name: None,
                        state: None,
                        tags: BTreeMap::new(),
                        sources: BTreeSet::new(),
                        root_device: None,
                        sizes: None,
                        database: None,
                        group: None,
                        service: None,
                        task: None,
                    },
                    TagOrigin::Unknown,
                )
            });
            let (resource, current) = entry;
            resource.sources.insert(source);
            if source != Source::TaggingApi {
                // A direct listing knows the resource best: its id, name, state and (for S3) region.
                resource.id = item.id;
                resource.name = item.name.or(resource.name.take());
                resource.state = item.state.or(resource.state.take());
                resource.root_device = item.root_device.or(resource.root_device.take());
                resource.sizes = item.sizes.or(resource.sizes.take());
                resource.database = item.database.or(resource.database.take());
                resource.group = item.group.or(resource.group.take());
                resource.service = item.service.or(resource.service.take());
                resource.task = item.task.or(resource.task.take());
                if item.region.is_some() {
                    resource.region = region;
                }
            }
            if origin > *current {
                if let Some(tags) = item.tags {
                    resource.tags = tags;
                }
                *current = origin;
            }
        }
    }

    /// Resources whose tags no source returned.
    fn untagged_unknown(&self) -> Vec<Resource> {
        let mut unknown: Vec<Resource> = self
            .by_arn
            .values()
            .filter(|(_, origin)| *origin == TagOrigin::Unknown)
            .map(|(r, _)| r.clone())
            .collect();
        unknown.sort_by(|a, b| a.arn.cmp(&b.arn));
        unknown
    }

    fn set_tags(&mut self, arn: &str, tags: BTreeMap<String, String>) {
        if let Some((resource, origin)) = self.by_arn.get_mut(arn) {
            resource.tags = tags;
            *origin = TagOrigin::Direct;
        }
    }

    fn forget(&mut self, arn: &str) {
        self.by_arn.remove(arn);
    }

    /// The resources, sorted by region, type and ARN.
    fn finish(self) -> Vec<Resource> {
        let mut resources: Vec<Resource> = self.by_arn.into_values().map(|(r, _)| r).collect();
        resources.sort_by(|a, b| {
            (a.region.as_str(), a.resource_type.as_str(), a.arn.as_str()).cmp(&(
                b.region.as_str(),
                b.resource_type.as_str(),
                b.arn.as_str(),
            ))
        });
        resources
    }
}

/// `service:type` of an ARN, as the Tagging API names resource types.
pub fn resource_type(arn: &str) -> String {
    let mut parts = arn.splitn(6, ':');
    let service = parts.nth(2).unwrap_or_default();
    let resource = arn.splitn(6, ':').nth(5).unwrap_or_default();
    let kind = match service {
        "s3" if !resource.contains('/') => "bucket",
        "sqs" => "queue",
        "sns" if !resource.contains(':') => "topic",
        _ => match resource.find(['/', ':']) {
            Some(end) => &resource[..end],
            None => return service.to_string(),
        },
    };
    format!("{service}:{kind}")
}

/// The region field of an ARN, when it has one.
fn arn_region(arn: &str) -> Option<&str> {
    arn.split(':').nth(3).filter(|r| !r.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(arn: &str, tags: Option<&[(&str, &str)]>) -> Listed {
        let mut l = Listed::new(arn, crate::aws::tagging::arn_id(arn));
        l.tags = tags.map(|t| t.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
        l
    }

    #[test]
    fn resource_types_follow_the_tagging_api() {
        let cases = [
            ("arn:aws:ec2:us-east-1:1:instance/i-1", "ec2:instance"),
            ("arn:aws:ec2:us-east-1:1:volume/vol-1", "ec2:volume"),
            ("arn:aws:lambda:us-east-1:1:function:f", "lambda:function"),
            ("arn:aws:ecs:us-east-1:1:service/c/s", "ecs:service"),
            ("arn:aws:ecs:us-east-1:1:cluster/c", "ecs:cluster"),
            ("arn:aws:s3:::bucket", "s3:bucket"),
            ("arn:aws:iam::1:role/path/r", "iam:role"),
            (
                "arn:aws:autoscaling:us-east-1:1:autoScalingGroup:uuid:autoScalingGroupName/g",
                "autoscaling:autoScalingGroup",
            ),
            ("arn:aws:sqs:us-east-1:1:queue-name", "sqs:queue"),
            ("arn:aws:sns:us-east-1:1:topic-name", "sns:topic"),
            ("arn:aws:dynamodb:us-east-1:1:table/t", "dynamodb:table"),
        ];
        for (arn, want) in cases {
            assert_eq!(resource_type(arn), want, "{arn}");
        }
    }

    #[test]
    fn type_filter_matches_services_and_exact_types() {
        let filter = TypeFilter::new(vec!["ec2:instance".into(), "lambda".into()]).expect("valid");
        assert!(filter.matches("ec2:instance"));
        assert!(!filter.matches("ec2:volume"));
        assert!(filter.matches("lambda:function"));
        assert!(!filter.matches("lambdax:function"));
        assert!(TypeFilter::default().matches("anything:at-all"));
        assert!(TypeFilter::new(vec!["Bad Type".into()]).is_err());
        assert!(TypeFilter::new((0..101).map(|i| format!("s{i}")).collect()).is_err());
    }

    #[test]
    fn direct_tags_win_and_sources_accumulate() {
        let arn = "arn:aws:ec2:us-east-1:1:instance/i-1";
        let mut merger = Merger::default();
        merger.add(
            Source::TaggingApi,
            "us-east-1",
            vec![listed(arn, Some(&[("agent-name", "stale")]))],
        );
        merger.add(
            Source::Ec2Instances,
            "us-east-1",
            vec![listed(arn, Some(&[("agent-name", "fresh")]))],
        );
        merger.add(
            Source::TaggingApi,
            "us-east-1",
            vec![listed(arn, Some(&[("agent-name", "stale2")]))],
        );
        let resources = merger.finish();
        assert_eq!(resources.len(), 1);
        assert_eq!(resources[0].tags["agent-name"], "fresh");
        assert_eq!(
            resources[0].sources,
            BTreeSet::from([Source::TaggingApi, Source::Ec2Instances])
        );
    }

    #[test]
    fn s3_buckets_from_several_regions_are_one_resource() {
        let arn = "arn:aws:s3:::shared-bucket";
        let mut merger = Merger::default();
        merger.add(
            Source::TaggingApi,
            "us-east-1",
            vec![listed(arn, Some(&[("agent-name", "a")]))],
        );
        merger.add(
            Source::TaggingApi,
            "eu-west-1",
            vec![listed(arn, Some(&[("agent-name", "a")]))],
        );
        let mut from_s3 = listed(arn, None);
        from_s3.region = Some("eu-west-1".into());
        merger.add(Source::S3, GLOBAL, vec![from_s3]);
        assert!(merger.untagged_unknown().is_empty());
        let resources = merger.finish();
        assert_eq!(resources.len(), 1);
        assert_eq!(resources[0].region, "eu-west-1");
        assert_eq!(resources[0].tags["agent-name"], "a");
    }

    #[test]
    fn resources_without_tags_from_any_source_need_a_lookup() {
        let mut merger = Merger::default();
        merger.add(
            Source::Lambda,
            "us-east-1",
            vec![listed("arn:aws:lambda:us-east-1:1:function:f", None)],
        );
        let unknown = merger.untagged_unknown();
        assert_eq!(unknown.len(), 1);
        merger.set_tags(&unknown[0].arn, BTreeMap::new());
        assert!(merger.untagged_unknown().is_empty());
    }

    #[test]
    fn tag_filters_and_across_keys_or_within_one() {
        let tags: BTreeMap<String, String> = [("agent-name", "a"), ("team", "x")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert!(matches_tags(&tags, &[]));
        assert!(matches_tags(
            &tags,
            &[("agent-name".into(), vec!["b".into(), "a".into()])]
        ));
        assert!(!matches_tags(
            &tags,
            &[
                ("agent-name".into(), vec!["a".into()]),
                ("team".into(), vec!["y".into()])
            ]
        ));
        assert!(matches_tags(&tags, &[("team".into(), vec![])]));
        assert!(!matches_tags(&tags, &[("missing".into(), vec![])]));
    }
}
