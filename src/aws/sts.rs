//! STS: who the caller is. Plain data out; no other module calls STS directly.

use serde::Serialize;

use super::{AwsContext, sdk_error};
use crate::error::{AwsError, Error, Result};

/// The caller's identity, from `GetCallerIdentity`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
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
    let missing = |field: &str| missing_field("GetCallerIdentity", None, field);
    Ok(CallerIdentity {
        account: out.account.ok_or_else(|| missing("Account"))?,
        arn: out.arn.ok_or_else(|| missing("Arn"))?,
        user_id: out.user_id.unwrap_or_default(),
    })
}

/// An STS answer without a field the API reference says it has: the endpoint is not AWS-compatible.
fn missing_field(operation: &'static str, scope: Option<&str>, field: &str) -> Error {
    AwsError {
        service: "sts",
        operation,
        scope: scope.map(str::to_string),
        code: None,
        detail: format!("the response has no {field}"),
        hint: Some("check that --endpoint-url points at an AWS-compatible endpoint".into()),
    }
    .into()
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
    let missing = |field: &str| missing_field("AssumeRole", Some(&request.role_arn), field);
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

/// How long before a role session ends its credentials are assumed again.
const REFRESH_BEFORE: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// A role assumed from a context's credentials (another account's role under `--accounts`, a sandbox's
/// `OrganizationAccountAccessRole`): `AssumeRole` once, the credentials kept, and assumed again only
/// when less than five minutes of the session are left, however many clients and regions use them.
pub(crate) struct RoleProvider {
    sts: aws_sdk_sts::Client,
    role_arn: String,
    session_name: String,
    external_id: Option<String>,
    hint: String,
    current: tokio::sync::Mutex<Option<aws_credential_types::Credentials>>,
}

impl std::fmt::Debug for RoleProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoleProvider")
            .field("role_arn", &self.role_arn)
            .finish_non_exhaustive()
    }
}

impl RoleProvider {
    pub(crate) fn new(
        ctx: &AwsContext,
        role_arn: &str,
        session_name: &str,
        external_id: Option<&str>,
        hint: &str,
    ) -> RoleProvider {
        RoleProvider {
            sts: ctx.sts(),
            role_arn: role_arn.to_string(),
            session_name: session_name.to_string(),
            external_id: external_id.map(str::to_string),
            hint: hint.to_string(),
            current: tokio::sync::Mutex::new(None),
        }
    }

    /// Assumes the role now, keeping the credentials for the clients, and returns who they are (the
    /// `AssumedRoleUser`: no `GetCallerIdentity` is needed after).
    pub(crate) async fn assume(&self) -> Result<CallerIdentity> {
        let mut current = self.current.lock().await;
        let (credentials, identity) = self.request().await?;
        *current = Some(credentials);
        Ok(identity)
    }

    async fn credentials(&self) -> Result<aws_credential_types::Credentials> {
        let mut current = self.current.lock().await;
        if let Some(kept) = current.as_ref()
            && kept
                .expiry()
                .is_none_or(|end| end > std::time::SystemTime::now() + REFRESH_BEFORE)
        {
            return Ok(kept.clone());
        }
        let (credentials, _) = self.request().await?;
        tracing::debug!(role = %self.role_arn, "assumed the role again before its session ends");
        *current = Some(credentials.clone());
        Ok(credentials)
    }

    async fn request(&self) -> Result<(aws_credential_types::Credentials, CallerIdentity)> {
        let out = self
            .sts
            .assume_role()
            .role_arn(&self.role_arn)
            .role_session_name(&self.session_name)
            .set_external_id(self.external_id.clone())
            .send()
            .await
            .map_err(|e| {
                let mut err = sdk_error("sts", "AssumeRole", Some(&self.role_arn), e);
                if let Error::Aws(aws) = &mut err {
                    aws.hint = Some(self.hint.clone());
                }
                err
            })?;
        let missing = |field: &str| missing_field("AssumeRole", Some(&self.role_arn), field);
        let c = out.credentials.ok_or_else(|| missing("Credentials"))?;
        let user = out.assumed_role_user.ok_or_else(|| missing("AssumedRoleUser"))?;
        let expiry =
            std::time::SystemTime::try_from(c.expiration).map_err(|_| missing("valid Expiration"))?;
        let credentials = aws_credential_types::Credentials::new(
            c.access_key_id,
            c.secret_access_key,
            Some(c.session_token),
            Some(expiry),
            "costbrake-assume-role",
        );
        let account = user
            .arn
            .split(':')
            .nth(4)
            .filter(|a| !a.is_empty())
            .ok_or_else(|| missing("account in AssumedRoleUser.Arn"))?
            .to_string();
        Ok((
            credentials,
            CallerIdentity {
                account,
                arn: user.arn,
                user_id: user.assumed_role_id,
            },
        ))
    }
}

