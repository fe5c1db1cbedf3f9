# Shared by tests/e2e/darktable-*.sh: repository paths, a temp folder, the Release plugin
# build, a private LutBridge host. Source it; it sets ROOT, T (temp dir, removed on exit).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
DATA="$ROOT/../shared/data"
T="$(mktemp -d /tmp/lutbridge-e2e-dt.XXXXXX)"
HOST_PID=""
cleanup() {
  if [ -n "$HOST_PID" ]; then kill "$HOST_PID" 2>/dev/null || true; wait "$HOST_PID" 2>/dev/null || true; fi
  [ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
for tool in darktable-cli lua5.4 cmake; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (scripts/install-deps.sh)"; exit 1; }
done

# The Lua module must come from the Release build: darktable cannot load an ASan build.
build_plugin() {
  cmake -S "$ROOT" -B "$ROOT/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$ROOT/build" --target lutbridge_lua -j2 >/dev/null
  test -f "$ROOT/build/plugin-c/lua/lutbridge.so"
}

# Starts `lutbridge serve` on $T/host.sock (or the path given) and waits until it answers.
start_host() {
  SOCKET="${1:-$T/host.sock}"
  "$ROOT/lutbridge" version >/dev/null   # builds the CLI first when needed, outside the timing
  "$ROOT/lutbridge" serve --socket "$SOCKET" >"$T/host.log" 2>&1 &
  HOST_PID=$!
  for _ in $(seq 1 300); do [ -S "$SOCKET" ] && return 0; sleep 0.1; done
  echo "FAIL: the host did not start"; cat "$T/host.log"; exit 1
}

# darktable-cli with a private configdir: [STYLE=name] dtcli CONFIGDIR IN OUT [core args: --conf, --luacmd...]
dtcli() {
  local cfg="$1" in="$2" out="$3"; shift 3
  local style=()
  [ -n "${STYLE:-}" ] && style=(--style "$STYLE")
  darktable-cli "$in" "$out" "${style[@]}" --apply-custom-presets false --core --configdir "$cfg" --cachedir "$cfg/cache" \
    --conf plugins/imageio/storage/disk/overwrite=1 --conf write_sidecar_files=never "$@"
}
