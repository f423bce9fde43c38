#!/usr/bin/env python3
"""Checks a `costbrake report -o html` (or `report runs -o html`) page in a real browser.

Headless Chromium opens the page from disk, as the person it was forwarded to would:

1. renders it to a PNG (which must be a real, non-blank image of the window's size);
2. loads it again with the console logged, and fails on any console message: the page has no script,
   so a message means the browser refused something (a fetch the Content-Security-Policy blocked, a
   broken element);
3. reads the DOM the browser built and checks that the chart has the expected number of series (the
   distinct colours of its segments and legend swatches, and the legend's names), computed here, on
   its own, from the same report's `-o json`;
4. compares every number the page shows (rows, shares, totals, periods; for runs: agents and runaway
   runs) with the JSON, to the cent.

Usage: browser_check.py PAGE.html REPORT.json [--png OUT.png] [--chromium PATH]
Exit 0 when every check passes; 1 with one line per failure otherwise; 2 on bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser

# As costbrake draws them (src/output/chart.rs): groups in their own colours, then "other", then untagged.
MAX_GROUP_SERIES = 8
NEUTRAL_FILLS = {"#FFFFFF", "#000000"}
WINDOW = (1280, 2200)


def chromium_path(given: str | None) -> str:
    for candidate in [given, os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"]:
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)  # type: ignore[return-value]
    sys.exit("browser_check: no chromium found; run scripts/test.sh (it installs Debian's chromium) "
             "or set CHROMIUM to a Chromium binary")


def run_chromium(chromium: str, profile: str, *args: str) -> subprocess.CompletedProcess:
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def console_lines(stderr: str) -> list[str]:
    """The page's console messages in Chromium's log (`...:INFO:CONSOLE:1] "message", source: ...`)."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def png_facts(path: pathlib.Path) -> tuple[int, int, int]:
    """Width, height and the number of distinct pixel rows of a PNG (1 for a blank image)."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, width, height, bit_depth, color_type, idat = 8, 0, 0, 0, 0, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, bit_depth, color_type = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(color_type, 4)
    stride = width * channels * bit_depth // 8 + 1
    # Filtered rows: identical filtered bytes for a run of identical rows is a good enough blankness test.
    rows = {raw[i * stride + 1:(i + 1) * stride] for i in range(height)}
    return width, height, len(rows)


class Dom(HTMLParser):
    """What the checks need of the page: the chart's fills and legend text, and the tables' cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.csp = ""
        self.stack: list[str] = []
        self.in_chart = 0
        self.chart_series_attr: str | None = None
        self.chart_fills: set[str] = set()
        self.chart_texts: list[str] = []
        self.tables: dict[str, dict[str, list[list[tuple[str, str]]]]] = {}
        self.table: str | None = None
        self.section = "tbody"
        self.row: list[tuple[str, str]] | None = None
        self.row_class = ""
        self.cell: list[str] | None = None
        self.cell_class = ""
        self.text_target: list[str] | None = None
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("src", "href"):
            if a.get(name):
                self.urls.append(a[name])
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.csp = a.get("content", "")
        if tag == "title":
            self.text_target = []
        if tag == "figure" and a.get("id") == "chart":
            self.in_chart = 1
            self.chart_series_attr = a.get("data-series")
        elif self.in_chart:
            self.in_chart += 1
            if tag in ("rect", "polygon", "path") and a.get("fill"):
                fill = a["fill"].upper()
                if fill not in NEUTRAL_FILLS and fill != "NONE":
                    self.chart_fills.add(fill)
            if tag == "text":
                self.text_target = []
        if tag == "table":
            self.table = a.get("id", "")
            self.tables[self.table] = {"thead": [], "tbody": [], "tfoot": []}
        if tag in ("thead", "tbody", "tfoot"):
            self.section = tag
        if tag == "tr" and self.table is not None:
            self.row, self.row_class = [], a.get("class", "")
        if tag in ("td", "th") and self.row is not None:
            self.cell, self.cell_class = [], a.get("class", "")

    def handle_endtag(self, tag):
        if tag == "title" and self.text_target is not None:
            self.title = "".join(self.text_target).strip()
            self.text_target = None
        if self.in_chart:
            if tag == "text" and self.text_target is not None:
                self.chart_texts.append("".join(self.text_target).strip())
                self.text_target = None
            self.in_chart -= 1
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append((self.cell_class, "".join(self.cell).strip()))
            self.cell = None
        if tag == "tr" and self.row is not None and self.table is not None:
            self.tables[self.table][self.section].append(
                [("__row__", self.row_class)] + self.row)
            self.row = None
        if tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        if self.text_target is not None:
            self.text_target.append(data)


