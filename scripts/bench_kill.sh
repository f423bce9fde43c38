#!/usr/bin/env bash
# The kill benchmark (`scripts/bench.sh kill`): `costbrake kill` and `costbrake kill undo` of one agent
# against a straightforward sequential boto3 script doing the same job, in one run, behind the audit
# benchmark's latency proxy.
#
# What it does, all on 127.0.0.1 with ports chosen at run time, REPS times (default 3) for each side
# (costbrake, then the boto3 script), each on freshly started and seeded emulators so that both start
# from the same state:
#   1. starts the emulators of the topology (--topology: `per-region`, the default, one moto per region
#      and one for the global services behind the proxy's routing by SigV4 scope; `single`, one moto for
#      all) and seeds, through the routing at zero latency (single: directly), one agent (agent-name=research-agent) owning about 500 resources
#      over us-east-1, us-west-2 and eu-west-1 (scripts/seed_kill_bench.py: EC2 instances, some already
#      stopped; Auto Scaling groups with members; ECS services, half with a scalable target; Lambda
#      functions with and without reserved concurrency; SageMaker notebooks, some already stopped, and an
#      endpoint; an EKS node group; IAM roles and users), plus a second agent's resources and untagged
#      ones that must not be touched; and snapshots the state of everything;
#   2. sets the latency proxy (mitmdump with scripts/lib/bench_proxy.py) to 50 ms added to every request
#      (requests counted per action and traced);
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
#      and after each, snapshots the state again (without the latency) and checks it: after
#      the kill, every one of the agent's resources killed and nothing else changed; after the undo,
#      everything as before the kill (Auto Scaling members compared by count: moto replaces them);
#   4. prints both sides' medians, the ratios and PASS/MISS against the targets, costbrake's requests
#      per action against the minimum and the time-to-brake of each side, and writes everything as JSON.
#
# Time-to-brake: from the measured process's start to the answer of the last request that stops spend
# (StopInstances, UpdateService, StopTask, PutFunctionConcurrency, Put{Role,User,Group}Policy,
# UpdateAutoScalingGroup, AttachPolicy, StopNotebookInstance, UpdateNodegroupConfig, StopDBInstance,
# StopDBCluster, StopExecution, StopModelCustomizationJob), from the proxy's trace, with the share of it
# during which a request recording prior state (a marker tag) was in flight.
#
# Targets: costbrake's kill wall time <= 0.10x the boto3 script's and its undo's <= 0.15x; its
# time-to-brake <= 2.0 s; its requests within 15 % of the minimum (<= 1.15x), for the kill and the undo.
#
# The minimum (computed by scripts/seed_kill_bench.py from what it seeded; see minimum() there and
# docs/performance.md): the inventory listing pages of the kill's types per region (GetResources pages,
# one DescribeInstances, ListFunctions and DescribeAutoScalingGroups page, the ECS listing, ListTags per
# never-tagged function or notebook, the SageMaker and EKS listings), the reads the listing does not
# carry (GetFunction per function: fresh tags and reservation, one DescribeScalableTargets per region, ListTags per
# notebook, DescribeEndpoint and DescribeEndpointConfig per endpoint for the billing report), then the
# writes: per region one CreateTags and one StopInstances
# for all instances (one StartInstances and one DeleteTags to undo) and one CreateOrUpdateTags for all
# groups; one call per non-batchable change (per group SuspendProcesses + UpdateAutoScalingGroup, per
# service TagResource + UpdateService + RegisterScalableTarget where there is one, per function
# TagResource + PutFunctionConcurrency, per notebook AddTags + StopNotebookInstance, per node group
# TagResource + UpdateNodegroupConfig, per IAM principal Tag + Put policy); plus GetCallerIdentity and
# one GetAccountAuthorizationDetails page.
#
# Usage: scripts/bench.sh kill [--quick] [--scale N] [--reps N] [--latency-ms MS] [--topology per-region|single]
#                              [--baseline tags|file] [--moto-tag-index] [--costbrake PATH] [--json PATH]
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
  --quick           a quick check: about 100 resources of the agent, one repetition
  --scale N         the agent's resources in total (default 500)
  --reps N          repetitions of each side, each on fresh emulators; medians reported (default 3)
  --latency-ms MS   latency added to every request (default 50, or $BENCH_LATENCY_MS)
  --topology T      per-region (default): one emulator per region plus one for the global services;
                    single: one emulator for everything (the rig before per-region)
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
reps=3
reps_set=0
baseline=tags
while [ $# -gt 0 ]; do
    if bench_option "$@"; then shift "$bench_shift"; continue; fi
    case "$1" in
    --baseline)
        baseline="${2:?--baseline needs tags or file}"; shift
        case "$baseline" in tags | file) ;; *) echo "bench_kill.sh: --baseline is tags or file, not $baseline" >&2; exit 2 ;; esac ;;
    --reps) reps="${2:?--reps needs a number}"; reps_set=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench.sh kill: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if [ "$quick" = 1 ] && [ "$scale_set" = 0 ]; then scale=100; fi
