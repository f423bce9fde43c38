//! Executes a [`Plan`]: record first (journal, then marker tags on the resource), act second. Writes are
//! batched where the API allows (one CreateTags and one StopInstances per region for all instances) and
//! resources are handled concurrently with a bound. A failure on one resource never stops the others: it
//! is reported, and running the same command again finishes the job.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use crate::aws::{self, AwsContext};
use crate::error::{Error, ExitCode, Result};
use crate::inventory::Gap;
use crate::output::Progress;

use super::journal::{Entry, Journal};
use super::{
    Action, DENY_DOCUMENT, DENY_POLICY, Kind, MARK_BY, MARK_KILL, MARK_PRIOR, MARKERS, Mode, Plan,
    SCP_PREFIX, Step,
};

const CONCURRENCY: usize = 16;

/// Kinds with no ordering between them: handled together, concurrently.
const INDEPENDENT: [Kind; 5] = [
    Kind::Instance,
    Kind::Service,
    Kind::Function,
    Kind::Role,
    Kind::User,
];

/// What happened to one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Changed as planned.
    Done,
    /// Nothing to change.
    Unchanged,
    /// Cannot be acted on.
    Blocked,
    /// The change failed; see the error.
    Failed,
}

/// One resource's result.
#[derive(Debug, Clone, Serialize)]
pub struct Result_ {
    #[serde(flatten)]
    pub step: Step,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The result of a kill or undo.
#[derive(Debug, Clone, Serialize)]
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
    pub blocked: usize,
    pub failed: usize,
    pub requests: u32,
}

