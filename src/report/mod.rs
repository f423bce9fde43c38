//! `costbrake report`: cost by run, agent, service or any tag from Cost Explorer, and what the report
//! itself cost.
//!
//! - [`Query`] is the validated question (groupings, UTC range, granularity, metric, tag filters);
//!   `lib.rs` builds it from the command line and the config before any request is made.
//! - [`fetch`] pages through `GetCostAndUsage` under a request governor: an on-disk cache keyed by the
//!   exact request, a request budget, back-off on throttling, one restart on `RequestChangedException`.
//! - [`aggregate`] merges pages and periods into rows (pure); [`runs`] computes unit economics per agent
//!   (pure). Rendering is `output::report`'s job; nothing here prints.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::aws::AwsContext;
use crate::aws::costexplorer::{CostRequest, Granularity, GroupBy, GroupKind, TagFilter};
use crate::config::Config;
use crate::error::{Error, Result};

pub mod aggregate;
pub mod cur;
pub mod fetch;
pub mod period;
pub mod runs;
pub mod tags;

pub use aggregate::{Merged, Report, Row, aggregate, merge};
pub use fetch::{Fetched, Governor, RequestStats};
pub use period::{DateRange, RangeInput};

/// The JSON schema identifier of [`Report`].
pub const SCHEMA: &str = "costbrake.report/v1";
/// The JSON schema identifier of [`runs::RunsReport`].
pub const RUNS_SCHEMA: &str = "costbrake.report.runs/v1";
/// What one `GetCostAndUsage` request (one page) costs.
pub const PRICE_PER_REQUEST: Decimal = Decimal::from_parts(1, 0, 0, false, 2);
/// Cost Explorer accepts at most two `GroupBy` entries.
pub const MAX_GROUPINGS: usize = 2;
/// Days covered when no range is given: `report`.
pub const DEFAULT_DAYS: i64 = 7;
/// Days covered when no range is given: `report runs`.
pub const DEFAULT_RUNS_DAYS: i64 = 30;

/// The cost metric, as the user names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    Unblended,
    Amortized,
    NetUnblended,
}

impl Metric {
    /// The name Cost Explorer uses.
    pub fn api_name(self) -> &'static str {
        match self {
            Metric::Unblended => "UnblendedCost",
            Metric::Amortized => "AmortizedCost",
            Metric::NetUnblended => "NetUnblendedCost",
        }
    }
}

/// One grouping: what the user called it and what Cost Explorer is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Grouping {
    /// The name shown in headers: the tag key, or the dimension's short name (`service`).
    pub name: String,
    #[serde(rename = "type")]
    pub kind: GroupKind,
    /// The tag key or the dimension (`SERVICE`).
    pub key: String,
}

/// Dimensions reachable by a short name in `--by` / `--then`.
pub const DIMENSIONS: &[(&str, &str)] = &[
    ("service", "SERVICE"),
    ("region", "REGION"),
    ("account", "LINKED_ACCOUNT"),
    ("usage-type", "USAGE_TYPE"),
    ("instance-type", "INSTANCE_TYPE"),
    ("operation", "OPERATION"),
    ("az", "AZ"),
    ("purchase-type", "PURCHASE_TYPE"),
    ("resource", "RESOURCE_ID"),
    ("iam-principal", "IAM_PRINCIPAL"),
];

/// Dimensions only the CUR source has: Cost Explorer's `GetCostAndUsage` cannot group by them.
pub const CUR_ONLY_DIMENSIONS: &[&str] = &["RESOURCE_ID", "IAM_PRINCIPAL"];

impl Grouping {
    /// Resolves a `--by` / `--then` name: `agent` and `run` (or `agent-run-id`) are the configured tag
    /// keys, the names in [`DIMENSIONS`] are dimensions, `tag:KEY` is a tag whatever its name, and any
    /// other name is a tag key.
    pub fn resolve(name: &str, config: &Config) -> Result<Grouping> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::usage(
                "--by and --then need a name: agent, agent-run-id, service, region, or a tag key",
            ));
        }
        let tag = |key: &str| -> Result<Grouping> {
            crate::config::validate_tag_key(key).map_err(|m| Error::usage(format!("--by/--then: {m}")))?;
            Ok(Grouping {
                name: key.to_string(),
                kind: GroupKind::Tag,
                key: key.to_string(),
            })
        };
        if let Some(key) = name.strip_prefix("tag:") {
            return tag(key);
        }
        if name == "agent" {
            return tag(&config.tags.agent);
        }
        if name == "run" || name == crate::config::DEFAULT_RUN_TAG {
            return tag(&config.tags.run);
        }
        if let Some((short, dimension)) = DIMENSIONS.iter().find(|(short, _)| *short == name) {
            return Ok(Grouping {
                name: (*short).to_string(),
                kind: GroupKind::Dimension,
                key: (*dimension).to_string(),
            });
        }
        tag(name)
    }
}

