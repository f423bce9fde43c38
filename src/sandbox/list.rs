//! `sandbox list`: every sandbox account of the organization, found by its `costbrake:sandbox` tag, with
//! its state (its OU, or closed), owner, budget and spend.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{BUDGET_PREFIX, FROZEN_OU, SCHEMA_LIST, TAG_FROZEN_AT, TAG_FROZEN_WHY, TAG_OWNER, TAG_SANDBOX};
use crate::aws::organizations::{self as orgs, Account};
use crate::aws::{self, AwsContext};
use crate::budgets::{self, State};
use crate::error::Result;

/// How many accounts' tags and parents are read at once.
const CONCURRENCY: usize = 8;

/// One sandbox as `sandbox list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct SandboxStatus {
    pub name: String,
    pub account_id: String,
    pub email: String,
    /// `active`, `frozen`, `closing` (PENDING_CLOSURE) or `closed` (SUSPENDED).
    pub state: &'static str,
    /// The OU it is in.
    pub ou: String,
    pub owner: Option<String>,
    /// The budget's name, when it exists.
    pub budget_name: Option<String>,
    #[cfg_attr(test, schemars(with = "Option<crate::schemas::Decimal>"))]
    pub budget: Option<Decimal>,
    pub period: Option<String>,
    #[cfg_attr(test, schemars(with = "Option<crate::schemas::Decimal>"))]
    pub actual: Option<Decimal>,
    #[cfg_attr(test, schemars(with = "Option<crate::schemas::Decimal>"))]
    pub forecast: Option<Decimal>,
    #[cfg_attr(test, schemars(with = "Option<crate::schemas::Decimal>"))]
    pub percent_used: Option<Decimal>,
    /// The budget's state (ok, warning, breached, unknown); `None` without a budget.
    pub budget_state: Option<State>,
    pub frozen_since: Option<String>,
    pub frozen_reason: Option<String>,
    /// Who froze it: [`super::freeze::GUARD`] for the brake, else a caller's ARN.
    pub frozen_by: Option<String>,
}

/// Every sandbox, by name.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct List {
    pub schema: &'static str,
    pub management_account: String,
    pub sandboxes: Vec<SandboxStatus>,
}

/// The sandboxes, when the caller is an organization's management account (where `guard` can act on
/// them); `None` anywhere else.
pub async fn list_if_management(ctx: &AwsContext) -> Result<Option<List>> {
    let caller = aws::sts::caller_identity(ctx).await?.account;
    match aws::organizations::membership(ctx, &caller).await {
        Ok(aws::organizations::Membership::Management { .. }) => Ok(Some(list_in(ctx, caller).await?)),
        Ok(_) => Ok(None),
        // A caller that may not read the organization has no sandboxes to brake.
        Err(err) if err.aws_code() == Some("AccessDeniedException") => Ok(None),
        Err(err) => Err(err),
    }
}

/// `sandbox list`.
pub async fn list(ctx: &AwsContext) -> Result<List> {
    let management = super::management_account(ctx).await?;
    list_in(ctx, management).await
}

async fn list_in(ctx: &AwsContext, management: String) -> Result<List> {
    let accounts: Vec<Account> = orgs::accounts(ctx)
        .await?
        .into_iter()
        .filter(|a| a.id != management)
        .collect();
    let tagged = aws::fan_out(accounts, CONCURRENCY, |account| async move {
        let tags = orgs::tags(ctx, &account.id).await;
        (account, tags)
    })
    .await;
    let mut sandboxes = Vec::new();
    for (account, tags) in tagged {
        let tags: BTreeMap<String, String> = tags?.into_iter().collect();
        if let Some(name) = tags.get(TAG_SANDBOX) {
            sandboxes.push((account, name.clone(), tags));
        }
    }
    let placed = aws::fan_out(sandboxes, CONCURRENCY, |(account, name, tags)| async move {
        let parent = orgs::parent(ctx, &account.id).await;
        (account, name, tags, parent)
    })
    .await;
    let mut ou_names: BTreeMap<String, String> = BTreeMap::new();
    let budgets: BTreeMap<String, crate::aws::budgets::BudgetRecord> =
        aws::budgets::describe_budgets(ctx, &management)
            .await?
            .into_iter()
            .filter(|b| b.name.starts_with(BUDGET_PREFIX))
            .map(|b| (b.name.clone(), b))
            .collect();
    let mut out = Vec::new();
    for (account, name, tags, parent) in placed {
        let parent = parent?;
        if !ou_names.contains_key(&parent) && parent.starts_with("ou-") {
            let ou_name = orgs::ou(ctx, &parent).await?.map(|u| u.name).unwrap_or_default();
            ou_names.insert(parent.clone(), ou_name);
        }
        let in_frozen = ou_names.get(&parent).is_some_and(|n| n == FROZEN_OU);
        let state = match account.state.as_str() {
            "PENDING_CLOSURE" => "closing",
            "SUSPENDED" => "closed",
            _ if in_frozen || tags.contains_key(TAG_FROZEN_AT) => "frozen",
            _ => "active",
        };
        let budget_name = format!("{BUDGET_PREFIX}{name}");
        let record = budgets.get(&budget_name);
        let status = record.map(|r| budgets::status(r, ""));
        out.push(SandboxStatus {
            name,
            account_id: account.id,
            email: account.email,
            state,
            ou: parent,
            owner: tags.get(TAG_OWNER).cloned(),
            budget_name: record.map(|r| r.name.clone()),
            budget: record.and_then(|r| r.limit),
            period: record.map(|r| r.time_unit.to_ascii_lowercase()),
            actual: record.and_then(|r| r.actual),
            forecast: record.and_then(|r| r.forecast),
            percent_used: status.as_ref().and_then(|s| s.percent_used),
            budget_state: status.map(|s| s.state),
            frozen_since: tags.get(TAG_FROZEN_AT).cloned(),
            frozen_reason: tags.get(TAG_FROZEN_WHY).cloned(),
            frozen_by: tags.get(super::freeze::TAG_FROZEN_BY).cloned(),
        });
    }
    out.sort_by(|a, b| (&a.name, &a.account_id).cmp(&(&b.name, &b.account_id)));
    Ok(List {
        schema: SCHEMA_LIST,
        management_account: management,
        sandboxes: out,
    })
}
