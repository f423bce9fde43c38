//! Renders `costbrake sandbox` results: the outcome of a create or adopt, and the sandbox list (table,
//! JSON, CSV).

use std::io::{self, Write};

use comfy_table::Color;

use super::budgets::{amount, percent, plan_lines, state_color};
use super::{CsvData, Format, Render, Style, cell, table};
use crate::budgets::Verdict;
use crate::sandbox::freeze::Change as FreezeChange;
use crate::sandbox::{Change, Closed, Frozen, List, Outcome, SyncPlan};

impl Render for Outcome {
    const WHAT: &'static str = "sandbox change";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn table(&self, out: &mut dyn Write, _style: &Style) -> io::Result<()> {
        let planned = self.planned;
        let done = match (self.verdict, planned) {
            (Verdict::Create, false) => "created",
            (Verdict::Create, true) => "to create",
            (Verdict::Update, false) if self.command == "adopt" => "adopted",
            (Verdict::Update, true) if self.command == "adopt" => "to adopt",
            (Verdict::Update, false) => "updated",
            (Verdict::Update, true) => "to update",
            _ if self.error.is_some() => "not finished",
            (_, false) => "unchanged (nothing sent)",
            (_, true) => "in sync",
        };
        let verb = |done: &'static str, todo: &'static str| if planned { todo } else { done };
        writeln!(
            out,
            "sandbox {} (account {}, {}): {done}",
            self.name, self.account_id, self.state
        )?;
        for change in &self.changes {
            let line = match change {
                Change::CreateAccount { .. } if planned => "create the account".to_string(),
                Change::CreateAccount { request_id, seconds } => {
                    format!("created account {} ({request_id}, {seconds} s)", self.account_id)
                }
                Change::AwaitAccount { request_id, seconds } => format!(
                    "waited {seconds} s for account {} (request {request_id}, started by an earlier run)",
                    self.account_id
                ),
                Change::CreateOu { name, id, parent } => {
                    format!("{} OU {name} ({id}) under {parent}", verb("created", "create"))
                }
                Change::MoveAccount { from, to } => {
                    format!("{} the account from {from} to {to}", verb("moved", "move"))
                }
                Change::TagAccount { keys } => {
                    format!("{} the account: {}", verb("tagged", "tag"), keys.join(", "))
                }
            };
            writeln!(out, "  {line}")?;
        }
        if let Some(budget) = &self.budget {
            let verdict = match budget.verdict {
                Verdict::Create => verb("created", "to create"),
                Verdict::Update => verb("updated", "to update"),
                _ => "unchanged",
            };
            writeln!(out, "  budget {}: {verdict}", budget.name)?;
            plan_lines(budget, out)?;
        }
        Ok(())
    }
}

impl Render for List {
    const WHAT: &'static str = "sandbox list";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json, Format::Csv];

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        if self.sandboxes.is_empty() {
            return writeln!(
                out,
                "no sandbox accounts in the organization of {}; create one with `costbrake sandbox create NAME \
                 --email ADDR --budget USD`, or adopt a member account with `costbrake sandbox adopt ACCOUNT_ID \
                 --budget USD`",
                self.management_account
            );
        }
        let mut t = table(style);
        t.set_header(vec![
            "sandbox",
            "account",
            "state",
            "owner",
            "budget",
            "actual",
            "forecast",
            "used",
            "frozen since",
            "why",
        ]);
        for s in &self.sandboxes {
            let color = match s.state {
                "active" => Some(Color::Green),
                "frozen" => Some(Color::Cyan),
                _ => Some(Color::DarkGrey),
            };
            let used = cell(
                percent(s.percent_used),
                s.budget_state.and_then(state_color),
                style,
            );
            t.add_row(vec![
                cell(&s.name, None, style),
                cell(&s.account_id, None, style),
                cell(s.state, color, style),
                cell(s.owner.as_deref().unwrap_or("-"), None, style),
                cell(
                    match (&s.budget, &s.period) {
                        (Some(_), Some(p)) => format!("{} {p}", amount(s.budget)),
                        _ => "no budget".into(),
                    },
                    None,
                    style,
                ),
                cell(amount(s.actual), None, style),
                cell(amount(s.forecast), None, style),
                used,
                cell(s.frozen_since.as_deref().unwrap_or("-"), None, style),
                cell(s.frozen_reason.as_deref().unwrap_or("-"), None, style),
            ]);
        }
        writeln!(out, "{t}")?;
        let count = |state: &str| self.sandboxes.iter().filter(|s| s.state == state).count();
        writeln!(
            out,
            "{} sandbox(es): {} active, {} frozen, {} closing or closed (USD; AWS refreshes spend up to 3 times a day)",
            self.sandboxes.len(),
            count("active"),
            count("frozen"),
            count("closing") + count("closed")
        )
    }

    fn csv(&self) -> CsvData {
        CsvData {
            headers: vec![
                "name",
                "account_id",
                "email",
                "state",
                "ou",
                "owner",
                "budget",
                "period",
                "actual",
                "forecast",
                "percent_used",
                "budget_state",
                "frozen_since",
                "frozen_reason",
            ],
            rows: self
                .sandboxes
                .iter()
                .map(|s| {
                    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
                    let dec = |v: Option<rust_decimal::Decimal>| v.map(|d| d.to_string()).unwrap_or_default();
                    vec![
                        s.name.clone(),
                        s.account_id.clone(),
                        s.email.clone(),
                        s.state.to_string(),
                        s.ou.clone(),
                        opt(&s.owner),
                        dec(s.budget),
                        opt(&s.period),
                        dec(s.actual),
                        dec(s.forecast),
                        dec(s.percent_used),
                        s.budget_state.map(|b| b.name().to_string()).unwrap_or_default(),
                        opt(&s.frozen_since),
                        opt(&s.frozen_reason),
                    ]
                })
                .collect(),
        }
    }
}

