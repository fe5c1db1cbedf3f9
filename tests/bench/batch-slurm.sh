#!/usr/bin/env bash
# Slurm batch vs local batch, same inputs and look, on the one-node cluster of
# scripts/slurm-local.sh: N (default 200) 12-MP JPEGs made from a bundled photo, the bundled
# Colour_Correct LUT. Prints each round's images/s and the median ratio (target: Slurm ≥ 0.9 × local).
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
# This machine's speed drifts by ±15% from minute to minute (a shared VM), and the drift is often
# a trend over a few runs. So the runs form one chain, local, slurm, local, slurm, ..., local, and
# each slurm run is compared with the mean of the two local runs around it, which cancels a linear
# drift; the median of those ROUNDS (default 3) ratios is the result. Each run starts after `sync`:
# otherwise a run pays for writing back the previous one's 200 MB of outputs (the kernel flushes
# dirty pages about 30 s after they were written, in the middle of the next run).
rounds="${ROUNDS:-3}"
run_local() {
  rm -rf "$work/local"; sync; local a; a=$(date +%s.%N)
  ./lutbridge batch --lut "$lut" --in "$work/in" --out "$work/local" >/dev/null 2>&1
  awk -v a="$a" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }'
}
run_slurm() {
  rm -rf "$work/slurm"; sync; local a; a=$(date +%s.%N)
  ./lutbridge batch --lut "$lut" --in "$work/in" --out "$work/slurm" --scheduler slurm --wait >/dev/null 2>&1
  awk -v a="$a" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }'
}
ratios=()
before=$(run_local)
for r in $(seq 1 "$rounds"); do
  slurm=$(run_slurm)
  after=$(run_local)
  same=$(cd "$work/local" && for f in *.jpg; do cmp -s "$f" "$work/slurm/$f" || echo "$f"; done | wc -l)
  [ "$same" -eq 0 ] || { echo "round $r: $same outputs differ between local and slurm" >&2; exit 1; }
  ratio=$(awk -v n="$n" -v l0="$before" -v s="$slurm" -v l1="$after" -v r="$r" 'BEGIN {
    l = (n / l0 + n / l1) / 2;
    printf "round %d: local %.1f s, slurm %.1f s (%.2f images/s, submit to summary), local %.1f s: ratio %.3f\n", r, l0, s, n / s, l1, (n / s) / l > "/dev/stderr";
    printf "%.4f", (n / s) / l }')
  ratios+=("$ratio")
  before=$after
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END {
  m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
  printf "slurm / local throughput: median %.3f over %d rounds (min %.3f, max %.3f; outputs identical)\n", m, NR, v[1], v[NR] }'
