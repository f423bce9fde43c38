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
/// Asked once per context: later calls return the first answer.
pub async fn caller_identity(ctx: &AwsContext) -> Result<CallerIdentity> {
    ctx.identity(fetch_caller_identity(ctx)).await
}

async fn fetch_caller_identity(ctx: &AwsContext) -> Result<CallerIdentity> {
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

/// An `AssumeRole` request of a wrapped agent run.
#[derive(Debug, Clone)]
pub struct SessionRequest {
    pub role_arn: String,
    pub session_name: String,
    pub source_identity: String,
    /// Session tags, all of them marked transitive.
    pub tags: Vec<(String, String)>,
    pub duration_seconds: i32,
}

/// Temporary credentials of an assumed-role session.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    pub expiration: jiff::Timestamp,
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    pub assumed_role_arn: String,
}

impl std::fmt::Debug for SessionCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("expiration", &self.expiration)
            .field("assumed_role_arn", &self.assumed_role_arn)
            .finish_non_exhaustive()
    }
}

/// Calls `sts:AssumeRole` with session tags marked transitive (they follow the session through every
/// role it assumes next) and a source identity (kept through every later role, logged by CloudTrail).
/// The role's trust policy must allow `sts:AssumeRole`, `sts:TagSession` and `sts:SetSourceIdentity`.
pub async fn assume_role_session(ctx: &AwsContext, request: &SessionRequest) -> Result<SessionCredentials> {
    let mut call = ctx
        .sts()
        .assume_role()
        .role_arn(&request.role_arn)
        .role_session_name(&request.session_name)
        .source_identity(&request.source_identity)
        .duration_seconds(request.duration_seconds);
    for (key, value) in &request.tags {
        let tag = aws_sdk_sts::types::Tag::builder()
            .key(key)
            .value(value)
            .build()
            .map_err(|e| Error::usage(format!("session tag {key}: {e}")))?;
        call = call.tags(tag).transitive_tag_keys(key);
    }
    let out = call.send().await.map_err(|e| {
        let mut err = sdk_error("sts", "AssumeRole", Some(&request.role_arn), e);
        if let Error::Aws(aws) = &mut err {
            aws.hint = Some(
                "check that the role exists and that its trust policy lets the caller sts:AssumeRole, \
                 sts:TagSession and sts:SetSourceIdentity (see docs/run.md), or pass --role-optional"
                    .into(),
            );
        }
        err
    })?;
    let missing = |field: &str| -> Error {
        AwsError {
            service: "sts",
            operation: "AssumeRole",
            scope: Some(request.role_arn.clone()),
            code: None,
            detail: format!("the response has no {field}"),
            hint: Some("check that --endpoint-url points at an AWS-compatible endpoint".into()),
        }
        .into()
    };
    let credentials = out.credentials.ok_or_else(|| missing("Credentials"))?;
    let expiration = jiff::Timestamp::from_second(credentials.expiration.secs())
        .map_err(|_| missing("valid Expiration"))?;
    Ok(SessionCredentials {
        access_key_id: credentials.access_key_id,
        secret_access_key: credentials.secret_access_key,
        session_token: credentials.session_token,
        expiration,
        assumed_role_arn: out
            .assumed_role_user
            .map(|u| u.arn)
            .ok_or_else(|| missing("AssumedRoleUser"))?,
    })
}
