#!/usr/bin/env bash
# `lutbridge bench rpc` against a host started here: the C client library is found, every
# call succeeds and the JSON has the promised keys (numbers are printed, never asserted).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
dir=$(mktemp -d /tmp/lb-bench-XXXXXX)
./lutbridge serve --socket "$dir/host.sock" 2>"$dir/host.log" &
host=$!
trap 'kill $host 2>/dev/null; wait $host 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 300); do [ -S "$dir/host.sock" ] && break; sleep 0.1; done
[ -S "$dir/host.sock" ] || { cat "$dir/host.log"; echo "host did not start" >&2; exit 1; }
out=$(./lutbridge bench rpc --socket "$dir/host.sock" --clients 4 --calls 2000 --json)
echo "$out"
node -e '
  const r = JSON.parse(process.argv[1]);
  for (const k of ["p50_us", "p99_us", "calls_per_s", "loaded_p50_us", "loaded_p99_us"])
    if (!(typeof r[k] === "number" && r[k] > 0)) { console.error("bad " + k); process.exit(1); }
  if (!(r.p50_us <= r.p99_us)) { console.error("p50 > p99"); process.exit(1); }' "$out"
# Without the library the command says how to build it (exit 2).
set +e; msg=$(LUTBRIDGE_CLIENT_LIB=/nonexistent/liblutbridge_client.so ./lutbridge bench rpc --socket "$dir/host.sock" 2>&1); rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q "not found" <<<"$msg" || { echo "missing library: rc $rc, $msg" >&2; exit 1; }
echo "bench rpc: ok"
