// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// One socket lifecycle through portres::compat, as Win32 code writes it. In
// its own file: the compat headers and the kernel's <sys/socket.h> declare
// the same names and cannot share a translation unit.

#ifndef PORTRES_BENCH_COMPAT_LIFECYCLE_H_
#define PORTRES_BENCH_COMPAT_LIFECYCLE_H_

namespace portres::bench {

// WSAStartup on a fresh simulated host.
void StartCompat();
// socket(UDP), WSAIoctl acquire (wildcard, 8 ports), WSAIoctl associate,
// bind(port 0), closesocket; returns the bound port.
unsigned CompatLifecycle();

}  // namespace portres::bench

#endif  // PORTRES_BENCH_COMPAT_LIFECYCLE_H_
