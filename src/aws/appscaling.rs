//! Application Auto Scaling: the scalable targets of ECS services, and their suspension. An ECS service
//! scaled to 0 is scaled back up by its scalable target unless the target's scaling is suspended.

use aws_sdk_applicationautoscaling::types::{ScalableDimension, ServiceNamespace, SuspendedState};

use super::{AwsContext, sdk_error};
use crate::error::Result;

/// The suspension flags of a scalable target: scale-in, scale-out, scheduled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Suspension {
    pub scale_in: bool,
    pub scale_out: bool,
    pub scheduled: bool,
}

impl Suspension {
    pub const ALL: Suspension = Suspension {
        scale_in: true,
        scale_out: true,
        scheduled: true,
    };
}

/// The suspension state of the desired-count targets of `resource_ids` (`service/CLUSTER/SERVICE`);
/// services without a scalable target are absent from the map. Batched by 50 ids.
pub async fn ecs_targets(
    ctx: &AwsContext,
    region: &str,
    resource_ids: &[String],
) -> Result<(std::collections::BTreeMap<String, Suspension>, u32)> {
    let client = ctx.appscaling(region);
    let mut out = std::collections::BTreeMap::new();
    let mut requests = 0;
    for chunk in resource_ids.chunks(50) {
        let mut pages = client
            .describe_scalable_targets()
            .service_namespace(ServiceNamespace::Ecs)
            .set_resource_ids(Some(chunk.to_vec()))
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                sdk_error(
                    "application-autoscaling",
                    "DescribeScalableTargets",
                    Some(region),
                    e,
                )
            })?;
            requests += 1;
            for target in page.scalable_targets() {
                let state = target.suspended_state();
                out.insert(
                    target.resource_id().to_string(),
                    Suspension {
                        scale_in: state
                            .and_then(|s| s.dynamic_scaling_in_suspended())
                            .unwrap_or(false),
                        scale_out: state
                            .and_then(|s| s.dynamic_scaling_out_suspended())
                            .unwrap_or(false),
                        scheduled: state
                            .and_then(|s| s.scheduled_scaling_suspended())
                            .unwrap_or(false),
                    },
                );
            }
        }
    }
    Ok((out, requests))
}

/// Sets the suspension state of an ECS service's existing scalable target (capacities unchanged).
pub async fn set_ecs_suspension(
    ctx: &AwsContext,
    region: &str,
    resource_id: &str,
    suspension: Suspension,
) -> Result<()> {
    ctx.appscaling(region)
        .register_scalable_target()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id(resource_id)
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .suspended_state(
            SuspendedState::builder()
                .dynamic_scaling_in_suspended(suspension.scale_in)
                .dynamic_scaling_out_suspended(suspension.scale_out)
                .scheduled_scaling_suspended(suspension.scheduled)
                .build(),
        )
        .send()
        .await
        .map_err(|e| {
            sdk_error(
                "application-autoscaling",
                "RegisterScalableTarget",
                Some(resource_id),
                e,
            )
        })?;
    Ok(())
}
