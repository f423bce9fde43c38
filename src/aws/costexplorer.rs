//! Cost Explorer: `GetCostAndUsage` one page at a time, and the cost allocation tag calls
//! (`ListCostAllocationTags`, `UpdateCostAllocationTagsStatus`). Plain data in and out; paging policy,
//! caching and request accounting live in `report::fetch`, not here.
//!
//! Cost Explorer has one endpoint, in `us-east-1`, whatever the user's region
//! (<https://docs.aws.amazon.com/general/latest/gr/billing.html>).

use aws_sdk_costexplorer::types::{
    CostAllocationTagStatus, CostAllocationTagStatusEntry, CostAllocationTagType, DateInterval, Expression,
    Granularity as SdkGranularity, GroupDefinition, GroupDefinitionType, MatchOption, TagValues,
};
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{AwsContext, GLOBAL_REGION, sdk_error};
use crate::error::{AwsError, Error, Result};

/// `UpdateCostAllocationTagsStatus` takes at most 20 keys a call.
pub const MAX_TAG_KEYS_PER_UPDATE: usize = 20;

/// The time buckets of a `GetCostAndUsage` request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Hourly,
    Daily,
    Monthly,
}

/// What a group is keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum GroupKind {
    /// A cost allocation tag key; groups come back as `tagkey$value`.
    Tag,
    /// A dimension such as `SERVICE` or `REGION`.
    Dimension,
}

/// One `GroupBy` entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct GroupBy {
    #[serde(rename = "type")]
    pub kind: GroupKind,
    pub key: String,
}

/// A tag filter: the cost of resources whose tag `key` has one of `values`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct TagFilter {
    pub key: String,
    pub values: Vec<String>,
}

/// Exactly what is asked of `GetCostAndUsage` (minus the page token). Its JSON is the cache key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct CostRequest {
    /// Inclusive start: `YYYY-MM-DD`, or `YYYY-MM-DDThh:mm:ssZ` for hourly data.
    pub start: String,
    /// Exclusive end, in the same format.
    pub end: String,
    pub granularity: Granularity,
    /// The metric name as Cost Explorer spells it, e.g. `UnblendedCost`.
    pub metric: String,
    pub group_by: Vec<GroupBy>,
    /// Tag filters, ANDed.
    pub filters: Vec<TagFilter>,
}

/// An amount of money as Cost Explorer reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Amount {
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub amount: Decimal,
    pub unit: String,
}

/// One group of one time period: its keys (`tagkey$value` for tags) and its amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct GroupAmount {
    pub keys: Vec<String>,
    pub amount: Amount,
}

/// One `ResultsByTime` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct PeriodResult {
    pub start: String,
    pub end: String,
    /// The period is not final yet (the current month, or data still being processed).
    pub estimated: bool,
    /// The period's total, present when the request has no `GroupBy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Amount>,
    pub groups: Vec<GroupAmount>,
}

/// One page of a `GetCostAndUsage` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct CostPage {
    pub results: Vec<PeriodResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
}

/// Why one page could not be read, for the paging policy in `report::fetch`.
#[derive(Debug)]
pub enum PageError {
    /// `LimitExceededException` after the SDK's own retries: back off and try again.
    Throttled(Error),
    /// `RequestChangedException`: the parameters changed between pages; restart the paging.
    RequestChanged(Error),
    /// Anything else.
    Other(Error),
}

impl PageError {
    pub fn into_error(self) -> Error {
        match self {
            PageError::Throttled(e) | PageError::RequestChanged(e) | PageError::Other(e) => e,
        }
    }
}

impl AwsContext {
    pub(crate) fn costexplorer(&self) -> aws_sdk_costexplorer::Client {
        self.client("ce", GLOBAL_REGION, |sdk, region, counter| {
            aws_sdk_costexplorer::Client::from_conf(
                aws_sdk_costexplorer::config::Builder::from(sdk)
                    .interceptor(counter.clone())
                    .region(region)
                    .build(),
            )
        })
    }
}

