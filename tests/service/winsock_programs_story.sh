#!/bin/sh
# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0
#
# The Winsock example programs (examples/winsock), unchanged, as separate
# real processes of one shared machine (DP35-DP38): a server and its client
# talk, a UDP pair answers, the select and WSAPoll servers serve two client
# programs at once, and each prints what it prints within one process.
#
# usage: winsock_programs_story.sh PORTRES_CLI PROGRAMS_DIR
set -eu
portres=$1
bin=$2
work=$(mktemp -d /tmp/portres-programs-XXXXXX)
export PORTRES_SIM_HOST="$work/machine"
cleanup() {
  for pid in ${started:-}; do kill -9 "$pid" 2>/dev/null || true; done
  "$portres" host stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*"; exit 1; }

# run NAME ARGS...: a program in the background, its output in $work/NAME.out
run() {
  name=$1
  shift
  timeout 30 "$bin/$name" "$@" > "$work/$name.out" &
  started="${started:-} $!"
  last=$!
}
# until PROTOCOL PORT: the port map announces a receiver on 127.0.0.1 or
# the wildcard (its file names: protocol.family.port.address.pid.serial).
until_announced() {
  i=0
  while ! ls "$PORTRES_SIM_HOST/traffic" 2>/dev/null |
      grep -Eq "^$1\.4\.$2\.(7f000001|00000000)\."; do
    i=$((i + 1))
    [ "$i" -lt 1000 ] || fail "nobody announced $1 port $2"
    sleep 0.01
  done
}
# expect FILE LINES: the file holds these lines, in any order.
expect() {
  printf '%s\n' "$2" | sort > "$work/expected"
  sort "$1" > "$work/actual"
  diff -u "$work/expected" "$work/actual" || fail "$1"
}

"$portres" host start >/dev/null

echo "== a TCP server and its client"
run tcp_server 27015
server=$last
until_announced tcp 27015
timeout 30 "$bin/tcp_client" localhost 27015 > "$work/tcp_client.out"
wait "$server" || fail "tcp_server's exit"
expect "$work/tcp_server.out" "Bytes received: 14
Bytes sent: 14
Connection closing..."
expect "$work/tcp_client.out" "Bytes Sent: 14
Bytes received: 14
Connection closed"

echo "== a UDP receiver and its sender"
run udp_receiver 27016
receiver=$last
until_announced udp 27016
timeout 30 "$bin/udp_sender" 27016 > "$work/udp_sender.out"
wait "$receiver" || fail "udp_receiver's exit"
expect "$work/udp_receiver.out" 'Received "hello" (5 bytes) from 127.0.0.1'
expect "$work/udp_sender.out" "Sent 5 bytes
Answer: ack"

for server_name in select_server poll_echo_server; do
  echo "== $server_name with two client programs at once"
  port=27017
  run "$server_name" "$port" 2
  server=$last
  until_announced tcp "$port"
  timeout 30 "$bin/tcp_client" localhost "$port" > "$work/client1.out" &
  client1=$!
  timeout 30 "$bin/tcp_client" localhost "$port" > "$work/client2.out"
  wait "$client1" || fail "the first client's exit"
  wait "$server" || fail "$server_name's exit"
  expect "$work/$server_name.out" "Client 1 connected
Client 2 connected
Echoed 14 bytes
Echoed 14 bytes
Client closed (0)
Client closed (0)"
  cat "$work/client1.out" "$work/client2.out" > "$work/clients.out"
  expect "$work/clients.out" "Bytes Sent: 14
Bytes received: 14
Connection closed
Bytes Sent: 14
Bytes received: 14
Connection closed"
done
echo "every program printed what it prints in one process"
