//! S3: buckets (a global listing that does not return tags) and a per-bucket tag lookup for buckets the
//! Tagging API does not know.

use std::collections::BTreeMap;

use super::listing::{Listed, tag_map};
use super::{AwsContext, partition, sdk_error};
use crate::error::Result;

/// Every bucket the caller owns, with its region where S3 reports it.
pub async fn buckets(ctx: &AwsContext) -> Result<(Vec<Listed>, u32)> {
    let region = ctx.global_region();
    let mut pages = ctx
        .s3(&region)
        .list_buckets()
        .max_buckets(10_000)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    let mut count = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("s3", "ListBuckets", None, e))?;
        count += 1;
        for bucket in page.buckets() {
            let Some(name) = bucket.name() else { continue };
            let mut listed = Listed::new(format!("arn:{}:s3:::{name}", partition(&region)), name);
            listed.region = bucket.bucket_region().map(str::to_string);
            out.push(listed);
        }
    }
    Ok((out, count))
}

/// The tags of one bucket; a bucket without a tag set has none.
pub async fn bucket_tags(
    ctx: &AwsContext,
    bucket: &str,
    region: Option<&str>,
) -> Result<BTreeMap<String, String>> {
    let region = region.map(str::to_string).unwrap_or_else(|| ctx.global_region());
    match ctx.s3(&region).get_bucket_tagging().bucket(bucket).send().await {
        Ok(out) => Ok(tag_map(
            out.tag_set().iter().map(|t| (Some(t.key()), Some(t.value()))),
        )),
        Err(err) => {
            let err = sdk_error("s3", "GetBucketTagging", Some(bucket), err);
            if err.aws_code() == Some("NoSuchTagSet") {
                Ok(BTreeMap::new())
            } else {
                Err(err)
            }
        }
    }
}
