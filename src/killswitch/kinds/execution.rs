//! Step Functions executions of the agent's state machines: a kill stops each `RUNNING` one with
//! StopExecution, for good: Step Functions never resumes a stopped execution by itself. So the kind is
//! irreversible: plans show its steps apart, and undo lists each execution as not restorable, with its
//! input and start date, the `aws stepfunctions redrive-execution` that continues it from the step it
//! was stopped in (for 14 days:
//! <https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html>) and the
//! `aws stepfunctions start-execution` that runs its input again from the start. Undo does neither: an
//! agent's workflow run twice may spend or act twice.
//!
//! An execution cannot carry tags, so its markers are not on it:
//! - the agent's state machines are selected by their tags, and each execution is read with its state
//!   machine's tags;
//! - the kill records each execution in the journal, then tags its state machine with `costbrake:killed`
//!   and `costbrake:killed-by` (once per state machine, and only when it carries no kill yet: the first
//!   kill's time bounds what later reads look at), then stops it with `error` `costbrake.Kill` and a
//!   `cause` naming the kill id and the caller, which DescribeExecution returns for 90 days;
//! - undo and status list the `ABORTED` executions (stopped since that first kill) of the marked state
//!   machines, describe them, and take those whose `error` and `cause` name a costbrake kill: the cause
//!   is the marker, and the prior state is `RUNNING` at the start date recorded.
//!
//! The markers stay after an undo, as on ECS tasks: undo and status keep listing what was stopped for
//! good until Step Functions forgets the executions (90 days after they stopped).
//!
//! Express state machines: ListExecutions does not serve them, and their executions (at most five
//! minutes each) cannot be stopped; each selected one is reported as what keeps billing, and the IAM deny
//! on the agent's roles stops new ones.

use std::collections::BTreeMap;

use futures::future::LocalBoxFuture;
use serde::Serialize;

use crate::aws::{self, AwsContext};
use crate::error::Result;
use crate::inventory::Resource;

use super::super::apply::Run;
use super::super::read::{CONCURRENCY, Filter, Part, ReadCx, Tags, gap, make_live};
use super::super::{
    Action as StepAction, Billing, Kind, Live, MARK_BY, MARK_KILL, MARK_PRIOR, Mode, State, Step, Target,
    kill_time,
};
use super::{Handler, Info, KindAction, PriorState, Undone, foreign};

/// The inventory type of the state machines whose executions this kind stops.
pub const STATE_MACHINE: &str = "states:stateMachine";

/// StopExecution's `error` on what a kill stopped: the marker undo and status look for.
pub const STOP_ERROR: &str = "costbrake.Kill";

/// The status of an execution that runs (and bills for its state transitions and what its tasks call).
const RUNNING: &str = "RUNNING";

/// An execution's state: its status and start date, and (read with DescribeExecution for undo and
/// status) its input, which a new execution would need. Only status and start date are recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Prior {
    /// `RUNNING`, `ABORTED`, ...
    pub status: String,
    /// RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started: Option<String>,
    /// The execution's input JSON, in full; read from the execution, never recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// Its state machine's ARN; read, never recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_machine: Option<String>,
    /// Its ARN, for the redrive command; read, never recorded.
    #[serde(skip)]
    pub arn: Option<String>,
    /// Whether its state machine carried a kill's marker when read (the kill then leaves it).
    #[serde(skip)]
    pub machine_marked: bool,
}

impl PriorState for Prior {
    /// `status=RUNNING started=2026-11-23T03:15:00Z`.
    fn compact(&self) -> String {
        match &self.started {
            Some(started) => format!("status={} started={started}", self.status),
            None => format!("status={}", self.status),
        }
    }

    fn describe(&self) -> String {
        let status = self.status.to_ascii_lowercase().replace('_', " ");
        match &self.started {
            Some(started) => format!("{status} since {started}"),
            None => status,
        }
    }
}

/// What a kill does to an execution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "action", rename_all = "kebab-case")]
#[cfg_attr(test, schemars(rename = "ExecutionAction"))]
pub enum Action {
    /// StopExecution: for good.
    StopExecution,
}

impl KindAction for Action {
    fn describe(&self, current: &State) -> Option<String> {
        let State::Execution(now) = current else {
            return None;
        };
        Some(match self {
            Action::StopExecution => format!("stop for good: {} → aborted", now.describe()),
        })
    }
}

/// The handler of [`Kind::Execution`].
#[derive(Debug)]
pub struct Executions;

