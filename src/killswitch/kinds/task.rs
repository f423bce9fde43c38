//! ECS tasks that no service started (the `RunTask` per job agents launch): a kill stops them with
//! `StopTask`, its reason naming the kill id and the caller. That cannot be undone: ECS never restarts a
//! stopped task. So the kind is irreversible: plans show its steps apart, and undo lists each task as not
//! restorable with the `aws ecs run-task` that would start it again, or, with `kill undo
//! --relaunch-tasks`, runs it (RunTask with an idempotency token, so a retried or re-run undo starts it
//! once).
//!
//! What a relaunch needs is recorded before the stop: in the `costbrake:prior` tag the task's status,
//! task definition, launch type or capacity provider and its awsvpc network (subnets, security groups, public
//! IP, which DescribeTasks does not give: the task's network interfaces are read with EC2's
//! DescribeNetworkInterfaces), and in the journal all of it. Overrides, group and tags come from the
//! stopped task itself, which ECS keeps listing (`desiredStatus=STOPPED`) for about an hour; undo and
//! status read those too. Tasks a service started are the service's business: the kill scales the
//! service to 0.

use std::collections::BTreeMap;

use futures::future::LocalBoxFuture;
use serde::Serialize;
use sha2::Digest as _;

use crate::aws::{self, AwsContext};
use crate::error::Result;
use crate::inventory::Resource;

use super::super::apply::Run;
use super::super::read::{CONCURRENCY, Filter, Part, ReadCx, gap, make_live};
use super::super::{Action as StepAction, Kind, Live, MARKERS, State, Step, Target};
use super::{Handler, Info, KindAction, PriorState, Undone, foreign};

/// The longest `costbrake:prior` value ECS takes (a tag value's limit).
const TAG_VALUE_MAX: usize = 256;

/// A task's state: what it runs and how, enough to start it again. Only the first group of fields goes
/// into the `costbrake:prior` tag; the rest is read from the task itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Prior {
    /// Its last status (`RUNNING`, `PENDING`, `STOPPED`).
    pub status: String,
    /// `family:revision`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_definition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity_provider: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<bool>,
    // Read from the task itself, never from the tag.
    /// The cluster's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// The task definition's ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_definition_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_by: Option<String>,
    /// RunTask's `overrides` JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overrides: Option<String>,
    /// Its tags other than costbrake's markers, which a relaunched task gets again.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<(String, String)>,
}

impl Prior {
    fn stopped(&self) -> bool {
        matches!(
            self.status.as_str(),
            "STOPPED" | "DEPROVISIONING" | "STOPPING" | "DEACTIVATING" | "DELETED"
        )
    }
}

impl PriorState for Prior {
    /// `status=RUNNING taskdef=worker:3 launch=FARGATE subnets=subnet-a+subnet-b sgs=sg-1 ip=off`; the
    /// network fields are left out when the value would pass ECS's 256-character limit (the journal has
    /// them still).
    fn compact(&self) -> String {
        let mut head = format!("status={}", self.status);
        for (key, value) in [
            ("taskdef", &self.task_definition),
            ("launch", &self.launch_type),
            ("cp", &self.capacity_provider),
        ] {
            if let Some(v) = value {
                head.push_str(&format!(" {key}={v}"));
            }
        }
        let mut network = String::new();
        if !self.subnets.is_empty() {
            network.push_str(&format!(" subnets={}", self.subnets.join("+")));
        }
        if !self.security_groups.is_empty() {
            network.push_str(&format!(" sgs={}", self.security_groups.join("+")));
        }
        if let Some(public) = self.public_ip {
            network.push_str(if public { " ip=on" } else { " ip=off" });
        }
        if head.len() + network.len() <= TAG_VALUE_MAX {
            head + &network
        } else {
            head.chars().take(TAG_VALUE_MAX).collect()
        }
    }

