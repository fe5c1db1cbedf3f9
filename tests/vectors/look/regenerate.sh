#!/usr/bin/env bash
# Rewrites the shared Look vectors from the current C# code (after an intended change of
# the Look or its file format), then checks them. The C side is checked by
# `ctest -R look` in build-asan.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
LUTBRIDGE_WRITE_LOOK_VECTORS=1 dotnet test tests/LutBridge.Engines.Tests -nologo -v q \
  --filter "FullyQualifiedName~LookVectorTests.CommittedVectorsAreWhatTheCurrentCodeWrites"
dotnet test tests/LutBridge.Engines.Tests -nologo -v q --filter "FullyQualifiedName~LookVectorTests"
