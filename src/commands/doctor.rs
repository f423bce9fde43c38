//! `costbrake doctor`: runs the checks, renders their verdicts, and names the first failing check and
//! its fix on stderr.

use super::Invocation;
use crate::cli::DoctorArgs;
use crate::error::ExitCode;
use crate::{doctor, output};

pub async fn run(args: DoctorArgs, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    let (format, style) = (inv.format, &inv.style);
    output::ensure_supported::<doctor::Report>(format)?;
    let config = inv.load_config()?;
    let ctx = inv.aws_context().await?;
    let options = doctor::Options {
        activate_tags: args.activate_tags,
    };
    let report = doctor::run_with(&ctx, &config, options).await;
    output::render(&report, format, style)?;
    if let Some(error) = report.cost_explorer.as_ref().and_then(|s| s.error.as_ref()) {
        output::warn(style, &format!("cannot read the cost allocation tags: {error}"));
    }
    if let Some(failure) = report.first_failure() {
        let fix = failure
            .fix
            .as_deref()
            .map(|f| format!("; {f}"))
            .unwrap_or_default();
        output::error_line(
            &format!("doctor: check `{}` failed: {}{fix}", failure.id, failure.detail),
            style.color_stderr,
        );
    }
    Ok(report.exit_code())
}
