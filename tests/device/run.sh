#!/usr/bin/env bash
# On a machine with an NVIDIA GPU (when one is lent; CI never has one): builds the GPU flavour
# (Microsoft.ML.OnnxRuntime.Gpu.Linux), runs the neural tests on it and the models benchmark.
# Without CUDA 13 + cuDNN 9 libraries the provider cannot load: the tests then check the CPU
# fallback, and the benchmark says "cuda: not measured" with the reason.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "no nvidia-smi: no GPU visible"
dotnet build host/LutBridge.Cli/LutBridge.Cli.csproj -c Release -o build/cli -nologo -v q -p:LutBridgeGpu=true
dotnet test tests/LutBridge.Neural.Tests -nologo -p:LutBridgeGpu=true
RUNS=10 bash tests/bench/models.sh --json
