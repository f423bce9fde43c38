//! Auto Scaling groups: a kill suspends the processes that would replace stopped instances or launch new
//! ones (c7n#8660) and, for a selected group, scales it to 0; undo restores desired/min/max and resumes
//! only the processes the kill suspended. A group is read when selected itself, or as the group of a
//! selected instance (then only suspended, never resized), so its reads follow the instances'.

use std::collections::{BTreeMap, BTreeSet};

use futures::future::LocalBoxFuture;
use serde::Serialize;

use crate::aws::{self, AwsContext};
use crate::error::Result;

use super::super::apply::Run;
use super::super::read::{CONCURRENCY, Filter, Part, ReadCx, gap, make_live};
use super::super::{Action as StepAction, Kind, Live, MARK_KILL, MARKERS, State, Step, Target};
use super::{Handler, Info, KindAction, Phase, PriorState, Undone, foreign};

/// The Auto Scaling processes suspended so that a group neither replaces stopped instances nor launches
/// new ones (c7n#8660).
pub const PROCESSES: [&str; 7] = [
    "AZRebalance",
    "AlarmNotification",
    "HealthCheck",
    "Launch",
    "ReplaceUnhealthy",
    "ScheduledActions",
    "Terminate",
];

/// A group's prior state: sizes and suspended processes (sorted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Prior {
    pub desired: i32,
    pub min: i32,
    pub max: i32,
    pub suspended: Vec<String>,
}

impl PriorState for Prior {
    fn compact(&self) -> String {
        format!(
            "desired={} min={} max={} suspended={}",
            self.desired,
            self.min,
            self.max,
            self.suspended.join("+")
        )
    }

    fn describe(&self) -> String {
        let mut s = format!("desired {} (min {}, max {})", self.desired, self.min, self.max);
        if !self.suspended.is_empty() {
            s.push_str(&format!(", {} processes suspended", self.suspended.len()));
        }
        s
    }
}

/// What a kill or undo does to a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "action", rename_all = "kebab-case")]
#[cfg_attr(test, schemars(rename = "GroupAction"))]
pub enum Action {
    /// Suspend processes, and with `scale`, set desired and min to 0.
    SuspendGroup { processes: Vec<String>, scale: bool },
    /// Restore desired/min/max and resume the processes the kill suspended.
    RestoreGroup {
        desired: i32,
        min: i32,
        max: i32,
        resume: Vec<String>,
    },
}

impl KindAction for Action {
    fn describe(&self, current: &State) -> Option<String> {
        let State::Group(Prior {
            desired: now,
            min: now_min,
            ..
        }) = current
        else {
            return None;
        };
        Some(match self {
            Action::SuspendGroup { processes, scale } => {
                let mut s = format!("suspend {} processes", processes.len());
                if *scale && *now_min > 0 {
                    s.push_str(&format!(", scale {now} → 0 (min {now_min} → 0)"));
                } else if *scale {
                    s.push_str(&format!(", scale {now} → 0"));
                }
                s
            }
            Action::RestoreGroup {
                desired,
                min,
                max,
                resume,
            } => {
                let mut s = format!("scale {now} → {desired} (min {min}, max {max})");
                if !resume.is_empty() {
                    s.push_str(&format!(", resume {} processes", resume.len()));
                }
                s
            }
        })
    }
}

/// The handler of [`Kind::Group`].
#[derive(Debug)]
pub struct Groups;

