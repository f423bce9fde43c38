//! Renders `doctor::Report`. Each table fits the width of the terminal (or `COLUMNS`, or 100 columns
//! when piped); a check that failed on an error shows its short reason, and the note that an endpoint
//! lacks calls AWS serves is written once, below the tables, naming the checks it concerns. The full
//! errors are in `-o json`.

use std::io::{self, Write};

use comfy_table::Color;

use super::{Format, Render, Style, cell, line_width, wrap};
use crate::aws::organizations::Membership;
use crate::aws::{Cause, ErrorKind};
use crate::doctor::{Report, Status, Verdict};

/// The width of piped output, where there is no terminal to fit and no `COLUMNS`.
const PIPED_WIDTH: u16 = 100;

/// A table in costbrake's look, fitted to `width`.
fn table(style: &Style, width: u16) -> comfy_table::Table {
    let mut table = super::table(style);
    table.set_width(width);
    table
}

impl Render for Report {
    const WHAT: &'static str = "doctor report";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        let width = line_width(PIPED_WIDTH);
        let table = |style: &Style| table(style, width);
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
        for check in &self.checks {
            let (label, color) = match check.status {
                Status::Pass => ("ok", Color::Green),
                Status::Warn => ("warn", Color::Yellow),
                Status::Fail => ("FAIL", Color::Red),
                Status::Skip => ("skip", Color::DarkGrey),
            };
            // The generic next step for a call the endpoint lacks is the one note below the tables.
            let fix = match &check.fix {
                Some(_) if check.fix_is_unimplemented_hint() => "see the note below",
                Some(fix) => fix.as_str(),
                None => "",
            };
            checks.add_row(vec![
                cell(check.id, None, style),
                cell(label, Some(color), style),
                cell(check.summary(), None, style),
                cell(fix, None, style),
            ]);
        }
        writeln!(out, "{checks}")?;

        if let Some(section) = &self.cost_explorer {
            write_cost_explorer(out, section, style, width)?;
        }

        if !self.accounts.is_empty() {
            let mut t = table(style);
            t.set_header(vec!["account", "name", "entered through", "status", "as / error"]);
            for a in &self.accounts {
                let (label, color) = match a.status {
                    Status::Pass => ("ok", Color::Green),
                    _ => ("FAIL", Color::Red),
                };
                let with = match &a.account.with {
                    Some(with) => format!("{} {with}", a.account.via),
                    None => a.account.via.to_string(),
                };
                let error = a.cause.as_ref().map(|c| c.reason.as_str());
                let what = a
                    .identity
                    .as_deref()
                    .or(error)
                    .or(a.account.error.as_deref())
                    .unwrap_or("");
                t.add_row(vec![
                    cell(&a.account.id, None, style),
                    cell(a.account.name.as_deref().unwrap_or(""), None, style),
                    cell(with, None, style),
                    cell(label, Some(color), style),
                    cell(what, None, style),
                ]);
            }
            writeln!(out, "{t}")?;
        }

        if let Some(note) = unimplemented_note(self) {
            for line in wrap(&note, usize::from(width)) {
                writeln!(out, "{}", super::on_terminal(&line))?;
            }
        }

        let count = |status: Status| self.checks.iter().filter(|c| c.status == status).count();
        let verdict = match self.verdict {
            Verdict::Ready => "ready",
            Verdict::Degraded => "ready, with warnings",
            Verdict::Failing => "not ready",
        };
        let line = format!(
            "verdict: {verdict} ({} ok, {} warning, {} failing, {} skipped)",
            count(Status::Pass),
            count(Status::Warn),
            count(Status::Fail),
            count(Status::Skip)
        );
        for line in wrap(&line, usize::from(width)) {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }
}

/// Once for the whole report: which calls the endpoint does not implement, and the checks (or
/// sections) that needed them. On a custom endpoint that is an emulator lacking them; on AWS's own, an
/// answer without an error code.
fn unimplemented_note(report: &Report) -> Option<String> {
    let mut calls: Vec<(String, Vec<String>)> = Vec::new();
    let mut add = |cause: Option<&Cause>, what: String| {
        let Some(cause) = cause.filter(|c| c.kind == ErrorKind::NotImplemented) else {
            return;
        };
        let call = cause.call.clone().unwrap_or_else(|| "a call".into());
        match calls.iter_mut().find(|(c, _)| *c == call) {
            Some((_, whats)) if !whats.contains(&what) => whats.push(what),
            Some(_) => {}
            None => calls.push((call, vec![what])),
        }
    };
    for check in &report.checks {
        add(check.cause.as_ref(), format!("check {}", check.id));
    }
    if let Some(section) = &report.cost_explorer {
        add(
            section.error_cause.as_ref(),
            "the cost allocation tag table".into(),
        );
        add(
            section.activation_error_cause.as_ref(),
            "check cost-allocation-tags".into(),
        );
    }
    for account in &report.accounts {
        add(account.cause.as_ref(), format!("account {}", account.account.id));
    }
    if calls.is_empty() {
        return None;
    }
    let list: Vec<String> = calls
        .iter()
        .map(|(call, whats)| format!("{call} ({})", whats.join(", ")))
        .collect();
    let (these, it) = if calls.len() == 1 {
        ("this call", "it")
    } else {
        ("these calls", "them")
    };
    let list = match list.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    Some(match &report.settings.endpoint_url.value {
        Some(url) => format!(
            "note: {url} does not implement {list}. It answered HTTP 5xx with no error code, as an emulator \
             such as moto does for a call it lacks. AWS serves {these}: run doctor against AWS for a verdict \
             on what needs {it}."
        ),
        None => format!(
            "note: AWS answered HTTP 5xx with no error code to {list}; retry later, and if it persists, rerun \
             with -vv to see the response."
        ),
    })
}

