#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for Dialtone: the system packages to
# build the native modules and to run the real-peer test lab, then `npm ci`.
# Idempotent: packages already installed and an unchanged lockfile are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

# To build keytar (libsecret) and the other Node-API modules.
BUILD_PACKAGES=(build-essential python3 pkg-config libsecret-1-dev portaudio19-dev)
# To run the app and its tests: SIP peers, keyring, virtual audio, Chromium, tools.
TEST_PACKAGES=(kamailio kamailio-tls-modules baresip sip-tester linphone-cli
  gnome-keyring dbus dbus-x11 dbus-user-session libsecret-tools
  pulseaudio pulseaudio-utils libasound2-plugins alsa-utils
  sox libsox-fmt-all espeak-ng chromium xvfb xauth iproute2 openssl
  patchelf desktop-file-utils coturn tshark)

need_node() {
  local v
  v=$(node -p 'process.versions.node' 2>/dev/null || echo 0)
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null ||
    { echo "setup: Node.js >= 20.19 is required (found $v)." >&2; exit 1; }
}

install_system_packages() {
  local missing=()
  for p in "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: system packages already installed"
    return
  fi
  if ! command -v apt-get >/dev/null; then
    echo "setup: not a Debian/Ubuntu system; install the equivalents of: ${missing[*]}" >&2
    exit 1
  fi
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "setup: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "${missing[@]}"
}

install_node_modules() {
  local stamp=node_modules/.dialtone-lock.sha256 want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "setup: node_modules up to date"
    return
  fi
  # --loglevel=warn: the project .npmrc silences npm for clean headless stdout.
  npm ci --loglevel=warn --strict-allow-scripts
  echo "$want" > "$stamp"
}

need_node
install_system_packages
install_node_modules
echo "setup: done"
