#!/usr/bin/env bash
# The CUR benchmark (`scripts/bench.sh cur`): `costbrake report --source cur --by agent-run-id` against
# DuckDB running the equivalent GROUP BY over the same CUR 2.0 files, side by side in one run.
#
# What it does:
#   1. generates (once; cached in --data) a CUR 2.0 month in Data Exports' layout and schema with
#      scripts/gen_cur.py (pyarrow): 5,000,000 line items by default, 1,000 runs of 5 agents, 40
#      services, 3 accounts, a tenth untagged, Bedrock line items attributed through session tags, in 10
#      Snappy-compressed Parquet files of 131,072-row row groups, and the generator's own truth;
#   2. local files: runs, interleaved, REPS times each (after one unmeasured warm-up each, so both read
#      from the page cache):
#        costbrake report --source cur --cur DIR --period 2026-11 --by agent-run-id -o json --refresh
#        python3 scripts/bench_cur_duckdb.py DIR 2026-11-01 2026-12-01 OUT   (DuckDB, all cores)
#      measured with GNU time (wall, user+sys CPU, peak RSS), and checks that both give every run's total,
#      and the untagged total, exactly as the generator's truth;
#   3. from S3: uploads the files into moto's S3 on 127.0.0.1 and runs costbrake against
#      s3://bench-cur/cur/agents (wall, bytes read of the files' total, S3 requests), next to what a user
#      without costbrake does: `aws s3 cp --recursive` of the month (the AWS CLI v1), then the same DuckDB
#      query over the copy (DuckDB reads S3 only through its httpfs extension, which it downloads from
#      extensions.duckdb.org at first use; this machine reaches package registries only);
#   4. prints the medians, the ratios and PASS/MISS against the targets, and writes everything as JSON.
#
# Targets (issue 18): local wall <= 1.0x DuckDB's on these 2 cores; peak memory <= 0.5x DuckDB's and
# <= 200 MB; totals equal to the cent (exactly, here); from S3, bytes read well under the files' size.
#
# Usage: scripts/bench.sh cur [--quick] [--rows N] [--reps N] [--data DIR] [--no-s3]
#                             [--costbrake PATH] [--json PATH]
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_NAME="bench.sh cur"
# shellcheck source=scripts/lib/bench_common.sh
source scripts/lib/bench_common.sh

DUCKDB_SPEC="duckdb==2.0.1"
PERIOD=2026-11

usage() {
    usage_header
    cat <<'EOF'

Options:
  --quick           500,000 line items and one repetition
  --rows N          line items in the month (default 5000000)
  --reps N          measured repetitions of each side; the medians are reported (default 3)
  --data DIR        where the generated export is kept between runs (default
                    ~/.cache/costbrake/bench-cur/rows-N); generated when it has no truth.json
  --no-s3           skip the S3 part
  --costbrake PATH  benchmark this binary instead of building one (cargo build --release)
  --json PATH       where to write the results (default: results.json in the run's work directory)
EOF
}

rows=5000000
rows_set=0
reps=3
reps_set=0
data=""
s3=1
while [ $# -gt 0 ]; do
    if bench_option "$@"; then shift "$bench_shift"; continue; fi
    case "$1" in
    --rows) rows="${2:?--rows needs a number}"; rows_set=1; shift ;;
    --reps) reps="${2:?--reps needs a number}"; reps_set=1; shift ;;
    --data) data="${2:?--data needs a directory}"; shift ;;
    --no-s3) s3=0 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "$BENCH_NAME: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if [ "$quick" = 1 ]; then
    [ "$rows_set" = 1 ] || rows=500000
    [ "$reps_set" = 1 ] || reps=1
fi
require_numbers "$rows" "$reps"
[ "$reps" -ge 1 ] || { echo "$BENCH_NAME: --reps must be at least 1" >&2; exit 2; }
[ -n "$data" ] || data="${XDG_CACHE_HOME:-$HOME/.cache}/costbrake/bench-cur/rows-$rows"

bench_start costbrake-bench-cur
trap 'stop_moto; bench_cleanup' EXIT
[ -n "$results_json" ] || results_json="$work/results.json"

# --- tools ---------------------------------------------------------------------------------------------

[ -x "$GNU_TIME" ] || die "GNU time is needed at $GNU_TIME (Debian: apt-get install time)"
ensure_pyarrow
if ! python3 -c 'import duckdb' >/dev/null 2>&1; then
    step "Installing $DUCKDB_SPEC with pip"
    python3 -m pip install --quiet --disable-pip-version-check "$DUCKDB_SPEC" || die "could not install $DUCKDB_SPEC"
fi
ensure_costbrake
if [ "$s3" = 1 ]; then
    ensure_moto
    ensure_aws_cli
fi

# --- the export ----------------------------------------------------------------------------------------

