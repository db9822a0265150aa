#!/usr/bin/env bash
# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0
# Prints the SDK probe's table against the Windows SDK as mingw-w64 ships it:
# compiles sdk_probe.cc with x86_64-w64-mingw32-g++-posix and runs it under
# Wine. With --check, compares the result with the committed sdk_table.txt
# instead (.ci/windows does), so the table stays the SDK's.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
x86_64-w64-mingw32-g++-posix -std=c++20 -static -o "$work/sdk_probe.exe" \
  "$here/sdk_probe.cc" -lws2_32 -liphlpapi
WINEDEBUG=-all WINEPREFIX=${WINEPREFIX:-$work/prefix} \
  /usr/lib/wine/wine64 "$work/sdk_probe.exe" | tr -d '\r' > "$work/table.txt"
if [ "${1:-}" = --check ]; then
  diff -u "$here/sdk_table.txt" "$work/table.txt"
  echo "sdk_table.txt matches the mingw-w64 SDK headers ($(wc -l < "$work/table.txt") names)"
else
  cat "$work/table.txt"
fi
