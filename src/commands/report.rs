//! The `report` command's edge: turns `cli::ReportArgs` and the config into a validated
//! [`report::Query`] and [`report::Governor`] (every input error is caught here, before any request),
//! runs the report and hands the data to `output`.

use std::time::Duration;

use super::Invocation;
use crate::aws::costexplorer::Granularity;
use crate::cli::{
    EngineArg, GranularityArg, MetricArg, ReportArgs, ReportCommand, ReportCommonArgs, SourceArg,
};
use crate::config::{self, Config};
use crate::error::{Error, ExitCode, Result};
use crate::output::{self, Style};
use crate::report::{self, Governor, Grouping, Metric, Query, RangeInput, cur};

/// Where this report reads cost from.
enum Source {
    Ce,
    Cur(cur::Location),
    Athena(cur::athena::Target),
}

/// `--source` / `--cur` / `--engine` / `--athena-*` / `[report]`: Cost Explorer unless the CUR is asked
/// for; the CUR read by costbrake unless Athena is.
fn source(common: &ReportCommonArgs, config: &Config) -> Result<Source> {
    let athena_flags = common.athena_table.is_some()
        || common.athena_database.is_some()
        || common.athena_catalog.is_some()
        || common.workgroup.is_some()
        || common.output_location.is_some();
    let wants_cur = common.cur.is_some() || common.engine.is_some() || athena_flags;
    let wanted = match (common.source, wants_cur) {
        (Some(SourceArg::Ce), true) => {
            return Err(Error::usage(
                "--cur, --engine and --athena-* read the CUR but --source is ce; drop one of them",
            ));
        }
        (Some(SourceArg::Ce), false) => config::ReportSource::Ce,
        (Some(SourceArg::Cur), _) | (None, true) => config::ReportSource::Cur,
        (None, false) => config.report.source,
    };
    if wanted == config::ReportSource::Ce {
        return Ok(Source::Ce);
    }
    let engine = match common.engine {
        Some(EngineArg::Athena) => config::ReportEngine::Athena,
        Some(EngineArg::Embedded) => config::ReportEngine::Embedded,
        None if common.athena_table.is_some() => config::ReportEngine::Athena,
        None => config.report.engine,
    };
    match engine {
        config::ReportEngine::Embedded => {
            if athena_flags {
                return Err(Error::usage(
                    "--athena-*, --workgroup and --output-location are for --engine athena; drop them or add \
                     --engine athena",
                ));
            }
            let text = common.cur.as_ref().or(config.report.cur.as_ref()).ok_or_else(|| {
                Error::usage(
                    "--source cur needs the export: --cur s3://BUCKET/PREFIX/EXPORT_NAME (or a downloaded \
                     export's directory), or report.cur in costbrake.toml; or query a table with --engine \
                     athena --athena-database DB --athena-table TABLE",
                )
            })?;
            Ok(Source::Cur(cur::Location::parse(text)?))
        }
        config::ReportEngine::Athena => {
            if common.cur.is_some() {
                return Err(Error::usage(
                    "--cur names the export for the embedded engine; --engine athena queries the table \
                     (--athena-database, --athena-table): drop one of them",
                ));
            }
            let athena = &config.report.athena;
            let pick = |flag: &Option<String>, conf: &Option<String>| flag.clone().or_else(|| conf.clone());
            Ok(Source::Athena(cur::athena::Target::new(
                pick(&common.athena_catalog, &athena.catalog),
                pick(&common.athena_database, &athena.database),
                pick(&common.athena_table, &athena.table),
                pick(&common.workgroup, &athena.workgroup),
                pick(&common.output_location, &athena.output_location),
            )?))
        }
    }
}

/// How long cached answers are reused: `--cache-ttl`, else `report.cache_ttl`.
fn cache_ttl(common: &ReportCommonArgs, config: &Config) -> Result<Duration> {
    match &common.cache_ttl {
        Some(text) => config::parse_duration(text).map_err(|m| Error::usage(format!("--cache-ttl {m}"))),
        None => Ok(Duration::from_secs(config.report.cache_ttl_seconds)),
    }
}

fn athena_options<'p>(
    common: &ReportCommonArgs,
    config: &Config,
    progress: &'p dyn crate::progress::Progress,
) -> Result<cur::athena::Options<'p>> {
    Ok(cur::athena::Options {
        cache_dir: cur::Options::default_cache_dir(),
        refresh: common.refresh,
        ttl: cache_ttl(common, config)?,
        progress,
    })
}

