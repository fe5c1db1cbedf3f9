#!/usr/bin/env bash
# Runs every LutBridge test: C# (xunit), C (ctest, built with ASan+UBSan) and end-to-end
# scripts in tests/e2e/. Installs what it needs first. Ends with "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -d ../shared/data ] || { echo "error: ../shared/data (the shared test data) is missing" >&2; exit 1; }
bash scripts/install-deps.sh || { echo "error: installing dependencies failed" >&2; exit 1; }
bash scripts/build.sh || { echo "error: build failed" >&2; exit 1; }

passed=0; failed=0; failures=()
log_dir="$root/build/test-logs"; mkdir -p "$log_dir"

echo "==> C# tests"
dotnet test LutBridge.sln -nologo 2>&1 | tee "$log_dir/dotnet.log"
dotnet_rc=${PIPESTATUS[0]}
while read -r f p; do failed=$((failed + f)); passed=$((passed + p)); done < <(
  sed -nE 's/.*Failed:[[:space:]]*([0-9]+), Passed:[[:space:]]*([0-9]+).*/\1 \2/p' "$log_dir/dotnet.log")
if [ "$dotnet_rc" -ne 0 ] && ! grep -qE 'Failed:[[:space:]]*[1-9]' "$log_dir/dotnet.log"; then
  failed=$((failed + 1)); failures+=("dotnet test (exit $dotnet_rc)")
fi

echo "==> C tests (ASan + UBSan)"
if cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DLUTBRIDGE_SANITIZE=ON -DLUTBRIDGE_FUZZ=ON >/dev/null \
   && cmake --build build-asan -j"$(nproc)" >"$log_dir/cmake-asan.log" 2>&1; then
  (cd build-asan && ctest --output-on-failure -j2) 2>&1 | tee "$log_dir/ctest.log"
  ctest_rc=${PIPESTATUS[0]}
  read -r cp cf < <(sed -nE 's/.*tests passed, ([0-9]+) tests failed out of ([0-9]+).*/\2 \1/p' "$log_dir/ctest.log" | awk '{print $1-$2, $2}')
  passed=$((passed + ${cp:-0})); failed=$((failed + ${cf:-0}))
  [ "$ctest_rc" -ne 0 ] && [ "${cf:-0}" -eq 0 ] && { failed=$((failed + 1)); failures+=("ctest (exit $ctest_rc)"); }
else
  cat "$log_dir/cmake-asan.log"; failed=$((failed + 1)); failures+=("C build with sanitizers")
fi

echo "==> end-to-end tests"
for t in tests/e2e/*.sh; do
  [ -e "$t" ] || continue
  name=$(basename "$t" .sh)
  echo "--- $name"
  if bash "$t" >"$log_dir/e2e-$name.log" 2>&1; then
    passed=$((passed + 1)); echo "    ok"
  else
    failed=$((failed + 1)); failures+=("e2e $name"); echo "    FAILED (log: build/test-logs/e2e-$name.log)"; tail -n 30 "$log_dir/e2e-$name.log"
  fi
done

# The Slurm tests started a one-node cluster (scripts/slurm-local.sh); leave no daemons behind.
bash scripts/slurm-local.sh stop >/dev/null 2>&1 || true

echo
for f in "${failures[@]}"; do echo "failed: $f"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
