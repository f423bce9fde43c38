//! Turns SDK errors into one-line [`Error`]s: `code: message` when AWS answered (via
//! `ProvideErrorMetadata`), the transport cause when it did not, and a next step either way; and
//! classifies an [`Error`] into a [`Cause`]: its kind and one short reason, for a table cell.

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use serde::Serialize;

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
    match code_kind(code) {
        ErrorKind::AccessDenied => Some(format!(
            "the caller lacks permission {}; grant it (see docs/permissions.md)",
            iam_action(service, operation)
        )),
        ErrorKind::Credentials => Some(format!("refresh or fix your credentials; {}", credentials_hint())),
        ErrorKind::Throttled => {
            Some("AWS throttled the request past all retries; retry later or raise AWS_MAX_ATTEMPTS".into())
        }
        _ if code == "OptInRequired" => {
            Some("this region is not enabled for the account; enable it or leave it out of --regions".into())
        }
        _ => None,
    }
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

/// What kind of failure an error is: the same few kinds whatever the service, for scripts
/// (`-o json`) and for the short reason a table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// AWS refused the call: the caller lacks a permission.
    AccessDenied,
    /// No credentials, or credentials AWS does not accept (expired, unknown, badly signed).
    Credentials,
    /// The endpoint answered a 5xx with no error code: it does not implement the call (what an
    /// emulator such as moto answers for an operation it lacks).
    NotImplemented,
    /// Throttled past all retries.
    Throttled,
    /// No answer in time.
    Timeout,
    /// The endpoint could not be reached (connection refused, DNS).
    Unreachable,
    /// AWS answered with another error code.
    Aws,
    /// Not an AWS failure: configuration, usage, a local file.
    Local,
}

/// An error reduced to what a table cell has room for. The full error stays where it was (a check's
/// `detail`, an account's `error`); this is the short form beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Cause {
    pub kind: ErrorKind,
    /// The failed call in IAM action form (`ce:ListCostAllocationTags`), for an AWS error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call: Option<String>,
    /// One short line, at most [`REASON_MAX`] characters.
    pub reason: String,
}

impl Cause {
    /// A cause written by a capability (not classified from an [`Error`]), its reason kept short.
    pub fn new(kind: ErrorKind, call: Option<String>, reason: &str) -> Cause {
        Cause {
            kind,
            call,
            reason: shorten(reason),
        }
    }

    /// The same cause with its reason prefixed (`could not activate the tag keys: ...`), still short.
    pub fn prefixed(mut self, prefix: &str) -> Cause {
        self.reason = shorten(&format!("{prefix}: {}", self.reason));
        self
    }
}

/// The longest reason [`cause`] returns, ellipsis included.
pub const REASON_MAX: usize = 90;

/// Classifies `err` and gives it one short reason. The one place that decides what kind an error is;
/// [`sdk_error`] writes the details this reads (`HTTP 500 ...`, `timed out`, the transport chain).
pub fn cause(err: &Error) -> Cause {
    let Error::Aws(aws) = err else {
        return Cause {
            kind: ErrorKind::Local,
            call: None,
            reason: shorten(&dedupe(&err.to_string())),
        };
    };
    let call = iam_action(aws.service, aws.operation);
    let (kind, reason) = classify(aws, &call);
    Cause {
        kind,
        call: Some(call),
        reason: shorten(&reason),
    }
}

fn classify(aws: &AwsError, call: &str) -> (ErrorKind, String) {
    let detail = aws.detail.as_str();
    if let Some(code) = aws.code.as_deref() {
        let message = detail
            .strip_prefix(code)
            .and_then(|m| m.strip_prefix(": "))
            .map(first_sentence);
        return match code_kind(code) {
            ErrorKind::AccessDenied => (
                ErrorKind::AccessDenied,
                format!("{code}: not authorized to perform {call}"),
            ),
            ErrorKind::Credentials => (
                ErrorKind::Credentials,
                format!("{code}: credentials expired or not valid"),
            ),
            ErrorKind::Throttled => (
                ErrorKind::Throttled,
                format!("{code}: throttled past all retries"),
            ),
            ErrorKind::NotImplemented => (
                ErrorKind::NotImplemented,
                format!("endpoint does not implement {call} ({code})"),
            ),
            kind => match message {
                Some(message) if !message.is_empty() => (kind, format!("{code}: {message}")),
                _ => (kind, dedupe(detail)),
            },
        };
    }
    if let Some(status) = http_status(detail) {
        return match status {
            500.. => (
                ErrorKind::NotImplemented,
                // The status is in `detail`; the short form says what it means.
                format!("endpoint does not implement {call}"),
            ),
            403 => (
                ErrorKind::AccessDenied,
                format!("HTTP 403: not authorized to perform {call}"),
            ),
            _ => (ErrorKind::Aws, dedupe(detail)),
        };
    }
    if detail == "timed out" {
        return (ErrorKind::Timeout, format!("{call} timed out"));
    }
    if looks_like_credentials(detail) {
        let lower = detail.to_ascii_lowercase();
        let reason = if lower.contains("expired") {
            "credentials expired"
        } else {
            "no credentials found"
        };
        return (ErrorKind::Credentials, reason.into());
    }
    let lower = detail.to_ascii_lowercase();
    if lower.contains("timeout") || lower.contains("timed out") {
        return (ErrorKind::Timeout, format!("{call} timed out"));
    }
    if ["connect", "dns error", "connection refused", "connection reset"]
        .iter()
        .any(|w| lower.contains(w))
    {
        // The innermost cause says what happened ("Connection refused (os error 111)").
        let last = dedupe(detail);
        let last = last.rsplit(": ").next().unwrap_or_default();
        let last = last.split(" (os error").next().unwrap_or(last).trim();
        return (
            ErrorKind::Unreachable,
            format!("endpoint unreachable: {}", last.to_lowercase()),
        );
    }
    (ErrorKind::Aws, dedupe(detail))
}