if [ ! -f "$data/truth.json" ]; then
    step "Generating $rows line items of $PERIOD into $data (once; about 13,000 a second)"
    rm -rf "$data"
    mkdir -p "$data"
    python3 scripts/gen_cur.py --out "$data/agents" --uri s3://bench-cur/cur/agents --period "$PERIOD" \
        --rows "$rows" --runs 1000 --files 10 --seed 18 --truth "$data/truth.json.part"
    mv "$data/truth.json.part" "$data/truth.json"
fi
files_bytes="$(du -sb "$data/agents/data" | cut -f1)"

sealed_env XDG_CACHE_HOME="$work/cache"
mkdir -p "$work/runs"
measure() { # measure NAME OUT COMMAND...: one run under GNU time, its record appended to runs.jsonl
    local name="$1" out="$2"
    shift 2
    "$GNU_TIME" -f '%e %U %S %M' -o "$work/runs/$name.time" "$@" >"$out" 2>"$work/runs/$name.err" ||
        { cat "$work/runs/$name.err" >&2; die "$name failed"; }
    python3 - "$name" "$work/runs/$name.time" "$out" >>"$work/runs/runs.jsonl" <<'PY'
import json, sys
name, time_file, out = sys.argv[1:]
wall, user, sys_, rss = [l for l in open(time_file).read().splitlines() if l.strip()][-1].split()
record = {"side": name, "wall": float(wall), "cpu": round(float(user) + float(sys_), 2),
          "peak_rss_mb": round(int(rss) / 1024, 1)}
try:
    scan = json.load(open(out))["requests"]["scan"]
    record.update(bytes_read=scan["bytes_read"], bytes_total=scan["bytes_total"],
                  s3_requests=scan["s3_get"] + scan["s3_list"])
except Exception:
    pass
print(json.dumps(record))
PY
}
costbrake_local=("${sealed[@]}" "$costbrake" report --source cur --cur "$data/agents" --period "$PERIOD"
    --by agent-run-id -o json --refresh)
duckdb_local=(python3 scripts/bench_cur_duckdb.py "$data/agents" 2026-11-01 2026-12-01 "$work/runs/duckdb.json")

step "Warming up (unmeasured): one run of each"
"${costbrake_local[@]}" >"$work/runs/costbrake.json"
"${duckdb_local[@]}"
step "Local files: $reps interleaved run(s) of each side"
for i in $(seq 1 "$reps"); do
    measure costbrake "$work/runs/costbrake.json" "${costbrake_local[@]}"
    measure duckdb /dev/null "${duckdb_local[@]}"
    echo "  run $i done" >&2
done

if [ "$s3" = 1 ]; then
    step "Starting moto on 127.0.0.1 and uploading the export to s3://bench-cur/cur/agents"
    start_moto "$work/moto.log"
    python3 - "$MOTO_ENDPOINT" "$data/agents" <<'PY'
import os, sys, boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="testing", aws_secret_access_key="testing")
s3.create_bucket(Bucket="bench-cur")
root = sys.argv[2]
for folder, _, names in os.walk(root):
    for name in names:
        path = os.path.join(folder, name)
        s3.upload_file(path, "bench-cur", "cur/agents/" + os.path.relpath(path, root))
