//! Step Functions: state machines (listed with their tags, so never-tagged ones show in `audit`) and
//! their executions, which the kill-switch stops for good with StopExecution. An execution cannot carry
//! tags (TagResource takes state machines and activities only:
//! <https://docs.aws.amazon.com/step-functions/latest/apireference/API_TagResource.html>), so the
//! kill-switch tags the state machine and names its kill in the `error` and `cause` StopExecution
//! records on the execution itself, which DescribeExecution returns for 90 days.

use aws_sdk_sfn::primitives::{DateTime, DateTimeFormat};
use aws_sdk_sfn::types::{ExecutionStatus, StateMachineType, Tag};

use super::listing::{Listed, tag_map};
use super::{AwsContext, sdk_error};
use crate::error::Result;

/// The largest page of ListStateMachines and ListExecutions.
const PAGE_SIZE: i32 = 1000;

/// A state machine's type as its listing's `state`: `STANDARD` or `EXPRESS`.
pub const EXPRESS: &str = "EXPRESS";

/// Every state machine in `region`, its type as its state, with its tags (one ListTagsForResource each:
/// ListStateMachines returns none); the second value counts requests.
pub async fn state_machines(ctx: &AwsContext, region: &str) -> Result<(Vec<Listed>, u32)> {
    let client = ctx.sfn(region);
    let mut pages = client
        .list_state_machines()
        .max_results(PAGE_SIZE)
        .into_paginator()
        .send();
    let mut machines = Vec::new();
    let mut requests = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("states", "ListStateMachines", Some(region), e))?;
        requests += 1;
        for machine in page.state_machines() {
            let mut listed = Listed::new(machine.state_machine_arn(), machine.name());
            listed.state = Some(match machine.r#type() {
                StateMachineType::Express => EXPRESS.to_string(),
                other => other.as_str().to_string(),
            });
            machines.push(listed);
        }
    }
    let tagged = super::fan_out(machines, 16, |mut machine| {
        let client = &client;
        async move {
            let tags = client
                .list_tags_for_resource()
                .resource_arn(&machine.arn)
                .send()
                .await
                .map_err(|e| sdk_error("states", "ListTagsForResource", Some(&machine.arn), e))?;
            machine.tags = Some(tag_map(tags.tags().iter().map(|t| (t.key(), t.value()))));
            Ok::<Listed, crate::Error>(machine)
        }
    })
    .await;
    let mut out = Vec::new();
    for machine in tagged {
        requests += 1;
        out.push(machine?);
    }
    Ok((out, requests))
}

/// One execution as ListExecutions and DescribeExecution give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Execution {
    pub arn: String,
    pub state_machine_arn: String,
    pub name: String,
    /// `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT`, `ABORTED`, `PENDING_REDRIVE`.
    pub status: String,
    /// RFC 3339.
    pub start_date: String,
    pub stop_date: Option<String>,
    /// From DescribeExecution only.
    pub input: Option<String>,
    /// From DescribeExecution only: what StopExecution (or the failure) recorded.
    pub error: Option<String>,
    pub cause: Option<String>,
}

fn date(d: &DateTime) -> String {
    d.fmt(DateTimeFormat::DateTime)
        .unwrap_or_else(|_| d.secs().to_string())
}

/// The executions of a (standard) state machine with `status` (`RUNNING`, `ABORTED`), every page,
/// newest first; the second value counts requests. An express state machine's executions cannot be
/// listed: ListExecutions fails with `StateMachineTypeNotSupported`.
pub async fn executions(
    ctx: &AwsContext,
    region: &str,
    state_machine_arn: &str,
    status: &str,
) -> Result<(Vec<Execution>, u32)> {
    let mut pages = ctx
        .sfn(region)
        .list_executions()
        .state_machine_arn(state_machine_arn)
        .status_filter(ExecutionStatus::from(status))
        .max_results(PAGE_SIZE)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    let mut requests = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("states", "ListExecutions", Some(state_machine_arn), e))?;
        requests += 1;
        for e in page.executions() {
            out.push(Execution {
                arn: e.execution_arn().to_string(),
                state_machine_arn: e.state_machine_arn().to_string(),
                name: e.name().to_string(),
                status: e.status().as_str().to_string(),
                start_date: date(e.start_date()),
                stop_date: e.stop_date().map(date),
                input: None,
                error: None,
                cause: None,
            });
        }
    }
    Ok((out, requests))
}

/// DescribeExecution: the execution with its input and, once stopped, its error and cause.
pub async fn describe_execution(ctx: &AwsContext, region: &str, arn: &str) -> Result<Execution> {
    let e = ctx
        .sfn(region)
        .describe_execution()
        .execution_arn(arn)
        .send()
        .await
        .map_err(|e| sdk_error("states", "DescribeExecution", Some(arn), e))?;
    Ok(Execution {
        arn: e.execution_arn().to_string(),
        state_machine_arn: e.state_machine_arn().to_string(),
        name: e
            .name()
            .map(str::to_string)
            .unwrap_or_else(|| arn.rsplit(':').next().unwrap_or(arn).to_string()),
        status: e.status().as_str().to_string(),
        start_date: date(e.start_date()),
        stop_date: e.stop_date().map(date),
        input: e.input().map(str::to_string),
        error: e.error().map(str::to_string),
        cause: e.cause().map(str::to_string),
    })
}

/// StopExecution with an `error` code and a `cause` (at most 256 and 32,768 characters), which
/// DescribeExecution returns afterwards.
pub async fn stop_execution(
    ctx: &AwsContext,
    region: &str,
    arn: &str,
    error: &str,
    cause: &str,
) -> Result<()> {
    ctx.sfn(region)
        .stop_execution()
        .execution_arn(arn)
        .error(error)
        .cause(cause)
        .send()
        .await
        .map_err(|e| sdk_error("states", "StopExecution", Some(arn), e))?;
    Ok(())
}

/// Sets `tags` on a state machine (TagResource overwrites a key that exists).
pub async fn tag(ctx: &AwsContext, region: &str, arn: &str, tags: &[(String, String)]) -> Result<()> {
    ctx.sfn(region)
        .tag_resource()
        .resource_arn(arn)
        .set_tags(Some(
            tags.iter()
                .map(|(k, v)| Tag::builder().key(k).value(v).build())
                .collect(),
        ))
        .send()
        .await
        .map_err(|e| sdk_error("states", "TagResource", Some(arn), e))?;
    Ok(())
}
