#!/usr/bin/env bash
# Throughput of 8-bit tetrahedral LUT application, ours vs ffmpeg's lut3d filter, on the
# same machine, the same 24 MP rgb24 frame (tiled from a real photo) and the same 33³ LUT
# (a creative film LUT resampled to 33³). ffmpeg's own decode/transfer cost is removed by
# subtracting a no-filter run on the same input. Prints both rates and ours/ffmpeg.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
shared="${LUTBRIDGE_SHARED_DATA:-$root/../shared/data}"
photo="$shared/photos/kodak_kodim23.png"
lut="$shared/luts/creative/colorslide__fuji_velvia_100_generic.cube"
frames="${FRAMES:-4}"
work="$(mktemp -d -p "$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")")"; trap 'rm -rf "$work"' EXIT
W=6000; H=4000

# 24 MP frame: the 768×512 photo tiled 8×8 and cropped to 6000×4000.
ffmpeg -v error -loop 1 -i "$photo" -vf "tile=8x8,crop=$W:$H:0:0" -frames:v 1 -f rawvideo -pix_fmt rgb24 "$work/frame.rgb"
ffmpeg -v error -f rawvideo -pix_fmt rgb24 -s ${W}x$H -i "$work/frame.rgb" -compression_level 1 "$work/frame.png"

# Ours (also writes the 33³ LUT it measured, which ffmpeg then uses).
ours_json="$(./lutbridge bench apply --in "$work/frame.png" --lut "$lut" --size 33 --megapixels 24 --save-lut "$work/lut33.cube" --runs 3 --json)"
ours="$(sed -E 's/.*"rgb8_mpix_s":([0-9.]+).*/\1/' <<<"$ours_json")"

# ffmpeg: real time for $frames frames with and without the filter (best of 2 each).
rtime() {
  local best=""
  for _ in 1 2; do
    local t
    t="$(ffmpeg -hide_banner -nostats -benchmark -f rawvideo -pix_fmt rgb24 -s ${W}x$H -stream_loop $((frames - 1)) \
          -i "$work/frame.rgb" "$@" -f null - 2>&1 | sed -nE 's/.*rtime=([0-9.]+)s.*/\1/p')"
    best="$(awk -v a="$t" -v b="$best" 'BEGIN { print (b == "" || a < b) ? a : b }')"
  done
  echo "$best"
}
with_filter="$(rtime -vf "lut3d=file=$work/lut33.cube:interp=tetrahedral")"
without="$(rtime)"

awk -v w="$with_filter" -v n="$without" -v f="$frames" -v ours="$ours" -v px=$((W * H)) -v cores="$(nproc)" 'BEGIN {
  per_frame = (w - n) / f
  ff = px / 1e6 / per_frame
  printf "frame %d MP rgb24, 33^3 LUT, tetrahedral, %d cores\n", px / 1e6, cores
  printf "ffmpeg lut3d : %8.1f Mpix/s  (%.3f s per frame, no-filter %.3f s per frame subtracted)\n", ff, per_frame, n / f
  printf "lutbridge    : %8.1f Mpix/s\n", ours
  printf "ratio ours/ffmpeg: %.2fx\n", ours / ff
}'
echo "lutbridge bench apply (all depths): $ours_json"