impl Handler for Groups {
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::Group]
    }

    fn info(&self, _kind: Kind) -> Info {
        Info {
            type_name: "autoscaling:autoScalingGroup",
            label: "auto scaling group",
            listed: true,
        }
    }

    fn parse(&self, fields: &BTreeMap<&str, &str>) -> Option<State> {
        let int = |key: &str| fields.get(key)?.parse::<i32>().ok();
        Some(State::Group(Prior {
            desired: int("desired")?,
            min: int("min")?,
            max: int("max")?,
            suspended: fields
                .get("suspended")?
                .split('+')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
        }))
    }

    fn follows(&self) -> Option<Kind> {
        Some(Kind::Instance)
    }

    fn read<'a>(&'a self, cx: &'a ReadCx<'a>, before: &'a [Live]) -> LocalBoxFuture<'a, Result<Part>> {
        Box::pin(async move { Ok(read(cx, before).await) })
    }

    fn kill_action(&self, l: &Live) -> StepAction {
        let State::Group(Prior {
            desired,
            min,
            suspended,
            ..
        }) = &l.current
        else {
            return StepAction::blocked("internal: not a group state");
        };
        let missing = PROCESSES.iter().any(|p| !suspended.iter().any(|s| s == *p));
        let scale = l.selected && (*desired > 0 || *min > 0);
        if !missing && !scale {
            StepAction::keep("processes suspended and scaled to 0")
        } else {
            StepAction::Group(Action::SuspendGroup {
                processes: PROCESSES.iter().map(|p| p.to_string()).collect(),
                scale: l.selected,
            })
        }
    }

    fn undo_action(&self, current: &State, prior: &State) -> Option<StepAction> {
        let (
            State::Group(Prior {
                suspended: now_suspended,
                ..
            }),
            State::Group(Prior {
                desired,
                min,
                max,
                suspended,
            }),
        ) = (current, prior)
        else {
            return None;
        };
        let resume: Vec<String> = PROCESSES
            .iter()
            .filter(|p| !suspended.iter().any(|s| s == *p))
            .filter(|p| now_suspended.iter().any(|s| s == *p))
            .map(|p| p.to_string())
            .collect();
        Some(StepAction::Group(Action::RestoreGroup {
            desired: *desired,
            min: *min,
            max: *max,
            resume,
        }))
    }

    fn phase(&self) -> Phase {
        Phase::First
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
        Box::pin(aws::autoscaling::tag(ctx, &target.region, &target.id, tags))
    }

    fn unmark<'a>(&'a self, ctx: &'a AwsContext, target: &'a Target) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(aws::autoscaling::untag(ctx, &target.region, &target.id, &MARKERS))
    }

    fn kill<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let t = &step.target;
            let StepAction::Group(Action::SuspendGroup { processes, scale }) = &step.action else {
                return Err(foreign(&step.action));
            };
            run.change();
            aws::autoscaling::suspend(run.ctx, &t.region, &t.id, processes).await?;
            if *scale && let State::Group(Prior { max, .. }) = &step.current {
                run.change();
                aws::autoscaling::resize(run.ctx, &t.region, &t.id, 0, 0, *max).await?;
            }
            Ok(())
        })
    }

    fn undo<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<Undone>> {
        Box::pin(async move {
            let t = &step.target;
            let StepAction::Group(Action::RestoreGroup {
                desired,
                min,
                max,
                resume,
            }) = &step.action
            else {
                return Err(foreign(&step.action));
            };
            run.change();
            aws::autoscaling::resize(run.ctx, &t.region, &t.id, *desired, *min, *max).await?;
            if !resume.is_empty() {
                run.change();
                aws::autoscaling::resume(run.ctx, &t.region, &t.id, resume).await?;
            }
            Ok(Undone::Unmark)
        })
    }
}

/// The selected groups and the groups of the selected instances.
async fn read(cx: &ReadCx<'_>, instances: &[Live]) -> Part {
    let mut part = Part::default();
    let parent_groups: BTreeSet<(String, String)> = instances
        .iter()
        .filter_map(|l| Some((l.target.region.clone(), l.target.group.clone()?)))
        .collect();
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in cx.of(&[Kind::Group]) {
        groups
            .entry(c.target.region.clone())
            .or_default()
            .push(c.target.id.clone());
    }
    for (region, name) in &parent_groups {
        let names = groups.entry(region.clone()).or_default();
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    // The inventory's listing described every group of a region it read: only groups it did not see
    // (a failed listing) are described again.
    let mut listed: BTreeMap<String, Vec<aws::autoscaling::GroupDetail>> = BTreeMap::new();
    for (region, names) in groups.iter_mut() {
        names.retain(|name| match listed_detail(cx, region, name) {
            Some(detail) => {
                listed.entry(region.clone()).or_default().push(detail.clone());
                false
            }
            None => true,
        });
    }
    groups.retain(|_, names| !names.is_empty());
    let ctx = cx.ctx;
    let described = aws::fan_out(groups, CONCURRENCY, |(region, names)| async move {
        let result = aws::autoscaling::describe(ctx, &region, &names).await;
        (region, result)
    })
    .await;
    let results = listed
        .into_iter()
        .map(|(region, details)| (region, Ok((details, 0))))
        .chain(described);
    for (region, result) in results {
        let (details, calls) = match result {
            Ok(ok) => ok,
            Err(err) => {
                part.gaps
                    .push(gap("autoscaling:DescribeAutoScalingGroups", &region, None, err));
                continue;
            }
        };
        part.requests += calls;
        for d in details {
            let selected = cx.find(Kind::Group, &region, &d.name).is_some() && cx.picks(&d.tags);
            let is_parent = parent_groups.contains(&(region.clone(), d.name.clone()));
            if !selected && !is_parent {
                continue;
            }
            // A parent group is read for undo/status only when a kill marked it.
            if !selected && !matches!(cx.filter, Filter::Selector(_)) && !d.tags.contains_key(MARK_KILL) {
                continue;
            }
            let target = Target {
                arn: arn(cx, &region, &d.name),
                kind: Kind::Group,
                region: region.clone(),
                id: d.name.clone(),
                name: None,
                cluster: None,
                group: None,
                state_machine: None,
            };
            let current = State::Group(Prior {
                desired: d.desired,
                min: d.min,
                max: d.max,
                suspended: d.suspended,
            });
            part.live
                .push(make_live(target, current, &d.tags, None, selected));
        }
    }
    part
}

/// A kill records every group of the region in one journal write, marks them all with one
/// CreateOrUpdateTags (each group its own prior state), then suspends and scales each; an undo restores
/// each, then removes the restored groups' markers with one DeleteTags.
async fn in_region(run: &Run<'_>, region: &str, steps: &[&Step]) -> Vec<(String, Option<String>)> {
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    if run.plan.mode == super::super::Mode::Kill {
        let unmarked: Vec<&Step> = steps.iter().filter(|s| s.killed_by.is_none()).copied().collect();
        for chunk in unmarked.chunks(aws::autoscaling::TAGGED_GROUPS_PER_CALL) {
            if let Err(e) = run.record_all(chunk) {
                for s in chunk {
                    errors.insert(s.target.arn.clone(), e.to_string());
                }
                continue;
            }
            let tags: Vec<(String, Vec<(String, String)>)> = chunk
                .iter()
                .map(|s| (s.target.id.clone(), run.markers(s)))
                .collect();
            run.change();
            if let Err(err) = aws::autoscaling::tag_groups(run.ctx, region, &tags).await {
                for s in chunk {
                    errors.insert(
                        s.target.arn.clone(),
                        format!(
                            "could not record the prior state on the group, so it was not stopped: {err}"
                        ),
                    );
                }
            }
        }
    }
    let acting: Vec<&Step> = steps
        .iter()
        .filter(|s| !errors.contains_key(&s.target.arn))
        .copied()
        .collect();
    let acted = aws::fan_out(acting, CONCURRENCY, |step| async move {
        let result = match run.plan.mode {
            super::super::Mode::Kill => Groups.kill(run, step).await.map(|()| None),
            super::super::Mode::Undo => run
                .restore(step)
                .await
                .map(|u| (u == Undone::Unmark).then_some(step)),
        };
        (step, result)
    })
    .await;
    // Undo: the restored groups' markers go in one DeleteTags per 16 groups.
    let unmark: Vec<&Step> = acted
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok().copied().flatten())
        .collect();
    let mut acted: Vec<(String, Option<String>)> = acted
        .iter()
        .map(|(s, r)| (s.target.arn.clone(), r.as_ref().err().map(|e| e.to_string())))
        .collect();
    for chunk in unmark.chunks(aws::autoscaling::TAGGED_GROUPS_PER_CALL) {
        let names: Vec<String> = chunk.iter().map(|s| s.target.id.clone()).collect();
        run.change();
        if let Err(err) = aws::autoscaling::untag_groups(run.ctx, region, &names, &MARKERS).await {
            for (arn, error) in acted.iter_mut() {
                if chunk.iter().any(|s| &s.target.arn == arn) {
                    *error = Some(format!(
                        "restored, but its markers could not be removed (run the undo again): {err}"
                    ));
                }
            }
        }
    }
    steps
        .iter()
        .filter_map(|s| {
            errors
                .remove(&s.target.arn)
                .map(|e| (s.target.arn.clone(), Some(e)))
        })
        .chain(acted)
        .collect()
}

