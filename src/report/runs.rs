//! `costbrake report runs`: unit economics per agent. Cost grouped by agent and run (two tag GroupBys)
//! becomes, per agent, the number of runs and the total, mean, median, p95 and max cost of a run, and
//! the runaway runs: those costing more than a configurable multiple of their agent's median (the
//! recursive-loop case). Pure: merged data in, [`RunsReport`] out.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Merged, Query, RUNS_SCHEMA, RequestStats};

/// One agent's runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct AgentRuns {
    /// The agent tag's value; `null` for cost with a run id but no agent tag.
    pub agent: Option<String>,
    /// Runs with a run id.
    pub runs: usize,
    /// Every cost of the agent, the unattributed part included.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub total: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub mean: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub median: Decimal,
    /// Nearest-rank 95th percentile.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub p95: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub max: Decimal,
    /// The agent's cost that carries no run id.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub unattributed: Decimal,
    /// Runs above `runaway_multiple` × the median, costliest first.
    pub runaway: Vec<RunawayRun>,
}

/// A run that cost far more than its agent's typical run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct RunawayRun {
    pub run: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub cost: Decimal,
    /// The run's cost over the agent's median, to 1 place.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub times_median: Decimal,
}

/// What `costbrake report runs` returns.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct RunsReport {
    pub schema: &'static str,
    pub query: Query,
    pub currency: String,
    /// The multiple of the median above which a run is flagged.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub runaway_multiple: Decimal,
    /// Costliest agent first.
    pub agents: Vec<AgentRuns>,
    /// Cost with neither an agent nor a run id.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub untagged: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub total: Decimal,
    pub estimated: bool,
    pub hints: Vec<String>,
    pub requests: RequestStats,
}

/// Computes the unit economics. `merged` rows are keyed `[agent, run]`.
pub fn economics(
    query: &Query,
    merged: &Merged,
    runaway_multiple: Decimal,
    hints: Vec<String>,
    requests: RequestStats,
) -> RunsReport {
    #[derive(Default)]
    struct Acc {
        runs: BTreeMap<String, Decimal>,
        unattributed: Decimal,
    }
    let mut by_agent: BTreeMap<Option<String>, Acc> = BTreeMap::new();
    let mut untagged = Decimal::ZERO;
    let mut total = Decimal::ZERO;
    for (keys, amounts) in merged.keys.iter().zip(&merged.amounts) {
        let cost: Decimal = amounts.iter().copied().sum();
        total += cost;
        let agent = keys.first().cloned().flatten();
        let run = keys.get(1).cloned().flatten();
        match (agent, run) {
            (None, None) => untagged += cost,
            (agent, Some(run)) => *by_agent.entry(agent).or_default().runs.entry(run).or_default() += cost,
            (agent, None) => by_agent.entry(agent).or_default().unattributed += cost,
        }
    }
    let mut agents: Vec<AgentRuns> = by_agent
        .into_iter()
        .map(|(agent, acc)| {
            let mut costs: Vec<Decimal> = acc.runs.values().copied().collect();
            costs.sort();
            let runs_total: Decimal = costs.iter().copied().sum();
            let median = median(&costs);
            let threshold = median * runaway_multiple;
            let mut runaway: Vec<RunawayRun> = acc
                .runs
                .iter()
                .filter(|(_, cost)| costs.len() > 1 && !median.is_zero() && **cost > threshold)
                .map(|(run, cost)| RunawayRun {
                    run: run.clone(),
                    cost: *cost,
                    times_median: (*cost / median).round_dp(1),
                })
                .collect();
            runaway.sort_by(|a, b| b.cost.cmp(&a.cost).then_with(|| a.run.cmp(&b.run)));
            AgentRuns {
                agent,
                runs: costs.len(),
                total: runs_total + acc.unattributed,
                mean: if costs.is_empty() {
                    Decimal::ZERO
                } else {
                    (runs_total / Decimal::from(costs.len())).round_dp(4)
                },
                median,
                p95: percentile(&costs, 95),
                max: costs.last().copied().unwrap_or_default(),
                unattributed: acc.unattributed,
                runaway,
            }
        })
        .collect();
    agents.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.agent.cmp(&b.agent)));
    RunsReport {
        schema: RUNS_SCHEMA,
        query: query.clone(),
        currency: merged.currency.clone(),
        runaway_multiple,
        agents,
        untagged,
        total,
        estimated: merged.periods.iter().any(|p| p.estimated),
        hints,
        requests,
    }
}

