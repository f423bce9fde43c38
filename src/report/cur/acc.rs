//! Line items in, report cells out: a decoded batch of line items (whatever file format it came from)
//! is filtered to the range and the filters, valued with the metric's formula, keyed by its groupings
//! and bucket, and summed as exact integers of 10 decimal places. Each worker has its own
//! [`Partial`]; partials merge by their keys' text. Pure.

use std::collections::HashMap;

use parquet::data_type::ByteArray;

use super::plan::{Extract, Formula, Plan, amortized, to_decimal};
use crate::aws::costexplorer::GroupKind;
use crate::report::aggregate::{Merged, Period};

/// Decoded line items: one vector per column of the plan, all `rows` long.
#[derive(Debug, Default)]
pub struct Batch {
    pub rows: usize,
    /// Usage start, milliseconds since the epoch; `None` when the line item has none.
    pub times: Vec<Option<i64>>,
    /// One per [`Plan::strings`]; `None` is null, a missing map key or an absent column.
    pub strings: Vec<Vec<Option<ByteArray>>>,
    /// One per [`Plan::numbers`], scaled integers; null is 0.
    pub numbers: Vec<Vec<i128>>,
}

/// Text interned to small ids; id 0 is "no value" (untagged, or a dimension's `(none)`).
#[derive(Debug, Default)]
struct Interner {
    ids: HashMap<Vec<u8>, u32>,
    texts: Vec<Vec<u8>>,
}

impl Interner {
    #[inline]
    fn id(&mut self, text: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        self.texts.push(text.to_vec());
        let id = self.texts.len() as u32;
        self.ids.insert(text.to_vec(), id);
        id
    }

    fn text(&self, id: u32) -> Option<&[u8]> {
        (id > 0).then(|| self.texts[id as usize - 1].as_slice())
    }
}

/// What one worker summed.
#[derive(Debug, Default)]
pub struct Partial {
    interners: Vec<Interner>,
    /// (grouping ids, bucket) → amount.
    sums: HashMap<([u32; 2], u32), i128>,
    /// Line items read and line items that counted.
    pub scanned: u64,
    pub matched: u64,
    /// Currencies seen (normally one).
    pub currencies: Vec<String>,
}

/// A row's grouping values as bytes (`None`: the line item has no value).
type Key = Vec<Option<Vec<u8>>>;

impl Partial {
    pub fn new(plan: &Plan) -> Partial {
        Partial {
            interners: (0..plan.groupings.len()).map(|_| Interner::default()).collect(),
            ..Partial::default()
        }
    }

    /// Adds a batch's line items.
    pub fn add(&mut self, plan: &Plan, batch: &Batch) {
        self.scanned += batch.rows as u64;
        let currency = &batch.strings[plan.currency];
        'rows: for r in 0..batch.rows {
            let Some(bucket) = batch.times[r].and_then(|t| plan.buckets.index(t)) else {
                continue;
            };
            for (extract, values) in &plan.filters {
                match value(extract, batch, r) {
                    Some(v) if values.iter().any(|want| want.as_bytes() == v) => {}
                    _ => continue 'rows,
                }
            }
            let amount = match &plan.formula {
                Formula::Column(i) => batch.numbers[*i][r],
                Formula::Amortized {
                    line_item_type,
                    reservation_arn,
                    unblended,
                    sp_effective,
                    sp_commitment,
                    sp_used,
                    ri_effective,
                    ri_unused_upfront,
                    ri_unused_recurring,
                } => {
                    let text = |i: usize| batch.strings[i][r].as_ref().map_or(&b""[..], |b| b.data());
                    let n = [
                        *unblended,
                        *sp_effective,
                        *sp_commitment,
                        *sp_used,
                        *ri_effective,
                        *ri_unused_upfront,
                        *ri_unused_recurring,
                    ]
                    .map(|i| batch.numbers[i][r]);
                    amortized(text(*line_item_type), text(*reservation_arn), &n)
                }
            };
            if let Some(code) = currency.get(r).and_then(Option::as_ref).map(|b| b.data())
                && !code.is_empty()
                && !self.currencies.iter().any(|c| c.as_bytes() == code)
            {
                self.currencies.push(String::from_utf8_lossy(code).into_owned());
            }
            let mut key = [0u32; 2];
            for (g, extract) in plan.groupings.iter().enumerate() {
                if let Some(v) = value(extract, batch, r) {
                    key[g] = self.interners[g].id(v);
                }
            }
            self.matched += 1;
            *self.sums.entry((key, bucket as u32)).or_default() += amount;
        }
    }

    /// Adds one already-summed cell (a row of the Athena engine's result): its grouping values, bucket,
    /// amount (scaled), line item count and currency.
    pub fn add_cell(
        &mut self,
        keys: &[Option<&[u8]>],
        bucket: u32,
        amount: i128,
        line_items: u64,
        currency: &str,
    ) {
        self.scanned += line_items;
        self.matched += line_items;
        if !currency.is_empty() && !self.currencies.iter().any(|c| c == currency) {
            self.currencies.push(currency.to_string());
        }
        let mut key = [0u32; 2];
        for (g, value) in keys.iter().enumerate().take(2) {
            if let Some(v) = value {
                key[g] = self.interners[g].id(v);
            }
        }
        *self.sums.entry((key, bucket)).or_default() += amount;
    }

    /// The sums keyed by text, for merging.
    fn into_cells(self) -> Vec<(Key, u32, i128)> {
        let Partial { interners, sums, .. } = self;
        sums.into_iter()
            .map(|((ids, bucket), amount)| {
                let keys = interners
                    .iter()
                    .zip(ids)
                    .map(|(interner, id)| interner.text(id).map(<[u8]>::to_vec))
                    .collect();
                (keys, bucket, amount)
            })
            .collect()
    }
}

