#!/usr/bin/env bash
# Responsiveness of the darktable panel. Prints numbers; no asserts.
#   1. plain lua5.4 driving the panel's session as panel.lua does: a foreign 33³ .cube -> sliders
#      (cold: the session starts the host; warm), reopen, one slider change -> LUT + style;
#   2. darktable's GUI under Xvfb started on a photo (darkroom): slider settled -> centre image
#      updated (median over ROUNDS moves; target <= 300 ms) and TRIALS rapid change-and-switch
#      trials (a slider, at once a page switch and a slider there; target: none lost); the same
#      rounds of darktable's own exposure slider are the peer (the printed ratio), and the
#      panel's time is split into slider -> LUT baked (host) and darktable's part (the live
#      lut3d preset applied, pixelpipe); without the live hook: style import, style action,
#      history compression, pixelpipe. DT_EXTRA_ARGS="-d perf" adds darktable's per-module
#      timings to the kept log (KEEP=1 keeps the temp folder).
# Usage: bash tests/bench/darktable-panel.sh [rounds] [trials]   (defaults 10, 20)
source "$(dirname "$0")/../e2e/darktable/common.sh"
ROUNDS="${1:-10}" TRIALS="${2:-20}"
build_plugin
"$ROOT/lutbridge" install darktable --configdir "$T/bench-cfg" >/dev/null
export LB_REPO="$ROOT" LB_CONFIG="$T/bench-cfg/lua/lutbridge/config.lua" LB_ROUNDS="$ROUNDS"
# The issue's case: a 33³ .cube from elsewhere (G'MIC's Velvia, resampled to 33³).
export LB_FOREIGN="$T/velvia-bench.cube"
"$ROOT/lutbridge" convert "$DATA/luts/creative/colorslide__fuji_velvia_100_generic.cube" "$LB_FOREIGN" --size 33 >/dev/null

# Cold: nobody listens on the socket; the session's connect starts `lutbridge serve`.
COLD="$T/cold.sock"
LB_MODE=cold LB_SOCKET="$COLD" lua5.4 "$ROOT/tests/bench/darktable-panel.lua"
cold_pid="$(ss -xlpn 2>/dev/null | grep -F "$COLD" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)"
[ -n "$cold_pid" ] && kill "$cold_pid" 2>/dev/null || true

# The GUI part sets up its own host (start_host) and darktable configuration.
ART="$ROOT/build/test-artifacts/darktable-panel-bench"
E2E_EXTRA="rounds = $ROUNDS, trials = $TRIALS"
source "$ROOT/tests/e2e/darktable/gui.sh"
# Warm: a host that has been up a moment has run its start-up warm-up (no JIT left on the path).
for _ in $(seq 1 200); do grep -q "engines warmed up" "$T/host.log" && break; sleep 0.1; done
grep -h "engines warmed up" "$T/host.log" || echo "note: the host did not report its warm-up"
LB_MODE=warm LB_SOCKET="$SOCKET" lua5.4 "$ROOT/tests/bench/darktable-panel.lua"

run_darktable bench "$T/photo-dr.png"
grep -a "\[e2e\] BENCH\|\[e2e\] scenario" "$T/dt-bench.log" | sed 's/.*\[e2e\] //'
