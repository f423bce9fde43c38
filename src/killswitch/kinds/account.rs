//! A sandbox member account (`--account`): a kill attaches a deny-all SCP named after the kill
//! (`costbrake-kill-<kill id>`, run from the organization's management account); undo detaches and
//! deletes it. The SCP's name and description carry the kill id and the caller, so the account itself
//! carries no marker tags.

use std::collections::BTreeMap;

use futures::future::LocalBoxFuture;
use serde::Serialize;

use crate::aws::{self, AwsContext};
use crate::error::Result;
use crate::inventory;

use super::super::apply::Run;
use super::super::read::{Filter, Part, ReadCx};
use super::super::{Action as StepAction, DENY_ALL, Kind, Live, Markers, State, Step, Target};
use super::{Handler, Info, KindAction, Phase, PriorState, Undone, foreign};

/// The name prefix of the deny SCPs attached to sandbox accounts.
pub const SCP_PREFIX: &str = "costbrake-kill-";

/// An account's prior state: the id of the costbrake SCP attached to it, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Prior {
    pub scp: Option<String>,
}

impl PriorState for Prior {
    fn compact(&self) -> String {
        format!("scp={}", self.scp.as_deref().unwrap_or("none"))
    }

    fn describe(&self) -> String {
        match &self.scp {
            Some(id) => format!("deny SCP {id} attached"),
            None => "no deny SCP".into(),
        }
    }
}

/// What a kill or undo does to a sandbox account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "action", rename_all = "kebab-case")]
#[cfg_attr(test, schemars(rename = "AccountAction"))]
pub enum Action {
    /// Attach a deny-all SCP to the account.
    AttachScp,
    /// Detach and delete the deny SCP.
    DetachScp { policy: String },
}

impl KindAction for Action {
    fn describe(&self, _current: &State) -> Option<String> {
        Some(match self {
            Action::AttachScp => "attach deny-all SCP".into(),
            Action::DetachScp { policy } => format!("detach and delete SCP {policy}"),
        })
    }
}

/// The handler of [`Kind::Account`].
#[derive(Debug)]
pub struct Accounts;

impl Handler for Accounts {
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::Account]
    }

    fn info(&self, _kind: Kind) -> Info {
        Info {
            type_name: "organizations:account",
            label: "account (SCP)",
            listed: false,
        }
    }

    fn parse(&self, fields: &BTreeMap<&str, &str>) -> Option<State> {
        Some(State::Account(Prior {
            scp: match *fields.get("scp")? {
                "none" => None,
                id => Some(id.to_string()),
            },
        }))
    }

    fn read<'a>(&'a self, cx: &'a ReadCx<'a>, _before: &'a [Live]) -> LocalBoxFuture<'a, Result<Part>> {
        Box::pin(read(cx))
    }

    fn kill_action(&self, l: &Live) -> StepAction {
        match &l.current {
            State::Account(Prior { scp: Some(_) }) => {
                StepAction::keep("a costbrake deny SCP is already attached")
            }
            State::Account(Prior { scp: None }) => StepAction::Account(Action::AttachScp),
            _ => StepAction::blocked("internal: not an account state"),
        }
    }

    fn undo_action(&self, current: &State, prior: &State) -> Option<StepAction> {
        match (current, prior) {
            (State::Account(Prior { scp: Some(policy) }), State::Account(_)) => {
                Some(StepAction::Account(Action::DetachScp {
                    policy: policy.clone(),
                }))
            }
            (State::Account(Prior { scp: None }), _) => Some(StepAction::ClearMarkers),
            _ => None,
        }
    }

    fn phase(&self) -> Phase {
        Phase::Last
    }

    fn mark<'a>(
        &'a self,
        _ctx: &'a AwsContext,
        _target: &'a Target,
        _tags: &'a [(String, String)],
    ) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async { Ok(()) }) // the SCP's name and description carry the kill id
    }

    fn unmark<'a>(&'a self, _ctx: &'a AwsContext, _target: &'a Target) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async { Ok(()) })
    }

    fn kill<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let StepAction::Account(Action::AttachScp) = &step.action else {
                return Err(foreign(&step.action));
            };
            // The journal already holds this account's record (the intent); the SCP's name derives from the
            // kill id, so a retried or re-run CreatePolicy adopts it, and undo finds it by name even when a
            // crash left it unattached.
            let description = format!("costbrake kill {} of {} by {}", run.id, run.plan.selector, run.by);
            run.change();
            let policy = aws::organizations::create_scp(
                run.ctx,
                &format!("{SCP_PREFIX}{}", run.id),
                &description.chars().take(512).collect::<String>(),
                DENY_ALL,
            )
            .await?;
            run.change();
            aws::organizations::attach_scp(run.ctx, &step.target.id, &policy).await
        })
    }

    fn undo<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<Undone>> {
        Box::pin(async move {
            let StepAction::Account(Action::DetachScp { policy }) = &step.action else {
                return Err(foreign(&step.action));
            };
            // Intent first: a crash between detaching and deleting leaves an SCP that the next undo finds
            // by name and deletes.
            run.intent(step, "detach-and-delete-scp")?;
            run.change();
            aws::organizations::detach_scp(run.ctx, &step.target.id, policy).await?;
            run.change();
            aws::organizations::delete_scp(run.ctx, policy).await?;
            Ok(Undone::Done)
        })
    }
}

