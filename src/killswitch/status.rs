//! `kill status`: every killed resource (matching the selector when given), grouped by the kill that
//! holds it, with what undo would restore.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::aws::AwsContext;
use crate::error::Result;
use crate::inventory::Gap;
use crate::progress::Progress;

use super::{Selector, Step, journal, kill_time, plan_undo, read};

/// One kill that is in force.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct KillInForce {
    pub kill_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The selector, when this machine's journal has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
    pub resources: usize,
}

/// What is killed right now, and what undo would restore.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Status {
    pub schema: &'static str,
    pub account: String,
    pub regions: Vec<String>,
    pub kills: Vec<KillInForce>,
    /// What `kill undo` would do, per killed resource.
    pub steps: Vec<Step>,
    pub gaps: Vec<Gap>,
    pub requests: u32,
    /// Requests the SDK retried after throttling, a 5xx or a lost connection (not in `requests`).
    pub retried: u32,
    /// Over several accounts (`--accounts`): every account in scope and whether it could be entered.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<crate::accounts::Outcome>,
}

pub const STATUS_SCHEMA: &str = "costbrake.kill-status/v1";

/// Reads every killed resource (matching `selector` when given).
pub async fn status(
    ctx: &AwsContext,
    selector: Option<&Selector>,
    regions: &[String],
    sandbox_account: Option<&str>,
    progress: &dyn Progress,
) -> Result<Status> {
    let reading = read::read(
        ctx,
        regions,
        read::Filter::Killed(selector),
        sandbox_account,
        &[],
        progress,
    )
    .await?;
    let steps = plan_undo(&reading.live);
    let mut kills: BTreeMap<String, KillInForce> = BTreeMap::new();
    for l in &reading.live {
        let Some(m) = &l.markers else { continue };
        let entry = kills.entry(m.kill_id.clone()).or_insert_with(|| {
            let journal = journal::start_of(&m.kill_id).ok().flatten();
            let (selector, journal_by) = match journal {
                Some(journal::Entry::Start { selector, by, .. }) => (Some(selector), Some(by)),
                _ => (None, None),
            };
            KillInForce {
                kill_id: m.kill_id.clone(),
                since: kill_time(&m.kill_id).map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()),
                by: m.by.clone().or(journal_by),
                selector,
                resources: 0,
            }
        });
        entry.resources += 1;
    }
    Ok(Status {
        schema: STATUS_SCHEMA,
        account: reading.account,
        regions: regions.to_vec(),
        kills: kills.into_values().collect(),
        steps,
        gaps: reading.gaps,
        requests: reading.requests,
        retried: ctx.retried(),
        accounts: Vec::new(),
    })
}
