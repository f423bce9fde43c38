//! `report --source cur`: the same report from the Cost and Usage Report (CUR 2.0, AWS Data Exports),
//! read where the export lands (S3, or a local copy) by costbrake's embedded engine.
//!
//! - [`Location`] is `--cur`: `s3://BUCKET/PREFIX/EXPORT` or a directory holding `data/` and `metadata/`.
//! - For each billing period the range touches, the export's manifest
//!   (`metadata/BILLING_PERIOD=YYYY-MM/<export>-Manifest.json`) names the data files; only those are read,
//!   so a second export version (overwrite or create-new) replaces the first.
//! - [`plan`] decides the projection (the few columns the query needs) and the arithmetic; [`parquet`]
//!   and [`csv`] decode, [`acc`] sums. Row groups are fetched and decoded concurrently under a bound.
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

use plan::Plan;

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

/// Where bytes come from: S3 (through the `aws` layer) or the local disk, with the requests counted.
struct Store<'a> {
    kind: StoreKind<'a>,
    gets: std::sync::atomic::AtomicU32,
    lists: std::sync::atomic::AtomicU32,
    read: std::sync::atomic::AtomicU64,
}

enum StoreKind<'a> {
    S3 {
        ctx: &'a AwsContext,
        region: String,
        bucket: String,
    },
    Local {
        root: PathBuf,
    },
}

/// A file of the export: its key (S3) or path (local), and for errors its URI.
#[derive(Debug, Clone)]
struct FileRef {
    key: String,
    uri: String,
}

impl<'a> Store<'a> {
    /// The store `location` is read from; for S3, in the bucket's own region (GetBucketLocation).
    async fn open(ctx: Option<&'a AwsContext>, location: &Location) -> Result<Store<'a>> {
        let kind = match location {
            Location::S3 { bucket, .. } => {
                let ctx = ctx.ok_or_else(|| Error::usage("reading an export in S3 needs AWS credentials"))?;
                let region = crate::aws::s3::bucket_region(ctx, bucket).await?;
                StoreKind::S3 {
                    ctx,
                    region,
                    bucket: bucket.clone(),
                }
            }
            Location::Local { path } => StoreKind::Local { root: path.clone() },
        };
        Ok(Store {
            kind,
            gets: Default::default(),
            lists: Default::default(),
            read: Default::default(),
        })
    }
}

impl Store<'_> {
    fn count_get(&self, bytes: usize) {
        self.gets.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.read
            .fetch_add(bytes as u64, std::sync::atomic::Ordering::Relaxed);
    }

    /// Keys (relative to the export for local) under the export's `metadata/`.
    async fn list_metadata(&self, location: &Location) -> Result<Vec<String>> {
        match &self.kind {
            StoreKind::S3 { ctx, region, bucket } => {
                let Location::S3 { prefix, .. } = location else {
                    unreachable!("an S3 store has an S3 location")
                };
                let (objects, pages) =
                    crate::aws::s3::list_objects(ctx, region, bucket, &format!("{prefix}/metadata/")).await?;
                self.lists.fetch_add(pages, std::sync::atomic::Ordering::Relaxed);
                Ok(objects
                    .into_iter()
                    .filter_map(|o| o.key.strip_prefix(&format!("{prefix}/")).map(str::to_string))
                    .collect())
            }
            StoreKind::Local { root } => {
                let mut out = Vec::new();
                let meta = root.join("metadata");
                let Ok(dirs) = std::fs::read_dir(&meta) else {
                    return Ok(out);
                };
                for dir in dirs.flatten() {
                    let Ok(files) = std::fs::read_dir(dir.path()) else {
                        continue;
                    };
                    for file in files.flatten() {
                        if file.path().is_file() {
                            out.push(format!(
                                "metadata/{}/{}",
                                dir.file_name().to_string_lossy(),
                                file.file_name().to_string_lossy()
                            ));
                        }
                    }
                }
                Ok(out)
            }
        }
    }