impl aws_credential_types::provider::ProvideCredentials for RoleProvider {
    fn provide_credentials<'a>(&'a self) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        aws_credential_types::provider::future::ProvideCredentials::new(async move {
            self.credentials()
                .await
                .map_err(aws_credential_types::provider::error::CredentialsError::provider_error)
        })
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_sts::operation::assume_role::AssumeRoleOutput;
    use aws_sdk_sts::types::{AssumedRoleUser, Credentials as StsCredentials};
    use aws_smithy_mocks::{MockResponseInterceptor, RuleMode, create_mock_http_client, mock};

    use super::*;

    const ROLE: &str = "arn:aws:iam::210987654321:role/OrganizationAccountAccessRole";

    /// AssumeRole answers in the API reference's shape (Credentials, AssumedRoleUser), each session
    /// ending `ttl` seconds from now.
    fn answering(ttls: &[u64]) -> (AwsContext, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut sequence = mock!(aws_sdk_sts::Client::assume_role).sequence();
        for ttl in ttls.iter().copied() {
            let calls = calls.clone();
            sequence = sequence.output(move || {
                calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let end = std::time::SystemTime::now() + std::time::Duration::from_secs(ttl);
                AssumeRoleOutput::builder()
                    .credentials(
                        StsCredentials::builder()
                            .access_key_id(format!("ASIA{ttl}"))
                            .secret_access_key("secret")
                            .session_token("token")
                            .expiration(aws_smithy_types::DateTime::from(end))
                            .build()
                            .expect("credentials"),
                    )
                    .assumed_role_user(
                        AssumedRoleUser::builder()
                            .arn("arn:aws:sts::210987654321:assumed-role/OrganizationAccountAccessRole/costbrake")
                            .assumed_role_id("AROATESTS:costbrake")
                            .build()
                            .expect("user"),
                    )
                    .build()
            });
        }
        let rule = sequence.build();
        let config = aws_sdk_sts::Config::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_sts::config::Credentials::new(
                "test", "test", None, None, "test",
            ))
            .http_client(create_mock_http_client())
            .interceptor(
                MockResponseInterceptor::new()
                    .rule_mode(RuleMode::Sequential)
                    .with_rule(&rule),
            )
            .build();
        let ctx = AwsContext::for_tests();
        ctx.set_client("sts", aws_sdk_sts::Client::from_conf(config));
        (ctx, calls)
    }

    #[tokio::test]
    async fn a_role_is_assumed_once_and_again_only_near_the_end_of_its_session() {
        // The first session ends in 2 minutes (less than the 5 kept in hand), the second in an hour.
        let (ctx, calls) = answering(&[120, 3600]);
        let provider = RoleProvider::new(&ctx, ROLE, "costbrake", Some("ext-1"), "hint");
        let who = provider.assume().await.expect("assumed");
        assert_eq!(who.account, "210987654321");
        assert!(
            who.arn
                .ends_with("assumed-role/OrganizationAccountAccessRole/costbrake")
        );
        // Near its end: assumed again, once; then the new session is kept however often it is asked.
        let fresh = provider.credentials().await.expect("refreshed");
        assert_eq!(fresh.access_key_id(), "ASIA3600");
        for _ in 0..5 {
            assert_eq!(
                provider.credentials().await.expect("kept").access_key_id(),
                "ASIA3600"
            );
        }
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_fresh_session_is_kept_for_every_client() {
        let (ctx, calls) = answering(&[3600]);
        let provider = RoleProvider::new(&ctx, ROLE, "costbrake", None, "hint");
        provider.assume().await.expect("assumed");
        for _ in 0..10 {
            assert_eq!(
                provider.credentials().await.expect("kept").access_key_id(),
                "ASIA3600"
            );
        }
        assert_eq!(
            calls.load(std::sync::atomic::Ordering::SeqCst),
            1,
            "one AssumeRole"
        );
    }
}
