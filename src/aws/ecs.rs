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
    let mut requests = 0;
    let mut cluster_arns = Vec::new();
    let mut pages = client.list_clusters().max_results(100).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("ecs", "ListClusters", Some(region), e))?;
        requests += 1;
        cluster_arns.extend(page.cluster_arns().iter().cloned());
    }
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
            listed.tags = Some(tag_map(service.tags().iter().map(|t| (t.key(), t.value()))));
            listed.state = Some(format!("desired {}", service.desired_count()));
            out.push(listed);
        }
    }
    Ok((out, requests))
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
