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

# 1. Apply bundled LUTs (a .cube and a GPUImage lookup PNG) to the sample photos:
#    <photo>__<lut>.png is the graded photo, <photo>__<lut>_before_after.png the comparison.
echo "==> applying LUTs to samples/photos"
for photo in samples/photos/*.png samples/photos/*.jpg; do
  [ -e "$photo" ] || continue
  name="$(basename "${photo%.*}")"
  for lut in samples/luts/Colour_Correct.cube samples/luts/lookup_amatorka.png; do
    tag="$(basename "${lut%.*}")"
    ./lutbridge apply --lut "$lut" --in "$photo" --out "$out/${name}__${tag}.png" \
      --before-after "$out/${name}__${tag}_before_after.png"
    echo "    $out/${name}__${tag}_before_after.png"
  done
done

echo "==> results in $out"
