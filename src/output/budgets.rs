//! Renders `costbrake budget` results: the budget list (table, JSON, CSV), one budget, the outcome of a
//! create, a sync plan, a delete and an import.

use std::io::{self, Write};

use comfy_table::Color;
use rust_decimal::Decimal;

use super::{CsvData, Format, Render, Style, cell, table};
use crate::aws::budgets::{IamAction, Notification, Subscriber};
use crate::budgets::{
    BudgetPlan, BudgetStatus, Change, Deleted, Import, List, Outcome, Shown, State, SyncPlan, Verdict,
    describe_filter, entries_toml,
};

pub(super) fn amount(value: Option<Decimal>) -> String {
    value
        .map(|v| v.round_dp(2).normalize().to_string())
        .unwrap_or_else(|| "-".into())
}

pub(super) fn percent(value: Option<Decimal>) -> String {
    value.map(|v| format!("{v}%")).unwrap_or_else(|| "-".into())
}

pub(super) fn state_color(state: State) -> Option<Color> {
    match state {
        State::Ok => Some(Color::Green),
        State::Warning => Some(Color::Yellow),
        State::Breached => Some(Color::Red),
        State::Unknown => None,
    }
}

fn subscriber_text(s: &Subscriber) -> String {
    format!("{}:{}", s.kind.to_ascii_lowercase(), s.address)
}

fn action_text(a: &IamAction) -> String {
    format!(
        "deny-iam ({}) on {} at {}%, {} approval, run as {}",
        a.policy_arn.rsplit('/').next().unwrap_or_default(),
        a.roles.join(", "),
        a.threshold,
        a.approval.to_ascii_lowercase(),
        a.execution_role_arn
    )
}

