//! Retries that fit a brake. AWS throttles exactly when an agent runs away (it hammers the same APIs), so
//! the SDK's default of 3 attempts gives up on about 2 % of calls at 30 % throttling, and a kill or undo
//! finishes half-done. costbrake asks for more attempts with client-side adaptive rate limiting (which
//! slows a client down after a throttle), a short backoff cap so that a dead endpoint still fails within
//! seconds, and a bound on each operation's total time. `AWS_MAX_ATTEMPTS` and `AWS_RETRY_MODE`, when the
//! user sets them, win. Every retry is counted (and logged with `-v`), so outputs can say how many there
//! were.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;

/// Attempts per call (the first one included) unless the user sets `AWS_MAX_ATTEMPTS`: at 30 %
/// throttling, 10 attempts all fail once in about 170,000 calls; 3 attempts once in 37.
pub const ATTEMPTS: u32 = 10;
/// The first backoff; each retry doubles it, with full jitter, up to [`MAX_BACKOFF`].
pub const INITIAL_BACKOFF: Duration = Duration::from_millis(100);
/// The longest wait between two attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(2);
/// The longest one operation may take, all its attempts included.
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(90);

/// The retry configuration: costbrake's, unless the environment chose one.
pub fn config(get: impl Fn(&str) -> Option<String>) -> Option<RetryConfig> {
    let chosen = |var: &str| get(var).is_some_and(|v| !v.trim().is_empty());
    if chosen("AWS_MAX_ATTEMPTS") || chosen("AWS_RETRY_MODE") {
        return None; // the SDK reads them itself
    }
    Some(
        RetryConfig::adaptive()
            .with_max_attempts(ATTEMPTS)
            .with_initial_backoff(INITIAL_BACKOFF)
            .with_max_backoff(MAX_BACKOFF),
    )
}

/// The bound on one operation's total time.
pub fn timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .operation_timeout(OPERATION_TIMEOUT)
        .build()
}

/// Counts the retries of every client it is installed on.
#[derive(Debug, Clone, Default)]
pub struct Counter(Arc<AtomicU32>);

impl Counter {
    /// Retries so far.
    pub fn retried(&self) -> u32 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Intercept for Counter {
    fn name(&self) -> &'static str {
        "costbrake-retry-counter"
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let attempt = cfg.load::<RequestAttempts>().map_or(1, |a| a.attempts());
        if attempt > 1 {
            self.0.fetch_add(1, Ordering::Relaxed);
            let (service, operation) = cfg
                .load::<Metadata>()
                .map_or(("?", "?"), |m| (m.service(), m.name()));
            tracing::debug!(service, operation, attempt, "retrying");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_wins_over_costbrakes_retry_settings() {
        let none = |_: &str| None;
        let cfg = config(none).expect("costbrake's");
        assert_eq!(cfg.max_attempts(), ATTEMPTS);
        assert_eq!(cfg.mode(), aws_smithy_types::retry::RetryMode::Adaptive);
        assert!(config(|k| (k == "AWS_MAX_ATTEMPTS").then(|| "5".to_string())).is_none());
        assert!(config(|k| (k == "AWS_RETRY_MODE").then(|| "standard".to_string())).is_none());
    }

    /// Throttling twice, then an answer: the call succeeds and both retries are counted.
    #[tokio::test]
    async fn throttled_calls_are_retried_and_counted() {
        use aws_smithy_mocks::{MockResponseInterceptor, RuleMode, create_mock_http_client, mock};
        let throttled = || {
            aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityError::generic(
                aws_smithy_types::error::ErrorMetadata::builder()
                    .code("Throttling")
                    .message("Rate exceeded")
                    .build(),
            )
        };
        let rule = mock!(aws_sdk_sts::Client::get_caller_identity)
            .sequence()
            .error(throttled)
            .error(throttled)
            .output(|| {
                aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityOutput::builder()
                    .account("123456789012")
                    .build()
            })
            .build();
        let counter = Counter::default();
        let conf = aws_sdk_sts::Config::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_sts::config::Credentials::new("t", "t", None, None, "t"))
            .http_client(create_mock_http_client())
            .interceptor(
                MockResponseInterceptor::new()
                    .rule_mode(RuleMode::MatchAny)
                    .with_rule(&rule),
            )
            .interceptor(counter.clone())
            .retry_config(config(|_| None).expect("costbrake's"))
            .timeout_config(timeouts())
            .build();
        let out = aws_sdk_sts::Client::from_conf(conf)
            .get_caller_identity()
            .send()
            .await
            .expect("succeeds after two throttles");
        assert_eq!(out.account(), Some("123456789012"));
        assert_eq!(counter.retried(), 2);
        assert_eq!(rule.num_calls(), 3);
    }
}
