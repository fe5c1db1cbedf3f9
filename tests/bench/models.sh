#!/usr/bin/env bash
# Neural runtime throughput: generates a model of realistic cost (tests/LutBridge.Neural.Tests/
# tiny_models.py: five convolutions from 224², ~1 GMAC per image) with Debian's python3-onnx and
# runs `lutbridge bench models` on it: CPU, and CUDA when it loads. Prints numbers only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
[ -x build/cli/lutbridge ] || bash scripts/build.sh >/dev/null
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
/usr/bin/python3 tests/LutBridge.Neural.Tests/tiny_models.py make "$dir"
./lutbridge bench models --model-file "$dir/bench_image_embed.onnx" --batch 16 --runs "${RUNS:-5}" "$@"
