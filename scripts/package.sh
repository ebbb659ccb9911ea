#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian package: build-deb/digitpad_<version>_amd64.deb with the
# app, digitpad-cli, the shipped model, the desktop entry, icons, AppStream
# metadata and man pages; its dependencies are worked out from the binaries
# by dpkg-shlibdeps. Then: apt install ./build-deb/digitpad_*_amd64.deb
#
# A build of its own, not the Quick start's build/: installed under /usr,
# without -march=native (the package must run on any amd64 machine), without
# the tests, with Debian's hardening flags (dpkg-buildflags).
#   DEBFULLNAME, DEBEMAIL   the package's Maintainer, as dch takes them (also
#                           NAME, EMAIL, or DEBEMAIL="Name <address>"); without
#                           them it says "DigitPad local build"
#   DIGITPAD_PACKAGE_BUILD  the build folder (default: build-deb)
#   DIGITPAD_JOBS           parallel compile jobs (default: every core)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
PACKAGE_BUILD="${DIGITPAD_PACKAGE_BUILD:-$DIGITPAD_ROOT/build-deb}"

ensure_packages "${DIGITPAD_PACKAGES[@]}" "${DIGITPAD_PACKAGING_PACKAGES[@]}"

say "Configuring the package build in $PACKAGE_BUILD"
cd "$DIGITPAD_ROOT"
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cxxflags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)"
ldflags="$(dpkg-buildflags --get LDFLAGS)"
cmake -S "$DIGITPAD_ROOT" -B "$PACKAGE_BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DDIGITPAD_NATIVE=OFF -DDIGITPAD_BUILD_TESTS=OFF -DDIGITPAD_BUILD_BENCHMARKS=OFF -DDIGITPAD_PACKAGING=ON -UDIGITPAD_MAINTAINER \
  -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" >/dev/null

say "Building (Release, portable) in $PACKAGE_BUILD"
cmake --build "$PACKAGE_BUILD" -j"${DIGITPAD_JOBS:-$(nproc)}"

say "Packing with cpack -G DEB"
rm -f "$PACKAGE_BUILD"/digitpad_*.deb
(cd "$PACKAGE_BUILD" && cpack -G DEB >/dev/null)
deb="$(ls "$PACKAGE_BUILD"/digitpad_*_amd64.deb)"
say "Package: $deb"
dpkg-deb --field "$deb" Package Version Architecture Maintainer Installed-Size Depends
