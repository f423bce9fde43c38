//! The command-line glue: one file per subcommand, each with the same shape. `run(args, &Invocation)`
//! resolves the arguments against the configuration into the capability's plain inputs (every input
//! error is caught here, before the first AWS request), calls the capability, hands its data to
//! [`crate::output`], and chooses the exit code. Nothing below this module knows about clap or flags;
//! the glue does not call `aws_sdk_*` or print by itself.

pub mod audit;
pub mod budget;
pub mod completions;
pub mod doctor;
pub mod guard;
pub mod kill;
pub mod policy;
pub mod report;
pub mod run;
pub mod sandbox;

use anyhow::Context as _;

use crate::cli::GlobalArgs;
use crate::error::{Error, ExitCode, Result};
use crate::output::{self, Format, Style};
use crate::{accounts, aws, config, inventory};

/// What every subcommand gets besides its own arguments: the global options, the output format and the
/// resolved style.
#[derive(Debug)]
pub struct Invocation<'a> {
    pub global: &'a GlobalArgs,
    pub format: Format,
    pub style: Style,
}

impl<'a> Invocation<'a> {
    pub fn new(global: &'a GlobalArgs) -> Self {
        Invocation {
            global,
            format: global.output.output.into(),
            style: Style::detect(global.output.color.into(), global.general.quiet),
        }
    }

    /// `costbrake.toml`: `--config`, else `./costbrake.toml`, else the user config dir, else defaults.
    pub fn load_config(&self) -> Result<config::Config> {
        config::load(&config::Lookup::standard(self.global.general.config.clone()))
    }

    /// The one AWS configuration of this run, resolved as the AWS CLI does.
    pub async fn aws_context(&self) -> anyhow::Result<aws::AwsContext> {
        let options = aws::AwsOptions {
            profile: self.global.aws.profile.clone(),
            region: self.global.aws.region.clone(),
            endpoint_url: self.global.aws.endpoint_url.clone(),
        };
        aws::AwsContext::load(&options)
            .await
            .context("loading the AWS configuration")
    }
}

/// `--accounts` and `--role-name`, checked before any request; `None` without `--accounts`.
#[derive(Debug)]
pub struct AccountsScope {
    pub selection: accounts::Selection,
    pub role_name: String,
}

impl AccountsScope {
    pub fn from_args(
        args: &crate::cli::AccountsArgs,
        config: &config::Config,
    ) -> Result<Option<AccountsScope>> {
        let Some(text) = &args.accounts else {
            return Ok(None);
        };
        let selection = accounts::Selection::parse(text).map_err(Error::usage)?;
        let role_name = args
            .role_name
            .clone()
            .unwrap_or_else(|| config.accounts.role_name.clone());
        accounts::config::validate_role_name(&role_name)
            .map_err(|m| Error::usage(format!("--role-name: {m}")))?;
        Ok(Some(AccountsScope { selection, role_name }))
    }

    /// Resolves the selection and enters every account (one AssumeRole each), noting how many could
    /// not be entered. `ctx` must already carry the run's bound ([`aws::AwsContext::bound`]).
    pub async fn enter<'a>(
        &self,
        ctx: &'a aws::AwsContext,
        config: &config::Config,
        style: &Style,
    ) -> Result<Vec<accounts::Session<'a>>> {
        let found = accounts::resolve(ctx, &self.selection, &config.accounts, &self.role_name).await?;
        let total = found.len();
        let sessions = accounts::connect(ctx, found, config.accounts.concurrency).await;
        let failed = sessions.iter().filter(|s| s.ctx.is_err()).count();
        if failed > 0 {
            output::warn(
                style,
                &format!(
                    "{failed} of {total} account{} could not be entered; the others go on (see the gaps)",
                    if total == 1 { "" } else { "s" }
                ),
            );
        }
        Ok(sessions)
    }
}