/// A grouping's or filter's value for row `r`: the first non-empty field.
#[inline]
fn value<'b>(extract: &Extract, batch: &'b Batch, r: usize) -> Option<&'b [u8]> {
    extract
        .fields
        .iter()
        .filter_map(|&i| batch.strings[i][r].as_ref().map(|b| b.data()))
        .find(|v| !v.is_empty())
}

/// What a scan found, before the report is built from it.
#[derive(Debug)]
pub struct Totals {
    pub merged: Merged,
    pub scanned: u64,
    pub matched: u64,
    pub currencies: Vec<String>,
}

/// Merges the workers' partials into Cost Explorer's shape: every bucket of the range a period
/// (`estimated` decides which are not final), a row per distinct key in order of first appearance
/// after sorting by key, amounts as decimals.
pub fn finish(plan: &Plan, partials: Vec<Partial>, estimated: impl Fn(&str) -> bool) -> Totals {
    let periods: Vec<Period> = (0..plan.buckets.starts.len())
        .map(|i| {
            let (start, end) = plan.buckets.label(i);
            Period {
                estimated: estimated(&start),
                start,
                end,
                total: rust_decimal::Decimal::ZERO,
            }
        })
        .collect();
    let n = periods.len();
    let mut scanned = 0;
    let mut matched = 0;
    let mut currencies: Vec<String> = Vec::new();
    let mut cells: HashMap<Vec<Option<Vec<u8>>>, Vec<i128>> = HashMap::new();
    for partial in partials {
        scanned += partial.scanned;
        matched += partial.matched;
        for c in &partial.currencies {
            if !currencies.contains(c) {
                currencies.push(c.clone());
            }
        }
        for (keys, bucket, amount) in partial.into_cells() {
            cells.entry(keys).or_insert_with(|| vec![0; n])[bucket as usize] += amount;
        }
    }
    let mut rows: Vec<(Key, Vec<i128>)> = cells.into_iter().collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut merged = Merged {
        periods,
        keys: Vec::with_capacity(rows.len()),
        amounts: Vec::with_capacity(rows.len()),
        currency: currencies.first().cloned().unwrap_or_else(|| "USD".into()),
    };
    let mut period_totals = vec![0i128; n];
    for (keys, amounts) in rows {
        let keys = keys
            .into_iter()
            .zip(&plan.groupings)
            .map(|(k, g)| match (k, g.kind) {
                (Some(k), _) => Some(String::from_utf8_lossy(&k).into_owned()),
                (None, GroupKind::Tag) => None,
                (None, GroupKind::Dimension) => Some(NONE.to_string()),
            })
            .collect();
        for (t, a) in period_totals.iter_mut().zip(&amounts) {
            *t += a;
        }
        merged.keys.push(keys);
        merged.amounts.push(amounts.into_iter().map(to_decimal).collect());
    }
    for (p, t) in merged.periods.iter_mut().zip(period_totals) {
        p.total = to_decimal(t);
    }
    Totals {
        merged,
        scanned,
        matched,
        currencies,
    }
}

