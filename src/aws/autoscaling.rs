//! Auto Scaling groups with tags. The Tagging API does not serve them on AWS, so they are listed here.

use super::listing::{Listed, tag_map};
use super::{AwsContext, sdk_error};
use crate::error::Result;

/// Every Auto Scaling group in `region`, with tags and desired/min/max.
pub async fn groups(ctx: &AwsContext, region: &str) -> Result<(Vec<Listed>, u32)> {
    let mut pages = ctx
        .autoscaling(region)
        .describe_auto_scaling_groups()
        .max_records(100)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    let mut count = 0;
    while let Some(page) = pages.next().await {
        let page =
            page.map_err(|e| sdk_error("autoscaling", "DescribeAutoScalingGroups", Some(region), e))?;
        count += 1;
        for group in page.auto_scaling_groups() {
            let (Some(arn), Some(name)) = (group.auto_scaling_group_arn(), group.auto_scaling_group_name())
            else {
                continue;
            };
            let mut listed = Listed::new(arn, name);
            let detail = detail(group, name);
            listed.tags = Some(detail.tags.clone());
            listed.state = Some(format!(
                "desired {} (min {}, max {})",
                detail.desired, detail.min, detail.max
            ));
            listed.group = Some(detail);
            out.push(listed);
        }
    }
    Ok((out, count))
}

/// What the kill-switch needs to know about one Auto Scaling group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupDetail {
    pub name: String,
    pub desired: i32,
    pub min: i32,
    pub max: i32,
    /// Suspended process names, sorted.
    pub suspended: Vec<String>,
    pub tags: std::collections::BTreeMap<String, String>,
}

/// Describes the groups `names` (batched by 100).
pub async fn describe(ctx: &AwsContext, region: &str, names: &[String]) -> Result<(Vec<GroupDetail>, u32)> {
    let client = ctx.autoscaling(region);
    let mut out = Vec::new();
    let mut requests = 0;
    for chunk in names.chunks(100) {
        let page = client
            .describe_auto_scaling_groups()
            .set_auto_scaling_group_names(Some(chunk.to_vec()))
            .max_records(100)
            .send()
            .await
            .map_err(|e| sdk_error("autoscaling", "DescribeAutoScalingGroups", Some(region), e))?;
        requests += 1;
        for group in page.auto_scaling_groups() {
            let Some(name) = group.auto_scaling_group_name() else {
                continue;
            };
            out.push(detail(group, name));
        }
    }
    Ok((out, requests))
}

fn detail(group: &aws_sdk_autoscaling::types::AutoScalingGroup, name: &str) -> GroupDetail {
    let mut suspended: Vec<String> = group
        .suspended_processes()
        .iter()
        .filter_map(|p| p.process_name().map(str::to_string))
        .collect();
    suspended.sort();
    GroupDetail {
        name: name.to_string(),
        desired: group.desired_capacity().unwrap_or_default(),
        min: group.min_size().unwrap_or_default(),
        max: group.max_size().unwrap_or_default(),
        suspended,
        tags: tag_map(group.tags().iter().map(|t| (t.key(), t.value()))),
    }
}

/// Suspends `processes` of `group`.
pub async fn suspend(ctx: &AwsContext, region: &str, group: &str, processes: &[String]) -> Result<()> {
    ctx.autoscaling(region)
        .suspend_processes()
        .auto_scaling_group_name(group)
        .set_scaling_processes(Some(processes.to_vec()))
        .send()
        .await
        .map_err(|e| sdk_error("autoscaling", "SuspendProcesses", Some(group), e))?;
    Ok(())
}

/// Resumes `processes` of `group`.
pub async fn resume(ctx: &AwsContext, region: &str, group: &str, processes: &[String]) -> Result<()> {
    ctx.autoscaling(region)
        .resume_processes()
        .auto_scaling_group_name(group)
        .set_scaling_processes(Some(processes.to_vec()))
        .send()
        .await
        .map_err(|e| sdk_error("autoscaling", "ResumeProcesses", Some(group), e))?;
    Ok(())
}

/// Sets desired/min/max of `group`.
pub async fn resize(
    ctx: &AwsContext,
    region: &str,
    group: &str,
    desired: i32,
    min: i32,
    max: i32,
) -> Result<()> {
    ctx.autoscaling(region)
        .update_auto_scaling_group()
        .auto_scaling_group_name(group)
        .min_size(min)
        .max_size(max)
        .desired_capacity(desired)
        .send()
        .await
        .map_err(|e| sdk_error("autoscaling", "UpdateAutoScalingGroup", Some(group), e))?;
    Ok(())
}

/// Sets `tags` on `group`, not propagated to new instances.
pub async fn tag(ctx: &AwsContext, region: &str, group: &str, tags: &[(String, String)]) -> Result<()> {
    tag_groups(ctx, region, &[(group.to_string(), tags.to_vec())]).await
}

/// How many groups' markers go in one CreateOrUpdateTags. The API reference sets no limit on the tags of
/// one request (`Tags.member.N`, one or more, for any groups); 16 groups (48 tags) keeps a request small
/// and a failed one from holding back more than 16 groups.
pub const TAGGED_GROUPS_PER_CALL: usize = 16;

/// Sets each group's own `tags` in one CreateOrUpdateTags (at most [`TAGGED_GROUPS_PER_CALL`] groups),
/// not propagated to new instances.
pub async fn tag_groups(
    ctx: &AwsContext,
    region: &str,
    groups: &[(String, Vec<(String, String)>)],
) -> Result<()> {
    let tags = groups
        .iter()
        .flat_map(|(group, tags)| {
            tags.iter().map(move |(k, v)| {
                aws_sdk_autoscaling::types::Tag::builder()
                    .resource_id(group)
                    .resource_type("auto-scaling-group")
                    .key(k)
                    .value(v)
                    .propagate_at_launch(false)
                    .build()
            })
        })
        .collect();
    ctx.autoscaling(region)
        .create_or_update_tags()
        .set_tags(Some(tags))
        .send()
        .await
        .map_err(|e| sdk_error("autoscaling", "CreateOrUpdateTags", Some(region), e))?;
    Ok(())
}

/// Removes the tag `keys` from each of `groups` in one DeleteTags (at most [`TAGGED_GROUPS_PER_CALL`]).
pub async fn untag_groups(ctx: &AwsContext, region: &str, groups: &[String], keys: &[&str]) -> Result<()> {
    let tags = groups
        .iter()
        .flat_map(|group| {
            keys.iter().map(move |k| {
                aws_sdk_autoscaling::types::Tag::builder()
                    .resource_id(group)
                    .resource_type("auto-scaling-group")
                    .key(*k)
                    .build()
            })
        })
        .collect();
    ctx.autoscaling(region)
        .delete_tags()
        .set_tags(Some(tags))
        .send()
        .await
        .map_err(|e| sdk_error("autoscaling", "DeleteTags", Some(region), e))?;
    Ok(())
}

/// Removes the tag `keys` from `group`.
pub async fn untag(ctx: &AwsContext, region: &str, group: &str, keys: &[&str]) -> Result<()> {
    untag_groups(ctx, region, &[group.to_string()], keys).await
}
