//! Renders `audit::Report`: table, JSON, NDJSON, CSV, SARIF 2.1.0, JUnit XML and GitHub annotations.

use std::collections::BTreeMap;
use std::io::{self, Write};

use comfy_table::Color;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{CsvData, Format, Render, Style, cell, table};
use crate::audit::{Finding, Report};
use crate::inventory::Source;

/// Stable SARIF rule ids: never renumber, only add.
const RULE_MISSING: &str = "CB001";
const RULE_EMPTY: &str = "CB002";

impl Render for Report {
    const WHAT: &'static str = "audit";
    const FORMATS: &'static [Format] = &[
        Format::Table,
        Format::Json,
        Format::Ndjson,
        Format::Csv,
        Format::Sarif,
        Format::Junit,
        Format::Github,
    ];

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        if !self.findings.is_empty() {
            let mut t = table(style);
            let many = !self.accounts.is_empty();
            let mut header = vec!["region", "type", "resource", "missing", "state"];
            if many {
                header.insert(0, "account");
            }
            t.set_header(header);
            for f in &self.findings {
                let resource = match &f.resource.name {
                    Some(name) if name != &f.resource.id => format!("{} ({name})", f.resource.id),
                    _ => f.resource.id.clone(),
                };
                let mut row = Vec::new();
                if many {
                    row.push(cell(&f.account, None, style));
                }
                row.extend([
                    cell(&f.resource.region, None, style),
                    cell(&f.resource.resource_type, None, style),
                    cell(resource, None, style),
                    cell(problem_text(f), Some(Color::Red), style),
                    cell(f.resource.state.as_deref().unwrap_or(""), None, style),
                ]);
                t.add_row(row);
            }
            writeln!(out, "{t}")?;
        }
        if !self.exempt.is_empty() {
            let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
            for e in &self.exempt {
                *reasons.entry(e.reason.as_str()).or_default() += 1;
            }
            for (reason, n) in reasons {
                writeln!(out, "exempt: {n} resource(s): {reason}")?;
            }
        }
        writeln!(out, "{}", coverage_table(self, style))?;
        for gap in &self.gaps {
            let what = gap.arn.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
            writeln!(
                out,
                "GAP: {} in {}{what}: {}",
                gap.source,
                super::place(gap),
                gap.error
            )?;
        }
        writeln!(out, "{}", summary_line(self))
    }

    fn csv(&self) -> CsvData {
        CsvData {
            headers: vec![
                "region", "type", "arn", "id", "name", "state", "missing", "empty", "sources", "account",
                "rule",
            ],
            rows: self
                .findings
                .iter()
                .map(|f| {
                    vec![
                        f.resource.region.clone(),
                        f.resource.resource_type.clone(),
                        f.resource.arn.clone(),
                        f.resource.id.clone(),
                        f.resource.name.clone().unwrap_or_default(),
                        f.resource.state.clone().unwrap_or_default(),
                        f.missing.join(";"),
                        f.empty.join(";"),
                        f.resource
                            .sources
                            .iter()
                            .map(|s| s.name())
                            .collect::<Vec<_>>()
                            .join(";"),
                        f.account.clone(),
                        f.rule.clone(),
                    ]
                })
                .collect(),
        }
    }

    fn write_special(&self, format: Format, out: &mut dyn Write, _style: &Style) -> io::Result<()> {
        match format {
            Format::Ndjson => ndjson(self, out),
            Format::Sarif => {
                serde_json::to_writer_pretty(&mut *out, &sarif(self)).map_err(io::Error::from)?;
                writeln!(out)
            }
            Format::Junit => junit(self, out),
            Format::Github => github(self, out),
            other => Err(io::Error::other(format!(
                "{} is not an audit format",
                other.name()
            ))),
        }
    }
}

/// `us-east-1`, or `account 111122223333 us-east-1` in an audit over several accounts.
fn where_found(report: &Report, f: &Finding) -> String {
    if report.accounts.is_empty() {
        f.resource.region.clone()
    } else {
        format!("account {} {}", f.account, f.resource.region)
    }
}

fn problem_text(f: &Finding) -> String {
    let mut parts: Vec<String> = f.missing.clone();
    parts.extend(f.empty.iter().map(|k| format!("{k} (empty)")));
    parts.join(", ")
}

/// One coverage row: a source across the regions it covered.
#[derive(Default)]
struct SourceRow {
    ok: Vec<String>,
    failed: Vec<String>,
    requests: u32,
    seen: usize,
    types: Vec<&'static str>,
}

