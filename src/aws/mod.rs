//! The AWS layer: the only module that names `aws_sdk_*` types.
//!
//! It resolves one `SdkConfig` per run the way the AWS CLI does (flags, environment, profiles, SSO,
//! `credential_process`), builds service clients lazily per region, fans work out over regions with a
//! bound, and turns SDK errors into one-line [`Error`]s with a next step. Capabilities call the adapter
//! functions in the submodules and get plain data back; they never see an SDK type.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use futures::StreamExt;
use serde::Serialize;

use crate::error::{Error, Result};

pub mod appscaling;
pub mod athena;
pub mod autoscaling;
pub mod bedrock;
pub mod budgets;
pub mod costexplorer;
pub mod ec2;
pub mod ecs;
pub mod eks;
mod errors;
pub mod iam;
pub mod lambda;
mod listing;
pub mod organizations;
pub mod rds;
pub mod regions;
pub mod retry;
pub mod s3;
pub mod sagemaker;
pub mod sfn;
pub mod sts;
pub mod tagging;

pub(crate) use errors::sdk_error;
pub use errors::{Cause, ErrorKind, REASON_MAX, cause};
pub use listing::{Database, Listed, Sizes};

/// How many regions or services are queried at once by [`fan_out`].
pub const DEFAULT_CONCURRENCY: usize = 8;

/// The region used for global services (STS, IAM, Organizations) when none is configured.
pub const GLOBAL_REGION: &str = "us-east-1";

/// Options from the command line; anything unset falls back to the SDK's own resolution.
#[derive(Debug, Clone, Default)]
pub struct AwsOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<url::Url>,
}

/// Where a resolved setting came from, for `doctor`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Setting {
    pub value: Option<String>,
    pub source: String,
}

/// The settings this run resolved, for display.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Settings {
    pub profile: Setting,
    pub region: Setting,
    pub endpoint_url: Setting,
}

