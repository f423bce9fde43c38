//! `report --source cur`: the same report from the Cost and Usage Report (CUR 2.0, AWS Data Exports),
//! read where the export lands (S3, or a local copy) by costbrake's embedded engine.
//!
//! - [`Location`] is `--cur`: `s3://BUCKET/PREFIX/EXPORT` or a directory holding `data/` and `metadata/`.
//! - For each billing period the range touches, the export's manifest
//!   (`metadata/BILLING_PERIOD=YYYY-MM/<export>-Manifest.json`) names the data files; only those are read,
//!   so a second export version (overwrite or create-new) replaces the first.
//! - [`plan`] decides the projection (the few columns the query needs) and the arithmetic; [`parquet`]
//!   and [`csv`] decode, [`acc`] sums. `store` fetches the bytes (S3 or disk, counted) and `scan` fetches and
//!   decodes row groups concurrently under a bound.
//! - [`athena`] is the other engine: the same plan as SQL, run by Athena.
//! - The result is cached under a hash of the manifests and the query: a changed manifest invalidates
//!   it, a repeated report reads only the manifests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use futures::StreamExt;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::aws::AwsContext;
use crate::aws::costexplorer::GroupKind;
use crate::error::{AwsError, Error, Result};
use crate::report::aggregate::Merged;
use crate::report::{Query, RequestStats};

pub mod acc;
pub mod athena;
pub mod csv;
pub mod parquet;
pub mod plan;
mod scan;
mod store;

use plan::Plan;
use scan::*;
use store::*;

/// S3's price of a GET request (S3 Standard, us-east-1): $0.0004 per 1,000.
pub const PRICE_PER_GET: Decimal = Decimal::from_parts(4, 0, 0, false, 7);
/// S3's price of a LIST request: $0.005 per 1,000.
pub const PRICE_PER_LIST: Decimal = Decimal::from_parts(5, 0, 0, false, 6);
/// Range reads closer than this are merged into one GET (S3); a local file is read range by range. Small:
/// a GET costs $0.0000004 and runs concurrently with the others, while every byte between two needed
/// column chunks is bytes that a CUR's hundred-odd columns would otherwise make the scan fetch.
const S3_COALESCE_BYTES: u64 = 64 * 1024;
/// The previous billing period can still change for this long after it ends.
const RESTATEMENT_DAYS: i64 = 14;
const CACHE_VERSION: u32 = 2;

/// Where the export is: `--cur`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Location {
    /// `s3://BUCKET/PREFIX/EXPORT`: `prefix` ends with the export's name, without a trailing `/`.
    S3 { bucket: String, prefix: String },
    /// A directory holding a downloaded export (`data/`, `metadata/`).
    Local { path: PathBuf },
}

impl Location {
    /// Parses `--cur` (or `report.cur`).
    pub fn parse(text: &str) -> Result<Location> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::usage(
                "--cur needs the export: s3://BUCKET/PREFIX/EXPORT_NAME or a directory holding a downloaded export",
            ));
        }
        if let Some(rest) = text.strip_prefix("s3://") {
            let rest = rest.trim_end_matches('/');
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() || prefix.is_empty() {
                return Err(Error::usage(format!(
                    "--cur {text}: name the export's folder, s3://BUCKET/PREFIX/EXPORT_NAME (the one holding \
                     data/ and metadata/)"
                )));
            }
            return Ok(Location::S3 {
                bucket: bucket.to_string(),
                prefix: prefix.to_string(),
            });
        }
        if text.contains("://") {
            return Err(Error::usage(format!(
                "--cur {text}: only s3:// URIs and local directories are read"
            )));
        }
        let path = PathBuf::from(text);
        if !path.is_dir() {
            return Err(Error::usage(format!(
                "--cur {text}: no such directory; give s3://BUCKET/PREFIX/EXPORT_NAME or the directory of a \
                 downloaded export"
            )));
        }
        Ok(Location::Local { path })
    }

    /// The export's name: the last path segment.
    pub fn export_name(&self) -> String {
        match self {
            Location::S3 { prefix, .. } => prefix.rsplit('/').next().unwrap_or(prefix).to_string(),
            Location::Local { path } => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::S3 { bucket, prefix } => write!(f, "s3://{bucket}/{prefix}"),
            Location::Local { path } => write!(f, "{}", path.display()),
        }
    }
}

