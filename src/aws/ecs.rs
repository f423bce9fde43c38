//! ECS: clusters and services with tags (Describe* with `include=TAGS`), in the largest batches the API
//! allows: 100 clusters, 10 services a call.

use aws_sdk_ecs::types::{ClusterField, ServiceField};

use super::listing::{Listed, tag_map};
use super::{AwsContext, sdk_error};
use crate::error::Result;

/// How many clusters' services are listed at once.
const CLUSTER_CONCURRENCY: usize = 8;

/// Clusters and services in `region`, with tags; the second value counts requests.
pub async fn clusters_and_services(ctx: &AwsContext, region: &str) -> Result<(Vec<Listed>, u32)> {
    let client = ctx.ecs(region);
    let (cluster_arns, mut requests) = cluster_arns(ctx, region).await?;
    let mut out = Vec::new();
    for chunk in cluster_arns.chunks(100) {
        let described = client
            .describe_clusters()
            .set_clusters(Some(chunk.to_vec()))
            .include(ClusterField::Tags)
            .send()
            .await
            .map_err(|e| sdk_error("ecs", "DescribeClusters", Some(region), e))?;
        requests += 1;
        for cluster in described.clusters() {
            let (Some(arn), Some(name)) = (cluster.cluster_arn(), cluster.cluster_name()) else {
                continue;
            };
            let mut listed = Listed::new(arn, name);
            listed.tags = Some(tag_map(cluster.tags().iter().map(|t| (t.key(), t.value()))));
            listed.state = cluster.status().map(str::to_string);
            out.push(listed);
        }
    }
    // Clusters are independent: list their services concurrently.
    let per_cluster = super::fan_out(&cluster_arns, CLUSTER_CONCURRENCY, |cluster| {
        services(&client, region, cluster)
    })
    .await;
    for result in per_cluster {
        let (services, calls) = result?;
        requests += calls;
        out.extend(services);
    }
    Ok((out, requests))
}

/// Every cluster's ARN in `region`, listed once per run; the second value counts requests.
async fn cluster_arns(ctx: &AwsContext, region: &str) -> Result<(Vec<String>, u32)> {
    ctx.ecs_clusters(region, || list_cluster_arns(ctx, region)).await
}

async fn list_cluster_arns(ctx: &AwsContext, region: &str) -> Result<(Vec<String>, u32)> {
    let client = ctx.ecs(region);
    let mut requests = 0;
    let mut arns = Vec::new();
    let mut pages = client.list_clusters().max_results(100).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("ecs", "ListClusters", Some(region), e))?;
        requests += 1;
        arns.extend(page.cluster_arns().iter().cloned());
    }
    Ok((arns, requests))
}

/// The services of one cluster, with tags; the second value counts requests.
async fn services(client: &aws_sdk_ecs::Client, region: &str, cluster: &str) -> Result<(Vec<Listed>, u32)> {
    let mut requests = 0;
    let mut service_arns = Vec::new();
    let mut pages = client
        .list_services()
        .cluster(cluster)
        .max_results(100)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("ecs", "ListServices", Some(region), e))?;
        requests += 1;
        service_arns.extend(page.service_arns().iter().cloned());
    }
    let mut out = Vec::new();
    for chunk in service_arns.chunks(10) {
        let described = client
            .describe_services()
            .cluster(cluster)
            .set_services(Some(chunk.to_vec()))
            .include(ServiceField::Tags)
            .send()
            .await
            .map_err(|e| sdk_error("ecs", "DescribeServices", Some(region), e))?;
        requests += 1;
        for service in described.services() {
            let (Some(arn), Some(name)) = (service.service_arn(), service.service_name()) else {
                continue;
            };
            let mut listed = Listed::new(arn, name);
            let tags = tag_map(service.tags().iter().map(|t| (t.key(), t.value())));
            listed.tags = Some(tags.clone());
            listed.state = Some(format!("desired {}", service.desired_count()));
            // The cluster as the service's long ARN names it, as the kill-switch's targets do.
            listed.service = service_cluster(arn).map(|cluster| ServiceDetail {
                arn: arn.to_string(),
                cluster,
                name: name.to_string(),
                desired: service.desired_count(),
                tags,
            });
            out.push(listed);
        }
    }
    Ok((out, requests))
}