if [ "$quick" = 1 ] && [ "$reps_set" = 0 ]; then reps=1; fi
require_numbers "$scale" "$latency_ms" "$reps"
[ "$reps" -ge 1 ] || { echo "bench.sh kill: --reps must be at least 1" >&2; exit 2; }
[ "$scale" -ge 30 ] || { echo "bench.sh kill: --scale must be at least 30" >&2; exit 2; }

bench_start costbrake-bench-kill
[ -n "$results_json" ] || results_json="$work/results.json"

# --- tools ---------------------------------------------------------------------------------------------

bench_tools
python3 -c 'import boto3' 2>/dev/null || die "the boto3 side needs boto3 (it comes with moto: pip install boto3)"
ensure_costbrake

# --- per side: emulator, seed, proxy ----------------------------------------------------------------------

# fresh DIR: new emulators of the topology with a new proxy in front of them, seeded and snapshotted.
fresh() {
    local dir="$1" seed_args=()
    stop_proxy
    stop_emulators
    step "[$dir] Starting moto on 127.0.0.1 ($topology topology) and the latency proxy ($latency_ms ms a request)"
    start_emulators "$work/$dir/moto" "$REGIONS"
    start_proxy "$work/$dir/mitmdump.log" "$latency_ms"
    step "[$dir] Seeding about $scale resources of $AGENT over $REGIONS"
    [ "$topology" = per-region ] && seed_args=(--per-region)
    seeding_begin
    python3 scripts/seed_kill_bench.py seed --endpoint "$SEED_ENDPOINT" --scale "$scale" --regions "$REGIONS" \
        --manifest "$work/$dir/seed.json" "${seed_args[@]}"
    step "[$dir] Snapshot of the state before the kill"
    python3 scripts/seed_kill_bench.py snapshot --endpoint "$SEED_ENDPOINT" --regions "$REGIONS" \
        --out "$work/$dir/before.json"
    seeding_end
}

# A sealed environment: fake credentials, no profile or costbrake config of the user's, and the kill
# journal under the work directory.
sealed_env XDG_DATA_HOME="$work/data"
mkdir -p "$work/data"
boto3_script="$PWD/scripts/bench_kill_boto3.py"

# measure SIDE PHASE DIR: one timed run of SIDE's PHASE (kill or undo) through the proxy, with the
# proxy's request counts and trace, the CPU seconds moto and the proxy used meanwhile and the process's
# start time (Unix seconds, on the trace's axis), to DIR/PHASE.json; then a snapshot and the check of the
# state it should have left.
measure() {
    local side="$1" phase="$2" dir="$3" rc=0 load cmd expect started
    case "$side.$phase" in
    costbrake.kill) cmd=("$costbrake" kill --agent "$AGENT" --regions "$REGIONS" --yes -o json
        --max-resources "$((scale * 2))") ;;
    costbrake.undo) cmd=("$costbrake" kill undo --agent "$AGENT" --regions "$REGIONS" --yes -o json) ;;
    boto3.kill) cmd=(python3 "$boto3_script" kill --agent "$AGENT" --regions "$REGIONS"
        --state "$work/$dir/prior-state.json" --record "$baseline") ;;
    boto3.undo) cmd=(python3 "$boto3_script" undo --agent "$AGENT" --regions "$REGIONS"
        --state "$work/$dir/prior-state.json" --record "$baseline") ;;
    esac
    step "[$dir] $phase, measured"
    load="$(cut -d' ' -f1 /proc/loadavg)"
    run_begin
    started="$EPOCHREALTIME"
    "$GNU_TIME" -f '%e %U %S %M' -o "$work/$dir/$phase.time" \
        "${sealed[@]}" AWS_ENDPOINT_URL="$PROXY" "${cmd[@]}" \
        >"$work/$dir/$phase.out" 2>"$work/$dir/$phase.err" || rc=$?
    if [ "$rc" -ne 0 ]; then
        tail -20 "$work/$dir/$phase.err" >&2
        die "$side $phase exited with status $rc (the end of its stderr is above)"
    fi
    run_record "$work/$dir/$phase.time" "{\"side\": \"$side\", \"phase\": \"$phase\"}" \
        "{\"load_average_before\": $load, \"started_unix\": $started}" >"$work/$dir/$phase.json"
    control trace >"$work/$dir/$phase.trace.json"
    if [ "$phase" = kill ]; then expect=killed; else expect=restored; fi
    seeding_begin
    python3 scripts/seed_kill_bench.py snapshot --endpoint "$SEED_ENDPOINT" --regions "$REGIONS" \
        --out "$work/$dir/after-$phase.json"
    seeding_end
    python3 scripts/seed_kill_bench.py check --before "$work/$dir/before.json" \
        --after "$work/$dir/after-$phase.json" --expect "$expect" --agent "$AGENT" ||
        die "[$dir] the state after the $phase is not $expect (the differences are above)"
}

