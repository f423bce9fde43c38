#!/usr/bin/env bash
# The kill benchmark (`scripts/bench.sh kill`): `costbrake kill` and `costbrake kill undo` of one agent
# against a straightforward sequential boto3 script doing the same job, in one run, behind the audit
# benchmark's latency proxy.
#
# What it does, all on 127.0.0.1 with ports chosen at run time, once for each side (costbrake, then the
# boto3 script), each on a freshly started and seeded emulator so that both start from the same state:
#   1. starts moto and seeds, directly, one agent (agent-name=research-agent) owning about 500 resources
#      over us-east-1, us-west-2 and eu-west-1 (scripts/seed_kill_bench.py: EC2 instances, some already
#      stopped; Auto Scaling groups with members; ECS services, half with a scalable target; Lambda
#      functions with and without reserved concurrency; SageMaker notebooks, some already stopped, and an
#      endpoint; an EKS node group; IAM roles and users), plus a second agent's resources and untagged
#      ones that must not be touched; and snapshots the state of everything;
#   2. starts the latency proxy (mitmdump with scripts/bench_latency.py: 50 ms added to every request,
#      requests counted per action);
#   3. runs, through the proxy, measured with GNU time (wall, user+sys CPU, peak RSS) and the proxy's
#      request count:
#        costbrake kill --agent research-agent --regions R1,R2,R3 --yes -o json
#        costbrake kill undo --agent research-agent --regions R1,R2,R3 --yes -o json
#      or
#        scripts/bench_kill_boto3.py kill --agent research-agent --regions R1,R2,R3 --state FILE --record B
#        scripts/bench_kill_boto3.py undo --agent research-agent --regions R1,R2,R3 --state FILE --record B
#      where B is `tags` (the default, --baseline tags): the script does the job the issue asks of
#      costbrake, prior state tagged on each resource before it changes and undo found from those tags
#      (so any machine can undo), or `file` (--baseline file): prior state in its local file only and an
#      undo that lists nothing, less than that job, for reference;
#      and after each, snapshots the state again (directly, not through the proxy) and checks it: after
#      the kill, every one of the agent's resources killed and nothing else changed; after the undo,
#      everything as before the kill (Auto Scaling members compared by count: moto replaces them);
#   4. prints both sides' figures, the ratios and PASS/MISS against the targets, and costbrake's requests
#      per action against the minimum, and writes everything as JSON.
#
# Targets: costbrake's wall time <= 0.2x the boto3 script's, for the kill, the undo and both together;
# costbrake's requests within 20 % of the minimum (<= 1.2x), for the kill and the undo.
#
# The minimum (computed by scripts/seed_kill_bench.py from what it seeded; see minimum() there and
# docs/performance.md): the inventory listing pages of the kill's types per region (GetResources pages,
# one DescribeInstances, ListFunctions and DescribeAutoScalingGroups page, the ECS listing, ListTags per
# never-tagged function or notebook, the SageMaker and EKS listings), the reads the listing does not
# carry (GetFunctionConcurrency per function, one DescribeScalableTargets per region, ListTags per
# notebook, DescribeEndpoint and DescribeEndpointConfig per endpoint for the billing report), then the
# writes: per region one CreateTags and one StopInstances
# for all instances (one StartInstances and one DeleteTags to undo) and one CreateOrUpdateTags for all
# groups; one call per non-batchable change (per group SuspendProcesses + UpdateAutoScalingGroup, per
# service TagResource + UpdateService + RegisterScalableTarget where there is one, per function
# TagResource + PutFunctionConcurrency, per notebook AddTags + StopNotebookInstance, per node group
# TagResource + UpdateNodegroupConfig, per IAM principal Tag + Put policy); plus GetCallerIdentity and
# one GetAccountAuthorizationDetails page.
#
# Usage: scripts/bench.sh kill [--quick] [--scale N] [--latency-ms MS] [--baseline tags|file] [--moto-tag-index]
#                              [--costbrake PATH] [--json PATH]
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_NAME="bench.sh kill"
# shellcheck source=scripts/lib/bench_common.sh
source scripts/lib/bench_common.sh

