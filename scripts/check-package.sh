#!/usr/bin/env bash
# Installs the packed library (dist/js/*.tgz, made by `npx projen build`) into a scratch CDK app outside the
# repository and synthesizes every construct with it: what a user who runs `npm install` of the package gets.
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=$(ls -t dist/js/cdk-elasticache@*.jsii.tgz 2>/dev/null | head -1 || true)
[ -n "$tarball" ] || { echo "no dist/js/cdk-elasticache@*.jsii.tgz: run 'npx projen build' first" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp scripts/package-smoke/app.js "$scratch/"
cdk_version=$(node -p 'require("aws-cdk-lib/package.json").version')
constructs_version=$(node -p 'require("constructs/package.json").version')
( cd "$scratch"
  echo '{ "name": "package-smoke", "private": true }' > package.json
  npm install --no-audit --no-fund --loglevel=error --prefer-offline \
    "$OLDPWD/$tarball" "aws-cdk-lib@$cdk_version" "constructs@$constructs_version" >/dev/null
  node app.js
  ./node_modules/.bin/cdk-elasticache --help >/dev/null
)