/// A Data Exports manifest: the files of one billing period's latest delivery.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    #[serde(default)]
    pub execution_id: String,
    #[serde(default)]
    pub export_arn: String,
    #[serde(default)]
    pub columns: Vec<ManifestColumn>,
    pub data_files: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ManifestColumn {
    pub name: String,
    #[serde(default, rename = "type")]
    pub kind: String,
}

/// What the scan read, for the report's cost line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ScanStats {
    /// The export, as `--cur` named it.
    pub export: String,
    /// `embedded` (this process).
    pub engine: String,
    /// Billing periods read, and those the range touches that have no delivery.
    pub periods: Vec<String>,
    pub periods_missing: Vec<String>,
    pub files: u32,
    /// The data files' whole size, and what was read of them (projection and pruning).
    pub bytes_total: u64,
    pub bytes_read: u64,
    pub row_groups: u32,
    /// Row groups skipped unread: their usage dates lie outside the range.
    pub row_groups_skipped: u32,
    /// Line items decoded, and those that counted (in range and filters).
    pub line_items: u64,
    pub line_items_matched: u64,
    /// S3 requests (GET and LIST) made.
    pub s3_get: u32,
    pub s3_list: u32,
    /// With `--engine athena`: the queries, what they scanned and cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub athena: Option<athena::AthenaStats>,
}

impl ScanStats {
    /// The stderr line.
    pub fn summary(&self, cost: Decimal, cache_age: Option<u64>) -> String {
        if let Some(a) = &self.athena {
            return athena_summary(a, self.line_items, cache_age);
        }
        let mut line = format!(
            "CUR {}: {} file{}, {} of {} read, {} line items",
            self.export,
            self.files,
            if self.files == 1 { "" } else { "s" },
            human_bytes(self.bytes_read),
            human_bytes(self.bytes_total),
            self.line_items,
        );
        if self.s3_get + self.s3_list > 0 {
            let n = self.s3_get + self.s3_list;
            line.push_str(&format!(
                ", {n} S3 request{} (${})",
                if n == 1 { "" } else { "s" },
                cost.round_sf(2).unwrap_or(cost).normalize()
            ));
        }
        if let Some(age) = cache_age {
            line.push_str(&format!(
                " (result cached {} ago for these manifests; --refresh to re-read)",
                crate::report::fetch::human_age(age)
            ));
        }
        line
    }
}

/// The stderr line of the Athena engine: what the queries scanned and cost, like Cost Explorer's
/// request cost.
fn athena_summary(a: &athena::AthenaStats, line_items: u64, cache_age: Option<u64>) -> String {
    let wg = a.workgroup.as_deref().unwrap_or("primary");
    if let Some(age) = cache_age {
        return format!(
            "Athena {} (workgroup {wg}): result cached {} ago, no query run (--refresh to query again)",
            a.table,
            crate::report::fetch::human_age(age)
        );
    }
    let n = a.query_ids.len();
    format!(
        "Athena {} (workgroup {wg}): {n} quer{}, {} scanned (${} at $5/TB, 10 MB minimum a query), {} line \
         items in {} result rows, {} API requests",
        a.table,
        if n == 1 { "y" } else { "ies" },
        human_bytes(a.bytes_scanned),
        a.cost.round_sf(2).unwrap_or(a.cost).normalize(),
        line_items,
        a.rows,
        a.requests(),
    )
}

/// `1.2 MB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// The billing periods (`YYYY-MM`) a range touches.
pub fn billing_periods(start: jiff::civil::Date, end: jiff::civil::Date) -> Vec<String> {
    let mut out = Vec::new();
    let mut month = start.first_of_month();
    while month <= end {
        out.push(format!("{:04}-{:02}", month.year(), month.month()));
        match month.checked_add(jiff::Span::new().months(1)) {
            Ok(next) => month = next,
            Err(_) => break,
        }
    }
    out
}

