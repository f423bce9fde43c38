//! `costbrake budget ...`: turns the command line into validated [`budgets`] inputs, asks for
//! confirmation where a command changes or deletes budgets, and renders the result. Every input is
//! validated before the first AWS request.

use std::path::{Path, PathBuf};

use super::Invocation;
use crate::budgets::{self, DenyIam, Spec, SpecInput, Spelling};
use crate::cli::{
    ApprovalArg, BudgetActionArg, BudgetCommand, BudgetCreateArgs, BudgetImportArgs, PeriodArg,
};
use crate::error::{Error, ExitCode};
use crate::output::{self, Format, Style};
use crate::{config, files};

/// How the command line spells a budget's inputs, for the errors.
const FLAGS: Spelling = Spelling {
    thresholds: "--thresholds 50,80,100",
    notify: "--notify email:ADDRESS or sns:TOPIC_ARN",
    role: "--role ROLE_NAME",
    execution_role: "--execution-role arn:aws:iam::ACCOUNT_ID:role/NAME",
};

pub async fn run(command: BudgetCommand, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    let (format, style) = (inv.format, &inv.style);
    match command {
        BudgetCommand::Create(args) => {
            output::ensure_supported::<budgets::Outcome>(format)?;
            let config = inv.load_config()?;
            let spec = spec_from_args(&args)?;
            let ctx = inv.aws_context().await?;
            let outcome = budgets::create(&ctx, &spec, &config.tags.agent).await?;
            output::render(&outcome, format, style)?;
            Ok(ExitCode::Success)
        }
        BudgetCommand::List(args) => {
            output::ensure_supported::<budgets::List>(format)?;
            let config = inv.load_config()?;
            let ctx = inv.aws_context().await?;
            let list = budgets::list(&ctx, &config.tags.agent, args.all).await?;
            output::render(&list, format, style)?;
            Ok(ExitCode::Success)
        }
        BudgetCommand::Show(args) => {
            output::ensure_supported::<budgets::Shown>(format)?;
            let config = inv.load_config()?;
            let name = match (args.name, args.agent) {
                (Some(name), _) => {
                    if name.trim().is_empty() {
                        return Err(
                            Error::usage("the budget name is empty; see `costbrake budget list`").into(),
                        );
                    }
                    name
                }
                (None, Some(agent)) => budgets::budget_name(&agent).map_err(Error::usage)?,
                (None, None) => return Err(Error::usage("give a budget NAME or --agent NAME").into()),
            };
            let ctx = inv.aws_context().await?;
            let shown = budgets::show(&ctx, &name, &config.tags.agent).await?;
            output::render(&shown, format, style)?;
            Ok(ExitCode::Success)
        }
        BudgetCommand::Delete(args) => {
            output::ensure_supported::<budgets::Deleted>(format)?;
            let name =
                budgets::budget_name(&args.agent).map_err(|m| Error::usage(format!("--agent: {m}")))?;
            if !args.yes && !output::can_prompt() {
                return Err(Error::usage(format!(
                    "refusing to delete budget `{name}` without confirmation: there is no terminal to ask on; \
                     re-run with --yes"
                ))
                .into());
            }
            let ctx = inv.aws_context().await?;
            let (account, record) = budgets::find(&ctx, &name).await?;
            let mut result = budgets::Deleted {
                schema: budgets::SCHEMA_DELETE,
                account,
                name: name.clone(),
                agent: args.agent.clone(),
                deleted: false,
            };
            if record.is_none() {
                output::warn(style, &format!("no budget named `{name}`; nothing deleted"));
                output::render(&result, format, style)?;
                return Ok(ExitCode::Success);
            }
            if !args.yes {
                let question = format!(
                    "Delete budget {name} with its notifications and actions in account {}? Type the agent name \
                     ({}) to confirm:",
                    result.account, args.agent
                );
                let confirmed = output::confirm_typed(&question, &args.agent)
                    .map_err(|e| Error::io("reading the confirmation from stdin", e))?;
                if !confirmed {
                    return Err(
                        Error::usage(format!("not confirmed; budget `{name}` was not deleted")).into(),
                    );
                }
            }
            budgets::delete(&ctx, &result.account, &name).await?;
            result.deleted = true;
            output::render(&result, format, style)?;
            Ok(ExitCode::Success)
        }
        BudgetCommand::Import(args) => import(args, inv).await,
        BudgetCommand::Sync(args) => {
            output::ensure_supported::<budgets::SyncPlan>(format)?;
            let config = inv.load_config()?;
            if config.source.is_none() {
                return Err(Error::usage(format!(
                    "budget sync needs a costbrake.toml with [[budgets]] entries and none was found; create one \
                     or pass --config (see {})",
                    budgets::docs()
                ))
                .into());
            }
            if !args.check && !args.yes && !output::can_prompt() {
                return Err(Error::usage(
                    "budget sync changes budgets and there is no terminal to confirm on; re-run with --yes to \
                     apply, or with --check to only compare",
                )
                .into());
            }
            let ctx = inv.aws_context().await?;
            let mut plan = budgets::sync_plan(&ctx, &config.budgets, &config.tags.agent, args.prune).await?;
            if args.check || !plan.has_changes() {
                output::render(&plan, format, style)?;
                return Ok(if args.check {
                    plan.check_exit_code()
                } else {
                    ExitCode::Success
                });
            }
            if !args.yes {
                output::render(&plan, format, style)?;
                let changes = plan.summary.create + plan.summary.update + plan.summary.delete;
                let confirmed = output::confirm_typed(
                    &format!(
                        "Apply these changes to {changes} budget(s) in account {}? Type yes:",
                        plan.account
                    ),
                    "yes",
                )
                .map_err(|e| Error::io("reading the confirmation from stdin", e))?;
                if !confirmed {
                    return Err(Error::usage("not confirmed; nothing was changed").into());
                }
                let code = budgets::sync_apply(&ctx, &mut plan, &config.budgets, &config.tags.agent).await;
                report_failures(&plan, style);
                output::note(style, &output::budget_sync_summary(&plan));
                return Ok(code);
            }
            let code = budgets::sync_apply(&ctx, &mut plan, &config.budgets, &config.tags.agent).await;
            output::render(&plan, format, style)?;
            report_failures(&plan, style);
            Ok(code)
        }
    }
}

