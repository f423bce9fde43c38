//! A kill, undo or status over several accounts (`--accounts`). Each account is read as a plan of its
//! own, in its own context, all at once under the run's one bound; the parts are merged into one plan
//! whose steps and gaps name their account (one preview, one confirmation, one hash), and each part is
//! applied in its own account with its own journal file (`ID@ACCOUNT.jsonl`) and its own markers, so
//! an undo restores each account exactly. An account that cannot be entered or read is a gap, and the
//! others go on; a refusal in any account (a selector that matches all of it, too large a plan) stops
//! the whole command before anything changes.

use std::collections::BTreeMap;

use crate::accounts::{Outcome, Session};
use crate::aws::AwsContext;
use crate::error::{Error, ExitCode, Result};
use crate::inventory::{self, Gap};
use crate::progress::{NoProgress, Progress};

use super::apply::{self, Report};
use super::{MARK_KILL, Options, Plan, Status, plan_hash};

/// A plan over several accounts: the merged plan people see and confirm, and each account's part.
#[derive(Debug)]
pub struct Planned {
    pub plan: Plan,
    /// Per session (by index): its part and the caller ARN in that account; `None` for an account that
    /// could not be entered or read.
    parts: Vec<Option<(Plan, String)>>,
}

impl Planned {
    /// How many accounts the plan changes something in.
    pub fn accounts_changed(&self) -> usize {
        self.parts
            .iter()
            .flatten()
            .filter(|(p, _)| p.changes() > 0)
            .count()
    }
}

/// Runs `read` in every account that could be entered, all at once (the context's one bound keeps the
/// listings in check), one tick of `progress` per account; `None` for an account that could not be
/// entered.
async fn in_each<'s, 'c, T, F, Fut>(
    sessions: &'s [Session<'c>],
    progress: &dyn Progress,
    read: F,
) -> Vec<Option<Result<T>>>
where
    F: Fn(&'s Session<'c>, &'s AwsContext) -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    progress.start(sessions.len() as u64, "accounts");
    let out = futures::future::join_all(sessions.iter().map(|session| {
        let work = session.ctx.as_ref().ok().map(|ctx| read(session, ctx));
        async move {
            let result = match work {
                Some(work) => Some(work.await),
                None => None,
            };
            progress.inc();
            result
        }
    }))
    .await;
    progress.finish();
    out
}

/// The regions to read in one account: its own or the command's, `all` resolved in the account, less
/// its exclusions.
async fn regions_in(ctx: &AwsContext, session: &Session<'_>, given: &[String]) -> Result<Vec<String>> {
    let regions = inventory::resolve_regions(ctx, &session.account.regions(given)).await?;
    Ok(session.account.without_excluded(regions))
}

