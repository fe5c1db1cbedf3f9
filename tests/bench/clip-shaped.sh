# Sourced by the model benchmarks: generates (once) the CLIP ViT-B/32-shaped pair with random
# weights (tests/LutBridge.Neural.Tests/clip_shaped.py, ~600 MB) into a cache folder and sets
# $clip_dir. Never committed; delete the folder to regenerate.
clip_dir="${LUTBRIDGE_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lutbridge/bench-models}/clip-b32-v1"
if [ ! -f "$clip_dir/done" ]; then
    echo "generating the CLIP ViT-B/32-shaped models (random weights, ~600 MB) in $clip_dir" >&2
    mkdir -p "$clip_dir"
    /usr/bin/python3 tests/LutBridge.Neural.Tests/clip_shaped.py make "$clip_dir"
    touch "$clip_dir/done"
fi
