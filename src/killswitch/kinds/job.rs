//! Bedrock model customization jobs: a kill stops each `InProgress` one with StopModelCustomizationJob,
//! for good (a stopped job goes `Stopping`, then `Stopped`, and cannot be resumed: a new job trains from
//! the start), so the kind is irreversible: plans show its steps apart, and undo lists each job as not
//! restorable with what would train it again. A job takes tags after creation (the TagResource ARN
//! pattern names `model-customization-job`), so its markers are on it, set before the stop.
//!
//! The inventory lists the `InProgress` jobs (ListModelCustomizationJobs, then ListTagsForResource for
//! the ones the Tagging API did not return, which lags); undo and status also list the `Stopping` and
//! `Stopped` ones and read their tags, since a job marked seconds ago may not be indexed yet.
//!
//! Provisioned model throughput cannot be stopped, only deleted, which a kill never does: the selected
//! throughputs are reported with the plan as what keeps billing, with their model units and commitment
//! term (GetProvisionedModelThroughput). New Bedrock invocations are stopped by the IAM deny on the
//! agent's roles (the plan's note says so).

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

/// The inventory type of provisioned model throughput, which keeps billing after a kill.
pub const THROUGHPUT: &str = "bedrock:provisioned-model";

/// The status of a job that trains (and bills).
const IN_PROGRESS: &str = "InProgress";

/// A job's prior state: its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Prior {
    /// `InProgress`, `Stopping`, `Stopped`, `Completed`, `Failed`.
    pub status: String,
}

impl Prior {
    fn stopped(&self) -> bool {
        matches!(self.status.as_str(), "Stopping" | "Stopped")
    }
}

impl PriorState for Prior {
    fn compact(&self) -> String {
        format!("status={}", self.status)
    }

    fn describe(&self) -> String {
        self.status.clone()
    }
}

/// What a kill does to a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "action", rename_all = "kebab-case")]
#[cfg_attr(test, schemars(rename = "JobAction"))]
pub enum Action {
    /// StopModelCustomizationJob: for good.
    StopJob,
}

impl KindAction for Action {
    fn describe(&self, current: &State) -> Option<String> {
        let State::Job(Prior { status }) = current else {
            return None;
        };
        Some(match self {
            Action::StopJob => format!("stop for good: {status} → Stopped"),
        })
    }
}

/// The handler of [`Kind::Job`].
#[derive(Debug)]
pub struct Jobs;

impl Handler for Jobs {
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::Job]
    }

    fn info(&self, _kind: Kind) -> Info {
        Info {
            type_name: "bedrock:model-customization-job",
            label: "bedrock customization job",
            listed: true,
        }
    }

    fn parse(&self, fields: &BTreeMap<&str, &str>) -> Option<State> {
        let status = fields.get("status")?;
        if status.is_empty() || !status.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        Some(State::Job(Prior {
            status: status.to_string(),
        }))
    }

    fn billing_types(&self) -> &'static [&'static str] {
        &[THROUGHPUT]
    }

    fn tags_lag(&self) -> bool {
        true
    }

    fn read<'a>(&'a self, cx: &'a ReadCx<'a>, _before: &'a [Live]) -> LocalBoxFuture<'a, Result<Part>> {
        Box::pin(async move {
            let (mut part, billing) = futures::join!(read(cx), throughputs(cx));
            part.extend(billing);
            Ok(part)
        })
    }

    fn reversible(&self) -> bool {
        false
    }

    fn kill_action(&self, l: &Live) -> StepAction {
        let State::Job(now) = &l.current else {
            return StepAction::blocked("internal: not a job state");
        };
        match now.status.as_str() {
            IN_PROGRESS => StepAction::Job(Action::StopJob),
            _ if now.stopped() && l.markers.is_some() => StepAction::keep("already stopped by this kill"),
            other => StepAction::keep(format!("{other}: nothing running to stop")),
        }
    }

    fn undo_action(&self, current: &State, prior: &State) -> Option<StepAction> {
        let (State::Job(now), State::Job(before)) = (current, prior) else {
            return None;
        };
        if before.status != IN_PROGRESS || !now.stopped() {
            // Not running before the kill, or never stopped (a crash between marking and stopping).
            return Some(StepAction::ClearMarkers);
        }
        Some(StepAction::NotRestorable {
            reason: "Bedrock never resumes a stopped customization job; train again with `aws bedrock \
                     create-model-customization-job` and the job's base model, training data and \
                     hyperparameters (`aws bedrock get-model-customization-job --job-identifier` shows them)"
                .into(),
        })
    }

    fn mark<'a>(
        &'a self,
        ctx: &'a AwsContext,
        target: &'a Target,
        tags: &'a [(String, String)],
    ) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(aws::bedrock::tag(ctx, &target.region, &target.arn, tags))
    }

    fn unmark<'a>(&'a self, ctx: &'a AwsContext, target: &'a Target) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(aws::bedrock::untag(ctx, &target.region, &target.arn, &MARKERS))
    }

    fn kill<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let t = &step.target;
            let StepAction::Job(Action::StopJob) = &step.action else {
                return Err(foreign(&step.action));
            };
            run.change();
            aws::bedrock::stop_job(run.ctx, &t.region, &t.id).await
        })
    }

    fn undo<'a>(&'a self, _run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<Undone>> {
        Box::pin(async move { Err(foreign(&step.action)) })
    }
}

