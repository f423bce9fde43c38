//! EC2 instances: `StopInstances` on a kill, `StartInstances` on undo of what was running, both batched a
//! region at a time. An instance already stopped before the kill stays stopped after undo; an
//! instance-store root device cannot be stopped (only terminated), so it is blocked. The inventory's
//! DescribeInstances listing has just returned state, root device and tags, so only instances it did not
//! see are described again.

use std::collections::{BTreeMap, BTreeSet};

use futures::future::LocalBoxFuture;
use serde::Serialize;

use crate::aws::{self, AwsContext};
use crate::error::Result;
use crate::inventory::{Resource, Source};

use super::super::apply::{Run, before_change};
use super::super::read::{CONCURRENCY, Part, ReadCx, gap, make_live};
use super::super::{Action as StepAction, Kind, Live, MARKERS, Mode, Plan, State, Step, Target};
use super::{Handler, Info, KindAction, Phase, PriorState, Undone, foreign};

/// An instance's prior state: its state name (`running`, `stopped`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Prior {
    pub state: String,
}

impl PriorState for Prior {
    fn compact(&self) -> String {
        format!("state={}", self.state)
    }

    fn describe(&self) -> String {
        self.state.clone()
    }
}

/// What a kill or undo does to an instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "action", rename_all = "kebab-case")]
#[cfg_attr(test, schemars(rename = "InstanceAction"))]
pub enum Action {
    /// StopInstances.
    Stop,
    /// StartInstances.
    Start,
}

impl KindAction for Action {
    fn describe(&self, current: &State) -> Option<String> {
        let State::Instance(Prior { state }) = current else {
            return None;
        };
        Some(match self {
            Action::Stop => format!("stop: {state} → stopped"),
            Action::Start => format!("start: {state} → running"),
        })
    }
}

/// The handler of [`Kind::Instance`].
#[derive(Debug)]
pub struct Instances;

impl Handler for Instances {
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::Instance]
    }

    fn info(&self, _kind: Kind) -> Info {
        Info {
            type_name: "ec2:instance",
            label: "ec2 instance",
            listed: true,
        }
    }

    fn parse(&self, fields: &BTreeMap<&str, &str>) -> Option<State> {
        Some(State::Instance(Prior {
            state: fields.get("state").filter(|s| !s.is_empty())?.to_string(),
        }))
    }

    fn read<'a>(&'a self, cx: &'a ReadCx<'a>, _before: &'a [Live]) -> LocalBoxFuture<'a, Result<Part>> {
        Box::pin(async move { Ok(read(cx).await) })
    }

    fn kill_action(&self, l: &Live) -> StepAction {
        let State::Instance(Prior { state }) = &l.current else {
            return StepAction::blocked("internal: not an instance state");
        };
        match state.as_str() {
            "running" | "pending" => StepAction::Instance(Action::Stop),
            "stopped" | "stopping" if l.markers.is_some() => StepAction::keep("already stopped by this kill"),
            "stopped" | "stopping" => {
                StepAction::keep("already stopped before the kill; stays stopped after undo")
            }
            other => StepAction::keep(format!("{other}: nothing to stop")),
        }
    }

    fn undo_action(&self, current: &State, prior: &State) -> Option<StepAction> {
        let (State::Instance(Prior { state: now }), State::Instance(Prior { state: before })) =
            (current, prior)
        else {
            return None;
        };
        let was_running = matches!(before.as_str(), "running" | "pending");
        Some(match now.as_str() {
            _ if !was_running => StepAction::ClearMarkers,
            "stopped" => StepAction::Instance(Action::Start),
            "stopping" => StepAction::blocked("still stopping; run undo again once it has stopped"),
            "running" | "pending" => StepAction::ClearMarkers,
            other => StepAction::keep(format!(
                "{other} since the kill, not by costbrake: nothing left to restore"
            )),
        })
    }

    fn phase(&self) -> Phase {
        Phase::AfterFirst
    }

    fn batches(&self) -> bool {
        true
    }

    fn apply_region<'a>(
        &'a self,
        run: &'a Run<'a>,
        region: &'a str,
        steps: &'a [&'a Step],
    ) -> LocalBoxFuture<'a, Vec<(String, Option<String>)>> {
        Box::pin(in_region(run, region, steps))
    }

    fn mark<'a>(
        &'a self,
        ctx: &'a AwsContext,
        target: &'a Target,
        tags: &'a [(String, String)],
    ) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async move {
            aws::ec2::create_tags(ctx, &target.region, std::slice::from_ref(&target.id), tags)
                .await
                .map(|_| ())
        })
    }

    fn unmark<'a>(&'a self, ctx: &'a AwsContext, target: &'a Target) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async move {
            aws::ec2::delete_tags(ctx, &target.region, std::slice::from_ref(&target.id), &MARKERS)
                .await
                .map(|_| ())
        })
    }

    fn kill<'a>(&'a self, _run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async move { Err(foreign(&step.action)) })
    }

    fn undo<'a>(&'a self, _run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<Undone>> {
        Box::pin(async move { Err(foreign(&step.action)) })
    }
}

