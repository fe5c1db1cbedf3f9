# Shared by tests/e2e/darktable-gui-panel.sh and tests/bench/darktable-panel.sh: darktable's GUI
# under Xvfb with the panel installed in a private configdir, a private host, a seed Look, a
# foreign 33³ .cube and two copies of a photo; run_darktable SCENARIO [IMAGE] starts darktable
# with tests/e2e/darktable/panel_driver.lua in its luarc and answers the driver's requests with
# real X events (xdotool), screenshots (into $ART) and a kill -9 of the host.
# Source it after common.sh. Sets CFG, SEED, FOREIGN, ART, LUT_ROOT; E2E_EXTRA adds driver settings.
for tool in darktable xvfb-run import xdotool python3 bc; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (scripts/install-deps.sh)"; exit 1; }
done
build_plugin
ART="${ART:-$ROOT/build/test-artifacts/darktable-panel}"
rm -rf "$ART" && mkdir -p "$ART"

CFG="$T/cfg"
"$ROOT/lutbridge" install darktable --configdir "$CFG" >/dev/null
cp "$CFG/luarc" "$T/luarc.installed"
# The panel's client finds the host at $XDG_RUNTIME_DIR/lutbridge/host.sock: a private one here.
mkdir -p "$T/run/lutbridge" && chmod 700 "$T/run" "$T/run/lutbridge"
start_host "$T/run/lutbridge/host.sock"
echo "$HOST_PID" >"$T/host.pid"
SEED="$(LB_REPO="$ROOT" LB_CONFIG="$CFG/lua/lutbridge/config.lua" LB_SOCKET="$SOCKET" lua5.4 "$ROOT/tests/e2e/darktable/bake_seed.lua")"
FOREIGN="$T/velvia-33.cube"
"$ROOT/lutbridge" convert "$DATA/luts/creative/colorslide__fuji_velvia_100_generic.cube" "$FOREIGN" --size 33 >/dev/null
cp "$DATA/photos/kodak_kodim23.png" "$T/photo-lt.png"
cp "$DATA/photos/kodak_kodim23.png" "$T/photo-dr.png"
chmod u+w "$T"/photo-*.png
# A reference photo with a known grade (a bundled photo made warmer, faded and less saturated by
# words), and what `lutbridge match` makes of it without an input photo: the panel's reference
# source, clicked in lighttable with no image selected, must give the same Look.
# In darkroom the panel adapts the match to the image shown: the same as `match --in` that photo.
"$ROOT/lutbridge" prompt "much warmer, faded, less saturated" --out "$T/reference-grade.look" >/dev/null
"$ROOT/lutbridge" apply --lut "$T/reference-grade.look" --in "$ROOT/samples/photos/skimage_chelsea.png" --out "$T/reference.png" >/dev/null
"$ROOT/lutbridge" match --ref "$T/reference.png" --out "$T/reference-cli.look" --json "$T/reference-cli.json" >/dev/null
"$ROOT/lutbridge" match --ref "$T/reference.png" --in "$T/photo-dr.png" --out "$T/reference-dr-cli.look" --json "$T/reference-dr-cli.json" >/dev/null
REFERENCE_EXPECTED="$(python3 -c "import json, sys
def moved(path): return {m['name']: m['value'] for m in json.load(open(path))['moved']}
generic, adapted = moved(sys.argv[1]), moved(sys.argv[2])
print(f\"reference_black = {generic.get('black', 0):.6f}, reference_temperature = {generic.get('temperature', 0):.6f}, \"
      f\"reference_dr_black = {adapted.get('black', 0):.6f}, reference_dr_temperature = {adapted.get('temperature', 0):.6f}\")" \
  "$T/reference-cli.json" "$T/reference-dr-cli.json")"

cat >>"$CFG/darktablerc" <<RC
plugins/lighttable/lutbridge/expanded=TRUE
plugins/darkroom/lutbridge/expanded=TRUE
ui_last/view=lighttable
ui_last/window_x=0
ui_last/window_y=0
ui_last/window_w=1680
ui_last/window_h=1050
ui_last/maximized=true
plugins/lighttable/right/width=420
plugins/darkroom/left/width=420
ui/show_welcome_screen=false
write_sidecar_files=on import
RC

