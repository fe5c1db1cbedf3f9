#!/usr/bin/env bash
# darktable-cli runs our plugin (--luacmd requires lutbridge.so and the panel's session from
# the build tree), which asks a running host to bake a Look, writes the lut3d style and
# imports it; darktable exports a photo with that style. Checks: the export matches
# `lutbridge apply` of the same baked LUT within mean ΔE00 <= 1, and differs clearly
# (mean ΔE00 >= 3) from a neutral darktable export of the same photo.
# Fair comparison: an 8-bit sRGB PNG in, sRGB PNG out; darktable's input and output profiles
# are sRGB (its defaults for such a file, no other module changes it: the neutral export is
# checked to equal the input), and lut3d runs in its "sRGB" colour space with tetrahedral
# interpolation, i.e. on the same display-referred values `lutbridge apply` sees.
source "$(dirname "$0")/darktable/common.sh"
build_plugin
PHOTO="$DATA/photos/kodak_kodim23.png"

"$ROOT/lutbridge" install darktable --configdir "$T/cfg" >/dev/null
start_host
DEF_PATH="$T/cfg/lutbridge/luts"

STYLE="LutBridge: e2e-look" LB_REPO="$ROOT" LB_CONFIG="$T/cfg/lua/lutbridge/config.lua" LB_SOCKET="$SOCKET" LB_RESULT="$T/result.txt" \
  dtcli "$T/cfg" "$PHOTO" "$T/darktable.png" --conf "plugins/darkroom/lut3d/def_path=$DEF_PATH" \
  --luacmd "dofile('$ROOT/tests/e2e/darktable/export_look.lua')" >"$T/dt.log" 2>&1 \
  || { echo "FAIL: darktable-cli"; cat "$T/dt.log"; exit 1; }
LUT="$(sed -n 1p "$T/result.txt")"
echo "baked LUT: $LUT"
grep -q '^# LUTBRIDGE-LOOK v1 ' "$LUT" || { echo "FAIL: the baked .cube does not carry its Look"; exit 1; }

dtcli "$T/cfg-neutral" "$PHOTO" "$T/neutral.png" >"$T/dt-neutral.log" 2>&1
"$ROOT/lutbridge" apply --lut "$LUT" --in "$PHOTO" --out "$T/ours.png" >/dev/null

echo "neutral darktable export vs input:"
"$ROOT/lutbridge" compare "$T/neutral.png" "$PHOTO" --max-mean 0.05
echo "darktable with the look vs lutbridge apply:"
"$ROOT/lutbridge" compare "$T/darktable.png" "$T/ours.png" --max-mean 1
echo "darktable with the look vs neutral darktable export:"
"$ROOT/lutbridge" compare "$T/darktable.png" "$T/neutral.png" --min-mean 3
echo PASS
