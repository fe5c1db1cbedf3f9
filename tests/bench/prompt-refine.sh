#!/usr/bin/env bash
# Prompt refinement cost with a model pair of CLIP ViT-B/32's real architecture and sizes (random
# weights: speed does not depend on them; quality is tested with the known-function models):
# installs it into a temporary model folder and runs `lutbridge bench refine`. Numbers only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
[ -x build/cli/lutbridge ] || bash scripts/build.sh >/dev/null
source tests/bench/clip-shaped.sh
store=$(mktemp -d); trap 'rm -rf "$store"' EXIT
export LUTBRIDGE_MODELS_DIR="$store"
./lutbridge models add "$clip_dir/clip_b32_image.onnx" --task image-embedding --name clip-b32 >/dev/null
./lutbridge models add "$clip_dir/clip_b32_text.onnx" --task text-embedding --name clip-b32-text \
    --tokenizer "$clip_dir/clip_b32_tokenizer.json" >/dev/null
./lutbridge bench refine "$@"