REGIONS="us-east-1,us-west-2,eu-west-1"
AGENT="research-agent"

usage() {
    usage_header
    cat <<'EOF'

Options:
  --quick           a quick check: about 100 resources of the agent
  --scale N         the agent's resources in total (default 500)
  --latency-ms MS   latency added to every request (default 50, or $BENCH_LATENCY_MS)
  --baseline B      what the boto3 script does: `tags` (default) records each prior state in tags on
                    the resource and undoes from them, as costbrake does; `file` records to its
                    local file only and its undo lists nothing (less than the same job)
  --moto-tag-index  run moto with its EC2 tag lookup by resource id (scripts/moto_tag_index.py)
                    instead of its scan of every tag of the region per resource, which makes
                    listing N instances or volumes cost O(N^2) in moto; see docs/performance.md
  --costbrake PATH  benchmark this binary instead of building one (cargo build --release)
  --json PATH       where to write the results (default: results.json in the run's work directory)
EOF
}

scale=500
baseline=tags
while [ $# -gt 0 ]; do
    if bench_option "$@"; then shift "$bench_shift"; continue; fi
    case "$1" in
    --baseline)
        baseline="${2:?--baseline needs tags or file}"; shift
        case "$baseline" in tags | file) ;; *) echo "bench_kill.sh: --baseline is tags or file, not $baseline" >&2; exit 2 ;; esac ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench.sh kill: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if [ "$quick" = 1 ] && [ "$scale_set" = 0 ]; then scale=100; fi
require_numbers "$scale" "$latency_ms"
[ "$scale" -ge 30 ] || { echo "bench.sh kill: --scale must be at least 30" >&2; exit 2; }

bench_start costbrake-bench-kill
[ -n "$results_json" ] || results_json="$work/results.json"

# --- tools ---------------------------------------------------------------------------------------------

bench_tools
python3 -c 'import boto3' 2>/dev/null || die "the boto3 side needs boto3 (it comes with moto: pip install boto3)"
ensure_costbrake

# --- per side: emulator, seed, proxy ----------------------------------------------------------------------

# fresh SIDE: a new moto, seeded, snapshotted, with a new proxy in front of it.
fresh() {
    local side="$1"
    stop_proxy
    stop_moto
    step "[$side] Starting moto on 127.0.0.1 and seeding about $scale resources of $AGENT over $REGIONS"
    start_moto "$work/$side/moto.log"
    python3 scripts/seed_kill_bench.py seed --endpoint "$MOTO_ENDPOINT" --scale "$scale" --regions "$REGIONS" \
        --manifest "$work/$side/seed.json"
    step "[$side] Snapshot of the state before the kill"
    python3 scripts/seed_kill_bench.py snapshot --endpoint "$MOTO_ENDPOINT" --regions "$REGIONS" \
        --out "$work/$side/before.json"
    step "[$side] Starting the latency proxy ($latency_ms ms a request) in front of moto"
    start_proxy "$work/$side/mitmdump.log" "$latency_ms"
}

# A sealed environment: fake credentials, no profile or costbrake config of the user's, and the kill
# journal under the work directory.
sealed_env XDG_DATA_HOME="$work/data"
mkdir -p "$work/data" "$work/costbrake" "$work/boto3"
boto3_script="$PWD/scripts/bench_kill_boto3.py"

