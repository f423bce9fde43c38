//! `sandbox freeze` and `sandbox unfreeze`: a frozen sandbox cannot create anything that spends (the
//! deny-create SCP, attached to the account itself) and sits in the `frozen` OU; unfreezing reverses
//! exactly that and nothing else.
//!
//! Record first, act second: before the SCP is attached or the account moved, freeze writes its record to
//! the local journal and to the account's tags (when, why, by whom, and the OU it came from). A crash
//! half-way leaves a record that the next `freeze` completes and `unfreeze` reverses. SCPs that were
//! attached before the freeze are never touched: unfreeze detaches only costbrake's.

use serde::Serialize;

use super::Sandbox;
use super::{TAG_FROZEN_AT, TAG_FROZEN_WHY, find, management_account, ous_of};
use crate::aws::organizations as orgs;
use crate::aws::{self, AwsContext};
use crate::error::{Error, Result};
use crate::killswitch;
use crate::progress::Progress;

/// The deny-create SCP every frozen sandbox gets.
pub const FREEZE_SCP: &str = "costbrake-sandbox-freeze";
/// The OU a frozen account came from, restored by unfreeze.
pub const TAG_FROZEN_FROM: &str = "costbrake:frozen-from";
/// The id of the freeze (its journal file).
pub const TAG_FREEZE_ID: &str = "costbrake:freeze-id";
/// Who froze it ([`GUARD`] for the brake; else the caller's ARN).
pub const TAG_FROZEN_BY: &str = "costbrake:frozen-by";
/// The `costbrake:frozen-by` of a freeze made by `guard`, which `guard` thaws at the next period.
pub const GUARD: &str = "costbrake-guard";
/// The kill `--stop-running` made in the account, undone by unfreeze.
pub const TAG_FREEZE_KILL: &str = "costbrake:freeze-kill";
/// The regions of that kill, space-separated.
pub const TAG_FREEZE_REGIONS: &str = "costbrake:freeze-regions";
/// The role assumed in a sandbox account for `--stop-running`, unless `[sandbox] role_name` says another.
pub const DEFAULT_ROLE: &str = "OrganizationAccountAccessRole";
pub use crate::aws::organizations::{SCP_MAX_CHARS, SCPS_PER_TARGET};

/// The create, launch and run actions of the services agents spend on: what a frozen account may no
/// longer do. Stopping, deleting, reading and tagging stay allowed, so the team (and `kill`) can still
/// wind things down.
pub const DENIED_ACTIONS: &[&str] = &[
    "ec2:RunInstances",
    "ec2:StartInstances",
    "ec2:CreateVolume",
    "ec2:CreateFleet",
    "ec2:RequestSpotInstances",
    "ec2:RequestSpotFleet",
    "ec2:CreateNatGateway",
    "ec2:AllocateHosts",
    "ec2:PurchaseReservedInstancesOffering",
    "autoscaling:CreateAutoScalingGroup",
    "lambda:CreateFunction",
    "lambda:PutProvisionedConcurrencyConfig",
    "ecs:RunTask",
    "ecs:StartTask",
    "ecs:CreateService",
    "ecs:CreateCluster",
    "eks:CreateCluster",
    "eks:CreateNodegroup",
    "eks:CreateFargateProfile",
    "sagemaker:Create*",
    "sagemaker:StartNotebookInstance",
    "bedrock:CreateProvisionedModelThroughput",
    "bedrock:CreateModelCustomizationJob",
    "bedrock:CreateModelInvocationJob",
    "bedrock:InvokeModel",
    "bedrock:InvokeModelWithResponseStream",
    "rds:CreateDBInstance",
    "rds:CreateDBCluster",
    "rds:StartDBInstance",
    "rds:StartDBCluster",
    "rds:RestoreDBInstanceFromDBSnapshot",
    "rds:RestoreDBClusterFromSnapshot",
    "states:StartExecution",
    "batch:SubmitJob",
    "glue:StartJobRun",
    "elasticmapreduce:RunJobFlow",
    "dynamodb:CreateTable",
    "s3:CreateBucket",
    "elasticache:CreateCacheCluster",
    "elasticache:CreateReplicationGroup",
    "es:CreateDomain",
    "aoss:CreateCollection",
    "redshift:CreateCluster",
    "kinesis:CreateStream",
    "elasticloadbalancing:CreateLoadBalancer",
    "apprunner:CreateService",
    "lightsail:Create*",
];

/// The deny-create SCP, minified.
pub fn freeze_policy() -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "CostbrakeSandboxFrozen",
            "Effect": "Deny",
            "Action": DENIED_ACTIONS,
            "Resource": "*"
        }]
    })
    .to_string()
}

