//! The one output layer. Capabilities return `Serialize` data; this module turns it into a table,
//! JSON or CSV on stdout, and writes every message meant for a person (notes, warnings, errors) to
//! stderr. Colour is used only on a terminal, never when `NO_COLOR` is set or `--color never` is given.
//!
//! JSON is a stable contract: every document carries a `schema` field (e.g. `costbrake.doctor/v1`),
//! fields are only added within a schema version, and money is a decimal string, never a float.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)] // this module is where printing is allowed

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use crate::error::{Error, Result};

mod audit;
mod budgets;
mod chart;
mod doctor;
mod guard;
mod html;
mod kill;
mod policy;
mod progress;
mod prompt;
mod report;
mod run;
mod sandbox;

pub use audit::summary_line as audit_summary;
pub use budgets::{
    change_line as budget_change_line, import_notes as budget_import_notes,
    sync_summary as budget_sync_summary,
};
pub use progress::{progress, waiting};
pub use prompt::{can_prompt, confirm_typed};
pub use report::{render_report, sparkline};
pub use run::{github_env_lines, shell_exports};

/// Result formats on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Human-readable tables
    Table,
    /// One JSON document (stable, documented schema)
    Json,
    /// Comma-separated values with a header row
    Csv,
    /// One JSON object per line (findings, then a summary)
    Ndjson,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
    Sarif,
    /// JUnit XML, for CI test reports (GitLab, Jenkins, ...)
    Junit,
    /// GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY
    Github,
    /// One self-contained HTML page with a chart (report, report runs), to open or forward
    Html,
    /// The chart alone, as an SVG image (report, report runs)
    Svg,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Ndjson => "ndjson",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Html => "html",
            Format::Svg => "svg",
        }
    }
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour on a terminal unless NO_COLOR is set
    Auto,
    Always,
    Never,
}

/// How output looks on this run.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Colour on stdout.
    pub color: bool,
    /// Colour on stderr.
    pub color_stderr: bool,
    /// Whether stderr is a terminal (progress indicators, prompts).
    pub stderr_is_terminal: bool,
    /// `--quiet`: no notes on stderr.
    pub quiet: bool,
}

impl Style {
    /// Resolves the style from `--color`, `--quiet`, `NO_COLOR`, `TERM` and the terminals.
    pub fn detect(choice: ColorChoice, quiet: bool) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let resolve = |is_terminal: bool| match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && !no_color && !dumb,
        };
        let stderr_is_terminal = io::stderr().is_terminal();
        Style {
            color: resolve(io::stdout().is_terminal()),
            color_stderr: resolve(stderr_is_terminal),
            stderr_is_terminal,
            quiet,
        }
    }

    /// A plain style for tests and files: no colour, no terminal.
    pub fn plain() -> Self {
        Style {
            color: false,
            color_stderr: false,
            stderr_is_terminal: false,
            quiet: false,
        }
    }
}

/// Rows for CSV output: a header and records of equal length.
#[derive(Debug, Clone, Default)]
pub struct CsvData {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// Data that can be rendered. Implementations live in this module's submodules, one per capability.
pub trait Render: Serialize {
    /// What the data is, for messages ("doctor report").
    const WHAT: &'static str;
    /// The formats this data supports.
    const FORMATS: &'static [Format];

    /// Writes the human-readable form.
    fn table(&self, out: &mut dyn Write, style: &Style) -> io::Result<()>;

    /// The flat rows for CSV, where `FORMATS` includes it.
    fn csv(&self) -> CsvData {
        CsvData::default()
    }

