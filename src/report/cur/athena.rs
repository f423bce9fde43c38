//! `report --source cur --engine athena`: the same report pushed down to Athena over a table on the
//! CUR 2.0 export. The SQL comes from the same [`Plan`] as the embedded engine (the same columns, tag
//! naming, metric formula and buckets); Athena returns one row per bucket and key, which are summed into
//! the same cells, so both engines give the same report for the same data.
//!
//! - User input never enters the SQL text: every value (tag keys, filter values, dates, billing
//!   periods) is a `?` placeholder bound through `ExecutionParameters`; the catalog, database and table
//!   names are identifiers, checked against Glue's character set and double-quoted.
//! - The table's columns come from `information_schema.columns` (one small query, cached for a day), so
//!   the SQL names only columns the table has and prunes on the `billing_period` partition when the
//!   table has one.
//! - The result is cached for the report TTL (`--cache-ttl`, `report.cache_ttl_seconds`): Athena's data
//!   changes when the export is refreshed, at most a few times a day.

use std::path::PathBuf;
use std::time::Duration;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::acc::{self, Partial};
use super::plan::{self, AMORTIZED_NUMBERS, Field, Formula, Plan, USAGE_START};
use super::{
    CacheEntry, ScanStats, Scanned, cache_result, column_hints, estimated, now_unix, read_cache, write_cache,
};
use crate::aws::AwsContext;
use crate::aws::athena::{self, Execution, QueryRequest, State};
use crate::aws::costexplorer::Granularity;
use crate::error::{AwsError, Error, Result};
use crate::progress::Progress;
use crate::report::{Query, RequestStats};

/// Athena's price: $5 per TB scanned (1 TB = 2^40 bytes), each query rounded up to the megabyte with
/// a 10 MB minimum (<https://aws.amazon.com/athena/pricing/>). Failed queries and DDL are free.
pub const PRICE_PER_TB: Decimal = Decimal::from_parts(5, 0, 0, false, 0);
const MB: u64 = 1 << 20;
const MIN_MB: u64 = 10;
const MB_PER_TB: u64 = 1 << 20;
/// The schema of a table rarely changes: re-read it once a day (or with `--refresh`).
const SCHEMA_TTL_SECONDS: u64 = 24 * 3600;
/// The Glue Data Catalog, Athena's default catalog.
pub const DEFAULT_CATALOG: &str = "AwsDataCatalog";
/// The partition column a CUR 2.0 table has when it is laid out by `BILLING_PERIOD=YYYY-MM/`.
pub const PARTITION: &str = "billing_period";
/// Polling: first wait, and the longest.
const POLL_FIRST: Duration = Duration::from_millis(200);
const POLL_MAX: Duration = Duration::from_secs(2);

/// The price of one query that scanned `bytes`.
pub fn query_cost(bytes: u64) -> Decimal {
    let mb = bytes.div_ceil(MB).max(MIN_MB);
    PRICE_PER_TB * Decimal::from(mb) / Decimal::from(MB_PER_TB)
}

/// Where the Athena table is, and how to query it: `--athena-database/--athena-table`, `[report.athena]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Target {
    pub catalog: String,
    pub database: String,
    pub table: String,
    pub workgroup: Option<String>,
    pub output_location: Option<String>,
}

fn check_identifier(flag: &str, value: &str, extra: &[char]) -> Result<()> {
    let ok = !value.is_empty()
        && value.len() <= 255
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || extra.contains(&c));
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "{flag} {value:?} is not a Glue name: use letters, digits and underscores{}",
            if extra.is_empty() {
                String::new()
            } else {
                format!(
                    " (or {})",
                    extra
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        )))
    }
}

impl Target {
    /// Checks every name before anything is sent: identifiers cannot be bound as parameters, so they
    /// are held to the characters Glue allows.
    pub fn new(
        catalog: Option<String>,
        database: Option<String>,
        table: Option<String>,
        workgroup: Option<String>,
        output_location: Option<String>,
    ) -> Result<Target> {
        let database = database.ok_or_else(|| {
            Error::usage(
                "--engine athena needs the table's database: --athena-database DB (or report.athena.database \
                 in costbrake.toml)",
            )
        })?;
        let table = table.ok_or_else(|| {
            Error::usage(
                "--engine athena needs the table: --athena-table TABLE (or report.athena.table in costbrake.toml)",
            )
        })?;
        let catalog = catalog.unwrap_or_else(|| DEFAULT_CATALOG.to_string());
        check_identifier("--athena-catalog", &catalog, &['-', '@'])?;
        check_identifier("--athena-database", &database, &['-'])?;
        check_identifier("--athena-table", &table, &['-'])?;
        if let Some(wg) = &workgroup {
            let ok = !wg.is_empty()
                && wg.len() <= 128
                && wg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
            if !ok {
                return Err(Error::usage(format!(
                    "--workgroup {wg:?} is not a workgroup name: 1 to 128 letters, digits, `.`, `_` or `-`"
                )));
            }
        }
        if let Some(location) = &output_location {
            let bucket = location
                .strip_prefix("s3://")
                .map(|rest| rest.split('/').next().unwrap_or_default());
            if bucket.is_none_or(str::is_empty) {
                return Err(Error::usage(format!(
                    "--output-location {location:?} is not an S3 location: write s3://BUCKET/PREFIX/"
                )));
            }
        }
        Ok(Target {
            catalog,
            database,
            table,
            workgroup,
            output_location,
        })
    }

