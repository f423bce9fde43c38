//! Executes a [`Plan`]: record first (journal, then marker tags on the resource), act second. Writes are
//! batched where the API allows (one CreateTags and one StopInstances per region for all instances) and
//! resources are handled concurrently with a bound. A failure on one resource never stops the others: it
//! is reported, and running the same command again finishes the job.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use crate::aws::{self, AwsContext};
use crate::error::{ExitCode, Result};
use crate::inventory::Gap;
use crate::progress::Progress;

use super::journal::{Entry, Journal};
use super::kinds::{self, Phase, Undone};
use super::{Action, MARK_BY, MARK_KILL, MARK_PRIOR, Mode, Plan, Step};

const CONCURRENCY: usize = 16;

/// What happened to one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Changed as planned.
    Done,
    /// Nothing to change.
    Unchanged,
    /// Stopped for good by the kill: nothing to restore (undo).
    NotRestored,
    /// Cannot be acted on.
    Blocked,
    /// The change failed; see the error.
    Failed,
}

/// One resource's result.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Result_ {
    #[serde(flatten)]
    pub step: Step,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The result of a kill or undo.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Report {
    pub schema: &'static str,
    pub mode: Mode,
    /// The kill id (kill) or undo id (undo).
    pub id: String,
    pub selector: String,
    pub account: String,
    pub by: String,
    pub started: String,
    pub finished: String,
    pub journal: String,
    pub results: Vec<Result_>,
    pub gaps: Vec<Gap>,
    pub done: usize,
    pub unchanged: usize,
    /// Undo: what the kill stopped for good.
    #[serde(skip_serializing_if = "is_zero")]
    pub not_restored: usize,
    /// Kill: what was stopped for good (undo cannot bring it back).
    #[serde(skip_serializing_if = "is_zero")]
    pub irreversible: usize,
    pub blocked: usize,
    pub failed: usize,
    pub requests: u32,
    /// Requests the SDK retried after throttling, a 5xx or a lost connection (not in `requests`).
    pub retried: u32,
    /// Over several accounts (`--accounts`): every account in scope and whether it could be entered.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<crate::accounts::Outcome>,
}

