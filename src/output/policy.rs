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

impl Render for crate::policy::check::Report {
    const WHAT: &'static str = "policy check";
    const FORMATS: &'static [Format] = &[
        Format::Table,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Github,
    ];

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        use comfy_table::Color;
        let mut t = table(style);
        let mut header = vec!["resource type".to_string()];
        header.extend(self.tags.iter().map(|k| format!("untagged {k}")));
        t.set_header(header);
        let mut types: Vec<&str> = self.coverage.iter().map(|c| c.resource_type.as_str()).collect();
        types.dedup();
        for resource_type in types {
            let mut row = vec![cell(resource_type, None, style)];
            for tag in &self.tags {
                let c = self
                    .coverage
                    .iter()
                    .find(|c| c.resource_type == resource_type && &c.tag == tag);
                let (text, color) = match c {
                    Some(c) if c.covered => ("denied".to_string(), Some(Color::Green)),
                    Some(c) => {
                        let missing: Vec<String> = c
                            .actions
                            .iter()
                            .filter(|a| a.denied_by.is_none())
                            .map(|a| match &a.note {
                                Some(note) => format!("{} ({note})", a.action),
                                None => a.action.clone(),
                            })
                            .collect();
                        (format!("ALLOWED: {}", missing.join(", ")), Some(Color::Red))
                    }
                    None => ("-".to_string(), None),
                };
                row.push(cell(text, color, style));
            }
            t.add_row(row);
        }
        writeln!(out, "{t}")?;
        for size in &self.sizes {
            writeln!(
                out,
                "{}: {} characters ({} minified) of {}",
                size.source, size.characters, size.minified, size.limit
            )?;
        }
        for p in &self.problems {
            let at = p
                .statement
                .as_deref()
                .map(|s| format!(" {s}"))
                .unwrap_or_default();
            writeln!(out, "problem: {}{at}: {}", p.source, p.message)?;
        }
        writeln!(out, "{}", self.summary())
    }

    fn write_special(&self, format: Format, out: &mut dyn Write, _style: &Style) -> io::Result<()> {
        match format {
            Format::Github => {
                for f in self.failures() {
                    writeln!(
                        out,
                        "::error title={}::{}",
                        super::audit::gh_property(&f.0),
                        super::audit::gh_data(&f.1)
                    )?;
                }
                writeln!(out, "{}", self.summary())
            }
            Format::Junit => {
                use quick_xml::escape::escape;
                let failures = self.failures();
                let cases = self.coverage.len() + self.problems.len();
                writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
                writeln!(
                    out,
                    r#"<testsuites name="costbrake policy check" tests="{cases}" failures="{}">"#,
                    failures.len()
                )?;
                writeln!(
                    out,
                    r#"  <testsuite name="tag-on-create" tests="{cases}" failures="{}">"#,
                    failures.len()
                )?;
                for c in &self.coverage {
                    let name = format!("{} without {}", c.resource_type, c.tag);
                    if c.covered {
                        writeln!(
                            out,
                            r#"    <testcase classname="coverage" name="{}"/>"#,
                            escape(&name)
                        )?;
                    } else {
                        writeln!(
                            out,
                            r#"    <testcase classname="coverage" name="{}">"#,
                            escape(&name)
                        )?;
                        writeln!(
                            out,
                            r#"      <failure message="{}"/>"#,
                            escape(format!(
                                "a create of {} without {} is allowed",
                                c.resource_type, c.tag
                            ))
                        )?;
                        writeln!(out, "    </testcase>")?;
                    }
                }
                for (i, p) in self.problems.iter().enumerate() {
                    writeln!(
                        out,
                        r#"    <testcase classname="problems" name="{}">"#,
                        escape(format!("{} #{}", p.source, i + 1))
                    )?;
                    writeln!(out, r#"      <failure message="{}"/>"#, escape(&p.message))?;
                    writeln!(out, "    </testcase>")?;
                }
                writeln!(out, "  </testsuite>")?;
                writeln!(out, "</testsuites>")
            }
            Format::Sarif => {
                let results: Vec<serde_json::Value> = self
                    .coverage
                    .iter()
                    .filter(|c| !c.covered)
                    .map(|c| {
                        serde_json::json!({
                            "ruleId": "costbrake/policy-uncovered",
                            "level": "error",
                            "message": {"text": format!("a create of {} without the tag {} is not denied", c.resource_type, c.tag)},
                            "locations": [{"physicalLocation": {"artifactLocation": {"uri": self.sizes.first().map(|s| s.source.clone()).unwrap_or_default()}}}],
                        })
                    })
                    .chain(self.problems.iter().map(|p| {
                        serde_json::json!({
                            "ruleId": "costbrake/policy-problem",
                            "level": "error",
                            "message": {"text": format!("{}{}", p.statement.as_deref().map(|s| format!("{s}: ")).unwrap_or_default(), p.message)},
                            "locations": [{"physicalLocation": {"artifactLocation": {"uri": p.source}}}],
                        })
                    }))
                    .collect();
                let sarif = serde_json::json!({
                    "version": "2.1.0",
                    "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                    "runs": [{
                        "tool": {"driver": {
                            "name": "costbrake",
                            "version": env!("CARGO_PKG_VERSION"),
                            "informationUri": "https://github.com/costbrake/costbrake/blob/main/docs/policy.md",
                            "rules": [
                                {"id": "costbrake/policy-uncovered", "shortDescription": {"text": "A create without the required tag is not denied"}},
                                {"id": "costbrake/policy-problem", "shortDescription": {"text": "A statement or document that cannot work as written"}},
                            ],
                        }},
                        "results": results,
                    }],
                });
                serde_json::to_writer_pretty(&mut *out, &sarif).map_err(io::Error::other)?;
                writeln!(out)
            }
            other => Err(io::Error::other(format!(
                "{} output is not implemented here",
                other.name()
            ))),
        }
    }
}

impl crate::policy::check::Report {
    /// One line: how much is covered and how many problems.
    pub fn summary(&self) -> String {
        format!(
            "policy check: {} of {} resource type and tag pairs denied untagged; {} problem{}",
            self.covered,
            self.total,
            self.problems.len(),
            if self.problems.len() == 1 { "" } else { "s" }
        )
    }

    /// (title, message) of every failure: uncovered pairs, then problems.
    fn failures(&self) -> Vec<(String, String)> {
        self.coverage
            .iter()
            .filter(|c| !c.covered)
            .map(|c| {
                (
                    format!("costbrake: {} without {}", c.resource_type, c.tag),
                    format!(
                        "a create of {} without the tag {} is not denied",
                        c.resource_type, c.tag
                    ),
                )
            })
            .chain(self.problems.iter().map(|p| {
                (
                    format!("costbrake: policy problem in {}", p.source),
                    p.message.clone(),
                )
            }))
            .collect()
    }
}