pub const REPORT_SCHEMA: &str = "costbrake.kill-result/v1";

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
        let mut line = format!(
            "costbrake {}: {} ({}) in account {}: {} {what}, {} unchanged",
            match self.mode {
                Mode::Kill => "kill",
                Mode::Undo => "undo",
            },
            self.selector,
            self.id,
            self.account,
            self.done,
            self.unchanged
        );
        if self.failed + self.blocked > 0 {
            line.push_str(&format!(", {} failed, {} blocked", self.failed, self.blocked));
        }
        if !self.gaps.is_empty() {
            line.push_str(&format!(", {} unreadable parts of the scope", self.gaps.len()));
        }
        line.push_str(&format!(" by {} at {}", self.by, self.finished));
        match self.mode {
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
fn before_change() {
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

struct Run<'a> {
    ctx: &'a AwsContext,
    journal: &'a Journal,
    plan: &'a Plan,
    id: &'a String,
    by: &'a str,
    requests: AtomicUsize,
}

impl Run<'_> {
    fn record(&self, step: &Step) -> Result<()> {
        before_change();
        self.journal.write(&record_entry(step))
    }

    fn markers(&self, step: &Step) -> Vec<(String, String)> {
        vec![
            (MARK_KILL.to_string(), self.id.clone()),
            (MARK_PRIOR.to_string(), step.prior.compact()),
            (MARK_BY.to_string(), self.by.chars().take(256).collect()),
        ]
    }

    fn count(&self, n: u32) {
        self.requests.fetch_add(n as usize, Ordering::Relaxed);
    }

    /// Sets the marker tags on a resource that does not carry them yet.
    async fn mark(&self, step: &Step) -> Result<()> {
        if step.killed_by.is_some() {
            return Ok(()); // keeps the original prior state
        }
        self.record(step)?;
        before_change();
        self.count(1);
        let tags = self.markers(step);
        let t = &step.target;
        match t.kind {
            Kind::Instance => aws::ec2::create_tags(self.ctx, &t.region, std::slice::from_ref(&t.id), &tags)
                .await
                .map(|_| ()),
            Kind::Group => aws::autoscaling::tag(self.ctx, &t.region, &t.id, &tags).await,
            Kind::Service => aws::ecs::tag(self.ctx, &t.region, &t.arn, &tags).await,
            Kind::Function => aws::lambda::tag(self.ctx, &t.region, &t.arn, &tags).await,
            Kind::Role | Kind::User => aws::iam::tag(self.ctx, super::live::principal(t), &tags).await,
            Kind::Account => Ok(()), // the SCP's name and description carry the kill id
        }
    }

    async fn unmark(&self, step: &Step) -> Result<()> {
        before_change();
        self.count(1);
        let t = &step.target;
        match t.kind {
            Kind::Instance => {
                aws::ec2::delete_tags(self.ctx, &t.region, std::slice::from_ref(&t.id), &MARKERS)
                    .await
                    .map(|_| ())
            }
            Kind::Group => aws::autoscaling::untag(self.ctx, &t.region, &t.id, &MARKERS).await,
            Kind::Service => aws::ecs::untag(self.ctx, &t.region, &t.arn, &MARKERS).await,
            Kind::Function => aws::lambda::untag(self.ctx, &t.region, &t.arn, &MARKERS).await,
            Kind::Role | Kind::User => aws::iam::untag(self.ctx, super::live::principal(t), &MARKERS).await,
            Kind::Account => Ok(()),
        }
    }

    /// Kill one non-instance resource: record, mark, act.
    async fn kill_one(&self, step: &Step) -> Result<()> {
        let t = &step.target;
        self.mark(step).await?;
        match &step.action {
            Action::SuspendGroup { processes, scale } => {
                before_change();
                self.count(1);
                aws::autoscaling::suspend(self.ctx, &t.region, &t.id, processes).await?;
                if *scale && let super::State::Group { max, .. } = &step.current {
                    before_change();
                    self.count(1);
                    aws::autoscaling::resize(self.ctx, &t.region, &t.id, 0, 0, *max).await?;
                }
            }
            Action::StopService { suspend_scaling } => {
                let cluster = t.cluster.as_deref().unwrap_or_default();
                if *suspend_scaling {
                    // Suspend first, or the scalable target scales the service straight back up.
                    before_change();
                    self.count(1);
                    aws::appscaling::set_ecs_suspension(
                        self.ctx,
                        &t.region,
                        &format!("service/{cluster}/{}", t.id),
                        aws::appscaling::Suspension::ALL,
                    )
                    .await?;
                }
                before_change();
                self.count(1);
                aws::ecs::set_desired(self.ctx, &t.region, cluster, &t.id, 0).await?;
            }
            Action::Throttle => {
                before_change();
                self.count(1);
                aws::lambda::set_reserved_concurrency(self.ctx, &t.region, &t.id, Some(0)).await?;
            }
            Action::Deny => {
                before_change();
                self.count(1);
                aws::iam::put_inline_policy(self.ctx, super::live::principal(t), DENY_POLICY, DENY_DOCUMENT)
                    .await?;
            }
            Action::AttachScp => {
                before_change();
                self.count(2);
                let description = format!(
                    "costbrake kill {} of {} by {}",
                    self.id, self.plan.selector, self.by
                );
                aws::organizations::create_and_attach_scp(
                    self.ctx,
                    &t.id,
                    &format!("{SCP_PREFIX}{}", self.id),
                    &description.chars().take(512).collect::<String>(),
                    &scp_document(),
                )
                .await?;
            }
            other => {
                return Err(Error::usage(format!("internal: {other:?} is not a kill action")));
            }
        }
        Ok(())
    }

    /// Undo one non-instance resource: restore, then remove the markers.
    async fn undo_one(&self, step: &Step) -> Result<()> {
        let t = &step.target;
        match &step.action {
            Action::RestoreGroup {
                desired,
                min,
                max,
                resume,
            } => {
                before_change();
                self.count(1);
                aws::autoscaling::resize(self.ctx, &t.region, &t.id, *desired, *min, *max).await?;
                if !resume.is_empty() {
                    before_change();
                    self.count(1);
                    aws::autoscaling::resume(self.ctx, &t.region, &t.id, resume).await?;
                }
            }
            Action::RestoreService { desired, scaling } => {
                let cluster = t.cluster.as_deref().unwrap_or_default();
                before_change();
                self.count(1);
                aws::ecs::set_desired(self.ctx, &t.region, cluster, &t.id, *desired).await?;
                if let Some(scaling) = scaling {
                    before_change();
                    self.count(1);
                    aws::appscaling::set_ecs_suspension(
                        self.ctx,
                        &t.region,
                        &format!("service/{cluster}/{}", t.id),
                        aws::appscaling::Suspension {
                            scale_in: scaling.scale_in_suspended,
                            scale_out: scaling.scale_out_suspended,
                            scheduled: scaling.scheduled_suspended,
                        },
                    )
                    .await?;
                }
            }
            Action::RestoreConcurrency { reserved } => {
                before_change();
                self.count(1);
                aws::lambda::set_reserved_concurrency(self.ctx, &t.region, &t.id, *reserved).await?;
            }
            Action::RemoveDeny => {
                before_change();
                self.count(1);
                aws::iam::delete_inline_policy(self.ctx, super::live::principal(t), DENY_POLICY).await?;
            }
            Action::DetachScp { policy } => {
                before_change();
                self.count(2);
                aws::organizations::detach_and_delete_scp(self.ctx, &t.id, policy).await?;
                return Ok(());
            }
            Action::ClearMarkers => {}
            other => return Err(Error::usage(format!("internal: {other:?} is not an undo action"))),
        }
        self.unmark(step).await
    }
}

