#!/usr/bin/env bash
# Bake speed of the Look evaluator, C (plugin-c/look, Release, one thread) against C#
# (LookProcessor on one thread, and LookBaker on all cores), same .look, same run.
# Usage: bash tests/bench/look-c-vs-cs.sh [LOOK_FILE]   (default: the busiest shared vector)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
look="${1:-tests/vectors/look/shaper_residual.look}"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target look_bench >/dev/null
dotnet build tests/bench/LookBench -c Release -nologo -v q >/dev/null
c_out=$(build/plugin-c/look/look_bench "$look")
cs_out=$(dotnet tests/bench/LookBench/bin/Release/net10.0/LookBench.dll "$look")
echo "Look: $look"
printf '%-6s %12s %16s %18s %14s\n' size "C 1 thread" "C# 1 thread" "C# all cores" "C# / C (1 th)"
for n in 17 33 65; do
  c=$(awk -v n="$n" '$2 == n"^3:" {print $3}' <<<"$c_out")
  s=$(awk -v n="$n" '$2 == n"^3:" {print $3}' <<<"$cs_out")
  p=$(awk -v n="$n" '$2 == n"^3:" {print $7}' <<<"$cs_out")
  printf '%-6s %9.2f ms %13.2f ms %15.2f ms %13.2fx\n' "$n^3" "$c" "$s" "$p" "$(awk -v a="$s" -v b="$c" 'BEGIN {print a / b}')"
done