PY
    costbrake_s3=("${sealed[@]}" AWS_ENDPOINT_URL="$MOTO_ENDPOINT" "$costbrake" report --source cur
        --cur s3://bench-cur/cur/agents --period "$PERIOD" --by agent-run-id -o json --refresh)
    # shellcheck disable=SC2016 # expanded by the inner bash
    copy_then_duckdb=("${sealed[@]}" AWS_ENDPOINT_URL="$MOTO_ENDPOINT" bash -c '
        rm -rf "$3" && "$1" --endpoint-url "$2" s3 cp --recursive --only-show-errors s3://bench-cur/cur/agents "$3" &&
        python3 "$4/scripts/bench_cur_duckdb.py" "$3" 2026-11-01 2026-12-01 "$3.json"' bash
        "$aws_cli" "$MOTO_ENDPOINT" "$work/copy" "$PWD")
    step "From S3: $reps run(s) of costbrake, and of aws s3 cp + DuckDB"
    for i in $(seq 1 "$reps"); do
        measure costbrake_s3 "$work/runs/costbrake_s3.json" "${costbrake_s3[@]}"
        measure copy_duckdb /dev/null "${copy_then_duckdb[@]}"
        echo "  run $i done" >&2
    done
fi

# --- results -------------------------------------------------------------------------------------------

python3 - "$work" "$data" "$rows" "$reps" "$files_bytes" "$results_json" <<'PY'
import json, statistics, sys
from decimal import Decimal
work, data, rows, reps, files_bytes, out = sys.argv[1:]
runs = [json.loads(l) for l in open(f"{work}/runs/runs.jsonl")]
truth = json.load(open(f"{data}/truth.json"))

def median(side, key):
    values = [r[key] for r in runs if r["side"] == side and key in r]
    return statistics.median(values) if values else None

def exact(mapping):
    return {k: Decimal(v) for k, v in mapping.items() if Decimal(v) != 0}

want = exact(truth["by_run"])
report = json.load(open(f"{work}/runs/costbrake.json"))
costbrake_rows = exact({(r["keys"][0] or ""): r["total"] for r in report["rows"]})
duckdb_rows = exact(json.load(open(f"{work}/runs/duckdb.json")))
totals_ok = costbrake_rows == want and duckdb_rows == want
cents_ok = ({k: v.quantize(Decimal("0.01")) for k, v in costbrake_rows.items()}
            == {k: v.quantize(Decimal("0.01")) for k, v in want.items()})

mb = int(files_bytes) / 1e6
print()
print(f"CUR benchmark: {int(rows):,} line items of 2026-11 ({len(want) - 1} runs + untagged) in "
      f"{mb:.0f} MB of Parquet; median of {reps} run(s)")
print()
print(f"{'local files':<24}{'wall s':>9}{'CPU s':>9}{'peak MB':>10}")
for side, label in (("costbrake", "costbrake"), ("duckdb", "DuckDB (python3 + duckdb)")):
    print(f"{label:<24}{median(side, 'wall'):>9.2f}{median(side, 'cpu'):>9.2f}{median(side, 'peak_rss_mb'):>10.1f}")
wall_ratio = median("costbrake", "wall") / median("duckdb", "wall")
cpu_ratio = median("costbrake", "cpu") / median("duckdb", "cpu")
mem_ratio = median("costbrake", "peak_rss_mb") / median("duckdb", "peak_rss_mb")
print(f"{'ratio':<24}{wall_ratio:>8.2f}x{cpu_ratio:>8.2f}x{mem_ratio:>9.2f}x")
verdict = lambda ok: "PASS" if ok else "MISS"
peak = median("costbrake", "peak_rss_mb")
print()
print(f"  wall <= 1.0x DuckDB's:           {wall_ratio:.2f}x  {verdict(wall_ratio <= 1.0)}")
print(f"  peak memory <= 0.5x DuckDB's:    {mem_ratio:.2f}x  {verdict(mem_ratio <= 0.5)}")
print(f"  peak memory <= 200 MB:           {peak:.1f} MB  {verdict(peak <= 200)}")
print(f"  totals equal to the cent:        {verdict(cents_ok and totals_ok)} "
      f"(costbrake {'=' if costbrake_rows == want else '!='} truth, DuckDB {'=' if duckdb_rows == want else '!='} truth, exactly)")
results = {"rows": int(rows), "reps": int(reps), "files_bytes": int(files_bytes), "runs": runs,
           "wall_ratio": wall_ratio, "cpu_ratio": cpu_ratio, "memory_ratio": mem_ratio,
           "totals_exact": totals_ok, "totals_to_the_cent": cents_ok}
if any(r["side"] == "costbrake_s3" for r in runs):
    read, total = median("costbrake_s3", "bytes_read"), median("costbrake_s3", "bytes_total")
    s3_report = json.load(open(f"{work}/runs/costbrake_s3.json"))
    s3_ok = exact({(r["keys"][0] or ""): r["total"] for r in s3_report["rows"]}) == want
    print()
    print(f"{'from S3 (moto, loopback)':<24}{'wall s':>9}{'CPU s':>9}{'peak MB':>10}{'read MB':>10}")
    print(f"{'costbrake':<24}{median('costbrake_s3', 'wall'):>9.2f}{median('costbrake_s3', 'cpu'):>9.2f}"
          f"{median('costbrake_s3', 'peak_rss_mb'):>10.1f}{read / 1e6:>10.1f}")
    print(f"{'aws s3 cp + DuckDB':<24}{median('copy_duckdb', 'wall'):>9.2f}{median('copy_duckdb', 'cpu'):>9.2f}"
          f"{median('copy_duckdb', 'peak_rss_mb'):>10.1f}{mb:>10.1f}")
    ratio = median("costbrake_s3", "wall") / median("copy_duckdb", "wall")
    print(f"{'ratio':<24}{ratio:>8.2f}x{'':>9}{'':>10}{read / total:>9.2f}x")
    print()
    print(f"  bytes read well under the files: {read / total:.1%} of {total / 1e6:.0f} MB in "
          f"{median('costbrake_s3', 's3_requests'):.0f} S3 requests  {verdict(read / total <= 0.5)}")
    print(f"  totals from S3 equal the truth:  {verdict(s3_ok)}")
    results.update(s3_wall_ratio=ratio, s3_read_fraction=read / total, s3_totals_exact=s3_ok)
json.dump(results, open(out, "w"), indent=1)
print()
print(f"results: {out}")
PY
