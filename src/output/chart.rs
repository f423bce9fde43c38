//! Stacked bar charts as SVG, drawn with plotters' SVG backend: cost per period by group for
//! `report -o html|svg`, and cost per agent split into typical runs, runaway runs and cost without a
//! run id for `report runs`. The series are shaped here from the report data; plotters draws them.
//!
//! Amounts become `f64` only as drawing coordinates; every number printed beside the chart (the
//! tables of the HTML page) comes from `Decimal`.

use plotters::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::report::Report;
use crate::report::runs::RunsReport;

/// How many groups get a series of their own; the rest of the tagged rows are folded into "other".
pub(crate) const MAX_GROUP_SERIES: usize = 8;
/// How many agents the runs chart draws, costliest first.
pub(crate) const MAX_AGENT_BARS: usize = 12;
/// The series name of folded rows.
pub(crate) const OTHER: &str = "other";
/// The series name of untagged cost.
pub(crate) const UNTAGGED: &str = "(untagged)";

const WIDTH: u32 = 960;
const HEIGHT: u32 = 440;
/// The legend panel on the right of the plot.
const LEGEND_WIDTH: u32 = 250;
/// The longest legend label, in characters.
const LEGEND_CHARS: usize = 30;

/// Colour-blind-safe colours for the groups (Tableau 10, without its grey and yellow).
const GROUP_COLORS: [RGBColor; MAX_GROUP_SERIES] = [
    RGBColor(0x4E, 0x79, 0xA7),
    RGBColor(0xF2, 0x8E, 0x2B),
    RGBColor(0x59, 0xA1, 0x4F),
    RGBColor(0xB0, 0x7A, 0xA1),
    RGBColor(0x76, 0xB7, 0xB2),
    RGBColor(0xFF, 0x9D, 0xA7),
    RGBColor(0x9C, 0x75, 0x5F),
    RGBColor(0x2F, 0x4B, 0x7C),
];
const OTHER_COLOR: RGBColor = RGBColor(0xBA, 0xB0, 0xAC);
/// Untagged cost is yellow, as in the terminal table.
const UNTAGGED_COLOR: RGBColor = RGBColor(0xED, 0xC9, 0x48);
/// Runaway runs are red, as in the terminal table.
const RUNAWAY_COLOR: RGBColor = RGBColor(0xE1, 0x57, 0x59);

/// What a series stands for, which picks its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The n-th group of the report.
    Group(usize),
    Other,
    Untagged,
    Runaway,
    /// The total row's trend.
    Total,
}

impl Kind {
    fn color(self) -> RGBColor {
        match self {
            Kind::Group(i) => GROUP_COLORS[i % GROUP_COLORS.len()],
            Kind::Other => OTHER_COLOR,
            Kind::Untagged => UNTAGGED_COLOR,
            Kind::Runaway => RUNAWAY_COLOR,
            Kind::Total => RGBColor(0x57, 0x60, 0x6A),
        }
    }

    /// The colour as `#RRGGBB`, for the HTML legend and tables.
    pub(crate) fn hex(self) -> String {
        let RGBColor(r, g, b) = self.color();
        format!("#{r:02X}{g:02X}{b:02X}")
    }
}

/// One stacked series: an amount per bar.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Series {
    pub name: String,
    pub kind: Kind,
    pub amounts: Vec<Decimal>,
}

/// A stacked bar chart: one bar per label, one segment per series.
#[derive(Debug, Clone)]
pub(crate) struct Bars {
    pub caption: String,
    pub labels: Vec<String>,
    /// Bars drawn lighter: the estimated periods.
    pub light: Vec<bool>,
    pub series: Vec<Series>,
    pub currency: String,
}

