//! EKS managed node groups: a kill scales a node group to zero with UpdateNodegroupConfig (`minSize` and
//! `desiredSize` 0; `maxSize` stays, as EKS requires at least 1), and undo restores the recorded minimum,
//! desired and maximum sizes exactly. EKS applies a scaling change asynchronously and refuses another one
//! while the node group is not `ACTIVE`, so such a node group is blocked until it is (run the same
//! command again). The inventory's DescribeNodegroup has just returned each node group's tags, status
//! and sizes: nothing is read again.
//!
//! The cluster's control plane keeps billing after its node groups are at zero: each cluster holding a
//! selected node group is reported with the plan.

use std::collections::{BTreeMap, BTreeSet};

use futures::future::LocalBoxFuture;
use serde::Serialize;

use crate::aws::{self, AwsContext};
use crate::error::Result;
use crate::inventory::{Resource, Source};

use super::super::apply::Run;
use super::super::read::{Filter, Part, ReadCx, make_live};
use super::super::{Action as StepAction, Billing, Kind, Live, MARKERS, State, Step, Target};
use super::{Handler, Info, KindAction, PriorState, Undone, foreign};

/// The only status in which EKS accepts a scaling change.
const ACTIVE: &str = "ACTIVE";

/// A node group's prior state: its scaling configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Prior {
    pub min: i32,
    pub desired: i32,
    pub max: i32,
}

impl PriorState for Prior {
    fn compact(&self) -> String {
        format!("min={} desired={} max={}", self.min, self.desired, self.max)
    }

    fn describe(&self) -> String {
        format!("desired {} (min {}, max {})", self.desired, self.min, self.max)
    }
}

impl Prior {
    fn at_zero(self) -> bool {
        self.min == 0 && self.desired == 0
    }
}

/// What a kill or undo does to a node group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "action", rename_all = "kebab-case")]
#[cfg_attr(test, schemars(rename = "NodegroupAction"))]
pub enum Action {
    /// minSize and desiredSize → 0; maxSize unchanged.
    ScaleToZero,
    /// The recorded minSize, desiredSize and maxSize.
    RestoreSizes { min: i32, desired: i32, max: i32 },
}

impl KindAction for Action {
    fn describe(&self, current: &State) -> Option<String> {
        let State::Nodegroup(now) = current else {
            return None;
        };
        Some(match self {
            Action::ScaleToZero => format!(
                "scale {} → 0 (min {} → 0, max {} stays)",
                now.desired, now.min, now.max
            ),
            Action::RestoreSizes { min, desired, max } => {
                format!("scale {} → {desired} (min {min}, max {max})", now.desired)
            }
        })
    }
}

/// The handler of [`Kind::Nodegroup`].
#[derive(Debug)]
pub struct Nodegroups;

