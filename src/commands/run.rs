//! `costbrake run`, `run list`, `run env`, and the hidden `run credentials`: validate everything before
//! the child starts (agent, id, role ARN, command, regions; a role that cannot be assumed fails here),
//! record the start, run and watch the child, apply the on-exit step, record the end, and exit with the
//! child's code. What costbrake says while a command runs goes to stderr; the child's stdout is its own.

use std::io::Write as _;
use std::time::Duration;

use super::Invocation;
use super::kill::{KillScope, build_plan, kill_options, kill_scope};
use crate::agent_run::{self, Identity, OnExit, child, ledger, leftovers, policy, session};
use crate::cli::{
    EnvFormatArg, OnExitArg, RunArgs, RunCommand, RunCredentialsArgs, RunEnvArgs, RunListArgs, SelectorArgs,
};
use crate::error::{Error, ExitCode, Result};
use crate::output::{self, Format, Style};
use crate::{aws, config, inventory, killswitch};

/// `costbrake run ...`.
pub async fn run(args: RunArgs, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    if let Some(RunCommand::Credentials(credentials_args)) = &args.command {
        // Called by the child's SDKs: no configuration, no AWS, nothing but the credentials on stdout.
        return credentials(credentials_args);
    }
    let config = inv.load_config()?;
    match args.command {
        Some(RunCommand::List(list_args)) => list(list_args, inv, &config).await,
        Some(RunCommand::Env(env_args)) => env(env_args, inv, &config),
        Some(RunCommand::Credentials(_)) => unreachable!("handled above"),
        None if args.print_policy => {
            let doc = policy::document(&[&config.tags.agent, &config.tags.run]);
            let text =
                serde_json::to_string_pretty(&doc).map_err(|e| Error::io("encoding the policy", e.into()))?;
            output::write_stdout("writing the policy", |out| writeln!(out, "{text}"))?;
            Ok(ExitCode::Success)
        }
        None => wrap(args, inv, &config).await,
    }
}

/// The run's names, validated.
fn identity(agent: &str, run_id: Option<&str>, config: &config::Config) -> Result<Identity> {
    agent_run::validate_tag_value("--agent", agent).map_err(Error::usage)?;
    let run_id = match run_id {
        Some(id) => {
            agent_run::validate_tag_value("--run-id", id).map_err(Error::usage)?;
            id.to_string()
        }
        None => agent_run::new_run_id(),
    };
    Ok(Identity {
        agent: agent.to_string(),
        run_id,
        agent_tag: config.tags.agent.clone(),
        run_tag: config.tags.run.clone(),
        agent_variable: config.run.agent_variable.clone(),
        run_id_variable: config.run.run_id_variable.clone(),
    })
}

