//! Lambda: functions (ListFunctions does not return tags) and a per-function tag lookup for functions
//! the Tagging API does not know.

use super::listing::{Listed, tag_map};
use super::{AwsContext, sdk_error};
use crate::error::Result;

/// ListFunctions' largest page.
const PAGE_SIZE: i32 = 50;

/// Every function in `region`, without tags.
pub async fn functions(ctx: &AwsContext, region: &str) -> Result<(Vec<Listed>, u32)> {
    let mut pages = ctx
        .lambda(region)
        .list_functions()
        .max_items(PAGE_SIZE)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    let mut count = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("lambda", "ListFunctions", Some(region), e))?;
        count += 1;
        for function in page.functions() {
            let (Some(arn), Some(name)) = (function.function_arn(), function.function_name()) else {
                continue;
            };
            let mut listed = Listed::new(arn, name);
            listed.state = function.state().map(|s| s.as_str().to_string());
            out.push(listed);
        }
    }
    Ok((out, count))
}

/// The tags of one function.
pub async fn tags(
    ctx: &AwsContext,
    region: &str,
    arn: &str,
) -> Result<std::collections::BTreeMap<String, String>> {
    let out = ctx
        .lambda(region)
        .list_tags()
        .resource(arn)
        .send()
        .await
        .map_err(|e| sdk_error("lambda", "ListTags", Some(arn), e))?;
    Ok(lambda_tags(out.tags()))
}

/// Lambda's tag map (ListTags, GetFunction) as costbrake's.
fn lambda_tags(
    tags: Option<&std::collections::HashMap<String, String>>,
) -> std::collections::BTreeMap<String, String> {
    tag_map(
        tags.into_iter()
            .flatten()
            .map(|(k, v)| (Some(k.as_str()), Some(v.as_str()))),
    )
}

/// What GetFunction says about one function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionRead {
    pub tags: std::collections::BTreeMap<String, String>,
    /// The reserved concurrency when GetFunction reports one. Its absence is ambiguous: AWS omits it when
    /// there is no reservation, moto also when the reservation is 0. [`reserved_concurrency`] tells them
    /// apart.
    pub reported_reservation: Option<i32>,
}

/// One function's fresh tags and, when reported, its reserved concurrency, in one GetFunction call.
pub async fn function(ctx: &AwsContext, region: &str, arn: &str) -> Result<FunctionRead> {
    let out = ctx
        .lambda(region)
        .get_function()
        .function_name(arn)
        .send()
        .await
        .map_err(|e| sdk_error("lambda", "GetFunction", Some(arn), e))?;
    Ok(FunctionRead {
        tags: lambda_tags(out.tags()),
        reported_reservation: out.concurrency().and_then(|c| c.reserved_concurrent_executions()),
    })
}

/// A function's reserved concurrency: `None` when it has none (which differs from a reservation of 0).
pub async fn reserved_concurrency(ctx: &AwsContext, region: &str, function: &str) -> Result<Option<i32>> {
    let out = ctx
        .lambda(region)
        .get_function_concurrency()
        .function_name(function)
        .send()
        .await
        .map_err(|e| sdk_error("lambda", "GetFunctionConcurrency", Some(function), e))?;
    Ok(out.reserved_concurrent_executions())
}

/// Sets a reserved concurrency, or removes it with `None`.
pub async fn set_reserved_concurrency(
    ctx: &AwsContext,
    region: &str,
    function: &str,
    value: Option<i32>,
) -> Result<()> {
    let client = ctx.lambda(region);
    match value {
        Some(n) => {
            client
                .put_function_concurrency()
                .function_name(function)
                .reserved_concurrent_executions(n)
                .send()
                .await
                .map_err(|e| sdk_error("lambda", "PutFunctionConcurrency", Some(function), e))?;
        }
        None => {
            client
                .delete_function_concurrency()
                .function_name(function)
                .send()
                .await
                .map_err(|e| sdk_error("lambda", "DeleteFunctionConcurrency", Some(function), e))?;
        }
    }
    Ok(())
}

/// Sets `tags` on a function.
pub async fn tag(ctx: &AwsContext, region: &str, arn: &str, tags: &[(String, String)]) -> Result<()> {
    ctx.lambda(region)
        .tag_resource()
        .resource(arn)
        .set_tags(Some(tags.iter().cloned().collect()))
        .send()
        .await
        .map_err(|e| sdk_error("lambda", "TagResource", Some(arn), e))?;
    Ok(())
}

/// Removes the tag `keys` from a function.
pub async fn untag(ctx: &AwsContext, region: &str, arn: &str, keys: &[&str]) -> Result<()> {
    ctx.lambda(region)
        .untag_resource()
        .resource(arn)
        .set_tag_keys(Some(keys.iter().map(|k| k.to_string()).collect()))
        .send()
        .await
        .map_err(|e| sdk_error("lambda", "UntagResource", Some(arn), e))?;
    Ok(())
}