impl Handler for Nodegroups {
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::Nodegroup]
    }

    fn info(&self, _kind: Kind) -> Info {
        Info {
            type_name: "eks:nodegroup",
            label: "eks node group",
            listed: true,
        }
    }

    fn parse(&self, fields: &BTreeMap<&str, &str>) -> Option<State> {
        let int = |key: &str| fields.get(key)?.parse::<i32>().ok().filter(|n| *n >= 0);
        Some(State::Nodegroup(Prior {
            min: int("min")?,
            desired: int("desired")?,
            max: int("max")?,
        }))
    }

    fn target(&self, kind: Kind, resource: &Resource) -> Target {
        Target {
            cluster: cluster(&resource.arn),
            ..super::target(kind, resource)
        }
    }

    fn read<'a>(&'a self, cx: &'a ReadCx<'a>, _before: &'a [Live]) -> LocalBoxFuture<'a, Result<Part>> {
        Box::pin(async move { Ok(read(cx)) })
    }

    fn kill_action(&self, l: &Live) -> StepAction {
        let State::Nodegroup(now) = &l.current else {
            return StepAction::blocked("internal: not a node group state");
        };
        match (now.at_zero(), l.markers.is_some()) {
            (true, true) => StepAction::keep("already scaled to 0 by this kill"),
            (true, false) => StepAction::keep("already at 0 (min 0, desired 0)"),
            (false, _) => StepAction::Nodegroup(Action::ScaleToZero),
        }
    }

    fn undo_action(&self, current: &State, prior: &State) -> Option<StepAction> {
        let (State::Nodegroup(now), State::Nodegroup(before)) = (current, prior) else {
            return None;
        };
        // EKS refuses an update that changes nothing; only the markers are left to remove.
        Some(if now == before {
            StepAction::ClearMarkers
        } else {
            StepAction::Nodegroup(Action::RestoreSizes {
                min: before.min,
                desired: before.desired,
                max: before.max,
            })
        })
    }

    fn mark<'a>(
        &'a self,
        ctx: &'a AwsContext,
        target: &'a Target,
        tags: &'a [(String, String)],
    ) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(aws::eks::tag(ctx, &target.region, &target.arn, tags))
    }

    fn unmark<'a>(&'a self, ctx: &'a AwsContext, target: &'a Target) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(aws::eks::untag(ctx, &target.region, &target.arn, &MARKERS))
    }

    fn kill<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let t = &step.target;
            let StepAction::Nodegroup(Action::ScaleToZero) = &step.action else {
                return Err(foreign(&step.action));
            };
            run.change();
            let cluster = t.cluster.as_deref().unwrap_or_default();
            aws::eks::scale(run.ctx, &t.region, cluster, &t.id, 0, 0, None).await
        })
    }

    fn undo<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<Undone>> {
        Box::pin(async move {
            let t = &step.target;
            let StepAction::Nodegroup(Action::RestoreSizes { min, desired, max }) = &step.action else {
                return Err(foreign(&step.action));
            };
            run.change();
            let cluster = t.cluster.as_deref().unwrap_or_default();
            aws::eks::scale(run.ctx, &t.region, cluster, &t.id, *min, *desired, Some(*max)).await?;
            Ok(Undone::Unmark)
        })
    }
}

/// The candidates as the inventory's DescribeNodegroup returned them (tags, status and sizes are fresh),
/// and, for a kill, the clusters whose control planes keep billing. A node group the EKS listing did not
/// return is gone, or the listing failed and its gap says so.
fn read(cx: &ReadCx<'_>) -> Part {
    let mut part = Part::default();
    let kill = matches!(cx.filter, Filter::Selector(_));
    let mut clusters = BTreeSet::new();
    for c in cx.of(&[Kind::Nodegroup]) {
        let r = c.resource;
        let (true, Some(sizes), Some(status)) = (r.sources.contains(&Source::Eks), r.sizes, &r.state) else {
            continue;
        };
        if !cx.picks(&r.tags) {
            continue;
        }
        let current = State::Nodegroup(Prior {
            min: sizes.min,
            desired: sizes.desired,
            max: sizes.max,
        });
        let mut live = make_live(c.target.clone(), current, &r.tags, None, true);
        if live.blocker.is_none() {
            live.blocker = blocker(&live, status, kill);
        }
        if kill && let Some(arn) = cluster_arn(&r.arn) {
            clusters.insert((r.region.clone(), arn));
        }
        part.live.push(live);
    }
    part.billing = clusters
        .into_iter()
        .map(|(region, arn)| Billing {
            arn,
            region,
            what: "eks cluster".into(),
            detail:
                "control plane, $0.10 per hour ($0.60 in extended support); delete the cluster to stop it"
                    .into(),
        })
        .collect();
    part
}

/// Why a node group cannot be acted on now: its ARN names no cluster, or it is not `ACTIVE` and the step
/// would call UpdateNodegroupConfig (a kill of a node group already at 0, or an undo of one already
/// back at its recorded sizes, only touches tags, which EKS allows in any status).
fn blocker(live: &Live, status: &str, kill: bool) -> Option<String> {
    if live.target.cluster.is_none() {
        return Some("its ARN names no cluster; scale it by hand".into());
    }
    if status == ACTIVE {
        return None;
    }
    let State::Nodegroup(now) = live.current else {
        return None;
    };
    let idle = if kill {
        now.at_zero()
    } else {
        live.markers.as_ref().is_some_and(|m| m.prior == live.current)
    };
    (!idle).then(|| {
        format!(
            "{status}: EKS takes no scaling change until the node group is ACTIVE again; wait a few \
             minutes, then run the same command again"
        )
    })
}

/// The cluster of a node group ARN (`...:nodegroup/CLUSTER/NAME/UUID`).
fn cluster(arn: &str) -> Option<String> {
    let resource = arn.splitn(6, ':').nth(5)?;
    let mut parts = resource.split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("nodegroup"), Some(cluster), Some(_)) if !cluster.is_empty() => Some(cluster.to_string()),
        _ => None,
    }
}

