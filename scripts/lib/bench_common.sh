# shellcheck shell=bash
# Shared by scripts/bench.sh (the audit benchmark) and scripts/bench_kill.sh (the kill benchmark): the
# tools they need (GNU time; the benchmark's virtualenv with mitmproxy and the AWS CLI; moto; a costbrake
# binary), the run's work directory and clean-up, the emulator topology (one moto, or one per region plus
# one for the global services), the latency proxy in front of it and its control paths, the sealed
# environment the measured commands run in, and one measured run's record.
#
# Source it from the repository's root (both scripts `cd "$(dirname "$0")/.."` first) with BENCH_NAME
# set to the name their messages start with. It defines variables and functions only; the functions
# share the globals work, costbrake, aws_cli, sealed, topology, PROXY, PROXY_PID, MOTO_PIDS,
# MOTO_ENDPOINT, SEED_ENDPOINT and ROUTES with the scripts.

# shellcheck source=scripts/lib/moto.sh
source "$(dirname "${BASH_SOURCE[0]}")/moto.sh"

# mitmproxy 11.0.2 is the newest release that installs on Python 3.11 (12.x needs 3.12). It lives in
# its own virtualenv because it pins cryptography and Flask below the versions moto's environment has.
MITMPROXY_SPEC="mitmproxy==11.0.2"
AWSCLI_SPEC="awscli>=1.29,<2"
BENCH_VENV="${BENCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/costbrake/bench-venv}"
GNU_TIME=/usr/bin/time
mitmdump="$BENCH_VENV/bin/mitmdump"
PROXY_PID=""
MOTO_PIDS=()
ROUTES=""
# The services AWS serves from one global endpoint, whose calls the per-region topology sends to the
# global emulator (scripts/lib/bench_proxy.py routes by the SigV4 scope's service). S3 is here because a
# bucket's name, ListBuckets and moto's S3 backend are global; see docs/performance.md.
GLOBAL_SERVICES='["iam", "sts", "organizations", "budgets", "ce", "s3"]'

step() { printf '==> %s\n' "$*" >&2; }
die() { printf '%s: %s\n' "$BENCH_NAME" "$*" >&2; exit 1; }

# usage_header: the comment block at the top of the running script, its --help text.
usage_header() {
    sed -n '2,/^set -euo pipefail/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'
}

# require_numbers VALUE...: exits with status 2 unless every VALUE is a whole number.
require_numbers() {
    local n
    for n in "$@"; do
        case "$n" in '' | *[!0-9]*) echo "$BENCH_NAME: not a number: $n" >&2; exit 2 ;; esac
    done
}

# --- options -------------------------------------------------------------------------------------------

# The options both benchmarks take, at their defaults (each script sets its own default scale).
latency_ms="${BENCH_LATENCY_MS:-50}"
topology=per-region
costbrake=""
results_json=""
quick=0
scale_set=0

# bench_option ARG...: takes the option at the front of ARG... if it is one both benchmarks take
# (--quick, --scale N, --latency-ms MS, --topology T, --moto-tag-index, --costbrake PATH, --json PATH): sets its
# variable, sets bench_shift to the number of arguments it used and returns 0. Returns 1 for any other.
# shellcheck disable=SC2034 # the variables are the sourcing script's
bench_option() {
    bench_shift=1
    case "$1" in
    --quick) quick=1 ;;
    --scale) scale="${2:?--scale needs a number}"; scale_set=1; bench_shift=2 ;;
    --latency-ms) latency_ms="${2:?--latency-ms needs a number}"; bench_shift=2 ;;
    --topology)
        topology="${2:?--topology needs per-region or single}"; bench_shift=2
        case "$topology" in
        per-region | single) ;;
        *) echo "$BENCH_NAME: --topology is per-region or single, not $topology" >&2; exit 2 ;;
        esac ;;
    --moto-tag-index) export MOTO_TAG_INDEX=1 ;;
    --costbrake) costbrake="${2:?--costbrake needs a path}"; bench_shift=2 ;;
    --json) results_json="${2:?--json needs a path}"; bench_shift=2 ;;
    *) return 1 ;;
    esac
}

