#!/usr/bin/env bash
# The darktable panel's sources (words, before/after pair, reference photo) clicked through the
# panel's own modules and session against a real host and the landed engines (plain lua5.4;
# the GUI run is darktable-gui-panel.sh). Issue 22: the sources against the engines.
source "$(dirname "$0")/darktable/common.sh"
build_plugin
"$ROOT/lutbridge" install darktable --configdir "$T/cfg" >/dev/null
mkdir -p "$T/run" && chmod 700 "$T/run"
start_host "$T/run/host.sock"
trap cleanup EXIT
# A pair whose grade is known: a bundled photo and the same photo made warmer by a Look.
"$ROOT/lutbridge" prompt "much warmer" --out "$T/warm.look" >/dev/null
"$ROOT/lutbridge" apply --lut "$T/warm.look" --in "$ROOT/samples/photos/skimage_chelsea.png" --out "$T/after.png" >/dev/null
# A small style library: the bundled LUTs and the warm Look, indexed as a user would.
mkdir -p "$T/library" && cp "$ROOT/samples/luts/"* "$T/warm.look" "$T/library/"
"$ROOT/lutbridge" library add "$T/library" >/dev/null
LB_REPO="$ROOT" LB_CONFIG="$T/cfg/lua/lutbridge/config.lua" LB_SOCKET="$SOCKET" LB_LIBRARY="$T/library" \
  LB_BEFORE="$ROOT/samples/photos/skimage_chelsea.png" LB_AFTER="$T/after.png" LB_INPUT="$ROOT/samples/photos/skimage_coffee.png" \
  timeout 600 lua5.4 "$ROOT/tests/e2e/darktable/panel_sources.lua"
