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
//!
//! It talks to AWS only through `crate::aws::organizations`, `crate::aws::sts` and `crate::budgets`
//! (which owns the budget's plan and its application). Rendering lives in `output::sandbox`.

mod create;
mod list;
pub mod spec;

pub use create::{Adopt, Change, Create, Outcome, adopt, create};
pub use list::{List, SandboxStatus, list};
pub use spec::{Spec, SpecInput};

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
pub struct Ous {
    pub parent: String,
    pub active: String,
    pub frozen: String,
}
