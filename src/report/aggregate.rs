//! Pure aggregation: Cost Explorer pages in, report rows out. Pages and periods are merged (one period
//! can span several pages), `tagkey$value` keys are split on the first `$`, and the empty value becomes
//! an explicit untagged row, never dropped. Money stays `Decimal` from parse to total.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Query, SCHEMA};
use crate::aws::costexplorer::{CostPage, GroupKind, tag_activation_hint};
use crate::error::{AwsError, Error, Result};

/// One time bucket of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Period {
    pub start: String,
    /// Exclusive, as Cost Explorer reports it.
    pub end: String,
    /// Not final yet: the amounts may still change.
    pub estimated: bool,
    /// The sum of every row in this period.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub total: Decimal,
}

/// Pages merged into one matrix: a row per distinct key, an amount per period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    pub periods: Vec<Period>,
    /// Each row's key values, one per grouping; `None` is untagged (`tagkey$`).
    pub keys: Vec<Vec<Option<String>>>,
    /// `amounts[row][period]`.
    pub amounts: Vec<Vec<Decimal>>,
    /// The currency of every amount (`USD`).
    pub currency: String,
}

/// Merges pages: periods sorted by start, rows in first-seen order.
pub fn merge(pages: &[CostPage], kinds: &[GroupKind]) -> Result<Merged> {
    let mut starts: Vec<(&str, &str, bool)> = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for result in pages.iter().flat_map(|p| &p.results) {
        match seen.get(result.start.as_str()) {
            Some(&i) => starts[i].2 |= result.estimated,
            None => {
                seen.insert(&result.start, starts.len());
                starts.push((&result.start, &result.end, result.estimated));
            }
        }
    }
    starts.sort_by(|a, b| a.0.cmp(b.0));
    let index: HashMap<&str, usize> = starts.iter().enumerate().map(|(i, s)| (s.0, i)).collect();
    let n = starts.len();

    let mut merged = Merged {
        periods: starts
            .iter()
            .map(|(start, end, estimated)| Period {
                start: (*start).to_string(),
                end: (*end).to_string(),
                estimated: *estimated,
                total: Decimal::ZERO,
            })
            .collect(),
        ..Merged::default()
    };
    let mut rows: HashMap<Vec<Option<String>>, usize> = HashMap::new();
    for result in pages.iter().flat_map(|p| &p.results) {
        let p = index[result.start.as_str()];
        for group in &result.groups {
            let unit = &group.amount.unit;
            if merged.currency.is_empty() {
                merged.currency = unit.clone();
            } else if merged.currency != *unit {
                return Err(mixed_currencies(&merged.currency, unit));
            }
            let key = split_keys(&group.keys, kinds);
            let row = match rows.get(&key) {
                Some(&row) => row,
                None => {
                    let row = merged.keys.len();
                    rows.insert(key.clone(), row);
                    merged.keys.push(key);
                    merged.amounts.push(vec![Decimal::ZERO; n]);
                    row
                }
            };
            merged.amounts[row][p] += group.amount.amount;
            merged.periods[p].total += group.amount.amount;
        }
    }
    if merged.currency.is_empty() {
        merged.currency = "USD".into();
    }
    Ok(merged)
}

fn mixed_currencies(a: &str, b: &str) -> Error {
    AwsError {
        service: "ce",
        operation: "GetCostAndUsage",
        scope: None,
        code: None,
        detail: format!("amounts in two currencies ({a} and {b})"),
        hint: Some("report each currency separately; costbrake does not convert".into()),
    }
    .into()
}

/// Splits group keys: a tag's `key$value` becomes `value` (on the first `$` only), the empty value
/// becomes `None` (untagged); dimension values are kept as they are.
pub fn split_keys(keys: &[String], kinds: &[GroupKind]) -> Vec<Option<String>> {
    keys.iter()
        .enumerate()
        .map(|(i, raw)| match kinds.get(i) {
            Some(GroupKind::Tag) => {
                let value = raw.split_once('$').map_or(raw.as_str(), |(_, v)| v);
                (!value.is_empty()).then(|| value.to_string())
            }
            _ => Some(raw.clone()),
        })
        .collect()
}

