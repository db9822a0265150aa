#!/bin/sh
# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0
#
# `portres netsh ...` speaks netsh (SV10): its syntax, its texts, exit 0 on
# success and 1 on failure; U21 (one store with CreatePersistent*) and U22
# (store=persistent by default).
#
# usage: netsh_cli_test.sh PORTRES_CLI
set -eu
portres=$1
machine=$(mktemp -d /tmp/portres-netsh-XXXXXX)
export PORTRES_SIM_HOST="$machine"
trap '"$portres" host stop >/dev/null 2>&1 || true
      PORTRES_SIM_HOST="$machine" "$portres" host stop >/dev/null 2>&1 || true
      rm -rf "$machine"' EXIT
fail() { echo "FAILED: $*"; exit 1; }
# expect EXIT_CODE TEXT COMMAND...: runs `portres COMMAND...`, checks both.
expect() {
  want_code=$1; want_text=$2; shift 2
  set +e
  out=$("$portres" "$@" 2>&1)
  code=$?
  set -e
  [ "$code" = "$want_code" ] || fail "portres $*: exit $code, not $want_code: $out"
  case "$out" in
    *"$want_text"*) ;;
    *) fail "portres $*: printed [$out], not [$want_text]" ;;
  esac
}
# Elevated here: root, or this user's group.
"$portres" host start --elevated-group "$(id -g)" >/dev/null

expect 0 "Ok." netsh int ipv4 add excludedportrange protocol=tcp \
  startport=5000 numberofports=10
expect 1 "The process cannot access the file because it is being used by another process." \
  netsh int ipv4 add excludedportrange protocol=tcp startport=5009 numberofports=2
expect 0 "      5000        5009     *" netsh interface IPV6 show \
  excludedportrange PROTOCOL=TCP
expect 1 "The syntax supplied for this command is not valid." \
  netsh int ipv4 add excludedportrange protocol=tcp startport=5000
expect 1 "The syntax supplied for this command is not valid." \
  netsh int ipv4 show excludedportrange protocol=sctp
expect 1 "Element not found." netsh int ipv4 delete excludedportrange \
  protocol=udp startport=5000 numberofports=10
expect 1 "The parameter is incorrect." netsh int ipv4 set dynamicport tcp \
  start=10000 num=254
expect 0 "Ok." netsh int ipv4 set dynamicport tcp start=10000 num=1000
expect 0 "Number of Ports : 1000" netsh int ipv4 show dynamicport tcp
expect 0 "Ok." netsh int ipv4 add excludedportrange protocol=udp \
  startport=7000 numberofports=5 store=active

# netsh's tags are optional: bare values take the tags in their documented
# order; an unknown store is bad syntax for show too.
expect 0 "Ok." netsh int ipv4 add excludedportrange udp 5100 10
expect 0 "      5100        5109     *" netsh int ipv4 show excludedportrange udp
expect 0 "      5100        5109     *" netsh int ipv4 show excludedportrange \
  udp store=active
expect 1 "The syntax supplied for this command is not valid." \
  netsh int ipv4 show excludedportrange protocol=udp store=bogus
expect 1 "The syntax supplied for this command is not valid." \
  netsh int ipv4 show excludedportrange udp persistent extra
expect 0 "Ok." netsh int ipv4 delete excludedportrange udp startport=5100 10
expect 0 "Ok." netsh int ipv4 set dynamicport udp 20000 2000 store=active
expect 0 "Start Port      : 20000" netsh int ipv4 show dynamicport \
  protocol=udp persistent

# U22: no store= means persistent; a restart (the machine's reboot) keeps
# it and forgets the store=active one.
"$portres" host stop >/dev/null
"$portres" host start --elevated-group "$(id -g)" >/dev/null
expect 0 "      5000        5009     *" netsh int ipv4 show excludedportrange protocol=tcp
out=$("$portres" netsh int ipv4 show excludedportrange protocol=udp)
case "$out" in *7000*) fail "store=active survived a restart" ;; esac
expect 0 "Start Port      : 10000" netsh int ipv4 show dynamicport tcp
expect 0 "Ok." netsh int ipv4 delete excludedportrange protocol=tcp \
  startport=5000 numberofports=10

# Not elevated: netsh's elevation message (as nobody, when root).
if [ "$(id -u)" = 0 ]; then
  "$portres" host stop >/dev/null
  # A machine in a directory `host start` creates and shares with nogroup
  # (--allow-group opens no directory it did not create).
  chmod 0711 "$machine"
  export PORTRES_SIM_HOST="$machine/shared"
  "$portres" host start --allow-group nogroup >/dev/null
  set +e
  out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$portres" \
    netsh int ipv4 add excludedportrange protocol=tcp startport=5000 \
    numberofports=1 2>&1)
  code=$?
  set -e
  [ "$code" = 1 ] || fail "unelevated add exited $code: $out"
  case "$out" in
    *"The requested operation requires elevation (Run as administrator)."*) ;;
    *) fail "unelevated add printed [$out]" ;;
  esac
fi
echo "netsh: passed"
