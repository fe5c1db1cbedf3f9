#!/usr/bin/env bash
# End to end: ./lutbridge convert takes a film LUT .cube -> .3dl -> HaldCLUT .png -> .cube, and
# ffmpeg's lut3d filter (an independent implementation) renders a photo identically (within
# 1 code at 8 bit) through the original and the final file. Also checks info and exit codes.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
data="$root/../shared/data"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

lut="$data/luts/creative/colorslide__kodak_kodachrome_64.cube"
photo="$data/photos/kodak_kodim22.png"

./lutbridge convert "$lut" "$work/k.3dl"
./lutbridge convert "$work/k.3dl" "$work/k.png"
./lutbridge convert "$work/k.png" "$work/k.cube" --size 13

render() { ffmpeg -v error -y -i "$photo" -vf "lut3d=file=$1:interp=tetrahedral" -pix_fmt rgb24 -f rawvideo "$2"; }
render "$lut" "$work/a.rgb"
render "$work/k.cube" "$work/b.rgb"
python3 - "$work/a.rgb" "$work/b.rgb" <<'PY'
import sys
a = open(sys.argv[1], "rb").read()
b = open(sys.argv[2], "rb").read()
assert len(a) == len(b) and len(a) > 0, "renders differ in size"
worst = max(abs(x - y) for x, y in zip(a, b))
print(f"ffmpeg lut3d: original vs round-tripped LUT differ by at most {worst} code(s) over {len(a)//3} pixels")
sys.exit(0 if worst <= 1 else 1)
PY

./lutbridge info "$work/k.cube" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["size"]==13 and d["delta_e00"]["mean"]>0, d; print("info:", d["size"], d["delta_e00"])'

set +e
./lutbridge info "$data/luts/formats/sony_spi1d/Exception_Raising.spi1d" 2>"$work/err"
code=$?
set -e
[ "$code" -eq 2 ] || { echo "expected exit 2 for a malformed LUT, got $code"; exit 1; }
grep -q "Exception_Raising.spi1d:2:" "$work/err" || { echo "error does not name file:line:"; cat "$work/err"; exit 1; }
echo "lut-convert: ok"
