//! What a CUR scan reads and how one line item becomes a report cell: the columns the query needs
//! (projection), the tag-key normalisation of CUR 2.0, the metric's formula, the time buckets. Pure.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use rust_decimal::Decimal;

use crate::aws::costexplorer::{Granularity, GroupKind};
use crate::error::{Error, Result};
use crate::report::{Metric, Query};

/// Amounts are summed as integers of this many decimal places (CUR's costs carry up to 10).
pub const SCALE: u32 = 10;
const SCALE_F64: f64 = 1e10;

/// The column holding the hour a line item's usage started (UTC, inclusive).
pub const USAGE_START: &str = "line_item_usage_start_date";
/// The currency of a line item's amounts.
pub const CURRENCY: &str = "line_item_currency_code";
/// Resource tags, a map keyed by the normalised tag key (`user_agent_run_id`).
pub const RESOURCE_TAGS: &str = "resource_tags";
/// CUR 2.0's `tags` map: keys are not normalised and carry their origin's prefix; a calling IAM
/// principal's principal and session tags are under `iamPrincipal/`.
pub const TAGS: &str = "tags";

/// The CUR column behind a Cost Explorer dimension (and the two groupings only the CUR has).
pub fn dimension_column(dimension: &str) -> Option<&'static str> {
    Some(match dimension {
        "SERVICE" => "line_item_product_code",
        "REGION" => "product_region_code",
        "LINKED_ACCOUNT" => "line_item_usage_account_id",
        "USAGE_TYPE" => "line_item_usage_type",
        "INSTANCE_TYPE" => "product_instance_type",
        "OPERATION" => "line_item_operation",
        "AZ" => "line_item_availability_zone",
        "PURCHASE_TYPE" => "pricing_term",
        "RESOURCE_ID" => "line_item_resource_id",
        "IAM_PRINCIPAL" => "line_item_iam_principal",
        _ => return None,
    })
}

/// How CUR 2.0 names a user-defined tag key in `resource_tags`: `user_` and the key normalised as
/// Data Exports normalises column names: an `_` before each uppercase letter, lowercase, every
/// character other than an ASCII letter or digit becomes `_`, runs of `_` collapse to one, leading and
/// trailing `_` go. `agent-run-id` → `user_agent_run_id`, `AgentRunId` → `user_agent_run_id`,
/// `Cost Center` → `user_cost_center`.
pub fn resource_tag_key(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len() + 8);
    for ch in tag.chars() {
        if ch.is_ascii_uppercase() {
            out.push('_');
            out.push(ch.to_ascii_lowercase());
        } else if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else {
            out.push('_');
        }
    }
    let mut collapsed = String::with_capacity(out.len());
    for ch in out.chars() {
        if !(ch == '_' && collapsed.ends_with('_')) {
            collapsed.push(ch);
        }
    }
    format!("user_{}", collapsed.trim_matches('_'))
}

/// The key of a calling principal's (session) tag in the `tags` map: `iamPrincipal/agent-run-id`.
pub fn principal_tag_key(tag: &str) -> String {
    format!("iamPrincipal/{tag}")
}

/// A string a line item offers: a plain column, or one key of a map column.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Field {
    Column(String),
    MapKey { column: String, key: String },
}

impl Field {
    /// The column this field is read from.
    pub fn column(&self) -> &str {
        match self {
            Field::Column(c) => c,
            Field::MapKey { column, .. } => column,
        }
    }
}

/// How a grouping's or filter's value is found: the first non-empty of these string fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extract {
    /// Indexes into [`Plan::strings`].
    pub fields: Vec<usize>,
    /// A tag (empty means untagged) or a dimension (empty means `(none)`).
    pub kind: GroupKind,
}

/// The metric's formula over the line item's columns (indexes into [`Plan::numbers`] / `strings`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Formula {
    /// One cost column as it is.
    Column(usize),
    /// AWS's amortized cost: by line item type, the savings plan or reservation effective cost, the
    /// unused commitment, zero for negations and upfront fees, else the unblended cost.
    Amortized {
        line_item_type: usize,
        reservation_arn: usize,
        unblended: usize,
        sp_effective: usize,
        sp_commitment: usize,
        sp_used: usize,
        ri_effective: usize,
        ri_unused_upfront: usize,
        ri_unused_recurring: usize,
    },
}

