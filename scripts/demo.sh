#!/usr/bin/env bash
# The main job on bundled sample data: installs what is needed, builds, and writes
# visible results to out/demo/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install-deps.sh
bash scripts/build.sh
out="$root/out/demo"; mkdir -p "$out"
./lutbridge version
echo "==> results in $out"