    /// Writes a format beyond table, JSON and CSV, where `FORMATS` includes it.
    fn write_special(&self, format: Format, _out: &mut dyn Write, _style: &Style) -> io::Result<()> {
        Err(io::Error::other(format!(
            "{} output is not implemented for the {}",
            format.name(),
            Self::WHAT
        )))
    }
}

/// Fails early, before any AWS call, when `format` is not supported for `T`.
pub fn ensure_supported<T: Render>(format: Format) -> Result<()> {
    if T::FORMATS.contains(&format) {
        return Ok(());
    }
    let names: Vec<&str> = T::FORMATS.iter().map(|f| f.name()).collect();
    // clap lists every format; say which ones this command has.
    Err(Error::usage(format!(
        "--output {} is not available for the {}; use one of: {}",
        format.name(),
        T::WHAT,
        names.join(", ")
    )))
}

/// Renders `value` to stdout.
pub fn render<T: Render>(value: &T, format: Format, style: &Style) -> Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    render_to(&mut out, value, format, style)?;
    out.flush().map_err(|e| Error::io("writing to stdout", e))
}

/// Renders `value` to stderr: for a command whose stdout belongs to another program (`costbrake run`'s
/// child).
pub fn render_stderr<T: Render>(value: &T, format: Format, style: &Style) -> Result<()> {
    let stderr = io::stderr();
    let mut out = stderr.lock();
    render_to(&mut out, value, format, style)?;
    out.flush().map_err(|e| Error::io("writing to stderr", e))
}

/// Renders `value` to any writer.
pub fn render_to<T: Render>(out: &mut dyn Write, value: &T, format: Format, style: &Style) -> Result<()> {
    ensure_supported::<T>(format)?;
    let written = match format {
        Format::Table => value.table(out, style),
        Format::Json => write_json(out, value),
        Format::Csv => write_csv(out, &value.csv()),
        other => value.write_special(other, out, style),
    };
    written.map_err(|e| Error::io("writing to stdout", e))
}

/// Shows a plan to a person before anything changes: on stdout with table output, else on stderr, so
/// that stdout keeps only the machine-readable result.
pub fn render_preview<T: Render>(value: &T, format: Format, style: &Style) -> Result<()> {
    if format == Format::Table {
        render(value, Format::Table, style)
    } else {
        render_to(&mut io::stderr().lock(), value, Format::Table, style)
    }
}

/// Writes raw bytes made by `write` (completions, the man page) to stdout.
pub fn write_stdout(what: &'static str, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| Error::io(what, e))
}

fn write_json<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    // `io::Error::from` keeps the kind of an underlying I/O error, so a closed pipe stays `BrokenPipe`.
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}

fn write_csv(out: &mut dyn Write, data: &CsvData) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(&data.headers).map_err(io::Error::other)?;
    for row in &data.rows {
        writer.write_record(row).map_err(io::Error::other)?;
    }
    writer.flush()
}

/// A new table in costbrake's look: compact borders, wrapped to the terminal.
pub(crate) fn table(style: &Style) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table
        .load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .apply_modifier(comfy_table::modifiers::UTF8_ROUND_CORNERS)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    if !style.color {
        table.force_no_tty();
    }
    table
}

/// The width output must fit, in columns: `COLUMNS` when it is set to a number (as `ls` and most CLIs
/// honour it), else the terminal's when stdout is one, else `fallback` (piped output has no width of
/// its own; a fixed one keeps a log or a CI page readable).
pub(crate) fn line_width(fallback: u16) -> u16 {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok());
    columns
        .filter(|&c| c > 0)
        .or_else(|| comfy_table::Table::new().width())
        .unwrap_or(fallback)
        // Narrower than this, no table has room for its borders and a word per column.
        .max(40)
}

