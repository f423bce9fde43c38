//! Bedrock: model customization jobs (stopped for good by the kill-switch with
//! StopModelCustomizationJob) and provisioned model throughput (reported as what keeps billing: it can
//! only be deleted). Neither listing returns tags: they come from the Tagging API or from
//! ListTagsForResource on the resource's ARN. Both take tags after creation
//! (<https://docs.aws.amazon.com/bedrock/latest/APIReference/API_TagResource.html>: the ARN pattern
//! names `model-customization-job` and `provisioned-model`).

use std::collections::BTreeMap;

use aws_sdk_bedrock::primitives::{DateTime, DateTimeFormat};
use aws_sdk_bedrock::types::{FineTuningJobStatus, Tag};

use super::listing::{Listed, tag_map};
use super::{AwsContext, sdk_error};
use crate::error::Result;

/// The largest page of ListModelCustomizationJobs and ListProvisionedModelThroughputs.
const PAGE_SIZE: i32 = 1000;

fn date(d: &DateTime) -> String {
    d.fmt(DateTimeFormat::DateTime)
        .unwrap_or_else(|_| d.secs().to_string())
}

/// One model customization job as ListModelCustomizationJobs gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub arn: String,
    pub name: String,
    /// `InProgress`, `Completed`, `Failed`, `Stopping`, `Stopped`.
    pub status: String,
    pub base_model: String,
    pub custom_model_name: Option<String>,
    pub customization_type: Option<String>,
    /// RFC 3339.
    pub created: String,
}

/// The customization jobs in `region` with `status` (`InProgress`, `Stopping`, `Stopped`), every page;
/// the second value counts requests.
pub async fn jobs(ctx: &AwsContext, region: &str, status: &str) -> Result<(Vec<Job>, u32)> {
    let mut pages = ctx
        .bedrock(region)
        .list_model_customization_jobs()
        .status_equals(FineTuningJobStatus::from(status))
        .max_results(PAGE_SIZE)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    let mut requests = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("bedrock", "ListModelCustomizationJobs", Some(region), e))?;
        requests += 1;
        for job in page.model_customization_job_summaries() {
            out.push(Job {
                arn: job.job_arn().to_string(),
                name: job.job_name().to_string(),
                status: job.status().as_str().to_string(),
                base_model: job.base_model_arn().to_string(),
                custom_model_name: job.custom_model_name().map(str::to_string),
                customization_type: job.customization_type().map(|t| t.as_str().to_string()),
                created: date(job.creation_time()),
            });
        }
    }
    Ok((out, requests))
}

/// The running (`InProgress`) customization jobs in `region`, for the inventory: no tags.
pub async fn job_listing(ctx: &AwsContext, region: &str) -> Result<(Vec<Listed>, u32)> {
    let (jobs, requests) = jobs(ctx, region, "InProgress").await?;
    let listed = jobs
        .into_iter()
        .map(|job| {
            let mut listed = Listed::new(&job.arn, &job.name);
            listed.state = Some(job.status);
            listed
        })
        .collect();
    Ok((listed, requests))
}

/// Every provisioned model throughput in `region`, with its status and without tags; the second value
/// counts requests.
pub async fn throughputs(ctx: &AwsContext, region: &str) -> Result<(Vec<Listed>, u32)> {
    let mut pages = ctx
        .bedrock(region)
        .list_provisioned_model_throughputs()
        .max_results(PAGE_SIZE)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    let mut requests = 0;
    while let Some(page) = pages.next().await {
        let page =
            page.map_err(|e| sdk_error("bedrock", "ListProvisionedModelThroughputs", Some(region), e))?;
        requests += 1;
        for p in page.provisioned_model_summaries() {
            let mut listed = Listed::new(p.provisioned_model_arn(), p.provisioned_model_name());
            listed.state = Some(p.status().as_str().to_string());
            out.push(listed);
        }
    }
    Ok((out, requests))
}

/// What a provisioned model throughput keeps running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Throughput {
    pub status: String,
    pub model_units: i32,
    pub desired_model_units: i32,
    /// The model it serves (a custom model's or a foundation model's ARN).
    pub model: String,
    /// `OneMonth`, `SixMonths`, or `None` without a commitment term.
    pub commitment: Option<String>,
    /// RFC 3339: when the commitment term ends.
    pub commitment_ends: Option<String>,
}

/// GetProvisionedModelThroughput.
pub async fn throughput(ctx: &AwsContext, region: &str, arn: &str) -> Result<Throughput> {
    let p = ctx
        .bedrock(region)
        .get_provisioned_model_throughput()
        .provisioned_model_id(arn)
        .send()
        .await
        .map_err(|e| sdk_error("bedrock", "GetProvisionedModelThroughput", Some(arn), e))?;
    Ok(Throughput {
        status: p.status().as_str().to_string(),
        model_units: p.model_units(),
        desired_model_units: p.desired_model_units(),
        model: p.model_arn().to_string(),
        commitment: p.commitment_duration().map(|c| c.as_str().to_string()),
        commitment_ends: p.commitment_expiration_time().map(date),
    })
}

/// The tags of one Bedrock resource; the second value counts requests.
pub async fn tags(ctx: &AwsContext, region: &str, arn: &str) -> Result<(BTreeMap<String, String>, u32)> {
    let out = ctx
        .bedrock(region)
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .map_err(|e| sdk_error("bedrock", "ListTagsForResource", Some(arn), e))?;
    let tags = tag_map(out.tags().iter().map(|t| (Some(t.key()), Some(t.value()))));
    Ok((tags, 1))
}

/// Sets `tags` on a Bedrock resource (TagResource overwrites a key that exists).
pub async fn tag(ctx: &AwsContext, region: &str, arn: &str, tags: &[(String, String)]) -> Result<()> {
    let mut built = Vec::new();
    for (k, v) in tags {
        built.push(
            Tag::builder()
                .key(k)
                .value(v)
                .build()
                .map_err(|e| crate::Error::usage(format!("internal: a Bedrock tag: {e}")))?,
        );
    }
    ctx.bedrock(region)
        .tag_resource()
        .resource_arn(arn)
        .set_tags(Some(built))
        .send()
        .await
        .map_err(|e| sdk_error("bedrock", "TagResource", Some(arn), e))?;
    Ok(())
}

/// Removes the tag `keys` from a Bedrock resource.
pub async fn untag(ctx: &AwsContext, region: &str, arn: &str, keys: &[&str]) -> Result<()> {
    ctx.bedrock(region)
        .untag_resource()
        .resource_arn(arn)
        .set_tag_keys(Some(keys.iter().map(|k| k.to_string()).collect()))
        .send()
        .await
        .map_err(|e| sdk_error("bedrock", "UntagResource", Some(arn), e))?;
    Ok(())
}

/// StopModelCustomizationJob by the job's name (the identifier takes a name or an ARN): the job goes
/// `Stopping`, then `Stopped`, and cannot be resumed.
pub async fn stop_job(ctx: &AwsContext, region: &str, name: &str) -> Result<()> {
    ctx.bedrock(region)
        .stop_model_customization_job()
        .job_identifier(name)
        .send()
        .await
        .map_err(|e| sdk_error("bedrock", "StopModelCustomizationJob", Some(name), e))?;
    Ok(())
}