impl Handler for Executions {
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::Execution]
    }

    fn info(&self, _kind: Kind) -> Info {
        Info {
            type_name: "states:execution",
            label: "sfn execution",
            listed: true,
        }
    }

    fn parse(&self, fields: &BTreeMap<&str, &str>) -> Option<State> {
        let status = fields.get("status")?;
        if status.is_empty() || !status.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
            return None;
        }
        let started = match fields.get("started") {
            Some(s) => {
                s.parse::<jiff::Timestamp>().ok()?;
                Some(s.to_string())
            }
            None => None,
        };
        Some(State::Execution(Prior {
            status: status.to_string(),
            started,
            ..Prior::default()
        }))
    }

    fn listed_from(&self) -> Option<&'static str> {
        Some(STATE_MACHINE)
    }

    fn read<'a>(&'a self, cx: &'a ReadCx<'a>, _before: &'a [Live]) -> LocalBoxFuture<'a, Result<Part>> {
        Box::pin(async move { Ok(read(cx).await) })
    }

    fn reversible(&self) -> bool {
        false
    }

    fn kill_action(&self, l: &Live) -> StepAction {
        let State::Execution(now) = &l.current else {
            return StepAction::blocked("internal: not an execution state");
        };
        match now.status.as_str() {
            RUNNING if l.target.state_machine.is_some() => StepAction::Execution(Action::StopExecution),
            RUNNING => StepAction::blocked("internal: an execution without its state machine"),
            _ if l.markers.is_some() => StepAction::keep("already stopped by this kill"),
            other => StepAction::keep(format!("{other}: nothing running to stop")),
        }
    }

    fn undo_action(&self, current: &State, prior: &State) -> Option<StepAction> {
        let (State::Execution(now), State::Execution(before)) = (current, prior) else {
            return None;
        };
        if before.status != RUNNING || now.status == RUNNING {
            // Nothing the kill stopped (a crash before its StopExecution): it runs as before.
            return Some(StepAction::keep("not stopped by the kill: nothing to restore"));
        }
        Some(StepAction::NotRestorable {
            reason: restart_hint(now),
        })
    }

    fn mark<'a>(
        &'a self,
        ctx: &'a AwsContext,
        target: &'a Target,
        tags: &'a [(String, String)],
    ) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let Some(machine) = &target.state_machine else {
                return Err(crate::Error::usage(
                    "internal: an execution without its state machine",
                ));
            };
            aws::sfn::tag(ctx, &target.region, machine, &machine_markers(tags)).await
        })
    }

    /// The markers are the state machine's (shared by its other executions) and the stop's own cause,
    /// which nothing removes: nothing to do.
    fn unmark<'a>(&'a self, _ctx: &'a AwsContext, _target: &'a Target) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async { Ok(()) })
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
        Box::pin(kill_region(run, region, steps))
    }

    fn kill<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let t = &step.target;
            let StepAction::Execution(Action::StopExecution) = &step.action else {
                return Err(foreign(&step.action));
            };
            run.change();
            aws::sfn::stop_execution(run.ctx, &t.region, &t.arn, STOP_ERROR, &cause(run.id, run.by)).await
        })
    }

    fn undo<'a>(&'a self, _run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<Undone>> {
        Box::pin(async move { Err(foreign(&step.action)) })
    }
}

/// The markers a state machine gets: the kill id and the caller (an execution's prior state is in the
/// journal and in its own cause).
fn machine_markers(tags: &[(String, String)]) -> Vec<(String, String)> {
    tags.iter().filter(|(k, _)| k != MARK_PRIOR).cloned().collect()
}

/// StopExecution's `cause`: `costbrake kill <kill id> by <caller ARN>`.
fn cause(kill_id: &str, by: &str) -> String {
    format!("costbrake kill {kill_id} by {by}")
}

/// The kill id and caller in a cause costbrake wrote; `None` for any other.
fn parse_cause(cause: &str) -> Option<(String, String)> {
    let rest = cause.strip_prefix("costbrake kill ")?;
    let (id, by) = rest.split_once(" by ")?;
    super::super::validate_kill_id(id).ok()?;
    Some((id.to_string(), by.to_string()))
}

/// The `aws stepfunctions start-execution` that runs a stopped execution's input again, for people.
pub fn start_command(state_machine: &str, input: Option<&str>) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut cmd = format!(
        "aws stepfunctions start-execution --state-machine-arn {}",
        quote(state_machine)
    );
    if let Some(input) = input {
        cmd.push_str(&format!(" --input {}", quote(input)));
    }
    cmd
}

