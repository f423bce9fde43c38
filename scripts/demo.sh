#!/usr/bin/env bash
# The demo from the README: starts the local AWS emulator (moto) on 127.0.0.1, seeds a runaway-agent
# scenario (three agents across two regions: EC2, Auto Scaling, ECS, Lambda, IAM, S3; some resources
# untagged), and walks through costbrake against it, ending with a wrapped agent run. Nothing here talks to AWS.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/moto.sh
source scripts/lib/moto.sh

if [ -t 2 ] && [ -z "${NO_COLOR:-}" ]; then
    step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }
else
    step() { printf '\n==> %s\n' "$*" >&2; }
fi

step "Building costbrake"
cargo build --quiet --bin costbrake
target_dir="$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
costbrake="$target_dir/debug/costbrake"

ensure_moto
ensure_pyarrow
work="$(mktemp -d)"
cleanup() {
    stop_moto
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "Starting the AWS emulator (moto) on 127.0.0.1"
start_moto "$work/moto.log"
echo "moto listens on $MOTO_ENDPOINT (log: $work/moto.log)" >&2

# A sealed environment: fake credentials, the emulator as the only endpoint, no AWS profile or
# costbrake config of yours in the way.
mkdir -p "$work/.aws" "$work/config"
: >"$work/.aws/config"
: >"$work/.aws/credentials"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
export AWS_ENDPOINT_URL="$MOTO_ENDPOINT" AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE="$work/.aws/config" AWS_SHARED_CREDENTIALS_FILE="$work/.aws/credentials"
export XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_DATA_HOME="$work/data"
unset AWS_PROFILE AWS_DEFAULT_PROFILE COSTBRAKE_CONFIG

step "Seeding the runaway-agent scenario: research-agent is stuck in a loop (run-loop-7f3a)"
python3 scripts/seed_demo.py --endpoint-url "$MOTO_ENDPOINT" --regions us-east-1,eu-west-1 >"$work/seed.json"

repo_root="$PWD"
cd "$work"
step "costbrake doctor: who am I, where do requests go, is the account ready?"
"$costbrake" doctor

step "costbrake audit: which resources escape cost attribution? (exit 1 = findings, expected here)"
"$costbrake" audit --regions us-east-1,eu-west-1 --exit-zero

step "Per-type rules ([audit.require]): long-lived IAM roles and users need the agent tag only, so CI fails only on what a run left untagged"
cat >audit-rules.toml <<'TOML'
[audit.require]
"iam:*" = ["agent-name"]
"s3:bucket" = ["agent-name"]
TOML
"$costbrake" --config audit-rules.toml audit --regions us-east-1,eu-west-1 --types iam,s3,ec2:instance --exit-zero -o csv
step "costbrake audit --agent research-agent -o csv: the runaway agent's resources that lack a run id"
"$costbrake" audit --regions us-east-1,eu-west-1 --agent research-agent --exit-zero -o csv

step "Queueing Cost Explorer answers for the demo agents (moto tracks no spend; scripts/seed_costs.py)"
python3 "$repo_root/scripts/seed_costs.py" --endpoint-url "$MOTO_ENDPOINT"

step "costbrake report: what each run cost over the last 7 days, and what the report cost"
"$costbrake" report

step "costbrake report runs: unit economics per agent; the recursive loop run-loop-7f3a stands out"
"$costbrake" report runs

step "costbrake report --top 3 --chart: the same request again, served from the cache (0 requests)"
"$costbrake" report --top 3 --chart

# Kept after the demo (the target directory outlives its scratch directory), to open in a browser.
pages="$target_dir/costbrake-demo"
mkdir -p "$pages"
step "costbrake report -o html / report runs -o html: one self-contained page each, to open or forward"
"$costbrake" report -o html >"$pages/report.html"
"$costbrake" report runs -o html >"$pages/runs.html"
"$costbrake" report -o svg >"$pages/chart.svg"
for page in report.html runs.html chart.svg; do
    printf '  %-12s %6s bytes  file://%s\n' "$page" "$(wc -c <"$pages/$page")" "$pages/$page" >&2
done

step "JSON Schemas (docs/schemas/): a script validates costbrake's JSON against the file its schema field names"
"$costbrake" report -o json >report.json
"$costbrake" report runs -o json >runs.json
"$costbrake" audit --regions us-east-1,eu-west-1 --exit-zero -o json >audit.json
"$costbrake" doctor -o json >doctor.json || true
python3 - "$repo_root/docs/schemas" report.json runs.json audit.json doctor.json <<'PY'
import json, sys

import jsonschema  # installed with moto[server]

schemas = sys.argv[1]
for name in sys.argv[2:]:
    with open(name) as f:
        doc = json.load(f)
    file = doc["schema"].replace("/", ".") + ".json"
    with open(f"{schemas}/{file}") as f:
        jsonschema.Draft202012Validator(json.load(f)).validate(doc)
    print(f"  {name:12} valid {doc['schema']:28} docs/schemas/{file}")
PY

step "The bill itself: last month's CUR 2.0 export (scripts/gen_cur.py: 20,000 line items in Data Exports' layout) into S3"
cur_period="$(python3 -c 'import datetime as d; print((d.date.today().replace(day=1) - d.timedelta(days=1)).strftime("%Y-%m"))')"
python3 "$repo_root/scripts/gen_cur.py" --out "$work/cur/agents" --uri s3://demo-billing/cur/agents \
    --period "$cur_period" --rows 20000 --runs 50 --files 2 --truth "$work/cur/truth.json"
python3 - "$MOTO_ENDPOINT" "$work/cur/agents" <<'PY'
import os, sys, boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1")
s3.create_bucket(Bucket="demo-billing")
root = sys.argv[2]
for folder, _, files in os.walk(root):
    for name in files:
        path = os.path.join(folder, name)
        s3.upload_file(path, "demo-billing", "cur/agents/" + os.path.relpath(path, root))
PY
costliest_run="$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["by_run"]; t.pop("", None); print(max(t, key=lambda r: float(t[r])))' "$work/cur/truth.json")"

step "costbrake report --source cur: cost per run from the export (only the needed columns read; Bedrock calls count through session tags)"
"$costbrake" report --source cur --cur s3://demo-billing/cur/agents --period "$cur_period" --top 5

step "costbrake report --source cur --by resource --run $costliest_run: what the costliest run paid for (Cost Explorer cannot say)"
"$costbrake" report --source cur --cur s3://demo-billing/cur/agents --period "$cur_period" --by resource --run "$costliest_run" --top 5

step "costbrake report runs --source cur: unit economics from the bill; asked twice, the second reads only the manifests"
"$costbrake" report runs --source cur --cur s3://demo-billing/cur/agents --period "$cur_period"
"$costbrake" report runs --source cur --cur s3://demo-billing/cur/agents --period "$cur_period" >/dev/null

step "costbrake report --engine athena: the same report pushed down to Athena over a table on the export"
# moto runs no SQL: it answers a query with the result queued for it. The demo queues what Athena returns
# for costbrake's SQL over this export (the table's columns, then per-run sums from the generator's truth)
# and then reads back from moto's Athena the SQL costbrake sent, with its bound parameters.
python3 - "$MOTO_ENDPOINT" "$work/cur/truth.json" "$cur_period" <<'PY'
import json, sys, urllib.request
endpoint, truth, period = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3]
def result(columns, rows):
    cell = lambda v: {} if v is None else {"VarCharValue": v}
    return {"rows": [{"Data": [cell(c) for c in columns]}] + [{"Data": [cell(v) for v in r]} for r in rows],
            "column_info": [{"Name": c, "Type": "varchar"} for c in columns]}
