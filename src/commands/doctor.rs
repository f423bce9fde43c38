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
    let scope = super::AccountsScope::from_args(&args.accounts, &config)?;
    let ctx = super::bounded_context(inv, scope.as_ref(), &config).await?;
    let options = doctor::Options {
        activate_tags: args.activate_tags,
    };
    let mut report = doctor::run_with(&ctx, &config, options).await;
    if let Some(scope) = &scope {
        // The checks above are the caller's account's; these are every member's way in.
        let sessions = scope.enter(&ctx, &config, style).await?;
        doctor::add_accounts(&mut report, &sessions).await;
    }
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