# measure SIDE PHASE: one timed run of SIDE's PHASE (kill or undo) through the proxy, with the proxy's
# request counts and the CPU seconds moto and the proxy used meanwhile, to SIDE/PHASE.json; then a
# snapshot and the check of the state it should have left.
measure() {
    local side="$1" phase="$2" rc=0 load cmd expect
    case "$side.$phase" in
    costbrake.kill) cmd=("$costbrake" kill --agent "$AGENT" --regions "$REGIONS" --yes -o json
        --max-resources "$((scale * 2))") ;;
    costbrake.undo) cmd=("$costbrake" kill undo --agent "$AGENT" --regions "$REGIONS" --yes -o json) ;;
    boto3.kill) cmd=(python3 "$boto3_script" kill --agent "$AGENT" --regions "$REGIONS"
        --state "$work/boto3/prior-state.json" --record "$baseline") ;;
    boto3.undo) cmd=(python3 "$boto3_script" undo --agent "$AGENT" --regions "$REGIONS"
        --state "$work/boto3/prior-state.json" --record "$baseline") ;;
    esac
    step "[$side] $phase, measured"
    load="$(cut -d' ' -f1 /proc/loadavg)"
    run_begin
    "$GNU_TIME" -f '%e %U %S %M' -o "$work/$side/$phase.time" \
        "${sealed[@]}" AWS_ENDPOINT_URL="$PROXY" "${cmd[@]}" \
        >"$work/$side/$phase.out" 2>"$work/$side/$phase.err" || rc=$?
    if [ "$rc" -ne 0 ]; then
        tail -20 "$work/$side/$phase.err" >&2
        die "$side $phase exited with status $rc (the end of its stderr is above)"
    fi
    run_record "$work/$side/$phase.time" "{\"side\": \"$side\", \"phase\": \"$phase\"}" \
        "{\"load_average_before\": $load}" >"$work/$side/$phase.json"
    control trace >"$work/$side/$phase.trace.json"
    if [ "$phase" = kill ]; then expect=killed; else expect=restored; fi
    python3 scripts/seed_kill_bench.py snapshot --endpoint "$MOTO_ENDPOINT" --regions "$REGIONS" \
        --out "$work/$side/after-$phase.json"
    python3 scripts/seed_kill_bench.py check --before "$work/$side/before.json" \
        --after "$work/$side/after-$phase.json" --expect "$expect" --agent "$AGENT" ||
        die "[$side] the state after the $phase is not $expect (the differences are above)"
}

for side in costbrake boto3; do
    mkdir -p "$work/$side"
    fresh "$side"
    measure "$side" kill
    measure "$side" undo
done
stop_proxy
stop_moto

# --- summary ---------------------------------------------------------------------------------------------

python3 - "$work" "$results_json" "$latency_ms" "$REGIONS" "$baseline" <<'PY'
import json, os, sys

work, out_path, latency_ms, regions = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split(",")
baseline = sys.argv[5]
seed = json.load(open(f"{work}/costbrake/seed.json"))
seed_b = json.load(open(f"{work}/boto3/seed.json"))
assert seed["counts"] == seed_b["counts"], "the two sides were seeded differently"
minimum = seed["minimum"]
runs = {
    side: {phase: json.load(open(f"{work}/{side}/{phase}.json")) for phase in ("kill", "undo")}
    for side in ("costbrake", "boto3")
}
for side in runs.values():
    for r in side.values():
        r["http_requests"] = r["requests"]["total"]
reports = {phase: json.load(open(f"{work}/costbrake/{phase}.out")) for phase in ("kill", "undo")}


def ratio(a, b):
    return a / b if b else float("inf")


def timeline(side, phase, wall):
    """From the proxy's trace: when the first request arrived, how long at least one request was in
    flight (latency or emulator), and how long the emulator was working on at least one."""
    trace = json.load(open(f"{work}/{side}/{phase}.trace.json"))["trace"]
    if not trace:
        return {"first_request": None, "in_flight": 0.0, "in_emulator": 0.0, "idle": wall}

    def union(intervals):
        total, end = 0.0, None
        start = None
        for a, b in sorted(intervals):
            if end is None or a > end:
                if end is not None:
                    total += end - start
                start, end = a, b
            else:
                end = max(end, b)
        return total + (end - start)

    in_flight = union([(t[1], t[3]) for t in trace])
    in_emulator = union([(t[2], t[3]) for t in trace])
    return {
        "first_request": round(min(t[1] for t in trace), 2),
        "last_response": round(max(t[3] for t in trace), 2),
        "in_flight": round(in_flight, 2),
        "in_emulator": round(in_emulator, 2),
        "idle": round(wall - in_flight, 2),
    }


