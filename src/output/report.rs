//! Renders `report::Report` and `report::runs::RunsReport`: tables with totals, shares and (on a
//! terminal) a trend sparkline per row, an optional bar chart, JSON, and long-format CSV with every
//! period's amount. Money is printed from `Decimal`, never through a float.

use std::io::{self, IsTerminal, Write};

use comfy_table::{Cell, CellAlignment, Color};
use rust_decimal::Decimal;

use super::{CsvData, Format, Render, Style, cell, table};
use crate::error::{Error, Result};
use crate::report::aggregate::RunFacts;
use crate::report::runs::RunsReport;
use crate::report::{Report, Row};

/// The sparkline levels, lowest to highest.
const SPARKS: [char; 5] = ['▁', '▂', '▃', '▅', '▇'];
/// How many rows `--chart` draws, and how wide its longest bar is.
const CHART_ROWS: usize = 15;
const CHART_WIDTH: usize = 40;
/// What an untagged value is called in tables and CSV.
const UNTAGGED: &str = "(untagged)";

/// Renders the report to stdout; `chart` adds a bar chart under the table.
pub fn render_report(report: &Report, format: Format, style: &Style, chart: bool) -> Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let written = if format == Format::Table {
        write_table(&mut out, report, style, io::stdout().is_terminal()).and_then(|()| {
            if chart {
                write_chart(&mut out, report)
            } else {
                Ok(())
            }
        })
    } else {
        if chart && !matches!(format, Format::Html | Format::Svg) {
            super::warn(
                style,
                "--chart draws on table output only (html and svg always have their chart); ignored with --output json/csv",
            );
        }
        return super::render(report, format, style);
    };
    written
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("writing to stdout", e))
}

