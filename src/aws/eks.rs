//! EKS: managed node groups with their tags, status and scaling configuration (ListClusters, then
//! ListNodegroups per cluster, then DescribeNodegroup per node group: no call lists them in bulk), and
//! the scaling and tagging calls the kill-switch makes on them.

use aws_sdk_eks::types::NodegroupScalingConfig;

use super::listing::{Listed, Sizes, tag_map};
use super::{AwsContext, sdk_error};
use crate::error::Result;

/// The largest page of ListClusters and ListNodegroups.
const PAGE_SIZE: i32 = 100;
/// How many clusters' node groups, and how many node groups of one cluster, are read at once (at most
/// 16 DescribeNodegroup calls in flight in a region).
const CONCURRENCY: usize = 4;

/// Every managed node group in `region`, with tags, status and sizes; the second value counts requests.
pub async fn nodegroups(ctx: &AwsContext, region: &str) -> Result<(Vec<Listed>, u32)> {
    let client = ctx.eks(region);
    let mut requests = 0;
    let mut clusters = Vec::new();
    let mut pages = client
        .list_clusters()
        .max_results(PAGE_SIZE)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("eks", "ListClusters", Some(region), e))?;
        requests += 1;
        clusters.extend(page.clusters().iter().cloned());
    }
    let per_cluster = super::fan_out(&clusters, CONCURRENCY, |cluster| {
        cluster_nodegroups(&client, cluster)
    })
    .await;
    let mut out = Vec::new();
    for result in per_cluster {
        let (listed, calls) = result?;
        requests += calls;
        out.extend(listed);
    }
    Ok((out, requests))
}

/// The node groups of one cluster, described; the second value counts requests.
async fn cluster_nodegroups(client: &aws_sdk_eks::Client, cluster: &str) -> Result<(Vec<Listed>, u32)> {
    let mut requests = 0;
    let mut names = Vec::new();
    let mut pages = client
        .list_nodegroups()
        .cluster_name(cluster)
        .max_results(PAGE_SIZE)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("eks", "ListNodegroups", Some(cluster), e))?;
        requests += 1;
        names.extend(page.nodegroups().iter().cloned());
    }
    let described = super::fan_out(&names, CONCURRENCY, |name| async move {
        client
            .describe_nodegroup()
            .cluster_name(cluster)
            .nodegroup_name(name)
            .send()
            .await
            .map_err(|e| sdk_error("eks", "DescribeNodegroup", Some(&format!("{cluster}/{name}")), e))
    })
    .await;
    let mut out = Vec::new();
    for result in described {
        requests += 1;
        let Some(nodegroup) = result?.nodegroup else {
            continue;
        };
        let (Some(arn), Some(name)) = (nodegroup.nodegroup_arn(), nodegroup.nodegroup_name()) else {
            continue;
        };
        let mut listed = Listed::new(arn, name);
        listed.tags = Some(tag_map(
            nodegroup
                .tags()
                .into_iter()
                .flatten()
                .map(|(k, v)| (Some(k.as_str()), Some(v.as_str()))),
        ));
        listed.state = nodegroup.status().map(|s| s.as_str().to_string());
        listed.sizes = nodegroup.scaling_config().and_then(|s| {
            Some(Sizes {
                min: s.min_size()?,
                desired: s.desired_size()?,
                max: s.max_size()?,
            })
        });
        out.push(listed);
    }
    Ok((out, requests))
}

/// UpdateNodegroupConfig with a new scaling configuration; `max: None` leaves the maximum as it is.
/// EKS applies it asynchronously: the node group is `UPDATING` until it is done.
pub async fn scale(
    ctx: &AwsContext,
    region: &str,
    cluster: &str,
    nodegroup: &str,
    min: i32,
    desired: i32,
    max: Option<i32>,
) -> Result<()> {
    let scaling = NodegroupScalingConfig::builder()
        .min_size(min)
        .desired_size(desired)
        .set_max_size(max)
        .build();
    ctx.eks(region)
        .update_nodegroup_config()
        .cluster_name(cluster)
        .nodegroup_name(nodegroup)
        .scaling_config(scaling)
        .send()
        .await
        .map_err(|e| {
            sdk_error(
                "eks",
                "UpdateNodegroupConfig",
                Some(&format!("{cluster}/{nodegroup}")),
                e,
            )
        })?;
    Ok(())
}

/// Sets `tags` on an EKS resource (a cluster or a node group).
pub async fn tag(ctx: &AwsContext, region: &str, arn: &str, tags: &[(String, String)]) -> Result<()> {
    ctx.eks(region)
        .tag_resource()
        .resource_arn(arn)
        .set_tags(Some(tags.iter().cloned().collect()))
        .send()
        .await
        .map_err(|e| sdk_error("eks", "TagResource", Some(arn), e))?;
    Ok(())
}

/// Removes the tag `keys` from an EKS resource.
pub async fn untag(ctx: &AwsContext, region: &str, arn: &str, keys: &[&str]) -> Result<()> {
    ctx.eks(region)
        .untag_resource()
        .resource_arn(arn)
        .set_tag_keys(Some(keys.iter().map(|k| k.to_string()).collect()))
        .send()
        .await
        .map_err(|e| sdk_error("eks", "UntagResource", Some(arn), e))?;
    Ok(())
}