p = seed["plan"]
print()
print(f"{seed['agent']} owns {seed['agent_resources']} resources over {len(regions)} regions "
      f"({', '.join(regions)}): per region {p['instances']} instances ({p['stopped']} already stopped), "
      f"{p['groups']} Auto Scaling groups x {p['members']} members, {p['services']} ECS services "
      f"({p['services'] // 2} with a scalable target), {p['functions']} Lambda functions "
      f"({p['functions'] // 2} with reserved concurrency), {p['notebooks'] + p['stopped_notebooks']} SageMaker "
      f"notebooks ({p['stopped_notebooks']} already stopped), {p['endpoints']} endpoint, {p['nodegroups']} EKS "
      f"node group, {p['databases'] + p['stopped_databases']} RDS DB instances ({p['stopped_databases']} already "
      f"stopped) and {p['db_clusters']} Aurora cluster, {p['tasks']} standalone ECS tasks, "
      f"{p['executions']} running Step Functions executions, {p['jobs']} Bedrock customization jobs "
      f"(these three stopped for good); {p['roles']} IAM roles and {p['users']} users;")
print(f"plus another agent's and untagged resources. {latency_ms} ms added to every request; one run of each.")
verdicts = []
# What was stopped for good: undo must list each as not restored, on both sides.
for_good = sum(c["agent_tasks"] + c["agent_executions"] + c["agent_jobs"] for c in seed["counts"].values())
listed = {"costbrake": reports["undo"].get("not_restored")}
if baseline == "tags":
    listed["boto3"] = len(json.load(open(f"{work}/boto3/undo.out"))["not_restored"])
for side, n in listed.items():
    if n != for_good:
        sys.exit(f"bench.sh kill: {side}'s undo listed {n} resources as not restored, expected {for_good}")
print(f"Stopped for good and listed by each undo as not restored: {for_good} (tasks, executions, jobs).")
for side in runs:
    for phase, r in runs[side].items():
        r["timeline"] = timeline(side, phase, r["wall"])
