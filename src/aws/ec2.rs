//! EC2: instances and volumes with their tags (DescribeInstances / DescribeVolumes return them inline),
//! and the account's enabled regions.

use aws_sdk_ec2::types::Filter;

use super::listing::{Listed, tag_map};
use super::{AwsContext, partition, sdk_error};
use crate::error::Result;

/// The largest page EC2 allows for these calls.
const PAGE_SIZE: i32 = 1000;

/// Instances that exist (not terminated), with tags and state.
pub async fn instances(ctx: &AwsContext, region: &str, account: &str) -> Result<(Vec<Listed>, u32)> {
    let client = ctx.ec2(region);
    let mut pages = client
        .describe_instances()
        .max_results(PAGE_SIZE)
        .filters(
            Filter::builder()
                .name("instance-state-name")
                .set_values(Some(
                    ["pending", "running", "stopping", "stopped", "shutting-down"]
                        .map(String::from)
                        .to_vec(),
                ))
                .build(),
        )
        .into_paginator()
        .send();
    let mut out = Vec::new();
    let mut count = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("ec2", "DescribeInstances", Some(region), e))?;
        count += 1;
        for instance in page.reservations().iter().flat_map(|r| r.instances()) {
            let Some(id) = instance.instance_id() else {
                continue;
            };
            let arn = format!("arn:{}:ec2:{region}:{account}:instance/{id}", partition(region));
            let mut listed = Listed::new(arn, id);
            let tags = tag_map(instance.tags().iter().map(|t| (t.key(), t.value())));
            listed.name = tags.get("Name").cloned();
            listed.tags = Some(tags);
            listed.state = instance
                .state()
                .and_then(|s| s.name())
                .map(|n| n.as_str().to_string());
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
