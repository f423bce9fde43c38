//! `costbrake kill`, `kill plan`, `kill undo`, `kill status`: turn the command line into validated
//! [`killswitch`] inputs, refuse what is unsafe before the first AWS request (empty or match-all
//! selectors, no terminal without `--yes`, stale saved plans), ask for the typed confirmation, and render
//! plans, results and status.

use super::{EMPTY_SELECTOR, Invocation, refuse_without_terminal, warn_gaps};
use crate::cli::{KillArgs, KillCommand, SelectorArgs};
use crate::error::{Error, ExitCode, Result};
use crate::output::{self, Style};
use crate::{aws, config, inventory, killswitch};

/// How a refused kill names the flags that change it.
pub(super) const REFUSALS: killswitch::Refusals = killswitch::Refusals {
    narrow: "narrow it (--agent, --run, more --tag pairs) or --regions",
    limit: "--max-resources",
    partial: "pass --allow-partial",
    irreversible: "--no-irreversible",
};

/// The validated selector flags of a kill command.
pub(super) struct KillScope {
    pub(super) selector: Option<killswitch::Selector>,
    pub(super) regions: Vec<String>,
    pub(super) account: Option<String>,
}

pub(super) fn kill_scope(args: &SelectorArgs, config: &config::Config) -> Result<KillScope> {
    let mut terms = Vec::new();
    if let Some(agent) = &args.agent {
        terms.push(killswitch::Term {
            label: "--agent",
            key: &config.tags.agent,
            value: agent,
            key_given: false,
        });
    }
    if let Some(run) = &args.run {
        terms.push(killswitch::Term {
            label: "--run",
            key: &config.tags.run,
            value: run,
            key_given: false,
        });
    }
    terms.extend(args.tag.iter().map(|(key, value)| killswitch::Term {
        label: "--tag",
        key,
        value,
        key_given: true,
    }));
    let selector = if terms.is_empty() {
        None
    } else {
        Some(killswitch::Selector::new(&terms)?)
    };
    let given = super::regions_arg(&args.regions)?;
    let regions = if !given.is_empty() {
        given
    } else if !config.kill.regions.is_empty() {
        config.kill.regions.clone()
    } else {
        config.audit.regions.clone()
    };
    super::check_region_names(&regions)?;
    if let Some(account) = &args.account
        && (account.len() != 12 || !account.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(Error::usage(format!(
            "--account `{account}` is not a 12-digit AWS account id"
        )));
    }
    Ok(KillScope {
        selector,
        regions,
        account: args.account.clone(),
    })
}