/// The columns the amortized formula reads, in [`Formula::Amortized`]'s numeric order.
pub const AMORTIZED_NUMBERS: [&str; 7] = [
    "line_item_unblended_cost",
    "savings_plan_savings_plan_effective_cost",
    "savings_plan_total_commitment_to_date",
    "savings_plan_used_commitment",
    "reservation_effective_cost",
    "reservation_unused_amortized_upfront_fee_for_billing_period",
    "reservation_unused_recurring_fee",
];

/// Everything a scan needs: which columns to read and what to do with a line item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// String fields read per line item.
    pub strings: Vec<Field>,
    /// Numeric (amount) columns read per line item.
    pub numbers: Vec<String>,
    /// One per grouping.
    pub groupings: Vec<Extract>,
    /// ANDed: the line item's value must be one of these.
    pub filters: Vec<(Extract, Vec<String>)>,
    pub formula: Formula,
    /// Index into `strings` of the currency column.
    pub currency: usize,
    pub buckets: Buckets,
}

impl Plan {
    /// The plan for `query`. `run_tag` is the configured run tag: its value also comes from a calling
    /// principal's session tags (Bedrock), as does every tag's.
    pub fn new(query: &Query) -> Result<Plan> {
        let mut plan = Plan {
            strings: Vec::new(),
            numbers: Vec::new(),
            groupings: Vec::new(),
            filters: Vec::new(),
            formula: Formula::Column(0),
            currency: 0,
            buckets: Buckets::new(query.range.start, query.range.end, query.granularity)?,
        };
        plan.currency = plan.string(Field::Column(CURRENCY.into()));
        for g in &query.group_by {
            let extract = plan.extract(g.kind, &g.key)?;
            plan.groupings.push(extract);
        }
        for f in &query.filters {
            let extract = plan.extract(GroupKind::Tag, &f.key)?;
            plan.filters.push((extract, f.values.clone()));
        }
        plan.formula = match query.metric {
            Metric::Unblended => Formula::Column(plan.number("line_item_unblended_cost")),
            Metric::NetUnblended => Formula::Column(plan.number("line_item_net_unblended_cost")),
            Metric::Amortized => {
                let n: Vec<usize> = AMORTIZED_NUMBERS.iter().map(|c| plan.number(c)).collect();
                Formula::Amortized {
                    line_item_type: plan.string(Field::Column("line_item_line_item_type".into())),
                    reservation_arn: plan.string(Field::Column("reservation_reservation_a_r_n".into())),
                    unblended: n[0],
                    sp_effective: n[1],
                    sp_commitment: n[2],
                    sp_used: n[3],
                    ri_effective: n[4],
                    ri_unused_upfront: n[5],
                    ri_unused_recurring: n[6],
                }
            }
        };
        Ok(plan)
    }

    fn string(&mut self, field: Field) -> usize {
        match self.strings.iter().position(|f| *f == field) {
            Some(i) => i,
            None => {
                self.strings.push(field);
                self.strings.len() - 1
            }
        }
    }

    fn number(&mut self, column: &str) -> usize {
        match self.numbers.iter().position(|c| c == column) {
            Some(i) => i,
            None => {
                self.numbers.push(column.to_string());
                self.numbers.len() - 1
            }
        }
    }

    fn extract(&mut self, kind: GroupKind, key: &str) -> Result<Extract> {
        let fields = match kind {
            GroupKind::Tag => vec![
                self.string(Field::MapKey {
                    column: RESOURCE_TAGS.into(),
                    key: resource_tag_key(key),
                }),
                self.string(Field::MapKey {
                    column: TAGS.into(),
                    key: principal_tag_key(key),
                }),
            ],
            GroupKind::Dimension => {
                let column = dimension_column(key).ok_or_else(|| {
                    Error::usage(format!(
                        "the CUR source cannot group by the dimension {key}; group by service, region, \
                         account, usage-type, instance-type, operation, az, resource, iam-principal or a tag"
                    ))
                })?;
                vec![self.string(Field::Column(column.into()))]
            }
        };
        Ok(Extract { fields, kind })
    }