/// The ARN of a node group's cluster (`...:cluster/CLUSTER`).
fn cluster_arn(nodegroup_arn: &str) -> Option<String> {
    let prefix: Vec<&str> = nodegroup_arn.splitn(6, ':').take(5).collect();
    Some(format!(
        "{}:cluster/{}",
        prefix.join(":"),
        cluster(nodegroup_arn)?
    ))
}

#[cfg(test)]
mod tests {
    use super::super::super::plan::{plan_kill, plan_undo};
    use super::super::test_live;
    use super::*;

    const ARN: &str = "arn:aws:eks:us-east-1:123456789012:nodegroup/agents/gpu/0ac6-11ef";

    fn sizes(min: i32, desired: i32, max: i32) -> State {
        State::Nodegroup(Prior { min, desired, max })
    }

    fn live(current: State, prior: Option<State>) -> Live {
        let mut l = test_live(Kind::Nodegroup, current, prior);
        l.target.arn = ARN.into();
        l.target.cluster = cluster(ARN);
        l
    }

    #[test]
    fn the_cluster_comes_from_the_node_group_arn() {
        assert_eq!(cluster(ARN).as_deref(), Some("agents"));
        assert_eq!(
            cluster_arn(ARN).as_deref(),
            Some("arn:aws:eks:us-east-1:123456789012:cluster/agents")
        );
        assert_eq!(cluster("arn:aws:eks:us-east-1:1:cluster/agents"), None);
    }

    #[test]
    fn kill_scales_to_zero_and_undo_restores_every_size() {
        let steps = plan_kill(&[live(sizes(1, 2, 4), None), live(sizes(0, 0, 3), None)]);
        assert_eq!(steps[0].action, StepAction::Nodegroup(Action::ScaleToZero));
        assert_eq!(steps[0].prior, sizes(1, 2, 4));
        assert_eq!(steps[0].change, "scale 2 → 0 (min 1 → 0, max 4 stays)");
        assert!(!steps[1].action.changes());
        let undo = plan_undo(&[live(sizes(0, 0, 4), Some(sizes(1, 2, 4)))]);
        assert_eq!(
            undo[0].action,
            StepAction::Nodegroup(Action::RestoreSizes {
                min: 1,
                desired: 2,
                max: 4
            })
        );
        let again = plan_kill(&[live(sizes(0, 0, 4), Some(sizes(1, 2, 4)))]);
        assert_eq!(again[0].prior, sizes(1, 2, 4), "the original prior is kept");
        assert!(!again[0].action.changes());
        let untouched = plan_undo(&[live(sizes(1, 2, 4), Some(sizes(1, 2, 4)))]);
        assert_eq!(untouched[0].action, StepAction::ClearMarkers);
    }

    #[test]
    fn a_node_group_that_is_not_active_blocks_only_a_scaling_change() {
        let reason = blocker(&live(sizes(1, 2, 4), None), "UPDATING", true).expect("blocked");
        assert!(reason.contains("run the same command again"), "{reason}");
        assert_eq!(blocker(&live(sizes(1, 2, 4), None), ACTIVE, true), None);
        // Right after a kill EKS is still applying it: a second kill has nothing to change.
        assert_eq!(
            blocker(&live(sizes(0, 0, 4), Some(sizes(1, 2, 4))), "UPDATING", true),
            None
        );
        // An undo must wait for it.
        assert!(blocker(&live(sizes(0, 0, 4), Some(sizes(1, 2, 4))), "UPDATING", false).is_some());
        let mut orphan = live(sizes(1, 2, 4), None);
        orphan.target.cluster = None;
        assert!(blocker(&orphan, ACTIVE, true).is_some());
    }

    #[test]
    fn compact_form_round_trips_and_garbage_is_rejected() {
        let s = sizes(1, 2, 4);
        assert_eq!(s.compact(), "min=1 desired=2 max=4");
        assert_eq!(State::parse(Kind::Nodegroup, &s.compact()), Some(s));
        assert_eq!(State::parse(Kind::Nodegroup, "min=1 desired=2"), None);
        assert_eq!(State::parse(Kind::Nodegroup, "min=-1 desired=2 max=4"), None);
    }
}
