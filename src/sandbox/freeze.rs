//! `sandbox freeze` and `sandbox unfreeze`: a frozen sandbox cannot create anything that spends (the
//! deny-create SCP, attached to the account itself) and sits in the `frozen` OU; unfreezing reverses
//! exactly that and nothing else.
//!
//! Record first, act second: before the SCP is attached or the account moved, freeze writes its record to
//! the local journal and to the account's tags (when, why, by whom, and the OU it came from). A crash
//! half-way leaves a record that the next `freeze` completes and `unfreeze` reverses. SCPs that were
//! attached before the freeze are never touched: unfreeze detaches only costbrake's.

use serde::Serialize;

use super::{TAG_FROZEN_AT, TAG_FROZEN_WHY, find, management_account, ous_of};
use crate::aws::organizations as orgs;
use crate::aws::{self, AwsContext};
use crate::error::{Error, Result};

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
/// AWS's limit on the size of one SCP, in characters.
pub const SCP_MAX_CHARS: usize = 5120;
/// AWS's limit on the SCPs attached directly to one account.
pub const SCPS_PER_TARGET: usize = 5;

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
    "autoscaling:UpdateAutoScalingGroup",
    "autoscaling:SetDesiredCapacity",
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
}

/// What `sandbox freeze` needs.
#[derive(Debug, Clone)]
pub struct Freeze {
    /// A sandbox name or account id.
    pub sandbox: String,
    pub reason: String,
    /// Who freezes: `guard`, or the caller's ARN.
    pub by: Option<String>,
}

/// The record of a freeze in the local journal (`<data dir>/sandboxes/<freeze id>.json`).
#[derive(Debug, Clone, Serialize)]
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
pub async fn freeze(ctx: &AwsContext, freeze: &Freeze) -> Result<Frozen> {
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
    Ok(Frozen {
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
pub async fn unfreeze(ctx: &AwsContext, sandbox: &str) -> Result<Frozen> {
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
    let dir = crate::killswitch::journal::dir()?
        .parent()
        .map(|d| d.join("sandboxes"))
        .ok_or_else(|| Error::usage("no directory for the sandbox journal; set COSTBRAKE_DATA_DIR"))?;
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
            assert!(service.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{a}");
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