    /// `"AwsDataCatalog"."cur"."agents"`.
    fn qualified(&self) -> String {
        format!("\"{}\".\"{}\".\"{}\"", self.catalog, self.database, self.table)
    }

    /// `cur.agents`, for messages.
    pub fn name(&self) -> String {
        format!("{}.{}", self.database, self.table)
    }

    fn request(&self, sql: Sql) -> QueryRequest {
        QueryRequest {
            sql: sql.text,
            parameters: sql.parameters,
            catalog: self.catalog.clone(),
            database: self.database.clone(),
            workgroup: self.workgroup.clone(),
            output_location: self.output_location.clone(),
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.name())
    }
}

/// A SQL string literal, as `ExecutionParameters` takes a string: quoted, quotes doubled.
pub fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// SQL text with `?` placeholders and their values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sql {
    pub text: String,
    pub parameters: Vec<String>,
}

impl Sql {
    /// A placeholder for `value`, bound as a string literal.
    fn bind(&mut self, value: &str) -> &'static str {
        self.parameters.push(literal(value));
        "?"
    }
}

/// The query that reads the table's columns.
pub fn schema_sql(target: &Target) -> Sql {
    let mut sql = Sql::default();
    let schema = sql.bind(&target.database.to_ascii_lowercase());
    let table = sql.bind(&target.table.to_ascii_lowercase());
    sql.text = format!(
        "SELECT column_name, data_type, extra_info\nFROM \"{}\".information_schema.columns\nWHERE table_schema = {schema} AND table_name = {table}\nORDER BY ordinal_position",
        target.catalog
    );
    sql
}

/// A table's columns (lowercased) and which are partition keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Schema {
    /// (name, Athena type).
    pub columns: Vec<(String, String)>,
    pub partitions: Vec<String>,
}

impl Schema {
    /// From `information_schema.columns` rows: name, type, extra info (`partition key`).
    pub fn from_rows(rows: &[Vec<Option<String>>]) -> Schema {
        let mut schema = Schema::default();
        for row in rows {
            let Some(name) = row.first().and_then(|v| v.as_deref()) else {
                continue;
            };
            let name = name.to_ascii_lowercase();
            let kind = row.get(1).and_then(|v| v.clone()).unwrap_or_default();
            if row
                .get(2)
                .and_then(|v| v.as_deref())
                .is_some_and(|e| e.to_ascii_lowercase().contains("partition"))
            {
                schema.partitions.push(name.clone());
            }
            schema.columns.push((name, kind));
        }
        schema
    }

    pub fn has(&self, column: &str) -> bool {
        self.columns.iter().any(|(c, _)| c == column)
    }

    fn kind(&self, column: &str) -> &str {
        self.columns
            .iter()
            .find(|(c, _)| c == column)
            .map_or("", |(_, k)| k.as_str())
    }

    pub fn names(&self) -> Vec<String> {
        self.columns.iter().map(|(c, _)| c.clone()).collect()
    }
}

/// The usage-start column as a timestamp: a `timestamp` column as it is, an ISO 8601 text column
/// (a table over CSV) parsed.
fn usage_start(schema: &Schema) -> (String, bool) {
    let kind = schema.kind(USAGE_START).to_ascii_lowercase();
    if kind.starts_with("timestamp") || kind.is_empty() {
        (USAGE_START.to_string(), false)
    } else {
        (format!("from_iso8601_timestamp({USAGE_START})"), true)
    }
}

fn ms_text(ms: i64, iso: bool) -> String {
    let ts = jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    if iso {
        ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        ts.strftime("%Y-%m-%d %H:%M:%S").to_string()
    }
}

/// One string field as SQL: a column (empty is no value), a map's key (bound), or NULL when the table
/// has no such column.
fn field_sql(sql: &mut Sql, field: &Field, schema: &Schema) -> Option<String> {
    if !schema.has(field.column()) {
        return None;
    }
    Some(match field {
        Field::Column(c) => format!("NULLIF({c}, '')"),
        Field::MapKey { column, key } => {
            let p = sql.bind(key);
            format!("NULLIF(element_at({column}, {p}), '')")
        }
    })
}

