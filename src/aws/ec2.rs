//! EC2: instances and volumes with their tags (DescribeInstances / DescribeVolumes return them inline),
//! and the account's enabled regions.

use aws_sdk_ec2::types::Filter;

use super::listing::{Listed, tag_map};
use super::{AwsContext, partition, sdk_error};
use crate::error::Result;

/// The largest page EC2 allows for these calls.
const PAGE_SIZE: i32 = 1000;

/// Instance states the listing keeps (terminated instances cost nothing and cannot be tagged for long).
const LIVE_STATES: [&str; 5] = ["pending", "running", "stopping", "stopped", "shutting-down"];

/// Instances that exist (not terminated), with tags and state.
///
/// Two light calls instead of `DescribeInstances`, whose answer carries every instance's block devices,
/// network interfaces and more (about 6x the emulator's time and costbrake's parsing for the same
/// instances): `DescribeInstanceStatus` with `IncludeAllInstances` for the ids and states, then
/// `DescribeTags` for the tags. In that order: an instance launched between the two is either missed
/// (found next run) or seen with its tags, never listed as untagged by mistake. The root device type is
/// not known here: the kill-switch lists with [`instances_described`].
pub async fn instances(ctx: &AwsContext, region: &str, account: &str) -> Result<(Vec<Listed>, u32)> {
    let client = ctx.ec2(region);
    let mut count = 0;
    let mut states: Vec<(String, String)> = Vec::new();
    let mut pages = client
        .describe_instance_status()
        .include_all_instances(true)
        .max_results(PAGE_SIZE)
        .filters(
            Filter::builder()
                .name("instance-state-name")
                .set_values(Some(LIVE_STATES.map(String::from).to_vec()))
                .build(),
        )
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("ec2", "DescribeInstanceStatus", Some(region), e))?;
        count += 1;
        for status in page.instance_statuses() {
            let (Some(id), Some(state)) = (
                status.instance_id(),
                status.instance_state().and_then(|s| s.name()).map(|n| n.as_str()),
            ) else {
                continue;
            };
            if LIVE_STATES.contains(&state) {
                states.push((id.to_string(), state.to_string()));
            }
        }
    }
    let mut tags: std::collections::HashMap<String, std::collections::BTreeMap<String, String>> =
        std::collections::HashMap::new();
    let mut pages = client
        .describe_tags()
        .max_results(PAGE_SIZE)
        .filters(Filter::builder().name("resource-type").values("instance").build())
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("ec2", "DescribeTags", Some(region), e))?;
        count += 1;
        for tag in page.tags() {
            if let (Some(id), Some(key)) = (tag.resource_id(), tag.key()) {
                tags.entry(id.to_string())
                    .or_default()
                    .insert(key.to_string(), tag.value().unwrap_or_default().to_string());
            }
        }
    }
    let out = states
        .into_iter()
        .map(|(id, state)| {
            let arn = format!("arn:{}:ec2:{region}:{account}:instance/{id}", partition(region));
            let instance_tags = tags.remove(&id).unwrap_or_default();
            let mut listed = Listed::new(arn, &id);
            listed.name = instance_tags.get("Name").cloned();
            listed.tags = Some(instance_tags);
            listed.state = Some(state);
            listed
        })
        .collect();
    Ok((out, count))
}

/// Instances that exist (not terminated), with tags, state and root device type, from `DescribeInstances`
/// (for the kill-switch; see [`instances`] for the light listing).
pub async fn instances_described(
    ctx: &AwsContext,
    region: &str,
    account: &str,
) -> Result<(Vec<Listed>, u32)> {
    let client = ctx.ec2(region);
    let mut pages = client
        .describe_instances()
        .max_results(PAGE_SIZE)
        .filters(
            Filter::builder()
                .name("instance-state-name")
                .set_values(Some(LIVE_STATES.map(String::from).to_vec()))
                .build(),
        )
        .into_paginator()
        .send();
    let mut out = Vec::new();
    let mut count = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("ec2", "DescribeInstances", Some(region), e))?;
        count += 1;
        for detail in page
            .reservations()
            .iter()
            .flat_map(|r| r.instances())
            .filter_map(instance_detail)
        {
            let arn = format!(
                "arn:{}:ec2:{region}:{account}:instance/{}",
                partition(region),
                detail.id
            );
            let mut listed = Listed::new(arn, &detail.id);
            listed.name = detail.tags.get("Name").cloned();
            listed.tags = Some(detail.tags);
            listed.state = Some(detail.state);
            listed.root_device = Some(detail.root_device_type);
            out.push(listed);
        }
    }
    Ok((out, count))
}

