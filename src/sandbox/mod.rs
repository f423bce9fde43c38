//! `costbrake sandbox`: member accounts of the organization that a team spends in freely, each with a
//! hard budget in the management account, frozen by an SCP when that budget is spent.
//!
//! The model (after Innovation Sandbox on AWS, without anything deployed): every sandbox is a member
//! account tagged `costbrake:sandbox=<name>`, sitting in the `active` or the `frozen` child of the
//! `costbrake-sandboxes` OU (under the root, or under `--ou`), with a cost budget
//! `costbrake-sandbox-<name>` filtered on `LINKED_ACCOUNT = <id>`. The account's tags are the record:
//! `sandbox list` reads everything from Organizations and Budgets, so sandboxes made by hand, by another
//! machine or by an earlier version are found the same way.
//!
//! - [`spec`]: the validated inputs (names, emails and budgets AWS would reject are refused before any
//!   request); pure.
//! - `create`: `create` and `adopt`, which converge: a second run sends nothing, and a run after a
//!   half-finished one finishes it.
//! - `list`: every sandbox with its state and spend.
//! - [`freeze`]: `freeze` and `unfreeze`, recorded first; and here, `close`.
//!
//! It talks to AWS only through `crate::aws::organizations`, `crate::aws::sts` and `crate::budgets`
//! (which owns the budget's plan and its application). Rendering lives in `output::sandbox`.

pub mod config;
mod create;
pub mod freeze;
mod list;
pub mod spec;
mod sync;

use std::collections::BTreeMap;

pub use create::{Adopt, Change, Create, Outcome, adopt, create};
pub use freeze::{Freeze, Frozen, freeze, unfreeze};
pub use list::{List, SandboxStatus, list, list_if_management};
pub use spec::{Spec, SpecInput};
pub use sync::{Item, Orphan, SyncPlan, sync};

use crate::aws::organizations::{self as orgs, Account};
use crate::aws::{self, AwsContext, organizations::Membership};
use crate::error::{Error, Result};

/// The tag that makes an account a costbrake sandbox; its value is the sandbox's name.
pub const TAG_SANDBOX: &str = "costbrake:sandbox";
/// The owner's email address, when one was given.
pub const TAG_OWNER: &str = "costbrake:owner";
/// The budget, as `500 USD MONTHLY`, so that the account says what it may spend.
pub const TAG_BUDGET: &str = "costbrake:budget";
/// When the account was frozen (RFC 3339, UTC), set by `sandbox freeze`.
pub const TAG_FROZEN_AT: &str = "costbrake:frozen-at";
/// Why the account was frozen, set by `sandbox freeze`.
pub const TAG_FROZEN_WHY: &str = "costbrake:frozen-reason";

/// The OU holding costbrake's sandbox OUs.
pub const PARENT_OU: &str = "costbrake-sandboxes";
/// The OU of sandboxes that may spend.
pub const ACTIVE_OU: &str = "active";
/// The OU of frozen sandboxes.
pub const FROZEN_OU: &str = "frozen";

/// The budget of sandbox `name` is `costbrake-sandbox-<name>`.
pub const BUDGET_PREFIX: &str = "costbrake-sandbox-";

// The schemas of the JSON results: the versioned contract of `-o json`.
pub const SCHEMA_CHANGE: &str = "costbrake.sandbox-change/v1";
pub const SCHEMA_LIST: &str = "costbrake.sandboxes/v1";
pub const SCHEMA_FREEZE: &str = "costbrake.sandbox-freeze/v1";
pub const SCHEMA_CLOSE: &str = "costbrake.sandbox-close/v1";
pub const SCHEMA_SYNC: &str = "costbrake.sandbox-sync/v1";

/// The caller's account, which must be the organization's management account: only it creates
/// accounts, moves them between OUs and attaches SCPs (a delegated administrator cannot create
/// accounts). Returns the account id.
pub async fn management_account(ctx: &AwsContext) -> Result<String> {
    let caller = aws::sts::caller_identity(ctx).await?.account;
    match aws::organizations::membership(ctx, &caller).await? {
        Membership::Management { .. } => Ok(caller),
        Membership::Member {
            management_account_id,
            ..
        } => Err(Error::usage(format!(
            "account {caller} is a member of its organization; sandbox commands run from the management \
             account {management_account_id}: use its credentials (--profile)"
        ))),
        Membership::Standalone => Err(Error::usage(format!(
            "account {caller} belongs to no organization; sandboxes are member accounts of one: run \
             `aws organizations create-organization` in the account that will manage them first"
        ))),
    }
}

/// The costbrake OUs: the parent and its two children.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Ous {
    pub parent: String,
    pub active: String,
    pub frozen: String,
}

/// A sandbox account with its tags.
#[derive(Debug, Clone)]
pub struct Sandbox {
    pub account: Account,
    pub name: String,
    pub tags: BTreeMap<String, String>,
}

