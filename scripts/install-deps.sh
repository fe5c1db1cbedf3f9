#!/usr/bin/env bash
# Installs everything LutBridge builds, tests and runs with, from Debian and npm.
# Fast when all is present: apt-get runs only when a package is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages: native libraries the host binds, the C plugin's build, the editors
# and the independent references the tests compare against.
debs=(
  cmake pkg-config clang libclang-rt-14-dev zlib1g-dev
  libpng-dev libturbojpeg0-dev libtiff-dev libraw-dev libraw-bin libmsgpack-dev
  lua5.4 liblua5.4-dev lua-socket
  ffmpeg gmic darktable rawtherapee xvfb xauth imagemagick xdotool bc
  python3-onnx python3-numpy python3-pil
  libgtk-3-0  # OpenCvSharp4's native OpenCV (distil's registration) links GTK 3
  slurm-wlm munge libimage-exiftool-perl
  chromium
)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }

# Node.js and npm come with the machine (NodeSource builds); Debian's npm package conflicts
# with them, so install Debian's only where no npm exists at all.
if ! command -v npm >/dev/null; then
  echo "==> installing Debian packages: nodejs npm"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

# npm packages used only by tests (msgpack conformance vectors, a second msgpack peer).
if [ -f "$root/tests/npm/package.json" ]; then
  if [ ! -d "$root/tests/npm/node_modules" ] || [ "$root/tests/npm/package-lock.json" -nt "$root/tests/npm/node_modules" ]; then
    echo "==> installing npm test packages"
    (cd "$root/tests/npm" && npm ci --no-audit --no-fund --loglevel=error && touch node_modules)
  fi
fi