pub const REPORT_SCHEMA: &str = "costbrake.kill-result/v1";

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Report {
    /// Partial (4) when anything failed or could not be read; success otherwise.
    pub fn exit_code(&self) -> ExitCode {
        if self.failed > 0 || self.blocked > 0 || !self.gaps.is_empty() {
            ExitCode::Partial
        } else {
            ExitCode::Success
        }
    }

    /// The line on-call pastes into the incident channel.
    pub fn incident_line(&self) -> String {
        let what = match self.mode {
            Mode::Kill => "stopped",
            Mode::Undo => "restored",
        };
        let within = if self.accounts.is_empty() {
            format!("account {}", self.account)
        } else {
            format!("{} accounts", self.accounts.len())
        };
        let mut line = format!(
            "costbrake {}: {} ({}) in {within}: {} {what}, {} unchanged",
            match self.mode {
                Mode::Kill => "kill",
                Mode::Undo => "undo",
            },
            self.selector,
            self.id,
            self.done,
            self.unchanged
        );
        if self.irreversible > 0 {
            line.push_str(&format!(" ({} of them for good)", self.irreversible));
        }
        if self.not_restored > 0 {
            line.push_str(&format!(
                ", {} stopped for good (not restorable)",
                self.not_restored
            ));
        }
        if self.failed + self.blocked > 0 {
            line.push_str(&format!(", {} failed, {} blocked", self.failed, self.blocked));
        }
        if !self.gaps.is_empty() {
            line.push_str(&format!(", {} unreadable parts of the scope", self.gaps.len()));
        }
        line.push_str(&format!(" by {} at {}", self.by, self.finished));
        match self.mode {
            Mode::Kill if !self.accounts.is_empty() => line.push_str(&format!(
                "; undo: costbrake kill undo --kill-id {} --accounts {}",
                self.id,
                self.accounts
                    .iter()
                    .map(|a| a.id.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            )),
            Mode::Kill => line.push_str(&format!("; undo: costbrake kill undo --kill-id {}", self.id)),
            Mode::Undo if self.failed + self.blocked > 0 => {
                line.push_str("; run the same undo again to finish")
            }
            Mode::Undo => {}
        }
        line
    }
}

/// Fault injection for the crash-safety tests: `COSTBRAKE_FAULT_CRASH_AFTER=N` aborts the process right
/// before its (N+1)th change to AWS (journal records and tags count as changes too), like a kill -9 would.
pub(crate) fn before_change() {
    static LIMIT: OnceLock<Option<usize>> = OnceLock::new();
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let limit = LIMIT.get_or_init(|| {
        std::env::var("COSTBRAKE_FAULT_CRASH_AFTER")
            .ok()
            .and_then(|v| v.parse().ok())
    });
    if let Some(limit) = limit
        && COUNT.fetch_add(1, Ordering::SeqCst) >= *limit
    {
        std::process::abort();
    }
}

/// One kill or undo being applied: what the kinds' steps need to record, mark, act and count.
pub struct Run<'a> {
    pub ctx: &'a AwsContext,
    pub journal: &'a Journal,
    pub plan: &'a Plan,
    /// The kill id (kill) or undo id (undo).
    pub id: &'a String,
    /// Who acts (the caller ARN).
    pub by: &'a str,
    requests: AtomicUsize,
    /// Resources whose prior state the journal holds already ([`Run::prerecord`]).
    recorded: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl std::fmt::Debug for Run<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Run").field("id", self.id).finish_non_exhaustive()
    }
}

impl Run<'_> {
    fn record(&self, step: &Step) -> Result<()> {
        before_change();
        self.journal.write(&record_entry(step))
    }

    /// Journals, in one write and one sync, the prior states of the steps of `steps` that mark one
    /// resource at a time, so that each of them need not sync on its own before its marker. A failed
    /// write leaves them to record one by one (and report the error each).
    fn prerecord(&self, steps: &[&Step]) {
        let unbatched: Vec<&Step> = steps
            .iter()
            .filter(|s| s.killed_by.is_none() && !kinds::handler(s.target.kind).batches())
            .copied()
            .collect();
        if unbatched.is_empty() || self.record_all(&unbatched).is_err() {
            return;
        }
        let mut recorded = self.recorded.lock().unwrap_or_else(|e| e.into_inner());
        recorded.extend(unbatched.iter().map(|s| s.target.arn.clone()));
    }

    /// Journals the prior states of `steps` in one write and one sync, before their markers.
    pub(crate) fn record_all(&self, steps: &[&Step]) -> Result<()> {
        let entries: Vec<Entry> = steps
            .iter()
            .map(|s| {
                before_change();
                record_entry(s)
            })
            .collect();
        self.journal.write_all(&entries)
    }

    /// The marker tags of this run for a step's resource.
    pub fn markers(&self, step: &Step) -> Vec<(String, String)> {
        vec![
            (MARK_KILL.to_string(), self.id.clone()),
            (MARK_PRIOR.to_string(), step.prior.compact()),
            (MARK_BY.to_string(), self.by.chars().take(256).collect()),
        ]
    }

    /// Journals that `step` is about to `what` (for steps whose half-done state only a record can
    /// explain), before its first change.
    pub fn intent(&self, step: &Step, what: &str) -> Result<()> {
        before_change();
        self.journal.write(&Entry::Intent {
            arn: step.target.arn.clone(),
            action: what.to_string(),
            id: step.target.id.clone(),
        })
    }

    /// Counts `n` requests made.
    pub fn count(&self, n: u32) {
        self.requests.fetch_add(n as usize, Ordering::Relaxed);
    }

    /// Right before one change to AWS: the fault-injection point, and one request counted.
    pub fn change(&self) {
        before_change();
        self.count(1);
    }

    /// Sets the marker tags on a resource that does not carry them yet (journal first).
    async fn mark(&self, step: &Step) -> Result<()> {
        if step.killed_by.is_some() {
            return Ok(()); // keeps the original prior state
        }
        let recorded = self
            .recorded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&step.target.arn);
        if !recorded {
            self.record(step)?;
        }
        self.change();
        let tags = self.markers(step);
        kinds::handler(step.target.kind)
            .mark(self.ctx, &step.target, &tags)
            .await
    }

    async fn unmark(&self, step: &Step) -> Result<()> {
        self.change();
        kinds::handler(step.target.kind)
            .unmark(self.ctx, &step.target)
            .await
    }

    /// Kill one resource: record, mark, act.
    async fn kill_one(&self, step: &Step) -> Result<()> {
        self.mark(step).await?;
        kinds::handler(step.target.kind).kill(self, step).await
    }

    /// Restores one resource, leaving its markers to the caller (a kind that removes a region's markers
    /// in one call).
    pub(crate) async fn restore(&self, step: &Step) -> Result<Undone> {
        match &step.action {
            Action::ClearMarkers => Ok(Undone::Unmark),
            _ => kinds::handler(step.target.kind).undo(self, step).await,
        }
    }

    /// Undo one resource: restore, then remove the markers.
    pub(crate) async fn undo_one(&self, step: &Step) -> Result<()> {
        match self.restore(step).await? {
            Undone::Unmark => self.unmark(step).await,
            Undone::Done => Ok(()),
        }
    }
}

