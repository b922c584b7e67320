#!/usr/bin/env bash
# Prepares this machine to build and run the cdk-elasticache engine image (container/Containerfile) with podman
# when no image registry is reachable. Idempotent: every step is skipped when already done.
#   1. installs podman, runc and mmdebstrap (Debian/Ubuntu, apt-get) when missing;
#   2. writes the containers.conf settings podman 4.3 needs here (cgroupfs, no default ulimits, runc: the default
#      crun fails with "cgroups in hybrid mode not supported");
#   3. builds a Debian trixie rootfs with mmdebstrap (nodejs 20, valkey-server 8.1, redis-server 8.0, memcached 1.6)
#      and imports it as the local base image $BASE_IMAGE, when that image is not there yet;
#   4. builds the engine image (cdk-elasticache local image build --base $BASE_IMAGE) when it is missing or
#      older than lib/ (skip with SKIP_ENGINE_IMAGE=1).
# Environment: BASE_IMAGE (default localhost/cdk-elasticache-base:trixie), ENGINE_IMAGE (default
# localhost/cdk-elasticache-engine:latest), SUITE (default trixie), MIRROR (default http://deb.debian.org/debian).
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_IMAGE="${BASE_IMAGE:-localhost/cdk-elasticache-base:trixie}"
ENGINE_IMAGE="${ENGINE_IMAGE:-localhost/cdk-elasticache-engine:latest}"
SUITE="${SUITE:-trixie}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

# 1. Tools.
missing=()
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v runc >/dev/null 2>&1 || [ -x /usr/sbin/runc ] || missing+=(runc)
command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Please install ${missing[*]} (or use docker: 'cdk-elasticache local image build' with the default base)." >&2
    exit 1
  fi
  echo "==> installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. containers.conf (rewritten only when absent or written by this script).
CONF=/etc/containers/containers.conf
MARK="# written by cdk-elasticache scripts/setup-container.sh"
if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
  if [ ! -f "$CONF" ] || grep -qF "$MARK" "$CONF"; then
    want="$MARK
[containers]
default_ulimits = []

[engine]
cgroup_manager = \"cgroupfs\"
events_logger = \"file\"
runtime = \"runc\""
    if [ "$(cat "$CONF" 2>/dev/null)" != "$want" ]; then
      echo "==> writing $CONF"
      $SUDO mkdir -p /etc/containers
      printf '%s\n' "$want" | $SUDO tee "$CONF" >/dev/null
    fi
  elif ! grep -q 'cgroup_manager *= *"cgroupfs"' "$CONF"; then
    echo "warning: $CONF exists and was not written by this script; podman here needs cgroup_manager = \"cgroupfs\", default_ulimits = [] and runtime = \"runc\"" >&2
  fi
fi

# 3. Base image from Debian packages.
if ! podman image exists "$BASE_IMAGE"; then
  echo "==> building the base image $BASE_IMAGE from Debian $SUITE packages (mmdebstrap)"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  t0=$(date +%s)
  $SUDO mmdebstrap --quiet --variant=minbase \
    --include=nodejs,valkey-server,redis-server,memcached,ca-certificates \
    --customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*' \
    "$SUITE" "$tmp/rootfs.tar" "$MIRROR"
  podman import --change 'CMD ["/bin/bash"]' "$tmp/rootfs.tar" "$BASE_IMAGE" >/dev/null
  rm -rf "$tmp"
  trap - EXIT
  echo "    base image built in $(( $(date +%s) - t0 )) s"
fi

# 4. The engine image, from this package (needs lib/: npx projen compile).
if [ "${SKIP_ENGINE_IMAGE:-}" != "1" ] && [ -f lib/cli/main.js ]; then
  created=$(podman image inspect --format '{{.Created.Unix}}' "$ENGINE_IMAGE" 2>/dev/null || echo 0)
  newest=$(find lib -name '*.js' -newermt "@$created" -print -quit 2>/dev/null || true)
  if [ "$created" = "0" ] || [ -n "$newest" ]; then
    echo "==> building the engine image $ENGINE_IMAGE"
    node lib/cli/main.js local image build --base "$BASE_IMAGE" --tag "$ENGINE_IMAGE"
  fi
fi
