#!/usr/bin/env bash
# The audit benchmark: costbrake's audit against the AWS CLI paging the Resource Groups Tagging API, over
# the same four regions of the same emulated account, side by side in one run.
#
# What it does, all on 127.0.0.1 with ports chosen at run time:
#   1. starts the emulators (moto) of the topology (--topology): `per-region` (the default) runs one
#      moto per region plus one for the global services (IAM, STS, Organizations, Budgets, Cost
#      Explorer, S3), as AWS serves every region from its own fleet; `single` runs one moto for all;
#   2. puts a reverse proxy in front of them (mitmproxy's mitmdump with scripts/lib/bench_proxy.py) that
#      routes each request to its emulator by its SigV4 credential scope (region and service), adds a
#      fixed latency to every request, 50 ms by default, and counts requests per action; and seeds about
#      10,000 resources over us-east-1, us-west-2, eu-west-1 and ap-southeast-1 (scripts/seed_bench.py:
#      mostly EC2 instances and their volumes, fully, partially and not tagged; Lambda functions; ECS
#      clusters and services; S3), through the routing at zero latency (single: directly into moto);
#   3. runs, interleaved, REPS times each (after one unmeasured warm-up audit):
#        costbrake audit --regions <the four> -o json
#        for each region: aws resourcegroupstaggingapi get-resources --region R   (CLI auto-pagination)
#      both through the proxy, and measures each with GNU time: wall time, user+sys CPU (of the process
#      and every child it waited for) and peak RSS (%M: the largest single process of the tree, which
#      for the CLI loop is one `aws` process), plus the proxy's request count and the CPU seconds moto
#      and the proxy burned meanwhile;
#   4. prints the medians side by side with the ratios and PASS/MISS against the targets, costbrake's
#      requests per action against the floor (the fewest requests a complete audit needs: pages per
#      region and source, computed from what was seeded), and writes everything as JSON.
#
# Why inject latency: real AWS answers in tens of milliseconds; on loopback moto answers in about one,
# and its own CPU (Python, one interpreter lock) would be all the benchmark measured. With a realistic
# round trip, the number of requests and how many of them are in flight at once decide the wall time,
# as they do against AWS. moto still does its work, and on a 2-core machine its CPU time is reported
# next to each run so that its share of the wall time is visible.
#
# Targets (costbrake vs the CLI): wall <= 0.25x although costbrake also lists services directly;
# CPU <= 0.1x; requests within 10 % of the floor; peak memory <= 100 MB.
#
# Usage: scripts/bench.sh [--quick] [--scale N] [--reps N] [--latency-ms MS] [--topology per-region|single]
#                         [--moto-tag-index] [--costbrake PATH] [--json PATH]
#        scripts/bench.sh --report    (the report benchmark instead: cargo bench --bench report)
#        scripts/bench.sh kill [--quick] ...   the kill benchmark instead (scripts/bench_kill.sh; see
#                                              its --help)
#        scripts/bench.sh cur [--quick] ...    the CUR benchmark instead (scripts/bench_cur.sh: costbrake
#                                              report --source cur against DuckDB; see its --help)
#        scripts/bench.sh accounts [--quick] ... the accounts benchmark instead (scripts/bench_accounts.sh:
#                                              audit --accounts over 30 accounts x 3 regions against one
#                                              account's audit; see its --help)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = kill ]; then
    shift
    exec scripts/bench_kill.sh "$@"
fi
if [ "${1:-}" = cur ]; then
    shift
    exec scripts/bench_cur.sh "$@"
fi
if [ "${1:-}" = accounts ]; then
    shift
    exec scripts/bench_accounts.sh "$@"
fi

BENCH_NAME=bench.sh
# shellcheck source=scripts/lib/bench_common.sh
source scripts/lib/bench_common.sh

REGIONS="us-east-1,us-west-2,eu-west-1,ap-southeast-1"

