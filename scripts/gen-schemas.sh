#!/usr/bin/env bash
# Regenerates docs/schemas/ (the JSON Schemas of costbrake's JSON documents) from the Rust types, after a
# change to a document's type. A test fails while the committed files are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
COSTBRAKE_WRITE_SCHEMAS=1 cargo test --quiet --lib schemas::tests::committed_schemas_are_what_the_types_generate
git status --short docs/schemas
echo "regenerated docs/schemas/"