/// `budget import`: every input (the glob, the target file: readable, valid, writable) is checked before
/// the first request; the file is written once, atomically, after every read succeeded.
async fn import(args: BudgetImportArgs, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    let (format, style) = (inv.format, &inv.style);
    output::ensure_supported::<budgets::Import>(format)?;
    let pattern = match &args.pattern {
        Some(p) => {
            let glob = globset::Glob::new(p).map_err(|e| {
                Error::usage(format!(
                    "--match `{p}` is not a valid glob ({e}); give a budget name pattern such as \
                     'costbrake-agent-research-*'"
                ))
            })?;
            Some((p.clone(), glob.compile_matcher()))
        }
        None => None,
    };
    // The configuration whose agent tag and entries count: the file written to, when it exists (it is
    // what `sync --config FILE` will read), else the usual one.
    let target = args.write.as_deref().map(Target::open).transpose()?;
    let config = match &target {
        Some(Target {
            path,
            text: Some(text),
        }) => config::parse(text, path)?,
        _ => inv.load_config()?,
    };
    let file = match (&target, &config.source) {
        (Some(t), _) => t.path.display().to_string(),
        (None, Some(source)) => source.display().to_string(),
        (None, None) => config::FILE_NAME.to_string(),
    };
    let options = budgets::ImportOptions {
        tag_key: config.tags.agent.clone(),
        pattern,
        existing: config.budgets.iter().map(|s| s.name.clone()).collect(),
    };
    let ctx = inv.aws_context().await?;
    let mut result = budgets::import(&ctx, &options).await?;
    if let Some(target) = &target
        && !result.imported.is_empty()
    {
        target.write(&mut result, &config.tags.agent)?;
    }
    output::render(&result, format, style)?;
    if format == Format::Table {
        output::budget_import_notes(&result, &file, style);
    }
    Ok(ExitCode::Success)
}

