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

/// Creates an SCP and attaches it to `target`; returns the policy id.
pub async fn create_and_attach_scp(
    ctx: &AwsContext,
    target: &str,
    name: &str,
    description: &str,
    content: &str,
) -> Result<String> {
    use aws_sdk_organizations::types::PolicyType;
    let client = ctx.organizations();
    let created = client
        .create_policy()
        .name(name)
        .description(description)
        .content(content)
        .r#type(PolicyType::ServiceControlPolicy)
        .send()
        .await
        .map_err(|e| sdk_error("organizations", "CreatePolicy", Some(target), e))?;
    let id = created
        .policy()
        .and_then(|p| p.policy_summary())
        .and_then(|s| s.id())
        .unwrap_or_default()
        .to_string();
    client
        .attach_policy()
        .policy_id(&id)
        .target_id(target)
        .send()
        .await
        .map_err(|e| sdk_error("organizations", "AttachPolicy", Some(target), e))?;
    Ok(id)
}

/// Detaches the SCP `policy` from `target` and deletes it.
pub async fn detach_and_delete_scp(ctx: &AwsContext, target: &str, policy: &str) -> Result<()> {
    let client = ctx.organizations();
    if let Err(err) = client
        .detach_policy()
        .policy_id(policy)
        .target_id(target)
        .send()
        .await
    {
        let err = sdk_error("organizations", "DetachPolicy", Some(target), err);
        if err.aws_code() != Some("PolicyNotAttachedException") {
            return Err(err);
        }
    }
    client
        .delete_policy()
        .policy_id(policy)
        .send()
        .await
        .map_err(|e| sdk_error("organizations", "DeletePolicy", Some(policy), e))?;
    Ok(())
}
