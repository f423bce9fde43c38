//! ECS services: a kill suspends the service's Application Auto Scaling target first (or it scales the
//! service straight back up), then sets the desired count to 0; undo restores the desired count and the
//! target's exact suspension flags. Tasks of a service are the service's business.

use std::collections::BTreeMap;

use futures::future::LocalBoxFuture;
use serde::Serialize;

use crate::aws::{self, AwsContext};
use crate::error::Result;
use crate::inventory::Resource;

use super::super::apply::Run;
use super::super::read::{CONCURRENCY, Part, ReadCx, gap, make_live};
use super::super::{Action as StepAction, Kind, Live, MARKERS, State, Step, Target};
use super::{Handler, Info, KindAction, PriorState, Undone, foreign};

/// Application Auto Scaling suspension flags of an ECS service's scalable target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Scaling {
    pub scale_in_suspended: bool,
    pub scale_out_suspended: bool,
    pub scheduled_suspended: bool,
}

impl Scaling {
    pub const SUSPENDED: Scaling = Scaling {
        scale_in_suspended: true,
        scale_out_suspended: true,
        scheduled_suspended: true,
    };

    fn compact(self) -> String {
        let flags: Vec<&str> = [
            (self.scale_in_suspended, "in"),
            (self.scale_out_suspended, "out"),
            (self.scheduled_suspended, "scheduled"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        if flags.is_empty() {
            "active".into()
        } else {
            format!("suspended:{}", flags.join("+"))
        }
    }

    fn parse(value: &str) -> Option<Scaling> {
        if value == "active" {
            return Some(Scaling::default());
        }
        let mut scaling = Scaling::default();
        for flag in value.strip_prefix("suspended:")?.split('+') {
            match flag {
                "in" => scaling.scale_in_suspended = true,
                "out" => scaling.scale_out_suspended = true,
                "scheduled" => scaling.scheduled_suspended = true,
                _ => return None,
            }
        }
        Some(scaling)
    }

    pub fn describe(self) -> String {
        self.compact().replace(':', " ").replace('+', ", ")
    }
}

/// A service's prior state: desired count and its scalable target's suspension, if it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Prior {
    pub desired: i32,
    pub scaling: Option<Scaling>,
}

impl PriorState for Prior {
    fn compact(&self) -> String {
        format!(
            "desired={} scaling={}",
            self.desired,
            self.scaling
                .map(Scaling::compact)
                .unwrap_or_else(|| "none".into())
        )
    }

