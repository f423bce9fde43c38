#!/usr/bin/env bash
# The reliability suite: costbrake's audit, kill and undo behind a proxy that injects the faults AWS
# shows when an agent runs away, each compared with a clean run of the same scenario.
#
# For each scenario it starts a fresh moto on 127.0.0.1, seeds the kill benchmark's scenario into it
# (scripts/seed_kill_bench.py: one runaway agent with instances, Auto Scaling groups, ECS services,
# Lambda functions and IAM principals, a second agent and untagged resources, and an organization with
# the agent's sandbox account), puts mitmproxy in front of it with scripts/faults_addon.py, and runs
# through the proxy:
#     costbrake audit --regions R -o json
#     costbrake kill --agent research-agent --regions R --account SANDBOX --yes -o json   then checks the AWS state
#     costbrake kill undo --agent research-agent --yes -o json   (regions and account from the journal)
#                                                                then checks it again
#     costbrake report -o json   on Cost Explorer answers queued into moto (scripts/seed_costs.py)
# The state checks compare moto's state directly (never through the proxy): after the kill, the agent's
# resources are stopped, one deny SCP is attached to the sandbox account and nothing else changed; after
# the undo, everything is as it was (the SCP detached and deleted).
#
# Scenarios: clean; throttle (30 % of requests get the service's own throttling error); unavailable
# (10 % get a 503); lost (10 % of writes are applied by moto, then their answer is replaced by a 503).
# A scenario passes when its exit codes, audit counts, kill and undo counts and report total equal the
# clean run's and both state checks pass. Exit 0 when every scenario passes, 1 otherwise.
#
# --scale is the runaway agent's resources (default 60, a quick run; the kill benchmark's 500 takes
# about ten minutes).
#
# Usage: scripts/faults.sh [--scale N] [--regions R1,R2] [--costbrake PATH] [--only SCENARIO]
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_NAME=faults.sh
# shellcheck source=scripts/lib/bench_common.sh
source scripts/lib/bench_common.sh

scale=60
REGIONS="us-east-1,eu-west-1"
costbrake=""
only=""
while [ $# -gt 0 ]; do
    case "$1" in
    --scale) scale="${2:?--scale needs a number}"; shift 2 ;;
    --regions) REGIONS="${2:?--regions needs a list}"; shift 2 ;;
    --costbrake) costbrake="${2:?--costbrake needs a path}"; shift 2 ;;
    --only) only="${2:?--only needs a scenario}"; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo pipefail/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1; see --help" ;;
    esac
done

bench_start costbrake-faults
[ -x "$mitmdump" ] || bench_tools
ensure_moto
if [ -z "$costbrake" ]; then
    step "Building costbrake"
    cargo build --quiet --bin costbrake
    costbrake="$(cargo metadata --format-version 1 --no-deps |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/debug/costbrake"
fi

# scenario NAME MODE RATE: one run; writes $work/NAME/result.json.
scenario() {
    local name="$1" mode="$2" rate="$3" dir="$work/$1" rc
    mkdir -p "$dir"
    step "$name: fault_mode=$mode fault_rate=$rate"
    start_moto "$dir/moto.log"
    python3 scripts/seed_kill_bench.py seed --endpoint "$MOTO_ENDPOINT" --scale "$scale" --regions "$REGIONS" \
        --sandbox-account --manifest "$dir/manifest.json" >/dev/null
    local sandbox_account
    sandbox_account="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["sandbox_account"])' \
        "$dir/manifest.json")"
    python3 scripts/seed_kill_bench.py snapshot --endpoint "$MOTO_ENDPOINT" --regions "$REGIONS" --out "$dir/before.json"
    start_proxy "$dir/proxy.log" 0 -s scripts/faults_addon.py --set fault_mode="$mode" --set fault_rate="$rate"
    sealed_env AWS_ENDPOINT_URL="$PROXY" COSTBRAKE_DATA_DIR="$dir/data" XDG_CACHE_HOME="$dir/cache"
    local codes=()
    python3 scripts/seed_costs.py --endpoint-url "$MOTO_ENDPOINT" >/dev/null
    for cmd in audit kill undo report; do
        case "$cmd" in
        audit) args=(audit --regions "$REGIONS" -o json) ;;
        kill) args=(kill --agent research-agent --regions "$REGIONS" --account "$sandbox_account" --yes -o json
            --max-resources "$((scale * 2))") ;;
        undo) args=(kill undo --agent research-agent --yes -o json) ;;
        report) args=(report -o json) ;;
        esac
        rc=0
        "${sealed[@]}" "$costbrake" "${args[@]}" >"$dir/$cmd.json" 2>"$dir/$cmd.err" || rc=$?
        codes+=("$rc")
        if [ "$cmd" = kill ] || [ "$cmd" = undo ]; then
            python3 scripts/seed_kill_bench.py snapshot --endpoint "$MOTO_ENDPOINT" --regions "$REGIONS" \
                --out "$dir/after-$cmd.json"
            expect=(--expect killed --sandbox-account "$sandbox_account")
            [ "$cmd" = undo ] && expect=(--expect restored)
            if python3 scripts/seed_kill_bench.py check --before "$dir/before.json" --after "$dir/after-$cmd.json" \
                "${expect[@]}" >"$dir/check-$cmd.txt" 2>&1; then
                echo ok >"$dir/check-$cmd.verdict"
            else
                echo FAIL >"$dir/check-$cmd.verdict"
            fi
        fi
    done
    control counts >"$dir/counts.json"
    stop_proxy
    stop_moto
    python3 - "$dir" "${codes[@]}" <<'PY'