/// An instance the EC2 listing described: its state, root device and tags are fresh.
fn listed(resource: &Resource) -> Option<aws::ec2::InstanceDetail> {
    if !resource.sources.contains(&Source::Ec2Instances) {
        return None;
    }
    let (Some(state), Some(root_device)) = (&resource.state, &resource.root_device) else {
        return None;
    };
    Some(aws::ec2::InstanceDetail {
        id: resource.id.clone(),
        state: state.clone(),
        root_device_type: root_device.clone(),
        tags: resource.tags.clone(),
    })
}

/// Instances from the listing, or described now when the listing did not see them (Tagging API only).
async fn read(cx: &ReadCx<'_>) -> Part {
    let mut part = Part::default();
    let mut details: Vec<(String, aws::ec2::InstanceDetail)> = cx
        .of(&[Kind::Instance])
        .filter_map(|c| listed(c.resource).map(|d| (c.target.region.clone(), d)))
        .collect();
    let seen: BTreeSet<(String, String)> = details.iter().map(|(r, d)| (r.clone(), d.id.clone())).collect();
    let mut unlisted: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in cx.of(&[Kind::Instance]) {
        if !seen.contains(&(c.target.region.clone(), c.target.id.clone())) {
            unlisted
                .entry(c.target.region.clone())
                .or_default()
                .push(c.target.id.clone());
        }
    }
    let ctx = cx.ctx;
    let results = aws::fan_out(unlisted, CONCURRENCY, |(region, ids)| async move {
        let result = aws::ec2::describe(ctx, &region, &ids).await;
        (region, result)
    })
    .await;
    for (region, result) in results {
        match result {
            Ok((described, calls)) => {
                part.requests += calls;
                details.extend(described.into_iter().map(|d| (region.clone(), d)));
            }
            Err(err) => part.gaps.push(gap("ec2:DescribeInstances", &region, None, err)),
        }
    }
    for (region, d) in details {
        let Some(candidate) = cx.find(Kind::Instance, &region, &d.id) else {
            continue;
        };
        if !cx.picks(&d.tags) {
            continue; // re-tagged since the Tagging API indexed it
        }
        let mut target = candidate.target.clone();
        target.group = d.tags.get("aws:autoscaling:groupName").cloned();
        let blocker = (d.root_device_type == "instance-store")
            .then(|| "instance-store root device: it cannot be stopped, only terminated".to_string());
        let current = State::Instance(Prior { state: d.state });
        part.live.push(make_live(target, current, &d.tags, blocker, true));
    }
    part
}

