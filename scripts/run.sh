#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Quick start, command 1: installs what is missing, builds, and launches DigitPad.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
setup_everything
say "Launching DigitPad"
exec "$DIGITPAD_BUILD/app/gui/digitpad" "$@"