/// `text` word-wrapped into lines of at most `width` characters; a word longer than a line (a URL) is
/// split.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        let fits = line.chars().count() + 1 + word.chars().count() <= width;
        if !line.is_empty() && !fits {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A cell, coloured when colour is on.
pub(crate) fn cell(
    text: impl ToString,
    color: Option<comfy_table::Color>,
    style: &Style,
) -> comfy_table::Cell {
    let cell = comfy_table::Cell::new(on_terminal(&text.to_string()));
    match color {
        Some(c) if style.color => cell.fg(c),
        _ => cell,
    }
}

/// A note for a person on stderr (suppressed by `--quiet`).
pub fn note(style: &Style, message: &str) {
    if !style.quiet {
        eprintln!("{}", on_terminal(message));
    }
}

/// A warning on stderr (suppressed by `--quiet`).
pub fn warn(style: &Style, message: &str) {
    if !style.quiet {
        let label = paint("warning:", "33", style.color_stderr);
        eprintln!("costbrake: {label} {}", on_terminal(&message.replace('\n', " ")));
    }
}

/// The one error line, on stderr. Never suppressed.
pub fn error_line(message: &str, color: bool) {
    let label = paint("error:", "31", color);
    let message = on_terminal(&message.replace('\n', " "));
    let _ = writeln!(io::stderr(), "costbrake: {label} {message}");
}

/// A message with its control characters escaped, line by line: text that came from the user or from AWS
/// (a tag value, an error message) cannot drive the terminal.
pub(crate) fn on_terminal(message: &str) -> String {
    message
        .split('\n')
        .map(|line| crate::text::escape_controls(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

fn paint(text: &str, ansi: &str, color: bool) -> String {
    if color {
        format!("\x1b[1;{ansi}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Where a gap is: its region, with its account in a command over several.
pub(crate) fn place(gap: &crate::inventory::Gap) -> String {
    match &gap.account {
        Some(account) => format!("account {account} {}", gap.region),
        None => gap.region.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    #[cfg_attr(test, derive(schemars::JsonSchema))]
    struct Sample {
        schema: &'static str,
        n: u32,
    }

    impl Render for Sample {
        const WHAT: &'static str = "sample";
        const FORMATS: &'static [Format] = &[Format::Table, Format::Json, Format::Csv];
        fn table(&self, out: &mut dyn Write, _style: &Style) -> io::Result<()> {
            writeln!(out, "n = {}", self.n)
        }
        fn csv(&self) -> CsvData {
            CsvData {
                headers: vec!["n", "note"],
                rows: vec![vec![self.n.to_string(), "a, \"quoted\" value".into()]],
            }
        }
    }

    struct JsonOnly;
    impl Serialize for JsonOnly {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            s.serialize_unit()
        }
    }
    impl Render for JsonOnly {
        const WHAT: &'static str = "json-only thing";
        const FORMATS: &'static [Format] = &[Format::Table, Format::Json];
        fn table(&self, _out: &mut dyn Write, _style: &Style) -> io::Result<()> {
            Ok(())
        }
    }

    fn rendered<T: Render>(value: &T, format: Format) -> String {
        let mut buf = Vec::new();
        render_to(&mut buf, value, format, &Style::plain()).expect("renders");
        String::from_utf8(buf).expect("utf-8")
    }

    #[test]
    fn json_is_pretty_and_ends_with_newline() {
        let text = rendered(&Sample { schema: "s/v1", n: 3 }, Format::Json);
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid json");
        assert_eq!(value["n"], 3);
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn csv_quotes_fields_that_need_it() {
        let text = rendered(&Sample { schema: "s/v1", n: 3 }, Format::Csv);
        assert_eq!(text, "n,note\n3,\"a, \"\"quoted\"\" value\"\n");
    }

    #[test]
    fn wrap_keeps_every_line_within_the_width_and_every_word() {
        let text = "the endpoint http://127.0.0.1:5599/a-very-long-path-without-spaces does not implement it";
        let lines = wrap(text, 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        assert_eq!(wrap("a b", 20), ["a b"]);
        assert!(wrap("", 20).is_empty());
    }

    #[test]
    fn unsupported_format_is_a_usage_error_naming_the_alternatives() {
        let err = ensure_supported::<JsonOnly>(Format::Csv).unwrap_err();
        assert_eq!(err.exit_code(), crate::ExitCode::Usage);
        assert!(err.to_string().contains("use one of: table, json"), "{err}");
    }
}