usage() {
    usage_header
    cat <<'EOF'

Options:
  --quick           a quick check: about 1,000 resources and one repetition
  --scale N         resources to seed in total (default 10000)
  --reps N          measured repetitions of each side; the medians are reported (default 3)
  --latency-ms MS   latency added to every request (default 50, or $BENCH_LATENCY_MS)
  --topology T      per-region (default): one emulator per region plus one for the global services;
                    single: one emulator for everything (the rig before per-region)
  --moto-tag-index  run moto with its EC2 tag lookup by resource id (scripts/moto_tag_index.py)
                    instead of its scan of every tag of the region per resource, which makes
                    listing N instances or volumes cost O(N^2) in moto; see docs/performance.md
  --costbrake PATH  benchmark this binary instead of building one (cargo build --release)
  --json PATH       where to write the results (default: results.json in the run's work directory)
  --report          run the report benchmark instead (parse and aggregate 100,000 Cost Explorer
                    group rows; time and peak memory; see docs/performance.md) and exit
EOF
}

scale=10000
reps=3
reps_set=0
while [ $# -gt 0 ]; do
    if bench_option "$@"; then shift "$bench_shift"; continue; fi
    case "$1" in
    --reps) reps="${2:?--reps needs a number}"; reps_set=1; shift ;;
    --report) exec cargo bench --quiet --bench report ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if [ "$quick" = 1 ]; then
    [ "$scale_set" = 1 ] || scale=1000
    [ "$reps_set" = 1 ] || reps=1
fi
require_numbers "$scale" "$reps" "$latency_ms"
[ "$reps" -ge 1 ] || { echo "bench.sh: --reps must be at least 1" >&2; exit 2; }

bench_start costbrake-bench
[ -n "$results_json" ] || results_json="$work/results.json"

# --- tools ---------------------------------------------------------------------------------------------

bench_tools
ensure_aws_cli
ensure_costbrake

# --- emulator, seed, proxy -------------------------------------------------------------------------------

step "Starting moto on 127.0.0.1 ($topology topology)"
start_emulators "$work/moto" "$REGIONS"

step "Starting the latency proxy ($latency_ms ms a request) in front of moto"
start_proxy "$work/mitmdump.log" "$latency_ms"

seeding_begin
step "Seeding about $scale resources over $REGIONS ($([ "$topology" = single ] && echo "directly into moto" || echo "through the routing, no latency"))"
seed_args=()
[ "$topology" = per-region ] && seed_args=(--per-region)
python3 scripts/seed_bench.py --endpoint "$SEED_ENDPOINT" --scale "$scale" --regions "$REGIONS" \
    --manifest "$work/seed.json" "${seed_args[@]}"
seeding_end

# --- the two sides ---------------------------------------------------------------------------------------

# A sealed environment: fake credentials, no profile or costbrake config of the user's, in the work
# directory (away from any ./costbrake.toml).
sealed_env
mkdir -p "$work/runs"