/// Kills of one region: the journal records of all steps in one write, then one TagResource per state
/// machine that carries no kill yet, then a StopExecution each. A state machine that could not be
/// tagged has none of its executions stopped: a later undo or status would not find them.
async fn kill_region(run: &Run<'_>, region: &str, steps: &[&Step]) -> Vec<(String, Option<String>)> {
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    if run.plan.mode != Mode::Kill {
        return steps
            .iter()
            .map(|s| (s.target.arn.clone(), Some(foreign(&s.action).to_string())))
            .collect();
    }
    if let Err(e) = run.record_all(steps) {
        return steps
            .iter()
            .map(|s| (s.target.arn.clone(), Some(e.to_string())))
            .collect();
    }
    let mut machines: BTreeMap<&str, Vec<&Step>> = BTreeMap::new();
    for s in steps {
        let marked = matches!(&s.current, State::Execution(p) if p.machine_marked);
        if let (Some(machine), false) = (&s.target.state_machine, marked) {
            machines.entry(machine.as_str()).or_default().push(s);
        }
    }
    let tagged = aws::fan_out(machines, CONCURRENCY, |(machine, of)| async move {
        let tags = machine_markers(&run.markers(of[0]));
        run.change();
        (of, aws::sfn::tag(run.ctx, region, machine, &tags).await)
    })
    .await;
    for (of, result) in tagged {
        if let Err(err) = result {
            for s in of {
                errors.insert(
                    s.target.arn.clone(),
                    format!("could not mark its state machine, so it was not stopped: {err}"),
                );
            }
        }
    }
    let stopping: Vec<&Step> = steps
        .iter()
        .filter(|s| !errors.contains_key(&s.target.arn))
        .copied()
        .collect();
    let stopped = aws::fan_out(stopping, CONCURRENCY, |s| async move {
        let result = Handler::kill(&Executions, run, s).await;
        (s.target.arn.clone(), result)
    })
    .await;
    for (arn, result) in stopped {
        if let Err(err) = result {
            errors.insert(arn, err.to_string());
        }
    }
    steps
        .iter()
        .map(|s| (s.target.arn.clone(), errors.get(&s.target.arn).cloned()))
        .collect()
}

/// Which state machines a read looks into, and from when their stopped executions matter.
#[derive(Debug, Clone)]
struct Machine<'a> {
    resource: &'a Resource,
    /// The tags without costbrake's markers: what an execution is selected by.
    tags: Tags,
    /// List its `RUNNING` executions (a kill).
    running: bool,
    /// List its `ABORTED` executions stopped since this time (the first kill marked on it).
    stopped_since: Option<jiff::Timestamp>,
}