for rep in $(seq 1 "$reps"); do
    for side in costbrake boto3; do
        mkdir -p "$work/$side.$rep"
        fresh "$side.$rep"
        measure "$side" kill "$side.$rep"
        measure "$side" undo "$side.$rep"
    done
done
stop_proxy
stop_emulators

# --- summary ---------------------------------------------------------------------------------------------

python3 - "$work" "$results_json" "$latency_ms" "$REGIONS" "$baseline" "$reps" "$topology" <<'PY'
import json, os, statistics, sys

work, out_path, latency_ms, regions = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split(",")
baseline, reps, topology = sys.argv[5], int(sys.argv[6]), sys.argv[7]
SIDES, PHASES = ("costbrake", "boto3"), ("kill", "undo")
seed = json.load(open(f"{work}/costbrake.1/seed.json"))
for side in SIDES:
    for rep in range(1, reps + 1):
        other = json.load(open(f"{work}/{side}.{rep}/seed.json"))
        assert seed["counts"] == other["counts"], f"{side} repetition {rep} was seeded differently"
minimum = seed["minimum"]

# The requests that stop spend: the time-to-brake ends with the answer of the last of them.
STOPS = {
    "ec2:StopInstances", "ecs:UpdateService", "ecs:StopTask", "lambda:PutFunctionConcurrency",
    "iam:PutRolePolicy", "iam:PutUserPolicy", "iam:PutGroupPolicy", "autoscaling:UpdateAutoScalingGroup",
    "organizations:AttachPolicy", "sagemaker:StopNotebookInstance", "eks:UpdateNodegroupConfig",
    "rds:StopDBInstance", "rds:StopDBCluster", "states:StopExecution", "bedrock:StopModelCustomizationJob",
}
# The requests that record a resource's prior state on it (marker tags), before it is changed.
RECORDS = {
    "ec2:CreateTags", "autoscaling:CreateOrUpdateTags", "ecs:TagResource", "lambda:TagResource",
    "sagemaker:AddTags", "eks:TagResource", "iam:TagRole", "iam:TagUser", "iam:TagGroup",
    "rds:AddTagsToResource", "states:TagResource", "bedrock:TagResource", "organizations:TagResource",
}


def union(intervals):
    """The length of the union of (start, end) intervals."""
    total, start, end = 0.0, None, None
    for a, b in sorted(intervals):
        if end is None or a > end:
            if end is not None:
                total += end - start
            start, end = a, b
        else:
            end = max(end, b)
    return total + (end - start) if end is not None else 0.0