/// The cluster name of a long-format service ARN (`...:service/CLUSTER/SERVICE`); `None` for the old
/// format, which does not name it.
pub fn service_cluster(arn: &str) -> Option<String> {
    let resource = arn.splitn(6, ':').nth(5)?;
    let mut parts = resource.split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("service"), Some(cluster), Some(_)) => Some(cluster.to_string()),
        _ => None,
    }
}

/// What the kill-switch needs to know about one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceDetail {
    pub arn: String,
    pub cluster: String,
    pub name: String,
    pub desired: i32,
    pub tags: std::collections::BTreeMap<String, String>,
}

/// Describes services by ARN (grouped by cluster, 10 a call).
pub async fn describe_services(
    ctx: &AwsContext,
    region: &str,
    services: &[(String, String)],
) -> Result<(Vec<ServiceDetail>, u32)> {
    let client = ctx.ecs(region);
    let mut by_cluster: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for (cluster, arn) in services {
        by_cluster.entry(cluster).or_default().push(arn.clone());
    }
    let mut out = Vec::new();
    let mut requests = 0;
    for (cluster, arns) in by_cluster {
        for chunk in arns.chunks(10) {
            let described = client
                .describe_services()
                .cluster(cluster)
                .set_services(Some(chunk.to_vec()))
                .include(ServiceField::Tags)
                .send()
                .await
                .map_err(|e| sdk_error("ecs", "DescribeServices", Some(region), e))?;
            requests += 1;
            for service in described.services() {
                let (Some(arn), Some(name)) = (service.service_arn(), service.service_name()) else {
                    continue;
                };
                out.push(ServiceDetail {
                    arn: arn.to_string(),
                    cluster: cluster.to_string(),
                    name: name.to_string(),
                    desired: service.desired_count(),
                    tags: tag_map(service.tags().iter().map(|t| (t.key(), t.value()))),
                });
            }
        }
    }
    Ok((out, requests))
}

/// Sets the desired count of a service.
pub async fn set_desired(
    ctx: &AwsContext,
    region: &str,
    cluster: &str,
    service: &str,
    desired: i32,
) -> Result<()> {
    ctx.ecs(region)
        .update_service()
        .cluster(cluster)
        .service(service)
        .desired_count(desired)
        .send()
        .await
        .map_err(|e| sdk_error("ecs", "UpdateService", Some(service), e))?;
    Ok(())
}

/// Sets `tags` on an ECS resource.
pub async fn tag(ctx: &AwsContext, region: &str, arn: &str, tags: &[(String, String)]) -> Result<()> {
    ctx.ecs(region)
        .tag_resource()
        .resource_arn(arn)
        .set_tags(Some(
            tags.iter()
                .map(|(k, v)| aws_sdk_ecs::types::Tag::builder().key(k).value(v).build())
                .collect(),
        ))
        .send()
        .await
        .map_err(|e| sdk_error("ecs", "TagResource", Some(arn), e))?;
    Ok(())
}

/// Removes the tag `keys` from an ECS resource.
pub async fn untag(ctx: &AwsContext, region: &str, arn: &str, keys: &[&str]) -> Result<()> {
    ctx.ecs(region)
        .untag_resource()
        .resource_arn(arn)
        .set_tag_keys(Some(keys.iter().map(|k| k.to_string()).collect()))
        .send()
        .await
        .map_err(|e| sdk_error("ecs", "UntagResource", Some(arn), e))?;
    Ok(())
}

/// What the kill-switch needs to know about one ECS task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDetail {
    pub arn: String,
    /// The cluster's ARN.
    pub cluster: String,
    pub task_definition: String,
    pub last_status: String,
    pub desired_status: String,
    pub launch_type: Option<String>,
    /// The first capacity provider, for tasks started with a capacity provider strategy.
    pub capacity_provider: Option<String>,
    pub platform_version: Option<String>,
    pub group: Option<String>,
    pub started_by: Option<String>,
    /// The task's overrides as RunTask's `overrides` JSON (`{"containerOverrides": [...]}`), when any.
    pub overrides: Option<String>,
    /// The subnets and network interfaces of an awsvpc task.
    pub subnets: Vec<String>,
    pub enis: Vec<String>,
    pub tags: std::collections::BTreeMap<String, String>,
}