    /// Every column the scan reads (the projection), each once, in first-use order.
    pub fn columns(&self) -> Vec<&str> {
        let mut out: Vec<&str> = vec![USAGE_START];
        for name in self
            .strings
            .iter()
            .map(Field::column)
            .chain(self.numbers.iter().map(String::as_str))
        {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }
}

/// The report's time buckets over `[start, end]` (UTC days, end inclusive): their starts in
/// milliseconds since the epoch, and the exclusive end of the last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Buckets {
    pub granularity: Granularity,
    /// Sorted bucket starts.
    pub starts: Vec<i64>,
    /// Exclusive end of the range.
    pub end: i64,
}

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 86_400_000;

fn day_ms(date: Date) -> Result<i64> {
    let ts = date
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map_err(|e| Error::usage(format!("date {date} is out of range: {e}")))?
        .timestamp();
    Ok(ts.as_millisecond())
}

impl Buckets {
    pub fn new(start: Date, end: Date, granularity: Granularity) -> Result<Buckets> {
        let end_excl = end
            .checked_add(1.day())
            .map_err(|e| Error::usage(format!("end date {end} is out of range: {e}")))?;
        let (lo, hi) = (day_ms(start)?, day_ms(end_excl)?);
        let starts = match granularity {
            Granularity::Hourly => (lo..hi).step_by(HOUR_MS as usize).collect(),
            Granularity::Daily => (lo..hi).step_by(DAY_MS as usize).collect(),
            Granularity::Monthly => {
                let mut out = vec![lo];
                let mut month = start.first_of_month();
                loop {
                    month = month
                        .checked_add(1.month())
                        .map_err(|e| Error::usage(format!("date arithmetic: {e}")))?;
                    let ms = day_ms(month)?;
                    if ms >= hi {
                        break;
                    }
                    out.push(ms);
                }
                out
            }
        };
        Ok(Buckets {
            granularity,
            starts,
            end: hi,
        })
    }

    /// The range's start in milliseconds.
    pub fn start(&self) -> i64 {
        self.starts.first().copied().unwrap_or(self.end)
    }

    /// The bucket holding instant `ms`, if it is in the range.
    #[inline]
    pub fn index(&self, ms: i64) -> Option<usize> {
        let lo = self.start();
        if ms < lo || ms >= self.end {
            return None;
        }
        Some(match self.granularity {
            Granularity::Hourly => ((ms - lo) / HOUR_MS) as usize,
            Granularity::Daily => ((ms - lo) / DAY_MS) as usize,
            Granularity::Monthly => self.starts.partition_point(|s| *s <= ms) - 1,
        })
    }

    /// Bucket `i`'s start and exclusive end as Cost Explorer writes them: dates for daily and monthly
    /// buckets, `YYYY-MM-DDTHH:MM:SSZ` for hourly ones.
    pub fn label(&self, i: usize) -> (String, String) {
        let start = self.starts[i];
        let end = self.starts.get(i + 1).copied().unwrap_or(self.end);
        let text = |ms: i64| {
            let ts = Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
            match self.granularity {
                Granularity::Hourly => ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
                _ => ts.strftime("%Y-%m-%d").to_string(),
            }
        };
        (text(start), text(end))
    }
}

/// A double amount as an integer of [`SCALE`] decimal places.
#[inline]
pub fn scaled_f64(x: f64) -> i128 {
    if x.is_finite() {
        (x * SCALE_F64).round() as i128
    } else {
        0
    }
}

/// A decimal text amount (CSV) as an integer of [`SCALE`] places; `None` if it is not a number.
pub fn scaled_text(text: &str) -> Option<i128> {
    let text = text.trim();
    if text.is_empty() {
        return Some(0);
    }
    let d: Decimal = text.parse().or_else(|_| Decimal::from_scientific(text)).ok()?;
    let d = d.round_dp(SCALE);
    Some(d.mantissa() * 10i128.pow(SCALE - d.scale()))
}

/// A scaled integer back to a decimal.
pub fn to_decimal(v: i128) -> Decimal {
    Decimal::try_from_i128_with_scale(v, SCALE)
        .unwrap_or(Decimal::MAX)
        .normalize()
}