# One darktable run: SCENARIO [darktable's image argument]. Answers the driver's requests.
run_darktable() {
  local scenario="$1" image="${2:-}"
  rm -rf "$T/req" && mkdir -p "$T/req"
  { cat "$T/luarc.installed"
    echo "E2E = { dir = '$T', scenario = '$scenario', seed = '$SEED', foreign = '$FOREIGN', photo = '$T/photo-lt.png', reference = '$T/reference.png', $REFERENCE_EXPECTED, ${E2E_EXTRA:-} }"
    echo "dofile('$ROOT/tests/e2e/darktable/panel_driver.lua')"; } >"$CFG/luarc"
  cat >"$T/gui.sh" <<GUI
darktable --configdir "$CFG" --cachedir "$T/cache" --library "$T/library-$scenario.db" -d lua ${DT_EXTRA_ARGS:-} $image >"$T/dt-$scenario.log" 2>&1 &
pid=\$!
quit_at=""
started_at=\$(date +%s)
while kill -0 \$pid 2>/dev/null; do
  # darktable 4.2 can deadlock at start-up before any script runs far (dt_init waiting for the
  # Lua lock while a Lua call waits for the GUI loop that has not started; seen under heavy
  # load): keep the stacks, stop it, let run_darktable try once more.
  # The deadlock has a signature: the main thread still in dt_init waiting for the Lua lock
  # while the thread holding it (darktable's own luarc registering a preference, before ours
  # runs) waits for the GTK main loop, which cannot start. Looked for once after 30 s (it never
  # resolves); anything else slow gets the full 120 s.
  if ! grep -aq "panel registered" "$T/dt-$scenario.log"; then
    waited=\$((\$(date +%s) - started_at))
    if [ \$waited -gt 30 ] && [ ! -f "$T/start-bt-$scenario.txt" ]; then
      gdb -p \$pid -batch -ex "thread apply all bt" >"$T/start-bt-$scenario.txt" 2>&1 || true
      if grep -q dt_lua_gtk_wrap_callback "$T/start-bt-$scenario.txt" \\
         && sed -n '/^Thread 1 /,\$p' "$T/start-bt-$scenario.txt" | grep -q "dt_lua_lock_internal" \\
         && sed -n '/^Thread 1 /,\$p' "$T/start-bt-$scenario.txt" | grep -q "dt_init"; then
        echo hung >"$T/start-hung-$scenario"; kill -9 \$pid; break
      fi
    fi
    if [ \$waited -gt 120 ]; then
      gdb -p \$pid -batch -ex "thread apply all bt" >"$T/start-bt-$scenario.txt" 2>&1 || true
      echo hung >"$T/start-hung-$scenario"; kill -9 \$pid; break
    fi
  fi
  for req in \$(ls "$T/req" 2>/dev/null | grep -E '^[0-9]+\$'); do
    [ -f "$T/req/\$req.done" ] && continue
    read -r verb a b <"$T/req/\$req"
    case "\$verb" in
      click) xdotool mousemove \$a \$b sleep 0.1 click 1 ;;
      doubleclick) xdotool mousemove \$a \$b sleep 0.1 click --repeat 2 --delay 60 1 ;;
      shot) sleep 0.7; import -window root "$ART/$scenario-\$a.png" ;;
      killhost) kill -9 "\$(cat "$T/host.pid")" ;;
      quit) sleep 0.5; import -window root "$ART/$scenario-final.png"
            xdotool mousemove 840 500 sleep 0.2 key ctrl+q; quit_at=\$(date +%s.%N) ;;
    esac
    touch "$T/req/\$req.done"
  done
  # Past 10 s the stacks are kept (a hang shows there); past 30 s it counts as hung.
  if [ -n "\$quit_at" ] && [ ! -f "$T/quit-bt-$scenario.txt" ] && [ "\$(echo "\$(date +%s.%N) - \$quit_at > 10" | bc)" = 1 ]; then
    gdb -p \$pid -batch -ex "thread apply all bt" >"$T/quit-bt-$scenario.txt" 2>&1 || true
  fi
  if [ -n "\$quit_at" ] && [ "\$(echo "\$(date +%s.%N) - \$quit_at > 30" | bc)" = 1 ]; then
    echo "darktable did not quit within 30 s of ctrl+q" >"$T/quit-failed-$scenario"; kill -9 \$pid; break
  fi
  sleep 0.05
done
wait \$pid; echo "exit \$?" >"$T/exit-$scenario"
[ -n "\$quit_at" ] && echo "\$(date +%s.%N) - \$quit_at" | bc >"$T/quit-time-$scenario"
GUI
  XDG_RUNTIME_DIR="$T/run" timeout 300 xvfb-run -a -s "-screen 0 1680x1050x24" bash "$T/gui.sh" || true
  if [ -f "$T/start-hung-$scenario" ] && [ -z "${RETRIED:-}" ]; then
    echo "note: darktable hung at start-up before the panel registered ($scenario); stacks: $T/start-bt-$scenario.txt; trying once more"
    cp "$T/start-bt-$scenario.txt" "$ART/start-hang-$scenario.txt" 2>/dev/null || true
    rm -f "$T/start-hung-$scenario" "$T/start-bt-$scenario.txt" "$T/library-$scenario.db"*
    RETRIED=1 run_darktable "$scenario" "$image"
  fi
}

# The host the panel started itself after the kill is stopped by its socket.
stop_restarted_host() {
  local pid
  pid="$(ss -xlpn 2>/dev/null | grep -F "$T/run/lutbridge/host.sock" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)"
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
}
trap 'stop_restarted_host; cleanup' EXIT

LUT_ROOT="$(grep -a '^plugins/darkroom/lut3d/def_path=' "$CFG/darktablerc" | cut -d= -f2-)"