fn cur_options(common: &ReportCommonArgs) -> cur::Options {
    cur::Options {
        cache_dir: cur::Options::default_cache_dir(),
        refresh: common.refresh,
        concurrency: cur::Options::default_concurrency(),
    }
}

/// Validates the query for its source.
fn validate(query: Query, source: &Source, today: jiff::civil::Date) -> Result<Query> {
    match source {
        Source::Ce => query.validate(today),
        Source::Cur(_) | Source::Athena(_) => query.validate_cur(),
    }
}

/// Runs `costbrake report` or `costbrake report runs`.
pub async fn run(args: ReportArgs, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    let (format, style) = (inv.format, &inv.style);
    let config = inv.load_config()?;
    let today = report::today_utc();
    match &args.command {
        Some(ReportCommand::Runs(runs)) => {
            output::ensure_supported::<report::runs::RunsReport>(format)?;
            let source = source(&runs.common, &config)?;
            let query = validate(runs_query(&runs.common, &config, today)?, &source, today)?;
            let (data, warnings) = match &source {
                Source::Ce => {
                    let governor = governor(&runs.common, &config)?;
                    let ctx = inv.aws_context().await?;
                    report::run_runs(&ctx, &query, &governor, config.report.runaway_multiple).await?
                }
                Source::Cur(_) | Source::Athena(_) => {
                    let (ctx, scanned) = scan_cur(&source, &runs.common, &config, &query, today, inv).await?;
                    report::runs_from_scan(ctx.as_ref(), &query, scanned, config.report.runaway_multiple)
                }
            };
            output::render(&data, format, style)?;
            finish(style, &warnings, &data.hints, &data.requests);
            Ok(ExitCode::Success)
        }
        None => {
            output::ensure_supported::<report::Report>(format)?;
            let source = source(&args.common, &config)?;
            let query = validate(report_query(&args, &config, today)?, &source, today)?;
            let (mut data, warnings) = match &source {
                Source::Ce => {
                    let governor = governor(&args.common, &config)?;
                    let ctx = inv.aws_context().await?;
                    report::run(&ctx, &query, &governor).await?
                }
                Source::Cur(_) | Source::Athena(_) => {
                    let (ctx, scanned) = scan_cur(&source, &args.common, &config, &query, today, inv).await?;
                    report::report_from_scan(ctx.as_ref(), &query, scanned)
                }
            };
            join_ledger(&mut data, &config);
            output::render_report(&data, format, style, args.chart)?;
            finish(style, &warnings, &data.hints, &data.requests);
            Ok(ExitCode::Success)
        }
    }
}

/// Reads the CUR with the source's engine, and the AWS context it used: none for a local export, which
/// needs no credentials.
async fn scan_cur(
    source: &Source,
    common: &ReportCommonArgs,
    config: &Config,
    query: &Query,
    today: jiff::civil::Date,
    inv: &Invocation<'_>,
) -> anyhow::Result<(Option<crate::aws::AwsContext>, cur::Scanned)> {
    match source {
        Source::Cur(location @ cur::Location::Local { .. }) => {
            let scanned = cur::scan(None, location, query, &cur_options(common), today).await?;
            Ok((None, scanned))
        }
        Source::Cur(location) => {
            let ctx = inv.aws_context().await?;
            let scanned = cur::scan(Some(&ctx), location, query, &cur_options(common), today).await?;
            Ok((Some(ctx), scanned))
        }
        Source::Athena(target) => {
            let ctx = inv.aws_context().await?;
            let waiting = output::waiting(&inv.style);
            let options = athena_options(common, config, waiting.as_ref())?;
            let scanned = cur::athena::scan(&ctx, target, query, &options, today).await?;
            Ok((Some(ctx), scanned))
        }
        Source::Ce => unreachable!("scan_cur is called for the CUR sources only"),
    }
}