schema = [("line_item_usage_start_date", "timestamp(3)", ""), ("line_item_currency_code", "varchar", ""),
          ("line_item_unblended_cost", "double", ""), ("line_item_resource_id", "varchar", ""),
          ("resource_tags", "map(varchar, varchar)", ""), ("tags", "map(varchar, varchar)", ""),
          ("billing_period", "varchar", "partition key")]
runs = [[f"{period}-01 00:00:00.000", run or None, "USD", amount, "1"] for run, amount in truth["by_run"].items()]
body = {"results": [result(["column_name", "data_type", "extra_info"], schema),
                    result(["bucket", "key1", "currency", "amount", "line_items"], runs)]}
req = urllib.request.Request(endpoint + "/moto-api/static/athena/query-results", json.dumps(body).encode(),
                             {"Content-Type": "application/json"})
assert urllib.request.urlopen(req).status == 201
PY
"$costbrake" report --engine athena --athena-database cur --athena-table agents \
    --output-location s3://demo-billing/athena-results/ --period "$cur_period" --granularity monthly --top 5
python3 - "$MOTO_ENDPOINT" <<'PY'
import sys, boto3
athena = boto3.client("athena", endpoint_url=sys.argv[1], region_name="us-east-1")
ids = athena.list_query_executions()["QueryExecutionIds"]
q = athena.get_query_execution(QueryExecutionId=ids[-1])["QueryExecution"]
print("  the SQL Athena received (values bound, never pasted):")
print("\n".join("    " + line for line in q["Query"].splitlines()))
print("  ExecutionParameters:", q.get("ExecutionParameters"))
PY

