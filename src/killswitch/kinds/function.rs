//! Lambda functions: a kill sets reserved concurrency to 0, which throttles every invocation; undo
//! restores the recorded value, or deletes the reservation where there was none ("none" and 0 differ).
//! Their tags come from the Tagging API, which lags, so fresh tags and the reservation are read with one
//! GetFunction each.

use std::collections::BTreeMap;

use futures::future::LocalBoxFuture;
use serde::Serialize;

use crate::aws::{self, AwsContext};
use crate::error::Result;

use super::super::apply::Run;
use super::super::read::{CONCURRENCY, Part, ReadCx, gap, make_live};
use super::super::{Action as StepAction, Kind, Live, MARK_KILL, MARK_PRIOR, MARKERS, State, Step, Target};
use super::{Handler, Info, KindAction, PriorState, Undone, foreign};

/// A function's prior state: its reserved concurrency; `None` means no reservation, which differs from 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Prior {
    pub reserved: Option<i32>,
}

fn shown(reserved: Option<i32>) -> String {
    reserved.map(|n| n.to_string()).unwrap_or_else(|| "none".into())
}

impl PriorState for Prior {
    fn compact(&self) -> String {
        format!("reserved={}", shown(self.reserved))
    }

    fn describe(&self) -> String {
        format!("reserved concurrency {}", shown(self.reserved))
    }
}

/// What a kill or undo does to a function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "action", rename_all = "kebab-case")]
#[cfg_attr(test, schemars(rename = "FunctionAction"))]
pub enum Action {
    /// Reserved concurrency → 0.
    Throttle,
    /// Reserved concurrency back to the recorded value, or removed.
    RestoreConcurrency { reserved: Option<i32> },
}

impl KindAction for Action {
    fn describe(&self, current: &State) -> Option<String> {
        let State::Function(Prior { reserved: now }) = current else {
            return None;
        };
        Some(match self {
            Action::Throttle => format!("concurrency {} → 0", shown(*now)),
            Action::RestoreConcurrency { reserved } => {
                format!("concurrency {} → {}", shown(*now), shown(*reserved))
            }
        })
    }
}

/// The handler of [`Kind::Function`].
#[derive(Debug)]
pub struct Functions;

impl Handler for Functions {
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::Function]
    }

    fn info(&self, _kind: Kind) -> Info {
        Info {
            type_name: "lambda:function",
            label: "lambda",
            listed: true,
        }
    }

    fn parse(&self, fields: &BTreeMap<&str, &str>) -> Option<State> {
        Some(State::Function(Prior {
            reserved: match *fields.get("reserved")? {
                "none" => None,
                n => Some(n.parse().ok()?),
            },
        }))
    }

    fn tags_lag(&self) -> bool {
        true
    }

    fn read<'a>(&'a self, cx: &'a ReadCx<'a>, _before: &'a [Live]) -> LocalBoxFuture<'a, Result<Part>> {
        Box::pin(async move { Ok(read(cx).await) })
    }

    fn kill_action(&self, l: &Live) -> StepAction {
        let State::Function(Prior { reserved }) = &l.current else {
            return StepAction::blocked("internal: not a function state");
        };
        if *reserved == Some(0) {
            StepAction::keep(if l.markers.is_some() {
                "already throttled by this kill"
            } else {
                "already throttled (reserved concurrency 0)"
            })
        } else {
            StepAction::Function(Action::Throttle)
        }
    }

    fn undo_action(&self, current: &State, prior: &State) -> Option<StepAction> {
        let (State::Function(_), State::Function(Prior { reserved })) = (current, prior) else {
            return None;
        };
        Some(StepAction::Function(Action::RestoreConcurrency {
            reserved: *reserved,
        }))
    }

    fn mark<'a>(
        &'a self,
        ctx: &'a AwsContext,
        target: &'a Target,
        tags: &'a [(String, String)],
    ) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(aws::lambda::tag(ctx, &target.region, &target.arn, tags))
    }

    fn unmark<'a>(&'a self, ctx: &'a AwsContext, target: &'a Target) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(aws::lambda::untag(ctx, &target.region, &target.arn, &MARKERS))
    }

    fn kill<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let t = &step.target;
            let StepAction::Function(Action::Throttle) = &step.action else {
                return Err(foreign(&step.action));
            };
            run.change();
            aws::lambda::set_reserved_concurrency(run.ctx, &t.region, &t.id, Some(0)).await
        })
    }

    fn undo<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<Undone>> {
        Box::pin(async move {
            let t = &step.target;
            let StepAction::Function(Action::RestoreConcurrency { reserved }) = &step.action else {
                return Err(foreign(&step.action));
            };
            run.change();
            aws::lambda::set_reserved_concurrency(run.ctx, &t.region, &t.id, *reserved).await?;
            Ok(Undone::Unmark)
        })
    }
}

