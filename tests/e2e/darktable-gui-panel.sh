#!/usr/bin/env bash
# darktable's GUI under Xvfb, in lighttable, with the panel installed by
# `lutbridge install darktable --configdir` into a private configdir. A second luarc line
# (the test's) opens a LutBridge .cube in the panel and moves one slider, as a user would.
# Checks: darktable's log (-d lua) shows the C module loaded and the panel registered, the
# reopened Look reached the sliders, the slider move was noticed, baked by the host and the
# style re-imported into darktable; a screenshot of the screen is kept as
# build/test-artifacts/darktable-panel.png, then darktable must quit within 15 s (the panel's
# background job must not hold it). Bounded: darktable gets at most 110 s.
source "$(dirname "$0")/darktable/common.sh"
for tool in darktable xvfb-run import; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (scripts/install-deps.sh)"; exit 1; }
done
build_plugin
ARTIFACT="$ROOT/build/test-artifacts/darktable-panel.png"
mkdir -p "$(dirname "$ARTIFACT")"
rm -f "$ARTIFACT"

CFG="$T/cfg"
"$ROOT/lutbridge" install darktable --configdir "$CFG" >/dev/null
# The panel's client finds the host at $XDG_RUNTIME_DIR/lutbridge/host.sock: a private one here.
mkdir -p "$T/run/lutbridge" && chmod 700 "$T/run"
start_host "$T/run/lutbridge/host.sock"
SEED="$(LB_REPO="$ROOT" LB_CONFIG="$CFG/lua/lutbridge/config.lua" LB_SOCKET="$SOCKET" lua5.4 "$ROOT/tests/e2e/darktable/bake_seed.lua")"
echo "seed LUT: $SEED"

# Open the panel expanded; skip the first-run dialogs. The test's own luarc line drives the panel.
cat >>"$CFG/darktablerc" <<RC
plugins/lighttable/lutbridge/expanded=TRUE
ui_last/view=lighttable
ui_last/window_x=0
ui_last/window_y=0
ui_last/window_w=1680
ui_last/window_h=1050
ui_last/maximized=true
plugins/lighttable/right/width=420
ui/show_welcome_screen=false
RC
cat >>"$CFG/luarc" <<LUA
local dt = require "darktable"
local panel = require "lutbridge.panel"
dt.print_log("[lutbridge-e2e] open " .. tostring(panel.open("$SEED")) .. " exposure=" .. tostring(panel.sliders.exposure.value))
panel.sliders.contrast.value = 0.35 -- a user moving a slider
-- darktable ignores SIGTERM: the test quits it as a user would (ctrl+q) once the screenshot is taken.
dt.control.dispatch(function()
  while not io.open("$T/quit") do dt.control.sleep(200) end
  dt.gui.action("global/quit", 0, "", "", 1.0)
end)
LUA

cat >"$T/gui.sh" <<GUI
darktable --configdir "$CFG" --cachedir "$T/cache" --library :memory: -d lua >"$T/dt.log" 2>&1 &
pid=\$!
for _ in \$(seq 1 100); do
  [ "\$(grep -ac 'style imported' "$T/dt.log")" -ge 2 ] && break
  kill -0 \$pid 2>/dev/null || break
  sleep 1
done
sleep 2   # let GTK draw the final state
import -window root "$ARTIFACT"
touch "$T/quit"
for _ in \$(seq 1 150); do kill -0 \$pid 2>/dev/null || break; sleep 0.1; done
if kill -0 \$pid 2>/dev/null; then echo "darktable did not quit within 15 s" >"$T/quit-failed"; kill -9 \$pid; fi
wait \$pid || true
GUI
XDG_RUNTIME_DIR="$T/run" timeout 110 xvfb-run -a -s "-screen 0 1680x1050x24" bash "$T/gui.sh" || true
LOG="$T/dt.log"
grep -a "lutbridge" "$LOG" || true

fail() { echo "FAIL: $1"; echo "--- darktable log:"; cat "$LOG"; exit 1; }
grep -aq "LUA ERROR" "$LOG" && fail "a Lua error in darktable's log"
grep -aq "\[lutbridge\] panel registered (module loaded, [0-9]* sliders)" "$LOG" || fail "the panel did not register with the C module loaded"
grep -aq "\[lutbridge-e2e\] open true exposure=0.3" "$LOG" || fail "the reopened Look did not reach the sliders"
[ "$(grep -ac 'style imported: LutBridge: seed' "$LOG")" -ge 2 ] || fail "the slider move was not baked and re-imported as a style"
LAST="$(grep -a 'style imported: LutBridge: seed' "$LOG" | tail -1 | sed 's/.*-> //')"
[ -f "$LAST" ] && [ "$LAST" != "$SEED" ] || fail "the re-baked LUT $LAST is missing or is the seed"
# The re-baked .cube carries the Look with the moved slider (contrast) and the seed's exposure.
lua5.4 -e "package.cpath = '$ROOT/build/plugin-c/lua/?.so;' .. package.cpath
  local lb, S = require 'lutbridge', dofile('$ROOT/plugin-c/lua/lutbridge_session.lua')
  local s = S.new { lb = lb, config = dofile('$CFG/lua/lutbridge/config.lua') }
  local f = assert(io.open('$LAST')); s:load_look(assert(lb.look_from_cube_text(f:read('a'))), '$LAST'); f:close()
  print(string.format('re-baked Look: exposure %.3f contrast %.3f', s:value('exposure'), s:value('contrast')))
  assert(math.abs(s:value('contrast') - 0.35) < 0.02 and math.abs(s:value('exposure') - 0.3) < 0.02, 'wrong Look in the re-baked LUT')" \
  || fail "the re-baked LUT does not carry the moved slider"
# darktable's own log clock: the slider was moved right after the "open" line.
awk '/\[lutbridge-e2e\] open/ {t0 = $1} /style imported: LutBridge: seed/ {t1 = $1}
     END {printf "slider move -> noticed, baked by the host, style re-imported in darktable: %.0f ms\n", (t1 - t0) * 1000}' "$LOG"
[ -s "$ARTIFACT" ] || fail "no screenshot"
[ ! -f "$T/quit-failed" ] || fail "$(cat "$T/quit-failed") (the panel's background job must not hold it)"
echo "screenshot: $ARTIFACT"
echo PASS