/// The manifest of `period` among the listed metadata keys: directly in the period's partition
/// (`metadata/BILLING_PERIOD=YYYY-MM/…Manifest.json`; the partition's name in either case), not the
/// per-execution copies in its subfolders.
pub fn manifest_key<'k>(keys: &'k [String], period: &str) -> Option<&'k str> {
    keys.iter()
        .map(String::as_str)
        .filter(|k| {
            let parts: Vec<&str> = k.split('/').collect();
            parts.len() == 3
                && parts[0] == "metadata"
                && parts[1].eq_ignore_ascii_case(&format!("billing_period={period}"))
                && parts[2].ends_with("Manifest.json")
        })
        .min()
}

/// Whether a bucket starting on `start` (`YYYY-MM-DD…`) may still change: its billing period is not
/// over, or ended less than 14 days before `today`.
pub fn estimated(start: &str, today: jiff::civil::Date) -> bool {
    let Ok(date) = start.get(..10).unwrap_or(start).parse::<jiff::civil::Date>() else {
        return true;
    };
    let next = date
        .first_of_month()
        .checked_add(jiff::Span::new().months(1))
        .and_then(|d| d.checked_add(jiff::Span::new().days(RESTATEMENT_DAYS)));
    match next {
        Ok(settled) => today < settled,
        Err(_) => true,
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct CacheEntry {
    version: u32,
    key: String,
    written_at: u64,
    periods: Vec<crate::report::aggregate::Period>,
    keys: Vec<Vec<Option<String>>>,
    #[serde(with = "decimal_rows")]
    amounts: Vec<Vec<Decimal>>,
    currency: String,
    stats: ScanStats,
    hints: Vec<String>,
}

impl CacheEntry {
    fn new(key: &str, merged: &Merged, stats: &ScanStats, hints: &[String]) -> CacheEntry {
        CacheEntry {
            version: CACHE_VERSION,
            key: key.to_string(),
            written_at: now_unix(),
            periods: merged.periods.clone(),
            keys: merged.keys.clone(),
            amounts: merged.amounts.clone(),
            currency: merged.currency.clone(),
            stats: stats.clone(),
            hints: hints.to_vec(),
        }
    }

    /// How old the entry is, in seconds.
    fn age(&self) -> u64 {
        now_unix().saturating_sub(self.written_at)
    }

    /// The cached result, its scan statistics and hints.
    fn into_parts(self) -> (Merged, ScanStats, Vec<String>) {
        let merged = Merged {
            periods: self.periods,
            keys: self.keys,
            amounts: self.amounts,
            currency: self.currency,
        };
        (merged, self.stats, self.hints)
    }
}

/// Caches a result; a failure is a warning saying what the next report does instead (`then`).
fn cache_result(path: &Path, entry: &CacheEntry, then: &str) -> Option<String> {
    write_cache(path, entry).err().map(|e| {
        format!(
            "could not cache the result in {}: {e}; the next report {then}",
            path.display()
        )
    })
}

mod decimal_rows {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(rows: &[Vec<Decimal>], s: S) -> Result<S::Ok, S::Error> {
        let text: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|d| d.to_string()).collect())
            .collect();
        serde::Serialize::serialize(&text, s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<Decimal>>, D::Error> {
        let text: Vec<Vec<String>> = Vec::deserialize(d)?;
        text.into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|t| t.parse().map_err(serde::de::Error::custom))
                    .collect()
            })
            .collect()
    }
}

fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// How the scan is run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where results are cached (`None`: not cached).
    pub cache_dir: Option<PathBuf>,
    /// Ignore a cached result.
    pub refresh: bool,
    /// Row groups fetched and decoded at once.
    pub concurrency: usize,
}

impl Options {
    /// The default cache directory for CUR results.
    pub fn default_cache_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "costbrake").map(|d| d.cache_dir().join("cur"))
    }

    /// Row groups in flight: a couple per core (decoding is CPU-bound, fetching waits on the network).
    pub fn default_concurrency() -> usize {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .clamp(2, 16)
    }
}