    fn describe(&self) -> String {
        let mut text = self.status.to_ascii_lowercase();
        if let Some(def) = &self.task_definition {
            text.push_str(&format!(" {def}"));
        }
        if let Some(how) = self.capacity_provider.as_ref().or(self.launch_type.as_ref()) {
            text.push_str(&format!(" ({how})"));
        }
        text
    }
}

/// What a kill or undo does to a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "action", rename_all = "kebab-case")]
#[cfg_attr(test, schemars(rename = "TaskAction"))]
pub enum Action {
    /// StopTask: for good.
    StopTask,
    /// RunTask of what was stopped (`kill undo --relaunch-tasks`).
    Relaunch { command: String },
}

impl KindAction for Action {
    fn describe(&self, current: &State) -> Option<String> {
        let State::Task(now) = current else {
            return None;
        };
        Some(match self {
            Action::StopTask => format!("stop for good: {} → stopped", now.status.to_ascii_lowercase()),
            Action::Relaunch { .. } => format!(
                "relaunch: a new task of {}",
                now.task_definition.as_deref().unwrap_or("its task definition")
            ),
        })
    }
}

/// The handler of [`Kind::Task`].
#[derive(Debug)]
pub struct Tasks;

impl Handler for Tasks {
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::Task]
    }

    fn info(&self, _kind: Kind) -> Info {
        Info {
            type_name: "ecs:task",
            label: "ecs task",
            listed: true,
        }
    }

    fn parse(&self, fields: &BTreeMap<&str, &str>) -> Option<State> {
        let list = |key: &str| -> Vec<String> {
            fields
                .get(key)
                .map(|v| {
                    v.split('+')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        let text = |key: &str| fields.get(key).map(|v| v.to_string());
        Some(State::Task(Box::new(Prior {
            status: fields.get("status")?.to_string(),
            task_definition: text("taskdef"),
            launch_type: text("launch"),
            capacity_provider: text("cp"),
            subnets: list("subnets"),
            security_groups: list("sgs"),
            public_ip: match fields.get("ip") {
                Some(&"on") => Some(true),
                Some(&"off") => Some(false),
                Some(_) => return None,
                None => None,
            },
            ..Prior::default()
        })))
    }

    fn target(&self, kind: Kind, resource: &Resource) -> Target {
        Target {
            cluster: cluster_of(&resource.arn),
            ..super::target(kind, resource)
        }
    }

    fn read<'a>(&'a self, cx: &'a ReadCx<'a>, _before: &'a [Live]) -> LocalBoxFuture<'a, Result<Part>> {
        Box::pin(async move { Ok(read(cx).await) })
    }

    fn reversible(&self) -> bool {
        false
    }

    fn kill_action(&self, l: &Live) -> StepAction {
        let State::Task(now) = &l.current else {
            return StepAction::blocked("internal: not a task state");
        };
        if now.stopped() {
            StepAction::keep("already stopped")
        } else if l.target.cluster.is_none() {
            StepAction::blocked("old-format ECS task ARN without its cluster: opt in to the long ARN format")
        } else {
            StepAction::Task(Action::StopTask)
        }
    }

    fn undo_action(&self, current: &State, prior: &State) -> Option<StepAction> {
        let (State::Task(now), State::Task(before)) = (current, prior) else {
            return None;
        };
        if before.stopped() {
            // It was stopped before the kill: nothing was stopped for good.
            return Some(StepAction::ClearMarkers);
        }
        if !now.stopped() {
            // Marked but never stopped (a crash between the two): it runs as before.
            return Some(StepAction::ClearMarkers);
        }
        Some(StepAction::NotRestorable {
            reason: format!(
                "ECS never restarts a stopped task; start a new one with `costbrake kill undo --relaunch-tasks` \
                 or `{}`",
                run_task_command(now, before)
            ),
        })
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
            let (StepAction::Task(Action::StopTask), Some(cluster)) = (&step.action, &t.cluster) else {
                return Err(foreign(&step.action));
            };
            run.change();
            let reason = format!("costbrake kill {} by {}", run.id, run.by);
            aws::ecs::stop_task(run.ctx, &t.region, cluster, &t.arn, &reason).await
        })
    }

    fn undo<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<Undone>> {
        Box::pin(async move {
            let t = &step.target;
            let (StepAction::Task(Action::Relaunch { .. }), State::Task(now), State::Task(before)) =
                (&step.action, &step.current, &step.prior)
            else {
                return Err(foreign(&step.action));
            };
            let spec = relaunch(t, now, before);
            // Intent first; RunTask's token makes a retried or re-run relaunch start the task once.
            run.intent(step, "relaunch-task")?;
            run.change();
            aws::ecs::run_task(run.ctx, &t.region, &spec).await?;
            Ok(Undone::Unmark)
        })
    }
}