/// The state machines `cx` looks into: the selected ones (kill), and the marked ones (every read).
fn machines<'a>(cx: &ReadCx<'a>) -> Vec<Machine<'a>> {
    cx.resources
        .iter()
        .filter(|r| r.resource_type == STATE_MACHINE)
        .filter_map(|r| {
            let tags: Tags = r
                .tags
                .iter()
                .filter(|(k, _)| !k.starts_with("costbrake:"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let since = r.tags.get(MARK_KILL).and_then(|id| kill_time(id));
            let selected = match cx.filter {
                Filter::Selector(selector) => selector.matches(&tags),
                Filter::Killed(selector) => selector.is_none_or(|s| s.matches(&tags)),
                Filter::Undo(selector) => selector.matches(&tags),
                // Marked by this kill or an earlier one (the tag keeps the first).
                Filter::KillId(id) => kill_time(id).is_some_and(|t| since.is_some_and(|s| s <= t)),
            };
            let running = matches!(cx.filter, Filter::Selector(_));
            (selected && (running || since.is_some())).then_some(Machine {
                resource: r,
                tags,
                running,
                stopped_since: since,
            })
        })
        .collect()
}

/// What a read found in one state machine.
struct Found {
    requests: u32,
    executions: Vec<aws::sfn::Execution>,
    /// Per failed call: the IAM action and the error.
    failures: Vec<(&'static str, Option<String>, crate::Error)>,
    /// Its executions cannot be listed: an express state machine.
    express: bool,
}

async fn look_into(ctx: &AwsContext, m: &Machine<'_>) -> Found {
    let r = m.resource;
    let mut found = Found {
        requests: 0,
        executions: Vec::new(),
        failures: Vec::new(),
        express: r.state.as_deref() == Some(aws::sfn::EXPRESS),
    };
    if found.express {
        return found;
    }
    if m.running {
        match aws::sfn::executions(ctx, &r.region, &r.arn, RUNNING).await {
            Ok((running, calls)) => {
                found.requests += calls;
                found.executions.extend(running);
            }
            Err(err) if err.to_string().contains("StateMachineTypeNotSupported") => {
                found.requests += 1;
                found.express = true;
                return found;
            }
            Err(err) => {
                found.requests += 1;
                found
                    .failures
                    .push(("states:ListExecutions", Some(r.arn.clone()), err));
            }
        }
    }
    let Some(since) = m.stopped_since else {
        return found;
    };
    let aborted = match aws::sfn::executions(ctx, &r.region, &r.arn, "ABORTED").await {
        Ok((aborted, calls)) => {
            found.requests += calls;
            aborted
        }
        Err(err) => {
            found.requests += 1;
            found
                .failures
                .push(("states:ListExecutions", Some(r.arn.clone()), err));
            return found;
        }
    };
    // Only what stopped since the first kill can carry a kill's cause: describe those.
    let recent: Vec<aws::sfn::Execution> = aborted
        .into_iter()
        .filter(|e| {
            e.stop_date
                .as_deref()
                .and_then(|d| d.parse::<jiff::Timestamp>().ok())
                .is_none_or(|d| d >= since)
        })
        .collect();
    let described = aws::fan_out(recent, CONCURRENCY, |e| async move {
        (
            e.arn.clone(),
            aws::sfn::describe_execution(ctx, &r.region, &e.arn).await,
        )
    })
    .await;
    for (arn, result) in described {
        found.requests += 1;
        match result {
            Ok(e) => found.executions.push(e),
            Err(err) => found.failures.push(("states:DescribeExecution", Some(arn), err)),
        }
    }
    found
}

/// The executions of the selected and marked state machines: running ones for a kill, and for every read
/// those a costbrake kill stopped, as StopExecution's cause says.
async fn read(cx: &ReadCx<'_>) -> Part {
    let mut part = Part::default();
    if !cx.wants(Kind::Execution) {
        return part;
    }
    let machines = machines(cx);
    let ctx = cx.ctx;
    let results = aws::fan_out_by(
        machines,
        |m| m.resource.region.clone(),
        CONCURRENCY,
        |m| async move {
            let found = look_into(ctx, &m).await;
            (m, found)
        },
    )
    .await;
    for (m, found) in results {
        let r = m.resource;
        part.requests += found.requests;
        for (source, arn, err) in found.failures {
            part.gaps.push(gap(source, &r.region, arn.as_deref(), err));
        }
        if found.express {
            if matches!(cx.filter, Filter::Selector(_)) {
                part.billing.push(Billing {
                    arn: r.arn.clone(),
                    region: r.region.clone(),
                    what: "sfn express state machine".into(),
                    detail: "its executions (up to 5 minutes each) cannot be listed or stopped: \
                             ListExecutions does not serve express workflows; the deny on the agent's \
                             role stops it starting new ones"
                        .into(),
                });
            }
            continue;
        }
        for e in found.executions {
            let mut tags = m.tags.clone();
            let marker = match (e.error.as_deref(), e.cause.as_deref().and_then(parse_cause)) {
                (Some(STOP_ERROR), Some(marker)) => Some(marker),
                _ => None,
            };
            if let Some((kill_id, by)) = &marker {
                tags.insert(MARK_KILL.into(), kill_id.clone());
                tags.insert(MARK_BY.into(), by.clone());
                let prior = Prior {
                    status: RUNNING.into(),
                    started: Some(e.start_date.clone()),
                    ..Prior::default()
                };
                tags.insert(MARK_PRIOR.into(), prior.compact());
            } else if e.status != RUNNING {
                continue; // aborted by someone else
            }
            if !cx.picks(&tags) {
                continue;
            }
            let target = Target {
                arn: e.arn.clone(),
                kind: Kind::Execution,
                region: r.region.clone(),
                id: e.name.clone(),
                name: Some(r.id.clone()),
                cluster: None,
                group: None,
                state_machine: Some(r.arn.clone()),
            };
            let current = State::Execution(Prior {
                status: e.status.clone(),
                started: Some(e.start_date.clone()),
                input: e.input.clone(),
                state_machine: Some(r.arn.clone()),
                arn: Some(e.arn.clone()),
                machine_marked: m.stopped_since.is_some(),
            });
            part.live.push(make_live(target, current, &tags, None, true));
        }
    }
    part
}

/// What undo and status say of an execution a kill stopped: how to continue it or run it again.
fn restart_hint(now: &Prior) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut hint = String::from("Step Functions never resumes a stopped execution by itself");
    if let Some(arn) = &now.arn {
        hint.push_str(&format!(
            "; within 14 days of the stop `aws stepfunctions redrive-execution --execution-arn {}` \
             continues it from the step it was stopped in",
            quote(arn)
        ));
    }
    if let Some(machine) = &now.state_machine {
        hint.push_str(&format!(
            "; `{}` runs it again from the start",
            start_command(machine, now.input.as_deref())
        ));
    }
    hint
}

#[cfg(test)]
mod tests {
    use super::super::super::plan::{plan_kill, plan_undo};
    use super::super::test_live;
    use super::*;

    fn execution(status: &str) -> Prior {
        Prior {
            status: status.into(),
            started: Some("2026-11-23T03:10:00Z".into()),
            input: Some(r#"{"job":"it's 7"}"#.into()),
            state_machine: Some("arn:aws:states:us-east-1:1:stateMachine:agent-flow".into()),
            arn: Some("arn:aws:states:us-east-1:1:execution:agent-flow:run-1".into()),
            machine_marked: false,
        }
    }

    fn live(current: Prior, marked: bool) -> Live {
        let mut l = test_live(
            Kind::Execution,
            State::Execution(current),
            marked.then(|| State::Execution(execution(RUNNING))),
        );
        l.target.state_machine = Some("arn:aws:states:us-east-1:1:stateMachine:agent-flow".into());
        l
    }

    #[test]
    fn the_record_keeps_status_and_start_and_garbage_is_rejected() {
        let compact = State::Execution(execution(RUNNING)).compact();
        assert_eq!(compact, "status=RUNNING started=2026-11-23T03:10:00Z");
        let Some(State::Execution(parsed)) = State::parse(Kind::Execution, &compact) else {
            panic!("parses");
        };
        assert_eq!(parsed.started.as_deref(), Some("2026-11-23T03:10:00Z"));
        assert_eq!(
            State::parse(Kind::Execution, "status=RUNNING started=yesterday"),
            None
        );
        assert_eq!(State::parse(Kind::Execution, "status=running!"), None);
        assert_eq!(
            State::parse(Kind::Execution, "started=2026-11-23T03:10:00Z"),
            None
        );
    }

    #[test]
    fn kill_stops_running_ones_for_good_and_leaves_what_it_stopped_before() {
        let steps = plan_kill(&[live(execution(RUNNING), false), live(execution("ABORTED"), true)]);
        assert_eq!(steps[0].action, StepAction::Execution(Action::StopExecution));
        assert!(steps[0].irreversible);
        assert_eq!(steps[1].action, StepAction::keep("already stopped by this kill"));
        assert!(!steps[1].irreversible);
        assert!(
            steps[0].change.contains("running since 2026-11-23T03:10:00Z"),
            "{}",
            steps[0].change
        );
    }

    #[test]
    fn undo_lists_what_was_stopped_with_the_command_that_runs_its_input_again() {
        let undo = plan_undo(&[live(execution("ABORTED"), true)]);
        let StepAction::NotRestorable { reason } = &undo[0].action else {
            panic!("{:?}", undo[0].action);
        };
        assert!(
            reason.contains(
                r#"`aws stepfunctions start-execution --state-machine-arn 'arn:aws:states:us-east-1:1:stateMachine:agent-flow' --input '{"job":"it'\''s 7"}'`"#
            ),
            "{reason}"
        );
        assert!(
            reason.contains(
                "`aws stepfunctions redrive-execution --execution-arn 'arn:aws:states:us-east-1:1:execution:agent-flow:run-1'`"
            ),
            "{reason}"
        );
        // Marked but never stopped (a crash before its StopExecution): nothing to list.
        let undo = plan_undo(&[live(execution(RUNNING), true)]);
        assert!(!undo[0].action.changes());
        assert!(!matches!(undo[0].action, StepAction::NotRestorable { .. }));
    }

    #[test]
    fn causes_are_costbrake_s_only() {
        let c = cause("kill-20261123t031500z-abcdef", "arn:aws:iam::1:user/oncall");
        assert_eq!(
            parse_cause(&c),
            Some((
                "kill-20261123t031500z-abcdef".into(),
                "arn:aws:iam::1:user/oncall".into()
            ))
        );
        assert_eq!(parse_cause("costbrake kill banana by me"), None);
        assert_eq!(parse_cause("operator cancelled"), None);
    }

    #[test]
    fn the_state_machine_gets_the_kill_and_the_caller_not_an_execution_s_prior_state() {
        let tags = vec![
            (MARK_KILL.to_string(), "kill-20261123t031500z-abcdef".to_string()),
            (MARK_PRIOR.to_string(), "status=RUNNING".to_string()),
            (MARK_BY.to_string(), "arn:aws:iam::1:user/oncall".to_string()),
        ];
        let keys: Vec<String> = machine_markers(&tags).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, [MARK_KILL, MARK_BY]);
    }
}