/// Calls `ce:GetCostAndUsage` once: the first page, or the page `token` names.
pub async fn cost_page(
    ctx: &AwsContext,
    request: &CostRequest,
    token: Option<&str>,
) -> std::result::Result<CostPage, PageError> {
    get_cost_page(&ctx.costexplorer(), request, token).await
}

pub(crate) async fn get_cost_page(
    client: &aws_sdk_costexplorer::Client,
    request: &CostRequest,
    token: Option<&str>,
) -> std::result::Result<CostPage, PageError> {
    let interval = DateInterval::builder()
        .start(&request.start)
        .end(&request.end)
        .build()
        .map_err(|e| PageError::Other(Error::usage(format!("invalid time period: {e}"))))?;
    let mut call = client
        .get_cost_and_usage()
        .time_period(interval)
        .granularity(match request.granularity {
            Granularity::Hourly => SdkGranularity::Hourly,
            Granularity::Daily => SdkGranularity::Daily,
            Granularity::Monthly => SdkGranularity::Monthly,
        })
        .metrics(&request.metric);
    for group in &request.group_by {
        call = call.group_by(
            GroupDefinition::builder()
                .r#type(match group.kind {
                    GroupKind::Tag => GroupDefinitionType::Tag,
                    GroupKind::Dimension => GroupDefinitionType::Dimension,
                })
                .key(&group.key)
                .build(),
        );
    }
    if let Some(filter) = filter_expression(&request.filters) {
        call = call.filter(filter);
    }
    if let Some(token) = token {
        call = call.next_page_token(token);
    }
    let out = call.send().await.map_err(|err| {
        let code = err.code().map(str::to_string);
        let service = err.as_service_error();
        let throttled = service.is_some_and(|e| e.is_limit_exceeded_exception());
        let changed = service.is_some_and(|e| e.is_request_changed_exception());
        let mut error = sdk_error("ce", "GetCostAndUsage", None, err);
        if let Error::Aws(aws) = &mut error
            && let Some(hint) = code.as_deref().and_then(cost_hint)
        {
            aws.hint = Some(hint);
        }
        if throttled {
            PageError::Throttled(error)
        } else if changed {
            PageError::RequestChanged(error)
        } else {
            PageError::Other(error)
        }
    })?;
    let results = out
        .results_by_time
        .unwrap_or_default()
        .into_iter()
        .map(|r| period_result(r, &request.metric))
        .collect::<Result<Vec<_>>>()
        .map_err(PageError::Other)?;
    Ok(CostPage {
        results,
        next_page_token: out.next_page_token.filter(|t| !t.is_empty()),
    })
}

/// The next step for Cost Explorer errors the generic mapping does not know.
fn cost_hint(code: &str) -> Option<String> {
    match code {
        "DataUnavailableException" => Some(
            "Cost Explorer has no data for this period yet; it must be enabled in the billing console \
             and fills in within 24 hours"
                .into(),
        ),
        "BillExpirationException" => {
            Some("the period is older than Cost Explorer keeps; ask for a more recent one".into())
        }
        "InvalidNextTokenException" => Some("rerun the report; paging restarts from the first page".into()),
        c if c.contains("TagKeysNotFound") => Some(tag_activation_hint()),
        _ => None,
    }
}

/// Why a tag grouping is most likely empty, and how to fix it.
pub fn tag_activation_hint() -> String {
    "activate the tag keys as cost allocation tags in the payer account (`costbrake doctor --activate-tags`); \
     a key appears about 24 h after its first billed use and activation is not retroactive"
        .into()
}

fn filter_expression(filters: &[TagFilter]) -> Option<Expression> {
    let mut expressions: Vec<Expression> = filters
        .iter()
        .map(|f| {
            let mut tags = TagValues::builder()
                .key(&f.key)
                .match_options(MatchOption::Equals);
            for value in &f.values {
                tags = tags.values(value);
            }
            Expression::builder().tags(tags.build()).build()
        })
        .collect();
    match expressions.len() {
        0 => None,
        1 => expressions.pop(),
        _ => Some(Expression::builder().set_and(Some(expressions)).build()),
    }
}