fn coverage_table(report: &Report, style: &Style) -> comfy_table::Table {
    let mut rows: BTreeMap<Source, SourceRow> = BTreeMap::new();
    for c in &report.coverage {
        let row = rows.entry(c.source).or_default();
        if c.ok {
            row.ok.push(c.region.clone());
        } else {
            row.failed.push(c.region.clone());
        }
        row.requests += c.requests;
        row.seen += c.resources;
        row.types = c.types.clone();
    }
    let mut t = table(style);
    t.set_header(vec!["source", "types", "regions", "failed", "requests", "seen"]);
    for (source, mut row) in rows {
        // Over several accounts a region comes once per account: name it once.
        for regions in [&mut row.ok, &mut row.failed] {
            regions.sort();
            regions.dedup();
        }
        let types = if row.types == ["*"] {
            "every tagged type".to_string()
        } else {
            row.types.join(", ")
        };
        let failed_color = (!row.failed.is_empty()).then_some(Color::Red);
        t.add_row(vec![
            cell(source.name(), None, style),
            cell(types, None, style),
            cell(row.ok.join(", "), None, style),
            cell(row.failed.join(", "), failed_color, style),
            cell(row.requests, None, style),
            cell(row.seen, None, style),
        ]);
    }
    t
}

/// The one-line summary, also used by the GitHub format.
pub fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let regions = report.regions.len();
    let mut line = format!(
        "scanned {} resource(s) in {regions} region(s) and global services: {} non-compliant, {} compliant, {} exempt",
        s.scanned, s.non_compliant, s.compliant, s.exempt
    );
    if !s.by_missing_key.is_empty() {
        let keys: Vec<String> = s
            .by_missing_key
            .iter()
            .map(|(k, n)| format!("{k}: {n}"))
            .collect();
        line.push_str(&format!(" (missing or empty {})", keys.join(", ")));
    }
    if !report.accounts.is_empty() {
        let entered = report.accounts.iter().filter(|a| a.entered).count();
        line = format!("{} account(s) ({entered} entered): {line}", report.accounts.len());
    }
    if s.gaps > 0 {
        line.push_str(&format!(
            "; {} GAP(S): part of the scope could not be read",
            s.gaps
        ));
    }
    line.push_str(&format!("; {} AWS request(s)", s.requests));
    line
}

fn ndjson(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut line = |value: serde_json::Value| -> io::Result<()> {
        serde_json::to_writer(&mut *out, &value).map_err(io::Error::from)?;
        writeln!(out)
    };
    for f in &report.findings {
        let mut value = serde_json::to_value(f).map_err(io::Error::from)?;
        value["kind"] = json!("finding");
        line(value)?;
    }
    for e in &report.exempt {
        let mut value = serde_json::to_value(e).map_err(io::Error::from)?;
        value["kind"] = json!("exempt");
        line(value)?;
    }
    for g in &report.gaps {
        let mut value = serde_json::to_value(g).map_err(io::Error::from)?;
        value["kind"] = json!("gap");
        line(value)?;
    }
    line(json!({
        "kind": "summary",
        "schema": report.schema,
        "account": report.account,
        "accounts": report.accounts,
        "regions": report.regions,
        "required": report.required,
        "summary": report.summary,
    }))
}

/// A fingerprint that stays the same for the same rule on the same resource across runs.
fn fingerprint(rule: &str, arn: &str) -> String {
    hex::encode(Sha256::digest(format!("{rule}\n{arn}").as_bytes()))
}

