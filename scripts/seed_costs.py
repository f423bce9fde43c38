#!/usr/bin/env python3
"""Queue canned Cost Explorer answers for the demo's agents into a running moto server.

moto tracks no spend: GetCostAndUsage answers with what is queued at
/moto-api/static/ce/cost-and-usage-results, each queued answer bound to the next request body moto has
not seen yet, first in first out (moto/ce/models.py). So this script queues, in the order the demo asks:

1. ``costbrake report`` (by agent-run-id, daily, the last 7 days, today included): two pages joined by a
   NextPageToken, the last two days estimated. research-agent's ``run-loop-7f3a`` starts three days ago
   and grows every day (the recursive loop); a share of the cost carries no run id (``agent-run-id$``).
2. ``costbrake report runs`` (by agent-name and agent-run-id, monthly, the last 30 days): per-run totals
   for the three demo agents, the runaway run far above research-agent's median, untagged cost.

The shapes are those of GetCostAndUsage in the AWS API reference. Dates are UTC and computed from today,
like costbrake's. Standard library only (and scripts/lib/seedlib.py, which needs nothing else); an endpoint
that is not on loopback is refused.

Usage: scripts/seed_costs.py --endpoint-url http://127.0.0.1:PORT [--today YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "lib"))
import seedlib  # noqa: E402
from seedlib import RESEARCH, SUMMARIZER, TRIAGE  # noqa: E402

RUN_KEY = seedlib.TAG_RUN
AGENT_KEY = seedlib.TAG_AGENT
LOOP = seedlib.LOOP_RUN_ID


def money(value: float) -> str:
    """An amount as Cost Explorer writes it: a decimal string with up to 10 places."""
    return f"{value:.10f}".rstrip("0").rstrip(".")


def result(start: dt.date, end: dt.date, estimated: bool, groups: list[tuple[list[str], float]]) -> dict:
    return {
        "TimePeriod": {"Start": start.isoformat(), "End": end.isoformat()},
        "Total": {},
        "Groups": [
            {"Keys": keys, "Metrics": {"UnblendedCost": {"Amount": money(amount), "Unit": "USD"}}}
            for keys, amount in groups
        ],
        "Estimated": estimated,
    }


def daily_by_run(today: dt.date) -> list[dict]:
    """The 7-day report by run, in two pages."""
    days = [today - dt.timedelta(days=6 - i) for i in range(7)]
    results = []
    for i, day in enumerate(days):
        groups: list[tuple[list[str], float]] = [
            ([f"{RUN_KEY}$run-9c01"], 2.8 + 0.13 * i),
            ([f"{RUN_KEY}$run-b2e4"], 1.9 if i < 5 else 0.0),
            ([f"{RUN_KEY}$run-5d10"], 0.42),
            ([f"{RUN_KEY}$run-ls-0412"], 1.17 + 0.05 * (i % 3)),
            ([f"{RUN_KEY}$run-tt-0107"], 0.31),
            # Cost without a run id: ticket-triage's sloppy resources, the shared ECS cluster, ...
            ([f"{RUN_KEY}$"], 3.9 + 0.2 * (i % 2)),
        ]
        if i >= 4:
            # The recursive loop: it starts three days ago and keeps launching instances.
            groups.append(([f"{RUN_KEY}${LOOP}"], 9.6 * (i - 3) ** 2))
        groups = [g for g in groups if g[1] > 0]
        results.append(result(day, day + dt.timedelta(days=1), estimated=i >= 5, groups=groups))
    page1 = {
        "GroupDefinitions": [{"Type": "TAG", "Key": RUN_KEY}],
        "ResultsByTime": results[:4],
        "NextPageToken": "demo-page-2",
        "DimensionValueAttributes": [],
    }
    page2 = {
        "GroupDefinitions": [{"Type": "TAG", "Key": RUN_KEY}],
        "ResultsByTime": results[4:],
        "DimensionValueAttributes": [],
    }
    return [page1, page2]


def monthly_by_agent_and_run(today: dt.date) -> dict:
    """The 30-day runs report: one or two monthly periods (the range may start last month)."""
    start = today - dt.timedelta(days=29)
    end = today + dt.timedelta(days=1)
    first_of_month = today.replace(day=1)
    runs = {
        RESEARCH: {
            # A typical research run costs $15-25 over its life ...
            "run-9c01": 22.41,
            "run-b2e4": 18.2,
            "run-5d10": 14.9,
            "run-a11c": 19.7,
            "run-a7f0": 16.3,
            "run-b015": 21.1,
            "run-c3d2": 17.8,
            # ... the loop is several times that, and still growing.
            LOOP: 9.6 + 38.4 + 86.4,
        },
        SUMMARIZER: {"run-ls-0412": 8.43, "run-ls-0398": 7.9, "run-ls-0377": 8.8, "run-ls-0351": 8.1},
        TRIAGE: {f"run-tt-01{n:02d}": 0.29 + 0.02 * n for n in range(1, 12)},
    }
    groups: list[tuple[list[str], float]] = []
    for agent, agent_runs in runs.items():
        for run, cost in agent_runs.items():
            groups.append(([f"{AGENT_KEY}${agent}", f"{RUN_KEY}${run}"], cost))
    groups.append(([f"{AGENT_KEY}${TRIAGE}", f"{RUN_KEY}$"], 4.75))
    groups.append(([f"{AGENT_KEY}$", f"{RUN_KEY}$"], 27.3))
    if start < first_of_month:
        # Older runs in last month's period, the rest (the loop included) in this month's.
        older = [g for g in groups if g[0][1].endswith(("run-a11c", "run-a7f0", "run-ls-0351"))]
        recent = [g for g in groups if g not in older]
        results = [
            result(start, first_of_month, False, older),
            result(first_of_month, end, True, recent),
        ]
    else:
        results = [result(start, end, True, groups)]
    return {
        "GroupDefinitions": [{"Type": "TAG", "Key": AGENT_KEY}, {"Type": "TAG", "Key": RUN_KEY}],
        "ResultsByTime": results,
        "DimensionValueAttributes": [],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint-url", required=True, help="moto's URL, e.g. http://127.0.0.1:5000")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="UTC date to build around (default today)")
    args = parser.parse_args()
    seedlib.require_loopback(parser, args.endpoint_url, "--endpoint-url")
    today = args.today or dt.datetime.now(dt.timezone.utc).date()
    results = daily_by_run(today) + [monthly_by_agent_and_run(today)]
    request = urllib.request.Request(
        args.endpoint_url.rstrip("/") + "/moto-api/static/ce/cost-and-usage-results",
        data=json.dumps({"results": results}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        if response.status != 201:
            print(f"seed_costs.py: moto answered HTTP {response.status}", file=sys.stderr)
            return 1
    print(f"queued {len(results)} Cost Explorer answers for {today} (UTC)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
