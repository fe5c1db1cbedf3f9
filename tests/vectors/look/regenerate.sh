#!/usr/bin/env bash
# Rewrites the shared Look vectors from the current C# code (after an intended change of
# the Look or its file format), then checks them. The C side is checked by
# `ctest -R look` in build-asan.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
# The fitted vectors need the decomposer, so the rewrite runs in Engines.Tests; the check in Looks.Tests.
LUTBRIDGE_WRITE_LOOK_VECTORS=1 dotnet test tests/LutBridge.Engines.Tests -nologo -v q --filter "FullyQualifiedName~LookVectorFitTests"
dotnet test tests/LutBridge.Looks.Tests -nologo -v q --filter "FullyQualifiedName~LookVectorTests"
