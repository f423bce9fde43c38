//! Turns SDK errors into one-line [`Error`]s: `code: message` when AWS answered (via
//! `ProvideErrorMetadata`), the transport cause when it did not, and a next step either way.

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::error::{AwsError, Error};

/// Converts an SDK error from `service:operation` (IAM action naming, e.g. `sts`, `GetCallerIdentity`).
pub(crate) fn sdk_error<E>(
    service: &'static str,
    operation: &'static str,
    scope: Option<&str>,
    err: SdkError<E, HttpResponse>,
) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let scope = scope.map(str::to_string);
    match &err {
        SdkError::ServiceError(context) => {
            let inner = context.err();
            let code = inner.code().map(str::to_string);
            let status = context.raw().status().as_u16();
            let message = inner.message().map(|m| m.trim().to_string());
            let detail = match (&code, message) {
                (Some(code), Some(message)) => format!("{code}: {message}"),
                (Some(code), None) => format!("{code} (HTTP {status})"),
                (None, Some(message)) => format!("HTTP {status}: {message}"),
                (None, None) => format!("HTTP {status} with no error code or message"),
            };
            let hint = match code.as_deref() {
                Some(c) => hint_for_code(c, service, operation),
                // No code at all on a 5xx: the endpoint failed to handle the call. An emulator answers
                // this way for operations it does not implement (moto: budgets UpdateBudget).
                None if status >= 500 => Some(format!(
                    "the endpoint failed to handle {service}:{operation}; retry later, and if --endpoint-url \
                     points at an emulator, check that it implements {operation}"
                )),
                // A 403 whose body the SDK could not read (a proxy's, or moto's XML answer to a JSON
                // service) is still a refusal: name the permission it is most likely about.
                None if status == 403 => Some(format!(
                    "access was denied: the caller may lack permission {}; grant it (see docs/permissions.md)",
                    iam_action(service, operation)
                )),
                None => None,
            };
            AwsError {
                service,
                operation,
                scope,
                code,
                detail,
                hint,
            }
            .into()
        }
        SdkError::TimeoutError(_) => AwsError {
            service,
            operation,
            scope,
            code: None,
            detail: "timed out".into(),
            hint: Some("check your network or --endpoint-url, then retry".into()),
        }
        .into(),
        _ => {
            // AWS did not answer, or its answer could not be read: the cause is in the error chain.
            let detail = one_line_chain(&err);
            let hint = if looks_like_credentials(&detail) {
                credentials_hint()
            } else {
                match &err {
                    SdkError::DispatchFailure(f) if f.is_io() || f.is_timeout() => {
                        "the endpoint could not be reached; check --endpoint-url, AWS_ENDPOINT_URL and your \
                         network"
                            .into()
                    }
                    SdkError::DispatchFailure(_) => {
                        "check your network, proxy and --endpoint-url settings".into()
                    }
                    _ => "rerun with -vv to see the request and response".into(),
                }
            };
            AwsError {
                service,
                operation,
                scope,
                code: None,
                detail,
                hint: Some(hint),
            }
            .into()
        }
    }
}

fn credentials_hint() -> String {
    "configure credentials: `aws configure`, `aws sso login --profile NAME`, --profile, or AWS_ACCESS_KEY_ID and \
     AWS_SECRET_ACCESS_KEY"
        .into()
}

fn looks_like_credentials(detail: &str) -> bool {
    let lower = detail.to_ascii_lowercase();
    lower.contains("credential") || lower.contains("identity")
}

/// The next step for well-known AWS error codes.
fn hint_for_code(code: &str, service: &str, operation: &str) -> Option<String> {
    let code_lower = code.to_ascii_lowercase();
    if code_lower.contains("accessdenied")
        || code_lower.contains("unauthorized")
        || code == "AuthorizationError"
    {
        return Some(format!(
            "the caller lacks permission {}; grant it (see docs/permissions.md)",
            iam_action(service, operation)
        ));
    }
    if matches!(
        code,
        "ExpiredToken"
            | "ExpiredTokenException"
            | "InvalidClientTokenId"
            | "UnrecognizedClientException"
            | "SignatureDoesNotMatch"
            | "InvalidAccessKeyId"
            | "AuthFailure"
    ) {
        return Some(format!("refresh or fix your credentials; {}", credentials_hint()));
    }
    if code_lower.contains("throttl")
        || code_lower.contains("limitexceeded")
        || code == "TooManyRequestsException"
    {
        return Some(
            "AWS throttled the request past all retries; retry later or raise AWS_MAX_ATTEMPTS".into(),
        );
    }
    if code == "OptInRequired" {
        return Some(
            "this region is not enabled for the account; enable it or leave it out of --regions".into(),
        );
    }
    None
}

/// The IAM action that authorizes an API operation: the same name, except where AWS named them apart
/// (S3's ListBuckets is `s3:ListAllMyBuckets`; Budgets authorizes its reads with `budgets:ViewBudget` and
/// its writes with `budgets:ModifyBudget`).
/// <https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html>
pub(crate) fn iam_action(service: &str, operation: &str) -> String {
    let action = match (service, operation) {
        ("s3", "ListBuckets") => "ListAllMyBuckets",
        (
            "budgets",
            "DescribeBudget"
            | "DescribeBudgets"
            | "DescribeNotificationsForBudget"
            | "DescribeSubscribersForNotification"
            | "DescribeBudgetPerformanceHistory",
        ) => "ViewBudget",
        (
            "budgets",
            "CreateBudget" | "UpdateBudget" | "DeleteBudget" | "CreateNotification" | "UpdateNotification"
            | "DeleteNotification" | "CreateSubscriber" | "UpdateSubscriber" | "DeleteSubscriber",
        ) => "ModifyBudget",
        (_, other) => other,
    };
    format!("{service}:{action}")
}

/// The error and its sources joined on one line, without repeats.
fn one_line_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        let text = e.to_string().replace('\n', " ");
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_denied_names_the_missing_permission() {
        let hint = hint_for_code("AccessDeniedException", "tag", "GetResources").expect("hint");
        assert!(hint.contains("tag:GetResources"), "{hint}");
    }

    #[test]
    fn access_denied_names_the_iam_action_where_it_differs_from_the_operation() {
        let hint = hint_for_code("AccessDenied", "s3", "ListBuckets").expect("hint");
        assert!(hint.contains("s3:ListAllMyBuckets"), "{hint}");
        let hint = hint_for_code("AccessDeniedException", "budgets", "DescribeBudgets").expect("hint");
        assert!(hint.contains("budgets:ViewBudget"), "{hint}");
        let hint = hint_for_code("AccessDeniedException", "budgets", "UpdateBudget").expect("hint");
        assert!(hint.contains("budgets:ModifyBudget"), "{hint}");
        assert_eq!(iam_action("ec2", "StopInstances"), "ec2:StopInstances");
    }

    #[test]
    fn expired_credentials_say_how_to_refresh() {
        let hint = hint_for_code("ExpiredToken", "sts", "GetCallerIdentity").expect("hint");
        assert!(hint.contains("aws sso login"), "{hint}");
    }

    #[test]
    fn throttling_hint_mentions_retries() {
        let hint = hint_for_code("ThrottlingException", "ce", "GetCostAndUsage").expect("hint");
        assert!(hint.contains("AWS_MAX_ATTEMPTS"), "{hint}");
        assert!(hint_for_code("NoSuchEntity", "iam", "GetRole").is_none());
    }
}
