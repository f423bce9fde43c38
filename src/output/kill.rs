//! Rendering of kill plans, kill/undo results and kill status: a terraform-style table for people, JSON
//! (the documented `costbrake.kill-*` schemas) and CSV for scripts.

use std::io::{self, Write};

use comfy_table::Color;

use super::{CsvData, Format, Render, Style, cell, table};
use crate::killswitch::apply::{Outcome, Report};
use crate::killswitch::{Action, Billing, Mode, Plan, Status, Step};

const FORMATS: &[Format] = &[Format::Table, Format::Json, Format::Csv];

fn symbol(action: &Action, mode: Mode) -> (&'static str, Option<Color>) {
    match action {
        Action::Keep { .. } => ("=", None),
        Action::NotRestorable { .. } => ("x", Some(Color::Red)),
        Action::Blocked { .. } => ("!", Some(Color::Red)),
        _ if mode == Mode::Kill => ("-", Some(Color::Yellow)),
        _ => ("+", Some(Color::Green)),
    }
}

fn resource(step: &Step) -> String {
    match &step.target.name {
        Some(name) if name != &step.target.id => format!("{} ({name})", step.target.id),
        _ => step.target.id.clone(),
    }
}

/// What a step does, as a table cell: a not-restorable step's reason (with the whole command that would
/// start the resource again) is cut short; `-o json` has all of it.
fn change_cell(step: &Step) -> String {
    match &step.action {
        Action::NotRestorable { .. } => match crate::text::cut(&step.change, 110) {
            Some(short) => format!("{short}… (all of it: -o json)"),
            None => step.change.clone(),
        },
        _ => step.change.clone(),
    }
}

/// The account a step's resource is in: the plan's over several accounts, else its ARN's.
fn account_of(step: &Step) -> String {
    step.account
        .clone()
        .unwrap_or_else(|| step.target.arn.split(':').nth(4).unwrap_or_default().to_string())
}

/// A step table's header, with an account column over several accounts.
fn header(many: bool, last: &'static str) -> Vec<&'static str> {
    let mut h = vec!["", "type", "region", "resource", "now", last];
    if many {
        h.insert(1, "account");
    }
    h
}

fn step_row(step: &Step, mode: Mode, style: &Style) -> Vec<comfy_table::Cell> {
    let (sym, color) = symbol(&step.action, mode);
    let mut row = vec![cell(sym, color, style)];
    if let Some(account) = &step.account {
        row.push(cell(account, None, style));
    }
    row.extend([
        cell(step.target.kind.label(), None, style),
        cell(&step.target.region, None, style),
        cell(resource(step), None, style),
        cell(step.current.describe(), None, style),
        cell(change_cell(step), color, style),
    ]);
    row
}

impl Render for Plan {
    const WHAT: &'static str = "kill plan";
    const FORMATS: &'static [Format] = FORMATS;

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        let verb = match self.mode {
            Mode::Kill => "kill",
            Mode::Undo => "undo",
        };
        let many = !self.accounts.is_empty();
        let within = if many {
            let entered = self.accounts.iter().filter(|a| a.entered).count();
            format!("{} accounts ({entered} entered)", self.accounts.len())
        } else {
            format!("account {}", self.account)
        };
        writeln!(
            out,
            "costbrake will {verb} {} in {within} ({}):",
            self.selector,
            self.regions.join(", ")
        )?;
        // What undo brings back first; what it cannot (stopped for good) apart, so nobody misses it.
        let (forever, restorable): (Vec<&Step>, Vec<&Step>) = self
            .steps
            .iter()
            .partition(|s| s.irreversible || matches!(s.action, Action::NotRestorable { .. }));
        if self.steps.is_empty() {
            writeln!(out, "No resources match.")?;
        } else if !restorable.is_empty() {
            let mut t = table(style);
            t.set_header(header(many, "action"));
            for step in &restorable {
                t.add_row(step_row(step, self.mode, style));
            }
            writeln!(out, "{t}")?;
        }
        if !forever.is_empty() {
            writeln!(
                out,
                "{}",
                match self.mode {
                    Mode::Kill =>
                        "Stopped for good (undo cannot bring these back; --no-irreversible leaves them):",
                    Mode::Undo => "Stopped for good by the kill (not restored):",
                }
            )?;
            let mut t = table(style);
            t.set_header(header(many, "action"));
            for step in &forever {
                t.add_row(step_row(step, self.mode, style));
            }
            writeln!(out, "{t}")?;
        }
        billing_table(&self.billing, out, style)?;
        for note in &self.notes {
            writeln!(out, "Note: {note}")?;
        }
        writeln!(out, "{}", self.summary())
    }

    fn csv(&self) -> CsvData {
        steps_csv(&self.steps, |_| (String::new(), String::new()))
    }
}