/// The candidates (with their tags read again where the Tagging API gave them) and, for undo and status,
/// the stopped jobs of every region read with their tags.
async fn read(cx: &ReadCx<'_>) -> Part {
    let mut part = Part::default();
    // By ARN: target, status from a listing, tags when fresh.
    type Found = (Target, Option<String>, Option<BTreeMap<String, String>>);
    let mut jobs: BTreeMap<String, Found> = cx
        .of(&[Kind::Job])
        .map(|c| {
            let r = c.resource;
            let listed = r.sources.contains(&Source::BedrockJobs);
            let fresh = (!r.sources.contains(&Source::TaggingApi)).then(|| r.tags.clone());
            let status = listed.then(|| r.state.clone()).flatten();
            (r.arn.clone(), (c.target.clone(), status, fresh))
        })
        .collect();
    let ctx = cx.ctx;
    if !matches!(cx.filter, Filter::Selector(_)) && cx.wants(Kind::Job) {
        let listings = aws::fan_out(
            cx.regions
                .iter()
                .flat_map(|r| [(r.clone(), "Stopping"), (r.clone(), "Stopped")]),
            CONCURRENCY,
            |(region, status)| async move {
                let result = aws::bedrock::jobs(ctx, &region, status).await;
                (region, result)
            },
        )
        .await;
        for (region, result) in listings {
            match result {
                Ok((found, calls)) => {
                    part.requests += calls;
                    for job in found {
                        let entry = jobs.entry(job.arn.clone()).or_insert_with(|| {
                            let target = Target {
                                arn: job.arn.clone(),
                                kind: Kind::Job,
                                region: region.clone(),
                                id: job.name.clone(),
                                name: job.custom_model_name.clone(),
                                cluster: None,
                                group: None,
                                state_machine: None,
                            };
                            (target, None, None)
                        });
                        entry.1.get_or_insert(job.status);
                    }
                }
                Err(err) => {
                    part.requests += 1;
                    part.gaps
                        .push(gap("bedrock:ListModelCustomizationJobs", &region, None, err));
                }
            }
        }
    }
    let results = aws::fan_out_by(
        jobs.into_values(),
        |j| j.0.region.clone(),
        CONCURRENCY,
        |(target, status, fresh)| async move {
            let tags = match fresh {
                Some(tags) => Ok((tags, 0)),
                None => aws::bedrock::tags(ctx, &target.region, &target.arn).await,
            };
            (target, status, tags)
        },
    )
    .await;
    for (target, status, tags) in results {
        match tags {
            Ok((tags, calls)) => {
                part.requests += calls;
                // A job the Tagging API returned but no listing did: finished, or its listing failed
                // (and its gap says so).
                let Some(status) = status else { continue };
                if cx.picks(&tags) {
                    let current = State::Job(Prior { status });
                    part.live.push(make_live(target, current, &tags, None, true));
                }
            }
            Err(err) => {
                part.requests += 1;
                let region = target.region.clone();
                part.gaps.push(gap(
                    "bedrock:ListTagsForResource",
                    &region,
                    Some(&target.arn),
                    err,
                ));
            }
        }
    }
    part
}