/// `--write FILE`, checked before any request: its text when it exists, and that it can be replaced.
struct Target {
    path: PathBuf,
    text: Option<String>,
}

impl Target {
    fn open(path: &Path) -> Result<Target, Error> {
        let shown = path.display();
        let text = if path.exists() {
            if !path.is_file() {
                return Err(Error::usage(format!(
                    "--write {shown}: not a file; give the path of a costbrake.toml"
                )));
            }
            Some(std::fs::read_to_string(path).map_err(|e| {
                Error::usage(format!(
                    "--write {shown}: cannot read it ({e}); check its permissions"
                ))
            })?)
        } else {
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if !dir.is_dir() {
                return Err(Error::usage(format!(
                    "--write {shown}: the directory {} does not exist; create it or choose another path",
                    dir.display()
                )));
            }
            None
        };
        files::check_replaceable(path).map_err(|e| {
            Error::usage(format!(
                "--write {shown}: cannot write it ({e}); check its permissions or choose another path"
            ))
        })?;
        Ok(Target {
            path: path.to_path_buf(),
            text,
        })
    }

    /// Merges the imported entries into the file, checks that it reads back with exactly those budgets,
    /// and replaces it.
    fn write(&self, result: &mut budgets::Import, tag_key: &str) -> Result<(), Error> {
        let shown = self.path.display();
        // A new file names a non-default agent tag key, so that `sync --config FILE` reads the same one.
        let tags_agent = (self.text.is_none() && tag_key != config::DEFAULT_AGENT_TAG).then_some(tag_key);
        let merged = budgets::merge(self.text.as_deref().unwrap_or_default(), result, tags_agent)
            .map_err(|m| Error::usage(format!("--write {shown}: {m}; fix the file and run again")))?;
        let read_back = config::parse(&merged, &self.path).map_err(|e| {
            Error::usage(format!(
                "internal: the merged {shown} does not load ({e}); please report this"
            ))
        })?;
        let round_trips = read_back.tags.agent == tag_key
            && result
                .imported
                .iter()
                .all(|i| read_back.budgets.contains(&i.spec));
        if !round_trips {
            return Err(Error::usage(format!(
                "internal: the merged {shown} would not hold the imported budgets as read; nothing was written, \
                 please report this"
            )));
        }
        files::replace_user_file(
            &self.path,
            self.text.as_deref().map(str::as_bytes),
            merged.as_bytes(),
        )
        .map_err(|e| {
            Error::usage(format!(
                "--write {shown}: cannot write it ({e}); nothing was changed"
            ))
        })?;
        result.written = Some(self.path.clone());
        Ok(())
    }
}

fn report_failures(plan: &budgets::SyncPlan, style: &Style) {
    for failed in plan.failures() {
        let error = failed.error.as_deref().unwrap_or_default();
        output::error_line(&format!("{}: {error}", failed.name), style.color_stderr);
    }
}

fn spec_from_args(args: &BudgetCreateArgs) -> Result<Spec, Error> {
    let period = match args.period {
        PeriodArg::Daily => "daily",
        PeriodArg::Monthly => "monthly",
        PeriodArg::Quarterly => "quarterly",
        PeriodArg::Annually => "annually",
    };
    let action = match args.action {
        Some(BudgetActionArg::DenyIam) => {
            let approval = match args.approval {
                ApprovalArg::Manual => budgets::Approval::Manual,
                ApprovalArg::Automatic => budgets::Approval::Automatic,
            };
            let execution_role = args.execution_role.as_deref().unwrap_or_default();
            Some(DenyIam::new(args.roles.clone(), execution_role, approval, &FLAGS).map_err(Error::usage)?)
        }
        None => None,
    };
    Spec::new(SpecInput {
        agent: args.agent.clone(),
        limit: args.limit.clone(),
        period: Some(period.to_string()),
        notify: args.notify.clone(),
        thresholds: args.thresholds.clone(),
        forecast: args.forecast,
        action,
        spelling: FLAGS,
    })
    .map_err(Error::usage)
}
