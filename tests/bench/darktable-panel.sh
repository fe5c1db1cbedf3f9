#!/usr/bin/env bash
# Responsiveness of the darktable panel's calls (issue 5), driving its Lua session under
# plain lua5.4 as panel.lua does: cold (the session starts the host itself), then warm.
# Prints the numbers; no asserts. Usage: bash tests/bench/darktable-panel.sh [rounds]
source "$(dirname "$0")/../e2e/darktable/common.sh"
build_plugin
"$ROOT/lutbridge" install darktable --configdir "$T/cfg" >/dev/null
export LB_REPO="$ROOT" LB_CONFIG="$T/cfg/lua/lutbridge/config.lua" LB_ROUNDS="${1:-10}"
# The issue's case: a 33³ .cube from elsewhere (G'MIC's Velvia, resampled to 33³).
export LB_FOREIGN="$T/velvia-33.cube"
"$ROOT/lutbridge" convert "$DATA/luts/creative/colorslide__fuji_velvia_100_generic.cube" "$LB_FOREIGN" --size 33 >/dev/null

# Cold: nobody listens on the socket; the session's connect starts `lutbridge serve`.
COLD="$T/cold.sock"
LB_MODE=cold LB_SOCKET="$COLD" lua5.4 "$ROOT/tests/bench/darktable-panel.lua"
cold_pid="$(ss -xlpn 2>/dev/null | grep -F "$COLD" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)"
[ -n "$cold_pid" ] && kill "$cold_pid" 2>/dev/null || true

start_host
# Warm: a host that has been up a moment has run its start-up warm-up (no JIT left on the path).
for _ in $(seq 1 200); do grep -q "engines warmed up" "$T/host.log" && break; sleep 0.1; done
grep -h "engines warmed up" "$T/host.log" || echo "note: the host did not report its warm-up"
LB_MODE=warm LB_SOCKET="$SOCKET" lua5.4 "$ROOT/tests/bench/darktable-panel.lua"