/// `costbrake kill`, `kill plan`, `kill undo`, `kill status`.
pub async fn run(args: KillArgs, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    use killswitch::Mode;
    let (format, style) = (inv.format, &inv.style);
    let config = inv.load_config()?;
    match args.command {
        Some(KillCommand::Status(status_args)) => {
            output::ensure_supported::<killswitch::Status>(format)?;
            let scope = kill_scope(&status_args.selector, &config)?;
            if let Some(accounts) = super::AccountsScope::from_args(&status_args.accounts, &config)? {
                let ctx = super::bounded_context(inv, Some(&accounts), &config).await?;
                let caller = aws::sts::caller_identity(&ctx).await?.account;
                let sessions = accounts.enter(&ctx, &config, style).await?;
                let progress = output::progress(style);
                let status = killswitch::fanout::status(
                    &sessions,
                    &caller,
                    scope.selector.as_ref(),
                    &scope.regions,
                    progress.as_ref(),
                )
                .await?;
                output::render(&status, format, style)?;
                return Ok(warn_gaps(style, &status.gaps));
            }
            let ctx = inv.aws_context().await?;
            let regions = inventory::resolve_regions(&ctx, &scope.regions).await?;
            let progress = output::progress(style);
            let status = killswitch::status(
                &ctx,
                scope.selector.as_ref(),
                &regions,
                scope.account.as_deref(),
                progress.as_ref(),
            )
            .await?;
            output::render(&status, format, style)?;
            Ok(warn_gaps(style, &status.gaps))
        }
        Some(KillCommand::Plan(plan_args)) => {
            output::ensure_supported::<killswitch::Plan>(format)?;
            let scope = kill_scope(&plan_args.selector, &config)?;
            let mut options = kill_options(Mode::Kill, scope, None, plan_args.limit.max_resources, &config)?;
            options.skip_irreversible = plan_args.limit.no_irreversible;
            options.types = kill_types(&plan_args.limit.types)?;
            if let Some(accounts) = super::AccountsScope::from_args(&plan_args.accounts, &config)? {
                let ctx = super::bounded_context(inv, Some(&accounts), &config).await?;
                let planned = plan_accounts(&ctx, &accounts, &options, &config, style).await?;
                output::render(&planned.1.plan, format, style)?;
                return Ok(warn_gaps(style, &planned.1.plan.gaps));
            }
            let ctx = inv.aws_context().await?;
            let (plan, _caller) = build_plan(&ctx, options, style).await?;
            if let Some(path) = &plan_args.out {
                let json =
                    serde_json::to_vec_pretty(&plan).map_err(|e| Error::io("encoding the plan", e.into()))?;
                std::fs::write(path, json)
                    .map_err(|e| Error::io(format!("writing the plan to {}", path.display()), e))?;
                output::note(
                    style,
                    &format!("plan written to {} ({})", path.display(), plan.hash),
                );
            }
            output::render(&plan, format, style)?;
            Ok(warn_gaps(style, &plan.gaps))
        }
        Some(KillCommand::Undo(undo_args)) => {
            output::ensure_supported::<killswitch::Plan>(format)?;
            let mut scope = kill_scope(&undo_args.selector, &config)?;
            if let Some(id) = &undo_args.kill_id {
                killswitch::validate_kill_id(id)?;
                // This machine's journal knows the kill's regions and sandbox account.
                if let Some(killswitch::journal::Entry::Start {
                    regions,
                    sandbox_account,
                    ..
                }) = killswitch::journal::start_of(id)?
                {
                    if undo_args.selector.regions.is_empty() {
                        scope.regions = regions;
                    }
                    scope.account = scope.account.or(sandbox_account);
                }
            }
            if scope.selector.is_none() && undo_args.kill_id.is_none() {
                return Err(Error::usage(
                    "undo needs a selector (--agent, --run, --tag) or --kill-id ID; see `costbrake kill status`",
                )
                .into());
            }
            refuse_without_terminal(undo_args.confirm.yes, "undo")?;
            let accounts = super::AccountsScope::from_args(&undo_args.accounts, &config)?;
            let ctx = super::bounded_context(inv, accounts.as_ref(), &config).await?;
            if undo_args.kill_id.is_none() {
                widen_to_journaled_kills(
                    &ctx,
                    &mut scope,
                    undo_args.selector.regions.is_empty(),
                    accounts.is_some(),
                    style,
                )
                .await?;
            }
            let confirm = scope
                .selector
                .as_ref()
                .map(|s| s.confirm.clone())
                .or(undo_args.kill_id.clone())
                .unwrap_or_default();
            let mut options = kill_options(
                Mode::Undo,
                scope,
                undo_args.kill_id.clone(),
                Some(u32::MAX),
                &config,
            )?;
            options.relaunch_tasks = undo_args.relaunch_tasks;
            if let Some(accounts) = &accounts {
                return execute_many(
                    &ctx,
                    accounts,
                    &options,
                    &config,
                    (undo_args.confirm.yes, &confirm),
                    format,
                    style,
                )
                .await;
            }
            let (plan, caller) = build_plan(&ctx, options, style).await?;
            execute(
                &ctx,
                plan,
                &caller,
                undo_args.confirm.yes,
                &confirm,
                format,
                style,
            )
            .await
        }
        None => {
            output::ensure_supported::<killswitch::Plan>(format)?;
            let (mut options, saved_hash) = match &args.plan {
                Some(path) => {
                    let (options, hash) = saved_plan(path, args.limit.max_resources, &config)?;
                    (options, Some(hash))
                }
                None => {
                    let scope = kill_scope(&args.selector, &config)?;
                    (
                        kill_options(Mode::Kill, scope, None, args.limit.max_resources, &config)?,
                        None,
                    )
                }
            };
            options.allow_partial = args.allow_partial;
            options.skip_irreversible |= args.limit.no_irreversible;
            if !args.limit.types.is_empty() {
                options.types = kill_types(&args.limit.types)?;
            }
            if !args.dry_run {
                refuse_without_terminal(args.confirm.yes, "kill")?;
            }
            let confirm = options
                .selector
                .as_ref()
                .map(|s| s.confirm.clone())
                .unwrap_or_default();
            if let Some(accounts) = super::AccountsScope::from_args(&args.accounts, &config)? {
                let ctx = super::bounded_context(inv, Some(&accounts), &config).await?;
                if args.dry_run {
                    let (sessions, planned, _) =
                        plan_accounts(&ctx, &accounts, &options, &config, style).await?;
                    output::render(&planned.plan, format, style)?;
                    let verdicts = killswitch::fanout::dry_run(&sessions, &planned)
                        .await
                        .into_iter()
                        .map(|(account, region, verdict)| (format!("account {account} {region}"), verdict));
                    let code = dry_run_verdicts(style, verdicts);
                    return Ok(code.max(warn_gaps(style, &planned.plan.gaps)));
                }
                return execute_many(
                    &ctx,
                    &accounts,
                    &options,
                    &config,
                    (args.confirm.yes, &confirm),
                    format,
                    style,
                )
                .await;
            }
            let ctx = inv.aws_context().await?;
            let (plan, caller) = build_plan(&ctx, options, style).await?;
            if let Some(hash) = saved_hash
                && hash != plan.hash
            {
                return Err(Error::usage(format!(
                    "the saved plan is stale: the resources or their states changed since it was made ({hash} \
                     is now {}); nothing was changed; run `costbrake kill plan` again",
                    plan.hash
                ))
                .into());
            }
            if args.dry_run {
                output::render(&plan, format, style)?;
                let code = dry_run_verdicts(style, killswitch::apply::dry_run(&ctx, &plan).await);
                return Ok(code.max(warn_gaps(style, &plan.gaps)));
            }
            execute(&ctx, plan, &caller, args.confirm.yes, &confirm, format, style).await
        }
    }
}

