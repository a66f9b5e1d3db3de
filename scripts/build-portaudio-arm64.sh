#!/usr/bin/env bash
# Builds PortAudio 19.7.0 for arm64 and puts it where naudiodon links it, then
# rebuilds naudiodon's addon against it. naudiodon 2.3.6 bundles PortAudio for
# x64 only (macOS dylib i386+x86_64, Linux .so.2 x86-64 and armhf, Windows x64
# dll), so an arm64 package needs this first. Run it on an arm64 machine
# (macOS on Apple silicon, or Linux aarch64) after `npm ci`, before
# `electron-builder --arm64`; the packaging workflow does.
#
# Linux needs: build-essential, libasound2-dev (ALSA); JACK and OSS are left
# out so the library depends on nothing a desktop lacks. macOS needs the Xcode
# command-line tools (CoreAudio).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=v190700_20210406
URL="https://files.portaudio.com/archives/pa_stable_${VERSION}.tgz"
SHA256=47efbf42c77c19a05d22e627d42873e991ec0c1357219c0d74ce6a2948cb2def
NAUDIODON=node_modules/naudiodon
WORK=build/cache/portaudio-arm64

case "$(uname -s)-$(uname -m)" in
  Linux-aarch64|Linux-arm64) os=linux ;;
  Darwin-arm64) os=mac ;;
  *) echo "build-portaudio-arm64: run this on an arm64 Linux or macOS machine (this is $(uname -s) $(uname -m))." >&2; exit 1 ;;
esac
[ -d "$NAUDIODON" ] || { echo "build-portaudio-arm64: $NAUDIODON is missing; run npm ci first." >&2; exit 1; }

mkdir -p "$WORK"
archive="$WORK/pa_stable_${VERSION}.tgz"
[ -f "$archive" ] || curl -fsSL --retry 3 -o "$archive" "$URL"
echo "$SHA256  $archive" | (sha256sum -c - 2>/dev/null || shasum -a 256 -c -) >/dev/null ||
  { echo "build-portaudio-arm64: checksum mismatch for $archive" >&2; rm -f "$archive"; exit 1; }

rm -rf "$WORK/portaudio"
tar -xzf "$archive" -C "$WORK"
cd "$WORK/portaudio"
if [ "$os" = linux ]; then
  ./configure --with-alsa --without-jack --without-oss --enable-shared --disable-static
else
  ./configure --disable-mac-universal --enable-shared --disable-static
fi
make -j"$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)"
cd - >/dev/null

bin="$NAUDIODON/portaudio/bin"
if [ "$os" = linux ]; then
  cp "$WORK/portaudio/lib/.libs/libportaudio.so.2.0.0" "$bin/libportaudio.so.2"
  readelf -h "$bin/libportaudio.so.2" | grep -q 'AArch64' || { echo "build-portaudio-arm64: the library is not AArch64" >&2; exit 1; }
else
  cp "$WORK/portaudio/lib/.libs/libportaudio.2.dylib" "$bin/libportaudio.dylib"
  install_name_tool -id @rpath/libportaudio.dylib "$bin/libportaudio.dylib"
  lipo -archs "$bin/libportaudio.dylib" | grep -q arm64 || { echo "build-portaudio-arm64: the dylib has no arm64 slice" >&2; exit 1; }
fi

# Rebuild the addon (Node-API, so the same build serves Node and Electron); binding.gyp copies the library into build/Release.
(cd "$NAUDIODON" && npx --no-install node-gyp rebuild)
node -e "const n = require('naudiodon'); const a = n.getHostAPIs(); console.log('naudiodon arm64 OK:', a.HostAPIs.map((h) => h.name).join(', '))"