/// A grouping's or filter's value: the first non-empty of its fields.
fn extract_sql(sql: &mut Sql, plan: &Plan, fields: &[usize], schema: &Schema) -> String {
    let parts: Vec<String> = fields
        .iter()
        .filter_map(|&i| field_sql(sql, &plan.strings[i], schema))
        .collect();
    match parts.len() {
        0 => "CAST(NULL AS varchar)".into(),
        1 => parts.into_iter().next().unwrap_or_default(),
        _ => format!("COALESCE({})", parts.join(", ")),
    }
}

fn number_sql(column: &str, schema: &Schema) -> String {
    if schema.has(column) {
        format!("COALESCE(CAST({column} AS decimal(38, 10)), 0)")
    } else {
        "CAST(0 AS decimal(38, 10))".into()
    }
}

fn text_sql(column: &str, schema: &Schema) -> String {
    if schema.has(column) {
        format!("COALESCE({column}, '')")
    } else {
        "''".into()
    }
}

/// The metric as SQL: one column, or AWS's amortized cost by line item type (as [`plan::amortized`]).
fn formula_sql(plan: &Plan, schema: &Schema) -> String {
    match &plan.formula {
        Formula::Column(i) => number_sql(&plan.numbers[*i], schema),
        Formula::Amortized {
            line_item_type,
            reservation_arn,
            ..
        } => {
            let n: Vec<String> = AMORTIZED_NUMBERS.iter().map(|c| number_sql(c, schema)).collect();
            let kind = text_sql(plan.strings[*line_item_type].column(), schema);
            let arn = text_sql(plan.strings[*reservation_arn].column(), schema);
            format!(
                "CASE {kind}\n    WHEN 'SavingsPlanCoveredUsage' THEN {sp_eff}\n    WHEN 'SavingsPlanRecurringFee' THEN {sp_commit} - {sp_used}\n    WHEN 'SavingsPlanNegation' THEN 0\n    WHEN 'SavingsPlanUpfrontFee' THEN 0\n    WHEN 'DiscountedUsage' THEN {ri_eff}\n    WHEN 'RIFee' THEN {ri_up} + {ri_rec}\n    WHEN 'Fee' THEN CASE WHEN {arn} <> '' THEN 0 ELSE {unblended} END\n    ELSE {unblended} END",
                unblended = n[0],
                sp_eff = n[1],
                sp_commit = n[2],
                sp_used = n[3],
                ri_eff = n[4],
                ri_up = n[5],
                ri_rec = n[6],
            )
        }
    }
}

/// The report's query: one row per (bucket, grouping values, currency) with its exact sum and line
/// item count. Buckets are the usage start truncated to the hour, day or month (a first month that
/// starts mid-month is clamped to the range's start when read back).
pub fn report_sql(plan: &Plan, query: &Query, target: &Target, schema: &Schema) -> Sql {
    let mut sql = Sql::default();
    let (ts, iso) = usage_start(schema);
    let unit = match plan.buckets.granularity {
        Granularity::Hourly => "hour",
        Granularity::Daily => "day",
        Granularity::Monthly => "month",
    };
    let mut select = vec![format!("CAST(date_trunc('{unit}', {ts}) AS varchar) AS bucket")];
    for (g, extract) in plan.groupings.iter().enumerate() {
        let expr = extract_sql(&mut sql, plan, &extract.fields, schema);
        select.push(format!("{expr} AS key{}", g + 1));
    }
    select.push(format!(
        "{} AS currency",
        text_sql(plan.strings[plan.currency].column(), schema)
    ));
    select.push(format!(
        "CAST(SUM({}) AS varchar) AS amount",
        formula_sql(plan, schema).replace('\n', "\n  ")
    ));
    select.push("COUNT(*) AS line_items".into());

    let mut conditions = Vec::new();
    if schema.partitions.iter().any(|p| p == PARTITION) {
        let periods = super::billing_periods(query.range.start, query.range.end);
        let marks: Vec<&str> = periods.iter().map(|p| sql.bind(p)).collect();
        conditions.push(format!("{PARTITION} IN ({})", marks.join(", ")));
    }
    let (lo, hi) = (plan.buckets.start(), plan.buckets.end);
    let cast = if iso { "from_iso8601_timestamp" } else { "CAST" };
    let bound = |sql: &mut Sql, ms: i64| -> String {
        let p = sql.bind(&ms_text(ms, iso));
        if iso {
            format!("{cast}({p})")
        } else {
            format!("CAST({p} AS timestamp)")
        }
    };
    let lo_sql = bound(&mut sql, lo);
    let hi_sql = bound(&mut sql, hi);
    conditions.push(format!("{ts} >= {lo_sql}"));
    conditions.push(format!("{ts} < {hi_sql}"));
    for (extract, values) in &plan.filters {
        let expr = extract_sql(&mut sql, plan, &extract.fields, schema);
        let marks: Vec<&str> = values.iter().map(|v| sql.bind(v)).collect();
        conditions.push(format!("{expr} IN ({})", marks.join(", ")));
    }
    let groups: Vec<String> = (1..=plan.groupings.len() + 2).map(|i| i.to_string()).collect();
    sql.text = format!(
        "SELECT\n  {}\nFROM {}\nWHERE {}\nGROUP BY {}",
        select.join(",\n  "),
        target.qualified(),
        conditions.join("\n  AND "),
        groups.join(", ")
    );
    sql
}