impl TaskDetail {
    /// Whether a service started it (its tasks are the service's business: the kill scales the service).
    pub fn of_service(&self) -> bool {
        self.started_by
            .as_deref()
            .is_some_and(|s| s.starts_with("ecs-svc/"))
    }
}

/// The ECS tasks not started by a service, whose desired status is `desired` (`RUNNING`, or `STOPPED`
/// for what a kill stopped), in `clusters` (every cluster of the region when `None`), with tags. The
/// second value counts requests.
pub async fn standalone_tasks(
    ctx: &AwsContext,
    region: &str,
    desired: &str,
    clusters: Option<&[String]>,
) -> Result<(Vec<TaskDetail>, u32)> {
    let client = ctx.ecs(region);
    let mut requests = 0;
    let clusters = match clusters {
        Some(given) => given.to_vec(),
        None => {
            let (arns, calls) = cluster_arns(ctx, region).await?;
            requests += calls;
            arns
        }
    };
    let status = aws_sdk_ecs::types::DesiredStatus::from(desired);
    let per_cluster = super::fan_out(&clusters, CLUSTER_CONCURRENCY, |cluster| {
        let (client, status) = (client.clone(), status.clone());
        async move {
            let mut requests = 0;
            let mut arns = Vec::new();
            let mut pages = client
                .list_tasks()
                .cluster(cluster)
                .desired_status(status)
                .max_results(100)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| sdk_error("ecs", "ListTasks", Some(region), e))?;
                requests += 1;
                arns.extend(page.task_arns().iter().cloned());
            }
            let (tasks, calls) = describe_in(&client, region, cluster, &arns).await?;
            Ok::<_, crate::Error>((tasks, requests + calls))
        }
    })
    .await;
    let mut out = Vec::new();
    for result in per_cluster {
        let (tasks, calls) = result?;
        requests += calls;
        out.extend(tasks.into_iter().filter(|t| !t.of_service()));
    }
    Ok((out, requests))
}

/// The standalone running tasks of `region`, for the inventory.
pub async fn task_listing(ctx: &AwsContext, region: &str) -> Result<(Vec<Listed>, u32)> {
    let (tasks, requests) = standalone_tasks(ctx, region, "RUNNING", None).await?;
    let listed = tasks
        .into_iter()
        .map(|t| {
            let id = t.arn.rsplit('/').next().unwrap_or(&t.arn).to_string();
            let mut listed = Listed::new(&t.arn, id);
            listed.name = t.group.clone();
            listed.state = Some(t.last_status.clone());
            listed.tags = Some(t.tags.clone());
            listed.task = Some(Box::new(t));
            listed
        })
        .collect();
    Ok((listed, requests))
}

/// Describes tasks by ARN, grouped by cluster (100 a call), with tags.
pub async fn describe_tasks(
    ctx: &AwsContext,
    region: &str,
    tasks: &[(String, String)],
) -> Result<(Vec<TaskDetail>, u32)> {
    let client = ctx.ecs(region);
    let mut by_cluster: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for (cluster, arn) in tasks {
        by_cluster.entry(cluster).or_default().push(arn.clone());
    }
    let mut out = Vec::new();
    let mut requests = 0;
    for (cluster, arns) in by_cluster {
        let (tasks, calls) = describe_in(&client, region, cluster, &arns).await?;
        out.extend(tasks);
        requests += calls;
    }
    Ok((out, requests))
}

async fn describe_in(
    client: &aws_sdk_ecs::Client,
    region: &str,
    cluster: &str,
    arns: &[String],
) -> Result<(Vec<TaskDetail>, u32)> {
    let mut out = Vec::new();
    let mut requests = 0;
    for chunk in arns.chunks(100) {
        let described = client
            .describe_tasks()
            .cluster(cluster)
            .set_tasks(Some(chunk.to_vec()))
            .include(aws_sdk_ecs::types::TaskField::Tags)
            .send()
            .await
            .map_err(|e| sdk_error("ecs", "DescribeTasks", Some(region), e))?;
        requests += 1;
        out.extend(described.tasks().iter().filter_map(|t| task_detail(t, cluster)));
    }
    Ok((out, requests))
}