for phase in ("kill", "undo"):
    cb, b3 = runs["costbrake"][phase], runs["boto3"][phase]
    rep = reports[phase]
    floor = minimum[phase]["total"]
    print()
    header = f"{phase:<20} {'costbrake':>10} {'boto3':>10} {'ratio':>7}  {'target':<28} result"
    print(header)
    print("-" * len(header))
    wall_r = ratio(cb["wall"], b3["wall"])
    req_r = ratio(cb["http_requests"], floor)
    rows = [
        ("wall time (s)", "wall", "{:.2f}", wall_r, "<= 0.20x the boto3 script's", wall_r <= 0.20),
        ("CPU user+sys (s)", "cpu", "{:.2f}", ratio(cb["cpu"], b3["cpu"]), "", None),
        ("peak RSS (MB)", "peak_rss_mb", "{:.1f}", ratio(cb["peak_rss_mb"], b3["peak_rss_mb"]), "", None),
        ("HTTP requests", "http_requests", "{:.0f}", req_r, f"<= 1.20x the minimum ({floor})", req_r <= 1.20),
    ]
    for label, key, fmt, r, target, ok in rows:
        shown = f"{r:.2f}x" if key != "http_requests" else f"{r:.2f}x*"
        result = "" if ok is None else ("PASS" if ok else "MISS")
        print(f"{label:<20} {fmt.format(cb[key]):>10} {fmt.format(b3[key]):>10} {shown:>7}  {target:<28} {result}")
        if ok is not None:
            verdicts.append({"phase": phase, "metric": key, "costbrake": cb[key], "boto3": b3[key],
                             "ratio": round(r, 3), "target": target, "pass": ok})
    print(f"{'moto CPU meanwhile':<20} {cb['moto_cpu']:>10.2f} {b3['moto_cpu']:>10.2f}")
    print(f"{'proxy CPU meanwhile':<20} {cb['proxy_cpu']:>10.2f} {b3['proxy_cpu']:>10.2f}")
    tc, tb = cb["timeline"], b3["timeline"]
    print(f"{'first request at (s)':<20} {tc['first_request']!s:>10} {tb['first_request']!s:>10}")
    print(f"{'requests in flight':<20} {tc['in_flight']:>10.2f} {tb['in_flight']:>10.2f}   (s of the wall time with at least one)")
    print(f"{'  of which emulator':<20} {tc['in_emulator']:>10.2f} {tb['in_emulator']:>10.2f}   (s with moto working on one)")
    print(f"{'none in flight':<20} {tc['idle']:>10.2f} {tb['idle']:>10.2f}   (s: start-up, own work, exit)")
    print(f"{'load average before':<20} {cb['load_average_before']:>10.2f} {b3['load_average_before']:>10.2f}   (1 min, this machine)")
    if baseline == "tags":
        print("(* costbrake's requests against the minimum; the boto3 script tags each prior state onto the")
        print(f"   resource and undoes from those tags, one request at a time. costbrake: {rep.get('done')} changed"
              f", {rep.get('unchanged')} unchanged, {rep.get('failed')} failed; it counted {rep.get('requests')} requests itself)")
    else:
        print(f"(* costbrake's requests against the minimum; the boto3 script records to a local file only and")
        print(f"   tags nothing. costbrake: {rep.get('done')} changed, {rep.get('unchanged')} unchanged, "
          f"{rep.get('failed')} failed; it counted {rep.get('requests')} requests itself)")

    made = cb["requests"]["by_action"]
    need = minimum[phase]["by_action"]
    print()
    print(f"costbrake {phase}: requests per action, counted by the proxy, against the minimum")
    print(f"  {'action':<50} {'made':>6} {'min':>6}")
    for action in sorted(set(made) | set(need)):
        m, n = made.get(action, 0), need.get(action, 0)
        extra = f"  {m - n:+d}" if m != n else ""
        print(f"  {action:<50} {m:>6} {n:>6}{extra}")
    print(f"  {'total':<50} {cb['http_requests']:>6} {floor:>6}")
    slow = sorted(cb["requests"]["upstream_seconds_by_action"].items(), key=lambda kv: -kv[1])[:3]
    print("  the emulator's time (summed over requests, latency excluded) went mostly to: "
          + ", ".join(f"{a} {s:.1f} s" for a, s in slow))

cb_total = runs["costbrake"]["kill"]["wall"] + runs["costbrake"]["undo"]["wall"]
b3_total = runs["boto3"]["kill"]["wall"] + runs["boto3"]["undo"]["wall"]
total_r = ratio(cb_total, b3_total)
verdicts.append({"phase": "kill+undo", "metric": "wall", "costbrake": round(cb_total, 2),
                 "boto3": round(b3_total, 2), "ratio": round(total_r, 3),
                 "target": "<= 0.20x the boto3 script's", "pass": total_r <= 0.20})
print()
print(f"kill + undo wall time: costbrake {cb_total:.2f} s, boto3 script {b3_total:.2f} s: {total_r:.2f}x "
      f"(target <= 0.20x): {'PASS' if total_r <= 0.20 else 'MISS'}")
if baseline == "file":
    print("The boto3 script's undo reads its local file and lists nothing; costbrake's undo finds what was")
    print("killed from the markers on the resources (any laptop can undo), so it lists the scope again.")

result = {
    "schema": "costbrake.bench-kill/v1",
    "latency_ms": latency_ms,
    "moto": "tag-index" if os.environ.get("MOTO_TAG_INDEX") == "1" else "stock",
    "baseline": baseline,
    "regions": regions,
    "seed": {k: seed[k] for k in ("scale", "agent", "agent_resources", "plan", "iam", "counts",
                                   "get_resources_pages")},
    "minimum": minimum,
    "runs": runs,
    "targets": verdicts,
    "costbrake_reports": {ph: {k: r.get(k) for k in ("done", "unchanged", "blocked", "failed", "requests")}
                          for ph, r in reports.items()},
}
with open(out_path, "w", encoding="utf-8") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
print()
print(f"results: {out_path}")
PY