step "Planting the spend AWS Budgets would report for research-agent's runaway month (moto tracks none)"
# AWS computes a budget's spend from billing data; moto returns the CalculatedSpend given at creation.
# So the demo creates research-agent's budget itself, as costbrake would, with 612.50 USD already spent.
python3 - "$MOTO_ENDPOINT" <<'PY'
import sys
import boto3
budgets = boto3.client("budgets", endpoint_url=sys.argv[1], region_name="us-east-1")
usd = lambda amount: {"Amount": amount, "Unit": "USD"}
budgets.create_budget(
    AccountId="123456789012",
    Budget={
        "BudgetName": "costbrake-agent-research-agent",
        "BudgetLimit": usd("500"),
        "TimeUnit": "MONTHLY",
        "BudgetType": "COST",
        "FilterExpression": {
            "Tags": {"Key": "agent-name", "Values": ["research-agent"], "MatchOptions": ["EQUALS"]}
        },
        "Metrics": ["UnblendedCost"],
        "CalculatedSpend": {"ActualSpend": usd("612.50"), "ForecastedSpend": usd("1400")},
    },
)
PY

step "costbrake budget create: a budget per agent, filtered on its agent-name tag (research-agent's exists: alerts added)"
"$costbrake" budget create --agent research-agent --limit 500 \
    --notify email:oncall@example.com --thresholds 50,80,100 --forecast
"$costbrake" budget create --agent log-summarizer --limit 200
"$costbrake" budget create --agent ticket-triage --limit 100 --period daily

step "costbrake budget create again with the same arguments: idempotent, nothing is sent"
"$costbrake" budget create --agent log-summarizer --limit 200

step "costbrake budget list: limit, actual and forecast spend, % used and state per agent"
"$costbrake" budget list

step "Budgets as code: [[budgets]] in costbrake.toml, checked for drift (exit 1 = drift, expected here)"
cat >costbrake.toml <<'TOML'
[[budgets]]
agent = "log-summarizer"
limit = 200

[[budgets]]
agent = "ticket-triage"
limit = 100
period = "daily"

[[budgets]]
agent = "triage-v2"
limit = 50
TOML
cat costbrake.toml >&2
"$costbrake" budget sync --check || echo "(exit $?: AWS differs from costbrake.toml)" >&2

step "costbrake budget sync --yes: apply the plan (research-agent is not in the file: kept, not pruned)"
"$costbrake" budget sync --yes
"$costbrake" budget sync --check