fn sarif(report: &Report) -> serde_json::Value {
    let rules = json!([
        {
            "id": RULE_MISSING,
            "name": "MissingRequiredTag",
            "shortDescription": { "text": "A resource lacks a required cost-attribution tag" },
            "fullDescription": { "text": "Resources without the agent and run tags escape cost attribution: their spend shows up as untagged in Cost Explorer and Budgets." },
            "help": {
                "text": "Tag the resource at creation (TagSpecifications, or the service's Tags parameter) with every required key, or exempt it in costbrake.toml with a reason.",
                "markdown": "Tag the resource at creation with every required key, or exempt it in `costbrake.toml` (`[[audit.exempt]]`) with a reason."
            },
            "defaultConfiguration": { "level": "error" },
            "properties": { "tags": ["finops", "tagging", "cost-attribution"] }
        },
        {
            "id": RULE_EMPTY,
            "name": "EmptyRequiredTag",
            "shortDescription": { "text": "A required cost-attribution tag has an empty value" },
            "fullDescription": { "text": "An empty tag value attributes cost to nobody: Cost Explorer groups it with untagged cost." },
            "help": { "text": "Set a non-empty value for the tag.", "markdown": "Set a non-empty value for the tag." },
            "defaultConfiguration": { "level": "error" },
            "properties": { "tags": ["finops", "tagging", "cost-attribution"] }
        }
    ]);
    let mut results = Vec::new();
    for f in &report.findings {
        for (rule, index, keys, verb) in [
            (RULE_MISSING, 0, &f.missing, "is missing required tag(s)"),
            (RULE_EMPTY, 1, &f.empty, "has empty required tag(s)"),
        ] {
            if keys.is_empty() {
                continue;
            }
            results.push(json!({
                "ruleId": rule,
                "ruleIndex": index,
                "level": "error",
                "message": { "text": format!("{} {} in {} {verb}: {} (rule {})", f.resource.resource_type, f.resource.id, where_found(report, f), keys.join(", "), f.rule) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": artifact_uri(f) },
                        "region": { "startLine": 1 }
                    },
                    "logicalLocations": [{ "name": f.resource.id, "fullyQualifiedName": f.resource.arn, "kind": "resource" }]
                }],
                "partialFingerprints": { "costbrakeResource/v1": fingerprint(rule, &f.resource.arn) },
                "properties": { "account": f.account, "arn": f.resource.arn, "region": f.resource.region, "type": f.resource.resource_type, "keys": keys, "rule": f.rule }
            }));
        }
    }
    let notifications: Vec<serde_json::Value> = report
        .gaps
        .iter()
        .map(|g| {
            json!({
                "level": "error",
                "message": { "text": format!("{} in {} could not be read: {}", g.source, super::place(g), g.error) }
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "costbrake",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules
                }
            },
            "automationDetails": { "id": format!("costbrake/audit/{}/", report.account) },
            "invocations": [{
                "executionSuccessful": report.gaps.is_empty(),
                "toolExecutionNotifications": notifications
            }],
            "results": results
        }]
    })
}

/// A stable pseudo-path per resource, so that code-scanning tools that need a file location accept it.
fn artifact_uri(f: &Finding) -> String {
    let clean = |s: &str| s.replace([':', '/', ' '], "_");
    format!(
        "aws/{}/{}/{}/{}",
        f.account,
        clean(&f.resource.region),
        f.resource.resource_type.replace(':', "/"),
        clean(&f.resource.id)
    )
}

