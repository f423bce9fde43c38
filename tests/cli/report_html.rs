//! `report -o html|svg` and `report runs -o html|svg`: the page in a real browser (headless Chromium,
//! through scripts/browser_check.py: a PNG render, no console message, the chart's series counted, every
//! number compared with `-o json`), the checker's own failures proven on tampered pages, and the SVG
//! alone. Chromium is installed by scripts/test.sh (Debian's `chromium`) when it is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::harness::Sandbox;
use crate::report::{day, days_ago, range_args, response, runaway_month};

/// Chromium, or a failure that says how to get it.
fn chromium() -> PathBuf {
    let candidates = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .into_iter()
        .chain(["chromium", "chromium-browser", "google-chrome"].map(PathBuf::from));
    for candidate in candidates {
        let found = Command::new(&candidate)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if found {
            return candidate;
        }
    }
    panic!(
        "these tests open the HTML report in Chromium, which is not installed: run scripts/test.sh (it \
         installs Debian's chromium), or set CHROMIUM to a Chromium binary"
    );
}

/// Runs scripts/browser_check.py on a page and its JSON; returns (exit code, stdout + stderr).
fn browser_check(page: &Path, json: &Path, png: &Path) -> (i32, String) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/browser_check.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(page)
        .arg(json)
        .arg("--png")
        .arg(png)
        .arg("--chromium")
        .arg(chromium())
        .output()
        .expect("python3 runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// Eleven runs over three days (the third estimated), untagged cost, a credit, and a run id that is
/// markup: with `--top 11` the report folds the credit into "other", and the chart folds three more
/// tagged rows into it (8 groups of their own), so it has 8 + other + untagged = 10 series.
fn eleven_runs() -> (Vec<Value>, jiff::civil::Date, jiff::civil::Date) {
    let first = days_ago(4);
    let days: Vec<jiff::civil::Date> = (0..3)
        .map(|i| first.checked_add(jiff::Span::new().days(i)).expect("date"))
        .collect();
    let runs: Vec<String> = (1..=10).map(|i| format!("agent-run-id$run-{i:02}")).collect();
    let results = days
        .iter()
        .enumerate()
        .map(|(i, date)| {
            let mut groups: Vec<(Vec<String>, String)> = runs
                .iter()
                .enumerate()
                .map(|(r, key)| (vec![key.clone()], format!("{}.{:02}", 20 - r, 7 * (i + 1))))
                .collect();
            groups.push((vec!["agent-run-id$".into()], format!("3.3{i}")));
            groups.push((
                vec!["agent-run-id$<script>alert(1)</script>".into()],
                "5.55".into(),
            ));
            if i == 1 {
                groups.push((vec!["agent-run-id$refund".into()], "-1.50".into()));
            }
            let refs: Vec<(Vec<&str>, &str)> = groups
                .iter()
                .map(|(k, a)| (k.iter().map(String::as_str).collect(), a.as_str()))
                .collect();
            let slices: Vec<(&[&str], &str)> = refs.iter().map(|(k, a)| (k.as_slice(), *a)).collect();
            day(*date, i == 2, &slices)
        })
        .collect();
    (vec![response(results, None)], first, days[2])
}

#[test]
fn the_html_report_opens_in_chromium_with_the_numbers_of_the_json() {
    let sandbox = Sandbox::new();
    let (responses, first, last) = eleven_runs();
    sandbox.moto.queue_cost_results(&responses);
    let range = range_args(first, last);
    let json = sandbox
        .test()
        .args(["report", "--top", "11", "-o", "json"])
        .args(&range)
        .run();
    let report = json.json();
    assert_eq!(report["other"]["rows"], 1, "{report}");
    let html = sandbox
        .test()
        .args(["report", "--top", "11", "-o", "html"])
        .args(&range)
        .run();
    // One self-contained page: the chart inline, nothing to fetch, the markup run id escaped.
    let page = html.stdout;
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(
        page.contains("<svg") && page.contains("default-src 'none'"),
        "{page}"
    );
    assert!(!page.contains("<script>"), "a tag value became markup: {page}");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
    assert!(!page.contains("src=\"http") && !page.contains("href=\"http"));
    assert!(
        page.contains("data-series=\"10\""),
        "8 groups, other and untagged"
    );

    let page_path = sandbox.dir().join("report.html");
    let json_path = sandbox.dir().join("report.json");
    let png = sandbox.dir().join("report.png");
    std::fs::write(&page_path, &page).expect("write page");
    std::fs::write(&json_path, &json.stdout).expect("write json");
    let (code, text) = browser_check(&page_path, &json_path, &png);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("10 series, numbers match"), "{text}");
    let shot = std::fs::read(&png).expect("the PNG render");
    assert_eq!(&shot[..8], b"\x89PNG\r\n\x1a\n");

    // The checker fails where it must: a page that fetches, and a page whose numbers differ.
    let row = &report["rows"][0];
    let shown = format!(">{}<", row["total"].as_str().expect("total"));
    assert!(page.contains(&shown), "{shown} in {page}");
    let tampered = page
        .replacen(&shown, ">0.01<", 1)
        .replace("</body>", "<img src=\"http://127.0.0.1:9/pixel.png\"></body>");
    let bad = sandbox.dir().join("tampered.html");
    std::fs::write(&bad, tampered).expect("write tampered page");
    let (code, text) = browser_check(&bad, &json_path, &sandbox.dir().join("tampered.png"));
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("console") && text.contains("Content Security Policy"),
        "{text}"
    );
    assert!(text.contains("total 0.01 != JSON"), "{text}");
}