/// The sandbox `key` names: an account id, or a sandbox name (its `costbrake:sandbox` tag). Refuses the
/// management account and any account that is not a sandbox, saying what to do.
pub async fn find(ctx: &AwsContext, management: &str, key: &str) -> Result<Sandbox> {
    if key == management {
        return Err(Error::usage(format!(
            "account {management} is the organization's management account: SCPs do not apply to it, so it \
             is never a sandbox and cannot be frozen or closed here"
        )));
    }
    let by_id = key.len() == 12 && key.chars().all(|c| c.is_ascii_digit());
    let accounts = orgs::accounts(ctx).await?;
    let candidates: Vec<&Account> = if by_id {
        let found: Vec<&Account> = accounts.iter().filter(|a| a.id == key).collect();
        if found.is_empty() {
            return Err(Error::usage(format!(
                "account {key} is not in this organization; see `costbrake sandbox list`"
            )));
        }
        found
    } else {
        // The account named so first (one request), then every other account's tags.
        let (named, others): (Vec<&Account>, Vec<&Account>) = accounts
            .iter()
            .filter(|a| a.id != management)
            .partition(|a| a.name == key);
        named.into_iter().chain(others).collect()
    };
    for account in candidates {
        let tags: BTreeMap<String, String> = orgs::tags(ctx, &account.id).await?.into_iter().collect();
        match tags.get(TAG_SANDBOX) {
            Some(name) if by_id || name == key => {
                return Ok(Sandbox {
                    account: account.clone(),
                    name: name.clone(),
                    tags,
                });
            }
            None if by_id => {
                return Err(Error::usage(format!(
                    "account {key} ({}) is not a costbrake sandbox (no {TAG_SANDBOX} tag); make it one with \
                     `costbrake sandbox adopt {key} --budget USD`",
                    account.name
                )));
            }
            _ => {}
        }
    }
    Err(Error::usage(format!(
        "no sandbox named `{key}` in this organization; see `costbrake sandbox list`"
    )))
}

/// The costbrake OUs a sandbox belongs to: those around the OU it is in, else those under the root.
pub async fn ous_of(ctx: &AwsContext, sandbox: &Sandbox) -> Result<Ous> {
    let parent = orgs::parent(ctx, &sandbox.account.id).await?;
    let mut tops = Vec::new();
    if parent.starts_with("ou-")
        && let Some(ou) = orgs::ou(ctx, &parent).await?
        && (ou.name == ACTIVE_OU || ou.name == FROZEN_OU)
    {
        tops.push(orgs::parent(ctx, &parent).await?);
    }
    if tops.is_empty() {
        tops.push(orgs::root(ctx).await?);
    }
    for top in tops {
        let found = if top.starts_with("r-") {
            orgs::ous_under(ctx, &top)
                .await?
                .into_iter()
                .find(|u| u.name == PARENT_OU)
                .map(|u| u.id)
        } else {
            Some(top)
        };
        if let Some(costbrake) = found {
            let children = orgs::ous_under(ctx, &costbrake).await?;
            let child = |n: &str| children.iter().find(|u| u.name == n).map(|u| u.id.clone());
            if let (Some(active), Some(frozen)) = (child(ACTIVE_OU), child(FROZEN_OU)) {
                return Ok(Ous {
                    parent: costbrake,
                    active,
                    frozen,
                });
            }
        }
    }
    Err(Error::usage(format!(
        "the costbrake OUs of sandbox `{}` are missing (no {PARENT_OU} with {ACTIVE_OU} and {FROZEN_OU}); \
         run `costbrake sandbox adopt {} --budget USD` to make them",
        sandbox.name, sandbox.account.id
    )))
}

/// The result of `sandbox close`.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Closed {
    pub schema: &'static str,
    pub name: String,
    pub account_id: String,
    /// The account's state before (`ACTIVE`, or `PENDING_CLOSURE` when it was closing already).
    pub was: String,
    /// False when it was closing or closed already (nothing sent).
    pub closed: bool,
}

/// Finds the sandbox to close, so that the caller can confirm with its name before [`close`].
pub async fn find_to_close(ctx: &AwsContext, key: &str) -> Result<Sandbox> {
    let management = management_account(ctx).await?;
    find(ctx, &management, key).await
}

/// `sandbox close`: `CloseAccount` on a sandbox found with [`find_to_close`]. AWS keeps a closed account
/// for 90 days (`SUSPENDED`), when it can still be reopened through AWS Support; its budget stays, since
/// the period's last charges still arrive.
pub async fn close(ctx: &AwsContext, sandbox: &Sandbox) -> Result<Closed> {
    let was = sandbox.account.state.clone();
    let open = !matches!(was.as_str(), "SUSPENDED" | "PENDING_CLOSURE");
    if open {
        orgs::close_account(ctx, &sandbox.account.id).await?;
    }
    Ok(Closed {
        schema: SCHEMA_CLOSE,
        name: sandbox.name.clone(),
        account_id: sandbox.account.id.clone(),
        was,
        closed: open,
    })
}
