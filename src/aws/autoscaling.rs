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
            listed.tags = Some(tag_map(group.tags().iter().map(|t| (t.key(), t.value()))));
            listed.state = Some(format!(
                "desired {} (min {}, max {})",
                group.desired_capacity().unwrap_or_default(),
                group.min_size().unwrap_or_default(),
                group.max_size().unwrap_or_default()
            ));
            out.push(listed);
        }
    }
    Ok((out, count))
}
