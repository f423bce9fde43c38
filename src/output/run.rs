//! Renders `costbrake run` results: the run list (table, JSON, CSV), what a run left behind, and a run's
//! variables as shell exports or GitHub Actions environment lines.

use std::io::{self, Write};

use comfy_table::Color;

use super::{CsvData, Format, Render, Style, cell, table};
use crate::agent_run::ledger::{Listing, Run};
use crate::agent_run::leftovers::Leftovers;

fn exit_text(run: &Run) -> String {
    match &run.end {
        None => "-".into(),
        Some(end) => match (end.ending, end.signal) {
            (crate::agent_run::Ending::TimedOut, _) => format!("{} (max duration)", end.exit_code),
            (_, Some(signal)) => format!("{} (signal {signal})", end.exit_code),
            _ => end.exit_code.to_string(),
        },
    }
}

pub(super) fn duration_text(seconds: Option<f64>) -> String {
    match seconds {
        None => "-".into(),
        Some(s) if s < 60.0 => format!("{s:.1}s"),
        Some(s) if s < 3600.0 => format!("{}m{:02}s", (s / 60.0) as u64, (s % 60.0) as u64),
        Some(s) => format!("{}h{:02}m", (s / 3600.0) as u64, ((s % 3600.0) / 60.0) as u64),
    }
}

fn leftovers_text(run: &Run) -> String {
    match run.end.as_ref() {
        Some(end) => match (end.leftovers, &end.kill_id) {
            (_, Some(kill_id)) => format!("stopped ({kill_id})"),
            (Some(n), None) => n.to_string(),
            (None, None) => "-".into(),
        },
        None => "-".into(),
    }
}

/// The command as one line, each word quoted as a shell would need it.
fn command_text(run: &Run) -> String {
    if run.start.command.is_empty() {
        return format!("(run {})", run.start.via);
    }
    let line = run
        .start
        .command
        .iter()
        .map(|w| crate::agent_run::session::shell_quote(w))
        .collect::<Vec<_>>()
        .join(" ");
    crate::text::cut(&line, 60).map_or(line, |cut| format!("{cut}…"))
}

