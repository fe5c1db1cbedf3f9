#!/usr/bin/env bash
# Builds the C# host (CLI in build/cli) and the native plugin (build/plugin-c).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
echo "==> building the C# host"
dotnet build host/LutBridge.Cli/LutBridge.Cli.csproj -c Release -o build/cli -nologo -v q -clp:NoSummary
touch build/cli/lutbridge.dll
echo "==> building the native plugin"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