fn junit(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    use quick_xml::escape::escape;
    // Over several accounts, each account's findings are suites of their own.
    let many = !report.accounts.is_empty();
    let mut suites: BTreeMap<(String, String), Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        let region = if many {
            format!("{} {}", f.account, f.resource.region)
        } else {
            f.resource.region.clone()
        };
        suites
            .entry((region, f.resource.resource_type.clone()))
            .or_default()
            .push(f);
    }
    let failures = report.findings.len();
    let errors = report.gaps.len();
    // Compliant resources count as passing tests, in one summary case, so totals match the scan.
    let tests = failures + errors + usize::from(report.summary.compliant > 0) + report.exempt.len();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="costbrake audit" tests="{tests}" failures="{failures}" errors="{errors}">"#
    )?;
    for ((region, rtype), findings) in &suites {
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{n}" failures="{n}" errors="0" skipped="0">"#,
            escape(format!("{region} {rtype}")),
            n = findings.len()
        )?;
        for f in findings {
            let message = format!(
                "{} {}: {} (rule {})",
                f.resource.resource_type,
                f.resource.id,
                problem_text(f),
                f.rule
            );
            writeln!(
                out,
                r#"    <testcase name="{}" classname="{}">"#,
                escape(f.resource.arn.as_str()),
                escape(format!("costbrake.audit.{}.{rtype}", region.replace(' ', ".")))
            )?;
            writeln!(
                out,
                r#"      <failure message="{}" type="{}">{}</failure>"#,
                escape(message.as_str()),
                if f.missing.is_empty() {
                    "EmptyRequiredTag"
                } else {
                    "MissingRequiredTag"
                },
                escape(format!(
                    "missing: {}\nempty: {}\ntags: {:?}",
                    f.missing.join(", "),
                    f.empty.join(", "),
                    f.resource.tags
                ))
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    let compliant = usize::from(report.summary.compliant > 0);
    writeln!(
        out,
        r#"  <testsuite name="compliant and exempt" tests="{}" failures="0" errors="0" skipped="{}">"#,
        compliant + report.exempt.len(),
        report.exempt.len()
    )?;
    if compliant > 0 {
        writeln!(
            out,
            r#"    <testcase name="{} compliant resource(s)" classname="costbrake.audit"/>"#,
            report.summary.compliant
        )?;
    }
    for e in &report.exempt {
        writeln!(
            out,
            r#"    <testcase name="{}" classname="costbrake.audit.exempt"><skipped message="{}"/></testcase>"#,
            escape(e.arn.as_str()),
            escape(format!("exempt: {}", e.reason))
        )?;
    }
    writeln!(out, "  </testsuite>")?;
    if !report.gaps.is_empty() {
        writeln!(
            out,
            r#"  <testsuite name="coverage" tests="{errors}" failures="0" errors="{errors}" skipped="0">"#
        )?;
        for g in &report.gaps {
            writeln!(
                out,
                r#"    <testcase name="{}" classname="costbrake.audit.coverage"><error message="{}"/></testcase>"#,
                escape(format!("{} {}", g.source, super::place(g))),
                escape(g.error.as_str())
            )?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// Escapes workflow-command data (`%`, CR, LF), per GitHub's toolkit.
pub(super) fn gh_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes workflow-command properties (also `:` and `,`).
pub(super) fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.findings {
        writeln!(
            out,
            "::error title={}::{}",
            gh_property(&format!("costbrake: untagged {}", f.resource.resource_type)),
            gh_data(&format!(
                "{} in {} lacks {} (rule {}; {})",
                f.resource.id,
                where_found(report, f),
                problem_text(f),
                f.rule,
                f.resource.arn
            ))
        )?;
    }
    for g in &report.gaps {
        writeln!(
            out,
            "::error title={}::{}",
            gh_property("costbrake: audit gap"),
            gh_data(&format!(
                "{} in {} could not be read: {}",
                g.source,
                super::place(g),
                g.error
            ))
        )?;
    }
    writeln!(out, "{}", summary_line(report))?;
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        file.write_all(markdown_summary(report).as_bytes())?;
    }
    Ok(())
}

/// The job summary: totals, then the first 100 findings.
fn markdown_summary(report: &Report) -> String {
    const LIMIT: usize = 100;
    let s = &report.summary;
    let verdict = if s.non_compliant == 0 && s.gaps == 0 {
        "✅ compliant"
    } else {
        "❌ not compliant"
    };
    let mut md = format!(
        "## costbrake audit: {verdict}\n\nRequired tags: {}. Regions: {}.\n\n\
         | scanned | non-compliant | compliant | exempt | gaps |\n|---:|---:|---:|---:|---:|\n\
         | {} | {} | {} | {} | {} |\n\n",
        report
            .required
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", "),
        report.regions.join(", "),
        s.scanned,
        s.non_compliant,
        s.compliant,
        s.exempt,
        s.gaps
    );
    if !report.findings.is_empty() {
        md.push_str("| region | type | resource | missing |\n|---|---|---|---|\n");
        for f in report.findings.iter().take(LIMIT) {
            md.push_str(&format!(
                "| {} | {} | `{}` | {} |\n",
                f.resource.region,
                f.resource.resource_type,
                f.resource.id,
                problem_text(f).replace('|', "\\|")
            ));
        }
        if report.findings.len() > LIMIT {
            md.push_str(&format!("\n…and {} more.\n", report.findings.len() - LIMIT));
        }
    }
    for g in &report.gaps {
        md.push_str(&format!(
            "\n⚠️ {} in {} could not be read: {}\n",
            g.source,
            super::place(g),
            g.error
        ));
    }
    md.push('\n');
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping_follows_the_toolkit() {
        assert_eq!(gh_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(gh_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn fingerprints_are_stable_and_rule_specific() {
        let a = fingerprint(RULE_MISSING, "arn:aws:ec2:us-east-1:1:instance/i-1");
        assert_eq!(
            a,
            fingerprint(RULE_MISSING, "arn:aws:ec2:us-east-1:1:instance/i-1")
        );
        assert_ne!(a, fingerprint(RULE_EMPTY, "arn:aws:ec2:us-east-1:1:instance/i-1"));
        assert_eq!(a.len(), 64);
    }
}
