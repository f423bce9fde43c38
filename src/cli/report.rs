//! `costbrake report` and `report runs`: range, groupings, filters, the source (Cost Explorer or
//! the CUR) and the CUR's engine.

use super::*;

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub command: Option<ReportCommand>,

    /// Group by: agent-run-id (the configured run tag), agent (the configured agent tag), service,
    /// region, account, usage-type, or any tag key (tag:KEY forces a tag); with --source cur also
    /// resource and iam-principal [default: the run tag]
    #[arg(long, value_delimiter = ',', value_name = "KEY")]
    pub by: Vec<String>,

    /// A second grouping under --by, e.g. --then service (two groupings at most)
    #[arg(long, value_delimiter = ',', value_name = "KEY")]
    pub then: Vec<String>,

    /// Time buckets
    #[arg(long, value_enum, default_value_t = GranularityArg::Daily, value_name = "G")]
    pub granularity: GranularityArg,

    /// Only cost tagged with this run id
    #[arg(long, value_name = "ID")]
    pub run: Option<String>,

    /// Show the N costliest rows and fold the rest into one (untagged cost is always shown)
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// Also draw a horizontal bar chart of the costliest rows (table output)
    #[arg(long)]
    pub chart: bool,

    #[command(flatten)]
    pub common: ReportCommonArgs,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Unit economics per agent: runs, total, mean, median, p95 and max cost per run, runaway runs
    Runs(ReportRunsArgs),
}

#[derive(Debug, Args)]
pub struct ReportRunsArgs {
    #[command(flatten)]
    pub common: ReportCommonArgs,
}

/// Options shared by `report` and `report runs`.
#[derive(Debug, Args)]
pub struct ReportCommonArgs {
    /// The last N days (7d), weeks (2w), or since a date (2026-11-01), today included [default: 7d,
    /// 30d for `report runs`]
    #[arg(long, value_name = "AGE", conflicts_with_all = ["period", "start", "end"])]
    pub since: Option<String>,

    /// A calendar period: this-month (or mtd), last-month, or a month such as 2026-11
    #[arg(long, value_name = "PERIOD", conflicts_with_all = ["start", "end"])]
    pub period: Option<String>,

    /// First day, YYYY-MM-DD (UTC)
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,

    /// Last day, inclusive, YYYY-MM-DD (UTC) [default: today]
    #[arg(long, value_name = "DATE")]
    pub end: Option<String>,

    /// Cost metric
    #[arg(long, value_enum, default_value_t = MetricArg::Unblended, value_name = "METRIC")]
    pub metric: MetricArg,

    /// Only cost tagged with this agent name (the configured agent tag)
    #[arg(long, value_name = "NAME")]
    pub agent: Option<String>,

    /// Ignore cached answers (Cost Explorer's, or a CUR result) and fetch or read again
    #[arg(long)]
    pub refresh: bool,

    /// Where cost comes from: ce (Cost Explorer, $0.01 a request) or cur (the CUR 2.0 export, see
    /// --cur) [default: report.source in costbrake.toml, else ce]
    #[arg(long, value_enum, value_name = "SOURCE")]
    pub source: Option<SourceArg>,

    /// The CUR 2.0 export to read: s3://BUCKET/PREFIX/EXPORT_NAME, or the directory of a downloaded
    /// export (it holds data/ and metadata/); implies --source cur [default: report.cur]
    #[arg(long, value_name = "URI|DIR")]
    pub cur: Option<String>,

    /// How the CUR is read: embedded (costbrake streams the export's files) or athena (the query runs
    /// in Athena over a table on the export; see --athena-table) [default: report.engine, else
    /// embedded]
    #[arg(long, value_enum, value_name = "ENGINE")]
    pub engine: Option<EngineArg>,

    /// The Glue database holding the CUR 2.0 table (--engine athena) [default: report.athena.database]
    #[arg(long, value_name = "DB")]
    pub athena_database: Option<String>,

    /// The CUR 2.0 table (--engine athena); implies --source cur --engine athena [default:
    /// report.athena.table]
    #[arg(long, value_name = "TABLE")]
    pub athena_table: Option<String>,

    /// The data catalog of the table [default: report.athena.catalog, else AwsDataCatalog]
    #[arg(long, value_name = "CATALOG")]
    pub athena_catalog: Option<String>,

    /// The Athena workgroup the queries run in [default: report.athena.workgroup, else primary]
    #[arg(long, value_name = "NAME")]
    pub workgroup: Option<String>,

    /// Where Athena writes query results, unless the workgroup sets it: s3://BUCKET/PREFIX/ [default:
    /// report.athena.output_location, else the workgroup's]
    #[arg(long, value_name = "S3_URI")]
    pub output_location: Option<String>,

    /// Refuse to make more than N Cost Explorer requests ($0.01 each); 0 serves only from the cache
    /// [default: report.max_requests in costbrake.toml, else no limit]
    #[arg(long, value_name = "N", env = "COSTBRAKE_MAX_REQUESTS")]
    pub max_requests: Option<u32>,

    /// How long cached answers are reused, e.g. 30m, 4h, 0 to disable [default: report.cache_ttl,
    /// else 4h]
    #[arg(long, value_name = "TTL")]
    pub cache_ttl: Option<String>,
}

/// `report --source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SourceArg {
    /// Cost Explorer's GetCostAndUsage
    Ce,
    /// The Cost and Usage Report (CUR 2.0) export, read by costbrake
    Cur,
}

/// `report --engine`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EngineArg {
    /// costbrake reads the export's Parquet or CSV files itself (S3 or a local copy)
    Embedded,
    /// Athena runs the query over a table on the export ($5 per TB scanned)
    Athena,
}

/// `--granularity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GranularityArg {
    /// One bucket per day
    Daily,
    /// One bucket per calendar month
    Monthly,
    /// One bucket per hour (opt-in in Cost Explorer; last 14 days)
    Hourly,
}

/// `--metric`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MetricArg {
    /// What was billed, as it was billed
    Unblended,
    /// Upfront reservation and savings plan fees spread over their term
    Amortized,
    /// Unblended, after discounts
    NetUnblended,
}
