#!/bin/sh
# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0
#
# `portres host` against careless and hostile situations (SV16, SV17): a
# service whose socket file was removed still owns its machine (a second
# start starts nothing, and says why, at once); --allow-group opens no
# directory it did not create; the last fatal stop's reason is shown; the
# user who runs a machine may stop it (as nobody, when root).
#
# usage: host_cli_test.sh PORTRES_CLI
set -eu
portres=$1
work=$(mktemp -d /tmp/portres-hostcli-XXXXXX)
machine="$work/machine"
export PORTRES_SIM_HOST="$machine"
cleanup() {
  "$portres" host stop >/dev/null 2>&1 || true
  [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*"; exit 1; }

# 1. The socket file goes; the service lives on. A start must not start a
#    second service on the same store, nor wait for ever.
"$portres" host start >/dev/null
pid=$(head -n 1 "$machine/host.pid")
rm "$machine/host.sock"
set +e
out=$(timeout 20 "$portres" host start 2>&1)
code=$?
set -e
[ "$code" = 1 ] || fail "start beside a live service exited $code: $out"
case "$out" in
  *"service (pid $pid) still runs but does not answer"*) ;;
  *) fail "start said [$out]" ;;
esac
set +e
out=$("$portres" host status 2>&1)
code=$?
set -e
[ "$code" = 1 ] || fail "status exited $code: $out"
case "$out" in *"runs (pid $pid) but does not answer"*) ;; *) fail "status said [$out]" ;; esac
kill "$pid"
while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
pid=

# 2. The reason a service stopped on a fatal error is shown by the next
#    status and start.
printf '4242\nstopped: cannot save the store: No space left on device\n' \
  > "$machine/host.pid"
set +e
out=$("$portres" host status 2>&1)
set -e
case "$out" in
  *"last stop: cannot save the store: No space left on device"*) ;;
  *) fail "status said [$out]" ;;
esac
out=$("$portres" host start 2>&1)
case "$out" in
  *"last service (pid 4242) stopped: cannot save the store"*) ;;
  *) fail "start said [$out]" ;;
esac
"$portres" host stop >/dev/null

# 3. --allow-group shares only a directory `host start` creates.
mkdir -m 0700 "$work/existing"
before=$(stat -c '%a %g' "$work/existing")
set +e
out=$("$portres" --host "$work/existing" host start --allow-group "$(id -g)" 2>&1)
code=$?
set -e
[ "$code" = 1 ] || fail "--allow-group on an existing directory exited $code"
case "$out" in *"shares only a directory portres creates"*) ;; *) fail "said [$out]" ;; esac
[ "$(stat -c '%a %g' "$work/existing")" = "$before" ] || fail "the directory changed"

# 4. The user who runs a machine stops it, elevated or not.
if [ "$(id -u)" = 0 ]; then
  as_owner="setpriv --reuid=65534 --regid=65534 --clear-groups"
  chmod 0733 "$work"
else
  as_owner=""
fi
owned="$work/owned"
$as_owner "$portres" --host "$owned" host start >/dev/null
out=$($as_owner "$portres" --host "$owned" host stop 2>&1) || fail "stop: $out"
case "$out" in *"stopped"*) ;; *) fail "stop said [$out]" ;; esac
set +e
$as_owner "$portres" --host "$owned" host status >/dev/null 2>&1
code=$?
set -e
[ "$code" = 3 ] || fail "the machine still runs after its owner stopped it"
echo "host: passed"
