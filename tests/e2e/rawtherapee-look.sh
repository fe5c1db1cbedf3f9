#!/usr/bin/env bash
# RawTherapee renders LutBridge Looks: `lutbridge export rawtherapee` writes a HaldCLUT and a
# partial .pp3 ([Film Simulation] only); the real rawtherapee-cli renders photos with it, and
# `lutbridge batch --engine rawtherapee` does the same for a folder. Checks, per photo:
#  - RawTherapee's neutral rendering equals the input (untagged 8-bit sRGB PNGs; RT colour-manages
#    tagged files, e.g. an Adobe RGB JPEG, which LutBridge reads as sRGB),
#  - RawTherapee with the look matches LutBridge's own apply of the same Look (batch --engine host)
#    within mean ΔE00 <= 1.5, and differs clearly (mean ΔE00 >= 3) from the neutral rendering,
#  - what is left is the lattice: RT with the HaldCLUT equals LutBridge applying that same HaldCLUT
#    with trilinear interpolation (RT's Film Simulation interpolates trilinearly) within 0.1.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="$ROOT/../shared/data"
LB="$ROOT/lutbridge"
T="$(mktemp -d /tmp/lutbridge-e2e-rt.XXXXXX)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
command -v rawtherapee-cli >/dev/null || { echo "FAIL: rawtherapee-cli is not installed (scripts/install-deps.sh)"; exit 1; }
"$LB" version >/dev/null

# rawtherapee-cli with private settings: rt OUT [args before -c] -- IN
rt() {
  local out="$1"; shift
  RT_SETTINGS="$T/rt-settings" RT_CACHE="$T/rt-cache" rawtherapee-cli -o "$out" -n -Y -a "$@" >>"$T/rt.log" 2>&1 \
    || { echo "FAIL: rawtherapee-cli"; tail -5 "$T/rt.log"; exit 1; }
}

check() { # check NAME LOOK PHOTO RT_OUTPUT OURS_OUTPUT HALD
  local name="$1" photo="$3" rtout="$4" ours="$5" hald="$6"
  rt "$T/$name-neutral.png" -c "$photo"
  echo "[$name] RawTherapee neutral vs input:";              "$LB" compare "$T/$name-neutral.png" "$photo" --max-mean 0.05
  echo "[$name] RawTherapee with the look vs lutbridge:";    "$LB" compare "$rtout" "$ours" --max-mean 1.5
  echo "[$name] RawTherapee with the look vs neutral:";      "$LB" compare "$rtout" "$T/$name-neutral.png" --min-mean 3
  "$LB" apply --lut "$hald" --in "$photo" --out "$T/$name-hald-trilinear.png" --interp trilinear
  echo "[$name] RawTherapee vs lutbridge apply of the same HaldCLUT, trilinear:"
  "$LB" compare "$rtout" "$T/$name-hald-trilinear.png" --max-mean 0.1
}

# 1. What a user does: export, then rawtherapee-cli -p with the partial profile.
LOOK1="$ROOT/tests/vectors/look/random1.look"      # many sliders at once, a strong look
PHOTO1="$DATA/photos/kodak_kodim23.png"
"$LB" export rawtherapee --look "$LOOK1" --cluts-dir "$T/cluts" --pp3 "$T/look1.pp3" 2>/dev/null >"$T/export.txt"
HALD1="$(sed -n 's/^HaldCLUT: //p' "$T/export.txt")"
grep -qx "ClutFilename=$HALD1" "$T/look1.pp3" || { echo "FAIL: the profile does not name the HaldCLUT"; exit 1; }
rt "$T/rt1.png" -p "$T/look1.pp3" -c "$PHOTO1"
"$LB" batch --look "$LOOK1" --in "$PHOTO1" --out "$T/ours1" --format png >/dev/null 2>&1
check look1 "$LOOK1" "$PHOTO1" "$T/rt1.png" "$T/ours1/kodak_kodim23.png" "$HALD1"

# 2. The batch engine: lutbridge drives rawtherapee-cli (its own HaldCLUT, profile and check).
LOOK2="$ROOT/tests/vectors/look/lut_kodak_portra_800.look"   # a film LUT as a Look
PHOTO2="$DATA/photos/kodak_kodim04.png"
"$LB" batch --look "$LOOK2" --in "$PHOTO2" --out "$T/rt2" --format png --engine rawtherapee >/dev/null 2>"$T/batch.log" \
  || { echo "FAIL: batch --engine rawtherapee"; cat "$T/batch.log"; exit 1; }
"$LB" batch --look "$LOOK2" --in "$PHOTO2" --out "$T/ours2" --format png >/dev/null 2>&1
"$LB" export rawtherapee --look "$LOOK2" --cluts-dir "$T/cluts" 2>/dev/null >"$T/export2.txt"
check look2 "$LOOK2" "$PHOTO2" "$T/rt2/kodak_kodim04.png" "$T/ours2/kodak_kodim04.png" "$(sed -n 's/^HaldCLUT: //p' "$T/export2.txt")"
echo PASS