impl Render for Frozen {
    const WHAT: &'static str = "sandbox freeze";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn table(&self, out: &mut dyn Write, _style: &Style) -> io::Result<()> {
        let verdict = match (self.command, self.changes.is_empty()) {
            ("freeze", true) => "frozen already (nothing sent)",
            ("freeze", false) => "frozen",
            (_, true) => "not frozen (nothing sent)",
            (_, false) => "unfrozen",
        };
        writeln!(
            out,
            "sandbox {} (account {}): {verdict}",
            self.name, self.account_id
        )?;
        for change in &self.changes {
            let line = match change {
                FreezeChange::Record { journal } => format!(
                    "recorded the freeze on the account's tags{}",
                    journal
                        .as_deref()
                        .map(|j| format!(" and in {j}"))
                        .unwrap_or_default()
                ),
                FreezeChange::CreateScp { policy } => format!("created the deny-create SCP {policy}"),
                FreezeChange::AttachScp { policy } => format!("attached SCP {policy} to the account"),
                FreezeChange::DetachScp { policy } => format!("detached SCP {policy}"),
                FreezeChange::DeleteScp { policy } => {
                    format!("deleted SCP {policy} (no other account is frozen)")
                }
                FreezeChange::MoveAccount { from, to } => format!("moved the account from {from} to {to}"),
                FreezeChange::ClearRecord => "removed the freeze record from the account's tags".into(),
            };
            writeln!(out, "  {line}")?;
        }
        if let Some(s) = &self.stopped {
            let line = match &s.undo_id {
                None => format!(
                    "stopped what ran in the account: kill {} ({} done, {} failed, {} blocked; journal {})",
                    s.kill_id, s.done, s.failed, s.blocked, s.journal
                ),
                Some(undo) => format!(
                    "restored what kill {} stopped: {undo} ({} done, {} not restorable, {} failed, {} blocked)",
                    s.kill_id, s.done, s.not_restored, s.failed, s.blocked
                ),
            };
            writeln!(out, "  {line}")?;
        }
        if !self.other_scps.is_empty() {
            writeln!(
                out,
                "  SCPs attached before, left as they are: {}",
                self.other_scps.join(", ")
            )?;
        }
        Ok(())
    }
}

impl Render for Closed {
    const WHAT: &'static str = "sandbox close";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn table(&self, out: &mut dyn Write, _style: &Style) -> io::Result<()> {
        if self.closed {
            writeln!(
                out,
                "sandbox {} (account {}): closing (AWS suspends it; its budget stays for the period's last charges)",
                self.name, self.account_id
            )
        } else {
            writeln!(
                out,
                "sandbox {} (account {}): already {} (nothing sent)",
                self.name,
                self.account_id,
                self.was.to_ascii_lowercase()
            )
        }
    }
}

impl Render for SyncPlan {
    const WHAT: &'static str = "sandbox sync plan";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        for item in &self.sandboxes {
            match (&item.outcome, &item.error) {
                (_, Some(error)) => writeln!(out, "sandbox {}: FAILED: {error}", item.name)?,
                (Some(outcome), None) => outcome.table(out, style)?,
                (None, None) => {}
            }
        }
        for orphan in &self.orphans {
            writeln!(
                out,
                "sandbox {} (account {}, {}): not in costbrake.toml; kept (sync never closes an account)",
                orphan.name, orphan.account_id, orphan.state
            )?;
        }
        let n = self.sandboxes.len();
        let differ = self.differs();
        if self.applied {
            writeln!(
                out,
                "applied: {n} sandbox(es), {differ} changed, {} failed",
                self.failed()
            )
        } else {
            writeln!(
                out,
                "plan: {differ} of {n} sandbox(es) to change, {} in sync, {} not in the file",
                n - differ,
                self.orphans.len()
            )
        }
    }
}
