#!/usr/bin/env bash
# Installs what cdk-elasticache's demo and tests need on a fresh machine:
# the engines (redis-server/valkey-server, memcached) and the npm packages.
# Debian/Ubuntu (apt-get, as root or with sudo) and macOS (Homebrew) are supported.
set -euo pipefail
cd "$(dirname "$0")/.."

need_engines() {
  ! command -v memcached >/dev/null 2>&1 || ! { command -v redis-server >/dev/null 2>&1 || command -v valkey-server >/dev/null 2>&1; } \
    || ! command -v redis-cli >/dev/null 2>&1
}

if need_engines; then
  echo "==> installing redis-server and memcached"
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server redis-tools memcached >/dev/null
  elif command -v brew >/dev/null 2>&1; then
    brew install redis memcached
  else
    echo "Please install redis-server (or valkey-server) and memcached, then re-run." >&2
    exit 1
  fi
fi
# Debian starts the packaged services; the local engine starts its own processes on free ports.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
  (systemctl stop redis-server memcached 2>/dev/null || true)
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Node.js 20 or later is required (found $(node -v 2>/dev/null || echo none))." >&2
  exit 1
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
fi
