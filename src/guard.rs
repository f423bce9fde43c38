//! `costbrake guard`: the brake that acts on budgets. It reads every costbrake budget's actual spend and,
//! for each breached agent, runs the kill-switch for that agent, resolving its resources from tags at that
//! moment (unlike AWS Budgets actions, whose target lists are static). Dry run by default; with `apply`
//! every kill is journaled and undoable with `costbrake kill undo`.
//!
//! Run from an organization's management account, it also brakes sandbox accounts: a sandbox whose
//! budget is breached is frozen (`sandbox freeze`), and one it froze is thawed once the budget's next
//! period has begun, which is the "until the next billing period" rule.
//!
//! It owns the decisions "which agents to stop" and "which sandboxes to freeze or thaw"; listing budgets
//! belongs to [`crate::budgets`], planning and applying kills to [`crate::killswitch`], freezing to
//! [`crate::sandbox`].

use rust_decimal::Decimal;
use serde::Serialize;

use crate::aws::AwsContext;
use crate::budgets::{self, State};
use crate::error::{ExitCode, Result};
use crate::killswitch::{self, Mode, Selector, Term};
use crate::progress::Progress;
use crate::sandbox::{self, SandboxStatus};

/// What one guard pass covers.
#[derive(Debug, Clone)]
pub struct Options {
    /// The agent tag key budgets are filtered on and kills select by.
    pub agent_tag: String,
    /// Resolved regions the kills cover.
    pub regions: Vec<String>,
    pub max_resources: usize,
    /// Act (kill) rather than report what would be done.
    pub apply: bool,
    /// How a refused kill names what the caller can change.
    pub refusals: killswitch::Refusals,
    /// Leave alone what a kill could not undo.
    pub skip_irreversible: bool,
    /// Check the organization's sandbox accounts too (when the caller is its management account).
    pub sandboxes: bool,
    /// Thaw the sandboxes guard froze once their budget's period has turned.
    pub thaw: bool,
    /// The time of this pass (periods turn by it).
    pub now: jiff::Timestamp,
}

/// What the guard did (or would do) for one budget.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum Verdict {
    /// Not breached: nothing to do.
    Within,
    /// Breached, but the budget names no agent (not filtered on the agent tag).
    NoAgent,
    /// Breached; a dry run: the kill would change this many resources.
    WouldStop { changes: usize },
    /// Breached and everything of the agent is already stopped.
    AlreadyStopped,
    /// Breached and stopped now.
    Stopped {
        kill_id: String,
        done: usize,
        failed: usize,
        blocked: usize,
    },
    /// A sandbox's budget is breached; a dry run: the account would be frozen.
    WouldFreeze,
    /// A sandbox's budget is breached and its account frozen now.
    Frozen,
    /// A sandbox's budget is breached and its account is frozen already.
    AlreadyFrozen,
    /// A sandbox guard froze, in a new budget period; a dry run: it would be thawed.
    WouldThaw,
    /// A sandbox guard froze, thawed now that its budget's period has turned.
    Thawed,
    /// A sandbox guard froze in an earlier period, kept frozen by `--no-thaw`.
    KeptFrozen,
    /// Breached, but planning or applying the kill (or the freeze) failed.
    Failed { error: String },
}

/// One budget's line in the guard report.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Check {
    pub budget: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    pub state: State,
    #[serde(with = "rust_decimal::serde::str_option")]
    #[cfg_attr(test, schemars(with = "Option<crate::schemas::Decimal>"))]
    pub limit: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    #[cfg_attr(test, schemars(with = "Option<crate::schemas::Decimal>"))]
    pub actual: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(flatten)]
    pub verdict: Verdict,
    /// The incident line of a kill made now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident: Option<String>,
    /// For a sandbox's budget: the sandbox and its account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sandbox: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
}

/// The result of one guard pass.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Report {
    pub schema: &'static str,
    pub account: String,
    pub checked_at: String,
    pub apply: bool,
    pub regions: Vec<String>,
    pub checks: Vec<Check>,
}

pub const SCHEMA: &str = "costbrake.guard/v1";

impl Report {
    pub fn breached(&self) -> usize {
        self.checks.iter().filter(|c| c.state == State::Breached).count()
    }