/// One change made by a freeze or unfreeze.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    /// The record: the account's freeze tags (and the journal file).
    Record {
        journal: Option<String>,
    },
    /// `CreatePolicy` of the deny-create SCP (once per organization).
    CreateScp {
        policy: String,
    },
    AttachScp {
        policy: String,
    },
    DetachScp {
        policy: String,
    },
    /// The SCP attached to nothing any more, deleted.
    DeleteScp {
        policy: String,
    },
    MoveAccount {
        from: String,
        to: String,
    },
    /// The freeze tags removed (last, so that a crash before keeps the record).
    ClearRecord,
}

/// The result of `sandbox freeze` or `sandbox unfreeze`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Frozen {
    pub schema: &'static str,
    /// `freeze` or `unfreeze`.
    pub command: &'static str,
    pub name: String,
    pub account_id: String,
    /// `frozen` or `active` after the command.
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The OU it was frozen from (and is restored to).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frozen_from: Option<String>,
    /// The SCPs attached directly to the account before (they stay), by id.
    pub other_scps: Vec<String>,
    pub changes: Vec<Change>,
    /// The kill of what ran in the account (`--stop-running`), or its undo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<Stopped>,
}

/// What `sandbox freeze` needs.
#[derive(Debug, Clone)]
pub struct Freeze {
    /// A sandbox name or account id.
    pub sandbox: String,
    pub reason: String,
    /// Who freezes: `guard`, or the caller's ARN.
    pub by: Option<String>,
    /// `--stop-running`: also kill what already runs in the account.
    pub stop: Option<StopRunning>,
}

/// How `--stop-running` (and the unfreeze that undoes it) reaches into the sandbox account.
#[derive(Debug, Clone)]
pub struct StopRunning {
    /// The role assumed in the account (`OrganizationAccountAccessRole` unless configured).
    pub role_name: String,
    /// Resolved regions the kill covers (unfreeze: those the freeze recorded, unless given).
    pub regions: Vec<String>,
    pub max_resources: usize,
    pub refusals: killswitch::Refusals,
}

/// The kill `--stop-running` made (or the undo unfreeze made of it).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Stopped {
    pub kill_id: String,
    /// The undo's id (unfreeze only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undo_id: Option<String>,
    pub done: usize,
    pub failed: usize,
    pub blocked: usize,
    /// What could not be undone (stopped for good: ECS tasks, executions).
    pub not_restored: usize,
    pub journal: String,
}

/// The record of a freeze in the local journal (`<data dir>/sandboxes/<freeze id>.json`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Record<'a> {
    freeze_id: &'a str,
    at: &'a str,
    management_account: &'a str,
    account_id: &'a str,
    name: &'a str,
    reason: &'a str,
    by: &'a str,
    frozen_from: &'a str,
    other_scps: &'a [String],
}

