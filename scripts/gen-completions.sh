#!/usr/bin/env bash
# Regenerates the committed shell completions (completions/) and man page (docs/costbrake.1) from the
# binary itself. Run after changing src/cli/; tests/cli/completions.rs fails while they are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --bin costbrake
bin="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/costbrake"
"$bin" completions bash > completions/costbrake.bash
"$bin" completions zsh > completions/_costbrake
"$bin" completions fish > completions/costbrake.fish
"$bin" completions powershell > completions/_costbrake.ps1
"$bin" completions elvish > completions/costbrake.elv
"$bin" man > docs/costbrake.1
echo "regenerated completions/ and docs/costbrake.1" >&2