/// The journal record of a step's prior state.
fn record_entry(step: &Step) -> Entry {
    Entry::Record {
        arn: step.target.arn.clone(),
        kind: format!("{:?}", step.target.kind).to_ascii_lowercase(),
        region: step.target.region.clone(),
        id: step.target.id.clone(),
        prior: step.prior.compact(),
    }
}

/// The deny-all SCP. `FullAWSAccess` stays attached; an explicit deny wins over it.
fn scp_document() -> String {
    r#"{"Version":"2012-10-17","Statement":[{"Sid":"CostbrakeKill","Effect":"Deny","Action":"*","Resource":"*"}]}"#
        .to_string()
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
            outcome: if matches!(step.action, Action::Blocked { .. }) {
                Outcome::Blocked
            } else {
                Outcome::Unchanged
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
    let journal = Journal::open(id)?;
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
    };
    let mut outcomes: BTreeMap<String, (Outcome, Option<String>)> = BTreeMap::new();
    for step in &plan.steps {
        let outcome = match step.action {
            Action::Keep { .. } => Outcome::Unchanged,
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
    let phases: Vec<Vec<&Step>> = match plan.mode {
        // Groups before their instances (or AWS replaces what was stopped); the SCP last (it may deny
        // the calls before it when the resources live in the sandbox account).
        Mode::Kill => vec![
            pick(&changing, &[Kind::Group]),
            pick(&changing, &INDEPENDENT),
            pick(&changing, &[Kind::Account]),
        ],
        // The reverse: lift the SCP, start instances, then give groups their sizes back.
        Mode::Undo => vec![
            pick(&changing, &[Kind::Account]),
            pick(&changing, &INDEPENDENT),
            pick(&changing, &[Kind::Group]),
        ],
    };
    for phase in phases {
        let (instances, others): (Vec<&Step>, Vec<&Step>) =
            phase.into_iter().partition(|s| s.target.kind == Kind::Instance);
        let instance_work = async {
            let mut by_region: BTreeMap<&str, Vec<&Step>> = BTreeMap::new();
            for s in instances {
                by_region.entry(&s.target.region).or_default().push(s);
            }
            let results = aws::fan_out(by_region, CONCURRENCY, |(region, steps)| {
                let run = &run;
                async move { instances_in_region(run, region, &steps).await }
            })
            .await;
            results.into_iter().flatten().collect::<Vec<_>>()
        };
        let other_work = aws::fan_out(others, CONCURRENCY, |step| {
            let run = &run;
            async move {
                let result = match plan.mode {
                    Mode::Kill => run.kill_one(step).await,
                    Mode::Undo => run.undo_one(step).await,
                };
                progress.inc();
                (step.target.arn.clone(), result.err().map(|e| e.to_string()))
            }
        });
        let (a, b) = futures::join!(instance_work, other_work);
        let mut entries = Vec::new();
        for (arn, error) in a.into_iter().chain(b) {
            let outcome = if error.is_some() {
                Outcome::Failed
            } else {
                Outcome::Done
            };
            entries.push(Entry::Outcome {
                arn: arn.clone(),
                outcome: format!("{outcome:?}").to_ascii_lowercase(),
                error: error.clone(),
            });
            outcomes.insert(arn, (outcome, error));
        }
        journal.write_all(&entries)?;
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
    let report = report(
        plan,
        id,
        by,
        (started, finished.clone()),
        journal_path,
        results,
        requests,
    );
    journal.write(&Entry::Finish {
        at: finished,
        done: report.done,
        failed: report.failed,
    })?;
    Ok(report)
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
        blocked: count(Outcome::Blocked),
        failed: count(Outcome::Failed),
        gaps: plan.gaps.clone(),
        requests,
        results,
    }
}

fn pick<'a>(steps: &[&'a Step], kinds: &[Kind]) -> Vec<&'a Step> {
    steps
        .iter()
        .filter(|s| kinds.contains(&s.target.kind))
        .copied()
        .collect()
}