/// The validated question a report asks of Cost Explorer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Query {
    /// One or two groupings.
    pub group_by: Vec<Grouping>,
    pub range: DateRange,
    pub granularity: Granularity,
    pub metric: Metric,
    /// Tag filters, ANDed (`--agent`, `--run`).
    pub filters: Vec<TagFilter>,
    /// Show the largest N rows and fold the rest into one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top: Option<usize>,
}

impl Query {
    /// Checks the combination for Cost Explorer: 1–2 distinct groupings it can answer, the range within
    /// what it keeps.
    pub fn validate(self, today: jiff::civil::Date) -> Result<Query> {
        self.check_groupings()?;
        if let Some(g) = self
            .group_by
            .iter()
            .find(|g| g.kind == GroupKind::Dimension && CUR_ONLY_DIMENSIONS.contains(&g.key.as_str()))
        {
            return Err(Error::usage(format!(
                "Cost Explorer cannot group by {}; read the Cost and Usage Report instead: --source cur --cur                  s3://BUCKET/PREFIX/EXPORT_NAME",
                g.name
            )));
        }
        period::check_history(&self.range, self.granularity, today)?;
        Ok(self)
    }

    /// Checks the combination for the CUR source: 1–2 distinct groupings (the CUR keeps every hour of
    /// every period it holds, so the range has no history limit).
    pub fn validate_cur(self) -> Result<Query> {
        self.check_groupings()?;
        Ok(self)
    }

    fn check_groupings(&self) -> Result<()> {
        if self.group_by.is_empty() {
            return Err(Error::usage("give a grouping with --by, e.g. --by agent"));
        }
        if self.group_by.len() > MAX_GROUPINGS {
            let names: Vec<&str> = self.group_by.iter().map(|g| g.name.as_str()).collect();
            return Err(Error::usage(format!(
                "a report groups by at most {MAX_GROUPINGS} keys, got {} ({}); keep --by and one --then",
                names.len(),
                names.join(", ")
            )));
        }
        if self.group_by.len() == 2 && self.group_by[0].key == self.group_by[1].key {
            return Err(Error::usage(format!(
                "--by and --then are both `{}`; group by two different keys",
                self.group_by[0].name
            )));
        }
        if self.top == Some(0) {
            return Err(Error::usage("--top needs at least 1"));
        }
        Ok(())
    }

    /// The exact `GetCostAndUsage` request (minus the page token).
    pub fn request(&self) -> Result<CostRequest> {
        let (start, end) = self.range.to_request(self.granularity)?;
        Ok(CostRequest {
            start,
            end,
            granularity: self.granularity,
            metric: self.metric.api_name().to_string(),
            group_by: self
                .group_by
                .iter()
                .map(|g| GroupBy {
                    kind: g.kind,
                    key: g.key.clone(),
                })
                .collect(),
            filters: self.filters.clone(),
        })
    }
}

/// A tag filter from `--agent` / `--run`, checked.
pub fn tag_filter(flag: &str, key: &str, value: &str) -> Result<TagFilter> {
    if value.trim().is_empty() {
        return Err(Error::usage(format!(
            "{flag} needs a value; leave it out to include everything"
        )));
    }
    crate::text::check_tag_text(flag, value).map_err(Error::usage)?;
    Ok(TagFilter {
        key: key.to_string(),
        values: vec![value.to_string()],
    })
}

/// Who is asking, for a cache key: the account (STS, free) and where requests go. Two accounts, or
/// moto and AWS, never share cached answers. `service_endpoint_env` is the service's own endpoint
/// variable (`AWS_ENDPOINT_URL_COST_EXPLORER`), which the SDK also honours: an answer from it is not AWS's.
pub(crate) async fn cache_scope(ctx: &AwsContext, service_endpoint_env: &str) -> Result<String> {
    let identity = crate::aws::sts::caller_identity(ctx).await?;
    let endpoint = ctx
        .settings()
        .endpoint_url
        .value
        .clone()
        .unwrap_or_else(|| "aws".into());
    let service_endpoint = std::env::var(service_endpoint_env).unwrap_or_default();
    Ok(format!("{}|{endpoint}|{service_endpoint}", identity.account))
}

/// Fetches (or reads from the cache) every page of `query` and merges them.
async fn fetch_merged(
    ctx: &AwsContext,
    query: &Query,
    governor: &Governor,
) -> Result<(Merged, RequestStats, Vec<String>)> {
    let request = query.request()?;
    let scope = cache_scope(ctx, "AWS_ENDPOINT_URL_COST_EXPLORER").await?;
    let fetched = fetch::fetch(governor, &scope, &request, |token| {
        let request = request.clone();
        async move { crate::aws::costexplorer::cost_page(ctx, &request, token.as_deref()).await }
    })
    .await?;
    let kinds: Vec<GroupKind> = query.group_by.iter().map(|g| g.kind).collect();
    let merged = merge(&fetched.pages, &kinds)?;
    Ok((merged, fetched.stats, fetched.warnings))
}

/// `costbrake report`: the report, and warnings for stderr.
pub async fn run(ctx: &AwsContext, query: &Query, governor: &Governor) -> Result<(Report, Vec<String>)> {
    let (merged, mut stats, warnings) = fetch_merged(ctx, query, governor).await?;
    stats.retried = ctx.retried();
    Ok((aggregate(query, merged, stats), warnings))
}