    fn describe(&self) -> String {
        match self.scaling {
            Some(scaling) => format!("desired {}, autoscaling {}", self.desired, scaling.describe()),
            None => format!("desired {}", self.desired),
        }
    }
}

/// What a kill or undo does to a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "action", rename_all = "kebab-case")]
#[cfg_attr(test, schemars(rename = "ServiceAction"))]
pub enum Action {
    /// Desired count → 0, and suspend the scalable target if there is one.
    StopService { suspend_scaling: bool },
    /// Restore the desired count and the scalable target's suspension.
    RestoreService { desired: i32, scaling: Option<Scaling> },
}

impl KindAction for Action {
    fn describe(&self, current: &State) -> Option<String> {
        let State::Service(Prior { desired: now, .. }) = current else {
            return None;
        };
        Some(match self {
            Action::StopService { suspend_scaling } => {
                let mut s = format!("scale {now} → 0");
                if *suspend_scaling {
                    s.push_str(", suspend autoscaling");
                }
                s
            }
            Action::RestoreService { desired, scaling } => {
                let mut s = format!("scale {now} → {desired}");
                if let Some(scaling) = scaling {
                    s.push_str(&format!(", autoscaling {}", scaling.describe()));
                }
                s
            }
        })
    }
}

/// The handler of [`Kind::Service`].
#[derive(Debug)]
pub struct Services;

impl Handler for Services {
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::Service]
    }

    fn info(&self, _kind: Kind) -> Info {
        Info {
            type_name: "ecs:service",
            label: "ecs service",
            listed: true,
        }
    }

    fn parse(&self, fields: &BTreeMap<&str, &str>) -> Option<State> {
        Some(State::Service(Prior {
            desired: fields.get("desired")?.parse().ok()?,
            scaling: match *fields.get("scaling")? {
                "none" => None,
                other => Some(Scaling::parse(other)?),
            },
        }))
    }

    fn target(&self, kind: Kind, resource: &Resource) -> Target {
        Target {
            cluster: aws::ecs::service_cluster(&resource.arn),
            ..super::target(kind, resource)
        }
    }

    fn read<'a>(&'a self, cx: &'a ReadCx<'a>, _before: &'a [Live]) -> LocalBoxFuture<'a, Result<Part>> {
        Box::pin(async move { Ok(read(cx).await) })
    }

    fn kill_action(&self, l: &Live) -> StepAction {
        let State::Service(Prior { desired, scaling }) = &l.current else {
            return StepAction::blocked("internal: not a service state");
        };
        let unsuspended = scaling.is_some_and(|s| s != Scaling::SUSPENDED);
        if *desired > 0 || unsuspended {
            StepAction::Service(Action::StopService {
                suspend_scaling: scaling.is_some(),
            })
        } else {
            StepAction::keep("already at 0")
        }
    }

    fn undo_action(&self, current: &State, prior: &State) -> Option<StepAction> {
        let (State::Service(_), State::Service(Prior { desired, scaling })) = (current, prior) else {
            return None;
        };
        Some(StepAction::Service(Action::RestoreService {
            desired: *desired,
            scaling: *scaling,
        }))
    }

    fn mark<'a>(
        &'a self,
        ctx: &'a AwsContext,
        target: &'a Target,
        tags: &'a [(String, String)],
    ) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(aws::ecs::tag(ctx, &target.region, &target.arn, tags))
    }

    fn unmark<'a>(&'a self, ctx: &'a AwsContext, target: &'a Target) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(aws::ecs::untag(ctx, &target.region, &target.arn, &MARKERS))
    }

    fn kill<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let t = &step.target;
            let StepAction::Service(Action::StopService { suspend_scaling }) = &step.action else {
                return Err(foreign(&step.action));
            };
            let cluster = t.cluster.as_deref().unwrap_or_default();
            if *suspend_scaling {
                // Suspend first, or the scalable target scales the service straight back up.
                run.change();
                aws::appscaling::set_ecs_suspension(
                    run.ctx,
                    &t.region,
                    &format!("service/{cluster}/{}", t.id),
                    aws::appscaling::Suspension::ALL,
                )
                .await?;
            }
            run.change();
            aws::ecs::set_desired(run.ctx, &t.region, cluster, &t.id, 0).await
        })
    }

    fn undo<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<Undone>> {
        Box::pin(async move {
            let t = &step.target;
            let StepAction::Service(Action::RestoreService { desired, scaling }) = &step.action else {
                return Err(foreign(&step.action));
            };
            let cluster = t.cluster.as_deref().unwrap_or_default();
            run.change();
            aws::ecs::set_desired(run.ctx, &t.region, cluster, &t.id, *desired).await?;
            if let Some(scaling) = scaling {
                run.change();
                aws::appscaling::set_ecs_suspension(
                    run.ctx,
                    &t.region,
                    &format!("service/{cluster}/{}", t.id),
                    aws::appscaling::Suspension {
                        scale_in: scaling.scale_in_suspended,
                        scale_out: scaling.scale_out_suspended,
                        scheduled: scaling.scheduled_suspended,
                    },
                )
                .await?;
            }
            Ok(Undone::Unmark)
        })
    }
}