    /// A whole small object (a manifest), by its key relative to the export.
    async fn get_relative(&self, location: &Location, relative: &str) -> Result<Bytes> {
        match (&self.kind, location) {
            (StoreKind::S3 { ctx, region, bucket }, Location::S3 { prefix, .. }) => {
                let got =
                    crate::aws::s3::get_object(ctx, region, bucket, &format!("{prefix}/{relative}"), None)
                        .await?;
                self.count_get(got.bytes.len());
                Ok(got.bytes)
            }
            (StoreKind::Local { root }, _) => {
                let path = root.join(relative);
                let bytes =
                    std::fs::read(&path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
                Ok(Bytes::from(bytes))
            }
            _ => unreachable!("store and location agree"),
        }
    }

    /// Resolves a manifest's data file URI to something this store reads.
    fn file(&self, location: &Location, uri: &str) -> Result<FileRef> {
        match (&self.kind, location) {
            (StoreKind::S3 { bucket, .. }, _) => {
                let rest = uri.strip_prefix("s3://").unwrap_or(uri);
                let (b, key) = rest.split_once('/').unwrap_or((rest, ""));
                if b != bucket || key.is_empty() {
                    return Err(corrupt(
                        uri,
                        format!("the manifest names a data file outside bucket {bucket}"),
                    ));
                }
                Ok(FileRef {
                    key: key.to_string(),
                    uri: uri.to_string(),
                })
            }
            (StoreKind::Local { root }, _) => {
                // s3://bucket/prefix/EXPORT/data/... → <dir>/data/...
                let export = location.export_name();
                let marker = format!("/{export}/data/");
                let relative = match uri.find(&marker) {
                    Some(i) => &uri[i + export.len() + 2..],
                    None => uri.find("/data/").map(|i| &uri[i + 1..]).unwrap_or(uri),
                };
                let path = root.join(relative);
                Ok(FileRef {
                    key: path.to_string_lossy().into_owned(),
                    uri: path.display().to_string(),
                })
            }
        }
    }

    /// The last `n` bytes of a file, and its size.
    async fn tail(&self, file: &FileRef, n: u64) -> Result<(Bytes, u64)> {
        match &self.kind {
            StoreKind::S3 { ctx, region, bucket } => {
                let got =
                    crate::aws::s3::get_object(ctx, region, bucket, &file.key, Some(format!("bytes=-{n}")))
                        .await?;
                self.count_get(got.bytes.len());
                Ok((got.bytes, got.object_size))
            }
            StoreKind::Local { .. } => {
                let f = open(file)?;
                let size = f
                    .metadata()
                    .map_err(|e| Error::io(format!("reading {}", file.uri), e))?
                    .len();
                let start = size.saturating_sub(n);
                let bytes = parquet::read_range(&f, start, size - start)
                    .map_err(|e| Error::io(format!("reading {}", file.uri), e))?;
                self.count_get(bytes.len());
                Ok((bytes, size))
            }
        }
    }

    /// Bytes `[start, start + len)` of a file.
    async fn range(&self, file: &FileRef, start: u64, len: u64) -> Result<Bytes> {
        match &self.kind {
            StoreKind::S3 { ctx, region, bucket } => {
                let range = format!("bytes={start}-{}", start + len - 1);
                let got = crate::aws::s3::get_object(ctx, region, bucket, &file.key, Some(range)).await?;
                self.count_get(got.bytes.len());
                if got.bytes.len() as u64 != len {
                    return Err(corrupt(
                        &file.uri,
                        format!("asked for {len} bytes at {start}, got {}", got.bytes.len()),
                    ));
                }
                Ok(got.bytes)
            }
            StoreKind::Local { .. } => {
                let f = open(file)?;
                let bytes = parquet::read_range(&f, start, len)
                    .map_err(|e| Error::io(format!("reading {}", file.uri), e))?;
                self.count_get(bytes.len());
                Ok(bytes)
            }
        }
    }

    fn coalesce_gap(&self) -> u64 {
        match self.kind {
            StoreKind::S3 { .. } => S3_COALESCE_BYTES,
            StoreKind::Local { .. } => 0,
        }
    }
}

fn open(file: &FileRef) -> Result<std::fs::File> {
    std::fs::File::open(&file.key).map_err(|e| {
        Error::io(
            format!(
                "opening {} (named by the export's manifest; download the whole export again)",
                file.uri
            ),
            e,
        )
    })
}

/// A data file that cannot be read: exit 3, naming the file.
fn corrupt(uri: &str, detail: String) -> Error {
    AwsError {
        service: "cur",
        operation: "ReadExport",
        scope: Some(uri.to_string()),
        code: Some("CorruptFile".into()),
        detail,
        hint: Some(
            "the file is damaged or not what the manifest says; wait for the export's next refresh or \
             re-download it"
                .into(),
        ),
    }
    .into()
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

fn write_cache(path: &Path, entry: &CacheEntry) -> std::io::Result<()> {
    let body = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
    if let Some(dir) = path.parent() {
        crate::files::create_private_dir(dir)?;
    }
    crate::files::write_private_atomic(path, &body)
}

#[derive(Debug, Default)]
struct FileStats {
    bytes_total: u64,
    row_groups: u32,
    row_groups_skipped: u32,
    missing: Vec<String>,
}

/// One unit of work: a Parquet row group, or a whole CSV file.
enum Task {
    RowGroup {
        file: FileRef,
        meta: Arc<::parquet::file::metadata::ParquetMetaData>,
        layout: Arc<parquet::Layout>,
        rg: usize,
        size: u64,
        /// The file's last bytes, read for the footer.
        tail: Bytes,
    },
    Csv {
        file: FileRef,
    },
}

async fn scan_files(
    store: &Store<'_>,
    plan: &Arc<Plan>,
    files: Vec<FileRef>,
    concurrency: usize,
) -> Result<(Vec<acc::Partial>, FileStats)> {
    let mut stats = FileStats::default();
    // Footers first (concurrently), to know each file's row groups.
    let footers = futures::stream::iter(files.into_iter().map(|file| async move {
        if is_csv(&file.key) {
            return Ok((file, None));
        }
        let (mut tail, size) = store.tail(&file, parquet::TAIL_BYTES).await?;
        let meta = match parquet::footer(&tail, size) {
            Ok(meta) => meta,
            Err(Ok(needed)) => {
                tail = store.range(&file, size - needed, needed).await?;
                parquet::footer(&tail, size).map_err(|e| match e {
                    Ok(_) => corrupt(&file.uri, "its footer is inconsistent".into()),
                    Err(problem) => corrupt(&file.uri, problem),
                })?
            }
            Err(Err(problem)) => return Err(corrupt(&file.uri, problem)),
        };
        Ok((file, Some((meta, size, tail))))
    }))
    .buffered(concurrency)
    .collect::<Vec<Result<_>>>()
    .await;

    let (lo, hi) = (plan.buckets.start(), plan.buckets.end);
    let mut tasks = Vec::new();
    for footer in footers {
        let (file, parsed) = footer?;
        let Some((meta, size, tail)) = parsed else {
            tasks.push(Task::Csv { file });
            continue;
        };
        stats.bytes_total += size;
        let layout = parquet::Layout::new(plan, &meta).map_err(|p| corrupt(&file.uri, p))?;
        for m in &layout.missing {
            if !stats.missing.contains(m) {
                stats.missing.push(m.clone());
            }
        }
        let meta = Arc::new(meta);
        let layout = Arc::new(layout);
        for rg in 0..meta.num_row_groups() {
            stats.row_groups += 1;
            if !layout.may_overlap(meta.row_group(rg), lo, hi) {
                stats.row_groups_skipped += 1;
                continue;
            }
            tasks.push(Task::RowGroup {
                file: file.clone(),
                meta: Arc::clone(&meta),
                layout: Arc::clone(&layout),
                rg,
                size,
                tail: tail.clone(),
            });
        }
    }

    let results = futures::stream::iter(tasks.into_iter().map(|task| {
        let plan = Arc::clone(plan);
        async move {
            match task {
                Task::RowGroup {
                    file,
                    meta,
                    layout,
                    rg,
                    size,
                    tail,
                } => {
                    // What the footer's read already holds (a small file's every byte) is not fetched again.
                    let tail_start = size - tail.len() as u64;
                    let mut parts = Vec::new();
                    for (start, len) in layout.ranges(&meta, rg, store.coalesce_gap()) {
                        let bytes = if start >= tail_start {
                            let from = (start - tail_start) as usize;
                            tail.slice(from..(from + len as usize).min(tail.len()))
                        } else {
                            store.range(&file, start, len).await?
                        };
                        parts.push((start, bytes));
                    }
                    let chunks = parquet::Chunks {
                        parts,
                        file_size: size,
                    };
                    let uri = file.uri.clone();
                    tokio::task::spawn_blocking(move || {
                        let mut partial = acc::Partial::new(&plan);
                        parquet::decode_row_group(&plan, &layout, &meta, rg, chunks, &mut partial)
                            .map_err(|p| corrupt(&uri, format!("row group {rg}: {p}")))?;
                        Ok::<_, Error>((partial, 0u64, Vec::new()))
                    })
                    .await
                    .map_err(|e| corrupt(&file.uri, format!("the decoder failed: {e}")))?
                }
                Task::Csv { file } => scan_csv(store, &plan, file).await,
            }
        }
    }))
    .buffer_unordered(concurrency)
    .collect::<Vec<Result<_>>>()
    .await;

    let mut partials = Vec::with_capacity(results.len());
    for result in results {
        let (partial, csv_bytes, missing) = result?;
        stats.bytes_total += csv_bytes;
        for m in missing {
            if !stats.missing.contains(&m) {
                stats.missing.push(m);
            }
        }
        partials.push(partial);
    }
    Ok((partials, stats))
}

fn is_csv(key: &str) -> bool {
    key.ends_with(".csv.gz") || key.ends_with(".csv")
}

/// A CSV file, streamed: the body's chunks go to a decoding thread through a bounded channel, so
/// neither the compressed nor the decompressed file is ever whole in memory.
async fn scan_csv(
    store: &Store<'_>,
    plan: &Arc<Plan>,
    file: FileRef,
) -> Result<(acc::Partial, u64, Vec<String>)> {
    let gz = file.key.ends_with(".gz");
    let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(8);
    let plan_for_thread = Arc::clone(plan);
    let uri = file.uri.clone();
    let decoder = tokio::task::spawn_blocking(move || {
        let reader = ChannelReader {
            rx,
            current: Bytes::new(),
        };
        let mut partial = acc::Partial::new(&plan_for_thread);
        let result = if gz {
            csv::scan(
                &plan_for_thread,
                std::io::BufReader::new(flate2::read::MultiGzDecoder::new(reader)),
                &mut partial,
            )
        } else {
            csv::scan(&plan_for_thread, reader, &mut partial)
        };
        result.map(|(_, missing)| (partial, missing))
    });
    let mut size = 0u64;
    let send_result: Result<()> = async {
        match &store.kind {
            StoreKind::S3 { ctx, region, bucket } => {
                let mut body = crate::aws::s3::get_object_stream(ctx, region, bucket, &file.key).await?;
                store.count_get(0);
                while let Some(chunk) = body.next().await? {
                    size += chunk.len() as u64;
                    store
                        .read
                        .fetch_add(chunk.len() as u64, std::sync::atomic::Ordering::Relaxed);
                    if tx.send(Ok(chunk)).await.is_err() {
                        break;
                    }
                }
            }
            StoreKind::Local { .. } => {
                let f = open(&file)?;
                let len = f.metadata().map(|m| m.len()).unwrap_or(0);
                size = len;
                let mut at = 0;
                while at < len {
                    let n = (len - at).min(1 << 20);
                    let chunk =
                        parquet::read_range(&f, at, n).map_err(|e| Error::io(format!("reading {uri}"), e))?;
                    store.count_get(chunk.len());
                    at += n;
                    if tx.send(Ok(chunk)).await.is_err() {
                        break;
                    }
                }
            }
        }
        Ok(())
    }
    .await;
    drop(tx);
    let decoded = decoder
        .await
        .map_err(|e| corrupt(&file.uri, format!("the decoder failed: {e}")))?;
    send_result?;
    let (partial, missing) = decoded.map_err(|p| corrupt(&file.uri, p))?;
    Ok((partial, size, missing))
}

/// A `Read` over chunks arriving on a channel.
struct ChannelReader {
    rx: tokio::sync::mpsc::Receiver<std::io::Result<Bytes>>,
    current: Bytes,
}

impl std::io::Read for ChannelReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.rx.blocking_recv() {
                Some(chunk) => self.current = chunk?,
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current[..n]);
        bytes::Buf::advance(&mut self.current, n);
        Ok(n)
    }
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