/// `costbrake report runs`: unit economics per agent, and warnings for stderr.
pub async fn run_runs(
    ctx: &AwsContext,
    query: &Query,
    governor: &Governor,
    runaway_multiple: Decimal,
) -> Result<(runs::RunsReport, Vec<String>)> {
    let (merged, mut stats, warnings) = fetch_merged(ctx, query, governor).await?;
    stats.retried = ctx.retried();
    // The same activation hints as the plain report, computed on the agent × run rows.
    let hints = aggregate(query, merged.clone(), RequestStats::default()).hints;
    Ok((
        runs::economics(query, &merged, runaway_multiple, hints, stats),
        warnings,
    ))
}

/// `costbrake report --source cur` (either engine): the same report from what the CUR scan found, and
/// warnings for stderr. `ctx` is the AWS context used, if any (for its retry count).
pub fn report_from_scan(
    ctx: Option<&AwsContext>,
    query: &Query,
    scanned: cur::Scanned,
) -> (Report, Vec<String>) {
    let mut requests = scanned.requests;
    requests.retried = ctx.map(AwsContext::retried).unwrap_or_default();
    let mut report = aggregate(query, scanned.merged, requests);
    // The CUR's own hints: Cost Explorer's (activation of tags there) do not apply as they are worded.
    report.hints = scanned.hints;
    (report, scanned.warnings)
}

/// `costbrake report runs --source cur`: unit economics per agent from what the CUR scan found.
pub fn runs_from_scan(
    ctx: Option<&AwsContext>,
    query: &Query,
    scanned: cur::Scanned,
    runaway_multiple: Decimal,
) -> (runs::RunsReport, Vec<String>) {
    let mut requests = scanned.requests;
    requests.retried = ctx.map(AwsContext::retried).unwrap_or_default();
    (
        runs::economics(query, &scanned.merged, runaway_multiple, scanned.hints, requests),
        scanned.warnings,
    )
}

/// Today's date in UTC, the reference for every relative range.
pub fn today_utc() -> jiff::civil::Date {
    jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn query(names: &[&str]) -> Result<Query> {
        let config = Config::default();
        let group_by = names
            .iter()
            .map(|n| Grouping::resolve(n, &config))
            .collect::<Result<Vec<_>>>()?;
        Query {
            group_by,
            range: DateRange {
                start: date(2026, 11, 1),
                end: date(2026, 11, 2),
            },
            granularity: Granularity::Daily,
            metric: Metric::Unblended,
            filters: vec![],
            top: None,
        }
        .validate(date(2026, 11, 23))
    }

    #[test]
    fn names_resolve_to_configured_tags_dimensions_or_tag_keys() {
        let mut config = Config::default();
        config.tags.agent = "Agent-ID".into();
        config.tags.run = "Run-ID".into();
        let g = |n: &str| Grouping::resolve(n, &config).expect("resolves");
        assert_eq!(
            (g("agent").kind, g("agent").key.as_str()),
            (GroupKind::Tag, "Agent-ID")
        );
        assert_eq!(g("agent-run-id").key, "Run-ID");
        assert_eq!(g("run").key, "Run-ID");
        assert_eq!(
            (g("service").kind, g("service").key.as_str()),
            (GroupKind::Dimension, "SERVICE")
        );
        assert_eq!(g("region").key, "REGION");
        assert_eq!((g("team").kind, g("team").key.as_str()), (GroupKind::Tag, "team"));
        assert_eq!(
            (g("tag:service").kind, g("tag:service").key.as_str()),
            (GroupKind::Tag, "service")
        );
        assert!(Grouping::resolve("aws:createdBy", &config).is_err());
        assert!(Grouping::resolve(" ", &config).is_err());
    }

    #[test]
    fn at_most_two_distinct_groupings() {
        assert!(query(&["agent"]).is_ok());
        assert!(query(&["agent", "service"]).is_ok());
        let err = query(&["agent", "service", "region"]).unwrap_err();
        assert!(err.to_string().contains("at most 2"), "{err}");
        assert!(query(&["agent", "agent"]).is_err());
        assert!(query(&[]).is_err());
    }

    #[test]
    fn the_request_carries_the_exclusive_end_and_the_api_names() {
        let q = query(&["agent-run-id", "service"]).expect("query");
        let r = q.request().expect("request");
        assert_eq!((r.start.as_str(), r.end.as_str()), ("2026-11-01", "2026-11-03"));
        assert_eq!(r.metric, "UnblendedCost");
        assert_eq!(r.group_by[0].key, "agent-run-id");
        assert_eq!(r.group_by[1].kind, GroupKind::Dimension);
    }

    #[test]
    fn metrics_have_their_api_names_and_requests_a_price() {
        assert_eq!(Metric::NetUnblended.api_name(), "NetUnblendedCost");
        assert_eq!(Metric::Amortized.api_name(), "AmortizedCost");
        assert_eq!(PRICE_PER_REQUEST.to_string(), "0.01");
    }
}
