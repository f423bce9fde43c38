#!/usr/bin/env python3
"""Writes a CUR 2.0 export (AWS Data Exports) in the real layout and schema, and the truth it holds.

    python3 scripts/gen_cur.py --out DIR --uri s3://BUCKET/PREFIX/EXPORT [--rows N] [--runs N] ...

DIR receives what Data Exports delivers under `s3://BUCKET/PREFIX/EXPORT/`:

    data/BILLING_PERIOD=YYYY-MM/EXPORT-00001.snappy.parquet   (or .csv.gz with --format csv)
    metadata/BILLING_PERIOD=YYYY-MM/EXPORT-Manifest.json      (executionId, exportArn, columns, dataFiles)

and `truth.json` beside it (outside the export): every total computed with Python's Decimal from the
values as written, per run, agent, service, account, day, hour, resource and IAM principal, with the
untagged cost apart. Costs are doubles rounded to 10 decimal places, as the CUR's are; timestamps are
UTC. Used by the tests (small exports) and by `scripts/bench.sh cur` (5 million line items).

What it models (see docs/performance.md): ~1,000 runs of 5 agents over a month, 40 services, 3 accounts,
a tenth of the line items untagged, Bedrock line items attributed through the calling role's session
tags (`tags['iamPrincipal/agent-run-id']`, no resource tags), hourly line items per resource, the CUR 2.0
static columns a real export carries (so projection has something to skip), map columns for
`resource_tags`, `tags`, `product`, `cost_category` and `discount`, Snappy-compressed row groups.
"""

import argparse
import datetime as dt
import gzip
import io
import json
import os
import random
import sys
import uuid
from collections import defaultdict
from decimal import Decimal

AGENTS = ["planner", "researcher", "coder", "reviewer", "summarizer"]
SERVICES = [
    "AmazonEC2", "AmazonS3", "AWSLambda", "AmazonBedrock", "AmazonSageMaker", "AmazonRDS", "AmazonECS",
    "AmazonEKS", "AmazonDynamoDB", "AmazonCloudWatch", "AWSStepFunctions", "AmazonSQS", "AmazonSNS",
    "AmazonKinesis", "AmazonOpenSearchService", "AmazonElastiCache", "AWSGlue", "AmazonAthena",
    "AmazonECR", "AmazonEFS", "AmazonVPC", "AWSSecretsManager", "AWSKMS", "AmazonRoute53",
    "AmazonCloudFront", "AmazonApiGateway", "AWSXRay", "AmazonEventBridge", "AmazonMSK", "AmazonRedshift",
    "AmazonTextract", "AmazonComprehend", "AmazonTranscribe", "AmazonPolly", "AmazonRekognition",
    "AmazonKendra", "AWSCodeBuild", "AmazonMQ", "AWSBackup", "AmazonNeptune",
]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1"]
ACCOUNTS = ["111111111111", "222222222222", "333333333333"]
LINE_ITEM_TYPES = ["Usage"] * 18 + ["Tax", "Fee"]

