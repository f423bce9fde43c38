//! Renders generated tag-on-create policies: a summary per document (table), or everything (JSON).

use std::io::{self, Write};

use super::{Format, Render, Style, cell, table};
use crate::policy::{Form, Generated};

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