step "costbrake budget import: budgets made outside costbrake (console, Terraform) into costbrake.toml"
# Two budgets someone made by hand: one in costbrake's shape, one with the legacy CostFilters form, which
# an entry cannot express (import says why). moto does not serve DescribeSubscribersForNotification, which
# import reads for budgets with notifications (research-agent's), so --match keeps to these two.
python3 - "$MOTO_ENDPOINT" <<'PY'
import sys
import boto3
budgets = boto3.client("budgets", endpoint_url=sys.argv[1], region_name="us-east-1")
usd = lambda amount: {"Amount": amount, "Unit": "USD"}
budgets.create_budget(
    AccountId="123456789012",
    Budget={
        "BudgetName": "costbrake-agent-summarizer-v2",
        "BudgetLimit": usd("300"),
        "TimeUnit": "QUARTERLY",
        "BudgetType": "COST",
        "FilterExpression": {
            "Tags": {"Key": "agent-name", "Values": ["summarizer-v2"], "MatchOptions": ["EQUALS"]}
        },
        "Metrics": ["UnblendedCost"],
    },
)
budgets.create_budget(
    AccountId="123456789012",
    Budget={
        "BudgetName": "report-writer-monthly",
        "BudgetLimit": usd("80"),
        "TimeUnit": "MONTHLY",
        "BudgetType": "COST",
        "CostFilters": {"TagKeyValue": ["user:agent-name$report-writer"]},
    },
)
PY
"$costbrake" budget import --match '{costbrake-agent-summarizer-v2,report-writer-*}' --write costbrake.toml
cat costbrake.toml >&2
"$costbrake" budget sync --check