# The CUR 2.0 columns written, in a real export's order (a subset of the static schema plus the maps).
# (name, type): type is the manifest's: string, double, timestamp, map.
COLUMNS = [
    ("bill_bill_type", "string"), ("bill_billing_entity", "string"),
    ("bill_billing_period_end_date", "timestamp"), ("bill_billing_period_start_date", "timestamp"),
    ("bill_invoice_id", "string"), ("bill_invoicing_entity", "string"), ("bill_payer_account_id", "string"),
    ("bill_payer_account_name", "string"), ("cost_category", "map"), ("discount", "map"),
    ("identity_line_item_id", "string"), ("identity_time_interval", "string"),
    ("line_item_availability_zone", "string"), ("line_item_blended_cost", "double"),
    ("line_item_blended_rate", "string"), ("line_item_currency_code", "string"),
    ("line_item_iam_principal", "string"), ("line_item_legal_entity", "string"),
    ("line_item_line_item_description", "string"), ("line_item_line_item_type", "string"),
    ("line_item_net_unblended_cost", "double"), ("line_item_normalization_factor", "double"),
    ("line_item_normalized_usage_amount", "double"), ("line_item_operation", "string"),
    ("line_item_product_code", "string"), ("line_item_resource_id", "string"),
    ("line_item_tax_type", "string"), ("line_item_unblended_cost", "double"),
    ("line_item_unblended_rate", "string"), ("line_item_usage_account_id", "string"),
    ("line_item_usage_account_name", "string"), ("line_item_usage_amount", "double"),
    ("line_item_usage_end_date", "timestamp"), ("line_item_usage_start_date", "timestamp"),
    ("line_item_usage_type", "string"), ("pricing_currency", "string"),
    ("pricing_public_on_demand_cost", "double"), ("pricing_public_on_demand_rate", "string"),
    ("pricing_term", "string"), ("pricing_unit", "string"), ("product", "map"),
    ("product_instance_type", "string"), ("product_product_family", "string"),
    ("product_region_code", "string"), ("product_servicecode", "string"), ("resource_tags", "map"),
    ("reservation_effective_cost", "double"), ("reservation_reservation_a_r_n", "string"),
    ("savings_plan_savings_plan_effective_cost", "double"), ("tags", "map"),
]


def normalise(key):
    """CUR 2.0's column-name rule for a tag key (docs/report.md): `_` before each uppercase letter,
    lowercase, non-alphanumerics to `_`, runs of `_` collapsed, leading/trailing `_` dropped."""
    out = []
    for ch in key:
        if ch.isupper():
            out.append("_" + ch.lower())
        elif ch.isascii() and ch.isalnum():
            out.append(ch)
        else:
            out.append("_")
    text = "".join(out)
    while "__" in text:
        text = text.replace("__", "_")
    return text.strip("_")


def month_bounds(period):
    year, month = map(int, period.split("-"))
    start = dt.datetime(year, month, 1, tzinfo=dt.timezone.utc)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=dt.timezone.utc)
    return start, end


