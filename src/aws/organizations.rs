//! AWS Organizations: where the caller's account sits, which decides whether sandbox-account SCP
//! kills are possible (only the management account or a delegated admin may attach SCPs).

use serde::Serialize;

use super::{AwsContext, sdk_error};
use crate::error::Result;

/// The caller account's place in an organization.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "role", rename_all = "kebab-case")]
pub enum Membership {
    /// The account belongs to no organization.
    Standalone,
    /// The account is the organization's management account.
    Management { organization_id: String },
    /// The account is a member; SCPs must be attached from the management account or a delegated admin.
    Member {
        organization_id: String,
        management_account_id: String,
    },
}

/// Calls `organizations:DescribeOrganization` and places `account` in it.
pub async fn membership(ctx: &AwsContext, account: &str) -> Result<Membership> {
    let result = ctx.organizations().describe_organization().send().await;
    let out = match result {
        Ok(out) => out,
        Err(err) => {
            let err = sdk_error("organizations", "DescribeOrganization", None, err);
            if err.aws_code() == Some("AWSOrganizationsNotInUseException") {
                return Ok(Membership::Standalone);
            }
            return Err(err);
        }
    };
    let Some(org) = out.organization else {
        return Ok(Membership::Standalone);
    };
    let organization_id = org.id.unwrap_or_default();
    let management_account_id = org.master_account_id.unwrap_or_default();
    if management_account_id == account {
        Ok(Membership::Management { organization_id })
    } else {
        Ok(Membership::Member {
            organization_id,
            management_account_id,
        })
    }
}

/// A service control policy attached to a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedPolicy {
    pub id: String,
    pub name: String,
    pub description: String,
}

/// The SCPs attached directly to `target` (an account id).
pub async fn scps_for_target(ctx: &AwsContext, target: &str) -> Result<Vec<AttachedPolicy>> {
    use aws_sdk_organizations::types::PolicyType;
    let mut pages = ctx
        .organizations()
        .list_policies_for_target()
        .target_id(target)
        .filter(PolicyType::ServiceControlPolicy)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("organizations", "ListPoliciesForTarget", Some(target), e))?;
        for p in page.policies() {
            out.push(AttachedPolicy {
                id: p.id().unwrap_or_default().to_string(),
                name: p.name().unwrap_or_default().to_string(),
                description: p.description().unwrap_or_default().to_string(),
            });
        }
    }
    Ok(out)
}

/// A service control policy of the organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scp {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub description: String,
}

/// Every SCP of the organization whose name starts with `prefix` (`ListPolicies`, all pages).
pub async fn scps_named(ctx: &AwsContext, prefix: &str) -> Result<Vec<Scp>> {
    use aws_sdk_organizations::types::PolicyType;
    let mut pages = ctx
        .organizations()
        .list_policies()
        .filter(PolicyType::ServiceControlPolicy)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("organizations", "ListPolicies", None, e))?;
        for p in page.policies() {
            let name = p.name().unwrap_or_default();
            if name.starts_with(prefix) {
                out.push(Scp {
                    id: p.id().unwrap_or_default().to_string(),
                    arn: p.arn().unwrap_or_default().to_string(),
                    name: name.to_string(),
                    description: p.description().unwrap_or_default().to_string(),
                });
            }
        }
    }
    Ok(out)
}

/// Whether the SCP `policy` is attached to any root, OU or account (`ListTargetsForPolicy`).
pub async fn scp_attached_anywhere(ctx: &AwsContext, policy: &str) -> Result<bool> {
    let out = ctx
        .organizations()
        .list_targets_for_policy()
        .policy_id(policy)
        .max_results(1)
        .send()
        .await
        .map_err(|e| sdk_error("organizations", "ListTargetsForPolicy", Some(policy), e))?;
    Ok(!out.targets().is_empty())
}

/// Creates the SCP `name`, or adopts it when it exists already (a retried `CreatePolicy` whose first
/// answer was lost, or a re-run after a crash): the name is deterministic. Returns its id.
pub async fn create_scp(ctx: &AwsContext, name: &str, description: &str, content: &str) -> Result<String> {
    use aws_sdk_organizations::types::PolicyType;
    let created = ctx
        .organizations()
        .create_policy()
        .name(name)
        .description(description)
        .content(content)
        .r#type(PolicyType::ServiceControlPolicy)
        .send()
        .await;
    match created {
        Ok(out) => Ok(out
            .policy()
            .and_then(|p| p.policy_summary())
            .and_then(|s| s.id())
            .unwrap_or_default()
            .to_string()),
        Err(e) => {
            let err = sdk_error("organizations", "CreatePolicy", Some(name), e);
            if err.aws_code() != Some("DuplicatePolicyException") {
                return Err(err);
            }
            let existing = scps_named(ctx, name).await?;
            existing
                .into_iter()
                .find(|p| p.name == name)
                .map(|p| p.id)
                .ok_or(err)
        }
    }
}

/// Attaches the SCP `policy` to `target`; already attached is success.
pub async fn attach_scp(ctx: &AwsContext, target: &str, policy: &str) -> Result<()> {
    match ctx
        .organizations()
        .attach_policy()
        .policy_id(policy)
        .target_id(target)
        .send()
        .await
    {
        Ok(_) => Ok(()),
        Err(e) => {
            let err = sdk_error("organizations", "AttachPolicy", Some(target), e);
            if err.aws_code() == Some("DuplicatePolicyAttachmentException") {
                Ok(())
            } else {
                Err(err)
            }
        }
    }
}

/// Detaches the SCP `policy` from `target`; not attached (or already deleted) is success.
pub async fn detach_scp(ctx: &AwsContext, target: &str, policy: &str) -> Result<()> {
    match ctx
        .organizations()
        .detach_policy()
        .policy_id(policy)
        .target_id(target)
        .send()
        .await
    {
        Ok(_) => Ok(()),
        Err(e) => {
            let err = sdk_error("organizations", "DetachPolicy", Some(target), e);
            match err.aws_code() {
                Some("PolicyNotAttachedException" | "PolicyNotFoundException") => Ok(()),
                _ => Err(err),
            }
        }
    }
}

/// Deletes the SCP `policy`; already deleted is success, so a re-run after a crash finishes the job.
pub async fn delete_scp(ctx: &AwsContext, policy: &str) -> Result<()> {
    match ctx.organizations().delete_policy().policy_id(policy).send().await {
        Ok(_) => Ok(()),
        Err(e) => {
            let err = sdk_error("organizations", "DeletePolicy", Some(policy), e);
            if err.aws_code() == Some("PolicyNotFoundException") {
                Ok(())
            } else {
                Err(err)
            }
        }
    }
}