/// One row of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Row {
    /// One value per grouping; `null` means untagged.
    pub keys: Vec<Option<String>>,
    /// Some tag grouping of this row is untagged.
    pub untagged: bool,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub total: Decimal,
    /// This row's fraction of the report's total, 0 to 1, rounded to 4 places.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub share: Decimal,
    /// `amounts[i]` is the amount in `periods[i]`.
    #[serde(serialize_with = "decimal_strings")]
    #[cfg_attr(test, schemars(with = "Vec<crate::schemas::Decimal>"))]
    pub amounts: Vec<Decimal>,
    /// With `--by agent-run-id`: what this machine's `costbrake run` ledger knows of the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<RunFacts>,
}

/// A run's facts from the run ledger, next to its cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct RunFacts {
    pub agent: String,
    pub started: jiff::Timestamp,
    /// Seconds from start to end; `None` while it runs or when its end was never recorded.
    pub duration_seconds: Option<f64>,
    /// The run's exit code, once it ended.
    pub exit_code: Option<u8>,
    /// `finished`, `running`, `lost`, `handed-out` (see `costbrake run list`).
    pub status: String,
}

impl Report {
    /// Puts each run's ledger facts on its row (the first grouping must be the run tag); returns how
    /// many rows got them.
    pub fn join_runs(&mut self, runs: &std::collections::BTreeMap<String, RunFacts>) -> usize {
        let mut joined = 0;
        for row in &mut self.rows {
            if let Some(Some(id)) = row.keys.first()
                && let Some(facts) = runs.get(id)
            {
                row.run = Some(facts.clone());
                joined += 1;
            }
        }
        joined
    }
}

/// The rows beyond `--top`, folded into one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Other {
    /// How many rows were folded.
    pub rows: usize,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub total: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub share: Decimal,
    #[serde(serialize_with = "decimal_strings")]
    #[cfg_attr(test, schemars(with = "Vec<crate::schemas::Decimal>"))]
    pub amounts: Vec<Decimal>,
}

/// What `costbrake report` returns.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Report {
    pub schema: &'static str,
    pub query: Query,
    /// The currency of every amount.
    pub currency: String,
    pub periods: Vec<Period>,
    /// Largest first; untagged rows are always kept, whatever `--top` says.
    pub rows: Vec<Row>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<Other>,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub total: Decimal,
    /// Some period is estimated.
    pub estimated: bool,
    /// Why a grouping is probably empty, and what to do.
    pub hints: Vec<String>,
    /// The Cost Explorer requests this report made and what they cost.
    pub requests: super::RequestStats,
}

fn decimal_strings<S: serde::Serializer>(values: &[Decimal], s: S) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(values.len()))?;
    for v in values {
        seq.serialize_element(&v.to_string())?;
    }
    seq.end()
}

/// A fraction rounded to 4 places; 0 when the whole is 0.
pub fn share(part: Decimal, whole: Decimal) -> Decimal {
    if whole.is_zero() {
        Decimal::ZERO
    } else {
        (part / whole).round_dp(4)
    }
}