fn period_result(r: aws_sdk_costexplorer::types::ResultByTime, metric: &str) -> Result<PeriodResult> {
    let (start, end) = r
        .time_period
        .map(|p| (p.start, p.end))
        .ok_or_else(|| malformed("a result without TimePeriod"))?;
    let total = match r.total.as_ref().and_then(|t| t.get(metric)) {
        Some(value) => Some(amount(value)?),
        None => None,
    };
    let mut groups = Vec::with_capacity(r.groups.as_ref().map_or(0, Vec::len));
    for group in r.groups.unwrap_or_default() {
        let value = group
            .metrics
            .as_ref()
            .and_then(|m| m.get(metric))
            .ok_or_else(|| malformed(&format!("a group without the {metric} metric")))?;
        groups.push(GroupAmount {
            amount: amount(value)?,
            keys: group.keys.unwrap_or_default(),
        });
    }
    Ok(PeriodResult {
        start,
        end,
        estimated: r.estimated,
        total,
        groups,
    })
}

fn amount(value: &aws_sdk_costexplorer::types::MetricValue) -> Result<Amount> {
    let text = value.amount.as_deref().unwrap_or("0");
    Ok(Amount {
        amount: parse_amount(text).ok_or_else(|| malformed(&format!("the amount `{text}`")))?,
        unit: value.unit.clone().unwrap_or_else(|| "USD".into()),
    })
}

/// Parses an amount as Cost Explorer writes it: plain decimals, and now and then scientific notation
/// (`1.2E-7`) for tiny amounts.
pub fn parse_amount(text: &str) -> Option<Decimal> {
    let text = text.trim();
    text.parse::<Decimal>()
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
}

fn malformed(what: &str) -> Error {
    AwsError {
        service: "ce",
        operation: "GetCostAndUsage",
        scope: None,
        code: None,
        detail: format!("the response has {what}"),
        hint: Some("check that --endpoint-url points at an AWS-compatible endpoint".into()),
    }
    .into()
}

/// Whether a cost allocation tag key is active, from `ListCostAllocationTags`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct TagKeyStatus {
    pub key: String,
    /// `active`, `inactive`, or `not-found` (the key has not been seen in billing data yet).
    pub status: TagActivation,
    /// The last month the key was used, as Cost Explorer reports it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_used: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum TagActivation {
    Active,
    Inactive,
    NotFound,
}

/// Calls `ce:ListCostAllocationTags` for user-defined `keys` (every page).
pub async fn tag_statuses(ctx: &AwsContext, keys: &[String]) -> Result<Vec<TagKeyStatus>> {
    list_tag_statuses(&ctx.costexplorer(), keys).await
}

pub(crate) async fn list_tag_statuses(
    client: &aws_sdk_costexplorer::Client,
    keys: &[String],
) -> Result<Vec<TagKeyStatus>> {
    let mut found = Vec::new();
    // TagKeys takes at most 100 keys; costbrake configures a handful.
    for chunk in keys.chunks(100) {
        let mut token: Option<String> = None;
        loop {
            let out = client
                .list_cost_allocation_tags()
                .r#type(CostAllocationTagType::UserDefined)
                .set_tag_keys(Some(chunk.to_vec()))
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| sdk_error("ce", "ListCostAllocationTags", None, e))?;
            found.extend(out.cost_allocation_tags.unwrap_or_default());
            token = out.next_token.filter(|t| !t.is_empty());
            if token.is_none() {
                break;
            }
        }
    }
    Ok(keys
        .iter()
        .map(|key| match found.iter().find(|t| t.tag_key == *key) {
            Some(tag) => TagKeyStatus {
                key: key.clone(),
                status: if tag.status == CostAllocationTagStatus::Active {
                    TagActivation::Active
                } else {
                    TagActivation::Inactive
                },
                last_used: tag.last_used_date.clone(),
            },
            None => TagKeyStatus {
                key: key.clone(),
                status: TagActivation::NotFound,
                last_used: None,
            },
        })
        .collect())
}

