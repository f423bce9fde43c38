#!/usr/bin/env bash
# The test command from the README: installs what the tests need, then runs the whole suite.
#
# The integration tests start their own moto server (the AWS emulator) on a free 127.0.0.1 port per test,
# so nothing here talks to AWS. moto is installed with pip when `moto_server` is missing; Debian's chromium
# (tests/cli/report_html.rs opens the HTML report in it) with apt-get when no Chromium is on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib/moto.sh
source scripts/lib/moto.sh
# shellcheck source=scripts/lib/chromium.sh
source scripts/lib/chromium.sh
ensure_moto
ensure_pyarrow
ensure_chromium

# Doc tests first, so the closing summary is the full suite's.
cargo test --doc --quiet

if cargo nextest --version >/dev/null 2>&1; then
    cargo nextest run --all-targets --no-fail-fast
else
    echo "test.sh: cargo-nextest not found; using cargo test" >&2
    cargo test --all-targets --no-fail-fast
fi