def plan_runs(args, periods, rng):
    """The runs, once for every period: (id, agent, account, first hour, hours), hours counted from the
    first period's start, so a run can cross into the next billing period (--cross-end)."""
    origin, _ = month_bounds(periods[0])
    _, last_end = month_bounds(periods[-1])
    first_start, first_end = month_bounds(periods[0])
    first_hours = int((first_end - first_start).total_seconds() // 3600)
    span = int((last_end - origin).total_seconds() // 3600)
    runs = []
    for i in range(args.runs):
        agent = AGENTS[i % len(AGENTS)]
        run_id = f"run-{i:05d}-{rng.randrange(16**6):06x}"
        account = ACCOUNTS[i % len(ACCOUNTS)]
        length = rng.randint(1, 12)
        begin = rng.randrange(max(1, span - length))
        if args.cross_end and i % 10 == 0:
            # Its first hours in the first period, the rest in the next one.
            length = max(length, 4)
            begin = first_hours - length // 2
        runs.append((run_id, agent, account, begin, length))
    return origin, runs


def generate(args, period, rng, truth, origin, runs):
    """Yields the line items of one billing period as dicts (column -> value)."""
    start, end = month_bounds(period)
    lo = int((start - origin).total_seconds() // 3600)
    hi = int((end - origin).total_seconds() // 3600)
    month_hours = hi - lo
    run_tag = "user_" + normalise(args.run_tag)
    agent_tag = "user_" + normalise(args.agent_tag)
    # The runs with hours in this period, and those hours.
    here = []
    for run_id, agent, account, begin, length in runs:
        hours = [h - lo for h in range(begin, begin + length) if lo <= h < hi]
        if hours:
            here.append((run_id, agent, account, hours))
    per_run = max(1, args.rows // max(1, len(here)))
    tagged_rows = int(args.rows * (1 - args.untagged)) if here else 0
    for n in range(args.rows):
        untagged = n >= tagged_rows
        if untagged:
            run_id = agent = None
            account = ACCOUNTS[n % len(ACCOUNTS)]
            hour = rng.randrange(month_hours)
        else:
            run_id, agent, account, hours = here[(n // per_run) % len(here)]
            hour = hours[rng.randrange(len(hours))]
        usage_start = start + dt.timedelta(hours=hour)
        service = SERVICES[rng.randrange(len(SERVICES))]
        bedrock = service == "AmazonBedrock" and not untagged
        region = REGIONS[rng.randrange(len(REGIONS))]
        cost = round(rng.random() * rng.choice([0.001, 0.05, 1.0, 20.0]), 10)
        resource = f"arn:aws:{service.lower()}:{region}:{account}:res/{run_id if not untagged else 'shared'}-{rng.randrange(8)}"
        principal = ""
        resource_tags = {}
        tags = {}
        if not untagged:
            if bedrock:
                # Bedrock: no resource, the calling role session carries the run (caller identity data).
                resource = ""
                principal = f"arn:aws:sts::{account}:assumed-role/costbrake-run/{run_id}"
                tags = {f"iamPrincipal/{args.run_tag}": run_id, f"iamPrincipal/{args.agent_tag}": agent}
            else:
                resource_tags = {agent_tag: agent, run_tag: run_id, "user_team": "ml"}
                tags = {f"resourceTags/{args.agent_tag}": agent, f"resourceTags/{args.run_tag}": run_id}
        else:
            resource_tags = {"user_team": "ml"} if n % 3 == 0 else {}
        item_type = LINE_ITEM_TYPES[rng.randrange(len(LINE_ITEM_TYPES))]
        row = {
            "bill_bill_type": "Anniversary",
            "bill_billing_entity": "AWS",
            "bill_billing_period_end_date": end,
            "bill_billing_period_start_date": start,
            "bill_invoice_id": "",
            "bill_invoicing_entity": "Amazon Web Services, Inc.",
            "bill_payer_account_id": ACCOUNTS[0],
            "bill_payer_account_name": "payer",
            "cost_category": {"team": "ml"} if n % 4 == 0 else {},
            "discount": {},
            "identity_line_item_id": uuid.UUID(int=rng.getrandbits(128)).hex,
            "identity_time_interval": f"{usage_start:%Y-%m-%dT%H:%M:%SZ}/{usage_start + dt.timedelta(hours=1):%Y-%m-%dT%H:%M:%SZ}",
            "line_item_availability_zone": region + "a",
            "line_item_blended_cost": cost,
            "line_item_blended_rate": "0.0416",
            "line_item_currency_code": "USD",
            "line_item_iam_principal": principal,
            "line_item_legal_entity": "Amazon Web Services, Inc.",
            "line_item_line_item_description": f"{service} usage in {region}",
            "line_item_line_item_type": item_type,
            "line_item_net_unblended_cost": round(cost * 0.9, 10),
            "line_item_normalization_factor": 1.0,
            "line_item_normalized_usage_amount": 1.0,
            "line_item_operation": "RunInstances" if service == "AmazonEC2" else "Invoke",
            "line_item_product_code": service,
            "line_item_resource_id": resource,
            "line_item_tax_type": "",
            "line_item_unblended_cost": cost,
            "line_item_unblended_rate": "0.0416",
            "line_item_usage_account_id": account,
            "line_item_usage_account_name": f"account-{account[:3]}",
            "line_item_usage_amount": 1.0,
            "line_item_usage_end_date": usage_start + dt.timedelta(hours=1),
            "line_item_usage_start_date": usage_start,
            "line_item_usage_type": f"{region}-{service}-Usage",
            "pricing_currency": "USD",
            "pricing_public_on_demand_cost": cost,
            "pricing_public_on_demand_rate": "0.0416",
            "pricing_term": "OnDemand",
            "pricing_unit": "Hrs",
            "product": {"product_name": service, "region": region},
            "product_instance_type": "m7g.large" if service == "AmazonEC2" else "",
            "product_product_family": "Compute",
            "product_region_code": region,
            "product_servicecode": service,
            "resource_tags": resource_tags,
            "reservation_effective_cost": 0.0,
            "reservation_reservation_a_r_n": "",
            "savings_plan_savings_plan_effective_cost": 0.0,
            "tags": tags,
        }
        record_truth(truth, row, run_id, agent)
        yield row


def record_truth(truth, row, run_id, agent):
    amount = Decimal(repr(row["line_item_unblended_cost"]))
    net = Decimal(repr(row["line_item_net_unblended_cost"]))
    start = row["line_item_usage_start_date"]
    truth["total"] += amount
    truth["net_total"] += net
    truth["rows"] += 1
    truth["by_run"][run_id or ""] += amount
    truth["by_agent"][agent or ""] += amount
    truth["by_service"][row["line_item_product_code"]] += amount
    truth["by_account"][row["line_item_usage_account_id"]] += amount
    truth["by_day"][f"{start:%Y-%m-%d}"] += amount
    truth["by_hour"][f"{start:%Y-%m-%dT%H:00:00Z}"] += amount
    truth["by_month"][f"{start:%Y-%m}"] += amount
    truth["by_principal"][row["line_item_iam_principal"]] += amount
    if run_id:
        truth["agent_of_run"][run_id] = agent
        truth["by_resource_of_run"][run_id][row["line_item_resource_id"]] += amount
        truth["by_run_day"][run_id][f"{start:%Y-%m-%d}"] += amount


def arrow_schema(pa, timestamps):
    ts = pa.timestamp(timestamps, tz="UTC")
    kinds = {
        "string": pa.string(),
        "double": pa.float64(),
        "timestamp": ts,
        "map": pa.map_(pa.string(), pa.string()),
    }
    return pa.schema([(name, kinds[kind]) for name, kind in COLUMNS])


def write_parquet(rows, path, args):
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(pa, "ms" if args.timestamps == "int96" else args.timestamps)
    writer = pq.ParquetWriter(
        path,
        schema,
        compression="snappy",
        use_deprecated_int96_timestamps=args.timestamps == "int96",
    )
    batch = []

    def flush():
        columns = {}
        for name, kind in COLUMNS:
            values = [r[name] for r in batch]
            if kind == "map":
                values = [list(v.items()) for v in values]
            columns[name] = values
        writer.write_table(pa.Table.from_pydict(columns, schema=schema), row_group_size=args.row_group)
        batch.clear()

    count = 0
    for row in rows:
        batch.append(row)
        count += 1
        if len(batch) >= args.row_group:
            flush()
    if batch:
        flush()
    writer.close()
    return count


def write_csv(rows, path):
    import csv

    count = 0
    with gzip.open(path, "wt", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow([name for name, _ in COLUMNS])
        for row in rows:
            values = []
            for name, kind in COLUMNS:
                v = row[name]
                if kind == "map":
                    # CUR 2.0's CSV carries a map column as a JSON object.
                    v = json.dumps(v, separators=(",", ":")) if v else ""
                elif kind == "timestamp":
                    v = f"{v:%Y-%m-%dT%H:%M:%SZ}"
                elif kind == "double":
                    v = repr(v)
                values.append(v)
            out.writerow(values)
            count += 1
    return count


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="directory that receives data/ and metadata/")
    p.add_argument("--uri", required=True, help="s3://BUCKET/PREFIX/EXPORT the manifest's dataFiles name")
    p.add_argument("--period", action="append", help="billing period YYYY-MM (repeatable) [2026-11]")
    p.add_argument("--rows", type=int, default=10_000, help="line items per billing period")
    p.add_argument("--runs", type=int, default=100)
    p.add_argument("--files", type=int, default=1, help="data files per billing period")
    p.add_argument("--row-group", type=int, default=131_072, help="rows per Parquet row group")
    p.add_argument("--untagged", type=float, default=0.1, help="share of untagged line items")
    p.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    p.add_argument("--timestamps", choices=["ms", "us", "ns", "int96"], default="ms")
    p.add_argument("--cross-end", action="store_true", help="start every tenth run in the month's last hour")
    p.add_argument("--version", choices=["overwrite", "create-new"], default="overwrite",
                   help="overwrite: data/BILLING_PERIOD=P/; create-new: a <time>-<execution id> subfolder")
    p.add_argument("--drop-column", action="append", default=[], help="leave a column out")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--run-tag", default="agent-run-id")
    p.add_argument("--agent-tag", default="agent-name")
    p.add_argument("--truth", help="where truth.json goes [OUT/../truth.json]")
    args = p.parse_args()

    global COLUMNS
    COLUMNS = [c for c in COLUMNS if c[0] not in args.drop_column]
    uri = args.uri.rstrip("/")
    export = uri.rsplit("/", 1)[-1]
    rng = random.Random(args.seed)

    def tree():
        return defaultdict(Decimal)

    truth = {
        "total": Decimal(0), "net_total": Decimal(0), "rows": 0,
        "by_run": tree(), "by_agent": tree(), "by_service": tree(), "by_account": tree(),
        "by_day": tree(), "by_hour": tree(), "by_month": tree(), "by_principal": tree(),
        "by_resource_of_run": defaultdict(tree), "by_run_day": defaultdict(tree),
        "agent_of_run": {},
    }
    periods = sorted(args.period or ["2026-11"])
    origin, runs = plan_runs(args, periods, rng)
    for period in periods:
        execution = str(uuid.UUID(int=rng.getrandbits(128)))
        data_dir = f"data/BILLING_PERIOD={period}"
        if args.version == "create-new":
            data_dir += f"/2026-12-01T02:00:00.000Z-{execution}"
        os.makedirs(os.path.join(args.out, data_dir), exist_ok=True)
        rows = generate(args, period, rng, truth, origin, runs)
        ext = "snappy.parquet" if args.format == "parquet" else "csv.gz"
        files = []
        per_file = -(-args.rows // args.files)
        for part in range(1, args.files + 1):
            name = f"{data_dir}/{export}-{part:05d}.{ext}"
            chunk = (row for _, row in zip(range(per_file), rows))
            path = os.path.join(args.out, name)
            written = write_parquet(chunk, path, args) if args.format == "parquet" else write_csv(chunk, path)
            if written:
                files.append(f"{uri}/{name}")
            else:
                os.remove(path)
        manifest = {
            "executionId": execution,
            "exportArn": f"arn:aws:bcm-data-exports:us-east-1:{ACCOUNTS[0]}:export/{export}-{execution[:8]}",
            "columns": [{"name": n, "type": t} for n, t in COLUMNS],
            "dataFiles": files,
            "additionalOutputFiles": [],
        }
        meta_dir = os.path.join(args.out, f"metadata/BILLING_PERIOD={period}")
        os.makedirs(meta_dir, exist_ok=True)
        with open(os.path.join(meta_dir, f"{export}-Manifest.json"), "w") as f:
            json.dump(manifest, f, indent=2)

    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in sorted(value.items())}
        if isinstance(value, Decimal):
            return str(value)
        return value

    truth_path = args.truth or os.path.join(os.path.dirname(os.path.abspath(args.out)), "truth.json")
    with open(truth_path, "w") as f:
        json.dump(plain(truth), f, indent=1)
    print(f"gen_cur: {truth['rows']} line items, total {truth['total']}, into {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