pub(super) fn kill_options(
    mode: killswitch::Mode,
    scope: KillScope,
    kill_id: Option<String>,
    max_resources: Option<u32>,
    config: &config::Config,
) -> Result<killswitch::Options> {
    if mode == killswitch::Mode::Kill && scope.selector.is_none() {
        // Also checked by killswitch::plan, but here before any AWS request (`--regions all` makes one).
        return Err(Error::usage(EMPTY_SELECTOR));
    }
    Ok(killswitch::Options {
        mode,
        selector: scope.selector,
        kill_id,
        regions: scope.regions,
        sandbox_account: scope.account,
        max_resources: max_resources
            .map(|n| n as usize)
            .unwrap_or(config.kill.max_resources),
        refusals: REFUSALS,
        allow_partial: false,
        skip_irreversible: false,
        types: Vec::new(),
        relaunch_tasks: false,
    })
}

/// `--types` for a kill: each entry a known type that names at least one kind a kill acts on.
fn kill_types(given: &[String]) -> Result<Vec<String>> {
    let types: Vec<String> = given
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if !given.is_empty() && types.is_empty() {
        return Err(Error::usage(
            "--types is empty; name kinds, e.g. --types ec2:instance,lambda, or leave it out for every kind",
        ));
    }
    for t in &types {
        config::validate_resource_type(t).map_err(Error::usage)?;
        if killswitch::Kind::types_matching(std::slice::from_ref(t)).is_empty() {
            return Err(Error::usage(format!(
                "--types {t}: a kill does not act on it; it acts on {}",
                killswitch::Kind::types().join(", ")
            )));
        }
    }
    Ok(types)
}

/// Reads a plan saved by `kill plan --out`: its selector, regions and hash.
fn saved_plan(
    path: &std::path::Path,
    max_resources: Option<u32>,
    config: &config::Config,
) -> Result<(killswitch::Options, String)> {
    #[derive(serde::Deserialize)]
    struct Saved {
        schema: String,
        mode: String,
        selector_tags: Vec<(String, String)>,
        regions: Vec<String>,
        sandbox_account: Option<String>,
        #[serde(default)]
        skip_irreversible: bool,
        #[serde(default)]
        types: Vec<String>,
        hash: String,
    }
    let bad = |why: String| {
        Error::usage(format!(
            "--plan {}: {why}; write one with `costbrake kill plan --out FILE`",
            path.display()
        ))
    };
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let saved: Saved =
        serde_json::from_str(&text).map_err(|e| bad(format!("not a costbrake kill plan ({e})")))?;
    if saved.schema != killswitch::PLAN_SCHEMA || saved.mode != "kill" {
        return Err(bad(format!(
            "schema {} / mode {} is not a kill plan",
            saved.schema, saved.mode
        )));
    }
    if saved.selector_tags.is_empty() {
        return Err(bad(EMPTY_SELECTOR.to_string()));
    }
    let terms: Vec<killswitch::Term<'_>> = saved
        .selector_tags
        .iter()
        .map(|(key, value)| killswitch::Term {
            label: "--tag",
            key,
            value,
            key_given: true,
        })
        .collect();
    let selector = killswitch::Selector::new(&terms)?;
    let scope = KillScope {
        selector: Some(selector),
        regions: saved.regions,
        account: saved.sandbox_account,
    };
    let mut options = kill_options(killswitch::Mode::Kill, scope, None, max_resources, config)?;
    options.skip_irreversible = saved.skip_irreversible;
    options.types = kill_types(&saved.types)?;
    Ok((options, saved.hash))
}