/// Instances of one region, batched: kill = record all, one CreateTags per distinct prior state, one
/// StopInstances; undo = one StartInstances, one DeleteTags. A failed batch is retried one instance at a
/// time, so one bad instance does not fail the others.
async fn instances_in_region(run: &Run<'_>, region: &str, steps: &[&Step]) -> Vec<(String, Option<String>)> {
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    match run.plan.mode {
        Mode::Kill => {
            // Record and mark the ones not held by an earlier kill, grouped by identical markers.
            let mut groups: BTreeMap<String, Vec<&Step>> = BTreeMap::new();
            for s in steps.iter().filter(|s| s.killed_by.is_none()) {
                groups.entry(s.prior.compact()).or_default().push(s);
            }
            for (_, group) in groups {
                // The group's records go to the journal in one write and one sync, before the tags.
                let entries: Vec<Entry> = group
                    .iter()
                    .map(|s| {
                        before_change();
                        record_entry(s)
                    })
                    .collect();
                if let Err(e) = run.journal.write_all(&entries) {
                    for s in &group {
                        errors.insert(s.target.arn.clone(), e.to_string());
                    }
                    continue;
                }
                let ids: Vec<String> = group.iter().map(|s| s.target.id.clone()).collect();
                let tags = run.markers(group[0]);
                before_change();
                let batch = aws::ec2::create_tags(run.ctx, region, &ids, &tags).await;
                run.count(1);
                if let Err(err) = batch {
                    for s in &group {
                        errors.entry(s.target.arn.clone()).or_insert_with(|| {
                            format!("could not record the prior state on the instance, so it was not stopped: {err}")
                        });
                    }
                }
            }
            let ids: Vec<&Step> = steps
                .iter()
                .filter(|s| !errors.contains_key(&s.target.arn))
                .copied()
                .collect();
            batch_or_each(run, &ids, &mut errors, |ids| async move {
                before_change();
                aws::ec2::stop_instances(run.ctx, region, &ids, false)
                    .await
                    .map(|(n, _)| n)
            })
            .await;
        }
        Mode::Undo => {
            let starting: Vec<&Step> = steps
                .iter()
                .filter(|s| s.action == Action::Start)
                .copied()
                .collect();
            batch_or_each(run, &starting, &mut errors, |ids| async move {
                before_change();
                aws::ec2::start_instances(run.ctx, region, &ids).await
            })
            .await;
            let clearing: Vec<&Step> = steps
                .iter()
                .filter(|s| !errors.contains_key(&s.target.arn))
                .copied()
                .collect();
            batch_or_each(run, &clearing, &mut errors, |ids| async move {
                before_change();
                aws::ec2::delete_tags(run.ctx, region, &ids, &MARKERS).await
            })
            .await;
        }
    }
    steps
        .iter()
        .map(|s| (s.target.arn.clone(), errors.get(&s.target.arn).cloned()))
        .collect()
}

/// Runs `call` on all ids at once; if that fails, on each id alone, recording per-instance errors.
async fn batch_or_each<F, Fut>(run: &Run<'_>, steps: &[&Step], errors: &mut BTreeMap<String, String>, call: F)
where
    F: Fn(Vec<String>) -> Fut,
    Fut: std::future::Future<Output = Result<u32>>,
{
    if steps.is_empty() {
        return;
    }
    let ids: Vec<String> = steps.iter().map(|s| s.target.id.clone()).collect();
    run.count(1);
    if call(ids).await.is_ok() {
        return;
    }
    for s in steps {
        run.count(1);
        if let Err(err) = call(vec![s.target.id.clone()]).await {
            errors.insert(s.target.arn.clone(), err.to_string());
        }
    }
}

/// Asks EC2 whether StopInstances would succeed for the plan's instances (server-side DryRun).
pub async fn dry_run(ctx: &AwsContext, plan: &Plan) -> Vec<(String, std::result::Result<(), String>)> {
    let mut by_region: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in plan.steps.iter().filter(|s| s.action == Action::Stop) {
        by_region
            .entry(s.target.region.clone())
            .or_default()
            .push(s.target.id.clone());
    }
    aws::fan_out(by_region, CONCURRENCY, |(region, ids)| async move {
        let verdict = match aws::ec2::stop_instances(ctx, &region, &ids, true).await {
            Ok((_, Some(aws::ec2::DryRun::WouldSucceed))) | Ok((_, None)) => Ok(()),
            Ok((_, Some(aws::ec2::DryRun::Refused(why)))) => Err(why),
            Err(e) => Err(e.to_string()),
        };
        (region, verdict)
    })
    .await
}

fn now() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}