/// The journal record of a step's prior state.
pub(crate) fn record_entry(step: &Step) -> Entry {
    Entry::Record {
        arn: step.target.arn.clone(),
        kind: format!("{:?}", step.target.kind).to_ascii_lowercase(),
        region: step.target.region.clone(),
        id: step.target.id.clone(),
        prior: step.prior.compact(),
    }
}

/// The report of a plan with nothing to change: every resource unchanged or blocked. Nothing is
/// journaled, because nothing is touched.
pub fn unchanged(plan: &Plan, id: &str, by: &str) -> Report {
    let at = now();
    let results: Vec<Result_> = plan
        .steps
        .iter()
        .map(|step| Result_ {
            step: step.clone(),
            outcome: match step.action {
                Action::Blocked { .. } => Outcome::Blocked,
                Action::NotRestorable { .. } => Outcome::NotRestored,
                _ => Outcome::Unchanged,
            },
            error: None,
        })
        .collect();
    report(
        plan,
        id,
        by,
        (at.clone(), at),
        String::new(),
        results,
        plan.requests,
    )
}

/// Applies a kill or undo plan. `id` is the kill id (kill) or a fresh undo id (undo).
pub async fn apply(
    ctx: &AwsContext,
    plan: &Plan,
    id: &str,
    by: &str,
    progress: &dyn Progress,
) -> Result<Report> {
    let started = now();
    let journal = if plan.part_of_many {
        Journal::open_for_account(id, &plan.account)?
    } else {
        Journal::open(id)?
    };
    journal.write(&Entry::Start {
        id: id.to_string(),
        mode: format!("{:?}", plan.mode).to_ascii_lowercase(),
        at: started.clone(),
        by: by.to_string(),
        account: plan.account.clone(),
        selector: plan.selector.clone(),
        regions: plan.regions.clone(),
        sandbox_account: plan.sandbox_account.clone(),
    })?;
    let id_owned = id.to_string();
    let run = Run {
        ctx,
        journal: &journal,
        plan,
        id: &id_owned,
        by,
        requests: AtomicUsize::new(0),
        recorded: Default::default(),
    };
    let mut outcomes: BTreeMap<String, (Outcome, Option<String>)> = BTreeMap::new();
    for step in &plan.steps {
        let outcome = match step.action {
            Action::Keep { .. } => Outcome::Unchanged,
            Action::NotRestorable { .. } => Outcome::NotRestored,
            Action::Blocked { .. } => Outcome::Blocked,
            _ => continue,
        };
        outcomes.insert(step.target.arn.clone(), (outcome, None));
    }
    let changing: Vec<&Step> = plan.steps.iter().filter(|s| s.action.changes()).collect();
    progress.start(
        changing.len() as u64,
        if plan.mode == Mode::Kill {
            "stopping"
        } else {
            "restoring"
        },
    );
    // Each region is a lane of its own, with its own bound (AWS throttles per region): a region's steps
    // start as soon as its own plan is recorded (one journal write for the lane), never waiting for
    // another region's. Within a lane, a kill suspends the Auto Scaling groups before the instances
    // (or AWS replaces what was stopped) and an undo restores them after; every other kind goes at
    // once, beside that chain. Global steps (IAM) are a lane too. The SCP comes after every lane on a
    // kill (it may deny the calls before it when the resources live in the sandbox account), and before
    // them on an undo.
    let mut chain = [Phase::First, Phase::AfterFirst];
    if plan.mode == Mode::Undo {
        chain.reverse();
    }
    let phase = |s: &Step| kinds::handler(s.target.kind).phase();
    let (last, rest): (Vec<&Step>, Vec<&Step>) = changing.into_iter().partition(|s| phase(s) == Phase::Last);
    let mut lanes: BTreeMap<&str, Vec<&Step>> = BTreeMap::new();
    for s in rest {
        lanes.entry(&s.target.region).or_default().push(s);
    }
    let run = &run;
    let last_work = run_phase(run, last.clone(), progress);
    let lanes_work = async {
        let per_lane = futures::future::join_all(lanes.into_values().map(|steps| async move {
            if plan.mode == Mode::Kill {
                run.prerecord(&steps);
            }
            let of = |p: Phase| -> Vec<&Step> { steps.iter().filter(|s| phase(s) == p).copied().collect() };
            let chained = async {
                let mut done = Vec::new();
                for p in chain {
                    done.extend(run_phase(run, of(p), progress).await?);
                }
                Ok::<_, crate::Error>(done)
            };
            let together = run_phase(run, of(Phase::Together), progress);
            let (mut done, others) = futures::join!(chained, together);
            if let Ok(done) = &mut done {
                done.extend(others?);
            }
            done
        }))
        .await;
        let mut all = Vec::new();
        for results in per_lane {
            all.extend(results?);
        }
        Ok::<_, crate::Error>(all)
    };
    let finished_steps = match plan.mode {
        Mode::Kill => {
            let mut all = lanes_work.await?;
            all.extend(last_work.await?);
            all
        }
        Mode::Undo => {
            let mut all = last_work.await?;
            all.extend(lanes_work.await?);
            all
        }
    };
    for (arn, error) in finished_steps {
        let outcome = if error.is_some() {
            Outcome::Failed
        } else {
            Outcome::Done
        };
        outcomes.insert(arn, (outcome, error));
    }
    progress.finish();
    let results: Vec<Result_> = plan
        .steps
        .iter()
        .map(|step| {
            let (outcome, error) = outcomes
                .remove(&step.target.arn)
                .unwrap_or((Outcome::Failed, Some("not attempted".into())));
            Result_ {
                step: step.clone(),
                outcome,
                error,
            }
        })
        .collect();
    let finished = now();
    let requests = plan.requests + run.requests.load(Ordering::Relaxed) as u32;
    let journal_path = journal.path().display().to_string();
    let mut report = report(
        plan,
        id,
        by,
        (started, finished.clone()),
        journal_path,
        results,
        requests,
    );
    report.retried = ctx.retried();
    journal.write(&Entry::Finish {
        at: finished,
        done: report.done,
        failed: report.failed,
    })?;
    Ok(report)
}