/// The cluster name in a long-format task ARN (`.../task/CLUSTER/ID`).
fn cluster_of(arn: &str) -> Option<String> {
    let rest = arn.split_once(":task/")?.1;
    let (cluster, _id) = rest.split_once('/')?;
    Some(cluster.to_string())
}

/// What `kill undo --relaunch-tasks` does for a task step it would otherwise list as not restorable.
pub fn relaunch_step(step: &mut Step) {
    let (StepAction::NotRestorable { .. }, State::Task(now), State::Task(before)) =
        (&step.action, &step.current, &step.prior)
    else {
        return;
    };
    step.action = StepAction::Task(Action::Relaunch {
        command: run_task_command(now, before),
    });
    step.change = step.action.describe(&step.current);
}

/// The RunTask a relaunch sends: the task definition and overrides of the stopped task, the network and
/// launch type recorded before the stop, its own tags.
fn relaunch(target: &Target, now: &Prior, before: &Prior) -> aws::ecs::Relaunch {
    let mut hasher = sha2::Sha256::new();
    hasher.update(target.arn.as_bytes());
    aws::ecs::Relaunch {
        cluster: target.cluster.clone().unwrap_or_default(),
        task_definition: now
            .task_definition_arn
            .clone()
            .or_else(|| before.task_definition.clone())
            .unwrap_or_default(),
        launch_type: before.launch_type.clone().or_else(|| now.launch_type.clone()),
        capacity_provider: before
            .capacity_provider
            .clone()
            .or_else(|| now.capacity_provider.clone()),
        platform_version: now.platform_version.clone(),
        group: now.group.clone(),
        started_by: now.started_by.clone(),
        overrides: now.overrides.clone(),
        subnets: before.subnets.clone(),
        security_groups: before.security_groups.clone(),
        public_ip: before.public_ip,
        tags: now.tags.clone(),
        // At most 64 characters: "costbrake-" and 54 hex digits of the stopped task's ARN.
        client_token: format!("costbrake-{}", &hex::encode(hasher.finalize())[..54]),
    }
}

