//! Resource Groups Tagging API: `GetResources`, fully paged, one region at a time.
//!
//! It returns only resources that are tagged or were tagged once; never-tagged resources are invisible
//! to it (boto3#2586), which is why the inventory also lists services directly. Pagination tokens are
//! single-use: a page that fails with `PaginationTokenExpiredException` restarts the listing once.

use aws_sdk_resourcegroupstagging::types::TagFilter;

use super::listing::{Listed, tag_map};
use super::{AwsContext, sdk_error};
use crate::error::Result;

/// The largest page AWS allows.
const PAGE_SIZE: i32 = 100;
/// The largest tag count a page may carry (100-500). Pages end at whichever limit comes first, and the
/// service default is lower, so without this a page of well-tagged resources holds fewer than 100.
const TAGS_PER_PAGE: i32 = 500;

/// Every resource in `region` that the Tagging API knows, optionally narrowed by `service[:type]` filters
/// (at most 100) and by tag filters (`key`, values; AND across keys, OR within one).
pub async fn get_resources(
    ctx: &AwsContext,
    region: &str,
    type_filters: &[String],
    tag_filters: &[(String, Vec<String>)],
) -> Result<(Vec<Listed>, u32)> {
    let mut restarted = false;
    loop {
        match get_resources_once(ctx, region, type_filters, tag_filters).await {
            Err(err) if !restarted && err.aws_code() == Some("PaginationTokenExpiredException") => {
                tracing::warn!(region, "pagination token expired; restarting GetResources");
                restarted = true;
            }
            other => return other,
        }
    }
}

async fn get_resources_once(
    ctx: &AwsContext,
    region: &str,
    type_filters: &[String],
    tag_filters: &[(String, Vec<String>)],
) -> Result<(Vec<Listed>, u32)> {
    let client = ctx.tagging(region);
    let filters: Vec<TagFilter> = tag_filters
        .iter()
        .map(|(key, values)| {
            TagFilter::builder()
                .key(key)
                .set_values(Some(values.clone()))
                .build()
        })
        .collect();
    let mut resources = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let out = client
            .get_resources()
            .resources_per_page(PAGE_SIZE)
            .tags_per_page(TAGS_PER_PAGE)
            .set_resource_type_filters((!type_filters.is_empty()).then(|| type_filters.to_vec()))
            .set_tag_filters((!filters.is_empty()).then(|| filters.clone()))
            .set_pagination_token(token.take())
            .send()
            .await
            .map_err(|e| sdk_error("tag", "GetResources", Some(region), e))?;
        pages += 1;
        for mapping in out.resource_tag_mapping_list() {
            let Some(arn) = mapping.resource_arn() else {
                continue;
            };
            let mut listed = Listed::new(arn, arn_id(arn));
            listed.tags = Some(tag_map(
                mapping.tags().iter().map(|t| (Some(t.key()), Some(t.value()))),
            ));
            resources.push(listed);
        }
        // AWS ends with an empty token; moto omits it. Stop on either.
        match out.pagination_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => break,
        }
    }
    Ok((resources, pages))
}

/// The short id in an ARN: after the last `/` of the resource part if it has one (`i-0abc`,
/// `family:3` for a task definition), else after its last `:` (a function's name).
pub fn arn_id(arn: &str) -> String {
    let resource = arn.splitn(6, ':').nth(5).unwrap_or(arn);
    match resource.rsplit_once('/') {
        Some((_, id)) => id.to_string(),
        None => resource.rsplit(':').next().unwrap_or(resource).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::arn_id;

    #[test]
    fn arn_ids() {
        assert_eq!(
            arn_id("arn:aws:ec2:us-east-1:123456789012:instance/i-0abc"),
            "i-0abc"
        );
        assert_eq!(
            arn_id("arn:aws:lambda:us-east-1:123456789012:function:fanout"),
            "fanout"
        );
        assert_eq!(arn_id("arn:aws:s3:::my-bucket"), "my-bucket");
        assert_eq!(
            arn_id("arn:aws:ecs:us-east-1:123456789012:service/demo/crawler"),
            "crawler"
        );
        assert_eq!(
            arn_id("arn:aws:ecs:us-east-1:123456789012:task-definition/crawler:3"),
            "crawler:3"
        );
        assert_eq!(
            arn_id("arn:aws:autoscaling:us-east-1:1:autoScalingGroup:uuid:autoScalingGroupName/workers"),
            "workers"
        );
    }
}