def cents(value: str | Decimal) -> str:
    return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def percent(share: str) -> str:
    return f"{(Decimal(share) * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def cell(row: list[tuple[str, str]], cls: str) -> str | None:
    for classes, text in row[1:]:
        if cls in classes.split():
            return text
    return None


def expected_report_series(report: dict) -> list[str]:
    """The chart's series as costbrake must draw them, worked out from the JSON alone."""
    periods = len(report["periods"])
    names, other, untagged = [], [Decimal(0)] * periods, [Decimal(0)] * periods
    if report.get("other"):
        other = [Decimal(a) for a in report["other"]["amounts"]]
    for row in report["rows"]:
        amounts = [Decimal(a) for a in row["amounts"]]
        label = " / ".join(k if k is not None else "(untagged)" for k in row["keys"])
        if row["untagged"]:
            untagged = [u + a for u, a in zip(untagged, amounts)]
        elif len(names) < MAX_GROUP_SERIES:
            if any(amounts):
                names.append(label)
        else:
            other = [o + a for o, a in zip(other, amounts)]
    if any(other):
        names.append("other")
    if any(untagged):
        names.append("(untagged)")
    return names


def expected_runs_series(runs: dict) -> list[str]:
    agents = runs["agents"][:12]
    typical = any(Decimal(a["total"]) - Decimal(a["unattributed"]) - sum(Decimal(r["cost"]) for r in a["runaway"])
                  for a in agents)
    runaway = any(a["runaway"] for a in agents)
    no_run = any(Decimal(a["unattributed"]) for a in agents) or Decimal(runs["untagged"]) != 0
    return [n for n, present in [("typical runs", typical), ("runaway runs", runaway), ("no run id", no_run)]
            if present]


def check_report_numbers(dom: Dom, report: dict, fail) -> None:
    rows = dom.tables.get("rows")
    if rows is None:
        return fail("no table#rows on the page")
    body = [r for r in rows["tbody"] if r[0][1] != "other"]
    if len(body) != len(report["rows"]):
        fail(f"table#rows has {len(body)} rows, the JSON {len(report['rows'])}")
    for shown, row in zip(body, report["rows"]):
        keys = [text for classes, text in shown[1:1 + len(row["keys"])]]
        want_keys = [k if k is not None else "(untagged)" for k in row["keys"]]
        if keys != want_keys:
            fail(f"row keys {keys} != JSON {want_keys}")
        if cell(shown, "total") != cents(row["total"]):
            fail(f"row {want_keys}: total {cell(shown, 'total')} != JSON {cents(row['total'])}")
        if cell(shown, "share") != percent(row["share"]):
            fail(f"row {want_keys}: share {cell(shown, 'share')} != JSON {percent(row['share'])}")
        if (shown[0][1] == "untagged") != row["untagged"]:
            fail(f"row {want_keys}: untagged highlight is {shown[0][1] == 'untagged'}, JSON {row['untagged']}")
    other = [r for r in rows["tbody"] if r[0][1] == "other"]
    if bool(other) != bool(report.get("other")):
        fail("the 'more' row and the JSON's `other` disagree")
    elif other and cell(other[0], "total") != cents(report["other"]["total"]):
        fail(f"other: {cell(other[0], 'total')} != JSON {cents(report['other']['total'])}")
    foot = rows["tfoot"][0] if rows["tfoot"] else None
    if foot is None or cell(foot, "total") != cents(report["total"]):
        fail(f"total {foot and cell(foot, 'total')} != JSON {cents(report['total'])}")
    periods = dom.tables.get("periods")
    if periods is None:
        return fail("no table#periods on the page")
    if len(periods["tbody"]) != len(report["periods"]):
        fail(f"table#periods has {len(periods['tbody'])} rows, the JSON {len(report['periods'])} periods")
    for shown, period in zip(periods["tbody"], report["periods"]):
        if shown[1][1] != period["start"]:
            fail(f"period {shown[1][1]} != JSON {period['start']}")
        if cell(shown, "total") != cents(period["total"]):
            fail(f"period {period['start']}: total {cell(shown, 'total')} != JSON {cents(period['total'])}")
        if (shown[0][1] == "estimated") != period["estimated"]:
            fail(f"period {period['start']}: estimated mark is {shown[0][1] == 'estimated'}, "
                 f"JSON {period['estimated']}")


