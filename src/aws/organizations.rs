//! AWS Organizations: where the caller's account sits, which decides whether sandbox-account SCP
//! kills are possible (only the management account or a delegated admin may attach SCPs).

use serde::Serialize;

use super::{AwsContext, sdk_error};
use crate::error::Result;

/// AWS's limit on the size of one SCP, in characters (whitespace counts).
pub const SCP_MAX_CHARS: usize = 5120;
/// AWS's limit on the SCPs attached directly to one root, OU or account.
pub const SCPS_PER_TARGET: usize = 5;

/// The caller account's place in an organization.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
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

/// A member account of the organization, as `ListAccounts` / `DescribeAccount` return it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Account {
    pub id: String,
    pub name: String,
    pub email: String,
    /// `ACTIVE`, `SUSPENDED` or `PENDING_CLOSURE` (the `State` field, else the older `Status`).
    pub state: String,
}

fn account_of(a: &aws_sdk_organizations::types::Account) -> Account {
    #[allow(deprecated)] // Status: older answers (and moto) carry only it.
    let state = a
        .state()
        .map(|s| s.as_str().to_string())
        .or_else(|| a.status().map(|s| s.as_str().to_string()))
        .unwrap_or_default();
    Account {
        id: a.id().unwrap_or_default().to_string(),
        name: a.name().unwrap_or_default().to_string(),
        email: a.email().unwrap_or_default().to_string(),
        state,
    }
}

/// Every account of the organization (`ListAccounts`, all pages).
pub async fn accounts(ctx: &AwsContext) -> Result<Vec<Account>> {
    let mut pages = ctx.organizations().list_accounts().into_paginator().send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("organizations", "ListAccounts", None, e))?;
        out.extend(page.accounts().iter().map(account_of));
    }
    Ok(out)
}

/// The accounts directly under `parent` (a root or OU id; `ListAccountsForParent`, all pages).
pub async fn accounts_under(ctx: &AwsContext, parent: &str) -> Result<Vec<Account>> {
    let mut pages = ctx
        .organizations()
        .list_accounts_for_parent()
        .parent_id(parent)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("organizations", "ListAccountsForParent", Some(parent), e))?;
        out.extend(page.accounts().iter().map(account_of));
    }
    Ok(out)
}

/// One account of the organization; `None` when it is not in the organization.
pub async fn account(ctx: &AwsContext, id: &str) -> Result<Option<Account>> {
    match ctx.organizations().describe_account().account_id(id).send().await {
        Ok(out) => Ok(out.account().map(account_of)),
        Err(err) => {
            let err = sdk_error("organizations", "DescribeAccount", Some(id), err);
            if err.aws_code() == Some("AccountNotFoundException") {
                return Ok(None);
            }
            Err(err)
        }
    }
}

/// Where a `CreateAccount` request stands (`DescribeCreateAccountStatus`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateStatus {
    pub request_id: String,
    pub account_name: String,
    /// `IN_PROGRESS`, `SUCCEEDED` or `FAILED`.
    pub state: String,
    pub account_id: Option<String>,
    /// Why it failed (`EMAIL_ALREADY_EXISTS`, `ACCOUNT_LIMIT_EXCEEDED`, ...).
    pub failure_reason: Option<String>,
}

fn create_status_of(s: &aws_sdk_organizations::types::CreateAccountStatus) -> CreateStatus {
    CreateStatus {
        request_id: s.id().unwrap_or_default().to_string(),
        account_name: s.account_name().unwrap_or_default().to_string(),
        state: s.state().map(|s| s.as_str().to_string()).unwrap_or_default(),
        account_id: s.account_id().map(str::to_string),
        failure_reason: s.failure_reason().map(|r| r.as_str().to_string()),
    }
}

/// Asks for a new member account (`CreateAccount`), tagged at creation; it is made asynchronously.
pub async fn create_account(
    ctx: &AwsContext,
    name: &str,
    email: &str,
    tags: &[(String, String)],
) -> Result<CreateStatus> {
    let out = ctx
        .organizations()
        .create_account()
        .account_name(name)
        .email(email)
        .set_tags(Some(org_tags(tags)?))
        .send()
        .await
        .map_err(|e| sdk_error("organizations", "CreateAccount", Some(name), e))?;
    out.create_account_status()
        .map(create_status_of)
        .ok_or_else(|| missing("CreateAccount", name, "CreateAccountStatus"))
}

