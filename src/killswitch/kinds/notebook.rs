//! SageMaker notebook instances: a kill stops an `InService` notebook (StopNotebookInstance; its ML
//! storage volume and what is on it stay), and undo starts it again, only if it was `InService` before
//! the kill: a notebook stopped before stays stopped. A notebook on its way somewhere (`Pending`,
//! `Stopping`, `Updating`) can be neither stopped nor started: it is blocked until it gets there.
//! The inventory's ListNotebookInstances gives the status. No SageMaker list or describe call returns
//! tags: they come from ListTags, read again here for a notebook whose tags came from the Tagging API,
//! which lags.
//!
//! SageMaker endpoints cannot be stopped, only deleted, which a kill never does: the selected ones are
//! reported with the plan as what keeps billing, with their instances (DescribeEndpoint, and
//! DescribeEndpointConfig for the instance types DescribeEndpoint does not return).

use std::collections::BTreeMap;

use futures::future::LocalBoxFuture;
use serde::Serialize;

use crate::aws::{self, AwsContext};
use crate::error::Result;
use crate::inventory::{Resource, Source};

use super::super::apply::Run;
use super::super::read::{CONCURRENCY, Filter, Part, ReadCx, gap, make_live};
use super::super::{Action as StepAction, Billing, Kind, Live, MARKERS, State, Step, Target};
use super::{Handler, Info, KindAction, PriorState, Undone, foreign};

/// The inventory type of SageMaker endpoints, which keep billing after a kill.
const ENDPOINT: &str = "sagemaker:endpoint";

/// The status of a notebook that runs (and bills for its instance).
const IN_SERVICE: &str = "InService";

/// A notebook's prior state: its status (`InService`, `Stopped`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Prior {
    pub status: String,
}

impl PriorState for Prior {
    fn compact(&self) -> String {
        format!("status={}", self.status)
    }

    fn describe(&self) -> String {
        self.status.clone()
    }
}

/// What a kill or undo does to a notebook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "action", rename_all = "kebab-case")]
#[cfg_attr(test, schemars(rename = "NotebookAction"))]
pub enum Action {
    /// StopNotebookInstance.
    StopNotebook,
    /// StartNotebookInstance.
    StartNotebook,
}

impl KindAction for Action {
    fn describe(&self, current: &State) -> Option<String> {
        let State::Notebook(Prior { status }) = current else {
            return None;
        };
        Some(match self {
            Action::StopNotebook => format!("stop: {status} → Stopped"),
            Action::StartNotebook => format!("start: {status} → InService"),
        })
    }
}

/// The handler of [`Kind::Notebook`].
#[derive(Debug)]
pub struct Notebooks;

impl Handler for Notebooks {
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::Notebook]
    }

    fn info(&self, _kind: Kind) -> Info {
        Info {
            type_name: "sagemaker:notebook-instance",
            label: "sagemaker notebook",
            listed: true,
        }
    }

    fn parse(&self, fields: &BTreeMap<&str, &str>) -> Option<State> {
        let status = fields.get("status")?;
        if status.is_empty() || !status.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        Some(State::Notebook(Prior {
            status: status.to_string(),
        }))
    }

    fn billing_types(&self) -> &'static [&'static str] {
        &[ENDPOINT]
    }

    fn tags_lag(&self) -> bool {
        true
    }

    fn read<'a>(&'a self, cx: &'a ReadCx<'a>, _before: &'a [Live]) -> LocalBoxFuture<'a, Result<Part>> {
        Box::pin(async move {
            let (mut part, billing) = futures::join!(read(cx), endpoints(cx));
            part.extend(billing);
            Ok(part)
        })
    }

    fn kill_action(&self, l: &Live) -> StepAction {
        let State::Notebook(Prior { status }) = &l.current else {
            return StepAction::blocked("internal: not a notebook state");
        };
        match status.as_str() {
            IN_SERVICE => StepAction::Notebook(Action::StopNotebook),
            "Stopped" | "Stopping" if l.markers.is_some() => StepAction::keep("already stopped by this kill"),
            "Stopped" => StepAction::keep("already stopped before the kill; stays stopped after undo"),
            "Pending" | "Stopping" | "Updating" => StepAction::blocked(format!(
                "{status}: SageMaker stops only an InService notebook; wait until it is InService or \
                 Stopped, then run the same kill again"
            )),
            other => StepAction::keep(format!("{other}: nothing running to stop")),
        }
    }

    fn undo_action(&self, current: &State, prior: &State) -> Option<StepAction> {
        let (State::Notebook(Prior { status: now }), State::Notebook(Prior { status: before })) =
            (current, prior)
        else {
            return None;
        };
        Some(match now.as_str() {
            _ if before != IN_SERVICE => StepAction::ClearMarkers,
            "Stopped" => StepAction::Notebook(Action::StartNotebook),
            "Stopping" | "Updating" => StepAction::blocked(format!(
                "still {now}; SageMaker starts only a Stopped notebook: run the same undo again once it \
                 has stopped"
            )),
            IN_SERVICE | "Pending" => StepAction::ClearMarkers,
            other => StepAction::keep(format!(
                "{other} since the kill, not by costbrake: nothing left to restore"
            )),
        })
    }

    fn mark<'a>(
        &'a self,
        ctx: &'a AwsContext,
        target: &'a Target,
        tags: &'a [(String, String)],
    ) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(aws::sagemaker::tag(ctx, &target.region, &target.arn, tags))
    }

    fn unmark<'a>(&'a self, ctx: &'a AwsContext, target: &'a Target) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(aws::sagemaker::untag(ctx, &target.region, &target.arn, &MARKERS))
    }

    fn kill<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let t = &step.target;
            let StepAction::Notebook(Action::StopNotebook) = &step.action else {
                return Err(foreign(&step.action));
            };
            run.change();
            aws::sagemaker::stop_notebook(run.ctx, &t.region, &t.id).await
        })
    }

    fn undo<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<Undone>> {
        Box::pin(async move {
            let t = &step.target;
            let StepAction::Notebook(Action::StartNotebook) = &step.action else {
                return Err(foreign(&step.action));
            };
            run.change();
            aws::sagemaker::start_notebook(run.ctx, &t.region, &t.id).await?;
            Ok(Undone::Unmark)
        })
    }
}