/// Athena's `YYYY-MM-DD HH:MM:SS[.fff]` (a timestamp cast to varchar) in milliseconds.
fn parse_bucket(text: &str) -> Option<i64> {
    let text = text.trim();
    let head = text.get(..19).unwrap_or(text);
    let dt: jiff::civil::DateTime = head.replace('T', " ").parse().ok().or_else(|| {
        text.get(..10)
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
    })?;
    dt.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp().as_millisecond())
}

/// Athena's rows summed into a partial, exactly as the embedded engine's line items are.
pub fn partial_from_rows(plan: &Plan, rows: &[Vec<Option<String>>]) -> std::result::Result<Partial, String> {
    let n = plan.groupings.len();
    let mut partial = Partial::new(plan);
    for (i, row) in rows.iter().enumerate() {
        if row.len() != n + 4 {
            return Err(format!("row {} has {} values, not {}", i + 1, row.len(), n + 4));
        }
        let bucket_text = row[0].as_deref().unwrap_or_default();
        let ms = parse_bucket(bucket_text).ok_or_else(|| format!("row {}: bucket {bucket_text:?}", i + 1))?;
        let Some(bucket) = plan.buckets.index(ms.max(plan.buckets.start())) else {
            continue;
        };
        let keys: Vec<Option<&[u8]>> = row[1..=n]
            .iter()
            .map(|v| v.as_deref().filter(|s| !s.is_empty()).map(str::as_bytes))
            .collect();
        let currency = row[n + 1].as_deref().unwrap_or_default();
        let amount_text = row[n + 2].as_deref().unwrap_or("0");
        let amount =
            plan::scaled_text(amount_text).ok_or_else(|| format!("row {}: amount {amount_text:?}", i + 1))?;
        let count: u64 = row[n + 3].as_deref().unwrap_or("0").trim().parse().unwrap_or(0);
        partial.add_cell(&keys, bucket as u32, amount, count, currency);
    }
    Ok(partial)
}

/// How the Athena engine runs.
pub struct Options<'p> {
    pub cache_dir: Option<PathBuf>,
    pub refresh: bool,
    /// How long a result stays fresh.
    pub ttl: Duration,
    pub progress: &'p dyn Progress,
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("cache_dir", &self.cache_dir)
            .field("refresh", &self.refresh)
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

/// What the Athena engine did, for the report's cost line and `--format json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct AthenaStats {
    pub table: String,
    pub workgroup: Option<String>,
    /// Query executions, in order (the schema query, when it ran, then the report's).
    pub query_ids: Vec<String>,
    /// Data scanned by those queries, in bytes, as Athena reports it.
    pub bytes_scanned: u64,
    /// Their price at $5/TB with the 10 MB minimum each.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub cost: Decimal,
    /// `GetQueryExecution` polls and `GetQueryResults` pages.
    pub polls: u32,
    pub pages: u32,
    /// Result rows (one per bucket and key).
    pub rows: u64,
    pub engine_ms: u64,
}

impl AthenaStats {
    /// API requests made (start, polls, pages); Athena does not charge for them.
    pub fn requests(&self) -> u32 {
        self.query_ids.len() as u32 + self.polls + self.pages
    }
}

/// One finished query: its rows, and what it took.
struct Ran {
    rows: Vec<Vec<Option<String>>>,
    execution: Execution,
    id: String,
    polls: u32,
    pages: u32,
}

