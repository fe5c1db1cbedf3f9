#!/usr/bin/env bash
# Slurm batch vs local batch, same inputs and look, on the one-node cluster of
# scripts/slurm-local.sh: N (default 200) 12-MP JPEGs made from a bundled photo, the bundled
# Colour_Correct LUT. Prints each run's images/s and the ratio (target: Slurm ≥ 0.9 × local).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
n="${1:-200}"
[ -f build/cli/lutbridge.dll ] || bash scripts/build.sh >/dev/null
eval "$(bash scripts/slurm-local.sh start | grep '^export ')"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
convert samples/photos/skimage_rocket.jpg -resize '4000x3000!' -quality 92 "$work/base.jpg"
for i in $(seq -w 1 "$n"); do cp "$work/base.jpg" "$work/in/img$i.jpg"; done
echo "inputs: $n × 12 MP JPEG ($(du -sh "$work/in" | cut -f1)); $(nproc) cores; look: samples/luts/Colour_Correct.cube"

lut=samples/luts/Colour_Correct.cube
t0=$(date +%s.%N)
./lutbridge batch --lut "$lut" --in "$work/in" --out "$work/local" >/dev/null 2>&1
t1=$(date +%s.%N)
./lutbridge batch --lut "$lut" --in "$work/in" --out "$work/slurm" --scheduler slurm --wait >/dev/null 2>&1
t2=$(date +%s.%N)
same=$(cd "$work/local" && for f in *.jpg; do cmp -s "$f" "$work/slurm/$f" || echo "$f"; done | wc -l)
awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$same" 'BEGIN {
  l = n / (b - a); s = n / (c - b);
  printf "local batch: %.1f s, %.2f images/s\n", b - a, l;
  printf "slurm batch: %.1f s, %.2f images/s (submit to summary, one job array)\n", c - b, s;
  printf "slurm / local throughput: %.3f (outputs differing: %d)\n", s / l, d }'
