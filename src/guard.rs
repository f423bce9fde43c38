//! `costbrake guard`: the brake that acts on budgets. It reads every costbrake budget's actual spend and,
//! for each breached agent, runs the kill-switch for that agent, resolving its resources from tags at that
//! moment (unlike AWS Budgets actions, whose target lists are static). Dry run by default; with `apply`
//! every kill is journaled and undoable with `costbrake kill undo`.
//!
//! It owns the decision "which agents to stop"; listing budgets belongs to [`crate::budgets`], planning and
//! applying kills to [`crate::killswitch`].

use rust_decimal::Decimal;
use serde::Serialize;

use crate::aws::AwsContext;
use crate::budgets::{self, State};
use crate::error::{ExitCode, Result};
use crate::killswitch::{self, Mode, Selector, Term};
use crate::progress::Progress;

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
}

/// What the guard did (or would do) for one budget.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
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
    /// Breached, but planning or applying the kill failed.
    Failed { error: String },
}

/// One budget's line in the guard report.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub budget: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    pub state: State,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub limit: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub actual: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(flatten)]
    pub verdict: Verdict,
    /// The incident line of a kill made now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident: Option<String>,
}

/// The result of one guard pass.
#[derive(Debug, Clone, Serialize)]
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
                Verdict::Within | Verdict::AlreadyStopped => ExitCode::Success,
                Verdict::WouldStop { .. } | Verdict::NoAgent => ExitCode::Findings,
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
        });
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
