#!/usr/bin/env bash
# Installs what cdk-elasticache's demo and tests need on a fresh machine:
# the engines (valkey-server, redis-server, memcached), the npm packages and the rotation function's bundle.
# Debian/Ubuntu (apt-get, as root or with sudo) and macOS (Homebrew) are supported.
# Valkey templates are served by valkey-server, Redis OSS templates by redis-server: both are installed.
set -euo pipefail
cd "$(dirname "$0")/.."

have() { command -v "$1" >/dev/null 2>&1; }
need_engines() {
  ! have memcached || ! have redis-server || ! have redis-cli || ! have valkey-server
}

SUDO=""
if [ "$(id -u)" -ne 0 ] && have sudo; then SUDO="sudo"; fi

# Debian bookworm: valkey-server 8.0 is in bookworm-backports (trixie and later have it in main).
add_bookworm_backports() {
  . /etc/os-release
  [ "${ID:-}" = "debian" ] && [ "${VERSION_CODENAME:-}" = "bookworm" ] || return 1
  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "==> adding Debian bookworm-backports (valkey-server 8.0)"
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      | $SUDO tee /etc/apt/sources.list.d/bookworm-backports.sources >/dev/null
  fi
  return 0
}

if need_engines; then
  echo "==> installing valkey-server, redis-server and memcached"
  if have apt-get; then
    backports=""
    if add_bookworm_backports; then backports="bookworm-backports"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server redis-tools memcached >/dev/null
    if [ -n "$backports" ]; then
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -t "$backports" valkey-server valkey-tools >/dev/null
    elif apt-cache show valkey-server >/dev/null 2>&1; then
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq valkey-server valkey-tools >/dev/null
    else
      echo "warning: no valkey-server package in this distribution's archive: Valkey templates will be served by redis-server" >&2
    fi
  elif have brew; then
    brew install valkey redis memcached
  else
    echo "Please install valkey-server, redis-server and memcached, then re-run." >&2
    exit 1
  fi
fi
# Debian starts the packaged services; the local engine starts its own processes on free ports.
if have systemctl; then
  for s in redis-server valkey-server memcached; do
    if systemctl is-active --quiet "$s" 2>/dev/null; then systemctl stop "$s" 2>/dev/null || true; fi
  done
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Node.js 20 or later is required (found $(node -v 2>/dev/null || echo none))." >&2
  exit 1
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The rotation function's bundle (assets/auth/rotation/...): every construct that rotates a secret needs it at synth.
echo "==> bundling the rotation function"
npx projen bundle >/dev/null
# src/spec's Region data module (generated, not in git; empty when no data file is present: docs/decisions/0009).
npx projen generate:offerings >/dev/null