/// Volumes with tags and state.
pub async fn volumes(ctx: &AwsContext, region: &str, account: &str) -> Result<(Vec<Listed>, u32)> {
    let client = ctx.ec2(region);
    let mut pages = client
        .describe_volumes()
        .max_results(PAGE_SIZE)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    let mut count = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("ec2", "DescribeVolumes", Some(region), e))?;
        count += 1;
        for volume in page.volumes() {
            let Some(id) = volume.volume_id() else { continue };
            let mut listed = Listed::new(
                format!("arn:{}:ec2:{region}:{account}:volume/{id}", partition(region)),
                id,
            );
            let tags = tag_map(volume.tags().iter().map(|t| (t.key(), t.value())));
            listed.name = tags.get("Name").cloned();
            listed.tags = Some(tags);
            listed.state = volume.state().map(|s| s.as_str().to_string());
            out.push(listed);
        }
    }
    Ok((out, count))
}

/// The regions enabled for the account (opted-in or not requiring opt-in), sorted.
pub async fn enabled_regions(ctx: &AwsContext) -> Result<Vec<String>> {
    let region = ctx.require_region()?.to_string();
    let out = ctx
        .ec2(&region)
        .describe_regions()
        .all_regions(false)
        .send()
        .await
        .map_err(|e| sdk_error("ec2", "DescribeRegions", Some(&region), e))?;
    let mut regions: Vec<String> = out
        .regions()
        .iter()
        .filter_map(|r| r.region_name().map(str::to_string))
        .collect();
    regions.sort();
    Ok(regions)
}

/// What the kill-switch needs to know about one instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceDetail {
    pub id: String,
    /// `pending`, `running`, `stopping`, `stopped`, `shutting-down`, `terminated`.
    pub state: String,
    /// `ebs` or `instance-store`: instance-store-backed instances cannot be stopped.
    pub root_device_type: String,
    pub tags: std::collections::BTreeMap<String, String>,
}

/// Describes `ids` (any number; batched by 1,000), with state, root device type and tags.
pub async fn describe(ctx: &AwsContext, region: &str, ids: &[String]) -> Result<(Vec<InstanceDetail>, u32)> {
    let client = ctx.ec2(region);
    let mut out = Vec::new();
    let mut requests = 0;
    for chunk in ids.chunks(PAGE_SIZE as usize) {
        let page = client
            .describe_instances()
            .set_instance_ids(Some(chunk.to_vec()))
            .send()
            .await
            .map_err(|e| sdk_error("ec2", "DescribeInstances", Some(region), e))?;
        requests += 1;
        out.extend(
            page.reservations()
                .iter()
                .flat_map(|r| r.instances())
                .filter_map(instance_detail),
        );
    }
    Ok((out, requests))
}

/// One DescribeInstances instance as the kill-switch sees it; `None` without an id.
fn instance_detail(instance: &aws_sdk_ec2::types::Instance) -> Option<InstanceDetail> {
    Some(InstanceDetail {
        id: instance.instance_id()?.to_string(),
        state: instance
            .state()
            .and_then(|s| s.name())
            .map(|n| n.as_str().to_string())
            .unwrap_or_default(),
        root_device_type: instance
            .root_device_type()
            .map(|d| d.as_str().to_string())
            .unwrap_or_else(|| "ebs".into()),
        tags: tag_map(instance.tags().iter().map(|t| (t.key(), t.value()))),
    })
}

/// The largest id list one CreateTags / StopInstances call takes here (AWS documents no hard limit for
/// StopInstances; 1,000 keeps a request well under the URL-encoded body limits).
pub const WRITE_BATCH: usize = 1000;

/// Sets `tags` on every resource in `ids` (one call per 1,000 ids).
pub async fn create_tags(
    ctx: &AwsContext,
    region: &str,
    ids: &[String],
    tags: &[(String, String)],
) -> Result<u32> {
    let client = ctx.ec2(region);
    let mut requests = 0;
    for chunk in ids.chunks(WRITE_BATCH) {
        client
            .create_tags()
            .set_resources(Some(chunk.to_vec()))
            .set_tags(Some(
                tags.iter()
                    .map(|(k, v)| aws_sdk_ec2::types::Tag::builder().key(k).value(v).build())
                    .collect(),
            ))
            .send()
            .await
            .map_err(|e| sdk_error("ec2", "CreateTags", Some(region), e))?;
        requests += 1;
    }
    Ok(requests)
}