/// The run's one AWS context, bounded for a fan-out over accounts when there is one.
pub async fn bounded_context(
    inv: &Invocation<'_>,
    scope: Option<&AccountsScope>,
    config: &config::Config,
) -> anyhow::Result<aws::AwsContext> {
    let mut ctx = inv.aws_context().await?;
    if scope.is_some() {
        ctx.bound(config.accounts.concurrency);
    }
    Ok(ctx)
}

/// Why a destructive command without a selector is refused, and what to give instead (kill, kill plan,
/// and the kill-switch's own check).
pub const EMPTY_SELECTOR: &str =
    "an empty selector would match everything; pass --agent NAME, --run ID or --tag KEY=VALUE";

/// Refuses a destructive command that would need a typed confirmation when there is no terminal to
/// type it on, unless `--yes` confirmed it already.
pub fn refuse_without_terminal(yes: bool, what: &str) -> Result<()> {
    if yes || output::can_prompt() {
        return Ok(());
    }
    Err(Error::usage(format!(
        "{what} needs a typed confirmation, and stdin is not a terminal; pass --yes to confirm from a script \
         (nothing was changed)"
    )))
}

/// A `--regions` list as given: trimmed, and refused when an entry is empty (`--regions ''` or `a,,b` is
/// a mistake, never a request for the default region). Empty when the flag was not given.
pub fn regions_arg(given: &[String]) -> Result<Vec<String>> {
    let regions: Vec<String> = given.iter().map(|r| r.trim().to_string()).collect();
    if regions.iter().any(String::is_empty) {
        return Err(Error::usage(format!(
            "--regions `{}` has an empty entry; give regions like us-east-1,eu-west-1, or `all`",
            crate::text::escape_controls(&given.join(","))
        )));
    }
    Ok(regions)
}

/// Refuses a region list (from `--regions` or the config) with a name that is not shaped like a region.
pub fn check_region_names(regions: &[String]) -> Result<()> {
    for region in regions.iter().filter(|r| *r != "all") {
        aws::parse_region(region).map_err(|m| Error::usage(format!("--regions: {m}")))?;
    }
    Ok(())
}

/// Warns about the parts of the scope that could not be read: one line per region (or the global
/// scope), however many of its reads failed, with the first error cut short; the full text of every gap
/// is logged with `-v` and is in the JSON output. Partial (4) when there is any.
pub fn warn_gaps(style: &Style, gaps: &[inventory::Gap]) -> ExitCode {
    let mut by_region: std::collections::BTreeMap<(Option<&str>, &str), Vec<&inventory::Gap>> =
        Default::default();
    for gap in gaps {
        tracing::debug!(account = ?gap.account, source = %gap.source, region = %gap.region, arn = ?gap.arn, error = %gap.error, "gap");
        by_region
            .entry((gap.account.as_deref(), gap.region.as_str()))
            .or_default()
            .push(gap);
    }
    for ((account, region), gaps) in &by_region {
        let region = match account {
            Some(account) => format!("account {account}, {region}"),
            None => region.to_string(),
        };
        let first = gaps[0];
        let line = match gaps.as_slice() {
            [gap] => {
                let what = gap.arn.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
                format!("gap: {} in {region}{what}: {}", gap.source, short(&gap.error))
            }
            _ => {
                let mut sources: Vec<&str> = gaps.iter().map(|g| g.source.as_str()).collect();
                sources.dedup();
                let resources = gaps.iter().filter(|g| g.arn.is_some()).count();
                let of = if resources > 0 {
                    format!(", {resources} resource{}", if resources == 1 { "" } else { "s" })
                } else {
                    String::new()
                };
                format!(
                    "gap: {} reads in {region} failed ({}{of}): {}",
                    gaps.len(),
                    sources.join(", "),
                    short(&first.error)
                )
            }
        };
        output::warn(style, &line);
    }
    if gaps.is_empty() {
        ExitCode::Success
    } else {
        ExitCode::Partial
    }
}

/// An error cut to a readable length; `-v` logs it whole.
fn short(error: &str) -> String {
    match crate::text::cut(error, 160) {
        Some(cut) => format!("{cut}… (-v for the full text)"),
        None => error.to_string(),
    }
}
