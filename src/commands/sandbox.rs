//! `costbrake sandbox ...`: turns the command line into a validated [`sandbox`] spec, calls the
//! capability and renders its result. Every input is validated before the first AWS request.

use std::time::Duration;

use super::Invocation;
use crate::cli::{PeriodArg, SandboxBudgetArgs, SandboxCommand, SandboxReachArgs};
use crate::error::{Error, ExitCode};
use crate::output;
use crate::sandbox::{self, Spec, SpecInput};

/// How often `create` asks where the account's creation stands; `COSTBRAKE_SANDBOX_POLL_MS` shortens it
/// for tests against an emulator.
const POLL: Duration = Duration::from_secs(5);

pub async fn run(command: SandboxCommand, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    let (format, style) = (inv.format, &inv.style);
    match command {
        SandboxCommand::Create(args) => {
            output::ensure_supported::<sandbox::Outcome>(format)?;
            let spec = spec(&args.name, Some(args.email.clone()), &args.budget)?;
            if args.timeout == 0 {
                return Err(Error::usage(
                    "--timeout 0 would never wait for the account; give seconds, e.g. 900",
                )
                .into());
            }
            let create = sandbox::Create {
                spec,
                timeout: Duration::from_secs(args.timeout),
                poll: poll_interval(),
                dry: false,
            };
            let ctx = inv.aws_context().await?;
            let waiting = output::waiting(style);
            let outcome = sandbox::create(&ctx, &create, waiting.as_ref()).await?;
            finish(&outcome, inv)
        }
        SandboxCommand::Adopt(args) => {
            output::ensure_supported::<sandbox::Outcome>(format)?;
            let account_id = sandbox::spec::validate_account(&args.account_id).map_err(Error::usage)?;
            // Without --name the sandbox takes the account's own name, checked once it is read.
            let named = args.name.is_some();
            let name = args.name.clone().unwrap_or_else(|| "unnamed".into());
            let spec = spec(&name, None, &args.budget)?;
            let ctx = inv.aws_context().await?;
            let outcome = sandbox::adopt(
                &ctx,
                &sandbox::Adopt {
                    spec,
                    account_id,
                    named,
                    dry: false,
                },
            )
            .await?;
            finish(&outcome, inv)
        }
        SandboxCommand::Freeze(args) => {
            output::ensure_supported::<sandbox::Frozen>(format)?;
            if args.sandbox.trim().is_empty() {
                return Err(Error::usage("the sandbox is empty; give its name or account id").into());
            }
            if args.reason.trim().is_empty() {
                return Err(
                    Error::usage("--reason is empty; say why, e.g. --reason \"budget spent\"").into(),
                );
            }
            let config = inv.load_config()?;
            let ctx = inv.aws_context().await?;
            let stop = match args.stop_running {
                true => Some(reach(&ctx, &args.reach, &config, true).await?),
                false => None,
            };
            let progress = output::progress(style);
            let frozen = sandbox::freeze(
                &ctx,
                &sandbox::Freeze {
                    sandbox: args.sandbox,
                    reason: args.reason,
                    by: None,
                    stop,
                },
                progress.as_ref(),
            )
            .await?;
            output::render(&frozen, format, style)?;
            Ok(ExitCode::Success)
        }
        SandboxCommand::Unfreeze(args) => {
            output::ensure_supported::<sandbox::Frozen>(format)?;
            let config = inv.load_config()?;
            let ctx = inv.aws_context().await?;
            let stop = reach(&ctx, &args.reach, &config, false).await?;
            let progress = output::progress(style);
            let unfrozen = sandbox::unfreeze(&ctx, &args.sandbox, Some(&stop), progress.as_ref()).await?;
            output::render(&unfrozen, format, style)?;
            Ok(ExitCode::Success)
        }
        SandboxCommand::Close(args) => {
            output::ensure_supported::<sandbox::Closed>(format)?;
            super::refuse_without_terminal(args.yes, "closing an AWS account")?;
            let ctx = inv.aws_context().await?;
            let found = sandbox::find_to_close(&ctx, &args.sandbox).await?;
            if !args.yes {
                let question = format!(
                    "Close account {} (sandbox {})? AWS suspends it and deletes it after 90 days. Type the \
                     account name ({}) to confirm:",
                    found.account.id, found.name, found.account.name
                );
                let confirmed = output::confirm_typed(&question, &found.account.name)
                    .map_err(|e| Error::io("reading the confirmation", e))?;
                if !confirmed {
                    return Err(Error::usage(format!(
                        "not confirmed: nothing was closed (type the account name `{}` to close it)",
                        found.account.name
                    ))
                    .into());
                }
            }
            let closed = sandbox::close(&ctx, &found).await?;
            output::render(&closed, format, style)?;
            Ok(ExitCode::Success)
        }
        SandboxCommand::Sync(args) => {
            output::ensure_supported::<sandbox::SyncPlan>(format)?;
            let config = inv.load_config()?;
            if config.sandboxes.is_empty() {
                let file = config
                    .source
                    .as_ref()
                    .map_or_else(|| "costbrake.toml".to_string(), |p| p.display().to_string());
                return Err(Error::usage(format!(
                    "{file} has no [[sandboxes]]; add one per sandbox (name, email or account_id, budget), see \
                     docs/sandbox.md"
                ))
                .into());
            }
            if !args.check {
                super::refuse_without_terminal(args.yes, "sandbox sync")?;
            }
            let ctx = inv.aws_context().await?;
            let waiting = output::waiting(style);
            let plan = sandbox::sync(&ctx, &config.sandboxes, false, waiting.as_ref()).await?;
            output::render(&plan, format, style)?;
            if args.check {
                return Ok(if plan.differs() > 0 {
                    ExitCode::Findings
                } else {
                    ExitCode::Success
                });
            }
            if plan.differs() == 0 {
                return Ok(ExitCode::Success);
            }
            if !args.yes {
                let confirmed = output::confirm_typed("Apply this plan? Type yes to apply:", "yes")
                    .map_err(|e| Error::io("reading the confirmation", e))?;
                if !confirmed {
                    return Err(Error::usage("not confirmed: nothing was changed").into());
                }
            }
            let applied = sandbox::sync(&ctx, &config.sandboxes, true, waiting.as_ref()).await?;
            output::render(&applied, format, style)?;
            Ok(if applied.failed() > 0 {
                ExitCode::Partial
            } else {
                ExitCode::Success
            })
        }
        SandboxCommand::List(_) => {
            output::ensure_supported::<sandbox::List>(format)?;
            let ctx = inv.aws_context().await?;
            let list = sandbox::list(&ctx).await?;
            output::render(&list, format, style)?;
            Ok(ExitCode::Success)
        }
    }
}

