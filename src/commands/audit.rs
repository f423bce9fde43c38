//! `costbrake audit`: the required tags, regions and types from the flags over the config, then the
//! audit (in the caller's account, or in every account of `--accounts`), its rendering, its gap warnings
//! and its exit code (1 on findings, 4 on gaps).

use super::Invocation;
use crate::cli::AuditArgs;
use crate::error::{Error, ExitCode, Result};
use crate::{audit, config, inventory, output};

pub async fn run(args: AuditArgs, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    let (format, style) = (inv.format, &inv.style);
    output::ensure_supported::<audit::Report>(format)?;
    let config = inv.load_config()?;
    // audit::run validates the options before its first request.
    let options = options(input(&args)?, &config)?;
    let scope = super::AccountsScope::from_args(&args.accounts, &config)?;
    let ctx = super::bounded_context(inv, scope.as_ref(), &config).await?;
    let progress = output::progress(style);
    let report = match &scope {
        None => audit::run(&ctx, &options, progress.as_ref()).await?,
        Some(scope) => {
            let caller = crate::aws::sts::caller_identity(&ctx).await?.account;
            let sessions = scope.enter(&ctx, &config, style).await?;
            audit::run_accounts(
                sessions,
                &caller,
                &options,
                crate::accounts::accounts_in_flight(config.accounts.concurrency),
                progress.as_ref(),
            )
            .await?
        }
    };
    output::render(&report, format, style)?;
    let _ = super::warn_gaps(style, &report.gaps); // the exit code is the report's
    if !matches!(format, output::Format::Table | output::Format::Github) {
        output::note(style, &output::audit_summary(&report));
    }
    Ok(report.exit_code(args.exit_zero, args.allow_partial))
}

/// The audit's inputs from the command line, before config defaults.
struct Input {
    require: Vec<String>,
    regions: Vec<String>,
    types: Vec<String>,
    agent: Option<String>,
}

fn input(args: &AuditArgs) -> Result<Input> {
    if args.require.iter().any(|k| k.trim().is_empty()) {
        return Err(Error::usage(
            "--require needs a tag key, e.g. --require agent-name",
        ));
    }
    let trimmed = |v: &[String]| -> Vec<String> {
        v.iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    Ok(Input {
        require: trimmed(&args.require),
        regions: super::regions_arg(&args.regions)?,
        types: trimmed(&args.types),
        agent: args.agent.clone(),
    })
}

/// Command-line values win; the config file fills in what is not given.
fn options(input: Input, config: &config::Config) -> Result<audit::Options> {
    let pick =
        |given: Vec<String>, default: &[String]| if given.is_empty() { default.to_vec() } else { given };
    if let Some(agent) = &input.agent
        && agent.trim().is_empty()
    {
        return Err(Error::usage(
            "--agent needs a name; leave it out to audit every agent",
        ));
    }
    if let Some(agent) = &input.agent {
        crate::text::check_tag_text("--agent", agent).map_err(Error::usage)?;
    }
    // --require overrides every rule; without it [audit.require] applies over tags.required.
    let (rules, required_from) = if input.require.is_empty() {
        (config.audit.require.clone(), audit::DEFAULT_RULE)
    } else {
        (Vec::new(), "--require")
    };
    let required = pick(input.require, &config.tags.required);
    if required.is_empty() {
        return Err(Error::usage(
            "no required tags: pass --require KEY or set tags.required in costbrake.toml",
        ));
    }
    for key in &required {
        config::validate_tag_key(key).map_err(|m| Error::usage(format!("--require: {m}")))?;
    }
    let regions = pick(input.regions, &config.audit.regions);
    super::check_region_names(&regions)?;
    let types = pick(input.types, &config.audit.types);
    if types.len() > 100 {
        return Err(Error::usage(format!(
            "--types has {} entries; the Tagging API takes at most 100, so narrow it down",
            types.len()
        )));
    }
    Ok(audit::Options {
        required,
        regions,
        types: inventory::TypeFilter::new(types)?,
        agent: input.agent.map(|a| (config.tags.agent.clone(), a)),
        exemptions: config.audit.exempt.clone(),
        rules,
        required_from,
    })
}