/// The name a unit enum (granularity, metric) has in JSON: `daily`, `unblended`.
pub(super) fn serialized_name(value: impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Money to the cent, for people.
pub(super) fn money(amount: Decimal) -> String {
    format!(
        "{:.2}",
        amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    )
}

pub(super) fn percent(share: Decimal) -> String {
    format!("{:.1}%", (share * Decimal::ONE_HUNDRED).round_dp(1))
}

/// A sparkline of `values`, scaled to the largest; zero and negative amounts are the lowest bar.
pub fn sparkline(values: &[Decimal]) -> String {
    let max = values.iter().copied().max().unwrap_or_default();
    values
        .iter()
        .map(|v| {
            if max <= Decimal::ZERO || *v <= Decimal::ZERO {
                return SPARKS[0];
            }
            let level = (*v / max * Decimal::from(SPARKS.len() - 1)).round();
            let index = usize::try_from(level.mantissa())
                .unwrap_or(0)
                .min(SPARKS.len() - 1);
            SPARKS[index]
        })
        .collect()
}

fn key_text(key: &Option<String>) -> String {
    key.clone().unwrap_or_else(|| UNTAGGED.to_string())
}

fn right(text: String) -> Cell {
    Cell::new(text).set_alignment(CellAlignment::Right)
}

/// The title line: what is grouped, the range, the buckets, the metric and the currency.
pub(super) fn title(report: &Report) -> String {
    let q = &report.query;
    let by: Vec<&str> = q.group_by.iter().map(|g| g.name.as_str()).collect();
    let filters: Vec<String> = q
        .filters
        .iter()
        .map(|f| format!("{}={}", f.key, f.values.join("|")))
        .collect();
    let filtered = if filters.is_empty() {
        String::new()
    } else {
        format!(", only {}", filters.join(" and "))
    };
    format!(
        "Cost by {} from {} to {} (UTC, inclusive; {} buckets, {} cost in {}{filtered})",
        by.join(" then "),
        q.range.start,
        q.range.end,
        serialized_name(q.granularity),
        serialized_name(q.metric),
        report.currency
    )
}

/// Writes the table; `trend` adds the sparkline column (on a terminal).
pub fn write_table(out: &mut dyn Write, report: &Report, style: &Style, trend: bool) -> io::Result<()> {
    writeln!(out, "{}", title(report))?;
    let mut t = table(style);
    let mut header: Vec<String> = report.query.group_by.iter().map(|g| g.name.clone()).collect();
    header.push(format!("total ({})", report.currency));
    header.push("share".into());
    // With --by agent-run-id, what the run ledger knows of each run.
    let with_runs = report.rows.iter().any(|r| r.run.is_some());
    if with_runs {
        header.extend(["started".into(), "duration".into(), "exit".into()]);
    }
    if trend {
        header.push("trend".into());
    }
    t.set_header(header);
    let groups = report.query.group_by.len();
    let mut add =
        |keys: Vec<Cell>, total: Decimal, share: Decimal, amounts: &[Decimal], run: Option<&RunFacts>| {
            let mut cells = keys;
            cells.push(right(money(total)));
            cells.push(right(percent(share)));
            if with_runs {
                let (started, duration, exit) = match run {
                    Some(r) => (
                        r.started.strftime("%Y-%m-%d %H:%M").to_string(),
                        super::run::duration_text(r.duration_seconds),
                        r.exit_code.map_or_else(|| r.status.clone(), |c| c.to_string()),
                    ),
                    None => ("-".into(), "-".into(), "-".into()),
                };
                cells.extend([Cell::new(started), right(duration), right(exit)]);
            }
            if trend {
                cells.push(Cell::new(sparkline(amounts)));
            }
            t.add_row(cells);
        };
    for Row {
        keys,
        untagged,
        total,
        share,
        amounts,
        run,
    } in &report.rows
    {
        let color = untagged.then_some(Color::Yellow);
        let cells = keys.iter().map(|k| cell(key_text(k), color, style)).collect();
        add(cells, *total, *share, amounts, run.as_ref());
    }
    if let Some(other) = &report.other {
        let mut cells = vec![Cell::new(format!("({} more)", other.rows))];
        cells.extend((1..groups).map(|_| Cell::new("")));
        add(cells, other.total, other.share, &other.amounts, None);
    }
    let totals: Vec<Decimal> = report.periods.iter().map(|p| p.total).collect();
    let mut cells = vec![Cell::new("total")];
    cells.extend((1..groups).map(|_| Cell::new("")));
    let share = if report.total.is_zero() {
        Decimal::ZERO
    } else {
        Decimal::ONE
    };
    add(cells, report.total, share, &totals, None);
    writeln!(out, "{t}")?;
    let estimated: Vec<(usize, &str)> = report
        .periods
        .iter()
        .enumerate()
        .filter(|(_, p)| p.estimated)
        .map(|(i, p)| (i, p.start.as_str()))
        .collect();
    if let (Some(first), Some(last)) = (estimated.first(), estimated.last()) {
        // A month of estimated days reads as its first and last; scattered ones are listed.
        let listed = if estimated.len() > 4 && last.0 - first.0 + 1 == estimated.len() {
            format!("{} to {}", first.1, last.1)
        } else {
            estimated.iter().map(|e| e.1).collect::<Vec<_>>().join(", ")
        };
        writeln!(
            out,
            "estimated (not final yet): {} of {} period(s): {listed}",
            estimated.len(),
            report.periods.len(),
        )?;
    }
    Ok(())
}

/// A horizontal bar chart of the costliest rows.
pub fn write_chart(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let rows: Vec<(String, Decimal)> = report
        .rows
        .iter()
        .take(CHART_ROWS)
        .map(|r| {
            let label: Vec<String> = r.keys.iter().map(key_text).collect();
            (label.join(" / "), r.total)
        })
        .collect();
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or_default();
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    writeln!(out)?;
    for (label, value) in rows {
        let bar = if max > Decimal::ZERO && value > Decimal::ZERO {
            let len = (value / max * Decimal::from(CHART_WIDTH)).round();
            usize::try_from(len.mantissa()).unwrap_or(0).max(1)
        } else {
            0
        };
        let label: String = label.chars().take(width).collect();
        writeln!(
            out,
            "{label:<width$}  {}{} {} {}",
            "█".repeat(bar),
            " ".repeat(CHART_WIDTH - bar.min(CHART_WIDTH)),
            money(value),
            report.currency
        )?;
    }
    Ok(())
}

/// The formats of both reports: the terminal's, the machine's, and the page and chart to share.
const CHARTED: &[Format] = &[
    Format::Table,
    Format::Json,
    Format::Csv,
    Format::Html,
    Format::Svg,
];

/// Writes a page or a chart made by `make`, or says what failed.
fn write_made(out: &mut dyn Write, made: Result<String, String>) -> io::Result<()> {
    out.write_all(made.map_err(io::Error::other)?.as_bytes())
}

impl Render for Report {
    const WHAT: &'static str = "cost report";
    const FORMATS: &'static [Format] = CHARTED;

    fn write_special(&self, format: Format, out: &mut dyn Write, _style: &Style) -> io::Result<()> {
        match format {
            Format::Html => write_made(out, super::html::report_page(self)),
            _ => {
                let by: Vec<&str> = self.query.group_by.iter().map(|g| g.name.as_str()).collect();
                let caption = format!(
                    "Cost per period by {}, {} to {} ({})",
                    by.join(" / "),
                    self.query.range.start,
                    self.query.range.end,
                    self.currency
                );
                write_made(out, super::chart::svg(&super::chart::report_bars(self, caption)))
            }
        }
    }

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        write_table(out, self, style, false)
    }

    /// Long format: one record per key and period, every period included (zeros too), so that the
    /// `amount` column sums to the report's total.
    fn csv(&self) -> CsvData {
        let two = self.query.group_by.len() > 1;
        let mut headers = vec!["by", "key"];
        if two {
            headers.extend(["then", "then_key"]);
        }
        headers.extend([
            "untagged",
            "period_start",
            "period_end",
            "estimated",
            "amount",
            "currency",
        ]);
        // With --by agent-run-id, what the run ledger knows of each run.
        let with_runs = self.rows.iter().any(|r| r.run.is_some());
        if with_runs {
            headers.extend(["run_started", "run_duration_seconds", "run_exit_code"]);
        }
        let mut rows = Vec::with_capacity((self.rows.len() + 1) * self.periods.len());
        let names: Vec<&str> = self.query.group_by.iter().map(|g| g.name.as_str()).collect();
        let mut push = |keys: Vec<String>, untagged: bool, amounts: &[Decimal], run: Option<&RunFacts>| {
            for (period, amount) in self.periods.iter().zip(amounts) {
                let mut record = Vec::with_capacity(headers_len(two));
                for (i, key) in keys.iter().enumerate() {
                    record.push(names.get(i).copied().unwrap_or_default().to_string());
                    record.push(key.clone());
                }
                record.push(untagged.to_string());
                record.push(period.start.clone());
                record.push(period.end.clone());
                record.push(period.estimated.to_string());
                record.push(amount.to_string());
                record.push(self.currency.clone());
                if with_runs {
                    record.push(run.map(|r| r.started.to_string()).unwrap_or_default());
                    record.push(
                        run.and_then(|r| r.duration_seconds)
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                    );
                    record.push(
                        run.and_then(|r| r.exit_code)
                            .map(|c| c.to_string())
                            .unwrap_or_default(),
                    );
                }
                rows.push(record);
            }
        };
        for row in &self.rows {
            push(
                row.keys.iter().map(key_text).collect(),
                row.untagged,
                &row.amounts,
                row.run.as_ref(),
            );
        }
        if let Some(other) = &self.other {
            let mut keys = vec![format!("({} more)", other.rows)];
            if two {
                keys.push(String::new());
            }
            push(keys, false, &other.amounts, None);
        }
        CsvData { headers, rows }
    }
}

