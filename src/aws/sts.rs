//! STS: who the caller is. Plain data out; no other module calls STS directly.

use serde::Serialize;

use super::{AwsContext, sdk_error};
use crate::error::{AwsError, Error, Result};

/// The caller's identity, from `GetCallerIdentity`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CallerIdentity {
    pub account: String,
    pub arn: String,
    pub user_id: String,
}

/// Calls `sts:GetCallerIdentity`, which needs no permission: it fails only on bad credentials or transport.
pub async fn caller_identity(ctx: &AwsContext) -> Result<CallerIdentity> {
    let out = ctx
        .sts()
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| sdk_error("sts", "GetCallerIdentity", None, e))?;
    let missing = |field: &str| -> Error {
        AwsError {
            service: "sts",
            operation: "GetCallerIdentity",
            scope: None,
            code: None,
            detail: format!("the response has no {field}"),
            hint: Some("check that --endpoint-url points at an AWS-compatible endpoint".into()),
        }
        .into()
    };
    Ok(CallerIdentity {
        account: out.account.ok_or_else(|| missing("Account"))?,
        arn: out.arn.ok_or_else(|| missing("Arn"))?,
        user_id: out.user_id.unwrap_or_default(),
    })
}
