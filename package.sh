#!/usr/bin/env bash
# Makes the distribution packages from the NativeAOT binaries, with the distributions' own tools:
#   artifacts/packages/clockbound_VERSION-REL_ARCH.deb     dpkg-deb (Debian, Ubuntu)
#   artifacts/packages/clockbound-VERSION-REL.ARCH.rpm     rpmbuild (RHEL, Fedora, Amazon Linux)
# VERSION is the project's <Version> in Directory.Build.props; REL is the packaging revision below.
# What goes where: deploy/debian, deploy/rpm, deploy/systemd, deploy/chrony, docs/man (see
# docs/operations.md, "Packages").
#
# Usage: ./package.sh [--no-build] [--bin-dir DIR] [--out-dir DIR]
#   --no-build   take the binaries as they are (default: run ./build.sh, the NativeAOT build, first)
#   --bin-dir    where clockbound and clockboundctl are (default artifacts/bin)
#   --out-dir    where the packages go (default artifacts/packages)
set -euo pipefail
cd "$(dirname "$0")"
repo=$PWD

# The packaging revision: raise it for a new package of the same upstream version.
release=1

build=1
bin_dir=artifacts/bin
out_dir=artifacts/packages
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --bin-dir) bin_dir=${2:?--bin-dir needs a directory}; shift ;;
    --out-dir) out_dir=${2:?--out-dir needs a directory}; shift ;;
    *) echo "package.sh: unknown argument '$1' (usage: ./package.sh [--no-build] [--bin-dir DIR] [--out-dir DIR])" >&2; exit 2 ;;
  esac
  shift
done

for tool in dpkg-deb dpkg-shlibdeps fakeroot rpmbuild gzip readelf; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "package.sh: $tool is missing: run scripts/install-deps.sh" >&2; exit 1; }
done

[ "$build" = 1 ] && ./build.sh
bin_dir=$(cd "$bin_dir" && pwd)
for exe in clockbound clockboundctl; do
  [ -x "$bin_dir/$exe" ] || { echo "package.sh: $bin_dir/$exe is missing: run ./build.sh" >&2; exit 1; }
done
# A --jit build is an apphost that needs the .NET runtime and the assemblies beside it.
if compgen -G "$bin_dir/*.dll" >/dev/null; then
  echo "package.sh: $bin_dir holds a framework-dependent (--jit) build; the packages need the NativeAOT binaries: run ./build.sh" >&2
  exit 1
fi

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)
[ -n "$version" ] || { echo "package.sh: no <Version> in Directory.Build.props" >&2; exit 1; }
case "$(readelf -h "$bin_dir/clockbound" | sed -n 's/^ *Machine: *//p')" in
  *X86-64*) deb_arch=amd64 rpm_arch=x86_64 ;;
  *AArch64*) deb_arch=arm64 rpm_arch=aarch64 ;;
  *) echo "package.sh: $bin_dir/clockbound is for an architecture the packages do not know" >&2; exit 1 ;;
esac
# A placeholder address until the project has a list: set CLOCKBOUND_MAINTAINER to yours.
maintainer=${CLOCKBOUND_MAINTAINER:-"ClockBound for .NET contributors <clockbound-dotnet@example.org>"}
# Timestamps from the last commit, so two runs on one commit make the same files.
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || date +%s)
export SOURCE_DATE_EPOCH
date_rfc2822=$(LC_ALL=C date -u -d "@$SOURCE_DATE_EPOCH" -R)
date_man=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)

mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/clockbound-package.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Files both families ship. $1: the stage root; $2: the unit to install as clockbound.service;
# $3: where units go.
stage_common() {
  local root=$1 unit=$2 unitdir=$3
  install -d -m 0755 "$root/usr/bin" "$root$unitdir" "$root/usr/share/man/man1" "$root/usr/share/man/man8" \
    "$root/usr/share/doc/clockbound"
  install -m 0755 "$bin_dir/clockbound" "$bin_dir/clockboundctl" "$root/usr/bin/"
  install -m 0644 "deploy/systemd/$unit" "$root$unitdir/clockbound.service"
  local page
  for page in clockbound.8:man8 clockboundctl.1:man1; do
    sed -e "s/@VERSION@/$version/g" -e "s/@DATE@/$date_man/g" "docs/man/${page%%:*}" \
      | gzip -9n > "$root/usr/share/man/${page#*:}/${page%%:*}.gz"
    chmod 0644 "$root/usr/share/man/${page#*:}/${page%%:*}.gz"
  done
  # The unit's Documentation= points at operations.md; it links to the other two.
  install -m 0644 docs/operations.md docs/daemon.md docs/clockboundctl.md "$root/usr/share/doc/clockbound/"
}