step "costbrake guard --once: which breached agents would the brake stop? (dry run; exit 1 = some would)"
"$costbrake" guard --once --regions us-east-1,eu-west-1 || echo "(exit $?: research-agent is over budget)" >&2
step "costbrake kill plan --agent research-agent: what a kill would stop (nothing changes yet)"
"$costbrake" kill plan --agent research-agent --regions us-east-1,eu-west-1
step "costbrake kill --agent research-agent --yes: stop it (prior state recorded first; --yes because this is a script)"
"$costbrake" kill --agent research-agent --regions us-east-1,eu-west-1 --yes
step "costbrake kill status: what is killed, since when, by whom, and what undo would restore"
"$costbrake" kill status --regions us-east-1,eu-west-1
step "The other agents still run: log-summarizer and ticket-triage instances and services"
aws_state() {
    python3 - "$MOTO_ENDPOINT" "$@" <<'PY'
import sys, boto3
endpoint, agents = sys.argv[1], sys.argv[2:]
for region in ("us-east-1", "eu-west-1"):
    ec2 = boto3.client("ec2", region_name=region, endpoint_url=endpoint)
    lam = boto3.client("lambda", region_name=region, endpoint_url=endpoint)
    rds = boto3.client("rds", region_name=region, endpoint_url=endpoint)
    for agent in agents:
        states = {}
        pages = ec2.get_paginator("describe_instances").paginate(
            Filters=[{"Name": "tag:agent-name", "Values": [agent]}])
        for page in pages:
            for r in page["Reservations"]:
                for i in r["Instances"]:
                    states[i["State"]["Name"]] = states.get(i["State"]["Name"], 0) + 1
        fns = [f["FunctionName"] for f in lam.list_functions()["Functions"] if f["FunctionName"].startswith(agent)]
        conc = {f: lam.get_function_concurrency(FunctionName=f).get("ReservedConcurrentExecutions", "none") for f in fns}
        dbs = {d["DBInstanceIdentifier"]: d["DBInstanceStatus"] for d in rds.describe_db_instances()["DBInstances"]
               if d["DBInstanceIdentifier"].startswith(agent)}
        print(f"  {region:10} {agent:15} instances {dict(sorted(states.items()))}  lambda reserved concurrency {conc}"
              + (f"  rds {dbs}" if dbs else ""))
PY
}
aws_state log-summarizer ticket-triage research-agent
step "costbrake kill undo --agent research-agent --yes: restore exactly what the kill changed (its RunTask job, workflow execution and fine-tuning job were stopped for good: listed, not restored)"
"$costbrake" kill undo --agent research-agent --regions us-east-1,eu-west-1 --yes
step "costbrake kill undo --agent research-agent --relaunch-tasks --yes: start that job again (a new task, same definition, network and command)"
"$costbrake" kill undo --agent research-agent --regions us-east-1,eu-west-1 --relaunch-tasks --yes
step "Restored: research-agent runs again (its pre-stopped instance stays stopped; Lambda concurrency as before; its database available)"
aws_state research-agent
"$costbrake" kill status --regions us-east-1,eu-west-1
step "Sandbox accounts: the demo account becomes an organization's management account (as a platform team's is)"
python3 - "$MOTO_ENDPOINT" <<'PY'
import sys
import boto3
endpoint = sys.argv[1]
assert endpoint.startswith(("http://127.0.0.1:", "http://localhost:")), endpoint
boto3.client("organizations", endpoint_url=endpoint, region_name="us-east-1").create_organization(FeatureSet="ALL")
PY
step "costbrake sandbox create team-research: its own account in costbrake-sandboxes/active, a 500 USD monthly budget over that account"
"$costbrake" sandbox create team-research --email aws+team-research@example.com --budget 500 --owner lead@example.com
step "Planting the spend AWS Budgets would report for team-research: 540 USD of its 500 (moto tracks none)"
python3 - "$MOTO_ENDPOINT" <<'PY'
import sys
import boto3
budgets = boto3.client("budgets", endpoint_url=sys.argv[1], region_name="us-east-1")
name = "costbrake-sandbox-team-research"
budget = budgets.describe_budget(AccountId="123456789012", BudgetName=name, ShowFilterExpression=True)["Budget"]
usd = lambda amount: {"Amount": amount, "Unit": "USD"}
budget["CalculatedSpend"] = {"ActualSpend": usd("540"), "ForecastedSpend": usd("620")}
budget.pop("TimePeriod", None)
budget.pop("LastUpdatedTime", None)
budgets.delete_budget(AccountId="123456789012", BudgetName=name)
budgets.create_budget(AccountId="123456789012", Budget=budget)
PY
step "costbrake guard --once: the brake would freeze the spent sandbox too (dry run; exit 1 = it would act)"
"$costbrake" guard --once --regions us-east-1,eu-west-1 || echo "(exit $?: team-research and research-agent are over budget)" >&2
step "costbrake sandbox freeze team-research: a deny-create SCP on the account and the frozen OU, recorded first"
"$costbrake" sandbox freeze team-research --reason "budget spent"
step "costbrake sandbox list: every sandbox account with its state, owner, budget and spend"
"$costbrake" sandbox list
step "costbrake sandbox unfreeze team-research: exactly back (its OU; SCPs attached before stay)"
"$costbrake" sandbox unfreeze team-research
step "Across the organization: research-agent also runs in team-research's account (seeded through its OrganizationAccountAccessRole)"
sandbox_account="$("$costbrake" sandbox list -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["sandboxes"][0]["account_id"])')"
python3 - "$sandbox_account" <<'PY'
import sys
import boto3
account = sys.argv[1]
creds = boto3.client("sts", region_name="us-east-1").assume_role(
    RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole", RoleSessionName="demo-seed")["Credentials"]
ec2 = boto3.client("ec2", region_name="us-east-1", aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                   aws_session_token=creds["SessionToken"])
tags = [{"Key": "agent-name", "Value": "research-agent"}, {"Key": "agent-run-id", "Value": "run-loop-7f3a"}]
for _ in range(2):
    ec2.run_instances(ImageId="ami-12c6146b", InstanceType="g5.xlarge", MinCount=1, MaxCount=1,
                      TagSpecifications=[{"ResourceType": "instance", "Tags": tags}])
ec2.run_instances(ImageId="ami-12c6146b", InstanceType="t3.micro", MinCount=1, MaxCount=1)
print(f"seeded 2 research-agent GPU instances and 1 untagged instance in account {account}")
PY
step "costbrake doctor --accounts org: can costbrake enter every account? (one AssumeRole each, one table)"
"$costbrake" doctor --accounts org || echo "(exit $?: an account could not be entered)" >&2
step "costbrake audit --accounts org --types ec2:instance: every account at once, findings grouped by account (exit 1 = findings)"
"$costbrake" audit --accounts org --types ec2:instance --regions us-east-1 || echo "(exit $?: findings, as expected)" >&2
step "costbrake kill --agent research-agent --accounts org --yes: one plan, one confirmation, each account stopped with its own journal"
"$costbrake" kill --agent research-agent --accounts org --regions us-east-1 --types ec2:instance --yes
step "costbrake kill undo --agent research-agent --accounts org --yes: each account restored exactly"
"$costbrake" kill undo --agent research-agent --accounts org --regions us-east-1 --yes
step "costbrake run: the next research-agent run gets its own id, acts as a role session tagged with it, and has a brake"
cat >"$work/agent.py" <<'PY'
# A stand-in agent: who am I, launch a worker tagged with my run id, then loop as the runaway did.
import os, time, boto3
print("agent: run id", os.environ["AGENT_RUN_ID"], "| acting as", boto3.client("sts").get_caller_identity()["Arn"])
print("agent: OTEL_RESOURCE_ATTRIBUTES =", os.environ["OTEL_RESOURCE_ATTRIBUTES"])
tags = [{"Key": "agent-name", "Value": os.environ["AGENT_NAME"]}, {"Key": "agent-run-id", "Value": os.environ["AGENT_RUN_ID"]}]
worker = boto3.client("ec2").run_instances(ImageId="ami-12c6146b", InstanceType="t3.micro", MinCount=1, MaxCount=1,
    TagSpecifications=[{"ResourceType": "instance", "Tags": tags}])["Instances"][0]["InstanceId"]
print("agent: launched", worker, "and now loops", flush=True)
while True:
    time.sleep(1)
PY
# The role runs act as (AWS refuses AssumeRole of a role that does not exist).
python3 - <<'PY'
import boto3
trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["sts:AssumeRole","sts:TagSession"]}]}'
boto3.client("iam", region_name="us-east-1").create_role(RoleName="agent-runner", AssumeRolePolicyDocument=trust)
PY
"$costbrake" run --agent research-agent --run-id run-demo-1 --role arn:aws:iam::123456789012:role/agent-runner \
    --max-duration 3s --grace 2s --on-exit kill -- python3 "$work/agent.py" ||
    echo "(exit $?: --max-duration ended the loop, as 124 says; the on-exit kill stopped its worker)" >&2