/// `sandbox freeze NAME|ID`.
pub async fn freeze(ctx: &AwsContext, freeze: &Freeze, progress: &dyn Progress) -> Result<Frozen> {
    let management = management_account(ctx).await?;
    let sandbox = find(ctx, &management, &freeze.sandbox).await?;
    let ous = ous_of(ctx, &sandbox).await?;
    let parent = orgs::parent(ctx, &sandbox.account.id).await?;
    let attached = orgs::scps_for_target(ctx, &sandbox.account.id).await?;
    let ours = attached
        .iter()
        .find(|p| p.name == FREEZE_SCP)
        .map(|p| p.id.clone());
    let other_scps: Vec<String> = attached
        .iter()
        .filter(|p| p.name != FREEZE_SCP)
        .map(|p| p.id.clone())
        .collect();
    if ours.is_none() && attached.len() >= SCPS_PER_TARGET {
        return Err(Error::usage(format!(
            "account {} has {} SCPs attached directly, AWS's limit of {SCPS_PER_TARGET} per target, so the \
             freeze SCP cannot be attached; detach one (or merge two) and run the same command again \
             (nothing was changed)",
            sandbox.account.id,
            attached.len()
        )));
    }
    let policy = freeze_policy();
    if policy.len() > SCP_MAX_CHARS {
        return Err(Error::usage(format!(
            "internal: the freeze SCP is {} characters, over AWS's {SCP_MAX_CHARS}",
            policy.len()
        )));
    }
    let mut changes = Vec::new();
    let tag = |key: &str| sandbox.tags.get(key).cloned();
    let frozen_from = match tag(TAG_FROZEN_FROM) {
        Some(from) => from, // frozen before (or a freeze that crashed half-way): its record stands
        None => {
            let from = if parent == ous.frozen {
                ous.active.clone()
            } else {
                parent.clone()
            };
            let at = jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
            let id = format!(
                "freeze-{}-{}",
                jiff::Timestamp::now().strftime("%Y%m%dt%H%M%Sz"),
                &sandbox.account.id[8..]
            );
            let by = match &freeze.by {
                Some(by) => by.clone(),
                None => aws::sts::caller_identity(ctx).await?.arn,
            };
            let journal = write_record(&Record {
                freeze_id: &id,
                at: &at,
                management_account: &management,
                account_id: &sandbox.account.id,
                name: &sandbox.name,
                reason: &freeze.reason,
                by: &by,
                frozen_from: &from,
                other_scps: &other_scps,
            })?;
            orgs::tag(
                ctx,
                &sandbox.account.id,
                &[
                    (TAG_FROZEN_AT.into(), at),
                    (TAG_FROZEN_WHY.into(), tag_value(&freeze.reason)),
                    (TAG_FROZEN_FROM.into(), from.clone()),
                    (TAG_FREEZE_ID.into(), id),
                    (TAG_FROZEN_BY.into(), tag_value(&by)),
                ],
            )
            .await?;
            changes.push(Change::Record {
                journal: Some(journal),
            });
            from
        }
    };
    if ours.is_none() {
        let existing = orgs::scps_named(ctx, FREEZE_SCP)
            .await?
            .into_iter()
            .find(|p| p.name == FREEZE_SCP);
        let id = match existing {
            Some(p) => p.id,
            None => {
                let id = orgs::create_scp(
                    ctx,
                    FREEZE_SCP,
                    "costbrake: denies creating resources that spend in frozen sandbox accounts",
                    &policy,
                )
                .await?;
                changes.push(Change::CreateScp { policy: id.clone() });
                id
            }
        };
        orgs::attach_scp(ctx, &sandbox.account.id, &id).await?;
        changes.push(Change::AttachScp { policy: id });
    }
    if parent != ous.frozen {
        orgs::move_account(ctx, &sandbox.account.id, &parent, &ous.frozen).await?;
        changes.push(Change::MoveAccount {
            from: parent,
            to: ous.frozen.clone(),
        });
    }
    let stopped = match &freeze.stop {
        Some(stop) => Some(stop_running(ctx, &sandbox, stop, progress).await?),
        None => None,
    };
    Ok(Frozen {
        stopped,
        schema: super::SCHEMA_FREEZE,
        command: "freeze",
        name: sandbox.name,
        account_id: sandbox.account.id,
        state: "frozen",
        reason: tag(TAG_FROZEN_WHY).or(Some(freeze.reason.clone())),
        frozen_from: Some(frozen_from),
        other_scps,
        changes,
    })
}