/// Where the `CreateAccount` request `request_id` stands.
pub async fn create_status(ctx: &AwsContext, request_id: &str) -> Result<CreateStatus> {
    let out = ctx
        .organizations()
        .describe_create_account_status()
        .create_account_request_id(request_id)
        .send()
        .await
        .map_err(|e| {
            sdk_error(
                "organizations",
                "DescribeCreateAccountStatus",
                Some(request_id),
                e,
            )
        })?;
    out.create_account_status()
        .map(create_status_of)
        .ok_or_else(|| missing("DescribeCreateAccountStatus", request_id, "CreateAccountStatus"))
}

/// The `CreateAccount` requests still in progress (`ListCreateAccountStatus`), so that a re-run after an
/// interrupted create waits for the account instead of asking for a second one.
pub async fn creations_in_progress(ctx: &AwsContext) -> Result<Vec<CreateStatus>> {
    use aws_sdk_organizations::types::CreateAccountState;
    let mut pages = ctx
        .organizations()
        .list_create_account_status()
        .states(CreateAccountState::InProgress)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("organizations", "ListCreateAccountStatus", None, e))?;
        out.extend(page.create_account_statuses().iter().map(create_status_of));
    }
    Ok(out)
}

/// The tags of an account, OU or policy (`ListTagsForResource`, all pages).
pub async fn tags(ctx: &AwsContext, resource: &str) -> Result<Vec<(String, String)>> {
    let mut pages = ctx
        .organizations()
        .list_tags_for_resource()
        .resource_id(resource)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("organizations", "ListTagsForResource", Some(resource), e))?;
        out.extend(
            page.tags()
                .iter()
                .map(|t| (t.key().to_string(), t.value().to_string())),
        );
    }
    Ok(out)
}

/// Sets tags on an account, OU or policy (`TagResource`; existing keys are overwritten).
pub async fn tag(ctx: &AwsContext, resource: &str, tags: &[(String, String)]) -> Result<()> {
    ctx.organizations()
        .tag_resource()
        .resource_id(resource)
        .set_tags(Some(org_tags(tags)?))
        .send()
        .await
        .map_err(|e| sdk_error("organizations", "TagResource", Some(resource), e))?;
    Ok(())
}

/// Removes tag keys from an account, OU or policy (`UntagResource`).
pub async fn untag(ctx: &AwsContext, resource: &str, keys: &[&str]) -> Result<()> {
    ctx.organizations()
        .untag_resource()
        .resource_id(resource)
        .set_tag_keys(Some(keys.iter().map(|k| k.to_string()).collect()))
        .send()
        .await
        .map_err(|e| sdk_error("organizations", "UntagResource", Some(resource), e))?;
    Ok(())
}

fn org_tags(tags: &[(String, String)]) -> Result<Vec<aws_sdk_organizations::types::Tag>> {
    tags.iter()
        .map(|(k, v)| {
            aws_sdk_organizations::types::Tag::builder()
                .key(k)
                .value(v)
                .build()
                .map_err(|e| crate::Error::usage(format!("internal: organizations tag {k}: {e}")))
        })
        .collect()
}

/// The organization's root id (`ListRoots`; an organization has exactly one).
pub async fn root(ctx: &AwsContext) -> Result<String> {
    let out = ctx
        .organizations()
        .list_roots()
        .send()
        .await
        .map_err(|e| sdk_error("organizations", "ListRoots", None, e))?;
    out.roots()
        .first()
        .and_then(|r| r.id())
        .map(str::to_string)
        .ok_or_else(|| missing("ListRoots", "the organization", "Roots"))
}

/// An organizational unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Ou {
    pub id: String,
    pub name: String,
}

/// The OUs directly under `parent` (a root or OU id; `ListOrganizationalUnitsForParent`, all pages).
pub async fn ous_under(ctx: &AwsContext, parent: &str) -> Result<Vec<Ou>> {
    let mut pages = ctx
        .organizations()
        .list_organizational_units_for_parent()
        .parent_id(parent)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| {
            sdk_error(
                "organizations",
                "ListOrganizationalUnitsForParent",
                Some(parent),
                e,
            )
        })?;
        out.extend(page.organizational_units().iter().map(|u| Ou {
            id: u.id().unwrap_or_default().to_string(),
            name: u.name().unwrap_or_default().to_string(),
        }));
    }
    Ok(out)
}