/// The selected provisioned throughputs, read: what keeps billing after the kill.
async fn throughputs(cx: &ReadCx<'_>) -> Part {
    let mut part = Part::default();
    let Filter::Selector(selector) = cx.filter else {
        return part;
    };
    let selected: Vec<&Resource> = cx
        .resources
        .iter()
        .filter(|r| r.resource_type == THROUGHPUT && selector.matches(&r.tags))
        .collect();
    let ctx = cx.ctx;
    let results = aws::fan_out_by(
        selected,
        |r| r.region.clone(),
        CONCURRENCY,
        |r| async move { (r, aws::bedrock::throughput(ctx, &r.region, &r.arn).await) },
    )
    .await;
    for (r, result) in results {
        part.requests += 1;
        let detail = match result {
            Ok(t) => describe_throughput(&t),
            Err(err) => {
                part.gaps.push(gap(
                    "bedrock:GetProvisionedModelThroughput",
                    &r.region,
                    Some(&r.arn),
                    err,
                ));
                "its model units could not be read (see the gaps); delete it to stop it (a commitment \
                 term keeps billing until it ends)"
                    .into()
            }
        };
        part.billing.push(Billing {
            arn: r.arn.clone(),
            region: r.region.clone(),
            what: "bedrock provisioned throughput".into(),
            detail,
        });
    }
    part
}

/// `2 model units of arn:...:custom-model/x, commitment SixMonths until 2027-05-01T00:00:00Z; delete it
/// to stop it (a commitment term keeps billing until it ends)`.
fn describe_throughput(t: &aws::bedrock::Throughput) -> String {
    let mut detail = format!("{} model units of {}", t.model_units, t.model);
    if t.desired_model_units != t.model_units {
        detail.push_str(&format!(" (going to {})", t.desired_model_units));
    }
    match (&t.commitment, &t.commitment_ends) {
        (Some(term), Some(ends)) => detail.push_str(&format!(", commitment {term} until {ends}")),
        (Some(term), None) => detail.push_str(&format!(", commitment {term}")),
        _ => detail.push_str(", no commitment (billed by the hour)"),
    }
    if t.status != "InService" {
        detail = format!("{}: {detail}", t.status);
    }
    format!("{detail}; delete it to stop it (a commitment term keeps billing until it ends)")
}

#[cfg(test)]
mod tests {
    use super::super::super::plan::{plan_kill, plan_undo};
    use super::super::test_live;
    use super::*;

    fn job(status: &str) -> State {
        State::Job(Prior {
            status: status.into(),
        })
    }

    #[test]
    fn the_prior_state_round_trips_and_garbage_is_rejected() {
        let compact = job(IN_PROGRESS).compact();
        assert_eq!(compact, "status=InProgress");
        assert_eq!(State::parse(Kind::Job, &compact), Some(job(IN_PROGRESS)));
        assert_eq!(State::parse(Kind::Job, "status=In-Progress"), None);
        assert_eq!(State::parse(Kind::Job, "state=InProgress"), None);
    }

    #[test]
    fn kill_stops_a_training_job_for_good_and_undo_says_what_would_train_it_again() {
        let kill = plan_kill(&[
            test_live(Kind::Job, job(IN_PROGRESS), None),
            test_live(Kind::Job, job("Completed"), None),
            test_live(Kind::Job, job("Stopping"), Some(job(IN_PROGRESS))),
        ]);
        assert_eq!(kill[0].action, StepAction::Job(Action::StopJob));
        assert!(kill[0].irreversible);
        assert!(!kill[1].action.changes());
        assert_eq!(kill[2].action, StepAction::keep("already stopped by this kill"));

        let undo = plan_undo(&[
            test_live(Kind::Job, job("Stopped"), Some(job(IN_PROGRESS))),
            test_live(Kind::Job, job(IN_PROGRESS), Some(job(IN_PROGRESS))),
        ]);
        let StepAction::NotRestorable { reason } = &undo[0].action else {
            panic!("{:?}", undo[0].action);
        };
        assert!(reason.contains("create-model-customization-job"), "{reason}");
        // Marked but never stopped (a crash in between): only the markers go.
        assert_eq!(undo[1].action, StepAction::ClearMarkers);
    }

    #[test]
    fn throughput_says_its_units_and_commitment() {
        let t = aws::bedrock::Throughput {
            status: "InService".into(),
            model_units: 2,
            desired_model_units: 2,
            model: "arn:aws:bedrock:us-east-1:1:custom-model/x".into(),
            commitment: Some("SixMonths".into()),
            commitment_ends: Some("2027-05-01T00:00:00Z".into()),
        };
        assert_eq!(
            describe_throughput(&t),
            "2 model units of arn:aws:bedrock:us-east-1:1:custom-model/x, commitment SixMonths until \
             2027-05-01T00:00:00Z; delete it to stop it (a commitment term keeps billing until it ends)"
        );
        let hourly = aws::bedrock::Throughput {
            commitment: None,
            commitment_ends: None,
            status: "Updating".into(),
            desired_model_units: 3,
            ..t
        };
        assert!(describe_throughput(&hourly).starts_with("Updating: 2 model units"));
        assert!(describe_throughput(&hourly).contains("(going to 3), no commitment"));
    }
}
