#!/usr/bin/env bash
# Batch throughput, side by side in one run on the same machine: `lutbridge batch --engine host`
# vs rawtherapee-cli, the same look (a Look from tests/vectors, given to RawTherapee as the HaldCLUT
# + partial .pp3 that `lutbridge export rawtherapee` writes), the same IMAGES × 24 MP JPEGs in
# (made once from a shared photo by upscaling to 6000×4000 and cached in build/bench-24mp/),
# JPEG out at quality 92 with 4:4:4 chroma for both. rawtherapee-cli gets all images in one
# process (its best case; it uses every core per image). Prints images/s of each and the ratio.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
shared="${LUTBRIDGE_SHARED_DATA:-$root/../shared/data}"
images="${IMAGES:-20}"
look="$root/tests/vectors/look/lut_velvia_strength.look"
cache="$root/build/bench-24mp"
command -v rawtherapee-cli >/dev/null || { echo "rawtherapee-cli is not installed (scripts/install-deps.sh)"; exit 1; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

# Inputs: one 24 MP JPEG, copied IMAGES times (cached between runs).
mkdir -p "$cache"
if [ ! -f "$cache/source.jpg" ]; then
  ffmpeg -v error -i "$shared/photos/kodak_kodim23.png" -vf "scale=6000:4000:flags=lanczos" -q:v 2 -y "$cache/.source.jpg"
  mv "$cache/.source.jpg" "$cache/source.jpg"
fi
mkdir -p "$work/in"
for i in $(seq -w 1 "$images"); do cp "$cache/source.jpg" "$work/in/photo$i.jpg"; done

./lutbridge version >/dev/null   # builds the CLI when needed, outside the timing
now() { date +%s.%N; }

t0="$(now)"
./lutbridge batch --look "$look" --in "$work/in" --out "$work/host" --format jpg --quality 92 >/dev/null 2>"$work/host.log" \
  || { cat "$work/host.log"; exit 1; }
t1="$(now)"

./lutbridge export rawtherapee --look "$look" --cluts-dir "$work/cluts" --pp3 "$work/look.pp3" >/dev/null 2>&1
mkdir -p "$work/rt"
t2="$(now)"
RT_SETTINGS="$work/rt-settings" RT_CACHE="$work/rt-cache" \
  rawtherapee-cli -o "$work/rt" -p "$work/look.pp3" -j92 -js3 -Y -q -c "$work/in" >"$work/rt.log" 2>&1 \
  || { tail -5 "$work/rt.log"; exit 1; }
t3="$(now)"

n_host="$(ls "$work/host" | wc -l)"; n_rt="$(ls "$work/rt"/*.jpg | wc -l)"
[ "$n_host" = "$images" ] && [ "$n_rt" = "$images" ] || { echo "expected $images outputs, got host $n_host, rawtherapee $n_rt"; exit 1; }
echo "same look in both (mean ΔE00 between the two renderings of one image):"
./lutbridge compare "$work/host/photo$(seq -w 1 "$images" | head -1).jpg" "$work/rt/photo$(seq -w 1 "$images" | head -1).jpg" --max-mean 1.5

awk -v n="$images" -v h0="$t0" -v h1="$t1" -v r0="$t2" -v r1="$t3" -v cores="$(nproc)" 'BEGIN {
  h = h1 - h0; r = r1 - r0
  printf "%d × 24 MP JPEG on %d cores\n", n, cores
  printf "lutbridge batch --engine host: %7.2f s  %6.3f images/s\n", h, n / h
  printf "rawtherapee-cli:               %7.2f s  %6.3f images/s\n", r, n / r
  printf "ratio (host / rawtherapee-cli): %.2fx\n", r / h
}'