/// What `doctor` reports of an export: its deliveries, the newest one's files, and the optional
/// content its definition leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ExportInfo {
    pub export: String,
    /// Billing periods with a manifest, oldest first.
    pub periods: Vec<String>,
    pub latest: String,
    pub execution_id: String,
    pub data_files: usize,
    /// `parquet`, `csv` or `mixed`, from the data files' names.
    pub format: String,
    /// What the newest manifest's columns lack that costbrake's reports use (empty when the manifest
    /// lists no columns).
    pub missing: Vec<String>,
}

/// Reads the export's listing and its newest manifest: is it there, is it complete.
pub async fn inspect(ctx: Option<&AwsContext>, location: &Location) -> Result<ExportInfo> {
    let store = Store::open(ctx, location).await?;
    let keys = store.list_metadata(location).await?;
    let mut periods: Vec<String> = keys
        .iter()
        .filter_map(|k| {
            let parts: Vec<&str> = k.split('/').collect();
            let period = parts.get(1)?.get("billing_period=".len()..)?;
            (parts.len() == 3
                && parts[0] == "metadata"
                && parts[1][.."billing_period=".len()].eq_ignore_ascii_case("billing_period=")
                && parts[2].ends_with("Manifest.json"))
            .then(|| period.to_string())
        })
        .collect();
    periods.sort();
    periods.dedup();
    let Some(latest) = periods.last().cloned() else {
        return Err(Error::usage(format!(
            "no CUR 2.0 manifest under {location}/metadata/: --cur (report.cur) must name the export's folder, \
             the one holding data/ and metadata/, and its first delivery can take 24 hours{}",
            available(&keys)
        )));
    };
    let key = manifest_key(&keys, &latest).expect("a listed period has a manifest");
    let (manifest, _) = read_manifest(&store, location, key).await?;
    let csv = manifest.data_files.iter().filter(|f| is_csv(f)).count();
    let format = match (csv, manifest.data_files.len() - csv) {
        (0, _) => "parquet",
        (_, 0) => "csv",
        _ => "mixed",
    };
    let mut missing = Vec::new();
    if !manifest.columns.is_empty() {
        let has = |name: &str| manifest.columns.iter().any(|c| c.name == name);
        for (column, what) in [
            ("resource_tags", "resource tags (resource_tags)"),
            ("tags", "the tags column (Bedrock session tags)"),
            ("line_item_resource_id", "resource IDs (--by resource)"),
            (
                "line_item_iam_principal",
                "caller identity (Bedrock cost per IAM principal)",
            ),
        ] {
            if !has(column) {
                missing.push(what.to_string());
            }
        }
    }
    Ok(ExportInfo {
        export: location.to_string(),
        periods,
        latest,
        execution_id: manifest.execution_id,
        data_files: manifest.data_files.len(),
        format: format.into(),
        missing,
    })
}

/// One manifest, parsed, and its bytes (the cache key hashes them).
async fn read_manifest(store: &Store<'_>, location: &Location, key: &str) -> Result<(Manifest, Bytes)> {
    let bytes = store.get_relative(location, key).await?;
    let manifest = serde_json::from_slice(&bytes).map_err(|e| {
        corrupt(
            &format!("{location}/{key}"),
            format!("the manifest is not a Data Exports manifest: {e}"),
        )
    })?;
    Ok((manifest, bytes))
}

/// What a CUR scan produced.
#[derive(Debug)]
pub struct Scanned {
    pub merged: Merged,
    pub requests: RequestStats,
    pub warnings: Vec<String>,
    /// Why a tag grouping is probably empty, and what to do.
    pub hints: Vec<String>,
}