/// Instances of one region, batched: kill = record all, one CreateTags per distinct prior state, one
/// StopInstances; undo = one StartInstances, one DeleteTags. A failed batch is retried one instance at a
/// time, so one bad instance does not fail the others.
async fn in_region(run: &Run<'_>, region: &str, steps: &[&Step]) -> Vec<(String, Option<String>)> {
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    match run.plan.mode {
        Mode::Kill => {
            // Record and mark the ones not held by an earlier kill, grouped by identical markers.
            let mut groups: BTreeMap<String, Vec<&Step>> = BTreeMap::new();
            for s in steps.iter().filter(|s| s.killed_by.is_none()) {
                groups.entry(s.prior.compact()).or_default().push(s);
            }
            for (_, group) in groups {
                // The group's records go to the journal in one write and one sync, before the tags.
                if let Err(e) = run.record_all(&group) {
                    for s in &group {
                        errors.insert(s.target.arn.clone(), e.to_string());
                    }
                    continue;
                }
                let ids: Vec<String> = group.iter().map(|s| s.target.id.clone()).collect();
                let tags = run.markers(group[0]);
                before_change();
                let batch = aws::ec2::create_tags(run.ctx, region, &ids, &tags).await;
                run.count(1);
                if let Err(err) = batch {
                    for s in &group {
                        errors.entry(s.target.arn.clone()).or_insert_with(|| {
                            format!("could not record the prior state on the instance, so it was not stopped: {err}")
                        });
                    }
                }
            }
            let ids: Vec<&Step> = steps
                .iter()
                .filter(|s| !errors.contains_key(&s.target.arn))
                .copied()
                .collect();
            batch_or_each(run, &ids, &mut errors, |ids| async move {
                before_change();
                aws::ec2::stop_instances(run.ctx, region, &ids, false)
                    .await
                    .map(|(n, _)| n)
            })
            .await;
        }
        Mode::Undo => {
            let starting: Vec<&Step> = steps
                .iter()
                .filter(|s| s.action == StepAction::Instance(Action::Start))
                .copied()
                .collect();
            batch_or_each(run, &starting, &mut errors, |ids| async move {
                before_change();
                aws::ec2::start_instances(run.ctx, region, &ids).await
            })
            .await;
            let clearing: Vec<&Step> = steps
                .iter()
                .filter(|s| !errors.contains_key(&s.target.arn))
                .copied()
                .collect();
            batch_or_each(run, &clearing, &mut errors, |ids| async move {
                before_change();
                aws::ec2::delete_tags(run.ctx, region, &ids, &MARKERS).await
            })
            .await;
        }
    }
    steps
        .iter()
        .map(|s| (s.target.arn.clone(), errors.get(&s.target.arn).cloned()))
        .collect()
}

/// Runs `call` on all ids at once; if that fails, on each id alone, recording per-instance errors.
async fn batch_or_each<F, Fut>(run: &Run<'_>, steps: &[&Step], errors: &mut BTreeMap<String, String>, call: F)
where
    F: Fn(Vec<String>) -> Fut,
    Fut: std::future::Future<Output = Result<u32>>,
{
    if steps.is_empty() {
        return;
    }
    let ids: Vec<String> = steps.iter().map(|s| s.target.id.clone()).collect();
    run.count(1);
    if call(ids).await.is_ok() {
        return;
    }
    for s in steps {
        run.count(1);
        if let Err(err) = call(vec![s.target.id.clone()]).await {
            errors.insert(s.target.arn.clone(), err.to_string());
        }
    }
}

/// Asks EC2 whether StopInstances would succeed for the plan's instances (server-side DryRun).
pub async fn dry_run(ctx: &AwsContext, plan: &Plan) -> Vec<(String, std::result::Result<(), String>)> {
    let mut by_region: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in plan
        .steps
        .iter()
        .filter(|s| s.action == StepAction::Instance(Action::Stop))
    {
        by_region
            .entry(s.target.region.clone())
            .or_default()
            .push(s.target.id.clone());
    }
    aws::fan_out(by_region, CONCURRENCY, |(region, ids)| async move {
        let verdict = match aws::ec2::stop_instances(ctx, &region, &ids, true).await {
            Ok((_, Some(aws::ec2::DryRun::WouldSucceed))) | Ok((_, None)) => Ok(()),
            Ok((_, Some(aws::ec2::DryRun::Refused(why)))) => Err(why),
            Err(e) => Err(e.to_string()),
        };
        (region, verdict)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::super::super::plan::{plan_kill, plan_undo};
    use super::super::test_live;
    use super::*;

    fn state(name: &str) -> State {
        State::Instance(Prior { state: name.into() })
    }

    #[test]
    fn stopped_instances_are_left_alone_and_stay_stopped_after_undo() {
        let steps = plan_kill(&[test_live(Kind::Instance, state("stopped"), None)]);
        assert!(!steps[0].action.changes());
        let undo = plan_undo(&[test_live(
            Kind::Instance,
            state("stopped"),
            Some(state("running")),
        )]);
        assert_eq!(undo[0].action, StepAction::Instance(Action::Start));
        // Stopped before the kill: the undo only removes the markers.
        let undo = plan_undo(&[test_live(
            Kind::Instance,
            state("stopped"),
            Some(state("stopped")),
        )]);
        assert_eq!(undo[0].action, StepAction::ClearMarkers);
    }

    #[test]
    fn compact_form_round_trips_and_garbage_is_rejected() {
        let s = state("running");
        assert_eq!(State::parse(Kind::Instance, &s.compact()), Some(s));
        assert_eq!(State::parse(Kind::Instance, ""), None);
    }
}
