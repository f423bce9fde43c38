//! The library's error type and the process exit codes.
//!
//! Every error is one line that says what went wrong and what to do next. The exit codes are a stable
//! contract for scripts and CI, documented in `docs/exit-codes.md`; change them only with a major version.

use std::path::PathBuf;

/// Process exit codes. See `docs/exit-codes.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ExitCode {
    /// The command did what was asked and found nothing wrong.
    Success,
    /// The command worked and found violations (non-compliant resources, drift, failing checks).
    Findings,
    /// Bad command line, configuration or input. Nothing was changed in AWS.
    Usage,
    /// AWS refused or could not be reached: credentials, permissions, endpoint, throttling past retries.
    Aws,
    /// Part of the work failed (a region, a service or some resources) and the rest succeeded.
    Partial,
    /// A local failure: a file could not be read or written, or an internal error.
    Local,
    /// Interrupted by Ctrl-C or a signal; what was recorded so far can be resumed or undone.
    Interrupted,
    /// `costbrake run`: the wrapped command's own exit code (128 + N when signal N ended it, 124 when
    /// `--max-duration` did), passed on unchanged.
    Passthrough(u8),
}

impl ExitCode {
    /// The numeric code the process exits with.
    pub fn code(self) -> u8 {
        match self {
            ExitCode::Success => 0,
            ExitCode::Findings => 1,
            ExitCode::Usage => 2,
            ExitCode::Aws => 3,
            ExitCode::Partial => 4,
            ExitCode::Local => 5,
            ExitCode::Interrupted => 130,
            ExitCode::Passthrough(code) => code,
        }
    }

    /// The more severe of two exit codes, for commands that combine several outcomes.
    pub fn max(self, other: ExitCode) -> ExitCode {
        fn rank(c: ExitCode) -> u8 {
            match c {
                ExitCode::Success => 0,
                ExitCode::Findings => 1,
                ExitCode::Partial => 2,
                ExitCode::Aws => 3,
                ExitCode::Usage => 4,
                ExitCode::Local => 5,
                ExitCode::Interrupted => 6,
                ExitCode::Passthrough(_) => 7,
            }
        }
        if rank(other) > rank(self) { other } else { self }
    }
}

/// The library's error. Each variant renders as one line ending with the next step to take.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input from the command line or the environment.
    #[error("{message}")]
    Usage { message: String },

    /// A configuration file that cannot be used.
    #[error("config file {}: {message}", path.display())]
    Config { path: PathBuf, message: String },

    /// An AWS API call that failed.
    #[error(transparent)]
    Aws(Box<AwsError>),

    /// A local file or stream failure. The cause is the error's source, printed by the binary.
    #[error("{context}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// A usage error with a message that already says what to do.
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
        }
    }

    /// An I/O error with the path or stream it concerns.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// The exit code this error maps to.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Usage { .. } | Error::Config { .. } => ExitCode::Usage,
            Error::Aws(_) => ExitCode::Aws,
            Error::Io { source, .. } if source.kind() == std::io::ErrorKind::Interrupted => {
                ExitCode::Interrupted
            }
            Error::Io { .. } => ExitCode::Local,
        }
    }

    /// The AWS error code, if this is an AWS error that AWS answered.
    pub fn aws_code(&self) -> Option<&str> {
        match self {
            Error::Aws(err) => err.code.as_deref(),
            _ => None,
        }
    }
}

/// A failed AWS API call: which call, about what, AWS's code and message, and the next step.
#[derive(Debug, thiserror::Error)]
#[error("{service} {operation}{scope}: {detail}{hint}",
    scope = scope.as_deref().map(|s| format!(" in {s}")).unwrap_or_default(),
    hint = hint.as_deref().map(|h| format!("; {h}")).unwrap_or_default())]
pub struct AwsError {
    /// The IAM service prefix (`sts`, `ec2`, `tag`, `ce`, ...).
    pub service: &'static str,
    /// The API operation (`GetCallerIdentity`).
    pub operation: &'static str,
    /// Region, resource or account the call was about.
    pub scope: Option<String>,
    /// The AWS error code, when AWS answered.
    pub code: Option<String>,
    /// What went wrong, on one line.
    pub detail: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl From<AwsError> for Error {
    fn from(err: AwsError) -> Self {
        Error::Aws(Box::new(err))
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_stable() {
        assert_eq!(ExitCode::Success.code(), 0);
        assert_eq!(ExitCode::Findings.code(), 1);
        assert_eq!(ExitCode::Usage.code(), 2);
        assert_eq!(ExitCode::Aws.code(), 3);
        assert_eq!(ExitCode::Partial.code(), 4);
        assert_eq!(ExitCode::Local.code(), 5);
        assert_eq!(ExitCode::Interrupted.code(), 130);
    }

    #[test]
    fn max_prefers_the_more_severe_code() {
        assert_eq!(ExitCode::Success.max(ExitCode::Findings), ExitCode::Findings);
        assert_eq!(ExitCode::Partial.max(ExitCode::Findings), ExitCode::Partial);
        assert_eq!(ExitCode::Aws.max(ExitCode::Partial), ExitCode::Aws);
    }

    #[test]
    fn aws_error_renders_on_one_line_with_hint() {
        let err: Error = AwsError {
            service: "sts",
            operation: "GetCallerIdentity",
            scope: Some("us-east-1".into()),
            code: Some("ExpiredToken".into()),
            detail: "ExpiredToken: the security token included in the request is expired".into(),
            hint: Some("refresh your credentials".into()),
        }
        .into();
        let text = err.to_string();
        assert_eq!(
            text,
            "sts GetCallerIdentity in us-east-1: ExpiredToken: the security token included in the \
             request is expired; refresh your credentials"
        );
        assert!(!text.contains('\n'));
        assert_eq!(err.exit_code(), ExitCode::Aws);
    }
}