/// Reads every account's part and merges them. `caller` is the caller's own account. A usage error
/// from any account (match-all, above the limit) is returned whole, naming the account: nothing may be
/// changed anywhere then.
pub async fn plan(
    sessions: &[Session<'_>],
    caller: &str,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Planned> {
    let results = in_each(sessions, progress, |session, ctx| async move {
        let mut options = options.clone();
        options.regions = regions_in(ctx, session, &options.regions).await?;
        super::plan(ctx, &options, &NoProgress).await
    })
    .await;
    let mut parts = Vec::new();
    let mut gaps = Vec::new();
    for (session, result) in sessions.iter().zip(results) {
        let id = &session.account.id;
        match result {
            None => {
                gaps.extend(session.gap());
                parts.push(None);
            }
            Some(Err(err)) if err.exit_code() == ExitCode::Usage => {
                return Err(Error::usage(format!("account {id}: {err}")));
            }
            Some(Err(err)) => {
                gaps.push(crate::accounts::gap(id, "kill-switch read", None, &err));
                parts.push(None);
            }
            Some(Ok((mut part, by))) => {
                part.part_of_many = true;
                part.accounts = vec![Outcome::of(session)];
                for step in &mut part.steps {
                    step.account = Some(id.clone());
                }
                for gap in &mut part.gaps {
                    gap.account = Some(id.clone());
                }
                parts.push(Some((part, by)));
            }
        }
    }
    let merged = merge(sessions, caller, options, &parts, gaps);
    if merged.changes() > options.max_resources {
        let limit = options.refusals.limit;
        return Err(Error::usage(format!(
            "the plan changes {} resources over {} accounts, more than {limit} {}; check the selector, then \
             raise {limit} (or kill.max_resources in costbrake.toml) if it is right",
            merged.changes(),
            sessions.len(),
            options.max_resources
        )));
    }
    Ok(Planned { plan: merged, parts })
}

fn merge(
    sessions: &[Session<'_>],
    caller: &str,
    options: &Options,
    parts: &[Option<(Plan, String)>],
    mut gaps: Vec<Gap>,
) -> Plan {
    let selector = match (&options.selector, &options.kill_id) {
        (Some(s), _) => s.describe(),
        (None, Some(id)) => format!("{MARK_KILL}={id}"),
        (None, None) => String::new(),
    };
    let mut steps = Vec::new();
    let mut regions = Vec::new();
    let mut billing = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let (mut requests, mut retried) = (0, 0);
    for (part, _) in parts.iter().flatten() {
        steps.extend(part.steps.iter().cloned());
        regions.extend(part.regions.iter().cloned());
        billing.extend(part.billing.iter().cloned());
        for note in &part.notes {
            if !notes.contains(note) {
                notes.push(note.clone());
            }
        }
        gaps.extend(part.gaps.iter().cloned());
        requests += part.requests;
        retried += part.retried;
    }
    regions.sort();
    regions.dedup();
    Plan {
        schema: super::PLAN_SCHEMA,
        mode: options.mode,
        hash: plan_hash(options.mode, &selector, &steps),
        selector,
        selector_tags: options
            .selector
            .as_ref()
            .map(|s| s.tags.clone())
            .unwrap_or_default(),
        kill_id: options.kill_id.clone(),
        account: caller.to_string(),
        sandbox_account: None,
        regions,
        steps,
        gaps,
        types: options.types.clone(),
        skip_irreversible: options.skip_irreversible,
        billing,
        notes,
        requests,
        retried,
        accounts: sessions.iter().map(Outcome::of).collect(),
        part_of_many: false,
    }
}

/// Applies each account's part in its own account, `concurrency` accounts at a time, each with its own
/// journal file; merges the results. An account whose part fails as a whole (its journal cannot be
/// written) is a gap; the others are applied.
pub async fn apply(
    sessions: &[Session<'_>],
    planned: &Planned,
    id: &str,
    by: &str,
    concurrency: usize,
    progress: &dyn Progress,
) -> Report {
    let started = now();
    progress.start(planned.accounts_changed() as u64, "accounts");
    let work: Vec<(&Session<'_>, &Option<(Plan, String)>)> = sessions.iter().zip(&planned.parts).collect();
    let results = crate::aws::fan_out(work, concurrency, |(session, part)| async move {
        let (Ok(ctx), Some((part, caller))) = (&session.ctx, part) else {
            return None;
        };
        let result = if part.changes() == 0 {
            Ok(apply::unchanged(part, id, caller))
        } else {
            let result = apply::apply(ctx, part, id, caller, &NoProgress).await;
            progress.inc();
            result
        };
        Some((session.account.id.clone(), result))
    })
    .await;
    progress.finish();
    let plan = &planned.plan;
    let mut merged = apply::unchanged(
        &Plan {
            steps: Vec::new(),
            ..plan.clone()
        },
        id,
        by,
    );
    merged.started = started;
    // The plan's gaps are every account's; each part's requests include its reading.
    merged.requests = 0;
    let mut journals = Vec::new();
    for (account, result) in results.into_iter().flatten() {
        match result {
            Ok(report) => {
                merged.done += report.done;
                merged.unchanged += report.unchanged;
                merged.not_restored += report.not_restored;
                merged.irreversible += report.irreversible;
                merged.blocked += report.blocked;
                merged.failed += report.failed;
                merged.requests += report.requests;
                merged.retried += report.retried;
                merged.results.extend(report.results);
                if !report.journal.is_empty() {
                    journals.push(report.journal);
                }
            }
            Err(err) => merged
                .gaps
                .push(crate::accounts::gap(&account, "kill-switch apply", None, &err)),
        }
    }
    merged.journal = journals.join(", ");
    merged.finished = now();
    merged
}

/// EC2's server-side DryRun of each account's instance stops: (account, region, verdict).
pub async fn dry_run(
    sessions: &[Session<'_>],
    planned: &Planned,
) -> Vec<(String, String, std::result::Result<(), String>)> {
    let mut out = Vec::new();
    for (session, part) in sessions.iter().zip(&planned.parts) {
        if let (Ok(ctx), Some((part, _))) = (&session.ctx, part) {
            for (region, verdict) in apply::dry_run(ctx, part).await {
                out.push((session.account.id.clone(), region, verdict));
            }
        }
    }
    out
}

fn now() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `kill status` in every account, merged: kills by id (a kill over several accounts is one kill),
/// steps and gaps naming their account.
pub async fn status(
    sessions: &[Session<'_>],
    caller: &str,
    selector: Option<&super::Selector>,
    regions: &[String],
    progress: &dyn Progress,
) -> Result<Status> {
    let results = in_each(sessions, progress, |session, ctx| async move {
        let regions = regions_in(ctx, session, regions).await?;
        super::status(ctx, selector, &regions, None, &NoProgress).await
    })
    .await;
    let mut merged = Status {
        schema: super::STATUS_SCHEMA,
        account: caller.to_string(),
        regions: Vec::new(),
        kills: Vec::new(),
        steps: Vec::new(),
        gaps: Vec::new(),
        requests: 0,
        retried: 0,
        accounts: sessions.iter().map(Outcome::of).collect(),
    };
    let mut kills: BTreeMap<String, super::KillInForce> = BTreeMap::new();
    for (session, result) in sessions.iter().zip(results) {
        let id = &session.account.id;
        match result {
            None => merged.gaps.extend(session.gap()),
            Some(Err(err)) if err.exit_code() == ExitCode::Usage => {
                return Err(Error::usage(format!("account {id}: {err}")));
            }
            Some(Err(err)) => merged
                .gaps
                .push(crate::accounts::gap(id, "kill-switch read", None, &err)),
            Some(Ok(status)) => {
                merged.regions.extend(status.regions);
                merged.requests += status.requests;
                merged.retried += status.retried;
                merged.steps.extend(status.steps.into_iter().map(|mut s| {
                    s.account = Some(id.clone());
                    s
                }));
                merged.gaps.extend(status.gaps.into_iter().map(|mut g| {
                    g.account = Some(id.clone());
                    g
                }));
                for kill in status.kills {
                    match kills.get_mut(&kill.kill_id) {
                        Some(known) => known.resources += kill.resources,
                        None => {
                            kills.insert(kill.kill_id.clone(), kill);
                        }
                    }
                }
            }
        }
    }
    merged.regions.sort();
    merged.regions.dedup();
    merged.kills = kills.into_values().collect();
    Ok(merged)
}