fn current_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The wrapped run.
async fn wrap(args: RunArgs, inv: &Invocation<'_>, config: &config::Config) -> anyhow::Result<ExitCode> {
    let style = &inv.style;
    let format = inv.format;
    output::ensure_supported::<leftovers::Leftovers>(format)?;
    let agent = args.agent.as_deref().unwrap_or_default();
    let id = identity(agent, args.run_id.as_deref(), config)?;
    if args.command_line.is_empty() {
        return Err(Error::usage(
            "costbrake run needs a command after `--`, e.g. costbrake run --agent NAME -- python3 agent.py",
        )
        .into());
    }
    let role = args.role.clone().or_else(|| config.run.role.clone());
    if let Some(role) = &role {
        agent_run::validate_role_arn(role).map_err(|m| Error::usage(format!("--role: {m}")))?;
    }
    let on_exit = match args.on_exit {
        Some(OnExitArg::Report) => OnExit::Report,
        Some(OnExitArg::Kill) => OnExit::Kill,
        Some(OnExitArg::None) => OnExit::None,
        None => config.run.on_exit,
    };
    let limits = child::Limits {
        max_duration: args
            .max_duration
            .or(config.run.max_duration_seconds.map(Duration::from_secs)),
        grace: args
            .grace
            .unwrap_or(Duration::from_secs(config.run.grace_seconds)),
    };
    let mut scope = kill_scope(
        &SelectorArgs {
            agent: None,
            run: Some(id.run_id.clone()),
            tag: Vec::new(),
            regions: args.regions.clone(),
            account: None,
        },
        config,
    )?;
    let ledger_dir = ledger::dir()?;

    // AWS: who is calling, where the on-exit step looks, and the role session; all before the child.
    let needs_aws = role.is_some() || on_exit != OnExit::None;
    let mut aws_state = AwsState::default();
    if needs_aws {
        aws_state = connect(inv, role.is_some() && !args.role_optional, style).await?;
    }
    if let (Some(ctx), true) = (&aws_state.ctx, on_exit != OnExit::None) {
        scope.regions = inventory::resolve_regions(ctx, &scope.regions).await?;
    }
    let mut refresher = None;
    if let (Some(role), Some(ctx)) = (&role, &aws_state.ctx) {
        let request = aws::sts::SessionRequest {
            role_arn: role.clone(),
            session_name: agent_run::session_name(&id.run_id),
            source_identity: agent_run::source_identity(&id.run_id),
            tags: vec![
                (id.agent_tag.clone(), id.agent.clone()),
                (id.run_tag.clone(), id.run_id.clone()),
            ],
            duration_seconds: i32::try_from(config.run.session_seconds).unwrap_or(3600),
        };
        match aws::sts::assume_role_session(ctx, &request).await {
            Ok(first) => {
                let exe = std::env::current_exe()
                    .map_err(|e| Error::io("finding the costbrake binary for the run's profile", e))?;
                let profile = session::Profile::create(
                    &ledger_dir.join("sessions"),
                    &id.run_id,
                    &exe,
                    ctx.region(),
                    &first,
                )?;
                refresher = Some(session::Refresher {
                    ctx,
                    request,
                    profile,
                    expiration: first.expiration,
                    every: refresh_every()?,
                    session_arn: first.assumed_role_arn,
                });
            }
            Err(e) if args.role_optional => output::warn(
                style,
                &format!("{e:#}; --role-optional: the command runs with the caller's own credentials"),
            ),
            Err(e) => return Err(e.into()),
        }
    } else if role.is_some() {
        output::warn(
            style,
            "--role-optional: no AWS configuration, the command runs without the role",
        );
    }

    // The child's environment.
    let mut vars: Vec<(String, Option<String>)> = agent_run::child_variables(&id, current_env)
        .into_iter()
        .map(|(k, v)| (k, Some(v)))
        .collect();
    if let Some(r) = &refresher {
        vars.extend(r.profile.variables());
    }
    if let Some(url) = &inv.global.aws.endpoint_url {
        vars.push((
            "AWS_ENDPOINT_URL".into(),
            Some(url.as_str().trim_end_matches('/').to_string()),
        ));
    }
    if let Some(region) = &inv.global.aws.region {
        vars.push(("AWS_REGION".into(), Some(region.clone())));
        vars.push(("AWS_DEFAULT_REGION".into(), Some(region.clone())));
    }

    let command: Vec<String> = args
        .command_line
        .iter()
        .map(|w| w.to_string_lossy().into_owned())
        .collect();
    let session_arn = refresher.as_ref().map(|r| r.session_arn.clone());
    ledger::append(
        &ledger_dir,
        &ledger::Record::Start(ledger::Start {
            run_id: id.run_id.clone(),
            agent: id.agent.clone(),
            command: command.clone(),
            started: jiff::Timestamp::now(),
            pid: std::process::id(),
            caller: aws_state.caller.clone(),
            role: refresher.as_ref().map(|r| r.request.role_arn.clone()),
            role_session_arn: session_arn.clone(),
            via: "run".into(),
        }),
    )?;
    let as_whom = session_arn
        .as_deref()
        .map(|arn| format!(", as {arn}"))
        .unwrap_or_default();
    output::note(
        style,
        &format!("costbrake: run {} of agent {}{as_whom}", id.run_id, id.agent),
    );

    let outcome = match child::spawn(&args.command_line, &vars) {
        Ok(started) => {
            let timeout_note = |d: Duration| {
                output::warn(
                    style,
                    &format!(
                        "--max-duration {}s reached: ending the command (SIGTERM, then SIGKILL after {}s)",
                        d.as_secs(),
                        limits.grace.as_secs()
                    ),
                )
            };
            started.watch(limits, refresher.as_mut(), timeout_note).await?
        }
        Err(failed) => {
            output::error_line(&failed.error.to_string(), style.color_stderr);
            child::Outcome {
                ending: agent_run::Ending::Exited,
                code: Some(i32::from(failed.code)),
                signal: None,
            }
        }
    };
    // The role's profile goes as soon as the child is gone.
    drop(refresher);

    let exit_code = outcome.exit_code();
    let (leftover_count, kill_id) = match &aws_state.ctx {
        Some(ctx) if on_exit != OnExit::None => {
            // Ctrl-C or SIGTERM during the on-exit step ends the step, not the record of the run: a kill cut
            // short is journaled like any other (`kill status`, `kill undo --run ID`).
            let step = after_exit(ctx, &id, on_exit, scope, config, format, style);
            tokio::select! {
                done = step => done,
                () = agent_run::child::interrupted() => {
                    output::warn(
                        style,
                        &format!(
                            "interrupted: the on-exit step of run {} did not finish; see `costbrake kill plan --run {}`",
                            id.run_id, id.run_id
                        ),
                    );
                    (None, None)
                }
            }
        }
        _ => (None, None),
    };
    ledger::append(
        &ledger_dir,
        &ledger::Record::End(ledger::End {
            run_id: id.run_id.clone(),
            ended: jiff::Timestamp::now(),
            ending: outcome.ending,
            code: outcome.code,
            signal: outcome.signal,
            exit_code,
            on_exit,
            leftovers: leftover_count,
            kill_id,
        }),
    )?;
    Ok(ExitCode::Passthrough(exit_code))
}