/// The median of sorted values; the mean of the two middle ones for an even count.
fn median(sorted: &[Decimal]) -> Decimal {
    match sorted.len() {
        0 => Decimal::ZERO,
        n if n % 2 == 1 => sorted[n / 2],
        n => ((sorted[n / 2 - 1] + sorted[n / 2]) / Decimal::TWO).round_dp(4),
    }
}

/// Nearest-rank percentile of sorted values: the smallest value with at least `p` % at or below it.
fn percentile(sorted: &[Decimal], p: usize) -> Decimal {
    if sorted.is_empty() {
        return Decimal::ZERO;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::costexplorer::Granularity;
    use crate::config::Config;
    use crate::report::{DateRange, Grouping, Metric};
    use jiff::civil::date;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    fn merged(rows: &[(Option<&str>, Option<&str>, &str)]) -> Merged {
        Merged {
            periods: vec![],
            keys: rows
                .iter()
                .map(|(a, r, _)| vec![a.map(str::to_string), r.map(str::to_string)])
                .collect(),
            amounts: rows.iter().map(|(_, _, c)| vec![d(c)]).collect(),
            currency: "USD".into(),
        }
    }

    fn query() -> Query {
        let config = Config::default();
        Query {
            group_by: vec![
                Grouping::resolve("agent", &config).expect("agent"),
                Grouping::resolve("run", &config).expect("run"),
            ],
            range: DateRange {
                start: date(2026, 11, 1),
                end: date(2026, 11, 2),
            },
            granularity: Granularity::Monthly,
            metric: Metric::Unblended,
            filters: vec![],
            top: None,
        }
    }

    #[test]
    fn stats_per_agent_and_the_runaway_run() {
        let data = merged(&[
            (Some("research"), Some("r1"), "1.00"),
            (Some("research"), Some("r2"), "2.00"),
            (Some("research"), Some("r3"), "3.00"),
            (Some("research"), Some("loop"), "40.00"),
            (Some("research"), None, "0.50"),
            (Some("triage"), Some("t1"), "0.10"),
            (None, Some("orphan"), "0.20"),
            (None, None, "5.00"),
        ]);
        let report = economics(&query(), &data, d("3"), vec![], RequestStats::default());
        assert_eq!(report.total, d("51.80"));
        assert_eq!(report.untagged, d("5.00"));
        let research = &report.agents[0];
        assert_eq!(research.agent.as_deref(), Some("research"));
        assert_eq!(research.runs, 4);
        assert_eq!(research.total, d("46.50"));
        assert_eq!(research.mean, d("11.5"));
        assert_eq!(research.median, d("2.5"));
        assert_eq!(research.p95, d("40.00"));
        assert_eq!(research.max, d("40.00"));
        assert_eq!(research.unattributed, d("0.50"));
        assert_eq!(research.runaway.len(), 1);
        assert_eq!(research.runaway[0].run, "loop");
        assert_eq!(research.runaway[0].times_median, d("16.0"));
        // A single run is never a runaway of itself.
        let triage = report
            .agents
            .iter()
            .find(|a| a.agent.as_deref() == Some("triage"))
            .expect("triage");
        assert!(triage.runaway.is_empty());
        assert!(report.agents.iter().any(|a| a.agent.is_none() && a.runs == 1));
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let values: Vec<Decimal> = (1..=20).map(Decimal::from).collect();
        assert_eq!(percentile(&values, 95), Decimal::from(19));
        assert_eq!(percentile(&values[..1], 95), Decimal::from(1));
        assert_eq!(median(&values[..3]), Decimal::from(2));
        assert_eq!(median(&[]), Decimal::ZERO);
    }
}