/// A candidate's status from the listing, and its tags when they are fresh (read with ListTags, not
/// from the Tagging API, which lags). `None` when ListNotebookInstances did not return it: it is gone,
/// or the listing failed and its gap says so.
fn listed(resource: &Resource) -> Option<(String, Option<&BTreeMap<String, String>>)> {
    if !resource.sources.contains(&Source::SageMakerNotebooks) {
        return None;
    }
    let status = resource.state.clone()?;
    let fresh = (!resource.sources.contains(&Source::TaggingApi)).then_some(&resource.tags);
    Some((status, fresh))
}

/// The candidates' statuses from the listing, with their tags read again where they came from the
/// Tagging API.
async fn read(cx: &ReadCx<'_>) -> Part {
    let mut part = Part::default();
    let notebooks: Vec<_> = cx
        .of(&[Kind::Notebook])
        .filter_map(|c| {
            let (status, fresh) = listed(c.resource)?;
            Some((c.target.clone(), status, fresh.cloned()))
        })
        .collect();
    let ctx = cx.ctx;
    let results = aws::fan_out_by(
        notebooks,
        |n| n.0.region.clone(),
        CONCURRENCY,
        |(target, status, fresh)| async move {
            let tags = match fresh {
                Some(tags) => Ok((tags, 0)),
                None => aws::sagemaker::tags(ctx, &target.region, &target.arn).await,
            };
            (target, status, tags)
        },
    )
    .await;
    for (target, status, tags) in results {
        match tags {
            Ok((tags, calls)) => {
                part.requests += calls;
                if cx.picks(&tags) {
                    let current = State::Notebook(Prior { status });
                    part.live.push(make_live(target, current, &tags, None, true));
                }
            }
            Err(err) => {
                part.requests += 1;
                let region = target.region.clone();
                part.gaps
                    .push(gap("sagemaker:ListTags", &region, Some(&target.arn), err));
            }
        }
    }
    part
}

/// The selected endpoints, described: what keeps billing after the kill.
async fn endpoints(cx: &ReadCx<'_>) -> Part {
    let mut part = Part::default();
    let Filter::Selector(selector) = cx.filter else {
        return part;
    };
    let selected: Vec<&Resource> = cx
        .resources
        .iter()
        .filter(|r| r.resource_type == ENDPOINT && selector.matches(&r.tags))
        .collect();
    let ctx = cx.ctx;
    let results = aws::fan_out_by(
        selected,
        |r| r.region.clone(),
        CONCURRENCY,
        |r| async move { (r, aws::sagemaker::capacity(ctx, &r.region, &r.id).await) },
    )
    .await;
    for (r, result) in results {
        let detail = match result {
            Ok((capacity, calls, config_error)) => {
                part.requests += calls;
                if let Some(err) = config_error {
                    part.gaps.push(gap(
                        "sagemaker:DescribeEndpointConfig",
                        &r.region,
                        Some(&r.arn),
                        err,
                    ));
                }
                describe_capacity(&capacity)
            }
            Err(err) => {
                part.requests += 1;
                part.gaps
                    .push(gap("sagemaker:DescribeEndpoint", &r.region, Some(&r.arn), err));
                "its instances could not be read (see the gaps); delete the endpoint to stop it".into()
            }
        };
        part.billing.push(Billing {
            arn: r.arn.clone(),
            region: r.region.clone(),
            what: "sagemaker endpoint".into(),
            detail,
        });
    }
    part
}

