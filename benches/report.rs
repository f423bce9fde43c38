//! The report benchmark: parse and aggregate 100,000 Cost Explorer group rows (a month of daily data for
//! about 3,300 runs, in 20 pages as Cost Explorer would page them), render them as JSON and CSV, and
//! print the time of each step and the process's peak memory.
//!
//! Run it with `cargo bench --bench report` (release profile), or `scripts/bench.sh --report`.
//! Targets: well under 1 s for parse + aggregate; at most 200 MB peak RSS for the whole process.
#![allow(clippy::disallowed_macros)] // a benchmark's main prints its results

use std::time::Instant;

use costbrake::aws::costexplorer::{Amount, CostPage, Granularity, GroupAmount, GroupKind, PeriodResult};
use costbrake::config::Config;
use costbrake::output::{Format, Style, render_to};
use costbrake::report::{self, DateRange, Grouping, Metric, Query, RequestStats};
use rust_decimal::Decimal;

const DAYS: usize = 30;
const ROWS_PER_DAY: usize = 3_334;
const PAGE_ROWS: usize = 5_000;

/// The pages as JSON text: what the cache holds, and what the report parses on every run.
fn generate(rows_per_day: usize) -> String {
    let mut pages: Vec<CostPage> = Vec::new();
    let mut current: Vec<PeriodResult> = Vec::new();
    let mut in_page = 0;
    for day in 0..DAYS {
        let start = format!("2026-10-{:02}", day + 1);
        let end = if day + 1 == 31 {
            "2026-11-01".to_string()
        } else {
            format!("2026-10-{:02}", day + 2)
        };
        let mut groups = Vec::new();
        for run in 0..rows_per_day {
            // Run 0 is the untagged share; amounts vary with run and day, to 10 decimal places.
            let key = if run == 0 {
                "agent-run-id$".to_string()
            } else {
                format!("agent-run-id$run-{run:06x}")
            };
            let cents = ((run * 7919 + day * 104_729) % 100_000) as i64;
            groups.push(GroupAmount {
                keys: vec![key],
                amount: Amount {
                    amount: Decimal::new(cents * 1_000_000 + 1234, 10),
                    unit: "USD".into(),
                },
            });
            in_page += 1;
            if in_page == PAGE_ROWS {
                current.push(PeriodResult {
                    start: start.clone(),
                    end: end.clone(),
                    estimated: false,
                    total: None,
                    groups: std::mem::take(&mut groups),
                });
                pages.push(CostPage {
                    results: std::mem::take(&mut current),
                    next_page_token: Some(format!("token-{}", pages.len() + 1)),
                });
                in_page = 0;
            }
        }
        if !groups.is_empty() {
            current.push(PeriodResult {
                start,
                end,
                estimated: day + 1 == DAYS,
                total: None,
                groups,
            });
        }
    }
    if !current.is_empty() {
        pages.push(CostPage {
            results: current,
            next_page_token: None,
        });
    }
    serde_json::to_string(&pages).expect("serialise the pages")
}

/// The process's peak resident set (VmHWM), in MB, where /proc has it.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // Test runners list a harness-less target's tests with `--list`: it has none.
    if args.iter().any(|a| a == "--list") {
        return;
    }
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and gets a quick smoke run.
    let full = args.iter().any(|a| a == "--bench");
    let text = generate(if full { ROWS_PER_DAY } else { 50 });
    let config = Config::default();
    let query = Query {
        group_by: vec![Grouping::resolve("agent-run-id", &config).expect("grouping")],
        range: DateRange {
            start: jiff::civil::date(2026, 10, 1),
            end: jiff::civil::date(2026, 10, 30),
        },
        granularity: Granularity::Daily,
        metric: Metric::Unblended,
        filters: vec![],
        top: None,
    };

    // The generator's own peak is not the report's: reset the high-water mark (Linux >= 4.0) so that
    // the figure below covers the JSON text, parsing, aggregation and rendering only.
    let generator_peak = peak_rss_mb();
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();

    let t0 = Instant::now();
    let pages: Vec<CostPage> = serde_json::from_str(&text).expect("parse the pages");
    let parsed = t0.elapsed();
    let rows: usize = pages
        .iter()
        .flat_map(|p| &p.results)
        .map(|r| r.groups.len())
        .sum();

    let t1 = Instant::now();
    let merged = report::merge(&pages, &[GroupKind::Tag]).expect("merge");
    let data = report::aggregate(&query, merged, RequestStats::default());
    let aggregated = t1.elapsed();

    let t2 = Instant::now();
    let mut sink = std::io::sink();
    render_to(&mut sink, &data, Format::Json, &Style::plain()).expect("json");
    render_to(&mut sink, &data, Format::Csv, &Style::plain()).expect("csv");
    let rendered = t2.elapsed();

    let expected: Decimal = pages
        .iter()
        .flat_map(|p| &p.results)
        .flat_map(|r| &r.groups)
        .map(|g| g.amount.amount)
        .sum();
    assert_eq!(data.total, expected, "the report's total is the input's sum");

    let parse_and_aggregate = parsed + aggregated;
    println!(
        "report benchmark: {rows} group rows in {} pages, {} periods, {} keys ({} MB of JSON)",
        pages.len(),
        data.periods.len(),
        data.rows.len(),
        text.len() / 1_000_000
    );
    println!("  parse           {:>8.1} ms", parsed.as_secs_f64() * 1e3);
    println!("  merge+aggregate {:>8.1} ms", aggregated.as_secs_f64() * 1e3);
    println!(
        "  parse+aggregate {:>8.1} ms   target < 1000 ms: {}",
        parse_and_aggregate.as_secs_f64() * 1e3,
        if parse_and_aggregate.as_secs_f64() < 1.0 {
            "PASS"
        } else {
            "MISS"
        }
    );
    println!("  render json+csv {:>8.1} ms", rendered.as_secs_f64() * 1e3);
    match peak_rss_mb() {
        Some(mb) => {
            let scope = if reset {
                "parse to render, JSON text included"
            } else {
                "whole process"
            };
            println!(
                "  peak RSS        {mb:>8.1} MB   target <= 200 MB: {} ({scope})",
                if mb <= 200.0 { "PASS" } else { "MISS" }
            );
            if let (true, Some(generator)) = (reset, generator_peak) {
                println!("  (the data generator peaked at {generator:.1} MB before the measurement)");
            }
        }
        None => println!("  peak RSS        unknown (no /proc/self/status)"),
    }
    println!("  total           {} {}", data.total, data.currency);
}