/// The `aws ecs run-task` command that starts a task like the stopped one, for people.
fn run_task_command(now: &Prior, before: &Prior) -> String {
    let target = Target {
        arn: String::new(),
        kind: Kind::Task,
        region: String::new(),
        id: String::new(),
        name: None,
        cluster: now.cluster.clone(),
        group: None,
        state_machine: None,
    };
    let spec = relaunch(&target, now, before);
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut cmd = String::from("aws ecs run-task");
    if !spec.cluster.is_empty() {
        cmd.push_str(&format!(" --cluster {}", quote(&spec.cluster)));
    }
    cmd.push_str(&format!(" --task-definition {}", quote(&spec.task_definition)));
    match (&spec.capacity_provider, &spec.launch_type) {
        (Some(cp), _) => cmd.push_str(&format!(" --capacity-provider-strategy capacityProvider={cp}")),
        (None, Some(launch)) => cmd.push_str(&format!(" --launch-type {launch}")),
        (None, None) => {}
    }
    if !spec.subnets.is_empty() {
        let ip = match spec.public_ip {
            Some(true) => ",assignPublicIp=ENABLED",
            Some(false) => ",assignPublicIp=DISABLED",
            None => "",
        };
        cmd.push_str(&format!(
            " --network-configuration 'awsvpcConfiguration={{subnets=[{}],securityGroups=[{}]{ip}}}'",
            spec.subnets.join(","),
            spec.security_groups.join(",")
        ));
    }
    if let Some(overrides) = &spec.overrides {
        cmd.push_str(&format!(" --overrides {}", quote(overrides)));
    }
    if let Some(group) = &spec.group {
        cmd.push_str(&format!(" --group {}", quote(group)));
    }
    if !spec.tags.is_empty() {
        let tags: Vec<String> = spec
            .tags
            .iter()
            .map(|(k, v)| quote(&format!("key={k},value={v}")))
            .collect();
        cmd.push_str(&format!(" --tags {}", tags.join(" ")));
    }
    cmd
}