/// With `--by agent-run-id` (the run tag first), each run's start, duration and exit code from this
/// machine's `costbrake run` ledger go on its row. A ledger that cannot be read leaves the report as it is.
fn join_ledger(data: &mut report::Report, config: &Config) {
    let by_run = data
        .query
        .group_by
        .first()
        .is_some_and(|g| g.kind == crate::aws::costexplorer::GroupKind::Tag && g.key == config.tags.run);
    if !by_run {
        return;
    }
    let runs = match crate::agent_run::ledger::dir()
        .and_then(|dir| crate::agent_run::ledger::read(&dir, crate::agent_run::ledger::process_alive))
    {
        Ok(runs) => runs,
        Err(e) => {
            tracing::debug!(error = %e, "no run ledger to join");
            return;
        }
    };
    let facts = runs
        .into_iter()
        .map(|run| {
            let facts = report::aggregate::RunFacts {
                agent: run.start.agent,
                started: run.start.started,
                duration_seconds: run.duration_seconds,
                exit_code: run.end.map(|e| e.exit_code),
                status: run.status,
            };
            (run.start.run_id, facts)
        })
        .collect();
    let joined = data.join_runs(&facts);
    tracing::debug!(joined, "runs joined from the ledger");
}

/// Messages for a person, on stderr: cache problems, activation hints, and what the report cost.
fn finish(style: &Style, warnings: &[String], hints: &[String], requests: &report::RequestStats) {
    for warning in warnings.iter().chain(hints) {
        output::warn(style, warning);
    }
    output::note(style, &requests.summary());
}

fn granularity(arg: GranularityArg) -> Granularity {
    match arg {
        GranularityArg::Daily => Granularity::Daily,
        GranularityArg::Monthly => Granularity::Monthly,
        GranularityArg::Hourly => Granularity::Hourly,
    }
}

fn metric(arg: MetricArg) -> Metric {
    match arg {
        MetricArg::Unblended => Metric::Unblended,
        MetricArg::Amortized => Metric::Amortized,
        MetricArg::NetUnblended => Metric::NetUnblended,
    }
}

fn range_input(common: &ReportCommonArgs) -> RangeInput {
    RangeInput {
        since: common.since.clone(),
        period: common.period.clone(),
        start: common.start.clone(),
        end: common.end.clone(),
    }
}

/// `report`'s query: groupings (`--by` defaults to the run tag), range, filters; validated by the
/// caller for its source.
fn report_query(args: &ReportArgs, config: &Config, today: jiff::civil::Date) -> Result<Query> {
    let names: Vec<&str> = if args.by.is_empty() {
        vec!["run"]
    } else {
        args.by.iter().map(String::as_str).collect()
    };
    let group_by = names
        .into_iter()
        .chain(args.then.iter().map(String::as_str))
        .map(|n| Grouping::resolve(n, config))
        .collect::<Result<Vec<_>>>()?;
    let mut filters = Vec::new();
    if let Some(agent) = &args.common.agent {
        filters.push(report::tag_filter("--agent", &config.tags.agent, agent)?);
    }
    if let Some(run) = &args.run {
        filters.push(report::tag_filter("--run", &config.tags.run, run)?);
    }
    let granularity = granularity(args.granularity);
    Ok(Query {
        group_by,
        range: report::period::resolve(&range_input(&args.common), today, report::DEFAULT_DAYS)?,
        granularity,
        metric: metric(args.common.metric),
        filters,
        top: args.top,
    })
}

/// `report runs`' query: by agent and run, monthly buckets (the fewest pages for per-run totals).
fn runs_query(common: &ReportCommonArgs, config: &Config, today: jiff::civil::Date) -> Result<Query> {
    let mut filters = Vec::new();
    if let Some(agent) = &common.agent {
        filters.push(report::tag_filter("--agent", &config.tags.agent, agent)?);
    }
    Ok(Query {
        group_by: vec![
            Grouping::resolve("agent", config)?,
            Grouping::resolve("run", config)?,
        ],
        range: report::period::resolve(&range_input(common), today, report::DEFAULT_RUNS_DAYS)?,
        granularity: Granularity::Monthly,
        metric: metric(common.metric),
        filters,
        top: None,
    })
}

fn governor(common: &ReportCommonArgs, config: &Config) -> Result<Governor> {
    let ttl = cache_ttl(common, config)?;
    Ok(Governor {
        cache_dir: Governor::default_cache_dir(),
        ttl,
        refresh: common.refresh,
        max_requests: common.max_requests.or(config.report.max_requests),
        max_requests_from: if common.max_requests.is_some() || config.report.max_requests.is_none() {
            "--max-requests"
        } else {
            "report.max_requests in costbrake.toml (or pass --max-requests)"
        },
        backoff: Duration::from_secs(1),
    })
}