/// An undo by selector also covers what this machine's journals say that selector's kills (by this
/// caller's account) touched: their regions, unless `--regions` was given, and their sandbox account,
/// unless `--account` was. Without it `kill undo --agent A` after `kill --agent A --account ID` would
/// leave the account's deny SCP in place and exit 0. Kills of one selector in two sandbox accounts are
/// refused: one undo reads one account.
///
/// Over several accounts (`across_accounts`, `--accounts`) it covers the regions of that selector's
/// kills in any account (each account's part of a kill journals that account as its own), and no
/// sandbox account (`--account` cannot be combined with `--accounts`).
async fn widen_to_journaled_kills(
    ctx: &aws::AwsContext,
    scope: &mut KillScope,
    widen_regions: bool,
    across_accounts: bool,
    style: &Style,
) -> Result<()> {
    let Some(selector) = &scope.selector else {
        return Ok(());
    };
    let mut kills = killswitch::journal::kills_of(&selector.describe())?;
    if kills.is_empty() || (!widen_regions && (scope.account.is_some() || across_accounts)) {
        return Ok(());
    }
    if !across_accounts {
        let account = aws::sts::caller_identity(ctx).await?.account;
        kills.retain(|k| k.account == account);
    }
    let mut added = Vec::new();
    if widen_regions {
        // No regions given or configured means the configured region: keep it, then add the kills'.
        if scope.regions.is_empty()
            && let Some(region) = ctx.region()
        {
            scope.regions.push(region.to_string());
        }
        for region in kills.iter().flat_map(|k| &k.regions) {
            if !scope.regions.contains(region) {
                scope.regions.push(region.clone());
                added.push(region.clone());
            }
        }
    }
    if scope.account.is_none() && !across_accounts {
        let mut accounts: Vec<&String> = kills.iter().filter_map(|k| k.sandbox_account.as_ref()).collect();
        accounts.sort();
        accounts.dedup();
        match accounts.as_slice() {
            [] => {}
            [one] => {
                scope.account = Some(one.to_string());
                added.push(format!("sandbox account {one}"));
            }
            many => {
                let list: Vec<&str> = many.iter().map(|a| a.as_str()).collect();
                return Err(Error::usage(format!(
                    "kills of {} locked sandbox accounts {}; undo one at a time with --account ID",
                    selector.describe(),
                    list.join(", ")
                )));
            }
        }
    }
    if !added.is_empty() {
        output::note(
            style,
            &format!(
                "undo also covers {}, from this machine's kill journal",
                added.join(", ")
            ),
        );
    }
    Ok(())
}

pub(super) async fn build_plan(
    ctx: &aws::AwsContext,
    mut options: killswitch::Options,
    style: &Style,
) -> Result<(killswitch::Plan, String)> {
    options.regions = inventory::resolve_regions(ctx, &options.regions).await?;
    let progress = output::progress(style);
    killswitch::plan(ctx, &options, progress.as_ref()).await
}

/// Shows the plan, asks for the typed confirmation unless `yes`, applies it and reports.
async fn execute(
    ctx: &aws::AwsContext,
    plan: killswitch::Plan,
    caller: &str,
    yes: bool,
    confirm: &str,
    format: output::Format,
    style: &Style,
) -> anyhow::Result<ExitCode> {
    use killswitch::Mode;
    if format == output::Format::Table || !yes {
        // People see the plan before anything changes; scripts get it inside the result.
        output::render_preview(&plan, format, style)?;
    }
    // The result's exit code counts the gaps too (apply::Report::exit_code).
    let _ = warn_gaps(style, &plan.gaps);
    let id = match plan.mode {
        Mode::Kill => killswitch::new_kill_id(jiff::Timestamp::now()),
        Mode::Undo => killswitch::new_kill_id(jiff::Timestamp::now()).replacen("kill-", "undo-", 1),
    };
    if plan.changes() == 0 {
        output::note(style, "Nothing to change.");
        let report = killswitch::apply::unchanged(&plan, &id, caller);
        if format != output::Format::Table {
            output::render(&report, format, style)?;
        }
        return Ok(report.exit_code());
    }
    if !yes {
        ask(&plan, confirm, None)?;
    }
    let progress = output::progress(style);
    let report = killswitch::apply::apply(ctx, &plan, &id, caller, progress.as_ref()).await?;
    output::render(&report, format, style)?;
    if format != output::Format::Table {
        output::note(style, &report.incident_line());
    }
    Ok(report.exit_code())
}