def check_runs_numbers(dom: Dom, runs: dict, fail) -> None:
    agents = dom.tables.get("agents")
    if agents is None:
        return fail("no table#agents on the page")
    body = agents["tbody"]
    for shown, agent in zip(body, runs["agents"]):
        name = agent["agent"] if agent["agent"] is not None else "(no agent)"
        if cell(shown, "key") != name:
            fail(f"agent {cell(shown, 'key')} != JSON {name}")
        if cell(shown, "total") != cents(agent["total"]):
            fail(f"agent {name}: total {cell(shown, 'total')} != JSON {cents(agent['total'])}")
        if cell(shown, "runs") != str(agent["runs"]):
            fail(f"agent {name}: runs {cell(shown, 'runs')} != JSON {agent['runs']}")
        if (shown[0][1] == "runaway") != bool(agent["runaway"]):
            fail(f"agent {name}: runaway highlight is {shown[0][1] == 'runaway'}, JSON has "
                 f"{len(agent['runaway'])} runaway run(s)")
    want_rows = len(runs["agents"]) + (1 if Decimal(runs["untagged"]) != 0 else 0)
    if len(body) != want_rows:
        fail(f"table#agents has {len(body)} rows, expected {want_rows}")
    foot = agents["tfoot"][0] if agents["tfoot"] else None
    if foot is None or cell(foot, "total") != cents(runs["total"]):
        fail(f"total {foot and cell(foot, 'total')} != JSON {cents(runs['total'])}")
    want = [(a["agent"] or "(no agent)", r["run"], cents(r["cost"])) for a in runs["agents"] for r in a["runaway"]]
    shown = [(cell(r, "key"), cell(r, "run"), cell(r, "total"))
             for r in dom.tables.get("runaways", {}).get("tbody", [])
             if r[0][1] == "runaway"]
    if shown != want:
        fail(f"runaway runs shown {shown} != JSON {want}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page")
    parser.add_argument("json")
    parser.add_argument("--png")
    parser.add_argument("--chromium")
    args = parser.parse_args()
    page = pathlib.Path(args.page).resolve()
    data = json.loads(pathlib.Path(args.json).read_text())
    chromium = chromium_path(args.chromium)
    failures: list[str] = []
    fail = failures.append

    with tempfile.TemporaryDirectory(prefix="costbrake-browser-") as tmp:
        png = pathlib.Path(args.png).resolve() if args.png else pathlib.Path(tmp, "page.png")
        shot = run_chromium(chromium, f"{tmp}/shot", f"--screenshot={png}",
                            f"--window-size={WINDOW[0]},{WINDOW[1]}", page.as_uri())
        for line in console_lines(shot.stderr):
            fail(f"console (screenshot): {line.split('] ', 1)[-1]}")
        if not png.exists():
            fail(f"chromium wrote no screenshot (exit {shot.returncode}): {shot.stderr[-500:]}")
        else:
            width, height, distinct_rows = png_facts(png)
            if (width, height) != WINDOW:
                fail(f"screenshot is {width}x{height}, not {WINDOW[0]}x{WINDOW[1]}")
            if distinct_rows < 50:
                fail(f"screenshot looks blank ({distinct_rows} distinct pixel rows)")
        dump = run_chromium(chromium, f"{tmp}/dom", "--dump-dom", page.as_uri())
        if dump.returncode != 0 or "<html" not in dump.stdout:
            fail(f"chromium could not load the page (exit {dump.returncode}): {dump.stderr[-500:]}")
        for line in console_lines(dump.stderr):
            fail(f"console: {line.split('] ', 1)[-1]}")

    dom = Dom()
    dom.feed(dump.stdout)
    if not dom.title.startswith("costbrake:"):
        fail(f"page title {dom.title!r} is not costbrake's")
    if "default-src 'none'" not in dom.csp:
        fail(f"the page's Content-Security-Policy {dom.csp!r} does not forbid fetches")
    remote = [u for u in dom.urls if not u.startswith(("data:", "#"))]
    if remote:
        fail(f"the page refers to other files or the network: {remote}")

    schema = data.get("schema", "")
    if schema == "costbrake.report/v1":
        series = expected_report_series(data)
        check_report_numbers(dom, data, fail)
    elif schema == "costbrake.report.runs/v1":
        series = expected_runs_series(data)
        check_runs_numbers(dom, data, fail)
    else:
        print(f"browser_check: {args.json} is not a costbrake report ({schema!r})", file=sys.stderr)
        return 2
    if len(dom.chart_fills) != len(series):
        fail(f"the chart has {len(dom.chart_fills)} series colours, expected {len(series)} ({series})")
    # plotters shortens long legend names with an ellipsis, as costbrake asks it to.
    legend = [t for t in dom.chart_texts if any(t == s or (t.endswith("…") and s.startswith(t[:-1]))
                                                for s in series)]
    if len(legend) != len(series):
        fail(f"the chart's legend names {legend}, expected {series}")
    if dom.chart_series_attr != str(len(series)):
        fail(f"figure#chart says data-series={dom.chart_series_attr}, expected {len(series)}")

    for failure in failures:
        print(f"browser_check: {failure}", file=sys.stderr)
    if not failures:
        print(f"browser_check: {page.name}: loaded without console messages, {len(series)} series, "
              f"numbers match {pathlib.Path(args.json).name}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