/// Reads the export for `query`: manifests, then (unless cached) the data files' projected columns.
pub async fn scan(
    ctx: Option<&AwsContext>,
    location: &Location,
    query: &Query,
    options: &Options,
    today: jiff::civil::Date,
) -> Result<Scanned> {
    let plan = Arc::new(Plan::new(query)?);
    let store = Store::open(ctx, location).await?;
    let mut stats = ScanStats {
        export: location.to_string(),
        engine: "embedded".into(),
        ..ScanStats::default()
    };
    if matches!(location, Location::S3 { .. }) {
        stats.s3_get = 1; // GetBucketLocation
    }

    // Manifests: one listing of metadata/, one GET per billing period.
    let keys = store.list_metadata(location).await?;
    let mut manifests: Vec<(String, Manifest, Bytes)> = Vec::new();
    for period in billing_periods(query.range.start, query.range.end) {
        let Some(key) = manifest_key(&keys, &period) else {
            stats.periods_missing.push(period);
            continue;
        };
        let (manifest, bytes) = read_manifest(&store, location, key).await?;
        manifests.push((period, manifest, bytes));
    }
    if manifests.is_empty() {
        return Err(Error::usage(format!(
            "no CUR 2.0 manifest for {} under {location}/metadata/; --cur must name the export's folder \
             (the one holding data/ and metadata/), and the export must cover that range{}",
            stats.periods_missing.join(", "),
            available(&keys)
        )));
    }
    let mut warnings = Vec::new();
    if !stats.periods_missing.is_empty() {
        warnings.push(format!(
            "the export has no delivery for {}; that part of the range is not in the report",
            stats.periods_missing.join(", ")
        ));
    }
    stats.periods = manifests.iter().map(|m| m.0.clone()).collect();

    // What the manifests' columns say about the plan, before anything is read.
    let sources: Vec<(String, Vec<String>)> = manifests
        .iter()
        .map(|(period, m, _)| {
            (
                format!("the export's {period} delivery"),
                m.columns.iter().map(|c| c.name.clone()).collect(),
            )
        })
        .collect();
    let mut hints = column_hints(&plan, query, &sources)?;

    let cache_key = {
        let mut h = Sha256::new();
        h.update(CACHE_VERSION.to_le_bytes());
        h.update(location.to_string().as_bytes());
        h.update(serde_json::to_string(query).unwrap_or_default().as_bytes());
        for (_, _, bytes) in &manifests {
            h.update(Sha256::digest(bytes));
        }
        hex::encode(h.finalize())
    };
    let cache_path = options
        .cache_dir
        .as_ref()
        .map(|d| d.join(format!("{cache_key}.json")));
    if !options.refresh
        && let Some(path) = &cache_path
        && let Some(entry) = read_cache(path, &cache_key)
    {
        // This invocation's reads: the listing and the manifests, no data.
        let age = entry.age();
        let (merged, mut cached_stats, hints) = entry.into_parts();
        cached_stats.bytes_read = 0;
        cached_stats.s3_get = stats.s3_get + store.gets.load(std::sync::atomic::Ordering::Relaxed);
        cached_stats.s3_list = store.lists.load(std::sync::atomic::Ordering::Relaxed);
        if matches!(location, Location::Local { .. }) {
            (cached_stats.s3_get, cached_stats.s3_list) = (0, 0);
        }
        let requests = request_stats(cached_stats, true, Some(age));
        return Ok(Scanned {
            merged,
            requests,
            warnings,
            hints,
        });
    }

    let manifest_bytes = store.read.load(std::sync::atomic::Ordering::Relaxed);
    let files: Vec<FileRef> = manifests
        .iter()
        .flat_map(|(_, m, _)| m.data_files.iter())
        .map(|uri| store.file(location, uri))
        .collect::<Result<_>>()?;
    stats.files = files.len() as u32;
    let (partials, file_stats) = scan_files(&store, &plan, files, options.concurrency).await?;
    stats.bytes_total = file_stats.bytes_total;
    stats.row_groups = file_stats.row_groups;
    stats.row_groups_skipped = file_stats.row_groups_skipped;
    for missing in file_stats.missing {
        if !hints.iter().any(|h| h.contains(&missing)) {
            hints.push(format!(
                "a data file has no {missing} column, read as empty; the manifest lists it, so the file may be \
                 from an older export definition"
            ));
        }
    }

    let totals = acc::finish(&plan, partials, |start| estimated(start, today));
    if totals.currencies.len() > 1 {
        return Err(AwsError {
            service: "cur",
            operation: "ReadExport",
            scope: Some(location.to_string()),
            code: None,
            detail: format!("amounts in several currencies ({})", totals.currencies.join(", ")),
            hint: Some("report each currency separately; costbrake does not convert".into()),
        }
        .into());
    }
    stats.line_items = totals.scanned;
    stats.line_items_matched = totals.matched;
    stats.bytes_read = store
        .read
        .load(std::sync::atomic::Ordering::Relaxed)
        .saturating_sub(manifest_bytes);
    stats.s3_get += store.gets.load(std::sync::atomic::Ordering::Relaxed);
    stats.s3_list = store.lists.load(std::sync::atomic::Ordering::Relaxed);
    if matches!(location, Location::Local { .. }) {
        stats.s3_get = 0;
    }
    hints.extend(untagged_hints(query, &totals.merged));

    let merged = totals.merged;
    if let Some(path) = &cache_path {
        warnings.extend(cache_result(
            path,
            &CacheEntry::new(&cache_key, &merged, &stats, &hints),
            "reads the export again",
        ));
    }
    Ok(Scanned {
        merged,
        requests: request_stats(stats, false, None),
        warnings,
        hints,
    })
}