/// A key `UpdateCostAllocationTagsStatus` refused, with AWS's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct TagUpdateError {
    pub key: String,
    pub code: String,
    pub message: String,
}

/// Calls `ce:UpdateCostAllocationTagsStatus` to activate `keys`, 20 a call. Returns the keys AWS refused.
pub async fn activate_tags(ctx: &AwsContext, keys: &[String]) -> Result<Vec<TagUpdateError>> {
    update_tag_statuses(&ctx.costexplorer(), keys).await
}

pub(crate) async fn update_tag_statuses(
    client: &aws_sdk_costexplorer::Client,
    keys: &[String],
) -> Result<Vec<TagUpdateError>> {
    let mut refused = Vec::new();
    for chunk in keys.chunks(MAX_TAG_KEYS_PER_UPDATE) {
        let entries = chunk
            .iter()
            .map(|key| {
                CostAllocationTagStatusEntry::builder()
                    .tag_key(key)
                    .status(CostAllocationTagStatus::Active)
                    .build()
                    .map_err(|e| Error::usage(format!("tag key `{key}`: {e}")))
            })
            .collect::<Result<Vec<_>>>()?;
        let out = client
            .update_cost_allocation_tags_status()
            .set_cost_allocation_tags_status(Some(entries))
            .send()
            .await
            .map_err(|e| sdk_error("ce", "UpdateCostAllocationTagsStatus", None, e))?;
        refused.extend(
            out.errors
                .unwrap_or_default()
                .into_iter()
                .map(|e| TagUpdateError {
                    key: e.tag_key.unwrap_or_default(),
                    code: e.code.unwrap_or_default(),
                    message: e.message.unwrap_or_default(),
                }),
        );
    }
    Ok(refused)
}