#[test]
fn the_runs_report_page_highlights_the_runaway_run_in_chromium() {
    let sandbox = Sandbox::new();
    sandbox.moto.queue_cost_results(&[runaway_month()]);
    let json = sandbox
        .test()
        .args(["report", "runs", "--since", "6d", "-o", "json"])
        .run();
    let page = sandbox
        .test()
        .args(["report", "runs", "--since", "6d", "-o", "html"])
        .run()
        .stdout;
    assert!(page.contains("<tr class=\"runaway\">"), "{page}");
    assert!(page.contains("run-loop-7f3a"), "{page}");
    let page_path = sandbox.dir().join("runs.html");
    let json_path = sandbox.dir().join("runs.json");
    std::fs::write(&page_path, &page).expect("write page");
    std::fs::write(&json_path, &json.stdout).expect("write json");
    let (code, text) = browser_check(&page_path, &json_path, &sandbox.dir().join("runs.png"));
    assert_eq!(code, 0, "{text}");
    // Typical runs, runaway runs, and cost without a run id.
    assert!(text.contains("3 series, numbers match"), "{text}");

    // The runaway highlight is checked too: a page that drops it fails.
    let unmarked = page.replace("<tr class=\"runaway\">", "<tr>");
    let bad = sandbox.dir().join("unmarked.html");
    std::fs::write(&bad, unmarked).expect("write page");
    let (code, text) = browser_check(&bad, &json_path, &sandbox.dir().join("unmarked.png"));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("runaway highlight"), "{text}");
}

#[test]
fn svg_output_is_the_chart_alone() {
    let sandbox = Sandbox::new();
    let (responses, first, last) = eleven_runs();
    sandbox.moto.queue_cost_results(&responses);
    let svg = sandbox
        .test()
        .args(["report", "-o", "svg"])
        .args(range_args(first, last))
        .run()
        .stdout;
    assert!(
        svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
        "{svg}"
    );
    assert!(!svg.contains("<html"), "{svg}");
    // Eight groups of their own, then "other" (run-09, run-10, the markup run id and the refund, which
    // --top did not fold here) and untagged.
    for name in ["run-01", "run-08", "other", "(untagged)"] {
        assert!(svg.contains(name), "{name} in {svg}");
    }
    assert!(
        !svg.contains(">\nrun-09\n<"),
        "run-09 is folded into other: {svg}"
    );
    // The estimated third day is starred and drawn lighter.
    assert!(svg.contains(&format!("{last}*")), "{svg}");
    assert!(svg.contains("opacity=\"0.45\""), "{svg}");
}

#[test]
fn html_and_svg_are_refused_where_there_is_no_chart() {
    for args in [["audit", "-o", "html"], ["doctor", "-o", "svg"]] {
        let line = crate::harness::Test::new().args(args).error_line(2);
        assert!(
            line.contains("is not available for the") && line.contains("use one of"),
            "{line}"
        );
    }
}