fn available(keys: &[String]) -> String {
    let mut periods: Vec<&str> = keys
        .iter()
        .filter_map(|k| k.split('/').nth(1))
        .filter_map(|p| p.split_once('=').map(|(_, v)| v))
        .collect();
    periods.sort_unstable();
    periods.dedup();
    if periods.is_empty() {
        "; nothing is delivered there yet".into()
    } else {
        format!("; it has {}", periods.join(", "))
    }
}

fn request_stats(scan: ScanStats, cached: bool, age: Option<u64>) -> RequestStats {
    let cost = PRICE_PER_GET * Decimal::from(scan.s3_get) + PRICE_PER_LIST * Decimal::from(scan.s3_list);
    RequestStats {
        made: scan.s3_get + scan.s3_list,
        cost,
        cached,
        cache_age_seconds: age,
        scan: Some(scan),
        ..RequestStats::default()
    }
}

/// Checks the manifests' columns against the plan: a missing amount or usage column is an error that
/// says what to change; a missing tag or dimension column becomes a hint (its rows read as empty).
fn column_hints(plan: &Plan, query: &Query, sources: &[(String, Vec<String>)]) -> Result<Vec<String>> {
    let mut hints = Vec::new();
    for (label, columns) in sources {
        if columns.is_empty() {
            continue;
        }
        let has = |name: &str| columns.iter().any(|c| c == name);
        let needed_numbers: &[String] = match query.metric {
            crate::report::Metric::Amortized => &plan.numbers[..1],
            _ => &plan.numbers,
        };
        for name in needed_numbers
            .iter()
            .map(String::as_str)
            .chain([plan::USAGE_START])
        {
            if !has(name) {
                let hint = if name == "line_item_net_unblended_cost" {
                    "Data Exports includes it only when the account has a discount in the period; use \
                     --metric unblended"
                } else {
                    "add it to the export's columns (Data Exports console → the export → Edit)"
                };
                return Err(Error::usage(format!(
                    "{label} has no {name} column, which --metric {} needs; {hint}",
                    serde_json::to_value(query.metric)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                )));
            }
        }
        for (g, extract) in query.group_by.iter().zip(&plan.groupings) {
            let columns: Vec<&str> = extract.fields.iter().map(|&i| plan.strings[i].column()).collect();
            if columns.iter().all(|c| !has(c)) {
                let what = match g.kind {
                    GroupKind::Tag => format!(
                        "no resource_tags or tags column, so every line item is untagged for `{}`; add \
                         resource tags to the export's columns",
                        g.key
                    ),
                    GroupKind::Dimension if columns.contains(&"line_item_resource_id") => {
                        "no line_item_resource_id column; create the export with resource IDs included \
                         (Data Exports: \"Include resource IDs\")"
                            .into()
                    }
                    GroupKind::Dimension if columns.contains(&"line_item_iam_principal") => {
                        "no line_item_iam_principal column; create the export with caller identity \
                         (\"Include caller identity (IAM principal) allocation data\")"
                            .into()
                    }
                    GroupKind::Dimension => {
                        format!("no {} column; add it to the export's columns", columns[0])
                    }
                };
                let hint = format!("{label} has {what}");
                if !hints.contains(&hint) {
                    hints.push(hint);
                }
            }
        }
    }
    Ok(hints)
}