# --- work directory and clean-up -----------------------------------------------------------------------

# bench_start PREFIX: creates the run's work directory ($work, under TMPDIR) and traps the exit, Ctrl-C
# and TERM so that the proxy and moto are stopped whatever happens.
bench_start() {
    work="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

bench_cleanup() {
    stop_proxy
    stop_emulators
}

# --- tools ---------------------------------------------------------------------------------------------

# venv_install SPEC...: pip-installs into the benchmark's virtualenv, creating it first if need be.
venv_install() {
    if [ ! -x "$BENCH_VENV/bin/python" ]; then
        python3 -m venv "$BENCH_VENV" || return 1
    fi
    "$BENCH_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
}

# bench_tools: GNU time (checked), moto (installed if missing) and mitmdump (installed into the
# benchmark's virtualenv if missing).
bench_tools() {
    [ -x "$GNU_TIME" ] || die "GNU time is needed at $GNU_TIME (Debian: apt-get install time)"
    ensure_moto
    if [ ! -x "$mitmdump" ]; then
        step "Installing $MITMPROXY_SPEC into $BENCH_VENV"
        venv_install "$MITMPROXY_SPEC" ||
            die "could not install $MITMPROXY_SPEC with pip into $BENCH_VENV; the benchmark needs mitmdump (mitmproxy 11 needs Python >= 3.10)"
        [ -x "$mitmdump" ] || die "$MITMPROXY_SPEC installed but $mitmdump is missing"
    fi
}

# ensure_aws_cli: sets aws_cli to the AWS CLI v1 on PATH, else one installed into the benchmark's
# virtualenv. A pyenv shim is resolved to the script behind it, so that the shim's own start-up is not
# billed to the CLI.
ensure_aws_cli() {
    aws_cli="$(command -v aws || true)"
    if [ -n "$aws_cli" ] && command -v pyenv >/dev/null 2>&1 && [[ "$aws_cli" == */shims/aws ]]; then
        aws_cli="$(pyenv which aws 2>/dev/null || echo "$aws_cli")"
    fi
    if [ -z "$aws_cli" ] || ! "$aws_cli" --version 2>&1 | grep -q '^aws-cli/1\.'; then
        aws_cli="$BENCH_VENV/bin/aws"
        if [ ! -x "$aws_cli" ]; then
            step "Installing the AWS CLI v1 ($AWSCLI_SPEC) into $BENCH_VENV"
            venv_install "$AWSCLI_SPEC" || die "could not install $AWSCLI_SPEC with pip"
        fi
    fi
}

# ensure_costbrake: the binary to benchmark in $costbrake: the one given (--costbrake), else a release
# build (cargo build --release, honouring CARGO_TARGET_DIR).
ensure_costbrake() {
    local target_dir
    if [ -z "$costbrake" ]; then
        step "Building costbrake (release)"
        cargo build --release --quiet --bin costbrake
        target_dir="$(cargo metadata --format-version 1 --no-deps |
            python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
        costbrake="$target_dir/release/costbrake"
    fi
    [ -x "$costbrake" ] || die "no costbrake binary at $costbrake"
}

# --- the emulators -------------------------------------------------------------------------------------

# start_emulators DIR REGIONS: starts the emulators of the topology ($topology), logging to DIR, and
# waits until each listens on its own port (its log says so: a moto that lost a race for a port exits).
#   single:     one moto for everything (MOTO_ENDPOINT); ROUTES is empty.
#   per-region: one moto per region of REGIONS (comma-separated) and one for the global services
#               (MOTO_ENDPOINT, also the proxy's default upstream); ROUTES is the routing file the proxy
#               loads (DIR/routes.json).
# Sets MOTO_PIDS to every emulator's process id.
start_emulators() {
    local dir="$1" regions="$2" names name port script ports=() logs=() i
    mkdir -p "$dir"
    MOTO_PIDS=()
    ROUTES=""
    if [ "$topology" = single ]; then names=(single); else names=(global ${regions//,/ }); fi
    script="scripts/moto_server.py"
    [ "${MOTO_TAG_INDEX:-0}" = 1 ] && script="scripts/moto_tag_index.py"
    for name in "${names[@]}"; do
        port="$(free_port)"
        while [[ " ${ports[*]} " == *" $port "* ]]; do port="$(free_port)"; done
        python3 "$script" -H 127.0.0.1 -p "$port" >"$dir/moto.$name.log" 2>&1 &
        MOTO_PIDS+=("$!")
        ports+=("$port")
        logs+=("$dir/moto.$name.log")
    done
    for i in "${!names[@]}"; do
        for _ in $(seq 1 600); do
            grep -q "Running on http://127.0.0.1:${ports[$i]}" "${logs[$i]}" 2>/dev/null && break
            kill -0 "${MOTO_PIDS[$i]}" 2>/dev/null || { cat "${logs[$i]}" >&2; die "moto (${names[$i]}) exited early"; }
            sleep 0.1
        done
        grep -q "Running on http://127.0.0.1:${ports[$i]}" "${logs[$i]}" ||
            die "moto (${names[$i]}) did not start listening within 60 s"
    done
    MOTO_ENDPOINT="http://127.0.0.1:${ports[0]}"
    MOTO_PID="${MOTO_PIDS[0]}"
    if [ "$topology" = per-region ]; then
        ROUTES="$dir/routes.json"
        python3 - "$ROUTES" "$GLOBAL_SERVICES" "${names[@]}" -- "${ports[@]}" <<'PY'
import json, sys
out, services, rest = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3:]
cut = rest.index("--")
names, ports = rest[:cut], rest[cut + 1:]
urls = {n: f"http://127.0.0.1:{p}" for n, p in zip(names, ports)}
json.dump({"global": urls.pop("global"), "regions": urls, "global_services": services}, open(out, "w"), indent=2)
PY
    fi
}

stop_emulators() {
    local pid
    for pid in "${MOTO_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${MOTO_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    MOTO_PIDS=()
    stop_moto # one started with moto.sh's start_moto (scripts/faults.sh)
}

# seeding_begin / seeding_end: around seeding and snapshots. The single topology's seeders talk to moto
# directly; the per-region topology's go through the proxy's routing (SEED_ENDPOINT), with its latency
# at zero meanwhile.
seeding_begin() {
    if [ "$topology" = single ]; then
        SEED_ENDPOINT="$MOTO_ENDPOINT"
    else
        SEED_ENDPOINT="$PROXY"
        control "latency?ms=0" >/dev/null
    fi
}

seeding_end() {
    [ "$topology" = single ] || control "latency?ms=$latency_ms" >/dev/null
}

# --- the latency proxy ---------------------------------------------------------------------------------

# start_proxy LOG LATENCY_MS [MITMDUMP ARGS...]: starts the latency proxy (mitmdump with
# scripts/lib/bench_proxy.py, which adds LATENCY_MS to every request, counts requests per action and, in
# the per-region topology, routes each to its emulator ($ROUTES), plus any further addons and options
# given) in front of moto ($MOTO_ENDPOINT) on a free loopback port, sets PROXY_PID and PROXY, and waits
# until it answers.
start_proxy() {
    local log="$1" latency_ms="$2" port
    port="$(free_port)"
    BENCH_LATENCY_MS="$latency_ms" "$mitmdump" --quiet \
        --mode "reverse:$MOTO_ENDPOINT" --listen-host 127.0.0.1 --listen-port "$port" \
        --set confdir="$work/mitmproxy" --set bench_latency_ms="$latency_ms" --set bench_routes="$ROUTES" \
        -s scripts/lib/bench_proxy.py "${@:3}" >"$log" 2>&1 &
    PROXY_PID=$!
    PROXY="http://127.0.0.1:$port"
    for _ in $(seq 1 300); do
        control counts >/dev/null 2>&1 && return 0
        kill -0 "$PROXY_PID" 2>/dev/null || { cat "$log" >&2; die "mitmdump exited early"; }
        sleep 0.1
    done
    die "the proxy did not answer on $PROXY within 30 s"
}

stop_proxy() {
    if [ -n "$PROXY_PID" ] && kill -0 "$PROXY_PID" 2>/dev/null; then
        kill "$PROXY_PID" 2>/dev/null || true
        wait "$PROXY_PID" 2>/dev/null || true
    fi
    PROXY_PID=""
}

# control PATH: GET one of the proxy's own /__bench/ paths (counts, reset, trace, latency?ms=N) and print
# the JSON.
control() {
    python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' \
        "$PROXY/__bench/$1"
}

# cpu_seconds PID...: CPU seconds (user+sys) the processes have used so far together, from /proc.
cpu_seconds() {
    local pid
    for pid in "$@"; do cat "/proc/$pid/stat"; done </dev/null |
        awk -v tck="$(getconf CLK_TCK)" '{ t += $14 + $15 } END { printf "%.2f\n", t / tck }'
}

# --- measured runs -------------------------------------------------------------------------------------

# sealed_env [NAME=VALUE...]: sets `sealed`, an env(1) command line that runs a command in the work
# directory (away from any ./costbrake.toml) with fake credentials and no profile, endpoint or costbrake
# config of the user's, plus the NAME=VALUE given.
# shellcheck disable=SC2120 # its arguments are optional
sealed_env() {
    mkdir -p "$work/aws" "$work/xdg"
    : >"$work/aws/config"
    : >"$work/aws/credentials"
    # shellcheck disable=SC2034 # used by the scripts that source this file
    sealed=(env -C "$work" -u AWS_PROFILE -u AWS_DEFAULT_PROFILE -u AWS_SESSION_TOKEN -u AWS_ENDPOINT_URL -u COSTBRAKE_CONFIG
        AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
        AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE="$work/aws/config"
        AWS_SHARED_CREDENTIALS_FILE="$work/aws/credentials" XDG_CONFIG_HOME="$work/xdg" "$@"
        NO_COLOR=1)
}

# run_begin: zeroes the proxy's counts and reads the CPU seconds moto and the proxy have used so far
# (moto_cpu0, proxy_cpu0), before a measured run.
run_begin() {
    control reset >/dev/null
    moto_cpu0="$(cpu_seconds "${MOTO_PIDS[@]}")"
    proxy_cpu0="$(cpu_seconds "$PROXY_PID")"
}

# run_record TIME_FILE HEAD_JSON [TAIL_JSON]: after a measured run, its record as one JSON object on
# stdout: HEAD_JSON's members; the wall time, user and sys CPU and peak RSS GNU time wrote to TIME_FILE
# (-f '%e %U %S %M'); the proxy's request counts; the CPU seconds moto and the proxy used since
# run_begin; then TAIL_JSON's members.
run_record() {
    python3 - "$1" "$(control counts)" "$moto_cpu0" "$(cpu_seconds "${MOTO_PIDS[@]}")" \
        "$proxy_cpu0" "$(cpu_seconds "$PROXY_PID")" "$2" "${3:-"{}"}" <<'PY'
import json, sys
time_file, counts, m0, m1, p0, p1, head, tail = sys.argv[1:]
# GNU time writes "Command exited with non-zero status N" first when the command fails.
wall, user, sys_, rss = [l for l in open(time_file).read().splitlines() if l.strip()][-1].split()
print(json.dumps({
    **json.loads(head),
    "wall": float(wall), "user": float(user), "sys": float(sys_),
    "cpu": round(float(user) + float(sys_), 2), "peak_rss_mb": round(int(rss) / 1024, 1),
    "requests": json.loads(counts),
    "moto_cpu": round(float(m1) - float(m0), 2), "proxy_cpu": round(float(p1) - float(p0), 2),
    **json.loads(tail),
}))
PY
}