/// Runs `steps` (of one lane and phase): kinds whose API takes many ids a region at a time, the others
/// resource by resource, both with the bound. Returns each step's ARN and error.
async fn run_steps(
    run: &Run<'_>,
    steps: Vec<&Step>,
    progress: &dyn Progress,
) -> Vec<(String, Option<String>)> {
    let (batched, others): (Vec<&Step>, Vec<&Step>) = steps
        .into_iter()
        .partition(|s| kinds::handler(s.target.kind).batches());
    let batch_work = async {
        let mut by_region: BTreeMap<(super::Kind, &str), Vec<&Step>> = BTreeMap::new();
        for s in batched {
            by_region
                .entry((s.target.kind, &s.target.region))
                .or_default()
                .push(s);
        }
        let results = aws::fan_out(by_region, CONCURRENCY, |((kind, region), steps)| async move {
            let results = kinds::handler(kind).apply_region(run, region, &steps).await;
            results.iter().for_each(|_| progress.inc());
            results
        })
        .await;
        results.into_iter().flatten().collect::<Vec<_>>()
    };
    let other_work = aws::fan_out(others, CONCURRENCY, |step| async move {
        let result = match run.plan.mode {
            Mode::Kill => run.kill_one(step).await,
            Mode::Undo => run.undo_one(step).await,
        };
        progress.inc();
        (step.target.arn.clone(), result.err().map(|e| e.to_string()))
    });
    let (a, b) = futures::join!(batch_work, other_work);
    a.into_iter().chain(b).collect()
}

