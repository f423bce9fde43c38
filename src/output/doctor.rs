//! Renders `doctor::Report`.

use std::io::{self, Write};

use comfy_table::Color;

use super::{Format, Render, Style, cell, table};
use crate::aws::organizations::Membership;
use crate::doctor::{Report, Status, Verdict};

impl Render for Report {
    const WHAT: &'static str = "doctor report";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        let mut about = table(style);
        about.set_header(vec!["setting", "value", "from"]);
        let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        if let Some(identity) = &self.identity {
            about.add_row(vec!["account", &identity.account, "sts:GetCallerIdentity"]);
            about.add_row(vec!["caller", &identity.arn, "sts:GetCallerIdentity"]);
        }
        let s = &self.settings;
        about.add_row(vec![
            "profile".to_string(),
            or_none(&s.profile.value),
            s.profile.source.clone(),
        ]);
        about.add_row(vec![
            "region".to_string(),
            or_none(&s.region.value),
            s.region.source.clone(),
        ]);
        about.add_row(vec![
            "endpoint".to_string(),
            or_none(&s.endpoint_url.value),
            s.endpoint_url.source.clone(),
        ]);
        let org = match &self.organization {
            Some(Membership::Management { organization_id }) => {
                format!("{organization_id} (management account)")
            }
            Some(Membership::Member {
                organization_id,
                management_account_id,
            }) => format!("{organization_id} (member; management account {management_account_id})"),
            Some(Membership::Standalone) => "none (standalone account)".into(),
            None => "-".into(),
        };
        about.add_row(vec![
            "organization".to_string(),
            org,
            "organizations:DescribeOrganization".into(),
        ]);
        let config = match &self.config.source {
            Some(path) => path.display().to_string(),
            None => "built-in defaults".into(),
        };
        about.add_row(vec![
            "config".to_string(),
            config,
            "--config / COSTBRAKE_CONFIG / search".into(),
        ]);
        about.add_row(vec![
            "tags".to_string(),
            format!(
                "agent `{}`, run `{}`, required [{}]",
                self.config.tags.agent,
                self.config.tags.run,
                self.config.tags.required.join(", ")
            ),
            "config".into(),
        ]);
        writeln!(out, "{about}")?;

        let mut checks = table(style);
        checks.set_header(vec!["check", "status", "detail", "fix"]);
        let mut notes = Vec::new();
        for check in &self.checks {
            let (label, color) = match check.status {
                Status::Pass => ("ok", Color::Green),
                Status::Warn => ("warn", Color::Yellow),
                Status::Fail => ("FAIL", Color::Red),
                Status::Skip => ("skip", Color::DarkGrey),
            };
            checks.add_row(vec![
                cell(check.id, None, style),
                cell(label, Some(color), style),
                cell(footnoted(&check.detail, &mut notes), None, style),
                cell(
                    footnoted(check.fix.as_deref().unwrap_or(""), &mut notes),
                    None,
                    style,
                ),
            ]);
        }
        writeln!(out, "{checks}")?;
        write_notes(out, &mut notes)?;

        if let Some(section) = &self.cost_explorer {
            write_cost_explorer(out, section, style)?;
        }

        if !self.accounts.is_empty() {
            let mut t = table(style);
            t.set_header(vec!["account", "name", "entered through", "status", "as / error"]);
            let mut notes = Vec::new();
            for a in &self.accounts {
                let (label, color) = match a.status {
                    Status::Pass => ("ok", Color::Green),
                    _ => ("FAIL", Color::Red),
                };
                let with = match &a.account.with {
                    Some(with) => format!("{} {with}", a.account.via),
                    None => a.account.via.to_string(),
                };
                let what = a.identity.as_deref().or(a.account.error.as_deref()).unwrap_or("");
                t.add_row(vec![
                    cell(&a.account.id, None, style),
                    cell(a.account.name.as_deref().unwrap_or(""), None, style),
                    cell(with, None, style),
                    cell(label, Some(color), style),
                    cell(footnoted(what, &mut notes), None, style),
                ]);
            }
            writeln!(out, "{t}")?;
            write_notes(out, &mut notes)?;
        }

        let count = |status: Status| self.checks.iter().filter(|c| c.status == status).count();
        let verdict = match self.verdict {
            Verdict::Ready => "ready",
            Verdict::Degraded => "ready, with warnings",
            Verdict::Failing => "not ready",
        };
        writeln!(
            out,
            "verdict: {verdict} ({} ok, {} warning, {} failing, {} skipped)",
            count(Status::Pass),
            count(Status::Warn),
            count(Status::Fail),
            count(Status::Skip)
        )
    }
}

/// The Cost Explorer section: each configured tag key and whether it is an active cost allocation tag.
fn write_cost_explorer(
    out: &mut dyn Write,
    section: &crate::report::tags::TagSection,
    style: &Style,
) -> io::Result<()> {
    use crate::aws::costexplorer::TagActivation;
    let mut tags = table(style);
    tags.set_header(vec!["cost allocation tag", "status", "last used"]);
    let mut notes = Vec::new();
    if let Some(error) = &section.error {
        tags.add_row(vec![
            cell("(all)", None, style),
            cell("unknown", Some(Color::DarkGrey), style),
            cell(
                footnoted(&format!("cannot read: {error}"), &mut notes),
                None,
                style,
            ),
        ]);
    }
    for tag in &section.tags {
        let (label, color) = match tag.status {
            TagActivation::Active if section.activated.contains(&tag.key) => ("activated now", Color::Green),
            TagActivation::Active => ("active", Color::Green),
            TagActivation::Inactive => ("inactive", Color::Yellow),
            TagActivation::NotFound => ("not seen yet", Color::Yellow),
        };
        tags.add_row(vec![
            cell(&tag.key, None, style),
            cell(label, Some(color), style),
            cell(tag.last_used.as_deref().unwrap_or("-"), None, style),
        ]);
    }
    for refused in &section.refused {
        tags.add_row(vec![
            cell(&refused.key, None, style),
            cell("refused", Some(Color::Red), style),
            cell(
                footnoted(&format!("{}: {}", refused.code, refused.message), &mut notes),
                None,
                style,
            ),
        ]);
    }
    writeln!(out, "{tags}")?;
    write_notes(out, &mut notes)
}

/// Table cells stay short: a longer text is cut, marked `[n]`, and written whole below the table.
const CELL_MAX: usize = 72;

fn footnoted(text: &str, notes: &mut Vec<String>) -> String {
    if text.chars().count() <= CELL_MAX {
        return text.to_string();
    }
    notes.push(text.to_string());
    let cut = crate::text::cut(text, CELL_MAX - 8).unwrap_or_default();
    format!("{}… [{}]", cut.trim_end(), notes.len())
}

fn write_notes(out: &mut dyn Write, notes: &mut Vec<String>) -> io::Result<()> {
    for (i, note) in notes.iter().enumerate() {
        writeln!(out, "[{}] {}", i + 1, super::on_terminal(note))?;
    }
    notes.clear();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_cells_are_cut_and_written_whole_below_the_table() {
        let mut notes = Vec::new();
        assert_eq!(footnoted("short", &mut notes), "short");
        let long = "x".repeat(300);
        let cell = footnoted(&long, &mut notes);
        assert!(cell.chars().count() <= CELL_MAX, "{cell}");
        assert!(cell.ends_with("… [1]"), "{cell}");
        let mut out = Vec::new();
        write_notes(&mut out, &mut notes).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), format!("[1] {long}\n"));
    }
}