/// `sandbox unfreeze NAME|ID`: detaches costbrake's SCP, moves the account back to the OU it was frozen
/// from, then removes the record. Nothing else: SCPs attached before the freeze stay.
pub async fn unfreeze(
    ctx: &AwsContext,
    sandbox: &str,
    stop: Option<&StopRunning>,
    progress: &dyn Progress,
) -> Result<Frozen> {
    let management = management_account(ctx).await?;
    let sandbox = find(ctx, &management, sandbox).await?;
    let ous = ous_of(ctx, &sandbox).await?;
    let parent = orgs::parent(ctx, &sandbox.account.id).await?;
    let attached = orgs::scps_for_target(ctx, &sandbox.account.id).await?;
    let mut changes = Vec::new();
    let frozen_from = sandbox.tags.get(TAG_FROZEN_FROM).cloned();
    for p in attached.iter().filter(|p| p.name == FREEZE_SCP) {
        orgs::detach_scp(ctx, &sandbox.account.id, &p.id).await?;
        changes.push(Change::DetachScp { policy: p.id.clone() });
        if !orgs::scp_attached_anywhere(ctx, &p.id).await? {
            orgs::delete_scp(ctx, &p.id).await?;
            changes.push(Change::DeleteScp { policy: p.id.clone() });
        }
    }
    // What --stop-running killed, restored once the SCP that would deny the restarts is gone.
    let stopped = match sandbox.tags.get(TAG_FREEZE_KILL) {
        Some(kill_id) => {
            let recorded: Vec<String> = sandbox
                .tags
                .get(TAG_FREEZE_REGIONS)
                .map(|r| r.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default();
            let Some(stop) = stop else {
                return Err(Error::usage(
                    "internal: unfreeze of a --stop-running freeze without its settings",
                ));
            };
            let regions = if stop.regions.is_empty() {
                recorded
            } else {
                stop.regions.clone()
            };
            let undone = undo_stop(ctx, &sandbox, kill_id, &regions, stop, progress).await?;
            if undone.failed + undone.blocked > 0 {
                return Err(Error::usage(format!(
                    "the undo of kill {kill_id} in account {} left {} failed and {} blocked (journal {}); the \
                     account stays in the frozen OU with its record: fix them and run the same unfreeze again",
                    sandbox.account.id, undone.failed, undone.blocked, undone.journal
                )));
            }
            Some(undone)
        }
        None => None,
    };
    if parent == ous.frozen {
        // Back where it came from; to `active` when the record is gone or its OU no longer exists.
        let back = match &frozen_from {
            Some(from) if from.starts_with("r-") => from.clone(),
            Some(from) if orgs::ou(ctx, from).await?.is_some() => from.clone(),
            _ => ous.active.clone(),
        };
        orgs::move_account(ctx, &sandbox.account.id, &parent, &back).await?;
        changes.push(Change::MoveAccount {
            from: parent,
            to: back,
        });
    }
    let record: Vec<&str> = [
        TAG_FROZEN_AT,
        TAG_FROZEN_WHY,
        TAG_FROZEN_FROM,
        TAG_FREEZE_ID,
        TAG_FROZEN_BY,
        TAG_FREEZE_KILL,
        TAG_FREEZE_REGIONS,
    ]
    .into_iter()
    .filter(|k| sandbox.tags.contains_key(*k))
    .collect();
    if !record.is_empty() {
        orgs::untag(ctx, &sandbox.account.id, &record).await?;
        changes.push(Change::ClearRecord);
    }
    Ok(Frozen {
        schema: super::SCHEMA_FREEZE,
        command: "unfreeze",
        name: sandbox.name,
        account_id: sandbox.account.id,
        state: "active",
        reason: None,
        frozen_from,
        other_scps: attached
            .iter()
            .filter(|p| p.name != FREEZE_SCP)
            .map(|p| p.id.clone())
            .collect(),
        changes,
        stopped,
    })
}

/// The role to assume in a sandbox account.
fn role_arn(ctx: &AwsContext, account: &str, role_name: &str) -> String {
    let partition = aws::partition(&ctx.global_region());
    format!("arn:{partition}:iam::{account}:role/{role_name}")
}

/// The kill's options in a sandbox account: every resource of it but its IAM principals (the freeze SCP
/// already refuses their new spend, and denying them would lock out the role costbrake works through).
fn stop_options(
    sandbox: &Sandbox,
    mode: killswitch::Mode,
    kill_id: Option<String>,
    regions: &[String],
    stop: &StopRunning,
) -> killswitch::Options {
    let types = killswitch::Kind::types()
        .into_iter()
        .filter(|t| !t.starts_with("iam:"))
        .collect();
    killswitch::Options {
        mode,
        selector: match mode {
            killswitch::Mode::Kill => Some(killswitch::Selector::whole_account(&sandbox.account.id)),
            killswitch::Mode::Undo => None,
        },
        kill_id,
        regions: regions.to_vec(),
        sandbox_account: None,
        max_resources: stop.max_resources,
        refusals: stop.refusals,
        allow_partial: false,
        skip_irreversible: false,
        types,
        relaunch_tasks: false,
    }
}

/// `--stop-running`: the kill-switch over everything that runs in the account, with the account's own
/// credentials, journaled and marked like any kill. The kill id goes onto the account's tags first.
async fn stop_running(
    ctx: &AwsContext,
    sandbox: &Sandbox,
    stop: &StopRunning,
    progress: &dyn Progress,
) -> Result<Stopped> {
    let kill_id = match sandbox.tags.get(TAG_FREEZE_KILL) {
        Some(id) => id.clone(), // a freeze run again: the same kill, completed
        None => {
            let id = killswitch::new_kill_id(jiff::Timestamp::now());
            orgs::tag(
                ctx,
                &sandbox.account.id,
                &[
                    (TAG_FREEZE_KILL.into(), id.clone()),
                    (TAG_FREEZE_REGIONS.into(), stop.regions.join(" ")),
                ],
            )
            .await?;
            id
        }
    };
    let member = ctx
        .assume_role(
            &role_arn(ctx, &sandbox.account.id, &stop.role_name),
            "costbrake-sandbox-freeze",
        )
        .await?;
    let options = stop_options(sandbox, killswitch::Mode::Kill, None, &stop.regions, stop);
    let (plan, who) = killswitch::plan(&member, &options, progress).await?;
    let report = killswitch::apply::apply(
        &member,
        &plan,
        &kill_id,
        &format!("{who} via costbrake sandbox freeze"),
        progress,
    )
    .await?;
    Ok(Stopped {
        kill_id,
        undo_id: None,
        done: report.done,
        failed: report.failed,
        blocked: report.blocked,
        not_restored: 0,
        journal: report.journal.clone(),
    })
}

/// Unfreeze's undo of the `--stop-running` kill, in the account, with its own credentials.
async fn undo_stop(
    ctx: &AwsContext,
    sandbox: &Sandbox,
    kill_id: &str,
    regions: &[String],
    stop: &StopRunning,
    progress: &dyn Progress,
) -> Result<Stopped> {
    let member = ctx
        .assume_role(
            &role_arn(ctx, &sandbox.account.id, &stop.role_name),
            "costbrake-sandbox-unfreeze",
        )
        .await?;
    let options = stop_options(
        sandbox,
        killswitch::Mode::Undo,
        Some(kill_id.to_string()),
        regions,
        stop,
    );
    let (plan, who) = killswitch::plan(&member, &options, progress).await?;
    let undo_id = killswitch::new_kill_id(jiff::Timestamp::now()).replacen("kill-", "undo-", 1);
    let report = killswitch::apply::apply(
        &member,
        &plan,
        &undo_id,
        &format!("{who} via costbrake sandbox unfreeze"),
        progress,
    )
    .await?;
    Ok(Stopped {
        kill_id: kill_id.to_string(),
        undo_id: Some(undo_id),
        done: report.done,
        failed: report.failed,
        blocked: report.blocked,
        not_restored: report.not_restored,
        journal: report.journal.clone(),
    })
}

/// A tag value holds at most 256 characters, of letters, digits, spaces and `_ . : / = + - @`.
fn tag_value(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || " _.:/=+-@".contains(c) {
                c
            } else {
                ' '
            }
        })
        .take(256)
        .collect()
}

