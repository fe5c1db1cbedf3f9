#!/usr/bin/env bash
# Neural runtime throughput on a model of realistic size: the image tower of CLIP ViT-B/32 at its
# real architecture and sizes with random weights (tests/LutBridge.Neural.Tests/clip_shaped.py,
# ~4.4 GMAC per image, cached), then the smaller convolutional model of tiny_models.py (five
# convolutions from 224², ~1 GMAC). Runs `lutbridge bench models` on each: CPU, and CUDA when it
# loads. Prints numbers only. MODELS=vit or MODELS=conv runs one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
[ -x build/cli/lutbridge ] || bash scripts/build.sh >/dev/null
which="${MODELS:-vit conv}"
if [[ " $which " == *" vit "* ]]; then
    source tests/bench/clip-shaped.sh
    echo "== CLIP ViT-B/32 image tower (random weights)"
    ./lutbridge bench models --model-file "$clip_dir/clip_b32_image.onnx" --batch 16 --runs "${RUNS:-5}" "$@"
fi
if [[ " $which " == *" conv "* ]]; then
    dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
    /usr/bin/python3 tests/LutBridge.Neural.Tests/tiny_models.py make "$dir"
    echo "== five convolutions from 224² (~1 GMAC)"
    ./lutbridge bench models --model-file "$dir/bench_image_embed.onnx" --batch 16 --runs "${RUNS:-5}" "$@"
fi