step "costbrake run list: the ledger of runs on this machine (start, duration, exit code, what was left)"
"$costbrake" run list
step "costbrake kill undo --run run-demo-1 --yes: a run's on-exit kill is undone like any other"
"$costbrake" kill undo --run run-demo-1 --yes
step "costbrake run env and --print-policy: for CI steps that cannot wrap, and the role's tag-on-create policy"
"$costbrake" run env --agent ci-agent --run-id gh-run-42
"$costbrake" run --print-policy | python3 -c 'import json, sys; d = json.load(sys.stdin); print(len(d["Statement"]), "statements, e.g.", json.dumps(d["Statement"][0]["Condition"]))'
step "costbrake policy tag-on-create: the SCP that makes the cloud itself refuse untagged creates"
"$costbrake" policy tag-on-create --out "$work/policies"
step "costbrake policy attach --target SANDBOX: the SCP on team-research's account (idempotent; recorded first), then detach"
sandbox_id="$("$costbrake" sandbox list -o json | python3 -c 'import json, sys; print(json.load(sys.stdin)["sandboxes"][0]["account_id"])')"
"$costbrake" policy attach --target "$sandbox_id"
"$costbrake" policy attach --target "$sandbox_id"
"$costbrake" policy check --target "$sandbox_id"
"$costbrake" policy detach --target "$sandbox_id"
step "costbrake policy check on a hand-written SCP: instances covered, nothing else (exit 1 = gaps, expected here)"
"$costbrake" policy check "$repo_root/docs/examples/hand-written-scp.json" --tag Agent-ID ||
    echo "(exit $?: the hand-written SCP leaves volumes, functions, tasks and the rest allowed untagged)" >&2
step "Done"
echo "The emulator stops now. Next: costbrake --help; docs/ has a page per command." >&2
