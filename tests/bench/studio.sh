#!/usr/bin/env bash
# Studio latency in Debian's chromium (Playwright, headless, software WebGL): slider move → updated
# 2 MP preview, median of 10 moves, the WebGL path against the server-JPEG path as its peer in the
# same run; and a 24 MP JPEG chosen → first graded preview. Release build. Prints numbers only
# (and the load average: on a busy 2-core machine every number is mostly waiting for a core).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
dotnet test tests/LutBridge.Studio.Tests -c Release -nologo \
  --filter "FullyQualifiedName~StudioBrowserTests|FullyQualifiedName~24MP" \
  --logger "console;verbosity=detailed" -- xUnit.ParallelizeTestCollections=false 2>&1 | grep -E '^studio: (slider|a 6000)|Failed ' || true
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
