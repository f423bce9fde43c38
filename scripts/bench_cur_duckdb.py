#!/usr/bin/env python3
"""The DuckDB side of the CUR benchmark (scripts/bench_cur.sh): cost by agent-run-id over a CUR 2.0
export's Parquet files, the same question `costbrake report --source cur --by agent-run-id` answers.

    bench_cur_duckdb.py EXPORT_DIR START END OUT.json

EXPORT_DIR holds data/ and metadata/; START and END are UTC days, END exclusive. The query is what a
FinOps engineer writes for it: the run from resource_tags (CUR 2.0's normalised key), else from the
Bedrock session tags in `tags`; the cost summed as DECIMAL(38,10), so that the totals are exact and
comparable to the cent (summing the DOUBLE column would drift). DuckDB uses every core (its default).
The result, {run or "" for untagged: total}, goes to OUT.json; the timing is the caller's (GNU time).
"""

import glob
import json
import os
import sys

import duckdb


def main():
    export, start, end, out = sys.argv[1:]
    files = sorted(glob.glob(os.path.join(export, "data", "*", "**", "*.parquet"), recursive=True))
    if not files:
        sys.exit(f"bench_cur_duckdb: no Parquet files under {export}/data")
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    rows = con.execute(
        """
        SELECT COALESCE(NULLIF(resource_tags['user_agent_run_id'], ''),
                        NULLIF(tags['iamPrincipal/agent-run-id'], '')) AS run,
               SUM(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) AS cost
        FROM read_parquet(?)
        WHERE line_item_usage_start_date >= CAST(? AS TIMESTAMPTZ)
          AND line_item_usage_start_date < CAST(? AS TIMESTAMPTZ)
        GROUP BY 1
        """,
        [files, f"{start} 00:00:00+00", f"{end} 00:00:00+00"],
    ).fetchall()
    with open(out, "w") as f:
        json.dump({run or "": str(cost) for run, cost in rows}, f)


if __name__ == "__main__":
    main()