fn task_detail(t: &aws_sdk_ecs::types::Task, cluster: &str) -> Option<TaskDetail> {
    let details = |name: &str| -> Vec<String> {
        t.attachments()
            .iter()
            .filter(|a| a.r#type() == Some("ElasticNetworkInterface"))
            .flat_map(|a| a.details())
            .filter(|d| d.name() == Some(name))
            .filter_map(|d| d.value().map(str::to_string))
            .collect()
    };
    Some(TaskDetail {
        arn: t.task_arn()?.to_string(),
        cluster: t.cluster_arn().unwrap_or(cluster).to_string(),
        task_definition: t.task_definition_arn()?.to_string(),
        last_status: t.last_status().unwrap_or("UNKNOWN").to_string(),
        desired_status: t.desired_status().unwrap_or("UNKNOWN").to_string(),
        launch_type: t.launch_type().map(|l| l.as_str().to_string()),
        capacity_provider: t.capacity_provider_name().map(str::to_string),
        platform_version: t.platform_version().map(str::to_string),
        group: t.group().filter(|g| !g.is_empty()).map(str::to_string),
        started_by: t.started_by().filter(|s| !s.is_empty()).map(str::to_string),
        overrides: t.overrides().and_then(overrides_json),
        subnets: details("subnetId"),
        enis: details("networkInterfaceId"),
        tags: tag_map(t.tags().iter().map(|t| (t.key(), t.value()))),
    })
}

/// RunTask's `overrides` JSON for the parts of a task's overrides a relaunch needs (per container:
/// command, environment, cpu, memory; for the task: cpu, memory, roles); `None` when there are none.
fn overrides_json(o: &aws_sdk_ecs::types::TaskOverride) -> Option<String> {
    use serde_json::{Map, Value, json};
    let mut task = Map::new();
    let containers: Vec<Value> = o
        .container_overrides()
        .iter()
        .map(|c| {
            let mut m = Map::new();
            if let Some(name) = c.name() {
                m.insert("name".into(), json!(name));
            }
            if !c.command().is_empty() {
                m.insert("command".into(), json!(c.command()));
            }
            let env: Vec<Value> = c
                .environment()
                .iter()
                .map(|kv| json!({"name": kv.name(), "value": kv.value()}))
                .collect();
            if !env.is_empty() {
                m.insert("environment".into(), Value::Array(env));
            }
            if let Some(cpu) = c.cpu() {
                m.insert("cpu".into(), json!(cpu));
            }
            if let Some(memory) = c.memory() {
                m.insert("memory".into(), json!(memory));
            }
            Value::Object(m)
        })
        .filter(|c| c.as_object().is_some_and(|m| m.len() > 1))
        .collect();
    if !containers.is_empty() {
        task.insert("containerOverrides".into(), Value::Array(containers));
    }
    for (key, value) in [
        ("cpu", o.cpu()),
        ("memory", o.memory()),
        ("taskRoleArn", o.task_role_arn()),
        ("executionRoleArn", o.execution_role_arn()),
    ] {
        if let Some(v) = value {
            task.insert(key.into(), json!(v));
        }
    }
    (!task.is_empty()).then(|| Value::Object(task).to_string())
}

/// Stops a task, with `reason` (at most 255 characters) shown in the console and DescribeTasks.
pub async fn stop_task(
    ctx: &AwsContext,
    region: &str,
    cluster: &str,
    task: &str,
    reason: &str,
) -> Result<()> {
    ctx.ecs(region)
        .stop_task()
        .cluster(cluster)
        .task(task)
        .reason(reason.chars().take(255).collect::<String>())
        .send()
        .await
        .map_err(|e| sdk_error("ecs", "StopTask", Some(task), e))?;
    Ok(())
}

/// How to start a stopped task again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relaunch {
    pub cluster: String,
    pub task_definition: String,
    pub launch_type: Option<String>,
    pub capacity_provider: Option<String>,
    pub platform_version: Option<String>,
    pub group: Option<String>,
    pub started_by: Option<String>,
    pub overrides: Option<String>,
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    pub public_ip: Option<bool>,
    pub tags: Vec<(String, String)>,
    /// RunTask's idempotency token: a retried or re-run relaunch starts the task once.
    pub client_token: String,
}