/// The kind an AWS error code names; [`ErrorKind::Aws`] for the rest.
fn code_kind(code: &str) -> ErrorKind {
    let lower = code.to_ascii_lowercase();
    if lower.contains("accessdenied") || lower.contains("unauthorized") || code == "AuthorizationError" {
        ErrorKind::AccessDenied
    } else if CREDENTIAL_CODES.contains(&code) {
        ErrorKind::Credentials
    } else if lower.contains("throttl")
        || lower.contains("limitexceeded")
        || code == "TooManyRequestsException"
    {
        ErrorKind::Throttled
    } else if matches!(
        code,
        "NotImplemented" | "InvalidAction" | "UnknownOperationException"
    ) {
        ErrorKind::NotImplemented
    } else {
        ErrorKind::Aws
    }
}

const CREDENTIAL_CODES: [&str; 7] = [
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "SignatureDoesNotMatch",
    "InvalidAccessKeyId",
    "AuthFailure",
];

/// The status of a detail [`sdk_error`] wrote for an answer without an error code (`HTTP 500: ...`,
/// `HTTP 500 with no error code or message`).
fn http_status(detail: &str) -> Option<u16> {
    let rest = detail.strip_prefix("HTTP ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (digits.len() == 3).then(|| digits.parse().ok()).flatten()
}

/// The first sentence of an AWS message: they often go on to restate the request. A message that
/// wraps another service's error the way botocore prints it (`An error occurred (Code) when calling
/// the Op operation: ...`) keeps only what comes after.
fn first_sentence(message: &str) -> String {
    let mut message = message.trim();
    if message.starts_with("An error occurred (")
        && let Some((_, rest)) = message.split_once(" operation: ")
    {
        message = rest.trim();
    }
    match message.find(". ") {
        Some(end) => message[..end].to_string(),
        None => message.trim_end_matches('.').to_string(),
    }
}

/// Layers of an error chain the SDK adds without saying anything (`service error`, `dispatch
/// failure`, `io error`, ...).
const EMPTY_LAYERS: [&str; 8] = [
    "service error",
    "unhandled error",
    "dispatch failure",
    "io error",
    "other",
    "error",
    "client error (connect)",
    "response error",
];

/// An error chain (`a: b: c; hint`) with its empty layers and its repeats dropped: a layer that only
/// says again what an earlier one said (often with `Error:` or the code in front) goes.
fn dedupe(text: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for part in text.split(": ").flat_map(|p| p.split("; ")) {
        let part = part.trim();
        let lower = part.to_ascii_lowercase();
        if part.is_empty() || EMPTY_LAYERS.contains(&lower.as_str()) {
            continue;
        }
        let normal = |s: &str| {
            s.to_ascii_lowercase()
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        };
        let this = normal(part);
        if kept.iter().any(|k| normal(k).contains(&this)) {
            continue;
        }
        kept.push(part);
    }
    kept.join(": ")
}

/// `text` on one line, cut with an ellipsis at [`REASON_MAX`] characters.
fn shorten(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match crate::text::cut(&line, REASON_MAX - 1) {
        Some(cut) => format!("{}…", cut.trim_end()),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aws(service: &'static str, operation: &'static str, code: Option<&str>, detail: &str) -> Error {
        AwsError {
            service,
            operation,
            scope: None,
            code: code.map(str::to_string),
            detail: detail.into(),
            hint: None,
        }
        .into()
    }

    #[test]
    fn access_denied_is_the_code_and_the_missing_permission() {
        let err = aws(
            "ce",
            "GetCostAndUsage",
            Some("AccessDeniedException"),
            "AccessDeniedException: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: \
             ce:GetCostAndUsage on resource: arn:aws:ce:us-east-1:123456789012:/GetCostAndUsage because no \
             identity-based policy allows the ce:GetCostAndUsage action",
        );
        let cause = cause(&err);
        assert_eq!(cause.kind, ErrorKind::AccessDenied);
        assert_eq!(
            cause.reason,
            "AccessDeniedException: not authorized to perform ce:GetCostAndUsage"
        );
        assert_eq!(cause.call.as_deref(), Some("ce:GetCostAndUsage"));
        // The IAM action, where it is not the operation's name.
        let err = aws(
            "budgets",
            "DescribeBudgets",
            Some("AccessDenied"),
            "AccessDenied: no",
        );
        assert_eq!(
            super::cause(&err).reason,
            "AccessDenied: not authorized to perform budgets:ViewBudget"
        );
    }

    /// moto answers an operation it lacks with HTTP 500 and an empty body; `sdk_error` writes that as
    /// `HTTP 500 with no error code or message`.
    #[test]
    fn a_5xx_without_a_code_is_a_call_the_endpoint_does_not_implement() {
        for detail in [
            "HTTP 500 with no error code or message",
            "HTTP 501: <html><body>Not Implemented</body></html>",
        ] {
            let cause = cause(&aws("ce", "ListCostAllocationTags", None, detail));
            assert_eq!(cause.kind, ErrorKind::NotImplemented, "{detail}");
            assert_eq!(
                cause.reason,
                "endpoint does not implement ce:ListCostAllocationTags"
            );
        }
        let cause = cause(&aws(
            "sts",
            "GetCallerIdentity",
            None,
            "HTTP 403 with no error code or message",
        ));
        assert_eq!(cause.kind, ErrorKind::AccessDenied);
    }

    /// The chains the SDK really gives (seen from `costbrake doctor` without credentials, and with
    /// --endpoint-url at a closed port).
    #[test]
    fn transport_chains_become_one_short_reason() {
        let no_credentials = "dispatch failure: other: an error occurred while loading credentials: failed to \
                              load IMDS session token: service error: request forbidden: IMDS is disabled or \
                              the caller has insufficient permissions.";
        let cause = cause(&aws("sts", "GetCallerIdentity", None, no_credentials));
        assert_eq!(
            (cause.kind, cause.reason.as_str()),
            (ErrorKind::Credentials, "no credentials found")
        );

        let refused = "dispatch failure: io error: client error (Connect): tcp connect error: Connection \
                       refused (os error 111)";
        let cause = super::cause(&aws("sts", "GetCallerIdentity", None, refused));
        assert_eq!(cause.kind, ErrorKind::Unreachable);
        assert_eq!(cause.reason, "endpoint unreachable: connection refused");

        let cause = super::cause(&aws("sts", "GetCallerIdentity", None, "timed out"));
        assert_eq!(
            (cause.kind, cause.reason.as_str()),
            (ErrorKind::Timeout, "sts:GetCallerIdentity timed out")
        );
    }

    #[test]
    fn a_long_message_that_repeats_itself_is_cut_to_its_first_sentence() {
        let sentence = "1 validation error detected: Value 'agent:log/summarizer' at 'budget.budgetName' failed \
                        to satisfy constraint: Member must satisfy regular expression pattern: [^:\\\\]+";
        let detail = format!("ValidationException: {sentence}. {sentence}. {sentence}.");
        assert!(detail.len() > 300, "{}", detail.len());
        let cause = cause(&aws(
            "budgets",
            "CreateBudget",
            Some("ValidationException"),
            &detail,
        ));
        assert_eq!(cause.kind, ErrorKind::Aws);
        assert!(cause.reason.chars().count() <= REASON_MAX, "{}", cause.reason);
        assert!(
            cause
                .reason
                .starts_with("ValidationException: 1 validation error detected"),
            "{}",
            cause.reason
        );
        assert_eq!(
            cause.reason.matches("validation error").count(),
            1,
            "{}",
            cause.reason
        );
        assert!(cause.reason.ends_with('…'), "{}", cause.reason);

        // moto's Athena wraps the Glue error as botocore prints it.
        let detail = "MetadataException: An error occurred (EntityNotFoundException) when calling the GetDatabase \
                      operation: Database cur not found. (Service: AmazonDataCatalog; Status Code: 400; Error \
                      Code: EntityNotFoundException)";
        let cause = super::cause(&aws("athena", "GetDatabase", Some("MetadataException"), detail));
        assert_eq!(cause.reason, "MetadataException: Database cur not found");
    }

    #[test]
    fn repeated_layers_of_a_chain_are_dropped() {
        assert_eq!(
            dedupe(
                "service error: unhandled error (InternalFailure): error: InternalFailure: InternalFailure: an \
                 internal error occurred: An internal error occurred."
            ),
            "unhandled error (InternalFailure): an internal error occurred"
        );
        let cause = cause(&Error::usage("no region configured; no region configured"));
        assert_eq!(
            (cause.kind, cause.reason.as_str()),
            (ErrorKind::Local, "no region configured")
        );
        assert_eq!(cause.call, None);
    }

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
