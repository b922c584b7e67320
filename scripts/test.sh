#!/usr/bin/env bash
# The test command: installs what it needs, then runs the full projen build
# (jsii compile, API.md, unit + integration tests against real engines, eslint, packaging).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# podman, runc, mmdebstrap and the engine image's base (built from Debian packages: no image registry is needed).
./scripts/setup-container.sh
npx projen build
# The packed library, installed into a scratch CDK app, synthesizes every construct (the asset ships in the package).
./scripts/check-package.sh