/// One change as one line.
pub fn change_line(change: &Change) -> String {
    match change {
        Change::CreateBudget {
            limit,
            period,
            notifications,
            subscribers,
        } => {
            let period = serde_json::to_value(period)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let alerts = if notifications.is_empty() {
                "no notifications".to_string()
            } else {
                format!(
                    "notifications {} to {}",
                    notifications
                        .iter()
                        .map(Notification::describe)
                        .collect::<Vec<_>>()
                        .join(", "),
                    subscribers
                        .iter()
                        .map(subscriber_text)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            format!("+ budget {limit} USD {period}, {alerts}")
        }
        Change::UpdateBudget { fields } => format!(
            "~ budget {}",
            fields
                .iter()
                .map(|f| format!("{}: {} -> {}", f.field, f.from, f.to))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        Change::RemoveNotification { notification } => {
            format!("- notification {}", notification.describe())
        }
        Change::UpdateNotification { from, to } => {
            format!("~ notification {} -> {}", from.describe(), to.describe())
        }
        Change::AddNotification {
            notification,
            subscribers,
        } => format!(
            "+ notification {} to {}",
            notification.describe(),
            subscribers
                .iter()
                .map(subscriber_text)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Change::AddSubscriber {
            notification,
            subscriber,
        } => format!(
            "+ subscriber {} on {}",
            subscriber_text(subscriber),
            notification.describe()
        ),
        Change::RemoveSubscriber {
            notification,
            subscriber,
        } => format!(
            "- subscriber {} on {}",
            subscriber_text(subscriber),
            notification.describe()
        ),
        Change::CreateAction { action } => format!("+ action {}", action_text(action)),
        Change::UpdateAction { action_id, action } => {
            format!("~ action {action_id}: {}", action_text(action))
        }
        Change::DeleteBudget => "- budget (and its notifications and actions)".to_string(),
    }
}

fn verdict_color(v: Verdict) -> Option<Color> {
    match v {
        Verdict::Create => Some(Color::Green),
        Verdict::Update => Some(Color::Yellow),
        Verdict::Delete => Some(Color::Red),
        Verdict::Unchanged => None,
        Verdict::Orphaned => Some(Color::Magenta),
    }
}

fn status_row(b: &BudgetStatus) -> Vec<String> {
    vec![
        b.name.clone(),
        b.agent.clone().unwrap_or_default(),
        b.period.clone(),
        amount(b.limit),
        amount(b.actual),
        amount(b.forecast),
        percent(b.percent_used),
        b.state.name().to_string(),
    ]
}

impl Render for List {
    const WHAT: &'static str = "budget list";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json, Format::Csv];

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        if self.budgets.is_empty() {
            let scope = if self.all {
                "no budgets"
            } else {
                "no costbrake budgets"
            };
            return writeln!(
                out,
                "{scope} in account {}; create one with `costbrake budget create --agent NAME --limit USD`",
                self.account
            );
        }
        let mut t = table(style);
        t.set_header(vec![
            "budget", "agent", "period", "limit", "actual", "forecast", "used", "state",
        ]);
        for b in &self.budgets {
            let mut row: Vec<comfy_table::Cell> =
                status_row(b).into_iter().map(|c| cell(c, None, style)).collect();
            row[7] = cell(b.state.name(), state_color(b.state), style);
            t.add_row(row);
        }
        writeln!(out, "{t}")?;
        let count = |s: State| self.budgets.iter().filter(|b| b.state == s).count();
        writeln!(
            out,
            "{} budget(s) in account {}: {} breached, {} warning, {} ok (USD; AWS refreshes spend up to 3 times a day)",
            self.budgets.len(),
            self.account,
            count(State::Breached),
            count(State::Warning),
            count(State::Ok)
        )
    }

    fn csv(&self) -> CsvData {
        CsvData {
            headers: vec![
                "name",
                "agent",
                "period",
                "limit",
                "actual",
                "forecast",
                "percent_used",
                "state",
                "managed",
            ],
            rows: self
                .budgets
                .iter()
                .map(|b| {
                    vec![
                        b.name.clone(),
                        b.agent.clone().unwrap_or_default(),
                        b.period.clone(),
                        b.limit.map(|v| v.to_string()).unwrap_or_default(),
                        b.actual.map(|v| v.to_string()).unwrap_or_default(),
                        b.forecast.map(|v| v.to_string()).unwrap_or_default(),
                        b.percent_used.map(|v| v.to_string()).unwrap_or_default(),
                        b.state.name().to_string(),
                        b.managed.to_string(),
                    ]
                })
                .collect(),
        }
    }
}

impl Render for Shown {
    const WHAT: &'static str = "budget";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        let b = &self.status;
        let mut t = table(style);
        let unit = b.unit.clone().unwrap_or_default();
        let rows = [
            ("budget", b.name.clone()),
            ("agent", b.agent.clone().unwrap_or_else(|| "-".into())),
            (
                "managed by costbrake",
                if b.managed { "yes" } else { "no" }.to_string(),
            ),
            ("type", self.budget_type.clone()),
            ("period", b.period.clone()),
            ("filter", describe_filter(&self.filter)),
            ("metrics", self.metrics.join(", ")),
            ("limit", format!("{} {unit}", amount(b.limit))),
            ("actual", format!("{} {unit}", amount(b.actual))),
            ("forecast", format!("{} {unit}", amount(b.forecast))),
            ("used", percent(b.percent_used)),
        ];
        for (k, v) in rows {
            t.add_row(vec![cell(k, None, style), cell(v, None, style)]);
        }
        t.add_row(vec![
            cell("state", None, style),
            cell(b.state.name(), state_color(b.state), style),
        ]);
        writeln!(out, "{t}")?;
        if self.notifications.is_empty() {
            return writeln!(out, "no notifications");
        }
        let mut n = table(style);
        n.set_header(vec!["notification", "state", "subscribers"]);
        for item in &self.notifications {
            n.add_row(vec![
                cell(item.notification.notification.describe(), None, style),
                cell(item.notification.state.as_deref().unwrap_or("-"), None, style),
                cell(
                    item.subscribers
                        .iter()
                        .map(subscriber_text)
                        .collect::<Vec<_>>()
                        .join("\n"),
                    None,
                    style,
                ),
            ]);
        }
        writeln!(out, "{n}")
    }
}

pub(super) fn plan_lines(plan: &BudgetPlan, out: &mut dyn Write) -> io::Result<()> {
    for change in &plan.changes {
        writeln!(out, "  {}", change_line(change))?;
    }
    Ok(())
}

impl Render for Outcome {
    const WHAT: &'static str = "budget change";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn table(&self, out: &mut dyn Write, _style: &Style) -> io::Result<()> {
        let done = match self.plan.verdict {
            Verdict::Create => "created",
            Verdict::Update => "updated",
            Verdict::Unchanged => "unchanged (nothing sent)",
            Verdict::Delete => "deleted",
            Verdict::Orphaned => "orphaned",
        };
        writeln!(out, "{}: {done}", self.plan.name)?;
        plan_lines(&self.plan, out)
    }
}

/// The one-line summary of a sync plan.
pub fn sync_summary(plan: &SyncPlan) -> String {
    let s = &plan.summary;
    let orphans = if s.orphaned > 0 {
        format!(", {} orphaned (kept; --prune deletes them)", s.orphaned)
    } else {
        String::new()
    };
    let failed = plan.failures().count();
    let (c, u, d, un) = (s.create, s.update, s.delete, s.unchanged);
    match (plan.applied, failed) {
        (false, _) => format!("plan: {c} to create, {u} to update, {d} to delete, {un} unchanged{orphans}"),
        (true, failed) => {
            let failures = if failed > 0 {
                format!(" ({failed} failed)")
            } else {
                String::new()
            };
            format!("applied{failures}: {c} created, {u} updated, {d} deleted, {un} unchanged{orphans}")
        }
    }
}

impl Render for SyncPlan {
    const WHAT: &'static str = "budget sync plan";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        if !self.budgets.is_empty() {
            let mut t = table(style);
            t.set_header(vec!["budget", "agent", "plan", "changes"]);
            for b in &self.budgets {
                let verdict = match &b.error {
                    Some(_) => format!("{} FAILED", b.verdict.name()),
                    None => b.verdict.name().to_string(),
                };
                t.add_row(vec![
                    cell(&b.name, None, style),
                    cell(b.agent.as_deref().unwrap_or(""), None, style),
                    cell(verdict, verdict_color(b.verdict), style),
                    cell(
                        b.changes.iter().map(change_line).collect::<Vec<_>>().join("\n"),
                        None,
                        style,
                    ),
                ]);
            }
            writeln!(out, "{t}")?;
        }
        writeln!(out, "{}", sync_summary(self))
    }
}