/// The Cost Explorer section: each configured tag key and whether it is an active cost allocation tag.
fn write_cost_explorer(
    out: &mut dyn Write,
    section: &crate::report::tags::TagSection,
    style: &Style,
    width: u16,
) -> io::Result<()> {
    use crate::aws::costexplorer::TagActivation;
    let mut tags = table(style, width);
    tags.set_header(vec!["cost allocation tag", "status", "last used"]);
    if let Some(error) = &section.error {
        let reason = section.error_cause.as_ref().map_or(error.as_str(), |c| &c.reason);
        tags.add_row(vec![
            cell("(all)", None, style),
            cell("unknown", Some(Color::DarkGrey), style),
            cell(format!("cannot read: {reason}"), None, style),
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
            cell(format!("{}: {}", refused.code, refused.message), None, style),
        ]);
    }
    writeln!(out, "{tags}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::{Setting, Settings};
    use crate::doctor::Check;
    use crate::error::{AwsError, Error};

    fn unimplemented(service: &'static str, operation: &'static str) -> Error {
        AwsError {
            service,
            operation,
            scope: None,
            code: None,
            detail: "HTTP 500 with no error code or message".into(),
            hint: Some(format!(
                "the endpoint failed to handle {service}:{operation}; retry later"
            )),
        }
        .into()
    }

    fn report(endpoint: Option<&str>, checks: Vec<Check>) -> Report {
        let setting = |value: Option<&str>| Setting {
            value: value.map(str::to_string),
            source: "test".into(),
        };
        Report {
            schema: crate::doctor::SCHEMA,
            identity: None,
            settings: Settings {
                profile: setting(None),
                region: setting(Some("us-east-1")),
                endpoint_url: setting(endpoint),
            },
            config: crate::config::Config::default(),
            organization: None,
            cost_explorer: None,
            checks,
            verdict: Verdict::Failing,
            accounts: Vec::new(),
        }
    }

    #[test]
    fn the_unimplemented_note_names_each_call_once_with_the_checks_that_needed_it() {
        let table = unimplemented("athena", "GetTableMetadata");
        let checks = vec![
            Check::from_error_for_tests("athena-table", &table),
            Check::from_error_for_tests("athena-other", &table),
            Check::from_error_for_tests(
                "organization",
                &unimplemented("organizations", "DescribeOrganization"),
            ),
        ];
        let note =
            unimplemented_note(&report(Some("http://127.0.0.1:5000"), checks.clone())).expect("a note");
        assert_eq!(note.matches("athena:GetTableMetadata").count(), 1, "{note}");
        assert!(
            note.contains(
                "http://127.0.0.1:5000 does not implement athena:GetTableMetadata (check athena-table, check \
                 athena-other) or organizations:DescribeOrganization (check organization)"
            ),
            "{note}"
        );
        assert!(note.contains("AWS serves these calls"), "{note}");
        // On AWS's own endpoints the same answer is not an emulator's.
        let note = unimplemented_note(&report(None, checks)).expect("a note");
        assert!(note.starts_with("note: AWS answered HTTP 5xx"), "{note}");
        assert!(!note.contains("emulator"), "{note}");
    }

    #[test]
    fn no_note_when_every_call_was_served() {
        let denied: Error = AwsError {
            service: "ce",
            operation: "GetCostAndUsage",
            scope: None,
            code: Some("AccessDeniedException".into()),
            detail: "AccessDeniedException: no".into(),
            hint: None,
        }
        .into();
        let checks = vec![Check::from_error_for_tests("cost", &denied)];
        assert_eq!(
            unimplemented_note(&report(Some("http://127.0.0.1:5000"), checks)),
            None
        );
    }

    #[test]
    fn every_line_of_the_table_fits_the_width() {
        let checks = vec![Check::from_error_for_tests(
            "athena-table",
            &unimplemented("athena", "GetTableMetadata"),
        )];
        let report = report(Some("http://127.0.0.1:5000"), checks);
        let mut out = Vec::new();
        // 100 columns (piped), or COLUMNS where the test runner sets it.
        report.table(&mut out, &Style::plain()).expect("renders");
        let text = String::from_utf8(out).expect("utf-8");
        let width = usize::from(line_width(PIPED_WIDTH));
        assert!(text.lines().all(|l| l.chars().count() <= width), "{text}");
        assert!(text.contains("see the note below"), "{text}");
        assert_eq!(text.matches("note: ").count(), 1, "{text}");
    }
}
