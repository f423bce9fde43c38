//! Renders generated tag-on-create policies: a summary per document (table), or everything (JSON).

use std::io::{self, Write};

use super::{Format, Render, Style, cell, table};
use crate::policy::apply::{Change, Report, Target};
use crate::policy::{Form, Generated};

impl Render for Report {
    const WHAT: &'static str = "policy attachment";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        let target = match &self.target {
            Target::Root(id) => format!("root {id}"),
            Target::Ou(id) => format!("OU {id}"),
            Target::Account(id) => format!("account {id}"),
            Target::Role(name) => format!("role {name}"),
        };
        if self.outcomes.is_empty() {
            writeln!(
                out,
                "{}: no costbrake tag-on-create documents on {target}; nothing to do",
                self.action
            )?;
        } else {
            let mut t = table(style);
            t.set_header(vec!["document", "id", "characters", "change"]);
            for o in &self.outcomes {
                let change = match o.change {
                    Change::Created => "created and attached",
                    Change::Updated => "updated",
                    Change::Attached => "attached",
                    Change::Unchanged => "unchanged",
                    Change::Detached => "detached",
                    Change::Deleted => "deleted",
                };
                t.add_row(vec![
                    cell(&o.name, None, style),
                    cell(&o.id, None, style),
                    cell(
                        o.size.map(|s| s.to_string()).unwrap_or_else(|| "-".into()),
                        None,
                        style,
                    ),
                    cell(change, None, style),
                ]);
            }
            writeln!(out, "{t}")?;
            let changed = self.changes();
            writeln!(
                out,
                "{} on {target}: {changed} change{}{}",
                self.action,
                if changed == 1 { "" } else { "s" },
                if changed == 0 {
                    " (already in place; nothing was changed)"
                } else {
                    ""
                }
            )?;
        }
        if !self.other_scps.is_empty() {
            writeln!(out, "left as they are: {}", self.other_scps.join(", "))?;
        }
        if let Some(journal) = &self.journal {
            writeln!(out, "recorded first in {journal}")?;
        }
        Ok(())
    }
}

impl Render for Generated {
    const WHAT: &'static str = "tag-on-create policy";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        let form = match self.form {
            Form::Scp => "SCP",
            Form::Iam => "IAM policy",
        };
        writeln!(
            out,
            "Tag-on-create {form}: creates without {} are denied, in {} (from {})",
            self.tags.join(", "),
            self.services.join(", "),
            self.source
        )?;
        let mut t = table(style);
        t.set_header(vec!["document", "characters", "statements", "actions", "covers"]);
        for doc in &self.documents {
            let mut services: Vec<&str> = doc.actions.iter().filter_map(|a| a.split(':').next()).collect();
            services.dedup();
            t.add_row(vec![
                cell(&doc.name, None, style),
                cell(format!("{} of {}", doc.size, doc.limit), None, style),
                cell(doc.statements, None, style),
                cell(doc.actions.len(), None, style),
                cell(services.join(", "), None, style),
            ]);
        }
        writeln!(out, "{t}")?;
        if !self.uncovered.is_empty() {
            writeln!(
                out,
                "Not coverable ({}; they take no request tags, the audit remains their net):",
                self.uncovered.len()
            )?;
            for line in wrap(&self.uncovered, 96) {
                writeln!(out, "  {line}")?;
            }
        }
        writeln!(
            out,
            "The documents themselves: --out DIR writes one file each, -o json prints them."
        )
    }
}

/// `items` joined with ", " into lines of at most `width` characters.
fn wrap(items: &[String], width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for item in items {
        if !line.is_empty() && line.len() + item.len() + 2 > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push_str(", ");
        }
        line.push_str(item);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
