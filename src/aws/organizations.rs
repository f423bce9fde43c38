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