impl Render for Listing {
    const WHAT: &'static str = "run list";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json, Format::Csv];

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        if self.runs.is_empty() {
            return writeln!(
                out,
                "no runs recorded in {}; start one with `costbrake run --agent NAME -- COMMAND`",
                self.ledger
            );
        }
        let many = !self.accounts.is_empty();
        let mut t = table(style);
        let mut header = vec![
            "run id",
            "agent",
            "started",
            "duration",
            "status",
            "exit",
            "leftovers",
            "command",
        ];
        if many {
            header.insert(2, "account");
        }
        t.set_header(header);
        for run in &self.runs {
            let color = match run.status.as_str() {
                "running" => Some(Color::Cyan),
                "lost" => Some(Color::Yellow),
                _ => None,
            };
            let exit_color = run.end.as_ref().filter(|e| e.exit_code != 0).map(|_| Color::Red);
            let mut row = vec![
                cell(&run.start.run_id, None, style),
                cell(&run.start.agent, None, style),
            ];
            if many {
                row.push(cell(run.account.as_deref().unwrap_or("?"), None, style));
            }
            row.extend([
                cell(run.start.started.strftime("%Y-%m-%d %H:%M:%SZ"), None, style),
                cell(duration_text(run.duration_seconds), None, style),
                cell(&run.status, color, style),
                cell(exit_text(run), exit_color, style),
                cell(leftovers_text(run), None, style),
                cell(command_text(run), None, style),
            ]);
            t.add_row(row);
        }
        writeln!(out, "{t}")
    }

    fn csv(&self) -> CsvData {
        CsvData {
            headers: vec![
                "run_id",
                "agent",
                "started",
                "ended",
                "duration_seconds",
                "status",
                "exit_code",
                "signal",
                "ending",
                "leftovers",
                "kill_id",
                "caller",
                "role_session_arn",
                "command",
                "account",
            ],
            rows: self
                .runs
                .iter()
                .map(|run| {
                    let end = run.end.as_ref();
                    vec![
                        run.start.run_id.clone(),
                        run.start.agent.clone(),
                        run.start.started.to_string(),
                        end.map(|e| e.ended.to_string()).unwrap_or_default(),
                        run.duration_seconds.map(|d| d.to_string()).unwrap_or_default(),
                        run.status.clone(),
                        end.map(|e| e.exit_code.to_string()).unwrap_or_default(),
                        end.and_then(|e| e.signal)
                            .map(|s| s.to_string())
                            .unwrap_or_default(),
                        end.map(|e| {
                            serde_json::to_value(e.ending)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                                .unwrap_or_default()
                        })
                        .unwrap_or_default(),
                        end.and_then(|e| e.leftovers)
                            .map(|n| n.to_string())
                            .unwrap_or_default(),
                        end.and_then(|e| e.kill_id.clone()).unwrap_or_default(),
                        run.start.caller.clone().unwrap_or_default(),
                        run.start.role_session_arn.clone().unwrap_or_default(),
                        run.start.command.join(" "),
                        run.account.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        }
    }
}

impl Render for Leftovers {
    const WHAT: &'static str = "run's leftovers";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()> {
        let regions = self.regions.join(", ");
        if self.resources.is_empty() {
            return writeln!(
                out,
                "costbrake: run {} left nothing behind in {regions} ({} requests)",
                self.run_id, self.requests
            );
        }
        writeln!(
            out,
            "costbrake: run {} left {} resource{} tagged {}={} in {regions}:",
            self.run_id,
            self.resources.len(),
            if self.resources.len() == 1 { "" } else { "s" },
            self.run_tag,
            self.run_id
        )?;
        let mut t = table(style);
        t.set_header(vec!["type", "region", "id", "name", "state"]);
        for r in &self.resources {
            t.add_row(vec![
                cell(&r.resource_type, None, style),
                cell(&r.region, None, style),
                cell(&r.id, None, style),
                cell(r.name.as_deref().unwrap_or("-"), None, style),
                cell(r.state.as_deref().unwrap_or("-"), None, style),
            ]);
        }
        writeln!(out, "{t}")?;
        writeln!(
            out,
            "stop them with `costbrake kill --run {}` (or start the run with --on-exit kill)",
            self.run_id
        )
    }
}

/// `export NAME='value'` lines, for `eval "$(costbrake run env ...)"` in sh, bash and zsh.
pub fn shell_exports(vars: &[(String, String)]) -> String {
    vars.iter()
        .map(|(name, value)| format!("export {name}='{}'\n", value.replace('\'', "'\\''")))
        .collect()
}

/// Lines for the file `$GITHUB_ENV` names: `NAME=value`, or the delimited form for a value with a line
/// break (GitHub's multiline syntax).
pub fn github_env_lines(vars: &[(String, String)]) -> String {
    vars.iter()
        .map(|(name, value)| {
            if value.contains('\n') || value.contains('\r') {
                let delimiter = format!("costbrake_{}", uuid::Uuid::new_v4().simple());
                format!("{name}<<{delimiter}\n{value}\n{delimiter}\n")
            } else {
                format!("{name}={value}\n")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_quote_for_the_shell() {
        let vars = vec![
            ("AGENT_NAME".to_string(), "it's mine".to_string()),
            ("AGENT_RUN_ID".to_string(), "r1".to_string()),
        ];
        assert_eq!(
            shell_exports(&vars),
            "export AGENT_NAME='it'\\''s mine'\nexport AGENT_RUN_ID='r1'\n"
        );
        assert_eq!(github_env_lines(&vars), "AGENT_NAME=it's mine\nAGENT_RUN_ID=r1\n");
        let multi = github_env_lines(&[("B".into(), "a\nb".into())]);
        let delimiter = multi
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("B<<"))
            .expect("delimited");
        assert_eq!(multi, format!("B<<{delimiter}\na\nb\n{delimiter}\n"));
    }

    #[test]
    fn durations_read_at_a_glance() {
        assert_eq!(duration_text(Some(2.5)), "2.5s");
        assert_eq!(duration_text(Some(125.0)), "2m05s");
        assert_eq!(duration_text(Some(7260.0)), "2h01m");
        assert_eq!(duration_text(None), "-");
    }
}