/// The AWS side of a run, when it has one.
#[derive(Debug, Default)]
struct AwsState {
    ctx: Option<aws::AwsContext>,
    caller: Option<String>,
}

/// Loads the AWS configuration and asks who the caller is. Without a required role, failures are
/// warnings and the run goes on without AWS; with one, a configuration that cannot load is an error
/// (exit 3 before the child starts), and an unanswered GetCallerIdentity is left for AssumeRole to report.
async fn connect(inv: &Invocation<'_>, required: bool, style: &Style) -> anyhow::Result<AwsState> {
    let without = "the run goes on without AWS (no role, no on-exit step)";
    let ctx = match inv.aws_context().await {
        Ok(ctx) => ctx,
        Err(e) if !required => {
            output::warn(style, &format!("{e:#}; {without}"));
            return Ok(AwsState::default());
        }
        Err(e) => return Err(e),
    };
    match aws::sts::caller_identity(&ctx).await {
        Ok(caller) => Ok(AwsState {
            ctx: Some(ctx),
            caller: Some(caller.arn),
        }),
        Err(e) if !required => {
            output::warn(style, &format!("{e}; {without}"));
            Ok(AwsState::default())
        }
        Err(e) => {
            tracing::debug!(error = %e, "GetCallerIdentity failed; AssumeRole will say why");
            Ok(AwsState {
                ctx: Some(ctx),
                caller: None,
            })
        }
    }
}

/// The on-exit step over the run's selection (`scope`, its regions resolved): list the leftovers, or stop
/// them. Its failures are warnings with the next step; the run's exit code stays the child's.
async fn after_exit(
    ctx: &aws::AwsContext,
    id: &Identity,
    on_exit: OnExit,
    scope: KillScope,
    config: &config::Config,
    format: Format,
    style: &Style,
) -> (Option<usize>, Option<String>) {
    let progress = output::progress(style);
    match on_exit {
        OnExit::None => (None, None),
        OnExit::Report => {
            match leftovers::find(ctx, &id.run_tag, &id.run_id, &scope.regions, progress.as_ref()).await {
                Ok(found) => {
                    let _ = super::warn_gaps(style, &found.gaps);
                    if let Err(e) = output::render_stderr(&found, format, style) {
                        output::warn(style, &e.to_string());
                    }
                    (Some(found.resources.len()), None)
                }
                Err(e) => {
                    output::warn(
                        style,
                        &format!(
                            "could not list what run {} left behind: {e}; run `costbrake kill plan --run {}`",
                            id.run_id, id.run_id
                        ),
                    );
                    (None, None)
                }
            }
        }
        OnExit::Kill => match kill_run(ctx, id, scope, config, format, style).await {
            Ok(result) => result,
            Err(e) => {
                output::warn(
                    style,
                    &format!(
                        "--on-exit kill of run {} did not finish: {e:#}; run `costbrake kill --run {}`",
                        id.run_id, id.run_id
                    ),
                );
                (None, None)
            }
        },
    }
}

/// `--on-exit kill`: the kill-switch with `--run ID`, journaled and undoable like any kill.
async fn kill_run(
    ctx: &aws::AwsContext,
    id: &Identity,
    scope: KillScope,
    config: &config::Config,
    format: Format,
    style: &Style,
) -> anyhow::Result<(Option<usize>, Option<String>)> {
    let options = kill_options(killswitch::Mode::Kill, scope, None, None, config)?;
    let (plan, who) = build_plan(ctx, options, style).await?;
    let _ = super::warn_gaps(style, &plan.gaps);
    if plan.changes() == 0 {
        output::note(
            style,
            &format!("costbrake: run {} left nothing running to stop", id.run_id),
        );
        return Ok((Some(0), None));
    }
    let kill_id = killswitch::new_kill_id(jiff::Timestamp::now());
    let progress = output::progress(style);
    let report = killswitch::apply::apply(
        ctx,
        &plan,
        &kill_id,
        &format!("{who} via costbrake-run"),
        progress.as_ref(),
    )
    .await?;
    output::render_stderr(&report, format, style)?;
    if format != Format::Table {
        // The table ends with it already.
        output::note(style, &report.incident_line());
    }
    Ok((Some(plan.changes()), Some(kill_id)))
}