/// Removes the tag `keys` (whatever their values) from every resource in `ids`.
pub async fn delete_tags(ctx: &AwsContext, region: &str, ids: &[String], keys: &[&str]) -> Result<u32> {
    let client = ctx.ec2(region);
    let mut requests = 0;
    for chunk in ids.chunks(WRITE_BATCH) {
        client
            .delete_tags()
            .set_resources(Some(chunk.to_vec()))
            .set_tags(Some(
                keys.iter()
                    .map(|k| aws_sdk_ec2::types::Tag::builder().key(*k).build())
                    .collect(),
            ))
            .send()
            .await
            .map_err(|e| sdk_error("ec2", "DeleteTags", Some(region), e))?;
        requests += 1;
    }
    Ok(requests)
}

/// The outcome of a server-side dry run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DryRun {
    /// `DryRunOperation`: the call would have succeeded.
    WouldSucceed,
    /// `UnauthorizedOperation` or another refusal, with AWS's message.
    Refused(String),
}

/// Stops `ids`, or with `dry_run` asks EC2 whether it would. Returns requests made and, for a dry run,
/// the verdict.
pub async fn stop_instances(
    ctx: &AwsContext,
    region: &str,
    ids: &[String],
    dry_run: bool,
) -> Result<(u32, Option<DryRun>)> {
    let client = ctx.ec2(region);
    let mut requests = 0;
    for chunk in ids.chunks(WRITE_BATCH) {
        let result = client
            .stop_instances()
            .set_instance_ids(Some(chunk.to_vec()))
            .dry_run(dry_run)
            .send()
            .await;
        requests += 1;
        match result {
            Ok(_) if !dry_run => {}
            Ok(_) => return Ok((requests, Some(DryRun::WouldSucceed))),
            Err(err) => {
                let err = sdk_error("ec2", "StopInstances", Some(region), err);
                if !dry_run {
                    return Err(err);
                }
                return Ok(match err.aws_code() {
                    Some("DryRunOperation") => (requests, Some(DryRun::WouldSucceed)),
                    _ => (requests, Some(DryRun::Refused(err.to_string()))),
                });
            }
        }
    }
    Ok((requests, None))
}

/// Starts `ids`.
pub async fn start_instances(ctx: &AwsContext, region: &str, ids: &[String]) -> Result<u32> {
    let client = ctx.ec2(region);
    let mut requests = 0;
    for chunk in ids.chunks(WRITE_BATCH) {
        client
            .start_instances()
            .set_instance_ids(Some(chunk.to_vec()))
            .send()
            .await
            .map_err(|e| sdk_error("ec2", "StartInstances", Some(region), e))?;
        requests += 1;
    }
    Ok(requests)
}

/// The security groups of network interfaces, and whether each has a public IP: what an awsvpc task's
/// network configuration was (DescribeTasks does not say). One call per 1,000 interfaces; the second
/// value counts requests. Interfaces that are gone are left out.
pub async fn interface_groups(
    ctx: &AwsContext,
    region: &str,
    enis: &[String],
) -> Result<(std::collections::BTreeMap<String, (Vec<String>, bool)>, u32)> {
    let mut out = std::collections::BTreeMap::new();
    let mut requests = 0;
    for chunk in enis.chunks(1000) {
        let described = ctx
            .ec2(region)
            .describe_network_interfaces()
            .set_network_interface_ids(Some(chunk.to_vec()))
            .send()
            .await
            .map_err(|e| sdk_error("ec2", "DescribeNetworkInterfaces", Some(region), e))?;
        requests += 1;
        for eni in described.network_interfaces() {
            let Some(id) = eni.network_interface_id() else {
                continue;
            };
            let groups = eni
                .groups()
                .iter()
                .filter_map(|g| g.group_id().map(str::to_string))
                .collect();
            let public = eni.association().and_then(|a| a.public_ip()).is_some();
            out.insert(id.to_string(), (groups, public));
        }
    }
    Ok((out, requests))
}