# ---------------------------------------------------------------- .deb
deb_version="$version-$release"
deb_root="$work/deb"
stage_common "$deb_root" clockbound.service /lib/systemd/system
install -d -m 0755 "$deb_root/etc/default" "$deb_root/etc/chrony/conf.d" "$deb_root/DEBIAN"
install -m 0644 deploy/debian/clockbound.default "$deb_root/etc/default/clockbound"
install -m 0644 deploy/chrony/clockbound.conf "$deb_root/etc/chrony/conf.d/clockbound.conf"
install -m 0644 deploy/debian/copyright "$deb_root/usr/share/doc/clockbound/copyright"
{
  printf 'clockbound (%s) unstable; urgency=medium\n\n' "$deb_version"
  printf '  * Package of ClockBound for .NET %s, made by package.sh from the\n    NativeAOT binaries.\n\n' "$version"
  printf ' -- %s  %s\n' "$maintainer" "$date_rfc2822"
} | gzip -9n > "$deb_root/usr/share/doc/clockbound/changelog.Debian.gz"
chmod 0644 "$deb_root/usr/share/doc/clockbound/changelog.Debian.gz"
for script in postinst prerm postrm; do
  install -m 0755 "deploy/debian/$script" "$deb_root/DEBIAN/$script"
done
(cd "$deb_root" && find etc -type f | sort | sed 's:^:/:') > "$deb_root/DEBIAN/conffiles"
chmod 0644 "$deb_root/DEBIAN/conffiles"
# The shared libraries the binaries link (libc6...), as dpkg-shlibdeps finds them on this host.
mkdir -p "$work/shlibs/debian"
printf 'Source: clockbound\n\nPackage: clockbound\nArchitecture: any\n' > "$work/shlibs/debian/control"
depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O "$deb_root/usr/bin/clockbound" "$deb_root/usr/bin/clockboundctl" \
  | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "package.sh: dpkg-shlibdeps found no library dependencies" >&2; exit 1; }
installed_size=$(du -sk --exclude=DEBIAN "$deb_root" | cut -f1)
sed -e "s/@VERSION@/$deb_version/" -e "s/@ARCH@/$deb_arch/" -e "s/@MAINTAINER@/$maintainer/" \
  -e "s/@INSTALLED_SIZE@/$installed_size/" -e "s/@DEPENDS@/$depends/" deploy/debian/control \
  > "$deb_root/DEBIAN/control"
(cd "$deb_root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
  > "$deb_root/DEBIAN/md5sums"
chmod 0644 "$deb_root/DEBIAN/control" "$deb_root/DEBIAN/md5sums"
find "$deb_root" -newermt "@$SOURCE_DATE_EPOCH" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
deb="$out_dir/clockbound_${deb_version}_${deb_arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$deb_root" "$deb" >/dev/null
echo "package.sh: $deb"

# ---------------------------------------------------------------- .rpm
rpm_root="$work/rpm-stage"
stage_common "$rpm_root" clockbound-rhel.service /usr/lib/systemd/system
install -d -m 0755 "$rpm_root/etc/sysconfig" "$rpm_root/usr/lib/systemd/system-preset" \
  "$rpm_root/usr/share/clockbound" "$rpm_root/usr/share/licenses/clockbound"
install -m 0644 deploy/rpm/clockbound.sysconfig "$rpm_root/etc/sysconfig/clockbound"
install -m 0644 deploy/rpm/50-clockbound.preset "$rpm_root/usr/lib/systemd/system-preset/50-clockbound.preset"
# RHEL's chrony.conf reads no drop-in directory: the line ships for an `include` (see %post).
install -m 0644 deploy/chrony/clockbound.conf "$rpm_root/usr/share/clockbound/chrony-clockbound.conf"
install -m 0644 deploy/debian/copyright "$rpm_root/usr/share/licenses/clockbound/copyright"
mkdir -p "$work/rpmbuild"
rpmbuild --quiet -bb deploy/rpm/clockbound.spec \
  --target "$rpm_arch" \
  --define "_topdir $work/rpmbuild" \
  --define "_clockbound_stage $rpm_root" \
  --define "_clockbound_version $version" \
  --define "_clockbound_release $release" \
  --define "_clockbound_packager $maintainer" \
  --define "_buildhost clockbound-package" \
  --define "use_source_date_epoch_as_buildtime 1" \
  --define "clamp_mtime_to_source_date_epoch 1" >/dev/null
rpm="$out_dir/clockbound-$version-$release.$rpm_arch.rpm"
cp -f "$work/rpmbuild/RPMS/$rpm_arch/clockbound-$version-$release.$rpm_arch.rpm" "$rpm"
echo "package.sh: $rpm"