/// `COSTBRAKE_RUN_REFRESH_SECONDS`: refresh the role's credentials this often (tests, and tools that
/// cache credentials for long).
fn refresh_every() -> Result<Option<Duration>> {
    match std::env::var("COSTBRAKE_RUN_REFRESH_SECONDS") {
        Ok(text) if !text.is_empty() => match text.parse::<u64>() {
            Ok(n) if n > 0 => Ok(Some(Duration::from_secs(n))),
            _ => Err(Error::usage(format!(
                "COSTBRAKE_RUN_REFRESH_SECONDS `{text}` is not a whole number of seconds above 0"
            ))),
        },
        _ => Ok(None),
    }
}

/// `costbrake run list`.
async fn list(args: RunListArgs, inv: &Invocation<'_>, config: &config::Config) -> anyhow::Result<ExitCode> {
    output::ensure_supported::<ledger::Listing>(inv.format)?;
    if let Some(agent) = &args.agent {
        agent_run::validate_tag_value("--agent", agent).map_err(Error::usage)?;
    }
    // The ledger is this machine's; AWS is asked only to resolve `org` or `ou:` into account ids.
    let accounts = match super::AccountsScope::from_args(&args.accounts, config)? {
        None => Vec::new(),
        Some(scope) if !scope.selection.needs_organizations() => scope
            .selection
            .ids
            .into_iter()
            .filter(|id| !config.accounts.exclude.contains(id))
            .collect(),
        Some(scope) => {
            let ctx = inv.aws_context().await?;
            crate::accounts::resolve(&ctx, &scope.selection, &config.accounts, &scope.role_name)
                .await?
                .into_iter()
                .map(|a| a.id)
                .collect()
        }
    };
    let listing = ledger::list_in(
        &ledger::dir()?,
        args.agent.as_deref(),
        &accounts,
        args.limit as usize,
        ledger::process_alive,
    )?;
    output::render(&listing, inv.format, &inv.style)?;
    Ok(ExitCode::Success)
}

/// `costbrake run env`.
fn env(args: RunEnvArgs, inv: &Invocation<'_>, config: &config::Config) -> anyhow::Result<ExitCode> {
    let id = identity(&args.agent, args.run_id.as_deref(), config)?;
    let github_env = match args.format {
        EnvFormatArg::Github => Some(
            std::env::var_os("GITHUB_ENV")
                .filter(|p| !p.is_empty())
                .ok_or_else(|| {
                    Error::usage(
                        "--format github writes to the file $GITHUB_ENV names, and it is not set; run it in a \
                         GitHub Actions step, or use --format shell",
                    )
                })?,
        ),
        EnvFormatArg::Shell => None,
    };
    let vars = agent_run::child_variables(&id, current_env);
    ledger::append(
        &ledger::dir()?,
        &ledger::Record::Start(ledger::Start {
            run_id: id.run_id.clone(),
            agent: id.agent.clone(),
            command: Vec::new(),
            started: jiff::Timestamp::now(),
            pid: std::process::id(),
            caller: None,
            role: None,
            role_session_arn: None,
            via: "env".into(),
        }),
    )?;
    match github_env {
        Some(path) => {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .and_then(|mut f| f.write_all(output::github_env_lines(&vars).as_bytes()))
                .map_err(|e| {
                    Error::io(
                        format!("appending to $GITHUB_ENV ({})", path.to_string_lossy()),
                        e,
                    )
                })?;
            output::note(
                &inv.style,
                &format!(
                    "costbrake: run {} of agent {}: {} variables for the next steps in $GITHUB_ENV",
                    id.run_id,
                    id.agent,
                    vars.len()
                ),
            );
        }
        None => {
            let text = output::shell_exports(&vars);
            output::write_stdout("writing the variables", |out| out.write_all(text.as_bytes()))?;
        }
    }
    Ok(ExitCode::Success)
}

/// `costbrake run credentials --file PATH`: the credential_process output.
fn credentials(args: &RunCredentialsArgs) -> anyhow::Result<ExitCode> {
    let credentials = session::read_for_process(&args.file, jiff::Timestamp::now())?;
    let json =
        serde_json::to_string(&credentials).map_err(|e| Error::io("encoding the credentials", e.into()))?;
    output::write_stdout("writing the credentials", |out| writeln!(out, "{json}"))?;
    Ok(ExitCode::Success)
}