import json, sys
d, codes = sys.argv[1], [int(c) for c in sys.argv[2:]]
def load(name):
    try:
        return json.load(open(f"{d}/{name}.json"))
    except Exception:
        return {}
audit, kill, undo, report, counts = load("audit"), load("kill"), load("undo"), load("report"), load("counts")
s = audit.get("summary", {})
result = {
    "exit": {"audit": codes[0], "kill": codes[1], "undo": codes[2], "report": codes[3]},
    "audit": {"scanned": s.get("scanned"), "non_compliant": s.get("non_compliant"), "gaps": s.get("gaps")},
    "kill": {k: kill.get(k) for k in ("done", "unchanged", "blocked", "failed")},
    "undo": {k: undo.get(k) for k in ("done", "unchanged", "blocked", "failed")},
    "report": {"total": report.get("total"), "rows": len(report.get("rows", []))},
    "checks": {c: open(f"{d}/check-{c}.verdict").read().strip() for c in ("kill", "undo")},
    "retried": sum((x.get("retried") or x.get("summary", {}).get("retried") or 0) for x in (audit, kill, undo))
    + (report.get("requests", {}).get("retried") or 0),
    "requests": counts.get("total"),
}
json.dump(result, open(f"{d}/result.json", "w"), indent=2)
PY
}

names=(clean throttle unavailable lost)
modes=(off throttle unavailable lost)
rates=(0 0.3 0.1 0.1)
for i in "${!names[@]}"; do
    if [ -n "$only" ] && [ "${names[$i]}" != clean ] && [ "${names[$i]}" != "$only" ]; then
        continue
    fi
    scenario "${names[$i]}" "${modes[$i]}" "${rates[$i]}"
done

python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
results = {n: json.load(open(f"{work}/{n}/result.json")) for n in ("clean", "throttle", "unavailable", "lost")
           if os.path.exists(f"{work}/{n}/result.json")}
clean = results["clean"]
compared = ("exit", "audit", "kill", "undo", "report")
print(f"{'scenario':<12} {'exits a/k/u/r':<14} {'audit found':<12} {'kill done':<10} {'undo done':<10} "
      f"{'report total':<13} {'state':<10} {'retried':>8} {'requests':>9}  verdict")
failed = False
for name, r in results.items():
    ok = all(r[k] == clean[k] for k in compared) and r["checks"] == {"kill": "ok", "undo": "ok"}
    failed |= not ok
    e = r["exit"]
    exits = f"{e['audit']}/{e['kill']}/{e['undo']}/{e['report']}"
    print(f"{name:<12} {exits:<14} {str(r['audit']['non_compliant']):<12} "
          f"{str(r['kill']['done']):<10} {str(r['undo']['done']):<10} {str(r['report']['total']):<13} "
          f"{r['checks']['kill'] + '/' + r['checks']['undo']:<10} {r['retried']:>8} {str(r['requests']):>9}  "
          f"{'PASS' if ok else 'FAIL'}")
    if not ok:
        for k in compared:
            if r[k] != clean[k]:
                print(f"    {k}: {r[k]} (clean: {clean[k]})")
print(f"details: {work}")
sys.exit(1 if failed else 0)
PY