/// A dimension's value for line items that have none (a tax has no resource id).
pub const NONE: &str = "(none)";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::costexplorer::{Granularity, TagFilter};
    use crate::config::Config;
    use crate::report::{DateRange, Grouping, Metric, Query};
    use jiff::civil::date;

    fn query(by: &[&str], filters: Vec<TagFilter>, metric: Metric) -> Query {
        let config = Config::default();
        Query {
            group_by: by
                .iter()
                .map(|n| Grouping::resolve(n, &config).expect("grouping"))
                .collect(),
            range: DateRange {
                start: date(2026, 11, 1),
                end: date(2026, 11, 2),
            },
            granularity: Granularity::Daily,
            metric,
            filters,
            top: None,
        }
    }

    const DAY1: i64 = 1_793_491_200_000; // 2026-11-01T00:00:00Z
    const DAY: i64 = 86_400_000;

    /// A batch laid out for `plan`, from (time, [(field, value)], [amounts in plan.numbers order]).
    /// (usage start, [(field, value)], [amounts in plan.numbers order])
    type Row<'a> = (i64, &'a [(&'a str, &'a str)], &'a [i128]);

    fn batch(plan: &Plan, rows: &[Row<'_>]) -> Batch {
        let mut b = Batch {
            rows: rows.len(),
            times: rows.iter().map(|r| Some(r.0)).collect(),
            strings: vec![Vec::new(); plan.strings.len()],
            numbers: vec![Vec::new(); plan.numbers.len()],
        };
        for (_, fields, amounts) in rows {
            for (i, field) in plan.strings.iter().enumerate() {
                let name = match field {
                    super::super::plan::Field::Column(c) => c.clone(),
                    super::super::plan::Field::MapKey { column, key } => format!("{column}[{key}]"),
                };
                let v = fields
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| ByteArray::from(*v));
                b.strings[i].push(v);
            }
            for (i, a) in amounts.iter().enumerate() {
                b.numbers[i].push(*a);
            }
        }
        b
    }

    #[test]
    fn a_run_costs_its_resources_and_its_sessions_and_untagged_is_kept() {
        let plan = Plan::new(&query(&["agent-run-id"], vec![], Metric::Unblended)).expect("plan");
        let b = batch(
            &plan,
            &[
                (
                    DAY1,
                    &[
                        ("resource_tags[user_agent_run_id]", "r1"),
                        ("line_item_currency_code", "USD"),
                    ],
                    &[10],
                ),
                (DAY1 + 5, &[("tags[iamPrincipal/agent-run-id]", "r1")], &[5]),
                (DAY1 + DAY, &[("resource_tags[user_agent_run_id]", "r2")], &[7]),
                (DAY1 + DAY, &[("resource_tags[user_agent_run_id]", "")], &[1]),
                (
                    DAY1 + 2 * DAY,
                    &[("resource_tags[user_agent_run_id]", "r2")],
                    &[100],
                ),
                (DAY1 - 1, &[("resource_tags[user_agent_run_id]", "r2")], &[100]),
            ],
        );
        let mut p = Partial::new(&plan);
        p.add(&plan, &b);
        let t = finish(&plan, vec![p], |_| false);
        assert_eq!((t.scanned, t.matched), (6, 4));
        assert_eq!(
            t.merged.keys,
            vec![vec![None], vec![Some("r1".into())], vec![Some("r2".into())]]
        );
        let amounts: Vec<Vec<String>> = t
            .merged
            .amounts
            .iter()
            .map(|a| a.iter().map(|d| d.to_string()).collect())
            .collect();
        assert_eq!(
            amounts,
            vec![
                vec!["0".to_string(), "0.0000000001".into()],
                vec!["0.0000000015".into(), "0".into()],
                vec!["0".into(), "0.0000000007".into()],
            ]
        );
        assert_eq!(t.merged.periods[1].total.to_string(), "0.0000000008");
        assert_eq!(t.currencies, vec!["USD".to_string()]);
    }

    #[test]
    fn filters_and_dimensions() {
        let filter = TagFilter {
            key: "agent-name".into(),
            values: vec!["coder".into()],
        };
        let plan = Plan::new(&query(&["resource"], vec![filter], Metric::Unblended)).expect("plan");
        let b = batch(
            &plan,
            &[
                (
                    DAY1,
                    &[
                        ("resource_tags[user_agent_name]", "coder"),
                        ("line_item_resource_id", "i-1"),
                    ],
                    &[3],
                ),
                (DAY1, &[("resource_tags[user_agent_name]", "coder")], &[4]),
                (
                    DAY1,
                    &[
                        ("resource_tags[user_agent_name]", "planner"),
                        ("line_item_resource_id", "i-2"),
                    ],
                    &[5],
                ),
            ],
        );
        let mut p = Partial::new(&plan);
        p.add(&plan, &b);
        let t = finish(&plan, vec![p], |_| false);
        assert_eq!(
            t.merged.keys,
            vec![vec![Some(NONE.to_string())], vec![Some("i-1".into())]]
        );
    }

    #[test]
    fn partials_merge_by_text() {
        let plan = Plan::new(&query(&["agent", "service"], vec![], Metric::Unblended)).expect("plan");
        let rows: &[Row<'_>] = &[
            (
                DAY1,
                &[
                    ("resource_tags[user_agent_name]", "a"),
                    ("line_item_product_code", "AmazonEC2"),
                ],
                &[2],
            ),
            (
                DAY1,
                &[
                    ("resource_tags[user_agent_name]", "b"),
                    ("line_item_product_code", "AmazonS3"),
                ],
                &[3],
            ),
        ];
        let mut p1 = Partial::new(&plan);
        p1.add(&plan, &batch(&plan, rows));
        let mut p2 = Partial::new(&plan);
        p2.add(&plan, &batch(&plan, &rows[..1]));
        let t = finish(&plan, vec![p1, p2], |s| s == "2026-11-02");
        assert_eq!(t.merged.keys.len(), 2);
        assert_eq!(t.merged.amounts[0][0].to_string(), "0.0000000004");
        assert!(!t.merged.periods[0].estimated && t.merged.periods[1].estimated);
    }
}
