#!/usr/bin/env bash
# Builds the CLI (and the host it serves) into build/cli, ahead-of-time compiled (ReadyToRun):
# a one-off command such as `lutbridge prompt` or a host the darktable panel starts on demand
# spends most of its first 100 ms compiling code otherwise. Framework-dependent (the machine's
# .NET 10 runs it); the crossgen package comes from the NuGet registry at restore.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet publish "$root/host/LutBridge.Cli/LutBridge.Cli.csproj" -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true -o "$root/build/cli" -nologo -v q -clp:NoSummary
touch "$root/build/cli/lutbridge.dll"
