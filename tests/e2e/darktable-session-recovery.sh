#!/usr/bin/env bash
# The darktable panel's session (plain lua5.4, lutbridge.so from the Release build) when its
# host dies: a call in flight and a call after the death are each retried once on a new host
# started on demand; a host that cannot start fails once, clearly (issue 19 item 12).
source "$(dirname "$0")/darktable/common.sh"
build_plugin
"$ROOT/lutbridge" install darktable --configdir "$T/cfg" >/dev/null
mkdir -p "$T/run" && chmod 700 "$T/run"
export LUTBRIDGE_TEST_METHODS=1
start_host "$T/run/host.sock"
stop_restarted() {
  local pid
  pid="$(ss -xlpn 2>/dev/null | grep -F "$T/run/host.sock" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)"
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
}
trap 'stop_restarted; cleanup' EXIT
LB_REPO="$ROOT" LB_CONFIG="$T/cfg/lua/lutbridge/config.lua" LB_SOCKET="$SOCKET" timeout 200 lua5.4 "$ROOT/tests/e2e/darktable/session_recovery.lua"