fn headers_len(two: bool) -> usize {
    if two { 10 } else { 8 }
}

impl Render for RunsReport {
    const WHAT: &'static str = "runs report";
    const FORMATS: &'static [Format] = CHARTED;

    fn write_special(&self, format: Format, out: &mut dyn Write, _style: &Style) -> io::Result<()> {
        match format {
            Format::Html => write_made(out, super::html::runs_page(self)),
            _ => {
                let caption = format!(
                    "Cost per agent, {} to {} ({})",
                    self.query.range.start, self.query.range.end, self.currency
                );
                write_made(out, super::chart::svg(&super::chart::runs_bars(self, caption)))
            }
        }
    }

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        let q = &self.query;
        writeln!(
            out,
            "Cost per run by agent from {} to {} (UTC, inclusive; {} in {}); runaway: above {}x the agent's median",
            q.range.start,
            q.range.end,
            serialized_name(q.metric),
            self.currency,
            self.runaway_multiple
        )?;
        let mut t = table(style);
        t.set_header(vec![
            "agent",
            "runs",
            "total",
            "mean",
            "median",
            "p95",
            "max",
            "no run id",
            "runaway runs",
        ]);
        for a in &self.agents {
            let runaway: Vec<String> = a
                .runaway
                .iter()
                .map(|r| format!("{} {} ({}x)", r.run, money(r.cost), r.times_median))
                .collect();
            let color = (!a.runaway.is_empty()).then_some(Color::Red);
            t.add_row(vec![
                cell(
                    key_text(&a.agent),
                    a.agent.is_none().then_some(Color::Yellow),
                    style,
                ),
                right(a.runs.to_string()),
                right(money(a.total)),
                right(money(a.mean)),
                right(money(a.median)),
                right(money(a.p95)),
                right(money(a.max)),
                right(money(a.unattributed)),
                cell(runaway.join(", "), color, style),
            ]);
        }
        if !self.untagged.is_zero() {
            t.add_row(vec![
                cell("(no agent, no run id)", Some(Color::Yellow), style),
                right(String::new()),
                right(money(self.untagged)),
            ]);
        }
        t.add_row(vec![
            Cell::new("total"),
            right(String::new()),
            right(money(self.total)),
        ]);
        writeln!(out, "{t}")?;
        let runaways: usize = self.agents.iter().map(|a| a.runaway.len()).sum();
        if runaways > 0 {
            writeln!(
                out,
                "{runaways} runaway run(s): see `costbrake report --run ID --then service` for where the money went"
            )?;
        }
        if self.estimated {
            writeln!(out, "the range includes estimated (not final) cost")?;
        }
        Ok(())
    }

    fn csv(&self) -> CsvData {
        let headers = vec![
            "agent",
            "runs",
            "total",
            "mean",
            "median",
            "p95",
            "max",
            "unattributed",
            "runaway_runs",
            "currency",
        ];
        let mut rows: Vec<Vec<String>> = self
            .agents
            .iter()
            .map(|a| {
                let runaway: Vec<String> = a
                    .runaway
                    .iter()
                    .map(|r| format!("{}={}", r.run, r.cost))
                    .collect();
                vec![
                    key_text(&a.agent),
                    a.runs.to_string(),
                    a.total.to_string(),
                    a.mean.to_string(),
                    a.median.to_string(),
                    a.p95.to_string(),
                    a.max.to_string(),
                    a.unattributed.to_string(),
                    runaway.join(";"),
                    self.currency.clone(),
                ]
            })
            .collect();
        if !self.untagged.is_zero() {
            rows.push(vec![
                "(no agent, no run id)".into(),
                "0".into(),
                self.untagged.to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                self.untagged.to_string(),
                String::new(),
                self.currency.clone(),
            ]);
        }
        CsvData { headers, rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn sparklines_scale_to_the_largest_value() {
        assert_eq!(sparkline(&[d("0"), d("1"), d("2"), d("3"), d("4")]), "▁▂▃▅▇");
        assert_eq!(sparkline(&[d("0"), d("0")]), "▁▁");
        assert_eq!(sparkline(&[d("-1"), d("5")]), "▁▇");
        assert_eq!(sparkline(&[]), "");
    }

    fn report() -> Report {
        use crate::aws::costexplorer::{Amount, CostPage, Granularity, GroupAmount, GroupKind, PeriodResult};
        use crate::report::{DateRange, Grouping, Metric, Query, RequestStats, aggregate, merge};
        let day = |start: &str, end: &str, estimated: bool, groups: &[(&str, &str)]| PeriodResult {
            start: start.into(),
            end: end.into(),
            estimated,
            total: None,
            groups: groups
                .iter()
                .map(|(k, a)| GroupAmount {
                    keys: vec![k.to_string()],
                    amount: Amount {
                        amount: d(a),
                        unit: "USD".into(),
                    },
                })
                .collect(),
        };
        let pages = vec![CostPage {
            results: vec![
                day(
                    "2026-11-01",
                    "2026-11-02",
                    false,
                    &[("agent-run-id$r1", "1"), ("agent-run-id$", "2")],
                ),
                day("2026-11-02", "2026-11-03", true, &[("agent-run-id$r1", "4")]),
            ],
            next_page_token: None,
        }];
        let config = crate::config::Config::default();
        let query = Query {
            group_by: vec![Grouping::resolve("run", &config).expect("grouping")],
            range: DateRange {
                start: jiff::civil::date(2026, 11, 1),
                end: jiff::civil::date(2026, 11, 2),
            },
            granularity: Granularity::Daily,
            metric: Metric::Unblended,
            filters: vec![],
            top: None,
        };
        aggregate(
            &query,
            merge(&pages, &[GroupKind::Tag]).expect("merge"),
            RequestStats::default(),
        )
    }

    #[test]
    fn the_terminal_table_has_a_trend_column_and_marks_estimates() {
        let mut out = Vec::new();
        write_table(&mut out, &report(), &Style::plain(), true).expect("renders");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.contains("trend"), "{text}");
        let r1 = text.lines().find(|l| l.contains("r1")).expect("r1 row");
        assert!(
            r1.contains("5.00") && r1.contains("71.4%") && r1.contains("▂▇"),
            "{text}"
        );
        let untagged = text
            .lines()
            .find(|l| l.contains("(untagged)"))
            .expect("untagged row");
        assert!(untagged.contains("2.00") && untagged.contains("▇▁"), "{text}");
        let total = text
            .lines()
            .find(|l| l.starts_with("│ total"))
            .expect("total row");
        assert!(total.contains("7.00") && total.contains("100.0%"), "{text}");
        assert!(
            text.contains("estimated (not final yet): 1 of 2 period(s): 2026-11-02"),
            "{text}"
        );

        let mut piped = Vec::new();
        write_table(&mut piped, &report(), &Style::plain(), false).expect("renders");
        assert!(!String::from_utf8(piped).expect("utf-8").contains("trend"));

        // A run of estimated periods (a month of days) is named by its ends.
        let mut month = report();
        let template = month.periods[1].clone();
        month.periods = (1..=9)
            .map(|d| {
                let mut p = template.clone();
                p.start = format!("2026-11-0{d}");
                p.estimated = d > 2;
                p
            })
            .collect();
        let mut out = Vec::new();
        write_table(&mut out, &month, &Style::plain(), false).expect("renders");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(
            text.contains("estimated (not final yet): 7 of 9 period(s): 2026-11-03 to 2026-11-09"),
            "{text}"
        );
    }

    #[test]
    fn money_rounds_to_the_cent() {
        assert_eq!(money(d("1.005")), "1.01");
        assert_eq!(money(d("1.015")), "1.02");
        assert_eq!(money(d("3")), "3.00");
        assert_eq!(percent(d("0.4706")), "47.1%");
    }
}