/// One OU; `None` when there is no such OU.
pub async fn ou(ctx: &AwsContext, id: &str) -> Result<Option<Ou>> {
    match ctx
        .organizations()
        .describe_organizational_unit()
        .organizational_unit_id(id)
        .send()
        .await
    {
        Ok(out) => Ok(out.organizational_unit().map(|u| Ou {
            id: u.id().unwrap_or_default().to_string(),
            name: u.name().unwrap_or_default().to_string(),
        })),
        Err(err) => {
            let err = sdk_error("organizations", "DescribeOrganizationalUnit", Some(id), err);
            if err.aws_code() == Some("OrganizationalUnitNotFoundException") {
                return Ok(None);
            }
            Err(err)
        }
    }
}

/// Creates the OU `name` under `parent`, or adopts it when it exists (a lost answer or a race with a
/// second run: OU names are unique per parent). Returns it.
pub async fn create_ou(ctx: &AwsContext, parent: &str, name: &str) -> Result<Ou> {
    let result = ctx
        .organizations()
        .create_organizational_unit()
        .parent_id(parent)
        .name(name)
        .send()
        .await;
    match result {
        Ok(out) => out
            .organizational_unit()
            .map(|u| Ou {
                id: u.id().unwrap_or_default().to_string(),
                name: u.name().unwrap_or_default().to_string(),
            })
            .ok_or_else(|| missing("CreateOrganizationalUnit", name, "OrganizationalUnit")),
        Err(err) => {
            let err = sdk_error("organizations", "CreateOrganizationalUnit", Some(name), err);
            if err.aws_code() == Some("DuplicateOrganizationalUnitException")
                && let Some(existing) = ous_under(ctx, parent).await?.into_iter().find(|u| u.name == name)
            {
                return Ok(existing);
            }
            Err(err)
        }
    }
}

/// The parent (root or OU id) of an account or OU (`ListParents`).
pub async fn parent(ctx: &AwsContext, child: &str) -> Result<String> {
    let out = ctx
        .organizations()
        .list_parents()
        .child_id(child)
        .send()
        .await
        .map_err(|e| sdk_error("organizations", "ListParents", Some(child), e))?;
    out.parents()
        .first()
        .and_then(|p| p.id())
        .map(str::to_string)
        .ok_or_else(|| missing("ListParents", child, "Parents"))
}

/// Moves an account from `from` to `to` (`MoveAccount`); already there is success.
pub async fn move_account(ctx: &AwsContext, account: &str, from: &str, to: &str) -> Result<()> {
    if from == to {
        return Ok(());
    }
    let result = ctx
        .organizations()
        .move_account()
        .account_id(account)
        .source_parent_id(from)
        .destination_parent_id(to)
        .send()
        .await;
    match result {
        Ok(_) => Ok(()),
        Err(err) => {
            let err = sdk_error("organizations", "MoveAccount", Some(account), err);
            // A retried move whose first answer was lost: the account is where it should be.
            if err.aws_code() == Some("DuplicateAccountException") {
                return Ok(());
            }
            Err(err)
        }
    }
}

/// Closes a member account (`CloseAccount`); already closed (or closing) is success.
pub async fn close_account(ctx: &AwsContext, account: &str) -> Result<()> {
    let result = ctx
        .organizations()
        .close_account()
        .account_id(account)
        .send()
        .await;
    match result {
        Ok(_) => Ok(()),
        Err(err) => {
            let err = sdk_error("organizations", "CloseAccount", Some(account), err);
            if err.aws_code() == Some("AccountAlreadyClosedException") {
                return Ok(());
            }
            Err(err)
        }
    }
}

fn missing(operation: &'static str, scope: &str, field: &str) -> crate::Error {
    crate::error::AwsError {
        service: "organizations",
        operation,
        scope: Some(scope.to_string()),
        code: None,
        detail: format!("the answer has no {field}"),
        hint: Some("run the same command again".into()),
    }
    .into()
}

/// The content (policy document) of the SCP `policy` (`DescribePolicy`).
pub async fn scp_content(ctx: &AwsContext, policy: &str) -> Result<String> {
    let out = ctx
        .organizations()
        .describe_policy()
        .policy_id(policy)
        .send()
        .await
        .map_err(|e| sdk_error("organizations", "DescribePolicy", Some(policy), e))?;
    Ok(out
        .policy()
        .and_then(|p| p.content())
        .unwrap_or_default()
        .to_string())
}

/// Replaces the content of the SCP `policy` (`UpdatePolicy`).
pub async fn update_scp(ctx: &AwsContext, policy: &str, content: &str) -> Result<()> {
    ctx.organizations()
        .update_policy()
        .policy_id(policy)
        .content(content)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| sdk_error("organizations", "UpdatePolicy", Some(policy), e))
}