/// Starts `request`, polls it to the end (stopping it on Ctrl-C: Athena bills what a query scans), and
/// reads every page of its result.
async fn run_query(
    ctx: &AwsContext,
    target: &Target,
    request: &QueryRequest,
    what: &str,
    progress: &dyn Progress,
) -> Result<Ran> {
    let id = athena::start(ctx, request).await?;
    tracing::debug!(query_id = %id, sql = %request.sql, parameters = ?request.parameters, "athena query started");
    let started = std::time::Instant::now();
    let mut delay = POLL_FIRST;
    let mut polls = 0u32;
    // A query done at the first poll says nothing: progress is for waits.
    let mut waited = false;
    let execution = loop {
        let execution = athena::execution(ctx, &id).await?;
        polls += 1;
        if waited || !execution.state.is_done() {
            progress.status(&format!(
                "Athena {what} {id}: {}, {} s",
                execution.state.as_str(),
                started.elapsed().as_secs()
            ));
            waited = true;
        }
        if execution.state.is_done() {
            break execution;
        }
        tokio::select! {
            () = tokio::time::sleep(delay) => {}
            _ = tokio::signal::ctrl_c() => {
                let stopped = athena::stop(ctx, &id).await;
                progress.finish();
                return Err(Error::io(
                    format!(
                        "interrupted: the Athena query {id} was {}",
                        if stopped.is_ok() { "stopped" } else { "left running (StopQueryExecution failed)" }
                    ),
                    std::io::Error::from(std::io::ErrorKind::Interrupted),
                ));
            }
        }
        delay = (delay * 2).min(POLL_MAX);
    };
    progress.finish();
    if execution.state != State::Succeeded {
        return Err(failed(target, &id, &execution));
    }
    let (_, rows, pages) = athena::results(ctx, &id).await?;
    Ok(Ran {
        rows,
        execution,
        id,
        polls,
        pages,
    })
}

/// A failed or cancelled query as one line with the next step.
fn failed(target: &Target, id: &str, execution: &Execution) -> Error {
    let reason = execution
        .reason
        .clone()
        .unwrap_or_else(|| "no reason given".into());
    let upper = reason.to_ascii_uppercase();
    let hint = if upper.contains("TABLE_NOT_FOUND")
        || upper.contains("SCHEMA_NOT_FOUND")
        || upper.contains("DOES NOT EXIST")
    {
        format!(
            "check --athena-database and --athena-table ({}); `costbrake doctor` checks both",
            target.name()
        )
    } else if upper.contains("COLUMN_NOT_FOUND") || upper.contains("CANNOT BE RESOLVED") {
        "the table's columns changed since costbrake read them: rerun with --refresh".into()
    } else if upper.contains("OUTPUT LOCATION") || upper.contains("OUTPUTLOCATION") {
        "give the results a place: --output-location s3://BUCKET/PREFIX/, or set one on the workgroup".into()
    } else if upper.contains("BYTES SCANNED") || upper.contains("CUTOFF") {
        "the workgroup's per-query scan limit stopped it: narrow --period, or raise the limit".into()
    } else if execution.state == State::Cancelled {
        "the query was cancelled (by a user or the workgroup); rerun the report".into()
    } else {
        format!("see the query {id} in the Athena console's history for details")
    };
    AwsError {
        service: "athena",
        operation: "GetQueryExecution",
        scope: Some(id.to_string()),
        code: Some(execution.state.as_str().to_ascii_uppercase()),
        detail: format!(
            "the query on {} {}: {reason}",
            target.name(),
            execution.state.as_str()
        ),
        hint: Some(hint),
    }
    .into()
}

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct SchemaEntry {
    written_at: u64,
    schema: Schema,
}

/// The table's schema: cached for a day, else read with `information_schema`.
async fn schema(
    ctx: &AwsContext,
    target: &Target,
    options: &Options<'_>,
    scope: &str,
    stats: &mut AthenaStats,
) -> Result<Schema> {
    let key = {
        let mut h = Sha256::new();
        h.update(b"athena-schema\0");
        h.update(serde_json::to_string(target).unwrap_or_default().as_bytes());
        h.update(scope.as_bytes());
        hex::encode(h.finalize())
    };
    let path = options
        .cache_dir
        .as_ref()
        .map(|d| d.join(format!("schema-{key}.json")));
    if !options.refresh
        && let Some(path) = &path
        && let Ok(bytes) = std::fs::read(path)
        && let Ok(entry) = serde_json::from_slice::<SchemaEntry>(&bytes)
        && now_unix().saturating_sub(entry.written_at) < SCHEMA_TTL_SECONDS
    {
        return Ok(entry.schema);
    }
    let ran = run_query(
        ctx,
        target,
        &target.request(schema_sql(target)),
        "schema query",
        options.progress,
    )
    .await?;
    record(stats, &ran);
    let schema = Schema::from_rows(&ran.rows);
    if schema.columns.is_empty() {
        return Err(Error::usage(format!(
            "Athena has no table {} in catalog {} (information_schema lists no columns for it); check \
             --athena-database and --athena-table, or run `costbrake doctor`",
            target.name(),
            target.catalog
        )));
    }
    if let Some(path) = &path {
        let entry = SchemaEntry {
            written_at: now_unix(),
            schema: schema.clone(),
        };
        // A schema that cannot be cached is read again next time: nothing to warn about.
        let _ = write_cache(path, &entry);
    }
    Ok(schema)
}

