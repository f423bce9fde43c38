//! SageMaker: notebook instances (stopped and started by the kill-switch) and endpoints (reported as what
//! keeps billing). Neither ListNotebookInstances nor ListEndpoints returns tags, and neither do the
//! Describe calls: tags come from the Tagging API or from ListTags on the resource's ARN.

use std::collections::BTreeMap;

use aws_sdk_sagemaker::types::Tag;

use super::listing::{Listed, tag_map};
use super::{AwsContext, sdk_error};
use crate::error::Result;

/// The largest page of ListNotebookInstances, ListEndpoints and ListTags.
const PAGE_SIZE: i32 = 100;

/// Every notebook instance in `region`, with its status and without tags; the second value counts
/// requests.
pub async fn notebooks(ctx: &AwsContext, region: &str) -> Result<(Vec<Listed>, u32)> {
    let mut pages = ctx
        .sagemaker(region)
        .list_notebook_instances()
        .max_results(PAGE_SIZE)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    let mut requests = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("sagemaker", "ListNotebookInstances", Some(region), e))?;
        requests += 1;
        for notebook in page.notebook_instances() {
            let (Some(arn), Some(name)) = (
                notebook.notebook_instance_arn(),
                notebook.notebook_instance_name(),
            ) else {
                continue;
            };
            let mut listed = Listed::new(arn, name);
            listed.state = notebook
                .notebook_instance_status()
                .map(|s| s.as_str().to_string());
            out.push(listed);
        }
    }
    Ok((out, requests))
}

/// Every endpoint in `region`, with its status and without tags; the second value counts requests.
pub async fn endpoints(ctx: &AwsContext, region: &str) -> Result<(Vec<Listed>, u32)> {
    let mut pages = ctx
        .sagemaker(region)
        .list_endpoints()
        .max_results(PAGE_SIZE)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    let mut requests = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("sagemaker", "ListEndpoints", Some(region), e))?;
        requests += 1;
        for endpoint in page.endpoints() {
            let (Some(arn), Some(name)) = (endpoint.endpoint_arn(), endpoint.endpoint_name()) else {
                continue;
            };
            let mut listed = Listed::new(arn, name);
            listed.state = endpoint.endpoint_status().map(|s| s.as_str().to_string());
            out.push(listed);
        }
    }
    Ok((out, requests))
}

/// The tags of one SageMaker resource (every page of ListTags); the second value counts requests.
pub async fn tags(ctx: &AwsContext, region: &str, arn: &str) -> Result<(BTreeMap<String, String>, u32)> {
    let mut pages = ctx
        .sagemaker(region)
        .list_tags()
        .resource_arn(arn)
        .max_results(PAGE_SIZE)
        .into_paginator()
        .send();
    let mut tags = BTreeMap::new();
    let mut requests = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("sagemaker", "ListTags", Some(arn), e))?;
        requests += 1;
        tags.extend(tag_map(page.tags().iter().map(|t| (t.key(), t.value()))));
    }
    Ok((tags, requests))
}

/// Sets `tags` on a SageMaker resource (AddTags overwrites a key that exists).
pub async fn tag(ctx: &AwsContext, region: &str, arn: &str, tags: &[(String, String)]) -> Result<()> {
    let tags = tags
        .iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect();
    ctx.sagemaker(region)
        .add_tags()
        .resource_arn(arn)
        .set_tags(Some(tags))
        .send()
        .await
        .map_err(|e| sdk_error("sagemaker", "AddTags", Some(arn), e))?;
    Ok(())
}

/// Removes the tag `keys` from a SageMaker resource.
pub async fn untag(ctx: &AwsContext, region: &str, arn: &str, keys: &[&str]) -> Result<()> {
    ctx.sagemaker(region)
        .delete_tags()
        .resource_arn(arn)
        .set_tag_keys(Some(keys.iter().map(|k| k.to_string()).collect()))
        .send()
        .await
        .map_err(|e| sdk_error("sagemaker", "DeleteTags", Some(arn), e))?;
    Ok(())
}

/// StopNotebookInstance: the notebook goes `Stopping`, then `Stopped` (its ML storage volume stays).
pub async fn stop_notebook(ctx: &AwsContext, region: &str, name: &str) -> Result<()> {
    ctx.sagemaker(region)
        .stop_notebook_instance()
        .notebook_instance_name(name)
        .send()
        .await
        .map_err(|e| sdk_error("sagemaker", "StopNotebookInstance", Some(name), e))?;
    Ok(())
}