/// The amortized cost of one line item, from its type and the formula's columns.
#[inline]
pub fn amortized(line_item_type: &[u8], reservation_arn: &[u8], n: &[i128; 7]) -> i128 {
    let [
        unblended,
        sp_effective,
        sp_commitment,
        sp_used,
        ri_effective,
        ri_upfront,
        ri_recurring,
    ] = *n;
    match line_item_type {
        b"SavingsPlanCoveredUsage" => sp_effective,
        b"SavingsPlanRecurringFee" => sp_commitment - sp_used,
        b"SavingsPlanNegation" | b"SavingsPlanUpfrontFee" => 0,
        b"DiscountedUsage" => ri_effective,
        b"RIFee" => ri_upfront + ri_recurring,
        b"Fee" if !reservation_arn.is_empty() => 0,
        _ => unblended,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn tag_keys_normalise_as_cur_2_names_them() {
        assert_eq!(resource_tag_key("agent-run-id"), "user_agent_run_id");
        assert_eq!(resource_tag_key("agent-name"), "user_agent_name");
        assert_eq!(resource_tag_key("AgentRunId"), "user_agent_run_id");
        assert_eq!(resource_tag_key("Cost Center"), "user_cost_center");
        assert_eq!(resource_tag_key("team:ml--x_"), "user_team_ml_x");
        assert_eq!(resource_tag_key("_x"), "user_x");
        assert_eq!(principal_tag_key("agent-run-id"), "iamPrincipal/agent-run-id");
    }

    #[test]
    fn buckets_cover_the_range_in_utc() {
        let b = Buckets::new(date(2026, 11, 30), date(2026, 12, 1), Granularity::Daily).expect("b");
        assert_eq!(b.starts.len(), 2);
        assert_eq!(b.label(0), ("2026-11-30".into(), "2026-12-01".into()));
        assert_eq!(b.label(1), ("2026-12-01".into(), "2026-12-02".into()));
        assert_eq!(b.index(b.start()), Some(0));
        assert_eq!(b.index(b.start() + DAY_MS + 5), Some(1));
        assert_eq!(b.index(b.end), None);
        assert_eq!(b.index(b.start() - 1), None);

        let h = Buckets::new(date(2026, 11, 1), date(2026, 11, 1), Granularity::Hourly).expect("h");
        assert_eq!(h.starts.len(), 24);
        assert_eq!(h.label(23).0, "2026-11-01T23:00:00Z");
        assert_eq!(h.label(23).1, "2026-11-02T00:00:00Z");

        let m = Buckets::new(date(2026, 10, 15), date(2026, 12, 2), Granularity::Monthly).expect("m");
        let labels: Vec<_> = (0..m.starts.len()).map(|i| m.label(i)).collect();
        assert_eq!(
            labels,
            vec![
                ("2026-10-15".to_string(), "2026-11-01".to_string()),
                ("2026-11-01".to_string(), "2026-12-01".to_string()),
                ("2026-12-01".to_string(), "2026-12-03".to_string()),
            ]
        );
        assert_eq!(m.index(m.starts[1] + 1), Some(1));
        assert_eq!(m.index(m.end - 1), Some(2));
    }

    #[test]
    fn amounts_stay_exact_to_ten_places() {
        assert_eq!(scaled_f64(0.1234567891), 1_234_567_891);
        assert_eq!(scaled_f64(19.9999999999), 199_999_999_999);
        assert_eq!(scaled_text("0.0000000001"), Some(1));
        assert_eq!(scaled_text("12.5"), Some(125_000_000_000));
        assert_eq!(scaled_text("1E-3"), Some(10_000_000));
        assert_eq!(scaled_text(""), Some(0));
        assert_eq!(scaled_text("abc"), None);
        assert_eq!(to_decimal(1_234_567_891).to_string(), "0.1234567891");
        assert_eq!(to_decimal(125_000_000_000).to_string(), "12.5");
    }

    #[test]
    fn amortized_follows_the_line_item_type() {
        let n = [100, 60, 50, 30, 40, 7, 3];
        assert_eq!(amortized(b"Usage", b"", &n), 100);
        assert_eq!(amortized(b"SavingsPlanCoveredUsage", b"", &n), 60);
        assert_eq!(amortized(b"SavingsPlanRecurringFee", b"", &n), 20);
        assert_eq!(amortized(b"SavingsPlanNegation", b"", &n), 0);
        assert_eq!(amortized(b"SavingsPlanUpfrontFee", b"", &n), 0);
        assert_eq!(amortized(b"DiscountedUsage", b"", &n), 40);
        assert_eq!(amortized(b"RIFee", b"", &n), 10);
        assert_eq!(amortized(b"Fee", b"arn:aws:ec2:ri", &n), 0);
        assert_eq!(amortized(b"Fee", b"", &n), 100);
    }
}