    /// Dry run: 1 when an agent would be stopped. Apply: 4 when a kill failed or was partial. A budget
    /// naming no agent is a finding too: the guard cannot brake it.
    pub fn exit_code(&self) -> ExitCode {
        let mut code = ExitCode::Success;
        for check in &self.checks {
            code = code.max(match &check.verdict {
                Verdict::Within
                | Verdict::AlreadyStopped
                | Verdict::Frozen
                | Verdict::AlreadyFrozen
                | Verdict::Thawed
                | Verdict::KeptFrozen => ExitCode::Success,
                Verdict::WouldStop { .. } | Verdict::NoAgent | Verdict::WouldFreeze | Verdict::WouldThaw => {
                    ExitCode::Findings
                }
                Verdict::Stopped { failed, blocked, .. } if failed + blocked > 0 => ExitCode::Partial,
                Verdict::Stopped { .. } => ExitCode::Success,
                Verdict::Failed { .. } => ExitCode::Partial,
            });
        }
        code
    }
}

/// One pass: list costbrake's budgets, and for each breached agent plan (and with `apply`, run) a kill.
pub async fn run(ctx: &AwsContext, options: &Options, progress: &dyn Progress) -> Result<Report> {
    let list = budgets::list(ctx, &options.agent_tag, false).await?;
    let mut checks = Vec::new();
    for status in &list.budgets {
        let (verdict, incident) = if status.state != State::Breached {
            (Verdict::Within, None)
        } else {
            match &status.agent {
                None => (Verdict::NoAgent, None),
                Some(agent) => brake(ctx, options, agent, progress).await.unwrap_or_else(|err| {
                    (
                        Verdict::Failed {
                            error: err.to_string(),
                        },
                        None,
                    )
                }),
            }
        };
        checks.push(Check {
            budget: status.name.clone(),
            agent: status.agent.clone(),
            state: status.state,
            limit: status.limit,
            actual: status.actual,
            unit: status.unit.clone(),
            verdict,
            incident,
            sandbox: None,
            account_id: None,
        });
    }
    if options.sandboxes
        && let Some(list) = sandbox::list_if_management(ctx).await?
    {
        for s in &list.sandboxes {
            checks.push(sandbox_check(ctx, options, s, progress).await);
        }
    }
    Ok(Report {
        schema: SCHEMA,
        account: list.account,
        checked_at: jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        apply: options.apply,
        regions: options.regions.clone(),
        checks,
    })
}

/// Plans the agent's kill and, with `apply`, runs it.
async fn brake(
    ctx: &AwsContext,
    options: &Options,
    agent: &str,
    progress: &dyn Progress,
) -> Result<(Verdict, Option<String>)> {
    let selector = Selector::new(&[Term {
        label: "the budget's agent",
        key: &options.agent_tag,
        value: agent,
        key_given: false,
    }])?;
    let kill = killswitch::Options {
        mode: Mode::Kill,
        selector: Some(selector),
        kill_id: None,
        regions: options.regions.clone(),
        sandbox_account: None,
        max_resources: options.max_resources,
        refusals: options.refusals,
        allow_partial: false,
        skip_irreversible: options.skip_irreversible,
        types: Vec::new(),
        relaunch_tasks: false,
    };
    let (plan, who) = killswitch::plan(ctx, &kill, progress).await?;
    if plan.changes() == 0 {
        return Ok((Verdict::AlreadyStopped, None));
    }
    if !options.apply {
        return Ok((
            Verdict::WouldStop {
                changes: plan.changes(),
            },
            None,
        ));
    }
    let kill_id = killswitch::new_kill_id(jiff::Timestamp::now());
    let report = killswitch::apply::apply(
        ctx,
        &plan,
        &kill_id,
        &format!("{who} via costbrake-guard"),
        progress,
    )
    .await?;
    Ok((
        Verdict::Stopped {
            kill_id,
            done: report.done,
            failed: report.failed,
            blocked: report.blocked,
        },
        Some(report.incident_line()),
    ))
}