/// Clients by (service, region), built on first use.
type ClientCache = HashMap<(&'static str, String), Arc<dyn Any + Send + Sync>>;

/// One resolved AWS configuration and the clients built from it.
pub struct AwsContext {
    sdk: SdkConfig,
    settings: Settings,
    clients: Mutex<ClientCache>,
    /// Every client's retries, counted.
    retries: retry::Counter,
    /// The caller's identity, asked once: it cannot change while the credentials stay the same.
    identity: tokio::sync::OnceCell<sts::CallerIdentity>,
    /// Every region's ECS cluster ARNs, listed once per run: services, tasks and a kill's steps all start
    /// from them.
    ecs_clusters: Mutex<HashMap<String, Arc<tokio::sync::OnceCell<Vec<String>>>>>,
    /// The options it was loaded with, for the contexts of other accounts' profiles.
    options: AwsOptions,
    /// One bound over every listing in flight, shared with the contexts of other accounts made from
    /// this one (`--accounts`): accounts × regions never run unbounded. `None`: no bound beyond each
    /// capability's own.
    permits: Option<Arc<tokio::sync::Semaphore>>,
}

impl std::fmt::Debug for AwsContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsContext")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl AwsContext {
    /// Resolves the configuration. Validates the environment first, because the SDK's loader panics on
    /// values the AWS CLI accepts (`AWS_RETRY_MODE=legacy`, `AWS_MAX_ATTEMPTS=0`).
    pub async fn load(options: &AwsOptions) -> Result<Self> {
        validate_environment(|k| std::env::var(k).ok())?;
        check_profile(
            options,
            |k| std::env::var(k).ok(),
            |p| std::fs::read_to_string(p).ok(),
        )?;
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(profile) = &options.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = &options.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(url) = &options.endpoint_url {
            loader = loader.endpoint_url(url.as_str().trim_end_matches('/'));
        }
        if let Some(retry) = retry::config(|k| std::env::var(k).ok()) {
            loader = loader.retry_config(retry);
        }
        loader = loader.timeout_config(retry::timeouts());
        loader = loader.http_client(shared_http_client());
        let sdk = loader.load().await;
        let settings = describe_settings(options, &sdk, |k| std::env::var(k).ok());
        tracing::debug!(?settings, "resolved AWS settings");
        Ok(AwsContext {
            sdk,
            settings,
            clients: Mutex::new(HashMap::new()),
            retries: retry::Counter::default(),
            identity: tokio::sync::OnceCell::new(),
            ecs_clusters: Mutex::new(HashMap::new()),
            options: options.clone(),
            permits: None,
        })
    }

    /// Bounds the listings in flight at once, over this context and every context made from it after
    /// (other accounts' roles and profiles), at `limit`.
    pub fn bound(&mut self, limit: usize) {
        self.permits = Some(Arc::new(tokio::sync::Semaphore::new(limit.max(1))));
    }

    /// Waits for a slot under the shared bound (none without [`AwsContext::bound`]); the slot is freed
    /// when the returned permit is dropped.
    pub async fn permit(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        match &self.permits {
            Some(permits) => permits.clone().acquire_owned().await.ok(),
            None => None,
        }
    }

    /// The same endpoint and region, with another profile's credentials (an account whose access is a
    /// profile in `[[accounts.account]]`); it shares this context's bound.
    pub async fn with_profile(&self, profile: &str) -> Result<AwsContext> {
        let options = AwsOptions {
            profile: Some(profile.to_string()),
            ..self.options.clone()
        };
        let mut ctx = AwsContext::load(&options).await?;
        // The profile's own credentials, even with AWS_ACCESS_KEY_ID set: the default chain reads the
        // environment first, which would enter every such account as the caller.
        let provider = aws_config::profile::ProfileFileCredentialsProvider::builder()
            .profile_name(profile)
            .build();
        ctx.sdk = ctx
            .sdk
            .to_builder()
            .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(
                provider,
            ))
            .build();
        ctx.permits = self.permits.clone();
        Ok(ctx)
    }

    /// The same configuration, acting as `role_arn` (another account's role): `AssumeRole` once, here,
    /// its credentials kept and assumed again before they expire ([`sts::RoleProvider`]).
    pub async fn assume_role(&self, role_arn: &str, session_name: &str) -> Result<AwsContext> {
        self.assume_role_with(
            role_arn,
            session_name,
            None,
            "check that the role exists in that account and trusts the caller (see docs/sandbox.md)",
        )
        .await
    }

    /// [`AwsContext::assume_role`] with an external id (a role whose trust policy requires
    /// `sts:ExternalId`) and the hint a failure carries. The new context shares this one's bound.
    pub async fn assume_role_with(
        &self,
        role_arn: &str,
        session_name: &str,
        external_id: Option<&str>,
        hint: &str,
    ) -> Result<AwsContext> {
        let provider = sts::RoleProvider::new(self, role_arn, session_name, external_id, hint);
        // Assumed here, once: a role that cannot be assumed fails now, naming the role, rather than at
        // the first real call; the answer says who the session is, so no GetCallerIdentity follows.
        let identity = provider.assume().await?;
        let sdk = self
            .sdk
            .to_builder()
            .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(
                provider,
            ))
            .build();
        let assumed = AwsContext {
            sdk,
            settings: self.settings.clone(),
            clients: Mutex::new(HashMap::new()),
            retries: retry::Counter::default(),
            identity: tokio::sync::OnceCell::new_with(Some(identity)),
            ecs_clusters: Mutex::new(HashMap::new()),
            options: self.options.clone(),
            permits: self.permits.clone(),
        };
        Ok(assumed)
    }

    /// The caller's identity, from one `GetCallerIdentity` per context however often it is asked.
    pub(crate) async fn identity(
        &self,
        fetch: impl std::future::Future<Output = Result<sts::CallerIdentity>>,
    ) -> Result<sts::CallerIdentity> {
        self.identity.get_or_try_init(|| fetch).await.cloned()
    }

    /// `region`'s ECS cluster ARNs and the requests it took to list them (0 when already listed in
    /// this run).
    pub(crate) async fn ecs_clusters<F, Fut>(&self, region: &str, list: F) -> Result<(Vec<String>, u32)>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<(Vec<String>, u32)>>,
    {
        let cell = {
            let mut cells = self.ecs_clusters.lock().unwrap_or_else(|e| e.into_inner());
            cells.entry(region.to_string()).or_default().clone()
        };
        let mut requests = 0;
        let arns = cell
            .get_or_try_init(|| async {
                let (arns, calls) = list().await?;
                requests = calls;
                Ok::<_, crate::Error>(arns)
            })
            .await?;
        Ok((arns.clone(), requests))
    }

    /// How many times a request was retried so far in this run (throttling, 5xx, connection errors).
    pub fn retried(&self) -> u32 {
        self.retries.retried()
    }

    /// The resolved settings, for display.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The configured region, if any.
    pub fn region(&self) -> Option<&str> {
        self.sdk.region().map(|r| r.as_ref())
    }

    /// The configured region, or an error telling the user how to set one.
    pub fn require_region(&self) -> Result<&str> {
        self.region().ok_or_else(|| {
            Error::usage(
                "no AWS region configured; pass --region, set AWS_REGION, or set `region` in your profile",
            )
        })
    }

    /// The region global services are called in.
    pub(crate) fn global_region(&self) -> String {
        self.region().unwrap_or(GLOBAL_REGION).to_string()
    }

    /// A client for `service` in `region`, built on first use and reused after.
    fn client<C>(
        &self,
        service: &'static str,
        region: &str,
        make: impl FnOnce(&SdkConfig, Region, &retry::Counter) -> C,
    ) -> C
    where
        C: Clone + Send + Sync + 'static,
    {
        let key = (service, region.to_string());
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(existing) = clients.get(&key).and_then(|c| c.downcast_ref::<C>()) {
            return existing.clone();
        }
        let client = make(&self.sdk, Region::new(region.to_string()), &self.retries);
        clients.insert(key, Arc::new(client.clone()));
        client
    }

    pub(crate) fn sts(&self) -> aws_sdk_sts::Client {
        self.client("sts", &self.global_region(), |sdk, region, counter| {
            aws_sdk_sts::Client::from_conf(
                aws_sdk_sts::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }

    pub(crate) fn iam(&self) -> aws_sdk_iam::Client {
        self.client("iam", &self.global_region(), |sdk, region, counter| {
            aws_sdk_iam::Client::from_conf(
                aws_sdk_iam::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }

    pub(crate) fn ec2(&self, region: &str) -> aws_sdk_ec2::Client {
        self.client("ec2", region, |sdk, region, counter| {
            aws_sdk_ec2::Client::from_conf(
                aws_sdk_ec2::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }

    pub(crate) fn ecs(&self, region: &str) -> aws_sdk_ecs::Client {
        self.client("ecs", region, |sdk, region, counter| {
            aws_sdk_ecs::Client::from_conf(
                aws_sdk_ecs::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }

    pub(crate) fn lambda(&self, region: &str) -> aws_sdk_lambda::Client {
        self.client("lambda", region, |sdk, region, counter| {
            aws_sdk_lambda::Client::from_conf(
                aws_sdk_lambda::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }

    pub(crate) fn appscaling(&self, region: &str) -> aws_sdk_applicationautoscaling::Client {
        self.client("application-autoscaling", region, |sdk, region, counter| {
            aws_sdk_applicationautoscaling::Client::from_conf(
                aws_sdk_applicationautoscaling::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }

    pub(crate) fn autoscaling(&self, region: &str) -> aws_sdk_autoscaling::Client {
        self.client("autoscaling", region, |sdk, region, counter| {
            aws_sdk_autoscaling::Client::from_conf(
                aws_sdk_autoscaling::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }

    pub(crate) fn sagemaker(&self, region: &str) -> aws_sdk_sagemaker::Client {
        self.client("sagemaker", region, |sdk, region, counter| {
            aws_sdk_sagemaker::Client::from_conf(
                aws_sdk_sagemaker::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }

    pub(crate) fn rds(&self, region: &str) -> aws_sdk_rds::Client {
        self.client("rds", region, |sdk, region, counter| {
            aws_sdk_rds::Client::from_conf(
                aws_sdk_rds::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }

    pub(crate) fn eks(&self, region: &str) -> aws_sdk_eks::Client {
        self.client("eks", region, |sdk, region, counter| {
            aws_sdk_eks::Client::from_conf(
                aws_sdk_eks::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }

    pub(crate) fn sfn(&self, region: &str) -> aws_sdk_sfn::Client {
        self.client("states", region, |sdk, region, counter| {
            aws_sdk_sfn::Client::from_conf(
                aws_sdk_sfn::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }

    pub(crate) fn athena(&self, region: &str) -> aws_sdk_athena::Client {
        self.client("athena", region, |sdk, region, counter| {
            aws_sdk_athena::Client::from_conf(
                aws_sdk_athena::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }

    pub(crate) fn bedrock(&self, region: &str) -> aws_sdk_bedrock::Client {
        self.client("bedrock", region, |sdk, region, counter| {
            aws_sdk_bedrock::Client::from_conf(
                aws_sdk_bedrock::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }

    pub(crate) fn tagging(&self, region: &str) -> aws_sdk_resourcegroupstagging::Client {
        self.client("tagging", region, |sdk, region, counter| {
            aws_sdk_resourcegroupstagging::Client::from_conf(
                aws_sdk_resourcegroupstagging::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }

    pub(crate) fn s3(&self, region: &str) -> aws_sdk_s3::Client {
        self.client("s3", region, |sdk, region, counter| {
            // Path-style addressing works with every endpoint, emulators included.
            aws_sdk_s3::Client::from_conf(
                aws_sdk_s3::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .force_path_style(sdk.endpoint_url().is_some())
                    .build(),
            )
        })
    }

    pub(crate) fn budgets(&self) -> aws_sdk_budgets::Client {
        // One global endpoint per partition; the SDK maps the partition's regions onto it.
        self.client("budgets", &self.global_region(), |sdk, region, counter| {
            aws_sdk_budgets::Client::from_conf(
                aws_sdk_budgets::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }

    /// A context with no credentials and no endpoint, for SDK-level tests with mocked clients.
    #[cfg(test)]
    pub(crate) fn for_tests() -> Self {
        let sdk = SdkConfig::builder()
            .region(Region::new(GLOBAL_REGION))
            .behavior_version(BehaviorVersion::latest())
            .build();
        let settings = describe_settings(&AwsOptions::default(), &sdk, |_| None);
        AwsContext {
            sdk,
            settings,
            clients: Mutex::new(HashMap::new()),
            retries: retry::Counter::default(),
            identity: tokio::sync::OnceCell::new(),
            ecs_clusters: Mutex::new(HashMap::new()),
            options: AwsOptions::default(),
            permits: None,
        }
    }

    /// Replaces the client of a global service (`budgets`, `sts`) with one answering from
    /// aws-smithy-mocks rules.
    #[cfg(test)]
    pub(crate) fn set_client<C: Clone + Send + Sync + 'static>(&self, service: &'static str, client: C) {
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        clients.insert((service, self.global_region()), Arc::new(client));
    }

    pub(crate) fn organizations(&self) -> aws_sdk_organizations::Client {
        // Organizations has one endpoint, in us-east-1, whatever the user's region.
        self.client("organizations", GLOBAL_REGION, |sdk, region, counter| {
            aws_sdk_organizations::Client::from_conf(
                aws_sdk_organizations::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }
}

/// One HTTP client for every SDK client of the run, the SDK's own default built once: without it each
/// client (a service in a region, in every account of `--accounts`) builds its own connection pool and
/// TLS configuration, about 100 KB each, 5 MB an account.
fn shared_http_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    use aws_smithy_http_client::{Builder, ConnectorBuilder, proxy::ProxyConfig, tls};
    Builder::new().build_with_connector_fn(|settings, components| {
        let mut connector = ConnectorBuilder::default()
            .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::AwsLc));
        connector.set_connector_settings(settings.cloned());
        if let Some(components) = components {
            connector.set_sleep_impl(components.sleep_impl());
        }
        connector.set_proxy_config(Some(ProxyConfig::from_env()));
        connector.build()
    })
}

/// The ARN partition of a region: `aws-cn` in China, `aws-us-gov` in GovCloud, else `aws`.
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// Runs `f` over `items` with at most `limit` in flight **per key** (a region: AWS serves and throttles
/// every region on its own, so one region's queue never holds back another's), returning results in
/// the input order.
pub async fn fan_out_by<I, K, T, F, Fut>(items: I, key: impl Fn(&I::Item) -> K, limit: usize, f: F) -> Vec<T>
where
    I: IntoIterator,
    K: Ord,
    F: Fn(I::Item) -> Fut,
    Fut: Future<Output = T>,
{
    let mut lanes: std::collections::BTreeMap<K, Vec<(usize, I::Item)>> = std::collections::BTreeMap::new();
    for (i, item) in items.into_iter().enumerate() {
        lanes.entry(key(&item)).or_default().push((i, item));
    }
    let f = &f;
    let per_lane = futures::future::join_all(lanes.into_values().map(|lane| {
        fan_out(lane, limit, move |(i, item)| {
            let fut = f(item);
            async move { (i, fut.await) }
        })
    }))
    .await;
    let mut indexed: Vec<(usize, T)> = per_lane.into_iter().flatten().collect();
    indexed.sort_by_key(|(i, _)| *i);
    indexed.into_iter().map(|(_, t)| t).collect()
}

/// Runs `f` over `items` with at most `limit` in flight, returning results in the input order.
///
/// A finished task frees its slot at once (a slow first region never holds back the others); the order
/// is restored afterwards.
pub async fn fan_out<I, T, F, Fut>(items: I, limit: usize, mut f: F) -> Vec<T>
where
    I: IntoIterator,
    F: FnMut(I::Item) -> Fut,
    Fut: Future<Output = T>,
{
    let mut indexed: Vec<(usize, T)> = futures::stream::iter(items.into_iter().enumerate())
        .map(|(i, item)| {
            let fut = f(item);
            async move { (i, fut.await) }
        })
        .buffer_unordered(limit.max(1))
        .collect()
        .await;
    indexed.sort_by_key(|(i, _)| *i);
    indexed.into_iter().map(|(_, t)| t).collect()
}

/// Parses a region name such as `us-east-1` or `eu-central-2` (clap value parser).
pub fn parse_region(value: &str) -> std::result::Result<String, String> {
    let valid = value.len() <= 32
        && value.contains('-')
        && value.ends_with(|c: char| c.is_ascii_digit())
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !value.starts_with('-');
    if valid {
        Ok(value.to_string())
    } else {
        Err(format!(
            "`{value}` is not an AWS region name; use one like us-east-1"
        ))
    }
}

/// Parses an endpoint URL: absolute, http or https, with a host (clap value parser).
pub fn parse_endpoint_url(value: &str) -> std::result::Result<url::Url, String> {
    let hint = "use an absolute http(s) URL such as http://127.0.0.1:5000";
    let url = url::Url::parse(value).map_err(|e| format!("`{value}` is not a URL ({e}); {hint}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("`{value}` is not an http(s) URL with a host; {hint}"));
    }
    Ok(url)
}

/// Rejects environment values that the AWS SDK would panic on or misread, with the fix in the message.
pub fn validate_environment(get: impl Fn(&str) -> Option<String>) -> Result<()> {
    if let Some(mode) = get("AWS_RETRY_MODE") {
        let mode = mode.trim().to_ascii_lowercase();
        if mode != "standard" && mode != "adaptive" {
            return Err(Error::usage(format!(
                "AWS_RETRY_MODE=`{mode}` is not supported by costbrake (the AWS SDK for Rust knows `standard` \
                 and `adaptive`); set AWS_RETRY_MODE=standard or unset it"
            )));
        }
    }
    if let Some(attempts) = get("AWS_MAX_ATTEMPTS") {
        match attempts.trim().parse::<u32>() {
            Ok(n) if n >= 1 => {}
            _ => {
                return Err(Error::usage(format!(
                    "AWS_MAX_ATTEMPTS=`{attempts}` must be a whole number of at least 1; set it to 3 (the default) \
                     or unset it"
                )));
            }
        }
    }
    if let Some(url) = get("AWS_ENDPOINT_URL").filter(|u| !u.is_empty()) {
        parse_endpoint_url(&url).map_err(|e| Error::usage(format!("AWS_ENDPOINT_URL: {e}")))?;
    }
    for var in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
        if let Some(region) = get(var).filter(|r| !r.is_empty()) {
            parse_region(&region).map_err(|e| Error::usage(format!("{var}: {e}")))?;
        }
    }
    Ok(())
}

/// Refuses a named profile that neither the config nor the credentials file defines, as the AWS CLI does
/// ("The config profile (NAME) could not be found"): the SDK would silently fall back to environment
/// credentials, and act as someone else.
fn check_profile(
    options: &AwsOptions,
    get: impl Fn(&str) -> Option<String>,
    read: impl Fn(&std::path::Path) -> Option<String>,
) -> Result<()> {
    let from_env = get("AWS_PROFILE").filter(|p| !p.is_empty());
    let (name, source) = match (&options.profile, from_env) {
        (Some(p), _) => (p.clone(), "--profile"),
        (None, Some(p)) => (p, "AWS_PROFILE"),
        (None, None) => return Ok(()),
    };
    if name == "default" {
        return Ok(());
    }
    let home = get("HOME").unwrap_or_default();
    let path = |var: &str, default: &str| {
        let p = get(var)
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| format!("{home}/.aws/{default}"));
        std::path::PathBuf::from(match p.strip_prefix("~/") {
            Some(rest) => format!("{home}/{rest}"),
            None => p,
        })
    };
    let config = path("AWS_CONFIG_FILE", "config");
    let credentials = path("AWS_SHARED_CREDENTIALS_FILE", "credentials");
    let defines = |text: Option<String>, in_config: bool| {
        text.is_some_and(|t| {
            t.lines().any(|line| {
                let Some(section) = line.trim().strip_prefix('[').and_then(|l| l.strip_suffix(']')) else {
                    return false;
                };
                let section = section.trim();
                let named = if in_config {
                    section.strip_prefix("profile").map(str::trim).unwrap_or(section)
                } else {
                    section
                };
                named == name
            })
        })
    };
    if defines(read(&config), true) || defines(read(&credentials), false) {
        return Ok(());
    }
    Err(Error::usage(format!(
        "the profile `{}` ({source}) is not defined in {} or {}; see `aws configure list-profiles`, or leave \
         it out to use the environment's credentials",
        crate::text::escape_controls(&name),
        config.display(),
        credentials.display()
    )))
}

fn describe_settings(
    options: &AwsOptions,
    sdk: &SdkConfig,
    get: impl Fn(&str) -> Option<String>,
) -> Settings {
    let from_env = |var: &str| get(var).filter(|v| !v.is_empty());
    let profile = match (&options.profile, from_env("AWS_PROFILE")) {
        (Some(p), _) => Setting {
            value: Some(p.clone()),
            source: "--profile".into(),
        },
        (None, Some(p)) => Setting {
            value: Some(p),
            source: "AWS_PROFILE".into(),
        },
        (None, None) => Setting {
            value: Some("default".into()),
            source: "default".into(),
        },
    };
    let region_value = sdk.region().map(|r| r.to_string());
    let region_source = if options.region.is_some() {
        "--region"
    } else if from_env("AWS_REGION").is_some() {
        "AWS_REGION"
    } else if from_env("AWS_DEFAULT_REGION").is_some() {
        "AWS_DEFAULT_REGION"
    } else if region_value.is_some() {
        "profile"
    } else {
        "not set"
    };
    let endpoint_url = match (&options.endpoint_url, from_env("AWS_ENDPOINT_URL")) {
        (Some(u), _) => Setting {
            value: Some(u.as_str().trim_end_matches('/').to_string()),
            source: "--endpoint-url".into(),
        },
        (None, Some(u)) => Setting {
            value: Some(u),
            source: "AWS_ENDPOINT_URL".into(),
        },
        (None, None) => Setting {
            value: sdk.endpoint_url().map(str::to_string),
            source: if sdk.endpoint_url().is_some() {
                "profile".into()
            } else {
                "AWS default".into()
            },
        },
    };
    Settings {
        profile,
        region: Setting {
            value: region_value,
            source: region_source.into(),
        },
        endpoint_url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_must_be_defined_in_the_config_or_credentials_file() {
        let env = |profile: Option<&'static str>| {
            move |k: &str| match k {
                "HOME" => Some("/home/u".to_string()),
                "AWS_PROFILE" => profile.map(str::to_string),
                _ => None,
            }
        };
        let files = |p: &std::path::Path| match p.to_str() {
            Some("/home/u/.aws/config") => Some("[default]\nregion = x\n[profile dev]\nregion = y\n".into()),
            Some("/home/u/.aws/credentials") => Some("[ci]\naws_access_key_id = x\n".into()),
            _ => None,
        };
        let with = |p: &str| AwsOptions {
            profile: Some(p.to_string()),
            ..AwsOptions::default()
        };
        for ok in ["dev", "ci", "default"] {
            assert!(check_profile(&with(ok), env(None), files).is_ok(), "{ok}");
        }
        let err = check_profile(&with("does-not-exist"), env(None), files).unwrap_err();
        assert_eq!(err.exit_code(), crate::ExitCode::Usage);
        assert!(err.to_string().contains("`does-not-exist` (--profile)"), "{err}");
        let err = check_profile(&AwsOptions::default(), env(Some("prod")), files).unwrap_err();
        assert!(err.to_string().contains("(AWS_PROFILE)"), "{err}");
        assert!(check_profile(&AwsOptions::default(), env(None), files).is_ok());
    }

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn regions_are_validated() {
        for ok in ["us-east-1", "eu-central-2", "us-gov-west-1", "ap-southeast-3"] {
            assert!(parse_region(ok).is_ok(), "{ok}");
        }
        for bad in ["", "us-east", "US-EAST-1", "banana", "us_east_1", "-us-1"] {
            assert!(parse_region(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn endpoint_urls_must_be_http_with_a_host() {
        assert!(parse_endpoint_url("http://127.0.0.1:5000").is_ok());
        assert!(parse_endpoint_url("https://ec2.us-east-1.amazonaws.com").is_ok());
        for bad in ["not-a-url", "ftp://host", "127.0.0.1:5000", "file:///tmp/x"] {
            let err = parse_endpoint_url(bad).unwrap_err();
            assert!(err.contains("http"), "{bad}: {err}");
        }
    }

    #[test]
    fn retry_settings_that_would_panic_the_sdk_are_rejected() {
        let err = validate_environment(env(&[("AWS_RETRY_MODE", "legacy")])).unwrap_err();
        assert!(err.to_string().contains("AWS_RETRY_MODE"), "{err}");
        assert!(validate_environment(env(&[("AWS_MAX_ATTEMPTS", "0")])).is_err());
        assert!(validate_environment(env(&[("AWS_MAX_ATTEMPTS", "three")])).is_err());
        assert!(
            validate_environment(env(&[("AWS_RETRY_MODE", "Adaptive"), ("AWS_MAX_ATTEMPTS", "5")])).is_ok()
        );
        assert!(validate_environment(env(&[])).is_ok());
    }

    #[test]
    fn bad_endpoint_and_region_env_are_rejected() {
        assert!(validate_environment(env(&[("AWS_ENDPOINT_URL", "nope")])).is_err());
        assert!(validate_environment(env(&[("AWS_REGION", "moon-1x")])).is_err());
    }

    #[tokio::test]
    async fn fan_out_by_bounds_each_key_on_its_own_and_keeps_order() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        // Two keys, 2 in flight each: up to 4 at once overall, never 3 of one key.
        let in_flight: [Arc<AtomicUsize>; 2] = Default::default();
        let peak: [Arc<AtomicUsize>; 2] = Default::default();
        let total = Arc::new(AtomicUsize::new(0));
        let total_peak = Arc::new(AtomicUsize::new(0));
        let out = fan_out_by(
            0..20usize,
            |i| i % 2,
            2,
            |i| {
                let (mine, my_peak) = (in_flight[i % 2].clone(), peak[i % 2].clone());
                let (total, total_peak) = (total.clone(), total_peak.clone());
                async move {
                    let now = mine.fetch_add(1, Ordering::SeqCst) + 1;
                    my_peak.fetch_max(now, Ordering::SeqCst);
                    let all = total.fetch_add(1, Ordering::SeqCst) + 1;
                    total_peak.fetch_max(all, Ordering::SeqCst);
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                    mine.fetch_sub(1, Ordering::SeqCst);
                    total.fetch_sub(1, Ordering::SeqCst);
                    i * 10
                }
            },
        )
        .await;
        assert_eq!(out, (0..20).map(|i| i * 10).collect::<Vec<_>>());
        assert_eq!(peak.map(|p| p.load(Ordering::SeqCst)), [2, 2]);
        assert_eq!(total_peak.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn fan_out_keeps_order_and_bounds_concurrency() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let in_flight = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let out = fan_out(0..20, 3, |i| {
            let in_flight = in_flight.clone();
            let peak = peak.clone();
            async move {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(std::time::Duration::from_millis(2)).await;
                in_flight.fetch_sub(1, Ordering::SeqCst);
                i * 2
            }
        })
        .await;
        assert_eq!(out, (0..20).map(|i| i * 2).collect::<Vec<_>>());
        assert!(peak.load(Ordering::SeqCst) <= 3);
    }
}