/// Which account's Athena answered, in which region: a cached answer or schema is reused only for the
/// same account (as Cost Explorer's cache is), region and endpoint.
async fn scope(ctx: &AwsContext) -> Result<String> {
    let account = crate::report::cache_scope(ctx, "AWS_ENDPOINT_URL_ATHENA").await?;
    Ok(format!("{account}|{}", ctx.require_region()?))
}

fn record(stats: &mut AthenaStats, ran: &Ran) {
    stats.query_ids.push(ran.id.clone());
    stats.bytes_scanned += ran.execution.bytes_scanned;
    stats.cost += query_cost(ran.execution.bytes_scanned);
    stats.polls += ran.polls;
    stats.pages += ran.pages;
    stats.engine_ms += ran.execution.engine_ms;
}

/// Runs the report's query on Athena (unless a fresh result is cached) and sums its rows.
pub async fn scan(
    ctx: &AwsContext,
    target: &Target,
    query: &Query,
    options: &Options<'_>,
    today: jiff::civil::Date,
) -> Result<Scanned> {
    let plan = Plan::new(query)?;
    let scope = scope(ctx).await?;
    let cache_key = {
        let mut h = Sha256::new();
        h.update(super::CACHE_VERSION.to_le_bytes());
        h.update(b"athena\0");
        h.update(serde_json::to_string(target).unwrap_or_default().as_bytes());
        h.update(scope.as_bytes());
        h.update(serde_json::to_string(query).unwrap_or_default().as_bytes());
        h.update(today.to_string().as_bytes());
        hex::encode(h.finalize())
    };
    let cache_path = options
        .cache_dir
        .as_ref()
        .map(|d| d.join(format!("athena-{cache_key}.json")));
    if !options.refresh
        && let Some(path) = &cache_path
        && let Some(entry) = read_cache(path, &cache_key)
    {
        let age = entry.age();
        if age <= options.ttl.as_secs() {
            let (merged, mut stats, hints) = entry.into_parts();
            // Nothing was asked of Athena this time.
            stats.athena = stats.athena.map(|a| AthenaStats {
                table: a.table,
                workgroup: a.workgroup,
                ..AthenaStats::default()
            });
            return Ok(Scanned {
                merged,
                requests: request_stats(stats, true, Some(age)),
                warnings: Vec::new(),
                hints,
            });
        }
    }

    let mut athena_stats = AthenaStats {
        table: target.name(),
        workgroup: target.workgroup.clone(),
        ..AthenaStats::default()
    };
    let schema = schema(ctx, target, options, &scope, &mut athena_stats).await?;
    let label = format!("the Athena table {}", target.name());
    let mut hints = column_hints(&plan, query, &[(label, schema.names())])?;
    let request = target.request(report_sql(&plan, query, target, &schema));
    let ran = run_query(ctx, target, &request, "query", options.progress).await?;
    record(&mut athena_stats, &ran);
    athena_stats.rows = ran.rows.len() as u64;
    let partial = partial_from_rows(&plan, &ran.rows).map_err(|detail| AwsError {
        service: "athena",
        operation: "GetQueryResults",
        scope: Some(ran.id.clone()),
        code: None,
        detail: format!("an unexpected result row: {detail}"),
        hint: Some("the table may not be a CUR 2.0 table; check --athena-table".into()),
    })?;
    let totals = acc::finish(&plan, vec![partial], |start| estimated(start, today));
    if totals.currencies.len() > 1 {
        return Err(AwsError {
            service: "athena",
            operation: "GetQueryResults",
            scope: Some(target.name()),
            code: None,
            detail: format!("amounts in several currencies ({})", totals.currencies.join(", ")),
            hint: Some("report each currency separately; costbrake does not convert".into()),
        }
        .into());
    }
    hints.extend(super::untagged_hints(query, &totals.merged));
    let stats = ScanStats {
        export: target.name(),
        engine: "athena".into(),
        periods: super::billing_periods(query.range.start, query.range.end),
        line_items: totals.scanned,
        line_items_matched: totals.matched,
        athena: Some(athena_stats),
        ..ScanStats::default()
    };
    let mut warnings = Vec::new();
    let merged = totals.merged;
    if let Some(path) = &cache_path {
        warnings.extend(cache_result(
            path,
            &CacheEntry::new(&cache_key, &merged, &stats, &hints),
            "queries Athena again",
        ));
    }
    Ok(Scanned {
        merged,
        requests: request_stats(stats, false, None),
        warnings,
        hints,
    })
}

