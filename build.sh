#!/usr/bin/env bash
# Builds everything and publishes the two executables with NativeAOT:
#   artifacts/bin/clockbound     the daemon
#   artifacts/bin/clockboundctl  the CLI
# Usage: ./build.sh [--jit]   (--jit: framework-dependent single builds, faster to produce)
set -euo pipefail
cd "$(dirname "$0")"

case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64|arm64) rid=linux-arm64 ;;
  *) echo "build.sh: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac

mode=aot
[ "${1:-}" = "--jit" ] && mode=jit

out=artifacts/bin
# Start clean: a previous --jit build leaves assemblies an AOT binary must not sit beside.
rm -rf "$out" artifacts/publish
mkdir -p "$out"
dotnet build ClockBound.slnx -c Release -nologo -v quiet
# The solution build compiled every library (they are RID-agnostic); a publish compiles only its
# executable again, for the RID the native link needs, and takes the libraries as built
# (BuildProjectReferences=false) instead of walking and re-checking them a second and third time.
for project in ClockBound.Daemon ClockBound.Ctl; do
  if [ "$mode" = aot ]; then
    dotnet publish "src/$project" -c Release -r "$rid" -nologo -v quiet -p:BuildProjectReferences=false -o "artifacts/publish/$project"
  else
    dotnet publish "src/$project" -c Release -r "$rid" -nologo -v quiet -p:BuildProjectReferences=false --self-contained false -p:PublishAot=false -o "artifacts/publish/$project"
  fi
done
cp -f artifacts/publish/ClockBound.Daemon/clockbound "$out/clockbound"
cp -f artifacts/publish/ClockBound.Ctl/clockboundctl "$out/clockboundctl"
if [ "$mode" = jit ]; then
  # Framework-dependent apphosts need their managed assemblies beside them.
  cp -f artifacts/publish/ClockBound.Daemon/*.dll artifacts/publish/ClockBound.Daemon/*.json "$out/"
  cp -f artifacts/publish/ClockBound.Ctl/*.dll artifacts/publish/ClockBound.Ctl/*.json "$out/"
fi
echo "build.sh: built $out/clockbound and $out/clockboundctl ($mode, $rid)"
