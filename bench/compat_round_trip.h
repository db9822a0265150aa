// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// A loopback round trip through portres::compat's data path, as Win32 code
// writes it. In its own file: the compat headers and the kernel's
// <sys/socket.h> declare the same names and cannot share a translation unit.

#ifndef PORTRES_BENCH_COMPAT_ROUND_TRIP_H_
#define PORTRES_BENCH_COMPAT_ROUND_TRIP_H_

namespace portres::bench {

// On a fresh simulated host: a TCP connection over 127.0.0.1, both ends
// held for CompatRoundTrip.
void ConnectCompat();
// One byte from the client to the server and back (send, recv, send,
// recv); returns the byte.
char CompatRoundTrip();

}  // namespace portres::bench

#endif  // PORTRES_BENCH_COMPAT_ROUND_TRIP_H_
