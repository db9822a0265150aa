#!/bin/sh
# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0
#
# The README's story "One machine, several processes", run exactly: real,
# unchanged Win32 programs sharing one simulated machine through the compat
# layer (SV12), each OS process one simulated process (SV1, SV2, SV3, SV7,
# SV10, AS3, O4, M10).
#
# usage: two_process_story.sh PORTRES_CLI EXAMPLES_DIR
# Needs root: the unelevated step runs as nobody (exit 77, skipped, else).
set -eu
portres=$1
bin=$2
if [ "$(id -u)" != 0 ]; then
  echo "skipped: the story's unelevated process needs root to become nobody"
  exit 77
fi
# A directory `host start` creates: --allow-group shares only such a one.
machine=$(mktemp -d -u /tmp/portres-story-XXXXXX)
export PORTRES_SIM_HOST="$machine"
cleanup() {
  [ -n "${holder:-}" ] && kill -9 "$holder" 2>/dev/null || true
  "$portres" host stop >/dev/null 2>&1 || true
  rm -rf "$machine"
}
trap cleanup EXIT
fail() { echo "FAILED: $*"; exit 1; }

# The machine; `nogroup` may connect (not elevated) so that nobody can.
"$portres" host start --allow-group nogroup

# 1. An elevated installer reserves 5000-5009 persistently and exits.
"$bin/shared_installer" | tee "$machine/installer.out"
grep -q "reserved 5000-5009" "$machine/installer.out" || fail "installer"

# 2. A service started later finds the block and binds through it.
"$bin/shared_service" | tee "$machine/service.out"
grep -q "bound port 500[0-9]" "$machine/service.out" || fail "elevated service"
token=$(sed -n 's/.*found 5000-5009, token //p' "$machine/service.out")
grep -q "token $token" "$machine/installer.out" || fail "token differs"

# 3. The same service unelevated: the lookup works, associating a
#    persistent token needs elevation (AS3: WSAEACCES).
if setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$bin/shared_service" > "$machine/unelevated.out"; then
  fail "an unelevated process associated a persistent token"
fi
cat "$machine/unelevated.out"
grep -q "SIO_ASSOCIATE_PORT_RESERVATION failed: 10013" \
  "$machine/unelevated.out" || fail "unelevated service"

# 4. A third process holds 6000-6009; a fourth is refused port 6005 (O4:
#    WSAEADDRINUSE) until the third is killed with kill -9.
"$bin/shared_holder" > "$machine/holder.out" &
holder=$!
until grep -q holding "$machine/holder.out" 2>/dev/null; do sleep 0.05; done
cat "$machine/holder.out"
if "$bin/shared_contender" > "$machine/contender.out"; then
  fail "port 6005 was granted while another process held it"
fi
cat "$machine/contender.out"
grep -q "refused: 10048" "$machine/contender.out" || fail "contender code"
"$portres" owners | grep "6000-6009" || fail "owners does not show the holder"
kill -9 "$holder"
wait "$holder" 2>/dev/null || true
holder=
# The service notices the death within a millisecond (SV3): allow 2 s.
tries=0
until "$bin/shared_contender"; do
  tries=$((tries + 1))
  [ "$tries" -lt 40 ] || fail "port 6005 still held after kill -9"
  sleep 0.05
done

# 5. netsh shows the persistent block with its '*'.
"$portres" netsh int ipv4 show excludedportrange protocol=tcp \
  | tee "$machine/netsh.out"
grep -q "^      5000        5009     \*$" "$machine/netsh.out" || fail "netsh"

# 6. A reboot keeps the block under a new token (M10).
"$portres" host reboot
"$bin/shared_service" | tee "$machine/rebooted.out"
new_token=$(sed -n 's/.*found 5000-5009, token //p' "$machine/rebooted.out")
[ -n "$new_token" ] && [ "$new_token" != "$token" ] || fail "token after reboot"
echo "story: passed"