/// StartNotebookInstance: the notebook goes `Pending`, then `InService`.
pub async fn start_notebook(ctx: &AwsContext, region: &str, name: &str) -> Result<()> {
    ctx.sagemaker(region)
        .start_notebook_instance()
        .notebook_instance_name(name)
        .send()
        .await
        .map_err(|e| sdk_error("sagemaker", "StartNotebookInstance", Some(name), e))?;
    Ok(())
}

/// One production (or shadow) variant of an endpoint: what it keeps running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub name: String,
    pub shadow: bool,
    /// Instances by type (`ml.g5.xlarge`, 2); a type or count is `None` when no call said it.
    pub instances: Vec<(Option<String>, Option<i32>)>,
    /// A serverless variant: its memory (MB) and provisioned concurrency, which bills while idle.
    pub serverless: Option<(Option<i32>, Option<i32>)>,
}

/// What DescribeEndpoint (and, for the instance types it does not return, DescribeEndpointConfig) says
/// an endpoint runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capacity {
    pub status: Option<String>,
    pub variants: Vec<Variant>,
}

/// What one endpoint runs; the second value counts requests. DescribeEndpoint's variants carry the
/// instance counts but not the instance types (ProductionVariantSummary has none, except in instance
/// pools), which are in the endpoint configuration: DescribeEndpointConfig is called only when a variant
/// lacks its type. A failed DescribeEndpointConfig leaves the types unknown and is returned as well.
pub async fn capacity(
    ctx: &AwsContext,
    region: &str,
    name: &str,
) -> Result<(Capacity, u32, Option<crate::Error>)> {
    let client = ctx.sagemaker(region);
    let described = client
        .describe_endpoint()
        .endpoint_name(name)
        .send()
        .await
        .map_err(|e| sdk_error("sagemaker", "DescribeEndpoint", Some(name), e))?;
    let mut requests = 1;
    let summaries = described
        .production_variants()
        .iter()
        .map(|v| (v, false))
        .chain(described.shadow_production_variants().iter().map(|v| (v, true)));
    let mut variants: Vec<Variant> = summaries
        .map(|(v, shadow)| {
            let serverless = v
                .current_serverless_config()
                .or(v.desired_serverless_config())
                .map(|s| (s.memory_size_in_mb(), s.provisioned_concurrency()));
            let pools: Vec<(Option<String>, Option<i32>)> = v
                .instance_pools()
                .iter()
                .map(|p| {
                    (
                        p.instance_type().map(|t| t.as_str().to_string()),
                        p.current_instance_count(),
                    )
                })
                .collect();
            let instances = if !pools.is_empty() {
                pools
            } else if serverless.is_some() {
                Vec::new()
            } else {
                vec![(None, v.current_instance_count().or(v.desired_instance_count()))]
            };
            Variant {
                name: v.variant_name().unwrap_or_default().to_string(),
                shadow,
                instances,
                serverless,
            }
        })
        .collect();
    let mut config_error = None;
    let untyped = variants
        .iter()
        .any(|v| v.instances.iter().any(|(t, n)| t.is_none() || n.is_none()));
    if let (true, Some(config)) = (untyped, described.endpoint_config_name()) {
        requests += 1;
        match client
            .describe_endpoint_config()
            .endpoint_config_name(config)
            .send()
            .await
        {
            Ok(out) => {
                let configured = out
                    .production_variants()
                    .iter()
                    .chain(out.shadow_production_variants());
                for c in configured {
                    let Some(v) = variants
                        .iter_mut()
                        .find(|v| Some(v.name.as_str()) == c.variant_name())
                    else {
                        continue;
                    };
                    for (instance_type, count) in &mut v.instances {
                        if instance_type.is_none() {
                            *instance_type = c.instance_type().map(|t| t.as_str().to_string());
                        }
                        if count.is_none() {
                            *count = c.initial_instance_count();
                        }
                    }
                }
            }
            Err(e) => config_error = Some(sdk_error("sagemaker", "DescribeEndpointConfig", Some(config), e)),
        }
    }
    Ok((
        Capacity {
            status: described.endpoint_status().map(|s| s.as_str().to_string()),
            variants,
        },
        requests,
        config_error,
    ))
}
