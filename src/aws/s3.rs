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

/// One object under a prefix, from `ListObjectsV2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    pub key: String,
    pub size: u64,
    pub etag: String,
}

/// The region a bucket lives in (`GetBucketLocation`, asked of the global region, which answers for
/// every bucket of the partition; an empty constraint is us-east-1).
pub async fn bucket_region(ctx: &AwsContext, bucket: &str) -> Result<String> {
    let region = ctx.global_region();
    let out = ctx
        .s3(&region)
        .get_bucket_location()
        .bucket(bucket)
        .send()
        .await
        .map_err(|e| sdk_error("s3", "GetBucketLocation", Some(bucket), e))?;
    Ok(match out.location_constraint().map(|c| c.as_str()) {
        None | Some("") => "us-east-1".to_string(),
        // The legacy name of eu-west-1.
        Some("EU") => "eu-west-1".to_string(),
        Some(other) => other.to_string(),
    })
}

/// Every object under `prefix` (all pages), and how many pages that took.
pub async fn list_objects(
    ctx: &AwsContext,
    region: &str,
    bucket: &str,
    prefix: &str,
) -> Result<(Vec<Object>, u32)> {
    let mut pages = ctx
        .s3(region)
        .list_objects_v2()
        .bucket(bucket)
        .prefix(prefix)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    let mut count = 0;
    let scope = format!("s3://{bucket}/{prefix}");
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("s3", "ListObjectsV2", Some(&scope), e))?;
        count += 1;
        for object in page.contents() {
            let Some(key) = object.key() else { continue };
            out.push(Object {
                key: key.to_string(),
                size: object.size().unwrap_or_default().max(0) as u64,
                etag: object.e_tag().unwrap_or_default().to_string(),
            });
        }
    }
    Ok((out, count))
}

/// What a ranged `GetObject` returned: the bytes, and the object's whole size (from `Content-Range`,
/// else the body's length).
#[derive(Debug, Clone)]
pub struct Got {
    pub bytes: bytes::Bytes,
    pub object_size: u64,
}

/// `GetObject` of `range` (an HTTP range such as `bytes=0-99` or `bytes=-65536`), or the whole object.
pub async fn get_object(
    ctx: &AwsContext,
    region: &str,
    bucket: &str,
    key: &str,
    range: Option<String>,
) -> Result<Got> {
    let scope = format!("s3://{bucket}/{key}");
    let out = ctx
        .s3(region)
        .get_object()
        .bucket(bucket)
        .key(key)
        .set_range(range)
        .send()
        .await
        .map_err(|e| sdk_error("s3", "GetObject", Some(&scope), e))?;
    let total = out
        .content_range()
        .and_then(|r| r.rsplit_once('/'))
        .and_then(|(_, size)| size.parse::<u64>().ok());
    let bytes = out
        .body
        .collect()
        .await
        .map_err(|e| crate::error::Error::from(body_error(&scope, &e.to_string())))?
        .into_bytes();
    Ok(Got {
        object_size: total.unwrap_or(bytes.len() as u64),
        bytes,
    })
}

/// A `GetObject` body read as it arrives, so a large object never sits in memory whole.
#[derive(Debug)]
pub struct Body {
    stream: aws_sdk_s3::primitives::ByteStream,
    scope: String,
}

impl Body {
    /// The next chunk of the body, `None` at its end.
    pub async fn next(&mut self) -> Result<Option<bytes::Bytes>> {
        match self.stream.next().await {
            None => Ok(None),
            Some(Ok(bytes)) => Ok(Some(bytes)),
            Some(Err(e)) => Err(body_error(&self.scope, &e.to_string()).into()),
        }
    }
}

/// `GetObject` of a whole object, as a stream of chunks.
pub async fn get_object_stream(ctx: &AwsContext, region: &str, bucket: &str, key: &str) -> Result<Body> {
    let scope = format!("s3://{bucket}/{key}");
    let out = ctx
        .s3(region)
        .get_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .map_err(|e| sdk_error("s3", "GetObject", Some(&scope), e))?;
    Ok(Body {
        stream: out.body,
        scope,
    })
}

fn body_error(scope: &str, detail: &str) -> crate::error::AwsError {
    crate::error::AwsError {
        service: "s3",
        operation: "GetObject",
        scope: Some(scope.to_string()),
        code: None,
        detail: format!("the connection broke while reading the object: {detail}"),
        hint: Some("run the report again".into()),
    }
}
