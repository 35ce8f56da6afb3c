#!/usr/bin/env bash
# The README's "run Evident" command: provisions a fresh Debian machine (scripts/provision.sh),
# installs the packages, then `npm start` (sync server + Chromium with the extension). Arguments go
# to npm start (`--demo`, `--no-server`). Without a display it runs under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/provision.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec npm start -- "$@"
fi
echo "No display here: starting Evident on a virtual screen (Xvfb). It will say how to reach the browser."
EVIDENT_VIRTUAL_SCREEN=1 exec xvfb-run -a npm start -- "$@"
