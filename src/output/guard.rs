//! Rendering of a guard pass: one line per costbrake budget with its spend, state and what the guard did.

use std::io::{self, Write};

use comfy_table::Color;

use super::{CsvData, Format, Render, Style, cell, table};
use crate::guard::{Check, Report, Verdict};

fn verdict_text(check: &Check) -> (String, Option<Color>) {
    match &check.verdict {
        Verdict::Within => ("within budget".into(), None),
        Verdict::NoAgent => (
            "breached, but the budget names no agent: nothing to stop".into(),
            Some(Color::Yellow),
        ),
        Verdict::WouldStop { changes } => (format!("would stop {changes} resources"), Some(Color::Yellow)),
        Verdict::AlreadyStopped => ("already stopped".into(), None),
        Verdict::Stopped {
            kill_id,
            done,
            failed,
            blocked,
        } => {
            let mut text = format!("stopped {done} resources ({kill_id})");
            if failed + blocked > 0 {
                text.push_str(&format!(", {failed} failed, {blocked} blocked"));
            }
            (
                text,
                Some(if failed + blocked > 0 {
                    Color::Red
                } else {
                    Color::Green
                }),
            )
        }
        Verdict::WouldFreeze => ("would freeze the sandbox account".into(), Some(Color::Yellow)),
        Verdict::Frozen => ("froze the sandbox account".into(), Some(Color::Green)),
        Verdict::AlreadyFrozen => ("sandbox already frozen".into(), None),
        Verdict::WouldThaw => (
            "new budget period: would unfreeze the sandbox".into(),
            Some(Color::Yellow),
        ),
        Verdict::Thawed => (
            "new budget period: unfroze the sandbox".into(),
            Some(Color::Green),
        ),
        Verdict::KeptFrozen => ("new budget period: kept frozen (--no-thaw)".into(), None),
        Verdict::Failed { error } => (format!("FAILED: {error}"), Some(Color::Red)),
    }
}

fn money(value: Option<rust_decimal::Decimal>, unit: Option<&str>) -> String {
    match value {
        Some(v) => format!("{v:.2} {}", unit.unwrap_or("USD")),
        None => "-".into(),
    }
}

impl Render for Report {
    const WHAT: &'static str = "guard report";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json, Format::Csv];

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        if self.checks.is_empty() {
            return writeln!(
                out,
                "no costbrake budgets in account {}; create them with `costbrake budget create` or `budget sync`",
                self.account
            );
        }
        let mut t = table(style);
        t.set_header(["budget", "agent / sandbox", "actual", "limit", "state", "guard"]);
        for check in &self.checks {
            let (text, color) = verdict_text(check);
            let whose = match (&check.agent, &check.sandbox, &check.account_id) {
                (Some(agent), _, _) => agent.clone(),
                (None, Some(sandbox), Some(account)) => format!("sandbox {sandbox} ({account})"),
                _ => "-".into(),
            };
            t.add_row(vec![
                cell(&check.budget, None, style),
                cell(whose, None, style),
                cell(money(check.actual, check.unit.as_deref()), None, style),
                cell(money(check.limit, check.unit.as_deref()), None, style),
                cell(check.state.name(), None, style),
                cell(text, color, style),
            ]);
        }
        writeln!(out, "{t}")?;
        for incident in self.checks.iter().filter_map(|c| c.incident.as_deref()) {
            writeln!(out, "{incident}")?;
        }
        writeln!(
            out,
            "guard {} at {}: {} budgets, {} breached ({})",
            if self.apply { "applied" } else { "dry run" },
            self.checked_at,
            self.checks.len(),
            self.breached(),
            self.regions.join(", ")
        )
    }

    fn csv(&self) -> CsvData {
        CsvData {
            headers: vec![
                "budget",
                "agent",
                "actual",
                "limit",
                "unit",
                "state",
                "verdict",
                "detail",
                "sandbox",
                "account_id",
            ],
            rows: self
                .checks
                .iter()
                .map(|c| {
                    let verdict = serde_json::to_value(&c.verdict)
                        .ok()
                        .and_then(|v| v.get("verdict").and_then(|s| s.as_str().map(str::to_string)))
                        .unwrap_or_default();
                    vec![
                        c.budget.clone(),
                        c.agent.clone().unwrap_or_default(),
                        c.actual.map(|d| d.to_string()).unwrap_or_default(),
                        c.limit.map(|d| d.to_string()).unwrap_or_default(),
                        c.unit.clone().unwrap_or_default(),
                        c.state.name().to_string(),
                        verdict,
                        verdict_text(c).0,
                        c.sandbox.clone().unwrap_or_default(),
                        c.account_id.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        }
    }
}