/// Renders a create or adopt, and exits 4 when it stopped half-way.
fn finish(outcome: &sandbox::Outcome, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    output::render(outcome, inv.format, &inv.style)?;
    match &outcome.error {
        None => Ok(ExitCode::Success),
        Some(error) => {
            output::error_line(error, inv.style.color_stderr);
            Ok(if outcome.changed() {
                ExitCode::Partial
            } else {
                ExitCode::Aws
            })
        }
    }
}

fn spec(name: &str, email: Option<String>, args: &SandboxBudgetArgs) -> Result<Spec, Error> {
    let period = match args.period {
        PeriodArg::Daily => "daily",
        PeriodArg::Monthly => "monthly",
        PeriodArg::Quarterly => "quarterly",
        PeriodArg::Annually => "annually",
    };
    Spec::new(SpecInput {
        name: name.to_string(),
        email,
        budget: args.budget.clone(),
        period: Some(period.into()),
        ou: args.ou.clone(),
        owner: args.owner.clone(),
        notify: args.notify.clone(),
    })
    .map_err(Error::usage)
}

fn poll_interval() -> Duration {
    std::env::var("COSTBRAKE_SANDBOX_POLL_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(POLL, Duration::from_millis)
}

/// How `--stop-running` (and the unfreeze undoing it) reaches into the account: the role, the regions
/// (resolved like a kill's for a freeze; for an unfreeze only when given, else those recorded), the
/// size limit.
async fn reach(
    ctx: &crate::aws::AwsContext,
    args: &SandboxReachArgs,
    config: &crate::config::Config,
    freeze: bool,
) -> anyhow::Result<sandbox::freeze::StopRunning> {
    crate::text::check_tag_text("--role-name", &args.role_name).map_err(Error::usage)?;
    if args.role_name.is_empty() || args.role_name.contains('/') {
        return Err(Error::usage(format!(
            "--role-name `{}` is not a role name; give the name only, e.g. OrganizationAccountAccessRole",
            args.role_name
        ))
        .into());
    }
    let regions = if freeze || !args.regions.is_empty() {
        let scope = super::kill::kill_scope(
            &crate::cli::SelectorArgs {
                agent: None,
                run: None,
                tag: Vec::new(),
                regions: args.regions.clone(),
                account: None,
            },
            config,
        )?;
        crate::inventory::resolve_regions(ctx, &scope.regions).await?
    } else {
        Vec::new()
    };
    Ok(sandbox::freeze::StopRunning {
        role_name: args.role_name.clone(),
        regions,
        max_resources: args
            .max_resources
            .map(|n| n as usize)
            .unwrap_or(config.kill.max_resources),
        refusals: crate::killswitch::Refusals {
            narrow: "narrow --regions",
            limit: "--max-resources",
            partial: "fix the listing and run the same freeze again",
            irreversible: "(not available for a freeze)",
        },
    })
}