costbrake_cmd=("${sealed[@]}" AWS_ENDPOINT_URL="$PROXY" "$costbrake" audit --regions "$REGIONS" -o json)
# The CLI, region after region, auto-paginating with its defaults; each region's output to its own file.
# GNU time waits for this bash, which waits for each `aws`: their CPU is included.
# shellcheck disable=SC2016 # expanded by the inner bash, from its arguments
cli_cmd=("${sealed[@]}" bash -c '
    set -euo pipefail
    aws_cli=$1 proxy=$2 out=$3
    for region in ${4//,/ }; do
        "$aws_cli" resourcegroupstaggingapi get-resources --region "$region" --endpoint-url "$proxy" \
            --output json >"$out.$region.json"
    done' bash "$aws_cli" "$PROXY" "$work/runs/cli" "$REGIONS")

# measure SIDE REP: one timed run, with the proxy's request counts and the CPU seconds moto and the proxy
# used meanwhile, written to runs/SIDE.REP.json. costbrake exits 1 when the audit has findings.
measure() {
    local side="$1" rep="$2" rc=0 cmd load
    if [ "$side" = costbrake ]; then cmd=("${costbrake_cmd[@]}"); else cmd=("${cli_cmd[@]}"); fi
    load="$(cut -d' ' -f1 /proc/loadavg)"
    run_begin
    "$GNU_TIME" -f '%e %U %S %M' -o "$work/runs/$side.$rep.time" "${cmd[@]}" \
        >"$work/runs/$side.out" 2>"$work/runs/$side.err" || rc=$?
    if { [ "$side" = costbrake ] && [ "$rc" -gt 1 ]; } || { [ "$side" = cli ] && [ "$rc" -ne 0 ]; }; then
        cat "$work/runs/$side.err" >&2
        die "$side exited with status $rc (its stderr is above)"
    fi
    run_record "$work/runs/$side.$rep.time" "{\"side\": \"$side\", \"exit\": $rc}" \
        "{\"load_average_before\": $load}" >"$work/runs/$side.$rep.json"
}

step "Warm-up: one unmeasured audit, so that moto's lazily built backends exist before anything is timed"
warmup_rc=0
"${costbrake_cmd[@]}" >"$work/runs/warmup.json" 2>"$work/runs/warmup.err" || warmup_rc=$?
if [ "$warmup_rc" -gt 1 ]; then
    cat "$work/runs/warmup.err" >&2
    die "costbrake audit exited with status $warmup_rc (its stderr is above)"
fi

for rep in $(seq 1 "$reps"); do
    step "Repetition $rep of $reps: costbrake audit"
    measure costbrake "$rep"
    step "Repetition $rep of $reps: aws resourcegroupstaggingapi get-resources, region after region"
    measure cli "$rep"
done

# --- summary ---------------------------------------------------------------------------------------------

python3 - "$work" "$results_json" "$latency_ms" "$reps" "$REGIONS" "$topology" <<'PY'
import json, math, os, statistics, sys

work, out_path, regions, topology = sys.argv[1], sys.argv[2], sys.argv[5].split(","), sys.argv[6]
latency_ms, reps = int(sys.argv[3]), int(sys.argv[4])
seed = json.load(open(f"{work}/seed.json"))
floor, floor_aws = seed["floor"]["emulator"], seed["floor"]["aws"]
runs = {
    side: [json.load(open(f"{work}/runs/{side}.{i}.json")) for i in range(1, reps + 1)]
    for side in ("costbrake", "cli")
}
for side_runs in runs.values():
    for r in side_runs:
        r["http_requests"] = r["requests"]["total"]

# Medians, each metric on its own.
keys = ("wall", "cpu", "peak_rss_mb", "http_requests", "moto_cpu", "proxy_cpu", "load_average_before")
med = {side: {k: statistics.median(r[k] for r in rs) for k in keys} for side, rs in runs.items()}
cb, cli = med["costbrake"], med["cli"]

# What each side returned (the last run's output).
report = json.load(open(f"{work}/runs/costbrake.out"))
summary = report.get("summary", {})
coverage = report.get("coverage", [])
cli_resources = sum(
    len(json.load(open(f"{work}/runs/cli.{r}.json")).get("ResourceTagMappingList", [])) for r in regions
)


def ratio(a, b):
    return a / b if b else float("inf")


targets = [
    ("wall time (s)", "wall", "{:.2f}", ratio(cb["wall"], cli["wall"]), "<= 0.25x the CLI's", 0.25),
    ("CPU user+sys (s)", "cpu", "{:.2f}", ratio(cb["cpu"], cli["cpu"]), "<= 0.10x the CLI's", 0.10),
    ("peak RSS (MB)", "peak_rss_mb", "{:.1f}", ratio(cb["peak_rss_mb"], cli["peak_rss_mb"]), "<= 100 MB", None),
    ("HTTP requests", "http_requests", "{:.0f}", ratio(cb["http_requests"], floor["total"]),
     f"<= 1.10x the floor ({floor['total']})", 1.10),
]
verdicts = []
visible = sum(p["resources"] for p in seed["get_resources"].values())
print()
print(f"seeded {seed['resources']} resources over {len(regions)} regions ({visible} returned by GetResources,")
print(f"summed over the regions); {latency_ms} ms added to every request; median of {reps} run(s);")
print(f"{topology} topology: " + ("one emulator per region and one for the global services" if topology == "per-region"
      else "one emulator for every region and service"))
print()
header = f"{'':<20} {'costbrake audit':>16} {'aws CLI':>10} {'ratio':>7}  {'target':<30} result"
print(header)
print("-" * len(header))
for label, key, fmt, r, target, limit in targets:
    ok = cb["peak_rss_mb"] <= 100 if limit is None else r <= limit
    verdicts.append({"metric": key, "costbrake": cb[key], "cli": cli[key], "ratio": round(r, 3),
                     "target": target, "pass": ok})
    ratio_text = "-" if limit is None else f"{r:.2f}x"
    print(f"{label:<20} {fmt.format(cb[key]):>16} {fmt.format(cli[key]):>10} {ratio_text:>7}  {target:<30} "
          f"{'PASS' if ok else 'MISS'}")
print(f"{'moto CPU meanwhile':<20} {cb['moto_cpu']:>16.2f} {cli['moto_cpu']:>10.2f}")
print(f"{'proxy CPU meanwhile':<20} {cb['proxy_cpu']:>16.2f} {cli['proxy_cpu']:>10.2f}")
# The rig's own floor for costbrake's side: the CPU the emulators and the proxy spent serving it, over
# this machine's cores. No client that makes these requests finishes faster here.
cores = os.cpu_count() or 1
rig_floor = (cb["moto_cpu"] + cb["proxy_cpu"]) / cores
print(f"{'rig floor (s)':<20} {rig_floor:>16.2f} {'':>10}   (emulator + proxy CPU / {cores} cores; the target: "
      f"{0.25 * cli['wall']:.2f})")
print(f"{'resources returned':<20} {summary.get('scanned', '?')!s:>16} {cli_resources:>10}")
print(f"{'load average before':<20} {cb['load_average_before']:>16.2f} {cli['load_average_before']:>10.2f}   (1 min, median)")
print()
print("The requests ratio is costbrake's against the floor; the CLI's count is shown for reference.")
print("Peak RSS: costbrake's process; for the CLI loop, the largest single `aws` process.")
print("The CLI returns tagged resources only; costbrake also lists EC2, Lambda, ECS, Auto Scaling, IAM")
print("and S3 directly and looks up the tags of never-tagged functions and buckets.")

# costbrake's requests per action, as the proxy counted them, against the floor.
by_action = {}
for r in runs["costbrake"]:
    for action, n in r["requests"]["by_action"].items():
        by_action.setdefault(action, []).append(n)
print()
print("costbrake's requests per action, counted by the proxy, against the floor under this emulator's")
print("paging and under AWS's page limits")
print(f"  {'action':<40} {'made':>7} {'floor':>6} {'AWS floor':>10}")
for action in sorted(set(by_action) | set(floor["by_action"])):
    made = by_action.get(action, [0])
    made_text = str(made[0]) if len(set(made)) == 1 else "/".join(map(str, made))
    f, fa = floor["by_action"].get(action, 0), floor_aws["by_action"].get(action, 0)
    extra = f"  +{max(made) - f}" if max(made) > f else ""
    print(f"  {action:<40} {made_text:>7} {f:>6} {fa:>10}{extra}")
print(f"  {'total':<40} {cb['http_requests']:>7.0f} {floor['total']:>6} {floor_aws['total']:>10}")
self_count = summary.get("requests")
last_total = runs["costbrake"][-1]["http_requests"]
if self_count is not None and self_count != last_total:
    print(f"  (costbrake reports {self_count} requests itself; the proxy counted {last_total})")

# The longest chain of requests costbrake makes one after another bounds its wall time from below.
chain = max(coverage, key=lambda c: c["requests"], default=None)
lookups = (self_count or 0) - 1 - sum(c["requests"] for c in coverage)
if chain:
    bound = (1 + chain["requests"] + math.ceil(max(lookups, 0) / 16)) * latency_ms / 1000
    print()
    print(f"longest sequential chain: {chain['requests']} requests ({chain['source']} in {chain['region']}); with")
    print(f"GetCallerIdentity before it and {lookups} tag lookups after it (16 at a time), the latency alone")
    print(f"accounts for {bound:.2f} s of costbrake's wall time")
gr = seed["get_resources"].values()
print(f"GetResources pages moto serves over the regions: {sum(p['pages_at_max_page_size'] for p in gr)} at "
      f"ResourcesPerPage=100 + TagsPerPage=500, {sum(p['pages_resources_per_page_100_only'] for p in gr)} at "
      f"ResourcesPerPage=100 alone, {sum(p['pages_cli_defaults'] for p in gr)} at the CLI's defaults")

result = {
    "schema": "costbrake.bench/v1",
    "latency_ms": latency_ms,
    "topology": topology,
    "moto": "tag-index" if os.environ.get("MOTO_TAG_INDEX") == "1" else "stock",
    "reps": reps,
    "regions": regions,
    "seed": {k: seed[k] for k in ("scale", "resources", "counts", "get_resources")},
    "floor": seed["floor"],
    "median": med,
    "targets": verdicts,
    "rig_floor": {"seconds": round(rig_floor, 2), "cores": cores},
    "costbrake_requests_by_action": dict(sorted(by_action.items())),
    "costbrake_reported_requests": self_count,
    "costbrake_scanned": summary.get("scanned"),
    "costbrake_coverage": coverage,
    "cli_resources": cli_resources,
    "runs": runs,
}
with open(out_path, "w", encoding="utf-8") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
print()
print(f"results: {out_path}")
PY