fn request_stats(scan: ScanStats, cached: bool, age: Option<u64>) -> RequestStats {
    let athena = scan.athena.clone().unwrap_or_default();
    RequestStats {
        made: athena.requests(),
        cost: athena.cost,
        cached,
        cache_age_seconds: age,
        scan: Some(scan),
        ..RequestStats::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::report::period::DateRange;
    use crate::report::{Grouping, Metric};
    use jiff::civil::date;

    fn target() -> Target {
        Target::new(
            None,
            Some("cur".into()),
            Some("agents".into()),
            Some("primary".into()),
            None,
        )
        .expect("target")
    }

    fn cur_schema(partitioned: bool, with_tags: bool) -> Schema {
        let mut rows: Vec<Vec<Option<String>>> = [
            ("line_item_usage_start_date", "timestamp(3)"),
            ("line_item_currency_code", "varchar"),
            ("line_item_unblended_cost", "double"),
            ("line_item_product_code", "varchar"),
            ("resource_tags", "map(varchar, varchar)"),
        ]
        .iter()
        .map(|(n, t)| vec![Some(n.to_string()), Some(t.to_string()), Some(String::new())])
        .collect();
        if with_tags {
            rows.push(vec![
                Some("tags".into()),
                Some("map(varchar, varchar)".into()),
                None,
            ]);
        }
        if partitioned {
            rows.push(vec![
                Some("billing_period".into()),
                Some("varchar".into()),
                Some("partition key".into()),
            ]);
        }
        Schema::from_rows(&rows)
    }

    fn query(by: &[&str], granularity: Granularity, filters: &[(&str, &str)]) -> Query {
        let config = Config::default();
        Query {
            group_by: by
                .iter()
                .map(|n| Grouping::resolve(n, &config).expect("grouping"))
                .collect(),
            range: DateRange {
                start: date(2026, 10, 20),
                end: date(2026, 11, 30),
            },
            granularity,
            metric: Metric::Unblended,
            filters: filters
                .iter()
                .map(|(k, v)| crate::report::tag_filter("--run", k, v).expect("filter"))
                .collect(),
            top: None,
        }
    }

    #[test]
    fn the_report_sql_binds_every_value_and_prunes_billing_periods() {
        let q = query(
            &["run", "service"],
            Granularity::Daily,
            &[("agent-run-id", "run-1 OR 1=1")],
        );
        let plan = Plan::new(&q).expect("plan");
        let sql = report_sql(&plan, &q, &target(), &cur_schema(true, true));
        insta::assert_snapshot!(sql.text, @r#"
        SELECT
          CAST(date_trunc('day', line_item_usage_start_date) AS varchar) AS bucket,
          COALESCE(NULLIF(element_at(resource_tags, ?), ''), NULLIF(element_at(tags, ?), '')) AS key1,
          NULLIF(line_item_product_code, '') AS key2,
          COALESCE(line_item_currency_code, '') AS currency,
          CAST(SUM(COALESCE(CAST(line_item_unblended_cost AS decimal(38, 10)), 0)) AS varchar) AS amount,
          COUNT(*) AS line_items
        FROM "AwsDataCatalog"."cur"."agents"
        WHERE billing_period IN (?, ?)
          AND line_item_usage_start_date >= CAST(? AS timestamp)
          AND line_item_usage_start_date < CAST(? AS timestamp)
          AND COALESCE(NULLIF(element_at(resource_tags, ?), ''), NULLIF(element_at(tags, ?), '')) IN (?)
        GROUP BY 1, 2, 3, 4
        "#);
        assert_eq!(
            sql.parameters,
            [
                "'user_agent_run_id'",
                "'iamPrincipal/agent-run-id'",
                "'2026-10'",
                "'2026-11'",
                "'2026-10-20 00:00:00'",
                "'2026-12-01 00:00:00'",
                "'user_agent_run_id'",
                "'iamPrincipal/agent-run-id'",
                "'run-1 OR 1=1'",
            ]
        );
        assert_eq!(sql.text.matches('?').count(), sql.parameters.len());
        assert!(
            !sql.text.contains("run-1"),
            "user input is bound, never in the text"
        );
    }

    #[test]
    fn the_sql_names_only_the_columns_the_table_has() {
        let q = query(&["run"], Granularity::Monthly, &[]);
        let plan = Plan::new(&q).expect("plan");
        let sql = report_sql(&plan, &q, &target(), &cur_schema(false, false));
        assert!(!sql.text.contains("element_at(tags"), "{}", sql.text);
        assert!(!sql.text.contains("billing_period"), "{}", sql.text);
        assert!(sql.text.contains("date_trunc('month'"), "{}", sql.text);
        assert_eq!(sql.parameters.len(), 3);
    }

    #[test]
    fn a_text_usage_start_is_parsed_as_iso_8601() {
        let mut schema = cur_schema(false, false);
        schema.columns[0].1 = "string".into();
        let q = query(&["service"], Granularity::Hourly, &[]);
        let plan = Plan::new(&q).expect("plan");
        let sql = report_sql(&plan, &q, &target(), &schema);
        assert!(
            sql.text
                .contains("from_iso8601_timestamp(line_item_usage_start_date) >= from_iso8601_timestamp(?)"),
            "{}",
            sql.text
        );
        assert_eq!(sql.parameters[0], "'2026-10-20T00:00:00Z'");
    }

    #[test]
    fn the_amortized_formula_matches_the_embedded_one() {
        let mut q = query(&["service"], Granularity::Daily, &[]);
        q.metric = Metric::Amortized;
        let plan = Plan::new(&q).expect("plan");
        let sql = report_sql(&plan, &q, &target(), &cur_schema(false, false));
        for case in [
            "WHEN 'SavingsPlanCoveredUsage' THEN CAST(0 AS decimal(38, 10))",
            "WHEN 'SavingsPlanNegation' THEN 0",
            "WHEN 'Fee' THEN CASE WHEN '' <> '' THEN 0 ELSE COALESCE(CAST(line_item_unblended_cost AS decimal(38, 10)), 0) END",
        ] {
            assert!(sql.text.contains(case), "{case} in {}", sql.text);
        }
    }

    #[test]
    fn a_literal_doubles_its_quotes() {
        assert_eq!(literal("it's"), "'it''s'");
        assert_eq!(literal("a'); DROP TABLE t; --"), "'a''); DROP TABLE t; --'");
    }

    #[test]
    fn the_schema_query_binds_the_names() {
        let sql = schema_sql(&target());
        assert_eq!(sql.parameters, ["'cur'", "'agents'"]);
        assert!(
            sql.text
                .contains("FROM \"AwsDataCatalog\".information_schema.columns")
        );
    }

    #[test]
    fn names_are_checked_before_anything_is_sent() {
        let t = |db: &str, table: &str| Target::new(None, Some(db.into()), Some(table.into()), None, None);
        assert!(t("cur", "agents").is_ok());
        assert!(t("cur_db", "cur-2").is_ok());
        for bad in ["cur\"; DROP", "a b", "", "x.y"] {
            assert!(t(bad, "agents").is_err(), "{bad}");
            assert!(t("cur", bad).is_err(), "{bad}");
        }
        assert!(Target::new(None, None, Some("t".into()), None, None).is_err());
        let with = |wg: Option<&str>, out: Option<&str>| {
            Target::new(
                None,
                Some("d".into()),
                Some("t".into()),
                wg.map(str::to_string),
                out.map(str::to_string),
            )
        };
        assert!(with(Some("wg 1"), None).is_err());
        assert!(with(None, Some("bucket/x")).is_err());
        assert!(with(Some("finops.team-1"), Some("s3://b/x/")).is_ok());
    }

    #[test]
    fn rows_become_the_same_cells_as_line_items() {
        let q = query(&["run"], Granularity::Monthly, &[]);
        let plan = Plan::new(&q).expect("plan");
        let row = |b: &str, k: Option<&str>, a: &str| {
            vec![
                Some(b.to_string()),
                k.map(str::to_string),
                Some("USD".to_string()),
                Some(a.to_string()),
                Some("3".to_string()),
            ]
        };
        let rows = vec![
            // October's bucket starts on the range's start, the 20th: its month truncation is clamped.
            row("2026-10-01 00:00:00.000", Some("run-1"), "1.0000000001"),
            row("2026-11-01 00:00:00.000", Some("run-1"), "2.5"),
            row("2026-11-01 00:00:00.000", None, "0.25"),
        ];
        let partial = partial_from_rows(&plan, &rows).expect("rows");
        let totals = acc::finish(&plan, vec![partial], |_| false);
        assert_eq!(totals.merged.periods.len(), 2);
        assert_eq!(totals.merged.periods[0].start, "2026-10-20");
        assert_eq!(
            totals.merged.keys,
            vec![vec![None], vec![Some("run-1".to_string())]]
        );
        assert_eq!(
            totals.merged.amounts[1],
            vec![Decimal::new(10000000001, 10), Decimal::new(25, 1)]
        );
        assert_eq!(totals.matched, 9);
        assert!(partial_from_rows(&plan, &[vec![Some("x".into())]]).is_err());
        assert!(partial_from_rows(&plan, &[row("soon", None, "1")]).is_err());
    }

    #[test]
    fn a_query_costs_five_dollars_a_terabyte_with_a_ten_megabyte_minimum() {
        assert_eq!(query_cost(0), query_cost(10 * MB));
        assert_eq!(query_cost(1 << 40), Decimal::from(5));
        assert_eq!(query_cost(10 * MB + 1), query_cost(11 * MB));
        assert_eq!(query_cost(11 * MB) * Decimal::from(MB_PER_TB), Decimal::from(55));
    }
}