/// `2 x ml.g5.xlarge (variant AllTraffic); delete the endpoint to stop it`.
fn describe_capacity(capacity: &aws::sagemaker::Capacity) -> String {
    let known = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".into());
    let variants: Vec<String> = capacity
        .variants
        .iter()
        .map(|v| {
            let what = match v.serverless {
                Some((memory, Some(provisioned))) if provisioned > 0 => format!(
                    "serverless, {} MB, provisioned concurrency {provisioned}",
                    known(&memory.map(|m| m.to_string()))
                ),
                Some((memory, _)) => format!(
                    "serverless, {} MB, billed per request",
                    known(&memory.map(|m| m.to_string()))
                ),
                None => v
                    .instances
                    .iter()
                    .map(|(instance_type, count)| {
                        format!(
                            "{} x {}",
                            known(&count.map(|n| n.to_string())),
                            known(instance_type)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" + "),
            };
            let variant = if v.shadow { "shadow variant" } else { "variant" };
            format!("{what} ({variant} {})", v.name)
        })
        .collect();
    let mut detail = if variants.is_empty() {
        "no instances reported".to_string()
    } else {
        variants.join(", ")
    };
    if let Some(status) = capacity.status.as_deref().filter(|s| *s != "InService") {
        detail = format!("{status}: {detail}");
    }
    format!("{detail}; delete the endpoint to stop it")
}

#[cfg(test)]
mod tests {
    use super::super::super::plan::{plan_kill, plan_undo};
    use super::super::test_live;
    use super::*;

    fn notebook(status: &str) -> State {
        State::Notebook(Prior {
            status: status.into(),
        })
    }

    #[test]
    fn kill_stops_only_what_is_in_service_and_blocks_what_is_on_its_way() {
        let steps = plan_kill(&[
            test_live(Kind::Notebook, notebook("InService"), None),
            test_live(Kind::Notebook, notebook("Stopped"), None),
            test_live(Kind::Notebook, notebook("Stopped"), Some(notebook("InService"))),
            test_live(Kind::Notebook, notebook("Pending"), None),
            test_live(Kind::Notebook, notebook("Updating"), None),
            test_live(Kind::Notebook, notebook("Failed"), None),
        ]);
        assert_eq!(steps[0].action, StepAction::Notebook(Action::StopNotebook));
        assert_eq!(steps[0].prior, notebook("InService"));
        assert!(!steps[1].action.changes(), "{:?}", steps[1].action);
        assert_eq!(
            steps[2].prior,
            notebook("InService"),
            "the original prior is kept"
        );
        assert!(!steps[2].action.changes());
        for blocked in &steps[3..5] {
            let StepAction::Blocked { reason } = &blocked.action else {
                panic!("{:?}", blocked.action)
            };
            assert!(reason.contains("run the same kill again"), "{reason}");
        }
        assert!(matches!(steps[5].action, StepAction::Keep { .. }));
    }

    #[test]
    fn undo_starts_only_what_was_in_service_and_waits_for_a_stopping_one() {
        let undo = |now: &str, before: &str| {
            plan_undo(&[test_live(Kind::Notebook, notebook(now), Some(notebook(before)))])
                .remove(0)
                .action
        };
        assert_eq!(
            undo("Stopped", "InService"),
            StepAction::Notebook(Action::StartNotebook)
        );
        assert_eq!(undo("Stopped", "Stopped"), StepAction::ClearMarkers);
        assert_eq!(undo("InService", "InService"), StepAction::ClearMarkers);
        let StepAction::Blocked { reason } = undo("Stopping", "InService") else {
            panic!("a stopping notebook cannot be started")
        };
        assert!(reason.contains("run the same undo again"), "{reason}");
        assert!(matches!(undo("Deleting", "InService"), StepAction::Keep { .. }));
    }

    #[test]
    fn compact_form_round_trips_and_garbage_is_rejected() {
        for status in ["InService", "Stopped"] {
            let s = notebook(status);
            assert_eq!(State::parse(Kind::Notebook, &s.compact()), Some(s));
        }
        assert_eq!(State::parse(Kind::Notebook, "status="), None);
        assert_eq!(State::parse(Kind::Notebook, "status=In-Service"), None);
        assert_eq!(State::parse(Kind::Notebook, "state=InService"), None);
    }

    #[test]
    fn endpoints_say_what_they_run_and_how_to_stop_it() {
        use aws::sagemaker::{Capacity, Variant};
        let capacity = Capacity {
            status: Some("InService".into()),
            variants: vec![
                Variant {
                    name: "AllTraffic".into(),
                    shadow: false,
                    instances: vec![(Some("ml.g5.xlarge".into()), Some(2))],
                    serverless: None,
                },
                Variant {
                    name: "canary".into(),
                    shadow: true,
                    instances: vec![(None, Some(1))],
                    serverless: None,
                },
            ],
        };
        assert_eq!(
            describe_capacity(&capacity),
            "2 x ml.g5.xlarge (variant AllTraffic), 1 x ? (shadow variant canary); delete the endpoint \
             to stop it"
        );
        let serverless = Capacity {
            status: Some("Updating".into()),
            variants: vec![Variant {
                name: "v".into(),
                shadow: false,
                instances: vec![],
                serverless: Some((Some(2048), None)),
            }],
        };
        assert_eq!(
            describe_capacity(&serverless),
            "Updating: serverless, 2048 MB, billed per request (variant v); delete the endpoint to stop it"
        );
    }
}