/// Builds the report from merged data: rows sorted by total (largest first, then by key), `--top`
/// applied, shares and hints computed.
pub fn aggregate(query: &Query, merged: Merged, requests: super::RequestStats) -> Report {
    let Merged {
        periods,
        keys,
        amounts,
        currency,
    } = merged;
    let kinds: Vec<GroupKind> = query.group_by.iter().map(|g| g.kind).collect();
    let total: Decimal = periods.iter().map(|p| p.total).sum();
    let mut rows: Vec<Row> = keys
        .into_iter()
        .zip(amounts)
        .map(|(keys, amounts)| {
            let row_total: Decimal = amounts.iter().copied().sum();
            let untagged = keys
                .iter()
                .zip(&kinds)
                .any(|(k, kind)| k.is_none() && *kind == GroupKind::Tag);
            Row {
                keys,
                untagged,
                total: row_total,
                share: share(row_total, total),
                amounts,
                run: None,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.keys.cmp(&b.keys)));

    let mut other = None;
    if let Some(top) = query.top
        && rows.len() > top
    {
        let mut kept = Vec::with_capacity(top + 1);
        let mut folded = Other {
            rows: 0,
            total: Decimal::ZERO,
            share: Decimal::ZERO,
            amounts: vec![Decimal::ZERO; periods.len()],
        };
        for (i, row) in rows.into_iter().enumerate() {
            if i < top || row.untagged {
                kept.push(row);
            } else {
                folded.rows += 1;
                folded.total += row.total;
                for (sum, a) in folded.amounts.iter_mut().zip(&row.amounts) {
                    *sum += *a;
                }
            }
        }
        folded.share = share(folded.total, total);
        rows = kept;
        if folded.rows > 0 {
            other = Some(folded);
        }
    }

    let hints = hints(query, &rows, other.is_some());
    Report {
        schema: SCHEMA,
        query: query.clone(),
        currency,
        estimated: periods.iter().any(|p| p.estimated),
        periods,
        rows,
        other,
        total,
        hints,
        requests,
    }
}

/// Why a tag grouping came back empty or entirely untagged, and what to do about it.
fn hints(query: &Query, rows: &[Row], has_other: bool) -> Vec<String> {
    let tags: Vec<(usize, &str)> = query
        .group_by
        .iter()
        .enumerate()
        .filter(|(_, g)| g.kind == GroupKind::Tag)
        .map(|(i, g)| (i, g.key.as_str()))
        .collect();
    let quoted = |keys: &[&str]| {
        keys.iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    if tags.is_empty() {
        return vec![];
    }
    if rows.is_empty() {
        let keys: Vec<&str> = tags.iter().map(|(_, k)| *k).collect();
        return vec![format!(
            "Cost Explorer returned no cost grouped by {} in this range: most likely the key is not an \
             active cost allocation tag; {}",
            quoted(&keys),
            tag_activation_hint()
        )];
    }
    let all_untagged: Vec<&str> = tags
        .iter()
        .filter(|(i, _)| !has_other && rows.iter().all(|r| r.keys.get(*i).is_some_and(Option::is_none)))
        .map(|(_, k)| *k)
        .collect();
    if all_untagged.is_empty() {
        return vec![];
    }
    vec![format!(
        "all cost in this range is untagged for {}: most likely the key is not an active cost allocation \
         tag, or was activated after this range; {}",
        quoted(&all_untagged),
        tag_activation_hint()
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::costexplorer::{Amount, Granularity, GroupAmount, PeriodResult};
    use crate::config::Config;
    use crate::report::{DateRange, Grouping, Metric, RequestStats};
    use jiff::civil::date;

    fn group(keys: &[&str], amount: &str) -> GroupAmount {
        GroupAmount {
            keys: keys.iter().map(|k| k.to_string()).collect(),
            amount: Amount {
                amount: amount.parse().expect("decimal"),
                unit: "USD".into(),
            },
        }
    }

    fn period(start: &str, end: &str, estimated: bool, groups: Vec<GroupAmount>) -> PeriodResult {
        PeriodResult {
            start: start.into(),
            end: end.into(),
            estimated,
            total: None,
            groups,
        }
    }

    fn query(names: &[&str], top: Option<usize>) -> Query {
        let config = Config::default();
        Query {
            group_by: names
                .iter()
                .map(|n| Grouping::resolve(n, &config).expect("grouping"))
                .collect(),
            range: DateRange {
                start: date(2026, 11, 1),
                end: date(2026, 11, 2),
            },
            granularity: Granularity::Daily,
            metric: Metric::Unblended,
            filters: vec![],
            top,
        }
    }

    fn pages() -> Vec<CostPage> {
        vec![
            CostPage {
                results: vec![
                    period(
                        "2026-11-02",
                        "2026-11-03",
                        true,
                        vec![group(&["agent-run-id$run-a"], "1.25")],
                    ),
                    period(
                        "2026-11-01",
                        "2026-11-02",
                        false,
                        vec![
                            group(&["agent-run-id$run-a"], "2.50"),
                            group(&["agent-run-id$"], "0.75"),
                        ],
                    ),
                ],
                next_page_token: Some("p2".into()),
            },
            CostPage {
                results: vec![period(
                    "2026-11-01",
                    "2026-11-02",
                    false,
                    vec![group(&["agent-run-id$run$b"], "4.00")],
                )],
                next_page_token: None,
            },
        ]
    }

    fn run(q: &Query) -> Report {
        let kinds: Vec<GroupKind> = q.group_by.iter().map(|g| g.kind).collect();
        aggregate(
            q,
            merge(&pages(), &kinds).expect("merges"),
            RequestStats::default(),
        )
    }

    #[test]
    fn pages_and_periods_merge_into_rows_with_exact_totals() {
        let report = run(&query(&["agent-run-id"], None));
        assert_eq!(report.periods.len(), 2);
        assert_eq!(report.periods[0].start, "2026-11-01");
        assert_eq!(report.periods[0].total, "7.25".parse().expect("d"));
        assert!(report.periods[1].estimated && report.estimated);
        let keys: Vec<Option<&str>> = report.rows.iter().map(|r| r.keys[0].as_deref()).collect();
        // Split on the first `$` only; the empty value is an explicit untagged row.
        assert_eq!(keys, [Some("run$b"), Some("run-a"), None]);
        assert_eq!(
            report.rows[1].amounts,
            ["2.50".parse().expect("d"), "1.25".parse().expect("d")]
        );
        assert!(report.rows[2].untagged);
        assert_eq!(report.total, "8.50".parse().expect("d"));
        assert_eq!(report.rows[0].share, "0.4706".parse().expect("d"));
        assert!(report.hints.is_empty());
    }

    #[test]
    fn top_folds_the_rest_but_keeps_untagged_and_the_total() {
        let report = run(&query(&["agent-run-id"], Some(1)));
        let keys: Vec<Option<&str>> = report.rows.iter().map(|r| r.keys[0].as_deref()).collect();
        assert_eq!(keys, [Some("run$b"), None]);
        let other = report.other.as_ref().expect("other row");
        assert_eq!((other.rows, other.total), (1, "3.75".parse().expect("d")));
        let sum: Decimal = report.rows.iter().map(|r| r.total).sum::<Decimal>() + other.total;
        assert_eq!(sum, report.total);
    }

    #[test]
    fn two_groupings_split_only_tag_keys() {
        assert_eq!(
            split_keys(
                &["agent-name$x".into(), "Amazon S3$weird".into()],
                &[GroupKind::Tag, GroupKind::Dimension]
            ),
            [Some("x".to_string()), Some("Amazon S3$weird".to_string())]
        );
    }

    #[test]
    fn empty_or_all_untagged_groupings_explain_activation() {
        let q = query(&["agent-run-id"], None);
        let empty = aggregate(&q, Merged::default(), RequestStats::default());
        assert_eq!(empty.hints.len(), 1);
        assert!(
            empty.hints[0].contains("cost allocation tag"),
            "{:?}",
            empty.hints
        );
        let untagged = vec![CostPage {
            results: vec![period(
                "2026-11-01",
                "2026-11-02",
                false,
                vec![group(&["agent-run-id$"], "3")],
            )],
            next_page_token: None,
        }];
        let report = aggregate(
            &q,
            merge(&untagged, &[GroupKind::Tag]).expect("merges"),
            RequestStats::default(),
        );
        assert!(report.hints[0].contains("untagged"), "{:?}", report.hints);
        assert!(report.hints[0].contains("not retroactive"), "{:?}", report.hints);
    }

    #[test]
    fn mixed_currencies_are_refused() {
        let mut pages = pages();
        pages[1].results[0].groups[0].amount.unit = "EUR".into();
        assert!(merge(&pages, &[GroupKind::Tag]).is_err());
    }
}