def timeline(run, trace_path):
    """From the proxy's trace, on the axis of the measured process's start: when the first request
    arrived; how long at least one request was in flight (latency or emulator), and how long an emulator
    was working on at least one; the time-to-brake (the answer of the last spend-stopping request) and
    how much of it a request recording prior state was in flight; and, per emulator, its busy time."""
    body = json.load(open(trace_path))
    shift = body["epoch"] - run["started_unix"]
    trace = [(a, t0 + shift, t1 + shift, t2 + shift, r) for a, t0, t1, t2, r in body["trace"]]
    wall = run["wall"]
    if not trace:
        return {"first_request": None, "in_flight": 0.0, "in_emulator": 0.0, "idle": wall, "brake": None}
    in_flight = union([(t[1], t[3]) for t in trace])
    stops = [t for t in trace if t[0] in STOPS]
    brake = max((t[3] for t in stops), default=None)
    out = {
        "first_request": round(min(t[1] for t in trace), 2),
        "last_response": round(max(t[3] for t in trace), 2),
        "in_flight": round(in_flight, 2),
        "in_emulator": round(union([(t[2], t[3]) for t in trace]), 2),
        "idle": round(wall - in_flight, 2),
        "brake": round(brake, 2) if brake is not None else None,
        "stop_requests": len(stops),
    }
    if brake is not None:
        before = [t for t in trace if t[1] < brake]
        records = [(t[1], min(t[3], brake)) for t in before if t[0] in RECORDS]
        out["first_stop"] = round(min(t[1] for t in stops), 2)
        out["recording_in_flight"] = round(union(records), 2)
        out["recording_share"] = round(union(records) / brake, 3) if brake > 0 else 0.0
        out["requests_before_brake"] = len(before)
        out["in_emulator_before_brake"] = round(union([(t[2], min(t[3], brake)) for t in before]), 2)
        out["in_flight_before_brake"] = round(union([(t[1], min(t[3], brake)) for t in before]), 2)
        # Per emulator (region), the time it was working on at least one request before the brake.
        out["emulator_busy_before_brake"] = {
            r: round(union([(t[2], min(t[3], brake)) for t in before if t[4] == r]), 2)
            for r in sorted({t[4] for t in before})
        }
    return out


runs = {side: {phase: [] for phase in PHASES} for side in SIDES}
for side in SIDES:
    for rep in range(1, reps + 1):
        for phase in PHASES:
            r = json.load(open(f"{work}/{side}.{rep}/{phase}.json"))
            r["rep"] = rep
            r["http_requests"] = r["requests"]["total"]
            r["timeline"] = timeline(r, f"{work}/{side}.{rep}/{phase}.trace.json")
            r["report"] = json.load(open(f"{work}/{side}.{rep}/{phase}.out")) if side == "costbrake" else None
            runs[side][phase].append(r)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


KEYS = ("wall", "cpu", "peak_rss_mb", "http_requests", "moto_cpu", "proxy_cpu", "load_average_before")
TKEYS = ("first_request", "in_flight", "in_emulator", "idle", "brake", "first_stop", "recording_in_flight",
         "recording_share", "requests_before_brake", "in_emulator_before_brake", "in_flight_before_brake")
med = {
    side: {
        phase: {
            **{k: median(r[k] for r in rs) for k in KEYS},
            "timeline": {k: median(r["timeline"].get(k) for r in rs) for k in TKEYS},
        }
        for phase, rs in phases.items()
    }
    for side, phases in runs.items()
}
reports = {phase: runs["costbrake"][phase][-1]["report"] for phase in PHASES}


def ratio(a, b):
    return a / b if b else float("inf")


def fmt(v, f):
    return "-" if v is None else f.format(v)


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
print(f"plus another agent's and untagged resources. {latency_ms} ms added to every request; {topology} topology "
      + ("(one emulator per region, one for the global services)" if topology == "per-region" else "(one emulator)")
      + f"; median of {reps} repetition(s), each side on fresh emulators.")
verdicts = []
rig = None
# What was stopped for good: undo must list each as not restored, on both sides.
for_good = sum(c["agent_tasks"] + c["agent_executions"] + c["agent_jobs"] for c in seed["counts"].values())
for rep in range(1, reps + 1):
    listed = {"costbrake": runs["costbrake"]["undo"][rep - 1]["report"].get("not_restored")}
    if baseline == "tags":
        listed["boto3"] = len(json.load(open(f"{work}/boto3.{rep}/undo.out"))["not_restored"])
    for side, n in listed.items():
        if n != for_good:
            sys.exit(f"bench.sh kill: {side}'s undo listed {n} resources as not restored, expected {for_good}")
