#!/usr/bin/env bash
# The main job: installs what it needs, then runs the demo (examples/demo.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec npx ts-node --project tsconfig.dev.json examples/demo.ts "$@"