/// The plan over every account of `accounts`, with the caller's ARN.
async fn plan_accounts<'a>(
    ctx: &'a aws::AwsContext,
    accounts: &super::AccountsScope,
    options: &killswitch::Options,
    config: &config::Config,
    style: &Style,
) -> Result<(
    Vec<crate::accounts::Session<'a>>,
    killswitch::fanout::Planned,
    String,
)> {
    let caller = aws::sts::caller_identity(ctx).await?;
    let sessions = accounts.enter(ctx, config, style).await?;
    let progress = output::progress(style);
    let planned = killswitch::fanout::plan(&sessions, &caller.account, options, progress.as_ref()).await?;
    Ok((sessions, planned, caller.arn))
}

/// A kill or undo over several accounts: one plan shown, one confirmation naming how many accounts it
/// touches, each account's part applied in that account.
async fn execute_many(
    ctx: &aws::AwsContext,
    accounts: &super::AccountsScope,
    options: &killswitch::Options,
    config: &config::Config,
    (yes, confirm): (bool, &str),
    format: output::Format,
    style: &Style,
) -> anyhow::Result<ExitCode> {
    use killswitch::Mode;
    let (sessions, planned, caller) = plan_accounts(ctx, accounts, options, config, style).await?;
    let plan = &planned.plan;
    if format == output::Format::Table || !yes {
        output::render_preview(plan, format, style)?;
    }
    let _ = warn_gaps(style, &plan.gaps);
    let id = match plan.mode {
        Mode::Kill => killswitch::new_kill_id(jiff::Timestamp::now()),
        Mode::Undo => killswitch::new_kill_id(jiff::Timestamp::now()).replacen("kill-", "undo-", 1),
    };
    if plan.changes() == 0 {
        output::note(style, "Nothing to change.");
        let report = killswitch::apply::unchanged(plan, &id, &caller);
        if format != output::Format::Table {
            output::render(&report, format, style)?;
        }
        return Ok(report.exit_code());
    }
    if !yes {
        ask(plan, confirm, Some(planned.accounts_changed()))?;
    }
    let progress = output::progress(style);
    let report = killswitch::fanout::apply(
        &sessions,
        &planned,
        &id,
        &caller,
        config.accounts.concurrency,
        progress.as_ref(),
    )
    .await;
    output::render(&report, format, style)?;
    if format != output::Format::Table {
        output::note(style, &report.incident_line());
    }
    Ok(report.exit_code())
}

/// The typed confirmation: `type NAME to stop 12 resources in 3 accounts`.
fn ask(plan: &killswitch::Plan, confirm: &str, accounts: Option<usize>) -> Result<()> {
    let verb = if plan.mode == killswitch::Mode::Kill {
        "stop"
    } else {
        "restore"
    };
    let forever = match plan.irreversible() {
        0 => String::new(),
        n => format!(" ({n} of them for good: undo cannot bring them back)"),
    };
    let within = match accounts {
        Some(n) => format!(" in {n} account{}", if n == 1 { "" } else { "s" }),
        None => String::new(),
    };
    let question = format!(
        "costbrake: type `{confirm}` to {verb} {} resources{within}{forever} (anything else cancels):",
        plan.changes()
    );
    let confirmed = output::confirm_typed(&question, confirm)
        .map_err(|e| Error::io("reading the confirmation from the terminal", e))?;
    if !confirmed {
        return Err(Error::usage(format!(
            "the confirmation did not match `{confirm}`; nothing was changed"
        )));
    }
    Ok(())
}

/// Says what EC2's DryRun answered for each place (a region, or an account's region); partial (4) when
/// a stop would fail.
fn dry_run_verdicts(
    style: &Style,
    verdicts: impl IntoIterator<Item = (String, std::result::Result<(), String>)>,
) -> ExitCode {
    let mut code = ExitCode::Success;
    for (place, verdict) in verdicts {
        match verdict {
            Ok(()) => output::note(style, &format!("dry run: StopInstances in {place} would succeed")),
            Err(why) => {
                output::warn(
                    style,
                    &format!("dry run: StopInstances in {place} would fail: {why}"),
                );
                code = ExitCode::Partial;
            }
        }
    }
    code
}