/// What keeps billing after the kill, which costbrake cannot stop.
fn billing_table(billing: &[Billing], out: &mut dyn Write, style: &Style) -> io::Result<()> {
    if billing.is_empty() {
        return Ok(());
    }
    writeln!(out, "Keeps billing after the kill (costbrake cannot stop these):")?;
    let mut t = table(style);
    t.set_header(["what", "region", "resource", "what bills"]);
    for b in billing {
        let id = b.arn.rsplit(['/', ':']).next().unwrap_or(&b.arn);
        t.add_row(vec![
            cell(&b.what, Some(Color::Yellow), style),
            cell(&b.region, None, style),
            cell(id, None, style),
            cell(&b.detail, None, style),
        ]);
    }
    writeln!(out, "{t}")
}

fn steps_csv(steps: &[Step], extra: impl Fn(&Step) -> (String, String)) -> CsvData {
    CsvData {
        headers: vec![
            "arn", "type", "region", "id", "action", "current", "prior", "change", "outcome", "error",
            "account",
        ],
        rows: steps
            .iter()
            .map(|s| {
                let action = serde_json::to_value(&s.action)
                    .ok()
                    .and_then(|v| v.get("action").and_then(|a| a.as_str().map(str::to_string)))
                    .unwrap_or_default();
                let (outcome, error) = extra(s);
                vec![
                    s.target.arn.clone(),
                    s.target.kind.type_name().to_string(),
                    s.target.region.clone(),
                    s.target.id.clone(),
                    action,
                    s.current.compact(),
                    s.prior.compact(),
                    s.change.clone(),
                    outcome,
                    error,
                    account_of(s),
                ]
            })
            .collect(),
    }
}

impl Render for Report {
    const WHAT: &'static str = "kill result";
    const FORMATS: &'static [Format] = FORMATS;

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        if !self.results.is_empty() {
            let mut t = table(style);
            let many = !self.accounts.is_empty();
            let mut h = vec!["type", "region", "resource", "action", "outcome"];
            if many {
                h.insert(0, "account");
            }
            t.set_header(h);
            for r in &self.results {
                let (text, color) = match r.outcome {
                    Outcome::Done => ("done".to_string(), Some(Color::Green)),
                    Outcome::Unchanged => ("unchanged".to_string(), None),
                    Outcome::NotRestored => ("not restored (stopped for good)".to_string(), Some(Color::Red)),
                    Outcome::Blocked => ("blocked".to_string(), Some(Color::Red)),
                    Outcome::Failed => (
                        format!("FAILED: {}", r.error.as_deref().unwrap_or("unknown error")),
                        Some(Color::Red),
                    ),
                };
                let mut row = Vec::new();
                if many {
                    row.push(cell(account_of(&r.step), None, style));
                }
                row.extend([
                    cell(r.step.target.kind.label(), None, style),
                    cell(&r.step.target.region, None, style),
                    cell(resource(&r.step), None, style),
                    cell(change_cell(&r.step), None, style),
                    cell(text, color, style),
                ]);
                t.add_row(row);
            }
            writeln!(out, "{t}")?;
        }
        writeln!(out, "{}", self.incident_line())
    }

    fn csv(&self) -> CsvData {
        let mut data = steps_csv(
            &self.results.iter().map(|r| r.step.clone()).collect::<Vec<_>>(),
            |_| (String::new(), String::new()),
        );
        for (row, r) in data.rows.iter_mut().zip(&self.results) {
            let n = row.len();
            row[n - 3] = format!("{:?}", r.outcome).to_ascii_lowercase();
            row[n - 2] = r.error.clone().unwrap_or_default();
        }
        data
    }
}

impl Render for Status {
    const WHAT: &'static str = "kill status";
    const FORMATS: &'static [Format] = FORMATS;

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        let many = !self.accounts.is_empty();
        if self.kills.is_empty() {
            let within = if many {
                format!("{} accounts", self.accounts.len())
            } else {
                format!("account {}", self.account)
            };
            writeln!(
                out,
                "Nothing is killed in {within} ({}).",
                self.regions.join(", ")
            )?;
            return Ok(());
        }
        let mut t = table(style);
        t.set_header(["kill id", "since", "by", "selector", "resources"]);
        for k in &self.kills {
            t.add_row(vec![
                cell(&k.kill_id, Some(Color::Yellow), style),
                cell(k.since.as_deref().unwrap_or("?"), None, style),
                cell(k.by.as_deref().unwrap_or("?"), None, style),
                cell(
                    k.selector.as_deref().unwrap_or("(journal on another machine)"),
                    None,
                    style,
                ),
                cell(k.resources, None, style),
            ]);
        }
        writeln!(out, "{t}")?;
        let mut t = table(style);
        t.set_header(header(many, "undo would"));
        for step in &self.steps {
            t.add_row(step_row(step, Mode::Undo, style));
        }
        writeln!(out, "{t}")?;
        writeln!(
            out,
            "{} killed resources in {} kills; undo with `costbrake kill undo --kill-id ID` or the same selector.",
            self.steps.len(),
            self.kills.len()
        )
    }

    fn csv(&self) -> CsvData {
        let mut data = steps_csv(&self.steps, |_| (String::new(), String::new()));
        data.headers.push("kill_id");
        for (row, s) in data.rows.iter_mut().zip(&self.steps) {
            row.push(s.killed_by.clone().unwrap_or_default());
        }
        data
    }
}
