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
    if let Some(section) = &report.cost_explorer
        && let Some(error) = &section.error
    {
        // The short reason: the table and its note say the rest, `-o json` has the whole error.
        let reason = section.error_cause.as_ref().map_or(error.as_str(), |c| &c.reason);
        output::warn(style, &format!("cannot read the cost allocation tags: {reason}"));
    }
    if let Some(failure) = report.first_failure() {
        // The short reason, as in the table; `-o json` has the whole error.
        let fix = failure
            .fix
            .as_deref()
            .map(|f| match failure.fix_is_unimplemented_hint() {
                true => "; AWS serves it, the endpoint in use does not (an emulator?)".to_string(),
                false => format!("; {f}"),
            })
            .unwrap_or_default();
        output::error_line(
            &format!(
                "doctor: check `{}` failed: {}{fix}",
                failure.id,
                failure.summary()
            ),
            style.color_stderr,
        );
    }
    Ok(report.exit_code())
}