print(f"Stopped for good and listed by each undo as not restored: {for_good} (tasks, executions, jobs).")
TARGETS = {"kill": 0.10, "undo": 0.15}
for phase in PHASES:
    cb, b3 = med["costbrake"][phase], med["boto3"][phase]
    rep = reports[phase]
    floor = minimum[phase]["total"]
    print()
    header = f"{phase:<24} {'costbrake':>10} {'boto3':>10} {'ratio':>7}  {'target':<28} result"
    print(header)
    print("-" * len(header))
    wall_r = ratio(cb["wall"], b3["wall"])
    req_r = ratio(cb["http_requests"], floor)
    limit = TARGETS[phase]
    rows = [
        ("wall time (s)", "wall", "{:.2f}", wall_r, f"<= {limit:.2f}x the boto3 script's", wall_r <= limit),
        ("CPU user+sys (s)", "cpu", "{:.2f}", ratio(cb["cpu"], b3["cpu"]), "", None),
        ("peak RSS (MB)", "peak_rss_mb", "{:.1f}", ratio(cb["peak_rss_mb"], b3["peak_rss_mb"]), "", None),
        ("HTTP requests", "http_requests", "{:.0f}", req_r, f"<= 1.15x the minimum ({floor})", req_r <= 1.15),
    ]
    for label, key, f, r, target, ok in rows:
        shown = f"{r:.2f}x" if key != "http_requests" else f"{r:.2f}x*"
        result = "" if ok is None else ("PASS" if ok else "MISS")
        print(f"{label:<24} {f.format(cb[key]):>10} {f.format(b3[key]):>10} {shown:>7}  {target:<28} {result}")
        if ok is not None:
            verdicts.append({"phase": phase, "metric": key, "costbrake": cb[key], "boto3": b3[key],
                             "ratio": round(r, 3), "target": target, "pass": ok})
    tc, tb = cb["timeline"], b3["timeline"]
    if phase == "kill":
        ok = tc["brake"] is not None and tc["brake"] <= 2.0
        print(f"{'time-to-brake (s)':<24} {fmt(tc['brake'], '{:.2f}'):>10} {fmt(tb['brake'], '{:.2f}'):>10} "
              f"{ratio(tc['brake'] or 0, tb['brake'] or 0):>6.2f}x  {'<= 2.0 s':<28} {'PASS' if ok else 'MISS'}")
        verdicts.append({"phase": "kill", "metric": "time_to_brake", "costbrake": tc["brake"], "boto3": tb["brake"],
                         "target": "<= 2.0 s", "pass": ok})
        print(f"{'  first stop at (s)':<24} {fmt(tc['first_stop'], '{:.2f}'):>10} {fmt(tb['first_stop'], '{:.2f}'):>10}")
        print(f"{'  recording in flight':<24} {fmt(tc['recording_in_flight'], '{:.2f}'):>10} "
              f"{fmt(tb['recording_in_flight'], '{:.2f}'):>10}   (s of it with a marker write in flight)")
        print(f"{'  share recording':<24} {fmt(tc['recording_share'], '{:.0%}'):>10} {fmt(tb['recording_share'], '{:.0%}'):>10}")
        print(f"{'  requests before it':<24} {fmt(tc['requests_before_brake'], '{:.0f}'):>10} "
              f"{fmt(tb['requests_before_brake'], '{:.0f}'):>10}")
        print(f"{'  an emulator working':<24} {fmt(tc['in_emulator_before_brake'], '{:.2f}'):>10} "
              f"{fmt(tb['in_emulator_before_brake'], '{:.2f}'):>10}   (s of it)")
        # The rig's own floor: what the emulators and the proxy spend per request (CPU, measured in this
        # run), times the requests the minimum needs, over this machine's cores. No client, however
        # concurrent, brakes faster on this rig.
        per_request = (cb["moto_cpu"] + cb["proxy_cpu"]) / cb["http_requests"] if cb["http_requests"] else 0.0
        cores = os.cpu_count() or 1
        rig_floor = floor * per_request / cores
        print(f"{'  rig floor (s)':<24} {rig_floor:>10.2f} {'':>10}   (the minimum's {floor} requests x "
              f"{per_request * 1000:.1f} ms of emulator+proxy CPU each / {cores} cores)")
        rig = {"seconds": round(rig_floor, 2), "cpu_ms_per_request": round(per_request * 1000, 2),
               "cores": cores, "minimum_requests": floor}
    print(f"{'moto CPU meanwhile':<24} {cb['moto_cpu']:>10.2f} {b3['moto_cpu']:>10.2f}   (all emulators)")
    print(f"{'proxy CPU meanwhile':<24} {cb['proxy_cpu']:>10.2f} {b3['proxy_cpu']:>10.2f}")
    print(f"{'first request at (s)':<24} {fmt(tc['first_request'], '{:.2f}'):>10} {fmt(tb['first_request'], '{:.2f}'):>10}")
    print(f"{'requests in flight':<24} {tc['in_flight']:>10.2f} {tb['in_flight']:>10.2f}   (s of the wall time with at least one)")
    print(f"{'  of which emulator':<24} {tc['in_emulator']:>10.2f} {tb['in_emulator']:>10.2f}   (s with moto working on one)")
    print(f"{'none in flight':<24} {tc['idle']:>10.2f} {tb['idle']:>10.2f}   (s: start-up, own work, exit)")
    print(f"{'load average before':<24} {cb['load_average_before']:>10.2f} {b3['load_average_before']:>10.2f}   (1 min, this machine)")
    if baseline == "tags":
        print("(* costbrake's requests against the minimum; the boto3 script tags each prior state onto the")
        print(f"   resource and undoes from those tags, one request at a time. costbrake: {rep.get('done')} changed"
              f", {rep.get('unchanged')} unchanged, {rep.get('failed')} failed; it counted {rep.get('requests')} requests itself)")
    else:
        print(f"(* costbrake's requests against the minimum; the boto3 script records to a local file only and")
        print(f"   tags nothing. costbrake: {rep.get('done')} changed, {rep.get('unchanged')} unchanged, "
              f"{rep.get('failed')} failed; it counted {rep.get('requests')} requests itself)")

    made_runs = [r["requests"]["by_action"] for r in runs["costbrake"][phase]]
    need = minimum[phase]["by_action"]
    print()
    print(f"costbrake {phase}: requests per action, counted by the proxy, against the minimum")
    print(f"  {'action':<50} {'made':>8} {'min':>6}")
    for action in sorted(set().union(*made_runs) | set(need)):
        made = [m.get(action, 0) for m in made_runs]
        n = need.get(action, 0)
        made_text = str(made[0]) if len(set(made)) == 1 else "/".join(map(str, made))
        extra = f"  {max(made) - n:+d}" if max(made) != n else ""
        print(f"  {action:<50} {made_text:>8} {n:>6}{extra}")
    print(f"  {'total':<50} {cb['http_requests']:>8.0f} {floor:>6}")
    slow = sorted(runs["costbrake"][phase][-1]["requests"]["upstream_seconds_by_action"].items(), key=lambda kv: -kv[1])[:3]
    print("  the emulators' time (summed over requests, latency excluded) went mostly to: "
          + ", ".join(f"{a} {s:.1f} s" for a, s in slow))
    if phase == "kill":
        busy = runs["costbrake"]["kill"][-1]["timeline"].get("emulator_busy_before_brake", {})
        if busy:
            print("  before the brake, each emulator was busy for (s, last repetition): "
                  + ", ".join(f"{r} {s:.2f}" for r, s in busy.items()))