/// Writes the freeze's record to the local journal before anything changes; returns its path.
fn write_record(record: &Record<'_>) -> Result<String> {
    let dir = crate::config::data_dir("the sandbox journal")?.join("sandboxes");
    crate::files::create_private_dir(&dir).map_err(|e| {
        Error::io(
            format!("creating the sandbox journal directory {}", dir.display()),
            e,
        )
    })?;
    let path = dir.join(format!("{}.json", record.freeze_id));
    let bytes =
        serde_json::to_vec_pretty(record).map_err(|e| Error::io("encoding the freeze record", e.into()))?;
    crate::files::write_private_atomic(&path, &bytes)
        .map_err(|e| Error::io(format!("writing the freeze record {}", path.display()), e))?;
    Ok(path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_freeze_scp_is_valid_policy_grammar_and_fits_one_scp() {
        let policy = freeze_policy();
        assert!(policy.len() <= SCP_MAX_CHARS, "{} characters", policy.len());
        assert!(!policy.contains(' '), "minified");
        let doc: serde_json::Value = serde_json::from_str(&policy).expect("JSON");
        assert_eq!(doc["Version"], "2012-10-17");
        let statement = &doc["Statement"][0];
        assert_eq!(statement["Effect"], "Deny");
        assert_eq!(statement["Resource"], "*");
        let actions: Vec<&str> = statement["Action"]
            .as_array()
            .expect("actions")
            .iter()
            .filter_map(|a| a.as_str())
            .collect();
        for listed in [
            "ec2:RunInstances",
            "ec2:CreateVolume",
            "lambda:CreateFunction",
            "ecs:RunTask",
            "ecs:CreateService",
            "ecs:StartTask",
            "sagemaker:Create*",
            "bedrock:CreateProvisionedModelThroughput",
            "bedrock:CreateModelCustomizationJob",
            "eks:CreateCluster",
            "eks:CreateNodegroup",
            "rds:CreateDBInstance",
            "rds:CreateDBCluster",
        ] {
            assert!(actions.contains(&listed), "{listed}");
        }
        // Every action is service:Action, as IAM's grammar wants; none stops the winding down.
        for a in &actions {
            let (service, action) = a.split_once(':').expect("service:action");
            assert!(
                service
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{a}"
            );
            assert!(action.starts_with(|c: char| c.is_ascii_uppercase()), "{a}");
            assert!(
                !action.starts_with("Stop") && !action.starts_with("Delete"),
                "{a}"
            );
        }
    }

    #[test]
    fn tag_values_keep_only_what_aws_allows() {
        assert_eq!(
            tag_value("budget 100% spent (guard)"),
            "budget 100  spent  guard "
        );
        assert_eq!(tag_value(&"x".repeat(300)).len(), 256);
    }
}