impl Render for Deleted {
    const WHAT: &'static str = "budget delete";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn table(&self, out: &mut dyn Write, _style: &Style) -> io::Result<()> {
        if self.deleted {
            writeln!(out, "{}: deleted", self.name)
        } else {
            writeln!(out, "{}: not found, nothing deleted", self.name)
        }
    }
}

/// Without `--write`: the entries as TOML, ready to paste (or append) into costbrake.toml; with it, what
/// was added to the file. Skipped budgets and their reasons go to stderr ([`import_notes`]).
impl Render for Import {
    const WHAT: &'static str = "budget import";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn table(&self, out: &mut dyn Write, _style: &Style) -> io::Result<()> {
        match &self.written {
            None => write!(out, "{}", entries_toml(self)),
            Some(path) => {
                for b in &self.imported {
                    writeln!(out, "{}: added to {}", b.name, path.display())?;
                }
                Ok(())
            }
        }
    }
}

/// What `budget import` did not import, and why, on stderr, then one summary line.
pub fn import_notes(import: &Import, file: &str, style: &Style) {
    for a in &import.already {
        super::note(
            style,
            &format!("{}: already in {file}; not imported again", a.name),
        );
    }
    for s in &import.skipped {
        let agent = s
            .agent
            .as_deref()
            .map(|a| format!(" (agent {a})"))
            .unwrap_or_default();
        super::warn(
            style,
            &format!("{}{agent} not imported: it {}", s.name, s.reasons.join("; it ")),
        );
    }
    let written = match &import.written {
        Some(path) => format!(", written to {}", path.display()),
        None if import.imported.is_empty() => String::new(),
        None => format!("; add them to {file} or re-run with --write {file}"),
    };
    super::note(
        style,
        &format!(
            "{} budget(s) imported, {} already in {file}, {} not importable, {} other budget(s) not on the agent \
             tag `{}` (account {}){written}",
            import.imported.len(),
            import.already.len(),
            import.skipped.len(),
            import.ignored,
            import.tag_key,
            import.account
        ),
    );
}
