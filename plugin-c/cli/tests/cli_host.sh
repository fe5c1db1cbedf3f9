#!/usr/bin/env bash
# lutbridge-c against a real host it starts on demand: ping, call with JSON arguments,
# progress on stderr, errors as "name (code): message" with exit 1, usage errors exit 2.
set -euo pipefail
cli="$1"; root="$2"
dir=$(mktemp -d /tmp/lb-cli-XXXXXX)
sock="$dir/run/host.sock"
export LUTBRIDGE_HOST_CMD="$root/lutbridge" LUTBRIDGE_TEST_METHODS=1
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Nobody listens and --no-start: a connect error, exit 1.
set +e; out=$("$cli" --socket "$sock" --no-start ping 2>&1); rc=$?; set -e
[ "$rc" -eq 1 ] || fail "--no-start without host: exit $rc"
grep -q "client_connect (100)" <<<"$out" || fail "no client_connect error: $out"

[ "$("$cli" --socket "$sock" ping)" = "pong" ] || fail "ping (host started on demand)"
pid=$("$cli" --socket "$sock" call version | sed -nE 's/.*"pid":([0-9]+).*/\1/p')
[ -n "$pid" ] || fail "version has no pid"

info=$("$cli" --socket "$sock" call lut.info "[\"$root/samples/luts/Colour_Correct.cube\"]")
grep -q '"size":4' <<<"$info" || fail "lut.info: $info"

err=$("$cli" --socket "$sock" --progress call test.wait '[200]' 2>&1 >/dev/null)
grep -q "progress [0-9]* 1.000 waiting" <<<"$err" || fail "no final progress line: $err"

set +e; out=$("$cli" --socket "$sock" call no.such '[]' 2>&1); rc=$?; set -e
[ "$rc" -eq 1 ] || fail "unknown method: exit $rc"
grep -q "method_not_found (3): .*no.such" <<<"$out" || fail "unknown method message: $out"

set +e; out=$("$cli" --socket "$sock" --timeout 200 call test.wait '[20000]' 2>&1); rc=$?; set -e
[ "$rc" -eq 1 ] && grep -q "client_timeout (101)" <<<"$out" || fail "timeout: exit $rc, $out"

set +e; "$cli" --socket "$sock" bogus >/dev/null 2>&1; rc=$?; set -e
[ "$rc" -eq 2 ] || fail "usage error: exit $rc"

# The host dies under a call (kill -9): lutbridge-c starts a new one and retries once (issue 19).
err="$dir/retry.err"
"$cli" --socket "$sock" call test.wait '[1500]' >"$dir/retry.out" 2>"$err" &
caller=$!
sleep 0.5
kill -KILL "$pid"
wait "$caller" || fail "the call did not survive the host's death: $(cat "$err")"
grep -qE '"waited_ms":1[5-9][0-9]{2}' "$dir/retry.out" || fail "retried call answered: $(cat "$dir/retry.out")"
grep -q "the host stopped during the call" "$err" || fail "no retry note on stderr: $(cat "$err")"
pid=$("$cli" --socket "$sock" call version | sed -nE 's/.*"pid":([0-9]+).*/\1/p')
[ -n "$pid" ] || fail "no new host after the retry"

kill -TERM "$pid"; pid=""
for _ in $(seq 100); do [ -e "$sock" ] || break; sleep 0.1; done
[ ! -e "$sock" ] || fail "socket still there after SIGTERM"
echo "lutbridge-c against a real host: ok"