/// Runs `steps` of one phase ([`run_steps`]) and journals their outcomes in one write; nothing for none.
async fn run_phase(
    run: &Run<'_>,
    steps: Vec<&Step>,
    progress: &dyn Progress,
) -> Result<Vec<(String, Option<String>)>> {
    if steps.is_empty() {
        return Ok(Vec::new());
    }
    let results = run_steps(run, steps, progress).await;
    run.journal.write_all(&outcome_entries(&results))?;
    Ok(results)
}

/// The journal's outcome records of `results`.
fn outcome_entries(results: &[(String, Option<String>)]) -> Vec<Entry> {
    results
        .iter()
        .map(|(arn, error)| Entry::Outcome {
            arn: arn.clone(),
            outcome: if error.is_some() { "failed" } else { "done" }.to_string(),
            error: error.clone(),
        })
        .collect()
}

/// The report of `results`, with the counts per outcome.
fn report(
    plan: &Plan,
    id: &str,
    by: &str,
    (started, finished): (String, String),
    journal: String,
    results: Vec<Result_>,
    requests: u32,
) -> Report {
    let count = |o: Outcome| results.iter().filter(|r| r.outcome == o).count();
    Report {
        schema: REPORT_SCHEMA,
        mode: plan.mode,
        id: id.to_string(),
        selector: plan.selector.clone(),
        account: plan.account.clone(),
        by: by.to_string(),
        started,
        finished,
        journal,
        done: count(Outcome::Done),
        unchanged: count(Outcome::Unchanged),
        not_restored: count(Outcome::NotRestored),
        irreversible: results
            .iter()
            .filter(|r| r.step.irreversible && r.outcome == Outcome::Done)
            .count(),
        blocked: count(Outcome::Blocked),
        failed: count(Outcome::Failed),
        gaps: plan.gaps.clone(),
        requests,
        retried: plan.retried,
        results,
        accounts: plan.accounts.clone(),
    }
}

/// Asks EC2 whether StopInstances would succeed for the plan's instances (server-side DryRun).
pub async fn dry_run(ctx: &AwsContext, plan: &Plan) -> Vec<(String, std::result::Result<(), String>)> {
    kinds::instance::dry_run(ctx, plan).await
}

fn now() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}