cb_total = med["costbrake"]["kill"]["wall"] + med["costbrake"]["undo"]["wall"]
b3_total = med["boto3"]["kill"]["wall"] + med["boto3"]["undo"]["wall"]
total_r = ratio(cb_total, b3_total)
print()
print(f"kill + undo wall time (medians): costbrake {cb_total:.2f} s, boto3 script {b3_total:.2f} s: {total_r:.2f}x")
if baseline == "file":
    print("The boto3 script's undo reads its local file and lists nothing; costbrake's undo finds what was")
    print("killed from the markers on the resources (any laptop can undo), so it lists the scope again.")

result = {
    "schema": "costbrake.bench-kill/v2",
    "latency_ms": latency_ms,
    "topology": topology,
    "reps": reps,
    "moto": "tag-index" if os.environ.get("MOTO_TAG_INDEX") == "1" else "stock",
    "baseline": baseline,
    "regions": regions,
    "seed": {k: seed[k] for k in ("scale", "agent", "agent_resources", "plan", "iam", "counts",
                                   "get_resources_pages")},
    "minimum": minimum,
    "median": med,
    "runs": {side: {phase: [{k: v for k, v in r.items() if k != "report"} for r in rs]
                    for phase, rs in phases.items()} for side, phases in runs.items()},
    "targets": verdicts,
    "rig_floor": rig,
    "costbrake_reports": {ph: {k: r.get(k) for k in ("done", "unchanged", "blocked", "failed", "requests")}
                          for ph, r in reports.items()},
}
with open(out_path, "w", encoding="utf-8") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
print()
print(f"results: {out_path}")
PY
