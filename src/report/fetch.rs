//! The Cost Explorer request governor. Every `GetCostAndUsage` page costs $0.01, so:
//! - answers are cached on disk (the user cache dir, `costbrake/ce/`), keyed by a hash of the exact
//!   request and of who asks (account and endpoint), for a TTL (Cost Explorer refreshes its data about
//!   three times a day); `--refresh` skips the cache;
//! - `--max-requests N` refuses the request that would exceed the budget, before sending it;
//! - the requests made and their price are counted for the stderr line every report prints;
//! - `LimitExceededException` (after the SDK's own retries) backs off and retries;
//!   `RequestChangedException` restarts the paging from the first page, once.
//!
//! The paging policy takes the page source as a closure so that it is unit-tested without AWS.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::PRICE_PER_REQUEST;
use crate::aws::costexplorer::{CostPage, CostRequest, PageError};
use crate::error::{Error, Result};

/// The default cache lifetime: Cost Explorer refreshes its data about three times a day.
pub const DEFAULT_TTL: Duration = Duration::from_secs(4 * 3600);
/// Extra attempts after the SDK gave up on a throttled page.
pub const THROTTLE_RETRIES: u32 = 4;
/// Cache entries older than this (or than the TTL, if longer) are deleted when a new one is written.
const PRUNE_AFTER: Duration = Duration::from_secs(7 * 86_400);
/// The cache file format; bump to invalidate old entries.
const CACHE_VERSION: u32 = 1;

/// How the requests of one report are governed.
#[derive(Debug, Clone)]
pub struct Governor {
    /// Where cached answers live; `None` disables the cache.
    pub cache_dir: Option<PathBuf>,
    /// How long a cached answer is used. Zero disables reading and writing the cache.
    pub ttl: Duration,
    /// Ignore cached answers (and replace them).
    pub refresh: bool,
    /// At most this many requests.
    pub max_requests: Option<u32>,
    /// Where `max_requests` came from, as the user would raise it (`--max-requests`, or
    /// `report.max_requests` in costbrake.toml), for the error that stops at it.
    pub max_requests_from: &'static str,
    /// The first back-off after throttling; doubled on each retry.
    pub backoff: Duration,
}

impl Governor {
    /// The default cache directory: `$XDG_CACHE_HOME/costbrake/ce` (or `~/.cache/...`) on Linux,
    /// `~/Library/Caches/costbrake/ce` on macOS.
    pub fn default_cache_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "costbrake").map(|d| d.cache_dir().join("ce"))
    }
}

/// The requests a report made, and what they cost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct RequestStats {
    /// `GetCostAndUsage` requests sent (pages).
    pub made: u32,
    /// Their price at $0.01 each.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub cost: Decimal,
    /// The answer came from the cache.
    pub cached: bool,
    /// How old the cached answer is, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_age_seconds: Option<u64>,
    /// Throttled attempts that were retried.
    pub throttled: u32,
    /// Paging restarts after `RequestChangedException`.
    pub restarts: u32,
    /// Requests the SDK retried after throttling, a 5xx or a lost connection.
    pub retried: u32,
    /// With `--source cur`: what was read of the export (then `made` and `cost` are S3's requests).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scan: Option<super::cur::ScanStats>,
}

impl RequestStats {
    /// The stderr line: `Cost Explorer: 3 requests, $0.03`.
    pub fn summary(&self) -> String {
        if let Some(scan) = &self.scan {
            return scan.summary(self.cost, self.cache_age_seconds);
        }
        let plural = if self.made == 1 { "" } else { "s" };
        let mut line = format!("Cost Explorer: {} request{plural}, ${:.2}", self.made, self.cost);
        if let Some(age) = self.cache_age_seconds {
            line.push_str(&format!(
                " (cached {} ago; --refresh to re-fetch)",
                human_age(age)
            ));
        }
        line
    }
}

pub(crate) fn human_age(seconds: u64) -> String {
    match seconds {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
    }
}

/// Every page of one request, and how they were obtained.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub pages: Vec<CostPage>,
    pub stats: RequestStats,
    /// Problems with the cache that did not stop the report (shown as warnings).
    pub warnings: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct CacheEntry {
    version: u32,
    scope: String,
    request: CostRequest,
    /// Unix seconds.
    fetched_at: u64,
    pages: Vec<CostPage>,
}

/// The cache key: a hash of who asks (`scope`: account and endpoint) and the exact request.
pub fn cache_key(scope: &str, request: &CostRequest) -> String {
    let body = serde_json::to_string(&(CACHE_VERSION, scope, request)).unwrap_or_default();
    hex::encode(Sha256::digest(body.as_bytes()))
}

fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

fn read_cache(
    path: &Path,
    scope: &str,
    request: &CostRequest,
    ttl: Duration,
) -> Option<(Vec<CostPage>, u64)> {
    let text = std::fs::read_to_string(path).ok()?;
    let entry: CacheEntry = serde_json::from_str(&text).ok()?;
    let age = now_unix().saturating_sub(entry.fetched_at);
    (entry.version == CACHE_VERSION
        && entry.scope == scope
        && entry.request == *request
        && Duration::from_secs(age) < ttl)
        .then_some((entry.pages, age))
}

/// Cached answers hold cost data: written private (0700 directory, 0600 file), synced, then renamed.
fn write_cache(path: &Path, entry: &CacheEntry) -> std::io::Result<()> {
    let bytes = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
    crate::files::write_private_atomic(path, &bytes)
}

/// Deletes cache entries last written more than `age` ago, so that the cache does not grow without
/// bound. Best effort: a file that cannot be read or removed is left alone.
fn prune(dir: Option<&Path>, age: Duration) {
    let Some(entries) = dir.and_then(|d| std::fs::read_dir(d).ok()) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let stale = path.extension().is_some_and(|e| e == "json")
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|elapsed| elapsed > age);
        if stale {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Fetches every page of `request`, from the cache when allowed, else through `page`.
pub async fn fetch<F, Fut>(
    governor: &Governor,
    scope: &str,
    request: &CostRequest,
    page: F,
) -> Result<Fetched>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = std::result::Result<CostPage, PageError>>,
{
    let use_cache = !governor.ttl.is_zero();
    let path = governor
        .cache_dir
        .as_ref()
        .filter(|_| use_cache)
        .map(|dir| dir.join(format!("{}.json", cache_key(scope, request))));
    if let Some(path) = &path
        && !governor.refresh
        && let Some((pages, age)) = read_cache(path, scope, request, governor.ttl)
    {
        tracing::debug!(path = %path.display(), age, "Cost Explorer answer served from the cache");
        return Ok(Fetched {
            pages,
            stats: RequestStats {
                cached: true,
                cache_age_seconds: Some(age),
                ..RequestStats::default()
            },
            warnings: vec![],
        });
    }

    let (pages, stats) = page_through(governor, page).await?;
    let mut warnings = Vec::new();
    if let Some(path) = &path {
        let entry = CacheEntry {
            version: CACHE_VERSION,
            scope: scope.to_string(),
            request: request.clone(),
            fetched_at: now_unix(),
            pages,
        };
        match write_cache(path, &entry) {
            Ok(()) => prune(path.parent(), governor.ttl.max(PRUNE_AFTER)),
            Err(e) => warnings.push(format!(
                "could not cache the Cost Explorer answer in {}: {e}; the next identical report will pay again",
                path.display()
            )),
        }
        return Ok(Fetched {
            pages: entry.pages,
            stats,
            warnings,
        });
    }
    Ok(Fetched {
        pages,
        stats,
        warnings,
    })
}

/// Follows `NextPageToken` to the end under the governor's budget and retry policy.
pub async fn page_through<F, Fut>(governor: &Governor, mut page: F) -> Result<(Vec<CostPage>, RequestStats)>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = std::result::Result<CostPage, PageError>>,
{
    let mut stats = RequestStats::default();
    let mut pages: Vec<CostPage> = Vec::new();
    let mut token: Option<String> = None;
    let mut throttled_in_a_row = 0u32;
    loop {
        if let Some(max) = governor.max_requests
            && stats.made >= max
        {
            return Err(budget_error(
                max,
                governor.max_requests_from,
                &stats,
                !pages.is_empty(),
            ));
        }
        match page(token.clone()).await {
            Ok(p) => {
                stats.made += 1;
                throttled_in_a_row = 0;
                token = p.next_page_token.clone().filter(|t| !t.is_empty());
                pages.push(p);
                if token.is_none() {
                    break;
                }
            }
            Err(PageError::Throttled(err)) => {
                if throttled_in_a_row >= THROTTLE_RETRIES {
                    return Err(err);
                }
                let wait = governor.backoff.saturating_mul(1 << throttled_in_a_row);
                throttled_in_a_row += 1;
                stats.throttled += 1;
                tracing::warn!(
                    "Cost Explorer throttled the request (LimitExceededException); retrying in {:.1}s",
                    wait.as_secs_f64()
                );
                tokio::time::sleep(wait).await;
            }
            Err(PageError::RequestChanged(err)) => {
                if stats.restarts >= 1 || token.is_none() {
                    return Err(err);
                }
                tracing::warn!("Cost Explorer says the request changed between pages; restarting the paging");
                stats.restarts += 1;
                pages.clear();
                token = None;
            }
            Err(other) => return Err(other.into_error()),
        }
    }
    stats.cost = PRICE_PER_REQUEST * Decimal::from(stats.made);
    Ok((pages, stats))
}

fn budget_error(max: u32, from: &str, stats: &RequestStats, paging: bool) -> Error {
    let spent = PRICE_PER_REQUEST * Decimal::from(stats.made);
    let what = if paging {
        "the next page needs one more"
    } else if max == 0 {
        "and no cached answer is fresh"
    } else {
        "the report needs more"
    };
    Error::usage(format!(
        "Cost Explorer request budget reached: {max} allowed (${spent} spent), {what}; raise {from}, or \
         narrow the report (a shorter range, monthly granularity, one grouping)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::costexplorer::{Granularity, PeriodResult};
    use crate::error::AwsError;
    use std::sync::{Arc, Mutex};

    fn request() -> CostRequest {
        CostRequest {
            start: "2026-11-01".into(),
            end: "2026-11-03".into(),
            granularity: Granularity::Daily,
            metric: "UnblendedCost".into(),
            group_by: vec![],
            filters: vec![],
        }
    }

    fn governor(dir: Option<&Path>) -> Governor {
        Governor {
            cache_dir: dir.map(Path::to_path_buf),
            ttl: DEFAULT_TTL,
            refresh: false,
            max_requests: None,
            max_requests_from: "--max-requests",
            backoff: Duration::from_millis(1),
        }
    }

    fn page(n: u32, next: Option<&str>) -> CostPage {
        CostPage {
            results: vec![PeriodResult {
                start: format!("2026-11-0{n}"),
                end: format!("2026-11-0{}", n + 1),
                estimated: false,
                total: None,
                groups: vec![],
            }],
            next_page_token: next.map(Into::into),
        }
    }

    fn aws_error(code: &str) -> Error {
        AwsError {
            service: "ce",
            operation: "GetCostAndUsage",
            scope: None,
            code: Some(code.into()),
            detail: code.into(),
            hint: None,
        }
        .into()
    }

    type Answer = std::result::Result<CostPage, PageError>;
    type Asked = Arc<Mutex<Vec<Option<String>>>>;

    /// A scripted page source that records the tokens it was asked for.
    fn script(answers: Vec<Answer>) -> (impl FnMut(Option<String>) -> std::future::Ready<Answer>, Asked) {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        let mut answers = answers.into_iter();
        let f = move |token: Option<String>| {
            log.lock().expect("lock").push(token);
            std::future::ready(answers.next().expect("more answers than requests"))
        };
        (f, asked)
    }

    #[tokio::test]
    async fn pages_are_followed_and_priced() {
        let (f, asked) = script(vec![Ok(page(1, Some("t2"))), Ok(page(2, Some("")))]);
        let (pages, stats) = page_through(&governor(None), f).await.expect("pages");
        assert_eq!(pages.len(), 2);
        assert_eq!(*asked.lock().expect("lock"), [None, Some("t2".to_string())]);
        assert_eq!((stats.made, stats.cost.to_string()), (2, "0.02".to_string()));
        assert_eq!(stats.summary(), "Cost Explorer: 2 requests, $0.02");
    }

    #[tokio::test]
    async fn throttling_backs_off_and_retries_the_same_page() {
        let (f, asked) = script(vec![
            Ok(page(1, Some("t2"))),
            Err(PageError::Throttled(aws_error("LimitExceededException"))),
            Err(PageError::Throttled(aws_error("LimitExceededException"))),
            Ok(page(2, None)),
        ]);
        let (pages, stats) = page_through(&governor(None), f).await.expect("pages");
        assert_eq!(pages.len(), 2);
        assert_eq!((stats.made, stats.throttled), (2, 2));
        assert_eq!(
            asked.lock().expect("lock")[1..],
            [
                Some("t2".to_string()),
                Some("t2".to_string()),
                Some("t2".to_string())
            ]
        );
    }

    #[tokio::test]
    async fn throttling_gives_up_after_the_retries() {
        let answers = (0..=THROTTLE_RETRIES)
            .map(|_| Err(PageError::Throttled(aws_error("LimitExceededException"))))
            .collect();
        let (f, _) = script(answers);
        let err = page_through(&governor(None), f).await.unwrap_err();
        assert_eq!(err.aws_code(), Some("LimitExceededException"));
    }

    #[tokio::test]
    async fn a_changed_request_restarts_the_paging_once() {
        let (f, asked) = script(vec![
            Ok(page(1, Some("t2"))),
            Err(PageError::RequestChanged(aws_error("RequestChangedException"))),
            Ok(page(1, Some("t2b"))),
            Ok(page(2, None)),
        ]);
        let (pages, stats) = page_through(&governor(None), f).await.expect("pages");
        assert_eq!(pages.len(), 2, "the pages before the restart are dropped");
        assert_eq!(stats.restarts, 1);
        assert_eq!(stats.made, 3);
        assert_eq!(asked.lock().expect("lock")[2], None);

        let (f, _) = script(vec![
            Ok(page(1, Some("t2"))),
            Err(PageError::RequestChanged(aws_error("RequestChangedException"))),
            Ok(page(1, Some("t2"))),
            Err(PageError::RequestChanged(aws_error("RequestChangedException"))),
        ]);
        let err = page_through(&governor(None), f).await.unwrap_err();
        assert_eq!(err.aws_code(), Some("RequestChangedException"));
    }

    #[tokio::test]
    async fn the_budget_refuses_before_sending() {
        let mut g = governor(None);
        g.max_requests = Some(1);
        let (f, asked) = script(vec![Ok(page(1, Some("t2")))]);
        let err = page_through(&g, f).await.unwrap_err();
        assert_eq!(err.exit_code(), crate::ExitCode::Usage);
        assert!(
            err.to_string().contains("1 allowed ($0.01 spent)")
                && err.to_string().contains("raise --max-requests"),
            "{err}"
        );
        assert_eq!(
            asked.lock().expect("lock").len(),
            1,
            "the second page was never requested"
        );
    }

    #[tokio::test]
    async fn a_fresh_cache_entry_is_served_without_requests_until_refresh_or_expiry() {
        let dir = tempfile::tempdir().expect("tempdir");
        let g = governor(Some(dir.path()));
        let (f, _) = script(vec![Ok(page(1, None))]);
        let first = fetch(&g, "acct|aws", &request(), f).await.expect("first");
        assert_eq!((first.stats.made, first.stats.cached), (1, false));

        let (f, asked) = script(vec![]);
        let second = fetch(&g, "acct|aws", &request(), f).await.expect("second");
        assert!(second.stats.cached);
        assert_eq!(second.stats.made, 0);
        assert_eq!(second.pages, first.pages);
        assert!(asked.lock().expect("lock").is_empty());
        assert!(
            second
                .stats
                .summary()
                .starts_with("Cost Explorer: 0 requests, $0.00 (cached")
        );

        // Another account, or another request, is another entry.
        let (f, asked) = script(vec![Ok(page(1, None))]);
        fetch(&g, "other|aws", &request(), f).await.expect("other scope");
        assert_eq!(asked.lock().expect("lock").len(), 1);

        let mut refresh = g.clone();
        refresh.refresh = true;
        let (f, asked) = script(vec![Ok(page(2, None))]);
        let refreshed = fetch(&refresh, "acct|aws", &request(), f).await.expect("refresh");
        assert_eq!(asked.lock().expect("lock").len(), 1);
        assert_eq!(refreshed.pages[0].results[0].start, "2026-11-02");

        let mut expired = g.clone();
        expired.ttl = Duration::from_secs(0);
        let (f, asked) = script(vec![Ok(page(1, None))]);
        fetch(&expired, "acct|aws", &request(), f)
            .await
            .expect("no cache");
        assert_eq!(asked.lock().expect("lock").len(), 1);
    }

    #[test]
    fn stale_cache_entries_are_pruned() {
        let dir = tempfile::tempdir().expect("tempdir");
        let old = dir.path().join("old.json");
        let fresh = dir.path().join("fresh.json");
        let other = dir.path().join("notes.txt");
        for p in [&old, &fresh, &other] {
            std::fs::write(p, "{}").expect("write");
        }
        let eight_days_ago = std::time::SystemTime::now() - Duration::from_secs(8 * 86_400);
        for p in [&old, &other] {
            std::fs::File::options()
                .write(true)
                .open(p)
                .and_then(|f| f.set_modified(eight_days_ago))
                .expect("backdate");
        }
        prune(Some(dir.path()), PRUNE_AFTER);
        assert!(!old.exists());
        assert!(fresh.exists());
        assert!(other.exists(), "only cache entries are touched");
    }

    #[test]
    fn cache_keys_depend_on_every_field() {
        let a = request();
        let mut b = request();
        b.end = "2026-11-04".into();
        assert_ne!(cache_key("s", &a), cache_key("s", &b));
        assert_ne!(cache_key("s", &a), cache_key("t", &a));
        assert_eq!(cache_key("s", &a), cache_key("s", &request()));
        assert_eq!(cache_key("s", &a).len(), 64);
    }
}
