#!/usr/bin/env bash
# Builds the C# host (CLI in build/cli) and the native plugin (build/plugin-c).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
echo "==> building the C# host"
bash scripts/build-cli.sh
echo "==> building the native plugin"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