/// A group as the inventory's DescribeAutoScalingGroups listing saw it in this run: as fresh as a second
/// describe would be.
fn listed_detail<'a>(
    cx: &'a ReadCx<'_>,
    region: &str,
    name: &str,
) -> Option<&'a aws::autoscaling::GroupDetail> {
    cx.resources
        .iter()
        .find(|r| r.resource_type == "autoscaling:autoScalingGroup" && r.region == region && r.id == name)
        .and_then(|r| r.group.as_ref())
}

fn arn(cx: &ReadCx<'_>, region: &str, name: &str) -> String {
    cx.resources
        .iter()
        .find(|r| r.resource_type == "autoscaling:autoScalingGroup" && r.region == region && r.id == name)
        .map(|r| r.arn.clone())
        .unwrap_or_else(|| format!("autoscaling:{region}:autoScalingGroupName/{name}"))
}

#[cfg(test)]
mod tests {
    use super::super::super::plan::plan_undo;
    use super::super::test_live;
    use super::*;

    #[test]
    fn undo_resumes_only_the_processes_the_kill_suspended() {
        let current = State::Group(Prior {
            desired: 0,
            min: 0,
            max: 5,
            suspended: PROCESSES.iter().map(|p| p.to_string()).collect(),
        });
        let prior = State::Group(Prior {
            desired: 3,
            min: 1,
            max: 5,
            suspended: vec!["AZRebalance".into()],
        });
        let undo = plan_undo(&[test_live(Kind::Group, current, Some(prior))]);
        let StepAction::Group(Action::RestoreGroup {
            desired, min, resume, ..
        }) = &undo[0].action
        else {
            panic!("{:?}", undo[0].action)
        };
        assert_eq!((*desired, *min), (3, 1));
        assert!(!resume.contains(&"AZRebalance".to_string()));
        assert_eq!(resume.len(), PROCESSES.len() - 1);
    }

    #[test]
    fn compact_form_round_trips_and_garbage_is_rejected() {
        for suspended in [vec!["AZRebalance".to_string(), "Launch".into()], vec![]] {
            let s = State::Group(Prior {
                desired: 3,
                min: 1,
                max: 5,
                suspended,
            });
            assert_eq!(State::parse(Kind::Group, &s.compact()), Some(s));
        }
        assert_eq!(State::parse(Kind::Group, "desired=1 min=1"), None);
    }
}