/// The services (described per region) and their scalable targets.
async fn read(cx: &ReadCx<'_>) -> Part {
    let mut part = Part::default();
    let mut services: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for c in cx.of(&[Kind::Service]) {
        let t = &c.target;
        match &t.cluster {
            Some(cluster) => services
                .entry(t.region.clone())
                .or_default()
                .push((cluster.clone(), t.arn.clone())),
            None => part.live.push(Live {
                target: t.clone(),
                current: State::Service(Prior {
                    desired: 0,
                    scaling: None,
                }),
                markers: None,
                blocker: Some(
                    "old-format ECS service ARN without its cluster: opt in to the long ARN format".into(),
                ),
                selected: true,
            }),
        }
    }
    let ctx = cx.ctx;
    let results = aws::fan_out(services, CONCURRENCY, |(region, arns)| async move {
        // Services the inventory's DescribeServices listing saw in this run are not described again.
        let mut known = Vec::new();
        let mut unknown = Vec::new();
        for (cluster, arn) in arns {
            let listed = cx.candidates.iter().find(|c| c.target.arn == arn);
            match listed.and_then(|c| c.resource.service.clone()) {
                Some(detail) => known.push(detail),
                None => unknown.push((cluster, arn)),
            }
        }
        let described = if unknown.is_empty() {
            Ok((Vec::new(), 0))
        } else {
            aws::ecs::describe_services(ctx, &region, &unknown).await
        }
        .map(|(mut details, calls)| {
            details.extend(known);
            (details, calls)
        });
        let scaling = match &described {
            Ok((details, _)) => {
                let ids: Vec<String> = details
                    .iter()
                    .map(|d| format!("service/{}/{}", d.cluster, d.name))
                    .collect();
                Some(aws::appscaling::ecs_targets(ctx, &region, &ids).await)
            }
            Err(_) => None,
        };
        (region, described, scaling)
    })
    .await;
    for (region, described, scaling) in results {
        let (details, calls) = match described {
            Ok(ok) => ok,
            Err(err) => {
                part.gaps.push(gap("ecs:DescribeServices", &region, None, err));
                continue;
            }
        };
        part.requests += calls;
        let targets_state = match scaling {
            Some(Ok((map, calls))) => {
                part.requests += calls;
                map
            }
            Some(Err(err)) => {
                part.gaps.push(gap(
                    "application-autoscaling:DescribeScalableTargets",
                    &region,
                    None,
                    err,
                ));
                continue;
            }
            None => BTreeMap::new(),
        };
        for d in details {
            if !cx.picks(&d.tags) {
                continue;
            }
            let Some(candidate) = cx.candidates.iter().find(|c| c.target.arn == d.arn) else {
                continue;
            };
            let scaling = targets_state
                .get(&format!("service/{}/{}", d.cluster, d.name))
                .map(|s| Scaling {
                    scale_in_suspended: s.scale_in,
                    scale_out_suspended: s.scale_out,
                    scheduled_suspended: s.scheduled,
                });
            let current = State::Service(Prior {
                desired: d.desired,
                scaling,
            });
            part.live
                .push(make_live(candidate.target.clone(), current, &d.tags, None, true));
        }
    }
    part
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_comes_from_the_long_service_arn() {
        assert_eq!(
            aws::ecs::service_cluster("arn:aws:ecs:us-east-1:123:service/agents/worker").as_deref(),
            Some("agents")
        );
        assert_eq!(
            aws::ecs::service_cluster("arn:aws:ecs:us-east-1:123:service/worker"),
            None
        );
    }

    #[test]
    fn compact_form_round_trips_and_garbage_is_rejected() {
        let partly = Scaling {
            scale_in_suspended: true,
            scale_out_suspended: false,
            scheduled_suspended: true,
        };
        for scaling in [None, Some(Scaling::default()), Some(partly)] {
            let s = State::Service(Prior { desired: 4, scaling });
            let compact = s.compact();
            assert!(
                compact
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || " _.:/=+-@".contains(c)),
                "{compact} has a character some services reject in tag values"
            );
            assert_eq!(State::parse(Kind::Service, &compact), Some(s));
        }
        assert_eq!(
            State::parse(Kind::Service, "desired=1 scaling=suspended:sideways"),
            None
        );
    }
}