/// What guard does about one sandbox: freeze it when its budget is breached, thaw it when guard froze
/// it in an earlier budget period and the budget is no longer breached.
async fn sandbox_check(
    ctx: &AwsContext,
    options: &Options,
    s: &SandboxStatus,
    progress: &dyn Progress,
) -> Check {
    let state = s.budget_state.unwrap_or(State::Unknown);
    let open = matches!(s.state, "active" | "frozen");
    let frozen = s.state == "frozen";
    let by_guard = s.frozen_by.as_deref() == Some(sandbox::freeze::GUARD);
    let verdict = if !open {
        Verdict::Within
    } else if state == State::Breached {
        if frozen {
            Verdict::AlreadyFrozen
        } else if !options.apply {
            Verdict::WouldFreeze
        } else {
            let reason = format!(
                "guard: budget {} spent {} of {} USD",
                s.budget_name.as_deref().unwrap_or("?"),
                s.actual
                    .map(|a| a.round_dp(2).to_string())
                    .unwrap_or_else(|| "?".into()),
                s.budget
                    .map(|b| b.normalize().to_string())
                    .unwrap_or_else(|| "?".into()),
            );
            let freeze = sandbox::Freeze {
                sandbox: s.account_id.clone(),
                reason,
                by: Some(sandbox::freeze::GUARD.into()),
                stop: None,
            };
            match sandbox::freeze(ctx, &freeze, progress).await {
                Ok(_) => Verdict::Frozen,
                Err(err) => Verdict::Failed {
                    error: err.to_string(),
                },
            }
        }
    } else if frozen && by_guard && frozen_before_period(s, options.now) {
        if !options.thaw {
            Verdict::KeptFrozen
        } else if !options.apply {
            Verdict::WouldThaw
        } else {
            let stop = sandbox::freeze::StopRunning {
                role_name: sandbox::freeze::DEFAULT_ROLE.into(),
                regions: Vec::new(),
                max_resources: options.max_resources,
                refusals: options.refusals,
            };
            match sandbox::unfreeze(ctx, &s.account_id, Some(&stop), progress).await {
                Ok(_) => Verdict::Thawed,
                Err(err) => Verdict::Failed {
                    error: err.to_string(),
                },
            }
        }
    } else {
        Verdict::Within
    };
    Check {
        budget: s.budget_name.clone().unwrap_or_else(|| "(no budget)".into()),
        agent: None,
        state,
        limit: s.budget,
        actual: s.actual,
        unit: s.budget.map(|_| "USD".into()),
        verdict,
        incident: None,
        sandbox: Some(s.name.clone()),
        account_id: Some(s.account_id.clone()),
    }
}

/// Whether the sandbox was frozen before the current period of its budget began (budget periods are
/// UTC, and start on the first day of the month, quarter or year, or at midnight for daily budgets).
fn frozen_before_period(s: &SandboxStatus, now: jiff::Timestamp) -> bool {
    let Some(at) = s
        .frozen_since
        .as_deref()
        .and_then(|t| t.parse::<jiff::Timestamp>().ok())
    else {
        return false;
    };
    period_start(s.period.as_deref().unwrap_or("monthly"), now).is_some_and(|start| at < start)
}

/// The start of the budget period holding `now`.
fn period_start(period: &str, now: jiff::Timestamp) -> Option<jiff::Timestamp> {
    let date = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let first = match period {
        "daily" => date,
        "monthly" => date.first_of_month(),
        "quarterly" => jiff::civil::date(date.year(), (date.month() - 1) / 3 * 3 + 1, 1),
        "annually" => jiff::civil::date(date.year(), 1, 1),
        _ => return None,
    };
    first
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> jiff::Timestamp {
        s.parse().expect("a timestamp")
    }

    #[test]
    fn periods_start_in_utc_on_their_first_day() {
        let now = ts("2026-12-02T07:00:00Z");
        assert_eq!(period_start("monthly", now), Some(ts("2026-12-01T00:00:00Z")));
        assert_eq!(period_start("daily", now), Some(ts("2026-12-02T00:00:00Z")));
        assert_eq!(period_start("quarterly", now), Some(ts("2026-10-01T00:00:00Z")));
        assert_eq!(period_start("annually", now), Some(ts("2026-01-01T00:00:00Z")));
        assert_eq!(period_start("weekly", now), None);
    }
}
