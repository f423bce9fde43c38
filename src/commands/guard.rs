//! `costbrake guard`: the brake that acts on budgets. Resolves the regions and the size limit like a
//! kill, then runs one pass (`--once`) or a pass every `--interval`, each stopping the breached agents
//! through the kill-switch when `--apply` says so.

use super::Invocation;
use super::kill::kill_scope;
use crate::cli::{GuardArgs, SelectorArgs};
use crate::error::ExitCode;
use crate::{guard, inventory, killswitch, output};

/// `costbrake guard`: one pass with `--once`, else a pass every `--interval` until interrupted.
pub async fn run(args: GuardArgs, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    let (format, style) = (inv.format, &inv.style);
    output::ensure_supported::<guard::Report>(format)?;
    let config = inv.load_config()?;
    let scope = kill_scope(
        &SelectorArgs {
            agent: None,
            run: None,
            tag: Vec::new(),
            regions: args.regions.clone(),
            account: None,
        },
        &config,
    )?;
    let ctx = inv.aws_context().await?;
    let options = guard::Options {
        agent_tag: config.tags.agent.clone(),
        regions: inventory::resolve_regions(&ctx, &scope.regions).await?,
        max_resources: args
            .max_resources
            .map(|n| n as usize)
            .unwrap_or(config.kill.max_resources),
        apply: args.apply,
        refusals: killswitch::Refusals {
            narrow: "narrow --regions, or tag fewer resources with this agent's name",
            limit: "--max-resources",
            partial: "run `costbrake kill --agent NAME --allow-partial`",
            irreversible: "guard --no-irreversible",
        },
        skip_irreversible: args.no_irreversible,
        sandboxes: true,
        thaw: !args.no_thaw,
        now: now()?,
    };
    loop {
        let progress = output::progress(style);
        let report = guard::run(&ctx, &options, progress.as_ref()).await?;
        output::render(&report, format, style)?;
        if !args.apply && report.breached() > 0 {
            output::note(
                style,
                "dry run: nothing was stopped; run with --apply to stop these agents",
            );
        }
        if args.once {
            return Ok(report.exit_code());
        }
        output::note(
            style,
            &format!(
                "next check in {}s (Ctrl-C stops the guard)",
                args.interval.as_secs()
            ),
        );
        // Ctrl-C ends the process between passes; a pass interrupted half-way is journaled like any kill.
        tokio::time::sleep(args.interval).await;
    }
}

/// The time of the pass: now, or `COSTBRAKE_NOW` (RFC 3339), which only the tests set, to see a budget
/// period turn.
fn now() -> Result<jiff::Timestamp, crate::Error> {
    match std::env::var("COSTBRAKE_NOW") {
        Ok(text) if !text.is_empty() => text.parse().map_err(|e| {
            crate::Error::usage(format!(
                "COSTBRAKE_NOW `{text}` is not an RFC 3339 time ({e}); unset it (it is for tests)"
            ))
        }),
        _ => Ok(jiff::Timestamp::now()),
    }
}