/// A task's state from its description and its network interfaces' security groups.
fn state_of(task: &aws::ecs::TaskDetail, groups: &BTreeMap<String, (Vec<String>, bool)>) -> Prior {
    let cluster = cluster_of(&task.arn).or_else(|| task.cluster.rsplit('/').next().map(str::to_string));
    let mut security_groups: Vec<String> = task
        .enis
        .iter()
        .filter_map(|eni| groups.get(eni))
        .flat_map(|(sgs, _)| sgs.clone())
        .collect();
    security_groups.sort();
    security_groups.dedup();
    // Known only when one of its interfaces was described.
    let public_ip = task.enis.iter().any(|eni| groups.contains_key(eni)).then(|| {
        task.enis
            .iter()
            .any(|eni| groups.get(eni).is_some_and(|(_, public)| *public))
    });
    Prior {
        status: task.last_status.clone(),
        task_definition: task.task_definition.rsplit('/').next().map(str::to_string),
        launch_type: task.launch_type.clone(),
        capacity_provider: task.capacity_provider.clone(),
        subnets: task.subnets.clone(),
        security_groups,
        public_ip,
        cluster,
        task_definition_arn: Some(task.task_definition.clone()),
        platform_version: task.platform_version.clone(),
        group: task.group.clone(),
        started_by: task.started_by.clone(),
        overrides: task.overrides.clone(),
        tags: task
            .tags
            .iter()
            .filter(|(k, _)| !k.starts_with("costbrake:"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

/// Fresh descriptions of the candidate tasks (and, for undo and status, of the stopped tasks a kill
/// marked, which the inventory of running tasks does not list), with the security groups of the running
/// ones' network interfaces.
async fn read(cx: &ReadCx<'_>) -> Part {
    let mut part = Part::default();
    let mut by_region: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    // Tasks the inventory's DescribeTasks listing saw in this run are not described again.
    let mut listed: BTreeMap<String, Vec<aws::ecs::TaskDetail>> = BTreeMap::new();
    for c in cx.of(&[Kind::Task]) {
        let t = &c.target;
        if let Some(detail) = &c.resource.task {
            listed
                .entry(t.region.clone())
                .or_default()
                .push(detail.as_ref().clone());
            continue;
        }
        match &t.cluster {
            Some(cluster) => by_region
                .entry(t.region.clone())
                .or_default()
                .push((cluster.clone(), t.arn.clone())),
            None if cx.picks(c.tags()) => part.live.push(make_live(
                t.clone(),
                State::Task(Box::new(Prior {
                    status: c.resource.state.clone().unwrap_or_default(),
                    ..Prior::default()
                })),
                c.tags(),
                Some("old-format ECS task ARN without its cluster: opt in to the long ARN format".into()),
                true,
            )),
            None => {}
        }
    }
    let stopped_too = !matches!(cx.filter, Filter::Selector(_));
    let regions: Vec<String> = if stopped_too {
        cx.regions.to_vec()
    } else {
        by_region
            .keys()
            .chain(listed.keys())
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    let ctx = cx.ctx;
    let (by_region, listed) = (&by_region, &listed);
    let results = aws::fan_out(regions, CONCURRENCY, |region| async move {
        let mut requests = 0;
        let mut tasks: Vec<aws::ecs::TaskDetail> = listed.get(&region).cloned().unwrap_or_default();
        if let Some(arns) = by_region.get(&region) {
            match aws::ecs::describe_tasks(ctx, &region, arns).await {
                Ok((found, calls)) => {
                    requests += calls;
                    tasks.extend(found);
                }
                Err(err) => return (region, requests, Err(("ecs:DescribeTasks", err))),
            }
        }
        if stopped_too {
            match aws::ecs::standalone_tasks(ctx, &region, "STOPPED", None).await {
                Ok((found, calls)) => {
                    requests += calls;
                    let seen: Vec<String> = tasks.iter().map(|t| t.arn.clone()).collect();
                    tasks.extend(found.into_iter().filter(|t| !seen.contains(&t.arn)));
                }
                Err(err) => return (region, requests, Err(("ecs:ListTasks", err))),
            }
        }
        // Only running awsvpc tasks still have their network interfaces.
        let enis: Vec<String> = tasks
            .iter()
            .filter(|t| !t.of_service() && t.desired_status != "STOPPED")
            .flat_map(|t| t.enis.clone())
            .collect();
        let groups = if enis.is_empty() {
            BTreeMap::new()
        } else {
            match aws::ec2::interface_groups(ctx, &region, &enis).await {
                Ok((groups, calls)) => {
                    requests += calls;
                    groups
                }
                Err(err) => return (region, requests, Err(("ec2:DescribeNetworkInterfaces", err))),
            }
        };
        (region, requests, Ok((tasks, groups)))
    })
    .await;
    for (region, requests, result) in results {
        part.requests += requests;
        let (tasks, groups) = match result {
            Ok(ok) => ok,
            Err((source, err)) => {
                part.gaps.push(gap(source, &region, None, err));
                continue;
            }
        };
        for task in tasks {
            if task.of_service() || !cx.picks(&task.tags) {
                continue;
            }
            let id = task.arn.rsplit('/').next().unwrap_or(&task.arn).to_string();
            let state = state_of(&task, &groups);
            let target = Target {
                arn: task.arn.clone(),
                kind: Kind::Task,
                region: region.clone(),
                id,
                name: task.group.clone(),
                cluster: state.cluster.clone(),
                group: None,
                state_machine: None,
            };
            let current = State::Task(Box::new(state));
            part.live.push(make_live(target, current, &task.tags, None, true));
        }
    }
    part
}

#[cfg(test)]
mod tests {
    use super::super::super::plan::{plan_kill, plan_undo};
    use super::super::test_live;
    use super::*;

    fn running() -> Prior {
        Prior {
            status: "RUNNING".into(),
            task_definition: Some("worker:3".into()),
            launch_type: Some("FARGATE".into()),
            subnets: vec!["subnet-a".into(), "subnet-b".into()],
            security_groups: vec!["sg-1".into()],
            public_ip: Some(false),
            task_definition_arn: Some("arn:aws:ecs:us-east-1:1:task-definition/worker:3".into()),
            group: Some("family:worker".into()),
            cluster: Some("agents".into()),
            overrides: Some(r#"{"containerOverrides":[{"name":"w","command":["run","job-7"]}]}"#.into()),
            tags: vec![("agent-name".into(), "bot".into())],
            ..Prior::default()
        }
    }

    fn live(current: Prior, prior: Option<Prior>) -> Live {
        let mut l = test_live(
            Kind::Task,
            State::Task(Box::new(current)),
            prior.map(|p| State::Task(Box::new(p))),
        );
        l.target.cluster = Some("agents".into());
        l
    }

    #[test]
    fn the_tag_keeps_what_a_relaunch_needs_and_round_trips() {
        let prior = running();
        let compact = State::Task(Box::new(prior.clone())).compact();
        assert_eq!(
            compact,
            "status=RUNNING taskdef=worker:3 launch=FARGATE subnets=subnet-a+subnet-b sgs=sg-1 ip=off"
        );
        let Some(State::Task(parsed)) = State::parse(Kind::Task, &compact) else {
            panic!("parses");
        };
        assert_eq!(parsed.subnets, prior.subnets);
        assert_eq!(parsed.security_groups, prior.security_groups);
        assert_eq!(parsed.public_ip, Some(false));
        assert_eq!(parsed.task_definition.as_deref(), Some("worker:3"));
        assert_eq!(State::parse(Kind::Task, "status=RUNNING ip=maybe"), None);
    }

    #[test]
    fn a_network_too_long_for_a_tag_is_left_out_of_it() {
        let mut prior = running();
        prior.subnets = (0..16).map(|i| format!("subnet-0123456789abcdef{i}")).collect();
        let compact = State::Task(Box::new(prior)).compact();
        assert!(compact.len() <= TAG_VALUE_MAX, "{compact}");
        assert_eq!(compact, "status=RUNNING taskdef=worker:3 launch=FARGATE");
    }

    #[test]
    fn kill_stops_for_good_and_undo_lists_it_with_the_command_to_start_it_again() {
        let steps = plan_kill(&[live(running(), None)]);
        assert_eq!(steps[0].action, StepAction::Task(Action::StopTask));
        assert!(steps[0].irreversible);

        let mut stopped = running();
        stopped.status = "STOPPED".into();
        let mut undo = plan_undo(&[live(stopped.clone(), Some(running()))]);
        let StepAction::NotRestorable { reason } = &undo[0].action else {
            panic!("{:?}", undo[0].action);
        };
        assert!(reason.contains("--relaunch-tasks"), "{reason}");
        assert!(
            reason.contains(
                "aws ecs run-task --cluster 'agents' --task-definition 'arn:aws:ecs:us-east-1:1:task-definition/worker:3' \
                 --launch-type FARGATE --network-configuration \
                 'awsvpcConfiguration={subnets=[subnet-a,subnet-b],securityGroups=[sg-1],assignPublicIp=DISABLED}'"
            ),
            "{reason}"
        );
        relaunch_step(&mut undo[0]);
        let StepAction::Task(Action::Relaunch { command }) = &undo[0].action else {
            panic!("{:?}", undo[0].action);
        };
        assert!(command.contains("--cluster 'agents'"), "{command}");
        assert!(
            command.contains(r#"--overrides '{"containerOverrides""#),
            "{command}"
        );
        assert!(command.contains("--tags 'key=agent-name,value=bot'"), "{command}");
    }

    #[test]
    fn what_was_stopped_before_the_kill_or_never_stopped_only_loses_its_markers() {
        let mut stopped = running();
        stopped.status = "STOPPED".into();
        let undo = plan_undo(&[
            live(stopped.clone(), Some(stopped.clone())),
            live(running(), Some(running())),
        ]);
        assert!(
            undo.iter().all(|s| s.action == StepAction::ClearMarkers),
            "{undo:?}"
        );
        let kill = plan_kill(&[live(stopped.clone(), None)]);
        assert!(!kill[0].action.changes());
        assert!(!kill[0].irreversible);
    }

    #[test]
    fn the_relaunch_token_is_stable_and_fits_runtask() {
        let target = test_live(Kind::Task, State::Task(Box::new(running())), None).target;
        let a = relaunch(&target, &running(), &running());
        let b = relaunch(&target, &running(), &running());
        assert_eq!(a.client_token, b.client_token);
        assert!(a.client_token.len() <= 64);
    }
}
