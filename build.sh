#!/usr/bin/env bash
# Builds everything and publishes the two executables with NativeAOT:
#   artifacts/bin/clockbound     the daemon
#   artifacts/bin/clockboundctl  the CLI
# Usage: ./build.sh [--jit | --pack]
#   --jit   framework-dependent single builds, faster to produce
#   --pack  instead of the executables: build, then pack every packable project (.nupkg and
#           .snupkg) into artifacts/nuget/, a local feed (dotnet add package --source artifacts/nuget)
set -euo pipefail
cd "$(dirname "$0")"

case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64|arm64) rid=linux-arm64 ;;
  *) echo "build.sh: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac

mode=aot
case "${1:-}" in
  "") ;;
  --jit) mode=jit ;;
  --pack) mode=pack ;;
  *) echo "build.sh: unknown option '$1' (use --jit or --pack)" >&2; exit 2 ;;
esac

if [ "$mode" = pack ]; then
  feed=artifacts/nuget
  # Start clean: a package left from an older version would still be offered by the feed.
  rm -rf "$feed"
  dotnet build ClockBound.slnx -c Release -nologo -v quiet
  # Packs the projects that set IsPackable (src/Directory.Build.props: only those under src/).
  # BuildProjectReferences=false: a target that resolves project references (the client packs its
  # private ones) must take them as built, not build them again.
  dotnet pack ClockBound.slnx -c Release -nologo -v quiet --no-build -p:BuildProjectReferences=false -o "$feed"
  echo "build.sh: packed $(cd "$feed" && ls *.nupkg | tr '\n' ' ')into $feed"
  exit 0
fi

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