#[cfg(test)]
mod tests {
    //! The cost allocation tag calls are not served by moto: they are tested here against the shapes of
    //! the AWS API reference (ListCostAllocationTags, UpdateCostAllocationTagsStatus) with
    //! aws-smithy-mocks. GetCostAndUsage paging is tested end to end against moto in tests/cli/report.rs.
    use super::*;
    use aws_sdk_costexplorer::Client;
    use aws_sdk_costexplorer::operation::get_cost_and_usage::{GetCostAndUsageError, GetCostAndUsageOutput};
    use aws_sdk_costexplorer::operation::list_cost_allocation_tags::ListCostAllocationTagsOutput;
    use aws_sdk_costexplorer::operation::update_cost_allocation_tags_status::UpdateCostAllocationTagsStatusOutput;
    use aws_sdk_costexplorer::types::{CostAllocationTag, Group, MetricValue, ResultByTime};
    use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode, mock};

    fn client(rules: &[&Rule]) -> Client {
        let mut interceptor = MockResponseInterceptor::new().rule_mode(RuleMode::Sequential);
        for rule in rules {
            interceptor = interceptor.with_rule(rule);
        }
        let config = aws_sdk_costexplorer::Config::builder()
            .behavior_version(aws_sdk_costexplorer::config::BehaviorVersion::latest())
            .region(aws_sdk_costexplorer::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_costexplorer::config::Credentials::new(
                "testing", "testing", None, None, "tests",
            ))
            .retry_config(aws_sdk_costexplorer::config::retry::RetryConfig::disabled())
            .http_client(aws_smithy_mocks::create_mock_http_client())
            .interceptor(interceptor)
            .build();
        Client::from_conf(config)
    }

    fn tag(key: &str, status: CostAllocationTagStatus) -> CostAllocationTag {
        CostAllocationTag::builder()
            .tag_key(key)
            .r#type(CostAllocationTagType::UserDefined)
            .status(status)
            .last_used_date("2026-11-01T00:00:00Z")
            .build()
            .expect("valid tag")
    }

    #[tokio::test]
    async fn tag_statuses_follow_pages_and_mark_unseen_keys() {
        let keys = vec![
            "agent-name".to_string(),
            "agent-run-id".to_string(),
            "team".to_string(),
        ];
        let first = mock!(Client::list_cost_allocation_tags)
            .match_requests(|r| {
                r.next_token().is_none()
                    && r.tag_keys() == ["agent-name", "agent-run-id", "team"]
                    && r.r#type() == Some(&CostAllocationTagType::UserDefined)
            })
            .then_output(|| {
                ListCostAllocationTagsOutput::builder()
                    .cost_allocation_tags(tag("agent-name", CostAllocationTagStatus::Active))
                    .next_token("page-2")
                    .build()
            });
        let second = mock!(Client::list_cost_allocation_tags)
            .match_requests(|r| r.next_token() == Some("page-2"))
            .then_output(|| {
                ListCostAllocationTagsOutput::builder()
                    .cost_allocation_tags(tag("agent-run-id", CostAllocationTagStatus::Inactive))
                    .build()
            });
        let statuses = list_tag_statuses(&client(&[&first, &second]), &keys)
            .await
            .expect("lists");
        let by_key: Vec<(&str, TagActivation)> =
            statuses.iter().map(|s| (s.key.as_str(), s.status)).collect();
        assert_eq!(
            by_key,
            [
                ("agent-name", TagActivation::Active),
                ("agent-run-id", TagActivation::Inactive),
                ("team", TagActivation::NotFound)
            ]
        );
        assert_eq!(statuses[0].last_used.as_deref(), Some("2026-11-01T00:00:00Z"));
        assert_eq!(first.num_calls(), 1);
        assert_eq!(second.num_calls(), 1);
    }

    #[tokio::test]
    async fn activation_sends_at_most_20_keys_a_call_and_reports_refusals() {
        let keys: Vec<String> = (0..45).map(|i| format!("key-{i:02}")).collect();
        let update = mock!(Client::update_cost_allocation_tags_status)
            .match_requests(|r| {
                let entries = r.cost_allocation_tags_status();
                !entries.is_empty()
                    && entries.len() <= MAX_TAG_KEYS_PER_UPDATE
                    && entries
                        .iter()
                        .all(|e| e.status == CostAllocationTagStatus::Active)
            })
            .then_compute_output(|r| {
                let mut out = UpdateCostAllocationTagsStatusOutput::builder();
                // AWS answers 200 with per-key errors for keys it cannot activate.
                if r.cost_allocation_tags_status()
                    .iter()
                    .any(|e| e.tag_key == "key-44")
                {
                    out = out.errors(
                        aws_sdk_costexplorer::types::UpdateCostAllocationTagsStatusError::builder()
                            .tag_key("key-44")
                            .code("TagKeysNotFoundException")
                            .message("The tag key was not found")
                            .build(),
                    );
                }
                out.build()
            });
        // MatchAny: one rule answers every call (Sequential would use it once).
        let client = {
            let mut interceptor = MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny);
            interceptor = interceptor.with_rule(&update);
            Client::from_conf(
                aws_sdk_costexplorer::Config::builder()
                    .behavior_version(aws_sdk_costexplorer::config::BehaviorVersion::latest())
                    .region(aws_sdk_costexplorer::config::Region::new("us-east-1"))
                    .credentials_provider(aws_sdk_costexplorer::config::Credentials::new(
                        "testing", "testing", None, None, "tests",
                    ))
                    .http_client(aws_smithy_mocks::create_mock_http_client())
                    .interceptor(interceptor)
                    .build(),
            )
        };
        let refused = update_tag_statuses(&client, &keys).await.expect("updates");
        assert_eq!(update.num_calls(), 3, "45 keys take 20 + 20 + 5");
        assert_eq!(
            refused,
            [TagUpdateError {
                key: "key-44".into(),
                code: "TagKeysNotFoundException".into(),
                message: "The tag key was not found".into(),
            }]
        );
    }

    #[tokio::test]
    async fn access_denied_on_list_names_the_permission() {
        let denied = mock!(Client::list_cost_allocation_tags).then_http_response(|| {
            aws_smithy_runtime_api::http::Response::new(
                aws_smithy_runtime_api::http::StatusCode::try_from(400).expect("status"),
                aws_smithy_types::body::SdkBody::from(
                    r#"{"__type":"AccessDeniedException","Message":"User is not authorized"}"#,
                ),
            )
        });
        let err = list_tag_statuses(&client(&[&denied]), &["agent-name".to_string()])
            .await
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("ce:ListCostAllocationTags"), "{text}");
    }

    fn metric(amount: &str) -> MetricValue {
        MetricValue::builder().amount(amount).unit("USD").build()
    }

    #[tokio::test]
    async fn cost_pages_parse_tag_keys_amounts_and_estimates() {
        let page = mock!(Client::get_cost_and_usage)
            .match_requests(|r| {
                r.group_by().len() == 2
                    && r.metrics() == ["UnblendedCost"]
                    && r.filter().and_then(|f| f.tags()).and_then(|t| t.key()) == Some("agent-name")
            })
            .then_output(|| {
                GetCostAndUsageOutput::builder()
                    .results_by_time(
                        ResultByTime::builder()
                            .time_period(
                                DateInterval::builder()
                                    .start("2026-11-01")
                                    .end("2026-11-02")
                                    .build()
                                    .expect("interval"),
                            )
                            .estimated(true)
                            .groups(
                                Group::builder()
                                    .keys("agent-run-id$run-1")
                                    .keys("Amazon Elastic Compute Cloud - Compute")
                                    .metrics("UnblendedCost", metric("1.2E-7"))
                                    .build(),
                            )
                            .build(),
                    )
                    .next_page_token("")
                    .build()
            });
        let request = CostRequest {
            start: "2026-11-01".into(),
            end: "2026-11-02".into(),
            granularity: Granularity::Daily,
            metric: "UnblendedCost".into(),
            group_by: vec![
                GroupBy {
                    kind: GroupKind::Tag,
                    key: "agent-run-id".into(),
                },
                GroupBy {
                    kind: GroupKind::Dimension,
                    key: "SERVICE".into(),
                },
            ],
            filters: vec![TagFilter {
                key: "agent-name".into(),
                values: vec!["research-agent".into()],
            }],
        };
        let out = get_cost_page(&client(&[&page]), &request, None)
            .await
            .expect("page");
        assert_eq!(out.next_page_token, None, "an empty token ends the paging");
        assert!(out.results[0].estimated);
        assert_eq!(out.results[0].groups[0].keys[0], "agent-run-id$run-1");
        assert_eq!(out.results[0].groups[0].amount.amount, Decimal::new(12, 8));
    }

    #[tokio::test]
    async fn throttling_and_changed_requests_are_told_apart() {
        let throttled = mock!(Client::get_cost_and_usage).then_error(|| {
            GetCostAndUsageError::LimitExceededException(
                aws_sdk_costexplorer::types::error::LimitExceededException::builder()
                    .message("Rate exceeded")
                    .build(),
            )
        });
        let changed = mock!(Client::get_cost_and_usage).then_error(|| {
            GetCostAndUsageError::RequestChangedException(
                aws_sdk_costexplorer::types::error::RequestChangedException::builder()
                    .message("changed")
                    .build(),
            )
        });
        let request = CostRequest {
            start: "2026-11-01".into(),
            end: "2026-11-02".into(),
            granularity: Granularity::Daily,
            metric: "UnblendedCost".into(),
            group_by: vec![],
            filters: vec![],
        };
        let client = client(&[&throttled, &changed]);
        assert!(matches!(
            get_cost_page(&client, &request, None).await,
            Err(PageError::Throttled(_))
        ));
        assert!(matches!(
            get_cost_page(&client, &request, Some("t")).await,
            Err(PageError::RequestChanged(_))
        ));
    }

    #[test]
    fn amounts_parse_plain_and_scientific() {
        assert_eq!(parse_amount("0.0101516483"), Some(Decimal::new(101516483, 10)));
        assert_eq!(parse_amount("1.2E-7"), Some(Decimal::new(12, 8)));
        assert_eq!(parse_amount("-3"), Some(Decimal::new(-3, 0)));
        assert_eq!(parse_amount("lots"), None);
    }
}