/// A tag grouping that came back entirely untagged: the tag is most likely not activated.
fn untagged_hints(query: &Query, merged: &Merged) -> Vec<String> {
    let mut out = Vec::new();
    for (g, grouping) in query.group_by.iter().enumerate() {
        if grouping.kind != GroupKind::Tag || merged.keys.is_empty() {
            continue;
        }
        if merged.keys.iter().all(|k| k[g].is_none()) {
            out.push(format!(
                "no line item in the range carries resource_tags['{}'] or tags['{}']: activate `{}` as a cost \
                 allocation tag (Billing → Cost allocation tags); the CUR shows a tag from its activation on, \
                 not before",
                plan::resource_tag_key(&grouping.key),
                plan::principal_tag_key(&grouping.key),
                grouping.key
            ));
        }
    }
    out
}

fn read_cache(path: &Path, key: &str) -> Option<CacheEntry> {
    let text = std::fs::read(path).ok()?;
    let entry: CacheEntry = serde_json::from_slice(&text).ok()?;
    (entry.version == CACHE_VERSION && entry.key == key).then_some(entry)
}

/// Writes a cache file privately and atomically (`0700` directory, `0600` file).
fn write_cache<T: Serialize>(path: &Path, entry: &T) -> std::io::Result<()> {
    let body = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
    if let Some(dir) = path.parent() {
        crate::files::create_private_dir(dir)?;
    }
    crate::files::write_private_atomic(path, &body)
}

/// Totals by key, for tests and the benchmark: the report's rows as `{key: total}`.
pub fn totals_by_first_key(merged: &Merged) -> BTreeMap<String, Decimal> {
    merged
        .keys
        .iter()
        .zip(&merged.amounts)
        .map(|(k, a)| {
            (
                k.first().cloned().flatten().unwrap_or_default(),
                a.iter().copied().sum(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn locations_parse_and_name_the_export() {
        let l = Location::parse("s3://bills/cur/agents/").expect("s3");
        assert_eq!(
            l,
            Location::S3 {
                bucket: "bills".into(),
                prefix: "cur/agents".into()
            }
        );
        assert_eq!(l.export_name(), "agents");
        assert_eq!(l.to_string(), "s3://bills/cur/agents");
        assert!(Location::parse("s3://bills").is_err());
        assert!(Location::parse("https://x/y").is_err());
        assert!(Location::parse("").is_err());
        assert!(Location::parse("/no/such/dir/anywhere").is_err());
    }

    #[test]
    fn periods_and_manifests() {
        assert_eq!(
            billing_periods(date(2026, 10, 31), date(2026, 12, 1)),
            vec!["2026-10", "2026-11", "2026-12"]
        );
        let keys: Vec<String> = [
            "metadata/BILLING_PERIOD=2026-11/2026-12-01T00:00:00.000Z-abc/agents-Manifest.json",
            "metadata/BILLING_PERIOD=2026-11/agents-Manifest.json",
            "metadata/billing_period=2026-10/agents-Manifest.json",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            manifest_key(&keys, "2026-11"),
            Some("metadata/BILLING_PERIOD=2026-11/agents-Manifest.json")
        );
        assert_eq!(
            manifest_key(&keys, "2026-10"),
            Some("metadata/billing_period=2026-10/agents-Manifest.json")
        );
        assert_eq!(manifest_key(&keys, "2026-09"), None);
    }

    #[test]
    fn a_period_is_estimated_until_two_weeks_after_its_month() {
        assert!(estimated("2026-11-30", date(2026, 12, 3)));
        assert!(estimated("2026-11-01T05:00:00Z", date(2026, 12, 14)));
        assert!(!estimated("2026-11-01", date(2026, 12, 15)));
        assert!(!estimated("2026-10-01", date(2026, 12, 3)));
    }

    #[test]
    fn bytes_read_humanly() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(12_345_678), "12.3 MB");
    }
}
