#!/usr/bin/env bash
# The demo from the README: starts the local AWS emulator (moto) on 127.0.0.1, seeds a runaway-agent
# scenario (three agents across two regions: EC2, Auto Scaling, ECS, Lambda, IAM, S3; some resources
# untagged), and walks through costbrake against it. Nothing here talks to AWS.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/moto.sh
source scripts/moto.sh

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

step "Done"
echo "The emulator stops now. Next: costbrake --help; docs/ has a page per command." >&2