/// Fresh tags and reserved concurrency from one GetFunction each, plus a GetFunctionConcurrency where
/// GetFunction reports no reservation and the difference matters.
async fn read(cx: &ReadCx<'_>) -> Part {
    let mut part = Part::default();
    let restoring = cx.filter.restores();
    let functions: Vec<Target> = cx.of(&[Kind::Function]).map(|c| c.target.clone()).collect();
    let ctx = cx.ctx;
    let results = aws::fan_out_by(
        functions,
        |t| t.region.clone(),
        CONCURRENCY,
        |target| async move {
            let read = match aws::lambda::function(ctx, &target.region, &target.arn).await {
                Ok(read) => read,
                Err(err) => return (target, 1, Err(("lambda:GetFunction", err))),
            };
            let reserved = match reservation(&read, restoring) {
                Reservation::Known(reserved) => return (target, 1, Ok((read.tags, reserved))),
                Reservation::Ask => aws::lambda::reserved_concurrency(ctx, &target.region, &target.id).await,
            };
            let reserved = reserved.map_err(|err| ("lambda:GetFunctionConcurrency", err));
            (target, 2, reserved.map(|reserved| (read.tags, reserved)))
        },
    )
    .await;
    for (target, calls, result) in results {
        part.requests += calls;
        match result {
            Ok((tags, reserved)) => {
                if cx.picks(&tags) {
                    let current = State::Function(Prior { reserved });
                    part.live.push(make_live(target, current, &tags, None, true));
                }
            }
            Err((source, err)) => {
                let region = target.region.clone();
                part.gaps.push(gap(source, &region, Some(&target.arn), err));
            }
        }
    }
    part
}

/// Whether GetFunction settled a function's reserved concurrency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reservation {
    Known(Option<i32>),
    /// Ask GetFunctionConcurrency.
    Ask,
}

/// GetFunction reports a reservation when there is one, except that moto also omits a reservation of
/// 0, so its absence means "none" or "0". That difference decides what a kill records and whether it
/// throttles, and what status reports, so they ask GetFunctionConcurrency. Undo of a function a kill
/// marked does not: it sets the recorded prior value whichever it is, and its plan shows the kill's 0.
fn reservation(read: &aws::lambda::FunctionRead, restoring: bool) -> Reservation {
    match read.reported_reservation {
        Some(n) => Reservation::Known(Some(n)),
        None if restoring && read.tags.contains_key(MARK_KILL) && read.tags.contains_key(MARK_PRIOR) => {
            Reservation::Known(Some(0))
        }
        None => Reservation::Ask,
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::plan::plan_kill;
    use super::super::test_live;
    use super::*;

    fn read(reserved: Option<i32>, tags: &[(&str, &str)]) -> aws::lambda::FunctionRead {
        aws::lambda::FunctionRead {
            tags: tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            reported_reservation: reserved,
        }
    }

    #[test]
    fn a_reported_reservation_needs_no_second_read() {
        assert_eq!(
            reservation(&read(Some(5), &[]), false),
            Reservation::Known(Some(5))
        );
        assert_eq!(
            reservation(&read(Some(0), &[]), true),
            Reservation::Known(Some(0))
        );
    }

    #[test]
    fn an_unreported_reservation_is_asked_unless_undo_restores_a_marked_function() {
        let marked = [(MARK_KILL, "k-1"), (MARK_PRIOR, "none")];
        // Kill and status must tell "none" from 0.
        assert_eq!(reservation(&read(None, &[]), false), Reservation::Ask);
        assert_eq!(reservation(&read(None, &marked), false), Reservation::Ask);
        // Undo sets the prior value either way.
        assert_eq!(
            reservation(&read(None, &marked), true),
            Reservation::Known(Some(0))
        );
        // Unless the markers are incomplete, which the plan reports as a blocker: read it exactly.
        assert_eq!(
            reservation(&read(None, &[(MARK_KILL, "k-1")]), true),
            Reservation::Ask
        );
        assert_eq!(reservation(&read(None, &[]), true), Reservation::Ask);
    }

    #[test]
    fn kill_records_current_state_or_keeps_the_original_prior() {
        let fresh = test_live(
            Kind::Function,
            State::Function(Prior { reserved: Some(50) }),
            None,
        );
        let again = test_live(
            Kind::Function,
            State::Function(Prior { reserved: Some(0) }),
            Some(State::Function(Prior { reserved: None })),
        );
        let steps = plan_kill(&[fresh, again]);
        assert_eq!(steps[0].action, StepAction::Function(Action::Throttle));
        assert_eq!(steps[0].prior, State::Function(Prior { reserved: Some(50) }));
        assert!(!steps[1].action.changes());
        assert_eq!(
            steps[1].prior,
            State::Function(Prior { reserved: None }),
            "the original prior is kept"
        );
    }

    #[test]
    fn compact_form_round_trips_and_garbage_is_rejected() {
        for reserved in [None, Some(0), Some(50)] {
            let s = State::Function(Prior { reserved });
            assert_eq!(State::parse(Kind::Function, &s.compact()), Some(s));
        }
        assert_eq!(State::parse(Kind::Function, "reserved=lots"), None);
    }
}
