//! IAM roles and users: a kill puts an inline deny-all policy with a recognisable name on them (which is
//! also what stops new Bedrock invocations by the agent); undo deletes that policy only, never one that
//! was there before the kill. Their tags come fresh from IAM's own listing.

use std::collections::BTreeMap;

use futures::future::LocalBoxFuture;
use serde::Serialize;

use crate::aws::{self, AwsContext};
use crate::error::Result;
use crate::inventory;

use super::super::apply::Run;
use super::super::read::{CONCURRENCY, Part, ReadCx, gap, make_live};
use super::super::{Action as StepAction, DENY_ALL, Kind, Live, MARKERS, State, Step, Target};
use super::{Handler, Info, KindAction, PriorState, Undone, foreign};

/// The inline deny-all policy put on IAM roles and users.
pub const DENY_POLICY: &str = "costbrake-kill-deny";

/// A principal's prior state: whether costbrake's inline deny policy is attached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Prior {
    pub deny_policy: bool,
}

impl PriorState for Prior {
    fn compact(&self) -> String {
        format!("policy={}", if self.deny_policy { "present" } else { "absent" })
    }

    fn describe(&self) -> String {
        if self.deny_policy {
            "deny policy attached".into()
        } else {
            "no deny policy".into()
        }
    }
}

/// What a kill or undo does to a principal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "action", rename_all = "kebab-case")]
#[cfg_attr(test, schemars(rename = "PrincipalAction"))]
pub enum Action {
    /// Put the inline deny-all policy.
    Deny,
    /// Delete the inline deny-all policy.
    RemoveDeny,
}

impl KindAction for Action {
    fn describe(&self, _current: &State) -> Option<String> {
        Some(match self {
            Action::Deny => format!("attach deny policy {DENY_POLICY}"),
            Action::RemoveDeny => format!("remove deny policy {DENY_POLICY}"),
        })
    }
}

/// The handler of [`Kind::Role`] and [`Kind::User`].
#[derive(Debug)]
pub struct Principals;

impl Handler for Principals {
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::Role, Kind::User]
    }

    fn info(&self, kind: Kind) -> Info {
        match kind {
            Kind::User => Info {
                type_name: "iam:user",
                label: "iam user",
                listed: true,
            },
            _ => Info {
                type_name: "iam:role",
                label: "iam role",
                listed: true,
            },
        }
    }

    fn parse(&self, fields: &BTreeMap<&str, &str>) -> Option<State> {
        Some(State::Principal(Prior {
            deny_policy: match *fields.get("policy")? {
                "present" => true,
                "absent" => false,
                _ => return None,
            },
        }))
    }

    fn read<'a>(&'a self, cx: &'a ReadCx<'a>, _before: &'a [Live]) -> LocalBoxFuture<'a, Result<Part>> {
        Box::pin(async move { Ok(read(cx).await) })
    }

    fn kill_action(&self, l: &Live) -> StepAction {
        let State::Principal(Prior { deny_policy }) = &l.current else {
            return StepAction::blocked("internal: not a principal state");
        };
        if !*deny_policy {
            StepAction::Principal(Action::Deny)
        } else if l.markers.is_some() {
            StepAction::keep("deny policy already attached by this kill")
        } else {
            StepAction::keep(
                "a policy named costbrake-kill-deny is already attached (not by a recorded kill): left as is",
            )
        }
    }

    fn undo_action(&self, current: &State, prior: &State) -> Option<StepAction> {
        let (State::Principal(Prior { deny_policy: now }), State::Principal(Prior { deny_policy: before })) =
            (current, prior)
        else {
            return None;
        };
        Some(if *before || !*now {
            StepAction::ClearMarkers
        } else {
            StepAction::Principal(Action::RemoveDeny)
        })
    }

    fn mark<'a>(
        &'a self,
        ctx: &'a AwsContext,
        target: &'a Target,
        tags: &'a [(String, String)],
    ) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(aws::iam::tag(ctx, principal(target), tags))
    }

    fn unmark<'a>(&'a self, ctx: &'a AwsContext, target: &'a Target) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(aws::iam::untag(ctx, principal(target), &MARKERS))
    }

    fn kill<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let StepAction::Principal(Action::Deny) = &step.action else {
                return Err(foreign(&step.action));
            };
            run.change();
            aws::iam::put_inline_policy(run.ctx, principal(&step.target), DENY_POLICY, DENY_ALL).await
        })
    }

    fn undo<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<Undone>> {
        Box::pin(async move {
            let StepAction::Principal(Action::RemoveDeny) = &step.action else {
                return Err(foreign(&step.action));
            };
            run.change();
            aws::iam::delete_inline_policy(run.ctx, principal(&step.target), DENY_POLICY).await?;
            Ok(Undone::Unmark)
        })
    }
}

/// Is the deny policy there? One GetRolePolicy / GetUserPolicy per principal.
async fn read(cx: &ReadCx<'_>) -> Part {
    let mut part = Part::default();
    let principals: Vec<(Target, BTreeMap<String, String>)> = cx
        .of(&[Kind::Role, Kind::User])
        .map(|c| (c.target.clone(), c.tags().clone()))
        .collect();
    let ctx = cx.ctx;
    let results = aws::fan_out(principals, CONCURRENCY, |(target, tags)| async move {
        let result = aws::iam::has_inline_policy(ctx, principal(&target), DENY_POLICY).await;
        (target, tags, result)
    })
    .await;
    for (target, tags, result) in results {
        part.requests += 1;
        match result {
            Ok(deny_policy) => {
                let current = State::Principal(Prior { deny_policy });
                part.live.push(make_live(target, current, &tags, None, true));
            }
            Err(err) => {
                let arn = target.arn.clone();
                part.gaps
                    .push(gap("iam:GetRolePolicy", inventory::GLOBAL, Some(&arn), err));
            }
        }
    }
    part
}

/// The IAM principal of a role or user target.
pub fn principal(target: &Target) -> aws::iam::Principal<'_> {
    match target.kind {
        Kind::User => aws::iam::Principal::User(&target.id),
        _ => aws::iam::Principal::Role(&target.id),
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::plan::{plan_kill, plan_undo};
    use super::super::test_live;
    use super::*;

    #[test]
    fn a_deny_policy_the_user_attached_stays() {
        let present = State::Principal(Prior { deny_policy: true });
        let kill = plan_kill(&[test_live(Kind::Role, present.clone(), None)]);
        assert!(!kill[0].action.changes());
        let undo = plan_undo(&[test_live(Kind::Role, present.clone(), Some(present))]);
        assert_eq!(undo[0].action, StepAction::ClearMarkers);
    }

    #[test]
    fn compact_form_round_trips_and_garbage_is_rejected() {
        for deny_policy in [false, true] {
            let s = State::Principal(Prior { deny_policy });
            assert_eq!(State::parse(Kind::Role, &s.compact()), Some(s.clone()));
            assert_eq!(State::parse(Kind::User, &s.compact()), Some(s));
        }
        assert_eq!(State::parse(Kind::Role, "policy=maybe"), None);
    }
}