/// A row's label: its keys joined, untagged keys named.
pub(crate) fn row_label(keys: &[Option<String>]) -> String {
    keys.iter()
        .map(|k| k.clone().unwrap_or_else(|| UNTAGGED.to_string()))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The report's series: its costliest tagged rows (up to [`MAX_GROUP_SERIES`]), then "other" (the rows
/// beyond them and those `--top` folded), then all untagged rows as one. Series that are zero in every
/// period are left out.
pub(crate) fn report_series(report: &Report) -> Vec<Series> {
    let periods = report.periods.len();
    let mut series = Vec::new();
    let mut other = report
        .other
        .as_ref()
        .map(|o| o.amounts.clone())
        .unwrap_or_else(|| vec![Decimal::ZERO; periods]);
    let mut untagged = vec![Decimal::ZERO; periods];
    let add = |into: &mut Vec<Decimal>, amounts: &[Decimal]| {
        for (sum, amount) in into.iter_mut().zip(amounts) {
            *sum += *amount;
        }
    };
    for row in &report.rows {
        if row.untagged {
            add(&mut untagged, &row.amounts);
        } else if series.len() < MAX_GROUP_SERIES {
            series.push(Series {
                name: row_label(&row.keys),
                kind: Kind::Group(series.len()),
                amounts: row.amounts.clone(),
            });
        } else {
            add(&mut other, &row.amounts);
        }
    }
    for (name, kind, amounts) in [(OTHER, Kind::Other, other), (UNTAGGED, Kind::Untagged, untagged)] {
        series.push(Series {
            name: name.to_string(),
            kind,
            amounts,
        });
    }
    series.retain(|s| s.amounts.iter().any(|a| !a.is_zero()));
    series
}

/// The report's chart: a bar per period.
pub(crate) fn report_bars(report: &Report, caption: String) -> Bars {
    Bars {
        caption,
        labels: report.periods.iter().map(|p| p.start.clone()).collect(),
        light: report.periods.iter().map(|p| p.estimated).collect(),
        series: report_series(report),
        currency: report.currency.clone(),
    }
}

/// The runs chart: a bar per agent (the costliest [`MAX_AGENT_BARS`]), split into typical runs,
/// runaway runs and the agent's cost without a run id; cost with neither tag is a last bar of its own.
pub(crate) fn runs_bars(runs: &RunsReport, caption: String) -> Bars {
    let agents: Vec<_> = runs.agents.iter().take(MAX_AGENT_BARS).collect();
    let mut labels: Vec<String> = agents
        .iter()
        .map(|a| a.agent.clone().unwrap_or_else(|| "(no agent)".to_string()))
        .collect();
    let runaway: Vec<Decimal> = agents
        .iter()
        .map(|a| a.runaway.iter().map(|r| r.cost).sum())
        .collect();
    let mut typical: Vec<Decimal> = agents
        .iter()
        .zip(&runaway)
        .map(|(a, r)| a.total - a.unattributed - r)
        .collect();
    let mut runaway = runaway;
    let mut no_run: Vec<Decimal> = agents.iter().map(|a| a.unattributed).collect();
    if !runs.untagged.is_zero() {
        labels.push("(no agent, no run id)".to_string());
        typical.push(Decimal::ZERO);
        runaway.push(Decimal::ZERO);
        no_run.push(runs.untagged);
    }
    let mut series = vec![
        Series {
            name: "typical runs".into(),
            kind: Kind::Group(0),
            amounts: typical,
        },
        Series {
            name: "runaway runs".into(),
            kind: Kind::Runaway,
            amounts: runaway,
        },
        Series {
            name: "no run id".into(),
            kind: Kind::Untagged,
            amounts: no_run,
        },
    ];
    series.retain(|s| s.amounts.iter().any(|a| !a.is_zero()));
    Bars {
        caption,
        light: vec![false; labels.len()],
        labels,
        series,
        currency: runs.currency.clone(),
    }
}

fn float(amount: Decimal) -> f64 {
    amount.to_f64().unwrap_or(0.0)
}

/// A label cut to `max` characters, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// An axis amount: `1.2k`, `350`, `0.25`.
fn axis_amount(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude >= 10_000.0 {
        format!("{:.0}k", value / 1000.0)
    } else if magnitude >= 1000.0 {
        format!("{:.1}k", value / 1000.0)
    } else if magnitude >= 10.0 || value == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

/// Draws `bars` as one SVG document. Positive amounts stack up from zero, negative ones (credits,
/// refunds) down from it.
pub(crate) fn svg(bars: &Bars) -> Result<String, String> {
    let mut out = String::new();
    draw(bars, &mut out).map_err(|e| format!("drawing the chart: {e}"))?;
    Ok(out)
}

fn draw(bars: &Bars, out: &mut String) -> Result<(), Box<dyn std::error::Error>> {
    let n = bars.labels.len();
    // Each bar's stack tops, up and down.
    let (mut up, mut down) = (vec![0.0_f64; n], vec![0.0_f64; n]);
    for series in &bars.series {
        for (i, amount) in series.amounts.iter().enumerate().take(n) {
            let v = float(*amount);
            if v >= 0.0 {
                up[i] += v;
            } else {
                down[i] += v;
            }
        }
    }
    let top = up.iter().copied().fold(0.0, f64::max);
    let bottom = down.iter().copied().fold(0.0, f64::min);
    let (top, bottom) = if top == 0.0 && bottom == 0.0 {
        (1.0, 0.0)
    } else {
        (top * 1.08, bottom * 1.08)
    };

    let root = SVGBackend::with_string(out, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let (plot, legend) = root.split_horizontally(WIDTH - LEGEND_WIDTH);
    let labels = &bars.labels;
    let light = &bars.light;
    let mut chart = ChartBuilder::on(&plot)
        .caption(&bars.caption, ("sans-serif", 16))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(64)
        // plotters' integer ranges include their end: `0..n - 1` is n segments.
        .build_cartesian_2d((0..n.max(1) as u32 - 1).into_segmented(), bottom..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .x_labels(n.clamp(1, 12))
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => labels
                .get(*i as usize)
                .map(|l| {
                    let l = shorten(l, 14);
                    if light.get(*i as usize).copied().unwrap_or(false) {
                        format!("{l}*")
                    } else {
                        l
                    }
                })
                .unwrap_or_default(),
            _ => String::new(),
        })
        .y_desc(bars.currency.as_str())
        .y_label_formatter(&|v| axis_amount(*v))
        .draw()?;

    let (mut up, mut down) = (vec![0.0_f64; n], vec![0.0_f64; n]);
    for series in &bars.series {
        let color = series.kind.color();
        let mut segments = Vec::new();
        for (i, amount) in series.amounts.iter().enumerate().take(n) {
            let v = float(*amount);
            if v == 0.0 {
                continue;
            }
            let stack = if v > 0.0 { &mut up[i] } else { &mut down[i] };
            let (from, to) = (*stack, *stack + v);
            *stack = to;
            let x = i as u32;
            let fill = if light[i] {
                color.mix(0.45).filled()
            } else {
                color.filled()
            };
            let mut rect = Rectangle::new(
                [(SegmentValue::Exact(x), from), (SegmentValue::Exact(x + 1), to)],
                fill,
            );
            rect.set_margin(0, 0, 3, 3);
            segments.push(rect);
        }
        chart.draw_series(segments)?;
    }

    // The legend, in its own panel: a swatch and a name per series, first series on top.
    let text = ("sans-serif", 13).into_font();
    legend.draw(&Text::new("series", (8, 24), text.clone()))?;
    for (row, series) in bars.series.iter().enumerate() {
        let y = 48 + 22 * row as i32;
        legend.draw(&Rectangle::new(
            [(8, y), (22, y + 14)],
            series.kind.color().filled(),
        ))?;
        legend.draw(&Text::new(
            shorten(&series.name, LEGEND_CHARS),
            (30, y + 1),
            text.clone(),
        ))?;
    }
    if light.iter().any(|l| *l) {
        let y = 48 + 22 * bars.series.len() as i32 + 8;
        legend.draw(&Text::new(
            "* estimated, drawn lighter",
            (8, y),
            ("sans-serif", 12).into_font(),
        ))?;
    }
    root.present()?;
    Ok(())
}

/// A small bar chart of `amounts` for a table cell: the trend at a glance, scaled to its largest.
pub(crate) fn sparkline_svg(amounts: &[Decimal], kind: Kind) -> Result<String, String> {
    const W: u32 = 96;
    const H: u32 = 18;
    let mut out = String::new();
    let drawn = (|| -> Result<(), Box<dyn std::error::Error>> {
        let root = SVGBackend::with_string(&mut out, (W, H)).into_drawing_area();
        let max = amounts.iter().map(|a| float(*a)).fold(0.0, f64::max);
        let n = amounts.len().max(1);
        let step = f64::from(W) / n as f64;
        let color = kind.color();
        for (i, amount) in amounts.iter().enumerate() {
            let v = float(*amount);
            // A hairline for zero, so that a gap reads as zero rather than as missing.
            let height = if max > 0.0 && v > 0.0 {
                (v / max * f64::from(H - 1)).round().max(1.0) as i32
            } else {
                1
            };
            let x0 = (i as f64 * step).round() as i32;
            let x1 = (((i + 1) as f64 * step).round() as i32 - 1).max(x0 + 1);
            root.draw(&Rectangle::new(
                [(x0, H as i32 - height), (x1, H as i32)],
                color.filled(),
            ))?;
        }
        root.present()?;
        Ok(())
    })();
    drawn.map_err(|e| format!("drawing a sparkline: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    fn bars(series: Vec<Series>, light: Vec<bool>) -> Bars {
        Bars {
            caption: "Cost by agent".into(),
            labels: (1..=light.len()).map(|d| format!("2026-11-{d:02}")).collect(),
            light,
            series,
            currency: "USD".into(),
        }
    }

    fn fills(svg: &str, color: RGBColor) -> usize {
        let RGBColor(r, g, b) = color;
        svg.matches(&format!("fill=\"#{r:02X}{g:02X}{b:02X}\"")).count()
    }

    #[test]
    fn each_series_has_its_colour_in_the_bars_and_the_legend() {
        let chart = bars(
            vec![
                Series {
                    name: "planner".into(),
                    kind: Kind::Group(0),
                    amounts: vec![d("3"), d("4")],
                },
                Series {
                    name: UNTAGGED.into(),
                    kind: Kind::Untagged,
                    amounts: vec![d("1"), d("0")],
                },
            ],
            vec![false, true],
        );
        let svg = svg(&chart).expect("draws");
        assert!(svg.starts_with("<svg"), "{svg}");
        // Two bars and a legend swatch for the group; one bar (the other period is zero) and a swatch.
        assert_eq!(fills(&svg, GROUP_COLORS[0]), 3, "{svg}");
        assert_eq!(fills(&svg, UNTAGGED_COLOR), 2, "{svg}");
        assert!(svg.contains("planner") && svg.contains("(untagged)"));
        // The estimated period is lighter and starred.
        assert!(svg.contains("2026-11-02*"), "{svg}");
        assert!(svg.contains("opacity=\"0.45\""), "{svg}");
    }

    #[test]
    fn negative_amounts_stack_below_zero_and_an_empty_chart_still_draws() {
        let chart = bars(
            vec![Series {
                name: "credits".into(),
                kind: Kind::Group(0),
                amounts: vec![d("5"), d("-2")],
            }],
            vec![false, false],
        );
        let svg = svg(&chart).expect("draws");
        assert_eq!(fills(&svg, GROUP_COLORS[0]), 3, "{svg}");
        assert!(svg.contains(">\n-2") || svg.contains("-2"), "{svg}");

        let empty = svg_of_nothing();
        assert!(empty.contains("<svg"), "{empty}");
    }

    fn svg_of_nothing() -> String {
        svg(&bars(vec![], vec![])).expect("draws")
    }

    #[test]
    fn labels_are_shortened_with_an_ellipsis_and_axis_amounts_are_compact() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
        assert_eq!(axis_amount(12_500.0), "12k");
        assert_eq!(axis_amount(1_250.0), "1.2k");
        assert_eq!(axis_amount(42.0), "42");
        assert_eq!(axis_amount(0.25), "0.25");
        assert_eq!(axis_amount(0.0), "0");
    }
}