/// The sandbox account named with `--account`, if any: is a costbrake SCP attached?
async fn read(cx: &ReadCx<'_>) -> Result<Part> {
    let mut part = Part::default();
    let Some(account) = cx.sandbox_account else {
        return Ok(part);
    };
    part.requests += 1;
    let policies = aws::organizations::scps_for_target(cx.ctx, account).await?;
    let ours = policies.iter().find(|p| p.name.starts_with(SCP_PREFIX));
    if !matches!(cx.filter, Filter::Selector(_)) {
        part.live
            .extend(orphans(cx, account, &policies, &mut part.requests).await?);
    }
    let wanted = match (cx.filter, ours) {
        (filter, None) => matches!(filter, Filter::Selector(_)),
        (Filter::KillId(id), Some(p)) => p.name.ends_with(*id),
        (_, Some(_)) => true,
    };
    if wanted {
        let partition = aws::partition(&cx.ctx.global_region());
        let target = Target {
            arn: format!("arn:{partition}:organizations::{}:account/{account}", cx.account),
            kind: Kind::Account,
            region: inventory::GLOBAL.into(),
            id: account.to_string(),
            name: None,
            cluster: None,
            group: None,
            state_machine: None,
        };
        let markers = ours.map(|p| Markers {
            kill_id: p.name.trim_start_matches(SCP_PREFIX).to_string(),
            prior: State::Account(Prior { scp: None }),
            by: p.description.split(" by ").nth(1).map(str::to_string),
        });
        part.live.push(Live {
            target,
            current: State::Account(Prior {
                scp: ours.map(|p| p.id.clone()),
            }),
            markers,
            blocker: None,
            selected: true,
        });
    }
    Ok(part)
}

/// costbrake SCPs attached nowhere (a crash between CreatePolicy and AttachPolicy, or between DetachPolicy
/// and DeletePolicy) that undo and status must see, though no account carries them: found by name in the
/// organization, matched to the kill by the id in their name and the selector in their description.
async fn orphans(
    cx: &ReadCx<'_>,
    account: &str,
    attached: &[aws::organizations::AttachedPolicy],
    requests: &mut u32,
) -> Result<Vec<Live>> {
    *requests += 1;
    let named = aws::organizations::scps_named(cx.ctx, SCP_PREFIX).await?;
    let mut found = Vec::new();
    for scp in named {
        if attached.iter().any(|a| a.id == scp.id) {
            continue;
        }
        let kill_id = scp.name.trim_start_matches(SCP_PREFIX);
        let wanted = match cx.filter {
            Filter::KillId(id) => kill_id == *id,
            Filter::Undo(selector) | Filter::Killed(Some(selector)) => scp
                .description
                .contains(&format!(" of {} by ", selector.describe())),
            Filter::Killed(None) => true,
            Filter::Selector(_) => false,
        };
        if !wanted {
            continue;
        }
        *requests += 1;
        if aws::organizations::scp_attached_anywhere(cx.ctx, &scp.id).await? {
            continue; // another kill's SCP on another account: not an orphan
        }
        found.push(Live {
            target: Target {
                arn: scp.arn.clone(),
                kind: Kind::Account,
                region: inventory::GLOBAL.into(),
                id: account.to_string(),
                name: Some(scp.name.clone()),
                cluster: None,
                group: None,
                state_machine: None,
            },
            current: State::Account(Prior {
                scp: Some(scp.id.clone()),
            }),
            markers: Some(Markers {
                kill_id: kill_id.to_string(),
                prior: State::Account(Prior { scp: None }),
                by: scp.description.split(" by ").nth(1).map(str::to_string),
            }),
            blocker: None,
            selected: true,
        });
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_form_round_trips() {
        for scp in [None, Some("p-abc123".to_string())] {
            let s = State::Account(Prior { scp });
            assert_eq!(State::parse(Kind::Account, &s.compact()), Some(s));
        }
    }
}