/// Starts a task as `spec` describes; returns the new task's ARN.
pub async fn run_task(ctx: &AwsContext, region: &str, spec: &Relaunch) -> Result<String> {
    use aws_sdk_ecs::types::{
        AssignPublicIp, AwsVpcConfiguration, CapacityProviderStrategyItem, LaunchType, NetworkConfiguration,
        Tag,
    };
    let mut request = ctx
        .ecs(region)
        .run_task()
        .cluster(&spec.cluster)
        .task_definition(&spec.task_definition)
        .client_token(&spec.client_token)
        .set_group(spec.group.clone())
        .set_started_by(spec.started_by.clone())
        .set_platform_version(spec.platform_version.clone())
        .set_tags(Some(
            spec.tags
                .iter()
                .map(|(k, v)| Tag::builder().key(k).value(v).build())
                .collect(),
        ));
    match (&spec.capacity_provider, &spec.launch_type) {
        (Some(provider), _) => {
            request = request.capacity_provider_strategy(
                CapacityProviderStrategyItem::builder()
                    .capacity_provider(provider)
                    .build()
                    .map_err(|e| crate::Error::usage(format!("internal: capacity provider strategy: {e}")))?,
            )
        }
        (None, Some(launch)) => request = request.launch_type(LaunchType::from(launch.as_str())),
        (None, None) => {}
    }
    if !spec.subnets.is_empty() {
        let vpc = AwsVpcConfiguration::builder()
            .set_subnets(Some(spec.subnets.clone()))
            .set_security_groups(Some(spec.security_groups.clone()))
            .set_assign_public_ip(spec.public_ip.map(|p| {
                if p {
                    AssignPublicIp::Enabled
                } else {
                    AssignPublicIp::Disabled
                }
            }))
            .build()
            .map_err(|e| crate::Error::usage(format!("internal: network configuration: {e}")))?;
        request =
            request.network_configuration(NetworkConfiguration::builder().awsvpc_configuration(vpc).build());
    }
    if let Some(json) = &spec.overrides {
        request = request.overrides(task_override(json)?);
    }
    let out = request
        .send()
        .await
        .map_err(|e| sdk_error("ecs", "RunTask", Some(&spec.task_definition), e))?;
    if let Some(failure) = out.failures().first() {
        return Err(crate::Error::usage(format!(
            "RunTask of {} failed: {} {}",
            spec.task_definition,
            failure.reason().unwrap_or("unknown reason"),
            failure.detail().unwrap_or_default()
        )));
    }
    Ok(out
        .tasks()
        .first()
        .and_then(|t| t.task_arn())
        .unwrap_or_default()
        .to_string())
}

/// The SDK's TaskOverride from the JSON `overrides_json` wrote.
fn task_override(json: &str) -> Result<aws_sdk_ecs::types::TaskOverride> {
    use aws_sdk_ecs::types::{ContainerOverride, KeyValuePair, TaskOverride};
    let bad = |e: String| crate::Error::usage(format!("the recorded task overrides cannot be read ({e})"));
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
    let text = |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    let int = |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_i64()).map(|n| n as i32);
    let mut o = TaskOverride::builder()
        .set_cpu(text(&v, "cpu"))
        .set_memory(text(&v, "memory"))
        .set_task_role_arn(text(&v, "taskRoleArn"))
        .set_execution_role_arn(text(&v, "executionRoleArn"));
    for c in v
        .get("containerOverrides")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
    {
        let command: Option<Vec<String>> = c
            .get("command")
            .and_then(|x| x.as_array())
            .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect());
        let environment: Option<Vec<KeyValuePair>> =
            c.get("environment").and_then(|x| x.as_array()).map(|a| {
                a.iter()
                    .map(|kv| {
                        KeyValuePair::builder()
                            .set_name(text(kv, "name"))
                            .set_value(text(kv, "value"))
                            .build()
                    })
                    .collect()
            });
        o = o.container_overrides(
            ContainerOverride::builder()
                .set_name(text(c, "name"))
                .set_command(command)
                .set_environment(environment)
                .set_cpu(int(c, "cpu"))
                .set_memory(int(c, "memory"))
                .build(),
        );
    }
    Ok(o.build())
}
